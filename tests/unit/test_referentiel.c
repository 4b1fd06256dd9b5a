/*
 * test_referentiel.c - unit tests of stages/common/referentiel.c: loading
 * a référentiel, finding services, and each check with a failing input
 * (duplicate service id, a service under two enjeux, an enjeu under two
 * axes, duplicate axe, invalid JSON, missing fields, counts that differ
 * from the rules); the Services sheet (ids from the labels' numbers, from
 * positions when a label has none, each check with its line and column,
 * every error reported), sniffing the form, and writing referentiel.json
 * back (a round trip gives the same bytes).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "referentiel.h"

/* Two axes, three enjeux, five services. */
static const char good[] =
	"{\"millesime\":2018,\"exemple\":true,\"note\":\"exemple\",\"axes\":[\n"
	" {\"id\":\"1\",\"nom\":\"Démocratie et services publics\",\"enjeux\":[\n"
	"  {\"id\":\"1.1\",\"nom\":\"Démocratie locale\",\"usages\":[\n"
	"   {\"id\":\"1.1.1\",\"nom\":\"Participation\",\"services\":[\n"
	"    {\"id\":\"S101\",\"nom\":\"Budget participatif\"},{\"id\":\"S102\",\"nom\":\"Consultations\"}]}]},\n"
	"  {\"id\":\"1.2\",\"nom\":\"Services publics\",\"usages\":[\n"
	"   {\"id\":\"1.2.1\",\"nom\":\"Démarches\",\"services\":[{\"id\":\"S121\",\"nom\":\"État civil\"}]},\n"
	"   {\"id\":\"1.2.2\",\"nom\":\"Paiement\",\"services\":[{\"id\":\"S122\",\"nom\":\"Paiement en ligne\"}]}]}]},\n"
	" {\"id\":\"2\",\"nom\":\"Vivre ensemble\",\"enjeux\":[\n"
	"  {\"id\":\"2.1\",\"nom\":\"Médiation\",\"usages\":[\n"
	"   {\"id\":\"2.1.1\",\"nom\":\"Accompagnement\",\"services\":[{\"id\":\"S201\",\"nom\":\"Ateliers\"}]}]}]}]}\n";

/* Writes text to a new temporary file; returns its path (static buffer). */
static const char *
temp_file(const char *text)
{
	static char path[64];
	FILE *fp;
	int fd;

	snprintf(path, sizeof path, "%s/arobase-ref.XXXXXX", P_tmpdir);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	return path;
}

/* Loads text; returns the référentiel, or NULL with why and line filled. */
static ar_referentiel *
load(const char *text, unsigned long *line, char *why, size_t whylen)
{
	const char *path = temp_file(text);
	ar_referentiel *ref = ar_referentiel_load(path, line, why, whylen);
	int e = errno;

	unlink(path);
	errno = e;
	return ref;
}

/* Replaces the first occurrence of from by to in good; returns a new string. */
static char *
variant(const char *from, const char *to)
{
	const char *p = strstr(good, from);
	char *s;

	assert_non_null(p);
	s = malloc(sizeof good + strlen(to));
	assert_non_null(s);
	memcpy(s, good, (size_t)(p - good));
	strcpy(s + (p - good), to);
	strcat(s, p + strlen(from));
	return s;
}

/* Asserts that loading text fails with exactly this message. */
static void
assert_load_fails(const char *text, const char *message)
{
	unsigned long line;
	char why[400];
	ar_referentiel *ref = load(text, &line, why, sizeof why);

	assert_null(ref);
	assert_int_equal(errno, EINVAL);
	assert_string_equal(why, message);
}

