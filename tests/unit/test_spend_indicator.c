/* The Board's indicator of spend (docs/money.md "Spend", "The Board's indicator"): the
 * rule worked by hand, and its publication as oversight figures (audited, once). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "demodb.h"
#include "money/spend.h"
#include "plan/spend.h"

#define D(y, m, d) ((struct kdate){(y), (m), (d)})

static struct spend_line line(const char *area, int year, const char *heading, const char *kind,
                              int64_t amount, bool made_up)
{
	struct spend_line l = {0};
	snprintf(l.area, sizeof l.area, "%s", area);
	snprintf(l.organisation, sizeof l.organisation, "%s", "fife-council");
	snprintf(l.source, sizeof l.source, "A test budget");
	l.year = year;
	l.heading = spend_heading_of(heading);
	l.level = SPEND_SERVICES;
	l.kind = spend_kind_of(kind);
	l.amount = amount;
	l.share = 100;
	l.made_up = made_up;
	return l;
}

static void test_headings(void **state)
{
	(void)state;
	static const char *const in[] = {"universal_family_support",
	                                 "intensive_family_support",
	                                 "whole_family_wellbeing_fund",
	                                 "family_other",
	                                 "at_home",
	                                 "kinship_care",
	                                 "foster_care",
	                                 "adoption",
	                                 "social_work",
	                                 "throughcare",
	                                 "aftercare",
	                                 "mental_health",
	                                 "health"};
	static const char *const out[] = {"residential_care", "secure_care",       "childrens_hearings",
	                                  "care_other",       "education_support", "police",
	                                  "justice",          "housing",           "associated_other"};
	assert_int_equal(sizeof in / sizeof in[0] + sizeof out / sizeof out[0], SPEND_NHEADINGS);
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
		if (!spend_heading_community(spend_heading_of(in[i])))
			fail_msg("%s is community-based health and social care", in[i]);
	for (size_t i = 0; i < sizeof out / sizeof out[0]; i++)
		if (spend_heading_community(spend_heading_of(out[i])))
			fail_msg("%s is not community-based health and social care", out[i]);
	assert_false(spend_heading_community(-1));
	assert_false(spend_heading_community(SPEND_NHEADINGS));
}

/* docs/money.md, worked by hand. 2024-25: Fife £600,000 foster care (crisis), £300,000
 * intensive family support (early help), £100,000 mental health (early help), £50,000
 * universal family support (crisis), £1,000,000 residential care and £200,000 police (not
 * community-based); a national £100,000 of the Whole Family Wellbeing Fund (early help,
 * made up). Community-based: 600,000 + 300,000 + 100,000 + 50,000 + 100,000 =
 * £1,150,000; of it family support that is early help: 300,000 + 100,000 = £400,000;
 * (400,000 × 2000 + 1,150,000) ÷ 2,300,000 = 348.3..., 348 tenths: 34.8%. 2023-24 has
 * only residential care: no figure. 2025-26: £100,000 of intensive family support, early
 * help: 100.0%. */
static void test_rule_by_hand(void **state)
{
	(void)state;
	struct spend_line lines[] = {
	    line("S12000047", 2024, "foster_care", "crisis_acute", 600000, false),
	    line("S12000047", 2024, "intensive_family_support", "early_help_prevention", 300000, false),
	    line("S12000047", 2024, "mental_health", "early_help_prevention", 100000, false),
	    line("S12000047", 2024, "universal_family_support", "crisis_acute", 50000, false),
	    line("S12000047", 2024, "residential_care", "crisis_acute", 1000000, false),
	    line("S12000047", 2024, "police", "crisis_acute", 200000, false),
	    line("S92000003", 2024, "whole_family_wellbeing_fund", "early_help_prevention", 100000, true),
	    line("S12000047", 2023, "residential_care", "crisis_acute", 500000, true),
	    line("S12000047", 2025, "intensive_family_support", "early_help_prevention", 100000, false),
	};
	struct spend_indicator v[4];
	assert_int_equal(spend_indicator_years(lines, sizeof lines / sizeof lines[0], v, 4), 2);
	assert_int_equal(v[0].year, 2024);
	assert_int_equal(v[0].whole, 1150000);
	assert_int_equal(v[0].part, 400000);
	assert_int_equal(v[0].tenths, 348);
	assert_int_equal(v[0].made_up, 1);
	assert_int_equal(v[1].year, 2025);
	assert_int_equal(v[1].whole, 100000);
	assert_int_equal(v[1].tenths, 1000);
	assert_int_equal(v[1].made_up, 0);
	/* More years than room: counted, not written past max. */
	assert_int_equal(spend_indicator_years(lines, sizeof lines / sizeof lines[0], v, 1), 2);
	assert_int_equal(spend_indicator_years(lines, 0, v, 4), 0);
}

