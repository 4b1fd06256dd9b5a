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
 * writes nothing, and a successful one removes, as it installs its files,
 * the certificates, panels or mosaïques of an earlier run that it did not
 * write (collectivités no longer in the input).  Every laureate's text is
 * checked against the pinned fonts before anything is drawn, so that each
 * bad one is reported.  Any one input may be "-", standard input.  With --coverage and --referentiel it draws the mosaïques
 * instead (mosaiques/, mosaique.h); with --jury-book, the jury's book
 * (livre-du-jury.pdf, jurybook.h).
 */
#include <errno.h>
#include <getopt.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arobase.h"
#include "booklet.h"
#include "collectivites.h"
#include "fonts.h"
#include "jsonin.h"
#include "jurybook.h"
#include "mosaique.h"
#include "numparse.h"
#include "outfile.h"
#include "output.h"
#include "palmares.h"
#include "pages.h"
#include "pdffix.h"
#include "print.h"
#include "rderr.h"
#include "report.h"
#include "rules.h"
#include "textfit.h"
#include "xalloc.h"

#define USAGE \
	"usage: arobase-render --rules rules.json (--palmares palmares.json\n" \
	"                      | --jury-book jury-book.json | --coverage coverage.json\n" \
	"                      --referentiel referentiel.json) -o OUTDIR\n" \
	"                      [--what certificats,panneaux,booklet,mosaiques]\n" \
	"                      [--format pdf,svg,png] [--panel-size WxH] [--bleed MM]\n" \
	"                      [--crop-marks] [--outline-text] [--panel-name]\n" \
	"                      [--dpi N] [--collectivites DIR]\n"

/* What to render (--what) and in which formats panels come (--format). */
enum { WHAT_CERT = 1, WHAT_PANEL = 2, WHAT_BOOKLET = 4, WHAT_MOSAIC = 8 };
enum { FMT_PDF = 1, FMT_SVG = 2, FMT_PNG = 4 };

struct options {
	const char *rules, *palmares, *jury_book, *coverage, *referentiel, *outdir;
	const char *collectivites; /* --collectivites DIR: names of the mosaïques and of the
	                              booklet's régions, or NULL */
	long long dpi;          /* --dpi: PNG resolution of the mosaïques (0: 150) */
	unsigned what;          /* WHAT_* bits */
	unsigned formats;       /* FMT_* bits */
	long long panel_w_mm;   /* panel width, mm (0: the default 350) */
	long long panel_h_mm;   /* panel height, mm (0: the default 250) */
	rd_print print;         /* --bleed, --crop-marks, --outline-text, --panel-name */
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

/* --bleed MM: whole millimetres, RD_BLEED_MIN_MM to RD_BLEED_MAX_MM. */
static int
parse_bleed(const char *arg, rd_print *pr)
{
	long long mm;
	const char *why;

	if (ar_strtonum(arg, RD_BLEED_MIN_MM, RD_BLEED_MAX_MM, &mm, &why) != 0) {
		ar_say("--bleed: \"%s\" %s (whole millimetres from %d to %d; 3 is the usual bleed)",
		       arg, why, RD_BLEED_MIN_MM, RD_BLEED_MAX_MM);
		return -1;
	}
	pr->bleed_mm = (double)mm;
	pr->boxes = 1;
	return 0;
}

static int
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"bleed", required_argument, NULL, 'B'},
		{"collectivites", required_argument, NULL, 'D'},
		{"coverage", required_argument, NULL, 'c'},
		{"crop-marks", no_argument, NULL, 'C'},
		{"dpi", required_argument, NULL, 'd'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{"jury-book", required_argument, NULL, 'j'},
		{"outline-text", no_argument, NULL, 'O'},
		{"output", required_argument, NULL, 'o'},
		{"palmares", required_argument, NULL, 'p'},
		{"panel-name", no_argument, NULL, 'N'},
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
			if (parse_bleed(optarg, &o->print) != 0)
				return usage();
			break;
		case 'C':
			o->print.crop_marks = 1;
			o->print.boxes = 1;
			break;
		case 'D':
			o->collectivites = optarg;
			break;
		case 'N':
			o->print.with_name = 1;
			break;
		case 'O':
			o->print.outline_text = 1;
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
		case 'd': {
			const char *why;

			if (ar_strtonum(optarg, 36, 1200, &o->dpi, &why) != 0) {
				ar_say("--dpi: \"%s\" %s (dots per inch, from 36 to 1200)", optarg, why);
				return usage();
			}
			break;
		}
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
	if (strcmp(o->outdir, "-") == 0) {
		ar_say("-o -: arobase-render writes a folder of files, not a stream; "
		       "name a folder (./- for a folder called \"-\")");
		return usage();
	}
	{
		const char *in[] = {o->rules, o->palmares, o->jury_book, o->coverage,
		                    o->referentiel};
		int n_stdin = 0;

		for (size_t k = 0; k < sizeof in / sizeof in[0]; k++)
			n_stdin += in[k] != NULL && strcmp(in[k], "-") == 0;
		if (n_stdin > 1) {
			ar_say("standard input (-) can feed only one of --rules, --palmares, "
			       "--jury-book, --coverage and --referentiel");
			return usage();
		}
	}
	if ((o->jury_book != NULL && o->palmares != NULL) ||
	    (o->jury_book == NULL && o->palmares == NULL && o->coverage == NULL &&
	     o->referentiel == NULL)) {
		ar_say("give one of --palmares, --jury-book, or --coverage with --referentiel");
		return usage();
	}
	if ((o->coverage != NULL) != (o->referentiel != NULL)) {
		ar_say("--coverage and --referentiel go together");
		return usage();
	}
	if (o->jury_book != NULL && o->what != 0) {
		ar_say("--what: not with --jury-book (it renders livre-du-jury.pdf)");
		return usage();
	}
	if (o->coverage != NULL && o->jury_book == NULL) {
		if (o->what == 0)
			o->what = WHAT_MOSAIC;
		if (o->what != WHAT_MOSAIC) {
			ar_say("--what: with --coverage only mosaiques (certificates, panels and the booklet come from --palmares alone)");
			return usage();
		}
	} else if (o->what & WHAT_MOSAIC) {
		ar_say("--what mosaiques: needs --coverage and --referentiel");
		return usage();
	}
	if (o->collectivites != NULL && o->jury_book != NULL) {
		ar_say("--collectivites: not with --jury-book (it names the mosaïques and the "
		       "booklet's régions)");
		return usage();
	}
	if (o->what == 0)
		o->what = WHAT_CERT | WHAT_PANEL | WHAT_BOOKLET;
	if (o->formats == 0)
		o->formats = FMT_PDF;
	return 0;
}

