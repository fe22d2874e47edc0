/* Unit tests for src/money/money.c: the age bands, placement types, states and financial
 * years every part of The Money shares (docs/money.md "Years" and "States"). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "base/date.h"
#include "money/money.h"

static int32_t day(int y, int m, int d)
{
	return (int32_t)date_days((struct kdate){y, m, d});
}

static void test_bands(void **state)
{
	(void)state;
	int32_t born = day(2010, 3, 15);
	assert_int_equal(money_band_of(born, day(2010, 3, 14)), -1); /* not yet born */
	assert_int_equal(money_band_of(born, born), MB_UNDER_1);
	assert_int_equal(money_band_of(born, day(2011, 3, 14)), MB_UNDER_1);
	assert_int_equal(money_band_of(born, day(2011, 3, 15)), MB_1_4); /* first birthday */
	assert_int_equal(money_band_of(born, day(2015, 3, 14)), MB_1_4);
	assert_int_equal(money_band_of(born, day(2015, 3, 15)), MB_5_9);
	assert_int_equal(money_band_of(born, day(2020, 3, 15)), MB_10_15);
	assert_int_equal(money_band_of(born, day(2026, 3, 14)), MB_10_15);
	assert_int_equal(money_band_of(born, day(2026, 3, 15)), MB_16_17);
	assert_int_equal(money_band_of(born, day(2028, 3, 14)), MB_16_17);
	assert_int_equal(money_band_of(born, day(2028, 3, 15)), -1); /* 18 */
	/* born on 29 February: the birthday in a common year is 1 March */
	int32_t leap = day(2012, 2, 29);
	assert_int_equal(money_band_of(leap, day(2013, 2, 28)), MB_UNDER_1);
	assert_int_equal(money_band_of(leap, day(2013, 3, 1)), MB_1_4);
}

static void test_types_and_states(void **state)
{
	(void)state;
	size_t n = 0;
	while (records_placement_type_codes[n])
		n++;
	assert_int_equal(n, MONEY_NTYPES);
	assert_int_equal(money_type_of("foster_purchased"), 3);
	assert_int_equal(money_type_of("secure"), 9);
	assert_int_equal(money_type_of("nowhere"), -1);
	assert_true(money_type_family(money_type_of("kinship")));
	assert_true(money_type_family(money_type_of("other_community")));
	assert_false(money_type_family(money_type_of("residential_school")));
	assert_false(money_type_family(-1));
	assert_int_equal(MONEY_NSTATES, 66);
	int s = money_state(MB_10_15, money_type_of("secure"));
	assert_int_equal(s, 3 * 13 + 9);
	assert_int_equal(money_state_band(s), MB_10_15);
	assert_int_equal(money_state_type(s), 9);
	assert_true(money_state(MB_16_17, MONEY_NTYPES - 1) < MONEY_OUTSIDE);
}

static void test_financial_years(void **state)
{
	(void)state;
	assert_int_equal(money_fy_of(day(2024, 3, 31)), 2023);
	assert_int_equal(money_fy_of(day(2024, 4, 1)), 2024);
	assert_int_equal(money_fy_of(day(2025, 3, 31)), 2024);
	int32_t first, last;
	money_fy_days(2024, &first, &last);
	assert_int_equal(first, day(2024, 4, 1));
	assert_int_equal(last, day(2025, 3, 31));
	assert_int_equal(last - first + 1, 365);
	money_fy_days(2023, &first, &last);
	assert_int_equal(last - first + 1, 366); /* 29 February 2024 */
	char w[8];
	money_fy_words(2024, w);
	assert_string_equal(w, "2024-25");
	money_fy_words(1999, w);
	assert_string_equal(w, "1999-00");
	assert_int_equal(money_fy_parse("2024-25"), 2024);
	assert_int_equal(money_fy_parse("1999-00"), 1999);
	assert_int_equal(money_fy_parse("2024"), 2024);
	assert_int_equal(money_fy_parse("2024-26"), -1);
	assert_int_equal(money_fy_parse("2024-2"), -1);
	assert_int_equal(money_fy_parse("202a"), -1);
	assert_int_equal(money_fy_parse("2024/25"), -1);
	assert_int_equal(money_fy_parse(""), -1);
	assert_int_equal(money_fy_parse(NULL), -1);
}

