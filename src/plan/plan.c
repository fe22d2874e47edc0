#include "plan/plan.h"

#include <stdio.h>
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

const char *const plan_statuses[] = {"not_started", "under_way", "done", "dropped", NULL};
static const char *const status_words[] = {"Not started", "Under way", "Done", "Dropped"};

const char *plan_known(const char *s)
{
	if (!s)
		return NULL;
	for (const char *p = s; *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			return s;
	return NULL;
}

bool plan_status_valid(const char *key)
{
	for (size_t i = 0; key && plan_statuses[i]; i++)
		if (strcmp(plan_statuses[i], key) == 0)
			return true;
	return false;
}

const char *plan_status_words(const char *status)
{
	for (size_t i = 0; status && plan_statuses[i]; i++)
		if (strcmp(plan_statuses[i], status) == 0)
			return status_words[i];
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

json_t *plan_in_force(json_t *plans, struct kdate day)
{
	json_t *best = NULL;
	struct kdate best_starts = {0, 0, 0};
	size_t i;
	json_t *p;
	json_array_foreach(plans, i, p)
	{
		const char *status = json_string_value(json_object_get(p, "status"));
		json_t *prios = json_object_get(p, "priorities");
		struct kdate a, b;
		if (!status || strcmp(status, "published") != 0 || !json_is_integer(prios) ||
		    json_integer_value(prios) < 1 ||
		    date_parse(json_string_value(json_object_get(p, "starts")), &a, NULL) < 0 ||
		    date_parse(json_string_value(json_object_get(p, "ends")), &b, NULL) < 0)
			continue;
		if (date_cmp(a, day) > 0 || date_cmp(day, b) > 0)
			continue;
		if (!best || date_cmp(a, best_starts) > 0) {
			best = p;
			best_starts = a;
		}
	}
	return best;
}

void plan_slug_words(const char *prefix, const char *text, int max_words, char out[128])
{
	size_t n = prefix ? (size_t)snprintf(out, 128, "%.40s", prefix) : 0;
	int words = 0;
	bool gap = true;
	for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p && n < 60; p++) {
		unsigned char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
			gap = true;
			continue;
		}
		if (gap) {
			if (max_words > 0 && words == max_words)
				break;
			if (n > 0)
				out[n++] = '-';
			words++;
			gap = false;
		}
		out[n++] = (char)c;
	}
	while (n > 0 && out[n - 1] == '-')
		n--;
	out[n] = '\0';
}

void plan_slug_unique(struct store *s, const char *resource, const char *base, char out[128])
{
	snprintf(out, 128, "%s", base);
	for (int i = 2;; i++) {
		json_t *taken = store_resource_get(s, resource, out, NULL);
		if (!taken)
			return;
		json_decref(taken);
		snprintf(out, 128, "%.100s-%d", base, i);
	}
}

static const struct plan_words words_priorities = {"priority area", "priority areas", "action", "actions"};
static const struct plan_words words_route_maps = {"foundation", "foundations", "route map", "route maps"};

const struct plan_words *plan_shape_words(const char *shape)
{
	return shape && strcmp(shape, "route_maps") == 0 ? &words_route_maps : &words_priorities;
}

bool plan_shape_valid(const char *shape)
{
	return shape && (strcmp(shape, "priorities") == 0 || strcmp(shape, "route_maps") == 0);
}

const char *const plan_plan_statuses[] = {"draft", "published", "ended", NULL};

bool plan_plan_status_valid(const char *status)
{
	for (int i = 0; status && plan_plan_statuses[i]; i++)
		if (strcmp(status, plan_plan_statuses[i]) == 0)
			return true;
	return false;
}

bool plan_drafts_seen_by(const char *role)
{
	return role && (strcmp(role, "admin") == 0 || strcmp(role, "staff") == 0 || strcmp(role, "board") == 0);
}

bool plan_ended(const char *status, const char *ends, struct kdate today)
{
	if (status && strcmp(status, "ended") == 0)
		return true;
	if (status && strcmp(status, "draft") == 0)
		return false;
	struct kdate last;
	return ends && date_parse(ends, &last, NULL) == 0 && date_cmp(last, today) < 0;
}
