/* Writing a whole plan as an import gives it (plan/planimport.c): what the checks need
 * to know of what is stored, what would be lost by replacing a plan, and the writes.
 * The plan is matched on its slug and its elements on theirs, so an action or route map
 * that stays keeps its row (and the commitments, evidence, targets, leads, heard notes
 * and assessments that hang off it). The caller holds the transaction. */
#include "store/store_int.h"

#include <string.h>

static const char sql_slugs_plans[] =
	"SELECT slug, title, shape, status, starts, ends FROM plan ORDER BY id";
static const char sql_slugs_elements[] =
	"SELECT 'phases' AS kind, ph.slug, p.slug AS plan, p.title AS plan_title, NULL AS source FROM phase ph "
	"JOIN plan p ON p.id = ph.plan_id "
	"UNION ALL SELECT 'priorities', pr.slug, p.slug, p.title, NULL FROM priority pr JOIN plan p ON p.id = pr.plan_id "
	"UNION ALL SELECT 'actions', a.slug, p.slug, p.title, a.source FROM action a "
	"JOIN priority pr ON pr.id = a.priority_id JOIN plan p ON p.id = pr.plan_id";
static const char sql_slugs_foundations[] = "SELECT slug FROM foundation ORDER BY position";
static const char sql_slugs_fundamentals[] = "SELECT slug FROM fundamental ORDER BY position";

json_t *store_plan_slugs(struct store *s, struct kerr *e)
{
	json_t *out = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "plans", json_object(), "phases", json_object(),
	                        "priorities", json_object(), "actions", json_object(), "foundations", json_array(),
	                        "fundamentals", json_array());
	json_t *rows = store_rows(s, store_stmt(s, sql_slugs_plans, e), e);
	if (!rows)
		goto fail;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
		json_object_set(json_object_get(out, "plans"), json_string_value(json_object_get(r, "slug")), r);
	json_decref(rows);
	rows = store_rows(s, store_stmt(s, sql_slugs_elements, e), e);
	if (!rows)
		goto fail;
	json_array_foreach(rows, i, r)
		json_object_set(json_object_get(out, json_string_value(json_object_get(r, "kind"))),
		                json_string_value(json_object_get(r, "slug")), r);
	json_decref(rows);
	static const char *const lists[][2] = {{"foundations", sql_slugs_foundations},
	                                       {"fundamentals", sql_slugs_fundamentals}};
	for (size_t k = 0; k < 2; k++) {
		rows = store_rows(s, store_stmt(s, lists[k][1], e), e);
		if (!rows)
			goto fail;
		json_array_foreach(rows, i, r)
			json_array_append(json_object_get(out, lists[k][0]), json_object_get(r, "slug"));
		json_decref(rows);
	}
	return out;
fail:
	json_decref(out);
	return NULL;
}

/* The actions of plan ?1 whose slugs are not in ?2 (a JSON array), with what hangs off
 * each; the carried_from count is of actions of other plans that name it as the one that
 * carries them on. */
static const char sql_dropped[] =
	"SELECT a.slug, a.title, "
	"(SELECT count(*) FROM commitment c WHERE c.action_id = a.id) AS commitments, "
	"(SELECT count(*) FROM evidence_action ea WHERE ea.action_id = a.id) AS evidence, "
	"(SELECT count(*) FROM target t WHERE t.action_id = a.id) AS targets, "
	"(SELECT count(*) FROM lead l WHERE l.action_id = a.id) AS leads, "
	"(SELECT count(*) FROM heard h WHERE h.action_id = a.id) AS heard, "
	"(SELECT count(*) FROM assessment s WHERE s.action_id = a.id) AS assessments, "
	"(SELECT count(*) FROM action o JOIN priority op ON op.id = o.priority_id "
	"  WHERE o.carried_by = a.id AND op.plan_id <> pr.plan_id) AS carried_from "
	"FROM action a JOIN priority pr ON pr.id = a.priority_id JOIN plan p ON p.id = pr.plan_id "
	"WHERE p.slug = ?1 AND a.slug NOT IN (SELECT value FROM json_each(?2)) ORDER BY pr.position, a.position";

