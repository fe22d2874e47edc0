/* Unit tests for src/place/request.c: requests for a place (docs/places.md "Requests for a
 * place"). Each refusal states the exact message a person reads; each input is copied
 * into a buffer of exactly its length so that AddressSanitizer catches a read past it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "place/place.h"

#define HEAD "request,band,needs,together,home,school,urgency\n"

static int read_text(const char *text, struct place_request **r, size_t *n, struct kerr *e)
{
	size_t len = strlen(text);
	char *copy = malloc(len ? len : 1);
	memcpy(copy, text, len);
	int rc = place_requests_read(copy, len, "requests.csv", r, n, e);
	free(copy);
	return rc;
}

/* Refused with exactly message want, and nothing given. */
static void refused(const char *text, const char *want)
{
	struct place_request *r = (struct place_request *)1;
	size_t n = 99;
	struct kerr e = {0};
	int rc = read_text(text, &r, &n, &e);
	if (rc != -1)
		fail_msg("accepted: %s", text);
	assert_null(r);
	assert_int_equal(n, 0);
	if (strcmp(e.msg, want) != 0)
		fail_msg("message\n  got:  %s\n  want: %s", e.msg, want);
}

static void test_reads_groups(void **state)
{
	(void)state;
	struct place_request *r;
	size_t n;
	struct kerr e = {0};
	int rc = read_text(HEAD "R1,5_9,,yes,S12000049,S12000049,today\n"
	                        "R2,16_17,mental_health,no,S12000036,,week\n"
	                        "R1,10_15,emotional;learning,yes,S12000049,S12000049,today\n"
	                        "\n"
	                        "R1,under_1,,yes,S12000049,S12000049,today\n",
	                   &r, &n, &e);
	if (rc != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].ref, "R1");
	assert_int_equal(r[0].n, 3);
	assert_true(r[0].together);
	assert_int_equal(r[0].child[0].band, MB_5_9);
	assert_int_equal(r[0].child[0].needs, 0);
	assert_int_equal(r[0].child[1].band, MB_10_15);
	assert_int_equal(r[0].child[1].needs, (1u << PN_EMOTIONAL) | (1u << PN_LEARNING));
	assert_int_equal(r[0].child[2].band, MB_UNDER_1);
	assert_string_equal(r[0].home, "S12000049");
	assert_string_equal(r[0].school, "S12000049");
	assert_int_equal(r[0].urgency, PU_TODAY);
	assert_string_equal(r[1].ref, "R2");
	assert_int_equal(r[1].n, 1);
	assert_false(r[1].together);
	assert_int_equal(r[1].child[0].band, MB_16_17);
	assert_int_equal(r[1].child[0].needs, 1u << PN_MENTAL_HEALTH);
	assert_string_equal(r[1].school, "");
	assert_int_equal(r[1].urgency, PU_WEEK);
	free(r);
}

static void test_columns_in_any_order(void **state)
{
	(void)state;
	struct place_request *r;
	size_t n;
	struct kerr e = {0};
	int rc = read_text("\xEF\xBB\xBFurgency,home,school,together,needs,band,request\r\n"
	                   "month,S12000005,,no,disability,under_1,x-1\r\n",
	                   &r, &n, &e);
	if (rc != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].ref, "x-1");
	assert_string_equal(r[0].home, "S12000005");
	assert_int_equal(r[0].urgency, PU_MONTH);
	assert_int_equal(r[0].child[0].needs, 1u << PN_DISABILITY);
	free(r);
}

