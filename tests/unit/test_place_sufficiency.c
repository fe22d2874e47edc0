/* Sufficiency to 2030 and commissioning (src/place/sufficiency.c; docs/places.md
 * "Sufficiency to 2030", "Commissioning"): sibling groups from the records worked by
 * hand, demand scaled from a projection made by hand, supply from a small register, the
 * gap and its band, and commissioning by hand and against every smaller addition. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "place/place.h"

static int32_t day(int y, int m, int d)
{
	return (int32_t)date_days((struct kdate){y, m, d});
}

enum { HOME = 0, KIN = 1, FOSTER = 2, FOSTER_BOUGHT = 3, RES_HOME = 6, SECURE = 9 };

static uint32_t looked_after(struct records *b, int32_t from, int32_t to, int type, const char *provider)
{
	struct records_child c = {.birth = day(2012, 5, 1)};
	uint32_t id = records_add_child(b, "x", 1, &c);
	struct records_episode e = {
	    .child = id, .start = from, .end = to, .end_reason = to == RECORDS_OPEN ? RECORDS_NO_CODE : 0};
	records_add_episode(b, &e);
	struct records_placement p = {.child = id,
	                              .start = from,
	                              .end = to,
	                              .type = (uint8_t)type,
	                              .provider = provider ? records_text(b, provider, strlen(provider))
	                                                   : RECORDS_NO_TEXT};
	records_add_placement(b, &p);
	return id;
}

static void sibling(struct records *b, uint32_t x, uint32_t y)
{
	struct records_sibling s = {.child = x < y ? x : y, .sibling = x < y ? y : x};
	records_add_sibling(b, &s);
}

/* The example of docs/places.md "Sibling groups": on 31 July 2024, A, B and C (linked
 * A-B, B-C) in one foster home: a group of 3, together; D in foster care and E in a
 * residential house: a group of 2, apart; F in foster care, whose sister G lives at home
 * (no service provides that): a group of 1; H in kinship care: not counted; I and J in
 * purchased foster care with no provider recorded: a group of 2, apart (an empty provider
 * never matches); K, L, M and N in one secure unit: a group of 4, together; P, A's
 * brother, left care before the day: not counted. */
static void test_sibling_groups_by_hand(void **state)
{
	(void)state;
	struct records b;
	records_init(&b, "S12000036", 2024);
	b.given[RECORDS_SIBLINGS] = true;
	int32_t s = day(2023, 1, 1), O = RECORDS_OPEN;
	uint32_t a = looked_after(&b, s, O, FOSTER, "H1"), bb = looked_after(&b, s, O, FOSTER, "H1"),
	         c = looked_after(&b, s, O, FOSTER, "H1");
	uint32_t d = looked_after(&b, s, O, FOSTER, "H2"), e = looked_after(&b, s, O, RES_HOME, "R1");
	uint32_t f = looked_after(&b, s, O, FOSTER, "H3"), g = looked_after(&b, s, O, HOME, "");
	(void)looked_after(&b, s, O, KIN, "K1");
	uint32_t i = looked_after(&b, s, O, FOSTER_BOUGHT, NULL),
	         j = looked_after(&b, s, O, FOSTER_BOUGHT, NULL);
	uint32_t k = looked_after(&b, s, O, SECURE, "S1"), l = looked_after(&b, s, O, SECURE, "S1"),
	         m = looked_after(&b, s, O, SECURE, "S1"), n = looked_after(&b, s, O, SECURE, "S1");
	uint32_t p = looked_after(&b, s, day(2024, 6, 1), FOSTER, "H1");
	sibling(&b, a, bb);
	sibling(&b, bb, c);
	sibling(&b, a, p);
	sibling(&b, d, e);
	sibling(&b, f, g);
	sibling(&b, i, j);
	sibling(&b, k, l);
	sibling(&b, l, m);
	sibling(&b, n, m);
	struct place_sibgroups sg;
	place_sibgroups_count(&b, day(2024, 7, 31), &sg);
	assert_int_equal(sg.children, 12);
	assert_int_equal(sg.groups[0], 1);
	assert_int_equal(sg.groups[1], 2);
	assert_int_equal(sg.groups[2], 1);
	assert_int_equal(sg.groups[3], 1);
	assert_int_equal(sg.apart[0], 0);
	assert_int_equal(sg.apart[1], 2);
	assert_int_equal(sg.apart[2], 0);
	assert_int_equal(sg.apart[3], 0);
	/* C moves to another home: the group of 3 lives apart */
	b.placements.v[c].provider = records_text(&b, "H9", 2);
	place_sibgroups_count(&b, day(2024, 7, 31), &sg);
	assert_int_equal(sg.apart[2], 1);
	/* with no sibling file every child is a group of one */
	b.given[RECORDS_SIBLINGS] = false;
	place_sibgroups_count(&b, day(2024, 7, 31), &sg);
	assert_int_equal(sg.groups[0], 12);
	assert_int_equal(sg.groups[1] + sg.groups[2] + sg.groups[3], 0);
	records_free(&b);
}

