/* Private to src/store/: the connection and the helpers every store file uses. */
#ifndef KEEP_STORE_INT_H
#define KEEP_STORE_INT_H
#include <sqlite3.h>

#include "store/store.h"

/* Every statement keep prepares through store_stmt (about 170 with schema 5), with room:
 * running out aborts (store.c). */
struct store {
	sqlite3 *db;
	char *path;
	int depth; /* transaction nesting: only the outermost begin/commit speaks to SQLite */
	uint64_t commits; /* transactions committed on this connection */
	struct {
		const char *sql; /* the address of a static SQL string */
		sqlite3_stmt *st;
	} *cache; /* every statement prepared so far, ncache of capcache */
	int ncache, capcache;
	bool drafts; /* the reader may see draft plans (store_drafts_set) */
};

/* A prepared statement for sql, which must be a string literal (statements are cached
 * by its address). Reset and with bindings cleared; NULL with e filled on error. */
sqlite3_stmt *store_stmt(struct store *s, const char *sql, struct kerr *e);

/* Fills e from the connection's last error, prefixed with what was being done.
 * Returns -1. */
int store_fail(struct store *s, struct kerr *e, const char *doing);

/* Binds text or NULL. */
int store_bind_text(sqlite3_stmt *st, int i, const char *v);

/* Runs sql (a string literal, as for store_stmt) once with ?1..?n bound to v[0..n) (NULL
 * binds NULL), for a statement that returns no rows. Returns SQLite's result code of the
 * step (SQLITE_DONE when it ran; a constraint's code the caller may turn into a message),
 * or -1 with e filled when it cannot be prepared. The statement is reset. */
int store_run(struct store *s, const char *sql, const char *const *v, int n, struct kerr *e);

/* store_run for a statement that must change one record: 0 when it did; -1 with e from
 * the connection ("doing: ...") when it failed, or KERR_NOTFOUND "no WHAT called 'key'"
 * when it changed nothing. */
int store_change(struct store *s, const char *sql, const char *const *v, int n, const char *doing, const char *what,
                 const char *key, struct kerr *e);

/* The current row as an object: one key per column, named by the column; a column
 * named "a.b" becomes key b of a nested object a (null when all its columns are null);
 * a column named "x[]" holds JSON text, decoded into key x (NULL gives null); columns named "_..." are
 * skipped. INTEGER becomes an integer, REAL a real, TEXT a string, NULL null. */
json_t *store_row_object(sqlite3_stmt *st);

/* Steps st to the end, collecting store_row_object of each row into an array. NULL
 * and e filled on error. st is reset either way. */
json_t *store_rows(struct store *s, sqlite3_stmt *st, struct kerr *e);

/* Steps st for one row: its object, or NULL with KERR_NOTFOUND and the message
 * "no WHAT called 'key'". */
json_t *store_row_one(struct store *s, sqlite3_stmt *st, const char *what, const char *key, struct kerr *e);

/* Runs every migration past the database's user_version (schema.c). */
int store_schema_apply(struct store *s, int from, struct kerr *e);

/* A REAL column as JSON shows a figure: a whole number as an integer (12084, not
 * 12084.0, as JavaScript and most readers write it), any other as it is. */
#define STORE_FIGURE(col) "CASE WHEN " col " = CAST(" col " AS INTEGER) THEN CAST(" col " AS INTEGER) ELSE " col " END"

/* The item of the "observations" resource (read.c), for reads that find one by its
 * indexed key instead of its composed id (oversight.c). */
#define STORE_OBSERVATION_ITEM                                                                                  \
	"SELECT i.slug || '/' || o.area || '/' || o.period AS id, i.slug AS indicator, o.area, o.period, " \
	STORE_FIGURE("o.value") " AS value, " \
	"CASE o.suppressed WHEN 1 THEN 'true' ELSE 'false' END AS \"suppressed[]\", o.source, "                  \
	"NULL AS _priority, NULL AS _organisation "                                                                 \
	"FROM observation o JOIN indicator i ON i.id = o.indicator_id"

/* Draft plans (store_drafts_set): keep_drafts() is 1 when this connection's reader may
 * see them, or inside a transaction (a write works on whole records, and reads its
 * records back for the audit). A read shows a plan, a priority area or an action, and
 * whatever hangs off an action, only where these hold. */
#define STORE_PLAN_SHOWN(status) "(" status " <> 'draft' OR keep_drafts())"
#define STORE_ACTION_SHOWN(id) "(" id " IS NULL OR keep_drafts() OR " id " NOT IN " STORE_DRAFT_ACTIONS ")"
/* The ids of the actions of draft plans. */
#define STORE_DRAFT_ACTIONS                                                                                \
	"(SELECT da.id FROM action da JOIN priority dp ON dp.id = da.priority_id "                            \
	"JOIN plan dpl ON dpl.id = dp.plan_id WHERE dpl.status = 'draft')"
/* keep_reader_drafts() is 1 when the reader may see drafts, in a transaction or not: a
 * write that replaces a record's links to actions keeps those its writer cannot see. */

#define STORE_APPLICATION_ID 0x6b656570 /* "keep" */

/* The item of the "spend" resource (read.c, money.c): a spend line with its area's
 * name, its financial year in words, its payer and partners by id (a partner that is
 * not an organisation of keep by its name), "yes"/"no" for pooled and made_up. */
#define STORE_SPEND_ITEM                                                                                        \
	"SELECT l.slug AS id, l.area, coalesce(ca.name, CASE l.area WHEN 'S92000003' THEN 'Scotland' END) "      \
	"AS area_name, l.year, printf('%d-%02d', l.year, (l.year + 1) % 100) AS financial_year, "                 \
	"o.slug AS organisation, l.heading, l.level, l.kind, "                                                    \
	"CASE l.pooled WHEN 1 THEN 'yes' ELSE 'no' END AS pooled, l.share, "                                     \
	"(SELECT group_concat(w, '; ') FROM (SELECT coalesce(po.slug, p.name) || '=' || p.share AS w "           \
	"  FROM spend_partner p LEFT JOIN organisation po ON po.id = p.organisation_id WHERE p.line_id = l.id "  \
	"  ORDER BY p.position)) AS pooled_with, l.amount, l.source, l.source_date, "                            \
	"CASE l.made_up WHEN 1 THEN 'yes' ELSE 'no' END AS made_up, l.created, l.changed, "                     \
	"NULL AS _priority, o.slug AS _organisation "                                                            \
	"FROM spend_line l JOIN organisation o ON o.id = l.organisation_id "                                     \
	"LEFT JOIN council_area ca ON ca.code = l.area"

#endif
