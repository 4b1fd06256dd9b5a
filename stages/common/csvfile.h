/*
 * csvfile.h - a streaming CSV reader for the files staff save from Excel or
 * LibreOffice: the export sheets read by arobase-ingest, candidatures.csv,
 * jury.csv and the history CSVs read by arobase-decide.
 *
 * The reader decodes the bytes to UTF-8 (UTF-8 with or without BOM, UTF-16LE
 * or BE with BOM, Windows-1252, ISO-8859-15; "auto" decides from the bytes),
 * finds the delimiter (Excel's "sep=;" first line, else the most frequent of
 * ';' ',' TAB in the header line), and parses with libcsv in strict mode:
 * quoted cells may hold delimiters, doubled quotes and line breaks; CRLF, LF
 * and lone CR end rows.  Memory is that of the longest record, never of the
 * file.  Rows holding nothing (only line ends) are skipped, as libcsv does.
 *
 * Line numbers are physical lines of the file, 1-based, counting a "sep="
 * line: a record spanning lines 2 to 5 starts at line 2.
 *
 * Errors: a file that cannot be read as a whole (undecodable bytes, a file
 * mixing UTF-8 and Windows-1252, a quoted cell never closed, a quote inside an
 * unquoted cell, a cell above AR_CSV_MAX_CELL bytes, a read error) makes
 * ar_csv_next return -1 with a message; ar_csv_line then names the line.
 *
 * Example:
 *     char why[256];
 *     ar_csv *c = ar_csv_open("actions.csv", NULL, why, sizeof why);
 *     while ((rc = ar_csv_next(c, why, sizeof why)) > 0)
 *         for (i = 0; i < ar_csv_ncells(c); i++) cell = ar_csv_cell(c, i, &len);
 *     if (rc < 0) report "actions.csv:%lu: %s", ar_csv_line(c), why;
 *     ar_csv_close(c);
 */
#ifndef AROBASE_CSVFILE_H
#define AROBASE_CSVFILE_H

#include <stddef.h>

/* The largest cell accepted, in bytes once decoded (a larger one is a file error). */
#define AR_CSV_MAX_CELL ((size_t)64 << 20)

/* A reader: opaque, from ar_csv_open, freed by ar_csv_close. */
typedef struct ar_csv ar_csv;

/*
 * How to read a file; the caller fills it (zeroed means every default) and
 * ar_csv_open copies it.  arobase-ingest sets it from --encoding and
 * --delimiter, the tests set bufsize to feed every chunk size.
 */
typedef struct ar_csv_options {
	/* "auto", "utf-8", "utf-16", "windows-1252" (or "cp1252"),
	 * "iso-8859-15" (or "latin9"); NULL means "auto".  Case does not matter. */
	const char *encoding;
	/* 0: from a "sep=" first line, else from the header line; otherwise
	 * ';', ',' or '\t'.  A "sep=" line is always consumed. */
	int delimiter;
	/* Read chunk size in bytes; 0 means 64 KiB.  Results never depend on it. */
	size_t bufsize;
} ar_csv_options;

/*
 * Opens path ("-" for standard input) for reading.  opt may be NULL (all
 * defaults); it is copied.  Returns a reader the caller frees with
 * ar_csv_close, or NULL with errno set: ENOENT and other open(2) errors
 * (why holds strerror), or EINVAL when an option is wrong (why says which).
 */
ar_csv *ar_csv_open(const char *path, const ar_csv_options *opt,
                    char *why, size_t whylen);

/*
 * Reads the next record; the first one is the header row.  Returns 1 when a
 * record is ready, 0 at the end of the file, -1 on a file error: why (at most
 * whylen bytes, UTF-8, without file or line) says what, ar_csv_line where.
 * After -1 or 0, further calls return the same.  A read error sets errno.
 */
int ar_csv_next(ar_csv *c, char *why, size_t whylen);

/* Number of cells of the current record. */
size_t ar_csv_ncells(const ar_csv *c);

/*
 * Cell i (0-based) of the current record, UTF-8, NUL-terminated, borrowed
 * until the next ar_csv_next.  *len (when len is not NULL) receives its length
 * in bytes: a cell may contain NUL bytes, so use it, never strlen.  Returns
 * "" with *len 0 when i is out of range.
 */
const char *ar_csv_cell(const ar_csv *c, size_t i, size_t *len);

/* Physical line (1-based) where the current record starts, or of the error. */
unsigned long ar_csv_line(const ar_csv *c);

/* Physical line where the current record ends (its last line). */
unsigned long ar_csv_end_line(const ar_csv *c);

/*
 * The encoding in use: "utf-8", "utf-8 (BOM)", "utf-16le", "utf-16be",
 * "windows-1252", "iso-8859-15" (borrowed).  With "auto" it is final once the
 * end of the file is reached (a file of ASCII only says "utf-8").
 */
const char *ar_csv_encoding(const ar_csv *c);

/* The delimiter in use (';', ',' or '\t'), known once the header is read. */
int ar_csv_delimiter_used(const ar_csv *c);

/* 1 when the file began with a "sep=" line, else 0. */
int ar_csv_had_sep_line(const ar_csv *c);

/* Closes the file and frees c.  NULL does nothing. */
void ar_csv_close(ar_csv *c);

#endif
