/* Unit tests for src/money/scenario.c: each check of a scenario (a message on its path),
 * the file format read with FILE:LINE:COLUMN messages, written back the same, and an
 * effect in words. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/embed.h"
#include "money/money.h"
#include "plan/scenario.h"
#include "plan/plan.h"
#include "store/store.h"
#include "testutil.h"

static const char good_file[] =
    "{\n"
    "  \"slug\": \"wfwf\",\n"
    "  \"name\": \"Whole Family Wellbeing Fund\",\n"
    "  \"area\": \"S92000003\",\n"
    "  \"owner\": null,\n"
    "  \"description\": \"Made up.\",\n"
    "  \"made_up\": true,\n"
    "  \"investments\": [\n"
    "    {\"what\": \"Family support\", \"per_year\": 50000000, \"from\": \"2022-04-01\", \"to\": "
    "\"2023-03-31\",\n"
    "     \"payer\": \"Scottish Government\", \"pooled\": true, \"pooled_with\": \"councils\"},\n"
    "    {\"what\": \"More\", \"per_year\": 1234.5, \"from\": \"2023-04-01\", \"to\": null,\n"
    "     \"payer\": null, \"pooled\": false, \"pooled_with\": null}\n"
    "  ],\n"
    "  \"effects\": [\n"
    "    {\"kind\": \"entries\", \"type\": null, \"band\": null, \"low_pct\": -15, \"high_pct\": -5,\n"
    "     \"starts_after_months\": 18, \"ramp_months\": 12},\n"
    "    {\"kind\": \"move\", \"from_type\": \"residential_council_home\", \"to_type\": \"foster_council\",\n"
    "     \"band\": \"10_15\", \"low_pct\": 10, \"high_pct\": 20.5, \"starts_after_months\": 0, "
    "\"ramp_months\": 0},\n"
    "    {\"kind\": \"leaving\", \"type\": \"kinship\", \"band\": null, \"low_pct\": -5, \"high_pct\": 5,\n"
    "     \"starts_after_months\": 1, \"ramp_months\": 1}\n"
    "  ]\n"
    "}\n";

static struct money_scenario sc;
static struct money_scenario_about ab;

static int read_good(void)
{
	json_t *msgs = json_array();
	int n = money_scenario_read_file("s.json", good_file, strlen(good_file), &sc, &ab, msgs);
	if (n)
		fail_msg("good file: %s", json_string_value(json_array_get(msgs, 0)));
	json_decref(msgs);
	return n;
}

/* The message problems holds for path, containing part, or fails. */
static void has(json_t *problems, const char *path, const char *part)
{
	const char *m = json_string_value(json_object_get(problems, path));
	if (!m) {
		char *dump = json_dumps(problems, 0);
		fail_msg("no message for %s in %s", path, dump ? dump : "?");
	}
	if (!strstr(m, part))
		fail_msg("%s: '%s' does not say '%s'", path, m, part);
}

static void test_good_file(void **state)
{
	(void)state;
	assert_int_equal(read_good(), 0);
	assert_string_equal(ab.slug, "wfwf");
	assert_string_equal(ab.area, MONEY_SCOTLAND);
	assert_string_equal(ab.owner, "");
	assert_true(ab.made_up);
	assert_int_equal(sc.ninvestments, 2);
	assert_int_equal(sc.neffects, 3);
	assert_true(sc.investments[0].per_year == 50000000);
	assert_int_equal(sc.investments[0].starts, date_days((struct kdate){2022, 4, 1}));
	assert_int_equal(sc.investments[0].ends, date_days((struct kdate){2023, 3, 31}));
	assert_int_equal(sc.investments[1].ends, RECORDS_OPEN);
	assert_true(sc.investments[0].pooled);
	assert_int_equal(sc.effects[0].kind, ME_ENTRIES);
	assert_int_equal(sc.effects[0].from_type, -1);
	assert_int_equal(sc.effects[0].band, -1);
	assert_true(sc.effects[0].low_pct == -15 && sc.effects[0].high_pct == -5);
	assert_int_equal(sc.effects[0].starts_after_months, 18);
	assert_int_equal(sc.effects[1].kind, ME_MOVE);
	assert_int_equal(sc.effects[1].from_type, money_type_of("residential_council_home"));
	assert_int_equal(sc.effects[1].to_type, money_type_of("foster_council"));
	assert_int_equal(sc.effects[1].band, MB_10_15);
	assert_int_equal(sc.effects[2].kind, ME_LEAVING);
	assert_int_equal(sc.effects[2].from_type, money_type_of("kinship"));
}

