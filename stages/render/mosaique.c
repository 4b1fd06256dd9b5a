/*
 * mosaique.c - coverage.json read back, the mosaïque laid out and drawn
 * (see mosaique.h).
 */
#include "mosaique.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <jansson.h>
#include <pango/pangocairo.h>

#include "arobase.h"
#include "collectivites.h"
#include "jsonin.h"
#include "palmares.h"
#include "pages.h"
#include "textfit.h"
#include "xalloc.h"

/* ------------------------------------------------------------ coverage.json */

void
rd_coverage_free(rd_coverage *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->colls[i].code);
		free(c->colls[i].covered);
	}
	free(c->colls);
	free(c->national);
	free(c);
}

/* The index of the enjeu of this id in ref, or AR_REF_NONE. */
static size_t
find_enjeu(const ar_referentiel *ref, const char *id)
{
	for (size_t k = 0; k < ref->n_enjeux; k++)
		if (strcmp(ref->enjeux[k].id, id) == 0)
			return k;
	return AR_REF_NONE;
}

/* A non-negative integer member; -1 when absent, -2 when not one. */
static long long
get_count(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL)
		return -1;
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return -2;
	return json_integer_value(v);
}

/* Reads one enjeu of collectivités[i] into c->covered. */
static int
read_enjeu(json_t *o, const char *path, size_t i, const char *code, size_t k,
           const ar_referentiel *ref, const char *ref_name, rd_cov_coll *c,
           unsigned char *seen, rd_err *e)
{
	json_t *id = json_object_get(o, "id"), *list;
	long long couverts, total;
	size_t ej;
	const ar_ref_enjeu *en;

	if (!json_is_object(o) || !json_is_string(id))
		return rd_err_set(e, AR_EXIT_DATAERR,
		                  "%s: collectivites[%zu] (%s): enjeux[%zu]: id: missing or not a string",
		                  path, i, code, k);
	ej = find_enjeu(ref, json_string_value(id));
	if (ej == AR_REF_NONE)
		return rd_err_set(e, AR_EXIT_DATAERR,
		                  "%s: collectivites[%zu] (%s): enjeux[%zu]: id: \"%s\" is not an enjeu of %s",
		                  path, i, code, k, json_string_value(id), ref_name);
	en = &ref->enjeux[ej];
	if (seen[ej])
		return rd_err_set(e, AR_EXIT_DATAERR,
		                  "%s: collectivites[%zu] (%s): enjeux[%zu]: id: enjeu \"%s\" listed twice",
		                  path, i, code, k, en->id);
	seen[ej] = 1;
	couverts = get_count(o, "couverts");
	total = get_count(o, "total");
	if (couverts < 0 || total < 0)
		return rd_err_set(e, AR_EXIT_DATAERR,
		                  "%s: collectivites[%zu] (%s): enjeux[%zu] (%s): %s: must be an integer from 0",
		                  path, i, code, k, en->id, couverts < 0 ? "couverts" : "total");
	if ((size_t)total != en->n_services)
		return rd_err_set(e, AR_EXIT_DATAERR,
		                  "%s: collectivites[%zu] (%s): enjeux[%zu] (%s): total: %lld, but %s gives the enjeu %zu services",
		                  path, i, code, k, en->id, total, ref_name, en->n_services);
	list = json_object_get(o, "services_couverts");
	if (list == NULL && couverts == 0)
		return 0;
	if (list == NULL || !json_is_array(list))
		return rd_err_set(e, AR_EXIT_DATAERR,
		                  "%s: collectivites[%zu] (%s): enjeux[%zu] (%s): services_couverts: %s",
		                  path, i, code, k, en->id,
		                  list == NULL ? "missing (the mosaïque needs the covered services)"
		                               : "must be an array of service ids");
	if ((long long)json_array_size(list) != couverts)
		return rd_err_set(e, AR_EXIT_DATAERR,
		                  "%s: collectivites[%zu] (%s): enjeux[%zu] (%s): couverts: %lld, but services_couverts lists %zu",
		                  path, i, code, k, en->id, couverts, json_array_size(list));
	for (size_t s = 0; s < json_array_size(list); s++) {
		json_t *v = json_array_get(list, s);
		size_t sv = json_is_string(v) ? ar_referentiel_find_service(ref, json_string_value(v))
		                              : AR_REF_NONE;

		if (sv == AR_REF_NONE || ref->services[sv].enjeu != ej)
			return rd_err_set(e, AR_EXIT_DATAERR,
			                  "%s: collectivites[%zu] (%s): enjeux[%zu] (%s): services_couverts[%zu]: %s%s%s is not a service of enjeu %s in %s",
			                  path, i, code, k, en->id, s, json_is_string(v) ? "\"" : "",
			                  json_is_string(v) ? json_string_value(v) : "value",
			                  json_is_string(v) ? "\"" : "", en->id, ref_name);
		if (c->covered[sv])
			return rd_err_set(e, AR_EXIT_DATAERR,
			                  "%s: collectivites[%zu] (%s): enjeux[%zu] (%s): services_couverts[%zu]: \"%s\" listed twice",
			                  path, i, code, k, en->id, s, ref->services[sv].id);
		c->covered[sv] = 1;
		c->couverts++;
	}
	return 0;
}

