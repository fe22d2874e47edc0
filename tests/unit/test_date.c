/* Unit tests for src/base/date.c: parsing and checking calendar dates, today (and the
 * KEEP_TODAY override), comparing and writing dates as people read them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/kerr.h"

static struct kdate D(int y, int m, int d) {
	return (struct kdate){y, m, d};
}

static void
check_parse(const char *s, int y, int m, int d)
{
	struct kdate out = {0};
	struct kerr e = {0};
	if (date_parse(s, &out, &e) != 0)
		fail_msg("date_parse(\"%s\") failed: %s", s, e.msg);
	assert_int_equal(out.y, y);
	assert_int_equal(out.m, m);
	assert_int_equal(out.d, d);
}

/* Expects failure with message msg, and out left as it was. */
static void check_parse_fails(const char *s, const char *msg)
{
	struct kdate out = {7, 7, 7};
	struct kerr e = {0};
	assert_int_equal(date_parse(s, &out, &e), -1);
	assert_int_equal(e.code, KERR_INVALID);
	assert_string_equal(e.msg, msg);
	assert_int_equal(out.y, 7);
	assert_int_equal(out.m, 7);
	assert_int_equal(out.d, 7);
}

static void test_parse_good(void **state)
{
	(void)state;
	check_parse("2021-06-25", 2021, 6, 25);
	check_parse("2020-04-01", 2020, 4, 1);
	check_parse("2030-03-31", 2030, 3, 31);
	check_parse("0001-01-01", 1, 1, 1);
	check_parse("9999-12-31", 9999, 12, 31);
	check_parse("2021-01-31", 2021, 1, 31);
	check_parse("2021-04-30", 2021, 4, 30);
	check_parse("2021-02-28", 2021, 2, 28);
}

static void test_parse_leap_years(void **state)
{
	(void)state;
	check_parse("2024-02-29", 2024, 2, 29);
	check_parse("2000-02-29", 2000, 2, 29); /* divisible by 400 */
	check_parse("1600-02-29", 1600, 2, 29);
	check_parse_fails("2100-02-29", "'2100-02-29' is not a real date"); /* by 100, not 400 */
	check_parse_fails("1900-02-29", "'1900-02-29' is not a real date");
	check_parse_fails("2021-02-29", "'2021-02-29' is not a real date");
	check_parse_fails("2024-02-30", "'2024-02-30' is not a real date");
}

static void test_parse_not_real(void **state)
{
	(void)state;
	check_parse_fails("2021-04-31", "'2021-04-31' is not a real date");
	check_parse_fails("2021-13-01", "'2021-13-01' is not a real date");
	check_parse_fails("2021-00-10", "'2021-00-10' is not a real date");
	check_parse_fails("2021-06-00", "'2021-06-00' is not a real date");
	check_parse_fails("2021-06-32", "'2021-06-32' is not a real date");
	check_parse_fails("0000-01-01", "'0000-01-01' is not a real date");
	check_parse_fails("2021-99-99", "'2021-99-99' is not a real date");
}

static void test_parse_malformed(void **state)
{
	(void)state;
	check_parse_fails("", "'' is not a date: expected YYYY-MM-DD");
	check_parse_fails("21-06-25", "'21-06-25' is not a date: expected YYYY-MM-DD");
	check_parse_fails("2021-6-25", "'2021-6-25' is not a date: expected YYYY-MM-DD");
	check_parse_fails("2021/06/25", "'2021/06/25' is not a date: expected YYYY-MM-DD");
	check_parse_fails("2021-06-25 ", "'2021-06-25 ' is not a date: expected YYYY-MM-DD");
	check_parse_fails(" 2021-06-25", "' 2021-06-25' is not a date: expected YYYY-MM-DD");
	check_parse_fails("2021-06-2x", "'2021-06-2x' is not a date: expected YYYY-MM-DD");
	check_parse_fails("+021-06-25", "'+021-06-25' is not a date: expected YYYY-MM-DD");
	check_parse_fails("2021--6-25", "'2021--6-25' is not a date: expected YYYY-MM-DD");
	check_parse_fails("2021-06-25T00:00:00Z",
	                  "'2021-06-25T00:00:00Z' is not a date: expected YYYY-MM-DD");
	check_parse_fails("25 June 2021", "'25 June 2021' is not a date: expected YYYY-MM-DD");
	check_parse_fails(NULL, "'' is not a date: expected YYYY-MM-DD");
}

static void test_parse_null_kerr(void **state)
{
	(void)state;
	struct kdate d;
	assert_int_equal(date_parse("2021-02-29", &d, NULL), -1);
	assert_int_equal(date_parse("nope", &d, NULL), -1);
	assert_int_equal(date_parse("2021-02-28", &d, NULL), 0);
}

