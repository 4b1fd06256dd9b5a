/*
 * test_ingest_xml.c - unit tests of arobase-ingest's XML export reader
 * (stages/ingest/xml.c): content sniffing, the rows it hands over (header,
 * then one per action, lines of <action>), the same rows whatever the read
 * chunk size, and the file errors with their lines; plus the long-text NFC
 * of stages/common/text.c the reader relies on for large text nodes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "text.h"
#include "xml.h"

/* Writes s to a new temporary file and returns its path (static buffer). */
static const char *
tmpfile_with(const char *s, size_t n)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof path, "/tmp/test_ingest_xml.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, s, n), (ssize_t)n);
	close(fd);
	return path;
}

static const char doc[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<actions>\n"
	"  <action>\n"
	"    <id_action>1</id_action><titre>A &amp; <![CDATA[<b>]]></titre>\n"
	"    <date>2017-01-02</date><statut>En cours</statut>\n"
	"    <collectivite>76575</collectivite><collectivite>35238</collectivite>\n"
	"    <services>S012</services>\n"
	"  </action>\n"
	"  <action><id_action>2</id_action><titre/><sous_titre>s</sous_titre><date/>"
	"<statut/><collectivite/><services/><synthese>é</synthese></action>\n"
	"</actions>\n";

/* Reads the whole of path with chunks of bs bytes into a text summary. */
static char *
read_all(const char *path, size_t bs, int *rc, unsigned long *line)
{
	char why[512], *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	ar_xml *x = ar_xml_open(path, bs, why, sizeof why);

	assert_non_null(x);
	while ((*rc = ar_xml_next(x, why, sizeof why)) > 0) {
		fprintf(m, "%lu:", ar_xml_line(x));
		for (size_t i = 0; i < ar_xml_ncells(x); i++) {
			size_t n;
			const char *c = ar_xml_cell(x, i, &n);

			assert_int_equal(strlen(c), n);
			fprintf(m, "[%s]", c);
		}
		fputc('\n', m);
	}
	if (*rc < 0)
		fprintf(m, "error %lu: %s\n", ar_xml_line(x), why);
	*line = ar_xml_line(x);
	ar_xml_close(x);
	fclose(m);
	return out;
}

static void
test_rows_whatever_the_chunk_size(void **state)
{
	const char *p = tmpfile_with(doc, sizeof doc - 1);
	int rc;
	unsigned long line;
	char *ref = read_all(p, 0, &rc, &line);

	(void)state;
	assert_int_equal(rc, 0);
	assert_string_equal(ref,
		"1:[id_action][titre][sous_titre][synthese][statut][date][collectivite][services]\n"
		"3:[1][A & <b>][][][En cours][2017-01-02][76575\n35238][S012]\n"
		"9:[2][][s][é][][][][]\n");
	for (size_t bs = 1; bs <= 80; bs++) {
		char *got = read_all(p, bs, &rc, &line);

		assert_int_equal(rc, 0);
		assert_string_equal(got, ref);
		free(got);
	}
	free(ref);
	unlink(p);
}

/* Expects the document s to be a file error at line with msg in the message. */
static void
file_error(const char *s, unsigned long want_line, const char *msg)
{
	const char *p = tmpfile_with(s, strlen(s));

	for (size_t bs = 1; bs <= 65536; bs = bs < 8 ? bs + 1 : bs * 8) {
		int rc;
		unsigned long line;
		char *got = read_all(p, bs, &rc, &line);

		if (rc != -1 || line != want_line || strstr(got, msg) == NULL)
			fail_msg("buffer %zu: rc %d line %lu: %s (want line %lu, \"%s\")", bs, rc,
			         line, got, want_line, msg);
		free(got);
	}
	unlink(p);
}

static void
test_file_errors(void **state)
{
	(void)state;
	file_error("<?xml version=\"1.0\"?>\n<!DOCTYPE actions [\n\n<!ENTITY a \"b\">]>\n"
	           "<actions/>\n", 4, "declares the entity \"a\"");
	file_error("<!DOCTYPE actions [\n<!ENTITY % p SYSTEM \"x\">\n%p;]>\n<actions/>\n",
	           2, "parameter entity \"%p\"");
	file_error("<!DOCTYPE actions [<!ENTITY i SYSTEM \"i.gif\" NDATA gif>]>\n<actions/>\n",
	           1, "declares the entity \"i\"");
	file_error("<actions>\n<action>\n</actions>\n", 3, "malformed XML");
	file_error("<actions>\n<autre/>\n</actions>\n", 2, "autre: element not allowed in <actions>");
	file_error("<liste/>\n", 1, "root element must be <actions>");
	file_error("<actions>\n<action id=\"1\"/>\n</actions>\n", 2, "attribute \"id\" not allowed");
	file_error("<actions xmlns=\"urn:x\"/>\n", 1, "namespace");
	file_error("<actions>\n<action><id_action>1</id_action><titre/><date/>\n<date/>"
	           "</action></actions>\n", 3, "date: element not expected after <date>");
	file_error("<actions><action><id_action><b/></id_action></action></actions>\n", 1,
	           "b: element not allowed in <id_action>");
	file_error("<actions>x<action/></actions>\n", 1, "text outside");
	file_error("<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n<actions>\n"
	           "<!-- \xc3\xa9 -->\n</actions>\n", 1, "the bytes are UTF-8 (see line 3)");
	file_error("", 1, "malformed XML");
}

static void
test_sniff(void **state)
{
	static const struct {
		const char *s;
		size_t n;
		int want;
	} t[] = {
		{"<?xml version=\"1.0\"?><a/>", 25, 1},
		{"\xef\xbb\xbf \r\n\t<a/>", 10, 1},
		{"\xff\xfe<\0a\0", 6, 1},
		{"\xfe\xff\0 \0<", 6, 1},
		{"\xff\xfeI\0d\0", 6, 0},
		{"Id_Action;Titre\n", 16, 0},
		{"", 0, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		const char *p = tmpfile_with(t[i].s, t[i].n);

		if (ar_xml_sniff(p) != t[i].want)
			fail_msg("sniff case %zu", i);
		unlink(p);
	}
	assert_int_equal(ar_xml_sniff("/nonexistent/x.xml"), 0);
}

static void
test_long_text_nfc(void **state)
{
	GString *s = g_string_new(NULL);
	gchar *want;
	char *got;

	(void)state;
	/* decomposed accents and Hangul jamo across every 1 KiB piece boundary */
	for (int i = 0; i < 20000; i++)
		g_string_append(s, i % 3 ? "Re\xcc\x81" "alise\xcc\x81" "e " : "\xe1\x84\x80\xe1\x85\xa1x");
	want = g_utf8_normalize(s->str, (gssize)s->len, G_NORMALIZE_NFC);
	got = ar_utf8_nfc(s->str, s->len);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	g_free(want);
	g_string_free(s, TRUE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_whatever_the_chunk_size),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_long_text_nfc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
