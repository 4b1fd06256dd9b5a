/*
 * compare.h - says where two output files first differ, for arobase-audit.
 *
 * `arobase-audit OUTDIR|ARCHIVE` re-runs the pipeline from the inputs the
 * manifest records (manifest.h) and compares each recorded output with the
 * re-run one; this module tells the reader where the first difference is,
 * in the terms of the file's format rather than as a bare byte offset.
 */
#ifndef AROBASE_COMPARE_H
#define AROBASE_COMPARE_H

#include <stddef.h>

/*
 * Compares the recorded file a with the re-run file b (paths).  For JSON
 * Lines (.ndjson) names the first differing line and, when both lines are
 * JSON, the first differing field ("line 12: field statut"); for JSON
 * (.json) the path of the first differing value ("laureats[3].arobases");
 * otherwise the first differing byte offset.  Writes that description into
 * where (wherelen bytes) and returns 1 when the files differ, 0 when they
 * are identical, -1 when one cannot be read (errno set).
 */
int ar_compare_files(const char *a, const char *b, char *where, size_t wherelen);

#endif
