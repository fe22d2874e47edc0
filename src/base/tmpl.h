/* keep's template engine: a small Mustache subset that HTML-escapes by default.
 *
 * Tags:
 *   {{name}}        the value at name, HTML-escaped (html_escape)
 *   {{{name}}}      the value, unescaped; {{& name}} is the same
 *   {{#name}}..{{/name}}  a section: once per element of an array, once with an object
 *                   pushed as the context, once for any other truthy value
 *   {{^name}}..{{/name}}  an inverted section: rendered when name is missing, null,
 *                   false, "", 0 or an empty array/object
 *   {{>partial}}    another template of the same set, rendered in the current context
 *   {{! comment}}   nothing
 *   {{.}}           the current context itself
 * Names are looked up through the context stack, innermost first; dotted names
 * (a.b.c) resolve the first part through the stack and the rest inside it.
 * Values: strings print as they are, integers and reals in decimal, true as "true";
 * null, false and missing print nothing; arrays and objects print nothing.
 *
 * The context is a jansson value tree; the engine never changes it. */
#ifndef KEEP_BASE_TMPL_H
#define KEEP_BASE_TMPL_H
#include <jansson.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/kerr.h"

struct tmpl_set;

/* A new empty set of templates. Free with tmpl_set_free. */
struct tmpl_set *tmpl_set_new(void);
void tmpl_set_free(struct tmpl_set *set);

/* Compiles src[0..len) under name (the set copies what it needs). A syntax error
 * (unclosed tag, section closed by the wrong name or by nothing, unclosed section, empty
 * name, a name not made of [A-Za-z0-9_.-] or "a..b", tag over 200 bytes) fails with
 * "NAME:LINE:COLUMN: what is wrong" and leaves the set as it was. Adding a name twice
 * replaces the earlier template. Not safe while another thread renders from the set. */
int tmpl_set_add(struct tmpl_set *set, const char *name, const char *src, size_t len, struct kerr *e);

/* Renders template name with ctx, appending to out. Fails on an unknown template or
 * partial, sections and partials nested deeper than 32 (together), or a runaway render
 * (over 2^20 tags and text runs visited, or over 4 MiB appended). On failure out may
 * hold partial output; the caller discards it. Safe to call from many threads at once
 * on one set. */
int tmpl_render(const struct tmpl_set *set, const char *name, json_t *ctx, struct buf *out, struct kerr *e);

#endif
