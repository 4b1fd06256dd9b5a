/*
 * label.c - the label's rules on arobases (see label.h): the allowed range
 * of a candidature from what the history knows, and the check of a decision.
 */
#include "label.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *id;
	const char *article;
} rule_names[AR_LABEL_NRULES] = {
	[AR_RULE_MIN] = {"R-min", "FAQ, art. 1"},
	[AR_RULE_FIRST] = {"R-first", "FAQ"},
	[AR_RULE_FIVE] = {"R-five", "FAQ"},
	[AR_RULE_DROP] = {"R-drop", "art. 10"},
	[AR_RULE_ALERT] = {"R-alert", "FAQ, art. 10"},
};

const char *
ar_label_rule_id(int rule)
{
	return rule >= 0 && rule < AR_LABEL_NRULES ? rule_names[rule].id : "?";
}

const char *
ar_label_rule_article(int rule)
{
	return rule >= 0 && rule < AR_LABEL_NRULES ? rule_names[rule].article : "?";
}

/* Returns 1 when the history says for sure whether anyone took part in year y. */
static int
known(const ar_label_past *p, int y)
{
	if (p->premier_millesime > 0 && y < p->premier_millesime)
		return 1;
	for (size_t i = 0; i < p->n_complete; i++)
		if (p->complete[i] == y)
			return 1;
	return 0;
}

/* Returns the first unknown millésime in [from, to], or 0 when all are known. */
static int
first_unknown(const ar_label_past *p, int from, int to)
{
	for (int y = from; y <= to; y++)
		if (!known(p, y))
			return y;
	return 0;
}

static void set(ar_label_bound *b, int state, int lo, int hi, const char *fr,
                const char *en, ...)
	__attribute__((format(printf, 5, 7), format(printf, 6, 7)));

/* Fills one rule's verdict; the reasons, French (fr) and English (en), are
 * printf-formatted from the same arguments, truncated to fit. */
static void
set(ar_label_bound *b, int state, int lo, int hi, const char *fr, const char *en, ...)
{
	va_list ap, ap2;

	b->state = state;
	b->lo = lo;
	b->hi = hi;
	va_start(ap, en);
	va_copy(ap2, ap);
	vsnprintf(b->raison, sizeof b->raison, fr, ap);
	vsnprintf(b->why, sizeof b->why, en, ap2);
	va_end(ap2);
	va_end(ap);
}

static int
clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

