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
 *
 * With --candidatures it lists every candidature (zero coverage when no
 * retained action names it), flags the collectivités actions name that are
 * not candidatures, computes the national view out of the candidatures and
 * the coherence of the services each declares.  The référentiel may be the
 * platform's Services sheet (CSV) instead of referentiel.json; with
 * --write-referentiel the sheet is converted to referentiel.json.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arobase.h"
#include "candidatures.h"
#include "ndjson.h"
#include "outfile.h"
#include "referentiel.h"
#include "report.h"
#include "retain.h"
#include "rules.h"
#include "tally.h"
#include "xalloc.h"

static const char usage_line[] =
	"usage: arobase-coverage --referentiel referentiel.json|Services.csv [--rules rules.json]\n"
	"           [--candidatures candidatures.csv] -o coverage.json retained.ndjson\n"
	"       arobase-coverage --referentiel Services.csv --rules rules.json\n"
	"           --write-referentiel referentiel.json\n";

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
	      "  -f, --referentiel FILE        referentiel.json, or the platform's Services sheet\n"
	      "                                saved as CSV (then --rules is required)\n"
	      "  -r, --rules FILE              rules.json: the millésime; check the référentiel's counts\n"
	      "  -c, --candidatures FILE       candidatures.csv: list every candidature, national view\n"
	      "                                out of the candidatures, coherence of declared services\n"
	      "  -o, --output FILE             coverage.json (- for standard output)\n"
	      "  -w, --write-referentiel FILE  write the référentiel as referentiel.json (converts\n"
	      "                                a Services sheet); -o and retained.ndjson optional\n"
	      "  -h, --help                    print this help and exit\n"
	      "  -V, --version                 print the version and exit\n", stdout);
}

static int check_against_rules(const char *rulespath, const char *refpath,
                               const ar_referentiel *ref, const ar_rules *rules);

/* Where the errors of a Services sheet go: one ar_error each. */
static void
report_sheet(void *ctx, unsigned long line, const char *field, const char *msg)
{
	ar_error(ctx, line, field, "%s", msg);
}

/* Where the messages about candidatures.csv go. */
static void
report_cand(void *ctx, int warning, unsigned long line, const char *field,
            const char *msg)
{
	if (warning)
		ar_warn(ctx, line, field, "%s", msg);
	else
		ar_error(ctx, line, field, "%s", msg);
}

/*
 * Compares the counts of a référentiel read from a Services sheet with the
 * rules', one error per count naming the sheet's column.  Returns an exit
 * status.
 */
static int
check_sheet_counts(const char *refpath, const char *rulespath,
                   const ar_referentiel *ref, const ar_rules *rules)
{
	static const char *const field[3] = {"Axe", "Enjeu de développement", "Id_Service"};
	static const char *const what[3] = {"axes", "enjeux", "services"};
	size_t have[3] = {ref->n_axes, ref->n_enjeux, ref->n_services};
	int want[3] = {rules->ref_axes, rules->ref_enjeux, rules->ref_services};
	int status = AR_EXIT_OK;

	for (int i = 0; i < 3; i++)
		if (want[i] > 0 && have[i] != (size_t)want[i]) {
			ar_error(refpath, 0, field[i], "%zu %s in the sheet, %s announces %d",
			         have[i], what[i], rulespath, want[i]);
			status = AR_EXIT_DATAERR;
		}
	return status;
}

/*
 * Loads the référentiel at refpath, referentiel.json or a Services sheet,
 * and checks it against the rules when rulespath is set (required for a
 * sheet, which carries no millésime).  Returns an exit status; *refp is
 * set on success.
 */