/* Which states each demand group holds: foster care (council and purchased) of 5 to 9
 * year olds is fostering's 5 to 9; kinship is in none; placed holds every provided one. */
static void test_demand_groups(void **state)
{
	(void)state;
	static bool g[PLACE_NGROUPS][MONEY_NSTATES];
	place_demand_groups(g);
	int cell = PT_FOSTERING * MB_NBANDS + MB_5_9;
	assert_true(g[cell][money_state(MB_5_9, FOSTER)] && g[cell][money_state(MB_5_9, FOSTER_BOUGHT)]);
	assert_false(g[cell][money_state(MB_10_15, FOSTER)]);
	assert_true(g[PLACE_G_TYPE0 + PT_FOSTERING][money_state(MB_10_15, FOSTER)]);
	assert_true(g[PLACE_G_TYPE0 + PT_SECURE][money_state(MB_16_17, SECURE)]);
	for (int x = 0; x <= PLACE_G_PLACED; x++)
		assert_false(g[x][money_state(MB_5_9, KIN)] || g[x][money_state(MB_5_9, HOME)]);
	int placed = 0;
	for (int s = 0; s < MONEY_NSTATES; s++)
		placed += g[PLACE_G_PLACED][s];
	/* every band of each type a service provides */
	int provided = 0;
	for (int t = 0; t < MONEY_NTYPES; t++)
		provided += place_type_for_money_type(t) >= 0;
	assert_int_equal(placed, MB_NBANDS * provided);
	assert_false(g[PLACE_G_PLACED][MONEY_OUTSIDE]);
}

/* docs/places.md's worked example: today 12 children placed, groups 1, 2, 1, 1; the
 * projection's placed children on 31 March 2025 are 10, 12, 18 (5th, 50th, 95th). */
static void make_demand(struct place_demand *d)
{
	memset(d, 0, sizeof *d);
	snprintf(d->council, sizeof d->council, "S12000036");
	d->today = (struct place_sibgroups){.children = 12, .groups = {1, 2, 1, 1}, .apart = {0, 2, 0, 0}};
	static struct money_band3 yg[2 * PLACE_NGROUPS];
	memset(yg, 0, sizeof yg);
	int fy[2] = {2024, 2025};
	yg[PLACE_G_PLACED] = (struct money_band3){10, 12, 18};
	yg[PLACE_G_TYPE0 + PT_FOSTERING] = (struct money_band3){6, 8, 12};
	yg[PT_FOSTERING * MB_NBANDS + MB_5_9] = (struct money_band3){2, 3, 5};
	yg[PLACE_NGROUPS + PLACE_G_PLACED] = (struct money_band3){12, 24, 36};
	yg[PLACE_NGROUPS + PLACE_G_TYPE0 + PT_FOSTERING] = (struct money_band3){7, 11, 17};
	struct money_projection p = {.years = 2, .fy = fy, .ngroups = PLACE_NGROUPS, .year_groups = yg};
	place_demand_from(d, &p);
}

