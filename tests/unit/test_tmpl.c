/* Unit tests for the template engine (src/base/tmpl.c). Every test states the exact
 * output or the exact error message, so a change in either is a deliberate one. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/kerr.h"
#include "base/tmpl.h"

struct fixture {
	struct tmpl_set *set;
	struct buf out;
	struct kerr e;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	f->set = tmpl_set_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	tmpl_set_free(f->set);
	buf_free(&f->out);
	free(f);
	return 0;
}

/* Parses json (any JSON value); a NULL json gives a NULL context. */
static json_t *ctx_parse(const char *json)
{
	if (!json)
		return NULL;
	json_error_t err;
	json_t *v = json_loads(json, JSON_DECODE_ANY, &err);
	if (!v)
		fail_msg("bad test JSON: %s: %s", err.text, json);
	return v;
}

static void add(struct fixture *f, const char *name, const char *src)
{
	kerr_clear(&f->e);
	int rc = tmpl_set_add(f->set, name, src, strlen(src), &f->e);
	if (rc != 0)
		fail_msg("compiling %s failed: %s", name, f->e.msg);
}

/* Renders template name with json into f->out (reset first); returns tmpl_render's
 * result. */
static int render(struct fixture *f, const char *name, const char *json)
{
	json_t *ctx = ctx_parse(json);
	buf_reset(&f->out);
	kerr_clear(&f->e);
	int rc = tmpl_render(f->set, name, ctx, &f->out, &f->e);
	json_decref(ctx);
	return rc;
}

static void check_render(struct fixture *f, const char *name, const char *json, const char *want)
{
	if (render(f, name, json) != 0)
		fail_msg("rendering %s failed: %s", name, f->e.msg);
	assert_string_equal(buf_str(&f->out), want);
}

/* Compiles src as template "t" and renders it with json. */
static void check(struct fixture *f, const char *src, const char *json, const char *want)
{
	add(f, "t", src);
	check_render(f, "t", json, want);
}

static void check_compile_error(struct fixture *f, const char *name, const char *src, const char *want)
{
	kerr_clear(&f->e);
	assert_int_equal(tmpl_set_add(f->set, name, src, strlen(src), &f->e), -1);
	assert_int_equal(f->e.code, KERR_INVALID);
	assert_string_equal(f->e.msg, want);
}

static void check_render_error(struct fixture *f, const char *name, const char *json, enum kerr_code code,
                               const char *want)
{
	assert_int_equal(render(f, name, json), -1);
	assert_int_equal(f->e.code, code);
	assert_string_equal(f->e.msg, want);
}

/* ---- values and escaping ---- */

static void test_escape_var(void **state)
{
	check(*state, "<p>{{x}}</p>", "{\"x\": \"a & b < c > d \\\" e ' f\"}",
	      "<p>a &amp; b &lt; c &gt; d &quot; e &#39; f</p>");
}

static void test_raw_triple(void **state)
{
	check(*state, "<p>{{{x}}}</p>", "{\"x\": \"<b>&\\\"'</b>\"}", "<p><b>&\"'</b></p>");
}

static void test_raw_ampersand(void **state)
{
	check(*state, "<p>{{&x}}|{{& x }}</p>", "{\"x\": \"<b>&\\\"'</b>\"}",
	      "<p><b>&\"'</b>|<b>&\"'</b></p>");
}

static void test_numbers(void **state)
{
	check(*state, "{{i}} {{neg}} {{big}} {{r}} {{tiny}} {{e}} {{zero}} {{rz}} {{third}}",
	      "{\"i\": 42, \"neg\": -7, \"big\": 9007199254740993, \"r\": 1.5, \"tiny\": 0.1, \"e\": 1e300,"
	      " \"zero\": 0, \"rz\": 0.0, \"third\": 0.3333333333333333}",
	      "42 -7 9007199254740993 1.5 0.1 1e+300 0 0 0.333333333333333");
}

