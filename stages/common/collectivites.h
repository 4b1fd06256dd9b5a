/*
 * collectivites.h - the directory of French collectivités (INSEE code
 * officiel géographique as published by Etalab in
 * @etalab/decoupage-administratif), and the resolution of a reference to
 * a candidate: a code or a name as staff type it.
 *
 * Used by ingest (the collectivités of an action), decide (candidatures,
 * history and aliases; R-kind, art. 3) and render (names, départements,
 * régions and population classes of the palmarès).  The directory is read
 * once from input/collectivites/ (communes.json, epci.json,
 * departements.json, regions.json) and is then read-only: any number of
 * lookups may run on it, also from several threads.
 *
 * Names are compared on their folded key (text.h, ar_text_fold: no case,
 * accents, ligatures, hyphens or apostrophes) with the words "St", "Ste",
 * "Sts", "Stes" read as "saint", "sainte", "saints", "saintes".
 *
 * Example:
 *     char why[512], msg[512];
 *     ar_collectivites *d = ar_collectivites_load("input/collectivites", why, sizeof why);
 *     if (d == NULL) report why (errno ENOENT: a file is missing);
 *     ar_resolution r;
 *     if (ar_collectivites_resolve(d, "St Etienne 42", NULL, &r) == AR_RESOLVE_FOUND)
 *         use r.c->code ("42218");
 *     else { ar_resolution_explain(&r, msg, sizeof msg); report msg; }
 *     ar_collectivites_free(d);
 */
#ifndef AROBASE_COLLECTIVITES_H
#define AROBASE_COLLECTIVITES_H

#include <stddef.h>

/* The directory: opaque, built by ar_collectivites_load. */
typedef struct ar_collectivites ar_collectivites;

/* What a collectivité is (DESIGN.md glossary; R-kind, art. 3). */
typedef enum {
	AR_KIND_COMMUNE,     /* a commune (current or former) or a municipal arrondissement */
	AR_KIND_EPCI,        /* an intercommunality: CC, CA, CU, métropole */
	AR_KIND_DEPARTEMENT, /* a département: may not take part */
	AR_KIND_REGION       /* a région: may not take part */
} ar_kind;

/*
 * One collectivité of the directory.  All strings are UTF-8 (NFC, as
 * Etalab publishes them) and belong to the directory: they live until
 * ar_collectivites_free.
 */
typedef struct ar_collectivite {
	const char *code;        /* INSEE code (commune, 5 chars: "01004", "2A004"), SIREN
	                            (EPCI, 9 digits), département ("42", "2A", "971")
	                            or région ("84") code */
	const char *nom;         /* official name: "Ambérieu-en-Bugey", "CA Amiens Métropole" */
	const char *departement; /* département code; for an EPCI, that of its most populous
	                            member (nearly always its seat); NULL for a région */
	const char *region;      /* région code ("84"); for an EPCI, as departement */
	const char *siren;       /* SIREN (9 digits) of a current commune or an EPCI;
	                            NULL when Etalab gives none (former communes,
	                            arrondissements, overseas collectivities, départements,
	                            régions) */
	ar_kind kind;            /* what it is */
	long population;         /* population municipale (communes, and for an EPCI the sum
	                            Etalab gives as populationMunicipale); -1 unknown */
	const char *type;        /* Etalab's type: "commune-actuelle", "commune-deleguee",
	                            "commune-associee", "arrondissement-municipal" for
	                            communes; "CC", "CA", "CU", "METRO", "MET69" for EPCI;
	                            "departement" or "region" */
	const struct ar_collectivite *commune; /* a former commune (commune-deleguee or
	                            -associee): the current commune it belongs to; a
	                            municipal arrondissement: Paris, Lyon or Marseille;
	                            NULL for everything else */
} ar_collectivite;

/* ------------------------------------------------------------ lifecycle */

