/*
 * referentiel_sheet.c - the référentiel read from the platform's *Services*
 * sheet saved as CSV (see ar_referentiel_load_sheet in referentiel.h).
 *
 * Each row names a service and, by their labels ("1. Démocratie et services
 * publics"), its axe, enjeu and usage.  Rows are checked one by one with
 * their physical line, the tree is built in the order the sheet first names
 * each node, then handed to ar_referentiel_from_json, so that the sheet and
 * the referentiel.json written from it give the same structure.  A
 * référentiel has a few hundred rows: nodes are found by linear search.
 */
#include "referentiel.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xalloc.h"

/* More rows than this is not a Services sheet (about 139 services a year). */
#define SHEET_MAX_ROWS 10000

/* The columns read, in this order. */
enum { C_ID, C_AXE, C_ENJEU, C_USAGE, C_SERVICE, C_N };

/* Their headers as the platform writes them (messages name them so when missing). */
static const char *const col_name[C_N] = {
	"Id_Service", "Axe", "Enjeu de développement", "Usage", "Service"
};

/* A node (axe, enjeu or usage) met in the sheet. */
struct node {
	char *key;             /* folded cell (usages: within their enjeu) */
	char *id;              /* derived id */
	char *nom;             /* label without its number, NFC */
	size_t parent;         /* index of the axe (enjeux) or enjeu (usages) */
	unsigned long line;    /* line where the sheet first names it */
	size_t children;       /* enjeux (axes) or usages (enjeux) so far */
	json_t *kids;          /* its array of children in the tree (borrowed) */
};

/* A service met in the sheet. */
struct svc {
	char *id;              /* Id_Service */
	size_t enjeu;          /* index of its enjeu */
	unsigned long line;    /* its line */
};

/* The reading state. */
struct sheet {
	const char *path;          /* the file, for nothing but the source name */
	ar_ref_report_fn *report;  /* where errors go */
	void *ctx;                 /* their context */
	int errors;                /* errors reported */
	char *field[C_N];          /* the file's header of each column, trimmed */
	struct node *axes, *enjeux, *usages;
	size_t n_axes, n_enjeux, n_usages;
	struct svc *svcs;
	size_t n_svcs;
};

static void
report(struct sheet *sh, unsigned long line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
report(struct sheet *sh, unsigned long line, int col, const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sh->report(sh->ctx, line, col < 0 ? NULL : sh->field[col] ? sh->field[col] :
	           col_name[col], msg);
	sh->errors++;
}

/* A new copy of the len bytes at s without surrounding white space. */
static char *
trim(const char *s, size_t len)
{
	while (len > 0 && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	                   s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;
	return xstrndup(s, len);
}

/*
 * Splits a label "N. Label", "N Label", "N) Label" or "1.2 Label" into its
 * numbers (at most 3, each at most 4 digits, in parts[]) and the rest
 * (*rest, pointing into s).  Returns the count of numbers, 0 when the
 * label has none (then *rest is s).
 */
static int
split_label(const char *s, unsigned parts[3], const char **rest)
{
	const char *p = s;
	int n = 0, sep = 0;

	*rest = s;
	for (;;) {
		unsigned v = 0;
		int digits = 0;

		while (*p >= '0' && *p <= '9' && digits < 5) {
			v = v * 10 + (unsigned)(*p - '0');
			p++;
			digits++;
		}
		if (digits == 0 || digits > 4 || n == 3)
			return 0;
		parts[n++] = v;
		if (*p == '.' && p[1] >= '0' && p[1] <= '9') {
			p++;
			continue;
		}
		break;
	}
	if (*p == '.' || *p == ')') {
		p++;
		sep = 1;
	}
	while (*p == ' ' || *p == '\t') {
		p++;
		sep = 1;
	}
	if (!sep || *p == '\0')
		return 0;
	*rest = p;
	return n;
}

/* Finds the node with this key (and parent, unless any_parent) or returns -1. */
static long
find_key(const struct node *v, size_t n, const char *key, size_t parent, int any_parent)
{
	for (size_t i = 0; i < n; i++)
		if ((any_parent || v[i].parent == parent) && strcmp(v[i].key, key) == 0)
			return (long)i;
	return -1;
}

static long
find_id(const struct node *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].id, id) == 0)
			return (long)i;
	return -1;
}