static void test_integer_extremes(void **state)
{
	struct fixture *f = *state;
	add(f, "t", "{{min}} {{max}} {{m1}} {{p1}} {{ten}}");
	json_t *ctx =
	    json_pack("{s:I, s:I, s:I, s:I, s:I}", "min", (json_int_t)INT64_MIN, "max", (json_int_t)INT64_MAX,
	              "m1", (json_int_t)-1, "p1", (json_int_t)1, "ten", (json_int_t)10);
	assert_non_null(ctx);
	buf_reset(&f->out);
	assert_int_equal(tmpl_render(f->set, "t", ctx, &f->out, &f->e), 0);
	assert_string_equal(buf_str(&f->out), "-9223372036854775808 9223372036854775807 -1 1 10");
	json_decref(ctx);
}

static void test_booleans_null_containers(void **state)
{
	check(*state, "[{{t}}|{{f}}|{{n}}|{{a}}|{{o}}|{{missing}}|{{{t}}}]",
	      "{\"t\": true, \"f\": false, \"n\": null, \"a\": [1, 2], \"o\": {\"k\": 1}}",
	      "[true||||||true]");
}

static void test_plain_text(void **state)
{
	check(*state, "a } b }} c { d {x} <&>", "{}", "a } b }} c { d {x} <&>");
	check(*state, "", "{}", "");
}

static void test_whitespace_in_tags(void **state)
{
	struct fixture *f = *state;
	add(f, "p", "<{{ x }}>");
	check(f, "{{ x }}|{{# s }}{{ . }}{{/ s }}|{{^ no }}n{{/ no }}|{{{ x }}}|{{& x }}|{{> p }}|{{\tx\n}}",
	      "{\"x\": \"&\", \"s\": \"S\"}", "&amp;|S|n|&|&|<&amp;>|&amp;");
}

static void test_null_context(void **state)
{
	check(*state, "[{{x}}{{.}}{{#x}}y{{/x}}{{^x}}z{{/x}}]", NULL, "[z]");
}

static void test_render_appends(void **state)
{
	struct fixture *f = *state;
	add(f, "t", "world");
	buf_reset(&f->out);
	buf_puts(&f->out, "hello ");
	assert_int_equal(tmpl_render(f->set, "t", NULL, &f->out, &f->e), 0);
	assert_string_equal(buf_str(&f->out), "hello world");
}

/* ---- sections ---- */

static void test_section_array(void **state)
{
	check(*state, "<ul>{{#items}}<li>{{name}}</li>{{/items}}</ul>",
	      "{\"items\": [{\"name\": \"a\"}, {\"name\": \"<b>\"}, {\"name\": \"c\"}]}",
	      "<ul><li>a</li><li>&lt;b&gt;</li><li>c</li></ul>");
}

static void test_section_array_of_mixed(void **state)
{
	check(*state, "{{#l}}{{.}},{{/l}}", "{\"l\": [1, \"a\", true, null, {\"x\": 1}, 2.5, false]}",
	      "1,a,true,,,2.5,,");
}

static void test_section_nested_arrays(void **state)
{
	check(*state, "{{#rows}}{{#.}}{{.}}{{/.}};{{/rows}}", "{\"rows\": [[1, 2], [3], []]}", "12;3;;");
}

static void test_section_object(void **state)
{
	check(*state, "{{#user}}{{name}} ({{id}}){{/user}}", "{\"user\": {\"name\": \"Ann\", \"id\": 7}}",
	      "Ann (7)");
}

static void test_section_truthy_scalars(void **state)
{
	struct fixture *f = *state;
	add(f, "t", "{{#v}}[{{.}}]{{/v}}");
	check_render(f, "t", "{\"v\": true}", "[true]");
	check_render(f, "t", "{\"v\": \"hi <b>\"}", "[hi &lt;b&gt;]");
	check_render(f, "t", "{\"v\": \"0\"}", "[0]");
	check_render(f, "t", "{\"v\": \" \"}", "[ ]");
	check_render(f, "t", "{\"v\": 5}", "[5]");
	check_render(f, "t", "{\"v\": -1}", "[-1]");
	check_render(f, "t", "{\"v\": 0.5}", "[0.5]");
}

static void test_section_scalar_keeps_outer_names(void **state)
{
	check(*state, "{{#flag}}{{title}}{{/flag}}", "{\"flag\": true, \"title\": \"T\"}", "T");
}

