/* Unit tests for src/plan/import.c as a caller other than the command line (the upload
 * form, later) sees it: import_run takes bytes and a name, returns the counts or the
 * problems, reports progress through its callback, and knows its kinds. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/kerr.h"
#include "plan/import.h"
#include "plan/plan.h"
#include "store/store.h"

struct fx {
	char dir[256], path[300];
	struct store *s;
	struct kerr e;
	json_t *errors;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (!f || testutil_make_dir(f->dir, sizeof f->dir, "import") < 0) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/keep.db", f->dir);
	*state = f;
	f->errors = json_array();
	f->s = store_open(f->path, STORE_CREATE, &f->e);
	if (!f->s || plan_content_load(f->s, true, &f->e) < 0) {
		fprintf(stderr, "setup: %s\n", f->e.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	json_decref(f->errors);
	store_close(f->s);
	testutil_remove_dir(f->dir);
	free(f);
	return 0;
}

/* What the progress callback was told, as "pass done/total" lines. */
struct seen {
	char log[4096];
};

static void record(const char *pass, size_t done, size_t total, void *arg)
{
	struct seen *s = arg;
	size_t n = strlen(s->log);
	snprintf(s->log + n, sizeof s->log - n, "%s %zu/%zu\n", pass, done, total);
}

static int run(struct fx *f, const char *kind, const char *csv, struct import_result *r, struct seen *seen)
{
	return import_run(f->s, kind, "upload.csv", csv, strlen(csv), "web (tester@example.org)",
	                  seen ? record : NULL, seen, r, f->errors, &f->e);
}

static void test_kinds(void **state)
{
	(void)state;
	assert_string_equal(import_kinds[0], "commitments");
	assert_string_equal(import_kinds[1], "organisations");
	assert_string_equal(import_kinds[2], "evidence");
	assert_string_equal(import_kinds[3], "observations");
	assert_string_equal(import_kinds[4], "spend");
	assert_null(import_kinds[5]);
}

static void test_unknown_kind(void **state)
{
	struct fx *f = *state;
	struct import_result r;
	assert_int_equal(run(f, "leads", "id\n", &r, NULL), -1);
	assert_int_equal(f->e.code, KERR_USAGE);
	assert_string_equal(f->e.msg, "keep cannot import 'leads'");
	assert_int_equal(json_array_size(f->errors), 0);
}

static void test_commitments_counts_audit_and_progress(void **state)
{
	struct fx *f = *state;
	struct import_result r;
	struct seen seen = {{0}};
	const char *csv = "id,organisation,text,status\n"
	                  "u-1,cosla,First,done\n"
	                  "u-2,cosla,Second,\n";
	assert_int_equal(run(f, "commitments", csv, &r, &seen), 0);
	assert_int_equal(r.rows, 2);
	assert_int_equal(r.created, 2);
	assert_int_equal(r.changed, 0);
	assert_int_equal(r.unchanged, 0);
	assert_string_equal(seen.log, "writing 2/2\n");
	json_t *audit = store_audit_list(f->s, "commitment", "u-1", NULL, &f->e);
	assert_int_equal(json_array_size(audit), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(audit, 0), "actor")),
	                    "web (tester@example.org)");
	json_decref(audit);

	/* Again, one row changed: counted, audited as an update. */
	const char *again = "id,organisation,text,status\n"
	                    "u-1,cosla,First,under_way\n"
	                    "u-2,cosla,Second,\n";
	assert_int_equal(run(f, "commitments", again, &r, NULL), 0);
	assert_int_equal(r.created, 0);
	assert_int_equal(r.changed, 1);
	assert_int_equal(r.unchanged, 1);
	audit = store_audit_list(f->s, "commitment", "u-1", NULL, &f->e);
	assert_int_equal(json_array_size(audit), 2);
	json_t *last = json_array_get(audit, 1);
	assert_string_equal(json_string_value(json_object_get(last, "verb")), "update");
	assert_string_equal(json_string_value(json_object_get(json_object_get(last, "before"), "status")), "done");
	assert_string_equal(json_string_value(json_object_get(json_object_get(last, "after"), "status")), "under_way");
	json_decref(audit);
}

