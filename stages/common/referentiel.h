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
 * Example:
 *     unsigned long line; char why[300];
 *     ar_referentiel *ref = ar_referentiel_load("referentiel.json", &line, why, sizeof why);
 *     if (ref == NULL) report why (at line when line > 0);
 *     size_t s = ar_referentiel_find_service(ref, "S201");   ...   ar_referentiel_free(ref);
 */
#ifndef AROBASE_REFERENTIEL_H
#define AROBASE_REFERENTIEL_H

#include <stddef.h>

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
