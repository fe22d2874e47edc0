/* The template engine: templates are compiled once into a flat node array and
 * rendered by walking it. A section node records where its body ends, so the body is
 * the nodes between it and that index and no close node is needed. Every string the
 * walk needs (text runs, name parts, partial names) lives in one pool per template,
 * NUL-terminated where jansson wants a C string, so rendering allocates nothing but
 * the output it appends. */
#include "base/tmpl.h"

#include "base/mem.h"
#include "base/text.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* How deep sections and partials may nest while rendering (they count together). */
#define TMPL_MAX_DEPTH 32
/* Longest tag, "{{" to "}}" inclusive. */
#define TMPL_MAX_TAG 200
/* Offsets in a template are 32-bit; the pool holds at most twice the source (a name
 * is stored whole and split), so this keeps every offset in range. */
#define TMPL_MAX_SOURCE ((size_t)256 << 20)
/* A render that visits more nodes or writes more than this is runaway data or a
 * runaway template (sections over lists nest multiplicatively): stop it rather than
 * tie up a server thread or exhaust memory. keep's biggest pages list a few thousand
 * rows, well under 100k nodes and 1 MiB; the limits leave room for several times that
 * and cap the worst case at a few tens of milliseconds (a few seconds under the fuzzer's
 * instrumentation, which must stay below its per-input timeout). */
#define TMPL_MAX_STEPS ((size_t)1 << 20)
#define TMPL_MAX_OUTPUT ((size_t)4 << 20)

#define NO_NODE UINT32_MAX

enum node_kind {
	NODE_TEXT,
	NODE_VAR,      /* {{name}}: escaped */
	NODE_RAW,      /* {{{name}}}, {{& name}} */
	NODE_SECTION,  /* {{#name}} */
	NODE_INVERTED, /* {{^name}} */
	NODE_PARTIAL,  /* {{>name}} */
};

struct node {
	uint8_t kind;
	/* Text: the run is pool[off, off + len). Section, partial: pool + off is the whole
	 * name as written, NUL-terminated (for close matching and messages). */
	uint32_t off;
	uint32_t len;
	/* Var, raw, section, inverted: the name's dot-separated parts are the pool strings
	 * at parts[part .. part + nparts); nparts is 0 for "." (the current context). */
	uint32_t part;
	uint32_t nparts;
	/* Section, inverted: the index one past the body. While the section is still open
	 * during compilation it instead links to the enclosing open section. */
	uint32_t end;
	/* Partial: the name's hash, so a render-time lookup does not rehash it. */
	uint32_t hash;
	/* Where the tag starts, for render-time errors. */
	uint32_t line;
	uint32_t col;
};

struct tmpl {
	char *name;
	uint32_t hash;
	struct node *nodes;
	size_t nnodes;
	uint32_t *parts;
	char *pool;
};

/* Open addressing with linear probing; templates are only ever replaced, never
 * removed, so no tombstones are needed. cap is zero or a power of two. */
struct tmpl_set {
	struct tmpl **slots;
	size_t cap;
	size_t count;
};

/* FNV-1a: short names, no adversary (template names come from keep's own code). */
static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

static void tmpl_free(struct tmpl *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->nodes);
	free(t->parts);
	free(t->pool);
	free(t);
}

struct tmpl_set *tmpl_set_new(void)
{
	return xcalloc(1, sizeof(struct tmpl_set));
}

void tmpl_set_free(struct tmpl_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->cap; i++)
		tmpl_free(set->slots[i]);
	free(set->slots);
	free(set);
}

/* The slot holding name, or the empty slot where it would go. set->cap must be
 * non-zero and the table never full (it is grown at half load). */
static size_t set_slot(const struct tmpl_set *set, const char *name, uint32_t hash)
{
	size_t mask = set->cap - 1;
	size_t i = hash & mask;
	while (set->slots[i] && (set->slots[i]->hash != hash || strcmp(set->slots[i]->name, name) != 0))
		i = (i + 1) & mask;
	return i;
}

/* The template called name, or NULL. Reads only, so any number of renders may call
 * it at once. */
static const struct tmpl *set_find(const struct tmpl_set *set, const char *name, uint32_t hash)
{
	if (!set->cap)
		return NULL;
	return set->slots[set_slot(set, name, hash)];
}

