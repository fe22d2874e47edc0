/* Unit tests for src/measures/measures.c: one test per measure of docs/measures.md, each
 * on a tiny batch built by hand, with the figure worked by hand in a comment, and the
 * edge cases the doc defines. The year is 2024: 1 August 2023 to 31 July 2024. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/date.h"
#include "base/file.h"
#include "demodb.h"
#include "measures/distance.h"
#include "measures/measures.h"
#include "place/place.h"
#include "measures/synth.h"

#define EDINBURGH "S12000036"
#define GLASGOW "S12000049"
#define OPEN NULL

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
	records_init(&B, EDINBURGH, 2024);
	for (int f = 0; f < RECORDS_NFILES; f++)
		B.given[f] = true;
	return 0;
}

static int teardown(void **state)
{
	records_free(&B);
	return 0;
}

static uint32_t child(const char *birth)
{
	char id[16];
	snprintf(id, sizeof id, "c%zu", B.children.n);
	struct records_child c = {.birth = day(birth)};
	return records_add_child(&B, id, strlen(id), &c);
}

static int code(const char *const *list, const char *name)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(list[i], name) == 0)
			return i;
	fail_msg("no code %s", name);
	return -1;
}

static void episode(uint32_t c, const char *start, const char *end, const char *reason)
{
	struct records_episode r = {c, day(start), end ? day(end) : RECORDS_OPEN,
	                            end ? (uint8_t)code(records_end_reason_codes, reason ? reason : "home")
	                                : RECORDS_NO_CODE,
	                            false};
	records_add_episode(&B, &r);
}

/* A placement in council (NULL: outside Scotland). */
static void placement_in(uint32_t c, const char *start, const char *end, const char *type,
                         const char *provider, const char *council)
{
	struct records_placement r = {.child = c,
	                              .start = day(start),
	                              .end = end ? day(end) : RECORDS_OPEN,
	                              .type = (uint8_t)code(records_placement_type_codes, type),
	                              .provider = provider ? records_text(&B, provider, strlen(provider))
	                                                   : RECORDS_NO_TEXT,
	                              .outside_scotland = council == NULL};
	snprintf(r.council, sizeof r.council, "%s", council ? council : "");
	records_add_placement(&B, &r);
}

static void placement(uint32_t c, const char *start, const char *end, const char *type, const char *provider)
{
	placement_in(c, start, end, type, provider, EDINBURGH);
}

static void sibling(uint32_t a, uint32_t b)
{
	struct records_sibling r = {a < b ? a : b, a < b ? b : a, 0};
	records_add_sibling(&B, &r);
}

static struct measures M;

static void compute(void)
{
	measures_compute(&B, 2024, &M);
}

/* The shown value of the cell called key. */
static const char *shown(const char *key)
{
	static struct buf out;
	for (size_t i = 0; i < measures_ncells; i++)
		if (strcmp(measures_cells[i].key, key) == 0)
			return measures_derived(&measures_cells[i], &M, &out) ? buf_str(&out)
			                                                      : "not available";
	fail_msg("no cell %s", key);
	return NULL;
}

/* 1 and 3: looked after on the census day, 31 July 2024, and started and ceased in the
 * year. */
static void test_looked_after_census_day(void **state)
{
	/* a: ends on the census day: looked after (1); ceased in the year. */
	uint32_t a = child("2010-01-01");
	episode(a, "2020-01-01", "2024-07-31", "home");
	/* b: ends the day before: not looked after that day; ceased. */
	uint32_t b = child("2010-01-01");
	episode(b, "2020-01-01", "2024-07-30", "home");
	/* c: starts on the census day: looked after (2); started. */
	uint32_t c = child("2010-01-01");
	episode(c, "2024-07-31", OPEN, NULL);
	/* d: open since 2019: looked after (3); neither started nor ceased. */
	uint32_t d = child("2010-01-01");
	episode(d, "2019-05-01", OPEN, NULL);
	/* e: started on 31 July 2023, the last day of the year before: not started in 2024;
	 * ended 1 August 2023, the year's first day: ceased. */
	uint32_t e = child("2010-01-01");
	episode(e, "2023-07-31", "2023-08-01", "home");
	/* f: two episodes that both start and end in the year: counts once in each. */
	uint32_t f = child("2010-01-01");
	episode(f, "2023-08-01", "2023-09-01", "home");
	episode(f, "2023-10-01", "2023-11-01", "home");
	compute();
	assert_int_equal(M.count[MC_LOOKED_AFTER], 3);      /* a, c, d */
	assert_int_equal(M.count[MC_STARTED], 2);           /* c, f */
	assert_int_equal(M.count[MC_CEASED], 4);            /* a, b, e, f */
	assert_int_equal(M.count[MC_LOOKED_AFTER_YEAR], 6); /* all six */
	assert_string_equal(M.area, EDINBURGH);
}

/* 1: the rate per 1,000 needs the population (data/population.csv): each council's and
 * Scotland's for mid-2017 (NRS), and Scotland's for 2024 (derived). Worked by hand:
 * - City of Edinburgh 2017: ages 0 to 17 sum to 86,478; 2020 has no figure of its own,
 *   and Scotland's latest by then is 2017's, so 2017's is used as it is;
 * - 2024: Scotland has 1,012,300, so Edinburgh's is 86,478 × 1,012,300 ÷ 1,030,055 =
 *   84,987.38 -> 84,987; Clackmannanshire's 10,222 × 1,012,300 ÷ 1,030,055 = 10,045.80
 *   -> 10,046;
 * - before 2017 keep has nothing: not available. */
