/*
 * dates.c - dates of an export's Date column (see dates.h).
 */
#include "dates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Writes "yyyy-mm-dd" (year 0-9999, month 1-12, day 1-31) into iso. */
static void
put_iso(char iso[11], int y, int m, int d)
{
	iso[0] = (char)('0' + y / 1000 % 10);
	iso[1] = (char)('0' + y / 100 % 10);
	iso[2] = (char)('0' + y / 10 % 10);
	iso[3] = (char)('0' + y % 10);
	iso[4] = '-';
	iso[5] = (char)('0' + m / 10 % 10);
	iso[6] = (char)('0' + m % 10);
	iso[7] = '-';
	iso[8] = (char)('0' + d / 10 % 10);
	iso[9] = (char)('0' + d % 10);
	iso[10] = '\0';
}

int
ar_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	if (month < 1 || month > 12)
		return 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

/* Days from 1970-01-01 to y-m-d (Howard Hinnant's days_from_civil). */
static long
days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
ar_serial_to_iso(long serial, char iso[11])
{
	long base;
	int y, m, d;

	if (serial < 1 || serial > AR_SERIAL_MAX || serial == 60)
		return -1;
	/* 1 = 1900-01-01; from 61 on, the phantom 29 February shifts by one. */
	base = days_from_civil(1899, 12, serial < 60 ? 31 : 30);
	civil_from_days(base + serial, &y, &m, &d);
	put_iso(iso, y, m, d);
	return 0;
}

/* Writes y-m-d when it is a real day; returns 0, or -1 (why set). */
static int
emit(int y, int m, int d, char iso[11], const char **why)
{
	if (y < 1000 || y > 9999) {
		*why = "is out of range";
		return -1;
	}
	if (m < 1 || m > 12 || d < 1 || d > ar_days_in_month(y, m)) {
		*why = "does not exist";
		return -1;
	}
	put_iso(iso, y, m, d);
	return 0;
}

