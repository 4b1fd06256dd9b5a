/*
 * jurybook.c - the jury's preparation book (see jurybook.h).
 */
#include "jurybook.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <jansson.h>
#include <pango/pangocairo.h>

#include "arobase.h"
#include "jsonin.h"
#include "pages.h"
#include "palmares.h"
#include "textfit.h"
#include "xalloc.h"

/* ------------------------------------------------------------ reading */

static void
cand_free(rd_jb_cand *c)
{
	free(c->code);
	free(c->nom);
	free(c->departement);
	free(c->type);
	free(c->validation);
	free(c->prev);
	free(c->min.regle);
	free(c->min.article);
	free(c->min.raison);
	free(c->max.regle);
	free(c->max.article);
	free(c->max.raison);
	for (size_t i = 0; i < c->n_rules; i++) {
		free(c->rules[i].regle);
		free(c->rules[i].article);
		free(c->rules[i].etat);
		free(c->rules[i].raison);
	}
	free(c->rules);
	free(c->regle);
	free(c->article);
	free(c->motif);
}

void
rd_jury_book_free(rd_jury_book *jb)
{
	if (jb == NULL)
		return;
	for (size_t i = 0; i < jb->n; i++)
		cand_free(&jb->cands[i]);
	for (size_t i = 0; i < jb->n_refused; i++)
		cand_free(&jb->refused[i]);
	free(jb->cands);
	free(jb->refused);
	free(jb);
}

/* Where a value is, for messages: "jury-book.json: candidatures[3] (02722)". */
struct at {
	const char *path;  /* the file */
	const char *list;  /* "candidatures" or "refusees" */
	size_t i;          /* index in the list */
	const char *code;  /* the candidature's code once known */
	rd_err *e;         /* first error */
};

static int
bad(struct at *a, const char *field, const char *what)
{
	if (a->code != NULL)
		return rd_err_set(a->e, AR_EXIT_DATAERR, "%s: %s[%zu] (%s): %s: %s", a->path,
		                  a->list, a->i, a->code, field, what);
	return rd_err_set(a->e, AR_EXIT_DATAERR, "%s: %s[%zu]: %s: %s", a->path, a->list, a->i,
	                  field, what);
}

/* A string member copied into *out; required ones must be present. */
static int
str(struct at *a, json_t *o, const char *key, int required, char **out)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return required ? bad(a, key, "missing") : 0;
	if (!json_is_string(v))
		return bad(a, key, "must be a string");
	*out = xstrdup(json_string_value(v));
	return 0;
}

/* An integer member within lo..hi. */
static int
num(struct at *a, json_t *o, const char *key, long lo, long hi, long *out)
{
	json_t *v = json_object_get(o, key);
	char what[96];

	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
		snprintf(what, sizeof what, "%s an integer from %ld to %ld",
		         v == NULL ? "missing, must be" : "must be", lo, hi);
		return bad(a, key, what);
	}
	*out = (long)json_integer_value(v);
	return 0;
}

/* A boolean, or null (-1) when nullable. */
static int
boolean(struct at *a, json_t *o, const char *key, int nullable, int *out)
{
	json_t *v = json_object_get(o, key);

	if (nullable && (v == NULL || json_is_null(v))) {
		*out = -1;
		return 0;
	}
	if (!json_is_boolean(v))
		return bad(a, key, nullable ? "must be true, false or null" : "must be true or false");
	*out = json_is_true(v);
	return 0;
}

static int
bound(struct at *a, json_t *o, const char *key, rd_jb_bound *b)
{
	json_t *v = json_object_get(o, key);
	long val;

	if (!json_is_object(v))
		return bad(a, key, "must be an object");
	if (num(a, v, "valeur", 0, 6, &val) != 0 || str(a, v, "regle", 1, &b->regle) != 0 ||
	    str(a, v, "article", 1, &b->article) != 0 || str(a, v, "raison", 1, &b->raison) != 0)
		return -1;
	b->valeur = (int)val;
	return 0;
}

