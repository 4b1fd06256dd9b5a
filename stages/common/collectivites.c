/*
 * collectivites.c - the collectivités directory and reference resolution
 * (see collectivites.h).
 *
 * jansson parses each Etalab file whole (duplicate keys rejected); the
 * fields kept are copied into one GStringChunk and the tree is dropped.
 * Entries sit in one array per file, allocated once at its final size, so
 * that pointers to them never move.  Two indexes map a key to every entry
 * it reaches: codes (INSEE codes, SIRENs, old codes) and folded names.
 */
#include "collectivites.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <jansson.h>

#include "text.h"

/* ------------------------------------------------------------ entries and indexes */

/* How a key of an index reaches its entry, best first. */
enum how {
	HOW_DIRECT,  /* the entry's own code, SIREN or name */
	HOW_ARR,     /* a municipal arrondissement's code or name */
	HOW_OLD,     /* a former commune's code or name */
	HOW_ANCIEN,  /* an old code listed by a current commune (anciensCodes) */
	HOW_ALIAS    /* an EPCI's name without its CC/CA/CU prefix */
};

struct entry {
	ar_collectivite pub;  /* first, so that a pointer to it is one to the entry */
	const char *key;      /* folded name key */
	const char *alias;    /* EPCI: key without "cc "/"ca "/"cu ", else NULL */
	const char *parent;   /* while loading a former commune or an arrondissement:
	                         the code of its current commune, else NULL */
};

/* The entries read from one file. */
struct span {
	struct entry *e;  /* n entries, allocated once */
	size_t n;
};

/* One key -> entry link; the links of a key form a chain. */
struct node {
	const struct entry *e;  /* the entry reached */
	enum how how;           /* how the key reaches it */
	guint next;             /* 1 + index of the next link of the same key, 0 at the end */
};

struct index {
	GHashTable *head;  /* key (borrowed) -> 1 + index in nodes of its latest link */
	GArray *nodes;     /* struct node, every link */
};

struct ar_collectivites {
	GStringChunk *strings;   /* every string of the directory */
	struct span dep, reg;    /* départements, régions */
	struct span com, epci;   /* communes (all types), EPCI */
	GHashTable *dep_codes;   /* département code -> struct entry */
	GHashTable *reg_codes;   /* région code -> struct entry */
	struct index codes;      /* INSEE codes and SIRENs of communes and EPCI */
	struct index names;      /* folded names of communes and EPCI */
};

static void
index_init(struct index *x)
{
	x->head = g_hash_table_new(g_str_hash, g_str_equal);
	x->nodes = g_array_sized_new(FALSE, FALSE, sizeof(struct node), 65536);
}

static void
index_free(struct index *x)
{
	g_hash_table_destroy(x->head);
	g_array_free(x->nodes, TRUE);
}

/* Links key (which must outlive the index) to e. */
static void
index_add(struct index *x, const char *key, const struct entry *e, enum how how)
{
	struct node n = {e, how, GPOINTER_TO_UINT(g_hash_table_lookup(x->head, key))};

	g_array_append_val(x->nodes, n);
	g_hash_table_insert(x->head, (gpointer)key, GUINT_TO_POINTER(x->nodes->len));
}

/* Link number i (1-based, as head and next count), or NULL when i is 0. */
static const struct node *
index_node(const struct index *x, guint i)
{
	return i == 0 ? NULL : &g_array_index(x->nodes, struct node, i - 1);
}

#define FOR_EACH_NODE(x, key, nd) \
	for (const struct node *nd = index_node((x), GPOINTER_TO_UINT( \
	         g_hash_table_lookup((x)->head, (key)))); nd != NULL; nd = index_node((x), nd->next))

/* The current commune or EPCI whose code or SIREN is code, or NULL. */
static const struct entry *
by_code(const ar_collectivites *d, const char *code)
{
	FOR_EACH_NODE(&d->codes, code, nd)
		if (nd->how == HOW_DIRECT)
			return nd->e;
	return NULL;
}

/* ------------------------------------------------------------ name keys */

/*
 * The comparison key of a name: ar_text_fold, then the words st, ste, sts,
 * stes spelt out.  Returns a new string (g_free()) or NULL on invalid UTF-8.
 */
