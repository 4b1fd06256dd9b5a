/*
 * output.c - jury-book.json, palmares.json and palmares.csv (see output.h).
 */
#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Laureates: decided, accepted (no error left on them is checked by main). */
static int
is_laureate(const dc_cand *cd)
{
	return cd->decided;
}

static json_t *
alerte_json(int a)
{
	return a == AR_ALERTE_INCONNUE ? json_null() : json_boolean(a == AR_ALERTE_OUI);
}

static const char *
state_name(int s)
{
	return s == AR_LABEL_BINDS ? "s_applique" : s == AR_LABEL_UNKNOWN ?
	       "non_verifiable" : "sans_objet";
}

static int
cmp_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds 1 to counter key of object o. */
static void
count(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	json_object_set_new(o, key, json_integer(v ? json_integer_value(v) + 1 : 1));
}

/* Returns a copy of o with its keys in byte order; takes o. */
static json_t *
sorted_keys(json_t *o)
{
	size_t n = json_object_size(o), i = 0;
	const char **keys = xcalloc(n + 1, sizeof *keys), *k;
	json_t *out = json_object(), *v;

	json_object_foreach(o, k, v)
		keys[i++] = k;
	qsort(keys, n, sizeof *keys, cmp_key);
	for (i = 0; i < n; i++)
		json_object_set(out, keys[i], json_object_get(o, keys[i]));
	free(keys);
	json_decref(o);
	return out;
}

/* The previous candidature used by R-drop (certain), as JSON, or NULL. */
static json_t *
previous_json(const dc_cand *cd)
{
	const ar_label_earlier *e;

	if (cd->range.precedente < 0 || (size_t)cd->range.precedente >= cd->npast)
		return NULL;
	e = &cd->past[cd->range.precedente];
	return json_pack("{s:i, s:o}", "millesime", e->millesime, "arobases",
	                 e->arobases ? json_integer(e->arobases) : json_null());
}

