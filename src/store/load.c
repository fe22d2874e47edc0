/* Loading the content that ships with keep (data/plan.json, data/demo.json,
 * data/council-areas.csv) into a new database. Every error names the JSON path (or
 * CSV line) of what is wrong. Callers wrap these in one transaction. */
#include "store/store_int.h"

#include "base/date.h"
#include "base/text.h"

#include <stdio.h>
#include <string.h>

/* F_SOURCE_DATE: a source's date, a day or a month (date_source_valid). */
enum field_kind { F_TEXT, F_SLUG, F_DATE, F_SOURCE_DATE };

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
	if (kind == F_SOURCE_DATE && !date_source_valid(s, NULL))
		return kerr_set(e, KERR_INVALID,
		                "%s.%s: '%s' is not a date (YYYY-MM-DD) or, for a source that names only its month, a "
		                "month (YYYY-MM)",
		                path, key, s);
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

/* One column filled from a JSON field. */
struct col {
	const char *key;
	enum field_kind kind;
	int required;
};

/* Inserts one row with sql, whose parameters are first ids[0..nids) (a value <= 0 binds
 * NULL: rowids are positive) and then the fields cols of obj, each checked (obj may be
 * NULL when there are none); path names obj in messages. Returns the new rowid, or -1. */
static sqlite3_int64 insert_row(struct store *s, const char *sql, const sqlite3_int64 *ids, int nids, json_t *obj,
                                const struct col *cols, size_t ncols, const char *path, struct kerr *e)
{
	if (ncols && !json_is_object(obj))
		return kerr_set(e, KERR_INVALID, "%s: expected an object", path);
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return -1;
	for (int i = 0; i < nids; i++) {
		if (ids[i] > 0)
			sqlite3_bind_int64(st, i + 1, ids[i]);
		else
			sqlite3_bind_null(st, i + 1);
	}
	for (size_t i = 0; i < ncols; i++) {
		const char *v;
		if (field(obj, cols[i].key, cols[i].kind, cols[i].required, &v, path, e) < 0)
			return -1;
		store_bind_text(st, nids + (int)i + 1, v);
	}
	if (run(s, st, path, e) < 0)
		return -1;
	return sqlite3_last_insert_rowid(s->db);
}

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

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

/* Each statement takes its given ids (parent, position) first, then its JSON fields in
 * the order of the matching col list. */
static const char sql_foundation[] = "INSERT INTO foundation(position, slug, title, text) VALUES (?, ?, ?, ?)";
static const struct col cols_foundation[] = {{"slug", F_SLUG, 1}, {"title", F_TEXT, 1}, {"text", F_TEXT, 1}};
static const char sql_fundamental[] = "INSERT INTO fundamental(position, slug, title) VALUES (?, ?, ?)";
static const struct col cols_fundamental[] = {{"slug", F_SLUG, 1}, {"title", F_TEXT, 1}};
static const char sql_plan[] = "INSERT INTO plan(slug, title, summary, starts, ends, status, shape, source, "
                                "source_date) VALUES (?, ?, ?, ?, ?, coalesce(?, 'published'), "
                                "coalesce(?, 'priorities'), ?, ?)";
static const struct col cols_plan[] = {{"slug", F_SLUG, 1},        {"title", F_TEXT, 1}, {"summary", F_TEXT, 0},
                                       {"starts", F_DATE, 1},      {"ends", F_DATE, 1},  {"status", F_TEXT, 0},
                                       {"shape", F_TEXT, 0},       {"source", F_TEXT, 0},
                                       {"source_date", F_SOURCE_DATE, 0}};
static const char sql_phase[] = "INSERT INTO phase(plan_id, slug, title, years, summary, starts, ends) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?)";
static const struct col cols_phase[] = {{"slug", F_SLUG, 1},    {"title", F_TEXT, 1},  {"years", F_TEXT, 0},
                                        {"summary", F_TEXT, 0}, {"starts", F_DATE, 1}, {"ends", F_DATE, 1}};
static const char sql_priority[] = "INSERT INTO priority(plan_id, position, foundation_id, slug, title, text) "
                                   "VALUES (?, ?, ?, ?, ?, ?)";
