/* Unit tests for src/money/cost.c: child-days, placement costs, unit costs in force,
 * prices and the cost of failure, each worked by hand in a comment (docs/money.md). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "demodb.h"
#include "money/money.h"
#include "plan/unitcost.h"
#include "store/money_costs.h"

#define EDINBURGH "S12000036"

static struct records B;

static int32_t day(const char *iso)
{
	struct kdate d;
	struct kerr e = {0};
	if (date_parse(iso, &d, &e) < 0)
		fail_msg("bad date in a test: %s", iso);
	return (int32_t)date_days(d);
}

static int setup(void **state)
{
	(void)state;
	records_init(&B, EDINBURGH, 2024); /* the records end on 31 July 2024 */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	records_free(&B);
	return 0;
}

static uint32_t child(void)
{
	char id[16];
	snprintf(id, sizeof id, "c%zu", B.children.n);
	struct records_child c = {.birth = day("2010-01-01")};
	return records_add_child(&B, id, strlen(id), &c);
}

static void placement(uint32_t c, const char *start, const char *end, const char *type)
{
	struct records_placement r = {.child = c,
	                              .start = day(start),
	                              .end = end ? day(end) : RECORDS_OPEN,
	                              .type = (uint8_t)money_type_of(type),
	                              .provider = RECORDS_NO_TEXT};
	snprintf(r.council, sizeof r.council, "%s", EDINBURGH);
	records_add_placement(&B, &r);
}

#define T_FOSTER 2     /* foster_council */
#define T_KINSHIP 1    /* kinship */
#define T_RES_VOL 7    /* residential_voluntary_home */

/* The batch of the tests below:
 * child A: foster care (council) 20 March 2023 to 10 April 2023, then a residential home
 *   (voluntary or private) from 10 April 2023, still open;
 * child B: kinship 30 March 2024 to 2 April 2024. */
static void population(void)
{
	uint32_t a = child(), b = child();
	placement(b, "2024-03-30", "2024-04-02", "kinship");
	placement(a, "2023-04-10", NULL, "residential_voluntary_home");
	placement(a, "2023-03-20", "2023-04-10", "foster_council");
}

/* 2023-24 runs 1 April 2023 to 31 March 2024 (366 days: February 2024 has 29).
 * A's foster care: 1 to 9 April = 9 days (10 April, the day A moves, is the new
 * placement's); A's residential home: 10 April 2023 to 31 March 2024 = 21 + 336 = 357;
 * so A has 9 + 357 = 366, every day of the year once. B's kinship: 30 and 31 March = 2.
 * 2024-25 runs 1 April 2024 to 31 March 2025, but the records end on 31 July 2024:
 * A's residential home 1 April to 31 July = 30 + 31 + 30 + 31 = 122; B's kinship 1 and 2
 * April = 2 (the day a placement ends counts). */
static void test_child_days_year_boundary(void **state)
{
	(void)state;
	population();
	int64_t d23[MONEY_NTYPES] = {0}, d24[MONEY_NTYPES] = {0};
	money_child_days(&B, 2023, d23);
	assert_int_equal(d23[T_FOSTER], 9);
	assert_int_equal(d23[T_RES_VOL], 357);
	assert_int_equal(d23[T_KINSHIP], 2);
	int64_t sum = 0;
	for (int t = 0; t < MONEY_NTYPES; t++)
		sum += d23[t];
	assert_int_equal(sum, 9 + 357 + 2);
	money_child_days(&B, 2024, d24);
	assert_int_equal(d24[T_FOSTER], 0);
	assert_int_equal(d24[T_RES_VOL], 122);
	assert_int_equal(d24[T_KINSHIP], 2);
	/* Before the placements: nothing. Days add up over calls (batches sum). */
	int64_t d20[MONEY_NTYPES] = {0};
	money_child_days(&B, 2020, d20);
	for (int t = 0; t < MONEY_NTYPES; t++)
		assert_int_equal(d20[t], 0);
	money_child_days(&B, 2023, d23);
	assert_int_equal(d23[T_RES_VOL], 2 * 357);
}

/* With the default table: foster care (council) £646 a week (2016-17), a residential home
 * £3,830 (2020-21), kinship not priced. 2023-24: 9 ÷ 7 × 646 = 830.571...; 357 ÷ 7 × 3,830
 * = 51 × 3,830 = 195,330; total 196,160.571...; kinship's 2 days counted, not costed. */
