/* Unit tests for The Money's spend lines: the checks of a line (src/money/spend.c), the
 * summaries worked by hand (docs/money.md "Spend"), and the domain's writes with their
 * audit (src/plan/spend.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "money/spend.h"
#include "plan/commitment.h"
#include "plan/plan.h"
#include "plan/spend.h"
#include "store/store.h"

static struct spend_form good(void)
{
	return (struct spend_form){.area = "S12000047",
	                           .year = "2024-25",
	                           .organisation = "fife-council",
	                           .heading = "foster_care",
	                           .level = "services",
	                           .kind = "crisis_acute",
	                           .pooled = "no",
	                           .amount = "1250000",
	                           .source = "Fife Council, revenue budget 2024-25"};
}

/* The message check gives field for f, or NULL when the field is fine. */
static const char *problem(const struct spend_form *f, const char *field)
{
	static char msg[300];
	json_t *errors = json_object();
	struct spend_line l;
	spend_check(f, &l, errors);
	const char *m = json_string_value(json_object_get(errors, field));
	snprintf(msg, sizeof msg, "%s", m ? m : "");
	json_decref(errors);
	return m ? msg : NULL;
}

static void test_good_line(void **state)
{
	(void)state;
	struct spend_form f = good();
	struct spend_line l;
	json_t *errors = json_object();
	assert_int_equal(spend_check(&f, &l, errors), 0);
	json_decref(errors);
	assert_string_equal(l.area, "S12000047");
	assert_int_equal(l.year, 2024);
	assert_int_equal(l.heading, spend_heading_of("foster_care"));
	assert_int_equal(l.level, SPEND_SERVICES);
	assert_int_equal(l.kind, SPEND_CRISIS_ACUTE);
	assert_false(l.pooled);
	assert_int_equal(l.share, 100);
	assert_true(l.amount == 1250000);
	f.year = "2024";
	assert_null(problem(&f, "year"));
}

static void test_each_field_checked(void **state)
{
	(void)state;
	struct spend_form f = good();
	f.area = "Fife";
	assert_non_null(problem(&f, "area"));
	f = good(), f.area = NULL;
	assert_non_null(problem(&f, "area"));
	f = good(), f.year = "2024-26";
	assert_non_null(problem(&f, "year"));
	f = good(), f.year = "1989";
	assert_non_null(problem(&f, "year"));
	f = good(), f.organisation = "";
	assert_non_null(problem(&f, "organisation"));
	f = good(), f.heading = "foster";
	assert_non_null(problem(&f, "heading"));
	f = good(), f.level = "local";
	assert_non_null(problem(&f, "level"));
	f = good(), f.kind = "prevention";
	assert_non_null(problem(&f, "kind"));
	f = good(), f.pooled = "maybe";
	assert_non_null(problem(&f, "pooled"));
	f = good(), f.amount = "1,250,000";
	assert_non_null(problem(&f, "amount"));
	f = good(), f.amount = "0";
	assert_non_null(problem(&f, "amount"));
	f = good(), f.amount = "100000000001";
	assert_non_null(problem(&f, "amount"));
	f = good(), f.amount = "100000000000";
	assert_null(problem(&f, "amount"));
	f = good(), f.source = "";
	assert_non_null(problem(&f, "source"));
	f = good(), f.source_date = "2024-13";
	assert_non_null(problem(&f, "source_date"));
	f = good(), f.source_date = "2024-03";
	assert_null(problem(&f, "source_date"));
	f = good(), f.made_up = "true";
	assert_non_null(problem(&f, "made_up"));
	/* a share or partners without a pooled budget */
	f = good(), f.share = "60";
	assert_non_null(problem(&f, "share"));
	f = good(), f.pooled_with = "nhs-fife=40";
	assert_non_null(problem(&f, "pooled_with"));
}

