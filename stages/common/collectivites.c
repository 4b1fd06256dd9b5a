/*
 * collectivites.c - the collectivités directory and reference resolution
 * (see collectivites.h).
 *
 * The Etalab files are read whole and tokenised by a small strict JSON
 * reader of their own (one array element at a time), because a general
 * DOM of the 12 MB would cost more time than the whole rest of a short
 * stage.  Strings are copied into an arena; entries sit in one array; two
 * open-addressing hash tables index them: codes (INSEE codes, SIRENs, old
 * codes) and folded name keys.  Each table maps a key to a chain of nodes,
 * each node naming an entry and how the key reaches it.
 */
#include "collectivites.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"
#include "xalloc.h"

#define NONE UINT32_MAX

/* ------------------------------------------------------------ arena */

/* Strings of the directory, in blocks that never move. */
struct block {
	struct block *next;
	size_t used, cap;
	char data[];
};

static char *
arena_alloc(struct block **head, size_t n)
{
	struct block *b = *head;

	if (b == NULL || b->cap - b->used < n) {
		size_t cap = n > 60000 ? n : 60000;

		b = xmalloc(sizeof *b + cap);
		b->next = *head;
		b->used = 0;
		b->cap = cap;
		*head = b;
	}
	b->used += n;
	return b->data + b->used - n;
}

static char *
arena_strndup(struct block **head, const char *s, size_t n)
{
	char *p = arena_alloc(head, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* ------------------------------------------------------------ entries and tables */

/* How a key of a table reaches its entry, best first. */
enum how {
	HOW_DIRECT,  /* the entry's own code, SIREN or name */
	HOW_ARR,     /* a municipal arrondissement's code or name */
	HOW_OLD,     /* a former commune's code or name */
	HOW_ANCIEN,  /* an old code listed by a current commune (anciensCodes) */
	HOW_ALIAS    /* an EPCI's name without its CC/CA/CU prefix */
};

struct entry {
	ar_collectivite pub;  /* first, so that a pointer to it is one to the entry */
	const char *key;      /* folded name key */
	const char *alias;    /* EPCI: key without "cc "/"ca "/"cu ", else NULL */
	uint32_t parent;      /* index of pub.commune, or NONE */
};

struct node {
	const char *key;   /* the key (arena or entry string) */
	uint32_t hash;     /* hash_str(key) */
	uint32_t entry;    /* index in d->e */
	uint32_t next;     /* next node of the same key, or NONE */
	unsigned char how; /* enum how */
};

struct table {
	uint32_t *slot;    /* head node index + 1 per slot, 0 empty */
	size_t mask;       /* number of slots - 1 */
	size_t keys;       /* distinct keys (used slots) */
	struct node *node; /* all nodes */
	size_t n, cap;     /* nodes used and allocated */
};

struct ar_collectivites {
	struct block *arena;   /* every string */
	struct entry *e;       /* every entry */
	size_t n, cap;         /* entries used and allocated */
	size_t dep_lo, dep_hi; /* entries [dep_lo, dep_hi) are départements */
	size_t reg_lo, reg_hi; /* ... régions */
	size_t com_lo, com_hi; /* ... communes (all types) */
	size_t epci_lo, epci_hi; /* ... EPCI */
	struct table codes;    /* codes and SIRENs */
	struct table names;    /* folded names */
};

static uint32_t
hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	h ^= h >> 15;   /* FNV-1a's low bits alone cluster on codes that differ at the end */
	h *= 0x2c1b3c6du;
	h ^= h >> 12;
	return h;
}

static void
table_init(struct table *t, size_t keys)
{
	size_t n = 16;

	while (n < keys * 2)
		n *= 2;
	t->slot = xcalloc(n, sizeof *t->slot);
	t->mask = n - 1;
	t->keys = 0;
	t->node = NULL;
	t->n = t->cap = 0;
}

static void
table_free(struct table *t)
{
	free(t->slot);
	free(t->node);
}

/* Returns the slot of key (of hash h): its head, or the empty slot where it would go. */
static size_t
table_find(const struct table *t, const char *key, uint32_t h)
{
	size_t i = h & t->mask;

	while (t->slot[i] != 0 && (t->node[t->slot[i] - 1].hash != h ||
	                           strcmp(t->node[t->slot[i] - 1].key, key) != 0))
		i = (i + 1) & t->mask;
	return i;
}

/* Doubles the slots of t, keeping every chain. */
static void
table_grow(struct table *t)
{
	uint32_t *old = t->slot;
	size_t n = t->mask + 1;

	t->slot = xcalloc(n * 2, sizeof *t->slot);
	t->mask = n * 2 - 1;
	for (size_t k = 0; k < n; k++)
		if (old[k] != 0)
			t->slot[table_find(t, t->node[old[k] - 1].key, t->node[old[k] - 1].hash)] = old[k];
	free(old);
}

/* Adds key -> entry; the table keeps at most half of its slots used. */
static void
table_add(struct table *t, const char *key, uint32_t entry, enum how how)
{
	uint32_t h = hash_str(key);
	size_t i;

	if ((t->keys + 1) * 2 > t->mask + 1)
		table_grow(t);
	i = table_find(t, key, h);
	if (t->slot[i] == 0)
		t->keys++;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		t->node = xreallocarray(t->node, t->cap, sizeof *t->node);
	}
	t->node[t->n] = (struct node){key, h, entry, t->slot[i] ? t->slot[i] - 1 : NONE,
	                              (unsigned char)how};
	t->slot[i] = (uint32_t)++t->n;
}

/* The first node of key's chain, or NONE. */
static uint32_t
table_get(const struct table *t, const char *key)
{
	size_t i = table_find(t, key, hash_str(key));

	return t->slot[i] ? t->slot[i] - 1 : NONE;
}

/* ------------------------------------------------------------ name keys */

/*
 * The comparison key of a name: ar_text_fold, then the words st, ste, sts,
 * stes spelt out.  Returns a new string (free()) or NULL on invalid UTF-8.
 */
static char *
make_key(const char *s)
{
	char *f = ar_text_fold(s), *out, *o;
	const char *p;

	if (f == NULL)
		return NULL;
	if (strstr(f, "st") == NULL)
		return f;
	out = o = xmalloc(strlen(f) * 3 + 1);
	for (p = f; *p != '\0';) {
		size_t w = strcspn(p, " ");
		const char *rep = NULL;

		if (w == 2 && memcmp(p, "st", 2) == 0)
			rep = "saint";
		else if (w == 3 && memcmp(p, "ste", 3) == 0)
			rep = "sainte";
		else if (w == 3 && memcmp(p, "sts", 3) == 0)
			rep = "saints";
		else if (w == 4 && memcmp(p, "stes", 4) == 0)
			rep = "saintes";
		if (rep != NULL)
			o = stpcpy(o, rep);
		else {
			memcpy(o, p, w);
			o += w;
		}
		p += w;
		if (*p == ' ')
			*o++ = *p++;
	}
	*o = '\0';
	free(f);
	return out;
}