static void test_columns_refused(void **state)
{
	(void)state;
	refused("request,band,needs,together,home,school,urgency,first_name\nR1,5_9,,no,S12000049,,today,A\n",
	        "requests.csv:1:49: the column 'first_name' is refused: requests are pseudonymous, so they hold no names, "
	        "dates of birth or record numbers (the columns are request, band, needs, together, home, school, urgency)");
	refused("Date of Birth,request,band,needs,together,home,school,urgency\n",
	        "requests.csv:1:1: the column 'Date of Birth' is refused: requests are pseudonymous, so they hold no names, "
	        "dates of birth or record numbers (the columns are request, band, needs, together, home, school, urgency)");
	refused("request,band,needs,together,home,school,urgency,CHI\n",
	        "requests.csv:1:49: the column 'CHI' is refused: requests are pseudonymous, so they hold no names, "
	        "dates of birth or record numbers (the columns are request, band, needs, together, home, school, urgency)");
	refused("request,band,needs,together,home,school,urgency,placement\n",
	        "requests.csv:1:49: 'placement' is not a column of requests (the columns are request, band, needs, "
	        "together, home, school, urgency)");
	refused("request,band,needs,together,home,urgency\nR1,5_9,,no,S12000049,today\n",
	        "requests.csv:1:1: the column 'school' is missing (the columns are request, band, needs, together, home, "
	        "school, urgency)");
	refused("request,band,band,needs,together,home,school,urgency\n", "requests.csv:1:14: the column 'band' is there twice");
	refused("", "requests.csv: is empty (a header row, then one row per child: request, band, needs, together, home, "
	            "school, urgency)");
	refused(HEAD, "requests.csv: holds no requests (a header row, then one row per child)");
	refused(HEAD "R1,5_9,,no,S12000049,today\n", "requests.csv:2:1: the row has 6 fields, but the header has 7");
}

static void test_fields_refused(void **state)
{
	(void)state;
	refused(HEAD "R1,5_10,,no,S12000049,,today\n",
	        "requests.csv:2:4: '5_10' is not an age band (the bands are under_1, 1_4, 5_9, 10_15, 16_17)");
	refused(HEAD "R1,5_9,emotional;cooking,no,S12000049,,today\n",
	        "requests.csv:2:8: 'cooking' is not a need (the needs are disability, learning, health, emotional, "
	        "mental_health, exploitation, unaccompanied, parent_and_child)");
	refused(HEAD "R1,5_9,,maybe,S12000049,,today\n", "requests.csv:2:9: together is yes or no, not 'maybe'");
	refused(HEAD "R1,5_9,,no,E06000001,,today\n",
	        "requests.csv:2:12: is not the code of one of Scotland's 32 council areas (such as S12000049): 'E06000001'");
	refused(HEAD "R1,5_9,,no,,,today\n",
	        "requests.csv:2:12: the home council is missing (a council area's code, such as S12000049)");
	refused(HEAD "R1,5_9,,no,S12000049,S12000099,today\n",
	        "requests.csv:2:22: is not the code of one of Scotland's 32 council areas (such as S12000049): 'S12000099'");
	refused(HEAD "R1,5_9,,no,S12000049,,soon\n", "requests.csv:2:23: 'soon' is not an urgency (today, week or month)");
	refused(HEAD "R 1,5_9,,no,S12000049,,today\n",
	        "requests.csv:2:1: may hold only letters, digits, '-' and '_': the reference 'R 1'");
	refused(HEAD ",5_9,,no,S12000049,,today\n", "requests.csv:2:1: the request's reference is missing");
	refused(HEAD "R12345678901234567890123456789012,5_9,,no,S12000049,,today\n",
	        "requests.csv:2:1: is longer than 32 characters: the reference 'R12345678901234567890123456789012'");
	refused(HEAD "0101011234,5_9,,no,S12000049,,today\n",
	        "requests.csv:2:1: looks like a CHI number; requests are pseudonymous (use a reference that names no "
	        "child): '0101011234'");
}

static void test_group_rules(void **state)
{
	(void)state;
	refused(HEAD "R1,5_9,,yes,S12000049,,today\n",
	        "requests.csv:2:9: request 'R1' is one child, so together must be no (together is for brothers and sisters)");
	refused(HEAD "R1,5_9,,yes,S12000049,,today\nR1,1_4,,no,S12000049,,today\n",
	        "requests.csv:3:9: together differs from the first row of request 'R1' (requests.csv:2:1): the rows of a "
	        "request give the same together, home, school and urgency");
	refused(HEAD "R1,5_9,,yes,S12000049,,today\nR1,1_4,,yes,S12000050,,today\n",
	        "requests.csv:3:13: home differs from the first row of request 'R1' (requests.csv:2:1): the rows of a "
	        "request give the same together, home, school and urgency");
	refused(HEAD "R1,5_9,,yes,S12000049,,today\nR1,1_4,,yes,S12000049,S12000049,today\n",
	        "requests.csv:3:23: school differs from the first row of request 'R1' (requests.csv:2:1): the rows of a "
	        "request give the same together, home, school and urgency");
	refused(HEAD "R1,5_9,,yes,S12000049,,today\nR1,1_4,,yes,S12000049,,week\n",
	        "requests.csv:3:24: urgency differs from the first row of request 'R1' (requests.csv:2:1): the rows of a "
	        "request give the same together, home, school and urgency");
	/* at most PLACE_MAX_GROUP children */
	char text[2048] = HEAD;
	for (int i = 0; i < PLACE_MAX_GROUP; i++)
		strcat(text, "G,5_9,,yes,S12000049,,today\n");
	struct place_request *r;
	size_t n;
	struct kerr e = {0};
	assert_int_equal(read_text(text, &r, &n, &e), 0);
	assert_int_equal(r[0].n, PLACE_MAX_GROUP);
	free(r);
	strcat(text, "G,5_9,,yes,S12000049,,today\n");
	refused(text, "requests.csv:10:1: request 'G' has more than 8 children (a group of brothers and sisters is at most 8)");
}