static const struct col cols_priority[] = {{"slug", F_SLUG, 1}, {"title", F_TEXT, 1}, {"text", F_TEXT, 0}};
static const char sql_action[] = "INSERT INTO action(priority_id, position, slug, title, required, committed, "
                                 "leads_text, next_steps, due, source, now_text, outcomes, source_date) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const struct col cols_action[] = {
	{"slug", F_SLUG, 1},       {"title", F_TEXT, 1},      {"required", F_TEXT, 0}, {"committed", F_TEXT, 0},
	{"leads_text", F_TEXT, 0}, {"next_steps", F_TEXT, 0}, {"due", F_DATE, 0},      {"source", F_TEXT, 0},
	{"now", F_TEXT, 0},        {"outcomes", F_TEXT, 0},   {"source_date", F_SOURCE_DATE, 0}};
static const char sql_foundation_id[] = "SELECT id FROM foundation WHERE slug = ?";
static const char sql_action_foundation[] = "INSERT INTO action_foundation(action_id, foundation_id) VALUES (?, ?)";
static const char sql_fundamental_id[] = "SELECT id FROM fundamental WHERE slug = ?";
static const char sql_action_fundamental[] = "INSERT INTO action_fundamental(action_id, fundamental_id) VALUES (?, ?)";
static const char sql_action_id[] = "SELECT id FROM action WHERE slug = ?";
static const char sql_action_carried_by[] = "UPDATE action SET carried_by = ? WHERE id = ?";
static const char sql_heard[] = "INSERT INTO heard(action_id, position, text, at) VALUES (?, ?, ?, ?)";
static const struct col cols_heard[] = {{"text", F_TEXT, 1}, {"at", F_DATE, 0}};
static const char sql_assessment[] = "INSERT INTO assessment(action_id, at, rating, text, next_steps, source) "
                                     "VALUES (?, ?, ?, ?, ?, ?)";
static const struct col cols_assessment[] = {
	{"at", F_DATE, 0}, {"rating", F_TEXT, 0}, {"text", F_TEXT, 0}, {"next_steps", F_TEXT, 0}, {"source", F_TEXT, 0}};
static const char sql_milestone[] = "INSERT INTO milestone(action_id, position, when_text, due, text, source, "
                                    "source_date) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const struct col cols_milestone[] = {{"when", F_TEXT, 0},   {"due", F_DATE, 0},
                                            {"text", F_TEXT, 1},   {"source", F_TEXT, 0},
                                            {"source_date", F_SOURCE_DATE, 0}};

