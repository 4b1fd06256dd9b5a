/*
 * booklet.h - the palmarès booklet printed for the ceremony (palmares.pdf).
 *
 * A4 portrait: a cover (the label's name, the millésime, the number of
 * laureates, the ceremony's date and place), the year's figures as bar
 * charts drawn with cairo (laureates by arobases, by kind, by région), then
 * the laureates grouped by arobases (most first) and sorted by name
 * (rd_name_key), each with its département, kind and mentions.
 *
 * Example:
 *     if (rd_booklet(out, "palmares.pdf", fonts, rules, palmares, iso, NULL, &e) != 0) ... e ...
 */
#ifndef AROBASE_RENDER_BOOKLET_H
#define AROBASE_RENDER_BOOKLET_H

#include "fonts.h"
#include "output.h"
#include "palmares.h"
#include "rderr.h"
#include "rules.h"

/*
 * Writes the booklet of p to rel (relative to o's folder), dated iso (ISO
 * 8601 UTC, rd_pdf_date_iso).  Returns 0, or -1 with e set (nothing
 * staged); then *at_fault (when not NULL) is 1 when a laureate's own text
 * was the cause (a name or mention that cannot be drawn or fit), else 0.
 */
int rd_booklet(rd_out *o, const char *rel, rd_fonts *f, const ar_rules *rules,
               const rd_palmares *p, const char *iso, int *at_fault, rd_err *e);

#endif
