/* Writes through the JSON API, and signing in for programs.
 *
 * One table, writers[], says for each resource that can be written which fields a
 * create (POST /api/v1/<resource>) and a change (PATCH /api/v1/<resource>/<id>) take, and
 * which function creates, changes or deletes (DELETE /api/v1/<resource>/<id>) one. The
 * dispatch around it is the same for all: the resource and method are known (404, 405),
 * someone is signed in (401), the body is a JSON object holding only the operation's
 * fields, each a string or null (400, naming the field). The row's function then finds
 * the record (404), asks the domain who may write it (403), checks the fields (422 with
 * a message per field) and writes it in one audited transaction (409 when other records
 * stand in the way). Answers: 201 {"data": item as GET shows it} with a Location, 200
 * {"data": item}, 204; refusals in the API's error envelope.
 *
 * A lead's id ("action/organisation") holds a slash, which no path segment can: a lead
 * is created with POST /api/v1/leads {action, organisation, role} and is found, changed
 * and deleted at /api/v1/actions/<action>/leads/<organisation>.
 *
 * Timeline entries of a commitment: POST /api/v1/commitments/<slug>/updates.
 *
 * Removing a text (staff and admins): POST /api/v1/redactions {kind, id, field, reason}. */
#include "web/web.h"

#include "base/log.h"
#include "plan/account.h"
#include "plan/across.h"
#include "plan/assessment.h"
#include "plan/commitment.h"
#include "plan/evidence.h"
#include "plan/history.h"
#include "plan/planedit.h"
#include "plan/spend.h"
#include "plan/target.h"
#include "plan/scenario.h"
#include "base/secret.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char internal_message[] = "the server could not answer; the failure has been logged";

/* One write in progress: what the row's function gets and fills in. */
struct api_call {
	struct web_request *req;
	const char *id;      /* the record's id (change, delete); NULL for a create */
	json_t *body;        /* the checked body: only the operation's fields, strings or null */
	const char *actor;   /* the signed-in account's email, for the audit */
	char created[256];   /* a create: the new record's id */
	json_t *errors;      /* 422: field -> message */
	const char *refused; /* 403: why */
	struct kerr e;       /* a refusal or failure from the domain or the store */
	bool replaced;       /* a create that replaced a record with the same key: 200, not 201 */
};

enum api_outcome { API_DONE, API_FORBIDDEN, API_INVALID, API_FAILED };

typedef enum api_outcome (*api_fn)(struct api_call *c);

struct api_writer {
	const char *resource;
	const char *const *create_fields; /* NULL-terminated */
	const char *const *change_fields;
	api_fn create, change, remove; /* NULL: the operation is not offered (405) */
};

/* The string a body holds at key: NULL when it is missing or null. */
static const char *body_str(json_t *body, const char *key)
{
	return json_string_value(json_object_get(body, key));
}

/* The value of a field for a change: the body's when the body holds the key (null is
 * "not known"), otherwise the stored record's. */
static const char *merged(json_t *body, json_t *stored, const char *key)
{
	if (json_object_get(body, key))
		return body_str(body, key);
	return json_string_value(json_object_get(stored, key));
}

/* Reads a record the write needs; KERR_NOTFOUND (a 404) when it is not there. */
static json_t *find(struct api_call *c, const char *resource, const char *id)
{
	return store_resource_get(c->req->store, resource, id, &c->e);
}

/* ---- organisations ---- */

static const char *const organisation_fields[] = {"name", "sector", "scale", "council_area", NULL};

static enum api_outcome organisation_create(struct api_call *c)
{
	if (!organisation_may_manage(c->req->user)) {
		c->refused = "Only The Promise Scotland's staff add organisations.";
		return API_FORBIDDEN;
	}
	struct organisation_form f = {body_str(c->body, "name"), body_str(c->body, "sector"),
	                              body_str(c->body, "scale"), body_str(c->body, "council_area")};
	if (organisation_check(c->req->store, &f, NULL, c->errors) > 0)
		return API_INVALID;
	char slug[128];
	if (organisation_add(c->req->store, c->actor, &f, slug, &c->e) < 0)
		return API_FAILED;
	snprintf(c->created, sizeof c->created, "%s", slug);
	return API_DONE;
}

static enum api_outcome organisation_patch(struct api_call *c)
{
	json_t *o = find(c, "organisations", c->id);
	if (!o)
		return API_FAILED;
	enum api_outcome r = API_DONE;
	if (!commitment_may_edit(c->req->user, c->id)) {
		c->refused = "You can change only your own organisation's details.";
		r = API_FORBIDDEN;
	} else {
		struct organisation_form f = {merged(c->body, o, "name"), merged(c->body, o, "sector"),
		                              merged(c->body, o, "scale"),
		                              merged(c->body, o, "council_area")};
		if (organisation_check(c->req->store, &f, c->id, c->errors) > 0)
			r = API_INVALID;
		else if (organisation_change(c->req->store, c->actor, c->id, &f, &c->e) < 0)
			r = API_FAILED;
	}
	json_decref(o);
	return r;
}

static enum api_outcome organisation_remove(struct api_call *c)
{
	if (!organisation_may_manage(c->req->user)) {
		c->refused = "Only The Promise Scotland's staff delete organisations.";
		return API_FORBIDDEN;
	}
	return organisation_delete(c->req->store, c->actor, c->id, &c->e) < 0 ? API_FAILED : API_DONE;
}

/* ---- commitments ---- */

static const char *const commitment_create_fields[] = {"organisation", "action", "text", "due",
                                                       "due_text",     "status", "note", NULL};
static const char *const commitment_change_fields[] = {"action", "text", "due", "due_text",
                                                       "status", "note", NULL};

static const char refused_commitment[] =
    "You can change only your own organisation's commitments. Ask The Promise Scotland if this one needs "
    "changing.";

static enum api_outcome commitment_create(struct api_call *c)
{
	const char *org = body_str(c->body, "organisation");
	if (!org || !*org) {
		json_object_set_new(c->errors, "organisation", json_string("Say whose commitment it is."));
		return API_INVALID;
	}
	if (!commitment_may_edit(c->req->user, org)) {
		c->refused = "You can add commitments only for your own organisation.";
		return API_FORBIDDEN;
	}
	json_t *o = store_resource_get(c->req->store, "organisations", org, NULL);
	if (!o)
		json_object_set_new(c->errors, "organisation",
		                    json_string("Choose one of the organisations listed."));
	json_decref(o);
	struct commitment_form f = {body_str(c->body, "text"),   body_str(c->body, "action"),
	                            body_str(c->body, "due"),    body_str(c->body, "due_text"),
	                            body_str(c->body, "status"), body_str(c->body, "note")};
	if (commitment_check(c->req->store, &f, c->errors) > 0)
		return API_INVALID;
	char slug[128];
	if (commitment_add(c->req->store, c->actor, org, &f, slug, &c->e) < 0)
		return API_FAILED;
	snprintf(c->created, sizeof c->created, "%s", slug);
	return API_DONE;
}

/* The commitment c->id when the signed-in person may change it; NULL with the outcome
 * in *r otherwise. */
static json_t *commitment_target(struct api_call *c, enum api_outcome *r)
{
	json_t *item = find(c, "commitments", c->id);
	if (!item) {
		*r = API_FAILED;
		return NULL;
	}
	if (!commitment_may_edit(c->req->user, json_string_value(json_object_get(item, "organisation")))) {
		json_decref(item);
		c->refused = refused_commitment;
		*r = API_FORBIDDEN;
		return NULL;
	}
	return item;
}

