/*
 * history_audit.h - checks a series of past palmarès against the label's
 * rules: the core of `arobase-audit --history DIR`.
 *
 * The history folder (history.h) gives, for every collectivité, its known
 * candidatures.  Every consecutive pair of them (a, then b) is checked as
 * if b were the candidature that followed a: R-five (FAQ: 5 arobases only
 * after 4 or 5) and R-drop (art. 10: at most one arobase lost within three
 * years), and the first known candidature against R-first (FAQ: 1 to 4 at
 * a first participation) where the history is complete from the label's
 * first millésime.  The rules themselves are label.h's: this module only
 * builds what each pair knows and reads the findings.  A pair anomaly is
 * certain when no millésime between a and b is unknown (consecutive, or
 * the history is complete for the years between); otherwise it depends on
 * the missing years (a candidature there, unpublished, may explain it).
 * Nothing here prints or exits.
 *
 * Example:
 *     ar_history *h = ar_history_load(dir, why, sizeof why);
 *     ar_history_resolve(h, NULL, 0, directory);  ar_history_merge(h);
 *     ar_haudit *a = ar_haudit_run(h, rules);
 *     for (i = 0; i < ar_haudit_count(a); i++) print ar_haudit_at(a, i);
 *     ar_haudit_free(a);
 */
#ifndef AROBASE_HISTORY_AUDIT_H
#define AROBASE_HISTORY_AUDIT_H

#include <stddef.h>

#include "history.h"
#include "rules.h"

/* One anomaly: a candidature whose arobases break a rule after the one before. */
typedef struct ar_haudit_anomaly {
	int rule;               /* enum ar_label_rule: AR_RULE_FIRST, _FIVE or _DROP */
	const char *code;       /* the collectivité's code (borrowed from the history) */
	const char *nom;        /* its name as the history first writes it (borrowed) */
	int avant_millesime;    /* the earlier candidature's millésime; 0 for R-first */
	int avant_arobases;     /* its arobases; 0 for R-first */
	int millesime;          /* the later candidature's millésime */
	int arobases;           /* its arobases */
	int certain;            /* 1: no millésime between is unknown; 0: depends on them */
	int inconnu_de, inconnu_a; /* not certain: the first and last unknown millésimes
	                              between the two, inclusive; else 0 */
} ar_haudit_anomaly;

/* The result of an audit: opaque. */
typedef struct ar_haudit ar_haudit;

/*
 * The rules a history is checked against when no rules.json is given: the
 * label's scale 1 to 5, R-first at most 4, R-drop at most 1 lost within 3
 * years (the règlement and FAQ of the label 2018).  Fills *r (its millésime
 * 0, no mentions, no dates); nothing to free.
 */
void ar_haudit_default_rules(ar_rules *r);

/*
 * Checks every collectivité of h (loaded, resolved and merged; borrowed for
 * the life of the result) against rules (borrowed for the call; its
 * millésime is ignored).  Records without a code (unresolved or foreign)
 * are not checked; a candidature without arobases is skipped.  Returns a
 * new result the caller frees with ar_haudit_free; the anomalies are in
 * order of code, then millésime, then rule.
 */
ar_haudit *ar_haudit_run(const ar_history *h, const ar_rules *rules);

/* Frees a.  NULL does nothing. */
void ar_haudit_free(ar_haudit *a);

/* Number of anomalies, and anomaly i (borrowed from a). */
size_t ar_haudit_count(const ar_haudit *a);
const ar_haudit_anomaly *ar_haudit_at(const ar_haudit *a, size_t i);

/* Collectivités checked, and the pairs of candidatures compared. */
size_t ar_haudit_ncollectivites(const ar_haudit *a);
size_t ar_haudit_npairs(const ar_haudit *a);

/*
 * Writes one line (no newline) describing anomaly x into buf as snprintf
 * would (English, UTF-8), e.g.
 *   "R-five (FAQ): Beauvais (60057): 2007 4 arobases, then 2013 5 arobases:
 *    depends on missing years (2008 to 2012 unknown)"
 * Returns the length needed.
 */
size_t ar_haudit_format(const ar_haudit_anomaly *x, char *buf, size_t len);

#endif