static int
read_coll(json_t *o, const char *path, size_t i, const ar_referentiel *ref,
          const char *ref_name, rd_cov_coll *c, rd_err *e)
{
	json_t *code = json_object_get(o, "code"), *list;
	long long actions;
	unsigned char *seen;
	int rc = 0;

	if (!json_is_object(o))
		return rd_err_set(e, AR_EXIT_DATAERR, "%s: collectivites[%zu]: must be an object",
		                  path, i);
	if (!json_is_string(code) || !rd_code_ok(json_string_value(code)))
		return rd_err_set(e, AR_EXIT_DATAERR,
		                  "%s: collectivites[%zu]: code: must be an INSEE code or SIREN (1 to 16 letters and digits)",
		                  path, i);
	c->code = xstrdup(json_string_value(code));
	actions = get_count(o, "actions_retenues");
	if (actions < 0)
		return rd_err_set(e, AR_EXIT_DATAERR,
		                  "%s: collectivites[%zu] (%s): actions_retenues: %s", path, i, c->code,
		                  actions == -1 ? "missing" : "must be an integer from 0");
	c->actions = (long)actions;
	list = json_object_get(o, "enjeux");
	if (!json_is_array(list))
		return rd_err_set(e, AR_EXIT_DATAERR,
		                  "%s: collectivites[%zu] (%s): enjeux: must be an array", path, i,
		                  c->code);
	c->covered = xcalloc(ref->n_services + 1, 1);
	seen = xcalloc(ref->n_enjeux + 1, 1);
	for (size_t k = 0; k < json_array_size(list) && rc == 0; k++)
		rc = read_enjeu(json_array_get(list, k), path, i, c->code, k, ref, ref_name, c,
		                seen, e);
	free(seen);
	return rc;
}

static int
read_national(json_t *nat, const char *path, const ar_referentiel *ref,
              const char *ref_name, rd_coverage *c, rd_err *e)
{
	json_t *list = json_object_get(nat, "services");
	long long n = get_count(nat, "collectivites");

	if (n < 0 || n > 10000000)
		return rd_err_set(e, AR_EXIT_DATAERR,
		                  "%s: national: collectivites: must be an integer from 0 to 10000000", path);
	if (!json_is_array(list))
		return rd_err_set(e, AR_EXIT_DATAERR, "%s: national: services: must be an array", path);
	c->has_national = 1;
	c->n_national = (unsigned)n;
	c->national = xcalloc(ref->n_services + 1, sizeof *c->national);
	for (size_t k = 0; k < json_array_size(list); k++) {
		json_t *o = json_array_get(list, k), *id = json_object_get(o, "id");
		size_t sv = json_is_string(id) ? ar_referentiel_find_service(ref, json_string_value(id))
		                               : AR_REF_NONE;
		long long cnt = get_count(o, "collectivites");

		if (sv == AR_REF_NONE)
			return rd_err_set(e, AR_EXIT_DATAERR,
			                  "%s: national: services[%zu]: id: %s%s%s is not a service of %s",
			                  path, k, json_is_string(id) ? "\"" : "",
			                  json_is_string(id) ? json_string_value(id) : "missing",
			                  json_is_string(id) ? "\"" : "", ref_name);
		if (cnt < 0 || cnt > n)
			return rd_err_set(e, AR_EXIT_DATAERR,
			                  "%s: national: services[%zu] (%s): collectivites: must be an integer from 0 to %lld",
			                  path, k, ref->services[sv].id, n);
		c->national[sv] = (unsigned)cnt;
	}
	return 0;
}

static int
by_code(const void *a, const void *b)
{
	return strcmp(((const rd_cov_coll *)a)->code, ((const rd_cov_coll *)b)->code);
}

