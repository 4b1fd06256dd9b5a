/*
 * test_ingest_dates.c - unit tests of arobase-ingest's date reading
 * (stages/ingest/dates.c): every accepted form, the two-digit-year pivot,
 * spreadsheet serials around the phantom 29 February 1900, and impossible
 * or ambiguous values refused, never moved.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "dates.h"

static void
ok(const char *in, const char *want)
{
	char iso[11];
	const char *why = NULL;

	if (ar_date_parse(in, iso, &why) != 0)
		fail_msg("\"%s\" refused: %s", in, why);
	assert_string_equal(iso, want);
}

static void
bad(const char *in, const char *want_why)
{
	char iso[11];
	const char *why = NULL;

	if (ar_date_parse(in, iso, &why) == 0)
		fail_msg("\"%s\" read as %s", in, iso);
	assert_string_equal(why, want_why);
}

static void
test_day_first(void **state)
{
	(void)state;
	ok("03/04/2015", "2015-04-03");
	ok("10/06/2017", "2017-06-10");
	ok("3/1/2016", "2016-01-03");
	ok("  23/06/2017 ", "2017-06-23");
	ok("31.12.2015", "2015-12-31");
	ok("15/01/2017 10:30", "2017-01-15");
	ok("15/01/2017 10:30:59", "2017-01-15");
	bad("15/01/2017 10h30", "is not a date");
	bad("15/01/201", "is not a date");
	bad("15/01-2017", "is not a date");
	bad("1/2/3/2017", "is not a date");
}

static void
test_two_digit_year_pivot(void **state)
{
	(void)state;
	ok("05/03/17", "2017-03-05");
	ok("05/03/69", "2069-03-05");
	ok("05/03/70", "1970-03-05");
	ok("05/03/99", "1999-03-05");
	ok("05/03/00", "2000-03-05");
}

static void
test_impossible(void **state)
{
	(void)state;
	bad("29/02/2017", "does not exist");
	ok("29/02/2016", "2016-02-29");
	ok("29/02/2000", "2000-02-29");
	bad("29/02/1900", "does not exist");
	bad("31/04/2017", "does not exist");
	ok("30/04/2017", "2017-04-30");
	bad("00/01/2017", "does not exist");
	bad("01/13/2017", "does not exist");
	bad("32/01/2017", "does not exist");
	bad("2017-02-29", "does not exist");
	bad("2017-00-10", "does not exist");
}

static void
test_iso(void **state)
{
	(void)state;
	ok("2017-03-05", "2017-03-05");
	ok("2017-03-05T10:00:00Z", "2017-03-05");
	ok("2017-03-05T23:30:00+02:00", "2017-03-05");
	ok("2017-03-05 10:00", "2017-03-05");
	ok("2017-03-05T10:00:00.250Z", "2017-03-05");
	bad("2017-03-05T", "is not a date");
	bad("2017-3-5", "is not a date");
	bad("2017-03-05X", "is not a date");
}

static void
test_french(void **state)
{
	(void)state;
	ok("5 mars 2017", "2017-03-05");
	ok("1er mars 2017", "2017-03-01");
	ok("05 MARS 2017", "2017-03-05");
	ok("lundi 6 mars 2017", "2017-03-06");
	ok("14 février 2017", "2017-02-14");
	ok("14 fevrier 2017", "2017-02-14");
	ok("15 août 2016", "2016-08-15");
	ok("3 déc. 2017", "2017-12-03");
	ok("3 decembre 2017", "2017-12-03");
	bad("30 février 2017", "does not exist");
	bad("5 brumaire 2017", "is not a date");
	bad("mars 2017", "is not a date");
	bad("5 mars", "is not a date");
}

static void
test_serials(void **state)
{
	char iso[11];

	(void)state;
	ok("42370", "2016-01-01");
	ok("42809", "2017-03-15");
	ok("42444,75", "2016-03-15");
	ok("42444.5", "2016-03-15");
	ok("10000", "1927-05-18");
	bad("2017", "is a year alone, not a date");
	bad("1999", "is a year alone, not a date");
	bad("9999", "is out of range");
	bad("61", "is out of range");
	bad("2958466", "is out of range");
	bad("42444,", "is not a date");
	bad("42444,7a", "is not a date");
	/* the 1900 system below AR_SERIAL_MIN, through the conversion itself */
	assert_int_equal(ar_serial_to_iso(1, iso), 0);
	assert_string_equal(iso, "1900-01-01");
	assert_int_equal(ar_serial_to_iso(59, iso), 0);
	assert_string_equal(iso, "1900-02-28");
	assert_int_equal(ar_serial_to_iso(60, iso), -1);   /* phantom 29 February 1900 */
	assert_int_equal(ar_serial_to_iso(61, iso), 0);
	assert_string_equal(iso, "1900-03-01");
	assert_int_equal(ar_serial_to_iso(2958465, iso), 0);
	assert_string_equal(iso, "9999-12-31");
	assert_int_equal(ar_serial_to_iso(0, iso), -1);
	assert_int_equal(ar_serial_to_iso(2958466, iso), -1);
}

static void
test_empty_and_junk(void **state)
{
	(void)state;
	bad("", "is empty");
	bad("   ", "is empty");
	bad("bientôt", "is not a date");
	bad("12345678901234567890123456789012345678901234567890123456789012345678901234567890",
	    "is not a date");
	assert_int_equal(ar_days_in_month(2016, 2), 29);
	assert_int_equal(ar_days_in_month(2100, 2), 28);
	assert_int_equal(ar_days_in_month(2017, 13), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_day_first),
		cmocka_unit_test(test_two_digit_year_pivot),
		cmocka_unit_test(test_impossible),
		cmocka_unit_test(test_iso),
		cmocka_unit_test(test_french),
		cmocka_unit_test(test_serials),
		cmocka_unit_test(test_empty_and_junk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
