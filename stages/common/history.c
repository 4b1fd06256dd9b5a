/*
 * history.c - past palmarès: reading the history folder, resolving its
 * names to codes and merging its records (see history.h).
 */
#include "history.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "csvfile.h"
#include "numparse.h"
#include "text.h"
#include "xalloc.h"

/* One file named by sources.json. */
struct source {
	char *fichier;  /* file name */
	int millesime;  /* the millésime it is complete (or partial) for */
	int complet;    /* 1 complete, 0 partial */
};

/* One line of aliases.csv. */
struct alias {
	char *cle;          /* folded name */
	char *departement;  /* département as written, "" for any */
	char *code;         /* code, or "etranger" */
	unsigned long ligne;/* its line */
};

struct ar_history {
	char **files;                 /* history CSVs read, sorted */
	size_t nfiles;
	struct source *sources;       /* sources.json entries */
	size_t nsources;
	int premier_millesime;        /* sources.json "premier_millesime", or 0 */
	int *complete;                /* complete millésimes (sorted, unique) */
	size_t ncomplete;
	struct alias *aliases;        /* aliases.csv */
	size_t naliases;
	ar_history_record *recs;      /* every record, in file then line order */
	size_t nrecs, caprecs;
	char **strings;               /* strings owned for the records and diagnostics */
	size_t nstrings, capstrings;
	ar_history_diag *diags;       /* problems found */
	size_t ndiags, capdiags;
};

/* Keeps s (malloc'ed) until ar_history_free and returns it. */
static char *
keep(ar_history *h, char *s)
{
	if (h->nstrings == h->capstrings) {
		h->capstrings = h->capstrings ? 2 * h->capstrings : 64;
		h->strings = xreallocarray(h->strings, h->capstrings, sizeof *h->strings);
	}
	h->strings[h->nstrings++] = s;
	return s;
}

static void diag(ar_history *h, int error, int unresolved, const char *fichier,
                 unsigned long ligne, const char *champ, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* Records one diagnostic (the strings are copied). */
static void
diag(ar_history *h, int error, int unresolved, const char *fichier,
     unsigned long ligne, const char *champ, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	ar_history_diag *d;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = xstrdup("(message too long)");
	va_end(ap);
	if (h->ndiags == h->capdiags) {
		h->capdiags = h->capdiags ? 2 * h->capdiags : 16;
		h->diags = xreallocarray(h->diags, h->capdiags, sizeof *h->diags);
	}
	d = &h->diags[h->ndiags++];
	d->fichier = keep(h, xstrdup(fichier ? fichier : ""));
	d->ligne = ligne;
	d->champ = champ ? keep(h, xstrdup(champ)) : NULL;
	d->message = keep(h, msg);
	d->error = error;
	d->unresolved = unresolved;
}

/* Compares two strings for qsort. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Returns 1 when name ends in ".csv" (any case). */
static int
is_csv(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcasecmp(name + n - 4, ".csv") == 0;
}

/* A département as written, comparable: spaces trimmed, leading zeros of
 * a number dropped, letters upper case ("01" and "1", "2a" and "2A"). */
static void
dep_key(const char *s, char *out, size_t len)
{
	size_t n = 0;

	while (*s == ' ')
		s++;
	while (*s == '0' && s[1] >= '0' && s[1] <= '9')
		s++;
	for (; *s && *s != ' ' && n + 1 < len; s++)
		out[n++] = (*s >= 'a' && *s <= 'z') ? (char)(*s - 32) : *s;
	out[n] = '\0';
}

static int
same_dep(const char *a, const char *b)
{
	char ka[16], kb[16];

	dep_key(a, ka, sizeof ka);
	dep_key(b, kb, sizeof kb);
	return strcmp(ka, kb) == 0;
}

/* Edit distance (Levenshtein) of two byte strings, capped at cap + 1. */
static size_t
distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b), *row, best;

	if ((la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	row = xcalloc(lb + 1, sizeof *row);
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag_ = row[0], rowmin;
		row[0] = i;
		rowmin = row[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t v = diag_ + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < v)
				v = row[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag_ = up;
			if (v < rowmin)
				rowmin = v;
		}
		if (rowmin > cap) {
			free(row);
			return cap + 1;
		}
	}
	best = row[lb];
	free(row);
	return best > cap ? cap + 1 : best;
}

