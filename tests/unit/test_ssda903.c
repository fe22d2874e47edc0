/* Unit tests for src/measures/ssda903.c: England's SSDA903 files read into the batch of
 * care records (docs/data-spec.md, "England's SSDA903 files"). A small hand-written
 * Header + Episodes set whose batch is checked field by field; every row of the mapping
 * tables; and the exact FILE:LINE:COLUMN message for each kind of bad input. Today is 15
 * January 2026 (KEEP_TODAY) and the return year 2025 (to 31 July 2025). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/kerr.h"
#include "measures/measures.h"
#include "measures/records.h"
#include "place/place.h"

#define COUNCIL "S12000036"
#define HEADER_COLS "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
#define EPISODE_COLS "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
#define PERM_COLS "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\n"

static const char *const header_ok = HEADER_COLS "A1,1,03/04/2015,WBRI,A123456789012,,\n"
                                                 "A2,2,10/10/2010,BAFR,A123456789013,0,\n";

struct fx {
	struct records b;
	struct kerr e;
	char got[1 << 14]; /* the problems, one a line */
	int rc;
};

static int setup(void **state)
{
	setenv("KEEP_TODAY", "2026-01-15", 1);
	struct fx *f = calloc(1, sizeof *f);
	records_init(&f->b, COUNCIL, 2025);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	records_free(&f->b);
	free(f);
	return 0;
}

/* Reads header, episodes and (unless NULL) prev_perm afresh; the problems go to f->got,
 * one a line. */
static int run(struct fx *f, const char *header, const char *episodes, const char *prev_perm)
{
	records_free(&f->b);
	records_init(&f->b, COUNCIL, 2025);
	struct records_input in[3];
	size_t n = 0;
	if (header)
		in[n++] = (struct records_input){(enum records_file)SSDA903_HEADER, "Header.csv", header, strlen(header)};
	if (episodes)
		in[n++] = (struct records_input){(enum records_file)SSDA903_EPISODES, "Episodes.csv", episodes,
		                                 strlen(episodes)};
	if (prev_perm)
		in[n++] = (struct records_input){(enum records_file)SSDA903_PREV_PERM, "PrevPerm.csv", prev_perm,
		                                 strlen(prev_perm)};
	json_t *problems = json_array();
	f->e = (struct kerr){0};
	f->rc = records_read_ssda903(&f->b, in, n, "", problems, &f->e);
	size_t used = 0, i;
	json_t *m;
	f->got[0] = '\0';
	json_array_foreach(problems, i, m) used +=
		(size_t)snprintf(f->got + used, sizeof f->got - used, "%s\n", json_string_value(m));
	json_decref(problems);
	return f->rc;
}

static int32_t day(int y, int m, int d)
{
	return (int32_t)date_days((struct kdate){y, m, d});
}

/* Reads one child with the Episodes rows rows (after the header). */
static int run_rows(struct fx *f, const char *rows)
{
	char ep[4096];
	snprintf(ep, sizeof ep, EPISODE_COLS "%s", rows);
	return run(f, header_ok, ep, NULL);
}

/* ---------------------------------------------------------------- a whole set */

