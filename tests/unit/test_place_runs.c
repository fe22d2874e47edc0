/* Unit tests for plans for where children live: the run as JSON (src/place/run.c), saving
 * runs and decisions (src/plan/placeplan.c, src/store/placeplan.c), and who may see and
 * decide (docs/places.md "Runs and decisions"). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "place/place.h"
#include "plan/placeplan.h"
#include "plan/plan.h"
#include "store/store.h"
#include "testutil.h"

struct fixture {
	char dir[512];
	struct store *s;
	json_t *run;
};

/* Two requests (Glasgow City: a brother and sister placed together; the City of
 * Edinburgh: one child not placed) and two services. */
static json_t *make_run(void)
{
	static const struct place_service svc[] = {
	    {.regno = "CS2003000001", .name = "Hillside", .provider = "Hillside Care", .sector = PS_THIRD,
	     .type = PT_FOSTERING, .council = "S12000050", .places = 4, .age_from = 0, .age_to = 17,
	     .max_siblings = 3, .weekly_cost = 900, .status = PSS_ACTIVE},
	    {.regno = "CS2003000002", .name = "Shore", .provider = "Shore Ltd", .sector = PS_PRIVATE,
	     .type = PT_RESIDENTIAL_HOUSE, .outside_scotland = true, .places = 2, .age_from = 10, .age_to = 17,
	     .max_siblings = 1, .weekly_cost = -1, .status = PSS_ACTIVE},
	};
	static const struct place_vacancy vac[] = {
	    {.regno = "CS2003000001", .places = 3, .age_from = 0, .age_to = 17, .max_siblings = 3},
	    {.regno = "CS2003000002", .places = 1, .age_from = 10, .age_to = 17, .max_siblings = 1},
	};
	static const struct place_request req[] = {
	    {.ref = "R1", .n = 2, .child = {{MB_5_9, 0}, {MB_10_15, 1u << PN_EMOTIONAL}}, .together = true,
	     .home = "S12000049", .school = "S12000049", .urgency = PU_TODAY},
	    {.ref = "R2", .n = 1, .child = {{MB_16_17, 0}}, .home = "S12000036", .urgency = PU_WEEK},
	};
	struct place_instance in = {.req = req, .nreq = 2, .svc = svc, .vac = vac, .nsvc = 2, .nvac = 2};
	int where[] = {0, 0, -1};
	size_t first[] = {0, 2};
	bool together[] = {true, false};
	struct place_result r = {.status = PSV_OPTIMAL,
	                         .aim = {1, 2, 2, 2, 2, 1800},
	                         .bound = {1, 2, 2, 2, 2, 1800},
	                         .seconds = 0.25,
	                         .nchildren = 3,
	                         .where = where,
	                         .first = first,
	                         .together = together};
	const char *expl[] = {"Placed together with Hillside.", NULL};
	return place_run_json(&in, &r, (int32_t)date_days((struct kdate){2026, 12, 8}), expl);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (testutil_make_dir(f->dir, sizeof f->dir, "placeplan") < 0)
		return -1;
	char path[600];
	snprintf(path, sizeof path, "%s/keep.db", f->dir);
	struct kerr e = {0};
	f->s = store_open(path, STORE_CREATE, &e);
	if (!f->s || plan_content_load(f->s, true, &e) < 0) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	f->run = make_run();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	json_decref(f->run);
	store_close(f->s);
	testutil_remove_dir(f->dir);
	free(f);
	return 0;
}

static void who(struct fixture *f, const char *email, const char *role, const char *org, struct placeplan_who *w)
{
	json_t *a = org ? json_pack("{s:s,s:s,s:s}", "email", email, "role", role, "organisation", org)
	                : json_pack("{s:s,s:s}", "email", email, "role", role);
	struct kerr e = {0};
	assert_int_equal(placeplan_who_of(f->s, a, w, &e), 0);
	json_decref(a);
}

static void test_run_json(void **state)
{
	struct fixture *f = *state;
	json_t *q = json_array_get(json_object_get(f->run, "requests"), 0);
	assert_string_equal(json_string_value(json_object_get(f->run, "day")), "2026-12-08");
	assert_string_equal(json_string_value(json_object_get(f->run, "scope")), "national");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(f->run, "aims"), "weekly_cost")), 1800);
	assert_string_equal(json_string_value(json_object_get(q, "request")), "R1");
	json_t *rec = json_object_get(q, "recommendation");
	assert_true(json_is_true(json_object_get(rec, "together")));
	assert_int_equal(json_integer_value(json_object_get(rec, "placed")), 2);
	json_t *c = json_array_get(json_object_get(rec, "children"), 1);
	assert_string_equal(json_string_value(json_object_get(c, "service")), "CS2003000001");
	assert_string_equal(json_string_value(json_object_get(c, "sector")), "third");
	/* North Lanarkshire is next to Glasgow City */
	assert_true(json_is_true(json_object_get(c, "near_home")));
	json_t *needs = json_object_get(json_array_get(json_object_get(q, "children"), 1), "needs");
	assert_string_equal(json_string_value(json_array_get(needs, 0)), "emotional");
	json_t *q2 = json_array_get(json_object_get(f->run, "requests"), 1);
	rec = json_object_get(q2, "recommendation");
	assert_true(json_is_null(json_object_get(rec, "together")));
	assert_true(json_is_null(json_array_get(json_object_get(rec, "children"), 0)));
	assert_true(json_is_null(json_object_get(q2, "school")));
	/* nothing that names a child: the requests hold only these members */
	const char *key;
	json_t *v;
	json_object_foreach(q, key, v)
	{
		const char *ok[] = {"request", "home", "school", "together", "urgency", "children", "recommendation"};
		bool known = false;
		for (size_t i = 0; i < 7; i++)
			known = known || strcmp(key, ok[i]) == 0;
		if (!known)
			fail_msg("a request's member '%s'", key);
	}
}

