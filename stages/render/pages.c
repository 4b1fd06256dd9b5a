/*
 * pages.c - drawing the certificate and the panel (see pages.h).
 */
#include "pages.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <pango/pangocairo.h>

#include "arobase.h"
#include "output.h"
#include "xalloc.h"

char *
rd_arobases_text(int n)
{
	char *s;

	if (n < 1)
		n = 1;
	if (n > 5)
		n = 5;
	s = xmalloc((size_t)n + 1);
	memset(s, '@', (size_t)n);
	s[n] = '\0';
	return s;
}

char *
rd_french_date(const char *iso, char *buf, size_t len)
{
	static const char *months[] = {"janvier", "février", "mars", "avril", "mai", "juin",
	                               "juillet", "août", "septembre", "octobre",
	                               "novembre", "décembre"};
	int y, m, d;

	if (!ar_iso_date_valid(iso))
		return NULL;
	y = (int)strtol(iso, NULL, 10);
	m = (int)strtol(iso + 5, NULL, 10);
	d = (int)strtol(iso + 8, NULL, 10);
	if (d == 1)
		snprintf(buf, len, "1er %s %d", months[m - 1], y);
	else
		snprintf(buf, len, "%d %s %d", d, months[m - 1], y);
	return buf;
}

int
rd_draw_text(cairo_t *cr, rd_fonts *f, const char *text, const rd_fit *spec, double x,
             double y, const char *who, double *used_h, rd_err *e)
{
	return rd_draw_text_wrap(cr, f, text, spec, PANGO_WRAP_WORD_CHAR, x, y, who, used_h, e);
}

int
rd_draw_text_wrap(cairo_t *cr, rd_fonts *f, const char *text, const rd_fit *spec,
                  PangoWrapMode wrap, double x, double y, const char *who, double *used_h,
                  rd_err *e)
{
	PangoLayout *l;
	double w, h;

	l = rd_text_fit_wrap(f, text, spec, wrap, who, NULL, e);
	if (l == NULL)
		return -1;
	rd_text_size(l, &w, &h);
	cairo_move_to(cr, x, y + (spec->box_h - h) / 2);
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);
	if (used_h != NULL)
		*used_h = h;
	return 0;
}

/* rd_draw_text of s, a string this call takes and frees. */
static int
draw_owned(cairo_t *cr, rd_fonts *f, char *s, const rd_fit *spec, double x, double y,
           const char *who, rd_err *e)
{
	int rc = rd_draw_text(cr, f, s, spec, x, y, who, NULL, e);

	free(s);
	return rc;
}

/* The certificate's colours: a dark blue frame and title, black text. */
#define BLUE 0.0, 0.20, 0.45