rd_coverage *
rd_coverage_load(const char *path, const ar_referentiel *ref, const char *ref_name,
                 int millesime, rd_err *e)
{
	json_t *root, *v, *list;
	rd_coverage *c;
	int rc = 0;

	if ((root = rd_json_open(path, millesime, e)) == NULL)
		return NULL;
	v = json_object_get(root, "referentiel");
	if (json_is_object(v)) {
		long long ne = get_count(v, "enjeux"), ns = get_count(v, "services"),
		          na = get_count(v, "axes");

		if ((na >= 0 && (size_t)na != ref->n_axes) ||
		    (ne >= 0 && (size_t)ne != ref->n_enjeux) ||
		    (ns >= 0 && (size_t)ns != ref->n_services)) {
			json_decref(root);
			rd_err_set(e, AR_EXIT_DATAERR,
			           "%s: referentiel: computed with %lld axes, %lld enjeux and %lld services, but %s has %zu, %zu and %zu: not the same référentiel",
			           path, na, ne, ns, ref_name, ref->n_axes, ref->n_enjeux,
			           ref->n_services);
			return NULL;
		}
	}
	list = json_object_get(root, "collectivites");
	if (!json_is_array(list)) {
		json_decref(root);
		rd_err_set(e, AR_EXIT_DATAERR, "%s: collectivites: must be an array", path);
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->millesime = millesime;
	c->colls = xcalloc(json_array_size(list) + 1, sizeof *c->colls);
	for (size_t i = 0; i < json_array_size(list) && rc == 0; i++) {
		rc = read_coll(json_array_get(list, i), path, i, ref, ref_name, &c->colls[c->n], e);
		c->n++;
	}
	v = json_object_get(root, "national");
	if (rc == 0 && v != NULL) {
		if (!json_is_object(v))
			rc = rd_err_set(e, AR_EXIT_DATAERR, "%s: national: must be an object", path);
		else
			rc = read_national(v, path, ref, ref_name, c, e);
	}
	json_decref(root);
	if (rc != 0) {
		rd_coverage_free(c);
		return NULL;
	}
	qsort(c->colls, c->n, sizeof *c->colls, by_code);
	for (size_t i = 1; i < c->n; i++)
		if (strcmp(c->colls[i - 1].code, c->colls[i].code) == 0) {
			rd_err_set(e, AR_EXIT_DATAERR, "%s: collectivites: code %s appears twice", path,
			           c->colls[i].code);
			rd_coverage_free(c);
			return NULL;
		}
	return c;
}

const rd_cov_coll *
rd_coverage_find(const rd_coverage *c, const char *code)
{
	rd_cov_coll key = {.code = (char *)code};

	if (c == NULL || c->n == 0)
		return NULL;
	return bsearch(&key, c->colls, c->n, sizeof *c->colls, by_code);
}

/* ------------------------------------------------------------ layout */

static double
clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

size_t
rd_mosaic_grid_cols(size_t n, double w, double h, double gap)
{
	size_t best = 0;
	double best_score = -1;

	for (size_t cols = 1; cols <= n; cols++) {
		size_t rows = (n + cols - 1) / cols;
		double cw = (w - (double)(cols - 1) * gap) / (double)cols;
		double ch = (h - (double)(rows - 1) * gap) / (double)rows;
		double score = fmin(cw / 2, ch);

		if (score > best_score + 1e-9) {
			best_score = score;
			best = cols;
		}
	}
	return best;
}

void
rd_mosaic_geom_free(rd_mosaic_geom *g)
{
	free(g->axes);
	free(g->tiles);
	free(g->cells);
	memset(g, 0, sizeof *g);
}

int
rd_mosaic_layout(const ar_referentiel *ref, double x, double y, double w, double h,
                 rd_mosaic_geom *g)
{
	size_t most = 1;
	double gap, col_w, tile_h, pad;

	memset(g, 0, sizeof *g);
	if (ref->n_axes == 0 || w <= 0 || h <= 0)
		return -1;
	for (size_t a = 0; a < ref->n_axes; a++)
		if (ref->axes[a].n_enjeux > most)
			most = ref->axes[a].n_enjeux;
	gap = clamp(w * 0.008, 2, 8);
	col_w = (w - gap * (double)(ref->n_axes - 1)) / (double)ref->n_axes;
	g->axe_head_h = clamp(h * 0.05, 8, 22);
	tile_h = (h - g->axe_head_h - gap * (double)most) / (double)most;
	g->tile_head_h = clamp(tile_h * 0.3, 8, 26);
	pad = clamp(tile_h * 0.04, 1.5, 4);
	if (col_w < 2 * pad + 2 || tile_h < g->tile_head_h + pad + 2)
		return -1;
	g->n_axes = ref->n_axes;
	g->n_enjeux = ref->n_enjeux;
	g->n_services = ref->n_services;
	g->axes = xcalloc(g->n_axes + 1, sizeof *g->axes);
	g->tiles = xcalloc(g->n_enjeux + 1, sizeof *g->tiles);
	g->cells = xcalloc(g->n_services + 1, sizeof *g->cells);
	for (size_t a = 0; a < ref->n_axes; a++) {
		const ar_ref_axe *ax = &ref->axes[a];
		double cx = x + (double)a * (col_w + gap);

		g->axes[a] = (rd_rect){cx, y, col_w, h};
		for (size_t k = 0; k < ax->n_enjeux; k++) {
			size_t ej = ax->first_enjeu + k;
			const ar_ref_enjeu *en = &ref->enjeux[ej];
			rd_rect t = {cx, y + g->axe_head_h + gap + (double)k * (tile_h + gap), col_w,
			             tile_h};
			double ix = t.x + pad, iy = t.y + g->tile_head_h;
			double iw = t.w - 2 * pad, ih = t.h - g->tile_head_h - pad;
			double cgap = clamp(fmin(iw, ih) * 0.03, 0.8, 3);
			size_t n = en->n_services, cols, rows;
			double cw, ch;

			g->tiles[ej] = t;
			if (n == 0)
				continue;
			cols = rd_mosaic_grid_cols(n, iw, ih, cgap);
			rows = (n + cols - 1) / cols;
			cw = (iw - (double)(cols - 1) * cgap) / (double)cols;
			ch = (ih - (double)(rows - 1) * cgap) / (double)rows;
			if (cw < 2 || ch < 2) {
				rd_mosaic_geom_free(g);
				return -1;
			}
			for (size_t s = 0; s < n; s++)
				g->cells[en->first_service + s] =
					(rd_rect){ix + (double)(s % cols) * (cw + cgap),
					          iy + (double)(s / cols) * (ch + cgap), cw, ch};
		}
	}
	return 0;
}

/* ------------------------------------------------------------ numbers */

char *
rd_share_text(unsigned long num, unsigned long den, char *buf, size_t len)
{
	unsigned long tenths = den == 0 ? 0 : (num * 2000 + den) / (2 * den);

	if (tenths % 10 == 0)
		snprintf(buf, len, "%lu\u202f%%", tenths / 10);
	else
		snprintf(buf, len, "%lu,%lu\u202f%%", tenths / 10, tenths % 10);
	return buf;
}

void
rd_national_shade(unsigned tenths, double *r, double *g, double *b)
{
	double t = (tenths > 1000 ? 1000 : tenths) / 1000.0;

	*r = 1 - t * (1 - 0.03);
	*g = 1 - t * (1 - 0.19);
	*b = 1 - t * (1 - 0.42);
}

/* ------------------------------------------------------------ drawing */

/* The axes' colours, dark enough for white text; reused past the fourth axe. */
static const double axe_rgb[][3] = {
	{0.00, 0.30, 0.55}, {0.62, 0.22, 0.10}, {0.13, 0.42, 0.18}, {0.42, 0.22, 0.52}};

static void
axe_colour(cairo_t *cr, size_t a, double tint)
{
	const double *c = axe_rgb[a % 4];

	cairo_set_source_rgb(cr, c[0] + (1 - c[0]) * tint, c[1] + (1 - c[1]) * tint,
	                     c[2] + (1 - c[2]) * tint);
}

static void
rect_path(cairo_t *cr, rd_rect r)
{
	cairo_rectangle(cr, r.x, r.y, r.w, r.h);
}

/*
 * Draws text centred in box r at the largest size up to max_pt that fits
 * on one line, when that size is at least min_pt; otherwise draws nothing
 * (cell labels are a help, the cell itself carries the information).  An
 * undrawable character is an error.  Returns 0, or -1 with e set.
 */
static int
label_or_skip(cairo_t *cr, rd_fonts *f, const char *text, int bold, rd_rect r,
              double max_pt, double min_pt, const char *who, int *drawn, rd_err *e)
{
	PangoLayout *l = rd_text_layout(f, text, bold, 10, who, e);
	double w, h, s;

	if (drawn != NULL)
		*drawn = 0;
	if (l == NULL)
		return -1;
	rd_text_size(l, &w, &h);
	g_object_unref(l);
	if (w <= 0 || h <= 0)
		return 0;
	s = fmin(max_pt, 10 * fmin(r.w * 0.92 / w, r.h * 0.95 / h));
	s = floor(s * 10) / 10;
	if (s < min_pt)
		return 0;
	l = rd_text_layout(f, text, bold, s, who, e);
	if (l == NULL)
		return -1;
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	rd_text_size(l, &w, &h);
	cairo_move_to(cr, r.x + (r.w - w) / 2, r.y + (r.h - h) / 2);
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);
	if (drawn != NULL)
		*drawn = 1;
	return 0;
}

