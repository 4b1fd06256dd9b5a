/*
 * rules.c - loading and checking rules.json (see rules.h).
 */
#include "rules.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "xalloc.h"

unsigned
ar_statut_from_name(const char *name)
{
	if (strcmp(name, "prevue") == 0)
		return AR_STATUT_PREVUE;
	if (strcmp(name, "en_cours") == 0)
		return AR_STATUT_EN_COURS;
	if (strcmp(name, "realisee") == 0)
		return AR_STATUT_REALISEE;
	return 0;
}

int
ar_iso_date_valid(const char *s)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return 0;
	if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return d <= 29;
	return d <= mdays[m - 1];
}

/* The year of a checked ISO date. */
static int
atoi_year(const char *iso)
{
	return (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
}

/* Reads an integer member in [lo, hi]; returns -1 with why filled. */
static int
get_int(json_t *obj, const char *path, const char *key, int lo, int hi,
        int required, int *out, char *why, size_t whylen)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL) {
		if (!required)
			return 0;
		snprintf(why, whylen, "%s%s: missing", path, key);
		return -1;
	}
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi) {
		snprintf(why, whylen, "%s%s: must be an integer from %d to %d",
		         path, key, lo, hi);
		return -1;
	}
	*out = (int)json_integer_value(v);
	return 0;
}

static int
get_date(json_t *obj, const char *key, char out[11], char *why, size_t whylen)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL) {
		snprintf(why, whylen, "dates.%s: missing", key);
		return -1;
	}
	if (!json_is_string(v) || strlen(json_string_value(v)) != 10 ||
	    json_string_value(v)[4] != '-' || json_string_value(v)[7] != '-') {
		snprintf(why, whylen, "dates.%s: must be an ISO date yyyy-mm-dd", key);
		return -1;
	}
	if (!ar_iso_date_valid(json_string_value(v))) {
		snprintf(why, whylen, "dates.%s: \"%s\" is not a day of the calendar", key,
		         json_string_value(v));
		return -1;
	}
	memcpy(out, json_string_value(v), 11);
	return 0;
}