static void test_known_population_cost(void **state)
{
	(void)state;
	population();
	struct money_unit_costs uc;
	struct kerr e = {0};
	assert_int_equal(money_unit_costs_default(&uc, &e), 0);
	int64_t d[MONEY_NTYPES] = {0};
	money_child_days(&B, 2023, d);
	struct money_placement_costs pc;
	money_placement_costs(d, &uc, &pc);
	assert_float_equal(pc.cost[T_FOSTER], 9.0 / 7.0 * 646.0, 1e-9);
	assert_float_equal(pc.cost[T_RES_VOL], 195330.0, 1e-9);
	assert_float_equal(pc.total, 195330.0 + 9.0 / 7.0 * 646.0, 1e-6);
	assert_true(pc.cost[T_KINSHIP] < 0);
	assert_int_equal(pc.unpriced_days, 2);
	assert_int_equal(pc.price_year_min, 2016);
	assert_int_equal(pc.price_year_max, 2020);
}

/* The default table: every type has a row; a type no source prices is not priced; each
 * priced figure has its source and price year. An area's own figure replaces the
 * default for its type only, and prices a type the default leaves unpriced. */
static void test_unpriced_and_own(void **state)
{
	(void)state;
	struct money_unit_costs uc;
	struct kerr e = {0};
	assert_int_equal(money_unit_costs_default(&uc, &e), 0);
	assert_float_equal(uc.t[T_FOSTER].weekly, 646, 0);
	assert_int_equal(uc.t[T_FOSTER].price_year, 2016);
	assert_non_null(strstr(uc.t[T_FOSTER].source, "Unit Costs of Health and Social Care 2017"));
	assert_float_equal(uc.t[3].weekly, 820, 0); /* foster_purchased */
	assert_float_equal(uc.t[T_RES_VOL].weekly, 3830, 0);
	assert_true(uc.t[T_KINSHIP].weekly < 0);
	assert_true(uc.t[0].weekly < 0); /* home_parents */
	assert_true(uc.t[6].weekly < 0); /* residential_council_home */
	for (int t = 0; t < MONEY_NTYPES; t++) {
		assert_true(uc.t[t].stands_for[0] != '\0');
		if (uc.t[t].weekly >= 0) {
			assert_true(uc.t[t].price_year > 2000);
			assert_true(uc.t[t].source[0] != '\0');
		}
		assert_false(uc.t[t].own);
	}
	json_t *own = json_pack("[{s:s, s:f, s:i, s:s}, {s:s, s:f, s:i, s:s}]", "type", "kinship", "weekly_cost", 250.0,
	                        "price_year", 2024, "source", "Council's own figures", "type", "foster_council",
	                        "weekly_cost", 700.0, "price_year", 2024, "source", "Council's own figures");
	money_unit_costs_apply(&uc, own);
	json_decref(own);
	assert_float_equal(uc.t[T_KINSHIP].weekly, 250, 0);
	assert_true(uc.t[T_KINSHIP].own);
	assert_float_equal(uc.t[T_FOSTER].weekly, 700, 0);
	assert_int_equal(uc.t[T_FOSTER].price_year, 2024);
	assert_float_equal(uc.t[T_RES_VOL].weekly, 3830, 0);
	assert_false(uc.t[T_RES_VOL].own);
}

static void test_unit_cost_check(void **state)
{
	(void)state;
	struct kerr e = {0};
	assert_int_equal(money_unit_cost_check("kinship", 250, 2024, "Our budget book", &e), 0);
	assert_int_equal(money_unit_cost_check("castle", 250, 2024, "x", &e), -1);
	assert_non_null(strstr(e.msg, "type:"));
	assert_int_equal(money_unit_cost_check("kinship", -1, 2024, "x", &e), -1);
	assert_non_null(strstr(e.msg, "weekly_cost:"));
	assert_int_equal(money_unit_cost_check("kinship", NAN, 2024, "x", &e), -1);
	assert_int_equal(money_unit_cost_check("kinship", 250, 1890, "x", &e), -1);
	assert_non_null(strstr(e.msg, "price_year:"));
	assert_int_equal(money_unit_cost_check("kinship", 250, 2024, "  ", &e), -1);
	assert_non_null(strstr(e.msg, "source:"));
}

/* Green Book: from 2024-25 at 3.5%, 2026-27's pound weighs 1 ÷ 1.035² = 1 ÷ 1.071225 =
 * 0.933511...; the base year 1; a year before it 1.035. Prices: 2016-17's pound in
 * 2024-25's at 2% a year is 1.02⁸ = 1.171659...; at 0% it stays 1. */
