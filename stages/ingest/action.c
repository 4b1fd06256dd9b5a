/*
 * action.c - a row of an actions export to an action object (see action.h).
 */
#include "action.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "text.h"
#include "xalloc.h"

static const char *const labels[AR_R_COUNT] = {
	"NUL byte", "too many cells", "no Id_Action", "unknown status", "bad date",
	"no collectivité", "bad collectivité code", "unknown collectivité",
	"bad service", "duplicate Id_Action", "no id", "duplicate id",
	"link to unknown action", "link to unknown service or lieu", "lieu without code"
};

const char *
ar_reason_label(enum ar_reason r)
{
	return r < AR_R_COUNT ? labels[r] : "?";
}

int
ar_action_map_header(ar_action_map *m, const ar_headers *h, const char *const *cells,
                     const size_t *lens, size_t n, char *why, size_t whylen)
{
	size_t i;
	int f;

	for (f = 0; f < AR_F_COUNT; f++)
		m->col[f] = -1;
	m->ncols = n;
	m->names = xcalloc(n ? n : 1, sizeof *m->names);
	for (i = 0; i < n; i++) {
		enum ar_field g = ar_headers_field(h, cells[i], lens[i]);

		m->names[i] = xstrndup(cells[i], lens[i]);
		if (g == AR_F_ID_SERVICE)
			g = AR_F_SERVICES;      /* a flat export's services by their ids */
		if (g == AR_F_NONE || g == AR_F_ID_LIEU)
			continue;
		if (m->linked && (g == AR_F_COLLECTIVITES || g == AR_F_SERVICES)) {
			snprintf(why, whylen, "%s: column %zu names the field %s, which a "
			         "folder of sheets takes from its link sheets (remove the "
			         "column)", m->names[i], i + 1, ar_field_key(g));
			return -1;
		}
		if (m->col[g] >= 0) {
			snprintf(why, whylen, "%s: columns %ld and %zu both name the field %s "
			         "(rename or remove one of them)", m->names[i], m->col[g] + 1,
			         i + 1, ar_field_key(g));
			return -1;
		}
		m->col[g] = (long)i;
	}
	for (f = 0; f < AR_F_COUNT; f++)
		if (m->col[f] < 0 && ar_field_required((enum ar_field)f) &&
		    !(m->linked && (f == AR_F_COLLECTIVITES || f == AR_F_SERVICES))) {
			snprintf(why, whylen, "no column for the field %s (see the header "
			         "aliases in schemas/headers.json)", ar_field_key((enum ar_field)f));
			return -1;
		}
	return 0;
}

void
ar_action_map_free(ar_action_map *m)
{
	if (m->names != NULL)
		for (size_t i = 0; i < m->ncols; i++)
			free(m->names[i]);
	free(m->names);
	m->names = NULL;
	m->ncols = 0;
}

int
ar_row_is_empty(const size_t *lens, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (lens[i] > 0)
			return 0;
	return 1;
}

static json_t *
verdict(ar_verdict *v, enum ar_reason r, long col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static json_t *
verdict(ar_verdict *v, enum ar_reason r, long col, const char *fmt, ...)
{
	va_list ap;

	v->reason = r;
	v->col = col;
	va_start(ap, fmt);
	vsnprintf(v->motif, sizeof v->motif, fmt, ap);
	va_end(ap);
	return NULL;
}

/* A cell's text in NFC with CRLF and CR as LF; the caller frees it. */
static char *
text_of(const char *s, size_t len)
{
	char *t = xmalloc(len + 1), *nfc;
	size_t i, k = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '\r') {
			t[k++] = '\n';
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
		} else
			t[k++] = s[i];
	}
	t[k] = '\0';
	nfc = ar_utf8_nfc(t, k);
	free(t);
	return nfc != NULL ? nfc : xstrdup("");
}

/* A cell's text, NFC, without surrounding white space; the caller frees it. */
static char *
trimmed_of(const char *s, size_t len)
{
	while (len > 0 && strchr(" \t\r\n", *s) != NULL) {
		s++;
		len--;
	}
	while (len > 0 && strchr(" \t\r\n", s[len - 1]) != NULL)
		len--;
	return text_of(s, len);
}

/* Quotes at most 60 bytes of s for a message, never cutting a character. */
static const char *
shown(const char *s, char buf[80])
{
	size_t n = strlen(s);

	if (n <= 60)
		return s;
	n = 60;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	snprintf(buf, 80, "%.*s...", (int)n, s);
	return buf;
}

