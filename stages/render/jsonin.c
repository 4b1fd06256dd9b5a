/*
 * jsonin.c - opening the JSON inputs of arobase-render (see jsonin.h).
 */
#include "jsonin.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arobase.h"

json_t *
rd_json_open(const char *path, int millesime, rd_err *e)
{
	json_error_t jerr;
	json_t *root, *v;

	if (strcmp(path, "-") == 0) {
		root = json_loadf(stdin, JSON_REJECT_DUPLICATES, &jerr);
		if (root == NULL && ferror(stdin)) {
			rd_err_set(e, AR_EXIT_IOERR, "%s: cannot read standard input: %s", path,
			           strerror(errno));
			return NULL;
		}
	} else {
		root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	}
	if (root == NULL) {
		if (json_error_code(&jerr) == json_error_cannot_open_file)
			rd_err_set(e, errno == ENOENT ? AR_EXIT_NOINPUT : AR_EXIT_IOERR, "%s: %s",
			           path, jerr.text);
		else
			rd_err_set(e, AR_EXIT_DATAERR, "%s:%d: %s", path, jerr.line, jerr.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		rd_err_set(e, AR_EXIT_DATAERR, "%s: must be a JSON object", path);
		return NULL;
	}
	v = json_object_get(root, "millesime");
	if (!json_is_integer(v) || json_integer_value(v) != millesime) {
		json_decref(root);
		rd_err_set(e, AR_EXIT_DATAERR, "%s: millesime: must be %d, the millésime of the rules",
		           path, millesime);
		return NULL;
	}
	return root;
}

int
rd_code_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 16)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= 'a' && s[i] <= 'z')))
			return 0;
	return 1;
}

const char *
rd_input_path(const char *arg)
{
	return strcmp(arg, "-") == 0 ? "/dev/stdin" : arg;
}