/* If key starts with one of the words in prefixes (NULL-terminated), returns what follows. */
static const char *
strip_prefix(const char *key, const char *const *prefixes)
{
	for (; *prefixes != NULL; prefixes++) {
		size_t n = strlen(*prefixes);

		if (strncmp(key, *prefixes, n) == 0 && key[n] == ' ' && key[n + 1] != '\0')
			return key + n + 1;
	}
	return NULL;
}

static const char *const epci_short[] = {"cc", "ca", "cu", NULL};
static const char *const epci_long[] = {
	"communaute de communes", "communaute d agglomeration", "communaute urbaine",
	"cc", "ca", "cu", NULL
};
static const char *const dep_prefixes[] = {
	"conseil departemental de la", "conseil departemental de l", "conseil departemental du",
	"conseil departemental des", "conseil departemental de", "conseil departemental d",
	"conseil departemental", "conseil general de la", "conseil general de l",
	"conseil general du", "conseil general des", "conseil general de", "conseil general d",
	"departement de la", "departement de l", "departement du", "departement des",
	"departement de", "departement d", "departement", NULL
};
static const char *const reg_prefixes[] = {
	"conseil regional de la", "conseil regional de l", "conseil regional du",
	"conseil regional des", "conseil regional de", "conseil regional d",
	"conseil regional", "region de la", "region de l", "region du", "region des",
	"region de", "region d", "region", NULL
};

/* ------------------------------------------------------------ a small strict JSON reader */

enum jtype { J_OBJ, J_ARR, J_STR, J_NUM, J_LIT };

struct jtok {
	unsigned char type;  /* enum jtype */
	unsigned char esc;   /* J_STR: holds a backslash escape */
	uint32_t start, end; /* J_STR: the bytes between the quotes; others: the value */
	uint32_t next;       /* index of the token after this value and its children */
};

struct jp {
	const char *s;       /* the file */
	size_t len, pos;     /* its length, the reading position */
	struct jtok *t;      /* tokens of the current array element */
	size_t nt, cap;
	const char *err;     /* what is wrong, when parsing failed */
};

static void
jws(struct jp *p)
{
	while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\n' ||
	                           p->s[p->pos] == '\r' || p->s[p->pos] == '\t'))
		p->pos++;
}

static size_t
jpush(struct jp *p, enum jtype type)
{
	if (p->nt == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 256;
		p->t = xreallocarray(p->t, p->cap, sizeof *p->t);
	}
	p->t[p->nt] = (struct jtok){(unsigned char)type, 0, (uint32_t)p->pos, 0, 0};
	return p->nt++;
}

static int
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int jvalue(struct jp *p, int depth);

static int
jstring(struct jp *p)
{
	size_t i = jpush(p, J_STR);

	p->pos++;
	p->t[i].start = (uint32_t)p->pos;
	for (;;) {
		unsigned char c;

		if (p->pos >= p->len) {
			p->err = "unterminated string";
			return -1;
		}
		c = (unsigned char)p->s[p->pos];
		if (c == '"')
			break;
		if (c < 0x20) {
			p->err = "control character in a string";
			return -1;
		}
		if (c == '\\') {
			char e = p->pos + 1 < p->len ? p->s[p->pos + 1] : '\0';

			p->t[i].esc = 1;
			if (e == 'u') {
				if (p->pos + 5 >= p->len || !is_hex(p->s[p->pos + 2]) ||
				    !is_hex(p->s[p->pos + 3]) || !is_hex(p->s[p->pos + 4]) ||
				    !is_hex(p->s[p->pos + 5])) {
					p->err = "bad \\u escape";
					return -1;
				}
				p->pos += 6;
				continue;
			}
			if (strchr("\"\\/bfnrt", e) == NULL || e == '\0') {
				p->err = "bad escape";
				return -1;
			}
			p->pos += 2;
			continue;
		}
		p->pos++;
	}
	p->t[i].end = (uint32_t)p->pos;
	p->pos++;
	p->t[i].next = (uint32_t)p->nt;
	return 0;
}

static int
jnumber(struct jp *p)
{
	size_t i = jpush(p, J_NUM);
	const char *s = p->s;
	size_t n = p->len;

	if (p->pos < n && s[p->pos] == '-')
		p->pos++;
	if (p->pos < n && s[p->pos] == '0')
		p->pos++;
	else if (p->pos < n && is_digit(s[p->pos]))
		while (p->pos < n && is_digit(s[p->pos]))
			p->pos++;
	else {
		p->err = "bad number";
		return -1;
	}
	if (p->pos < n && s[p->pos] == '.') {
		p->pos++;
		if (p->pos >= n || !is_digit(s[p->pos])) {
			p->err = "bad number";
			return -1;
		}
		while (p->pos < n && is_digit(s[p->pos]))
			p->pos++;
	}
	if (p->pos < n && (s[p->pos] == 'e' || s[p->pos] == 'E')) {
		p->pos++;
		if (p->pos < n && (s[p->pos] == '+' || s[p->pos] == '-'))
			p->pos++;
		if (p->pos >= n || !is_digit(s[p->pos])) {
			p->err = "bad number";
			return -1;
		}
		while (p->pos < n && is_digit(s[p->pos]))
			p->pos++;
	}
	p->t[i].end = (uint32_t)p->pos;
	p->t[i].next = (uint32_t)p->nt;
	return 0;
}

/* Parses an object or array at p->pos ('{' or '['). */
static int
jcontainer(struct jp *p, int depth)
{
	int obj = p->s[p->pos] == '{';
	char close = obj ? '}' : ']';
	size_t i = jpush(p, obj ? J_OBJ : J_ARR);

	p->pos++;
	jws(p);
	if (p->pos < p->len && p->s[p->pos] == close)
		goto done;
	for (;;) {
		jws(p);
		if (obj) {
			if (p->pos >= p->len || p->s[p->pos] != '"') {
				p->err = "expected a key";
				return -1;
			}
			if (jstring(p) < 0)
				return -1;
			jws(p);
			if (p->pos >= p->len || p->s[p->pos] != ':') {
				p->err = "expected ':'";
				return -1;
			}
			p->pos++;
		}
		if (jvalue(p, depth + 1) < 0)
			return -1;
		jws(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == close)
			break;
		p->err = obj ? "expected ',' or '}'" : "expected ',' or ']'";
		return -1;
	}
done:
	p->pos++;
	p->t[i].end = (uint32_t)p->pos;
	p->t[i].next = (uint32_t)p->nt;
	return 0;
}

