/* SQL for an area's own unit costs (store/money_costs.h). */
#include "store/store_int.h"
#include "store/money_costs.h"

#include <stdio.h>

/* The types in the order of the care records' code list (records_placement_type_codes). */
#define TYPE_ORDER                                                                                                \
	"CASE type WHEN 'home_parents' THEN 0 WHEN 'kinship' THEN 1 WHEN 'foster_council' THEN 2 "                 \
	"WHEN 'foster_purchased' THEN 3 WHEN 'prospective_adopters' THEN 4 WHEN 'other_community' THEN 5 "          \
	"WHEN 'residential_council_home' THEN 6 WHEN 'residential_voluntary_home' THEN 7 "                         \
	"WHEN 'residential_school' THEN 8 WHEN 'secure' THEN 9 WHEN 'crisis_care' THEN 10 "                        \
	"WHEN 'young_offender_institution' THEN 11 ELSE 12 END"

#define UNIT_COST_COLUMNS \
	"area, type, " STORE_FIGURE("weekly_cost") " AS weekly_cost, price_year, source, updated"

static const char sql_area[] = "SELECT " UNIT_COST_COLUMNS " FROM unit_cost WHERE area = ?1 ORDER BY " TYPE_ORDER;
static const char sql_all[] = "SELECT " UNIT_COST_COLUMNS " FROM unit_cost ORDER BY area, " TYPE_ORDER;
static const char sql_one[] = "SELECT " UNIT_COST_COLUMNS " FROM unit_cost WHERE area = ?1 AND type = ?2";
static const char sql_put[] =
    "INSERT INTO unit_cost(area, type, weekly_cost, price_year, source) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT(area, type) DO UPDATE SET weekly_cost = excluded.weekly_cost, price_year = excluded.price_year, "
    "source = excluded.source, updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";
static const char sql_delete[] = "DELETE FROM unit_cost WHERE area = ?1 AND type = ?2";
static const char sql_area_known[] = "SELECT 1 FROM council_area WHERE code = ?1";

json_t *store_unit_costs(struct store *s, const char *area, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_area, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, area);
	return store_rows(s, st, e);
}

json_t *store_unit_costs_all(struct store *s, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_all, e);
	return st ? store_rows(s, st, e) : NULL;
}

json_t *store_unit_cost(struct store *s, const char *area, const char *type, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_one, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, area);
	store_bind_text(st, 2, type);
	char key[64];
	snprintf(key, sizeof key, "%s/%s", area, type);
	return store_row_one(s, st, "unit cost", key, e);
}

int store_unit_cost_put(struct store *s, const char *area, const char *type, double weekly, int price_year,
                        const char *source, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_put, e);
	if (!st)
		return -1;
	store_bind_text(st, 1, area);
	store_bind_text(st, 2, type);
	sqlite3_bind_double(st, 3, weekly);
	sqlite3_bind_int(st, 4, price_year);
	store_bind_text(st, 5, source);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, e, "setting a unit cost");
}

int store_unit_cost_delete(struct store *s, const char *area, const char *type, struct kerr *e)
{
	char key[64];
	snprintf(key, sizeof key, "%s/%s", area, type);
	return store_change(s, sql_delete, (const char *const[]){area, type}, 2, "removing a unit cost", "unit cost",
	                    key, e);
}

bool store_council_area_known(struct store *s, const char *code, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_area_known, e);
	if (!st)
		return false;
	store_bind_text(st, 1, code);
	bool known = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return known;
}
