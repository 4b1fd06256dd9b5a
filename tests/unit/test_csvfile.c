/*
 * test_csvfile.c - unit tests of the streaming CSV reader (stages/common/csvfile.c):
 * encodings, BOMs, delimiters, the "sep=" line, quoted cells, line numbers,
 * file errors, and the same results whatever the read-buffer size.
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

#include "csvfile.h"

static char tmpdir[512];

/* Writes n bytes to a fresh file in tmpdir; returns its path (static buffer). */
static const char *
write_file(const char *name, const void *data, size_t n)
{
	static char path[1024];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
	return path;
}

/*
 * Reads the whole file and returns a dump: one line per record,
 * "START-END|cell|cell..." with NUL bytes shown as "\0", then
 * "END enc delim" or "ERROR line: why".  The caller frees it.
 */
static char *
dump(const char *path, const char *enc, int delim, size_t bufsize)
{
	ar_csv_options o = {enc, delim, bufsize};
	char why[256], *out = NULL;
	size_t outlen = 0;
	FILE *m = open_memstream(&out, &outlen);
	ar_csv *c;
	int rc;

	c = ar_csv_open(path, &o, why, sizeof why);
	assert_non_null(c);
	while ((rc = ar_csv_next(c, why, sizeof why)) > 0) {
		fprintf(m, "%lu-%lu", ar_csv_line(c), ar_csv_end_line(c));
		for (size_t i = 0; i < ar_csv_ncells(c); i++) {
			size_t len;
			const char *s = ar_csv_cell(c, i, &len);

			assert_int_equal(s[len], '\0');
			fputc('|', m);
			for (size_t j = 0; j < len; j++)
				if (s[j] == '\0')
					fputs("\\0", m);
				else
					fputc(s[j], m);
		}
		fputc('\n', m);
	}
	if (rc < 0)
		fprintf(m, "ERROR %lu: %s\n", ar_csv_line(c), why);
	else
		fprintf(m, "END %s %d\n", ar_csv_encoding(c), ar_csv_delimiter_used(c));
	assert_int_equal(ar_csv_next(c, why, sizeof why), rc);   /* sticky */
	ar_csv_close(c);
	fclose(m);
	return out;
}

static void
expect_dump(const char *name, const char *data, size_t n, const char *enc,
            const char *want)
{
	const char *path = write_file(name, data, n);
	char *got = dump(path, enc, 0, 0);

	assert_string_equal(got, want);
	free(got);
}

#define S(lit) lit, sizeof(lit) - 1

static void
test_basic(void **state)
{
	(void)state;
	expect_dump("basic.csv", S("a;b;c\n1;2;3\n4;;6\n"), NULL,
	            "1-1|a|b|c\n2-2|1|2|3\n3-3|4||6\nEND utf-8 59\n");
}

static void
test_no_final_newline(void **state)
{
	(void)state;
	expect_dump("nofinal.csv", S("a;b\r\n1;2"), NULL,
	            "1-1|a|b\n2-2|1|2\nEND utf-8 59\n");
}

static void
test_sep_line(void **state)
{
	(void)state;
	/* sep=; sets the delimiter even though the header has more commas */
	expect_dump("sep.csv", S("sep=;\r\nId,x;Titre,y\r\n1011;Budget, 2e\r\n"), NULL,
	            "2-2|Id,x|Titre,y\n3-3|1011|Budget, 2e\nEND utf-8 59\n");
	expect_dump("sep2.csv", S("\"sep=,\";;\nA,B\n1,2\n"), NULL,
	            "2-2|A|B\n3-3|1|2\nEND utf-8 44\n");
}

static void
test_sep_not_a_sep_line(void **state)
{
	(void)state;
	/* a header cell that merely starts with sep= is data */
	expect_dump("sep3.csv", S("sep=;x;y\n1;2;3\n"), NULL,
	            "1-1|sep=|x|y\n2-2|1|2|3\nEND utf-8 59\n");
}