/* The members common to examined and refused candidatures. */
static int
read_common(struct at *a, json_t *o, rd_jb_cand *c)
{
	json_t *v;
	long pop;

	if (!json_is_object(o))
		return rd_err_set(a->e, AR_EXIT_DATAERR, "%s: %s[%zu]: must be an object", a->path,
		                  a->list, a->i);
	if (str(a, o, "code", 1, &c->code) != 0)
		return -1;
	a->code = c->code;
	if (str(a, o, "nom", 1, &c->nom) != 0 || str(a, o, "departement", 1, &c->departement) != 0 ||
	    str(a, o, "type", 1, &c->type) != 0 || boolean(a, o, "adherent", 0, &c->adherent) != 0)
		return -1;
	v = json_object_get(o, "population");
	c->population = -1;
	if (v != NULL && !json_is_null(v)) {
		if (num(a, o, "population", 0, 100000000, &pop) != 0)
			return -1;
		c->population = pop;
	}
	v = json_object_get(o, "validation");
	if (!json_is_object(v))
		return bad(a, "validation", "must be an object");
	if (str(a, v, "date", 0, &c->validation) != 0 ||
	    boolean(a, v, "avant_cloture", 0, &c->avant_cloture) != 0)
		return -1;
	if (c->validation != NULL && c->validation[0] == '\0') {
		free(c->validation);
		c->validation = NULL;
	}
	return 0;
}

static int
read_cand(struct at *a, json_t *o, rd_jb_cand *c)
{
	json_t *v;
	long n;

	if (read_common(a, o, c) != 0)
		return -1;
	v = json_object_get(o, "candidatures_precedentes");
	if (!json_is_array(v))
		return bad(a, "candidatures_precedentes", "must be an array");
	c->prev = xcalloc(json_array_size(v) + 1, sizeof *c->prev);
	for (size_t k = 0; k < json_array_size(v); k++) {
		json_t *p = json_array_get(v, k), *ar;

		if (!json_is_object(p) || num(a, p, "millesime", 1900, 2200, &n) != 0)
			return bad(a, "candidatures_precedentes", "each must have a millesime");
		c->prev[k].millesime = (int)n;
		ar = json_object_get(p, "arobases");
		if (ar == NULL || json_is_null(ar))
			c->prev[k].arobases = 0;
		else if (num(a, p, "arobases", 1, 5, &n) != 0)
			return -1;
		else
			c->prev[k].arobases = (int)n;
		if (boolean(a, p, "alerte", 1, &c->prev[k].alerte) != 0)
			return -1;
		c->n_prev++;
	}
	if (boolean(a, o, "premiere_participation", 1, &c->premiere) != 0)
		return -1;
	v = json_object_get(o, "couverture");
	c->actions = c->couverts = c->total = -1;
	if (json_is_object(v)) {
		c->has_couverture = 1;
		if (json_object_get(v, "actions_retenues") != NULL &&
		    num(a, v, "actions_retenues", 0, 100000000, &c->actions) != 0)
			return -1;
		if (json_object_get(v, "couverts") != NULL &&
		    num(a, v, "couverts", 0, 100000, &c->couverts) != 0)
			return -1;
		if (json_object_get(v, "total") != NULL &&
		    num(a, v, "total", 0, 100000, &c->total) != 0)
			return -1;
	} else if (v != NULL && !json_is_null(v)) {
		return bad(a, "couverture", "must be an object or null");
	}
	v = json_object_get(o, "autorise");
	if (!json_is_object(v))
		return bad(a, "autorise", "must be an object");
	if (bound(a, v, "min", &c->min) != 0 || bound(a, v, "max", &c->max) != 0)
		return -1;
	v = json_object_get(o, "sur");
	if (!json_is_object(v))
		return bad(a, "sur", "must be an object");
	if (num(a, v, "min", -10, 10, &n) != 0)
		return -1;
	c->sur_min = (int)n;
	if (num(a, v, "max", -10, 10, &n) != 0)
		return -1;
	c->sur_max = (int)n;
	v = json_object_get(o, "regles");
	if (!json_is_array(v))
		return bad(a, "regles", "must be an array");
	c->rules = xcalloc(json_array_size(v) + 1, sizeof *c->rules);
	for (size_t k = 0; k < json_array_size(v); k++) {
		json_t *r = json_array_get(v, k);
		rd_jb_rule *ru = &c->rules[c->n_rules++];

		if (!json_is_object(r))
			return bad(a, "regles", "each must be an object");
		if (str(a, r, "regle", 1, &ru->regle) != 0 || str(a, r, "article", 1, &ru->article) != 0 ||
		    str(a, r, "etat", 1, &ru->etat) != 0 || str(a, r, "raison", 1, &ru->raison) != 0 ||
		    num(a, r, "min", -10, 10, &n) != 0)
			return -1;
		ru->min = (int)n;
		if (num(a, r, "max", -10, 10, &n) != 0)
			return -1;
		ru->max = (int)n;
	}
	return 0;
}

