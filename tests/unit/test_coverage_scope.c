/*
 * test_coverage_scope.c - unit tests of stages/coverage/tally.c: R-scope
 * (an action counts for every collectivité it names, and only for them),
 * a service counted once however many actions cover it, actions per
 * enjeu, unknown services counted once per action, and shares rounded to
 * one decimal without float noise (2/3 -> 66.7, 1/3 -> 33.3).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <jansson.h>

#include "referentiel.h"
#include "retain.h"
#include "tally.h"

/* Two axes; enjeu 1.1 has S101 S102, 2.1 has S201 S202 S203. */
static const char reftext[] =
	"{\"millesime\":2018,\"axes\":["
	"{\"id\":\"1\",\"nom\":\"Démocratie\",\"enjeux\":[{\"id\":\"1.1\",\"nom\":\"Démocratie locale\","
	"\"usages\":[{\"id\":\"1.1.1\",\"nom\":\"u\",\"services\":["
	"{\"id\":\"S101\",\"nom\":\"a\"},{\"id\":\"S102\",\"nom\":\"b\"}]}]}]},"
	"{\"id\":\"2\",\"nom\":\"Vivre ensemble\",\"enjeux\":[{\"id\":\"2.1\",\"nom\":\"Médiation\","
	"\"usages\":[{\"id\":\"2.1.1\",\"nom\":\"u\",\"services\":["
	"{\"id\":\"S201\",\"nom\":\"c\"},{\"id\":\"S202\",\"nom\":\"d\"},{\"id\":\"S203\",\"nom\":\"e\"}]}]}]}]}";

static ar_referentiel *ref;

static int
setup(void **state)
{
	char path[64], why[300];
	unsigned long line;
	FILE *fp;
	int fd;

	(void)state;
	snprintf(path, sizeof path, "%s/arobase-ref.XXXXXX", P_tmpdir);
	if ((fd = mkstemp(path)) < 0 || (fp = fdopen(fd, "w")) == NULL)
		return -1;
	fputs(reftext, fp);
	fclose(fp);
	ref = ar_referentiel_load(path, &line, why, sizeof why);
	unlink(path);
	return ref == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	ar_referentiel_free(ref);
	return 0;
}

/* Adds an action naming colls (JSON list) with services svcs (JSON list). */
static void
add(cov_tally *t, const char *colls, const char *svcs, unsigned long line)
{
	char buf[400], why[200];
	const char *field;
	json_error_t err;
	ar_action a;
	json_t *v;

	snprintf(buf, sizeof buf,
	         "{\"id_action\":\"1\",\"titre\":\"t\",\"statut\":\"realisee\","
	         "\"date\":\"2017-01-01\",\"collectivites\":%s,\"services\":%s}", colls, svcs);
	v = json_loads(buf, 0, &err);
	assert_non_null(v);
	assert_int_equal(ar_action_view(v, &a, &field, why, sizeof why), 0);
	cov_tally_add(t, &a, line);
	json_decref(v);
}

/* The coverage.json text of t, parsed back (caller decrefs). */
static json_t *
written(cov_tally *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	json_error_t err;
	json_t *v;

	assert_non_null(fp);
	assert_int_equal(cov_tally_write(t, fp), 0);
	assert_int_equal(fclose(fp), 0);
	v = json_loads(buf, JSON_REJECT_DUPLICATES, &err);
	free(buf);
	assert_non_null(v);
	return v;
}

/* The collectivité of code in a parsed coverage.json (borrowed). */
static json_t *
find(json_t *doc, const char *code)
{
	json_t *list = json_object_get(doc, "collectivites"), *c;
	size_t i;

	json_array_foreach(list, i, c)
		if (strcmp(json_string_value(json_object_get(c, "code")), code) == 0)
			return c;
	return NULL;
}

static void
test_scope_every_named(void **state)
{
	cov_tally *t = cov_tally_new(ref);

	(void)state;
	/* Co-produced by Rennes and Cesson-Sévigné: counts for both. */
	add(t, "[\"35238\",\"35051\"]", "[\"S101\"]", 1);
	/* Rennes Métropole's own action: the EPCI only, not its communes. */
	add(t, "[\"243500139\"]", "[\"S201\"]", 2);
	/* The same code named twice counts once. */
	add(t, "[\"35238\",\"35238\"]", "[\"S202\"]", 3);
	assert_int_equal(cov_tally_n_collectivites(t), 3);
	assert_int_equal(cov_tally_actions(t, "35238"), 2);
	assert_int_equal(cov_tally_actions(t, "35051"), 1);
	assert_int_equal(cov_tally_actions(t, "243500139"), 1);
	assert_int_equal(cov_tally_actions(t, "35047"), 0);
	assert_int_equal(cov_tally_covers(t, "35238", "S101"), 1);
	assert_int_equal(cov_tally_covers(t, "35051", "S101"), 1);
	assert_int_equal(cov_tally_covers(t, "35238", "S201"), 0);
	assert_int_equal(cov_tally_covers(t, "243500139", "S201"), 1);
	assert_int_equal(cov_tally_covers(t, "243500139", "S101"), 0);
	assert_int_equal(cov_tally_covers(t, "35238", "S202"), 1);
	cov_tally_free(t);
}

