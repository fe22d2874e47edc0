/* Unit tests for src/report/chart.c: the layout of the pace and performance chart with
 * no figures, one and several, and its SVG.
 *
 * The target is test_pace.c's: 100 on 1 January 2020 to 50 by 1 January 2030, lower
 * better, drawn 560 x 280, so the plot area runs from (52, 12) to (546, 228). With no
 * figures the values span 50..100, padded by 8% to 46..104 and widened to whole steps
 * of 20: 40..120, so y = 228 - (v - 40) * 216 / 80, putting the baseline at y 66 and
 * the target at y 201; x runs from the baseline's day at 52 to the due date at 546. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "report/chart.h"

#define D(y, m, d) ((struct kdate){(y), (m), (d)})

/* Braces, not D(): a compound literal is not a constant initializer in C17. */
static const struct pace_target lower = {{2020, 1, 1}, {2030, 1, 1}, 100, 50, false};
static const struct kdate today = {2026, 1, 1};

static void assert_near(double got, double want)
{
	if (fabs(got - want) > 1e-6)
		fail_msg("got %f, want %f", got, want);
}

/* Every point of c inside its plot area. */
static void assert_inside(const struct chart *c, struct chart_pt p)
{
	assert_true(p.x >= c->lo.x - 1e-9 && p.x <= c->hi.x + 1e-9);
	assert_true(p.y >= c->lo.y - 1e-9 && p.y <= c->hi.y + 1e-9);
}

static void assert_all_inside(const struct chart *c)
{
	assert_inside(c, c->baseline);
	assert_inside(c, c->path_to);
	for (size_t i = 0; i < c->nobs; i++)
		assert_inside(c, c->obs[i]);
	if (c->has_trend) {
		assert_inside(c, c->trend_from);
		assert_inside(c, c->trend_to);
	}
}

static void test_no_figures(void **state)
{
	(void)state;
	struct pace_result r;
	pace_assess(&lower, NULL, 0, today, &r);
	struct chart c;
	chart_layout(&lower, NULL, 0, &r, "Children in care: Scotland", 560, 280, &c);
	assert_near(c.lo.x, 52);
	assert_near(c.lo.y, 12);
	assert_near(c.hi.x, 546);
	assert_near(c.hi.y, 228);
	assert_int_equal(c.nobs, 0);
	assert_false(c.has_trend);
	assert_near(c.baseline.x, 52);
	assert_near(c.baseline.y, 66);
	/* The straight line ends at the target on the due date. */
	assert_near(c.path_to.x, 546);
	assert_near(c.path_to.y, 201);
	assert_near(c.target_y, 201);
	assert_all_inside(&c);
	/* Value labels every 20 from 40 to 120; years every two from 2020 to 2030. */
	assert_int_equal(c.ny, 5);
	assert_string_equal(c.yticks[0].label, "40");
	assert_near(c.yticks[0].at, 228);
	assert_string_equal(c.yticks[4].label, "120");
	assert_near(c.yticks[4].at, 12);
	assert_int_equal(c.nx, 6);
	assert_string_equal(c.xticks[0].label, "2020");
	assert_string_equal(c.xticks[5].label, "2030");
	assert_near(c.xticks[5].at, 546);
	assert_string_equal(c.note, "No observations yet: the chart shows only the baseline and the target.");
	assert_string_equal(c.desc, "Baseline 100 on 1 January 2020; target 50 by 1 January 2030; no observations yet.");
	assert_string_equal(c.title, "Children in care: Scotland");

	struct buf b = {0};
	chart_svg(&c, "c1", &b);
	const char *svg = buf_str(&b);
	assert_non_null(strstr(svg, "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 560 280\""));
	assert_non_null(strstr(svg, "aria-labelledby=\"c1-t c1-d\""));
	assert_non_null(strstr(svg, "<title id=\"c1-t\">Children in care: Scotland</title>"));
	assert_non_null(strstr(svg, "<desc id=\"c1-d\">Baseline 100 on 1 January 2020; target 50 by 1 January 2030; "
	                            "no observations yet.</desc>"));
	/* The legend names each mark; with no figures there is no trend to name. */
	assert_non_null(strstr(svg, ">Baseline</text>"));
	assert_non_null(strstr(svg, ">Figures</text>"));
	assert_non_null(strstr(svg, ">Target</text>"));
	assert_non_null(strstr(svg, ">Straight line</text>"));
	assert_null(strstr(svg, ">Trend</text>"));
	assert_null(strstr(svg, "chart-trend"));
	assert_null(strstr(svg, "<circle class=\"chart-obs\""));
	/* The straight line from the baseline (52, 66) to the target on its due date. */
	assert_non_null(strstr(svg, "<line class=\"chart-path\" x1=\"52.0\" y1=\"66.0\" x2=\"546.0\" y2=\"201.0\""));
	assert_non_null(strstr(svg, "</svg>"));
	buf_free(&b);
	chart_free(&c);
}

