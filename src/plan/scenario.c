/* Scenarios kept: who may write them, the checks that need the store, and the writes
 * (scenario.h; their pure checks and file format are the engine's, money/scenario.c). */
#include "plan/scenario.h"

#include <string.h>

bool scenario_area_theirs(struct store *s, json_t *user, const char *area)
{
	const char *role = json_string_value(json_object_get(user, "role"));
	if (role && (strcmp(role, "admin") == 0 || strcmp(role, "staff") == 0))
		return true;
	const char *own = json_string_value(json_object_get(user, "organisation"));
	if (!own || !area)
		return false;
	json_t *o = store_resource_get(s, "organisations", own, NULL);
	const char *ca = json_string_value(json_object_get(o, "council_area"));
	bool theirs = ca && *ca ? strcmp(ca, area) == 0 : strcmp(area, MONEY_SCOTLAND) == 0;
	json_decref(o);
	return theirs;
}

bool scenario_may_own(json_t *user, const char *owner)
{
	const char *role = json_string_value(json_object_get(user, "role"));
	if (!role)
		return false;
	if (strcmp(role, "admin") == 0 || strcmp(role, "staff") == 0)
		return true;
	const char *own = json_string_value(json_object_get(user, "organisation"));
	return strcmp(role, "editor") == 0 && own && owner && strcmp(own, owner) == 0;
}

bool scenario_may_write(struct store *s, json_t *user, const char *owner, const char *area)
{
	return scenario_may_own(user, owner) && scenario_area_theirs(s, user, area);
}

int scenario_check(struct store *s, json_t *v, struct money_scenario *sc, struct money_scenario_about *about,
                   json_t *problems, struct kerr *e)
{
	int n = money_scenario_from_json(v, sc, about, problems);
	struct kerr miss = {0};
	if (!json_object_get(problems, "area") && strcmp(about->area, MONEY_SCOTLAND) != 0) {
		json_t *a = store_resource_get(s, "council-areas", about->area, &miss);
		if (!a && miss.code != KERR_NOTFOUND) {
			*e = miss;
			return -1;
		}
		if (!a) {
			json_object_set_new(problems, "area",
			                    json_string("the area must be Scotland (" MONEY_SCOTLAND
			                                ") or a council area's code"));
			n++;
		}
		json_decref(a);
	}
	if (!json_object_get(problems, "owner") && about->owner[0]) {
		json_t *o = store_resource_get(s, "organisations", about->owner, &miss);
		if (!o && miss.code != KERR_NOTFOUND) {
			*e = miss;
			return -1;
		}
		if (!o) {
			json_object_set_new(problems, "owner",
			                    json_string("no organisation keep knows has this short name"));
			n++;
		}
		json_decref(o);
	}
	return n;
}

json_t *scenario_get(struct store *s, const char *slug, struct kerr *e)
{
	json_t *item = store_resource_get(s, "scenarios", slug, e);
	if (!item)
		return NULL;
	json_t *v = json_object();
	json_object_set(v, "slug", json_object_get(item, "id"));
	static const char *const keys[] = {"name",    "area",        "owner",  "description",
	                                   "made_up", "investments", "effects"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		json_object_set(v, keys[i], json_object_get(item, keys[i]));
	json_decref(item);
	return v;
}

int scenario_load(struct store *s, const char *slug, struct money_scenario *sc,
                  struct money_scenario_about *about, struct kerr *e)
{
	json_t *v = scenario_get(s, slug, e);
	if (!v)
		return -1;
	json_t *p = json_object();
	int n = money_scenario_from_json(v, sc, about, p);
	if (n) {
		const char *path = json_object_iter_key(json_object_iter(p));
		kerr_set(e, KERR_FAIL, "the scenario '%s' as stored fails its checks: %s: %s", slug,
		         path ? path : "", path ? json_string_value(json_object_get(p, path)) : "");
	}
	json_decref(p);
	json_decref(v);
	return n ? -1 : 0;
}

/* Whether the scenario called slug is v already. */
static bool same_as_stored(struct store *s, const char *slug, json_t *v)
{
	struct kerr e = {0};
	json_t *old = scenario_get(s, slug, &e), *p = json_object(), *norm = NULL;
	static _Thread_local struct money_scenario sc;
	static _Thread_local struct money_scenario_about about;
	bool same = old && money_scenario_from_json(old, &sc, &about, p) == 0 &&
	            (norm = money_scenario_to_json(&sc, &about)) && json_equal(norm, v);
	json_decref(old);
	json_decref(p);
	json_decref(norm);
	return same;
}

static int write(struct store *s, const char *actor, const char *slug, const struct money_scenario *sc,
                 const struct money_scenario_about *about, struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = NULL, *after = NULL, *v = sc ? money_scenario_to_json(sc, about) : NULL;
	bool ok = true;
	if (slug) {
		before = store_resource_get(s, "scenarios", slug, e);
		ok = before != NULL;
	}
	if (ok && slug && sc && same_as_stored(s, slug, v)) {
		/* Saved as it was: nothing changes and nothing is recorded. */
		json_decref(before);
		json_decref(v);
		store_release(s);
		return 0;
	}
	if (ok)
		ok = (!slug ? store_scenario_insert(s, v, e)
		      : sc  ? store_scenario_update(s, slug, v, e)
		            : store_scenario_delete(s, slug, e)) == 0;
	const char *id = slug ? slug : about->slug;
	if (ok && sc)
		ok = (after = store_resource_get(s, "scenarios", id, e)) != NULL;
	if (ok)
		ok = store_audit_add(s, actor, "scenario", id,
		                     !slug ? "create"
		                     : sc  ? "update"
		                           : "delete",
		                     before, after, e) == 0;
	json_decref(before);
	json_decref(after);
	json_decref(v);
	return store_end(s, ok, e);
}

int scenario_create(struct store *s, const char *actor, const struct money_scenario *sc,
                    const struct money_scenario_about *about, struct kerr *e)
{
	return write(s, actor, NULL, sc, about, e);
}

int scenario_change(struct store *s, const char *actor, const char *slug, const struct money_scenario *sc,
                    const struct money_scenario_about *about, struct kerr *e)
{
	if (strcmp(slug, about->slug) != 0)
		return kerr_set(e, KERR_INVALID, "a scenario's short name stays '%s' when it is changed",
		                slug);
	return write(s, actor, slug, sc, about, e);
}

int scenario_delete(struct store *s, const char *actor, const char *slug, struct kerr *e)
{
	return write(s, actor, slug, NULL, NULL, e);
}
