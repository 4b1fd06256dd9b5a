/*
 * tally.c - per-collectivité and national coverage (see tally.h).
 *
 * Collectivités are found by code through an open-addressing hash table;
 * each holds one byte per service of the référentiel (covered or not) and
 * a counter of actions per enjeu and per axe.  Writing sorts them by code
 * and prints one collectivité at a time.
 */
#include "tally.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Flags of every JSON text written: the same bytes in any locale. */
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/* One collectivité named by retained actions. */
struct coll {
	char *code;                   /* INSEE code or SIREN, as actions give it */
	unsigned long actions;        /* retained actions naming it (R-scope) */
	unsigned long *enjeu_actions; /* per enjeu: actions covering one of its services */
	unsigned long *axe_actions;   /* per axe: the same */
	unsigned char *covered;       /* per service: 1 when covered */
	unsigned long stamp;          /* last action counted, to count an action once */
	int candidature;              /* 1 when candidatures.csv lists it */
	unsigned long line;           /* its line in candidatures.csv */
	char *nom;                    /* from candidatures.csv, or NULL */
	char *departement;            /* the same */
	char *type;                   /* the same: ville, village or territoire */
	unsigned char *declared;      /* per service: 1 when declared; NULL when nothing is */
	char **unknown_declared;      /* declared ids not in the référentiel, in order */
	size_t n_unknown_declared;    /* their number */
};

/* A service cited by actions but absent from the référentiel. */
struct unknown {
	char *id;                  /* the cited id */
	unsigned long actions;     /* actions citing it */
	unsigned long first_line;  /* physical line of the first of them */
	unsigned long stamp;       /* last action counted */
};

/* String -> index hash table (open addressing, linear probing). */
struct strmap {
	const char **keys;  /* borrowed keys, NULL for an empty slot */
	size_t *vals;       /* the index stored for each key */
	size_t cap;         /* slots, a power of two */
	size_t n;           /* keys stored */
};

struct cov_tally {
	const ar_referentiel *ref;  /* borrowed */
	struct coll *colls;         /* collectivités in order of first mention */
	size_t n_colls, cap_colls;
	struct strmap by_code;      /* code -> index in colls */
	struct unknown *unknown;    /* unknown services in order of first mention */
	size_t n_unknown, cap_unknown;
	struct strmap by_unknown;   /* id -> index in unknown */
	unsigned long n_actions;    /* actions added, the stamp of the current one */
	int with_candidatures;      /* 1 once cov_tally_with_candidatures was called */
	size_t n_candidatures;      /* collectivités that are candidatures */
	size_t *svc;                /* scratch: service indices of the current action */
	unsigned long *enjeu_stamp; /* scratch: per enjeu, last action touching it */
	unsigned long *axe_stamp;   /* scratch: per axe, the same */
	unsigned long *svc_stamp;   /* scratch: per service, the same */
	size_t *touched_e, *touched_a; /* scratch: enjeux and axes of the current action */
};

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;  /* FNV-1a */

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static size_t
strmap_find(const struct strmap *m, const char *key)
{
	if (m->cap == 0)
		return (size_t)-1;
	for (size_t i = hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == NULL)
			return (size_t)-1;
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
	}
}

static void
strmap_put(struct strmap *m, const char *key, size_t val)
{
	if (2 * (m->n + 1) > m->cap) {
		struct strmap old = *m;
		m->cap = old.cap ? old.cap * 2 : 64;
		m->keys = xcalloc(m->cap, sizeof *m->keys);
		m->vals = xcalloc(m->cap, sizeof *m->vals);
		m->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.keys[i] != NULL)
				strmap_put(m, old.keys[i], old.vals[i]);
		free(old.keys);
		free(old.vals);
	}
	size_t i = hash(key) & (m->cap - 1);
	while (m->keys[i] != NULL)
		i = (i + 1) & (m->cap - 1);
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
}

static void
strmap_free(struct strmap *m)
{
	free(m->keys);
	free(m->vals);
}

cov_tally *
cov_tally_new(const ar_referentiel *ref)
{
	cov_tally *t = xcalloc(1, sizeof *t);
	size_t ns = ref->n_services ? ref->n_services : 1;

	t->ref = ref;
	t->svc = xcalloc(ns, sizeof *t->svc);
	t->svc_stamp = xcalloc(ns, sizeof *t->svc_stamp);
	t->enjeu_stamp = xcalloc(ref->n_enjeux + 1, sizeof *t->enjeu_stamp);
	t->axe_stamp = xcalloc(ref->n_axes + 1, sizeof *t->axe_stamp);
	t->touched_e = xcalloc(ref->n_enjeux + 1, sizeof *t->touched_e);
	t->touched_a = xcalloc(ref->n_axes + 1, sizeof *t->touched_a);
	return t;
}