/* One service's cell of a collectivité: covered dark with a check mark, else white. */
static int
draw_cell(cairo_t *cr, rd_fonts *f, const ar_ref_service *sv, size_t axe, rd_rect r,
          int covered, const char *who, rd_err *e)
{
	int drawn;
	char *s;
	int rc;

	rect_path(cr, r);
	if (covered)
		axe_colour(cr, axe, 0);
	else
		cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_fill_preserve(cr);
	cairo_set_line_width(cr, covered ? 0.6 : 0.5);
	if (covered)
		cairo_set_source_rgb(cr, 0, 0, 0);
	else
		cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
	cairo_stroke(cr);
	if (!covered) {
		cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
		return label_or_skip(cr, f, sv->id, 0, r, fmin(12, fmax(7, r.h * 0.3)), 3.5, who,
		                     NULL, e);
	}
	cairo_set_source_rgb(cr, 1, 1, 1);
	s = xasprintf("\u2713 %s", sv->id);
	rc = label_or_skip(cr, f, s, 1, r, fmin(12, fmax(7, r.h * 0.3)), 3.5, who, &drawn, e);
	free(s);
	if (rc == 0 && !drawn)
		rc = label_or_skip(cr, f, "\u2713", 1, r, 7, 2, who, NULL, e);
	return rc;
}

