/*
 * history.h - past palmarès (input/history/): what decide knows of the
 * earlier candidatures of every collectivité, for the label's rules
 * (label.h) and the jury's book.
 *
 * The history folder holds every *.csv but aliases.csv, each with the
 * columns millesime,nom,departement,type,arobases,mention,source (the
 * shape of the published lists), optionally code and alerte, a file
 * possibly holding several millésimes; sources.json (schema
 * history-sources.schema.json) says for each file whether it is complete
 * for its millésime; a file it does not name, or a folder without it, is
 * partial.  aliases.csv (nom,departement,code) names what cannot be
 * resolved alone; its code may be "etranger" (a foreign collectivité).
 *
 * Names resolve against the candidatures first, then the aliases, then the
 * collectivités directory (collectivites.h).  Records of one collectivité
 * and one millésime are merged; two different levels are an error naming
 * both files.  Nothing here prints or exits: problems are kept as
 * diagnostics the caller reports.
 *
 * Example:
 *     ar_history *h = ar_history_load("input/history", why, sizeof why);
 *     ar_history_resolve(h, cands, ncands, dir);   (dir may be NULL)
 *     ar_history_merge(h);
 *     for (i = 0; i < ar_history_ndiags(h); i++) report ar_history_diag_at(h, i);
 *     n = ar_history_past(h, "35238", &earlier);   ... free(earlier);
 *     ar_history_free(h);
 */
#ifndef AROBASE_HISTORY_H
#define AROBASE_HISTORY_H

#include <stddef.h>

#include "collectivites.h"
#include "label.h"

typedef struct ar_history ar_history;

/* One row of a history file.  Strings are UTF-8 and belong to the history. */
typedef struct ar_history_record {
	const char *fichier;    /* file name inside the folder ("palmares-2017.csv") */
	unsigned long ligne;    /* physical line of the row (1-based, header = 1) */
	int millesime;          /* millésime of the candidature */
	const char *nom;        /* name as written */
	const char *departement;/* département as written, "" when not given */
	const char *type;       /* ville, village, territoire or "" */
	int arobases;           /* 1..5, 0 when not given */
	const char *mention;    /* mention(s) as written, "" when none */
	const char *source;     /* where the list was published, "" when not given */
	int alerte;             /* enum ar_alerte */
	int complet;            /* 1 when its file is complete for this millésime */
	const char *code;       /* the collectivité's code once resolved, else NULL */
	int etranger;           /* 1 when an alias says it is foreign (code stays NULL) */
	const char *resolu_par; /* "code", "candidatures", "aliases", "collectivites" or NULL */
	const char *proches;    /* unresolved: the nearest names, "" when none (else NULL) */
} ar_history_record;

/* A problem found in the history, for the caller to report. */
typedef struct ar_history_diag {
	const char *fichier;    /* file name inside the folder, or "" for the folder itself */
	unsigned long ligne;    /* physical line, 0 for the whole file */
	const char *champ;      /* column concerned, or NULL */
	const char *message;    /* what is wrong, English, UTF-8 */
	int error;              /* 1: an error (bad data, exit 65); 0: a warning */
	int unresolved;         /* 1: a name left unresolved (the caller decides its weight) */
} ar_history_diag;

/* A candidature, the first place a history name resolves to. */
typedef struct ar_history_candidat {
	const char *code;        /* its code (borrowed) */
	const char *nom;         /* its name, UTF-8 (borrowed) */
	const char *departement; /* its département code (borrowed) */
} ar_history_candidat;

/* ------------------------------------------------------------ lifecycle */

/*
 * Reads sources.json, aliases.csv and every other *.csv of the folder dir,
 * in byte order of their names.  Returns a new history the caller frees
 * with ar_history_free, or NULL with errno set and why filled (at most
 * whylen bytes) when the folder cannot be opened.  A file that cannot be
 * read (missing or duplicated column, bad encoding, broken quoting), a bad
 * record (millésime not a year, arobases not 1 to 5) and a bad sources.json
 * are error diagnostics; the readable rest is kept.
 */
ar_history *ar_history_load(const char *dir, char *why, size_t whylen);

/* Frees h.  NULL does nothing. */
void ar_history_free(ar_history *h);

/* ------------------------------------------------------------ core */

/*
 * Gives every record without a code one, from its name and département:
 * a single candidature bearing that name (in that département when one is
 * given), else an alias, else the directory dir (may be NULL: skipped; a
 * commune that merged gives the commune nouvelle's code).  A name left
 * unresolved gets a diagnostic with unresolved = 1 naming the nearest
 * candidatures and directory entries.  cands (n entries) is borrowed for
 * the call only.
 */
void ar_history_resolve(ar_history *h, const ar_history_candidat *cands, size_t n,
                        const ar_collectivites *dir);

/*
 * Merges the records of one collectivité and one millésime (call after
 * ar_history_resolve): two different levels are an error diagnostic naming
 * both files and lines.  Returns the number of such conflicts.
 */
size_t ar_history_merge(ar_history *h);

/*
 * The earlier candidatures of the collectivité code (one per millésime,
 * merged, in increasing millésime): *out receives a new array the caller
 * frees with free() (NULL when none).  Returns the count.
 */
size_t ar_history_past(const ar_history *h, const char *code, ar_label_earlier **out);

/*
 * What the history knows of absence, for label.h: fills p->complete and
 * p->n_complete (borrowed from h) and p->premier_millesime (sources.json's
 * "premier_millesime", 0 when absent).  p->earlier is left alone.
 */
void ar_history_knowledge(const ar_history *h, ar_label_past *p);

/* ------------------------------------------------------------ extras */

/* Number of records, and record i (borrowed from h). */
size_t ar_history_count(const ar_history *h);
const ar_history_record *ar_history_record_at(const ar_history *h, size_t i);

/* Number of diagnostics, and diagnostic i (borrowed from h), in the order found. */
size_t ar_history_ndiags(const ar_history *h);
const ar_history_diag *ar_history_diag_at(const ar_history *h, size_t i);

/* 1 when the file named fichier is declared complete by sources.json, else 0. */
int ar_history_file_complete(const ar_history *h, const char *fichier);

/* Number of history files read, and the name of file i (borrowed). */
size_t ar_history_nfiles(const ar_history *h);
const char *ar_history_file_at(const ar_history *h, size_t i);

#endif
