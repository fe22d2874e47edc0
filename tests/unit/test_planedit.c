/* Unit tests for src/plan/planedit.c: keeping the Plan on the demo database. Plans,
 * phases, priority areas, actions and milestones are created, changed and deleted,
 * each write audited; the checks refuse what the rules refuse, with what only the store
 * knows (a slug taken, a plan's dates leaving its phases out); deleting what has
 * commitments, evidence or targets is refused naming them, and nothing is written. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "demodb.h"
#include "plan/planedit.h"

static const char actor[] = "staff@keep.local";

static void has(json_t *errors, const char *field, const char *part)
{
	const char *m = json_string_value(json_object_get(errors, field));
	if (!m || !strstr(m, part)) {
		char *dump = json_dumps(errors, 0);
		fail_msg("%s does not say '%s': %s", field, part, dump ? dump : "?");
	}
}

/* How many audit records entity id has, and the verb of the last. */
static size_t audits(struct store *s, const char *entity, const char *id, const char **last_verb)
{
	struct kerr e = {0};
	json_t *list = store_audit_list(s, entity, id, NULL, &e);
	assert_non_null(list);
	size_t n = json_array_size(list);
	static char verb[32];
	snprintf(verb, sizeof verb, "%s",
	         n ? json_string_value(json_object_get(json_array_get(list, n - 1), "verb")) : "");
	if (last_verb)
		*last_verb = verb;
	json_decref(list);
	return n;
}

static bool exists(struct store *s, const char *resource, const char *id)
{
	json_t *x = store_resource_get(s, resource, id, NULL);
	json_decref(x);
	return x != NULL;
}

static const char *field(struct store *s, const char *resource, const char *id, const char *key)
{
	static char out[512];
	json_t *x = store_resource_get(s, resource, id, NULL);
	snprintf(out, sizeof out, "%s",
	         x && json_string_value(json_object_get(x, key)) ? json_string_value(json_object_get(x, key))
	                                                         : "(null)");
	json_decref(x);
	return out;
}

/* Plan 25-27 (a plan after Plan 24-30, as seed 003 expects) as a draft route maps plan,
 * with its care group (care-route-maps is Plan 24-30's) and a route map. */
static void make_plan_2527(struct demodb *f)
{
	json_t *errors = json_object();
	struct planrules_plan p = {
	    NULL,         "Plan 25-27", NULL,         "2025-04-01",
	    "2027-03-31", "draft",      "route_maps", "https://thepromise.scot/plan-25-27",
	    "2025-06-20"};
	assert_int_equal(planedit_plan_check(f->s, NULL, &p, errors), 0);
	char slug[128];
	assert_int_equal(planedit_plan_add(f->s, actor, &p, slug, &f->e), 0);
	assert_string_equal(slug, "plan-25-27");
	struct planrules_priority g = {NULL, "Care", NULL, "care"};
	assert_int_equal(planedit_priority_check(f->s, "plan-25-27", NULL, &g, errors), 0);
	assert_int_equal(planedit_priority_add(f->s, actor, "plan-25-27", &g, slug, &f->e), 0);
	assert_string_equal(slug, "plan-25-27-care");
	const char *const fnd[] = {"care", "family"};
	const char *const fun[] = {"poverty"};
	struct planrules_action a = {.title = "Where children stay",
	                             .priority = "plan-25-27-care",
	                             .now = "Where Scotland is now.",
	                             .outcomes = "One\nTwo",
	                             .foundations = fnd,
	                             .nfoundations = 2,
	                             .fundamentals = fun,
	                             .nfundamentals = 1};
	assert_int_equal(planedit_action_check(f->s, "plan-25-27", NULL, &a, errors), 0);
	assert_int_equal(planedit_action_add(f->s, actor, &a, slug, &f->e), 0);
	assert_string_equal(slug, "where-children-stay");
	json_decref(errors);
}

