/* The projection engine (src/money/estimate.c, project.c; docs/money.md "Estimating
 * rates from the records", "The projection", "The backtest"): counts worked by hand,
 * a three-state chain worked by hand, children conserved, costs of a known population,
 * scenarios, recovery of rates chosen by the test, and the backtest. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "money/money.h"

static int32_t day(int y, int m, int d) { return (int32_t)date_days((struct kdate){y, m, d}); }

enum { KIN = 1, FOSTER = 2, FOSTER_BOUGHT = 3, RES_HOME = 6 };

static uint32_t child(struct records *b, int32_t birth)
{
	struct records_child c = {.birth = birth};
	return records_add_child(b, "x", 1, &c);
}

static void episode(struct records *b, uint32_t c, int32_t start, int32_t end)
{
	struct records_episode e = {.child = c, .start = start, .end = end,
	                            .end_reason = end == RECORDS_OPEN ? RECORDS_NO_CODE : 0};
	records_add_episode(b, &e);
}

static void placement(struct records *b, uint32_t c, int32_t start, int32_t end, int type)
{
	struct records_placement p = {.child = c, .start = start, .end = end, .type = (uint8_t)type,
	                              .provider = RECORDS_NO_TEXT};
	records_add_placement(b, &p);
}

/* The worked example of docs/money.md "Estimating rates from the records". */
static void hand_records(struct records *b)
{
	records_init(b, "S12000036", 2024);
	const int32_t O = RECORDS_OPEN;
	uint32_t a = child(b, day(2015, 3, 1));
	episode(b, a, day(2023, 6, 1), O);
	placement(b, a, day(2023, 6, 1), day(2023, 12, 30), FOSTER);
	placement(b, a, day(2023, 12, 30), O, KIN);
	uint32_t bb = child(b, day(2014, 1, 1));
	episode(b, bb, day(2023, 9, 1), day(2024, 1, 3));
	placement(b, bb, day(2023, 9, 1), day(2024, 1, 3), FOSTER);
	uint32_t c = child(b, day(2015, 3, 1));
	episode(b, c, day(2024, 1, 1), O);
	placement(b, c, day(2024, 1, 3), day(2024, 1, 4), FOSTER);
	placement(b, c, day(2024, 1, 4), O, FOSTER);
	uint32_t d = child(b, day(2015, 3, 1));
	episode(b, d, day(2023, 1, 1), O);
	placement(b, d, day(2023, 1, 1), day(2023, 12, 27), RES_HOME);
	placement(b, d, day(2023, 12, 30), O, KIN);
	uint32_t e = child(b, day(2012, 3, 1));
	episode(b, e, day(2023, 1, 1), day(2023, 5, 1));
	placement(b, e, day(2023, 1, 1), day(2023, 5, 1), FOSTER);
	uint32_t f = child(b, day(2015, 3, 1));
	episode(b, f, day(2023, 10, 1), day(2024, 1, 2));
	episode(b, f, day(2024, 1, 2), O);
	placement(b, f, day(2023, 10, 1), day(2024, 1, 2), FOSTER_BOUGHT);
	placement(b, f, day(2024, 1, 2), O, FOSTER_BOUGHT);
}

