/*
 * label.h - the rules of the label that bind the jury's arobases
 * (DESIGN.md, "Rules of the label"): R-min, R-first, R-five, R-drop and
 * R-alert, as pure functions.
 *
 * decide computes, for every candidature, the allowed range of arobases
 * from the collectivité's earlier candidatures (the history) before the
 * jury meets, and checks each decision against it after.  What the history
 * says is taken as "known" or "unknown": in a millésime whose history is
 * partial, the absence of a collectivité means nothing, and an earlier
 * candidature whose alerte was not recorded says nothing about R-alert.  A
 * rule that depends on an unknown is then "cannot check" (a warning),
 * never a violation.  Nothing here prints, exits or allocates.
 *
 * Example:
 *     ar_label_past p = { &earlier, 1, complete, ncomplete, 0 };
 *     ar_label_range rg;  ar_label_finding f[AR_LABEL_NRULES];
 *     ar_label_compute(rules, &p, &rg);
 *     size_t n = ar_label_check(&rg, 5, f);   f[i].violation: 1 or 0
 */
#ifndef AROBASE_LABEL_H
#define AROBASE_LABEL_H

#include <stddef.h>

#include "rules.h"

/* What the history records of an alerte given with an earlier candidature. */
enum ar_alerte {
	AR_ALERTE_INCONNUE = -1, /* not recorded (history without alerte column, or empty) */
	AR_ALERTE_NON = 0,       /* recorded: no alerte */
	AR_ALERTE_OUI = 1        /* recorded: the jury warned the collectivité */
};

/* One earlier candidature of a collectivité, as the history records it. */
typedef struct ar_label_earlier {
	int millesime;  /* millésime of that candidature (label year) */
	int arobases;   /* its level, 1..5, or 0 when the history does not give it */
	int alerte;     /* enum ar_alerte */
} ar_label_earlier;

/*
 * What is known of one collectivité's past.  A millésime is "known" when
 * the history is complete for it (absence means "did not take part") or
 * when it is earlier than premier_millesime (the label did not exist).
 * Every other millésime without a record is unknown.
 */
typedef struct ar_label_past {
	const ar_label_earlier *earlier; /* its candidatures, any order (borrowed); later ones ignored */
	size_t n_earlier;                /* number of entries in earlier */
	const int *complete;             /* millésimes whose history is complete (borrowed) */
	size_t n_complete;               /* number of entries in complete */
	int premier_millesime;           /* first millésime of the label; 0 when not known */
} ar_label_past;

/* How one rule binds a candidature. */
enum ar_label_state {
	AR_LABEL_NA = 0,      /* the rule does not apply (it binds nothing) */
	AR_LABEL_BINDS = 1,   /* the rule applies: a decision outside [lo, hi] breaks it */
	AR_LABEL_UNKNOWN = 2  /* cannot check: only decisions in [lo, hi] are sure to keep it */
};

/* The rules, in the order of DESIGN.md (index into ar_label_range.rule). */
enum ar_label_rule {
	AR_RULE_MIN = 0,   /* R-min, FAQ, art. 1 */
	AR_RULE_FIRST,     /* R-first, FAQ */
	AR_RULE_FIVE,      /* R-five, FAQ */
	AR_RULE_DROP,      /* R-drop, art. 10 */
	AR_RULE_ALERT,     /* R-alert, FAQ, art. 10 */
	AR_LABEL_NRULES
};

/* One rule's verdict on a candidature, before any decision. */
typedef struct ar_label_bound {
	const char *regle;   /* rule id, "R-drop" (static text) */
	const char *article; /* its source, "art. 10" (static text) */
	int state;           /* enum ar_label_state */
	int lo, hi;          /* arobases allowed (BINDS) or sure (UNKNOWN), inclusive */
	char raison[192];    /* why, in French, UTF-8, for the jury's files:
	                        "candidature précédente 2017 : 5 arobases" */
	char why[192];       /* the same in English, for messages on stderr:
	                        "previous candidature 2017: 5 arobases" */
} ar_label_bound;

/* The allowed range of one candidature, with each rule's part in it. */
typedef struct ar_label_range {
	int millesime;                          /* the millésime decided */
	ar_label_bound rule[AR_LABEL_NRULES];   /* every rule, indexed by enum ar_label_rule */
	int lo, hi;          /* allowed: intersection of the BINDS rules (lo > hi: no level allowed) */
	int lo_rule, hi_rule;/* enum ar_label_rule that set lo and hi (the first on ties) */
	int sure_lo, sure_hi;/* allowed whatever the unknowns: also intersecting the UNKNOWN rules */
	int premiere;        /* first participation: 1 certain, 0 certainly not, -1 unknown */
	int precedente;      /* index in past->earlier of the previous candidature when certain, else -1 */
} ar_label_range;

/* One rule a decision breaks (violation) or that cannot be checked. */
typedef struct ar_label_finding {
	int rule;            /* enum ar_label_rule */
	int violation;       /* 1: the decision breaks the rule; 0: cannot check */
} ar_label_finding;

/*
 * Computes the allowed range of arobases of a candidature to millésime
 * r->millesime from its past, under R-min (FAQ, art. 1: r->arobases_min),
 * R-first (FAQ: r->max_premiere), R-five (FAQ: r->arobases_max only after
 * r->arobases_max - 1), R-drop (art. 10: r->perte_max within
 * r->recul_max_annees years) and R-alert (FAQ, art. 10: no loss without
 * alerte, same window).  r and past are borrowed for the call; out->rule[]
 * texts are static.  Fills *out; never fails.
 */
void ar_label_compute(const ar_rules *r, const ar_label_past *past,
                      ar_label_range *out);

/*
 * Checks the decision arobases (an integer read from the jury file) against
 * range.  Writes to out (room for AR_LABEL_NRULES entries) one finding per
 * rule it breaks or that cannot be checked for that decision, in rule
 * order, and returns how many.  R-first and R-five judge only the top of
 * their range, R-min, R-drop and R-alert only the bottom, so that a level
 * breaks only the rules that speak of it.  A decision in [sure_lo, sure_hi]
 * gives none.
 */
size_t ar_label_check(const ar_label_range *range, int arobases,
                      ar_label_finding *out);

/* Returns the rule id ("R-five") of an enum ar_label_rule, or "?" (static). */
const char *ar_label_rule_id(int rule);

/* Returns the article ("art. 10") of an enum ar_label_rule, or "?" (static). */
const char *ar_label_rule_article(int rule);

/*
 * Reads an arobases cell of the jury file: a digit ("3") or a run of '@'
 * ("@@@"), one leading apostrophe (a spreadsheet's text marker) allowed,
 * spaces around ignored.  Returns the count, which may be out of the
 * rules' range (0, 6, ...; the caller checks it), or -1 when the cell is
 * unreadable (empty, mixed, anything else).
 */
int ar_label_parse_arobases(const char *cell);

#endif