static void test_plan_create_change(void **state)
{
	struct demodb *f = *state;
	make_plan_2527(f);
	const char *verb;
	assert_int_equal(audits(f->s, "plan", "plan-25-27", &verb), 1);
	assert_string_equal(verb, "create");
	assert_string_equal(field(f->s, "plans", "plan-25-27", "status"), "draft");
	assert_string_equal(field(f->s, "plans", "plan-25-27", "shape"), "route_maps");
	assert_string_equal(field(f->s, "priorities", "plan-25-27-care", "foundation"), "care");
	assert_string_equal(field(f->s, "actions", "where-children-stay", "now"), "Where Scotland is now.");
	json_t *a = store_resource_get(f->s, "actions", "where-children-stay", &f->e);
	assert_non_null(a);
	assert_int_equal(json_array_size(json_object_get(a, "foundations")), 2);
	assert_string_equal(json_string_value(json_array_get(json_object_get(a, "fundamentals"), 0)),
	                    "poverty");
	json_decref(a);
	assert_int_equal(audits(f->s, "action", "where-children-stay", NULL), 1);

	/* Publishing it: one update record; saving it again unchanged records nothing. */
	struct planrules_plan p = {NULL,        "Plan 25-27", NULL, "2025-04-01", "2027-03-31",
	                           "published", NULL,         NULL, NULL};
	assert_int_equal(planedit_plan_change(f->s, actor, "plan-25-27", &p, &f->e), 0);
	assert_int_equal(planedit_plan_change(f->s, actor, "plan-25-27", &p, &f->e), 0);
	assert_int_equal(audits(f->s, "plan", "plan-25-27", &verb), 2);
	assert_string_equal(verb, "update");
	assert_string_equal(field(f->s, "plans", "plan-25-27", "status"), "published");
	assert_string_equal(field(f->s, "plans", "plan-25-27", "shape"), "route_maps");

	/* The same slug again is refused by the check; a second plan of the same title gets -2. */
	json_t *errors = json_object();
	struct planrules_plan again = {"plan-25-27", "Plan 25-27", NULL, "2025-04-01", "2027-03-31",
	                               NULL,         NULL,         NULL, NULL};
	assert_int_equal(planedit_plan_check(f->s, NULL, &again, errors), 1);
	has(errors, "slug", "There is already a plan with the web address name 'plan-25-27'");
	json_decref(errors);
}

static void test_plan_dates_hold_phases(void **state)
{
	struct demodb *f = *state;
	json_t *errors = json_object();
	/* The Promise's phases run 2020-04-01 to 2030-03-31. */
	struct planrules_plan p = {NULL, "The Promise", NULL, "2021-04-01", "2029-03-31",
	                           NULL, NULL,          NULL, NULL};
	assert_int_equal(planedit_plan_check(f->s, "the-promise", &p, errors), 2);
	has(errors, "starts", "falls on 1 April 2020, before this date");
	has(errors, "ends", "falls on 31 March 2030, after this date");
	json_decref(errors);
	/* Its shape cannot change while it has priority areas. */
	errors = json_object();
	struct planrules_plan q = {NULL, "Plan 21-24", NULL, "2021-04-01", "2024-03-31",
	                           NULL, "route_maps", NULL, NULL};
	assert_int_equal(planedit_plan_check(f->s, "plan-21-24", &q, errors), 1);
	has(errors, "shape", "its shape cannot change");
	json_decref(errors);
}

static void test_phase(void **state)
{
	struct demodb *f = *state;
	make_plan_2527(f);
	json_t *errors = json_object();
	struct planrules_phase ph = {NULL, "Years one and two", "2025-26", NULL, "2024-01-01", "2026-03-31"};
	assert_int_equal(planedit_phase_check(f->s, "plan-25-27", NULL, &ph, errors), 1);
	has(errors, "starts", "The start date 2024-01-01 is outside its plan's dates (Plan 25-27 runs from");
	json_decref(errors);
	errors = json_object();
	ph.starts = "2025-04-01";
	assert_int_equal(planedit_phase_check(f->s, "plan-25-27", NULL, &ph, errors), 0);
	char slug[128];
	assert_int_equal(planedit_phase_add(f->s, actor, "plan-25-27", &ph, slug, &f->e), 0);
	assert_string_equal(slug, "years-one-and-two");
	assert_string_equal(field(f->s, "phases", slug, "plan"), "plan-25-27");
	/* A change is checked against its own plan's dates. */
	ph.ends = "2031-01-01";
	assert_int_equal(planedit_phase_check(f->s, NULL, slug, &ph, errors), 1);
	has(errors, "ends", "outside its plan's dates");
	json_decref(errors);
	ph.ends = "2027-03-31";
	assert_int_equal(planedit_phase_change(f->s, actor, slug, &ph, &f->e), 0);
	assert_string_equal(field(f->s, "phases", slug, "ends"), "2027-03-31");
	assert_int_equal(planedit_phase_delete(f->s, actor, slug, &f->e), 0);
	assert_false(exists(f->s, "phases", slug));
	const char *verb;
	assert_int_equal(audits(f->s, "phase", slug, &verb), 3);
	assert_string_equal(verb, "delete");
}

