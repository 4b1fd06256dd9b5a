/*
 * print.h - panels as a print shop or a sign maker asks for them.
 *
 * The panel's trim size (350 x 250 mm by default, --panel-size) is what the
 * label's charter measures (R-panel, art. 11).  For print, arobase-render
 * can extend the panel's background past the trim (--bleed MM, 3 mm being
 * the usual request), draw crop marks outside the bleed (--crop-marks), and
 * turn every text into filled paths (--outline-text), so that no font is
 * left in the file.  The page (a PDF's MediaBox, an SVG's or PNG's size)
 * is then the trim, plus the bleed on each side, plus RD_MARKS_ROOM_MM on
 * each side for the marks; a PDF gets its TrimBox and BleedBox (pdfboxes.h).
 *
 * Example:
 *     rd_print pr = {.bleed_mm = 3, .crop_marks = 1, .outline_text = 1, .boxes = 1};
 *     if (rd_render_panel(out, "panneaux/35238.pdf", RD_PANEL_PDF, &pr, fonts, rules,
 *                         l, 350, 250, iso, &e) != 0) ... e ...
 */
#ifndef AROBASE_RENDER_PRINT_H
#define AROBASE_RENDER_PRINT_H

#include <cairo.h>

#include "fonts.h"
#include "output.h"
#include "palmares.h"
#include "pdfboxes.h"
#include "rderr.h"
#include "rules.h"

/* The bleed allowed by --bleed, whole millimetres. */
#define RD_BLEED_MIN_MM 0
#define RD_BLEED_MAX_MM 50

/* Crop marks: their distance past the bleed, their length, and a margin past them, mm. */
#define RD_MARK_GAP_MM 3.0
#define RD_MARK_LEN_MM 6.0
#define RD_MARK_MARGIN_MM 1.0
/* The room the marks take on each side past the bleed, mm. */
#define RD_MARKS_ROOM_MM (RD_MARK_GAP_MM + RD_MARK_LEN_MM + RD_MARK_MARGIN_MM)
/* The marks' line width, pt. */
#define RD_MARK_LINE_PT 0.5

/* The print options of a panel; all zero: the plain trim-size panel. */
typedef struct rd_print {
	double bleed_mm;   /* background past the trim on each side, mm (0: none) */
	int crop_marks;    /* 1: crop marks at the trim's corners, outside the bleed */
	int outline_text;  /* 1: text as filled paths, no font in the file */
	int boxes;         /* 1: a PDF gets TrimBox and BleedBox (--bleed or --crop-marks) */
	int with_name;     /* 1: the collectivité's name under the panel's line (pages.h) */
} rd_print;

/* The panel's formats (--format). */
typedef enum rd_panel_format {
	RD_PANEL_PDF, /* a PDF, with print boxes when asked (pdfboxes.h) */
	RD_PANEL_SVG, /* an SVG whose root gives its size in millimetres */
	RD_PANEL_PNG  /* a PNG at RD_PNG_DPI (output.h) */
} rd_panel_format;

/* The room past the trim on each side of the page, mm: bleed, and the marks' room. */
double rd_print_margin_mm(const rd_print *pr);

/*
 * Fills b with the TrimBox and BleedBox, in PDF points from the page's
 * bottom-left corner, of a trim_w_mm x trim_h_mm panel on the page pr makes.
 */
void rd_print_boxes(const rd_print *pr, double trim_w_mm, double trim_h_mm,
                    rd_pdf_boxes *b);

/*
 * Draws the eight crop marks of a trim_w_mm x trim_h_mm trim on the page pr
 * makes (cr in points, origin at the page's top-left corner): at each
 * corner, one horizontal and one vertical black line of RD_MARK_LEN_MM,
 * on the trim's edges' lines, starting RD_MARK_GAP_MM past the bleed.
 */
void rd_draw_crop_marks(cairo_t *cr, const rd_print *pr, double trim_w_mm,
                        double trim_h_mm);

/*
 * Renders the panel of l (trim w_mm x h_mm) into rel (relative to OUTDIR)
 * in the given format, with pr's print options: page size, background to
 * the bleed, crop marks, outlined text, boxes (R-panel, art. 11: the caller
 * has checked the trim against the rules' minimum).  iso (ISO 8601 UTC,
 * rd_pdf_date_iso) dates a PDF (pdffix.h).  Everything is borrowed for the
 * call.  Returns 0, or -1 with e set (the document is dropped).
 */
int rd_render_panel(rd_out *out, const char *rel, rd_panel_format format,
                    const rd_print *pr, rd_fonts *fonts, const ar_rules *rules,
                    const rd_laureat *l, double w_mm, double h_mm, const char *iso,
                    rd_err *e);

#endif