/* Takes ownership of t, replacing (and freeing) any template of the same name. */
static void set_insert(struct tmpl_set *set, struct tmpl *t)
{
	if ((set->count + 1) * 2 > set->cap) {
		size_t old_cap = set->cap;
		struct tmpl **old = set->slots;
		set->cap = old_cap ? old_cap * 2 : 16;
		set->slots = xcalloc(set->cap, sizeof *set->slots);
		for (size_t i = 0; i < old_cap; i++)
			if (old[i])
				set->slots[set_slot(set, old[i]->name, old[i]->hash)] = old[i];
		free(old);
	}
	size_t i = set_slot(set, t->name, t->hash);
	if (set->slots[i])
		tmpl_free(set->slots[i]);
	else
		set->count++;
	set->slots[i] = t;
}

/* ---- compiling ---- */

struct compiler {
	struct tmpl *t;
	const char *name;
	const char *src;
	size_t len;
	size_t cap_nodes;
	size_t nparts;
	size_t cap_parts;
	struct buf pool;
	uint32_t open; /* innermost open section, or NO_NODE */
	/* The text node a following run may extend (only comments came between), or
	 * NO_NODE. */
	uint32_t last_text;
	/* A cursor for turning offsets into line:column; offsets are asked for in
	 * increasing order except in error paths, so it normally only moves forward. */
	size_t at;
	uint32_t line;
	uint32_t col;
};

/* Line and column (both from 1; columns count UTF-8 characters, as editors show them)
 * of src[off]. */
static void compiler_where(struct compiler *c, size_t off, uint32_t *line, uint32_t *col)
{
	if (off < c->at) {
		c->at = 0;
		c->line = 1;
		c->col = 1;
	}
	for (; c->at < off; c->at++) {
		unsigned char ch = (unsigned char)c->src[c->at];
		if (ch == '\n') {
			c->line++;
			c->col = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c->col++;
		}
	}
	*line = c->line;
	*col = c->col;
}

/* Fails compilation with "NAME:LINE:COLUMN: " and the formatted rest, pointing at
 * src[off]. Returns -1. */
static int compiler_fail(struct compiler *c, struct kerr *e, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int compiler_fail(struct compiler *c, struct kerr *e, size_t off, const char *fmt, ...)
{
	uint32_t line, col;
	compiler_where(c, off, &line, &col);
	struct buf msg = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	kerr_set(e, KERR_INVALID, "%s:%u:%u: %s", c->name, line, col, buf_str(&msg));
	buf_free(&msg);
	return -1;
}

/* Appends a zeroed node and returns its index (valid until the next call). */
static uint32_t compiler_node(struct compiler *c, enum node_kind kind)
{
	struct tmpl *t = c->t;
	if (t->nnodes == c->cap_nodes) {
		c->cap_nodes = c->cap_nodes ? c->cap_nodes * 2 : 16;
		t->nodes = xrealloc(t->nodes, c->cap_nodes * sizeof *t->nodes);
	}
	struct node *n = &t->nodes[t->nnodes];
	memset(n, 0, sizeof *n);
	n->kind = (uint8_t)kind;
	n->end = NO_NODE;
	return (uint32_t)t->nnodes++;
}

/* Copies s[0..n) into the pool with a terminating NUL; returns its offset. */
static uint32_t compiler_string(struct compiler *c, const char *s, size_t n)
{
	uint32_t off = (uint32_t)c->pool.len;
	buf_put(&c->pool, s, n);
	buf_putc(&c->pool, '\0');
	return off;
}

static void compiler_text(struct compiler *c, size_t from, size_t n)
{
	struct tmpl *t = c->t;
	/* Merging the runs around a comment saves the render loop a node. */
	if (c->last_text != NO_NODE) {
		t->nodes[c->last_text].len += (uint32_t)n;
		buf_put(&c->pool, c->src + from, n);
		return;
	}
	uint32_t i = compiler_node(c, NODE_TEXT);
	t->nodes[i].off = (uint32_t)c->pool.len;
	t->nodes[i].len = (uint32_t)n;
	buf_put(&c->pool, c->src + from, n);
	c->last_text = i;
}

/* Stores the dot-separated parts of name[0..n) (already checked for characters) in the
 * node, so that lookups at render time need no splitting. Fails on an empty part. */
static int compiler_name_parts(struct compiler *c, struct node *nd, size_t name_off, size_t n, struct kerr *e)
{
	const char *name = c->src + name_off;
	nd->part = (uint32_t)c->nparts;
	nd->nparts = 0;
	if (n == 1 && name[0] == '.')
		return 0;
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && name[i] != '.')
			continue;
		if (i == start)
			return compiler_fail(c, e, name_off, "name '%.*s' has an empty part between dots",
			                     (int)n, name);
		if (c->nparts == c->cap_parts) {
			c->cap_parts = c->cap_parts ? c->cap_parts * 2 : 16;
			c->t->parts = xrealloc(c->t->parts, c->cap_parts * sizeof *c->t->parts);
		}
		c->t->parts[c->nparts++] = compiler_string(c, name + start, i - start);
		nd->nparts++;
		start = i + 1;
	}
	return 0;
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static bool is_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || ch == '-' || ch == '.';
}

