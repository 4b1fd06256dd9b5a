/*
 * action.h - one row of an actions export turned into the action object of
 * actions.ndjson (schemas/action.schema.json), or into the reason it is
 * rejected, for arobase-ingest.
 *
 * Example:
 *     ar_action_map m = {0};  ar_action_map_header(&m, h, cells..., why) once per file;
 *     ar_verdict v;
 *     json_t *a = ar_action_build(&m, cells, lens, n, dir, &v);
 *     if (a == NULL) reject with v.field, v.reason, v.motif;
 */
#ifndef AROBASE_INGEST_ACTION_H
#define AROBASE_INGEST_ACTION_H

#include <stddef.h>

#include <jansson.h>

#include "collectivites.h"
#include "fields.h"

/* Where each field is in a file's rows: the result of reading its header. */
typedef struct ar_action_map {
	long col[AR_F_COUNT];   /* column (0-based) of each field, -1 when absent */
	size_t ncols;           /* number of header cells */
	char **names;           /* header cells as written (UTF-8), ncols of them */
	int linked;             /* set by the caller before ar_action_map_header:
	                         * 1 for the Actions sheet of a folder, whose
	                         * collectivités and services come from the link
	                         * sheets (no column may name them) */
} ar_action_map;

/*
 * Reads a header row (n cells, cells[i] of lens[i] bytes) into m, which the
 * caller frees with ar_action_map_free.  Returns 0, or -1 with a message in
 * why naming the field and the columns (1-based) at fault: a field named by
 * two columns ("Statut: columns 5 and 9 both name the field statut"), or a
 * required field without a column.
 */
int ar_action_map_header(ar_action_map *m, const ar_headers *h, const char *const *cells,
                         const size_t *lens, size_t n, char *why, size_t whylen);

/*
 * Frees the header names m holds and empties it; m itself belongs to the
 * caller.  Safe on a map that was never filled or already freed.
 */
void ar_action_map_free(ar_action_map *m);

/* Why a row is rejected; the order is that of the summary line. */
enum ar_reason {
	AR_R_NUL,           /* a NUL byte in a cell */
	AR_R_CELLS,         /* more non-empty cells than header columns */
	AR_R_ID,            /* empty Id_Action */
	AR_R_STATUT,        /* unknown status */
	AR_R_DATE,          /* unreadable or impossible date */
	AR_R_NO_COLL,       /* empty Collectivité */
	AR_R_BAD_CODE,      /* a collectivité code of the wrong shape */
	AR_R_UNKNOWN_CODE,  /* a collectivité code not in the directory */
	AR_R_SERVICE,       /* a service id of the wrong shape */
	AR_R_DUPLICATE,     /* an Id_Action seen again (decided by the caller) */
	AR_R_NO_KEY,        /* a sheet row without its id (Id_Service, Id_Lieu, Id_Action of a link) */
	AR_R_DUP_KEY,       /* an Id_Service or Id_Lieu seen again in its sheet */
	AR_R_UNKNOWN_ACTION, /* a link row naming an action the Actions sheet lacks */
	AR_R_UNKNOWN_REF,   /* a link row naming an unknown service or lieu */
	AR_R_LIEU_CODE,     /* a Lieu without a code, or a link to such a Lieu */
	AR_R_COUNT
};

/* A short English label of reason for the summary line ("unknown status"; static text). */
const char *ar_reason_label(enum ar_reason r);

/* The reason a row was rejected. */
typedef struct ar_verdict {
	enum ar_reason reason;  /* why */
	long col;               /* column (0-based) at fault, -1 for the row */
	char motif[512];        /* message, UTF-8: "unknown status \"Abandonnée\"" */
} ar_verdict;

/*
 * Builds the action of a row: n cells (cells[i], lens[i] bytes, UTF-8, may
 * hold NUL bytes), m from the file's header, dir the collectivités
 * directory (NULL: codes are checked for their shape only).  Text is
 * normalised to NFC and line ends inside cells to LF.  Returns a new object
 * (id_action, titre, sous_titre, synthese, statut, date, collectivites,
 * services; the caller adds source and json_decref()s it), or NULL with *v
 * filled.
 */
json_t *ar_action_build(const ar_action_map *m, const char *const *cells, const size_t *lens,
                        size_t n, const ar_collectivites *dir, ar_verdict *v);

/* What the link sheets of a folder give one action (see sheets.h). */
typedef struct ar_links {
	const char *colls;      /* collectivité codes, one per line (UTF-8) */
	size_t colls_len;       /* its length in bytes */
	const char *servs;      /* service ids, one per line */
	size_t servs_len;       /* its length in bytes */
} ar_links;

/*
 * As ar_action_build, for a row of the Actions sheet of a folder (m read
 * with m->linked set): the collectivités and services are those of lk
 * (borrowed), checked as the cells of a flat export are.  lk NULL is
 * ar_action_build.
 */
json_t *ar_action_build_linked(const ar_action_map *m, const char *const *cells,
                               const size_t *lens, size_t n, const ar_links *lk,
                               const ar_collectivites *dir, ar_verdict *v);

/*
 * Checks a row as ar_action_build_linked does, without building its object
 * (lk may be NULL, as there).  Returns 0 for a row it would accept, with its
 * Id_Action (NFC, trimmed; a new string the caller frees) in *id and its
 * date (ISO, "YYYY-MM-DD" and the NUL) in iso; or -1 with *v filled as
 * ar_action_build_linked fills it.
 */
int ar_action_check_linked(const ar_action_map *m, const char *const *cells,
                           const size_t *lens, size_t n, const ar_links *lk,
                           const ar_collectivites *dir, char **id, char iso[11],
                           ar_verdict *v);

/* 1 when every one of the n cells is empty. */
int ar_row_is_empty(const size_t *lens, size_t n);

#endif
