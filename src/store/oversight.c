/* SQL for indicators, targets and observations (see store.h). */
#include "store/store_int.h"

#include <stdio.h>

/* Scotland's GSS code, which is not a council area. */
#define SCOTLAND "'S92000003'"

/* Each target with what the Board's views need beside it: its indicator, its area's
 * name, the action and priority area it measures (if any), and its observations in
 * period order, suppressed ones included (value null). ?1 limits to one area. */
static const char sql_targets[] =
    "SELECT t.slug AS id, i.slug AS \"indicator.id\", i.title AS \"indicator.title\", i.unit AS "
    "\"indicator.unit\", "
    "i.source AS \"indicator.source\", i.frequency AS \"indicator.frequency\", "
    "f.slug AS \"indicator.foundation\", f.title AS \"indicator.foundation_title\", i.vision AS "
    "\"indicator.vision\", "
    "t.area, CASE t.area WHEN " SCOTLAND " THEN 'Scotland' ELSE ca.name END AS area_name, "
    "a.slug AS action, a.title AS action_title, p.slug AS priority, p.title AS priority_title, t.note, "
    "t.baseline, t.baseline_at, t.value, t.due, t.better, "
    "(SELECT json_group_array(json_object('period', o.period, 'value', o.value, 'suppressed', "
    "   json(CASE o.suppressed WHEN 1 THEN 'true' ELSE 'false' END), 'source', o.source)) "
    " FROM (SELECT * FROM observation o WHERE o.indicator_id = t.indicator_id AND o.area = t.area "
    "       ORDER BY o.period) o) AS \"observations[]\" "
    "FROM target t JOIN indicator i ON i.id = t.indicator_id LEFT JOIN foundation f ON f.id = "
    "i.foundation_id "
    "LEFT JOIN council_area ca ON ca.code = t.area LEFT JOIN action a ON a.id = t.action_id "
    "LEFT JOIN priority p ON p.id = a.priority_id "
    "WHERE (?1 IS NULL OR t.area = ?1) AND " STORE_ACTION_SHOWN("t.action_id") " ORDER BY i.title, t.area <> " SCOTLAND ", area_name, t.slug";

json_t *store_targets(struct store *s, const char *area, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_targets, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, area);
	return store_rows(s, st, e);
}

/* The Change Programme's gaps. An action with only organisations in a key role has no
 * lead organisation. Each list is ordered as people look things up: actions in Plan order, commitments by due date, organisations and areas by name. */
static const char sql_gap_no_lead[] =
    "SELECT a.slug AS id, a.title, p.slug AS priority, p.title AS priority_title FROM action a "
    "JOIN priority p ON p.id = a.priority_id JOIN plan pl ON pl.id = p.plan_id "
    "WHERE NOT EXISTS (SELECT 1 FROM lead l WHERE l.action_id = a.id AND l.role = 'lead') "
    "AND " STORE_PLAN_SHOWN("pl.status") " "
    "ORDER BY p.position, a.position";
static const char sql_gap_no_commitment[] =
    "SELECT a.slug AS id, a.title, p.slug AS priority, p.title AS priority_title FROM action a "
    "JOIN priority p ON p.id = a.priority_id JOIN plan pl ON pl.id = p.plan_id "
    "WHERE NOT EXISTS (SELECT 1 FROM commitment c WHERE c.action_id = a.id) AND " STORE_PLAN_SHOWN("pl.status")
    " ORDER BY p.position, a.position";
static const char sql_gap_overdue[] =
    "SELECT c.slug AS id, o.slug AS organisation, o.name AS organisation_name, a.slug AS action, "
    "a.title AS action_title, c.text, c.due, c.status FROM commitment c "
    "JOIN organisation o ON o.id = c.organisation_id LEFT JOIN action a ON a.id = c.action_id "
    "WHERE c.due IS NOT NULL AND c.due < ?1 AND (c.status IS NULL OR c.status <> 'done') "
    "AND " STORE_ACTION_SHOWN("c.action_id") " ORDER BY c.due, "
    "o.name, c.slug";
static const char sql_gap_no_commitments[] =
    "SELECT o.slug AS id, o.name, o.sector, o.council_area FROM organisation o "
    "WHERE NOT EXISTS (SELECT 1 FROM commitment c WHERE c.organisation_id = o.id AND "
    STORE_ACTION_SHOWN("c.action_id") ") ORDER BY o.name, o.slug";
