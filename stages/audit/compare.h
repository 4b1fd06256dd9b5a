/*
 * compare.h - says where two output files first differ, for arobase-audit.
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
