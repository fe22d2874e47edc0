/* Loading the content that ships with keep (data/plan.json, data/demo.json,
 * data/council-areas.csv) into a new database. Every error names the JSON path (or
 * CSV line) of what is wrong. Callers wrap these in one transaction. */
#include "store/store_int.h"

#include "base/date.h"
#include "base/text.h"

#include <stdio.h>
#include <string.h>

enum field_kind { F_TEXT, F_SLUG, F_DATE };

/* Reads obj[key] as text into *out (NULL when null or absent and !required). Checks
 * slugs and dates. path names obj in messages. */
static int field(json_t *obj, const char *key, enum field_kind kind, int required, const char **out,
                 const char *path, struct kerr *e)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return kerr_set(e, KERR_INVALID, "%s.%s: missing; a value is required", path, key);
		return 0;
	}
	if (!json_is_string(v))
		return kerr_set(e, KERR_INVALID, "%s.%s: expected a string", path, key);
	const char *s = json_string_value(v);
	if (required && !*s)
		return kerr_set(e, KERR_INVALID, "%s.%s: empty; a value is required", path, key);
	if (kind == F_SLUG && !slug_valid(s))
		return kerr_set(e, KERR_INVALID,
		                "%s.%s: '%s' is not a slug (lowercase letters, digits and single hyphens)", path, key,
		                s);
	if (kind == F_DATE) {
		struct kdate d;
		struct kerr de;
		if (date_parse(s, &d, &de) < 0)
			return kerr_set(e, KERR_INVALID, "%s.%s: %s", path, key, de.msg);
	}
	*out = s;
	return 0;
}

/* obj[key] as an array, borrowed; NULL when absent or null (jansson's array functions
 * treat NULL as empty). Anything else sets *bad and fills e. */
static json_t *array_field(json_t *obj, const char *key, const char *path, struct kerr *e, int *bad)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_array(v)) {
		kerr_set(e, KERR_INVALID, "%s.%s: expected a list", path, key);
		*bad = 1;
		return NULL;
	}
	return v;
}

/* Runs st (already bound) to completion; reports a constraint failure at path. */
static int run(struct store *s, sqlite3_stmt *st, const char *path, struct kerr *e)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return kerr_set(e, KERR_INVALID, "%s: %s", path, sqlite3_errmsg(s->db));
	return 0;
}

/* The id of the row of table whose slug is slug, or -1 with e naming path. */
static sqlite3_int64 id_of(struct store *s, const char *sql, const char *what, const char *slug, const char *path,
                           struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return -1;
	store_bind_text(st, 1, slug);
	sqlite3_int64 id = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else
		kerr_set(e, KERR_INVALID, "%s: no %s called '%s'", path, what, slug);
	sqlite3_reset(st);
	return id;
}

static const char sql_area[] = "INSERT INTO council_area(code, name) VALUES (?, ?)";