static void test_pooled_shares(void **state)
{
	(void)state;
	struct spend_form f = good();
	f.pooled = "yes";
	f.share = "60";
	f.pooled_with = "nhs-fife=30; Fife Health and Social Care Partnership=10;";
	struct spend_line l;
	json_t *errors = json_object();
	assert_int_equal(spend_check(&f, &l, errors), 0);
	json_decref(errors);
	assert_int_equal(l.share, 60);
	assert_int_equal((int)l.npartners, 2);
	assert_string_equal(l.partners[1].name, "Fife Health and Social Care Partnership");
	assert_int_equal(l.partners[1].share, 10);
	char words[2048];
	spend_partners_words(&l, words, sizeof words);
	assert_string_equal(words, "nhs-fife=30; Fife Health and Social Care Partnership=10");
	/* 60 + 30 = 90: the message says what they add up to */
	f.pooled_with = "nhs-fife=30";
	assert_string_equal(problem(&f, "pooled_with"),
	                    "The shares add up to 90%: the payer's and the partners' must add up to 100%.");
	f.pooled_with = "nhs-fife=30; nhs-fife=10";
	assert_string_equal(problem(&f, "pooled_with"), "Name each partner once.");
	f.pooled_with = "fife-council=40";
	assert_non_null(problem(&f, "pooled_with"));
	f.pooled_with = "nhs-fife";
	assert_non_null(problem(&f, "pooled_with"));
	f.pooled_with = "nhs-fife=0; x=40";
	assert_non_null(problem(&f, "pooled_with"));
	f.pooled_with = NULL;
	assert_non_null(problem(&f, "pooled_with"));
	f.pooled_with = "nhs-fife=40";
	f.share = NULL;
	assert_non_null(problem(&f, "share"));
	f.share = "100";
	assert_non_null(problem(&f, "share"));
}

static struct spend_line line(const char *area, int year, const char *heading, const char *level, const char *kind,
                              int64_t amount, bool pooled, bool made_up)
{
	struct spend_line l = {0};
	snprintf(l.area, sizeof l.area, "%s", area);
	l.year = year;
	l.heading = spend_heading_of(heading);
	l.level = spend_level_of(level);
	l.kind = spend_kind_of(kind);
	l.amount = amount;
	l.pooled = pooled;
	l.made_up = made_up;
	return l;
}

/* docs/money.md "Spend", worked by hand: Fife 2024-25 spends £600,000 on foster care
 * (crisis), £300,000 on intensive family support (early help, pooled) and £100,000 on
 * mental health (early help); 2023-25 £800,000 in all. Scotland adds a national
 * £1,000,000 of the Whole Family Wellbeing Fund in 2024-25. */