/* Reads 1 to maxd digits at *p; returns the value or -1. */
static long
digits(const char **p, int mind, int maxd)
{
	long v = 0;
	int n = 0;

	while (n < maxd && **p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n >= mind ? v : -1;
}

/* Accepts the rest of a day-first date: nothing, or a time "hh:mm[:ss]". */
static int
time_tail(const char *p)
{
	while (*p == ' ')
		p++;
	if (*p == '\0')
		return 1;
	if (digits(&p, 1, 2) < 0 || *p++ != ':' || digits(&p, 2, 2) < 0)
		return 0;
	if (*p == ':' && (p++, digits(&p, 2, 2) < 0))
		return 0;
	while (*p == ' ')
		p++;
	return *p == '\0';
}

/* Accepts the rest of an ISO date: nothing, or [T ]hh:mm[:ss[.f]][Z|±hh[:]mm]. */
static int
iso_tail(const char *p)
{
	if (*p == '\0')
		return 1;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return 0;
	p++;
	if (digits(&p, 2, 2) < 0 || *p++ != ':' || digits(&p, 2, 2) < 0)
		return 0;
	if (*p == ':') {
		p++;
		if (digits(&p, 2, 2) < 0)
			return 0;
		if (*p == '.' || *p == ',') {
			p++;
			if (digits(&p, 1, 9) < 0)
				return 0;
		}
	}
	if (*p == 'Z' || *p == 'z')
		p++;
	else if (*p == '+' || *p == '-') {
		p++;
		if (digits(&p, 2, 2) < 0)
			return 0;
		if (*p == ':')
			p++;
		if (*p != '\0' && digits(&p, 2, 2) < 0)
			return 0;
	}
	return *p == '\0';
}

static const struct {
	const char *name;   /* folded */
	int month;
} months[] = {
	{"janvier", 1}, {"janv", 1}, {"jan", 1},
	{"fevrier", 2}, {"fevr", 2}, {"fev", 2},
	{"mars", 3}, {"mar", 3},
	{"avril", 4}, {"avr", 4},
	{"mai", 5},
	{"juin", 6},
	{"juillet", 7}, {"juil", 7},
	{"aout", 8},
	{"septembre", 9}, {"sept", 9}, {"sep", 9},
	{"octobre", 10}, {"oct", 10},
	{"novembre", 11}, {"nov", 11},
	{"decembre", 12}, {"dec", 12},
};

static const char *const weekdays[] = {
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"
};

/*
 * "5 mars 2017": folded to "5 mars 2017" (ar_text_fold: lower case, no
 * accents, punctuation as spaces).  Returns 1 when it has that shape (iso or
 * why set by emit), 0 when it is not a French date at all.
 */
static int
french(const char *s, char iso[11], const char **why, int *rc)
{
	char *f = ar_text_fold(s), *w[6], *save = NULL, *tok;
	int n = 0, i = 0, month = 0;
	long day, year;
	const char *p;

	if (f == NULL)
		return 0;
	for (tok = strtok_r(f, " ", &save); tok != NULL && n < 6; tok = strtok_r(NULL, " ", &save))
		w[n++] = tok;
	if (tok != NULL || n < 3) {
		free(f);
		return 0;
	}
	for (size_t k = 0; k < sizeof weekdays / sizeof weekdays[0]; k++)
		if (strcmp(w[0], weekdays[k]) == 0)
			i = 1;
	if (n - i != 3 && !(n - i == 4 && strcmp(w[i + 1], "er") == 0)) {
		free(f);
		return 0;
	}
	p = w[i];
	day = digits(&p, 1, 2);
	if (day < 0 || (*p != '\0' && strcmp(p, "er") != 0)) {
		free(f);
		return 0;
	}
	if (n - i == 4)
		i++;            /* "1 er" once folded */
	for (size_t k = 0; k < sizeof months / sizeof months[0]; k++)
		if (strcmp(w[i + 1], months[k].name) == 0)
			month = months[k].month;
	p = w[i + 2];
	year = digits(&p, 4, 4);
	if (month == 0 || year < 0 || *p != '\0') {
		free(f);
		return 0;
	}
	free(f);
	*rc = emit((int)year, month, (int)day, iso, why);
	return 1;
}

int
ar_date_parse(const char *s, char iso[11], const char **why)
{
	const char *p;
	char buf[64];
	size_t n;
	long a, b, c;
	int rc;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0) {
		*why = "is empty";
		return -1;
	}
	if (n >= sizeof buf) {
		*why = "is not a date";
		return -1;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	p = buf;

	/* ISO: yyyy-mm-dd... */
	if (n >= 10 && buf[4] == '-' && buf[7] == '-') {
		a = digits(&p, 4, 4);
		if (a >= 0 && *p++ == '-' && (b = digits(&p, 2, 2)) >= 0 && *p++ == '-' &&
		    (c = digits(&p, 2, 2)) >= 0 && iso_tail(p))
			return emit((int)a, (int)b, (int)c, iso, why);
		*why = "is not a date";
		return -1;
	}
	/* Day first: d/m/yyyy, dd/mm/yy, with '/', '.' or '-'. */
	p = buf;
	a = digits(&p, 1, 2);
	if (a >= 0 && (*p == '/' || *p == '.' || *p == '-')) {
		char sep = *p++;

		b = digits(&p, 1, 2);
		if (b < 0 || *p++ != sep) {
			*why = "is not a date";
			return -1;
		}
		{
			const char *q = p;

			c = digits(&p, 2, 4);
			if (c < 0 || (p - q) == 3 || !time_tail(p)) {
				*why = "is not a date";
				return -1;
			}
			if (p - q == 2)
				c += c < 70 ? 2000 : 1900;
		}
		return emit((int)c, (int)b, (int)a, iso, why);
	}
	/* A spreadsheet serial, maybe with a time of day as decimals. */
	p = buf;
	a = digits(&p, 1, 8);
	if (a >= 0 && (*p == '\0' || ((*p == ',' || *p == '.') && p[1] != '\0'))) {
		if (*p != '\0') {
			p++;
			if (digits(&p, 1, 15) < 0 || *p != '\0') {
				*why = "is not a date";
				return -1;
			}
		}
		if (a >= 1000 && a <= 2999 && p == buf + 4) {
			*why = "is a year alone, not a date";
			return -1;
		}
		if (a < AR_SERIAL_MIN || a > AR_SERIAL_MAX) {
			*why = "is out of range";
			return -1;
		}
		return ar_serial_to_iso(a, iso) == 0 ? 0 : (*why = "is out of range", -1);
	}
	if (french(buf, iso, why, &rc))
		return rc;
	*why = "is not a date";
	return -1;
}