/* One service's cell of the national view: shaded by its share, the share printed. */
static int
draw_national_cell(cairo_t *cr, rd_fonts *f, const ar_ref_service *sv, rd_rect r,
                   unsigned count, unsigned n_coll, const char *who, rd_err *e)
{
	unsigned tenths = n_coll == 0 ? 0 : (unsigned)((count * 2000UL + n_coll) / (2UL * n_coll));
	double cr_, cg, cb;
	char share[32];
	int drawn = 0, rc;

	rd_national_shade(tenths, &cr_, &cg, &cb);
	rect_path(cr, r);
	cairo_set_source_rgb(cr, cr_, cg, cb);
	cairo_fill_preserve(cr);
	cairo_set_line_width(cr, 0.5);
	cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
	cairo_stroke(cr);
	if (tenths > 600)
		cairo_set_source_rgb(cr, 1, 1, 1);
	else
		cairo_set_source_rgb(cr, 0, 0, 0);
	rd_share_text(count, n_coll, share, sizeof share);
	if (r.h >= 14) {
		rd_rect top = {r.x, r.y + 1, r.w, r.h / 2 - 1}, low = {r.x, r.y + r.h / 2, r.w, r.h / 2 - 1};

		rc = label_or_skip(cr, f, sv->id, 0, top, 7, 3.5, who, &drawn, e);
		if (rc == 0 && drawn)
			return label_or_skip(cr, f, share, 1, low, 7, 3.5, who, NULL, e);
		if (rc != 0)
			return rc;
	}
	return label_or_skip(cr, f, share, 1, r, 7, 3, who, NULL, e);
}