static void test_discount_and_price(void **state)
{
	(void)state;
	assert_float_equal(money_discount_factor(2024, 2026, MONEY_GREEN_BOOK_PCT), 1 / 1.071225, 1e-12);
	assert_float_equal(money_discount_factor(2024, 2024, 3.5), 1.0, 0);
	assert_float_equal(money_discount_factor(2024, 2023, 3.5), 1.035, 1e-12);
	assert_float_equal(money_discount_factor(2024, 2030, 0), 1.0, 0);
	assert_float_equal(money_price_factor(2016, 2024, 2.0), 1.171659381, 1e-9);
	assert_float_equal(money_price_factor(2016, 2024, 0.0), 1.0, 0);
	assert_float_equal(money_price_factor(2024, 2016, 2.0), 1 / 1.171659381, 1e-9);
}

/* Every priced unit cost moved to 2024-25's pounds at 2% a year: foster care (council)
 * £646 of 2016-17 × 1.02⁸ = £756.89; a young offender institution's £903 of 2023-24 ×
 * 1.02 = £921.06; a type not priced stays not priced. */
static void test_reprice(void **state)
{
	(void)state;
	struct money_unit_costs uc;
	struct kerr e = {0};
	assert_int_equal(money_unit_costs_default(&uc, &e), 0);
	money_unit_costs_reprice(&uc, 2024, 2.0);
	assert_float_equal(uc.t[T_FOSTER].weekly, 646 * 1.171659381, 1e-6);
	assert_int_equal(uc.t[T_FOSTER].price_year, 2024);
	assert_float_equal(uc.t[11].weekly, 903 * 1.02, 1e-9); /* young_offender_institution */
	assert_true(uc.t[T_KINSHIP].weekly < 0);
	assert_int_equal(uc.t[T_KINSHIP].price_year, -1);
}

static void param(struct money_failure_params *p, const char *key, double v, int fy)
{
	struct money_failure_param *q = &p->p[p->n++];
	memset(q, 0, sizeof *q);
	snprintf(q->key, sizeof q->key, "%s", key);
	q->value = v;
	q->known = true;
	q->price_year = fy;
	snprintf(q->source, sizeof q->source, "a test");
}

/* A small example. Homelessness: 1,000 applications, 10% by care-experienced adults,
 * twice as likely: 100 cases, 100 × (1 − 1/2) = 50 beyond peers' rate, × £100 = £5,000.
 * Custody: 200 prisoners, 25% care experienced, 10 times as likely: 50 × 0.9 = 45 extra
 * places × £1,000 = £45,000. Needs: 50,000. Tax: a peer earns £384.62 a week... rather
 * £20,000 a year (weekly 20000/52): income tax 20% above £10,000 = 2,000; employee NI 10%
 * above £12,000 = 800; employer NI 10% above £8,000 = 1,200: 4,000. At half the earnings,
 * £10,000: tax 0, employee 0, employer 200. Lost per adult 3,800; 10 adults: 38,000. */