static char *
make_key(const char *s)
{
	static const char *const abbr[][2] = {
		{"st", "saint"}, {"ste", "sainte"}, {"sts", "saints"}, {"stes", "saintes"}
	};
	char *f = ar_text_fold(s), *key, **w;

	if (f == NULL)
		return NULL;
	if (strstr(f, "st") == NULL) {
		key = g_strdup(f);
		free(f);
		return key;
	}
	w = g_strsplit(f, " ", -1);
	free(f);
	for (size_t i = 0; w[i] != NULL; i++)
		for (size_t k = 0; k < G_N_ELEMENTS(abbr); k++)
			if (strcmp(w[i], abbr[k][0]) == 0) {
				g_free(w[i]);
				w[i] = g_strdup(abbr[k][1]);
			}
	key = g_strjoinv(" ", w);
	g_strfreev(w);
	return key;
}

/* If key starts with one of the words in prefixes (NULL-terminated), returns what follows. */
static const char *
strip_prefix(const char *key, const char *const *prefixes)
{
	for (; *prefixes != NULL; prefixes++) {
		size_t n = strlen(*prefixes);

		if (strncmp(key, *prefixes, n) == 0 && key[n] == ' ' && key[n + 1] != '\0')
			return key + n + 1;
	}
	return NULL;
}

/* If key starts with a title of heads and an article ("departement de la"), what follows. */
static const char *
strip_title(const char *key, const char *const *heads)
{
	static const char *const articles[] = {"de la", "de l", "du", "des", "de", "d", NULL};
	const char *rest = strip_prefix(key, heads), *name;

	if (rest == NULL)
		return NULL;
	return (name = strip_prefix(rest, articles)) != NULL ? name : rest;
}

static const char *const epci_short[] = {"cc", "ca", "cu", NULL};
static const char *const epci_long[] = {
	"communaute de communes", "communaute d agglomeration", "communaute urbaine",
	"cc", "ca", "cu", NULL
};
static const char *const dep_titles[] = {
	"conseil departemental", "conseil general", "departement", NULL
};
static const char *const reg_titles[] = {"conseil regional", "region", NULL};

/* Whether s is n digits. */
static int
all_digits(const char *s, size_t n)
{
	return strlen(s) == n && strspn(s, "0123456789") == n;
}

/* An INSEE commune code: 5 characters, digits but "2A"/"2B" for Corsica. */
static int
insee_code_ok(const char *s)
{
	return strlen(s) == 5 && g_ascii_isdigit(s[0]) && strchr("0123456789AB", s[1]) != NULL &&
	       strspn(s + 2, "0123456789") == 3;
}

/* The entry of s whose key is key, or NULL. */
static const struct entry *
find_key(const struct span *s, const char *key)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->e[i].key, key) == 0)
			return &s->e[i];
	return NULL;
}

/* ------------------------------------------------------------ loading */

/* Loading state: the directory being built, the file and element read, the error. */
struct load {
	ar_collectivites *d;
	char *path;        /* the file being read */
	size_t elem;       /* 0-based index of the element being read */
	char *why;         /* the caller's message buffer, whylen bytes */
	size_t whylen;
};

static int G_GNUC_PRINTF(3, 4)
fail(struct load *l, const char *field, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(l->why, l->whylen, "%s: element %zu: %s: %s", l->path, l->elem, field, msg);
	errno = EINVAL;
	return -1;
}

/*
 * Reads the file name of dir, which must hold a JSON array, into a new
 * tree (json_decref()).  NULL with errno and why set.
 */
static json_t *
read_array(struct load *l, const char *dir, const char *name)
{
	json_error_t jerr;
	json_t *a;
	FILE *f;
	int e;

	g_free(l->path);
	l->path = g_build_filename(dir, name, NULL);
	if ((f = fopen(l->path, "re")) == NULL)
		goto syserr;
	errno = 0;
	a = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
	if (ferror(f)) {
		json_decref(a);
		fclose(f);
		errno = errno ? errno : EIO;
		goto syserr;
	}
	fclose(f);
	if (a == NULL) {
		snprintf(l->why, l->whylen, "%s:%d: invalid JSON: %s", l->path, jerr.line, jerr.text);
		errno = EINVAL;
		return NULL;
	}
	if (!json_is_array(a)) {
		json_decref(a);
		snprintf(l->why, l->whylen, "%s: not a JSON array", l->path);
		errno = EINVAL;
		return NULL;
	}
	return a;
syserr:
	e = errno;
	snprintf(l->why, l->whylen, "%s: %s", l->path, strerror(e));
	errno = e;
	return NULL;
}