/* Loads one action (and its foundations, heard notes, assessment and timeline). */
static int load_action(struct store *s, json_t *a, sqlite3_int64 priority_id, int position, const char *path,
                       struct kerr *e)
{
	sqlite3_int64 ids[2] = {priority_id, position};
	sqlite3_int64 action_id = insert_row(s, sql_action, ids, 2, a, cols_action, NCOLS(cols_action), path, e);
	if (action_id < 0)
		return -1;
	char sub[512];
	int bad = 0;
	size_t i;
	json_t *v;
	json_t *list = array_field(a, "foundations", path, e, &bad);
	json_array_foreach(list, i, v)
	{
		snprintf(sub, sizeof sub, "%s.foundations[%zu]", path, i);
		if (!json_is_string(v))
			return kerr_set(e, KERR_INVALID, "%s: expected a foundation slug", sub);
		sqlite3_int64 fid = id_of(s, sql_foundation_id, "foundation", json_string_value(v), sub, e);
		sqlite3_int64 pair[2] = {action_id, fid};
		if (fid < 0 || insert_row(s, sql_action_foundation, pair, 2, NULL, NULL, 0, sub, e) < 0)
			return -1;
	}
	list = bad ? NULL : array_field(a, "fundamentals", path, e, &bad);
	json_array_foreach(list, i, v)
	{
		snprintf(sub, sizeof sub, "%s.fundamentals[%zu]", path, i);
		if (!json_is_string(v))
			return kerr_set(e, KERR_INVALID, "%s: expected a fundamental slug", sub);
		sqlite3_int64 fid = id_of(s, sql_fundamental_id, "fundamental", json_string_value(v), sub, e);
		sqlite3_int64 pair[2] = {action_id, fid};
		if (fid < 0 || insert_row(s, sql_action_fundamental, pair, 2, NULL, NULL, 0, sub, e) < 0)
			return -1;
	}
	list = bad ? NULL : array_field(a, "heard", path, e, &bad);
	json_array_foreach(list, i, v)
	{
		snprintf(sub, sizeof sub, "%s.heard[%zu]", path, i);
		/* A note is a string, or {text, at} when its date is known. */
		json_t *note = json_is_string(v) ? json_pack("{s:O}", "text", v) : json_incref(v);
		sqlite3_int64 hid[2] = {action_id, (sqlite3_int64)i + 1};
		sqlite3_int64 rc = insert_row(s, sql_heard, hid, 2, note, cols_heard, NCOLS(cols_heard), sub, e);
		json_decref(note);
		if (rc < 0)
			return -1;
	}
	json_t *as = json_object_get(a, "assessment");
	if (!bad && as && !json_is_null(as)) {
		snprintf(sub, sizeof sub, "%s.assessment", path);
		/* An assessment without a source of its own comes from the action's source. */
		json_t *copy = json_is_object(as) ? json_copy(as) : json_incref(as);
		json_t *src = json_object_get(copy, "source");
		if (json_is_object(copy) && (!src || json_is_null(src)))
			json_object_set(copy, "source", json_object_get(a, "source"));
		sqlite3_int64 rc =
			insert_row(s, sql_assessment, &action_id, 1, copy, cols_assessment, NCOLS(cols_assessment), sub, e);
		json_decref(copy);
		if (rc < 0)
			return -1;
	}
	list = bad ? NULL : array_field(a, "timeline", path, e, &bad);
	json_array_foreach(list, i, v)
	{
		snprintf(sub, sizeof sub, "%s.timeline[%zu]", path, i);
		sqlite3_int64 mid[2] = {action_id, (sqlite3_int64)i + 1};
		if (insert_row(s, sql_milestone, mid, 2, v, cols_milestone, NCOLS(cols_milestone), sub, e) < 0)
			return -1;
	}
	return bad ? -1 : 0;
}

