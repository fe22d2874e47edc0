/* SQL for indicators, targets and observations (see store.h). */
#include "store/store_int.h"

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
    "WHERE ?1 IS NULL OR t.area = ?1 ORDER BY i.title, t.area <> " SCOTLAND ", area_name, t.slug";

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
    "JOIN priority p ON p.id = a.priority_id "
    "WHERE NOT EXISTS (SELECT 1 FROM lead l WHERE l.action_id = a.id AND l.role = 'lead') "
    "ORDER BY p.position, a.position";
static const char sql_gap_no_commitment[] =
    "SELECT a.slug AS id, a.title, p.slug AS priority, p.title AS priority_title FROM action a "
    "JOIN priority p ON p.id = a.priority_id "
    "WHERE NOT EXISTS (SELECT 1 FROM commitment c WHERE c.action_id = a.id) ORDER BY p.position, a.position";
static const char sql_gap_overdue[] =
    "SELECT c.slug AS id, o.slug AS organisation, o.name AS organisation_name, a.slug AS action, "
    "a.title AS action_title, c.text, c.due, c.status FROM commitment c "
    "JOIN organisation o ON o.id = c.organisation_id LEFT JOIN action a ON a.id = c.action_id "
    "WHERE c.due IS NOT NULL AND c.due < ?1 AND (c.status IS NULL OR c.status <> 'done') ORDER BY c.due, "
    "o.name, c.slug";
static const char sql_gap_no_commitments[] =
    "SELECT o.slug AS id, o.name, o.sector, o.council_area FROM organisation o "
    "WHERE NOT EXISTS (SELECT 1 FROM commitment c WHERE c.organisation_id = o.id) ORDER BY o.name, o.slug";
static const char sql_gap_no_target[] =
    "SELECT ca.code AS id, ca.name FROM council_area ca "
    "WHERE NOT EXISTS (SELECT 1 FROM target t WHERE t.area = ca.code) ORDER BY ca.name";

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