/*
 * Reads string member key of o into *out (a copy in the directory):
 * NULL when it is absent and not required, or null and optional.  -1 with
 * the error set when it is required and absent, or not a non-empty string.
 */
static int
member_str(struct load *l, json_t *o, const char *key, int required, const char **out)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL && required)
		return fail(l, key, "missing");
	if (v == NULL || (!required && json_is_null(v)))
		return 0;
	if (!json_is_string(v) || json_string_length(v) == 0)
		return fail(l, key, "not a non-empty string");
	*out = g_string_chunk_insert_len(l->d->strings, json_string_value(v),
	                                 (gssize)json_string_length(v));
	return 0;
}

/* Reads an optional count member of o into *out: -1 when absent or null. */
static int
member_count(struct load *l, json_t *o, const char *key, long *out)
{
	json_t *v = json_object_get(o, key);

	*out = -1;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > LONG_MAX)
		return fail(l, key, "not a non-negative integer");
	*out = (long)json_integer_value(v);
	return 0;
}

/* Sets e->key from e->pub.nom; -1 on invalid UTF-8. */
static int
set_key(struct load *l, struct entry *e)
{
	char *k = make_key(e->pub.nom);

	if (k == NULL)
		return fail(l, "nom", "invalid UTF-8");
	e->key = g_string_chunk_insert(l->d->strings, k);
	g_free(k);
	return 0;
}

static int
one_departement(struct load *l, struct entry *e, json_t *o)
{
	e->pub.kind = AR_KIND_DEPARTEMENT;
	e->pub.type = "departement";
	if (member_str(l, o, "code", 1, &e->pub.code) < 0 ||
	    member_str(l, o, "nom", 1, &e->pub.nom) < 0 ||
	    member_str(l, o, "region", 1, &e->pub.region) < 0)
		return -1;
	if (strlen(e->pub.code) > 3)
		return fail(l, "code", "\"%s\" is not a département code", e->pub.code);
	if (g_hash_table_lookup(l->d->dep_codes, e->pub.code) != NULL)
		return fail(l, "code", "\"%s\" appears twice", e->pub.code);
	g_hash_table_insert(l->d->dep_codes, (gpointer)e->pub.code, e);
	e->pub.departement = e->pub.code;
	return set_key(l, e);
}

static int
one_region(struct load *l, struct entry *e, json_t *o)
{
	e->pub.kind = AR_KIND_REGION;
	e->pub.type = "region";
	if (member_str(l, o, "code", 1, &e->pub.code) < 0 ||
	    member_str(l, o, "nom", 1, &e->pub.nom) < 0)
		return -1;
	if (g_hash_table_lookup(l->d->reg_codes, e->pub.code) != NULL)
		return fail(l, "code", "\"%s\" appears twice", e->pub.code);
	g_hash_table_insert(l->d->reg_codes, (gpointer)e->pub.code, e);
	e->pub.region = e->pub.code;
	return set_key(l, e);
}

/*
 * A commune.  A current commune is indexed at once, with its SIREN and
 * its anciensCodes; a former commune or an arrondissement keeps the code
 * of its current commune in e->parent until every commune is read
 * (link_communes).
 */