static void test_valid(void **state)
{
	(void)state;
	assert_true(date_valid(D(2021, 6, 25)));
	assert_true(date_valid(D(2024, 2, 29)));
	assert_true(date_valid(D(2021, 12, 31)));
	assert_false(date_valid(D(2021, 2, 29)));
	assert_false(date_valid(D(2100, 2, 29)));
	assert_false(date_valid(D(2021, 1, 32)));
	assert_false(date_valid(D(2021, 11, 31)));
	assert_false(date_valid(D(2021, 0, 1)));
	assert_false(date_valid(D(2021, 13, 1)));
	assert_false(date_valid(D(2021, -1, 1)));
	assert_false(date_valid(D(2021, 1, 0)));
	assert_false(date_valid(D(2021, 1, -5)));
	assert_false(date_valid(D(0, 1, 1)));
	assert_false(date_valid(D(10000, 1, 1)));
	assert_false(date_valid(D(0, 0, 0)));
}

static void test_cmp(void **state)
{
	(void)state;
	assert_int_equal(date_cmp(D(2021, 6, 25), D(2021, 6, 25)), 0);
	assert_true(date_cmp(D(2021, 6, 24), D(2021, 6, 25)) < 0);
	assert_true(date_cmp(D(2021, 6, 26), D(2021, 6, 25)) > 0);
	assert_true(date_cmp(D(2021, 5, 31), D(2021, 6, 1)) < 0);
	assert_true(date_cmp(D(2021, 12, 1), D(2022, 1, 1)) < 0);
	assert_true(date_cmp(D(2022, 1, 1), D(2021, 12, 31)) > 0);
	/* Year counts before month, month before day. */
	assert_true(date_cmp(D(2020, 12, 31), D(2021, 1, 1)) < 0);
	assert_true(date_cmp(D(2021, 2, 1), D(2021, 1, 31)) > 0);
}

static void test_format(void **state)
{
	(void)state;
	char out[11];
	date_format(D(2021, 6, 25), out);
	assert_string_equal(out, "2021-06-25");
	date_format(D(5, 1, 2), out);
	assert_string_equal(out, "0005-01-02");
	date_format(D(9999, 12, 31), out);
	assert_string_equal(out, "9999-12-31");
	/* Round trip. */
	struct kdate d;
	assert_int_equal(date_parse("2024-02-29", &d, NULL), 0);
	date_format(d, out);
	assert_string_equal(out, "2024-02-29");
}

static void test_days(void **state)
{
	(void)state;
	/* Known counts: the epoch, the day after, 2000-03-01 (after a 400-year leap day),
	 * and the days between two dates across a leap day worked by hand. */
	assert_int_equal(date_days(D(1970, 1, 1)), 0);
	assert_int_equal(date_days(D(1970, 1, 2)), 1);
	assert_int_equal(date_days(D(1969, 12, 31)), -1);
	assert_int_equal(date_days(D(2000, 3, 1)), 11017);
	assert_int_equal(date_days(D(2024, 3, 1)) - date_days(D(2024, 2, 28)), 2);
	assert_int_equal(date_days(D(2023, 3, 1)) - date_days(D(2023, 2, 28)), 1);
	assert_int_equal(date_days(D(2030, 12, 31)) - date_days(D(2020, 12, 31)), 3652);
	/* Round trip over every day of the range, 0001-01-01 to 9999-12-31, each the day
	 * after the one before (date_from_days counts in its own way, from 400-year cycles). */
	struct kdate prev = date_from_days(date_days(D(1, 1, 1)) - 1);
	assert_int_equal(prev.y * 10000 + prev.m * 100 + prev.d, 1231); /* 31 December of year 0 */
	for (long n = date_days(D(1, 1, 1)); n <= date_days(D(9999, 12, 31)); n++) {
		struct kdate d = date_from_days(n);
		assert_true(date_valid(d));
		bool next = (d.y == prev.y && d.m == prev.m && d.d == prev.d + 1) ||
		            (d.y == prev.y && d.m == prev.m + 1 && d.d == 1) || (d.y == prev.y + 1 && d.m == 1 && d.d == 1);
		if (!next || date_days(d) != n)
			fail_msg("day %ld: %04d-%02d-%02d after %04d-%02d-%02d", n, d.y, d.m, d.d, prev.y, prev.m, prev.d);
		prev = d;
	}
	/* Leap days: 2000 (divisible by 400) has one, 1900 and 2100 do not. */
	struct kdate leap = date_from_days(date_days(D(2000, 3, 1)) - 1);
	assert_int_equal(leap.m * 100 + leap.d, 229);
	leap = date_from_days(date_days(D(1900, 3, 1)) - 1);
	assert_int_equal(leap.m * 100 + leap.d, 228);
	leap = date_from_days(date_days(D(2100, 3, 1)) - 1);
	assert_int_equal(leap.m * 100 + leap.d, 228);
	struct kdate lo = date_from_days(date_days(D(1, 1, 1)));
	assert_int_equal(lo.y * 10000 + lo.m * 100 + lo.d, 10101);
	struct kdate hi = date_from_days(date_days(D(9999, 12, 31)));
	assert_int_equal(hi.y * 10000 + hi.m * 100 + hi.d, 99991231);
}

