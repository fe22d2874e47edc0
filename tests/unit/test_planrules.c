/* Unit tests for src/plan/planrules.c: the rules of a plan, a phase, a priority area or
 * foundation group, an action or route map and a milestone, each problem a message on
 * its field; and what passes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "plan/planrules.h"

static const char *const foundations[] = {"voice", "family", "care", "people", "scaffolding", NULL};
static const char *const fundamentals[] = {"what-matters",      "listening", "poverty",
                                           "children-s-rights", "language",  NULL};
static const struct planrules_in plan2430 = {"plan-24-30", "Plan 24-30", "route_maps", "2024-04-01",
                                             "2030-03-31"};
static const struct planrules_in plan2124 = {"plan-21-24", "Plan 21-24", "priorities", "2021-04-01",
                                             "2024-03-31"};

/* The message errors holds for field, or fails. */
static const char *msg_of(json_t *errors, const char *field)
{
	const char *m = json_string_value(json_object_get(errors, field));
	if (!m) {
		char *dump = json_dumps(errors, 0);
		fail_msg("no message for %s in %s", field, dump ? dump : "?");
	}
	return m;
}

static void has(json_t *errors, const char *field, const char *part)
{
	const char *m = msg_of(errors, field);
	if (!strstr(m, part))
		fail_msg("%s: '%s' does not say '%s'", field, m, part);
}

/* ---- a plan ---- */

static struct planrules_plan good_plan(void)
{
	return (struct planrules_plan){
	    "plan-24-30", "Plan 24-30", "The plan.",  "2024-04-01",
	    "2030-03-31", "published",  "route_maps", "https://thepromise.scot/plan-24-30",
	    "2024-06-20"};
}

static void test_plan_good(void **state)
{
	(void)state;
	json_t *errors = json_object();
	struct planrules_plan f = good_plan();
	assert_int_equal(planrules_plan_check(&f, errors), 0);
	/* Only title and dates are required. */
	f = (struct planrules_plan){.title = "Plan 25-27", .starts = "2025-04-01", .ends = "2027-03-31"};
	assert_int_equal(planrules_plan_check(&f, errors), 0);
	json_decref(errors);
}

static void test_plan_bad(void **state)
{
	(void)state;
	json_t *errors = json_object();
	struct planrules_plan f = {"Plan 24",         "  ",       NULL, "2024-02-30", NULL, "live", "lists",
	                           "thepromise.scot", "June 2024"};
	assert_int_equal(planrules_plan_check(&f, errors), 8);
	has(errors, "slug", "'Plan 24'");
	has(errors, "title", "Enter the plan's title");
	has(errors, "starts", "real date");
	has(errors, "starts", "'2024-02-30'");
	has(errors, "ends", "Enter the date the plan ends");
	has(errors, "status", "draft, published or ended");
	has(errors, "shape", "route maps");
	has(errors, "source", "'thepromise.scot'");
	has(errors, "source_date", "'June 2024'");
	json_decref(errors);

	errors = json_object();
	f = good_plan();
	f.starts = "2030-04-01";
	assert_int_equal(planrules_plan_check(&f, errors), 1);
	has(errors, "ends", "on or after the start date (1 April 2030)");
	json_decref(errors);

	errors = json_object();
	f = good_plan();
	f.status = "draft";
	f.slug = "new";
	assert_int_equal(planrules_plan_check(&f, errors), 1);
	has(errors, "slug", "'new'");
	json_decref(errors);
}

static void test_slug_and_address(void **state)
{
	(void)state;
	assert_true(planrules_slug_valid("plan-24-30"));
	assert_true(planrules_slug_valid("a"));
	assert_false(planrules_slug_valid(""));
	assert_false(planrules_slug_valid("-a"));
	assert_false(planrules_slug_valid("a-"));
	assert_false(planrules_slug_valid("a--b"));
	assert_false(planrules_slug_valid("A"));
	assert_false(planrules_slug_valid("a b"));
	assert_false(planrules_slug_valid("new"));
	assert_false(planrules_slug_valid("a123456789012345678901234567890123456789012345678901234567890"));
	assert_true(planrules_address_valid("https://thepromise.scot/plan-24-30"));
	assert_true(planrules_address_valid("http://example.org"));
	assert_false(planrules_address_valid("https://"));
	assert_false(planrules_address_valid("ftp://example.org"));
	assert_false(planrules_address_valid("https://example.org/a b"));
	assert_false(planrules_address_valid("javascript:alert(1)"));
	assert_false(planrules_address_valid(NULL));
}

/* ---- a phase ---- */

