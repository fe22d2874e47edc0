/* Unit tests for src/plan/pace.c: the pace and performance rule on hand-worked cases.
 *
 * The lower-is-better target used throughout: 100 on 1 January 2020 (day 0) to 50 by
 * 1 January 2030 (day 3653). The straight line on day x is 100 - 50x/3653, so on day
 * 2000 (23 June 2025) it is 72.6252 ("72.63"). The trend is the least-squares line
 * through the baseline (0, 100) and the observations; with observations on days 1000
 * and 2000 the mean day is 1000 and the slope is
 *   ((-1000)(100 - m) + 1000(y2 - m)) / 2,000,000   where m = (100 + y1 + y2) / 3. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "plan/pace.h"

#define D(y, m, d) ((struct kdate){(y), (m), (d)})
#define DAY1000 D(2022, 9, 27)
#define DAY2000 D(2025, 6, 23)

/* Braces, not D(): a compound literal is not a constant initializer in C17. */
static const struct pace_target lower = {{2020, 1, 1}, {2030, 1, 1}, 100, 50, false};
static const struct kdate today = {2026, 1, 1};

static void assert_date(struct kdate got, struct kdate want)
{
	assert_int_equal(got.y * 10000 + got.m * 100 + got.d, want.y * 10000 + want.m * 100 + want.d);
}

static void test_on_track(void **state)
{
	(void)state;
	/* Points (0,100), (1000,80), (2000,65): mean 81.667, slope -35000/2e6 = -0.0175,
	 * intercept 99.1667; 50 is reached at x = 49.1667/0.0175 = 2809.5, so day 2810,
	 * 11 September 2027. 65 is ahead of the line's 72.63. */
	struct pace_obs o[] = {{DAY2000, 65}, {DAY1000, 80}};
	struct pace_result r;
	pace_assess(&lower, o, 2, today, &r);
	assert_int_equal(r.status, PACE_ON_TRACK);
	assert_int_equal(r.used, 2);
	assert_true(fabs(r.expected - 72.6252) < 1e-3);
	assert_true(r.on_line);
	assert_true(fabs(r.slope + 0.0175) < 1e-9);
	assert_true(fabs(r.intercept - 99.16667) < 1e-4);
	assert_true(r.reaches && r.reaches_in_time);
	assert_date(r.reach_at, D(2027, 9, 11));
	assert_string_equal(r.why,
	                    "The latest figure, 65 on 23 June 2025, is on or ahead of the straight line from "
	                    "the baseline to the target (72.63 by then). At the current trend it reaches "
	                    "the target of 50 on 11 September 2027, by the due date of 1 January 2030.");
	assert_string_equal(pace_status_words(r.status), "On track");
	assert_string_equal(pace_status_key(r.status), "on-track");
}

static void test_at_risk(void **state)
{
	(void)state;
	/* (0,100), (1000,70), (2000,75): mean 81.667, slope -25000/2e6 = -0.0125, intercept
	 * 94.1667; 50 at x = 3533.3, day 3534, 4 September 2029, before day 3653. But 75
	 * is behind the line's 72.63: one test of two. */
	struct pace_obs o[] = {{DAY1000, 70}, {DAY2000, 75}};
	struct pace_result r;
	pace_assess(&lower, o, 2, today, &r);
	assert_int_equal(r.status, PACE_AT_RISK);
	assert_false(r.on_line);
	assert_true(r.reaches_in_time);
	assert_date(r.reach_at, D(2029, 9, 4));
	assert_string_equal(r.why,
	                    "The latest figure, 75 on 23 June 2025, is behind the straight line from the "
	                    "baseline to the target (72.63 by then). At the current trend it reaches the "
	                    "target of 50 on 4 September 2029, by the due date of 1 January 2030.");
}

static void test_off_track(void **state)
{
	(void)state;
	/* (0,100), (1000,60), (2000,80): mean 80, slope -20000/2e6 = -0.01, intercept 90;
	 * 50 at day 4000, 14 December 2030, after the due date; and 80 is behind 72.63. */
	struct pace_obs o[] = {{DAY1000, 60}, {DAY2000, 80}};
	struct pace_result r;
	pace_assess(&lower, o, 2, today, &r);
	assert_int_equal(r.status, PACE_OFF_TRACK);
	assert_false(r.on_line);
	assert_true(r.reaches);
	assert_false(r.reaches_in_time);
	assert_date(r.reach_at, D(2030, 12, 14));
	assert_true(fabs(r.projected - (90 - 36.53)) < 1e-9);
	assert_string_equal(r.why,
	                    "The latest figure, 80 on 23 June 2025, is behind the straight line from the "
	                    "baseline to the target (72.63 by then). At the current trend it reaches the "
	                    "target of 50 on 14 December 2030, after the due date of 1 January 2030.");
}