static int
jvalue(struct jp *p, int depth)
{
	static const char *const lits[] = {"true", "false", "null"};

	if (depth > 32) {
		p->err = "nesting too deep";
		return -1;
	}
	jws(p);
	if (p->pos >= p->len) {
		p->err = "unexpected end of file";
		return -1;
	}
	switch (p->s[p->pos]) {
	case '{':
	case '[':
		return jcontainer(p, depth);
	case '"':
		return jstring(p);
	default:
		break;
	}
	for (size_t k = 0; k < 3; k++) {
		size_t n = strlen(lits[k]);

		if (p->len - p->pos >= n && memcmp(p->s + p->pos, lits[k], n) == 0) {
			size_t i = jpush(p, J_LIT);

			p->pos += n;
			p->t[i].end = (uint32_t)p->pos;
			p->t[i].next = (uint32_t)p->nt;
			return 0;
		}
	}
	if (p->s[p->pos] == '-' || is_digit(p->s[p->pos]))
		return jnumber(p);
	p->err = "unexpected character";
	return -1;
}

/* The 1-based line of byte offset pos. */
static unsigned long
jline(const struct jp *p, size_t pos)
{
	unsigned long line = 1;

	for (size_t i = 0; i < pos && i < p->len; i++)
		line += p->s[i] == '\n';
	return line;
}

/* The value of member key of object token o, or NONE. */
static uint32_t
jget(const struct jp *p, uint32_t o, const char *key)
{
	size_t klen = strlen(key);

	for (uint32_t i = o + 1; i < p->t[o].next; i = p->t[i + 1].next) {
		const struct jtok *k = &p->t[i];

		if (!k->esc && k->end - k->start == klen && memcmp(p->s + k->start, key, klen) == 0)
			return i + 1;
	}
	return NONE;
}