/*
 * Renders everything into o (staged); returns 0 or -1 with e set and
 * *n_bad 1 when a laureate's own text was at fault (a name that cannot fit).
 */
static int
render(const struct options *opt, rd_fonts *fonts, const ar_rules *rules,
       const rd_palmares *p, const char *iso, double pw, double ph, rd_out *out,
       size_t *n_bad, rd_err *e)
{
	static const struct { unsigned bit; const char *ext; rd_panel_format pf; } fmts[] = {
		{FMT_PDF, "pdf", RD_PANEL_PDF}, {FMT_SVG, "svg", RD_PANEL_SVG},
		{FMT_PNG, "png", RD_PANEL_PNG}};
	rd_doc *all = NULL;
	int at_fault = 0;
	/* Progress on a terminal, for long runs only (never in pipes or tests). */
	const int progress = p->n >= 200 && ar_progress_wanted();
	int rc;

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
		/* The panel, then with --panel-name its variant <code>-nom with the name. */
		for (size_t k = 0; (opt->what & WHAT_PANEL) && k < 6; k++) {
			rd_print pr = opt->print;
			char *rel;

			if (!(opt->formats & fmts[k % 3].bit) || (k >= 3 && !pr.with_name))
				continue;
			pr.with_name = k >= 3;
			rel = xasprintf("panneaux/%s%s.%s", l->code, k >= 3 ? "-nom" : "",
			                fmts[k % 3].ext);
			rc = rd_render_panel(out, rel, fmts[k % 3].pf, &pr, fonts, rules,
			                     l, pw, ph, iso, e);
			free(rel);
			if (rc != 0)
				goto fail;
		}
		if (progress && ((i + 1) % 100 == 0 || i + 1 == p->n))
			fprintf(stderr, "\rarobase-render: rendering %zu/%zu%s", i + 1, p->n,
			        i + 1 == p->n ? "\r\033[K" : "");
	}
	if (all != NULL && rd_doc_close(all, e) != 0)
		return -1;
	all = NULL;
	if ((opt->what & WHAT_BOOKLET) &&
	    rd_booklet(out, "palmares.pdf", fonts, rules, p, iso, &at_fault, e) != 0) {
		*n_bad = at_fault && e->status == AR_EXIT_DATAERR;
		return -1;
	}
	return 0;