static int
read_refused(struct at *a, json_t *o, rd_jb_cand *c)
{
	if (read_common(a, o, c) != 0)
		return -1;
	c->premiere = -1;
	c->actions = c->couverts = c->total = -1;
	if (str(a, o, "regle", 1, &c->regle) != 0 || str(a, o, "article", 1, &c->article) != 0 ||
	    str(a, o, "motif", 1, &c->motif) != 0)
		return -1;
	return 0;
}

/* Sorting: département, then name as a person sorts, then code. */
struct keyed {
	rd_jb_cand c;
	char *key;
};

static int
by_dep_name(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	int r;

	if ((r = strcmp(a->c.departement, b->c.departement)) != 0)
		return r;
	if ((r = strcmp(a->key, b->key)) != 0)
		return r;
	return strcmp(a->c.code, b->c.code);
}

static void
sort_cands(rd_jb_cand *v, size_t n)
{
	struct keyed *k = xcalloc(n + 1, sizeof *k);

	for (size_t i = 0; i < n; i++) {
		k[i].c = v[i];
		k[i].key = rd_name_key(v[i].nom);
	}
	qsort(k, n, sizeof *k, by_dep_name);
	for (size_t i = 0; i < n; i++) {
		v[i] = k[i].c;
		free(k[i].key);
	}
	free(k);
}

static int
read_list(json_t *root, const char *path, const char *list, rd_jb_cand **out, size_t *n,
          int refused, rd_err *e)
{
	json_t *v = json_object_get(root, list);

	if (!json_is_array(v))
		return rd_err_set(e, AR_EXIT_DATAERR, "%s: %s: must be an array", path, list);
	*out = xcalloc(json_array_size(v) + 1, sizeof **out);
	for (size_t i = 0; i < json_array_size(v); i++) {
		struct at a = {path, list, i, NULL, e};
		int rc = refused ? read_refused(&a, json_array_get(v, i), &(*out)[i])
		                 : read_cand(&a, json_array_get(v, i), &(*out)[i]);

		(*n)++;
		if (rc != 0)
			return -1;
	}
	sort_cands(*out, *n);
	return 0;
}

static void
copy_date(json_t *dates, const char *key, char out[11])
{
	json_t *v = json_object_get(dates, key);

	out[0] = '\0';
	if (json_is_string(v) && ar_iso_date_valid(json_string_value(v)))
		snprintf(out, 11, "%s", json_string_value(v));
}

rd_jury_book *
rd_jury_book_load(const char *path, const ar_rules *rules, rd_err *e)
{
	json_t *root, *v;
	rd_jury_book *jb;

	if ((root = rd_json_open(path, rules->millesime, e)) == NULL)
		return NULL;
	jb = xcalloc(1, sizeof *jb);
	jb->millesime = rules->millesime;
	v = json_object_get(root, "dates");
	copy_date(v, "cloture", jb->cloture);
	copy_date(v, "jury", jb->jury);
	if (read_list(root, path, "candidatures", &jb->cands, &jb->n, 0, e) != 0 ||
	    read_list(root, path, "refusees", &jb->refused, &jb->n_refused, 1, e) != 0) {
		json_decref(root);
		rd_jury_book_free(jb);
		return NULL;
	}
	v = json_object_get(json_object_get(root, "compteurs"), "candidatures");
	jb->n_candidatures = json_is_integer(v) ? (long)json_integer_value(v)
	                                        : (long)(jb->n + jb->n_refused);
	json_decref(root);
	return jb;
}

size_t
rd_jury_book_toc_pages(size_t n, size_t n_refused, size_t rows_per_page)
{
	size_t rows = n + (n_refused > 0);

	if (rows_per_page == 0)
		rows_per_page = 1;
	return rows == 0 ? 1 : (rows + rows_per_page - 1) / rows_per_page;
}

/* ------------------------------------------------------------ drawing */

#define PAGE_W_MM RD_MOSAIC_W_MM
#define PAGE_H_MM RD_MOSAIC_H_MM
#define BLUE 0.0, 0.20, 0.45
#define MARGIN 28.0
#define TOC_TOP 90.0
#define TOC_ROW 17.0

/* The book being drawn. */
struct book {
	rd_doc *doc;              /* the PDF */
	cairo_t *cr;              /* its context, pt */
	rd_fonts *f;              /* pinned fonts */
	const rd_jury_book *jb;   /* content */
	const ar_referentiel *ref; /* the référentiel of the mosaïques, or NULL */
	const rd_coverage *cov;   /* coverage.json, or NULL */
	double W, H;              /* page size, pt */
	int page;                 /* current page, from 1 */
	rd_err *e;                /* first error */
};

static size_t
toc_rows(const struct book *b)
{
	return (size_t)floor((b->H - TOC_TOP - MARGIN - 30) / TOC_ROW);
}

