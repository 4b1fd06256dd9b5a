/*
 * report.h - the one place where a stage prints a message.
 *
 * Every message has the shape
 *     arobase-ingest: actions.csv:42: Statut: unknown status "Planifiée"
 * that is: program, file:line, field, what is wrong.  Library code never
 * calls these functions; only a stage's main and its own modules do.
 * The summary line (ar_summary) is the last line a stage prints on stderr.
 *
 * Example:
 *     ar_set_progname("arobase-filter");
 *     ar_error("actions.ndjson", 2, NULL, "invalid JSON: %s", why);
 *     ar_summary(10, 8, 2, "; prevue %lu", n_prevue);
 */
#ifndef AROBASE_REPORT_H
#define AROBASE_REPORT_H

#include <stdarg.h>

/* Sets the program name that starts every message (borrowed: keep it alive). */
void ar_set_progname(const char *name);

/* Returns the program name given to ar_set_progname ("arobase" before). */
const char *ar_progname(void);

/*
 * Prints "PROG: FILE:LINE: FIELD: message\n" on stderr.  file may be NULL
 * (then neither file nor line is printed); line 0 prints "FILE: " alone;
 * field may be NULL.  fmt is printf-like; all text is UTF-8.
 */
void ar_error(const char *file, unsigned long line, const char *field,
              const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* As ar_error, with "warning: " before the message. */
void ar_warn(const char *file, unsigned long line, const char *field,
             const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* As ar_error, with ": " and strerror(errnum) appended. */
void ar_syserr(const char *file, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* As ar_error, without a file: "PROG: message". */
void ar_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Prints the design's one-line summary on stderr:
 *     "PROG: read N, written W, rejected R" followed by the formatted suffix
 * (for example "; prevue 12, outside window 40"); suffix may be NULL.
 */
void ar_summary(unsigned long read, unsigned long written,
                unsigned long rejected, const char *suffix, ...)
	__attribute__((format(printf, 4, 5)));

/* Returns 1 when stderr is a terminal (progress may be shown), else 0. */
int ar_progress_wanted(void);

#endif
