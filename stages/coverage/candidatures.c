/*
 * candidatures.c - reading candidatures.csv for arobase-coverage (see
 * candidatures.h).
 */
#include "candidatures.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvfile.h"
#include "text.h"
#include "xalloc.h"

/* The columns coverage reads or knows. */
enum { K_CODE, K_NOM, K_DEP, K_TYPE, K_ADH, K_DATE, K_DECL, K_N };

static const char *const col_name[K_N] = {
	"code", "nom", "departement", "type", "adherent", "date_validation",
	"services_declares"
};

/* The reading state. */
struct reader {
	cov_report_fn *report;  /* where messages go */
	void *ctx;              /* their context */
	int errors;             /* errors reported */
};

static void
say(struct reader *r, int warning, unsigned long line, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
say(struct reader *r, int warning, unsigned long line, const char *field,
    const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->report(r->ctx, warning, line, field, msg);
	if (!warning)
		r->errors++;
}

/* Cell i of the current record without surrounding spaces, NFC (caller frees). */
static char *
cell(const ar_csv *c, long i)
{
	size_t len;
	const char *s;
	char *t;

	if (i < 0)
		return xstrdup("");
	s = ar_csv_cell(c, (size_t)i, &len);
	if (strlen(s) < len)
		len = strlen(s);
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' ||
	                   s[len - 1] == '\n'))
		len--;
	t = ar_utf8_nfc(s, len);
	return t != NULL ? t : xstrndup(s, len);
}

/* Finds the columns; reports missing code, duplicated and unknown columns. */
static int
map_header(struct reader *r, const ar_csv *c, long col[K_N])
{
	unsigned long line = ar_csv_line(c);
	char *want[K_N];
	int rc = 0;

	for (int k = 0; k < K_N; k++) {
		want[k] = ar_text_fold(col_name[k]);
		col[k] = -1;
	}
	for (size_t i = 0; i < ar_csv_ncells(c); i++) {
		char *h = cell(c, (long)i), *key = ar_text_fold(h);
		int known = 0;

		for (int k = 0; key != NULL && k < K_N; k++) {
			if (strcmp(key, want[k]) != 0)
				continue;
			known = 1;
			if (col[k] >= 0) {
				say(r, 0, line, col_name[k], "duplicated column (columns %ld and %zu)",
				    col[k] + 1, i + 1);
				rc = -1;
			} else {
				col[k] = (long)i;
			}
		}
		if (!known && *h != '\0')
			say(r, 1, line, h, "unknown column ignored");
		free(key);
		free(h);
	}
	if (col[K_CODE] < 0) {
		say(r, 0, line, "code", "missing column (candidatures.csv has code;nom;"
		    "departement;type;adherent;date_validation, and may add services_declares)");
		rc = -1;
	}
	for (int k = 0; k < K_N; k++)
		free(want[k]);
	return rc;
}

/* 1 when s is 4 ASCII digits. */
static int
four_digits(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return s[4] == '\0';
}

/* Declares every service id of the cell decl for code. */
static void
declare(struct reader *r, cov_tally *t, const char *code, char *decl,
        unsigned long line)
{
	char *save = NULL;

	for (char *id = strtok_r(decl, ",;| \t\r\n", &save); id != NULL;
	     id = strtok_r(NULL, ",;| \t\r\n", &save))
		if (cov_tally_declare(t, code, id) == 1)
			say(r, 1, line, col_name[K_DECL],
			    "service \"%s\" is not in the référentiel: listed in declares_inconnus",
			    id);
}

int
cov_candidatures_read(const char *path, cov_tally *t, cov_report_fn *report,
                      void *ctx, unsigned long *rows)
{
	struct reader r = {report, ctx, 0};
	char why[300];
	long col[K_N];
	ar_csv *c;
	int rc;

	*rows = 0;
	if ((c = ar_csv_open(path, NULL, why, sizeof why)) == NULL) {
		int e = errno;
		report(ctx, 0, 0, NULL, why);
		errno = e;
		return -2;
	}
	cov_tally_with_candidatures(t);
	rc = ar_csv_next(c, why, sizeof why);
	if (rc == 0)
		say(&r, 0, 0, NULL, "empty file: no header");
	if (rc > 0 && map_header(&r, c, col) == 0) {
		while ((rc = ar_csv_next(c, why, sizeof why)) > 0) {
			unsigned long line = ar_csv_line(c), first;
			char *code = cell(c, col[K_CODE]), *nom = cell(c, col[K_NOM]);
			char *dep = cell(c, col[K_DEP]), *type = cell(c, col[K_TYPE]);
			char *decl = cell(c, col[K_DECL]);

			(*rows)++;
			if (*code == '\0') {
				say(&r, 0, line, "code", "empty code");
			} else {
				if (four_digits(code)) {
					char *padded = xasprintf("0%s", code);
					say(&r, 1, line, "code", "\"%s\" read as \"%s\" (a spreadsheet "
					    "lost its leading zero)", code, padded);
					free(code);
					code = padded;
				}
				if (cov_tally_candidature(t, code, nom, dep, type, line, &first) < 0)
					say(&r, 0, line, "code", "%s appears twice (first on line %lu)",
					    code, first);
				else
					declare(&r, t, code, decl, line);
			}
			free(code);
			free(nom);
			free(dep);
			free(type);
			free(decl);
		}
	}
	if (rc < 0)
		say(&r, 0, ar_csv_line(c), NULL, "%s", why);
	ar_csv_close(c);
	return r.errors ? -1 : 0;
}
