#include "plan/commitment.h"

#include "base/date.h"
#include "plan/plan.h"

#include <string.h>

bool commitment_may_edit(json_t *user, const char *organisation)
{
	const char *role = json_string_value(json_object_get(user, "role"));
	if (!role)
		return false;
	if (strcmp(role, "admin") == 0 || strcmp(role, "staff") == 0)
		return true;
	const char *own = json_string_value(json_object_get(user, "organisation"));
	return strcmp(role, "editor") == 0 && own && organisation && strcmp(own, organisation) == 0;
}

int commitment_check(struct store *s, const struct commitment_form *f, json_t *errors)
{
	if (!plan_known(f->text))
		json_object_set_new(errors, "text", json_string("Say what will be done."));
	else if (strlen(f->text) > 10000)
		json_object_set_new(errors, "text", json_string("Keep it under 10,000 characters."));
	struct kdate d;
	if (plan_known(f->due) && date_parse(f->due, &d, NULL) < 0)
		json_object_set_new(errors, "due", json_string("Enter a real date as YYYY-MM-DD, for example 2026-03-31."));
	if (plan_known(f->status) && !plan_status_valid(f->status))
		json_object_set_new(errors, "status", json_string("Choose one of the statuses listed."));
	if (plan_known(f->action)) {
		json_t *a = store_resource_get(s, "actions", f->action, NULL);
		if (!a)
			json_object_set_new(errors, "action", json_string("Choose one of the actions listed."));
		json_decref(a);
	}
	if (plan_known(f->due_text) && strlen(f->due_text) > 200)
		json_object_set_new(errors, "due_text", json_string("Keep it under 200 characters."));
	if (plan_known(f->note) && strlen(f->note) > 10000)
		json_object_set_new(errors, "note", json_string("Keep it under 10,000 characters."));
	return (int)json_object_size(errors);
}

int commitment_change(struct store *s, const char *actor, const char *slug, const struct commitment_form *f,
                      struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = store_resource_get(s, "commitments", slug, e), *after = NULL;
	int ok = before != NULL;
	if (ok) {
		struct store_commitment c = {
			slug,       json_string_value(json_object_get(before, "organisation")),
			plan_known(f->action), plan_known(f->text), plan_known(f->due), plan_known(f->due_text), plan_known(f->status),
			json_string_value(json_object_get(before, "source")),
		};
		const char *old_status = json_string_value(json_object_get(before, "status"));
		bool status_changed = (old_status == NULL) != (c.status == NULL) ||
		                      (old_status && c.status && strcmp(old_status, c.status) != 0);
		/* Saving the form as it was (and no note) changes nothing and records nothing. */
		json_t *wanted = json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?}", "action", c.action, "text", c.text, "due",
		                           c.due, "due_text", c.due_text, "status", c.status);
		bool same = true;
		const char *k;
		json_t *v;
		json_object_foreach(wanted, k, v) if (!json_equal(v, json_object_get(before, k))) same = false;
		json_decref(wanted);
		if (same && !plan_known(f->note)) {
			json_decref(before);
			store_release(s);
			return 0;
		}
		ok = store_commitment_put(s, &c, e) == 0 &&
		     (!(status_changed || plan_known(f->note)) ||
		      store_commitment_update_add(s, slug, c.status, plan_known(f->note), e) == 0) &&
		     (after = store_resource_get(s, "commitments", slug, e)) &&
		     store_audit_add(s, actor, "commitment", slug, "update", before, after, e) == 0;
	}
	json_decref(before);
	json_decref(after);
	return store_end(s, ok, e);
}

bool heard_may_add(json_t *user)
{
	const char *role = json_string_value(json_object_get(user, "role"));
	return role && (strcmp(role, "admin") == 0 || strcmp(role, "staff") == 0);
}