static enum api_outcome commitment_patch(struct api_call *c)
{
	enum api_outcome r = API_DONE;
	json_t *item = commitment_target(c, &r);
	if (!item)
		return r;
	struct commitment_form f = {merged(c->body, item, "text"),   merged(c->body, item, "action"),
	                            merged(c->body, item, "due"),    merged(c->body, item, "due_text"),
	                            merged(c->body, item, "status"), body_str(c->body, "note")};
	if (commitment_check(c->req->store, &f, c->errors) > 0)
		r = API_INVALID;
	else if (commitment_change(c->req->store, c->actor, c->id, &f, &c->e) < 0)
		r = API_FAILED;
	json_decref(item);
	return r;
}

static enum api_outcome commitment_remove(struct api_call *c)
{
	enum api_outcome r = API_DONE;
	json_t *item = commitment_target(c, &r);
	if (!item)
		return r;
	json_decref(item);
	return commitment_delete(c->req->store, c->actor, c->id, &c->e) < 0 ? API_FAILED : API_DONE;
}

/* ---- lead roles ---- */

static const char *const lead_create_fields[] = {"action", "organisation", "role", NULL};
static const char *const lead_change_fields[] = {"role", NULL};
static const char refused_lead[] = "Only The Promise Scotland's staff set lead roles on actions.";

static enum api_outcome lead_create(struct api_call *c)
{
	if (!organisation_may_manage(c->req->user)) {
		c->refused = refused_lead;
		return API_FORBIDDEN;
	}
	struct lead_form f = {body_str(c->body, "action"), body_str(c->body, "organisation"),
	                      body_str(c->body, "role")};
	if (lead_check(c->req->store, &f, c->errors) > 0)
		return API_INVALID;
	if (lead_add(c->req->store, c->actor, &f, &c->e) < 0)
		return API_FAILED;
	snprintf(c->created, sizeof c->created, "%s/%s", f.action, f.organisation);
	return API_DONE;
}

/* Splits a lead's id "action/organisation" into f; false (404 filled in) if it is not
 * one. */
static bool lead_split(struct api_call *c, struct lead_form *f, char buf[256])
{
	snprintf(buf, 256, "%s", c->id);
	char *slash = strchr(buf, '/');
	if (!slash) {
		kerr_set(&c->e, KERR_NOTFOUND,
		         "a lead is found at /api/v1/actions/<action>/leads/<organisation>, not "
		         "/api/v1/leads/<id>");
		return false;
	}
	*slash = '\0';
	f->action = buf;
	f->organisation = slash + 1;
	return true;
}

/* The lead c->id, split into f (pointing into buf), when the caller may set lead roles
 * and it exists; otherwise the outcome to answer with. Lead roles are set by role, not
 * by whose record it is: the refusal comes first, as in the form. */
static enum api_outcome lead_target(struct api_call *c, struct lead_form *f, char buf[256])
{
	if (!lead_split(c, f, buf))
		return API_FAILED;
	if (!organisation_may_manage(c->req->user)) {
		c->refused = refused_lead;
		return API_FORBIDDEN;
	}
	json_t *item = find(c, "leads", c->id);
	if (!item)
		return API_FAILED;
	json_decref(item);
	return API_DONE;
}

static enum api_outcome lead_patch(struct api_call *c)
{
	struct lead_form f = {0};
	char buf[256];
	enum api_outcome r = lead_target(c, &f, buf);
	if (r != API_DONE)
		return r;
	if (!json_object_get(c->body, "role"))
		return API_DONE; /* nothing sent, nothing changed */
	f.role = body_str(c->body, "role");
	if (lead_check(c->req->store, &f, c->errors) > 0)
		return API_INVALID;
	return lead_change(c->req->store, c->actor, &f, &c->e) < 0 ? API_FAILED : API_DONE;
}

static enum api_outcome lead_delete(struct api_call *c)
{
	struct lead_form f = {0};
	char buf[256];
	enum api_outcome r = lead_target(c, &f, buf);
	if (r != API_DONE)
		return r;
	return lead_remove(c->req->store, c->actor, f.action, f.organisation, &c->e) < 0 ? API_FAILED : API_DONE;
}

/* ---- what has been heard ---- */

static const char *const heard_fields[] = {"action", "text", NULL};
static const char refused_heard[] = "Only The Promise Scotland's staff record what has been heard.";

static enum api_outcome heard_create(struct api_call *c)
{
	if (!heard_may_add(c->req->user)) {
		c->refused = refused_heard;
		return API_FORBIDDEN;
	}
	const char *action = body_str(c->body, "action");
	json_t *a = action && *action ? store_resource_get(c->req->store, "actions", action, NULL) : NULL;
	if (!a)
		json_object_set_new(c->errors, "action",
		                    json_string(action && *action ? "Choose one of the actions listed."
		                                                  : "Choose an action."));
	json_decref(a);
	const char *text = body_str(c->body, "text");
	if (!text || !*text)
		json_object_set_new(c->errors, "text", json_string("Write what has been heard."));
	if (json_object_size(c->errors))
		return API_INVALID;
	char id[128];
	if (heard_add(c->req->store, c->actor, action, text, id, &c->e) < 0) {
		if (c->e.code == KERR_INVALID) {
			json_object_set_new(c->errors, "text", json_string(c->e.msg));
			return API_INVALID;
		}
		return API_FAILED;
	}
	snprintf(c->created, sizeof c->created, "%s", id);
	return API_DONE;
}

static enum api_outcome heard_remove(struct api_call *c)
{
	if (!heard_may_add(c->req->user)) {
		c->refused = refused_heard;
		return API_FORBIDDEN;
	}
	return heard_delete(c->req->store, c->actor, c->id, &c->e) < 0 ? API_FAILED : API_DONE;
}

/* ---- evidence ----
 * Evidence takes more than strings: "actions" is an array of action slugs, "published"
 * a boolean (staff and admins), and "file" an object {"name", "base64"} holding the
 * file's bytes in base64 (null removes the file). Unpublished evidence is, to those who
 * may not see it, exactly as evidence that does not exist (404). */

static const char *const evidence_create_fields[] = {
    "organisation", "kind", "title", "will_do", "support_needed", "help_offered", "actions[]", "file{}", NULL};
static const char *const evidence_change_fields[] = {
    "kind", "title", "will_do", "support_needed", "help_offered", "actions[]", "file{}", "published?", NULL};

#define EVIDENCE_API_MAX_ACTIONS 64

/* An evidence form from a body (and, for a change, the stored record): what the body
 * does not hold keeps its stored value. The form borrows from body, stored and b. */
struct evidence_body {
	struct evidence_form f;
	const char *actions[EVIDENCE_API_MAX_ACTIONS];
	struct buf file;
};

static void evidence_from_body(struct api_call *c, json_t *stored, struct evidence_body *b)
{
	struct evidence_form *f = &b->f;
	f->kind = merged(c->body, stored, "kind");
	f->title = merged(c->body, stored, "title");
	f->will_do = merged(c->body, stored, "will_do");
	f->support_needed = merged(c->body, stored, "support_needed");
	f->help_offered = merged(c->body, stored, "help_offered");
	json_t *actions = json_object_get(c->body, "actions");
	if (!actions)
		actions = json_object_get(stored, "actions");
	size_t i;
	json_t *v;
	json_array_foreach(actions, i, v)
	{
		if (f->nactions == EVIDENCE_API_MAX_ACTIONS) {
			json_object_set_new(c->errors, "actions", json_string("Name at most 64 actions."));
			break;
		}
		b->actions[f->nactions++] = json_string_value(v);
	}
	f->actions = b->actions;
	json_t *file = json_object_get(c->body, "file");
	if (json_is_null(file)) {
		f->remove_file = true;
	} else if (file) {
		const char *name = json_string_value(json_object_get(file, "name"));
		const char *data = json_string_value(json_object_get(file, "base64"));
		if (!name || !data || json_object_size(file) != 2)
			json_object_set_new(c->errors, "file",
			                    json_string("Send the file as {\"name\": \"report.pdf\", \"base64\": \"...\"}."));
		else if (secret_base64_decode(data, strlen(data), &b->file) < 0)
			json_object_set_new(c->errors, "file", json_string("The file's base64 could not be read."));
		else {
			f->has_file = true;
			f->file_name = name;
			f->file_data = b->file.p ? b->file.p : "";
			f->file_len = b->file.len;
		}
	}
}

