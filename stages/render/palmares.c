/*
 * palmares.c - reading palmares.json for render (see palmares.h).
 */
#include "palmares.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <jansson.h>

#include "arobase.h"
#include "jsonin.h"
#include "xalloc.h"

const char *
rd_kind_label(enum rd_kind kind)
{
	switch (kind) {
	case RD_VILLE:
		return "Ville Internet";
	case RD_VILLAGE:
		return "Village Internet";
	case RD_TERRITOIRE:
		return "Territoire Internet";
	}
	return "?";
}

static void
laureat_free(rd_laureat *l)
{
	free(l->code);
	free(l->nom);
	free(l->departement);
	free(l->region);
	free(l->region_nom);
	for (size_t i = 0; i < l->n_mentions; i++)
		free(l->mentions[i]);
	free(l->mentions);
}

void
rd_palmares_free(rd_palmares *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n; i++)
		laureat_free(&p->laureats[i]);
	free(p->laureats);
	free(p);
}

/* A required, non-empty string member. */
static const char *
get_string(json_t *o, const char *key, int required, const char *path, size_t i,
           rd_err *e)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL && !required)
		return NULL;
	if (v == NULL || !json_is_string(v) || json_string_length(v) == 0) {
		rd_err_set(e, AR_EXIT_DATAERR, "%s: laureats[%zu]: %s: %s", path, i, key,
		           v == NULL ? "missing" : "must be a non-empty string");
		return NULL;
	}
	return json_string_value(v);
}

static int
read_laureat(json_t *o, size_t i, const char *path, const ar_rules *rules,
             json_t *regions, rd_laureat *l, rd_err *e)
{
	const char *code, *nom, *dep, *type, *region, *region_nom;
	json_t *v;

	if (!json_is_object(o))
		return rd_err_set(e, AR_EXIT_DATAERR, "%s: laureats[%zu]: must be an object", path, i);
	if ((code = get_string(o, "code", 1, path, i, e)) == NULL)
		return -1;
	if (!rd_code_ok(code))
		return rd_err_set(e, AR_EXIT_DATAERR,
		                  "%s: laureats[%zu]: code: \"%s\" is not an INSEE code or SIREN (1 to 16 letters and digits)",
		                  path, i, code);
	if ((nom = get_string(o, "nom", 1, path, i, e)) == NULL ||
	    (dep = get_string(o, "departement", 1, path, i, e)) == NULL ||
	    (type = get_string(o, "type", 1, path, i, e)) == NULL)
		return -1;
	if (strcmp(type, "ville") == 0)
		l->kind = RD_VILLE;
	else if (strcmp(type, "village") == 0)
		l->kind = RD_VILLAGE;
	else if (strcmp(type, "territoire") == 0)
		l->kind = RD_TERRITOIRE;
	else
		return rd_err_set(e, AR_EXIT_DATAERR,
		                  "%s: laureats[%zu] (%s): type: \"%s\" is not ville, village or territoire",
		                  path, i, code, type);
	v = json_object_get(o, "arobases");
	if (v == NULL || !json_is_integer(v) ||
	    json_integer_value(v) < rules->arobases_min ||
	    json_integer_value(v) > rules->arobases_max)
		return rd_err_set(e, AR_EXIT_DATAERR,
		                  "%s: laureats[%zu] (%s): arobases: must be an integer from %d to %d",
		                  path, i, code, rules->arobases_min, rules->arobases_max);
	l->arobases = (int)json_integer_value(v);
	l->index = i;
	v = json_object_get(o, "millesime");
	if (v != NULL && (!json_is_integer(v) || json_integer_value(v) != rules->millesime))
		return rd_err_set(e, AR_EXIT_DATAERR,
		                  "%s: laureats[%zu] (%s): millesime: must be %d, the rules' millésime",
		                  path, i, code, rules->millesime);
	v = json_object_get(o, "hors_concours");
	if (v != NULL && !json_is_boolean(v))
		return rd_err_set(e, AR_EXIT_DATAERR,
		                  "%s: laureats[%zu] (%s): hors_concours: must be true or false",
		                  path, i, code);
	l->hors_concours = v != NULL && json_is_true(v);
	region = get_string(o, "region", 0, path, i, e);
	if (region == NULL && e != NULL && e->status != 0)
		return -1;
	region_nom = get_string(o, "region_nom", 0, path, i, e);
	if (region_nom == NULL && e != NULL && e->status != 0)
		return -1;
	if (region_nom == NULL && region != NULL && regions != NULL)
		region_nom = json_string_value(json_object_get(regions, region));
	v = json_object_get(o, "mentions");
	if (v != NULL && !json_is_array(v))
		return rd_err_set(e, AR_EXIT_DATAERR,
		                  "%s: laureats[%zu] (%s): mentions: must be an array of strings",
		                  path, i, code);
	l->code = xstrdup(code);
	l->nom = xstrdup(nom);
	l->departement = xstrdup(dep);
	l->region = region ? xstrdup(region) : NULL;
	l->region_nom = region_nom ? xstrdup(region_nom) : NULL;
	if (v != NULL && json_array_size(v) > 0) {
		l->mentions = xcalloc(json_array_size(v), sizeof *l->mentions);
		for (size_t k = 0; k < json_array_size(v); k++) {
			json_t *m = json_array_get(v, k);

			if (!json_is_string(m) || json_string_length(m) == 0)
				return rd_err_set(e, AR_EXIT_DATAERR,
				                  "%s: laureats[%zu] (%s): mentions[%zu]: must be a non-empty string",
				                  path, i, code, k);
			l->mentions[l->n_mentions++] = xstrdup(json_string_value(m));
		}
	}
	return 0;
}

