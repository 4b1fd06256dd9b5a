/*
 * arobase-audit - proves a run years later.
 *
 *   arobase-audit --manifest OUTDIR --input DIR --history DIR
 *                 --collectivites DIR [--fonts DIR]
 *       writes OUTDIR/MANIFEST.json: sha256 of every input and output, the
 *       versions of arobase and its libraries, the fonts, SOURCE_DATE_EPOCH.
 *   arobase-audit [--force] OUTDIR|ARCHIVE
 *       re-runs the pipeline from the recorded inputs in a temporary folder
 *       and compares every output with the recorded one.
 *   arobase-audit --history DIR [--collectivites DIR]
 *       checks a series of past palmarès against R-five, R-drop and R-first
 *       (history_audit.h) and lists every anomaly.
 *
 * It sits after arobase-render in the pipeline; `make palmares` and
 * `make demo` call the first form, `make archive` packs a run, and a person
 * (or a later audit) calls the second.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "arobase.h"
#include "compare.h"
#include "digest.h"
#include "history.h"
#include "history_audit.h"
#include "manifest.h"
#include "outfile.h"
#include "report.h"
#include "xalloc.h"

extern char **environ;

static const char usage_line[] =
	"usage: arobase-audit --manifest OUTDIR --input DIR --history DIR --collectivites DIR [--fonts DIR]\n"
	"       arobase-audit [--force] OUTDIR|ARCHIVE\n"
	"       arobase-audit --history DIR [--collectivites DIR]\n";

static void
usage(void)
{
	fputs(usage_line, stderr);
	exit(AR_EXIT_USAGE);
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static void
rm_rf(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Runs argv (PATH searched) in dir with env; output to log.  Returns exit status or -1. */
static int
run(char *const argv[], const char *dir, const char *log)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status, rc;
	char cwd[PATH_MAX];

	if (getcwd(cwd, sizeof cwd) == NULL || chdir(dir) != 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (chdir(cwd) != 0 || rc != 0)
		return -1;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void
print_tail(const char *log)
{
	FILE *fp = fopen(log, "r");
	char line[1024];

	if (fp == NULL)
		return;
	while (fgets(line, sizeof line, fp) != NULL)
		fprintf(stderr, "  | %s", line);
	fclose(fp);
}

/* The folder of this program, where the other stages are. */
static char *
bin_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	char *slash;

	if (n <= 0)
		return xstrdup(".");
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash != NULL)
		*slash = '\0';
	return xstrdup(buf);
}

static int
write_manifest(const char *outdir, const ar_run_paths *p)
{
	char why[1024];
	json_t *m = ar_manifest_build(outdir, p, why, sizeof why);
	char *path;
	ar_outfile *o;
	int rc = AR_EXIT_OK;

	if (m == NULL) {
		ar_say("cannot build the manifest: %s", why);
		return AR_EXIT_NOINPUT;
	}
	path = xasprintf("%s/MANIFEST.json", outdir);
	if ((o = ar_outfile_open(path)) == NULL) {
		ar_syserr(path, errno, "cannot create");
		rc = AR_EXIT_CANTCREAT;
	} else if (json_dumpf(m, ar_outfile_stream(o), JSON_INDENT(2) |
	                      JSON_PRESERVE_ORDER) != 0 ||
	           fputc('\n', ar_outfile_stream(o)) == EOF) {
		ar_syserr(path, errno, "write error");
		ar_outfile_abort(o);
		rc = AR_EXIT_IOERR;
	} else if (ar_outfile_commit(o) != 0) {
		ar_syserr(path, errno, "write error");
		rc = AR_EXIT_IOERR;
	}
	if (rc == AR_EXIT_OK)
		fprintf(stderr, "%s: read %zu, written %zu, rejected 0; %s\n",
		        ar_progname(),
		        json_array_size(json_object_get(m, "entrees")) +
		        json_array_size(json_object_get(m, "sorties")),
		        json_array_size(json_object_get(m, "entrees")) +
		        json_array_size(json_object_get(m, "sorties")), path);
	free(path);
	json_decref(m);
	return rc;
}