json_t *store_plan_dropped(struct store *s, const char *plan, json_t *keep, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_dropped, e);
	if (!st)
		return NULL;
	char *list = json_dumps(keep, JSON_COMPACT);
	store_bind_text(st, 1, plan);
	store_bind_text(st, 2, list);
	json_t *rows = store_rows(s, st, e);
	free(list);
	return rows;
}

/* ---------------------------------------------------------------- writing */

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static char *slugs_of(json_t *list, const char *key)
{
	json_t *slugs = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) json_array_append(slugs, json_object_get(v, key));
	char *out = json_dumps(slugs, JSON_COMPACT);
	json_decref(slugs);
	return out;
}

/* Runs sql with v[0..n) and steps it for one integer (RETURNING id): the id, or -1. */
static sqlite3_int64 returning(struct store *s, const char *sql, const char *const *v, int n, const char *doing,
                               struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return -1;
	for (int i = 0; i < n; i++)
		store_bind_text(st, i + 1, v[i]);
	sqlite3_int64 id = -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE)
		id = store_fail(s, e, doing);
	else if (id < 0)
		kerr_set(e, KERR_INVALID, "%s: the slug belongs to another plan", doing);
	sqlite3_reset(st);
	return id;
}

static int run(struct store *s, const char *sql, const char *const *v, int n, const char *doing, struct kerr *e)
{
	int rc = store_run(s, sql, v, n, e);
	if (rc < 0)
		return -1;
	return rc == SQLITE_DONE ? 0 : store_fail(s, e, doing);
}

/* A plan's status the file leaves out is published for a new plan and stays as it is
 * on a replace (an ended plan stays ended). */
static const char sql_plan_put[] =
	"INSERT INTO plan(slug, title, summary, starts, ends, status, shape, source, source_date) "
	"VALUES (?1, ?2, ?3, ?4, ?5, coalesce(?6, 'published'), coalesce(?7, 'priorities'), ?8, ?9) "
	"ON CONFLICT(slug) DO UPDATE SET title = excluded.title, summary = excluded.summary, starts = excluded.starts, "
	"ends = excluded.ends, status = coalesce(?6, plan.status), shape = excluded.shape, source = excluded.source, "
	"source_date = excluded.source_date RETURNING id";
static const char sql_phases_drop[] =
	"DELETE FROM phase WHERE plan_id = ?1 AND slug NOT IN (SELECT value FROM json_each(?2))";
static const char sql_phase_put[] =
	"INSERT INTO phase(plan_id, slug, title, years, summary, starts, ends) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
	"ON CONFLICT(slug) DO UPDATE SET title = excluded.title, years = excluded.years, summary = excluded.summary, "
	"starts = excluded.starts, ends = excluded.ends WHERE phase.plan_id = excluded.plan_id RETURNING id";
/* The plan's own actions carry nothing on until the file says so again; actions the
 * file leaves out go (what hangs off them was checked: nothing that matters). */
static const char sql_actions_uncarry[] =
	"UPDATE action SET carried_by = NULL WHERE priority_id IN (SELECT id FROM priority WHERE plan_id = ?1)";
static const char sql_actions_drop[] =
	"DELETE FROM action WHERE priority_id IN (SELECT id FROM priority WHERE plan_id = ?1) "
	"AND slug NOT IN (SELECT value FROM json_each(?2))";
/* A priority's position is kept clear of the file's while they are renumbered. */
static const char sql_priority_put[] =
	"INSERT INTO priority(plan_id, position, foundation_id, slug, title, text) "
	"VALUES (?1, ?2, (SELECT id FROM foundation WHERE slug = ?3), ?4, ?5, ?6) "
	"ON CONFLICT(slug) DO UPDATE SET position = excluded.position, foundation_id = excluded.foundation_id, "
	"title = excluded.title, text = excluded.text WHERE priority.plan_id = excluded.plan_id RETURNING id";