static enum api_outcome evidence_create(struct api_call *c)
{
	const char *org = body_str(c->body, "organisation");
	if (!org || !*org) {
		json_object_set_new(c->errors, "organisation", json_string("Say whose evidence it is."));
		return API_INVALID;
	}
	if (!evidence_may_edit(c->req->user, org)) {
		c->refused = "You can add evidence only for your own organisation.";
		return API_FORBIDDEN;
	}
	json_t *o = store_resource_get(c->req->store, "organisations", org, NULL);
	if (!o)
		json_object_set_new(c->errors, "organisation", json_string("Choose one of the organisations listed."));
	json_decref(o);
	struct evidence_body b = {0};
	evidence_from_body(c, NULL, &b);
	enum api_outcome r = API_DONE;
	char slug[128];
	if (evidence_check(c->req->store, &b.f, c->errors) > 0 || json_object_size(c->errors))
		r = API_INVALID;
	else if (evidence_add(c->req->store, c->actor, org, &b.f, slug, &c->e) < 0)
		r = API_FAILED;
	else
		snprintf(c->created, sizeof c->created, "%s", slug);
	buf_free(&b.file);
	return r;
}

/* Evidence c->id as the signed-in person may see it: 404 (as if it did not exist) when
 * they may not, 403 when they may see it but not change it. NULL with *r set then. */
static json_t *evidence_target(struct api_call *c, enum api_outcome *r)
{
	json_t *item = find(c, "evidence-all", c->id);
	if (item && !evidence_may_see(c->req->user, item)) {
		json_decref(item);
		item = NULL;
		kerr_set(&c->e, KERR_NOTFOUND, "no evidence called '%s'", c->id);
	}
	if (!item) {
		*r = API_FAILED;
		return NULL;
	}
	if (!evidence_may_edit(c->req->user, json_string_value(json_object_get(item, "organisation")))) {
		json_decref(item);
		c->refused = "You can change only your own organisation's evidence.";
		*r = API_FORBIDDEN;
		return NULL;
	}
	return item;
}

static enum api_outcome evidence_patch(struct api_call *c)
{
	enum api_outcome r = API_DONE;
	json_t *published = json_object_get(c->body, "published");
	if (published && !evidence_may_publish(c->req->user)) {
		/* Still a 404 for evidence they may not see. */
		json_t *item = evidence_target(c, &r);
		json_decref(item);
		if (!item)
			return r;
		c->refused = "Only The Promise Scotland's staff publish evidence.";
		return API_FORBIDDEN;
	}
	json_t *item = evidence_target(c, &r);
	if (!item)
		return r;
	struct evidence_body b = {0};
	evidence_from_body(c, item, &b);
	if (evidence_check(c->req->store, &b.f, c->errors) > 0 || json_object_size(c->errors))
		r = API_INVALID;
	else if (evidence_change_publish(c->req->store, c->actor, c->id, &b.f,
	                                 published ? json_is_true(published) : -1, &c->e) < 0)
		r = API_FAILED;
	buf_free(&b.file);
	json_decref(item);
	return r;
}

static enum api_outcome evidence_remove(struct api_call *c)
{
	enum api_outcome r = API_DONE;
	json_t *item = evidence_target(c, &r);
	if (!item)
		return r;
	json_decref(item);
	return evidence_delete(c->req->store, c->actor, c->id, &c->e) < 0 ? API_FAILED : API_DONE;
}

/* ---- the Oversight Board's assessments ---- */

static const char *const assessment_fields[] = {"action", "date", "rating", "text", "next_steps", NULL};

static enum api_outcome assessment_create(struct api_call *c)
{
	if (!assessment_may_record(c->req->user)) {
		c->refused = "Only members of the Oversight Board record assessments.";
		return API_FORBIDDEN;
	}
	const char *action = body_str(c->body, "action");
	json_t *a = action && *action ? store_resource_get(c->req->store, "actions", action, NULL) : NULL;
	if (!a)
		json_object_set_new(c->errors, "action", json_string(action && *action ? "Choose one of the actions listed."
		                                                                         : "Say which action it assesses."));
	json_decref(a);
	struct assessment_form f = {body_str(c->body, "date"), body_str(c->body, "rating"), body_str(c->body, "text"),
	                            body_str(c->body, "next_steps")};
	if (assessment_check(&f, c->req->today, c->errors) > 0 || json_object_size(c->errors))
		return API_INVALID;
	char id[128];
	if (assessment_add(c->req->store, c->actor, action, &f, c->req->today, id, &c->e) < 0)
		return API_FAILED;
	snprintf(c->created, sizeof c->created, "%s", id);
	return API_DONE;
}

/* ---- indicators, targets and figures (the Oversight Board's) ----
 * Figures ("baseline", "value") may be sent as JSON numbers or as text; either is
 * checked by the same rule as the form's. */

/* The text of a number field: the body's (a number or a string) when it holds the key,
 * otherwise the stored record's (stored NULL: none). */
static const char *number_field(json_t *body, json_t *stored, const char *key, char out[40])
{
	json_t *v = json_object_get(body, key);
	if (!v)
		v = json_object_get(stored, key);
	if (json_is_integer(v))
		snprintf(out, 40, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v))
		snprintf(out, 40, "%.17g", json_real_value(v));
	else
		return json_string_value(v);
	return out;
}

static const char *const indicator_fields[] = {"title",  "unit",   "source", "frequency",        "foundation",
                                               "vision", "outcome", "level", "kind", "counts_children?", NULL};
static const char refused_target[] = "Only members of the Oversight Board set indicators and targets.";

static struct indicator_form indicator_from(json_t *body, json_t *stored)
{
	json_t *children = json_object_get(body, "counts_children");
	if (!children)
		children = json_object_get(stored, "counts_children");
	return (struct indicator_form){merged(body, stored, "title"),      merged(body, stored, "unit"),
	                               merged(body, stored, "source"),     merged(body, stored, "frequency"),
	                               merged(body, stored, "foundation"), merged(body, stored, "vision"),
	                               json_is_true(children) ? "yes" : "no", merged(body, stored, "outcome"),
	                               merged(body, stored, "level"),      merged(body, stored, "kind")};
}

static enum api_outcome indicator_create(struct api_call *c)
{
	if (!target_may_set(c->req->user)) {
		c->refused = refused_target;
		return API_FORBIDDEN;
	}
	struct indicator_form f = indicator_from(c->body, NULL);
	if (indicator_check(c->req->store, &f, c->errors) > 0)
		return API_INVALID;
	char slug[128];
	if (indicator_add(c->req->store, c->actor, &f, slug, &c->e) < 0)
		return API_FAILED;
	snprintf(c->created, sizeof c->created, "%s", slug);
	return API_DONE;
}

static enum api_outcome indicator_patch(struct api_call *c)
{
	json_t *x = find(c, "indicators", c->id);
	if (!x)
		return API_FAILED;
	enum api_outcome r = API_DONE;
	struct indicator_form f = indicator_from(c->body, x);
	if (!target_may_set(c->req->user)) {
		c->refused = refused_target;
		r = API_FORBIDDEN;
	} else if (indicator_check(c->req->store, &f, c->errors) > 0)
		r = API_INVALID;
	else if (indicator_change(c->req->store, c->actor, c->id, &f, &c->e) < 0)
		r = API_FAILED;
	json_decref(x);
	return r;
}

