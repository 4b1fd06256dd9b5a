/*
 * compare.c - first difference between two outputs (see compare.h).
 */
#include "compare.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "xalloc.h"

/* Reads a whole file; returns a new buffer (caller frees) or NULL. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, r;

	if (fp == NULL)
		return NULL;
	do {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap + 1);
		}
		r = fread(buf + n, 1, cap - n, fp);
		n += r;
	} while (r > 0);
	if (ferror(fp)) {
		int e = errno;
		fclose(fp);
		free(buf);
		errno = e;
		return NULL;
	}
	fclose(fp);
	if (buf == NULL)
		buf = xmalloc(1);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Writes into path the first place where a and b differ; 1 if they do. */
static int
json_diff(const json_t *a, const json_t *b, char *path, size_t pathlen)
{
	size_t used = strlen(path);

	if (json_typeof(a) != json_typeof(b))
		return 1;
	if (json_is_object(a)) {
		const char *key;
		json_t *va;

		json_object_foreach((json_t *)a, key, va) {
			json_t *vb = json_object_get(b, key);

			snprintf(path + used, pathlen - used, "%s%s", used ? "." : "", key);
			if (vb == NULL || json_diff(va, vb, path, pathlen))
				return 1;
		}
		json_object_foreach((json_t *)b, key, va)
			if (json_object_get(a, key) == NULL) {
				snprintf(path + used, pathlen - used, "%s%s", used ? "." : "", key);
				return 1;
			}
		path[used] = '\0';
		return 0;
	}
	if (json_is_array(a)) {
		size_t i;

		for (i = 0; i < json_array_size(a) && i < json_array_size(b); i++) {
			snprintf(path + used, pathlen - used, "[%zu]", i);
			if (json_diff(json_array_get(a, i), json_array_get(b, i), path, pathlen))
				return 1;
		}
		if (json_array_size(a) != json_array_size(b)) {
			snprintf(path + used, pathlen - used, "[%zu]", i);
			return 1;
		}
		path[used] = '\0';
		return 0;
	}
	return !json_equal((json_t *)a, (json_t *)b);
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

int
ar_compare_files(const char *a, const char *b, char *where, size_t wherelen)
{
	size_t la, lb, i, line = 1, start = 0;
	char *ba, *bb;
	char path[512] = "";

	if ((ba = slurp(a, &la)) == NULL)
		return -1;
	if ((bb = slurp(b, &lb)) == NULL) {
		int e = errno;
		free(ba);
		errno = e;
		return -1;
	}
	if (la == lb && memcmp(ba, bb, la) == 0) {
		free(ba);
		free(bb);
		return 0;
	}
	for (i = 0; i < la && i < lb && ba[i] == bb[i]; i++)
		if (ba[i] == '\n') {
			line++;
			start = i + 1;
		}
	if (ends_with(a, ".json")) {
		json_t *ja = json_loadb(ba, la, 0, NULL), *jb = json_loadb(bb, lb, 0, NULL);

		if (ja && jb && json_diff(ja, jb, path, sizeof path))
			snprintf(where, wherelen, "line %zu: %s", line, path[0] ? path : "(root)");
		else
			snprintf(where, wherelen, "line %zu", line);
		json_decref(ja);
		json_decref(jb);
	} else if (ends_with(a, ".ndjson")) {
		const char *ea = memchr(ba + start, '\n', la - start);
		const char *eb = memchr(bb + start, '\n', lb - start);
		size_t na = ea ? (size_t)(ea - ba) - start : la - start;
		size_t nb = eb ? (size_t)(eb - bb) - start : lb - start;
		json_t *ja = json_loadb(ba + start, na, 0, NULL);
		json_t *jb = json_loadb(bb + start, nb, 0, NULL);

		if (ja && jb && json_diff(ja, jb, path, sizeof path))
			snprintf(where, wherelen, "line %zu: field %s", line, path[0] ? path : "(root)");
		else
			snprintf(where, wherelen, "line %zu", line);
		json_decref(ja);
		json_decref(jb);
	} else {
		snprintf(where, wherelen, "byte %zu", i);
	}
	free(ba);
	free(bb);
	return 1;
}