static int
one_commune(struct load *l, struct entry *e, json_t *o)
{
	static const char *const types[] = {
		"commune-actuelle", "commune-deleguee", "commune-associee",
		"arrondissement-municipal"
	};
	const char *type;
	json_t *anciens, *a;
	size_t t, i;

	e->pub.kind = AR_KIND_COMMUNE;
	if (member_str(l, o, "code", 1, &e->pub.code) < 0 ||
	    member_str(l, o, "nom", 1, &e->pub.nom) < 0 ||
	    member_str(l, o, "type", 1, &type) < 0 ||
	    member_str(l, o, "departement", 1, &e->pub.departement) < 0 ||
	    member_str(l, o, "region", 1, &e->pub.region) < 0)
		return -1;
	for (t = 0; t < 4 && strcmp(type, types[t]) != 0; t++)
		;
	if (t == 4)
		return fail(l, "type", "unknown type \"%s\"", type);
	e->pub.type = types[t];
	if (!insee_code_ok(e->pub.code))
		return fail(l, "code", "\"%s\" is not an INSEE code", e->pub.code);
	if (g_hash_table_lookup(l->d->dep_codes, e->pub.departement) == NULL)
		return fail(l, "departement", "unknown département \"%s\"", e->pub.departement);
	if (member_str(l, o, "siren", 0, &e->pub.siren) < 0 ||
	    member_count(l, o, "population", &e->pub.population) < 0)
		return -1;
	if (e->pub.siren != NULL && !all_digits(e->pub.siren, 9))
		return fail(l, "siren", "\"%s\" is not 9 digits", e->pub.siren);
	if (set_key(l, e) < 0)
		return -1;
	if (t != 0) {
		e->pub.siren = NULL;
		return member_str(l, o, t == 3 ? "commune" : "chefLieu", 1, &e->parent);
	}
	if (by_code(l->d, e->pub.code) != NULL)
		return fail(l, "code", "\"%s\" appears twice", e->pub.code);
	index_add(&l->d->codes, e->pub.code, e, HOW_DIRECT);
	if (e->pub.siren != NULL)
		index_add(&l->d->codes, e->pub.siren, e, HOW_DIRECT);
	index_add(&l->d->names, e->key, e, HOW_DIRECT);
	if ((anciens = json_object_get(o, "anciensCodes")) == NULL)
		return 0;
	if (!json_is_array(anciens))
		return fail(l, "anciensCodes", "not an array");
	json_array_foreach(anciens, i, a) {
		const char *code = json_string_value(a);

		if (code == NULL || !insee_code_ok(code))
			return fail(l, "anciensCodes", "not an array of INSEE codes");
		index_add(&l->d->codes, g_string_chunk_insert(l->d->strings, code), e, HOW_ANCIEN);
	}
	return 0;
}

/* An EPCI; the communes are indexed already. */
static int
one_epci(struct load *l, struct entry *e, json_t *o)
{
	const struct entry *seat = NULL;
	long seat_pop = -1;
	json_t *membres, *m;
	size_t i;

	e->pub.kind = AR_KIND_EPCI;
	if (member_str(l, o, "code", 1, &e->pub.code) < 0 ||
	    member_str(l, o, "nom", 1, &e->pub.nom) < 0 ||
	    member_str(l, o, "type", 1, &e->pub.type) < 0)
		return -1;
	if (!all_digits(e->pub.code, 9))
		return fail(l, "code", "\"%s\" is not a SIREN", e->pub.code);
	if (by_code(l->d, e->pub.code) != NULL)
		return fail(l, "code", "\"%s\" appears twice", e->pub.code);
	e->pub.siren = e->pub.code;
	if (member_count(l, o, "populationMunicipale", &e->pub.population) < 0)
		return -1;
	membres = json_object_get(o, "membres");
	if (!json_is_array(membres))
		return fail(l, "membres", "missing or not an array");
	json_array_foreach(membres, i, m) {
		const char *code = json_string_value(json_object_get(m, "code"));
		json_t *pp = json_object_get(m, "populationMunicipale");
		const struct entry *c;
		long pop = -1;

		if (code == NULL || strlen(code) != 5)
			return fail(l, "membres", "a member without an INSEE code");
		if (pp != NULL) {
			if (!json_is_integer(pp) || json_integer_value(pp) < 0 ||
			    json_integer_value(pp) > LONG_MAX)
				return fail(l, "membres", "populationMunicipale of %s is not an integer",
				            code);
			pop = (long)json_integer_value(pp);
		}
		if ((c = by_code(l->d, code)) != NULL && (seat == NULL || pop > seat_pop)) {
			seat = c;
			seat_pop = pop;
		}
	}
	if (seat != NULL) {
		e->pub.departement = seat->pub.departement;
		e->pub.region = seat->pub.region;
	}
	if (set_key(l, e) < 0)
		return -1;
	e->alias = strip_prefix(e->key, epci_short);
	index_add(&l->d->codes, e->pub.code, e, HOW_DIRECT);
	index_add(&l->d->names, e->key, e, HOW_DIRECT);
	if (e->alias != NULL)
		index_add(&l->d->names, e->alias, e, HOW_ALIAS);
	return 0;
}

/*
 * Reads the array of objects in file name of dir into s, calling one for
 * each element.  Returns 0, or -1 with errno and why set.
 */
static int
read_span(struct load *l, const char *dir, const char *name, struct span *s,
          int (*one)(struct load *, struct entry *, json_t *))
{
	json_t *a = read_array(l, dir, name), *o;
	int rc = 0;

	if (a == NULL)
		return -1;
	s->e = g_new0(struct entry, json_array_size(a));
	json_array_foreach(a, l->elem, o) {
		struct entry *e = &s->e[s->n++];

		e->pub.population = -1;
		if (!json_is_object(o))
			rc = fail(l, "element", "not an object");
		else
			rc = one(l, e, o);
		if (rc < 0)
			break;
	}
	json_decref(a);
	return rc;
}