static int load_plan_one(struct store *s, json_t *p, const char *path, struct kerr *e)
{
	sqlite3_int64 plan_id = insert_row(s, sql_plan, NULL, 0, p, cols_plan, NCOLS(cols_plan), path, e);
	if (plan_id < 0)
		return -1;
	char sub[320];
	int bad = 0;
	size_t i;
	json_t *v;
	json_t *list = array_field(p, "phases", path, e, &bad);
	json_array_foreach(list, i, v)
	{
		snprintf(sub, sizeof sub, "%s.phases[%zu]", path, i);
		if (insert_row(s, sql_phase, &plan_id, 1, v, cols_phase, NCOLS(cols_phase), sub, e) < 0)
			return -1;
	}
	list = bad ? NULL : array_field(p, "priorities", path, e, &bad);
	json_array_foreach(list, i, v)
	{
		snprintf(sub, sizeof sub, "%s.priorities[%zu]", path, i);
		/* A route maps plan groups its route maps under a foundation. */
		const char *foundation;
		if (field(v, "foundation", F_SLUG, 0, &foundation, sub, e) < 0)
			return -1;
		char fpath[360];
		snprintf(fpath, sizeof fpath, "%s.foundation", sub);
		sqlite3_int64 fid = foundation ? id_of(s, sql_foundation_id, "foundation", foundation, fpath, e) : 0;
		if (fid < 0)
			return -1;
		sqlite3_int64 ids[3] = {plan_id, (sqlite3_int64)i + 1, fid};
		sqlite3_int64 priority_id = insert_row(s, sql_priority, ids, 3, v, cols_priority, NCOLS(cols_priority), sub, e);
		if (priority_id < 0)
			return -1;
		json_t *actions = array_field(v, "actions", sub, e, &bad);
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
	return bad ? -1 : 0;
}

/* Inserts every element of top[key] with sql (its position as the first parameter when
 * positioned) and cols. */
static int load_list(struct store *s, json_t *top, const char *key, const char *sql, int positioned,
                     const struct col *cols, size_t ncols, struct kerr *e)
{
	int bad = 0;
	size_t i;
	json_t *v;
	json_t *list = array_field(top, key, "$", e, &bad);
	json_array_foreach(list, i, v)
	{
		char path[64];
		snprintf(path, sizeof path, "%s[%zu]", key, i);
		sqlite3_int64 pos = (sqlite3_int64)i + 1;
		if (insert_row(s, sql, &pos, positioned, v, cols, ncols, path, e) < 0)
			return -1;
	}
	return bad ? -1 : 0;
}

int store_load_plan(struct store *s, json_t *plan, struct kerr *e)
{
	if (!json_is_object(plan))
		return kerr_set(e, KERR_INVALID, "expected an object at the top");
	if (load_list(s, plan, "foundations", sql_foundation, 1, cols_foundation, NCOLS(cols_foundation), e) < 0 ||
	    load_list(s, plan, "fundamentals", sql_fundamental, 1, cols_fundamental, NCOLS(cols_fundamental), e) < 0)
		return -1;
	int bad = 0;
	size_t i;
	json_t *v;
	json_t *list = array_field(plan, "plans", "$", e, &bad);
	json_array_foreach(list, i, v)
	{
		char path[64];
		snprintf(path, sizeof path, "plans[%zu]", i);
		if (load_plan_one(s, v, path, e) < 0)
			return -1;
	}
	/* Which later action carries an earlier one on: once every plan is in, so an action
	 * may name one of a plan listed after its own. */
	json_array_foreach(list, i, v)
	{
		size_t j, k;
		json_t *p, *a;
		json_array_foreach(json_object_get(v, "priorities"), j, p)
		{
			json_array_foreach(json_object_get(p, "actions"), k, a)
			{
				char path[128];
				snprintf(path, sizeof path, "plans[%zu].priorities[%zu].actions[%zu].carried_by", i, j, k);
				json_t *by = json_object_get(a, "carried_by");
				if (!by || json_is_null(by))
					continue;
				if (!json_is_string(by))
					return kerr_set(e, KERR_INVALID, "%s: expected the slug of an action", path);
				sqlite3_int64 ids[2];
				ids[0] = id_of(s, sql_action_id, "action", json_string_value(by), path, e);
				if (ids[0] < 0)
					return -1;
				ids[1] = id_of(s, sql_action_id, "action", json_string_value(json_object_get(a, "slug")), path, e);
				if (ids[1] < 0)
					return -1;
				if (ids[0] == ids[1])
					return kerr_set(e, KERR_INVALID, "%s: an action cannot carry itself on", path);
				sqlite3_stmt *st = store_stmt(s, sql_action_carried_by, e);
				if (!st)
					return -1;
				sqlite3_bind_int64(st, 1, ids[0]);
				sqlite3_bind_int64(st, 2, ids[1]);
				if (run(s, st, path, e) < 0)
					return -1;
			}
		}
	}
	return bad ? -1 : 0;
}

static const char sql_organisation[] = "INSERT INTO organisation(slug, name, sector, scale, council_area) "
                                       "VALUES (?, ?, ?, ?, ?)";
static const struct col cols_organisation[] = {{"slug", F_SLUG, 1},
                                               {"name", F_TEXT, 1},
                                               {"sector", F_TEXT, 0},
                                               {"scale", F_TEXT, 0},
                                               {"council_area", F_TEXT, 0}};
/* care_experienced is "yes" or "no" in the file; anything else is NULL, which the
 * table refuses. */
static const char sql_board_member[] = "INSERT INTO board_member(slug, name, role, care_experienced, starts, ends) "
                                       "VALUES (?, ?, ?, CASE ? WHEN 'yes' THEN 1 WHEN 'no' THEN 0 END, ?, ?)";
static const struct col cols_board_member[] = {{"slug", F_SLUG, 1},     {"name", F_TEXT, 1},
                                               {"role", F_TEXT, 1},     {"care_experienced", F_TEXT, 1},
                                               {"starts", F_DATE, 1},   {"ends", F_DATE, 0}};
/* Indicators, targets and observations name what they refer to by slug; an unknown
 * one makes NULL, which the table refuses, naming the path. Figures are strings in the
 * file, so that they are written exactly as published. */
/* counts_children and computed are "yes" or "no" in the file (not given: no). */
static const char sql_indicator[] =
	"INSERT INTO indicator(slug, title, unit, source, frequency, foundation_id, vision, counts_children, computed) "
	"VALUES (?, ?, ?, ?, ?, (SELECT id FROM foundation WHERE slug = ?), ?, "
	"CASE coalesce(?, 'no') WHEN 'yes' THEN 1 WHEN 'no' THEN 0 END, CASE coalesce(?, 'no') WHEN 'yes' THEN 1 WHEN 'no' THEN 0 END)";
static const struct col cols_indicator[] = {{"slug", F_SLUG, 1},      {"title", F_TEXT, 1},
                                            {"unit", F_TEXT, 1},      {"source", F_TEXT, 1},
                                            {"frequency", F_TEXT, 1}, {"foundation", F_SLUG, 0},
                                            {"vision", F_TEXT, 0},    {"counts_children", F_TEXT, 0},
                                            {"computed", F_TEXT, 0}};
/* A demo indicator's outcome of the framework, by the outcome's slug (an unknown one
 * is refused, naming the path). */
static const char sql_indicator_outcome[] = "INSERT INTO indicator_framework(indicator_id, outcome_id) VALUES (?, ?)";
static const char sql_indicator_id[] = "SELECT id FROM indicator WHERE slug = ?";
static const char sql_outcome_id[] = "SELECT id FROM vision_outcome WHERE slug = ?";
static const char sql_target[] =
	"INSERT INTO target(slug, indicator_id, area, action_id, note, baseline, baseline_at, value, due, better) "
	"VALUES (?, (SELECT id FROM indicator WHERE slug = ?), ?, (SELECT id FROM action WHERE slug = ?), ?, "
	"CAST(? AS REAL), ?, CAST(? AS REAL), ?, ?)";
static const struct col cols_target[] = {{"slug", F_SLUG, 1},     {"indicator", F_SLUG, 1},
                                         {"area", F_TEXT, 1},     {"action", F_SLUG, 0},
                                         {"note", F_TEXT, 0},     {"baseline", F_TEXT, 1},
                                         {"baseline_at", F_DATE, 1}, {"value", F_TEXT, 1},
                                         {"due", F_DATE, 1},      {"better", F_TEXT, 1}};
static const char sql_observation[] =
	"INSERT INTO observation(indicator_id, area, period, value, suppressed, source) "
	"VALUES ((SELECT id FROM indicator WHERE slug = ?), ?, ?, CAST(? AS REAL), "
	"CASE ? WHEN 'yes' THEN 1 WHEN 'no' THEN 0 END, ?)";
static const struct col cols_observation[] = {{"indicator", F_SLUG, 1}, {"area", F_TEXT, 1},
                                              {"period", F_DATE, 1},    {"value", F_TEXT, 0},
                                              {"suppressed", F_TEXT, 1}, {"source", F_TEXT, 1}};
static const char sql_organisation_id[] = "SELECT id FROM organisation WHERE slug = ?";
static const char sql_lead[] = "INSERT INTO lead(action_id, organisation_id, role) VALUES (?, ?, ?)";
static const struct col cols_lead[] = {{"role", F_TEXT, 1}};
static const char sql_commitment[] = "INSERT INTO commitment(organisation_id, action_id, slug, text, due, due_text, "
                                     "status, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const struct col cols_commitment[] = {{"slug", F_SLUG, 1},     {"text", F_TEXT, 1},
                                             {"due", F_DATE, 0},      {"due_text", F_TEXT, 0},
                                             {"status", F_TEXT, 0},   {"source", F_TEXT, 0}};

