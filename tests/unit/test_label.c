/*
 * test_label.c - unit tests of the label's rules on arobases (label.h):
 * every rule at its boundaries, with complete and partial histories.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "label.h"
#include "rules.h"

/* The 2018 label: 1 to 5, a first participation up to 4, one arobase lost
 * at most within 3 years. */
static ar_rules
rules2018(void)
{
	ar_rules r;

	memset(&r, 0, sizeof r);
	r.millesime = 2018;
	r.annee_participation = 2017;
	r.arobases_min = 1;
	r.arobases_max = 5;
	r.max_premiere = 4;
	r.perte_max = 1;
	r.recul_max_annees = 3;
	return r;
}

/* Every millésime from 2000 to 2017 complete, the label starting in 2000. */
static const int all_complete[] = {
	2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009,
	2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017
};

static ar_label_range
compute(const ar_label_earlier *e, size_t n, int complete)
{
	ar_rules r = rules2018();
	ar_label_past p = {e, n, complete ? all_complete : NULL,
	                   complete ? sizeof all_complete / sizeof *all_complete : 0,
	                   complete ? 2000 : 0};
	ar_label_range rg;

	ar_label_compute(&r, &p, &rg);
	return rg;
}

/* Checks d against rg: returns the violated rules as a bit set, the
 * "cannot check" ones in *unk. */
static unsigned
check(const ar_label_range *rg, int d, unsigned *unk)
{
	ar_label_finding f[AR_LABEL_NRULES];
	size_t n = ar_label_check(rg, d, f);
	unsigned v = 0, u = 0;

	for (size_t i = 0; i < n; i++) {
		if (f[i].violation)
			v |= 1u << f[i].rule;
		else
			u |= 1u << f[i].rule;
	}
	if (unk)
		*unk = u;
	return v;
}

#define BIT(r) (1u << (r))

static void
test_min(void **state)
{
	ar_label_range rg = compute(NULL, 0, 1);
	unsigned u;

	(void)state;
	assert_int_equal(check(&rg, 0, &u), BIT(AR_RULE_MIN));
	assert_int_equal(check(&rg, 1, &u), 0);
	assert_int_equal(u, 0);
}

static void
test_first_participation_asking_five(void **state)
{
	ar_label_range rg = compute(NULL, 0, 1);
	unsigned u;

	(void)state;
	assert_int_equal(rg.premiere, 1);
	assert_int_equal(rg.lo, 1);
	assert_int_equal(rg.hi, 4);
	assert_int_equal(rg.hi_rule, AR_RULE_FIRST);
	assert_int_equal(check(&rg, 5, &u), BIT(AR_RULE_FIRST));
	assert_int_equal(u, 0);
	assert_int_equal(check(&rg, 4, &u), 0);
	assert_int_equal(u, 0);
}

static void
test_first_participation_partial_history(void **state)
{
	/* Nothing known: absence is unknown, so 5 cannot be checked, 4 is sure. */
	ar_label_range rg = compute(NULL, 0, 0);
	unsigned u;

	(void)state;
	assert_int_equal(rg.premiere, -1);
	assert_int_equal(rg.lo, 1);
	assert_int_equal(rg.hi, 5);
	assert_int_equal(check(&rg, 5, &u), 0);
	assert_int_equal(u, BIT(AR_RULE_FIRST) | BIT(AR_RULE_FIVE));
	assert_int_equal(check(&rg, 4, &u), 0);
	assert_true(u & BIT(AR_RULE_ALERT));   /* a 5 without alerte may hide */
	assert_false(u & BIT(AR_RULE_DROP));   /* 4 is at most one lost */
	assert_int_equal(check(&rg, 3, &u), 0);
	assert_int_equal(u, BIT(AR_RULE_DROP) | BIT(AR_RULE_ALERT));
}

static void
test_five_after_four_and_suspended(void **state)
{
	/* 4 in 2014, no candidature in 2015-2017 (complete): 5 allowed. */
	ar_label_earlier e[] = {{2012, 2, AR_ALERTE_NON}, {2014, 4, AR_ALERTE_NON}};
	ar_label_range rg = compute(e, 2, 1);
	unsigned u;

	(void)state;
	assert_int_equal(rg.premiere, 0);
	assert_int_equal(check(&rg, 5, &u), 0);
	assert_int_equal(u, 0);
	/* 2014 is outside the 3-year window: R-drop and R-alert bind nothing. */
	assert_int_equal(rg.rule[AR_RULE_DROP].state, AR_LABEL_NA);
	assert_int_equal(rg.rule[AR_RULE_ALERT].state, AR_LABEL_NA);
	assert_int_equal(check(&rg, 1, &u), 0);
	assert_int_equal(u, 0);
}

static void
test_five_after_three(void **state)
{
	ar_label_earlier e[] = {{2017, 3, AR_ALERTE_NON}};
	ar_label_range rg = compute(e, 1, 1);

	(void)state;
	assert_int_equal(rg.hi, 4);
	assert_int_equal(rg.hi_rule, AR_RULE_FIVE);
	assert_int_equal(check(&rg, 5, NULL), BIT(AR_RULE_FIVE));
	assert_int_equal(check(&rg, 4, NULL), 0);
}

