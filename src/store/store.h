/* Storage: the only layer that speaks SQL. One struct store is one SQLite connection;
 * it is not shared between threads (the web server opens one per worker thread).
 *
 * Reads return jansson values built straight from named columns (new references: the
 * caller json_decref()s them). Text that is not known is JSON null. Dates are ISO 8601
 * strings. On failure a read returns NULL and fills e; a missing slug gives
 * KERR_NOTFOUND with a message such as "no action called 'x'". */
#ifndef KEEP_STORE_STORE_H
#define KEEP_STORE_STORE_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/kerr.h"

struct store;

enum store_mode {
	STORE_READONLY,  /* open an existing keep database for reading */
	STORE_READWRITE, /* open an existing keep database for reading and writing */
	STORE_CREATE,    /* create a new database; fails if the file exists */
};

/* The schema version this build writes and understands. */
int store_schema_version(void);
/* Makes a new database at path with the schema of version (1 to store_schema_version()):
 * the migrations up to it, and no content. For tests of a migration: make the database
 * as it was, put rows in it, then open it with STORE_READWRITE to migrate it. */
int store_schema_build(const char *path, int version, struct kerr *e);

/* Opens path. An existing file must be a keep database (application_id 'keep') of a
 * schema version this build knows; anything else fails with a message that says what
 * the file is, and the file is not changed. STORE_CREATE makes the schema. Older
 * schemas are migrated forward on STORE_READWRITE, in one transaction; STORE_READONLY
 * refuses them rather than write. */
struct store *store_open(const char *path, enum store_mode mode, struct kerr *e);
void store_close(struct store *s);

/* Checks, before a program that writes (keep serve) starts, that this user may write
 * the database at path and the folder that holds it (SQLite keeps its write-ahead log
 * and shared memory beside the file, as path-wal and path-shm). -1 with a message
 * saying which one cannot be written and what to do. A file that does not exist is
 * left to store_open to report. */
int store_check_writable(const char *path, struct kerr *e);
/* -1 with the same kind of message when s was opened but SQLite can only read it. */
int store_check_open_writable(struct store *s, struct kerr *e);

/* One transaction: every write in keep happens inside begin/commit. */
int store_begin(struct store *s, struct kerr *e);
int store_commit(struct store *s, struct kerr *e);
void store_rollback(struct store *s);
/* Ends a begin whose writes turned out to change nothing: the outermost rolls back (so
 * nothing is committed and no cache is invalidated); a nested one leaves the enclosing
 * transaction as it is (where store_rollback would undo it all). */
void store_release(struct store *s);
/* Ends a begin whose writes succeeded (ok: commits) or failed (not ok: rolls back, e
 * already saying why). Returns 0 when committed, -1 otherwise. */
int store_end(struct store *s, bool ok, struct kerr *e);

/* Whether the reader of what follows may see draft plans and everything under them
 * (the domain decides who: plan_drafts_seen_by). Off when the store is opened: reads
 * then show what is public. Writes, inside a transaction, see every record. */
void store_drafts_set(struct store *s, bool visible);

/* A number that changes whenever the database's content changes: after a commit on
 * this connection or on any other (SQLite's data_version plus this connection's own
 * commits). Cheap: for cache checks on every request. */
uint64_t store_version(struct store *s);

/* ---- loading the shipped content (load.c); call inside a transaction ---- */

/* Loads data/plan.json's tree (see data/README.md): plans, phases, foundations,
 * fundamentals, priorities, actions, heard notes, assessments, timelines. Names the
 * JSON path of anything wrong ("plans[1].priorities[0].actions[2].slug: ..."). */
int store_load_plan(struct store *s, json_t *plan, struct kerr *e);
/* Loads the council areas from CSV text "code,name" with a header row. */
int store_load_council_areas(struct store *s, const char *csv, size_t len, struct kerr *e);
/* Loads data/progress-framework.json's tree: vision_statements [{position, slug, name,
 * title, source, source_date, outcomes: [{position, slug, text, source, source_date,
 * indicators: [{slug, title, unit, data_source, frequency, level, kind, source,
 * source_date}]}]}]. An indicator's data_source and frequency may be null (not stated:
 * stored empty, for staff to fill in). */
int store_load_framework(struct store *s, json_t *framework, struct kerr *e);
/* Loads data/demo.json's tree: organisations, leads, commitments. */
int store_load_demo(struct store *s, json_t *demo, struct kerr *e);

/* ---- reads for pages (read.c) ---- */

/* {"organisations": n, "commitments": n, "actions": n} */
json_t *store_counts(struct store *s, struct kerr *e);
/* [{slug, title, text}] in the Promise's order */
json_t *store_foundations(struct store *s, struct kerr *e);
/* {slug, title, text, actions: [{slug, title, priority: {slug, title}, plan: {slug, title,
 * shape}}]}, the actions plan by plan in date order */
json_t *store_foundation(struct store *s, const char *slug, struct kerr *e);
/* [{slug, title}] */
json_t *store_fundamentals(struct store *s, struct kerr *e);
/* [{slug, title, years, summary, starts, ends, plan}] in date order */
json_t *store_phases(struct store *s, struct kerr *e);
/* [{slug, title, summary, starts, ends, status, shape, source, source_date, priorities,
 * actions}] in date order; priorities and actions count the plan's priority areas (or
 * foundation groups) and its actions (or route maps) */
