/*
 * text.h - the one text form of arobase: UTF-8 in Unicode NFC, and the
 * folded form used to compare names as a person would.
 *
 * Used by ingest (every string normalised to NFC after decoding), decide
 * and the collectivités directory (names compared without case, accents,
 * ligatures or hyphens).  Built on GLib's Unicode tables (already a
 * dependency through pango), so results do not depend on the locale.
 *
 * Example:
 *     size_t bad;
 *     if (!ar_utf8_check(s, len, &bad)) error at byte bad;
 *     char *nfc = ar_utf8_nfc(s, len);      free(nfc);
 *     char *key = ar_text_fold("Marcq-en-Barœul");  -> "marcq en baroeul"
 */
#ifndef AROBASE_TEXT_H
#define AROBASE_TEXT_H

#include <stddef.h>

/*
 * Checks that the len bytes at s are valid UTF-8 without NUL bytes.
 * Returns 1 when valid; otherwise 0 and *bad_offset (if not NULL) is the
 * offset of the first byte that is not part of a valid character.
 */
int ar_utf8_check(const char *s, size_t len, size_t *bad_offset);

/*
 * Returns a new NUL-terminated copy of the len bytes at s (valid UTF-8, no
 * NUL bytes: check with ar_utf8_check first) in Unicode NFC, so that a
 * decomposed "Re\u0301alise\u0301e" becomes "Réalisée".  The caller frees
 * the result with free().  Returns NULL only when s is not valid UTF-8.
 */
char *ar_utf8_nfc(const char *s, size_t len);

/*
 * Returns the comparison key of a NUL-terminated UTF-8 string: compatibility
 * decomposition, combining marks dropped, lower case, "œ" as "oe", "æ" as
 * "ae", "ß" as "ss", every run of characters that are neither letters nor
 * digits (spaces, hyphens, apostrophes, dots, ...) as one space, no space at
 * either end.  "L'Haÿ-les-Roses" -> "l hay les roses".  The caller frees the
 * result with free().  Returns NULL only when s is not valid UTF-8.
 */
char *ar_text_fold(const char *s);

#endif