static void test_set_is_read_field_by_field(void **state)
{
	struct fx *f = *state;
	const char *ep = EPISODE_COLS
		/* A2 first in the file: rows are put in order by child and DECOM */
		"A2,05/06/2019,S,V2,N2,P1,PR0,05/07/2019,E4A,,,,\n"
		"A1,01/05/2020,L,C2,N1,U4,PR1,01/09/2021,X1,,M1 1AA,M2 3BB,SC123456\n"
		"A1,01/02/2020,S,C1,N1,U4,PR1,01/05/2020,X1,,M1 1AA,M2 3BB,SC123456\n"
		"A1,01/09/2021,P,C2,N1,K2,PR5,01/01/2022,X1,CARPL,M1 1AA,eh41ab,XXXXXXX\n"
		"A1,01/01/2022,B,E1,N1,A4,PR1,01/03/2023,E11,,M1 1AA,,\n"
		"A1,01/06/2023,S,V2,N1,K2,PR1,,,,M1 1AA,TD15 1AA,\n";
	assert_int_equal(run(f, header_ok, ep, NULL), 0);
	assert_string_equal(f->got, "");
	struct records *b = &f->b;
	assert_true(b->given[RECORDS_CHILDREN] && b->given[RECORDS_EPISODES] && b->given[RECORDS_PLACEMENTS] &&
	            b->given[RECORDS_LEGAL]);
	assert_false(b->given[RECORDS_SIBLINGS] || b->given[RECORDS_ADOPTION_BREAKDOWNS] ||
	             b->given[RECORDS_SCHOOL_CHANGES] || b->given[RECORDS_RESTRAINTS]);

	assert_int_equal(b->children.n, 2);
	assert_string_equal(b->ids.p + b->children.v[0].id, "A1");
	assert_int_equal(b->children.v[0].birth, day(2015, 4, 3));
	assert_string_equal(records_sex_codes[b->children.v[0].sex], "male");
	assert_string_equal(records_ethnic_group_codes[b->children.v[0].ethnic_group], "white_other_british");
	assert_string_equal(records_disability_codes[b->children.v[0].disability], "not_known");
	assert_string_equal(records_sex_codes[b->children.v[1].sex], "female");
	assert_string_equal(records_ethnic_group_codes[b->children.v[1].ethnic_group], "african");

	/* Periods of care: A1 from 1 Feb 2020 to its adoption (a chain of four rows), A1
	 * again from 1 June 2023, going on; A2 for a month. */
	assert_int_equal(b->episodes.n, 3);
	const struct records_episode *e = b->episodes.v;
	assert_int_equal(e[0].child, 0);
	assert_int_equal(e[0].start, day(2020, 2, 1));
	assert_int_equal(e[0].end, day(2023, 3, 1));
	assert_string_equal(records_end_reason_codes[e[0].end_reason], "adopted");
	assert_int_equal(e[1].child, 0);
	assert_int_equal(e[1].start, day(2023, 6, 1));
	assert_int_equal(e[1].end, RECORDS_OPEN);
	assert_int_equal(e[1].end_reason, RECORDS_NO_CODE);
	assert_int_equal(e[2].child, 1);
	assert_int_equal(e[2].start, day(2019, 6, 5));
	assert_int_equal(e[2].end, day(2019, 7, 5));
	assert_string_equal(records_end_reason_codes[e[2].end_reason], "home");

	/* Placements: the L row continues the first; P and B start new ones. */
	assert_int_equal(b->placements.n, 5);
	const struct records_placement *p = b->placements.v;
	assert_int_equal(p[0].start, day(2020, 2, 1));
	assert_int_equal(p[0].end, day(2021, 9, 1));
	assert_string_equal(records_placement_type_codes[p[0].type], "foster_council");
	assert_string_equal(b->text.p + p[0].provider, "SC123456");
	assert_string_equal(p[0].location, "M2");
	assert_true(p[0].outside_scotland);
	assert_false(p[0].where_unknown);
	assert_string_equal(p[0].council, "");
	assert_string_equal(p[0].home, "M1"); /* HOME_POST, its district */
	assert_int_equal(p[1].start, day(2021, 9, 1));
	assert_int_equal(p[1].end, day(2022, 1, 1));
	assert_string_equal(records_placement_type_codes[p[1].type], "residential_voluntary_home");
	assert_int_equal(p[1].provider, RECORDS_NO_TEXT); /* XXXXXXX: no URN */
	assert_string_equal(p[1].location, "EH4");
	assert_false(p[1].outside_scotland);
	assert_string_equal(p[1].council, COUNCIL);
	assert_int_equal(p[2].start, day(2022, 1, 1));
	assert_int_equal(p[2].end, day(2023, 3, 1));
	assert_string_equal(records_placement_type_codes[p[2].type], "prospective_adopters");
	assert_string_equal(p[2].location, "");
	assert_false(p[2].outside_scotland); /* no PL_POST: where it is is not known */
	assert_true(p[2].where_unknown);
	assert_string_equal(p[2].council, "");
	assert_int_equal(p[3].start, day(2023, 6, 1));
	assert_int_equal(p[3].end, RECORDS_OPEN);
	assert_string_equal(records_placement_type_codes[p[3].type], "residential_council_home");
	assert_string_equal(p[3].location, "TD15");
	assert_true(p[3].outside_scotland); /* Berwick-upon-Tweed */
	assert_int_equal(p[4].child, 1);
	assert_string_equal(records_placement_type_codes[p[4].type], "home_parents");
	assert_string_equal(p[4].home, ""); /* no HOME_POST */

	/* Legal reasons: one per change of LS within a period. */
	assert_int_equal(b->legal.n, 5);
	const struct records_legal *l = b->legal.v;
	assert_string_equal(records_legal_reason_codes[l[0].reason], "interim_cso");
	assert_int_equal(l[0].start, day(2020, 2, 1));
	assert_int_equal(l[0].end, day(2020, 5, 1));
	assert_string_equal(records_legal_reason_codes[l[1].reason], "cso");
	assert_int_equal(l[1].start, day(2020, 5, 1));
	assert_int_equal(l[1].end, day(2022, 1, 1));
	assert_string_equal(records_legal_reason_codes[l[2].reason], "permanence_order");
	assert_int_equal(l[2].end, day(2023, 3, 1));
	assert_string_equal(records_legal_reason_codes[l[3].reason], "section_25");
	assert_int_equal(l[3].start, day(2023, 6, 1));
	assert_int_equal(l[3].end, RECORDS_OPEN);
	assert_int_equal(l[4].child, 1);
}

/* ---------------------------------------------------------------- mapping tables */

/* The type one row with PLACE place and PLACE_PROVIDER provider maps to. */
static const char *type_of(struct fx *f, const char *place, const char *provider)
{
	char row[256];
	snprintf(row, sizeof row, "A1,01/02/2020,S,C2,N1,%s,%s,,,,,,\n", place, provider);
	if (run_rows(f, row) != 0 || f->b.placements.n != 1)
		return f->got;
	return records_placement_type_codes[f->b.placements.v[0].type];
}

static void test_place_table(void **state)
{
	struct fx *f = *state;
	static const char *const table[][3] = {
		{"A3", "PR1", "prospective_adopters"}, {"A4", "PR4", "prospective_adopters"},
		{"A5", "PR5", "prospective_adopters"}, {"A6", "", "prospective_adopters"},
		{"H5", "PR4", "other_community"},      {"K1", "PR1", "secure"},
		{"K2", "PR1", "residential_council_home"}, {"K2", "PR2", "residential_voluntary_home"},
		{"K2", "PR4", "residential_voluntary_home"}, {"K2", "PR5", "residential_voluntary_home"},
		{"P1", "PR0", "home_parents"},         {"P2", "", "other_community"},
		{"P3", "", "residential_other"},       {"R1", "PR3", "residential_other"},
		{"R2", "PR3", "residential_other"},    {"R3", "PR4", "residential_other"},
		{"R5", "PR3", "young_offender_institution"}, {"S1", "PR4", "residential_school"},
		{"T0", "", "other_community"},         {"T1", "", "other_community"},
		{"T2", "", "other_community"},         {"T3", "", "other_community"},
		{"T4", "", "other_community"},         {"U1", "PR1", "kinship"},
		{"U2", "PR1", "kinship"},              {"U3", "PR4", "kinship"},
		{"U4", "PR1", "foster_council"},       {"U5", "PR1", "foster_council"},
		{"U6", "PR1", "foster_council"},       {"U4", "PR4", "foster_purchased"},
		{"U5", "PR5", "foster_purchased"},     {"U6", "PR2", "foster_purchased"},
		{"U4", "PR3", "foster_purchased"},     {"Z1", "", "other_community"},
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		const char *got = type_of(f, table[i][0], table[i][1]);
		if (strcmp(got, table[i][2]) != 0)
			fail_msg("PLACE %s, PLACE_PROVIDER %s: got %s, want %s", table[i][0], table[i][1], got, table[i][2]);
	}
}

