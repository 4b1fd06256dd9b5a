/*
 * test_common.c - unit tests of the small shared modules of stages/common:
 * bounded numbers, atomic outputs, strict JSON Lines and rules.json.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ndjson.h"
#include "numparse.h"
#include "outfile.h"
#include "rules.h"

static char tmpdir[64];

static int
setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/arobase-unit.XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *
path(const char *name)
{
	static char buf[256];

	snprintf(buf, sizeof buf, "%s/%s", tmpdir, name);
	return buf;
}

static void
write_file(const char *name, const char *content, size_t len)
{
	FILE *fp = fopen(path(name), "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(content, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static size_t
count_entries(void)
{
	char cmd[128];
	FILE *p;
	size_t n = 0;
	int c;

	snprintf(cmd, sizeof cmd, "ls -A '%s'", tmpdir);
	p = popen(cmd, "r");
	while ((c = fgetc(p)) != EOF)
		if (c == '\n')
			n++;
	pclose(p);
	return n;
}

static void
test_strtonum(void **state)
{
	long long v = 0;
	const char *err;

	(void)state;
	assert_int_equal(ar_strtonum("350", 1, 100000, &v, &err), 0);
	assert_int_equal(v, 350);
	assert_int_equal(ar_strtonum("0", 1, 5, &v, &err), -1);
	assert_string_equal(err, "is too small");
	assert_int_equal(ar_strtonum("6", 1, 5, &v, &err), -1);
	assert_string_equal(err, "is too large");
	assert_int_equal(ar_strtonum("5", 1, 5, &v, &err), 0);
	assert_int_equal(ar_strtonum("1", 1, 5, &v, &err), 0);
	assert_int_equal(ar_strtonum("3a", 1, 5, &v, &err), -1);
	assert_string_equal(err, "is not a number");
	assert_int_equal(ar_strtonum("", 1, 5, &v, &err), -1);
	assert_int_equal(ar_strtonum(" 3", 1, 5, &v, &err), -1);
	assert_int_equal(ar_strtonum("99999999999999999999999", 1, 5, &v, &err), -1);
	assert_string_equal(err, "is too large");
}

static void
test_outfile_commit_and_abort(void **state)
{
	ar_outfile *o;
	FILE *fp;
	char buf[32] = {0};

	(void)state;
	write_file("out.txt", "old\n", 4);
	o = ar_outfile_open(path("out.txt"));
	assert_non_null(o);
	fputs("new\n", ar_outfile_stream(o));
	assert_int_equal(count_entries(), 2);        /* target + temporary */
	ar_outfile_abort(o);
	assert_int_equal(count_entries(), 1);        /* temporary removed */
	fp = fopen(path("out.txt"), "rb");
	assert_int_equal(fread(buf, 1, sizeof buf - 1, fp), 4);
	fclose(fp);
	assert_string_equal(buf, "old\n");           /* previous output intact */

	o = ar_outfile_open(path("out.txt"));
	fputs("new\n", ar_outfile_stream(o));
	assert_int_equal(ar_outfile_commit(o), 0);
	assert_int_equal(count_entries(), 1);
	fp = fopen(path("out.txt"), "rb");
	assert_int_equal(fread(buf, 1, sizeof buf - 1, fp), 4);
	fclose(fp);
	assert_string_equal(buf, "new\n");
	ar_outfile_abort(NULL);

	/* A temporary file left by a killed run is removed by the next one. */
	write_file(".out.txt.tmpAbC123", "partial", 7);
	write_file(".other.txt.tmpAbC123", "not ours", 8);
	assert_int_equal(count_entries(), 3);
	o = ar_outfile_open(path("out.txt"));
	assert_int_equal(count_entries(), 3);        /* stale one gone, ours there */
	assert_int_equal(access(path(".out.txt.tmpAbC123"), F_OK), -1);
	assert_int_equal(access(path(".other.txt.tmpAbC123"), F_OK), 0);
	ar_outfile_abort(o);
	unlink(path(".other.txt.tmpAbC123"));

	errno = 0;
	assert_null(ar_outfile_open(path("no/such/dir/out.txt")));
	assert_int_equal(errno, ENOENT);
}

