/*
 * csvfile.c - streaming CSV reading over libcsv (see csvfile.h).
 *
 * Three layers, each fed by the one before, so that no layer cares where
 * the input is split:
 *   1. raw bytes are read in chunks of opt.bufsize bytes;
 *   2. the decoder turns them into UTF-8 with glibc's iconv, after the BOM
 *      and the "auto" choice; iconv stops at an invalid byte (EILSEQ), so the
 *      error names its line and column, and at an incomplete sequence at the
 *      end of a chunk (EINVAL), kept for the next chunk.  iconv_open gets
 *      explicit names ("WINDOWS-1252", "UTF-16LE" ...): no locale is involved;
 *   3. the decoded text is cut after every line end (CR or LF) and each piece
 *      is given to csv_parse, so that the reader always knows the physical
 *      line: a record starts on the line of its first byte and ends on the
 *      line of the row end that libcsv reports.
 * libcsv runs with CSV_STRICT | CSV_STRICT_FINI: a quote inside an unquoted
 * cell, text after a closing quote, or a quoted cell still open at the end of
 * the file is a parse error.
 */
#include "csvfile.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xalloc.h"

enum enc {
	ENC_UNDECIDED,   /* auto, only ASCII seen so far */
	ENC_UTF8,
	ENC_CP1252,
	ENC_ISO885915,
	ENC_UTF16LE,
	ENC_UTF16BE
};

struct ar_csv {
	FILE *fp;               /* input */
	int own_fp;             /* 1 when fp must be closed */
	size_t bufsize;         /* raw read size, bytes */
	unsigned char *raw;     /* raw read buffer, bufsize bytes */

	/* Decoder. */
	enum enc enc;           /* encoding in use */
	int auto_enc;           /* 1 when the encoding is decided from the bytes */
	int want_utf16;         /* --encoding utf-16 given */
	iconv_t cd;             /* converter to UTF-8, (iconv_t)-1 until opened */
	enum enc cd_enc;        /* the encoding cd converts from */
	int bom_done;           /* the start of the file has been examined */
	int had_bom;            /* a UTF-8 BOM was dropped */
	unsigned char carry[8]; /* bytes of an incomplete sequence */
	size_t ncarry;          /* number of bytes in carry */
	int raw_eof;            /* the input is exhausted */
	int dec_err;            /* decoding stopped on an error (in err) */
	unsigned long dline;    /* decoder's line (1-based) */
	unsigned long dcol;     /* decoder's characters already on that line */
	int dcr;                /* decoder saw CR last */

	/* Decoded UTF-8 text waiting for the parser. */
	char *dec;              /* buffer */
	size_t declen;          /* bytes in dec */
	size_t decpos;          /* bytes of dec already parsed */
	size_t deccap;          /* allocated size of dec */

	/* Header-line examination. */
	int started;            /* the "sep=" line and delimiter are settled */
	int delim;              /* delimiter in use (0 until known) */
	int had_sep;            /* a "sep=" line was consumed */

	/* Parser. */
	struct csv_parser p;
	int p_init;             /* p needs csv_free */
	unsigned long line;     /* physical line of the next byte given to libcsv */
	int pcr;                /* the last line end given was a CR */
	int in_record;          /* bytes of a record not yet ended have been given */
	unsigned long rec_start;   /* line where the record in progress starts */
	unsigned long field_start; /* line where the cell in progress starts */
	int cell_ended;         /* a cell ended while parsing the current piece */

	/* Current record. */
	char *rec;              /* cells, each NUL-terminated, one after another */
	size_t reclen, reccap;  /* bytes used and allocated in rec */
	size_t *off, *len;      /* per cell: offset in rec and length */
	size_t ncells, cellcap; /* cells used and allocated */
	int ready;              /* a complete record is in rec */
	unsigned long r_line, r_end; /* lines of the current record */

	int state;              /* 0 reading, 1 end reached, -1 error */
	unsigned long err_line; /* line of the error */
	char err[256];          /* message of the error */
	char encname[24];       /* name returned by ar_csv_encoding */
};

/* ------------------------------------------------------------------ errors */