static int
load_referentiel(const char *refpath, const char *rulespath, ar_referentiel **refp)
{
	enum ar_ref_form form;
	ar_rules *rules = NULL;
	unsigned long line;
	char why[512];
	int status = AR_EXIT_OK;

	*refp = NULL;
	if (ar_referentiel_sniff(refpath, &form) < 0) {
		ar_error(refpath, 0, NULL, "%s", strerror(errno));
		return AR_EXIT_NOINPUT;
	}
	if (rulespath != NULL && (rules = ar_rules_load(rulespath, why, sizeof why)) == NULL) {
		ar_error(rulespath, 0, NULL, "%s", why);
		return errno == ENOENT ? AR_EXIT_NOINPUT : AR_EXIT_DATAERR;
	}
	if (form == AR_REF_SHEET) {
		*refp = ar_referentiel_load_sheet(refpath, rules->millesime, NULL,
		                                  report_sheet, (void *)refpath);
		if (*refp == NULL)
			status = errno == ENOENT ? AR_EXIT_NOINPUT : AR_EXIT_DATAERR;
		else
			status = check_sheet_counts(refpath, rulespath, *refp, rules);
	} else if ((*refp = ar_referentiel_load(refpath, &line, why, sizeof why)) == NULL) {
		ar_error(refpath, line, NULL, "%s", why);
		status = errno == ENOENT ? AR_EXIT_NOINPUT : AR_EXIT_DATAERR;
	} else if (rules != NULL) {
		status = check_against_rules(rulespath, refpath, *refp, rules);
	}
	ar_rules_free(rules);
	if (status != AR_EXIT_OK) {
		ar_referentiel_free(*refp);
		*refp = NULL;
	}
	return status;
}

