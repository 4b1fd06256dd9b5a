/*
 * textfit.c - checked layouts and fitting text to boxes (see textfit.h).
 */
#include "textfit.h"

#include <math.h>
#include <string.h>

#include <glib.h>
#include <pango/pangocairo.h>

#include "arobase.h"

char *
rd_text_clean(const char *text, const char *who, rd_err *e)
{
	const char *end;
	char *nfc;

	if (!g_utf8_validate(text, -1, &end)) {
		rd_err_set(e, AR_EXIT_DATAERR, "%s: invalid UTF-8 at byte %ld of \"%.*s\"",
		           who, (long)(end - text), (int)(end - text), text);
		return NULL;
	}
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
			rd_err_set(e, AR_EXIT_DATAERR,
			           "%s: control character U+%04X in \"%s\"", who, (unsigned)c, text);
			return NULL;
		}
	}
	nfc = g_utf8_normalize(text, -1, G_NORMALIZE_NFC);
	if (nfc == NULL)
		rd_err_set(e, AR_EXIT_DATAERR, "%s: cannot normalise \"%s\"", who, text);
	return nfc;
}

static void
set_size(PangoLayout *l, int bold, double size_pt)
{
	PangoFontDescription *d = pango_font_description_new();

	pango_font_description_set_family_static(d, RD_FONT_FAMILY);
	pango_font_description_set_weight(d, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(d, size_pt * PANGO_SCALE);
	pango_layout_set_font_description(l, d);
	pango_font_description_free(d);
}

/* Names the first character of text that font cannot draw. */
static int
unknown_glyph(rd_fonts *f, const char *text, int bold, int count, const char *who,
              rd_err *e)
{
	PangoFont *font = rd_fonts_font(f, bold);

	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		/* Characters pango never draws (joiners, soft hyphen) need no glyph. */
		if (g_unichar_iszerowidth(c) && !g_unichar_ismark(c))
			continue;
		if (!pango_font_has_char(font, c))
			return rd_err_set(e, AR_EXIT_DATAERR,
			                  "%s: character U+%04X cannot be drawn with the pinned font %s%s in \"%s\"",
			                  who, (unsigned)c, RD_FONT_FAMILY, bold ? " Bold" : "", text);
	}
	return rd_err_set(e, AR_EXIT_DATAERR,
	                  "%s: %d character(s) of \"%s\" cannot be drawn with the pinned font %s",
	                  who, count, text, RD_FONT_FAMILY);
}

int
rd_text_check(rd_fonts *f, const char *text, unsigned *bad, const char **why)
{
	PangoFont *regular = rd_fonts_font(f, 0), *bold = rd_fonts_font(f, 1);
	const char *end;
	char *nfc;
	int rc = 0;

	if (!g_utf8_validate(text, -1, &end)) {
		*bad = (unsigned char)*end;
		*why = "invalid UTF-8";
		return -1;
	}
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
			*bad = (unsigned)c;
			*why = "is a control character";
			return -1;
		}
	}
	nfc = g_utf8_normalize(text, -1, G_NORMALIZE_NFC);
	for (const char *p = nfc ? nfc : ""; *p && rc == 0; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (g_unichar_iszerowidth(c) && !g_unichar_ismark(c))
			continue;
		if (!pango_font_has_char(regular, c) || !pango_font_has_char(bold, c)) {
			*bad = (unsigned)c;
			*why = "cannot be drawn with the pinned font " RD_FONT_FAMILY;
			rc = -1;
		}
	}
	g_free(nfc);
	return rc;
}

PangoLayout *
rd_text_layout(rd_fonts *f, const char *text, int bold, double size_pt,
               const char *who, rd_err *e)
{
	PangoLayout *l;
	char *clean;
	int unknown;

	clean = rd_text_clean(text, who, e);
	if (clean == NULL)
		return NULL;
	l = pango_layout_new(rd_fonts_context(f));
	set_size(l, bold, size_pt);
	pango_layout_set_text(l, clean, -1);
	unknown = pango_layout_get_unknown_glyphs_count(l);
	if (unknown != 0) {
		unknown_glyph(f, clean, bold, unknown, who, e);
		g_free(clean);
		g_object_unref(l);
		return NULL;
	}
	g_free(clean);
	return l;
}