static void
set_why(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
set_why(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why == NULL || whylen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

static int fail(ar_csv *c, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records a file error at line; returns -1. */
static int
fail(ar_csv *c, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof c->err, fmt, ap);
	va_end(ap);
	c->err_line = line;
	c->state = -1;
	return -1;
}

static int dfail(ar_csv *c, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Records a decoding error at line, to be reported once the text decoded
 * before it has been parsed (so that the records before it do not depend on
 * the read-buffer size); returns -1.
 */
static int
dfail(ar_csv *c, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof c->err, fmt, ap);
	va_end(ap);
	c->err_line = line;
	c->dec_err = 1;
	return -1;
}

/* ----------------------------------------------------------------- decoder */

static void
dec_reserve(ar_csv *c, size_t more)
{
	if (c->declen + more <= c->deccap)
		return;
	while (c->declen + more > c->deccap)
		c->deccap = c->deccap ? c->deccap * 2 : 4096;
	c->dec = xrealloc(c->dec, c->deccap);
}

/*
 * In a file read as Windows-1252 by "auto", 2- and 3-byte UTF-8 sequences
 * that spell Latin letters or typographic punctuation (é = C3 A9, ’ = E2 80
 * 99, œ = C5 93) betray a file that mixes both encodings: Windows-1252 text
 * would need "Ã©" or "â€™" there.  Returns 1 for such a sequence at s (n
 * bytes available), 0 otherwise, -1 when more bytes are needed to decide.
 */
static int
looks_utf8(const unsigned char *s, size_t n, int eof)
{
	size_t need = s[0] == 0xC2 || s[0] == 0xC3 || s[0] == 0xC5 ? 2 : s[0] == 0xE2 ? 3 : 0;

	for (size_t i = 1; i < need; i++) {
		if (i >= n)
			return eof ? 0 : -1;
		if ((s[i] & 0xC0) != 0x80 || (i == 1 && need == 3 && s[1] != 0x80 && s[1] != 0x82))
			return 0;
	}
	return need > 0;
}

static const char *
enc_name(const ar_csv *c)
{
	switch (c->enc) {
	case ENC_UNDECIDED: return "utf-8";
	case ENC_UTF8: return c->had_bom ? "utf-8 (BOM)" : "utf-8";
	case ENC_CP1252: return "windows-1252";
	case ENC_ISO885915: return "iso-8859-15";
	case ENC_UTF16LE: return "utf-16le";
	case ENC_UTF16BE: return "utf-16be";
	}
	return "?";
}

/*
 * Examines the first bytes of the file for a byte order mark.  Returns 1 when
 * decided, 0 when more bytes are needed, -1 on an error.
 */
static int
take_bom(ar_csv *c, const unsigned char *s, size_t n, size_t *used)
{
	static const unsigned char u8[3] = {0xEF, 0xBB, 0xBF};
	int maybe8, maybe16;

	*used = 0;
	maybe8 = n < 3 ? memcmp(s, u8, n) == 0 : memcmp(s, u8, 3) == 0;
	maybe16 = n < 2 ? (n == 0 || s[0] == 0xFF || s[0] == 0xFE)
	                : ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF));
	if (!c->raw_eof && ((n < 3 && maybe8) || (n < 2 && maybe16)))
		return 0;
	if (n >= 3 && maybe8) {
		if (c->enc != ENC_UTF8 && !c->auto_enc)
			return fail(c, 1, "the file starts with a UTF-8 byte order mark but "
			            "its declared encoding is %s", enc_name(c));
		c->enc = ENC_UTF8;
		c->had_bom = 1;
		*used = 3;
	} else if (n >= 2 && maybe16) {
		if (!c->auto_enc && !c->want_utf16)
			return fail(c, 1, "the file starts with a UTF-16 byte order mark but "
			            "its declared encoding is %s", enc_name(c));
		c->enc = s[0] == 0xFF ? ENC_UTF16LE : ENC_UTF16BE;
		*used = 2;
	} else if (c->want_utf16) {
		c->enc = ENC_UTF16LE;   /* Excel's "Unicode text" is little-endian */
	}
	c->bom_done = 1;
	return 1;
}

/* Makes c->cd the iconv converter from c->enc to UTF-8.  Returns 0 or -1. */
static int
converter(ar_csv *c)
{
	static const char *const names[] = {
		[ENC_UNDECIDED] = "UTF-8", [ENC_UTF8] = "UTF-8",
		[ENC_CP1252] = "WINDOWS-1252", [ENC_ISO885915] = "ISO-8859-15",
		[ENC_UTF16LE] = "UTF-16LE", [ENC_UTF16BE] = "UTF-16BE"
	};

	if (c->cd != (iconv_t)-1 && names[c->cd_enc] == names[c->enc])
		return 0;
	if (c->cd != (iconv_t)-1)
		iconv_close(c->cd);
	c->cd_enc = c->enc;
	if ((c->cd = iconv_open("UTF-8", names[c->enc])) == (iconv_t)-1)
		return fail(c, c->dline, "iconv cannot convert from %s: %s", names[c->enc],
		            strerror(errno));
	return 0;
}

