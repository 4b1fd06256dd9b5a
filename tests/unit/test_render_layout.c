/*
 * test_render_layout.c - arobase-render's text and page layout: pinned
 * fonts (fonts.h), text checked and fitted to its box (textfit.h), the
 * panel's proportions (R-panel: the year at least a third of the
 * arobases' height), palmares.json reading and the booklet's order.
 *
 * Run from the repository's root (make unit does): the fonts are read
 * from stages/render/fonts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "arobase.h"
#include "rules.h"
#include "../../stages/render/fonts.h"
#include "../../stages/render/pages.h"
#include "../../stages/render/palmares.h"
#include "../../stages/render/textfit.h"

#define FONTS "stages/render/fonts"

static rd_fonts *fonts;

static int
setup(void **state)
{
	rd_err e = RD_ERR_INIT;

	(void)state;
	fonts = rd_fonts_open(FONTS, &e);
	if (fonts == NULL)
		fprintf(stderr, "%s\n", e.msg);
	return fonts == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	rd_fonts_free(fonts);
	return 0;
}

static void
locate(void **state)
{
	rd_err e = RD_ERR_INIT, e2 = RD_ERR_INIT;
	char *dir;

	(void)state;
	dir = rd_fonts_locate(FONTS, NULL, &e);
	assert_non_null(dir);
	assert_string_equal(dir, FONTS);
	free(dir);
	/* From the program's path: <exe dir>/../stages/render/fonts. */
	dir = rd_fonts_locate(NULL, "stages/render/../../build/arobase-render", &e);
	assert_non_null(dir);
	assert_non_null(strstr(dir, "/../stages/render/fonts"));
	free(dir);
	assert_null(rd_fonts_locate("no/such/folder", NULL, &e2));
	assert_int_equal(e2.status, AR_EXIT_NOINPUT);
	assert_non_null(strstr(e2.msg, "no/such/folder"));
}

static void
pins_match_sums_file(void **state)
{
	FILE *fp = fopen(FONTS "/SHA256SUMS", "r");
	char line[512];
	size_t seen = 0;

	(void)state;
	assert_non_null(fp);
	while (fgets(line, sizeof line, fp) != NULL) {
		for (size_t i = 0; i < rd_n_font_pins; i++)
			if (strstr(line, rd_font_pins[i].file) != NULL &&
			    line[66 + strlen(rd_font_pins[i].file)] == '\n' &&
			    strncmp(line + 66, rd_font_pins[i].file, strlen(rd_font_pins[i].file)) == 0) {
				assert_memory_equal(line, rd_font_pins[i].sha256, 64);
				seen++;
			}
	}
	fclose(fp);
	assert_int_equal(seen, rd_n_font_pins);
}

static void
altered_font_refused(void **state)
{
	char *dir = g_dir_make_tmp("arobase-fonts.XXXXXX", NULL);
	char path[4096], src[256];
	rd_err e = RD_ERR_INIT;
	FILE *in, *out;
	int c;

	(void)state;
	assert_non_null(dir);
	for (size_t i = 0; i < rd_n_font_pins; i++) {
		snprintf(src, sizeof src, FONTS "/%s", rd_font_pins[i].file);
		snprintf(path, sizeof path, "%s/%s", dir, rd_font_pins[i].file);
		in = fopen(src, "rb");
		out = fopen(path, "wb");
		assert_non_null(in);
		assert_non_null(out);
		while ((c = getc(in)) != EOF)
			putc(c, out);
		if (i == 1)
			putc(0, out); /* one byte more in the bold face */
		fclose(in);
		fclose(out);
	}
	assert_null(rd_fonts_open(dir, &e));
	assert_int_equal(e.status, AR_EXIT_DATAERR);
	assert_non_null(strstr(e.msg, rd_font_pins[1].file));
	assert_non_null(strstr(e.msg, "sha256"));
	for (size_t i = 0; i < rd_n_font_pins; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, rd_font_pins[i].file);
		unlink(path);
	}
	rmdir(dir);
	g_free(dir);
}

static void
french_glyphs_drawn(void **state)
{
	static const char *texts[] = {
		"L’Haÿ-les-Roses", "Œuilly", "Cœur d’Essonne Agglomération",
		"Mention spéciale du jury\u00a0: «\u202fNumérique éducatif\u202f»",
		"Saint\u2011Denis", "Ile-de-France with e\u0301 combining",
	};
	rd_err e = RD_ERR_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		for (int bold = 0; bold < 2; bold++) {
			PangoLayout *l = rd_text_layout(fonts, texts[i], bold, 12, "test", &e);

			assert_non_null(l);
			assert_int_equal(pango_layout_get_unknown_glyphs_count(l), 0);
			g_object_unref(l);
		}
}

