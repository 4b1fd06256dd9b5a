/*
 * sheets.c - a folder of sheet CSVs joined into actions (see sheets.h).
 *
 * Tables (GLib hash tables, keys and values owned by the tables):
 *   actions   Id_Action -> struct link (the codes and services joined so far)
 *   services  Id_Service -> nothing (a set)
 *   lieux     Id_Lieu -> struct lieu (its code, or none when the Lieu was rejected)
 */
#include "sheets.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "arobase.h"
#include "text.h"
#include "xalloc.h"

enum sheet {
	SH_ACTIONS, SH_SERVICES, SH_LIEUX, SH_LSERVICES, SH_LLIEUX, SH_LCOLL,
	SH_PERSONNES, SH_LPERSONNES, SH_COUNT
};

/* The sheets, in reading order: file stem, required, key and reference fields. */
static const struct {
	const char *stem;       /* file name without ".csv" */
	int required;           /* 1 when the folder must hold it */
	enum ar_field key;      /* the column every row needs (AR_F_NONE: counted only) */
	enum ar_field ref;      /* the column the row links to, or AR_F_NONE */
} sheet[SH_COUNT] = {
	{"Actions", 1, AR_F_ID_ACTION, AR_F_NONE},
	{"Services", 1, AR_F_ID_SERVICE, AR_F_NONE},
	{"Lieux", 1, AR_F_ID_LIEU, AR_F_COLLECTIVITES},
	{"Liaison Services", 1, AR_F_ID_ACTION, AR_F_ID_SERVICE},
	{"Liaison Lieux", 1, AR_F_ID_ACTION, AR_F_ID_LIEU},
	{"Liaison Collectivités", 0, AR_F_ID_ACTION, AR_F_COLLECTIVITES},
	{"Personnes", 0, AR_F_NONE, AR_F_NONE},
	{"Liaison Personnes", 0, AR_F_NONE, AR_F_NONE},
};

/* What the link sheets give one action. */
struct link {
	GString *colls;         /* codes, each followed by '\n' */
	GString *servs;         /* service ids, each followed by '\n' */
};

/* One row of the Lieux sheet. */
struct lieu {
	char *code;             /* normalised code, NULL when the row was rejected */
	unsigned long line;     /* its line in the Lieux sheet */
};

struct ar_sheets {
	char *path[SH_COUNT];   /* folder/file of each sheet found, else NULL */
	char *name[SH_COUNT];   /* its base name */
	unsigned long nread[SH_COUNT], nrej[SH_COUNT]; /* records and rejects per sheet */
	ar_csv_options opt;     /* CSV options (borrowed strings) */
	const ar_headers *h;    /* header aliases */
	const ar_collectivites *coll; /* directory, or NULL */
	ar_sheets_reject_fn reject; /* where rejected rows go */
	void *arg;              /* its argument */
	GHashTable *actions, *services, *lieux; /* see the top of the file */

	ar_csv *c;              /* the Actions sheet, streamed */
	long idcol;             /* its Id_Action column */
	ar_links cur;           /* links of the current row */

	int status;             /* exit status of an error, 0 when none */
	const char *err_path;   /* file of the error */
	unsigned long err_line; /* line of the error */
	char err[512];          /* message of the error */
};