/*
 * Reads communes.json, epci.json, departements.json and regions.json from
 * the folder dir (UTF-8 JSON arrays as published by
 * @etalab/decoupage-administratif 6.0.0; arrondissements.json, the
 * arrondissements départementaux, is not needed and not read).  Takes about
 * 0.3 s (jansson parses the files).  Returns a new directory the caller
 * frees with ar_collectivites_free, or NULL with errno set and a message in
 * why (at most whylen bytes, UTF-8): ENOENT when a file is missing, the
 * message then naming it ("input/collectivites/communes.json: No such file
 * or directory"); EINVAL when a file is not valid JSON (invalid UTF-8 and
 * duplicate keys included; the message names the file and the line, then
 * gives jansson's explanation: "communes.json:2: invalid JSON: invalid
 * token near 'x'"), is not an array, or its content is not what Etalab
 * publishes (a missing code or name, an unknown type, a former commune
 * pointing to no commune; the message names the file, the element (0-based)
 * and the field); another errno (EACCES, EISDIR, ...) when a file cannot be
 * read.  Out of memory aborts (GLib's allocator).
 */
ar_collectivites *ar_collectivites_load(const char *dir, char *why, size_t whylen);

/* Frees d and every string and entry it holds.  NULL does nothing. */
void ar_collectivites_free(ar_collectivites *d);

/* ------------------------------------------------------------ lookups */

/*
 * Returns the collectivité whose code is exactly code: the INSEE code of a
 * current commune ("01004", "2A004"; not a former commune's nor an
 * arrondissement's), the SIREN of an EPCI ("248000531") or the SIREN of a
 * current commune ("210100046").  Returns NULL when no current commune or
 * EPCI has that code (départements and régions included: use
 * ar_collectivites_resolve).  The result belongs to d.
 */
const ar_collectivite *ar_collectivites_by_code(const ar_collectivites *d, const char *code);

/* How a reference was resolved. */
typedef enum {
	AR_RESOLVE_FOUND,          /* res->c is the collectivité named (of any kind:
	                              check res->c->kind for R-kind) */
	AR_RESOLVE_MERGED,         /* a former commune (res->via, NULL when it is known
	                              only by its old code res->old_code) that is now part
	                              of the commune res->c (a commune nouvelle or an
	                              association) */
	AR_RESOLVE_ARRONDISSEMENT, /* a municipal arrondissement (res->via) of the
	                              commune res->c: Paris, Lyon or Marseille */
	AR_RESOLVE_AMBIGUOUS,      /* a name several collectivités bear: res->candidates */
	AR_RESOLVE_UNKNOWN         /* nothing matches; res->closest may suggest a name */
} ar_resolve_status;

/* The number of candidates an ambiguous resolution lists at most. */
#define AR_RESOLVE_MAX_CANDIDATES 24

/*
 * The result of a resolution.  Every pointer belongs to the directory;
 * the structure itself belongs to the caller and needs no freeing.
 */
typedef struct ar_resolution {
	ar_resolve_status status;     /* what happened */
	const ar_collectivite *c;     /* FOUND, MERGED, ARRONDISSEMENT: the collectivité
	                                 (a current commune, an EPCI, a département or a
	                                 région); NULL otherwise */
	const ar_collectivite *via;   /* MERGED: the former commune named (may be NULL, see
	                                 above); ARRONDISSEMENT: the arrondissement;
	                                 NULL otherwise */
	char old_code[16];            /* MERGED: the former commune's INSEE code; "" otherwise */
	const ar_collectivite *closest; /* UNKNOWN: the collectivité whose folded name is
	                                 nearest (edit distance at most a quarter of the
	                                 folded name's length, 3 at most; looked for in
	                                 the département given first, then anywhere);
	                                 NULL when none is close or the reference was a
	                                 code */
	size_t n_candidates;          /* AMBIGUOUS: how many collectivités bear the name
	                                 (may exceed AR_RESOLVE_MAX_CANDIDATES); else 0 */
	const ar_collectivite *candidates[AR_RESOLVE_MAX_CANDIDATES];
	                              /* AMBIGUOUS: the first of them by code, each the
	                                 entry whose name matched (a former commune shows
	                                 as itself, its ->commune giving where it went) */
} ar_resolution;