static void
test_service_once_actions_per_enjeu(void **state)
{
	cov_tally *t = cov_tally_new(ref);
	json_t *doc, *c, *e;

	(void)state;
	add(t, "[\"35238\"]", "[\"S201\"]", 1);
	add(t, "[\"35238\"]", "[\"S201\",\"S201\",\"S202\"]", 2);
	add(t, "[\"35238\"]", "[\"S101\",\"S201\"]", 3);
	doc = written(t);
	c = find(doc, "35238");
	assert_non_null(c);
	assert_int_equal(json_integer_value(json_object_get(c, "actions_retenues")), 3);
	assert_int_equal(json_integer_value(json_object_get(c, "couverts")), 3);
	assert_int_equal(json_integer_value(json_object_get(c, "total")), 5);
	e = json_array_get(json_object_get(c, "enjeux"), 1);
	assert_string_equal(json_string_value(json_object_get(e, "id")), "2.1");
	assert_int_equal(json_integer_value(json_object_get(e, "couverts")), 2);
	assert_int_equal(json_integer_value(json_object_get(e, "total")), 3);
	assert_int_equal(json_integer_value(json_object_get(e, "actions")), 3);
	assert_true(json_is_real(json_object_get(e, "part")));
	assert_int_equal(json_array_size(json_object_get(e, "services_couverts")), 2);
	e = json_array_get(json_object_get(c, "enjeux"), 0);
	assert_int_equal(json_integer_value(json_object_get(e, "actions")), 1);
	assert_int_equal(json_integer_value(json_object_get(e, "part")), 50);
	assert_int_equal(json_array_size(json_object_get(c, "enjeux_non_couverts")), 0);
	json_decref(doc);
	cov_tally_free(t);
}

static void
test_unknown_services(void **state)
{
	cov_tally *t = cov_tally_new(ref);
	unsigned long actions, line;
	const char *id;

	(void)state;
	add(t, "[\"35238\"]", "[\"S999\",\"S999\",\"S101\"]", 4);
	add(t, "[\"35238\"]", "[\"S999\"]", 7);
	add(t, "[\"35238\"]", "[\"S000\"]", 9);
	assert_int_equal(cov_tally_unknown(t, 0, &id, &actions, &line), 2);
	assert_string_equal(id, "S000");
	assert_int_equal(actions, 1);
	assert_int_equal(line, 9);
	assert_int_equal(cov_tally_unknown(t, 1, &id, &actions, &line), 2);
	assert_string_equal(id, "S999");
	assert_int_equal(actions, 2);
	assert_int_equal(line, 4);
	/* The known service of the same action still counts. */
	assert_int_equal(cov_tally_covers(t, "35238", "S101"), 1);
	assert_int_equal(cov_tally_actions(t, "35238"), 3);
	cov_tally_free(t);
}

static void
test_shares(void **state)
{
	char *s;
	json_t *v;

	(void)state;
	assert_int_equal(cov_share_tenths(2, 3), 667);
	assert_int_equal(cov_share_tenths(1, 3), 333);
	assert_int_equal(cov_share_tenths(1, 1), 1000);
	assert_int_equal(cov_share_tenths(0, 7), 0);
	assert_int_equal(cov_share_tenths(0, 0), 0);
	assert_int_equal(cov_share_tenths(1, 8), 125);
	assert_int_equal(cov_share_tenths(1, 16), 63);     /* 6.25 rounds half up */
	assert_int_equal(cov_share_tenths(138, 139), 993);
	v = cov_share_json(2, 3);
	s = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
	assert_string_equal(s, "66.7");
	free(s);
	json_decref(v);
	v = cov_share_json(1, 3);
	s = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
	assert_string_equal(s, "33.3");
	free(s);
	json_decref(v);
	v = cov_share_json(3, 3);
	assert_true(json_is_integer(v));
	assert_int_equal(json_integer_value(v), 100);
	json_decref(v);
	v = cov_share_json(0, 3);
	assert_true(json_is_integer(v));
	assert_int_equal(json_integer_value(v), 0);
	json_decref(v);
}

static void
test_sorted_and_national(void **state)
{
	cov_tally *t = cov_tally_new(ref);
	json_t *doc, *list, *nat;

	(void)state;
	add(t, "[\"76575\"]", "[\"S101\"]", 1);
	add(t, "[\"2A004\"]", "[\"S101\",\"S201\"]", 2);
	add(t, "[\"01004\"]", "[\"S202\"]", 3);
	doc = written(t);
	list = json_object_get(doc, "collectivites");
	assert_int_equal(json_array_size(list), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "code")), "01004");
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 1), "code")), "2A004");
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 2), "code")), "76575");
	nat = json_object_get(json_object_get(doc, "national"), "services");
	assert_int_equal(json_array_size(nat), 5);
	/* S101: 2 of 3 collectivités. */
	assert_string_equal(json_string_value(json_object_get(json_array_get(nat, 0), "id")), "S101");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(nat, 0), "collectivites")), 2);
	assert_true(json_real_value(json_object_get(json_array_get(nat, 0), "part")) == 66.7);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(nat, 4), "part")), 0);
	assert_int_equal(json_integer_value(json_object_get(doc, "millesime")), 2018);
	json_decref(doc);
	cov_tally_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scope_every_named),
		cmocka_unit_test(test_service_once_actions_per_enjeu),
		cmocka_unit_test(test_unknown_services),
		cmocka_unit_test(test_shares),
		cmocka_unit_test(test_sorted_and_national),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
