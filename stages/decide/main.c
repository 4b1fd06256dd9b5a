/*
 * arobase-decide - the jury's book before the jury, the palmarès after it.
 *
 * Fourth stage of the pipeline: reads the millésime's rules.json,
 * candidatures.csv, the history folder (past palmarès) and coverage.json
 * (written by arobase-coverage).  With --prepare it writes jury-book.json
 * (read by arobase-render --jury-book): every candidature with its allowed
 * range of arobases under R-min, R-first, R-five, R-drop and R-alert.  With
 * --jury it checks the jury's decisions (jury.csv) under those rules and
 * R-mention, R-member, R-kind, and writes palmares.json (read by
 * arobase-render) and palmares.csv.  A bad jury row goes to --rejects; a
 * decision that breaks a rule without derogation, an unknown mention or an
 * unresolved history name writes nothing and exits 65; an input file that
 * cannot be read as a whole is reported alone.  Any one input file may be
 * "-", standard input.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "arobase.h"
#include "collectivites.h"
#include "decide.h"
#include "history.h"
#include "ndjson.h"
#include "outfile.h"
#include "output.h"
#include "report.h"
#include "rules.h"
#include "xalloc.h"

/* The collectivités directory when --collectivites is not given. */
#define DEFAULT_COLLECTIVITES "input/collectivites"

static const char usage_line[] =
	"usage: arobase-decide --rules rules.json --candidatures candidatures.csv "
	"--history DIR --coverage coverage.json [--collectivites DIR] [--rejects FILE] "
	"[--strict] ( --prepare -o jury-book.json | --jury jury.csv -o palmares.json "
	"[--csv palmares.csv] )\n";

static void
help(void)
{
	fputs(usage_line, stdout);
	fputs("Prepares the jury's book, or checks the jury's decisions and writes the palmarès.\n"
	      "  -r, --rules FILE          the millésime's rules.json\n"
	      "  -c, --candidatures FILE   candidatures.csv\n"
	      "  -H, --history DIR         past palmarès (*.csv, sources.json, aliases.csv)\n"
	      "  -C, --coverage FILE       coverage.json of the millésime\n"
	      "      --collectivites DIR   the Etalab directory (default input/collectivites)\n"
	      "A FILE given as - is read from standard input (one of them at most).\n"
	      "  -p, --prepare             write the jury's book (jury-book.json) to -o\n"
	      "  -j, --jury FILE           the jury's decisions (jury.csv); palmares.json to -o\n"
	      "  -o, --output FILE         the book or the palmarès\n"
	      "      --csv FILE            with --jury: palmares.csv for spreadsheets\n"
	      "      --rejects FILE        with --jury: bad jury rows, JSON Lines\n"
	      "      --strict              a bad jury row fails the run (exit 65)\n"
	      "  -h, --help                print this help and exit\n"
	      "  -V, --version             print the version and exit\n", stdout);
}

/* Prints the run's messages in order. */
static void
report_msgs(const dc_run *run)
{
	for (size_t i = 0; i < run->nmsgs; i++) {
		const dc_msg *m = &run->msgs[i];
		if (m->level == DC_WARN)
			ar_warn(m->fichier, m->ligne, m->champ, "%s", m->texte);
		else
			ar_error(m->fichier, m->ligne, m->champ, "%s", m->texte);
	}
}

/* Prints the history's diagnostics; returns how many are errors.  An
 * unresolved name is an error when the jury's decisions are checked. */
static unsigned long
report_history(const ar_history *h, const char *dir, int jury)
{
	unsigned long errors = 0;

	for (size_t i = 0; i < ar_history_ndiags(h); i++) {
		const ar_history_diag *d = ar_history_diag_at(h, i);
		char *f = xasprintf("%s/%s", dir, d->fichier);
		if (d->error || (d->unresolved && jury)) {
			ar_error(*d->fichier ? f : dir, d->ligne, d->champ, "%s", d->message);
			errors++;
		} else {
			ar_warn(*d->fichier ? f : dir, d->ligne, d->champ, "%s", d->message);
		}
		free(f);
	}
	return errors;
}