void
rd_text_size(PangoLayout *l, double *w, double *h)
{
	PangoRectangle ink, logical;

	pango_layout_get_extents(l, &ink, &logical);
	*w = (double)logical.width / PANGO_SCALE;
	*h = (double)logical.height / PANGO_SCALE;
}

void
rd_text_ink(PangoLayout *l, double *x, double *y, double *w, double *h)
{
	PangoRectangle ink, logical;

	pango_layout_get_extents(l, &ink, &logical);
	*x = (double)ink.x / PANGO_SCALE;
	*y = (double)ink.y / PANGO_SCALE;
	*w = (double)ink.width / PANGO_SCALE;
	*h = (double)ink.height / PANGO_SCALE;
}

/* Lays l out at size s in the box; returns 1 when it fits in at most lines lines. */
static int
fits(PangoLayout *l, const rd_fit *spec, double s, int lines)
{
	double w, h;

	set_size(l, spec->bold, s);
	rd_text_size(l, &w, &h);
	return w <= spec->box_w && h <= spec->box_h &&
	       pango_layout_get_line_count(l) <= lines;
}

PangoLayout *
rd_text_fit(rd_fonts *f, const char *text, const rd_fit *spec, const char *who,
            double *size_pt, rd_err *e)
{
	return rd_text_fit_wrap(f, text, spec, PANGO_WRAP_WORD_CHAR, who, size_pt, e);
}

PangoLayout *
rd_text_fit_wrap(rd_fonts *f, const char *text, const rd_fit *spec, PangoWrapMode wrap,
                 const char *who, double *size_pt, rd_err *e)
{
	PangoLayout *l;
	double w, h, one = 0, wrapped = 0;

	l = rd_text_layout(f, text, spec->bold, spec->max_pt, who, e);
	if (l == NULL)
		return NULL;
	pango_layout_set_alignment(l, spec->align);
	pango_layout_set_wrap(l, wrap);
	/* One line: the natural width scales with the size (no hinting). */
	rd_text_size(l, &w, &h);
	if (w > 0 && h > 0) {
		double s = spec->max_pt;

		if (spec->box_w / w < 1)
			s = fmin(s, spec->max_pt * spec->box_w / w);
		if (spec->box_h / h < 1)
			s = fmin(s, spec->max_pt * spec->box_h / h);
		s = floor(s * 10) / 10;
		pango_layout_set_width(l, (int)(spec->box_w * PANGO_SCALE));
		for (int tries = 0; tries < 20 && s >= spec->min_pt; tries++, s -= 0.1)
			if (fits(l, spec, s, 1)) {
				one = s;
				break;
			}
	} else {
		one = spec->max_pt;
	}
	/* Several lines, when one line had to shrink too much. */
	if (spec->max_lines > 1 && one < 0.75 * spec->max_pt) {
		pango_layout_set_width(l, (int)(spec->box_w * PANGO_SCALE));
		for (double s = spec->max_pt; s > one && s >= spec->min_pt;
		     s = floor((s - 0.5) * 10) / 10)
			if (fits(l, spec, s, spec->max_lines)) {
				wrapped = s;
				break;
			}
	}
	if (one == 0 && wrapped == 0) {
		rd_err_set(e, AR_EXIT_DATAERR,
		           "%s: \"%s\" does not fit in %.0f x %.0f pt even at %.1f pt",
		           who, pango_layout_get_text(l), spec->box_w, spec->box_h, spec->min_pt);
		g_object_unref(l);
		return NULL;
	}
	if (wrapped > one) {
		fits(l, spec, wrapped, spec->max_lines);
	} else {
		fits(l, spec, one, 1);
	}
	if (size_pt != NULL)
		*size_pt = wrapped > one ? wrapped : one;
	return l;
}
