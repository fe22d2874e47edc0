/* Unit tests for src/base/text.c: the HTML and CSV escapers, URL and query-string
 * decoding, the UTF-8 checks and slugs. Every test states the exact bytes a user
 * would get, or the exact error message. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/kerr.h"
#include "base/text.h"

/* ---- helpers ---- */

static void check_html(const char *in, const char *want)
{
	struct buf b = {0};
	html_escape(&b, in, strlen(in));
	assert_string_equal(buf_str(&b), want);
	assert_int_equal(b.len, strlen(want));
	buf_free(&b);
}

static void check_csv(const char *in, const char *want)
{
	struct buf b = {0};
	csv_field(&b, in, strlen(in));
	assert_string_equal(buf_str(&b), want);
	assert_int_equal(b.len, strlen(want));
	buf_free(&b);
}

/* Decodes in (n bytes) and expects success with exactly want[0..wn). */
static void check_decode_n(const char *in, size_t n, bool plus, const char *want, size_t wn)
{
	struct buf b = {0};
	struct kerr e = {0};
	int rc = url_decode(&b, in, n, plus, &e);
	if (rc != 0)
		fail_msg("url_decode(\"%s\") failed: %s", in, e.msg);
	assert_int_equal(b.len, wn);
	assert_memory_equal(buf_str(&b), want, wn);
	assert_int_equal(buf_str(&b)[wn], '\0');
	buf_free(&b);
}

static void check_decode(const char *in, bool plus, const char *want)
{
	check_decode_n(in, strlen(in), plus, want, strlen(want));
}

/* Decodes in (n bytes) and expects the failure message msg. */
static void check_decode_fails_n(const char *in, size_t n, bool plus, const char *msg)
{
	struct buf b = {0};
	struct kerr e = {0};
	int rc = url_decode(&b, in, n, plus, &e);
	assert_true(rc < 0);
	assert_int_equal(e.code, KERR_INVALID);
	assert_string_equal(e.msg, msg);
	buf_free(&b);
}

static void check_decode_fails(const char *in, bool plus, const char *msg)
{
	check_decode_fails_n(in, strlen(in), plus, msg);
}

/* ---- html_escape ---- */

