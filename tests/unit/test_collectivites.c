/*
 * test_collectivites.c - unit tests of stages/common/collectivites.c: the
 * collectivités directory loaded from the real Etalab data
 * (@etalab/decoupage-administratif 6.0.0, fetched by `make deps` into
 * input/collectivites/, or the folder named by $COLLECTIVITES), and the
 * resolution of codes and names with real codes; then load errors on small
 * files written for the purpose.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "collectivites.h"

static ar_collectivites *dir;  /* the real directory, loaded once */
static double load_ms;         /* how long loading it took */

static const char *
data_dir(void)
{
	const char *e = getenv("COLLECTIVITES");

	return e != NULL && *e != '\0' ? e : "input/collectivites";
}

static int
setup_real(void **state)
{
	char why[512];
	struct timespec a, b;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &a);
	dir = ar_collectivites_load(data_dir(), why, sizeof why);
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (dir == NULL) {
		print_error("cannot load the collectivités (run `make deps`): %s\n", why);
		return -1;
	}
	load_ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
	print_message("collectivités loaded in %.1f ms\n", load_ms);
	return 0;
}

static int
teardown_real(void **state)
{
	(void)state;
	ar_collectivites_free(dir);
	dir = NULL;
	return 0;
}

/* Resolves ref (with dep) and checks the status and, when given, the code found. */
static const ar_resolution *
resolve(const char *ref, const char *dep, ar_resolve_status want, const char *code)
{
	static ar_resolution r;

	assert_int_equal(ar_collectivites_resolve(dir, ref, dep, &r), want);
	assert_int_equal(r.status, want);
	if (code != NULL) {
		assert_non_null(r.c);
		assert_string_equal(r.c->code, code);
	}
	return &r;
}

static void
check_explain(const ar_resolution *r, const char *want)
{
	char buf[2048];

	assert_int_equal(ar_resolution_explain(r, buf, sizeof buf), strlen(want));
	assert_string_equal(buf, want);
}

/* ------------------------------------------------------------ real data */

static void
test_load_time(void **state)
{
	(void)state;
#if !defined(__SANITIZE_ADDRESS__)
	/* "Well under a second" (issue 4); about 0.3 s with -O2, most of it jansson parsing. */
	assert_true(load_ms < 1000.0);
#endif
}

static void
test_by_code(void **state)
{
	const ar_collectivite *c;

	(void)state;
	c = ar_collectivites_by_code(dir, "01004");
	assert_non_null(c);
	assert_string_equal(c->nom, "Ambérieu-en-Bugey");
	assert_string_equal(c->departement, "01");
	assert_string_equal(c->region, "84");
	assert_string_equal(c->siren, "210100046");
	assert_string_equal(c->type, "commune-actuelle");
	assert_int_equal(c->kind, AR_KIND_COMMUNE);
	assert_true(c->population > 10000);
	assert_null(c->commune);
	/* A commune's SIREN gives the commune. */
	assert_ptr_equal(ar_collectivites_by_code(dir, "210100046"), c);
	/* Exact codes only: no lost zero, no former commune, arrondissement or département. */
	assert_null(ar_collectivites_by_code(dir, "1004"));
	assert_null(ar_collectivites_by_code(dir, "01340"));
	assert_null(ar_collectivites_by_code(dir, "75101"));
	assert_null(ar_collectivites_by_code(dir, "42"));
	assert_null(ar_collectivites_by_code(dir, ""));
	/* An EPCI by its SIREN. */
	c = ar_collectivites_by_code(dir, "248000531");
	assert_non_null(c);
	assert_string_equal(c->nom, "CA Amiens Métropole");
	assert_int_equal(c->kind, AR_KIND_EPCI);
	assert_string_equal(c->type, "CA");
	assert_string_equal(c->siren, "248000531");
	assert_string_equal(c->departement, "80");
	assert_string_equal(c->region, "32");
	assert_true(c->population > 150000);
	/* Corsica. */
	c = ar_collectivites_by_code(dir, "2A004");
	assert_non_null(c);
	assert_string_equal(c->nom, "Ajaccio");
	assert_string_equal(c->departement, "2A");
}

