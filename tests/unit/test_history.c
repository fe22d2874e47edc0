/* Unit tests for src/plan/history.c: which entries of a history and which values each
 * reader sees (drafts, deleted and removed texts), and removing a text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <string.h>

#include "demodb.h"
#include "plan/commitment.h"
#include "plan/history.h"

/* An audit record as store_audit_list gives it; before and after are JSON text or NULL. */
static json_t *rec(const char *at, const char *entity, const char *id, const char *verb, const char *before,
                   const char *after)
{
	json_t *b = before ? json_loads(before, 0, NULL) : json_null();
	json_t *a = after ? json_loads(after, 0, NULL) : json_null();
	assert_non_null(b);
	assert_non_null(a);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "at", at, "actor", "someone@keep.test",
	                 "entity", entity, "entity_id", id, "verb", verb, "before", b, "after", a);
}

static bool shows(json_t *list, const char *text)
{
	char *dump = json_dumps(list, JSON_COMPACT);
	bool found = strstr(dump, text) != NULL;
	free(dump);
	return found;
}

/* Drafted, changed, published, changed while public. */
static json_t *evidence_story(void)
{
	json_t *h = json_array();
	json_array_append_new(h, rec("2026-01-01T10:00:00Z", "evidence", "ev", "create", NULL,
	                             "{\"will_do\":\"DRAFT-ONE\",\"published\":false}"));
	json_array_append_new(h, rec("2026-01-02T10:00:00Z", "evidence", "ev", "update",
	                             "{\"will_do\":\"DRAFT-ONE\",\"published\":false}",
	                             "{\"will_do\":\"Public one\",\"published\":false}"));
	json_array_append_new(h, rec("2026-01-03T10:00:00Z", "evidence", "ev", "update",
	                             "{\"will_do\":\"Public one\",\"published\":false}",
	                             "{\"will_do\":\"Public one\",\"published\":true}"));
	json_array_append_new(h, rec("2026-01-04T10:00:00Z", "evidence", "ev", "update",
	                             "{\"will_do\":\"Public one\",\"published\":true}",
	                             "{\"will_do\":\"Public two\",\"published\":true}"));
	return h;
}

static void test_public_sees_only_what_was_public(void **state)
{
	(void)state;
	json_t *seen = history_visible(evidence_story(), HISTORY_PUBLIC);
	assert_int_equal(json_array_size(seen), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(seen, 0), "verb")), "publish");
	assert_true(json_is_null(json_object_get(json_array_get(seen, 0), "after")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(seen, 1), "verb")), "update");
	assert_false(shows(seen, "DRAFT-ONE"));
	assert_true(shows(seen, "Public two"));
	json_decref(seen);
}

static void test_privy_and_admin_see_drafts(void **state)
{
	(void)state;
	json_t *privy = history_visible(evidence_story(), HISTORY_PRIVY);
	assert_int_equal(json_array_size(privy), 4);
	assert_true(shows(privy, "DRAFT-ONE"));
	json_decref(privy);
	json_t *admin = history_visible(evidence_story(), HISTORY_ADMIN);
	assert_int_equal(json_array_size(admin), 4);
	json_decref(admin);
}

static void test_withdrawn_changes_stay_out(void **state)
{
	(void)state;
	json_t *h = evidence_story();
	json_array_append_new(h, rec("2026-01-05T10:00:00Z", "evidence", "ev", "update",
	                             "{\"will_do\":\"Public two\",\"published\":true}",
	                             "{\"will_do\":\"Public two\",\"published\":false}"));
	json_array_append_new(h, rec("2026-01-06T10:00:00Z", "evidence", "ev", "update",
	                             "{\"will_do\":\"Public two\",\"published\":false}",
	                             "{\"will_do\":\"DRAFT-TWO\",\"published\":false}"));
	json_t *seen = history_visible(h, HISTORY_PUBLIC);
	assert_int_equal(json_array_size(seen), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(seen, 2), "verb")), "withdraw");
	assert_false(shows(seen, "DRAFT-TWO"));
	json_decref(seen);
}

