/* Unit tests for src/place/adjacency.c: the council table and which councils are next to
 * each other (docs/places.md "Councils next to each other"), read from the files built
 * into keep. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "place/place.h"

static void test_reads_whole(void **state)
{
	(void)state;
	struct kerr e = {0};
	assert_int_equal(place_adjacency_check(&e), 0);
	for (int i = 0; i < PLACE_NCOUNCILS; i++) {
		assert_non_null(place_council_code(i));
		assert_int_equal(place_council_index(place_council_code(i)), i);
	}
	assert_null(place_council_code(PLACE_NCOUNCILS));
	assert_null(place_council_code(-1));
	assert_string_equal(place_council_name(place_council_index("S12000049")), "Glasgow City");
}

static void test_symmetric_and_reflexive(void **state)
{
	(void)state;
	for (int i = 0; i < PLACE_NCOUNCILS; i++) {
		const char *a = place_council_code(i);
		assert_true(place_near_home(a, a));
		for (int j = 0; j < PLACE_NCOUNCILS; j++) {
			const char *b = place_council_code(j);
			assert_int_equal(place_near_home(a, b), place_near_home(b, a));
		}
	}
}

/* Each council's number of neighbours, as data/council-adjacency.csv holds them. */
static void test_neighbour_counts(void **state)
{
	(void)state;
	static const struct {
		const char *code;
		int n;
	} want[] = {
	    {"S12000005", 3}, /* Clackmannanshire */
	    {"S12000006", 4}, /* Dumfries and Galloway */
	    {"S12000008", 5}, /* East Ayrshire */
	    {"S12000010", 3}, /* East Lothian */
	    {"S12000011", 5}, /* East Renfrewshire */
	    {"S12000013", 0}, /* Na h-Eileanan Siar */
	    {"S12000014", 3}, /* Falkirk */
	    {"S12000017", 4}, /* Highland */
	    {"S12000018", 2}, /* Inverclyde */
	    {"S12000019", 3}, /* Midlothian */
	    {"S12000020", 2}, /* Moray */
	    {"S12000021", 5}, /* North Ayrshire */
	    {"S12000023", 0}, /* Orkney Islands */
	    {"S12000026", 6}, /* Scottish Borders */
	    {"S12000027", 0}, /* Shetland Islands */
	    {"S12000028", 3}, /* South Ayrshire */
	    {"S12000029", 7}, /* South Lanarkshire */
	    {"S12000030", 7}, /* Stirling */
	    {"S12000033", 1}, /* Aberdeen City */
	    {"S12000034", 5}, /* Aberdeenshire */
	    {"S12000035", 4}, /* Argyll and Bute */
	    {"S12000036", 4}, /* City of Edinburgh */
	    {"S12000038", 4}, /* Renfrewshire */
	    {"S12000039", 4}, /* West Dunbartonshire */
	    {"S12000040", 5}, /* West Lothian */
	    {"S12000041", 3}, /* Angus */
	    {"S12000042", 2}, /* Dundee City */
	    {"S12000045", 4}, /* East Dunbartonshire */
	    {"S12000047", 2}, /* Fife */
	    {"S12000048", 8}, /* Perth and Kinross */
	    {"S12000049", 6}, /* Glasgow City */
	    {"S12000050", 6}, /* North Lanarkshire */
	};
	assert_int_equal(sizeof want / sizeof want[0], PLACE_NCOUNCILS);
	int total = 0;
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
		int n = 0;
		for (int j = 0; j < PLACE_NCOUNCILS; j++)
			if (strcmp(place_council_code(j), want[k].code) != 0 && place_near_home(want[k].code, place_council_code(j)))
				n++;
		if (n != want[k].n)
			fail_msg("%s has %d neighbours, not %d", want[k].code, n, want[k].n);
		total += n;
	}
	assert_int_equal(total, 2 * 60); /* 60 pairs */
}

static void test_known_pairs(void **state)
{
	(void)state;
	assert_true(place_near_home("S12000049", "S12000050"));  /* Glasgow City, North Lanarkshire */
	assert_true(place_near_home("S12000036", "S12000040"));  /* City of Edinburgh, West Lothian */
	assert_true(place_near_home("S12000048", "S12000042"));  /* Perth and Kinross, Dundee City */
	/* across water only: never next to each other */
	assert_false(place_near_home("S12000047", "S12000036")); /* Fife, City of Edinburgh (the Forth) */
	assert_false(place_near_home("S12000047", "S12000042")); /* Fife, Dundee City (the Tay) */
	assert_false(place_near_home("S12000017", "S12000023")); /* Highland, Orkney Islands */
	/* far apart */
	assert_false(place_near_home("S12000006", "S12000034")); /* Dumfries and Galloway, Aberdeenshire */
	/* not council areas */
	assert_false(place_near_home("S12000049", ""));
	assert_false(place_near_home("", ""));
	assert_false(place_near_home("E06000001", "E06000001"));
	assert_false(place_near_home(NULL, "S12000049"));
	assert_int_equal(place_council_index("S1200004"), -1);
	assert_int_equal(place_council_index("S120000499"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reads_whole),
	    cmocka_unit_test(test_symmetric_and_reflexive),
	    cmocka_unit_test(test_neighbour_counts),
	    cmocka_unit_test(test_known_pairs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
