/*
 * referentiel.c - loading and checking referentiel.json (see referentiel.h).
 *
 * The file is read whole with jansson (a référentiel has a few hundred
 * entries), flattened depth first into arrays, then checked for ids that
 * appear twice by sorting each level's ids.
 */
#include "referentiel.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "xalloc.h"

/* A growing array of one level, while loading. */
struct grow {
	void **items;  /* the array (of the level's struct type) */
	size_t *n;     /* its length */
	size_t cap;    /* its capacity */
};

static void *
push(void *arrayp, size_t *n, size_t *cap, size_t size)
{
	void **array = arrayp;
	char *p;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*array = xreallocarray(*array, *cap, size);
	}
	p = (char *)*array + *n * size;
	memset(p, 0, size);
	(*n)++;
	return p;
}

static void
fail(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

/*
 * Checks that v is an object with a non-empty string "id", a string "nom"
 * and, when child is not NULL, an array under child (returned in *kids).
 */
static int
check_node(json_t *v, const char *path, const char *child, json_t **kids,
           const char **id, const char **nom, char *why, size_t whylen)
{
	json_t *j;

	if (!json_is_object(v)) {
		fail(why, whylen, "%s: must be an object", path);
		return -1;
	}
	j = json_object_get(v, "id");
	if (!json_is_string(j) || json_string_length(j) == 0) {
		fail(why, whylen, "%s.id: missing or not a non-empty string", path);
		return -1;
	}
	*id = json_string_value(j);
	j = json_object_get(v, "nom");
	if (!json_is_string(j)) {
		fail(why, whylen, "%s.nom: missing or not a string", path);
		return -1;
	}
	*nom = json_string_value(j);
	if (child != NULL) {
		*kids = json_object_get(v, child);
		if (!json_is_array(*kids)) {
			fail(why, whylen, "%s.%s: missing or not an array", path, child);
			return -1;
		}
	}
	return 0;
}

/* Path of an enjeu, usage or service, for messages. */
static void
path_enjeu(const ar_referentiel *ref, size_t e, char *buf, size_t len)
{
	size_t a = ref->enjeux[e].axe;

	snprintf(buf, len, "axes[%zu].enjeux[%zu]", a, e - ref->axes[a].first_enjeu);
}

static void
path_usage(const ar_referentiel *ref, size_t u, char *buf, size_t len)
{
	char pe[64];
	size_t e = ref->usages[u].enjeu;

	path_enjeu(ref, e, pe, sizeof pe);
	snprintf(buf, len, "%s.usages[%zu]", pe, u - ref->enjeux[e].first_usage);
}

static void
path_service(const ar_referentiel *ref, size_t s, char *buf, size_t len)
{
	char pu[96];
	size_t u = ref->services[s].usage;

	path_usage(ref, u, pu, sizeof pu);
	snprintf(buf, len, "%s.services[%zu]", pu, s - ref->usages[u].first_service);
}

/* Sorting indices by the id they point to, ties by index (file order). */
static const ar_referentiel *sort_ref;
static int sort_level;

static const char *
level_id(size_t i)
{
	switch (sort_level) {
	case 0: return sort_ref->axes[i].id;
	case 1: return sort_ref->enjeux[i].id;
	case 2: return sort_ref->usages[i].id;
	default: return sort_ref->services[i].id;
	}
}

static int
cmp_index(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(level_id(i), level_id(j));

	if (c != 0)
		return c;
	return i < j ? -1 : i > j;
}

/* Returns indices 0..n-1 sorted by the ids of level (caller frees). */
static size_t *
sorted_indices(const ar_referentiel *ref, int level, size_t n)
{
	size_t *idx = xcalloc(n ? n : 1, sizeof *idx);

	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	sort_ref = ref;
	sort_level = level;
	qsort(idx, n, sizeof *idx, cmp_index);
	return idx;
}

/* Finds ids given twice; returns -1 with why filled at the first one. */
static int
check_duplicates(ar_referentiel *ref, char *why, size_t whylen)
{
	char p1[160], p2[160];
	size_t *idx;
	int rc = 0;

	idx = sorted_indices(ref, 0, ref->n_axes);
	for (size_t k = 1; k < ref->n_axes && rc == 0; k++)
		if (strcmp(ref->axes[idx[k]].id, ref->axes[idx[k - 1]].id) == 0) {
			fail(why, whylen, "axes[%zu].id: duplicate axe id \"%s\" (first at axes[%zu])",
			     idx[k], ref->axes[idx[k]].id, idx[k - 1]);
			rc = -1;
		}
	free(idx);
	if (rc < 0)
		return rc;

	idx = sorted_indices(ref, 1, ref->n_enjeux);
	for (size_t k = 1; k < ref->n_enjeux && rc == 0; k++) {
		const ar_ref_enjeu *a = &ref->enjeux[idx[k - 1]], *b = &ref->enjeux[idx[k]];
		if (strcmp(a->id, b->id) != 0)
			continue;
		path_enjeu(ref, idx[k - 1], p1, sizeof p1);
		path_enjeu(ref, idx[k], p2, sizeof p2);
		if (a->axe == b->axe)
			fail(why, whylen, "%s.id: duplicate enjeu id \"%s\" (first at %s)",
			     p2, b->id, p1);
		else
			fail(why, whylen, "%s.id: enjeu \"%s\" under two axes: \"%s\" (%s) and \"%s\"",
			     p2, b->id, ref->axes[a->axe].id, p1, ref->axes[b->axe].id);
		rc = -1;
	}
	free(idx);
	if (rc < 0)
		return rc;

	idx = sorted_indices(ref, 2, ref->n_usages);
	for (size_t k = 1; k < ref->n_usages && rc == 0; k++)
		if (strcmp(ref->usages[idx[k]].id, ref->usages[idx[k - 1]].id) == 0) {
			path_usage(ref, idx[k - 1], p1, sizeof p1);
			path_usage(ref, idx[k], p2, sizeof p2);
			fail(why, whylen, "%s.id: duplicate usage id \"%s\" (first at %s)",
			     p2, ref->usages[idx[k]].id, p1);
			rc = -1;
		}
	free(idx);
	if (rc < 0)
		return rc;

	idx = sorted_indices(ref, 3, ref->n_services);
	for (size_t k = 1; k < ref->n_services && rc == 0; k++) {
		const ar_ref_service *a = &ref->services[idx[k - 1]], *b = &ref->services[idx[k]];
		if (strcmp(a->id, b->id) != 0)
			continue;
		path_service(ref, idx[k - 1], p1, sizeof p1);
		path_service(ref, idx[k], p2, sizeof p2);
		if (a->enjeu == b->enjeu)
			fail(why, whylen, "%s.id: duplicate service id \"%s\" (first at %s)",
			     p2, b->id, p1);
		else
			fail(why, whylen, "%s.id: service \"%s\" under two enjeux: \"%s\" (%s) and \"%s\"",
			     p2, b->id, ref->enjeux[a->enjeu].id, p1, ref->enjeux[b->enjeu].id);
		rc = -1;
	}
	if (rc < 0) {
		free(idx);
		return rc;
	}
	ref->by_id = idx;
	return 0;
}

/* Flattens the tree under root into ref; returns -1 with why filled. */
static int
flatten(ar_referentiel *ref, json_t *root, char *why, size_t whylen)
{
	size_t cap_a = 0, cap_e = 0, cap_u = 0, cap_s = 0;
	json_t *axes, *j;
	char path[160];

	if (!json_is_object(root)) {
		fail(why, whylen, "the file must hold a JSON object");
		return -1;
	}
	j = json_object_get(root, "millesime");
	if (!json_is_integer(j) || json_integer_value(j) < 1990 ||
	    json_integer_value(j) > 2200) {
		fail(why, whylen, "millesime: missing or not an integer from 1990 to 2200");
		return -1;
	}
	ref->millesime = (int)json_integer_value(j);
	j = json_object_get(root, "exemple");
	if (j != NULL && !json_is_boolean(j)) {
		fail(why, whylen, "exemple: must be true or false");
		return -1;
	}
	ref->exemple = json_is_true(j);
	j = json_object_get(root, "note");
	if (j != NULL && !json_is_string(j)) {
		fail(why, whylen, "note: must be a string");
		return -1;
	}
	if (j != NULL)
		ref->note = xstrdup(json_string_value(j));
	j = json_object_get(root, "source");
	if (j != NULL && !json_is_string(j)) {
		fail(why, whylen, "source: must be a string");
		return -1;
	}
	if (j != NULL)
		ref->source = xstrdup(json_string_value(j));
	axes = json_object_get(root, "axes");
	if (!json_is_array(axes) || json_array_size(axes) == 0) {
		fail(why, whylen, "axes: missing, empty or not an array");
		return -1;
	}
	for (size_t ai = 0; ai < json_array_size(axes); ai++) {
		json_t *enjeux;
		const char *id, *nom;
		ar_ref_axe *ax;
		size_t a = ref->n_axes;

		snprintf(path, sizeof path, "axes[%zu]", ai);
		if (check_node(json_array_get(axes, ai), path, "enjeux", &enjeux,
		               &id, &nom, why, whylen) < 0)
			return -1;
		ax = push(&ref->axes, &ref->n_axes, &cap_a, sizeof *ref->axes);
		ax->id = xstrdup(id);
		ax->nom = xstrdup(nom);
		ax->first_enjeu = ref->n_enjeux;
		ax->first_service = ref->n_services;
		for (size_t ei = 0; ei < json_array_size(enjeux); ei++) {
			json_t *usages;
			ar_ref_enjeu *en;
			size_t e = ref->n_enjeux;

			snprintf(path, sizeof path, "axes[%zu].enjeux[%zu]", ai, ei);
			if (check_node(json_array_get(enjeux, ei), path, "usages", &usages,
			               &id, &nom, why, whylen) < 0)
				return -1;
			en = push(&ref->enjeux, &ref->n_enjeux, &cap_e, sizeof *ref->enjeux);
			en->id = xstrdup(id);
			en->nom = xstrdup(nom);
			en->axe = a;
			en->first_usage = ref->n_usages;
			en->first_service = ref->n_services;
			for (size_t ui = 0; ui < json_array_size(usages); ui++) {
				json_t *services;
				ar_ref_usage *us;
				size_t u = ref->n_usages;

				snprintf(path, sizeof path, "axes[%zu].enjeux[%zu].usages[%zu]",
				         ai, ei, ui);
				if (check_node(json_array_get(usages, ui), path, "services",
				               &services, &id, &nom, why, whylen) < 0)
					return -1;
				us = push(&ref->usages, &ref->n_usages, &cap_u, sizeof *ref->usages);
				us->id = xstrdup(id);
				us->nom = xstrdup(nom);
				us->enjeu = e;
				us->first_service = ref->n_services;
				for (size_t si = 0; si < json_array_size(services); si++) {
					ar_ref_service *sv;

					snprintf(path, sizeof path,
					         "axes[%zu].enjeux[%zu].usages[%zu].services[%zu]",
					         ai, ei, ui, si);
					if (check_node(json_array_get(services, si), path, NULL,
					               NULL, &id, &nom, why, whylen) < 0)
						return -1;
					sv = push(&ref->services, &ref->n_services, &cap_s,
					          sizeof *ref->services);
					sv->id = xstrdup(id);
					sv->nom = xstrdup(nom);
					sv->usage = u;
					sv->enjeu = e;
					sv->axe = a;
				}
				ref->usages[u].n_services = ref->n_services - ref->usages[u].first_service;
			}
			ref->enjeux[e].n_usages = ref->n_usages - ref->enjeux[e].first_usage;
			ref->enjeux[e].n_services = ref->n_services - ref->enjeux[e].first_service;
		}
		ref->axes[a].n_enjeux = ref->n_enjeux - ref->axes[a].first_enjeu;
		ref->axes[a].n_services = ref->n_services - ref->axes[a].first_service;
	}
	return 0;
}

ar_referentiel *
ar_referentiel_load(const char *path, unsigned long *line, char *why,
                    size_t whylen)
{
	ar_referentiel *ref;
	json_error_t err;
	json_t *root;
	FILE *fp;

	*line = 0;
	if ((fp = fopen(path, "rb")) == NULL) {
		int e = errno;
		fail(why, whylen, "%s", strerror(e));
		errno = ENOENT;
		return NULL;
	}
	root = json_loadf(fp, JSON_REJECT_DUPLICATES, &err);
	fclose(fp);
	if (root == NULL) {
		*line = err.line > 0 ? (unsigned long)err.line : 0;
		fail(why, whylen, "invalid JSON at column %d: %s", err.column, err.text);
		errno = EINVAL;
		return NULL;
	}
	ref = ar_referentiel_from_json(root, why, whylen);
	json_decref(root);
	if (ref == NULL)
		errno = EINVAL;
	return ref;
}

ar_referentiel *
ar_referentiel_from_json(json_t *root, char *why, size_t whylen)
{
	ar_referentiel *ref = xcalloc(1, sizeof *ref);

	if (flatten(ref, root, why, whylen) < 0 ||
	    check_duplicates(ref, why, whylen) < 0) {
		ar_referentiel_free(ref);
		errno = EINVAL;
		return NULL;
	}
	return ref;
}

int
ar_referentiel_sniff(const char *path, enum ar_ref_form *form)
{
	unsigned char buf[512];
	size_t n, i = 0;
	FILE *fp = fopen(path, "rb");

	if (fp == NULL)
		return -1;
	n = fread(buf, 1, sizeof buf, fp);
	if (ferror(fp)) {
		int e = errno;
		fclose(fp);
		errno = e ? e : EIO;
		return -1;
	}
	fclose(fp);
	if (n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
		i = 3;
	while (i < n && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
		i++;
	*form = i < n && buf[i] == '{' ? AR_REF_JSON : AR_REF_SHEET;
	return 0;
}

/* A JSON object {"id": id, "nom": nom} followed by key kids: [] when kids is set. */
static json_t *
node_json(const char *id, const char *nom)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "nom", json_string(nom));
	return o;
}

int
ar_referentiel_write(const ar_referentiel *ref, FILE *fp)
{
	json_t *root = json_object(), *axes = json_array();
	int rc = 0;

	json_object_set_new(root, "millesime", json_integer(ref->millesime));
	json_object_set_new(root, "exemple", json_boolean(ref->exemple));
	if (ref->note != NULL)
		json_object_set_new(root, "note", json_string(ref->note));
	if (ref->source != NULL)
		json_object_set_new(root, "source", json_string(ref->source));
	for (size_t a = 0; a < ref->n_axes; a++) {
		const ar_ref_axe *ax = &ref->axes[a];
		json_t *ja = node_json(ax->id, ax->nom), *enjeux = json_array();

		for (size_t e = ax->first_enjeu; e < ax->first_enjeu + ax->n_enjeux; e++) {
			const ar_ref_enjeu *en = &ref->enjeux[e];
			json_t *je = node_json(en->id, en->nom), *usages = json_array();

			for (size_t u = en->first_usage; u < en->first_usage + en->n_usages; u++) {
				const ar_ref_usage *us = &ref->usages[u];
				json_t *ju = node_json(us->id, us->nom), *services = json_array();

				for (size_t s = us->first_service;
				     s < us->first_service + us->n_services; s++)
					json_array_append_new(services,
					                      node_json(ref->services[s].id,
					                                ref->services[s].nom));
				json_object_set_new(ju, "services", services);
				json_array_append_new(usages, ju);
			}
			json_object_set_new(je, "usages", usages);
			json_array_append_new(enjeux, je);
		}
		json_object_set_new(ja, "enjeux", enjeux);
		json_array_append_new(axes, ja);
	}
	json_object_set_new(root, "axes", axes);
	if (json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	    putc('\n', fp) == EOF)
		rc = -1;
	if (rc < 0 && errno == 0)
		errno = EIO;
	json_decref(root);
	return rc;
}

void
ar_referentiel_free(ar_referentiel *ref)
{
	if (ref == NULL)
		return;
	for (size_t i = 0; i < ref->n_axes; i++) {
		free(ref->axes[i].id);
		free(ref->axes[i].nom);
	}
	for (size_t i = 0; i < ref->n_enjeux; i++) {
		free(ref->enjeux[i].id);
		free(ref->enjeux[i].nom);
	}
	for (size_t i = 0; i < ref->n_usages; i++) {
		free(ref->usages[i].id);
		free(ref->usages[i].nom);
	}
	for (size_t i = 0; i < ref->n_services; i++) {
		free(ref->services[i].id);
		free(ref->services[i].nom);
	}
	free(ref->axes);
	free(ref->enjeux);
	free(ref->usages);
	free(ref->services);
	free(ref->by_id);
	free(ref->note);
	free(ref->source);
	free(ref);
}

size_t
ar_referentiel_find_service(const ar_referentiel *ref, const char *id)
{
	size_t lo = 0, hi = ref->n_services;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ref->services[ref->by_id[mid]].id, id);
		if (c == 0)
			return ref->by_id[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return AR_REF_NONE;
}

int
ar_referentiel_check_counts(const ar_referentiel *ref, int axes, int enjeux,
                            int services, char *why, size_t whylen)
{
	const char *name[3] = {"axes", "enjeux", "services"};
	size_t have[3] = {ref->n_axes, ref->n_enjeux, ref->n_services};
	int want[3] = {axes, enjeux, services};
	size_t used = 0;
	int rc = 0;

	if (whylen > 0)
		why[0] = '\0';
	for (int i = 0; i < 3; i++) {
		int n;
		if (want[i] <= 0 || have[i] == (size_t)want[i])
			continue;
		n = snprintf(why + used, used < whylen ? whylen - used : 0,
		             "%s%s: %zu in the référentiel, the rules announce %d",
		             rc ? "; " : "", name[i], have[i], want[i]);
		if (n > 0)
			used += (size_t)n;
		if (used >= whylen)
			used = whylen ? whylen - 1 : 0;
		rc = -1;
	}
	return rc;
}