static const char sql_gap_no_target[] =
    "SELECT ca.code AS id, ca.name FROM council_area ca "
    "WHERE NOT EXISTS (SELECT 1 FROM target t WHERE t.area = ca.code AND " STORE_ACTION_SHOWN("t.action_id")
    ") ORDER BY ca.name";

json_t *store_gaps(struct store *s, const char *today, struct kerr *e)
{
	static const struct {
		const char *key, *sql;
	} lists[] = {
	    {"actions_without_lead", sql_gap_no_lead},
	    {"actions_without_commitment", sql_gap_no_commitment},
	    {"overdue_commitments", sql_gap_overdue},
	    {"organisations_without_commitments", sql_gap_no_commitments},
	    {"areas_without_target", sql_gap_no_target},
	};
	json_t *out = json_object();
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		sqlite3_stmt *st = store_stmt(s, lists[i].sql, e);
		if (!st) {
			json_decref(out);
			return NULL;
		}
		if (sqlite3_bind_parameter_count(st) > 0)
			store_bind_text(st, 1, today);
		json_t *rows = store_rows(s, st, e);
		if (!rows) {
			json_decref(out);
			return NULL;
		}
		json_object_set_new(out, lists[i].key, rows);
	}
	return out;
}

/* ---- writes (call inside a transaction) ---- */

static const char sql_indicator_insert[] =
    "INSERT INTO indicator(slug, title, unit, source, frequency, foundation_id, vision, counts_children) "
    "VALUES (?1, ?2, ?3, ?4, ?5, (SELECT id FROM foundation WHERE slug = ?6), ?7, CAST(?8 AS INTEGER))";
static const char sql_indicator_update[] =
    "UPDATE indicator SET title = ?2, unit = ?3, source = ?4, frequency = ?5, "
    "foundation_id = (SELECT id FROM foundation WHERE slug = ?6), vision = ?7, "
    "counts_children = CAST(?8 AS INTEGER), "
    "updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE slug = ?1";
/* The indicator's place in the framework; where the framework lists it (set when the
 * framework is loaded) is kept. */
static const char sql_indicator_framework[] =
    "INSERT INTO indicator_framework(indicator_id, outcome_id, level, kind) "
    "SELECT i.id, (SELECT id FROM vision_outcome WHERE slug = ?2), ?3, ?4 FROM indicator i WHERE i.slug = ?1 "
    "ON CONFLICT(indicator_id) DO UPDATE SET outcome_id = excluded.outcome_id, level = excluded.level, "
    "kind = excluded.kind";

static int indicator_framework_put(struct store *s, const struct store_indicator *x, struct kerr *e)
{
	const char *const v[] = {x->id, x->outcome, x->level, x->kind};
	int rc = store_run(s, sql_indicator_framework, v, 4, e);
	if (rc < 0)
		return -1;
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "recording an indicator's place in the framework");
	return 0;
}

int store_indicator_put(struct store *s, const struct store_indicator *x, bool insert, struct kerr *e)
{
	const char *const v[] = {x->id,        x->title,  x->unit, x->source, x->frequency,
	                         x->foundation, x->vision, x->counts_children ? "1" : "0"};
	if (!insert)
		return store_change(s, sql_indicator_update, v, 8, "changing an indicator", "indicator", x->id, e) < 0
		           ? -1
		           : indicator_framework_put(s, x, e);
	int rc = store_run(s, sql_indicator_insert, v, 8, e);
	if (rc < 0)
		return -1;
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return kerr_set(e, KERR_CONFLICT, "there is already an indicator called '%s'", x->id);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "adding an indicator");
	return indicator_framework_put(s, x, e);
}

/* Numbers come as text the domain has checked; CAST makes them REAL as the column is. */
static const char sql_target_insert[] =
    "INSERT INTO target(slug, indicator_id, area, action_id, note, baseline, baseline_at, value, due, better) "
    "VALUES (?1, (SELECT id FROM indicator WHERE slug = ?2), ?3, (SELECT id FROM action WHERE slug = ?4), ?5, "
    "CAST(?6 AS REAL), ?7, CAST(?8 AS REAL), ?9, ?10)";
