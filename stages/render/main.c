/*
 * main.c - arobase-render: the palmarès turned into print-ready files.
 *
 * Last stage of the pipeline: reads rules.json and palmares.json (written by
 * arobase-decide) and writes into OUTDIR one certificate per laureate
 * (certificats/<code>.pdf, A4 landscape), all of them in certificats.pdf,
 * one entry-of-town panel per laureate (panneaux/<code>.pdf, .svg or .png,
 * R-panel) and the palmarès booklet (palmares.pdf).  Fonts are the pinned
 * ones of fonts.h; PDF dates come from SOURCE_DATE_EPOCH or the ceremony
 * date, so that two runs give the same bytes.  Every file is staged and
 * moved into OUTDIR only when all are complete (output.h): a failed run
 * writes nothing.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arobase.h"
#include "booklet.h"
#include "fonts.h"
#include "numparse.h"
#include "outfile.h"
#include "output.h"
#include "palmares.h"
#include "pages.h"
#include "pdffix.h"
#include "rderr.h"
#include "report.h"
#include "rules.h"
#include "xalloc.h"

#define USAGE \
	"usage: arobase-render --rules rules.json (--palmares palmares.json\n" \
	"                      | --jury-book jury-book.json | --coverage coverage.json\n" \
	"                      --referentiel referentiel.json) -o OUTDIR\n" \
	"                      [--what certificats,panneaux,booklet,mosaiques]\n" \
	"                      [--format pdf,svg,png] [--panel-size WxH] [--bleed MM]\n" \
	"                      [--crop-marks] [--outline-text]\n"

/* What to render (--what) and in which formats panels come (--format). */
enum { WHAT_CERT = 1, WHAT_PANEL = 2, WHAT_BOOKLET = 4, WHAT_MOSAIC = 8 };
enum { FMT_PDF = 1, FMT_SVG = 2, FMT_PNG = 4 };

struct options {
	const char *rules, *palmares, *jury_book, *coverage, *referentiel, *outdir;
	unsigned what;          /* WHAT_* bits */
	unsigned formats;       /* FMT_* bits */
	long long panel_w_mm;   /* panel width, mm (0: the default 350) */
	long long panel_h_mm;   /* panel height, mm (0: the default 250) */
	int print_options;      /* 1 when --bleed, --crop-marks or --outline-text is given */
	const char *print_option; /* the first of them, for the message */
};

static int
usage(void)
{
	ar_say("%s", "usage error (see --help)");
	fputs(USAGE, stderr);
	return AR_EXIT_USAGE;
}

/* Parses a comma-separated list of names into bits; returns -1 naming the bad one. */
static int
parse_list(const char *opt, const char *arg, const char *const *names,
           const unsigned *bits, unsigned *out)
{
	char *copy = xstrdup(arg), *save = NULL;

	*out = 0;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int k;

		for (k = 0; names[k] != NULL && strcmp(names[k], tok) != 0; k++)
			;
		if (names[k] == NULL) {
			ar_say("%s: unknown value \"%s\"", opt, tok);
			free(copy);
			return -1;
		}
		*out |= bits[k];
	}
	free(copy);
	if (*out == 0) {
		ar_say("%s: empty list", opt);
		return -1;
	}
	return 0;
}

static int
parse_size(const char *arg, long long *w, long long *h)
{
	const char *x = strchr(arg, 'x'), *why;
	char *first;
	int rc;

	if (x == NULL) {
		ar_say("--panel-size: \"%s\" is not WxH in millimetres (e.g. 800x400)", arg);
		return -1;
	}
	first = xstrndup(arg, (size_t)(x - arg));
	rc = ar_strtonum(first, 1, 5080, w, &why);
	free(first);
	if (rc != 0 || ar_strtonum(x + 1, 1, 5080, h, &why) != 0) {
		ar_say("--panel-size: \"%s\": a side %s (whole millimetres from 1 to 5080)", arg, why);
		return -1;
	}
	return 0;
}

