/* SQL for where children live: the register of care services and their vacancy returns
 * (docs/places.md "The register of services", "Vacancies"). */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "measures/records.h"
#include "place/place.h"

/* ---- the engine's structs */

static const char sql_services[] =
	"SELECT regno, name, provider, sector, type, council, outside_scotland, age_from, age_to, places, "
	"max_siblings, needs, weekly_cost, status, registered, ended FROM place_service ORDER BY regno";

static void copy_text(char *dst, size_t n, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	snprintf(dst, n, "%s", t ? (const char *)t : "");
}

static int key_index(const char *const *keys, int n, const unsigned char *t)
{
	for (int i = 0; t && i < n; i++)
		if (strcmp((const char *)t, keys[i]) == 0)
			return i;
	return -1;
}

/* The day number of a YYYY-MM-DD column, or dflt when it is NULL. */
static int day_of(sqlite3_stmt *st, int col, int32_t dflt, bool *bad)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	if (!t)
		return dflt;
	struct kdate d;
	struct kerr e = {0};
	if (date_parse((const char *)t, &d, &e) < 0) {
		*bad = true;
		return dflt;
	}
	return (int32_t)date_days(d);
}

int store_place_services(struct store *s, struct place_service **out, size_t *n, struct kerr *e)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = store_stmt(s, sql_services, e);
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			struct place_service *p = realloc(*out, cap * sizeof *p);
			if (!p) {
				sqlite3_reset(st);
				free(*out);
				*out = NULL;
				*n = 0;
				return kerr_set(e, KERR_FAIL, "out of memory reading the services");
			}
			*out = p;
		}
		struct place_service *v = &(*out)[*n];
		memset(v, 0, sizeof *v);
		copy_text(v->regno, sizeof v->regno, st, 0);
		copy_text(v->name, sizeof v->name, st, 1);
		copy_text(v->provider, sizeof v->provider, st, 2);
		v->sector = key_index(place_sector_keys, PS_NSECTORS, sqlite3_column_text(st, 3));
		v->type = key_index(place_type_keys, PT_NTYPES, sqlite3_column_text(st, 4));
		copy_text(v->council, sizeof v->council, st, 5);
		v->outside_scotland = sqlite3_column_int(st, 6) != 0;
		v->age_from = sqlite3_column_int(st, 7);
		v->age_to = sqlite3_column_int(st, 8);
		place_bands_within(v->age_from, v->age_to, &v->band_from, &v->band_to);
		v->places = sqlite3_column_int(st, 9);
		v->max_siblings = sqlite3_column_int(st, 10);
		struct kerr ne = {0};
		const unsigned char *needs = sqlite3_column_text(st, 11);
		bool bad = place_needs_parse(needs ? (const char *)needs : "", &v->needs_met, &ne) < 0;
		v->weekly_cost = sqlite3_column_type(st, 12) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 12);
		v->status = key_index(place_status_keys, PSS_NSTATUS, sqlite3_column_text(st, 13));
		v->registered = day_of(st, 14, 0, &bad);
		v->ended = day_of(st, 15, RECORDS_OPEN, &bad);
		if (bad || v->sector < 0 || v->type < 0 || v->status < 0) {
			char regno[sizeof v->regno];
			memcpy(regno, v->regno, sizeof regno);
			sqlite3_reset(st);
			free(*out);
			*out = NULL;
			*n = 0;
			return kerr_set(e, KERR_FAIL, "%s: the service '%s' is stored with a value keep does not know", s->path,
			                regno);
		}
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return store_fail(s, e, "reading the services");
	}
	return 0;
}

/* The latest return of each service in [from, to] (text dates compare as dates). */
static const char sql_vacancies[] =
	"SELECT v.regno, v.at, v.places, v.age_from, v.age_to, v.max_siblings FROM place_vacancy v "
	"WHERE v.at BETWEEN ?1 AND ?2 AND v.at = (SELECT max(w.at) FROM place_vacancy w "
	"WHERE w.regno = v.regno AND w.at BETWEEN ?1 AND ?2) ORDER BY v.regno";

