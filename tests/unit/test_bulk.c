/* Unit tests for src/store/bulk.c: commitments written in bulk end up indexed for
 * search exactly as the triggers index them row by row, new ones are audited, the
 * suspended triggers come back at the end and after a rollback, and a bulk write needs
 * a transaction. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "demodb.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/kerr.h"
#include "plan/plan.h"
#include "store/store.h"

/* The one value sql gives, through a connection of its own (so: what is committed),
 * as a string the caller frees; "" for none. */
static char *query(struct demodb *f, const char *sql, const char *arg)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	char *out = strdup(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)
	                       ? (const char *)sqlite3_column_text(st, 0)
	                       : "");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

/* The search row of commitment slug as "rowid-matches|kind|title|body". */
static char *search_row(struct demodb *f, const char *slug)
{
	return query(f,
	             "SELECT (s.rowid = c.id * 4 + 1) || '|' || s.kind || '|' || s.title || '|' || s.body "
	             "FROM search s JOIN commitment c ON c.slug = s.ref WHERE s.kind = 'commitment' AND s.ref = ?1",
	             slug);
}

static const char sql_triggers[] = "SELECT group_concat(name || ':' || length(sql)) FROM (SELECT name, sql FROM "
                                   "sqlite_schema WHERE type = 'trigger' AND tbl_name = 'commitment' ORDER BY name)";

static void test_bulk_indexes_as_the_triggers_do(void **state)
{
	struct demodb *f = *state;
	char *triggers = query(f, sql_triggers, NULL);
	struct store_commitment by_put = {"by-put", "cosla", "planning", "A shared plan for every council",
	                                  "2026-03-31", "by March 2026", "under_way", "test"};
	struct store_commitment by_bulk = by_put;
	by_bulk.id = "by-bulk";
	assert_int_equal(store_begin(f->s, &f->e), 0);
	assert_int_equal(store_commitment_put(f->s, &by_put, &f->e), 0);
	struct store_bulk *b = store_bulk_commitments_begin(f->s, "tester", &f->e);
	assert_non_null(b);
	struct store_commitment both[2] = {by_put, by_bulk};
	bool known[2];
	assert_int_equal(store_bulk_commitments_known(b, both, 2, known, &f->e), 0);
	assert_true(known[0]);
	assert_false(known[1]);
	assert_int_equal(store_bulk_commitments_add(b, &by_bulk, 1, &f->e), 0);
	assert_int_equal(store_bulk_end(b, &f->e), 0);
	assert_int_equal(store_commit(f->s, &f->e), 0);

	char *put = search_row(f, "by-put"), *bulk = search_row(f, "by-bulk");
	assert_string_equal(put, "1|commitment|COSLA|A shared plan for every council by March 2026");
	assert_string_equal(bulk, put);
	char *after = query(f, sql_triggers, NULL);
	assert_string_equal(after, triggers);
	assert_true(strstr(after, "commitment_ai:") && strstr(after, "commitment_au:"));

	/* A change in bulk replaces the row's index entry. */
	struct store_commitment changed = by_bulk;
	changed.text = "A zanzibarish text";
	changed.due_text = NULL;
	assert_int_equal(store_begin(f->s, &f->e), 0);
	b = store_bulk_commitments_begin(f->s, "tester", &f->e);
	assert_non_null(b);
	assert_int_equal(store_bulk_commitment_change(b, &changed, &f->e), 0);
	assert_int_equal(store_bulk_end(b, &f->e), 0);
	assert_int_equal(store_commit(f->s, &f->e), 0);
	char *again = search_row(f, "by-bulk");
	assert_string_equal(again, "1|commitment|COSLA|A zanzibarish text ");
	char *count = query(f, "SELECT count(*) FROM search WHERE ref = ?1", "by-bulk");
	assert_string_equal(count, "1");
	json_t *found = store_search(f->s, "zanzibarish", 10, &f->e);
	assert_int_equal(json_array_size(found), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(found, 0), "slug")), "by-bulk");
	json_decref(found);
	free(triggers);
	free(put);
	free(bulk);
	free(after);
	free(again);
	free(count);
}