void
ar_label_compute(const ar_rules *r, const ar_label_past *p, ar_label_range *out)
{
	const int M = r->millesime, amin = r->arobases_min, amax = r->arobases_max;
	const int wfrom = M - r->recul_max_annees;
	const ar_label_earlier *last = NULL;
	long ilast = -1;
	int gap = 0, allknown = 0;

	memset(out, 0, sizeof *out);
	out->millesime = M;
	for (int i = 0; i < AR_LABEL_NRULES; i++) {
		out->rule[i].regle = rule_names[i].id;
		out->rule[i].article = rule_names[i].article;
	}

	/* The latest earlier candidature the history records, and whether a
	 * later one may hide in an unknown millésime. */
	for (size_t i = 0; i < p->n_earlier; i++) {
		const ar_label_earlier *e = &p->earlier[i];
		if (e->millesime < M && (last == NULL || e->millesime > last->millesime)) {
			last = e;
			ilast = (long)i;
		}
	}
	if (last != NULL)
		gap = first_unknown(p, last->millesime + 1, M - 1);
	else
		allknown = p->premier_millesime > 0 &&
		           first_unknown(p, p->premier_millesime, M - 1) == 0;
	out->premiere = last != NULL ? 0 : allknown ? 1 : -1;

	/* R-min: every participant at least arobases_min. */
	set(&out->rule[AR_RULE_MIN], AR_LABEL_BINDS, amin, amax,
	    "échelle du label de %d à %d arobases, au moins %d pour tout participant",
	    "the label's scale is %d to %d arobases, at least %d for every participant",
	    amin, amax, amin);

	/* R-first: a first participation gets at most max_premiere. */
	if (last != NULL)
		set(&out->rule[AR_RULE_FIRST], AR_LABEL_NA, amin, amax,
		    "candidature antérieure en %d", "earlier candidature in %d",
		    last->millesime);
	else if (allknown)
		set(&out->rule[AR_RULE_FIRST], AR_LABEL_BINDS, amin, r->max_premiere,
		    "première participation (historique complet de %d à %d)",
		    "first participation (complete history from %d to %d)",
		    p->premier_millesime, M - 1);
	else
		set(&out->rule[AR_RULE_FIRST], AR_LABEL_UNKNOWN, amin, r->max_premiere,
		    "aucune candidature antérieure connue, historique partiel : "
		    "première participation inconnue",
		    "no earlier candidature known, partial history: "
		    "first participation unknown");

	/* R-five: the top level only after amax - 1 (or amax) at the latest
	 * earlier participation, however long ago. */
	if (last == NULL && allknown)
		set(&out->rule[AR_RULE_FIVE], AR_LABEL_NA, amin, amax,
		    "première participation (voir R-first)",
		    "first participation (see R-first)");
	else if (last == NULL)
		set(&out->rule[AR_RULE_FIVE], AR_LABEL_UNKNOWN, amin, amax - 1,
		    "dernière participation inconnue (historique partiel)",
		    "last participation unknown (partial history)");
	else if (gap)
		set(&out->rule[AR_RULE_FIVE], AR_LABEL_UNKNOWN, amin, amax - 1,
		    "dernière candidature connue %d, historique partiel de %d à %d",
		    "last known candidature %d, partial history from %d to %d",
		    last->millesime, gap, M - 1);
	else if (last->arobases == 0)
		set(&out->rule[AR_RULE_FIVE], AR_LABEL_UNKNOWN, amin, amax - 1,
		    "dernière participation %d, arobases inconnues",
		    "last participation %d, arobases unknown", last->millesime);
	else if (last->arobases >= amax - 1)
		set(&out->rule[AR_RULE_FIVE], AR_LABEL_BINDS, amin, amax,
		    "dernière participation %d : %d arobases",
		    "last participation %d: %d arobases", last->millesime,
		    last->arobases);
	else
		set(&out->rule[AR_RULE_FIVE], AR_LABEL_BINDS, amin, amax - 1,
		    "dernière participation %d : %d arobase%s",
		    "last participation %d: %d arobase%s", last->millesime,
		    last->arobases, last->arobases > 1 ? "s" : "");

	/* R-drop and R-alert: the previous candidature, when no more than
	 * recul_max_annees years earlier. */
	if (last != NULL && last->millesime >= wfrom && !gap && last->arobases > 0) {
		int lo = clamp(last->arobases - r->perte_max, amin, amax);
		out->precedente = (int)ilast;
		set(&out->rule[AR_RULE_DROP], AR_LABEL_BINDS, lo, amax,
		    "candidature précédente %d : %d arobase%s",
		    "previous candidature %d: %d arobase%s", last->millesime,
		    last->arobases, last->arobases > 1 ? "s" : "");
		if (last->alerte == AR_ALERTE_OUI)
			set(&out->rule[AR_RULE_ALERT], AR_LABEL_NA, amin, amax,
			    "candidature précédente %d avec alerte",
			    "previous candidature %d with alerte", last->millesime);
		else if (last->alerte == AR_ALERTE_NON)
			set(&out->rule[AR_RULE_ALERT], AR_LABEL_BINDS,
			    clamp(last->arobases, amin, amax), amax,
			    "candidature précédente %d : %d arobase%s, sans alerte",
			    "previous candidature %d: %d arobase%s, without alerte",
			    last->millesime, last->arobases, last->arobases > 1 ? "s" : "");
		else
			set(&out->rule[AR_RULE_ALERT], AR_LABEL_UNKNOWN,
			    clamp(last->arobases, amin, amax), amax,
			    "candidature précédente %d : alerte inconnue",
			    "previous candidature %d: alerte unknown", last->millesime);
	} else if (last != NULL && last->millesime >= wfrom && !gap) {
		out->precedente = (int)ilast;
		set(&out->rule[AR_RULE_DROP], AR_LABEL_UNKNOWN,
		    clamp(amax - r->perte_max, amin, amax), amax,
		    "candidature précédente %d, arobases inconnues",
		    "previous candidature %d, arobases unknown", last->millesime);
		if (last->alerte == AR_ALERTE_OUI)
			set(&out->rule[AR_RULE_ALERT], AR_LABEL_NA, amin, amax,
			    "candidature précédente %d avec alerte",
			    "previous candidature %d with alerte", last->millesime);
		else
			set(&out->rule[AR_RULE_ALERT], AR_LABEL_UNKNOWN, amax, amax,
			    "candidature précédente %d, arobases inconnues",
			    "previous candidature %d, arobases unknown", last->millesime);
	} else {
		/* No certain previous candidature in the window: none if every
		 * millésime of the window between the last one and now is known. */
		int from = last != NULL && last->millesime + 1 > wfrom ? last->millesime + 1 : wfrom;
		int unk = first_unknown(p, from, M - 1);
		out->precedente = -1;
		if (unk == 0) {
			set(&out->rule[AR_RULE_DROP], AR_LABEL_NA, amin, amax,
			    "aucune candidature de %d à %d", "no candidature from %d to %d",
			    wfrom, M - 1);
			set(&out->rule[AR_RULE_ALERT], AR_LABEL_NA, amin, amax,
			    "aucune candidature de %d à %d", "no candidature from %d to %d",
			    wfrom, M - 1);
		} else {
			set(&out->rule[AR_RULE_DROP], AR_LABEL_UNKNOWN,
			    clamp(amax - r->perte_max, amin, amax), amax,
			    "candidature précédente inconnue (historique partiel de %d à %d)",
			    "previous candidature unknown (partial history from %d to %d)",
			    unk, M - 1);
			set(&out->rule[AR_RULE_ALERT], AR_LABEL_UNKNOWN, amax, amax,
			    "candidature précédente inconnue (historique partiel de %d à %d)",
			    "previous candidature unknown (partial history from %d to %d)",
			    unk, M - 1);
		}
	}

	/* The range: the binding rules; the sure range: all of them. */
	out->lo = amin;
	out->hi = amax;
	out->lo_rule = out->hi_rule = AR_RULE_MIN;
	out->sure_lo = amin;
	out->sure_hi = amax;
	for (int i = 0; i < AR_LABEL_NRULES; i++) {
		const ar_label_bound *b = &out->rule[i];
		if (b->state == AR_LABEL_NA)
			continue;
		if (b->state == AR_LABEL_BINDS) {
			if (b->lo > out->lo) {
				out->lo = b->lo;
				out->lo_rule = i;
			}
			if (b->hi < out->hi) {
				out->hi = b->hi;
				out->hi_rule = i;
			}
		}
		if (b->lo > out->sure_lo)
			out->sure_lo = b->lo;
		if (b->hi < out->sure_hi)
			out->sure_hi = b->hi;
	}
}