static void test_section_and_inverted_on_falsy(void **state)
{
	struct fixture *f = *state;
	add(f, "t", "{{#v}}yes{{/v}}{{^v}}no{{/v}}");
	check_render(f, "t", "{}", "no");
	check_render(f, "t", "{\"v\": null}", "no");
	check_render(f, "t", "{\"v\": false}", "no");
	check_render(f, "t", "{\"v\": \"\"}", "no");
	check_render(f, "t", "{\"v\": 0}", "no");
	check_render(f, "t", "{\"v\": 0.0}", "no");
	check_render(f, "t", "{\"v\": -0.0}", "no");
	check_render(f, "t", "{\"v\": []}", "no");
	check_render(f, "t", "{\"v\": {}}", "no");
}

static void test_inverted_on_truthy(void **state)
{
	struct fixture *f = *state;
	add(f, "t", "{{^v}}no{{/v}}");
	check_render(f, "t", "{\"v\": true}", "");
	check_render(f, "t", "{\"v\": \"x\"}", "");
	check_render(f, "t", "{\"v\": 1}", "");
	check_render(f, "t", "{\"v\": 0.1}", "");
	check_render(f, "t", "{\"v\": [0]}", "");
	check_render(f, "t", "{\"v\": {\"a\": null}}", "");
}

static void test_inverted_keeps_context(void **state)
{
	check(*state, "{{#items}}{{name}}{{^last}}, {{/last}}{{/items}}",
	      "{\"items\": [{\"name\": \"a\"}, {\"name\": \"b\"}, {\"name\": \"c\", \"last\": true}]}",
	      "a, b, c");
}

static void test_dot_in_list_of_strings(void **state)
{
	check(*state, "{{#tags}}<i>{{.}}</i>{{/tags}}", "{\"tags\": [\"x\", \"<y>\", \"z&\"]}",
	      "<i>x</i><i>&lt;y&gt;</i><i>z&amp;</i>");
}

static void test_dot_root(void **state)
{
	check(*state, "{{.}}|{{#.}}{{.}}{{/.}}", "\"<s>\"", "&lt;s&gt;|&lt;s&gt;");
}

static void test_empty_section_body(void **state)
{
	check(*state, "a{{#l}}{{/l}}b{{^l}}{{/l}}c", "{\"l\": [1, 2, 3]}", "abc");
}

/* ---- names ---- */

static void test_dotted_names(void **state)
{
	check(*state, "{{a.b.c}}|{{a.b.x}}|{{a.x.c}}|{{a.s.c}}|{{#a.b}}{{c}}{{/a.b}}|{{^a.x}}none{{/a.x}}",
	      "{\"a\": {\"b\": {\"c\": \"<deep>\"}, \"s\": \"str\"}}", "&lt;deep&gt;||||&lt;deep&gt;|none");
}

static void test_dotted_first_part_through_stack(void **state)
{
	check(*state, "{{#items}}{{site.name}}:{{n}} {{/items}}",
	      "{\"site\": {\"name\": \"S\"}, \"items\": [{\"n\": 1}, {\"n\": 2}]}", "S:1 S:2 ");
}

static void test_dotted_rest_does_not_fall_back(void **state)
{
	/* a.b is found in the inner a, which has no c: the outer a.b.c is not consulted. */
	check(*state, "{{#inner}}[{{a.b.c}}]{{/inner}}",
	      "{\"a\": {\"b\": {\"c\": \"outer\"}}, \"inner\": {\"a\": {\"b\": {}}}}", "[]");
}

static void test_lookup_falls_back_to_outer(void **state)
{
	check(
	    *state, "{{#items}}{{name}}@{{site}}{{#tags}}/{{.}}-{{name}}{{/tags}};{{/items}}",
	    "{\"site\": \"S\", \"name\": \"root\", \"items\": [{\"name\": \"a\", \"tags\": [\"t1\", \"t2\"]},"
	    " {\"name\": \"b\"}]}",
	    "a@S/t1-a/t2-a;b@S;");
}

