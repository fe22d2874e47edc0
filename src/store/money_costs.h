/* An area's own unit costs (The Money; docs/money.md "Unit costs and placement costs
 * from the records"): the SQL, in src/store/money_costs.c. Writes go through the domain
 * (src/plan/unitcost.c), which audits them. */
#ifndef KEEP_STORE_MONEY_COSTS_H
#define KEEP_STORE_MONEY_COSTS_H
#include "store/store.h"

/* An area's own figures: [{area, type, weekly_cost, price_year, source, updated}] in
 * the order of the placement types' codes; [] when it has none. */
json_t *store_unit_costs(struct store *s, const char *area, struct kerr *e);
/* Every area's own figures, by area then type. */
json_t *store_unit_costs_all(struct store *s, struct kerr *e);
/* One figure, or NULL with KERR_NOTFOUND. */
json_t *store_unit_cost(struct store *s, const char *area, const char *type, struct kerr *e);
/* Sets (adds or replaces) an area's figure for type; call inside a transaction. */
int store_unit_cost_put(struct store *s, const char *area, const char *type, double weekly, int price_year,
                        const char *source, struct kerr *e);
/* Removes it (the default is used again); KERR_NOTFOUND when there is none. */
int store_unit_cost_delete(struct store *s, const char *area, const char *type, struct kerr *e);
/* Whether code is a council area's code. */
bool store_council_area_known(struct store *s, const char *code, struct kerr *e);

#endif
