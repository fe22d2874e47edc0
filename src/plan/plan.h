/* The domain of the Plan: the rules that hold whatever stores or shows them. No SQL,
 * no HTML, no HTTP here. */
#ifndef KEEP_PLAN_PLAN_H
#define KEEP_PLAN_PLAN_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/date.h"
#include "base/kerr.h"
#include "store/store.h"

/* The Oversight Board's fixed assessment scale (issue 4), in order. key is what is
 * stored; words is what a person reads; tone names the colour family a page may add
 * (never the only signal). */
struct plan_rating {
	const char *key;
	const char *words;
	const char *tone;
};
extern const struct plan_rating plan_ratings[]; /* terminated by key == NULL */

/* The rating with key, or NULL. */
const struct plan_rating *plan_rating_find(const char *key);

/* The commitment status keys, in the order of a commitment's life; NULL-terminated. */
extern const char *const plan_statuses[];
/* True when key is one of plan_statuses. */
bool plan_status_valid(const char *key);
/* Plain words for a commitment status key (not_started, under_way, done, dropped). */
const char *plan_status_words(const char *status);
/* s, or NULL when it is missing or only white space: what a form or an API body
 * leaves "not known". */
const char *plan_known(const char *s);

/* A record's id made from words: prefix (or none) and the first max_words words of
 * text (all of them when max_words is 0), as lowercase ASCII letters and digits joined
 * by '-', at most 60 characters, into out ("" when nothing is left). */
void plan_slug_words(const char *prefix, const char *text, int max_words, char out[128]);
/* base, or base-2, base-3... : the first id no record of resource (a store resource)
 * has, into out. Call inside the transaction that adds the record. */
void plan_slug_unique(struct store *s, const char *resource, const char *base, char out[128]);

/* Plain words for a lead role key (lead, key). */
const char *plan_role_words(const char *role);

/* Of phases ([{slug, title, starts, ends}] as the store gives them), the one whose
 * dates hold day (starts <= day <= ends); NULL when day is outside them all. The result
 * is borrowed from phases. */
json_t *plan_phase_on(json_t *phases, struct kdate day);

/* The words a plan of shape ("priorities" or "route_maps") uses for its groups and its
 * items: a priorities plan (Plan 21-24) groups actions under priority areas, a route
 * maps plan (Plan 24-30) groups route maps under the foundations. Any other shape (or
 * NULL) is taken as "priorities". */
struct plan_words {
	const char *group, *groups; /* "priority area", "priority areas" / "foundation", "foundations" */
	const char *item, *items;   /* "action", "actions" / "route map", "route maps" */
};
const struct plan_words *plan_shape_words(const char *shape);
/* True when shape is one a plan may have. */
bool plan_shape_valid(const char *shape);
/* The plan statuses, in the order of a plan's life: draft, published, ended;
 * NULL-terminated. A draft is seen by staff, admins and the Board only. */
extern const char *const plan_plan_statuses[];
bool plan_plan_status_valid(const char *status);
/* Whether an account of role (account_roles' key; NULL for someone not signed in) may
 * see draft plans and everything under them: staff, admins and the Board. Everyone
 * else, the public included, sees published and ended plans only. */
bool plan_drafts_seen_by(const char *role);
/* Whether a plan of status, ending on ends (YYYY-MM-DD), has ended by today: it is
 * marked ended, or its last day is past. An ended plan stays at its address, marked
 * so; it is not the plan in force. A draft has not ended. */
bool plan_ended(const char *status, const char *ends, struct kdate today);

/* The plan in force on day: of plans ([{slug, title, starts, ends, status, priorities}]
 * as the store gives them, priorities being how many priority areas or foundation
 * groups the plan has), the published one with at least one priority whose dates hold
 * day (starts <= day <= ends). Where several do, the one that starts last (a later plan
 * takes over from an earlier one); on equal starts, the first in the list. NULL when
 * none holds. The result is borrowed from plans. */
json_t *plan_in_force(json_t *plans, struct kdate day);

/* Creates the content of a new database from the files embedded in the binary:
 * council areas and the Plan (data/plan.json), and with demo the demo dataset
 * (data/demo.json). One transaction: on failure nothing is written. */
int plan_content_load(struct store *s, bool demo, struct kerr *e);
/* Loads the Promise Progress Framework that ships with keep (data/progress-framework.json:
 * its vision statements, outcomes and indicators) into a database made before it was
 * shipped, as actor, in one transaction with one audit record (entity "framework"). A
 * database that holds vision statements already is refused (KERR_CONFLICT); an indicator
 * of the framework whose id keep already holds, likewise (KERR_INVALID, naming it). The
 * counts loaded go into *statements, *outcomes and *indicators. */
int plan_framework_load(struct store *s, const char *actor, size_t *statements, size_t *outcomes,
                        size_t *indicators, struct kerr *e);

#endif
