/*
 * fonts.c - pinned fonts behind a private fontconfig configuration (see fonts.h).
 */
#include "fonts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include "arobase.h"
#include "digest.h"
#include "xalloc.h"

/* DejaVu Sans 2.37 as Debian 12's fonts-dejavu-core 2.37-6 ships it. */
const rd_font_pin rd_font_pins[] = {
	{"DejaVuSans.ttf",
	 "abdc775b21b1bc470d50c97e790d276f2054b7504e56e5bd3e64f48d68582322", 0},
	{"DejaVuSans-Bold.ttf",
	 "0d977336a6d5fba34eab8e3199eb218327161b5143749f802982c2bc34df0c96", 1},
};
const size_t rd_n_font_pins = sizeof rd_font_pins / sizeof rd_font_pins[0];

struct rd_fonts {
	char *dir;              /* folder the fonts come from */
	PangoFontMap *map;      /* pango cairo font map on the private config */
	PangoContext *context;  /* 72 dpi, no hinting */
	PangoFont *font[2];     /* regular and bold, as loaded */
};

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *
rd_fonts_locate(const char *env, const char *exe, rd_err *e)
{
	char *dir, *tree, *installed;
	const char *slash;

	if (env != NULL && env[0] != '\0') {
		if (is_dir(env))
			return xstrdup(env);
		rd_err_set(e, AR_EXIT_NOINPUT,
		           "AROBASE_FONTS: %s: not a folder with the pinned fonts", env);
		return NULL;
	}
	if (exe == NULL || (slash = strrchr(exe, '/')) == NULL) {
		rd_err_set(e, AR_EXIT_NOINPUT,
		           "cannot find the font folder: the program's own path is unknown; set AROBASE_FONTS");
		return NULL;
	}
	dir = xstrndup(exe, (size_t)(slash - exe));
	tree = xasprintf("%s/../stages/render/fonts", dir);
	installed = xasprintf("%s/../share/arobase/fonts", dir);
	free(dir);
	if (is_dir(tree)) {
		free(installed);
		return tree;
	}
	if (is_dir(installed)) {
		free(tree);
		return installed;
	}
	rd_err_set(e, AR_EXIT_NOINPUT,
	           "cannot find the font folder: neither %s nor %s exists; set AROBASE_FONTS",
	           tree, installed);
	free(tree);
	free(installed);
	return NULL;
}

