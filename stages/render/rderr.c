/*
 * rderr.c - error records of arobase-render's modules (see rderr.h).
 */
#include "rderr.h"

#include <stdarg.h>
#include <stdio.h>

int
rd_err_set(rd_err *e, int status, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL || e->status != 0)
		return -1;
	e->status = status;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}
