/*
 * outfile.h - outputs that appear whole or not at all.
 *
 * An output is written to a temporary file in the target's folder, then
 * renamed over the target by ar_outfile_commit().  Until then the previous
 * file (if any) stays as it was; ar_outfile_abort() removes the temporary
 * file.  Temporary files are also removed when the process receives SIGINT,
 * SIGTERM, SIGHUP or SIGPIPE (after ar_outfile_cleanup_on_signals()).
 * The path "-" means standard output, written directly; so are an existing
 * device or pipe (/dev/null, a FIFO), which are never replaced.  When the
 * target is a symbolic link, the file it points to is replaced and the link
 * kept.
 *
 * Example:
 *     ar_outfile *o = ar_outfile_open("out.ndjson");
 *     fputs("{}\n", ar_outfile_stream(o));
 *     if (ar_outfile_commit(o) != 0) ... errno says why ...
 */
#ifndef AROBASE_OUTFILE_H
#define AROBASE_OUTFILE_H

#include <stdio.h>

typedef struct ar_outfile ar_outfile;

/*
 * Installs the signal handlers that remove pending temporary files.
 * Call once at the start of main.
 */
void ar_outfile_cleanup_on_signals(void);

/*
 * Opens a temporary file next to path (UTF-8 path, "-" for stdout), after
 * removing the temporary files of path that a killed run left behind.
 * Returns a handle the caller owns and must pass to ar_outfile_commit or
 * ar_outfile_abort, or NULL with errno set when the file cannot be created
 * (EISDIR when path is a folder).
 */
ar_outfile *ar_outfile_open(const char *path);

/* Returns the stream to write to (borrowed, valid until commit or abort). */
FILE *ar_outfile_stream(ar_outfile *o);

/* Returns the target path given to ar_outfile_open (borrowed). */
const char *ar_outfile_path(const ar_outfile *o);

/*
 * Flushes, checks for write errors, closes and renames the temporary file
 * over the target; frees o.  Returns 0, or -1 with errno set (the temporary
 * file is then removed and the target left untouched).
 */
int ar_outfile_commit(ar_outfile *o);

/* Closes and removes the temporary file; frees o.  NULL does nothing. */
void ar_outfile_abort(ar_outfile *o);

/*
 * Creates directory path and its missing parents (mode 0777 & ~umask).
 * Returns 0, or -1 with errno set.
 */
int ar_mkdir_p(const char *path);

#endif
