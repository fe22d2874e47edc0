/* Reads: the page reads (each shaped for what a page shows) and the API resources
 * (flat items addressed by id, references as slugs). */
#include "store/store_int.h"

#include "base/mem.h"

#include <stdio.h>
#include <string.h>

/* Runs sql bound with up to two text parameters and collects the rows. */
static json_t *rows2(struct store *s, const char *sql, const char *a, const char *b, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return NULL;
	if (a)
		store_bind_text(st, 1, a);
	if (b)
		store_bind_text(st, 2, b);
	return store_rows(s, st, e);
}

/* Runs sql bound with key and returns its one row, or NOTFOUND "no WHAT called 'key'". */
static json_t *one(struct store *s, const char *sql, const char *what, const char *key, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, key);
	return store_row_one(s, st, what, key, e);
}

/* Sets obj[key] to the rows of sql for param; returns -1 (and releases obj) on error. */
static int attach(struct store *s, json_t *obj, const char *key, const char *sql, const char *param, struct kerr *e)
{
	json_t *rows = rows2(s, sql, param, NULL, e);
	if (!rows)
		return -1;
	json_object_set_new(obj, key, rows);
	return 0;
}

static const char sql_counts[] = "SELECT (SELECT count(*) FROM organisation) AS organisations, "
                                 "(SELECT count(*) FROM commitment WHERE " STORE_ACTION_SHOWN("action_id") ") AS commitments, "
                                 "(SELECT count(*) FROM action WHERE " STORE_ACTION_SHOWN("id") ") AS actions";

json_t *store_counts(struct store *s, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_counts, e);
	return st ? store_row_one(s, st, "count", "", e) : NULL;
}

static const char sql_foundations[] = "SELECT slug, title, text FROM foundation ORDER BY position";

json_t *store_foundations(struct store *s, struct kerr *e)
{
	return rows2(s, sql_foundations, NULL, NULL, e);
}

static const char sql_foundation[] = "SELECT slug, title, text FROM foundation WHERE slug = ?";
static const char sql_foundation_actions[] =
	"SELECT a.slug, a.title, p.slug AS \"priority.slug\", p.title AS \"priority.title\", "
	"pl.slug AS \"plan.slug\", pl.title AS \"plan.title\", pl.shape AS \"plan.shape\" "
	"FROM action a JOIN action_foundation af ON af.action_id = a.id "
	"JOIN foundation f ON f.id = af.foundation_id JOIN priority p ON p.id = a.priority_id "
	"JOIN plan pl ON pl.id = p.plan_id "
	"WHERE f.slug = ? AND " STORE_PLAN_SHOWN("pl.status") " ORDER BY pl.starts, pl.id, p.position, a.position";

json_t *store_foundation(struct store *s, const char *slug, struct kerr *e)
{
	json_t *f = one(s, sql_foundation, "foundation", slug, e);
	if (f && attach(s, f, "actions", sql_foundation_actions, slug, e) < 0) {
		json_decref(f);
		return NULL;
	}
	return f;
}

static const char sql_fundamentals[] = "SELECT slug, title FROM fundamental ORDER BY position";

json_t *store_fundamentals(struct store *s, struct kerr *e)
{
	return rows2(s, sql_fundamentals, NULL, NULL, e);
}

static const char sql_phases[] = "SELECT ph.slug, ph.title, ph.years, ph.summary, ph.starts, ph.ends, pl.slug AS plan "
                                 "FROM phase ph JOIN plan pl ON pl.id = ph.plan_id "
                                 "WHERE (?1 IS NULL OR pl.slug = ?1) AND " STORE_PLAN_SHOWN("pl.status")
                                 " ORDER BY ph.starts";

json_t *store_phases(struct store *s, struct kerr *e)
{
	return rows2(s, sql_phases, NULL, NULL, e);
}

static const char sql_plans[] =
	"SELECT slug, title, summary, starts, ends, status, shape, source, source_date, "
	"(SELECT count(*) FROM priority WHERE plan_id = plan.id) AS priorities, "
	"(SELECT count(*) FROM action a JOIN priority p ON p.id = a.priority_id "
	"  WHERE p.plan_id = plan.id) AS actions "
	"FROM plan WHERE " STORE_PLAN_SHOWN("status") " ORDER BY starts, id";

json_t *store_plans(struct store *s, struct kerr *e)
{
	return rows2(s, sql_plans, NULL, NULL, e);
}