/* The ids of obj's references to an action and an organisation (0 for an optional
 * action that is null). */
static int refs(struct store *s, json_t *obj, int action_required, sqlite3_int64 ids[2], const char *path,
                struct kerr *e)
{
	const char *action, *org;
	if (!json_is_object(obj))
		return kerr_set(e, KERR_INVALID, "%s: expected an object", path);
	if (field(obj, "organisation", F_SLUG, 1, &org, path, e) < 0 ||
	    field(obj, "action", F_SLUG, action_required, &action, path, e) < 0)
		return -1;
	ids[0] = id_of(s, sql_organisation_id, "organisation", org, path, e);
	ids[1] = action ? id_of(s, sql_action_id, "action", action, path, e) : 0;
	return ids[0] < 0 || ids[1] < 0 ? -1 : 0;
}

/* The Promise Progress Framework (data/progress-framework.json). An indicator's
 * data_source and frequency not stated are stored empty (the columns are NOT NULL): the
 * pages say "not yet recorded" and the form asks staff for them. */
static const char sql_vision[] = "INSERT INTO vision_statement(position, slug, name, title, source, source_date) "
                                 "VALUES (CAST(? AS INTEGER), ?, ?, ?, ?, ?)";
static const struct col cols_vision[] = {{"position", F_TEXT, 1}, {"slug", F_SLUG, 1},   {"name", F_TEXT, 0},
                                         {"title", F_TEXT, 1},    {"source", F_TEXT, 1}, {"source_date", F_SOURCE_DATE, 1}};
