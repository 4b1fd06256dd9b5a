/*
 * test_audit_compare.c - unit tests of stages/audit/compare.c: where two
 * outputs first differ (JSON Lines record and field, JSON path, byte).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "compare.h"
#include "digest.h"

static char dir[64];

static const char *
put(const char *name, const char *content)
{
	static char paths[4][128];
	static int k;
	char *p = paths[k++ % 4];
	FILE *fp;

	snprintf(p, 128, "%s/%s", dir, name);
	fp = fopen(p, "wb");
	assert_non_null(fp);
	fputs(content, fp);
	fclose(fp);
	return p;
}

static int
setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/arobase-cmp.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

static void
test_identical(void **state)
{
	char where[256] = "";
	const char *a = put("a.ndjson", "{\"a\":1}\n");
	const char *b = put("b.ndjson", "{\"a\":1}\n");

	(void)state;
	assert_int_equal(ar_compare_files(a, b, where, sizeof where), 0);
}

static void
test_ndjson_field(void **state)
{
	char where[256] = "";
	const char *a = put("x.ndjson", "{\"id\":\"1\",\"titre\":\"A\"}\n{\"id\":\"2\",\"titre\":\"B\",\"statut\":\"realisee\"}\n");
	const char *b = put("y.ndjson", "{\"id\":\"1\",\"titre\":\"A\"}\n{\"id\":\"2\",\"titre\":\"B\",\"statut\":\"prevue\"}\n");

	(void)state;
	assert_int_equal(ar_compare_files(a, b, where, sizeof where), 1);
	assert_string_equal(where, "line 2: field statut");
}

static void
test_json_path(void **state)
{
	char where[256] = "";
	const char *a = put("p.json", "{\"millesime\":2018,\n\"laureats\":[{\"code\":\"1\",\"arobases\":3},{\"code\":\"2\",\"arobases\":4}]}\n");
	const char *b = put("q.json", "{\"millesime\":2018,\n\"laureats\":[{\"code\":\"1\",\"arobases\":3},{\"code\":\"2\",\"arobases\":5}]}\n");

	(void)state;
	assert_int_equal(ar_compare_files(a, b, where, sizeof where), 1);
	assert_string_equal(where, "line 2: laureats[1].arobases");
}

static void
test_bytes_and_missing(void **state)
{
	char where[256] = "";
	const char *a = put("c.pdf", "%PDF-1.5 abc");
	const char *b = put("d.pdf", "%PDF-1.5 abd");

	(void)state;
	assert_int_equal(ar_compare_files(a, b, where, sizeof where), 1);
	assert_string_equal(where, "byte 11");
	assert_int_equal(ar_compare_files(a, "/nonexistent/x", where, sizeof where), -1);
}

static void
test_sha256(void **state)
{
	char hex[65];
	long long size = -1;
	const char *a = put("h.txt", "abc");

	(void)state;
	assert_int_equal(ar_sha256_file(a, hex, &size), 0);
	assert_int_equal(size, 3);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ar_sha256_bytes("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_int_equal(ar_sha256_file("/nonexistent/x", hex, NULL), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical),
		cmocka_unit_test(test_ndjson_field),
		cmocka_unit_test(test_json_path),
		cmocka_unit_test(test_bytes_and_missing),
		cmocka_unit_test(test_sha256),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
