/* Unit tests for src/place/crossborder.c: the register of cross-border placements into
 * Scottish services (docs/places.md "Where children live now"). Each refusal states the
 * exact message a person reads; each input is copied into a buffer of exactly its length
 * so that AddressSanitizer catches a read past it. */
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

#define HEAD "regno,placing_authority,date_in,date_out\n"

/* Three services: a residential house in Fife, a fostering service in Glasgow, and a
 * residential school in England (outside Scotland). */
static struct place_service svc[3];

static int setup(void **state)
{
	(void)state;
	setenv("KEEP_TODAY", "2026-01-15", 1);
	memset(svc, 0, sizeof svc);
	snprintf(svc[0].regno, sizeof svc[0].regno, "CS2020000002");
	snprintf(svc[0].council, sizeof svc[0].council, "S12000047"); /* Fife */
	svc[0].type = PT_RESIDENTIAL_HOUSE;
	snprintf(svc[1].regno, sizeof svc[1].regno, "CS2003000001");
	snprintf(svc[1].council, sizeof svc[1].council, "S12000049"); /* Glasgow City */
	svc[1].type = PT_FOSTERING;
	snprintf(svc[2].regno, sizeof svc[2].regno, "SC999999");
	svc[2].outside_scotland = true;
	svc[2].type = PT_RESIDENTIAL_SCHOOL;
	return 0;
}

static int read_text(const char *text, struct place_crossborder **r, size_t *n, struct kerr *e)
{
	size_t len = strlen(text);
	char *copy = malloc(len ? len : 1);
	memcpy(copy, text, len);
	int rc = place_crossborder_read(copy, len, "crossborder.csv", svc, 3, r, n, e);
	free(copy);
	return rc;
}

static void refused(const char *text, const char *want)
{
	struct place_crossborder *r = (struct place_crossborder *)1;
	size_t n = 99;
	struct kerr e = {0};
	if (read_text(text, &r, &n, &e) != -1)
		fail_msg("accepted: %s", text);
	assert_null(r);
	assert_int_equal(n, 0);
	assert_int_equal(e.code, KERR_INVALID);
	if (strcmp(e.msg, want) != 0)
		fail_msg("message\n  got:  %s\n  want: %s", e.msg, want);
}

static int32_t day(int y, int m, int d) { return (int32_t)date_days((struct kdate){y, m, d}); }

static void test_reads_rows(void **state)
{
	(void)state;
	struct place_crossborder *r;
	size_t n;
	struct kerr e = {0};
	/* Columns in any order; a blank line skipped. */
	if (read_text("date_out,regno,date_in,placing_authority\n"
	              ",CS2020000002,2025-06-01,E08000025\n"
	              "\n"
	              "2025-07-31,CS2003000001,2025-01-10,W06000015\n",
	              &r, &n, &e) != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].regno, "CS2020000002");
	assert_string_equal(r[0].authority, "E08000025");
	assert_int_equal(r[0].date_in, day(2025, 6, 1));
	assert_int_equal(r[0].date_out, RECORDS_OPEN);
	assert_int_equal(r[1].date_out, day(2025, 7, 31));
	free(r);
	/* A file of its header only: an empty register. */
	assert_int_equal(read_text(HEAD, &r, &n, &e), 0);
	assert_int_equal(n, 0);
	free(r);
}