static void test_failure_small(void **state)
{
	(void)state;
	struct money_failure_params p = {0};
	param(&p, "homeless.applications", 1000, 2023);
	param(&p, "homeless.ce_share", 0.1, -1);
	param(&p, "homeless.relative_risk", 2, -1);
	param(&p, "homeless.cost_per_case", 100, 2014);
	param(&p, "custody.population", 200, 2023);
	param(&p, "custody.ce_share", 0.25, -1);
	param(&p, "custody.relative_risk", 10, -1);
	param(&p, "custody.cost_per_place", 1000, 2023);
	param(&p, "earnings.peer_weekly", 20000.0 / 52.0, 2023);
	param(&p, "earnings.ce_ratio", 0.5, -1);
	param(&p, "tax.personal_allowance", 10000, 2024);
	param(&p, "tax.starter.from", 10000, 2024);
	param(&p, "tax.starter.rate", 0.2, 2024);
	param(&p, "ni.employee.from", 12000, 2024);
	param(&p, "ni.employee.rate", 0.1, 2024);
	param(&p, "ni.employer.from", 8000, 2024);
	param(&p, "ni.employer.rate", 0.1, 2024);
	assert_float_equal(money_tax_ni(&p, 20000), 4000, 1e-9);
	assert_float_equal(money_tax_ni(&p, 10000), 200, 1e-9);
	struct money_failure f;
	money_failure_compute(&p, 10, -1, 0, &f);
	assert_float_equal(f.o[MF_HOMELESS].cases, 100, 1e-9);
	assert_float_equal(f.o[MF_HOMELESS].extra_cases, 50, 1e-9);
	assert_float_equal(f.o[MF_HOMELESS].cost, 5000, 1e-9);
	assert_int_equal(f.o[MF_HOMELESS].price_year, 2014);
	assert_float_equal(f.o[MF_CUSTODY].extra_cases, 45, 1e-9);
	assert_float_equal(f.o[MF_CUSTODY].cost, 45000, 1e-9);
	assert_false(f.o[MF_MENTAL_HEALTH].priced);
	assert_float_equal(f.needs_total, 50000, 1e-9);
	assert_float_equal(f.lost_per_adult, 3800, 1e-9);
	assert_float_equal(f.lost_total, 38000, 1e-9);
	/* Adults not known: the loss per adult only. */
	money_failure_compute(&p, -1, -1, 0, &f);
	assert_true(f.lost_total < 0);
	/* All in 2024-25's pounds at 2% a year: homelessness's 2014-15 £100 becomes
	 * 100 × 1.02^10 = 121.899...; custody's 2023-24 £1,000 becomes 1,020. */
	money_failure_compute(&p, 10, 2024, 2.0, &f);
	assert_float_equal(f.o[MF_HOMELESS].cost, 50 * 100 * pow(1.02, 10), 1e-6);
	assert_float_equal(f.o[MF_CUSTODY].cost, 45 * 1020.0, 1e-6);
	assert_int_equal(f.o[MF_HOMELESS].price_year, 2024);
}

/* keep's own national figure from data/failure-costs.csv, worked by hand:
 * homelessness 40,685 × 0.07 = 2,847.95 cases, × (1 − 1/2) = 1,423.975 extra, × £11,733
 * = £16,707,498.68 (2014-15 pounds); custody 7,860 × 0.25 = 1,965, × 0.9 = 1,768.5 extra
 * places, × £47,140 = £83,367,090 (2023-24). A peer earns 586 × 52 = £30,472: income tax
 * 2,306 × 19% + 11,685 × 20% + 3,911 × 21% = 438.14 + 2,337 + 821.31 = 3,596.45; employee
 * NI (30,472 − 12,570) × 8% = 1,432.16; employer NI (30,472 − 9,100) × 13.8% = 2,949.336;
 * 7,977.946. At 75%, £22,854: tax 438.14 + 7,978 × 20% = 2,033.74; employee 10,284 × 8%
 * = 822.72; employer 13,754 × 13.8% = 1,898.052; 4,754.512. Lost per adult 3,223.434. */
static void test_failure_national(void **state)
{
	(void)state;
	struct money_failure_params p;
	struct kerr e = {0};
	assert_int_equal(money_failure_params_default(&p, &e), 0);
	for (size_t i = 0; i < p.n; i++)
		assert_true(p.p[i].source[0] != '\0');
	struct money_failure f;
	money_failure_compute(&p, -1, -1, 0, &f);
	assert_float_equal(f.o[MF_HOMELESS].extra_cases, 1423.975, 1e-9);
	assert_float_equal(f.o[MF_HOMELESS].cost, 1423.975 * 11733, 1e-6);
	assert_float_equal(f.o[MF_CUSTODY].extra_cases, 1768.5, 1e-9);
	assert_float_equal(f.o[MF_CUSTODY].cost, 83367090, 1e-6);
	assert_float_equal(f.lost_per_adult, 3223.434, 1e-6);
	assert_true(f.adults < 0);
	assert_true(f.lost_total < 0);
	assert_float_equal(f.the_money_needs, 875e6, 0);
	assert_float_equal(f.the_money_lost, 732e6, 0);
}

/* A council area's own unit cost through the domain: checked first (nothing written on a
 * bad field), one audit record per change, in force for that area only, removed again;
 * who may: staff and admins any area, an editor a public body's own area only. */
