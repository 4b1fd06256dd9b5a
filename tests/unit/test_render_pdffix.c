/*
 * test_render_pdffix.c - PDF document dates of arobase-render (pdffix.h):
 * the date taken from SOURCE_DATE_EPOCH or the ceremony, and the "D:"
 * prefix added to cairo 1.16's dates with the cross-reference table kept
 * right (every offset still points at its "N 0 obj").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>

#include "arobase.h"
#include "../../stages/render/pdffix.h"

static void
date_from_epoch(void **state)
{
	rd_err e = RD_ERR_INIT;
	char iso[32];

	(void)state;
	assert_int_equal(rd_pdf_date_iso("1735689600", "2018-02-08", iso, &e), 0);
	assert_string_equal(iso, "2025-01-01T00:00:00Z");
	assert_int_equal(rd_pdf_date_iso("0", "2018-02-08", iso, &e), 0);
	assert_string_equal(iso, "1970-01-01T00:00:00Z");
	assert_int_equal(rd_pdf_date_iso("1518134399", NULL, iso, &e), 0);
	assert_string_equal(iso, "2018-02-08T23:59:59Z");
}

static void
date_from_ceremony(void **state)
{
	rd_err e = RD_ERR_INIT;
	char iso[32];

	(void)state;
	assert_int_equal(rd_pdf_date_iso(NULL, "2018-02-08", iso, &e), 0);
	assert_string_equal(iso, "2018-02-08T00:00:00Z");
	assert_int_equal(rd_pdf_date_iso("", "2018-02-08", iso, &e), 0);
	assert_string_equal(iso, "2018-02-08T00:00:00Z");
}

static void
date_errors(void **state)
{
	rd_err e = RD_ERR_INIT, e2 = RD_ERR_INIT, e3 = RD_ERR_INIT;
	char iso[32];

	(void)state;
	assert_int_equal(rd_pdf_date_iso("soon", "2018-02-08", iso, &e), -1);
	assert_int_equal(e.status, AR_EXIT_USAGE);
	assert_non_null(strstr(e.msg, "SOURCE_DATE_EPOCH"));
	assert_int_equal(rd_pdf_date_iso("-1", "2018-02-08", iso, &e2), -1);
	assert_int_equal(e2.status, AR_EXIT_USAGE);
	assert_int_equal(rd_pdf_date_iso(NULL, "2018-02-30", iso, &e3), -1);
	assert_int_equal(e3.status, AR_EXIT_DATAERR);
}

static cairo_status_t
to_file(void *closure, const unsigned char *data, unsigned int length)
{
	return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
	                                                  : CAIRO_STATUS_WRITE_ERROR;
}

/* Reads a whole stream into a new buffer. */
static char *
slurp(FILE *fp, long *n)
{
	char *buf;

	fseek(fp, 0, SEEK_END);
	*n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)*n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)*n, fp), (size_t)*n);
	buf[*n] = '\0';
	return buf;
}

/* Every in-use entry of the table must point at "<number> 0 obj". */
static void
check_xref(const char *pdf, long n)
{
	const char *sx = NULL, *x;
	long at, first, count;
	char *end;

	/* The PDF holds binary streams: search with memmem, not strstr. */
	for (const char *p = pdf; (p = memmem(p, (size_t)(pdf + n - p), "startxref", 9)) != NULL; p++)
		sx = p;
	assert_non_null(sx);
	at = strtol(sx + 9, NULL, 10);
	assert_true(at > 0 && at < n);
	x = pdf + at;
	assert_memory_equal(x, "xref\n", 5);
	first = strtol(x + 5, &end, 10);
	count = strtol(end, &end, 10);
	end++;
	for (long i = 0; i < count; i++) {
		const char *entry = end + i * 20;
		long off = strtol(entry, NULL, 10);
		char want[32];

		if (entry[17] != 'n')
			continue;
		snprintf(want, sizeof want, "%ld 0 obj", first + i);
		assert_true(off > 0 && off < n);
		assert_memory_equal(pdf + off, want, strlen(want));
	}
}

static void
prefix_added(void **state)
{
	FILE *raw = tmpfile(), *fixed = tmpfile();
	cairo_surface_t *s;
	cairo_t *cr;
	rd_err e = RD_ERR_INIT;
	char *pdf;
	long n;

	(void)state;
	assert_non_null(raw);
	assert_non_null(fixed);
	s = cairo_pdf_surface_create_for_stream(to_file, raw, 200, 100);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2018-02-08T00:00:00Z");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, "2018-02-08T00:00:00Z");
	cr = cairo_create(s);
	cairo_rectangle(cr, 10, 10, 50, 50);
	cairo_fill(cr);
	cairo_show_page(cr);
	cairo_rectangle(cr, 20, 20, 50, 50);
	cairo_fill(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);

	assert_int_equal(rd_pdf_fix_dates(raw, fixed, &e), 0);
	pdf = slurp(fixed, &n);
	assert_non_null(memmem(pdf, (size_t)n, "/CreationDate (D:20180208000000Z)", 33));
	assert_non_null(memmem(pdf, (size_t)n, "/ModDate (D:20180208000000Z)", 28));
	check_xref(pdf, n);

	/* A second pass changes nothing: the dates already have their prefix. */
	{
		FILE *again = tmpfile();
		char *pdf2;
		long n2;

		rewind(fixed);
		assert_int_equal(rd_pdf_fix_dates(fixed, again, &e), 0);
		pdf2 = slurp(again, &n2);
		assert_int_equal(n2, n);
		assert_memory_equal(pdf2, pdf, (size_t)n);
		free(pdf2);
		fclose(again);
	}
	free(pdf);
	fclose(raw);
	fclose(fixed);
}

static void
not_a_pdf(void **state)
{
	FILE *raw = tmpfile(), *out = tmpfile();
	rd_err e = RD_ERR_INIT;

	(void)state;
	fputs("hello, not a PDF\n", raw);
	assert_int_equal(rd_pdf_fix_dates(raw, out, &e), -1);
	assert_int_equal(e.status, AR_EXIT_SOFTWARE);
	assert_non_null(strstr(e.msg, "startxref"));
	fclose(raw);
	fclose(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(date_from_epoch),
		cmocka_unit_test(date_from_ceremony),
		cmocka_unit_test(date_errors),
		cmocka_unit_test(prefix_added),
		cmocka_unit_test(not_a_pdf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
