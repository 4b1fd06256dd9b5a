/*
 * xml.c - the streaming reader of the XML export of actions (see xml.h).
 *
 * libxml2's push parser calls the SAX callbacks below as it goes through
 * each chunk; they check the structure against schemas/actions.xsd (the
 * same rules, written out in the table `seq`), collect the text of each
 * action's elements, and queue the finished actions for ar_xml_next.  Any
 * entity declaration stops the parser at once, so no entity is ever parsed,
 * expanded or fetched.
 */
#include "xml.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "xalloc.h"

/* The cells of a row, and the names of the header row: the element names. */
enum cell { C_ID, C_TITRE, C_SOUS_TITRE, C_SYNTHESE, C_STATUT, C_DATE, C_COLL, C_SERVICES, NCELLS };
static const char *const cell_names[NCELLS] = {
	"id_action", "titre", "sous_titre", "synthese", "statut", "date",
	"collectivite", "services"
};

/* The children of <action>, in the order of schemas/actions.xsd. */
static const struct {
	enum cell field;      /* its cell */
	int optional;         /* minOccurs 0 */
	int repeat;           /* maxOccurs unbounded */
} seq[] = {
	{C_ID, 0, 0}, {C_TITRE, 0, 0}, {C_SOUS_TITRE, 1, 0}, {C_DATE, 0, 0},
	{C_STATUT, 0, 0}, {C_COLL, 0, 1}, {C_SERVICES, 0, 0}, {C_SYNTHESE, 1, 0}
};
#define NSEQ (sizeof seq / sizeof seq[0])

static const char xsi_ns[] = "http://www.w3.org/2001/XMLSchema-instance";

/* A growing byte string. */
struct sbuf {
	char *s;      /* bytes, NUL-terminated when cap > 0 */
	size_t len;   /* bytes used */
	size_t cap;   /* bytes allocated */
};

static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->s = xrealloc(b->s, cap);
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* One action read. */
struct rec {
	struct sbuf cell[NCELLS];  /* the text of each element */
	unsigned long line;        /* line of its <action> tag */
};

struct ar_xml {
	int fd;                    /* the file */
	char *buf;                 /* read buffer */
	size_t bufsize;            /* its size */
	xmlParserCtxtPtr ctxt;     /* the push parser, NULL before the first chunk */
	int state;                 /* 0 header not given, 1 reading, 2 end, -1 error */

	/* The structure being read. */
	int depth;                 /* elements open: 1 <actions>, 2 <action>, 3 a field */
	size_t pos;                /* index in seq of the last child of <action> seen, NSEQ none */
	int field;                 /* cell of the open field element, -1 none */
	unsigned long field_line;  /* its line */
	struct rec cur;            /* the action being read */

	/* Finished actions waiting for ar_xml_next. */
	struct rec *q;             /* queue */
	size_t qn, qhead, qcap;    /* entries used, next to give, allocated */
	struct rec *row;           /* the current row, NULL for the header */

	/* The first error. */
	int failed;                /* 1 once an error is recorded */
	int err_errno;             /* EIO or EINVAL */
	unsigned long err_line;    /* its line */
	char err[512];             /* its message */

	/* What the raw bytes say, to catch an encoding declaration that lies. */
	char head[256];            /* the first bytes */
	size_t nhead;              /* how many */
	size_t nread;              /* bytes read so far */
	unsigned long raw_line;    /* line of the byte being looked at */
	int u8_need;               /* continuation bytes still expected */
	int u8_bad;                /* 1: the bytes are not UTF-8 */
	unsigned long nonascii_line; /* first line with a non-ASCII byte, 0 none */
	char encoding[64];         /* the encoding declared, "" none */
};