/* PLACE_PROVIDER gives the provider sector (docs/data-spec.md): PR1 to PR3 council,
 * PR4 private, PR5 third sector, PR0 and empty none; URN gives the care service when it
 * is letters and digits, up to 16 (and stays the provider). */
static void test_provider_sector_and_service(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char *provider;
		int sector;
	} table[] = {{"PR0", -1},         {"", -1},
	             {"PR1", PS_COUNCIL}, {"PR2", PS_COUNCIL},
	             {"PR3", PS_COUNCIL}, {"PR4", PS_PRIVATE},
	             {"PR5", PS_THIRD}};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		char row[256];
		snprintf(row, sizeof row, "A1,01/02/2020,S,C2,N1,S1,%s,,,,,,\n", table[i].provider);
		assert_int_equal(run_rows(f, row), 0);
		assert_int_equal(f->b.placements.n, 1);
		if (records_sector(&f->b.placements.v[0]) != table[i].sector)
			fail_msg("PLACE_PROVIDER '%s': sector %d, want %d", table[i].provider,
			         records_sector(&f->b.placements.v[0]), table[i].sector);
	}
	static const struct {
		const char *urn, *service;
	} urns[] = {{"SC123456", "SC123456"}, {"1234567", "1234567"},    {"XXXXXXX", ""}, {"", ""},
	            {"SC 123", ""},           {"SC1234567890123456", ""}};
	for (size_t i = 0; i < sizeof urns / sizeof urns[0]; i++) {
		char row[256];
		snprintf(row, sizeof row, "A1,01/02/2020,S,C2,N1,U4,PR4,,,,,,%s\n", urns[i].urn);
		assert_int_equal(run_rows(f, row), 0);
		assert_string_equal(f->b.placements.v[0].service, urns[i].service);
		if (urns[i].urn[0] && strcmp(urns[i].urn, "XXXXXXX") != 0)
			assert_string_equal(f->b.text.p + f->b.placements.v[0].provider, urns[i].urn);
	}
}

static void test_rec_table(void **state)
{
	struct fx *f = *state;
	static const char *const table[][2] = {
		{"E11", "adopted"},           {"E12", "adopted"},          {"E2", "died"},
		{"E3", "other"},              {"E4A", "home"},             {"E4B", "home"},
		{"E13", "kinship"},           {"E41", "permanence_order"}, {"E45", "permanence_order"},
		{"E46", "permanence_order"},  {"E47", "permanence_order"}, {"E48", "permanence_order"},
		{"E5", "independent_living"}, {"E6", "independent_living"}, {"E7", "other"},
		{"E8", "other"},              {"E9", "custody"},           {"E14", "other"},
		{"E15", "other"},             {"E16", "other"},            {"E17", "continuing_care"},
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		char row[256];
		snprintf(row, sizeof row, "A1,01/02/2020,S,C2,N1,U1,PR1,01/03/2020,%s,,,,\n", table[i][0]);
		if (run_rows(f, row) != 0)
			fail_msg("REC %s: %s", table[i][0], f->got);
		assert_int_equal(f->b.episodes.n, 1);
		if (strcmp(records_end_reason_codes[f->b.episodes.v[0].end_reason], table[i][1]) != 0)
			fail_msg("REC %s: got %s, want %s", table[i][0],
			         records_end_reason_codes[f->b.episodes.v[0].end_reason], table[i][1]);
	}
}

static void test_ls_table(void **state)
{
	struct fx *f = *state;
	static const char *const table[][2] = {
		{"C1", "interim_cso"},           {"C2", "cso"},          {"D1", "permanence_order"},
		{"E1", "permanence_order"},      {"V2", "section_25"},   {"V3", "section_25"},
		{"V4", "section_25"},            {"J1", "other"},        {"J2", "other"},
		{"J3", "other"},                 {"L1", "child_protection_order"},
		{"L2", "child_protection_order"}, {"L3", "child_protection_order"},
	};
	/* Each code after a care order in the same period (a period under short breaks
	 * alone is left out: test_short_breaks_alone_are_left_out). */
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		char row[256];
		snprintf(row, sizeof row,
		         "A1,01/02/2020,S,C2,N1,U1,PR1,01/03/2020,X1,,,,\nA1,01/03/2020,L,%s,N1,U1,PR1,,,,,,\n",
		         table[i][0]);
		if (run_rows(f, row) != 0)
			fail_msg("LS %s: %s", table[i][0], f->got);
		assert_int_equal(f->b.legal.n, strcmp(table[i][0], "C2") == 0 ? 1 : 2);
		assert_string_equal(records_legal_reason_codes[f->b.legal.v[f->b.legal.n - 1].reason], table[i][1]);
		assert_int_equal(f->b.short_breaks, 0);
	}
}

/* Scotland's statistics do not count respite care as being looked after: a period of
 * care whose every episode is under short breaks (LS V3 or V4) is left out, and counted;
 * one that also has another legal status is kept whole. */
