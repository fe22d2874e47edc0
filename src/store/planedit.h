/* The writes that keep the Plan: plans, phases, priority areas (foundation
 * groups), actions (route maps) and milestones. SQL lives in src/store/planedit.c; the
 * rules and the audit are the domain's (src/plan/planedit.h). Every function here runs
 * inside the caller's transaction. References are slugs the caller has checked; texts
 * NULL are stored as not known. The records are read back as the API's resources
 * ("plans", "phases", "priorities", "actions", "milestones") with store_resource_get. */
#ifndef KEEP_STORE_PLANEDIT_H
#define KEEP_STORE_PLANEDIT_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

struct store_plan_row {
	const char *slug, *title, *summary, *starts, *ends, *status, *shape, *source, *source_date;
};
/* Inserts (KERR_CONFLICT when the slug is taken) or, insert false, changes p->slug
 * (its slug stays; KERR_NOTFOUND when there is none). status and shape NULL: the
 * schema's defaults (published, priorities) on insert, unchanged on a change. */
int store_plan_put(struct store *s, const struct store_plan_row *p, bool insert, struct kerr *e);
/* Deletes the plan and its phases; its priority areas must have been deleted first. */
int store_plan_delete(struct store *s, const char *slug, struct kerr *e);

struct store_phase_row {
	const char *slug, *plan, *title, *years, *summary, *starts, *ends; /* plan: insert only */
};
int store_phase_put(struct store *s, const struct store_phase_row *p, bool insert, struct kerr *e);
int store_phase_delete(struct store *s, const char *slug, struct kerr *e);

struct store_priority_row {
	const char *slug, *plan, *title, *text, *foundation; /* plan: insert only; a new one comes last */
};
int store_priority_put(struct store *s, const struct store_priority_row *p, bool insert, struct kerr *e);
/* Deletes the priority area; its actions must have been deleted first. */
int store_priority_delete(struct store *s, const char *slug, struct kerr *e);

struct store_action_row {
	const char *slug, *priority, *title, *required, *now, *outcomes, *committed, *leads_text, *next_steps,
	    *due, *source, *source_date;
	const char *const *foundations; /* slugs: the whole set, replacing what was */
	size_t nfoundations;
	const char *const *fundamentals;
	size_t nfundamentals;
};
/* A new action comes last under its priority area, as does one moved to another. */
int store_action_put(struct store *s, const struct store_action_row *a, bool insert, struct kerr *e);
/* Deletes the action with its milestones, lead roles, heard notes and assessments
 * (the schema cascades); records that hold it otherwise (commitments, evidence,
 * targets, an action it carries on) make it KERR_CONFLICT: check store_action_ties first. */
int store_action_delete(struct store *s, const char *slug, struct kerr *e);

struct store_milestone_row {
	const char *action;
	int position; /* a change: which; an insert: ignored (the new one comes last) */
	const char *when, *due, *text, *source, *source_date;
};
/* Inserts (the new position into *position_out when not NULL: after every position
 * the action's timeline has or ever had, so a deleted milestone's id is never reused)
 * or changes one. */
int store_milestone_put(struct store *s, const struct store_milestone_row *m, bool insert, int *position_out,
                        struct kerr *e);
int store_milestone_delete(struct store *s, const char *action, int position, struct kerr *e);

/* The actions in scope (those of plan, or of priority, or the one action; give one of
 * the three) that other records hang off, in the plan's order:
 * [{slug, title, commitments, evidence, targets, assessments, heard, leads, carried}]
 * (counts; carried: earlier actions carried on by it); those with none are left out. */
json_t *store_action_ties(struct store *s, const char *plan, const char *priority, const char *action,
                          struct kerr *e);
/* The slugs of the actions in scope (as store_action_ties) and of their milestones:
 * [{slug, milestones: [id]}], in the plan's order. */
json_t *store_actions_under(struct store *s, const char *plan, const char *priority, struct kerr *e);
/* The ids of plan's phases and priority areas: {phases: [slug], priorities: [slug]}. */
json_t *store_plan_parts(struct store *s, const char *plan, struct kerr *e);
/* The first and last dates of what plan holds that must lie inside its dates: its
 * phases' starts and ends and its milestones' due dates: {first, last} (null when none). */
json_t *store_plan_span(struct store *s, const char *plan, struct kerr *e);

/* The audit records of plan, its phases and its priority areas, oldest first, as
 * store_audit_list gives them (for the plan page's history). */
json_t *store_audit_of_plan(struct store *s, const char *plan, struct kerr *e);

#endif
