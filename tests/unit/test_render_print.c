/*
 * test_render_print.c - the print geometry of arobase-render's panels
 * (print.h): the room past the trim, the TrimBox and BleedBox in points,
 * and the boxes written by libqpdf (pdfboxes.h) into a cairo PDF, read
 * back from the bytes, with the same bytes on a second run.
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
#include "../../stages/render/pdfboxes.h"
#include "../../stages/render/print.h"

#define MM(x) ((x) * 72.0 / 25.4)

static void
margins(void **state)
{
	rd_print none = {0}, bleed = {.bleed_mm = 3}, marks = {.crop_marks = 1},
	         both = {.bleed_mm = 5, .crop_marks = 1};

	(void)state;
	assert_true(rd_print_margin_mm(&none) == 0);
	assert_true(rd_print_margin_mm(&bleed) == 3);
	assert_true(rd_print_margin_mm(&marks) == RD_MARKS_ROOM_MM);
	assert_true(rd_print_margin_mm(&both) == 5 + RD_MARKS_ROOM_MM);
}

static void
boxes_in_points(void **state)
{
	rd_print pr = {.bleed_mm = 3, .crop_marks = 1};
	rd_pdf_boxes b;
	const double r = MM(3 + RD_MARKS_ROOM_MM);

	(void)state;
	rd_print_boxes(&pr, 350, 250, &b);
	assert_float_equal(b.trim[0], r, 1e-9);
	assert_float_equal(b.trim[1], r, 1e-9);
	assert_float_equal(b.trim[2], r + MM(350), 1e-9);
	assert_float_equal(b.trim[3], r + MM(250), 1e-9);
	assert_float_equal(b.bleed[0], r - MM(3), 1e-9);
	assert_float_equal(b.bleed[3], r + MM(250) + MM(3), 1e-9);
	/* No bleed: the BleedBox is the TrimBox. */
	pr.bleed_mm = 0;
	rd_print_boxes(&pr, 350, 250, &b);
	assert_memory_equal(b.trim, b.bleed, sizeof b.trim);
}

static cairo_status_t
to_file(void *closure, const unsigned char *data, unsigned int length)
{
	return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
	                                                  : CAIRO_STATUS_WRITE_ERROR;
}

/* A one-page cairo PDF of 100 x 50 pt, with the dates pdffix fixes. */
static FILE *
cairo_pdf(void)
{
	FILE *raw = tmpfile();
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_file, raw, 100, 50);
	cairo_t *cr = cairo_create(s);

	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2018-02-08T00:00:00Z");
	cairo_rectangle(cr, 10, 10, 20, 20);
	cairo_fill(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_surface_destroy(s);
	return raw;
}

static char *
boxed(const rd_pdf_boxes *b, size_t *len)
{
	FILE *raw = cairo_pdf();
	char *buf = NULL;
	FILE *out = open_memstream(&buf, len);
	rd_err e = RD_ERR_INIT;

	assert_int_equal(rd_pdf_write_boxed(raw, b, out, &e), 0);
	fclose(out);
	fclose(raw);
	return buf;
}

static void
qpdf_writes_the_boxes(void **state)
{
	rd_pdf_boxes b = {{10.25, 10, 90.123456, 40.125}, {5, 5, 95, 45}};
	size_t n1, n2;
	char *one = boxed(&b, &n1), *two = boxed(&b, &n2);

	(void)state;
	assert_non_null(memmem(one, n1, "/TrimBox [ 10.25 10 90.1235 40.125 ]", 36));
	assert_non_null(memmem(one, n1, "/BleedBox [ 5 5 95 45 ]", 23));
	assert_non_null(memmem(one, n1, "/MediaBox [ 0 0 100 50 ]", 24));
	assert_non_null(memmem(one, n1, "/CreationDate (D:20180208000000Z)", 33));
	assert_non_null(memmem(one, n1, "/ID [<", 6));
	/* Deterministic: the same bytes twice. */
	assert_int_equal(n1, n2);
	assert_memory_equal(one, two, n1);
	free(one);
	free(two);
}

static void
qpdf_refuses_garbage(void **state)
{
	rd_pdf_boxes b = {{10, 10, 90, 40}, {5, 5, 95, 45}};
	rd_err e = RD_ERR_INIT;
	char *buf = NULL;
	size_t len;
	FILE *out = open_memstream(&buf, &len);

	(void)state;
	assert_int_equal(rd_pdf_set_boxes("not a PDF", 9, &b, out, &e), -1);
	assert_int_equal(e.status, AR_EXIT_SOFTWARE);
	assert_non_null(strstr(e.msg, "qpdf: cannot read cairo's PDF"));
	fclose(out);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(margins),
		cmocka_unit_test(boxes_in_points),
		cmocka_unit_test(qpdf_writes_the_boxes),
		cmocka_unit_test(qpdf_refuses_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