static void test_deleted_text_is_for_admins(void **state)
{
	(void)state;
	json_t *h = json_array();
	json_array_append_new(h, rec("2026-01-01T10:00:00Z", "heard", "planning-004", "create", NULL,
	                             "{\"action\":\"planning\",\"text\":\"A CHILD'S NAME\"}"));
	json_array_append_new(h, rec("2026-01-02T10:00:00Z", "heard", "planning-004", "delete",
	                             "{\"action\":\"planning\",\"text\":\"A CHILD'S NAME\"}", NULL));
	/* The id given again to a new note: its text is public. */
	json_array_append_new(h, rec("2026-01-03T10:00:00Z", "heard", "planning-004", "create", NULL,
	                             "{\"action\":\"planning\",\"text\":\"A new note\"}"));
	json_array_append_new(h,
	                      rec("2026-01-03T11:00:00Z", "lead", "planning/cosla", "create", NULL,
	                          "{\"action\":\"planning\",\"organisation\":\"cosla\",\"role\":\"lead\"}"));
	json_array_append_new(h, rec("2026-01-04T10:00:00Z", "lead", "planning/cosla", "delete",
	                             "{\"action\":\"planning\",\"organisation\":\"cosla\",\"role\":\"lead\"}",
	                             NULL));
	json_t *copy = json_deep_copy(h);
	for (enum history_reader r = HISTORY_PUBLIC; r <= HISTORY_PRIVY; r++) {
		json_t *seen = history_visible(json_deep_copy(h), r);
		assert_int_equal(json_array_size(seen), 5);
		assert_false(shows(seen, "CHILD"));
		assert_true(shows(seen, "A new note"));
		assert_true(shows(seen, "cosla"));
		json_decref(seen);
	}
	json_t *admin = history_visible(copy, HISTORY_ADMIN);
	assert_true(shows(admin, "CHILD"));
	json_decref(admin);
	json_decref(h);
}

static void test_removed_text_is_for_admins(void **state)
{
	(void)state;
	json_t *h = evidence_story();
	json_array_append_new(h, rec("2026-01-05T10:00:00Z", "evidence", "ev", "redact",
	                             "{\"will_do\":\"Public two\"}",
	                             "{\"will_do\":\"[removed]\",\"reason\":\"WHY-IT-WENT\"}"));
	json_array_append_new(h, rec("2026-01-06T10:00:00Z", "evidence", "ev", "update",
	                             "{\"will_do\":\"[removed]\",\"published\":true}",
	                             "{\"will_do\":\"Written again\",\"published\":true}"));
	json_t *admin = history_visible(json_deep_copy(h), HISTORY_ADMIN);
	assert_true(shows(admin, "Public two"));
	assert_true(shows(admin, "WHY-IT-WENT"));
	json_decref(admin);
	for (enum history_reader r = HISTORY_PUBLIC; r <= HISTORY_PRIVY; r++) {
		json_t *seen = history_visible(json_deep_copy(h), r);
		assert_false(shows(seen, "Public one"));
		assert_false(shows(seen, "Public two"));
		assert_false(shows(seen, "DRAFT-ONE"));
		assert_false(shows(seen, "WHY-IT-WENT"));
		assert_true(shows(seen, "[removed]"));
		assert_true(shows(seen, "Written again"));
		json_decref(seen);
	}
	json_decref(h);
}

static void test_reader(void **state)
{
	(void)state;
	json_t *admin = json_pack("{s:s}", "role", "admin"), *staff = json_pack("{s:s}", "role", "staff");
	assert_int_equal(history_reader_of(NULL, false), HISTORY_PUBLIC);
	assert_int_equal(history_reader_of(staff, false), HISTORY_PUBLIC);
	assert_int_equal(history_reader_of(staff, true), HISTORY_PRIVY);
	assert_int_equal(history_reader_of(admin, false), HISTORY_ADMIN);
	assert_true(redact_may(staff));
	assert_true(redact_may(admin));
	json_t *editor = json_pack("{s:s, s:s}", "role", "editor", "organisation", "cosla");
	assert_false(redact_may(editor));
	assert_false(redact_may(NULL));
	json_decref(admin);
	json_decref(staff);
	json_decref(editor);
}

static void test_redact_check(void **state)
{
	(void)state;
	json_t *errors = json_object();
	struct redaction r = {"heard", "planning-001", "text", ""};
	assert_int_equal(redact_check(&r, errors), 1);
	assert_non_null(json_object_get(errors, "reason"));
	json_object_clear(errors);
	r = (struct redaction){"evidence", "x", "kind", "why"};
	assert_int_equal(redact_check(&r, errors), 1);
	assert_non_null(json_object_get(errors, "field"));
	json_object_clear(errors);
	r = (struct redaction){"board_member", "x", "name", "why"};
	assert_int_equal(redact_check(&r, errors), 1);
	assert_non_null(json_object_get(errors, "kind"));
	json_object_clear(errors);
	/* A target's note may be removed; nothing else of a target. */
	r = (struct redaction){"target", "x", "note", "why"};
	assert_int_equal(redact_check(&r, errors), 0);
	r = (struct redaction){"target", "x", "area", "why"};
	assert_int_equal(redact_check(&r, errors), 1);
	assert_non_null(json_object_get(errors, "field"));
	json_decref(errors);
	char words[160];
	redact_words("2026-12-07", words, sizeof words);
	assert_string_equal(words, "[removed by The Promise Scotland on 7 December 2026]");
}