static void test_counts_by_hand(void **state)
{
	(void)state;
	struct records b;
	hand_records(&b);
	struct money_counts c;
	struct kerr e = {0};
	money_counts_zero(&c, day(2023, 12, 27), day(2024, 1, 5));
	assert_int_equal(money_counts_add(&c, &b, &e), 0);
	int fc = money_state(MB_5_9, FOSTER), kin = money_state(MB_5_9, KIN), fc10 = money_state(MB_10_15, FOSTER),
	    res = money_state(MB_5_9, RES_HOME), fb = money_state(MB_5_9, FOSTER_BOUGHT), out = MONEY_OUTSIDE;
	assert_true(c.exposure[fc] == 11);
	assert_true(c.exposure[kin] == 14);
	assert_true(c.exposure[fc10] == 3);
	assert_true(c.exposure[res] == 3);
	assert_true(c.exposure[fb] == 10);
	double all = 0;
	for (int s = 0; s < MONEY_OUTSIDE; s++)
		all += c.exposure[s];
	assert_true(all == 41);
	assert_int_equal(c.moves[fc][kin], 1);
	assert_int_equal(c.moves[fc][fc10], 1);
	assert_int_equal(c.moves[fc10][out], 1);
	assert_int_equal(c.moves[out][fc], 1);
	assert_int_equal(c.moves[res][kin], 1);
	uint32_t moves = 0;
	for (int s = 0; s < MONEY_NSTATES; s++)
		for (int t = 0; t < MONEY_NSTATES; t++)
			moves += c.moves[s][t];
	assert_int_equal(moves, 5);
	assert_int_equal(c.stock_end[kin], 2);
	assert_int_equal(c.stock_end[fc], 1);
	assert_int_equal(c.stock_end[fb], 1);
	assert_int_equal(c.children, 5);
	/* the rate and its interval: 1 move in 11 days */
	double lo, hi;
	assert_true(fabs(money_rate(c.moves[fc][kin], c.exposure[fc], &lo, &hi) - 1.0 / 11) < 1e-12);
	/* Gamma(1.5, 11)'s 2.5th and 97.5th percentiles: chi-squared(3)'s, 0.2158 and 9.348,
	 * halved and divided by 11 */
	assert_true(fabs(lo - 0.2158 / 22) < 0.00001 && fabs(hi - 9.348 / 22) < 0.0001);
	records_free(&b);
}

static void test_counts_refused(void **state)
{
	(void)state;
	struct records b;
	hand_records(&b);
	struct money_counts c;
	struct kerr e = {0};
	money_counts_zero(&c, day(2024, 1, 5), day(2024, 1, 4));
	assert_int_equal(money_counts_add(&c, &b, &e), -1);
	assert_non_null(strstr(e.msg, "empty"));
	/* the records end on 31 July 2024: the period's last day must be before it */
	money_counts_zero(&c, day(2024, 1, 1), day(2024, 7, 31));
	assert_int_equal(money_counts_add(&c, &b, &e), -1);
	assert_non_null(strstr(e.msg, "not inside"));
	money_counts_zero(&c, day(2024, 1, 1), day(2024, 7, 30));
	assert_int_equal(money_counts_add(&c, &b, &e), 0);
	/* before the first episode */
	money_counts_zero(&c, day(2022, 12, 31), day(2023, 2, 1));
	assert_int_equal(money_counts_add(&c, &b, &e), -1);
	int32_t from, to, first, last;
	money_default_period(&b, &from, &to);
	assert_int_equal(to, day(2024, 7, 30));
	assert_int_equal(from, day(2023, 1, 1)); /* three years would be before the records */
	/* an SSDA903 return: its year, 1 April to 31 March, only */
	b.year_only = true;
	money_records_span(&b, &first, &last);
	assert_int_equal(first, day(2023, 4, 1));
	assert_int_equal(last, day(2024, 3, 31));
	money_counts_zero(&c, day(2023, 3, 31), day(2023, 6, 1));
	assert_int_equal(money_counts_add(&c, &b, &e), -1);
	records_free(&b);
}

/* The three-state chain of docs/money.md "The projection": kinship (K) and foster (F)
 * care of 10 to 15 year olds, and outside. K -> F at 0.01 a day, F -> outside at 0.02,
 * 1 entry a day into K; 1000 children in K. */
static void chain_counts(struct money_counts *c)
{
	money_counts_zero(c, day(2021, 4, 1), day(2021, 4, 1) + 999);
	int k = money_state(MB_10_15, KIN), f = money_state(MB_10_15, FOSTER);
	c->exposure[k] = 100000;
	c->exposure[f] = 100000;
	c->moves[k][f] = 1000;
	c->moves[f][MONEY_OUTSIDE] = 2000;
	c->moves[MONEY_OUTSIDE][k] = 1000;
	c->stock_end[k] = 1000;
	c->children = 1000;
}

static struct money_options options_for(const struct money_counts *c, int months, int draws)
{
	struct money_options o = {.start = c->to + 1, .months = months, .draws = draws, .seed = 7, .price_year = 2024};
	for (int t = 0; t < MONEY_NTYPES; t++)
		o.weekly_cost[t] = -1;
	return o;
}

