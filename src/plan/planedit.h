/* Keeping the Plan: The Promise Scotland's staff and admins create, change and
 * delete plans, phases, priority areas (a route maps plan's foundation groups), actions
 * (route maps) and milestones. The rules are plan/planrules.h's, with what only the
 * store knows added here (a slug already taken, a plan's dates that would leave its
 * phases or milestones outside, what hangs off an element to be deleted).
 *
 * Each check puts its problems into errors as field: message and returns how many.
 * Each write is one transaction with its audit record (entities "plan", "phase",
 * "priority", "action" and "milestone", keyed by the API's id; before and after as the
 * API's resources shape them); saving a record unchanged records nothing; on a refusal
 * nothing is written and e says why: KERR_NOTFOUND when there is no such record,
 * KERR_CONFLICT (in words a person can act on) when other records stand in the way.
 *
 * Deleting an action deletes its milestones (each audited) with it, and is refused
 * while commitments, evidence, targets, the Board's assessments, heard notes, lead roles
 * or an earlier action it carries on hang off it: the message names them all, as
 * deleting an organisation does. Deleting a priority area deletes the actions under it,
 * and a plan its phases, priority areas and actions, refused likewise while anything
 * hangs off any of those actions (each named with what hangs off it). */
#ifndef KEEP_PLAN_PLANEDIT_H
#define KEEP_PLAN_PLANEDIT_H
#include <jansson.h>
#include <stdbool.h>

#include "base/kerr.h"
#include "plan/planrules.h"
#include "store/store.h"

/* Whether user may keep the Plan: The Promise Scotland's staff and admins. (The Board
 * reads draft plans but does not edit the Plan.) */
bool planedit_may(json_t *user);

/* ---- plans ---- */
/* planrules_plan_check; on a create (slug NULL) a slug, when given, not taken; on a
 * change of plan slug, its new dates still hold its phases and milestones, and its
 * shape unchanged once it has priority areas. f->slug is read on a create only. */
int planedit_plan_check(struct store *s, const char *slug, const struct planrules_plan *f, json_t *errors);
/* Adds a plan (checked): its slug f->slug, or made from its title, into slug_out. */
int planedit_plan_add(struct store *s, const char *actor, const struct planrules_plan *f, char slug_out[128],
                      struct kerr *e);
int planedit_plan_change(struct store *s, const char *actor, const char *slug, const struct planrules_plan *f,
                         struct kerr *e);
int planedit_plan_delete(struct store *s, const char *actor, const char *slug, struct kerr *e);

/* ---- phases: plan is the plan's slug on a create, NULL on a change of slug ---- */
int planedit_phase_check(struct store *s, const char *plan, const char *slug, const struct planrules_phase *f,
                         json_t *errors);
int planedit_phase_add(struct store *s, const char *actor, const char *plan, const struct planrules_phase *f,
                       char slug_out[128], struct kerr *e);
int planedit_phase_change(struct store *s, const char *actor, const char *slug,
                          const struct planrules_phase *f, struct kerr *e);
int planedit_phase_delete(struct store *s, const char *actor, const char *slug, struct kerr *e);

/* ---- priority areas or foundation groups: as phases. A new one comes last; its slug
 * is f->slug, or in a route maps plan "<foundation>-route-maps" (or, that taken,
 * "<plan>-<foundation>"), or made from its title. */
int planedit_priority_check(struct store *s, const char *plan, const char *slug,
                            const struct planrules_priority *f, json_t *errors);
int planedit_priority_add(struct store *s, const char *actor, const char *plan,
                          const struct planrules_priority *f, char slug_out[128], struct kerr *e);
int planedit_priority_change(struct store *s, const char *actor, const char *slug,
                             const struct planrules_priority *f, struct kerr *e);
int planedit_priority_delete(struct store *s, const char *actor, const char *slug, struct kerr *e);

/* ---- actions or route maps ----
 * f->priority names where it goes; plan, on a create, the plan it is put under (NULL:
 * the priority area's); on a change (slug given) the plan is the action's own, so
 * moving it under another plan's priority area is refused. f's priority_plan,
 * priority_plan_title and source_was are filled here from the store (what the caller
 * put there is not read). A new one comes last under its priority area, its slug
 * f->slug or made from its title. */
int planedit_action_check(struct store *s, const char *plan, const char *slug,
                          const struct planrules_action *f, json_t *errors);
int planedit_action_add(struct store *s, const char *actor, const struct planrules_action *f,
                        char slug_out[128], struct kerr *e);
int planedit_action_change(struct store *s, const char *actor, const char *slug,
                           const struct planrules_action *f, struct kerr *e);
/* planedit_action_change and, when carry, plan_action_carry_on (src/plan/across.h) with
 * later (NULL: carried on by none), in one transaction: both are written or neither.
 * Check both first (planedit_action_check, plan_carry_on_check). */
int planedit_action_change_carried(struct store *s, const char *actor, const char *slug,
                                   const struct planrules_action *f, bool carry, const char *later,
                                   struct kerr *e);
int planedit_action_delete(struct store *s, const char *actor, const char *slug, struct kerr *e);

/* Whether entity ("plan", "phase", "priority", "action" or "milestone") id may be
 * deleted now: 0, or KERR_CONFLICT with the words the delete would refuse with
 * (KERR_NOTFOUND when there is no such record). For the page that asks "delete this?". */
int planedit_delete_check(struct store *s, const char *entity, const char *id, struct kerr *e);

/* ---- milestones: id "<action>-<NNN>" (its position on the action's timeline) ---- */
/* Splits id into its action's slug and position; -1 when it is not of that form. */
int planedit_milestone_id(const char *id, char action[128], int *position);
/* action: the action's slug on a create, NULL on a change of id. */
int planedit_milestone_check(struct store *s, const char *action, const char *id,
                             const struct planrules_milestone *f, json_t *errors);
/* Adds one (checked) at the end of action's timeline; its id into id_out. */
int planedit_milestone_add(struct store *s, const char *actor, const char *action,
                           const struct planrules_milestone *f, char id_out[256], struct kerr *e);
int planedit_milestone_change(struct store *s, const char *actor, const char *id,
                              const struct planrules_milestone *f, struct kerr *e);
int planedit_milestone_delete(struct store *s, const char *actor, const char *id, struct kerr *e);

#endif