static void test_demand_scaled(void **state)
{
	(void)state;
	struct place_demand d;
	make_demand(&d);
	assert_int_equal(d.years, 2);
	assert_int_equal(d.fy[1], 2025);
	assert_true(d.children[0][PT_FOSTERING][MB_5_9].p50 == 3 && d.type_total[0][PT_FOSTERING].p95 == 12);
	/* groups of 2: 2 x 10 / 12 = 1.67 -> 2; 2 x 12 / 12 = 2; 2 x 18 / 12 = 3 */
	assert_true(d.groups[0][1].p5 == 2 && d.groups[0][1].p50 == 2 && d.groups[0][1].p95 == 3);
	/* groups of 3: 0.83 -> 1; 1; 1.5 -> 2 (half up) */
	assert_true(d.groups[0][2].p5 == 1 && d.groups[0][2].p50 == 1 && d.groups[0][2].p95 == 2);
	/* 2025-26: twice, thrice */
	assert_true(d.groups[1][1].p5 == 2 && d.groups[1][1].p50 == 4 && d.groups[1][1].p95 == 6);
	assert_true(d.groups[1][3].p50 == 2 && d.groups[1][3].p95 == 3);
	/* published: to 5 */
	place_demand_round(&d);
	assert_true(d.children[0][PT_FOSTERING][MB_5_9].p50 == 5 && d.type_total[0][PT_FOSTERING].p95 == 10);
	assert_true(d.groups[1][1].p50 == 5 && d.groups[1][1].p5 == 0 && d.today.children == 10);
	assert_true(d.today.groups[1] == 0 && d.today.apart[1] == 0);
	/* no child placed today: no group projected */
	make_demand(&d);
	d.today.children = 0;
	struct money_band3 yg[PLACE_NGROUPS] = {[PLACE_G_PLACED] = {1, 2, 3}};
	int fy = 2024;
	struct money_projection p = {.years = 1, .fy = &fy, .ngroups = PLACE_NGROUPS, .year_groups = yg};
	place_demand_from(&d, &p);
	assert_true(d.groups[0][1].p95 == 0);
}

/* The Hall condition: for each k, the groups of size k or more are no more than the
 * homes that take k or more. */
static bool fits(const long g[PLACE_SIZES], const long h[PLACE_SIZES])
{
	long gs = 0, hs = 0;
	for (int k = PLACE_SIZES - 1; k >= 1; k--) {
		gs += g[k];
		hs += h[k];
		if (gs > hs)
			return false;
	}
	return true;
}

static void test_commission_by_hand(void **state)
{
	(void)state;
	/* 5 groups of 2, 3 of 3, 2 of 4 or more against 1, 2 and 1 homes: the group of 4 left
	 * needs a home of 4; 3 groups of 3 in 2 homes: one of 3; 5 of 2 in 1 home: four of 2 */
	long add[PLACE_SIZES];
	place_commission((const long[]){9, 5, 3, 2}, (const long[]){0, 1, 2, 1}, add);
	assert_true(add[0] == 0 && add[1] == 4 && add[2] == 1 && add[3] == 1);
	/* homes of 4 left over take the smaller groups */
	place_commission((const long[]){0, 2, 1, 0}, (const long[]){0, 0, 0, 3}, add);
	assert_true(add[1] == 0 && add[2] == 0 && add[3] == 0);
	place_commission((const long[]){0, 3, 1, 0}, (const long[]){0, 0, 0, 3}, add);
	assert_true(add[1] == 1 && add[2] == 0 && add[3] == 0);
}

/* Against every addition of up to 6 homes of each size: the greedy one fits, and no
 * addition that fits has fewer homes, nor fewer places. */
