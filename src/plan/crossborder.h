/* The register of cross-border placements (docs/places.md "Where children live now"): who
 * may replace it through the API. The checks of its rows are the engine's
 * (place_crossborder_read); the write is the store's (store_crossborder_replace). */
#ifndef KEEP_PLAN_CROSSBORDER_H
#define KEEP_PLAN_CROSSBORDER_H
#include <jansson.h>
#include <stdbool.h>

/* The Promise Scotland's staff and admins. */
bool crossborder_may_import(json_t *user);

#endif