static void test_refusals(void **state)
{
	(void)state;
	refused("", "crossborder.csv:1:1: the file is empty: it needs a header row (regno, placing_authority, date_in, "
	            "date_out)");
	refused("regno,placing_authority,date_in,date_out,name\n",
	        "crossborder.csv:1:42: column 5 of the header is not a column of the register of cross-border placements: "
	        "its columns are regno, placing_authority, date_in, date_out");
	refused("regno,placing_authority,date_in\n", "crossborder.csv:1:1: the column 'date_out' is missing");
	refused("regno,regno,placing_authority,date_in,date_out\n", "crossborder.csv:1:7: the column 'regno' is there twice");
	refused(HEAD "CS2020000002,E08000025,2025-06-01\n", "crossborder.csv:2:1: this row has 3 fields; the header has 4");
	refused(HEAD "CS0000000000,E08000025,2025-06-01,\n",
	        "crossborder.csv:2:1: regno is not a service in the register of care services");
	refused(HEAD ",E08000025,2025-06-01,\n",
	        "crossborder.csv:2:1: regno is empty; it needs the service's registration number");
	refused(HEAD "SC999999,E08000025,2025-06-01,\n",
	        "crossborder.csv:2:1: regno is a service outside Scotland; this register is of placements into services "
	        "in Scotland");
	refused(HEAD "CS2020000002,S12000036,2025-06-01,\n",
	        "crossborder.csv:2:14: placing_authority is a Scottish code; this register is of placements by "
	        "authorities outside Scotland (E06, E07, E08, E09, E10, W06 or N09 and six digits)");
	refused(HEAD "CS2020000002,E12000001,2025-06-01,\n",
	        "crossborder.csv:2:14: placing_authority is not the code of a council outside Scotland (E06, E07, E08, "
	        "E09, E10, W06 or N09 and six digits, such as E08000025)");
	refused(HEAD "CS2020000002,,2025-06-01,\n",
	        "crossborder.csv:2:14: placing_authority is empty; it needs the code of a council outside Scotland");
	refused(HEAD "CS2020000002,E08000025,2025-02-30,\n",
	        "crossborder.csv:2:24: date_in is not a date: write a real date as YYYY-MM-DD");
	refused(HEAD "CS2020000002,E08000025,1899-12-31,\n",
	        "crossborder.csv:2:24: date_in is not a date: write a real date as YYYY-MM-DD");
	refused(HEAD "CS2020000002,E08000025,,\n",
	        "crossborder.csv:2:24: date_in is empty; it needs a date (YYYY-MM-DD)");
	refused(HEAD "CS2020000002,E08000025,2026-02-01,\n",
	        "crossborder.csv:2:24: date_in, 2026-02-01, is in the future");
	refused(HEAD "CS2020000002,E08000025,2025-06-01,2025-05-31\n",
	        "crossborder.csv:2:35: date_out is before date_in");
	/* All or nothing: a good row before a bad one gives nothing. */
	refused(HEAD "CS2020000002,E08000025,2025-06-01,\nCS2020000002,E08000025,01/06/2025,\n",
	        "crossborder.csv:3:24: date_in is not a date: write a real date as YYYY-MM-DD");
}

static void test_authority_codes(void **state)
{
	(void)state;
	static const char *const good[] = {"E06000001", "E07000008", "E08000025", "E09000033", "E10000002", "W06000015",
	                                   "N09000003"};
	static const char *const bad_codes[] = {"S12000036", "E12000001", "E0800002", "E080000255", "E08A00025", "",
	                                        "W05000001", "N08000001"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_true(place_authority_valid(good[i]));
	for (size_t i = 0; i < sizeof bad_codes / sizeof bad_codes[0]; i++)
		if (place_authority_valid(bad_codes[i]))
			fail_msg("%s taken for a council outside Scotland", bad_codes[i]);
}

/* Counts on a day, worked by hand: a stay counts on its first and last day, and one that
 * goes on on every later day. */
static void test_counts_on_a_day(void **state)
{
	(void)state;
	struct place_crossborder rows[] = {
	    {"CS2020000002", "E08000025", day(2025, 1, 1), RECORDS_OPEN},   /* Fife house, on */
	    {"CS2020000002", "E09000033", day(2025, 3, 1), day(2025, 7, 31)}, /* Fife house, ends on the day */
	    {"CS2020000002", "W06000015", day(2024, 1, 1), day(2025, 7, 30)}, /* ended the day before */
	    {"CS2003000001", "E06000001", day(2025, 7, 31), RECORDS_OPEN},    /* Glasgow fostering, from the day */
	    {"CS2003000001", "E06000001", day(2025, 8, 1), RECORDS_OPEN},     /* not yet */
	    {"SC999999", "E06000001", day(2025, 1, 1), RECORDS_OPEN},         /* outside Scotland: not counted */
	    {"CS7777777777", "E06000001", day(2025, 1, 1), RECORDS_OPEN},     /* no longer in the register */
	};
	long count[PLACE_NCOUNCILS][PT_NTYPES], total;
	place_crossborder_count(rows, sizeof rows / sizeof rows[0], svc, 3, day(2025, 7, 31), count, &total);
	assert_int_equal(total, 3);
	int fife = place_council_index("S12000047"), glasgow = place_council_index("S12000049");
	assert_true(fife >= 0 && glasgow >= 0);
	assert_int_equal(count[fife][PT_RESIDENTIAL_HOUSE], 2);
	assert_int_equal(count[glasgow][PT_FOSTERING], 1);
	long sum = 0;
	for (int c = 0; c < PLACE_NCOUNCILS; c++)
		for (int t = 0; t < PT_NTYPES; t++)
			sum += count[c][t];
	assert_int_equal(sum, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_reads_rows, setup),
	    cmocka_unit_test_setup(test_refusals, setup),
	    cmocka_unit_test(test_authority_codes),
	    cmocka_unit_test_setup(test_counts_on_a_day, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