static void test_short_breaks_alone_are_left_out(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run_rows(f, "A1,01/02/2020,S,V3,N2,R1,PR1,05/02/2020,E8,,,,\n"
	                             "A1,01/03/2020,S,V4,N2,R1,PR1,01/04/2020,X1,,,,\n"
	                             "A1,01/04/2020,L,V3,N2,R1,PR1,01/05/2020,E8,,,,\n"
	                             "A1,01/06/2020,S,V3,N2,R1,PR1,01/07/2020,X1,,,,\n"
	                             "A1,01/07/2020,B,C2,N1,U4,PR1,,,,,,\n"
	                             "A2,01/06/2020,S,V4,N2,R1,PR1,,,,,,\n"),
	                 0);
	assert_string_equal(f->got, "");
	assert_int_equal(f->b.short_breaks, 3);
	assert_int_equal(f->b.children.n, 2);
	assert_int_equal(f->b.episodes.n, 1);
	assert_int_equal(f->b.episodes.v[0].child, 0);
	assert_int_equal(f->b.episodes.v[0].start, day(2020, 6, 1));
	assert_int_equal(f->b.placements.n, 2);
	assert_int_equal(f->b.legal.n, 2);
	assert_string_equal(records_legal_reason_codes[f->b.legal.v[0].reason], "section_25");
	assert_string_equal(records_legal_reason_codes[f->b.legal.v[1].reason], "cso");

	/* A child who had been adopted and came back for short breaks alone, then into
	 * care: the breakdown is dated the start of the period that is kept. */
	const char *ep = EPISODE_COLS "A1,01/09/2024,S,V3,N2,R1,PR1,02/09/2024,E8,,,,\n"
	                              "A1,01/10/2024,S,C2,N1,U4,PR1,,,,,,\n";
	assert_int_equal(run(f, header_ok, ep, PERM_COLS "A1,03/04/2015,P1,,01/03/2018\n"), 0);
	assert_int_equal(f->b.adoption_breakdowns.n, 1);
	assert_int_equal(f->b.adoption_breakdowns.v[0].disruption_date, day(2024, 10, 1));
}

static void test_ethnic_and_sex_tables(void **state)
{
	struct fx *f = *state;
	static const char *const table[][2] = {
		{"WBRI", "white_other_british"}, {"WIRI", "white_irish"}, {"WIRT", "white_gypsy_traveller"},
		{"WROM", "white_gypsy_traveller"}, {"WOTH", "white_other"}, {"MWBC", "mixed"},
		{"MWBA", "mixed"},               {"MWAS", "mixed"},       {"MOTH", "mixed"},
		{"AIND", "asian"},               {"APKN", "asian"},       {"ABAN", "asian"},
		{"AOTH", "asian"},               {"CHNE", "asian"},       {"BAFR", "african"},
		{"BCRB", "caribbean_or_black"},  {"BOTH", "caribbean_or_black"}, {"OOTH", "other"},
		{"REFU", "not_known"},           {"NOBT", "not_known"},
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		char h[256];
		snprintf(h, sizeof h, HEADER_COLS "A1,2,03/04/2015,%s,,,\n", table[i][0]);
		if (run(f, h, EPISODE_COLS, NULL) != 0)
			fail_msg("ETHNIC %s: %s", table[i][0], f->got);
		assert_string_equal(records_ethnic_group_codes[f->b.children.v[0].ethnic_group], table[i][1]);
		assert_string_equal(records_sex_codes[f->b.children.v[0].sex], "female");
	}
}

static void test_postcode_decides_where(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run_rows(f, "A1,01/02/2020,S,C2,N1,U1,PR1,01/03/2020,X1,,,G1 1AA,\n"
	                             "A1,01/03/2020,P,C2,N1,U1,PR1,01/04/2020,X1,,,ab10,\n"
	                             "A1,01/04/2020,P,C2,N1,U1,PR1,01/05/2020,X1,,,CA1 1AA,\n"
	                             "A1,01/05/2020,P,C2,N1,U1,PR1,,,,,,\n"),
	                 0);
	const struct records_placement *p = f->b.placements.v;
	assert_int_equal(f->b.placements.n, 4);
	assert_string_equal(p[0].location, "G1");
	assert_false(p[0].outside_scotland);
	assert_string_equal(p[0].council, COUNCIL);
	assert_string_equal(p[1].location, "AB10");
	assert_false(p[1].outside_scotland);
	assert_string_equal(p[2].location, "CA1");
	assert_true(p[2].outside_scotland);
	assert_string_equal(p[2].council, "");
	assert_string_equal(p[3].location, "");
	/* Without PL_POST, where the placement is is not known: not outside Scotland (an
	 * English return without postcodes made every child "outside Scotland"). */
	assert_false(p[3].outside_scotland);
	assert_true(p[3].where_unknown);
	assert_string_equal(p[3].council, "");
	for (int i = 0; i < 3; i++)
		assert_false(p[i].where_unknown);
	/* One period of care with four placements. */
	assert_int_equal(f->b.episodes.n, 1);

	/* An English return without PL_POST: every child placed, none outside Scotland,
	 * all where not known (it was 100% outside Scotland). */
	assert_int_equal(run_rows(f, "A1,01/02/2024,S,C2,N1,U1,PR1,,,,M1 1AA,,\n"
	                             "A2,01/02/2024,S,C2,N1,U4,PR1,,,,,,\n"),
	                 0);
	struct measures m;
	measures_compute(&f->b, 2025, &m);
	assert_int_equal(m.count[MC_PLACED], 2);
	assert_int_equal(m.count[MC_OUTSIDE_SCOTLAND], 0);
	assert_int_equal(m.count[MC_OUTSIDE_COUNCIL], 0);
	assert_int_equal(m.count[MC_WHERE_NOT_KNOWN], 2);
	assert_int_equal(m.count[MC_DISTANCE_NOT_KNOWN], 2);

	/* A HOME_POST that is no postcode is refused, and never quoted (where a family
	 * lives); a PL_POST is quoted when it has a postcode's shape. */
	assert_int_equal(run_rows(f, "A1,01/02/2024,S,C2,N1,U1,PR1,,,,12 Acacia Avenue,QQQ,\n"), -1);
	assert_string_equal(f->got, "Episodes.csv:2:33: HOME_POST is not a postcode or a postcode district\n"
	                            "Episodes.csv:2:50: 'QQQ' is not a postcode or a postcode district\n");
}

/* PrevPerm.csv: a child starting to be looked after who had been adopted (P1) is an
 * adoption breakdown, dated the start of the child's first period of care in the return;
 * the order's date may be whole, a year only (zz/zz/YYYY) or not known. */
