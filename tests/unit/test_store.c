/* Unit tests for src/store/: opening (and refusing) files, the schema and its
 * migrations, loading the shipped content in one transaction, the page reads, search
 * and the API resources with paging and filters.
 *
 * Each test works in its own temporary directory. The reads are checked against what
 * data/plan.json and data/demo.json hold, read here from the source tree with jansson
 * (KEEP_SOURCE_ROOT if the build defines it, else $MESON_SOURCE_ROOT, else the first
 * directory from the current one upwards holding data/plan.json, else the tree this
 * file was compiled from). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include <dirent.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/kerr.h"
#include "plan/plan.h"
#include "place/place.h"
#include "store/store.h"

/* ---- the source tree's data files ---- */

static char source_root[PATH_MAX];
static json_t *ref_plan; /* data/plan.json */
static json_t *all_priorities; /* every plan's priorities (ref_all_priorities) */
static json_t *ref_demo; /* data/demo.json */
static json_t *ref_scenarios; /* data/demo-scenarios.json */
static json_t *ref_framework; /* data/progress-framework.json */
static char *ref_areas;  /* data/council-areas.csv */

static int has_plan_json(const char *dir)
{
	char p[PATH_MAX + 32];
	snprintf(p, sizeof p, "%s/data/plan.json", dir);
	return access(p, R_OK) == 0;
}

static int find_source_root(void)
{
#ifdef KEEP_SOURCE_ROOT
	if (has_plan_json(KEEP_SOURCE_ROOT)) {
		snprintf(source_root, sizeof source_root, "%s", KEEP_SOURCE_ROOT);
		return 0;
	}
#endif
	const char *env = getenv("MESON_SOURCE_ROOT");
	if (env && *env && has_plan_json(env)) {
		snprintf(source_root, sizeof source_root, "%s", env);
		return 0;
	}
	char dir[PATH_MAX];
	if (getcwd(dir, sizeof dir)) {
		for (;;) {
			if (has_plan_json(dir)) {
				snprintf(source_root, sizeof source_root, "%s", dir);
				return 0;
			}
			char *slash = strrchr(dir, '/');
			if (!slash || (slash == dir && dir[1] == '\0'))
				break;
			if (slash == dir)
				dir[1] = '\0';
			else
				*slash = '\0';
		}
	}
	/* A build directory outside the tree: this file's own path as the compiler saw
	 * it (meson gives it relative to the build directory, where tests run). */
	const char *me = __FILE__, *tail = strstr(me, "tests/unit/test_store.c");
	if (tail) {
		snprintf(dir, sizeof dir, "%.*s", (int)(tail - me), me);
		if (!dir[0])
			snprintf(dir, sizeof dir, ".");
		if (has_plan_json(dir)) {
			snprintf(source_root, sizeof source_root, "%s", dir);
			return 0;
		}
	}
	return -1;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = {0};
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	if (len)
		*len = b.len;
	return buf_steal(&b);
}

static int load_reference(void **state)
{
	(void)state;
	if (find_source_root() < 0) {
		fprintf(stderr,
		        "test_store: cannot find the source tree (data/plan.json); set MESON_SOURCE_ROOT\n");
		return -1;
	}
	char p[PATH_MAX + 64];
	json_error_t je;
	snprintf(p, sizeof p, "%s/data/plan.json", source_root);
	ref_plan = json_load_file(p, 0, &je);
	snprintf(p, sizeof p, "%s/data/demo.json", source_root);
	ref_demo = json_load_file(p, 0, &je);
	snprintf(p, sizeof p, "%s/data/progress-framework.json", source_root);
	ref_framework = json_load_file(p, 0, &je);
	snprintf(p, sizeof p, "%s/data/demo-scenarios.json", source_root);
	ref_scenarios = json_load_file(p, 0, &je);
	snprintf(p, sizeof p, "%s/data/council-areas.csv", source_root);
	ref_areas = read_all(p, NULL);
	if (!ref_plan || !ref_demo || !ref_framework || !ref_scenarios || !ref_areas) {
		fprintf(stderr, "test_store: cannot read the data files under %s\n", source_root);
		return -1;
	}
	return 0;
}

static int free_reference(void **state)
{
	(void)state;
	json_decref(ref_plan);
	json_decref(all_priorities);
	json_decref(ref_demo);
	json_decref(ref_framework);
	json_decref(ref_scenarios);
	free(ref_areas);
	return 0;
}

/* How many vision statements progress-framework.json has (what NULL), or outcomes
 * ("outcomes") or indicators ("indicators") in all. */
static size_t ref_framework_count(const char *what)
{
	json_t *statements = json_object_get(ref_framework, "vision_statements");
	if (!what)
		return json_array_size(statements);
	size_t n = 0, i, j;
	json_t *v, *o;
	json_array_foreach(statements, i, v)
	{
		json_array_foreach(json_object_get(v, "outcomes"), j, o)
		n += strcmp(what, "outcomes") == 0 ? 1 : json_array_size(json_object_get(o, "indicators"));
	}
	return n;
}

/* plan.json's plan-21-24 (the plan with priorities). */
static json_t *ref_priorities(void)
{
	size_t i;
	json_t *pl;
	json_array_foreach(json_object_get(ref_plan, "plans"), i, pl)
	{
		json_t *prios = json_object_get(pl, "priorities");
		if (json_array_size(prios) > 0)
			return prios;
	}
	fail_msg("plan.json has no priorities");
	return NULL;
}

static json_t *ref_priority(const char *slug)
{
	size_t i;
	json_t *p;
	json_array_foreach(ref_priorities(), i, p)
	{
		if (strcmp(json_string_value(json_object_get(p, "slug")), slug) == 0)
			return p;
	}
	fail_msg("plan.json has no priority %s", slug);
	return NULL;
}

static json_t *ref_action(const char *slug)
{
	size_t i, j;
	json_t *p, *a;
	json_array_foreach(ref_priorities(), i, p)
	{
		json_array_foreach(json_object_get(p, "actions"), j, a)
		{
			if (strcmp(json_string_value(json_object_get(a, "slug")), slug) == 0)
				return a;
		}
	}
	fail_msg("plan.json has no action %s", slug);
	return NULL;
}

static const char *ref_org_name(const char *slug)
{
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(ref_demo, "organisations"), i, o)
	{
		if (strcmp(json_string_value(json_object_get(o, "slug")), slug) == 0)
			return json_string_value(json_object_get(o, "name"));
	}
	fail_msg("demo.json has no organisation %s", slug);
	return NULL;
}

/* Total of the sizes of list key over every action. */
/* The priorities of every plan in plan.json, plan by plan (borrowed). */
static json_t *ref_all_priorities(void)
{
	json_t *all = all_priorities;
	if (all)
		return all;
	all = all_priorities = json_array();
	size_t i, j;
	json_t *pl, *p;
	json_array_foreach(json_object_get(ref_plan, "plans"), i, pl)
	{
		json_array_foreach(json_object_get(pl, "priorities"), j, p)
		{
			json_array_append(all, p);
		}
	}
	return all;
}

static size_t ref_action_total(const char *key)
{
	size_t n = 0, i, j;
	json_t *p, *a;
	json_array_foreach(ref_all_priorities(), i, p)
	{
		json_array_foreach(json_object_get(p, "actions"), j, a)
		{
			n += json_array_size(json_object_get(a, key));
		}
	}
	return n;
}

/* The actions of every plan in plan.json (Plan 21-24's actions and Plan 24-30's route
 * maps are rows of the one table). */
static size_t ref_action_count(void)
{
	size_t n = 0, i;
	json_t *p;
	json_array_foreach(ref_all_priorities(), i, p)
	{
		n += json_array_size(json_object_get(p, "actions"));
	}
	return n;
}

static size_t ref_assessment_count(void)
{
	size_t n = 0, i, j;
	json_t *p, *a;
	json_array_foreach(ref_all_priorities(), i, p)
	{
		json_array_foreach(json_object_get(p, "actions"), j, a)
		{
			json_t *as = json_object_get(a, "assessment");
			n += as && !json_is_null(as);
		}
	}
	return n;
}

static size_t ref_phase_count(void)
{
	size_t n = 0, i;
	json_t *pl;
	json_array_foreach(json_object_get(ref_plan, "plans"), i, pl)
	{
		n += json_array_size(json_object_get(pl, "phases"));
	}
	return n;
}

static size_t ref_area_count(void)
{
	size_t lines = 0;
	for (const char *p = ref_areas; *p; p++)
		lines += *p == '\n';
	if (*ref_areas && ref_areas[strlen(ref_areas) - 1] != '\n')
		lines++;
	return lines - 1; /* the header */
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* ---- the per-test directory ---- */

struct fx {
	char dir[PATH_MAX];
	char path[PATH_MAX + 16]; /* dir/keep.db */
	struct store *s;
	struct kerr e;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	if (testutil_make_dir(f->dir, sizeof f->dir, "store") < 0) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/keep.db", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->s);
	testutil_remove_dir(f->dir);
	free(f);
	return 0;
}

/* setup, then a new database with the Plan and the demo data. */
static int setup_loaded(void **state)
{
	if (setup(state) < 0)
		return -1;
	struct fx *f = *state;
	f->s = store_open(f->path, STORE_CREATE, &f->e);
	if (!f->s) {
		fprintf(stderr, "store_open: %s\n", f->e.msg);
		return -1;
	}
	if (plan_content_load(f->s, true, &f->e) < 0) {
		fprintf(stderr, "plan_content_load: %s\n", f->e.msg);
		return -1;
	}
	return 0;
}

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

/* Runs sql on path with the plain SQLite API, as another program would. */
static void sql_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "?");
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

static int sql_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* Opening path in mode must fail with code and exactly msg, leaving the file's bytes
 * as they were. */
static void check_refused(struct fx *f, const char *path, enum store_mode mode, enum kerr_code code,
                          const char *msg)
{
	size_t n0 = 0, n1 = 0;
	char *before = read_all(path, &n0);
	assert_non_null(before);
	kerr_clear(&f->e);
	struct store *s = store_open(path, mode, &f->e);
	if (s) {
		store_close(s);
		fail_msg("store_open(%s) should have failed with: %s", path, msg);
	}
	assert_int_equal(f->e.code, code);
	assert_string_equal(f->e.msg, msg);
	char *after = read_all(path, &n1);
	assert_non_null(after);
	assert_int_equal(n1, n0);
	assert_memory_equal(after, before, n0);
	free(before);
	free(after);
}

