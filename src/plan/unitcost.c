/* An area's own unit costs: who may set them, the checks, and the audited writes. */
#include "plan/unitcost.h"

#include <stdio.h>
#include <string.h>

#include "money/money.h"
#include "store/money_costs.h"

bool unit_cost_may_set(struct store *s, json_t *user, const char *area)
{
	const char *role = json_string_value(json_object_get(user, "role"));
	if (!role)
		return false;
	if (strcmp(role, "admin") == 0 || strcmp(role, "staff") == 0)
		return true;
	if (strcmp(role, "editor") != 0 || !area)
		return false;
	const char *org = json_string_value(json_object_get(user, "organisation"));
	if (!org)
		return false;
	struct kerr e = {0};
	json_t *o = store_resource_get(s, "organisations", org, &e);
	const char *own = json_string_value(json_object_get(o, "council_area"));
	const char *sector = json_string_value(json_object_get(o, "sector"));
	bool may = own && sector && strcmp(own, area) == 0 && strcmp(sector, "public") == 0;
	json_decref(o);
	return may;
}

int unit_cost_set(struct store *s, const char *actor, const char *area, const char *type, const double *weekly,
                  int price_year, const char *source, const char **verb_out, struct kerr *e)
{
	if (!area || !store_council_area_known(s, area, e))
		return kerr_set(e, KERR_INVALID, "area: '%s' is not a council area's code", area ? area : "");
	if (weekly) {
		if (money_unit_cost_check(type, *weekly, price_year, source, e) < 0)
			return -1;
	} else if (!type || money_type_of(type) < 0) {
		return kerr_set(e, KERR_INVALID, "type: '%s' is not a placement type", type ? type : "");
	}
	char id[64];
	snprintf(id, sizeof id, "%s/%s", area, type);
	if (store_begin(s, e) < 0)
		return -1;
	struct kerr miss = {0};
	json_t *before = store_unit_cost(s, area, type, &miss);
	json_t *after = NULL;
	const char *verb = weekly ? (before ? "update" : "create") : "delete";
	bool ok;
	if (!before && miss.code != KERR_NOTFOUND) {
		*e = miss;
		ok = false;
	} else if (weekly) {
		ok = store_unit_cost_put(s, area, type, *weekly, price_year, source, e) == 0 &&
		     (after = store_unit_cost(s, area, type, e)) != NULL;
	} else {
		ok = store_unit_cost_delete(s, area, type, e) == 0;
	}
	ok = ok && store_audit_add(s, actor, "unit-cost", id, verb, before, after, e) == 0;
	json_decref(before);
	json_decref(after);
	if (ok && verb_out)
		*verb_out = verb;
	return store_end(s, ok, e);
}