static void test_lookup_stops_at_null(void **state)
{
	/* A name present but null in an inner context hides the outer one. */
	check(*state, "{{#a}}[{{b}}]{{/a}}", "{\"b\": \"outer\", \"a\": {\"b\": null}}", "[]");
}

static void test_name_characters(void **state)
{
	check(*state, "{{a-b}} {{a_b}} {{A9}} {{x.y-z_1}}",
	      "{\"a-b\": 1, \"a_b\": 2, \"A9\": 3, \"x\": {\"y-z_1\": 4}}", "1 2 3 4");
}

/* ---- partials and comments ---- */

static void test_partial(void **state)
{
	struct fixture *f = *state;
	add(f, "item", "<li>{{name}}</li>");
	check(f, "<ul>{{#items}}{{>item}}{{/items}}</ul>{{>item}}",
	      "{\"name\": \"top\", \"items\": [{\"name\": \"a\"}, {\"name\": \"<b>\"}]}",
	      "<ul><li>a</li><li>&lt;b&gt;</li></ul><li>top</li>");
}

static void test_partial_added_after_user(void **state)
{
	struct fixture *f = *state;
	add(f, "page", "[{{>later.part}}]");
	add(f, "later.part", "{{x}}");
	check_render(f, "page", "{\"x\": \"<1>\"}", "[&lt;1&gt;]");
	add(f, "later.part", "{{{x}}}!");
	check_render(f, "page", "{\"x\": \"<1>\"}", "[<1>!]");
}

static void test_partial_recursion_bounded_by_data(void **state)
{
	struct fixture *f = *state;
	add(f, "tree", "{{name}}{{#kids}}({{>tree}}){{/kids}}");
	check_render(
	    f, "tree",
	    "{\"name\": \"r\", \"kids\": [{\"name\": \"a\", \"kids\": [{\"name\": \"b\", \"kids\": []}]},"
	    " {\"name\": \"c\", \"kids\": false}]}",
	    "r(a(b))(c)");
}

static void test_comments(void **state)
{
	check(*state, "a{{! <b>ignored</b> {x} }}b{{!}}c{{!\nmulti\nline }}d{{! one } brace }}e",
	      "{\"x\": 1}", "abcde");
}

static void test_replace_template(void **state)
{
	struct fixture *f = *state;
	add(f, "t", "one");
	add(f, "t", "two");
	check_render(f, "t", "{}", "two");
	/* A failed compile leaves the earlier template in place. */
	check_compile_error(f, "t", "{{", "t:1:1: tag opened here is never closed (no '}}' follows)");
	check_render(f, "t", "{}", "two");
}

static void test_many_templates(void **state)
{
	struct fixture *f = *state;
	char name[32], src[64], want[64];
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof name, "t%d", i);
		snprintf(src, sizeof src, "%d:{{x}}", i);
		add(f, name, src);
	}
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof name, "t%d", i);
		snprintf(want, sizeof want, "%d:y", i);
		check_render(f, name, "{\"x\": \"y\"}", want);
	}
}

/* ---- compile errors ---- */

static void test_error_unclosed_tag(void **state)
{
	struct fixture *f = *state;
	check_compile_error(f, "page", "Hello {{name",
	                    "page:1:7: tag opened here is never closed (no '}}' follows)");
	check_compile_error(f, "page", "a\nb {{{name",
	                    "page:2:3: tag opened here is never closed (no '}}}' follows)");
	check_compile_error(f, "page", "{{{name}} x",
	                    "page:1:1: tag opened with '{{{' is closed by '}}' instead of '}}}'");
	check_compile_error(f, "page", "x {{{name}}",
	                    "page:1:3: tag opened with '{{{' is closed by '}}' instead of '}}}'");
}

static void test_error_mismatched_close(void **state)
{
	check_compile_error(*state, "layout", "<ul>\n  {{#items}}\n  {{#x}}{{/x}}\n  {{/itemz}}\n</ul>",
	                    "layout:4:3: '{{/itemz}}' does not close section 'items' opened at 2:3");
}