static void
test_delimiter_detection(void **state)
{
	(void)state;
	expect_dump("comma.csv", S("a,b,\"c;d\"\n1,2,3\n"), NULL,
	            "1-1|a|b|c;d\n2-2|1|2|3\nEND utf-8 44\n");
	expect_dump("tab.csv", S("a\tb\tc\n1\t\t3\n"), NULL,
	            "1-1|a|b|c\n2-2|1||3\nEND utf-8 9\n");
	expect_dump("one.csv", S("a\n1\n"), NULL, "1-1|a\n2-2|1\nEND utf-8 59\n");
}

static void
test_explicit_delimiter(void **state)
{
	const char *path = write_file("expl.csv", S("a;b,c\n1;2,3\n"));
	char *got = dump(path, NULL, ',', 0);

	(void)state;
	assert_string_equal(got, "1-1|a;b|c\n2-2|1;2|3\nEND utf-8 44\n");
	free(got);
}

static void
test_bom_quoted_header(void **state)
{
	(void)state;
	expect_dump("bom.csv", S("\xEF\xBB\xBF\"Id_Action\";\"Titre\"\r\n\"1\";\"\xC3\xA9t\xC3\xA9\"\r\n"),
	            NULL, "1-1|Id_Action|Titre\n2-2|1|\xC3\xA9t\xC3\xA9\nEND utf-8 (BOM) 59\n");
}

static void
test_multiline_lines(void **state)
{
	(void)state;
	expect_dump("multi.csv",
	            S("h1;h2\r\n1;\"a\nb\nc\nd\"\r\n2;\"x \"\"q\"\" y\"\r\n3;\r\n"), NULL,
	            "1-1|h1|h2\n2-5|1|a\nb\nc\nd\n6-6|2|x \"q\" y\n7-7|3|\nEND utf-8 59\n");
}

static void
test_line_ends(void **state)
{
	(void)state;
	/* lone CR, LF, CRLF, and blank lines between records */
	expect_dump("cr.csv", S("h;i\r1;2\r\r\n3;4\n\n5;\"x\ry\"\r"), NULL,
	            "1-1|h|i\n2-2|1|2\n4-4|3|4\n6-7|5|x\ry\nEND utf-8 59\n");
}

static void
test_unterminated_quote(void **state)
{
	(void)state;
	expect_dump("open.csv", S("a;b;c\r\n1;\"open;x\r\n2;y;z\r\n3;u;v\r\n"), NULL,
	            "1-1|a|b|c\nERROR 2: quoted cell never closed: it starts on this "
	            "line and runs to the end of the file\n");
	/* the quoted cell starts on line 3 of a record starting on line 2 */
	expect_dump("open2.csv", S("a;b;c\n1;\"x\ny\";\"open\n\nz\n"), NULL,
	            "1-1|a|b|c\nERROR 3: quoted cell never closed: it starts on this "
	            "line and runs to the end of the file\n");
}

static void
test_stray_quote(void **state)
{
	(void)state;
	expect_dump("stray.csv", S("a;b\n1;2\n3;5\" screen\n"), NULL,
	            "1-1|a|b\n2-2|1|2\nERROR 3: malformed quoted cell: a quote inside a "
	            "cell that does not start with one, or text after a closing quote\n");
}

static void
test_nul_bytes(void **state)
{
	(void)state;
	expect_dump("nul.csv", S("a;b\n1;ci\0toyen\n2;\0\0\0\n"), NULL,
	            "1-1|a|b\n2-2|1|ci\\0toyen\n3-3|2|\\0\\0\\0\nEND utf-8 59\n");
}

static void
test_cp1252_auto(void **state)
{
	(void)state;
	expect_dump("cp.csv", S("T;S\r\nC\x9Cur;12\xA0\x30\x30\x30 \x80 \x92\xFF\xC9\r\n"), NULL,
	            "1-1|T|S\n2-2|C\xC5\x93ur|12\xC2\xA0" "000 \xE2\x82\xAC \xE2\x80\x99\xC3\xBF\xC3\x89\n"
	            "END windows-1252 59\n");
}