/* Written back and read again: the same scenario, and the same text written. */
static void test_round_trip(void **state)
{
	(void)state;
	read_good();
	json_t *out = money_scenario_to_json(&sc, &ab);
	char *text = json_dumps(out, JSON_INDENT(2));
	struct money_scenario sc2;
	struct money_scenario_about ab2;
	json_t *msgs = json_array();
	assert_int_equal(money_scenario_read_file("again.json", text, strlen(text), &sc2, &ab2, msgs), 0);
	assert_memory_equal(&sc, &sc2, sizeof sc);
	assert_memory_equal(&ab, &ab2, sizeof ab);
	json_t *out2 = money_scenario_to_json(&sc2, &ab2);
	assert_true(json_equal(out, out2));
	/* Whole numbers are written as integers, others as they are. */
	assert_true(json_is_integer(
	    json_object_get(json_array_get(json_object_get(out, "investments"), 0), "per_year")));
	assert_true(json_is_real(
	    json_object_get(json_array_get(json_object_get(out, "investments"), 1), "per_year")));
	free(text);
	json_decref(out);
	json_decref(out2);
	json_decref(msgs);
}

static void test_checks(void **state)
{
	(void)state;
	read_good();
	json_t *p = json_object();
	assert_int_equal(money_scenario_check(&sc, &ab, p), 0);

	struct money_scenario s = sc;
	struct money_scenario_about a = ab;
	s.effects[0].low_pct = -100.5;                       /* below -100% */
	s.effects[1].low_pct = 30;                           /* low above high (20.5) */
	s.effects[2].from_type = MONEY_NTYPES;               /* no such type */
	s.effects[2].band = MB_NBANDS;                       /* no such band */
	s.investments[0].ends = s.investments[0].starts - 1; /* ends before it starts */
	s.investments[1].per_year = -1;                      /* below 0 */
	s.name[0] = '\0';                                    /* no name */
	strcpy(a.area, "S1200");                             /* not a code */
	strcpy(a.slug, "Not A Slug");
	assert_int_equal(money_scenario_check(&s, &a, p), 9);
	has(p, "effects[0].low_pct", "-100.5%");
	has(p, "effects[0].low_pct", "impossible");
	has(p, "effects[1].high_pct", "low end");
	has(p, "effects[2].type", "no such placement type");
	has(p, "effects[2].band", "no such age band");
	has(p, "investments[0].to", "ends before it starts");
	has(p, "investments[1].per_year", "0 or more");
	has(p, "name", "give the scenario a name");
	has(p, "area", "Scotland");
	has(p, "slug", "small letters");
	json_decref(p);

	/* A move: both types, and not the same. */
	p = json_object();
	s = sc;
	s.effects[1].to_type = s.effects[1].from_type;
	s.effects[0].kind = ME_MOVE; /* from_type -1: none */
	s.effects[0].to_type = 2;
	assert_int_equal(money_scenario_check(&s, NULL, p), 2);
	has(p, "effects[1].to_type", "another placement type");
	has(p, "effects[0].from_type", "needs the placement type");
	json_decref(p);

	/* Too many; a pooled budget with no one; months out of range. */
	p = json_object();
	s = sc;
	s.neffects = MONEY_MAX_EFFECTS + 1;
	s.ninvestments = MONEY_MAX_INVESTMENTS + 1;
	for (size_t i = 1; i < MONEY_MAX_EFFECTS; i++)
		s.effects[i] = sc.effects[0];
	for (size_t i = 1; i < MONEY_MAX_INVESTMENTS; i++)
		s.investments[i] = sc.investments[1];
	s.investments[0].pooled_with[0] = '\0';
	s.effects[0].starts_after_months = -1;
	s.effects[0].ramp_months = 601;
	assert_int_equal(money_scenario_check(&s, NULL, p), 5);
	has(p, "effects", "at most 16");
	has(p, "investments", "at most 16");
	has(p, "investments[0].pooled_with", "with whom");
	has(p, "effects[0].starts_after_months", "0 to 600");
	has(p, "effects[0].ramp_months", "0 to 600");
	json_decref(p);
}

