/* Unit tests for src/plan/: the Oversight Board's rating scale, the plain words for
 * statuses and roles, which phase of The Promise a day falls in, which plan is in force
 * on a day, and loading the content embedded in the binary. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "base/kerr.h"
#include "plan/account.h"
#include "plan/plan.h"
#include "store/store.h"

/* ---- ratings, statuses, roles ---- */

static void check_rating(const char *key, const char *words, const char *tone)
{
	const struct plan_rating *r = plan_rating_find(key);
	if (!r)
		fail_msg("no rating %s", key);
	assert_string_equal(r->key, key);
	assert_string_equal(r->words, words);
	assert_string_equal(r->tone, tone);
}

static void test_rating_find(void **state)
{
	(void)state;
	check_rating("not_started", "Not started", "grey");
	check_rating("under_way_not_sufficient", "Under way but not yet sufficient", "amber");
	check_rating("under_way_on_track", "Under way and on track", "green");
	check_rating("achieved", "Achieved", "blue");
	check_rating("at_risk", "At risk", "red");
	assert_null(plan_rating_find("great"));
	assert_null(plan_rating_find(""));
	assert_null(plan_rating_find("Achieved")); /* keys, not words */
	assert_null(plan_rating_find("achieved "));
	assert_null(plan_rating_find(NULL));
}

/* The scale in its fixed order, and the table's terminator. */
static void test_rating_table(void **state)
{
	(void)state;
	const char *order[] = {"not_started", "under_way_not_sufficient", "under_way_on_track", "achieved",
	                       "at_risk"};
	size_t n = 0;
	for (const struct plan_rating *r = plan_ratings; r->key; r++, n++) {
		assert_true(n < 5);
		assert_string_equal(r->key, order[n]);
		assert_ptr_equal(plan_rating_find(r->key), r);
		/* Each tone is distinct: colour is a family, never the only signal, but two
		 * ratings must not share one. */
		for (const struct plan_rating *q = plan_ratings; q != r; q++)
			assert_string_not_equal(q->tone, r->tone);
	}
	assert_int_equal(n, 5);
}

static void test_status_words(void **state)
{
	(void)state;
	assert_string_equal(plan_status_words("not_started"), "Not started");
	assert_string_equal(plan_status_words("under_way"), "Under way");
	assert_string_equal(plan_status_words("done"), "Done");
	assert_string_equal(plan_status_words("dropped"), "Dropped");
	assert_string_equal(plan_status_words(NULL), "Not yet recorded");
	assert_string_equal(plan_status_words(""), "Not yet recorded");
	assert_string_equal(plan_status_words("Done"), "Not yet recorded");
	assert_string_equal(plan_status_words("achieved"), "Not yet recorded");
}

/* A plan's shape gives the words its pages use; anything unknown reads as priorities. */
static void test_shape_words(void **state)
{
	(void)state;
	assert_string_equal(plan_shape_words("route_maps")->item, "route map");
	assert_string_equal(plan_shape_words("route_maps")->groups, "foundations");
	assert_string_equal(plan_shape_words("priorities")->item, "action");
	assert_string_equal(plan_shape_words("priorities")->group, "priority area");
	assert_string_equal(plan_shape_words(NULL)->items, "actions");
	assert_string_equal(plan_shape_words("route-maps")->items, "actions");
	assert_true(plan_shape_valid("route_maps"));
	assert_true(plan_shape_valid("priorities"));
	assert_false(plan_shape_valid("route-maps"));
	assert_false(plan_shape_valid(NULL));
	assert_true(plan_plan_status_valid("draft"));
	assert_true(plan_plan_status_valid("ended"));
	assert_false(plan_plan_status_valid("Draft"));
	assert_false(plan_plan_status_valid(NULL));
}