/* How many blocks of the search index's stored segments hold bytes. */
static int index_holds(const char *path, const char *bytes)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM search_data WHERE instr(block, CAST(? AS BLOB)) > 0",
	                       -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, bytes, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* Removing a heard note's text: the record holds the words, the audit the text and why,
 * and the search index's stored segments no longer hold its words. */
static void test_redact_heard(void **state)
{
	struct demodb *f = *state;
	char id[128];
	assert_int_equal(heard_add(f->s, "staff@keep.test", "planning",
	                           "A CHILD'S NAME, aged 9, Qqxwordofachild", id, &f->e),
	                 0);
	assert_true(index_holds(f->path, "xwordofachild") > 0);
	struct redaction r = {"heard", id, "text", "names a child"};
	assert_int_equal(redact(f->s, "staff@keep.test", &r, &f->e), 0);
	assert_int_equal(index_holds(f->path, "xwordofachild"), 0);
	json_t *note = store_resource_get(f->s, "heard", id, &f->e);
	assert_non_null(note);
	assert_non_null(
	    strstr(json_string_value(json_object_get(note, "text")), "[removed by The Promise Scotland on "));
	json_decref(note);
	json_t *audit = store_audit_list(f->s, "heard", id, NULL, &f->e);
	json_t *last = json_array_get(audit, json_array_size(audit) - 1);
	assert_string_equal(json_string_value(json_object_get(last, "verb")), "redact");
	assert_string_equal(json_string_value(json_object_get(json_object_get(last, "before"), "text")),
	                    "A CHILD'S NAME, aged 9, Qqxwordofachild");
	assert_string_equal(json_string_value(json_object_get(json_object_get(last, "after"), "reason")),
	                    "names a child");
	json_t *seen = history_visible(audit, HISTORY_PRIVY);
	assert_false(shows(seen, "CHILD"));
	json_decref(seen);
	/* A record that is not there changes nothing. */
	r.id = "planning-999";
	assert_int_equal(redact(f->s, "staff@keep.test", &r, &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
}

/* A deleted heard note's words leave the search index's stored segments. */
static void test_heard_delete_purges_index(void **state)
{
	struct demodb *f = *state;
	char id[128];
	assert_int_equal(heard_add(f->s, "staff@keep.test", "planning", "Zzxdeletedwordofachild", id, &f->e),
	                 0);
	assert_true(index_holds(f->path, "xdeletedwordofachild") > 0);
	assert_int_equal(heard_delete(f->s, "staff@keep.test", id, &f->e), 0);
	assert_int_equal(index_holds(f->path, "xdeletedwordofachild"), 0);
}

/* A history names no action of a draft plan to a reader who may not see drafts. */
static void test_draft_actions_hidden(void **state)
{
	struct demodb *f = *state;
	json_t *plan = json_loads("{\"plans\": [{\"slug\": \"draft-plan\", \"title\": \"D\", \"starts\": \"2027-04-01\", "
	                          "\"ends\": \"2030-03-31\", \"status\": \"draft\", \"priorities\": [{\"slug\": "
	                          "\"draft-group\", \"title\": \"G\", \"actions\": [{\"slug\": \"wombat\", \"title\": "
	                          "\"W\"}]}]}]}",
	                          0, NULL);
	assert_non_null(plan);
	assert_int_equal(store_begin(f->s, &f->e), 0);
	assert_int_equal(store_load_plan(f->s, plan, &f->e), 0);
	assert_int_equal(store_commit(f->s, &f->e), 0);
	json_decref(plan);
	for (int seen = 0; seen <= 1; seen++) {
		json_t *records = json_pack("[{s:s, s:{s:s, s:s}, s:{s:s, s:s}}]", "verb", "update", "before", "id", "c",
		                            "action", "wombat", "after", "id", "c", "action", "planning");
		store_drafts_set(f->s, seen);
		history_hide_unseen_actions(f->s, records);
		json_t *rec = json_array_get(records, 0);
		json_t *was = json_object_get(json_object_get(rec, "before"), "action");
		if (seen)
			assert_string_equal(json_string_value(was), "wombat");
		else
			assert_true(json_is_null(was));
		assert_string_equal(json_string_value(json_object_get(json_object_get(rec, "after"), "action")), "planning");
		json_decref(records);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_public_sees_only_what_was_public),
	    cmocka_unit_test(test_privy_and_admin_see_drafts),
	    cmocka_unit_test(test_withdrawn_changes_stay_out),
	    cmocka_unit_test(test_deleted_text_is_for_admins),
	    cmocka_unit_test(test_removed_text_is_for_admins),
	    cmocka_unit_test(test_reader),
	    cmocka_unit_test(test_redact_check),
	    cmocka_unit_test_setup_teardown(test_redact_heard, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_heard_delete_purges_index, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_draft_actions_hidden, demodb_setup, demodb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