int store_load_council_areas(struct store *s, const char *csv, size_t len, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_area, e);
	if (!st)
		return -1;
	int line = 0;
	const char *p = csv, *end = csv + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		line++;
		size_t n = (size_t)(eol - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (line > 1 && n > 0) {
			const char *comma = memchr(p, ',', n);
			if (!comma || comma == p || comma == p + n - 1)
				return kerr_set(e, KERR_INVALID, "data/council-areas.csv:%d: expected 'code,name'", line);
			sqlite3_bind_text(st, 1, p, (int)(comma - p), SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, comma + 1, (int)(p + n - comma - 1), SQLITE_TRANSIENT);
			char where[64];
			snprintf(where, sizeof where, "data/council-areas.csv:%d", line);
			if (run(s, st, where, e) < 0)
				return -1;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

static const char sql_foundation[] = "INSERT INTO foundation(slug, position, title, text) VALUES (?, ?, ?, ?)";
static const char sql_fundamental[] = "INSERT INTO fundamental(slug, position, title) VALUES (?, ?, ?)";
static const char sql_plan[] = "INSERT INTO plan(slug, title, summary, starts, ends) VALUES (?, ?, ?, ?, ?)";
static const char sql_phase[] = "INSERT INTO phase(plan_id, slug, title, years, summary, starts, ends) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char sql_priority[] = "INSERT INTO priority(plan_id, slug, position, title, text) VALUES (?, ?, ?, ?, ?)";
static const char sql_action[] = "INSERT INTO action(priority_id, slug, position, title, required, committed, "
                                 "leads_text, next_steps, due, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_foundation_id[] = "SELECT id FROM foundation WHERE slug = ?";
static const char sql_action_foundation[] = "INSERT INTO action_foundation(action_id, foundation_id) VALUES (?, ?)";
static const char sql_heard[] = "INSERT INTO heard(action_id, position, at, text) VALUES (?, ?, ?, ?)";
static const char sql_assessment[] = "INSERT INTO assessment(action_id, at, rating, text, next_steps, source) "
                                     "VALUES (?, ?, ?, ?, ?, ?)";
static const char sql_milestone[] = "INSERT INTO milestone(action_id, position, when_text, due, text) "
                                    "VALUES (?, ?, ?, ?, ?)";

/* Loads one action (and its notes, assessment and timeline) under priority_id. */
static int load_action(struct store *s, json_t *a, sqlite3_int64 priority_id, int position, const char *path,
                       struct kerr *e)
{
	const char *slug, *title, *required, *committed, *leads, *next, *due, *source;
	if (field(a, "slug", F_SLUG, 1, &slug, path, e) < 0 || field(a, "title", F_TEXT, 1, &title, path, e) < 0 ||
	    field(a, "required", F_TEXT, 0, &required, path, e) < 0 ||
	    field(a, "committed", F_TEXT, 0, &committed, path, e) < 0 ||
	    field(a, "leads_text", F_TEXT, 0, &leads, path, e) < 0 ||
	    field(a, "next_steps", F_TEXT, 0, &next, path, e) < 0 || field(a, "due", F_DATE, 0, &due, path, e) < 0 ||
	    field(a, "source", F_TEXT, 0, &source, path, e) < 0)
		return -1;
	sqlite3_stmt *st = store_stmt(s, sql_action, e);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, priority_id);
	store_bind_text(st, 2, slug);
	sqlite3_bind_int(st, 3, position);
	store_bind_text(st, 4, title);
	store_bind_text(st, 5, required);
	store_bind_text(st, 6, committed);
	store_bind_text(st, 7, leads);
	store_bind_text(st, 8, next);
	store_bind_text(st, 9, due);
	store_bind_text(st, 10, source);
	if (run(s, st, path, e) < 0)
		return -1;
	sqlite3_int64 action_id = sqlite3_last_insert_rowid(s->db);

	char sub[512];
	int bad = 0;
	size_t i;
	json_t *v;
	json_t *list = array_field(a, "foundations", path, e, &bad);
	if (bad)
		return -1;
	json_array_foreach(list, i, v)
	{
		snprintf(sub, sizeof sub, "%s.foundations[%zu]", path, i);
		if (!json_is_string(v))
			return kerr_set(e, KERR_INVALID, "%s: expected a foundation slug", sub);
		sqlite3_int64 fid = id_of(s, sql_foundation_id, "foundation", json_string_value(v), sub, e);
		if (fid < 0 || !(st = store_stmt(s, sql_action_foundation, e)))
			return -1;
		sqlite3_bind_int64(st, 1, action_id);
		sqlite3_bind_int64(st, 2, fid);
		if (run(s, st, sub, e) < 0)
			return -1;
	}
	list = array_field(a, "heard", path, e, &bad);
	if (bad)
		return -1;
	json_array_foreach(list, i, v)
	{
		snprintf(sub, sizeof sub, "%s.heard[%zu]", path, i);
		const char *text = json_string_value(v), *at = NULL;
		if (json_is_object(v) &&
		    (field(v, "text", F_TEXT, 1, &text, sub, e) < 0 || field(v, "at", F_DATE, 0, &at, sub, e) < 0))
			return -1;
		if (!text)
			return kerr_set(e, KERR_INVALID, "%s: expected a string or {text, at}", sub);
		if (!(st = store_stmt(s, sql_heard, e)))
			return -1;
		sqlite3_bind_int64(st, 1, action_id);
		sqlite3_bind_int(st, 2, (int)i + 1);
		store_bind_text(st, 3, at);
		store_bind_text(st, 4, text);
		if (run(s, st, sub, e) < 0)
			return -1;
	}
	json_t *as = json_object_get(a, "assessment");
	if (as && !json_is_null(as)) {
		snprintf(sub, sizeof sub, "%s.assessment", path);
		const char *at, *rating, *text, *anext, *asource;
		if (!json_is_object(as))
			return kerr_set(e, KERR_INVALID, "%s: expected an object", sub);
		if (field(as, "at", F_DATE, 0, &at, sub, e) < 0 || field(as, "rating", F_TEXT, 0, &rating, sub, e) < 0 ||
		    field(as, "text", F_TEXT, 0, &text, sub, e) < 0 ||
		    field(as, "next_steps", F_TEXT, 0, &anext, sub, e) < 0 ||
		    field(as, "source", F_TEXT, 0, &asource, sub, e) < 0)
			return -1;
		if (!(st = store_stmt(s, sql_assessment, e)))
			return -1;
		sqlite3_bind_int64(st, 1, action_id);
		store_bind_text(st, 2, at);
		store_bind_text(st, 3, rating);
		store_bind_text(st, 4, text);
		store_bind_text(st, 5, anext);
		store_bind_text(st, 6, asource ? asource : source);
		if (run(s, st, sub, e) < 0)
			return -1;
	}
	list = array_field(a, "timeline", path, e, &bad);
	if (bad)
		return -1;
	json_array_foreach(list, i, v)
	{
		snprintf(sub, sizeof sub, "%s.timeline[%zu]", path, i);
		const char *when, *mdue, *text;
		if (field(v, "when", F_TEXT, 0, &when, sub, e) < 0 || field(v, "due", F_DATE, 0, &mdue, sub, e) < 0 ||
		    field(v, "text", F_TEXT, 1, &text, sub, e) < 0)
			return -1;
		if (!(st = store_stmt(s, sql_milestone, e)))
			return -1;
		sqlite3_bind_int64(st, 1, action_id);
		sqlite3_bind_int(st, 2, (int)i + 1);
		store_bind_text(st, 3, when);
		store_bind_text(st, 4, mdue);
		store_bind_text(st, 5, text);
		if (run(s, st, sub, e) < 0)
			return -1;
	}
	return 0;
}

static int load_plan_one(struct store *s, json_t *p, const char *path, struct kerr *e)
{
	const char *slug, *title, *summary, *starts, *ends;
	if (field(p, "slug", F_SLUG, 1, &slug, path, e) < 0 || field(p, "title", F_TEXT, 1, &title, path, e) < 0 ||
	    field(p, "summary", F_TEXT, 0, &summary, path, e) < 0 ||
	    field(p, "starts", F_DATE, 1, &starts, path, e) < 0 || field(p, "ends", F_DATE, 1, &ends, path, e) < 0)
		return -1;
	sqlite3_stmt *st = store_stmt(s, sql_plan, e);
	if (!st)
		return -1;
	store_bind_text(st, 1, slug);
	store_bind_text(st, 2, title);
	store_bind_text(st, 3, summary);
	store_bind_text(st, 4, starts);
	store_bind_text(st, 5, ends);
	if (run(s, st, path, e) < 0)
		return -1;
	sqlite3_int64 plan_id = sqlite3_last_insert_rowid(s->db);
	char sub[320];
	int bad = 0;
	size_t i;
	json_t *v;
	json_t *list = array_field(p, "phases", path, e, &bad);
	if (bad)
		return -1;
	json_array_foreach(list, i, v)
	{
		snprintf(sub, sizeof sub, "%s.phases[%zu]", path, i);
		const char *ps, *pt, *py, *psum, *pst, *pen;
		if (field(v, "slug", F_SLUG, 1, &ps, sub, e) < 0 || field(v, "title", F_TEXT, 1, &pt, sub, e) < 0 ||
		    field(v, "years", F_TEXT, 0, &py, sub, e) < 0 || field(v, "summary", F_TEXT, 0, &psum, sub, e) < 0 ||
		    field(v, "starts", F_DATE, 1, &pst, sub, e) < 0 || field(v, "ends", F_DATE, 1, &pen, sub, e) < 0)
			return -1;
		if (!(st = store_stmt(s, sql_phase, e)))
			return -1;
		sqlite3_bind_int64(st, 1, plan_id);
		store_bind_text(st, 2, ps);
		store_bind_text(st, 3, pt);
		store_bind_text(st, 4, py);
		store_bind_text(st, 5, psum);
		store_bind_text(st, 6, pst);
		store_bind_text(st, 7, pen);
		if (run(s, st, sub, e) < 0)
			return -1;
	}
	list = array_field(p, "priorities", path, e, &bad);
	if (bad)
		return -1;
	json_array_foreach(list, i, v)
	{
		snprintf(sub, sizeof sub, "%s.priorities[%zu]", path, i);
		const char *ps, *pt, *ptext;
		if (field(v, "slug", F_SLUG, 1, &ps, sub, e) < 0 || field(v, "title", F_TEXT, 1, &pt, sub, e) < 0 ||
		    field(v, "text", F_TEXT, 0, &ptext, sub, e) < 0)
			return -1;
		if (!(st = store_stmt(s, sql_priority, e)))
			return -1;
		sqlite3_bind_int64(st, 1, plan_id);
		store_bind_text(st, 2, ps);
		sqlite3_bind_int(st, 3, (int)i + 1);
		store_bind_text(st, 4, pt);
		store_bind_text(st, 5, ptext);
		if (run(s, st, sub, e) < 0)
			return -1;
		sqlite3_int64 priority_id = sqlite3_last_insert_rowid(s->db);
		json_t *actions = array_field(v, "actions", sub, e, &bad);
		if (bad)
			return -1;
		size_t j;
		json_t *a;
		json_array_foreach(actions, j, a)
		{
			char apath[400];
			snprintf(apath, sizeof apath, "%s.actions[%zu]", sub, j);
			if (load_action(s, a, priority_id, (int)j + 1, apath, e) < 0)
				return -1;
		}
	}
	return 0;
}

int store_load_plan(struct store *s, json_t *plan, struct kerr *e)
{
	if (!json_is_object(plan))
		return kerr_set(e, KERR_INVALID, "expected an object at the top");
	int bad = 0;
	size_t i;
	json_t *v;
	char path[64];
	json_t *list = array_field(plan, "foundations", "$", e, &bad);
	if (bad)
		return -1;
	json_array_foreach(list, i, v)
	{
		snprintf(path, sizeof path, "foundations[%zu]", i);
		const char *slug, *title, *text;
		if (field(v, "slug", F_SLUG, 1, &slug, path, e) < 0 || field(v, "title", F_TEXT, 1, &title, path, e) < 0 ||
		    field(v, "text", F_TEXT, 1, &text, path, e) < 0)
			return -1;
		sqlite3_stmt *st = store_stmt(s, sql_foundation, e);
		if (!st)
			return -1;
		store_bind_text(st, 1, slug);
		sqlite3_bind_int(st, 2, (int)i + 1);
		store_bind_text(st, 3, title);
		store_bind_text(st, 4, text);
		if (run(s, st, path, e) < 0)
			return -1;
	}
	list = array_field(plan, "fundamentals", "$", e, &bad);
	if (bad)
		return -1;
	json_array_foreach(list, i, v)
	{
		snprintf(path, sizeof path, "fundamentals[%zu]", i);
		const char *slug, *title;
		if (field(v, "slug", F_SLUG, 1, &slug, path, e) < 0 || field(v, "title", F_TEXT, 1, &title, path, e) < 0)
			return -1;
		sqlite3_stmt *st = store_stmt(s, sql_fundamental, e);
		if (!st)
			return -1;
		store_bind_text(st, 1, slug);
		sqlite3_bind_int(st, 2, (int)i + 1);
		store_bind_text(st, 3, title);
		if (run(s, st, path, e) < 0)
			return -1;
	}
	list = array_field(plan, "plans", "$", e, &bad);
	if (bad)
		return -1;
	json_array_foreach(list, i, v)
	{
		snprintf(path, sizeof path, "plans[%zu]", i);
		if (load_plan_one(s, v, path, e) < 0)
			return -1;
	}
	return 0;
}

static const char sql_organisation[] = "INSERT INTO organisation(slug, name, sector, scale, council_area) "
                                       "VALUES (?, ?, ?, ?, ?)";
static const char sql_action_id[] = "SELECT id FROM action WHERE slug = ?";
static const char sql_organisation_id[] = "SELECT id FROM organisation WHERE slug = ?";
static const char sql_lead[] = "INSERT INTO lead(action_id, organisation_id, role) VALUES (?, ?, ?)";
static const char sql_commitment[] = "INSERT INTO commitment(slug, organisation_id, action_id, text, due, due_text, "
                                     "status, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

int store_load_demo(struct store *s, json_t *demo, struct kerr *e)
{
	if (!json_is_object(demo))
		return kerr_set(e, KERR_INVALID, "expected an object at the top");
	int bad = 0;
	size_t i;
	json_t *v;
	char path[64];
	json_t *list = array_field(demo, "organisations", "$", e, &bad);
	if (bad)
		return -1;
	json_array_foreach(list, i, v)
	{
		snprintf(path, sizeof path, "organisations[%zu]", i);
		const char *slug, *name, *sector, *scale, *area;
		if (field(v, "slug", F_SLUG, 1, &slug, path, e) < 0 || field(v, "name", F_TEXT, 1, &name, path, e) < 0 ||
		    field(v, "sector", F_TEXT, 0, &sector, path, e) < 0 ||
		    field(v, "scale", F_TEXT, 0, &scale, path, e) < 0 ||
		    field(v, "council_area", F_TEXT, 0, &area, path, e) < 0)
			return -1;
		sqlite3_stmt *st = store_stmt(s, sql_organisation, e);
		if (!st)
			return -1;
		store_bind_text(st, 1, slug);
		store_bind_text(st, 2, name);
		store_bind_text(st, 3, sector);
		store_bind_text(st, 4, scale);
		store_bind_text(st, 5, area);
		if (run(s, st, path, e) < 0)
			return -1;
	}
	list = array_field(demo, "leads", "$", e, &bad);
	if (bad)
		return -1;
	json_array_foreach(list, i, v)
	{
		snprintf(path, sizeof path, "leads[%zu]", i);
		const char *action, *org, *role;
		if (field(v, "action", F_SLUG, 1, &action, path, e) < 0 ||
		    field(v, "organisation", F_SLUG, 1, &org, path, e) < 0 ||
		    field(v, "role", F_TEXT, 1, &role, path, e) < 0)
			return -1;
		sqlite3_int64 aid = id_of(s, sql_action_id, "action", action, path, e);
		sqlite3_int64 oid = aid < 0 ? -1 : id_of(s, sql_organisation_id, "organisation", org, path, e);
		sqlite3_stmt *st = oid < 0 ? NULL : store_stmt(s, sql_lead, e);
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, aid);
		sqlite3_bind_int64(st, 2, oid);
		store_bind_text(st, 3, role);
		if (run(s, st, path, e) < 0)
			return -1;
	}
	list = array_field(demo, "commitments", "$", e, &bad);
	if (bad)
		return -1;
	json_array_foreach(list, i, v)
	{
		snprintf(path, sizeof path, "commitments[%zu]", i);
		const char *slug, *org, *action, *text, *due, *due_text, *status, *source;
		if (field(v, "slug", F_SLUG, 1, &slug, path, e) < 0 ||
		    field(v, "organisation", F_SLUG, 1, &org, path, e) < 0 ||
		    field(v, "action", F_SLUG, 0, &action, path, e) < 0 || field(v, "text", F_TEXT, 1, &text, path, e) < 0 ||
		    field(v, "due", F_DATE, 0, &due, path, e) < 0 || field(v, "due_text", F_TEXT, 0, &due_text, path, e) < 0 ||
		    field(v, "status", F_TEXT, 0, &status, path, e) < 0 ||
		    field(v, "source", F_TEXT, 0, &source, path, e) < 0)
			return -1;
		sqlite3_int64 oid = id_of(s, sql_organisation_id, "organisation", org, path, e);
		if (oid < 0)
			return -1;
		sqlite3_int64 aid = 0;
		if (action && (aid = id_of(s, sql_action_id, "action", action, path, e)) < 0)
			return -1;
		sqlite3_stmt *st = store_stmt(s, sql_commitment, e);
		if (!st)
			return -1;
		store_bind_text(st, 1, slug);
		sqlite3_bind_int64(st, 2, oid);
		if (action)
			sqlite3_bind_int64(st, 3, aid);
		else
			sqlite3_bind_null(st, 3);
		store_bind_text(st, 4, text);
		store_bind_text(st, 5, due);
		store_bind_text(st, 6, due_text);
		store_bind_text(st, 7, status);
		store_bind_text(st, 8, source);
		if (run(s, st, path, e) < 0)
			return -1;
	}
	return 0;
}
