/*
 * fuzz_ndjson.c - libFuzzer entry point for the strict JSON Lines reader
 * (ndjson.h) that reads the files passed between stages (actions.ndjson,
 * retained.ndjson, rejects).
 *
 * The input is read as a file to the end or to the first file error.  Each
 * value read is written back with ar_ndjson_write, which must succeed and
 * give one line that the strict reader accepts again, as an equal value
 * when it holds no real (reals keep 15 significant digits only).
 *
 * Every check here asserts a property of the parser: a violation prints
 * what broke and aborts, which libFuzzer reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz_file.h"
#include "ndjson.h"

/* 1 when v holds a real anywhere. */
static int
has_real(json_t *v)
{
	const char *key;
	json_t *item;
	size_t i;

	if (json_is_real(v))
		return 1;
	if (json_is_array(v))
		json_array_foreach(v, i, item)
			if (has_real(item))
				return 1;
	if (json_is_object(v))
		json_object_foreach(v, key, item)
			if (has_real(item))
				return 1;
	return 0;
}

/* Writes v with ar_ndjson_write and reads the line back; aborts on a difference. */
static void
round_trip(json_t *v)
{
	char why[256];
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	ar_ndjson *again;
	json_t *w = NULL;

	if (out == NULL)
		abort();
	if (ar_ndjson_write(out, v) != 0 || fclose(out) != 0)
		abort();
	if (len == 0 || buf[len - 1] != '\n' || memchr(buf, '\n', len - 1) != NULL) {
		fprintf(stderr, "ndjson: ar_ndjson_write did not give one line\n");
		abort();
	}
	again = ar_ndjson_open(fuzz_file(1, (const uint8_t *)buf, len));
	if (again == NULL)
		abort();
	if (ar_ndjson_next(again, &w, why, sizeof why) != 1) {
		fprintf(stderr, "ndjson: own output refused: %s\n", why);
		abort();
	}
	if (!has_real(v) && !json_equal(v, w)) {
		fprintf(stderr, "ndjson: own output reads as another value\n");
		abort();
	}
	json_decref(w);
	ar_ndjson_close(again);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ar_ndjson *r = ar_ndjson_open(fuzz_file(0, data, size));
	char why[256];
	json_t *v;
	int rc;

	if (r == NULL)
		abort();	/* the file exists: opening must work */
	while ((rc = ar_ndjson_next(r, &v, why, sizeof why)) > 0) {
		round_trip(v);
		json_decref(v);
	}
	(void)ar_ndjson_line(r);
	ar_ndjson_close(r);
	return 0;
}
