/*
 * dates.h - reading the dates staff leave in an export's Date column, for
 * arobase-ingest (R-window needs the action's last publication/update date).
 *
 * Accepted forms (surrounding spaces ignored), always day first:
 *   dd/mm/yyyy, d/m/yyyy (also with '.' or '-'), optionally followed by a
 *     time "10:00" or "10:00:00", which is dropped;
 *   dd/mm/yy: two-digit years pivot at 70: 00-69 are 2000-2069, 70-99 are
 *     1970-1999;
 *   ISO 8601: yyyy-mm-dd, optionally followed by 'T' or a space and a time,
 *     with optional fraction and zone ("2017-03-05T10:00:00Z"): the date part
 *     is kept as written, never shifted by the zone;
 *   French month names: "5 mars 2017", "1er mars 2017", "05 MARS 2017",
 *     "lundi 6 mars 2017", abbreviations "janv.", "févr.", "sept." ...;
 *   spreadsheet serial numbers of the 1900 system (day 1 = 1900-01-01, with
 *     the phantom 29 February 1900 as day 60, so day 0 = 1899-12-30 from day
 *     61 on), with a decimal part (comma or point) for the time of day, which
 *     is dropped.  In a cell, only serials from AR_SERIAL_MIN (1927-05-18)
 *     are read: a smaller number, "2017" above all, is a year or a count, not
 *     a date, and is refused rather than read as 1905-07-09.
 * An impossible calendar date (31/02/2017, 29/02/2017) is refused, never
 * moved to a neighbouring day.
 */
#ifndef AROBASE_INGEST_DATES_H
#define AROBASE_INGEST_DATES_H

#include <stddef.h>

/* The smallest spreadsheet serial number read from a cell (1927-05-18). */
#define AR_SERIAL_MIN 10000L
/* The largest (9999-12-31). */
#define AR_SERIAL_MAX 2958465L

/* Number of days of month (1-12) in year (proleptic Gregorian); 0 when month is out of range. */
int ar_days_in_month(int year, int month);

/*
 * Converts a 1900-system serial day number (1 = 1900-01-01) to an ISO date
 * written into iso (11 bytes).  Returns 0, or -1 for serial 60 (the 29
 * February 1900 that spreadsheets invent) and numbers outside 1..AR_SERIAL_MAX.
 */
int ar_serial_to_iso(long serial, char iso[11]);

/*
 * Reads the date in the NUL-terminated UTF-8 string s (NFC) and writes it
 * as ISO "yyyy-mm-dd" into iso (11 bytes).  Returns 0 on success; otherwise
 * -1 and *why (static English text, to follow the quoted value) says why:
 * "is empty", "is not a date", "is a year alone, not a date",
 * "does not exist" (an impossible day), "is out of range".
 */
int ar_date_parse(const char *s, char iso[11], const char **why);

#endif