static void test_phase(void **state)
{
	(void)state;
	json_t *errors = json_object();
	struct planrules_phase f = {NULL, "Years one and two", "2024-26", NULL, "2024-04-01", "2026-03-31"};
	assert_int_equal(planrules_phase_check(&f, &plan2430, errors), 0);
	f.starts = "2024-03-31";
	f.ends = "2030-04-01";
	assert_int_equal(planrules_phase_check(&f, &plan2430, errors), 2);
	has(errors, "starts", "The start date 2024-03-31 is outside its plan's dates");
	has(errors, "starts", "Plan 24-30 runs from 1 April 2024 to 31 March 2030");
	has(errors, "ends", "The end date 2030-04-01 is outside");
	json_decref(errors);

	errors = json_object();
	f = (struct planrules_phase){NULL, NULL, NULL, NULL, "2026-04-01", "2025-04-01"};
	assert_int_equal(planrules_phase_check(&f, &plan2430, errors), 2);
	has(errors, "title", "Enter the phase's title");
	has(errors, "ends", "on or after the start date (1 April 2026)");
	json_decref(errors);
}

/* ---- a priority area or foundation group ---- */

static void test_priority(void **state)
{
	(void)state;
	json_t *errors = json_object();
	struct planrules_priority f = {"voice-route-maps", "Voice", NULL, "voice"};
	assert_int_equal(planrules_priority_check(&f, &plan2430, foundations, errors), 0);
	f.foundation = NULL;
	assert_int_equal(planrules_priority_check(&f, &plan2430, foundations, errors), 1);
	has(errors, "foundation", "Plan 24-30 groups its route maps under the foundations");
	json_decref(errors);

	errors = json_object();
	f.foundation = "courage";
	planrules_priority_check(&f, &plan2430, foundations, errors);
	has(errors, "foundation", "There is no foundation called 'courage'");
	json_decref(errors);

	errors = json_object();
	f = (struct planrules_priority){NULL, "A good childhood", "Text", NULL};
	assert_int_equal(planrules_priority_check(&f, &plan2124, foundations, errors), 0);
	f.foundation = "voice";
	assert_int_equal(planrules_priority_check(&f, &plan2124, foundations, errors), 1);
	has(errors, "foundation", "leave the foundation empty");
	json_decref(errors);

	errors = json_object();
	f = (struct planrules_priority){NULL, NULL, NULL, NULL};
	planrules_priority_check(&f, &plan2124, foundations, errors);
	has(errors, "title", "Enter the priority area's title");
	json_decref(errors);
}

/* ---- an action or route map ---- */

static struct planrules_action good_route_map(const char *const *fnd, size_t nf)
{
	return (struct planrules_action){
	    .slug = "where-children-live",
	    .title = "Where children live",
	    .priority = "care-route-maps",
	    .priority_plan = "plan-24-30",
	    .priority_plan_title = "Plan 24-30",
	    .now = "Today.",
	    .outcomes = "One\nTwo",
	    .due = "2030-03-31",
	    .source = "https://thepromise.scot/plan-24-30/where-children-live",
	    .source_date = "2025-12-01",
	    .foundations = fnd,
	    .nfoundations = nf,
	};
}

static void test_action_good(void **state)
{
	(void)state;
	const char *const fnd[] = {"care", "family"};
	const char *const fun[] = {"poverty"};
	json_t *errors = json_object();
	struct planrules_action f = good_route_map(fnd, 2);
	f.fundamentals = fun;
	f.nfundamentals = 1;
	assert_int_equal(planrules_action_check(&f, &plan2430, foundations, fundamentals, errors), 0);
	/* An action of a priorities plan need not name a foundation. */
	f = (struct planrules_action){
	    .title = "Advocacy", .priority = "a-good-childhood", .priority_plan = "plan-21-24"};
	assert_int_equal(planrules_action_check(&f, &plan2124, foundations, fundamentals, errors), 0);
	/* A source kept as stored is not checked again. */
	f.source = f.source_was = "seed 000";
	assert_int_equal(planrules_action_check(&f, &plan2124, foundations, fundamentals, errors), 0);
	json_decref(errors);
}

static void test_action_other_plan(void **state)
{
	(void)state;
	const char *const fnd[] = {"care"};
	json_t *errors = json_object();
	struct planrules_action f = good_route_map(fnd, 1);
	f.priority = "a-good-childhood";
	f.priority_plan = "plan-21-24";
	f.priority_plan_title = "Plan 21-24";
	assert_int_equal(planrules_action_check(&f, &plan2430, foundations, fundamentals, errors), 1);
	has(errors, "priority", "The foundation 'a-good-childhood' belongs to Plan 21-24, not to Plan 24-30");
	json_decref(errors);

	errors = json_object();
	f.priority = "nowhere";
	f.priority_plan = NULL;
	planrules_action_check(&f, &plan2430, foundations, fundamentals, errors);
	has(errors, "priority", "There is no foundation called 'nowhere'");
	json_decref(errors);

	errors = json_object();
	f.priority = NULL;
	planrules_action_check(&f, &plan2124, foundations, fundamentals, errors);
	has(errors, "priority", "Choose the priority area it comes under.");
	json_decref(errors);
}