/* Compiles the tag starting at src[tag] (which is "{{") and sets *next to the offset
 * just past it. Whitespace may surround the name but not precede the sigil, as in
 * mustache.js. */
static int compiler_tag(struct compiler *c, size_t tag, size_t *next, struct kerr *e)
{
	const char *src = c->src;
	size_t cs = tag + 2;
	bool triple = cs < c->len && src[cs] == '{';
	if (triple)
		cs++;
	const char *close = memmem(src + cs, c->len - cs, "}}", 2);
	if (!close)
		return compiler_fail(c, e, tag, "tag opened here is never closed (no '%s' follows)",
		                     triple ? "}}}" : "}}");
	size_t ce = (size_t)(close - src);
	size_t end = ce + 2;
	if (end - tag > TMPL_MAX_TAG)
		return compiler_fail(c, e, tag,
		                     "tag is %zu bytes long, over the limit of %d (is a '}}' missing?)",
		                     end - tag, TMPL_MAX_TAG);
	if (triple) {
		if (end >= c->len || src[end] != '}')
			return compiler_fail(c, e, tag,
			                     "tag opened with '{{{' is closed by '}}' instead of '}}}'");
		end++;
	}
	*next = end;

	char sigil = 0;
	if (!triple && cs < ce) {
		switch (src[cs]) {
		case '!':
			return 0;
		case '#':
		case '^':
		case '/':
		case '>':
		case '&':
			sigil = src[cs++];
			break;
		default:
			break;
		}
	}
	c->last_text = NO_NODE;
	while (cs < ce && is_space(src[cs]))
		cs++;
	while (ce > cs && is_space(src[ce - 1]))
		ce--;
	if (cs == ce)
		return compiler_fail(c, e, tag, "tag has an empty name");
	for (size_t i = cs; i < ce; i++) {
		unsigned char ch = (unsigned char)src[i];
		if (is_name_char((char)ch))
			continue;
		if (ch >= ' ' && ch < 0x7f)
			return compiler_fail(
			    c, e, i,
			    "bad character '%c' in name (names use letters, digits, '_', '-' and '.')", ch);
		return compiler_fail(
		    c, e, i, "bad byte 0x%02x in name (names use letters, digits, '_', '-' and '.')", ch);
	}
	size_t n = ce - cs;
	uint32_t line, col;
	compiler_where(c, tag, &line, &col);

	if (sigil == '/') {
		if (c->open == NO_NODE)
			return compiler_fail(c, e, tag, "'{{/%.*s}}' closes no open section", (int)n,
			                     src + cs);
		struct node *open = &c->t->nodes[c->open];
		const char *open_name = c->pool.p + open->off;
		if (strlen(open_name) != n || memcmp(open_name, src + cs, n) != 0)
			return compiler_fail(c, e, tag,
			                     "'{{/%.*s}}' does not close section '%s' opened at %u:%u",
			                     (int)n, src + cs, open_name, open->line, open->col);
		uint32_t outer = open->end;
		open->end = (uint32_t)c->t->nnodes;
		c->open = outer;
		return 0;
	}

	enum node_kind kind = NODE_VAR;
	if (triple || sigil == '&')
		kind = NODE_RAW;
	else if (sigil == '#')
		kind = NODE_SECTION;
	else if (sigil == '^')
		kind = NODE_INVERTED;
	else if (sigil == '>')
		kind = NODE_PARTIAL;

	uint32_t i = compiler_node(c, kind);
	struct node *nd = &c->t->nodes[i];
	nd->line = line;
	nd->col = col;
	if (kind == NODE_PARTIAL || kind == NODE_SECTION || kind == NODE_INVERTED)
		nd->off = compiler_string(c, src + cs, n);
	if (kind == NODE_PARTIAL) {
		/* Partial names are template names, not paths into the context: no splitting. */
		nd->hash = name_hash(c->pool.p + nd->off);
		return 0;
	}
	if (compiler_name_parts(c, nd, cs, n, e) < 0)
		return -1;
	if (kind == NODE_SECTION || kind == NODE_INVERTED) {
		nd->end = c->open;
		c->open = i;
	}
	return 0;
}