static void test_own_costs(void **state)
{
	struct demodb *f = *state;
	struct kerr e = {0};
	double w = 250;
	json_t *audit0 = store_audit_list(f->s, "unit-cost", NULL, NULL, &e);
	assert_int_equal(json_array_size(audit0), 0);
	json_decref(audit0);
	assert_int_equal(unit_cost_set(f->s, "staff@test", "S99", "kinship", &w, 2024, "Budget", NULL, &e), -1);
	assert_non_null(strstr(e.msg, "area:"));
	assert_int_equal(unit_cost_set(f->s, "staff@test", EDINBURGH, "castle", &w, 2024, "Budget", NULL, &e), -1);
	assert_non_null(strstr(e.msg, "type:"));
	double neg = -1;
	assert_int_equal(unit_cost_set(f->s, "staff@test", EDINBURGH, "kinship", &neg, 2024, "Budget", NULL, &e), -1);
	assert_int_equal(unit_cost_set(f->s, "staff@test", EDINBURGH, "kinship", &w, 2024, "", NULL, &e), -1);
	json_t *none = store_unit_costs(f->s, EDINBURGH, &e);
	assert_int_equal(json_array_size(none), 0);
	json_decref(none);
	const char *verb = NULL;
	assert_int_equal(unit_cost_set(f->s, "staff@test", EDINBURGH, "kinship", &w, 2024, "Budget book", &verb, &e), 0);
	assert_string_equal(verb, "create");
	w = 260;
	assert_int_equal(unit_cost_set(f->s, "staff@test", EDINBURGH, "kinship", &w, 2024, "Budget book", &verb, &e), 0);
	assert_string_equal(verb, "update");
	struct money_unit_costs uc;
	assert_int_equal(money_unit_costs_in_force(f->s, EDINBURGH, &uc, &e), 0);
	assert_float_equal(uc.t[T_KINSHIP].weekly, 260, 0);
	assert_int_equal(uc.t[T_KINSHIP].price_year, 2024);
	assert_true(uc.t[T_KINSHIP].own);
	assert_string_equal(uc.t[T_KINSHIP].source, "Budget book");
	assert_int_equal(money_unit_costs_in_force(f->s, "S12000049", &uc, &e), 0);
	assert_true(uc.t[T_KINSHIP].weekly < 0);
	assert_int_equal(unit_cost_set(f->s, "staff@test", EDINBURGH, "kinship", NULL, 0, NULL, &verb, &e), 0);
	assert_string_equal(verb, "delete");
	assert_int_equal(unit_cost_set(f->s, "staff@test", EDINBURGH, "kinship", NULL, 0, NULL, &verb, &e), -1);
	assert_int_equal(e.code, KERR_NOTFOUND);
	json_t *audit = store_audit_list(f->s, "unit-cost", NULL, NULL, &e);
	assert_int_equal(json_array_size(audit), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(audit, 0), "entity_id")), "S12000036/kinship");
	assert_string_equal(json_string_value(json_object_get(json_array_get(audit, 2), "verb")), "delete");
	json_decref(audit);
	/* Who may. */
	assert_int_equal(store_begin(f->s, &e), 0);
	assert_int_equal(store_organisation_insert(f->s, "edinburgh-council", "The City of Edinburgh Council", "public",
	                                           "local", EDINBURGH, &e), 0);
	assert_int_equal(store_organisation_insert(f->s, "edinburgh-charity", "An Edinburgh charity", "third", "local",
	                                           EDINBURGH, &e), 0);
	assert_int_equal(store_commit(f->s, &e), 0);
	json_t *staff = json_pack("{s:s}", "role", "staff"), *admin = json_pack("{s:s}", "role", "admin"),
	       *viewer = json_pack("{s:s}", "role", "viewer"),
	       *council = json_pack("{s:s, s:s}", "role", "editor", "organisation", "edinburgh-council"),
	       *charity = json_pack("{s:s, s:s}", "role", "editor", "organisation", "edinburgh-charity");
	assert_true(unit_cost_may_set(f->s, staff, EDINBURGH));
	assert_true(unit_cost_may_set(f->s, admin, "S12000049"));
	assert_false(unit_cost_may_set(f->s, viewer, EDINBURGH));
	assert_false(unit_cost_may_set(f->s, NULL, EDINBURGH));
	assert_true(unit_cost_may_set(f->s, council, EDINBURGH));
	assert_false(unit_cost_may_set(f->s, council, "S12000049"));
	assert_false(unit_cost_may_set(f->s, charity, EDINBURGH));
	json_decref(staff);
	json_decref(admin);
	json_decref(viewer);
	json_decref(council);
	json_decref(charity);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_child_days_year_boundary),
	    T(test_known_population_cost),
	    T(test_unpriced_and_own),
	    T(test_unit_cost_check),
	    T(test_discount_and_price),
	    T(test_reprice),
	    T(test_failure_small),
	    T(test_failure_national),
	    cmocka_unit_test_setup_teardown(test_own_costs, demodb_setup, demodb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
