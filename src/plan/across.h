/* Across plans: which plan a reporting year reports against, and an earlier
 * plan's action carried on by a later plan's action or route map. Domain rules: no SQL,
 * no HTML, no HTTP. */
#ifndef KEEP_PLAN_ACROSS_H
#define KEEP_PLAN_ACROSS_H
#include <jansson.h>
#include <stdbool.h>

#include "base/kerr.h"
#include "store/store.h"

/* The plan a reporting year (1 April year to 31 March year+1) reports against, of plans
 * ([{slug, starts, ends, status, priorities, ...}] as store_plans gives them, priorities
 * being how many priority areas or foundation groups the plan has): a plan of actions or
 * of route maps (at least one priority, so never The Promise itself, which has only
 * phases) that is not a draft, whose dates hold 1 April year; of several, the one that
 * started latest. When none holds that day, the first such plan that starts within the
 * year. NULL when there is none. Borrowed from plans. Unlike plan_in_force (the plan in
 * force today: published only), a past year's plan may since have ended. */
json_t *plan_for_year(json_t *plans, int year);

/* Whether user (a session, or NULL) may say which later action carries an action on:
 * The Promise Scotland's staff and admins. */
bool plan_carry_may(json_t *user);

/* Checks that the action (or route map) later may carry action slug on: later is an
 * action of a plan that started after slug's plan, not slug itself, and not one that
 * slug already carries on, however far along (no circle). later NULL or "" (no longer
 * carried on) is fine. Problems go into errors under "carried_by". Returns how many;
 * KERR_NOTFOUND in e (and -1) when there is no action slug. */
int plan_carry_on_check(struct store *s, const char *slug, const char *later, json_t *errors, struct kerr *e);

/* Sets which later action or route map (later_slug; NULL or "" for none) carries action
 * slug on, checked as plan_carry_on_check (a refusal is KERR_INVALID with the message),
 * in one transaction with its audit record (entity "action", verb "update", before and
 * after {id, carried_by}). Setting what is already set records nothing. */
int plan_action_carry_on(struct store *s, const char *actor, const char *slug, const char *later_slug,
                         struct kerr *e);

/* The item of plan (a slug) that action (an id into actions, {id: {plan, carried_by}} as
 * the actions resource by id) stands for: itself when it is of plan, else the first
 * action along its carried_by chain that is of plan. NULL when none is. Borrowed. */
const char *plan_carried_into(json_t *actions, const char *action, const char *plan);

#endif