static const char sql_priorities[] = "SELECT p.slug, p.title, p.text, pl.slug AS \"plan.slug\", pl.title AS \"plan.title\", "
                                     "f.slug AS foundation "
                                     "FROM priority p JOIN plan pl ON pl.id = p.plan_id "
                                     "LEFT JOIN foundation f ON f.id = p.foundation_id "
                                     "WHERE (?1 IS NULL OR pl.slug = ?1) AND " STORE_PLAN_SHOWN("pl.status")
                                     " ORDER BY pl.starts, pl.id, p.position";
static const char sql_priority_actions[] =
	"SELECT p.slug AS _priority, a.slug, a.title, la.at AS \"assessment.at\", "
	"la.rating AS \"assessment.rating\", la.text AS \"assessment.text\" "
	"FROM action a JOIN priority p ON p.id = a.priority_id JOIN plan pl ON pl.id = p.plan_id "
	"LEFT JOIN assessment la ON la.id = (SELECT id FROM assessment WHERE action_id = a.id "
	"  ORDER BY at DESC, id DESC LIMIT 1) "
	"WHERE (?1 IS NULL OR pl.slug = ?1) AND " STORE_PLAN_SHOWN("pl.status") " ORDER BY p.position, a.position";

/* The priority areas (of one plan, or of all when plan is NULL), each with its
 * actions and their latest assessment. */
static json_t *priorities_tree(struct store *s, const char *plan, struct kerr *e)
{
	json_t *prios = rows2(s, sql_priorities, plan, NULL, e);
	if (!prios)
		return NULL;
	json_t *by_slug = json_object();
	size_t i;
	json_t *p;
	json_array_foreach(prios, i, p)
	{
		json_t *actions = json_array();
		json_object_set_new(p, "actions", actions);
		json_object_set(by_slug, json_string_value(json_object_get(p, "slug")), actions);
	}
	sqlite3_stmt *st = store_stmt(s, sql_priority_actions, e);
	int rc = st ? SQLITE_DONE : SQLITE_ERROR;
	if (st) {
		store_bind_text(st, 1, plan);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			json_t *actions = json_object_get(by_slug, (const char *)sqlite3_column_text(st, 0));
			json_array_append_new(actions, store_row_object(st));
		}
		if (rc != SQLITE_DONE)
			store_fail(s, e, "reading actions");
		sqlite3_reset(st);
	}
	json_decref(by_slug);
	if (rc != SQLITE_DONE) {
		json_decref(prios);
		return NULL;
	}
	return prios;
}

json_t *store_priorities_with_actions(struct store *s, struct kerr *e)
{
	return priorities_tree(s, NULL, e);
}

static const char sql_plan[] = "SELECT slug, title, summary, starts, ends, status, shape, source, source_date "
                               "FROM plan WHERE slug = ? AND " STORE_PLAN_SHOWN("status");

json_t *store_plan(struct store *s, const char *slug, struct kerr *e)
{
	json_t *plan = one(s, sql_plan, "plan", slug, e);
	if (!plan)
		return NULL;
	json_t *phases = rows2(s, sql_phases, slug, NULL, e);
	json_t *prios = phases ? priorities_tree(s, slug, e) : NULL;
	if (!prios) {
		json_decref(phases);
		json_decref(plan);
		return NULL;
	}
	json_object_set_new(plan, "phases", phases);
	json_object_set_new(plan, "priorities", prios);
	return plan;
}

static const char sql_action[] =
	"SELECT a.slug, a.title, a.required, a.committed, a.leads_text, a.next_steps, a.due, a.source, "
	"a.source_date, a.now_text AS now, a.outcomes, "
	"p.slug AS \"priority.slug\", p.title AS \"priority.title\", "
	"pl.slug AS \"plan.slug\", pl.title AS \"plan.title\", pl.status AS \"plan.status\", "
	"pl.shape AS \"plan.shape\", pl.ends AS \"plan.ends\" "
	"FROM action a JOIN priority p ON p.id = a.priority_id JOIN plan pl ON pl.id = p.plan_id "
	"WHERE a.slug = ? AND " STORE_PLAN_SHOWN("pl.status");
static const char sql_action_fundamentals[] =
	"SELECT f.slug, f.title FROM fundamental f JOIN action_fundamental af ON af.fundamental_id = f.id "
	"JOIN action a ON a.id = af.action_id WHERE a.slug = ? ORDER BY f.position";