static void test_summaries_by_hand(void **state)
{
	(void)state;
	struct spend_line lines[] = {
		line("S12000047", 2024, "foster_care", "services", "crisis_acute", 600000, false, false),
		line("S12000047", 2024, "intensive_family_support", "families_places", "early_help_prevention", 300000,
		     true, true),
		line("S12000047", 2024, "mental_health", "services", "early_help_prevention", 100000, false, false),
		line("S12000047", 2023, "foster_care", "services", "crisis_acute", 800000, false, false),
		line(SPEND_SCOTLAND, 2024, "whole_family_wellbeing_fund", "national_system", "early_help_prevention",
		     1000000, false, false),
		line("S12000005", 2024, "kinship_care", "families_places", "crisis_acute", 50000, false, false),
	};
	struct spend_summary s[4];
	size_t n = spend_summarise(lines, 6, "S12000047", s, 4);
	assert_int_equal((int)n, 2);
	assert_int_equal(s[0].year, 2023);
	assert_true(s[0].total == 800000);
	assert_int_equal(s[1].year, 2024);
	assert_true(s[1].total == 1000000);
	assert_int_equal((int)s[1].lines, 3);
	assert_int_equal((int)s[1].made_up, 1);
	assert_true(s[1].by_heading[spend_heading_of("foster_care")] == 600000);
	assert_true(s[1].by_group[SPEND_CARE] == 600000);
	assert_true(s[1].by_group[SPEND_ASSOCIATED] == 100000);
	assert_true(s[1].by_group[SPEND_FAMILY] == 300000);
	assert_true(s[1].by_level[SPEND_SERVICES] == 700000);
	assert_true(s[1].by_level[SPEND_FAMILIES_PLACES] == 300000);
	assert_true(s[1].by_kind[SPEND_EARLY_HELP] == 400000);
	assert_true(s[1].pooled == 300000);
	/* 400,000 of 1,000,000 is 40.0%; the pooled 30.0%; up 25.0% on 800,000 */
	assert_true(spend_tenths(s[1].by_kind[SPEND_EARLY_HELP], s[1].total) == 400);
	assert_true(spend_tenths(s[1].pooled, s[1].total) == 300);
	assert_true(spend_change_tenths(s[0].total, s[1].total) == 250);
	/* Scotland: every line, national and local: 2,050,000 in 2024-25 */
	n = spend_summarise(lines, 6, SPEND_SCOTLAND, s, 4);
	assert_int_equal((int)n, 2);
	assert_true(s[1].total == 2050000);
	assert_true(s[1].by_level[SPEND_NATIONAL_SYSTEM] == 1000000);
	/* 1,400,000 of 2,050,000 = 68.29...%: 68.3% */
	assert_true(spend_tenths(s[1].by_kind[SPEND_EARLY_HELP], s[1].total) == 683);
	/* more years than room: the count of years, the first max filled */
	assert_int_equal((int)spend_summarise(lines, 6, SPEND_SCOTLAND, s, 1), 2);
	assert_int_equal(s[0].year, 2023);
	/* an area with no lines */
	assert_int_equal((int)spend_summarise(lines, 6, "S12000049", s, 4), 0);
}

static void test_rounding(void **state)
{
	(void)state;
	/* half up: 1 of 8 is 12.5% exactly; 1 of 3 is 33.33..%: 33.3%; 2 of 3 66.7% */
	assert_true(spend_tenths(1, 8) == 125);
	assert_true(spend_tenths(1, 3) == 333);
	assert_true(spend_tenths(2, 3) == 667);
	assert_true(spend_tenths(1, 2000) == 1);  /* 0.05% rounds up to 0.1% */
	assert_true(spend_tenths(1, 2001) == 0);
	assert_true(spend_tenths(5, 0) == -1);
	/* a fall: 1,000 to 875 is down 12.5%, away from zero */
	assert_true(spend_change_tenths(1000, 875) == -125);
	assert_true(spend_change_tenths(0, 5) == INT64_MIN);
	/* per child: £1,000,000 for 3 children is £333,333.33: £333,333; 7 for 2 is 3.5: 4 */
	assert_true(spend_per_child(1000000, 3) == 333333);
	assert_true(spend_per_child(7, 2) == 4);
	assert_true(spend_per_child(7, 0) == -1);
	assert_int_equal(spend_census_year(2024), 2024);
	char p[32], q[32];
	spend_pounds(50000000, p);
	assert_string_equal(p, "\xc2\xa3" "50,000,000");
	spend_pounds(999, p);
	assert_string_equal(p, "\xc2\xa3" "999");
	spend_percent(625, q);
	assert_string_equal(q, "62.5%");
	spend_percent(-1, q);
	assert_string_equal(q, "not available");
}

/* ---- the domain: writes with their audit */