static void test_html_escape_all_five(void **state)
{
	(void)state;
	check_html("&", "&amp;");
	check_html("<", "&lt;");
	check_html(">", "&gt;");
	check_html("\"", "&quot;");
	check_html("'", "&#39;");
	check_html("<a href=\"x\">Tom & Jerry's</a>",
	           "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
}

static void test_html_escape_plain_and_empty(void **state)
{
	(void)state;
	check_html("", "");
	check_html("Care experienced children", "Care experienced children");
	/* UTF-8 and an already-escaped entity pass through as text (escaped again). */
	check_html("caf\xC3\xA9 \xE2\x80\x93 \xC2\xA3"
	           "5",
	           "caf\xC3\xA9 \xE2\x80\x93 \xC2\xA3"
	           "5");
	check_html("&amp;", "&amp;amp;");
	check_html("<<>>", "&lt;&lt;&gt;&gt;");
}

static void test_html_escape_appends_and_honours_length(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_puts(&b, "<p>");
	html_escape(&b, "a<b>c", 2); /* only "a<" */
	assert_string_equal(buf_str(&b), "<p>a&lt;");
	/* An embedded NUL is copied as the byte it is. */
	buf_reset(&b);
	html_escape(&b, "x\0<", 3);
	assert_int_equal(b.len, 6); /* "x" NUL "&lt;" */
	assert_memory_equal(b.p, "x\0&lt;", 6);
	buf_free(&b);
}

/* ---- csv_field ---- */

static void test_csv_plain(void **state)
{
	(void)state;
	check_csv("", "");
	check_csv("Planning", "Planning");
	check_csv("a b;c", "a b;c");
	check_csv("2021-06-25", "2021-06-25");
	check_csv("a=b", "a=b"); /* '=' only counts at the start */
	check_csv("x-1", "x-1");
	check_csv("'quoted'", "'quoted'"); /* single quotes are not special */
}

static void test_csv_quoting(void **state)
{
	(void)state;
	check_csv("a,b", "\"a,b\"");
	check_csv("say \"hi\"", "\"say \"\"hi\"\"\"");
	check_csv("\"", "\"\"\"\"");
	check_csv("line\rbreak", "\"line\rbreak\"");
	check_csv("line\nbreak", "\"line\nbreak\"");
	check_csv("a\r\nb", "\"a\r\nb\"");
	check_csv(",", "\",\"");
}

static void test_csv_formula_prefixes(void **state)
{
	(void)state;
	check_csv("=SUM(A1:A2)", "\"'=SUM(A1:A2)\"");
	check_csv("+44 131", "\"'+44 131\"");
	check_csv("-2x", "\"'-2x\"");
	check_csv("\tcmd", "\"'\tcmd\"");
	check_csv("\r=cmd", "\"'\r=cmd\"");
	check_csv("'=1+2", "\"''=1+2\""); /* quotes, then a formula: one more quote */
	check_csv("''@x", "\"'" "''@x\"");
	check_csv("@cmd", "\"'@cmd\"");
	check_csv("=", "\"'=\"");
	/* Formula and quotes together: the prefix, then the doubled quotes. */
	check_csv("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	check_csv("=1,2", "\"'=1,2\"");
}

/* A number is not a formula: a spreadsheet reads -5 as minus five, so it goes as it is. */
static void test_csv_numbers_unguarded(void **state)
{
	(void)state;
	check_csv("-5", "-5");
	check_csv("-2", "-2");
	check_csv("+7", "\"'+7\""); /* keep writes no plus sign: guarded like any other + */
	check_csv("-12.5", "-12.5");
	check_csv("0", "0");
	check_csv("-", "\"'-\"");
	check_csv("-.5", "\"'-.5\"");
	check_csv("-5.", "\"'-5.\"");
	check_csv("-1e5", "\"'-1e5\"");
	check_csv("-5+3", "\"'-5+3\"");
}

/* Whatever the text, what csv_field writes reads back (the one CSV reader, less
 * csv_guard_len's guard) as the very same text: export then import changes nothing. */
static void test_csv_round_trip(void **state)
{
	(void)state;
	static const char *const texts[] = {
	    "", "plain", "=1+2", "'=1+2", "''=1+2", "'", "''", "'quoted'", "-5", "'-5", "-5x", "+44 131", "@cmd",
	    "\tcmd", "\rcmd", "'\tcmd", "=HYPERLINK(\"http://x\",\"y\")", "a,b", "line\nbreak", "=", "-", "'-",
	    "x=1", "12.50", "-0.5", "' =x", "'a=b",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct buf b = {0};
		csv_field(&b, texts[i], strlen(texts[i]));
		buf_puts(&b, ",end\r\n");
		struct csv_reader *r = csv_open(buf_str(&b), b.len, "t.csv");
		struct csv_row row;
		struct kerr e = {0};
		assert_int_equal(csv_next(r, &row, &e), 1);
		assert_int_equal(row.n, 2);
		size_t g = csv_guard_len(row.f[0].p, row.f[0].n);
		char got[200];
		assert_true(row.f[0].n - g < sizeof got);
		memcpy(got, row.f[0].p + g, row.f[0].n - g);
		got[row.f[0].n - g] = '\0';
		assert_string_equal(got, texts[i]);
		csv_close(r);
		buf_free(&b);
	}
	/* Older exports' '-5 (a guard before a number) reads as -5. */
	assert_int_equal(csv_guard_len("'-5", 3), 1);
	assert_int_equal(csv_guard_len("'hello", 6), 0);
	assert_int_equal(csv_guard_len("'", 1), 0);
}

static void test_csv_appends(void **state)
{
	(void)state;
	struct buf b = {0};
	csv_field(&b, "a", 1);
	buf_putc(&b, ',');
	csv_field(&b, "b,c", 3);
	buf_putc(&b, ',');
	csv_field(&b, "=x,y", 1); /* only "=" */
	assert_string_equal(buf_str(&b), "a,\"b,c\",\"'=\"");
	buf_free(&b);
}

/* ---- url_decode ---- */

static void test_url_decode_basic(void **state)
{
	(void)state;
	check_decode("", true, "");
	check_decode("plain", true, "plain");
	check_decode("a%20b", false, "a b");
	check_decode("%41%42%43", false, "ABC");
	check_decode("%4a%4A", false, "JJ"); /* either case of hex */
	check_decode("100%25", false, "100%");
	check_decode("%2541", false, "%41"); /* decoded once, not twice */
	check_decode("/actions/planning", false, "/actions/planning");
}

static void test_url_decode_plus(void **state)
{
	(void)state;
	check_decode("a+b", true, "a b");
	check_decode("a+b", false, "a+b");
	check_decode("%2B", true, "+");
	check_decode("%2B", false, "+");
	check_decode("++", true, "  ");
	check_decode("%20+%2b", true, "  +");
}

static void test_url_decode_utf8(void **state)
{
	(void)state;
	check_decode("caf%C3%A9", false, "caf\xC3\xA9");
	check_decode("%E2%80%93", false, "\xE2\x80\x93");
	check_decode("%F0%9F%98%80", true, "\xF0\x9F\x98\x80");
	/* Raw UTF-8 bytes are copied as they are. */
	check_decode("caf\xC3\xA9", true, "caf\xC3\xA9");
	/* Bytes that are not UTF-8 are not url_decode's business: they come out as sent. */
	check_decode("%FF", false, "\xFF");
}

static void test_url_decode_bad_escapes(void **state)
{
	(void)state;
	check_decode_fails("%zz", false, "bad percent-escape at offset 0: expected %XX with two hex digits");
	check_decode_fails("ab%4", false, "bad percent-escape at offset 2: expected %XX with two hex digits");
	check_decode_fails("ab%", true, "bad percent-escape at offset 2: expected %XX with two hex digits");
	check_decode_fails("x%4g", false, "bad percent-escape at offset 1: expected %XX with two hex digits");
	check_decode_fails("x%g4", false, "bad percent-escape at offset 1: expected %XX with two hex digits");
	check_decode_fails("%%41", false, "bad percent-escape at offset 0: expected %XX with two hex digits");
	check_decode_fails("%20%+1", true,
	                   "bad percent-escape at offset 3: expected %XX with two hex digits");
	/* A truncated escape is judged by n, not by what follows in memory. */
	check_decode_fails_n("%41", 2, false,
	                     "bad percent-escape at offset 0: expected %XX with two hex digits");
}

static void test_url_decode_nul_refused(void **state)
{
	(void)state;
	check_decode_fails("%00", false, "bad percent-escape at offset 0: %00 is not allowed");
	check_decode_fails("abc%00def", true, "bad percent-escape at offset 3: %00 is not allowed");
	check_decode_fails_n("a\0b", 3, false, "NUL byte at offset 1");
	/* %01 is a control character but not NUL: allowed. */
	check_decode("%01", false, "\x01");
}

static void test_url_decode_appends(void **state)
{
	(void)state;
	struct buf b = {0};
	struct kerr e = {0};
	buf_puts(&b, "q=");
	assert_int_equal(url_decode(&b, "a%20b", 5, false, &e), 0);
	assert_string_equal(buf_str(&b), "q=a b");
	/* A NULL kerr is allowed. */
	assert_true(url_decode(&b, "%zz", 3, false, NULL) < 0);
	buf_free(&b);
}

/* ---- query_parse / query_get ---- */

static void test_query_empty(void **state)
{
	(void)state;
	struct query q;
	struct kerr e = {0};
	assert_int_equal(query_parse(&q, NULL, 8, &e), 0);
	assert_int_equal(q.n, 0);
	assert_null(query_get(&q, "a"));
	query_free(&q);
	assert_int_equal(query_parse(&q, "", 8, &e), 0);
	assert_int_equal(q.n, 0);
	query_free(&q);
	assert_int_equal(query_parse(&q, "&&&", 8, &e), 0);
	assert_int_equal(q.n, 0);
	query_free(&q);
}

static void test_query_pairs(void **state)
{
	(void)state;
	struct query q;
	struct kerr e = {0};
	assert_int_equal(query_parse(&q, "a=1&b=two%20words&c=x+y%2Bz", 8, &e), 0);
	assert_int_equal(q.n, 3);
	assert_string_equal(q.p[0].name, "a");
	assert_string_equal(q.p[0].value, "1");
	assert_string_equal(q.p[1].name, "b");
	assert_string_equal(q.p[1].value, "two words");
	assert_string_equal(q.p[2].name, "c");
	assert_string_equal(q.p[2].value, "x y+z");
	assert_string_equal(query_get(&q, "b"), "two words");
	assert_null(query_get(&q, "d"));
	assert_null(query_get(&q, "A")); /* names are case-sensitive */
	query_free(&q);
	assert_null(q.p);
	assert_int_equal(q.n, 0);
}

static void test_query_empty_pairs_and_odd_shapes(void **state)
{
	(void)state;
	struct query q;
	struct kerr e = {0};
	assert_int_equal(query_parse(&q, "&a=1&&b=2&", 8, &e), 0);
	assert_int_equal(q.n, 2);
	assert_string_equal(query_get(&q, "a"), "1");
	assert_string_equal(query_get(&q, "b"), "2");
	query_free(&q);

	/* No '=': the value is empty, not NULL. */
	assert_int_equal(query_parse(&q, "flag&x=", 8, &e), 0);
	assert_int_equal(q.n, 2);
	assert_string_equal(q.p[0].name, "flag");
	assert_string_equal(q.p[0].value, "");
	assert_string_equal(query_get(&q, "flag"), "");
	assert_string_equal(query_get(&q, "x"), "");
	query_free(&q);

	/* An empty name; a value holding '='. */
	assert_int_equal(query_parse(&q, "=v&a=b=c", 8, &e), 0);
	assert_int_equal(q.n, 2);
	assert_string_equal(q.p[0].name, "");
	assert_string_equal(q.p[0].value, "v");
	assert_string_equal(query_get(&q, ""), "v");
	assert_string_equal(query_get(&q, "a"), "b=c");
	query_free(&q);

	/* Escaped names, and an escaped '&' and '=' stay inside their pair. */
	assert_int_equal(query_parse(&q, "my%20name=a%26b%3Dc", 8, &e), 0);
	assert_int_equal(q.n, 1);
	assert_string_equal(query_get(&q, "my name"), "a&b=c");
	query_free(&q);
}

static void test_query_repeated_name_last_wins(void **state)
{
	(void)state;
	struct query q;
	struct kerr e = {0};
	assert_int_equal(query_parse(&q, "page=1&q=care&page=3&page=2", 8, &e), 0);
	assert_int_equal(q.n, 4);
	assert_string_equal(query_get(&q, "page"), "2");
	assert_string_equal(query_get(&q, "q"), "care");
	query_free(&q);
}

static void test_query_too_many(void **state)
{
	(void)state;
	struct query q;
	struct kerr e = {0};
	/* Exactly the limit is fine; empty pairs do not count. */
	assert_int_equal(query_parse(&q, "a=1&&b=2&", 2, &e), 0);
	assert_int_equal(q.n, 2);
	query_free(&q);
	assert_int_equal(query_parse(&q, "a=1&b=2&c=3", 2, &e), -1);
	assert_int_equal(e.code, KERR_INVALID);
	assert_string_equal(e.msg, "too many query parameters: at most 2 are allowed");
	assert_null(q.p);
	assert_int_equal(q.n, 0);
	query_free(&q); /* harmless after a failure */

	/* The server's limit is 64. */
	struct buf qs = {0};
	for (int i = 0; i < 65; i++)
		buf_printf(&qs, "%sp%d=%d", i ? "&" : "", i, i);
	assert_int_equal(query_parse(&q, buf_str(&qs), 64, &e), -1);
	assert_string_equal(e.msg, "too many query parameters: at most 64 are allowed");
	buf_reset(&qs);
	for (int i = 0; i < 64; i++)
		buf_printf(&qs, "%sp%d=%d", i ? "&" : "", i, i);
	assert_int_equal(query_parse(&q, buf_str(&qs), 64, &e), 0);
	assert_int_equal(q.n, 64);
	assert_string_equal(query_get(&q, "p63"), "63");
	query_free(&q);
	buf_free(&qs);
}

static void test_query_bad_escapes(void **state)
{
	(void)state;
	struct query q;
	struct kerr e = {0};
	assert_int_equal(query_parse(&q, "%zz=1", 8, &e), -1);
	assert_int_equal(e.code, KERR_INVALID);
	assert_string_equal(e.msg, "bad percent-escape at offset 0: expected %XX with two hex digits");
	assert_null(q.p);
	assert_int_equal(q.n, 0);

	assert_int_equal(query_parse(&q, "a=%00", 8, &e), -1);
	assert_null(q.p);
	assert_int_equal(q.n, 0);

	/* After good pairs: everything parsed so far is released (ASan checks the leak). */
	assert_int_equal(query_parse(&q, "a=1&b=2&c=%4", 8, &e), -1);
	assert_null(q.p);
	assert_int_equal(q.n, 0);
}

/* The offset a user reads in "The query string is not well formed: ..." (server.c)
 * must point into the query string they sent, not into one name or value of it. */
static void test_query_bad_escape_offset_is_in_query_string(void **state)
{
	(void)state;
	struct query q;
	struct kerr e = {0};
	assert_int_equal(query_parse(&q, "page=2&q=%zz", 8, &e), -1);
	assert_string_equal(e.msg, "bad percent-escape at offset 9: expected %XX with two hex digits");
	assert_int_equal(query_parse(&q, "page=2&q=ok%00", 8, &e), -1);
	assert_string_equal(e.msg, "bad percent-escape at offset 11: %00 is not allowed");
}

/* ---- utf8_valid ---- */

static void check_utf8(const char *s, size_t n, bool want)
{
	if (utf8_valid(s, n) != want) {
		char hex[64] = "";
		for (size_t i = 0; i < n && i < 16; i++)
			snprintf(hex + strlen(hex), sizeof hex - strlen(hex), "%02X ", (unsigned char)s[i]);
		fail_msg("utf8_valid(%s) should be %s", hex, want ? "true" : "false");
	}
}

#define VALID(lit) check_utf8(lit, sizeof lit - 1, true)
#define INVALID(lit) check_utf8(lit, sizeof lit - 1, false)

static void test_utf8_valid_good(void **state)
{
	(void)state;
	VALID("");
	VALID("plain ASCII");
	VALID("a\0b"); /* NUL is a character */
	VALID("\x7F");
	VALID("\xC2\x80");         /* U+0080, smallest 2-byte */
	VALID("caf\xC3\xA9");      /* é */
	VALID("\xDF\xBF");         /* U+07FF */
	VALID("\xE0\xA0\x80");     /* U+0800, smallest 3-byte */
	VALID("\xE2\x80\x93");     /* en dash */
	VALID("\xED\x9F\xBF");     /* U+D7FF, just below the surrogates */
	VALID("\xEE\x80\x80");     /* U+E000, just above */
	VALID("\xEF\xBF\xBD");     /* U+FFFD */
	VALID("\xF0\x90\x80\x80"); /* U+10000, smallest 4-byte */
	VALID("\xF0\x9F\x98\x80"); /* 😀 */
	VALID("\xF4\x8F\xBF\xBF"); /* U+10FFFF, the largest */
}

static void test_utf8_valid_overlongs(void **state)
{
	(void)state;
	INVALID("\xC0\x80"); /* overlong NUL */
	INVALID("\xC0\xAF"); /* overlong '/' */
	INVALID("\xC1\xBF");
	INVALID("\xE0\x80\x80");
	INVALID("\xE0\x9F\xBF"); /* overlong U+07FF */
	INVALID("\xF0\x80\x80\x80");
	INVALID("\xF0\x8F\xBF\xBF"); /* overlong U+FFFF */
}

static void test_utf8_valid_surrogates_and_range(void **state)
{
	(void)state;
	INVALID("\xED\xA0\x80");             /* U+D800 */
	INVALID("\xED\xBF\xBF");             /* U+DFFF */
	INVALID("\xED\xA0\xBD\xED\xB8\x80"); /* a CESU-8 pair */
	INVALID("\xF4\x90\x80\x80");         /* U+110000 */
	INVALID("\xF5\x80\x80\x80");
	INVALID("\xF7\xBF\xBF\xBF");
	INVALID("\xF8\x88\x80\x80\x80");
	INVALID("\xFE");
	INVALID("\xFF");
}

static void test_utf8_valid_broken_sequences(void **state)
{
	(void)state;
	INVALID("\x80"); /* lone continuation */
	INVALID("a\xBF");
	INVALID("\xC3");         /* truncated 2-byte */
	INVALID("\xE2\x82");     /* truncated 3-byte */
	INVALID("\xF0\x9F\x98"); /* truncated 4-byte */
	INVALID("abc\xE2\x82");
	INVALID("\xE2\x28\xA1"); /* second byte not a continuation */
	INVALID("\xE2\x82\x28"); /* third byte not a continuation */
	INVALID("\xF0\x9F\x28\x80");
	INVALID("\xC3\xA9\xA9"); /* one continuation too many */
	INVALID("\xC3 ");
	/* n cuts a good sequence short. */
	check_utf8("\xC3\xA9", 1, false);
	check_utf8("\xF0\x9F\x98\x80", 3, false);
	check_utf8("ab\xC3\xA9", 2, true);
}

/* ---- utf8_repair ---- */

static void check_repair_n(const char *in, size_t n, const char *want)
{
	struct buf b = {0};
	utf8_repair(&b, in, n);
	assert_int_equal(b.len, strlen(want));
	assert_memory_equal(buf_str(&b), want, b.len);
	assert_true(utf8_valid(b.p ? b.p : "", b.len));
	buf_free(&b);
}

#define REPAIR(lit, want) check_repair_n(lit, sizeof lit - 1, want)
#define FFFD "\xEF\xBF\xBD"

static void test_utf8_repair(void **state)
{
	(void)state;
	REPAIR("", "");
	REPAIR("caf\xC3\xA9 \xE2\x80\x93 \xF0\x9F\x98\x80", "caf\xC3\xA9 \xE2\x80\x93 \xF0\x9F\x98\x80");
	REPAIR("a\xFF"
	       "b",
	       "a" FFFD "b");
	REPAIR("\xC0\x80", FFFD FFFD); /* each ill-formed byte is replaced */
	REPAIR("\xED\xA0\x80", FFFD FFFD FFFD);
	REPAIR("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD);
	REPAIR("ok\xE2\x82", "ok" FFFD FFFD);
	REPAIR("\xE2\x28\xA1", FFFD "(" FFFD);
	REPAIR("\x80"
	       "a\xC3\xA9",
	       FFFD "a\xC3\xA9");
	REPAIR("\xF0\x9F\x98\x80\xF0\x9F\x98", "\xF0\x9F\x98\x80" FFFD FFFD FFFD);
}

static void test_utf8_repair_appends(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_puts(&b, "x:");
	utf8_repair(&b, "\xFF", 1);
	assert_string_equal(buf_str(&b), "x:" FFFD);
	buf_free(&b);
}

/* ---- slug_valid ---- */

static void test_slug_valid(void **state)
{
	(void)state;
	assert_true(slug_valid("a"));
	assert_true(slug_valid("a-b"));
	assert_true(slug_valid("plan-21-24"));
	assert_true(slug_valid("0"));
	assert_true(slug_valid("x1-2y-z3"));
	assert_false(slug_valid(""));
	assert_false(slug_valid("-"));
	assert_false(slug_valid("-a"));
	assert_false(slug_valid("a-"));
	assert_false(slug_valid("a--b"));
	assert_false(slug_valid("A"));
	assert_false(slug_valid("Planning"));
	assert_false(slug_valid("a_b"));
	assert_false(slug_valid("a b"));
	assert_false(slug_valid("a/b"));
	assert_false(slug_valid("a.b"));
	assert_false(slug_valid("caf\xC3\xA9"));
	assert_false(slug_valid("a\n"));
}

static void test_slug_length(void **state)
{
	(void)state;
	char s[100];
	memset(s, 'a', sizeof s);
	s[80] = '\0';
	assert_true(slug_valid(s));
	s[80] = 'a';
	s[81] = '\0';
	assert_false(slug_valid(s));
	/* 80 with hyphens. */
	for (int i = 1; i < 79; i += 2)
		s[i] = '-';
	s[80] = '\0';
	assert_true(slug_valid(s));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_html_escape_all_five),
	    cmocka_unit_test(test_html_escape_plain_and_empty),
	    cmocka_unit_test(test_html_escape_appends_and_honours_length),
	    cmocka_unit_test(test_csv_plain),
	    cmocka_unit_test(test_csv_quoting),
	    cmocka_unit_test(test_csv_formula_prefixes),
	    cmocka_unit_test(test_csv_numbers_unguarded),
	    cmocka_unit_test(test_csv_round_trip),
	    cmocka_unit_test(test_csv_appends),
	    cmocka_unit_test(test_url_decode_basic),
	    cmocka_unit_test(test_url_decode_plus),
	    cmocka_unit_test(test_url_decode_utf8),
	    cmocka_unit_test(test_url_decode_bad_escapes),
	    cmocka_unit_test(test_url_decode_nul_refused),
	    cmocka_unit_test(test_url_decode_appends),
	    cmocka_unit_test(test_query_empty),
	    cmocka_unit_test(test_query_pairs),
	    cmocka_unit_test(test_query_empty_pairs_and_odd_shapes),
	    cmocka_unit_test(test_query_repeated_name_last_wins),
	    cmocka_unit_test(test_query_too_many),
	    cmocka_unit_test(test_query_bad_escapes),
	    cmocka_unit_test(test_query_bad_escape_offset_is_in_query_string),
	    cmocka_unit_test(test_utf8_valid_good),
	    cmocka_unit_test(test_utf8_valid_overlongs),
	    cmocka_unit_test(test_utf8_valid_surrogates_and_range),
	    cmocka_unit_test(test_utf8_valid_broken_sequences),
	    cmocka_unit_test(test_utf8_repair),
	    cmocka_unit_test(test_utf8_repair_appends),
	    cmocka_unit_test(test_slug_valid),
	    cmocka_unit_test(test_slug_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
