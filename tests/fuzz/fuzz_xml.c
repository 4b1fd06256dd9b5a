/*
 * fuzz_xml.c - libFuzzer entry point for arobase-ingest's reader of the
 * platform's XML export (stages/ingest/xml.h).
 *
 * The input is read as a file, once in 64 KiB chunks and once in chunks of
 * 1 to 64 bytes taken from the last input byte (the first is nearly always
 * '<').  Besides memory errors
 * (and entity expansion, which the memory limit would catch), it checks
 * the reader's promise that results never depend on the chunk size (see
 * differ() for what that means after a file error), and that a document it
 * reads to the end is one libxml2 finds well-formed when read whole; it
 * aborts otherwise.
 *
 * Every check here asserts a property of the parser: a violation prints
 * what broke and aborts, which libFuzzer reports as a crash.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "fuzz_file.h"
#include "xml.h"

/* One read of the file, kept to compare the two chunk sizes. */
struct xml_run {
	char *text;          /* every row serialised: line, cells */
	size_t len;          /* bytes used in text */
	int rc;              /* last value of ar_xml_next */
	unsigned long line;  /* ar_xml_line after the last call */
	char why[256];       /* the message of a file error */
};

/* Reads path in chunks of bufsize bytes (0: default) into run. */
static void
read_all(const char *path, size_t bufsize, struct xml_run *run)
{
	FILE *out;
	ar_xml *x;

	memset(run, 0, sizeof *run);
	out = open_memstream(&run->text, &run->len);
	if (out == NULL)
		abort();
	(void)ar_xml_sniff(path);
	x = ar_xml_open(path, bufsize, run->why, sizeof run->why);
	if (x == NULL) {
		run->rc = -2;
	} else {
		while ((run->rc = ar_xml_next(x, run->why, sizeof run->why)) > 0) {
			size_t n = ar_xml_ncells(x);

			fprintf(out, "%lu:%zu", ar_xml_line(x), n);
			for (size_t i = 0; i < n; i++) {
				size_t len;
				const char *cell = ar_xml_cell(x, i, &len);

				fprintf(out, "|%zu:", len);
				fwrite(cell, 1, len, out);
			}
			(void)ar_xml_cell(x, n, NULL);	/* out of range: "" */
			fputc('\n', out);
		}
		if (ar_xml_next(x, run->why, sizeof run->why) != run->rc)
			abort();
		run->line = ar_xml_line(x);
		(void)ar_xml_encoding(x);
		ar_xml_close(x);
	}
	if (fclose(out) != 0)
		abort();
}

/*
 * 1 when two reads disagree.  A whole read must give the same rows; a
 * failed one the same line and message, except that libxml2's push parser
 * may see malformed XML at another line, or before a fault of ours, when
 * the chunks differ ("malformed XML: ..." messages are its own); the rows
 * delivered before an error may stop earlier with large chunks, so one
 * list need only begin the other.
 */
static int
differ(const struct xml_run *a, const struct xml_run *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	const char *malformed = "malformed XML:";

	if (a->rc != b->rc || memcmp(a->text, b->text, n) != 0)
		return 1;
	if (a->rc == 0)
		return a->len != b->len;
	if (strncmp(a->why, malformed, strlen(malformed)) == 0 ||
	    strncmp(b->why, malformed, strlen(malformed)) == 0)
		return 0;
	return a->line != b->line || strcmp(a->why, b->why) != 0;
}

/*
 * 1 when libxml2, reading the whole input at once with the reader's safe
 * options (no network, no entity expanded), finds a well-formed document.
 */
static int
well_formed(const uint8_t *data, size_t size)
{
	xmlDocPtr doc;

	if (size > INT_MAX)
		return 0;
	doc = xmlReadMemory((const char *)data, (int)size, "fuzz.xml", NULL,
	                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlFreeDoc(doc);
	return doc != NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(0, data, size);
	size_t small = size > 0 ? 1 + (size_t)(data[size - 1] % 64) : 1;
	struct xml_run big, little;

	read_all(path, 0, &big);
	read_all(path, small, &little);
	if (differ(&big, &little)) {
		fprintf(stderr, "xml: chunk size %zu reads differently from 64 KiB:\n"
		        "  rc %d / %d, line %lu / %lu, %zu / %zu bytes of rows,\n"
		        "  \"%s\" / \"%s\"\n", small, big.rc, little.rc, big.line,
		        little.line, big.len, little.len, big.why, little.why);
		abort();
	}
	if (big.rc == 0 && !well_formed(data, size)) {
		fprintf(stderr, "xml: accepted (%zu bytes of rows), but libxml2 does not "
		        "find the document well-formed\n", big.len);
		abort();
	}
	free(big.text);
	free(little.text);
	return 0;
}
