/*
 * test_render_mosaique.c - the mosaïque's layout and numbers (mosaique.h)
 * and the jury book's page numbering (jurybook.h): French shares rounded
 * half up with U+202F, the grid of an enjeu's cells, tiles and cells that
 * stay inside their box without overlapping for the 16-enjeux référentiel
 * on a page and in a jury book's column, the national shade that darkens
 * with the share, coverage.json checked against its référentiel.
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

#include <jansson.h>

#include "arobase.h"
#include "referentiel.h"
#include "../../stages/render/jurybook.h"
#include "../../stages/render/mosaique.h"

/* A référentiel of axes x enjeux_per_axe enjeux, enjeu k having 1 + (k * 5) % 9 services. */
static ar_referentiel *
make_ref(int axes, int per_axe)
{
	json_t *root = json_object(), *ja = json_array();
	char why[256], id[32];
	int svc = 0;
	ar_referentiel *ref;

	json_object_set_new(root, "millesime", json_integer(2018));
	for (int a = 0; a < axes; a++) {
		json_t *ax = json_object(), *je = json_array();

		snprintf(id, sizeof id, "%d", a + 1);
		json_object_set_new(ax, "id", json_string(id));
		json_object_set_new(ax, "nom", json_string("Axe"));
		for (int k = 0; k < per_axe; k++) {
			json_t *en = json_object(), *ju = json_array(), *us = json_object(),
			       *js = json_array();
			int n = 1 + ((a * per_axe + k) * 5) % 9;

			snprintf(id, sizeof id, "%d.%d", a + 1, k + 1);
			json_object_set_new(en, "id", json_string(id));
			json_object_set_new(en, "nom", json_string("Enjeu"));
			snprintf(id, sizeof id, "%d.%d.1", a + 1, k + 1);
			json_object_set_new(us, "id", json_string(id));
			json_object_set_new(us, "nom", json_string("Usage"));
			for (int s = 0; s < n; s++) {
				json_t *sv = json_object();

				snprintf(id, sizeof id, "S%03d", ++svc);
				json_object_set_new(sv, "id", json_string(id));
				json_object_set_new(sv, "nom", json_string("Service"));
				json_array_append_new(js, sv);
			}
			json_object_set_new(us, "services", js);
			json_array_append_new(ju, us);
			json_object_set_new(en, "usages", ju);
			json_array_append_new(je, en);
		}
		json_object_set_new(ax, "enjeux", je);
		json_array_append_new(ja, ax);
	}
	json_object_set_new(root, "axes", ja);
	ref = ar_referentiel_from_json(root, why, sizeof why);
	if (ref == NULL)
		fprintf(stderr, "make_ref: %s\n", why);
	json_decref(root);
	return ref;
}

static void
share_text(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(rd_share_text(2, 3, b, sizeof b), "66,7\u202f%");
	assert_string_equal(rd_share_text(1, 3, b, sizeof b), "33,3\u202f%");
	assert_string_equal(rd_share_text(2, 2, b, sizeof b), "100\u202f%");
	assert_string_equal(rd_share_text(0, 2, b, sizeof b), "0\u202f%");
	assert_string_equal(rd_share_text(0, 0, b, sizeof b), "0\u202f%");
	assert_string_equal(rd_share_text(1, 16, b, sizeof b), "6,3\u202f%");   /* 6.25: half up */
	assert_string_equal(rd_share_text(1, 8, b, sizeof b), "12,5\u202f%");
	assert_string_equal(rd_share_text(56, 139, b, sizeof b), "40,3\u202f%");
	assert_string_equal(rd_share_text(1, 2000, b, sizeof b), "0,1\u202f%"); /* 0.05: half up */
	assert_string_equal(rd_share_text(1, 2001, b, sizeof b), "0\u202f%");
}

static void
grid_cols(void **state)
{
	(void)state;
	assert_int_equal(rd_mosaic_grid_cols(0, 100, 100, 2), 0);
	assert_int_equal(rd_mosaic_grid_cols(1, 100, 100, 2), 1);
	/* 9 cells in 180 x 60 pt: 3 columns give 58.7 x 18.7 pt cells (score 18.7),
	 * 4 the same height (a tie: the fewer columns win), 5 give 34.4 x 29 (17.2). */
	assert_int_equal(rd_mosaic_grid_cols(9, 180, 60, 2), 3);
	assert_int_equal(rd_mosaic_grid_cols(9, 40, 300, 2), 1);
	assert_true(rd_mosaic_grid_cols(3, 1000, 10, 1) == 3);
}

