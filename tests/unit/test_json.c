/* Unit tests for src/base/json.c: JSON strings from untrusted bytes, CSV from rows of
 * objects (what `keep export` prints), and compact dumps. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/json.h"
#include "base/text.h"

#define FFFD "\xEF\xBF\xBD"

static json_t *parse(const char *text)
{
	json_error_t je;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &je);
	if (!v)
		fail_msg("bad test JSON: %s: %s", je.text, text);
	return v;
}

/* json_text(in[0..n)) must be a string holding exactly want[0..wn). */
static void check_text(const char *in, size_t n, const char *want, size_t wn)
{
	json_t *v = json_text(in, n);
	assert_non_null(v);
	assert_true(json_is_string(v));
	assert_int_equal(json_string_length(v), wn);
	assert_memory_equal(json_string_value(v), want, wn);
	/* What jansson hands out must be dumpable and load back the same. */
	char *dump = json_dumps(v, JSON_ENCODE_ANY);
	assert_non_null(dump);
	json_t *back = json_loads(dump, JSON_DECODE_ANY, NULL);
	assert_non_null(back);
	assert_true(json_equal(v, back));
	json_decref(back);
	free(dump);
	json_decref(v);
}

#define TEXT(lit, want) check_text(lit, sizeof lit - 1, want, sizeof want - 1)

static void test_text_valid(void **state)
{
	(void)state;
	TEXT("", "");
	TEXT("hello", "hello");
	TEXT("caf\xC3\xA9 \xE2\x80\x93 \xC2\xA3"
	     "500",
	     "caf\xC3\xA9 \xE2\x80\x93 \xC2\xA3"
	     "500");
	TEXT("\"quotes\" and \\ and \n", "\"quotes\" and \\ and \n");
	TEXT("\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80");
	/* n is honoured: only the first 3 bytes. */
	check_text("abcdef", 3, "abc", 3);
}

static void test_text_invalid_utf8(void **state)
{
	(void)state;
	TEXT("a\xFF"
	     "b",
	     "a" FFFD "b");
	TEXT("\xC0\x80", FFFD FFFD);
	TEXT("\xED\xA0\x80", FFFD FFFD FFFD);
	TEXT("caf\xC3", "caf" FFFD);
	TEXT("\xE9t\xE9", FFFD "t" FFFD); /* Latin-1 é */
}

static void test_text_embedded_nul(void **state)
{
	(void)state;
	TEXT("a\0b", "ab");
	TEXT("\0", "");
	TEXT("\0\0x\0", "x");
	/* Both problems at once. */
	TEXT("\0\xFF", FFFD);
	TEXT("x\xFF\0y", "x" FFFD "y");
}

static void test_text_dump(void **state)
{
	(void)state;
	json_t *v = json_text("<a\xFF>", 4);
	char *dump = json_dumps(v, JSON_ENCODE_ANY);
	assert_string_equal(dump, "\"<a\xEF\xBF\xBD>\"");
	free(dump);
	json_decref(v);
}

/* ---- json_rows_csv ---- */

static void check_csv(const char *rows_json, const char *want)
{
	json_t *rows = parse(rows_json);
	struct buf b = {0};
	json_rows_csv(rows, &b);
	assert_string_equal(buf_str(&b), want);
	buf_free(&b);
	json_decref(rows);
}

static void test_csv_header_and_rows(void **state)
{
	(void)state;
	check_csv("[{\"id\": \"planning\", \"title\": \"Planning\", \"position\": 1},"
	          " {\"id\": \"investment\", \"title\": \"Investment\", \"position\": 2}]",
	          "id,title,position\r\n"
	          "planning,Planning,1\r\n"
	          "investment,Investment,2\r\n");
}

static void test_csv_scalars(void **state)
{
	(void)state;
	check_csv("[{\"s\": \"text\", \"i\": 42, \"big\": 9007199254740993, \"r\": 1.5, \"tenth\": 0.1,"
	          " \"t\": true, \"f\": false, \"z\": null, \"e\": \"\"}]",
	          "s,i,big,r,tenth,t,f,z,e\r\n"
	          "text,42,9007199254740993,1.5,0.1,true,false,,\r\n");
}

static void test_csv_missing_and_extra_keys(void **state)
{
	(void)state;
	/* The header comes from the first row; later rows fill its columns only. */
	check_csv("[{\"a\": 1, \"b\": 2}, {\"b\": 3, \"c\": 4}, {}]", "a,b\r\n"
	                                                              "1,2\r\n"
	                                                              ",3\r\n"
	                                                              ",\r\n");
}

static void test_csv_arrays(void **state)
{
	(void)state;
	check_csv("[{\"id\": \"planning\", \"foundations\": [\"family\", \"care\"], \"none\": [],"
	          " \"mixed\": [1, true, null, \"x\"]}]",
	          "id,foundations,none,mixed\r\n"
	          "planning,family;care,,1;true;;x\r\n");
	/* Objects in an array stand for their slug, else their id. */
	check_csv("[{\"leads\": [{\"slug\": \"cosla\", \"name\": \"COSLA\"}, {\"id\": \"sg\"}]}]",
	          "leads\r\n"
	          "cosla;sg\r\n");
}