json_t *store_plans(struct store *s, struct kerr *e);
/* {slug, title, summary, starts, ends, phases: [...as store_phases],
 *  priorities: [{slug, title, text, actions: [{slug, title, assessment}]}]}
 * where assessment is the latest {at, rating, text} or null. */
json_t *store_plan(struct store *s, const char *slug, struct kerr *e);
/* Every priority area of every plan with its actions, as in store_plan, each priority
 * also carrying plan: {slug, title}. For the overview. */
json_t *store_priorities_with_actions(struct store *s, struct kerr *e);
/* {slug, title, required, committed, leads_text, next_steps, due, source,
 *  priority: {slug, title}, plan: {slug, title}, foundations: [{slug, title}],
 *  heard: [{at, text}], leads: [{role, organisation: {slug, name}}],
 *  commitments: [{slug, text, due, due_text, status, organisation: {slug, name}}],
 *  assessments: [{at, rating, text, next_steps, source}] newest first,
 *  timeline: [{when, due, text}]} */
json_t *store_action(struct store *s, const char *slug, struct kerr *e);
/* [{slug, name, sector, scale, council_area, council_area_name, leads, commitments}]
 * by name; leads and commitments are counts. */
json_t *store_organisations(struct store *s, struct kerr *e);
/* {slug, name, sector, scale, council_area, council_area_name,
 *  leads: [{role, action: {slug, title}}],
 *  commitments: [{slug, text, due, due_text, status, action: {slug, title} or null}]} */
json_t *store_organisation(struct store *s, const char *slug, struct kerr *e);

/* Full-text search (FTS5) over actions, commitments, organisations and heard notes.
 * words is what a person typed: each word is matched as a prefix, all must occur;
 * FTS5 syntax in it has no effect. Best first, at most limit:
 * [{kind, slug, title, snippet}], where kind is "action", "commitment", "organisation"
 * or "heard" (slug is then the action's), and snippet marks each matching word with
 * \x01 before and \x02 after. */
json_t *store_search(struct store *s, const char *words, int limit, struct kerr *e);

/* ---- the API's resources (read.c) ---- */

/* The resources of /api/v1 and `keep export`: foundations, fundamentals, phases,
 * plans, priorities, actions, organisations, commitments, leads, heard, assessments,
 * milestones, council-areas, evidence (published only). NULL-terminated. */
extern const char *const store_resources[];

struct store_page {
	int limit;                /* 1..500 */
	const char *after;        /* the id of the last item already seen, or NULL */
	const char *priority;     /* filter: priority area slug, or NULL */
	const char *organisation; /* filter: organisation slug, or NULL */
};

/* True when resource accepts the filter named ("priority" or "organisation"). */
bool store_resource_filters(const char *resource, const char *filter);

/* One page of a resource, ordered by id: {"items": [...], "next": id or null}.
 * Each item has "id" (its slug, or for leads "action-slug/organisation-slug") and its
 * fields, references as slugs. An unknown resource, after or filter value gives
 * KERR_NOTFOUND naming it. */
json_t *store_resource_list(struct store *s, const char *resource, const struct store_page *pg,
                            struct kerr *e);
/* One item by id, shaped as in the list. */
json_t *store_resource_get(struct store *s, const char *resource, const char *id, struct kerr *e);

/* Every row of a resource, in id order, as a JSON array of the same items. For
 * `keep export`. */
json_t *store_resource_all(struct store *s, const char *resource, struct kerr *e);

/* The names of a resource's item fields, in order, as an array of strings (for a CSV
 * header when there are no rows). */
json_t *store_resource_fields(struct store *s, const char *resource, struct kerr *e);

/* ---- scenarios (money_scenarios.c; The Money) ----
 * A scenario given in its file's shape (money_scenario_to_json's: slug, name, area,
 * owner, description, made_up, investments, effects), checked by the domain first. Read
 * back through the resource "scenarios" (id for slug, with created and updated). Call
 * inside a transaction. Insert: KERR_CONFLICT when the slug is taken. Update (the slug
 * stays) and delete: KERR_NOTFOUND when there is no such scenario. */
int store_scenario_insert(struct store *s, json_t *sc, struct kerr *e);
int store_scenario_update(struct store *s, const char *slug, json_t *sc, struct kerr *e);
int store_scenario_delete(struct store *s, const char *slug, struct kerr *e);
/* Loads data/demo-scenarios.json's tree: {scenarios: [each in the file's shape]} (checked
 * by tests/unit/test_money_scenario.c, as shipped content is). */
int store_load_scenarios(struct store *s, json_t *file, struct kerr *e);

/* ---- commitments (write.c) ---- */

/* A commitment as the import and the forms give it: slugs for references, NULL for
 * what is not known. */
struct store_commitment {
	const char *id, *organisation, *action, *text, *due, *due_text, *status, *source;
};

/* Inserts the commitment, or updates the one with the same id (setting updated). The
 * organisation must exist (KERR_NOTFOUND otherwise); the caller checks the action, which
 * would otherwise be left out. Call inside a transaction. */
int store_commitment_put(struct store *s, const struct store_commitment *c, struct kerr *e);

/* {slug, text, due, due_text, status, source, created, updated,
 *  organisation: {slug, name}, action: {slug, title} or null,
 *  updates: [{at, status, text}] oldest first} */
json_t *store_commitment(struct store *s, const char *slug, struct kerr *e);
/* Each commitment's timeline as on day (YYYY-MM-DD), for a report of a year that has
 * ended: [{id (slug), status (that of its latest entry with a status dated on or before
 * day, or null), entries (how many entries it has), entries_by (how many are dated on or
 * before day), status_entries (how many have a status)}], by id. */