static void
test_five_suspended_but_partial(void **state)
{
	/* 4 in 2014, but 2015-2017 unknown: a later 3 may hide. */
	ar_label_earlier e[] = {{2014, 4, AR_ALERTE_NON}};
	ar_rules r = rules2018();
	static const int c[] = {2014};
	ar_label_past p = {e, 1, c, 1, 0};
	ar_label_range rg;
	unsigned u;

	(void)state;
	ar_label_compute(&r, &p, &rg);
	assert_int_equal(check(&rg, 5, &u), 0);
	assert_int_equal(u, BIT(AR_RULE_FIVE));
}

static void
test_drop_of_two(void **state)
{
	ar_label_earlier e[] = {{2017, 5, AR_ALERTE_OUI}};
	ar_label_range rg = compute(e, 1, 1);
	unsigned u;

	(void)state;
	assert_int_equal(rg.lo, 4);
	assert_int_equal(rg.lo_rule, AR_RULE_DROP);
	assert_int_equal(check(&rg, 3, &u), BIT(AR_RULE_DROP));
	assert_int_equal(u, 0);
	assert_int_equal(check(&rg, 4, &u), 0); /* one lost, with alerte */
	assert_int_equal(u, 0);
}

static void
test_drop_of_one_without_alerte(void **state)
{
	ar_label_earlier e[] = {{2017, 4, AR_ALERTE_NON}};
	ar_label_range rg = compute(e, 1, 1);

	(void)state;
	assert_int_equal(rg.lo, 4);
	assert_int_equal(rg.lo_rule, AR_RULE_ALERT);
	assert_int_equal(check(&rg, 3, NULL), BIT(AR_RULE_ALERT));
	assert_int_equal(check(&rg, 2, NULL), BIT(AR_RULE_DROP) | BIT(AR_RULE_ALERT));
	assert_int_equal(check(&rg, 4, NULL), 0);
}

static void
test_drop_alerte_unknown(void **state)
{
	/* History without an alerte column: a loss of one cannot be checked. */
	ar_label_earlier e[] = {{2017, 4, AR_ALERTE_INCONNUE}};
	ar_label_range rg = compute(e, 1, 1);
	unsigned u;

	(void)state;
	assert_int_equal(rg.lo, 3);
	assert_int_equal(rg.sure_lo, 4);
	assert_int_equal(check(&rg, 3, &u), 0);
	assert_int_equal(u, BIT(AR_RULE_ALERT));
	assert_int_equal(check(&rg, 2, &u), BIT(AR_RULE_DROP));
	assert_int_equal(u, BIT(AR_RULE_ALERT));
}

static void
test_rise_of_three(void **state)
{
	ar_label_earlier e[] = {{2017, 1, AR_ALERTE_NON}};
	ar_label_range rg = compute(e, 1, 1);
	unsigned u;

	(void)state;
	assert_int_equal(check(&rg, 4, &u), 0);
	assert_int_equal(u, 0);
	assert_int_equal(check(&rg, 5, &u), BIT(AR_RULE_FIVE));
}

static void
test_window_exactly_three_years(void **state)
{
	/* 2015 is 3 years before 2018: it binds. */
	ar_label_earlier in[] = {{2015, 5, AR_ALERTE_NON}};
	/* 2014 is 4 years before: it binds nothing (but R-five still sees it). */
	ar_label_earlier out[] = {{2014, 5, AR_ALERTE_NON}};
	ar_label_range a = compute(in, 1, 1), b = compute(out, 1, 1);
	unsigned u;

	(void)state;
	assert_int_equal(a.rule[AR_RULE_DROP].state, AR_LABEL_BINDS);
	assert_int_equal(check(&a, 3, &u), BIT(AR_RULE_DROP) | BIT(AR_RULE_ALERT));
	assert_int_equal(check(&a, 5, &u), 0);
	assert_int_equal(b.rule[AR_RULE_DROP].state, AR_LABEL_NA);
	assert_int_equal(check(&b, 1, &u), 0);
	assert_int_equal(u, 0);
	assert_int_equal(check(&b, 5, &u), 0);
}

static void
test_partial_history_cannot_check(void **state)
{
	/* 2017: 5 known from a partial list, alerte unknown, nothing else known. */
	ar_label_earlier e[] = {{2017, 5, AR_ALERTE_INCONNUE}};
	ar_rules r = rules2018();
	ar_label_past p = {e, 1, NULL, 0, 0};
	ar_label_range rg;
	unsigned u;

	(void)state;
	ar_label_compute(&r, &p, &rg);
	/* 2017 is the year before: nothing can hide after it. */
	assert_int_equal(rg.precedente, 0);
	assert_int_equal(check(&rg, 3, &u), BIT(AR_RULE_DROP));
	assert_int_equal(check(&rg, 4, &u), 0);
	assert_int_equal(u, BIT(AR_RULE_ALERT));

	/* 2016 known, 2017 unknown: a 2017 candidature may hide. */
	e[0].millesime = 2016;
	ar_label_compute(&r, &p, &rg);
	assert_int_equal(rg.precedente, -1);
	assert_int_equal(check(&rg, 2, &u), 0);
	assert_int_equal(u, BIT(AR_RULE_DROP) | BIT(AR_RULE_ALERT));
}