/* Links the former communes and arrondissements, once every current commune is indexed. */
static int
link_communes(struct load *l)
{
	ar_collectivites *d = l->d;

	for (size_t i = 0; i < d->com.n; i++) {
		struct entry *e = &d->com.e[i];
		enum how how = e->pub.type[0] == 'a' ? HOW_ARR : HOW_OLD;
		const struct entry *parent;

		if (e->parent == NULL)
			continue;
		if ((parent = by_code(d, e->parent)) == NULL) {
			l->elem = i;
			return fail(l, how == HOW_ARR ? "commune" : "chefLieu",
			            "\"%s\" is no current commune", e->parent);
		}
		e->pub.commune = &parent->pub;
		e->parent = NULL;
		index_add(&d->codes, e->pub.code, e, how);
		index_add(&d->names, e->key, e, how);
	}
	return 0;
}

ar_collectivites *
ar_collectivites_load(const char *dir, char *why, size_t whylen)
{
	ar_collectivites *d = g_new0(ar_collectivites, 1);
	struct load l = {d, NULL, 0, why, whylen};
	int e;

	if (whylen > 0)
		why[0] = '\0';
	d->strings = g_string_chunk_new(1 << 16);
	d->dep_codes = g_hash_table_new(g_str_hash, g_str_equal);
	d->reg_codes = g_hash_table_new(g_str_hash, g_str_equal);
	index_init(&d->codes);
	index_init(&d->names);
	if (read_span(&l, dir, "departements.json", &d->dep, one_departement) < 0 ||
	    read_span(&l, dir, "regions.json", &d->reg, one_region) < 0)
		goto fail;
	for (size_t i = 0; i < d->dep.n; i++)
		if (g_hash_table_lookup(d->reg_codes, d->dep.e[i].pub.region) == NULL) {
			g_free(l.path);
			l.path = g_build_filename(dir, "departements.json", NULL);
			l.elem = i;
			fail(&l, "region", "unknown région \"%s\"", d->dep.e[i].pub.region);
			goto fail;
		}
	if (read_span(&l, dir, "communes.json", &d->com, one_commune) < 0)
		goto fail;
	if (d->com.n == 0) {
		snprintf(why, whylen, "%s: no commune", l.path);
		errno = EINVAL;
		goto fail;
	}
	if (link_communes(&l) < 0 || read_span(&l, dir, "epci.json", &d->epci, one_epci) < 0)
		goto fail;
	g_free(l.path);
	return d;
fail:
	e = errno;
	g_free(l.path);
	ar_collectivites_free(d);
	errno = e;
	return NULL;
}

void
ar_collectivites_free(ar_collectivites *d)
{
	if (d == NULL)
		return;
	g_string_chunk_free(d->strings);
	g_free(d->dep.e);
	g_free(d->reg.e);
	g_free(d->com.e);
	g_free(d->epci.e);
	g_hash_table_destroy(d->dep_codes);
	g_hash_table_destroy(d->reg_codes);
	index_free(&d->codes);
	index_free(&d->names);
	g_free(d);
}

/* ------------------------------------------------------------ lookups */

const ar_collectivite *
ar_collectivites_by_code(const ar_collectivites *d, const char *code)
{
	const struct entry *e = by_code(d, code);

	return e ? &e->pub : NULL;
}

const char *
ar_region_nom(const ar_collectivites *d, const char *code)
{
	const struct entry *e = g_hash_table_lookup(d->reg_codes, code);

	return e ? e->pub.nom : NULL;
}

const char *
ar_departement_nom(const ar_collectivites *d, const char *code)
{
	const struct entry *e = g_hash_table_lookup(d->dep_codes, code);

	return e ? e->pub.nom : NULL;
}

const char *
ar_population_class(long population)
{
	if (population < 0)
		return NULL;
	if (population < 3000)
		return "moins de 3 000";
	if (population < 20000)
		return "3 000 à 20 000";
	if (population < 100000)
		return "20 000 à 100 000";
	return "plus de 100 000";
}

/* The département of code s ("42", "1", "2a", "971"), or NULL. */
static const struct entry *
dep_code(const ar_collectivites *d, const char *s)
{
	size_t n = strlen(s);
	char code[4] = "0";

	if (n < 1 || n > 3)
		return NULL;
	memcpy(code + (n == 1), s, n + 1);  /* "1" is "01" */
	code[1] = g_ascii_toupper(code[1]);  /* "2a" is "2A" */
	return g_hash_table_lookup(d->dep_codes, code);
}