static const char sql_vision_outcome[] = "INSERT INTO vision_outcome(vision_id, position, slug, text, source, "
                                         "source_date) VALUES (?, CAST(? AS INTEGER), ?, ?, ?, ?)";
static const struct col cols_vision_outcome[] = {{"position", F_TEXT, 1}, {"slug", F_SLUG, 1},
                                                 {"text", F_TEXT, 1},     {"source", F_TEXT, 1},
                                                 {"source_date", F_SOURCE_DATE, 1}};
static const char sql_framework_indicator[] = "INSERT INTO indicator(slug, title, unit, source, frequency) "
                                              "VALUES (?, ?, ?, coalesce(?, ''), coalesce(?, ''))";
static const struct col cols_framework_indicator[] = {{"slug", F_SLUG, 1},
                                                      {"title", F_TEXT, 1},
                                                      {"unit", F_TEXT, 1},
                                                      {"data_source", F_TEXT, 0},
                                                      {"frequency", F_TEXT, 0}};
static const char sql_framework_place[] = "INSERT INTO indicator_framework(indicator_id, outcome_id, level, kind, "
                                          "source, source_date) VALUES (?, ?, ?, ?, ?, ?)";
static const struct col cols_framework_place[] = {
	{"level", F_TEXT, 0}, {"kind", F_TEXT, 0}, {"source", F_TEXT, 1}, {"source_date", F_SOURCE_DATE, 1}};

/* insert_row of obj whose position is a JSON whole number from 1, given to the columns
 * above as the text they CAST; -1 with e naming path when it is not. */
static sqlite3_int64 insert_positioned(struct store *s, const char *sql, const sqlite3_int64 *ids, int nids,
                                       json_t *obj, const struct col *cols, size_t ncols, const char *path,
                                       struct kerr *e)
{
	json_t *p = json_is_object(obj) ? json_object_get(obj, "position") : NULL;
	if (!json_is_integer(p) || json_integer_value(p) < 1)
		return kerr_set(e, KERR_INVALID, "%s.position: expected a whole number from 1", path);
	char text[32];
	snprintf(text, sizeof text, "%" JSON_INTEGER_FORMAT, json_integer_value(p));
	json_t *row = json_copy(obj);
	json_object_set_new(row, "position", json_string(text));
	sqlite3_int64 id = insert_row(s, sql, ids, nids, row, cols, ncols, path, e);
	json_decref(row);
	return id;
}

