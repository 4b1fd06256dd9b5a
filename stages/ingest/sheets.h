/*
 * sheets.h - the platform's workbook saved as one CSV per sheet in a folder,
 * for arobase-ingest: the rows of the Actions sheet joined with the
 * collectivités and services that the link sheets give them.
 *
 * The sheets, found by file name (the stem compared without case, accents or
 * punctuation, ".csv" in any case): Actions, Services, Lieux, Liaison
 * Services, Liaison Lieux (required), Liaison Collectivités, Personnes,
 * Liaison Personnes (optional).  Their columns, through the header aliases
 * (fields.h):
 *   Actions                id_action, titre, statut, date, [sous_titre, synthese]
 *   Services               id_service
 *   Lieux                  id_lieu, collectivites (the "Code INSEE" column)
 *   Liaison Services       id_action, id_service
 *   Liaison Lieux          id_action, id_lieu
 *   Liaison Collectivités  id_action, collectivites (the "Code" column)
 * Personnes and Liaison Personnes are only counted: not one of their cells
 * is kept, passed on or written anywhere.
 *
 * Reading: ar_sheets_open reads the Actions sheet once for its ids, then
 * Services, Lieux and the link sheets into tables keyed by Id_Action; a
 * link or reference row that cannot be joined (unknown action, service or
 * lieu, a Lieu without a code, a bad code, an empty or repeated id) goes to
 * the caller's reject function.  The caller then streams the Actions sheet
 * (ar_sheets_take_actions), one row at a time, and asks ar_sheets_links_for
 * the lists joined to each row.
 * Memory: the set of action ids and the link tables, proportional to the
 * number of actions and links (ids and codes only), never to the text of
 * the actions.
 *
 * Example:
 *     ar_sheets *s = ar_sheets_open(dir, &copt, headers, coll, on_reject, arg);
 *     if (ar_sheets_failed(s, &path, &line, &why)) report "%s:%lu: %s";
 *     ar_csv *c = ar_sheets_take_actions(s);   rows as from any CSV, and
 *     ar_action_build_linked(m, cells, lens, n, ar_sheets_links_for(s, ...), ...);
 *     ar_csv_close(c);  ar_sheets_close(s);
 */
#ifndef AROBASE_INGEST_SHEETS_H
#define AROBASE_INGEST_SHEETS_H

#include <stddef.h>

#include "action.h"
#include "collectivites.h"
#include "csvfile.h"
#include "fields.h"

/* The folder being read, with its reference and link tables: opaque. */
typedef struct ar_sheets ar_sheets;

/*
 * Receives a rejected row of a reference or link sheet: path (the folder
 * and the file) for messages, name (the file's base name) for the rejects
 * file, its first line, hdr->names / hdr->ncols its header, the n raw cells
 * (cells[i] of lens[i] bytes), and the verdict (v->col the column at fault,
 * or -1).  Everything is borrowed for the call.
 */
typedef void (*ar_sheets_reject_fn)(void *arg, const char *path, const char *name,
                                    unsigned long line, const ar_action_map *hdr,
                                    const char *const *cells, const size_t *lens,
                                    size_t n, const ar_verdict *v);

/*
 * Opens the folder dir and reads every sheet but the rows of Actions (opt,
 * h and coll are borrowed until ar_sheets_close; coll may be NULL: codes
 * are then checked for their shape only).  Never returns NULL: an error
 * (folder unreadable, a required sheet missing, a sheet that cannot be read
 * as a whole, a duplicated or missing header) is told by ar_sheets_failed.
 * Free with ar_sheets_close.
 */
ar_sheets *ar_sheets_open(const char *dir, const ar_csv_options *opt, const ar_headers *h,
                          const ar_collectivites *coll, ar_sheets_reject_fn reject, void *arg);

/*
 * The exit status of an error of ar_sheets_open (65: a required sheet
 * missing, two files for one sheet, a sheet that cannot be read as a whole,
 * a duplicated or missing header; 66: the folder or a sheet cannot be
 * opened; 74: a read error), with *path (the folder or the sheet's file),
 * *line (0 for the folder) and *why (UTF-8), borrowed; 0 when there is none.
 */
int ar_sheets_failed(const ar_sheets *s, const char **path, unsigned long *line,
                     const char **why);

/*
 * The reader of the Actions sheet, opened again at its start once the other
 * sheets are read: the caller reads its rows (the header first) and frees
 * it with ar_csv_close.  NULL after an error or a second call.
 */
ar_csv *ar_sheets_take_actions(ar_sheets *s);

/*
 * The path of the Actions sheet in dir, as ar_sheets_open finds it (or
 * dir/Actions.csv when there is none), for messages.  The caller frees it
 * with free().
 */
char *ar_sheets_actions_path(const char *dir);

/*
 * The collectivités and services the link sheets give the Actions row of n
 * cells (its Id_Action, trimmed, in NFC).  Borrowed until the next call;
 * empty lists for an action no link names.
 */
const ar_links *ar_sheets_links_for(ar_sheets *s, const char *const *cells,
                                    const size_t *lens, size_t n);

/*
 * Counts of the sheets other than Actions: *nread their records (rows with
 * a non-empty cell, after the header), *nrejected those given to the reject
 * function.  Written into buf (len bytes): "Actions 5, Services 6, Lieux 4
 * (1 rejected), ...", every sheet read, in the order above.
 */
void ar_sheets_counts(const ar_sheets *s, unsigned long *nread, unsigned long *nrejected,
                      char *buf, size_t len);

/* Closes the files and frees s.  NULL does nothing. */
void ar_sheets_close(ar_sheets *s);

#endif
