/* SQL for plans for where children live (store.h "plans for where children live";
 * docs/places.md "The plan"): saved runs, their requests with each one's recommendation,
 * and decisions. The domain (src/plan/placeplan.c) checks who may, and holds the
 * transaction and its audit record. */
#include "store/store_int.h"

#include <string.h>

static const char sql_run[] = "INSERT INTO place_plan_run(actor, day, scope, status, seconds, aims_json) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_request[] =
    "INSERT INTO place_plan_request(run_id, position, ref, home, school, together, urgency, children_json, "
    "recommendation_json) VALUES (?1, ?2, ?3, ?4, nullif(?5, ''), ?6, ?7, ?8, ?9)";
static const char sql_decision[] =
    "INSERT INTO place_plan_decision(run_id, position, decision, reason, actor) "
    "SELECT run_id, position, ?3, nullif(?4, ''), ?5 FROM place_plan_request WHERE run_id = ?1 AND ref = ?2";
static const char sql_list[] =
    "SELECT r.id, r.at, r.actor AS by, r.day, r.scope, r.status, count(*) AS requests, "
    "  sum(EXISTS (SELECT 1 FROM place_plan_decision d WHERE d.run_id = q.run_id AND d.position = q.position)) "
    "    AS decided "
    "FROM place_plan_run r JOIN place_plan_request q ON q.run_id = r.id "
    "WHERE ?1 IS NULL OR q.home = ?1 GROUP BY r.id ORDER BY r.id DESC";
static const char sql_get[] = "SELECT r.id, r.at, r.actor AS by, r.day, r.scope, r.status, " STORE_FIGURE("r.seconds")
                              " AS seconds, r.aims_json AS \"aims[]\" FROM place_plan_run r WHERE r.id = ?1 "
                              "AND EXISTS (SELECT 1 FROM place_plan_request q WHERE q.run_id = r.id "
                              "AND (?2 IS NULL OR q.home = ?2))";
static const char sql_get_requests[] =
    "SELECT q.ref AS request, q.home, ca.name AS home_name, q.school, "
    "CASE q.together WHEN 1 THEN 'true' ELSE 'false' END AS \"together[]\", q.urgency, "
    "q.children_json AS \"children[]\", q.recommendation_json AS \"recommendation[]\", "
    "(SELECT json_object('decision', d.decision, 'reason', d.reason, 'by', d.actor, 'at', d.at) "
    "  FROM place_plan_decision d WHERE d.run_id = q.run_id AND d.position = q.position ORDER BY d.id DESC LIMIT 1) "
    "  AS \"decision[]\" "
    "FROM place_plan_request q JOIN council_area ca ON ca.code = q.home "
    "WHERE q.run_id = ?1 AND (?2 IS NULL OR q.home = ?2) ORDER BY q.position";
static const char sql_decisions[] =
    "SELECT q.ref AS request, d.decision, d.reason, d.actor AS by, d.at FROM place_plan_decision d "
    "JOIN place_plan_request q ON q.run_id = d.run_id AND q.position = d.position "
    "WHERE d.run_id = ?1 AND (?2 IS NULL OR q.home = ?2) ORDER BY d.id";

static const char *str(json_t *o, const char *key) { return json_string_value(json_object_get(o, key)); }

static int bind_text_json(sqlite3_stmt *st, int i, json_t *v)
{
	char *t = json_dumps(v ? v : json_null(), JSON_COMPACT | JSON_ENCODE_ANY);
	int rc = sqlite3_bind_text(st, i, t ? t : "null", -1, SQLITE_TRANSIENT);
	free(t);
	return rc;
}

int store_place_run_insert(struct store *s, const char *actor, json_t *run, long long *id, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_run, e);
	if (!st)
		return -1;
	store_bind_text(st, 1, actor);
	store_bind_text(st, 2, str(run, "day"));
	store_bind_text(st, 3, str(run, "scope"));
	store_bind_text(st, 4, str(run, "status"));
	sqlite3_bind_double(st, 5, json_number_value(json_object_get(run, "seconds")));
	json_t *aims = json_pack("{s:O?,s:O?,s:O?}", "aims", json_object_get(run, "aims"), "bounds",
	                         json_object_get(run, "bounds"), "comparison", json_object_get(run, "comparison"));
	bind_text_json(st, 6, aims);
	json_decref(aims);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "saving a plan");
	*id = sqlite3_last_insert_rowid(s->db);
	size_t i;
	json_t *q;
	json_array_foreach(json_object_get(run, "requests"), i, q)
	{
		if (!(st = store_stmt(s, sql_request, e)))
			return -1;
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		store_bind_text(st, 3, str(q, "request"));
		store_bind_text(st, 4, str(q, "home"));
		store_bind_text(st, 5, str(q, "school"));
		sqlite3_bind_int(st, 6, json_is_true(json_object_get(q, "together")));
		store_bind_text(st, 7, str(q, "urgency"));
		bind_text_json(st, 8, json_object_get(q, "children"));
		bind_text_json(st, 9, json_object_get(q, "recommendation"));
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_fail(s, e, "saving a plan's request");
	}
	return 0;
}

json_t *store_place_runs(struct store *s, const char *council, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_list, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, council);
	return store_rows(s, st, e);
}

json_t *store_place_run(struct store *s, long long id, const char *council, struct kerr *e)
{
	char key[32];
	snprintf(key, sizeof key, "%lld", id);
	sqlite3_stmt *st = store_stmt(s, sql_get, e);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, council);
	json_t *run = store_row_one(s, st, "plan", key, e);
	if (!run)
		return NULL;
	json_t *rows[2] = {NULL, NULL};
	const char *const sql[2] = {sql_get_requests, sql_decisions};
	for (int k = 0; k < 2; k++) {
		if (!(st = store_stmt(s, sql[k], e)))
			break;
		sqlite3_bind_int64(st, 1, id);
		store_bind_text(st, 2, council);
		if (!(rows[k] = store_rows(s, st, e)))
			break;
	}
	if (!rows[0] || !rows[1]) {
		json_decref(rows[0]);
		json_decref(run);
		return NULL;
	}
	json_object_set_new(run, "requests", rows[0]);
	json_object_set_new(run, "decisions", rows[1]);
	return run;
}

int store_place_decision_insert(struct store *s, long long run, const char *ref, const char *decision,
                                const char *reason, const char *actor, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_decision, e);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, run);
	store_bind_text(st, 2, ref);
	store_bind_text(st, 3, decision);
	store_bind_text(st, 4, reason);
	store_bind_text(st, 5, actor);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "recording a decision");
	if (sqlite3_changes(s->db) == 0)
		return kerr_set(e, KERR_NOTFOUND, "plan %lld has no request '%s'", run, ref);
	return 0;
}