/*
 * Converts n bytes at s to UTF-8 at the end of c->dec and advances the
 * decoder's line and column over what it wrote (a valid non-ASCII character
 * settles an undecided encoding as UTF-8).  *used receives the bytes
 * consumed.  Returns 0, or iconv's errno where it stopped: EILSEQ at an
 * invalid sequence, EINVAL at an incomplete one.
 */
static int
convert(ar_csv *c, const unsigned char *s, size_t n, size_t *used)
{
	char *in = (char *)s, *out, *p;
	size_t inleft = n, outleft;
	int err;

	do {
		dec_reserve(c, 4 * inleft + 4);
		out = p = c->dec + c->declen;
		outleft = c->deccap - c->declen;
		err = iconv(c->cd, &in, &inleft, &out, &outleft) == (size_t)-1 ? errno : 0;
		c->declen = (size_t)(out - c->dec);
		for (; p < out; p++) {
			unsigned char b = (unsigned char)*p;

			if (b == '\n' || b == '\r') {
				c->dline += b == '\r' || !c->dcr;
				c->dcr = b == '\r';
				c->dcol = 0;
			} else if ((b & 0xC0) != 0x80) {
				c->dcr = 0;
				c->dcol++;
				if (b >= 0x80 && c->enc == ENC_UNDECIDED)
					c->enc = ENC_UTF8;
			}
		}
	} while (err == E2BIG);
	*used = n - inleft;
	return err;
}

/*
 * Reports the byte b at which decoding stopped (left bytes remained, look
 * is 1 when looks_utf8 found UTF-8 text in Windows-1252).  Returns -1.
 */
static int
bad_byte(ar_csv *c, unsigned char b, size_t left, int look)
{
	unsigned long col = c->dcol + 1, line = c->dline;

	switch (c->enc) {
	case ENC_UTF16LE:
	case ENC_UTF16BE:
		if (left == 1)
			return dfail(c, line, "column %lu: the file ends in the middle of a "
			             "UTF-16 character", col);
		return dfail(c, line, "column %lu: unpaired UTF-16 surrogate", col);
	case ENC_CP1252:
		if (look > 0)
			return dfail(c, line, "column %lu: UTF-8 text in a file read as "
			             "Windows-1252 from its earlier lines: the file mixes "
			             "encodings (save it again as CSV UTF-8)", col);
		return dfail(c, line, "column %lu: byte 0x%02X is not valid in "
		             "windows-1252", col, b);
	case ENC_ISO885915:
		return dfail(c, line, "column %lu: byte 0x%02X is a control character in "
		             "iso-8859-15 (is the file windows-1252?)", col, b);
	default:
		if (c->auto_enc)
			return dfail(c, line, "column %lu: byte 0x%02X is not UTF-8 while the "
			             "lines before are: the file mixes UTF-8 and another "
			             "encoding (save it again as CSV UTF-8)", col, b);
		return dfail(c, line, "column %lu: byte 0x%02X is not valid in the "
		             "declared encoding utf-8", col, b);
	}
}

/*
 * Decodes n bytes at s (eof: nothing follows) into c->dec with iconv.
 * Before iconv, a scan stops at the bytes iconv must not see: a UTF-8 lead
 * byte of a code point above U+10FFFF (glibc accepts them), a C1 control in
 * ISO-8859-15 (iconv passes them through), UTF-8 text in a file that "auto"
 * read as Windows-1252.  Returns the number of bytes consumed (the rest is
 * an incomplete sequence to keep), or -1 on an error.
 */