static int
by_code(const void *a, const void *b)
{
	return strcmp(((const rd_laureat *)a)->code, ((const rd_laureat *)b)->code);
}

rd_palmares *
rd_palmares_load(const char *path, const ar_rules *rules, rd_err *e)
{
	json_t *root, *list, *regions;
	rd_palmares *p;

	if ((root = rd_json_open(path, rules->millesime, e)) == NULL)
		return NULL;
	list = json_object_get(root, "laureats");
	if (list == NULL || !json_is_array(list)) {
		json_decref(root);
		rd_err_set(e, AR_EXIT_DATAERR, "%s: laureats: must be an array", path);
		return NULL;
	}
	if ((regions = json_object_get(json_object_get(root, "statistiques"), "regions")) != NULL) {
		const char *k;
		json_t *v;

		if (!json_is_object(regions)) {
			json_decref(root);
			rd_err_set(e, AR_EXIT_DATAERR,
			           "%s: statistiques: regions: must be an object of région names by code",
			           path);
			return NULL;
		}
		json_object_foreach(regions, k, v)
			if (!json_is_string(v) || json_string_length(v) == 0) {
				rd_err_set(e, AR_EXIT_DATAERR,
				           "%s: statistiques: regions: %s: must be a non-empty string",
				           path, k);
				json_decref(root);
				return NULL;
			}
	}
	p = xcalloc(1, sizeof *p);
	p->millesime = rules->millesime;
	p->laureats = xcalloc(json_array_size(list) + 1, sizeof *p->laureats);
	for (size_t i = 0; i < json_array_size(list); i++) {
		if (read_laureat(json_array_get(list, i), i, path, rules, regions, &p->laureats[p->n], e) != 0) {
			laureat_free(&p->laureats[p->n]);
			json_decref(root);
			rd_palmares_free(p);
			return NULL;
		}
		p->n++;
	}
	json_decref(root);
	qsort(p->laureats, p->n, sizeof *p->laureats, by_code);
	for (size_t i = 1; i < p->n; i++)
		if (strcmp(p->laureats[i - 1].code, p->laureats[i].code) == 0) {
			rd_err_set(e, AR_EXIT_DATAERR, "%s: laureats: code %s appears twice",
			           path, p->laureats[i].code);
			rd_palmares_free(p);
			return NULL;
		}
	return p;
}

size_t
rd_palmares_name_regions(rd_palmares *p, const char *(*nom_of)(void *, const char *),
                         void *arg)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n; i++) {
		rd_laureat *l = &p->laureats[i];
		const char *nom;

		if (l->region == NULL || l->region_nom != NULL)
			continue;
		if ((nom = nom_of(arg, l->region)) != NULL) {
			l->region_nom = xstrdup(nom);
			n++;
		}
	}
	return n;
}

char *
rd_name_key(const char *name)
{
	GString *k = g_string_new(NULL);
	char *nfd = g_utf8_normalize(name, -1, G_NORMALIZE_NFD);
	int space = 1;
	char *out;

	for (const char *s = nfd ? nfd : ""; *s; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);

		if (g_unichar_ismark(c))
			continue;
		c = g_unichar_tolower(c);
		if (c == '-' || c == '\'' || c == 0x2019 || c == 0x2011 ||
		    g_unichar_isspace(c) || c == 0xa0 || c == 0x202f) {
			if (!space)
				g_string_append_c(k, ' ');
			space = 1;
			continue;
		}
		space = 0;
		if (c == 0x153)
			g_string_append(k, "oe");
		else if (c == 0xe6)
			g_string_append(k, "ae");
		else if (c == 0xdf)
			g_string_append(k, "ss");
		else
			g_string_append_unichar(k, c);
	}
	g_free(nfd);
	if (k->len > 0 && k->str[k->len - 1] == ' ')
		g_string_truncate(k, k->len - 1);
	out = xstrdup(k->str);
	g_string_free(k, TRUE);
	return out;
}

/* Sort records for the booklet. */
struct order {
	size_t index;
	int arobases;
	char *key;
	const char *code;
};

static int
by_booklet(const void *a, const void *b)
{
	const struct order *x = a, *y = b;
	int c;

	if (x->arobases != y->arobases)
		return y->arobases - x->arobases;
	if ((c = strcmp(x->key, y->key)) != 0)
		return c;
	return strcmp(x->code, y->code);
}

size_t *
rd_palmares_booklet_order(const rd_palmares *p)
{
	struct order *o = xcalloc(p->n + 1, sizeof *o);
	size_t *idx = xcalloc(p->n + 1, sizeof *idx);

	for (size_t i = 0; i < p->n; i++) {
		o[i].index = i;
		o[i].arobases = p->laureats[i].arobases;
		o[i].key = rd_name_key(p->laureats[i].nom);
		o[i].code = p->laureats[i].code;
	}
	qsort(o, p->n, sizeof *o, by_booklet);
	for (size_t i = 0; i < p->n; i++) {
		idx[i] = o[i].index;
		free(o[i].key);
	}
	free(o);
	return idx;
}