static void
test_resolve_codes(void **state)
{
	const ar_resolution *r;

	(void)state;
	r = resolve("01004", NULL, AR_RESOLVE_FOUND, "01004");
	assert_string_equal(r->c->nom, "Ambérieu-en-Bugey");
	assert_null(r->via);
	check_explain(r, "Ambérieu-en-Bugey (01004)");
	/* The leading zero a spreadsheet drops, and spaces around. */
	resolve("1004", NULL, AR_RESOLVE_FOUND, "01004");
	resolve("  1004 ", NULL, AR_RESOLVE_FOUND, "01004");
	/* Corsica, in either case. */
	r = resolve("2A004", NULL, AR_RESOLVE_FOUND, "2A004");
	assert_string_equal(r->c->nom, "Ajaccio");
	r = resolve("2b033", NULL, AR_RESOLVE_FOUND, "2B033");
	assert_string_equal(r->c->nom, "Bastia");
	/* SIRENs: an EPCI, a commune, with spaces. */
	r = resolve("248000531", NULL, AR_RESOLVE_FOUND, "248000531");
	assert_int_equal(r->c->kind, AR_KIND_EPCI);
	resolve("248 000 531", NULL, AR_RESOLVE_FOUND, "248000531");
	resolve("210100046", NULL, AR_RESOLVE_FOUND, "01004");
	/* The département given apart does not matter for a code. */
	resolve("01004", "59", AR_RESOLVE_FOUND, "01004");
	/* Unknown codes: no suggestion. */
	r = resolve("99999", NULL, AR_RESOLVE_UNKNOWN, NULL);
	assert_null(r->c);
	assert_null(r->closest);
	check_explain(r, "unknown collectivité");
	resolve("123456", NULL, AR_RESOLVE_UNKNOWN, NULL);
	resolve("200000000", NULL, AR_RESOLVE_UNKNOWN, NULL);
	resolve("2C004", NULL, AR_RESOLVE_UNKNOWN, NULL);
	resolve("", NULL, AR_RESOLVE_UNKNOWN, NULL);
	resolve("   ", NULL, AR_RESOLVE_UNKNOWN, NULL);
}

static void
test_commune_nouvelle(void **state)
{
	const ar_resolution *r;

	(void)state;
	/* Arbignieu, commune déléguée of the commune nouvelle Arboys en Bugey. */
	r = resolve("Arbignieu", NULL, AR_RESOLVE_MERGED, "01015");
	assert_string_equal(r->c->nom, "Arboys en Bugey");
	assert_non_null(r->via);
	assert_string_equal(r->via->nom, "Arbignieu");
	assert_string_equal(r->via->type, "commune-deleguee");
	assert_ptr_equal(r->via->commune, r->c);
	assert_string_equal(r->old_code, "01015");
	check_explain(r, "Arbignieu (01015), merged into Arboys en Bugey (01015)");
	/* Its other commune déléguée by code: Saint-Bois (01340). */
	r = resolve("01340", NULL, AR_RESOLVE_MERGED, "01015");
	assert_string_equal(r->via->nom, "Saint-Bois");
	assert_string_equal(r->old_code, "01340");
	/* The commune nouvelle kept the chef-lieu's code: the current commune wins. */
	r = resolve("01015", NULL, AR_RESOLVE_FOUND, "01015");
	assert_string_equal(r->c->nom, "Arboys en Bugey");
	/* A commune associée: Cordieux, associated with Montluel. */
	r = resolve("Cordieux", "01", AR_RESOLVE_MERGED, "01262");
	assert_string_equal(r->via->type, "commune-associee");
	resolve("1120", NULL, AR_RESOLVE_MERGED, "01262");
	/* An old code known only from anciensCodes (no former commune left). */
	r = resolve("01126", NULL, AR_RESOLVE_MERGED, "01033");
	assert_null(r->via);
	assert_string_equal(r->old_code, "01126");
	check_explain(r, "former commune 01126, merged into Valserhône (01033)");
	/* A commune nouvelle that kept an old name counts once: Annecy. */
	resolve("Annecy", NULL, AR_RESOLVE_FOUND, "74010");
}