static void test_population(void **state)
{
	struct measures_pop how;
	struct buf w = {0};
	assert_int_equal(measures_population(MEASURES_SCOTLAND, 2024, &how), 1012300);
	assert_int_equal(how.year, 2024);
	assert_int_equal(how.scaled_to, 0);
	measures_population_words(&how, 2024, &w);
	assert_string_equal(buf_str(&w), "the figure for 2024");
	assert_int_equal(measures_population(MEASURES_SCOTLAND, 2017, NULL), 1030055);
	assert_int_equal(measures_population(MEASURES_SCOTLAND, 2023, &how), 1030055);
	assert_int_equal(how.year, 2017);
	measures_population_words(&how, 2023, &w);
	assert_string_equal(buf_str(&w), "the figure for 2017, the latest keep has");

	assert_int_equal(measures_population(EDINBURGH, 2017, &how), 86478);
	assert_int_equal(measures_population(EDINBURGH, 2020, &how), 86478);
	assert_int_equal(how.year, 2017);
	assert_int_equal(how.scaled_to, 0);
	assert_int_equal(measures_population(EDINBURGH, 2024, &how), 84987);
	assert_int_equal(how.year, 2017);
	assert_int_equal(how.scaled_to, 2024);
	measures_population_words(&how, 2024, &w);
	assert_string_equal(buf_str(&w), "the 2017 figure, scaled by the change in Scotland's from 2017 to 2024");
	/* 2030: Scotland's latest is still 2024's. */
	assert_int_equal(measures_population("S12000005", 2030, NULL), 10046);
	assert_int_equal(measures_population("S12000005", 2024, NULL), 10046);

	assert_int_equal(measures_population(EDINBURGH, 2016, &how), -1);
	measures_population_words(&how, 2016, &w);
	assert_string_equal(buf_str(&w), "not available: keep has no figure for the year or before it");
	assert_int_equal(measures_population(MEASURES_SCOTLAND, 2016, NULL), -1);
	assert_int_equal(measures_population("S12000099", 2024, NULL), -1);

	/* The councils' 2017 figures add up to Scotland's. */
	long long sum = 0;
	const char *const codes[] = {"S12000005", "S12000006", "S12000008", "S12000010", "S12000011",
	                             "S12000013", "S12000014", "S12000017", "S12000018", "S12000019",
	                             "S12000020", "S12000021", "S12000023", "S12000026", "S12000027",
	                             "S12000028", "S12000029", "S12000030", "S12000033", "S12000034",
	                             "S12000035", "S12000036", "S12000038", "S12000039", "S12000040",
	                             "S12000041", "S12000042", "S12000045", "S12000047", "S12000048",
	                             "S12000049", "S12000050"};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		long long p = measures_population(codes[i], 2017, NULL);
		assert_true(p > 0);
		sum += p;
	}
	assert_int_equal(sum, 1030055);
	buf_free(&w);
}

/* 1: the rate: looked after × 1,000 ÷ the population, to one place; not available
 * without a population (measures_compute leaves it to the table). 11,844 × 1,000 ÷
 * 1,012,300 = 11.700 -> 11.7. */
static void test_rate_per_1000(void **state)
{
	compute();
	assert_string_equal(shown("looked_after_rate"), "not available");
	M.count[MC_LOOKED_AFTER] = 11844;
	M.count[MC_POPULATION] = 1012300;
	M.available[MC_POPULATION] = true;
	assert_string_equal(shown("looked_after_rate"), "11.7");
	/* 5 × 1,000 ÷ 40,000 = 0.125 -> 0.1 (one place, half up: 0.125 is 1.25 tenths) */
	M.count[MC_LOOKED_AFTER] = 5;
	M.count[MC_POPULATION] = 40000;
	assert_string_equal(shown("looked_after_rate"), "0.1");
}

/* 2: the placement mix on the census day, by published group; no placement that day is
 * "not known". */
static void test_placement_mix(void **state)
{
	uint32_t a = child("2010-01-01"), b = child("2010-01-01"), c = child("2010-01-01"),
	         d = child("2010-01-01"), e = child("2010-01-01"), f = child("2010-01-01");
	for (uint32_t x = a; x <= f; x++)
		episode(x, "2022-01-01", OPEN, NULL);
	/* a: home until the census day, then nothing: the placement ending on 31 July counts. */
	placement(a, "2022-01-01", "2024-07-31", "home_parents", "p1");
	/* b: foster council, then foster purchased from the census day: foster. */
	placement(b, "2022-01-01", "2024-07-30", "foster_council", "p2");
	placement(b, "2024-07-31", OPEN, "foster_purchased", "p3");
	/* c: secure: residential. d: young offender institution: residential too. */
	placement(c, "2022-01-01", OPEN, "secure", "p4");
	placement(d, "2022-01-01", OPEN, "young_offender_institution", "p5");
	/* e: a placement that ended before the census day: not known. */
	placement(e, "2022-01-01", "2024-06-30", "kinship", "p6");
	/* f: no placement at all: not known. */
	compute();
	assert_int_equal(M.count[MC_LOOKED_AFTER], 6);
	assert_int_equal(M.count[MC_MIX_HOME], 1);
	assert_int_equal(M.count[MC_MIX_FOSTER], 1);
	assert_int_equal(M.count[MC_MIX_KINSHIP], 0);
	assert_int_equal(M.count[MC_MIX_RESIDENTIAL], 2);
	assert_int_equal(M.count[MC_MIX_NOT_KNOWN], 2);
	/* shares of 6: 1/6 = 16.7 -> 17; 2/6 = 33.3 -> 33; 0 -> 0 */
	assert_string_equal(shown("mix_home_share"), "17");
	assert_string_equal(shown("mix_residential_share"), "33");
	assert_string_equal(shown("mix_kinship_share"), "0");
	/* 1/8 = 12.5 -> 13 (half up) */
	M.count[MC_LOOKED_AFTER] = 8;
	assert_string_equal(shown("mix_home_share"), "13");
}

/* 4: brothers and sisters looked after on the census day, placed with all, some or none
 * of those also looked after that day. */