/* The département named by s, a code or a folded name key ("seine saint denis"), or NULL. */
static const struct entry *
dep_from_text(const ar_collectivites *d, const char *s)
{
	const struct entry *e = dep_code(d, s);

	return e ? e : find_key(&d->dep, s);
}

static void
res_found(ar_resolution *res, const struct entry *e, enum how how, const char *old)
{
	switch (how) {
	case HOW_OLD:
	case HOW_ANCIEN:
		res->status = AR_RESOLVE_MERGED;
		res->via = how == HOW_OLD ? &e->pub : NULL;
		res->c = how == HOW_OLD ? e->pub.commune : &e->pub;
		snprintf(res->old_code, sizeof res->old_code, "%s", how == HOW_OLD ? e->pub.code : old);
		break;
	case HOW_ARR:
		res->status = AR_RESOLVE_ARRONDISSEMENT;
		res->via = &e->pub;
		res->c = e->pub.commune;
		break;
	default:
		res->status = AR_RESOLVE_FOUND;
		res->c = &e->pub;
	}
}

/*
 * Resolves ref (not empty, no surrounding spaces) into *res when it is a
 * code: digits and spaces ("1004", "248 000 531", "42"), or Corsican
 * ("2A004", "2b").  Returns 0 when ref is no code.
 */
static int
resolve_code(const ar_collectivites *d, const char *ref, ar_resolution *res)
{
	const struct node *best = NULL;
	const struct entry *dep;
	size_t n = 0, len = strlen(ref);
	char code[16];

	if ((len == 2 || len == 5) && ref[0] == '2' && strchr("aAbB", ref[1]) != NULL &&
	    strspn(ref + 2, "0123456789") == len - 2) {
		memcpy(code, ref, len + 1);
		n = len;
	} else {
		for (const char *p = ref; *p != '\0'; p++)
			if (g_ascii_isdigit(*p) && n < sizeof code - 1)
				code[n++] = *p;
			else if (*p != ' ')
				return 0;
		code[n] = '\0';
	}
	if (n == 4) {  /* the leading zero a spreadsheet dropped */
		memmove(code + 1, code, 5);
		code[0] = '0';
		n = 5;
	}
	code[1] = g_ascii_toupper(code[1]);
	if (n == 5 || n == 9) {
		FOR_EACH_NODE(&d->codes, code, nd)
			if (best == NULL || nd->how < best->how)
				best = nd;
		if (best != NULL)
			res_found(res, best->e, best->how, code);
	} else if ((dep = dep_code(d, code)) != NULL)
		res_found(res, dep, HOW_DIRECT, NULL);
	return 1;
}

/* Levenshtein distance of a and b if at most max, else max + 1. */
static size_t
distance(const char *a, size_t la, const char *b, size_t lb, size_t max)
{
	size_t row[2][128];
	size_t *prev = row[0], *cur = row[1];

	if ((la > lb ? la - lb : lb - la) > max)
		return max + 1;
	if (la >= 127 || lb >= 127)
		return max + 1;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t lo;
		size_t *t;

		cur[0] = lo = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t v = prev[j - 1] + (a[i - 1] != b[j - 1]);

			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			cur[j] = v;
			if (v < lo)
				lo = v;
		}
		if (lo > max)
			return max + 1;
		t = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

/* The entry whose key is nearest to key (see ar_resolution.closest), or NULL. */
static const ar_collectivite *
closest(const ar_collectivites *d, const char *key, const char *dep)
{
	const struct span *spans[] = {&d->com, &d->epci};
	size_t lk = strlen(key), max = lk / 4, best_d = (size_t)-1;
	const struct entry *best = NULL;

	if (max > 3)
		max = 3;
	if (max == 0)
		return NULL;
	for (size_t s = 0; s < 2; s++)
		for (size_t i = 0; i < spans[s]->n; i++) {
			const struct entry *e = &spans[s]->e[i];
			size_t dist;

			if (dep != NULL && (e->pub.departement == NULL ||
			                    strcmp(e->pub.departement, dep) != 0))
				continue;
			dist = distance(key, lk, e->key, strlen(e->key), max);
			if (dist > max)
				continue;
			/* Nearest first, then current before former, then by code. */
			if (best == NULL || dist < best_d ||
			    (dist == best_d && best->pub.commune != NULL && e->pub.commune == NULL) ||
			    (dist == best_d && (best->pub.commune != NULL) == (e->pub.commune != NULL) &&
			     strcmp(e->pub.code, best->pub.code) < 0)) {
				best = e;
				best_d = dist;
			}
		}
	return best ? &best->pub : NULL;
}