static const char *str(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_string(v))
		fail_msg("expected a string at key %s", key);
	return json_string_value(v);
}

static json_int_t num(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_integer(v))
		fail_msg("expected an integer at key %s", key);
	return json_integer_value(v);
}

/* ---- opening ---- */

static void test_create_new(void **state)
{
	struct fx *f = *state;
	f->s = store_open(f->path, STORE_CREATE, &f->e);
	if (!f->s)
		fail_msg("store_open: %s", f->e.msg);
	json_t *c = store_counts(f->s, &f->e);
	assert_non_null(c);
	assert_int_equal(num(c, "organisations"), 0);
	assert_int_equal(num(c, "commitments"), 0);
	assert_int_equal(num(c, "actions"), 0);
	json_decref(c);
	store_close(f->s);
	f->s = NULL;
	assert_true(store_schema_version() >= 8);
	assert_int_equal(sql_int(f->path, "PRAGMA application_id"), 0x6b656570);
	assert_int_equal(sql_int(f->path, "PRAGMA user_version"), store_schema_version());

	/* And it opens again, both ways. */
	f->s = store_open(f->path, STORE_READWRITE, &f->e);
	if (!f->s)
		fail_msg("reopen: %s", f->e.msg);
	store_close(f->s);
	f->s = store_open(f->path, STORE_READONLY, &f->e);
	if (!f->s)
		fail_msg("reopen read-only: %s", f->e.msg);
}

static void test_create_refuses_existing(void **state)
{
	struct fx *f = *state;
	char msg[sizeof f->path + 200];
	snprintf(msg, sizeof msg,
	         "%s already exists: keep init makes a new database and will not overwrite one", f->path);
	write_file(f->path, "notes\n", 6);
	check_refused(f, f->path, STORE_CREATE, KERR_CONFLICT, msg);

	/* A keep database is not overwritten either. */
	unlink(f->path);
	f->s = store_open(f->path, STORE_CREATE, &f->e);
	assert_non_null(f->s);
	assert_int_equal(plan_content_load(f->s, false, &f->e), 0);
	store_close(f->s);
	f->s = NULL;
	check_refused(f, f->path, STORE_CREATE, KERR_CONFLICT, msg);
	/* An empty file exists too. */
	unlink(f->path);
	write_file(f->path, "", 0);
	check_refused(f, f->path, STORE_CREATE, KERR_CONFLICT, msg);
}

static void test_create_in_missing_directory(void **state)
{
	struct fx *f = *state;
	char path[sizeof f->dir + 32];
	snprintf(path, sizeof path, "%s/no/such/keep.db", f->dir);
	char want[sizeof path + 64];
	snprintf(want, sizeof want, "%s: cannot open: ", path);
	kerr_clear(&f->e);
	assert_null(store_open(path, STORE_CREATE, &f->e));
	assert_int_equal(f->e.code, KERR_FAIL);
	if (strncmp(f->e.msg, want, strlen(want)) != 0)
		fail_msg("got \"%s\", expected it to start \"%s\"", f->e.msg, want);
}

static void test_open_missing(void **state)
{
	struct fx *f = *state;
	char msg[2 * sizeof f->path + 100];
	snprintf(msg, sizeof msg, "%s does not exist: create it with 'keep init --db %s'", f->path, f->path);
	enum store_mode modes[] = {STORE_READWRITE, STORE_READONLY};
	for (size_t i = 0; i < 2; i++) {
		kerr_clear(&f->e);
		assert_null(store_open(f->path, modes[i], &f->e));
		assert_int_equal(f->e.code, KERR_NOTFOUND);
		assert_string_equal(f->e.msg, msg);
		assert_int_equal(access(f->path, F_OK), -1); /* not created */
	}
}

static void test_open_text_file(void **state)
{
	struct fx *f = *state;
	char msg[sizeof f->path + 100];
	snprintf(msg, sizeof msg, "%s is not a keep database (it is not an SQLite file)", f->path);
	const char text[] = "code,name\nS12000005,Clackmannanshire\n";
	write_file(f->path, text, sizeof text - 1);
	check_refused(f, f->path, STORE_READWRITE, KERR_INVALID, msg);
	check_refused(f, f->path, STORE_READONLY, KERR_INVALID, msg);
	/* An empty file, and one holding only SQLite's magic words. */
	write_file(f->path, "", 0);
	check_refused(f, f->path, STORE_READWRITE, KERR_INVALID, msg);
	write_file(f->path, "SQLite format 3", 15);
	check_refused(f, f->path, STORE_READWRITE, KERR_INVALID, msg);
}

static void test_open_other_program(void **state)
{
	struct fx *f = *state;
	sql_exec(f->path, "CREATE TABLE t(x); INSERT INTO t VALUES (1), ('two');");
	char msg[sizeof f->path + 100];
	snprintf(msg, sizeof msg, "%s is not a keep database (it is an SQLite file made by another program)",
	         f->path);
	check_refused(f, f->path, STORE_READWRITE, KERR_INVALID, msg);
	check_refused(f, f->path, STORE_READONLY, KERR_INVALID, msg);
	/* The other program's data is still there. */
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM t"), 2);
	assert_int_equal(sql_int(f->path, "PRAGMA user_version"), 0);

	/* Another program's file with a user_version of its own. */
	sql_exec(f->path, "PRAGMA user_version = 7");
	check_refused(f, f->path, STORE_READWRITE, KERR_INVALID, msg);
}

static void test_open_newer_version(void **state)
{
	struct fx *f = *state;
	f->s = store_open(f->path, STORE_CREATE, &f->e);
	assert_non_null(f->s);
	store_close(f->s);
	f->s = NULL;
	sql_exec(f->path, "PRAGMA user_version = 999");
	char msg[sizeof f->path + 200];
	snprintf(msg, sizeof msg,
	         "%s comes from a newer version of keep (schema 999; this keep %s knows up to %d): "
	         "upgrade keep to use it",
	         f->path, KEEP_VERSION, store_schema_version());
	check_refused(f, f->path, STORE_READWRITE, KERR_CONFLICT, msg);
	check_refused(f, f->path, STORE_READONLY, KERR_CONFLICT, msg);
	assert_int_equal(sql_int(f->path, "PRAGMA user_version"), 999);
}

/* A keep database at schema 0 (made before any table) is migrated forward. */
static void test_migrate_from_zero(void **state)
{
	struct fx *f = *state;
	sql_exec(f->path, "PRAGMA application_id = 1801807216; PRAGMA user_version = 0;");
	assert_int_equal(sql_int(f->path, "PRAGMA application_id"), 0x6b656570);
	f->s = store_open(f->path, STORE_READWRITE, &f->e);
	if (!f->s)
		fail_msg("store_open: %s", f->e.msg);
	assert_int_equal(plan_content_load(f->s, true, &f->e), 0);
	json_t *c = store_counts(f->s, &f->e);
	assert_int_equal(num(c, "actions"), (json_int_t)ref_action_count());
	json_decref(c);
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(sql_int(f->path, "PRAGMA user_version"), store_schema_version());
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sqlite_schema WHERE name = 'action'"), 1);
}

/* Schema 7: a database at schema 6, with an adoption breakdown, keeps the row, and the
 * order's date may then be unknown (NULL) but still not after the disruption; its
 * imports hold whole histories. */
static void test_migrate_6_to_7(void **state)
{
	struct fx *f = *state;
	/* A database made at schema 6, as keep made it then. */
	if (store_schema_build(f->path, 6, &f->e) < 0)
		fail_msg("store_schema_build: %s", f->e.msg);
	sql_exec(f->path, "INSERT INTO council_area(code, name) VALUES ('S12000005', 'Clackmannanshire');"
	                  "INSERT INTO records_import(id, council, year, children, episodes, placements) "
	                  "VALUES (1, 'S12000005', 2025, 1, 1, 1);"
	                  "INSERT INTO care_adoption_breakdown VALUES (1, 1, 0, '2019-03-01', '2024-09-02');"
	                  "INSERT INTO indicator(slug, title, unit, source, frequency) VALUES "
	                  "('measure-looked-after', 'Looked after on 31 July', 'children', 'keep measures', 'annual'), "
	                  "('measure-population', 'Population aged 0 to 17', 'children', 'keep measures', 'annual'), "
	                  "('measure-moves', 'Placement moves in the year', 'moves', 'keep measures', 'annual'), "
	                  "('looked-after', 'Children looked after', 'children', 'SG', 'annual');");
	f->s = store_open(f->path, STORE_READWRITE, &f->e);
	if (!f->s)
		fail_msg("store_open: %s", f->e.msg);
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(sql_int(f->path, "PRAGMA user_version"), store_schema_version());
	/* The measures' indicators published before are computed; their counts of children
	 * are marked, the population aside; the Board's own are neither. */
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM indicator WHERE computed = 1"), 3);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM indicator WHERE counts_children = 1 AND slug = "
	                                  "'measure-looked-after'"),
	                 1);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM indicator WHERE counts_children = 1"), 1);
	/* An import made before schema 7 was native: each child's whole history. */
	assert_int_equal(sql_int(f->path, "SELECT whole_history FROM records_import WHERE id = 1"), 1);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM care_adoption_breakdown WHERE order_date = "
	                                  "'2019-03-01' AND disruption_date = '2024-09-02'"),
	                 1);
	sql_exec(f->path, "INSERT INTO care_adoption_breakdown VALUES (1, 1, 1, NULL, '2024-10-01');");
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM care_adoption_breakdown WHERE order_date IS NULL"), 1);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM pragma_foreign_key_list('care_adoption_breakdown')"),
	                 1);
}

/* The Promise Progress Framework's migration: a database made before it keeps its
 * indicators, each with no place in the framework (outcome, level and kind not known),
 * and gets the empty tables of vision statements and outcomes. */