/* Records the first error at line and stops the parser. */
static void
fail(ar_xml *x, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
fail(ar_xml *x, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	if (x->failed)
		return;
	x->failed = 1;
	x->err_errno = EINVAL;
	x->err_line = line;
	va_start(ap, fmt);
	vsnprintf(x->err, sizeof x->err, fmt, ap);
	va_end(ap);
	if (x->ctxt != NULL)
		xmlStopParser(x->ctxt);
}

static unsigned long
cur_line(const ar_xml *x)
{
	return x->ctxt != NULL && x->ctxt->input != NULL && x->ctxt->input->line > 0 ?
	       (unsigned long)x->ctxt->input->line : 1;
}

/* ------------------------------------------------------------ SAX callbacks */

static void
on_entity(void *ctx, const xmlChar *name, int type, const xmlChar *publicId,
          const xmlChar *systemId, xmlChar *content)
{
	ar_xml *x = ctx;
	int param = type == XML_INTERNAL_PARAMETER_ENTITY || type == XML_EXTERNAL_PARAMETER_ENTITY;

	(void)publicId;
	(void)content;
	fail(x, cur_line(x), "the DOCTYPE declares the %sentity \"%s%s\"%s%s%s: entity "
	     "declarations are refused (nothing is expanded or fetched)",
	     param ? "parameter " : "", param ? "%" : "", (const char *)name,
	     systemId != NULL ? " (SYSTEM \"" : "", systemId != NULL ? (const char *)systemId : "",
	     systemId != NULL ? "\")" : "");
}

static void
on_unparsed_entity(void *ctx, const xmlChar *name, const xmlChar *publicId,
                   const xmlChar *systemId, const xmlChar *notation)
{
	(void)notation;
	on_entity(ctx, name, XML_EXTERNAL_GENERAL_UNPARSED_ENTITY, publicId, systemId, NULL);
}

static void
on_reference(void *ctx, const xmlChar *name)
{
	ar_xml *x = ctx;

	fail(x, cur_line(x), "reference to the entity &%s; which is not declared here "
	     "(entities are not expanded)", (const char *)name);
}

static void
on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
         int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
         int nb_defaulted, const xmlChar **attributes)
{
	ar_xml *x = ctx;
	const char *name = (const char *)localname;
	unsigned long line = cur_line(x);
	size_t k;
	int i;

	(void)namespaces;
	(void)nb_defaulted;
	if (x->failed)
		return;
	if (URI != NULL || nb_namespaces > 0) {
		fail(x, line, "%s%s%s: element in a namespace; the export has none "
		     "(schemas/actions.xsd)", prefix ? (const char *)prefix : "",
		     prefix ? ":" : "", name);
		return;
	}
	for (i = 0; i < nb_attributes; i++) {
		const xmlChar *a_uri = attributes[5 * i + 2];

		if (a_uri == NULL || strcmp((const char *)a_uri, xsi_ns) != 0) {
			fail(x, line, "%s: attribute \"%s\" not allowed (schemas/actions.xsd)",
			     name, (const char *)attributes[5 * i]);
			return;
		}
	}
	x->depth++;
	switch (x->depth) {
	case 1:
		if (strcmp(name, "actions") != 0)
			fail(x, line, "%s: the root element must be <actions> "
			     "(schemas/actions.xsd)", name);
		return;
	case 2:
		if (strcmp(name, "action") != 0) {
			fail(x, line, "%s: element not allowed in <actions>, only <action> "
			     "(schemas/actions.xsd)", name);
			return;
		}
		for (k = 0; k < NCELLS; k++)
			x->cur.cell[k].len = 0;
		x->cur.line = line;
		x->pos = NSEQ;
		return;
	case 3:
		for (k = 0; k < NSEQ; k++)
			if (strcmp(name, cell_names[seq[k].field]) == 0)
				break;
		if (k == NSEQ) {
			fail(x, line, "%s: element not allowed in <action> (schemas/actions.xsd)",
			     name);
			return;
		}
		if (x->pos != NSEQ && (k < x->pos || (k == x->pos && !seq[k].repeat))) {
			fail(x, line, "%s: element not expected after <%s> (the order is that "
			     "of schemas/actions.xsd)", name, cell_names[seq[x->pos].field]);
			return;
		}
		for (size_t j = x->pos == NSEQ ? 0 : x->pos + 1; j < k; j++)
			if (!seq[j].optional) {
				fail(x, line, "%s: element missing before <%s> in the action of "
				     "line %lu (schemas/actions.xsd)", cell_names[seq[j].field],
				     name, x->cur.line);
				return;
			}
		if (k == x->pos)        /* another <collectivite> */
			sb_add(&x->cur.cell[seq[k].field], "\n", 1);
		x->pos = k;
		x->field = (int)seq[k].field;
		x->field_line = line;
		return;
	default:
		fail(x, line, "%s: element not allowed in <%s> (text only; "
		     "schemas/actions.xsd)", name, cell_names[x->field]);
	}
}