static void test_route_map_no_foundation(void **state)
{
	(void)state;
	json_t *errors = json_object();
	struct planrules_action f = good_route_map(NULL, 0);
	assert_int_equal(planrules_action_check(&f, &plan2430, foundations, fundamentals, errors), 1);
	has(errors, "foundations", "A route map serves at least one foundation");
	json_decref(errors);
}

static void test_action_bad(void **state)
{
	(void)state;
	const char *const fnd[] = {"care", "courage"};
	const char *const fun[] = {"poverty", "poverty"};
	char long_text[PLANRULES_TEXT_MAX + 2];
	memset(long_text, 'x', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	json_t *errors = json_object();
	struct planrules_action f = good_route_map(fnd, 2);
	f.fundamentals = fun;
	f.nfundamentals = 2;
	f.title = "";
	f.slug = "Where";
	f.due = "2030-13-01";
	f.source = "seed 000";
	f.source_date = "2025";
	f.now = long_text;
	assert_int_equal(planrules_action_check(&f, &plan2430, foundations, fundamentals, errors), 8);
	has(errors, "title", "Enter the route map's title.");
	has(errors, "slug", "route map's web address name 'Where'");
	has(errors, "due", "'2030-13-01'");
	has(errors, "source", "'seed 000'");
	has(errors, "source_date", "'2025'");
	has(errors, "now", "Keep where Scotland is now to 20,000 characters or fewer.");
	has(errors, "foundations", "There is no foundation called 'courage'");
	has(errors, "fundamentals", "The fundamental 'poverty' is named twice");
	json_decref(errors);
	/* A source that names only its month gives a month; not a month that is none. */
	errors = json_object();
	const char *const care[] = {"care"};
	f = good_route_map(care, 1);
	f.source_date = "2025-12";
	assert_int_equal(planrules_action_check(&f, &plan2430, foundations, fundamentals, errors), 0);
	f.source_date = "2025-13";
	assert_int_equal(planrules_action_check(&f, &plan2430, foundations, fundamentals, errors), 1);
	has(errors, "source_date", "like 2025-12, when the source names no day ('2025-13' is neither)");
	json_decref(errors);
}

/* ---- a milestone ---- */

static void test_milestone(void **state)
{
	(void)state;
	json_t *errors = json_object();
	struct planrules_milestone f = {
	    "by the end of 2025", "2025-12-31", "A thing happens.", NULL, NULL, NULL};
	assert_int_equal(planrules_milestone_check(&f, &plan2430, errors), 0);
	f.due = NULL; /* no date: only words */
	assert_int_equal(planrules_milestone_check(&f, &plan2430, errors), 0);
	f.due = "2031-01-01";
	assert_int_equal(planrules_milestone_check(&f, &plan2430, errors), 1);
	assert_string_equal(
	    msg_of(errors, "due"),
	    "The due date 2031-01-01 is outside its plan's dates (Plan 24-30 runs from 1 April 2024 to "
	    "31 March 2030): enter a date between them.");
	json_decref(errors);

	errors = json_object();
	f = (struct planrules_milestone){NULL, "tomorrow", " ", "https://", NULL, NULL};
	assert_int_equal(planrules_milestone_check(&f, &plan2430, errors), 3);
	has(errors, "text", "Say what is to happen");
	has(errors, "due", "'tomorrow'");
	has(errors, "source", "web address");
	json_decref(errors);
}

/* The first message on a field stays: a caller's own check (a taken slug, say) wins. */
static void test_first_message_kept(void **state)
{
	(void)state;
	json_t *errors = json_pack("{s:s}", "title", "Already said.");
	struct planrules_plan f = {.starts = "2024-04-01", .ends = "2030-03-31"};
	assert_int_equal(planrules_plan_check(&f, errors), 1);
	assert_string_equal(msg_of(errors, "title"), "Already said.");
	json_decref(errors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plan_good),          cmocka_unit_test(test_plan_bad),
	    cmocka_unit_test(test_slug_and_address),   cmocka_unit_test(test_phase),
	    cmocka_unit_test(test_priority),           cmocka_unit_test(test_action_good),
	    cmocka_unit_test(test_action_other_plan),  cmocka_unit_test(test_route_map_no_foundation),
	    cmocka_unit_test(test_action_bad),         cmocka_unit_test(test_milestone),
	    cmocka_unit_test(test_first_message_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
