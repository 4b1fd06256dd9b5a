/*
 * output.c - staged outputs and cairo documents (see output.h).
 */
#include "output.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dirent.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "arobase.h"
#include "jsonin.h"
#include "outfile.h"
#include "pdfboxes.h"
#include "pdffix.h"
#include "xalloc.h"

/* A staged file or folder, newest first; read by the signal handler. */
struct staged {
	char *path;           /* absolute or OUTDIR-based path in the staging folder */
	char *rel;            /* path relative to OUTDIR (NULL for a folder) */
	struct staged *next;  /* the one staged before */
};

struct rd_out {
	char *outdir;        /* OUTDIR as given */
	char *stage;         /* OUTDIR/.arobase-render.XXXXXX */
	int created_outdir;  /* 1 when OUTDIR did not exist before */
	size_t n_files;      /* files staged */
	size_t n_prune;      /* folders to prune at commit */
	struct prune {
		char dir[32];    /* folder of OUTDIR ("panneaux") */
		char exts[32];   /* formats this run writes there ("pdf,svg") */
		unsigned flags;  /* RD_PRUNE_* name shapes */
	} prune[RD_PRUNE_MAX];
};

/* What the signal handler removes: staged files and folders, then the stage. */
static struct staged *volatile staged_head;
static char *volatile staged_root;
static struct sigaction old_action[4];
static const int handled[4] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};

static void
remove_staged(void)
{
	for (struct staged *s = staged_head; s != NULL; s = s->next) {
		if (s->rel != NULL)
			unlink(s->path);
		else
			rmdir(s->path);
	}
	if (staged_root != NULL)
		rmdir(staged_root);
}

static void
on_signal(int sig)
{
	remove_staged();
	for (int i = 0; i < 4; i++)
		if (handled[i] == sig) {
			if (old_action[i].sa_handler != SIG_DFL &&
			    old_action[i].sa_handler != SIG_IGN &&
			    old_action[i].sa_handler != NULL) {
				old_action[i].sa_handler(sig);
				return;
			}
		}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
push(char *path, char *rel)
{
	struct staged *s = xcalloc(1, sizeof *s);

	s->path = path;
	s->rel = rel;
	s->next = staged_head;
	staged_head = s;
}

static void
free_staged(void)
{
	struct staged *s = staged_head;

	staged_head = NULL;
	while (s != NULL) {
		struct staged *next = s->next;

		free(s->path);
		free(s->rel);
		free(s);
		s = next;
	}
	free(staged_root);
	staged_root = NULL;
}

rd_out *
rd_out_begin(const char *outdir, rd_err *e)
{
	struct sigaction sa;
	struct stat st;
	rd_out *o;

	o = xcalloc(1, sizeof *o);
	o->outdir = xstrdup(outdir);
	if (stat(outdir, &st) != 0) {
		if (ar_mkdir_p(outdir) != 0) {
			rd_err_set(e, AR_EXIT_CANTCREAT, "%s: cannot create the output folder: %s",
			           outdir, strerror(errno));
			free(o->outdir);
			free(o);
			return NULL;
		}
		o->created_outdir = 1;
	} else if (!S_ISDIR(st.st_mode)) {
		rd_err_set(e, AR_EXIT_CANTCREAT, "%s: not a folder", outdir);
		free(o->outdir);
		free(o);
		return NULL;
	}
	o->stage = xasprintf("%s/.arobase-render.XXXXXX", outdir);
	if (mkdtemp(o->stage) == NULL) {
		rd_err_set(e, AR_EXIT_CANTCREAT, "%s: cannot create a staging folder: %s",
		           outdir, strerror(errno));
		if (o->created_outdir)
			rmdir(outdir);
		free(o->stage);
		free(o->outdir);
		free(o);
		return NULL;
	}
	staged_root = xstrdup(o->stage);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 4; i++)
		sigaction(handled[i], &sa, &old_action[i]);
	return o;
}

static void
restore_signals(void)
{
	for (int i = 0; i < 4; i++)
		sigaction(handled[i], &old_action[i], NULL);
}

size_t
rd_out_count(const rd_out *o)
{
	return o->n_files;
}

void
rd_out_abort(rd_out *o)
{
	if (o == NULL)
		return;
	remove_staged();
	restore_signals();
	free_staged();
	if (o->created_outdir)
		rmdir(o->outdir);
	free(o->stage);
	free(o->outdir);
	free(o);
}

