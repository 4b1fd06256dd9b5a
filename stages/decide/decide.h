/*
 * decide.h - the data of arobase-decide: the candidatures, the coverage
 * summary, the jury's rows, and the checks of the label's rules on them.
 *
 * main.c reads the inputs through these functions, reports what they
 * record, and writes the jury book or the palmarès (output.c).  Nothing
 * here prints or exits; problems are returned as messages (dc_msg) with
 * their file, line and field for main.c to report.
 *
 * Example:
 *     dc_run run;  dc_init(&run, rules);
 *     dc_read_candidatures(&run, "candidatures.csv");
 *     dc_read_coverage(&run, "coverage.json");
 *     dc_read_jury(&run, "jury.csv");   dc_check(&run);
 *     ... report run.msgs ...;  dc_free(&run);
 */
#ifndef AROBASE_DECIDE_H
#define AROBASE_DECIDE_H

#include <stddef.h>

#include <jansson.h>

#include "collectivites.h"
#include "history.h"
#include "label.h"
#include "rules.h"

/* The weight of a message. */
enum dc_level {
	DC_WARN = 0,     /* odd but harmless, or a rule that cannot be checked */
	DC_REJECT,       /* a bad jury row: to the rejects file (exit 65 under --strict) */
	DC_ERROR         /* bad data or a rule broken without derogation: exit 65 */
};

/* One message for main.c to report.  Strings are owned by the run. */
typedef struct dc_msg {
	int level;             /* enum dc_level */
	char *fichier;         /* file as given on the command line, or NULL */
	unsigned long ligne;   /* physical line, 0 for the whole file */
	char *champ;           /* column, or NULL */
	char *texte;           /* what is wrong, UTF-8 */
	json_t *reject;        /* DC_REJECT: the rejects line (owned), else NULL */
} dc_msg;

/* A derogation kept in the palmarès. */
typedef struct dc_derog {
	const char *regle;     /* rule id (static) */
	const char *article;   /* its article (static) */
} dc_derog;

/* One candidature and everything decide learns about it. */
typedef struct dc_cand {
	char *code;            /* INSEE code or SIREN, as written */
	char *nom;             /* name, UTF-8 */
	char *departement;     /* département code */
	char *type;            /* ville, village or territoire (or what was written) */
	int adherent;          /* 1 member, 0 not (R-member) */
	char *date_validation; /* ISO date, "" when never validated */
	unsigned long ligne;   /* line in candidatures.csv */

	char *region;          /* région code from the directory, or NULL */
	char *region_nom;      /* that région's name ("Hauts-de-France"), or NULL */
	long population;       /* population from the directory, -1 unknown */

	const char *refus_regle;   /* refused: rule id ("R-member", "R-kind"), else NULL */
	const char *refus_article; /* refused: its article */
	char *refus_motif;         /* refused: why, in French (for the jury's files) */
	char *refus_why;           /* refused: the same in English (for messages) */
	char *pays;                /* foreign collectivité: its country as written
	                              (candidatures.csv "pays"), else NULL */

	ar_label_earlier *past;    /* earlier candidatures (owned), by millésime */
	size_t npast;              /* their number */
	ar_label_range range;      /* allowed range this year */

	json_t *couverture;        /* its coverage.json entry (owned reference), or NULL */

	int decided;           /* 1 once an accepted jury row gives its arobases */
	int arobases;          /* the jury's level */
	char **mentions;       /* the jury's mentions, canonical spelling (owned) */
	size_t nmentions;      /* number of entries in mentions */
	int alerte;            /* 1 when the jury gives an alerte for next time */
	int hors_concours;     /* 1 when cited out of competition: the jury says so, or
	                          the collectivité is foreign (R-kind, art. 3) */
	char *derogation;      /* the jury's derogation reason, byte for byte, or NULL */
	unsigned long jury_ligne; /* its line in jury.csv, 0 without */
	dc_derog derogs[AR_LABEL_NRULES + 2]; /* rules derogated */
	size_t nderogs;        /* number of entries used in derogs */
	ar_label_finding unchecked[AR_LABEL_NRULES]; /* rules that cannot be checked */
	size_t nunchecked;     /* number of entries used in unchecked */
} dc_cand;

