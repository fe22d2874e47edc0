/* Unit tests for the write side of indicators, targets and observations
 * (src/plan/target.c): who may, every check with its exact message, and each write
 * with its audit record, on the demo dataset. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "demodb.h"
#include "plan/target.h"

#define ACTOR "board@keep.test"

/* The message errors holds for field, or NULL. */
static const char *msg(json_t *errors, const char *field)
{
	return json_string_value(json_object_get(errors, field));
}

static int audit_count(struct demodb *f, const char *entity)
{
	json_t *all = store_audit_list(f->s, entity, NULL, NULL, &f->e);
	int n = (int)json_array_size(all);
	json_decref(all);
	return n;
}

static void test_who_may(void **state)
{
	(void)state;
	static const struct {
		const char *role;
		bool set, record;
	} cases[] = {
	    {"admin", true, true},  {"board", true, true},    {"staff", false, true},
	    {"editor", false, false}, {"viewer", false, false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *u = json_pack("{s:s}", "role", cases[i].role);
		assert_int_equal(target_may_set(u), cases[i].set);
		assert_int_equal(observation_may_record(u), cases[i].record);
		json_decref(u);
	}
	assert_false(target_may_set(NULL));
	assert_false(observation_may_record(NULL));
}

static void test_number(void **state)
{
	(void)state;
	double v = 0;
	assert_int_equal(target_number("12", &v), 0);
	assert_true(v == 12);
	assert_int_equal(target_number(" 12.5 ", &v), 0);
	assert_true(v == 12.5);
	assert_int_equal(target_number("-0.25", &v), 0);
	assert_true(v == -0.25);
	assert_int_equal(target_number(".5", &v), 0);
	assert_true(v == 0.5);
	static const char *const bad[] = {"", " ", "-", ".", "12,084", "1 000", "1e5", "0x1A", "inf", "nan",
	                                  "-inf", "NaN", "+3", "12.5.1", "twelve", "12%", "1,5", "--1"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(target_number(bad[i], &v), -1);
	/* Too many digits to be a figure anyone means. */
	assert_int_equal(target_number("1234567890123456789012345678901234567890123", &v), -1);
}

static void test_indicator_check(void **state)
{
	struct demodb *f = *state;
	json_t *errors = json_object();
	struct indicator_form empty = {0};
	assert_int_equal(indicator_check(f->s, &empty, errors), 5);
	assert_string_equal(msg(errors, "title"), "Enter the indicator's title.");
	assert_string_equal(msg(errors, "unit"), "Enter what it counts, like children or per cent.");
	assert_string_equal(msg(errors, "source"), "Enter where the figures come from.");
	assert_string_equal(msg(errors, "frequency"), "Choose how often it is published.");
	assert_string_equal(msg(errors, "foundation"), "Choose the foundation it serves, or the framework's outcome it "
	                                               "serves, or write the vision statement it serves.");
	json_object_clear(errors);

	struct indicator_form x = {"Young people in continuing care", "people", "Scottish Government", "weekly",
	                           "no-such-foundation", NULL, NULL, NULL, NULL, NULL};
	assert_int_equal(indicator_check(f->s, &x, errors), 2);
	assert_string_equal(msg(errors, "frequency"), "Choose how often it is published.");
	assert_string_equal(msg(errors, "foundation"), "Choose one of the foundations listed.");
	json_object_clear(errors);

	/* A vision statement alone will do, and so will a foundation alone. */
	x.frequency = "every-two-years";
	x.foundation = "";
	x.vision = "Aftercare";
	assert_int_equal(indicator_check(f->s, &x, errors), 0);
	x.foundation = "care";
	x.vision = NULL;
	assert_int_equal(indicator_check(f->s, &x, errors), 0);

	/* An outcome of the Promise Progress Framework alone will do too; it must be one of
	 * the outcomes loaded, and the level and kind one of the framework's or not given. */
	x.foundation = NULL;
	x.outcome = "more-young-people-receive-support";
	x.level = "contextual";
	x.kind = "process";
	assert_int_equal(indicator_check(f->s, &x, errors), 0);
	x.outcome = "no-such-outcome";
	x.level = "central";
	x.kind = "output";
	assert_int_equal(indicator_check(f->s, &x, errors), 3);
	assert_string_equal(msg(errors, "outcome"), "Choose one of the outcomes listed, or none.");
	assert_string_equal(msg(errors, "level"), "Choose core or contextual, or leave it as not known.");
	assert_string_equal(msg(errors, "kind"), "Choose process or outcome, or leave it as not known.");
	json_decref(errors);
}

/* A target form that passes, changed by each case. */
static struct target_form good_target(void)
{
	return (struct target_form){"child-protection", "S12000005", "", "A note.", "400", "2024-04-01", "350",
	                            "2030-03-31",   "lower"};
}

static void test_target_check(void **state)
{
	struct demodb *f = *state;
	json_t *errors = json_object();
	struct target_form t = good_target();
	assert_int_equal(target_check(f->s, &t, errors), 0);

	t.due = "2024-04-01";
	assert_int_equal(target_check(f->s, &t, errors), 1);
	assert_string_equal(msg(errors, "due"), "The due date must be after the baseline date (1 April 2024).");
	json_object_clear(errors);
	t.due = "2023-01-01";
	target_check(f->s, &t, errors);
	assert_string_equal(msg(errors, "due"), "The due date must be after the baseline date (1 April 2024).");
	json_object_clear(errors);

	t = good_target();
	t.indicator = "x";
	t.area = "S12000099";
	t.action = "no-such-action";
	t.baseline = "12,084";
	t.value = "inf";
	t.better = "more";
	t.baseline_at = "2024-02-30";
	t.due = "soon";
	assert_int_equal(target_check(f->s, &t, errors), 8);
	assert_string_equal(msg(errors, "indicator"), "There is no indicator called 'x'.");
	assert_string_equal(msg(errors, "area"), "Choose Scotland or one of the 32 council areas.");
	assert_string_equal(msg(errors, "action"), "Choose one of the actions listed.");
	assert_string_equal(msg(errors, "baseline"), "Enter a number, like 12 or 12.5.");
	assert_string_equal(msg(errors, "value"), "Enter a number, like 12 or 12.5.");
	assert_string_equal(msg(errors, "better"), "Choose whether a higher or a lower figure is better.");
	assert_string_equal(msg(errors, "baseline_at"), "Enter the baseline's date as a real date, like 2024-03-31.");
	assert_string_equal(msg(errors, "due"), "Enter the due date as a real date, like 2030-03-31.");
	json_object_clear(errors);

	struct target_form empty = {0};
	assert_int_equal(target_check(f->s, &empty, errors), 7);
	assert_string_equal(msg(errors, "indicator"), "Choose an indicator.");
	assert_string_equal(msg(errors, "area"), "Choose Scotland or one of the 32 council areas.");
	assert_string_equal(msg(errors, "baseline"), "Enter the baseline figure, like 12 or 12.5.");
	assert_string_equal(msg(errors, "value"), "Enter the target figure, like 12 or 12.5.");
	json_object_clear(errors);

	/* Scotland is an area too. */
	t = good_target();
	t.area = TARGET_SCOTLAND;
	t.baseline = "403";
	assert_int_equal(target_check(f->s, &t, errors), 0);
	json_decref(errors);
}

/* Plausibility: what a target may be, the same for form, API and import. */
static void test_target_plausible(void **state)
{
	struct demodb *f = *state;
	json_t *errors = json_object();
	/* Direction: lower is better, so the target is below the baseline (or equal). */
	struct target_form t = good_target();
	t.value = "450";
	assert_int_equal(target_check(f->s, &t, errors), 1);
	assert_string_equal(msg(errors, "value"),
	                    "A lower figure is better, so the target must be below the baseline (400), or equal to it.");
	json_object_clear(errors);
	t.value = "400";
	assert_int_equal(target_check(f->s, &t, errors), 0);
	t = good_target();
	t.better = "higher";
	assert_int_equal(target_check(f->s, &t, errors), 1);
	assert_string_equal(msg(errors, "value"),
	                    "A higher figure is better, so the target must be above the baseline (400), or equal to it.");
	json_object_clear(errors);
	/* A count of children is never below 0, and whole. */
	t = good_target();
	t.baseline = "-3.5";
	t.value = "-5";
	assert_int_equal(target_check(f->s, &t, errors), 2);
	assert_string_equal(msg(errors, "baseline"), "A count of children cannot be below 0.");
	assert_string_equal(msg(errors, "value"), "A count of children cannot be below 0.");
	json_object_clear(errors);
	t.baseline = "400";
	t.value = "350.5";
	assert_int_equal(target_check(f->s, &t, errors), 1);
	assert_string_equal(msg(errors, "value"), "A count of children is a whole number, like 12.");
	json_object_clear(errors);
	/* A target may be 1 to 4 children (it is not a published figure). */
	t.value = "3";
	assert_int_equal(target_check(f->s, &t, errors), 0);
	/* A share is 0 to 100. */
	t = (struct target_form){"measure-continuing-care-share", TARGET_SCOTLAND, "", "", "33", "2024-07-31", "101",
	                         "2030-07-31", "higher"};
	assert_int_equal(target_check(f->s, &t, errors), 1);
	assert_string_equal(msg(errors, "value"), "A share is a per cent, from 0 to 100.");
	json_object_clear(errors);
	/* Dates before 1900. */
	t = good_target();
	t.baseline_at = "1899-12-31";
	assert_int_equal(target_check(f->s, &t, errors), 1);
	assert_string_equal(msg(errors, "baseline_at"), "Enter a date from 1 January 1900 on.");
	json_object_clear(errors);
	json_decref(errors);
}

/* Plausibility and disclosure control of a figure typed by hand. */
static void test_observation_plausible(void **state)
{
	struct demodb *f = *state;
	setenv("KEEP_TODAY", "2026-12-07", 1);
	json_t *errors = json_object();
	struct observation_form o = {"child-protection", TARGET_SCOTLAND, "2031-07-31", "-5", "no", "SG"};
	assert_int_equal(observation_check(f->s, &o, errors), 2);
	assert_string_equal(msg(errors, "period"),
	                    "A figure counts to a day that has passed: enter a date up to today (7 December 2026).");
	assert_string_equal(msg(errors, "value"), "A count of children cannot be below 0.");
	json_object_clear(errors);
	o.period = "2026-12-07"; /* today is allowed */
	o.value = "12.5";
	assert_int_equal(observation_check(f->s, &o, errors), 1);
	assert_string_equal(msg(errors, "value"), "A count of children is a whole number, like 12.");
	json_object_clear(errors);
	o.period = "1899-07-31";
	o.value = "0";
	assert_int_equal(observation_check(f->s, &o, errors), 1);
	assert_string_equal(msg(errors, "period"), "Enter a date from 1 January 1900 on.");
	json_object_clear(errors);
	/* 1 to 4 children: never published; suppressed it may be recorded; 0 and 5 are figures. */
	o.period = "2025-07-31";
	for (const char *const *v = (const char *const[]){"1", "2", "4", "3.0", NULL}; *v; v++) {
		o.value = *v;
		assert_int_equal(observation_check(f->s, &o, errors), 1);
		assert_string_equal(msg(errors, "value"),
		                    "A count of 1 to 4 children is never published, so that no child can be picked out. "
		                    "Record the figure as suppressed instead, with no value.");
		json_object_clear(errors);
	}
	o.value = "0";
	assert_int_equal(observation_check(f->s, &o, errors), 0);
	o.value = "5";
	assert_int_equal(observation_check(f->s, &o, errors), 0);
	o.value = NULL;
	o.suppressed = "yes";
	assert_int_equal(observation_check(f->s, &o, errors), 0);
	/* A share: 0 to 100; an indicator that does not count children takes 1 to 4. */
	struct indicator_form x = {"Care leavers in work", "per cent", "SG", "annual", "care", NULL, "no", NULL, NULL, NULL};
	char slug[128];
	assert_int_equal(indicator_add(f->s, ACTOR, &x, slug, &f->e), 0);
	struct observation_form share = {slug, TARGET_SCOTLAND, "2025-07-31", "100.5", "no", "SG"};
	assert_int_equal(observation_check(f->s, &share, errors), 1);
	assert_string_equal(msg(errors, "value"), "A share is a per cent, from 0 to 100.");
	json_object_clear(errors);
	share.value = "-1";
	assert_int_equal(observation_check(f->s, &share, errors), 1);
	json_object_clear(errors);
	share.value = "3";
	assert_int_equal(observation_check(f->s, &share, errors), 0);
	json_decref(errors);
	unsetenv("KEEP_TODAY");
}

/* keep's measures are the one source of the indicators they feed. */
static void test_observation_computed(void **state)
{
	struct demodb *f = *state;
	bool made;
	assert_int_equal(store_begin(f->s, &f->e), 0);
	assert_int_equal(store_measure_indicator(f->s, "measure-secure-16-17", "Aged 16 or 17 in secure care",
	                                         "children", "keep measures", true, &made, &f->e),
	                 0);
	assert_int_equal(store_measure_observation(f->s, "measure-secure-16-17", "S12000023", "2024-07-31", "7",
	                                           "keep measures (import S12000023/2024)", &f->e),
	                 0);
	assert_int_equal(store_commit(f->s, &f->e), 0);
	json_t *x = store_resource_get(f->s, "indicators", "measure-secure-16-17", &f->e);
	assert_true(json_is_true(json_object_get(x, "computed")));
	assert_true(json_is_true(json_object_get(x, "counts_children")));
	json_decref(x);
	json_t *errors = json_object();
	struct observation_form o = {"measure-secure-16-17", "S12000023", "2024-07-31", "9", "no", "Board"};
	assert_int_equal(observation_check(f->s, &o, errors), 1);
	assert_string_equal(msg(errors, "indicator"),
	                    "The figures of 'Aged 16 or 17 in secure care' are worked out by keep from the councils' care "
	                    "records and published with keep measures --publish; they cannot be typed in. The figure "
	                    "for this area and date came from keep measures (import S12000023/2024).");
	json_object_clear(errors);
	o.period = "2023-07-31";
	assert_int_equal(observation_check(f->s, &o, errors), 1);
	assert_string_equal(msg(errors, "indicator"),
	                    "The figures of 'Aged 16 or 17 in secure care' are worked out by keep from the councils' care "
	                    "records and published with keep measures --publish; they cannot be typed in.");
	json_decref(errors);
	/* Nor deleted by hand. */
	assert_int_equal(observation_delete(f->s, ACTOR, "measure-secure-16-17/S12000023/2024-07-31", &f->e), -1);
	assert_int_equal(f->e.code, KERR_CONFLICT);
	json_t *kept = store_resource_get(f->s, "observations", "measure-secure-16-17/S12000023/2024-07-31", NULL);
	assert_non_null(kept);
	json_decref(kept);
}

/* An indicator the Board adds says whether it counts children. */
static void test_indicator_counts_children(void **state)
{
	struct demodb *f = *state;
	json_t *errors = json_object();
	struct indicator_form x = {"Children in secure care", "children", "Board", "annual", "care", NULL, "maybe", NULL, NULL, NULL};
	assert_int_equal(indicator_check(f->s, &x, errors), 1);
	assert_string_equal(msg(errors, "counts_children"), "Say whether the indicator counts children: yes or no.");
	json_decref(errors);
	x.counts_children = "yes";
	char slug[128];
	assert_int_equal(indicator_add(f->s, ACTOR, &x, slug, &f->e), 0);
	json_t *got = store_resource_get(f->s, "indicators", slug, &f->e);
	assert_true(json_is_true(json_object_get(got, "counts_children")));
	assert_true(json_is_false(json_object_get(got, "computed")));
	json_decref(got);
}

static void test_observation_check(void **state)
{
	struct demodb *f = *state;
	json_t *errors = json_object();
	struct observation_form o = {"child-protection", TARGET_SCOTLAND, "2025-07-31", "11900", "no", "SG"};
	assert_int_equal(observation_check(f->s, &o, errors), 0);
	o.suppressed = NULL; /* not given: not suppressed */
	assert_int_equal(observation_check(f->s, &o, errors), 0);

	o.suppressed = "yes";
	assert_int_equal(observation_check(f->s, &o, errors), 1);
	assert_string_equal(msg(errors, "value"), "Leave the value empty for a suppressed figure.");
	json_object_clear(errors);
	o.value = "";
	assert_int_equal(observation_check(f->s, &o, errors), 0);
	o.suppressed = "true"; /* as keep export writes it */
	assert_int_equal(observation_check(f->s, &o, errors), 0);

	o.suppressed = "no";
	assert_int_equal(observation_check(f->s, &o, errors), 1);
	assert_string_equal(msg(errors, "value"), "Enter the figure, like 12 or 12.5, or say it is suppressed.");
	json_object_clear(errors);

	struct observation_form bad = {"x", "Fife", "2025-13-01", "0x10", "maybe", " "};
	assert_int_equal(observation_check(f->s, &bad, errors), 5);
	assert_string_equal(msg(errors, "indicator"), "There is no indicator called 'x'.");
	assert_string_equal(msg(errors, "area"), "Choose Scotland or one of the 32 council areas.");
	assert_string_equal(msg(errors, "period"), "Enter the date the figure counts to, like 2024-07-31.");
	assert_string_equal(msg(errors, "suppressed"), "Say whether the figure is suppressed: yes or no.");
	assert_string_equal(msg(errors, "source"), "Enter where the figure comes from.");
	json_object_clear(errors);
	bad.suppressed = "no";
	observation_check(f->s, &bad, errors);
	assert_string_equal(msg(errors, "value"), "Enter a number, like 12 or 12.5.");
	json_decref(errors);
}

static void test_indicator_writes(void **state)
{
	struct demodb *f = *state;
	struct indicator_form x = {"Young people in continuing care", "people", "Scottish Government", "annual", "care",
	                           NULL, NULL, NULL, NULL, NULL};
	char slug[128];
	assert_int_equal(indicator_add(f->s, ACTOR, &x, slug, &f->e), 0);
	assert_string_equal(slug, "young-people-in-continuing-care");
	json_t *got = store_resource_get(f->s, "indicators", slug, &f->e);
	assert_string_equal(json_string_value(json_object_get(got, "foundation")), "care");
	assert_true(json_is_null(json_object_get(got, "vision")));
	json_decref(got);
	assert_int_equal(audit_count(f, "indicator"), 1);
	/* The same title again gets an id of its own. */
	assert_int_equal(indicator_add(f->s, ACTOR, &x, slug, &f->e), 0);
	assert_string_equal(slug, "young-people-in-continuing-care-2");
	/* Saved unchanged: nothing recorded. */
	assert_int_equal(indicator_change(f->s, ACTOR, slug, &x, &f->e), 0);
	assert_int_equal(audit_count(f, "indicator"), 2);
	x.vision = "Aftercare";
	assert_int_equal(indicator_change(f->s, ACTOR, slug, &x, &f->e), 0);
	json_t *log = store_audit_list(f->s, "indicator", slug, NULL, &f->e);
	assert_int_equal(json_array_size(log), 2);
	json_t *last = json_array_get(log, 1);
	assert_string_equal(json_string_value(json_object_get(last, "verb")), "update");
	assert_true(json_is_null(json_object_get(json_object_get(last, "before"), "vision")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(last, "after"), "vision")), "Aftercare");
	json_decref(log);
	assert_int_equal(indicator_change(f->s, ACTOR, "no-such", &x, &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
}

static const char *field_of(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The Promise Progress Framework as keep ships it: ten vision statements, each with
 * its source; an indicator the framework lists keeps its outcome, level and where it
 * is listed; the demo's indicators serve the outcomes their sources support. */
static void test_framework_loaded(void **state)
{
	struct demodb *f = *state;
	json_t *all = store_resource_all(f->s, "vision-statements", &f->e);
	assert_int_equal(json_array_size(all), 10);
	json_decref(all);
	json_t *v = store_resource_get(f->s, "vision-statements", "aftercare", &f->e);
	assert_non_null(v);
	assert_int_equal(json_integer_value(json_object_get(v, "position")), 9);
	assert_string_equal(field_of(v, "source_date"), "2024-12-18");
	assert_string_equal(json_string_value(json_array_get(json_object_get(v, "outcomes"), 0)),
	                    "more-young-people-receive-support");
	json_decref(v);
	json_t *x = store_resource_get(f->s, "indicators", "children-in-the-care-system", &f->e);
	assert_non_null(x);
	assert_string_equal(field_of(x, "outcome"), "children-entering-care-decreases");
	assert_string_equal(field_of(x, "vision_statement"), "supporting-children-to-stay-with-their-families");
	assert_string_equal(field_of(x, "level"), "core");
	assert_true(json_is_null(json_object_get(x, "kind")));
	assert_string_equal(field_of(x, "source"), "Children's Social Work Statistics, Scottish Government");
	assert_non_null(strstr(field_of(x, "framework_source"), "promise-story-progress"));
	json_decref(x);
	x = store_resource_get(f->s, "indicators", "measure-restraint-rate", &f->e);
	assert_string_equal(field_of(x, "outcome"), "fewer-children-restrained");
	assert_true(json_is_null(json_object_get(x, "framework_source")));
	json_decref(x);
	x = store_resource_get(f->s, "indicators", "measure-siblings-all-share", &f->e);
	assert_true(json_is_null(json_object_get(x, "outcome")));
	json_decref(x);
}

/* A framework file with a mistake is refused, naming where. */
static void test_framework_load_errors(void **state)
{
	struct demodb *f = *state;
	static const struct {
		const char *json, *msg;
	} cases[] = {
	    {"{\"vision_statements\": [{\"position\": 0, \"slug\": \"x\", \"title\": \"T\", \"source\": \"S\", "
	     "\"source_date\": \"2024-12-18\"}]}",
	     "vision_statements[0].position: expected a whole number from 1"},
	    {"{\"vision_statements\": [{\"position\": 11, \"slug\": \"x\", \"title\": \"T\", \"source\": \"S\", "
	     "\"source_date\": \"December 2024\"}]}",
	     "vision_statements[0].source_date: "},
	    {"{\"vision_statements\": [{\"position\": 11, \"slug\": \"x\", \"title\": \"T\", \"source\": \"S\", "
	     "\"source_date\": \"2024-12-18\", \"outcomes\": [{\"position\": 1, \"slug\": \"o\", \"text\": \"O\", "
	     "\"source\": \"S\", \"source_date\": \"2024-12-18\", \"indicators\": [{\"slug\": \"i\", \"title\": "
	     "\"I\", \"unit\": \"%\", \"level\": \"central\", \"source\": \"S\", \"source_date\": "
	     "\"2024-12-18\"}]}]}]}",
	     "vision_statements[0].outcomes[0].indicators[0]: CHECK constraint failed"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *doc = json_loads(cases[i].json, 0, NULL);
		assert_non_null(doc);
		assert_int_equal(store_begin(f->s, &f->e), 0);
		assert_int_equal(store_load_framework(f->s, doc, &f->e), -1);
		store_rollback(f->s);
		json_decref(doc);
		if (strncmp(f->e.msg, cases[i].msg, strlen(cases[i].msg)) != 0)
			fail_msg("case %zu: '%s' does not start '%s'", i, f->e.msg, cases[i].msg);
	}
}

/* An indicator's place in the framework is written, read back and audited, and a
 * change of it leaves where the framework lists the indicator as it was. */
static void test_indicator_framework_writes(void **state)
{
	struct demodb *f = *state;
	struct indicator_form x = {"Care leavers in touch", "%", "Scottish Government", "annual", NULL,
	                           NULL, NULL, "more-young-people-receive-support", "contextual", "outcome"};
	char slug[128];
	assert_int_equal(indicator_add(f->s, ACTOR, &x, slug, &f->e), 0);
	json_t *got = store_resource_get(f->s, "indicators", slug, &f->e);
	assert_string_equal(field_of(got, "outcome"), "more-young-people-receive-support");
	assert_string_equal(field_of(got, "vision_statement"), "aftercare");
	assert_string_equal(field_of(got, "level"), "contextual");
	assert_string_equal(field_of(got, "kind"), "outcome");
	json_decref(got);
	x.kind = NULL;
	assert_int_equal(indicator_change(f->s, ACTOR, slug, &x, &f->e), 0);
	json_t *log = store_audit_list(f->s, "indicator", slug, NULL, &f->e);
	assert_int_equal(json_array_size(log), 2);
	json_t *last = json_array_get(log, 1);
	assert_string_equal(field_of(json_object_get(last, "before"), "kind"), "outcome");
	assert_true(json_is_null(json_object_get(json_object_get(last, "after"), "kind")));
	json_decref(log);

	/* A loaded indicator given a kind keeps its outcome's source. */
	got = store_resource_get(f->s, "indicators", "children-entering-care", &f->e);
	struct indicator_form y = {field_of(got, "title"), field_of(got, "unit"), field_of(got, "source"), "annual",
	                           NULL, NULL, NULL, field_of(got, "outcome"), field_of(got, "level"), "outcome"};
	assert_int_equal(indicator_change(f->s, ACTOR, "children-entering-care", &y, &f->e), 0);
	json_decref(got);
	got = store_resource_get(f->s, "indicators", "children-entering-care", &f->e);
	assert_string_equal(field_of(got, "kind"), "outcome");
	assert_string_equal(field_of(got, "level"), "core");
	assert_string_equal(field_of(got, "framework_source_date"), "2024-12-18");
	json_decref(got);
}

static void test_target_writes(void **state)
{
	struct demodb *f = *state;
	struct target_form t = good_target();
	char slug[128];
	assert_int_equal(target_add(f->s, ACTOR, &t, slug, &f->e), 0);
	assert_string_equal(slug, "child-protection-clackmannanshire");
	json_t *got = store_resource_get(f->s, "targets", slug, &f->e);
	assert_true(json_number_value(json_object_get(got, "baseline")) == 400);
	assert_true(json_number_value(json_object_get(got, "value")) == 350);
	assert_string_equal(json_string_value(json_object_get(got, "due")), "2030-03-31");
	assert_true(json_is_null(json_object_get(got, "action")));
	json_decref(got);
	assert_int_equal(target_change(f->s, ACTOR, slug, &t, &f->e), 0);
	assert_int_equal(audit_count(f, "target"), 1);
	t.value = "300";
	t.action = "planning";
	assert_int_equal(target_change(f->s, ACTOR, slug, &t, &f->e), 0);
	got = store_resource_get(f->s, "targets", slug, &f->e);
	assert_true(json_number_value(json_object_get(got, "value")) == 300);
	assert_string_equal(json_string_value(json_object_get(got, "action")), "planning");
	json_decref(got);
	assert_int_equal(audit_count(f, "target"), 2);
	assert_int_equal(target_delete(f->s, ACTOR, slug, &f->e), 0);
	assert_null(store_resource_get(f->s, "targets", slug, NULL));
	json_t *log = store_audit_list(f->s, "target", slug, NULL, &f->e);
	json_t *del = json_array_get(log, 2);
	assert_string_equal(json_string_value(json_object_get(del, "verb")), "delete");
	assert_true(json_number_value(json_object_get(json_object_get(del, "before"), "value")) == 300);
	json_decref(log);
	assert_int_equal(target_delete(f->s, ACTOR, slug, &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
}

static void test_observation_writes(void **state)
{
	struct demodb *f = *state;
	struct observation_form o = {"child-protection", TARGET_SCOTLAND, "2025-07-31", "11900", "no", "SG"};
	enum observation_outcome out;
	char id[256];
	assert_int_equal(observation_put(f->s, ACTOR, &o, false, &out, id, &f->e), 0);
	assert_int_equal(out, OBSERVATION_ADDED);
	assert_string_equal(id, "child-protection/S92000003/2025-07-31");
	assert_int_equal(observation_put(f->s, ACTOR, &o, false, &out, id, &f->e), 0);
	assert_int_equal(out, OBSERVATION_UNCHANGED);
	assert_int_equal(audit_count(f, "observation"), 1);
	o.suppressed = "yes";
	o.value = NULL;
	assert_int_equal(observation_put(f->s, ACTOR, &o, false, &out, id, &f->e), 0);
	assert_int_equal(out, OBSERVATION_REPLACED);
	json_t *got = store_resource_get(f->s, "observations", id, &f->e);
	assert_true(json_is_null(json_object_get(got, "value")));
	assert_true(json_is_true(json_object_get(got, "suppressed")));
	json_decref(got);
	json_t *log = store_audit_list(f->s, "observation", id, NULL, &f->e);
	json_t *rep = json_array_get(log, 1);
	assert_string_equal(json_string_value(json_object_get(rep, "verb")), "update");
	assert_true(json_number_value(json_object_get(json_object_get(rep, "before"), "value")) == 11900);
	json_decref(log);
	assert_int_equal(observation_delete(f->s, ACTOR, id, &f->e), 0);
	assert_null(store_resource_get(f->s, "observations", id, NULL));
	assert_int_equal(audit_count(f, "observation"), 3);
	assert_int_equal(observation_delete(f->s, ACTOR, id, &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	assert_int_equal(observation_delete(f->s, ACTOR, "child-protection/S92000003", &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_who_may),
	    cmocka_unit_test(test_number),
	    cmocka_unit_test_setup_teardown(test_indicator_check, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_target_check, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_observation_check, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_indicator_writes, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_framework_loaded, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_framework_load_errors, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_indicator_framework_writes, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_target_writes, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_observation_writes, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_target_plausible, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_observation_plausible, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_observation_computed, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_indicator_counts_children, demodb_setup, demodb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