static const char *const target_fields[] = {"indicator",   "area",   "action", "note", "baseline#",
                                            "baseline_at", "value#", "due",    "better", NULL};

static enum api_outcome target_write(struct api_call *c, json_t *stored)
{
	if (!target_may_set(c->req->user)) {
		c->refused = refused_target;
		return API_FORBIDDEN;
	}
	char baseline[40], value[40];
	struct target_form f = {merged(c->body, stored, "indicator"),
	                        merged(c->body, stored, "area"),
	                        merged(c->body, stored, "action"),
	                        merged(c->body, stored, "note"),
	                        number_field(c->body, stored, "baseline", baseline),
	                        merged(c->body, stored, "baseline_at"),
	                        number_field(c->body, stored, "value", value),
	                        merged(c->body, stored, "due"),
	                        merged(c->body, stored, "better")};
	if (target_check(c->req->store, &f, c->errors) > 0)
		return API_INVALID;
	char slug[128];
	if (stored)
		return target_change(c->req->store, c->actor, c->id, &f, &c->e) < 0 ? API_FAILED : API_DONE;
	if (target_add(c->req->store, c->actor, &f, slug, &c->e) < 0)
		return API_FAILED;
	snprintf(c->created, sizeof c->created, "%s", slug);
	return API_DONE;
}

static enum api_outcome target_create(struct api_call *c)
{
	return target_write(c, NULL);
}

static enum api_outcome target_patch(struct api_call *c)
{
	json_t *t = find(c, "targets", c->id);
	if (!t)
		return API_FAILED;
	enum api_outcome r = target_write(c, t);
	json_decref(t);
	return r;
}

static enum api_outcome target_remove(struct api_call *c)
{
	json_t *t = find(c, "targets", c->id);
	if (!t)
		return API_FAILED;
	json_decref(t);
	if (!target_may_set(c->req->user)) {
		c->refused = refused_target;
		return API_FORBIDDEN;
	}
	return target_delete(c->req->store, c->actor, c->id, &c->e) < 0 ? API_FAILED : API_DONE;
}

/* A figure is added or replaced by POST (matched on indicator, area and period): 201
 * for a new one, 200 for one replaced or sent again unchanged. */
static const char *const observation_fields[] = {"indicator", "area",       "period",
                                                 "value#",    "suppressed?", "source", NULL};
static const char refused_observation[] =
    "Only the Oversight Board and The Promise Scotland's staff record figures.";

static enum api_outcome observation_create(struct api_call *c)
{
	if (!observation_may_record(c->req->user)) {
		c->refused = refused_observation;
		return API_FORBIDDEN;
	}
	char value[40];
	struct observation_form f = {body_str(c->body, "indicator"),
	                             body_str(c->body, "area"),
	                             body_str(c->body, "period"),
	                             number_field(c->body, NULL, "value", value),
	                             json_is_true(json_object_get(c->body, "suppressed")) ? "yes" : "no",
	                             body_str(c->body, "source")};
	if (observation_check(c->req->store, &f, c->errors) > 0)
		return API_INVALID;
	enum observation_outcome out;
	if (observation_put(c->req->store, c->actor, &f, false, &out, c->created, &c->e) < 0)
		return API_FAILED;
	c->replaced = out != OBSERVATION_ADDED;
	return API_DONE;
}

static enum api_outcome observation_remove(struct api_call *c)
{
	if (!observation_may_record(c->req->user)) {
		c->refused = refused_observation;
		return API_FORBIDDEN;
	}
	return observation_delete(c->req->store, c->actor, c->id, &c->e) < 0 ? API_FAILED : API_DONE;
}

/* ---- the Plan: plans, phases, priority areas, actions (route maps), milestones ----
 * Staff and admins (planedit_may). Fields as the read resources name them; a create
 * may choose the new record's id ("slug"; made from the title when not given). A phase
 * or priority area names its "plan", an action its "priority" (and may name the "plan"
 * it is meant for, which must be the priority area's), a milestone its "action". */

static const char refused_plan[] = "Only The Promise Scotland's staff and admins change the Plan.";

static bool plan_may(struct api_call *c)
{
	if (planedit_may(c->req->user))
		return true;
	c->refused = refused_plan;
	return false;
}

/* A create's parent (field, of resource): 422 when it is missing or unknown. */
static bool parent_known(struct api_call *c, const char *field, const char *resource, const char *missing,
                         const char *what)
{
	const char *v = body_str(c->body, field);
	json_t *x = v && *v ? store_resource_get(c->req->store, resource, v, NULL) : NULL;
	if (!x) {
		char m[300];
		if (v && *v)
			snprintf(m, sizeof m, "There is no %s called '%.100s'.", what, v);
		json_object_set_new(c->errors, field, json_string(v && *v ? m : missing));
		return false;
	}
	json_decref(x);
	return true;
}

static const char *const plan_create_fields[] = {"slug",   "title", "summary", "starts",      "ends",
                                                 "status", "shape", "source",  "source_date", NULL};
static const char *const plan_change_fields[] = {"title", "summary", "starts",      "ends", "status",
                                                 "shape", "source",  "source_date", NULL};

static enum api_outcome plan_write(struct api_call *c, json_t *stored)
{
	if (!plan_may(c))
		return API_FORBIDDEN;
	struct planrules_plan f = {
	    stored ? NULL : body_str(c->body, "slug"), merged(c->body, stored, "title"),
	    merged(c->body, stored, "summary"),        merged(c->body, stored, "starts"),
	    merged(c->body, stored, "ends"),           merged(c->body, stored, "status"),
	    merged(c->body, stored, "shape"),          merged(c->body, stored, "source"),
	    merged(c->body, stored, "source_date")};
	if (planedit_plan_check(c->req->store, stored ? c->id : NULL, &f, c->errors) > 0)
		return API_INVALID;
	if (stored)
		return planedit_plan_change(c->req->store, c->actor, c->id, &f, &c->e) < 0 ? API_FAILED
		                                                                           : API_DONE;
	char slug[128];
	if (planedit_plan_add(c->req->store, c->actor, &f, slug, &c->e) < 0)
		return API_FAILED;
	snprintf(c->created, sizeof c->created, "%s", slug);
	return API_DONE;
}

static const char *const phase_create_fields[] = {"plan",    "slug",   "title", "years",
                                                  "summary", "starts", "ends",  NULL};
static const char *const phase_change_fields[] = {"title", "years", "summary", "starts", "ends", NULL};

static enum api_outcome phase_write(struct api_call *c, json_t *stored)
{
	if (!plan_may(c))
		return API_FORBIDDEN;
	if (!stored && !parent_known(c, "plan", "plans", "Say which plan the phase belongs to.", "plan"))
		return API_INVALID;
	struct planrules_phase f = {
	    stored ? NULL : body_str(c->body, "slug"), merged(c->body, stored, "title"),
	    merged(c->body, stored, "years"),          merged(c->body, stored, "summary"),
	    merged(c->body, stored, "starts"),         merged(c->body, stored, "ends")};
	const char *plan = stored ? NULL : body_str(c->body, "plan");
	if (planedit_phase_check(c->req->store, plan, stored ? c->id : NULL, &f, c->errors) > 0)
		return API_INVALID;
	if (stored)
		return planedit_phase_change(c->req->store, c->actor, c->id, &f, &c->e) < 0 ? API_FAILED
		                                                                            : API_DONE;
	char slug[128];
	if (planedit_phase_add(c->req->store, c->actor, plan, &f, slug, &c->e) < 0)
		return API_FAILED;
	snprintf(c->created, sizeof c->created, "%s", slug);
	return API_DONE;
}

static const char *const priority_create_fields[] = {"plan", "slug", "title", "text", "foundation", NULL};
static const char *const priority_change_fields[] = {"title", "text", "foundation", NULL};