struct fx {
	char dir[256], path[300];
	struct store *s;
	struct kerr e;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (!f || testutil_make_dir(f->dir, sizeof f->dir, "spend") < 0) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/keep.db", f->dir);
	*state = f;
	f->s = store_open(f->path, STORE_CREATE, &f->e);
	if (!f->s || plan_content_load(f->s, true, &f->e) < 0) {
		fprintf(stderr, "setup: %s\n", f->e.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->s);
	testutil_remove_dir(f->dir);
	free(f);
	return 0;
}

static long long audits(struct store *s, const char *entity)
{
	struct kerr e = {0};
	json_t *a = store_audit_list(s, entity, NULL, NULL, &e);
	long long n = a ? (long long)json_array_size(a) : -1;
	json_decref(a);
	return n;
}

static void test_writes_audited(void **state)
{
	struct fx *f = *state;
	struct spend_form form = good();
	struct spend_line l;
	json_t *errors = json_object();
	assert_int_equal(spend_form_check(f->s, &form, &l, errors), 0);
	json_decref(errors);
	long long before = audits(f->s, "spend");
	char id[128];
	assert_int_equal(spend_add(f->s, "tester", &l, id, &f->e), 0);
	assert_string_equal(id, "fife-council-2024-foster-care");
	assert_int_equal(audits(f->s, "spend"), before + 1);
	/* the same again: nothing changes, nothing is recorded */
	assert_int_equal(spend_change(f->s, "tester", id, &l, &f->e), 0);
	assert_int_equal(audits(f->s, "spend"), before + 1);
	l.amount = 5;
	assert_int_equal(spend_change(f->s, "tester", id, &l, &f->e), 0);
	assert_int_equal(audits(f->s, "spend"), before + 2);
	json_t *item = store_resource_get(f->s, "spend", id, &f->e);
	assert_non_null(item);
	assert_int_equal((int)json_integer_value(json_object_get(item, "amount")), 5);
	assert_string_equal(json_string_value(json_object_get(item, "financial_year")), "2024-25");
	json_decref(item);
	assert_int_equal(spend_delete(f->s, "tester", id, &f->e), 0);
	assert_int_equal(audits(f->s, "spend"), before + 3);
	assert_int_equal(spend_delete(f->s, "tester", id, &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	/* the store checks what the line names */
	form.area = "S12000099";
	form.organisation = "no-such-organisation";
	errors = json_object();
	assert_int_equal(spend_form_check(f->s, &form, NULL, errors), 2);
	assert_non_null(json_object_get(errors, "area"));
	assert_non_null(json_object_get(errors, "organisation"));
	json_decref(errors);
}

static void test_demo_lines(void **state)
{
	struct fx *f = *state;
	struct spend_line *lines;
	size_t n;
	assert_int_equal(spend_lines_load(f->s, &lines, &n, &f->e), 0);
	assert_true(n > 100);
	/* the one published figure: the Whole Family Wellbeing Fund's £50m in 2022-23 */
	size_t real = 0;
	for (size_t i = 0; i < n; i++)
		if (!lines[i].made_up) {
			real++;
			assert_string_equal(lines[i].area, SPEND_SCOTLAND);
			assert_int_equal(lines[i].year, 2022);
			assert_true(lines[i].amount == 50000000);
			assert_int_equal(lines[i].heading, spend_heading_of("whole_family_wellbeing_fund"));
		}
	assert_int_equal((int)real, 1);
	free(lines);
	json_t *v = spend_view(f->s, SPEND_SCOTLAND, &f->e);
	assert_non_null(v);
	assert_true(json_integer_value(json_object_get(v, "made_up")) > 0);
	json_decref(v);
	assert_null(spend_view(f->s, "S12000099", &f->e));
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	/* an organisation that pays lines is not deleted, and the message says why */
	assert_int_equal(organisation_delete(f->s, "tester", "highland-council", &f->e), -1);
	assert_int_equal(f->e.code, KERR_CONFLICT);
	assert_non_null(strstr(f->e.msg, "28 spend lines (as payer or partner)"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_line),
		cmocka_unit_test(test_each_field_checked),
		cmocka_unit_test(test_pooled_shares),
		cmocka_unit_test(test_summaries_by_hand),
		cmocka_unit_test(test_rounding),
		cmocka_unit_test_setup_teardown(test_writes_audited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demo_lines, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
