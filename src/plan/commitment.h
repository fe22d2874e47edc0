/* Commitments kept current by the organisations that made them (issue 3). */
#ifndef KEEP_PLAN_COMMITMENT_H
#define KEEP_PLAN_COMMITMENT_H
#include <jansson.h>
#include <stdbool.h>

#include "base/date.h"
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

/* Checks f (name required, and no other organisation's name whatever the case or the
 * spaces around it; sector public, third or private; scale national or local; council
 * area one of the 32 codes; any of the last three may be empty); problems go into
 * errors as field: message. Returns how many. slug is the organisation changed (its own
 * name is no clash), NULL when one is added. */
int organisation_check(struct store *s, const struct organisation_form *f, const char *slug, json_t *errors);
/* Changes organisation slug to f (checked) with its audit record, in one transaction.
 * Saving it unchanged records nothing. */
int organisation_change(struct store *s, const char *actor, const char *slug, const struct organisation_form *f,
                        struct kerr *e);

/* ---- what The Promise Scotland has heard ---- */

/* Whether user may record what has been heard: The Promise Scotland's staff and admins. */
bool heard_may_add(json_t *user);
/* Adds a heard note (text, not blank, at most 10,000 characters: KERR_INVALID with a
 * message otherwise) to action, dated today, with its audit record, in one transaction.
 * Its id ("action-NNN") is copied into id_out (128 bytes) when that is not NULL. */
int heard_add(struct store *s, const char *actor, const char *action, const char *text, char *id_out,
              struct kerr *e);

/* ---- adding and deleting (organisation.c, commitment.c) ----
 * Each write below is one transaction with its audit record (before and after as
 * JSON); on a refusal nothing is written and e says why: KERR_NOTFOUND for a record
 * that is not there, KERR_CONFLICT for one that other records still need or that
 * exists already, KERR_INVALID for bad input. */

/* Whether user may add and delete organisations and set lead roles on actions: The
 * Promise Scotland's staff and admins (lead roles are theirs to set). */
bool organisation_may_manage(json_t *user);
/* Adds an organisation from f (checked with organisation_check) with a slug made from
 * its name ("Dundee City Council" -> "dundee-city-council", made unique with -2, -3...),
 * copied into slug_out. */
int organisation_add(struct store *s, const char *actor, const struct organisation_form *f, char slug_out[128],
                     struct kerr *e);
/* Deletes an organisation; refused (KERR_CONFLICT, naming what is left) while it has
 * commitments, lead roles, accounts or any other record that refers to it. */
int organisation_delete(struct store *s, const char *actor, const char *slug, struct kerr *e);
/* Whether organisation_delete would go ahead: 0, or KERR_CONFLICT with the message
 * naming what still belongs to it. */
int organisation_delete_check(struct store *s, const char *slug, struct kerr *e);

/* A lead role: organisation has role "lead" or "key" (a key role) on action. */
struct lead_form {
	const char *action, *organisation, *role;
};
/* Checks f (each of the three given and known); problems go into errors as field:
 * message. Returns how many. */
int lead_check(struct store *s, const struct lead_form *f, json_t *errors);
/* Adds the role (checked); KERR_CONFLICT when the organisation has one on the action. */
int lead_add(struct store *s, const char *actor, const struct lead_form *f, struct kerr *e);
/* Changes the role of an existing lead (role checked). */
int lead_change(struct store *s, const char *actor, const struct lead_form *f, struct kerr *e);
/* Removes the organisation's role on the action. */
int lead_remove(struct store *s, const char *actor, const char *action, const char *organisation, struct kerr *e);

/* Deletes a commitment with its timeline (who may: commitment_may_edit). */
int commitment_delete(struct store *s, const char *actor, const char *slug, struct kerr *e);

/* A dated entry of a commitment's timeline. */
struct commitment_update_form {
	const char *date;   /* YYYY-MM-DD, not after today; empty: today */
	const char *status; /* optional: also becomes the commitment's status */
	const char *text;   /* what happened */
};
/* Checks f against today (a status or some text is needed); problems go into errors
 * as field: message. Returns how many. */
int commitment_update_check(const struct commitment_update_form *f, struct kdate today, json_t *errors);
/* Adds the entry (checked) to commitment slug's timeline, dated f->date or today; a
 * status given becomes the commitment's status. Audited as the creation of a
 * "commitment_update" and, when the status changes, an update of the commitment. The
 * entry as stored ({commitment, at, status, text}) is returned in *entry_out when it
 * is not NULL. */
int commitment_update_add(struct store *s, const char *actor, const char *slug,
                          const struct commitment_update_form *f, struct kdate today, json_t **entry_out,
                          struct kerr *e);

/* Changes a heard note's text (id "action-NNN"; the text checked as heard_add's),
 * audited; the same text records nothing. */
int heard_change(struct store *s, const char *actor, const char *id, const char *text, struct kerr *e);

/* Deletes a heard note (id "action-NNN"), audited. */
int heard_delete(struct store *s, const char *actor, const char *id, struct kerr *e);

#endif
