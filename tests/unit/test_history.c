/*
 * test_history.c - unit tests of the history folder (history.h): files and
 * sources.json, aliases, resolution order, merging and conflicts, and what
 * the history knows for the label's rules.
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

#include "collectivites.h"
#include "history.h"

static char tmpdir[64];

static int
setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/arobase-history.XXXXXX");
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

static void
put(const char *name, const char *text)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static const ar_history_candidat cands[] = {
	{"29019", "Brest", "29"},
	{"35238", "Rennes", "35"},
	{"59295", "Hazebrouck", "59"},
	{"94038", "L’Haÿ-les-Roses", "94"},
};
#define NCANDS (sizeof cands / sizeof *cands)

/* Counts diagnostics that are errors (e), warnings (w), unresolved (u). */
static void
diags(const ar_history *h, size_t *e, size_t *w, size_t *u)
{
	*e = *w = *u = 0;
	for (size_t i = 0; i < ar_history_ndiags(h); i++) {
		const ar_history_diag *d = ar_history_diag_at(h, i);
		if (d->unresolved)
			(*u)++;
		else if (d->error)
			(*e)++;
		else
			(*w)++;
	}
}

/* Returns the first diagnostic whose message contains s, or NULL. */
static const ar_history_diag *
find_diag(const ar_history *h, const char *s)
{
	for (size_t i = 0; i < ar_history_ndiags(h); i++)
		if (strstr(ar_history_diag_at(h, i)->message, s) != NULL)
			return ar_history_diag_at(h, i);
	return NULL;
}

static void
test_missing_folder(void **state)
{
	char why[256];

	(void)state;
	errno = 0;
	assert_null(ar_history_load("/nonexistent/arobase-history", why, sizeof why));
	assert_int_equal(errno, ENOENT);
	assert_non_null(strstr(why, "/nonexistent/arobase-history"));
}

static void
test_partial_without_sources(void **state)
{
	char why[256];
	ar_history *h;
	ar_label_earlier *e;
	ar_label_past p;
	size_t n, ne, nw, nu;

	(void)state;
	put("palmares-2017.csv",
	    "millesime,nom,departement,type,arobases,mention,source\n"
	    "2017,Brest,29,ville,5,,\n"
	    "2017,Rennes,35,ville,@@@,,\n"
	    "2014,Rennes,,,,,\n");
	h = ar_history_load(tmpdir, why, sizeof why);
	assert_non_null(h);
	ar_history_resolve(h, cands, NCANDS, NULL);
	assert_int_equal(ar_history_merge(h), 0);
	diags(h, &ne, &nw, &nu);
	assert_int_equal(ne + nw + nu, 0);
	ar_history_knowledge(h, &p);
	assert_int_equal(p.n_complete, 0);
	assert_int_equal(p.premier_millesime, 0);

	n = ar_history_past(h, "35238", &e);
	assert_int_equal(n, 2);
	assert_int_equal(e[0].millesime, 2014);
	assert_int_equal(e[0].arobases, 0);          /* not given */
	assert_int_equal(e[1].millesime, 2017);
	assert_int_equal(e[1].arobases, 3);
	assert_int_equal(e[1].alerte, AR_ALERTE_INCONNUE); /* no alerte column */
	free(e);
	assert_int_equal(ar_history_past(h, "75056", &e), 0);
	assert_null(e);
	ar_history_free(h);
}