/* Checks a referentiel.json against the rules; returns an exit status. */
static int
check_against_rules(const char *rulespath, const char *refpath,
                    const ar_referentiel *ref, const ar_rules *rules)
{
	char why[512];
	int status = AR_EXIT_OK;

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

/* Writes t to outpath and ref to writepath (either may be NULL), whole or not at all. */
static int
write_outputs(const char *outpath, const char *writepath, cov_tally *t,
              const ar_referentiel *ref)
{
	ar_outfile *out = NULL, *refout = NULL;
	int status = AR_EXIT_OK;

	if (writepath != NULL && (refout = ar_outfile_open(writepath)) == NULL) {
		ar_syserr(writepath, errno, "cannot create");
		return AR_EXIT_CANTCREAT;
	}
	if (outpath != NULL && (out = ar_outfile_open(outpath)) == NULL) {
		ar_syserr(outpath, errno, "cannot create");
		ar_outfile_abort(refout);
		return AR_EXIT_CANTCREAT;
	}
	if (refout != NULL && ar_referentiel_write(ref, ar_outfile_stream(refout)) < 0) {
		ar_syserr(writepath, errno, "write error");
		status = AR_EXIT_IOERR;
	} else if (out != NULL && cov_tally_write(t, ar_outfile_stream(out)) < 0) {
		ar_syserr(outpath, errno, "write error");
		status = AR_EXIT_IOERR;
	}
	if (status != AR_EXIT_OK) {
		ar_outfile_abort(refout);
		ar_outfile_abort(out);
		return status;
	}
	/* Both are complete: commit them. */
	if (refout != NULL && ar_outfile_commit(refout) != 0) {
		ar_syserr(writepath, errno, "cannot write");
		ar_outfile_abort(out);
		return AR_EXIT_IOERR;
	}
	if (out != NULL && ar_outfile_commit(out) != 0) {
		ar_syserr(outpath, errno, "cannot write");
		return AR_EXIT_IOERR;
	}
	return AR_EXIT_OK;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"candidatures", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{"output", required_argument, NULL, 'o'},
		{"referentiel", required_argument, NULL, 'f'},
		{"rules", required_argument, NULL, 'r'},
		{"version", no_argument, NULL, 'V'},
		{"write-referentiel", required_argument, NULL, 'w'},
		{NULL, 0, NULL, 0}
	};
	const char *refpath = NULL, *rulespath = NULL, *outpath = NULL, *inpath = NULL;
	const char *candpath = NULL, *writepath = NULL;
	enum ar_ref_form form;
	ar_referentiel *ref = NULL;
	ar_ndjson *in = NULL;
	cov_tally *t = NULL;
	unsigned long n = 0, n_cand_rows = 0;
	size_t n_unknown = 0;
	int ch, status = AR_EXIT_OK;

	/* Set up. */
	ar_set_progname("arobase-coverage");
	argv[0] = (char *)ar_progname();  /* getopt's messages name the program as ours do */
	ar_outfile_cleanup_on_signals();

	/* Parse options. */
	while ((ch = getopt_long(argc, argv, "c:f:ho:r:Vw:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			candpath = optarg;
			break;
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
		case 'w':
			writepath = optarg;
			break;
		default:
			usage(stderr);
			return AR_EXIT_USAGE;
		}
	}

	/* Check the combination once. */
	{
		const char *bad = NULL;

		if (refpath == NULL)
			bad = "--referentiel is required";
		else if (outpath == NULL && writepath == NULL)
			bad = "-o is required";
		else if (outpath != NULL && argc - optind != 1)
			bad = "exactly one retained.ndjson is required";
		else if (outpath == NULL && argc - optind != 0)
			bad = "-o is required with retained.ndjson";
		else if (candpath != NULL && outpath == NULL)
			bad = "--candidatures needs -o coverage.json";
		else if (outpath != NULL && writepath != NULL && strcmp(outpath, writepath) == 0)
			bad = "--write-referentiel and -o name the same file";
		else if (rulespath == NULL && ar_referentiel_sniff(refpath, &form) == 0 &&
		         form == AR_REF_SHEET)
			bad = "a Services sheet carries no millésime: --rules rules.json is required";
		if (bad != NULL) {
			ar_say("%s", bad);
			usage(stderr);
			return AR_EXIT_USAGE;
		}
	}
	if (outpath != NULL)
		inpath = argv[optind];

	/* Process: read everything, then write the outputs whole. */
	if ((status = load_referentiel(refpath, rulespath, &ref)) != AR_EXIT_OK)
		goto done;
	t = cov_tally_new(ref);
	if (candpath != NULL) {
		int rc = cov_candidatures_read(candpath, t, report_cand, (void *)candpath,
		                               &n_cand_rows);
		if (rc != 0) {
			status = rc == -2 ? AR_EXIT_NOINPUT : AR_EXIT_DATAERR;
			goto done;
		}
	}
	if (inpath != NULL) {
		if ((in = ar_ndjson_open(inpath)) == NULL) {
			ar_syserr(inpath, errno, "cannot open");
			status = AR_EXIT_NOINPUT;
			goto done;
		}
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
	}
	status = write_outputs(outpath, writepath, t, ref);

done:
	/* Clean up: on any error nothing new is left behind. */
	if (status != AR_EXIT_OK) {
		ar_summary(0, 0, 0, "; nothing written");
	} else {
		char *cands = candpath == NULL ? xstrdup("") :
			xasprintf(", candidatures %zu, not candidatures %zu",
			          cov_tally_n_candidatures(t),
			          cov_tally_n_collectivites(t) - cov_tally_n_candidatures(t));
		char *written = writepath == NULL ? xstrdup("") :
			xasprintf("; référentiel written: %zu axes, %zu enjeux, %zu usages, "
			          "%zu services", ref->n_axes, ref->n_enjeux, ref->n_usages,
			          ref->n_services);

		if (outpath != NULL)
			ar_summary(n, n, 0, "; collectivités %zu%s, services not in the "
			           "référentiel %zu%s", cov_tally_n_collectivites(t), cands,
			           n_unknown, written);
		else
			ar_summary(ref->n_services, ref->n_services, 0, "%s", written);
		free(cands);
		free(written);
	}
	cov_tally_free(t);
	ar_ndjson_close(in);
	ar_referentiel_free(ref);
	return status;
}