json_t *
dc_palmares_json(const dc_run *run)
{
	const ar_rules *r = run->rules;
	json_t *root = json_object(), *laur = json_array(), *stats = json_object();
	json_t *par_arob = json_object(), *par_type = json_object(), *par_region = json_object();
	json_t *par_pop = json_object(), *regions = json_object();
	long hors_concours = 0;
	long premieres = 0, premieres_inconnues = 0, hausses = 0, baisses = 0, stables = 0,
	     evol_inconnue = 0;
	char key[16];

	for (int a = r->arobases_min; a <= r->arobases_max; a++) {
		snprintf(key, sizeof key, "%d", a);
		json_object_set_new(par_arob, key, json_integer(0));
	}
	json_object_set_new(par_type, "territoire", json_integer(0));
	json_object_set_new(par_type, "ville", json_integer(0));
	json_object_set_new(par_type, "village", json_integer(0));
	/* One population of each class, smallest first, so that the classes
	 * appear in order, each with its count. */
	static const long classes[] = {0, 3000, 20000, 100000};
	for (size_t k = 0; k < sizeof classes / sizeof *classes; k++)
		json_object_set_new(par_pop, ar_population_class(classes[k]), json_integer(0));

	for (size_t i = 0; i < run->ncands; i++) {
		const dc_cand *cd = &run->cands[i];
		json_t *o, *m, *prev;
		if (!is_laureate(cd))
			continue;
		o = json_object();
		json_object_set_new(o, "code", json_string(cd->code));
		json_object_set_new(o, "nom", json_string(cd->nom));
		json_object_set_new(o, "departement", json_string(cd->departement));
		json_object_set_new(o, "type", json_string(cd->type));
		json_object_set_new(o, "arobases", json_integer(cd->arobases));
		m = json_array();
		for (size_t k = 0; k < cd->nmentions; k++)
			json_array_append_new(m, json_string(cd->mentions[k]));
		json_object_set_new(o, "mentions", m);
		json_object_set_new(o, "millesime", json_integer(r->millesime));
		if (cd->region != NULL)
			json_object_set_new(o, "region", json_string(cd->region));
		if (cd->region_nom != NULL)
			json_object_set_new(o, "region_nom", json_string(cd->region_nom));
		if (cd->population >= 0)
			json_object_set_new(o, "population", json_integer(cd->population));
		if (cd->pays != NULL)
			json_object_set_new(o, "pays", json_string(cd->pays));
		if (cd->hors_concours)
			json_object_set_new(o, "hors_concours", json_true());
		if (cd->alerte)
			json_object_set_new(o, "alerte", json_true());
		if ((prev = previous_json(cd)) != NULL)
			json_object_set_new(o, "precedente", prev);
		if (cd->nderogs > 0) {
			json_t *d = json_array();
			for (size_t k = 0; k < cd->nderogs; k++)
				json_array_append_new(d, json_pack("{s:s, s:s, s:s}",
				    "regle", cd->derogs[k].regle, "article", cd->derogs[k].article,
				    "motif", cd->derogation));
			json_object_set_new(o, "derogations", d);
		}
		if (cd->nunchecked > 0) {
			json_t *u = json_array();
			for (size_t k = 0; k < cd->nunchecked; k++) {
				const ar_label_bound *b = &cd->range.rule[cd->unchecked[k].rule];
				json_array_append_new(u, json_pack("{s:s, s:s, s:s}",
				    "regle", b->regle, "article", b->article, "raison", b->raison));
			}
			json_object_set_new(o, "non_verifiees", u);
		}
		json_array_append_new(laur, o);

		snprintf(key, sizeof key, "%d", cd->arobases);
		count(par_arob, key);
		count(par_type, cd->type);
		/* Hors concours (art. 3): cited, but not counted by région or
		 * population class, where the competition is compared. */
		if (cd->hors_concours) {
			hors_concours++;
		} else {
			count(par_region, cd->region ? cd->region : "inconnue");
			if (cd->region != NULL && cd->region_nom != NULL)
				json_object_set_new(regions, cd->region,
				                    json_string(cd->region_nom));
			count(par_pop, cd->population >= 0 ?
			      ar_population_class(cd->population) : "inconnue");
		}
		if (cd->range.premiere == 1)
			premieres++;
		else if (cd->range.premiere < 0)
			premieres_inconnues++;
		if (cd->range.precedente >= 0 && cd->past[cd->range.precedente].arobases > 0) {
			int p = cd->past[cd->range.precedente].arobases;
			if (cd->arobases > p)
				hausses++;
			else if (cd->arobases < p)
				baisses++;
			else
				stables++;
		} else if (cd->range.premiere != 1) {
			evol_inconnue++;
		}
	}
	json_object_set_new(root, "millesime", json_integer(r->millesime));
	json_object_set_new(root, "laureats", laur);
	json_object_set_new(stats, "laureats", json_integer((json_int_t)json_array_size(laur)));
	json_object_set_new(stats, "par_arobases", par_arob);
	json_object_set_new(stats, "par_type", par_type);
	json_object_set_new(stats, "par_region", sorted_keys(par_region));
	json_object_set_new(stats, "regions", sorted_keys(regions));
	json_object_set_new(stats, "par_classe_population", par_pop);
	json_object_set_new(stats, "hors_concours", json_integer(hors_concours));
	json_object_set_new(stats, "premieres_participations", json_integer(premieres));
	json_object_set_new(stats, "premieres_participations_inconnues",
	                    json_integer(premieres_inconnues));
	json_object_set_new(stats, "hausses", json_integer(hausses));
	json_object_set_new(stats, "baisses", json_integer(baisses));
	json_object_set_new(stats, "stables", json_integer(stables));
	json_object_set_new(stats, "evolutions_inconnues", json_integer(evol_inconnue));
	json_object_set_new(root, "statistiques", stats);
	return root;
}

/* One bound of the allowed range, with the rule that set it. */
static json_t *
bound_json(const dc_cand *cd, int value, int rule)
{
	const ar_label_bound *b = &cd->range.rule[rule];
	return json_pack("{s:i, s:s, s:s, s:s}", "valeur", value, "regle", b->regle,
	                 "article", b->article, "raison", b->raison);
}

