/*
 * fuzz_dates.c - libFuzzer entry point for arobase-ingest's date parser
 * (stages/ingest/dates.h), which reads the Date cell of every action.
 *
 * The input, cut at its first NUL byte as a cell is, goes to
 * ar_date_parse.  A date it accepts must be a real ISO day (checked with
 * ar_iso_date_valid, the check rules.json dates get); a refusal must come
 * with a reason.  The first eight bytes, as a number, also go to
 * ar_serial_to_iso, whose dates must be real days too.
 *
 * Every check here asserts a property of the parser: a violation prints
 * what broke and aborts, which libFuzzer reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "rules.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *cell = malloc(size + 1);
	char iso[11];
	const char *why = NULL;
	long serial = 0;

	if (cell == NULL)
		abort();
	memcpy(cell, data, size);
	cell[size] = '\0';
	memset(iso, 'x', sizeof iso);
	if (ar_date_parse(cell, iso, &why) == 0) {
		if (memchr(iso, '\0', sizeof iso) == NULL || !ar_iso_date_valid(iso)) {
			fprintf(stderr, "dates: \"%s\" accepted as \"%.11s\", not a day\n", cell, iso);
			abort();
		}
	} else if (why == NULL || *why == '\0') {
		fprintf(stderr, "dates: \"%s\" refused without a reason\n", cell);
		abort();
	}
	free(cell);

	memcpy(&serial, data, size < sizeof serial ? size : sizeof serial);
	memset(iso, 'x', sizeof iso);
	if (ar_serial_to_iso(serial, iso) == 0 &&
	    (memchr(iso, '\0', sizeof iso) == NULL || !ar_iso_date_valid(iso))) {
		fprintf(stderr, "dates: serial %ld gives \"%.11s\", not a day\n", serial, iso);
		abort();
	}
	return 0;
}