/* Lists the version differences; returns their number. */
static int
check_versions(const json_t *m, const char *fontsdir)
{
	json_t *now = ar_manifest_versions();
	const char *groups[] = {"arobase", "bibliotheques"};
	int n = 0;

	for (size_t g = 0; g < 2; g++) {
		json_t *rec = json_object_get(m, groups[g]);
		json_t *cur = json_object_get(now, groups[g]);
		const char *key;
		json_t *v;

		json_object_foreach(cur, key, v) {
			json_t *r = json_object_get(rec, key);
			if (!json_is_string(r) || strcmp(json_string_value(r), json_string_value(v)) != 0) {
				ar_say("%s %s: recorded %s, now %s", groups[g], key,
				       json_is_string(r) ? json_string_value(r) : "nothing",
				       json_string_value(v));
				n++;
			}
		}
	}
	json_decref(now);
	if (fontsdir != NULL) {
		size_t i;
		json_t *f;

		json_array_foreach(json_object_get(m, "polices"), i, f) {
			const char *name = json_string_value(json_object_get(f, "fichier"));
			const char *want = json_string_value(json_object_get(f, "sha256"));
			char *p = xasprintf("%s/%s", fontsdir, name ? name : "");
			char hex[65];

			if (name == NULL || want == NULL || ar_sha256_file(p, hex, NULL) != 0 ||
			    strcmp(hex, want) != 0) {
				ar_say("font %s: not the recorded file (sha256 %s)", name ? name : "?",
				       want ? want : "?");
				n++;
			}
			free(p);
		}
	}
	return n;
}

/*
 * The pinned fonts arobase-render uses now, found as it finds them:
 * $AROBASE_FONTS, else beside the installed programs, else the build tree.
 */
static char *
fonts_dir(const char *bindir)
{
	const char *env = getenv("AROBASE_FONTS");
	char *installed = xasprintf("%s/../share/arobase/fonts", bindir);
	struct stat st;

	if (env != NULL && *env != '\0') {
		free(installed);
		return xstrdup(env);
	}
	if (stat(installed, &st) == 0 && S_ISDIR(st.st_mode))
		return installed;
	free(installed);
	return xasprintf("%s/../stages/render/fonts", bindir);
}

/* Prints the summary: N outputs read, W identical, R differing. */
static void
audit_summary(size_t n, size_t differ, int bad_inputs, const char *note)
{
	ar_summary(n, n - differ, differ, "; outputs compared %zu, differing %zu, inputs differing %d%s",
	           n, differ, bad_inputs, note);
}

