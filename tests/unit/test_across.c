/* Unit tests for src/plan/across.c: which plan a reporting year reports against, and an
 * action of an earlier plan carried on by a later plan's route map (the checks, the
 * write with its audit record, and following the chain). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/kerr.h"
#include "plan/across.h"
#include "plan/plan.h"
#include "store/store.h"

/* ---- which plan a year reports against ---- */

/* The Promise has only phases: no priorities. */
static json_t *plans_of(const char *later_status, const char *later_starts)
{
	return json_pack("[{s:s, s:s, s:s, s:s, s:i}, {s:s, s:s, s:s, s:s, s:i}, {s:s, s:s, s:s, s:s, s:i}]",
	                 "slug", "the-promise", "starts", "2020-04-01", "ends", "2030-03-31", "status", "published",
	                 "priorities", 0, "slug", "plan-21-24", "starts", "2021-04-01", "ends", "2024-03-31", "status",
	                 "ended", "priorities", 5, "slug", "plan-24-30", "starts", later_starts, "ends", "2030-03-31",
	                 "status", later_status, "priorities", 5);
}

static const char *year_plan(json_t *plans, int year)
{
	json_t *p = plan_for_year(plans, year);
	return p ? json_string_value(json_object_get(p, "slug")) : NULL;
}

static void test_year_plan_either_side_of_april_2024(void **state)
{
	(void)state;
	json_t *plans = plans_of("published", "2024-04-01");
	assert_string_equal(year_plan(plans, 2021), "plan-21-24");
	assert_string_equal(year_plan(plans, 2023), "plan-21-24"); /* April 2023 to March 2024 */
	assert_string_equal(year_plan(plans, 2024), "plan-24-30"); /* April 2024 to March 2025 */
	assert_string_equal(year_plan(plans, 2029), "plan-24-30");
	/* The Promise holds 2020 and 2030 is after every plan: neither is a reporting plan. */
	assert_null(year_plan(plans, 2020));
	assert_null(year_plan(plans, 2030));
	json_decref(plans);
}

static void test_year_plan_not_a_draft(void **state)
{
	(void)state;
	json_t *plans = plans_of("draft", "2024-04-01");
	assert_null(year_plan(plans, 2024));
	assert_string_equal(year_plan(plans, 2023), "plan-21-24");
	json_decref(plans);
	plans = plans_of("ended", "2024-04-01");
	assert_string_equal(year_plan(plans, 2024), "plan-24-30");
	json_decref(plans);
}

/* A plan launched within the year (20 June 2024) holds the year when no plan holds its
 * start; a plan that starts later than the year does not. */
static void test_year_plan_launched_within_the_year(void **state)
{
	(void)state;
	json_t *plans = plans_of("published", "2024-06-20");
	assert_string_equal(year_plan(plans, 2024), "plan-24-30");
	assert_string_equal(year_plan(plans, 2023), "plan-21-24");
	json_decref(plans);
	plans = plans_of("published", "2025-04-01");
	assert_null(year_plan(plans, 2024));
	assert_string_equal(year_plan(plans, 2025), "plan-24-30");
	json_decref(plans);
}

/* Of two plans that hold the year's start, the one that started latest. */
static void test_year_plan_latest_of_two(void **state)
{
	(void)state;
	json_t *plans = json_pack("[{s:s, s:s, s:s, s:s, s:i}, {s:s, s:s, s:s, s:s, s:i}]", "slug", "a", "starts",
	                          "2021-04-01", "ends", "2026-03-31", "status", "published", "priorities", 1, "slug", "b",
	                          "starts", "2024-04-01", "ends", "2030-03-31", "status", "published", "priorities", 1);
	assert_string_equal(year_plan(plans, 2024), "b");
	assert_string_equal(year_plan(plans, 2023), "a");
	json_decref(plans);
}

/* ---- carried on ---- */

struct fx {
	char dir[PATH_MAX];
	char path[PATH_MAX + 16];
	struct store *s;
	struct kerr e;
};

/* A small route maps plan, made up for the tests (never Plan 24-30's content): two
 * route maps under the voice foundation, and one plan later still. */