static int
overlap(rd_rect a, rd_rect b)
{
	return a.x < b.x + b.w - 1e-9 && b.x < a.x + a.w - 1e-9 &&
	       a.y < b.y + b.h - 1e-9 && b.y < a.y + a.h - 1e-9;
}

static int
inside(rd_rect in, rd_rect out)
{
	return in.x >= out.x - 1e-9 && in.y >= out.y - 1e-9 &&
	       in.x + in.w <= out.x + out.w + 1e-9 && in.y + in.h <= out.y + out.h + 1e-9;
}

/* Checks every invariant of a layout of ref in box. */
static void
check_layout(const ar_referentiel *ref, rd_rect box)
{
	rd_mosaic_geom g;

	assert_int_equal(rd_mosaic_layout(ref, box.x, box.y, box.w, box.h, &g), 0);
	assert_int_equal(g.n_axes, ref->n_axes);
	assert_int_equal(g.n_services, ref->n_services);
	for (size_t a = 0; a < g.n_axes; a++) {
		assert_true(inside(g.axes[a], box));
		if (a > 0)
			assert_true(g.axes[a].x >= g.axes[a - 1].x + g.axes[a - 1].w);
	}
	for (size_t k = 0; k < g.n_enjeux; k++) {
		const ar_ref_enjeu *en = &ref->enjeux[k];

		assert_true(inside(g.tiles[k], g.axes[en->axe]));
		assert_true(g.tiles[k].y >= g.axes[en->axe].y + g.axe_head_h);
		for (size_t j = 0; j < k; j++)
			assert_false(overlap(g.tiles[j], g.tiles[k]));
		for (size_t s = 0; s < en->n_services; s++) {
			rd_rect c = g.cells[en->first_service + s];

			assert_true(inside(c, g.tiles[k]));
			assert_true(c.y >= g.tiles[k].y + g.tile_head_h - 1e-9);
			assert_true(c.w >= 2 && c.h >= 2);
			for (size_t t = 0; t < s; t++)
				assert_false(overlap(g.cells[en->first_service + t], c));
		}
	}
	rd_mosaic_geom_free(&g);
	assert_null(g.cells);
}

static void
layout(void **state)
{
	ar_referentiel *ref16 = make_ref(4, 4), *ref4 = make_ref(4, 1), *uneven = make_ref(3, 5);
	rd_mosaic_geom g;

	(void)state;
	assert_non_null(ref16);
	assert_int_equal(ref16->n_enjeux, 16);
	/* The mosaïque page's box (A4 landscape) and a jury book's left column. */
	check_layout(ref16, (rd_rect){28, 86, 785.9, 423.3});
	check_layout(ref16, (rd_rect){28, 116, 473.4, 432});
	check_layout(ref4, (rd_rect){28, 86, 785.9, 423.3});
	check_layout(uneven, (rd_rect){0, 0, 400, 300});
	/* Tiles of an axe are stacked in the file's order; same height everywhere. */
	assert_int_equal(rd_mosaic_layout(ref16, 0, 0, 800, 400, &g), 0);
	assert_true(g.tiles[1].y > g.tiles[0].y);
	assert_true(g.tiles[4].x > g.tiles[0].x);
	assert_true(g.tiles[0].h == g.tiles[15].h);
	rd_mosaic_geom_free(&g);
	/* Too small a box is refused, leaving nothing to free. */
	assert_int_equal(rd_mosaic_layout(ref16, 0, 0, 30, 20, &g), -1);
	assert_null(g.tiles);
	ar_referentiel_free(ref16);
	ar_referentiel_free(ref4);
	ar_referentiel_free(uneven);
}

static void
national_shade(void **state)
{
	double last = 4, r, g, b;

	(void)state;
	rd_national_shade(0, &r, &g, &b);
	assert_true(r == 1 && g == 1 && b == 1);
	for (unsigned t = 0; t <= 1000; t += 50) {
		double lum;

		rd_national_shade(t, &r, &g, &b);
		lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
		assert_true(lum < last);
		last = lum;
	}
	assert_true(last < 0.25); /* 100 %: dark enough for white text */
}

static void
toc_pages(void **state)
{
	(void)state;
	assert_int_equal(rd_jury_book_toc_pages(0, 0, 25), 1);
	assert_int_equal(rd_jury_book_toc_pages(25, 0, 25), 1);
	assert_int_equal(rd_jury_book_toc_pages(25, 1, 25), 2); /* the refused line spills */
	assert_int_equal(rd_jury_book_toc_pages(24, 3, 25), 1);
	assert_int_equal(rd_jury_book_toc_pages(51, 0, 25), 3);
}