static const char sql_action_foundations[] =
	"SELECT f.slug, f.title FROM foundation f JOIN action_foundation af ON af.foundation_id = f.id "
	"JOIN action a ON a.id = af.action_id WHERE a.slug = ? ORDER BY f.position";
static const char sql_action_heard[] =
	"SELECT printf('%s-%03d', a.slug, h.position) AS id, h.at, h.text FROM heard h JOIN action a ON a.id = h.action_id "
	"WHERE a.slug = ? ORDER BY h.position";
static const char sql_action_leads[] =
	"SELECT l.role, o.slug AS \"organisation.slug\", o.name AS \"organisation.name\" "
	"FROM lead l JOIN organisation o ON o.id = l.organisation_id JOIN action a ON a.id = l.action_id "
	"WHERE a.slug = ? ORDER BY l.role <> 'lead', o.name";
static const char sql_action_commitments[] =
	"SELECT c.slug, c.text, c.due, c.due_text, c.status, "
	"o.slug AS \"organisation.slug\", o.name AS \"organisation.name\" "
	"FROM commitment c JOIN organisation o ON o.id = c.organisation_id JOIN action a ON a.id = c.action_id "
	"WHERE a.slug = ? ORDER BY o.name, c.due IS NULL, c.due, c.id";
static const char sql_action_assessments[] =
	"SELECT printf('%s-%06d', a.slug, s.id) AS id, s.at, s.rating, s.text, s.next_steps, s.source FROM assessment s "
	"JOIN action a ON a.id = s.action_id WHERE a.slug = ? ORDER BY s.at DESC, s.id DESC";
static const char sql_action_timeline[] =
	"SELECT printf('%s-%03d', a.slug, m.position) AS id, m.when_text AS \"when\", m.due, m.text, m.source, "
	"m.source_date FROM milestone m "
	"JOIN action a ON a.id = m.action_id "
	"WHERE a.slug = ? ORDER BY m.position";

json_t *store_action(struct store *s, const char *slug, struct kerr *e)
{
	json_t *a = one(s, sql_action, "action", slug, e);
	if (!a)
		return NULL;
	if (attach(s, a, "foundations", sql_action_foundations, slug, e) < 0 ||
	    attach(s, a, "fundamentals", sql_action_fundamentals, slug, e) < 0 ||
	    attach(s, a, "heard", sql_action_heard, slug, e) < 0 ||
	    attach(s, a, "leads", sql_action_leads, slug, e) < 0 ||
	    attach(s, a, "commitments", sql_action_commitments, slug, e) < 0 ||
	    attach(s, a, "assessments", sql_action_assessments, slug, e) < 0 ||
	    attach(s, a, "timeline", sql_action_timeline, slug, e) < 0) {
		json_decref(a);
		return NULL;
	}
	return a;
}

static const char sql_organisations[] =
	"SELECT o.slug, o.name, o.sector, o.scale, o.council_area, ca.name AS council_area_name, "
	"(SELECT count(*) FROM lead WHERE organisation_id = o.id AND " STORE_ACTION_SHOWN("action_id") ") AS leads, "
	"(SELECT count(*) FROM commitment WHERE organisation_id = o.id AND " STORE_ACTION_SHOWN("action_id") ") "
	"AS commitments "
	"FROM organisation o LEFT JOIN council_area ca ON ca.code = o.council_area ORDER BY o.name COLLATE NOCASE";

json_t *store_organisations(struct store *s, struct kerr *e)
{
	return rows2(s, sql_organisations, NULL, NULL, e);
}

static const char sql_organisation[] =
	"SELECT o.slug, o.name, o.sector, o.scale, o.council_area, ca.name AS council_area_name "
	"FROM organisation o LEFT JOIN council_area ca ON ca.code = o.council_area WHERE o.slug = ?";
static const char sql_organisation_leads[] =
	"SELECT l.role, a.slug AS \"action.slug\", a.title AS \"action.title\" "
	"FROM lead l JOIN organisation o ON o.id = l.organisation_id JOIN action a ON a.id = l.action_id "
	"JOIN priority p ON p.id = a.priority_id WHERE o.slug = ? AND " STORE_ACTION_SHOWN("a.id")
	" ORDER BY p.position, a.position";