/* Matches of a name kept while resolving (more are counted, not kept). */
#define MAX_MATCHES 256

/* A match of a name: the entry, how it matched, the current collectivité it means. */
struct match {
	const struct entry *e;
	enum how how;
	const ar_collectivite *target;
};

static int
match_cmp(const void *a, const void *b)
{
	const struct match *x = a, *y = b;
	int c = strcmp(x->e->pub.code, y->e->pub.code);

	if (c != 0)
		return c;
	return (int)x->how - (int)y->how;
}

/*
 * Collects the entries that key names (restricted to dep when not NULL;
 * only EPCI when epci_only), one per current collectivité, into m (cap
 * entries at most; returns how many there are in all).
 */
static size_t
collect(const ar_collectivites *d, const char *key, const char *dep, int epci_only,
        struct match *m, size_t cap)
{
	size_t n = 0, total = 0;
	int direct = 0;

	FOR_EACH_NODE(&d->names, key, nd)
		if (nd->how != HOW_ALIAS)
			direct = 1;
	FOR_EACH_NODE(&d->names, key, nd) {
		const struct entry *e = nd->e;
		const ar_collectivite *target = e->pub.commune ? e->pub.commune : &e->pub;
		size_t j;

		if (direct && nd->how == HOW_ALIAS)
			continue;
		if (epci_only && e->pub.kind != AR_KIND_EPCI)
			continue;
		if (dep != NULL && (e->pub.departement == NULL || strcmp(e->pub.departement, dep) != 0))
			continue;
		for (j = 0; j < n; j++)
			if (m[j].target == target)
				break;
		if (j < n) {
			if (nd->how < m[j].how) {
				m[j].e = e;
				m[j].how = nd->how;
			}
			continue;
		}
		total++;
		if (n < cap)
			m[n++] = (struct match){e, nd->how, target};
	}
	qsort(m, n, sizeof *m, match_cmp);
	return total;
}

ar_resolve_status
ar_collectivites_resolve(const ar_collectivites *d, const char *ref,
                         const char *departement, ar_resolution *res)
{
	struct match m[MAX_MATCHES];
	const struct entry *dep_in = NULL, *dep_arg = NULL, *dep;
	char *work = g_strstrip(g_strdup(ref)), *key = NULL, *open;
	const char *lookup;
	size_t len = strlen(work), total;

	memset(res, 0, sizeof *res);
	res->status = AR_RESOLVE_UNKNOWN;
	if (len == 0 || resolve_code(d, work, res))
		goto out;

	/* A name: first the département given apart. */
	if (departement != NULL && *departement != '\0') {
		char *k = make_key(departement);

		dep_arg = k ? dep_from_text(d, k) : NULL;
		g_free(k);
		if (dep_arg == NULL)
			goto out;
	}
	/* "Name (42)", "Name (Loire)", "Havre (Le)". */
	if (work[len - 1] == ')' && (open = strrchr(work, '(')) != NULL && open > work) {
		char *k;

		work[len - 1] = '\0';
		k = make_key(open + 1);
		if (k != NULL && (strcmp(k, "le") == 0 || strcmp(k, "la") == 0 ||
		                  strcmp(k, "les") == 0 || strcmp(k, "l") == 0)) {
			char *w;

			*open = '\0';
			w = g_strdup_printf("%s %s", k, work);
			g_free(work);
			work = w;
		} else if (k != NULL && (dep_in = dep_from_text(d, k)) != NULL)
			*open = '\0';
		else
			work[len - 1] = ')';
		g_free(k);
	}
	key = make_key(work);
	if (key == NULL || *key == '\0')
		goto out;
	/* "St Etienne 42": a trailing département code. */
	if (dep_in == NULL) {
		char *sp = strrchr(key, ' ');

		if (sp != NULL && (dep_in = dep_code(d, sp + 1)) != NULL)
			*sp = '\0';
	}
	if (dep_in != NULL && dep_arg != NULL && dep_in != dep_arg)
		goto out;
	dep = dep_in ? dep_in : dep_arg;

	lookup = key;
	total = collect(d, lookup, dep ? dep->pub.code : NULL, 0, m, MAX_MATCHES);
	if (total == 0 && (lookup = strip_prefix(key, epci_long)) != NULL)
		total = collect(d, lookup, dep ? dep->pub.code : NULL, 1, m, MAX_MATCHES);
	if (total == 1) {
		res_found(res, m[0].e, m[0].how, NULL);
		goto out;
	}
	if (total > 1) {
		res->status = AR_RESOLVE_AMBIGUOUS;
		res->n_candidates = total;
		for (size_t i = 0; i < total && i < AR_RESOLVE_MAX_CANDIDATES; i++)
			res->candidates[i] = &m[i].e->pub;
		goto out;
	}

	/* A département or a région by name. */
	{
		const char *rest;
		const struct entry *hit;

		if ((rest = strip_title(key, dep_titles)) != NULL)
			hit = dep_from_text(d, rest);
		else if ((rest = strip_title(key, reg_titles)) != NULL)
			hit = find_key(&d->reg, rest);
		else if ((hit = find_key(&d->dep, key)) == NULL)
			hit = find_key(&d->reg, key);
		if (hit != NULL) {
			res_found(res, hit, HOW_DIRECT, NULL);
			goto out;
		}
	}
	res->closest = closest(d, key, dep ? dep->pub.code : NULL);
	if (res->closest == NULL && dep != NULL)
		res->closest = closest(d, key, NULL);
out:
	g_free(key);
	g_free(work);
	return res->status;
}

