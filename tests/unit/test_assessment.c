/* Unit tests for src/plan/assessment.c: who may record an assessment, each field's
 * check, and a recorded assessment landing with its audit record (on the demo content). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "demodb.h"

#include "base/date.h"
#include "base/kerr.h"
#include "plan/assessment.h"
#include "plan/plan.h"
#include "store/store.h"

static struct kdate day(const char *iso)
{
	struct kdate d;
	assert_int_equal(date_parse(iso, &d, NULL), 0);
	return d;
}

static void test_who_may_record(void **state)
{
	(void)state;
	const char *roles[][2] = {{"board", "1"}, {"admin", "1"}, {"staff", "0"}, {"editor", "0"}, {"viewer", "0"}};
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		json_t *u = json_pack("{s:s}", "role", roles[i][0]);
		assert_int_equal(assessment_may_record(u), roles[i][1][0] == '1');
		json_decref(u);
	}
	assert_false(assessment_may_record(NULL));
}

static void test_checks(void **state)
{
	(void)state;
	struct kdate today = day("2026-11-25");
	json_t *errors = json_object();
	struct assessment_form ok = {"2026-11-25", "at_risk", "Found wanting.", NULL};
	assert_int_equal(assessment_check(&ok, today, errors), 0);
	struct assessment_form none = {NULL, "achieved", "Done.", ""};
	assert_int_equal(assessment_check(&none, today, errors), 0);

	struct assessment_form bad = {"2026-11-26", "great", " ", NULL};
	assert_int_equal(assessment_check(&bad, today, errors), 3);
	assert_string_equal(json_string_value(json_object_get(errors, "date")), "The date cannot be in the future.");
	assert_string_equal(json_string_value(json_object_get(errors, "rating")), "Choose one of the ratings listed.");
	assert_string_equal(json_string_value(json_object_get(errors, "text")), "Say why: what the Board found.");
	json_object_clear(errors);

	struct assessment_form notdate = {"2026-02-30", NULL, "x", NULL};
	assert_int_equal(assessment_check(&notdate, today, errors), 2);
	assert_string_equal(json_string_value(json_object_get(errors, "date")),
	                    "Enter a real date as YYYY-MM-DD, for example 2026-03-31.");
	json_decref(errors);
}

static void test_add_is_audited(void **state)
{
	struct demodb *f = *state;
	struct assessment_form a = {"2026-11-20", "under_way_on_track", "On track.", "Keep going."};
	char id[128];
	assert_int_equal(assessment_add(f->s, "board@example.org", "planning", &a, day("2026-11-25"), id, &f->e), 0);
	json_t *item = store_resource_get(f->s, "assessments", id, &f->e);
	assert_non_null(item);
	assert_string_equal(json_string_value(json_object_get(item, "at")), "2026-11-20");
	assert_string_equal(json_string_value(json_object_get(item, "source")), ASSESSMENT_SOURCE);
	assert_string_equal(json_string_value(json_object_get(item, "next_steps")), "Keep going.");
	json_decref(item);
	json_t *audit = store_audit_list(f->s, "assessment", id, NULL, &f->e);
	assert_int_equal(json_array_size(audit), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(audit, 0), "actor")), "board@example.org");
	json_decref(audit);

	/* An unknown action: nothing written, not even the audit record. */
	assert_int_equal(assessment_add(f->s, "board@example.org", "nowhere", &a, day("2026-11-25"), id, &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	audit = store_audit_list(f->s, "assessment", NULL, NULL, &f->e);
	assert_int_equal(json_array_size(audit), 1);
	json_decref(audit);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_who_may_record),
	    cmocka_unit_test(test_checks),
	    cmocka_unit_test_setup_teardown(test_add_is_audited, demodb_setup, demodb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