static void
test_load_good(void **state)
{
	unsigned long line = 99;
	char why[400];
	ar_referentiel *ref = load(good, &line, why, sizeof why);

	(void)state;
	assert_non_null(ref);
	assert_int_equal(line, 0);
	assert_int_equal(ref->millesime, 2018);
	assert_int_equal(ref->exemple, 1);
	assert_int_equal(ref->n_axes, 2);
	assert_int_equal(ref->n_enjeux, 3);
	assert_int_equal(ref->n_usages, 4);
	assert_int_equal(ref->n_services, 5);
	assert_string_equal(ref->enjeux[2].nom, "Médiation");
	assert_int_equal(ref->enjeux[1].first_service, 2);
	assert_int_equal(ref->enjeux[1].n_services, 2);
	assert_int_equal(ref->enjeux[1].n_usages, 2);
	assert_int_equal(ref->axes[0].n_services, 4);
	assert_int_equal(ref->axes[1].first_enjeu, 2);
	assert_int_equal(ar_referentiel_find_service(ref, "S122"), 3);
	assert_int_equal(ref->services[3].enjeu, 1);
	assert_int_equal(ref->services[3].axe, 0);
	assert_int_equal(ref->services[3].usage, 2);
	assert_int_equal(ar_referentiel_find_service(ref, "S201"), 4);
	assert_int_equal(ar_referentiel_find_service(ref, "S101"), 0);
	assert_true(ar_referentiel_find_service(ref, "S999") == AR_REF_NONE);
	assert_true(ar_referentiel_find_service(ref, "") == AR_REF_NONE);
	ar_referentiel_free(ref);
	ar_referentiel_free(NULL);
}

static void
test_duplicate_service(void **state)
{
	char *s = variant("{\"id\":\"S102\"", "{\"id\":\"S101\"");

	(void)state;
	assert_load_fails(s,
		"axes[0].enjeux[0].usages[0].services[1].id: duplicate service id \"S101\" "
		"(first at axes[0].enjeux[0].usages[0].services[0])");
	free(s);
	/* The same service under two usages of one enjeu is a duplicate too. */
	s = variant("{\"id\":\"S122\"", "{\"id\":\"S121\"");
	assert_load_fails(s,
		"axes[0].enjeux[1].usages[1].services[0].id: duplicate service id \"S121\" "
		"(first at axes[0].enjeux[1].usages[0].services[0])");
	free(s);
}

static void
test_service_two_enjeux(void **state)
{
	char *s = variant("{\"id\":\"S201\"", "{\"id\":\"S102\"");

	(void)state;
	assert_load_fails(s,
		"axes[1].enjeux[0].usages[0].services[0].id: service \"S102\" under two enjeux: "
		"\"1.1\" (axes[0].enjeux[0].usages[0].services[1]) and \"2.1\"");
	free(s);
}

static void
test_enjeu_two_axes(void **state)
{
	char *s = variant("{\"id\":\"2.1\"", "{\"id\":\"1.2\"");

	(void)state;
	assert_load_fails(s,
		"axes[1].enjeux[0].id: enjeu \"1.2\" under two axes: \"1\" (axes[0].enjeux[1]) and \"2\"");
	free(s);
	s = variant("{\"id\":\"1.2\"", "{\"id\":\"1.1\"");
	assert_load_fails(s,
		"axes[0].enjeux[1].id: duplicate enjeu id \"1.1\" (first at axes[0].enjeux[0])");
	free(s);
}

static void
test_duplicate_axe_and_usage(void **state)
{
	char *s = variant("{\"id\":\"2\"", "{\"id\":\"1\"");

	(void)state;
	assert_load_fails(s, "axes[1].id: duplicate axe id \"1\" (first at axes[0])");
	free(s);
	s = variant("{\"id\":\"1.2.2\"", "{\"id\":\"1.1.1\"");
	assert_load_fails(s,
		"axes[0].enjeux[1].usages[1].id: duplicate usage id \"1.1.1\" "
		"(first at axes[0].enjeux[0].usages[0])");
	free(s);
}

static void
test_bad_shape(void **state)
{
	char *s;

	(void)state;
	s = variant("\"nom\":\"Ateliers\"", "\"name\":\"Ateliers\"");
	assert_load_fails(s, "axes[1].enjeux[0].usages[0].services[0].nom: missing or not a string");
	free(s);
	s = variant("\"millesime\":2018", "\"millesime\":\"2018\"");
	assert_load_fails(s, "millesime: missing or not an integer from 1990 to 2200");
	free(s);
	s = variant("\"usages\":[", "\"usage\":[");
	assert_load_fails(s, "axes[0].enjeux[0].usages: missing or not an array");
	free(s);
	s = variant("{\"id\":\"S121\"", "{\"id\":\"\"");
	assert_load_fails(s, "axes[0].enjeux[1].usages[0].services[0].id: missing or not a non-empty string");
	free(s);
	assert_load_fails("[]", "the file must hold a JSON object");
	assert_load_fails("{\"millesime\":2018,\"axes\":[]}", "axes: missing, empty or not an array");
}