fail:
	/* Every failure inside the loop comes from laureate i's own text, or a file. */
	*n_bad = e->status == AR_EXIT_DATAERR;
	rd_doc_abort(all);
	return -1;
}

/* The --format list as rd_out_prune wants it ("pdf,svg"). */
static const char *
format_exts(unsigned formats)
{
	static const char *const lists[8] = {"", "pdf", "svg", "pdf,svg", "png", "pdf,png",
	                                     "svg,png", "pdf,svg,png"};

	return lists[formats & 7];
}

/*
 * Reports what rd_out_commit pruned: the outputs of an earlier run it
 * removed, folder by folder, and the unknown files it left.
 */
static void
report_pruned(const char *outdir, const rd_out_report *r)
{
	for (size_t k = 0; k < r->n_unknown; k++)
		ar_warn(NULL, 0, NULL, "%s/%s: not a file arobase-render writes; left in place",
		        outdir, r->unknown[k]);
	for (size_t k = 0; k < r->n_folders; k++)
		if (r->folder_removed[k] > 0)
			ar_say("%s/%s: removed %zu file%s of an earlier run that this run did not "
			       "write (collectivité%s no longer in the input)", outdir, r->folder[k],
			       r->folder_removed[k], r->folder_removed[k] > 1 ? "s" : "",
			       r->folder_removed[k] > 1 ? "s" : "");
}

/* Names the booklet's régions from the collectivités directory (--collectivites,
 * else input/collectivites when it exists) when palmares.json did not; returns 0
 * or -1 with e set (an explicit folder that cannot be read). */
static const char *
region_nom_of(void *dir, const char *code)
{
	return ar_region_nom(dir, code);
}

static int
name_regions(const struct options *opt, rd_palmares *p, rd_err *e)
{
	const char *dirname = opt->collectivites ? opt->collectivites : "input/collectivites";
	ar_collectivites *dir;
	struct stat st;
	char why[512];
	size_t missing = 0;

	for (size_t i = 0; i < p->n; i++)
		missing += p->laureats[i].region != NULL && p->laureats[i].region_nom == NULL;
	if (missing == 0 || !(opt->what & WHAT_BOOKLET))
		return 0;
	if (opt->collectivites == NULL && stat(dirname, &st) != 0)
		return 0;
	dir = ar_collectivites_load(dirname, why, sizeof why);
	if (dir == NULL) {
		if (opt->collectivites != NULL)
			return rd_err_set(e, errno == ENOENT ? AR_EXIT_NOINPUT : AR_EXIT_DATAERR,
			                  "%s", why);
		ar_warn(NULL, 0, NULL, "%s; the booklet shows région codes", why);
		return 0;
	}
	rd_palmares_name_regions(p, region_nom_of, dir);
	ar_collectivites_free(dir);
	return 0;
}

/* One laureate field drawn somewhere: the field's name and its text. */
static size_t
check_field(rd_fonts *fonts, const char *path, const rd_laureat *l,
            const char *field, const char *text)
{
	const char *why;
	unsigned bad;

	if (text == NULL || rd_text_check(fonts, text, &bad, &why) == 0)
		return 0;
	ar_error(path, 0, NULL, "laureats[%zu] (%s): %s: character U+%04X %s: \"%s\"",
	         l->index, l->code, field, bad, why, text);
	return 1;
}

/*
 * Checks, before drawing, that every text of every laureate can be drawn
 * with the pinned fonts; reports each field at fault.  Returns the number
 * of laureates at fault.
 */
static size_t
check_glyphs(rd_fonts *fonts, const char *path, const rd_palmares *p)
{
	size_t n_bad = 0;

	for (size_t i = 0; i < p->n; i++) {
		const rd_laureat *l = &p->laureats[i];
		size_t bad = 0;

		bad += check_field(fonts, path, l, "nom", l->nom);
		bad += check_field(fonts, path, l, "departement", l->departement);
		bad += check_field(fonts, path, l, l->region_nom ? "region_nom" : "region",
		                   l->region_nom ? l->region_nom : l->region);
		for (size_t k = 0; k < l->n_mentions; k++) {
			char field[32];

			snprintf(field, sizeof field, "mentions[%zu]", k);
			bad += check_field(fonts, path, l, field, l->mentions[k]);
		}
		n_bad += bad > 0;
	}
	return n_bad;
}

