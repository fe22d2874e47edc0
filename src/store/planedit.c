/* The writes that keep the Plan: see planedit.h. */
#include "store/planedit.h"

#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

/* A put's result code as the caller's answer: a taken slug is a conflict. */
static int put_result(struct store *s, int rc, const char *what, const char *slug, const char *doing,
                      struct kerr *e)
{
	if (rc < 0)
		return -1;
	if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return kerr_set(e, KERR_CONFLICT, "there is already a %s called '%s'", what, slug);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, doing);
	return 0;
}

/* A delete that other records may stand in the way of (a foreign key). */
static int delete_result(struct store *s, int rc, const char *what, const char *slug, const char *doing,
                         struct kerr *e)
{
	if (rc < 0)
		return -1;
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
		return kerr_set(e, KERR_CONFLICT,
		                "Other records still belong to this %s. Delete or move them first; "
		                "nothing was deleted.",
		                what);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, doing);
	if (sqlite3_changes(s->db) == 0)
		return kerr_set(e, KERR_NOTFOUND, "no %s called '%s'", what, slug);
	return 0;
}

/* ---- plans ---- */

static const char sql_plan_insert[] =
    "INSERT INTO plan(slug, title, summary, starts, ends, status, shape, source, source_date) "
    "VALUES (?1, ?2, ?3, ?4, ?5, coalesce(?6, 'published'), coalesce(?7, 'priorities'), ?8, ?9)";
static const char sql_plan_update[] =
    "UPDATE plan SET title = ?2, summary = ?3, starts = ?4, ends = ?5, status = coalesce(?6, status), "
    "shape = coalesce(?7, shape), source = ?8, source_date = ?9 WHERE slug = ?1";

int store_plan_put(struct store *s, const struct store_plan_row *p, bool insert, struct kerr *e)
{
	const char *const v[] = {p->slug,   p->title, p->summary, p->starts,     p->ends,
	                         p->status, p->shape, p->source,  p->source_date};
	if (!insert)
		return store_change(s, sql_plan_update, v, 9, "changing a plan", "plan", p->slug, e);
	return put_result(s, store_run(s, sql_plan_insert, v, 9, e), "plan", p->slug, "adding a plan", e);
}

static const char sql_plan_phases_delete[] =
    "DELETE FROM phase WHERE plan_id = (SELECT id FROM plan WHERE slug = ?1)";
static const char sql_plan_delete[] = "DELETE FROM plan WHERE slug = ?1";

int store_plan_delete(struct store *s, const char *slug, struct kerr *e)
{
	const char *const v[] = {slug};
	int rc = store_run(s, sql_plan_phases_delete, v, 1, e);
	if (rc < 0)
		return -1;
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "deleting a plan's phases");
	return delete_result(s, store_run(s, sql_plan_delete, v, 1, e), "plan", slug, "deleting a plan", e);
}

/* ---- phases ---- */

static const char sql_phase_insert[] =
    "INSERT INTO phase(plan_id, slug, title, years, summary, starts, ends) "
    "VALUES ((SELECT id FROM plan WHERE slug = ?2), ?1, ?3, ?4, ?5, ?6, ?7)";
static const char sql_phase_update[] =
    "UPDATE phase SET title = ?3, years = ?4, summary = ?5, starts = ?6, ends = ?7 WHERE slug = ?1";
static const char sql_phase_delete[] = "DELETE FROM phase WHERE slug = ?1";

int store_phase_put(struct store *s, const struct store_phase_row *p, bool insert, struct kerr *e)
{
	const char *const v[] = {p->slug, p->plan, p->title, p->years, p->summary, p->starts, p->ends};
	if (!insert)
		return store_change(s, sql_phase_update, v, 7, "changing a phase", "phase", p->slug, e);
	return put_result(s, store_run(s, sql_phase_insert, v, 7, e), "phase", p->slug, "adding a phase", e);
}

int store_phase_delete(struct store *s, const char *slug, struct kerr *e)
{
	return delete_result(s, store_run(s, sql_phase_delete, (const char *const[]){slug}, 1, e), "phase",
	                     slug, "deleting a phase", e);
}

/* ---- priority areas ---- */

static const char sql_priority_insert[] =
    "INSERT INTO priority(plan_id, slug, position, title, text, foundation_id) "
    "SELECT pl.id, ?1, (SELECT coalesce(max(position), 0) + 1 FROM priority WHERE plan_id = pl.id), ?3, ?4, "
    "(SELECT id FROM foundation WHERE slug = ?5) FROM plan pl WHERE pl.slug = ?2";
