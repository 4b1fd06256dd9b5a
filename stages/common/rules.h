/*
 * rules.h - the millésime's rules file (input/<millésime>/rules.json,
 * schemas/rules.schema.json): everything of the label that varies by year.
 *
 * Read by filter (R-window, R-statut), decide (R-min, R-first, R-five,
 * R-drop, R-alert, R-mention, closing date), render (ceremony date and
 * place, panel minimum size: R-panel) and coverage (référentiel counts).
 *
 * Example:
 *     char why[256];
 *     ar_rules *r = ar_rules_load("rules.json", why, sizeof why);
 *     if (r == NULL) report why;  ...  ar_rules_free(r);
 */
#ifndef AROBASE_RULES_H
#define AROBASE_RULES_H

#include <stddef.h>

/* Action statuses (DESIGN.md glossary: statut), as bits. */
enum ar_statut {
	AR_STATUT_PREVUE = 1,
	AR_STATUT_EN_COURS = 2,
	AR_STATUT_REALISEE = 4
};

/*
 * The rules of one millésime, as ar_rules_load checked them.  The strings
 * belong to the structure and are freed by ar_rules_free; the dates are
 * NUL-terminated ISO yyyy-mm-dd.
 */
typedef struct ar_rules {
	int millesime;            /* label year printed on the panel (2018) */
	int annee_participation;  /* participation year N = millésime - 1 */
	int fenetre_premiere;     /* R-window: first year counted, inclusive */
	int fenetre_derniere;     /* R-window: last year counted, inclusive */
	unsigned statuts_retenus; /* R-statut: OR of enum ar_statut */
	int arobases_min;         /* R-min: lowest level (1) */
	int arobases_max;         /* highest level (5) */
	int max_premiere;         /* R-first: cap of a first participation (4) */
	int perte_max;            /* R-drop: arobases that may be lost (1) */
	int recul_max_annees;     /* R-drop/R-alert: look-back in years (3) */
	char **mentions;          /* R-mention: the millésime's list, UTF-8 NFC */
	size_t n_mentions;        /* number of mentions */
	char cloture[11];         /* closing date of dossiers, ISO yyyy-mm-dd */
	char jury[11];            /* jury date, ISO */
	char ceremonie[11];       /* ceremony date, ISO */
	char *lieu_ceremonie;     /* ceremony place, UTF-8 (may be "") */
	double panneau_largeur_min_mm; /* R-panel: minimum panel width, mm */
	double panneau_hauteur_min_mm; /* R-panel: minimum panel height, mm */
	int ref_axes;             /* announced number of axes (4), 0 if unknown */
	int ref_enjeux;           /* announced number of enjeux (16), 0 if unknown */
	int ref_services;         /* announced number of services, 0 if unknown */
} ar_rules;

/*
 * Loads and checks a rules file (UTF-8 JSON): every field's type and range,
 * annee_participation = millesime - 1, the window ending with the
 * participation year (R-window, FAQ Évaluation 1°), real calendar days,
 * closing <= jury <= ceremony, the ceremony in the participation year or the
 * millésime's.  Returns a new ar_rules the
 * caller frees with ar_rules_free, or NULL with a message naming the
 * field at fault written to why (at most whylen bytes; errno is ENOENT
 * when the file does not exist, EINVAL when its content is wrong).
 */
ar_rules *ar_rules_load(const char *path, char *why, size_t whylen);

/* Frees r.  NULL does nothing. */
void ar_rules_free(ar_rules *r);

/*
 * Maps a normalised statut ("prevue", "en_cours", "realisee") to its bit,
 * or 0 when unknown.
 */
unsigned ar_statut_from_name(const char *name);

/* Returns 1 when the mention (UTF-8 NFC) is in the millésime's list (R-mention, art. 8.3). */
int ar_rules_has_mention(const ar_rules *r, const char *mention);

/*
 * Checks an ISO date "yyyy-mm-dd" (proleptic Gregorian, 1 <= year <= 9999).
 * Returns 1 when it names a real day, else 0.
 */
int ar_iso_date_valid(const char *s);

#endif