static void
test_cp1252_undefined_byte(void **state)
{
	(void)state;
	expect_dump("cpbad.csv", S("T;S\n\xE9;\x81\n"), "windows-1252",
	            "1-1|T|S\nERROR 2: column 3: byte 0x81 is not valid in windows-1252\n");
	/* the other four undefined bytes, each named with its line and column */
	for (const char *b = "\x8D\x8F\x90\x9D"; *b; b++) {
		char data[16], want[128];

		snprintf(data, sizeof data, "T;S\n1;2\n\xE9;a%c\n", *b);
		snprintf(want, sizeof want, "1-1|T|S\n2-2|1|2\nERROR 3: column 4: byte "
		         "0x%02X is not valid in windows-1252\n", (unsigned char)*b);
		expect_dump("cpbad2.csv", data, strlen(data), "windows-1252", want);
	}
}

static void
test_iso885915(void **state)
{
	(void)state;
	expect_dump("l9.csv", S("T\n\xA4\xBD\xE9\n"), "iso-8859-15",
	            "1-1|T\n2-2|\xE2\x82\xAC\xC5\x93\xC3\xA9\nEND iso-8859-15 59\n");
	expect_dump("l9bad.csv", S("T\n\xE9\x92\n"), "iso-8859-15",
	            "1-1|T\nERROR 2: column 2: byte 0x92 is a control character in iso-8859-15 "
	            "(is the file windows-1252?)\n");
}

static void
test_mixed_utf8_then_cp1252(void **state)
{
	(void)state;
	expect_dump("mix1.csv", S("T;S\n\xC3\xA9t\xC3\xA9;1\nabc;2\nd\xE9j\xE0;3\n"), NULL,
	            "1-1|T|S\n2-2|\xC3\xA9t\xC3\xA9|1\n3-3|abc|2\n"
	            "ERROR 4: column 2: byte 0xE9 is not UTF-8 while the lines before are: "
	            "the file mixes UTF-8 and another encoding (save it again as CSV UTF-8)\n");
}

static void
test_mixed_cp1252_then_utf8(void **state)
{
	(void)state;
	expect_dump("mix2.csv", S("T;S\n\xE9t\xE9;1\nabc;2\nd\xC3\xA9j\xC3\xA0;3\n"), NULL,
	            "1-1|T|S\n2-2|\xC3\xA9t\xC3\xA9|1\n3-3|abc|2\n"
	            "ERROR 4: column 2: UTF-8 text in a file read as Windows-1252 from its "
	            "earlier lines: the file mixes encodings (save it again as CSV UTF-8)\n");
}

static void
test_declared_utf8_invalid(void **state)
{
	(void)state;
	expect_dump("u8bad.csv", S("T;S\nab;c\xE9\n"), "utf-8",
	            "1-1|T|S\nERROR 2: column 5: byte 0xE9 is not valid in the declared "
	            "encoding utf-8\n");
	/* lead bytes of code points above U+10FFFF (glibc's iconv lets them pass) */
	expect_dump("u8big.csv", S("T;S\nab;c\xF4\x90\x80\x80\n"), "utf-8",
	            "1-1|T|S\nERROR 2: column 5: byte 0xF4 is not valid in the declared "
	            "encoding utf-8\n");
	expect_dump("u8five.csv", S("T;S\nab;\xF8\x88\x80\x80\x80\n"), "utf-8",
	            "1-1|T|S\nERROR 2: column 4: byte 0xF8 is not valid in the declared "
	            "encoding utf-8\n");
	/* a surrogate spelt in UTF-8 and an overlong form */
	expect_dump("u8sur.csv", S("T;S\n\xC3\xA9;\xED\xA0\x80\n"), "utf-8",
	            "1-1|T|S\nERROR 2: column 3: byte 0xED is not valid in the declared "
	            "encoding utf-8\n");
	expect_dump("u8long.csv", S("T;S\nx;\xC0\xAF\n"), "utf-8",
	            "1-1|T|S\nERROR 2: column 3: byte 0xC0 is not valid in the declared "
	            "encoding utf-8\n");
	/* a truncated sequence at the end of the file */
	expect_dump("u8trunc.csv", S("T;S\nab;c\xC3"), "utf-8",
	            "1-1|T|S\nERROR 2: column 5: byte 0xC3 is not valid in the declared "
	            "encoding utf-8\n");
}

