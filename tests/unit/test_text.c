/*
 * test_text.c - unit tests of stages/common/text.c: UTF-8 checks, NFC and
 * the folded comparison key of names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text.h"

static void
check_fold(const char *in, const char *want)
{
	char *got = ar_text_fold(in);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
test_utf8_check(void **state)
{
	size_t bad = 99;

	(void)state;
	assert_int_equal(ar_utf8_check("abc", 3, &bad), 1);
	assert_int_equal(ar_utf8_check("\xc3\xa9t\xc3\xa9", 5, &bad), 1);
	assert_int_equal(ar_utf8_check("ab\xe9z", 4, &bad), 0);   /* Windows-1252 é */
	assert_int_equal(bad, 2);
	assert_int_equal(ar_utf8_check("a\0b", 3, &bad), 0);       /* NUL byte */
	assert_int_equal(bad, 1);
	assert_int_equal(ar_utf8_check("\xc3", 1, &bad), 0);       /* cut sequence */
	assert_int_equal(bad, 0);
}

static void
test_nfc(void **state)
{
	const char decomposed[] = "Re\xcc\x81" "alise\xcc\x81" "e";  /* Re\u0301alise\u0301e */
	char *got;

	(void)state;
	got = ar_utf8_nfc(decomposed, strlen(decomposed));
	assert_non_null(got);
	assert_string_equal(got, "R\xc3\xa9" "alis\xc3\xa9" "e");
	free(got);
	assert_null(ar_utf8_nfc("\xff", 1));
}

static void
test_fold(void **state)
{
	(void)state;
	check_fold("Marcq-en-Bar\xc5\x93ul", "marcq en baroeul");
	check_fold("Marcq-en-Baroeul", "marcq en baroeul");
	check_fold("Villeneuve-D'Ascq", "villeneuve d ascq");
	check_fold("Villeneuve-d\xe2\x80\x99" "Ascq", "villeneuve d ascq");
	check_fold("  SAINT-\xc3\x89TIENNE  ", "saint etienne");
	check_fold("L'Ha\xc3\xbf-les-Roses", "l hay les roses");
	check_fold("\xc5\x92uilly", "oeuilly");
	check_fold("", "");
	assert_null(ar_text_fold("\xe9"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_check),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_fold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