static void test_siblings(void **state)
{
	uint32_t x[12];
	for (int i = 0; i < 12; i++) {
		x[i] = child("2010-01-01");
		episode(x[i], "2022-01-01", OPEN, NULL);
	}
	/* x0, x1, x2 are a group: x0 and x1 share type and provider, x2 is elsewhere.
	 * x0: with x1, not x2: some. x1: the same: some. x2: none. */
	placement(x[0], "2022-01-01", OPEN, "foster_council", "home-a");
	placement(x[1], "2022-01-01", OPEN, "foster_council", "home-a");
	placement(x[2], "2022-01-01", OPEN, "foster_council", "home-b");
	sibling(x[0], x[1]);
	sibling(x[0], x[2]);
	sibling(x[1], x[2]);
	/* x3, x4: the same type, both providers empty: an empty provider never matches: none,
	 * none. */
	placement(x[3], "2022-01-01", OPEN, "kinship", "");
	placement(x[4], "2022-01-01", OPEN, "kinship", NULL);
	sibling(x[3], x[4]);
	/* x5, x6: the same provider, another type: not together: none, none. */
	placement(x[5], "2022-01-01", OPEN, "foster_council", "home-c");
	placement(x[6], "2022-01-01", OPEN, "foster_purchased", "home-c");
	sibling(x[6], x[5]);
	/* x7, x8: the same type and provider: all, all. */
	placement(x[7], "2022-01-01", OPEN, "residential_council_home", "unit-1");
	placement(x[8], "2022-01-01", OPEN, "residential_council_home", "unit-1");
	sibling(x[7], x[8]);
	/* x9's sister x10 stopped being looked after before the census day (her episode is
	 * not open): x9 has no sibling looked after that day, so is not counted; nor is
	 * x10, who is not looked after. */
	placement(x[9], "2022-01-01", OPEN, "foster_council", "home-d");
	sibling(x[9], x[10]);
	/* x11: no sibling at all: not counted. */
	placement(x[11], "2022-01-01", OPEN, "foster_council", "home-a");
	B.episodes.v[10].end = day("2024-06-01");
	B.episodes.v[10].end_reason = 0;
	compute();
	/* counted: x0..x8 = 9; all: x7, x8 = 2; some: x0, x1 = 2; none: x2..x6 = 5 */
	assert_int_equal(M.count[MC_SIBLINGS], 9);
	assert_int_equal(M.count[MC_SIBLINGS_ALL], 2);
	assert_int_equal(M.count[MC_SIBLINGS_SOME], 2);
	assert_int_equal(M.count[MC_SIBLINGS_NONE], 5);
	/* 2/9 = 22.2 -> 22; 5/9 = 55.6 -> 56 */
	assert_string_equal(shown("siblings_all_share"), "22");
	assert_string_equal(shown("siblings_none_share"), "56");
	/* siblings.csv not given: not available, nor its shares. */
	B.given[RECORDS_SIBLINGS] = false;
	compute();
	assert_false(M.available[MC_SIBLINGS_ALL]);
	assert_string_equal(shown("siblings_all_share"), "not available");
	assert_string_equal(shown("mix_foster"), "7");
}

/* 5: placement moves in the year: placements starting in the year that are not the
 * first placement of their episode. */
static void test_moves(void **state)
{
	/* a: an episode starting in the year with four placements: the first is not a move,
	 * the other three are: 3 moves. */
	uint32_t a = child("2010-01-01");
	episode(a, "2023-09-01", OPEN, NULL);
	placement(a, "2024-01-01", "2024-02-29", "foster_council", "p2"); /* given out of order on purpose */
	placement(a, "2023-09-01", "2023-09-30", "foster_council", "p0");
	placement(a, "2023-10-01", "2023-12-31", "foster_council", "p1");
	placement(a, "2024-03-01", OPEN, "kinship", "p3");
	/* b: a move on 31 July 2023 (the year before: not counted) and one on 1 August 2023
	 * (counted): 1 move. */
	uint32_t b = child("2010-01-01");
	episode(b, "2022-01-01", OPEN, NULL);
	placement(b, "2022-01-01", "2023-07-30", "foster_council", "q0");
	placement(b, "2023-07-31", "2023-07-31", "foster_council", "q1");
	placement(b, "2023-08-01", OPEN, "foster_council", "q2");
	/* c: two episodes in the year, one placement each: each is its episode's first: 0. */
	uint32_t c = child("2010-01-01");
	episode(c, "2023-08-10", "2023-09-30", "home");
	placement(c, "2023-08-10", "2023-09-30", "kinship", "r0");
	episode(c, "2024-01-01", OPEN, NULL);
	placement(c, "2024-01-01", OPEN, "kinship", "r1");
	/* d: looked after on the year's first day only, no move: 0; counted in the
	 * denominator. */
	uint32_t d = child("2010-01-01");
	episode(d, "2020-01-01", "2023-08-01", "home");
	placement(d, "2020-01-01", "2023-08-01", "kinship", "s0");
	/* e: left before the year: not in the denominator. */
	uint32_t e = child("2010-01-01");
	episode(e, "2020-01-01", "2023-07-31", "home");
	placement(e, "2020-01-01", "2023-07-31", "kinship", "t0");
	compute();
	/* moves 3 + 1 + 0 + 0 = 4 over 4 children: 1.00 per child; 1 with 3 or more: 25% */
	assert_int_equal(M.count[MC_LOOKED_AFTER_YEAR], 4);
	assert_int_equal(M.count[MC_MOVES], 4);
	assert_int_equal(M.count[MC_MOVES_3], 1);
	assert_string_equal(shown("moves_per_child"), "1.00");
	assert_string_equal(shown("moves_3_share"), "25");
	/* 4 moves over 3 children: 1.333 -> 1.33 */
	M.count[MC_LOOKED_AFTER_YEAR] = 3;
	assert_string_equal(shown("moves_per_child"), "1.33");
}

static void school_change(uint32_t c, const char *date, bool move)
{
	struct records_school_change r = {c, day(date), records_text(&B, "S1", 2), records_text(&B, "S2", 2),
	                                  move};
	records_add_school_change(&B, &r);
}