static void check_words(struct kdate d, const char *want)
{
	struct buf b = {0};
	date_words(d, &b);
	assert_string_equal(buf_str(&b), want);
	buf_free(&b);
}

static void test_words(void **state)
{
	(void)state;
	check_words(D(2021, 6, 25), "25 June 2021");
	check_words(D(2024, 1, 1), "1 January 2024");
	check_words(D(2020, 2, 29), "29 February 2020");
	check_words(D(2021, 3, 31), "31 March 2021");
	check_words(D(2021, 4, 9), "9 April 2021");
	check_words(D(2021, 5, 2), "2 May 2021");
	check_words(D(2021, 7, 3), "3 July 2021");
	check_words(D(2021, 8, 31), "31 August 2021");
	check_words(D(2021, 9, 30), "30 September 2021");
	check_words(D(2021, 10, 10), "10 October 2021");
	check_words(D(2021, 11, 24), "24 November 2021");
	check_words(D(2030, 12, 31), "31 December 2030");
	/* Not a date: nothing is written (and nothing is read out of range). */
	check_words(D(2021, 13, 1), "");
	check_words(D(2021, 0, 1), "");
	check_words(D(2021, 2, 29), "");
}

static void test_words_appends(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_puts(&b, "Published ");
	date_words(D(2021, 6, 25), &b);
	buf_puts(&b, ".");
	assert_string_equal(buf_str(&b), "Published 25 June 2021.");
	buf_free(&b);
}

/* Today in UTC as date_today computes it without KEEP_TODAY. */
static struct kdate utc_today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	return D(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* date_today is the real UTC date (checked either side, in case midnight passes). */
static void check_is_real_today(void)
{
	struct kdate before = utc_today();
	struct kdate got = date_today();
	struct kdate after = utc_today();
	assert_true(date_valid(got));
	if (date_cmp(got, before) != 0 && date_cmp(got, after) != 0)
		fail_msg("date_today() gave %04d-%02d-%02d, not today", got.y, got.m, got.d);
}

static int restore_env(void **state)
{
	(void)state;
	unsetenv("KEEP_TODAY");
	return 0;
}

static void test_today_default(void **state)
{
	(void)state;
	unsetenv("KEEP_TODAY");
	check_is_real_today();
}

static void test_today_override(void **state)
{
	(void)state;
	setenv("KEEP_TODAY", "2021-06-25", 1);
	struct kdate d = date_today();
	assert_int_equal(d.y, 2021);
	assert_int_equal(d.m, 6);
	assert_int_equal(d.d, 25);
	setenv("KEEP_TODAY", "2030-04-01", 1);
	d = date_today();
	assert_int_equal(date_cmp(d, D(2030, 4, 1)), 0);
}

static void test_today_malformed_override_ignored(void **state)
{
	(void)state;
	const char *bad[] = {"", "yesterday", "2021-02-29", "2021-6-25", "2021-06-25 ", "0000-00-00"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		setenv("KEEP_TODAY", bad[i], 1);
		check_is_real_today();
	}
}

/* A source's date: a day, or a month when the source names no day; in words. */
static void test_source_dates(void **state)
{
	(void)state;
	bool month = true;
	assert_true(date_source_valid("2024-06-20", &month));
	assert_false(month);
	assert_true(date_source_valid("2025-12", &month));
	assert_true(month);
	assert_false(date_source_valid("2025-13", NULL));
	assert_false(date_source_valid("2025-00", NULL));
	assert_false(date_source_valid("2025", NULL));
	assert_false(date_source_valid("2025-1", NULL));
	assert_false(date_source_valid("2025-02-30", NULL));
	assert_false(date_source_valid("1899-12", NULL));
	assert_false(date_source_valid("December 2025", NULL));
	assert_false(date_source_valid(NULL, NULL));
	struct buf b = {0};
	date_source_words("2025-12", &b);
	assert_string_equal(buf_str(&b), "December 2025");
	buf_free(&b);
	date_source_words("2024-06-20", &b);
	assert_string_equal(buf_str(&b), "20 June 2024");
	buf_free(&b);
	date_source_words("2025-13", &b);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_good),
	    cmocka_unit_test(test_parse_leap_years),
	    cmocka_unit_test(test_parse_not_real),
	    cmocka_unit_test(test_parse_malformed),
	    cmocka_unit_test(test_parse_null_kerr),
	    cmocka_unit_test(test_valid),
	    cmocka_unit_test(test_cmp),
	    cmocka_unit_test(test_format),
		cmocka_unit_test(test_days),
	    cmocka_unit_test(test_words),
	    cmocka_unit_test(test_source_dates),
	    cmocka_unit_test(test_words_appends),
	    cmocka_unit_test_teardown(test_today_default, restore_env),
	    cmocka_unit_test_teardown(test_today_override, restore_env),
	    cmocka_unit_test_teardown(test_today_malformed_override_ignored, restore_env),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