/*
 * Derives the id of a node from its label: level 0 axe, 1 enjeu, 2 usage;
 * pid is the parent's id (NULL for an axe), pos the node's position among
 * its parent's children (1-based) when the label has no number.  Returns
 * a new id, or NULL after reporting why.
 */
static char *
derive_id(struct sheet *sh, unsigned long line, int col, int level,
          const char *cell, const char *pid, size_t pos, const char **nom)
{
	static const char *const what[3] = {"axe", "enjeu", "usage"};
	static const char *const a_what[3] = {"an axe", "an enjeu", "a usage"};
	unsigned parts[3];
	int n = split_label(cell, parts, nom);
	char *id, *prefix;

	if (n == 0)
		return pid ? xasprintf("%s.%zu", pid, pos) : xasprintf("%zu", pos);
	if (n == 1)
		return pid ? xasprintf("%s.%u", pid, parts[0]) : xasprintf("%u", parts[0]);
	if (n != level + 1) {
		report(sh, line, col, "\"%s\": %s is numbered with %d number%s, not %d",
		       cell, a_what[level], level + 1, level ? "s" : "", n);
		return NULL;
	}
	id = n == 2 ? xasprintf("%u.%u", parts[0], parts[1])
	            : xasprintf("%u.%u.%u", parts[0], parts[1], parts[2]);
	prefix = n == 2 ? xasprintf("%u", parts[0]) : xasprintf("%u.%u", parts[0], parts[1]);
	if (strcmp(prefix, pid) != 0) {
		report(sh, line, col, "\"%s\" is numbered %s, but its %s on this row is \"%s\"",
		       cell, id, what[level - 1], pid);
		free(id);
		id = NULL;
	}
	free(prefix);
	return id;
}

/* Appends a node to *v and its JSON object to the parent's array kids. */
static size_t
add_node(struct node **v, size_t *n, char *key, char *id, const char *nom,
         size_t parent, unsigned long line, json_t *kids, const char *child)
{
	json_t *o = json_object();
	struct node *x;

	*v = xreallocarray(*v, *n + 1, sizeof **v);
	x = &(*v)[*n];
	memset(x, 0, sizeof *x);
	x->key = key;
	x->id = id;
	x->nom = xstrdup(nom);
	x->parent = parent;
	x->line = line;
	json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "nom", json_string(nom));
	x->kids = json_array();
	json_object_set_new(o, child, x->kids);
	json_array_append_new(kids, o);
	return (*n)++;
}

/*
 * Finds or adds the node of cell at level (0 axe, 1 enjeu, 2 usage) under
 * parent.  Returns its index, or -1 after reporting an error.
 */
