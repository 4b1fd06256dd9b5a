/*
 * pdffix.c - document dates of cairo's PDFs (see pdffix.h).
 */
#include "pdffix.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arobase.h"
#include "numparse.h"
#include "rules.h"
#include "xalloc.h"

int
rd_pdf_date_iso(const char *epoch, const char *fallback, char iso[32], rd_err *e)
{
	if (epoch != NULL && epoch[0] != '\0') {
		long long secs;
		const char *why;
		struct tm tm;
		time_t t;

		if (ar_strtonum(epoch, 0, 253402300799LL, &secs, &why) != 0)
			return rd_err_set(e, AR_EXIT_USAGE,
			                  "SOURCE_DATE_EPOCH: \"%s\" %s (seconds since 1970-01-01 UTC, 0 to 253402300799)",
			                  epoch, why);
		t = (time_t)secs;
		if (gmtime_r(&t, &tm) == NULL)
			return rd_err_set(e, AR_EXIT_USAGE, "SOURCE_DATE_EPOCH: \"%s\" is out of range", epoch);
		/* The ranges are known (year 1970..9999); the modulos say so to the compiler. */
		snprintf(iso, 32, "%04u-%02u-%02uT%02u:%02u:%02uZ",
		         (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
		         (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u,
		         (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
		return 0;
	}
	if (fallback == NULL || !ar_iso_date_valid(fallback))
		return rd_err_set(e, AR_EXIT_DATAERR, "dates.ceremonie: \"%s\" is not an ISO date",
		                  fallback ? fallback : "");
	snprintf(iso, 32, "%.10sT00:00:00Z", fallback);
	return 0;
}

/* Finds the last occurrence of needle in buf[0..n). */
static const char *
memrmem(const char *buf, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	if (n < k)
		return NULL;
	for (size_t i = n - k + 1; i-- > 0;)
		if (memcmp(buf + i, needle, k) == 0)
			return buf + i;
	return NULL;
}

/* Copies bytes [from, to) of in to out. */
static int
copy_range(FILE *in, FILE *out, long from, long to)
{
	char buf[65536];

	if (fseek(in, from, SEEK_SET) != 0)
		return -1;
	while (from < to) {
		size_t want = (size_t)(to - from) < sizeof buf ? (size_t)(to - from) : sizeof buf;
		size_t got = fread(buf, 1, want, in);

		if (got == 0 || fwrite(buf, 1, got, out) != got)
			return -1;
		from += (long)got;
	}
	return 0;
}

/* Reads bytes [from, from + n) of in into a new NUL-terminated buffer. */
static char *
read_at(FILE *in, long from, size_t n, size_t *got)
{
	char *buf = xmalloc(n + 1);

	if (fseek(in, from, SEEK_SET) != 0) {
		free(buf);
		return NULL;
	}
	*got = fread(buf, 1, n, in);
	buf[*got] = '\0';
	return buf;
}

/*
 * Reads the heading "first count" of a subsection of a classic
 * cross-reference table at s; count 20-byte entries follow it.  Returns
 * where the entries start, with *first and *count set, or NULL at the end
 * of the table.
 */
static char *
xref_subsection(char *s, long *first, long *count)
{
	char *end;

	while (*s == '\n' || *s == '\r' || *s == ' ')
		s++;
	if (*s == '\0')
		return NULL;
	*first = strtol(s, &end, 10);
	*count = strtol(end, &end, 10);
	while (*end == '\r' || *end == '\n' || *end == ' ')
		end++;
	return end;
}

#define BAD(msg) do { why = (msg); goto bad; } while (0)

int
rd_pdf_fix_dates(FILE *in, FILE *out, rd_err *e)
{
	char *tail = NULL, *xref = NULL, *info = NULL;
	const char *why = NULL, *p, *q;
	long size, tail_at, xref_at, trailer_at, startxref_at, info_at = -1;
	long ins[2];
	int n_ins = 0;
	size_t got, xlen;
	long info_obj, first, count;
	char *end;

	if (fseek(in, 0, SEEK_END) != 0 || (size = ftell(in)) < 0)
		goto ioerr;
	tail_at = size > 4096 ? size - 4096 : 0;
	if ((tail = read_at(in, tail_at, (size_t)(size - tail_at), &got)) == NULL)
		goto ioerr;
	if ((p = memrmem(tail, got, "startxref")) == NULL)
		BAD("no startxref");
	startxref_at = tail_at + (p - tail);
	xref_at = strtol(p + 9, NULL, 10);
	if (xref_at <= 0 || xref_at >= startxref_at)
		BAD("bad startxref");
	if ((q = memrmem(tail, (size_t)(p - tail), "trailer")) == NULL)
		BAD("no trailer in the last 4 KiB");
	trailer_at = tail_at + (q - tail);
	if ((q = strstr(q, "/Info ")) == NULL || q > p)
		BAD("no /Info in the trailer");
	info_obj = strtol(q + 6, NULL, 10);

	/* The cross-reference table: "xref", then "first count" and 20-byte entries. */
	xlen = (size_t)(trailer_at - xref_at);
	if ((xref = read_at(in, xref_at, xlen, &got)) == NULL || got != xlen)
		goto ioerr;
	if (strncmp(xref, "xref", 4) != 0)
		BAD("no classic cross-reference table");
	for (char *s = xref + 4; (end = xref_subsection(s, &first, &count)) != NULL;
	     s = end + count * 20) {
		if (count < 0 || (size_t)(end - xref) + (size_t)count * 20 > xlen)
			BAD("truncated cross-reference table");
		if (info_obj >= first && info_obj < first + count)
			info_at = strtol(end + (info_obj - first) * 20, NULL, 10);
	}
	if (info_at <= 0 || info_at >= xref_at)
		BAD("information dictionary not found");

	/* The dates inside the information dictionary. */
	if ((info = read_at(in, info_at, (size_t)(xref_at - info_at) < 4096 ?
	                    (size_t)(xref_at - info_at) : 4096, &got)) == NULL)
		goto ioerr;
	if ((q = strstr(info, "endobj")) == NULL)
		BAD("information dictionary not closed");
	{
		static const char *keys[] = {"/CreationDate (", "/ModDate ("};

		for (int k = 0; k < 2; k++) {
			const char *d = strstr(info, keys[k]);

			if (d != NULL && d < q) {
				d += strlen(keys[k]);
				if (strncmp(d, "D:", 2) != 0)
					ins[n_ins++] = info_at + (d - info);
			}
		}
		if (n_ins == 2 && ins[0] > ins[1]) {
			long t = ins[0];

			ins[0] = ins[1];
			ins[1] = t;
		}
	}

	if (n_ins == 0) {
		if (copy_range(in, out, 0, size) != 0)
			goto ioerr;
	} else {
		long pos = 0;

		for (int k = 0; k < n_ins; k++) {
			if (copy_range(in, out, pos, ins[k]) != 0 || fputs("D:", out) == EOF)
				goto ioerr;
			pos = ins[k];
		}
		if (copy_range(in, out, pos, xref_at) != 0)
			goto ioerr;
		/* The table again, every offset after an insertion moved. */
		fputs("xref\n", out);
		for (char *s = xref + 4; (end = xref_subsection(s, &first, &count)) != NULL;
		     s = end + count * 20) {
			fprintf(out, "%ld %ld\n", first, count);
			for (long i = 0; i < count; i++) {
				char *entry = end + i * 20;
				long off = strtol(entry, NULL, 10);
				long gen = strtol(entry + 11, NULL, 10);
				char type = entry[17];

				if (type == 'n')
					for (int k = 0; k < n_ins; k++)
						if (off > ins[k])
							off += 2;
				fprintf(out, "%010ld %05ld %c \n", off, gen, type);
			}
		}
		if (copy_range(in, out, trailer_at, startxref_at) != 0)
			goto ioerr;
		fprintf(out, "startxref\n%ld\n%%%%EOF\n", xref_at + 2L * n_ins);
	}
	if (ferror(out))
		goto ioerr;
	free(tail);
	free(xref);
	free(info);
	return 0;
bad:
	free(tail);
	free(xref);
	free(info);
	return rd_err_set(e, AR_EXIT_SOFTWARE, "cairo's PDF has an unexpected structure: %s", why);
ioerr:
	free(tail);
	free(xref);
	free(info);
	return rd_err_set(e, AR_EXIT_IOERR, "cannot copy the PDF: %s",
	                  strerror(errno ? errno : EIO));
}