/* An object in a list with neither slug nor id has no text: an empty item, not a
 * crash. (Kept last: the crash it guards against takes the whole binary down.) */
static void test_csv_array_object_without_id(void **state)
{
	(void)state;
	check_csv("[{\"leads\": [{\"slug\": \"cosla\"}, {\"name\": \"x\"}, {\"id\": \"sg\"}]}]",
	          "leads\r\n"
	          "cosla;;sg\r\n");
}

static void test_csv_objects(void **state)
{
	(void)state;
	check_csv(
	    "[{\"organisation\": {\"slug\": \"cosla\", \"name\": \"COSLA\"}, \"other\": {\"name\": \"x\"}}]",
	    "organisation,other\r\n"
	    "cosla,\r\n");
}

static void test_csv_escaping(void **state)
{
	(void)state;
	check_csv("[{\"text\": \"Scotland, and \\\"the promise\\\"\", \"lines\": \"one\\ntwo\\r\\nthree\","
	          " \"formula\": \"=1+2\", \"at\": \"@x\", \"plus\": \"+44\", \"minus\": \"-x\"}]",
	          "text,lines,formula,at,plus,minus\r\n"
	          "\"Scotland, and \"\"the "
	          "promise\"\"\",\"one\ntwo\r\nthree\",\"'=1+2\",\"'@x\",\"'+44\",\"'-x\"\r\n");
	/* A list whose joined text needs quoting is quoted as one field. */
	check_csv("[{\"l\": [\"a,b\", \"c\"], \"f\": [\"=x\"]}]", "l,f\r\n"
	                                                          "\"a,b;c\",\"'=x\"\r\n");
	/* Header names are CSV fields too. */
	check_csv("[{\"a,b\": 1, \"=c\": 2}]", "\"a,b\",\"'=c\"\r\n"
	                                       "1,2\r\n");
}

static void test_csv_utf8_kept(void **state)
{
	(void)state;
	check_csv(
	    "[{\"name\": \"Comhairle nan Eilean Siar\", \"money\": \"\\u00a3500 million \\u2013 2022\"}]",
	    "name,money\r\n"
	    "Comhairle nan Eilean Siar,\xC2\xA3"
	    "500 million \xE2\x80\x93 2022\r\n");
}

static void test_csv_nothing_to_write(void **state)
{
	(void)state;
	check_csv("[]", "");
	check_csv("[1, 2]", "");
	check_csv("{\"a\": 1}", "");
	check_csv("null", "");
	struct buf b = {0};
	json_rows_csv(NULL, &b);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
}

static void test_csv_appends(void **state)
{
	(void)state;
	json_t *rows = parse("[{\"a\": 1}]");
	struct buf b = {0};
	buf_puts(&b, "# export\r\n");
	json_rows_csv(rows, &b);
	assert_string_equal(buf_str(&b), "# export\r\na\r\n1\r\n");
	buf_free(&b);
	json_decref(rows);
}

/* ---- json_dump_buf ---- */

static void test_dump_buf(void **state)
{
	(void)state;
	json_t *v = parse("{\"zeta\": 1, \"alpha\": [true, null, \"x\\\"y\"], \"mid\": {\"k\": 1.5}}");
	struct buf b = {0};
	buf_puts(&b, ">");
	json_dump_buf(v, &b);
	assert_string_equal(buf_str(&b),
	                    ">{\"zeta\":1,\"alpha\":[true,null,\"x\\\"y\"],\"mid\":{\"k\":1.5}}");
	json_decref(v);
	buf_free(&b);

	v = json_pack("{s:s, s:i}", "b", "\xC2\xA3", "a", 2);
	json_dump_buf(v, &b);
	assert_string_equal(buf_str(&b), "{\"b\":\"\xC2\xA3\",\"a\":2}");
	json_decref(v);
	buf_free(&b);

	v = json_array();
	json_dump_buf(v, &b);
	assert_string_equal(buf_str(&b), "[]");
	json_decref(v);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text_valid),
	    cmocka_unit_test(test_text_invalid_utf8),
	    cmocka_unit_test(test_text_embedded_nul),
	    cmocka_unit_test(test_text_dump),
	    cmocka_unit_test(test_csv_header_and_rows),
	    cmocka_unit_test(test_csv_scalars),
	    cmocka_unit_test(test_csv_missing_and_extra_keys),
	    cmocka_unit_test(test_csv_arrays),
	    cmocka_unit_test(test_csv_objects),
	    cmocka_unit_test(test_csv_escaping),
	    cmocka_unit_test(test_csv_utf8_kept),
	    cmocka_unit_test(test_csv_nothing_to_write),
	    cmocka_unit_test(test_csv_appends),
	    cmocka_unit_test(test_dump_buf),
	    cmocka_unit_test(test_csv_array_object_without_id),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
