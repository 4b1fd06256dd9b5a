/*
 * arobase-filter - keeps the actions that count for the millésime.
 *
 * Second stage of the pipeline: reads actions.ndjson (written by
 * arobase-ingest) strictly, applies R-statut and R-window with the
 * millésime's rules.json, and writes the retained actions unchanged to
 * retained.ndjson (read by arobase-coverage).  Every excluded action goes
 * to the --rejects file with a "motif".  Memory does not depend on the
 * number of actions.  A file error (invalid JSON or UTF-8, a wrong shape)
 * writes nothing and exits 65.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arobase.h"
#include "ndjson.h"
#include "outfile.h"
#include "report.h"
#include "retain.h"
#include "rules.h"

static const char usage_line[] =
	"usage: arobase-filter --rules rules.json -o retained.ndjson "
	"[--rejects excluded.ndjson] actions.ndjson\n";

/* What the run counted, for the summary line. */
struct counts {
	unsigned long read;        /* actions read */
	unsigned long written;     /* actions retained */
	unsigned long rejected;    /* actions excluded (all reasons) */
	unsigned long statut[8];   /* excluded by R-statut, by statut bit */
	unsigned long window;      /* excluded by R-window */
	unsigned long no_service;  /* excluded: no service */
	unsigned long no_coll;     /* excluded: no collectivité */
};

static void
usage(FILE *fp)
{
	fputs(usage_line, fp);
}

static void
help(void)
{
	usage(stdout);
	fputs("Keeps the actions that count for the millésime (R-window, R-statut).\n"
	      "  -r, --rules FILE     the millésime's rules.json (window, retained statuses)\n"
	      "  -o, --output FILE    retained actions, JSON Lines (- for standard output)\n"
	      "      --rejects FILE   excluded actions, each with its \"motif\"\n"
	      "  -h, --help           print this help and exit\n"
	      "  -V, --version        print the version and exit\n", stdout);
}

static void
summary(const struct counts *c)
{
	char extra[160] = "";

	if (c->statut[AR_STATUT_EN_COURS] > 0 || c->statut[AR_STATUT_REALISEE] > 0)
		snprintf(extra, sizeof extra, ", en_cours %lu, realisee %lu",
		         c->statut[AR_STATUT_EN_COURS], c->statut[AR_STATUT_REALISEE]);
	ar_summary(c->read, c->written, c->rejected,
	           "; prevue %lu, outside window %lu, no service %lu, no collectivité %lu%s",
	           c->statut[AR_STATUT_PREVUE], c->window, c->no_service, c->no_coll,
	           extra);
}

/*
 * Reads every action of in and writes it to out or rej.  Returns AR_EXIT_OK
 * or the status of the first file error (already reported).
 */
