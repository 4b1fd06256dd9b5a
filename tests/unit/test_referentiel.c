/*
 * test_referentiel.c - unit tests of stages/common/referentiel.c: loading
 * a référentiel, finding services, and each check with a failing input
 * (duplicate service id, a service under two enjeux, an enjeu under two
 * axes, duplicate axe, invalid JSON, missing fields, counts that differ
 * from the rules).
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