int heard_add(struct store *s, const char *actor, const char *action, const char *text, char *id_out,
              struct kerr *e)
{
	if (!plan_known(text))
		return kerr_set(e, KERR_INVALID, "Write what has been heard.");
	if (strlen(text) > 10000)
		return kerr_set(e, KERR_INVALID, "Keep it under 10,000 characters.");
	char today[11], id[128];
	date_format(date_today(), today);
	if (store_begin(s, e) < 0)
		return -1;
	json_t *after = NULL;
	int ok = store_heard_add(s, action, today, text, id, e) == 0 && (after = store_resource_get(s, "heard", id, e)) &&
	         store_audit_add(s, actor, "heard", id, "create", NULL, after, e) == 0;
	json_decref(after);
	if (!ok) {
		store_rollback(s);
		return -1;
	}
	if (id_out)
		snprintf(id_out, 128, "%s", id);
	return store_commit(s, e);
}

int commitment_add(struct store *s, const char *actor, const char *organisation, const struct commitment_form *f,
                   char slug_out[128], struct kerr *e)
{
	char base[128];
	plan_slug_words(organisation, f->text ? f->text : "", 6, base);
	if (store_begin(s, e) < 0)
		return -1;
	plan_slug_unique(s, "commitments", base, slug_out);
	struct store_commitment c = {slug_out,        organisation,      plan_known(f->action),  plan_known(f->text),
	                             plan_known(f->due),   plan_known(f->due_text), plan_known(f->status), "entered in keep"};
	json_t *after = NULL;
	int ok = store_commitment_put(s, &c, e) == 0 &&
	         store_commitment_update_add(s, slug_out, c.status, plan_known(f->note) ? f->note : "Commitment added.", e) == 0 &&
	         (after = store_resource_get(s, "commitments", slug_out, e)) &&
	         store_audit_add(s, actor, "commitment", slug_out, "create", NULL, after, e) == 0;
	json_decref(after);
	return store_end(s, ok, e);
}

/* ---- organisations ---- */

static bool one_of(const char *v, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(*set, v) == 0)
			return true;
	return false;
}

int organisation_check(struct store *s, const struct organisation_form *f, const char *slug, json_t *errors)
{
	static const char *const sectors[] = {"public", "third", "private", NULL};
	static const char *const scales[] = {"national", "local", NULL};
	if (!plan_known(f->name))
		json_object_set_new(errors, "name", json_string("Enter the organisation's name."));
	else if (strlen(f->name) > 300)
		json_object_set_new(errors, "name", json_string("Keep the name under 300 characters."));
	else {
		json_t *clash = store_organisation_named(s, f->name, slug, NULL);
		if (clash) {
			char msg[400];
			snprintf(msg, sizeof msg, "There is already an organisation called '%s': choose another name.",
			         json_string_value(json_object_get(clash, "name")));
			json_object_set_new(errors, "name", json_string(msg));
		}
		json_decref(clash);
	}
	if (plan_known(f->sector) && !one_of(f->sector, sectors))
		json_object_set_new(errors, "sector", json_string("Choose one of the sectors listed."));
	if (plan_known(f->scale) && !one_of(f->scale, scales))
		json_object_set_new(errors, "scale", json_string("Choose national or local."));
	if (plan_known(f->council_area)) {
		json_t *a = store_resource_get(s, "council-areas", f->council_area, NULL);
		if (!a)
			json_object_set_new(errors, "council_area", json_string("Choose one of the council areas listed."));
		json_decref(a);
	}
	return (int)json_object_size(errors);
}

int organisation_change(struct store *s, const char *actor, const char *slug, const struct organisation_form *f,
                        struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = store_resource_get(s, "organisations", slug, e), *after = NULL;
	int ok = before && store_organisation_update(s, slug, plan_known(f->name), plan_known(f->sector), plan_known(f->scale),
	                                             plan_known(f->council_area), e) == 0 &&
	         (after = store_resource_get(s, "organisations", slug, e));
	if (ok && json_equal(before, after)) {
		json_decref(before);
		json_decref(after);
		store_release(s);
		return 0;
	}
	ok = ok && store_audit_add(s, actor, "organisation", slug, "update", before, after, e) == 0;
	json_decref(before);
	json_decref(after);
	return store_end(s, ok, e);
}

/* ---- deleting, and the dated timeline ---- */

