/*
 * ndjson.c - strict JSON Lines reader and writer (see ndjson.h).
 */
#include "ndjson.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "xalloc.h"

struct ar_ndjson {
	FILE *fp;             /* the file, or stdin */
	char *buf;            /* getline buffer */
	size_t cap;           /* its capacity */
	unsigned long line;   /* physical line of the last value */
};

ar_ndjson *
ar_ndjson_open(const char *path)
{
	ar_ndjson *r;
	FILE *fp;

	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	r = xcalloc(1, sizeof *r);
	r->fp = fp;
	return r;
}

int
ar_ndjson_next(ar_ndjson *r, json_t **value, char *why, size_t whylen)
{
	json_error_t err;
	ssize_t n;
	size_t len;

	*value = NULL;
	errno = 0;
	n = getline(&r->buf, &r->cap, r->fp);
	if (n < 0) {
		if (ferror(r->fp)) {
			snprintf(why, whylen, "read error: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	r->line++;
	len = (size_t)n;
	if (len > 0 && r->buf[len - 1] == '\n')
		len--;
	if (len > 0 && r->buf[len - 1] == '\r')
		len--;
	if (len == 0) {
		snprintf(why, whylen, "empty line (each line must hold one JSON value)");
		return -1;
	}
	*value = json_loadb(r->buf, len, JSON_REJECT_DUPLICATES, &err);
	if (*value == NULL) {
		snprintf(why, whylen, "invalid JSON at column %d: %s",
		         err.column, err.text);
		return -1;
	}
	return 1;
}

unsigned long
ar_ndjson_line(const ar_ndjson *r)
{
	return r->line;
}

void
ar_ndjson_close(ar_ndjson *r)
{
	if (r == NULL)
		return;
	if (r->fp != stdin)
		fclose(r->fp);
	free(r->buf);
	free(r);
}

int
ar_ndjson_write(FILE *fp, const json_t *value)
{
	if (json_dumpf(value, fp, JSON_COMPACT | JSON_PRESERVE_ORDER |
	               JSON_REAL_PRECISION(15)) != 0)
		return -1;
	if (fputc('\n', fp) == EOF)
		return -1;
	return 0;
}
