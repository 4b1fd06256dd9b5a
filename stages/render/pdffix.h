/*
 * pdffix.h - fixed dates for the PDFs cairo writes.
 *
 * cairo 1.16 stamps /CreationDate from the clock unless
 * cairo_pdf_surface_set_metadata(CAIRO_PDF_METADATA_CREATE_DATE) is given
 * an ISO 8601 date, and then writes that date without the "D:" prefix the
 * PDF date format asks for ("(20180208000000Z)").  render takes the date
 * from SOURCE_DATE_EPOCH or the rules' ceremony date (rd_pdf_date_iso) and,
 * once cairo has finished a file, rd_pdf_fix_dates copies it adding the
 * prefix inside the document information dictionary and shifting the
 * cross-reference table, so that every reader (and qpdf --check) agrees.
 *
 * Example:
 *     char iso[32];
 *     rd_pdf_date_iso(getenv("SOURCE_DATE_EPOCH"), "2018-02-08", iso, &e);
 *     cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, iso);
 *     ... cairo writes raw ...;  rd_pdf_fix_dates(raw, out, &e);
 */
#ifndef AROBASE_RENDER_PDFFIX_H
#define AROBASE_RENDER_PDFFIX_H

#include <stdio.h>

#include "rderr.h"

/*
 * Writes into iso (at least 21 bytes) the document date as ISO 8601 UTC
 * ("2025-01-01T00:00:00Z"): from epoch (the value of SOURCE_DATE_EPOCH,
 * seconds since 1970-01-01 UTC, 0 to 253402300799) when it is non-NULL and
 * non-empty, else from fallback (an ISO date yyyy-mm-dd: that day at
 * 00:00:00 UTC).  Returns 0, or -1 with e set (exit 64 for a bad
 * SOURCE_DATE_EPOCH, 65 for a bad fallback date).
 */
int rd_pdf_date_iso(const char *epoch, const char *fallback, char iso[32], rd_err *e);

/*
 * Copies the PDF in (seekable, read from its start; as cairo wrote it, with
 * a classic cross-reference table) to out, adding "D:" before the
 * /CreationDate and /ModDate strings of its information dictionary when
 * they lack it, and moving every byte offset of the table and startxref
 * accordingly.  A file that needs no change is copied as is.  Returns 0,
 * or -1 with e set (exit 70 when the PDF has a structure cairo does not
 * write, 74 on a read or write error).
 */
int rd_pdf_fix_dates(FILE *in, FILE *out, rd_err *e);

#endif