/* The staged entries in the order they were made (oldest first). */
static struct staged **
in_order(size_t *n)
{
	struct staged **v;
	size_t k = 0;

	for (struct staged *s = staged_head; s != NULL; s = s->next)
		k++;
	v = xcalloc(k + 1, sizeof *v);
	*n = k;
	for (struct staged *s = staged_head; s != NULL; s = s->next)
		v[--k] = s;
	return v;
}

void
rd_out_prune(rd_out *o, const char *dir, const char *exts, unsigned flags)
{
	struct prune *p;

	if (o->n_prune >= RD_PRUNE_MAX)
		return;
	p = &o->prune[o->n_prune++];
	snprintf(p->dir, sizeof p->dir, "%s", dir);
	snprintf(p->exts, sizeof p->exts, "%s", exts);
	p->flags = flags;
}

void
rd_out_report_free(rd_out_report *rep)
{
	if (rep == NULL)
		return;
	for (size_t i = 0; i < rep->n_unknown; i++)
		free(rep->unknown[i]);
	free(rep->unknown);
	memset(rep, 0, sizeof *rep);
}

static int
by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 when ext (NUL-terminated) is one of the comma-separated list exts. */
static int
ext_in(const char *ext, const char *exts)
{
	size_t n = strlen(ext);

	for (const char *s = exts; *s; ) {
		const char *comma = strchr(s, ',');
		size_t k = comma ? (size_t)(comma - s) : strlen(s);

		if (k == n && strncmp(s, ext, n) == 0)
			return 1;
		s += k + (comma != NULL);
	}
	return 0;
}

/*
 * The format of name when it is an output render writes in a folder
 * pruned with flags (<code>.<ext>, <code>-nom.<ext> with RD_PRUNE_NOM; ext
 * pdf, svg or png): a pointer to ext inside name; NULL for any other name.
 */
static const char *
output_ext(const char *name, unsigned flags)
{
	const char *dot = strrchr(name, '.');
	char base[32];
	size_t n;

	if (dot == NULL || (strcmp(dot, ".pdf") != 0 && strcmp(dot, ".svg") != 0 &&
	                    strcmp(dot, ".png") != 0))
		return NULL;
	n = (size_t)(dot - name);
	if ((flags & RD_PRUNE_NOM) && n > 4 && strncmp(dot - 4, "-nom", 4) == 0)
		n -= 4;
	if (n == 0 || n >= sizeof base)
		return NULL;
	memcpy(base, name, n);
	base[n] = '\0';
	return rd_code_ok(base) ? dot + 1 : NULL;
}

/*
 * Removes from OUTDIR/p->dir the outputs of p's formats that are not in
 * staged (the sorted OUTDIR-relative paths of this run); counts them in
 * *removed, lists unrecognised entries in rep.  Returns 0 or -1 with e set.
 */
static int
prune_folder(const char *outdir, const struct prune *p, char **staged, size_t n_staged,
             size_t *removed, rd_out_report *rep, rd_err *e)
{
	char *path = xasprintf("%s/%s", outdir, p->dir);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *d;
	int rc = 0;

	d = opendir(path);
	if (d == NULL) {
		if (errno != ENOENT)
			rc = rd_err_set(e, AR_EXIT_CANTCREAT, "%s: cannot list the outputs of an earlier run: %s",
			                path, strerror(errno));
		free(path);
		return rc;
	}
	/* Read the whole listing first: removing while reading may skip entries. */
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = xreallocarray(names, cap, sizeof *names);
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_string);
	for (size_t i = 0; i < n; i++) {
		char *rel = xasprintf("%s/%s", p->dir, names[i]);
		char *file = xasprintf("%s/%s", outdir, rel);
		const char *ext = output_ext(names[i], p->flags);
		struct stat st;

		if (ext != NULL && (lstat(file, &st) != 0 ||
		                    !(S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))))
			ext = NULL;
		if (ext == NULL) {
			rep->unknown = xreallocarray(rep->unknown, rep->n_unknown + 1,
			                             sizeof *rep->unknown);
			rep->unknown[rep->n_unknown++] = rel;
			rel = NULL;
		} else if (ext_in(ext, p->exts) &&
		           bsearch(&rel, staged, n_staged, sizeof *staged, by_string) == NULL) {
			if (unlink(file) == 0)
				(*removed)++;
			else if (rc == 0)
				rc = rd_err_set(e, AR_EXIT_CANTCREAT,
				                "%s: cannot remove this output of an earlier run: %s",
				                file, strerror(errno));
		}
		free(file);
		free(rel);
		free(names[i]);
	}
	free(names);
	free(path);
	return rc;
}