static void test_moving_away(void **state)
{
	(void)state;
	/* Getting worse: the trend never reaches the target. */
	struct pace_obs o[] = {{DAY1000, 104}};
	struct pace_result r;
	pace_assess(&lower, o, 1, today, &r);
	assert_int_equal(r.status, PACE_OFF_TRACK);
	assert_false(r.reaches);
	assert_string_equal(r.why,
	                    "The latest figure, 104 on 27 September 2022, is behind the straight line from "
	                    "the baseline to the target (86.31 by then). At the current trend it does not "
	                    "reach the target of 50.");
}

static void test_reached_early(void **state)
{
	(void)state;
	/* 48 on day 1500 (9 February 2024) is already at or below 50. */
	struct pace_obs o[] = {{DAY1000, 70}, {D(2024, 2, 9), 48}};
	struct pace_result r;
	pace_assess(&lower, o, 2, today, &r);
	assert_int_equal(r.status, PACE_REACHED);
	assert_string_equal(r.why,
	                    "The latest figure, 48 on 9 February 2024, meets the target of 50 due by 1 "
	                    "January 2030.");
	/* Exactly on the target counts as reached. */
	struct pace_obs exact[] = {{DAY1000, 50}};
	pace_assess(&lower, exact, 1, today, &r);
	assert_int_equal(r.status, PACE_REACHED);
}

static void test_no_data(void **state)
{
	(void)state;
	struct pace_result r;
	pace_assess(&lower, NULL, 0, today, &r);
	assert_int_equal(r.status, PACE_NO_DATA);
	assert_int_equal(r.used, 0);
	assert_string_equal(r.why, "No figures yet since the baseline on 1 January 2020.");
	assert_string_equal(pace_status_words(r.status), "No data yet");
	/* A figure from before the baseline is not used. */
	struct pace_obs before[] = {{D(2019, 7, 31), 40}};
	pace_assess(&lower, before, 1, today, &r);
	assert_int_equal(r.status, PACE_NO_DATA);
	/* Nor is one for the baseline's own day: the baseline is that figure. */
	struct pace_obs same[] = {{D(2020, 1, 1), 100}};
	pace_assess(&lower, same, 1, today, &r);
	assert_int_equal(r.status, PACE_NO_DATA);
}

static void test_past_due(void **state)
{
	(void)state;
	struct pace_obs o[] = {{DAY2000, 60}};
	struct pace_result r;
	pace_assess(&lower, o, 1, D(2030, 1, 2), &r);
	assert_int_equal(r.status, PACE_OFF_TRACK);
	assert_string_equal(r.why,
	                    "The latest figure, 60 on 23 June 2025, has not reached the target of 50, and "
	                    "the due date, 1 January 2030, has passed.");
	/* On the due date itself it is still judged on pace. */
	pace_assess(&lower, o, 1, D(2030, 1, 1), &r);
	assert_int_equal(r.status, PACE_ON_TRACK);
}

static void test_higher_better(void **state)
{
	(void)state;
	/* 10 to 20 from 1 January 2020 to 1 January 2030: one observation of 14 on day
	 * 1000. The line there is 10 + 10 x 1000/3653 = 12.74; 14 is ahead. The trend
	 * through (0,10) and (1000,14) has slope 0.004 and reaches 20 on day 2500,
	 * 5 November 2026. */
	struct pace_target t = {D(2020, 1, 1), D(2030, 1, 1), 10, 20, true};
	struct pace_obs o[] = {{DAY1000, 14}};
	struct pace_result r;
	pace_assess(&t, o, 1, today, &r);
	assert_int_equal(r.status, PACE_ON_TRACK);
	assert_true(fabs(r.expected - 12.7375) < 1e-3);
	assert_date(r.reach_at, D(2026, 11, 5));
	/* 11 is behind 12.74 and reaches 20 only on day 10000: off track. */
	o[0].value = 11;
	pace_assess(&t, o, 1, today, &r);
	assert_int_equal(r.status, PACE_OFF_TRACK);
	assert_date(r.reach_at, D(2047, 5, 19));
}

static void test_number(void **state)
{
	(void)state;
	char out[32];
	pace_number(12.5, out);
	assert_string_equal(out, "12.5");
	pace_number(3, out);
	assert_string_equal(out, "3");
	pace_number(-0.25, out);
	assert_string_equal(out, "-0.25");
	pace_number(-0.001, out);
	assert_string_equal(out, "0");
	pace_number(72.6252, out);
	assert_string_equal(out, "72.63");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_on_track),      cmocka_unit_test(test_at_risk),
	    cmocka_unit_test(test_off_track),     cmocka_unit_test(test_moving_away),
	    cmocka_unit_test(test_reached_early), cmocka_unit_test(test_no_data),
	    cmocka_unit_test(test_past_due),      cmocka_unit_test(test_higher_better),
	    cmocka_unit_test(test_number),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