static const char sql_action_put[] =
	"INSERT INTO action(priority_id, position, slug, title, required, committed, leads_text, next_steps, due, "
	"source, now_text, outcomes, source_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
	"ON CONFLICT(slug) DO UPDATE SET priority_id = excluded.priority_id, position = excluded.position, "
	"title = excluded.title, required = excluded.required, committed = excluded.committed, "
	"leads_text = excluded.leads_text, next_steps = excluded.next_steps, due = excluded.due, "
	"source = excluded.source, now_text = excluded.now_text, outcomes = excluded.outcomes, "
	"source_date = excluded.source_date "
	"WHERE (SELECT plan_id FROM priority WHERE id = action.priority_id) = "
	"(SELECT plan_id FROM priority WHERE id = excluded.priority_id) RETURNING id";
static const char sql_priorities_drop[] =
	"DELETE FROM priority WHERE plan_id = ?1 AND slug NOT IN (SELECT value FROM json_each(?2))";
static const char sql_action_links_clear[] =
	"DELETE FROM action_foundation WHERE action_id = ?1";
static const char sql_action_fundamentals_clear[] = "DELETE FROM action_fundamental WHERE action_id = ?1";
static const char sql_milestones_clear[] = "DELETE FROM milestone WHERE action_id = ?1";
static const char sql_action_foundation_add[] =
	"INSERT OR IGNORE INTO action_foundation(action_id, foundation_id) "
	"SELECT ?1, id FROM foundation WHERE slug = ?2";
static const char sql_action_fundamental_add[] =
	"INSERT OR IGNORE INTO action_fundamental(action_id, fundamental_id) "
	"SELECT ?1, id FROM fundamental WHERE slug = ?2";
static const char sql_milestone_add[] =
	"INSERT INTO milestone(action_id, position, when_text, due, text, source, source_date) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_action_carry[] =
	"UPDATE action SET carried_by = (SELECT id FROM action WHERE slug = ?1) WHERE slug = ?2";

static int put_action(struct store *s, json_t *a, const char *priority_id, int position, struct kerr *e)
{
	char pos[24];
	snprintf(pos, sizeof pos, "%d", position);
	const char *v[13] = {priority_id,           pos,
	                     str(a, "slug"),        str(a, "title"),
	                     str(a, "required"),    str(a, "committed"),
	                     str(a, "leads_text"),  str(a, "next_steps"),
	                     str(a, "due"),         str(a, "source"),
	                     str(a, "now"),         str(a, "outcomes"),
	                     str(a, "source_date")};
	char doing[160];
	snprintf(doing, sizeof doing, "writing the action '%.100s'", str(a, "slug"));
	sqlite3_int64 id = returning(s, sql_action_put, v, 13, doing, e);
	if (id < 0)
		return -1;
	char aid[24];
	snprintf(aid, sizeof aid, "%lld", (long long)id);
	const char *one[1] = {aid};
	if (run(s, sql_action_links_clear, one, 1, doing, e) < 0 ||
	    run(s, sql_action_fundamentals_clear, one, 1, doing, e) < 0 ||
	    run(s, sql_milestones_clear, one, 1, doing, e) < 0)
		return -1;
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(a, "foundations"), i, x)
	{
		const char *pair[2] = {aid, json_string_value(x)};
		if (run(s, sql_action_foundation_add, pair, 2, doing, e) < 0)
			return -1;
	}
	json_array_foreach(json_object_get(a, "fundamentals"), i, x)
	{
		const char *pair[2] = {aid, json_string_value(x)};
		if (run(s, sql_action_fundamental_add, pair, 2, doing, e) < 0)
			return -1;
	}
	json_array_foreach(json_object_get(a, "timeline"), i, x)
	{
		char mpos[24];
		snprintf(mpos, sizeof mpos, "%zu", i + 1);
		const char *m[7] = {aid, mpos, str(x, "when"), str(x, "due"), str(x, "text"), str(x, "source"),
		                    str(x, "source_date")};
		if (run(s, sql_milestone_add, m, 7, doing, e) < 0)
			return -1;
	}
	return 0;
}

