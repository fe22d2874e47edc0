/* Across plans: see across.h. */
#include "plan/across.h"

#include <stdio.h>
#include <string.h>

#include "plan/plan.h"

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* ---- which plan a year reports against ---- */

json_t *plan_for_year(json_t *plans, int year)
{
	char from[24], to[24];
	snprintf(from, sizeof from, "%04d-04-01", year);
	snprintf(to, sizeof to, "%04d-03-31", year + 1);
	json_t *holds = NULL, *starts_in = NULL;
	size_t i;
	json_t *p;
	json_array_foreach(plans, i, p)
	{
		const char *starts = str(p, "starts"), *ends = str(p, "ends");
		if (strcmp(str(p, "status"), "draft") == 0 || !*starts || !*ends ||
		    json_integer_value(json_object_get(p, "priorities")) < 1)
			continue;
		if (strcmp(starts, from) <= 0 && strcmp(ends, from) >= 0) {
			if (!holds || strcmp(starts, str(holds, "starts")) > 0)
				holds = p;
		} else if (strcmp(starts, from) > 0 && strcmp(starts, to) <= 0) {
			if (!starts_in || strcmp(starts, str(starts_in, "starts")) < 0)
				starts_in = p;
		}
	}
	return holds ? holds : starts_in;
}

/* ---- carried on ---- */

bool plan_carry_may(json_t *user)
{
	const char *role = json_string_value(json_object_get(user, "role"));
	return role && (strcmp(role, "admin") == 0 || strcmp(role, "staff") == 0);
}

/* The date plan (a slug) starts, into out ("" when unknown). */
static int plan_starts(struct store *s, const char *plan, char out[16], struct kerr *e)
{
	json_t *p = store_plan(s, plan, e);
	if (!p)
		return -1;
	snprintf(out, 16, "%s", str(p, "starts"));
	json_decref(p);
	return 0;
}

int plan_carry_on_check(struct store *s, const char *slug, const char *later, json_t *errors, struct kerr *e)
{
	json_t *a = store_resource_get(s, "actions", slug, e);
	if (!a)
		return -1;
	if (!plan_known(later)) {
		json_decref(a);
		return (int)json_object_size(errors);
	}
	json_t *b = strlen(later) <= 100 ? store_resource_get(s, "actions", later, NULL) : NULL;
	char a_starts[16] = "", b_starts[16] = "";
	if (!b)
		json_object_set_new(errors, "carried_by", json_string("Choose one of the route maps or actions listed."));
	else if (strcmp(later, slug) == 0)
		json_object_set_new(errors, "carried_by", json_string("An action cannot carry itself on: choose one of a later plan."));
	else if (plan_starts(s, str(a, "plan"), a_starts, e) < 0 || plan_starts(s, str(b, "plan"), b_starts, e) < 0) {
		json_decref(a);
		json_decref(b);
		return -1;
	} else if (strcmp(b_starts, a_starts) <= 0) {
		char msg[600];
		snprintf(msg, sizeof msg, "\"%.200s\" is not of a later plan than this one: choose a route map or action of a "
		         "plan that started after it.", str(b, "title"));
		json_object_set_new(errors, "carried_by", json_string(msg));
	} else {
		/* No circle: slug must not be along later's own chain. The chain is short; the
		 * count stops a chain already broken in the database from running for ever. */
		json_t *at = json_incref(b);
		for (int n = 0; at && n < 1000; n++) {
			const char *next = json_string_value(json_object_get(at, "carried_by"));
			if (!next)
				break;
			if (strcmp(next, slug) == 0) {
				char msg[600];
				snprintf(msg, sizeof msg, "\"%.200s\" is itself carried on by this action: that would go round "
				         "in a circle.", str(b, "title"));
				json_object_set_new(errors, "carried_by", json_string(msg));
				break;
			}
			json_t *then = store_resource_get(s, "actions", next, NULL);
			json_decref(at);
			at = then;
		}
		json_decref(at);
	}
	json_decref(a);
	json_decref(b);
	return (int)json_object_size(errors);
}

int plan_action_carry_on(struct store *s, const char *actor, const char *slug, const char *later_slug,
                         struct kerr *e)
{
	const char *later = plan_known(later_slug);
	if (store_begin(s, e) < 0)
		return -1;
	json_t *errors = json_object(), *before = NULL, *after = NULL;
	int ok = plan_carry_on_check(s, slug, later, errors, e) == 0;
	if (ok) {
		json_t *a = store_resource_get(s, "actions", slug, e);
		ok = a != NULL;
		json_t *was = json_object_get(a, "carried_by");
		/* The id on both sides: a record whose every value is null reads back as none. */
		before = json_pack("{s:s, s:O}", "id", slug, "carried_by", was ? was : json_null());
		after = json_pack("{s:s, s:s?}", "id", slug, "carried_by", later);
		json_decref(a);
		if (ok && json_equal(before, after)) {
			json_decref(before);
			json_decref(after);
			json_decref(errors);
			store_release(s);
			return 0;
		}
		ok = ok && store_action_carried_by_set(s, slug, later, e) == 0 &&
		     store_audit_add(s, actor, "action", slug, "update", before, after, e) == 0;
	} else if (json_object_size(errors))
		kerr_set(e, KERR_INVALID, "%s", str(errors, "carried_by"));
	json_decref(before);
	json_decref(after);
	json_decref(errors);
	return store_end(s, ok, e);
}

const char *plan_carried_into(json_t *actions, const char *action, const char *plan)
{
	json_t *a = json_object_get(actions, action ? action : "");
	for (int n = 0; a && n < 1000; n++) {
		if (strcmp(str(a, "plan"), plan) == 0)
			return json_string_value(json_object_get(a, "id"));
		const char *next = json_string_value(json_object_get(a, "carried_by"));
		a = next ? json_object_get(actions, next) : NULL;
	}
	return NULL;
}
