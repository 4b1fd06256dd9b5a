/*
 * fuzz_referentiel.c - libFuzzer entry point for the référentiel loaders
 * (stages/common/referentiel.h): referentiel.json and the platform's
 * Services sheet saved as CSV.
 *
 * The input is read as a file by both loaders, whatever ar_referentiel_sniff
 * says of it.  A référentiel either loader accepts is written back with
 * ar_referentiel_write, which must give JSON that ar_referentiel_from_json
 * accepts again with the same counts; its lookups and count check run too.
 *
 * Every check here asserts a property of the parser: a violation prints
 * what broke and aborts, which libFuzzer reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz_file.h"
#include "referentiel.h"

/* Receives the sheet loader's errors; they are not the point here. */
static void
ignore(void *ctx, unsigned long line, const char *field, const char *msg)
{
	(void)ctx;
	(void)line;
	(void)field;
	(void)msg;
}

/* Writes ref, reads it back, and checks its lookups; aborts on a difference. */
static void
exercise(const ar_referentiel *ref)
{
	char why[300];
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	json_error_t err;
	json_t *root;
	ar_referentiel *again;

	if (out == NULL)
		abort();
	if (ar_referentiel_write(ref, out) != 0 || fclose(out) != 0)
		abort();
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
	if (root == NULL) {
		fprintf(stderr, "referentiel: own output is not JSON: %s\n", err.text);
		abort();
	}
	again = ar_referentiel_from_json(root, why, sizeof why);
	if (again == NULL || again->n_axes != ref->n_axes ||
	    again->n_enjeux != ref->n_enjeux || again->n_usages != ref->n_usages ||
	    again->n_services != ref->n_services) {
		fprintf(stderr, "referentiel: own output reads differently: %s\n",
		        again == NULL ? why : "other counts");
		abort();
	}
	for (size_t i = 0; i < ref->n_services; i++)
		if (ar_referentiel_find_service(ref, ref->services[i].id) != i)
			abort();
	(void)ar_referentiel_find_service(ref, "");
	(void)ar_referentiel_check_counts(ref, 4, 16, 139, why, sizeof why);
	ar_referentiel_free(again);
	json_decref(root);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(0, data, size);
	enum ar_ref_form form;
	unsigned long line = 0;
	char why[300];
	ar_referentiel *ref;

	if (ar_referentiel_sniff(path, &form) != 0)
		abort();	/* the file exists: sniffing must work */

	ref = ar_referentiel_load(path, &line, why, sizeof why);
	if (ref != NULL)
		exercise(ref);
	ar_referentiel_free(ref);

	ref = ar_referentiel_load_sheet(path, 2018, NULL, ignore, NULL);
	if (ref != NULL)
		exercise(ref);
	ar_referentiel_free(ref);
	return 0;
}