static void test_error_unclosed_section(void **state)
{
	struct fixture *f = *state;
	check_compile_error(f, "layout", "<ul>\n\n\n\n\n\n\n\n\n\n\n    {{#items}}<li>{{.}}</li>\n</ul>",
	                    "layout:12:5: section 'items' opened here is never closed");
	/* The innermost open section is the one reported. */
	check_compile_error(f, "t", "{{#a}}{{^b}}", "t:1:7: section 'b' opened here is never closed");
}

static void test_error_stray_close(void **state)
{
	struct fixture *f = *state;
	check_compile_error(f, "t", "x{{/a}}", "t:1:2: '{{/a}}' closes no open section");
	check_compile_error(f, "t", "{{#a}}{{/a}}{{/a}}", "t:1:13: '{{/a}}' closes no open section");
}

static void test_error_empty_name(void **state)
{
	struct fixture *f = *state;
	check_compile_error(f, "t", "a {{}} b", "t:1:3: tag has an empty name");
	check_compile_error(f, "t", "a {{  }} b", "t:1:3: tag has an empty name");
	check_compile_error(f, "t", "{{#}}{{/}}", "t:1:1: tag has an empty name");
	check_compile_error(f, "t", "{{{ }}}", "t:1:1: tag has an empty name");
	check_compile_error(f, "t", "{{& }}", "t:1:1: tag has an empty name");
	check_compile_error(f, "t", "{{>}}", "t:1:1: tag has an empty name");
}

static void test_error_bad_character(void **state)
{
	struct fixture *f = *state;
	check_compile_error(f, "t", "{{na me}}",
	                    "t:1:5: bad character ' ' in name (names use letters, digits, '_', '-' and '.')");
	check_compile_error(f, "t", "a\nb\n  {{x!}}",
	                    "t:3:6: bad character '!' in name (names use letters, digits, '_', '-' and '.')");
	/* Columns count characters: "é" is one. */
	check_compile_error(f, "t", "\xc3\xa9 {{a$}}",
	                    "t:1:6: bad character '$' in name (names use letters, digits, '_', '-' and '.')");
	check_compile_error(f, "t", "{{a\xc3\xa9}}",
	                    "t:1:4: bad byte 0xc3 in name (names use letters, digits, '_', '-' and '.')");
	/* No whitespace between "{{" and the sigil, and no set-delimiter tags. */
	check_compile_error(f, "t", "{{ #a}}{{/a}}",
	                    "t:1:4: bad character '#' in name (names use letters, digits, '_', '-' and '.')");
	check_compile_error(f, "t", "{{=<% %>=}}",
	                    "t:1:3: bad character '=' in name (names use letters, digits, '_', '-' and '.')");
	check_compile_error(f, "t", "{{{&x}}}",
	                    "t:1:4: bad character '&' in name (names use letters, digits, '_', '-' and '.')");
}

static void test_error_empty_name_part(void **state)
{
	struct fixture *f = *state;
	check_compile_error(f, "t", "{{a..b}}", "t:1:3: name 'a..b' has an empty part between dots");
	check_compile_error(f, "t", "{{#.a}}{{/.a}}", "t:1:4: name '.a' has an empty part between dots");
	check_compile_error(f, "t", "{{ a. }}", "t:1:4: name 'a.' has an empty part between dots");
}

static void test_error_overlong_tag(void **state)
{
	struct fixture *f = *state;
	char src[300];
	/* 200 bytes, "{{" to "}}" inclusive, is the most a tag may have. */
	memset(src, 'a', sizeof src);
	memcpy(src, "{{", 2);
	memcpy(src + 198, "}}", 3);
	add(f, "t", src);
	check_render(f, "t", "{}", "");
	memset(src, 'a', sizeof src);
	memcpy(src, "x\n{{", 4);
	memcpy(src + 201, "}}", 3);
	check_compile_error(f, "t", src,
	                    "t:2:1: tag is 201 bytes long, over the limit of 200 (is a '}}' missing?)");
	/* Comments are tags too. */
	memset(src, ' ', sizeof src);
	memcpy(src, "{{!", 3);
	memcpy(src + 250, "}}", 3);
	check_compile_error(f, "t", src,
	                    "t:1:1: tag is 252 bytes long, over the limit of 200 (is a '}}' missing?)");
}