static long long audits(struct store *s, const char *entity)
{
	struct kerr e = {0};
	json_t *a = store_audit_list(s, entity, NULL, NULL, &e);
	long long n = a ? (long long)json_array_size(a) : -1;
	json_decref(a);
	return n;
}

static double figure(struct store *s, const char *period, char source[300])
{
	struct kerr e = {0};
	json_t *o = store_observation_get(s, SPEND_INDICATOR, SPEND_SCOTLAND, period, &e);
	if (!o)
		return -1;
	double v = json_number_value(json_object_get(o, "value"));
	if (source)
		snprintf(source, 300, "%s", json_string_value(json_object_get(o, "source")));
	json_decref(o);
	return v;
}

/* The demo's lines (2022-23 to 2025-26) published: a figure for each year that has ended,
 * each audited once; the same again writes nothing; a changed line changes its year's
 * figure only. */
static void test_publish(void **state)
{
	struct demodb *f = *state;
	struct spend_published p;
	long long before = audits(f->s, "observation");
	/* On 31 March 2026 the year 2025-26 has not ended. */
	assert_int_equal(spend_publish(f->s, "tester", D(2026, 3, 31), &p, &f->e), 0);
	assert_int_equal(p.years, 3);
	assert_int_equal(p.added, 3);
	assert_false(p.indicator_added); /* the demo has it */
	assert_int_equal(audits(f->s, "observation"), before + 3);
	assert_true(figure(f->s, "2026-03-31", NULL) < 0);
	assert_int_equal(spend_publish(f->s, "tester", D(2026, 4, 1), &p, &f->e), 0);
	assert_int_equal(p.years, 4);
	assert_int_equal(p.added, 1);
	assert_int_equal(p.replaced, 0);
	assert_int_equal(audits(f->s, "observation"), before + 4);
	/* Again: nothing written. */
	assert_int_equal(spend_publish(f->s, "tester", D(2026, 4, 1), &p, &f->e), 0);
	assert_int_equal(p.years, 4);
	assert_int_equal(p.added + p.replaced, 0);
	assert_int_equal(audits(f->s, "observation"), before + 4);
	char source[300];
	double v2023 = figure(f->s, "2024-03-31", source);
	assert_true(v2023 > 0);
	assert_non_null(strstr(source, "2023-24 (includes lines made up for the demonstration)"));
	/* A new line of 2023-24 changes that year's figure, and only it. */
	double v2024 = figure(f->s, "2025-03-31", NULL);
	struct spend_line l =
	    line("S12000047", 2023, "whole_family_wellbeing_fund", "early_help_prevention", 1000000, false);
	char id[128];
	assert_int_equal(spend_add(f->s, "tester", &l, id, &f->e), 0);
	assert_int_equal(spend_publish(f->s, "tester", D(2026, 4, 1), &p, &f->e), 0);
	assert_int_equal(p.replaced, 1);
	assert_int_equal(p.added, 0);
	assert_int_equal(audits(f->s, "observation"), before + 5);
	assert_true(figure(f->s, "2024-03-31", NULL) > v2023);
	assert_true(figure(f->s, "2025-03-31", NULL) == v2024);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_headings),
	    cmocka_unit_test(test_rule_by_hand),
	    cmocka_unit_test_setup_teardown(test_publish, demodb_setup, demodb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
