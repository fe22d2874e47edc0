/* Heard notes changed and deleted on the web, and texts removed (redacted): a heard
 * note's, evidence's, a commitment's, an entry of a commitment's timeline, an
 * assessment's, a target's note. Staff and admins only; the
 * rules and the writes are the domain's (heard_change, heard_delete, redact). */
#include "web/page.h"

#include "base/log.h"
#include "base/text.h"
#include "plan/commitment.h"
#include "plan/evidence.h"
#include "plan/history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char refused_heard[] = "Only The Promise Scotland's staff change what has been heard.";
static const char refused_redact[] = "Only The Promise Scotland's staff remove texts.";

/* ---- a heard note: change, delete ---- */

/* The heard note in the path ({id, action, text, ...}) with its action's title, when the
 * signed-in person may change it; NULL when answered (sign in, 403, 404). */
static json_t *heard_note(struct web_request *req, struct web_response *res, bool (*may)(json_t *user),
                          const char *refused)
{
	const char *id = page_slug_param(req, res);
	if (!id || !page_signed_in(req, res))
		return NULL;
	if (!may(req->user)) {
		web_error_page(req, res, 403, refused);
		return NULL;
	}
	struct kerr e = {0};
	json_t *note = store_resource_get(req->store, "heard", id, &e);
	json_t *a = note ? store_resource_get(req->store, "actions", page_str(note, "action"), &e) : NULL;
	if (!a) {
		json_decref(note);
		page_read_failed(req, res, "heard note", &e);
		return NULL;
	}
	json_object_set(note, "action_title", json_object_get(a, "title"));
	json_decref(a);
	return note;
}

static json_t *note_crumbs(json_t *note, const char *last)
{
	json_t *crumbs = page_crumbs_new();
	char href[200];
	snprintf(href, sizeof href, "/actions/%s#heard", page_str(note, "action"));
	page_crumb_add(crumbs, href, page_str(note, "action_title"));
	page_crumb_add(crumbs, "", last);
	return crumbs;
}

static void heard_edit_form(struct web_request *req, struct web_response *res, int status, json_t *note,
                            const char *text, json_t *errors)
{
	json_t *ctx = json_pack("{s:s, s:O, s:O, s:O, s:{s:s}, s:s}", "title",
	                        errors ? "Error: change what has been heard" : "Change what has been heard",
	                        "id", json_object_get(note, "id"), "action", json_object_get(note, "action"),
	                        "action_title", json_object_get(note, "action_title"), "form", "text",
	                        text ? text : "", "csrf", page_str(req->user, "csrf"));
	if (errors) {
		json_object_set_new(ctx, "error_list", page_error_list(errors));
		json_object_set_new(ctx, "has_errors", json_true());
		json_object_set_new(ctx, "errors", errors);
	}
	json_object_set_new(ctx, "breadcrumbs", note_crumbs(note, "Change what has been heard"));
	web_page(req, res, status, "heard_edit", ctx);
	res->cache_control = "no-store";
}

void web_page_heard_edit(struct web_request *req, struct web_response *res)
{
	json_t *note = heard_note(req, res, heard_may_add, refused_heard);
	if (!note)
		return;
	heard_edit_form(req, res, 200, note, page_str(note, "text"), NULL);
	json_decref(note);
}

void web_heard_edit_post(struct web_request *req, struct web_response *res)
{
	json_t *note = heard_note(req, res, heard_may_add, refused_heard);
	if (!note)
		return;
	const char *text = query_get(&req->form, "text");
	struct kerr e = {0};
	if (heard_change(req->store, page_str(req->user, "email"), page_str(note, "id"), text, &e) < 0) {
		if (e.code == KERR_INVALID)
			heard_edit_form(req, res, 400, note, text, json_pack("{s:s}", "text", e.msg));
		else
			page_saved(req, res, -1, &e, "/actions/", page_str(note, "action"));
		json_decref(note);
		return;
	}
	char to[200];
	snprintf(to, sizeof to, "/actions/%s#heard", page_str(note, "action"));
	json_decref(note);
	web_redirect(res, to);
}