int store_place_vacancies(struct store *s, int32_t day, struct place_vacancy **out, size_t *n, struct kerr *e)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = store_stmt(s, sql_vacancies, e);
	if (!st)
		return -1;
	char from[11], to[11];
	date_format(date_from_days((long)day - PLACE_VACANCY_DAYS), from);
	date_format(date_from_days(day), to);
	store_bind_text(st, 1, from);
	store_bind_text(st, 2, to);
	size_t cap = 0;
	int rc;
	bool bad = false;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			struct place_vacancy *p = realloc(*out, cap * sizeof *p);
			if (!p) {
				sqlite3_reset(st);
				free(*out);
				*out = NULL;
				*n = 0;
				return kerr_set(e, KERR_FAIL, "out of memory reading the vacancies");
			}
			*out = p;
		}
		struct place_vacancy *v = &(*out)[*n];
		memset(v, 0, sizeof *v);
		copy_text(v->regno, sizeof v->regno, st, 0);
		v->at = day_of(st, 1, 0, &bad);
		v->places = sqlite3_column_int(st, 2);
		v->age_from = sqlite3_column_int(st, 3);
		v->age_to = sqlite3_column_int(st, 4);
		place_bands_within(v->age_from, v->age_to, &v->band_from, &v->band_to);
		v->max_siblings = sqlite3_column_int(st, 5);
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || bad) {
		free(*out);
		*out = NULL;
		*n = 0;
		return bad ? kerr_set(e, KERR_FAIL, "%s: a vacancy return is stored with a date keep cannot read", s->path)
		           : store_fail(s, e, "reading the vacancies");
	}
	return 0;
}

/* ---- JSON reads */

#define SERVICE_COLUMNS                                                                                          \
	"p.regno, p.name, p.provider, p.sector, p.type, p.council, c.name AS council_name, "                         \
	"CASE p.outside_scotland WHEN 1 THEN 'true' ELSE 'false' END AS \"outside_scotland[]\", p.age_from, "        \
	"p.age_to, p.places, p.max_siblings, p.needs, " STORE_FIGURE("p.weekly_cost") " AS weekly_cost, p.status, " \
	"p.registered, p.ended, o.slug AS \"organisation.slug\", o.name AS \"organisation.name\", "                 \
	"CASE p.made_up WHEN 1 THEN 'true' ELSE 'false' END AS \"made_up[]\" "                                      \
	"FROM place_service p LEFT JOIN council_area c ON c.code = p.council "                                       \
	"LEFT JOIN organisation o ON o.id = p.organisation_id"

static const char sql_service[] = "SELECT " SERVICE_COLUMNS " WHERE p.regno = ?1";

json_t *store_place_service(struct store *s, const char *regno, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_service, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, regno);
	return store_row_one(s, st, "service", regno, e);
}

#define SERVICE_FILTER                                                                                        \
	" WHERE (?1 IS NULL OR (?1 = 'outside' AND p.outside_scotland = 1) OR p.council = ?1) "                    \
	"AND (?2 IS NULL OR p.type = ?2) AND (?3 IS NULL OR p.sector = ?3) AND (?4 IS NULL OR p.status = ?4)"

static const char sql_service_list[] =
	"SELECT " SERVICE_COLUMNS SERVICE_FILTER
	" ORDER BY p.outside_scotland, c.name, CASE p.type WHEN 'fostering' THEN 0 WHEN 'adoption' THEN 1 "
	"WHEN 'residential_house' THEN 2 WHEN 'residential_school' THEN 3 WHEN 'secure' THEN 4 "
	"WHEN 'short_breaks' THEN 5 ELSE 6 END, p.name, p.regno LIMIT ?5 OFFSET ?6";
static const char sql_service_count[] =
	"SELECT count(*) FROM place_service p" SERVICE_FILTER;

static void bind_filter(sqlite3_stmt *st, const char *council, const char *type, const char *sector,
                        const char *status)
{
	store_bind_text(st, 1, council);
	store_bind_text(st, 2, type);
	store_bind_text(st, 3, sector);
	store_bind_text(st, 4, status);
}

json_t *store_place_service_list(struct store *s, const char *council, const char *type, const char *sector,
                                 const char *status, int limit, int offset, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_service_count, e);
	if (!st)
		return NULL;
	bind_filter(st, council, type, sector, status);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		store_fail(s, e, "counting the services");
		return NULL;
	}
	long long total = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (!(st = store_stmt(s, sql_service_list, e)))
		return NULL;
	bind_filter(st, council, type, sector, status);
	sqlite3_bind_int(st, 5, limit < 1 ? 1 : limit > 500 ? 500 : limit);
	sqlite3_bind_int(st, 6, offset < 0 ? 0 : offset);
	json_t *items = store_rows(s, st, e);
	if (!items)
		return NULL;
	return json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total);
}