static enum api_outcome priority_write(struct api_call *c, json_t *stored)
{
	if (!plan_may(c))
		return API_FORBIDDEN;
	if (!stored && !parent_known(c, "plan", "plans", "Say which plan it belongs to.", "plan"))
		return API_INVALID;
	struct planrules_priority f = {stored ? NULL : body_str(c->body, "slug"),
	                               merged(c->body, stored, "title"), merged(c->body, stored, "text"),
	                               merged(c->body, stored, "foundation")};
	const char *plan = stored ? NULL : body_str(c->body, "plan");
	if (planedit_priority_check(c->req->store, plan, stored ? c->id : NULL, &f, c->errors) > 0)
		return API_INVALID;
	if (stored)
		return planedit_priority_change(c->req->store, c->actor, c->id, &f, &c->e) < 0 ? API_FAILED
		                                                                               : API_DONE;
	char slug[128];
	if (planedit_priority_add(c->req->store, c->actor, plan, &f, slug, &c->e) < 0)
		return API_FAILED;
	snprintf(c->created, sizeof c->created, "%s", slug);
	return API_DONE;
}

static const char *const action_create_fields[] = {
    "plan",        "priority",      "slug",           "title",      "required", "now",
    "outcomes",    "committed",     "leads_text",     "next_steps", "due",      "source",
    "source_date", "foundations[]", "fundamentals[]", NULL};
static const char *const action_change_fields[] = {
    "priority",   "title", "required", "now",         "outcomes",      "committed",      "leads_text",
    "next_steps", "due",   "source",   "source_date", "foundations[]", "fundamentals[]", "carried_by", NULL};

#define PLAN_API_MAX_LIST 32

/* The strings of the body's list key (or the stored one's) into out; false (and 422)
 * when there are too many. */
static bool list_from(struct api_call *c, json_t *stored, const char *key, const char **out, size_t *n)
{
	json_t *a = json_object_get(c->body, key);
	if (!a)
		a = json_object_get(stored, key);
	*n = 0;
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
	{
		if (*n == PLAN_API_MAX_LIST) {
			json_object_set_new(c->errors, key, json_string("Name at most 32."));
			return false;
		}
		out[(*n)++] = json_string_value(v);
	}
	return true;
}

static enum api_outcome action_write(struct api_call *c, json_t *stored)
{
	if (!plan_may(c))
		return API_FORBIDDEN;
	const char *fnd[PLAN_API_MAX_LIST], *fun[PLAN_API_MAX_LIST];
	size_t nf, nu;
	if (!list_from(c, stored, "foundations", fnd, &nf) || !list_from(c, stored, "fundamentals", fun, &nu))
		return API_INVALID;
	struct planrules_action f = {.slug = stored ? NULL : body_str(c->body, "slug"),
	                             .title = merged(c->body, stored, "title"),
	                             .priority = merged(c->body, stored, "priority"),
	                             .required = merged(c->body, stored, "required"),
	                             .now = merged(c->body, stored, "now"),
	                             .outcomes = merged(c->body, stored, "outcomes"),
	                             .committed = merged(c->body, stored, "committed"),
	                             .leads_text = merged(c->body, stored, "leads_text"),
	                             .next_steps = merged(c->body, stored, "next_steps"),
	                             .due = merged(c->body, stored, "due"),
	                             .source = merged(c->body, stored, "source"),
	                             .source_date = merged(c->body, stored, "source_date"),
	                             .foundations = fnd,
	                             .nfoundations = nf,
	                             .fundamentals = fun,
	                             .nfundamentals = nu};
	const char *plan = stored ? NULL : body_str(c->body, "plan");
	/* A change may also say which later route map carries the action on. */
	bool carry = stored && json_object_get(c->body, "carried_by");
	const char *later = carry ? body_str(c->body, "carried_by") : NULL;
	int problems = planedit_action_check(c->req->store, plan && *plan ? plan : NULL, stored ? c->id : NULL, &f,
	                                     c->errors);
	if (carry && plan_carry_on_check(c->req->store, c->id, later, c->errors, &c->e) < 0 &&
	    !json_object_size(c->errors))
		return API_FAILED;
	if (problems > 0 || json_object_size(c->errors))
		return API_INVALID;
	if (stored)
		return planedit_action_change_carried(c->req->store, c->actor, c->id, &f, carry, later, &c->e) < 0
		           ? API_FAILED
		           : API_DONE;
	char slug[128];
	if (planedit_action_add(c->req->store, c->actor, &f, slug, &c->e) < 0)
		return API_FAILED;
	snprintf(c->created, sizeof c->created, "%s", slug);
	return API_DONE;
}

static const char *const milestone_create_fields[] = {"action", "when",        "due", "text",
                                                      "source", "source_date", NULL};
static const char *const milestone_change_fields[] = {"when", "due", "text", "source", "source_date", NULL};

static enum api_outcome milestone_write(struct api_call *c, json_t *stored)
{
	if (!plan_may(c))
		return API_FORBIDDEN;
	if (!stored &&
	    !parent_known(c, "action", "actions", "Say which action the milestone is on.", "action"))
		return API_INVALID;
	struct planrules_milestone f = {
	    merged(c->body, stored, "when"),        merged(c->body, stored, "due"),
	    merged(c->body, stored, "text"),        merged(c->body, stored, "source"),
	    merged(c->body, stored, "source_date"), NULL};
	const char *action = stored ? NULL : body_str(c->body, "action");
	if (planedit_milestone_check(c->req->store, action, stored ? c->id : NULL, &f, c->errors) > 0)
		return API_INVALID;
	if (stored)
		return planedit_milestone_change(c->req->store, c->actor, c->id, &f, &c->e) < 0 ? API_FAILED
		                                                                                : API_DONE;
	return planedit_milestone_add(c->req->store, c->actor, action, &f, c->created, &c->e) < 0 ? API_FAILED
	                                                                                          : API_DONE;
}

/* One function per operation of each of the Plan's resources: create, change, delete. */
#define PLAN_WRITER(name, resource, del)                                                                     \
	static enum api_outcome name##_create(struct api_call *c)                                            \
	{                                                                                                    \
		return name##_write(c, NULL);                                                                \
	}                                                                                                    \
	static enum api_outcome name##_patch(struct api_call *c)                                             \
	{                                                                                                    \
		json_t *x = find(c, resource, c->id);                                                        \
		if (!x)                                                                                      \
			return API_FAILED;                                                                   \
		enum api_outcome r = name##_write(c, x);                                                     \
		json_decref(x);                                                                              \
		return r;                                                                                    \
	}                                                                                                    \
	static enum api_outcome name##_remove(struct api_call *c)                                            \
	{                                                                                                    \
		json_t *x = find(c, resource, c->id);                                                        \
		if (!x)                                                                                      \
			return API_FAILED;                                                                   \
		json_decref(x);                                                                              \
		if (!plan_may(c))                                                                            \
			return API_FORBIDDEN;                                                                \
		return del(c->req->store, c->actor, c->id, &c->e) < 0 ? API_FAILED : API_DONE;               \
	}

PLAN_WRITER(plan, "plans", planedit_plan_delete)
PLAN_WRITER(phase, "phases", planedit_phase_delete)
PLAN_WRITER(priority, "priorities", planedit_priority_delete)
PLAN_WRITER(action, "actions", planedit_action_delete)
PLAN_WRITER(milestone, "milestones", planedit_milestone_delete)

/* ---- scenarios (The Money) ----
 * A scenario is sent in its file's shape (docs/money.md "Scenarios"); a change sends
 * only what changes (investments and effects each whole). Problems are named by their
 * path in that shape ("effects[0].low_pct"). */
static const char *const scenario_create_fields[] = {"slug",    "name",           "area",       "owner", "description",
                                                     "made_up?", "investments[{}]", "effects[{}]", NULL};