/* ------------------------------------------------------------ reading */

/* Reads sources.json if present. */
static void
load_sources(ar_history *h, const char *dir)
{
	char *path = xasprintf("%s/sources.json", dir);
	json_error_t jerr;
	json_t *root, *files, *v;
	const char *name;

	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		FILE *fp = fopen(path, "r");
		if (fp != NULL) {
			fclose(fp);
			diag(h, 1, 0, "sources.json", (unsigned long)jerr.line, NULL,
			     "invalid JSON: %s", jerr.text);
		} else if (errno != ENOENT) {
			diag(h, 1, 0, "sources.json", 0, NULL, "cannot read: %s",
			     strerror(errno));
		}
		free(path);
		return;
	}
	free(path);
	if (!json_is_object(root)) {
		diag(h, 1, 0, "sources.json", 0, NULL, "not a JSON object");
		json_decref(root);
		return;
	}
	v = json_object_get(root, "premier_millesime");
	if (v != NULL) {
		if (!json_is_integer(v) || json_integer_value(v) < 1990 ||
		    json_integer_value(v) > 2100)
			diag(h, 1, 0, "sources.json", 0, "premier_millesime",
			     "not a year from 1990 to 2100");
		else
			h->premier_millesime = (int)json_integer_value(v);
	}
	files = json_object_get(root, "fichiers");
	if (!json_is_object(files)) {
		diag(h, 1, 0, "sources.json", 0, "fichiers", "missing or not an object");
		json_decref(root);
		return;
	}
	h->sources = xcalloc(json_object_size(files) + 1, sizeof *h->sources);
	json_object_foreach(files, name, v) {
		json_t *m = json_object_get(v, "millesime"), *c = json_object_get(v, "complet");
		if (!json_is_object(v) || !json_is_integer(m) || !json_is_boolean(c) ||
		    json_integer_value(m) < 1990 || json_integer_value(m) > 2100) {
			diag(h, 1, 0, "sources.json", 0, name,
			     "needs \"millesime\" (a year from 1990 to 2100) and \"complet\" (true or false)");
			continue;
		}
		h->sources[h->nsources].fichier = xstrdup(name);
		h->sources[h->nsources].millesime = (int)json_integer_value(m);
		h->sources[h->nsources].complet = json_is_true(c);
		h->nsources++;
	}
	json_decref(root);
}

static const struct source *
source_of(const ar_history *h, const char *fichier)
{
	for (size_t i = 0; i < h->nsources; i++)
		if (strcmp(h->sources[i].fichier, fichier) == 0)
			return &h->sources[i];
	return NULL;
}

/* Finds the columns named in want (header cells compared trimmed, without
 * case); fills col[] with indexes or -1.  Returns 0, or -1 with a
 * diagnostic for a missing required or a duplicated column. */
static int
header(ar_history *h, ar_csv *c, const char *fichier, const char *const *want,
       size_t nwant, size_t nrequired, long *col)
{
	int bad = 0;

	for (size_t k = 0; k < nwant; k++)
		col[k] = -1;
	for (size_t i = 0; i < ar_csv_ncells(c); i++) {
		size_t len;
		const char *cell = ar_csv_cell(c, i, &len);
		while (len > 0 && (*cell == ' ' || *cell == '\t')) {
			cell++;
			len--;
		}
		while (len > 0 && (cell[len - 1] == ' ' || cell[len - 1] == '\t'))
			len--;
		for (size_t k = 0; k < nwant; k++) {
			if (strlen(want[k]) != len || strncasecmp(cell, want[k], len) != 0)
				continue;
			if (col[k] >= 0) {
				diag(h, 1, 0, fichier, ar_csv_line(c), want[k],
				     "duplicated column \"%s\"", want[k]);
				bad = 1;
			}
			col[k] = (long)i;
		}
	}
	for (size_t k = 0; k < nrequired; k++)
		if (col[k] < 0) {
			diag(h, 1, 0, fichier, ar_csv_line(c), want[k],
			     "missing column \"%s\"", want[k]);
			bad = 1;
		}
	return bad ? -1 : 0;
}