json_t *
dc_book_json(const dc_run *run, const ar_history *hist)
{
	const ar_rules *r = run->rules;
	json_t *root = json_object(), *cands = json_array(), *refused = json_array();
	json_t *h = json_object(), *files = json_array(), *compl = json_array();

	json_object_set_new(root, "millesime", json_integer(r->millesime));
	json_object_set_new(root, "dates", json_pack("{s:s, s:s, s:s}", "cloture", r->cloture,
	                    "jury", r->jury, "ceremonie", r->ceremonie));
	if (hist != NULL) {
		ar_label_past p;
		memset(&p, 0, sizeof p);
		ar_history_knowledge(hist, &p);
		for (size_t i = 0; i < ar_history_nfiles(hist); i++) {
			const char *f = ar_history_file_at(hist, i);
			json_array_append_new(files, json_pack("{s:s, s:b}", "fichier", f,
			                      "complet", ar_history_file_complete(hist, f)));
		}
		for (size_t i = 0; i < p.n_complete; i++)
			json_array_append_new(compl, json_integer(p.complete[i]));
		if (p.premier_millesime > 0)
			json_object_set_new(h, "premier_millesime", json_integer(p.premier_millesime));
	}
	json_object_set_new(h, "fichiers", files);
	json_object_set_new(h, "millesimes_complets", compl);
	json_object_set_new(root, "historique", h);

	for (size_t i = 0; i < run->ncands; i++) {
		const dc_cand *cd = &run->cands[i];
		json_t *o = json_object(), *past, *rules, *v;
		json_object_set_new(o, "code", json_string(cd->code));
		json_object_set_new(o, "nom", json_string(cd->nom));
		json_object_set_new(o, "departement", json_string(cd->departement));
		json_object_set_new(o, "type", json_string(cd->type));
		if (cd->region != NULL)
			json_object_set_new(o, "region", json_string(cd->region));
		if (cd->region_nom != NULL)
			json_object_set_new(o, "region_nom", json_string(cd->region_nom));
		json_object_set_new(o, "population", cd->population >= 0 ?
		                    json_integer(cd->population) : json_null());
		if (cd->pays != NULL) {
			json_object_set_new(o, "pays", json_string(cd->pays));
			json_object_set_new(o, "hors_concours", json_true());
		}
		json_object_set_new(o, "adherent", json_boolean(cd->adherent));
		json_object_set_new(o, "validation", json_pack("{s:o, s:s, s:b}",
		    "date", *cd->date_validation ? json_string(cd->date_validation) : json_null(),
		    "cloture", r->cloture,
		    "avant_cloture", *cd->date_validation &&
		                     strcmp(cd->date_validation, r->cloture) <= 0));
		if (cd->refus_regle != NULL) {
			json_object_set_new(o, "regle", json_string(cd->refus_regle));
			json_object_set_new(o, "article", json_string(cd->refus_article));
			json_object_set_new(o, "motif", json_string(cd->refus_motif));
			json_array_append_new(refused, o);
			continue;
		}
		past = json_array();
		for (size_t k = 0; k < cd->npast; k++)
			json_array_append_new(past, json_pack("{s:i, s:o, s:o}",
			    "millesime", cd->past[k].millesime,
			    "arobases", cd->past[k].arobases ? json_integer(cd->past[k].arobases) :
			                json_null(),
			    "alerte", alerte_json(cd->past[k].alerte)));
		json_object_set_new(o, "candidatures_precedentes", past);
		json_object_set_new(o, "premiere_participation", cd->range.premiere < 0 ?
		                    json_null() : json_boolean(cd->range.premiere));
		if (cd->couverture != NULL) {
			static const char *const keys[] = {
				"actions_retenues", "couverts", "total", "part", "enjeux_non_couverts"
			};
			json_t *c = json_object();
			for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
				if ((v = json_object_get(cd->couverture, keys[k])) != NULL)
					json_object_set(c, keys[k], v);
			json_object_set_new(o, "couverture", c);
		} else {
			json_object_set_new(o, "couverture", json_null());
		}
		json_object_set_new(o, "autorise", json_pack("{s:o, s:o}",
		    "min", bound_json(cd, cd->range.lo, cd->range.lo_rule),
		    "max", bound_json(cd, cd->range.hi, cd->range.hi_rule)));
		json_object_set_new(o, "sur", json_pack("{s:i, s:i}", "min", cd->range.sure_lo,
		                    "max", cd->range.sure_hi));
		rules = json_array();
		for (int k = 0; k < AR_LABEL_NRULES; k++) {
			const ar_label_bound *b = &cd->range.rule[k];
			json_array_append_new(rules, json_pack("{s:s, s:s, s:s, s:i, s:i, s:s}",
			    "regle", b->regle, "article", b->article, "etat", state_name(b->state),
			    "min", b->lo, "max", b->hi, "raison", b->raison));
		}
		json_object_set_new(o, "regles", rules);
		json_array_append_new(cands, o);
	}
	json_object_set_new(root, "candidatures", cands);
	json_object_set_new(root, "refusees", refused);
	json_object_set_new(root, "compteurs", json_pack("{s:i, s:i, s:i}",
	    "candidatures", (int)run->ncands, "examinees", (int)json_array_size(cands),
	    "refusees", (int)json_array_size(refused)));
	return root;
}