json_t *store_commitment_statuses_at(struct store *s, const char *day, struct kerr *e);
/* Adds a dated entry to a commitment's timeline. Call inside a transaction. */
int store_commitment_update_add(struct store *s, const char *slug, const char *status, const char *text,
                                struct kerr *e);

/* Changes an organisation's details (slug stays). Call inside a transaction. */
int store_organisation_update(struct store *s, const char *slug, const char *name, const char *sector,
                              const char *scale, const char *council_area, struct kerr *e);

/* Adds a heard note to action (dated at, YYYY-MM-DD) after its others; returns the
 * note's id ("action-NNN", as the API names it) in id_out. KERR_NOTFOUND for an unknown
 * action. Call inside a transaction. */
int store_heard_add(struct store *s, const char *action, const char *at, const char *text, char id_out[128],
                    struct kerr *e);

/* The organisation {slug, name} whose name is name, whatever the case and the spaces
 * around it, other than the one called except (NULL for none); NULL (KERR_NOTFOUND)
 * when there is none. */
json_t *store_organisation_named(struct store *s, const char *name, const char *except, struct kerr *e);
/* Adds an organisation; KERR_CONFLICT when the slug is taken. Call inside a
 * transaction. */
int store_organisation_insert(struct store *s, const char *slug, const char *name, const char *sector,
                              const char *scale, const char *council_area, struct kerr *e);
/* {commitments, leads, accounts, evidence, scenarios, spend (lines it pays or is a partner
 * of)}: how many of each belong to the organisation. */
json_t *store_organisation_ties(struct store *s, const char *slug, struct kerr *e);
/* Deletes an organisation; KERR_CONFLICT (with a message for people) when records the
 * caller did not count still hold it by a foreign key, KERR_NOTFOUND when there is
 * none. */
int store_organisation_delete(struct store *s, const char *slug, struct kerr *e);
/* A lead role ("lead" or "key") of organisation on action: insert (KERR_CONFLICT when it
 * has one), change, delete (KERR_NOTFOUND when there is none). Inside a transaction. */
int store_lead_insert(struct store *s, const char *action, const char *organisation, const char *role,
                      struct kerr *e);
int store_lead_update(struct store *s, const char *action, const char *organisation, const char *role,
                      struct kerr *e);
int store_lead_delete(struct store *s, const char *action, const char *organisation, struct kerr *e);
/* Deletes a commitment and its timeline. Inside a transaction. */
int store_commitment_delete(struct store *s, const char *slug, struct kerr *e);
/* Adds a timeline entry dated at (YYYY-MM-DD, or a timestamp). Inside a transaction. */
int store_commitment_update_dated(struct store *s, const char *slug, const char *at, const char *status,
                                  const char *text, struct kerr *e);
/* Sets a commitment's status (NULL: not known). Inside a transaction. */
int store_commitment_set_status(struct store *s, const char *slug, const char *status, struct kerr *e);
/* Deletes the heard note id ("action-NNN"); KERR_NOTFOUND when there is none. */
int store_heard_delete(struct store *s, const char *id, struct kerr *e);
/* Sets which later action carries action slug on (later: its slug; NULL for none).
 * KERR_NOTFOUND when there is no action slug. Inside a transaction. */
int store_action_carried_by_set(struct store *s, const char *slug, const char *later, struct kerr *e);
/* What action slug has to do with other plans: {carried_by: {slug, title, plan: {slug,
 * title, shape, status}} or absent, carries_on: [{slug, title, plan: {slug, title, shape,
 * status}}] (the earlier actions it carries on, in plan and position order)}. */
json_t *store_action_carry(struct store *s, const char *slug, struct kerr *e);
/* Sets one text of a record (redact.c): kind "heard" (id "action-NNN", field "text"),
 * "evidence" (id its slug; field title, will_do, support_needed or help_offered),
 * "commitment" (id its slug; field text or due_text), "assessment" (id
 * "action-NNNNNN"; field text or next_steps), "target" (id its slug; field note) or
 * "commitment_update" (id "COMMITMENT/N": the Nth entry of its timeline, oldest first;
 * field "text").
 * KERR_NOTFOUND when there is no such record. */
int store_text_set(struct store *s, const char *kind, const char *id, const char *field, const char *text,
                   struct kerr *e);
/* Rewrites the search index whole (FTS5 'optimize'), so that the words of a text removed
 * or deleted from it leave its stored segments too, not only its answers. */
int store_search_purge(struct store *s, struct kerr *e);
/* ---- evidence (evidence.c) ----
 * Evidence an organisation submits: {id, organisation, kind, title, will_do,
 * support_needed, help_offered, submitted, published, published_at, actions: [slug],
 * file_name, file_type, file_size, created, updated} as the resources "evidence"
 * (published only: what /api/v1 and `keep export` give) and "evidence-all" (all of it)
 * have it. Writes: call inside a transaction. */

struct store_evidence {
	const char *id, *organisation, *kind, *title, *will_do, *support_needed, *help_offered;
	const char *submitted; /* YYYY-MM-DD */
	const char *const *actions; /* action slugs */
	size_t nactions;
};

/* Inserts the evidence, or updates the one with the same id (setting updated; its
 * published state and file are kept), and makes its actions exactly ev->actions.
 * KERR_NOTFOUND when the organisation or an action does not exist. */
