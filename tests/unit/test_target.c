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
	/* Before the measures are published the demo's targets have no figures. */
	json_t *all = targets_review(f->s, NULL, D(2025, 11, 1), &f->e);
	assert_int_equal(json_array_size(all), 7);
	assert_string_equal(status(find(all, "demo-looked-after-scotland")), "no-data");
	/* The demo's target of spend has no figures until they are published (keep money spend). */
	assert_string_equal(status(find(all, "demo-prevention-share-money-and-commissioning")), "no-data");
	json_decref(all);
	assert_int_equal(demodb_measures(f), 0);
	all = targets_review(f->s, NULL, D(2025, 11, 1), &f->e);
	assert_non_null(all);
	assert_int_equal(json_array_size(all), 7);
	/* Ordered by indicator title, Scotland first. */
	assert_string_equal(json_string_value(json_object_get(json_array_get(all, 0), "id")),
	                    "demo-siblings-scotland");
	assert_string_equal(json_string_value(json_object_get(json_array_get(all, 1), "id")),
	                    "demo-siblings-clackmannanshire");

	/* 12,203 on 31 July 2021 to 12,000 by 31 July 2030 (3,287 days); 12,073 four years on
	 * (1,461 days) against the line's 12203 - 203 x 1461/3287 = 12112.77: ahead, and the
	 * trend (slope about -44 a year) reaches 12,000 before 2030. */
	json_t *t = find(all, "demo-looked-after-scotland");
	assert_string_equal(status(t), "on-track");
	assert_string_equal(json_string_value(json_object_get(t, "area_name")), "Scotland");
	assert_string_equal(json_string_value(json_object_get(json_object_get(t, "indicator"), "foundation")),
	                    "family");
	assert_true(json_real_value(json_object_get(json_object_get(t, "pace"), "expected")) > 12112.7);
	assert_true(json_real_value(json_object_get(json_object_get(t, "pace"), "expected")) < 12112.8);

	/* 32 on 31 July 2022 to 39 by 31 July 2030 (2,922 days): 35 three years on (1,096 days)
	 * is ahead of the line's 32 + 7 x 1096/2922 = 34.63, and the trend (about 1.1 a year)
	 * reaches 39 before 2030. The 2021 figure (suppressed, and before the baseline) is not
	 * used, nor is the baseline's own. */
	t = find(all, "demo-continuing-care-scotland");
	assert_string_equal(status(t), "on-track");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(t, "pace"), "used")), 3);

	/* 41 (2021) to 75 (2030): 41 in 2025 is behind the line's 56.1, and the trend is flat. */
	assert_string_equal(status(find(all, "demo-siblings-scotland")), "off-track");
	/* 47 to 70 in Clackmannanshire: 44 in 2025, going down. */
	t = find(all, "demo-siblings-clackmannanshire");
	assert_string_equal(status(t), "off-track");
	assert_string_equal(json_string_value(json_object_get(t, "area_name")), "Clackmannanshire");
	assert_int_equal(json_array_size(json_object_get(t, "observations")), 5);
	/* 61.6 to 30 (lower is better): 63.7 in 2025, and the trend goes up. */
	assert_string_equal(status(find(all, "demo-restraint-scotland")), "off-track");
	json_decref(all);

	/* One area only. */
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