static void test_json(void **state)
{
	(void)state;
	json_error_t je;
	json_t *j = json_loads("[{\"request\":\"A\",\"band\":\"1_4\",\"needs\":[\"health\",\"learning\"],\"together\":\"yes\","
	                       "\"home\":\"S12000047\",\"urgency\":\"month\"},"
	                       "{\"request\":\"A\",\"band\":\"under_1\",\"needs\":\"\",\"together\":\"yes\","
	                       "\"home\":\"S12000047\",\"school\":null,\"urgency\":\"month\"}]",
	                       0, &je);
	assert_non_null(j);
	struct place_request *r;
	size_t n;
	struct kerr e = {0};
	if (place_requests_json(j, "requests", &r, &n, &e) != 0)
		fail_msg("%s", e.msg);
	json_decref(j);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].n, 2);
	assert_int_equal(r[0].child[0].needs, (1u << PN_HEALTH) | (1u << PN_LEARNING));
	assert_string_equal(r[0].school, "");
	free(r);

	j = json_loads("[{\"request\":\"A\",\"band\":\"1_4\",\"together\":\"no\",\"home\":\"S12000047\",\"urgency\":\"month\","
	               "\"surname\":\"X\"}]",
	               0, &je);
	assert_int_equal(place_requests_json(j, "requests", &r, &n, &e), -1);
	assert_null(r);
	assert_string_equal(e.msg, "requests[0]: 'surname' is refused: requests are pseudonymous, so they hold no names, "
	                           "dates of birth or record numbers (the members are request, band, needs, together, home, "
	                           "school, urgency)");
	json_decref(j);
	j = json_loads("[{\"request\":\"A\",\"band\":\"1_4\",\"together\":\"no\",\"urgency\":\"month\"}]", 0, &je);
	assert_int_equal(place_requests_json(j, "requests", &r, &n, &e), -1);
	assert_string_equal(e.msg, "requests[0].home: is missing");
	json_decref(j);
	j = json_loads("{\"request\":\"A\"}", 0, &je);
	assert_int_equal(place_requests_json(j, "requests", &r, &n, &e), -1);
	assert_string_equal(e.msg, "requests: is not a list of children (one object per child: request, band, needs, "
	                           "together, home, school, urgency)");
	json_decref(j);
}

static void test_names_child(void **state)
{
	(void)state;
	static const char *const yes[] = {"name", "Name", "first_name", "First Name", "surname", "forename", "child",
	                                  "child_id", "id", "ID", "dob", "date_of_birth", "Date-of-Birth", "chi",
	                                  "CHI number", "nickname", "birthdate"};
	static const char *const no[] = {"request", "band", "needs", "together", "placement", "council", ""};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (!place_request_column_names_child(yes[i], strlen(yes[i])))
			fail_msg("'%s' should be refused as naming a child", yes[i]);
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (place_request_column_names_child(no[i], strlen(no[i])))
			fail_msg("'%s' does not name a child", no[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reads_groups),    cmocka_unit_test(test_columns_in_any_order),
	    cmocka_unit_test(test_columns_refused), cmocka_unit_test(test_fields_refused),
	    cmocka_unit_test(test_group_rules),     cmocka_unit_test(test_json),
	    cmocka_unit_test(test_names_child),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
