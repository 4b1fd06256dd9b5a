/*
 * booklet.c - the palmarès booklet (see booklet.h).
 */
#include "booklet.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <pango/pangocairo.h>

#include "pages.h"
#include "textfit.h"
#include "xalloc.h"

#define PAGE_W_MM 210.0
#define PAGE_H_MM 297.0
#define BLUE 0.0, 0.20, 0.45

/* Where the booklet is being drawn. */
struct bk {
	rd_doc *doc;        /* the PDF */
	cairo_t *cr;        /* its context, pt */
	rd_fonts *f;        /* pinned fonts */
	const ar_rules *rules;
	double W, H;        /* page size, pt */
	double m;           /* margin, pt */
	double y;           /* next free line, pt from the top */
	int page;           /* current page number, from 1 */
	int at_fault;       /* 1 when a laureate's entry failed */
	rd_err *e;          /* first error */
};

static double
bottom(const struct bk *b)
{
	return b->H - b->m - 24;
}

/* Draws the page number at the foot of the current page. */
static int
footer(struct bk *b)
{
	char *s = xasprintf("Palmarès %d — page %d", b->rules->millesime, b->page);
	int rc;

	cairo_set_source_rgb(b->cr, 0.3, 0.3, 0.3);
	rc = rd_draw_text(b->cr, b->f, s, &(rd_fit){8, 8, b->W - 2 * b->m, 14, 1, 0,
	                  PANGO_ALIGN_CENTER}, b->m, b->H - b->m, "palmares.pdf", NULL, b->e);
	cairo_set_source_rgb(b->cr, 0, 0, 0);
	free(s);
	return rc;
}

static int
new_page(struct bk *b)
{
	rd_doc_page(b->doc);
	b->page++;
	b->y = b->m;
	return footer(b);
}

/* Makes room for h pt, starting a page when needed. */
static int
room(struct bk *b, double h)
{
	if (b->y + h > bottom(b) && b->y > b->m)
		return new_page(b);
	return 0;
}

/* Lays text out in the text column (width w at x) and draws it at b->y. */
static int
line(struct bk *b, const char *text, double size, int bold, double x, double w,
     PangoAlignment align, const char *who)
{
	PangoLayout *l = rd_text_fit(b->f, text, &(rd_fit){size, 5, w, 400, 8, bold, align},
	                             who, NULL, b->e);
	double lw, lh;

	if (l == NULL)
		return -1;
	rd_text_size(l, &lw, &lh);
	if (room(b, lh) != 0) {
		g_object_unref(l);
		return -1;
	}
	cairo_move_to(b->cr, x, b->y);
	pango_cairo_show_layout(b->cr, l);
	b->y += lh;
	g_object_unref(l);
	return 0;
}

static int
cover(struct bk *b, const rd_palmares *p)
{
	double cw = b->W - 2 * b->m;
	char date[64], *s, *who = "palmares.pdf";
	int rc = 0;

	cairo_set_source_rgb(b->cr, BLUE);
	b->y = 150;
	rc |= line(b, RD_LABEL_NAME, 20, 1, b->m, cw, PANGO_ALIGN_CENTER, who);
	b->y += 40;
	rc |= line(b, "Palmarès", 48, 1, b->m, cw, PANGO_ALIGN_CENTER, who);
	s = xasprintf("%d", b->rules->millesime);
	rc |= line(b, s, 72, 1, b->m, cw, PANGO_ALIGN_CENTER, who);
	free(s);
	rc |= line(b, "@@@@@", 60, 1, b->m, cw, PANGO_ALIGN_CENTER, who);
	cairo_set_source_rgb(b->cr, 0, 0, 0);
	b->y += 40;
	s = p->n == 1 ? xstrdup("1 collectivité labellisée")
	              : xasprintf("%zu collectivités labellisées", p->n);
	rc |= line(b, s, 18, 0, b->m, cw, PANGO_ALIGN_CENTER, who);
	free(s);
	if (rd_french_date(b->rules->ceremonie, date, sizeof date) != NULL) {
		b->y += 12;
		s = xasprintf("Cérémonie du %s", date);
		rc |= line(b, s, 14, 0, b->m, cw, PANGO_ALIGN_CENTER, who);
		free(s);
	}
	if (b->rules->lieu_ceremonie[0])
		rc |= line(b, b->rules->lieu_ceremonie, 14, 0, b->m, cw, PANGO_ALIGN_CENTER,
		           "rules.json: lieu_ceremonie");
	return rc ? -1 : 0;
}