static void
test_declared_encoding_lies(void **state)
{
	(void)state;
	expect_dump("lie.csv", S("\xEF\xBB\xBFT;S\n1;2\n"), "windows-1252",
	            "ERROR 1: the file starts with a UTF-8 byte order mark but its "
	            "declared encoding is windows-1252\n");
	expect_dump("lie16.csv", S("\xFF\xFET\0\n\0"), "utf-8",
	            "ERROR 1: the file starts with a UTF-16 byte order mark but its "
	            "declared encoding is utf-8\n");
}

static void
test_utf16le(void **state)
{
	/* "Id\tT\r\n1\tŒ😀\r\n" in UTF-16LE with BOM */
	static const unsigned char u16[] = {
		0xFF, 0xFE, 'I', 0, 'd', 0, '\t', 0, 'T', 0, '\r', 0, '\n', 0,
		'1', 0, '\t', 0, 0x52, 0x01, 0x3D, 0xD8, 0x00, 0xDE, '\r', 0, '\n', 0
	};
	(void)state;
	expect_dump("u16.csv", (const char *)u16, sizeof u16, NULL,
	            "1-1|Id|T\n2-2|1|\xC5\x92\xF0\x9F\x98\x80\nEND utf-16le 9\n");
}

static void
test_utf16be_and_unpaired(void **state)
{
	static const unsigned char be[] = {0xFE, 0xFF, 0, 'a', 0, ';', 0, 'b', 0, '\n',
	                                   0, '1', 0, ';', 0, 0xE9, 0, '\n'};
	static const unsigned char bad[] = {0xFF, 0xFE, 'a', 0, '\n', 0, 'b', 0, 0x00, 0xDC};
	(void)state;
	expect_dump("u16be.csv", (const char *)be, sizeof be, "utf-16",
	            "1-1|a|b\n2-2|1|\xC3\xA9\nEND utf-16be 59\n");
	expect_dump("u16bad.csv", (const char *)bad, sizeof bad, NULL,
	            "1-1|a\nERROR 2: column 2: unpaired UTF-16 surrogate\n");
}

static void
test_missing_file_and_bad_options(void **state)
{
	char why[128];
	ar_csv_options o = {"ebcdic", 0, 0};

	(void)state;
	errno = 0;
	assert_null(ar_csv_open("/nonexistent/x.csv", NULL, why, sizeof why));
	assert_int_equal(errno, ENOENT);
	assert_null(ar_csv_open("/nonexistent/x.csv", &o, why, sizeof why));
	assert_int_equal(errno, EINVAL);
	o.encoding = NULL;
	o.delimiter = '|';
	assert_null(ar_csv_open("/nonexistent/x.csv", &o, why, sizeof why));
	assert_int_equal(errno, EINVAL);
}

static void
test_empty_file(void **state)
{
	(void)state;
	expect_dump("empty.csv", "", 0, NULL, "END utf-8 59\n");
	expect_dump("bomonly.csv", S("\xEF\xBB\xBF"), NULL, "END utf-8 (BOM) 59\n");
}

static void
test_big_cell(void **state)
{
	size_t n = (1u << 20) + 100, i;
	char *data = malloc(n + 64), *got, *want;
	size_t len = 0;
	const char *path;

	(void)state;
	len += (size_t)sprintf(data, "a;b\n1;\"");
	for (i = 0; i < (1u << 20); i++)
		data[len++] = (char)('a' + i % 26);
	len += (size_t)sprintf(data + len, "\"\n2;x\n");
	path = write_file("big.csv", data, len);
	got = dump(path, NULL, 0, 0);
	want = malloc((1u << 20) + 64);
	i = (size_t)sprintf(want, "1-1|a|b\n2-2|1|");
	memcpy(want + i, data + 7, 1u << 20);
	i += 1u << 20;
	sprintf(want + i, "\n3-3|2|x\nEND utf-8 59\n");
	assert_string_equal(got, want);
	free(got);
	free(want);
	free(data);
}