static long
decode(ar_csv *c, const unsigned char *s, size_t n, int eof)
{
	size_t i = 0, lim, used;
	int err, look;

	while (i < n) {
		for (look = 0, lim = i; lim < n; lim++) {
			unsigned char b = s[lim];

			if (b < 0x80)
				continue;
			if (c->enc == ENC_UTF8 || c->enc == ENC_UNDECIDED) {
				if (b >= 0xF5 || (b == 0xF4 && lim + 1 < n && s[lim + 1] >= 0x90))
					break;
			} else if (c->enc == ENC_ISO885915) {
				if (b <= 0x9F)
					break;
			} else if (c->enc == ENC_CP1252 && c->auto_enc &&
			           (look = looks_utf8(s + lim, n - lim, eof)) != 0)
				break;
		}
		if (converter(c) < 0)
			return -1;
		err = convert(c, s + i, lim - i, &used);
		i += used;
		/* A sequence cut where the scan stopped, not at the chunk's end, is
		 * followed by a byte that cannot continue it: it is invalid. */
		if (err == EINVAL && lim < n)
			err = EILSEQ;
		if (err == 0 && i < n)
			err = look < 0 ? EINVAL : EILSEQ;
		if (err == 0 || (err == EINVAL && !eof))
			break;
		if (c->enc == ENC_UNDECIDED)
			c->enc = ENC_CP1252;    /* decode this byte again as Windows-1252 */
		else
			return bad_byte(c, s[i], n - i, look);
	}
	return (long)i;
}

/*
 * Reads the next raw chunk and decodes it into c->dec.  Returns 1 when
 * something was read, 0 at the end of the input, -1 on an error.
 */
static int
fill(ar_csv *c)
{
	size_t n, have, used = 0;
	unsigned char *buf;
	long k;

	if (c->raw_eof || c->dec_err)
		return 0;
	n = fread(c->raw, 1, c->bufsize, c->fp);
	if (n == 0) {
		if (ferror(c->fp))
			return fail(c, c->dline, "read error: %s", strerror(errno));
		c->raw_eof = 1;
	}
	/* carry + new bytes, decoded together */
	have = c->ncarry + n;
	buf = xmalloc(have ? have : 1);
	memcpy(buf, c->carry, c->ncarry);
	memcpy(buf + c->ncarry, c->raw, n);
	if (!c->bom_done) {
		int r = take_bom(c, buf, have, &used);

		if (r < 0) {
			free(buf);
			return -1;
		}
		if (r == 0) {
			memcpy(c->carry, buf, have);
			c->ncarry = have;
			free(buf);
			return 1;
		}
	}
	k = decode(c, buf + used, have - used, c->raw_eof);
	if (k < 0) {
		free(buf);
		return -1;
	}
	c->ncarry = have - used - (size_t)k;
	if (c->ncarry > sizeof c->carry) {   /* cannot happen: sequences are <= 4 */
		free(buf);
		return fail(c, c->dline, "internal error: decoder carry");
	}
	memcpy(c->carry, buf + used + k, c->ncarry);
	free(buf);
	return c->raw_eof ? 0 : 1;
}

/* ------------------------------------------------------------------ parser */

static void
on_cell(void *s, size_t n, void *data)
{
	ar_csv *c = data;

	if (c->ncells == c->cellcap) {
		c->cellcap = c->cellcap ? c->cellcap * 2 : 16;
		c->off = xreallocarray(c->off, c->cellcap, sizeof *c->off);
		c->len = xreallocarray(c->len, c->cellcap, sizeof *c->len);
	}
	if (c->reclen + n + 1 > c->reccap) {
		while (c->reclen + n + 1 > c->reccap)
			c->reccap = c->reccap ? c->reccap * 2 : 1024;
		c->rec = xrealloc(c->rec, c->reccap);
	}
	if (n > 0)
		memcpy(c->rec + c->reclen, s, n);
	c->rec[c->reclen + n] = '\0';
	c->off[c->ncells] = c->reclen;
	c->len[c->ncells] = n;
	c->ncells++;
	c->reclen += n + 1;
	c->cell_ended = 1;
}

static void
on_row(int term, void *data)
{
	ar_csv *c = data;

	(void)term;
	c->ready = 1;
	c->r_line = c->rec_start;
	c->r_end = c->line;
	c->in_record = 0;
}

/* libcsv grows its cell buffer through this; refusing caps a cell's size. */
static void *
capped_realloc(void *p, size_t n)
{
	if (n > AR_CSV_MAX_CELL + 1)
		return NULL;
	return realloc(p, n);
}

/* Explains a libcsv error met while parsing the piece on line c->line. */
static int
parse_error(ar_csv *c, unsigned long line)
{
	int e = csv_error(&c->p);

	if (e == CSV_ENOMEM && csv_get_buffer_size(&c->p) + 65536 > AR_CSV_MAX_CELL)
		return fail(c, c->field_start, "a cell is larger than the limit of "
		            "%zu MiB", AR_CSV_MAX_CELL >> 20);
	if (e == CSV_ENOMEM) {
		errno = ENOMEM;
		return fail(c, line, "out of memory");
	}
	return fail(c, line, "malformed quoted cell: a quote inside a cell that "
	            "does not start with one, or text after a closing quote");
}

