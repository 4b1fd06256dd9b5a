/*
 * manifest.h - MANIFEST.json: what went into a run and what came out.
 *
 * Written next to a millésime's outputs after the pipeline ran
 * (`arobase-audit --manifest`), read back by `arobase-audit OUTDIR|ARCHIVE`
 * to re-run the pipeline and compare every byte (schemas/manifest.schema.json).
 */
#ifndef AROBASE_MANIFEST_H
#define AROBASE_MANIFEST_H

#include <stddef.h>

#include <jansson.h>

/*
 * Where a run's inputs were, as paths relative to the folder it ran from.
 * The strings are borrowed from the caller (the command line).
 */
typedef struct ar_run_paths {
	const char *input;          /* the millésime's input folder (rules.json, ...) */
	const char *history;        /* the history folder */
	const char *collectivites;  /* the collectivités directory */
	const char *fonts;          /* the pinned fonts folder, or NULL */
} ar_run_paths;

/*
 * Lists the regular files under dir (recursively, names starting with "."
 * skipped), sorted bytewise, as paths relative to dir.  Returns a new JSON
 * array of strings (caller json_decref()s it), or NULL with errno set.
 */
json_t *ar_list_files(const char *dir);

/*
 * Builds the manifest of the run whose outputs are in outdir: sha256 and
 * size of every input file (paths as given in p, relative to the current
 * folder) and every output file (relative to outdir, MANIFEST.json
 * excepted), the rules and référentiel, the collectivités data version,
 * arobase's version and commit, the libraries' versions at run time, the
 * fonts' sha256 and SOURCE_DATE_EPOCH.  outdir and p are borrowed for the
 * call.  Returns a new JSON object the caller json_decref()s, or NULL with a
 * message in why (at most whylen bytes, UTF-8) naming the file that could
 * not be read or parsed (rules.json, an input, a font or an output).
 */
json_t *ar_manifest_build(const char *outdir, const ar_run_paths *p,
                          char *why, size_t whylen);

/*
 * Returns the versions of arobase (version and commit) and of the libraries
 * linked at run time ("bibliotheques") as a new JSON object the caller
 * json_decref()s; NULL only when jansson runs out of memory.
 */
json_t *ar_manifest_versions(void);

#endif
