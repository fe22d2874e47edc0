/* Unit tests for src/report/fan.c: the fan chart's layout worked by hand, its words and
 * its SVG.
 *
 * Drawn 600 x 300 with one series: two legend rows (the series, then what the band is),
 * so the plot area runs from (70, 12) to (584, 300 - 30 - 2 * 18 = 234). Three months
 * from 1 March 2026 with 95th percentiles 30, 150 and 180: the highest, 180, over 5
 * steps is 36 a step, rounded up to 50, so the scale runs 0..200 and
 * y = 234 - v * 222 / 200; x of month i is 70 + i * 514 / 2. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "base/date.h"
#include "report/fan.h"

static void assert_near(double got, double want)
{
	if (fabs(got - want) > 1e-6)
		fail_msg("got %f, want %f", got, want);
}

static int32_t day(int y, int m, int d)
{
	return (int32_t)date_days((struct kdate){y, m, d});
}

static void test_one_series(void **state)
{
	(void)state;
	const struct fan_value v[] = {{10, 20, 30}, {50, 100, 150}, {60, 120, 180}};
	const int32_t months[] = {day(2026, 3, 1), day(2026, 4, 1), day(2026, 5, 1)};
	const struct fan_input in[] = {{"Foster care", v, 1}};
	struct fan f;
	fan_layout("Children & more", "Children", FAN_COUNT, in, 1, 3, months, 600, 300, &f);
	assert_near(f.lo.x, 70);
	assert_near(f.lo.y, 12);
	assert_near(f.hi.x, 584);
	assert_near(f.hi.y, 234);
	/* Month 0: x 70; 20 is y 234 - 22.2; 30 is 234 - 33.3; 10 is 234 - 11.1. */
	assert_near(f.s[0].mid[0].x, 70);
	assert_near(f.s[0].mid[0].y, 211.8);
	assert_near(f.s[0].upper[0].y, 200.7);
	assert_near(f.s[0].lower[0].y, 222.9);
	/* Month 1: x 327; 100 is y 123; 150 is 67.5. */
	assert_near(f.s[0].mid[1].x, 327);
	assert_near(f.s[0].mid[1].y, 123);
	assert_near(f.s[0].upper[1].y, 67.5);
	/* Month 2: x 584; 180 is y 234 - 199.8. */
	assert_near(f.s[0].upper[2].x, 584);
	assert_near(f.s[0].upper[2].y, 34.2);
	/* Ticks every 50 from 0 (y 234) to 200 (y 12); one April, at month 1. */
	assert_int_equal(f.ny, 5);
	assert_near(f.yticks[0].at, 234);
	assert_string_equal(f.yticks[0].label, "0");
	assert_near(f.yticks[4].at, 12);
	assert_string_equal(f.yticks[4].label, "200");
	assert_int_equal(f.nx, 1);
	assert_near(f.xticks[0].at, 327);
	assert_string_equal(f.xticks[0].label, "April 2026");
	assert_near(f.legend_y, 234 + 30 + 12);
	/* The words say the months and the first and last figures. */
	assert_non_null(strstr(f.desc, "by month from March 2026 to May 2026"));
	assert_non_null(strstr(f.desc, "Foster care: 20 at the start, 120 at the end (60 to 180)."));

	struct buf b = {0};
	fan_svg(&f, "f1", &b);
	const char *s = buf_str(&b);
	assert_non_null(strstr(s, "<title id=\"f1-t\">Children &amp; more</title>"));
	/* The band: the 95th percentiles left to right, then the 5th right to left. */
	assert_non_null(strstr(s, "points=\"70.0,200.7 327.0,67.5 584.0,34.2 584.0,167.4 327.0,178.5 70.0,222.9\""));
	/* The median, solid (the first series has no pattern). */
	assert_non_null(strstr(s, "stroke-width=\"2\" points=\"70.0,211.8 327.0,123.0 584.0,100.8\""));
	assert_non_null(strstr(s, ">Foster care</text>"));
	assert_non_null(strstr(s, "from the 5th to the 95th percentile"));
	buf_free(&b);
	fan_free(&f);
}

/* Two series read from one array of months × 2 (stride 2), as a projection's children by
 * type are: the second drawn with the second pattern, and its legend entry in the second
 * column. */
static void test_two_series_stride(void **state)
{
	(void)state;
	/* month 0: a {1,2,3}, b {4,5,6}; month 1: a {7,8,9}, b {2,3,4} */
	const struct fan_value v[] = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {2, 3, 4}};
	const int32_t months[] = {day(2029, 4, 1), day(2029, 5, 1)};
	const struct fan_input in[] = {{"At home", v, 2}, {"Residential", v + 1, 2}};
	struct fan f;
	fan_layout("Children", "Children", FAN_COUNT, in, 2, 2, months, 600, 300, &f);
	/* The top is 9: 9 / 5 = 1.8 a step, rounded to 2, so 0..10: y = 234 - v * 22.2. */
	assert_near(f.s[0].mid[1].y, 234 - 8 * 22.2);
	assert_near(f.s[1].mid[1].y, 234 - 3 * 22.2);
	assert_near(f.s[1].lower[0].y, 234 - 4 * 22.2);
	assert_near(f.s[1].mid[1].x, 584);
	assert_string_equal(f.s[0].dash, "");
	assert_string_equal(f.s[1].dash, "8 4");
	struct buf b = {0};
	fan_svg(&f, "f2", &b);
	assert_non_null(strstr(buf_str(&b), "stroke-dasharray=\"8 4\" points=\"70.0,123.0 584.0,167.4\""));
	/* The second legend entry: its sample at x = 8 + (600 - 16) / 3 = 202.7, its name 34 further. */
	assert_non_null(strstr(buf_str(&b), "<text x=\"236.7\" y=\"276.0\">Residential</text>"));
	buf_free(&b);
	fan_free(&f);
}

static void test_numbers(void **state)
{
	(void)state;
	char out[32];
	fan_number(1234567, FAN_COUNT, out);
	assert_string_equal(out, "1,234,567");
	fan_number(999.6, FAN_COUNT, out);
	assert_string_equal(out, "1,000");
	fan_number(0.2, FAN_COUNT, out);
	assert_string_equal(out, "0");
	fan_number(1.25e6, FAN_POUNDS, out);
	assert_string_equal(out, "£1.3m");
	fan_number(850000, FAN_POUNDS, out);
	assert_string_equal(out, "£850k");
	fan_number(900, FAN_POUNDS, out);
	assert_string_equal(out, "£900");
	fan_number(2e9, FAN_POUNDS, out);
	assert_string_equal(out, "£2bn");
	fan_number(-1.5e6, FAN_POUNDS, out);
	assert_string_equal(out, "-£1.5m");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_one_series),
	    cmocka_unit_test(test_two_series_stride),
	    cmocka_unit_test(test_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