static int
is_line_end(unsigned char ch)
{
	return ch == '\r' || ch == '\n';
}

/*
 * Gives libcsv the next piece of decoded text: up to and including the next
 * line end, or everything when there is none.  Returns 0, or -1 on an error.
 */
static int
feed_piece(ar_csv *c)
{
	const unsigned char *s = (const unsigned char *)c->dec + c->decpos;
	size_t n = c->declen - c->decpos, k, i;
	unsigned char last;

	for (k = 0; k < n && !is_line_end(s[k]); k++)
		;
	if (k < n)
		k++;            /* include the line end */
	if (s[0] != '\n')
		c->pcr = 0;
	if (!c->in_record) {
		for (i = 0; i < k; i++) {
			if (is_line_end(s[i]))
				continue;
			if ((s[i] == ' ' || s[i] == '\t') && s[i] != c->delim)
				continue;
			c->in_record = 1;
			c->rec_start = c->line;
			c->field_start = c->line;
			break;
		}
	}
	c->cell_ended = 0;
	if (csv_parse(&c->p, s, k, on_cell, on_row, c) != k)
		return parse_error(c, c->line);
	c->decpos += k;
	if (c->cell_ended)
		c->field_start = c->line;
	last = s[k - 1];
	if (last == '\n') {
		if (!c->pcr)
			c->line++;
		c->pcr = 0;
	} else if (last == '\r') {
		c->line++;
		c->pcr = 1;
	}
	return 0;
}

/*
 * Settles the delimiter and consumes a "sep=" line once the first line is
 * complete (or the file ends).  Returns 1 when done, 0 when the first line
 * is still incomplete.
 */
static int
start(ar_csv *c)
{
	const char *s = (dec_reserve(c, 1), c->dec + c->decpos);
	size_t n = c->declen - c->decpos, k, i;
	size_t count[3] = {0, 0, 0};
	int inq = 0;

	for (k = 0; k < n && !is_line_end((unsigned char)s[k]); k++)
		;
	if (k == n && !c->raw_eof && !c->dec_err)
		return 0;
	/* A "sep=" first line, as Excel writes it (LibreOffice may quote it or
	 * add empty cells after it). */
	{
		size_t a = k > 0 && s[0] == '"' ? 1 : 0;

		if (k >= a + 5 && strncasecmp(s + a, "sep=", 4) == 0 &&
		    (s[a + 4] == ';' || s[a + 4] == ',' || s[a + 4] == '\t')) {
			for (i = a + 5; i < k; i++)
				if (s[i] != '"' && s[i] != ';' && s[i] != ',' && s[i] != '\t')
					break;
			if (i == k) {
				if (c->delim == 0)
					c->delim = (unsigned char)s[a + 4];
				c->had_sep = 1;
				c->decpos += k;
				if (k < n) {
					c->pcr = s[k] == '\r';
					c->decpos++;
				}
				c->line++;
			}
		}
	}
	if (c->delim == 0) {
		for (i = 0; i < k; i++) {
			if (s[i] == '"')
				inq = !inq;
			else if (!inq && s[i] == ';')
				count[0]++;
			else if (!inq && s[i] == '\t')
				count[1]++;
			else if (!inq && s[i] == ',')
				count[2]++;
		}
		c->delim = ';';
		if (count[1] > count[0] && count[1] >= count[2])
			c->delim = '\t';
		else if (count[2] > count[0] && count[2] > count[1])
			c->delim = ',';
	}
	csv_set_delim(&c->p, (unsigned char)c->delim);
	c->started = 1;
	return 1;
}

/* ---------------------------------------------------------------- public */