static void
test_outfile_special_targets(void **state)
{
	ar_outfile *o;
	struct stat st;
	char buf[32] = {0};
	FILE *fp;

	(void)state;
	/* A device is written to, never replaced by a regular file. */
	o = ar_outfile_open("/dev/null");
	assert_non_null(o);
	fputs("x\n", ar_outfile_stream(o));
	assert_int_equal(ar_outfile_commit(o), 0);
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	/* A full device reports the write error. */
	o = ar_outfile_open("/dev/full");
	assert_non_null(o);
	fputs("x\n", ar_outfile_stream(o));
	assert_int_equal(ar_outfile_commit(o), -1);
	assert_int_equal(errno, ENOSPC);
	assert_int_equal(stat("/dev/full", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	/* A symbolic link is kept; the file it points to is replaced. */
	write_file("real.txt", "old\n", 4);
	assert_int_equal(symlink("real.txt", path("link.txt")), 0);
	o = ar_outfile_open(path("link.txt"));
	assert_non_null(o);
	fputs("new\n", ar_outfile_stream(o));
	assert_int_equal(ar_outfile_commit(o), 0);
	assert_int_equal(lstat(path("link.txt"), &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	fp = fopen(path("real.txt"), "rb");
	assert_int_equal(fread(buf, 1, sizeof buf - 1, fp), 4);
	fclose(fp);
	assert_string_equal(buf, "new\n");
	unlink(path("link.txt"));
	unlink(path("real.txt"));
	/* A folder cannot be an output file. */
	assert_int_equal(mkdir(path("adir"), 0755), 0);
	errno = 0;
	assert_null(ar_outfile_open(path("adir")));
	assert_int_equal(errno, EISDIR);
	rmdir(path("adir"));
}

static void
test_mkdir_p(void **state)
{
	struct stat st;

	(void)state;
	assert_int_equal(ar_mkdir_p(path("a/b/c")), 0);
	assert_int_equal(stat(path("a/b/c"), &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(ar_mkdir_p(path("a/b/c")), 0);   /* already there */
	write_file("f", "x", 1);
	assert_int_equal(ar_mkdir_p(path("f")), -1);
}

/* Reads name and returns the physical line of the first error, 0 if none. */
static unsigned long
ndjson_error_line(const char *name, const char *content, size_t len,
                  int *values)
{
	ar_ndjson *r;
	json_t *v;
	char why[256];
	int rc;
	unsigned long line = 0;

	write_file(name, content, len);
	r = ar_ndjson_open(path(name));
	assert_non_null(r);
	*values = 0;
	while ((rc = ar_ndjson_next(r, &v, why, sizeof why)) > 0) {
		(*values)++;
		json_decref(v);
	}
	if (rc < 0)
		line = ar_ndjson_line(r);
	ar_ndjson_close(r);
	return line;
}

static void
test_ndjson_strict(void **state)
{
	static const char ok[] = "{\"a\":\"x\"}\n{\"a\":\"\xc3\xa9\"}\r\n";
	static const char nul[] = "{\"a\":1}\n{\"a\":\"x\\u0000y\"}\n";
	static const char bad_utf8[] = "{\"a\":1}\n{\"a\":2}\n{\"a\":\"\xc9\"}\n";
	static const char big[] = "{\"a\":1}\n{\"a\":123456789012345678901234567890}\n";
	static const char inf[] = "{\"a\":1e999}\n";
	static const char dup[] = "{\"a\":1,\"a\":2}\n";
	static const char empty[] = "{\"a\":1}\n\n{\"a\":2}\n";
	int n;

	(void)state;
	assert_int_equal(ndjson_error_line("ok", ok, sizeof ok - 1, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ndjson_error_line("nul", nul, sizeof nul - 1, &n), 2);
	assert_int_equal(ndjson_error_line("utf8", bad_utf8, sizeof bad_utf8 - 1, &n), 3);
	assert_int_equal(ndjson_error_line("big", big, sizeof big - 1, &n), 2);
	assert_int_equal(ndjson_error_line("inf", inf, sizeof inf - 1, &n), 1);
	assert_int_equal(ndjson_error_line("dup", dup, sizeof dup - 1, &n), 1);
	assert_int_equal(ndjson_error_line("empty", empty, sizeof empty - 1, &n), 2);
}

static void
test_ndjson_write(void **state)
{
	json_t *v = json_pack("{s:s,s:f}", "nom", "Œuilly", "part", 66.7);
	char buf[64] = {0};
	FILE *fp;

	(void)state;
	fp = fopen(path("w"), "wb");
	assert_int_equal(ar_ndjson_write(fp, v), 0);
	fclose(fp);
	json_decref(v);
	fp = fopen(path("w"), "rb");
	assert_true(fread(buf, 1, sizeof buf - 1, fp) > 0);
	fclose(fp);
	assert_string_equal(buf, "{\"nom\":\"Œuilly\",\"part\":66.7}\n");
}

static const char rules_2018[] =
	"{\"millesime\":2018,\"annee_participation\":2017,"
	"\"fenetre\":{\"premiere_annee\":2016,\"derniere_annee\":2017},"
	"\"statuts_retenus\":[\"en_cours\",\"realisee\"],"
	"\"arobases\":{\"min\":1,\"max\":5,\"max_premiere_participation\":4,"
	"\"perte_max\":1,\"recul_max_annees\":3},"
	"\"mentions\":[\"Écoles Internet\"],"
	"\"dates\":{\"cloture\":\"2017-11-10\",\"jury\":\"2017-12-01\",\"ceremonie\":\"2018-02-08\"},"
	"\"lieu_ceremonie\":\"Paris\",\"referentiel\":{\"axes\":4,\"enjeux\":16,\"services\":139}}";

static void
test_rules_load(void **state)
{
	char why[256];
	ar_rules *r;

	(void)state;
	write_file("rules.json", rules_2018, sizeof rules_2018 - 1);
	r = ar_rules_load(path("rules.json"), why, sizeof why);
	assert_non_null(r);
	assert_int_equal(r->millesime, 2018);
	assert_int_equal(r->fenetre_premiere, 2016);
	assert_int_equal(r->fenetre_derniere, 2017);
	assert_int_equal(r->statuts_retenus, AR_STATUT_EN_COURS | AR_STATUT_REALISEE);
	assert_int_equal(r->max_premiere, 4);
	assert_string_equal(r->ceremonie, "2018-02-08");
	assert_true(ar_rules_has_mention(r, "Écoles Internet"));
	assert_false(ar_rules_has_mention(r, "Ecoles Internet"));
	assert_int_equal(r->ref_services, 139);
	assert_true(r->panneau_largeur_min_mm == 350.0);
	ar_rules_free(r);
	ar_rules_free(NULL);
}

static void
test_rules_errors(void **state)
{
	static const char bad_date[] =
		"{\"millesime\":2018,\"fenetre\":{\"premiere_annee\":2016,\"derniere_annee\":2017},"
		"\"statuts_retenus\":[\"realisee\"],\"arobases\":{\"min\":1,\"max\":5,"
		"\"max_premiere_participation\":4,\"perte_max\":1,\"recul_max_annees\":3},"
		"\"dates\":{\"cloture\":\"2017-02-29\",\"jury\":\"2017-12-01\",\"ceremonie\":\"2018-02-08\"}}";
	static const char bad_statut[] =
		"{\"millesime\":2018,\"fenetre\":{\"premiere_annee\":2016,\"derniere_annee\":2017},"
		"\"statuts_retenus\":[\"terminee\"]}";
	char why[256];

	(void)state;
	errno = 0;
	assert_null(ar_rules_load(path("absent.json"), why, sizeof why));
	assert_int_equal(errno, ENOENT);
	write_file("r1.json", bad_date, sizeof bad_date - 1);
	assert_null(ar_rules_load(path("r1.json"), why, sizeof why));
	assert_string_equal(why, "dates.cloture: \"2017-02-29\" is not a day of the calendar");
	write_file("r2.json", bad_statut, sizeof bad_statut - 1);
	assert_null(ar_rules_load(path("r2.json"), why, sizeof why));
	assert_string_equal(why, "statuts_retenus[0]: must be one of prevue, en_cours, realisee");
	{
		static const char base[] =
			"{\"millesime\":%d,\"annee_participation\":%d,"
			"\"fenetre\":{\"premiere_annee\":%d,\"derniere_annee\":%d},"
			"\"statuts_retenus\":[\"realisee\"],\"arobases\":{\"min\":1,\"max\":5,"
			"\"max_premiere_participation\":4,\"perte_max\":1,\"recul_max_annees\":3},"
			"\"dates\":{\"cloture\":\"%s\",\"jury\":\"%s\",\"ceremonie\":\"%s\"}}";
		char buf[1024];
		ar_rules *r;

		snprintf(buf, sizeof buf, base, 2019, 2017, 2016, 2017, "2017-11-10", "2017-12-01", "2018-02-08");
		write_file("r4.json", buf, strlen(buf));
		assert_null(ar_rules_load(path("r4.json"), why, sizeof why));
		assert_string_equal(why, "annee_participation: 2017 is not millesime 2019 - 1 "
		                    "(the label of a millésime rewards the year before it)");
		snprintf(buf, sizeof buf, base, 2019, 2018, 2016, 2017, "2018-11-10", "2018-12-01", "2019-02-08");
		write_file("r5.json", buf, strlen(buf));
		assert_null(ar_rules_load(path("r5.json"), why, sizeof why));
		assert_string_equal(why, "fenetre.derniere_annee: 2017 is not the participation year 2018 "
		                    "(R-window, FAQ Évaluation 1°: label 2019 counts 2017 and 2018)");
		snprintf(buf, sizeof buf, base, 2018, 2017, 2016, 2017, "2017-11-10", "2017-12-01", "2016-01-01");
		write_file("r6.json", buf, strlen(buf));
		assert_null(ar_rules_load(path("r6.json"), why, sizeof why));
		assert_string_equal(why, "dates: closing 2017-11-10, jury 2017-12-01 and ceremony "
		                    "2016-01-01 are not in that order");
		snprintf(buf, sizeof buf, base, 2018, 2017, 2016, 2017, "2017-11-10", "2017-12-01", "2018-02-30");
		write_file("r7.json", buf, strlen(buf));
		assert_null(ar_rules_load(path("r7.json"), why, sizeof why));
		assert_string_equal(why, "dates.ceremonie: \"2018-02-30\" is not a day of the calendar");
		snprintf(buf, sizeof buf, base, 2018, 2017, 2016, 2017, "2017-11-10", "2017-12-01", "2019-02-08");
		write_file("r8.json", buf, strlen(buf));
		assert_null(ar_rules_load(path("r8.json"), why, sizeof why));
		assert_string_equal(why, "dates.ceremonie: 2019-02-08 is neither in 2017 nor in 2018");
		snprintf(buf, sizeof buf, base, 2018, 2017, 2016, 2017, "2017-11-10", "2017-12-01", "2018-02-08");
		write_file("r9.json", buf, strlen(buf));
		r = ar_rules_load(path("r9.json"), why, sizeof why);
		assert_non_null(r);
		ar_rules_free(r);
	}
	write_file("r3.json", "[1]", 3);
	assert_null(ar_rules_load(path("r3.json"), why, sizeof why));
	assert_int_equal(errno, EINVAL);
}

static void
test_iso_date(void **state)
{
	(void)state;
	assert_true(ar_iso_date_valid("2016-02-29"));
	assert_false(ar_iso_date_valid("2017-02-29"));
	assert_true(ar_iso_date_valid("2000-02-29"));
	assert_false(ar_iso_date_valid("1900-02-29"));
	assert_false(ar_iso_date_valid("2017-04-31"));
	assert_true(ar_iso_date_valid("2017-12-31"));
	assert_false(ar_iso_date_valid("2017-13-01"));
	assert_false(ar_iso_date_valid("2017-1-01"));
	assert_false(ar_iso_date_valid("2017-00-10"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strtonum),
		cmocka_unit_test(test_outfile_commit_and_abort),
		cmocka_unit_test(test_outfile_special_targets),
		cmocka_unit_test(test_mkdir_p),
		cmocka_unit_test(test_ndjson_strict),
		cmocka_unit_test(test_ndjson_write),
		cmocka_unit_test(test_rules_load),
		cmocka_unit_test(test_rules_errors),
		cmocka_unit_test(test_iso_date),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
