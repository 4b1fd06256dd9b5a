/*
 * xml.h - a streaming reader for the platform's XML export of actions
 * (schemas/actions.xsd), for arobase-ingest.  It hands the actions over one
 * at a time as rows of named cells, like the CSV reader (csvfile.h), so that
 * ingest builds, checks, writes and rejects them with the same code.
 *
 * The file is parsed by libxml2's push parser with SAX callbacks, in chunks
 * of a size the caller chooses: memory is that of the largest action, never
 * of the file.  Parsing is safe: no network (XML_PARSE_NONET), no DTD
 * loaded, no entity ever expanded (no XML_PARSE_NOENT, no XML_PARSE_HUGE).
 *
 * The rows: the first one is the header, the element names id_action,
 * titre, sous_titre, synthese, statut, date, collectivite, services (the
 * header aliases map them to the fields, as for a flat CSV export); then one row per <action> with the
 * text of each element, "" for an absent optional one, the codes of several
 * <collectivite> elements joined by a line feed.  Line numbers are physical
 * lines of the file, 1-based: a row's line is that of its <action> tag.
 *
 * File errors (ar_xml_next returns -1; ar_xml_line says where):
 *   - malformed XML, as libxml2 reports it, at the line where it is found;
 *   - a DOCTYPE whose internal subset declares an entity (general or
 *     parameter, internal or external): at the line where the declaration
 *     ends, before anything is expanded or fetched;
 *   - a reference to an entity that is not one of the five predefined ones;
 *   - a document that does not match schemas/actions.xsd (root <actions>,
 *     <action> elements, each holding in this order id_action, titre,
 *     sous_titre?, date, statut, collectivite+, services, synthese?; text
 *     only in those; no attributes but xsi:*): at the element at fault, or
 *     at </action> for a missing element;
 *   - an encoding declaration that contradicts the bytes: bytes invalid in
 *     the declared encoding (libxml2 names the line), a single-byte encoding
 *     (ISO-8859-*, Latin-*, Windows-125*) declared for bytes that are valid
 *     UTF-8 with non-ASCII characters (line 1, the declaration; the message
 *     names the first such line), or UTF-16/32 declared for 8-bit bytes;
 *   - an element's text above AR_XML_MAX_TEXT bytes: at the element's line;
 *   - a read error (errno set).
 *
 * Example:
 *     ar_xml *x = ar_xml_open("actions.xml", 0, why, sizeof why);
 *     while ((rc = ar_xml_next(x, why, sizeof why)) > 0)
 *         for (i = 0; i < ar_xml_ncells(x); i++) cell = ar_xml_cell(x, i, &len);
 *     if (rc < 0) report "actions.xml:%lu: %s", ar_xml_line(x), why;
 *     ar_xml_close(x);
 */
#ifndef AROBASE_INGEST_XML_H
#define AROBASE_INGEST_XML_H

#include <stddef.h>

/* The largest text of one element, in bytes of UTF-8 (larger is a file error). */
#define AR_XML_MAX_TEXT ((size_t)64 << 20)

/* A reader of one XML export: opaque, from ar_xml_open, freed by ar_xml_close. */
typedef struct ar_xml ar_xml;

/*
 * 1 when the file at path looks like XML: its first bytes that are not a
 * byte order mark or white space are '<' (UTF-8, or UTF-16 with a BOM).
 * 0 otherwise, or when it cannot be read (the caller's open reports that).
 */
int ar_xml_sniff(const char *path);

/*
 * Opens path for reading, in chunks of bufsize bytes (0: 64 KiB; results
 * never depend on it).  Returns a reader the caller frees with
 * ar_xml_close, or NULL with errno set and strerror in why.
 */
ar_xml *ar_xml_open(const char *path, size_t bufsize, char *why, size_t whylen);

/*
 * Reads the next row: the header first, then one per action.  Returns 1
 * when a row is ready, 0 at the end of the document, -1 on a file error:
 * why (at most whylen bytes, UTF-8, without file or line) says what,
 * ar_xml_line where; errno is EIO for a read error, EINVAL otherwise.
 * After -1 or 0, further calls return the same.
 */
int ar_xml_next(ar_xml *x, char *why, size_t whylen);

/* Number of cells of the current row (8). */
size_t ar_xml_ncells(const ar_xml *x);

/*
 * Cell i (0-based) of the current row, UTF-8, NUL-terminated, borrowed
 * until the next ar_xml_next; *len (when len is not NULL) receives its
 * length in bytes.  "" with *len 0 when i is out of range.
 */
const char *ar_xml_cell(const ar_xml *x, size_t i, size_t *len);

/* Line (1-based) of the current row's <action> tag, or of the error. */
unsigned long ar_xml_line(const ar_xml *x);

/*
 * The encoding the document was read in (borrowed from x): "UTF-16LE" or
 * "UTF-16BE" from a BOM, else as declared, else "UTF-8".
 */
const char *ar_xml_encoding(const ar_xml *x);

/* Closes x.  NULL does nothing. */
void ar_xml_close(ar_xml *x);

#endif