/* Text in a box: the usual fit, left-aligned unless told. */
static int
text(struct book *b, const char *s, double pt, double min_pt, int lines, int bold,
     PangoAlignment al, double x, double y, double w, double h, const char *who)
{
	return rd_draw_text(b->cr, b->f, s, &(rd_fit){pt, min_pt, w, h, lines, bold, al}, x, y,
	                    who, NULL, b->e);
}

static int
footer(struct book *b)
{
	char *s = xasprintf("Livre du jury %d — page %d", b->jb->millesime, b->page);
	int rc;

	cairo_set_source_rgb(b->cr, 0.35, 0.35, 0.35);
	rc = text(b, s, 8, 8, 1, 0, PANGO_ALIGN_CENTER, MARGIN, b->H - MARGIN - 10,
	          b->W - 2 * MARGIN, 12, "livre-du-jury.pdf");
	cairo_set_source_rgb(b->cr, 0, 0, 0);
	free(s);
	return rc;
}

static int
next_page(struct book *b)
{
	rd_doc_page(b->doc);
	b->page++;
	return footer(b);
}

/* "28 046" with U+202F between thousands. */
static void
thousands(long v, char *buf, size_t len)
{
	char digits[32];
	size_t n, o = 0;

	n = (size_t)snprintf(digits, sizeof digits, "%ld", v < 0 ? 0 : v);
	for (size_t i = 0; i < n && o + 4 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0) {
			memcpy(buf + o, "\u202f", 3);
			o += 3;
		}
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

static const char *
kind_word(const char *type)
{
	if (strcmp(type, "ville") == 0)
		return "Ville";
	if (strcmp(type, "village") == 0)
		return "Village";
	if (strcmp(type, "territoire") == 0)
		return "Territoire";
	if (strcmp(type, "departement") == 0)
		return "Département";
	if (strcmp(type, "region") == 0)
		return "Région";
	return type;
}

/* "2 à 4 arobases", "5 arobases", "aucun niveau". */
static char *
range_text(int lo, int hi)
{
	if (lo > hi)
		return xstrdup("aucun niveau");
	if (lo == hi)
		return xasprintf("%d arobase%s", lo, lo > 1 ? "s" : "");
	return xasprintf("%d à %d arobases", lo, hi);
}

static int
cover(struct book *b)
{
	const rd_jury_book *jb = b->jb;
	double cw = b->W - 2 * MARGIN;
	char date[64], *s;
	int rc = 0;

	cairo_set_source_rgb(b->cr, BLUE);
	rc |= text(b, RD_LABEL_NAME, 18, 10, 2, 1, PANGO_ALIGN_CENTER, MARGIN, 70, cw, 30, "cover");
	rc |= text(b, "Livre du jury", 44, 20, 1, 1, PANGO_ALIGN_CENTER, MARGIN, 120, cw, 60, "cover");
	s = xasprintf("Millésime %d", jb->millesime);
	rc |= text(b, s, 32, 16, 1, 1, PANGO_ALIGN_CENTER, MARGIN, 185, cw, 44, "cover");
	free(s);
	cairo_set_source_rgb(b->cr, 0, 0, 0);
	if (jb->jury[0] && rd_french_date(jb->jury, date, sizeof date) != NULL) {
		s = xasprintf("Réunion du jury le %s", date);
		rc |= text(b, s, 16, 8, 1, 0, PANGO_ALIGN_CENTER, MARGIN, 250, cw, 24, "cover");
		free(s);
	}
	s = xasprintf("%ld candidature%s · %zu examinée%s · %zu refusée%s", jb->n_candidatures,
	              jb->n_candidatures > 1 ? "s" : "", jb->n, jb->n > 1 ? "s" : "",
	              jb->n_refused, jb->n_refused > 1 ? "s" : "");
	rc |= text(b, s, 18, 8, 1, 1, PANGO_ALIGN_CENTER, MARGIN, 300, cw, 28, "cover");
	free(s);
	if (jb->cloture[0] && rd_french_date(jb->cloture, date, sizeof date) != NULL) {
		s = xasprintf("Clôture des dossiers le %s", date);
		rc |= text(b, s, 13, 8, 1, 0, PANGO_ALIGN_CENTER, MARGIN, 340, cw, 20, "cover");
		free(s);
	}
	rc |= text(b, "Document préparatoire confidentiel : pour chaque candidature, sa mosaïque, "
	           "ses candidatures précédentes et l’intervalle d’arobases que le règlement autorise, "
	           "chaque borne avec la règle qui la fixe.", 11, 6, 3, 0, PANGO_ALIGN_CENTER,
	           MARGIN + 60, 390, cw - 120, 60, "cover");
	return rc ? -1 : 0;
}

static int
toc(struct book *b, size_t toc_pages)
{
	const rd_jury_book *jb = b->jb;
	size_t rows = toc_rows(b), total = jb->n + (jb->n_refused > 0);
	double x = MARGIN + 20, w = b->W - 2 * MARGIN - 40;

	for (size_t p = 0; p < toc_pages; p++) {
		if (next_page(b) != 0)
			return -1;
		cairo_set_source_rgb(b->cr, BLUE);
		if (text(b, p == 0 ? "Sommaire" : "Sommaire (suite)", 22, 10, 1, 1, PANGO_ALIGN_LEFT,
		         x, MARGIN + 10, w, 34, "livre-du-jury.pdf: sommaire") != 0)
			return -1;
		cairo_set_source_rgb(b->cr, 0, 0, 0);
		for (size_t r = 0; r < rows && p * rows + r < total; r++) {
			size_t i = p * rows + r;
			double y = TOC_TOP + (double)r * TOC_ROW;
			char *left, *range, pg[16];
			int rc;

			if (i < jb->n) {
				const rd_jb_cand *c = &jb->cands[i];

				left = xasprintf("%s  ·  %s (%s), %s", c->departement, c->nom, c->code,
				                 kind_word(c->type));
				range = range_text(c->min.valeur, c->max.valeur);
				snprintf(pg, sizeof pg, "%zu", 2 + toc_pages + i);
			} else {
				left = xasprintf("Candidatures refusées (%zu)", jb->n_refused);
				range = xstrdup("");
				snprintf(pg, sizeof pg, "%zu", 2 + toc_pages + jb->n);
			}
			rc = text(b, left, 11, 6, 1, i >= jb->n, PANGO_ALIGN_LEFT, x, y, w * 0.66,
			          TOC_ROW, left);
			if (rc == 0)
				rc = text(b, range[0] ? range : " ", 10, 6, 1, 0, PANGO_ALIGN_LEFT,
				          x + w * 0.68, y, w * 0.22, TOC_ROW, left);
			if (rc == 0)
				rc = text(b, pg, 11, 6, 1, 0, PANGO_ALIGN_RIGHT, x + w * 0.9, y, w * 0.1,
				          TOC_ROW, left);
			cairo_set_source_rgb(b->cr, 0.8, 0.8, 0.8);
			cairo_set_line_width(b->cr, 0.4);
			cairo_move_to(b->cr, x, y + TOC_ROW);
			cairo_line_to(b->cr, x + w, y + TOC_ROW);
			cairo_stroke(b->cr);
			cairo_set_source_rgb(b->cr, 0, 0, 0);
			free(left);
			free(range);
			if (rc != 0)
				return -1;
		}
	}
	return 0;
}

/* The history chart: millésime (x) against arobases (y, 0 to 5), in the box. */
static int
history_chart(struct book *b, const rd_jb_cand *c, double x, double y, double w, double h,
              const char *who)
{
	const double lab = 16, top = 18, bottom = 16;
	double ph = h - top - bottom, pw = w - lab - 4;
	int first, last, span;
	char buf[32];

	cairo_set_source_rgb(b->cr, BLUE);
	if (text(b, "Candidatures précédentes (millésime, arobases)", 10, 6, 1, 1,
	         PANGO_ALIGN_LEFT, x, y, w, top - 2, who) != 0)
		return -1;
	cairo_set_source_rgb(b->cr, 0, 0, 0);
	if (c->n_prev == 0) {
		const char *s = c->premiere == 1 ? "Aucune : première participation"
		              : c->premiere == 0 ? "Aucune connue"
		                                 : "Aucune connue (historique partiel)";

		return text(b, s, 10, 6, 1, 0, PANGO_ALIGN_LEFT, x, y + top, w, 16, who);
	}
	first = c->prev[0].millesime;
	last = b->jb->millesime;
	for (size_t k = 0; k < c->n_prev; k++)
		if (c->prev[k].millesime < first)
			first = c->prev[k].millesime;
	span = last - first + 1;
	/* Axes and grid: 0 to 5 arobases. */
	cairo_set_line_width(b->cr, 0.4);
	for (int a = 0; a <= 5; a++) {
		double gy = y + top + ph - ph * a / 5.0;

		cairo_set_source_rgb(b->cr, a == 0 ? 0 : 0.8, a == 0 ? 0 : 0.8, a == 0 ? 0 : 0.8);
		cairo_move_to(b->cr, x + lab, gy);
		cairo_line_to(b->cr, x + lab + pw, gy);
		cairo_stroke(b->cr);
		if (a > 0) {
			snprintf(buf, sizeof buf, "%d", a);
			cairo_set_source_rgb(b->cr, 0, 0, 0);
			if (text(b, buf, 7, 5, 1, 0, PANGO_ALIGN_RIGHT, x, gy - 5, lab - 3, 10, who) != 0)
				return -1;
		}
	}
	for (int yr = first; yr <= last; yr++) {
		double slot = pw / span, bx = x + lab + slot * (yr - first);
		const rd_jb_prev *p = NULL;

		for (size_t k = 0; k < c->n_prev; k++)
			if (c->prev[k].millesime == yr)
				p = &c->prev[k];
		if (span <= 12 || (yr - first) % 2 == 0 || yr == last) {
			snprintf(buf, sizeof buf, "%d", yr);
			cairo_set_source_rgb(b->cr, 0, 0, 0);
			if (text(b, buf, 7, 3, 1, yr == last, PANGO_ALIGN_CENTER, bx, y + top + ph + 2,
			         slot, bottom - 2, who) != 0)
				return -1;
		}
		if (yr == last) {
			/* This year: the allowed range, hatched. */
			if (c->min.valeur <= c->max.valeur) {
				double y0 = y + top + ph - ph * c->max.valeur / 5.0;
				double y1 = y + top + ph - ph * (c->min.valeur - 1) / 5.0;

				cairo_rectangle(b->cr, bx + slot * 0.2, y0, slot * 0.6, y1 - y0);
				cairo_set_source_rgb(b->cr, 0.85, 0.88, 0.95);
				cairo_fill_preserve(b->cr);
				cairo_set_source_rgb(b->cr, BLUE);
				cairo_set_dash(b->cr, (double[]){2, 1.5}, 2, 0);
				cairo_stroke(b->cr);
				cairo_set_dash(b->cr, NULL, 0, 0);
			}
			continue;
		}
		if (p == NULL)
			continue;
		if (p->arobases > 0) {
			double bh = ph * p->arobases / 5.0;

			cairo_rectangle(b->cr, bx + slot * 0.2, y + top + ph - bh, slot * 0.6, bh);
			cairo_set_source_rgb(b->cr, BLUE);
			cairo_fill(b->cr);
		}
		snprintf(buf, sizeof buf, "%s%s", p->arobases > 0 ? "" : "?",
		         p->alerte == 1 ? "!" : "");
		if (buf[0]) {
			cairo_set_source_rgb(b->cr, 0.6, 0, 0);
			if (text(b, buf, 8, 4, 1, 1, PANGO_ALIGN_CENTER, bx,
			         y + top + ph - ph * (p->arobases > 0 ? p->arobases : 0) / 5.0 - 11,
			         slot, 10, who) != 0)
				return -1;
		}
	}
	cairo_set_source_rgb(b->cr, 0.3, 0.3, 0.3);
	return text(b, "? arobases non connues · ! alerte du jury · en pointillé : l’intervalle autorisé cette année",
	            7, 4, 1, 0, PANGO_ALIGN_LEFT, x, y + h, w, 10, who);
}

static const char *
etat_word(const char *etat)
{
	if (strcmp(etat, "s_applique") == 0)
		return "s’applique";
	if (strcmp(etat, "sans_objet") == 0)
		return "sans objet";
	if (strcmp(etat, "non_verifiable") == 0)
		return "non vérifiable";
	return etat;
}

static int
cand_page(struct book *b, const rd_jb_cand *c)
{
	const double m = MARGIN, W = b->W, H = b->H;
	const double left_w = (W - 2 * m) * 0.60, rx = m + left_w + 16, rw = W - m - rx;
	char *who = xasprintf("%s (%s)", c->code, c->nom), *s, *range;
	char pop[48], date[64], share[32];
	double y;
	int rc = -1;

	if (next_page(b) != 0)
		goto out;
	/* Heading. */
	cairo_set_source_rgb(b->cr, BLUE);
	if (text(b, c->nom, 22, 9, 1, 1, PANGO_ALIGN_LEFT, m, m, W - 2 * m, 30, who) != 0)
		goto out;
	cairo_set_source_rgb(b->cr, 0, 0, 0);
	if (c->population >= 0) {
		thousands(c->population, pop, sizeof pop - 12);
		strcat(pop, " habitants");
	}
	if (c->validation == NULL || rd_french_date(c->validation, date, sizeof date) == NULL)
		snprintf(date, sizeof date, "jamais");
	s = xasprintf("%s · code %s · département %s%s%s · adhérent : %s · dossier validé : %s%s",
	              kind_word(c->type), c->code, c->departement,
	              c->population >= 0 ? " · " : "", c->population >= 0 ? pop : "",
	              c->adherent ? "oui" : "non", date,
	              c->validation != NULL && c->avant_cloture ? " (avant la clôture)"
	              : c->validation != NULL ? " (après la clôture)" : "");
	rc = text(b, s, 11, 6, 2, 0, PANGO_ALIGN_LEFT, m, m + 32, W - 2 * m, 28, who);
	free(s);
	if (rc != 0)
		goto out;
	rc = -1;
	/* Left: the mosaïque. */
	y = m + 66;
	{
		const rd_cov_coll *cc = b->cov ? rd_coverage_find(b->cov, c->code) : NULL;

		if (cc != NULL) {
			rd_share_text(cc->couverts, b->ref->n_services, share, sizeof share);
			s = xasprintf("Mosaïque : %zu/%zu services couverts (%s) · %ld action%s retenue%s",
			              cc->couverts, b->ref->n_services, share, cc->actions,
			              cc->actions > 1 ? "s" : "", cc->actions > 1 ? "s" : "");
		} else if (c->has_couverture && c->couverts >= 0 && c->total > 0) {
			rd_share_text((unsigned long)c->couverts, (unsigned long)c->total, share, sizeof share);
			s = xasprintf("Couverture : %ld/%ld services couverts (%s) · %ld actions retenues",
			              c->couverts, c->total, share, c->actions);
		} else if (c->has_couverture && c->actions >= 0) {
			s = xasprintf("Couverture : %ld actions retenues", c->actions);
		} else {
			s = xstrdup("Couverture : aucune action retenue dans coverage.json");
		}
		cairo_set_source_rgb(b->cr, BLUE);
		rc = text(b, s, 11, 6, 1, 1, PANGO_ALIGN_LEFT, m, y, left_w, 18, who);
		free(s);
		if (rc != 0)
			goto out;
		rc = -1;
		cairo_set_source_rgb(b->cr, 0, 0, 0);
		if (cc != NULL) {
			rd_mosaic_geom g;

			if (rd_mosaic_layout(b->ref, m, y + 22, left_w, H - m - 24 - (y + 22), &g) != 0) {
				rd_err_set(b->e, AR_EXIT_DATAERR,
				           "%s: the référentiel's %zu services do not fit on a jury book page",
				           who, b->ref->n_services);
				goto out;
			}
			rc = rd_mosaic_draw(b->cr, b->f, b->ref, &g, cc->covered, NULL, 0, 0, who, b->e);
			rd_mosaic_geom_free(&g);
			if (rc != 0)
				goto out;
			rc = -1;
		} else if (b->cov != NULL) {
			if (text(b, "Pas de mosaïque : la collectivité n’a aucune action retenue.", 10, 6, 2,
			         0, PANGO_ALIGN_LEFT, m, y + 24, left_w, 30, who) != 0)
				goto out;
		}
	}
	/* Right: the allowed range in large type, each bound with its rule. */
	y = m + 66;
	cairo_set_source_rgb(b->cr, BLUE);
	if (text(b, "Arobases autorisées cette année", 12, 6, 1, 1, PANGO_ALIGN_LEFT, rx, y, rw, 18,
	         who) != 0)
		goto out;
	range = c->min.valeur > c->max.valeur ? xstrdup("aucun niveau")
	      : c->min.valeur == c->max.valeur ? xasprintf("%d", c->min.valeur)
	                                       : xasprintf("%d à %d", c->min.valeur, c->max.valeur);
	cairo_set_source_rgb(b->cr, 0, 0, 0);
	rc = text(b, range, 44, 16, 1, 1, PANGO_ALIGN_CENTER, rx, y + 20, rw, 56, who);
	free(range);
	if (rc != 0)
		goto out;
	rc = -1;
	y += 80;
	for (int k = 0; k < 2; k++) {
		const rd_jb_bound *bd = k == 0 ? &c->min : &c->max;

		s = xasprintf("%s %d : %s (%s) — %s", k == 0 ? "Minimum" : "Maximum", bd->valeur,
		              bd->regle, bd->article, bd->raison);
		rc = text(b, s, 9, 5, 3, 0, PANGO_ALIGN_LEFT, rx, y, rw, 34, who);
		free(s);
		if (rc != 0)
			goto out;
		rc = -1;
		y += 36;
	}
	if (c->sur_min != c->min.valeur || c->sur_max != c->max.valeur) {
		char *sr = range_text(c->sur_min, c->sur_max);

		s = xasprintf("Sûr malgré l’historique incomplet : %s", sr);
		free(sr);
		cairo_set_source_rgb(b->cr, 0.55, 0.15, 0.0);
		rc = text(b, s, 9, 5, 2, 1, PANGO_ALIGN_LEFT, rx, y, rw, 24, who);
		free(s);
		cairo_set_source_rgb(b->cr, 0, 0, 0);
		if (rc != 0)
			goto out;
		rc = -1;
		y += 26;
	}
	for (size_t k = 0; k < c->n_rules; k++) {
		const rd_jb_rule *r = &c->rules[k];

		s = xasprintf("%s (%s), %s : %d–%d · %s", r->regle, r->article, etat_word(r->etat),
		              r->min, r->max, r->raison);
		rc = text(b, s, 7.5, 4.5, 2, 0, PANGO_ALIGN_LEFT, rx, y, rw, 20, who);
		free(s);
		if (rc != 0)
			goto out;
		rc = -1;
		y += 21;
	}
	/* Right, bottom: the history chart. */
	{
		double ch = H - m - 30 - 10 - (y + 8);

		if (ch > 120)
			ch = 120;
		if (ch >= 50 && history_chart(b, c, rx, H - m - 40 - ch, rw, ch, who) != 0)
			goto out;
	}
	rc = 0;
out:
	free(who);
	return rc;
}

static int
refused_pages(struct book *b)
{
	const rd_jury_book *jb = b->jb;
	const double row = 40, x = MARGIN, w = b->W - 2 * MARGIN;
	double y = 0;

	for (size_t i = 0; i < jb->n_refused; i++) {
		const rd_jb_cand *c = &jb->refused[i];
		char *who = xasprintf("%s (%s)", c->code, c->nom), *s;
		int rc;

		if (i == 0 || y + row > b->H - MARGIN - 24) {
			if (next_page(b) != 0) {
				free(who);
				return -1;
			}
			cairo_set_source_rgb(b->cr, BLUE);
			if (text(b, i == 0 ? "Candidatures refusées" : "Candidatures refusées (suite)",
			         22, 10, 1, 1, PANGO_ALIGN_LEFT, x, MARGIN + 10, w, 34, who) != 0) {
				free(who);
				return -1;
			}
			cairo_set_source_rgb(b->cr, 0, 0, 0);
			y = TOC_TOP;
		}
		s = xasprintf("%s (%s) · %s · département %s", c->nom, c->code, kind_word(c->type),
		              c->departement);
		rc = text(b, s, 11, 6, 1, 1, PANGO_ALIGN_LEFT, x, y, w, 16, who);
		free(s);
		if (rc == 0) {
			s = xasprintf("%s (%s) : %s", c->regle, c->article, c->motif);
			rc = text(b, s, 10, 5, 2, 0, PANGO_ALIGN_LEFT, x + 16, y + 16, w - 16, 22, who);
			free(s);
		}
		free(who);
		if (rc != 0)
			return -1;
		y += row;
	}
	return 0;
}

int
rd_jury_book_render(rd_out *o, const char *rel, rd_fonts *f, const ar_rules *rules,
                    const rd_jury_book *jb, const ar_referentiel *ref,
                    const rd_coverage *cov, const char *iso, rd_err *e)
{
	struct book b = {0};
	size_t toc_pages;

	(void)rules;
	b.doc = rd_doc_pdf(o, rel, PAGE_W_MM, PAGE_H_MM, iso, e);
	if (b.doc == NULL)
		return -1;
	b.cr = rd_doc_cairo(b.doc);
	b.f = f;
	b.jb = jb;
	b.ref = cov != NULL ? ref : NULL;
	b.cov = ref != NULL ? cov : NULL;
	b.W = RD_MM_TO_PT(PAGE_W_MM);
	b.H = RD_MM_TO_PT(PAGE_H_MM);
	b.page = 1;
	b.e = e;
	toc_pages = rd_jury_book_toc_pages(jb->n, jb->n_refused, toc_rows(&b));
	if (cover(&b) != 0 || footer(&b) != 0 || toc(&b, toc_pages) != 0)
		goto fail;
	for (size_t i = 0; i < jb->n; i++)
		if (cand_page(&b, &jb->cands[i]) != 0)
			goto fail;
	if (refused_pages(&b) != 0)
		goto fail;
	return rd_doc_close(b.doc, e);
fail:
	rd_doc_abort(b.doc);
	return -1;
}