int store_plan_write_whole(struct store *s, json_t *plan, struct kerr *e)
{
	if (s->depth == 0)
		return kerr_set(e, KERR_FAIL, "a plan must be written inside a transaction");
	const char *v[9] = {str(plan, "slug"),   str(plan, "title"), str(plan, "summary"),
	                    str(plan, "starts"), str(plan, "ends"),  str(plan, "status"),
	                    str(plan, "shape"),  str(plan, "source"), str(plan, "source_date")};
	sqlite3_int64 id = returning(s, sql_plan_put, v, 9, "writing the plan", e);
	if (id < 0)
		return -1;
	char pid[24];
	snprintf(pid, sizeof pid, "%lld", (long long)id);
	json_t *phases = json_object_get(plan, "phases"), *priorities = json_object_get(plan, "priorities");
	/* every action slug of the file's plan */
	json_t *actions = json_array();
	size_t i, j;
	json_t *p, *a;
	json_array_foreach(priorities, i, p) json_array_foreach(json_object_get(p, "actions"), j, a)
		json_array_append(actions, a);
	char *phase_slugs = slugs_of(phases, "slug"), *priority_slugs = slugs_of(priorities, "slug"),
	     *action_slugs = slugs_of(actions, "slug");
	int rc = -1;
	const char *drop[2] = {pid, phase_slugs};
	if (run(s, sql_phases_drop, drop, 2, "removing the phases the file leaves out", e) < 0)
		goto done;
	json_array_foreach(phases, i, p)
	{
		const char *ph[7] = {pid, str(p, "slug"), str(p, "title"), str(p, "years"), str(p, "summary"),
		                     str(p, "starts"), str(p, "ends")};
		if (returning(s, sql_phase_put, ph, 7, "writing a phase", e) < 0)
			goto done;
	}
	const char *drop_actions[2] = {pid, action_slugs};
	if (run(s, sql_actions_uncarry, drop_actions, 1, "writing the plan", e) < 0 ||
	    run(s, sql_actions_drop, drop_actions, 2, "removing the actions the file leaves out", e) < 0)
		goto done;
	json_array_foreach(priorities, i, p)
	{
		char pos[24];
		snprintf(pos, sizeof pos, "%zu", i + 1);
		const char *pr[6] = {pid, pos, str(p, "foundation"), str(p, "slug"), str(p, "title"), str(p, "text")};
		sqlite3_int64 prid = returning(s, sql_priority_put, pr, 6, "writing a priority area", e);
		if (prid < 0)
			goto done;
		char prs[24];
		snprintf(prs, sizeof prs, "%lld", (long long)prid);
		json_array_foreach(json_object_get(p, "actions"), j, a) if (put_action(s, a, prs, (int)j + 1, e) < 0) goto done;
	}
	const char *drop_priorities[2] = {pid, priority_slugs};
	if (run(s, sql_priorities_drop, drop_priorities, 2, "removing the priority areas the file leaves out", e) < 0)
		goto done;
	rc = 0;
done:
	free(phase_slugs);
	free(priority_slugs);
	free(action_slugs);
	json_decref(actions);
	return rc;
}

int store_plan_carry(struct store *s, json_t *plan, struct kerr *e)
{
	size_t i, j;
	json_t *p, *a;
	json_array_foreach(json_object_get(plan, "priorities"), i, p) json_array_foreach(json_object_get(p, "actions"), j, a)
	{
		if (!str(a, "carried_by"))
			continue;
		const char *v[2] = {str(a, "carried_by"), str(a, "slug")};
		if (run(s, sql_action_carry, v, 2, "writing which route map carries an action on", e) < 0)
			return -1;
	}
	return 0;
}
