#include "plan/assessment.h"

#include "plan/plan.h"

#include <stdio.h>
#include <string.h>

bool assessment_may_record(json_t *user)
{
	const char *role = json_string_value(json_object_get(user, "role"));
	return role && (strcmp(role, "board") == 0 || strcmp(role, "admin") == 0);
}

int assessment_check(const struct assessment_form *f, struct kdate today, json_t *errors)
{
	struct kdate d;
	if (plan_known(f->date)) {
		if (date_parse(f->date, &d, NULL) < 0)
			json_object_set_new(errors, "date", json_string("Enter a real date as YYYY-MM-DD, for example 2026-03-31."));
		else if (date_cmp(d, today) > 0)
			json_object_set_new(errors, "date", json_string("The date cannot be in the future."));
	}
	if (!plan_known(f->rating) || !plan_rating_find(f->rating))
		json_object_set_new(errors, "rating", json_string("Choose one of the ratings listed."));
	if (!plan_known(f->text))
		json_object_set_new(errors, "text", json_string("Say why: what the Board found."));
	else if (strlen(f->text) > 10000)
		json_object_set_new(errors, "text", json_string("Keep it under 10,000 characters."));
	if (plan_known(f->next_steps) && strlen(f->next_steps) > 10000)
		json_object_set_new(errors, "next_steps", json_string("Keep it under 10,000 characters."));
	return (int)json_object_size(errors);
}

int assessment_add(struct store *s, const char *actor, const char *action, const struct assessment_form *f,
                   struct kdate today, char id_out[128], struct kerr *e)
{
	char at[11];
	if (plan_known(f->date))
		snprintf(at, sizeof at, "%.10s", f->date);
	else
		date_format(today, at);
	if (store_begin(s, e) < 0)
		return -1;
	json_t *after = NULL;
	int ok = store_assessment_add(s, action, at, f->rating, plan_known(f->text), plan_known(f->next_steps),
	                              ASSESSMENT_SOURCE, actor, id_out, e) == 0 &&
	         (after = store_resource_get(s, "assessments", id_out, e)) &&
	         store_audit_add(s, actor, "assessment", id_out, "create", NULL, after, e) == 0;
	json_decref(after);
	return store_end(s, ok, e);
}