/* A horizontal bar chart: one row per label, bars to scale, counts at their end. */
static int
chart(struct bk *b, const char *title, char **labels, const size_t *counts, size_t n)
{
	const double label_w = 170, row = 18, x0 = b->m + label_w + 8;
	const double bar_max = b->W - b->m - x0 - 40;
	size_t max = 1;

	b->y += 14;
	if (room(b, 24 + row * (double)(n < 3 ? n : 3)) != 0)
		return -1;
	cairo_set_source_rgb(b->cr, BLUE);
	if (line(b, title, 14, 1, b->m, b->W - 2 * b->m, PANGO_ALIGN_LEFT, "palmares.pdf") != 0)
		return -1;
	b->y += 6;
	for (size_t i = 0; i < n; i++)
		if (counts[i] > max)
			max = counts[i];
	for (size_t i = 0; i < n; i++) {
		char num[32];
		double bw = bar_max * (double)counts[i] / (double)max;

		if (room(b, row) != 0)
			return -1;
		cairo_set_source_rgb(b->cr, 0, 0, 0);
		if (rd_draw_text(b->cr, b->f, labels[i], &(rd_fit){10, 5, label_w, row, 1, 0,
		                 PANGO_ALIGN_RIGHT}, b->m, b->y, "palmares.pdf", NULL, b->e) != 0)
			return -1;
		cairo_set_source_rgb(b->cr, BLUE);
		cairo_rectangle(b->cr, x0, b->y + 3, bw, row - 6);
		cairo_fill(b->cr);
		cairo_set_source_rgb(b->cr, 0, 0, 0);
		snprintf(num, sizeof num, "%zu", counts[i]);
		if (rd_draw_text(b->cr, b->f, num, &(rd_fit){10, 5, 36, row, 1, 0,
		                 PANGO_ALIGN_LEFT}, x0 + bw + 4, b->y, "palmares.pdf", NULL, b->e) != 0)
			return -1;
		b->y += row;
	}
	return 0;
}

/* Régions with their counts, most first, then by name; unnamed last. */
struct region {
	char *name;
	char *key;
	size_t count;
};

static int
by_region(const void *a, const void *b)
{
	const struct region *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->key, y->key);
}

static int
figures(struct bk *b, const rd_palmares *p)
{
	char *labels[8];
	size_t counts[8];
	struct region *reg = xcalloc(p->n + 1, sizeof *reg);
	size_t n_reg = 0, unnamed = 0;
	int rc = 0;

	cairo_set_source_rgb(b->cr, BLUE);
	if (line(b, "Le palmarès en chiffres", 22, 1, b->m, b->W - 2 * b->m, PANGO_ALIGN_LEFT,
	         "palmares.pdf") != 0) {
		free(reg);
		return -1;
	}
	for (int a = b->rules->arobases_max, k = 0; a >= b->rules->arobases_min && k < 8; a--, k++) {
		labels[k] = a == 1 ? xstrdup("@ — 1 arobase")
		                   : xasprintf("%.*s — %d arobases", a, "@@@@@@@@@@", a);
		counts[k] = 0;
		for (size_t i = 0; i < p->n; i++)
			if (p->laureats[i].arobases == a)
				counts[k]++;
	}
	{
		int k = b->rules->arobases_max - b->rules->arobases_min + 1;

		if (k > 8)
			k = 8;
		rc = chart(b, "Lauréats par nombre d’arobases", labels, counts, (size_t)k);
		for (int i = 0; i < k; i++)
			free(labels[i]);
	}
	if (rc == 0) {
		for (int k = 0; k < 3; k++) {
			labels[k] = (char *)rd_kind_label((enum rd_kind)k);
			counts[k] = 0;
			for (size_t i = 0; i < p->n; i++)
				if ((int)p->laureats[i].kind == k)
					counts[k]++;
		}
		rc = chart(b, "Lauréats par catégorie", labels, counts, 3);
	}
	for (size_t i = 0; i < p->n; i++) {
		/* The région's name when known, else its code. */
		const char *r = p->laureats[i].region_nom ? p->laureats[i].region_nom
		                                          : p->laureats[i].region;
		size_t k;

		if (r == NULL) {
			unnamed++;
			continue;
		}
		for (k = 0; k < n_reg && strcmp(reg[k].name, r) != 0; k++)
			;
		if (k == n_reg) {
			reg[k].name = xstrdup(r);
			reg[k].key = rd_name_key(r);
			n_reg++;
		}
		reg[k].count++;
	}
	qsort(reg, n_reg, sizeof *reg, by_region);
	if (rc == 0) {
		char **rl = xcalloc(n_reg + 2, sizeof *rl);
		size_t *rcnt = xcalloc(n_reg + 2, sizeof *rcnt);

		for (size_t k = 0; k < n_reg; k++) {
			rl[k] = reg[k].name;
			rcnt[k] = reg[k].count;
		}
		if (unnamed > 0) {
			rl[n_reg] = "Région non renseignée";
			rcnt[n_reg] = unnamed;
		}
		rc = chart(b, "Lauréats par région", rl, rcnt, n_reg + (unnamed > 0));
		free(rl);
		free(rcnt);
	}
	for (size_t k = 0; k < n_reg; k++) {
		free(reg[k].name);
		free(reg[k].key);
	}
	free(reg);
	return rc;
}

