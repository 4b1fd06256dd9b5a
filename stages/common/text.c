/*
 * text.c - UTF-8 checks, NFC and folded comparison keys (see text.h).
 */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "xalloc.h"

int
ar_utf8_check(const char *s, size_t len, size_t *bad_offset)
{
	const gchar *end = NULL;

	if (g_utf8_validate_len(s, len, &end))
		return 1;
	if (bad_offset != NULL)
		*bad_offset = (size_t)(end - s);
	return 0;
}

/*
 * 1 when s (len bytes) is valid UTF-8 without NUL made only of code points
 * below U+0300 (ASCII, or two-byte sequences led by 0xC2 to 0xCB): such
 * text is its own NFC, since every one of these code points is a starter
 * (combining class 0) with NFC_Quick_Check=Yes, and none is the second
 * element of a canonical composition.  0 when NFC must be computed.
 */
static int
nfc_already(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;

	while (p < e) {
		if (*p >= 0x01 && *p < 0x80)
			p++;
		else if (*p >= 0xC2 && *p <= 0xCB && p + 1 < e && (p[1] & 0xC0) == 0x80)
			p += 2;
		else
			return 0;
	}
	return 1;
}

char *
ar_utf8_nfc(const char *s, size_t len)
{
	gchar *g;
	char *r;

	size_t start, end, n = 0, cap;

	if (nfc_already(s, len)) {
		r = xmalloc(len + 1);
		memcpy(r, s, len);
		r[len] = '\0';
		return r;
	}
	if (!ar_utf8_check(s, len, NULL))
		return NULL;
	/*
	 * g_utf8_normalize takes time quadratic in the length of its input, so
	 * long texts go in pieces of about 1 KiB, each ending before an ASCII
	 * byte: an ASCII character never composes with what precedes it, so
	 * the pieces normalise as the whole would.
	 */
	cap = len + 1;
	r = xmalloc(cap);
	for (start = 0; start < len || len == 0; start = end) {
		size_t gl;

		end = len - start > 1024 ? start + 1024 : len;
		while (end < len && (unsigned char)s[end] >= 0x80)
			end++;
		g = g_utf8_normalize(s + start, (gssize)(end - start), G_NORMALIZE_NFC);
		if (g == NULL) {
			free(r);
			return NULL;
		}
		gl = strlen(g);
		if (n + gl + 1 > cap) {
			cap = (n + gl + 1) * 2;
			r = xrealloc(r, cap);
		}
		memcpy(r + n, g, gl);
		n += gl;
		g_free(g);
		if (len == 0)
			break;
	}
	r[n] = '\0';
	return r;
}

/* Appends the UTF-8 form of c to buf at *n (buf has room: 6 bytes). */
static void
put(char *buf, size_t *n, gunichar c)
{
	*n += (size_t)g_unichar_to_utf8(c, buf + *n);
}

char *
ar_text_fold(const char *s)
{
	gchar *d;
	char *out;
	size_t n = 0, cap;
	int pending_space = 0;

	if (!g_utf8_validate(s, -1, NULL))
		return NULL;
	d = g_utf8_normalize(s, -1, G_NORMALIZE_NFKD);
	if (d == NULL)
		return NULL;
	cap = strlen(d) * 2 + 8;
	out = xmalloc(cap);
	for (const gchar *p = d; *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (g_unichar_ismark(c))
			continue;
		c = g_unichar_tolower(c);
		if (!g_unichar_isalnum(c)) {
			pending_space = n > 0;
			continue;
		}
		if (pending_space) {
			out[n++] = ' ';
			pending_space = 0;
		}
		switch (c) {
		case 0x0153: /* œ */
			out[n++] = 'o'; out[n++] = 'e';
			break;
		case 0x00E6: /* æ */
			out[n++] = 'a'; out[n++] = 'e';
			break;
		case 0x00DF: /* ß */
			out[n++] = 's'; out[n++] = 's';
			break;
		default:
			put(out, &n, c);
		}
	}
	out[n] = '\0';
	g_free(d);
	return out;
}