/* Compiles c->src into c->t. On failure c->t is half-built and the caller frees it. */
static int compiler_run(struct compiler *c, struct kerr *e)
{
	size_t p = 0;
	while (p < c->len) {
		const char *open = memmem(c->src + p, c->len - p, "{{", 2);
		size_t tag = open ? (size_t)(open - c->src) : c->len;
		if (tag > p)
			compiler_text(c, p, tag - p);
		if (!open)
			break;
		if (compiler_tag(c, tag, &p, e) < 0)
			return -1;
	}
	if (c->open != NO_NODE) {
		const struct node *open = &c->t->nodes[c->open];
		return kerr_set(e, KERR_INVALID, "%s:%u:%u: section '%s' opened here is never closed",
		                c->name, open->line, open->col, c->pool.p + open->off);
	}
	return 0;
}

/* Compiles src[0..len) and stores it under name, replacing an earlier template of that
 * name; on a syntax error the set is left as it was. The set copies src and name. */
int tmpl_set_add(struct tmpl_set *set, const char *name, const char *src, size_t len, struct kerr *e)
{
	if (!set || !name || (!src && len))
		return kerr_set(e, KERR_USAGE, "tmpl_set_add: set, name and src are required");
	if (len > TMPL_MAX_SOURCE)
		return kerr_set(e, KERR_INVALID, "%s: template is %zu bytes, over the limit of %zu", name,
		                len, TMPL_MAX_SOURCE);
	struct tmpl *t = xcalloc(1, sizeof *t);
	t->name = xstrdup(name);
	t->hash = name_hash(name);
	struct compiler c = {
	    .t = t,
	    .name = name,
	    .src = src ? src : "",
	    .len = len,
	    .open = NO_NODE,
	    .last_text = NO_NODE,
	    .line = 1,
	    .col = 1,
	};
	if (compiler_run(&c, e) < 0) {
		buf_free(&c.pool);
		tmpl_free(t);
		return -1;
	}
	t->pool = buf_steal(&c.pool);
	set_insert(set, t);
	return 0;
}

/* ---- rendering ---- */

struct render {
	const struct tmpl_set *set;
	const char *name; /* of the template asked for, named by the runaway limits */
	struct buf *out;
	size_t out_start;
	size_t steps;
	struct kerr *e;
	/* The context stack: [0] is the caller's context, each entered section pushes one.
	 * Only sections push, and they nest at most TMPL_MAX_DEPTH deep. */
	size_t top;
	json_t *stack[TMPL_MAX_DEPTH + 1];
};

/* The value a node's name refers to, or NULL when missing. The first part is looked up
 * innermost context first; the rest only inside what it found, as Mustache does. */
static json_t *render_lookup(const struct render *r, const struct tmpl *t, const struct node *n)
{
	if (n->nparts == 0)
		return r->stack[r->top - 1];
	const uint32_t *parts = t->parts + n->part;
	const char *first = t->pool + parts[0];
	json_t *v = NULL;
	for (size_t k = r->top; k-- > 0;) {
		if (json_is_object(r->stack[k]) && (v = json_object_get(r->stack[k], first)))
			break;
	}
	for (uint32_t i = 1; v && i < n->nparts; i++)
		v = json_object_get(v, t->pool + parts[i]);
	return v;
}

static bool truthy(const json_t *v)
{
	if (!v)
		return false;
	switch (json_typeof(v)) {
	case JSON_STRING:
		return json_string_length(v) > 0;
	case JSON_INTEGER:
		return json_integer_value(v) != 0;
	case JSON_REAL:
		return json_real_value(v) != 0.0;
	case JSON_TRUE:
		return true;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	case JSON_OBJECT:
		return json_object_size(v) > 0;
	case JSON_FALSE:
	case JSON_NULL:
	default:
		return false;
	}
}

/* Appends v in decimal, exactly as "%" JSON_INTEGER_FORMAT prints it; by hand because
 * vsnprintf cost a page with a hundred numbers in it a sixth of its render time. */
static void render_integer(struct buf *out, json_int_t v)
{
	char tmp[24];
	char *p = tmp + sizeof tmp;
	/* Negating in unsigned arithmetic is defined even for the most negative value. */
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	buf_put(out, p, (size_t)(tmp + sizeof tmp - p));
}

