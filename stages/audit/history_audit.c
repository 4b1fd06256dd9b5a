/*
 * history_audit.c - the label's rules over a series of past palmarès (see
 * history_audit.h).  Every judgement is label.c's: a pair of candidatures
 * is handed to ar_label_compute as a past whose only earlier candidature
 * is the first of the pair, with the years between taken as known, and
 * ar_label_check says which rule the later level breaks.
 */
#include "history_audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "label.h"
#include "xalloc.h"

struct ar_haudit {
	ar_haudit_anomaly *v;   /* the anomalies found */
	size_t n;
	size_t ncoll;           /* collectivités checked */
	size_t npairs;          /* pairs compared */
};

void
ar_haudit_default_rules(ar_rules *r)
{
	memset(r, 0, sizeof *r);
	r->arobases_min = 1;
	r->arobases_max = 5;
	r->max_premiere = 4;
	r->perte_max = 1;
	r->recul_max_annees = 3;
}

/* 1 when the history says for sure who took part in millésime y. */
static int
known(const ar_label_past *k, int y)
{
	if (k->premier_millesime > 0 && y < k->premier_millesime)
		return 1;
	for (size_t i = 0; i < k->n_complete; i++)
		if (k->complete[i] == y)
			return 1;
	return 0;
}

static void
add(ar_haudit *a, const ar_haudit_anomaly *x)
{
	a->v = xreallocarray(a->v, a->n + 1, sizeof *a->v);
	a->v[a->n++] = *x;
}

/* Checks the candidatures p[0..n) of one collectivité. */
static void
check_one(ar_haudit *a, const ar_rules *base, const ar_label_past *k, const char *code,
          const char *nom, const ar_label_earlier *p, size_t n)
{
	ar_rules r = *base;
	ar_label_range rg;
	ar_label_finding f[AR_LABEL_NRULES];
	size_t nf;

	/* R-first: the first known candidature, with what the history knows. */
	if (n > 0 && p[0].arobases > 0) {
		ar_label_past past = *k;
		past.earlier = NULL;
		past.n_earlier = 0;
		r.millesime = p[0].millesime;
		ar_label_compute(&r, &past, &rg);
		nf = ar_label_check(&rg, p[0].arobases, f);
		for (size_t j = 0; j < nf; j++)
			if (f[j].violation && f[j].rule == AR_RULE_FIRST) {
				ar_haudit_anomaly x = {AR_RULE_FIRST, code, nom, 0, 0,
				                       p[0].millesime, p[0].arobases, 1, 0, 0};
				add(a, &x);
			}
	}

	/* R-five and R-drop: every consecutive pair, as if nothing came between. */
	for (size_t i = 1; i < n; i++) {
		const ar_label_earlier *x = &p[i - 1], *y = &p[i];
		int nbetween = y->millesime - x->millesime - 1, unk_from = 0, unk_to = 0;
		int *between;
		ar_label_past past;

		if (x->arobases == 0 || y->arobases == 0)
			continue;
		a->npairs++;
		between = xcalloc((size_t)nbetween + 1, sizeof *between);
		for (int j = 0; j < nbetween; j++) {
			between[j] = x->millesime + 1 + j;
			if (!known(k, between[j])) {
				if (unk_from == 0)
					unk_from = between[j];
				unk_to = between[j];
			}
		}
		memset(&past, 0, sizeof past);
		past.earlier = x;
		past.n_earlier = 1;
		past.complete = between;
		past.n_complete = (size_t)nbetween;
		r.millesime = y->millesime;
		ar_label_compute(&r, &past, &rg);
		nf = ar_label_check(&rg, y->arobases, f);
		for (size_t j = 0; j < nf; j++) {
			if (!f[j].violation || (f[j].rule != AR_RULE_FIVE && f[j].rule != AR_RULE_DROP))
				continue;
			ar_haudit_anomaly an = {f[j].rule, code, nom, x->millesime, x->arobases,
			                        y->millesime, y->arobases, unk_from == 0,
			                        unk_from, unk_to};
			add(a, &an);
		}
		free(between);
	}
}

ar_haudit *
ar_haudit_run(const ar_history *h, const ar_rules *rules)
{
	ar_haudit *a = xcalloc(1, sizeof *a);
	ar_label_past k;
	size_t n = ar_history_count(h);

	memset(&k, 0, sizeof k);
	ar_history_knowledge(h, &k);
	/* The records come sorted by code once merged; take each code once. */
	for (size_t i = 0; i < n; i++) {
		const ar_history_record *rec = ar_history_record_at(h, i);
		const ar_history_record *prev = i > 0 ? ar_history_record_at(h, i - 1) : NULL;
		ar_label_earlier *p;
		size_t np;

		if (rec->code == NULL ||
		    (prev != NULL && prev->code != NULL && strcmp(prev->code, rec->code) == 0))
			continue;
		np = ar_history_past(h, rec->code, &p);
		a->ncoll++;
		check_one(a, rules, &k, rec->code, rec->nom, p, np);
		free(p);
	}
	return a;
}

void
ar_haudit_free(ar_haudit *a)
{
	if (a == NULL)
		return;
	free(a->v);
	free(a);
}

size_t
ar_haudit_count(const ar_haudit *a)
{
	return a->n;
}

const ar_haudit_anomaly *
ar_haudit_at(const ar_haudit *a, size_t i)
{
	return i < a->n ? &a->v[i] : NULL;
}

size_t
ar_haudit_ncollectivites(const ar_haudit *a)
{
	return a->ncoll;
}

size_t
ar_haudit_npairs(const ar_haudit *a)
{
	return a->npairs;
}

size_t
ar_haudit_format(const ar_haudit_anomaly *x, char *buf, size_t len)
{
	const char *id = ar_label_rule_id(x->rule), *art = ar_label_rule_article(x->rule);
	int n;

	if (x->rule == AR_RULE_FIRST)
		n = snprintf(buf, len, "%s (%s): %s (%s): first participation %d with %d "
		             "arobase%s: certain (complete history)", id, art, x->nom, x->code,
		             x->millesime, x->arobases, x->arobases > 1 ? "s" : "");
	else if (x->certain)
		n = snprintf(buf, len, "%s (%s): %s (%s): %d %d arobase%s, then %d %d "
		             "arobase%s: certain (%s)", id, art, x->nom, x->code,
		             x->avant_millesime, x->avant_arobases,
		             x->avant_arobases > 1 ? "s" : "", x->millesime, x->arobases,
		             x->arobases > 1 ? "s" : "",
		             x->millesime == x->avant_millesime + 1 ? "consecutive millésimes" :
		             "complete history between");
	else if (x->inconnu_de == x->inconnu_a)
		n = snprintf(buf, len, "%s (%s): %s (%s): %d %d arobase%s, then %d %d "
		             "arobase%s: depends on missing years (%d unknown)", id, art,
		             x->nom, x->code, x->avant_millesime, x->avant_arobases,
		             x->avant_arobases > 1 ? "s" : "", x->millesime, x->arobases,
		             x->arobases > 1 ? "s" : "", x->inconnu_de);
	else
		n = snprintf(buf, len, "%s (%s): %s (%s): %d %d arobase%s, then %d %d "
		             "arobase%s: depends on missing years (%d to %d unknown)", id, art,
		             x->nom, x->code, x->avant_millesime, x->avant_arobases,
		             x->avant_arobases > 1 ? "s" : "", x->millesime, x->arobases,
		             x->arobases > 1 ? "s" : "", x->inconnu_de, x->inconnu_a);
	return n < 0 ? 0 : (size_t)n;
}
