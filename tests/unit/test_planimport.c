/* Unit tests for the position index of JSON texts (src/base/jsonpos.c) and the plan
 * import (src/plan/planimport.c): where each value is, how a JSON or CSV plan file is
 * read, and what the import checks and writes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "demodb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsonpos.h"
#include "plan/planimport.h"

/* ---------------------------------------------------------------- the index */

static void assert_at(const struct jsonpos *x, const char *path, size_t line, size_t col)
{
	size_t l = 0, c = 0;
	if (!jsonpos_value(x, path, &l, &c))
		fail_msg("no value at '%s'", path);
	if (l != line || c != col)
		fail_msg("'%s' is at %zu:%zu, expected %zu:%zu", path, l, c, line, col);
}

static void test_index_values(void **state)
{
	(void)state;
	const char *text = "{\n"
	                   "  \"plans\": [\n"
	                   "    {\"slug\": \"a\", \"n\": 12, \"ok\": true},\n"
	                   "    {\"list\": [1, [2, 3], {}], \"x\": null}\n"
	                   "  ]\n"
	                   "}\n";
	struct jsonpos *x = jsonpos_index(text, strlen(text));
	assert_at(x, "", 1, 1);
	assert_at(x, "plans", 2, 12);
	assert_at(x, "plans[0]", 3, 5);
	assert_at(x, "plans[0].slug", 3, 14);
	assert_at(x, "plans[0].n", 3, 24);
	assert_at(x, "plans[0].ok", 3, 34);
	assert_at(x, "plans[1].list", 4, 14);
	assert_at(x, "plans[1].list[1]", 4, 18);
	assert_at(x, "plans[1].list[1][1]", 4, 22);
	assert_at(x, "plans[1].list[2]", 4, 26);
	assert_at(x, "plans[1].x", 4, 36);
	size_t l, c;
	assert_true(jsonpos_key(x, "plans[0].n", &l, &c));
	assert_int_equal(l, 3);
	assert_int_equal(c, 19);
	assert_false(jsonpos_key(x, "plans[0]", &l, &c)); /* an element, not a member */
	assert_false(jsonpos_value(x, "plans[2]", &l, &c));
	assert_false(jsonpos_value(x, "plans[0].nope", &l, &c));
	assert_int_equal(jsonpos_count(x), 14);
	jsonpos_free(x);
}

/* Columns count characters, not bytes, as jansson's messages and the CSV reader do;
 * keys with escapes are found by their decoded text, and keys holding '.' or '[' name
 * one value only. */
static void test_index_characters_and_keys(void **state)
{
	(void)state;
	const char *text = "{\"t\u00eatu\": \"\u00e9\u00e9\", \"z\": 1,\n"
	                   " \"a\\u0062\": 2, \"a.b\": 3, \"a\": {\"b\": 4}, \"q\\\"[0]\": 5}";
	struct jsonpos *x = jsonpos_index(text, strlen(text));
	assert_at(x, "t\u00eatu", 1, 10);
	assert_at(x, "z", 1, 21);
	assert_at(x, "ab", 2, 13);
	struct buf p = {0};
	jsonpos_path_key(&p, "a.b", 3);
	assert_string_equal(buf_str(&p), "a\\.b");
	assert_at(x, buf_str(&p), 2, 23);
	assert_at(x, "a.b", 2, 37);
	buf_reset(&p);
	jsonpos_path_key(&p, "q\"[0]", 5);
	assert_at(x, buf_str(&p), 2, 51);
	buf_free(&p);
	jsonpos_free(x);

	/* An empty key at the top is not the top value: {"": [{}]} (a fuzz find). */
	x = jsonpos_index("{\"\": [{}]}", 11);
	assert_at(x, "", 1, 1);
	buf_reset(&p);
	jsonpos_path_key(&p, "", 0);
	assert_string_equal(buf_str(&p), "\\e");
	assert_at(x, buf_str(&p), 1, 6);
	jsonpos_path_index(&p, 0);
	assert_at(x, buf_str(&p), 1, 7);
	buf_free(&p);
	jsonpos_free(x);
}

/* Text that is not JSON is indexed up to where it stops being JSON, and never read past
 * its length. */