void
cov_tally_free(cov_tally *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n_colls; i++) {
		free(t->colls[i].code);
		free(t->colls[i].enjeu_actions);
		free(t->colls[i].axe_actions);
		free(t->colls[i].covered);
		free(t->colls[i].nom);
		free(t->colls[i].departement);
		free(t->colls[i].type);
		free(t->colls[i].declared);
		for (size_t k = 0; k < t->colls[i].n_unknown_declared; k++)
			free(t->colls[i].unknown_declared[k]);
		free(t->colls[i].unknown_declared);
	}
	for (size_t i = 0; i < t->n_unknown; i++)
		free(t->unknown[i].id);
	free(t->colls);
	free(t->unknown);
	strmap_free(&t->by_code);
	strmap_free(&t->by_unknown);
	free(t->svc);
	free(t->svc_stamp);
	free(t->enjeu_stamp);
	free(t->axe_stamp);
	free(t->touched_e);
	free(t->touched_a);
	free(t);
}

static struct coll *
coll_get(cov_tally *t, const char *code)
{
	size_t i = strmap_find(&t->by_code, code);
	struct coll *c;

	if (i != (size_t)-1)
		return &t->colls[i];
	if (t->n_colls == t->cap_colls) {
		t->cap_colls = t->cap_colls ? t->cap_colls * 2 : 64;
		t->colls = xreallocarray(t->colls, t->cap_colls, sizeof *t->colls);
	}
	c = &t->colls[t->n_colls];
	memset(c, 0, sizeof *c);
	c->code = xstrdup(code);
	c->enjeu_actions = xcalloc(t->ref->n_enjeux + 1, sizeof *c->enjeu_actions);
	c->axe_actions = xcalloc(t->ref->n_axes + 1, sizeof *c->axe_actions);
	c->covered = xcalloc(t->ref->n_services + 1, 1);
	strmap_put(&t->by_code, c->code, t->n_colls);
	t->n_colls++;
	return c;
}

static void
note_unknown(cov_tally *t, const char *id, unsigned long line)
{
	size_t i = strmap_find(&t->by_unknown, id);
	struct unknown *u;

	if (i == (size_t)-1) {
		if (t->n_unknown == t->cap_unknown) {
			t->cap_unknown = t->cap_unknown ? t->cap_unknown * 2 : 16;
			t->unknown = xreallocarray(t->unknown, t->cap_unknown, sizeof *t->unknown);
		}
		u = &t->unknown[t->n_unknown];
		memset(u, 0, sizeof *u);
		u->id = xstrdup(id);
		u->first_line = line;
		strmap_put(&t->by_unknown, u->id, t->n_unknown);
		t->n_unknown++;
	} else {
		u = &t->unknown[i];
	}
	if (u->stamp != t->n_actions) {
		u->stamp = t->n_actions;
		u->actions++;
	}
}

void
cov_tally_add(cov_tally *t, const ar_action *a, unsigned long line)
{
	const ar_referentiel *ref = t->ref;
	size_t ns = 0, ne = 0, na = 0;
	unsigned long stamp = ++t->n_actions;

	/* The action's distinct known services, enjeux and axes. */
	for (size_t i = 0; i < a->n_services; i++) {
		const char *id = json_string_value(json_array_get(a->services, i));
		size_t s = ar_referentiel_find_service(ref, id);

		if (s == AR_REF_NONE) {
			note_unknown(t, id, line);
			continue;
		}
		if (t->svc_stamp[s] == stamp)
			continue;
		t->svc_stamp[s] = stamp;
		t->svc[ns++] = s;
		if (t->enjeu_stamp[ref->services[s].enjeu] != stamp) {
			t->enjeu_stamp[ref->services[s].enjeu] = stamp;
			t->touched_e[ne++] = ref->services[s].enjeu;
		}
		if (t->axe_stamp[ref->services[s].axe] != stamp) {
			t->axe_stamp[ref->services[s].axe] = stamp;
			t->touched_a[na++] = ref->services[s].axe;
		}
	}
	/* R-scope: it counts for every collectivité it names, once each. */
	for (size_t i = 0; i < a->n_collectivites; i++) {
		struct coll *c = coll_get(t, json_string_value(json_array_get(a->collectivites, i)));

		if (c->stamp == stamp)
			continue;
		c->stamp = stamp;
		c->actions++;
		for (size_t k = 0; k < ns; k++)
			c->covered[t->svc[k]] = 1;
		for (size_t k = 0; k < ne; k++)
			c->enjeu_actions[t->touched_e[k]]++;
		for (size_t k = 0; k < na; k++)
			c->axe_actions[t->touched_a[k]]++;
	}
}