static void test_action_rules(void **state)
{
	struct demodb *f = *state;
	make_plan_2527(f);
	json_t *errors = json_object();
	/* A route map put under a priority area of Plan 21-24. */
	struct planrules_action a = {.title = "Moving on", .priority = "a-good-childhood"};
	assert_true(planedit_action_check(f->s, "plan-25-27", NULL, &a, errors) >= 1);
	has(errors, "priority", "The foundation 'a-good-childhood' belongs to Plan 21-24, not to Plan 25-27");
	has(errors, "foundations", "A route map serves at least one foundation");
	json_decref(errors);
	/* Moving an existing route map under another plan's priority area. */
	errors = json_object();
	const char *const fnd[] = {"care"};
	struct planrules_action b = {
	    .title = "Where children stay", .priority = "planning", .foundations = fnd, .nfoundations = 1};
	assert_int_equal(planedit_action_check(f->s, NULL, "where-children-stay", &b, errors), 1);
	has(errors, "priority", "belongs to Plan 21-24, not to Plan 25-27");
	json_decref(errors);
	/* A milestone outside its plan's dates. */
	errors = json_object();
	struct planrules_milestone m = {NULL, "2031-01-01", "Something", NULL, NULL, NULL};
	assert_int_equal(planedit_milestone_check(f->s, "where-children-stay", NULL, &m, errors), 1);
	has(errors, "due",
	    "The due date 2031-01-01 is outside its plan's dates (Plan 25-27 runs from 1 April 2025");
	json_decref(errors);
	/* Nothing was written by the checks. */
	assert_int_equal(audits(f->s, "action", "where-children-stay", NULL), 1);
	assert_false(exists(f->s, "actions", "moving-on"));
}