/* Prunes every folder asked for by rd_out_prune; fills rep. */
static int
prune_all(rd_out *o, rd_out_report *rep, rd_err *e)
{
	char **staged;
	size_t n = 0;
	int rc = 0;

	if (o->n_prune == 0)
		return 0;
	staged = xcalloc(o->n_files + 1, sizeof *staged);
	for (struct staged *s = staged_head; s != NULL; s = s->next)
		if (s->rel != NULL && n < o->n_files + 1)
			staged[n++] = s->rel;
	qsort(staged, n, sizeof *staged, by_string);
	for (size_t k = 0; k < o->n_prune; k++) {
		size_t removed = 0;

		if (prune_folder(o->outdir, &o->prune[k], staged, n, &removed, rep, e) != 0)
			rc = -1;
		snprintf(rep->folder[rep->n_folders], sizeof rep->folder[0], "%s", o->prune[k].dir);
		rep->folder_removed[rep->n_folders++] = removed;
		rep->removed += removed;
	}
	free(staged);
	if (rep->n_unknown > 1)
		qsort(rep->unknown, rep->n_unknown, sizeof *rep->unknown, by_string);
	return rc;
}

int
rd_out_commit(rd_out *o, rd_out_report *rep, rd_err *e)
{
	rd_out_report local;
	struct staged **v;
	size_t n;
	int rc = 0;

	v = in_order(&n);
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *target, *slash;

		if (v[i]->rel == NULL)
			continue;
		target = xasprintf("%s/%s", o->outdir, v[i]->rel);
		slash = strrchr(target, '/');
		*slash = '\0';
		if (ar_mkdir_p(target) != 0)
			rc = rd_err_set(e, AR_EXIT_CANTCREAT, "%s: cannot create folder: %s",
			                target, strerror(errno));
		*slash = '/';
		if (rc == 0 && rename(v[i]->path, target) != 0)
			rc = rd_err_set(e, AR_EXIT_CANTCREAT, "%s: cannot move into place: %s",
			                target, strerror(errno));
		free(target);
	}
	free(v);
	memset(&local, 0, sizeof local);
	if (rep == NULL)
		rep = &local;
	else
		memset(rep, 0, sizeof *rep);
	if (rc == 0)
		rc = prune_all(o, rep, e);
	rd_out_report_free(&local);
	remove_staged();
	restore_signals();
	free_staged();
	free(o->stage);
	free(o->outdir);
	free(o);
	return rc;
}

/* ------------------------------------------------------------ documents */

enum doc_format { DOC_PDF, DOC_SVG, DOC_PNG };

struct rd_doc {
	rd_out *out;              /* where the file is staged */
	char *rel;                /* path relative to OUTDIR */
	enum doc_format format;   /* what is written */
	FILE *raw;                /* cairo's own output (PDF, SVG), a temporary file */
	cairo_surface_t *surface; /* the surface drawn on */
	cairo_t *cr;              /* its context, in points */
	double w_mm, h_mm;        /* page size, mm */
	int write_failed;         /* 1 when writing raw failed */
	int has_boxes;            /* 1: boxes are written into the PDF (pdfboxes.h) */
	rd_pdf_boxes boxes;       /* TrimBox and BleedBox, pt */
};