/* ------------------------------------------------------------ messages */

/* Appends the label of c to s (see ar_collectivite_label). */
static void
append_label(GString *s, const ar_collectivite *c)
{
	if (c->commune != NULL && strcmp(c->type, "arrondissement-municipal") != 0)
		g_string_append_printf(s, "%s (%s, now %s)", c->nom, c->code, c->commune->nom);
	else
		g_string_append_printf(s, "%s (%s)", c->nom, c->code);
}

/* Copies s into buf (len bytes) as snprintf would, frees s, returns the length needed. */
static size_t
give(GString *s, char *buf, size_t len)
{
	size_t n = s->len;

	if (len > 0)
		g_strlcpy(buf, s->str, len);
	g_string_free(s, TRUE);
	return n;
}

size_t
ar_collectivite_label(const ar_collectivite *c, char *buf, size_t len)
{
	GString *s = g_string_new(NULL);

	append_label(s, c);
	return give(s, buf, len);
}

size_t
ar_resolution_explain(const ar_resolution *res, char *buf, size_t len)
{
	GString *s = g_string_new(NULL);

	switch (res->status) {
	case AR_RESOLVE_FOUND:
		if (res->c->kind == AR_KIND_DEPARTEMENT)
			g_string_append(s, "département ");
		else if (res->c->kind == AR_KIND_REGION)
			g_string_append(s, "région ");
		g_string_append_printf(s, "%s (%s)", res->c->nom, res->c->code);
		break;
	case AR_RESOLVE_MERGED:
		if (res->via != NULL)
			g_string_append_printf(s, "%s (%s)", res->via->nom, res->via->code);
		else
			g_string_append_printf(s, "former commune %s", res->old_code);
		g_string_append_printf(s, ", merged into %s (%s)", res->c->nom, res->c->code);
		break;
	case AR_RESOLVE_ARRONDISSEMENT:
		g_string_append_printf(s, "%s (%s), arrondissement of %s (%s)", res->via->nom,
		                       res->via->code, res->c->nom, res->c->code);
		break;
	case AR_RESOLVE_AMBIGUOUS:
		g_string_append(s, "several collectivités bear this name, give the département: ");
		for (size_t i = 0; i < res->n_candidates && i < AR_RESOLVE_MAX_CANDIDATES; i++) {
			if (i > 0)
				g_string_append(s, ", ");
			append_label(s, res->candidates[i]);
		}
		if (res->n_candidates > AR_RESOLVE_MAX_CANDIDATES)
			g_string_append_printf(s, ", and %zu more",
			                       res->n_candidates - AR_RESOLVE_MAX_CANDIDATES);
		break;
	case AR_RESOLVE_UNKNOWN:
		g_string_append(s, "unknown collectivité");
		if (res->closest != NULL) {
			g_string_append(s, "; did you mean ");
			append_label(s, res->closest);
			g_string_append(s, "?");
		}
		break;
	}
	return give(s, buf, len);
}