static const char *const scenario_change_fields[] = {"name",           "area",       "owner", "description", "made_up?",
                                                     "investments[{}]", "effects[{}]", NULL};
static const char refused_scenario[] =
    "Only The Promise Scotland's staff, and an organisation's editors for its own scenarios, change scenarios.";

static enum api_outcome scenario_write(struct api_call *c, json_t *stored)
{
	json_t *v = stored ? json_copy(stored) : json_object();
	json_object_update(v, c->body);
	const char *own = json_string_value(json_object_get(c->req->user, "organisation"));
	const char *role = json_string_value(json_object_get(c->req->user, "role"));
	/* An editor's new scenario is their organisation's. */
	if (!stored && own && role && strcmp(role, "editor") == 0 && !json_string_value(json_object_get(v, "owner")))
		json_object_set_new(v, "owner", json_string(own));
	/* a scenario not theirs is refused (403); an area not theirs for what is sent is a
	 * problem with the area (422), as the form says */
	if ((stored && !scenario_may_write(c->req->store, c->req->user, json_string_value(json_object_get(stored, "owner")),
	                                   json_string_value(json_object_get(stored, "area")))) ||
	    !scenario_may_own(c->req->user, json_string_value(json_object_get(v, "owner")))) {
		json_decref(v);
		c->refused = refused_scenario;
		return API_FORBIDDEN;
	}
	static _Thread_local struct money_scenario sc;
	static _Thread_local struct money_scenario_about about;
	int n = scenario_check(c->req->store, v, &sc, &about, c->errors, &c->e);
	json_decref(v);
	if (n < 0)
		return API_FAILED;
	if (!json_object_get(c->errors, "area") && !scenario_area_theirs(c->req->store, c->req->user, about.area)) {
		json_object_set_new(c->errors, "area",
		                    json_string("you keep scenarios only for your own organisation's area"));
		n++;
	}
	if (n > 0)
		return API_INVALID;
	if (stored)
		return scenario_change(c->req->store, c->actor, c->id, &sc, &about, &c->e) < 0 ? API_FAILED : API_DONE;
	if (scenario_create(c->req->store, c->actor, &sc, &about, &c->e) < 0)
		return API_FAILED;
	snprintf(c->created, sizeof c->created, "%s", about.slug);
	return API_DONE;
}

static enum api_outcome scenario_create_api(struct api_call *c)
{
	return scenario_write(c, NULL);
}

static enum api_outcome scenario_patch(struct api_call *c)
{
	json_t *stored = scenario_get(c->req->store, c->id, &c->e);
	if (!stored)
		return API_FAILED;
	enum api_outcome r = scenario_write(c, stored);
	json_decref(stored);
	return r;
}

static enum api_outcome scenario_remove(struct api_call *c)
{
	json_t *stored = scenario_get(c->req->store, c->id, &c->e);
	if (!stored)
		return API_FAILED;
	bool may = scenario_may_write(c->req->store, c->req->user, json_string_value(json_object_get(stored, "owner")),
	                              json_string_value(json_object_get(stored, "area")));
	json_decref(stored);
	if (!may) {
		c->refused = refused_scenario;
		return API_FORBIDDEN;
	}
	return scenario_delete(c->req->store, c->actor, c->id, &c->e) < 0 ? API_FAILED : API_DONE;
}

/* The resources the API writes. A new one is one more row: its fields and the
 * functions that call its domain rules. */
/* ---- The Money's spend lines (docs/money.md "Spend") ----
 * year, share and amount may be sent as numbers or as text; pooled and made_up as
 * "yes" or "no". An organisation's editors write their own organisation's lines. */

static const char *const spend_fields[] = {"area",   "year#",  "organisation", "heading",     "level",
                                           "kind",   "pooled", "share#",       "pooled_with", "amount#",
                                           "source", "source_date", "made_up", NULL};
static const char refused_spend[] =
    "You can enter spend only for your own organisation. Ask The Promise Scotland if this needs changing.";

/* The form of a write: the body's fields over stored's (NULL for a create). */
static struct spend_form spend_from(struct api_call *c, json_t *stored, char num[3][40])
{
	return (struct spend_form){merged(c->body, stored, "area"),        number_field(c->body, stored, "year", num[0]),
	                           merged(c->body, stored, "organisation"), merged(c->body, stored, "heading"),
	                           merged(c->body, stored, "level"),        merged(c->body, stored, "kind"),
	                           merged(c->body, stored, "pooled"),       number_field(c->body, stored, "share", num[1]),
	                           merged(c->body, stored, "pooled_with"),  number_field(c->body, stored, "amount", num[2]),
	                           merged(c->body, stored, "source"),       merged(c->body, stored, "source_date"),
	                           merged(c->body, stored, "made_up")};
}

static enum api_outcome spend_create(struct api_call *c)
{
	/* without a payer named, whether this person may enter any line at all */
	const char *org = body_str(c->body, "organisation"),
	           *own = json_string_value(json_object_get(c->req->user, "organisation"));
	if (!spend_may_edit(c->req->user, org && *org ? org : own ? own : "")) {
		c->refused = refused_spend;
		return API_FORBIDDEN;
	}
	char num[3][40];
	struct spend_form f = spend_from(c, NULL, num);
	struct spend_line l;
	if (spend_form_check(c->req->store, &f, &l, c->errors) > 0)
		return API_INVALID;
	return spend_add(c->req->store, c->actor, &l, c->created, &c->e) < 0 ? API_FAILED : API_DONE;
}

static json_t *spend_target(struct api_call *c, enum api_outcome *r)
{
	json_t *item = find(c, "spend", c->id);
	if (!item) {
		*r = API_FAILED;
		return NULL;
	}
	if (!spend_may_edit(c->req->user, json_string_value(json_object_get(item, "organisation")))) {
		json_decref(item);
		c->refused = refused_spend;
		*r = API_FORBIDDEN;
		return NULL;
	}
	return item;
}

static enum api_outcome spend_patch(struct api_call *c)
{
	enum api_outcome r = API_DONE;
	json_t *item = spend_target(c, &r);
	if (!item)
		return r;
	char num[3][40];
	struct spend_form f = spend_from(c, item, num);
	struct spend_line l;
	if (f.organisation && !spend_may_edit(c->req->user, f.organisation)) {
		c->refused = refused_spend;
		r = API_FORBIDDEN;
	} else if (spend_form_check(c->req->store, &f, &l, c->errors) > 0)
		r = API_INVALID;
	else if (spend_change(c->req->store, c->actor, c->id, &l, &c->e) < 0)
		r = API_FAILED;
	json_decref(item);
	return r;
}

static enum api_outcome spend_remove(struct api_call *c)
{
	enum api_outcome r = API_DONE;
	json_t *item = spend_target(c, &r);
	if (!item)
		return r;
	json_decref(item);
	return spend_delete(c->req->store, c->actor, c->id, &c->e) < 0 ? API_FAILED : API_DONE;
}

