/*
 * fields.c - header aliases, statuses, codes and lists of an actions export
 * (see fields.h).
 */
#include "fields.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "text.h"
#include "xalloc.h"

static const char *const keys[AR_F_COUNT] = {
	"id_action", "titre", "sous_titre", "synthese", "statut", "date",
	"collectivites", "services", "id_service", "id_lieu"
};

/* The built-in aliases: keep them equal to schemas/headers.json. */
static const struct {
	enum ar_field f;
	const char *alias;
} builtin[] = {
	{AR_F_ID_ACTION, "Id_Action"}, {AR_F_ID_ACTION, "Id action"},
	{AR_F_ID_ACTION, "Identifiant"}, {AR_F_ID_ACTION, "Identifiant de l'action"},
	{AR_F_TITRE, "Titre"}, {AR_F_TITRE, "Titre de l'action"},
	{AR_F_SOUS_TITRE, "Sous-titre"}, {AR_F_SOUS_TITRE, "Sous titre"},
	{AR_F_SYNTHESE, "Synthèse"}, {AR_F_SYNTHESE, "Résumé"},
	{AR_F_SYNTHESE, "Description"},
	{AR_F_STATUT, "Statut"}, {AR_F_STATUT, "Etat"}, {AR_F_STATUT, "Statut de l'action"},
	{AR_F_DATE, "Date"}, {AR_F_DATE, "Date de mise à jour"},
	{AR_F_DATE, "Date de publication"}, {AR_F_DATE, "Mise à jour"},
	{AR_F_COLLECTIVITES, "Collectivité"}, {AR_F_COLLECTIVITES, "Collectivités"},
	{AR_F_COLLECTIVITES, "Code collectivité"}, {AR_F_COLLECTIVITES, "Code INSEE"},
	{AR_F_COLLECTIVITES, "Id_Collectivité"}, {AR_F_COLLECTIVITES, "Code"},
	{AR_F_SERVICES, "Services"}, {AR_F_SERVICES, "Service"},
	{AR_F_ID_SERVICE, "Id_Service"}, {AR_F_ID_SERVICE, "Id_Services"},
	{AR_F_ID_LIEU, "Id_Lieu"}, {AR_F_ID_LIEU, "Id lieu"}, {AR_F_ID_LIEU, "Identifiant du lieu"},
};

struct alias {
	char *key;          /* folded alias */
	enum ar_field f;    /* the field it names */
};

struct ar_headers {
	struct alias *a;    /* aliases, unsorted */
	size_t n, cap;      /* used and allocated */
};

const char *
ar_field_key(enum ar_field f)
{
	return f >= 0 && f < AR_F_COUNT ? keys[f] : "";
}

int
ar_field_required(enum ar_field f)
{
	return f != AR_F_SOUS_TITRE && f != AR_F_SYNTHESE && f != AR_F_ID_SERVICE &&
	       f != AR_F_ID_LIEU;
}

/* Adds alias; returns the field it already had when different, else f. */
static enum ar_field
add(ar_headers *h, const char *alias, enum ar_field f)
{
	char *k = ar_text_fold(alias);

	if (k == NULL)
		return AR_F_NONE;
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->a[i].key, k) == 0) {
			free(k);
			return h->a[i].f;
		}
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->a = xreallocarray(h->a, h->cap, sizeof *h->a);
	}
	h->a[h->n].key = k;
	h->a[h->n].f = f;
	h->n++;
	return f;
}

ar_headers *
ar_headers_new(void)
{
	ar_headers *h = xcalloc(1, sizeof *h);

	for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
		add(h, builtin[i].alias, builtin[i].f);
	return h;
}