int
rd_mosaic_draw(cairo_t *cr, rd_fonts *f, const ar_referentiel *ref, const rd_mosaic_geom *g,
               const unsigned char *covered, const unsigned *counts, unsigned n_coll,
               int with_share, const char *who, rd_err *e)
{
	for (size_t a = 0; a < ref->n_axes; a++) {
		const ar_ref_axe *ax = &ref->axes[a];
		rd_rect head = {g->axes[a].x, g->axes[a].y, g->axes[a].w, g->axe_head_h};
		char *s;
		int rc;

		rect_path(cr, head);
		axe_colour(cr, a, 0);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 1, 1, 1);
		s = xasprintf("%s. %s", ax->id, ax->nom);
		rc = rd_draw_text(cr, f, s, &(rd_fit){fmin(11, g->axe_head_h * 0.6), 3,
		                  head.w - 6, head.h, 1, 1, PANGO_ALIGN_CENTER},
		                  head.x + 3, head.y, who, NULL, e);
		free(s);
		if (rc != 0)
			return -1;
		for (size_t k = 0; k < ax->n_enjeux; k++) {
			size_t ej = ax->first_enjeu + k;
			const ar_ref_enjeu *en = &ref->enjeux[ej];
			rd_rect t = g->tiles[ej];
			double hh = g->tile_head_h, count_w, name_pt = fmin(10, hh * 0.42);
			size_t done = 0;
			char count[64], share[32];

			/* The tile: a tinted heading, an outline in the axe's colour. */
			cairo_rectangle(cr, t.x, t.y, t.w, hh);
			axe_colour(cr, a, 0.85);
			cairo_fill(cr);
			rect_path(cr, t);
			axe_colour(cr, a, 0);
			cairo_set_line_width(cr, 1);
			cairo_stroke(cr);
			for (size_t sv = 0; sv < en->n_services; sv++)
				done += covered != NULL && covered[en->first_service + sv];
			if (covered != NULL && with_share)
				snprintf(count, sizeof count, "%zu/%zu · %s", done, en->n_services,
				         rd_share_text(done, en->n_services, share, sizeof share));
			else if (covered != NULL)
				snprintf(count, sizeof count, "%zu/%zu", done, en->n_services);
			else
				snprintf(count, sizeof count, "%zu service%s", en->n_services,
				         en->n_services > 1 ? "s" : "");
			cairo_set_source_rgb(cr, 0, 0, 0);
			count_w = fmin(t.w * 0.3, hh * 2.6);
			if (rd_draw_text(cr, f, count, &(rd_fit){name_pt, 3, count_w, hh - 2, 2, 1,
			                 PANGO_ALIGN_RIGHT}, t.x + t.w - count_w - 3, t.y + 1, who, NULL,
			                 e) != 0)
				return -1;
			/* The enjeu's name: shrinks rather than break a word. */
			if (rd_draw_text_wrap(cr, f, en->nom, &(rd_fit){name_pt, 3, t.w - count_w - 9,
			                      hh - 2, 2, 1, PANGO_ALIGN_LEFT}, PANGO_WRAP_WORD,
			                      t.x + 3, t.y + 1, who, NULL, e) != 0)
				return -1;
			for (size_t sv = 0; sv < en->n_services; sv++) {
				size_t idx = en->first_service + sv;

				rc = covered != NULL
				   ? draw_cell(cr, f, &ref->services[idx], a, g->cells[idx], covered[idx],
				               who, e)
				   : draw_national_cell(cr, f, &ref->services[idx], g->cells[idx],
				                        counts[idx], n_coll, who, e);
				if (rc != 0)
					return -1;
			}
		}
	}
	return 0;
}

/* The legend of a collectivité's page, in the band (x, y, w, h). */
static int
legend(cairo_t *cr, rd_fonts *f, double x, double y, double w, double h, const char *who,
       rd_err *e)
{
	const double sw = 34, sh = 16, ty = y + (h - sh) / 2;
	rd_rect cov = {x, ty, sw, sh}, empty = {x + w * 0.38, ty, sw, sh};
	ar_ref_service demo = {.id = "S000"};

	if (draw_cell(cr, f, &demo, 0, cov, 1, who, e) != 0 ||
	    draw_cell(cr, f, &demo, 0, empty, 0, who, e) != 0)
		return -1;
	cairo_set_source_rgb(cr, 0, 0, 0);
	if (rd_draw_text(cr, f, "service couvert par au moins une action retenue",
	                 &(rd_fit){9, 5, w * 0.38 - sw - 14, h, 2, 0, PANGO_ALIGN_LEFT},
	                 x + sw + 6, y, who, NULL, e) != 0 ||
	    rd_draw_text(cr, f, "service non couvert",
	                 &(rd_fit){9, 5, w * 0.22 - sw - 10, h, 2, 0, PANGO_ALIGN_LEFT},
	                 empty.x + sw + 6, y, who, NULL, e) != 0 ||
	    rd_draw_text(cr, f, "n/t : services couverts sur services de l’enjeu, et leur part",
	                 &(rd_fit){9, 5, w * 0.40, h, 2, 0, PANGO_ALIGN_LEFT},
	                 x + w * 0.60, y, who, NULL, e) != 0)
		return -1;
	return 0;
}