static void
test_invalid_json(void **state)
{
	unsigned long line = 0;
	char why[400];
	char *s = variant("\"Vivre ensemble\",", "\"Vivre ensemble\",,");

	(void)state;
	assert_null(load(s, &line, why, sizeof why));
	assert_int_equal(errno, EINVAL);
	assert_int_equal(line, 9);
	free(s);
	/* Duplicate keys are refused. */
	s = variant("\"exemple\":true,", "\"exemple\":true,\"exemple\":false,");
	assert_null(load(s, &line, why, sizeof why));
	assert_int_equal(line, 1);
	assert_non_null(strstr(why, "duplicate object key"));
	free(s);
	assert_null(ar_referentiel_load(P_tmpdir "/arobase-no-such-referentiel.json",
	                                &line, why, sizeof why));
	assert_int_equal(errno, ENOENT);
	assert_string_equal(why, "No such file or directory");
}

static void
test_counts(void **state)
{
	unsigned long line;
	char why[400];
	ar_referentiel *ref = load(good, &line, why, sizeof why);

	(void)state;
	assert_non_null(ref);
	assert_int_equal(ar_referentiel_check_counts(ref, 2, 3, 5, why, sizeof why), 0);
	assert_int_equal(ar_referentiel_check_counts(ref, 0, 0, 0, why, sizeof why), 0);
	assert_int_equal(ar_referentiel_check_counts(ref, 2, 16, 5, why, sizeof why), -1);
	assert_string_equal(why, "enjeux: 3 in the référentiel, the rules announce 16");
	assert_int_equal(ar_referentiel_check_counts(ref, 4, 16, 139, why, sizeof why), -1);
	assert_string_equal(why, "axes: 2 in the référentiel, the rules announce 4; "
	                    "enjeux: 3 in the référentiel, the rules announce 16; "
	                    "services: 5 in the référentiel, the rules announce 139");
	/* A short buffer truncates, never overflows. */
	assert_int_equal(ar_referentiel_check_counts(ref, 4, 16, 139, why, 10), -1);
	assert_int_equal(strlen(why), 9);
	ar_referentiel_free(ref);
}


/* Messages collected from ar_referentiel_load_sheet, one per line. */
static char sheet_msgs[2000];

static void
collect(void *ctx, unsigned long line, const char *field, const char *msg)
{
	size_t used = strlen(sheet_msgs);

	(void)ctx;
	snprintf(sheet_msgs + used, sizeof sheet_msgs - used, "%lu: %s: %s\n", line,
	         field ? field : "-", msg);
}

/* Loads a sheet from text; messages land in sheet_msgs. */
static ar_referentiel *
load_sheet(const char *text)
{
	const char *path = temp_file(text);
	ar_referentiel *ref;
	int e;

	sheet_msgs[0] = '\0';
	ref = ar_referentiel_load_sheet(path, 2018, NULL, collect, NULL);
	e = errno;
	unlink(path);
	errno = e;
	return ref;
}

static const char sheet_head[] = "Id_Service;Axe;Enjeu de développement;Usage;Service\n";