static void
test_arrondissements(void **state)
{
	const ar_resolution *r;

	(void)state;
	r = resolve("75101", NULL, AR_RESOLVE_ARRONDISSEMENT, "75056");
	assert_string_equal(r->c->nom, "Paris");
	assert_string_equal(r->via->code, "75101");
	check_explain(r, "Paris 1er Arrondissement (75101), arrondissement of Paris (75056)");
	resolve("69383", NULL, AR_RESOLVE_ARRONDISSEMENT, "69123");
	resolve("Marseille 2e Arrondissement", NULL, AR_RESOLVE_ARRONDISSEMENT, "13055");
	resolve("Paris", NULL, AR_RESOLVE_FOUND, "75056");
	resolve("Marseille", NULL, AR_RESOLVE_FOUND, "13055");
}

static void
test_names(void **state)
{
	const ar_resolution *r;

	(void)state;
	/* œ / oe, département apart, inside, in capitals. */
	resolve("Marcq-en-Baroeul", "59", AR_RESOLVE_FOUND, "59378");
	resolve("Marcq-en-Baroeul (59)", NULL, AR_RESOLVE_FOUND, "59378");
	resolve("MARCQ EN BARŒUL", NULL, AR_RESOLVE_FOUND, "59378");
	r = resolve("Villeneuve-D'Ascq", "59", AR_RESOLVE_FOUND, "59009");
	assert_string_equal(r->c->nom, "Villeneuve-d'Ascq");
	resolve("villeneuve d ascq", NULL, AR_RESOLVE_FOUND, "59009");
	/* Saint / St, accents, the département in the text or apart, by code or name. */
	resolve("St Etienne 42", NULL, AR_RESOLVE_FOUND, "42218");
	resolve("Saint-Étienne (42)", NULL, AR_RESOLVE_FOUND, "42218");
	resolve("SAINT ETIENNE", NULL, AR_RESOLVE_FOUND, "42218");
	resolve("St-Étienne", "Loire", AR_RESOLVE_FOUND, "42218");
	resolve("Saint-E\xcc\x81tienne", NULL, AR_RESOLVE_FOUND, "42218"); /* decomposed, as from a Mac */
	resolve("Saint-Étienne (Loire)", NULL, AR_RESOLVE_FOUND, "42218");
	resolve("Ste Colombe", "35", AR_RESOLVE_FOUND, "35262");
	/* The article written after the name, as INSEE used to. */
	resolve("Havre (Le)", NULL, AR_RESOLVE_FOUND, "76351");
	/* A département that disagrees with the one in the text. */
	resolve("Saint-Étienne (42)", "59", AR_RESOLVE_UNKNOWN, NULL);
	/* A département that does not exist. */
	resolve("Saint-Étienne", "00", AR_RESOLVE_UNKNOWN, NULL);
	/* A name ending with a département's name keeps it: Pont-d'Ain is no "Pont-d'" in Ain. */
	resolve("Pont-d'Ain", NULL, AR_RESOLVE_FOUND, "01304");
	/* EPCI by name, with or without its prefix. */
	resolve("CA Amiens Métropole", NULL, AR_RESOLVE_FOUND, "248000531");
	resolve("Amiens Metropole", NULL, AR_RESOLVE_FOUND, "248000531");
	resolve("Communauté d'agglomération Amiens Métropole", NULL, AR_RESOLVE_FOUND, "248000531");
}