void web_page_heard_delete(struct web_request *req, struct web_response *res)
{
	json_t *note = heard_note(req, res, heard_may_add, refused_heard);
	if (!note)
		return;
	char back[200], action[200], heading[400];
	snprintf(back, sizeof back, "/actions/%s#heard", page_str(note, "action"));
	snprintf(action, sizeof action, "/heard/%s/delete", page_str(note, "id"));
	snprintf(heading, sizeof heading, "Delete a note of what has been heard about %s?",
	         page_str(note, "action_title"));
	struct page_delete d = {"Delete what has been heard",
	                        heading,
	                        page_str(note, "text"),
	                        "Deleting it removes the note from the action's page, and its text from the "
	                        "history of changes. Only "
	                        "admins can still read it, in the audit log, with your name.",
	                        NULL,
	                        action,
	                        "Yes, delete this note",
	                        back,
	                        "No, go back to the action"};
	page_delete_confirm(req, res, &d, note_crumbs(note, "Delete"));
	json_decref(note);
}

void web_heard_delete_post(struct web_request *req, struct web_response *res)
{
	json_t *note = heard_note(req, res, heard_may_add, refused_heard);
	if (!note)
		return;
	struct kerr e = {0};
	char action[160];
	snprintf(action, sizeof action, "%s", page_str(note, "action"));
	int rc = heard_delete(req->store, page_str(req->user, "email"), page_str(note, "id"), &e);
	json_decref(note);
	if (rc == 0) {
		char to[200];
		snprintf(to, sizeof to, "/actions/%s#heard", action);
		web_redirect(res, to);
		return;
	}
	page_saved(req, res, rc, &e, "/actions/", action);
}

/* ---- removing a text ---- */

/* What a removal form is about: the domain's kind and id, the texts that may be chosen
 * ({key, words, text}), where to go back to, and the record's words. */
struct removal {
	const char *kind;
	char id[300];
	json_t *choices; /* [{key, words, text}], texts that are there to remove */
	char back[300], form_action[400], heading[300];
};

static const char *const evidence_texts[][2] = {
    {"title", "Its title"},
    {"will_do", "What they will do"},
    {"support_needed", "What support they need"},
    {"help_offered", "What help they can offer"},
};

