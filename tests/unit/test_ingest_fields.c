/*
 * test_ingest_fields.c - unit tests of arobase-ingest's header aliases,
 * statuses, collectivité codes and lists (stages/ingest/fields.c), and of
 * the row-to-action step (stages/ingest/action.c).
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

#include "action.h"
#include "fields.h"

static void
test_headers_builtin(void **state)
{
	ar_headers *h = ar_headers_new();

	(void)state;
	assert_int_equal(ar_headers_field(h, "Id_Action", 9), AR_F_ID_ACTION);
	assert_int_equal(ar_headers_field(h, "Sous-titre ", 11), AR_F_SOUS_TITRE);
	assert_int_equal(ar_headers_field(h, "SOUS TITRE", 10), AR_F_SOUS_TITRE);
	assert_int_equal(ar_headers_field(h, " Collectivité :", strlen(" Collectivité :")),
	                 AR_F_COLLECTIVITES);
	/* decomposed é */
	assert_int_equal(ar_headers_field(h, "Synthe\xCC\x80se", 10), AR_F_SYNTHESE);
	assert_int_equal(ar_headers_field(h, "Recommandations ", 16), AR_F_NONE);
	assert_int_equal(ar_headers_field(h, "Stat\0ut", 7), AR_F_NONE);
	assert_int_equal(ar_headers_field(h, "", 0), AR_F_NONE);
	ar_headers_free(h);
}

/*
 * Loads the JSON text into h through a temporary file under $TMPDIR (or
 * /tmp), removed before returning; returns ar_headers_load's result with
 * errno as it left it.
 */
static int
load_text(ar_headers *h, const char *text, char *why, size_t whylen)
{
	const char *t = getenv("TMPDIR");
	char path[512];
	int fd, rc, err;
	FILE *fp;

	snprintf(path, sizeof path, "%s/test_ingest_fields.XXXXXX", t != NULL && *t ? t : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	rc = ar_headers_load(h, path, why, whylen);
	err = errno;
	remove(path);
	errno = err;
	return rc;
}

static void
test_headers_file(void **state)
{
	ar_headers *h = ar_headers_new();
	char why[256];

	(void)state;
	/* the shipped table loads and agrees with the built-in one */
	assert_int_equal(ar_headers_load(h, "schemas/headers.json", why, sizeof why), 0);
	assert_int_equal(ar_headers_field(h, "Titre de l'action", 17), AR_F_TITRE);
	/* a user's extension */
	assert_int_equal(load_text(h, "{\"aliases\": {\"statut\": [\"Avancement\"]}}",
	                           why, sizeof why), 0);
	assert_int_equal(ar_headers_field(h, "AVANCEMENT", 10), AR_F_STATUT);
	/* an alias given to two fields */
	assert_int_equal(load_text(h, "{\"aliases\": {\"titre\": [\"Avancement\"]}}",
	                           why, sizeof why), -1);
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(why, "already names statut"));
	assert_int_equal(load_text(h, "{\"aliases\": {\"couleur\": [\"Teinte\"]}}",
	                           why, sizeof why), -1);
	assert_non_null(strstr(why, "unknown field"));
	assert_int_equal(ar_headers_load(h, "no-such-headers.json", why, sizeof why), -1);
	assert_int_equal(errno, ENOENT);
	ar_headers_free(h);
}

static void
test_statuts(void **state)
{
	(void)state;
	assert_string_equal(ar_statut_parse("Réalisée"), "realisee");
	assert_string_equal(ar_statut_parse("Re\xCC\x81" "alise\xCC\x81" "e"), "realisee");
	assert_string_equal(ar_statut_parse("REALISE"), "realisee");
	assert_string_equal(ar_statut_parse("Terminée"), "realisee");
	assert_string_equal(ar_statut_parse("En cours"), "en_cours");
	assert_string_equal(ar_statut_parse(" en  COURS "), "en_cours");
	assert_string_equal(ar_statut_parse("Prévu"), "prevue");
	assert_string_equal(ar_statut_parse("prévue"), "prevue");
	assert_null(ar_statut_parse("Abandonnée"));
	assert_null(ar_statut_parse("Planifiée"));
	assert_null(ar_statut_parse(""));
	assert_null(ar_statut_parse("Réalisées en cours"));
}

static void
test_codes(void **state)
{
	char out[16];

	(void)state;
	assert_int_equal(ar_code_normalise("76575", 5, out), 0);
	assert_string_equal(out, "76575");
	assert_int_equal(ar_code_normalise("1004", 4, out), 0);
	assert_string_equal(out, "01004");
	assert_int_equal(ar_code_normalise(" 2a004 ", 7, out), 0);
	assert_string_equal(out, "2A004");
	assert_int_equal(ar_code_normalise("248 000 531", 11, out), 0);
	assert_string_equal(out, "248000531");
	assert_int_equal(ar_code_normalise("123", 3, out), -1);
	assert_int_equal(ar_code_normalise("2C004", 5, out), -1);
	assert_int_equal(ar_code_normalise("7657X", 5, out), -1);
	assert_int_equal(ar_code_normalise("1234567890", 10, out), -1);
	assert_int_equal(ar_code_normalise("", 0, out), -1);
}