/* The national scale: ten shades from 0 % to 100 %, in the band (x, y, w, h). */
static int
scale(cairo_t *cr, rd_fonts *f, double x, double y, double w, double h, const char *who,
      rd_err *e)
{
	const double label_w = w * 0.42, bw = (w - label_w - 20) / 10, bh = h * 0.45;
	char share[32];

	cairo_set_source_rgb(cr, 0, 0, 0);
	if (rd_draw_text(cr, f, "Part des collectivités candidates dont les actions retenues couvrent le service :",
	                 &(rd_fit){9, 5, label_w, h, 2, 0, PANGO_ALIGN_LEFT}, x, y, who, NULL,
	                 e) != 0)
		return -1;
	for (unsigned k = 0; k < 10; k++) {
		double r, g, b, bx = x + label_w + 10 + k * bw;

		rd_national_shade(k * 100 + 50, &r, &g, &b);
		cairo_rectangle(cr, bx, y, bw, bh);
		cairo_set_source_rgb(cr, r, g, b);
		cairo_fill_preserve(cr);
		cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
		cairo_set_line_width(cr, 0.5);
		cairo_stroke(cr);
	}
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (unsigned k = 0; k <= 10; k += 5) {
		double tx = x + label_w + 10 + k * bw;

		rd_share_text(k * 10, 100, share, sizeof share);
		if (rd_draw_text(cr, f, share, &(rd_fit){8, 5, 40, h - bh, 1, 0, PANGO_ALIGN_CENTER},
		                 tx - 20, y + bh, who, NULL, e) != 0)
			return -1;
	}
	return 0;
}

int
rd_mosaic_page(cairo_t *cr, rd_fonts *f, const ar_referentiel *ref, const rd_coverage *cov,
               const rd_cov_coll *c, const rd_mosaic_who *who, double W, double H, rd_err *e)
{
	const double m = 28;
	rd_mosaic_geom g;
	char *title, *sub, *msgwho, share[32];
	int rc = -1;

	if (c != NULL) {
		msgwho = who->nom ? xasprintf("%s (%s)", who->code, who->nom) : xstrdup(who->code);
		title = who->nom ? xasprintf("Mosaïque %d — %s", cov->millesime, who->nom)
		                 : xasprintf("Mosaïque %d — collectivité %s", cov->millesime, who->code);
		rd_share_text(c->couverts, ref->n_services, share, sizeof share);
		sub = xasprintf("Code %s%s%s · millésime %d · %ld action%s retenue%s · %zu/%zu services couverts (%s)",
		                who->code, who->kind ? " · " : "", who->kind ? who->kind : "",
		                cov->millesime, c->actions, c->actions > 1 ? "s" : "",
		                c->actions > 1 ? "s" : "", c->couverts, ref->n_services, share);
	} else {
		msgwho = xstrdup("mosaïque nationale");
		title = xasprintf("Mosaïque nationale %d", cov->millesime);
		sub = xasprintf("%u collectivité%s candidate%s · %zu services · chaque service ombré par la part des candidates qui le couvrent",
		                cov->n_national, cov->n_national > 1 ? "s" : "",
		                cov->n_national > 1 ? "s" : "", ref->n_services);
	}
	if (rd_mosaic_layout(ref, m, m + 58, W - 2 * m, H - 2 * m - 58 - 58, &g) != 0) {
		rd_err_set(e, AR_EXIT_DATAERR, "%s: the référentiel's %zu services do not fit on the page",
		           msgwho, ref->n_services);
		goto out;
	}
	cairo_set_source_rgb(cr, 0, 0.2, 0.45);
	if (rd_draw_text(cr, f, title, &(rd_fit){20, 8, W - 2 * m, 30, 1, 1, PANGO_ALIGN_LEFT},
	                 m, m, msgwho, NULL, e) != 0)
		goto geom;
	cairo_set_source_rgb(cr, 0, 0, 0);
	if (rd_draw_text(cr, f, sub, &(rd_fit){11, 6, W - 2 * m, 20, 1, 0, PANGO_ALIGN_LEFT},
	                 m, m + 32, msgwho, NULL, e) != 0)
		goto geom;
	if (rd_mosaic_draw(cr, f, ref, &g, c ? c->covered : NULL, c ? NULL : cov->national,
	                   cov->n_national, 1, msgwho, e) != 0)
		goto geom;
	if ((c != NULL ? legend(cr, f, m, H - m - 50, W - 2 * m, 28, msgwho, e)
	               : scale(cr, f, m, H - m - 50, W - 2 * m, 28, msgwho, e)) != 0)
		goto geom;
	cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
	{
		char *foot = xasprintf("%s — pré-diagnostic %d%s", RD_LABEL_NAME, cov->millesime,
		                       ref->exemple ? " — référentiel d’exemple, pas le référentiel officiel du label" : "");

		rc = rd_draw_text(cr, f, foot, &(rd_fit){7, 5, W - 2 * m, 14, 1, 0, PANGO_ALIGN_LEFT},
		                  m, H - m - 14, msgwho, NULL, e);
		free(foot);
	}
geom:
	rd_mosaic_geom_free(&g);
out:
	free(title);
	free(sub);
	free(msgwho);
	return rc;
}

/* ------------------------------------------------------------ whole runs */