ar_csv *
ar_csv_open(const char *path, const ar_csv_options *opt, char *why, size_t whylen)
{
	ar_csv *c;
	const char *e = opt != NULL ? opt->encoding : NULL;
	int d = opt != NULL ? opt->delimiter : 0;
	FILE *fp;

	if (d != 0 && d != ';' && d != ',' && d != '\t') {
		set_why(why, whylen, "unknown delimiter (use ';', ',' or tab)");
		errno = EINVAL;
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->auto_enc = 0;
	if (e == NULL || strcasecmp(e, "auto") == 0) {
		c->auto_enc = 1;
		c->enc = ENC_UNDECIDED;
	} else if (strcasecmp(e, "utf-8") == 0 || strcasecmp(e, "utf8") == 0) {
		c->enc = ENC_UTF8;
	} else if (strcasecmp(e, "utf-16") == 0 || strcasecmp(e, "utf16") == 0) {
		c->enc = ENC_UTF16LE;
		c->want_utf16 = 1;
	} else if (strcasecmp(e, "windows-1252") == 0 || strcasecmp(e, "cp1252") == 0) {
		c->enc = ENC_CP1252;
	} else if (strcasecmp(e, "iso-8859-15") == 0 || strcasecmp(e, "latin9") == 0) {
		c->enc = ENC_ISO885915;
	} else {
		set_why(why, whylen, "unknown encoding \"%s\" (use auto, utf-8, utf-16, "
		        "windows-1252 or iso-8859-15)", e);
		free(c);
		errno = EINVAL;
		return NULL;
	}
	if (strcmp(path, "-") == 0) {
		fp = stdin;
	} else if ((fp = fopen(path, "rb")) == NULL) {
		int err = errno;

		set_why(why, whylen, "%s", strerror(err));
		free(c);
		errno = err;
		return NULL;
	} else {
		c->own_fp = 1;
	}
	c->fp = fp;
	c->bufsize = opt != NULL && opt->bufsize > 0 ? opt->bufsize : 65536;
	c->raw = xmalloc(c->bufsize);
	c->delim = d;
	c->dline = 1;
	c->line = 1;
	c->cd = (iconv_t)-1;
	if (csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		ar_csv_close(c);
		errno = ENOMEM;
		set_why(why, whylen, "out of memory");
		return NULL;
	}
	c->p_init = 1;
	csv_set_realloc_func(&c->p, capped_realloc);
	csv_set_free_func(&c->p, free);
	csv_set_blk_size(&c->p, 65536);
	return c;
}

int
ar_csv_next(ar_csv *c, char *why, size_t whylen)
{
	c->ready = 0;
	c->ncells = 0;
	c->reclen = 0;
	while (c->state == 0) {
		if (!c->started) {
			if (start(c))
				continue;
		} else {
			while (c->decpos < c->declen && c->state == 0) {
				if (feed_piece(c) == 0 && c->ready)
					return 1;
			}
			if (c->state != 0)
				break;
			if (c->dec_err) {
				c->state = -1;
				break;
			}
			if (c->raw_eof) {
				/* everything decoded has been parsed: finish */
				if (csv_fini(&c->p, on_cell, on_row, c) != 0) {
					if (csv_error(&c->p) == CSV_EPARSE)
						fail(c, c->field_start, "quoted cell never closed: "
						     "it starts on this line and runs to the end of "
						     "the file");
					else
						parse_error(c, c->line);
					break;
				}
				c->state = 1;
				if (c->ready)
					return 1;   /* the last row had no line end */
				break;
			}
		}
		/* Make room, then read and decode more. */
		if (c->decpos > 0) {
			memmove(c->dec, c->dec + c->decpos, c->declen - c->decpos);
			c->declen -= c->decpos;
			c->decpos = 0;
		}
		fill(c);
	}
	if (c->state < 0)
		set_why(why, whylen, "%s", c->err);
	return c->state < 0 ? -1 : 0;
}

size_t
ar_csv_ncells(const ar_csv *c)
{
	return c->ready ? c->ncells : 0;
}

const char *
ar_csv_cell(const ar_csv *c, size_t i, size_t *len)
{
	if (!c->ready || i >= c->ncells) {
		if (len != NULL)
			*len = 0;
		return "";
	}
	if (len != NULL)
		*len = c->len[i];
	return c->rec + c->off[i];
}

unsigned long
ar_csv_line(const ar_csv *c)
{
	return c->state < 0 ? c->err_line : c->r_line;
}

unsigned long
ar_csv_end_line(const ar_csv *c)
{
	return c->state < 0 ? c->err_line : c->r_end;
}

const char *
ar_csv_encoding(const ar_csv *c)
{
	return enc_name(c);
}

int
ar_csv_delimiter_used(const ar_csv *c)
{
	return c->delim;
}

int
ar_csv_had_sep_line(const ar_csv *c)
{
	return c->had_sep;
}

void
ar_csv_close(ar_csv *c)
{
	if (c == NULL)
		return;
	if (c->p_init)
		csv_free(&c->p);
	if (c->own_fp && c->fp != NULL)
		fclose(c->fp);
	if (c->cd != (iconv_t)-1)
		iconv_close(c->cd);
	free(c->raw);
	free(c->dec);
	free(c->rec);
	free(c->off);
	free(c->len);
	free(c);
}