static void test_action_change_and_milestones(void **state)
{
	struct demodb *f = *state;
	make_plan_2527(f);
	const char *const fnd[] = {"voice"};
	struct planrules_action a = {.title = "Where children stay",
	                             .priority = "plan-25-27-care",
	                             .outcomes = "Three",
	                             .due = "2027-03-31",
	                             .source = "https://thepromise.scot/route-maps",
	                             .source_date = "2025-12-01",
	                             .foundations = fnd,
	                             .nfoundations = 1};
	assert_int_equal(planedit_action_change(f->s, actor, "where-children-stay", &a, &f->e), 0);
	json_t *x = store_resource_get(f->s, "actions", "where-children-stay", &f->e);
	assert_string_equal(json_string_value(json_object_get(x, "outcomes")), "Three");
	assert_true(json_is_null(json_object_get(x, "now")));
	assert_int_equal(json_array_size(json_object_get(x, "foundations")), 1);
	assert_int_equal(json_array_size(json_object_get(x, "fundamentals")), 0);
	json_decref(x);
	assert_int_equal(audits(f->s, "action", "where-children-stay", NULL), 2);

	struct planrules_milestone m = {
	    "by the end of 2025", "2025-12-31", "Something happens.", NULL, NULL, NULL};
	char id[256];
	assert_int_equal(planedit_milestone_add(f->s, actor, "where-children-stay", &m, id, &f->e), 0);
	assert_string_equal(id, "where-children-stay-001");
	assert_int_equal(planedit_milestone_add(f->s, actor, "where-children-stay", &m, id, &f->e), 0);
	assert_string_equal(id, "where-children-stay-002");
	m.text = "Something else happens.";
	assert_int_equal(planedit_milestone_change(f->s, actor, "where-children-stay-001", &m, &f->e), 0);
	assert_string_equal(field(f->s, "milestones", "where-children-stay-001", "text"),
	                    "Something else happens.");
	assert_int_equal(planedit_milestone_delete(f->s, actor, "where-children-stay-002", &f->e), 0);
	assert_false(exists(f->s, "milestones", "where-children-stay-002"));
	assert_int_equal(audits(f->s, "milestone", "where-children-stay-001", NULL), 2);
	const char *verb;
	assert_int_equal(audits(f->s, "milestone", "where-children-stay-002", &verb), 2);
	assert_string_equal(verb, "delete");
	assert_int_equal(planedit_milestone_delete(f->s, actor, "where-children-stay-009", &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);

	char action[128];
	int pos;
	assert_int_equal(planedit_milestone_id("investment-003", action, &pos), 0);
	assert_string_equal(action, "investment");
	assert_int_equal(pos, 3);
	assert_int_equal(planedit_milestone_id("investment", action, &pos), -1);
	assert_int_equal(planedit_milestone_id("investment-x1", action, &pos), -1);
	assert_int_equal(planedit_milestone_id("-001", action, &pos), -1);
}

static void test_delete_refused(void **state)
{
	struct demodb *f = *state;
	/* planning has 4 commitments, 2 targets, an assessment, heard notes and lead roles. */
	assert_int_equal(planedit_action_delete(f->s, actor, "planning", &f->e), -1);
	assert_int_equal(f->e.code, KERR_CONFLICT);
	assert_non_null(strstr(f->e.msg, "This action still has 4 commitments, 2 targets"));
	assert_non_null(strstr(f->e.msg, "nothing was deleted"));
	assert_true(exists(f->s, "actions", "planning"));
	assert_int_equal(audits(f->s, "action", "planning", NULL), 0);
	/* A priority area whose actions have commitments names them. */
	assert_int_equal(planedit_priority_delete(f->s, actor, "a-good-childhood", &f->e), -1);
	assert_int_equal(f->e.code, KERR_CONFLICT);
	assert_non_null(strstr(f->e.msg, "Records still hang off actions under this priority area: "));
	assert_non_null(strstr(f->e.msg, "'Advocacy' has 1 commitment"));
	assert_true(exists(f->s, "priorities", "a-good-childhood"));
	assert_true(exists(f->s, "actions", "schools-and-exclusion"));
	/* And a plan. */
	assert_int_equal(planedit_plan_delete(f->s, actor, "plan-21-24", &f->e), -1);
	assert_non_null(strstr(f->e.msg, "; and 6 more. Delete or move them first"));
	assert_true(exists(f->s, "plans", "plan-21-24"));
	assert_int_equal(audits(f->s, NULL, NULL, NULL), 0);
}

static void test_delete_cascades(void **state)
{
	struct demodb *f = *state;
	/* family-therapy has nothing hanging off it. */
	assert_int_equal(planedit_action_delete(f->s, actor, "family-therapy", &f->e), 0);
	assert_false(exists(f->s, "actions", "family-therapy"));
	const char *verb;
	assert_int_equal(audits(f->s, "action", "family-therapy", &verb), 1);
	assert_string_equal(verb, "delete");

	make_plan_2527(f);
	struct planrules_milestone m = {NULL, "2025-12-31", "Something happens.", NULL, NULL, NULL};
	char id[256], slug[128];
	assert_int_equal(planedit_milestone_add(f->s, actor, "where-children-stay", &m, id, &f->e), 0);
	struct planrules_phase ph = {NULL, "Years one and two", NULL, NULL, "2025-04-01", "2026-03-31"};
	assert_int_equal(planedit_phase_add(f->s, actor, "plan-25-27", &ph, slug, &f->e), 0);
	assert_int_equal(planedit_plan_delete(f->s, actor, "plan-25-27", &f->e), 0);
	assert_false(exists(f->s, "plans", "plan-25-27"));
	assert_false(exists(f->s, "actions", "where-children-stay"));
	assert_false(exists(f->s, "priorities", "plan-25-27-care"));
	assert_false(exists(f->s, "phases", "years-one-and-two"));
	assert_false(exists(f->s, "milestones", id));
	assert_int_equal(audits(f->s, "milestone", id, &verb), 2);
	assert_string_equal(verb, "delete");
	assert_int_equal(audits(f->s, "action", "where-children-stay", &verb), 2);
	assert_string_equal(verb, "delete");
	assert_int_equal(audits(f->s, "priority", "plan-25-27-care", &verb), 2);
	assert_string_equal(verb, "delete");
	assert_int_equal(audits(f->s, "phase", "years-one-and-two", &verb), 2);
	assert_string_equal(verb, "delete");
	assert_int_equal(audits(f->s, "plan", "plan-25-27", &verb), 2);
	assert_string_equal(verb, "delete");
}

static void test_who_may(void **state)
{
	(void)state;
	json_t *u = json_pack("{s:s}", "role", "staff");
	assert_true(planedit_may(u));
	json_object_set_new(u, "role", json_string("admin"));
	assert_true(planedit_may(u));
	json_object_set_new(u, "role", json_string("board"));
	assert_false(planedit_may(u));
	json_object_set_new(u, "role", json_string("organisation"));
	assert_false(planedit_may(u));
	assert_false(planedit_may(NULL));
	json_decref(u);
}

/* The demo database read as staff read it: the server lets staff, admins and the Board
 * see draft plans on each of their requests (store_drafts_set), and these tests write
 * as staff, some of it under a draft plan. */
static int staff_setup(void **state)
{
	int rc = demodb_setup(state);
	if (rc == 0)
		store_drafts_set(((struct demodb *)*state)->s, true);
	return rc;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_plan_create_change, staff_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_plan_dates_hold_phases, staff_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_phase, staff_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_action_rules, staff_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_action_change_and_milestones, staff_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_delete_refused, staff_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_delete_cascades, staff_setup, demodb_teardown),
	    cmocka_unit_test(test_who_may),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