static const char test_plans[] =
    "{\"plans\": ["
    " {\"slug\": \"test-route-maps\", \"title\": \"Test route maps\", \"starts\": \"2024-04-01\","
    "  \"ends\": \"2030-03-31\", \"shape\": \"route_maps\", \"priorities\": ["
    "  {\"slug\": \"voice-test-route-maps\", \"title\": \"Voice\", \"foundation\": \"voice\", \"actions\": ["
    "   {\"slug\": \"test-map-one\", \"title\": \"Test map one\", \"now\": \"Where we are.\"},"
    "   {\"slug\": \"test-map-two\", \"title\": \"Test map two\"}]}]},"
    " {\"slug\": \"test-later\", \"title\": \"Test later plan\", \"starts\": \"2030-04-01\","
    "  \"ends\": \"2036-03-31\", \"shape\": \"route_maps\", \"priorities\": ["
    "  {\"slug\": \"voice-test-later\", \"title\": \"Voice\", \"foundation\": \"voice\", \"actions\": ["
    "   {\"slug\": \"test-later-map\", \"title\": \"Test later map\"}]}]}]}";

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (!f || testutil_make_dir(f->dir, sizeof f->dir, "across") < 0) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/keep.db", f->dir);
	*state = f;
	f->s = store_open(f->path, STORE_CREATE, &f->e);
	json_t *plans = json_loads(test_plans, 0, NULL);
	int rc = !f->s || !plans || plan_content_load(f->s, false, &f->e) < 0 || store_begin(f->s, &f->e) < 0
	             ? -1
	             : store_end(f->s, store_load_plan(f->s, plans, &f->e) == 0, &f->e);
	json_decref(plans);
	if (rc < 0)
		fprintf(stderr, "setup: %s\n", f->e.msg);
	return rc;
}

/* A database with only the shipped content (data/plan.json). */
static int setup_shipped(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (!f || testutil_make_dir(f->dir, sizeof f->dir, "across") < 0) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/keep.db", f->dir);
	*state = f;
	f->s = store_open(f->path, STORE_CREATE, &f->e);
	return !f->s || plan_content_load(f->s, false, &f->e) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->s);
	testutil_remove_dir(f->dir);
	free(f);
	return 0;
}

/* On the plans keep ships: Plan 21-24 (ended) for the years to March 2024, Plan 24-30
 * from April 2024; The Promise itself never. */
static void test_year_plan_shipped(void **state)
{
	struct fx *f = *state;
	json_t *plans = store_plans(f->s, &f->e);
	assert_non_null(plans);
	assert_string_equal(year_plan(plans, 2021), "plan-21-24");
	assert_string_equal(year_plan(plans, 2023), "plan-21-24");
	assert_string_equal(year_plan(plans, 2024), "plan-24-30");
	assert_string_equal(year_plan(plans, 2029), "plan-24-30");
	assert_null(year_plan(plans, 2020));
	json_decref(plans);
}

/* The message plan_carry_on_check gives for slug carried on by later ("" when none). */
static char *check_msg(struct fx *f, const char *slug, const char *later)
{
	static char msg[600];
	json_t *errors = json_object();
	int n = plan_carry_on_check(f->s, slug, later, errors, &f->e);
	assert_true(n >= 0);
	assert_int_equal(n, (int)json_object_size(errors));
	const char *m = json_string_value(json_object_get(errors, "carried_by"));
	snprintf(msg, sizeof msg, "%s", m ? m : "");
	json_decref(errors);
	return msg;
}

