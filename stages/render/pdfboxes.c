/*
 * pdfboxes.c - TrimBox and BleedBox set with libqpdf (see pdfboxes.h).
 */
#include "pdfboxes.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <qpdf/qpdf-c.h>

#include "arobase.h"
#include "pdffix.h"

/* A new array of the four numbers of box, 4 decimals each. */
static qpdf_oh
box_array(qpdf_data q, const double box[4])
{
	qpdf_oh a = qpdf_oh_new_array(q);

	for (int i = 0; i < 4; i++) {
		qpdf_oh n = qpdf_oh_new_real_from_double(q, box[i], 4);

		qpdf_oh_append_item(q, a, n);
		qpdf_oh_release(q, n);
	}
	return a;
}

/* Sets e from qpdf's error, if any; returns -1 when there was one. */
static int
qpdf_failed(qpdf_data q, const char *what, rd_err *e)
{
	if (!qpdf_has_error(q))
		return 0;
	return rd_err_set(e, AR_EXIT_SOFTWARE, "qpdf: %s: %s", what,
	                  qpdf_get_error_full_text(q, qpdf_get_error(q)));
}

int
rd_pdf_set_boxes(const char *pdf, size_t len, const rd_pdf_boxes *b, FILE *out, rd_err *e)
{
	qpdf_data q = qpdf_init();
	const unsigned char *buf;
	size_t n;
	int pages, rc = -1;

	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	qpdf_read_memory(q, "cairo PDF", pdf, (unsigned long long)len, NULL);
	if (qpdf_failed(q, "cannot read cairo's PDF", e))
		goto out;
	pages = qpdf_get_num_pages(q);
	if (pages <= 0) {
		if (qpdf_failed(q, "cannot list the pages", e) == 0)
			rd_err_set(e, AR_EXIT_SOFTWARE, "qpdf: cairo's PDF has no page");
		goto out;
	}
	for (int i = 0; i < pages; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		qpdf_oh trim = box_array(q, b->trim), bleed = box_array(q, b->bleed);

		qpdf_oh_replace_key(q, page, "/BleedBox", bleed);
		qpdf_oh_replace_key(q, page, "/TrimBox", trim);
		qpdf_oh_release(q, trim);
		qpdf_oh_release(q, bleed);
		qpdf_oh_release(q, page);
	}
	if (qpdf_failed(q, "cannot set the boxes", e))
		goto out;
	qpdf_init_write_memory(q);
	qpdf_set_stream_data_mode(q, qpdf_s_preserve);
	qpdf_set_object_stream_mode(q, qpdf_o_preserve);
	qpdf_set_deterministic_ID(q, QPDF_TRUE);
	qpdf_write(q);
	if (qpdf_failed(q, "cannot write the PDF", e))
		goto out;
	buf = qpdf_get_buffer(q);
	n = qpdf_get_buffer_length(q);
	if (buf == NULL || n == 0) {
		rd_err_set(e, AR_EXIT_SOFTWARE, "qpdf: wrote an empty PDF");
		goto out;
	}
	if (fwrite(buf, 1, n, out) != n) {
		rd_err_set(e, AR_EXIT_IOERR, "cannot write the PDF: %s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	qpdf_cleanup(&q);
	return rc;
}

int
rd_pdf_write_boxed(FILE *in, const rd_pdf_boxes *b, FILE *out, rd_err *e)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int rc;

	if (mem == NULL)
		return rd_err_set(e, AR_EXIT_SOFTWARE, "cannot hold the PDF in memory: %s",
		                  strerror(errno));
	rc = rd_pdf_fix_dates(in, mem, e);
	if (fclose(mem) != 0 && rc == 0)
		rc = rd_err_set(e, AR_EXIT_SOFTWARE, "cannot hold the PDF in memory: %s",
		                strerror(errno));
	if (rc == 0)
		rc = rd_pdf_set_boxes(buf, len, b, out, e);
	free(buf);
	return rc;
}