static void test_prev_perm_gives_breakdowns(void **state)
{
	struct fx *f = *state;
	const char *hd = HEADER_COLS "A1,1,03/04/2015,WBRI,,,\n"
	                             "A2,2,10/10/2010,BAFR,,,\n"
	                             "A3,1,01/01/2012,WBRI,,,\n"
	                             "A4,2,01/01/2013,WBRI,,,\n"
	                             "A5,1,01/01/2014,WBRI,,,\n";
	const char *ep = EPISODE_COLS "A1,01/09/2024,S,C2,N1,U4,PR1,,,,,,\n"
	                              "A2,02/09/2024,S,C2,N1,U4,PR1,01/10/2024,E4A,,,,\n"
	                              "A2,01/03/2025,S,V2,N1,U4,PR1,,,,,,\n"
	                              "A3,01/09/2024,S,C2,N1,U4,PR1,,,,,,\n"
	                              "A4,01/02/2019,P,C2,N1,U4,PR1,,,,,,\n"
	                              "A5,01/09/2024,S,C2,N1,U4,PR1,,,,,,\n";
	const char *pp = PERM_COLS "A1,03/04/2015,P1,SCO,01/03/2018\n"
	                           "A2,10/10/2010,P1,,zz/zz/2016\n"
	                           "A3,01/01/2012,P2,,01/06/2019\n"
	                           "A4,01/01/2013,P1,,ZZ/ZZ/ZZZZ\n"
	                           "A5,01/01/2014,Z1,,\n";
	assert_int_equal(run(f, hd, ep, pp), 0);
	assert_string_equal(f->got, "");
	assert_true(f->b.given[RECORDS_ADOPTION_BREAKDOWNS]);
	/* A1 (a whole date) and A2 (a year only; its first period of care is the one that
	 * counts). A3 had a special guardianship order, A5 nothing; A4's period of care began
	 * before this return, so its breakdown was an earlier return's. */
	assert_int_equal(f->b.adoption_breakdowns.n, 2);
	assert_int_equal(f->b.adoption_breakdowns.v[0].child, 0);
	assert_int_equal(f->b.adoption_breakdowns.v[0].order_date, day(2018, 3, 1));
	assert_int_equal(f->b.adoption_breakdowns.v[0].disruption_date, day(2024, 9, 1));
	assert_int_equal(f->b.adoption_breakdowns.v[1].child, 1);
	assert_int_equal(f->b.adoption_breakdowns.v[1].order_date, RECORDS_UNKNOWN);
	assert_int_equal(f->b.adoption_breakdowns.v[1].disruption_date, day(2024, 9, 2));

	/* Without PrevPerm.csv, adoption breakdowns are not collected (not "none"). */
	assert_int_equal(run(f, hd, ep, NULL), 0);
	assert_false(f->b.given[RECORDS_ADOPTION_BREAKDOWNS]);
	assert_int_equal(f->b.adoption_breakdowns.n, 0);

	assert_int_equal(run(f, hd, ep,
	                     PERM_COLS "A1,04/04/2015,P9,,01/03/2018\n"
	                               "A9,03/04/2015,P1,,\n"
	                               "A1,03/04/2015,P1,,02/09/2024\n"
	                               "A2,10/10/2010,P1,,zz/zz/2030\n"
	                               "A3,01/01/2012,P1,,zz/zz/2025\n"
	                               "A4,01/01/2013,P1,,01/01/2010\n"
	                               "A5,01/01/2014,Z1,SCO,\n"),
	                 -1);
	assert_string_equal(f->got,
	                    "PrevPerm.csv:2:4: '04/04/2015' is not the child's DOB in Header.csv\n"
	                    "PrevPerm.csv:2:15: 'P9' is not a code for PREV_PERM: write P1, P2, P3, P4 or Z1\n"
	                    "PrevPerm.csv:3:1: this child is not in Header.csv\n"
	                    "PrevPerm.csv:4:1: this child is already on line 2\n"
	                    "PrevPerm.csv:4:19: '02/09/2024' is after 2024-09-01, when the child started to be looked "
	                    "after (Episodes.csv line 2)\n"
	                    "PrevPerm.csv:5:19: 'zz/zz/2030' is not a year from 1900 to 2025\n"
	                    "PrevPerm.csv:6:19: 'zz/zz/2025' is after 2024-09-01, when the child started to be looked "
	                    "after (Episodes.csv line 5)\n"
	                    "PrevPerm.csv:7:19: '01/01/2010' is not after the child's date of birth\n"
	                    "PrevPerm.csv:8:18: PREV_PERM is Z1 (no previous permanence order), so LA_PERM and "
	                    "DATE_PERM are left empty\n");
	assert_int_equal(f->e.code, KERR_INVALID);
	assert_string_equal(f->e.msg, "9 problems in the records: nothing was imported");
}

/* A return's Episodes.csv holds the episodes open during its year: a child's first row
 * may be the episode open when the year began, whose RNE is not S. The period of care is
 * taken to start on that row's DECOM. */
static void test_first_row_may_continue_a_period(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run_rows(f, "A1,01/02/2019,P,C2,N1,U4,PR1,01/03/2025,X1,,,,\n"
	                             "A1,01/03/2025,L,C1,N1,U4,PR1,,,,,,\n"
	                             "A2,01/06/2018,B,C2,N1,K2,PR1,01/10/2024,E13,,,,\n"),
	                 0);
	assert_string_equal(f->got, "");
	assert_int_equal(f->b.episodes.n, 2);
	assert_int_equal(f->b.episodes.v[0].child, 0);
	assert_int_equal(f->b.episodes.v[0].start, day(2019, 2, 1));
	assert_int_equal(f->b.episodes.v[0].end, RECORDS_OPEN);
	assert_int_equal(f->b.episodes.v[1].start, day(2018, 6, 1));
	assert_int_equal(f->b.episodes.v[1].end, day(2024, 10, 1));
	assert_string_equal(records_end_reason_codes[f->b.episodes.v[1].end_reason], "kinship");
	assert_int_equal(f->b.placements.n, 2);
	assert_int_equal(f->b.legal.n, 3);
	assert_true(f->b.episodes.v[0].continued);
	assert_true(f->b.episodes.v[1].continued);

	/* Such a period is not counted as a start, even when the return says it began in the
	 * year keep measures (1 August 2024 to 31 July 2025); a period starting with RNE S
	 * is. */
	assert_int_equal(run_rows(f, "A1,01/09/2024,P,C2,N1,U4,PR1,,,,,,\n"
	                             "A2,01/10/2024,S,C2,N1,U4,PR1,,,,,,\n"),
	                 0);
	assert_true(f->b.episodes.v[0].continued);
	assert_false(f->b.episodes.v[1].continued);
	struct measures m;
	measures_compute(&f->b, 2025, &m);
	assert_int_equal(m.count[MC_LOOKED_AFTER], 2);
	assert_int_equal(m.count[MC_STARTED], 1);
}