struct collect {
	char items[8][32];
	int n;
};

static int
collect_item(const char *s, size_t len, void *arg)
{
	struct collect *c = arg;

	snprintf(c->items[c->n++], 32, "%.*s", (int)len, s);
	return c->n >= 8;
}

static void
test_split(void **state)
{
	struct collect c = {0};
	const char *s = "S012, S077;S078 | S079\n S080;;";

	(void)state;
	assert_int_equal(ar_split_list(s, strlen(s), collect_item, &c), 0);
	assert_int_equal(c.n, 5);
	assert_string_equal(c.items[0], "S012");
	assert_string_equal(c.items[4], "S080");
	c.n = 0;
	assert_int_equal(ar_split_list(" ,; ", 4, collect_item, &c), 0);
	assert_int_equal(c.n, 0);
}

static void
test_action_build(void **state)
{
	const char *hdr[] = {"Id_Action", "Titre", "Date", "Statut", "Collectivité", "Services", ""};
	size_t hl[7];
	const char *row[] = {"1011", "Caf\x65\xCC\x81", "15/01/2017", "Réalisée", "1004, 76575",
	                     "S012;S012;S077", ""};
	size_t rl[7];
	ar_headers *h = ar_headers_new();
	ar_action_map m = {0};
	ar_verdict v;
	char why[256], *s;
	json_t *a;

	(void)state;
	for (int i = 0; i < 7; i++) {
		hl[i] = strlen(hdr[i]);
		rl[i] = strlen(row[i]);
	}
	assert_int_equal(ar_action_map_header(&m, h, hdr, hl, 7, why, sizeof why), 0);
	a = ar_action_build(&m, row, rl, 7, NULL, &v);
	assert_non_null(a);
	s = json_dumps(a, JSON_COMPACT | JSON_ENSURE_ASCII);
	assert_string_equal(s, "{\"id_action\":\"1011\",\"titre\":\"Caf\\u00E9\",\"sous_titre\":\"\","
	                    "\"synthese\":\"\",\"statut\":\"realisee\",\"date\":\"2017-01-15\","
	                    "\"collectivites\":[\"01004\",\"76575\"],\"services\":[\"S012\",\"S077\"]}");
	free(s);
	json_decref(a);
	/* each failure, with its field */
	row[4] = "";
	rl[4] = 0;
	assert_null(ar_action_build(&m, row, rl, 7, NULL, &v));
	assert_int_equal(v.reason, AR_R_NO_COLL);
	assert_int_equal(v.col, 4);
	row[4] = "ABCDE";
	rl[4] = 5;
	assert_null(ar_action_build(&m, row, rl, 7, NULL, &v));
	assert_int_equal(v.reason, AR_R_BAD_CODE);
	row[2] = "31/02/2017";
	assert_null(ar_action_build(&m, row, rl, 7, NULL, &v));
	assert_int_equal(v.reason, AR_R_DATE);
	assert_string_equal(v.motif, "date \"31/02/2017\" does not exist");
	row[3] = "Abandonnée";
	rl[3] = strlen(row[3]);
	assert_null(ar_action_build(&m, row, rl, 7, NULL, &v));
	assert_int_equal(v.reason, AR_R_STATUT);
	assert_int_equal(v.col, 3);
	rl[1] = 6;              /* "Caf" + NUL... within the cell */
	row[1] = "Ca\0f\xC3\xA9";
	assert_null(ar_action_build(&m, row, rl, 7, NULL, &v));
	assert_int_equal(v.reason, AR_R_NUL);
	assert_int_equal(v.col, 1);
	ar_action_map_free(&m);

	/* a duplicated header, and a missing one */
	hdr[6] = "STATUT";
	hl[6] = 6;
	assert_int_equal(ar_action_map_header(&m, h, hdr, hl, 7, why, sizeof why), -1);
	assert_string_equal(why, "STATUT: columns 4 and 7 both name the field statut "
	                    "(rename or remove one of them)");
	ar_action_map_free(&m);
	assert_int_equal(ar_action_map_header(&m, h, hdr, hl, 3, why, sizeof why), -1);
	assert_non_null(strstr(why, "no column for the field statut"));
	ar_action_map_free(&m);
	ar_headers_free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headers_builtin),
		cmocka_unit_test(test_headers_file),
		cmocka_unit_test(test_statuts),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_action_build),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
