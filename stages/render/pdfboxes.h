/*
 * pdfboxes.h - the print boxes (TrimBox, BleedBox) of render's PDFs.
 *
 * cairo writes only a MediaBox.  A print shop also wants the TrimBox (the
 * finished size, what the label's charter measures) and the BleedBox (the
 * background past the trim) when a panel is rendered with --bleed or
 * --crop-marks.  Once cairo has finished a file and pdffix.h has fixed its
 * dates, rd_pdf_write_boxed sets both boxes on every page with libqpdf's C
 * API and writes the file again with qpdf's deterministic /ID (computed from
 * the content), keeping every stream's bytes as they were: the same input
 * gives the same bytes, and qpdf --check passes.
 *
 * Example:
 *     rd_pdf_boxes b = {.trim = {28.35, 28.35, 1020.47, 737.01},
 *                       .bleed = {19.84, 19.84, 1028.98, 745.51}};
 *     if (rd_pdf_write_boxed(raw, &b, out, &e) != 0) ... e ...
 */
#ifndef AROBASE_RENDER_PDFBOXES_H
#define AROBASE_RENDER_PDFBOXES_H

#include <stddef.h>
#include <stdio.h>

#include "rderr.h"

/* The boxes of a page, in PDF points from the page's bottom-left corner. */
typedef struct rd_pdf_boxes {
	double trim[4];  /* TrimBox: llx, lly, urx, ury, pt */
	double bleed[4]; /* BleedBox: llx, lly, urx, ury, pt (contains trim) */
} rd_pdf_boxes;

/*
 * Sets /TrimBox and /BleedBox (numbers rounded to 4 decimals, trailing
 * zeros dropped by qpdf) on every page of the PDF held in pdf[0..len) and
 * writes the result to out, with qpdf's deterministic /ID and stream data
 * preserved.  The caller keeps pdf.
 * Returns 0, or -1 with e set (exit 70 when qpdf cannot read or write the
 * PDF, 74 on a write error).
 */
int rd_pdf_set_boxes(const char *pdf, size_t len, const rd_pdf_boxes *b, FILE *out,
                     rd_err *e);

/*
 * The whole step after cairo: reads in (cairo's PDF, seekable, from its
 * start), fixes its dates (rd_pdf_fix_dates, pdffix.h) in memory, then sets
 * the boxes (rd_pdf_set_boxes) writing to out.  Returns 0, or -1 with e set.
 */
int rd_pdf_write_boxed(FILE *in, const rd_pdf_boxes *b, FILE *out, rd_err *e);

#endif