/* Writes text to a temporary file; returns its path (free()). */
static char *
temp_json(const char *text)
{
	char *path = strdup("/tmp/test_render_mosaique.XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void
coverage_load(void **state)
{
	ar_referentiel *ref = make_ref(2, 1); /* 1.1: S001 (1 service); 2.1: S002..S007 (6) */
	rd_err e = RD_ERR_INIT;
	rd_coverage *c;
	char *p;

	(void)state;
	assert_non_null(ref);
	p = temp_json("{\"millesime\":2018,\"collectivites\":["
	              "{\"code\":\"75056\",\"actions_retenues\":3,\"enjeux\":[{\"id\":\"2.1\",\"couverts\":2,\"total\":6,\"services_couverts\":[\"S002\",\"S006\"]}]},"
	              "{\"code\":\"35238\",\"actions_retenues\":0,\"enjeux\":[]}],"
	              "\"national\":{\"collectivites\":2,\"services\":[{\"id\":\"S002\",\"enjeu\":\"2.1\",\"collectivites\":1,\"part\":50}]}}");
	c = rd_coverage_load(p, ref, "ref.json", 2018, &e);
	assert_non_null(c);
	assert_int_equal(c->n, 2);
	assert_string_equal(c->colls[0].code, "35238"); /* sorted by code */
	assert_int_equal(c->colls[1].couverts, 2);
	assert_int_equal(c->colls[1].covered[1], 1);
	assert_int_equal(c->colls[1].covered[0], 0);
	assert_int_equal(c->colls[1].covered[5], 1);
	assert_int_equal(c->national[1], 1);
	assert_ptr_equal(rd_coverage_find(c, "75056"), &c->colls[1]);
	assert_null(rd_coverage_find(c, "75057"));
	rd_coverage_free(c);
	unlink(p);
	free(p);

	/* A covered service of another enjeu. */
	p = temp_json("{\"millesime\":2018,\"collectivites\":[{\"code\":\"75056\",\"actions_retenues\":1,"
	              "\"enjeux\":[{\"id\":\"1.1\",\"couverts\":1,\"total\":1,\"services_couverts\":[\"S002\"]}]}]}");
	assert_null(rd_coverage_load(p, ref, "ref.json", 2018, &e));
	assert_int_equal(e.status, AR_EXIT_DATAERR);
	assert_non_null(strstr(e.msg, "collectivites[0] (75056): enjeux[0] (1.1): services_couverts[0]: \"S002\" is not a service of enjeu 1.1 in ref.json"));
	unlink(p);
	free(p);

	/* Covered services without their list. */
	e = (rd_err)RD_ERR_INIT;
	p = temp_json("{\"millesime\":2018,\"collectivites\":[{\"code\":\"75056\",\"actions_retenues\":1,"
	              "\"enjeux\":[{\"id\":\"2.1\",\"couverts\":1,\"total\":6}]}]}");
	assert_null(rd_coverage_load(p, ref, "ref.json", 2018, &e));
	assert_non_null(strstr(e.msg, "services_couverts: missing"));
	unlink(p);
	free(p);

	/* An unknown enjeu. */
	e = (rd_err)RD_ERR_INIT;
	p = temp_json("{\"millesime\":2018,\"collectivites\":[{\"code\":\"75056\",\"actions_retenues\":1,"
	              "\"enjeux\":[{\"id\":\"9.1\",\"couverts\":0,\"total\":5}]}]}");
	assert_null(rd_coverage_load(p, ref, "ref.json", 2018, &e));
	assert_non_null(strstr(e.msg, "enjeux[0]: id: \"9.1\" is not an enjeu of ref.json"));
	unlink(p);
	free(p);

	/* Missing file: exit 66. */
	e = (rd_err)RD_ERR_INIT;
	assert_null(rd_coverage_load("/nonexistent/coverage.json", ref, "ref.json", 2018, &e));
	assert_int_equal(e.status, AR_EXIT_NOINPUT);
	ar_referentiel_free(ref);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(share_text),
		cmocka_unit_test(grid_cols),
		cmocka_unit_test(layout),
		cmocka_unit_test(national_shade),
		cmocka_unit_test(toc_pages),
		cmocka_unit_test(coverage_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