ar_referentiel *
rd_referentiel_open(const char *path, int millesime, rd_err *e)
{
	unsigned long line = 0;
	char why[512];
	ar_referentiel *ref;

	errno = 0;
	ref = ar_referentiel_load(rd_input_path(path), &line, why, sizeof why);
	if (ref == NULL) {
		if (errno == ENOENT)
			rd_err_set(e, AR_EXIT_NOINPUT, "%s: %s", path, why);
		else if (line > 0)
			rd_err_set(e, AR_EXIT_DATAERR, "%s:%lu: %s", path, line, why);
		else
			rd_err_set(e, AR_EXIT_DATAERR, "%s: %s", path, why);
		return NULL;
	}
	if (ref->millesime != millesime) {
		rd_err_set(e, AR_EXIT_DATAERR, "%s: millesime: %d, but the rules are for %d", path,
		           ref->millesime, millesime);
		ar_referentiel_free(ref);
		return NULL;
	}
	return ref;
}

static int
laureat_by_code(const void *key, const void *l)
{
	return strcmp(key, ((const rd_laureat *)l)->code);
}

void
rd_mosaic_who_of(const char *code, const rd_palmares *palmares,
                 const ar_collectivites *dir, rd_mosaic_who *w)
{
	static const char *const kinds[] = {"Ville", "Village", "Territoire"};
	const rd_laureat *l = NULL;
	const ar_collectivite *c;

	w->code = code;
	w->nom = NULL;
	w->kind = NULL;
	if (palmares != NULL && palmares->n > 0)
		l = bsearch(code, palmares->laureats, palmares->n, sizeof *l, laureat_by_code);
	if (l != NULL) {
		w->nom = l->nom;
		w->kind = kinds[l->kind];
		return;
	}
	if (dir != NULL && (c = ar_collectivites_by_code(dir, code)) != NULL) {
		w->nom = c->nom;
		w->kind = c->kind == AR_KIND_EPCI ? "Territoire" : "Commune";
	}
}

/* One page in every format asked for, at rel_base.<ext>. */
static int
one_mosaic(rd_out *o, rd_fonts *f, const ar_referentiel *ref, const rd_coverage *cov,
           const rd_cov_coll *c, const rd_mosaic_who *w, const char *base, unsigned formats,
           double dpi, const char *iso, rd_err *e)
{
	static const struct { unsigned bit; const char *ext; } fmts[] = {
		{RD_MOSAIC_PDF, "pdf"}, {RD_MOSAIC_SVG, "svg"}, {RD_MOSAIC_PNG, "png"}};

	for (size_t k = 0; k < 3; k++) {
		char *rel;
		rd_doc *d;

		if (!(formats & fmts[k].bit))
			continue;
		rel = xasprintf("mosaiques/%s.%s", base, fmts[k].ext);
		d = fmts[k].bit == RD_MOSAIC_PDF
		  ? rd_doc_pdf(o, rel, RD_MOSAIC_W_MM, RD_MOSAIC_H_MM, iso, e)
		  : fmts[k].bit == RD_MOSAIC_SVG ? rd_doc_svg(o, rel, RD_MOSAIC_W_MM, RD_MOSAIC_H_MM, e)
		  : rd_doc_png_dpi(o, rel, RD_MOSAIC_W_MM, RD_MOSAIC_H_MM, dpi, e);
		free(rel);
		if (d == NULL)
			return -1;
		if (rd_mosaic_page(rd_doc_cairo(d), f, ref, cov, c, w, RD_MM_TO_PT(RD_MOSAIC_W_MM),
		                   RD_MM_TO_PT(RD_MOSAIC_H_MM), e) != 0) {
			rd_doc_abort(d);
			return -1;
		}
		if (rd_doc_close(d, e) != 0)
			return -1;
	}
	return 0;
}

int
rd_mosaiques_render(rd_out *o, rd_fonts *f, const ar_referentiel *ref,
                    const rd_coverage *cov, const rd_palmares *palmares,
                    const ar_collectivites *dir, unsigned formats, double dpi,
                    const char *iso, rd_err *e)
{
	for (size_t i = 0; i < cov->n; i++) {
		rd_mosaic_who w;

		rd_mosaic_who_of(cov->colls[i].code, palmares, dir, &w);
		if (one_mosaic(o, f, ref, cov, &cov->colls[i], &w, cov->colls[i].code, formats, dpi,
		               iso, e) != 0)
			return -1;
	}
	if (cov->has_national) {
		rd_mosaic_who w = {"national", NULL, NULL};

		if (one_mosaic(o, f, ref, cov, NULL, &w, "national", formats, dpi, iso, e) != 0)
			return -1;
	}
	return 0;
}