static void test_drafts_seen_by(void **state)
{
	(void)state;
	assert_true(plan_drafts_seen_by("admin"));
	assert_true(plan_drafts_seen_by("staff"));
	assert_true(plan_drafts_seen_by("board"));
	assert_false(plan_drafts_seen_by("editor"));
	assert_false(plan_drafts_seen_by("viewer"));
	assert_false(plan_drafts_seen_by(NULL));
	assert_false(plan_drafts_seen_by(""));
	assert_false(plan_drafts_seen_by("Admin"));
	/* Every role is decided: the roles that see drafts are three of account_roles. */
	int seeing = 0;
	for (const struct account_role *r = account_roles; r->key; r++)
		seeing += plan_drafts_seen_by(r->key);
	assert_int_equal(seeing, 3);
}

static void test_plan_ended(void **state)
{
	(void)state;
	struct kdate day;
	assert_int_equal(date_parse("2024-04-01", &day, NULL), 0);
	assert_true(plan_ended("published", "2024-03-31", day));
	assert_true(plan_ended(NULL, "2024-03-31", day));
	assert_false(plan_ended("published", "2024-04-01", day)); /* its last day is not past */
	assert_false(plan_ended("published", "2030-03-31", day));
	assert_true(plan_ended("ended", "2030-03-31", day));
	assert_false(plan_ended("draft", "2020-03-31", day));
	assert_false(plan_ended("published", NULL, day));
	assert_false(plan_ended("published", "not a date", day));
}

static void test_role_words(void **state)
{
	(void)state;
	assert_string_equal(plan_role_words("lead"), "Lead");
	assert_string_equal(plan_role_words("key"), "Key role");
	assert_string_equal(plan_role_words(NULL), "Not yet recorded");
	assert_string_equal(plan_role_words(""), "Not yet recorded");
	assert_string_equal(plan_role_words("Lead"), "Not yet recorded");
}

/* ---- phases ---- */