static void test_index_broken(void **state)
{
	(void)state;
	const char *text = "{\"a\": [1, 2, \"x";
	struct jsonpos *x = jsonpos_index(text, strlen(text));
	assert_at(x, "a[1]", 1, 11);
	size_t l, c;
	assert_false(jsonpos_value(x, "a[2]", &l, &c) && c != 14);
	jsonpos_free(x);
	x = jsonpos_index("", 0);
	assert_int_equal(jsonpos_count(x), 0);
	jsonpos_free(x);
	x = jsonpos_index("[[[[", 2); /* only the first two bytes */
	assert_int_equal(jsonpos_count(x), 2);
	jsonpos_free(x);
}

/* ---------------------------------------------------------------- reading files */

static void assert_problems(struct plan_file *f, const char *const *want)
{
	size_t n = 0;
	for (; want[n]; n++)
		;
	if (json_array_size(f->problems) != n) {
		size_t i;
		json_t *m;
		json_array_foreach(f->problems, i, m) fprintf(stderr, "  got: %s\n", json_string_value(m));
		fail_msg("expected %zu problems, got %zu", n, json_array_size(f->problems));
	}
	for (size_t i = 0; i < n; i++)
		assert_string_equal(json_string_value(json_array_get(f->problems, i)), want[i]);
}

static void test_read_json_shapes(void **state)
{
	(void)state;
	struct plan_file f;
	const char *one = "{\"slug\": \"p\", \"title\": \"P\"}";
	assert_int_equal(plan_file_read(&f, "p.json", one, strlen(one), PLAN_FORMAT_GUESS), 0);
	assert_true(f.single);
	assert_int_equal(json_array_size(f.plans), 1);
	/* a problem about plans[0].title is where the one plan's title is */
	plan_file_problem(&f, "plans[0].title", "bad");
	/* a missing key is reported at its object */
	plan_file_problem(&f, "plans[0].starts", "missing");
	assert_problems(&f, (const char *const[]){"p.json:1:24: bad", "p.json:1:1: missing", NULL});
	plan_file_free(&f);

	const char *many = "{\"plans\": [{\"slug\": \"p\"}], \"foundations\": []}";
	assert_int_equal(plan_file_read(&f, "m.json", many, strlen(many), PLAN_FORMAT_JSON), -1);
	assert_false(f.single);
	assert_problems(&f, (const char *const[]){"m.json:1:28: foundations are keep's own and are not imported: a plan "
	                                          "names them by their slugs; leave \"foundations\" out",
	                                          NULL});
	plan_file_free(&f);

	/* One plan of a file in keep's whole shape: its foundations passed over, the plan
	 * kept with its place in the file. */
	const char *whole = "{\"foundations\": [],\n\"plans\": [{\"slug\": \"a\"},\n {\"slug\": \"b\", \"title\": 7}]}";
	char held[64];
	assert_int_equal(plan_file_read_one(&f, "w.json", whole, strlen(whole), PLAN_FORMAT_JSON, "b", held, sizeof held),
	                 0);
	assert_int_equal(json_array_size(f.plans), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(f.plans, 0), "slug")), "b");
	assert_int_equal(f.base, 1);
	plan_file_problem(&f, "plans[1].title", "bad");
	assert_problems(&f, (const char *const[]){"w.json:3:25: bad", NULL});
	plan_file_free(&f);
	assert_int_equal(plan_file_read_one(&f, "w.json", whole, strlen(whole), PLAN_FORMAT_JSON, "zz", held, sizeof held),
	                 1);
	assert_string_equal(held, "a, b");
	plan_file_free(&f);
	assert_int_equal(plan_file_read(&f, "w.json", whole, strlen(whole), PLAN_FORMAT_JSON), -1);
	plan_file_free(&f);

	const char *syntax = "{\"slug\": \"p\",\n \"slug\": \"q\"}";
	assert_int_equal(plan_file_read(&f, "s.json", syntax, strlen(syntax), PLAN_FORMAT_JSON), -1);
	assert_int_equal(json_array_size(f.problems), 1);
	assert_non_null(strstr(json_string_value(json_array_get(f.problems, 0)), "s.json:2:"));
	assert_non_null(strstr(json_string_value(json_array_get(f.problems, 0)), "duplicate"));
	plan_file_free(&f);

	const char *list = "[1]";
	assert_int_equal(plan_file_read(&f, "l.json", list, strlen(list), PLAN_FORMAT_JSON), -1);
	plan_file_free(&f);
}

static const char good_csv[] =
	"kind,parent,slug,title,starts,ends,shape,foundation,foundations,due,text\r\n"
	"plan,,p,P,2024-04-01,2030-03-31,route_maps,,,,\r\n"
	"milestone,i,,,,,,,,2025-01-01,First\r\n"
	"group,p,g,G,,,,voice,,,\r\n"
	"item,g,i,I,,,,,voice; family,,\r\n"
	"\r\n"
	"phase,p,ph,One,2024-04-01,2026-03-31,,,,,\r\n";

