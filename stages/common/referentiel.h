/*
 * referentiel.h - the millésime's référentiel (referentiel.json,
 * schemas/referentiel.schema.json): 4 axes -> 16 enjeux -> usages ->
 * about 139 services.  It changes every year; it is data, never code.
 *
 * Read by coverage (which services an action covers, per enjeu and axe)
 * and render (the mosaïque layout).  Loading checks what makes a
 * référentiel unusable: a duplicate service, enjeu, axe or usage id, a
 * service under two enjeux, an enjeu under two axes; a separate call
 * compares its counts with those the rules announce (rules.json,
 * "referentiel").
 *
 * The référentiel may also be read from the platform's *Services* sheet
 * saved as CSV (ar_referentiel_load_sheet, in referentiel_sheet.c) and
 * written back as referentiel.json (ar_referentiel_write): both forms give
 * the same structure.
 *
 * Example:
 *     unsigned long line; char why[300];
 *     ar_referentiel *ref = ar_referentiel_load("referentiel.json", &line, why, sizeof why);
 *     if (ref == NULL) report why (at line when line > 0);
 *     size_t s = ar_referentiel_find_service(ref, "S201");   ...   ar_referentiel_free(ref);
 */
#ifndef AROBASE_REFERENTIEL_H
#define AROBASE_REFERENTIEL_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "csvfile.h"

/* Returned by ar_referentiel_find_service for an id not in the référentiel. */
#define AR_REF_NONE ((size_t)-1)

/* One axe (for example "1", "Démocratie et services publics"). */
typedef struct ar_ref_axe {
	char *id;              /* stable id, UTF-8 */
	char *nom;             /* label, UTF-8 NFC */
	size_t first_enjeu;    /* index of its first enjeu in ar_referentiel.enjeux */
	size_t n_enjeux;       /* number of its enjeux (contiguous) */
	size_t first_service;  /* index of its first service */
	size_t n_services;     /* number of its services (contiguous) */
} ar_ref_axe;

/* One enjeu de développement local (for example "2.1", "Médiation"). */
typedef struct ar_ref_enjeu {
	char *id;              /* stable id, UTF-8 */
	char *nom;             /* label, UTF-8 NFC */
	size_t axe;            /* index of its axe */
	size_t first_usage;    /* index of its first usage */
	size_t n_usages;       /* number of its usages (contiguous) */
	size_t first_service;  /* index of its first service */
	size_t n_services;     /* number of its services (contiguous; may be 0) */
} ar_ref_enjeu;

/* One usage, the level between an enjeu and its services. */
typedef struct ar_ref_usage {
	char *id;              /* stable id, UTF-8 */
	char *nom;             /* label, UTF-8 NFC */
	size_t enjeu;          /* index of its enjeu */
	size_t first_service;  /* index of its first service */
	size_t n_services;     /* number of its services (contiguous) */
} ar_ref_usage;

/* One service (for example "S201", "Ateliers de médiation numérique"). */
typedef struct ar_ref_service {
	char *id;              /* stable id, as actions cite it */
	char *nom;             /* label, UTF-8 NFC */
	size_t usage;          /* index of its usage */
	size_t enjeu;          /* index of its enjeu */
	size_t axe;            /* index of its axe */
} ar_ref_service;

/*
 * A loaded référentiel.  Every array is in the file's order (axes, then
 * their enjeux, usages and services depth first), so the services of an
 * enjeu or an axe are contiguous.  All memory belongs to the structure.
 */
typedef struct ar_referentiel {
	int millesime;            /* label year the référentiel is for */
	int exemple;              /* 1 when the file says it is an example */
	char *note;               /* "note" of the file, or NULL */
	char *source;             /* "source" of the file (the sheet it came from), or NULL */
	ar_ref_axe *axes;         /* the axes */
	size_t n_axes;            /* their number */
	ar_ref_enjeu *enjeux;     /* the enjeux */
	size_t n_enjeux;          /* their number */
	ar_ref_usage *usages;     /* the usages */
	size_t n_usages;          /* their number */
	ar_ref_service *services; /* the services */
	size_t n_services;        /* their number */
	size_t *by_id;            /* service indices sorted by id (strcmp), for lookup */
} ar_referentiel;

/*
 * Loads and checks a référentiel (UTF-8 JSON, duplicate keys refused).
 * Returns a new ar_referentiel the caller frees with ar_referentiel_free,
 * or NULL with a message written to why (at most whylen bytes) that starts
 * with the JSON path at fault, for example
 *     axes[1].enjeux[0].usages[0].services[2].id: duplicate service id "S201"
 * *line is set to the physical line of a JSON syntax error, else 0.
 * errno is ENOENT when the file cannot be opened (why then holds
 * strerror), EINVAL when its content is wrong.
 */