size_t
cov_tally_n_collectivites(const cov_tally *t)
{
	return t->n_colls;
}

void
cov_tally_with_candidatures(cov_tally *t)
{
	t->with_candidatures = 1;
}

/* A new copy of s, or NULL when s is NULL or empty. */
static char *
dup_or_null(const char *s)
{
	return s != NULL && *s != '\0' ? xstrdup(s) : NULL;
}

int
cov_tally_candidature(cov_tally *t, const char *code, const char *nom,
                      const char *departement, const char *type,
                      unsigned long line, unsigned long *first_line)
{
	struct coll *c = coll_get(t, code);

	t->with_candidatures = 1;
	if (c->candidature) {
		*first_line = c->line;
		return -1;
	}
	c->candidature = 1;
	c->line = line;
	c->nom = dup_or_null(nom);
	c->departement = dup_or_null(departement);
	c->type = dup_or_null(type);
	t->n_candidatures++;
	return 0;
}

int
cov_tally_declare(cov_tally *t, const char *code, const char *service)
{
	size_t i = strmap_find(&t->by_code, code);
	size_t s = ar_referentiel_find_service(t->ref, service);
	struct coll *c;

	if (i == (size_t)-1 || !t->colls[i].candidature)
		return -1;
	c = &t->colls[i];
	if (c->declared == NULL)
		c->declared = xcalloc(t->ref->n_services + 1, 1);
	if (s != AR_REF_NONE) {
		c->declared[s] = 1;
		return 0;
	}
	for (size_t k = 0; k < c->n_unknown_declared; k++)
		if (strcmp(c->unknown_declared[k], service) == 0)
			return 1;
	c->unknown_declared = xreallocarray(c->unknown_declared, c->n_unknown_declared + 1,
	                                    sizeof *c->unknown_declared);
	c->unknown_declared[c->n_unknown_declared++] = xstrdup(service);
	return 1;
}

size_t
cov_tally_n_candidatures(const cov_tally *t)
{
	return t->n_candidatures;
}

unsigned long
cov_tally_actions(const cov_tally *t, const char *code)
{
	size_t i = strmap_find(&t->by_code, code);

	return i == (size_t)-1 ? 0 : t->colls[i].actions;
}

int
cov_tally_covers(const cov_tally *t, const char *code, const char *service)
{
	size_t i = strmap_find(&t->by_code, code);
	size_t s = ar_referentiel_find_service(t->ref, service);

	if (i == (size_t)-1 || s == AR_REF_NONE)
		return 0;
	return t->colls[i].covered[s];
}

static int
cmp_unknown(const void *a, const void *b)
{
	return strcmp(((const struct unknown *)a)->id, ((const struct unknown *)b)->id);
}

size_t
cov_tally_unknown(cov_tally *t, size_t i, const char **id,
                  unsigned long *actions, unsigned long *first_line)
{
	/* Sorted when the list is first asked for (i == 0). */
	if (i == 0 && t->n_unknown > 1) {
		qsort(t->unknown, t->n_unknown, sizeof *t->unknown, cmp_unknown);
		strmap_free(&t->by_unknown);
		memset(&t->by_unknown, 0, sizeof t->by_unknown);
		for (size_t k = 0; k < t->n_unknown; k++)
			strmap_put(&t->by_unknown, t->unknown[k].id, k);
	}
	if (i < t->n_unknown) {
		*id = t->unknown[i].id;
		*actions = t->unknown[i].actions;
		*first_line = t->unknown[i].first_line;
	}
	return t->n_unknown;
}

unsigned
cov_share_tenths(unsigned long k, unsigned long n)
{
	if (n == 0)
		return 0;
	/* round(1000 k / n), half up, in integers: no float noise. */
	return (unsigned)((2000ULL * k + n) / (2ULL * n));
}

json_t *
cov_share_json(unsigned long k, unsigned long n)
{
	unsigned tenths = cov_share_tenths(k, n);

	if (tenths % 10 == 0)
		return json_integer(tenths / 10);
	return json_real(tenths / 10.0);
}