static void
test_complete_sources_and_alerte(void **state)
{
	char why[256];
	ar_history *h;
	ar_label_earlier *e;
	ar_label_past p;
	size_t n;

	(void)state;
	put("sources.json",
	    "{\"premier_millesime\": 2000, \"fichiers\": {"
	    "\"asso-2017.csv\": {\"millesime\": 2017, \"complet\": true, \"source\": \"association\"},"
	    "\"presse-2016.csv\": {\"millesime\": 2016, \"complet\": false, \"source\": \"presse\"}}}");
	put("asso-2017.csv",
	    "millesime,nom,departement,type,arobases,mention,source,code,alerte\n"
	    "2017,Brest,29,ville,4,,,29019,\n"
	    "2017,Rennes,35,ville,3,,,35238,oui\n"
	    "2016,Brest,29,ville,4,,,29019,\n");
	put("presse-2016.csv",
	    "millesime,nom,departement,type,arobases,mention,source,alerte\n"
	    "2016,Rennes,35,ville,3,,,\n");
	h = ar_history_load(tmpdir, why, sizeof why);
	assert_non_null(h);
	ar_history_resolve(h, cands, NCANDS, NULL);
	assert_int_equal(ar_history_merge(h), 0);
	assert_int_equal(ar_history_ndiags(h), 0);
	ar_history_knowledge(h, &p);
	assert_int_equal(p.n_complete, 1);
	assert_int_equal(p.complete[0], 2017);
	assert_int_equal(p.premier_millesime, 2000);
	assert_true(ar_history_file_complete(h, "asso-2017.csv"));
	assert_false(ar_history_file_complete(h, "presse-2016.csv"));

	n = ar_history_past(h, "29019", &e);
	assert_int_equal(n, 2);
	/* Empty alerte: "no" in the complete year, unknown in the other. */
	assert_int_equal(e[0].millesime, 2016);
	assert_int_equal(e[0].alerte, AR_ALERTE_INCONNUE);
	assert_int_equal(e[1].alerte, AR_ALERTE_NON);
	free(e);
	n = ar_history_past(h, "35238", &e);
	assert_int_equal(n, 2);
	assert_int_equal(e[0].alerte, AR_ALERTE_INCONNUE); /* press list */
	assert_int_equal(e[1].alerte, AR_ALERTE_OUI);
	free(e);
	ar_history_free(h);
}

static void
test_conflict_names_both_files(void **state)
{
	char why[256];
	ar_history *h;
	const ar_history_diag *d;

	(void)state;
	put("a.csv", "millesime,nom,departement,type,arobases,mention,source\n"
	             "2016,Brest,29,ville,4,,\n");
	put("b.csv", "millesime,nom,departement,type,arobases,mention,source\n"
	             "2016,Brest,,,4,,\n"
	             "2016,BREST,29,,3,,\n");
	h = ar_history_load(tmpdir, why, sizeof why);
	assert_non_null(h);
	ar_history_resolve(h, cands, NCANDS, NULL);
	assert_int_equal(ar_history_merge(h), 1);
	d = find_diag(h, "has 3 arobases in 2016 here but 4 in");
	assert_non_null(d);
	assert_true(d->error);
	assert_string_equal(d->fichier, "b.csv");
	assert_int_equal(d->ligne, 3);
	assert_non_null(strstr(d->message, "a.csv:2") != NULL ? d->message : NULL);
	ar_history_free(h);
}

static void
test_aliases_and_unresolved(void **state)
{
	char why[256];
	ar_history *h;
	const ar_history_diag *d;
	ar_label_earlier *e;
	size_t ne, nw, nu;

	(void)state;
	put("aliases.csv", "nom,departement,code\n"
	                   "Bromont,,etranger\n"
	                   "Rennes la Jolie,,35238\n");
	put("p.csv", "millesime,nom,departement,type,arobases,mention,source\n"
	             "2015,Bromont,,,5,,\n"
	             "2015,Rennes-la-Jolie,,,2,,\n"
	             "2015,Hazebrouk,59,,1,,\n"
	             "2015,Lhay les Roses,,,1,,\n"
	             "2015,Quimper,29,,3,,\n");
	h = ar_history_load(tmpdir, why, sizeof why);
	assert_non_null(h);
	/* aliases.csv is not read as history. */
	assert_int_equal(ar_history_nfiles(h), 1);
	assert_string_equal(ar_history_file_at(h, 0), "p.csv");
	ar_history_resolve(h, cands, NCANDS, NULL);
	ar_history_merge(h);
	diags(h, &ne, &nw, &nu);
	assert_int_equal(ne, 0);
	assert_int_equal(nu, 3);
	d = find_diag(h, "\"Hazebrouk\" (59) unresolved");
	assert_non_null(d);
	assert_non_null(strstr(d->message, "Hazebrouck (59295)"));
	assert_int_equal(d->ligne, 4);
	d = find_diag(h, "\"Lhay les Roses\" unresolved");
	assert_non_null(d);
	assert_non_null(strstr(d->message, "L’Haÿ-les-Roses (94038)"));
	assert_non_null(find_diag(h, "\"Quimper\" (29) unresolved without the collectivités"));
	assert_int_equal(ar_history_past(h, "35238", &e), 1);
	assert_int_equal(e[0].arobases, 2);
	free(e);
	for (size_t i = 0; i < ar_history_count(h); i++) {
		const ar_history_record *r = ar_history_record_at(h, i);
		if (strcmp(r->nom, "Bromont") == 0) {
			assert_true(r->etranger);
			assert_null(r->code);
			assert_string_equal(r->resolu_par, "aliases");
		}
	}
	ar_history_free(h);
}