static void test_progress_while_checking(void **state)
{
	struct fx *f = *state;
	struct buf csv = {0};
	buf_puts(&csv, "id,name\n");
	for (int i = 0; i < 5000; i++)
		buf_printf(&csv, "org-%04d,Organisation %d\n", i, i);
	struct import_result r;
	struct seen seen = {{0}};
	assert_int_equal(import_run(f->s, "organisations", "orgs.csv", buf_str(&csv), csv.len, "tester", record, &seen,
	                            &r, f->errors, &f->e),
	                 0);
	assert_int_equal(r.created, 5000);
	/* Checking reports bytes of the file after 4096 rows; writing reports rows. */
	char want[256];
	size_t at = strlen("id,name\n");
	for (int i = 0; i < 4096; i++)
		at += (size_t)snprintf(NULL, 0, "org-%04d,Organisation %d\n", i, i);
	snprintf(want, sizeof want, "checking %zu/%zu\nwriting 4096/5000\nwriting 5000/5000\n", at, csv.len);
	assert_string_equal(seen.log, want);
	buf_free(&csv);
}

static void test_problems_returned_not_printed(void **state)
{
	struct fx *f = *state;
	struct import_result r;
	const char *csv = "id,name,scale\n"
	                  "good-org,Good,local\n"
	                  "bad-org,Bad,huge\n";
	assert_int_equal(run(f, "organisations", csv, &r, NULL), -1);
	assert_int_equal(f->e.code, KERR_INVALID);
	assert_string_equal(f->e.msg, "upload.csv: 1 problem; nothing was imported");
	assert_int_equal(json_array_size(f->errors), 1);
	assert_string_equal(json_string_value(json_array_get(f->errors, 0)),
	                    "upload.csv:3:13: scale 'huge': Choose national or local.");
	assert_null(store_resource_get(f->s, "organisations", "good-org", NULL));
}

/* Figures have no id: they are matched on indicator, area and period, a repeat in the
 * file is named, the form's messages are used, and the same file again writes nothing. */
static void test_observations_keyed(void **state)
{
	struct fx *f = *state;
	struct import_result r;
	const char *bad = "indicator,area,period,value,suppressed,source\n"
	                  "child-protection,S92000003,2026-07-31,11400,,SG\n"
	                  "child-protection,S92000003,2026-07-31,11300,,SG\n"
	                  "child-protection,S12000047,2026-07-31,,,SG\n";
	assert_int_equal(run(f, "observations", bad, &r, NULL), -1);
	assert_int_equal(json_array_size(f->errors), 2);
	assert_string_equal(json_string_value(json_array_get(f->errors, 0)),
	                    "upload.csv:3:28: the figure for child-protection/S92000003/2026-07-31 is already on line 2");
	assert_string_equal(json_string_value(json_array_get(f->errors, 1)),
	                    "upload.csv:4:39: value is empty: Enter the figure, like 12 or 12.5, or say it is suppressed.");
	assert_null(store_resource_get(f->s, "observations", "child-protection/S92000003/2026-07-31", NULL));

	const char *good = "indicator,area,period,value,suppressed,source\n"
	                   "child-protection,S92000003,2026-07-31,11400,,SG\n"
	                   "child-protection,S12000047,2026-07-31,,yes,SG\n";
	assert_int_equal(run(f, "observations", good, &r, NULL), 0);
	assert_int_equal(r.created, 2);
	assert_int_equal(run(f, "observations", good, &r, NULL), 0);
	assert_int_equal(r.created + r.changed, 0);
	assert_int_equal(r.unchanged, 2);
	json_t *log = store_audit_list(f->s, "observation", NULL, NULL, &f->e);
	assert_int_equal(json_array_size(log), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(log, 0), "actor")),
	                    "web (tester@example.org)");
	json_decref(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kinds),
	    cmocka_unit_test_setup_teardown(test_unknown_kind, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_commitments_counts_audit_and_progress, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_progress_while_checking, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_problems_returned_not_printed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_observations_keyed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
