/*
 * candidatures.h - the candidatures as arobase-coverage reads them from
 * candidatures.csv (code;nom;departement;type;adherent;date_validation,
 * plus an optional services_declares column), so that coverage.json lists
 * every candidature, covered or not, and checks the coherence of the
 * services each one declares with its retained actions.
 *
 * Coverage needs only the code (and carries nom, departement and type into
 * its output); arobase-decide is the stage that judges the other columns.
 *
 * Example:
 *     cov_tally *t = cov_tally_new(ref);
 *     if (cov_candidatures_read("candidatures.csv", t, report, ctx, &rows) != 0) fail;
 */
#ifndef AROBASE_COVERAGE_CANDIDATURES_H
#define AROBASE_COVERAGE_CANDIDATURES_H

#include "tally.h"

/*
 * Receives one message about candidatures.csv: warning is 1 for something
 * odd but harmless, 0 for an error; line the physical line (1-based,
 * counting a "sep=" line and the header; 0 for the whole file); field the
 * column (NULL when none); msg the message, UTF-8.  All borrowed.
 */
typedef void cov_report_fn(void *ctx, int warning, unsigned long line,
                           const char *field, const char *msg);

/*
 * Reads candidatures.csv at path (any encoding and delimiter csvfile.h
 * reads) into t: every row becomes a candidature (cov_tally_candidature),
 * and the ids of its services_declares cell ("S012, S077": separated by
 * commas, semicolons, "|" or spaces) are declared (cov_tally_declare).
 *
 * Headers are compared without case, accents or surrounding spaces; only
 * "code" is required.  Errors (reported, the reading goes on to report
 * every one): a file that cannot be read, a missing or duplicated column,
 * an empty code, a code given twice.  Warnings: an unknown column, a code
 * of 4 digits (a spreadsheet lost its leading zero: "1004" is read as
 * "01004"), a declared service not in the référentiel.
 *
 * *rows receives the number of candidature rows read.  Returns 0 when no
 * error was reported, -1 when some were, -2 when the file cannot be
 * opened (errno set; report got strerror).
 */
int cov_candidatures_read(const char *path, cov_tally *t, cov_report_fn *report,
                          void *ctx, unsigned long *rows);

#endif