static void
on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI)
{
	ar_xml *x = ctx;

	(void)localname;
	(void)prefix;
	(void)URI;
	if (x->failed)
		return;
	if (x->depth == 3)
		x->field = -1;
	else if (x->depth == 2) {
		size_t j = x->pos == NSEQ ? 0 : x->pos + 1;
		struct rec *r;

		for (; j < NSEQ; j++)
			if (!seq[j].optional) {
				fail(x, cur_line(x), "%s: element missing in the action of line "
				     "%lu (schemas/actions.xsd)", cell_names[seq[j].field],
				     x->cur.line);
				return;
			}
		/* queue it: swap the buffers so that both keep their memory */
		if (x->qn == x->qcap) {
			x->qcap = x->qcap ? x->qcap * 2 : 8;
			x->q = xreallocarray(x->q, x->qcap, sizeof *x->q);
			memset(x->q + x->qn, 0, (x->qcap - x->qn) * sizeof *x->q);
		}
		r = &x->q[x->qn++];
		for (size_t k = 0; k < NCELLS; k++) {
			struct sbuf t = r->cell[k];

			r->cell[k] = x->cur.cell[k];
			x->cur.cell[k] = t;
			x->cur.cell[k].len = 0;
		}
		r->line = x->cur.line;
	}
	x->depth--;
}

static void
on_text(void *ctx, const xmlChar *ch, int len)
{
	ar_xml *x = ctx;

	if (x->failed || len <= 0)
		return;
	if (x->depth == 3) {
		struct sbuf *b = &x->cur.cell[x->field];

		if (b->len + (size_t)len > AR_XML_MAX_TEXT) {
			fail(x, x->field_line, "%s: text longer than %zu MiB, the limit of "
			     "one element", cell_names[x->field], AR_XML_MAX_TEXT >> 20);
			return;
		}
		sb_add(b, (const char *)ch, (size_t)len);
		return;
	}
	for (int i = 0; i < len; i++)
		if (!strchr(" \t\r\n", ch[i])) {
			fail(x, cur_line(x), "text outside the elements of an action "
			     "(schemas/actions.xsd)");
			return;
		}
}

/* libxml2 prints some errors (encoding conversion) itself: keep them quiet,
 * the parse's result says that it stopped, and parse_chunk reports it. */
static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/*
 * Feeds len bytes (terminate: the end of the file) to the parser and fails
 * the reader when the parser stops on an error it did not report through
 * on_error (an encoding it cannot convert, for one): never an empty or cut
 * document read as a good one.
 */
static void
parse_chunk(ar_xml *x, const char *buf, size_t len, int terminate)
{
	int rc = xmlParseChunk(x->ctxt, buf, (int)len, terminate);

	if (!x->failed && (rc != 0 || !x->ctxt->wellFormed)) {
		xmlErrorPtr e = xmlCtxtGetLastError(x->ctxt);

		fail(x, e != NULL && e->line > 0 ? (unsigned long)e->line : cur_line(x),
		     "malformed XML: the parser stopped here (often bytes that the "
		     "declared encoding cannot convert)");
	}
}

static void
on_error(void *ctx, xmlErrorPtr e)
{
	ar_xml *x = ctx;
	char msg[400];
	size_t n;

	if (e == NULL || x->failed)
		return;
	if (e->level == XML_ERR_WARNING && e->code != XML_WAR_UNDECLARED_ENTITY)
		return;
	snprintf(msg, sizeof msg, "%s", e->message != NULL ? e->message : "malformed XML");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (msg[i] == '\n')
			msg[i] = ' ';
	fail(x, e->line > 0 ? (unsigned long)e->line : cur_line(x), "malformed XML: %s", msg);
}

/* ------------------------------------------------------------ raw bytes */