static void test_migrate_progress_framework(void **state)
{
	struct fx *f = *state;
	/* The version before this migration, which is the last. */
	if (store_schema_build(f->path, store_schema_version() - 1, &f->e) < 0)
		fail_msg("store_schema_build: %s", f->e.msg);
	sql_exec(f->path, "INSERT INTO indicator(slug, title, unit, source, frequency, vision) VALUES "
	                  "('looked-after', 'Children looked after', 'children', 'SG', 'annual', 'Staying with families');");
	f->s = store_open(f->path, STORE_READWRITE, &f->e);
	if (!f->s)
		fail_msg("store_open: %s", f->e.msg);
	json_t *x = store_resource_get(f->s, "indicators", "looked-after", &f->e);
	assert_non_null(x);
	assert_string_equal(str(x, "vision"), "Staying with families");
	assert_true(json_is_null(json_object_get(x, "outcome")));
	assert_true(json_is_null(json_object_get(x, "level")));
	assert_true(json_is_null(json_object_get(x, "kind")));
	json_decref(x);
	json_t *all = store_resource_all(f->s, "vision-statements", &f->e);
	assert_int_equal(json_array_size(all), 0);
	json_decref(all);
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(sql_int(f->path, "PRAGMA user_version"), store_schema_version());
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM indicator_framework"), 0);
}

/* Where a placement is may not be known, and a placement has the child's home:
 * a database whose care_placement is as before keeps its rows, with no home; a placement
 * where not known has no council; and its episodes are not continued. */
static void test_migrate_placement_where_and_home(void **state)
{
	struct fx *f = *state;
	/* A database made at schema 11, the version before this migration (12). */
	if (store_schema_build(f->path, 11, &f->e) < 0)
		fail_msg("store_schema_build: %s", f->e.msg);
	sql_exec(f->path, "INSERT INTO council_area(code, name) VALUES ('S12000005', 'Clackmannanshire');"
	                  "INSERT INTO records_import(id, council, year, children, episodes, placements) "
	                  "VALUES (1, 'S12000005', 2025, 1, 1, 2);"
	                  "INSERT INTO care_episode(import_id, child, seq, starts) VALUES (1, 1, 0, '2020-01-01');"
	                  "INSERT INTO care_placement VALUES (1, 1, 0, '2020-01-01', '2020-02-01', 'kinship', NULL, "
	                  "'S12000005', 0, 'FK10'), (1, 1, 1, '2020-02-01', NULL, 'secure', NULL, NULL, 1, 'CA1');");
	f->s = store_open(f->path, STORE_READWRITE, &f->e);
	if (!f->s)
		fail_msg("store_open: %s", f->e.msg);
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(sql_int(f->path, "PRAGMA user_version"), store_schema_version());
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM care_placement WHERE home IS NULL AND "
	                                  "((seq = 0 AND outside_scotland = 0 AND council = 'S12000005' AND location = "
	                                  "'FK10') OR (seq = 1 AND outside_scotland = 1 AND council IS NULL))"),
	                 2);
	assert_int_equal(sql_int(f->path, "SELECT continued FROM care_episode"), 0);
	sql_exec(f->path, "INSERT INTO care_placement(import_id, child, seq, starts, ends, type, provider, council, "
	                  "outside_scotland, location, home) VALUES (1, 1, 2, '2021-01-01', NULL, 'kinship', NULL, NULL, "
	                  "NULL, NULL, 'KY1');");
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM care_placement WHERE outside_scotland IS NULL"), 1);
}

/* A placement's care service and provider sector: placements stored before them have
 * neither (NULL); a sector is one of the three keys, a service 1 to 16 characters. */
static void test_migrate_placement_service_sector(void **state)
{
	struct fx *f = *state;
	/* A database made at schema 12 (placements as they were, with the home). */
	if (store_schema_build(f->path, 12, &f->e) < 0)
		fail_msg("store_schema_build: %s", f->e.msg);
	sql_exec(f->path,
	         "INSERT INTO council_area(code, name) VALUES ('S12000005', 'Clackmannanshire');"
	         "INSERT INTO records_import(id, council, year, children, episodes, placements) "
	         "VALUES (1, 'S12000005', 2025, 1, 1, 1);"
	         "INSERT INTO care_placement(import_id, child, seq, starts, ends, type, provider, council, "
	         "outside_scotland, location, home) VALUES (1, 1, 0, '2020-01-01', NULL, 'kinship', NULL, "
	         "'S12000005', 0, 'FK10', NULL);");
	f->s = store_open(f->path, STORE_READWRITE, &f->e);
	if (!f->s)
		fail_msg("store_open: %s", f->e.msg);
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(sql_int(f->path, "PRAGMA user_version"), store_schema_version());
	assert_int_equal(
	    sql_int(f->path, "SELECT count(*) FROM care_placement WHERE service IS NULL AND sector IS NULL"),
	    1);
	sql_exec(f->path, "UPDATE care_placement SET service = 'CS2003001234', sector = 'private'");
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM care_placement WHERE sector = 'private'"), 1);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_not_equal(
	    sqlite3_exec(db, "UPDATE care_placement SET sector = 'charity'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(
	    sqlite3_exec(db, "UPDATE care_placement SET service = 'CS20030012345678X'", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
}

/* The register of cross-border placements: replaced whole, in one transaction with one
 * audit record of counts only, and read back in order; a row the table refuses (an
 * authority in Scotland) leaves the register as it was. */
static void test_crossborder_register(void **state)
{
	struct fx *f = *state;
	f->s = store_open(f->path, STORE_CREATE, &f->e);
	assert_non_null(f->s);
	struct place_crossborder rows[2] = {
	    {"CS2020000002", "E08000025", (int32_t)date_days((struct kdate){2025, 6, 1}), RECORDS_OPEN},
	    {"CS2003000001", "W06000015", (int32_t)date_days((struct kdate){2025, 1, 10}),
	     (int32_t)date_days((struct kdate){2025, 7, 31})},
	};
	if (store_crossborder_replace(f->s, "tester", rows, 2, &f->e) < 0)
		fail_msg("%s", f->e.msg);
	struct place_crossborder *back;
	size_t n;
	assert_int_equal(store_crossborder_all(f->s, &back, &n, &f->e), 0);
	assert_int_equal(n, 2);
	assert_memory_equal(back, rows, sizeof rows);
	free(back);
	struct place_crossborder wrong = {"CS2020000002", "S12000036", rows[0].date_in, RECORDS_OPEN};
	assert_int_equal(store_crossborder_replace(f->s, "tester", &wrong, 1, &f->e), -1);
	assert_int_equal(store_crossborder_all(f->s, &back, &n, &f->e), 0);
	assert_int_equal(n, 2);
	free(back);
	json_t *audit = store_audit_list(f->s, "crossborder", NULL, NULL, &f->e);
	assert_int_equal(json_array_size(audit), 1);
	char *after = json_dumps(json_object_get(json_array_get(audit, 0), "after"), JSON_COMPACT);
	assert_string_equal(after, "{\"rows\":2}");
	free(after);
	json_decref(audit);
}

/* Plans flex: a database at the schema before keeps its plans, now published, or ended
 * when past their end; each of the priorities shape; its actions have no route-map
 * texts yet, and search finds the texts a route map gains. */
static void test_migrate_plans_flex(void **state)
{
	struct fx *f = *state;
	/* A database made at schema 12, the version before this migration (13). */
	if (store_schema_build(f->path, 12, &f->e) < 0)
		fail_msg("store_schema_build: %s", f->e.msg);
	sql_exec(f->path, "INSERT INTO plan(id, slug, title, starts, ends) VALUES "
	                  "(1, 'plan-21-24', 'Plan 21-24', '2021-04-01', '2024-03-31'), "
	                  "(2, 'plan-24-30', 'Plan 24-30', '2024-04-01', '2030-03-31');"
	                  "INSERT INTO priority(id, plan_id, slug, position, title) VALUES (1, 1, 'planning', 1, 'Planning');"
	                  "INSERT INTO action(id, priority_id, slug, position, title, required) VALUES "
	                  "(1, 1, 'data', 1, 'Data', 'Collect what matters');");
	f->s = store_open(f->path, STORE_READWRITE, &f->e);
	if (!f->s)
		fail_msg("store_open: %s", f->e.msg);
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(sql_int(f->path, "PRAGMA user_version"), store_schema_version());
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM plan WHERE slug = 'plan-21-24' AND status = 'ended'"), 1);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM plan WHERE slug = 'plan-24-30' AND status = 'published'"),
	                 1);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM plan WHERE shape = 'priorities'"), 2);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM action WHERE now_text IS NULL AND outcomes IS NULL "
	                                  "AND carried_by IS NULL"),
	                 1);
	/* The old text is still found, and the new ones are. */
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM search WHERE search MATCH 'collect'"), 1);
	sql_exec(f->path, "UPDATE action SET now_text = 'Scotland is partway', outcomes = 'Every child heard' "
	                  "WHERE id = 1;");
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM search WHERE search MATCH 'partway'"), 1);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM search WHERE search MATCH 'heard'"), 1);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM search WHERE search MATCH 'collect'"), 1);
	/* A status or shape outside the lists is refused by the database too. */
	sql_exec(f->path, "INSERT INTO plan(slug, title, starts, ends, status) SELECT 'x', 'X', '2030-01-01', "
	                  "'2031-01-01', 'draft' WHERE 1;");
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM plan WHERE status = 'draft'"), 1);
}

static void test_transactions_nest(void **state)
{
	struct fx *f = *state;
	f->s = store_open(f->path, STORE_CREATE, &f->e);
	assert_non_null(f->s);
	assert_int_equal(store_begin(f->s, &f->e), 0);
	assert_int_equal(store_begin(f->s, &f->e), 0);
	const char csv[] = "code,name\nS12000005,Clackmannanshire\n";
	assert_int_equal(store_load_council_areas(f->s, csv, sizeof csv - 1, &f->e), 0);
	assert_int_equal(store_commit(f->s, &f->e), 0); /* inner: nothing yet */
	store_rollback(f->s);                           /* outer: undoes it all */
	json_t *all = store_resource_all(f->s, "council-areas", &f->e);
	assert_non_null(all);
	assert_int_equal(json_array_size(all), 0);
	json_decref(all);
	/* Commit without begin is harmless. */
	assert_int_equal(store_commit(f->s, &f->e), 0);
}

/* A nested level that changed nothing is released without undoing the enclosing
 * transaction; released outermost, it writes nothing and is not a commit. */