static int
audit(const char *target, int force)
{
	char tmpl[] = "/tmp/arobase-audit.XXXXXX";
	char *tmp, *root, *outdir, *mpath, *rerun, *log, *bindir, *fontsdir;
	json_t *m, *f, *files;
	json_error_t err;
	struct stat st;
	size_t i;
	int differ = 0, bad_inputs = 0, extra = 0, rc;

	if (stat(target, &st) != 0) {
		ar_syserr(target, errno, "cannot audit");
		return AR_EXIT_NOINPUT;
	}
	if ((tmp = mkdtemp(tmpl)) == NULL) {
		ar_syserr("/tmp", errno, "cannot create a temporary folder");
		return AR_EXIT_CANTCREAT;
	}
	log = xasprintf("%s/run.log", tmp);
	bindir = bin_dir();
	fontsdir = fonts_dir(bindir);
	if (S_ISDIR(st.st_mode)) {
		root = xstrdup(".");
		outdir = xstrdup(target);
	} else {
		char *x = xasprintf("%s/archive", tmp);
		char *argv[] = {"tar", "-xzf", NULL, "-C", x, NULL};
		char abs[PATH_MAX];

		mkdir(x, 0755);
		if (realpath(target, abs) == NULL) {
			ar_syserr(target, errno, "cannot read");
			return AR_EXIT_NOINPUT;
		}
		argv[2] = abs;
		if (run(argv, ".", log) != 0) {
			ar_error(target, 0, NULL, "not an arobase archive (tar -xzf failed)");
			print_tail(log);
			rm_rf(tmp);
			return AR_EXIT_DATAERR;
		}
		root = x;
		outdir = NULL;
		files = ar_list_files(x);
		json_array_foreach(files, i, f) {
			const char *s = json_string_value(f);
			size_t n = strlen(s);
			if (n >= 13 && strcmp(s + n - 13, "MANIFEST.json") == 0 &&
			    (n == 13 || s[n - 14] == '/')) {
				outdir = n == 13 ? xstrdup(x) : xasprintf("%s/%.*s", x, (int)(n - 14), s);
				break;
			}
		}
		json_decref(files);
		if (outdir == NULL) {
			ar_error(target, 0, NULL, "holds no MANIFEST.json");
			rm_rf(tmp);
			return AR_EXIT_DATAERR;
		}
	}
	mpath = xasprintf("%s/MANIFEST.json", outdir);
	m = json_load_file(mpath, JSON_REJECT_DUPLICATES, &err);
	if (m == NULL) {
		ar_error(mpath, (unsigned long)(err.line > 0 ? err.line : 0), NULL, "%s", err.text);
		rm_rf(tmp);
		return access(mpath, F_OK) == 0 ? AR_EXIT_DATAERR : AR_EXIT_NOINPUT;
	}
	if (check_versions(m, fontsdir) > 0 && !force) {
		ar_say("%s: recorded with other versions: refusing to compare (--force compares anyway)",
		       S_ISDIR(st.st_mode) ? mpath : target);
		audit_summary(0, 0, 0, "; refused");
		json_decref(m);
		rm_rf(tmp);
		free(log); free(bindir); free(fontsdir); free(root); free(outdir); free(mpath);
		return AR_EXIT_DIFFER;
	}
	json_array_foreach(json_object_get(m, "entrees"), i, f) {
		const char *name = json_string_value(json_object_get(f, "fichier"));
		const char *want = json_string_value(json_object_get(f, "sha256"));
		char *p = xasprintf("%s/%s", root, name ? name : "");
		char hex[65];

		if (ar_sha256_file(p, hex, NULL) != 0) {
			ar_say("input %s: missing (%s)", name, strerror(errno));
			bad_inputs++;
		} else if (want == NULL || strcmp(hex, want) != 0) {
			ar_say("input %s: differs from the recorded one", name);
			bad_inputs++;
		}
		free(p);
	}
	rerun = xasprintf("%s/rerun", tmp);
	{
		json_t *ex = json_object_get(m, "execution");
		char *a_b = xasprintf("B=%s", bindir);
		char *a_m = xasprintf("MILLESIME=%lld", (long long)json_integer_value(json_object_get(m, "millesime")));
		char *a_in = xasprintf("IN=%s", json_string_value(json_object_get(ex, "entree")));
		char *a_out = xasprintf("OUT=%s", rerun);
		char *a_h = xasprintf("HISTORY=%s", json_string_value(json_object_get(ex, "historique")));
		char *a_c = xasprintf("COLLECTIVITES=%s", json_string_value(json_object_get(ex, "collectivites")));
		char *argv[] = {"make", "-s", "--no-print-directory", "pipeline", "NO_BUILD=1",
		                a_b, a_m, a_in, a_out, a_h, a_c, NULL};
		json_t *sde = json_object_get(m, "source_date_epoch");

		if (json_is_string(sde))
			setenv("SOURCE_DATE_EPOCH", json_string_value(sde), 1);
		else
			unsetenv("SOURCE_DATE_EPOCH");
		rc = run(argv, root, log);
		free(a_b); free(a_m); free(a_in); free(a_out); free(a_h); free(a_c);
	}
	if (rc != 0) {
		ar_say("the re-run failed (exit %d):", rc);
		print_tail(log);
	}
	json_array_foreach(json_object_get(m, "sorties"), i, f) {
		const char *name = json_string_value(json_object_get(f, "fichier"));
		const char *want = json_string_value(json_object_get(f, "sha256"));
		char *rec = xasprintf("%s/%s", outdir, name);
		char *got = xasprintf("%s/%s", rerun, name);
		char hex[65], where[600];
		int changed = ar_sha256_file(rec, hex, NULL) != 0 || strcmp(hex, want) != 0;
		int rerun_ok = rc == 0 && ar_sha256_file(got, hex, NULL) == 0;
		int c;

		if (rc == 0 && !rerun_ok) {
			ar_say("output %s: not produced by the re-run", name);
			differ++;
		} else if (rerun_ok && (changed || strcmp(hex, want) != 0)) {
			/* Where the recorded file and the re-run part. */
			c = ar_compare_files(rec, got, where, sizeof where);
			if (changed && strcmp(hex, want) == 0)
				ar_say("output %s: the recorded file was changed after the run%s%s", name,
				       c == 1 ? "; it differs from the re-run at " : "", c == 1 ? where : "");
			else
				ar_say("output %s: differs%s%s", name, c == 1 ? " at " : " from the recorded sha256",
				       c == 1 ? where : "");
			differ++;
		} else if (changed) {
			ar_say("output %s: differs from its sha256 in the manifest (the recorded file was changed or removed)", name);
			differ++;
		}
		free(rec);
		free(got);
	}
	if (rc == 0) {
		files = ar_list_files(rerun);
		json_array_foreach(files, i, f) {
			const char *name = json_string_value(f);
			int known = strcmp(name, "MANIFEST.json") == 0;
			size_t j;
			json_t *g;

			json_array_foreach(json_object_get(m, "sorties"), j, g)
				if (strcmp(json_string_value(json_object_get(g, "fichier")), name) == 0)
					known = 1;
			if (!known) {
				ar_say("output %s: produced by the re-run but not recorded", name);
				differ++;
				extra++;
			}
		}
		json_decref(files);
	}
	if (rc != 0)   /* nothing could be compared: every output counts as differing */
		differ = (int)json_array_size(json_object_get(m, "sorties"));
	audit_summary(json_array_size(json_object_get(m, "sorties")) + (size_t)extra, (size_t)differ,
	              bad_inputs, rc != 0 ? "; the re-run failed" : "");
	json_decref(m);
	rm_rf(tmp);
	free(log); free(bindir); free(fontsdir); free(root); free(outdir); free(mpath); free(rerun);
	return differ || bad_inputs || rc != 0 ? AR_EXIT_DIFFER : AR_EXIT_OK;
}