static void
test_sheet_ids(void **state)
{
	char text[2000];
	ar_referentiel *ref;

	(void)state;
	/* "N. Label", "N) Label", "1.2 Label", "1.2.3. Label" and no number at all. */
	snprintf(text, sizeof text, "%s"
	         "S1;1. Démocratie;1) Démocratie locale;Participation;Budget\n"
	         "S2;1. Démocratie;1) Démocratie locale;Consultation;Débats\n"
	         "S3;1. Démocratie;1.4 Services publics;1.4.7. Paiement;Paiement\n"
	         "S4;Vivre ensemble;Médiation;3 Accès;Ateliers\n"
	         "S5;3D. Impression;3D;Fab lab;Imprimantes\n", sheet_head);
	ref = load_sheet(text);
	assert_string_equal(sheet_msgs, "");
	assert_non_null(ref);
	assert_int_equal(ref->millesime, 2018);
	assert_int_equal(ref->exemple, 0);
	assert_int_equal(ref->n_axes, 3);
	assert_string_equal(ref->axes[0].id, "1");
	assert_string_equal(ref->axes[0].nom, "Démocratie");
	assert_string_equal(ref->axes[1].id, "2");          /* second axe, unnumbered */
	assert_string_equal(ref->axes[1].nom, "Vivre ensemble");
	assert_string_equal(ref->axes[2].id, "3");
	assert_string_equal(ref->axes[2].nom, "3D. Impression");  /* "3D" is no number */
	assert_int_equal(ref->n_enjeux, 4);
	assert_string_equal(ref->enjeux[0].id, "1.1");
	assert_string_equal(ref->enjeux[0].nom, "Démocratie locale");
	assert_string_equal(ref->enjeux[1].id, "1.4");
	assert_string_equal(ref->enjeux[2].id, "2.1");
	assert_string_equal(ref->enjeux[3].id, "3.1");
	assert_int_equal(ref->n_usages, 5);
	assert_string_equal(ref->usages[0].id, "1.1.1");     /* by position */
	assert_string_equal(ref->usages[1].id, "1.1.2");
	assert_string_equal(ref->usages[2].id, "1.4.7");
	assert_string_equal(ref->usages[2].nom, "Paiement");
	assert_string_equal(ref->usages[3].id, "2.1.3");
	assert_int_equal(ref->n_services, 5);
	assert_int_equal(ar_referentiel_find_service(ref, "S3"), 2);
	assert_string_equal(ref->services[2].nom, "Paiement");
	ar_referentiel_free(ref);
}

static void
test_sheet_headers_and_cells(void **state)
{
	ar_referentiel *ref;

	(void)state;
	/* Headers without case, accents or surrounding spaces, in any order; cells trimmed, NFC. */
	ref = load_sheet(" SERVICE ;usage;ENJEU DE DEVELOPPEMENT ;  axe;id_service;Autre\n"
	                 "  Ateliers  ;1. Accès; 1. Me\xcc\x81" "diation ;2. Vivre ensemble; S201 ;x\n");
	assert_string_equal(sheet_msgs, "");
	assert_non_null(ref);
	assert_string_equal(ref->axes[0].id, "2");
	assert_string_equal(ref->enjeux[0].id, "2.1");
	assert_string_equal(ref->enjeux[0].nom, "Médiation");
	assert_string_equal(ref->services[0].id, "S201");
	assert_string_equal(ref->services[0].nom, "Ateliers");
	ar_referentiel_free(ref);
}

static void
test_sheet_checks(void **state)
{
	char text[2000];

	(void)state;
	/* Every error of the file is reported, each with its line and column. */
	snprintf(text, sizeof text, "%s"
	         "S1;1. A;1. E;1. U;s1\n"                  /* 2 */
	         "S1;1. A;1. E;1. U;s1 again\n"            /* 3: duplicate */
	         "S2;1. A;2. F;1. U;s2\n"                  /* 4 */
	         "S2;2. B;1. G;1. U;s2 elsewhere\n"        /* 5: under two enjeux */
	         "S3;2. B;2. F;1. U;s3\n"                  /* 6: enjeu under two axes */
	         "S4;;1. E;1. U;s4\n"                      /* 7: empty */
	         "S5;2. B;1.1 H;1. U;s5\n"                 /* 8: number of another axe */
	         "S6;2. B;1. G;1.2 U;s6\n"                 /* 9: usage with 2 numbers */
	         "S7;1. Other;1. E;1. U;s7\n", sheet_head); /* 10: axe id taken */
	assert_null(load_sheet(text));
	assert_int_equal(errno, EINVAL);
	assert_string_equal(sheet_msgs,
		"3: Id_Service: duplicate service id \"S1\" (first on line 2)\n"
		"5: Enjeu de développement: service \"S2\" under two enjeux: \"1.2\" (line 4) and \"2.1\"\n"
		"6: Axe: enjeu \"1.2\" under two axes: \"1\" (line 4) and \"2\"\n"
		"7: Axe: empty cell\n"
		"8: Enjeu de développement: \"1.1 H\" is numbered 1.1, but its axe on this row is \"2\"\n"
		"9: Usage: \"1.2 U\": a usage is numbered with 3 numbers, not 2\n"
		"10: Axe: axe id \"1\" of \"1. Other\" is already that of \"A\" (line 2)\n");
}