int
rd_draw_certificate(cairo_t *cr, rd_fonts *f, const ar_rules *rules, const rd_laureat *l,
                    rd_err *e)
{
	const double W = RD_MM_TO_PT(RD_CERT_W_MM), H = RD_MM_TO_PT(RD_CERT_H_MM);
	const double x = 70, bw = W - 140;
	char *who, *s, date[64];
	double y;
	int rc = -1;

	who = xasprintf("%s (%s)", l->code, l->nom);
	cairo_save(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, BLUE);
	cairo_set_line_width(cr, 3);
	cairo_rectangle(cr, 20, 20, W - 40, H - 40);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 1);
	cairo_rectangle(cr, 28, 28, W - 56, H - 56);
	cairo_stroke(cr);

	y = 52;
	if (rd_draw_text(cr, f, RD_LABEL_NAME, &(rd_fit){24, 12, bw, 60, 2, 1, PANGO_ALIGN_CENTER},
	                 x, y, "certificate title", NULL, e) != 0)
		goto out;
	cairo_set_source_rgb(cr, 0, 0, 0);
	if (draw_owned(cr, f, xasprintf("Millésime %d", rules->millesime),
	               &(rd_fit){16, 10, bw, 24, 1, 0, PANGO_ALIGN_CENTER}, x, y + 62, who, e) != 0)
		goto out;
	if (rd_draw_text(cr, f, "décerné à", &(rd_fit){14, 10, bw, 22, 1, 0, PANGO_ALIGN_CENTER},
	                 x, y + 92, who, NULL, e) != 0)
		goto out;
	/* The name: shrinks, then wraps, to fit its box; never clipped. */
	if (rd_draw_text(cr, f, l->nom, &(rd_fit){40, 12, bw, 110, 3, 1, PANGO_ALIGN_CENTER},
	                 x, y + 118, who, NULL, e) != 0)
		goto out;
	if (draw_owned(cr, f, xasprintf("Département %s", l->departement),
	               &(rd_fit){16, 10, bw, 24, 1, 0, PANGO_ALIGN_CENTER}, x, y + 234, who, e) != 0)
		goto out;
	cairo_set_source_rgb(cr, BLUE);
	if (rd_draw_text(cr, f, rd_kind_label(l->kind),
	                 &(rd_fit){30, 14, bw, 40, 1, 1, PANGO_ALIGN_CENTER}, x, y + 266, who,
	                 NULL, e) != 0)
		goto out;
	if (draw_owned(cr, f, rd_arobases_text(l->arobases),
	               &(rd_fit){60, 20, bw, 76, 1, 1, PANGO_ALIGN_CENTER}, x, y + 308, who, e) != 0)
		goto out;
	cairo_set_source_rgb(cr, 0, 0, 0);
	{
		/* Hors concours first, then the mentions, one line each in 64 pt. */
		size_t n = l->n_mentions + (l->hors_concours ? 1 : 0);
		double row = n ? fmin(24, 64.0 / (double)n) : 0, yy = y + 390;

		for (size_t i = 0; i < n; i++, yy += row) {
			const char *m = l->hors_concours ? (i == 0 ? "Hors concours" : l->mentions[i - 1])
			                                 : l->mentions[i];

			if (rd_draw_text(cr, f, m,
			                 &(rd_fit){fmin(16, row * 0.8), 5, bw, row, 1, 0, PANGO_ALIGN_CENTER},
			                 x, yy, who, NULL, e) != 0)
				goto out;
		}
	}
	if (rd_french_date(rules->ceremonie, date, sizeof date) == NULL) {
		rd_err_set(e, AR_EXIT_DATAERR, "rules.json: dates.ceremonie: \"%s\" is not an ISO date",
		           rules->ceremonie);
		goto out;
	}
	s = rules->lieu_ceremonie[0] ? xasprintf("Remis le %s, %s", date, rules->lieu_ceremonie)
	                             : xasprintf("Remis le %s", date);
	rc = draw_owned(cr, f, s, &(rd_fit){13, 7, bw, 22, 1, 0, PANGO_ALIGN_CENTER}, x, H - 64,
	                "rules.json: lieu_ceremonie", e);
out:
	cairo_restore(cr);
	free(who);
	return rc;
}

/* Draws l at the current point: glyphs, or filled paths when outline is 1. */
static void
show_layout(cairo_t *cr, PangoLayout *l, int outline)
{
	if (outline) {
		pango_cairo_layout_path(cr, l);
		cairo_fill(cr);
	} else {
		pango_cairo_show_layout(cr, l);
	}
}

int
rd_draw_panel(cairo_t *cr, rd_fonts *f, const ar_rules *rules, const rd_laureat *l,
              double w_mm, double h_mm, rd_panel_geom *geom, rd_err *e)
{
	return rd_draw_panel_styled(cr, f, rules, l, w_mm, h_mm, NULL, geom, e);
}