int commitment_delete(struct store *s, const char *actor, const char *slug, struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = store_commitment(s, slug, e);
	int ok = before && store_commitment_delete(s, slug, e) == 0 &&
	         store_audit_add(s, actor, "commitment", slug, "delete", before, NULL, e) == 0;
	json_decref(before);
	return store_end(s, ok, e);
}

int commitment_update_check(const struct commitment_update_form *f, struct kdate today, json_t *errors)
{
	struct kdate d;
	if (plan_known(f->date)) {
		if (date_parse(f->date, &d, NULL) < 0)
			json_object_set_new(errors, "date",
			                    json_string("Enter a real date as YYYY-MM-DD, for example 2026-03-31."));
		else if (date_cmp(d, today) > 0)
			json_object_set_new(errors, "date", json_string("The date cannot be in the future."));
	}
	if (plan_known(f->status) && !plan_status_valid(f->status))
		json_object_set_new(errors, "status", json_string("Choose one of the statuses listed."));
	if (plan_known(f->text) && strlen(f->text) > 10000)
		json_object_set_new(errors, "text", json_string("Keep it under 10,000 characters."));
	else if (!plan_known(f->text) && !plan_known(f->status))
		json_object_set_new(errors, "text", json_string("Write what has happened, or choose a status."));
	return (int)json_object_size(errors);
}

int commitment_update_add(struct store *s, const char *actor, const char *slug,
                          const struct commitment_update_form *f, struct kdate today, json_t **entry_out,
                          struct kerr *e)
{
	char at[11];
	if (plan_known(f->date))
		snprintf(at, sizeof at, "%.10s", f->date);
	else
		date_format(today, at);
	const char *status = plan_known(f->status), *text = plan_known(f->text);
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = store_resource_get(s, "commitments", slug, e), *after = NULL;
	json_t *entry = json_pack("{s:s, s:s, s:s?, s:s?}", "commitment", slug, "at", at, "status", status, "text", text);
	int ok = before && store_commitment_update_dated(s, slug, at, status, text, e) == 0;
	const char *old = json_string_value(json_object_get(before, "status"));
	if (ok && status && !(old && strcmp(old, status) == 0))
		ok = store_commitment_set_status(s, slug, status, e) == 0 &&
		     (after = store_resource_get(s, "commitments", slug, e)) &&
		     store_audit_add(s, actor, "commitment", slug, "update", before, after, e) == 0;
	ok = ok && store_audit_add(s, actor, "commitment_update", slug, "create", NULL, entry, e) == 0;
	json_decref(before);
	json_decref(after);
	if (!ok) {
		json_decref(entry);
		store_rollback(s);
		return -1;
	}
	if (store_commit(s, e) < 0) {
		json_decref(entry);
		return -1;
	}
	if (entry_out)
		*entry_out = entry;
	else
		json_decref(entry);
	return 0;
}

int heard_change(struct store *s, const char *actor, const char *id, const char *text, struct kerr *e)
{
	if (!plan_known(text))
		return kerr_set(e, KERR_INVALID, "Write what has been heard.");
	if (strlen(text) > 10000)
		return kerr_set(e, KERR_INVALID, "Keep it under 10,000 characters.");
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = store_resource_get(s, "heard", id, e), *after = NULL;
	const char *old = json_string_value(json_object_get(before, "text"));
	if (old && strcmp(old, text) == 0) {
		json_decref(before);
		store_release(s);
		return 0;
	}
	int ok = before && store_text_set(s, "heard", id, "text", text, e) == 0 && store_search_purge(s, e) == 0 &&
	         (after = store_resource_get(s, "heard", id, e)) &&
	         store_audit_add(s, actor, "heard", id, "update", before, after, e) == 0;
	json_decref(before);
	json_decref(after);
	return store_end(s, ok, e);
}

int heard_delete(struct store *s, const char *actor, const char *id, struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = store_resource_get(s, "heard", id, e);
	/* The note's words leave the search index's stored segments too. */
	int ok = before && store_heard_delete(s, id, e) == 0 && store_search_purge(s, e) == 0 &&
	         store_audit_add(s, actor, "heard", id, "delete", before, NULL, e) == 0;
	json_decref(before);
	return store_end(s, ok, e);
}
