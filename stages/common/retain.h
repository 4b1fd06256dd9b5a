/*
 * retain.h - the action record as stages read it from actions.ndjson and
 * retained.ndjson, and the label's rules that decide whether an action
 * counts: R-window and R-statut (FAQ "Évaluation" 1° and 2°).
 *
 * filter applies ar_retain to every action of actions.ndjson; coverage
 * checks the shape of every retained action with ar_action_view.  An
 * action is a JSON object with at least, in any order:
 *     id_action (string), titre (string), statut ("prevue", "en_cours" or
 *     "realisee"), date (ISO yyyy-mm-dd), collectivites (list of codes,
 *     strings), services (list of service ids, strings)
 * and any other keys, which are passed through untouched.
 *
 * Example:
 *     ar_action a; const char *field; char why[200], motif[64];
 *     if (ar_action_view(obj, &a, &field, why, sizeof why) < 0) file error at field;
 *     enum ar_exclusion x = ar_retain(rules, &a);
 *     if (x != AR_RETAINED) ar_exclusion_motif(x, &a, motif, sizeof motif);
 */
#ifndef AROBASE_RETAIN_H
#define AROBASE_RETAIN_H

#include <stddef.h>

#include <jansson.h>

#include "rules.h"

/* A checked view of one action object; every pointer borrows from it. */
typedef struct ar_action {
	const char *id_action;     /* the action's id, UTF-8 */
	const char *statut;        /* "prevue", "en_cours" or "realisee" */
	unsigned statut_bit;       /* its enum ar_statut bit */
	const char *date;          /* last publication or update, ISO yyyy-mm-dd */
	int year;                  /* the year of date */
	json_t *collectivites;     /* array of codes (strings, non-empty) */
	size_t n_collectivites;    /* its length (may be 0) */
	json_t *services;          /* array of service ids (strings, non-empty) */
	size_t n_services;         /* its length (may be 0) */
} ar_action;

/* Why an action is excluded, in the order ar_retain tests them. */
enum ar_exclusion {
	AR_RETAINED = 0,           /* the action counts */
	AR_EXCL_STATUT,            /* R-statut: statut not retained ("prevue") */
	AR_EXCL_WINDOW,            /* R-window: date outside the window */
	AR_EXCL_NO_SERVICE,        /* no service cited: it covers nothing */
	AR_EXCL_NO_COLLECTIVITE    /* no collectivité: it counts for nobody */
};

/*
 * Checks that obj has the action shape above and fills *a.  Returns 0, or
 * -1 with *field set to the key at fault (static text; NULL when obj is
 * not an object) and a message in why (UTF-8, at most whylen bytes), for
 * example field "services", why "must be a flat list of service ids
 * (strings): item 0 is an array".  An unknown statut is a shape error.
 * Iterative: nesting depth costs no stack.
 */
int ar_action_view(json_t *obj, ar_action *a, const char **field,
                   char *why, size_t whylen);

/*
 * R-window (FAQ "Évaluation" 1°): returns 1 when year (the year of the
 * action's last publication or update) lies in [premiere, derniere], bounds
 * included (label 2018: 2016 and 2017), else 0.
 */
int ar_window_contains(int premiere, int derniere, int year);

/*
 * Decides whether a checked action counts under the rules (borrowed for the
 * call): R-statut (FAQ "Évaluation" 2°) first, then R-window (FAQ
 * "Évaluation" 1°), then that it cites a service and a collectivité.
 * Returns AR_RETAINED or the first reason that excludes it; never fails.
 */
enum ar_exclusion ar_retain(const ar_rules *rules, const ar_action *a);

/*
 * Writes the "motif" of an exclusion into buf (at most len bytes):
 * the statut ("prevue"), "outside window: 2015-12-31", "no service" or
 * "no collectivité" (UTF-8).  Returns buf.
 */
char *ar_exclusion_motif(enum ar_exclusion x, const ar_action *a,
                         char *buf, size_t len);

#endif
