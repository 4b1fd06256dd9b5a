/*
 * pages.h - the certificate and the panel, drawn with cairo and pango.
 *
 * Both draw on a cairo context whose user units are points (1/72 inch)
 * and whose origin is the page's top-left corner (output.h gives such a
 * context for PDF, SVG and PNG alike).  Every text goes through textfit.h, so
 * an undrawable character or a name that cannot fit is an error, never a
 * box or a clipped line.
 *
 * Example:
 *     if (rd_draw_certificate(cr, fonts, rules, &p->laureats[i], &e) != 0) ... e ...
 *     if (rd_draw_panel(cr, fonts, rules, &p->laureats[i], 350, 250, NULL, &e) != 0) ...
 */
#ifndef AROBASE_RENDER_PAGES_H
#define AROBASE_RENDER_PAGES_H

#include <cairo.h>
#include <pango/pango.h>

#include "fonts.h"
#include "palmares.h"
#include "rderr.h"
#include "rules.h"
#include "textfit.h"

/* The certificate's page: A4 landscape, mm. */
#define RD_CERT_W_MM 297.0
#define RD_CERT_H_MM 210.0

/* The label's full name, printed on certificates and the booklet. */
#define RD_LABEL_NAME "Label National Territoires, Villes et Villages Internet"

/* What rd_draw_panel chose, for checks (R-panel: the year's height). */
typedef struct rd_panel_geom {
	double kind_pt;     /* font size of the kind words, pt */
	double arobases_pt; /* font size of the arobases, pt */
	double year_pt;     /* font size of the millésime, pt */
	double arobases_ink_h; /* ink height of the arobases, pt */
	double year_ink_h;  /* ink height of the millésime, pt (>= arobases_ink_h / 3) */
} rd_panel_geom;

/* How a panel is drawn, beyond its size (NULL: the plain panel). */
typedef struct rd_panel_style {
	int outline_text; /* 1: every text as filled paths (no font left in the file) */
	int with_name;    /* 1: the collectivité's name under a rule below the millésime */
} rd_panel_style;

/*
 * Returns n '@' characters as a new string (free()); n from 1 to 5.
 */
char *rd_arobases_text(int n);

/*
 * Writes the French long form of an ISO date (yyyy-mm-dd) into buf (at
 * most len bytes, UTF-8): "8 février 2018", "1er mars 2018".
 * Locale-independent.  Returns buf,
 * or NULL when iso is not a valid date.
 */
char *rd_french_date(const char *iso, char *buf, size_t len);

/*
 * Fits text into the box (x, y, spec->box_w, spec->box_h), pt, and draws it
 * centred vertically in the box, in the current source colour.  On success
 * *used_h (when not NULL) receives the text's logical height.  Returns 0,
 * or -1 with e set (see rd_text_fit).
 */
int rd_draw_text(cairo_t *cr, rd_fonts *f, const char *text, const rd_fit *spec,
                 double x, double y, const char *who, double *used_h, rd_err *e);

/* rd_draw_text with the wrap mode of rd_text_fit_wrap (textfit.h). */
int rd_draw_text_wrap(cairo_t *cr, rd_fonts *f, const char *text, const rd_fit *spec,
                      PangoWrapMode wrap, double x, double y, const char *who,
                      double *used_h, rd_err *e);

/*
 * Draws the certificate of l (A4 landscape, RD_CERT_W_MM x RD_CERT_H_MM):
 * the label's full name, the millésime, the collectivité's name and
 * département, its kind, its arobases as '@' glyphs, its mentions, and the
 * ceremony's date and place from rules.  Returns 0, or -1 with e set.
 */
int rd_draw_certificate(cairo_t *cr, rd_fonts *f, const ar_rules *rules,
                        const rd_laureat *l, rd_err *e);

/*
 * Draws the panel of l on a w_mm x h_mm page (R-panel, art. 11): the kind
 * words, the arobases and the millésime, black on white, as large as the
 * page allows, the year's ink never under a third of the arobases' ink
 * height.  When geom is not NULL it receives the sizes chosen.  Returns 0,
 * or -1 with e set.
 */
int rd_draw_panel(cairo_t *cr, rd_fonts *f, const ar_rules *rules, const rd_laureat *l,
                  double w_mm, double h_mm, rd_panel_geom *geom, rd_err *e);

/*
 * Draws the panel of l like rd_draw_panel, styled by style (NULL: plain):
 * with style->outline_text, the text is drawn as filled paths
 * (pango_cairo_layout_path), so a PDF keeps no font; with style->with_name,
 * the rows shrink to make room, under the millésime, for a rule and the
 * collectivité's name (l->nom, wrapped on two lines when long), for the
 * communes that want their name on the sign.  Returns 0, or -1 with e set
 * (a name that cannot fit at 6 pt is exit 65).
 */
int rd_draw_panel_styled(cairo_t *cr, rd_fonts *f, const ar_rules *rules,
                         const rd_laureat *l, double w_mm, double h_mm,
                         const rd_panel_style *style, rd_panel_geom *geom, rd_err *e);

#endif