static void
test_ambiguous(void **state)
{
	const ar_resolution *r;
	char buf[40];

	(void)state;
	r = resolve("Saint-Denis", NULL, AR_RESOLVE_AMBIGUOUS, NULL);
	assert_null(r->c);
	assert_int_equal(r->n_candidates, 4);
	assert_string_equal(r->candidates[0]->code, "11339");
	assert_string_equal(r->candidates[3]->code, "97411");
	check_explain(r, "several collectivités bear this name, give the département: "
	                 "Saint-Denis (11339), Saint-Denis (30247), Saint-Denis (93066), "
	                 "Saint-Denis (97411)");
	/* A short buffer: cut, terminated, and the length needed returned. */
	assert_true(ar_resolution_explain(r, buf, sizeof buf) > sizeof buf);
	assert_int_equal(strlen(buf), sizeof buf - 1);
	resolve("Saint-Denis", "974", AR_RESOLVE_FOUND, "97411");
	resolve("Saint-Denis (Seine-Saint-Denis)", NULL, AR_RESOLVE_FOUND, "93066");
	r = resolve("Blanquefort", NULL, AR_RESOLVE_AMBIGUOUS, NULL);
	assert_int_equal(r->n_candidates, 2);
	assert_string_equal(r->candidates[0]->departement, "32");  /* Gers */
	assert_string_equal(r->candidates[1]->departement, "33");  /* Gironde */
	resolve("Blanquefort", "33", AR_RESOLVE_FOUND, "33056");
	resolve("Blanquefort (32)", NULL, AR_RESOLVE_FOUND, "32056");
	/* A current commune and a former one elsewhere bear the same name. */
	r = resolve("Miribel", NULL, AR_RESOLVE_AMBIGUOUS, NULL);
	check_explain(r, "several collectivités bear this name, give the département: "
	                 "Miribel (01249), Miribel (26184, now Valherbasse)");
	resolve("Miribel", "26", AR_RESOLVE_MERGED, "26210");
	/* Twelve communes are called Sainte-Colombe. */
	r = resolve("Sainte-Colombe", NULL, AR_RESOLVE_AMBIGUOUS, NULL);
	assert_int_equal(r->n_candidates, 12);
}

static void
test_unknown(void **state)
{
	const ar_resolution *r;

	(void)state;
	r = resolve("Hazebrouk", "59", AR_RESOLVE_UNKNOWN, NULL);
	assert_null(r->c);
	assert_non_null(r->closest);
	assert_string_equal(r->closest->code, "59295");
	check_explain(r, "unknown collectivité; did you mean Hazebrouck (59295)?");
	/* Without the département, and with a wrong one. */
	r = resolve("Hazebrouk", NULL, AR_RESOLVE_UNKNOWN, NULL);
	assert_string_equal(r->closest->code, "59295");
	r = resolve("Hazebrouck", "62", AR_RESOLVE_UNKNOWN, NULL);
	assert_string_equal(r->closest->code, "59295");
	/* Nothing close. */
	r = resolve("Zzzyzzyxq", NULL, AR_RESOLVE_UNKNOWN, NULL);
	assert_null(r->closest);
	check_explain(r, "unknown collectivité");
}

static void
test_kinds(void **state)
{
	const ar_resolution *r;

	(void)state;
	/* Départements and régions are recognised, so that callers refuse them (R-kind, art. 3). */
	r = resolve("42", NULL, AR_RESOLVE_FOUND, "42");
	assert_int_equal(r->c->kind, AR_KIND_DEPARTEMENT);
	assert_string_equal(r->c->nom, "Loire");
	check_explain(r, "département Loire (42)");
	r = resolve("1", NULL, AR_RESOLVE_FOUND, "01");
	assert_int_equal(r->c->kind, AR_KIND_DEPARTEMENT);
	r = resolve("2A", NULL, AR_RESOLVE_FOUND, "2A");
	assert_int_equal(r->c->kind, AR_KIND_DEPARTEMENT);
	r = resolve("971", NULL, AR_RESOLVE_FOUND, "971");
	assert_int_equal(r->c->kind, AR_KIND_DEPARTEMENT);
	r = resolve("Département de la Loire", NULL, AR_RESOLVE_FOUND, "42");
	assert_int_equal(r->c->kind, AR_KIND_DEPARTEMENT);
	r = resolve("Seine-Saint-Denis", NULL, AR_RESOLVE_FOUND, "93");
	assert_int_equal(r->c->kind, AR_KIND_DEPARTEMENT);
	r = resolve("Région Bretagne", NULL, AR_RESOLVE_FOUND, "53");
	assert_int_equal(r->c->kind, AR_KIND_REGION);
	check_explain(r, "région Bretagne (53)");
	r = resolve("Auvergne-Rhône-Alpes", NULL, AR_RESOLVE_FOUND, "84");
	assert_int_equal(r->c->kind, AR_KIND_REGION);
	/* A commune with a département's name is the commune. */
	r = resolve("Paris", NULL, AR_RESOLVE_FOUND, "75056");
	assert_int_equal(r->c->kind, AR_KIND_COMMUNE);
	r = resolve("Vienne", "38", AR_RESOLVE_FOUND, "38544");
	assert_int_equal(r->c->kind, AR_KIND_COMMUNE);
}