int store_evidence_put(struct store *s, const struct store_evidence *ev, struct kerr *e);
/* Attaches a file (name and type as given, data[0..len) copied into the database),
 * replacing any; data NULL removes the file. */
int store_evidence_file_put(struct store *s, const char *id, const char *name, const char *type, const void *data,
                            size_t len, struct kerr *e);
/* The file's bytes into out; KERR_NOTFOUND when the evidence has none. */
int store_evidence_file_read(struct store *s, const char *id, struct buf *out, struct kerr *e);
/* Publishes (published_at = at, a YYYY-MM-DD date) or unpublishes (published_at null). */
int store_evidence_publish(struct store *s, const char *id, bool published, const char *at, struct kerr *e);
/* Deletes the evidence, its links to actions and its file. */
int store_evidence_delete(struct store *s, const char *id, struct kerr *e);
/* {slug, kind, title, will_do, support_needed, help_offered, submitted, published,
 *  published_at, file_name, file_type, file_size, created, updated,
 *  organisation: {slug, name}, actions: [{slug, title}]}, whether published or not. */
json_t *store_evidence(struct store *s, const char *id, struct kerr *e);
/* [{slug, kind, title, submitted, published, published_at, file_name, file_size,
 *  organisation: {slug, name}}], newest first, of one organisation (or all when NULL),
 * speaking to one action (or any when NULL); only published evidence when
 * published_only. */
json_t *store_evidence_list(struct store *s, const char *organisation, const char *action, bool published_only,
                            struct kerr *e);

/* ---- bulk writes for imports (bulk.c) ---- */

/* Many commitments written in the caller's transaction. Between begin and end the search
 * index is not kept up to date row by row: end brings it up to date for every
 * commitment added or changed, in one statement, and writes the audit record (create,
 * by actor, the record as stored) of every commitment added. On any failure the caller
 * rolls back (after store_bulk_abort), which also undoes the suspension. */
struct store_bulk;
struct store_bulk *store_bulk_commitments_begin(struct store *s, const char *actor, struct kerr *e);
/* Sets known[i] to whether a commitment with the id of c[i] exists, for n rows, in one
 * query. */
int store_bulk_commitments_known(struct store_bulk *b, const struct store_commitment *c, size_t n, bool *known,
                                 struct kerr *e);
/* Adds the n commitments c (checked: their organisations exist, no id exists), many to a
 * statement. */
int store_bulk_commitments_add(struct store_bulk *b, const struct store_commitment *c, size_t n, struct kerr *e);
/* Changes the existing commitment c->id (as store_commitment_put); the caller writes
 * its audit record. */
int store_bulk_commitment_change(struct store_bulk *b, const struct store_commitment *c, struct kerr *e);
/* Indexes, audits the added rows, and ends the suspension; frees b either way. */
int store_bulk_end(struct store_bulk *b, struct kerr *e);
/* Frees b without ending it: only before a rollback. NULL is fine. */
void store_bulk_abort(struct store_bulk *b);

/* Adds an assessment of action (dated at, YYYY-MM-DD) recorded by by_user (an email,
 * kept for the audit trail; the API shows source instead); its id ("action-NNNNNN") into
 * id_out. KERR_NOTFOUND for an unknown action. Call inside a transaction. */
int store_assessment_add(struct store *s, const char *action, const char *at, const char *rating, const char *text,
                         const char *next_steps, const char *source, const char *by_user, char id_out[128],
                         struct kerr *e);

/* ---- accounts (account.c) ----
 * An account as JSON: {email, role, organisation (slug or null), disabled (bool),
 * created}. The password hash never leaves the store except through
 * store_user_password_hash. Emails match without regard to case. */

json_t *store_user_get(struct store *s, const char *email, struct kerr *e);
/* Every account, by email. */
json_t *store_users(struct store *s, struct kerr *e);
/* KERR_CONFLICT when the email has an account; KERR_NOTFOUND when organisation (a
 * slug, or NULL) names none. */
int store_user_insert(struct store *s, const char *email, const char *role, const char *organisation,
                      const char *pw_hash, struct kerr *e);
int store_user_set_password_hash(struct store *s, const char *email, const char *pw_hash, struct kerr *e);
int store_user_set_disabled(struct store *s, const char *email, bool disabled, struct kerr *e);
/* The stored hash of an enabled account, copied into out; KERR_NOTFOUND otherwise. */
int store_user_password_hash(struct store *s, const char *email, char *out, size_t outlen, struct kerr *e);
/* Ends every session of the account. */
int store_sessions_end(struct store *s, const char *email, struct kerr *e);
/* A session: token_hash is the SHA-256 (hex) of the cookie's or bearer token; kind is
 * "browser" (a cookie) or "api" (a bearer token); expires is a UTC timestamp
 * YYYY-MM-DDTHH:MM:SSZ. */
int store_session_insert(struct store *s, const char *token_hash, const char *email, const char *kind,
                         const char *expires, struct kerr *e);
/* The live session of that kind: {email, role, organisation, expires} (an enabled
 * account, not expired at now, a timestamp as above); KERR_NOTFOUND otherwise. */
json_t *store_session_get(struct store *s, const char *token_hash, const char *kind, const char *now,
                          struct kerr *e);