/* Follows the raw bytes: lines, UTF-8 validity, the first non-ASCII line. */
static void
look_at(ar_xml *x, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];

		if (x->nhead < sizeof x->head)
			x->head[x->nhead++] = (char)c;
		if (c >= 0x80 && x->nonascii_line == 0)
			x->nonascii_line = x->raw_line;
		if (x->u8_need > 0) {
			if ((c & 0xC0) != 0x80)
				x->u8_bad = 1;
			x->u8_need--;
		} else if (c >= 0xC2 && c <= 0xDF)
			x->u8_need = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			x->u8_need = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			x->u8_need = 3;
		else if (c >= 0x80)
			x->u8_bad = 1;
		if (c == '\n')
			x->raw_line++;
	}
}

/* Fills x->encoding from the XML declaration among the first bytes. */
static void
declared_encoding(ar_xml *x)
{
	size_t n = x->nhead, i;
	const char *h = x->head, *e, *end;
	char q;

	x->encoding[0] = '\0';
	if (n < 5 || memcmp(h, "<?xml", 5) != 0)
		return;
	end = memmem(h, n, "?>", 2);
	if (end == NULL)
		return;
	e = memmem(h, (size_t)(end - h), "encoding", 8);
	if (e == NULL)
		return;
	e += 8;
	while (e < end && strchr(" \t\r\n=", *e))
		e++;
	if (e >= end || (*e != '"' && *e != '\''))
		return;
	q = *e++;
	for (i = 0; e + i < end && e[i] != q && i + 1 < sizeof x->encoding; i++)
		x->encoding[i] = e[i];
	x->encoding[i] = '\0';
}

/* Checks, at the end, that the declared encoding is not contradicted by the bytes. */
static void
check_encoding(ar_xml *x)
{
	const char *e = x->encoding;
	int single = strncasecmp(e, "iso-8859", 8) == 0 || strncasecmp(e, "iso8859", 7) == 0 ||
	             strncasecmp(e, "latin", 5) == 0 || strncasecmp(e, "windows-125", 11) == 0 ||
	             strncasecmp(e, "cp125", 5) == 0;

	if (single && !x->u8_bad && x->u8_need == 0 && x->nonascii_line != 0)
		fail(x, 1, "the encoding declaration says \"%s\" but the bytes are UTF-8 "
		     "(see line %lu): fix the declaration", e, x->nonascii_line);
}

/* ------------------------------------------------------------ the reader */

int
ar_xml_sniff(const char *path)
{
	unsigned char b[512];
	ssize_t n;
	size_t i = 0;
	int fd = open(path, O_RDONLY), r = 0;

	if (fd < 0)
		return 0;
	n = read(fd, b, sizeof b);
	close(fd);
	if (n <= 0)
		return 0;
	if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
		int le = b[0] == 0xFF;

		for (i = 2; i + 1 < (size_t)n; i += 2) {
			unsigned c = le ? b[i] | b[i + 1] << 8 : b[i] << 8 | b[i + 1];

			if (c == '<')
				return 1;
			if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
				return 0;
		}
		return 0;
	}
	if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
		i = 3;
	for (; i < (size_t)n; i++) {
		if (b[i] == '<') {
			r = 1;
			break;
		}
		if (!strchr(" \t\r\n", b[i]))
			break;
	}
	return r;
}

ar_xml *
ar_xml_open(const char *path, size_t bufsize, char *why, size_t whylen)
{
	ar_xml *x;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		int err = errno;

		snprintf(why, whylen, "%s", strerror(err));
		errno = err;
		return NULL;
	}
	x = xcalloc(1, sizeof *x);
	x->fd = fd;
	x->bufsize = bufsize ? bufsize : 65536;
	x->buf = xmalloc(x->bufsize);
	x->field = -1;
	x->raw_line = 1;
	return x;
}