/* Sets key to a new value, in insertion order. */
static void
put(json_t *obj, const char *key, json_t *v)
{
	json_object_set_new(obj, key, v);
}

/*
 * Coherence of a candidature that declares services (the règlement asks
 * that declared usages match referenced actions): the services declared
 * without any retained action covering them, those covered but not
 * declared (both in référentiel order), and the declared ids the
 * référentiel does not know (sorted).
 */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static json_t *
coherence_json(const cov_tally *t, struct coll *c)
{
	const ar_referentiel *ref = t->ref;
	json_t *o = json_object(), *missing = json_array(), *extra = json_array();
	json_t *unknown = json_array();
	unsigned long n = c->n_unknown_declared;

	for (size_t s = 0; s < ref->n_services; s++) {
		n += c->declared[s];
		if (c->declared[s] && !c->covered[s])
			json_array_append_new(missing, json_string(ref->services[s].id));
		else if (!c->declared[s] && c->covered[s])
			json_array_append_new(extra, json_string(ref->services[s].id));
	}
	if (c->n_unknown_declared > 1)
		qsort(c->unknown_declared, c->n_unknown_declared, sizeof *c->unknown_declared,
		      cmp_str);
	for (size_t k = 0; k < c->n_unknown_declared; k++)
		json_array_append_new(unknown, json_string(c->unknown_declared[k]));
	put(o, "services_declares", json_integer((json_int_t)n));
	put(o, "declares_sans_action", missing);
	put(o, "couverts_non_declares", extra);
	put(o, "declares_inconnus", unknown);
	return o;
}

/* Builds the JSON object of one collectivité. */
static json_t *
coll_json(const cov_tally *t, struct coll *c)
{
	const ar_referentiel *ref = t->ref;
	json_t *o = json_object(), *axes = json_array(), *enjeux = json_array();
	json_t *none = json_array();
	unsigned long total_cov = 0;

	for (size_t s = 0; s < ref->n_services; s++)
		total_cov += c->covered[s];
	put(o, "code", json_string(c->code));
	if (t->with_candidatures) {
		if (c->nom != NULL)
			put(o, "nom", json_string(c->nom));
		if (c->departement != NULL)
			put(o, "departement", json_string(c->departement));
		if (c->type != NULL)
			put(o, "type", json_string(c->type));
		put(o, "candidature", json_boolean(c->candidature));
	}
	put(o, "actions_retenues", json_integer((json_int_t)c->actions));
	put(o, "couverts", json_integer((json_int_t)total_cov));
	put(o, "total", json_integer((json_int_t)ref->n_services));
	put(o, "part", cov_share_json(total_cov, ref->n_services));
	for (size_t a = 0; a < ref->n_axes; a++) {
		const ar_ref_axe *ax = &ref->axes[a];
		json_t *j = json_object();
		unsigned long cov = 0;

		for (size_t s = ax->first_service; s < ax->first_service + ax->n_services; s++)
			cov += c->covered[s];
		put(j, "id", json_string(ax->id));
		put(j, "nom", json_string(ax->nom));
		put(j, "couverts", json_integer((json_int_t)cov));
		put(j, "total", json_integer((json_int_t)ax->n_services));
		put(j, "part", cov_share_json(cov, ax->n_services));
		put(j, "actions", json_integer((json_int_t)c->axe_actions[a]));
		json_array_append_new(axes, j);
	}
	for (size_t e = 0; e < ref->n_enjeux; e++) {
		const ar_ref_enjeu *en = &ref->enjeux[e];
		json_t *j = json_object(), *list = json_array();
		unsigned long cov = 0;

		for (size_t s = en->first_service; s < en->first_service + en->n_services; s++)
			if (c->covered[s]) {
				cov++;
				json_array_append_new(list, json_string(ref->services[s].id));
			}
		put(j, "id", json_string(en->id));
		put(j, "nom", json_string(en->nom));
		put(j, "axe", json_string(ref->axes[en->axe].id));
		put(j, "couverts", json_integer((json_int_t)cov));
		put(j, "total", json_integer((json_int_t)en->n_services));
		put(j, "part", cov_share_json(cov, en->n_services));
		put(j, "actions", json_integer((json_int_t)c->enjeu_actions[e]));
		put(j, "services_couverts", list);
		json_array_append_new(enjeux, j);
		if (cov == 0)
			json_array_append_new(none, json_string(en->id));
	}
	put(o, "axes", axes);
	put(o, "enjeux", enjeux);
	put(o, "enjeux_non_couverts", none);
	if (c->declared != NULL)
		put(o, "coherence", coherence_json(t, c));
	return o;
}

