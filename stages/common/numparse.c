/*
 * numparse.c - bounded integer parsing (see numparse.h).
 */
#include "numparse.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

int
ar_strtonum(const char *s, long long minval, long long maxval,
            long long *out, const char **errstr)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0' || (*s != '-' && (*s < '0' || *s > '9'))) {
		*errstr = "is not a number";
		return -1;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || end == s) {
		*errstr = "is not a number";
		return -1;
	}
	if ((errno == ERANGE && v == LLONG_MIN) || v < minval) {
		*errstr = "is too small";
		return -1;
	}
	if ((errno == ERANGE && v == LLONG_MAX) || v > maxval) {
		*errstr = "is too large";
		return -1;
	}
	*out = v;
	*errstr = NULL;
	return 0;
}
