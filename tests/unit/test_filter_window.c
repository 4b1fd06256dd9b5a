/*
 * test_filter_window.c - unit tests of what arobase-filter keeps: the
 * action record's shape (stages/common/retain.c), R-window with both
 * bounds and 29 February, R-statut, the order of the exclusion reasons
 * and their "motif" text, and the FAQ's own example (label 2018: actions
 * of 2016 and 2017 count).
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

#include "retain.h"
#include "rules.h"

/* The rules of label 2018 as the FAQ states them: 2016-2017, en_cours and realisee. */
static ar_rules rules2018 = {
	.millesime = 2018,
	.annee_participation = 2017,
	.fenetre_premiere = 2016,
	.fenetre_derniere = 2017,
	.statuts_retenus = AR_STATUT_EN_COURS | AR_STATUT_REALISEE,
};

/* Builds an action line with this statut, date, collectivités and services. */
static json_t *
action(const char *statut, const char *date, const char *colls, const char *svcs)
{
	char buf[512];
	json_error_t err;
	json_t *v;

	snprintf(buf, sizeof buf,
	         "{\"id_action\":\"1001\",\"titre\":\"Titre\",\"statut\":\"%s\","
	         "\"date\":\"%s\",\"collectivites\":%s,\"services\":%s}",
	         statut, date, colls, svcs);
	v = json_loads(buf, JSON_REJECT_DUPLICATES, &err);
	assert_non_null(v);
	return v;
}

/* The exclusion of a well-formed action under rules (-1: shape error). */
static int
decide(const ar_rules *r, const char *statut, const char *date, char *motif, size_t len)
{
	json_t *v = action(statut, date, "[\"35238\"]", "[\"S101\"]");
	const char *field;
	char why[256];
	ar_action a;
	int x;

	if (ar_action_view(v, &a, &field, why, sizeof why) < 0) {
		json_decref(v);
		return -1;
	}
	x = ar_retain(r, &a);
	if (motif != NULL)
		ar_exclusion_motif((enum ar_exclusion)x, &a, motif, len);
	json_decref(v);
	return x;
}

static void
test_window_bounds(void **state)
{
	char motif[80];

	(void)state;
	assert_int_equal(ar_window_contains(2016, 2017, 2016), 1);
	assert_int_equal(ar_window_contains(2016, 2017, 2017), 1);
	assert_int_equal(ar_window_contains(2016, 2017, 2015), 0);
	assert_int_equal(ar_window_contains(2016, 2017, 2018), 0);
	assert_int_equal(ar_window_contains(2017, 2017, 2017), 1);
	/* First and last day of the window, and the days just outside. */
	assert_int_equal(decide(&rules2018, "realisee", "2016-01-01", NULL, 0), AR_RETAINED);
	assert_int_equal(decide(&rules2018, "realisee", "2017-12-31", NULL, 0), AR_RETAINED);
	assert_int_equal(decide(&rules2018, "realisee", "2015-12-31", motif, sizeof motif),
	                 AR_EXCL_WINDOW);
	assert_string_equal(motif, "outside window: 2015-12-31");
	assert_int_equal(decide(&rules2018, "en_cours", "2018-01-01", motif, sizeof motif),
	                 AR_EXCL_WINDOW);
	assert_string_equal(motif, "outside window: 2018-01-01");
}