static long
node_of(struct sheet *sh, unsigned long line, int level, const char *cell,
        size_t parent, json_t *axes)
{
	static const int col_of[3] = {C_AXE, C_ENJEU, C_USAGE};
	static const char *const child[3] = {"enjeux", "usages", "services"};
	struct node **v = level == 0 ? &sh->axes : level == 1 ? &sh->enjeux : &sh->usages;
	size_t *n = level == 0 ? &sh->n_axes : level == 1 ? &sh->n_enjeux : &sh->n_usages;
	struct node *par = level == 1 ? &sh->axes[parent] : level == 2 ? &sh->enjeux[parent] : NULL;
	int col = col_of[level];
	char *key = ar_text_fold(cell), *id;
	const char *nom;
	long i, other;

	if (key == NULL)
		key = xstrdup(cell);
	i = find_key(*v, *n, key, parent, level != 2);
	if (i >= 0) {
		free(key);
		if (level == 1 && (*v)[i].parent != parent) {
			report(sh, line, C_AXE, "enjeu \"%s\" under two axes: \"%s\" (line %lu) "
			       "and \"%s\"", (*v)[i].id, sh->axes[(*v)[i].parent].id,
			       (*v)[i].line, par->id);
			return -1;
		}
		return i;
	}
	id = derive_id(sh, line, col, level, cell, par ? par->id : NULL,
	               par ? par->children + 1 : *n + 1, &nom);
	if (id == NULL) {
		free(key);
		return -1;
	}
	if ((other = find_id(*v, *n, id)) >= 0) {
		report(sh, line, col, "%s id \"%s\" of \"%s\" is already that of \"%s\" (line %lu)",
		       level == 0 ? "axe" : level == 1 ? "enjeu" : "usage", id, cell,
		       (*v)[other].nom, (*v)[other].line);
		free(key);
		free(id);
		return -1;
	}
	if (par != NULL)
		par->children++;
	return (long)add_node(v, n, key, id, nom, parent, line,
	                      par ? par->kids : axes, child[level]);
}

/* Reads one row into the tree; reports its errors. */
static void
read_row(struct sheet *sh, const ar_csv *c, const long col[C_N], json_t *axes)
{
	unsigned long line = ar_csv_line(c);
	char *cell[C_N];
	long axe, enjeu, usage;
	int bad = 0;

	for (int k = 0; k < C_N; k++) {
		size_t len;
		const char *raw = ar_csv_cell(c, (size_t)col[k], &len);
		char *t = trim(raw, strlen(raw) < len ? 0 : len);

		cell[k] = NULL;
		if (strlen(raw) < len) {
			report(sh, line, k, "NUL byte in the cell");
			bad = 1;
		} else if (*t == '\0') {
			report(sh, line, k, "empty cell");
			bad = 1;
		} else {
			cell[k] = ar_utf8_nfc(t, strlen(t));
			if (cell[k] == NULL)
				cell[k] = xstrdup(t);
		}
		free(t);
	}
	if (bad)
		goto out;
	if ((axe = node_of(sh, line, 0, cell[C_AXE], 0, axes)) < 0 ||
	    (enjeu = node_of(sh, line, 1, cell[C_ENJEU], (size_t)axe, axes)) < 0 ||
	    (usage = node_of(sh, line, 2, cell[C_USAGE], (size_t)enjeu, axes)) < 0)
		goto out;
	for (size_t i = 0; i < sh->n_svcs; i++) {
		const struct svc *s = &sh->svcs[i];

		if (strcmp(s->id, cell[C_ID]) != 0)
			continue;
		if (s->enjeu == (size_t)enjeu)
			report(sh, line, C_ID, "duplicate service id \"%s\" (first on line %lu)",
			       s->id, s->line);
		else
			report(sh, line, C_ENJEU, "service \"%s\" under two enjeux: \"%s\" "
			       "(line %lu) and \"%s\"", s->id, sh->enjeux[s->enjeu].id, s->line,
			       sh->enjeux[enjeu].id);
		goto out;
	}
	sh->svcs = xreallocarray(sh->svcs, sh->n_svcs + 1, sizeof *sh->svcs);
	sh->svcs[sh->n_svcs].id = xstrdup(cell[C_ID]);
	sh->svcs[sh->n_svcs].enjeu = (size_t)enjeu;
	sh->svcs[sh->n_svcs].line = line;
	sh->n_svcs++;
	{
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(cell[C_ID]));
		json_object_set_new(o, "nom", json_string(cell[C_SERVICE]));
		json_array_append_new(sh->usages[usage].kids, o);
	}
out:
	for (int k = 0; k < C_N; k++)
		free(cell[k]);
}