static void
unknown_glyph_named(void **state)
{
	rd_err e = RD_ERR_INIT, e2 = RD_ERR_INIT, e3 = RD_ERR_INIT;

	(void)state;
	assert_null(rd_text_layout(fonts, "Ville \u4e2d", 1, 12, "75056 (Paris)", &e));
	assert_int_equal(e.status, AR_EXIT_DATAERR);
	assert_non_null(strstr(e.msg, "U+4E2D"));
	assert_non_null(strstr(e.msg, "75056 (Paris)"));
	assert_null(rd_text_layout(fonts, "bad \xe0\xa4 utf8", 0, 12, "x", &e2));
	assert_int_equal(e2.status, AR_EXIT_DATAERR);
	assert_non_null(strstr(e2.msg, "invalid UTF-8"));
	assert_null(rd_text_layout(fonts, "line\nbreak", 0, 12, "x", &e3));
	assert_non_null(strstr(e3.msg, "U+000A"));
}

static void
long_names_fit(void **state)
{
	static const char *names[] = {
		"Communauté d'agglomération du Grand Besançon Métropole",
		"Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson",
		"Œuilly",
		"Communauté de communes du Pays de Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson et des Trois Rivières réunies",
	};
	rd_fit fit = {40, 12, 700, 110, 3, 1, PANGO_ALIGN_CENTER};

	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		rd_err e = RD_ERR_INIT;
		double size = 0, w, h;
		PangoLayout *l = rd_text_fit(fonts, names[i], &fit, "test", &size, &e);

		assert_non_null(l);
		rd_text_size(l, &w, &h);
		assert_true(w <= fit.box_w);
		assert_true(h <= fit.box_h);
		assert_true(size >= fit.min_pt && size <= fit.max_pt);
		assert_true(pango_layout_get_line_count(l) <= fit.max_lines);
		/* The whole text is there: nothing ellipsized or cut. */
		assert_false(pango_layout_is_ellipsized(l));
		assert_int_equal(strlen(pango_layout_get_text(l)), strlen(names[i]));
		if (i == 2)
			assert_true(size == fit.max_pt);
		g_object_unref(l);
	}
}

static void
too_long_is_an_error(void **state)
{
	rd_fit fit = {20, 12, 100, 20, 1, 0, PANGO_ALIGN_LEFT};
	rd_err e = RD_ERR_INIT;

	(void)state;
	assert_null(rd_text_fit(fonts, "Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson", &fit,
	                        "51518 (Saint-Remy)", NULL, &e));
	assert_int_equal(e.status, AR_EXIT_DATAERR);
	assert_non_null(strstr(e.msg, "does not fit"));
	assert_non_null(strstr(e.msg, "51518"));
}

static ar_rules *
test_rules(void)
{
	char why[256];
	ar_rules *r = ar_rules_load("tests/cases/29-pdf-tofu-french-glyphs/rules.json", why,
	                            sizeof why);

	assert_non_null(r);
	return r;
}

static void
panel_year_a_third(void **state)
{
	static const double sizes[][2] = {
		{350, 250}, {800, 400}, {350, 2000}, {5000, 350}, {1200, 1200},
	};
	ar_rules *r = test_rules();
	rd_laureat l = {.code = "90010", .nom = "Essai", .departement = "90",
	                .kind = RD_TERRITOIRE, .arobases = 5};

	(void)state;
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR, NULL);
		cairo_t *cr = cairo_create(s);
		rd_panel_geom g;
		rd_err e = RD_ERR_INIT;

		assert_int_equal(rd_draw_panel(cr, fonts, r, &l, sizes[i][0], sizes[i][1], &g, &e), 0);
		assert_true(g.year_ink_h * 3 >= g.arobases_ink_h);
		assert_true(g.arobases_pt > 0 && g.year_pt > 0 && g.kind_pt > 0);
		/* Large type: on the minimum panel the arobases are over 40 mm of ink. */
		if (i == 0)
			assert_true(g.arobases_ink_h > 40 * 72 / 25.4);
		cairo_destroy(cr);
		cairo_surface_destroy(s);
	}
	ar_rules_free(r);
}

static void
french_dates(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(rd_french_date("2018-02-08", buf, sizeof buf), "8 février 2018");
	assert_string_equal(rd_french_date("2018-03-01", buf, sizeof buf), "1er mars 2018");
	assert_string_equal(rd_french_date("2017-12-31", buf, sizeof buf), "31 décembre 2017");
	assert_null(rd_french_date("2017-02-29", buf, sizeof buf));
}