static void
test_bad_records_and_headers(void **state)
{
	char why[256];
	ar_history *h;
	const ar_history_diag *d;

	(void)state;
	put("bad.csv", "millesime,nom,departement,type,arobases,mention,source\n"
	               "20x7,Brest,29,,3,,\n"
	               "2017,Brest,29,,6,,\n"
	               "2017,Rennes,35,commune,2,,\n");
	put("nohead.csv", "millesime,nom,departement,type,mention,source\n2017,Brest,29,,,\n");
	put("sources.json", "{\"fichiers\": {\"bad.csv\": {\"millesime\": \"2017\"}}}");
	h = ar_history_load(tmpdir, why, sizeof why);
	assert_non_null(h);
	d = find_diag(h, "\"20x7\" is not a millésime");
	assert_non_null(d);
	assert_true(d->error);
	assert_int_equal(d->ligne, 2);
	d = find_diag(h, "\"6\" is not a level from 1 to 5");
	assert_non_null(d);
	assert_int_equal(d->ligne, 3);
	d = find_diag(h, "unknown type \"commune\"");
	assert_non_null(d);
	assert_false(d->error);
	d = find_diag(h, "missing column \"arobases\"");
	assert_non_null(d);
	assert_string_equal(d->fichier, "nohead.csv");
	d = find_diag(h, "needs \"millesime\"");
	assert_non_null(d);
	assert_string_equal(d->fichier, "sources.json");
	assert_int_equal(ar_history_count(h), 1);
	ar_history_free(h);
}

static void
test_directory(void **state)
{
	char why[512];
	ar_collectivites *dir;
	ar_history *h;
	const ar_history_diag *d;
	ar_label_earlier *e;

	(void)state;
	if (access("input/collectivites/communes.json", R_OK) != 0) {
		skip();
	}
	dir = ar_collectivites_load("input/collectivites", why, sizeof why);
	assert_non_null(dir);
	put("p.csv", "millesime,nom,departement,type,arobases,mention,source\n"
	             "2014,Villeneuve-d'Ascq,,,5,,\n"
	             "2007,Blanquefort,,,5,,\n"
	             "2018,Hazebrouk,59,,1,,\n");
	h = ar_history_load(tmpdir, why, sizeof why);
	assert_non_null(h);
	ar_history_resolve(h, NULL, 0, dir);
	ar_history_merge(h);
	assert_int_equal(ar_history_past(h, "59009", &e), 1);
	assert_int_equal(e[0].millesime, 2014);
	free(e);
	d = find_diag(h, "\"Blanquefort\" unresolved");
	assert_non_null(d);
	assert_non_null(strstr(d->message, "32"));   /* Gers */
	assert_non_null(strstr(d->message, "33"));   /* Gironde */
	d = find_diag(h, "\"Hazebrouk\" (59) unresolved");
	assert_non_null(d);
	assert_non_null(strstr(d->message, "Hazebrouck (59295)"));
	ar_history_free(h);
	ar_collectivites_free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_folder),
		cmocka_unit_test_setup_teardown(test_partial_without_sources, setup, teardown),
		cmocka_unit_test_setup_teardown(test_complete_sources_and_alerte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict_names_both_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aliases_and_unresolved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_records_and_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directory, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
