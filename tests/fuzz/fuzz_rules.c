/*
 * fuzz_rules.c - libFuzzer entry point for the rules loader
 * (stages/common/rules.h), which reads the millésime's rules.json.
 *
 * The input is read as a file.  When the loader accepts it, its three ISO
 * dates must be real days in order (closing <= jury <= ceremony, as the
 * header promises), the participation year the millésime's minus one, and
 * each listed mention found by ar_rules_has_mention; when it refuses, it
 * must say why.
 *
 * Every check here asserts a property of the parser: a violation prints
 * what broke and aborts, which libFuzzer reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_file.h"
#include "rules.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[300] = "";
	ar_rules *r = ar_rules_load(fuzz_file(0, data, size), why, sizeof why);

	if (r == NULL) {
		if (why[0] == '\0') {
			fprintf(stderr, "rules: refused without a reason\n");
			abort();
		}
		return 0;
	}
	if (!ar_iso_date_valid(r->cloture) || !ar_iso_date_valid(r->jury) ||
	    !ar_iso_date_valid(r->ceremonie) || strcmp(r->cloture, r->jury) > 0 ||
	    strcmp(r->jury, r->ceremonie) > 0 ||
	    r->annee_participation != r->millesime - 1) {
		fprintf(stderr, "rules: accepted with dates %.11s %.11s %.11s\n",
		        r->cloture, r->jury, r->ceremonie);
		abort();
	}
	for (size_t i = 0; i < r->n_mentions; i++)
		if (!ar_rules_has_mention(r, r->mentions[i]))
			abort();
	(void)ar_rules_has_mention(r, "");
	(void)ar_statut_from_name("realisee");
	ar_rules_free(r);
	return 0;
}
