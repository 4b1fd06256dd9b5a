/*
 * numparse.h - bounded integer parsing (OpenBSD's strtonum idea).
 *
 * Every number read from a command line or a cell goes through here, so that
 * the error always names the allowed range.  Never atoi.
 */
#ifndef AROBASE_NUMPARSE_H
#define AROBASE_NUMPARSE_H

/*
 * Parses the whole of s (decimal, optional leading '-', no spaces) into
 * *out when minval <= value <= maxval.  Returns 0 on success; otherwise -1
 * and *errstr (static text) is "is not a number", "is too small" or
 * "is too large" (the caller prints the range).
 */
int ar_strtonum(const char *s, long long minval, long long maxval,
                long long *out, const char **errstr);

#endif