/* The message for the first problem of text, which must have exactly n. */
static const char *file_problem(const char *text, int n, size_t k)
{
	static char out[1200];
	json_t *msgs = json_array();
	struct money_scenario s;
	struct money_scenario_about a;
	int got = money_scenario_read_file("f.json", text, strlen(text), &s, &a, msgs);
	if (got != n)
		fail_msg("%d problems, not %d: %s", got, n, json_string_value(json_array_get(msgs, 0)));
	snprintf(out, sizeof out, "%s", json_string_value(json_array_get(msgs, k)));
	json_decref(msgs);
	return out;
}

static void test_file_messages(void **state)
{
	(void)state;
	/* not JSON: jansson's own message and place */
	const char *m = file_problem("{\n  \"slug\": \n}", 1, 0);
	assert_true(strncmp(m, "f.json:3:1: ", 12) == 0);
	/* a rate change below -100%: where its value is */
	m = file_problem("{\"slug\": \"a\", \"name\": \"A\",\n \"effects\": [{\"kind\": \"entries\",\n"
	                 "   \"low_pct\": -150, \"high_pct\": -5}]}",
	                 1, 0);
	assert_string_equal(
	    m, "f.json:3:15: effect 1: a change of -150% is impossible: a rate cannot fall by more "
	       "than 100% (-100 means none at all)");
	/* an unknown type, an unknown key, an end before its start: each where it is, in order */
	const char *bad =
	    "{\"slug\": \"a\", \"name\": \"A\",\n"
	    " \"investments\": [{\"what\": \"x\", \"per_year\": 5, \"from\": \"2024-04-01\",\n"
	    "   \"to\": \"2023-04-01\"}],\n"
	    " \"effects\": [{\"kind\": \"move\", \"from_type\": \"castle\", \"to_type\": \"kinship\",\n"
	    "   \"colour\": 1, \"low_pct\": 1, \"high_pct\": 2}]}";
	m = file_problem(bad, 3, 0);
	assert_string_equal(m, "f.json:3:10: investment 1: it ends before it starts");
	m = file_problem(bad, 3, 1);
	assert_true(strncmp(m, "f.json:4:44: 'from_type': no such placement type", 48) == 0);
	m = file_problem(bad, 3, 2);
	assert_true(strncmp(m, "f.json:5:14: unknown key 'colour'", 33) == 0);
	/* a missing name, a wrong kind of value */
	m = file_problem("{\"slug\": \"a\", \"made_up\": \"yes\"}", 2, 0);
	assert_string_equal(m, "f.json:1:1: 'name' is missing");
	m = file_problem("{\"slug\": \"a\", \"made_up\": \"yes\"}", 2, 1);
	assert_string_equal(m, "f.json:1:26: 'made_up' must be true or false");
	/* not an object */
	m = file_problem("[1]", 1, 0);
	assert_true(strncmp(m, "f.json:1:1: a scenario is an object", 35) == 0);
}

static void test_words(void **state)
{
	(void)state;
	read_good();
	struct buf b = {0};
	money_effect_words(&sc.effects[0], &b);
	assert_string_equal(buf_str(&b),
	                    "fewer children coming into care: 5% to 15% fewer, from 18 months after the "
	                    "money starts, growing to its full size over 12 months");
	buf_reset(&b);
	money_effect_words(&sc.effects[1], &b);
	assert_string_equal(buf_str(&b),
	                    "more moves of children from one placement to another (from: residential "
	                    "home, council; to: foster care, council) aged 10 to 15: 10% to 20.5% more, "
	                    "from when the money starts");
	buf_reset(&b);
	money_effect_words(&sc.effects[2], &b);
	assert_string_equal(
	    buf_str(&b), "children leaving care (placement: with kinship carers): from 5% fewer to 5% more, "
	                 "from 1 month after the money starts, growing to its full size over 1 month");
	buf_free(&b);
}

/* Too many investments or effects in a file: said once, at the list. */
static void test_too_many(void **state)
{
	(void)state;
	json_t *v = json_pack("{s:s, s:s, s:[], s:[]}", "slug", "a", "name", "A", "investments", "effects");
	for (int i = 0; i < MONEY_MAX_EFFECTS + 1; i++) {
		json_array_append_new(
		    json_object_get(v, "effects"),
		    json_pack("{s:s, s:i, s:i}", "kind", "entries", "low_pct", -5, "high_pct", 5));
		json_array_append_new(
		    json_object_get(v, "investments"),
		    json_pack("{s:s, s:i, s:s}", "what", "x", "per_year", 1, "from", "2024-04-01"));
	}
	json_t *p = json_object();
	assert_int_equal(money_scenario_from_json(v, &sc, &ab, p), 2);
	has(p, "effects", "too many effects: at most 16");
	has(p, "investments", "too many investments: at most 16");
	json_decref(p);
	json_decref(v);
}