/* Finds the columns in the header row; reports missing or duplicated ones. */
static int
map_header(struct sheet *sh, const ar_csv *c, long col[C_N])
{
	char *want[C_N];
	int rc = 0;

	for (int k = 0; k < C_N; k++) {
		want[k] = ar_text_fold(col_name[k]);
		col[k] = -1;
	}
	for (size_t i = 0; i < ar_csv_ncells(c); i++) {
		size_t len;
		const char *raw = ar_csv_cell(c, i, &len);
		char *h = trim(raw, strlen(raw) < len ? 0 : len);
		char *key = ar_text_fold(h);

		for (int k = 0; key != NULL && k < C_N; k++) {
			if (strcmp(key, want[k]) != 0 &&
			    !(k == C_ENJEU && strcmp(key, "enjeu") == 0))
				continue;
			if (col[k] >= 0) {
				report(sh, ar_csv_line(c), k, "duplicated column (columns %ld and %zu)",
				       col[k] + 1, i + 1);
				rc = -1;
				break;
			}
			col[k] = (long)i;
			sh->field[k] = xstrdup(h);
		}
		free(key);
		free(h);
	}
	for (int k = 0; k < C_N; k++) {
		if (col[k] < 0) {
			report(sh, ar_csv_line(c), k, "missing column (a Services sheet has "
			       "Id_Service, Axe, Enjeu de développement, Usage, Service)");
			rc = -1;
		}
		free(want[k]);
	}
	return rc;
}

static void
free_nodes(struct node *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].id);
		free(v[i].nom);
	}
	free(v);
}

ar_referentiel *
ar_referentiel_load_sheet(const char *path, int millesime, const ar_csv_options *opt,
                          ar_ref_report_fn *report_fn, void *ctx)
{
	struct sheet sh;
	ar_referentiel *ref = NULL;
	json_t *root, *axes;
	const char *base;
	long col[C_N];
	char why[300];
	ar_csv *c;
	unsigned long rows = 0;
	int rc;

	memset(&sh, 0, sizeof sh);
	sh.path = path;
	sh.report = report_fn;
	sh.ctx = ctx;
	if ((c = ar_csv_open(path, opt, why, sizeof why)) == NULL) {
		int e = errno;
		report_fn(ctx, 0, NULL, why);
		errno = e == EINVAL ? EINVAL : ENOENT;
		return NULL;
	}
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	root = json_object();
	axes = json_array();
	json_object_set_new(root, "millesime", json_integer(millesime));
	json_object_set_new(root, "exemple", json_false());
	json_object_set_new(root, "source", json_string(base));
	json_object_set_new(root, "axes", axes);

	rc = ar_csv_next(c, why, sizeof why);
	if (rc == 0)
		report(&sh, 0, -1, "empty file: no header");
	if (rc > 0 && map_header(&sh, c, col) == 0) {
		while ((rc = ar_csv_next(c, why, sizeof why)) > 0) {
			if (++rows > SHEET_MAX_ROWS) {
				report(&sh, ar_csv_line(c), -1, "more than %d rows: limit exceeded",
				       SHEET_MAX_ROWS);
				break;
			}
			read_row(&sh, c, col, axes);
		}
	}
	if (rc < 0)
		report(&sh, ar_csv_line(c), -1, "%s", why);
	if (sh.errors == 0 && sh.n_svcs == 0)
		report(&sh, 0, -1, "the sheet lists no service");
	if (sh.errors == 0 &&
	    (ref = ar_referentiel_from_json(root, why, sizeof why)) == NULL)
		report(&sh, 0, -1, "%s", why);
	ar_csv_close(c);
	json_decref(root);
	free_nodes(sh.axes, sh.n_axes);
	free_nodes(sh.enjeux, sh.n_enjeux);
	free_nodes(sh.usages, sh.n_usages);
	for (size_t i = 0; i < sh.n_svcs; i++)
		free(sh.svcs[i].id);
	free(sh.svcs);
	for (int k = 0; k < C_N; k++)
		free(sh.field[k]);
	if (ref == NULL)
		errno = EINVAL;
	return ref;
}
