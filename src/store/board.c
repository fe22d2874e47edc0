/* SQL for the Oversight Board's members (see store.h). */
#include "store/store_int.h"

static const char sql_insert[] = "INSERT INTO board_member(slug, name, role, care_experienced, starts, ends) "
                                 "VALUES (?1, ?2, ?3, CAST(?4 AS INTEGER), ?5, ?6)";
static const char sql_update[] = "UPDATE board_member SET name = ?2, role = ?3, care_experienced = CAST(?4 AS INTEGER), "
                                 "starts = ?5, ends = ?6, "
                                 "updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE slug = ?1";

int store_board_member_insert(struct store *s, const char *slug, const char *name, const char *role,
                              const char *care, const char *starts, const char *ends, struct kerr *e)
{
	int rc = store_run(s, sql_insert, (const char *const[]){slug, name, role, care, starts, ends}, 6, e);
	if (rc < 0)
		return -1;
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return kerr_set(e, KERR_CONFLICT, "there is already a board member called '%s'", slug);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "adding a board member");
	return 0;
}

int store_board_member_update(struct store *s, const char *slug, const char *name, const char *role,
                              const char *care, const char *starts, const char *ends, struct kerr *e)
{
	return store_change(s, sql_update, (const char *const[]){slug, name, role, care, starts, ends},
	                    6, "changing a board member", "board member", slug, e);
}