/* 6: school changes dated in the year, and those with a placement move. */
static void test_school_changes(void **state)
{
	uint32_t a = child("2010-01-01");
	episode(a, "2020-01-01", OPEN, NULL);
	school_change(a, "2023-07-31", true);  /* the year before: not counted */
	school_change(a, "2023-08-01", true);  /* counted, with a move */
	school_change(a, "2024-02-01", false); /* counted */
	school_change(a, "2024-07-31", true);  /* counted, with a move */
	compute();
	/* 3 changes, 2 with a move: 2/3 = 66.7 -> 67 */
	assert_int_equal(M.count[MC_SCHOOL_CHANGES], 3);
	assert_int_equal(M.count[MC_SCHOOL_WITH_MOVE], 2);
	assert_string_equal(shown("school_changes_with_move_share"), "67");
	B.given[RECORDS_SCHOOL_CHANGES] = false;
	compute();
	assert_string_equal(shown("school_changes"), "not available");
}

/* 7: on the census day, placed in another council area, or outside Scotland. */
static void test_outside(void **state)
{
	uint32_t x[5];
	for (int i = 0; i < 5; i++) {
		x[i] = child("2010-01-01");
		episode(x[i], "2022-01-01", OPEN, NULL);
	}
	placement_in(x[0], "2022-01-01", OPEN, "foster_council", "a", EDINBURGH); /* own council */
	placement_in(x[1], "2022-01-01", OPEN, "foster_council", "b", GLASGOW);   /* another council */
	placement_in(x[2], "2022-01-01", OPEN, "residential_school", "c", NULL);  /* outside Scotland */
	/* x3: was in Glasgow until the day before the census day: now no placement, so not
	 * in the denominator */
	placement_in(x[3], "2022-01-01", "2024-07-30", "kinship", "d", GLASGOW);
	placement_in(x[4], "2022-01-01", OPEN, "kinship", "e", EDINBURGH);
	compute();
	/* placed 4 (x0, x1, x2, x4); another council 1: 25%; outside Scotland 1: 25% */
	assert_int_equal(M.count[MC_PLACED], 4);
	assert_int_equal(M.count[MC_OUTSIDE_COUNCIL], 1);
	assert_int_equal(M.count[MC_OUTSIDE_SCOTLAND], 1);
	assert_string_equal(shown("outside_council_share"), "25");
	assert_string_equal(shown("outside_scotland_share"), "25");
	assert_int_equal(M.count[MC_WHERE_NOT_KNOWN], 0);

	/* Where a placement is may not be known (an SSDA903 row without PL_POST): not
	 * outside Scotland, not in another council: not known. */
	uint32_t u = child("2010-01-01");
	episode(u, "2022-01-01", OPEN, NULL);
	placement_in(u, "2022-01-01", OPEN, "kinship", "f", NULL);
	B.placements.v[B.placements.n - 1].outside_scotland = false;
	B.placements.v[B.placements.n - 1].where_unknown = true;
	compute();
	/* placed 5; another council 1 (20%); outside Scotland 1 (20%); not known 1 (20%) */
	assert_int_equal(M.count[MC_PLACED], 5);
	assert_int_equal(M.count[MC_OUTSIDE_COUNCIL], 1);
	assert_int_equal(M.count[MC_OUTSIDE_SCOTLAND], 1);
	assert_int_equal(M.count[MC_WHERE_NOT_KNOWN], 1);
	assert_string_equal(shown("outside_scotland_share"), "20");
	assert_string_equal(shown("where_not_known_share"), "20");
}

/* A placement on the census day from home to location (as keep keeps them). */
static void placed_at(const char *home, const char *location)
{
	uint32_t c = child("2010-01-01");
	episode(c, "2022-01-01", OPEN, NULL);
	placement(c, "2022-01-01", OPEN, "kinship", NULL);
	snprintf(B.placements.v[B.placements.n - 1].home, 5, "%s", home);
	snprintf(B.placements.v[B.placements.n - 1].location, 9, "%s", location);
}

/* 13: placed with a private provider on the census day (the placement's sector), and
 * the sector not known, each of those with a placement that day. A placement at home
 * or with friends or relatives, which no registered service provides, is never "not
 * known"; nor is one that ended before the census day counted. Worked by hand: of 9
 * children placed (the last with friends or relatives on the day), 3 with a private
 * provider (33%) and 2 with the sector not known (22%). */
static void test_private_providers(void **state)
{
	static const struct {
		const char *type;
		int sector; /* enum place_sector, or -1 */
	} placed[] = {
	    {"residential_voluntary_home", PS_PRIVATE}, {"foster_purchased", PS_PRIVATE}, {"residential_school", PS_PRIVATE},
	    {"foster_purchased", PS_THIRD},             {"foster_council", PS_COUNCIL},   {"residential_other", -1},
	    {"foster_purchased", -1},                   {"home_parents", -1},
	};
	for (size_t i = 0; i < sizeof placed / sizeof placed[0]; i++) {
		uint32_t c = child("2010-01-01");
		episode(c, "2022-01-01", NULL, NULL);
		placement(c, "2022-01-01", NULL, placed[i].type, "P");
		B.placements.v[B.placements.n - 1].sector = (uint8_t)(placed[i].sector + 1);
	}
	uint32_t gone = child("2010-01-01"); /* with a private provider until the day before */
	episode(gone, "2022-01-01", NULL, NULL);
	placement(gone, "2022-01-01", "2024-07-30", "foster_purchased", "P");
	B.placements.v[B.placements.n - 1].sector = 1 + PS_PRIVATE;
	placement(gone, "2024-07-30", NULL, "kinship", NULL);
	compute();
	assert_int_equal(M.count[MC_PLACED], 9);
	assert_int_equal(M.count[MC_PRIVATE], 3);
	assert_int_equal(M.count[MC_SECTOR_NOT_KNOWN], 2);
	assert_string_equal(shown("private_provider_share"), "33");
	assert_string_equal(shown("sector_not_known_share"), "22");
}

/* 12: placed more than 20 miles from home on the census day, by the great-circle distance
 * between the centres of the postcode districts (data/postcode-districts.csv) or grid
 * squares. Distances worked by hand with the haversine formula (radius 3,958.7613 miles)
 * from the file's centres: KY1 (56.127, -3.14068) to EH12 (55.9412, -3.27478) 13.84
 * miles; to KY16 (56.3415, -2.81964) 19.28; to FK1 (55.9889, -3.79286) 26.91; to G1
 * (55.8605, -4.24908) 46.62. */
