/*
 * palmares.h - the palmarès as arobase-render reads it (palmares.json,
 * written by arobase-decide, schemas/palmares.schema.json).
 *
 * render needs only the laureates' code, nom, departement, type, arobases
 * and mentions (the minimal shape of
 * tests/cases/29-pdf-tofu-french-glyphs/palmares.json); it also uses
 * region, region_nom, hors_concours and statistiques.regions (the régions'
 * names by code) when present and ignores the other keys.  Laureates are
 * kept in code order (strcmp of the codes), whatever the order of the
 * file, so that every output comes out in code order.
 *
 * Example:
 *     rd_palmares *p = rd_palmares_load("palmares.json", rules, &e);
 *     for (size_t i = 0; i < p->n; i++) ... p->laureats[i].nom ...
 *     rd_palmares_free(p);
 */
#ifndef AROBASE_RENDER_PALMARES_H
#define AROBASE_RENDER_PALMARES_H

#include <stddef.h>

#include "rderr.h"
#include "rules.h"

/* The kind a collectivité chose (DESIGN.md glossary, R-kind). */
enum rd_kind {
	RD_VILLE,       /* "ville": a commune */
	RD_VILLAGE,     /* "village": a commune */
	RD_TERRITOIRE   /* "territoire": an EPCI */
};

/* One labelled collectivité. */
typedef struct rd_laureat {
	char *code;        /* INSEE code or SIREN, [0-9A-Za-z]{1,16} (used in file names) */
	char *nom;         /* name, UTF-8 NFC as in the file */
	char *departement; /* département code ("91", "2A"), UTF-8 */
	char *region;      /* région code ("32") as the file gives it, or NULL */
	char *region_nom;  /* région name ("Hauts-de-France"): the laureate's "region_nom",
	                      else statistiques.regions[region], else set by the caller
	                      (rd_palmares_name_regions); NULL when unknown */
	enum rd_kind kind; /* ville, village or territoire */
	int arobases;      /* level awarded, within the rules' min..max */
	char **mentions;   /* mentions, UTF-8, in the file's order */
	size_t n_mentions; /* number of mentions */
	int hors_concours; /* 1 when cited out of competition */
	size_t index;      /* position in the file's "laureats" array, from 0 */
} rd_laureat;

/* The year's palmarès. */
typedef struct rd_palmares {
	int millesime;         /* label year, equal to the rules' millésime */
	rd_laureat *laureats;  /* in code order */
	size_t n;              /* number of laureates */
} rd_palmares;

/*
 * Reads and checks path (UTF-8 JSON; invalid UTF-8, \u0000, duplicate keys
 * and numbers out of range are errors with the line).  The millésime must
 * be the rules' one; every laureate needs code, nom, departement, type and
 * arobases within rules' min..max; codes must be unique.  Returns a new
 * palmarès the caller frees with rd_palmares_free, or NULL with e set
 * (exit 66 when the file is missing, else 65, naming the file, the
 * laureate and the field).
 */
rd_palmares *rd_palmares_load(const char *path, const ar_rules *rules, rd_err *e);

/*
 * Gives every laureate with a région code but no name the name nom_of
 * returns for that code (nom_of(arg, code): a UTF-8 string or NULL when
 * unknown; copied).  Returns the number of laureates named.
 */
size_t rd_palmares_name_regions(rd_palmares *p, const char *(*nom_of)(void *, const char *),
                                void *arg);

/* Frees p.  NULL does nothing. */
void rd_palmares_free(rd_palmares *p);

/* "Ville Internet", "Village Internet" or "Territoire Internet" (static). */
const char *rd_kind_label(enum rd_kind kind);

/*
 * The sort key of a name, as a person sorts: without case, accents,
 * ligatures (œ = oe, æ = ae), hyphens or apostrophes (read as spaces).
 * Locale-independent.  Returns a new string (free()).
 */
char *rd_name_key(const char *name);

/*
 * The booklet's order: indices into p->laureats, by arobases from the most
 * to the fewest, then by rd_name_key, then by code.  Returns a new array of
 * p->n indices (free()).
 */
size_t *rd_palmares_booklet_order(const rd_palmares *p);

#endif
