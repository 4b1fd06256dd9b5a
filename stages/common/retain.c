/*
 * retain.c - action shape, R-window and R-statut (see retain.h).
 */
#include "retain.h"

#include <stdio.h>
#include <string.h>

static const char *
kind_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

/* Checks a required string member; returns its value or NULL with why. */
static const char *
need_string(json_t *obj, const char *key, int nonempty, char *why, size_t whylen)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL) {
		snprintf(why, whylen, "missing");
		return NULL;
	}
	if (!json_is_string(v)) {
		snprintf(why, whylen, "must be a string, found %s", kind_name(v));
		return NULL;
	}
	if (nonempty && json_string_length(v) == 0) {
		snprintf(why, whylen, "must not be empty");
		return NULL;
	}
	return json_string_value(v);
}

/* Checks a flat list of non-empty strings; returns it or NULL with why. */
static json_t *
need_list(json_t *obj, const char *key, const char *what, char *why, size_t whylen)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL) {
		snprintf(why, whylen, "missing");
		return NULL;
	}
	if (!json_is_array(v)) {
		snprintf(why, whylen, "must be a flat list of %s (strings), found %s",
		         what, kind_name(v));
		return NULL;
	}
	for (size_t i = 0; i < json_array_size(v); i++) {
		json_t *item = json_array_get(v, i);
		if (!json_is_string(item)) {
			snprintf(why, whylen, "must be a flat list of %s (strings): item %zu is %s",
			         what, i, kind_name(item));
			return NULL;
		}
		if (json_string_length(item) == 0) {
			snprintf(why, whylen, "must be a flat list of %s (strings): item %zu is empty",
			         what, i);
			return NULL;
		}
	}
	return v;
}

int
ar_action_view(json_t *obj, ar_action *a, const char **field, char *why,
               size_t whylen)
{
	memset(a, 0, sizeof *a);
	*field = NULL;
	if (!json_is_object(obj)) {
		snprintf(why, whylen, "each line must hold an action object, found %s",
		         kind_name(obj));
		return -1;
	}
	*field = "id_action";
	if ((a->id_action = need_string(obj, "id_action", 1, why, whylen)) == NULL)
		return -1;
	*field = "titre";
	if (need_string(obj, "titre", 0, why, whylen) == NULL)
		return -1;
	*field = "statut";
	if ((a->statut = need_string(obj, "statut", 1, why, whylen)) == NULL)
		return -1;
	if ((a->statut_bit = ar_statut_from_name(a->statut)) == 0) {
		snprintf(why, whylen, "unknown status \"%s\" (prevue, en_cours or realisee)",
		         a->statut);
		return -1;
	}
	*field = "date";
	if ((a->date = need_string(obj, "date", 1, why, whylen)) == NULL)
		return -1;
	if (!ar_iso_date_valid(a->date)) {
		snprintf(why, whylen, "not a date yyyy-mm-dd: \"%s\"", a->date);
		return -1;
	}
	a->year = (a->date[0] - '0') * 1000 + (a->date[1] - '0') * 100 +
	          (a->date[2] - '0') * 10 + (a->date[3] - '0');
	*field = "collectivites";
	if ((a->collectivites = need_list(obj, "collectivites", "collectivité codes",
	                                  why, whylen)) == NULL)
		return -1;
	a->n_collectivites = json_array_size(a->collectivites);
	*field = "services";
	if ((a->services = need_list(obj, "services", "service ids", why, whylen)) == NULL)
		return -1;
	a->n_services = json_array_size(a->services);
	*field = NULL;
	return 0;
}

int
ar_window_contains(int premiere, int derniere, int year)
{
	return year >= premiere && year <= derniere;
}

enum ar_exclusion
ar_retain(const ar_rules *rules, const ar_action *a)
{
	if ((rules->statuts_retenus & a->statut_bit) == 0)
		return AR_EXCL_STATUT;
	if (!ar_window_contains(rules->fenetre_premiere, rules->fenetre_derniere, a->year))
		return AR_EXCL_WINDOW;
	if (a->n_services == 0)
		return AR_EXCL_NO_SERVICE;
	if (a->n_collectivites == 0)
		return AR_EXCL_NO_COLLECTIVITE;
	return AR_RETAINED;
}

char *
ar_exclusion_motif(enum ar_exclusion x, const ar_action *a, char *buf, size_t len)
{
	switch (x) {
	case AR_EXCL_STATUT:
		snprintf(buf, len, "%s", a->statut);
		break;
	case AR_EXCL_WINDOW:
		snprintf(buf, len, "outside window: %s", a->date);
		break;
	case AR_EXCL_NO_SERVICE:
		snprintf(buf, len, "no service");
		break;
	case AR_EXCL_NO_COLLECTIVITE:
		snprintf(buf, len, "no collectivité");
		break;
	default:
		snprintf(buf, len, "retained");
		break;
	}
	return buf;
}