static void test_transactions_release(void **state)
{
	struct fx *f = *state;
	f->s = store_open(f->path, STORE_CREATE, &f->e);
	assert_non_null(f->s);
	const char csv[] = "code,name\nS12000005,Clackmannanshire\n";
	assert_int_equal(store_begin(f->s, &f->e), 0);
	assert_int_equal(store_load_council_areas(f->s, csv, sizeof csv - 1, &f->e), 0);
	assert_int_equal(store_begin(f->s, &f->e), 0);
	store_release(f->s); /* inner: leaves the outer as it is */
	assert_int_equal(store_commit(f->s, &f->e), 0);
	json_t *all = store_resource_all(f->s, "council-areas", &f->e);
	assert_non_null(all);
	assert_int_equal(json_array_size(all), 1);
	json_decref(all);

	uint64_t v = store_version(f->s);
	assert_int_equal(store_begin(f->s, &f->e), 0);
	store_release(f->s); /* outermost: rolled back, no commit */
	assert_true(store_version(f->s) == v);
	store_release(f->s); /* without begin: harmless */
}

/* ---- loading ---- */

static void test_content_counts(void **state)
{
	struct fx *f = *state;
	json_t *c = store_counts(f->s, &f->e);
	assert_non_null(c);
	assert_int_equal(num(c, "organisations"),
	                 (json_int_t)json_array_size(json_object_get(ref_demo, "organisations")));
	assert_int_equal(num(c, "commitments"),
	                 (json_int_t)json_array_size(json_object_get(ref_demo, "commitments")));
	assert_int_equal(num(c, "actions"), (json_int_t)ref_action_count());
	/* data/README.md: Plan 21-24's "Actions (15)" and Plan 24-30's 24 route maps ("What
	 * each route map holds"). */
	assert_int_equal(num(c, "actions"), 15 + 24);
	json_decref(c);
}

static void test_content_without_demo(void **state)
{
	struct fx *f = *state;
	f->s = store_open(f->path, STORE_CREATE, &f->e);
	assert_non_null(f->s);
	assert_int_equal(plan_content_load(f->s, false, &f->e), 0);
	json_t *c = store_counts(f->s, &f->e);
	assert_int_equal(num(c, "organisations"), 0);
	assert_int_equal(num(c, "commitments"), 0);
	assert_int_equal(num(c, "actions"), (json_int_t)ref_action_count());
	json_decref(c);
	json_t *areas = store_resource_all(f->s, "council-areas", &f->e);
	assert_int_equal(json_array_size(areas), ref_area_count());
	assert_int_equal(json_array_size(areas), 32);
	json_decref(areas);
}

/* Loading the content again fails (it is for new databases) and changes nothing. */
static void test_content_load_twice_changes_nothing(void **state)
{
	struct fx *f = *state;
	kerr_clear(&f->e);
	assert_int_equal(plan_content_load(f->s, true, &f->e), -1);
	assert_string_equal(f->e.msg,
	                    "data/council-areas.csv:2: UNIQUE constraint failed: council_area.code");
	json_t *c = store_counts(f->s, &f->e);
	assert_int_equal(num(c, "organisations"),
	                 (json_int_t)json_array_size(json_object_get(ref_demo, "organisations")));
	assert_int_equal(num(c, "actions"), (json_int_t)ref_action_count());
	json_decref(c);
	/* The connection is usable for a new transaction. */
	assert_int_equal(store_begin(f->s, &f->e), 0);
	assert_int_equal(store_commit(f->s, &f->e), 0);
}

static json_t *parse(const char *text)
{
	json_error_t je;
	json_t *v = json_loads(text, 0, &je);
	if (!v)
		fail_msg("bad test JSON: %s", je.text);
	return v;
}

/* Loads plan_json inside a transaction, expects failure with msg, rolls back and
 * checks that nothing was left. */
static void check_plan_load_fails(struct fx *f, const char *plan_json, const char *msg)
{
	json_t *plan = parse(plan_json);
	assert_int_equal(store_begin(f->s, &f->e), 0);
	kerr_clear(&f->e);
	assert_int_equal(store_load_plan(f->s, plan, &f->e), -1);
	assert_int_equal(f->e.code, KERR_INVALID);
	/* A msg ending in '*' gives the start of the message: the rest is SQLite's wording. */
	size_t n = strlen(msg);
	if (n && msg[n - 1] == '*') {
		if (strncmp(f->e.msg, msg, n - 1) != 0)
			fail_msg("got \"%s\", expected it to start \"%.*s\"", f->e.msg, (int)(n - 1), msg);
	} else {
		assert_string_equal(f->e.msg, msg);
	}
	store_rollback(f->s);
	json_decref(plan);

	json_t *c = store_counts(f->s, &f->e);
	assert_int_equal(num(c, "actions"), 0);
	json_decref(c);
	const char *tables[] = {"foundations", "fundamentals", "plans", "phases",
	                        "priorities",  "actions",      "heard"};
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		json_t *all = store_resource_all(f->s, tables[i], &f->e);
		assert_non_null(all);
		if (json_array_size(all) != 0)
			fail_msg("%s has %zu rows after a failed load", tables[i], json_array_size(all));
		json_decref(all);
	}
}

#define GOOD_FOUNDATIONS "\"foundations\": [{\"slug\": \"voice\", \"title\": \"Voice\", \"text\": \"t\"}]"
#define PLAN_HEAD                                                                                            \
	"\"plans\": [{\"slug\": \"p\", \"title\": \"P\", \"starts\": \"2021-04-01\", \"ends\": "             \
	"\"2024-03-31\","                                                                                    \
	" \"phases\": [{\"slug\": \"ph\", \"title\": \"Ph\", \"starts\": \"2021-04-01\", \"ends\": "         \
	"\"2022-03-31\"}],"

static void test_failed_load_leaves_nothing(void **state)
{
	struct fx *f = *state;
	f->s = store_open(f->path, STORE_CREATE, &f->e);
	assert_non_null(f->s);
	check_plan_load_fails(f,
	                      "{" GOOD_FOUNDATIONS ", " PLAN_HEAD
	                      " \"priorities\": [{\"slug\": \"pr\", \"title\": \"Pr\", \"actions\": ["
	                      "   {\"slug\": \"good\", \"title\": \"Good\", \"heard\": [\"a note\"]},"
	                      "   {\"slug\": \"Not A Slug\", \"title\": \"Bad\"}]}]}]}",
	                      "plans[0].priorities[0].actions[1].slug: 'Not A Slug' is not a slug (lowercase "
	                      "letters, digits and single hyphens)");
	check_plan_load_fails(
	    f,
	    "{" GOOD_FOUNDATIONS ", " PLAN_HEAD
	    " \"priorities\": [{\"slug\": \"pr\", \"title\": \"Pr\", \"actions\": ["
	    "   {\"slug\": \"a\", \"title\": \"A\", \"foundations\": [\"voice\", \"nope\"]}]}]}]}",
	    "plans[0].priorities[0].actions[0].foundations[1]: no foundation called 'nope'");
	check_plan_load_fails(f,
	                      "{" GOOD_FOUNDATIONS ", " PLAN_HEAD
	                      " \"priorities\": [{\"slug\": \"pr\", \"title\": \"Pr\", \"actions\": ["
	                      "   {\"slug\": \"a\", \"title\": \"A\", \"due\": \"2021-02-29\"}]}]}]}",
	                      "plans[0].priorities[0].actions[0].due: '2021-02-29' is not a real date");
	check_plan_load_fails(
	    f,
	    "{" GOOD_FOUNDATIONS ", " PLAN_HEAD
	    " \"priorities\": [{\"slug\": \"pr\", \"title\": \"Pr\", \"actions\": ["
	    "   {\"slug\": \"a\", \"title\": \"A\", \"assessment\": {\"rating\": \"great\"}}]}]}]}",
	    "plans[0].priorities[0].actions[0].assessment: CHECK constraint failed: *");
	check_plan_load_fails(f, "{" GOOD_FOUNDATIONS ", \"fundamentals\": [{\"slug\": \"f\"}]}",
	                      "fundamentals[0].title: missing; a value is required");
	check_plan_load_fails(f, "{\"foundations\": {}}", "$.foundations: expected a list");
	check_plan_load_fails(f, "[]", "expected an object at the top");
	check_plan_load_fails(f,
	                      "{" GOOD_FOUNDATIONS ", \"plans\": [{\"slug\": \"p\", \"title\": \"P\","
	                      " \"starts\": \"2024-01-01\", \"ends\": \"2021-01-01\"}]}",
	                      "plans[0]: CHECK constraint failed: *");
}

static void test_failed_demo_load(void **state)
{
	struct fx *f = *state;
	json_t *demo =
	    parse("{\"organisations\": [{\"slug\": \"o\", \"name\": \"O\"}],"
	          " \"leads\": [{\"action\": \"nope\", \"organisation\": \"o\", \"role\": \"lead\"}]}");
	assert_int_equal(store_begin(f->s, &f->e), 0);
	assert_int_equal(store_load_demo(f->s, demo, &f->e), -1);
	assert_string_equal(f->e.msg, "leads[0]: no action called 'nope'");
	store_rollback(f->s);
	json_decref(demo);
	json_t *all = store_resource_all(f->s, "organisations", &f->e);
	assert_int_equal(json_array_size(all), json_array_size(json_object_get(ref_demo, "organisations")));
	json_decref(all);
	json_t *o = store_resource_get(f->s, "organisations", "o", &f->e);
	assert_null(o);
	assert_string_equal(f->e.msg, "no organisation called 'o'");
}

