/*
 * textfit.h - checked pango layouts, and text that fits its box.
 *
 * Every piece of text arobase-render draws (names, kinds, arobases,
 * mentions, dates) goes through rd_text_layout or rd_text_fit, which refuse
 * invalid UTF-8 and control characters, normalise to NFC, and check that
 * pango found a glyph for every character in the pinned font
 * (pango_layout_get_unknown_glyphs_count() == 0): a character the font
 * cannot draw is an error naming the collectivité and the code point
 * (U+XXXX), never a box.  Sizes are in points (1 unit = 1 pt, fonts.h).
 *
 * Example:
 *     rd_fit fit = {.max_pt = 40, .min_pt = 12, .box_w = 700, .box_h = 100,
 *                   .max_lines = 3, .bold = 1, .align = PANGO_ALIGN_CENTER};
 *     PangoLayout *l = rd_text_fit(fonts, name, &fit, "94038 (L’Haÿ-les-Roses)", NULL, &e);
 *     pango_cairo_show_layout(cr, l);  g_object_unref(l);
 */
#ifndef AROBASE_RENDER_TEXTFIT_H
#define AROBASE_RENDER_TEXTFIT_H

#include <pango/pango.h>

#include "fonts.h"
#include "rderr.h"

/* How a text must fit its box. */
typedef struct rd_fit {
	double max_pt;         /* preferred (largest) font size, pt */
	double min_pt;         /* smallest size allowed, pt; below it the text does not fit */
	double box_w;          /* box width, pt */
	double box_h;          /* box height, pt */
	int max_lines;         /* most lines allowed when wrapping (1: never wrap) */
	int bold;              /* 1: the bold face */
	PangoAlignment align;  /* alignment of wrapped lines */
} rd_fit;

/*
 * Checks text (UTF-8) for drawing: valid UTF-8, no control character.
 * Returns a new NFC copy the caller frees with g_free(), or NULL with e set
 * (exit 65, naming who and the byte offset or code point).
 */
char *rd_text_clean(const char *text, const char *who, rd_err *e);

/*
 * Checks, before anything is drawn, that text (UTF-8) can be drawn in both
 * pinned faces: valid UTF-8, no control character, a glyph for every
 * character of its NFC form (zero-width characters that are not marks need
 * none).  Returns 0, or -1 with *bad the first code point at fault (the
 * byte's value for invalid UTF-8) and *why a static English reason
 * ("cannot be drawn with the pinned font DejaVu Sans").
 */
int rd_text_check(rd_fonts *f, const char *text, unsigned *bad, const char **why);

/*
 * Makes a one-paragraph layout of text (UTF-8) at size_pt in the pinned
 * family (bold 1 or 0), unwrapped, and checks that every character has a
 * glyph.  who names the collectivité in messages ("94038 (L’Haÿ-les-Roses)",
 * or a part of the document).  Returns a new layout the caller releases
 * with g_object_unref(), or NULL with e set (exit 65).
 */
PangoLayout *rd_text_layout(rd_fonts *f, const char *text, int bold,
                            double size_pt, const char *who, rd_err *e);

/*
 * Lays text out so that it fits spec's box: one line at the largest size up
 * to max_pt that fits; when that size falls under three quarters of max_pt
 * and max_lines > 1, wrapped lines (at word, then character boundaries) at
 * the largest size that fits, if larger.  Nothing is ever clipped: when no
 * size down to min_pt fits, it is an error (exit 65) naming who.  On
 * success, *size_pt (when not NULL) receives the size chosen.  Returns a new
 * layout (g_object_unref()), or NULL with e set.
 */
PangoLayout *rd_text_fit(rd_fonts *f, const char *text, const rd_fit *spec,
                         const char *who, double *size_pt, rd_err *e);

/*
 * rd_text_fit with the given wrap mode: PANGO_WRAP_WORD_CHAR is
 * rd_text_fit; PANGO_WRAP_WORD never breaks inside a word, so that a word
 * too long for a line makes the text smaller instead (titles of the
 * mosaïque's tiles).
 */
PangoLayout *rd_text_fit_wrap(rd_fonts *f, const char *text, const rd_fit *spec,
                              PangoWrapMode wrap, const char *who, double *size_pt,
                              rd_err *e);

/* The logical width and height of l, in pt. */
void rd_text_size(PangoLayout *l, double *w, double *h);

/* The ink rectangle of l (x, y relative to the layout's origin; w, h), in pt. */
void rd_text_ink(PangoLayout *l, double *x, double *y, double *w, double *h);

#endif
