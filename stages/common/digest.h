/*
 * digest.h - sha256 of files, for manifests and font pinning.
 *
 * Built on GLib's GChecksum (a dependency through pango).
 */
#ifndef AROBASE_DIGEST_H
#define AROBASE_DIGEST_H

#include <stddef.h>

/*
 * Computes the sha256 of the file at path.  On success writes 64 lowercase
 * hexadecimal digits and a NUL into hex (65 bytes), the size in bytes into
 * *size (if not NULL), and returns 0; returns -1 with errno set when the
 * file cannot be read.
 */
int ar_sha256_file(const char *path, char hex[65], long long *size);

/* Writes the sha256 of the len bytes at data into hex (65 bytes). */
void ar_sha256_bytes(const void *data, size_t len, char hex[65]);

#endif