static int
filter(ar_ndjson *in, const char *inpath, const ar_rules *rules, FILE *out,
       FILE *rej, struct counts *c)
{
	char why[512], motif[80];
	json_t *obj;
	int rc;

	while ((rc = ar_ndjson_next(in, &obj, why, sizeof why)) > 0) {
		unsigned long line = ar_ndjson_line(in);
		const char *field;
		enum ar_exclusion x;
		ar_action a;

		if (ar_action_view(obj, &a, &field, why, sizeof why) < 0) {
			ar_error(inpath, line, field, "%s", why);
			json_decref(obj);
			return AR_EXIT_DATAERR;
		}
		c->read++;
		x = ar_retain(rules, &a);
		if (x == AR_RETAINED) {
			if (ar_ndjson_write(out, obj) < 0) {
				ar_syserr(NULL, errno, "write error");
				json_decref(obj);
				return AR_EXIT_IOERR;
			}
			c->written++;
			json_decref(obj);
			continue;
		}
		c->rejected++;
		switch (x) {
		case AR_EXCL_STATUT: c->statut[a.statut_bit]++; break;
		case AR_EXCL_WINDOW: c->window++; break;
		case AR_EXCL_NO_SERVICE: c->no_service++; break;
		default: c->no_coll++; break;
		}
		if (rej != NULL) {
			/* motif is built from a's strings, which the object still owns. */
			ar_exclusion_motif(x, &a, motif, sizeof motif);
			if (json_object_set_new(obj, "motif", json_string(motif)) != 0 ||
			    ar_ndjson_write(rej, obj) < 0) {
				ar_syserr(NULL, errno, "write error");
				json_decref(obj);
				return AR_EXIT_IOERR;
			}
		}
		json_decref(obj);
	}
	if (rc < 0) {
		ar_error(inpath, ar_ndjson_line(in), NULL, "%s", why);
		return strncmp(why, "read error", 10) == 0 ? AR_EXIT_IOERR : AR_EXIT_DATAERR;
	}
	return AR_EXIT_OK;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{"output", required_argument, NULL, 'o'},
		{"rejects", required_argument, NULL, 'R'},
		{"rules", required_argument, NULL, 'r'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0}
	};
	const char *rulespath = NULL, *outpath = NULL, *rejpath = NULL, *inpath;
	ar_outfile *out = NULL, *rej = NULL;
	struct counts c;
	ar_rules *rules = NULL;
	ar_ndjson *in = NULL;
	char why[512];
	int ch, status = AR_EXIT_OK;

	/* Set up. */
	ar_set_progname("arobase-filter");
	argv[0] = (char *)ar_progname();  /* getopt's messages name the program as ours do */
	ar_outfile_cleanup_on_signals();
	memset(&c, 0, sizeof c);

	/* Parse options. */
	while ((ch = getopt_long(argc, argv, "ho:r:V", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			help();
			return AR_EXIT_OK;
		case 'o':
			outpath = optarg;
			break;
		case 'R':
			rejpath = optarg;
			break;
		case 'r':
			rulespath = optarg;
			break;
		case 'V':
			printf("arobase-filter %s\n", AROBASE_VERSION);
			return AR_EXIT_OK;
		default:
			usage(stderr);
			return AR_EXIT_USAGE;
		}
	}

	/* Check the combination once. */
	if (rulespath == NULL || outpath == NULL || argc - optind != 1) {
		if (rulespath == NULL)
			ar_say("--rules is required");
		else if (outpath == NULL)
			ar_say("-o is required");
		else
			ar_say("exactly one actions.ndjson is required");
		usage(stderr);
		return AR_EXIT_USAGE;
	}
	inpath = argv[optind];
	if (rejpath != NULL && strcmp(rejpath, outpath) == 0 && strcmp(outpath, "-") != 0) {
		ar_say("-o and --rejects name the same file");
		usage(stderr);
		return AR_EXIT_USAGE;
	}

	/* Process. */
	if ((rules = ar_rules_load(rulespath, why, sizeof why)) == NULL) {
		ar_error(rulespath, 0, NULL, "%s", why);
		status = errno == ENOENT ? AR_EXIT_NOINPUT : AR_EXIT_DATAERR;
		goto done;
	}
	if ((in = ar_ndjson_open(inpath)) == NULL) {
		ar_syserr(inpath, errno, "cannot open");
		status = AR_EXIT_NOINPUT;
		goto done;
	}
	if ((out = ar_outfile_open(outpath)) == NULL) {
		ar_syserr(outpath, errno, "cannot create");
		status = AR_EXIT_CANTCREAT;
		goto done;
	}
	if (rejpath != NULL && (rej = ar_outfile_open(rejpath)) == NULL) {
		ar_syserr(rejpath, errno, "cannot create");
		status = AR_EXIT_CANTCREAT;
		goto done;
	}
	status = filter(in, inpath, rules, ar_outfile_stream(out),
	                rej ? ar_outfile_stream(rej) : NULL, &c);
	/* Both outputs complete before either replaces its target. */
	if (status == AR_EXIT_OK &&
	    (fflush(ar_outfile_stream(out)) != 0 || ferror(ar_outfile_stream(out)) ||
	     (rej != NULL && (fflush(ar_outfile_stream(rej)) != 0 ||
	                      ferror(ar_outfile_stream(rej)))))) {
		ar_syserr(NULL, errno, "write error");
		status = AR_EXIT_IOERR;
	}
	if (status == AR_EXIT_OK) {
		ar_outfile *o = out;
		out = NULL;
		if (ar_outfile_commit(o) != 0) {
			ar_syserr(outpath, errno, "cannot write");
			status = AR_EXIT_IOERR;
		}
	}
	if (status == AR_EXIT_OK && rej != NULL) {
		ar_outfile *o = rej;
		rej = NULL;
		if (ar_outfile_commit(o) != 0) {
			ar_syserr(rejpath, errno, "cannot write");
			status = AR_EXIT_IOERR;
		}
	}

done:
	/* Clean up: on any error nothing new is left behind. */
	ar_outfile_abort(out);
	ar_outfile_abort(rej);
	ar_ndjson_close(in);
	ar_rules_free(rules);
	if (status == AR_EXIT_OK)
		summary(&c);
	else
		ar_summary(0, 0, 0, "; nothing written");
	return status;
}