static void
name_keys(void **state)
{
	char *a = rd_name_key("Œuilly"), *b = rd_name_key("oeuilly");
	char *c = rd_name_key("L’Haÿ-les-Roses"), *d = rd_name_key("l'hay les  roses");
	char *x = rd_name_key("Évry-Courcouronnes"), *y = rd_name_key("Brest");

	(void)state;
	assert_string_equal(a, b);
	assert_string_equal(c, d);
	assert_true(strcmp(y, x) < 0);
	free(a);
	free(b);
	free(c);
	free(d);
	free(x);
	free(y);
}

static void
palmares_order(void **state)
{
	ar_rules *r = test_rules();
	rd_err e = RD_ERR_INIT;
	rd_palmares *p = rd_palmares_load("tests/cases/31-pdf-deterministic/palmares.json", r, &e);
	size_t *o;

	(void)state;
	assert_non_null(p);
	assert_int_equal(p->n, 3);
	/* Code order, whatever the file's order (35238, 29019, 91228). */
	assert_string_equal(p->laureats[0].code, "29019");
	assert_string_equal(p->laureats[1].code, "35238");
	assert_string_equal(p->laureats[2].code, "91228");
	/* The booklet: arobases (most first), then name. */
	o = rd_palmares_booklet_order(p);
	assert_string_equal(p->laureats[o[0]].nom, "Rennes");
	assert_string_equal(p->laureats[o[1]].nom, "Évry-Courcouronnes");
	assert_string_equal(p->laureats[o[2]].nom, "Brest");
	free(o);
	rd_palmares_free(p);
	ar_rules_free(r);
}

static void
palmares_errors(void **state)
{
	static const struct { const char *json; const char *want; } bad[] = {
		{"{\"millesime\":2019,\"laureats\":[]}", "millesime"},
		{"{\"millesime\":2018,\"laureats\":[{\"code\":\"../x\",\"nom\":\"A\",\"departement\":\"1\",\"type\":\"ville\",\"arobases\":1}]}", "code"},
		{"{\"millesime\":2018,\"laureats\":[{\"code\":\"1\",\"nom\":\"A\",\"departement\":\"1\",\"type\":\"region\",\"arobases\":1}]}", "type"},
		{"{\"millesime\":2018,\"laureats\":[{\"code\":\"1\",\"nom\":\"A\",\"departement\":\"1\",\"type\":\"ville\",\"arobases\":6}]}", "arobases"},
		{"{\"millesime\":2018,\"laureats\":[{\"code\":\"1\",\"nom\":\"A\",\"departement\":\"1\",\"type\":\"ville\",\"arobases\":1},{\"code\":\"1\",\"nom\":\"B\",\"departement\":\"1\",\"type\":\"ville\",\"arobases\":1}]}", "twice"},
		{"{\"millesime\":2018,\"millesime\":2018,\"laureats\":[]}", "duplicate"},
		{"{\"millesime\":2018,\"laureats\":[{\"code\":\"1\",\"nom\":\"A\\u0000\",\"departement\":\"1\",\"type\":\"ville\",\"arobases\":1}]}", "palmares"},
	};
	ar_rules *r = test_rules();

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *path = NULL;
		int fd = g_file_open_tmp("arobase-palmares.XXXXXX", &path, NULL);
		rd_err e = RD_ERR_INIT;
		FILE *fp;

		assert_true(fd >= 0);
		fp = fdopen(fd, "w");
		fputs(bad[i].json, fp);
		fclose(fp);
		assert_null(rd_palmares_load(path, r, &e));
		assert_int_equal(e.status, AR_EXIT_DATAERR);
		if (strstr(e.msg, bad[i].want) == NULL)
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, e.msg, bad[i].want);
		unlink(path);
		g_free(path);
	}
	{
		rd_err e = RD_ERR_INIT;

		assert_null(rd_palmares_load("/nonexistent/palmares.json", r, &e));
		assert_int_equal(e.status, AR_EXIT_NOINPUT);
	}
	ar_rules_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(locate),
		cmocka_unit_test(pins_match_sums_file),
		cmocka_unit_test(altered_font_refused),
		cmocka_unit_test(french_glyphs_drawn),
		cmocka_unit_test(unknown_glyph_named),
		cmocka_unit_test(long_names_fit),
		cmocka_unit_test(too_long_is_an_error),
		cmocka_unit_test(panel_year_a_third),
		cmocka_unit_test(french_dates),
		cmocka_unit_test(name_keys),
		cmocka_unit_test(palmares_order),
		cmocka_unit_test(palmares_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
