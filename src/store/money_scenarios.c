/* SQL for scenarios (The Money; see store.h "scenarios"). A scenario is given in its
 * file's shape (money_scenario_to_json's), already checked by the domain; read back
 * through the "scenarios" resource (read.c). */
#include "store/store_int.h"

#include <string.h>

static const char sql_insert[] =
    "INSERT INTO scenario(slug, name, area, organisation_id, description, made_up) "
    "VALUES (?1, ?2, ?3, (SELECT id FROM organisation WHERE slug = ?4), ?5, CAST(?6 AS INTEGER))";
static const char sql_update[] = "UPDATE scenario SET name = ?2, area = ?3, organisation_id = (SELECT id "
                                 "FROM organisation WHERE slug = ?4), "
                                 "description = ?5, made_up = CAST(?6 AS INTEGER), updated = "
                                 "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE slug = ?1";
static const char sql_delete[] = "DELETE FROM scenario WHERE slug = ?1";
static const char sql_clear_investments[] =
    "DELETE FROM scenario_investment WHERE scenario_id = (SELECT id FROM scenario WHERE slug = ?1)";
static const char sql_clear_effects[] =
    "DELETE FROM scenario_effect WHERE scenario_id = (SELECT id FROM scenario WHERE slug = ?1)";
static const char sql_investment[] =
    "INSERT INTO scenario_investment(scenario_id, position, what, per_year, starts, ends, payer, pooled, "
    "pooled_with) VALUES ((SELECT id FROM scenario WHERE slug = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char sql_effect[] =
    "INSERT INTO scenario_effect(scenario_id, position, kind, from_type, to_type, band, low_pct, high_pct, "
    "starts_after_months, ramp_months) VALUES ((SELECT id FROM scenario WHERE slug = ?1), ?2, ?3, ?4, ?5, "
    "?6, "
    "?7, ?8, ?9, ?10)";

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int step_done(struct store *s, sqlite3_stmt *st, const char *doing, struct kerr *e)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, e, doing);
}

/* The scenario's investments and effects, in order, replacing any it had. */
static int put_items(struct store *s, const char *slug, json_t *sc, struct kerr *e)
{
	const char *const v[] = {slug};
	if (store_run(s, sql_clear_investments, v, 1, e) != SQLITE_DONE ||
	    store_run(s, sql_clear_effects, v, 1, e) != SQLITE_DONE)
		return e->code ? -1 : store_fail(s, e, "clearing a scenario's investments and effects");
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(sc, "investments"), i, x)
	{
		sqlite3_stmt *st = store_stmt(s, sql_investment, e);
		if (!st)
			return -1;
		store_bind_text(st, 1, slug);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		store_bind_text(st, 3, str(x, "what"));
		sqlite3_bind_double(st, 4, json_number_value(json_object_get(x, "per_year")));
		store_bind_text(st, 5, str(x, "from"));
		store_bind_text(st, 6, str(x, "to"));
		store_bind_text(st, 7, str(x, "payer"));
		sqlite3_bind_int(st, 8, json_is_true(json_object_get(x, "pooled")));
		store_bind_text(st, 9, str(x, "pooled_with"));
		if (step_done(s, st, "adding a scenario's investment", e) < 0)
			return -1;
	}
	json_array_foreach(json_object_get(sc, "effects"), i, x)
	{
		sqlite3_stmt *st = store_stmt(s, sql_effect, e);
		if (!st)
			return -1;
		store_bind_text(st, 1, slug);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		store_bind_text(st, 3, str(x, "kind"));
		store_bind_text(
		    st, 4,
		    str(x, strcmp(str(x, "kind") ? str(x, "kind") : "", "move") == 0 ? "from_type" : "type"));
		store_bind_text(st, 5, str(x, "to_type"));
		store_bind_text(st, 6, str(x, "band"));
		sqlite3_bind_double(st, 7, json_number_value(json_object_get(x, "low_pct")));
		sqlite3_bind_double(st, 8, json_number_value(json_object_get(x, "high_pct")));
		sqlite3_bind_int64(st, 9, json_integer_value(json_object_get(x, "starts_after_months")));
		sqlite3_bind_int64(st, 10, json_integer_value(json_object_get(x, "ramp_months")));
		if (step_done(s, st, "adding a scenario's effect", e) < 0)
			return -1;
	}
	return 0;
}

int store_scenario_insert(struct store *s, json_t *sc, struct kerr *e)
{
	const char *slug = str(sc, "slug");
	int rc = store_run(s, sql_insert,
	                   (const char *const[]){slug, str(sc, "name"), str(sc, "area"), str(sc, "owner"),
	                                         str(sc, "description"),
	                                         json_is_true(json_object_get(sc, "made_up")) ? "1" : "0"},
	                   6, e);
	if (rc < 0)
		return -1;
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return kerr_set(e, KERR_CONFLICT, "there is already a scenario called '%s'", slug);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "adding a scenario");
	return put_items(s, slug, sc, e);
}

int store_scenario_update(struct store *s, const char *slug, json_t *sc, struct kerr *e)
{
	if (store_change(s, sql_update,
	                 (const char *const[]){slug, str(sc, "name"), str(sc, "area"), str(sc, "owner"),
	                                       str(sc, "description"),
	                                       json_is_true(json_object_get(sc, "made_up")) ? "1" : "0"},
	                 6, "changing a scenario", "scenario", slug, e) < 0)
		return -1;
	return put_items(s, slug, sc, e);
}

int store_scenario_delete(struct store *s, const char *slug, struct kerr *e)
{
	const char *const v[] = {slug};
	if (store_run(s, sql_clear_investments, v, 1, e) != SQLITE_DONE ||
	    store_run(s, sql_clear_effects, v, 1, e) != SQLITE_DONE)
		return e->code ? -1 : store_fail(s, e, "deleting a scenario's investments and effects");
	return store_change(s, sql_delete, v, 1, "deleting a scenario", "scenario", slug, e);
}

int store_load_scenarios(struct store *s, json_t *file, struct kerr *e)
{
	size_t i;
	json_t *sc;
	json_array_foreach(json_object_get(file, "scenarios"), i, sc)
	{
		if (store_scenario_insert(s, sc, e) < 0)
			return -1;
	}
	return 0;
}
