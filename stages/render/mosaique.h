/*
 * mosaique.h - the mosaïque: which services of the référentiel the
 * retained actions of a collectivité cover, drawn as a picture.
 *
 * The pre-diagnostic of the participation period (issue: the mosaïque
 * picture).  arobase-coverage writes coverage.json; render reads it back
 * here, checks it against the référentiel it was computed with
 * (referentiel.json) and draws, on one page per collectivité, the enjeux
 * grouped by axe, each enjeu a tile whose services are cells: a covered
 * cell is filled dark and carries a check mark, so that a black-and-white
 * print still tells it from an empty one.  The national page shades every
 * service by the share of candidates covering it, with its scale.  The
 * jury book (jurybook.h) draws the same picture, smaller.
 *
 * Lengths are in points (1/72 inch), the origin at the page's top-left
 * corner, as output.h gives every cairo context.
 *
 * Example:
 *     rd_coverage *cov = rd_coverage_load("coverage.json", ref, 2018, &e);
 *     rd_mosaic_geom g;
 *     rd_mosaic_layout(ref, 28, 100, 786, 420, &g);   (unit-testable, no drawing)
 *     rd_mosaic_page(cr, fonts, ref, cov, &cov->colls[0], &who, 297, 210, &e);
 *     rd_mosaic_geom_free(&g);  rd_coverage_free(cov);
 */
#ifndef AROBASE_RENDER_MOSAIQUE_H
#define AROBASE_RENDER_MOSAIQUE_H

#include <stddef.h>

#include <cairo.h>

#include "collectivites.h"
#include "fonts.h"
#include "output.h"
#include "palmares.h"
#include "rderr.h"
#include "referentiel.h"

/* The mosaïque's page: A4 landscape, mm. */
#define RD_MOSAIC_W_MM 297.0
#define RD_MOSAIC_H_MM 210.0

/* ------------------------------------------------------------ coverage.json */

/* The coverage of one collectivité, as the mosaïque needs it. */
typedef struct rd_cov_coll {
	char *code;             /* INSEE code or SIREN, [0-9A-Za-z]{1,16} (used in file names) */
	long actions;           /* actions_retenues */
	unsigned char *covered; /* one byte per service of the référentiel (ref->services
	                           order): 1 when covered, else 0 */
	size_t couverts;        /* services covered, all enjeux */
} rd_cov_coll;

/* coverage.json, checked against its référentiel. */
typedef struct rd_coverage {
	int millesime;          /* label year, equal to the rules' */
	rd_cov_coll *colls;     /* collectivités in code order (strcmp) */
	size_t n;               /* their number */
	int has_national;       /* 1 when the file has its "national" part */
	unsigned n_national;    /* national.collectivites: the candidates counted */
	unsigned *national;     /* per service (ref order): candidates covering it;
	                           NULL when has_national is 0 */
} rd_coverage;

/*
 * Reads coverage.json at path (UTF-8 JSON, duplicate keys refused) and
 * checks it against ref, the référentiel it must have been computed with
 * (ref_name names that file in messages): the millésime must be millesime;
 * the counts of its "referentiel" part, when present, ref's; every enjeu
 * of a collectivité an enjeu of ref with ref's number of services
 * ("total"), its services_couverts services of that enjeu, as many as
 * "couverts"; every national service one of ref.  An enjeu of ref that a
 * collectivité does not list counts as not covered.  Returns a new
 * coverage (free with rd_coverage_free), or NULL with e set: exit 66 when
 * the file is missing, else 65 with the file, the JSON path and the field.
 */
rd_coverage *rd_coverage_load(const char *path, const ar_referentiel *ref,
                              const char *ref_name, int millesime, rd_err *e);

/* Frees c.  NULL does nothing. */
void rd_coverage_free(rd_coverage *c);

/* The collectivité of this code (borrowed from c), or NULL.  O(log n). */
const rd_cov_coll *rd_coverage_find(const rd_coverage *c, const char *code);

/* ------------------------------------------------------------ layout */

/* A rectangle on the page, pt (origin at the page's top-left corner, y down). */
typedef struct rd_rect {
	double x, y;  /* its top-left corner */
	double w, h;  /* its width and height */
} rd_rect;

/* Where every part of a mosaïque goes (rd_mosaic_layout). */
typedef struct rd_mosaic_geom {
	rd_rect *axes;       /* per axe: its column, title band included */
	double axe_head_h;   /* height of an axe's title band, at the top of its column */
	rd_rect *tiles;      /* per enjeu (ref order): its tile */
	double tile_head_h;  /* height of a tile's heading (name, covered/total) */
	rd_rect *cells;      /* per service (ref order): its cell, inside its tile */
	size_t n_axes, n_enjeux, n_services; /* the référentiel's counts */
} rd_mosaic_geom;

/*
 * Lays the mosaïque of ref out in the box (x, y, w, h), pt: one column
 * per axe, left to right in ref's order, each headed by the axe's name;
 * the enjeux of an axe stacked top to bottom in tiles of equal height
 * (that of the axe with the most enjeux); the services of an enjeu in a
 * grid of equal cells filling the tile under its heading, row by row,
 * whose column count makes the cells as large as possible (at a 2:1
 * ratio).  Returns 0 with *g filled (free its arrays with
 * rd_mosaic_geom_free), or -1 when the box is too small for cells of 2 pt
 * or ref has no axe (*g then holds nothing to free).
 */