/* The mosaïques' inputs and outputs, freed together. */
struct mos_run {
	ar_referentiel *ref;   /* --referentiel */
	rd_coverage *cov;      /* --coverage */
	rd_palmares *p;        /* --palmares (names), or NULL */
	ar_collectivites *dir; /* --collectivites (names), or NULL */
	rd_jury_book *jb;      /* --jury-book, or NULL */
	rd_fonts *fonts;       /* pinned fonts */
	rd_out *out;           /* staged outputs */
};

/* Loads --referentiel and --coverage (when given); returns 0 or -1 with e set. */
static int
load_coverage(const struct options *opt, const ar_rules *rules, struct mos_run *m, rd_err *e)
{
	if (opt->coverage == NULL)
		return 0;
	m->ref = rd_referentiel_open(opt->referentiel, rules->millesime, e);
	if (m->ref == NULL)
		return -1;
	m->cov = rd_coverage_load(opt->coverage, m->ref, opt->referentiel, rules->millesime, e);
	return m->cov == NULL ? -1 : 0;
}

/* Commits or aborts m->out and frees everything of m; returns rc or the commit's.
 * rep (may be NULL) receives what the commit pruned (rd_out_report_free). */
static int
mos_end(struct mos_run *m, int rc, size_t *n_files, rd_out_report *rep, rd_err *e)
{
	if (rc == 0 && m->out != NULL) {
		*n_files = rd_out_count(m->out);
		rc = rd_out_commit(m->out, rep, e);
		m->out = NULL;
	}
	rd_out_abort(m->out);
	rd_fonts_free(m->fonts);
	rd_jury_book_free(m->jb);
	ar_collectivites_free(m->dir);
	rd_palmares_free(m->p);
	rd_coverage_free(m->cov);
	ar_referentiel_free(m->ref);
	return rc;
}

/* --coverage with --referentiel: mosaiques/ (mosaique.h); returns 0 or -1 with e set. */
static int
run_mosaiques(const struct options *opt, const ar_rules *rules, const char *iso,
              size_t *n_read, size_t *n_files, rd_out_report *rep, rd_err *e)
{
	struct mos_run m = {0};
	unsigned formats = ((opt->formats & FMT_PDF) ? RD_MOSAIC_PDF : 0) |
	                   ((opt->formats & FMT_SVG) ? RD_MOSAIC_SVG : 0) |
	                   ((opt->formats & FMT_PNG) ? RD_MOSAIC_PNG : 0);
	char why[512];
	int rc = -1;

	if (load_coverage(opt, rules, &m, e) != 0)
		return mos_end(&m, -1, n_files, NULL, e);
	*n_read = m.cov->n;
	if (opt->palmares != NULL && (m.p = rd_palmares_load(opt->palmares, rules, e)) == NULL)
		return mos_end(&m, -1, n_files, NULL, e);
	if (opt->collectivites != NULL) {
		m.dir = ar_collectivites_load(opt->collectivites, why, sizeof why);
		if (m.dir == NULL) {
			rd_err_set(e, errno == ENOENT ? AR_EXIT_NOINPUT : AR_EXIT_DATAERR, "%s", why);
			return mos_end(&m, -1, n_files, NULL, e);
		}
	}
	if ((m.fonts = rd_fonts_open(NULL, e)) != NULL &&
	    (m.out = rd_out_begin(opt->outdir, e)) != NULL) {
		rc = rd_mosaiques_render(m.out, m.fonts, m.ref, m.cov, m.p, m.dir,
		                         formats ? formats : RD_MOSAIC_PDF,
		                         opt->dpi ? (double)opt->dpi : 150, iso, e);
		rd_out_prune(m.out, "mosaiques", format_exts(opt->formats), 0);
	}
	return mos_end(&m, rc, n_files, rep, e);
}

/* --jury-book: livre-du-jury.pdf (jurybook.h); returns 0 or -1 with e set. */
static int
run_jury_book(const struct options *opt, const ar_rules *rules, const char *iso,
              size_t *n_read, size_t *n_files, rd_err *e)
{
	struct mos_run m = {0};
	int rc = -1;

	m.jb = rd_jury_book_load(opt->jury_book, rules, e);
	if (m.jb == NULL)
		return mos_end(&m, -1, n_files, NULL, e);
	*n_read = m.jb->n + m.jb->n_refused;
	if (load_coverage(opt, rules, &m, e) != 0)
		return mos_end(&m, -1, n_files, NULL, e);
	if ((m.fonts = rd_fonts_open(NULL, e)) != NULL &&
	    (m.out = rd_out_begin(opt->outdir, e)) != NULL)
		rc = rd_jury_book_render(m.out, "livre-du-jury.pdf", m.fonts, rules, m.jb, m.ref,
		                         m.cov, iso, e);
	return mos_end(&m, rc, n_files, NULL, e);
}