static void test_one_figure(void **state)
{
	(void)state;
	/* (0, 100) and (2000, 65): the trend is the line through both, slope -0.0175, so
	 * 36.07 on the due date (day 3653). Values 36.07..100 padded by 5.11 and widened to
	 * steps of 20: 20..120. */
	struct pace_obs o[] = {{D(2025, 6, 23), 65}};
	struct pace_result r;
	pace_assess(&lower, o, 1, today, &r);
	struct chart c;
	chart_layout(&lower, o, 1, &r, "One figure", 560, 280, &c);
	assert_int_equal(c.nobs, 1);
	assert_true(c.has_trend);
	assert_string_equal(c.note, "One observation so far: the trend is the line from the baseline through it.");
	assert_string_equal(c.yticks[0].label, "20");
	assert_string_equal(c.yticks[c.ny - 1].label, "120");
	/* y = 228 - (v - 20) * 216 / 100 */
	assert_near(c.obs[0].y, 228 - 45 * 2.16);
	assert_near(c.baseline.y, 228 - 80 * 2.16);
	assert_near(c.trend_from.y, c.baseline.y);
	assert_near(c.trend_to.x, 546);
	assert_near(c.trend_to.y, 228 - (100 - 0.0175 * 3653 - 20) * 2.16);
	assert_all_inside(&c);
	assert_string_equal(c.desc, "Baseline 100 on 1 January 2020; target 50 by 1 January 2030; 1 observation, the "
	                            "latest 65 on 23 June 2025; On track.");
	struct buf b = {0};
	chart_svg(&c, "c2", &b);
	assert_non_null(strstr(buf_str(&b), ">Trend</text>"));
	assert_non_null(strstr(buf_str(&b), "<circle class=\"chart-obs\""));
	buf_free(&b);
	chart_free(&c);
}

static void test_several_figures(void **state)
{
	(void)state;
	/* test_pace.c's on-track case, with a figure from before the baseline (not drawn,
	 * not used) and one after the due date, which stretches the time axis: the
	 * straight line then ends short of the right edge, at the due date. */
	struct pace_obs o[] = {{D(2019, 6, 1), 140}, {D(2022, 9, 27), 80}, {D(2025, 6, 23), 65}, {D(2031, 1, 1), 45}};
	struct pace_result r;
	pace_assess(&lower, o, 4, today, &r);
	struct chart c;
	chart_layout(&lower, o, 4, &r, "Several & more", 560, 280, &c);
	assert_int_equal(c.nobs, 3);
	assert_string_equal(c.note, "");
	assert_all_inside(&c);
	/* x = 52 + days * 494 / days to 1 January 2031 (4018) */
	double span = (double)(date_days(D(2031, 1, 1)) - date_days(D(2020, 1, 1)));
	assert_near(c.path_to.x, 52 + 494 * 3653 / span);
	assert_true(c.path_to.x < c.hi.x);
	assert_near(c.path_to.y, c.target_y);
	assert_near(c.obs[2].x, 546);
	/* Figures ordered left to right as given: the 2022 one left of the 2025 one. */
	assert_true(c.obs[0].x < c.obs[1].x);
	/* Lower values are drawn lower down: 45 under 65. */
	assert_true(c.obs[2].y > c.obs[1].y);
	assert_true(strstr(c.desc, "3 observations, the latest 45 on 1 January 2031; Reached.") != NULL);
	struct buf b = {0};
	chart_svg(&c, "c3", &b);
	/* The title is escaped. */
	assert_non_null(strstr(buf_str(&b), "<title id=\"c3-t\">Several &amp; more</title>"));
	buf_free(&b);
	chart_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_no_figures),
	    cmocka_unit_test(test_one_figure),
	    cmocka_unit_test(test_several_figures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