int rd_mosaic_layout(const ar_referentiel *ref, double x, double y, double w, double h,
                     rd_mosaic_geom *g);

/* Frees the arrays of g (not g itself).  A zeroed g does nothing. */
void rd_mosaic_geom_free(rd_mosaic_geom *g);

/*
 * The grid of n cells in a w x h box with gap pt between cells: the
 * column count (1 to n) that makes min(cell width / 2, cell height) the
 * largest, the smallest such count on a tie.  Returns 0 when n is 0.
 */
size_t rd_mosaic_grid_cols(size_t n, double w, double h, double gap);

/* ------------------------------------------------------------ numbers */

/*
 * Writes num / den as a French percentage rounded half up to one decimal
 * into buf (at least 16 bytes): "66,7 %", "100 %", "0 %", with a decimal
 * comma and U+202F NARROW NO-BREAK SPACE before '%' ("," and no decimal
 * when the tenth is 0).  den 0 gives "0 %".  Locale-independent.
 * Returns buf.
 */
char *rd_share_text(unsigned long num, unsigned long den, char *buf, size_t len);

/*
 * The national shade of a share in tenths of a percent (0 to 1000): the
 * fill colour's r, g and b (0 to 1), from white (0) to a dark blue (1000),
 * its luminance strictly decreasing with the share so that it reads in
 * black and white.
 */
void rd_national_shade(unsigned tenths, double *r, double *g, double *b);

/* ------------------------------------------------------------ drawing */

/* Who a mosaïque page is for. */
typedef struct rd_mosaic_who {
	const char *code;   /* code (UTF-8) */
	const char *nom;    /* name, or NULL when unknown (the code is printed alone) */
	const char *kind;   /* "Ville", "Village", "Territoire", "Commune", or NULL */
} rd_mosaic_who;

/*
 * Draws the tiles and cells of geometry g (rd_mosaic_layout of ref): for a
 * collectivité, covered (one byte per service) fills its covered cells and
 * every tile's heading gives the enjeu's name and "covered/total" (and
 * the share when with_share is 1); for the national view (covered NULL),
 * counts (per service) out of n_coll shade every cell (rd_national_shade)
 * and print its share.  who names the document in messages.  Returns 0,
 * or -1 with e set (a name that cannot fit, an undrawable character).
 */
int rd_mosaic_draw(cairo_t *cr, rd_fonts *f, const ar_referentiel *ref,
                   const rd_mosaic_geom *g, const unsigned char *covered,
                   const unsigned *counts, unsigned n_coll, int with_share,
                   const char *who, rd_err *e);

/*
 * Draws a whole mosaïque page of w_pt x h_pt: the title (name, code,
 * kind, millésime, retained actions, services covered), the mosaïque and
 * its legend; for the national page (c NULL, cov->has_national 1), the
 * share of the candidates covering each service and the scale.  Returns 0,
 * or -1 with e set.
 */
int rd_mosaic_page(cairo_t *cr, rd_fonts *f, const ar_referentiel *ref,
                   const rd_coverage *cov, const rd_cov_coll *c,
                   const rd_mosaic_who *who, double w_pt, double h_pt, rd_err *e);

/* ------------------------------------------------------------ whole runs */

/* The formats of rd_mosaiques_render (bits). */
enum { RD_MOSAIC_PDF = 1, RD_MOSAIC_SVG = 2, RD_MOSAIC_PNG = 4 };

/*
 * Loads the référentiel at path for the rules' millésime: exit 66 when
 * missing, 65 when unreadable or for another millésime, the file (and line)
 * named.  Returns a new référentiel (ar_referentiel_free), or NULL with e set.
 */
ar_referentiel *rd_referentiel_open(const char *path, int millesime, rd_err *e);

/*
 * Fills *w for code: the name and kind from palmares (may be NULL; its
 * laureates in code order, palmares.h) first, then from the collectivités
 * directory dir (may be NULL: a commune is "Commune", an EPCI
 * "Territoire"), else the code alone.  The strings are borrowed from code,
 * palmares and dir.
 */
void rd_mosaic_who_of(const char *code, const rd_palmares *palmares,
                      const ar_collectivites *dir, rd_mosaic_who *w);

/*
 * Writes, into o, mosaiques/<code>.<ext> for every collectivité of cov (in
 * code order), then mosaiques/national.<ext> when cov has its national
 * part, for each format of formats (RD_MOSAIC_* bits; PNG at dpi dots per
 * inch), A4 landscape, PDFs dated iso.  Names and kinds come from
 * rd_mosaic_who_of(palmares, dir).  Returns 0, or -1 with e set.
 */
int rd_mosaiques_render(rd_out *o, rd_fonts *f, const ar_referentiel *ref,
                        const rd_coverage *cov, const rd_palmares *palmares,
                        const ar_collectivites *dir, unsigned formats, double dpi,
                        const char *iso, rd_err *e);

#endif