static void test_read_csv(void **state)
{
	(void)state;
	struct plan_file f;
	assert_int_equal(plan_file_read(&f, "p.csv", good_csv, strlen(good_csv), PLAN_FORMAT_GUESS), 0);
	assert_int_equal(json_array_size(f.problems), 0);
	json_t *want = json_loads("[{\"slug\": \"p\", \"title\": \"P\", \"starts\": \"2024-04-01\", \"ends\": \"2030-03-31\","
	                          " \"shape\": \"route_maps\","
	                          " \"priorities\": [{\"slug\": \"g\", \"title\": \"G\", \"foundation\": \"voice\","
	                          "   \"actions\": [{\"slug\": \"i\", \"title\": \"I\", \"foundations\": [\"voice\", \"family\"],"
	                          "     \"timeline\": [{\"due\": \"2025-01-01\", \"text\": \"First\"}]}]}],"
	                          " \"phases\": [{\"slug\": \"ph\", \"title\": \"One\", \"starts\": \"2024-04-01\","
	                          "   \"ends\": \"2026-03-31\"}]}]",
	                          0, NULL);
	assert_non_null(want);
	if (!json_equal(want, f.plans)) {
		char *got = json_dumps(f.plans, JSON_INDENT(1));
		fail_msg("got %s", got);
	}
	json_decref(want);
	/* Every value is where its cell is; a value left empty is at its empty cell; a
	 * list's slugs are at the list's cell. */
	plan_file_problem(&f, "plans[0].priorities[0].actions[0].timeline[0].due", "a");
	plan_file_problem(&f, "plans[0].priorities[0].actions[0].foundations[1]", "b");
	plan_file_problem(&f, "plans[0].priorities[0].title", "c");
	plan_file_problem(&f, "plans[0].phases[0].ends", "d");
	plan_file_problem(&f, "plans[0].priorities[0].text", "e");
	plan_file_problem(&f, "plans[0].priorities[0].actions[0].timeline[0].when", "f");
	assert_problems(&f, (const char *const[]){"p.csv:3:20: a", "p.csv:5:16: b", "p.csv:4:11: c", "p.csv:7:27: d",
	                                          "p.csv:4:24: e", "p.csv:3:1: f", NULL});
	plan_file_free(&f);
}

static void test_read_csv_problems(void **state)
{
	(void)state;
	struct plan_file f;
	const char *nocol = "kind,parent,slug,title,ends\nplan,,p,P,2030-03-31\n";
	assert_int_equal(plan_file_read(&f, "a.csv", nocol, strlen(nocol), PLAN_FORMAT_CSV), -1);
	assert_problems(&f, (const char *const[]){"a.csv:1:1: the column 'starts' is missing: a plan row needs it", NULL});
	plan_file_free(&f);

	const char *rows = "kind,parent,slug,title,starts,ends,text,colour\n"
	                   "plan,,p,P,2024-04-01,2030-03-31,,\n"
	                   "widget,p,w,W,,,,\n"
	                   "phase,p,ph,Ph,2024-04-01\n"
	                   "milestone,nowhere,,,,,M,\n"
	                   "group,p,g,G,2024-04-01,,,\n";
	assert_int_equal(plan_file_read(&f, "b.csv", rows, strlen(rows), PLAN_FORMAT_CSV), -1);
	assert_problems(&f, (const char *const[]){
		"b.csv:1:41: unknown column 'colour': the columns are kind, parent, slug, title, summary, starts, ends, status, "
		"shape, source, source_date, years, text, foundation, required, committed, leads_text, next_steps, due, "
		"now, outcomes, foundations, fundamentals, carried_by, when",
		"b.csv:3:1: unknown kind 'widget': a row is a plan, phase, group, item or milestone",
		"b.csv:4:1: expected 8 fields as in the header, found 5",
		"b.csv:6:13: a group row has no starts: leave it empty (a group row fills parent, slug, title, text, "
		"foundation)",
		"b.csv:5:11: there is no item 'nowhere' in this file: a milestone goes under an item row of the same file",
		NULL});
	plan_file_free(&f);

	/* An item whose group is not in the file waits for the store to say whose it is. */
	const char *orphan = "kind,parent,slug,title,starts,ends\nplan,,p,P,2024-04-01,2030-03-31\nitem,voice-x,i,I,,\n";
	assert_int_equal(plan_file_read(&f, "c.csv", orphan, strlen(orphan), PLAN_FORMAT_CSV), -1);
	assert_int_equal(json_array_size(f.problems), 0);
	assert_int_equal(json_array_size(f.orphans), 1);
	plan_file_free(&f);
}

