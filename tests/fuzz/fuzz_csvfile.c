/*
 * fuzz_csvfile.c - libFuzzer entry point for the CSV reader (csvfile.h)
 * that arobase-ingest, arobase-decide and the référentiel sheet loader
 * share.
 *
 * The input is read as a whole file with encoding and delimiter "auto",
 * once with the default 64 KiB chunks and once with a chunk of 1 to 64
 * bytes taken from the first input byte.  Besides memory errors, it checks
 * the reader's promise that results never depend on the chunk size (see
 * differ() for what that means after a file error), and that no input
 * reaches the reader's "internal error" paths; it aborts otherwise.
 *
 * Every check here asserts a property of the parser: a violation prints
 * what broke and aborts, which libFuzzer reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvfile.h"
#include "fuzz_file.h"

/* One read of the file, kept to compare the two chunk sizes. */
struct csv_run {
	char *text;          /* every record serialised: line, end line, cells */
	size_t len;          /* bytes used in text */
	int rc;              /* last value of ar_csv_next (-2: not opened) */
	unsigned long line;  /* ar_csv_line after the last call */
	char why[256];       /* the message of a file error */
	int delimiter;       /* ar_csv_delimiter_used at the end */
};

/* Reads path with the given chunk size (0: default) into run. */
static void
read_all(const char *path, size_t bufsize, struct csv_run *run)
{
	ar_csv_options opt = {.encoding = "auto", .delimiter = 0, .bufsize = bufsize};
	FILE *out;
	ar_csv *c;

	memset(run, 0, sizeof *run);
	out = open_memstream(&run->text, &run->len);
	if (out == NULL)
		abort();
	c = ar_csv_open(path, &opt, run->why, sizeof run->why);
	if (c == NULL) {
		run->rc = -2;
	} else {
		while ((run->rc = ar_csv_next(c, run->why, sizeof run->why)) > 0) {
			size_t n = ar_csv_ncells(c);

			fprintf(out, "%lu-%lu:%zu", ar_csv_line(c), ar_csv_end_line(c), n);
			for (size_t i = 0; i < n; i++) {
				size_t len;
				const char *cell = ar_csv_cell(c, i, &len);

				fprintf(out, "|%zu:", len);
				fwrite(cell, 1, len, out);
			}
			(void)ar_csv_cell(c, n, NULL);	/* out of range: "" */
			fputc('\n', out);
		}
		/* A finished reader keeps saying the same. */
		if (ar_csv_next(c, run->why, sizeof run->why) != run->rc)
			abort();
		run->line = ar_csv_line(c);
		run->delimiter = ar_csv_delimiter_used(c);
		(void)ar_csv_encoding(c);
		(void)ar_csv_had_sep_line(c);
		ar_csv_close(c);
	}
	if (fclose(out) != 0)
		abort();
}

/*
 * 1 when two reads disagree.  A whole read must give the same records; a
 * failed one the same line and message, but the records delivered before
 * the error may stop earlier with large chunks (a chunk is decoded whole
 * before its records are parsed), so one list need only begin the other.
 */
static int
differ(const struct csv_run *a, const struct csv_run *b)
{
	size_t n = a->len < b->len ? a->len : b->len;

	if (a->rc != b->rc || a->line != b->line)
		return 1;
	if (a->rc == 0)
		return a->len != b->len || memcmp(a->text, b->text, n) != 0 ||
		       a->delimiter != b->delimiter;
	return strcmp(a->why, b->why) != 0 || memcmp(a->text, b->text, n) != 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(0, data, size);
	size_t small = size > 0 ? 1 + (size_t)(data[0] % 64) : 1;
	struct csv_run big, little;

	read_all(path, 0, &big);
	read_all(path, small, &little);
	if (differ(&big, &little)) {
		fprintf(stderr, "csvfile: chunk size %zu reads differently from 64 KiB:\n"
		        "  rc %d / %d, line %lu / %lu, %zu / %zu bytes of records,\n"
		        "  \"%s\" / \"%s\"\n", small, big.rc, little.rc, big.line,
		        little.line, big.len, little.len, big.why, little.why);
		abort();
	}
	if (big.rc < 0 && strncmp(big.why, "internal error", 14) == 0) {
		fprintf(stderr, "csvfile: input reaches \"%s\" at line %lu\n", big.why, big.line);
		abort();
	}
	free(big.text);
	free(little.text);
	return 0;
}