static int
hexval(char c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* A copy of string token i in the arena, escapes decoded; NULL when not valid. */
static const char *
jstr(struct block **arena, const struct jp *p, uint32_t i)
{
	const struct jtok *t = &p->t[i];
	const char *s = p->s + t->start;
	size_t n = t->end - t->start, o = 0;
	char *out;

	if (t->type != J_STR)
		return NULL;
	if (!t->esc)
		return arena_strndup(arena, s, n);
	out = arena_alloc(arena, n + 1);
	for (size_t k = 0; k < n; k++) {
		unsigned long c;

		if (s[k] != '\\') {
			out[o++] = s[k];
			continue;
		}
		k++;
		switch (s[k]) {
		case 'b': out[o++] = '\b'; continue;
		case 'f': out[o++] = '\f'; continue;
		case 'n': out[o++] = '\n'; continue;
		case 'r': out[o++] = '\r'; continue;
		case 't': out[o++] = '\t'; continue;
		case 'u': break;
		default: out[o++] = s[k]; continue;
		}
		c = (unsigned long)(hexval(s[k + 1]) << 12 | hexval(s[k + 2]) << 8 |
		                    hexval(s[k + 3]) << 4 | hexval(s[k + 4]));
		k += 4;
		if (c >= 0xD800 && c <= 0xDBFF) {
			unsigned long lo;

			if (k + 6 >= n || s[k + 1] != '\\' || s[k + 2] != 'u')
				return NULL;
			lo = (unsigned long)(hexval(s[k + 3]) << 12 | hexval(s[k + 4]) << 8 |
			                     hexval(s[k + 5]) << 4 | hexval(s[k + 6]));
			if (lo < 0xDC00 || lo > 0xDFFF)
				return NULL;
			c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
			k += 6;
		} else if ((c >= 0xDC00 && c <= 0xDFFF) || c == 0)
			return NULL;
		/* Six escaped bytes always make room for the four of UTF-8. */
		if (c < 0x80)
			out[o++] = (char)c;
		else if (c < 0x800) {
			out[o++] = (char)(0xC0 | c >> 6);
			out[o++] = (char)(0x80 | (c & 0x3F));
		} else if (c < 0x10000) {
			out[o++] = (char)(0xE0 | c >> 12);
			out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
			out[o++] = (char)(0x80 | (c & 0x3F));
		} else {
			out[o++] = (char)(0xF0 | c >> 18);
			out[o++] = (char)(0x80 | ((c >> 12) & 0x3F));
			out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
			out[o++] = (char)(0x80 | (c & 0x3F));
		}
	}
	out[o] = '\0';
	return out;
}

/* Reads number token i as a non-negative integer into *v; -1 when it is not one. */
static int
jlong(const struct jp *p, uint32_t i, long *v)
{
	const struct jtok *t = &p->t[i];
	long r = 0;

	if (t->type != J_NUM || t->end - t->start > 15)
		return -1;
	for (uint32_t k = t->start; k < t->end; k++) {
		if (!is_digit(p->s[k]))
			return -1;
		r = r * 10 + (p->s[k] - '0');
	}
	*v = r;
	return 0;
}

/* ------------------------------------------------------------ loading */

/* An old code listed by a current commune (anciensCodes). */
struct ancien {
	const char *code;  /* the old code */
	uint32_t entry;    /* the current commune */
};

/* Loading state: the directory being built, the file, its name, the error. */
struct load {
	ar_collectivites *d;
	struct jp p;
	char *path;          /* the file being read */
	size_t elem;         /* index of the element being read */
	char *why;
	size_t whylen;
	size_t last_dep;     /* index of the département of the last commune read, or SIZE_MAX */
	struct ancien *anciens; /* anciensCodes of the communes read */
	size_t n_anciens, cap_anciens;
};

static int
fail(struct load *l, const char *field, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (l->whylen > 0)
		snprintf(l->why, l->whylen, "%s: element %zu: %s: %s", l->path, l->elem,
		         field, msg);
	errno = EINVAL;
	return -1;
}

/* Reads the whole file l->path into l->p; -1 with errno and why set. */
static int
read_file(struct load *l)
{
	int fd = open(l->path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf = NULL;
	size_t n = 0;
	size_t bad;

	if (fd < 0 || fstat(fd, &st) < 0)
		goto syserr;
	if (!S_ISREG(st.st_mode) || st.st_size >= (off_t)UINT32_MAX) {
		close(fd);
		snprintf(l->why, l->whylen, "%s: not a regular file of less than 4 GiB", l->path);
		errno = EINVAL;
		return -1;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (n < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto syserr;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	fd = -1;
	if (!ar_utf8_check(buf, n, &bad)) {
		l->p.s = buf;
		l->p.len = n;
		snprintf(l->why, l->whylen, "%s:%lu: invalid UTF-8 or NUL byte", l->path,
		         jline(&l->p, bad));
		free(buf);
		l->p.s = NULL;
		errno = EINVAL;
		return -1;
	}
	l->p.s = buf;
	l->p.len = n;
	l->p.pos = 0;
	return 0;
syserr:
	{
		int e = errno;

		if (fd >= 0)
			close(fd);
		free(buf);
		snprintf(l->why, l->whylen, "%s: %s", l->path, strerror(e));
		errno = e;
		return -1;
	}
}

/*
 * Reads the file name of dir, an array of objects, calling one(l, object
 * token) for each element.  Returns 0, or -1 with errno and why set.
 */
static int
each_element(struct load *l, const char *dir, const char *name,
             int (*one)(struct load *, uint32_t))
{
	struct jp *p = &l->p;
	int rc = -1;

	free(l->path);
	l->path = xasprintf("%s/%s", dir, name);
	if (read_file(l) < 0)
		return -1;
	jws(p);
	if (p->pos >= p->len || p->s[p->pos] != '[') {
		p->err = "expected an array";
		goto syntax;
	}
	p->pos++;
	jws(p);
	if (p->pos < p->len && p->s[p->pos] == ']') {
		p->pos++;
		goto end;
	}
	for (l->elem = 0;; l->elem++) {
		p->nt = 0;
		if (jvalue(p, 1) < 0)
			goto syntax;
		if (p->t[0].type != J_OBJ) {
			fail(l, "element", "not an object");
			goto out;
		}
		if (one(l, 0) < 0)
			goto out;
		jws(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == ']') {
			p->pos++;
			break;
		}
		p->err = "expected ',' or ']'";
		goto syntax;
	}
end:
	jws(p);
	if (p->pos != p->len) {
		p->err = "data after the array";
		goto syntax;
	}
	rc = 0;
	goto out;
syntax:
	snprintf(l->why, l->whylen, "%s:%lu: invalid JSON: %s", l->path,
	         jline(p, p->pos), p->err);
	errno = EINVAL;
out:
	free((char *)p->s);
	p->s = NULL;
	return rc;
}

/* A required string member; NULL with the error set. */
static const char *
req_str(struct load *l, uint32_t o, const char *key)
{
	uint32_t v = jget(&l->p, o, key);
	const char *s;

	if (v == NONE) {
		fail(l, key, "missing");
		return NULL;
	}
	s = jstr(&l->d->arena, &l->p, v);
	if (s == NULL || *s == '\0') {
		fail(l, key, "not a non-empty string");
		return NULL;
	}
	return s;
}

/* An optional string member: 0 with *out NULL when absent or null, -1 on error. */
static int
opt_str(struct load *l, uint32_t o, const char *key, const char **out)
{
	uint32_t v = jget(&l->p, o, key);

	*out = NULL;
	if (v == NONE || (l->p.t[v].type == J_LIT && l->p.s[l->p.t[v].start] == 'n'))
		return 0;
	*out = jstr(&l->d->arena, &l->p, v);
	if (*out == NULL || **out == '\0')
		return fail(l, key, "not a non-empty string");
	return 0;
}

/* An optional non-negative integer member: *out -1 when absent or null. */
static int
opt_long(struct load *l, uint32_t o, const char *key, long *out)
{
	uint32_t v = jget(&l->p, o, key);

	*out = -1;
	if (v == NONE || (l->p.t[v].type == J_LIT && l->p.s[l->p.t[v].start] == 'n'))
		return 0;
	if (jlong(&l->p, v, out) < 0)
		return fail(l, key, "not a non-negative integer");
	return 0;
}

static int
all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

/* An INSEE commune code: 5 characters, digits but "2A"/"2B" for Corsica. */
static int
insee_code_ok(const char *s)
{
	return strlen(s) == 5 && is_digit(s[0]) && (is_digit(s[1]) || s[1] == 'A' || s[1] == 'B') &&
	       is_digit(s[2]) && is_digit(s[3]) && is_digit(s[4]);
}

static struct entry *
new_entry(struct load *l)
{
	ar_collectivites *d = l->d;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 4096;
		d->e = xreallocarray(d->e, d->cap, sizeof *d->e);
	}
	memset(&d->e[d->n], 0, sizeof d->e[d->n]);
	d->e[d->n].parent = NONE;
	d->e[d->n].pub.population = -1;
	return &d->e[d->n++];
}

/* Sets e->key from e->pub.nom; -1 on invalid UTF-8. */
static int
set_key(struct load *l, struct entry *e)
{
	char *k = make_key(e->pub.nom);

	if (k == NULL)
		return fail(l, "nom", "invalid UTF-8");
	e->key = arena_strndup(&l->d->arena, k, strlen(k));
	free(k);
	return 0;
}

/* The département entry of code, or NULL. */
static const struct entry *
find_dep(const ar_collectivites *d, const char *code)
{
	for (size_t i = d->dep_lo; i < d->dep_hi; i++)
		if (strcmp(d->e[i].pub.code, code) == 0)
			return &d->e[i];
	return NULL;
}

static const struct entry *
find_reg(const ar_collectivites *d, const char *code)
{
	for (size_t i = d->reg_lo; i < d->reg_hi; i++)
		if (strcmp(d->e[i].pub.code, code) == 0)
			return &d->e[i];
	return NULL;
}

static int
one_departement(struct load *l, uint32_t o)
{
	struct entry *e = new_entry(l);

	e->pub.kind = AR_KIND_DEPARTEMENT;
	e->pub.type = "departement";
	if ((e->pub.code = req_str(l, o, "code")) == NULL ||
	    (e->pub.nom = req_str(l, o, "nom")) == NULL ||
	    (e->pub.region = req_str(l, o, "region")) == NULL)
		return -1;
	if (strlen(e->pub.code) > 3)
		return fail(l, "code", "\"%s\" is not a département code", e->pub.code);
	e->pub.departement = e->pub.code;
	return set_key(l, e);
}

static int
one_region(struct load *l, uint32_t o)
{
	struct entry *e = new_entry(l);

	e->pub.kind = AR_KIND_REGION;
	e->pub.type = "region";
	if ((e->pub.code = req_str(l, o, "code")) == NULL ||
	    (e->pub.nom = req_str(l, o, "nom")) == NULL)
		return -1;
	e->pub.region = e->pub.code;
	return set_key(l, e);
}

/*
 * Communes: the parent code of a former commune or an arrondissement is
 * kept in alias (a string of the arena) until every commune is read, and
 * anciensCodes in l->anciens, so that a current commune always wins.
 */
static int
one_commune(struct load *l, uint32_t o)
{
	static const char *const types[] = {
		"commune-actuelle", "commune-deleguee", "commune-associee",
		"arrondissement-municipal"
	};
	struct entry *e = new_entry(l);
	const char *type, *parent = NULL;
	uint32_t v;
	size_t t;

	e->pub.kind = AR_KIND_COMMUNE;
	if ((e->pub.code = req_str(l, o, "code")) == NULL ||
	    (e->pub.nom = req_str(l, o, "nom")) == NULL ||
	    (type = req_str(l, o, "type")) == NULL ||
	    (e->pub.departement = req_str(l, o, "departement")) == NULL ||
	    (e->pub.region = req_str(l, o, "region")) == NULL)
		return -1;
	for (t = 0; t < 4 && strcmp(type, types[t]) != 0; t++)
		;
	if (t == 4)
		return fail(l, "type", "unknown type \"%s\"", type);
	e->pub.type = types[t];
	if (!insee_code_ok(e->pub.code))
		return fail(l, "code", "\"%s\" is not an INSEE code", e->pub.code);
	/* Communes come by département: the last one found is tried first. */
	if (l->last_dep == SIZE_MAX ||
	    strcmp(l->d->e[l->last_dep].pub.code, e->pub.departement) != 0) {
		const struct entry *dep = find_dep(l->d, e->pub.departement);

		l->last_dep = dep ? (size_t)(dep - l->d->e) : SIZE_MAX;
	}
	if (l->last_dep == SIZE_MAX)
		return fail(l, "departement", "unknown département \"%s\"", e->pub.departement);
	if (opt_str(l, o, "siren", &e->pub.siren) < 0 || opt_long(l, o, "population", &e->pub.population) < 0)
		return -1;
	if (e->pub.siren != NULL && !all_digits(e->pub.siren, 9))
		return fail(l, "siren", "\"%s\" is not 9 digits", e->pub.siren);
	if (t == 1 || t == 2)
		parent = req_str(l, o, "chefLieu");
	else if (t == 3)
		parent = req_str(l, o, "commune");
	if (t != 0 && parent == NULL)
		return -1;
	e->alias = parent;
	if (t != 0)
		e->pub.siren = NULL;
	v = jget(&l->p, o, "anciensCodes");
	if (v != NONE && t == 0) {
		if (l->p.t[v].type != J_ARR)
			return fail(l, "anciensCodes", "not an array");
		for (uint32_t i = v + 1; i < l->p.t[v].next; i = l->p.t[i].next) {
			const char *a = jstr(&l->d->arena, &l->p, i);

			if (a == NULL || !insee_code_ok(a))
				return fail(l, "anciensCodes", "not an array of INSEE codes");
			if (l->n_anciens == l->cap_anciens) {
				l->cap_anciens = l->cap_anciens ? l->cap_anciens * 2 : 1024;
				l->anciens = xreallocarray(l->anciens, l->cap_anciens, sizeof *l->anciens);
			}
			l->anciens[l->n_anciens++] = (struct ancien){a, (uint32_t)(l->d->n - 1)};
		}
	}
	return set_key(l, e);
}

static int
one_epci(struct load *l, uint32_t o)
{
	ar_collectivites *d = l->d;
	struct entry *e = new_entry(l);
	const struct entry *seat = NULL;
	long seat_pop = -1;
	const char *alias;
	uint32_t v;

	e->pub.kind = AR_KIND_EPCI;
	if ((e->pub.code = req_str(l, o, "code")) == NULL ||
	    (e->pub.nom = req_str(l, o, "nom")) == NULL ||
	    (e->pub.type = req_str(l, o, "type")) == NULL)
		return -1;
	if (!all_digits(e->pub.code, 9))
		return fail(l, "code", "\"%s\" is not a SIREN", e->pub.code);
	e->pub.siren = e->pub.code;
	if (opt_long(l, o, "populationMunicipale", &e->pub.population) < 0)
		return -1;
	v = jget(&l->p, o, "membres");
	if (v == NONE || l->p.t[v].type != J_ARR)
		return fail(l, "membres", "missing or not an array");
	for (uint32_t i = v + 1; i < l->p.t[v].next; i = l->p.t[i].next) {
		uint32_t c, pp;
		char code[8];
		long pop = -1;
		uint32_t node;

		if (l->p.t[i].type != J_OBJ || (c = jget(&l->p, i, "code")) == NONE ||
		    l->p.t[c].type != J_STR || l->p.t[c].end - l->p.t[c].start != 5)
			return fail(l, "membres", "a member without an INSEE code");
		memcpy(code, l->p.s + l->p.t[c].start, 5);
		code[5] = '\0';
		pp = jget(&l->p, i, "populationMunicipale");
		if (pp != NONE && jlong(&l->p, pp, &pop) < 0)
			return fail(l, "membres", "populationMunicipale of %s is not an integer", code);
		for (node = table_get(&d->codes, code); node != NONE; node = d->codes.node[node].next)
			if (d->codes.node[node].how == HOW_DIRECT)
				break;
		if (node != NONE && (seat == NULL || pop > seat_pop)) {
			seat = &d->e[d->codes.node[node].entry];
			seat_pop = pop;
		}
	}
	if (seat != NULL) {
		e->pub.departement = seat->pub.departement;
		e->pub.region = seat->pub.region;
	}
	if (set_key(l, e) < 0)
		return -1;
	alias = strip_prefix(e->key, epci_short);
	e->alias = alias;
	return 0;
}

/* Indexes the communes once all are read: codes, SIRENs, parents, names. */
static int
index_communes(struct load *l)
{
	ar_collectivites *d = l->d;

	for (size_t i = d->com_lo; i < d->com_hi; i++) {
		struct entry *e = &d->e[i];

		if (e->alias == NULL) {
			uint32_t n;

			for (n = table_get(&d->codes, e->pub.code); n != NONE; n = d->codes.node[n].next)
				if (d->codes.node[n].how == HOW_DIRECT) {
					l->elem = i - d->com_lo;
					return fail(l, "code", "\"%s\" appears twice", e->pub.code);
				}
			table_add(&d->codes, e->pub.code, (uint32_t)i, HOW_DIRECT);
			if (e->pub.siren != NULL)
				table_add(&d->codes, e->pub.siren, (uint32_t)i, HOW_DIRECT);
			table_add(&d->names, e->key, (uint32_t)i, HOW_DIRECT);
		}
	}
	for (size_t i = d->com_lo; i < d->com_hi; i++) {
		struct entry *e = &d->e[i];
		enum how how;
		uint32_t n;

		if (e->alias == NULL)
			continue;
		how = e->pub.type[0] == 'a' ? HOW_ARR : HOW_OLD;
		for (n = table_get(&d->codes, e->alias); n != NONE; n = d->codes.node[n].next)
			if (d->codes.node[n].how == HOW_DIRECT)
				break;
		if (n == NONE) {
			l->elem = i - d->com_lo;
			return fail(l, how == HOW_ARR ? "commune" : "chefLieu",
			            "\"%s\" is no current commune", e->alias);
		}
		e->parent = d->codes.node[n].entry;
		e->alias = NULL;
		table_add(&d->codes, e->pub.code, (uint32_t)i, how);
		table_add(&d->names, e->key, (uint32_t)i, how);
	}
	for (size_t i = 0; i < l->n_anciens; i++)
		table_add(&d->codes, l->anciens[i].code, l->anciens[i].entry, HOW_ANCIEN);
	return 0;
}

ar_collectivites *
ar_collectivites_load(const char *dir, char *why, size_t whylen)
{
	ar_collectivites *d = xcalloc(1, sizeof *d);
	struct load l = {d, {0}, NULL, 0, why, whylen, SIZE_MAX, NULL, 0, 0};
	int e;

	if (whylen > 0)
		why[0] = '\0';
	/* Sized for the 2024 data (37,590 communes, 1,255 EPCI); they grow if needed. */
	table_init(&d->codes, 90000);
	table_init(&d->names, 50000);
	d->dep_lo = d->n;
	if (each_element(&l, dir, "departements.json", one_departement) < 0)
		goto fail;
	d->dep_hi = d->reg_lo = d->n;
	if (each_element(&l, dir, "regions.json", one_region) < 0)
		goto fail;
	d->reg_hi = d->com_lo = d->n;
	for (size_t i = d->dep_lo; i < d->dep_hi; i++)
		if (find_reg(d, d->e[i].pub.region) == NULL) {
			free(l.path);
			l.path = xasprintf("%s/%s", dir, "departements.json");
			l.elem = i - d->dep_lo;
			fail(&l, "region", "unknown région \"%s\"", d->e[i].pub.region);
			goto fail;
		}
	if (each_element(&l, dir, "communes.json", one_commune) < 0)
		goto fail;
	d->com_hi = d->n;
	if (d->com_hi == d->com_lo) {
		snprintf(why, whylen, "%s: no commune", l.path);
		errno = EINVAL;
		goto fail;
	}
	if (index_communes(&l) < 0)
		goto fail;
	d->epci_lo = d->n;
	if (each_element(&l, dir, "epci.json", one_epci) < 0)
		goto fail;
	d->epci_hi = d->n;
	for (size_t i = d->epci_lo; i < d->epci_hi; i++) {
		struct entry *en = &d->e[i];

		if (ar_collectivites_by_code(d, en->pub.code) != NULL) {
			l.elem = i - d->epci_lo;
			fail(&l, "code", "\"%s\" appears twice", en->pub.code);
			goto fail;
		}
		table_add(&d->codes, en->pub.code, (uint32_t)i, HOW_DIRECT);
		table_add(&d->names, en->key, (uint32_t)i, HOW_DIRECT);
		if (en->alias != NULL)
			table_add(&d->names, en->alias, (uint32_t)i, HOW_ALIAS);
	}
	/* Entries do not move any more: parents become pointers. */
	for (size_t i = 0; i < d->n; i++)
		if (d->e[i].parent != NONE)
			d->e[i].pub.commune = &d->e[d->e[i].parent].pub;
	free(l.path);
	free(l.p.t);
	free(l.anciens);
	return d;
fail:
	e = errno;
	free(l.path);
	free(l.p.t);
	free(l.anciens);
	ar_collectivites_free(d);
	errno = e;
	return NULL;
}

void
ar_collectivites_free(ar_collectivites *d)
{
	struct block *b, *next;

	if (d == NULL)
		return;
	for (b = d->arena; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(d->e);
	table_free(&d->codes);
	table_free(&d->names);
	free(d);
}

/* ------------------------------------------------------------ lookups */

const ar_collectivite *
ar_collectivites_by_code(const ar_collectivites *d, const char *code)
{
	for (uint32_t n = table_get(&d->codes, code); n != NONE; n = d->codes.node[n].next)
		if (d->codes.node[n].how == HOW_DIRECT)
			return &d->e[d->codes.node[n].entry].pub;
	return NULL;
}

const char *
ar_region_nom(const ar_collectivites *d, const char *code)
{
	const struct entry *e = find_reg(d, code);

	return e ? e->pub.nom : NULL;
}

const char *
ar_departement_nom(const ar_collectivites *d, const char *code)
{
	const struct entry *e = find_dep(d, code);

	return e ? e->pub.nom : NULL;
}

const char *
ar_population_class(long population)
{
	if (population < 0)
		return NULL;
	if (population < 3000)
		return "moins de 3 000";
	if (population < 20000)
		return "3 000 à 20 000";
	if (population < 100000)
		return "20 000 à 100 000";
	return "plus de 100 000";
}

/*
 * The département named by s: a code ("42", "1", "2a", "971") or a folded
 * name key ("loire", "seine saint denis").  NULL when none.
 */
static const struct entry *
dep_from_text(const ar_collectivites *d, const char *s)
{
	char code[4];
	size_t n = strlen(s);

	if (n >= 1 && n <= 3 && all_digits(s, n)) {
		if (n == 1) {
			code[0] = '0';
			code[1] = s[0];
			code[2] = '\0';
		} else
			memcpy(code, s, n + 1);
		return find_dep(d, code);
	}
	if (n == 2 && s[0] == '2' && (s[1] == 'a' || s[1] == 'A' || s[1] == 'b' || s[1] == 'B')) {
		code[0] = '2';
		code[1] = (char)(s[1] & ~0x20);
		code[2] = '\0';
		return find_dep(d, code);
	}
	for (size_t i = d->dep_lo; i < d->dep_hi; i++)
		if (strcmp(d->e[i].key, s) == 0)
			return &d->e[i];
	return NULL;
}

static void
res_found(ar_resolution *res, const struct entry *e, enum how how, const char *old)
{
	switch (how) {
	case HOW_OLD:
	case HOW_ANCIEN:
		res->status = AR_RESOLVE_MERGED;
		res->via = how == HOW_OLD ? &e->pub : NULL;
		res->c = how == HOW_OLD ? e->pub.commune : &e->pub;
		snprintf(res->old_code, sizeof res->old_code, "%s", how == HOW_OLD ? e->pub.code : old);
		break;
	case HOW_ARR:
		res->status = AR_RESOLVE_ARRONDISSEMENT;
		res->via = &e->pub;
		res->c = e->pub.commune;
		break;
	default:
		res->status = AR_RESOLVE_FOUND;
		res->c = &e->pub;
	}
}

/* Resolves a 5-character INSEE code or a 9-digit SIREN. */
static ar_resolve_status
resolve_code(const ar_collectivites *d, const char *code, ar_resolution *res)
{
	uint32_t best = NONE;

	for (uint32_t n = table_get(&d->codes, code); n != NONE; n = d->codes.node[n].next)
		if (best == NONE || d->codes.node[n].how < d->codes.node[best].how)
			best = n;
	if (best == NONE)
		return res->status = AR_RESOLVE_UNKNOWN;
	res_found(res, &d->e[d->codes.node[best].entry], (enum how)d->codes.node[best].how, code);
	return res->status;
}

/* Levenshtein distance of a and b if at most max, else max + 1. */
static size_t
distance(const char *a, size_t la, const char *b, size_t lb, size_t max)
{
	size_t row[2][128];
	size_t *prev = row[0], *cur = row[1];

	if ((la > lb ? la - lb : lb - la) > max)
		return max + 1;
	if (la >= 127 || lb >= 127)
		return max + 1;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t lo;
		size_t *t;

		cur[0] = lo = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t v = prev[j - 1] + (a[i - 1] != b[j - 1]);

			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			cur[j] = v;
			if (v < lo)
				lo = v;
		}
		if (lo > max)
			return max + 1;
		t = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

/* The entry whose key is nearest to key (see ar_resolution.closest), or NULL. */
static const ar_collectivite *
closest(const ar_collectivites *d, const char *key, const char *dep)
{
	size_t lk = strlen(key), max = lk / 4, best_d = (size_t)-1;
	const struct entry *best = NULL;

	if (max > 3)
		max = 3;
	if (max == 0)
		return NULL;
	for (size_t i = d->com_lo; i < d->epci_hi; i++) {
		const struct entry *e = &d->e[i];
		size_t dist;

		if (dep != NULL && (e->pub.departement == NULL || strcmp(e->pub.departement, dep) != 0))
			continue;
		dist = distance(key, lk, e->key, strlen(e->key), max);
		if (dist > max)
			continue;
		if (best == NULL || dist < best_d ||
		    (dist == best_d && (best->parent != NONE) > (e->parent != NONE)) ||
		    (dist == best_d && (best->parent != NONE) == (e->parent != NONE) &&
		     strcmp(e->pub.code, best->pub.code) < 0)) {
			best = e;
			best_d = dist;
		}
	}
	return best ? &best->pub : NULL;
}

/* Matches of a name kept while resolving (more are counted, not kept). */
#define MAX_MATCHES 256

/* A match of a name: the entry, how it matched, the current collectivité it means. */
struct match {
	const struct entry *e;
	enum how how;
	const ar_collectivite *target;
};

static int
match_cmp(const void *a, const void *b)
{
	const struct match *x = a, *y = b;
	int c = strcmp(x->e->pub.code, y->e->pub.code);

	if (c != 0)
		return c;
	return (int)x->how - (int)y->how;
}

/*
 * Collects the entries that key names (restricted to dep when not NULL;
 * only EPCI when epci_only), one per current collectivité, into m (cap
 * entries at most; returns how many there are in all).
 */
static size_t
collect(const ar_collectivites *d, const char *key, const char *dep, int epci_only,
        struct match *m, size_t cap)
{
	size_t n = 0, total = 0;
	int direct = 0;

	for (uint32_t k = table_get(&d->names, key); k != NONE; k = d->names.node[k].next)
		if (d->names.node[k].how != HOW_ALIAS)
			direct = 1;
	for (uint32_t k = table_get(&d->names, key); k != NONE; k = d->names.node[k].next) {
		const struct node *nd = &d->names.node[k];
		const struct entry *e = &d->e[nd->entry];
		const ar_collectivite *target = e->pub.commune ? e->pub.commune : &e->pub;
		size_t j;

		if (direct && nd->how == HOW_ALIAS)
			continue;
		if (epci_only && e->pub.kind != AR_KIND_EPCI)
			continue;
		if (dep != NULL && (e->pub.departement == NULL || strcmp(e->pub.departement, dep) != 0))
			continue;
		for (j = 0; j < n; j++)
			if (m[j].target == target)
				break;
		if (j < n) {
			if (nd->how < m[j].how) {
				m[j].e = e;
				m[j].how = (enum how)nd->how;
			}
			continue;
		}
		total++;
		if (n < cap)
			m[n++] = (struct match){e, (enum how)nd->how, target};
	}
	qsort(m, n, sizeof *m, match_cmp);
	return total;
}

ar_resolve_status
ar_collectivites_resolve(const ar_collectivites *d, const char *ref,
                         const char *departement, ar_resolution *res)
{
	struct match m[MAX_MATCHES];
	const struct entry *dep_in = NULL, *dep_arg = NULL, *dep;
	char digits[16], *work = NULL, *key = NULL;
	const char *lookup;
	size_t nd = 0, len, total;
	int other = 0;

	memset(res, 0, sizeof *res);
	res->status = AR_RESOLVE_UNKNOWN;
	while (*ref == ' ' || *ref == '\t' || *ref == '\n' || *ref == '\r')
		ref++;
	len = strlen(ref);
	while (len > 0 && (ref[len - 1] == ' ' || ref[len - 1] == '\t' ||
	                   ref[len - 1] == '\n' || ref[len - 1] == '\r'))
		len--;
	if (len == 0)
		return res->status;

	/* A code: digits (and spaces), or a Corsican code. */
	for (size_t i = 0; i < len; i++) {
		if (is_digit(ref[i]) && nd < sizeof digits - 1)
			digits[nd++] = ref[i];
		else if (ref[i] != ' ' || nd >= sizeof digits - 1)
			other = 1;
	}
	digits[nd] = '\0';
	if (!other && nd > 0) {
		char code[6];

		if (nd == 9 || nd == 5)
			return resolve_code(d, digits, res);
		if (nd == 4) {
			code[0] = '0';
			memcpy(code + 1, digits, 5);
			return resolve_code(d, code, res);
		}
		if (nd <= 3 && (dep = dep_from_text(d, digits)) != NULL) {
			res->status = AR_RESOLVE_FOUND;
			res->c = &dep->pub;
		}
		return res->status;
	}
	if ((len == 5 || len == 2) && ref[0] == '2' && strchr("aAbB", ref[1]) != NULL &&
	    (len == 2 || (is_digit(ref[2]) && is_digit(ref[3]) && is_digit(ref[4])))) {
		char code[6];

		memcpy(code, ref, len);
		code[1] = (char)(code[1] & ~0x20);
		code[len] = '\0';
		if (len == 5)
			return resolve_code(d, code, res);
		dep = find_dep(d, code);
		if (dep != NULL) {
			res->status = AR_RESOLVE_FOUND;
			res->c = &dep->pub;
		}
		return res->status;
	}

	/* A name: first the département given apart. */
	if (departement != NULL && *departement != '\0') {
		char *k = make_key(departement);

		dep_arg = k ? dep_from_text(d, k) : NULL;
		free(k);
		if (dep_arg == NULL)
			return res->status;
	}
	work = xstrndup(ref, len);
	/* "Name (42)", "Name (Loire)", "Havre (Le)". */
	if (len > 2 && work[len - 1] == ')') {
		char *open = strrchr(work, '(');

		if (open != NULL && open > work) {
			char *inner, *k;

			work[len - 1] = '\0';
			inner = open + 1;
			k = make_key(inner);
			if (k != NULL && (strcmp(k, "le") == 0 || strcmp(k, "la") == 0 ||
			                  strcmp(k, "les") == 0 || strcmp(k, "l") == 0)) {
				char *w;

				*open = '\0';
				w = xasprintf("%s %s", k, work);
				free(work);
				work = w;
			} else if (k != NULL && (dep_in = dep_from_text(d, k)) != NULL)
				*open = '\0';
			else
				work[len - 1] = ')';
			free(k);
		}
	}
	key = make_key(work);
	if (key == NULL || *key == '\0')
		goto out;
	/* "St Etienne 42": a trailing département code. */
	if (dep_in == NULL) {
		char *sp = strrchr(key, ' ');

		size_t w = sp ? strlen(sp + 1) : 0;

		if (w >= 1 && w <= 3 && (all_digits(sp + 1, w) ||
		                         (w == 2 && sp[1] == '2' && (sp[2] == 'a' || sp[2] == 'b'))) &&
		    (dep_in = dep_from_text(d, sp + 1)) != NULL)
			*sp = '\0';
	}
	if (dep_in != NULL && dep_arg != NULL && dep_in != dep_arg)
		goto out;
	dep = dep_in ? dep_in : dep_arg;

	lookup = key;
	total = collect(d, lookup, dep ? dep->pub.code : NULL, 0, m, MAX_MATCHES);
	if (total == 0 && (lookup = strip_prefix(key, epci_long)) != NULL)
		total = collect(d, lookup, dep ? dep->pub.code : NULL, 1, m, MAX_MATCHES);
	if (total == 1) {
		res_found(res, m[0].e, m[0].how, NULL);
		goto out;
	}
	if (total > 1) {
		res->status = AR_RESOLVE_AMBIGUOUS;
		res->n_candidates = total;
		for (size_t i = 0; i < total && i < AR_RESOLVE_MAX_CANDIDATES; i++)
			res->candidates[i] = &m[i].e->pub;
		goto out;
	}

	/* A département or a région by name. */
	{
		const char *rest;
		const struct entry *hit = NULL;

		if ((rest = strip_prefix(key, dep_prefixes)) != NULL)
			hit = dep_from_text(d, rest);
		else if ((rest = strip_prefix(key, reg_prefixes)) != NULL) {
			for (size_t i = d->reg_lo; i < d->reg_hi && hit == NULL; i++)
				if (strcmp(d->e[i].key, rest) == 0)
					hit = &d->e[i];
		} else {
			for (size_t i = d->dep_lo; i < d->reg_hi && hit == NULL; i++)
				if (strcmp(d->e[i].key, key) == 0)
					hit = &d->e[i];
		}
		if (hit != NULL) {
			res->status = AR_RESOLVE_FOUND;
			res->c = &hit->pub;
			goto out;
		}
	}
	res->closest = closest(d, key, dep ? dep->pub.code : NULL);
	if (res->closest == NULL && dep != NULL)
		res->closest = closest(d, key, NULL);
out:
	free(key);
	free(work);
	return res->status;
}

/* ------------------------------------------------------------ messages */

/* snprintf appending at *used into buf of len bytes; *used counts what is needed. */
static void
append(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(*used < len ? buf + *used : NULL, *used < len ? len - *used : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		*used += (size_t)n;
}

size_t
ar_collectivite_label(const ar_collectivite *c, char *buf, size_t len)
{
	size_t used = 0;

	if (len > 0)
		buf[0] = '\0';
	if (c->commune != NULL && strcmp(c->type, "arrondissement-municipal") != 0)
		append(buf, len, &used, "%s (%s, now %s)", c->nom, c->code, c->commune->nom);
	else
		append(buf, len, &used, "%s (%s)", c->nom, c->code);
	return used;
}

size_t
ar_resolution_explain(const ar_resolution *res, char *buf, size_t len)
{
	size_t used = 0;

	if (len > 0)
		buf[0] = '\0';
	switch (res->status) {
	case AR_RESOLVE_FOUND:
		if (res->c->kind == AR_KIND_DEPARTEMENT)
			append(buf, len, &used, "département ");
		else if (res->c->kind == AR_KIND_REGION)
			append(buf, len, &used, "région ");
		append(buf, len, &used, "%s (%s)", res->c->nom, res->c->code);
		break;
	case AR_RESOLVE_MERGED:
		if (res->via != NULL)
			append(buf, len, &used, "%s (%s)", res->via->nom, res->via->code);
		else
			append(buf, len, &used, "former commune %s", res->old_code);
		append(buf, len, &used, ", merged into %s (%s)", res->c->nom, res->c->code);
		break;
	case AR_RESOLVE_ARRONDISSEMENT:
		append(buf, len, &used, "%s (%s), arrondissement of %s (%s)", res->via->nom,
		       res->via->code, res->c->nom, res->c->code);
		break;
	case AR_RESOLVE_AMBIGUOUS:
		append(buf, len, &used, "several collectivités bear this name, give the département: ");
		for (size_t i = 0; i < res->n_candidates && i < AR_RESOLVE_MAX_CANDIDATES; i++) {
			char one[256];

			ar_collectivite_label(res->candidates[i], one, sizeof one);
			append(buf, len, &used, "%s%s", i ? ", " : "", one);
		}
		if (res->n_candidates > AR_RESOLVE_MAX_CANDIDATES)
			append(buf, len, &used, ", and %zu more",
			       res->n_candidates - AR_RESOLVE_MAX_CANDIDATES);
		break;
	case AR_RESOLVE_UNKNOWN:
		append(buf, len, &used, "unknown collectivité");
		if (res->closest != NULL) {
			char one[256];

			ar_collectivite_label(res->closest, one, sizeof one);
			append(buf, len, &used, "; did you mean %s?", one);
		}
		break;
	}
	return used;
}