/* Feeds the parser until an action is queued, the end, or an error. */
static void
feed(ar_xml *x)
{
	static xmlSAXHandler sax;
	static int sax_ready;

	if (!sax_ready) {
		memset(&sax, 0, sizeof sax);
		sax.initialized = XML_SAX2_MAGIC;
		sax.startElementNs = on_start;
		sax.endElementNs = on_end;
		sax.characters = on_text;
		sax.ignorableWhitespace = on_text;
		sax.cdataBlock = on_text;
		sax.reference = on_reference;
		sax.entityDecl = on_entity;
		sax.unparsedEntityDecl = on_unparsed_entity;
		sax.serror = on_error;
		xmlSetGenericErrorFunc(NULL, quiet);
		sax_ready = 1;
	}
	while (x->qhead == x->qn && !x->failed && x->state == 1) {
		ssize_t n;

		do
			n = read(x->fd, x->buf, x->bufsize);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			int err = errno;

			fail(x, x->raw_line, "read error: %s", strerror(err));
			x->err_errno = EIO;
			return;
		}
		look_at(x, (const unsigned char *)x->buf, (size_t)n);
		x->nread += (size_t)n;
		if (x->ctxt == NULL) {
			/* the parser decides the encoding from the first 4 bytes, all in head */
			size_t before = x->nread - (size_t)n, skip;

			if (n > 0 && x->nread < 4)
				continue;
			x->ctxt = xmlCreatePushParserCtxt(&sax, x, x->head,
			                                  (int)(x->nhead < 4 ? x->nhead : 4), NULL);
			if (x->ctxt == NULL) {
				fail(x, 1, "cannot create the XML parser (out of memory)");
				return;
			}
			xmlCtxtUseOptions(x->ctxt, XML_PARSE_NONET);
			/* then what follows those 4 bytes: the rest of this read */
			skip = before < 4 ? 4 - before : 0;
			if ((size_t)n > skip)
				parse_chunk(x, x->buf + skip, (size_t)n - skip, 0);
		} else if (n > 0)
			parse_chunk(x, x->buf, (size_t)n, 0);
		if (n == 0) {
			if (!x->failed)
				parse_chunk(x, NULL, 0, 1);
			if (!x->failed) {
				declared_encoding(x);
				check_encoding(x);
			}
			if (!x->failed)
				x->state = 2;
		}
	}
}

int
ar_xml_next(ar_xml *x, char *why, size_t whylen)
{
	if (x->state == 0) {
		x->state = 1;
		x->row = NULL;
		return 1;
	}
	if (x->state == -1) {
		snprintf(why, whylen, "%s", x->err);
		errno = x->err_errno;
		return -1;
	}
	if (x->qhead == x->qn) {
		x->qhead = x->qn = 0;
		feed(x);
	}
	if (x->qhead < x->qn) {
		x->row = &x->q[x->qhead++];
		return 1;
	}
	if (x->failed) {
		x->state = -1;
		x->row = NULL;
		snprintf(why, whylen, "%s", x->err);
		errno = x->err_errno;
		return -1;
	}
	x->row = NULL;
	return 0;
}

size_t
ar_xml_ncells(const ar_xml *x)
{
	(void)x;
	return NCELLS;
}

const char *
ar_xml_cell(const ar_xml *x, size_t i, size_t *len)
{
	const char *s = "";
	size_t n = 0;

	if (i < NCELLS) {
		if (x->row == NULL) {
			s = cell_names[i];
			n = strlen(s);
		} else if (x->row->cell[i].len > 0) {
			s = x->row->cell[i].s;
			n = x->row->cell[i].len;
		}
	}
	if (len != NULL)
		*len = n;
	return s;
}

unsigned long
ar_xml_line(const ar_xml *x)
{
	if (x->state == -1 || (x->failed && x->row == NULL))
		return x->err_line;
	return x->row != NULL ? x->row->line : 1;
}

const char *
ar_xml_encoding(const ar_xml *x)
{
	const unsigned char *h = (const unsigned char *)x->head;

	if (x->nhead >= 2 && ((h[0] == 0xFF && h[1] == 0xFE) || (h[0] == 0xFE && h[1] == 0xFF)))
		return h[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
	return x->encoding[0] ? x->encoding : "UTF-8";
}

void
ar_xml_close(ar_xml *x)
{
	if (x == NULL)
		return;
	if (x->ctxt != NULL) {
		if (x->ctxt->myDoc != NULL)
			xmlFreeDoc(x->ctxt->myDoc);
		xmlFreeParserCtxt(x->ctxt);
	}
	for (size_t i = 0; i < x->qcap; i++)
		for (size_t k = 0; k < NCELLS; k++)
			free(x->q[i].cell[k].s);
	for (size_t k = 0; k < NCELLS; k++)
		free(x->cur.cell[k].s);
	free(x->q);
	free(x->buf);
	close(x->fd);
	free(x);
}