static void
seterr(ar_sheets *s, int status, const char *path, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void
seterr(ar_sheets *s, int status, const char *path, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	s->status = status;
	s->err_path = path;
	s->err_line = line;
}

static void
link_free(void *p)
{
	struct link *k = p;

	if (k == NULL)
		return;
	g_string_free(k->colls, TRUE);
	g_string_free(k->servs, TRUE);
	g_free(k);
}

static void
lieu_free(void *p)
{
	struct lieu *l = p;

	free(l->code);
	g_free(l);
}

/* A cell's text trimmed of white space, in NFC; "" when it holds a NUL byte.  Free with free(). */
static char *
key_of(const char *s, size_t len)
{
	char *k;

	while (len > 0 && strchr(" \t\r\n", *s) != NULL && *s != '\0')
		s++, len--;
	while (len > 0 && strchr(" \t\r\n", s[len - 1]) != NULL && s[len - 1] != '\0')
		len--;
	if (memchr(s, '\0', len) != NULL || (k = ar_utf8_nfc(s, len)) == NULL)
		return xstrdup("");
	return k;
}

/* Finds the sheets in dir by their folded file stems.  Returns 0, or -1 with the error set. */
static int
find_sheets(ar_sheets *s, const char *dir)
{
	char *want[SH_COUNT];
	struct dirent *e;
	DIR *d = opendir(dir);
	int i, rc = 0;

	if (d == NULL) {
		seterr(s, AR_EXIT_NOINPUT, dir, 0, "%s", strerror(errno));
		return -1;
	}
	for (i = 0; i < SH_COUNT; i++)
		want[i] = ar_text_fold(sheet[i].stem);
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		char *stem, *k;

		if (n <= 4 || strcasecmp(e->d_name + n - 4, ".csv") != 0)
			continue;
		stem = xstrndup(e->d_name, n - 4);
		k = ar_text_fold(stem);
		free(stem);
		for (i = 0; k != NULL && i < SH_COUNT; i++) {
			if (strcmp(k, want[i]) != 0)
				continue;
			if (s->name[i] != NULL) {
				/* the sorted pair, so that the message does not depend on readdir */
				int a = strcmp(s->name[i], e->d_name) < 0;

				seterr(s, AR_EXIT_DATAERR, dir, 0, "\"%s\" and \"%s\" are both the "
				       "sheet %s (keep one of them)", a ? s->name[i] : e->d_name,
				       a ? e->d_name : s->name[i], sheet[i].stem);
				rc = -1;
				break;
			}
			s->name[i] = xstrdup(e->d_name);
			s->path[i] = xasprintf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
			                       e->d_name);
		}
		free(k);
		if (rc != 0)
			break;
	}
	closedir(d);
	for (i = 0; i < SH_COUNT; i++) {
		if (rc == 0 && s->path[i] == NULL && sheet[i].required) {
			seterr(s, AR_EXIT_DATAERR, dir, 0, "no sheet %s: the folder must hold "
			       "%s.csv (the sheets of the platform's export saved as CSV)",
			       sheet[i].stem, sheet[i].stem);
			rc = -1;
		}
		free(want[i]);
	}
	return rc;
}

/* Hands a rejected row of sheet sh to the caller. */
static void
reject(ar_sheets *s, int sh, unsigned long line, const ar_action_map *hdr,
       const char *const *cells, const size_t *lens, size_t n, enum ar_reason r,
       long col, const char *fmt, ...)
	__attribute__((format(printf, 10, 11)));

static void
reject(ar_sheets *s, int sh, unsigned long line, const ar_action_map *hdr,
       const char *const *cells, const size_t *lens, size_t n, enum ar_reason r,
       long col, const char *fmt, ...)
{
	ar_verdict v;
	va_list ap;

	v.reason = r;
	v.col = col;
	va_start(ap, fmt);
	vsnprintf(v.motif, sizeof v.motif, fmt, ap);
	va_end(ap);
	s->nrej[sh]++;
	s->reject(s->arg, s->path[sh], s->name[sh], line, hdr, cells, lens, n, &v);
}

/* Checks a code (a Lieu's or a Liaison Collectivités row's); returns its reason, or AR_R_COUNT when good. */
static enum ar_reason
check_code(const ar_sheets *s, const char *k, char code[16])
{
	if (ar_code_normalise(k, strlen(k), code) != 0)
		return AR_R_BAD_CODE;
	if (s->coll != NULL && ar_collectivites_by_code(s->coll, code) == NULL)
		return AR_R_UNKNOWN_CODE;
	return AR_R_COUNT;
}

