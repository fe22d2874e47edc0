/* The position index of a JSON text (base/jsonpos.h): one pass over the text, a stack
 * of the containers it is in, and a hash table from each value's path to where the
 * value (and, for a member, its key) starts. */
#include "base/jsonpos.h"

#include "base/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* jansson refuses to nest deeper (JSON_PARSER_MAX_DEPTH); so does the scan. */
#define MAX_DEPTH 2048

struct entry {
	size_t off, len;                  /* the path: paths.p[off..off+len) */
	size_t vline, vcol, kline, kcol; /* kline 0: not a member */
};

struct jsonpos {
	struct buf paths;      /* every path, one after another */
	struct entry *entries; /* in the order found */
	size_t n, cap;
	size_t *slots; /* open addressing: entry index + 1, or 0 for an empty slot */
	size_t nslots;
};

static uint64_t hash(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211u;
	return h;
}

/* The slot of path p[0..n): the one holding it, or the empty one where it would go. */
static size_t *slot_of(const struct jsonpos *x, const char *p, size_t n)
{
	size_t i = (size_t)(hash(p, n) & (x->nslots - 1));
	for (;;) {
		size_t *sl = &x->slots[i];
		if (!*sl)
			return sl;
		const struct entry *en = &x->entries[*sl - 1];
		if (en->len == n && memcmp(x->paths.p + en->off, p, n) == 0)
			return sl;
		i = (i + 1) & (x->nslots - 1);
	}
}

static void rehash(struct jsonpos *x)
{
	free(x->slots);
	x->nslots = x->nslots ? x->nslots * 2 : 64;
	x->slots = xcalloc(x->nslots, sizeof *x->slots);
	for (size_t i = 0; i < x->n; i++)
		*slot_of(x, x->paths.p + x->entries[i].off, x->entries[i].len) = i + 1;
}

/* The entry of path p[0..n), made when it is not there. */
static struct entry *entry_of(struct jsonpos *x, const char *p, size_t n)
{
	if ((x->n + 1) * 2 > x->nslots)
		rehash(x);
	size_t *sl = slot_of(x, p, n);
	if (*sl)
		return &x->entries[*sl - 1];
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 64;
		x->entries = xrealloc(x->entries, x->cap * sizeof *x->entries);
	}
	struct entry *en = &x->entries[x->n++];
	*en = (struct entry){.off = x->paths.len, .len = n};
	buf_put(&x->paths, p, n);
	*sl = x->n;
	return en;
}

void jsonpos_path_key(struct buf *path, const char *key, size_t n)
{
	if (path->len)
		buf_putc(path, '.');
	if (n == 0) {
		/* An empty key: "\\e", which no key writes, so that the member "" of the top
		 * object is not named "" like the top value itself. */
		buf_puts(path, "\\e");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char c = key[i];
		if (c == '.' || c == '[' || c == ']' || c == '\\' || c == '\0')
			buf_putc(path, '\\');
		buf_putc(path, c ? c : '0');
	}
}

void jsonpos_path_index(struct buf *path, size_t i)
{
	buf_printf(path, "[%zu]", i);
}

/* ---------------------------------------------------------------- the scan */

struct scan {
	const char *p, *end;
	size_t line, col; /* of *p */
};

static void step(struct scan *s)
{
	unsigned char c = (unsigned char)*s->p++;
	if (c == '\n') {
		s->line++;
		s->col = 1;
	} else if ((c & 0xC0) != 0x80)
		s->col++;
	/* a continuation byte belongs to the character its lead byte counted */
}

static void skip_ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		step(s);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Four hex digits at s->p (consumed), or -1. */
static long hex4(struct scan *s)
{
	long v = 0;
	for (int i = 0; i < 4; i++) {
		if (s->p >= s->end || hexval(*s->p) < 0)
			return -1;
		v = v * 16 + hexval(*s->p);
		step(s);
	}
	return v;
}

static void put_utf8(struct buf *out, unsigned long cp)
{
	if (cp < 0x80)
		buf_putc(out, (char)cp);
	else if (cp < 0x800) {
		buf_putc(out, (char)(0xC0 | (cp >> 6)));
		buf_putc(out, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		buf_putc(out, (char)(0xE0 | (cp >> 12)));
		buf_putc(out, (char)(0x80 | ((cp >> 6) & 0x3F)));
		buf_putc(out, (char)(0x80 | (cp & 0x3F)));
	} else {
		buf_putc(out, (char)(0xF0 | (cp >> 18)));
		buf_putc(out, (char)(0x80 | ((cp >> 12) & 0x3F)));
		buf_putc(out, (char)(0x80 | ((cp >> 6) & 0x3F)));
		buf_putc(out, (char)(0x80 | (cp & 0x3F)));
	}
}

/* A string at s->p (its opening quote), consumed; its decoded text appended to out when
 * out is not NULL. False when it is not a string. */
static bool string(struct scan *s, struct buf *out)
{
	if (s->p >= s->end || *s->p != '"')
		return false;
	step(s);
	while (s->p < s->end) {
		char c = *s->p;
		if (c == '"') {
			step(s);
			return true;
		}
		if ((unsigned char)c < 0x20)
			return false;
		step(s);
		if (c != '\\') {
			if (out)
				buf_putc(out, c);
			continue;
		}
		if (s->p >= s->end)
			return false;
		char esc = *s->p;
		step(s);
		const char *simple = strchr("\"\\/bfnrt", esc);
		if (esc && simple) {
			if (out)
				buf_putc(out, "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"]);
			continue;
		}
		if (esc != 'u')
			return false;
		long cp = hex4(s);
		if (cp < 0)
			return false;
		if (cp >= 0xD800 && cp < 0xDC00) {
			/* a high surrogate: a low one must follow */
			if (s->end - s->p < 2 || s->p[0] != '\\' || s->p[1] != 'u')
				return false;
			step(s);
			step(s);
			long lo = hex4(s);
			if (lo < 0xDC00 || lo >= 0xE000)
				return false;
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		} else if (cp >= 0xDC00 && cp < 0xE000)
			return false;
		if (out)
			put_utf8(out, (unsigned long)cp);
	}
	return false;
}