/* Every sample, read with buffer sizes from 1 byte to 64 KiB: identical dumps. */
static void
test_bufsize_sweep(void **state)
{
	static const struct { const char *d; size_t n; const char *enc; } samples[] = {
		{S("sep=;\r\nId,x;Titre,y\r\n1011;Budget, 2e\r\n"), NULL},
		{S("\xEF\xBB\xBF\"Id_Action\";\"Titre\"\r\n\"1\";\"\xC3\xA9t\xC3\xA9\"\r\n"), NULL},
		{S("h1;h2\r\n1;\"a\nb\r\nc\rd\"\r\n2;\"x \"\"q\"\" y\"\r\n3;\r\n\r\n"), NULL},
		{S("h;i\r1;2\r\r\n3;4\n\n5;\"x\ry\"\r"), NULL},
		{S("a;b;c\r\n1;\"open;x\r\n2;y;z\r\n"), NULL},
		{S("T;S\r\nC\x9Cur;12\xA0\x30\x30\x30 \x80 \x92\xFF\xC9\r\n"), NULL},
		{S("T;S\n\xC3\xA9t\xC3\xA9;1\nabc;2\nd\xE9j\xE0;3\n"), NULL},
		{S("T;S\n\xE9t\xE9;1\nabc;2\nd\xC3\xA9j\xC3\xA0;3\n"), NULL},
		{S("a;b\n1;ci\0toyen\n2;\0\0\0\n"), NULL},
		{S("\xFF\xFEI\0d\0\t\0T\0\r\0\n\0" "1\0\t\0\x52\x01\x3D\xD8\x00\xDE\r\0\n\0"), NULL},
		{S("T;S\nab;c\xE9\xF0\x9F\x98\x80\n"), "utf-8"},
		{S("a,b,\"c;d\"\n1,2,\"\xF0\x9F\x98\x80\"\n"), NULL},
	};
	static const size_t extra[] = {97, 128, 255, 256, 1000, 1024, 4093, 4096, 8192,
	                               16384, 32768, 65535, 65536};

	(void)state;
	for (size_t k = 0; k < sizeof samples / sizeof samples[0]; k++) {
		char name[32], *ref;
		const char *path;

		snprintf(name, sizeof name, "sweep%zu.csv", k);
		path = write_file(name, samples[k].d, samples[k].n);
		ref = dump(path, samples[k].enc, 0, 65536);
		for (size_t b = 1; b <= 80 + sizeof extra / sizeof extra[0]; b++) {
			size_t bs = b <= 80 ? b : extra[b - 81];
			char *got = dump(path, samples[k].enc, 0, bs);

			if (strcmp(got, ref) != 0)
				fail_msg("sample %zu, bufsize %zu:\n%s\n!=\n%s", k, bs, got, ref);
			free(got);
		}
		free(ref);
	}
}

static int
setup(void **state)
{
	const char *t = getenv("TMPDIR");

	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "%s/test_csvfile.XXXXXX", t != NULL && *t ? t : "/tmp");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[1024];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_sep_line),
		cmocka_unit_test(test_sep_not_a_sep_line),
		cmocka_unit_test(test_delimiter_detection),
		cmocka_unit_test(test_explicit_delimiter),
		cmocka_unit_test(test_bom_quoted_header),
		cmocka_unit_test(test_multiline_lines),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_stray_quote),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_cp1252_auto),
		cmocka_unit_test(test_cp1252_undefined_byte),
		cmocka_unit_test(test_iso885915),
		cmocka_unit_test(test_mixed_utf8_then_cp1252),
		cmocka_unit_test(test_mixed_cp1252_then_utf8),
		cmocka_unit_test(test_declared_utf8_invalid),
		cmocka_unit_test(test_declared_encoding_lies),
		cmocka_unit_test(test_utf16le),
		cmocka_unit_test(test_utf16be_and_unpaired),
		cmocka_unit_test(test_missing_file_and_bad_options),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_big_cell),
		cmocka_unit_test(test_bufsize_sweep),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