static void
test_window_feb29(void **state)
{
	char motif[80];

	(void)state;
	/* 2016 is a leap year: its 29 February is a real day, inside the window. */
	assert_int_equal(decide(&rules2018, "realisee", "2016-02-29", NULL, 0), AR_RETAINED);
	/* 2017 is not: a date that does not exist is a shape error, never a guess. */
	assert_int_equal(decide(&rules2018, "realisee", "2017-02-29", NULL, 0), -1);
	assert_int_equal(decide(&rules2018, "realisee", "2015-02-29", NULL, 0), -1);
	/* 2000 is a leap year, 1900 is not. */
	assert_int_equal(decide(&rules2018, "realisee", "2000-02-29", motif, sizeof motif),
	                 AR_EXCL_WINDOW);
	assert_string_equal(motif, "outside window: 2000-02-29");
	assert_int_equal(decide(&rules2018, "realisee", "1900-02-29", NULL, 0), -1);
	assert_int_equal(decide(&rules2018, "realisee", "2017-02-28", NULL, 0), AR_RETAINED);
	assert_int_equal(decide(&rules2018, "realisee", "2017-13-01", NULL, 0), -1);
	assert_int_equal(decide(&rules2018, "realisee", "15/01/2017", NULL, 0), -1);
}

/* FAQ "Évaluation" 1°: for label 2018, actions published or updated in 2016 or 2017. */
static void
test_window_faq_example(void **state)
{
	static const char text[] =
		"{\"millesime\":2018,\"fenetre\":{\"premiere_annee\":2016,\"derniere_annee\":2017},"
		"\"statuts_retenus\":[\"en_cours\",\"realisee\"],"
		"\"arobases\":{\"min\":1,\"max\":5,\"max_premiere_participation\":4,"
		"\"perte_max\":1,\"recul_max_annees\":3},"
		"\"dates\":{\"cloture\":\"2017-11-10\",\"jury\":\"2017-12-01\",\"ceremonie\":\"2018-02-08\"}}";
	char path[] = P_tmpdir "/arobase-rules.XXXXXX", why[256];
	ar_rules *r;
	FILE *fp;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	r = ar_rules_load(path, why, sizeof why);
	unlink(path);
	assert_non_null(r);
	assert_int_equal(r->millesime, 2018);
	for (int y = 2010; y <= 2020; y++) {
		char date[32];
		snprintf(date, sizeof date, "%d-06-15", y);
		assert_int_equal(decide(r, "realisee", date, NULL, 0),
		                 (y == 2016 || y == 2017) ? AR_RETAINED : AR_EXCL_WINDOW);
	}
	ar_rules_free(r);
}

static void
test_statut(void **state)
{
	ar_rules only_done = rules2018;
	char motif[80];

	(void)state;
	assert_int_equal(decide(&rules2018, "en_cours", "2017-05-01", NULL, 0), AR_RETAINED);
	assert_int_equal(decide(&rules2018, "realisee", "2017-05-01", NULL, 0), AR_RETAINED);
	assert_int_equal(decide(&rules2018, "prevue", "2017-05-01", motif, sizeof motif),
	                 AR_EXCL_STATUT);
	assert_string_equal(motif, "prevue");
	/* R-statut is tested before R-window: a prevue action outside is "prevue". */
	assert_int_equal(decide(&rules2018, "prevue", "2014-05-01", motif, sizeof motif),
	                 AR_EXCL_STATUT);
	assert_string_equal(motif, "prevue");
	/* The statuses come from the rules. */
	only_done.statuts_retenus = AR_STATUT_REALISEE;
	assert_int_equal(decide(&only_done, "en_cours", "2017-05-01", motif, sizeof motif),
	                 AR_EXCL_STATUT);
	assert_string_equal(motif, "en_cours");
	/* Unknown or unnormalised statuses are shape errors, not guesses. */
	assert_int_equal(decide(&rules2018, "Réalisée", "2017-05-01", NULL, 0), -1);
	assert_int_equal(decide(&rules2018, "abandonnee", "2017-05-01", NULL, 0), -1);
	assert_int_equal(decide(&rules2018, "", "2017-05-01", NULL, 0), -1);
}

