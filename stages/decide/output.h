/*
 * output.h - what arobase-decide writes: the jury's book before the jury
 * (jury-book.json), the palmarès after it (palmares.json and palmares.csv
 * for spreadsheet users).  Schemas: schemas/jury-book.schema.json and
 * schemas/palmares.schema.json.
 *
 * The functions build or write whole documents from a dc_run (decide.h);
 * they never print; a write error is returned for main.c to report.
 *
 * Example:
 *     json_t *p = dc_palmares_json(&run);
 *     if (dc_json_write(fp, p) != 0) ... errno ...;  json_decref(p);
 */
#ifndef AROBASE_DECIDE_OUTPUT_H
#define AROBASE_DECIDE_OUTPUT_H

#include <stdio.h>

#include <jansson.h>

#include "decide.h"

/*
 * Builds palmares.json: {"millesime", "laureats": [...] sorted by code,
 * "statistiques": {...}} from the decided, accepted candidatures.
 * Returns a new reference the caller json_decref()s.
 */
json_t *dc_palmares_json(const dc_run *run);

/*
 * Builds jury-book.json: every candidature that may be labelled with its
 * allowed range, and the refused ones apart with the article.  hist may
 * be NULL.  Returns a new reference the caller json_decref()s.
 */
json_t *dc_book_json(const dc_run *run, const ar_history *hist);

/*
 * Writes v to fp as indented JSON (two spaces, keys in insertion order,
 * UTF-8 raw) and a final newline.  Returns 0, or -1 on a write error.
 */
int dc_json_write(FILE *fp, const json_t *v);

/*
 * Writes palmares.csv to fp: UTF-8 with a BOM, ';' between cells, CRLF
 * after every row (Excel's own line end), the header
 * code;nom;departement;type;arobases;niveau;mentions;alerte;hors_concours;
 * regles_derogees;derogation, then one row per laureate sorted by code.
 * Every cell that a spreadsheet would evaluate (starting with = + - @, a
 * tab or a CR) gets a leading apostrophe; cells holding ';', '"', CR or
 * LF are quoted.  Returns 0, or -1 on a write error.
 */
int dc_palmares_csv(FILE *fp, const dc_run *run);

/*
 * Writes one CSV cell to fp as dc_palmares_csv does (neutralised, quoted
 * when needed), without delimiter.  s is UTF-8.
 */
void dc_csv_cell(FILE *fp, const char *s);

#endif