static const char sql_returns[] =
	"SELECT regno, at AS date, places, age_from, age_to, max_siblings, created FROM place_vacancy "
	"WHERE regno = ?1 ORDER BY at DESC LIMIT ?2";

json_t *store_place_returns(struct store *s, const char *regno, int limit, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_returns, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, regno);
	sqlite3_bind_int(st, 2, limit);
	return store_rows(s, st, e);
}

static const char sql_return[] =
	"SELECT regno, at AS date, places, age_from, age_to, max_siblings FROM place_vacancy "
	"WHERE regno = ?1 AND at = ?2";

/* ---- writes */

static const char sql_organisation_id[] = "SELECT id FROM organisation WHERE slug = ?1";

static const char sql_service_put[] =
	"INSERT INTO place_service(regno, name, provider, sector, type, council, outside_scotland, age_from, age_to, "
	"places, max_siblings, needs, weekly_cost, status, registered, ended, organisation_id, made_up) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) "
	"ON CONFLICT(regno) DO UPDATE SET name = excluded.name, provider = excluded.provider, "
	"sector = excluded.sector, type = excluded.type, council = excluded.council, "
	"outside_scotland = excluded.outside_scotland, age_from = excluded.age_from, age_to = excluded.age_to, "
	"places = excluded.places, max_siblings = excluded.max_siblings, needs = excluded.needs, "
	"weekly_cost = excluded.weekly_cost, status = excluded.status, registered = excluded.registered, "
	"ended = excluded.ended, organisation_id = excluded.organisation_id, made_up = excluded.made_up, "
	"changed = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

/* The keys of the needs in mask, separated by ';', into out. */
static void needs_text(uint32_t mask, struct buf *out)
{
	for (int k = 0; k < PN_NNEEDS; k++)
		if (mask & (1u << k)) {
			if (out->len)
				buf_putc(out, ';');
			buf_puts(out, place_need_keys[k]);
		}
}

static void bind_day(sqlite3_stmt *st, int i, int32_t day)
{
	char d[11];
	date_format(date_from_days(day), d);
	sqlite3_bind_text(st, i, d, -1, SQLITE_TRANSIENT);
}

/* Writes one row: the audit when it added or changed the service. */
static int service_put(struct store *s, const char *actor, const struct store_place_service_row *r,
                       struct store_place_counts *c, struct kerr *e)
{
	const struct place_service *v = r->svc;
	if (v->sector < 0 || v->sector >= PS_NSECTORS || v->type < 0 || v->type >= PT_NTYPES || v->status < 0 ||
	    v->status >= PSS_NSTATUS)
		return kerr_set(e, KERR_INVALID, "service '%s': a sector, type or status out of range", v->regno);
	long long org = -1;
	if (r->organisation) {
		sqlite3_stmt *st = store_stmt(s, sql_organisation_id, e);
		if (!st)
			return -1;
		store_bind_text(st, 1, r->organisation);
		if (sqlite3_step(st) == SQLITE_ROW)
			org = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (org < 0)
			return kerr_set(e, KERR_NOTFOUND, "no organisation called '%s'", r->organisation);
	}
	struct kerr miss = {0};
	json_t *before = store_place_service(s, v->regno, &miss);
	if (!before && miss.code != KERR_NOTFOUND) {
		*e = miss;
		return -1;
	}
	sqlite3_stmt *st = store_stmt(s, sql_service_put, e);
	if (!st) {
		json_decref(before);
		return -1;
	}
	struct buf needs = {0};
	needs_text(v->needs_met, &needs);
	store_bind_text(st, 1, v->regno);
	store_bind_text(st, 2, v->name);
	store_bind_text(st, 3, v->provider);
	store_bind_text(st, 4, place_sector_keys[v->sector]);
	store_bind_text(st, 5, place_type_keys[v->type]);
	store_bind_text(st, 6, v->outside_scotland ? NULL : v->council);
	sqlite3_bind_int(st, 7, v->outside_scotland ? 1 : 0);
	sqlite3_bind_int(st, 8, v->age_from);
	sqlite3_bind_int(st, 9, v->age_to);
	sqlite3_bind_int(st, 10, v->places);
	sqlite3_bind_int(st, 11, v->max_siblings);
	store_bind_text(st, 12, buf_str(&needs));
	if (v->weekly_cost >= 0)
		sqlite3_bind_double(st, 13, v->weekly_cost);
	store_bind_text(st, 14, place_status_keys[v->status]);
	bind_day(st, 15, v->registered);
	if (v->ended != RECORDS_OPEN)
		bind_day(st, 16, v->ended);
	if (org >= 0)
		sqlite3_bind_int64(st, 17, org);
	sqlite3_bind_int(st, 18, r->made_up ? 1 : 0);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	buf_free(&needs);
	if (rc != SQLITE_DONE) {
		json_decref(before);
		char doing[64];
		snprintf(doing, sizeof doing, "writing the service '%s'", v->regno);
		return store_fail(s, e, doing);
	}
	json_t *after = store_place_service(s, v->regno, e);
	int ok = after ? 0 : -1;
	if (ok == 0 && before && json_equal(before, after))
		c->unchanged++;
	else if (ok == 0) {
		ok = store_audit_add(s, actor, "service", v->regno, before ? "update" : "create", before, after, e);
		if (before)
			c->updated++;
		else
			c->created++;
	}
	json_decref(before);
	json_decref(after);
	return ok;
}

