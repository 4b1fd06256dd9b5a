/*
 * arobase-ingest - the first stage of arobase: reads the actions exported
 * from the Villes Internet platform (CSV as staff save it from Excel or
 * LibreOffice, or the platform's XML export, read by xml.c) and writes
 * one action per line to actions.ndjson, every row it cannot read to the
 * rejects file with its file, line, field, reason and raw cells.
 * arobase-filter reads its output.
 *
 * Two passes over the exports: the first checks that every file can be read
 * as a whole and notes, for each Id_Action, the row with the latest date
 * (the set of ids is the only memory that grows with the input); the second
 * writes the actions and the rejects.  Outputs appear whole or not at all.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "action.h"
#include "arobase.h"
#include "collectivites.h"
#include "csvfile.h"
#include "fields.h"
#include "ndjson.h"
#include "numparse.h"
#include "outfile.h"
#include "report.h"
#include "sheets.h"
#include "xalloc.h"
#include "xml.h"

static const char usage_line[] =
	"usage: arobase-ingest [--format auto|csv|xml] "
	"[--encoding auto|utf-8|utf-16|windows-1252|iso-8859-15]\n"
	"                      [--delimiter auto|';'|','|tab] [--collectivites DIR] "
	"[--headers FILE] [--strict]\n"
	"                      -o actions.ndjson [--rejects rejects.ndjson] EXPORT...\n";

/* The collectivités directory read when --collectivites is not given. */
static const char default_dir[] = "input/collectivites";

/* ------------------------------------------------------------- id table */

/* The row kept for one Id_Action: the one with the latest date. */
struct idrow {
	char *id;           /* Id_Action, NFC */
	char date[11];      /* its date, ISO */
	size_t file;        /* index of its file */
	unsigned long line; /* its first line */
};

struct idtable {
	struct idrow *slot; /* open addressing; id NULL = free */
	size_t cap, n;      /* slots allocated and used */
};

static size_t
hash(const char *s)
{
	size_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static struct idrow *
id_find(struct idtable *t, const char *id, int create)
{
	size_t i;

	if (create && (t->n + 1) * 2 > t->cap) {
		struct idtable u = {xcalloc(t->cap ? t->cap * 2 : 1024, sizeof *t->slot),
		                    t->cap ? t->cap * 2 : 1024, 0};

		for (i = 0; i < t->cap; i++)
			if (t->slot[i].id != NULL) {
				size_t j = hash(t->slot[i].id) & (u.cap - 1);

				while (u.slot[j].id != NULL)
					j = (j + 1) & (u.cap - 1);
				u.slot[j] = t->slot[i];
				u.n++;
			}
		free(t->slot);
		*t = u;
	}
	if (t->cap == 0)
		return NULL;
	for (i = hash(id) & (t->cap - 1); t->slot[i].id != NULL; i = (i + 1) & (t->cap - 1))
		if (strcmp(t->slot[i].id, id) == 0)
			return &t->slot[i];
	if (!create)
		return NULL;
	t->slot[i].id = xstrdup(id);
	t->n++;
	return &t->slot[i];
}

static void
id_free(struct idtable *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->slot[i].id);
	free(t->slot);
}

/* ------------------------------------------------------------- the run */

struct run {
	char **paths;            /* exports as given, for messages */
	char **open_paths;       /* what to open ("/dev/fd/N" for a copy of stdin) */
	char **names;            /* their base names, for source.fichier */
	int *xml;                /* per export: 1 when read as XML (xml.h) */
	char **read_as;          /* per export: its encoding and delimiter, found in pass 1 */
	char **dirs;             /* per export: the folder of sheet CSVs (sheets.h), or NULL */
	char sheets_note[1024];  /* records per sheet of the folders, for the summary */
	size_t npaths;
	ar_csv_options copt;     /* encoding, delimiter, buffer size */
	int encoding_auto;       /* 1 when --encoding is auto */
	ar_headers *headers;     /* header aliases */
	ar_collectivites *dir;   /* --collectivites, or NULL */
	int strict;              /* --strict */
	struct idtable ids;      /* Id_Action -> the row kept */
	FILE *out, *rej;         /* pass 2 outputs (rej may be NULL) */
	unsigned long nread, nwritten, nrejected, nempty;
	unsigned long reasons[AR_R_COUNT];
	int write_error;         /* an output write failed */
};

