/* The Change Programme's view of where the gaps are (issue 4, item 5): actions no one
 * leads or has committed to, commitments past their due date and not done,
 * organisations that have committed to nothing, and council areas with no local
 * target. No SQL, HTML or HTTP. */
#ifndef KEEP_PLAN_GAPS_H
#define KEEP_PLAN_GAPS_H
#include <jansson.h>

#include "base/date.h"
#include "base/kerr.h"

struct store;

/* One kind of gap: its key in gaps_find's result, and how the pages and reports name
 * it and say there is none. */
struct gap_kind {
	const char *key, *title, *none;
};
/* The five kinds in the order they are shown, ending with a NULL key. */
extern const struct gap_kind gap_kinds[];

/* The gaps as of today: an object with one array per gap_kinds key (see store_gaps for
 * the items' fields) and "total", the number of items in all of them. */
json_t *gaps_find(struct store *s, struct kdate today, struct kerr *e);

#endif
