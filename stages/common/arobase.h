/*
 * arobase.h - version and exit statuses shared by every arobase stage.
 *
 * Every program of the pipeline (arobase-ingest, -filter, -coverage, -decide,
 * -render, -audit) returns one of these statuses; each man page documents them
 * in its EXIT STATUS section.  The values are those of sysexits(3).
 */
#ifndef AROBASE_H
#define AROBASE_H

/* The version printed by --version and recorded in manifests. */
#define AROBASE_VERSION "0.1.0"

/* Exit statuses, the same for every program (DESIGN.md, "Command lines"). */
enum ar_exit {
	AR_EXIT_OK = 0,        /* success; records may have been rejected */
	AR_EXIT_DIFFER = 1,    /* a check found differences (arobase-audit) */
	AR_EXIT_USAGE = 64,    /* bad command line */
	AR_EXIT_DATAERR = 65,  /* bad data: unreadable file, reject under --strict, rule violation */
	AR_EXIT_NOINPUT = 66,  /* an input file is missing or cannot be opened */
	AR_EXIT_SOFTWARE = 70, /* internal error (a bug, or out of memory) */
	AR_EXIT_CANTCREAT = 73,/* an output cannot be created */
	AR_EXIT_IOERR = 74     /* read or write error */
};

#endif