/*
 * Writes a rejected row of the file path (name: its base name): message on
 * stderr, object in the rejects file.
 */
static void
reject_at(struct run *r, const char *path, const char *name, unsigned long line,
          const ar_action_map *m, const char *const *cells, const size_t *lens, size_t n,
          const ar_verdict *v)
{
	const char *field = v->col >= 0 && (size_t)v->col < m->ncols ? m->names[v->col] : NULL;
	char colname[32];

	if (v->col >= 0 && (field == NULL || *field == '\0')) {
		snprintf(colname, sizeof colname, "colonne %ld", v->col + 1);
		field = colname;
	}
	ar_error(path, line, field, "%s", v->motif);
	r->nrejected++;
	r->reasons[v->reason]++;
	if (r->rej != NULL) {
		json_t *o = json_object(), *c = json_object();

		json_object_set_new(o, "fichier", json_string(name));
		json_object_set_new(o, "ligne", json_integer((json_int_t)line));
		json_object_set_new(o, "champ", json_string(field != NULL ? field : ""));
		json_object_set_new(o, "motif", json_string(v->motif));
		for (size_t i = 0; i < n; i++) {
			char key[64];
			const char *k = i < m->ncols ? m->names[i] : "";

			if (*k == '\0' || json_object_get(c, k) != NULL) {
				snprintf(key, sizeof key, "colonne %zu", i + 1);
				k = key;
			}
			json_object_set_new(c, k, json_stringn(cells[i], lens[i]));
		}
		json_object_set_new(o, "cellules", c);
		if (ar_ndjson_write(r->rej, o) != 0)
			r->write_error = errno ? errno : EIO;
		json_decref(o);
	}
}

/* Writes a rejected row of export fi. */
static void
reject(struct run *r, size_t fi, unsigned long line, const ar_action_map *m,
       const char *const *cells, const size_t *lens, size_t n, const ar_verdict *v)
{
	reject_at(r, r->paths[fi], r->names[fi], line, m, cells, lens, n, v);
}

/* A rejected row of a reference or link sheet (sheets.h): written in pass 2 only. */
static void
sheet_reject(void *arg, const char *path, const char *name, unsigned long line,
             const ar_action_map *hdr, const char *const *cells, const size_t *lens,
             size_t n, const ar_verdict *v)
{
	struct run *r = arg;

	if (r->out != NULL)
		reject_at(r, path, name, line, hdr, cells, lens, n, v);
}

/*
 * Reads the sheets of folder export fi but the rows of Actions, whose reader
 * it returns in *c.  Returns 0, or an exit status after reporting an error.
 */
static int
open_folder(struct run *r, size_t fi, ar_sheets **sh, ar_csv **c)
{
	const char *path, *why;
	unsigned long line;
	int st;

	*sh = ar_sheets_open(r->dirs[fi], &r->copt, r->headers, r->dir, sheet_reject, r);
	if ((st = ar_sheets_failed(*sh, &path, &line, &why)) != 0) {
		ar_error(path, line, NULL, "%s", why);
		return st;
	}
	*c = ar_sheets_take_actions(*sh);
	return 0;
}

/* Counts the records of the sheets other than Actions (pass 2). */
static void
folder_counts(struct run *r, const ar_sheets *sh)
{
	unsigned long nread, nrej;
	size_t k = strlen(r->sheets_note);

	ar_sheets_counts(sh, &nread, &nrej, r->sheets_note + k + (k ? 2 : 0),
	                 sizeof r->sheets_note - k - 2);
	if (k)
		memcpy(r->sheets_note + k, "; ", 2);
	r->nread += nread;
	r->nwritten += nread - nrej;
}

