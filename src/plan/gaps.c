#include "plan/gaps.h"

#include "store/store.h"

const struct gap_kind gap_kinds[] = {
    {"actions_without_lead", "Actions with no lead organisation", "Every action has a lead organisation."},
    {"actions_without_commitment", "Actions no one has committed to",
     "Every action has at least one commitment."},
    {"overdue_commitments", "Commitments past their due date and not done",
     "No commitment is past its due date without being done."},
    {"organisations_without_commitments", "Organisations that have committed to nothing",
     "Every organisation has made at least one commitment."},
    {"areas_without_target", "Council areas with no local target", "Every council area has a local target."},
    {NULL, NULL, NULL},
};

json_t *gaps_find(struct store *s, struct kdate today, struct kerr *e)
{
	char day[11];
	date_format(today, day);
	json_t *g = store_gaps(s, day, e);
	if (!g)
		return NULL;
	size_t total = 0;
	for (const struct gap_kind *k = gap_kinds; k->key; k++)
		total += json_array_size(json_object_get(g, k->key));
	json_object_set_new(g, "total", json_integer((json_int_t)total));
	return g;
}
