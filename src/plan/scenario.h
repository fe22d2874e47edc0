/* Scenarios kept (The Money): who may write them, the checks that need the store (the
 * area and the owner exist), and the writes, each one transaction with its audit record.
 * Shared by the forms, the API and `keep money scenario import`. A scenario goes in and
 * out in its file's shape (money_scenario_to_json's; docs/money.md "Scenarios"). */
#ifndef KEEP_PLAN_SCENARIO_H
#define KEEP_PLAN_SCENARIO_H
#include <jansson.h>
#include <stdbool.h>

#include "money/money.h"
#include "store/store.h"

/* Whether user (a session {email, role, organisation}, or NULL for the command line's
 * operator: pass NULL only there) may create, change or delete a scenario owned by
 * owner (an organisation's slug, or NULL or "" for none) for area (a GSS code): staff
 * and admins any; an editor only those of their own organisation, for its area
 * (scenario_area_theirs). */
bool scenario_may_write(struct store *s, json_t *user, const char *owner, const char *area);
/* The first half of scenario_may_write: whether user may write a scenario owned by owner,
 * whatever its area. */
bool scenario_may_own(json_t *user, const char *owner);
/* Whether area is user's to keep scenarios for: any for staff and admins; for an editor,
 * their organisation's council area, or Scotland when it has none (a national body). */
bool scenario_area_theirs(struct store *s, json_t *user, const char *area);

/* Reads v (the file's shape) into sc and about and checks it whole: the checks of
 * money_scenario_from_json and that the area is Scotland or a council area keep knows
 * and the owner an organisation keep knows. problems as there (path -> message). The
 * number of problems, or -1 with e when the store fails. */
int scenario_check(struct store *s, json_t *v, struct money_scenario *sc, struct money_scenario_about *about,
                   json_t *problems, struct kerr *e);

/* The scenario called slug in its file's shape, or NULL (KERR_NOTFOUND when none). */
json_t *scenario_get(struct store *s, const char *slug, struct kerr *e);

/* The scenario called slug read into sc and about, for the projection and the pages
 * (KERR_NOTFOUND when none). */
int scenario_load(struct store *s, const char *slug, struct money_scenario *sc, struct money_scenario_about *about,
                  struct kerr *e);

/* Writes a checked scenario: a new one (KERR_CONFLICT when its slug is taken), or
 * the one called slug changed (its slug stays: about->slug must be slug). Each one
 * transaction, audited as entity "scenario". */
int scenario_create(struct store *s, const char *actor, const struct money_scenario *sc,
                    const struct money_scenario_about *about, struct kerr *e);
int scenario_change(struct store *s, const char *actor, const char *slug, const struct money_scenario *sc,
                    const struct money_scenario_about *about, struct kerr *e);
int scenario_delete(struct store *s, const char *actor, const char *slug, struct kerr *e);

#endif
