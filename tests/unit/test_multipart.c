/* Unit tests for src/base/multipart.c: the multipart/form-data decoder. Bodies are
 * shaped as browsers send them (CRLF, WebKit-style boundaries, an empty file input) and
 * each test states the exact fields, files and bytes, or the exact error message.
 *
 * Each body is copied into a buffer of exactly its length, so that AddressSanitizer
 * catches a read past the end. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/multipart.h"

#define S(lit) lit, sizeof(lit) - 1

#define WEBKIT "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW"
#define B "------WebKitFormBoundary7MA4YWxkTrZu0gW"

struct parsed {
	char *body;
	struct query fields;
	struct upload *files;
	size_t nfiles;
	struct kerr e;
	int rc;
};

static void parse(struct parsed *p, const char *type, const char *body, size_t n, size_t max_parts)
{
	memset(p, 0, sizeof *p);
	p->body = malloc(n ? n : 1);
	memcpy(p->body, body, n);
	p->rc = multipart_parse(type, p->body, n, max_parts, &p->fields, &p->files, &p->nfiles, &p->e);
}

static void done(struct parsed *p)
{
	query_free(&p->fields);
	multipart_uploads_free(p->files, p->nfiles);
	free(p->body);
}

static void test_browser_form(void **state)
{
	(void)state;
	static const char body[] = B "\r\n"
	                           "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
	                           "tok123\r\n" B "\r\n"
	                           "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
	                           "Our plan\r\nfor 2026\r\n" B "\r\n"
	                           "Content-Disposition: form-data; name=\"file\"; filename=\"plan.pdf\"\r\n"
	                           "Content-Type: application/pdf\r\n\r\n"
	                           "%PDF-1.4 ...\r\n" B "--\r\n";
	struct parsed p;
	parse(&p, WEBKIT, S(body), 64);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.fields.n, 2);
	assert_string_equal(query_get(&p.fields, "csrf"), "tok123");
	assert_string_equal(query_get(&p.fields, "title"), "Our plan\r\nfor 2026");
	assert_int_equal(p.nfiles, 1);
	assert_string_equal(p.files[0].field, "file");
	assert_string_equal(p.files[0].filename, "plan.pdf");
	assert_string_equal(p.files[0].content_type, "application/pdf");
	assert_int_equal(p.files[0].len, 12);
	assert_memory_equal(p.files[0].data, "%PDF-1.4 ...", 12);
	/* The bytes are the body's own, not a copy. */
	assert_true(p.files[0].data > p.body && p.files[0].data < p.body + sizeof body - 1);
	done(&p);
}

static void test_quoted_boundary_preamble_epilogue(void **state)
{
	(void)state;
	static const char body[] = "This is a preamble.\r\n"
	                           "--a b:c\r\n"
	                           "content-disposition: FORM-DATA; name=kind\r\n\r\n"
	                           "plan\r\n"
	                           "--a b:c--\r\nan epilogue, ignored\r\n--a b:c\r\n";
	struct parsed p;
	parse(&p, "Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\"", S(body), 64);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.fields.n, 1);
	assert_string_equal(query_get(&p.fields, "kind"), "plan");
	assert_int_equal(p.nfiles, 0);
	done(&p);
}

static void test_empty_file_input(void **state)
{
	(void)state;
	/* A file input left empty: a filename of "" and no bytes. */
	static const char body[] = B "\r\n"
	                           "Content-Disposition: form-data; name=\"file\"; filename=\"\"\r\n"
	                           "Content-Type: application/octet-stream\r\n\r\n"
	                           "\r\n" B "--";
	struct parsed p;
	parse(&p, WEBKIT, S(body), 64);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.fields.n, 0);
	assert_int_equal(p.nfiles, 1);
	assert_string_equal(p.files[0].field, "file");
	assert_string_equal(p.files[0].filename, "");
	assert_int_equal(p.files[0].len, 0);
	done(&p);
}

static void test_binary_with_partial_boundaries(void **state)
{
	(void)state;
	/* Bytes that look like the start of a delimiter (CRLF, dashes, most of the
	 * boundary, NUL, CR alone) belong to the file. */
	static const char data[] = "\x00\x01\r\n--\r\n------WebKitFormBoundary7MA4YWxkTrZu0g\r\r\n-"
	                           "------WebKitFormBoundary7MA4YWxkTrZu0gW\xff\xfe";
	static const char head[] = B "\r\n"
	                           "Content-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n\r\n";
	static const char tail[] = "\r\n" B "--\r\n";
	char body[512];
	size_t n = 0;
	memcpy(body + n, head, sizeof head - 1);
	n += sizeof head - 1;
	memcpy(body + n, data, sizeof data - 1);
	n += sizeof data - 1;
	memcpy(body + n, tail, sizeof tail - 1);
	n += sizeof tail - 1;
	struct parsed p;
	parse(&p, WEBKIT, body, n, 64);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.nfiles, 1);
	assert_string_equal(p.files[0].content_type, "");
	assert_int_equal(p.files[0].len, sizeof data - 1);
	assert_memory_equal(p.files[0].data, data, sizeof data - 1);
	done(&p);
}