static void test_carry_on_checks(void **state)
{
	struct fx *f = *state;
	assert_string_equal(check_msg(f, "advocacy", "test-map-one"), "");
	assert_string_equal(check_msg(f, "advocacy", ""), "");
	assert_string_equal(check_msg(f, "advocacy", NULL), "");
	assert_string_equal(check_msg(f, "advocacy", "nope"), "Choose one of the route maps or actions listed.");
	assert_string_equal(check_msg(f, "test-map-one", "test-map-one"),
	                    "An action cannot carry itself on: choose one of a later plan.");
	/* Of the same plan, and of an earlier one. */
	assert_string_equal(check_msg(f, "advocacy", "youth-justice"),
	                    "\"Youth justice\" is not of a later plan than this one: choose a route map or action of a "
	                    "plan that started after it.");
	assert_string_equal(check_msg(f, "test-map-one", "test-map-two"),
	                    "\"Test map two\" is not of a later plan than this one: choose a route map or action of a "
	                    "plan that started after it.");
	assert_string_equal(check_msg(f, "test-map-one", "advocacy"),
	                    "\"Advocacy\" is not of a later plan than this one: choose a route map or action of a plan "
	                    "that started after it.");
	/* An action that is not there. */
	json_t *errors = json_object();
	assert_int_equal(plan_carry_on_check(f->s, "nope", "test-map-one", errors, &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	json_decref(errors);
}

/* A chain already broken in the database (as an import might leave it) is refused as a
 * circle, not followed for ever. */
static void test_carry_on_no_circle(void **state)
{
	struct fx *f = *state;
	assert_int_equal(store_begin(f->s, &f->e), 0);
	assert_int_equal(store_action_carried_by_set(f->s, "test-later-map", "advocacy", &f->e), 0);
	assert_int_equal(store_commit(f->s, &f->e), 0);
	assert_string_equal(check_msg(f, "advocacy", "test-later-map"),
	                    "\"Test later map\" is itself carried on by this action: that would go round in a circle.");
	/* Two steps round. */
	assert_int_equal(store_begin(f->s, &f->e), 0);
	assert_int_equal(store_action_carried_by_set(f->s, "test-later-map", "test-map-one", &f->e), 0);
	assert_int_equal(store_action_carried_by_set(f->s, "test-map-one", "advocacy", &f->e), 0);
	assert_int_equal(store_commit(f->s, &f->e), 0);
	assert_string_equal(check_msg(f, "advocacy", "test-later-map"),
	                    "\"Test later map\" is itself carried on by this action: that would go round in a circle.");
}

static void test_carry_on_write_audited(void **state)
{
	struct fx *f = *state;
	assert_int_equal(plan_action_carry_on(f->s, "staff@keep.test", "advocacy", "test-map-one", &f->e), 0);
	json_t *a = store_resource_get(f->s, "actions", "advocacy", &f->e);
	assert_string_equal(json_string_value(json_object_get(a, "carried_by")), "test-map-one");
	json_decref(a);
	json_t *carry = store_action_carry(f->s, "test-map-one", &f->e);
	assert_non_null(carry);
	json_t *on = json_object_get(carry, "carries_on");
	assert_int_equal(json_array_size(on), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(on, 0), "slug")), "advocacy");
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_array_get(on, 0), "plan"), "title")),
	                    "Plan 21-24");
	json_decref(carry);
	carry = store_action_carry(f->s, "advocacy", &f->e);
	assert_string_equal(json_string_value(json_object_get(json_object_get(carry, "carried_by"), "title")),
	                    "Test map one");
	json_decref(carry);

	/* Saving the same again records nothing; a refusal writes nothing. */
	assert_int_equal(plan_action_carry_on(f->s, "staff@keep.test", "advocacy", "test-map-one", &f->e), 0);
	assert_int_equal(plan_action_carry_on(f->s, "staff@keep.test", "advocacy", "youth-justice", &f->e), -1);
	assert_int_equal(f->e.code, KERR_INVALID);
	assert_non_null(strstr(f->e.msg, "not of a later plan"));
	assert_int_equal(plan_action_carry_on(f->s, "staff@keep.test", "nope", "test-map-one", &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	/* Taken off again. */
	assert_int_equal(plan_action_carry_on(f->s, "staff@keep.test", "advocacy", "", &f->e), 0);
	a = store_resource_get(f->s, "actions", "advocacy", &f->e);
	assert_true(json_is_null(json_object_get(a, "carried_by")));
	json_decref(a);

	json_t *audit = store_audit_list(f->s, "action", "advocacy", NULL, &f->e);
	assert_int_equal(json_array_size(audit), 2);
	json_t *first = json_array_get(audit, 0), *second = json_array_get(audit, 1);
	assert_string_equal(json_string_value(json_object_get(first, "verb")), "update");
	assert_string_equal(json_string_value(json_object_get(first, "actor")), "staff@keep.test");
	assert_true(json_is_object(json_object_get(first, "before")));
	assert_false(json_is_string(json_object_get(json_object_get(first, "before"), "carried_by")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(first, "after"), "carried_by")),
	                    "test-map-one");
	assert_string_equal(json_string_value(json_object_get(json_object_get(second, "before"), "carried_by")),
	                    "test-map-one");
	assert_false(json_is_string(json_object_get(json_object_get(second, "after"), "carried_by")));
	json_decref(audit);
}

static void test_carried_into(void **state)
{
	(void)state;
	json_t *actions = json_pack("{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}, s:{s:s, s:s, s:n}, s:{s:s, s:s, s:n}}",
	                            "a", "id", "a", "plan", "p1", "carried_by", "b",
	                            "b", "id", "b", "plan", "p2", "carried_by", "c",
	                            "c", "id", "c", "plan", "p3", "carried_by",
	                            "d", "id", "d", "plan", "p1", "carried_by");
	assert_string_equal(plan_carried_into(actions, "a", "p1"), "a");
	assert_string_equal(plan_carried_into(actions, "a", "p2"), "b");
	assert_string_equal(plan_carried_into(actions, "a", "p3"), "c");
	assert_null(plan_carried_into(actions, "d", "p2"));
	assert_null(plan_carried_into(actions, "nope", "p2"));
	assert_null(plan_carried_into(actions, NULL, "p2"));
	json_decref(actions);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_year_plan_either_side_of_april_2024),
	    cmocka_unit_test(test_year_plan_not_a_draft),
	    cmocka_unit_test(test_year_plan_launched_within_the_year),
	    cmocka_unit_test(test_year_plan_latest_of_two),
	    cmocka_unit_test_setup_teardown(test_year_plan_shipped, setup_shipped, teardown),
	    cmocka_unit_test_setup_teardown(test_carry_on_checks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_carry_on_no_circle, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_carry_on_write_audited, setup, teardown),
	    cmocka_unit_test(test_carried_into),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