static void test_commission_least(void **state)
{
	(void)state;
	for (int x = 0; x < 729; x++) {
		long g[PLACE_SIZES] = {0, x % 3 * 2, x / 3 % 3, x / 9 % 3},
		     h[PLACE_SIZES] = {0, x / 27 % 3, x / 81 % 3, x / 243 % 3};
		long add[PLACE_SIZES];
		place_commission(g, h, add);
		long with[PLACE_SIZES];
		long homes = 0, places = 0;
		for (int k = 0; k < PLACE_SIZES; k++) {
			with[k] = h[k] + add[k];
			homes += add[k];
			places += add[k] * (k + 1);
		}
		assert_true(fits(g, with));
		for (int b = 0; b < 7 * 7 * 7; b++) {
			long bb[PLACE_SIZES] = {0, b % 7, b / 7 % 7, b / 49}, w[PLACE_SIZES];
			for (int k = 0; k < PLACE_SIZES; k++)
				w[k] = h[k] + bb[k];
			if (!fits(g, w))
				continue;
			assert_true(bb[1] + bb[2] + bb[3] >= homes);
			assert_true(2 * bb[1] + 3 * bb[2] + 4 * bb[3] >= places);
		}
	}
}

static struct place_service svc(const char *regno, int type, const char *council, int places, int sib,
                                int status, int32_t registered, int32_t ended)
{
	struct place_service s = {.type = type,
	                          .places = places,
	                          .max_siblings = sib,
	                          .status = status,
	                          .registered = registered,
	                          .ended = ended,
	                          .age_from = 0,
	                          .age_to = 17};
	snprintf(s.regno, sizeof s.regno, "%s", regno);
	snprintf(s.council, sizeof s.council, "%s", council);
	s.outside_scotland = !*council;
	return s;
}

static struct place_vacancy vacancy(const char *regno, int32_t at, int places)
{
	struct place_vacancy v = {.at = at, .places = places, .max_siblings = 1};
	snprintf(v.regno, sizeof v.regno, "%s", regno);
	return v;
}

/* The register of docs/places.md's worked example, in Fife (S12000047) on 31 March 2025. */
static void small_register(struct place_service *s, size_t *ns, struct place_vacancy *v, size_t *nv)
{
	const char *X = "S12000047", *Y = "S12000036";
	int32_t long_ago = day(2010, 1, 1), O = RECORDS_OPEN, D = day(2025, 3, 31);
	size_t n = 0;
	s[n++] = svc("CS1", PT_FOSTERING, X, 10, 3, PSS_ACTIVE, long_ago, O);
	s[n++] = svc("CS2", PT_RESIDENTIAL_HOUSE, X, 4, 4, PSS_ACTIVE, long_ago, O);
	s[n++] = svc("CS3", PT_RESIDENTIAL_HOUSE, X, 3, 1, PSS_ACTIVE, long_ago, O);
	s[n++] = svc("CS4", PT_SECURE, X, 6, 2, PSS_ACTIVE, long_ago, O);
	s[n++] = svc("CS5", PT_FOSTERING, X, 20, 3, PSS_PROPOSED, long_ago, O);
	s[n++] = svc("CS6", PT_FOSTERING, X, 20, 3, PSS_ACTIVE, long_ago, D);
	s[n++] = svc("CS7", PT_FOSTERING, Y, 20, 3, PSS_ACTIVE, long_ago, O);
	s[n++] = svc("CS8", PT_FOSTERING, "", 20, 3, PSS_ACTIVE, long_ago, O);
	s[n++] = svc("CS9", PT_SHORT_BREAKS, X, 5, 3, PSS_ACTIVE, long_ago, O);
	s[n++] = svc("CS10", PT_FOSTERING, X, 8, 2, PSS_ACTIVE, day(2025, 6, 1), O);
	*ns = n;
	n = 0;
	v[n++] = vacancy("CS1", D - 3, 2);
	v[n++] = vacancy("CS1", D - 10, 5);
	v[n++] = vacancy("CS2", D - 40, 1);
	v[n++] = vacancy("CS4", D + 1, 3);
	v[n++] = vacancy("CS7", D, 4);
	*nv = n;
}