static const char sql_target_update[] =
    "UPDATE target SET indicator_id = (SELECT id FROM indicator WHERE slug = ?2), area = ?3, "
    "action_id = (SELECT id FROM action WHERE slug = ?4), note = ?5, baseline = CAST(?6 AS REAL), "
    "baseline_at = ?7, value = CAST(?8 AS REAL), due = ?9, better = ?10, "
    "updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE slug = ?1";
static const char sql_target_delete[] = "DELETE FROM target WHERE slug = ?1";

int store_target_put(struct store *s, const struct store_target *t, bool insert, struct kerr *e)
{
	const char *const v[] = {t->id,          t->indicator, t->area, t->action, t->note,
	                         t->baseline,    t->baseline_at, t->value, t->due, t->better};
	if (!insert)
		return store_change(s, sql_target_update, v, 10, "changing a target", "target", t->id, e);
	int rc = store_run(s, sql_target_insert, v, 10, e);
	if (rc < 0)
		return -1;
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return kerr_set(e, KERR_CONFLICT, "there is already a target called '%s'", t->id);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "adding a target");
	return 0;
}

int store_target_delete(struct store *s, const char *id, struct kerr *e)
{
	return store_change(s, sql_target_delete, (const char *const[]){id}, 1, "deleting a target", "target", id, e);
}

/* A figure that is the same as the one stored is left alone (its updated time too). */
static const char sql_observation_put[] =
    "INSERT INTO observation(indicator_id, area, period, value, suppressed, source) "
    "VALUES ((SELECT id FROM indicator WHERE slug = ?1), ?2, ?3, CAST(?4 AS REAL), CAST(?5 AS INTEGER), ?6) "
    "ON CONFLICT (indicator_id, area, period) DO UPDATE SET value = excluded.value, "
    "suppressed = excluded.suppressed, source = excluded.source, "
    "updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
    "WHERE value IS NOT excluded.value OR suppressed <> excluded.suppressed OR source <> excluded.source";
static const char sql_observation_delete[] =
    "DELETE FROM observation WHERE indicator_id = (SELECT id FROM indicator WHERE slug = ?1) AND area = ?2 "
    "AND period = ?3";
static const char sql_observation_get[] = STORE_OBSERVATION_ITEM " WHERE i.slug = ?1 AND o.area = ?2 AND o.period = ?3";

int store_observation_put(struct store *s, const struct store_observation *o, struct kerr *e)
{
	const char *const v[] = {o->indicator, o->area, o->period, o->value, o->suppressed ? "1" : "0", o->source};
	int rc = store_run(s, sql_observation_put, v, 6, e);
	if (rc < 0)
		return -1;
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "saving a figure");
	return 0;
}

int store_observation_delete(struct store *s, const char *indicator, const char *area, const char *period,
                             struct kerr *e)
{
	char key[400];
	snprintf(key, sizeof key, "%s/%s/%s", indicator, area, period);
	return store_change(s, sql_observation_delete, (const char *const[]){indicator, area, period}, 3,
	                    "deleting a figure", "observation", key, e);
}

json_t *store_observation_get(struct store *s, const char *indicator, const char *area, const char *period,
                              struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_observation_get, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, indicator);
	store_bind_text(st, 2, area);
	store_bind_text(st, 3, period);
	char key[400];
	snprintf(key, sizeof key, "%s/%s/%s", indicator, area, period);
	return store_row_one(s, st, "observation", key, e);
}

/* Each indicator with the latest figure of each area that has one (Scotland first, then
 * by area name) and how many figures it has in all. */