static void test_council_area_csv_errors(void **state)
{
	struct fx *f = *state;
	f->s = store_open(f->path, STORE_CREATE, &f->e);
	assert_non_null(f->s);
	const char bad[] = "code,name\r\nS12000005,Clackmannanshire\r\n\r\nno comma here\r\n";
	assert_int_equal(store_begin(f->s, &f->e), 0);
	assert_int_equal(store_load_council_areas(f->s, bad, sizeof bad - 1, &f->e), -1);
	assert_string_equal(f->e.msg, "data/council-areas.csv:4: expected 'code,name'");
	store_rollback(f->s);
	const char shortcode[] = "code,name\nS1,Nowhere";
	assert_int_equal(store_begin(f->s, &f->e), 0);
	assert_int_equal(store_load_council_areas(f->s, shortcode, sizeof shortcode - 1, &f->e), -1);
	assert_string_equal(f->e.msg, "data/council-areas.csv:2: CHECK constraint failed: length(code) = 9");
	store_rollback(f->s);
	/* CRLF and a last line without a newline are fine. */
	const char good[] = "code,name\r\nS12000005,Clackmannanshire\r\nS12000006,Dumfries and Galloway";
	assert_int_equal(store_begin(f->s, &f->e), 0);
	assert_int_equal(store_load_council_areas(f->s, good, sizeof good - 1, &f->e), 0);
	assert_int_equal(store_commit(f->s, &f->e), 0);
	json_t *a = store_resource_get(f->s, "council-areas", "S12000006", &f->e);
	assert_non_null(a);
	assert_string_equal(str(a, "name"), "Dumfries and Galloway");
	json_decref(a);
	a = store_resource_get(f->s, "council-areas", "S12000005", &f->e);
	assert_string_equal(str(a, "name"), "Clackmannanshire");
	json_decref(a);
}

/* ---- page reads ---- */

static void test_foundations_in_order(void **state)
{
	struct fx *f = *state;
	json_t *fs = store_foundations(f->s, &f->e);
	assert_non_null(fs);
	json_t *want = json_object_get(ref_plan, "foundations");
	assert_int_equal(json_array_size(fs), 5);
	assert_int_equal(json_array_size(fs), json_array_size(want));
	const char *titles[] = {"Voice", "Family", "Care", "People", "Scaffolding"};
	for (size_t i = 0; i < 5; i++) {
		json_t *got = json_array_get(fs, i), *w = json_array_get(want, i);
		assert_string_equal(str(got, "title"), titles[i]);
		assert_string_equal(str(got, "title"), str(w, "title"));
		assert_string_equal(str(got, "slug"), str(w, "slug"));
		assert_string_equal(str(got, "text"), str(w, "text"));
	}
	json_decref(fs);
}

static void test_foundation_with_actions(void **state)
{
	struct fx *f = *state;
	json_t *fo = store_foundation(f->s, "family", &f->e);
	assert_non_null(fo);
	assert_string_equal(str(fo, "title"), "Family");
	/* Every action whose foundations list "family", plan by plan (plan.json lists them
	 * in date order), each in its plan's order. */
	json_t *actions = json_object_get(fo, "actions");
	size_t k = 0, i, j, n, m;
	json_t *pl, *p, *a, *fs;
	json_array_foreach(json_object_get(ref_plan, "plans"), m, pl)
	{
		json_array_foreach(json_object_get(pl, "priorities"), i, p)
		{
			json_array_foreach(json_object_get(p, "actions"), j, a)
			{
				json_array_foreach(json_object_get(a, "foundations"), n, fs)
				{
					if (strcmp(json_string_value(fs), "family") != 0)
						continue;
					json_t *got = json_array_get(actions, k++);
					assert_non_null(got);
					assert_string_equal(str(got, "slug"), str(a, "slug"));
					assert_string_equal(str(got, "title"), str(a, "title"));
					assert_string_equal(str(json_object_get(got, "priority"), "slug"),
					                    str(p, "slug"));
					assert_string_equal(str(json_object_get(got, "plan"), "slug"),
					                    str(pl, "slug"));
				}
			}
		}
	}
	/* Plan 21-24's family actions come before Plan 24-30's family route maps. */
	assert_string_equal(str(json_object_get(json_array_get(actions, 0), "plan"), "slug"), "plan-21-24");
	assert_string_equal(str(json_object_get(json_array_get(actions, k - 1), "plan"), "slug"),
	                    "plan-24-30");
	assert_string_equal(str(json_object_get(json_array_get(actions, k - 1), "plan"), "shape"),
	                    "route_maps");
	assert_int_equal(json_array_size(actions), k);
	assert_true(k > 0);
	json_decref(fo);

	assert_null(store_foundation(f->s, "nope", &f->e));
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	assert_string_equal(f->e.msg, "no foundation called 'nope'");
}

static void test_fundamentals(void **state)
{
	struct fx *f = *state;
	json_t *got = store_fundamentals(f->s, &f->e);
	json_t *want = json_object_get(ref_plan, "fundamentals");
	assert_int_equal(json_array_size(got), json_array_size(want));
	for (size_t i = 0; i < json_array_size(want); i++) {
		assert_string_equal(str(json_array_get(got, i), "slug"),
		                    str(json_array_get(want, i), "slug"));
		assert_string_equal(str(json_array_get(got, i), "title"),
		                    str(json_array_get(want, i), "title"));
	}
	json_decref(got);
}

static void test_phases_and_plans(void **state)
{
	struct fx *f = *state;
	json_t *ph = store_phases(f->s, &f->e);
	assert_non_null(ph);
	const char *slugs[] = {"year-one", "bedding-down", "consolidation", "continuous-improvement"};
	assert_int_equal(json_array_size(ph), 4);
	for (size_t i = 0; i < 4; i++) {
		json_t *p = json_array_get(ph, i);
		assert_string_equal(str(p, "slug"), slugs[i]);
		assert_string_equal(str(p, "plan"), "the-promise");
	}
	assert_string_equal(str(json_array_get(ph, 0), "starts"), "2020-04-01");
	assert_string_equal(str(json_array_get(ph, 3), "ends"), "2030-03-31");
	json_decref(ph);

	json_t *pl = store_plans(f->s, &f->e);
	assert_int_equal(json_array_size(pl), 3);
	assert_string_equal(str(json_array_get(pl, 0), "slug"), "the-promise");
	assert_string_equal(str(json_array_get(pl, 1), "slug"), "plan-21-24");
	assert_string_equal(str(json_array_get(pl, 1), "title"), "Plan 21-24");
	assert_string_equal(str(json_array_get(pl, 1), "starts"), "2021-04-01");
	assert_string_equal(str(json_array_get(pl, 1), "ends"), "2024-03-31");
	assert_string_equal(str(json_array_get(pl, 1), "status"), "ended");
	assert_string_equal(str(json_array_get(pl, 2), "slug"), "plan-24-30");
	assert_string_equal(str(json_array_get(pl, 2), "status"), "published");
	assert_string_equal(str(json_array_get(pl, 2), "shape"), "route_maps");
	assert_string_equal(str(json_array_get(pl, 2), "starts"), "2024-04-01");
	assert_string_equal(str(json_array_get(pl, 2), "ends"), "2030-03-31");
	/* Each plan's priority areas (or foundation groups) and actions (or route maps),
	 * counted. */
	const long long want[3][2] = {{0, 0}, {5, 15}, {5, 24}};
	for (size_t i = 0; i < 3; i++) {
		json_t *p = json_array_get(pl, i);
		assert_int_equal(json_integer_value(json_object_get(p, "priorities")), want[i][0]);
		assert_int_equal(json_integer_value(json_object_get(p, "actions")), want[i][1]);
	}
	json_decref(pl);
}

static void test_plan_tree(void **state)
{
	struct fx *f = *state;
	json_t *plan = store_plan(f->s, "plan-21-24", &f->e);
	assert_non_null(plan);
	assert_string_equal(str(plan, "title"), "Plan 21-24");
	assert_int_equal(json_array_size(json_object_get(plan, "phases")), 0);
	json_t *prios = json_object_get(plan, "priorities");
	json_t *want = ref_priorities();
	assert_int_equal(json_array_size(prios), json_array_size(want));
	for (size_t i = 0; i < json_array_size(want); i++) {
		json_t *gp = json_array_get(prios, i), *wp = json_array_get(want, i);
		assert_string_equal(str(gp, "slug"), str(wp, "slug"));
		assert_string_equal(str(gp, "title"), str(wp, "title"));
		json_t *ga = json_object_get(gp, "actions"), *wa = json_object_get(wp, "actions");
		assert_int_equal(json_array_size(ga), json_array_size(wa));
		for (size_t j = 0; j < json_array_size(wa); j++) {
			json_t *g = json_array_get(ga, j), *w = json_array_get(wa, j);
			assert_string_equal(str(g, "slug"), str(w, "slug"));
			json_t *was = json_object_get(w, "assessment"),
			       *gas = json_object_get(g, "assessment");
			json_t *wr = was ? json_object_get(was, "rating") : NULL;
			if (!was || json_is_null(was)) {
				assert_true(json_is_null(gas));
			} else if (json_is_string(wr)) {
				assert_string_equal(str(gas, "rating"), json_string_value(wr));
				assert_string_equal(str(gas, "text"), str(was, "text"));
			}
		}
	}
	json_decref(plan);

	plan = store_plan(f->s, "the-promise", &f->e);
	assert_non_null(plan);
	assert_int_equal(json_array_size(json_object_get(plan, "phases")), 4);
	assert_int_equal(json_array_size(json_object_get(plan, "priorities")), 0);
	json_decref(plan);

	assert_null(store_plan(f->s, "plan-99", &f->e));
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	assert_string_equal(f->e.msg, "no plan called 'plan-99'");

	/* Every plan's priorities, plan by plan: Plan 21-24's five priority areas, then Plan
	 * 24-30's five foundation groups, each with its foundation. */
	json_t *all = store_priorities_with_actions(f->s, &f->e);
	assert_int_equal(json_array_size(all), json_array_size(want) + 5);
	assert_string_equal(str(json_object_get(json_array_get(all, 0), "plan"), "slug"), "plan-21-24");
	assert_true(json_is_null(json_object_get(json_array_get(all, 0), "foundation")));
	json_t *voice = json_array_get(all, json_array_size(want));
	assert_string_equal(str(json_object_get(voice, "plan"), "slug"), "plan-24-30");
	assert_string_equal(str(voice, "slug"), "voice-route-maps");
	assert_string_equal(str(voice, "foundation"), "voice");
	json_decref(all);
}

