/*
 * fields.h - the columns of an actions export and the values in them, for
 * arobase-ingest: header names (through the alias table schemas/headers.json),
 * statuses, collectivité codes and service lists.
 *
 * Header names are compared on their folded form (text.h ar_text_fold: no
 * case, accents, surrounding spaces or punctuation), so "Sous-titre ",
 * "SOUS TITRE", "Collectivité :" and "Id_Action" all match their aliases.
 *
 * Example:
 *     ar_headers *h = ar_headers_new();
 *     if (ar_headers_load(h, "schemas/headers.json", why, sizeof why) < 0) ...
 *     enum ar_field f = ar_headers_field(h, "Sous-titre ");   -> AR_F_SOUS_TITRE
 *     ar_headers_free(h);
 */
#ifndef AROBASE_INGEST_FIELDS_H
#define AROBASE_INGEST_FIELDS_H

#include <stddef.h>

/* The fields of an action that ingest reads. */
enum ar_field {
	AR_F_ID_ACTION,
	AR_F_TITRE,
	AR_F_SOUS_TITRE,
	AR_F_SYNTHESE,
	AR_F_STATUT,
	AR_F_DATE,
	AR_F_COLLECTIVITES,
	AR_F_SERVICES,
	AR_F_ID_SERVICE,    /* a service's id: the services of a flat export, the key of the Services sheet */
	AR_F_ID_LIEU,       /* a Lieu's id, in the Lieux and Liaison Lieux sheets */
	AR_F_COUNT,         /* number of fields */
	AR_F_NONE = -1      /* a column ingest does not read */
};

/* The field's name in actions.ndjson ("id_action", "sous_titre", ...; static text). */
const char *ar_field_key(enum ar_field f);

/* 1 when a flat export must have a column for f (all but sous_titre, synthese and the ids of sheets). */
int ar_field_required(enum ar_field f);

/* The table of header aliases, from the folded header to its field: opaque. */
typedef struct ar_headers ar_headers;

/* A table holding the built-in aliases (the content of schemas/headers.json). Free with ar_headers_free. */
ar_headers *ar_headers_new(void);

/*
 * Adds the aliases of a JSON file shaped like schemas/headers.json:
 * {"aliases": {"id_action": ["Id_Action", ...], ...}}.  Returns 0, or -1
 * with a message in why (errno ENOENT when the file is missing, EINVAL when
 * its content is wrong: an unknown field, a non-string alias, an alias
 * already given to another field).
 */
int ar_headers_load(ar_headers *h, const char *path, char *why, size_t whylen);

/* Frees h.  NULL does nothing. */
void ar_headers_free(ar_headers *h);

/*
 * The field a header cell names (len bytes of UTF-8 at name, which may hold
 * NUL bytes: such a header names nothing), or AR_F_NONE.
 */
enum ar_field ar_headers_field(const ar_headers *h, const char *name, size_t len);

/*
 * Maps a status as written in an export (UTF-8 NFC, any case and accents:
 * "Réalisée", "REALISE", "Terminée", "en cours", "Prévu") to "prevue",
 * "en_cours" or "realisee" (static strings), or NULL when unknown.
 */
const char *ar_statut_parse(const char *s);

/*
 * Normalises one collectivité code, the len bytes at s (UTF-8, surrounding
 * spaces ignored), into out (16 bytes): an INSEE code of 5 characters (digits, or 2A/2B and 3 digits,
 * upper-cased), a 4-digit code gets back the leading zero a spreadsheet
 * dropped ("1004" -> "01004"), a SIREN of 9 digits (spaces inside allowed).
 * Returns 0, or -1 when s is not shaped like a code.
 */
int ar_code_normalise(const char *s, size_t len, char out[16]);

/*
 * Splits a cell holding several codes or services ("S012, S077",
 * "S012;S077", "S012 | S077", one per line) into items: each separator run
 * of ',', ';', '|', spaces, tabs and line ends ends one.  Calls fn(item, len,
 * arg) for each non-empty item in order; stops and returns fn's value when it
 * is not 0, else returns 0.
 */
int ar_split_list(const char *s, size_t len, int (*fn)(const char *, size_t, void *), void *arg);

#endif