static const char sql_priority_update[] =
    "UPDATE priority SET title = ?3, text = ?4, foundation_id = (SELECT id FROM foundation WHERE slug = ?5) "
    "WHERE slug = ?1";
static const char sql_priority_delete[] = "DELETE FROM priority WHERE slug = ?1";

int store_priority_put(struct store *s, const struct store_priority_row *p, bool insert, struct kerr *e)
{
	const char *const v[] = {p->slug, p->plan, p->title, p->text, p->foundation};
	if (!insert)
		return store_change(s, sql_priority_update, v, 5, "changing a priority area", "priority area",
		                    p->slug, e);
	if (put_result(s, store_run(s, sql_priority_insert, v, 5, e), "priority area", p->slug,
	               "adding a priority area", e) < 0)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return kerr_set(e, KERR_NOTFOUND, "no plan called '%s'", p->plan);
	return 0;
}

int store_priority_delete(struct store *s, const char *slug, struct kerr *e)
{
	return delete_result(s, store_run(s, sql_priority_delete, (const char *const[]){slug}, 1, e),
	                     "priority area", slug, "deleting a priority area", e);
}

/* ---- actions ---- */

static const char sql_action_insert[] = "INSERT INTO action(priority_id, slug, position, title, required, "
                                        "now_text, outcomes, committed, leads_text, "
                                        "next_steps, due, source, source_date) "
                                        "SELECT p.id, ?1, (SELECT coalesce(max(position), 0) + 1 FROM action "
                                        "WHERE priority_id = p.id), ?3, ?4, ?5, "
                                        "?6, ?7, ?8, ?9, ?10, ?11, ?12 FROM priority p WHERE p.slug = ?2";
static const char sql_action_update[] =
    "UPDATE action SET "
    "position = CASE WHEN priority_id = (SELECT id FROM priority WHERE slug = ?2) THEN position ELSE "
    "  (SELECT coalesce(max(position), 0) + 1 FROM action WHERE priority_id = (SELECT id FROM priority WHERE "
    "slug = ?2)) END, "
    "priority_id = (SELECT id FROM priority WHERE slug = ?2), title = ?3, required = ?4, now_text = ?5, "
    "outcomes = ?6, committed = ?7, leads_text = ?8, next_steps = ?9, due = ?10, source = ?11, "
    "source_date = ?12 WHERE slug = ?1";
static const char sql_action_foundations_clear[] =
    "DELETE FROM action_foundation WHERE action_id = (SELECT id FROM action WHERE slug = ?1)";
static const char sql_action_foundation_add[] =
    "INSERT INTO action_foundation(action_id, foundation_id) "
    "SELECT a.id, f.id FROM action a, foundation f WHERE a.slug = ?1 AND f.slug = ?2";
static const char sql_action_fundamentals_clear[] =
    "DELETE FROM action_fundamental WHERE action_id = (SELECT id FROM action WHERE slug = ?1)";
static const char sql_action_fundamental_add[] =
    "INSERT INTO action_fundamental(action_id, fundamental_id) "
    "SELECT a.id, f.id FROM action a, fundamental f WHERE a.slug = ?1 AND f.slug = ?2";
static const char sql_action_delete[] = "DELETE FROM action WHERE slug = ?1";

/* Replaces the set of an action's links: clear, then one add per slug. */
static int links_put(struct store *s, const char *action, const char *clear, const char *add,
                     const char *const *slugs, size_t n, struct kerr *e)
{
	int rc = store_run(s, clear, (const char *const[]){action}, 1, e);
	if (rc < 0)
		return -1;
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "changing what an action serves");
	for (size_t i = 0; i < n; i++) {
		rc = store_run(s, add, (const char *const[]){action, slugs[i]}, 2, e);
		if (rc < 0)
			return -1;
		if (rc != SQLITE_DONE)
			return store_fail(s, e, "changing what an action serves");
		if (sqlite3_changes(s->db) == 0)
			return kerr_set(e, KERR_NOTFOUND, "nothing called '%s' for action '%s' to serve",
			                slugs[i], action);
	}
	return 0;
}