/*
 * Checks the history folder histdir against the label's rules, names
 * resolved through its aliases and the directory colldir (NULL: the
 * default folder when it exists).  Every anomaly is one line; unresolved
 * names are listed and skipped; bad data is reported and the rest checked.
 * Returns 0 (no anomaly), 1 (anomalies), 65 (bad data), 66 (no folder).
 */
static int
audit_history(const char *histdir, const char *colldir)
{
	ar_collectivites *dir = NULL;
	ar_history *h;
	ar_haudit *a = NULL;
	ar_rules rules;
	char why[1024], line[1024];
	size_t nrec, coded = 0, unresolved = 0, foreign = 0, certain = 0;
	unsigned long errors = 0;
	int rc;

	if (colldir != NULL || access("input/collectivites/communes.json", R_OK) == 0) {
		dir = ar_collectivites_load(colldir ? colldir : "input/collectivites",
		                            why, sizeof why);
		if (dir == NULL) {
			ar_error(NULL, 0, NULL, "%s", why);
			rc = errno == ENOENT ? AR_EXIT_NOINPUT : AR_EXIT_DATAERR;
			fprintf(stderr, "%s: read 0, written 0, rejected 0; nothing checked\n",
			        ar_progname());
			return rc;
		}
	} else {
		ar_warn(NULL, 0, NULL, "no collectivités directory (input/collectivites): "
		        "names resolve through their code column and aliases.csv only");
	}
	if ((h = ar_history_load(histdir, why, sizeof why)) == NULL) {
		ar_error(NULL, 0, NULL, "%s", why);
		ar_collectivites_free(dir);
		fprintf(stderr, "%s: read 0, written 0, rejected 0; nothing checked\n",
		        ar_progname());
		return AR_EXIT_NOINPUT;
	}
	ar_history_resolve(h, NULL, 0, dir);
	ar_history_merge(h);
	for (size_t i = 0; i < ar_history_ndiags(h); i++) {
		const ar_history_diag *d = ar_history_diag_at(h, i);
		char *f = *d->fichier ? xasprintf("%s/%s", histdir, d->fichier) : xstrdup(histdir);
		if (d->error) {
			ar_error(f, d->ligne, d->champ, "%s", d->message);
			errors++;
		} else {
			ar_warn(f, d->ligne, d->champ, "%s", d->message);
		}
		free(f);
	}
	nrec = ar_history_count(h);
	for (size_t i = 0; i < nrec; i++) {
		const ar_history_record *r = ar_history_record_at(h, i);
		if (r->code != NULL)
			coded++;
		else if (r->etranger)
			foreign++;
		else
			unresolved++;
	}
	ar_haudit_default_rules(&rules);
	a = ar_haudit_run(h, &rules);
	for (size_t i = 0; i < ar_haudit_count(a); i++) {
		const ar_haudit_anomaly *x = ar_haudit_at(a, i);
		ar_haudit_format(x, line, sizeof line);
		ar_say("%s", line);
		certain += x->certain != 0;
	}
	rc = errors > 0 ? AR_EXIT_DATAERR : ar_haudit_count(a) > 0 ? AR_EXIT_DIFFER : AR_EXIT_OK;
	fprintf(stderr, "%s: read %zu, written %zu, rejected %zu (unresolved %zu, foreign %zu); "
	        "collectivités %zu, pairs %zu, anomalies %zu (certain %zu, depending on missing "
	        "years %zu), errors %lu\n", ar_progname(), nrec, coded, unresolved + foreign,
	        unresolved, foreign, ar_haudit_ncollectivites(a), ar_haudit_npairs(a),
	        ar_haudit_count(a), certain, ar_haudit_count(a) - certain, errors);
	ar_haudit_free(a);
	ar_history_free(h);
	ar_collectivites_free(dir);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"collectivites", required_argument, NULL, 'c'},
		{"fonts", required_argument, NULL, 'F'},
		{"force", no_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{"history", required_argument, NULL, 'H'},
		{"input", required_argument, NULL, 'i'},
		{"manifest", required_argument, NULL, 'm'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0}
	};
	ar_run_paths p = {NULL, NULL, NULL, NULL};
	const char *manifest = NULL;
	int force = 0, c;

	ar_set_progname("arobase-audit");
	argv[0] = (char *)ar_progname();  /* getopt's messages name the program as ours do */
	ar_outfile_cleanup_on_signals();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c': p.collectivites = optarg; break;
		case 'F': p.fonts = optarg; break;
		case 'f': force = 1; break;
		case 'h': fputs(usage_line, stdout); return AR_EXIT_OK;
		case 'H': p.history = optarg; break;
		case 'i': p.input = optarg; break;
		case 'm': manifest = optarg; break;
		case 'V': printf("arobase-audit %s\n", AROBASE_VERSION); return AR_EXIT_OK;
		default: usage();
		}
	}
	if (manifest != NULL) {
		if (optind != argc || force || !p.input || !p.history || !p.collectivites)
			usage();
		return write_manifest(manifest, &p);
	}
	if (p.history != NULL && optind == argc && !force && !p.input && !p.fonts)
		return audit_history(p.history, p.collectivites);
	if (optind != argc - 1 || p.input || p.history || p.collectivites || p.fonts)
		usage();
	return audit(argv[optind], force);
}