/* Cell of column k, trimmed copy kept by h; "" when the column is absent. */
static char *
cell_of(ar_history *h, ar_csv *c, long col)
{
	size_t len;
	const char *s;

	if (col < 0)
		return keep(h, xstrdup(""));
	s = ar_csv_cell(c, (size_t)col, &len);
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return keep(h, xstrndup(s, len));
}

enum { C_MILL, C_NOM, C_DEP, C_TYPE, C_AROB, C_MENTION, C_SOURCE, C_CODE, C_ALERTE, C_N };
static const char *const history_cols[C_N] = {
	"millesime", "nom", "departement", "type", "arobases", "mention", "source",
	"code", "alerte"
};

/* Reads one history CSV. */
static void
load_file(ar_history *h, const char *dir, const char *fichier)
{
	char why[256], *path = xasprintf("%s/%s", dir, fichier);
	ar_csv *c = ar_csv_open(path, NULL, why, sizeof why);
	long col[C_N];
	const struct source *src = source_of(h, fichier);
	const char *fname = keep(h, xstrdup(fichier));
	int rc;

	free(path);
	if (c == NULL) {
		diag(h, 1, 0, fichier, 0, NULL, "cannot open: %s", why);
		return;
	}
	rc = ar_csv_next(c, why, sizeof why);
	if (rc <= 0) {
		if (rc < 0)
			diag(h, 1, 0, fichier, ar_csv_line(c), NULL, "%s", why);
		else
			diag(h, 1, 0, fichier, 0, NULL, "empty file: no header");
		ar_csv_close(c);
		return;
	}
	if (header(h, c, fichier, history_cols, C_N, C_CODE, col) < 0) {
		ar_csv_close(c);
		return;
	}
	while ((rc = ar_csv_next(c, why, sizeof why)) > 0) {
		ar_history_record r;
		long long v;
		const char *err;
		char *s;

		memset(&r, 0, sizeof r);
		r.fichier = fname;
		r.ligne = ar_csv_line(c);
		for (size_t i = 0; i < ar_csv_ncells(c); i++) {
			size_t len;
			const char *cell = ar_csv_cell(c, i, &len);
			if (memchr(cell, '\0', len) != NULL) {
				diag(h, 1, 0, fichier, r.ligne, NULL, "NUL byte in cell %zu", i + 1);
				goto next;
			}
		}
		s = cell_of(h, c, col[C_MILL]);
		if (ar_strtonum(s, 1990, 2100, &v, &err) < 0) {
			diag(h, 1, 0, fichier, r.ligne, "millesime",
			     "\"%s\" is not a millésime from 1990 to 2100", s);
			continue;
		}
		r.millesime = (int)v;
		r.nom = cell_of(h, c, col[C_NOM]);
		if (*r.nom == '\0') {
			diag(h, 1, 0, fichier, r.ligne, "nom", "empty name");
			continue;
		}
		r.departement = cell_of(h, c, col[C_DEP]);
		r.type = cell_of(h, c, col[C_TYPE]);
		if (*r.type && strcmp(r.type, "ville") != 0 && strcmp(r.type, "village") != 0 &&
		    strcmp(r.type, "territoire") != 0)
			diag(h, 0, 0, fichier, r.ligne, "type",
			     "unknown type \"%s\" (ville, village or territoire): ignored", r.type);
		s = cell_of(h, c, col[C_AROB]);
		if (*s == '\0') {
			r.arobases = 0;
		} else {
			int a = ar_label_parse_arobases(s);
			if (a < 1 || a > 5) {
				diag(h, 1, 0, fichier, r.ligne, "arobases",
				     "\"%s\" is not a level from 1 to 5", s);
				continue;
			}
			r.arobases = a;
		}
		r.mention = cell_of(h, c, col[C_MENTION]);
		r.source = cell_of(h, c, col[C_SOURCE]);
		r.complet = src != NULL && src->complet && src->millesime == r.millesime;
		if (col[C_ALERTE] < 0) {
			r.alerte = AR_ALERTE_INCONNUE;
		} else {
			s = cell_of(h, c, col[C_ALERTE]);
			if (strcasecmp(s, "oui") == 0)
				r.alerte = AR_ALERTE_OUI;
			else if (strcasecmp(s, "non") == 0)
				r.alerte = AR_ALERTE_NON;
			else if (*s == '\0')
				/* An empty cell is "no alerte" in the association's
				 * complete records, unknown in a press list. */
				r.alerte = r.complet ? AR_ALERTE_NON : AR_ALERTE_INCONNUE;
			else {
				diag(h, 1, 0, fichier, r.ligne, "alerte",
				     "\"%s\" is not oui, non or empty", s);
				continue;
			}
		}
		s = cell_of(h, c, col[C_CODE]);
		if (*s) {
			r.code = s;
			r.resolu_par = "code";
		}
		if (h->nrecs == h->caprecs) {
			h->caprecs = h->caprecs ? 2 * h->caprecs : 64;
			h->recs = xreallocarray(h->recs, h->caprecs, sizeof *h->recs);
		}
		h->recs[h->nrecs++] = r;
	next:;
	}
	if (rc < 0)
		diag(h, 1, 0, fichier, ar_csv_line(c), NULL, "%s", why);
	ar_csv_close(c);
}