int store_action_put(struct store *s, const struct store_action_row *a, bool insert, struct kerr *e)
{
	const char *const v[] = {a->slug,       a->priority, a->title,     a->required,
	                         a->now,        a->outcomes, a->committed, a->leads_text,
	                         a->next_steps, a->due,      a->source,    a->source_date};
	if (insert) {
		if (put_result(s, store_run(s, sql_action_insert, v, 12, e), "action", a->slug,
		               "adding an action", e) < 0)
			return -1;
		if (sqlite3_changes(s->db) == 0)
			return kerr_set(e, KERR_NOTFOUND, "no priority area called '%s'", a->priority);
	} else if (store_change(s, sql_action_update, v, 12, "changing an action", "action", a->slug, e) <
	           0) {
		return -1;
	}
	return links_put(s, a->slug, sql_action_foundations_clear, sql_action_foundation_add, a->foundations,
	                 a->nfoundations, e) < 0 ||
	               links_put(s, a->slug, sql_action_fundamentals_clear, sql_action_fundamental_add,
	                         a->fundamentals, a->nfundamentals, e) < 0
	           ? -1
	           : 0;
}

int store_action_delete(struct store *s, const char *slug, struct kerr *e)
{
	return delete_result(s, store_run(s, sql_action_delete, (const char *const[]){slug}, 1, e), "action",
	                     slug, "deleting an action", e);
}

/* ---- milestones ---- */

/* A new milestone's position: after every one the action has, or ever had (the audit
 * log keeps the deleted), so that no id names two milestones in a history. */
static const char sql_milestone_next[] =
    "SELECT max(coalesce((SELECT max(m.position) FROM milestone m "
    "WHERE m.action_id = (SELECT id FROM action WHERE slug = ?1)), 0), "
    "coalesce((SELECT max(json_extract(coalesce(after_json, before_json), '$.position')) FROM audit "
    "WHERE entity = 'milestone' AND json_extract(coalesce(after_json, before_json), '$.action') = ?1), 0)) + 1";
static const char sql_milestone_insert[] =
    "INSERT INTO milestone(action_id, position, when_text, due, text, source, source_date) "
    "SELECT a.id, CAST(?2 AS INTEGER), ?3, ?4, ?5, ?6, ?7 FROM action a WHERE a.slug = ?1";
static const char sql_milestone_update[] =
    "UPDATE milestone SET when_text = ?3, due = ?4, text = ?5, source = ?6, source_date = ?7 "
    "WHERE action_id = (SELECT id FROM action WHERE slug = ?1) AND position = CAST(?2 AS INTEGER)";
static const char sql_milestone_delete[] =
    "DELETE FROM milestone WHERE action_id = (SELECT id FROM action WHERE slug = ?1) "
    "AND position = CAST(?2 AS INTEGER)";

int store_milestone_put(struct store *s, const struct store_milestone_row *m, bool insert, int *position_out,
                        struct kerr *e)
{
	int position = m->position;
	if (insert) {
		sqlite3_stmt *st = store_stmt(s, sql_milestone_next, e);
		if (!st)
			return -1;
		store_bind_text(st, 1, m->action);
		int rc = sqlite3_step(st);
		position = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
		sqlite3_reset(st);
		if (rc != SQLITE_ROW)
			return store_fail(s, e, "numbering a milestone");
	}
	char pos[16];
	snprintf(pos, sizeof pos, "%d", position);
	const char *const v[] = {m->action, pos, m->when, m->due, m->text, m->source, m->source_date};
	char key[200];
	snprintf(key, sizeof key, "%.150s-%03d", m->action, position);
	if (!insert)
		return store_change(s, sql_milestone_update, v, 7, "changing a milestone", "milestone", key,
		                    e);
	if (put_result(s, store_run(s, sql_milestone_insert, v, 7, e), "milestone", key, "adding a milestone",
	               e) < 0)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return kerr_set(e, KERR_NOTFOUND, "no action called '%s'", m->action);
	if (position_out)
		*position_out = position;
	return 0;
}

int store_milestone_delete(struct store *s, const char *action, int position, struct kerr *e)
{
	char pos[16], key[200];
	snprintf(pos, sizeof pos, "%d", position);
	snprintf(key, sizeof key, "%.150s-%03d", action, position);
	return store_change(s, sql_milestone_delete, (const char *const[]){action, pos}, 2,
	                    "deleting a milestone", "milestone", key, e);
}

/* ---- what hangs off, what is under ---- */