static const char sql_indicators_latest[] =
    "SELECT i.slug AS id, i.title, i.unit, i.source, i.frequency, f.slug AS foundation, f.title AS foundation_title, "
    "i.vision, CASE i.computed WHEN 1 THEN 'true' ELSE 'false' END AS \"computed[]\", (SELECT count(*) FROM observation WHERE indicator_id = i.id) AS figures, "
    "vo.slug AS outcome, vo.text AS outcome_text, vs.slug AS vision_statement, vs.position AS vision_position, "
    "vs.name AS vision_name, xf.level, xf.kind, xf.source AS framework_source, "
    "xf.source_date AS framework_source_date, "
    "(SELECT json_group_array(json_object('area', l.area, 'area_name', l.area_name, 'period', l.period, "
    "   'value', l.value, 'suppressed', json(CASE l.suppressed WHEN 1 THEN 'true' ELSE 'false' END), "
    "   'source', l.source)) "
    " FROM (SELECT o.area, CASE o.area WHEN " SCOTLAND " THEN 'Scotland' ELSE ca.name END AS area_name, o.period, "
    "       o.value, o.suppressed, o.source FROM observation o LEFT JOIN council_area ca ON ca.code = o.area "
    "       WHERE o.indicator_id = i.id AND o.period = (SELECT max(period) FROM observation "
    "         WHERE indicator_id = i.id AND area = o.area) "
    "       ORDER BY o.area <> " SCOTLAND ", area_name) l) AS \"latest[]\" "
    "FROM indicator i LEFT JOIN foundation f ON f.id = i.foundation_id "
    "LEFT JOIN indicator_framework xf ON xf.indicator_id = i.id "
    "LEFT JOIN vision_outcome vo ON vo.id = xf.outcome_id LEFT JOIN vision_statement vs ON vs.id = vo.vision_id "
    "ORDER BY i.title, i.slug";

json_t *store_indicators_latest(struct store *s, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_indicators_latest, e);
	return st ? store_rows(s, st, e) : NULL;
}

static const char sql_indicator_figures[] =
    "SELECT o.area, CASE o.area WHEN " SCOTLAND " THEN 'Scotland' ELSE ca.name END AS area_name, o.period, "
    STORE_FIGURE("o.value") " AS value, CASE o.suppressed WHEN 1 THEN 'true' ELSE 'false' END AS \"suppressed[]\", "
    "o.source FROM observation o JOIN indicator i ON i.id = o.indicator_id "
    "LEFT JOIN council_area ca ON ca.code = o.area WHERE i.slug = ?1 "
    "ORDER BY o.area <> " SCOTLAND ", area_name, o.period DESC";

json_t *store_indicator_figures(struct store *s, const char *indicator, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_indicator_figures, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, indicator);
	return store_rows(s, st, e);
}

/* The Promise Progress Framework whole: each vision statement in its order with its
 * outcomes in theirs, and each outcome's indicators by title. json() keeps the nested
 * JSON as JSON across the subqueries. */
static const char sql_framework[] =
    "SELECT v.slug AS id, v.position, v.name, v.title, v.source, v.source_date, "
    "(SELECT json_group_array(json(o.j)) FROM (SELECT json_object('id', o.slug, 'position', o.position, "
    "   'text', o.text, 'source', o.source, 'source_date', o.source_date, 'indicators', "
    "   json((SELECT json_group_array(json_object('id', i.slug, 'title', i.title, 'unit', i.unit, "
    "     'source', i.source, 'frequency', i.frequency, 'level', i.level, 'kind', i.kind, "
    "     'framework_source', i.fsource, 'framework_source_date', i.fdate)) "
    "     FROM (SELECT i.*, xf.level, xf.kind, xf.source AS fsource, xf.source_date AS fdate "
    "       FROM indicator_framework xf JOIN indicator i ON i.id = xf.indicator_id WHERE xf.outcome_id = o.id "
    "       ORDER BY i.title, i.slug) i))) AS j "
    "   FROM vision_outcome o WHERE o.vision_id = v.id ORDER BY o.position) o) AS \"outcomes[]\" "
    "FROM vision_statement v ORDER BY v.position";
static const char sql_indicators_unlinked[] =
    "SELECT i.slug AS id, i.title, i.unit, i.source, i.frequency, i.vision, xf.level, xf.kind FROM indicator i "
    "LEFT JOIN indicator_framework xf ON xf.indicator_id = i.id WHERE xf.outcome_id IS NULL "
    "ORDER BY i.title, i.slug";

json_t *store_framework(struct store *s, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_framework, e);
	json_t *statements = st ? store_rows(s, st, e) : NULL;
	st = statements ? store_stmt(s, sql_indicators_unlinked, e) : NULL;
	json_t *unlinked = st ? store_rows(s, st, e) : NULL;
	if (!unlinked) {
		json_decref(statements);
		return NULL;
	}
	return json_pack("{s:o, s:o}", "statements", statements, "unlinked", unlinked);
}