static void test_save_and_decide(void **state)
{
	struct fixture *f = *state;
	struct placeplan_who staff, glasgow_ed, glasgow_view, edinburgh_ed, board, stranger;
	who(f, "staff@example.org", "staff", NULL, &staff);
	who(f, "ed@glasgow.example", "editor", "glasgow-city-council", &glasgow_ed);
	who(f, "view@glasgow.example", "viewer", "glasgow-city-council", &glasgow_view);
	who(f, "ed@edinburgh.example", "editor", "city-of-edinburgh-council", &edinburgh_ed);
	who(f, "board@example.org", "board", NULL, &board);
	struct kerr e = {0};
	assert_int_equal(placeplan_who_of(f->s, NULL, &stranger, &e), 0);
	assert_true(staff.all);
	assert_string_equal(glasgow_ed.council, "S12000049");
	assert_true(glasgow_ed.may_decide);
	assert_false(glasgow_view.may_decide);
	assert_false(placeplan_may_see(&board));
	assert_false(placeplan_may_see(&stranger));

	/* a council's editor may not save a plan holding another council's request */
	long long id = 0;
	assert_int_equal(placeplan_save(f->s, &glasgow_ed, f->run, &id, &e), -1);
	assert_int_equal(e.code, KERR_USAGE);
	assert_int_equal(placeplan_save(f->s, &staff, f->run, &id, &e), 0);
	assert_true(id > 0);

	json_t *list = placeplan_list(f->s, &staff, &e);
	assert_int_equal(json_array_size(list), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "requests")), 2);
	json_decref(list);
	list = placeplan_list(f->s, &glasgow_view, &e);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "requests")), 1);
	json_decref(list);
	list = placeplan_list(f->s, &board, &e);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);

	/* Glasgow sees its own request only */
	json_t *run = placeplan_get(f->s, &glasgow_view, id, &e);
	assert_non_null(run);
	assert_int_equal(json_array_size(json_object_get(run, "requests")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(run, "requests"), 0), "request")),
	                    "R1");
	json_decref(run);
	assert_null(placeplan_get(f->s, &stranger, id, &e));
	assert_int_equal(e.code, KERR_NOTFOUND);

	/* decisions */
	assert_int_equal(placeplan_decide(f->s, &glasgow_view, id, "R1", "accepted", NULL, &e), -1);
	assert_int_equal(e.code, KERR_USAGE);
	assert_int_equal(placeplan_decide(f->s, &edinburgh_ed, id, "R1", "accepted", NULL, &e), -1);
	assert_int_equal(e.code, KERR_NOTFOUND);
	assert_int_equal(placeplan_decide(f->s, &glasgow_ed, id, "R1", "maybe", NULL, &e), -1);
	assert_int_equal(e.code, KERR_INVALID);
	assert_int_equal(placeplan_decide(f->s, &glasgow_ed, id, "R9", "accepted", NULL, &e), -1);
	assert_int_equal(e.code, KERR_NOTFOUND);
	char longer[1100];
	memset(longer, 'x', 1001);
	longer[1001] = '\0';
	assert_int_equal(placeplan_decide(f->s, &glasgow_ed, id, "R1", "rejected", longer, &e), -1);
	assert_string_equal(e.msg, "reason: at most 1000 characters");
	assert_int_equal(placeplan_decide(f->s, &glasgow_ed, id, "R1", "rejected", "the school is too far", &e), 0);
	assert_int_equal(placeplan_decide(f->s, &staff, id, "R1", "accepted", "", &e), 0);
	run = placeplan_get(f->s, &staff, id, &e);
	json_t *d = json_object_get(json_array_get(json_object_get(run, "requests"), 0), "decision");
	assert_string_equal(json_string_value(json_object_get(d, "decision")), "accepted");
	assert_true(json_is_null(json_object_get(d, "reason")));
	assert_string_equal(json_string_value(json_object_get(d, "by")), "staff@example.org");
	assert_int_equal(json_array_size(json_object_get(run, "decisions")), 2);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(json_object_get(run, "decisions"), 0), "reason")),
	    "the school is too far");
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(run, "requests"), 1), "decision")));
	json_decref(run);

	/* each write audited */
	json_t *audit = store_audit_list(f->s, "place-plan", NULL, NULL, &e);
	assert_int_equal(json_array_size(audit), 1);
	json_decref(audit);
	audit = store_audit_list(f->s, "place-plan-decision", NULL, NULL, &e);
	assert_int_equal(json_array_size(audit), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(audit, 0), "actor")), "ed@glasgow.example");
	json_decref(audit);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_run_json, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_save_and_decide, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
