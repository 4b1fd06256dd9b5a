/*
 * digest.c - sha256 of files and buffers (see digest.h).
 */
#include "digest.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

int
ar_sha256_file(const char *path, char hex[65], long long *size)
{
	GChecksum *c;
	FILE *fp;
	unsigned char buf[65536];
	size_t n;
	long long total = 0;
	int e;

	if ((fp = fopen(path, "rb")) == NULL)
		return -1;
	c = g_checksum_new(G_CHECKSUM_SHA256);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
		g_checksum_update(c, buf, (gssize)n);
		total += (long long)n;
	}
	if (ferror(fp)) {
		e = errno ? errno : EIO;
		fclose(fp);
		g_checksum_free(c);
		errno = e;
		return -1;
	}
	fclose(fp);
	memcpy(hex, g_checksum_get_string(c), 64);
	hex[64] = '\0';
	g_checksum_free(c);
	if (size != NULL)
		*size = total;
	return 0;
}

void
ar_sha256_bytes(const void *data, size_t len, char hex[65])
{
	gchar *s = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);

	memcpy(hex, s, 64);
	hex[64] = '\0';
	g_free(s);
}