struct fx {
	char dir[PATH_MAX];
	char path[PATH_MAX + 16];
	struct store *s;
	struct kerr e;
	json_t *phases;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	if (testutil_make_dir(f->dir, sizeof f->dir, "plan") < 0) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/keep.db", f->dir);
	*state = f;
	f->s = store_open(f->path, STORE_CREATE, &f->e);
	if (!f->s) {
		fprintf(stderr, "store_open: %s\n", f->e.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	json_decref(f->phases);
	store_close(f->s);
	testutil_remove_dir(f->dir);
	free(f);
	return 0;
}

/* setup, the embedded content loaded, and the real phases as the store gives them. */
static int setup_phases(void **state)
{
	if (setup(state) < 0)
		return -1;
	struct fx *f = *state;
	if (plan_content_load(f->s, false, &f->e) < 0) {
		fprintf(stderr, "plan_content_load: %s\n", f->e.msg);
		return -1;
	}
	f->phases = store_phases(f->s, &f->e);
	return f->phases ? 0 : -1;
}

/* The slug of the phase holding date (YYYY-MM-DD), or NULL. */
static const char *phase_on(json_t *phases, const char *date)
{
	struct kdate d;
	if (date_parse(date, &d, NULL) < 0)
		fail_msg("bad test date %s", date);
	json_t *p = plan_phase_on(phases, d);
	return p ? json_string_value(json_object_get(p, "slug")) : NULL;
}

static void check_phase(json_t *phases, const char *date, const char *want)
{
	const char *got = phase_on(phases, date);
	if (want == NULL && got == NULL)
		return;
	if (!want || !got || strcmp(want, got) != 0)
		fail_msg("phase on %s: got %s, expected %s", date, got ? got : "NULL", want ? want : "NULL");
}

static void test_phase_on_real_phases(void **state)
{
	struct fx *f = *state;
	assert_int_equal(json_array_size(f->phases), 4);
	check_phase(f->phases, "2020-04-01", "year-one");
	check_phase(f->phases, "2021-03-31", "year-one");
	check_phase(f->phases, "2021-04-01", "bedding-down");
	check_phase(f->phases, "2024-03-31", "bedding-down");
	check_phase(f->phases, "2024-04-01", "consolidation");
	check_phase(f->phases, "2026-11-24", "consolidation");
	check_phase(f->phases, "2027-04-01", "continuous-improvement");
	check_phase(f->phases, "2030-03-31", "continuous-improvement");
	check_phase(f->phases, "2030-04-01", NULL);
	check_phase(f->phases, "2019-01-01", NULL);
	check_phase(f->phases, "2020-03-31", NULL);
}

/* The result is borrowed from the array given. */
static void test_phase_on_borrowed(void **state)
{
	struct fx *f = *state;
	json_t *p = plan_phase_on(f->phases, (struct kdate){2021, 6, 25});
	assert_ptr_equal(p, json_array_get(f->phases, 1));
	assert_string_equal(json_string_value(json_object_get(p, "title")),
	                    json_string_value(json_object_get(json_array_get(f->phases, 1), "title")));
}

static json_t *parse(const char *text)
{
	json_error_t je;
	json_t *v = json_loads(text, 0, &je);
	if (!v)
		fail_msg("bad test JSON: %s", je.text);
	return v;
}

static void test_phase_on_odd_input(void **state)
{
	(void)state;
	struct kdate d = {2021, 6, 25};
	assert_null(plan_phase_on(NULL, d));
	json_t *empty = json_array();
	assert_null(plan_phase_on(empty, d));
	json_decref(empty);
	/* Phases with missing or broken dates are passed over, not matched. */
	json_t *ph = parse(
	    "[{\"slug\": \"a\"}, {\"slug\": \"b\", \"starts\": \"2021-02-29\", \"ends\": \"2022-01-01\"},"
	    " {\"slug\": \"c\", \"starts\": 2021, \"ends\": null},"
	    " {\"slug\": \"d\", \"starts\": \"2021-06-25\", \"ends\": \"2021-06-25\"}]");
	check_phase(ph, "2021-06-25", "d");
	check_phase(ph, "2021-06-24", NULL);
	check_phase(ph, "2021-06-26", NULL);
	json_decref(ph);
	/* Overlapping phases: the first in the list wins. */
	ph = parse("[{\"slug\": \"x\", \"starts\": \"2021-01-01\", \"ends\": \"2021-12-31\"},"
	           " {\"slug\": \"y\", \"starts\": \"2021-06-01\", \"ends\": \"2022-12-31\"}]");
	check_phase(ph, "2021-06-25", "x");
	check_phase(ph, "2022-01-01", "y");
	json_decref(ph);
}

/* ---- the plan in force ---- */

/* The slug of the plan in force on date (YYYY-MM-DD) among plans, or NULL. */
static const char *in_force(json_t *plans, const char *date)
{
	struct kdate d;
	if (date_parse(date, &d, NULL) < 0)
		fail_msg("bad test date %s", date);
	json_t *p = plan_in_force(plans, d);
	return p ? json_string_value(json_object_get(p, "slug")) : NULL;
}

static void check_in_force(json_t *plans, const char *date, const char *want)
{
	const char *got = in_force(plans, date);
	if (want == NULL && got == NULL)
		return;
	if (!want || !got || strcmp(want, got) != 0)
		fail_msg("plan in force on %s: got %s, expected %s", date, got ? got : "NULL",
		         want ? want : "NULL");
}

/* The plans keep ships, as the store lists them: The Promise (no priorities), Plan 21-24
 * (ended) and Plan 24-30 (published). */
static const char shipped_plans[] =
    "[{\"slug\": \"the-promise\", \"starts\": \"2020-04-01\", \"ends\": \"2030-03-31\", \"status\": "
    "\"published\","
    " \"priorities\": 0},"
    " {\"slug\": \"plan-21-24\", \"starts\": \"2021-04-01\", \"ends\": \"2024-03-31\", \"status\": \"ended\","
    " \"priorities\": 5},"
    " {\"slug\": \"plan-24-30\", \"starts\": \"2024-04-01\", \"ends\": \"2030-03-31\", \"status\": "
    "\"published\","
    " \"priorities\": 5}]";

static void test_in_force_shipped(void **state)
{
	(void)state;
	json_t *plans = parse(shipped_plans);
	check_in_force(plans, "2024-04-01", "plan-24-30");
	check_in_force(plans, "2026-12-07", "plan-24-30");
	check_in_force(plans, "2030-03-31", "plan-24-30");
	check_in_force(plans, "2030-04-01", NULL);
	/* Plan 21-24 has ended: on its own dates no plan is in force, and The Promise,
	 * which has no priorities, never is. */
	check_in_force(plans, "2022-06-01", NULL);
	check_in_force(plans, "2024-03-31", NULL);
	check_in_force(plans, "2020-05-01", NULL);
	/* The result is borrowed from the list given. */
	struct kdate d = {2026, 12, 7};
	assert_ptr_equal(plan_in_force(plans, d), json_array_get(plans, 2));
	json_decref(plans);
}

static void test_in_force_rule(void **state)
{
	(void)state;
	/* While Plan 21-24 was published, it was the plan in force on its dates. */
	json_t *plans = parse("[{\"slug\": \"p2124\", \"starts\": \"2021-04-01\", \"ends\": \"2024-03-31\", "
	                      "\"status\": \"published\","
	                      " \"priorities\": 5},"
	                      " {\"slug\": \"p2430\", \"starts\": \"2024-04-01\", \"ends\": \"2030-03-31\", "
	                      "\"status\": \"published\","
	                      " \"priorities\": 5}]");
	check_in_force(plans, "2021-04-01", "p2124");
	check_in_force(plans, "2024-03-31", "p2124");
	check_in_force(plans, "2024-04-01", "p2430");
	check_in_force(plans, "2021-03-31", NULL);
	json_decref(plans);
	/* A draft is never in force, nor a plan with no priorities, nor one with broken
	 * dates or no status. */
	plans = parse("[{\"slug\": \"draft\", \"starts\": \"2025-01-01\", \"ends\": \"2027-12-31\", "
	              "\"status\": \"draft\","
	              " \"priorities\": 3},"
	              " {\"slug\": \"empty\", \"starts\": \"2025-01-01\", \"ends\": \"2027-12-31\", "
	              "\"status\": \"published\","
	              " \"priorities\": 0},"
	              " {\"slug\": \"broken\", \"starts\": \"2025-02-30\", \"ends\": \"2027-12-31\", "
	              "\"status\": \"published\","
	              " \"priorities\": 2},"
	              " {\"slug\": \"unsaid\", \"starts\": \"2025-01-01\", \"ends\": \"2027-12-31\", "
	              "\"priorities\": 2},"
	              " {\"slug\": \"nocount\", \"starts\": \"2025-01-01\", \"ends\": \"2027-12-31\", "
	              "\"status\": \"published\"}]");
	check_in_force(plans, "2026-01-01", NULL);
	json_decref(plans);
	/* Where two published plans hold the day, the later-starting one has taken over,
	 * whatever the order of the list; on equal starts the first listed. */
	plans = parse("[{\"slug\": \"later\", \"starts\": \"2025-04-01\", \"ends\": \"2027-03-31\", "
	              "\"status\": \"published\","
	              " \"priorities\": 1},"
	              " {\"slug\": \"long\", \"starts\": \"2024-04-01\", \"ends\": \"2030-03-31\", "
	              "\"status\": \"published\","
	              " \"priorities\": 4},"
	              " {\"slug\": \"twin\", \"starts\": \"2025-04-01\", \"ends\": \"2026-03-31\", "
	              "\"status\": \"published\","
	              " \"priorities\": 1}]");
	check_in_force(plans, "2025-06-01", "later");
	check_in_force(plans, "2024-06-01", "long");
	check_in_force(plans, "2028-06-01", "long");
	json_decref(plans);
	assert_null(plan_in_force(NULL, (struct kdate){2026, 1, 1}));
}

/* ---- plan_content_load ---- */

static void test_content_load_plan_only(void **state)
{
	struct fx *f = *state;
	assert_int_equal(plan_content_load(f->s, false, &f->e), 0);
	json_t *c = store_counts(f->s, &f->e);
	assert_non_null(c);
	assert_int_equal(json_integer_value(json_object_get(c, "actions")),
	                 15 + 24); /* actions and route maps */
	assert_int_equal(json_integer_value(json_object_get(c, "organisations")), 0);
	assert_int_equal(json_integer_value(json_object_get(c, "commitments")), 0);
	json_decref(c);
	/* Every assessment rating stored is on the scale (or not yet given). */
	json_t *all = store_resource_all(f->s, "assessments", &f->e);
	size_t i;
	json_t *a;
	json_array_foreach(all, i, a)
	{
		json_t *r = json_object_get(a, "rating");
		if (!json_is_null(r) && !plan_rating_find(json_string_value(r)))
			fail_msg("assessment %s has rating %s, not on the scale",
			         json_string_value(json_object_get(a, "id")), json_string_value(r));
	}
	assert_true(json_array_size(all) > 0);
	json_decref(all);
}

static void test_content_load_with_demo(void **state)
{
	struct fx *f = *state;
	assert_int_equal(plan_content_load(f->s, true, &f->e), 0);
	json_t *c = store_counts(f->s, &f->e);
	assert_true(json_integer_value(json_object_get(c, "organisations")) > 0);
	assert_true(json_integer_value(json_object_get(c, "commitments")) > 0);
	json_decref(c);
	/* Every commitment status is one plan_status_words knows, or not yet recorded. */
	json_t *all = store_resource_all(f->s, "commitments", &f->e);
	size_t i;
	json_t *cm;
	json_array_foreach(all, i, cm)
	{
		json_t *st = json_object_get(cm, "status");
		if (!json_is_null(st))
			assert_string_not_equal(plan_status_words(json_string_value(st)), "Not yet recorded");
	}
	json_decref(all);
	/* Every lead role has words. */
	all = store_resource_all(f->s, "leads", &f->e);
	json_array_foreach(all, i, cm)
	{
		assert_string_not_equal(plan_role_words(json_string_value(json_object_get(cm, "role"))),
		                        "Not yet recorded");
	}
	json_decref(all);
}

/* On failure nothing is written: loading twice fails on the second and leaves the
 * first load as it was. */
static void test_content_load_is_one_transaction(void **state)
{
	struct fx *f = *state;
	assert_int_equal(plan_content_load(f->s, false, &f->e), 0);
	kerr_clear(&f->e);
	assert_int_equal(plan_content_load(f->s, true, &f->e), -1);
	assert_true(f->e.msg[0] != '\0');
	json_t *c = store_counts(f->s, &f->e);
	assert_int_equal(json_integer_value(json_object_get(c, "actions")),
	                 15 + 24); /* actions and route maps */
	assert_int_equal(json_integer_value(json_object_get(c, "organisations")), 0);
	json_decref(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rating_find),
	    cmocka_unit_test(test_rating_table),
	    cmocka_unit_test(test_status_words),
	    cmocka_unit_test(test_role_words),
	    cmocka_unit_test(test_shape_words),
	    cmocka_unit_test(test_drafts_seen_by),
	    cmocka_unit_test(test_plan_ended),
	    cmocka_unit_test_setup_teardown(test_phase_on_real_phases, setup_phases, teardown),
	    cmocka_unit_test_setup_teardown(test_phase_on_borrowed, setup_phases, teardown),
	    cmocka_unit_test(test_phase_on_odd_input),
	    cmocka_unit_test(test_in_force_shipped),
	    cmocka_unit_test(test_in_force_rule),
	    cmocka_unit_test_setup_teardown(test_content_load_plan_only, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_content_load_with_demo, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_content_load_is_one_transaction, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
