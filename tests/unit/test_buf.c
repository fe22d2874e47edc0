/* Unit tests for src/base/buf.c: the growable byte buffer that every layer writes
 * into. The promise under test: a zeroed struct buf is an empty buffer, the contents
 * are always NUL-terminated, and ownership moves only through buf_steal/buf_free. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

static void test_zeroed_is_empty(void **state)
{
	(void)state;
	struct buf b = {0};
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(b.len, 0);
	buf_reset(&b); /* harmless on a buffer that never allocated */
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
	buf_free(&b); /* twice is harmless too */
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
}

/* buf_grow alone must leave a valid empty string: callers (url_decode, for one) grow
 * first and may then write nothing. */
static void test_grow_keeps_terminated(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_grow(&b, 10);
	assert_non_null(b.p);
	assert_true(b.cap >= 11);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.p[0], '\0');
	assert_string_equal(buf_str(&b), "");
	char *s = buf_steal(&b);
	assert_string_equal(s, "");
	free(s);

	buf_puts(&b, "abc");
	buf_grow(&b, 1000);
	assert_true(b.cap >= 1004);
	assert_int_equal(b.len, 3);
	assert_string_equal(buf_str(&b), "abc");
	buf_free(&b);
}

static void test_put_puts_putc(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_put(&b, "hello", 5);
	buf_putc(&b, ' ');
	buf_puts(&b, "world");
	buf_put(&b, "!?", 1);
	buf_put(&b, NULL, 0); /* nothing to copy */
	buf_puts(&b, "");
	assert_string_equal(buf_str(&b), "hello world!");
	assert_int_equal(b.len, 12);
	assert_int_equal(b.p[b.len], '\0');
	buf_free(&b);
}

static void test_binary_with_nul(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_put(&b, "a\0b", 3);
	buf_putc(&b, '\0');
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.p, "a\0b\0", 5);
	buf_free(&b);
}

static void test_growth_keeps_contents(void **state)
{
	(void)state;
	struct buf b = {0};
	for (int i = 0; i < 10000; i++)
		buf_putc(&b, (char)('a' + i % 26));
	assert_int_equal(b.len, 10000);
	assert_true(b.cap > b.len);
	for (int i = 0; i < 10000; i++)
		if (b.p[i] != (char)('a' + i % 26))
			fail_msg("byte %d is %c", i, b.p[i]);
	assert_int_equal(b.p[10000], '\0');
	buf_free(&b);

	/* One big write. */
	char *big = malloc(100000);
	assert_non_null(big);
	memset(big, 'x', 100000);
	buf_puts(&b, "<");
	buf_put(&b, big, 100000);
	buf_puts(&b, ">");
	assert_int_equal(b.len, 100002);
	assert_int_equal(b.p[0], '<');
	assert_int_equal(b.p[100000], 'x');
	assert_int_equal(b.p[100001], '>');
	assert_int_equal(b.p[100002], '\0');
	free(big);
	buf_free(&b);
}

static void test_printf_small(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_puts(&b, "n=");
	buf_printf(&b, "%d, s=%s, x=%04x", 42, "care", 255);
	assert_string_equal(buf_str(&b), "n=42, s=care, x=00ff");
	assert_int_equal(b.len, strlen("n=42, s=care, x=00ff"));
	buf_printf(&b, "%s", "");
	assert_int_equal(b.len, strlen("n=42, s=care, x=00ff"));
	buf_free(&b);
}

/* Formatted output around and beyond buf_vprintf's 256-byte stack buffer. */
static void test_printf_long(void **state)
{
	(void)state;
	for (size_t n = 250; n <= 262; n++) {
		char *s = malloc(n + 1);
		assert_non_null(s);
		for (size_t i = 0; i < n; i++)
			s[i] = (char)('A' + i % 26);
		s[n] = '\0';
		struct buf b = {0};
		buf_puts(&b, "[");
		buf_printf(&b, "%s|%zu", s, n);
		buf_puts(&b, "]");
		char want[300];
		snprintf(want, sizeof want, "[%s|%zu]", s, n);
		assert_string_equal(buf_str(&b), want);
		assert_int_equal(b.len, strlen(want));
		buf_free(&b);
		free(s);
	}
	struct buf b = {0};
	buf_printf(&b, "%5000d", 7);
	assert_int_equal(b.len, 5000);
	assert_int_equal(b.p[4999], '7');
	assert_int_equal(b.p[5000], '\0');
	buf_free(&b);
}

static void vput(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void vput(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

static void test_vprintf(void **state)
{
	(void)state;
	struct buf b = {0};
	vput(&b, "%s-%d", "plan", 21);
	vput(&b, "-%d", 24);
	assert_string_equal(buf_str(&b), "plan-21-24");
	buf_free(&b);
}

static void test_reset(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_puts(&b, "something long enough");
	size_t cap = b.cap;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(b.cap, cap); /* memory is kept for reuse */
	buf_puts(&b, "new");
	assert_string_equal(buf_str(&b), "new");
	buf_free(&b);
}

static void test_steal(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_puts(&b, "mine now");
	char *s = buf_steal(&b);
	assert_string_equal(s, "mine now");
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_string_equal(buf_str(&b), "");
	free(s);

	/* Stealing an empty buffer gives an empty string the caller frees. */
	s = buf_steal(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);

	/* The buffer is usable again afterwards. */
	buf_putc(&b, 'x');
	assert_string_equal(buf_str(&b), "x");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_zeroed_is_empty),
	    cmocka_unit_test(test_grow_keeps_terminated),
	    cmocka_unit_test(test_put_puts_putc),
	    cmocka_unit_test(test_binary_with_nul),
	    cmocka_unit_test(test_growth_keeps_contents),
	    cmocka_unit_test(test_printf_small),
	    cmocka_unit_test(test_printf_long),
	    cmocka_unit_test(test_vprintf),
	    cmocka_unit_test(test_reset),
	    cmocka_unit_test(test_steal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