/* A period of care may start on the day the one before it ended: the new period's first
 * placement is its own, not a move in the period that ended, and the period that ended
 * ends with its own last placement. Six 17-year-olds whose foster period ends
 * on 1 March 2024 in continuing care (REC E17) and who start again that day (RNE S, at
 * home, P1): no moves, and six eligible care leavers who all took continuing care up. */
static void test_period_starting_the_day_the_last_ended(void **state)
{
	struct fx *f = *state;
	char hd[1024] = HEADER_COLS, ep[4096] = EPISODE_COLS;
	for (int i = 1; i <= 6; i++) {
		size_t n = strlen(hd), m = strlen(ep);
		snprintf(hd + n, sizeof hd - n, "Y%d,1,15/06/2006,WBRI,,,\n", i);
		snprintf(ep + m, sizeof ep - m,
		         "Y%d,01/09/2023,S,C2,N1,U4,PR1,01/03/2024,E17,,,,\n"
		         "Y%d,01/03/2024,S,V2,N1,P1,,,,,,,\n",
		         i, i);
	}
	records_free(&f->b);
	records_init(&f->b, COUNCIL, 2024);
	struct records_input in[2] = {{(enum records_file)SSDA903_HEADER, "Header.csv", hd, strlen(hd)},
	                              {(enum records_file)SSDA903_EPISODES, "Episodes.csv", ep, strlen(ep)}};
	json_t *problems = json_array();
	assert_int_equal(records_read_ssda903(&f->b, in, 2, "", problems, &f->e), 0);
	assert_int_equal(json_array_size(problems), 0);
	json_decref(problems);
	assert_int_equal(f->b.episodes.n, 12);
	assert_int_equal(f->b.placements.n, 12);
	struct measures m;
	measures_compute(&f->b, 2024, &m);
	assert_int_equal(m.count[MC_MOVES], 0);
	assert_int_equal(m.count[MC_MOVES_3], 0);
	assert_int_equal(m.count[MC_CC_ELIGIBLE], 6);
	assert_int_equal(m.count[MC_CC_TOOK_UP], 6);
	assert_int_equal(m.count[MC_LOOKED_AFTER], 6);
	assert_int_equal(m.count[MC_MIX_HOME], 6);
}

/* ---------------------------------------------------------------- bad input */

static void test_bad_dates(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, HEADER_COLS "A1,1,2015-04-03,WBRI,,,\nA2,1,31/02/2015,WBRI,,,\nA3,1,01/01/1899,WBRI,,,\n",
	                     EPISODE_COLS "A1,2024-01-31,S,C2,N1,U1,PR1,,,,,,\n"
	                                  "A2,01/04/2025,S,C2,N1,U1,PR1,,,,,,\n"
	                                  "A3,01/02/2026,S,C2,N1,U1,PR1,,,,,,\n",
	                     NULL),
	                 -1);
	assert_string_equal(f->got,
	                    "Header.csv:2:6: '2015-04-03' is not a date: write a real date as DD/MM/YYYY\n"
	                    "Header.csv:3:6: '31/02/2015' is not a date: write a real date as DD/MM/YYYY\n"
	                    "Header.csv:4:6: '01/01/1899' is before 1 January 1900\n"
	                    "Episodes.csv:2:4: '2024-01-31' is not a date: write a real date as DD/MM/YYYY\n"
	                    "Episodes.csv:3:4: '01/04/2025' is after 31 March 2025, the end of the return for the year 1 "
	                    "April 2024 to 31 March 2025\n"
	                    "Episodes.csv:4:4: '01/02/2026' is in the future\n");
	assert_int_equal(f->b.episodes.n, 0);
	/* --year 2025 is the DfE's return for 1 April 2024 to 31 March 2025: its last day is
	 * in it. */
	assert_int_equal(run_rows(f, "A1,31/03/2025,S,C2,N1,U1,PR1,,,,,,\n"), 0);
}

static void test_unknown_codes(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, HEADER_COLS "A1,3,03/04/2015,WSCO,,,\n",
	                     EPISODE_COLS "A1,01/02/2020,X,C5,N9,U7,PR9,01/03/2020,E99,MOVED,,ZZZ,\n", NULL),
	                 -1);
	assert_string_equal(
		f->got,
		"Header.csv:2:4: '3' is not a code for SEX: write 1 or 2\n"
		"Header.csv:2:17: 'WSCO' is not a code for ETHNIC: write WBRI, WIRI, WIRT, WROM, WOTH, MWBC, MWBA, MWAS, "
		"MOTH, AIND, APKN, ABAN, AOTH, CHNE, BAFR, BCRB, BOTH, OOTH, REFU or NOBT\n"
		"Episodes.csv:2:15: 'X' is not a code for RNE: write S, L, P, T, U or B\n"
		"Episodes.csv:2:17: 'C5' is not a code for LS: write C1, C2, D1, E1, V2, V3, V4, J1, J2, J3, L1, L2 or L3\n"
		"Episodes.csv:2:20: 'N9' is not a code for CIN: write N1, N2, N3, N4, N5, N6, N7 or N8\n"
		"Episodes.csv:2:23: 'U7' is not a code for PLACE: write A3, A4, A5, A6, H5, K1, K2, P1, P2, P3, R1, R2, R3, "
		"R5, S1, T0, T1, T2, T3, T4, U1, U2, U3, U4, U5, U6 or Z1\n"
		"Episodes.csv:2:26: 'PR9' is not a code for PLACE_PROVIDER: write PR0, PR1, PR2, PR3, PR4 or PR5\n"
		"Episodes.csv:2:41: 'E99' is not a code for REC: write X1, E11, E12, E2, E3, E4A, E4B, E13, E41, E45, E46, "
		"E47, E48, E5, E6, E7, E8, E9, E14, E15, E16 or E17\n"
		"Episodes.csv:2:45: 'MOVED' is not a code for REASON_PLACE_CHANGE: write CARPL, CLOSE, ALLEG, STAND, APPRR, "
		"CREQB, CREQO, CHILD, LAREQ, PLACE, CUSTOD or OTHER\n"
		"Episodes.csv:2:52: 'ZZZ' is not a postcode or a postcode district\n");
}