int
rd_draw_panel_styled(cairo_t *cr, rd_fonts *f, const ar_rules *rules, const rd_laureat *l,
                     double w_mm, double h_mm, const rd_panel_style *style,
                     rd_panel_geom *geom, rd_err *e)
{
	const double W = RD_MM_TO_PT(w_mm), H = RD_MM_TO_PT(h_mm);
	const double m = 0.07 * fmin(W, H), cw = W - 2 * m, ch = H - 2 * m;
	const int outline = style != NULL && style->outline_text;
	const int named = style != NULL && style->with_name;
	/*
	 * Rows, as parts of the height: kind, gap, arobases, gap, year; with the
	 * name, a rule in the middle of a last gap and the name under it.
	 */
	const double kind_h = (named ? 0.20 : 0.24) * ch, arob_h = (named ? 0.33 : 0.40) * ch;
	const double year_h = (named ? 0.22 : 0.28) * ch, gap = (named ? 0.03 : 0.04) * ch;
	const double rule_gap = 0.04 * ch, name_h = 0.15 * ch;
	PangoLayout *kind = NULL, *arob = NULL, *year = NULL, *name = NULL;
	double kind_pt, arob_pt, year_pt, ax, ay, aw, ah, yx, yy, yw, yh, w, h;
	char *who, *s;
	int rc = -1;

	who = xasprintf("%s (%s)", l->code, l->nom);
	kind = rd_text_fit(f, rd_kind_label(l->kind),
	                   &(rd_fit){kind_h / 1.17, 4, cw, kind_h, 2, 1, PANGO_ALIGN_CENTER},
	                   who, &kind_pt, e);
	s = rd_arobases_text(l->arobases);
	arob = kind ? rd_text_fit(f, s, &(rd_fit){arob_h / 1.17, 4, cw, arob_h, 1, 1,
	                                          PANGO_ALIGN_CENTER}, who, &arob_pt, e) : NULL;
	free(s);
	s = xasprintf("%d", rules->millesime);
	year = arob ? rd_text_fit(f, s, &(rd_fit){year_h / 1.17, 4, cw, year_h, 1, 1,
	                                          PANGO_ALIGN_CENTER}, who, &year_pt, e) : NULL;
	free(s);
	if (year == NULL)
		goto out;
	if (named) {
		name = rd_text_fit(f, l->nom, &(rd_fit){name_h / 1.17, 6, cw, name_h, 2, 0,
		                                        PANGO_ALIGN_CENTER}, who, NULL, e);
		if (name == NULL)
			goto out;
	}
	/* R-panel: the year at least a third of the arobases' height. */
	rd_text_ink(arob, &ax, &ay, &aw, &ah);
	rd_text_ink(year, &yx, &yy, &yw, &yh);
	while (yh < ah / 3 && arob_pt > 4) {
		PangoFontDescription *d = pango_font_description_copy(
			pango_layout_get_font_description(arob));

		arob_pt = floor(arob_pt * 0.95 * 10) / 10;
		pango_font_description_set_absolute_size(d, arob_pt * PANGO_SCALE);
		pango_layout_set_font_description(arob, d);
		pango_font_description_free(d);
		rd_text_ink(arob, &ax, &ay, &aw, &ah);
	}
	cairo_save(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	rd_text_size(kind, &w, &h);
	cairo_move_to(cr, m, m + (kind_h - h) / 2);
	show_layout(cr, kind, outline);
	rd_text_size(arob, &w, &h);
	cairo_move_to(cr, m, m + kind_h + gap + (arob_h - h) / 2);
	show_layout(cr, arob, outline);
	rd_text_size(year, &w, &h);
	cairo_move_to(cr, m, m + kind_h + arob_h + 2 * gap + (year_h - h) / 2);
	show_layout(cr, year, outline);
	if (named) {
		double rule_y = m + kind_h + arob_h + year_h + 2 * gap + rule_gap / 2;

		cairo_rectangle(cr, m, rule_y - 0.004 * ch, cw, 0.008 * ch);
		cairo_fill(cr);
		rd_text_size(name, &w, &h);
		cairo_move_to(cr, m, rule_y + rule_gap / 2 + (name_h - h) / 2);
		show_layout(cr, name, outline);
	}
	cairo_restore(cr);
	if (geom != NULL) {
		geom->kind_pt = kind_pt;
		geom->arobases_pt = arob_pt;
		geom->year_pt = year_pt;
		geom->arobases_ink_h = ah;
		geom->year_ink_h = yh;
	}
	rc = 0;
out:
	if (kind != NULL)
		g_object_unref(kind);
	if (arob != NULL)
		g_object_unref(arob);
	if (year != NULL)
		g_object_unref(year);
	if (name != NULL)
		g_object_unref(name);
	free(who);
	return rc;
}