/* Fills r from the path; false when answered (sign in, 403, 404). */
static bool removal_target(struct web_request *req, struct web_response *res, const char *kind,
                           struct removal *r)
{
	const char *id = page_slug_param(req, res);
	if (!id || !page_signed_in(req, res))
		return false;
	if (!redact_may(req->user)) {
		web_error_page(req, res, 403, refused_redact);
		return false;
	}
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->choices = json_array();
	struct kerr e = {0};
	json_t *rec = NULL;
	if (strcmp(kind, "heard") == 0) {
		rec = store_resource_get(req->store, "heard", id, &e);
		snprintf(r->id, sizeof r->id, "%s", id);
		snprintf(r->back, sizeof r->back, "/actions/%s#heard", rec ? page_str(rec, "action") : "");
		snprintf(r->form_action, sizeof r->form_action, "/heard/%s/remove-text", id);
		snprintf(r->heading, sizeof r->heading, "Remove the text of a note of what has been heard?");
		if (rec)
			json_array_append_new(r->choices,
			                      json_pack("{s:s, s:s, s:O}", "key", "text", "words", "The note",
			                                "text", json_object_get(rec, "text")));
	} else if (strcmp(kind, "evidence") == 0) {
		rec = store_resource_get(req->store, "evidence-all", id, &e);
		snprintf(r->id, sizeof r->id, "%s", id);
		snprintf(r->back, sizeof r->back, "/evidence/%s", id);
		snprintf(r->form_action, sizeof r->form_action, "/evidence/%s/remove-text", id);
		snprintf(r->heading, sizeof r->heading, "Remove a text of evidence from %s?",
		         rec ? page_str(rec, "organisation") : "");
		for (size_t i = 0; rec && i < sizeof evidence_texts / sizeof evidence_texts[0]; i++) {
			const char *t = page_str(rec, evidence_texts[i][0]);
			if (t && *t)
				json_array_append_new(r->choices, json_pack("{s:s, s:s, s:s}", "key",
				                                            evidence_texts[i][0], "words",
				                                            evidence_texts[i][1], "text", t));
		}
	} else if (strcmp(kind, "commitment") == 0) {
		rec = store_resource_get(req->store, "commitments", id, &e);
		snprintf(r->id, sizeof r->id, "%s", id);
		snprintf(r->back, sizeof r->back, "/commitments/%s", id);
		snprintf(r->form_action, sizeof r->form_action, "/commitments/%s/remove-text", id);
		snprintf(r->heading, sizeof r->heading, "Remove a text of a commitment?");
		static const char *const commitment_texts[][2] = {{"text", "What will be done"},
		                                                  {"due_text", "When, in words"}};
		for (size_t i = 0; rec && i < 2; i++) {
			const char *t = page_str(rec, commitment_texts[i][0]);
			if (t && *t)
				json_array_append_new(
				    r->choices, json_pack("{s:s, s:s, s:s}", "key", commitment_texts[i][0],
				                          "words", commitment_texts[i][1], "text", t));
		}
	} else if (strcmp(kind, "target") == 0) {
		rec = store_resource_get(req->store, "targets", id, &e);
		snprintf(r->id, sizeof r->id, "%s", id);
		snprintf(r->back, sizeof r->back, "/indicators#target-%s", id);
		snprintf(r->form_action, sizeof r->form_action, "/targets/%s/remove-text", id);
		snprintf(r->heading, sizeof r->heading, "Remove the note of a target?");
		const char *t = rec ? page_str(rec, "note") : NULL;
		if (t && *t)
			json_array_append_new(r->choices, json_pack("{s:s, s:s, s:s}", "key", "note", "words",
			                                            "The note", "text", t));
	} else if (strcmp(kind, "assessment") == 0) {
		rec = store_resource_get(req->store, "assessments", id, &e);
		snprintf(r->id, sizeof r->id, "%s", id);
		snprintf(r->back, sizeof r->back, "/actions/%s#assessment", rec ? page_str(rec, "action") : "");
		snprintf(r->form_action, sizeof r->form_action, "/assessments/%s/remove-text", id);
		snprintf(r->heading, sizeof r->heading, "Remove a text of an assessment by the Oversight Board?");
		static const char *const assessment_texts[][2] = {{"text", "The assessment"},
		                                                  {"next_steps", "Its next steps"}};
		for (size_t i = 0; rec && i < 2; i++) {
			const char *t = page_str(rec, assessment_texts[i][0]);
			if (t && *t)
				json_array_append_new(
				    r->choices, json_pack("{s:s, s:s, s:s}", "key", assessment_texts[i][0],
				                          "words", assessment_texts[i][1], "text", t));
		}
	} else {
		/* An entry of a commitment's timeline: /commitments/SLUG/updates/N/remove-text. */
		const char *n = req->nparams > 1 ? req->params[1] : "";
		char *end = NULL;
		long nth = strtol(n, &end, 10);
		json_t *c = store_commitment(req->store, id, &e);
		json_t *u = c && end && !*end && nth > 0
		                ? json_array_get(json_object_get(c, "updates"), (size_t)nth - 1)
		                : NULL;
		if (c && !u)
			kerr_set(&e, KERR_NOTFOUND, "no entry %s in the timeline of commitment '%s'", n, id);
		if (u) {
			rec = json_incref(c);
			const char *t = page_str(u, "text");
			if (t && *t)
				json_array_append_new(r->choices, json_pack("{s:s, s:s, s:s}", "key", "text",
				                                            "words", "The entry", "text", t));
		}
		json_decref(c);
		snprintf(r->id, sizeof r->id, "%s/%ld", id, nth);
		snprintf(r->back, sizeof r->back, "/commitments/%s", id);
		snprintf(r->form_action, sizeof r->form_action, "/commitments/%s/updates/%ld/remove-text", id,
		         nth);
		snprintf(r->heading, sizeof r->heading, "Remove the text of an update of a commitment?");
	}
	if (!rec) {
		json_decref(r->choices);
		page_read_failed(req, res, "removing a text", &e);
		return false;
	}
	json_decref(rec);
	return true;
}