/* Checks that the font map gives our family at the wanted weight. */
static PangoFont *
load_checked(rd_fonts *f, int bold, rd_err *e)
{
	PangoFontDescription *want, *got;
	PangoFont *font;
	const char *family;
	int ok;

	want = pango_font_description_new();
	pango_font_description_set_family(want, RD_FONT_FAMILY);
	pango_font_description_set_weight(want, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(want, 12 * PANGO_SCALE);
	font = pango_font_map_load_font(f->map, f->context, want);
	pango_font_description_free(want);
	if (font == NULL) {
		rd_err_set(e, AR_EXIT_DATAERR, "%s: fontconfig found no font for %s%s",
		           f->dir, RD_FONT_FAMILY, bold ? " Bold" : "");
		return NULL;
	}
	got = pango_font_describe(font);
	family = pango_font_description_get_family(got);
	ok = family != NULL && strcmp(family, RD_FONT_FAMILY) == 0 &&
	     (pango_font_description_get_weight(got) >= PANGO_WEIGHT_BOLD) == (bold != 0);
	if (!ok)
		rd_err_set(e, AR_EXIT_DATAERR,
		           "%s: fontconfig resolved %s%s to \"%s\" weight %d, not the pinned font",
		           f->dir, RD_FONT_FAMILY, bold ? " Bold" : "",
		           family ? family : "?", (int)pango_font_description_get_weight(got));
	pango_font_description_free(got);
	if (!ok) {
		g_object_unref(font);
		return NULL;
	}
	return font;
}

rd_fonts *
rd_fonts_open(const char *dir, rd_err *e)
{
	cairo_font_options_t *opts;
	FcConfig *config;
	rd_fonts *f;
	char *found = NULL;

	if (dir == NULL) {
		char exe[4096];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

		if (n > 0)
			exe[n] = '\0';
		found = rd_fonts_locate(getenv("AROBASE_FONTS"), n > 0 ? exe : NULL, e);
		if (found == NULL)
			return NULL;
		dir = found;
	}
	/* Every pinned file first: nothing is loaded unless all are right. */
	for (size_t i = 0; i < rd_n_font_pins; i++) {
		char *path = xasprintf("%s/%s", dir, rd_font_pins[i].file);
		char hex[65];

		if (ar_sha256_file(path, hex, NULL) != 0) {
			rd_err_set(e, errno == ENOENT ? AR_EXIT_NOINPUT : AR_EXIT_IOERR,
			           "%s: pinned font %s cannot be read: %s", path,
			           rd_font_pins[i].file, strerror(errno));
			free(path);
			free(found);
			return NULL;
		}
		if (strcmp(hex, rd_font_pins[i].sha256) != 0) {
			rd_err_set(e, AR_EXIT_DATAERR,
			           "%s: pinned font %s has sha256 %s, not %s", path,
			           rd_font_pins[i].file, hex, rd_font_pins[i].sha256);
			free(path);
			free(found);
			return NULL;
		}
		free(path);
	}
	config = FcConfigCreate();
	if (config == NULL) {
		free(found);
		rd_err_set(e, AR_EXIT_SOFTWARE, "fontconfig: cannot create a configuration");
		return NULL;
	}
	for (size_t i = 0; i < rd_n_font_pins; i++) {
		char *path = xasprintf("%s/%s", dir, rd_font_pins[i].file);

		if (!FcConfigAppFontAddFile(config, (const FcChar8 *)path)) {
			rd_err_set(e, AR_EXIT_DATAERR, "%s: fontconfig cannot load this font", path);
			free(path);
			FcConfigDestroy(config);
			free(found);
			return NULL;
		}
		free(path);
	}
	f = xcalloc(1, sizeof *f);
	f->dir = found ? found : xstrdup(dir);
	f->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	if (f->map == NULL) {
		FcConfigDestroy(config);
		rd_fonts_free(f);
		rd_err_set(e, AR_EXIT_SOFTWARE, "pango: no FreeType font map");
		return NULL;
	}
	/* The font map takes its own reference on the configuration. */
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), config);
	FcConfigDestroy(config);
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(f->map), 72.0);
	f->context = pango_font_map_create_context(f->map);
	pango_cairo_context_set_resolution(f->context, 72.0);
	opts = cairo_font_options_create();
	cairo_font_options_set_hint_style(opts, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(opts, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(opts, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(f->context, opts);
	cairo_font_options_destroy(opts);
	pango_context_set_round_glyph_positions(f->context, FALSE);
	pango_context_set_language(f->context, pango_language_from_string("fr"));
	for (int bold = 0; bold < 2; bold++) {
		f->font[bold] = load_checked(f, bold, e);
		if (f->font[bold] == NULL) {
			rd_fonts_free(f);
			return NULL;
		}
	}
	return f;
}

void
rd_fonts_free(rd_fonts *f)
{
	if (f == NULL)
		return;
	for (int i = 0; i < 2; i++)
		if (f->font[i] != NULL)
			g_object_unref(f->font[i]);
	if (f->context != NULL)
		g_object_unref(f->context);
	if (f->map != NULL)
		g_object_unref(f->map);
	free(f->dir);
	free(f);
}

const char *
rd_fonts_dir(const rd_fonts *f)
{
	return f->dir;
}

PangoContext *
rd_fonts_context(rd_fonts *f)
{
	return f->context;
}

PangoFont *
rd_fonts_font(rd_fonts *f, int bold)
{
	return f->font[bold ? 1 : 0];
}
