/*
 * decide.c - reading the candidatures, the coverage summary and the jury's
 * rows, and checking the decisions under the label's rules (see decide.h).
 */
#include "decide.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvfile.h"
#include "text.h"
#include "xalloc.h"

void
dc_init(dc_run *run, const ar_rules *rules)
{
	memset(run, 0, sizeof *run);
	run->rules = rules;
}

static void
cand_free(dc_cand *c)
{
	free(c->code);
	free(c->nom);
	free(c->departement);
	free(c->type);
	free(c->date_validation);
	free(c->region);
	free(c->region_nom);
	free(c->refus_motif);
	free(c->refus_why);
	free(c->pays);
	free(c->past);
	json_decref(c->couverture);
	for (size_t i = 0; i < c->nmentions; i++)
		free(c->mentions[i]);
	free(c->mentions);
	free(c->derogation);
}

void
dc_free(dc_run *run)
{
	for (size_t i = 0; i < run->ncands; i++)
		cand_free(&run->cands[i]);
	free(run->cands);
	for (size_t i = 0; i < run->nmsgs; i++) {
		free(run->msgs[i].fichier);
		free(run->msgs[i].champ);
		free(run->msgs[i].texte);
		json_decref(run->msgs[i].reject);
	}
	free(run->msgs);
	memset(run, 0, sizeof *run);
}