static void
test_unknown_level(void **state)
{
	ar_label_earlier e[] = {{2017, 0, AR_ALERTE_NON}};
	ar_label_range rg = compute(e, 1, 1);
	unsigned u;

	(void)state;
	assert_int_equal(check(&rg, 5, &u), 0);
	assert_int_equal(u, BIT(AR_RULE_FIVE));
	assert_int_equal(check(&rg, 3, &u), 0);
	assert_int_equal(u, BIT(AR_RULE_DROP) | BIT(AR_RULE_ALERT));
}

static void
test_later_history_ignored(void **state)
{
	ar_label_earlier e[] = {{2018, 1, AR_ALERTE_NON}, {2019, 1, AR_ALERTE_NON}};
	ar_label_range rg = compute(e, 2, 1);

	(void)state;
	assert_int_equal(rg.premiere, 1);
}

static void
test_parse_arobases(void **state)
{
	(void)state;
	assert_int_equal(ar_label_parse_arobases("3"), 3);
	assert_int_equal(ar_label_parse_arobases("@@@"), 3);
	assert_int_equal(ar_label_parse_arobases("'@@"), 2);
	assert_int_equal(ar_label_parse_arobases(" @@@@@ "), 5);
	assert_int_equal(ar_label_parse_arobases("@@@@@@"), 6);
	assert_int_equal(ar_label_parse_arobases("0"), 0);
	assert_int_equal(ar_label_parse_arobases("6"), 6);
	assert_int_equal(ar_label_parse_arobases(""), -1);
	assert_int_equal(ar_label_parse_arobases("'"), -1);
	assert_int_equal(ar_label_parse_arobases("''@"), -1);
	assert_int_equal(ar_label_parse_arobases("@3"), -1);
	assert_int_equal(ar_label_parse_arobases("3 arobases"), -1);
	assert_int_equal(ar_label_parse_arobases("-3"), -1);
	assert_int_equal(ar_label_parse_arobases("99999999999999999999"), 99);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(ar_label_rule_id(AR_RULE_FIVE), "R-five");
	assert_string_equal(ar_label_rule_article(AR_RULE_DROP), "art. 10");
	assert_string_equal(ar_label_rule_id(-1), "?");
	assert_string_equal(ar_label_rule_id(AR_LABEL_NRULES), "?");
}

/* Every reason exists in French (files for the jury) and English (stderr),
 * with the same facts. */
static void
test_reasons_french_and_english(void **state)
{
	ar_label_earlier e[] = {{2017, 4, AR_ALERTE_NON}};
	ar_label_range rg = compute(e, 1, 1), rp = compute(NULL, 0, 0);

	(void)state;
	assert_string_equal(rg.rule[AR_RULE_DROP].raison,
	                    "candidature précédente 2017 : 4 arobases");
	assert_string_equal(rg.rule[AR_RULE_DROP].why, "previous candidature 2017: 4 arobases");
	assert_string_equal(rg.rule[AR_RULE_ALERT].why,
	                    "previous candidature 2017: 4 arobases, without alerte");
	assert_string_equal(rp.rule[AR_RULE_FIVE].raison,
	                    "dernière participation inconnue (historique partiel)");
	assert_string_equal(rp.rule[AR_RULE_FIVE].why,
	                    "last participation unknown (partial history)");
	for (int i = 0; i < AR_LABEL_NRULES; i++) {
		assert_true(rg.rule[i].why[0] != '\0');
		assert_true(rp.rule[i].why[0] != '\0');
		/* English only: no French accented letter in the English text. */
		assert_null(strstr(rg.rule[i].why, "é"));
		assert_null(strstr(rp.rule[i].why, "é"));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_min),
		cmocka_unit_test(test_first_participation_asking_five),
		cmocka_unit_test(test_first_participation_partial_history),
		cmocka_unit_test(test_five_after_four_and_suspended),
		cmocka_unit_test(test_five_after_three),
		cmocka_unit_test(test_five_suspended_but_partial),
		cmocka_unit_test(test_drop_of_two),
		cmocka_unit_test(test_drop_of_one_without_alerte),
		cmocka_unit_test(test_drop_alerte_unknown),
		cmocka_unit_test(test_rise_of_three),
		cmocka_unit_test(test_window_exactly_three_years),
		cmocka_unit_test(test_partial_history_cannot_check),
		cmocka_unit_test(test_unknown_level),
		cmocka_unit_test(test_later_history_ignored),
		cmocka_unit_test(test_parse_arobases),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_reasons_french_and_english),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