int store_session_delete(struct store *s, const char *token_hash, struct kerr *e);
/* Removes sessions that expired before now. */
int store_sessions_expire(struct store *s, const char *now, struct kerr *e);
/* The server's 32-byte key (made by the schema), for the forms' tokens. */
int store_server_key(struct store *s, unsigned char out[32], struct kerr *e);
/* Failed sign-ins, each count under a key (a SHA-256 in hex made by the domain): the
 * count and the time of the last failure (seconds since 1970) when that was at or after
 * since, else 0 and 0. */
int store_login_failures(struct store *s, const char *key, long long since, int *fails, long long *last,
                         struct kerr *e);
/* Counts one more failure at now; a count whose last failure was before since starts
 * again at 1. */
int store_login_failure_add(struct store *s, const char *key, long long now, long long since, struct kerr *e);
int store_login_failure_clear(struct store *s, const char *key, struct kerr *e);
/* Takes one failure off the count (removing it at none). */
int store_login_failure_forgive(struct store *s, const char *key, struct kerr *e);
/* Removes the counts whose last failure was before before. */
int store_login_failures_prune(struct store *s, long long before, struct kerr *e);

/* How many enabled accounts have role. */
int store_users_count(struct store *s, const char *role, struct kerr *e);

/* ---- plans for where children live (placeplan.c; docs/places.md "The plan") ----
 * A run in the shape place_run_json makes (day, scope, status, seconds, aims, bounds,
 * comparison, requests: [{request, home, school, together, urgency, children,
 * recommendation}]), already checked. Writes: call inside a transaction (the domain,
 * src/plan/placeplan.c, audits them). council: a council area's code to see only its
 * requests (and runs holding one), or NULL for all. */
int store_place_run_insert(struct store *s, const char *actor, json_t *run, long long *id, struct kerr *e);
/* [{id, at, by, day, scope, status, requests, decided}], newest first. */
json_t *store_place_runs(struct store *s, const char *council, struct kerr *e);
/* {id, at, by, day, scope, status, seconds, aims: {aims, bounds, comparison}, requests:
 * [{request, home, home_name, school, together, urgency, children, recommendation,
 * decision: {decision, reason, by, at} or null (the latest)}], decisions: [every one,
 * oldest first]}; KERR_NOTFOUND "no plan called 'ID'" when there is none (or none of
 * council's). */
json_t *store_place_run(struct store *s, long long id, const char *council, struct kerr *e);
/* Records a decision on request ref of run; KERR_NOTFOUND when the run has no such
 * request. reason may be NULL or "". */
int store_place_decision_insert(struct store *s, long long run, const char *ref, const char *decision,
                                const char *reason, const char *actor, struct kerr *e);

/* ---- the audit log (audit.c) ---- */

/* Records that actor did verb (create, update, delete) to entity entity_id, with the
 * record before and after (either may be NULL; not taken). Call inside the write's own
 * transaction, so the record and the change land together or not at all. */
int store_audit_add(struct store *s, const char *actor, const char *entity, const char *entity_id,
                    const char *verb, json_t *before, json_t *after, struct kerr *e);
/* The audit records, oldest first, optionally only for entity (and entity_id) and only
 * from since (YYYY-MM-DD, inclusive): [{at, actor, entity, entity_id, verb, before,
 * after}] with before/after as JSON values (or null). */
json_t *store_audit_list(struct store *s, const char *entity, const char *entity_id, const char *since,
                         struct kerr *e);
/* The audit records of an action (entity "action") and of its lead roles, heard notes
 * and milestones (entities "lead", "heard" and "milestone" whose record, before or
 * after, names the action), oldest first, shaped as store_audit_list's. */
json_t *store_audit_of_action(struct store *s, const char *action, struct kerr *e);
/* When the latest write was recorded: its timestamp as a string, or null when the log
 * is empty (the reports' data date). */
json_t *store_audit_latest(struct store *s, struct kerr *e);

/* ---- the Oversight Board's members (board.c); call inside a transaction ----
 * care is "1" or "0"; ends may be NULL (still serving). Read them back with the
 * "board-members" resource. */
int store_board_member_insert(struct store *s, const char *slug, const char *name, const char *role,
                              const char *care, const char *starts, const char *ends, struct kerr *e);
/* Changes every field of member slug; KERR_NOTFOUND when there is none. */
int store_board_member_update(struct store *s, const char *slug, const char *name, const char *role,
                              const char *care, const char *starts, const char *ends, struct kerr *e);

/* ---- indicators, targets and observations (oversight.c) ---- */
/* Every target (or those for one area, a GSS code, when area is not NULL), ordered by
 * indicator title with Scotland's first, as
 *   [{id, indicator: {id, title, unit, source, frequency, foundation, foundation_title,
 *     vision}, area, area_name, action, action_title, priority, priority_title, note,
 *     baseline, baseline_at, value, due, better ("higher"|"lower"),
 *     observations: [{period, value (null when suppressed), suppressed, source}]}]
 * with observations in period order. */
json_t *store_targets(struct store *s, const char *area, struct kerr *e);

/* The Change Programme's gaps as of today (YYYY-MM-DD):
 *   {actions_without_lead: [{id, title, priority, priority_title}],
 *    actions_without_commitment: [same],
 *    overdue_commitments: [{id, organisation, organisation_name, action, action_title,
 *      text, due, status}]   (due before today and not "done", a status not recorded included),
 *    organisations_without_commitments: [{id, name, sector, council_area}],
 *    areas_without_target: [{id (GSS code), name}]} */