/*
 * Prints v as json_dumpf with DUMP_FLAGS would inside a document, at
 * nesting level (2 spaces each): every line after the first is shifted.
 * JSON strings hold no raw newline, so shifting after '\n' is exact.
 */
static int
dump_at(FILE *fp, const json_t *v, int level)
{
	char *s = json_dumps(v, DUMP_FLAGS);
	int rc = 0;

	if (s == NULL) {
		errno = ENOMEM;
		return -1;
	}
	for (const char *p = s; *p != '\0'; p++) {
		if (putc(*p, fp) == EOF) {
			rc = -1;
			break;
		}
		if (*p == '\n' && fprintf(fp, "%*s", 2 * level, "") < 0) {
			rc = -1;
			break;
		}
	}
	free(s);
	return rc;
}

static int
cmp_coll(const void *a, const void *b)
{
	return strcmp((*(const struct coll *const *)a)->code,
	              (*(const struct coll *const *)b)->code);
}

int
cov_tally_write(cov_tally *t, FILE *fp)
{
	const ar_referentiel *ref = t->ref;
	struct coll **order = xcalloc(t->n_colls + 1, sizeof *order);
	json_t *j, *list;
	size_t base;
	int rc = 0;

	for (size_t i = 0; i < t->n_colls; i++)
		order[i] = &t->colls[i];
	qsort(order, t->n_colls, sizeof *order, cmp_coll);

	j = json_object();
	put(j, "axes", json_integer((json_int_t)ref->n_axes));
	put(j, "enjeux", json_integer((json_int_t)ref->n_enjeux));
	put(j, "services", json_integer((json_int_t)ref->n_services));
	put(j, "exemple", json_boolean(ref->exemple));
	if (fprintf(fp, "{\n  \"millesime\": %d,\n  \"referentiel\": ", ref->millesime) < 0 ||
	    dump_at(fp, j, 1) < 0 || fputs(",\n  \"collectivites\": [", fp) == EOF)
		rc = -1;
	json_decref(j);
	for (size_t i = 0; i < t->n_colls && rc == 0; i++) {
		j = coll_json(t, order[i]);
		if (fputs(i ? ",\n    " : "\n    ", fp) == EOF || dump_at(fp, j, 2) < 0)
			rc = -1;
		json_decref(j);
	}
	if (rc == 0 && fputs(t->n_colls ? "\n  ],\n  \"national\": " : "],\n  \"national\": ", fp) == EOF)
		rc = -1;

	/* National view: for each service, the share of collectivités covering it. */
	j = json_object();
	list = json_array();
	base = t->with_candidatures ? t->n_candidatures : t->n_colls;
	put(j, "collectivites", json_integer((json_int_t)base));
	if (t->with_candidatures) {
		put(j, "base", json_string("candidatures"));
		put(j, "hors_candidature", json_integer((json_int_t)(t->n_colls - t->n_candidatures)));
	}
	for (size_t s = 0; s < ref->n_services; s++) {
		json_t *o = json_object();
		unsigned long k = 0;

		for (size_t i = 0; i < t->n_colls; i++)
			if (!t->with_candidatures || t->colls[i].candidature)
				k += t->colls[i].covered[s];
		put(o, "id", json_string(ref->services[s].id));
		put(o, "enjeu", json_string(ref->enjeux[ref->services[s].enjeu].id));
		put(o, "collectivites", json_integer((json_int_t)k));
		put(o, "part", cov_share_json(k, base));
		json_array_append_new(list, o);
	}
	put(j, "services", list);
	if (rc == 0 && dump_at(fp, j, 1) < 0)
		rc = -1;
	json_decref(j);

	/* Services cited but not in the référentiel: never dropped silently. */
	list = json_array();
	for (size_t i = 0, n = 1; i < n; i++) {
		const char *id;
		unsigned long actions, line;

		n = cov_tally_unknown(t, i, &id, &actions, &line);
		if (i < n) {
			json_t *o = json_object();
			put(o, "id", json_string(id));
			put(o, "actions", json_integer((json_int_t)actions));
			json_array_append_new(list, o);
		}
	}
	if (rc == 0 && (fputs(",\n  \"services_inconnus\": ", fp) == EOF ||
	                dump_at(fp, list, 1) < 0 || fputs("\n}\n", fp) == EOF))
		rc = -1;
	json_decref(list);
	free(order);
	return rc;
}
