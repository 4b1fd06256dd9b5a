/*
 * report.c - message and summary printing for the stages (see report.h).
 */
#include "report.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *progname = "arobase";

void
ar_set_progname(const char *name)
{
	if (name != NULL)
		progname = name;
}

const char *
ar_progname(void)
{
	return progname;
}

static void
vmessage(const char *kind, const char *file, unsigned long line,
         const char *field, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", progname);
	if (file != NULL) {
		if (line > 0)
			fprintf(stderr, "%s:%lu: ", file, line);
		else
			fprintf(stderr, "%s: ", file);
	}
	if (field != NULL)
		fprintf(stderr, "%s: ", field);
	if (kind != NULL)
		fputs(kind, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
ar_error(const char *file, unsigned long line, const char *field,
         const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(NULL, file, line, field, fmt, ap);
	va_end(ap);
}

void
ar_warn(const char *file, unsigned long line, const char *field,
        const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("warning: ", file, line, field, fmt, ap);
	va_end(ap);
}

void
ar_syserr(const char *file, int errnum, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	if (file != NULL)
		fprintf(stderr, "%s: ", file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(errnum));
}

void
ar_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(NULL, NULL, 0, NULL, fmt, ap);
	va_end(ap);
}

void
ar_summary(unsigned long read, unsigned long written, unsigned long rejected,
           const char *suffix, ...)
{
	va_list ap;

	fprintf(stderr, "%s: read %lu, written %lu, rejected %lu", progname,
	        read, written, rejected);
	if (suffix != NULL) {
		va_start(ap, suffix);
		vfprintf(stderr, suffix, ap);
		va_end(ap);
	}
	fputc('\n', stderr);
}

int
ar_progress_wanted(void)
{
	return isatty(STDERR_FILENO) ? 1 : 0;
}