json_t *store_gaps(struct store *s, const char *today, struct kerr *e);
/* The resources "indicators" {id, title, unit, source, frequency, foundation (slug),
 * vision, counts_children, computed (keep's measures work out its figures), outcome (slug),
 * vision_statement (the outcome's), level, kind, framework_source, framework_source_date},
 * "vision-statements" {id, position, name, title, source, source_date, outcomes (slugs)},
 * "vision-outcomes" {id, vision_statement, position, text, source, source_date,
 * indicators (slugs)}, "targets" {id, indicator (slug), area, action (slug), note, baseline,
 * baseline_at, value, due, better} and "observations" {id "indicator/area/period",
 * indicator, area, period, value (null when suppressed), suppressed, source} are read
 * with store_resource_get. Writes below: call inside a transaction; references are
 * slugs (the caller checks they exist), numbers text the domain has checked. */
struct store_indicator {
	const char *id, *title, *unit, *source, *frequency, *foundation, *vision;
	bool counts_children; /* computed is set by store_measure_indicator alone */
	const char *outcome, *level, *kind; /* the framework's: an outcome's slug, core|contextual,
	                                     * process|outcome; each NULL when not known */
};
/* Inserts (KERR_CONFLICT when the id is taken) or, insert false, changes x->id
 * (KERR_NOTFOUND when there is none). */
int store_indicator_put(struct store *s, const struct store_indicator *x, bool insert, struct kerr *e);
struct store_target {
	const char *id, *indicator, *area, *action, *note, *baseline, *baseline_at, *value, *due, *better;
};
/* As store_indicator_put, for a target. */
int store_target_put(struct store *s, const struct store_target *t, bool insert, struct kerr *e);
int store_target_delete(struct store *s, const char *id, struct kerr *e);
struct store_observation {
	const char *indicator, *area, *period, *value; /* value NULL when suppressed */
	bool suppressed;
	const char *source;
};
/* Adds the figure, or replaces the one for the same indicator, area and period; one
 * that is the same as stored is left as it is. */
int store_observation_put(struct store *s, const struct store_observation *o, struct kerr *e);
/* KERR_NOTFOUND "no observation called 'indicator/area/period'" when there is none. */
int store_observation_delete(struct store *s, const char *indicator, const char *area, const char *period,
                             struct kerr *e);
/* The "observations" item for indicator, area and period, found by its index. */
json_t *store_observation_get(struct store *s, const char *indicator, const char *area, const char *period,
                              struct kerr *e);
/* Every indicator, by title, as the resource has it with foundation_title, figures (how
 * many observations) and latest: [{area, area_name, period, value, suppressed, source}],
 * the latest figure of each area that has one, Scotland first, then by area name. */
json_t *store_indicators_latest(struct store *s, struct kerr *e);
/* The Promise Progress Framework as {statements: [{id, position, name, title, source,
 * source_date, outcomes: [{id, position, text, source, source_date, indicators: [{id,
 * title, unit, source, frequency, level, kind, framework_source,
 * framework_source_date}]}]}], unlinked: [{id, title, unit, source, frequency, vision,
 * level, kind}]}: statements in their order, outcomes in theirs, indicators by title;
 * unlinked the indicators that serve no outcome. */
json_t *store_framework(struct store *s, struct kerr *e);
/* Every figure of indicator (its slug) as [{area, area_name, period, value (null when
 * suppressed), suppressed, source}], Scotland first, then by area name, the latest first
 * in each area; an empty array when there are none (or no such indicator). */
json_t *store_indicator_figures(struct store *s, const char *indicator, struct kerr *e);

/* ---- care records (records.c; measures/records.h); call inside a transaction ----
 * One import per council and return year; its rows in the care_* tables (schema 6). */
enum store_care_table {
	STORE_CARE_CHILD,              /* child, hash, birth_month, sex, ethnic_group, disability */
	STORE_CARE_EPISODE,            /* child, seq, starts, ends, end_reason, continued */
	STORE_CARE_PLACEMENT,          /* child, seq, starts, ends, type, provider, council,
	                                  outside_scotland (NULL: not known), location, home,
	                                  service, sector (each NULL: not known) */
	STORE_CARE_LEGAL,              /* child, seq, starts, ends, reason */
	STORE_CARE_SIBLING,            /* child, seq, sibling, relationship */
	STORE_CARE_SCHOOL_CHANGE,      /* child, seq, date, from_school, to_school, with_placement_move */
	STORE_CARE_ADOPTION_BREAKDOWN, /* child, seq, order_date, disruption_date */
	STORE_CARE_RESTRAINT,          /* child, seq, date, setting */
	STORE_CARE_TABLES
};
/* A value to write: an integer, or text (NULL text: SQL NULL). */
struct store_value {
	const char *text;
	long long i;
	bool is_int;
};
struct store_care;
/* Starts writing the import of council and year: deletes an earlier import of the same
 * council and year (and so all its rows), then adds this one with count[t] rows of each
 * table (-1: the file was not given). whole_history: the rows are each child's whole
 * history, so the import serves earlier years too (store_care_latest); else its year
 * only. *before (when before is not NULL) is set to the earlier import as
 * store_care_imports shows it, or NULL. */
struct store_care *store_care_begin(struct store *s, const char *council, int year, bool whole_history,
                                    const long long count[STORE_CARE_TABLES], json_t **before, struct kerr *e);
/* Adds one row to table t of the import: v holds its columns in the order listed above
 * (text is copied: it need only live through the call). child numbers a child within
 * the import; seq numbers rows, unique per child (key: import, child, seq), and rows go
 * fastest in the order of (child, seq). Rows are written in batches: a row's failure may
 * be reported by a later call or by store_care_end. */