/* One laureate: name, then département and kind, then mentions. */
static int
entry(struct bk *b, const rd_laureat *l)
{
	double cw = b->W - 2 * b->m, indent = 14;
	size_t n = 0, n_mentions = l->n_mentions + (l->hors_concours ? 1 : 0);
	PangoLayout **parts = xcalloc(n_mentions + 2, sizeof *parts);
	double total = 4, w, h;
	char *who = xasprintf("%s (%s)", l->code, l->nom), *s;
	int rc = 0;

	parts[n] = rd_text_fit(b->f, l->nom, &(rd_fit){11, 5, cw, 200, 4, 1, PANGO_ALIGN_LEFT},
	                       who, NULL, b->e);
	if (parts[n++] == NULL)
		rc = -1;
	s = xasprintf("Département %s · %s", l->departement, rd_kind_label(l->kind));
	if (rc == 0 && (parts[n++] = rd_text_fit(b->f, s, &(rd_fit){9, 5, cw - indent, 200, 4, 0,
	                PANGO_ALIGN_LEFT}, who, NULL, b->e)) == NULL)
		rc = -1;
	free(s);
	for (size_t i = 0; rc == 0 && i < n_mentions; i++) {
		const char *m = l->hors_concours ? (i == 0 ? "Hors concours" : l->mentions[i - 1])
		                                 : l->mentions[i];

		s = xasprintf("Mention : %s", m);
		if ((parts[n++] = rd_text_fit(b->f, s, &(rd_fit){9, 5, cw - indent, 200, 4, 0,
		                              PANGO_ALIGN_LEFT}, who, NULL, b->e)) == NULL)
			rc = -1;
		free(s);
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		rd_text_size(parts[i], &w, &h);
		total += h;
	}
	if (rc == 0)
		rc = room(b, total);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		rd_text_size(parts[i], &w, &h);
		cairo_move_to(b->cr, b->m + (i ? indent : 0), b->y);
		pango_cairo_show_layout(b->cr, parts[i]);
		b->y += h;
	}
	b->y += 4;
	for (size_t i = 0; i < n; i++)
		if (parts[i] != NULL)
			g_object_unref(parts[i]);
	free(parts);
	free(who);
	return rc;
}

static int
listing(struct bk *b, const rd_palmares *p)
{
	size_t *order = rd_palmares_booklet_order(p);
	int current = -1, rc = 0;

	rc = new_page(b);
	cairo_set_source_rgb(b->cr, BLUE);
	if (rc == 0)
		rc = line(b, "Les lauréats", 22, 1, b->m, b->W - 2 * b->m, PANGO_ALIGN_LEFT,
		          "palmares.pdf");
	for (size_t k = 0; rc == 0 && k < p->n; k++) {
		const rd_laureat *l = &p->laureats[order[k]];

		if (l->arobases != current) {
			size_t count = 0;
			char *s, *arob = rd_arobases_text(l->arobases);

			current = l->arobases;
			for (size_t i = 0; i < p->n; i++)
				count += p->laureats[i].arobases == current;
			s = xasprintf("%s   %d arobase%s (%zu)", arob, current, current > 1 ? "s" : "",
			              count);
			b->y += 12;
			/* A heading never ends a page: keep room for one entry after it. */
			rc = room(b, 70);
			cairo_set_source_rgb(b->cr, BLUE);
			if (rc == 0)
				rc = line(b, s, 16, 1, b->m, b->W - 2 * b->m, PANGO_ALIGN_LEFT,
				          "palmares.pdf");
			cairo_set_source_rgb(b->cr, 0, 0, 0);
			b->y += 6;
			free(s);
			free(arob);
		}
		if (rc == 0 && (rc = entry(b, l)) != 0)
			b->at_fault = 1;
	}
	free(order);
	return rc;
}

int
rd_booklet(rd_out *o, const char *rel, rd_fonts *f, const ar_rules *rules,
           const rd_palmares *p, const char *iso, int *at_fault, rd_err *e)
{
	struct bk b;

	if (at_fault != NULL)
		*at_fault = 0;
	memset(&b, 0, sizeof b);
	b.doc = rd_doc_pdf(o, rel, PAGE_W_MM, PAGE_H_MM, iso, e);
	if (b.doc == NULL)
		return -1;
	b.cr = rd_doc_cairo(b.doc);
	b.f = f;
	b.rules = rules;
	b.W = RD_MM_TO_PT(PAGE_W_MM);
	b.H = RD_MM_TO_PT(PAGE_H_MM);
	b.m = 56;
	b.y = b.m;
	b.page = 1;
	b.e = e;
	if (cover(&b, p) != 0 || new_page(&b) != 0 || figures(&b, p) != 0 ||
	    listing(&b, p) != 0) {
		if (at_fault != NULL)
			*at_fault = b.at_fault;
		rd_doc_abort(b.doc);
		return -1;
	}
	return rd_doc_close(b.doc, e);
}
