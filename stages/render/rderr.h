/*
 * rderr.h - how the modules of arobase-render hand an error back to main.
 *
 * The render modules (fonts, textfit, palmares, jsonin, pages, booklet,
 * jurybook, mosaique, print, output, pdffix, pdfboxes) never print and
 * never exit: they fill an rd_err with the exit status the run
 * should end with (an enum ar_exit value of arobase.h) and a one-line UTF-8
 * message that already names the file, the collectivité or the code point
 * at fault.  main.c prints it with ar_say() and ends the run.
 *
 * Example:
 *     rd_err e = RD_ERR_INIT;
 *     rd_fonts *f = rd_fonts_open(NULL, &e);
 *     if (f == NULL) { ar_say("%s", e.msg); return e.status; }
 */
#ifndef AROBASE_RENDER_RDERR_H
#define AROBASE_RENDER_RDERR_H

/* An error: the status to exit with and what went wrong. */
typedef struct rd_err {
	int status;     /* enum ar_exit value; 0 while no error was set */
	char msg[1024]; /* UTF-8 message, without program name or newline */
} rd_err;

/* The initialiser of an rd_err that holds no error yet. */
#define RD_ERR_INIT {0, ""}

/*
 * Records an error in e (e may be NULL: nothing is recorded).  The first
 * error set wins: a later call does not overwrite it.  Returns -1 so that
 * callers can write `return rd_err_set(e, ...)`.
 */
int rd_err_set(rd_err *e, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
