/* Unit tests for src/plan/target.c on the demo dataset: every target read with its
 * indicator, area and figures, and the pace finding for each, worked by hand in the
 * comments from data/demo.json. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "demodb.h"
#include "plan/target.h"

#define D(y, m, d) ((struct kdate){(y), (m), (d)})

static json_t *find(json_t *targets, const char *id)
{
	size_t i;
	json_t *t;
	json_array_foreach(targets, i,
	                   t) if (strcmp(json_string_value(json_object_get(t, "id")), id) == 0) return t;
	fail_msg("no target %s", id);
	return NULL;
}

static const char *status(json_t *t)
{
	return json_string_value(json_object_get(json_object_get(t, "pace"), "status"));
}

static void test_review(void **state)
{
	struct demodb *f = *state;
	json_t *all = targets_review(f->s, NULL, D(2025, 11, 1), &f->e);
	assert_non_null(all);
	assert_int_equal(json_array_size(all), 5);
	/* Ordered by indicator title, Scotland first. */
	assert_string_equal(json_string_value(json_object_get(json_array_get(all, 0), "id")),
	                    "demo-siblings-scotland");
	assert_string_equal(json_string_value(json_object_get(json_array_get(all, 1), "id")),
	                    "demo-siblings-clackmannanshire");

	/* 12,084 on 31 July 2023 to 10,500 by 31 July 2030 (2,557 days); 11,844 a year on
	 * (366 days) against the line's 12084 - 1584 x 366/2557 = 11857.27: ahead, and the
	 * trend through both reaches 10,500 before 2030. */
	json_t *t = find(all, "demo-looked-after-scotland");
	assert_string_equal(status(t), "on-track");
	assert_string_equal(json_string_value(json_object_get(t, "area_name")), "Scotland");
	assert_string_equal(json_string_value(json_object_get(json_object_get(t, "indicator"), "foundation")),
	                    "family");
	assert_true(json_real_value(json_object_get(json_object_get(t, "pace"), "expected")) > 11857.2);
	assert_true(json_real_value(json_object_get(json_object_get(t, "pace"), "expected")) < 11857.3);

	/* Baseline 33 on 31 July 2024; its only figure is for the baseline's own day, which
	 * is the baseline: no data yet. */
	t = find(all, "demo-continuing-care-scotland");
	assert_string_equal(status(t), "no-data");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(t, "pace"), "used")), 0);

	/* 45 (2021) to 75 (2030): 53 in 2025 is behind the line's 58.3, and the trend of
	 * about 2 a year reaches 75 long after 2030. */
	assert_string_equal(status(find(all, "demo-siblings-scotland")), "off-track");
	/* 40 to 70 in Clackmannanshire: 58 in 2025 is ahead of 53.3, and 4 a year is in time. */
	t = find(all, "demo-siblings-clackmannanshire");
	assert_string_equal(status(t), "on-track");
	assert_string_equal(json_string_value(json_object_get(t, "area_name")), "Clackmannanshire");
	assert_int_equal(json_array_size(json_object_get(t, "observations")), 4);
	/* 60 to 30 (lower is better): 48 in 2025 is behind the line's 46.7, but the trend
	 * (60, 52, 46, 44, 48: slope -3.2 a year from 56.4) reaches 30 in 2029: at risk. */
	assert_string_equal(status(find(all, "demo-restraint-scotland")), "at-risk");
	json_decref(all);

	/* One area only; Dumfries and Galloway has a suppressed figure but no target. */
	json_t *one = targets_review(f->s, "S12000005", D(2025, 11, 1), &f->e);
	assert_int_equal(json_array_size(one), 1);
	json_decref(one);
	one = targets_review(f->s, "S12000006", D(2025, 11, 1), &f->e);
	assert_int_equal(json_array_size(one), 0);
	json_decref(one);
}

static void test_suppressed_left_out(void **state)
{
	(void)state;
	json_t *t = json_pack("{s:s, s:s, s:f, s:f, s:s, s:[{s:s, s:n, s:b}, {s:s, s:f, s:b}]}",
	                      "baseline_at", "2020-01-01", "due", "2030-01-01", "baseline", 10.0, "value",
	                      20.0, "better", "higher", "observations", "period", "2021-01-01", "value",
	                      "suppressed", 1, "period", "2022-01-01", "value", 13.0, "suppressed", 0);
	struct target_pace tp;
	target_pace_of(t, D(2023, 1, 1), &tp);
	assert_int_equal(tp.n, 1);
	assert_int_equal(tp.r.used, 1);
	assert_true(tp.t.higher_better);
	target_pace_free(&tp);
	json_decref(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_review, demodb_setup, demodb_teardown),
	    cmocka_unit_test(test_suppressed_left_out),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