/* ---------------------------------------------------------------- importing */

static const char good_json[] =
	"{\"slug\": \"plan-t\", \"title\": \"Plan T\", \"starts\": \"2024-04-01\", \"ends\": \"2030-03-31\",\n"
	" \"shape\": \"route_maps\",\n"
	" \"phases\": [{\"slug\": \"t-one\", \"title\": \"One\", \"starts\": \"2024-04-01\", \"ends\": \"2026-03-31\"}],\n"
	" \"priorities\": [{\"slug\": \"t-voice\", \"title\": \"Voice\", \"foundation\": \"voice\", \"actions\": [\n"
	"   {\"slug\": \"t-advocacy\", \"title\": \"Advocacy\", \"foundations\": [\"voice\"], \"fundamentals\": [\"rights\"],\n"
	"    \"carried_by\": null, \"now\": \"Now.\", \"outcomes\": \"One\\nTwo\",\n"
	"    \"timeline\": [{\"when\": \"by 2026\", \"due\": \"2026-03-31\", \"text\": \"In place\"}]},\n"
	"   {\"slug\": \"t-second\", \"title\": \"Second\", \"foundations\": [\"voice\", \"care\"]}]}]}\n";

static int run_import(struct demodb *db, const char *name, const char *text, bool replace, struct plan_file *f,
                      struct plan_import_done *d)
{
	plan_file_read(f, name, text, strlen(text), PLAN_FORMAT_GUESS);
	db->e = (struct kerr){0};
	return plan_import(db->s, f, replace, "tester", d, 4, &db->e);
}

static void test_import_writes_and_audits(void **state)
{
	struct demodb *db = *state;
	struct plan_file f;
	struct plan_import_done d[4];
	assert_int_equal(run_import(db, "t.json", good_json, false, &f, d), 1);
	plan_file_free(&f);
	char words[300];
	plan_import_words(&d[0], words, sizeof words);
	assert_string_equal(words, "Plan T: 1 phase, 1 foundation, 2 route maps, 1 milestone imported");
	json_t *a = store_resource_get(db->s, "actions", "t-advocacy", &db->e);
	assert_non_null(a);
	json_decref(a);
	json_t *audit = store_audit_list(db->s, "plan", "plan-t", NULL, &db->e);
	assert_int_equal(json_array_size(audit), 1);
	json_t *after = json_object_get(json_array_get(audit, 0), "after");
	assert_string_equal(json_string_value(json_object_get(after, "file")), "t.json");
	assert_int_equal(json_integer_value(json_object_get(after, "actions")), 2);
	assert_int_equal(json_integer_value(json_object_get(after, "milestones")), 1);
	json_decref(audit);

	/* Again: refused without replace, and nothing written. */
	assert_int_equal(run_import(db, "t.json", good_json, false, &f, d), -1);
	assert_int_equal(json_array_size(f.problems), 1);
	assert_string_equal(json_string_value(json_array_get(f.problems, 0)),
	                    "t.json:1:10: slug: the plan 'plan-t' (Plan T) is already in keep: to change it, "
	                    "import the file again choosing to replace it (--replace)");
	plan_file_free(&f);

	/* A commitment on the second route map: a replace that leaves it out is refused. */
	struct store_commitment c = {.id = "t-commit", .organisation = "cosla", .action = "t-second",
	                             .text = "We will."};
	if (store_begin(db->s, &db->e) < 0 || store_commitment_put(db->s, &c, &db->e) < 0 ||
	    store_commit(db->s, &db->e) < 0)
		fail_msg("%s", db->e.msg);
	char *less = strdup(good_json);
	char *cut = strstr(less, ",\n   {\"slug\": \"t-second\"");
	strcpy(cut, "]}]}\n");
	assert_int_equal(run_import(db, "t.json", less, true, &f, d), -1);
	assert_int_equal(json_array_size(f.problems), 1);
	assert_string_equal(json_string_value(json_array_get(f.problems, 0)),
	                    "t.json:1:10: replacing Plan T would delete the route map 't-second' (Second), which the "
	                    "file leaves out and which has 1 commitment: keep it in the file, or move what hangs off it "
	                    "first");
	plan_file_free(&f);
	/* With it kept, the replace goes through and the commitment keeps its route map. */
	assert_int_equal(run_import(db, "t.json", good_json, true, &f, d), 1);
	assert_true(d[0].replaced);
	plan_file_free(&f);
	json_t *cm = store_resource_get(db->s, "commitments", "t-commit", &db->e);
	assert_non_null(cm);
	assert_string_equal(json_string_value(json_object_get(cm, "action")), "t-second");
	json_decref(cm);
	free(less);
}

