#include "plan/plan.h"

#include <string.h>

const struct plan_rating plan_ratings[] = {
	{"not_started", "Not started", "grey"},
	{"under_way_not_sufficient", "Under way but not yet sufficient", "amber"},
	{"under_way_on_track", "Under way and on track", "green"},
	{"achieved", "Achieved", "blue"},
	{"at_risk", "At risk", "red"},
	{NULL, NULL, NULL},
};

const struct plan_rating *plan_rating_find(const char *key)
{
	if (!key)
		return NULL;
	for (const struct plan_rating *r = plan_ratings; r->key; r++)
		if (strcmp(r->key, key) == 0)
			return r;
	return NULL;
}

const char *plan_status_words(const char *status)
{
	static const char *const map[][2] = {
		{"not_started", "Not started"},
		{"under_way", "Under way"},
		{"done", "Done"},
		{"dropped", "Dropped"},
	};
	for (size_t i = 0; status && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], status) == 0)
			return map[i][1];
	return "Not yet recorded";
}

const char *plan_role_words(const char *role)
{
	if (role && strcmp(role, "lead") == 0)
		return "Lead";
	if (role && strcmp(role, "key") == 0)
		return "Key role";
	return "Not yet recorded";
}

json_t *plan_phase_on(json_t *phases, struct kdate day)
{
	size_t i;
	json_t *p;
	json_array_foreach(phases, i, p)
	{
		struct kdate a, b;
		if (date_parse(json_string_value(json_object_get(p, "starts")), &a, NULL) < 0 ||
		    date_parse(json_string_value(json_object_get(p, "ends")), &b, NULL) < 0)
			continue;
		if (date_cmp(a, day) <= 0 && date_cmp(day, b) <= 0)
			return p;
	}
	return NULL;
}