/* Reads aliases.csv if present. */
static void
load_aliases(ar_history *h, const char *dir)
{
	static const char *const cols[] = {"nom", "departement", "code"};
	char why[256], *path = xasprintf("%s/aliases.csv", dir);
	ar_csv *c = ar_csv_open(path, NULL, why, sizeof why);
	long col[3];
	int rc;

	free(path);
	if (c == NULL) {
		if (errno != ENOENT)
			diag(h, 1, 0, "aliases.csv", 0, NULL, "cannot open: %s", why);
		return;
	}
	rc = ar_csv_next(c, why, sizeof why);
	if (rc <= 0 || header(h, c, "aliases.csv", cols, 3, 3, col) < 0) {
		if (rc < 0)
			diag(h, 1, 0, "aliases.csv", ar_csv_line(c), NULL, "%s", why);
		ar_csv_close(c);
		return;
	}
	while ((rc = ar_csv_next(c, why, sizeof why)) > 0) {
		char *nom = cell_of(h, c, col[0]), *dep = cell_of(h, c, col[1]);
		char *code = cell_of(h, c, col[2]), *cle = ar_text_fold(nom);
		if (cle == NULL || *nom == '\0' || *code == '\0') {
			free(cle);
			diag(h, 1, 0, "aliases.csv", ar_csv_line(c), *code ? "nom" : "code",
			     "an alias needs a name and a code (or \"etranger\")");
			continue;
		}
		h->aliases = xreallocarray(h->aliases, h->naliases + 1, sizeof *h->aliases);
		h->aliases[h->naliases].cle = keep(h, cle);
		h->aliases[h->naliases].departement = dep;
		h->aliases[h->naliases].code = code;
		h->aliases[h->naliases].ligne = ar_csv_line(c);
		h->naliases++;
	}
	if (rc < 0)
		diag(h, 1, 0, "aliases.csv", ar_csv_line(c), NULL, "%s", why);
	ar_csv_close(c);
}