static void test_far_from_home(void **state)
{
	placed_at("KY1", "EH12");   /* 13.84: not far */
	placed_at("KY1", "KY16");   /* 19.28: not far */
	placed_at("KY1", "FK1");    /* 26.91: far */
	placed_at("KY1", "G1");     /* 46.62: far */
	placed_at("EH1", "NT2573"); /* a 1 km grid square in the centre of Edinburgh: not far */
	placed_at("KY1", "NS5965"); /* a 1 km grid square in Glasgow: far */
	placed_at("", "EH12");      /* home not known */
	placed_at("KY1", "");       /* placement's location not given */
	placed_at("KY1", "ZZ9");    /* a district keep does not know */
	uint32_t gone = child("2010-01-01"); /* not looked after on the census day */
	episode(gone, "2022-01-01", "2024-07-30", "home");
	placement(gone, "2022-01-01", "2024-07-30", "kinship", NULL);
	snprintf(B.placements.v[B.placements.n - 1].home, 5, "KY1");
	snprintf(B.placements.v[B.placements.n - 1].location, 9, "G1");
	compute();
	assert_int_equal(M.count[MC_PLACED], 9);
	assert_int_equal(M.count[MC_FAR_FROM_HOME], 3);
	assert_int_equal(M.count[MC_DISTANCE_NOT_KNOWN], 3);
	assert_string_equal(shown("far_from_home_share"), "33");
	assert_string_equal(shown("distance_not_known_share"), "33");

	/* An SSDA903 return's locations are districts only: "SN10" is Devizes there, not
	 * the grid square SN10 (in Wales); from SN1 (Swindon) it is about 18 miles. */
	records_free(&B);
	setup(NULL);
	B.year_only = true;
	placed_at("SN1", "SN10");
	compute();
	assert_int_equal(M.count[MC_DISTANCE_NOT_KNOWN], 0);
	assert_int_equal(M.count[MC_FAR_FROM_HOME], 0);
}

/* Where a grid square is: the Ordnance Survey's worked example (A guide to coordinate
 * systems in Great Britain, C.2) puts E 651409.903, N 313177.270 at 52° 39' 27.2531" N,
 * 1° 43' 4.5177" E, inside the 1 km square TG5113, whose centre is within half a mile of
 * it; and the centre of NT2573 is within a mile of EH1's. */
static void test_distance_place(void **state)
{
	double lat, lon, lat2, lon2;
	assert_true(distance_place("TG5113", true, &lat, &lon));
	assert_true(distance_miles(lat, lon, 52 + 39 / 60.0 + 27.2531 / 3600, 1 + 43 / 60.0 + 4.5177 / 3600) < 0.5);
	assert_true(distance_place("NT2573", true, &lat, &lon));
	assert_true(distance_place("EH1", false, &lat2, &lon2));
	assert_true(distance_miles(lat, lon, lat2, lon2) < 1);
	assert_false(distance_place("NT2573", false, &lat, &lon)); /* not a district */
	assert_false(distance_place("ZZ9", true, &lat, &lon));
	assert_false(distance_place("", true, &lat, &lon));
	assert_true(distance_place("ZE1", false, &lat, &lon)); /* Lerwick */
	assert_true(lat > 60 && lat < 60.3);
	/* Edinburgh to Manchester: about 175 miles. */
	assert_true(distance_place("EH1", false, &lat, &lon));
	assert_true(distance_place("M1", false, &lat2, &lon2));
	double d = distance_miles(lat, lon, lat2, lon2);
	assert_true(d > 174 && d < 176);
}

/* 8: aged 16 or 17 on some day of the year in secure care, or in a YOI; age from the
 * first day of the birth month. */
static void test_secure_16_17(void **state)
{
	/* a: born 15 Aug 2007, taken as 1 Aug 2007: 16 on 1 Aug 2023; secure 1-2 Aug 2023:
	 * counted. */
	uint32_t a = child("2007-08-15");
	episode(a, "2023-08-01", OPEN, NULL);
	placement(a, "2023-08-01", "2023-08-02", "secure", "s");
	/* b: born 30 Sep 2007, taken as 1 Sep 2007: 16 from 1 Sep 2023 (on the real date of
	 * birth still 15 on 2 Sep): secure 1-2 Sep 2023: counted. */
	uint32_t b = child("2007-09-30");
	episode(b, "2023-08-01", OPEN, NULL);
	placement(b, "2023-09-01", "2023-09-02", "secure", "s");
	/* c: born 10 Sep 2007: secure only in August 2023, at 15: not counted. */
	uint32_t c = child("2007-09-10");
	episode(c, "2023-08-01", OPEN, NULL);
	placement(c, "2023-08-01", "2023-08-31", "secure", "s");
	/* d: born 31 Aug 2005, taken as 1 Aug 2005: 18 on 1 Aug 2023, the year's first day:
	 * never 16 or 17 in the year: not counted. */
	uint32_t d = child("2005-08-31");
	episode(d, "2022-01-01", OPEN, NULL);
	placement(d, "2022-01-01", OPEN, "secure", "s");
	/* e: born 20 Aug 2006, 17 all year: a YOI on the census day: counted as YOI. */
	uint32_t e = child("2006-08-20");
	episode(e, "2024-07-31", OPEN, NULL);
	placement(e, "2024-07-31", OPEN, "young_offender_institution", "y");
	/* f: 17, secure before the year only: not counted. */
	uint32_t f = child("2006-08-20");
	episode(f, "2023-01-01", OPEN, NULL);
	placement(f, "2023-01-01", "2023-07-31", "secure", "s");
	placement(f, "2023-08-01", OPEN, "foster_council", "p");
	compute();
	assert_int_equal(M.count[MC_SECURE_16_17], 2); /* a, b */
	assert_int_equal(M.count[MC_YOI_16_17], 1);    /* e */
}