/* Takes in one record of sheet sh (key and ref: its trimmed cells). */
static void
take(ar_sheets *s, int sh, unsigned long line, const ar_action_map *hdr,
     const char *const *cells, const size_t *lens, size_t n, const long *col,
     const char *key, const char *ref)
{
	const char *kname = hdr->names[col[0]], *rname = col[1] >= 0 ? hdr->names[col[1]] : "";
	struct link *lk = NULL;
	struct lieu *l;
	enum ar_reason why;
	char code[16];

#define REJECT(r, c, ...) reject(s, sh, line, hdr, cells, lens, n, r, c, __VA_ARGS__)
	if (sh == SH_ACTIONS) {
		if (*key != '\0' && !g_hash_table_contains(s->actions, key))
			g_hash_table_insert(s->actions, xstrdup(key), NULL);
		return;
	}
	if (*key == '\0') {
		REJECT(AR_R_NO_KEY, col[0], "empty %s", kname);
		return;
	}
	switch (sh) {
	case SH_SERVICES:
		if (g_hash_table_contains(s->services, key))
			REJECT(AR_R_DUP_KEY, col[0], "duplicate %s \"%s\"", kname, key);
		else if (key[strspn(key, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		                        "abcdefghijklmnopqrstuvwxyz_.-")] != '\0')
			REJECT(AR_R_SERVICE, col[0], "\"%s\" is not a service id", key);
		else
			g_hash_table_add(s->services, xstrdup(key));
		return;
	case SH_LIEUX:
		if ((l = g_hash_table_lookup(s->lieux, key)) != NULL) {
			REJECT(AR_R_DUP_KEY, col[0], "duplicate %s \"%s\" (first on line %lu)",
			       kname, key, l->line);
			return;
		}
		l = g_new0(struct lieu, 1);
		l->line = line;
		g_hash_table_insert(s->lieux, xstrdup(key), l);
		if (*ref == '\0')
			REJECT(AR_R_LIEU_CODE, col[1], "Lieu \"%s\" without a code: the "
			       "actions at this Lieu cannot name a collectivité", key);
		else if ((why = check_code(s, ref, code)) == AR_R_BAD_CODE)
			REJECT(why, col[1], "\"%s\" is not an INSEE code or a SIREN", ref);
		else if (why == AR_R_UNKNOWN_CODE)
			REJECT(why, col[1], "unknown collectivité code \"%s\"", code);
		else
			l->code = xstrdup(code);
		return;
	default:
		break;
	}
	/* a link row */
	if (!g_hash_table_lookup_extended(s->actions, key, NULL, (void **)&lk)) {
		REJECT(AR_R_UNKNOWN_ACTION, col[0], "unknown action \"%s\": %s has no such "
		       "Id_Action", key, s->name[SH_ACTIONS]);
		return;
	}
	if (*ref == '\0') {
		REJECT(AR_R_NO_KEY, col[1], "empty %s", rname);
		return;
	}
	switch (sh) {
	case SH_LSERVICES:
		if (!g_hash_table_contains(s->services, ref)) {
			REJECT(AR_R_UNKNOWN_REF, col[1], "unknown service \"%s\": %s has no "
			       "such Id_Service", ref, s->name[SH_SERVICES]);
			return;
		}
		break;
	case SH_LLIEUX:
		if ((l = g_hash_table_lookup(s->lieux, ref)) == NULL) {
			REJECT(AR_R_UNKNOWN_REF, col[1], "unknown Lieu \"%s\": %s has no such "
			       "Id_Lieu", ref, s->name[SH_LIEUX]);
			return;
		}
		if (l->code == NULL) {
			REJECT(AR_R_LIEU_CODE, col[1], "Lieu \"%s\" has no usable code (%s "
			       "line %lu)", ref, s->name[SH_LIEUX], l->line);
			return;
		}
		snprintf(code, sizeof code, "%s", l->code);
		break;
	default:
		if ((why = check_code(s, ref, code)) == AR_R_BAD_CODE) {
			REJECT(why, col[1], "\"%s\" is not an INSEE code or a SIREN", ref);
			return;
		}
		if (why == AR_R_UNKNOWN_CODE) {
			REJECT(why, col[1], "unknown collectivité code \"%s\"", code);
			return;
		}
		break;
	}
#undef REJECT
	if (lk == NULL) {
		lk = g_new0(struct link, 1);
		lk->colls = g_string_new(NULL);
		lk->servs = g_string_new(NULL);
		g_hash_table_insert(s->actions, xstrdup(key), lk);
	}
	g_string_append(sh == SH_LSERVICES ? lk->servs : lk->colls,
	                sh == SH_LSERVICES ? ref : code);
	g_string_append_c(sh == SH_LSERVICES ? lk->servs : lk->colls, '\n');
}