/* The whole run. */
typedef struct dc_run {
	const ar_rules *rules;         /* borrowed */
	const ar_collectivites *dir;   /* borrowed, may be NULL */
	ar_history *history;           /* borrowed, may be NULL */
	dc_cand *cands;                /* sorted by code after dc_read_candidatures */
	size_t ncands;                 /* number of candidatures in cands */
	dc_msg *msgs;                  /* every message, in order found */
	size_t nmsgs;                  /* number of messages in msgs */
	unsigned long jury_rows;       /* records read from jury.csv */
	unsigned long jury_rejected;   /* of which rejected */
	unsigned long violations;      /* rule violations without derogation */
	unsigned long derogations;     /* violations covered by a derogation */
	unsigned long cannot_check;    /* cannot-check findings on decisions */
	unsigned long unknown_mentions; /* mentions outside the millésime's list */
	unsigned long errors;          /* DC_ERROR messages */
} dc_run;

/*
 * Sets up run, every field zeroed, for rules (borrowed: keep it alive until
 * dc_free); dir and history may be set after.  Never fails.
 */
void dc_init(dc_run *run, const ar_rules *rules);

/* Frees everything run owns.  Safe on a run just initialised. */
void dc_free(dc_run *run);

/*
 * Reads candidatures.csv (code;nom;departement;type;adherent;date_validation,
 * and optionally pays; any delimiter and encoding csvfile.h reads; path "-"
 * reads standard input).  A candidature whose pays is given and is not
 * France, or whose code is "etranger" (pays then required), is a foreign
 * collectivité: not looked up in the directory, evaluated hors concours
 * (R-kind, art. 3).  A file error is a DC_ERROR message and returns -1; a
 * bad row (unknown type, adherent not oui/non, a date that is not ISO, a
 * duplicated code) is a DC_ERROR too and returns 0.  With a directory,
 * codes are looked up: population, région and the région's name are
 * filled, and a département or a région is refused (R-kind, art. 3).
 * Non-members are refused (R-member, art. 4), dossiers never validated too.
 */
int dc_read_candidatures(dc_run *run, const char *path);

/*
 * Reads coverage.json (the full shape or the minimal one: code,
 * actions_retenues, enjeux) and attaches each entry to its candidature.
 * path "-" reads standard input.  Returns 0, or -1 with a DC_ERROR message.
 */
int dc_read_coverage(dc_run *run, const char *path);

/*
 * Computes every candidature's earlier candidatures and allowed range from
 * run->history (may be NULL: nothing known).
 */
void dc_ranges(dc_run *run);

/*
 * Reads jury.csv (code;nom;arobases;mentions;alerte;hors_concours;derogation;
 * path "-" reads standard input): every row is counted; a bad one (unknown
 * or repeated code, a nom that is not the candidature's once folded with
 * ar_text_fold (an empty nom is accepted), arobases unreadable or out of
 * the rules' range, a bad oui/non cell, a NUL byte, too many cells) is a
 * DC_REJECT message carrying its rejects line, and the candidature its code
 * names, if any, keeps the row's line in jury_ligne (undecided: its row was
 * rejected); an unknown mention is a DC_ERROR quoting the millésime's list,
 * counted in unknown_mentions.  Returns 0, or -1 after a file error (a
 * DC_ERROR message: unreadable file, no header, a missing or duplicated
 * column, a broken record); the caller then reports that error alone.
 */
int dc_read_jury(dc_run *run, const char *path);

/*
 * Checks every decision against its range (R-min, R-first, R-five, R-drop,
 * R-alert: label.h gives each rule's article) and the refusals: a violation
 * with a derogation is kept in the candidature, without one it is a
 * DC_ERROR naming the collectivité, rule, article, allowed range and
 * decision; a rule that cannot be checked is a DC_WARN.  jury_path is the
 * jury file as given on the command line, named in those messages with the
 * row's line (borrowed for the call).
 */
void dc_check(dc_run *run, const char *jury_path);

/* Returns the candidature of code code (borrowed from run), or NULL. */
dc_cand *dc_find(const dc_run *run, const char *code);

/* Returns the last path component of path (borrowed from path). */
const char *dc_basename(const char *path);

#endif