/* 9: adoption breakdowns by disruption date. */
static void test_adoption_breakdowns(void **state)
{
	uint32_t a = child("2010-01-01");
	const char *dates[] = {"2023-07-31", "2023-08-01", "2024-07-31"};
	for (int i = 0; i < 3; i++) {
		struct records_adoption_breakdown r = {a, day("2015-01-01"), day(dates[i])};
		records_add_adoption_breakdown(&B, &r);
	}
	compute();
	assert_int_equal(M.count[MC_ADOPTION_BREAKDOWNS], 2); /* 1 Aug 2023 and 31 July 2024 */
}

/* A restraint in a residential setting (records_setting_codes[0]), or in setting. */
static void restraint_in(uint32_t c, const char *date, uint8_t setting)
{
	struct records_restraint r = {c, day(date), setting};
	records_add_restraint(&B, &r);
}

static void restraint(uint32_t c, const char *date)
{
	restraint_in(c, date, 0);
}

/* 10: restraint incidents in the year per 100 children in residential care (less YOI)
 * on some day of the year. */
static void test_restraint_rate(void **state)
{
	uint32_t a = child("2008-01-01"), b = child("2008-01-01"), c = child("2008-01-01"),
	         d = child("2008-01-01");
	for (uint32_t x = a; x <= d; x++)
		episode(x, "2022-01-01", OPEN, NULL);
	placement(a, "2022-01-01", OPEN, "residential_council_home", "r");   /* in the denominator */
	placement(b, "2022-01-01", OPEN, "young_offender_institution", "y"); /* YOI: not */
	placement(c, "2022-01-01", "2023-08-01", "secure", "s");             /* secure on the first day: in */
	placement(c, "2023-08-02", OPEN, "foster_council", "f");
	placement(d, "2022-01-01", "2023-07-31", "crisis_care", "k"); /* before the year: not */
	placement(d, "2023-08-01", OPEN, "kinship", "k2");
	restraint(a, "2023-10-01");
	restraint(a, "2023-07-31"); /* the year before: not counted */
	restraint(b, "2024-01-01");
	restraint(c, "2023-08-01");
	restraint_in(c, "2023-09-01", 3); /* in a foster home: not restraint in residential care */
	restraint_in(a, "2023-09-02", 1); /* in secure care: counted */
	restraint_in(a, "2023-09-03", 2); /* at school: not */
	compute();
	/* 4 incidents in residential or secure care in the year per 2 children: 200.0 per 100 */
	assert_int_equal(M.count[MC_RESIDENTIAL_YEAR], 2);
	assert_int_equal(M.count[MC_RESTRAINTS], 4);
	assert_string_equal(shown("restraint_rate"), "200.0");
	B.given[RECORDS_RESTRAINTS] = false;
	compute();
	assert_string_equal(shown("restraint_rate"), "not available");
	assert_string_equal(shown("residential_year"), "2");
}

/* 11: continuing care: eligible leavers (16 or older at the episode's end, last
 * placement foster, kinship or residential less YOI) and those who took it up. */
static void test_continuing_care(void **state)
{
	/* a: born Jan 2007, leaves 1 Mar 2024 at 17 from foster care to continuing care:
	 * eligible, took it up. */
	uint32_t a = child("2007-01-20");
	episode(a, "2020-01-01", "2024-03-01", "continuing_care");
	placement(a, "2020-01-01", "2022-12-31", "residential_council_home", "r");
	placement(a, "2023-01-01", "2024-03-01", "foster_council", "f");
	/* b: leaves at 15: not eligible. */
	uint32_t b = child("2008-09-01");
	episode(b, "2020-01-01", "2024-03-01", "continuing_care");
	placement(b, "2020-01-01", "2024-03-01", "foster_council", "f");
	/* c: last placement at home with parents (an earlier one foster): not eligible. */
	uint32_t c = child("2006-01-01");
	episode(c, "2020-01-01", "2024-03-01", "home");
	placement(c, "2020-01-01", "2023-12-31", "foster_council", "f");
	placement(c, "2024-01-01", "2024-03-01", "home_parents", "h");
	/* d: last placement a YOI: not eligible. */
	uint32_t d = child("2006-01-01");
	episode(d, "2020-01-01", "2024-03-01", "custody");
	placement(d, "2020-01-01", "2024-03-01", "young_offender_institution", "y");
	/* e: residential, leaves to live independently: eligible, did not take it up. */
	uint32_t e = child("2006-01-01");
	episode(e, "2020-01-01", "2024-05-01", "independent_living");
	placement(e, "2020-01-01", "2024-05-01", "residential_voluntary_home", "v");
	/* f: born 31 Aug 2007 (taken as 1 Aug 2007): 16 on 1 Aug 2023, the day the
	 * episode ends, from kinship: eligible, took it up. */
	uint32_t f = child("2007-08-31");
	episode(f, "2020-01-01", "2023-08-01", "continuing_care");
	placement(f, "2020-01-01", "2023-08-01", "kinship", "k");
	/* g: eligible episode that ended the year before: not counted. */
	uint32_t g = child("2005-01-01");
	episode(g, "2020-01-01", "2023-07-31", "continuing_care");
	placement(g, "2020-01-01", "2023-07-31", "kinship", "k");
	compute();
	/* eligible a, e, f = 3; took it up a, f = 2; 2/3 = 66.7 -> 67 */
	assert_int_equal(M.count[MC_CC_ELIGIBLE], 3);
	assert_int_equal(M.count[MC_CC_TOOK_UP], 2);
	assert_string_equal(shown("continuing_care_share"), "67");
}

/* Scotland: the sum of the councils; a count missing in one council is missing in the
 * sum. */
static void test_scotland_sum(void **state)
{
	struct measures parts[2] = {0};
	for (int c = 0; c < MC_NCOUNTS; c++) {
		parts[0].available[c] = parts[1].available[c] = true;
		parts[0].count[c] = 3;
		parts[1].count[c] = 10;
	}
	parts[1].available[MC_RESTRAINTS] = false;
	struct measures s;
	measures_sum(&s, MEASURES_SCOTLAND, parts, 2);
	assert_string_equal(s.area, MEASURES_SCOTLAND);
	assert_int_equal(s.count[MC_LOOKED_AFTER], 13);
	assert_true(s.available[MC_LOOKED_AFTER]);
	assert_false(s.available[MC_RESTRAINTS]);
	/* An empty batch counts zeros, not "not available". */
	compute();
	assert_true(M.available[MC_LOOKED_AFTER]);
	assert_int_equal(M.count[MC_LOOKED_AFTER], 0);
	assert_string_equal(shown("mix_home_share"), "not available"); /* 0 ÷ 0 */
}

