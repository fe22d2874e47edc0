/* Unit tests for src/plan/gaps.c on the demo dataset: each kind of gap found, and each
 * leaving the list when what fills it is added. Changes are made with SQL here, so the
 * test does not lean on the write paths it is not about. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <string.h>

#include "demodb.h"
#include "plan/gaps.h"

#define D(y, m, d) ((struct kdate){(y), (m), (d)})

static void sql(struct demodb *f, const char *q)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	char *err = NULL;
	if (sqlite3_exec(db, q, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", q, err);
	sqlite3_close(db);
}

static bool listed(json_t *g, const char *kind, const char *id)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(g, kind), i,
	                   v) if (strcmp(json_string_value(json_object_get(v, "id")), id) == 0) return true;
	return false;
}

static size_t count(json_t *g, const char *kind)
{
	return json_array_size(json_object_get(g, kind));
}

static void test_gaps(void **state)
{
	struct demodb *f = *state;
	json_t *g = gaps_find(f->s, D(2025, 11, 1), &f->e);
	assert_non_null(g);
	/* The demo: 15 actions of Plan 21-24, 3 with a lead organisation; 5 with no
	 * commitment; Plan 24-30's 24 route maps, none with a lead or a commitment yet; 8
	 * commitments dated before November 2025, none recorded as done; 38 of the 43
	 * organisations have no commitment; one council area (Clackmannanshire) has a
	 * target, so 31 have none. */
	assert_int_equal(count(g, "actions_without_lead"), 12 + 24);
	assert_int_equal(count(g, "actions_without_commitment"), 5 + 24);
	assert_int_equal(count(g, "overdue_commitments"), 8);
	assert_int_equal(count(g, "organisations_without_commitments"), 38);
	assert_int_equal(count(g, "areas_without_target"), 31);
	assert_int_equal(json_integer_value(json_object_get(g, "total")), 12 + 24 + 5 + 24 + 8 + 38 + 31);
	assert_true(listed(g, "actions_without_lead", "advocacy"));
	assert_false(listed(g, "areas_without_target", "S12000005"));
	assert_true(listed(g, "areas_without_target", "S12000006"));
	json_t *first = json_array_get(json_object_get(g, "overdue_commitments"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "id")),
	                    "sg-girfec-refresh-information-sharing-charter");
	assert_string_equal(json_string_value(json_object_get(first, "due")), "2021-12-31");
	json_decref(g);

	/* An organisation with a key role is not a lead: the action is still listed. */
	sql(f, "INSERT INTO lead(action_id, organisation_id, role) SELECT a.id, o.id, 'key' FROM action a, "
	       "organisation o WHERE a.slug = 'advocacy' AND o.slug = 'celcis'");
	g = gaps_find(f->s, D(2025, 11, 1), &f->e);
	assert_true(listed(g, "actions_without_lead", "advocacy"));
	assert_int_equal(count(g, "actions_without_lead"), 12 + 24);
	json_decref(g);

	/* Filling each gap takes it off its list. */
	sql(f, "INSERT INTO lead(action_id, organisation_id, role) SELECT a.id, o.id, 'lead' FROM action a, "
	       "organisation o WHERE a.slug = 'advocacy' AND o.slug = 'cosla'");
	sql(f, "UPDATE commitment SET status = 'done' WHERE slug = "
	       "'sg-girfec-refresh-information-sharing-charter'");
	sql(f, "INSERT INTO target(slug, indicator_id, area, baseline, baseline_at, value, due, better) "
	       "SELECT 't', id, 'S12000006', 1, '2024-01-01', 2, '2030-01-01', 'higher' FROM indicator "
	       "WHERE slug = 'measure-restraint-rate'");
	g = gaps_find(f->s, D(2025, 11, 1), &f->e);
	assert_false(listed(g, "actions_without_lead", "advocacy"));
	assert_false(listed(g, "overdue_commitments", "sg-girfec-refresh-information-sharing-charter"));
	assert_false(listed(g, "areas_without_target", "S12000006"));
	assert_int_equal(count(g, "overdue_commitments"), 7);
	json_decref(g);
	/* Overdue counts from the day after the due date. */
	g = gaps_find(f->s, D(2022, 3, 31), &f->e);
	assert_int_equal(count(g, "overdue_commitments"), 0);
	json_decref(g);
	g = gaps_find(f->s, D(2022, 4, 1), &f->e);
	assert_int_equal(count(g, "overdue_commitments"), 2);
	json_decref(g);
}

static void test_kinds(void **state)
{
	(void)state;
	size_t n = 0;
	for (const struct gap_kind *k = gap_kinds; k->key; k++, n++)
		assert_true(k->title && k->none);
	assert_int_equal(n, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_gaps, demodb_setup, demodb_teardown),
	    cmocka_unit_test(test_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