int
dc_json_write(FILE *fp, const json_t *v)
{
	if (json_dumpf(v, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	    fputc('\n', fp) == EOF)
		return -1;
	return ferror(fp) ? -1 : 0;
}

void
dc_csv_cell(FILE *fp, const char *s)
{
	int neutral = *s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' ||
	              *s == '\r';
	int quote = strpbrk(s, ";\"\r\n") != NULL;

	if (quote)
		fputc('"', fp);
	if (neutral)
		fputc('\'', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	if (quote)
		fputc('"', fp);
}

int
dc_palmares_csv(FILE *fp, const dc_run *run)
{
	static const char *const head[] = {
		"code", "nom", "departement", "type", "arobases", "niveau", "mentions",
		"alerte", "hors_concours", "regles_derogees", "derogation"
	};
	const size_t nhead = sizeof head / sizeof *head;

	fputs("\xEF\xBB\xBF", fp);
	for (size_t i = 0; i < nhead; i++) {
		if (i)
			fputc(';', fp);
		dc_csv_cell(fp, head[i]);
	}
	fputs("\r\n", fp);
	for (size_t i = 0; i < run->ncands; i++) {
		const dc_cand *cd = &run->cands[i];
		char num[8], at[8], *ment = xstrdup(""), *regles = xstrdup("");
		if (!is_laureate(cd)) {
			free(ment);
			free(regles);
			continue;
		}
		snprintf(num, sizeof num, "%d", cd->arobases);
		memset(at, '@', (size_t)cd->arobases);
		at[cd->arobases] = '\0';
		for (size_t k = 0; k < cd->nmentions; k++) {
			char *t = xasprintf("%s%s%s", ment, k ? " | " : "", cd->mentions[k]);
			free(ment);
			ment = t;
		}
		for (size_t k = 0; k < cd->nderogs; k++) {
			char *t = xasprintf("%s%s%s", regles, k ? ", " : "", cd->derogs[k].regle);
			free(regles);
			regles = t;
		}
		const char *cells[] = {
			cd->code, cd->nom, cd->departement, cd->type, num, at, ment,
			cd->alerte ? "oui" : "non", cd->hors_concours ? "oui" : "non", regles,
			cd->nderogs ? cd->derogation : ""
		};
		for (size_t k = 0; k < nhead; k++) {
			if (k)
				fputc(';', fp);
			dc_csv_cell(fp, cells[k]);
		}
		fputs("\r\n", fp);
		free(ment);
		free(regles);
	}
	return ferror(fp) ? -1 : 0;
}