/* Every cell's key is unique, every count is shown, shares' units are "%". */
static void test_cells(void **state)
{
	bool seen[MC_NCOUNTS] = {0};
	for (size_t i = 0; i < measures_ncells; i++) {
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(measures_cells[i].key, measures_cells[j].key);
		if (measures_cells[i].den < 0)
			seen[measures_cells[i].num] = true;
		assert_true(measures_cells[i].measure >= 1 && measures_cells[i].measure <= MEASURES_N);
	}
	for (int c = 0; c < MC_NCOUNTS; c++)
		assert_true(seen[c]);
}

/* Through the database: a batch saved as an import and read back (store_care_latest,
 * measures_load) gives the same counts, although the database keeps only the birth month
 * and no child id: the measures use nothing else. The published table has every council
 * area, this one with data, Scotland its sum. */
static void test_database_round_trip(void **state)
{
	/* A bit of everything, births in mid-month. */
	uint32_t a = child("2007-08-15"), b = child("2007-09-30"), c = child("2012-03-03"),
	         d = child("2012-03-20");
	episode(a, "2020-01-01", "2024-03-01", "continuing_care");
	placement(a, "2020-01-01", "2023-08-01", "secure", "s1");
	placement(a, "2023-08-02", "2024-03-01", "foster_council", "f1");
	episode(b, "2023-08-10", OPEN, NULL);
	placement(b, "2023-08-10", "2023-09-01", "crisis_care", "k1");
	placement_in(b, "2023-09-02", OPEN, "secure", "s2", GLASGOW);
	episode(c, "2019-01-01", OPEN, NULL);
	placement(c, "2019-01-01", OPEN, "kinship", "home-1");
	episode(d, "2019-01-01", OPEN, NULL);
	placement(d, "2019-01-01", OPEN, "kinship", "home-1");
	sibling(c, d);
	/* Homes, a placement where not known, an episode begun before the records. */
	snprintf(B.placements.v[B.placements.n - 1].home, 5, "KY1");
	snprintf(B.placements.v[B.placements.n - 1].location, 9, "G1");
	snprintf(B.placements.v[B.placements.n - 2].home, 5, "KY1");
	snprintf(B.placements.v[B.placements.n - 2].location, 9, "NT2573");
	B.placements.v[3].where_unknown = true;
	B.placements.v[3].council[0] = '\0';
	uint32_t e = child("2012-03-20");
	episode(e, "2023-09-01", OPEN, NULL);
	B.episodes.v[B.episodes.n - 1].continued = true;
	placement(e, "2023-09-01", OPEN, "kinship", NULL);
	school_change(b, "2023-09-02", true);
	restraint(b, "2023-10-01");
	struct records_adoption_breakdown ab = {c, day("2015-01-01"), day("2024-01-01")};
	records_add_adoption_breakdown(&B, &ab);
	B.given[RECORDS_LEGAL] = false; /* not collected: the load must say so too */
	compute();
	struct measures want = M;

	void *db = NULL;
	assert_int_equal(demodb_setup(&db), 0);
	struct demodb *f = db;
	unsigned char key[SECRET_KEY_LEN];
	for (size_t i = 0; i < sizeof key; i++)
		key[i] = (unsigned char)(i * 7 + 1);
	assert_int_equal(records_save(f->s, &B, key, "tester", NULL, NULL, NULL, &f->e), 0);
	json_t *imports = store_care_latest(f->s, 2023, &f->e);
	assert_non_null(imports);
	assert_int_equal(json_array_size(imports), 1);
	struct records back;
	assert_int_equal(measures_load(f->s, json_array_get(imports, 0), &back, &f->e), 0);
	assert_false(back.given[RECORDS_LEGAL]);
	assert_true(back.given[RECORDS_SIBLINGS]);
	assert_false(back.year_only); /* whole histories */
	measures_compute(&back, 2024, &M);
	records_free(&back);
	json_decref(imports);
	assert_memory_equal(M.count, want.count, sizeof M.count);
	assert_memory_equal(M.available, want.available, sizeof M.available);
	assert_int_equal(want.count[MC_SECURE_16_17], 2);
	assert_int_equal(want.count[MC_SIBLINGS_ALL], 2);
	assert_int_equal(want.count[MC_WHERE_NOT_KNOWN], 1);
	assert_int_equal(want.count[MC_FAR_FROM_HOME], 1);
	assert_int_equal(want.count[MC_DISTANCE_NOT_KNOWN], 2); /* b (no home), e */
	assert_int_equal(want.count[MC_STARTED], 1); /* b; not e, whose episode is continued */

	json_t *t = measures_table(f->s, 2024, NULL, NULL, &f->e);
	assert_non_null(t);
	json_t *areas = json_object_get(t, "areas");
	assert_int_equal(json_array_size(areas), 33);
	size_t with = 0, i;
	json_t *x;
	json_array_foreach(areas, i, x) with += json_is_true(json_object_get(x, "data"));
	assert_int_equal(with, 2); /* Edinburgh and Scotland */
	json_t *scot = json_array_get(areas, 32);
	assert_string_equal(json_string_value(json_object_get(scot, "area")), MEASURES_SCOTLAND);
	/* 3 looked after on the census day (b, c, d; a left): 1 to 4, so [c], with no value. */
	json_t *la = json_array_get(json_object_get(scot, "cells"), 0);
	assert_string_equal(json_string_value(json_object_get(la, "key")), "looked_after");
	assert_string_equal(json_string_value(json_object_get(la, "status")), "primary");
	assert_true(json_is_null(json_object_get(la, "value")));
	json_decref(t);
	/* A return of its year only (SSDA903) reads back as one. */
	B.year_only = true;
	B.year = 2024;
	assert_int_equal(records_save(f->s, &B, key, "tester", NULL, NULL, NULL, &f->e), 0);
	imports = store_care_latest(f->s, 2024, &f->e);
	assert_int_equal(json_array_size(imports), 1);
	assert_int_equal(measures_load(f->s, json_array_get(imports, 0), &back, &f->e), 0);
	assert_true(back.year_only);
	records_free(&back);
	json_decref(imports);
	assert_int_equal(demodb_teardown(&db), 0);
}