static int
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"bleed", required_argument, NULL, 'B'},
		{"coverage", required_argument, NULL, 'c'},
		{"crop-marks", no_argument, NULL, 'C'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{"jury-book", required_argument, NULL, 'j'},
		{"outline-text", no_argument, NULL, 'O'},
		{"output", required_argument, NULL, 'o'},
		{"palmares", required_argument, NULL, 'p'},
		{"panel-size", required_argument, NULL, 's'},
		{"referentiel", required_argument, NULL, 'R'},
		{"rules", required_argument, NULL, 'r'},
		{"version", no_argument, NULL, 'V'},
		{"what", required_argument, NULL, 'w'},
		{NULL, 0, NULL, 0}
	};
	static const char *const what_names[] = {"certificats", "panneaux", "booklet",
	                                         "mosaiques", NULL};
	static const unsigned what_bits[] = {WHAT_CERT, WHAT_PANEL, WHAT_BOOKLET, WHAT_MOSAIC};
	static const char *const fmt_names[] = {"pdf", "svg", "png", NULL};
	static const unsigned fmt_bits[] = {FMT_PDF, FMT_SVG, FMT_PNG};
	int c;

	while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'B':
			o->print_options = 1;
			o->print_option = o->print_option ? o->print_option : "--bleed";
			break;
		case 'C':
			o->print_options = 1;
			o->print_option = o->print_option ? o->print_option : "--crop-marks";
			break;
		case 'O':
			o->print_options = 1;
			o->print_option = o->print_option ? o->print_option : "--outline-text";
			break;
		case 'R':
			o->referentiel = optarg;
			break;
		case 'V':
			printf("arobase-render %s\n", AROBASE_VERSION);
			return 1;
		case 'c':
			o->coverage = optarg;
			break;
		case 'f':
			if (parse_list("--format", optarg, fmt_names, fmt_bits, &o->formats) != 0)
				return usage();
			break;
		case 'h':
			fputs(USAGE, stdout);
			return 1;
		case 'j':
			o->jury_book = optarg;
			break;
		case 'o':
			o->outdir = optarg;
			break;
		case 'p':
			o->palmares = optarg;
			break;
		case 'r':
			o->rules = optarg;
			break;
		case 's':
			if (parse_size(optarg, &o->panel_w_mm, &o->panel_h_mm) != 0)
				return usage();
			break;
		case 'w':
			if (parse_list("--what", optarg, what_names, what_bits, &o->what) != 0)
				return usage();
			break;
		default:
			return usage();
		}
	}
	if (optind < argc) {
		ar_say("unexpected argument \"%s\"", argv[optind]);
		return usage();
	}
	/* The combination, checked once. */
	if (o->rules == NULL || o->outdir == NULL) {
		ar_say("--rules and -o are required");
		return usage();
	}
	if ((o->palmares != NULL) + (o->jury_book != NULL) +
	    (o->coverage != NULL || o->referentiel != NULL) != 1) {
		ar_say("give one of --palmares, --jury-book, or --coverage with --referentiel");
		return usage();
	}
	if (o->jury_book != NULL) {
		ar_say("--jury-book: rendering the jury book is not available yet");
		return AR_EXIT_USAGE;
	}
	if (o->coverage != NULL || o->referentiel != NULL || (o->what & WHAT_MOSAIC)) {
		ar_say("--coverage/--referentiel, --what mosaiques: rendering mosaïques is not available yet");
		return AR_EXIT_USAGE;
	}
	if (o->print_options) {
		ar_say("%s: print options (--bleed, --crop-marks, --outline-text) are not available yet",
		       o->print_option);
		return AR_EXIT_USAGE;
	}
	if (o->what == 0)
		o->what = WHAT_CERT | WHAT_PANEL | WHAT_BOOKLET;
	if (o->formats == 0)
		o->formats = FMT_PDF;
	return 0;
}

/* Renders everything into o (staged); returns 0 or -1 with e set. */
static int
render(const struct options *opt, rd_fonts *fonts, const ar_rules *rules,
       const rd_palmares *p, const char *iso, double pw, double ph, rd_out *out,
       rd_err *e)
{
	static const struct { unsigned bit; const char *ext; } fmts[] = {
		{FMT_PDF, "pdf"}, {FMT_SVG, "svg"}, {FMT_PNG, "png"}};
	rd_doc *all = NULL;

	if ((opt->what & WHAT_CERT) && p->n > 0) {
		all = rd_doc_pdf(out, "certificats.pdf", RD_CERT_W_MM, RD_CERT_H_MM, iso, e);
		if (all == NULL)
			return -1;
	}
	for (size_t i = 0; i < p->n; i++) {
		const rd_laureat *l = &p->laureats[i];

		if (opt->what & WHAT_CERT) {
			char *rel = xasprintf("certificats/%s.pdf", l->code);
			rd_doc *d = rd_doc_pdf(out, rel, RD_CERT_W_MM, RD_CERT_H_MM, iso, e);

			free(rel);
			if (d == NULL)
				goto fail;
			if (rd_draw_certificate(rd_doc_cairo(d), fonts, rules, l, e) != 0) {
				rd_doc_abort(d);
				goto fail;
			}
			if (rd_doc_close(d, e) != 0)
				goto fail;
			if (i > 0)
				rd_doc_page(all);
			if (rd_draw_certificate(rd_doc_cairo(all), fonts, rules, l, e) != 0)
				goto fail;
		}
		for (size_t k = 0; (opt->what & WHAT_PANEL) && k < 3; k++) {
			char *rel;
			rd_doc *d;

			if (!(opt->formats & fmts[k].bit))
				continue;
			rel = xasprintf("panneaux/%s.%s", l->code, fmts[k].ext);
			d = fmts[k].bit == FMT_PDF ? rd_doc_pdf(out, rel, pw, ph, iso, e)
			  : fmts[k].bit == FMT_SVG ? rd_doc_svg(out, rel, pw, ph, e)
			  : rd_doc_png(out, rel, pw, ph, e);
			free(rel);
			if (d == NULL)
				goto fail;
			if (rd_draw_panel(rd_doc_cairo(d), fonts, rules, l, pw, ph, NULL, e) != 0) {
				rd_doc_abort(d);
				goto fail;
			}
			if (rd_doc_close(d, e) != 0)
				goto fail;
		}
	}
	if (all != NULL && rd_doc_close(all, e) != 0)
		return -1;
	all = NULL;
	if ((opt->what & WHAT_BOOKLET) &&
	    rd_booklet(out, "palmares.pdf", fonts, rules, p, iso, e) != 0)
		return -1;
	return 0;
fail:
	rd_doc_abort(all);
	return -1;
}