static void test_a_code_like_a_child_id_is_not_quoted(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run_rows(f, "A1,01/02/2020,S,A2,N1,U1,PR1,,,,,,\n"), -1);
	assert_string_equal(f->got, "Episodes.csv:2:17: LS is not one of its codes: write C1, C2, D1, E1, V2, V3, V4, "
	                            "J1, J2, J3, L1, L2 or L3\n");
}

static void test_provider_needed_for_k2_and_foster(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run_rows(f, "A1,01/02/2020,S,C2,N1,K2,,,,,,,\n"), -1);
	assert_string_equal(f->got, "Episodes.csv:2:26: PLACE_PROVIDER is empty; PLACE K2 needs it (it decides the type "
	                            "of placement)\n");
	assert_int_equal(run_rows(f, "A1,01/02/2020,S,C2,N1,U5,,,,,,,\n"), -1);
	assert_string_equal(f->got, "Episodes.csv:2:26: PLACE_PROVIDER is empty; PLACE U5 needs it (it decides the type "
	                            "of placement)\n");
}

static void test_dec_and_rec_go_together(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run_rows(f, "A1,01/02/2020,S,C2,N1,U1,PR1,01/03/2020,,,,,\n"
	                             "A2,01/02/2020,S,C2,N1,U1,PR1,,E11,,,,\n"
	                             "A1,01/05/2020,S,C2,N1,U1,PR1,01/04/2020,E11,,,,\n"),
	                 -1);
	assert_string_equal(f->got,
	                    "Episodes.csv:2:41: REC is empty; an episode that has ended needs one\n"
	                    "Episodes.csv:3:31: an episode that has not ended has no REC: leave it empty, or give DEC\n"
	                    "Episodes.csv:4:30: DEC, 2020-04-01, is before DECOM, 2020-05-01\n");
}

static void test_missing_and_extra_columns(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, header_ok,
	                     "CHILD,DECOM,RNE,LS,CIN,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN,"
	                     "EXTRA\nA1,01/02/2020,S,C2,N1,PR1,,,,,,,\n",
	                     NULL),
	                 -1);
	assert_string_equal(f->got,
	                    "Episodes.csv:1:89: 'EXTRA' is not a column of Episodes.csv: its columns are CHILD, DECOM, "
	                    "RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC, REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN\n"
	                    "Episodes.csv:1:1: the column 'PLACE' is missing\n");
	/* Case as published: "child" is not CHILD. */
	assert_int_equal(run(f, "child,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n", EPISODE_COLS, NULL), -1);
	assert_string_equal(f->got, "Header.csv:1:1: 'child' is not a column of Header.csv: its columns are CHILD, SEX, "
	                            "DOB, ETHNIC, UPN, MOTHER, MC_DOB\n"
	                            "Header.csv:1:1: the column 'CHILD' is missing\n");
}

static void test_missing_files_and_empty_file(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, NULL, NULL, NULL), -1);
	assert_string_equal(f->got, "Header.csv: the file is missing; every import of SSDA903 files needs Header.csv and "
	                            "Episodes.csv\n"
	                            "Episodes.csv: the file is missing; every import of SSDA903 files needs Header.csv and "
	                            "Episodes.csv\n");
	assert_int_equal(run(f, "", EPISODE_COLS, NULL), -1);
	assert_string_equal(f->got, "Header.csv:1:1: the file is empty: it needs a header row (CHILD, SEX, DOB, ETHNIC, "
	                            "UPN, MOTHER, MC_DOB)\n");
}

static void test_bom_crlf_and_quotes(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, "\xEF\xBB\xBF" "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n\"A1\",1,03/04/2015,WBRI,,,\r\n",
	                     EPISODE_COLS "A1,01/02/2020,S,C2,N1,U1,PR1,,,,\"M1 1AA\",\"EH4\n1AB\",\"SC1, 2\"\n", NULL),
	                 -1);
	assert_string_equal(f->got, "Episodes.csv:2:42: PL_POST is not a postcode or a postcode district\n");
	assert_int_equal(run(f, "\xEF\xBB\xBF" "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n\"A1\",1,03/04/2015,WBRI,,,\r\n",
	                     EPISODE_COLS "A1,01/02/2020,S,C2,N1,U1,PR1,,,,\"M1 1AA\",\"EH4 1AB\",\"SC1, 2\"\n", NULL),
	                 0);
	assert_string_equal(f->b.placements.v[0].location, "EH4");
	assert_string_equal(f->b.placements.v[0].home, "M1");
	assert_string_equal(f->b.text.p + f->b.placements.v[0].provider, "SC1, 2");
}

static void test_unknown_child_and_duplicate(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, HEADER_COLS "A1,1,03/04/2015,WBRI,,,\nA1,2,03/04/2016,WBRI,,,\n",
	                     EPISODE_COLS "B7,01/02/2020,S,C2,N1,U1,PR1,,,,,,\n", NULL),
	                 -1);
	assert_string_equal(f->got, "Header.csv:3:1: this child is already on line 2\n"
	                            "Episodes.csv:2:1: this child is not in Header.csv\n");
	/* Before the date of birth. */
	assert_int_equal(run_rows(f, "A1,01/02/2014,S,C2,N1,U1,PR1,,,,,,\n"), -1);
	assert_string_equal(f->got, "Episodes.csv:2:4: '01/02/2014' is before the child's date of birth\n");
}

