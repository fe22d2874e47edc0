/* The Oversight Board's assessments of actions (issue 4): who may record one, what a
 * valid one is, and recording it in one transaction with its audit record. The scale is
 * plan_ratings (plan/plan.h). */
#ifndef KEEP_PLAN_ASSESSMENT_H
#define KEEP_PLAN_ASSESSMENT_H
#include <jansson.h>
#include <stdbool.h>

#include "base/date.h"
#include "base/kerr.h"
#include "store/store.h"

/* An assessment as a form or a program gives it; NULL or "" is "not given". */
struct assessment_form {
	const char *date, *rating, *text, *next_steps;
};

/* What the public pages and the API say recorded an assessment made in keep. */
#define ASSESSMENT_SOURCE "Oversight Board"

/* Whether user may record an assessment: members of the Oversight Board and admins.
 * The Board is independent of The Promise Scotland, so its staff may not. */
bool assessment_may_record(json_t *user);

/* Checks f: date a real YYYY-MM-DD not after today (or none: today); rating one of the
 * scale; the narrative required; narrative and next steps at most 10,000 characters.
 * Problems go into errors as field: message (date, rating, text, next_steps). Returns
 * how many. */
int assessment_check(const struct assessment_form *f, struct kdate today, json_t *errors);

/* Records f (checked) for action as actor (an email: kept as who recorded it, never
 * shown to the public), dated f->date or today, with its audit record, in one
 * transaction; its id ("action-NNNNNN", as the API names it) into id_out. */
int assessment_add(struct store *s, const char *actor, const char *action, const struct assessment_form *f,
                   struct kdate today, char id_out[128], struct kerr *e);

#endif