/* Maps the header of sheet sh (not Actions) to col[0] (key) and col[1] (ref); -1 on an error. */
static int
map_header(ar_sheets *s, int sh, const ar_action_map *hdr, long col[2], unsigned long line)
{
	enum ar_field want[2] = {sheet[sh].key, sheet[sh].ref};

	col[0] = col[1] = -1;
	for (size_t i = 0; i < hdr->ncols; i++) {
		enum ar_field g = ar_headers_field(s->h, hdr->names[i], strlen(hdr->names[i]));

		for (int j = 0; j < 2; j++) {
			if (g != want[j] || g == AR_F_NONE)
				continue;
			if (col[j] >= 0) {
				seterr(s, AR_EXIT_DATAERR, s->path[sh], line, "%s: columns %ld "
				       "and %zu both name the field %s (rename or remove one of "
				       "them)", hdr->names[i], col[j] + 1, i + 1, ar_field_key(g));
				return -1;
			}
			col[j] = (long)i;
		}
	}
	for (int j = 0; j < 2; j++)
		if (want[j] != AR_F_NONE && col[j] < 0) {
			seterr(s, AR_EXIT_DATAERR, s->path[sh], line, "no column for the field "
			       "%s (see the header aliases in schemas/headers.json)",
			       ar_field_key(want[j]));
			return -1;
		}
	return 0;
}

/* Reports a file error of the CSV reader c on sheet sh; returns -1. */
static int
csv_error(ar_sheets *s, int sh, ar_csv *c, int rc, const char *why)
{
	if (rc == 0)
		seterr(s, AR_EXIT_DATAERR, s->path[sh], 1, "no header line: the file is empty");
	else
		seterr(s, errno == EIO ? AR_EXIT_IOERR : AR_EXIT_DATAERR, s->path[sh],
		       ar_csv_line(c), "%s", why);
	return -1;
}

/* Reads sheet sh whole.  Returns 0, or -1 with the error set. */
static int
read_sheet(ar_sheets *s, int sh)
{
	ar_action_map hdr = {0};
	ar_csv *c;
	const char **cells = NULL;
	size_t *lens = NULL, cap = 0, n, i;
	long col[2] = {-1, -1};
	int rc, st = 0;
	char why[512];

	if (s->path[sh] == NULL)
		return 0;
	if ((c = ar_csv_open(s->path[sh], &s->opt, why, sizeof why)) == NULL) {
		seterr(s, AR_EXIT_NOINPUT, s->path[sh], 0, "%s", why);
		return -1;
	}
	if ((rc = ar_csv_next(c, why, sizeof why)) <= 0) {
		st = csv_error(s, sh, c, rc, why);
		goto out;
	}
	for (;;) {
		n = ar_csv_ncells(c);
		if (n > cap) {
			cap = n * 2;
			cells = xreallocarray(cells, cap, sizeof *cells);
			lens = xreallocarray(lens, cap, sizeof *lens);
		}
		for (i = 0; i < n; i++)
			cells[i] = ar_csv_cell(c, i, &lens[i]);
		if (hdr.names == NULL && sh == SH_ACTIONS) {
			hdr.linked = 1;
			if (ar_action_map_header(&hdr, s->h, cells, lens, n, why, sizeof why) != 0) {
				seterr(s, AR_EXIT_DATAERR, s->path[sh], ar_csv_line(c), "%s", why);
				st = -1;
				goto out;
			}
			col[0] = s->idcol = hdr.col[AR_F_ID_ACTION];
		} else if (hdr.names == NULL) {
			hdr.ncols = n;
			hdr.names = xcalloc(n ? n : 1, sizeof *hdr.names);
			for (i = 0; i < n; i++)
				hdr.names[i] = xstrndup(cells[i], lens[i]);
			if (sheet[sh].key != AR_F_NONE &&
			    map_header(s, sh, &hdr, col, ar_csv_line(c)) != 0) {
				st = -1;
				goto out;
			}
		} else if (!ar_row_is_empty(lens, n)) {
			s->nread[sh]++;
			if (sheet[sh].key != AR_F_NONE) {   /* Personnes: counted, never read */
				char *k = key_of(col[0] < (long)n ? cells[col[0]] : "",
				                 col[0] < (long)n ? lens[col[0]] : 0);
				char *r = key_of(col[1] >= 0 && col[1] < (long)n ? cells[col[1]] : "",
				                 col[1] >= 0 && col[1] < (long)n ? lens[col[1]] : 0);

				take(s, sh, ar_csv_line(c), &hdr, cells, lens, n, col, k, r);
				free(k);
				free(r);
			}
		}
		if ((rc = ar_csv_next(c, why, sizeof why)) <= 0)
			break;
	}
	if (rc < 0)
		st = csv_error(s, sh, c, rc, why);
out:
	ar_action_map_free(&hdr);
	free(cells);
	free(lens);
	ar_csv_close(c);
	return st;
}

