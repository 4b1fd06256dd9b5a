/*
 * manifest.c - building MANIFEST.json (see manifest.h).
 */
#include "manifest.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cairo.h>
#include <csv.h>
#include <libxml/parser.h>
#include <pango/pango.h>

#include "arobase.h"
#include "digest.h"
#include "xalloc.h"

#ifndef AROBASE_COMMIT
#define AROBASE_COMMIT "unknown"
#endif
#ifndef AROBASE_LIBCSV_DEBIAN
#define AROBASE_LIBCSV_DEBIAN "unknown"
#endif

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the files under dir/rel to out, sorted; returns 0 or -1 (errno). */
static int
walk(const char *dir, const char *rel, json_t *out)
{
	char *path = rel[0] ? xasprintf("%s/%s", dir, rel) : xstrdup(dir);
	DIR *d = opendir(path);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (d == NULL) {
		free(path);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = xreallocarray(names, cap, sizeof *names);
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		char *sub = rel[0] ? xasprintf("%s/%s", rel, names[i]) : xstrdup(names[i]);
		char *full = xasprintf("%s/%s", dir, sub);
		struct stat st;

		if (rc == 0 && stat(full, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				rc = walk(dir, sub, out);
			else if (S_ISREG(st.st_mode))
				json_array_append_new(out, json_string(sub));
		}
		free(full);
		free(sub);
		free(names[i]);
	}
	free(names);
	free(path);
	return rc;
}

json_t *
ar_list_files(const char *dir)
{
	json_t *out = json_array();

	if (walk(dir, "", out) != 0) {
		int e = errno;
		json_decref(out);
		errno = e;
		return NULL;
	}
	return out;
}

/* {"fichier": path, "taille": n, "sha256": hex} for base/rel. */
static json_t *
file_entry(const char *base, const char *rel, char *why, size_t whylen)
{
	char hex[65];
	long long size;
	char *full = base ? xasprintf("%s/%s", base, rel) : xstrdup(rel);
	json_t *o;

	if (ar_sha256_file(full, hex, &size) != 0) {
		snprintf(why, whylen, "%s: %s", full, strerror(errno));
		free(full);
		return NULL;
	}
	o = json_pack("{s:s, s:I, s:s}", "fichier", base ? rel : full,
	              "taille", (json_int_t)size, "sha256", hex);
	free(full);
	return o;
}

/* Appends an entry for every file under dir, paths prefixed by dir. */
static int
add_tree(json_t *arr, const char *dir, char *why, size_t whylen)
{
	json_t *files = ar_list_files(dir), *f;
	size_t i;

	if (files == NULL) {
		snprintf(why, whylen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	json_array_foreach(files, i, f) {
		char *p = xasprintf("%s/%s", dir, json_string_value(f));
		json_t *e = file_entry(NULL, p, why, whylen);

		free(p);
		if (e == NULL) {
			json_decref(files);
			return -1;
		}
		json_array_append_new(arr, e);
	}
	json_decref(files);
	return 0;
}

json_t *
ar_manifest_versions(void)
{
	char csvv[32];

	snprintf(csvv, sizeof csvv, "%d.%d.%d", CSV_MAJOR, CSV_MINOR, CSV_RELEASE);
	return json_pack("{s:{s:s, s:s}, s:{s:s, s:s, s:s, s:s, s:s, s:s}}",
	    "arobase", "version", AROBASE_VERSION, "commit", AROBASE_COMMIT,
	    "bibliotheques",
	    "cairo", cairo_version_string(),
	    "pango", pango_version_string(),
	    "libxml2", xmlParserVersion,
	    "jansson", jansson_version_str(),
	    "libcsv", csvv,
	    "libcsv_debian", AROBASE_LIBCSV_DEBIAN);
}

json_t *
ar_manifest_build(const char *outdir, const ar_run_paths *p, char *why,
                  size_t whylen)
{
	json_t *m, *in, *out, *outs, *fonts, *f, *rules, *ref;
	json_t *root;
	json_error_t err;
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *path, *version = NULL;
	size_t i;
	FILE *fp;

	path = xasprintf("%s/rules.json", p->input);
	root = json_load_file(path, 0, &err);
	rules = file_entry(NULL, path, why, whylen);
	free(path);
	if (rules == NULL || root == NULL) {
		if (rules != NULL)
			snprintf(why, whylen, "%s/rules.json: %s", p->input, err.text);
		json_decref(rules);
		json_decref(root);
		return NULL;
	}
	m = ar_manifest_versions();
	json_object_set(m, "millesime", json_object_get(root, "millesime"));
	json_decref(root);
	json_object_set_new(m, "source_date_epoch",
	                    sde && *sde ? json_string(sde) : json_null());
	json_object_set_new(m, "execution", json_pack("{s:s, s:s, s:s}",
	    "entree", p->input, "historique", p->history,
	    "collectivites", p->collectivites));
	json_object_set_new(m, "regles", rules);
	path = xasprintf("%s/referentiel.json", p->input);
	ref = file_entry(NULL, path, why, whylen);
	free(path);
	json_object_set_new(m, "referentiel", ref ? ref : json_null());
	path = xasprintf("%s/VERSION", p->collectivites);
	if ((fp = fopen(path, "rb")) != NULL) {
		char buf[256];
		size_t n = fread(buf, 1, sizeof buf - 1, fp);

		while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
			n--;
		buf[n] = '\0';
		version = xstrdup(buf);
		fclose(fp);
	}
	free(path);
	json_object_set_new(m, "collectivites_version",
	                    version ? json_string(version) : json_null());
	free(version);

	in = json_array();
	json_object_set_new(m, "entrees", in);
	if (add_tree(in, p->input, why, whylen) != 0 ||
	    add_tree(in, p->history, why, whylen) != 0 ||
	    add_tree(in, p->collectivites, why, whylen) != 0)
		goto fail;

	fonts = json_array();
	json_object_set_new(m, "polices", fonts);
	if (p->fonts != NULL) {
		json_t *list = ar_list_files(p->fonts);

		json_array_foreach(list, i, f) {
			const char *name = json_string_value(f);
			size_t len = strlen(name);
			json_t *e;

			if (len < 4 || (strcmp(name + len - 4, ".ttf") != 0 &&
			                strcmp(name + len - 4, ".otf") != 0))
				continue;
			e = file_entry(p->fonts, name, why, whylen);
			if (e == NULL) {
				json_decref(list);
				goto fail;
			}
			json_array_append_new(fonts, e);
		}
		json_decref(list);
	}

	out = json_array();
	json_object_set_new(m, "sorties", out);
	outs = ar_list_files(outdir);
	if (outs == NULL) {
		snprintf(why, whylen, "%s: %s", outdir, strerror(errno));
		goto fail;
	}
	json_array_foreach(outs, i, f) {
		json_t *e;

		if (strcmp(json_string_value(f), "MANIFEST.json") == 0)
			continue;
		e = file_entry(outdir, json_string_value(f), why, whylen);
		if (e == NULL) {
			json_decref(outs);
			goto fail;
		}
		json_array_append_new(out, e);
	}
	json_decref(outs);
	return m;
fail:
	json_decref(m);
	return NULL;
}