/* ---- render errors ---- */

static void test_unknown_template(void **state)
{
	check_render_error(*state, "nope", "{}", KERR_NOTFOUND, "unknown template 'nope'");
}

static void test_unknown_partial(void **state)
{
	struct fixture *f = *state;
	add(f, "page", "line\nab {{>missing}}");
	check_render_error(f, "page", "{}", KERR_NOTFOUND, "page:2:4: unknown partial 'missing'");
	/* Only a partial actually reached is looked up. */
	add(f, "guarded", "{{#no}}{{>missing}}{{/no}}ok");
	check_render(f, "guarded", "{}", "ok");
}

static void test_partial_recursion_limit(void **state)
{
	struct fixture *f = *state;
	add(f, "self", "x{{>self}}");
	check_render_error(f, "self", "{}", KERR_INVALID, "self:1:2: partial nesting deeper than 32");
	add(f, "a", "{{>b}}");
	add(f, "b", "{{#l}}{{>a}}{{/l}}");
	check_render_error(f, "a", "{\"l\": [1]}", KERR_INVALID, "b:1:7: partial nesting deeper than 32");
}

/* A chain of n nested "{{#a}}" sections around "x". */
static char *nested_sections(int n)
{
	struct buf b = {0};
	for (int i = 0; i < n; i++)
		buf_puts(&b, "{{#a}}");
	buf_puts(&b, "x");
	for (int i = 0; i < n; i++)
		buf_puts(&b, "{{/a}}");
	return buf_steal(&b);
}

static void test_section_nesting_limit(void **state)
{
	struct fixture *f = *state;
	char *ok = nested_sections(32);
	add(f, "t", ok);
	check_render(f, "t", "{\"a\": true}", "x");
	char *deep = nested_sections(33);
	add(f, "t", deep);
	check_render_error(f, "t", "{\"a\": true}", KERR_INVALID, "t:1:193: section nesting deeper than 32");
	/* Never entered, so never too deep. */
	check_render(f, "t", "{\"a\": false}", "");
	free(ok);
	free(deep);
}

/* JSON whose root starts a chain of m objects with a truthy "n", the last one false. */
static void n_chain(struct buf *json, int m)
{
	buf_reset(json);
	for (int i = 0; i <= m; i++)
		buf_puts(json, "{\"n\": ");
	buf_puts(json, "false");
	for (int i = 0; i <= m; i++)
		buf_putc(json, '}');
}

static void test_nesting_counts_partials_and_sections(void **state)
{
	struct fixture *f = *state;
	/* Each level of p opens a section then a partial: m levels reach depth 2m + 1. */
	add(f, "t", "{{>p}}");
	add(f, "p", "[{{#n}}{{>p}}{{/n}}]");
	struct buf json = {0}, want = {0};
	n_chain(&json, 15);
	for (int i = 0; i < 16; i++)
		buf_putc(&want, '[');
	for (int i = 0; i < 16; i++)
		buf_putc(&want, ']');
	check_render(f, "t", buf_str(&json), buf_str(&want));
	/* Level 16 enters its section at depth 32, the most allowed, and its partial fails. */
	n_chain(&json, 16);
	check_render_error(f, "t", buf_str(&json), KERR_INVALID, "p:1:8: partial nesting deeper than 32");
	buf_free(&json);
	buf_free(&want);
}

static void test_output_limit(void **state)
{
	struct fixture *f = *state;
	struct buf src = {0};
	buf_puts(&src, "{{#l}}");
	for (int i = 0; i < 1 << 17; i++)
		buf_putc(&src, 'x');
	buf_puts(&src, "{{/l}}");
	add(f, "big", buf_str(&src));
	buf_free(&src);
	struct buf json = {0};
	buf_puts(&json, "{\"l\": [0");
	for (int i = 0; i < 1000; i++)
		buf_puts(&json, ",1");
	buf_puts(&json, "]}");
	check_render_error(f, "big", buf_str(&json), KERR_INVALID, "big: output is over the limit of 4 MiB");
	/* The limit is the whole render's, so the message names the template asked for. */
	add(f, "page", "{{>big}}");
	check_render_error(f, "page", buf_str(&json), KERR_INVALID,
	                   "page: output is over the limit of 4 MiB");
	buf_free(&json);
}

