/*
 * fonts.h - the pinned fonts of arobase-render, loaded apart from the
 * machine's own fonts.
 *
 * Every PDF, SVG and PNG that render writes uses DejaVu Sans (regular and
 * bold), shipped in stages/render/fonts/ with its licence and SHA256SUMS,
 * installed as PREFIX/share/arobase/fonts/.  The sha256 of each file is
 * also compiled in here: a file that is missing or differs stops the run
 * before anything is written.  The fonts are loaded through a private
 * fontconfig configuration (FcConfigCreate + FcConfigAppFontAddFile) given
 * to a pango cairo font map, so fontconfig can never substitute another
 * font of the machine: a character DejaVu Sans cannot draw is an error
 * (textfit.h), never a box or another font.
 *
 * Example:
 *     rd_err e = RD_ERR_INIT;
 *     rd_fonts *f = rd_fonts_open(NULL, &e);
 *     if (f == NULL) ... e.msg, e.status ...
 *     PangoLayout *l = pango_layout_new(rd_fonts_context(f));  ...  rd_fonts_free(f);
 */
#ifndef AROBASE_RENDER_FONTS_H
#define AROBASE_RENDER_FONTS_H

#include <stddef.h>

#include <pango/pango.h>

#include "rderr.h"

/* The family every layout asks for. */
#define RD_FONT_FAMILY "DejaVu Sans"

/* One pinned font file. */
typedef struct rd_font_pin {
	const char *file;   /* file name inside the font folder */
	const char *sha256; /* lowercase hex sha256 of the file */
	int bold;           /* 1 for the bold face, 0 for the regular one */
} rd_font_pin;

/* The pinned files, and how many there are. */
extern const rd_font_pin rd_font_pins[];
extern const size_t rd_n_font_pins;

/* The loaded pinned fonts and their pango font map: opaque. */
typedef struct rd_fonts rd_fonts;

/*
 * Finds the font folder: env when it is non-NULL and non-empty (the value
 * of $AROBASE_FONTS, used alone), else, from exe (the program's absolute
 * path, as /proc/self/exe gives it), <exe dir>/../stages/render/fonts (the
 * build tree) then <exe dir>/../share/arobase/fonts (installed).  Returns a
 * new string the caller frees with free(), or NULL with e set (exit 66, the
 * folders tried named).
 */
char *rd_fonts_locate(const char *env, const char *exe, rd_err *e);

/*
 * Opens the pinned fonts of folder dir (NULL: rd_fonts_locate from
 * $AROBASE_FONTS and /proc/self/exe): checks every pinned file's sha256
 * (missing: exit 66; different: exit 65, the file named), loads them into
 * a private fontconfig configuration and a pango cairo font map at 72 units
 * per inch (1 unit = 1 pt) without hinting, and checks that fontconfig
 * resolves RD_FONT_FAMILY regular and bold to them.  Returns a handle the
 * caller frees with rd_fonts_free, or NULL with e set.
 */
rd_fonts *rd_fonts_open(const char *dir, rd_err *e);

/* Frees f and its font map.  NULL does nothing. */
void rd_fonts_free(rd_fonts *f);

/* The folder the fonts were loaded from (borrowed, valid until rd_fonts_free). */
const char *rd_fonts_dir(const rd_fonts *f);

/* The pango context every layout is made in (borrowed). */
PangoContext *rd_fonts_context(rd_fonts *f);

/* The loaded font of the given weight (bold 1 or 0), for coverage checks (borrowed). */
PangoFont *rd_fonts_font(rd_fonts *f, int bold);

#endif