static int
load_fail(char *why, size_t whylen, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
load_fail(char *why, size_t whylen, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	errno = err;
	return -1;
}

int
ar_headers_load(ar_headers *h, const char *path, char *why, size_t whylen)
{
	json_error_t e;
	json_t *root, *al, *list, *v;
	const char *field;
	size_t i;
	FILE *fp = fopen(path, "rb");

	if (fp == NULL)
		return load_fail(why, whylen, errno, "%s", strerror(errno));
	root = json_loadf(fp, JSON_REJECT_DUPLICATES, &e);
	fclose(fp);
	if (root == NULL)
		return load_fail(why, whylen, EINVAL, "line %d: %s", e.line, e.text);
	al = json_object_get(root, "aliases");
	if (!json_is_object(al)) {
		json_decref(root);
		return load_fail(why, whylen, EINVAL, "aliases: an object is expected");
	}
	json_object_foreach(al, field, list) {
		int f;

		for (f = 0; f < AR_F_COUNT; f++)
			if (strcmp(field, keys[f]) == 0)
				break;
		if (f == AR_F_COUNT || !json_is_array(list)) {
			/* field belongs to root: format the message before freeing it. */
			load_fail(why, whylen, EINVAL, "aliases.%s: %s", field,
			          f == AR_F_COUNT ? "unknown field" : "a list is expected");
			json_decref(root);
			return -1;
		}
		json_array_foreach(list, i, v) {
			enum ar_field had;

			if (!json_is_string(v)) {
				load_fail(why, whylen, EINVAL, "aliases.%s[%zu]: a string "
				          "is expected", field, i);
				json_decref(root);
				return -1;
			}
			had = add(h, json_string_value(v), (enum ar_field)f);
			if (had != (enum ar_field)f) {
				int bad = had != AR_F_NONE;

				load_fail(why, whylen, EINVAL, "aliases.%s[%zu]: \"%s\" %s%s",
				          field, i, json_string_value(v),
				          bad ? "already names " : "is not valid text",
				          bad ? ar_field_key(had) : "");
				json_decref(root);
				return -1;
			}
		}
	}
	json_decref(root);
	return 0;
}

void
ar_headers_free(ar_headers *h)
{
	if (h == NULL)
		return;
	for (size_t i = 0; i < h->n; i++)
		free(h->a[i].key);
	free(h->a);
	free(h);
}

enum ar_field
ar_headers_field(const ar_headers *h, const char *name, size_t len)
{
	enum ar_field f = AR_F_NONE;
	char *k;

	if (memchr(name, '\0', len) != NULL)
		return AR_F_NONE;
	k = ar_text_fold(name);
	if (k == NULL)
		return AR_F_NONE;
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->a[i].key, k) == 0) {
			f = h->a[i].f;
			break;
		}
	free(k);
	return f;
}

const char *
ar_statut_parse(const char *s)
{
	static const struct {
		const char *folded, *statut;
	} map[] = {
		{"prevue", "prevue"}, {"prevu", "prevue"},
		{"en cours", "en_cours"},
		{"realisee", "realisee"}, {"realise", "realisee"},
		{"terminee", "realisee"}, {"termine", "realisee"},
	};
	const char *r = NULL;
	char *k = ar_text_fold(s);

	if (k == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(k, map[i].folded) == 0)
			r = map[i].statut;
	free(k);
	return r;
}

int
ar_code_normalise(const char *s, size_t len, char out[16])
{
	char b[16];
	size_t n = 0, i;

	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	for (i = 0; i < len; i++) {
		char ch = s[i];

		if (ch == ' ')
			continue;       /* "248 000 531" */
		if (n >= 9)
			return -1;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		b[n++] = ch;
	}
	b[n] = '\0';
	for (i = 0; i < n; i++)
		if ((b[i] < '0' || b[i] > '9') && !(i == 1 && n == 5 && b[0] == '2' &&
		                                     (b[1] == 'A' || b[1] == 'B')))
			return -1;
	if (n == 4) {
		out[0] = '0';
		memcpy(out + 1, b, 5);
		return 0;
	}
	if (n != 5 && n != 9)
		return -1;
	if (n == 9 && b[1] > '9')
		return -1;
	memcpy(out, b, n + 1);
	return 0;
}

int
ar_split_list(const char *s, size_t len, int (*fn)(const char *, size_t, void *), void *arg)
{
	size_t i = 0, start;
	int rc;

	while (i < len) {
		while (i < len && strchr(",;| \t\r\n", s[i]) != NULL && s[i] != '\0')
			i++;
		start = i;
		while (i < len && (s[i] == '\0' || strchr(",;| \t\r\n", s[i]) == NULL))
			i++;
		if (i > start && (rc = fn(s + start, i - start, arg)) != 0)
			return rc;
	}
	return 0;
}
