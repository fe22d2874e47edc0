/* What a record's history shows, and to whom; removing a text (redaction). The one
 * rule for every page, API answer, export and report that shows a history
 * (docs/ARCHITECTURE.md, "History and redaction"). */
#ifndef KEEP_PLAN_HISTORY_H
#define KEEP_PLAN_HISTORY_H
#include <jansson.h>
#include <stdbool.h>

#include "base/kerr.h"
#include "store/store.h"

/* Who reads a history. */
enum history_reader {
	HISTORY_PUBLIC, /* anyone without rights to the record's unpublished state */
	HISTORY_PRIVY,  /* may see the record's unpublished state (drafts) */
	HISTORY_ADMIN,  /* admins: everything the audit log keeps */
};

/* The reader user (a session, or NULL) is; privy: whether user may see the record's
 * unpublished state (evidence_may_see_unpublished, for evidence). */
enum history_reader history_reader_of(json_t *user, bool privy);

/* The history reader may see, from records (audit records, oldest first, as
 * store_audit_list gives them; taken), as a new array of records of the same shape:
 * - the public sees only changes made while the record was public: a record that
 *   becomes public shows as verb "publish", one that stops being public as "withdraw",
 *   both without values, and changes made while it was not public are left out;
 * - nobody but admins sees a value of a record that was later deleted (its entries
 *   keep their verb and date; a lead role keeps its organisation and role), nor a text
 *   that was later removed (redacted): every earlier value of that field shows as the
 *   words that replaced it, and the redaction itself ("redact") shows without the text
 *   or the reason.
 * Admins see every record as it is. */
json_t *history_visible(json_t *records, enum history_reader reader);
/* In records (as history_visible gives them), each action (the key "action" of a
 * record's before or after) that s's reader may not see, one of a draft plan
 * (store_drafts_set), becomes null: a commitment moved off a draft does not name it. */
void history_hide_unseen_actions(struct store *s, json_t *records);

/* ---- removing a text ---- */

/* Whether user may remove (redact) a text: The Promise Scotland's staff and admins. */
bool redact_may(json_t *user);

/* A text to remove: kind "heard" (id "action-NNN", field "text"), "evidence" (id its
 * slug; field title, will_do, support_needed or help_offered), "commitment" (id its
 * slug; field text or due_text), "assessment" (id "action-NNNNNN"; field text or
 * next_steps) or "commitment_update" (id "COMMITMENT/N", the Nth entry of the
 * commitment's timeline, oldest first; field "text") or "target" (id its slug; field
 * note); reason: why, for the audit log. */
struct redaction {
	const char *kind, *id, *field, *reason;
};

/* Checks r: a known kind and field, and a reason (at most 2,000 characters); problems
 * go into errors as field: message. Returns how many. */
int redact_check(const struct redaction *r, json_t *errors);

/* The words that stand for a text removed on date (YYYY-MM-DD) into out (at least 96
 * bytes): "[removed by The Promise Scotland on 7 December 2026]". */
void redact_words(const char *date, char *out, size_t size);

/* Replaces the text r names (checked) with redact_words of today, in one transaction
 * with its audit record (verb "redact": before {field: the text}, after {field: the
 * words, reason}). KERR_NOTFOUND when there is no such record. The text survives only in
 * the audit log, which only admins read. */
int redact(struct store *s, const char *actor, const struct redaction *r, struct kerr *e);

#endif