const char *
dc_basename(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static dc_msg *msg(dc_run *run, int level, const char *fichier, unsigned long ligne,
                   const char *champ, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Records a message (strings copied) and returns it. */
static dc_msg *
msg(dc_run *run, int level, const char *fichier, unsigned long ligne,
    const char *champ, const char *fmt, ...)
{
	va_list ap;
	dc_msg *m;

	run->msgs = xreallocarray(run->msgs, run->nmsgs + 1, sizeof *run->msgs);
	m = &run->msgs[run->nmsgs++];
	memset(m, 0, sizeof *m);
	m->level = level;
	m->fichier = fichier ? xstrdup(fichier) : NULL;
	m->ligne = ligne;
	m->champ = champ ? xstrdup(champ) : NULL;
	va_start(ap, fmt);
	if (vasprintf(&m->texte, fmt, ap) < 0)
		m->texte = xstrdup("(message too long)");
	va_end(ap);
	if (level == DC_ERROR)
		run->errors++;
	return m;
}

static int
cmp_cand(const void *a, const void *b)
{
	return strcmp(((const dc_cand *)a)->code, ((const dc_cand *)b)->code);
}

dc_cand *
dc_find(const dc_run *run, const char *code)
{
	dc_cand key;

	if (run->ncands == 0)
		return NULL;
	key.code = (char *)code;
	return bsearch(&key, run->cands, run->ncands, sizeof *run->cands, cmp_cand);
}

/* A trimmed copy of cell i (spaces and tabs around dropped). */
static char *
trimmed(const ar_csv *c, long i)
{
	size_t len;
	const char *s;

	if (i < 0)
		return xstrdup("");
	s = ar_csv_cell(c, (size_t)i, &len);
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return xstrndup(s, len);
}

/* Maps the header to the wanted columns; see history.c.  Returns -1 with a
 * DC_ERROR for a missing required or a duplicated column. */
static int
map_header(dc_run *run, const ar_csv *c, const char *path, const char *const *want,
           size_t nwant, const int *required, long *col)
{
	int bad = 0;

	for (size_t k = 0; k < nwant; k++)
		col[k] = -1;
	for (size_t i = 0; i < ar_csv_ncells(c); i++) {
		char *h = trimmed(c, (long)i);
		for (size_t k = 0; k < nwant; k++) {
			if (strcasecmp(h, want[k]) != 0)
				continue;
			if (col[k] >= 0) {
				msg(run, DC_ERROR, path, ar_csv_line(c), want[k],
				    "duplicated column \"%s\"", want[k]);
				bad = 1;
			}
			col[k] = (long)i;
		}
		if (*h != '\0') {
			int known = 0;
			for (size_t k = 0; k < nwant; k++)
				known |= strcasecmp(h, want[k]) == 0;
			if (!known)
				msg(run, DC_WARN, path, ar_csv_line(c), h,
				    "unknown column ignored");
		}
		free(h);
	}
	for (size_t k = 0; k < nwant; k++)
		if (required[k] && col[k] < 0) {
			msg(run, DC_ERROR, path, ar_csv_line(c), want[k],
			    "missing column \"%s\"", want[k]);
			bad = 1;
		}
	return bad ? -1 : 0;
}

/*
 * Opens the CSV file path and maps its header line to the columns want (see
 * map_header).  Returns the reader, positioned on the header, for the caller
 * to close with ar_csv_close; NULL, with a DC_ERROR already reported, when the
 * file cannot be opened or read, has no header, lacks a required column or
 * names a wanted column twice.
 */
static ar_csv *
open_with_header(dc_run *run, const char *path, const char *const *want, size_t nwant,
                 const int *required, long *col)
{
	char why[256];
	ar_csv *c = ar_csv_open(path, NULL, why, sizeof why);
	int rc;

	if (c == NULL) {
		msg(run, DC_ERROR, path, 0, NULL, "%s", why);
		return NULL;
	}
	rc = ar_csv_next(c, why, sizeof why);
	if (rc <= 0) {
		msg(run, DC_ERROR, path, ar_csv_line(c), NULL, "%s",
		    rc < 0 ? why : "empty file: no header");
		ar_csv_close(c);
		return NULL;
	}
	if (map_header(run, c, path, want, nwant, required, col) < 0) {
		ar_csv_close(c);
		return NULL;
	}
	return c;
}

/* 1 when s looks like a département code ("35", "2A", "971"). */
static int
looks_departement(const char *s)
{
	size_t n = strlen(s);

	if (n == 2 && ((s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9') ||
	               (s[0] == '2' && strchr("ABab", s[1]) != NULL)))
		return 1;
	return n == 3 && s[0] == '9' && s[1] == '7' && s[2] >= '0' && s[2] <= '9';
}

static void
refuse(dc_cand *cd, const char *regle, const char *article, const char *fr,
       const char *en, ...)
	__attribute__((format(printf, 4, 6), format(printf, 5, 6)));

/* Marks a candidature refused (the first reason found stays); the reason
 * in French (fr, for the jury's files) and English (en, for messages) is
 * formatted from the same arguments. */
static void
refuse(dc_cand *cd, const char *regle, const char *article, const char *fr,
       const char *en, ...)
{
	va_list ap, ap2;

	if (cd->refus_regle != NULL)
		return;
	cd->refus_regle = regle;
	cd->refus_article = article;
	va_start(ap, en);
	va_copy(ap2, ap);
	if (vasprintf(&cd->refus_motif, fr, ap) < 0)
		cd->refus_motif = xstrdup(regle);
	if (vasprintf(&cd->refus_why, en, ap2) < 0)
		cd->refus_why = xstrdup(regle);
	va_end(ap2);
	va_end(ap);
}

/* 1 when the country written in a pays cell is France (or empty). */
static int
is_france(const char *pays)
{
	char *k;
	int yes;

	if (*pays == '\0')
		return 1;
	k = ar_text_fold(pays);
	yes = k != NULL && (strcmp(k, "france") == 0 || strcmp(k, "fr") == 0);
	free(k);
	return yes;
}

enum { K_CODE, K_NOM, K_DEP, K_TYPE, K_ADH, K_DATE, K_PAYS, K_N };

int
dc_read_candidatures(dc_run *run, const char *path)
{
	static const char *const cols[K_N] = {
		"code", "nom", "departement", "type", "adherent", "date_validation", "pays"
	};
	static const int req[K_N] = {1, 1, 1, 1, 1, 1, 0};
	char why[256];
	long col[K_N];
	ar_csv *c = open_with_header(run, path, cols, K_N, req, col);
	int rc;

	if (c == NULL)
		return -1;
	while ((rc = ar_csv_next(c, why, sizeof why)) > 0) {
		dc_cand cd;
		char *adh, *pays;
		unsigned long line = ar_csv_line(c);

		memset(&cd, 0, sizeof cd);
		cd.ligne = line;
		cd.population = -1;
		cd.code = trimmed(c, col[K_CODE]);
		cd.nom = trimmed(c, col[K_NOM]);
		cd.departement = trimmed(c, col[K_DEP]);
		cd.type = trimmed(c, col[K_TYPE]);
		cd.date_validation = trimmed(c, col[K_DATE]);
		adh = trimmed(c, col[K_ADH]);
		pays = trimmed(c, col[K_PAYS]);
		if (*cd.code == '\0') {
			msg(run, DC_ERROR, path, line, "code", "empty code");
			goto bad;
		}
		if (strcmp(cd.code, "etranger") == 0 && *pays == '\0') {
			msg(run, DC_ERROR, path, line, "pays",
			    "%s: code \"etranger\" needs the country in the pays column", cd.nom);
			goto bad;
		}
		if (!is_france(pays)) {
			cd.pays = pays;
			pays = NULL;
			cd.hors_concours = 1;
		}
		if (strcmp(cd.type, "departement") == 0 || strcmp(cd.type, "region") == 0) {
			refuse(&cd, "R-kind", "art. 3", "%s : les départements et les régions "
			       "ne peuvent pas concourir", "%s: départements and régions may "
			       "not take part", cd.type);
		} else if (strcmp(cd.type, "ville") != 0 && strcmp(cd.type, "village") != 0 &&
		           strcmp(cd.type, "territoire") != 0) {
			msg(run, DC_ERROR, path, line, "type",
			    "unknown type \"%s\" (ville, village or territoire)", cd.type);
			goto bad;
		}
		if (strcasecmp(adh, "oui") == 0)
			cd.adherent = 1;
		else if (strcasecmp(adh, "non") == 0)
			cd.adherent = 0;
		else {
			msg(run, DC_ERROR, path, line, "adherent", "\"%s\" is not oui or non", adh);
			goto bad;
		}
		if (*cd.date_validation != '\0' && !ar_iso_date_valid(cd.date_validation)) {
			msg(run, DC_ERROR, path, line, "date_validation",
			    "\"%s\" is not an ISO date (yyyy-mm-dd)", cd.date_validation);
			goto bad;
		}
		if (cd.pays != NULL) {
			/* Foreign: not in the directory; evaluated hors concours. */
		} else if (run->dir != NULL) {
			ar_resolution res;
			const char *rn;
			ar_collectivites_resolve(run->dir, cd.code, NULL, &res);
			if (res.status == AR_RESOLVE_FOUND &&
			    (res.c->kind == AR_KIND_DEPARTEMENT || res.c->kind == AR_KIND_REGION)) {
				refuse(&cd, "R-kind", "art. 3", "%s est un%s %s : les départements "
				       "et les régions ne peuvent pas concourir", "%s is a%s %s: "
				       "départements and régions may not take part", cd.code,
				       res.c->kind == AR_KIND_REGION ? "e" : "",
				       res.c->kind == AR_KIND_REGION ? "région" : "département");
			} else if (res.status == AR_RESOLVE_FOUND || res.status == AR_RESOLVE_MERGED) {
				cd.population = res.c->population;
				cd.region = res.c->region ? xstrdup(res.c->region) : NULL;
				if (cd.region != NULL &&
				    (rn = ar_region_nom(run->dir, cd.region)) != NULL)
					cd.region_nom = xstrdup(rn);
				if (strcmp(res.c->code, cd.code) != 0)
					msg(run, DC_WARN, path, line, "code", "%s is now %s (%s)",
					    cd.code, res.c->code, res.c->nom);
				if ((res.c->kind == AR_KIND_EPCI) != (strcmp(cd.type, "territoire") == 0))
					msg(run, DC_WARN, path, line, "type", "%s (%s) is %s, type says %s",
					    cd.nom, cd.code, res.c->kind == AR_KIND_EPCI ?
					    "an EPCI" : "a commune", cd.type);
			} else {
				msg(run, DC_WARN, path, line, "code",
				    "%s (%s) is not in the collectivités directory", cd.code, cd.nom);
			}
		} else if (looks_departement(cd.code)) {
			refuse(&cd, "R-kind", "art. 3", "%s est un code de département : les "
			       "départements et les régions ne peuvent pas concourir",
			       "%s is a département code: départements and régions may not "
			       "take part", cd.code);
		}
		if (!cd.adherent)
			refuse(&cd, "R-member", "art. 4", "non adhérente à l'association",
			       "not a member of the association");
		if (*cd.date_validation == '\0')
			refuse(&cd, "validation", "dates.cloture", "dossier jamais validé",
			       "dossier never validated");
		else if (*run->rules->cloture && strcmp(cd.date_validation, run->rules->cloture) > 0)
			msg(run, DC_WARN, path, line, "date_validation",
			    "%s (%s): dossier validated on %s, after the closing date %s",
			    cd.nom, cd.code, cd.date_validation, run->rules->cloture);
		free(adh);
		free(pays);
		run->cands = xreallocarray(run->cands, run->ncands + 1, sizeof *run->cands);
		run->cands[run->ncands++] = cd;
		continue;
	bad:
		free(adh);
		free(pays);
		cand_free(&cd);
	}
	if (rc < 0)
		msg(run, DC_ERROR, path, ar_csv_line(c), NULL, "%s", why);
	ar_csv_close(c);
	if (rc < 0)
		return -1;
	if (run->ncands > 1)
		qsort(run->cands, run->ncands, sizeof *run->cands, cmp_cand);
	for (size_t i = 1; i < run->ncands; i++)
		if (strcmp(run->cands[i - 1].code, run->cands[i].code) == 0)
			msg(run, DC_ERROR, path, run->cands[i].ligne, "code",
			    "%s appears twice (also line %lu)", run->cands[i].code,
			    run->cands[i - 1].ligne);
	return 0;
}

int
dc_read_coverage(dc_run *run, const char *path)
{
	json_error_t jerr;
	json_t *root, *arr, *v;
	size_t i;

	if (strcmp(path, "-") == 0)
		root = json_loadf(stdin, JSON_REJECT_DUPLICATES, &jerr);
	else
		root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);

	if (root == NULL) {
		msg(run, DC_ERROR, path, (unsigned long)(jerr.line > 0 ? jerr.line : 0), NULL,
		    "%s", jerr.text);
		return -1;
	}
	arr = json_object_get(root, "collectivites");
	if (!json_is_array(arr)) {
		msg(run, DC_ERROR, path, 0, "collectivites", "missing or not an array");
		json_decref(root);
		return -1;
	}
	v = json_object_get(root, "millesime");
	if (json_is_integer(v) && json_integer_value(v) != run->rules->millesime)
		msg(run, DC_WARN, path, 0, "millesime", "coverage of %lld, rules of %d",
		    (long long)json_integer_value(v), run->rules->millesime);
	json_array_foreach(arr, i, v) {
		const char *code = json_string_value(json_object_get(v, "code"));
		dc_cand *cd;
		if (code == NULL) {
			msg(run, DC_ERROR, path, 0, "code", "collectivites[%zu] has no code", i);
			continue;
		}
		if ((cd = dc_find(run, code)) != NULL && cd->couverture == NULL)
			cd->couverture = json_incref(v);
	}
	for (i = 0; i < run->ncands; i++)
		if (run->cands[i].couverture == NULL && run->cands[i].refus_regle == NULL)
			msg(run, DC_WARN, path, 0, NULL, "%s (%s): no coverage",
			    run->cands[i].nom, run->cands[i].code);
	json_decref(root);
	return 0;
}

void
dc_ranges(dc_run *run)
{
	for (size_t i = 0; i < run->ncands; i++) {
		dc_cand *cd = &run->cands[i];
		ar_label_past p;

		memset(&p, 0, sizeof p);
		if (run->history != NULL) {
			cd->npast = ar_history_past(run->history, cd->code, &cd->past);
			ar_history_knowledge(run->history, &p);
		}
		p.earlier = cd->past;
		p.n_earlier = cd->npast;
		ar_label_compute(run->rules, &p, &cd->range);
	}
}

/* ------------------------------------------------------------ jury */

enum { J_CODE, J_NOM, J_AROB, J_MENT, J_ALERTE, J_HC, J_DEROG, J_N };

/* The rejects line of the current row: file, line, field, reason, raw cells. */
static json_t *
reject_line(const ar_csv *c, const char *path, const char *champ, const char *motif,
            char *const *names, size_t nnames)
{
	json_t *o = json_object(), *cells = json_object();

	json_object_set_new(o, "fichier", json_string(dc_basename(path)));
	json_object_set_new(o, "ligne", json_integer((json_int_t)ar_csv_line(c)));
	json_object_set_new(o, "champ", champ ? json_string(champ) : json_null());
	json_object_set_new(o, "motif", json_string(motif));
	for (size_t i = 0; i < ar_csv_ncells(c); i++) {
		size_t len;
		const char *s = ar_csv_cell(c, i, &len);
		char key[32];
		const char *k = i < nnames && *names[i] ? names[i] : key;
		snprintf(key, sizeof key, "colonne_%zu", i + 1);
		if (json_object_get(cells, k) == NULL)
			json_object_set_new(cells, k, json_stringn(s, len));
	}
	json_object_set_new(o, "cellules", cells);
	return o;
}

static void reject(dc_run *run, const ar_csv *c, const char *path, const char *champ,
                   char *const *names, size_t nnames, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* Rejects the current jury row. */
static void
reject(dc_run *run, const ar_csv *c, const char *path, const char *champ,
       char *const *names, size_t nnames, const char *fmt, ...)
{
	va_list ap;
	char *text;
	dc_msg *m;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = xstrdup("bad record");
	va_end(ap);
	m = msg(run, DC_REJECT, path, ar_csv_line(c), champ, "%s", text);
	m->reject = reject_line(c, path, champ, text, names, nnames);
	free(text);
	run->jury_rejected++;
}

/* 1 when the jury row's name a is the candidature's name b, compared as a
 * person would: without case, accents, ligatures, hyphens or apostrophes
 * (ar_text_fold). */
static int
same_name(const char *a, const char *b)
{
	char *ka = ar_text_fold(a), *kb = ar_text_fold(b);
	int same = ka != NULL && kb != NULL && strcmp(ka, kb) == 0;

	free(ka);
	free(kb);
	return same;
}

/* Reads an oui/non cell: 1, 0 (also empty), or -1. */
static int
yes_no(const char *s)
{
	if (*s == '\0' || strcasecmp(s, "non") == 0)
		return 0;
	return strcasecmp(s, "oui") == 0 ? 1 : -1;
}

/* Splits the mentions cell on '|' and checks each against the list.
 * Returns 0, or -1 after a DC_ERROR. */
static int
read_mentions(dc_run *run, dc_cand *cd, const char *path, unsigned long line,
              const char *cell)
{
	const ar_rules *r = run->rules;
	const char *s = cell;
	int bad = 0;

	while (*s) {
		const char *e = strchr(s, '|'), *b = s;
		size_t len;
		char *m, *nfc;
		if (e == NULL)
			e = s + strlen(s);
		while (b < e && (*b == ' ' || *b == '\t'))
			b++;
		len = (size_t)(e - b);
		while (len > 0 && (b[len - 1] == ' ' || b[len - 1] == '\t'))
			len--;
		s = *e ? e + 1 : e;
		if (len == 0)
			continue;
		nfc = ar_utf8_nfc(b, len);
		m = NULL;
		if (nfc != NULL && ar_rules_has_mention(r, nfc)) {
			m = nfc;
		} else if (nfc != NULL) {
			char *k = ar_text_fold(nfc);
			for (size_t i = 0; k != NULL && i < r->n_mentions && m == NULL; i++) {
				char *ki = ar_text_fold(r->mentions[i]);
				if (ki != NULL && strcmp(k, ki) == 0) {
					m = xstrdup(r->mentions[i]);
					msg(run, DC_WARN, path, line, "mentions",
					    "\"%s\" read as \"%s\"", nfc, r->mentions[i]);
				}
				free(ki);
			}
			free(k);
			if (m == NULL) {
				char *list = xstrdup("");
				for (size_t i = 0; i < r->n_mentions; i++) {
					char *t = xasprintf("%s%s\"%s\"", list, i ? ", " : "",
					                    r->mentions[i]);
					free(list);
					list = t;
				}
				run->unknown_mentions++;
				msg(run, DC_ERROR, path, line, "mentions",
				    "%s (%s): unknown mention \"%s\" (R-mention, art. 8.3); "
				    "the mentions of %d are: %s", cd->nom, cd->code, nfc,
				    r->millesime, *list ? list : "(none)");
				free(list);
				bad = 1;
			}
			free(nfc);
		}
		if (m != NULL) {
			cd->mentions = xreallocarray(cd->mentions, cd->nmentions + 1,
			                             sizeof *cd->mentions);
			cd->mentions[cd->nmentions++] = m;
		}
	}
	return bad ? -1 : 0;
}

int
dc_read_jury(dc_run *run, const char *path)
{
	static const char *const cols[J_N] = {
		"code", "nom", "arobases", "mentions", "alerte", "hors_concours", "derogation"
	};
	static const int req[J_N] = {1, 0, 1, 0, 0, 0, 0};
	char why[256], **names = NULL;
	size_t nnames = 0;
	long col[J_N];
	ar_csv *c = open_with_header(run, path, cols, J_N, req, col);
	int rc, ret = 0;
	const ar_rules *r = run->rules;

	if (c == NULL)
		return -1;
	nnames = ar_csv_ncells(c);
	names = xcalloc(nnames + 1, sizeof *names);
	for (size_t i = 0; i < nnames; i++)
		names[i] = trimmed(c, (long)i);
	while ((rc = ar_csv_next(c, why, sizeof why)) > 0) {
		unsigned long line = ar_csv_line(c);
		char *code = NULL, *arob = NULL, *al = NULL, *hc = NULL, *ment = NULL;
		char *nom = NULL;
		dc_cand *cd;
		int a, vy, vh, first;
		long nul;
		size_t len;

		run->jury_rows++;
		/* The candidature the row names, found first so that a bad row
		 * leaves it undecided with the row's line (not "no jury row"),
		 * unless the code cell itself is damaged. */
		nul = -1;
		for (size_t i = 0; i < ar_csv_ncells(c) && nul < 0; i++) {
			const char *s = ar_csv_cell(c, i, &len);
			if (memchr(s, '\0', len) != NULL)
				nul = (long)i;
		}
		code = trimmed(c, nul == col[J_CODE] ? -1 : col[J_CODE]);
		cd = dc_find(run, code);
		first = cd != NULL && cd->jury_ligne == 0;
		if (nul >= 0) {
			reject(run, c, path, (size_t)nul < nnames ? names[nul] : NULL, names,
			       nnames, "NUL byte in the cell");
			goto next;
		}
		if (ar_csv_ncells(c) > nnames) {
			size_t extra = 0;
			for (size_t i = nnames; i < ar_csv_ncells(c) && extra == 0; i++) {
				ar_csv_cell(c, i, &len);
				if (len > 0)
					extra = i + 1;
			}
			if (extra > 0) {
				char champ[32];
				snprintf(champ, sizeof champ, "colonne_%zu", extra);
				reject(run, c, path, champ, names, nnames,
				       "%zu cells, the header has %zu", ar_csv_ncells(c), nnames);
				goto next;
			}
			msg(run, DC_WARN, path, line, NULL, "empty cells past the header ignored");
		}
		arob = trimmed(c, col[J_AROB]);
		al = trimmed(c, col[J_ALERTE]);
		hc = trimmed(c, col[J_HC]);
		ment = trimmed(c, col[J_MENT]);
		nom = trimmed(c, col[J_NOM]);
		if (cd == NULL) {
			reject(run, c, path, "code", names, nnames,
			       "\"%s\" is not a candidature of candidatures.csv", code);
			goto next;
		}
		if (!first) {
			reject(run, c, path, "code", names, nnames,
			       "%s (%s) already has a jury row at line %lu", cd->nom, code,
			       cd->jury_ligne);
			goto next;
		}
		if (*nom != '\0' && !same_name(nom, cd->nom)) {
			reject(run, c, path, "nom", names, nnames,
			       "name \"%s\" is not that of %s (%s)", nom, cd->code, cd->nom);
			goto next;
		}
		a = ar_label_parse_arobases(arob);
		if (a < 0) {
			reject(run, c, path, "arobases", names, nnames,
			       "unreadable arobases \"%s\": allowed %d to %d, written as a "
			       "number or as @", arob, r->arobases_min, r->arobases_max);
			goto next;
		}
		if (a < r->arobases_min || a > r->arobases_max) {
			reject(run, c, path, "arobases", names, nnames,
			       "%d arobases (\"%s\") out of range: allowed %d to %d",
			       a, arob, r->arobases_min, r->arobases_max);
			goto next;
		}
		if ((vy = yes_no(al)) < 0) {
			reject(run, c, path, "alerte", names, nnames,
			       "\"%s\" is not oui, non or empty", al);
			goto next;
		}
		if ((vh = yes_no(hc)) < 0) {
			reject(run, c, path, "hors_concours", names, nnames,
			       "\"%s\" is not oui, non or empty", hc);
			goto next;
		}
		cd->jury_ligne = line;
		cd->decided = 1;
		cd->arobases = a;
		cd->alerte = vy;
		/* A foreign collectivité is hors concours whatever the row says. */
		cd->hors_concours = vh || cd->pays != NULL;
		if (col[J_DEROG] >= 0) {
			const char *s = ar_csv_cell(c, (size_t)col[J_DEROG], &len);
			size_t k = 0;
			while (k < len && (s[k] == ' ' || s[k] == '\t'))
				k++;
			if (k < len)
				cd->derogation = xstrndup(s, len);
		}
		read_mentions(run, cd, path, line, ment);
	next:
		/* A rejected row leaves its candidature undecided, with the line. */
		if (first && cd->jury_ligne == 0)
			cd->jury_ligne = line;
		free(code);
		free(nom);
		free(arob);
		free(al);
		free(hc);
		free(ment);
	}
	if (rc < 0) {
		msg(run, DC_ERROR, path, ar_csv_line(c), NULL, "%s", why);
		ret = -1;
	}
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	ar_csv_close(c);
	return ret;
}

/* "1 à 4" or "5" */
static void
range_text(int lo, int hi, char *buf, size_t len)
{
	if (lo > hi)
		snprintf(buf, len, "none (%d to %d)", lo, hi);
	else if (lo == hi)
		snprintf(buf, len, "%d only", lo);
	else
		snprintf(buf, len, "%d to %d", lo, hi);
}

void
dc_check(dc_run *run, const char *jury_path)
{
	for (size_t i = 0; i < run->ncands; i++) {
		dc_cand *cd = &run->cands[i];
		ar_label_finding f[AR_LABEL_NRULES];
		size_t n;
		char rg[48];
		int broken = 0;

		if (!cd->decided)
			continue;
		range_text(cd->range.lo, cd->range.hi, rg, sizeof rg);
		if (cd->refus_regle != NULL) {
			if (cd->derogation != NULL) {
				cd->derogs[cd->nderogs].regle = cd->refus_regle;
				cd->derogs[cd->nderogs++].article = cd->refus_article;
				run->derogations++;
			} else {
				msg(run, DC_ERROR, jury_path, cd->jury_ligne, "code",
				    "%s (%s): %s (%s): refused candidature given %d arobase%s: %s",
				    cd->nom, cd->code, cd->refus_regle, cd->refus_article,
				    cd->arobases, cd->arobases > 1 ? "s" : "", cd->refus_why);
				run->violations++;
			}
			broken = 1;
		}
		n = ar_label_check(&cd->range, cd->arobases, f);
		for (size_t k = 0; k < n; k++) {
			const ar_label_bound *b = &cd->range.rule[f[k].rule];
			if (!f[k].violation) {
				cd->unchecked[cd->nunchecked++] = f[k];
				run->cannot_check++;
				msg(run, DC_WARN, jury_path, cd->jury_ligne, "arobases",
				    "%s (%s): %s (%s) cannot be checked for %d arobase%s: %s",
				    cd->nom, cd->code, b->regle, b->article, cd->arobases,
				    cd->arobases > 1 ? "s" : "", b->why);
				continue;
			}
			broken = 1;
			if (cd->derogation != NULL) {
				cd->derogs[cd->nderogs].regle = b->regle;
				cd->derogs[cd->nderogs++].article = b->article;
				run->derogations++;
				continue;
			}
			run->violations++;
			msg(run, DC_ERROR, jury_path, cd->jury_ligne, "arobases",
			    "%s (%s): %s (%s): %d arobase%s decided, allowed %s (%s); no derogation",
			    cd->nom, cd->code, b->regle, b->article, cd->arobases,
			    cd->arobases > 1 ? "s" : "", rg, b->why);
		}
		if (cd->derogation != NULL && !broken) {
			/* A derogation for rules that cannot be checked is kept
			 * against them; one for nothing is pointless. */
			for (size_t k = 0; k < cd->nunchecked; k++) {
				cd->derogs[cd->nderogs].regle = ar_label_rule_id(cd->unchecked[k].rule);
				cd->derogs[cd->nderogs++].article =
					ar_label_rule_article(cd->unchecked[k].rule);
			}
			if (cd->nderogs == 0)
				msg(run, DC_WARN, jury_path, cd->jury_ligne, "derogation",
				    "%s (%s): derogation given but %d arobase%s break no rule: ignored",
				    cd->nom, cd->code, cd->arobases, cd->arobases > 1 ? "s" : "");
		}
	}
}