struct list_ctx {
	json_t *arr;                     /* the items kept */
	const ar_collectivites *dir;     /* directory, or NULL */
	int codes;                       /* 1: collectivité codes, 0: services */
	char bad[128];                   /* the item at fault */
	enum ar_reason reason;           /* why it is at fault */
	char why[256];                   /* explanation of an unknown code */
};

static int
add_unique(json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		if (strcmp(json_string_value(v), s) == 0)
			return 0;
	json_array_append_new(arr, json_string(s));
	return 0;
}

static int
list_item(const char *s, size_t len, void *arg)
{
	struct list_ctx *x = arg;
	char code[16];

	snprintf(x->bad, sizeof x->bad, "%.*s", (int)(len < 100 ? len : 100), s);
	if (!x->codes) {
		for (size_t i = 0; i < len; i++) {
			unsigned char ch = (unsigned char)s[i];

			if (!((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
			      (ch >= 'a' && ch <= 'z') || ch == '_' || ch == '.' || ch == '-')) {
				x->reason = AR_R_SERVICE;
				return 1;
			}
		}
		return add_unique(x->arr, x->bad);
	}
	if (ar_code_normalise(s, len, code) != 0) {
		x->reason = AR_R_BAD_CODE;
		return 1;
	}
	if (x->dir != NULL && ar_collectivites_by_code(x->dir, code) == NULL) {
		ar_resolution r;

		ar_collectivites_resolve(x->dir, code, NULL, &r);
		if (r.status == AR_RESOLVE_UNKNOWN)
			x->why[0] = '\0';
		else
			ar_resolution_explain(&r, x->why, sizeof x->why);
		x->reason = AR_R_UNKNOWN_CODE;
		snprintf(x->bad, sizeof x->bad, "%s", code);
		return 1;
	}
	return add_unique(x->arr, code);
}

json_t *
ar_action_build(const ar_action_map *m, const char *const *cells, const size_t *lens,
                size_t n, const ar_collectivites *dir, ar_verdict *v)
{
	return ar_action_build_linked(m, cells, lens, n, NULL, dir, v);
}

/*
 * ar_action_build_linked when obj is not NULL (the object in *obj); when it
 * is, ar_action_check_linked (the Id_Action in *id_out, the date in
 * iso_out).  Returns 0, or -1 with *v filled.
 */
static int
build(const ar_action_map *m, const char *const *cells, const size_t *lens, size_t n,
      const ar_links *lk, const ar_collectivites *dir, ar_verdict *v, json_t **obj,
      char **id_out, char iso_out[11])
{
	static const char *const empty = "";
	const char *cell[AR_F_COUNT];
	size_t len[AR_F_COUNT], i;
	char *id = NULL, *titre = NULL, *sous = NULL, *synth = NULL, *st = NULL, *dt = NULL;
	char iso[11], buf[80];
	const char *statut, *why;
	struct list_ctx lc;
	json_t *a = NULL, *colls = NULL, *servs = NULL;
	int f, rc = -1;

	for (i = 0; i < n; i++)
		if (memchr(cells[i], '\0', lens[i]) != NULL) {
			verdict(v, AR_R_NUL, (long)i, "NUL byte in the cell (a damaged file?)");
			return -1;
		}
	for (i = m->ncols; i < n; i++)
		if (lens[i] > 0) {
			verdict(v, AR_R_CELLS, (long)i, "too many cells: a value in column "
			        "%zu, the header has %zu columns", i + 1, m->ncols);
			return -1;
		}
	for (f = 0; f < AR_F_COUNT; f++) {
		long c = m->col[f];

		cell[f] = c >= 0 && (size_t)c < n ? cells[c] : empty;
		len[f] = c >= 0 && (size_t)c < n ? lens[c] : 0;
	}
	if (lk != NULL) {
		cell[AR_F_COLLECTIVITES] = lk->colls;
		len[AR_F_COLLECTIVITES] = lk->colls_len;
		cell[AR_F_SERVICES] = lk->servs;
		len[AR_F_SERVICES] = lk->servs_len;
	}
	id = trimmed_of(cell[AR_F_ID_ACTION], len[AR_F_ID_ACTION]);
	if (*id == '\0') {
		verdict(v, AR_R_ID, m->col[AR_F_ID_ACTION], "empty Id_Action");
		goto out;
	}
	st = trimmed_of(cell[AR_F_STATUT], len[AR_F_STATUT]);
	if ((statut = ar_statut_parse(st)) == NULL) {
		verdict(v, AR_R_STATUT, m->col[AR_F_STATUT], "unknown status \"%s\" "
		        "(expected Prévue, En cours or Réalisée)", shown(st, buf));
		goto out;
	}
	dt = trimmed_of(cell[AR_F_DATE], len[AR_F_DATE]);
	if (ar_date_parse(dt, iso, &why) != 0) {
		verdict(v, AR_R_DATE, m->col[AR_F_DATE], "date \"%s\" %s", shown(dt, buf), why);
		goto out;
	}
	memset(&lc, 0, sizeof lc);
	lc.arr = colls = json_array();
	lc.dir = dir;
	lc.codes = 1;
	if (ar_split_list(cell[AR_F_COLLECTIVITES], len[AR_F_COLLECTIVITES], list_item, &lc) != 0) {
		if (lc.reason == AR_R_UNKNOWN_CODE)
			verdict(v, lc.reason, m->col[AR_F_COLLECTIVITES], "unknown collectivité "
			        "code \"%s\"%s%s", lc.bad, lc.why[0] ? ": " : "", lc.why);
		else
			verdict(v, lc.reason, m->col[AR_F_COLLECTIVITES], "\"%s\" is not an "
			        "INSEE code or a SIREN", lc.bad);
		goto out;
	}
	if (json_array_size(colls) == 0 && lk != NULL) {
		verdict(v, AR_R_NO_COLL, -1, "no collectivité: no row of Liaison Lieux "
		        "or Liaison Collectivités links this action to a Lieu with a code "
		        "or a collectivité");
		goto out;
	}
	if (json_array_size(colls) == 0) {
		verdict(v, AR_R_NO_COLL, m->col[AR_F_COLLECTIVITES], "empty collectivité "
		        "(merged cells in the spreadsheet?): the action would count for no one");
		goto out;
	}
	memset(&lc, 0, sizeof lc);
	lc.arr = servs = json_array();
	if (ar_split_list(cell[AR_F_SERVICES], len[AR_F_SERVICES], list_item, &lc) != 0) {
		verdict(v, lc.reason, m->col[AR_F_SERVICES], "\"%s\" is not a service id",
		        lc.bad);
		goto out;
	}
	rc = 0;
	if (obj == NULL) {
		*id_out = id;
		id = NULL;
		memcpy(iso_out, iso, sizeof iso);
		goto out;
	}
	titre = text_of(cell[AR_F_TITRE], len[AR_F_TITRE]);
	sous = text_of(cell[AR_F_SOUS_TITRE], len[AR_F_SOUS_TITRE]);
	synth = text_of(cell[AR_F_SYNTHESE], len[AR_F_SYNTHESE]);
	a = json_object();
	json_object_set_new(a, "id_action", json_string(id));
	json_object_set_new(a, "titre", json_string(titre));
	json_object_set_new(a, "sous_titre", json_string(sous));
	json_object_set_new(a, "synthese", json_string(synth));
	json_object_set_new(a, "statut", json_string(statut));
	json_object_set_new(a, "date", json_string(iso));
	json_object_set_new(a, "collectivites", colls);
	json_object_set_new(a, "services", servs);
	colls = servs = NULL;
out:
	json_decref(colls);
	json_decref(servs);
	free(id);
	free(st);
	free(dt);
	free(titre);
	free(sous);
	free(synth);
	if (obj != NULL)
		*obj = a;
	return rc;
}

json_t *
ar_action_build_linked(const ar_action_map *m, const char *const *cells, const size_t *lens,
                       size_t n, const ar_links *lk, const ar_collectivites *dir,
                       ar_verdict *v)
{
	json_t *a = NULL;

	build(m, cells, lens, n, lk, dir, v, &a, NULL, NULL);
	return a;
}

int
ar_action_check_linked(const ar_action_map *m, const char *const *cells, const size_t *lens,
                       size_t n, const ar_links *lk, const ar_collectivites *dir,
                       char **id, char iso[11], ar_verdict *v)
{
	return build(m, cells, lens, n, lk, dir, v, NULL, id, iso);
}
