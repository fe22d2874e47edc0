/* Commitments kept current by the organisations that made them (issue 3). */
#ifndef KEEP_PLAN_COMMITMENT_H
#define KEEP_PLAN_COMMITMENT_H
#include <jansson.h>
#include <stdbool.h>

#include "base/kerr.h"
#include "store/store.h"

/* What a person may change of a commitment; NULL or "" is "not known". */
struct commitment_form {
	const char *text, *action, *due, *due_text, *status, *note;
};

/* Whether user (a session: {email, role, organisation, ...}, or NULL) may change the
 * records of organisation: admins and The Promise Scotland's staff may change any;
 * editors only their own organisation's; others none. */
bool commitment_may_edit(json_t *user, const char *organisation);

/* Checks f; each problem is set in errors as field: message. Returns how many. */
int commitment_check(struct store *s, const struct commitment_form *f, json_t *errors);

/* Changes commitment slug to f (already checked) in one transaction: the record, a
 * dated timeline entry when the status changes or a note is given, and the audit
 * record. */
int commitment_change(struct store *s, const char *actor, const char *slug, const struct commitment_form *f,
                      struct kerr *e);

/* Adds a commitment of organisation from f (already checked), with an id made from the
 * organisation and the first words of the text (made unique), copied into slug_out; its
 * first timeline entry and its audit record, in one transaction. */
int commitment_add(struct store *s, const char *actor, const char *organisation, const struct commitment_form *f,
                   char slug_out[128], struct kerr *e);

/* ---- organisations ---- */

struct organisation_form {
	const char *name, *sector, *scale, *council_area;
};

/* Checks f (name required; sector public, third or private; scale national or local;
 * council area one of the 32 codes; any of the last three may be empty); problems go
 * into errors as field: message. Returns how many. */
int organisation_check(struct store *s, const struct organisation_form *f, json_t *errors);
/* Changes organisation slug to f (checked) with its audit record, in one transaction.
 * Saving it unchanged records nothing. */
int organisation_change(struct store *s, const char *actor, const char *slug, const struct organisation_form *f,
                        struct kerr *e);

/* ---- what The Promise Scotland has heard ---- */

/* Whether user may record what has been heard: The Promise Scotland's staff and admins. */
bool heard_may_add(json_t *user);
/* Adds a heard note (text, not blank, at most 10,000 characters: KERR_INVALID with a
 * message otherwise) to action, dated today, with its audit record, in one transaction. */
int heard_add(struct store *s, const char *actor, const char *action, const char *text, struct kerr *e);

#endif