static void
test_sheet_file_errors(void **state)
{
	(void)state;
	assert_null(load_sheet("Id_Service;Axe;Usage\nS1;1. A;1. U\n"));
	assert_string_equal(sheet_msgs,
		"1: Enjeu de développement: missing column (a Services sheet has Id_Service, "
		"Axe, Enjeu de développement, Usage, Service)\n"
		"1: Service: missing column (a Services sheet has Id_Service, "
		"Axe, Enjeu de développement, Usage, Service)\n");
	assert_null(load_sheet(sheet_head));
	assert_string_equal(sheet_msgs, "0: -: the sheet lists no service\n");
	assert_null(load_sheet(""));
	assert_string_equal(sheet_msgs, "0: -: empty file: no header\n");
	assert_null(load_sheet("Id_Service;Axe;Enjeu;Usage;Service\nS1;\"1. A;1. E;1. U;s\n"));
	assert_int_equal(strncmp(sheet_msgs, "2: -: ", 6), 0);
	sheet_msgs[0] = '\0';
	assert_null(ar_referentiel_load_sheet("/nonexistent/Services.csv", 2018, NULL,
	                                      collect, NULL));
	assert_int_equal(errno, ENOENT);
	assert_string_equal(sheet_msgs, "0: -: No such file or directory\n");
}

static void
test_sniff_and_write(void **state)
{
	enum ar_ref_form form;
	const char *path;
	char *buf = NULL, why[400];
	size_t len = 0;
	unsigned long line;
	ar_referentiel *ref, *again;
	FILE *mem;

	(void)state;
	path = temp_file("\xef\xbb\xbf \n {\"millesime\": 2018}");
	assert_int_equal(ar_referentiel_sniff(path, &form), 0);
	assert_int_equal(form, AR_REF_JSON);
	unlink(path);
	path = temp_file("Id_Service;Axe\n");
	assert_int_equal(ar_referentiel_sniff(path, &form), 0);
	assert_int_equal(form, AR_REF_SHEET);
	unlink(path);
	assert_int_equal(ar_referentiel_sniff("/nonexistent/r.json", &form), -1);
	assert_int_equal(errno, ENOENT);

	/* Written, read back, written again: the same bytes, note and source kept. */
	ref = load(good, &line, why, sizeof why);
	assert_non_null(ref);
	mem = open_memstream(&buf, &len);
	assert_int_equal(ar_referentiel_write(ref, mem), 0);
	fclose(mem);
	assert_non_null(strstr(buf, "{\n  \"millesime\": 2018,\n  \"exemple\": true,\n"
	                       "  \"note\": \"exemple\",\n  \"axes\": [\n"));
	assert_non_null(strstr(buf, "\"nom\": \"État civil\""));
	assert_int_equal(buf[len - 1], '\n');
	again = load(buf, &line, why, sizeof why);
	assert_non_null(again);
	{
		char *buf2 = NULL;
		size_t len2 = 0;
		mem = open_memstream(&buf2, &len2);
		assert_int_equal(ar_referentiel_write(again, mem), 0);
		fclose(mem);
		assert_int_equal(len, len2);
		assert_memory_equal(buf, buf2, len);
		free(buf2);
	}
	ar_referentiel_free(again);
	ar_referentiel_free(ref);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_good),
		cmocka_unit_test(test_duplicate_service),
		cmocka_unit_test(test_service_two_enjeux),
		cmocka_unit_test(test_enjeu_two_axes),
		cmocka_unit_test(test_duplicate_axe_and_usage),
		cmocka_unit_test(test_bad_shape),
		cmocka_unit_test(test_invalid_json),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_sheet_ids),
		cmocka_unit_test(test_sheet_headers_and_cells),
		cmocka_unit_test(test_sheet_checks),
		cmocka_unit_test(test_sheet_file_errors),
		cmocka_unit_test(test_sniff_and_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