/* Who may write a scenario: staff and admins any; an editor their organisation's only,
 * and only for its area: a council's body its council area, a national body Scotland. */
static void test_may_write(void **state)
{
	(void)state;
	char dir[512], path[600];
	assert_int_equal(testutil_make_dir(dir, sizeof dir, "scenario"), 0);
	snprintf(path, sizeof path, "%s/keep.db", dir);
	struct kerr e = {0};
	struct store *s = store_open(path, STORE_CREATE, &e);
	assert_non_null(s);
	assert_int_equal(plan_content_load(s, true, &e), 0);
	json_t *staff = json_pack("{s:s}", "role", "staff"), *admin = json_pack("{s:s}", "role", "admin"),
	       *ed = json_pack("{s:s, s:s}", "role", "editor", "organisation", "cosla"),
	       *local = json_pack("{s:s, s:s}", "role", "editor", "organisation", "clackmannanshire-alliance"),
	       *board = json_pack("{s:s}", "role", "board"), *viewer = json_pack("{s:s}", "role", "viewer");
	const char *scot = MONEY_SCOTLAND, *clacks = "S12000005", *fife = "S12000047";
	assert_true(scenario_may_write(s, staff, NULL, fife));
	assert_true(scenario_may_write(s, admin, "cosla", clacks));
	assert_true(scenario_may_write(s, ed, "cosla", scot));
	assert_false(scenario_may_write(s, ed, "cosla", clacks)); /* a national body: Scotland only */
	assert_false(scenario_may_write(s, ed, "scottish-government", scot));
	assert_false(scenario_may_write(s, ed, NULL, scot));
	assert_false(scenario_may_write(s, ed, "", scot));
	assert_true(scenario_may_write(s, local, "clackmannanshire-alliance", clacks));
	assert_false(scenario_may_write(s, local, "clackmannanshire-alliance", fife));
	assert_false(scenario_may_write(s, local, "clackmannanshire-alliance", scot));
	assert_true(scenario_area_theirs(s, local, clacks));
	assert_false(scenario_area_theirs(s, local, fife));
	assert_true(scenario_area_theirs(s, staff, fife));
	assert_false(scenario_may_write(s, board, NULL, scot));
	assert_false(scenario_may_write(s, viewer, "cosla", scot));
	assert_false(scenario_may_write(s, NULL, NULL, scot));
	json_decref(local);
	store_close(s);
	testutil_remove_dir(dir);
	json_decref(staff);
	json_decref(admin);
	json_decref(ed);
	json_decref(board);
	json_decref(viewer);
}

/* The demo's scenarios pass every check: each written back as a file and read. */
static void test_demo_scenarios(void **state)
{
	(void)state;
	/* the file as built into keep, which keep init --demo loads */
	const struct embedded_file *f = embedded_find("data/demo-scenarios.json");
	assert_non_null(f);
	json_error_t je;
	json_t *file = json_loadb((const char *)f->data, f->len, 0, &je);
	if (!file)
		fail_msg("data/demo-scenarios.json: %s", je.text);
	json_t *list = json_object_get(file, "scenarios");
	assert_true(json_array_size(list) >= 1);
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		char *text = json_dumps(v, 0);
		json_t *msgs = json_array();
		int n = money_scenario_read_file("demo", text, strlen(text), &sc, &ab, msgs);
		if (n)
			fail_msg("demo scenario %zu: %s", i, json_string_value(json_array_get(msgs, 0)));
		/* Made up, and its description says so. */
		assert_true(ab.made_up);
		assert_non_null(strstr(ab.description, "made up"));
		json_decref(msgs);
		free(text);
	}
	json_decref(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_file), cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_checks),    cmocka_unit_test(test_file_messages),
	    cmocka_unit_test(test_words),     cmocka_unit_test(test_demo_scenarios),
	    cmocka_unit_test(test_too_many),  cmocka_unit_test(test_may_write),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
