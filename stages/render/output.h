/*
 * output.h - render's output folder: every file staged, then all at once.
 *
 * arobase-render writes many files into OUTDIR (certificats/<code>.pdf,
 * certificats.pdf, panneaux/<code>.pdf|svg|png, palmares.pdf).  Each is
 * written through outfile.h into a hidden staging folder inside OUTDIR
 * (OUTDIR/.arobase-render.XXXXXX); only when every file is complete does
 * rd_out_commit rename them into place.  On any error rd_out_abort removes
 * the staging folder (and OUTDIR itself when this run created it), so a
 * failed run writes nothing and leaves earlier outputs as they were; the
 * staged files are also removed on SIGINT, SIGTERM, SIGHUP and SIGPIPE.
 *
 * A document (rd_doc) is one output file drawn with cairo: a PDF (one or
 * more pages, dated by rd_pdf_date_iso, dates fixed by pdffix.h), an SVG
 * whose root says its size in millimetres, or a PNG.  Its cairo context
 * has user units in points (1/72 inch), whatever the format.
 *
 * Example:
 *     rd_out *o = rd_out_begin("out", &e);
 *     rd_doc *d = rd_doc_pdf(o, "certificats/94038.pdf", 297, 210, iso, &e);
 *     draw(rd_doc_cairo(d)); rd_doc_close(d, &e);
 *     rd_out_commit(o, NULL, &e) or rd_out_abort(o);
 */
#ifndef AROBASE_RENDER_OUTPUT_H
#define AROBASE_RENDER_OUTPUT_H

#include <stddef.h>

#include <cairo.h>

#include "pdfboxes.h"
#include "rderr.h"

/* Millimetres to points: mm x 72 / 25.4. */
#define RD_MM_TO_PT(mm) ((mm) * 72.0 / 25.4)

/* PNG resolution, dots per inch (lowered so that no side exceeds RD_PNG_MAX_PX). */
#define RD_PNG_DPI 150.0
/* The largest side of a PNG, pixels. */
#define RD_PNG_MAX_PX 8000

/* The output folder being staged: opaque, from rd_out_begin. */
typedef struct rd_out rd_out;
/* One output file being drawn: opaque, from rd_doc_pdf, rd_doc_svg or rd_doc_png. */
typedef struct rd_doc rd_doc;

/*
 * Starts writing into outdir (UTF-8 path; created with its parents when
 * missing): creates the staging folder and installs the signal handlers.
 * Only one rd_out may be open at a time.  Returns a handle to pass to
 * rd_out_commit or rd_out_abort, or NULL with e set (exit 73).
 */
rd_out *rd_out_begin(const char *outdir, rd_err *e);

/* Name shapes rd_out_prune recognises besides <code>.<ext>. */
#define RD_PRUNE_NOM 1u /* <code>-nom.<ext>: the panels with the name (--panel-name) */

/* At most this many folders may be pruned in one run. */
#define RD_PRUNE_MAX 4

/*
 * Asks rd_out_commit to clean the folder dir of OUTDIR ("panneaux", ASCII,
 * no slash; copied) once the new files are in place.  A file of that
 * folder is an output of render when its name is <code>.<ext>, or with
 * RD_PRUNE_NOM in flags also <code>-nom.<ext>, where code is as rd_code_ok
 * (jsonin.h; "national" is one) and ext is pdf, svg or png.  Those whose ext
 * is in exts (comma-separated, "pdf,svg") and that this run did not stage
 * are removed; the outputs of the other formats stay; any other entry stays
 * and is listed in the report (rd_out_report.unknown).  A missing folder is
 * no error.  Call it at most RD_PRUNE_MAX times, before rd_out_commit.
 */
void rd_out_prune(rd_out *o, const char *dir, const char *exts, unsigned flags);

/* What rd_out_commit did beyond installing the staged files. */
typedef struct rd_out_report {
	size_t removed;                    /* earlier outputs removed, all folders */
	size_t n_folders;                  /* folders pruned (rd_out_prune calls) */
	char folder[RD_PRUNE_MAX][32];     /* their names, as given to rd_out_prune */
	size_t folder_removed[RD_PRUNE_MAX]; /* outputs removed from each */
	char **unknown;                    /* OUTDIR-relative paths left in place because
	                                      render does not recognise them, sorted */
	size_t n_unknown;                  /* number of those */
} rd_out_report;

/*
 * Moves every staged file to OUTDIR/<its relative path> (creating the
 * subfolders), then prunes the folders named by rd_out_prune, removes the
 * staging folder and frees o.  rep (may be NULL) receives what was pruned;
 * the caller frees its contents with rd_out_report_free.  Returns 0, or -1
 * with e set (exit 73); the files already moved stay, the others are removed.
 */
int rd_out_commit(rd_out *o, rd_out_report *rep, rd_err *e);

/* Frees the contents of rep (not rep itself) and zeroes it.  NULL does nothing. */
void rd_out_report_free(rd_out_report *rep);

/* Removes every staged file, the staging folder, OUTDIR when created by
 * rd_out_begin and still empty; frees o.  NULL does nothing. */
void rd_out_abort(rd_out *o);

/* The number of files staged so far. */
size_t rd_out_count(const rd_out *o);

/*
 * Starts a PDF at rel (a path relative to OUTDIR, "panneaux/56121.pdf")
 * whose first page is w_mm x h_mm, dated iso (ISO 8601 UTC, from
 * rd_pdf_date_iso).  Returns a document to close with rd_doc_close or
 * rd_doc_abort, or NULL with e set.
 */
rd_doc *rd_doc_pdf(rd_out *o, const char *rel, double w_mm, double h_mm,
                   const char *iso, rd_err *e);

/*
 * Starts an SVG at rel of w_mm x h_mm (whole millimetres on the root
 * element).  Returns a document as rd_doc_pdf does, or NULL with e set.
 */
rd_doc *rd_doc_svg(rd_out *o, const char *rel, double w_mm, double h_mm, rd_err *e);

/*
 * Starts a PNG at rel of w_mm x h_mm at RD_PNG_DPI (opaque, white
 * background).  Returns a document as rd_doc_pdf does, or NULL with e set.
 */
rd_doc *rd_doc_png(rd_out *o, const char *rel, double w_mm, double h_mm, rd_err *e);

/* Starts a PNG of w_mm x h_mm at dpi dots per inch (lowered as for
 * rd_doc_png when a side would exceed RD_PNG_MAX_PX). */
rd_doc *rd_doc_png_dpi(rd_out *o, const char *rel, double w_mm, double h_mm, double dpi,
                       rd_err *e);

/* The cairo context to draw on, in points (borrowed, valid until close). */
cairo_t *rd_doc_cairo(rd_doc *d);

/*
 * Asks that the PDF's pages get b's TrimBox and BleedBox (pdfboxes.h) when
 * the document is closed; does nothing for SVG and PNG.  b is copied.
 */
void rd_doc_set_boxes(rd_doc *d, const rd_pdf_boxes *b);

/* Ends the current page and starts a new one (PDF only). */
void rd_doc_page(rd_doc *d);

/*
 * Ends the document: finishes the surface (the last page), checks cairo's
 * status, writes the file into the staging folder and frees d.  Returns 0,
 * or -1 with e set (cairo error 70, write error 74).
 */
int rd_doc_close(rd_doc *d, rd_err *e);

/* Drops the document without writing it; frees d.  NULL does nothing. */
void rd_doc_abort(rd_doc *d);

#endif