/* measures_tables: every table a walk hands over, by year, as text. */
static int keep_table(json_t *table, void *arg, struct kerr *e)
{
	(void)e;
	char year[16];
	snprintf(year, sizeof year, "%d", (int)json_integer_value(json_object_get(table, "year")));
	assert_null(json_object_get(arg, year)); /* each year once */
	char *text = json_dumps(table, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_object_set_new(arg, year, json_string(text));
	free(text);
	return 0;
}

/* The tables an import stores (measures_tables: one walk for all the years) are byte for
 * byte measures_table's, each year's worked out alone along its own chain: on synthetic
 * records of four councils with whole histories to 2024 (reaching back to 2005), and an
 * import of Orkney's for 2019 that reaches back to 2001, so that the chains of 2019
 * (from 2001) and 2024 (from 2005: Orkney's 2019 import does not serve 2024) start in
 * different years and take two walks. */
static void test_tables_in_one_walk(void **state)
{
	void *db = NULL;
	assert_int_equal(demodb_setup(&db), 0);
	struct demodb *f = db;
	unsigned char key[SECRET_KEY_LEN];
	for (size_t i = 0; i < sizeof key; i++)
		key[i] = (unsigned char)(i * 7 + 1);
	char dir[PATH_MAX + 16];
	snprintf(dir, sizeof dir, "%s/records", f->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	struct synth_options o = {.children = 2500, .councils = 4, .seed = 11, .year = 2024};
	assert_int_equal(synth_write(&o, dir, NULL, NULL, NULL, &f->e), 0);
	json_t *areas = store_resource_all(f->s, "council-areas", &f->e);
	size_t imported = 0, i;
	json_t *a;
	json_array_foreach(areas, i, a)
	{
		const char *code = json_string_value(json_object_get(a, "id"));
		struct file_map data[RECORDS_NFILES] = {{0}};
		struct records_input in[RECORDS_NFILES];
		char path[RECORDS_NFILES][PATH_MAX + 64];
		size_t n = 0;
		for (int k = 0; k < RECORDS_NFILES; k++) {
			snprintf(path[n], sizeof path[n], "%s/%s/%s", dir, code, records_file_names[k]);
			if (file_map(path[n], &data[n], &f->e) == 1) {
				in[n] = (struct records_input){(enum records_file)k, path[n], data[n].p,
				                               data[n].len};
				n++;
			}
		}
		if (n == 0)
			continue;
		struct records b;
		records_init(&b, code, 2024);
		json_t *problems = json_array();
		assert_int_equal(records_read_native(&b, in, n, dir, NULL, NULL, problems, &f->e), 0);
		json_decref(problems);
		assert_int_equal(records_save(f->s, &b, key, "tester", NULL, NULL, NULL, &f->e), 0);
		records_free(&b);
		for (size_t k = 0; k < n; k++)
			file_unmap(&data[k]);
		imported++;
	}
	json_decref(areas);
	assert_int_equal(imported, 4);
	records_free(&B);
	records_init(&B, "S12000023", 2019);
	for (int k = 0; k < RECORDS_NFILES; k++)
		B.given[k] = true;
	for (int k = 0; k < 6; k++) {
		uint32_t c = child(k < 3 ? "1986-05-01" : "2008-11-01");
		episode(c, k < 2 ? "2001-03-01" : "2016-10-01", k % 2 ? OPEN : "2019-02-01", "home");
		placement(c, k < 2 ? "2001-03-01" : "2016-10-01", k % 2 ? OPEN : "2019-02-01",
		          k < 4 ? "foster_council" : "residential_council_home", k < 4 ? "f1" : "r1");
	}
	assert_int_equal(records_save(f->s, &B, key, "tester", NULL, NULL, NULL, &f->e), 0);

	int years[] = {2024, 2019, 2012, 2021, 2019, 2016};
	json_t *walked = json_object();
	assert_int_equal(measures_tables(f->s, years, 6, keep_table, walked, &f->e), 0);
	assert_int_equal(json_object_size(walked), 5);
	for (size_t k = 0; k < 6; k++) {
		json_t *t = measures_table(f->s, years[k], NULL, NULL, &f->e);
		assert_non_null(t);
		char *alone = json_dumps(t, JSON_COMPACT | JSON_PRESERVE_ORDER), year[16];
		snprintf(year, sizeof year, "%d", years[k]);
		assert_string_equal(json_string_value(json_object_get(walked, year)), alone);
		free(alone);
		/* The imports stored the tables of their years (2024, 2019) the same way. */
		size_t n;
		json_t *row;
		json_array_foreach(json_object_get(t, "areas"), n, row)
		{
			if (years[k] != 2024 && years[k] != 2019)
				break;
			json_t *kept = store_measures_stored_area(
			    f->s, years[k], json_string_value(json_object_get(row, "area")), &f->e);
			assert_non_null(kept);
			assert_true(json_equal(kept, row));
			json_decref(kept);
		}
		json_decref(t);
	}
	json_decref(walked);
	assert_int_equal(demodb_teardown(&db), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_looked_after_census_day),
	    T(test_population),
	    T(test_rate_per_1000),
	    T(test_placement_mix),
	    T(test_siblings),
	    T(test_moves),
	    T(test_school_changes),
	    T(test_outside),
	    T(test_far_from_home),
	    T(test_private_providers),
	    T(test_distance_place),
	    T(test_secure_16_17),
	    T(test_adoption_breakdowns),
	    T(test_restraint_rate),
	    T(test_continuing_care),
	    T(test_scotland_sum),
	    T(test_cells),
	    T(test_database_round_trip),
	    T(test_tables_in_one_walk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