static const char sql_organisation_commitments[] =
	"SELECT c.slug, c.text, c.due, c.due_text, c.status, a.slug AS \"action.slug\", a.title AS \"action.title\" "
	"FROM commitment c JOIN organisation o ON o.id = c.organisation_id LEFT JOIN action a ON a.id = c.action_id "
	"WHERE o.slug = ? AND " STORE_ACTION_SHOWN("c.action_id") " ORDER BY c.due IS NULL, c.due, c.id";

json_t *store_organisation(struct store *s, const char *slug, struct kerr *e)
{
	json_t *o = one(s, sql_organisation, "organisation", slug, e);
	if (!o)
		return NULL;
	if (attach(s, o, "leads", sql_organisation_leads, slug, e) < 0 ||
	    attach(s, o, "commitments", sql_organisation_commitments, slug, e) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* ---- search ---- */

/* Turns what a person typed into an FTS5 query: every run of letters and digits (any
 * byte >= 0x80 counts as a letter, so accented words stay whole) becomes a quoted
 * prefix term, and all must match. Nothing the person types can reach FTS5's syntax.
 * Returns the number of terms. */
static int fts_query(const char *words, struct buf *q)
{
	int terms = 0;
	const unsigned char *p = (const unsigned char *)words;
	while (*p && terms < 16) {
		while (*p && !(*p >= 0x80 || (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')))
			p++;
		const unsigned char *start = p;
		while (*p && (*p >= 0x80 || (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')))
			p++;
		if (p == start)
			break;
		if (terms++)
			buf_putc(q, ' ');
		buf_putc(q, '"');
		buf_put(q, start, (size_t)(p - start));
		buf_puts(q, "\"*");
	}
	return terms;
}

static const char sql_search[] =
	"SELECT kind, ref AS slug, title, snippet(search, -1, char(1), char(2), '…', 24) AS snippet "
	"FROM search WHERE search MATCH ?1 AND "
	/* The action a result is, or hangs off (the rowid is the record's id * 4 + its kind). */
	STORE_ACTION_SHOWN("(CASE search.kind WHEN 'action' THEN search.rowid / 4 "
	                   "WHEN 'commitment' THEN (SELECT action_id FROM commitment WHERE id = search.rowid / 4) "
	                   "WHEN 'heard' THEN (SELECT action_id FROM heard WHERE id = search.rowid / 4) END)")
	" ORDER BY bm25(search, 0.0, 0.0, 10.0, 1.0), rowid LIMIT ?2";

json_t *store_search(struct store *s, const char *words, int limit, struct kerr *e)
{
	struct buf q = {0};
	if (fts_query(words ? words : "", &q) == 0) {
		buf_free(&q);
		return json_array();
	}
	sqlite3_stmt *st = store_stmt(s, sql_search, e);
	json_t *rows = NULL;
	if (st) {
		store_bind_text(st, 1, buf_str(&q));
		sqlite3_bind_int(st, 2, limit);
		rows = store_rows(s, st, e);
	}
	buf_free(&q);
	return rows;
}

/* ---- API resources ---- */

/* Each resource is one SELECT giving an id column, the item's fields, and the hidden
 * filter columns _priority and _organisation (NULL where the filter does not apply).
 * The wrappers below add keyset paging, filters and lookup by id around it. */
#define R_LIST(inner)                                                                                         \
	"SELECT * FROM (" inner ") WHERE (?1 IS NULL OR id > ?1) AND (?2 IS NULL OR _priority = ?2) AND "     \
	"(?3 IS NULL OR _organisation = ?3) ORDER BY id LIMIT ?4"
#define R_GET(inner) "SELECT * FROM (" inner ") WHERE id = ?1"
#define R_ALL(inner) "SELECT * FROM (" inner ") ORDER BY id"
#define RESOURCE(name, what, filters, inner) {name, what, filters, R_LIST(inner), R_GET(inner), R_ALL(inner)}

enum { F_PRIORITY = 1, F_ORGANISATION = 2 };

struct resource {
	const char *name;
	const char *what; /* for messages: "no WHAT called 'x'" */
	unsigned filters;
	const char *list, *get, *all;
};

#define NO_FILTER "NULL AS _priority, NULL AS _organisation"
/* Ends the SELECT of a record that hangs off an action: only those of a plan shown. */
#define ACTION_JOIN                                                                                           \
	"JOIN action a ON a.id = x.action_id JOIN priority p ON p.id = a.priority_id "                          \
	"JOIN plan pl ON pl.id = p.plan_id WHERE " STORE_PLAN_SHOWN("pl.status")

#define EVIDENCE_ITEM                                                                                         \
	"SELECT e.slug AS id, o.slug AS organisation, e.kind, e.title, e.will_do, e.support_needed, "             \
	"e.help_offered, e.submitted, CASE e.published WHEN 1 THEN 'true' ELSE 'false' END AS \"published[]\", " \
	"e.published_at, (SELECT json_group_array(slug) FROM (SELECT a.slug FROM evidence_action ea "           \
	"  JOIN action a ON a.id = ea.action_id WHERE ea.evidence_id = e.id AND " STORE_ACTION_SHOWN("a.id")     \
	"  ORDER BY a.slug)) AS \"actions[]\", "                                                              \
	"e.file_name, e.file_type, e.file_size, e.created, e.updated, NULL AS _priority, o.slug AS _organisation " \
	"FROM evidence e JOIN organisation o ON o.id = e.organisation_id"

static const struct resource resources[] = {
	RESOURCE("foundations", "foundation", 0,
	         "SELECT slug AS id, position, title, text, " NO_FILTER " FROM foundation"),
	RESOURCE("fundamentals", "fundamental", 0,
	         "SELECT slug AS id, position, title, " NO_FILTER " FROM fundamental"),
	RESOURCE("phases", "phase", 0,
	         "SELECT ph.slug AS id, pl.slug AS plan, ph.title, ph.years, ph.summary, ph.starts, ph.ends, " NO_FILTER
	         " FROM phase ph JOIN plan pl ON pl.id = ph.plan_id WHERE " STORE_PLAN_SHOWN("pl.status")),
	RESOURCE("plans", "plan", 0,
	         "SELECT slug AS id, title, summary, starts, ends, status, shape, source, source_date, " NO_FILTER
	         " FROM plan WHERE " STORE_PLAN_SHOWN("status")),
	RESOURCE("priorities", "priority area", 0,
	         "SELECT p.slug AS id, pl.slug AS plan, p.position, p.title, p.text, "
	         "(SELECT slug FROM foundation WHERE id = p.foundation_id) AS foundation, " NO_FILTER
	         " FROM priority p JOIN plan pl ON pl.id = p.plan_id WHERE " STORE_PLAN_SHOWN("pl.status")),
	RESOURCE("actions", "action", F_PRIORITY,
	         "SELECT a.slug AS id, pl.slug AS plan, p.slug AS priority, a.position, a.title, a.required, "
	         "a.committed, a.leads_text, a.next_steps, a.due, a.source, a.source_date, a.now_text AS now, "
	         "a.outcomes, "
	         "(SELECT json_group_array(slug) FROM (SELECT f.slug FROM action_foundation af "
	         "  JOIN foundation f ON f.id = af.foundation_id WHERE af.action_id = a.id ORDER BY f.position)) "
	         "  AS \"foundations[]\", "
	         "(SELECT json_group_array(slug) FROM (SELECT f.slug FROM action_fundamental af "
	         "  JOIN fundamental f ON f.id = af.fundamental_id WHERE af.action_id = a.id ORDER BY f.position)) "
	         "  AS \"fundamentals[]\", "
	         "(SELECT slug FROM action WHERE id = a.carried_by AND " STORE_ACTION_SHOWN("id") ") AS carried_by, "
	         "p.slug AS _priority, NULL AS _organisation "
	         "FROM action a JOIN priority p ON p.id = a.priority_id JOIN plan pl ON pl.id = p.plan_id "
	         "WHERE " STORE_PLAN_SHOWN("pl.status")),
	RESOURCE("organisations", "organisation", 0,
	         "SELECT slug AS id, name, sector, scale, council_area, NULL AS _priority, NULL AS _organisation "
	         "FROM organisation"),
	RESOURCE("commitments", "commitment", F_PRIORITY | F_ORGANISATION,
	         "SELECT c.slug AS id, o.slug AS organisation, a.slug AS action, c.text, c.due, c.due_text, c.status, "
	         "c.source, c.created, c.updated, p.slug AS _priority, o.slug AS _organisation "
	         "FROM commitment c JOIN organisation o ON o.id = c.organisation_id "
	         "LEFT JOIN action a ON a.id = c.action_id LEFT JOIN priority p ON p.id = a.priority_id "
	         "WHERE " STORE_ACTION_SHOWN("c.action_id")),
	RESOURCE("leads", "lead", F_PRIORITY | F_ORGANISATION,
	         "SELECT a.slug || '/' || o.slug AS id, a.slug AS action, o.slug AS organisation, x.role, "
	         "p.slug AS _priority, o.slug AS _organisation "
	         "FROM lead x JOIN organisation o ON o.id = x.organisation_id " ACTION_JOIN),
	RESOURCE("heard", "heard note", F_PRIORITY,
	         "SELECT printf('%s-%03d', a.slug, x.position) AS id, a.slug AS action, x.position, x.at, x.text, "
	         "p.slug AS _priority, NULL AS _organisation FROM heard x " ACTION_JOIN),
	RESOURCE("assessments", "assessment", F_PRIORITY,
	         "SELECT printf('%s-%06d', a.slug, x.id) AS id, a.slug AS action, x.at, x.rating, x.text, "
	         "x.next_steps, x.source, p.slug AS _priority, NULL AS _organisation FROM assessment x " ACTION_JOIN),
	RESOURCE("milestones", "milestone", F_PRIORITY,
	         "SELECT printf('%s-%03d', a.slug, x.position) AS id, a.slug AS action, x.position, "
	         "x.when_text AS \"when\", x.due, x.text, x.source, x.source_date, p.slug AS _priority, "
	         "NULL AS _organisation "
	         "FROM milestone x " ACTION_JOIN),
	RESOURCE("council-areas", "council area", 0,
	         "SELECT code AS id, name, " NO_FILTER " FROM council_area"),
	RESOURCE("board-members", "board member", 0,
	         "SELECT slug AS id, name, role, CASE care_experienced WHEN 1 THEN 'true' ELSE 'false' END "
	         "AS \"care_experienced[]\", starts, ends, " NO_FILTER " FROM board_member"),
	RESOURCE("indicators", "indicator", 0,
	         "SELECT x.slug AS id, x.title, x.unit, nullif(x.source, '') AS source, "
	         "nullif(x.frequency, '') AS frequency, f.slug AS foundation, x.vision, "
	         "CASE x.counts_children WHEN 1 THEN 'true' ELSE 'false' END AS \"counts_children[]\", "
	         "CASE x.computed WHEN 1 THEN 'true' ELSE 'false' END AS \"computed[]\", "
	         "vo.slug AS outcome, vs.slug AS vision_statement, xf.level, xf.kind, xf.source AS framework_source, "
	         "xf.source_date AS framework_source_date, " NO_FILTER
	         " FROM indicator x LEFT JOIN foundation f ON f.id = x.foundation_id "
	         "LEFT JOIN indicator_framework xf ON xf.indicator_id = x.id "
	         "LEFT JOIN vision_outcome vo ON vo.id = xf.outcome_id LEFT JOIN vision_statement vs ON vs.id = vo.vision_id"),
	/* The Promise Progress Framework: read only (it is loaded from data/). */
	RESOURCE("vision-statements", "vision statement", 0,
	         "SELECT v.slug AS id, v.position, v.name, v.title, v.source, v.source_date, "
	         "(SELECT json_group_array(slug) FROM (SELECT o.slug FROM vision_outcome o WHERE o.vision_id = v.id "
	         "  ORDER BY o.position)) AS \"outcomes[]\", " NO_FILTER " FROM vision_statement v"),
	RESOURCE("vision-outcomes", "outcome", 0,
	         "SELECT o.slug AS id, v.slug AS vision_statement, o.position, o.text, o.source, o.source_date, "
	         "(SELECT json_group_array(slug) FROM (SELECT i.slug FROM indicator_framework xf "
	         "  JOIN indicator i ON i.id = xf.indicator_id WHERE xf.outcome_id = o.id ORDER BY i.slug)) "
	         "  AS \"indicators[]\", " NO_FILTER
	         " FROM vision_outcome o JOIN vision_statement v ON v.id = o.vision_id"),
	RESOURCE("targets", "target", F_PRIORITY,
	         "SELECT x.slug AS id, i.slug AS indicator, x.area, a.slug AS action, x.note, "
	         STORE_FIGURE("x.baseline") " AS baseline, x.baseline_at, " STORE_FIGURE("x.value") " AS value, "
	         "x.due, x.better, p.slug AS _priority, NULL AS _organisation "
	         "FROM target x JOIN indicator i ON i.id = x.indicator_id LEFT JOIN action a ON a.id = x.action_id "
	         "LEFT JOIN priority p ON p.id = a.priority_id WHERE " STORE_ACTION_SHOWN("x.action_id")),
	RESOURCE("observations", "observation", 0, STORE_OBSERVATION_ITEM),
	/* The public resource holds published evidence only; "evidence-all" (not in
	 * store_resources, so never served or exported as it is) holds all of it, for the
	 * audit record's before and after and for those the domain lets see it. */
	RESOURCE("evidence", "published evidence", F_ORGANISATION, EVIDENCE_ITEM " WHERE e.published = 1"),
	RESOURCE("evidence-all", "evidence", F_ORGANISATION, EVIDENCE_ITEM),
	/* Scenarios (The Money): in their file's shape (docs/money.md "Scenarios"). */
	RESOURCE("scenarios", "scenario", 0,
	         "SELECT x.slug AS id, x.name, x.area, o.slug AS owner, x.description, "
	         "CASE x.made_up WHEN 1 THEN 'true' ELSE 'false' END AS \"made_up[]\", "
	         "(SELECT json_group_array(json_object('what', what, 'per_year', " STORE_FIGURE("per_year") ", "
	         "  'from', starts, 'to', ends, 'payer', payer, "
	         "  'pooled', json(CASE pooled WHEN 1 THEN 'true' ELSE 'false' END), 'pooled_with', pooled_with)) "
	         "  FROM (SELECT * FROM scenario_investment WHERE scenario_id = x.id ORDER BY position)) "
	         "  AS \"investments[]\", "
	         "(SELECT json_group_array(CASE kind WHEN 'move' THEN json_object('kind', kind, "
	         "  'from_type', from_type, 'to_type', to_type, 'band', band, 'low_pct', " STORE_FIGURE("low_pct") ", "
	         "  'high_pct', " STORE_FIGURE("high_pct") ", 'starts_after_months', starts_after_months, "
	         "  'ramp_months', ramp_months) ELSE json_object('kind', kind, 'type', from_type, 'band', band, "
	         "  'low_pct', " STORE_FIGURE("low_pct") ", 'high_pct', " STORE_FIGURE("high_pct") ", "
	         "  'starts_after_months', starts_after_months, 'ramp_months', ramp_months) END) "
	         "  FROM (SELECT * FROM scenario_effect WHERE scenario_id = x.id ORDER BY position)) AS \"effects[]\", "
	         "x.created, x.updated, " NO_FILTER " "
	         "FROM scenario x LEFT JOIN organisation o ON o.id = x.organisation_id"),
};

#define NRESOURCES (sizeof resources / sizeof resources[0])

const char *const store_resources[] = {
	"foundations", "fundamentals", "phases", "plans", "priorities", "actions", "organisations",
	"commitments", "leads", "heard", "assessments", "milestones", "council-areas", "evidence", "board-members",
	"indicators", "targets", "observations", "vision-statements", "vision-outcomes", "scenarios", NULL,
};

static const struct resource *resource_find(const char *name, struct kerr *e)
{
	for (size_t i = 0; i < NRESOURCES; i++)
		if (strcmp(resources[i].name, name) == 0)
			return &resources[i];
	kerr_set(e, KERR_NOTFOUND, "no resource called '%s'", name);
	return NULL;
}

bool store_resource_filters(const char *resource, const char *filter)
{
	const struct resource *r = resource_find(resource, NULL);
	if (!r)
		return false;
	if (strcmp(filter, "priority") == 0)
		return r->filters & F_PRIORITY;
	if (strcmp(filter, "organisation") == 0)
		return r->filters & F_ORGANISATION;
	return false;
}

static const char sql_priority_exists[] = "SELECT p.slug FROM priority p JOIN plan pl ON pl.id = p.plan_id "
                                          "WHERE p.slug = ? AND " STORE_PLAN_SHOWN("pl.status");
static const char sql_organisation_exists[] = "SELECT slug FROM organisation WHERE slug = ?";

/* Checks that a filter value names something, so a typo is a 404 and not an empty
 * page that looks like "nothing there". */
static int exists(struct store *s, const char *sql, const char *what, const char *slug, struct kerr *e)
{
	json_t *row = one(s, sql, what, slug, e);
	if (!row)
		return -1;
	json_decref(row);
	return 0;
}

json_t *store_resource_list(struct store *s, const char *resource, const struct store_page *pg, struct kerr *e)
{
	const struct resource *r = resource_find(resource, e);
	if (!r)
		return NULL;
	if (pg->priority && exists(s, sql_priority_exists, "priority area", pg->priority, e) < 0)
		return NULL;
	if (pg->organisation && exists(s, sql_organisation_exists, "organisation", pg->organisation, e) < 0)
		return NULL;
	if (pg->after) {
		json_t *row = one(s, r->get, r->what, pg->after, e);
		if (!row)
			return NULL;
		json_decref(row);
	}
	sqlite3_stmt *st = store_stmt(s, r->list, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, pg->after);
	store_bind_text(st, 2, (r->filters & F_PRIORITY) ? pg->priority : NULL);
	store_bind_text(st, 3, (r->filters & F_ORGANISATION) ? pg->organisation : NULL);
	sqlite3_bind_int(st, 4, pg->limit + 1);
	json_t *items = store_rows(s, st, e);
	if (!items)
		return NULL;
	json_t *next = json_null();
	if (json_array_size(items) > (size_t)pg->limit) {
		json_array_remove(items, (size_t)pg->limit);
		next = json_incref(json_object_get(json_array_get(items, (size_t)pg->limit - 1), "id"));
	}
	return json_pack("{s:o, s:o}", "items", items, "next", next);
}

json_t *store_resource_get(struct store *s, const char *resource, const char *id, struct kerr *e)
{
	const struct resource *r = resource_find(resource, e);
	return r ? one(s, r->get, r->what, id, e) : NULL;
}

json_t *store_resource_all(struct store *s, const char *resource, struct kerr *e)
{
	const struct resource *r = resource_find(resource, e);
	return r ? rows2(s, r->all, NULL, NULL, e) : NULL;
}

json_t *store_resource_fields(struct store *s, const char *resource, struct kerr *e)
{
	const struct resource *r = resource_find(resource, e);
	sqlite3_stmt *st = r ? store_stmt(s, r->all, e) : NULL;
	if (!st)
		return NULL;
	/* The names the rows would have: as store_row_object names its keys. */
	json_t *names = json_array();
	for (int i = 0; i < sqlite3_column_count(st); i++) {
		const char *n = sqlite3_column_name(st, i);
		size_t len = strlen(n);
		if (n[0] == '_')
			continue;
		if (len > 2 && strcmp(n + len - 2, "[]") == 0)
			len -= 2;
		json_array_append_new(names, json_stringn(n, len));
	}
	return names;
}

/* ---- an action across plans ---- */

static const char sql_action_carried_by[] =
	"SELECT b.slug, b.title, pl.slug AS \"plan.slug\", pl.title AS \"plan.title\", pl.shape AS \"plan.shape\", "
	"pl.status AS \"plan.status\" "
	"FROM action a JOIN action b ON b.id = a.carried_by JOIN priority p ON p.id = b.priority_id "
	"JOIN plan pl ON pl.id = p.plan_id WHERE a.slug = ?1 AND " STORE_PLAN_SHOWN("pl.status");
static const char sql_action_carries_on[] =
	"SELECT a.slug, a.title, pl.slug AS \"plan.slug\", pl.title AS \"plan.title\", pl.shape AS \"plan.shape\", "
	"pl.status AS \"plan.status\" "
	"FROM action a JOIN action b ON b.id = a.carried_by JOIN priority p ON p.id = a.priority_id "
	"JOIN plan pl ON pl.id = p.plan_id WHERE b.slug = ?1 AND " STORE_PLAN_SHOWN("pl.status")
	" ORDER BY pl.starts, pl.id, p.position, a.position";

json_t *store_action_carry(struct store *s, const char *slug, struct kerr *e)
{
	json_t *by = rows2(s, sql_action_carried_by, slug, NULL, e);
	if (!by)
		return NULL;
	json_t *out = json_object();
	if (json_array_size(by))
		json_object_set(out, "carried_by", json_array_get(by, 0));
	json_decref(by);
	if (attach(s, out, "carries_on", sql_action_carries_on, slug, e) < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}