int
main(int argc, char **argv)
{
	struct options opt;
	ar_rules *rules = NULL;
	rd_palmares *p = NULL;
	rd_fonts *fonts = NULL;
	rd_out *out = NULL;
	rd_out_report pruned;
	rd_err e = RD_ERR_INIT;
	char why[512], iso[32];
	double pw, ph;
	size_t n_read = 0, n_files = 0, n_bad = 0;
	int status = AR_EXIT_OK, rc;

	/* Set up. */
	ar_set_progname("arobase-render");
	argv[0] = (char *)ar_progname();  /* getopt's messages name the program as ours do */
	ar_outfile_cleanup_on_signals();
	memset(&opt, 0, sizeof opt);
	memset(&pruned, 0, sizeof pruned);

	/* Options, and their combination. */
	rc = parse_options(argc, argv, &opt);
	if (rc != 0)
		return rc == 1 ? AR_EXIT_OK : rc;

	/* Process: inputs, fonts, then every output staged. */
	rules = ar_rules_load(rd_input_path(opt.rules), why, sizeof why);
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
	if (opt.jury_book != NULL || opt.coverage != NULL) {
		rc = opt.jury_book != NULL
		         ? run_jury_book(&opt, rules, iso, &n_read, &n_files, &e)
		         : run_mosaiques(&opt, rules, iso, &n_read, &n_files, &pruned, &e);
		if (rc != 0)
			goto failed;
		report_pruned(opt.outdir, &pruned);
		goto done;
	}
	p = rd_palmares_load(opt.palmares, rules, &e);
	if (p == NULL)
		goto failed;
	n_read = p->n;
	if (p->n == 0)
		ar_warn(opt.palmares, 0, "laureats", "no laureate: no certificate and no panel");
	if (name_regions(&opt, p, &e) != 0)
		goto failed;
	fonts = rd_fonts_open(NULL, &e);
	if (fonts == NULL)
		goto failed;
	/* Every bad laureate reported before anything is drawn. */
	n_bad = check_glyphs(fonts, opt.palmares, p);
	if (n_bad > 0) {
		status = AR_EXIT_DATAERR;
		goto done;
	}
	out = rd_out_begin(opt.outdir, &e);
	if (out == NULL)
		goto failed;
	if (render(&opt, fonts, rules, p, iso, pw, ph, out, &n_bad, &e) != 0)
		goto failed;
	/* Outputs of an earlier run for collectivités no longer here go with the commit. */
	if (opt.what & WHAT_CERT)
		rd_out_prune(out, "certificats", "pdf", 0);
	if (opt.what & WHAT_PANEL)
		rd_out_prune(out, "panneaux", format_exts(opt.formats), RD_PRUNE_NOM);
	n_files = rd_out_count(out);
	rc = rd_out_commit(out, &pruned, &e);
	out = NULL;
	if (rc != 0)
		goto failed;
	report_pruned(opt.outdir, &pruned);
	goto done;
failed:
	ar_say("%s", e.msg);
	status = e.status ? e.status : AR_EXIT_SOFTWARE;
done:
	/* Clean up, through one exit path. */
	rd_out_abort(out);
	rd_fonts_free(fonts);
	rd_palmares_free(p);
	ar_rules_free(rules);
	/*
	 * As in the other stages, written counts the laureates that passed and
	 * rejected the ones at fault, so that read = written + rejected even on a
	 * failed run; the suffix then says that no file was written.
	 */
	if (status == AR_EXIT_OK && pruned.removed > 0)
		ar_summary(n_read, n_read, 0, "; files %zu, earlier files removed %zu", n_files,
		           pruned.removed);
	else if (status == AR_EXIT_OK)
		ar_summary(n_read, n_read, 0, "; files %zu", n_files);
	else
		ar_summary(n_read, n_read - n_bad, n_bad, "; files 0; nothing written");
	rd_out_report_free(&pruned);
	return status;
}