static void test_chain_by_hand(void **state)
{
	(void)state;
	struct money_counts c;
	chain_counts(&c);
	/* the first month is April 2024: 30 days */
	c.from = day(2024, 3, 31) - 999;
	c.to = day(2024, 3, 31);
	struct money_options o = options_for(&c, 2, 4000);
	struct money_projection p;
	struct kerr e = {0};
	assert_int_equal(money_project(&c, &o, NULL, &p, &e), 0);
	assert_int_equal(p.months, 2);
	assert_int_equal(p.month_start[0], day(2024, 4, 1));
	assert_int_equal(p.month_start[1], day(2024, 5, 1));
	/* The months follow the chain in continuous time, so the medians are the chain's
	 * expectations (docs/money.md): K(t) = 100 + 900 e^(-0.01 t) and
	 * F(t) = 0.01 (100 (1 - e^(-0.02 t)) / 0.02 + 900 (e^(-0.01 t) - e^(-0.02 t)) / 0.01).
	 * At t = 30: K 766.7, F 195.4. */
	struct money_band3 k = p.children[0 * MONEY_NTYPES + KIN], f = p.children[0 * MONEY_NTYPES + FOSTER];
	assert_true(fabs(k.p50 - 766.7) <= 2);
	assert_true(fabs(f.p50 - 195.4) <= 2);
	assert_true(fabs(p.total[0].p50 - 962.1) <= 2);
	/* the band holds chance and the rates' uncertainty: about 1.645 x 16.4 either side */
	assert_true(k.p5 > 731 && k.p5 < 748);
	assert_true(k.p95 > 785 && k.p95 < 802);
	/* May (31 days): at t = 61, K 589.0, F 258.5 */
	assert_true(fabs(p.children[1 * MONEY_NTYPES + KIN].p50 - 589.0) <= 2.5);
	assert_true(fabs(p.children[1 * MONEY_NTYPES + FOSTER].p50 - 258.5) <= 2.5);
	money_projection_free(&p);
}

/* Which moves can happen (docs/money.md): growing older does not change the type, so a
 * move from foster care (10 to 15) to kinship (16 and 17), never counted, gets no rate,
 * not even the half move of one never seen, though both states were seen. Children in
 * foster care can then only leave care: kinship (16 and 17) gets none of them, only the
 * few of its own entries' half-count (about 0.02 a year). */