/*
 * Reads export fi.  Pass 1 notes the rows kept for each Id_Action; pass 2
 * writes.  Returns 0, or an exit status after reporting a file error.
 */
static int
read_export(struct run *r, size_t fi, int pass)
{
	const char *path = r->paths[fi];
	char why[512];
	ar_csv *c = NULL;
	ar_xml *x = NULL;
	ar_sheets *sh = NULL;
	ar_action_map m = {0};
	const char **cells = NULL;
	size_t *lens = NULL, cap = 0, n, i;
	int rc, status = 0, warned_trailing = 0;

	if (r->dirs[fi] != NULL && (status = open_folder(r, fi, &sh, &c)) != 0)
		goto out;
	m.linked = sh != NULL;
	if (r->xml[fi])
		x = ar_xml_open(r->open_paths[fi], r->copt.bufsize, why, sizeof why);
	else if (sh == NULL)
		c = ar_csv_open(r->open_paths[fi], &r->copt, why, sizeof why);
	if (c == NULL && x == NULL) {
		ar_error(path, 0, NULL, "%s", why);
		return errno == EINVAL ? AR_EXIT_USAGE : AR_EXIT_NOINPUT;
	}
	rc = x != NULL ? ar_xml_next(x, why, sizeof why) : ar_csv_next(c, why, sizeof why);
	if (rc == 0) {
		ar_error(path, 1, NULL, "no header line: the file is empty");
		status = AR_EXIT_DATAERR;
		goto out;
	}
	for (;;) {
		if (rc < 0) {
			ar_error(path, x != NULL ? ar_xml_line(x) : ar_csv_line(c), NULL, "%s", why);
			status = errno == EIO ? AR_EXIT_IOERR : AR_EXIT_DATAERR;
			goto out;
		}
		if (rc == 0)
			break;
		n = x != NULL ? ar_xml_ncells(x) : ar_csv_ncells(c);
		if (n > cap) {
			cap = n * 2;
			cells = xreallocarray(cells, cap, sizeof *cells);
			lens = xreallocarray(lens, cap, sizeof *lens);
		}
		for (i = 0; i < n; i++)
			cells[i] = x != NULL ? ar_xml_cell(x, i, &lens[i]) : ar_csv_cell(c, i, &lens[i]);
		if (m.names == NULL) {
			if (ar_action_map_header(&m, r->headers, cells, lens, n, why, sizeof why) != 0) {
				ar_error(path, x != NULL ? ar_xml_line(x) : ar_csv_line(c), NULL, "%s", why);
				status = AR_EXIT_DATAERR;
				goto out;
			}
			/* what pass 1 found, before any message about a row */
			if (pass == 2)
				ar_say("%s: %s", path, r->read_as[fi]);
		} else if (ar_row_is_empty(lens, n)) {
			if (pass == 2)
				r->nempty++;
		} else if (pass == 1) {
			/* only the id and the date of the rows kept: no object built */
			ar_verdict v;
			char *id, date[11];

			if (ar_action_check_linked(&m, cells, lens, n, sh == NULL ? NULL :
			                           ar_sheets_links_for(sh, cells, lens, n),
			                           r->dir, &id, date, &v) == 0) {
				struct idrow *k = id_find(&r->ids, id, 1);

				if (k->line == 0 || strcmp(date, k->date) >= 0) {
					memcpy(k->date, date, 11);
					k->file = fi;
					k->line = x != NULL ? ar_xml_line(x) : ar_csv_line(c);
				}
				free(id);
			}
		} else {
			ar_verdict v;
			json_t *a = ar_action_build_linked(&m, cells, lens, n, sh == NULL ? NULL :
			                                   ar_sheets_links_for(sh, cells, lens, n),
			                                   r->dir, &v);
			unsigned long line = x != NULL ? ar_xml_line(x) : ar_csv_line(c);

			if (!warned_trailing && n > m.ncols && a != NULL) {
				warned_trailing = 1;
				ar_warn(path, line, NULL, "empty cells after the last named "
				        "column %zu (ignored)", m.ncols);
			}
			if (a != NULL) {
				for (i = 0; i < m.ncols && i < n; i++)
					if (m.names[i][0] == '\0' && lens[i] > 0) {
						ar_warn(path, line, NULL, "column %zu: a value under a "
						        "column without a name (ignored)", i + 1);
						break;
					}
			}
			if (a != NULL) {
				const char *id = json_string_value(json_object_get(a, "id_action"));
				const char *date = json_string_value(json_object_get(a, "date"));
				struct idrow *k = id_find(&r->ids, id, 0);

				r->nread++;
				if (k != NULL && (k->file != fi || k->line != line)) {
					snprintf(v.motif, sizeof v.motif, "duplicate Id_Action "
					         "\"%s\": the row kept is line %lu%s%s (dated %s, "
					         "later than %s)", id, k->line,
					         k->file != fi ? " of " : "",
					         k->file != fi ? r->names[k->file] : "",
					         k->date, date);
					if (strcmp(k->date, date) == 0)
						snprintf(v.motif, sizeof v.motif, "duplicate "
						         "Id_Action \"%s\": the row kept is line "
						         "%lu%s%s (same date %s, the later row wins)",
						         id, k->line, k->file != fi ? " of " : "",
						         k->file != fi ? r->names[k->file] : "", date);
					v.reason = AR_R_DUPLICATE;
					v.col = m.col[AR_F_ID_ACTION];
					reject(r, fi, line, &m, cells, lens, n, &v);
				} else {
					json_t *src = json_object();

					json_object_set_new(src, "fichier", json_string(r->names[fi]));
					json_object_set_new(src, "ligne", json_integer((json_int_t)line));
					json_object_set_new(a, "source", src);
					if (ar_ndjson_write(r->out, a) != 0)
						r->write_error = errno ? errno : EIO;
					r->nwritten++;
				}
				json_decref(a);
			} else {
				r->nread++;
				reject(r, fi, line, &m, cells, lens, n, &v);
			}
		}
		rc = x != NULL ? ar_xml_next(x, why, sizeof why) : ar_csv_next(c, why, sizeof why);
	}
	if (pass == 2 && sh != NULL)
		folder_counts(r, sh);
	if (pass == 1 && x != NULL)
		r->read_as[fi] = xasprintf("read as XML, encoding %s", ar_xml_encoding(x));
	else if (pass == 1)
		r->read_as[fi] = xasprintf("read as %s%s, delimiter %s", ar_csv_encoding(c),
		                           r->encoding_auto ? " (detected)" : "",
		                           ar_csv_delimiter_used(c) == '\t' ? "tab" :
		                           ar_csv_delimiter_used(c) == ',' ? "','" : "';'");
out:
	ar_action_map_free(&m);
	free(cells);
	free(lens);
	ar_csv_close(c);
	ar_xml_close(x);
	ar_sheets_close(sh);
	return status;
}

