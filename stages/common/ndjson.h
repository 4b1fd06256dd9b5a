/*
 * ndjson.h - strict JSON Lines reading and writing, for files passed
 * between stages (actions.ndjson, retained.ndjson, rejects).
 *
 * Each physical line holds one JSON value.  Reading is strict (DESIGN.md,
 * "Contracts"): invalid UTF-8, a \u0000 escape, a duplicate key, a number
 * beyond int64 or double, nesting deeper than jansson's limit (2048) or an
 * empty line is a file error naming the physical line (1-based).
 * Lines may be of any length; memory is that of the longest line.
 *
 * Example:
 *     ar_ndjson *r = ar_ndjson_open("actions.ndjson");
 *     json_t *v; char why[200];
 *     while ((rc = ar_ndjson_next(r, &v, why, sizeof why)) > 0) { ...; json_decref(v); }
 *     if (rc < 0) error at ar_ndjson_line(r): why
 */
#ifndef AROBASE_NDJSON_H
#define AROBASE_NDJSON_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

typedef struct ar_ndjson ar_ndjson;

/*
 * Opens path for reading ("-" for standard input).  Returns a reader the
 * caller frees with ar_ndjson_close, or NULL with errno set.
 */
ar_ndjson *ar_ndjson_open(const char *path);

/*
 * Reads the next line.  Returns 1 and a new reference in *value (the caller
 * json_decref()s it), 0 at end of file, or -1 on a file error, with a
 * message (UTF-8, no file or line) written to why (whylen bytes at most);
 * ar_ndjson_line then gives the line of the error.  An I/O error also
 * returns -1, with errno set and why saying so.
 */
int ar_ndjson_next(ar_ndjson *r, json_t **value, char *why, size_t whylen);

/* The physical line (1-based) of the value last returned or of the error. */
unsigned long ar_ndjson_line(const ar_ndjson *r);

/* Closes the file and frees r.  NULL does nothing. */
void ar_ndjson_close(ar_ndjson *r);

/*
 * Writes value as one compact line (keys in insertion order, UTF-8 kept
 * raw, reals with at most 15 significant digits) followed by "\n".
 * Returns 0, or -1 on a write error (errno set).
 */
int ar_ndjson_write(FILE *fp, const json_t *value);

#endif
