/* Plans for where children live: who may, saving runs and decisions (placeplan.h). */
#include "plan/placeplan.h"

#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#define REASON_MAX 1000

/* Characters of UTF-8 text. */
static size_t chars(const char *t)
{
	size_t n = 0;
	for (; *t; t++)
		n += ((unsigned char)*t & 0xC0) != 0x80;
	return n;
}

int placeplan_who_of(struct store *s, json_t *account, struct placeplan_who *w, struct kerr *e)
{
	memset(w, 0, sizeof *w);
	if (!account)
		return 0;
	const char *email = json_string_value(json_object_get(account, "email"));
	const char *role = json_string_value(json_object_get(account, "role"));
	const char *org = json_string_value(json_object_get(account, "organisation"));
	snprintf(w->actor, sizeof w->actor, "%s", email ? email : "");
	if (!role)
		return 0;
	if (strcmp(role, "admin") == 0 || strcmp(role, "staff") == 0) {
		w->all = w->may_decide = true;
		return 0;
	}
	if ((strcmp(role, "editor") != 0 && strcmp(role, "viewer") != 0) || !org || !*org)
		return 0;
	struct kerr ge = {0};
	json_t *o = store_resource_get(s, "organisations", org, &ge);
	if (!o) {
		if (ge.code == KERR_NOTFOUND)
			return 0;
		if (e)
			*e = ge;
		return -1;
	}
	const char *area = json_string_value(json_object_get(o, "council_area"));
	if (area && strlen(area) < sizeof w->council) {
		snprintf(w->council, sizeof w->council, "%s", area);
		w->may_decide = strcmp(role, "editor") == 0;
	}
	json_decref(o);
	return 0;
}

void placeplan_who_everything(struct placeplan_who *w, const char *actor)
{
	memset(w, 0, sizeof *w);
	snprintf(w->actor, sizeof w->actor, "%s", actor);
	w->all = w->may_decide = true;
}

bool placeplan_may_see(const struct placeplan_who *w) { return w->all || w->council[0]; }

bool placeplan_may_run(const struct placeplan_who *w, const char *const *homes, size_t n)
{
	if (w->all)
		return true;
	if (!w->council[0] || !w->may_decide)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(homes[i], w->council) != 0)
			return false;
	return true;
}

static const char *scope_of(const struct placeplan_who *w) { return w->all ? NULL : w->council; }

int placeplan_save(struct store *s, const struct placeplan_who *w, json_t *run, long long *id, struct kerr *e)
{
	size_t n = json_array_size(json_object_get(run, "requests"));
	const char **homes = n ? calloc(n, sizeof *homes) : NULL;
	for (size_t i = 0; i < n; i++)
		homes[i] = json_string_value(json_object_get(json_array_get(json_object_get(run, "requests"), i), "home"));
	bool may = placeplan_may_run(w, homes, n);
	free(homes);
	if (!may)
		return kerr_set(e, KERR_USAGE, "you may save plans only of your own council's requests");
	if (store_begin(s, e) < 0)
		return -1;
	bool ok = store_place_run_insert(s, w->actor, run, id, e) == 0;
	json_t *after = NULL;
	char key[32];
	snprintf(key, sizeof key, "%lld", ok ? *id : 0LL);
	if (ok)
		ok = (after = store_place_run(s, *id, NULL, e)) != NULL;
	if (ok)
		ok = store_audit_add(s, w->actor, "place-plan", key, "create", NULL, after, e) == 0;
	json_decref(after);
	return store_end(s, ok, e);
}

json_t *placeplan_list(struct store *s, const struct placeplan_who *w, struct kerr *e)
{
	if (!placeplan_may_see(w))
		return json_array();
	return store_place_runs(s, scope_of(w), e);
}

json_t *placeplan_get(struct store *s, const struct placeplan_who *w, long long id, struct kerr *e)
{
	if (!placeplan_may_see(w)) {
		kerr_set(e, KERR_NOTFOUND, "no plan called '%lld'", id);
		return NULL;
	}
	return store_place_run(s, id, scope_of(w), e);
}

int placeplan_decide(struct store *s, const struct placeplan_who *w, long long id, const char *ref,
                     const char *decision, const char *reason, struct kerr *e)
{
	if (!decision || (strcmp(decision, "accepted") != 0 && strcmp(decision, "rejected") != 0))
		return kerr_set(e, KERR_INVALID, "decision: say whether the recommendation is accepted or rejected");
	if (reason && chars(reason) > REASON_MAX)
		return kerr_set(e, KERR_INVALID, "reason: at most %d characters", REASON_MAX);
	json_t *run = placeplan_get(s, w, id, e);
	if (!run)
		return -1;
	json_t *found = NULL, *q;
	size_t i;
	json_array_foreach(json_object_get(run, "requests"), i, q)
	{
		const char *r = json_string_value(json_object_get(q, "request"));
		if (ref && r && strcmp(r, ref) == 0)
			found = q;
	}
	json_t *before = found ? json_incref(json_object_get(found, "decision")) : NULL;
	json_decref(run);
	if (!found) {
		json_decref(before);
		return kerr_set(e, KERR_NOTFOUND, "plan %lld has no request '%s'", id, ref ? ref : "");
	}
	if (!w->may_decide) {
		json_decref(before);
		return kerr_set(e, KERR_USAGE, "you may see this plan but not decide on it");
	}
	if (store_begin(s, e) < 0) {
		json_decref(before);
		return -1;
	}
	bool ok = store_place_decision_insert(s, id, ref, decision, reason, w->actor, e) == 0;
	char key[64];
	snprintf(key, sizeof key, "%lld/%s", id, ref);
	json_t *after = json_pack("{s:s,s:s?}", "decision", decision, "reason", reason && *reason ? reason : NULL);
	if (ok)
		ok = store_audit_add(s, w->actor, "place-plan-decision", key, "create",
		                     before && !json_is_null(before) ? before : NULL, after, e) == 0;
	json_decref(before);
	json_decref(after);
	return store_end(s, ok, e);
}