static void test_supply_by_hand(void **state)
{
	(void)state;
	struct place_service s[16];
	struct place_vacancy v[8];
	size_t ns, nv;
	small_register(s, &ns, v, &nv);
	struct place_supply sp;
	place_supply_count(s, ns, v, nv, "S12000047", day(2025, 3, 31), &sp);
	/* CS6 ends that day, CS5 is proposed, CS10 not yet registered */
	assert_int_equal(sp.services[PT_FOSTERING], 1);
	assert_int_equal(sp.places[PT_FOSTERING], 10);
	assert_int_equal(sp.places[PT_RESIDENTIAL_HOUSE], 7);
	assert_int_equal(sp.places[PT_SECURE], 6);
	assert_int_equal(sp.places[PT_SHORT_BREAKS], 5);
	/* homes: CS1 10 / 3 = 3 of 3; CS2 one of 4; CS4 6 / 2 = 3 of 2; short breaks none */
	assert_int_equal(sp.homes[0], 0);
	assert_int_equal(sp.homes[1], 3);
	assert_int_equal(sp.homes[2], 3);
	assert_int_equal(sp.homes[3], 1);
	/* CS1's latest return; CS2's is too old; CS4's is after the day */
	assert_int_equal(sp.vacancies[PT_FOSTERING], 2);
	assert_int_equal(sp.vacancy_services[PT_FOSTERING], 1);
	assert_int_equal(sp.vacancies[PT_RESIDENTIAL_HOUSE], 0);
	assert_int_equal(sp.vacancies[PT_SECURE], 0);
	/* a year on: CS10 (8 places, 4 homes of 2) */
	place_supply_count(s, ns, v, nv, "S12000047", day(2026, 3, 31), &sp);
	assert_int_equal(sp.places[PT_FOSTERING], 18);
	assert_int_equal(sp.homes[1], 7);
}

/* docs/places.md's worked example, whole: the gap and its band, homes of 3 or more, and
 * commissioning each year. */
static void test_sufficiency_by_hand(void **state)
{
	(void)state;
	struct place_service s[16];
	struct place_vacancy v[8];
	size_t ns, nv;
	small_register(s, &ns, v, &nv);
	struct place_demand d;
	make_demand(&d);
	snprintf(d.council, sizeof d.council, "S12000047");
	struct place_sufficiency *r = malloc(sizeof *r);
	place_sufficiency_make(&d, s, ns, v, nv, day(2025, 3, 31), r);
	assert_int_equal(r->now.vacancies[PT_FOSTERING], 2);
	/* 2024-25: fostering 10 places against 6, 8, 12 children: -2 to 4, 2 in the middle */
	struct money_band3 g = r->gap[0][PT_FOSTERING];
	assert_true(g.p5 == -2 && g.p50 == 2 && g.p95 == 4);
	/* every provided type: 10 + 7 + 6 = 23 places (not short breaks) against 10, 12, 18 */
	g = r->gap_placed[0];
	assert_true(g.p5 == 5 && g.p50 == 11 && g.p95 == 13);
	/* 2025-26: 18 fostering places against 7, 11, 17 */
	g = r->gap[1][PT_FOSTERING];
	assert_true(g.p5 == 1 && g.p50 == 7 && g.p95 == 11);
	/* homes of 3 or more: 3 + 1 = 4; groups of 3 or more 2, 2, 4 (2024-25) */
	g = r->homes3_gap[0];
	assert_true(g.p5 == 0 && g.p50 == 2 && g.p95 == 2);
	/* commissioning, 2025-26 at the 95th: groups 6 of 2, 3 of 3, 3 of 4+ against homes
	 * 7 of 2, 3 of 3, 1 of 4: 2 homes of 4, then 3 of 3 in 3, then 6 of 2 in 7 */
	assert_true(r->add[1][2][3] == 2 && r->add[1][2][2] == 0 && r->add[1][2][1] == 0);
	/* in the middle: 4, 2, 2 against 7, 3, 1: one home of 4 */
	assert_true(r->add[1][1][3] == 1 && r->add[1][1][2] == 0 && r->add[1][1][1] == 0);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sibling_groups_by_hand), cmocka_unit_test(test_demand_groups),
	    cmocka_unit_test(test_demand_scaled),          cmocka_unit_test(test_commission_by_hand),
	    cmocka_unit_test(test_commission_least),       cmocka_unit_test(test_supply_by_hand),
	    cmocka_unit_test(test_sufficiency_by_hand),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