static void removal_form(struct web_request *req, struct web_response *res, int status, struct removal *r,
                         const char *field, const char *reason, json_t *errors)
{
	char today[11], words[160];
	date_format(req->today, today);
	redact_words(today, words, sizeof words);
	json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:s}, s:s}", "title",
	                        errors ? "Error: remove a text" : "Remove a text", "heading", r->heading,
	                        "words", words, "form_action", r->form_action, "back_href", r->back, "form",
	                        "reason", reason ? reason : "", "csrf", page_str(req->user, "csrf"));
	size_t i;
	json_t *v;
	size_t n = json_array_size(r->choices);
	if (n == 1) {
		v = json_array_get(r->choices, 0);
		page_set_str(ctx, "field", page_str(v, "key"));
		page_set_str(ctx, "text", page_str(v, "text"));
		page_set_blocks(ctx, "text_blocks", "text");
		page_set_str(ctx, "lede", "This is the text that will be removed.");
	} else {
		json_array_foreach(r->choices, i, v)
		{
			json_object_set_new(v, "checked",
			                    json_boolean(field && strcmp(field, page_str(v, "key")) == 0));
		}
		json_object_set(ctx, "choices", r->choices);
		json_object_set_new(ctx, "has_choices", json_boolean(n > 1));
		page_set_str(ctx, "lede",
		             n ? "Choose the text to remove." : "There is no text here to remove.");
	}
	if (errors) {
		json_object_set_new(ctx, "error_list", page_error_list(errors));
		json_object_set_new(ctx, "has_errors", json_true());
		json_object_set_new(ctx, "errors", errors);
	}
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, r->back, "Back");
	page_crumb_add(crumbs, "", "Remove a text");
	json_object_set_new(ctx, "breadcrumbs", crumbs);
	web_page(req, res, status, "redact", ctx);
	res->cache_control = "no-store";
}

static void removal_page(struct web_request *req, struct web_response *res, const char *kind)
{
	struct removal r;
	if (!removal_target(req, res, kind, &r))
		return;
	removal_form(req, res, 200, &r, NULL, NULL, NULL);
	json_decref(r.choices);
}

static void removal_post(struct web_request *req, struct web_response *res, const char *kind)
{
	struct removal r;
	if (!removal_target(req, res, kind, &r))
		return;
	const char *field = query_get(&req->form, "field"), *reason = query_get(&req->form, "reason");
	struct redaction red = {kind, r.id, field, reason};
	json_t *errors = json_object();
	/* Only a text that is there may be chosen. */
	bool offered = false;
	size_t i;
	json_t *v;
	json_array_foreach(r.choices, i, v) if (field && strcmp(field, page_str(v, "key")) == 0) offered =
	    true;
	redact_check(&red, errors);
	if (!offered && !json_object_get(errors, "field"))
		json_object_set_new(errors, "field", json_string("Choose one of the texts listed."));
	if (json_object_size(errors)) {
		removal_form(req, res, 400, &r, field, reason, errors);
		json_decref(r.choices);
		return;
	}
	json_decref(errors);
	json_decref(r.choices);
	struct kerr e = {0};
	if (redact(req->store, page_str(req->user, "email"), &red, &e) < 0) {
		if (e.code == KERR_NOTFOUND) {
			web_error_page(req, res, 404, e.msg);
			return;
		}
		log_error("removing a text: %s", e.msg);
		web_error_page(req, res, 500, NULL);
		return;
	}
	web_redirect(res, r.back);
}

void web_page_heard_redact(struct web_request *req, struct web_response *res)
{
	removal_page(req, res, "heard");
}

void web_heard_redact_post(struct web_request *req, struct web_response *res)
{
	removal_post(req, res, "heard");
}

void web_page_evidence_redact(struct web_request *req, struct web_response *res)
{
	removal_page(req, res, "evidence");
}

void web_evidence_redact_post(struct web_request *req, struct web_response *res)
{
	removal_post(req, res, "evidence");
}

void web_page_commitment_redact(struct web_request *req, struct web_response *res)
{
	removal_page(req, res, "commitment");
}

void web_commitment_redact_post(struct web_request *req, struct web_response *res)
{
	removal_post(req, res, "commitment");
}

void web_page_update_redact(struct web_request *req, struct web_response *res)
{
	removal_page(req, res, "commitment_update");
}

void web_update_redact_post(struct web_request *req, struct web_response *res)
{
	removal_post(req, res, "commitment_update");
}

void web_page_assessment_redact(struct web_request *req, struct web_response *res)
{
	removal_page(req, res, "assessment");
}

void web_assessment_redact_post(struct web_request *req, struct web_response *res)
{
	removal_post(req, res, "assessment");
}

void web_page_target_redact(struct web_request *req, struct web_response *res)
{
	removal_page(req, res, "target");
}

void web_target_redact_post(struct web_request *req, struct web_response *res)
{
	removal_post(req, res, "target");
}