ar_sheets *
ar_sheets_open(const char *dir, const ar_csv_options *opt, const ar_headers *h,
               const ar_collectivites *coll, ar_sheets_reject_fn reject, void *arg)
{
	ar_sheets *s = xcalloc(1, sizeof *s);
	char why[512];

	s->idcol = -1;
	s->opt = *opt;
	s->h = h;
	s->coll = coll;
	s->reject = reject;
	s->arg = arg;
	s->actions = g_hash_table_new_full(g_str_hash, g_str_equal, free, link_free);
	s->services = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	s->lieux = g_hash_table_new_full(g_str_hash, g_str_equal, free, lieu_free);
	if (find_sheets(s, dir) != 0)
		return s;
	for (int sh = 0; sh < SH_COUNT; sh++)
		if (read_sheet(s, sh) != 0)
			return s;
	s->c = ar_csv_open(s->path[SH_ACTIONS], &s->opt, why, sizeof why);
	if (s->c == NULL)
		seterr(s, AR_EXIT_NOINPUT, s->path[SH_ACTIONS], 0, "%s", why);
	return s;
}

int
ar_sheets_failed(const ar_sheets *s, const char **path, unsigned long *line,
                 const char **why)
{
	*path = s->err_path;
	*line = s->err_line;
	*why = s->err;
	return s->status;
}

ar_csv *
ar_sheets_take_actions(ar_sheets *s)
{
	ar_csv *c = s->c;

	s->c = NULL;
	return c;
}

char *
ar_sheets_actions_path(const char *dir)
{
	ar_sheets *s = xcalloc(1, sizeof *s);
	char *p;

	find_sheets(s, dir);
	p = s->path[SH_ACTIONS] != NULL ? xstrdup(s->path[SH_ACTIONS])
	    : xasprintf("%s%sActions.csv", dir, dir[strlen(dir) - 1] == '/' ? "" : "/");
	for (int sh = 0; sh < SH_COUNT; sh++) {
		free(s->path[sh]);
		free(s->name[sh]);
	}
	free(s);
	return p;
}

const ar_links *
ar_sheets_links_for(ar_sheets *s, const char *const *cells, const size_t *lens, size_t n)
{
	static const ar_links none = {"", 0, "", 0};
	struct link *lk = NULL;
	char *k;

	s->cur = none;
	if (s->idcol < 0 || (size_t)s->idcol >= n)
		return &s->cur;
	k = key_of(cells[s->idcol], lens[s->idcol]);
	if (s->actions != NULL)
		lk = g_hash_table_lookup(s->actions, k);
	free(k);
	if (lk != NULL) {
		s->cur.colls = lk->colls->str;
		s->cur.colls_len = lk->colls->len;
		s->cur.servs = lk->servs->str;
		s->cur.servs_len = lk->servs->len;
	}
	return &s->cur;
}

void
ar_sheets_counts(const ar_sheets *s, unsigned long *nread, unsigned long *nrejected,
                 char *buf, size_t len)
{
	size_t k = 0;

	*nread = *nrejected = 0;
	buf[0] = '\0';
	for (int sh = 0; sh < SH_COUNT; sh++) {
		if (s->path[sh] == NULL || k >= len)
			continue;
		if (sh != SH_ACTIONS) {
			*nread += s->nread[sh];
			*nrejected += s->nrej[sh];
		}
		k += (size_t)snprintf(buf + k, len - k, "%s%s %lu", k ? ", " : "",
		                      sheet[sh].stem, s->nread[sh]);
		if (s->nrej[sh] > 0 && k < len)
			k += (size_t)snprintf(buf + k, len - k, " (%lu rejected)", s->nrej[sh]);
	}
}

void
ar_sheets_close(ar_sheets *s)
{
	if (s == NULL)
		return;
	for (int sh = 0; sh < SH_COUNT; sh++) {
		free(s->path[sh]);
		free(s->name[sh]);
	}
	if (s->actions != NULL) {
		g_hash_table_destroy(s->actions);
		g_hash_table_destroy(s->services);
		g_hash_table_destroy(s->lieux);
	}
	ar_csv_close(s->c);
	free(s);
}