static void test_action_planning(void **state)
{
	struct fx *f = *state;
	json_t *a = store_action(f->s, "planning", &f->e);
	if (!a)
		fail_msg("store_action: %s", f->e.msg);
	json_t *w = ref_action("planning");
	assert_string_equal(str(a, "slug"), "planning");
	assert_string_equal(str(a, "title"), str(w, "title"));
	assert_string_equal(str(a, "required"), str(w, "required"));
	assert_string_equal(str(a, "committed"), str(w, "committed"));
	assert_string_equal(str(a, "leads_text"), str(w, "leads_text"));
	assert_string_equal(str(a, "next_steps"), str(w, "next_steps"));
	assert_string_equal(str(a, "source"), "seed 004");
	assert_true(json_is_null(json_object_get(a, "due")));
	assert_string_equal(str(json_object_get(a, "priority"), "slug"), "planning");
	assert_string_equal(str(json_object_get(a, "plan"), "slug"), "plan-21-24");

	/* Foundations: family then care (the Promise's order). */
	json_t *fs = json_object_get(a, "foundations");
	assert_int_equal(json_array_size(fs), json_array_size(json_object_get(w, "foundations")));
	assert_string_equal(str(json_array_get(fs, 0), "slug"), "family");
	assert_string_equal(str(json_array_get(fs, 0), "title"), "Family");
	assert_string_equal(str(json_array_get(fs, 1), "slug"), "care");

	/* Heard notes, in order. */
	json_t *heard = json_object_get(a, "heard"), *wh = json_object_get(w, "heard");
	assert_int_equal(json_array_size(heard), json_array_size(wh));
	assert_int_equal(json_array_size(heard), 5);
	for (size_t i = 0; i < json_array_size(wh); i++)
		assert_string_equal(str(json_array_get(heard, i), "text"),
		                    json_string_value(json_array_get(wh, i)));

	/* Leads: the demo's leads of planning, 'lead' before 'key', each by name. */
	const char *want_slug[16], *want_role[16];
	size_t nw = 0, i;
	json_t *l;
	for (int pass = 0; pass < 2; pass++) {
		const char *role = pass == 0 ? "lead" : "key";
		size_t first = nw;
		json_array_foreach(json_object_get(ref_demo, "leads"), i, l)
		{
			if (strcmp(str(l, "action"), "planning") == 0 && strcmp(str(l, "role"), role) == 0 &&
			    nw < 16) {
				want_slug[nw] = str(l, "organisation");
				want_role[nw] = role;
				nw++;
			}
		}
		/* sort this role's slugs by organisation name */
		for (size_t x = first; x < nw; x++)
			for (size_t y = x + 1; y < nw; y++)
				if (strcmp(ref_org_name(want_slug[y]), ref_org_name(want_slug[x])) < 0) {
					const char *t = want_slug[x];
					want_slug[x] = want_slug[y];
					want_slug[y] = t;
				}
	}
	json_t *leads = json_object_get(a, "leads");
	assert_int_equal(json_array_size(leads), nw);
	assert_int_equal(nw, 6);
	for (i = 0; i < nw; i++) {
		json_t *got = json_array_get(leads, i);
		assert_string_equal(str(got, "role"), want_role[i]);
		assert_string_equal(str(json_object_get(got, "organisation"), "slug"), want_slug[i]);
		assert_string_equal(str(json_object_get(got, "organisation"), "name"),
		                    ref_org_name(want_slug[i]));
	}

	/* Commitments made toward planning. */
	size_t nc = 0;
	json_t *c;
	json_array_foreach(json_object_get(ref_demo, "commitments"), i, c)
	{
		json_t *ca = json_object_get(c, "action");
		nc += json_is_string(ca) && strcmp(json_string_value(ca), "planning") == 0;
	}
	assert_int_equal(json_array_size(json_object_get(a, "commitments")), nc);
	assert_true(nc > 0);

	/* The assessment. */
	json_t *as = json_object_get(a, "assessments");
	assert_int_equal(json_array_size(as), 1);
	json_t *a0 = json_array_get(as, 0);
	assert_string_equal(str(a0, "rating"), "under_way_not_sufficient");
	assert_string_equal(str(a0, "rating"), str(json_object_get(w, "assessment"), "rating"));
	assert_string_equal(str(a0, "text"), "Work is underway but does not yet appear sufficient.");
	assert_string_equal(str(a0, "source"), "seed 004"); /* the action's source */
	assert_int_equal(json_array_size(json_object_get(a, "timeline")), 0);
	json_decref(a);
}

static void test_action_investment_timeline(void **state)
{
	struct fx *f = *state;
	json_t *a = store_action(f->s, "investment", &f->e);
	assert_non_null(a);
	json_t *w = ref_action("investment");
	json_t *tl = json_object_get(a, "timeline"), *wt = json_object_get(w, "timeline");
	assert_int_equal(json_array_size(tl), json_array_size(wt));
	assert_true(json_array_size(tl) > 0);
	for (size_t i = 0; i < json_array_size(wt); i++) {
		json_t *g = json_array_get(tl, i), *x = json_array_get(wt, i);
		assert_string_equal(str(g, "text"), str(x, "text"));
		assert_true(json_equal(json_object_get(g, "when"), json_object_get(x, "when")));
		json_t *xd = json_object_get(x, "due");
		assert_true(json_equal(json_object_get(g, "due"), xd ? xd : json_null()));
	}
	/* A rating the seed does not give is null, with its text kept. */
	json_t *a0 = json_array_get(json_object_get(a, "assessments"), 0);
	assert_true(json_is_null(json_object_get(a0, "rating")));
	assert_string_equal(str(a0, "text"), "Work is underway.");
	json_decref(a);
}

static void test_action_unknown(void **state)
{
	struct fx *f = *state;
	kerr_clear(&f->e);
	assert_null(store_action(f->s, "nope", &f->e));
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	assert_string_equal(f->e.msg, "no action called 'nope'");
	assert_null(store_action(f->s, "'; DROP TABLE action; --", &f->e));
	assert_string_equal(f->e.msg, "no action called ''; DROP TABLE action; --'");
}

static void test_organisations(void **state)
{
	struct fx *f = *state;
	json_t *orgs = store_organisations(f->s, &f->e);
	assert_non_null(orgs);
	assert_int_equal(json_array_size(orgs), json_array_size(json_object_get(ref_demo, "organisations")));
	/* By name, ignoring case. */
	for (size_t i = 1; i < json_array_size(orgs); i++)
		assert_true(strcasecmp(str(json_array_get(orgs, i - 1), "name"),
		                       str(json_array_get(orgs, i), "name")) <= 0);
	json_decref(orgs);

	json_t *o = store_organisation(f->s, "clackmannanshire-alliance", &f->e);
	assert_non_null(o);
	assert_string_equal(str(o, "name"), "Clackmannanshire Alliance");
	assert_string_equal(str(o, "council_area"), "S12000005");
	assert_string_equal(str(o, "council_area_name"), "Clackmannanshire");
	assert_true(json_is_null(json_object_get(o, "sector")));
	json_decref(o);

	assert_null(store_organisation(f->s, "nobody", &f->e));
	assert_string_equal(f->e.msg, "no organisation called 'nobody'");
}

/* ---- search ---- */

static json_t *find_hit(json_t *hits, const char *kind, const char *slug)
{
	size_t i;
	json_t *h;
	json_array_foreach(hits, i, h)
	{
		if (strcmp(str(h, "kind"), kind) == 0 && strcmp(str(h, "slug"), slug) == 0)
			return h;
	}
	return NULL;
}

static void test_search_secure_care(void **state)
{
	struct fx *f = *state;
	json_t *hits = store_search(f->s, "secure care", 20, &f->e);
	if (!hits)
		fail_msg("store_search: %s", f->e.msg);
	json_t *h = find_hit(hits, "action", "planning");
	if (!h)
		fail_msg("searching 'secure care' does not find the planning action");
	assert_string_equal(str(h, "title"), "Planning");
	const char *snip = str(h, "snippet");
	assert_non_null(strstr(snip, "\x01Secure\x02 \x01"
	                             "Care\x02"));
	/* Markers come in pairs. */
	size_t open = 0, close = 0;
	for (const char *p = snip; *p; p++) {
		open += *p == '\x01';
		close += *p == '\x02';
	}
	assert_int_equal(open, close);
	assert_true(open >= 2);
	/* The organisation and the heard notes are found too. */
	h = find_hit(hits, "organisation", "secure-care-group");
	assert_non_null(h);
	assert_string_equal(str(h, "snippet"), "The \x01Secure\x02 \x01"
	                                       "Care\x02 Group");
	assert_non_null(find_hit(hits, "heard", "planning"));
	json_decref(hits);
}

/* store.h: "each word is matched as a prefix": a word cut short still finds. */
static void test_search_prefix(void **state)
{
	struct fx *f = *state;
	const struct {
		const char *words, *kind, *slug;
	} cases[] = {
	    {"plan", "action", "planning"},      {"Plann", "action", "planning"},
	    {"plannin", "action", "planning"},   {"invest", "action", "investment"},
	    {"investm", "action", "investment"}, {"secur car", "organisation", "secure-care-group"},
	    {"commissio", "heard", "planning"},
	};
	struct buf missed = {0};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *hits = store_search(f->s, cases[i].words, 50, &f->e);
		assert_non_null(hits);
		if (!find_hit(hits, cases[i].kind, cases[i].slug))
			buf_printf(&missed, "%s'%s' does not find %s '%s'", missed.len ? "; " : "",
			           cases[i].words, cases[i].kind, cases[i].slug);
		json_decref(hits);
	}
	if (missed.len) {
		char msg[1024];
		snprintf(msg, sizeof msg, "%s", buf_str(&missed));
		buf_free(&missed);
		fail_msg("searching %s", msg);
	}
}

static void test_search_case_and_limit(void **state)
{
	struct fx *f = *state;
	json_t *hits = store_search(f->s, "PLANNING", 50, &f->e);
	assert_non_null(hits);
	json_t *h = find_hit(hits, "action", "planning");
	json_decref(hits);
	assert_non_null(h);
	hits = store_search(f->s, "secure care", 1, &f->e);
	assert_int_equal(json_array_size(hits), 1);
	json_decref(hits);
	/* All words must occur. */
	hits = store_search(f->s, "secure zzzzqqq", 50, &f->e);
	assert_non_null(hits);
	assert_int_equal(json_array_size(hits), 0);
	json_decref(hits);
}

static void test_search_nothing_to_search(void **state)
{
	struct fx *f = *state;
	const char *inputs[] = {"", "   ", "!!!", "\"", "*", "()", "-", NULL};
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		json_t *hits = store_search(f->s, inputs[i], 20, &f->e);
		if (!hits)
			fail_msg("store_search(\"%s\") failed: %s", inputs[i] ? inputs[i] : "(null)",
			         f->e.msg);
		assert_true(json_is_array(hits));
		assert_int_equal(json_array_size(hits), 0);
		json_decref(hits);
	}
}