int store_care_row(struct store_care *w, enum store_care_table t, const struct store_value *v, struct kerr *e);
/* Writes the rows still waiting and frees w (whether or not it succeeds). */
int store_care_end(struct store_care *w, struct kerr *e);
/* Frees w, dropping the rows still waiting (the caller rolls back). */
void store_care_abort(struct store_care *w);
/* The imports, by council and year: [{council, year, created, files: {"children.csv": n,
 * ...}}], a file not given left out of files. Only counts: never a child's row. */
json_t *store_care_imports(struct store *s, struct kerr *e);

/* ---- care records read back for the measures (measures.c) ---- */
/* The import each council's measures for year come from: its import of that year, or its
 * latest of a later year that holds the children's whole history (docs/data-spec.md,
 * "Importing"): [{id, council, year, created, children,
 * episodes, placements, legal, siblings, school_changes, adoption_breakdowns,
 * restraints, whole_history}] by council, each file's row count null when it was not
 * given; whole_history 0 for an import of its year only (an SSDA903 return). */
json_t *store_care_latest(struct store *s, int year, struct kerr *e);
/* Called with each row's columns (as store_care_row takes them, less seq: integers as
 * is_int, text, NULL as text NULL; valid during the call). A negative return stops the
 * read. */
typedef int (*store_care_row_fn)(const struct store_value *v, void *arg, struct kerr *e);
/* Every row of table t of the import import_id, by child, then seq (the order written). */
int store_care_each(struct store *s, long long import_id, enum store_care_table t, store_care_row_fn fn, void *arg,
                    struct kerr *e);
/* The measures as oversight indicators and observations (keep measures --publish; call
 * inside a transaction). An indicator slug is added (frequency annual) unless it
 * exists; *created says which. */
int store_measure_indicator(struct store *s, const char *slug, const char *title, const char *unit,
                            const char *source, bool counts_children, bool *created, struct kerr *e);
/* Writes (or replaces) the observation of indicator for area and period (YYYY-MM-DD):
 * value is a decimal number as text, or NULL for a suppressed one. */
int store_measure_observation(struct store *s, const char *indicator, const char *area, const char *period,
                              const char *value, const char *source, struct kerr *e);
/* How many observations of the measures' indicators ("measure-...") period has. */
long long store_measure_observations(struct store *s, const char *period, struct kerr *e);
/* The published table of a year as measures_table made it, stored when records are
 * imported and when the measures are published (call inside their transaction), a row
 * per area: /measures reads it instead of working the table out for every view.
 * _clear drops a year's rows; _put adds area (its object, as JSON text) as the seq'th. */
int store_measures_stored_clear(struct store *s, int year, struct kerr *e);
int store_measures_stored_put(struct store *s, int year, int seq, const char *area, const char *name, bool data,
                              const char *json, struct kerr *e);
/* The areas of year's stored table in its order, [{area, name, data}], or NULL with
 * KERR_NOTFOUND when there is none. */
json_t *store_measures_stored_areas(struct store *s, int year, struct kerr *e);
/* One area of year's stored table, whole (its cells too), or NULL (KERR_NOTFOUND). */
json_t *store_measures_stored_area(struct store *s, int year, const char *area, struct kerr *e);
/* The years that have a stored table, newest first, as [year, ...]. */
json_t *store_measures_stored_years(struct store *s, struct kerr *e);

/* ---- backups (backup.c) ---- */

/* Copies s's database, as it is when the copy starts, into a new file dest (refused
 * when dest exists) through SQLite's online backup API: others may go on writing. The
 * copy is one file (no write-ahead log). */
int store_backup_to(struct store *s, const char *dest, struct kerr *e);
/* Checks that file is a keep database this keep can open (application_id, a schema
 * version not newer than store_schema_version()) and whole (SQLite's integrity check),
 * reading it only; *version is its schema version, *has_records whether it holds care
 * records. KERR_INVALID with a message saying what is wrong. */
int store_backup_check(const char *file, int *version, bool *has_records, struct kerr *e);
/* Replaces the content of the database at db (made when missing) with file's through
 * SQLite's backup API, so servers running on db go on, seeing the restored data. */
int store_restore_from(const char *file, const char *db, struct kerr *e);

/* ---- a whole plan, as `keep import plan` writes it (planwrite.c) ---- */

/* What the checks of a plan import need of what is stored: {"plans": {slug: {slug,
 * title, shape, status, starts, ends}}, "phases"|"priorities"|"actions": {slug: {slug, plan,
 * plan_title, source (an action's, else null)}}, "foundations": [slug...], "fundamentals": [slug...]}. */
json_t *store_plan_slugs(struct store *s, struct kerr *e);
/* The actions of the stored plan whose slugs keep (an array of slugs) leaves out, each
 * with the counts of what hangs off it: [{slug, title, commitments, evidence, targets,
 * leads, heard, assessments, carried_from}] (carried_from: actions of other plans it
 * carries on). */
json_t *store_plan_dropped(struct store *s, const char *plan, json_t *keep, struct kerr *e);
/* Writes plan (data/plan.json's shape, checked) inside the caller's transaction: the
 * plan, its phases, priority areas, actions and their foundations, fundamentals and
 * milestones, each matched on its slug (an action that stays keeps its row and what
 * hangs off it); what the stored plan has and plan leaves out is deleted. */
