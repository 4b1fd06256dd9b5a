/*
 * jurybook.h - the jury's preparation book (livre-du-jury.pdf), from
 * jury-book.json as arobase-decide --prepare writes it
 * (schemas/jury-book.schema.json).
 *
 * Before the jury meets, every member gets the book: a cover with the
 * counts, a table of contents, then one page per examined candidature,
 * ordered by département then name (rd_name_key), with its mosaïque
 * (mosaique.h, when coverage.json and its référentiel are given), its
 * earlier candidatures as a small chart (millésime against arobases), and
 * its allowed range of arobases this year in large type with the rule and
 * article behind each bound (R-min, R-first, R-five, R-drop, R-alert);
 * refused candidatures (R-kind, R-member, validation) come last, apart,
 * each with its article.  A4 landscape.
 *
 * Example:
 *     rd_jury_book *jb = rd_jury_book_load("jury-book.json", rules, &e);
 *     rd_jury_book_render(out, "livre-du-jury.pdf", fonts, rules, jb, ref, cov, iso, &e);
 *     rd_jury_book_free(jb);
 */
#ifndef AROBASE_RENDER_JURYBOOK_H
#define AROBASE_RENDER_JURYBOOK_H

#include <stddef.h>

#include "fonts.h"
#include "mosaique.h"
#include "output.h"
#include "rderr.h"
#include "referentiel.h"
#include "rules.h"

/* One bound of the allowed range, and the rule that set it. */
typedef struct rd_jb_bound {
	int valeur;     /* arobases */
	char *regle;    /* rule id ("R-drop") */
	char *article;  /* article of the règlement or FAQ ("art. 10") */
	char *raison;   /* why, UTF-8 French */
} rd_jb_bound;

/* One earlier candidature. */
typedef struct rd_jb_prev {
	int millesime;  /* label year */
	int arobases;   /* 1 to 5, or 0 when not recorded */
	int alerte;     /* 1, 0, or -1 when not recorded */
} rd_jb_prev;

/* One rule as it applies to a candidature. */
typedef struct rd_jb_rule {
	char *regle;    /* R-min, R-first, R-five, R-drop or R-alert */
	char *article;  /* its article */
	char *etat;     /* s_applique, sans_objet or non_verifiable */
	int min, max;   /* the range it allows */
	char *raison;   /* why, UTF-8 French */
} rd_jb_rule;

/* A candidature, examined or refused. */
typedef struct rd_jb_cand {
	char *code;            /* INSEE code or SIREN */
	char *nom;             /* name, UTF-8 */
	char *departement;     /* département code */
	char *type;            /* ville, village, territoire (departement, region when refused) */
	long population;       /* inhabitants, -1 when unknown */
	int adherent;          /* R-member, art. 4 */
	char *validation;      /* ISO date the dossier was validated, or NULL */
	int avant_cloture;     /* 1 when validated before the closing date */
	rd_jb_prev *prev;      /* earlier candidatures, in the file's order */
	size_t n_prev;         /* their number */
	int premiere;          /* first participation: 1, 0, or -1 unknown */
	int has_couverture;    /* 1 when the book gives its coverage summary */
	long actions, couverts, total; /* retained actions, services covered / of the référentiel
	                                  (-1 when not given) */
	rd_jb_bound min, max;  /* the allowed range (min > max: no level allowed) */
	int sur_min, sur_max;  /* the levels allowed whatever the unknowns */
	rd_jb_rule *rules;     /* the rules, in the file's order */
	size_t n_rules;        /* their number */
	char *regle, *article, *motif; /* refused: the rule, its article and why; else NULL */
} rd_jb_cand;

/* The book's content. */
typedef struct rd_jury_book {
	int millesime;         /* label year, the rules' */
	char cloture[11], jury[11]; /* ISO dates (may be empty) */
	rd_jb_cand *cands;     /* examined candidatures, by département then name then code */
	size_t n;              /* their number */
	rd_jb_cand *refused;   /* refused candidatures, same order */
	size_t n_refused;      /* their number */
	long n_candidatures;   /* compteurs.candidatures */
} rd_jury_book;

/*
 * Reads and checks path (UTF-8 JSON, duplicate keys refused) per
 * schemas/jury-book.schema.json, as far as the book prints it; the
 * millésime must be the rules'.  Returns a new book (free with
 * rd_jury_book_free), or NULL with e set (exit 66 when the file is
 * missing, else 65 naming the file, the JSON path and the field).
 */
rd_jury_book *rd_jury_book_load(const char *path, const ar_rules *rules, rd_err *e);

/* Frees jb.  NULL does nothing. */
void rd_jury_book_free(rd_jury_book *jb);

/*
 * The page numbers of the book: the table of contents takes toc_pages
 * pages after the cover (rows_per_page entries each: the examined
 * candidatures, and one for the refused ones when there are any);
 * candidature i is on page 2 + toc_pages + i; the refused list starts on
 * page 2 + toc_pages + n.  Returns toc_pages (at least 1).
 */
size_t rd_jury_book_toc_pages(size_t n, size_t n_refused, size_t rows_per_page);

/*
 * Writes the book to rel (relative to o's folder), dated iso (ISO 8601
 * UTC).  ref and cov (both or neither; may be NULL) give the mosaïques: a
 * candidature absent from cov is said to have no coverage.  Returns 0, or
 * -1 with e set (nothing staged).
 */
int rd_jury_book_render(rd_out *o, const char *rel, rd_fonts *f, const ar_rules *rules,
                        const rd_jury_book *jb, const ar_referentiel *ref,
                        const rd_coverage *cov, const char *iso, rd_err *e);

#endif