static cairo_status_t
write_raw(void *closure, const unsigned char *data, unsigned int length)
{
	rd_doc *d = closure;

	if (fwrite(data, 1, length, d->raw) != length) {
		d->write_failed = 1;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
write_outfile(void *closure, const unsigned char *data, unsigned int length)
{
	FILE *fp = closure;

	return fwrite(data, 1, length, fp) == length ? CAIRO_STATUS_SUCCESS
	                                             : CAIRO_STATUS_WRITE_ERROR;
}

static rd_doc *
doc_new(rd_out *o, const char *rel, enum doc_format format, double w_mm, double h_mm,
        rd_err *e)
{
	rd_doc *d = xcalloc(1, sizeof *d);

	d->out = o;
	d->rel = xstrdup(rel);
	d->format = format;
	d->w_mm = w_mm;
	d->h_mm = h_mm;
	if (format != DOC_PNG) {
		d->raw = tmpfile();
		if (d->raw == NULL) {
			rd_err_set(e, AR_EXIT_CANTCREAT, "%s: cannot create a temporary file: %s",
			           rel, strerror(errno));
			free(d->rel);
			free(d);
			return NULL;
		}
	}
	return d;
}

static rd_doc *
doc_started(rd_doc *d, rd_err *e)
{
	if (cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS) {
		rd_err_set(e, AR_EXIT_SOFTWARE, "%s: cairo: %s", d->rel,
		           cairo_status_to_string(cairo_surface_status(d->surface)));
		rd_doc_abort(d);
		return NULL;
	}
	d->cr = cairo_create(d->surface);
	return d;
}

rd_doc *
rd_doc_pdf(rd_out *o, const char *rel, double w_mm, double h_mm, const char *iso,
           rd_err *e)
{
	rd_doc *d = doc_new(o, rel, DOC_PDF, w_mm, h_mm, e);

	if (d == NULL)
		return NULL;
	d->surface = cairo_pdf_surface_create_for_stream(write_raw, d, RD_MM_TO_PT(w_mm),
	                                                 RD_MM_TO_PT(h_mm));
	cairo_pdf_surface_restrict_to_version(d->surface, CAIRO_PDF_VERSION_1_5);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATE_DATE, iso);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_MOD_DATE, iso);
	return doc_started(d, e);
}

rd_doc *
rd_doc_svg(rd_out *o, const char *rel, double w_mm, double h_mm, rd_err *e)
{
	rd_doc *d = doc_new(o, rel, DOC_SVG, w_mm, h_mm, e);

	if (d == NULL)
		return NULL;
	d->surface = cairo_svg_surface_create_for_stream(write_raw, d, RD_MM_TO_PT(w_mm),
	                                                 RD_MM_TO_PT(h_mm));
	cairo_svg_surface_restrict_to_version(d->surface, CAIRO_SVG_VERSION_1_1);
	return doc_started(d, e);
}

rd_doc *
rd_doc_png(rd_out *o, const char *rel, double w_mm, double h_mm, rd_err *e)
{
	return rd_doc_png_dpi(o, rel, w_mm, h_mm, RD_PNG_DPI, e);
}

rd_doc *
rd_doc_png_dpi(rd_out *o, const char *rel, double w_mm, double h_mm, double dpi,
               rd_err *e)
{
	double longest = fmax(w_mm, h_mm) / 25.4;
	rd_doc *d = doc_new(o, rel, DOC_PNG, w_mm, h_mm, e);

	if (d == NULL)
		return NULL;
	if (longest * dpi > RD_PNG_MAX_PX)
		dpi = floor(RD_PNG_MAX_PX / longest);
	d->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	                                        (int)lround(w_mm / 25.4 * dpi),
	                                        (int)lround(h_mm / 25.4 * dpi));
	if (doc_started(d, e) == NULL)
		return NULL;
	cairo_set_source_rgb(d->cr, 1, 1, 1);
	cairo_paint(d->cr);
	cairo_scale(d->cr, dpi / 72.0, dpi / 72.0);
	return d;
}

cairo_t *
rd_doc_cairo(rd_doc *d)
{
	return d->cr;
}

void
rd_doc_set_boxes(rd_doc *d, const rd_pdf_boxes *b)
{
	if (d->format != DOC_PDF)
		return;
	d->boxes = *b;
	d->has_boxes = 1;
}

void
rd_doc_page(rd_doc *d)
{
	cairo_show_page(d->cr);
}

void
rd_doc_abort(rd_doc *d)
{
	if (d == NULL)
		return;
	if (d->cr != NULL)
		cairo_destroy(d->cr);
	if (d->surface != NULL) {
		cairo_surface_finish(d->surface);
		cairo_surface_destroy(d->surface);
	}
	if (d->raw != NULL)
		fclose(d->raw);
	free(d->rel);
	free(d);
}

/*
 * Copies cairo's SVG to out with the root element's width and height in
 * millimetres: cairo 1.16 writes them in points ("2267.716535pt"); the
 * viewBox, in points, keeps the drawing's scale.
 */