static void test_search_fts_syntax_has_no_effect(void **state)
{
	struct fx *f = *state;
	const char *inputs[] = {
	    "\"secure care\"",
	    "\"secure",
	    "secure\"",
	    "secure AND care",
	    "secure OR care",
	    "NOT care",
	    "secure NOT",
	    "AND",
	    "NEAR(secure care)",
	    "NEAR(secure care, 2)",
	    "secure*",
	    "*secure",
	    "(secure",
	    "secure)",
	    "(secure OR (care)",
	    "title:secure",
	    "kind:action",
	    "{title body}: care",
	    "^care",
	    "secure + care",
	    "-care",
	    "care -secure",
	    "\"\"\"",
	    "a\"b\"c",
	    "secure\x01",
	    "\t\n",
	    "caf\xC3\xA9",
	    "\xFF\xFE",
	    "caf\xC3",
	    "\xE2\x80\x93",
	    "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18",
	};
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		kerr_clear(&f->e);
		json_t *hits = store_search(f->s, inputs[i], 20, &f->e);
		if (!hits)
			fail_msg("store_search(\"%s\") failed: %s", inputs[i], f->e.msg);
		assert_true(json_is_array(hits));
		json_decref(hits);
	}
	/* Operators are just words: "secure AND care" finds what "secure and care" does. */
	json_t *a = store_search(f->s, "secure AND care", 50, &f->e);
	json_t *b = store_search(f->s, "secure and care", 50, &f->e);
	assert_true(json_equal(a, b));
	json_decref(a);
	json_decref(b);
	a = store_search(f->s, "NEAR(secure care)", 50, &f->e);
	b = store_search(f->s, "near secure care", 50, &f->e);
	assert_true(json_equal(a, b));
	json_decref(a);
	json_decref(b);
}

static void test_search_injection(void **state)
{
	struct fx *f = *state;
	json_t *hits = store_search(f->s, "'; DROP TABLE action; --", 20, &f->e);
	if (!hits)
		fail_msg("store_search failed: %s", f->e.msg);
	assert_true(json_is_array(hits));
	json_decref(hits);
	hits = store_search(f->s, "x') OR 1=1; DELETE FROM search; --", 20, &f->e);
	assert_non_null(hits);
	json_decref(hits);
	/* Nothing was dropped or deleted. */
	json_t *c = store_counts(f->s, &f->e);
	assert_non_null(c);
	assert_int_equal(num(c, "actions"), (json_int_t)ref_action_count());
	json_decref(c);
	json_t *a = store_action(f->s, "planning", &f->e);
	assert_non_null(a);
	json_decref(a);
	hits = store_search(f->s, "secure care", 20, &f->e);
	assert_non_null(find_hit(hits, "action", "planning"));
	json_decref(hits);
}

/* ---- API resources ---- */

/* ---- draft plans ---- */

/* A draft plan with a priority area, an action, its heard note and milestone, loaded
 * into the Plan and the demo. */
static void load_draft(struct fx *f)
{
	json_t *plan = parse(
	    "{\"plans\": [{\"slug\": \"draft-plan\", \"title\": \"Wombat plan\", \"starts\": \"2027-04-01\", "
	    "\"ends\": \"2030-03-31\", \"status\": \"draft\", \"shape\": \"route_maps\", "
	    "\"phases\": [{\"slug\": \"wombat-phase\", \"title\": \"Wombat phase\", \"starts\": \"2027-04-01\", "
	    "\"ends\": \"2030-03-31\"}], "
	    "\"priorities\": [{\"slug\": \"wombat-route-maps\", \"title\": \"Wombat group\", \"foundation\": \"voice\", "
	    "\"actions\": [{\"slug\": \"wombat\", \"title\": \"Wombat route map\", \"now\": \"Wombats now\", "
	    "\"foundations\": [\"voice\"], \"heard\": [{\"text\": \"Wombat heard\"}], "
	    "\"timeline\": [{\"when\": \"2028\", \"text\": \"Wombat milestone\"}]}]}]}]}");
	assert_int_equal(store_begin(f->s, &f->e), 0);
	if (store_load_plan(f->s, plan, &f->e) < 0)
		fail_msg("store_load_plan: %s", f->e.msg);
	assert_int_equal(store_commit(f->s, &f->e), 0);
	json_decref(plan);
}

/* Whether the resource has an item id (store_resource_get finds it). */
static bool resource_has(struct fx *f, const char *resource, const char *id)
{
	json_t *v = store_resource_get(f->s, resource, id, &f->e);
	json_decref(v);
	return v != NULL;
}

/* How many of list's items have key equal to value. */
static size_t count_with(json_t *list, const char *key, const char *value)
{
	size_t n = 0, i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		const char *got = json_string_value(json_object_get(v, key));
		n += got && strcmp(got, value) == 0;
	}
	return n;
}

static void test_drafts_hidden_unless_seen(void **state)
{
	struct fx *f = *state;
	json_t *before = store_counts(f->s, &f->e);
	load_draft(f);
	for (int seen = 0; seen <= 1; seen++) {
		store_drafts_set(f->s, seen);
		json_t *plans = store_plans(f->s, &f->e), *c = store_counts(f->s, &f->e);
		json_t *plan = store_plan(f->s, "draft-plan", &f->e);
		json_t *action = store_action(f->s, "wombat", &f->e);
		json_t *found = store_search(f->s, "Wombat", 20, &f->e);
		json_t *voice = store_foundation(f->s, "voice", &f->e);
		json_t *tree = store_priorities_with_actions(f->s, &f->e);
		assert_non_null(plans);
		assert_int_equal(count_with(plans, "slug", "draft-plan"), seen);
		assert_int_equal(num(c, "actions"), num(before, "actions") + seen);
		assert_int_equal(plan != NULL, seen);
		assert_int_equal(action != NULL, seen);
		assert_int_equal(json_array_size(found), seen ? 2 : 0); /* the action and its heard note */
		assert_int_equal(count_with(json_object_get(voice, "actions"), "slug", "wombat"), seen);
		assert_int_equal(count_with(tree, "slug", "wombat-route-maps"), seen);
		assert_int_equal(resource_has(f, "plans", "draft-plan"), seen);
		assert_int_equal(resource_has(f, "phases", "wombat-phase"), seen);
		assert_int_equal(resource_has(f, "priorities", "wombat-route-maps"), seen);
		assert_int_equal(resource_has(f, "actions", "wombat"), seen);
		assert_int_equal(resource_has(f, "heard", "wombat-001"), seen);
		assert_int_equal(resource_has(f, "milestones", "wombat-001"), seen);
		json_decref(plans);
		json_decref(c);
		json_decref(plan);
		json_decref(action);
		json_decref(found);
		json_decref(voice);
		json_decref(tree);
	}
	json_decref(before);
	/* A write works on whole records: inside a transaction the draft is there to read
	 * back for the audit, whoever the reader. */
	store_drafts_set(f->s, false);
	assert_int_equal(store_begin(f->s, &f->e), 0);
	assert_true(resource_has(f, "actions", "wombat"));
	store_release(f->s);
	assert_false(resource_has(f, "actions", "wombat"));
}

static void test_resource_paging_visits_every_action_once(void **state)
{
	struct fx *f = *state;
	size_t n = ref_action_count();
	const char **want = calloc(n, sizeof *want);
	assert_non_null(want);
	size_t k = 0, i, j, m;
	json_t *pl, *p, *a;
	json_array_foreach(json_object_get(ref_plan, "plans"), m, pl)
	{
		json_array_foreach(json_object_get(pl, "priorities"), i, p)
		{
			json_array_foreach(json_object_get(p, "actions"), j, a)
			{
				want[k++] = str(a, "slug");
			}
		}
	}
	assert_int_equal(k, n);
	qsort(want, n, sizeof *want, cmp_str);

	char after[128] = "";
	size_t seen = 0, pages = 0;
	for (;;) {
		struct store_page pg = {.limit = 2, .after = after[0] ? after : NULL};
		json_t *page = store_resource_list(f->s, "actions", &pg, &f->e);
		if (!page)
			fail_msg("page %zu: %s", pages, f->e.msg);
		pages++;
		json_t *items = json_object_get(page, "items");
		json_t *next = json_object_get(page, "next");
		assert_true(json_array_size(items) <= 2);
		json_t *it;
		json_array_foreach(items, i, it)
		{
			assert_true(seen < n);
			assert_string_equal(str(it, "id"), want[seen]);
			seen++;
		}
		if (json_is_null(next)) {
			json_decref(page);
			break;
		}
		/* next is the last id on this page */
		assert_true(json_is_string(next));
		assert_string_equal(json_string_value(next),
		                    str(json_array_get(items, json_array_size(items) - 1), "id"));
		snprintf(after, sizeof after, "%s", json_string_value(next));
		json_decref(page);
		assert_true(pages <= n);
	}
	assert_int_equal(seen, n);
	assert_int_equal(pages, (n + 1) / 2);
	free(want);

	/* A page that holds everything has no next. */
	struct store_page all = {.limit = 500};
	json_t *page = store_resource_list(f->s, "actions", &all, &f->e);
	assert_int_equal(json_array_size(json_object_get(page, "items")), n);
	assert_true(json_is_null(json_object_get(page, "next")));
	json_decref(page);
	/* Exactly n with limit n: still no next. */
	struct store_page exact = {.limit = (int)n};
	page = store_resource_list(f->s, "actions", &exact, &f->e);
	assert_int_equal(json_array_size(json_object_get(page, "items")), n);
	assert_true(json_is_null(json_object_get(page, "next")));
	json_decref(page);
}