static void
test_names_of_codes(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(ar_region_nom(dir, "84"), "Auvergne-Rhône-Alpes");
	assert_string_equal(ar_region_nom(dir, "32"), "Hauts-de-France");
	assert_null(ar_region_nom(dir, "99"));
	assert_string_equal(ar_departement_nom(dir, "2A"), "Corse-du-Sud");
	assert_string_equal(ar_departement_nom(dir, "59"), "Nord");
	assert_null(ar_departement_nom(dir, "20"));
	assert_int_equal(ar_collectivite_label(ar_collectivites_by_code(dir, "59295"), buf, sizeof buf),
	                 strlen("Hazebrouck (59295)"));
	assert_string_equal(buf, "Hazebrouck (59295)");
}

static void
test_population_class(void **state)
{
	(void)state;
	assert_null(ar_population_class(-1));
	assert_string_equal(ar_population_class(0), "moins de 3 000");
	assert_string_equal(ar_population_class(2999), "moins de 3 000");
	assert_string_equal(ar_population_class(3000), "3 000 à 20 000");
	assert_string_equal(ar_population_class(19999), "3 000 à 20 000");
	assert_string_equal(ar_population_class(20000), "20 000 à 100 000");
	assert_string_equal(ar_population_class(99999), "20 000 à 100 000");
	assert_string_equal(ar_population_class(100000), "plus de 100 000");
	assert_string_equal(ar_population_class(
	    ar_collectivites_by_code(dir, "01004")->population), "3 000 à 20 000");
}

/* ------------------------------------------------------------ load errors, on small files */

static char fixture[256];  /* a temporary folder */