static void test_structural_zeros(void **state)
{
	(void)state;
	struct money_counts c;
	money_counts_zero(&c, day(2024, 3, 31) - 9999, day(2024, 3, 31));
	int f = money_state(MB_10_15, FOSTER), k = money_state(MB_16_17, KIN);
	c.exposure[f] = 1000;
	c.exposure[k] = 1e9;
	c.stock_end[f] = 10000;
	c.children = 10000;
	struct money_options o = options_for(&c, 12, 200);
	struct money_projection p;
	struct kerr e = {0};
	assert_int_equal(money_project(&c, &o, NULL, &p, &e), 0);
	/* with half a move to kinship (16 and 17) its median would be about 800 by now */
	assert_true(p.children[11 * MONEY_NTYPES + KIN].p95 <= 1);
	/* foster care loses children only by leaving care (the half move out of it) */
	assert_true(p.children[11 * MONEY_NTYPES + FOSTER].p50 < 10000);
	assert_true(p.children[11 * MONEY_NTYPES + FOSTER].p50 > 8000);
	money_projection_free(&p);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The bands are the nearest ranks of the draws (docs/money.md "Bands"): with N draws the
 * values of rank ceil(0.05 N), ceil(0.5 N) and ceil(0.95 N), here worked from each
 * draw's own path (money_project_draw), for children (whole numbers) and cost. */
static void test_bands_nearest_rank(void **state)
{
	(void)state;
	struct money_counts c;
	chain_counts(&c);
	/* April (30 days) and May 2024 (31) */
	c.from = day(2024, 3, 31) - 999;
	c.to = day(2024, 3, 31);
	enum { N = 41, M = 2 };
	struct money_options o = options_for(&c, M, N);
	o.weekly_cost[KIN] = 300;
	o.weekly_cost[FOSTER] = 500;
	struct money_projection p;
	struct kerr e = {0};
	assert_int_equal(money_project(&c, &o, NULL, &p, &e), 0);
	double total[M][N], kin[M][N], cost[M][N];
	for (int d = 0; d < N; d++) {
		uint32_t path[M + 1][MONEY_NSTATES], en[M], ex[M];
		assert_int_equal(money_project_draw(&c, &o, NULL, false, d, path, en, ex, &e), 0);
		for (int k = 0; k < M; k++) {
			double a[2] = {path[k][money_state(MB_10_15, KIN)], path[k][money_state(MB_10_15, FOSTER)]};
			double b[2] = {path[k + 1][money_state(MB_10_15, KIN)], path[k + 1][money_state(MB_10_15, FOSTER)]};
			int days = k == 0 ? 30 : 31;
			total[k][d] = b[0] + b[1];
			kin[k][d] = b[0];
			cost[k][d] = (a[0] + b[0]) / 2 * 300 / 7 * days + (a[1] + b[1]) / 2 * 500 / 7 * days;
		}
	}
	/* ranks 3, 21 and 39 of 41 */
	for (int k = 0; k < M; k++) {
		qsort(total[k], N, sizeof(double), cmp_double);
		qsort(kin[k], N, sizeof(double), cmp_double);
		qsort(cost[k], N, sizeof(double), cmp_double);
		assert_true(p.total[k].p5 == total[k][2] && p.total[k].p50 == total[k][20] && p.total[k].p95 == total[k][38]);
		struct money_band3 kb = p.children[k * MONEY_NTYPES + KIN];
		assert_true(kb.p5 == kin[k][2] && kb.p50 == kin[k][20] && kb.p95 == kin[k][38]);
		assert_true(fabs(p.cost[k].p5 - cost[k][2]) < 1e-6 && fabs(p.cost[k].p50 - cost[k][20]) < 1e-6 &&
		            fabs(p.cost[k].p95 - cost[k][38]) < 1e-6);
	}
	money_projection_free(&p);
}

/* Entries minus exits is the change in the stock, every month of every draw, in the
 * baseline and in a scenario. */
static void test_conservation(void **state)
{
	(void)state;
	struct records b;
	hand_records(&b);
	struct money_counts cs[2];
	struct kerr e = {0};
	money_counts_zero(&cs[0], day(2023, 12, 27), day(2024, 1, 5));
	assert_int_equal(money_counts_add(&cs[0], &b, &e), 0);
	chain_counts(&cs[1]);
	struct money_scenario sc = {.name = "test", .neffects = 2, .ninvestments = 1};
	sc.effects[0] = (struct money_effect){.kind = ME_ENTRIES, .from_type = -1, .band = -1, .low_pct = -15,
	                                      .high_pct = -5, .starts_after_months = 1, .ramp_months = 3};
	sc.effects[1] = (struct money_effect){.kind = ME_MOVE, .from_type = FOSTER, .to_type = KIN, .band = -1,
	                                      .low_pct = 10, .high_pct = 50};
	sc.investments[0] = (struct money_investment){.what = "x", .per_year = 1e6, .starts = cs[1].to, .ends = RECORDS_OPEN};
	for (int i = 0; i < 2; i++) {
		struct money_options o = options_for(&cs[i], 36, 50);
		uint32_t(*path)[MONEY_NSTATES] = xmalloc(37 * sizeof *path);
		uint32_t en[36], ex[36];
		for (int d = 0; d < 50; d++)
			for (int arm = 0; arm < 2; arm++) {
				assert_int_equal(money_project_draw(&cs[i], &o, &sc, arm, d, path, en, ex, &e), 0);
				for (int k = 0; k < 36; k++) {
					int64_t a = 0, z = 0;
					for (int s = 0; s < MONEY_OUTSIDE; s++) {
						a += path[k][s];
						z += path[k + 1][s];
					}
					assert_true(z == a + en[k] - ex[k]);
				}
			}
		free(path);
	}
	records_free(&b);
}

/* 100 children in council foster care at £700 a week, 50 in secure care not priced, no
 * moves: April costs 100 x 700 / 7 x 30 = £300,000; inflation and discounting. */
static void test_costs_known_population(void **state)
{
	(void)state;
	struct money_counts c;
	money_counts_zero(&c, day(2024, 3, 31) - 999999, day(2024, 3, 31));
	int f = money_state(MB_10_15, FOSTER), s = money_state(MB_10_15, 9);
	c.exposure[f] = 1e13;
	c.exposure[s] = 1e13;
	c.stock_end[f] = 100;
	c.stock_end[s] = 50;
	c.children = 150;
	struct money_options o = options_for(&c, 13, 200);
	o.weekly_cost[FOSTER] = 700;
	o.price_year = 2024;
	struct money_projection p;
	struct kerr e = {0};
	assert_int_equal(money_project(&c, &o, NULL, &p, &e), 0);
	assert_true(p.cost[0].p5 == 300000 && p.cost[0].p50 == 300000 && p.cost[0].p95 == 300000);
	assert_true(p.total[0].p50 == 150 && p.children[9].p50 == 50);
	assert_int_equal(p.years, 2);
	assert_int_equal(p.fy[0], 2024);
	/* 2024-25: 365 days of 100 children at £100 a day */
	assert_true(fabs(p.year_cost[0].p50 - 3650000) < 1e-6);
	money_projection_free(&p);
	/* prices of 2023-24, 10% a year: 2024-25 is 1.1 times; discounted at 3.5% from the
	 * first year: April 2025 (2025-26) is 1.1^2 / 1.035 times */
	o.price_year = 2023;
	o.inflation_pct = 10;
	o.discount_pct = 3.5;
	assert_int_equal(money_project(&c, &o, NULL, &p, &e), 0);
	assert_true(fabs(p.cost[0].p50 - 330000) < 1e-6);
	assert_true(fabs(p.cost[12].p50 - 300000 * 1.21 / 1.035) < 1e-6);
	money_projection_free(&p);
}

/* The options' groups of states (money.h): each group's band at the end of each
 * financial year's last projected month is the band over the draws of its sum: a group
 * of one state is that type's children then, a group of both states the total (a band
 * of the sum, not a sum of bands), an empty group 0. From 1 February 2024 for 14 months:
 * 2023-24 ends with month 1 (March 2024), 2024-25 with month 13 (March 2025). */
static void test_year_groups(void **state)
{
	(void)state;
	struct money_counts c;
	chain_counts(&c);
	c.from = day(2024, 1, 31) - 999;
	c.to = day(2024, 1, 31);
	struct money_options o = options_for(&c, 14, 101);
	bool groups[4][MONEY_NSTATES] = {{false}};
	int k = money_state(MB_10_15, KIN), f = money_state(MB_10_15, FOSTER);
	groups[0][k] = true;
	groups[1][f] = true;
	groups[2][k] = groups[2][f] = true;
	o.ngroups = 4;
	o.groups = (const bool(*)[MONEY_NSTATES])groups;
	struct money_projection p;
	struct kerr e = {0};
	assert_int_equal(money_project(&c, &o, NULL, &p, &e), 0);
	assert_int_equal(p.years, 2);
	assert_int_equal(p.ngroups, 4);
	const int last[2] = {1, 13};
	for (int y = 0; y < 2; y++) {
		const struct money_band3 *g = &p.year_groups[y * 4];
		struct money_band3 kb = p.children[last[y] * MONEY_NTYPES + KIN],
		                   fb = p.children[last[y] * MONEY_NTYPES + FOSTER], tb = p.total[last[y]];
		assert_true(g[0].p5 == kb.p5 && g[0].p50 == kb.p50 && g[0].p95 == kb.p95);
		assert_true(g[1].p5 == fb.p5 && g[1].p50 == fb.p50 && g[1].p95 == fb.p95);
		assert_true(g[2].p5 == tb.p5 && g[2].p50 == tb.p50 && g[2].p95 == tb.p95);
		assert_true(g[3].p5 == 0 && g[3].p50 == 0 && g[3].p95 == 0);
	}
	/* the same draws with no groups: the same children, and no groups */
	struct money_projection q;
	o.ngroups = 0;
	o.groups = NULL;
	assert_int_equal(money_project(&c, &o, NULL, &q, &e), 0);
	assert_null(q.year_groups);
	assert_true(q.total[13].p50 == p.total[13].p50 && q.total[13].p95 == p.total[13].p95);
	/* rounded for publishing with the children */
	money_projection_round(&p, 5, 0, 0);
	assert_true(fmod(p.year_groups[4 + 2].p50, 5) == 0 && p.year_groups[4 + 2].p50 == p.total[13].p50);
	money_projection_free(&p);
	money_projection_free(&q);
	/* groups without their table are refused */
	o.ngroups = 2;
	assert_int_equal(money_project(&c, &o, NULL, &q, &e), -1);
}

static void test_scenario(void **state)
{
	(void)state;
	struct money_counts c;
	chain_counts(&c);
	c.from = day(2024, 3, 31) - 999;
	c.to = day(2024, 3, 31);
	struct money_options o = options_for(&c, 24, 400);
	o.weekly_cost[KIN] = 300;
	o.weekly_cost[FOSTER] = 700;
	/* no entries from the first month; £365,000 a year from 1 April 2024 */
	struct money_scenario sc = {.name = "no entries", .neffects = 1, .ninvestments = 1};
	sc.effects[0] = (struct money_effect){.kind = ME_ENTRIES, .from_type = -1, .band = -1, .low_pct = -100,
	                                      .high_pct = -100};
	sc.investments[0] = (struct money_investment){.what = "x", .per_year = 365000, .starts = day(2024, 4, 1),
	                                              .ends = RECORDS_OPEN};
	struct money_projection p;
	struct kerr e = {0};
	assert_int_equal(money_project(&c, &o, &sc, &p, &e), 0);
	assert_true(p.with_scenario);
	/* no one enters: K is 1000 e^-0.3 = 740.8 after April */
	assert_true(fabs(p.s_children[KIN].p50 - 740.8) <= 2);
	assert_true(p.investment[0].p50 == 30000);
	/* the same draws: the baseline is the baseline without a scenario */
	struct money_projection q;
	assert_int_equal(money_project(&c, &o, NULL, &q, &e), 0);
	for (int k = 0; k < 24; k++)
		assert_true(q.total[k].p50 == p.total[k].p50 && q.cost[k].p95 == p.cost[k].p95);
	/* 30 fewer children a month at about £43 a day each soon beat £1,000 a day */
	assert_true(p.gross_saving[23].p50 > 0);
	assert_true(p.break_even.p50 >= 1 && p.break_even.p50 < 24);
	assert_true(p.break_even_never_share < 0.05);
	assert_true(p.net_saving_cum[23].p50 > 0);
	money_projection_free(&p);
	/* the same seed, the same result */
	assert_int_equal(money_project(&c, &o, NULL, &p, &e), 0);
	for (int k = 0; k < 24; k++)
		assert_true(q.total[k].p5 == p.total[k].p5 && q.total[k].p50 == p.total[k].p50 &&
		            q.cost[k].p95 == p.cost[k].p95 && q.children[k * MONEY_NTYPES + KIN].p95 ==
		                                                  p.children[k * MONEY_NTYPES + KIN].p95);
	money_projection_free(&p);
	money_projection_free(&q);
	/* an effect 6 months after the investment starts: until then the scenario is the
	 * baseline, draw for draw (the same random numbers); from then it differs */
	sc.effects[0].starts_after_months = 6;
	sc.effects[0].ramp_months = 3;
	uint32_t(*pa)[MONEY_NSTATES] = xmalloc(25 * sizeof *pa), (*pb)[MONEY_NSTATES] = xmalloc(25 * sizeof *pb);
	uint32_t en[24], ex[24], en2[24], ex2[24];
	assert_int_equal(money_project_draw(&c, &o, &sc, false, 5, pa, en, ex, &e), 0);
	assert_int_equal(money_project_draw(&c, &o, &sc, true, 5, pb, en2, ex2, &e), 0);
	assert_memory_equal(pa, pb, 7 * sizeof *pa); /* the stocks at the starts of months 0 to 6 */
	assert_memory_equal(en, en2, 6 * sizeof *en);
	/* entries x 2/3, then x 1/3, then none */
	assert_true(en2[6] > 0 && en2[7] > 0 && en2[6] + en2[7] < en[6] + en[7]);
	for (int k = 8; k < 24; k++)
		assert_int_equal(en2[k], 0);
	free(pa);
	free(pb);
	sc.effects[0].starts_after_months = 0;
	sc.effects[0].ramp_months = 0;
	/* impossible effects are refused */
	sc.effects[0].low_pct = -150;
	assert_int_equal(money_project(&c, &o, &sc, &p, &e), -1);
	assert_non_null(strstr(e.msg, "effect 1"));
	assert_non_null(strstr(e.msg, "-100"));
	sc.effects[0].low_pct = -10;
	sc.effects[0].from_type = 13;
	assert_int_equal(money_project(&c, &o, &sc, &p, &e), -1);
	assert_non_null(strstr(e.msg, "does not exist"));
}

/* ---- records made from a chain with known rates ---- */
struct gen {
	uint64_t x;
};
static double gen_uniform(struct gen *g)
{
	uint64_t z = (g->x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return ((double)(z >> 11) + 0.5) * 0x1.0p-53;
}

/* The chain: kinship, council foster care and council residential homes. */
#define GEN_TYPES 3
static const int gen_type[GEN_TYPES] = {KIN, FOSTER, RES_HOME};
/* per day: [from][to], to GEN_TYPES is leaving care */
static const double gen_rate[GEN_TYPES][GEN_TYPES + 1] = {
    {0, 0.0010, 0, 0.0030},
    {0.0008, 0, 0.0006, 0.0020},
    {0, 0.0015, 0, 0.0025},
};
static const double gen_entry[GEN_TYPES] = {0.6, 0.5, 0.1};

/* Children entering over the seven years to 31 July year, aged 10 (and up to a year),
 * moving by the chain in continuous time, cut at 31 July year. scale multiplies the
 * entries. */
static void gen_records(struct records *b, uint64_t seed, int year, double scale)
{
	records_init(b, "S12000036", year);
	struct gen g = {seed * 0x2545f4914f6cdd1dULL + 1};
	int32_t last = day(year, 7, 31);
	double t = day(year - 7, 8, 1), total = 0;
	for (int i = 0; i < GEN_TYPES; i++)
		total += gen_entry[i] * scale;
	for (;;) {
		t += -log(gen_uniform(&g)) / total;
		int32_t d0 = (int32_t)floor(t);
		if (d0 > last)
			break;
		double u = gen_uniform(&g) * total;
		int s = 0;
		while (s < GEN_TYPES - 1 && u >= gen_entry[s] * scale)
			u -= gen_entry[s++] * scale;
		uint32_t c = child(b, d0 - 3653 - (int32_t)(gen_uniform(&g) * 365));
		int32_t start = d0;
		double tc = t;
		for (;;) {
			double L = 0;
			for (int j = 0; j <= GEN_TYPES; j++)
				L += gen_rate[s][j];
			tc += -log(gen_uniform(&g)) / L;
			int32_t d1 = (int32_t)floor(tc);
			if (d1 <= start)
				d1 = start + 1;
			if (d1 > last) {
				placement(b, c, start, RECORDS_OPEN, gen_type[s]);
				episode(b, c, d0, RECORDS_OPEN);
				break;
			}
			double v = gen_uniform(&g) * L;
			int to = 0;
			while (to < GEN_TYPES && v >= gen_rate[s][to])
				v -= gen_rate[s][to++];
			if (to == GEN_TYPES) {
				placement(b, c, start, d1 - 1, gen_type[s]);
				episode(b, c, d0, d1 - 1);
				break;
			}
			placement(b, c, start, d1, gen_type[s]);
			start = d1;
			s = to;
		}
	}
}

/* Over 200 seeds, the estimated rates' 95% intervals hold the rates the records were
 * made from about 95% of the time. */
static void test_recovery(void **state)
{
	(void)state;
	int checks = 0, inside = 0;
	for (uint64_t seed = 1; seed <= 200; seed++) {
		struct records b;
		gen_records(&b, seed, 2024, 1);
		struct money_counts c;
		int32_t from, to;
		money_default_period(&b, &from, &to);
		money_counts_zero(&c, from, to);
		struct kerr e = {0};
		assert_int_equal(money_counts_add(&c, &b, &e), 0);
		double days = (double)to - from + 1, lo, hi;
		for (int i = 0; i < GEN_TYPES; i++) {
			int s = money_state(MB_10_15, gen_type[i]);
			for (int j = 0; j <= GEN_TYPES; j++) {
				if (gen_rate[i][j] == 0)
					continue;
				int s2 = j == GEN_TYPES ? MONEY_OUTSIDE : money_state(MB_10_15, gen_type[j]);
				money_rate(c.moves[s][s2], c.exposure[s], &lo, &hi);
				checks++;
				inside += lo <= gen_rate[i][j] && gen_rate[i][j] <= hi;
			}
			money_rate(c.moves[MONEY_OUTSIDE][s], days, &lo, &hi);
			checks++;
			inside += lo <= gen_entry[i] && gen_entry[i] <= hi;
		}
		records_free(&b);
	}
	print_message("recovery: %d of %d rates inside their 95%% intervals\n", inside, checks);
	assert_int_equal(checks, 2000);
	assert_true(inside >= 1860 && inside <= 1960);
}

/* The backtest on records made from the chain: over 10 record sets, the errors are
 * small and the records' figures (the three types and all looked after, 12 and 24
 * months on) lie inside the 5th to 95th percentile bands about 90% of the time. */
static void test_backtest(void **state)
{
	(void)state;
	int checks = 0, inside = 0;
	double err = 0;
	for (uint64_t seed = 90; seed < 100; seed++) {
		struct records b;
		gen_records(&b, seed, 2024, 4);
		const struct records *bs[1] = {&b};
		struct money_options o = {.draws = 200, .seed = seed, .price_year = 2024};
		struct money_backtest bt;
		struct kerr e = {0};
		assert_int_equal(money_backtest(bs, 1, day(2022, 7, 1), &o, &bt, &e), 0);
		assert_int_equal(bt.from, day(2019, 7, 1));
		assert_true(bt.known[0] && bt.known[1]);
		assert_int_equal(bt.day[0], day(2023, 7, 1));
		assert_int_equal(bt.day[1], day(2024, 7, 1));
		for (int h = 0; h < 2; h++) {
			assert_true(bt.truth[h][MONEY_NTYPES] > 1500);
			err += bt.mean_abs_pct[h];
			assert_true(fabs(bt.error_pct[h][MONEY_NTYPES]) < 8);
			checks += 4;
			inside += bt.inside[h][MONEY_NTYPES];
			for (int i = 0; i < GEN_TYPES; i++)
				inside += bt.inside[h][gen_type[i]];
		}
		if (seed == 99) {
			/* a date the records cannot test */
			assert_int_equal(money_backtest(bs, 1, day(2023, 9, 1), &o, &bt, &e), -1);
			assert_non_null(strstr(e.msg, "outside"));
			assert_int_equal(money_backtest(bs, 1, day(2010, 1, 1), &o, &bt, &e), -1);
			/* from 1 July 2023, 12 months are known, 24 are not */
			assert_int_equal(money_backtest(bs, 1, day(2023, 7, 1), &o, &bt, &e), 0);
			assert_true(bt.known[0] && !bt.known[1]);
		}
		records_free(&b);
	}
	print_message("backtest: %d of %d figures inside their bands; mean error %.1f%%\n", inside, checks, err / 20);
	assert_true(inside >= 64);
	assert_true(err / 20 < 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_counts_by_hand),
	    cmocka_unit_test(test_counts_refused),
	    cmocka_unit_test(test_chain_by_hand),
	    cmocka_unit_test(test_structural_zeros),
	    cmocka_unit_test(test_bands_nearest_rank),
	    cmocka_unit_test(test_conservation),
	    cmocka_unit_test(test_costs_known_population),
	    cmocka_unit_test(test_year_groups),
	    cmocka_unit_test(test_scenario),
	    cmocka_unit_test(test_recovery),
	    cmocka_unit_test(test_backtest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