static void render_value(struct buf *out, const json_t *v, bool escape)
{
	if (!v)
		return;
	switch (json_typeof(v)) {
	case JSON_STRING:
		if (escape)
			html_escape(out, json_string_value(v), json_string_length(v));
		else
			buf_put(out, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		render_integer(out, json_integer_value(v));
		break;
	case JSON_REAL:
		buf_printf(out, "%.15g", json_real_value(v));
		break;
	case JSON_TRUE:
		buf_put(out, "true", 4);
		break;
	default:
		break;
	}
}

static int render_nodes(struct render *r, const struct tmpl *t, size_t from, size_t to, int depth);

/* Renders the body of section n (nodes from + 1 .. n->end) with v pushed, or once per
 * element when v is an array. */
static int render_section(struct render *r, const struct tmpl *t, size_t from, json_t *v, int depth)
{
	const struct node *n = &t->nodes[from];
	if (!json_is_array(v)) {
		r->stack[r->top++] = v;
		int rc = render_nodes(r, t, from + 1, n->end, depth);
		r->top--;
		return rc;
	}
	size_t k;
	json_t *el;
	json_array_foreach(v, k, el)
	{
		r->stack[r->top++] = el;
		int rc = render_nodes(r, t, from + 1, n->end, depth);
		r->top--;
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Renders t->nodes[from..to) at nesting depth (sections and partials entered so far).
 * Reads the set and the context only, so it is safe on a shared set. */
static int render_nodes(struct render *r, const struct tmpl *t, size_t from, size_t to, int depth)
{
	size_t i = from;
	while (i < to) {
		const struct node *n = &t->nodes[i];
		if (++r->steps > TMPL_MAX_STEPS)
			return kerr_set(
			    r->e, KERR_INVALID,
			    "%s: rendering stopped after %zu steps (sections over too much data?)", r->name,
			    TMPL_MAX_STEPS);
		switch ((enum node_kind)n->kind) {
		case NODE_TEXT:
			buf_put(r->out, t->pool + n->off, n->len);
			i++;
			break;
		case NODE_VAR:
		case NODE_RAW:
			render_value(r->out, render_lookup(r, t, n), n->kind == NODE_VAR);
			i++;
			break;
		case NODE_SECTION:
		case NODE_INVERTED: {
			json_t *v = render_lookup(r, t, n);
			bool enter = truthy(v) == (n->kind == NODE_SECTION);
			if (enter && n->end > i + 1) {
				if (depth >= TMPL_MAX_DEPTH)
					return kerr_set(r->e, KERR_INVALID,
					                "%s:%u:%u: section nesting deeper than %d", t->name,
					                n->line, n->col, TMPL_MAX_DEPTH);
				int rc = n->kind == NODE_SECTION
				             ? render_section(r, t, i, v, depth + 1)
				             : render_nodes(r, t, i + 1, n->end, depth + 1);
				if (rc < 0)
					return rc;
			}
			i = n->end;
			break;
		}
		case NODE_PARTIAL: {
			const char *pname = t->pool + n->off;
			const struct tmpl *p = set_find(r->set, pname, n->hash);
			if (!p)
				return kerr_set(r->e, KERR_NOTFOUND, "%s:%u:%u: unknown partial '%s'",
				                t->name, n->line, n->col, pname);
			if (depth >= TMPL_MAX_DEPTH)
				return kerr_set(r->e, KERR_INVALID,
				                "%s:%u:%u: partial nesting deeper than %d", t->name, n->line,
				                n->col, TMPL_MAX_DEPTH);
			if (render_nodes(r, p, 0, p->nnodes, depth + 1) < 0)
				return -1;
			i++;
			break;
		}
		}
		if (r->out->len - r->out_start > TMPL_MAX_OUTPUT)
			return kerr_set(r->e, KERR_INVALID, "%s: output is over the limit of %zu MiB",
			                r->name, TMPL_MAX_OUTPUT >> 20);
	}
	return 0;
}

/* Renders template name with ctx (which may be NULL: no names resolve) as the bottom of
 * the context stack, appending to out. Allocates nothing but out's growth. */
int tmpl_render(const struct tmpl_set *set, const char *name, json_t *ctx, struct buf *out, struct kerr *e)
{
	if (!set || !name || !out)
		return kerr_set(e, KERR_USAGE, "tmpl_render: set, name and out are required");
	const struct tmpl *t = set_find(set, name, name_hash(name));
	if (!t)
		return kerr_set(e, KERR_NOTFOUND, "unknown template '%s'", name);
	struct render r = {
	    .set = set,
	    .name = name,
	    .out = out,
	    .out_start = out->len,
	    .e = e,
	    .top = 1,
	};
	r.stack[0] = ctx;
	return render_nodes(&r, t, 0, t->nnodes, 0);
}