/*
 * Resolves ref, a reference to a collectivité as a person or a spreadsheet
 * writes it (UTF-8, surrounding spaces ignored), filling *res and
 * returning res->status.  ref may be:
 *   - an INSEE code: "01004", also with the leading zero a spreadsheet
 *     dropped ("1004"), Corsica "2A004"/"2b033"; a former commune's code
 *     gives MERGED, an arrondissement's ("75101") ARRONDISSEMENT;
 *   - a SIREN, 9 digits, spaces allowed ("248 000 531"): an EPCI or a
 *     current commune;
 *   - a département code ("42", "1" for "01", "2A", "971"): FOUND with
 *     kind AR_KIND_DEPARTEMENT (a 2-digit code is read as a département,
 *     never as the région of the same number);
 *   - a name, with the département inside it or given separately:
 *     "Saint-Étienne (42)", "St Etienne 42", "SAINT ETIENNE", "Havre (Le)",
 *     "Marcq-en-Baroeul"; a former commune's name gives MERGED, an
 *     arrondissement's ARRONDISSEMENT; an EPCI's name also without its
 *     "CC"/"CA"/"CU" prefix or with it spelt out ("Communauté
 *     d'agglomération Amiens Métropole").  Current communes, former
 *     communes and EPCI come first; a name that is none of these is looked
 *     for among départements and régions ("Bretagne", "Département de la
 *     Loire", "Région Bretagne"), so that "Paris" or "Loire" name the
 *     communes.
 * departement (may be NULL or "") restricts a name to one département: a
 * code as in the list above or a département's name.  It is ignored when
 * ref is a code.  A département given both inside ref and separately must
 * agree, otherwise the result is UNKNOWN.  A name that several
 * collectivités bear once the département is applied is AMBIGUOUS (a former
 * commune whose commune nouvelle kept its name counts once).
 */
ar_resolve_status ar_collectivites_resolve(const ar_collectivites *d, const char *ref,
                                           const char *departement, ar_resolution *res);

/*
 * Writes into buf (at most len bytes, always NUL-terminated when len > 0)
 * an English phrase, UTF-8, that a stage can put after the reference in a
 * message:
 *   FOUND          "Ambérieu-en-Bugey (01004)", "département Loire (42)",
 *                  "région Bretagne (53)"
 *   MERGED         "Arbignieu (01015), merged into Arboys en Bugey (01015)"
 *   ARRONDISSEMENT "Paris 1er Arrondissement (75101), arrondissement of Paris (75056)"
 *   AMBIGUOUS      "several collectivités bear this name, give the département:
 *                  Saint-Denis (11339), ..., Saint-Denis (97411)" (", and N more"
 *                  past AR_RESOLVE_MAX_CANDIDATES)
 *   UNKNOWN        "unknown collectivité; did you mean Hazebrouck (59295)?" or
 *                  "unknown collectivité"
 * Returns the length the whole phrase needs (as snprintf).
 */
size_t ar_resolution_explain(const ar_resolution *res, char *buf, size_t len);

/* ------------------------------------------------------------ extras */

/*
 * Writes "Nom (code)" into buf as snprintf would ("Saint-Denis (93066)";
 * a former commune: "Bâgé-la-Ville (01025, now Bâgé-Dommartin)").
 * Returns the length needed.
 */
size_t ar_collectivite_label(const ar_collectivite *c, char *buf, size_t len);

/* The name of the région of code code ("84" -> "Auvergne-Rhône-Alpes"), or NULL. */
const char *ar_region_nom(const ar_collectivites *d, const char *code);

/* The name of the département of code code ("2A" -> "Corse-du-Sud"), or NULL. */
const char *ar_departement_nom(const ar_collectivites *d, const char *code);

/*
 * The association's population class of a population in inhabitants:
 * "moins de 3 000" (below 3,000), "3 000 à 20 000" (3,000 to 19,999),
 * "20 000 à 100 000" (20,000 to 99,999), "plus de 100 000" (100,000 and
 * more); the thousands are separated by an ASCII space.  Returns NULL for a
 * negative (unknown) population.  The strings are static.
 */
const char *ar_population_class(long population);

#endif