size_t
ar_label_check(const ar_label_range *range, int arobases, ar_label_finding *out)
{
	size_t n = 0;

	for (int i = 0; i < AR_LABEL_NRULES; i++) {
		const ar_label_bound *b = &range->rule[i];
		/* R-first and R-five cap the level, the others floor it: each
		 * rule speaks only of its own side, so that a 0 breaks R-min
		 * alone. */
		int capping = i == AR_RULE_FIRST || i == AR_RULE_FIVE;
		if (b->state == AR_LABEL_NA || (capping ? arobases <= b->hi : arobases >= b->lo))
			continue;
		out[n].rule = i;
		out[n].violation = b->state == AR_LABEL_BINDS;
		n++;
	}
	return n;
}

int
ar_label_parse_arobases(const char *cell)
{
	const char *s = cell, *e;
	int n = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\'')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e == s)
		return -1;
	if (*s == '@') {
		for (const char *q = s; q < e; q++) {
			if (*q != '@')
				return -1;
			if (n < 99)
				n++;
		}
		return n;
	}
	for (const char *q = s; q < e; q++) {
		if (*q < '0' || *q > '9')
			return -1;
		if (n < 99)
			n = n * 10 + (*q - '0');
		if (n > 99)
			n = 99;
	}
	return n;
}
