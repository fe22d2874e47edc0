/* Adding and deleting organisations, and the lead roles The Promise Scotland gives
 * organisations on actions. Each write is one transaction with its audit record. */
#include "plan/commitment.h"

#include "plan/plan.h"

#include <stdio.h>
#include <string.h>

bool organisation_may_manage(json_t *user)
{
	const char *role = json_string_value(json_object_get(user, "role"));
	return role && (strcmp(role, "admin") == 0 || strcmp(role, "staff") == 0);
}

/* An organisation's id from its name; "organisation" when nothing is left.
 * /organisations/new is the form to add one: no organisation may be called "new". */
static void name_slug(const char *name, char out[128])
{
	plan_slug_words(NULL, name, 0, out);
	if (!out[0])
		snprintf(out, 128, "organisation");
	else if (strcmp(out, "new") == 0)
		snprintf(out, 128, "new-organisation");
}

int organisation_add(struct store *s, const char *actor, const struct organisation_form *f,
                     char slug_out[128], struct kerr *e)
{
	char base[128];
	name_slug(f->name ? f->name : "", base);
	if (store_begin(s, e) < 0)
		return -1;
	plan_slug_unique(s, "organisations", base, slug_out);
	json_t *after = NULL;
	bool ok = store_organisation_insert(s, slug_out, plan_known(f->name), plan_known(f->sector),
	                                    plan_known(f->scale), plan_known(f->council_area), e) == 0 &&
	          (after = store_resource_get(s, "organisations", slug_out, e)) &&
	          store_audit_add(s, actor, "organisation", slug_out, "create", NULL, after, e) == 0;
	json_decref(after);
	return store_end(s, ok, e);
}

/* Appends ", N things" (or "N thing") to out when n > 0. */
static void count_words(char *out, size_t cap, json_int_t n, const char *one, const char *many)
{
	if (n <= 0)
		return;
	size_t len = strlen(out);
	snprintf(out + len, cap - len, "%s%lld %s", len ? ", " : "", (long long)n, n == 1 ? one : many);
}

int organisation_delete_check(struct store *s, const char *slug, struct kerr *e)
{
	json_t *ties = store_organisation_ties(s, slug, e);
	if (!ties)
		return -1;
	char held[240] = "";
	count_words(held, sizeof held, json_integer_value(json_object_get(ties, "commitments")), "commitment",
	            "commitments");
	count_words(held, sizeof held, json_integer_value(json_object_get(ties, "leads")), "lead role", "lead roles");
	count_words(held, sizeof held, json_integer_value(json_object_get(ties, "accounts")), "account", "accounts");
	count_words(held, sizeof held, json_integer_value(json_object_get(ties, "evidence")), "piece of evidence",
	            "pieces of evidence");
	count_words(held, sizeof held, json_integer_value(json_object_get(ties, "scenarios")), "scenario", "scenarios");
	json_decref(ties);
	if (held[0])
		return kerr_set(e, KERR_CONFLICT,
		                "This organisation still has %s. Delete or move them first; nothing was deleted.", held);
	return 0;
}

int organisation_delete(struct store *s, const char *actor, const char *slug, struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = store_resource_get(s, "organisations", slug, e);
	bool ok = before && organisation_delete_check(s, slug, e) == 0 && store_organisation_delete(s, slug, e) == 0 &&
	          store_audit_add(s, actor, "organisation", slug, "delete", before, NULL, e) == 0;
	json_decref(before);
	return store_end(s, ok, e);
}

/* ---- lead roles ---- */

static bool role_valid(const char *role)
{
	return role && (strcmp(role, "lead") == 0 || strcmp(role, "key") == 0);
}

int lead_check(struct store *s, const struct lead_form *f, json_t *errors)
{
	static const struct {
		const char *field, *resource, *missing, *unknown;
	} refs[] = {
	    {"action", "actions", "Choose an action.", "Choose one of the actions listed."},
	    {"organisation", "organisations", "Choose an organisation.",
	     "Choose one of the organisations listed."},
	};
	const char *values[] = {f->action, f->organisation};
	for (size_t i = 0; i < 2; i++) {
		if (!plan_known(values[i])) {
			json_object_set_new(errors, refs[i].field, json_string(refs[i].missing));
			continue;
		}
		json_t *r = store_resource_get(s, refs[i].resource, values[i], NULL);
		if (!r)
			json_object_set_new(errors, refs[i].field, json_string(refs[i].unknown));
		json_decref(r);
	}
	if (!role_valid(f->role))
		json_object_set_new(errors, "role", json_string("Choose lead or key role."));
	return (int)json_object_size(errors);
}

/* The id the API gives a lead: "action/organisation". */
static void lead_id(const char *action, const char *organisation, char out[256])
{
	snprintf(out, 256, "%s/%s", action, organisation);
}

/* One lead write: op is 'a'dd, 'c'hange or 'r'emove. */
static int lead_write(struct store *s, const char *actor, const char *action, const char *organisation,
                      const char *role, char op, struct kerr *e)
{
	char id[256];
	lead_id(action, organisation, id);
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = op == 'a' ? NULL : store_resource_get(s, "leads", id, e), *after = NULL;
	bool ok = op == 'a' || before;
	if (ok && op == 'c' && strcmp(json_string_value(json_object_get(before, "role")), role) == 0) {
		json_decref(before);
		store_rollback(s);
		return 0; /* unchanged: nothing to record */
	}
	if (ok && op == 'a')
		ok = store_lead_insert(s, action, organisation, role, e) == 0;
	else if (ok && op == 'c')
		ok = store_lead_update(s, action, organisation, role, e) == 0;
	else if (ok)
		ok = store_lead_delete(s, action, organisation, e) == 0;
	ok = ok && (op == 'r' || (after = store_resource_get(s, "leads", id, e))) &&
	     store_audit_add(s, actor, "lead", id,
	                     op == 'a'   ? "create"
	                     : op == 'c' ? "update"
	                                 : "delete",
	                     before, after, e) == 0;
	json_decref(before);
	json_decref(after);
	return store_end(s, ok, e);
}

int lead_add(struct store *s, const char *actor, const struct lead_form *f, struct kerr *e)
{
	return lead_write(s, actor, f->action, f->organisation, f->role, 'a', e);
}

int lead_change(struct store *s, const char *actor, const struct lead_form *f, struct kerr *e)
{
	if (!role_valid(f->role))
		return kerr_set(e, KERR_INVALID, "Choose lead or key role.");
	return lead_write(s, actor, f->action, f->organisation, f->role, 'c', e);
}

int lead_remove(struct store *s, const char *actor, const char *action, const char *organisation,
                struct kerr *e)
{
	return lead_write(s, actor, action, organisation, NULL, 'r', e);
}