static void
put(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", fixture, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static const char good_deps[] = "[{\"code\":\"01\",\"region\":\"84\",\"nom\":\"Ain\"},"
                                "{\"code\":\"2A\",\"region\":\"94\",\"nom\":\"Corse-du-Sud\"}]";
static const char good_regs[] = "[{\"code\":\"84\",\"nom\":\"Auvergne-Rh\\u00f4ne-Alpes\"},\n"
                                " {\"code\":\"94\",\"nom\":\"Corse\"}]";
static const char good_communes[] =
	"[{\"code\":\"01004\",\"nom\":\"Amb\\u00e9rieu-en-Bugey\",\"type\":\"commune-actuelle\","
	"\"departement\":\"01\",\"region\":\"84\",\"siren\":\"210100046\",\"population\":14514},\n"
	" {\"code\":\"01015\",\"nom\":\"Arboys en Bugey\",\"type\":\"commune-actuelle\","
	"\"departement\":\"01\",\"region\":\"84\",\"anciensCodes\":[\"01340\"]},\n"
	" {\"code\":\"01340\",\"nom\":\"Saint-Bois\",\"type\":\"commune-deleguee\","
	"\"chefLieu\":\"01015\",\"departement\":\"01\",\"region\":\"84\"},\n"
	" {\"code\":\"2A004\",\"nom\":\"Ajaccio \\ud83d\\ude00\",\"type\":\"commune-actuelle\","
	"\"departement\":\"2A\",\"region\":\"94\",\"population\":null}]\n";
static const char good_epci[] =
	"[{\"code\":\"200000172\",\"nom\":\"CC Test\",\"type\":\"CC\",\"populationMunicipale\":15000,"
	"\"membres\":[{\"code\":\"01015\",\"populationMunicipale\":700},"
	"{\"code\":\"01004\",\"populationMunicipale\":14300}]}]";

static int
setup_fixture(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(fixture, sizeof fixture, "%s/test_collectivites.XXXXXX",
	         tmp != NULL && *tmp != '\0' ? tmp : P_tmpdir);
	if (mkdtemp(fixture) == NULL)
		return -1;
	return 0;
}

static int
teardown_fixture(void **state)
{
	const char *names[] = {"departements.json", "regions.json", "communes.json", "epci.json"};
	char path[512];

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "%s/%s", fixture, names[i]);
		unlink(path);
	}
	return rmdir(fixture);
}

static void
put_good(void)
{
	put("departements.json", good_deps);
	put("regions.json", good_regs);
	put("communes.json", good_communes);
	put("epci.json", good_epci);
}

/* Loading fails with errno err and a message containing each of the needles. */
static void
load_fails(int err, const char *needle1, const char *needle2)
{
	char why[512] = "";
	ar_collectivites *d;

	errno = 0;
	d = ar_collectivites_load(fixture, why, sizeof why);
	assert_null(d);
	assert_int_equal(errno, err);
	if (strstr(why, needle1) == NULL || (needle2 != NULL && strstr(why, needle2) == NULL))
		fail_msg("message \"%s\" lacks \"%s\" or \"%s\"", why, needle1, needle2 ? needle2 : "");
}

static void
test_load_small(void **state)
{
	char why[512];
	ar_collectivites *d;
	ar_resolution r;
	const ar_collectivite *c;

	(void)state;
	put_good();
	d = ar_collectivites_load(fixture, why, sizeof why);
	if (d == NULL)
		fail_msg("%s", why);
	/* \u escapes decoded, a surrogate pair included. */
	c = ar_collectivites_by_code(d, "01004");
	assert_string_equal(c->nom, "Ambérieu-en-Bugey");
	assert_int_equal(c->population, 14514);
	assert_string_equal(ar_collectivites_by_code(d, "2A004")->nom, "Ajaccio \xf0\x9f\x98\x80");
	assert_int_equal(ar_collectivites_by_code(d, "2A004")->population, -1);
	assert_null(ar_collectivites_by_code(d, "01015")->siren);
	assert_string_equal(ar_region_nom(d, "84"), "Auvergne-Rhône-Alpes");
	/* The EPCI takes the département of its most populous member. */
	c = ar_collectivites_by_code(d, "200000172");
	assert_string_equal(c->departement, "01");
	assert_int_equal(c->population, 15000);
	assert_int_equal(ar_collectivites_resolve(d, "Ambérieu en Bugey", NULL, &r), AR_RESOLVE_FOUND);
	assert_int_equal(ar_collectivites_resolve(d, "Saint-Bois", NULL, &r), AR_RESOLVE_MERGED);
	assert_string_equal(r.c->code, "01015");
	assert_int_equal(ar_collectivites_resolve(d, "test", "01", &r), AR_RESOLVE_FOUND);
	assert_string_equal(r.c->code, "200000172");
	ar_collectivites_free(d);
	ar_collectivites_free(NULL);
}

static void
test_load_errors(void **state)
{
	char path[512], why[512];

	(void)state;
	/* A folder that does not exist. */
	errno = 0;
	assert_null(ar_collectivites_load("no/such/folder", why, sizeof why));
	assert_int_equal(errno, ENOENT);
	assert_string_equal(why, "no/such/folder/departements.json: No such file or directory");
	/* One file missing. */
	put_good();
	snprintf(path, sizeof path, "%s/communes.json", fixture);
	unlink(path);
	load_fails(ENOENT, "communes.json: No such file or directory", NULL);
	/* Not JSON, with its line (jansson's message). */
	put_good();
	put("communes.json", "[{\"code\":\"01004\",\n\"nom\": x}]");
	load_fails(EINVAL, "communes.json:2: invalid JSON: ", "invalid token");
	put("communes.json", "[{\"code\":\"01004\",\"nom\":\"A\",\"type\":\"commune-actuelle\","
	                     "\"departement\":\"01\",\"region\":\"84\"}]\n[]");
	load_fails(EINVAL, "communes.json:2: invalid JSON: ", "end of file expected");
	put("communes.json", "[{\"code\":\"01004\",\n\"nom\":\"Amb\xe9rieu\"}]");  /* Windows-1252 */
	load_fails(EINVAL, "communes.json:2: invalid JSON: ", "unable to decode byte 0xe9");
	put("communes.json", "[{\"code\":\"01004\",\"nom\":\"A\",\n\"nom\":\"B\"}]");
	load_fails(EINVAL, "communes.json:2: invalid JSON: ", "duplicate object key");
	/* Not the shape Etalab publishes. */
	put("communes.json", "{\"code\":\"01004\"}");
	load_fails(EINVAL, "communes.json: not a JSON array", NULL);
	put("communes.json", "[\"01004\"]");
	load_fails(EINVAL, "element 0: element: not an object", NULL);
	/* Content that is not Etalab's. */
	put("communes.json", "[{\"code\":\"01004\",\"type\":\"commune-actuelle\"}]");
	load_fails(EINVAL, "element 0: nom: missing", NULL);
	put("communes.json", "[{\"code\":\"01004\",\"nom\":\"A\",\"type\":\"hameau\","
	                     "\"departement\":\"01\",\"region\":\"84\"}]");
	load_fails(EINVAL, "type: unknown type \"hameau\"", NULL);
	put("communes.json", "[{\"code\":\"1004\",\"nom\":\"A\",\"type\":\"commune-actuelle\","
	                     "\"departement\":\"01\",\"region\":\"84\"}]");
	load_fails(EINVAL, "code: \"1004\" is not an INSEE code", NULL);
	put("communes.json", "[{\"code\":\"01004\",\"nom\":\"A\",\"type\":\"commune-actuelle\","
	                     "\"departement\":\"99\",\"region\":\"84\"}]");
	load_fails(EINVAL, "unknown département \"99\"", NULL);
	put("communes.json", "[{\"code\":\"01004\",\"nom\":\"A\",\"type\":\"commune-actuelle\","
	                     "\"departement\":\"01\",\"region\":\"84\",\"population\":-3}]");
	load_fails(EINVAL, "population: not a non-negative integer", NULL);
	put("communes.json", "[{\"code\":\"01340\",\"nom\":\"B\",\"type\":\"commune-deleguee\","
	                     "\"chefLieu\":\"01015\",\"departement\":\"01\",\"region\":\"84\"}]");
	load_fails(EINVAL, "chefLieu: \"01015\" is no current commune", NULL);
	put("communes.json", "[{\"code\":\"01004\",\"nom\":\"A\",\"type\":\"commune-actuelle\","
	                     "\"departement\":\"01\",\"region\":\"84\"},"
	                     "{\"code\":\"01004\",\"nom\":\"B\",\"type\":\"commune-actuelle\","
	                     "\"departement\":\"01\",\"region\":\"84\"}]");
	load_fails(EINVAL, "element 1: code: \"01004\" appears twice", NULL);
	put("communes.json", "[]");
	load_fails(EINVAL, "no commune", NULL);
	put_good();
	put("epci.json", "[{\"code\":\"2000\",\"nom\":\"CC\",\"type\":\"CC\",\"membres\":[]}]");
	load_fails(EINVAL, "epci.json: element 0: code", NULL);
	put("epci.json", "[{\"code\":\"200000172\",\"nom\":\"CC\",\"type\":\"CC\"}]");
	load_fails(EINVAL, "membres: missing", NULL);
	put_good();
	put("departements.json", "[{\"code\":\"01\",\"region\":\"12\",\"nom\":\"Ain\"}]");
	load_fails(EINVAL, "departements.json: element 0: region: unknown région \"12\"", NULL);
}

int
main(void)
{
	const struct CMUnitTest real[] = {
		cmocka_unit_test(test_load_time),
		cmocka_unit_test(test_by_code),
		cmocka_unit_test(test_resolve_codes),
		cmocka_unit_test(test_commune_nouvelle),
		cmocka_unit_test(test_arrondissements),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_ambiguous),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_names_of_codes),
		cmocka_unit_test(test_population_class),
	};
	const struct CMUnitTest small[] = {
		cmocka_unit_test(test_load_small),
		cmocka_unit_test(test_load_errors),
	};
	int failed = cmocka_run_group_tests_name("collectivites (real data)", real,
	                                          setup_real, teardown_real);

	failed += cmocka_run_group_tests_name("collectivites (load errors)", small,
	                                      setup_fixture, teardown_fixture);
	return failed;
}