static int
copy_svg_mm(FILE *in, FILE *out, double w_mm, double h_mm, const char *rel, rd_err *e)
{
	char head[4096];
	size_t n;
	char *root, *w, *h, *wend, *hend;

	rewind(in);
	n = fread(head, 1, sizeof head - 1, in);
	head[n] = '\0';
	root = strstr(head, "<svg ");
	w = root ? strstr(root, " width=\"") : NULL;
	h = root ? strstr(root, " height=\"") : NULL;
	wend = w ? strchr(w + 8, '"') : NULL;
	hend = h ? strchr(h + 9, '"') : NULL;
	if (wend == NULL || hend == NULL || w > h || strchr(root, '>') < hend)
		return rd_err_set(e, AR_EXIT_SOFTWARE, "%s: cairo's SVG root has no width and height", rel);
	fwrite(head, 1, (size_t)(w - head), out);
	fprintf(out, " width=\"%.0fmm\"", w_mm);
	fwrite(wend + 1, 1, (size_t)(h - wend - 1), out);
	fprintf(out, " height=\"%.0fmm\"", h_mm);
	fwrite(hend + 1, 1, n - (size_t)(hend + 1 - head), out);
	while ((n = fread(head, 1, sizeof head, in)) > 0)
		fwrite(head, 1, n, out);
	if (ferror(in))
		return rd_err_set(e, AR_EXIT_IOERR, "%s: cannot read back cairo's SVG: %s", rel,
		                  strerror(errno));
	return 0;
}

int
rd_doc_close(rd_doc *d, rd_err *e)
{
	ar_outfile *f;
	char *dir, *path, *slash;
	cairo_status_t st;
	int rc = 0;

	cairo_destroy(d->cr);
	d->cr = NULL;
	if (d->format != DOC_PNG)
		cairo_surface_finish(d->surface);
	st = cairo_surface_status(d->surface);
	if (st != CAIRO_STATUS_SUCCESS || d->write_failed) {
		rd_err_set(e, d->write_failed ? AR_EXIT_IOERR : AR_EXIT_SOFTWARE, "%s: cairo: %s",
		           d->rel, d->write_failed ? strerror(errno) : cairo_status_to_string(st));
		rd_doc_abort(d);
		return -1;
	}
	path = xasprintf("%s/%s", d->out->stage, d->rel);
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	*slash = '\0';
	if (strcmp(dir, d->out->stage) != 0) {
		struct stat st_dir;

		if (stat(dir, &st_dir) != 0) {
			if (ar_mkdir_p(dir) != 0) {
				rd_err_set(e, AR_EXIT_CANTCREAT, "%s: cannot create folder: %s", dir,
				           strerror(errno));
				free(dir);
				free(path);
				rd_doc_abort(d);
				return -1;
			}
			push(xstrdup(dir), NULL);
		}
	}
	free(dir);
	f = ar_outfile_open(path);
	if (f == NULL) {
		rd_err_set(e, AR_EXIT_CANTCREAT, "%s: cannot create: %s", d->rel, strerror(errno));
		free(path);
		rd_doc_abort(d);
		return -1;
	}
	switch (d->format) {
	case DOC_PDF:
		rc = d->has_boxes ? rd_pdf_write_boxed(d->raw, &d->boxes, ar_outfile_stream(f), e)
		                  : rd_pdf_fix_dates(d->raw, ar_outfile_stream(f), e);
		break;
	case DOC_SVG:
		rc = copy_svg_mm(d->raw, ar_outfile_stream(f), d->w_mm, d->h_mm, d->rel, e);
		break;
	case DOC_PNG:
		if (cairo_surface_write_to_png_stream(d->surface, write_outfile,
		                                      ar_outfile_stream(f)) != CAIRO_STATUS_SUCCESS)
			rc = rd_err_set(e, AR_EXIT_IOERR, "%s: cannot write the PNG", d->rel);
		break;
	}
	if (rc != 0) {
		ar_outfile_abort(f);
		free(path);
		rd_doc_abort(d);
		return -1;
	}
	if (ar_outfile_commit(f) != 0) {
		rd_err_set(e, AR_EXIT_IOERR, "%s: cannot write: %s", d->rel, strerror(errno));
		free(path);
		rd_doc_abort(d);
		return -1;
	}
	push(path, xstrdup(d->rel));
	d->out->n_files++;
	rd_doc_abort(d);
	return 0;
}