/* A number, true, false or null at s->p, consumed. */
static bool scalar(struct scan *s)
{
	const char *start = s->p;
	while (s->p < s->end && strchr("+-.0123456789eEtruefalsn", *s->p) && *s->p)
		step(s);
	return s->p > start;
}

struct frame {
	size_t pathlen; /* the container's path length */
	bool array;
	size_t index; /* of the next element */
};

struct jsonpos *jsonpos_index(const char *data, size_t len)
{
	struct jsonpos *x = xcalloc(1, sizeof *x);
	struct scan s = {data, data + len, 1, 1};
	struct frame *stack = xcalloc(MAX_DEPTH, sizeof *stack);
	size_t depth = 0;
	struct buf path = {0}, key = {0};
	size_t kline = 0, kcol = 0;
	/* a UTF-8 byte-order mark before the text counts as no character */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		s.p += 3;
	for (;;) {
		/* A value at path (kline: its key's place, when a member). */
		skip_ws(&s);
		if (s.p >= s.end)
			break;
		struct entry *en = entry_of(x, buf_str(&path), path.len);
		en->vline = s.line;
		en->vcol = s.col;
		en->kline = kline;
		en->kcol = kcol;
		kline = kcol = 0;
		char c = *s.p;
		bool opened = false;
		if (c == '{' || c == '[') {
			if (depth == MAX_DEPTH)
				break;
			stack[depth++] = (struct frame){path.len, c == '[', 0};
			step(&s);
			skip_ws(&s);
			opened = true;
			if (s.p < s.end && *s.p == (c == '{' ? '}' : ']')) {
				step(&s);
				depth--;
				opened = false;
			}
		} else if (c == '"') {
			if (!string(&s, NULL))
				break;
		} else if (!scalar(&s))
			break;

		/* What comes next: the first member or element of a container just opened, or
		 * after a value a comma or the end of containers. */
		bool next = opened;
		while (!next) {
			if (depth == 0)
				goto done; /* the top value is whole */
			skip_ws(&s);
			if (s.p >= s.end)
				goto done;
			struct frame *f = &stack[depth - 1];
			if (*s.p == ',') {
				step(&s);
				f->index++;
				next = true;
			} else if (*s.p == (f->array ? ']' : '}')) {
				step(&s);
				depth--;
			} else
				goto done;
		}
		struct frame *f = &stack[depth - 1];
		path.len = f->pathlen;
		if (path.p)
			path.p[path.len] = '\0';
		if (f->array) {
			jsonpos_path_index(&path, f->index);
			continue;
		}
		skip_ws(&s);
		kline = s.line;
		kcol = s.col;
		buf_reset(&key);
		if (!string(&s, &key))
			break;
		jsonpos_path_key(&path, buf_str(&key), key.len);
		skip_ws(&s);
		if (s.p >= s.end || *s.p != ':')
			break;
		step(&s);
	}
done:
	free(stack);
	buf_free(&path);
	buf_free(&key);
	return x;
}

struct jsonpos *jsonpos_new(void)
{
	return xcalloc(1, sizeof(struct jsonpos));
}

void jsonpos_set(struct jsonpos *x, const char *path, size_t line, size_t column)
{
	struct entry *en = entry_of(x, path, strlen(path));
	en->vline = en->kline = line;
	en->vcol = en->kcol = column;
}

void jsonpos_free(struct jsonpos *x)
{
	if (!x)
		return;
	buf_free(&x->paths);
	free(x->entries);
	free(x->slots);
	free(x);
}

static const struct entry *find(const struct jsonpos *x, const char *path)
{
	if (!x->nslots)
		return NULL;
	size_t *sl = slot_of(x, path, strlen(path));
	return *sl ? &x->entries[*sl - 1] : NULL;
}

bool jsonpos_value(const struct jsonpos *x, const char *path, size_t *line, size_t *column)
{
	const struct entry *en = find(x, path);
	if (!en)
		return false;
	*line = en->vline;
	*column = en->vcol;
	return true;
}

bool jsonpos_key(const struct jsonpos *x, const char *path, size_t *line, size_t *column)
{
	const struct entry *en = find(x, path);
	if (!en || !en->kline)
		return false;
	*line = en->kline;
	*column = en->kcol;
	return true;
}

size_t jsonpos_count(const struct jsonpos *x)
{
	return x->n;
}