int store_plan_write_whole(struct store *s, json_t *plan, struct kerr *e);
/* Sets which action carries each of plan's on (carried_by), once every plan is in. */
int store_plan_carry(struct store *s, json_t *plan, struct kerr *e);

/* ---- The Money's spend lines (money.c; docs/money.md "Spend") ---- */

/* A spend line as the domain gives it (checked): ids for the payer and for partners
 * that are organisations of keep (any other partner is stored by its name). */
#define STORE_SPEND_MAX_PARTNERS 8
struct store_spend {
	const char *slug, *area;
	int year;
	const char *organisation, *heading, *level, *kind;
	bool pooled;
	int share; /* the payer's percent when pooled */
	size_t npartners;
	const char *partner[STORE_SPEND_MAX_PARTNERS];
	int partner_share[STORE_SPEND_MAX_PARTNERS];
	long long amount; /* whole pounds */
	const char *source, *source_date;
	bool made_up;
};
/* Adds the line l->slug, or changes it when it exists (its partners replaced). Call
 * inside the write's transaction. */
int store_spend_put(struct store *s, const struct store_spend *l, struct kerr *e);
/* Deletes line slug with its partners (KERR_NOTFOUND when there is none). */
int store_spend_delete(struct store *s, const char *slug, struct kerr *e);
/* One page of the "spend" resource, in id order, filtered by area (exact: S92000003 is
 * the lines declared for Scotland as a whole), year (-1: any) and organisation, each
 * NULL for any: {"items": [...], "next": id or null}. An unknown after is KERR_NOTFOUND. */
json_t *store_spend_list(struct store *s, const char *area, int year, const char *organisation, const char *after,
                         int limit, struct kerr *e);

/* ---- where children live: the register of services and their vacancy returns (place.c;
 * docs/places.md "The register of services", "Vacancies") ---- */
struct place_service;
struct place_vacancy;
/* Every service (any status), by regno, into *out (free()) and *n. */
int store_place_services(struct store *s, struct place_service **out, size_t *n, struct kerr *e);
/* Each service's latest vacancy return dated on or before day (a day number, base/date.h)
 * and not older than PLACE_VACANCY_DAYS before it, by regno, into *out (free()) and *n. */
int store_place_vacancies(struct store *s, int32_t day, struct place_vacancy **out, size_t *n, struct kerr *e);

/* A service to write: the service (checked by the domain), the slug of the keep
 * organisation of its provider (NULL: none), and whether it is made up (the demo's). */
struct store_place_service_row {
	const struct place_service *svc;
	const char *organisation;
	bool made_up;
};
/* What a write did: rows added, changed, and the same as stored (left as they were). */
struct store_place_counts {
	size_t created, updated, unchanged;
};
/* Adds each service, or changes the one with its regno, as actor: one transaction, with
 * an audit record (entity "service", id the regno) for each added or changed. An unknown
 * organisation is KERR_NOTFOUND "no organisation called 'x'" and nothing is written.
 * counts (or NULL) says what was done. */
int store_place_services_write(struct store *s, const char *actor, const struct store_place_service_row *rows,
                               size_t n, struct store_place_counts *counts, struct kerr *e);
/* Adds each vacancy return (checked by the domain), or replaces the return of the same
 * service and day, as actor: one transaction, an audit record (entity "vacancy-return",
 * id "REGNO/YYYY-MM-DD") for each added or changed. A return of a service not in the
 * register is KERR_NOTFOUND "no service called 'x'" and nothing is written. */
int store_place_vacancies_write(struct store *s, const char *actor, const struct place_vacancy *v, size_t n,
                                struct store_place_counts *counts, struct kerr *e);
/* One service as {regno, name, provider, sector, type, council, council_name,
 * outside_scotland, age_from, age_to, places, max_siblings, needs (keys separated by
 * ';'), weekly_cost (null when not known), status, registered, ended (null while it goes
 * on), organisation ({slug, name} or null), made_up}; KERR_NOTFOUND "no service called
 * 'x'" when there is none. */
json_t *store_place_service(struct store *s, const char *regno, struct kerr *e);
/* The services as store_place_service gives each, filtered by council (a GSS code, or
 * "outside" for those outside Scotland), type, sector and status (each NULL: any), by
 * council name (outside Scotland last), type, name: {"items": [...], "total": n} with
 * items the limit (1..500) after offset. */
json_t *store_place_service_list(struct store *s, const char *council, const char *type, const char *sector,
                                 const char *status, int limit, int offset, struct kerr *e);
/* The vacancy returns of regno, newest first, at most limit: [{regno, date, places,
 * age_from, age_to, max_siblings, created}]. */
json_t *store_place_returns(struct store *s, const char *regno, int limit, struct kerr *e);
/* ---- cross-border placements into Scottish services (place_crossborder.c; place.h,
 * docs/places.md "Where children live now"). Only counts are ever public. */
struct place_crossborder;
/* Replaces the whole register with rows[0..n) (checked by place_crossborder_read), in
 * one transaction with one audit record (entity "crossborder", id "register", verb
 * update; before and after hold the number of rows only). */
int store_crossborder_replace(struct store *s, const char *actor, const struct place_crossborder *rows, size_t n,
                              struct kerr *e);
/* Every row of the register, in the order they were given; *out free(). */
int store_crossborder_all(struct store *s, struct place_crossborder **out, size_t *n, struct kerr *e);

#endif
