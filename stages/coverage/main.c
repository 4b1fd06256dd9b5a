/*
 * arobase-coverage - the mosaïque of every collectivité: which services
 * of the référentiel its retained actions cover.
 *
 * Third stage of the pipeline: reads retained.ndjson (written by
 * arobase-filter) strictly and the millésime's referentiel.json, and
 * writes coverage.json (read by arobase-decide and arobase-render): per
 * collectivité, per enjeu and per axe, the services covered out of the
 * services there are, the retained actions, the enjeux with nothing
 * covered; and the national view.  R-scope: an action counts for every
 * collectivité it names.  Memory is bounded by collectivités x services.
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
#include "referentiel.h"
#include "report.h"
#include "retain.h"
#include "rules.h"
#include "tally.h"

static const char usage_line[] =
	"usage: arobase-coverage --referentiel referentiel.json [--rules rules.json] "
	"-o coverage.json retained.ndjson\n";

static void
usage(FILE *fp)
{
	fputs(usage_line, fp);
}

static void
help(void)
{
	usage(stdout);
	fputs("Computes the coverage of the référentiel by each collectivité's retained actions.\n"
	      "  -f, --referentiel FILE  the millésime's referentiel.json\n"
	      "  -r, --rules FILE        rules.json: check the référentiel's counts and millésime\n"
	      "  -o, --output FILE       coverage.json (- for standard output)\n"
	      "  -h, --help              print this help and exit\n"
	      "  -V, --version           print the version and exit\n", stdout);
}

/* Checks the référentiel against the rules; returns an exit status. */
static int
check_against_rules(const char *rulespath, const char *refpath,
                    const ar_referentiel *ref)
{
	char why[512];
	ar_rules *rules = ar_rules_load(rulespath, why, sizeof why);
	int status = AR_EXIT_OK;

	if (rules == NULL) {
		ar_error(rulespath, 0, NULL, "%s", why);
		return errno == ENOENT ? AR_EXIT_NOINPUT : AR_EXIT_DATAERR;
	}
	if (rules->millesime != ref->millesime) {
		ar_error(refpath, 0, "millesime", "%d, but %s is for millésime %d",
		         ref->millesime, rulespath, rules->millesime);
		status = AR_EXIT_DATAERR;
	}
	if (ar_referentiel_check_counts(ref, rules->ref_axes, rules->ref_enjeux,
	                                rules->ref_services, why, sizeof why) < 0) {
		ar_error(refpath, 0, NULL, "counts differ from %s: %s", rulespath, why);
		status = AR_EXIT_DATAERR;
	}
	ar_rules_free(rules);
	return status;
}

/* Reads every retained action into t; returns an exit status. */
static int
read_actions(ar_ndjson *in, const char *inpath, cov_tally *t, unsigned long *n)
{
	char why[512];
	json_t *obj;
	int rc;

	while ((rc = ar_ndjson_next(in, &obj, why, sizeof why)) > 0) {
		const char *field;
		ar_action a;

		if (ar_action_view(obj, &a, &field, why, sizeof why) < 0) {
			ar_error(inpath, ar_ndjson_line(in), field, "%s", why);
			json_decref(obj);
			return AR_EXIT_DATAERR;
		}
		cov_tally_add(t, &a, ar_ndjson_line(in));
		(*n)++;
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
		{"referentiel", required_argument, NULL, 'f'},
		{"rules", required_argument, NULL, 'r'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0}
	};
	const char *refpath = NULL, *rulespath = NULL, *outpath = NULL, *inpath;
	ar_referentiel *ref = NULL;
	ar_outfile *out = NULL;
	ar_ndjson *in = NULL;
	cov_tally *t = NULL;
	unsigned long n = 0, line;
	size_t n_unknown = 0;
	char why[512];
	int ch, status = AR_EXIT_OK;

	/* Set up. */
	ar_set_progname("arobase-coverage");
	ar_outfile_cleanup_on_signals();

	/* Parse options. */
	while ((ch = getopt_long(argc, argv, "f:ho:r:V", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			refpath = optarg;
			break;
		case 'h':
			help();
			return AR_EXIT_OK;
		case 'o':
			outpath = optarg;
			break;
		case 'r':
			rulespath = optarg;
			break;
		case 'V':
			printf("arobase-coverage %s\n", AROBASE_VERSION);
			return AR_EXIT_OK;
		default:
			usage(stderr);
			return AR_EXIT_USAGE;
		}
	}

	/* Check the combination once. */
	if (refpath == NULL || outpath == NULL || argc - optind != 1) {
		if (refpath == NULL)
			ar_say("--referentiel is required");
		else if (outpath == NULL)
			ar_say("-o is required");
		else
			ar_say("exactly one retained.ndjson is required");
		usage(stderr);
		return AR_EXIT_USAGE;
	}
	inpath = argv[optind];

	/* Process: read everything, then write the output whole. */
	if ((ref = ar_referentiel_load(refpath, &line, why, sizeof why)) == NULL) {
		ar_error(refpath, line, NULL, "%s", why);
		status = errno == ENOENT ? AR_EXIT_NOINPUT : AR_EXIT_DATAERR;
		goto done;
	}
	if (rulespath != NULL &&
	    (status = check_against_rules(rulespath, refpath, ref)) != AR_EXIT_OK)
		goto done;
	if ((in = ar_ndjson_open(inpath)) == NULL) {
		ar_syserr(inpath, errno, "cannot open");
		status = AR_EXIT_NOINPUT;
		goto done;
	}
	t = cov_tally_new(ref);
	if ((status = read_actions(in, inpath, t, &n)) != AR_EXIT_OK)
		goto done;
	for (size_t i = 0, k = 1; i < k; i++) {
		const char *id;
		unsigned long actions, first;

		k = n_unknown = cov_tally_unknown(t, i, &id, &actions, &first);
		if (i < k)
			ar_warn(inpath, first, "services",
			        "service \"%s\" is not in the référentiel (%s): cited by %lu "
			        "action%s, first on this line; listed in services_inconnus",
			        id, refpath, actions, actions > 1 ? "s" : "");
	}
	if ((out = ar_outfile_open(outpath)) == NULL) {
		ar_syserr(outpath, errno, "cannot create");
		status = AR_EXIT_CANTCREAT;
		goto done;
	}
	if (cov_tally_write(t, ar_outfile_stream(out)) < 0) {
		ar_syserr(outpath, errno, "write error");
		status = AR_EXIT_IOERR;
		goto done;
	} else {
		ar_outfile *o = out;
		out = NULL;
		if (ar_outfile_commit(o) != 0) {
			ar_syserr(outpath, errno, "cannot write");
			status = AR_EXIT_IOERR;
		}
	}

done:
	/* Clean up: on any error nothing new is left behind. */
	ar_outfile_abort(out);
	if (status == AR_EXIT_OK)
		ar_summary(n, n, 0, "; collectivités %zu, services not in the référentiel %zu",
		           cov_tally_n_collectivites(t), n_unknown);
	else
		ar_summary(0, 0, 0, "; nothing written");
	cov_tally_free(t);
	ar_ndjson_close(in);
	ar_referentiel_free(ref);
	return status;
}