ar_referentiel *ar_referentiel_load(const char *path, unsigned long *line,
                                    char *why, size_t whylen);

/*
 * Builds and checks a référentiel from a parsed referentiel.json (root is
 * borrowed).  Returns a new ar_referentiel (free with ar_referentiel_free),
 * or NULL with a message in why that starts with the JSON path at fault,
 * as ar_referentiel_load.
 */
ar_referentiel *ar_referentiel_from_json(json_t *root, char *why, size_t whylen);

/* The form of a référentiel file, told by its first bytes. */
enum ar_ref_form {
	AR_REF_JSON,   /* referentiel.json: the first byte that is not a space is '{' */
	AR_REF_SHEET   /* anything else: the platform's Services sheet as CSV */
};

/*
 * Tells the form of the file at path from its first bytes (a UTF-8 BOM
 * and white space skipped).  Returns 0 with *form set, or -1 with errno
 * set when the file cannot be opened or read.
 */
int ar_referentiel_sniff(const char *path, enum ar_ref_form *form);

/*
 * Receives one error of a Services sheet: line is the physical line
 * (1-based, counting a "sep=" line and the header; 0 for the whole file),
 * field the column as the file's header names it (NULL when none), msg
 * the message (UTF-8).  All borrowed for the call only.
 */
typedef void ar_ref_report_fn(void *ctx, unsigned long line, const char *field,
                              const char *msg);

/*
 * Reads the platform's *Services* sheet saved as CSV (any encoding and
 * delimiter csvfile.h reads; opt may be NULL for "auto"): the columns
 * Id_Service, Axe, Enjeu de développement, Usage and Service, found by
 * their header compared without case, accents or surrounding spaces (other
 * columns are ignored); one row per service.
 *
 * Labels are written "N. Label" (or "N Label", "N) Label", "1.2 Label"):
 * the number gives the id, the rest the name.  An axe's id is its number;
 * an enjeu's is "axe.N" ("1.2") when its label has one number N, the
 * label's own number when it has two and the first is the axe's; a
 * usage's is "axe.enjeu.N" likewise ("1.2.3").  A label without a number
 * takes the next position among its parent's children.  The tree keeps
 * the order in which the sheet first names each axe, enjeu, usage and
 * service.  An enjeu is the same enjeu wherever its cell reads the same
 * (compared without case or accents); a usage, within its enjeu.
 *
 * Checks, each error reported through report with its line and column:
 * a missing or duplicated column, an empty cell, a duplicate service id,
 * a service under two enjeux, an enjeu under two axes, an id derived
 * twice for different labels, a number that contradicts its parent's.
 * Every error is reported, not only the first.
 *
 * millesime (label year, 1990 to 2200) is recorded in the result, the
 * sheet has none; source is recorded as the file's base name.  Returns a
 * new ar_referentiel (free with ar_referentiel_free), or NULL when
 * anything was reported; errno is then ENOENT when the file cannot be
 * opened, else EINVAL.
 */
ar_referentiel *ar_referentiel_load_sheet(const char *path, int millesime,
                                          const ar_csv_options *opt,
                                          ar_ref_report_fn *report, void *ctx);

/*
 * Writes ref as referentiel.json (schemas/referentiel.schema.json) to fp:
 * keys millesime, exemple, note and source (when set), axes; indented by
 * 2, UTF-8 raw, ending with a newline; the same bytes in any locale.
 * Returns 0, or -1 on a write error (errno set).
 */
int ar_referentiel_write(const ar_referentiel *ref, FILE *fp);

/* Frees ref.  NULL does nothing. */
void ar_referentiel_free(ar_referentiel *ref);

/*
 * Returns the index in ref->services of the service with this id, or
 * AR_REF_NONE.  O(log n).
 */
size_t ar_referentiel_find_service(const ar_referentiel *ref, const char *id);

/*
 * Compares the référentiel's counts with those the rules announce (issue:
 * the règlement announces 16 enjeux and a number of services).  A count of
 * 0 means "not announced" and is not checked.  Returns 0 when they agree,
 * else -1 with a message such as "enjeux: 4 in the référentiel, the rules
 * announce 16" in why (every differing count, separated by "; ").
 */
int ar_referentiel_check_counts(const ar_referentiel *ref, int axes,
                                int enjeux, int services,
                                char *why, size_t whylen);

#endif