static void test_step_limit(void **state)
{
	struct fixture *f = *state;
	add(f, "t", "{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}.{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}");
	struct buf json = {0};
	buf_puts(&json, "{\"l\": [0");
	for (int i = 0; i < 63; i++)
		buf_puts(&json, ",1");
	buf_puts(&json, "]}");
	check_render_error(f, "t", buf_str(&json), KERR_INVALID,
	                   "t: rendering stopped after 1048576 steps (sections over too much data?)");
	buf_free(&json);
}

/* ---- threads ---- */

struct thread_arg {
	const struct tmpl_set *set;
	json_t *ctx;
	const char *want;
	int failures;
};

static void *render_many(void *p)
{
	struct thread_arg *a = p;
	struct buf out = {0};
	struct kerr e;
	for (int i = 0; i < 2000; i++) {
		buf_reset(&out);
		if (tmpl_render(a->set, "page", a->ctx, &out, &e) != 0 || strcmp(buf_str(&out), a->want) != 0)
			a->failures++;
	}
	buf_free(&out);
	return NULL;
}

static void test_concurrent_render(void **state)
{
	struct fixture *f = *state;
	add(f, "row", "<tr><td>{{name}}</td><td>{{n}}</td></tr>");
	add(f, "page", "<table>{{#rows}}{{>row}}{{/rows}}</table>{{^rows}}none{{/rows}}");
	json_t *ctx =
	    ctx_parse("{\"rows\": [{\"name\": \"a&b\", \"n\": 1}, {\"name\": \"<c>\", \"n\": 2.5}]}");
	struct thread_arg args[8];
	pthread_t th[8];
	for (int i = 0; i < 8; i++) {
		args[i] = (struct thread_arg){f->set, ctx,
		                              "<table><tr><td>a&amp;b</td><td>1</td></tr>"
		                              "<tr><td>&lt;c&gt;</td><td>2.5</td></tr></table>",
		                              0};
		assert_int_equal(pthread_create(&th[i], NULL, render_many, &args[i]), 0);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(args[i].failures, 0);
	}
	json_decref(ctx);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_escape_var),
	    T(test_raw_triple),
	    T(test_raw_ampersand),
	    T(test_numbers),
	    T(test_integer_extremes),
	    T(test_booleans_null_containers),
	    T(test_plain_text),
	    T(test_whitespace_in_tags),
	    T(test_null_context),
	    T(test_render_appends),
	    T(test_section_array),
	    T(test_section_array_of_mixed),
	    T(test_section_nested_arrays),
	    T(test_section_object),
	    T(test_section_truthy_scalars),
	    T(test_section_scalar_keeps_outer_names),
	    T(test_section_and_inverted_on_falsy),
	    T(test_inverted_on_truthy),
	    T(test_inverted_keeps_context),
	    T(test_dot_in_list_of_strings),
	    T(test_dot_root),
	    T(test_empty_section_body),
	    T(test_dotted_names),
	    T(test_dotted_first_part_through_stack),
	    T(test_dotted_rest_does_not_fall_back),
	    T(test_lookup_falls_back_to_outer),
	    T(test_lookup_stops_at_null),
	    T(test_name_characters),
	    T(test_partial),
	    T(test_partial_added_after_user),
	    T(test_partial_recursion_bounded_by_data),
	    T(test_comments),
	    T(test_replace_template),
	    T(test_many_templates),
	    T(test_error_unclosed_tag),
	    T(test_error_mismatched_close),
	    T(test_error_unclosed_section),
	    T(test_error_stray_close),
	    T(test_error_empty_name),
	    T(test_error_bad_character),
	    T(test_error_empty_name_part),
	    T(test_error_overlong_tag),
	    T(test_unknown_template),
	    T(test_unknown_partial),
	    T(test_partial_recursion_limit),
	    T(test_section_nesting_limit),
	    T(test_nesting_counts_partials_and_sections),
	    T(test_output_limit),
	    T(test_step_limit),
	    T(test_concurrent_render),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