/*
 * Copies the export path ("-": standard input), which cannot be read twice
 * (a pipe, /dev/stdin, a device), to a new temporary file left in *spool,
 * rewound.  Returns 0, or an exit status after reporting the error.
 */
static int
spool_copy(const char *path, FILE **spool)
{
	char buf[65536];
	size_t k;
	FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");

	if (in == NULL) {
		ar_syserr(path, errno, "cannot read the export");
		return AR_EXIT_NOINPUT;
	}
	if ((*spool = tmpfile()) == NULL) {
		ar_syserr(path, errno, "cannot keep a copy of the export");
		if (in != stdin)
			fclose(in);
		return AR_EXIT_CANTCREAT;
	}
	while ((k = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, k, *spool) != k) {
			ar_syserr(path, errno, "cannot keep a copy of the export");
			if (in != stdin)
				fclose(in);
			return AR_EXIT_IOERR;
		}
	if (ferror(in) || fflush(*spool) != 0) {
		ar_syserr(path, errno, "read error");
		if (in != stdin)
			fclose(in);
		return AR_EXIT_IOERR;
	}
	if (in != stdin)
		fclose(in);
	rewind(*spool);
	return 0;
}

static void
summary(const struct run *r, const char *tail)
{
	char buf[2048] = "";
	size_t k = 0;

	for (int i = 0; i < AR_R_COUNT; i++)
		if (r->reasons[i] > 0)
			k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%s %lu", k ? ", " : "; ",
			                      ar_reason_label((enum ar_reason)i), r->reasons[i]);
	if (r->sheets_note[0] != '\0' && k < sizeof buf)
		k += (size_t)snprintf(buf + k, sizeof buf - k, "; sheets: %s", r->sheets_note);
	if (tail != NULL && k < sizeof buf)
		snprintf(buf + k, sizeof buf - k, "; %s", tail);
	ar_summary(r->nread, r->nwritten, r->nrejected, "%s", buf);
}