static void test_overlapping_episodes(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run_rows(f, "A1,01/02/2020,S,C2,N1,U1,PR1,01/06/2020,E4A,,,,\n"
	                             "A1,01/05/2020,S,C2,N1,U1,PR1,01/07/2020,E4A,,,,\n"
	                             "A2,01/02/2020,S,C2,N1,U1,PR1,,,,,,\n"
	                             "A2,01/03/2020,P,C2,N1,U1,PR1,,,,,,\n"
	                             "A2,01/03/2020,P,C2,N1,U4,PR1,,,,,,\n"),
	                 -1);
	assert_string_equal(f->got, "Episodes.csv:3:4: this episode overlaps the child's episode on line 2\n"
	                            "Episodes.csv:5:4: this episode overlaps the child's episode on line 4\n"
	                            "Episodes.csv:6:4: this episode overlaps the child's episode on line 5\n");
	assert_int_equal(f->b.episodes.n, 0);
	assert_int_equal(f->b.placements.n, 0);
}

static void test_chain_rules(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run_rows(f, "A1,01/02/2020,P,C2,N1,U1,PR1,01/03/2020,E4A,,,,\n"
	                             "A1,01/04/2020,L,C2,N1,U1,PR1,01/05/2020,X1,,,,\n"
	                             "A1,01/05/2020,S,C2,N1,U1,PR1,01/06/2020,X1,,,,\n"
	                             "A1,01/07/2020,L,C1,N1,U4,PR1,01/08/2020,X1,,,,\n"),
	                 -1);
	assert_string_equal(f->got,
	                    "Episodes.csv:3:15: RNE is L, but the child's episode on line 2 ended the period of care (REC "
	                    "E4A): the next one starts with RNE S\n"
	                    "Episodes.csv:4:15: RNE is S (a new period of care), but the child's episode on line 3 ended "
	                    "with REC X1 (a new episode follows in the same period)\n"
	                    "Episodes.csv:5:4: the child's episode on line 4 ended on 2020-06-01 with REC X1, so the next "
	                    "episode starts that day, but this one starts later\n"
	                    "Episodes.csv:5:23: RNE is L (a change of legal status only), but PLACE changes from U1 to "
	                    "U4: use B for a change of both\n"
	                    "Episodes.csv:5:41: REC is X1 (a new episode follows), but the child has no later episode\n");
}

static void test_problem_limit(void **state)
{
	struct fx *f = *state;
	struct buf ep = {0};
	buf_puts(&ep, EPISODE_COLS);
	for (int i = 0; i < 150; i++)
		buf_puts(&ep, "A1,31/31/2020,S,C2,N1,U1,PR1,,,,,,\n");
	assert_int_equal(run(f, header_ok, buf_str(&ep), NULL), -1);
	buf_free(&ep);
	assert_non_null(strstr(f->got, "Episodes.csv:101:4: '31/31/2020' is not a date: write a real date as "
	                                "DD/MM/YYYY\nand 50 more problems\n"));
	assert_null(strstr(f->got, "Episodes.csv:102:"));
	assert_string_equal(f->e.msg, "150 problems in the records: nothing was imported");
}

static void test_council_must_be_scottish(void **state)
{
	struct fx *f = *state;
	records_free(&f->b);
	records_init(&f->b, "E09000001", 2025);
	json_t *problems = json_array();
	struct records_input in[1] = {{(enum records_file)SSDA903_HEADER, "Header.csv", header_ok, strlen(header_ok)}};
	assert_int_equal(records_read_ssda903(&f->b, in, 1, "", problems, &f->e), -1);
	assert_int_equal(f->e.code, KERR_USAGE);
	assert_string_equal(f->e.msg, "'E09000001' is not a council area's code (data/council-areas.csv lists them)");
	assert_int_equal(json_array_size(problems), 0);
	json_decref(problems);
}

static void test_file_names(void **state)
{
	(void)state;
	assert_int_equal(ssda903_file_of("Header.csv"), SSDA903_HEADER);
	assert_int_equal(ssda903_file_of("episodes.CSV"), SSDA903_EPISODES);
	assert_int_equal(ssda903_file_of("placedadoption.csv"), SSDA903_PLACED_ADOPTION);
	assert_int_equal(ssda903_file_of("PREVPERM.csv"), SSDA903_PREV_PERM);
	assert_int_equal(ssda903_file_of("Missing.csv"), SSDA903_MISSING);
	assert_int_equal(ssda903_file_of("children.csv"), -1);
	assert_true(ssda903_file_read(SSDA903_PREV_PERM));
	assert_false(ssda903_file_read(SSDA903_PLACED_ADOPTION));
	assert_false(ssda903_file_read(SSDA903_REVIEWS));
	assert_false(ssda903_file_read(SSDA903_OC3));
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_set_is_read_field_by_field),
		T(test_place_table),
		T(test_rec_table),
		T(test_ls_table),
		T(test_short_breaks_alone_are_left_out),
		T(test_ethnic_and_sex_tables),
		T(test_postcode_decides_where),
		T(test_prev_perm_gives_breakdowns),
		T(test_first_row_may_continue_a_period),
		T(test_period_starting_the_day_the_last_ended),
		T(test_bad_dates),
		T(test_unknown_codes),
		T(test_a_code_like_a_child_id_is_not_quoted),
		T(test_provider_needed_for_k2_and_foster),
		T(test_provider_sector_and_service),
		T(test_dec_and_rec_go_together),
		T(test_missing_and_extra_columns),
		T(test_missing_files_and_empty_file),
		T(test_bom_crlf_and_quotes),
		T(test_unknown_child_and_duplicate),
		T(test_overlapping_episodes),
		T(test_chain_rules),
		T(test_problem_limit),
		T(test_council_must_be_scottish),
		T(test_file_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
