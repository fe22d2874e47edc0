/* Texts replaced in place: a heard note's text changed, and a text removed (redacted)
 * from a heard note, evidence or a commitment's timeline. The caller audits. */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

static const char sql_heard_text[] =
    "UPDATE heard SET text = ?2 WHERE id = (SELECT x.id FROM heard x JOIN action a ON a.id = x.action_id "
    "WHERE printf('%s-%03d', a.slug, x.position) = ?1)";

static const char sql_evidence_text[] =
    "UPDATE evidence SET title = CASE ?2 WHEN 'title' THEN ?3 ELSE title END, "
    "will_do = CASE ?2 WHEN 'will_do' THEN ?3 ELSE will_do END, "
    "support_needed = CASE ?2 WHEN 'support_needed' THEN ?3 ELSE support_needed END, "
    "help_offered = CASE ?2 WHEN 'help_offered' THEN ?3 ELSE help_offered END, "
    "updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE slug = ?1";

static const char sql_commitment_text[] =
    "UPDATE commitment SET text = CASE ?2 WHEN 'text' THEN ?3 ELSE text END, "
    "due_text = CASE ?2 WHEN 'due_text' THEN ?3 ELSE due_text END, "
    "updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE slug = ?1";

static const char sql_assessment_text[] =
    "UPDATE assessment SET text = CASE ?2 WHEN 'text' THEN ?3 ELSE text END, "
    "next_steps = CASE ?2 WHEN 'next_steps' THEN ?3 ELSE next_steps END "
    "WHERE id = (SELECT x.id FROM assessment x JOIN action a ON a.id = x.action_id "
    "WHERE printf('%s-%06d', a.slug, x.id) = ?1)";

static const char sql_target_note[] =
    "UPDATE target SET note = ?2, updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE slug = ?1";

static const char sql_update_text[] =
    "UPDATE commitment_update SET text = ?3 WHERE id = (SELECT u.id FROM commitment_update u "
    "JOIN commitment c ON c.id = u.commitment_id WHERE c.slug = ?1 ORDER BY u.at, u.id "
    "LIMIT 1 OFFSET CAST(?2 AS INTEGER) - 1)";

int store_text_set(struct store *s, const char *kind, const char *id, const char *field, const char *text,
                   struct kerr *e)
{
	if (strcmp(kind, "heard") == 0)
		return store_change(s, sql_heard_text, (const char *const[]){id, text}, 2,
		                    "changing a heard note", "heard note", id, e);
	if (strcmp(kind, "evidence") == 0)
		return store_change(s, sql_evidence_text, (const char *const[]){id, field, text}, 3,
		                    "changing evidence", "evidence", id, e);
	if (strcmp(kind, "commitment") == 0)
		return store_change(s, sql_commitment_text, (const char *const[]){id, field, text}, 3,
		                    "changing a commitment", "commitment", id, e);
	if (strcmp(kind, "assessment") == 0)
		return store_change(s, sql_assessment_text, (const char *const[]){id, field, text}, 3,
		                    "changing an assessment", "assessment", id, e);
	if (strcmp(kind, "target") == 0 && strcmp(field, "note") == 0)
		return store_change(s, sql_target_note, (const char *const[]){id, text}, 2, "changing a target",
		                    "target", id, e);
	if (strcmp(kind, "commitment_update") == 0) {
		const char *slash = strrchr(id, '/');
		if (!slash || !slash[1] || strspn(slash + 1, "0123456789") != strlen(slash + 1) ||
		    slash[1] == '0')
			return kerr_set(e, KERR_NOTFOUND, "no timeline entry called '%s'", id);
		char slug[128];
		snprintf(slug, sizeof slug, "%.*s", (int)(slash - id), id);
		return store_change(s, sql_update_text, (const char *const[]){slug, slash + 1, text}, 3,
		                    "changing a timeline entry", "timeline entry", id, e);
	}
	return kerr_set(e, KERR_INVALID, "no kind of text called '%s'", kind);
}

static const char sql_search_optimize[] = "INSERT INTO search(search) VALUES ('optimize')";

int store_search_purge(struct store *s, struct kerr *e)
{
	int rc = store_run(s, sql_search_optimize, NULL, 0, e);
	if (rc < 0)
		return -1;
	return rc == SQLITE_DONE ? 0 : store_fail(s, e, "rewriting the search index");
}