/* The rules: every problem, where it is, and nothing written. */
static void test_import_problems(void **state)
{
	struct demodb *db = *state;
	const char *bad = "{\"slug\": \"plan-b\", \"title\": \"Plan B\", \"starts\": \"2024-04-01\", \"ends\": \"2030-03-31\",\n"
	                  " \"shape\": \"route_maps\", \"priorities\": [\n"
	                  "  {\"slug\": \"b-voice\", \"title\": \"Voice\", \"foundation\": \"vioce\", \"actions\": [\n"
	                  "    {\"slug\": \"legislation\", \"title\": \"Law\", \"foundations\": [\"voice\", \"famly\"],\n"
	                  "     \"timeline\": [{\"due\": \"2031-01-01\", \"text\": \"Late\"}]},\n"
	                  "    {\"slug\": \"b-none\", \"title\": \"None\", \"carried_by\": \"b-none\", \"heard\": [\"A\"]}]},\n"
	                  "  {\"slug\": \"b-nofoundation\", \"title\": \"Nothing\"}]}\n";
	struct plan_file f;
	struct plan_import_done d[4];
	assert_int_equal(run_import(db, "b.json", bad, false, &f, d), -1);
	assert_problems(
		&f,
		(const char *const[]){
			"b.json:3:55: foundation: There is no foundation called 'vioce': choose one of the foundations listed.",
			"b.json:4:14: slug: 'legislation' is already taken by an action or route map of Plan 21-24, another "
			"plan: choose another (for example 'legislation-2030')",
			"b.json:4:70: foundations: There is no foundation called 'famly': choose from the foundations listed.",
			"b.json:5:27: due: The due date 2031-01-01 is outside its plan's dates (Plan B runs from 1 April 2024 to "
			"31 March 2030): enter a date between them.",
			"b.json:6:5: foundations: A route map serves at least one foundation: choose one or more.",
			"b.json:6:55: carried_by: an action cannot carry itself on",
			"b.json:6:65: heard: what was heard and the Oversight Board's assessments are not imported with a plan; "
			"add them on the route map's page",
			"b.json:7:3: foundation: Plan B groups its route maps under the foundations: choose the foundation this "
			"group is.",
			NULL});
	assert_string_equal(db->e.msg, "b.json: 8 problems; nothing was imported");
	plan_file_free(&f);
	json_t *p = store_resource_get(db->s, "plans", "plan-b", NULL);
	assert_null(p);

	/* A CSV item under a priority area of another plan. */
	const char *csv = "kind,parent,slug,title,starts,ends\n"
	                  "plan,,plan-c,Plan C,2024-04-01,2030-03-31\n"
	                  "group,plan-c,c-group,G,,\n"
	                  "item,a-good-childhood,c-item,I,,\n";
	assert_int_equal(run_import(db, "c.csv", csv, false, &f, d), -1);
	assert_problems(&f, (const char *const[]){"c.csv:4:6: parent: The priority area 'a-good-childhood' belongs to "
	                                          "Plan 21-24, not to Plan C: choose one of this plan's priority areas.",
	                                          NULL});
	plan_file_free(&f);
	assert_null(store_resource_get(db->s, "plans", "plan-c", NULL));
}

/* A source kept as it is stored passes on a replace even when it is no web address
 * (Plan 21-24's actions name documents); a new one must be an address. */
static void test_import_source_was(void **state)
{
	struct demodb *db = *state;
	const char *text = "{\"slug\": \"plan-s\", \"title\": \"Plan S\", \"starts\": \"2024-04-01\", \"ends\": "
	                   "\"2030-03-31\", \"priorities\": [{\"slug\": \"s-area\", \"title\": \"Area\", \"actions\": "
	                   "[{\"slug\": \"s-action\", \"title\": \"Action\", \"source\": \"seed 000\"}]}]}";
	json_t *plan = json_loads(text, 0, NULL);
	assert_non_null(plan);
	/* stored as content is loaded: without the import's checks */
	if (store_begin(db->s, &db->e) < 0 || store_plan_write_whole(db->s, plan, &db->e) < 0 || store_commit(db->s, &db->e) < 0)
		fail_msg("%s", db->e.msg);
	json_decref(plan);
	struct plan_file f;
	struct plan_import_done d[4];
	assert_int_equal(run_import(db, "s.json", text, true, &f, d), 1);
	plan_file_free(&f);
	char *changed = strdup(text);
	memcpy(strstr(changed, "seed 000"), "seed 001", 8);
	assert_int_equal(run_import(db, "s.json", changed, true, &f, d), -1);
	assert_int_equal(json_array_size(f.problems), 1);
	assert_non_null(strstr(json_string_value(json_array_get(f.problems, 0)),
	                       "source: Enter the source as a web address starting https:// or http://"));
	plan_file_free(&f);
	free(changed);
}