static const struct api_writer writers[] = {
    {"organisations", organisation_fields, organisation_fields, organisation_create, organisation_patch,
     organisation_remove},
    {"commitments", commitment_create_fields, commitment_change_fields, commitment_create, commitment_patch,
     commitment_remove},
    {"leads", lead_create_fields, lead_change_fields, lead_create, lead_patch, lead_delete},
    {"heard", heard_fields, NULL, heard_create, NULL, heard_remove},
    {"evidence", evidence_create_fields, evidence_change_fields, evidence_create, evidence_patch,
     evidence_remove},
    {"assessments", assessment_fields, NULL, assessment_create, NULL, NULL},
    {"indicators", indicator_fields, indicator_fields, indicator_create, indicator_patch, NULL},
    {"targets", target_fields, target_fields, target_create, target_patch, target_remove},
    {"observations", observation_fields, NULL, observation_create, NULL, observation_remove},
    {"plans", plan_create_fields, plan_change_fields, plan_create, plan_patch, plan_remove},
    {"phases", phase_create_fields, phase_change_fields, phase_create, phase_patch, phase_remove},
    {"priorities", priority_create_fields, priority_change_fields, priority_create, priority_patch, priority_remove},
    {"actions", action_create_fields, action_change_fields, action_create, action_patch, action_remove},
    {"milestones", milestone_create_fields, milestone_change_fields, milestone_create, milestone_patch,
     milestone_remove},
    {"scenarios", scenario_create_fields, scenario_change_fields, scenario_create_api, scenario_patch, scenario_remove},
    {"spend", spend_fields, spend_fields, spend_create, spend_patch, spend_remove},
};

/* ---- the dispatch ---- */

static void send_internal(struct web_response *res, const char *what, const struct kerr *e)
{
	log_error("api: %s: %s", what, e->msg);
	web_json_error(res, 500, "internal", internal_message);
}

/* {"error": {"code": "invalid", "message", "fields": errors (taken)}} with 422. */
static void send_invalid(struct web_response *res, json_t *errors)
{
	json_t *root =
	    json_pack("{s:{s:s, s:s, s:o}}", "error", "code", "invalid", "message",
	              "Some fields are not right: see fields. Nothing was saved.", "fields", errors);
	web_json(res, 422, root);
}

/* A domain or store refusal as an answer. */
static void send_failure(struct web_response *res, const char *what, const struct kerr *e)
{
	switch (e->code) {
	case KERR_NOTFOUND:
		web_json_error(res, 404, "not_found", e->msg);
		break;
	case KERR_CONFLICT:
		web_json_error(res, 409, "conflict", e->msg);
		break;
	case KERR_INVALID:
		web_json_error(res, 422, "invalid", e->msg);
		break;
	default:
		send_internal(res, what, e);
		break;
	}
}

/* The JSON object a write sent, checked against fields (NULL-terminated): 400 naming
 * the first unknown field or value that is not a string or null. NULL when answered.
 * A DELETE (fields NULL) may send nothing or an empty object. */
static json_t *checked_body(struct web_request *req, struct web_response *res, const char *const *fields)
{
	if (!req->json) {
		if (!fields && req->body_len == 0)
			return json_object();
		web_json_error(res, 400, "bad_body",
		               "Send a JSON object with Content-Type: application/json, for example "
		               "{\"text\": \"...\"}.");
		return NULL;
	}
	const char *key;
	json_t *v;
	json_object_foreach(req->json, key, v)
	{
		/* A field's name may end in its type: "[]" an array of strings, "[{}]" an array
		 * of objects (each checked by the writer), "{}" an object
		 * (or null), "?" a boolean, "#" a number (or a string holding one, or null); any
		 * other name is a string (or null). */
		char type = 0;
		for (const char *const *f = fields; f && *f; f++) {
			size_t n = strcspn(*f, "[{?#");
			if (strlen(key) == n && strncmp(*f, key, n) == 0)
				type = (*f)[n] == '[' && (*f)[n + 1] == '{' ? 'o' : (*f)[n] ? (*f)[n] : 's';
		}
		struct buf m = {0};
		if (!type) {
			buf_printf(&m, "unknown field '%.100s': ", key);
			if (!fields || !*fields) {
				buf_puts(&m, "this request takes no fields");
			} else {
				buf_puts(&m, "this request takes ");
				for (const char *const *f = fields; *f; f++)
					buf_printf(&m, "%s%.*s", f == fields ? "" : ", ", (int)strcspn(*f, "[{?#"), *f);
			}
		} else if (type == 's' && !json_is_string(v) && !json_is_null(v)) {
			buf_printf(&m, "field '%s' must be a string (or null to leave it not known)", key);
		} else if (type == '#' && !json_is_number(v) && !json_is_string(v) && !json_is_null(v)) {
			buf_printf(&m, "field '%s' must be a number (or null)", key);
		} else if (type == '?' && !json_is_boolean(v)) {
			buf_printf(&m, "field '%s' must be true or false", key);
		} else if (type == '{' && !json_is_object(v) && !json_is_null(v)) {
			buf_printf(&m, "field '%s' must be an object (or null)", key);
		} else if (type == 'o') {
			bool ok = json_is_array(v);
			size_t i;
			json_t *x;
			json_array_foreach(v, i, x) if (!json_is_object(x)) ok = false;
			if (!ok)
				buf_printf(&m, "field '%s' must be an array of objects", key);
		} else if (type == '[') {
			bool ok = json_is_array(v);
			size_t i;
			json_t *x;
			json_array_foreach(v, i, x) if (!json_is_string(x)) ok = false;
			if (!ok)
				buf_printf(&m, "field '%s' must be an array of strings", key);
		}
		if (m.len) {
			web_json_error(res, 400, "bad_body", buf_str(&m));
			buf_free(&m);
			return NULL;
		}
	}
	return json_incref(req->json);
}

/* Answers 401 when no one is signed in; true when someone is. */
static bool signed_in(struct web_request *req, struct web_response *res)
{
	if (req->user)
		return true;
	web_json_error(
	    res, 401, "unauthorized",
	    "Sign in first: POST /api/v1/session with {\"email\", \"password\"} gives a token to send as "
	    "Authorization: Bearer <token>.");
	return false;
}

/* Runs one write of resource (id NULL for a create) and answers it. */
static void api_write(struct web_request *req, struct web_response *res, const char *resource, const char *id)
{
	const struct api_writer *w = NULL;
	for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++)
		if (strcmp(writers[i].resource, resource) == 0)
			w = &writers[i];
	bool readable = false;
	for (const char *const *r = store_resources; *r; r++)
		if (strcmp(*r, resource) == 0)
			readable = true;
	if (!w && !readable) {
		web_json_error(res, 404, "not_found", "There is nothing at this address.");
		return;
	}
	bool del = strcmp(req->method, "DELETE") == 0;
	api_fn fn = !w ? NULL : !id ? w->create : del ? w->remove : w->change;
	if (!fn) {
		char m[200];
		snprintf(m, sizeof m, "%s cannot be %s through the API.", resource,
		         !id   ? "added"
		         : del ? "deleted"
		               : "changed");
		web_json_error(res, 405, "method_not_allowed", m);
		return;
	}
	if (!signed_in(req, res))
		return;
	json_t *body = checked_body(req, res, del ? NULL : !id ? w->create_fields : w->change_fields);
	if (!body)
		return;
	struct api_call c = {.req = req, .id = id, .body = body, .errors = json_object()};
	c.actor = json_string_value(json_object_get(req->user, "email"));
	enum api_outcome r = fn(&c);
	json_decref(body);
	res->cache_control = "no-store";
	if (r == API_FORBIDDEN) {
		web_json_error(res, 403, "forbidden", c.refused);
	} else if (r == API_INVALID) {
		send_invalid(res, c.errors);
		c.errors = NULL;
	} else if (r == API_FAILED) {
		send_failure(res, resource, &c.e);
	} else if (del) {
		res->status = 204;
		buf_reset(&res->body);
	} else {
		const char *shown = id ? id : c.created;
		struct kerr e = {0};
		/* Evidence just written may not be published yet: its writer may see it. */
		const char *readback = strcmp(resource, "evidence") == 0 ? "evidence-all" : resource;
		json_t *item = store_resource_get(req->store, readback, shown, &e);
		if (!item) {
			send_internal(res, "reading back a write", &e);
		} else {
			if (!id) {
				char action[128], org[128];
				if (strcmp(resource, "leads") == 0 &&
				    sscanf(shown, "%127[^/]/%127s", action, org) == 2)
					snprintf(res->location, sizeof res->location,
					         "/api/v1/actions/%s/leads/%s", action, org);
				else
					snprintf(res->location, sizeof res->location, "/api/v1/%s/%s",
					         resource, shown);
			}
			web_json(res, id || c.replaced ? 200 : 201, json_pack("{s:o}", "data", item));
		}
	}
	json_decref(c.errors);
}