static const char *
base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s != NULL ? s + 1 : p;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"buffer-size", required_argument, NULL, 'B'},
		{"collectivites", required_argument, NULL, 'c'},
		{"delimiter", required_argument, NULL, 'd'},
		{"encoding", required_argument, NULL, 'e'},
		{"format", required_argument, NULL, 'f'},
		{"headers", required_argument, NULL, 'H'},
		{"help", no_argument, NULL, 'h'},
		{"output", required_argument, NULL, 'o'},
		{"rejects", required_argument, NULL, 'r'},
		{"strict", no_argument, NULL, 's'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0}
	};
	struct run r;
	const char *out_path = NULL, *rej_path = NULL, *dir_path = NULL, *hdr_path = NULL;
	const char *format = "auto", *errstr;
	ar_outfile *out = NULL, *rej = NULL;
	char why[512];
	long long num;
	int ch, status = AR_EXIT_OK;
	FILE **spools = NULL;
	int stdin_given = 0;

	ar_set_progname("arobase-ingest");
	argv[0] = (char *)ar_progname();  /* getopt's messages name the program as ours do */
	ar_outfile_cleanup_on_signals();
	memset(&r, 0, sizeof r);
	r.encoding_auto = 1;

	while ((ch = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'B':
			if (ar_strtonum(optarg, 1, 1 << 24, &num, &errstr) != 0) {
				ar_say("--buffer-size %s %s (1 to 16777216 bytes)", optarg, errstr);
				return AR_EXIT_USAGE;
			}
			r.copt.bufsize = (size_t)num;
			break;
		case 'c':
			dir_path = optarg;
			break;
		case 'd':
			if (strcmp(optarg, "auto") == 0)
				r.copt.delimiter = 0;
			else if (strcmp(optarg, ";") == 0 || strcmp(optarg, ",") == 0)
				r.copt.delimiter = optarg[0];
			else if (strcmp(optarg, "tab") == 0 || strcmp(optarg, "\t") == 0)
				r.copt.delimiter = '\t';
			else {
				ar_say("--delimiter: unknown delimiter \"%s\" (auto, ';', ',' or tab)", optarg);
				fputs(usage_line, stderr);
				return AR_EXIT_USAGE;
			}
			break;
		case 'e':
			r.copt.encoding = optarg;
			r.encoding_auto = strcmp(optarg, "auto") == 0;
			break;
		case 'f':
			format = optarg;
			if (strcmp(format, "auto") != 0 && strcmp(format, "csv") != 0 &&
			    strcmp(format, "xml") != 0) {
				ar_say("--format: unknown format \"%s\" (auto, csv or xml)", optarg);
				fputs(usage_line, stderr);
				return AR_EXIT_USAGE;
			}
			break;
		case 'H':
			hdr_path = optarg;
			break;
		case 'h':
			fputs(usage_line, stdout);
			return AR_EXIT_OK;
		case 'o':
			out_path = optarg;
			break;
		case 'r':
			rej_path = optarg;
			break;
		case 's':
			r.strict = 1;
			break;
		case 'V':
			printf("arobase-ingest %s\n", AROBASE_VERSION);
			return AR_EXIT_OK;
		default:
			fputs(usage_line, stderr);
			return AR_EXIT_USAGE;
		}
	}
	if (out_path == NULL || optind >= argc) {
		ar_say("%s", out_path == NULL ? "-o is required" : "no EXPORT given");
		fputs(usage_line, stderr);
		return AR_EXIT_USAGE;
	}
	if (r.copt.encoding != NULL) {
		/* check the name now, so that a typo is a usage error */
		const char *e = r.copt.encoding;

		if (strcmp(e, "auto") && strcmp(e, "utf-8") && strcmp(e, "utf-16") &&
		    strcmp(e, "windows-1252") && strcmp(e, "iso-8859-15")) {
			ar_say("--encoding: unknown encoding \"%s\"", e);
			fputs(usage_line, stderr);
			return AR_EXIT_USAGE;
		}
	}

	r.headers = ar_headers_new();
	if (hdr_path != NULL && ar_headers_load(r.headers, hdr_path, why, sizeof why) != 0) {
		int err = errno;

		ar_error(hdr_path, 0, NULL, "%s", why);
		status = err == ENOENT ? AR_EXIT_NOINPUT : AR_EXIT_DATAERR;
		goto done;
	}
	if (dir_path == NULL) {
		/* the default folder: without it, codes go unchecked, and the run says so */
		struct stat st;

		if (stat(default_dir, &st) == 0)
			dir_path = default_dir;
		else
			ar_warn(NULL, 0, NULL, "%s: not found: collectivité codes are not checked "
			        "(run make deps, or give --collectivites DIR)", default_dir);
	}
	if (dir_path != NULL) {
		r.dir = ar_collectivites_load(dir_path, why, sizeof why);
		if (r.dir == NULL) {
			int err = errno;

			ar_error(dir_path, 0, NULL, "%s", why);
			status = err == ENOENT ? AR_EXIT_NOINPUT : AR_EXIT_DATAERR;
			goto done;
		}
	}

	r.npaths = (size_t)(argc - optind);
	r.paths = xcalloc(r.npaths, sizeof *r.paths);
	r.names = xcalloc(r.npaths, sizeof *r.names);
	r.open_paths = xcalloc(r.npaths, sizeof *r.open_paths);
	r.xml = xcalloc(r.npaths, sizeof *r.xml);
	r.dirs = xcalloc(r.npaths, sizeof *r.dirs);
	spools = xcalloc(r.npaths, sizeof *spools);
	r.read_as = xcalloc(r.npaths, sizeof *r.read_as);
	for (size_t i = 0; i < r.npaths; i++) {
		const char *p = argv[optind + (int)i];
		struct stat st;

		r.paths[i] = xstrdup(p);
		r.open_paths[i] = xstrdup(p);
		r.names[i] = xstrdup(base_name(p));
		if (strcmp(p, "-") == 0 && stdin_given++) {
			ar_say("standard input given twice");
			status = AR_EXIT_USAGE;
			goto done;
		}
		if (strcmp(p, "-") != 0 && stat(p, &st) != 0) {
			ar_syserr(p, errno, "cannot read the export");
			status = AR_EXIT_NOINPUT;
			goto done;
		}
		if (strcmp(p, "-") == 0 || (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))) {
			/* read twice: standard input, a pipe or a device is copied first */
			if ((status = spool_copy(p, &spools[i])) != 0)
				goto done;
			free(r.open_paths[i]);
			r.open_paths[i] = xasprintf("/dev/fd/%d", fileno(spools[i]));
		} else if (S_ISDIR(st.st_mode)) {
			/* a folder of sheet CSVs: messages name its Actions sheet */
			r.dirs[i] = xstrdup(p);
			free(r.paths[i]);
			r.paths[i] = ar_sheets_actions_path(p);
			free(r.names[i]);
			r.names[i] = xstrdup(base_name(r.paths[i]));
			continue;
		}
		{
			size_t l = strlen(p);

			/* auto: XML when the content starts with '<' or the name ends in .xml */
			r.xml[i] = strcmp(format, "xml") == 0 ||
			           (strcmp(format, "auto") == 0 &&
			            (ar_xml_sniff(r.open_paths[i]) ||
			             (l > 4 && strcasecmp(p + l - 4, ".xml") == 0)));
		}
	}

	/* Pass 1: every file readable as a whole; the row kept per Id_Action. */
	for (size_t i = 0; i < r.npaths; i++)
		if ((status = read_export(&r, i, 1)) != 0)
			goto done;

	/* Pass 2: write. */
	if ((out = ar_outfile_open(out_path)) == NULL) {
		ar_syserr(out_path, errno, "cannot create");
		status = AR_EXIT_CANTCREAT;
		goto done;
	}
	if (rej_path != NULL && (rej = ar_outfile_open(rej_path)) == NULL) {
		ar_syserr(rej_path, errno, "cannot create");
		status = AR_EXIT_CANTCREAT;
		goto done;
	}
	r.out = ar_outfile_stream(out);
	r.rej = rej != NULL ? ar_outfile_stream(rej) : NULL;
	for (size_t i = 0; i < r.npaths; i++)
		if ((status = read_export(&r, i, 2)) != 0)
			goto done;
	if (r.nempty > 0)
		ar_warn(NULL, 0, NULL, "%lu empty rows skipped", r.nempty);
	if (r.write_error) {
		ar_syserr(out_path, r.write_error, "write error");
		status = AR_EXIT_IOERR;
		goto done;
	}
	if (r.strict && r.nrejected > 0) {
		status = AR_EXIT_DATAERR;
		goto done;
	}
	if (rej != NULL) {
		if (ar_outfile_commit(rej) != 0) {
			ar_syserr(rej_path, errno, "write error");
			rej = NULL;
			status = AR_EXIT_IOERR;
			goto done;
		}
		rej = NULL;
	}
	if (ar_outfile_commit(out) != 0) {
		ar_syserr(out_path, errno, "write error");
		out = NULL;
		status = AR_EXIT_IOERR;
		goto done;
	}
	out = NULL;

done:
	ar_outfile_abort(out);
	ar_outfile_abort(rej);
	if (status == AR_EXIT_OK)
		summary(&r, NULL);
	else if (status == AR_EXIT_DATAERR && r.strict && r.nrejected > 0)
		summary(&r, "--strict: nothing written");
	else if (status != AR_EXIT_USAGE)
		summary(&r, "nothing written");
	for (size_t i = 0; i < r.npaths; i++) {
		if (spools[i] != NULL)
			fclose(spools[i]);
		free(r.paths[i]);
		free(r.open_paths[i]);
		free(r.names[i]);
		free(r.read_as[i]);
	}
	for (size_t i = 0; r.dirs != NULL && i < r.npaths; i++)
		free(r.dirs[i]);
	free(r.dirs);
	free(spools);
	free(r.read_as);
	free(r.paths);
	free(r.open_paths);
	free(r.xml);
	free(r.names);
	id_free(&r.ids);
	ar_headers_free(r.headers);
	ar_collectivites_free(r.dir);
	return status;
}
