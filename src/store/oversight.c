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