ar_rules *
ar_rules_load(const char *path, char *why, size_t whylen)
{
	json_error_t err;
	json_t *root, *o, *v;
	ar_rules *r;
	size_t i;

	root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
	if (root == NULL) {
		FILE *fp = fopen(path, "rb");
		if (fp == NULL) {
			snprintf(why, whylen, "%s", strerror(errno));
			errno = ENOENT;
			return NULL;
		}
		fclose(fp);
		snprintf(why, whylen, "line %d: invalid JSON: %s", err.line, err.text);
		errno = EINVAL;
		return NULL;
	}
	r = xcalloc(1, sizeof *r);
	errno = EINVAL;
	if (!json_is_object(root)) {
		snprintf(why, whylen, "the file must hold a JSON object");
		goto fail;
	}
	if (get_int(root, "", "millesime", 1990, 2200, 1, &r->millesime, why, whylen) < 0)
		goto fail;
	r->annee_participation = r->millesime - 1;
	if (get_int(root, "", "annee_participation", 1990, 2200, 0,
	            &r->annee_participation, why, whylen) < 0)
		goto fail;
	o = json_object_get(root, "fenetre");
	if (!json_is_object(o)) {
		snprintf(why, whylen, "fenetre: missing or not an object");
		goto fail;
	}
	if (get_int(o, "fenetre.", "premiere_annee", 1990, 2200, 1, &r->fenetre_premiere, why, whylen) < 0 ||
	    get_int(o, "fenetre.", "derniere_annee", 1990, 2200, 1, &r->fenetre_derniere, why, whylen) < 0)
		goto fail;
	if (r->annee_participation != r->millesime - 1) {
		snprintf(why, whylen, "annee_participation: %d is not millesime %d - 1 "
		         "(the label of a millésime rewards the year before it)",
		         r->annee_participation, r->millesime);
		goto fail;
	}
	if (r->fenetre_derniere != r->annee_participation) {
		snprintf(why, whylen, "fenetre.derniere_annee: %d is not the participation year %d "
		         "(R-window, FAQ Évaluation 1°: label %d counts %d and %d)",
		         r->fenetre_derniere, r->annee_participation, r->millesime,
		         r->annee_participation - 1, r->annee_participation);
		goto fail;
	}
	if (r->fenetre_premiere > r->fenetre_derniere) {
		snprintf(why, whylen, "fenetre: premiere_annee %d is after derniere_annee %d",
		         r->fenetre_premiere, r->fenetre_derniere);
		goto fail;
	}
	v = json_object_get(root, "statuts_retenus");
	if (!json_is_array(v) || json_array_size(v) == 0) {
		snprintf(why, whylen, "statuts_retenus: missing or empty");
		goto fail;
	}
	for (i = 0; i < json_array_size(v); i++) {
		json_t *s = json_array_get(v, i);
		unsigned bit = json_is_string(s) ? ar_statut_from_name(json_string_value(s)) : 0;
		if (bit == 0) {
			snprintf(why, whylen, "statuts_retenus[%zu]: must be one of prevue, en_cours, realisee", i);
			goto fail;
		}
		r->statuts_retenus |= bit;
	}
	o = json_object_get(root, "arobases");
	if (!json_is_object(o)) {
		snprintf(why, whylen, "arobases: missing or not an object");
		goto fail;
	}
	r->arobases_min = 1;
	r->arobases_max = 5;
	r->max_premiere = 4;
	r->perte_max = 1;
	r->recul_max_annees = 3;
	if (get_int(o, "arobases.", "min", 1, 5, 1, &r->arobases_min, why, whylen) < 0 ||
	    get_int(o, "arobases.", "max", 1, 5, 1, &r->arobases_max, why, whylen) < 0 ||
	    get_int(o, "arobases.", "max_premiere_participation", 1, 5, 1, &r->max_premiere, why, whylen) < 0 ||
	    get_int(o, "arobases.", "perte_max", 0, 5, 1, &r->perte_max, why, whylen) < 0 ||
	    get_int(o, "arobases.", "recul_max_annees", 1, 50, 1, &r->recul_max_annees, why, whylen) < 0)
		goto fail;
	if (r->arobases_min > r->arobases_max) {
		snprintf(why, whylen, "arobases: min %d is above max %d", r->arobases_min, r->arobases_max);
		goto fail;
	}
	v = json_object_get(root, "mentions");
	if (v != NULL && !json_is_array(v)) {
		snprintf(why, whylen, "mentions: must be an array of strings");
		goto fail;
	}
	r->n_mentions = json_array_size(v);
	r->mentions = xcalloc(r->n_mentions ? r->n_mentions : 1, sizeof *r->mentions);
	for (i = 0; i < r->n_mentions; i++) {
		json_t *s = json_array_get(v, i);
		if (!json_is_string(s) || json_string_length(s) == 0) {
			snprintf(why, whylen, "mentions[%zu]: must be a non-empty string", i);
			goto fail;
		}
		r->mentions[i] = xstrdup(json_string_value(s));
	}
	o = json_object_get(root, "dates");
	if (!json_is_object(o)) {
		snprintf(why, whylen, "dates: missing or not an object");
		goto fail;
	}
	if (get_date(o, "cloture", r->cloture, why, whylen) < 0 ||
	    get_date(o, "jury", r->jury, why, whylen) < 0 ||
	    get_date(o, "ceremonie", r->ceremonie, why, whylen) < 0)
		goto fail;
	if (strcmp(r->cloture, r->jury) > 0 || strcmp(r->jury, r->ceremonie) > 0) {
		snprintf(why, whylen, "dates: closing %s, jury %s and ceremony %s are not in that order",
		         r->cloture, r->jury, r->ceremonie);
		goto fail;
	}
	if (atoi_year(r->ceremonie) < r->annee_participation ||
	    atoi_year(r->ceremonie) > r->millesime) {
		snprintf(why, whylen, "dates.ceremonie: %s is neither in %d nor in %d",
		         r->ceremonie, r->annee_participation, r->millesime);
		goto fail;
	}
	v = json_object_get(root, "lieu_ceremonie");
	if (v != NULL && !json_is_string(v)) {
		snprintf(why, whylen, "lieu_ceremonie: must be a string");
		goto fail;
	}
	r->lieu_ceremonie = xstrdup(v ? json_string_value(v) : "");
	r->panneau_largeur_min_mm = 350;
	r->panneau_hauteur_min_mm = 250;
	o = json_object_get(root, "panneau");
	if (o != NULL) {
		json_t *w = json_object_get(o, "largeur_min_mm");
		json_t *h = json_object_get(o, "hauteur_min_mm");
		if ((w && (!json_is_number(w) || json_number_value(w) <= 0)) ||
		    (h && (!json_is_number(h) || json_number_value(h) <= 0))) {
			snprintf(why, whylen, "panneau: largeur_min_mm and hauteur_min_mm must be positive numbers");
			goto fail;
		}
		if (w)
			r->panneau_largeur_min_mm = json_number_value(w);
		if (h)
			r->panneau_hauteur_min_mm = json_number_value(h);
	}
	o = json_object_get(root, "referentiel");
	if (o != NULL) {
		if (get_int(o, "referentiel.", "axes", 1, 100, 0, &r->ref_axes, why, whylen) < 0 ||
		    get_int(o, "referentiel.", "enjeux", 1, 1000, 0, &r->ref_enjeux, why, whylen) < 0 ||
		    get_int(o, "referentiel.", "services", 1, 100000, 0, &r->ref_services, why, whylen) < 0)
			goto fail;
	}
	json_decref(root);
	return r;
fail:
	json_decref(root);
	ar_rules_free(r);
	errno = EINVAL;
	return NULL;
}

void
ar_rules_free(ar_rules *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n_mentions; i++)
		free(r->mentions[i]);
	free(r->mentions);
	free(r->lieu_ceremonie);
	free(r);
}

int
ar_rules_has_mention(const ar_rules *r, const char *mention)
{
	for (size_t i = 0; i < r->n_mentions; i++)
		if (strcmp(r->mentions[i], mention) == 0)
			return 1;
	return 0;
}