static void test_bulk_audits_new_rows(void **state)
{
	struct demodb *f = *state;
	struct store_commitment c = {"audited", "cosla", NULL, "Text", NULL, NULL, NULL, NULL};
	assert_int_equal(store_begin(f->s, &f->e), 0);
	struct store_bulk *b = store_bulk_commitments_begin(f->s, "tester@example.org", &f->e);
	assert_non_null(b);
	assert_int_equal(store_bulk_commitments_add(b, &c, 1, &f->e), 0);
	assert_int_equal(store_bulk_end(b, &f->e), 0);
	assert_int_equal(store_commit(f->s, &f->e), 0);
	json_t *audit = store_audit_list(f->s, "commitment", "audited", NULL, &f->e);
	assert_int_equal(json_array_size(audit), 1);
	json_t *a = json_array_get(audit, 0);
	assert_string_equal(json_string_value(json_object_get(a, "actor")), "tester@example.org");
	assert_string_equal(json_string_value(json_object_get(a, "verb")), "create");
	assert_true(json_is_null(json_object_get(a, "before")));
	json_t *stored = store_resource_get(f->s, "commitments", "audited", &f->e);
	assert_non_null(stored);
	assert_true(json_equal(json_object_get(a, "after"), stored));
	json_decref(stored);
	json_decref(audit);
}

static void test_bulk_rollback_restores_everything(void **state)
{
	struct demodb *f = *state;
	char *triggers = query(f, sql_triggers, NULL);
	struct store_commitment c = {"rolled-back", "cosla", NULL, "Text", NULL, NULL, NULL, NULL};
	assert_int_equal(store_begin(f->s, &f->e), 0);
	struct store_bulk *b = store_bulk_commitments_begin(f->s, "tester", &f->e);
	assert_non_null(b);
	assert_int_equal(store_bulk_commitments_add(b, &c, 1, &f->e), 0);
	store_bulk_abort(b);
	store_rollback(f->s);
	char *after = query(f, sql_triggers, NULL);
	assert_string_equal(after, triggers);
	assert_null(store_resource_get(f->s, "commitments", "rolled-back", NULL));
	/* The triggers work again: a row written the ordinary way is indexed. */
	c.id = "after-rollback";
	assert_int_equal(store_begin(f->s, &f->e), 0);
	assert_int_equal(store_commitment_put(f->s, &c, &f->e), 0);
	assert_int_equal(store_commit(f->s, &f->e), 0);
	char *row = search_row(f, "after-rollback");
	assert_string_equal(row, "1|commitment|COSLA|Text ");
	free(triggers);
	free(after);
	free(row);
}

/* 150 rows: two statements of 64 and 22 of one; every one added, indexed and audited,
 * in order. */
static void test_bulk_many_rows(void **state)
{
	struct demodb *f = *state;
	enum { N = 150 };
	static char ids[N][32], texts[N][64];
	struct store_commitment c[N];
	for (int i = 0; i < N; i++) {
		snprintf(ids[i], sizeof ids[i], "many-%03d", i);
		snprintf(texts[i], sizeof texts[i], "Manyrow number %03d", i);
		c[i] = (struct store_commitment){ids[i], i % 2 ? "cosla" : "scottish-government", i % 3 ? "planning" : NULL,
		                                 texts[i], NULL, NULL, "done", NULL};
	}
	assert_int_equal(store_begin(f->s, &f->e), 0);
	struct store_bulk *b = store_bulk_commitments_begin(f->s, "tester", &f->e);
	assert_non_null(b);
	assert_int_equal(store_bulk_commitments_add(b, c, N, &f->e), 0);
	assert_int_equal(store_bulk_end(b, &f->e), 0);
	assert_int_equal(store_commit(f->s, &f->e), 0);
	for (int i = 0; i < N; i++) {
		json_t *row = store_resource_get(f->s, "commitments", ids[i], &f->e);
		assert_non_null(row);
		assert_string_equal(json_string_value(json_object_get(row, "text")), texts[i]);
		assert_string_equal(json_string_value(json_object_get(row, "organisation")), c[i].organisation);
		if (c[i].action)
			assert_string_equal(json_string_value(json_object_get(row, "action")), "planning");
		else
			assert_true(json_is_null(json_object_get(row, "action")));
		json_decref(row);
	}
	char *indexed = query(f, "SELECT count(*) FROM search WHERE search MATCH 'manyrow'", NULL);
	assert_string_equal(indexed, "150");
	json_t *audit = store_audit_list(f->s, "commitment", NULL, NULL, &f->e);
	assert_int_equal(json_array_size(audit), N);
	for (int i = 0; i < N; i++)
		assert_string_equal(json_string_value(json_object_get(json_array_get(audit, (size_t)i), "entity_id")), ids[i]);
	json_decref(audit);
	free(indexed);
}

static void test_bulk_needs_a_transaction(void **state)
{
	struct demodb *f = *state;
	assert_null(store_bulk_commitments_begin(f->s, "tester", &f->e));
	assert_string_equal(f->e.msg, "a bulk write must be inside a transaction");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_bulk_indexes_as_the_triggers_do, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_bulk_audits_new_rows, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_bulk_rollback_restores_everything, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_bulk_many_rows, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_bulk_needs_a_transaction, demodb_setup, demodb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
