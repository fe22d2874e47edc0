/* An area's own unit costs (The Money; docs/money.md "Unit costs and placement costs
 * from the records"): who may set them, and each write checked and audited. */
#ifndef KEEP_PLAN_UNITCOST_H
#define KEEP_PLAN_UNITCOST_H
#include <jansson.h>
#include <stdbool.h>

#include "base/kerr.h"
#include "store/store.h"

/* Whether user (a session, or NULL) may set area's unit costs: admins and The Promise
 * Scotland's staff any area's; an editor the costs of the council area of their
 * organisation when it is a public body there (the council, or its health and social
 * care partnership). */
bool unit_cost_may_set(struct store *s, json_t *user, const char *area);

/* Sets area's own weekly cost of a placement type (weekly not NULL), or removes it so
 * that the default is used again (weekly NULL; price_year and source unused), as actor:
 * checked first (an unknown area or type, a cost, price year or source out of bounds:
 * KERR_INVALID naming the field), then one transaction with one audit record (entity
 * "unit-cost", id "AREA/TYPE"). Removing a figure the area does not have is
 * KERR_NOTFOUND. *verb_out (or NULL) gets create, update or delete. */
int unit_cost_set(struct store *s, const char *actor, const char *area, const char *type, const double *weekly,
                  int price_year, const char *source, const char **verb_out, struct kerr *e);

#endif