static void test_utf8_repaired_and_filename_quotes(void **state)
{
	(void)state;
	static const char body[] = "--XX\r\n"
	                           "Content-Disposition: form-data; name=\"t\"\r\n\r\n"
	                           "caf\xc3\xa9 \xff!\r\n"
	                           "--XX\r\n"
	                           "Content-Disposition: form-data; name=\"f\"; filename=\"a \\\"b\\\"; c.csv\"\r\n\r\n"
	                           "x\r\n--XX--";
	struct parsed p;
	parse(&p, "multipart/form-data; boundary=XX", S(body), 64);
	assert_int_equal(p.rc, 0);
	assert_string_equal(query_get(&p.fields, "t"), "caf\xc3\xa9 \xef\xbf\xbd!");
	assert_string_equal(p.files[0].filename, "a \"b\"; c.csv");
	done(&p);
}

static void expect_error(const char *type, const char *body, size_t n, size_t max_parts, const char *msg)
{
	struct parsed p;
	parse(&p, type, body, n, max_parts);
	assert_int_equal(p.rc, -1);
	assert_int_equal(p.e.code, KERR_INVALID);
	assert_string_equal(p.e.msg, msg);
	assert_int_equal(p.fields.n, 0);
	assert_null(p.fields.p);
	assert_null(p.files);
	assert_int_equal(p.nfiles, 0);
	done(&p);
}

static void test_missing_final_boundary(void **state)
{
	(void)state;
	static const char body[] = "--XX\r\n"
	                           "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
	                           "1\r\n--XX\r\n"
	                           "Content-Disposition: form-data; name=\"f\"; filename=\"big.pdf\"\r\n\r\n"
	                           "%PDF-1.7 and then the connection";
	expect_error("multipart/form-data; boundary=XX", S(body), 64,
	             "multipart form: at byte 123: part 2 is not closed by the boundary: the form was cut short");
	/* A last delimiter with neither -- nor a line end after it. */
	static const char cut[] = "--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XX";
	expect_error("multipart/form-data; boundary=XX", S(cut), 64,
	             "multipart form: at byte 57: the boundary must be followed by a line end, or by -- at the end");
}

static void test_errors(void **state)
{
	(void)state;
	const char *t = "multipart/form-data; boundary=XX";
	expect_error("multipart/form-data", S("--XX--"), 64, "the Content-Type must give a boundary of 1 to 70 characters");
	expect_error("multipart/form-data; boundary=\"XX", S("--XX--"), 64,
	             "the Content-Type's boundary has an opening quote but no closing one");
	expect_error("multipart/mixed; boundary=XX", S("--XX--"), 64, "the form is not multipart/form-data");
	expect_error(t, S("no boundary here"), 64,
	             "multipart form: at byte 0: the boundary the Content-Type gives never occurs");
	expect_error(t, S("--XX\r\nContent-Type: text/plain\r\n\r\nx\r\n--XX--"), 64,
	             "multipart form: at byte 6: part 1 has no Content-Disposition header");
	expect_error(t, S("--XX\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--XX--"), 64,
	             "multipart form: at byte 6: part 1 is not form-data");
	expect_error(t, S("--XX\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nx\r\n--XX--"), 64,
	             "multipart form: at byte 6: part 1 has no name");
	expect_error(t, S("--XX\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--XX--"), 64,
	             "multipart form: at byte 6: part 1's Content-Disposition has a quote that is never closed");
	expect_error(t, S("--XX\r\nno colon\r\n\r\nx\r\n--XX--"), 64,
	             "multipart form: at byte 6: part 1 has a header line without a name and a colon");
	expect_error(t, S("--XX\r\nContent-Disposition: form-data; name=a\r\n"), 64,
	             "multipart form: at byte 6: part 1's headers never end (no blank line)");
	expect_error(t, S("--XX\r\nContent-Disposition: form-data; name=a\r\n\r\nx\x00y\r\n--XX--"), 64,
	             "multipart form: at byte 48: field 'a' holds a NUL byte");
	static const char two[] = "--XX\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
	                          "--XX\r\nContent-Disposition: form-data; name=b\r\n\r\n2\r\n--XX--";
	expect_error(t, S(two), 1, "multipart form: at byte 57: too many parts: at most 1 are allowed");
	/* Headers over the limit. */
	size_t n = 6 + 9000 + 4 + 8;
	char *big = malloc(n);
	memcpy(big, "--XX\r\n", 6);
	memset(big + 6, 'a', 9000);
	memcpy(big + 9006, "\r\n\r\n\r\n--XX", 10);
	big[6] = 'X';
	big[7] = ':';
	expect_error(t, big, n, 64, "multipart form: at byte 6: part 1's headers are over 8192 bytes");
	free(big);
}

static void test_no_parts(void **state)
{
	(void)state;
	struct parsed p;
	parse(&p, "multipart/form-data; boundary=XX", S("--XX--\r\n"), 64);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.fields.n, 0);
	assert_int_equal(p.nfiles, 0);
	done(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_browser_form),
		cmocka_unit_test(test_quoted_boundary_preamble_epilogue),
		cmocka_unit_test(test_empty_file_input),
		cmocka_unit_test(test_binary_with_partial_boundaries),
		cmocka_unit_test(test_utf8_repaired_and_filename_quotes),
		cmocka_unit_test(test_missing_final_boundary),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_no_parts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
