/*
 * xalloc.h - allocation that never returns NULL, for the stages.
 *
 * Out of memory is handled once: these functions print
 * "PROG: out of memory" and exit with AR_EXIT_SOFTWARE (70).  The returned
 * memory belongs to the caller, who frees it with free().
 */
#ifndef AROBASE_XALLOC_H
#define AROBASE_XALLOC_H

#include <stddef.h>

/* malloc(n) (n == 0 allocates 1 byte). */
void *xmalloc(size_t n);
/* calloc(nmemb, size), with overflow checked. */
void *xcalloc(size_t nmemb, size_t size);
/* realloc(p, n) (n == 0 allocates 1 byte). */
void *xrealloc(void *p, size_t n);
/* realloc(p, nmemb * size), with overflow checked. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
/* strdup(s). */
char *xstrdup(const char *s);
/* A NUL-terminated copy of the first n bytes of s (s may hold NUL bytes). */
char *xstrndup(const char *s, size_t n);
/* asprintf into a new string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