#define IN_SCOPE                                                                                             \
	"FROM action a JOIN priority p ON p.id = a.priority_id JOIN plan pl ON pl.id = p.plan_id "           \
	"WHERE (?1 IS NULL OR pl.slug = ?1) AND (?2 IS NULL OR p.slug = ?2) AND (?3 IS NULL OR a.slug = "    \
	"?3) "                                                                                               \
	"AND coalesce(?1, ?2, ?3) IS NOT NULL "

static const char sql_action_ties[] =
    "SELECT * FROM (SELECT a.slug, a.title, "
    "(SELECT count(*) FROM commitment WHERE action_id = a.id) AS commitments, "
    "(SELECT count(*) FROM evidence_action WHERE action_id = a.id) AS evidence, "
    "(SELECT count(*) FROM target WHERE action_id = a.id) AS targets, "
    "(SELECT count(*) FROM assessment WHERE action_id = a.id) AS assessments, "
    "(SELECT count(*) FROM heard WHERE action_id = a.id) AS heard, "
    "(SELECT count(*) FROM lead WHERE action_id = a.id) AS leads, "
    "(SELECT count(*) FROM action c WHERE c.carried_by = a.id) AS carried " IN_SCOPE
    "ORDER BY p.position, a.position) "
    "WHERE commitments + evidence + targets + assessments + heard + leads + carried > 0";

static json_t *scoped(struct store *s, const char *sql, const char *plan, const char *priority,
                      const char *action, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, plan);
	store_bind_text(st, 2, priority);
	store_bind_text(st, 3, action);
	return store_rows(s, st, e);
}

json_t *store_action_ties(struct store *s, const char *plan, const char *priority, const char *action,
                          struct kerr *e)
{
	return scoped(s, sql_action_ties, plan, priority, action, e);
}

static const char sql_actions_under[] =
    "SELECT a.slug, (SELECT json_group_array(id) FROM (SELECT printf('%s-%03d', a.slug, m.position) AS id "
    "FROM milestone m WHERE m.action_id = a.id ORDER BY m.position)) AS \"milestones[]\" " IN_SCOPE
    "ORDER BY p.position, a.position";

json_t *store_actions_under(struct store *s, const char *plan, const char *priority, struct kerr *e)
{
	return scoped(s, sql_actions_under, plan, priority, NULL, e);
}

static const char sql_plan_parts[] =
    "SELECT (SELECT json_group_array(slug) FROM (SELECT ph.slug FROM phase ph WHERE ph.plan_id = pl.id "
    "ORDER BY ph.starts, ph.id)) AS \"phases[]\", "
    "(SELECT json_group_array(slug) FROM (SELECT p.slug FROM priority p WHERE p.plan_id = pl.id "
    "ORDER BY p.position)) AS \"priorities[]\" FROM plan pl WHERE pl.slug = ?1";

json_t *store_plan_parts(struct store *s, const char *plan, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_plan_parts, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, plan);
	return store_row_one(s, st, "plan", plan, e);
}

static const char sql_plan_span[] =
    "WITH d(day) AS (SELECT ph.starts FROM phase ph JOIN plan pl ON pl.id = ph.plan_id WHERE pl.slug = ?1 "
    "UNION ALL SELECT ph.ends FROM phase ph JOIN plan pl ON pl.id = ph.plan_id WHERE pl.slug = ?1 "
    "UNION ALL SELECT m.due FROM milestone m JOIN action a ON a.id = m.action_id "
    "JOIN priority p ON p.id = a.priority_id JOIN plan pl ON pl.id = p.plan_id "
    "WHERE pl.slug = ?1 AND m.due IS NOT NULL) "
    "SELECT min(day) AS first, max(day) AS last FROM d";

json_t *store_plan_span(struct store *s, const char *plan, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_plan_span, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, plan);
	return store_row_one(s, st, "plan", plan, e);
}

static const char sql_audit_of_plan[] =
    "SELECT at, actor, entity, entity_id, verb, before_json AS \"before[]\", after_json AS \"after[]\" "
    "FROM audit WHERE (entity = 'plan' AND entity_id = ?1) OR (entity IN ('phase', 'priority') "
    "AND coalesce(json_extract(after_json, '$.plan'), json_extract(before_json, '$.plan')) = ?1) "
    "ORDER BY at, id";

json_t *store_audit_of_plan(struct store *s, const char *plan, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_audit_of_plan, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, plan);
	return store_rows(s, st, e);
}