void web_api_write(struct web_request *req, struct web_response *res)
{
	api_write(req, res, req->params[0], req->nparams > 1 ? req->params[1] : NULL);
}

/* DELETE /api/v1/observations/<indicator>/<area>/<period>: a figure's id holds
 * slashes, so it takes three segments. */
void web_api_observation_write(struct web_request *req, struct web_response *res)
{
	char id[400];
	snprintf(id, sizeof id, "%s/%s/%s", req->params[0], req->params[1], req->params[2]);
	api_write(req, res, "observations", id);
}

void web_api_lead_write(struct web_request *req, struct web_response *res)
{
	char id[256];
	snprintf(id, sizeof id, "%s/%s", req->params[0], req->params[1]);
	api_write(req, res, "leads", id);
}

/* GET /api/v1/actions/<action>/leads/<organisation>: one lead, as the list shows it. */
void web_api_lead_get(struct web_request *req, struct web_response *res)
{
	if (req->query.n > 0) {
		char m[200];
		snprintf(m, sizeof m, "unknown parameter '%.60s': this endpoint takes no parameters", req->query.p[0].name);
		web_json_error(res, 400, "bad_parameter", m);
		return;
	}
	char id[256];
	snprintf(id, sizeof id, "%s/%s", req->params[0], req->params[1]);
	struct kerr e = {0};
	json_t *item = store_resource_get(req->store, "leads", id, &e);
	if (!item) {
		send_failure(res, "lead", &e);
		return;
	}
	web_json(res, 200, json_pack("{s:o}", "data", item));
}

/* POST /api/v1/commitments/<slug>/updates {date, status, text}: a dated timeline entry;
 * 201 {"data": {commitment, at, status, text}}, Location the commitment. */
void web_api_commitment_update(struct web_request *req, struct web_response *res)
{
	static const char *const fields[] = {"date", "status", "text", NULL};
	if (!signed_in(req, res))
		return;
	json_t *body = checked_body(req, res, fields);
	if (!body)
		return;
	struct api_call c = {.req = req, .id = req->params[0], .body = body, .errors = json_object()};
	enum api_outcome r = API_DONE;
	json_t *item = commitment_target(&c, &r), *entry = NULL;
	res->cache_control = "no-store";
	if (item) {
		struct commitment_update_form f = {body_str(body, "date"), body_str(body, "status"),
		                                   body_str(body, "text")};
		if (commitment_update_check(&f, req->today, c.errors) > 0)
			r = API_INVALID;
		else if (commitment_update_add(req->store,
		                               json_string_value(json_object_get(req->user, "email")), c.id,
		                               &f, req->today, &entry, &c.e) < 0)
			r = API_FAILED;
	}
	if (r == API_FORBIDDEN) {
		web_json_error(res, 403, "forbidden", c.refused);
	} else if (r == API_INVALID) {
		send_invalid(res, c.errors);
		c.errors = NULL;
	} else if (r == API_FAILED) {
		send_failure(res, "commitment update", &c.e);
	} else {
		snprintf(res->location, sizeof res->location, "/api/v1/commitments/%s", c.id);
		web_json(res, 201, json_pack("{s:o}", "data", entry));
	}
	json_decref(item);
	json_decref(body);
	json_decref(c.errors);
}

/* POST /api/v1/redactions {kind, id, field, reason}: removes a text (redact, in the
 * domain); 201 {"data": {kind, id, field, text}} with the words that now stand for it. */
void web_api_redact(struct web_request *req, struct web_response *res)
{
	static const char *const fields[] = {"kind", "id", "field", "reason", NULL};
	if (!signed_in(req, res))
		return;
	res->cache_control = "no-store";
	if (!redact_may(req->user)) {
		web_json_error(res, 403, "forbidden", "Only The Promise Scotland's staff remove texts.");
		return;
	}
	json_t *body = checked_body(req, res, fields);
	if (!body)
		return;
	struct redaction r = {body_str(body, "kind"), body_str(body, "id"), body_str(body, "field"),
	                      body_str(body, "reason")};
	json_t *errors = json_object();
	struct kerr e = {0};
	if (redact_check(&r, errors) > 0) {
		send_invalid(res, errors);
		errors = NULL;
	} else if (redact(req->store, json_string_value(json_object_get(req->user, "email")), &r, &e) < 0) {
		send_failure(res, "redaction", &e);
	} else {
		char words[160], today[11];
		date_format(req->today, today);
		redact_words(today, words, sizeof words);
		web_json(res, 201, json_pack("{s:{s:s, s:s, s:s, s:s}}", "data", "kind", r.kind, "id", r.id, "field",
		                             r.field, "text", words));
	}
	json_decref(errors);
	json_decref(body);
}

/* ---- signing in for programs ---- */

/* POST /api/v1/session {email, password}: 201 {"data": {token, expires, email, role,
 * organisation}}; 401 for a wrong email or password, 429 after too many. The same
 * account_login as the sign-in form, so the same rate limits; the password is never
 * logged. */
void web_api_session_start(struct web_request *req, struct web_response *res)
{
	static const char *const fields[] = {"email", "password", NULL};
	res->cache_control = "no-store";
	json_t *body = checked_body(req, res, fields);
	if (!body)
		return;
	const char *email = body_str(body, "email"), *password = body_str(body, "password");
	json_t *errors = json_object();
	if (!email || !*email)
		json_object_set_new(errors, "email", json_string("Enter your email address."));
	if (!password || !*password)
		json_object_set_new(errors, "password", json_string("Enter your password."));
	if (json_object_size(errors)) {
		json_decref(body);
		send_invalid(res, errors);
		return;
	}
	json_decref(errors);
	struct account_login in;
	struct kerr e = {0};
	time_t now = time(NULL);
	int rc = account_login(req->store, email, password, req->client, ACCOUNT_API, now, &in, &e);
	json_decref(body);
	if (rc < 0) {
		if (e.code == KERR_INVALID) {
			log_info("api sign-in refused (wrong email or password)");
			web_json_error(res, 401, "unauthorized", e.msg);
		} else if (e.code == KERR_CONFLICT) {
			log_info("api sign-in refused (rate limit)");
			web_json_error(res, 429, "too_many_attempts", e.msg);
			res->retry_after = in.wait;
		} else {
			send_internal(res, "sign-in", &e);
		}
		return;
	}
	json_t *session = account_session(req->store, in.token, ACCOUNT_API, now, &e);
	if (!session) {
		send_internal(res, "reading a new session", &e);
		return;
	}
	json_t *data = json_pack("{s:s, s:O, s:O, s:O, s:O}", "token", in.token, "expires",
	                         json_object_get(session, "expires"), "email",
	                         json_object_get(session, "email"), "role", json_object_get(session, "role"),
	                         "organisation", json_object_get(session, "organisation"));
	json_decref(session);
	web_json(res, 201, json_pack("{s:o}", "data", data));
}

/* DELETE /api/v1/session: ends the session whose token the request carries; 204. */
void web_api_session_end(struct web_request *req, struct web_response *res)
{
	if (!signed_in(req, res))
		return;
	struct kerr e = {0};
	if (account_logout(req->store, req->session_token, req->bearer ? ACCOUNT_API : ACCOUNT_BROWSER, &e) < 0) {
		send_internal(res, "sign-out", &e);
		return;
	}
	res->status = 204;
	res->cache_control = "no-store";
	buf_reset(&res->body);
}