int
main(int argc, char **argv)
{
	struct options opt;
	ar_rules *rules = NULL;
	rd_palmares *p = NULL;
	rd_fonts *fonts = NULL;
	rd_out *out = NULL;
	rd_err e = RD_ERR_INIT;
	char why[512], iso[32];
	double pw, ph;
	size_t n_read = 0, n_files = 0;
	int status = AR_EXIT_OK, rc;

	/* Set up. */
	ar_set_progname("arobase-render");
	ar_outfile_cleanup_on_signals();
	memset(&opt, 0, sizeof opt);

	/* Options, and their combination. */
	rc = parse_options(argc, argv, &opt);
	if (rc != 0)
		return rc == 1 ? AR_EXIT_OK : rc;

	/* Process: inputs, fonts, then every output staged. */
	rules = ar_rules_load(opt.rules, why, sizeof why);
	if (rules == NULL) {
		ar_error(opt.rules, 0, NULL, "%s", why);
		status = errno == ENOENT ? AR_EXIT_NOINPUT : AR_EXIT_DATAERR;
		goto done;
	}
	pw = opt.panel_w_mm ? (double)opt.panel_w_mm : 350;
	ph = opt.panel_h_mm ? (double)opt.panel_h_mm : 250;
	if (pw < rules->panneau_largeur_min_mm || ph < rules->panneau_hauteur_min_mm) {
		ar_say("--panel-size: %gx%g mm is under the charter's minimum of %g x %g mm "
		       "(%s: panneau.largeur_min_mm, panneau.hauteur_min_mm; R-panel, art. 11)",
		       pw, ph, rules->panneau_largeur_min_mm, rules->panneau_hauteur_min_mm,
		       opt.rules);
		status = AR_EXIT_USAGE;
		goto done;
	}
	if (rd_pdf_date_iso(getenv("SOURCE_DATE_EPOCH"), rules->ceremonie, iso, &e) != 0)
		goto failed;
	p = rd_palmares_load(opt.palmares, rules, &e);
	if (p == NULL)
		goto failed;
	n_read = p->n;
	if (p->n == 0)
		ar_warn(opt.palmares, 0, "laureats", "no laureate: no certificate and no panel");
	fonts = rd_fonts_open(NULL, &e);
	if (fonts == NULL)
		goto failed;
	out = rd_out_begin(opt.outdir, &e);
	if (out == NULL)
		goto failed;
	if (render(&opt, fonts, rules, p, iso, pw, ph, out, &e) != 0)
		goto failed;
	n_files = rd_out_count(out);
	rc = rd_out_commit(out, &e);
	out = NULL;
	if (rc != 0)
		goto failed;
	goto done;
failed:
	ar_say("%s", e.msg);
	status = e.status ? e.status : AR_EXIT_SOFTWARE;
	n_files = 0;
done:
	/* Clean up, through one exit path. */
	rd_out_abort(out);
	rd_fonts_free(fonts);
	rd_palmares_free(p);
	ar_rules_free(rules);
	if (status == AR_EXIT_OK)
		ar_summary(n_read, n_read, 0, "; files %zu", n_files);
	else
		ar_summary(n_read, 0, n_read, "; files 0, nothing written");
	return status;
}