/* Opens an output; reports and returns NULL on failure. */
static ar_outfile *
open_out(const char *path)
{
	ar_outfile *o = ar_outfile_open(path);
	if (o == NULL)
		ar_syserr(path, errno, "cannot create");
	return o;
}

/* Checks that an input can be read ("-", standard input, always can);
 * reports and returns -1 if not. */
static int
readable(const char *path, int dir)
{
	if (strcmp(path, "-") == 0 || access(path, dir ? R_OK | X_OK : R_OK) == 0)
		return 0;
	ar_syserr(path, errno, "cannot read");
	return -1;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"candidatures", required_argument, NULL, 'c'},
		{"collectivites", required_argument, NULL, 'D'},
		{"coverage", required_argument, NULL, 'C'},
		{"csv", required_argument, NULL, 'S'},
		{"help", no_argument, NULL, 'h'},
		{"history", required_argument, NULL, 'H'},
		{"jury", required_argument, NULL, 'j'},
		{"output", required_argument, NULL, 'o'},
		{"prepare", no_argument, NULL, 'p'},
		{"rejects", required_argument, NULL, 'R'},
		{"rules", required_argument, NULL, 'r'},
		{"strict", no_argument, NULL, 's'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0}
	};
	const char *rulespath = NULL, *candpath = NULL, *histdir = NULL, *covpath = NULL;
	const char *dirpath = NULL, *rejpath = NULL, *jurypath = NULL, *outpath = NULL;
	const char *csvpath = NULL;
	int prepare = 0, strict = 0, ch, status = AR_EXIT_OK, nstdin, jury_read = 0;
	ar_rules *rules = NULL;
	ar_collectivites *dir = NULL;
	ar_history *hist = NULL;
	ar_outfile *out = NULL, *csv = NULL, *rej = NULL;
	json_t *doc = NULL;
	dc_run run;
	char why[512];
	unsigned long undecided = 0, refused = 0, hist_errors = 0;
	char *undecided_list = xstrdup("");

	ar_set_progname("arobase-decide");
	argv[0] = (char *)ar_progname();  /* getopt's messages name the program as ours do */
	ar_outfile_cleanup_on_signals();
	dc_init(&run, NULL);

	while ((ch = getopt_long(argc, argv, "C:c:H:hj:o:pr:V", longopts, NULL)) != -1) {
		switch (ch) {
		case 'C': covpath = optarg; break;
		case 'D': dirpath = optarg; break;
		case 'H': histdir = optarg; break;
		case 'R': rejpath = optarg; break;
		case 'S': csvpath = optarg; break;
		case 'V': printf("arobase-decide %s\n", AROBASE_VERSION); goto done;
		case 'c': candpath = optarg; break;
		case 'h': help(); goto done;
		case 'j': jurypath = optarg; break;
		case 'o': outpath = optarg; break;
		case 'p': prepare = 1; break;
		case 'r': rulespath = optarg; break;
		case 's': strict = 1; break;
		default: fputs(usage_line, stderr); status = AR_EXIT_USAGE; goto done;
		}
	}
	/* "-" is standard input, which can feed one file only; the folders
	 * cannot come from it. */
	nstdin = (rulespath != NULL && strcmp(rulespath, "-") == 0) +
	         (candpath != NULL && strcmp(candpath, "-") == 0) +
	         (covpath != NULL && strcmp(covpath, "-") == 0) +
	         (jurypath != NULL && strcmp(jurypath, "-") == 0);
	if (optind != argc || rulespath == NULL || candpath == NULL || histdir == NULL ||
	    covpath == NULL || outpath == NULL || prepare == (jurypath != NULL) ||
	    (csvpath != NULL && prepare) || nstdin > 1 || strcmp(histdir, "-") == 0 ||
	    (dirpath != NULL && strcmp(dirpath, "-") == 0)) {
		if (optind != argc)
			ar_say("unexpected argument \"%s\"", argv[optind]);
		else if (prepare == (jurypath != NULL))
			ar_say("give either --prepare or --jury FILE");
		else if (csvpath != NULL && prepare)
			ar_say("--csv goes with --jury");
		else if (nstdin > 1)
			ar_say("standard input (-) can feed only one of --rules, "
			       "--candidatures, --coverage and --jury");
		else if (strcmp(histdir, "-") == 0 || (dirpath != NULL && strcmp(dirpath, "-") == 0))
			ar_say("--history and --collectivites take a folder, not standard input (-)");
		else
			ar_say("--rules, --candidatures, --history, --coverage and -o are required");
		fputs(usage_line, stderr);
		status = AR_EXIT_USAGE;
		goto done;
	}

	/* The inputs. */
	if (readable(rulespath, 0) < 0 || readable(candpath, 0) < 0 ||
	    readable(histdir, 1) < 0 || readable(covpath, 0) < 0 ||
	    (jurypath != NULL && readable(jurypath, 0) < 0)) {
		status = AR_EXIT_NOINPUT;
		goto done;
	}
	if ((rules = ar_rules_load(strcmp(rulespath, "-") == 0 ? "/dev/stdin" : rulespath,
	                           why, sizeof why)) == NULL) {
		ar_error(rulespath, 0, NULL, "%s", why);
		status = errno == ENOENT ? AR_EXIT_NOINPUT : AR_EXIT_DATAERR;
		goto done;
	}
	run.rules = rules;
	/* The directory: an explicit folder must be there (exit 66); without
	 * the default one, populations and régions stay unknown and history
	 * names resolve through candidatures.csv and aliases.csv only. */
	if (dirpath == NULL && access(DEFAULT_COLLECTIVITES, F_OK) != 0 && errno == ENOENT) {
		ar_warn(NULL, 0, NULL, "%s: not found: populations and régions unknown "
		        "(run make deps, or give --collectivites DIR)", DEFAULT_COLLECTIVITES);
	} else {
		dir = ar_collectivites_load(dirpath ? dirpath : DEFAULT_COLLECTIVITES,
		                            why, sizeof why);
		if (dir == NULL) {
			ar_error(NULL, 0, NULL, "%s", why);
			status = errno == ENOENT ? AR_EXIT_NOINPUT : AR_EXIT_DATAERR;
			goto done;
		}
	}
	run.dir = dir;
	/* A file that cannot be read as a whole is reported alone. */
	if (dc_read_candidatures(&run, candpath) < 0) {
		report_msgs(&run);
		status = AR_EXIT_DATAERR;
		goto done;
	}

	if ((hist = ar_history_load(histdir, why, sizeof why)) == NULL) {
		ar_error(NULL, 0, NULL, "%s", why);
		status = AR_EXIT_NOINPUT;
		goto done;
	} else {
		ar_history_candidat *hc = xcalloc(run.ncands + 1, sizeof *hc);
		for (size_t i = 0; i < run.ncands; i++) {
			hc[i].code = run.cands[i].code;
			hc[i].nom = run.cands[i].nom;
			hc[i].departement = run.cands[i].departement;
		}
		ar_history_resolve(hist, hc, run.ncands, dir);
		ar_history_merge(hist);
		free(hc);
		run.history = hist;
	}
	hist_errors = report_history(hist, histdir, jurypath != NULL);
	if (dc_read_coverage(&run, covpath) < 0) {
		report_msgs(&run);
		status = AR_EXIT_DATAERR;
		goto done;
	}
	dc_ranges(&run);
	if (jurypath != NULL && run.errors == 0) {
		if (dc_read_jury(&run, jurypath) < 0) {
			report_msgs(&run);
			status = AR_EXIT_DATAERR;
			goto done;
		}
		jury_read = 1;
		dc_check(&run, jurypath);
	}
	report_msgs(&run);

	for (size_t i = 0; i < run.ncands; i++) {
		const dc_cand *cd = &run.cands[i];
		if (cd->refus_regle != NULL) {
			refused++;
			if (prepare)
				ar_warn(candpath, cd->ligne, NULL, "%s (%s): refused: %s (%s): %s",
				        cd->nom, cd->code, cd->refus_regle, cd->refus_article,
				        cd->refus_why);
			continue;
		}
		if (jury_read && !cd->decided) {
			char *t;
			if (undecided < 10)
				t = xasprintf("%s%s%s", undecided_list, undecided ? ", " : " (",
				              cd->code);
			else
				t = xstrdup(undecided_list);
			free(undecided_list);
			undecided_list = t;
			undecided++;
			if (cd->jury_ligne == 0)
				ar_warn(jurypath, 0, NULL, "%s (%s): undecided: no jury row",
				        cd->nom, cd->code);
			else
				ar_warn(jurypath, cd->jury_ligne, NULL,
				        "%s (%s): undecided: its jury row was rejected",
				        cd->nom, cd->code);
		}
	}
	if (undecided > 0) {
		char *t = xasprintf("%s%s)", undecided_list, undecided > 10 ? ", ..." : "");
		free(undecided_list);
		undecided_list = t;
	}

	/* Nothing is written after an error, or a reject under --strict. */
	if (run.errors > 0 || hist_errors > 0) {
		status = AR_EXIT_DATAERR;
		goto done;
	}
	if (strict && run.jury_rejected > 0) {
		ar_error(jurypath, 0, NULL, "%lu bad row%s with --strict: nothing written",
		         run.jury_rejected, run.jury_rejected > 1 ? "s" : "");
		status = AR_EXIT_DATAERR;
		goto done;
	}
	if ((out = open_out(outpath)) == NULL ||
	    (csvpath != NULL && (csv = open_out(csvpath)) == NULL) ||
	    (rejpath != NULL && jurypath != NULL && (rej = open_out(rejpath)) == NULL)) {
		status = AR_EXIT_CANTCREAT;
		goto done;
	}
	doc = prepare ? dc_book_json(&run, hist) : dc_palmares_json(&run);
	if (dc_json_write(ar_outfile_stream(out), doc) != 0 ||
	    (csv != NULL && dc_palmares_csv(ar_outfile_stream(csv), &run) != 0)) {
		ar_syserr(NULL, errno, "write error");
		status = AR_EXIT_IOERR;
		goto done;
	}
	for (size_t i = 0; rej != NULL && i < run.nmsgs; i++)
		if (run.msgs[i].reject != NULL &&
		    ar_ndjson_write(ar_outfile_stream(rej), run.msgs[i].reject) != 0) {
			ar_syserr(rejpath, errno, "write error");
			status = AR_EXIT_IOERR;
			goto done;
		}
	if (rej != NULL && ar_outfile_commit(rej) != 0) {
		rej = NULL;
		ar_syserr(rejpath, errno, "cannot write");
		status = AR_EXIT_IOERR;
		goto done;
	}
	rej = NULL;
	if (csv != NULL && ar_outfile_commit(csv) != 0) {
		csv = NULL;
		ar_syserr(csvpath, errno, "cannot write");
		status = AR_EXIT_IOERR;
		goto done;
	}
	csv = NULL;
	if (ar_outfile_commit(out) != 0) {
		out = NULL;
		ar_syserr(outpath, errno, "cannot write");
		status = AR_EXIT_IOERR;
		goto done;
	}
	out = NULL;

done:
	ar_outfile_abort(out);
	ar_outfile_abort(csv);
	ar_outfile_abort(rej);
	if (status != AR_EXIT_USAGE && !(status == AR_EXIT_OK && rules == NULL)) {
		if (jurypath != NULL) {
			ar_summary(run.jury_rows, run.jury_rows - run.jury_rejected,
			           run.jury_rejected,
			           "; undecided %lu%s, refused %lu, violations %lu, derogations %lu, "
			           "cannot check %lu, unknown mentions %lu%s", undecided,
			           undecided_list, refused, run.violations, run.derogations,
			           run.cannot_check, run.unknown_mentions,
			           status == AR_EXIT_OK ? "" : "; nothing written");
		} else {
			ar_summary(run.ncands, run.ncands, 0, "; refused %lu%s", refused,
			           status == AR_EXIT_OK ? "" : "; nothing written");
		}
	}
	json_decref(doc);
	dc_free(&run);
	ar_history_free(hist);
	ar_collectivites_free(dir);
	ar_rules_free(rules);
	free(undecided_list);
	return status;
}