static void
test_no_service_no_collectivite(void **state)
{
	const char *field;
	char why[256], motif[80];
	ar_action a;
	json_t *v;

	(void)state;
	v = action("realisee", "2017-05-01", "[\"35238\"]", "[]");
	assert_int_equal(ar_action_view(v, &a, &field, why, sizeof why), 0);
	assert_int_equal(ar_retain(&rules2018, &a), AR_EXCL_NO_SERVICE);
	assert_string_equal(ar_exclusion_motif(AR_EXCL_NO_SERVICE, &a, motif, sizeof motif),
	                    "no service");
	json_decref(v);
	v = action("realisee", "2017-05-01", "[]", "[\"S101\"]");
	assert_int_equal(ar_action_view(v, &a, &field, why, sizeof why), 0);
	assert_int_equal(ar_retain(&rules2018, &a), AR_EXCL_NO_COLLECTIVITE);
	assert_string_equal(ar_exclusion_motif(AR_EXCL_NO_COLLECTIVITE, &a, motif, sizeof motif),
	                    "no collectivité");
	json_decref(v);
	/* Both missing: "no service" comes first. */
	v = action("realisee", "2017-05-01", "[]", "[]");
	assert_int_equal(ar_action_view(v, &a, &field, why, sizeof why), 0);
	assert_int_equal(ar_retain(&rules2018, &a), AR_EXCL_NO_SERVICE);
	json_decref(v);
}

static void
test_shape(void **state)
{
	const char *field;
	char why[256];
	ar_action a;
	json_error_t err;
	json_t *v;

	(void)state;
	v = action("realisee", "2017-05-01", "[\"35238\",\"2A004\"]", "[[\"S101\"]]");
	assert_int_equal(ar_action_view(v, &a, &field, why, sizeof why), -1);
	assert_string_equal(field, "services");
	assert_string_equal(why, "must be a flat list of service ids (strings): item 0 is an array");
	json_decref(v);
	v = action("realisee", "2017-05-01", "\"35238\"", "[\"S101\"]");
	assert_int_equal(ar_action_view(v, &a, &field, why, sizeof why), -1);
	assert_string_equal(field, "collectivites");
	assert_string_equal(why, "must be a flat list of collectivité codes (strings), found a string");
	json_decref(v);
	v = action("realisee", "2017-05-01", "[35238]", "[\"S101\"]");
	assert_int_equal(ar_action_view(v, &a, &field, why, sizeof why), -1);
	assert_string_equal(field, "collectivites");
	json_decref(v);
	v = action("realisee", "2017-05-01", "[\"35238\",\"2A004\"]", "[\"S101\",\"S102\"]");
	assert_int_equal(ar_action_view(v, &a, &field, why, sizeof why), 0);
	assert_int_equal(a.n_collectivites, 2);
	assert_int_equal(a.n_services, 2);
	assert_int_equal(a.year, 2017);
	assert_string_equal(a.id_action, "1001");
	json_decref(v);
	v = json_loads("[1,2]", 0, &err);
	assert_int_equal(ar_action_view(v, &a, &field, why, sizeof why), -1);
	assert_null(field);
	assert_string_equal(why, "each line must hold an action object, found an array");
	json_decref(v);
	v = json_loads("{\"id_action\":1201,\"titre\":\"t\",\"statut\":\"realisee\"}", 0, &err);
	assert_int_equal(ar_action_view(v, &a, &field, why, sizeof why), -1);
	assert_string_equal(field, "id_action");
	assert_string_equal(why, "must be a string, found an integer");
	json_decref(v);
	v = json_loads("{\"id_action\":\"1201\",\"titre\":\"t\",\"statut\":\"realisee\","
	               "\"date\":\"2017-01-01\",\"collectivites\":[\"1\"]}", 0, &err);
	assert_int_equal(ar_action_view(v, &a, &field, why, sizeof why), -1);
	assert_string_equal(field, "services");
	assert_string_equal(why, "missing");
	json_decref(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window_bounds),
		cmocka_unit_test(test_window_feb29),
		cmocka_unit_test(test_window_faq_example),
		cmocka_unit_test(test_statut),
		cmocka_unit_test(test_no_service_no_collectivite),
		cmocka_unit_test(test_shape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