int store_load_framework(struct store *s, json_t *framework, struct kerr *e)
{
	if (!json_is_object(framework))
		return kerr_set(e, KERR_INVALID, "expected an object at the top");
	int bad = 0;
	size_t i;
	json_t *v;
	json_t *list = array_field(framework, "vision_statements", "$", e, &bad);
	json_array_foreach(list, i, v)
	{
		char path[64];
		snprintf(path, sizeof path, "vision_statements[%zu]", i);
		sqlite3_int64 vid = insert_positioned(s, sql_vision, NULL, 0, v, cols_vision, NCOLS(cols_vision), path, e);
		if (vid < 0)
			return -1;
		json_t *outcomes = array_field(v, "outcomes", path, e, &bad);
		size_t j;
		json_t *o;
		json_array_foreach(outcomes, j, o)
		{
			char opath[128];
			snprintf(opath, sizeof opath, "%s.outcomes[%zu]", path, j);
			sqlite3_int64 oid = insert_positioned(s, sql_vision_outcome, &vid, 1, o, cols_vision_outcome,
			                                      NCOLS(cols_vision_outcome), opath, e);
			if (oid < 0)
				return -1;
			json_t *inds = array_field(o, "indicators", opath, e, &bad);
			size_t k;
			json_t *x;
			json_array_foreach(inds, k, x)
			{
				char ipath[192];
				snprintf(ipath, sizeof ipath, "%s.indicators[%zu]", opath, k);
				sqlite3_int64 ids[2] = {insert_row(s, sql_framework_indicator, NULL, 0, x, cols_framework_indicator,
				                                   NCOLS(cols_framework_indicator), ipath, e),
				                        oid};
				if (ids[0] < 0 || insert_row(s, sql_framework_place, ids, 2, x, cols_framework_place,
				                             NCOLS(cols_framework_place), ipath, e) < 0)
					return -1;
			}
		}
		if (bad)
			return -1;
	}
	return bad ? -1 : 0;
}

/* Each of top.indicators that names an outcome: its place in the framework. */
static int load_outcomes(struct store *s, json_t *top, struct kerr *e)
{
	int bad = 0;
	size_t i;
	json_t *v;
	json_t *list = array_field(top, "indicators", "$", e, &bad);
	json_array_foreach(list, i, v)
	{
		char path[64];
		snprintf(path, sizeof path, "indicators[%zu]", i);
		const char *slug, *outcome;
		if (field(v, "slug", F_SLUG, 1, &slug, path, e) < 0 || field(v, "outcome", F_SLUG, 0, &outcome, path, e) < 0)
			return -1;
		if (!outcome)
			continue;
		snprintf(path, sizeof path, "indicators[%zu].outcome", i);
		sqlite3_int64 ids[2] = {id_of(s, sql_indicator_id, "indicator", slug, path, e), -1};
		if (ids[0] > 0)
			ids[1] = id_of(s, sql_outcome_id, "outcome", outcome, path, e);
		if (ids[1] < 0 || insert_row(s, sql_indicator_outcome, ids, 2, NULL, NULL, 0, path, e) < 0)
			return -1;
	}
	return bad ? -1 : 0;
}

int store_load_demo(struct store *s, json_t *demo, struct kerr *e)
{
	if (!json_is_object(demo))
		return kerr_set(e, KERR_INVALID, "expected an object at the top");
	if (load_list(s, demo, "organisations", sql_organisation, 0, cols_organisation, NCOLS(cols_organisation), e) < 0 ||
	    load_list(s, demo, "board_members", sql_board_member, 0, cols_board_member, NCOLS(cols_board_member), e) < 0 ||
	    load_list(s, demo, "indicators", sql_indicator, 0, cols_indicator, NCOLS(cols_indicator), e) < 0 ||
	    load_outcomes(s, demo, e) < 0 ||
	    load_list(s, demo, "targets", sql_target, 0, cols_target, NCOLS(cols_target), e) < 0 ||
	    load_list(s, demo, "observations", sql_observation, 0, cols_observation, NCOLS(cols_observation), e) < 0)
		return -1;
	int bad = 0;
	size_t i;
	json_t *v;
	char path[64];
	json_t *list = array_field(demo, "leads", "$", e, &bad);
	json_array_foreach(list, i, v)
	{
		snprintf(path, sizeof path, "leads[%zu]", i);
		sqlite3_int64 ids[2];
		if (refs(s, v, 1, ids, path, e) < 0)
			return -1;
		sqlite3_int64 lead[2] = {ids[1], ids[0]};
		if (insert_row(s, sql_lead, lead, 2, v, cols_lead, NCOLS(cols_lead), path, e) < 0)
			return -1;
	}
	list = bad ? NULL : array_field(demo, "commitments", "$", e, &bad);
	json_array_foreach(list, i, v)
	{
		snprintf(path, sizeof path, "commitments[%zu]", i);
		sqlite3_int64 ids[2];
		if (refs(s, v, 0, ids, path, e) < 0 ||
		    insert_row(s, sql_commitment, ids, 2, v, cols_commitment, NCOLS(cols_commitment), path, e) < 0)
			return -1;
	}
	return bad ? -1 : 0;
}