int store_place_services_write(struct store *s, const char *actor, const struct store_place_service_row *rows,
                               size_t n, struct store_place_counts *counts, struct kerr *e)
{
	struct store_place_counts c = {0};
	if (store_begin(s, e) < 0)
		return -1;
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++)
		ok = service_put(s, actor, &rows[i], &c, e) == 0;
	if (store_end(s, ok, e) < 0)
		return -1;
	if (counts)
		*counts = c;
	return 0;
}

static const char sql_vacancy_put[] =
	"INSERT INTO place_vacancy(regno, at, places, age_from, age_to, max_siblings) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
	"ON CONFLICT(regno, at) DO UPDATE SET places = excluded.places, age_from = excluded.age_from, "
	"age_to = excluded.age_to, max_siblings = excluded.max_siblings, "
	"created = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";
static const char sql_service_known[] = "SELECT 1 FROM place_service WHERE regno = ?1";

static json_t *return_get(struct store *s, const char *regno, const char *at, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_return, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, regno);
	store_bind_text(st, 2, at);
	char key[40];
	snprintf(key, sizeof key, "%s/%s", regno, at);
	return store_row_one(s, st, "vacancy return", key, e);
}

static int vacancy_put(struct store *s, const char *actor, const struct place_vacancy *v,
                       struct store_place_counts *c, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_service_known, e);
	if (!st)
		return -1;
	store_bind_text(st, 1, v->regno);
	bool known = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (!known)
		return kerr_set(e, KERR_NOTFOUND, "no service called '%s'", v->regno);
	char at[11];
	date_format(date_from_days(v->at), at);
	struct kerr miss = {0};
	json_t *before = return_get(s, v->regno, at, &miss);
	if (!before && miss.code != KERR_NOTFOUND) {
		*e = miss;
		return -1;
	}
	if (!(st = store_stmt(s, sql_vacancy_put, e))) {
		json_decref(before);
		return -1;
	}
	store_bind_text(st, 1, v->regno);
	store_bind_text(st, 2, at);
	sqlite3_bind_int(st, 3, v->places);
	sqlite3_bind_int(st, 4, v->age_from);
	sqlite3_bind_int(st, 5, v->age_to);
	sqlite3_bind_int(st, 6, v->max_siblings);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(before);
		char doing[80];
		snprintf(doing, sizeof doing, "writing the vacancy return of '%s' on %s", v->regno, at);
		return store_fail(s, e, doing);
	}
	json_t *after = return_get(s, v->regno, at, e);
	int ok = after ? 0 : -1;
	if (ok == 0 && before && json_equal(before, after))
		c->unchanged++;
	else if (ok == 0) {
		char id[40];
		snprintf(id, sizeof id, "%s/%s", v->regno, at);
		ok = store_audit_add(s, actor, "vacancy-return", id, before ? "update" : "create", before, after, e);
		if (before)
			c->updated++;
		else
			c->created++;
	}
	json_decref(before);
	json_decref(after);
	return ok;
}

int store_place_vacancies_write(struct store *s, const char *actor, const struct place_vacancy *v, size_t n,
                                struct store_place_counts *counts, struct kerr *e)
{
	struct store_place_counts c = {0};
	if (store_begin(s, e) < 0)
		return -1;
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++)
		ok = vacancy_put(s, actor, &v[i], &c, e) == 0;
	if (store_end(s, ok, e) < 0)
		return -1;
	if (counts)
		*counts = c;
	return 0;
}