/* Publishing a projection: figures rounded to their base, halves up, and the backtest's
 * errors worked again from the rounded figures (docs/money.md "Publishing a projection"). */
static void test_rounding(void **state)
{
	(void)state;
	assert_true(money_round_to(0, 5) == 0);
	assert_true(money_round_to(2.4, 5) == 0);
	assert_true(money_round_to(2.5, 5) == 5);
	assert_true(money_round_to(7.49, 5) == 5);
	assert_true(money_round_to(133, 5) == 135);
	assert_true(money_round_to(1234567, 10000) == 1230000);
	assert_true(money_round_to(-12, 5) == -10);
	assert_true(money_round_to(3.3, 0) == 3.3);

	struct money_band3 ch[2 * MONEY_NTYPES] = {{0}}, tot[2] = {{1, 2, 3}, {131, 133, 134}},
	                   cost[2] = {{14999, 15000, 25001}, {0, 4999, 5000}}, yc[1] = {{149999, 150000, 1e6}};
	ch[MONEY_NTYPES + 4] = (struct money_band3){0, 1, 4};
	struct money_projection p = {.months = 2, .children = ch, .total = tot, .cost = cost, .years = 1, .year_cost = yc};
	money_projection_round(&p, 5, 10000, 100000);
	assert_true(ch[MONEY_NTYPES + 4].p50 == 0 && ch[MONEY_NTYPES + 4].p95 == 5);
	assert_true(tot[0].p5 == 0 && tot[0].p50 == 0 && tot[0].p95 == 5);
	assert_true(tot[1].p5 == 130 && tot[1].p50 == 135 && tot[1].p95 == 135);
	assert_true(cost[0].p5 == 10000 && cost[0].p50 == 20000 && cost[0].p95 == 30000);
	assert_true(cost[1].p50 == 0 && cost[1].p95 == 10000);
	assert_true(yc[0].p5 == 100000 && yc[0].p50 == 200000 && yc[0].p95 == 1e6);

	/* a backtest: the truth 3 (rounded 5) inside a band 0 to 6 (0 to 5); 12 (10) against a
	 * median of 14 (15): an error of 5, 50% of the rounded truth */
	struct money_backtest bt = {0};
	bt.known[0] = true;
	bt.truth[0][0] = 3;
	bt.projected[0][0] = (struct money_band3){0, 2, 6};
	bt.truth[0][1] = 12;
	bt.projected[0][1] = (struct money_band3){9, 14, 20};
	bt.truth[0][MONEY_NTYPES] = 15;
	bt.projected[0][MONEY_NTYPES] = (struct money_band3){11, 16, 21};
	money_backtest_round(&bt, 5);
	assert_true(bt.truth[0][0] == 5 && bt.projected[0][0].p95 == 5 && bt.inside[0][0]);
	assert_true(bt.truth[0][1] == 10 && bt.projected[0][1].p50 == 15);
	assert_true(bt.error[0][1] == 5 && bt.error_pct[0][1] == 50);
	assert_true(bt.mean_abs_pct[0] == 50); /* only the type with a truth of at least 10 */
	assert_true(bt.truth[0][MONEY_NTYPES] == 15 && bt.projected[0][MONEY_NTYPES].p50 == 15);
	/* every type of zeros lies inside its band of zeros: 13 types and the total */
	assert_int_equal(bt.inside_count[0], MONEY_NTYPES + 1);
	assert_false(bt.known[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bands),
	    cmocka_unit_test(test_types_and_states),
	    cmocka_unit_test(test_financial_years),
	    cmocka_unit_test(test_rounding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
