/*
 * test_ingest_fastpath.c - unit tests of arobase-ingest's fast paths:
 * ar_action_check_linked (the first pass) accepts and
 * refuses the rows ar_action_build_linked does, with the same id, date and
 * verdict; and ar_utf8_nfc's shortcut for text below U+0300 gives what
 * g_utf8_normalize gives.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <jansson.h>

#include "action.h"
#include "fields.h"
#include "ndjson.h"
#include "text.h"

static void
check_row(const ar_action_map *m, const char *const *cells, size_t n)
{
	size_t lens[16];
	ar_verdict v1, v2;
	json_t *a;
	char *id = NULL, iso[11];
	int rc;

	for (size_t i = 0; i < n; i++)
		lens[i] = strlen(cells[i]);
	memset(&v1, 0, sizeof v1);
	memset(&v2, 0, sizeof v2);
	a = ar_action_build_linked(m, cells, lens, n, NULL, NULL, &v1);
	rc = ar_action_check_linked(m, cells, lens, n, NULL, NULL, &id, iso, &v2);
	if (a != NULL) {
		assert_int_equal(rc, 0);
		assert_string_equal(id, json_string_value(json_object_get(a, "id_action")));
		assert_string_equal(iso, json_string_value(json_object_get(a, "date")));
		free(id);
		json_decref(a);
	} else {
		assert_int_equal(rc, -1);
		assert_int_equal(v1.reason, v2.reason);
		assert_int_equal(v1.col, v2.col);
		assert_string_equal(v1.motif, v2.motif);
	}
}

static void
test_check_agrees(void **state)
{
	static const char *const hdr[] = {"Id_Action", "Titre", "Sous-titre", "Date",
	                                  "Statut", "Collectivité", "Services", "Synthèse"};
	static const char *const rows[][9] = {
		{" 1011 ", "Titre", "", "15/01/2017", "Réalisée", "76575", "S012, S077", "x"},
		{"Cafe\xcc\x81", "", "", "2017-01-15", "En cours", "76575", "", ""},
		{"", "Titre", "", "15/01/2017", "Réalisée", "76575", "S012", ""},
		{"1", "Titre", "", "15/01/2017", "Abandonnée", "76575", "S012", ""},
		{"2", "Titre", "", "31/02/2017", "Prévue", "76575", "S012", ""},
		{"3", "Titre", "", "15/01/2017", "Prévue", "", "S012", ""},
		{"4", "Titre", "", "15/01/2017", "Prévue", "7657", "S012", ""},
		{"5", "Titre", "", "15/01/2017", "Prévue", "76575", "S 1", ""},
		{"6", "Titre", "", "15/01/2017", "Prévue", "76575", "S1", "", "extra"},
	};
	size_t lens[8];
	ar_headers *h = ar_headers_new();
	ar_action_map m = {0};
	char why[256];

	(void)state;
	for (size_t i = 0; i < 8; i++)
		lens[i] = strlen(hdr[i]);
	assert_int_equal(ar_action_map_header(&m, h, hdr, lens, 8, why, sizeof why), 0);
	for (size_t r = 0; r < sizeof rows / sizeof *rows; r++)
		check_row(&m, rows[r], rows[r][8] != NULL ? 9 : 8);
	ar_action_map_free(&m);
	ar_headers_free(h);
}

/* Fails unless ar_utf8_nfc(s) is g_utf8_normalize's NFC of s. */
static void
nfc_as_glib(const char *s)
{
	char *mine = ar_utf8_nfc(s, strlen(s));
	gchar *ref = g_utf8_normalize(s, -1, G_NORMALIZE_NFC);

	assert_non_null(mine);
	assert_non_null(ref);
	assert_string_equal(mine, ref);
	free(mine);
	g_free(ref);
}

static void
test_nfc_shortcut(void **state)
{
	char buf[8];

	(void)state;
	nfc_as_glib("");
	nfc_as_glib("Ateliers pour les habitants");
	nfc_as_glib("Médiation numérique, Réalisée, œuvre, ǅ");
	nfc_as_glib("e\xcc\x81te\xcc\x81");          /* combining acute: composed */
	nfc_as_glib("\xc3\xa9\xcc\x81");              /* é then a combining acute */
	nfc_as_glib("\xe2\x84\xab \xe2\x84\xa6");     /* Angstrom and Ohm signs */
	for (gunichar c = 1; c < 0x300; c++) {
		buf[g_unichar_to_utf8(c, buf)] = '\0';
		nfc_as_glib(buf);
	}
	/* invalid UTF-8 and NUL are refused, as before the shortcut */
	assert_null(ar_utf8_nfc("\xc3", 1));
	assert_null(ar_utf8_nfc("\xc0\x80", 2));
	assert_null(ar_utf8_nfc("a\0b", 3));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_agrees),
		cmocka_unit_test(test_nfc_shortcut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
