/*
 * tally.h - the mosaïque of every collectivité: which services of the
 * référentiel its retained actions cover, per enjeu, per axe and overall,
 * and the national view (for each service, the share of collectivités
 * covering it).  The counting core of arobase-coverage.
 *
 * R-scope (art. 8.2, FAQ): an action counts for every collectivité its
 * "collectivites" list names (owner, co-financers, the commune of a school
 * or of a locally funded association), and only for those: an EPCI's own
 * action counts for the EPCI, not for its member communes, unless it names
 * them.  A service counts once per collectivité however many actions cover
 * it.  Memory is bounded by collectivités x services, never by actions.
 *
 * Example:
 *     cov_tally *t = cov_tally_new(ref);
 *     for each retained action a (checked by ar_action_view): cov_tally_add(t, &a, line);
 *     cov_tally_write(t, fp);  cov_tally_free(t);
 */
#ifndef AROBASE_COVERAGE_TALLY_H
#define AROBASE_COVERAGE_TALLY_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "referentiel.h"
#include "retain.h"

typedef struct cov_tally cov_tally;

/*
 * Creates an empty tally over ref (borrowed: keep it alive until
 * cov_tally_free).  Returns a new tally the caller frees with cov_tally_free;
 * never NULL (out of memory exits, xalloc.h).
 */
cov_tally *cov_tally_new(const ar_referentiel *ref);

/* Frees t.  NULL does nothing. */
void cov_tally_free(cov_tally *t);

/*
 * Counts one retained action for every collectivité it names (a code
 * named twice counts once).  Services not in the référentiel are counted
 * aside (cov_tally_unknown), once per action; line is the action's
 * physical line in its file, kept for the first action citing each.
 */
void cov_tally_add(cov_tally *t, const ar_action *a, unsigned long line);

/* Number of distinct collectivités so far (candidatures and those actions name). */
size_t cov_tally_n_collectivites(const cov_tally *t);

/*
 * Says that the candidatures are known (candidatures.csv was read, even
 * empty): every collectivité then carries "candidature" true or false in
 * coverage.json, and the national view counts candidatures only.
 */
void cov_tally_with_candidatures(cov_tally *t);

/*
 * Records the candidature of code (nom, departement and type may be NULL
 * or empty; all copied), from line of candidatures.csv: it appears in
 * coverage.json even without any retained action (zero coverage).
 * Implies cov_tally_with_candidatures.  Returns 0, or -1 when code is
 * already a candidature (*first_line is then the line of the first).
 */
int cov_tally_candidature(cov_tally *t, const char *code, const char *nom,
                          const char *departement, const char *type,
                          unsigned long line, unsigned long *first_line);

/*
 * Records that the candidature code declares the service id (the
 * services_declares column): its coverage.json entry then has a
 * "coherence" object.  Returns 0, 1 when the id is not in the référentiel
 * (kept in declares_inconnus), -1 when code is not a candidature.
 */
int cov_tally_declare(cov_tally *t, const char *code, const char *service);

/* Number of candidatures recorded. */
size_t cov_tally_n_candidatures(const cov_tally *t);

/* Retained actions counted for code (R-scope), 0 when never named. */
unsigned long cov_tally_actions(const cov_tally *t, const char *code);

/* Returns 1 when a retained action of code covers the service id, else 0. */
int cov_tally_covers(const cov_tally *t, const char *code, const char *service);

/*
 * Services cited by actions but absent from the référentiel, sorted by
 * id: returns their number; when i is below it, sets *id (borrowed),
 * *actions (actions citing it) and *first_line.
 */
size_t cov_tally_unknown(cov_tally *t, size_t i, const char **id,
                         unsigned long *actions, unsigned long *first_line);

/*
 * A share k/n in percent, rounded half up to one decimal, as an integer
 * number of tenths: 2/3 -> 667, 1/3 -> 333, 1/1 -> 1000.  0 when n is 0.
 */
unsigned cov_share_tenths(unsigned long k, unsigned long n);

/*
 * The share k/n as a new JSON number: an integer when it is whole (100,
 * 0, 50), else a real with one decimal (66.7) that the writer prints
 * without float noise.  The caller owns the reference.
 */
json_t *cov_share_json(unsigned long k, unsigned long n);

/*
 * Writes coverage.json (schemas/coverage.schema.json) to fp: millésime,
 * the référentiel's counts, the collectivités sorted by code (bytewise),
 * each with its counts per axe and per enjeu, the national view and the
 * unknown services; with candidatures, each collectivité's identity,
 * "candidature" and "coherence", and the national view out of the
 * candidatures only; indented by 2, keys in a fixed order, UTF-8 raw,
 * no locale dependence.  Builds one collectivité at a time.  Returns 0,
 * or -1 on a write error (errno set).
 */
int cov_tally_write(cov_tally *t, FILE *fp);

#endif