ar_history *
ar_history_load(const char *dir, char *why, size_t whylen)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	ar_history *h;
	size_t cap = 0;

	if (d == NULL) {
		int err = errno;
		snprintf(why, whylen, "%s: %s", dir, strerror(err));
		errno = err;
		return NULL;
	}
	h = xcalloc(1, sizeof *h);
	while ((e = readdir(d)) != NULL) {
		if (!is_csv(e->d_name) || strcmp(e->d_name, "aliases.csv") == 0)
			continue;
		if (h->nfiles == cap) {
			cap = cap ? 2 * cap : 16;
			h->files = xreallocarray(h->files, cap, sizeof *h->files);
		}
		h->files[h->nfiles++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (h->nfiles > 1)
		qsort(h->files, h->nfiles, sizeof *h->files, cmp_str);

	load_sources(h, dir);
	for (size_t i = 0; i < h->nsources; i++) {
		int found = 0;
		for (size_t j = 0; j < h->nfiles; j++)
			found |= strcmp(h->files[j], h->sources[i].fichier) == 0;
		if (!found) {
			diag(h, 0, 0, "sources.json", 0, h->sources[i].fichier,
			     "names a file the history folder does not hold");
			continue;
		}
		if (h->sources[i].complet) {
			h->complete = xreallocarray(h->complete, h->ncomplete + 1, sizeof *h->complete);
			h->complete[h->ncomplete++] = h->sources[i].millesime;
		}
	}
	if (h->ncomplete > 1) {
		size_t k = 1;
		qsort(h->complete, h->ncomplete, sizeof *h->complete, cmp_int);
		for (size_t i = 1; i < h->ncomplete; i++)
			if (h->complete[i] != h->complete[k - 1])
				h->complete[k++] = h->complete[i];
		h->ncomplete = k;
	}
	load_aliases(h, dir);
	for (size_t i = 0; i < h->nfiles; i++)
		load_file(h, dir, h->files[i]);
	return h;
}

void
ar_history_free(ar_history *h)
{
	if (h == NULL)
		return;
	for (size_t i = 0; i < h->nfiles; i++)
		free(h->files[i]);
	free(h->files);
	for (size_t i = 0; i < h->nsources; i++)
		free(h->sources[i].fichier);
	free(h->sources);
	free(h->complete);
	free(h->aliases);
	free(h->recs);
	for (size_t i = 0; i < h->nstrings; i++)
		free(h->strings[i]);
	free(h->strings);
	free(h->diags);
	free(h);
}

/* ------------------------------------------------------------ resolving */

/* The nearest candidatures and directory entry of an unresolved name. */
static char *
nearest(const char *cle, const char *dep, const ar_history_candidat *cands, size_t n,
        const ar_resolution *res)
{
	size_t cap = strlen(cle) / 4 < 3 ? strlen(cle) / 4 : 3, len = 0;
	char *out = xstrdup(""), buf[512];

	if (cap < 1)
		cap = 1;
	for (size_t i = 0; i < n; i++) {
		char *k = ar_text_fold(cands[i].nom);
		if (k != NULL && distance(cle, k, cap) <= cap && (*dep == '\0' ||
		    same_dep(dep, cands[i].departement))) {
			char *s = xasprintf("%s%s%s (%s)", out, len ? ", " : "", cands[i].nom,
			                    cands[i].code);
			free(out);
			out = s;
			len = strlen(out);
		}
		free(k);
	}
	if (res != NULL && (res->status == AR_RESOLVE_AMBIGUOUS ||
	                    (res->status == AR_RESOLVE_UNKNOWN && res->closest != NULL))) {
		char *s;
		if (res->status == AR_RESOLVE_UNKNOWN)
			ar_collectivite_label(res->closest, buf, sizeof buf);
		else
			ar_resolution_explain(res, buf, sizeof buf);
		/* A candidature already named is not named twice. */
		if (strstr(out, buf) == NULL) {
			s = xasprintf("%s%s%s", out, len ? ", " : "", buf);
			free(out);
			out = s;
		}
	}
	return out;
}

void
ar_history_resolve(ar_history *h, const ar_history_candidat *cands, size_t n,
                   const ar_collectivites *dir)
{
	char **ckeys = xcalloc(n + 1, sizeof *ckeys);

	for (size_t i = 0; i < n; i++)
		ckeys[i] = ar_text_fold(cands[i].nom);
	for (size_t i = 0; i < h->nrecs; i++) {
		ar_history_record *r = &h->recs[i];
		char *cle;
		const char *code = NULL;
		size_t found = 0;
		ar_resolution res;
		int have_res = 0;

		if (r->code != NULL)
			continue;
		cle = ar_text_fold(r->nom);
		if (cle == NULL) {
			diag(h, 1, 0, r->fichier, r->ligne, "nom", "invalid UTF-8");
			continue;
		}
		/* 1. the candidatures: one bearing the name (in the département). */
		for (size_t j = 0; j < n; j++)
			if (ckeys[j] != NULL && strcmp(ckeys[j], cle) == 0 &&
			    (*r->departement == '\0' || same_dep(r->departement, cands[j].departement))) {
				if (found++ == 0)
					code = cands[j].code;
			}
		if (found == 1) {
			r->code = keep(h, xstrdup(code));
			r->resolu_par = "candidatures";
			free(cle);
			continue;
		}
		/* 2. the aliases (an alias without département matches any). */
		for (size_t j = 0; j < h->naliases; j++) {
			const struct alias *a = &h->aliases[j];
			if (strcmp(a->cle, cle) != 0 ||
			    (*a->departement && !same_dep(a->departement, r->departement)))
				continue;
			r->resolu_par = "aliases";
			if (strcmp(a->code, "etranger") == 0)
				r->etranger = 1;
			else
				r->code = a->code;
			break;
		}
		if (r->resolu_par != NULL) {
			free(cle);
			continue;
		}
		/* 3. the directory. */
		if (dir != NULL) {
			ar_collectivites_resolve(dir, r->nom, r->departement, &res);
			have_res = 1;
			if (res.status == AR_RESOLVE_FOUND || res.status == AR_RESOLVE_MERGED ||
			    res.status == AR_RESOLVE_ARRONDISSEMENT) {
				r->code = keep(h, xstrdup(res.c->code));
				r->resolu_par = "collectivites";
				free(cle);
				continue;
			}
		}
		r->proches = keep(h, nearest(cle, r->departement, cands, n,
		                             have_res ? &res : NULL));
		if (found > 1)
			diag(h, 0, 1, r->fichier, r->ligne, "nom",
			     "\"%s\" unresolved: several candidatures bear this name, "
			     "give the département or an alias: %s", r->nom, r->proches);
		else if (*r->proches)
			diag(h, 0, 1, r->fichier, r->ligne, "nom",
			     "\"%s\"%s%s%s unresolved; nearest: %s (add a line to aliases.csv)",
			     r->nom, *r->departement ? " (" : "", r->departement,
			     *r->departement ? ")" : "", r->proches);
		else
			diag(h, 0, 1, r->fichier, r->ligne, "nom",
			     "\"%s\"%s%s%s unresolved%s (add a line to aliases.csv)", r->nom,
			     *r->departement ? " (" : "", r->departement,
			     *r->departement ? ")" : "",
			     dir == NULL ? " without the collectivités directory" : "");
		free(cle);
	}
	for (size_t i = 0; i < n; i++)
		free(ckeys[i]);
	free(ckeys);
}

/* Orders records by code, millésime, then file and line. */
static int
cmp_rec(const void *a, const void *b)
{
	const ar_history_record *x = a, *y = b;
	int c;

	if ((x->code == NULL) != (y->code == NULL))
		return x->code == NULL ? 1 : -1;
	if (x->code != NULL && (c = strcmp(x->code, y->code)) != 0)
		return c;
	if (x->millesime != y->millesime)
		return (x->millesime > y->millesime) - (x->millesime < y->millesime);
	if ((c = strcmp(x->fichier, y->fichier)) != 0)
		return c;
	return (x->ligne > y->ligne) - (x->ligne < y->ligne);
}

size_t
ar_history_merge(ar_history *h)
{
	size_t conflicts = 0;

	if (h->nrecs > 1)
		qsort(h->recs, h->nrecs, sizeof *h->recs, cmp_rec);
	for (size_t i = 1, g = 0; i < h->nrecs; i++) {
		ar_history_record *a, *b = &h->recs[i];
		if (b->code == NULL)
			continue;
		/* g: the first record of b's collectivité and millésime. */
		if (h->recs[g].code == NULL || strcmp(h->recs[g].code, b->code) != 0 ||
		    h->recs[g].millesime != b->millesime)
			g = i;
		/* Compare with every earlier record of the same pair, oldest
		 * (first file) first, so that the message names the other file. */
		for (size_t j = g; j < i; j++) {
			a = &h->recs[j];
			if (a->arobases && b->arobases && a->arobases != b->arobases) {
				diag(h, 1, 0, b->fichier, b->ligne, "arobases",
				     "%s (%s) has %d arobases in %d here but %d in %s:%lu",
				     b->nom, b->code, b->arobases, b->millesime, a->arobases,
				     a->fichier, a->ligne);
				conflicts++;
				break;
			}
			if (a->alerte != AR_ALERTE_INCONNUE && b->alerte != AR_ALERTE_INCONNUE &&
			    a->alerte != b->alerte) {
				diag(h, 1, 0, b->fichier, b->ligne, "alerte",
				     "%s (%s): alerte %s in %d here but %s in %s:%lu", b->nom,
				     b->code, b->alerte == AR_ALERTE_OUI ? "oui" : "non",
				     b->millesime, a->alerte == AR_ALERTE_OUI ? "oui" : "non",
				     a->fichier, a->ligne);
				conflicts++;
				break;
			}
		}
	}
	return conflicts;
}

size_t
ar_history_past(const ar_history *h, const char *code, ar_label_earlier **out)
{
	ar_label_earlier *v = NULL;
	size_t n = 0;

	for (size_t i = 0; i < h->nrecs; i++) {
		const ar_history_record *r = &h->recs[i];
		if (r->code == NULL || strcmp(r->code, code) != 0)
			continue;
		if (n > 0 && v[n - 1].millesime == r->millesime) {
			/* Merged: what one record knows completes the other. */
			if (v[n - 1].arobases == 0)
				v[n - 1].arobases = r->arobases;
			if (v[n - 1].alerte == AR_ALERTE_INCONNUE)
				v[n - 1].alerte = r->alerte;
			continue;
		}
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n].millesime = r->millesime;
		v[n].arobases = r->arobases;
		v[n].alerte = r->alerte;
		n++;
	}
	*out = v;
	return n;
}

void
ar_history_knowledge(const ar_history *h, ar_label_past *p)
{
	p->complete = h->complete;
	p->n_complete = h->ncomplete;
	p->premier_millesime = h->premier_millesime;
}

size_t
ar_history_count(const ar_history *h)
{
	return h->nrecs;
}

const ar_history_record *
ar_history_record_at(const ar_history *h, size_t i)
{
	return i < h->nrecs ? &h->recs[i] : NULL;
}

size_t
ar_history_ndiags(const ar_history *h)
{
	return h->ndiags;
}

const ar_history_diag *
ar_history_diag_at(const ar_history *h, size_t i)
{
	return i < h->ndiags ? &h->diags[i] : NULL;
}

int
ar_history_file_complete(const ar_history *h, const char *fichier)
{
	const struct source *s = source_of(h, fichier);
	return s != NULL && s->complet;
}

size_t
ar_history_nfiles(const ar_history *h)
{
	return h->nfiles;
}

const char *
ar_history_file_at(const ar_history *h, size_t i)
{
	return i < h->nfiles ? h->files[i] : NULL;
}
