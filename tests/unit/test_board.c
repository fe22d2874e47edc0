/* Unit tests for src/plan/board.c: the Board's rule (at least half of the members serving
 * on a day are care experienced, and so is the one Chair) on hand-worked cases, the first
 * day it fails with its reason in words, and the member form's checks with their exact
 * messages. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "plan/board.h"

#define D(y, m, d) ((struct kdate){(y), (m), (d)})

/* A member serving from starts, still serving. */
static struct board_member serving(bool chair, bool experienced, struct kdate starts)
{
	return (struct board_member){chair, experienced, starts, false, {0, 0, 0}};
}

/* A member serving from starts through ends. */
static struct board_member ending(bool chair, bool experienced, struct kdate starts, struct kdate ends)
{
	return (struct board_member){chair, experienced, starts, true, ends};
}

static void test_rule_holds(void **state)
{
	(void)state;
	/* 2 of 4 care experienced (exactly half counts), Chair among them. */
	struct board_member m[] = {
		serving(true, true, D(2025, 4, 1)), serving(false, true, D(2025, 4, 1)),
		serving(false, false, D(2025, 4, 1)), serving(false, false, D(2025, 4, 1)),
	};
	struct board_verdict v;
	board_rule_check(m, 4, D(2026, 11, 25), &v);
	assert_true(v.holds_today);
	assert_false(v.fails);
	/* No one serving at all: nothing to break. */
	board_rule_check(m, 0, D(2026, 11, 25), &v);
	assert_true(v.holds_today);
	assert_false(v.fails);
}

static void test_rule_fails_later_fewer_than_half(void **state)
{
	(void)state;
	/* 4 of 7 today; a care-experienced member's term ends 31 March 2027, so from
	 * 1 April 2027 it is 3 of 6... and a new member who is not joins that day: 3 of 7. */
	struct board_member m[] = {
		serving(true, true, D(2025, 4, 1)),
		serving(false, true, D(2025, 4, 1)),
		serving(false, true, D(2025, 4, 1)),
		ending(false, true, D(2025, 4, 1), D(2027, 3, 31)),
		serving(false, false, D(2025, 4, 1)),
		serving(false, false, D(2025, 4, 1)),
		serving(false, false, D(2025, 4, 1)),
		serving(false, false, D(2027, 4, 1)),
	};
	struct board_verdict v;
	board_rule_check(m, 8, D(2026, 11, 25), &v);
	assert_true(v.holds_today);
	assert_true(v.fails);
	assert_int_equal(date_cmp(v.from, D(2027, 4, 1)), 0);
	assert_string_equal(v.why, "From 1 April 2027: 3 of 7 members are care experienced, fewer than half");
}

static void test_rule_chair_not_experienced(void **state)
{
	(void)state;
	/* The experienced Chair hands over on 1 January 2027 to one who is not. */
	struct board_member m[] = {
		ending(true, true, D(2024, 1, 1), D(2026, 12, 31)),
		serving(true, false, D(2027, 1, 1)),
		serving(false, true, D(2024, 1, 1)),
		serving(false, true, D(2024, 1, 1)),
	};
	struct board_verdict v;
	board_rule_check(m, 4, D(2026, 11, 25), &v);
	assert_true(v.holds_today);
	assert_string_equal(v.why, "From 1 January 2027: the Chair is not care experienced");
}

static void test_rule_no_chair_fails_today(void **state)
{
	(void)state;
	/* The Chair left on 30 June 2026 and no one has taken over: failing since 1 July,
	 * through a member joining in September (the run is unbroken). */
	struct board_member m[] = {
		ending(true, true, D(2024, 1, 1), D(2026, 6, 30)),
		serving(false, true, D(2024, 1, 1)),
		serving(false, true, D(2026, 9, 1)),
	};
	struct board_verdict v;
	board_rule_check(m, 3, D(2026, 11, 25), &v);
	assert_false(v.holds_today);
	assert_true(v.fails);
	assert_int_equal(date_cmp(v.from, D(2026, 7, 1)), 0);
	assert_string_equal(v.why, "From 1 July 2026: there is no Chair");
	char why[100];
	assert_true(board_rule_on(m, 3, D(2026, 6, 30), why, sizeof why));
	assert_false(board_rule_on(m, 3, D(2026, 7, 1), why, sizeof why));
	assert_string_equal(why, "there is no Chair");
}

static void test_rule_two_chairs_and_year_end(void **state)
{
	(void)state;
	struct board_member m[] = {
		serving(true, true, D(2024, 1, 1)),
		serving(true, true, D(2027, 1, 1)),
	};
	struct board_verdict v;
	board_rule_check(m, 2, D(2026, 12, 31), &v);
	assert_true(v.holds_today);
	assert_string_equal(v.why, "From 1 January 2027: there are 2 Chairs; there should be one");
	/* A term ending on 31 December: the member serves that day, not the next. */
	struct board_member e = ending(true, true, D(2024, 1, 1), D(2026, 12, 31));
	assert_true(board_member_serves(&e, D(2026, 12, 31)));
	assert_false(board_member_serves(&e, D(2027, 1, 1)));
}

static void test_form_check(void **state)
{
	(void)state;
	json_t *errors = json_object();
	struct board_form ok = {"Demo member 1", "chair", "yes", "2026-04-01", ""};
	assert_int_equal(board_form_check(&ok, errors), 0);
	struct board_form ok2 = {"Demo member 2", "member", "no", "2026-04-01", "2026-04-01"};
	assert_int_equal(board_form_check(&ok2, errors), 0);

	char longname[202];
	memset(longname, 'a', 201);
	longname[201] = 0;
	struct board_form bad = {longname, "boss", "maybe", "2026-02-30", "2026-13-01"};
	assert_int_equal(board_form_check(&bad, errors), 5);
	assert_string_equal(json_string_value(json_object_get(errors, "name")), "Keep the name to 200 characters or fewer.");
	assert_string_equal(json_string_value(json_object_get(errors, "role")), "Choose Chair or member.");
	assert_string_equal(json_string_value(json_object_get(errors, "care_experienced")),
	                    "Say whether the member is care experienced.");
	assert_string_equal(json_string_value(json_object_get(errors, "starts")),
	                    "Enter the start as a real date, like 2026-04-01.");
	assert_string_equal(json_string_value(json_object_get(errors, "ends")),
	                    "Enter the end as a real date, like 2028-03-31.");
	json_object_clear(errors);

	struct board_form empty = {" ", NULL, NULL, NULL, NULL};
	assert_int_equal(board_form_check(&empty, errors), 4);
	assert_string_equal(json_string_value(json_object_get(errors, "name")), "Enter the member's name.");
	assert_string_equal(json_string_value(json_object_get(errors, "starts")),
	                    "Enter the date the member starts, like 2026-04-01.");
	json_object_clear(errors);

	struct board_form backwards = {"Demo member 3", "member", "yes", "2026-04-01", "2026-03-31"};
	assert_int_equal(board_form_check(&backwards, errors), 1);
	assert_string_equal(json_string_value(json_object_get(errors, "ends")), "The end cannot be before the start.");
	json_decref(errors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule_holds),
		cmocka_unit_test(test_rule_fails_later_fewer_than_half),
		cmocka_unit_test(test_rule_chair_not_experienced),
		cmocka_unit_test(test_rule_no_chair_fails_today),
		cmocka_unit_test(test_rule_two_chairs_and_year_end),
		cmocka_unit_test(test_form_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
