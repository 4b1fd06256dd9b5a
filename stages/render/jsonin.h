/*
 * jsonin.h - opening the JSON inputs of arobase-render.
 *
 * palmares.json (palmares.h), coverage.json (mosaique.h) and jury-book.json
 * (jurybook.h) all start the same way: a UTF-8 JSON object whose
 * "millesime" must be the rules' one, and lists of collectivités named by
 * an INSEE code or a SIREN that render also uses in file names.  This
 * module holds those shared first steps; each reader checks its own keys.
 *
 * Example:
 *     json_t *root = rd_json_open("palmares.json", rules->millesime, &e);
 *     if (root == NULL) return NULL;
 *     ... json_object_get(root, "laureats") ...;  json_decref(root);
 */
#ifndef AROBASE_RENDER_JSONIN_H
#define AROBASE_RENDER_JSONIN_H

#include <jansson.h>

#include "rderr.h"

/*
 * Reads path ("-": standard input, named "-" in messages; UTF-8 JSON;
 * invalid UTF-8, \u0000 and duplicate keys are errors with the line) and
 * checks that it is an object whose "millesime" is the integer millesime
 * (a label year, the rules').  Returns the object, a new reference the caller
 * releases with json_decref(), or NULL with e set: exit 66 when the file is
 * missing, 74 when it cannot be read, else 65, naming the file.
 */
json_t *rd_json_open(const char *path, int millesime, rd_err *e);

/*
 * The path to open for the command-line argument arg: "/dev/stdin" for
 * "-" (standard input, for the readers of stages/common that take a path),
 * else arg itself (borrowed).
 */
const char *rd_input_path(const char *arg);

/*
 * 1 when s (NUL-terminated) can be a collectivité's code: an INSEE code or
 * a SIREN, 1 to 16 ASCII letters and digits (safe in a file name); else 0.
 */
int rd_code_ok(const char *s);

#endif