static void test_resource_filter_priority(void **state)
{
	struct fx *f = *state;
	json_t *wa = json_object_get(ref_priority("planning"), "actions");
	size_t n = json_array_size(wa);
	const char **want = calloc(n, sizeof *want);
	size_t i;
	json_t *a;
	json_array_foreach(wa, i, a)
	{
		want[i] = str(a, "slug");
	}
	qsort(want, n, sizeof *want, cmp_str);

	struct store_page pg = {.limit = 100, .priority = "planning"};
	json_t *page = store_resource_list(f->s, "actions", &pg, &f->e);
	if (!page)
		fail_msg("%s", f->e.msg);
	json_t *items = json_object_get(page, "items");
	assert_int_equal(json_array_size(items), n);
	assert_int_equal(n, 4);
	json_array_foreach(items, i, a)
	{
		assert_string_equal(str(a, "id"), want[i]);
		assert_string_equal(str(a, "priority"), "planning");
		assert_null(json_object_get(a, "_priority")); /* hidden columns stay hidden */
		assert_null(json_object_get(a, "_organisation"));
	}
	json_decref(page);
	free(want);

	/* Commitments by organisation. */
	size_t nc = 0;
	json_t *c;
	json_array_foreach(json_object_get(ref_demo, "commitments"), i, c)
	{
		nc += strcmp(str(c, "organisation"), "scottish-government") == 0;
	}
	struct store_page po = {.limit = 500, .organisation = "scottish-government"};
	page = store_resource_list(f->s, "commitments", &po, &f->e);
	assert_non_null(page);
	items = json_object_get(page, "items");
	assert_int_equal(json_array_size(items), nc);
	json_array_foreach(items, i, c)
	{
		assert_string_equal(str(c, "organisation"), "scottish-government");
	}
	json_decref(page);

	/* Leads of planning, addressed action/organisation. */
	struct store_page pl = {.limit = 500, .priority = "planning", .organisation = "cosla"};
	page = store_resource_list(f->s, "leads", &pl, &f->e);
	items = json_object_get(page, "items");
	assert_int_equal(json_array_size(items), 3);
	assert_string_equal(str(json_array_get(items, 0), "id"), "information-sharing/cosla");
	assert_string_equal(str(json_array_get(items, 1), "id"), "investment/cosla");
	assert_string_equal(str(json_array_get(items, 2), "id"), "planning/cosla");
	assert_string_equal(str(json_array_get(items, 2), "role"), "lead");
	json_decref(page);
}

static void test_resource_unknown_filter_values(void **state)
{
	struct fx *f = *state;
	struct store_page pg = {.limit = 10, .priority = "x"};
	kerr_clear(&f->e);
	assert_null(store_resource_list(f->s, "actions", &pg, &f->e));
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	assert_string_equal(f->e.msg, "no priority area called 'x'");

	struct store_page po = {.limit = 10, .organisation = "x"};
	kerr_clear(&f->e);
	assert_null(store_resource_list(f->s, "commitments", &po, &f->e));
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	assert_string_equal(f->e.msg, "no organisation called 'x'");

	struct store_page pa = {.limit = 10, .after = "zzz"};
	kerr_clear(&f->e);
	assert_null(store_resource_list(f->s, "actions", &pa, &f->e));
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	assert_string_equal(f->e.msg, "no action called 'zzz'");

	struct store_page pc = {.limit = 10, .after = "S99999999"};
	assert_null(store_resource_list(f->s, "council-areas", &pc, &f->e));
	assert_string_equal(f->e.msg, "no council area called 'S99999999'");

	struct store_page ok = {.limit = 10};
	kerr_clear(&f->e);
	assert_null(store_resource_list(f->s, "nope", &ok, &f->e));
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	assert_string_equal(f->e.msg, "no resource called 'nope'");
}

static void test_resource_get(void **state)
{
	struct fx *f = *state;
	json_t *a = store_resource_get(f->s, "actions", "planning", &f->e);
	if (!a)
		fail_msg("%s", f->e.msg);
	assert_string_equal(str(a, "id"), "planning");
	assert_string_equal(str(a, "plan"), "plan-21-24");
	assert_string_equal(str(a, "priority"), "planning");
	assert_string_equal(str(a, "title"), "Planning");
	json_t *fs = json_object_get(a, "foundations");
	assert_true(json_is_array(fs));
	assert_int_equal(json_array_size(fs), 2);
	assert_string_equal(json_string_value(json_array_get(fs, 0)), "family");
	assert_string_equal(json_string_value(json_array_get(fs, 1)), "care");
	assert_null(json_object_get(a, "_priority"));
	json_decref(a);

	/* An action with no foundations has an empty list, not null. */
	a = store_resource_get(f->s, "actions", "investment", &f->e);
	assert_true(json_is_array(json_object_get(a, "foundations")));
	assert_int_equal(json_array_size(json_object_get(a, "foundations")), 0);
	json_decref(a);

	a = store_resource_get(f->s, "heard", "planning-001", &f->e);
	assert_non_null(a);
	assert_string_equal(str(a, "text"), json_string_value(json_array_get(
	                                        json_object_get(ref_action("planning"), "heard"), 0)));
	json_decref(a);

	kerr_clear(&f->e);
	assert_null(store_resource_get(f->s, "actions", "nope", &f->e));
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	assert_string_equal(f->e.msg, "no action called 'nope'");
	assert_null(store_resource_get(f->s, "priorities", "nope", &f->e));
	assert_string_equal(f->e.msg, "no priority area called 'nope'");
	assert_null(store_resource_get(f->s, "nope", "planning", &f->e));
	assert_string_equal(f->e.msg, "no resource called 'nope'");
}

static void test_resource_all(void **state)
{
	struct fx *f = *state;
	struct {
		const char *name;
		size_t n;
	} want[] = {
	    {"foundations", json_array_size(json_object_get(ref_plan, "foundations"))},
	    {"fundamentals", json_array_size(json_object_get(ref_plan, "fundamentals"))},
	    {"phases", ref_phase_count()},
	    {"plans", json_array_size(json_object_get(ref_plan, "plans"))},
	    {"priorities", json_array_size(ref_all_priorities())},
	    {"actions", ref_action_count()},
	    {"organisations", json_array_size(json_object_get(ref_demo, "organisations"))},
	    {"commitments", json_array_size(json_object_get(ref_demo, "commitments"))},
	    {"leads", json_array_size(json_object_get(ref_demo, "leads"))},
	    {"heard", ref_action_total("heard")},
	    {"assessments", ref_assessment_count()},
	    {"milestones", ref_action_total("timeline")},
	    {"council-areas", ref_area_count()},
	    {"evidence", 0}, /* none is shipped */
	    {"board-members", json_array_size(json_object_get(ref_demo, "board_members"))},
	    {"indicators", json_array_size(json_object_get(ref_demo, "indicators")) + ref_framework_count("indicators")},
	    {"targets", json_array_size(json_object_get(ref_demo, "targets"))},
	    {"observations", json_array_size(json_object_get(ref_demo, "observations"))},
	    {"vision-statements", ref_framework_count(NULL)},
	    {"vision-outcomes", ref_framework_count("outcomes")},
	    {"scenarios", json_array_size(json_object_get(ref_scenarios, "scenarios"))},
	    {"spend", json_array_size(json_object_get(ref_demo, "spend"))},
	};
	size_t nres = 0;
	while (store_resources[nres])
		nres++;
	assert_int_equal(nres, sizeof want / sizeof want[0]);
	for (size_t r = 0; r < nres; r++) {
		assert_string_equal(store_resources[r], want[r].name);
		json_t *all = store_resource_all(f->s, want[r].name, &f->e);
		if (!all)
			fail_msg("%s: %s", want[r].name, f->e.msg);
		if (json_array_size(all) != want[r].n)
			fail_msg("%s: %zu items, expected %zu", want[r].name, json_array_size(all),
			         want[r].n);
		size_t i;
		json_t *it;
		const char *prev = NULL;
		json_array_foreach(all, i, it)
		{
			const char *id = str(it, "id");
			if (prev && strcmp(prev, id) >= 0)
				fail_msg("%s: '%s' comes after '%s'", want[r].name, id, prev);
			prev = id;
			const char *key;
			json_t *v;
			json_object_foreach(it, key, v)
			{
				if (key[0] == '_')
					fail_msg("%s: hidden column %s shows", want[r].name, key);
			}
			/* get gives the same item as the list */
			json_t *one = store_resource_get(f->s, want[r].name, id, &f->e);
			if (!one || !json_equal(one, it))
				fail_msg("%s: get('%s') differs from the list", want[r].name, id);
			json_decref(one);
		}
		json_decref(all);
	}
	assert_null(store_resource_all(f->s, "nope", &f->e));
	assert_string_equal(f->e.msg, "no resource called 'nope'");
}

static void test_resource_filters(void **state)
{
	(void)state;
	assert_true(store_resource_filters("actions", "priority"));
	assert_false(store_resource_filters("actions", "organisation"));
	assert_true(store_resource_filters("commitments", "priority"));
	assert_true(store_resource_filters("commitments", "organisation"));
	assert_true(store_resource_filters("leads", "organisation"));
	assert_true(store_resource_filters("heard", "priority"));
	assert_false(store_resource_filters("foundations", "priority"));
	assert_false(store_resource_filters("council-areas", "organisation"));
	assert_false(store_resource_filters("actions", "limit"));
	assert_false(store_resource_filters("nope", "priority"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_create_new, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_create_refuses_existing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_create_in_missing_directory, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_open_missing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_open_text_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_open_other_program, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_open_newer_version, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_migrate_from_zero, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_migrate_6_to_7, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_migrate_placement_where_and_home, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_migrate_placement_service_sector, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_crossborder_register, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_migrate_progress_framework, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_migrate_plans_flex, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_transactions_nest, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_transactions_release, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_content_counts, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_content_without_demo, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_content_load_twice_changes_nothing, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_failed_load_leaves_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failed_demo_load, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_council_area_csv_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_foundations_in_order, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_foundation_with_actions, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_fundamentals, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_phases_and_plans, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_plan_tree, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_action_planning, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_action_investment_timeline, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_action_unknown, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_organisations, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_search_secure_care, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_search_prefix, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_search_case_and_limit, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_search_nothing_to_search, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_search_fts_syntax_has_no_effect, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_search_injection, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_drafts_hidden_unless_seen, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_resource_paging_visits_every_action_once, setup_loaded,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_resource_filter_priority, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_resource_unknown_filter_values, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_resource_get, setup_loaded, teardown),
	    cmocka_unit_test_setup_teardown(test_resource_all, setup_loaded, teardown),
	    cmocka_unit_test(test_resource_filters),
	};
	return cmocka_run_group_tests(tests, load_reference, free_reference);
}