/* A status the file leaves out is published for a new plan, and stays as it was on a
 * replace. */
static void test_import_status_kept(void **state)
{
	struct demodb *db = *state;
	static const char fmt[] = "{\"slug\": \"plan-e\", \"title\": \"Plan E\", \"starts\": \"2024-04-01\", "
	                          "\"ends\": \"2030-03-31\"%s}";
	char plain[300], ended[300];
	snprintf(plain, sizeof plain, fmt, "");
	char blank[300];
	snprintf(ended, sizeof ended, fmt, ", \"status\": \"ended\"");
	/* an empty text is no value: the status stays, and the summary is stored as none */
	snprintf(blank, sizeof blank, fmt, ", \"status\": \" \", \"summary\": \"\"");
	const char *const steps[][3] = {
		{plain, "", "published"}, {ended, "r", "ended"}, {plain, "r", "ended"}, {blank, "r", "ended"}};
	for (size_t i = 0; i < 4; i++) {
		struct plan_file f;
		struct plan_import_done d[4];
		assert_int_equal(run_import(db, "e.json", steps[i][0], steps[i][1][0] == 'r', &f, d), 1);
		plan_file_free(&f);
		json_t *plan = store_resource_get(db->s, "plans", "plan-e", &db->e);
		assert_non_null(plan);
		assert_string_equal(json_string_value(json_object_get(plan, "status")), steps[i][2]);
		assert_true(json_is_null(json_object_get(plan, "summary")));
		json_decref(plan);
		/* the audit record says the status as stored */
		json_t *audit = store_audit_list(db->s, "plan", "plan-e", NULL, &db->e);
		json_t *after = json_object_get(json_array_get(audit, json_array_size(audit) - 1), "after");
		assert_string_equal(json_string_value(json_object_get(after, "status")), steps[i][2]);
		json_decref(audit);
	}
}

/* At most 100 problems are listed, then how many more; the count says all of them. */
static void test_import_many_problems(void **state)
{
	struct demodb *db = *state;
	struct buf text = {0};
	buf_puts(&text, "kind,parent,slug,title,starts,ends\nplan,,plan-m,Plan M,2024-04-01,2030-03-31\n");
	for (int i = 0; i < 130; i++)
		buf_printf(&text, "phase,plan-m,m-%d,,2024-04-01,2025-03-31\n", i);
	struct plan_file f;
	struct plan_import_done d[4];
	assert_int_equal(run_import(db, "m.csv", buf_str(&text), false, &f, d), -1);
	assert_int_equal(json_array_size(f.problems), 101);
	assert_string_equal(json_string_value(json_array_get(f.problems, 0)),
	                    "m.csv:3:18: title: Enter the phase's title.");
	assert_string_equal(json_string_value(json_array_get(f.problems, 100)), "m.csv: and 30 more problems");
	assert_string_equal(db->e.msg, "m.csv: 130 problems; nothing was imported");
	plan_file_free(&f);
	buf_free(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index_values),
		cmocka_unit_test(test_index_characters_and_keys),
		cmocka_unit_test(test_index_broken),
		cmocka_unit_test(test_read_json_shapes),
		cmocka_unit_test(test_read_csv),
		cmocka_unit_test(test_read_csv_problems),
		cmocka_unit_test_setup_teardown(test_import_writes_and_audits, demodb_setup, demodb_teardown),
		cmocka_unit_test_setup_teardown(test_import_problems, demodb_setup, demodb_teardown),
		cmocka_unit_test_setup_teardown(test_import_many_problems, demodb_setup, demodb_teardown),
		cmocka_unit_test_setup_teardown(test_import_source_was, demodb_setup, demodb_teardown),
		cmocka_unit_test_setup_teardown(test_import_status_kept, demodb_setup, demodb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
