/* Evidence pages: the form to add evidence to an organisation and to change it (a
 * multipart form with an optional file, or urlencoded without one), its page, its
 * file, and publishing. Who may see, change and publish is the domain's rule
 * (src/plan/evidence.c); this file only asks. Evidence a person may not see answers 404
 * exactly as evidence that does not exist, so that its existence does not leak. */
#include "web/page.h"

#include "base/log.h"
#include "base/mem.h"
#include "plan/evidence.h"
#include "plan/history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "13 bytes", "12 KB", "2.1 MB" */
static void size_words(json_t *o, const char *key, json_int_t size)
{
	char s[32];
	if (size < 1024)
		snprintf(s, sizeof s, "%lld byte%s", (long long)size, size == 1 ? "" : "s");
	else if (size < 1024 * 1024)
		snprintf(s, sizeof s, "%lld KB", (long long)((size + 1023) / 1024));
	else
		snprintf(s, sizeof s, "%.1f MB", (double)size / (1024.0 * 1024.0));
	page_set_str(o, key, s);
}

/* The evidence in the path as store_evidence gives it, when the person asking may see
 * it; otherwise NULL after answering 404 (the same answer as for evidence that does
 * not exist). */
static json_t *visible(struct web_request *req, struct web_response *res, const char *slug)
{
	struct kerr e = {0};
	json_t *ev = store_evidence(req->store, slug, &e);
	if (!ev) {
		page_read_failed(req, res, "evidence", &e);
		return NULL;
	}
	if (!evidence_may_see(req->user, ev)) {
		json_decref(ev);
		char msg[200];
		snprintf(msg, sizeof msg, "no evidence called '%s'", slug);
		web_error_page(req, res, 404, msg);
		return NULL;
	}
	return ev;
}

/* ---- the form ---- */

/* A form's fields from the request, borrowing from it; actions is an array the caller
 * frees. */
static void form_read(struct web_request *req, struct evidence_form *f, const char ***actions)
{
	const struct query *q = &req->form;
	memset(f, 0, sizeof *f);
	f->kind = query_get(q, "kind");
	f->title = query_get(q, "title");
	f->will_do = query_get(q, "will_do");
	f->support_needed = query_get(q, "support_needed");
	f->help_offered = query_get(q, "help_offered");
	*actions = xcalloc(q->n + 1, sizeof **actions);
	for (size_t i = 0; i < q->n; i++)
		if (strcmp(q->p[i].name, "actions") == 0 && q->p[i].value[0])
			(*actions)[f->nactions++] = q->p[i].value;
	f->actions = *actions;
	const char *remove = query_get(q, "remove_file");
	f->remove_file = remove && *remove;
	for (size_t i = 0; i < req->nfiles; i++) {
		const struct upload *u = &req->files[i];
		/* A file input left empty sends a part with no name and no bytes. */
		if (strcmp(u->field, "file") != 0 || (!u->filename[0] && u->len == 0))
			continue;
		f->has_file = true;
		f->file_name = u->filename;
		f->file_data = u->data;
		f->file_len = u->len;
	}
}

/* Renders the form for ctx (taken: {organisation: {slug, name}} and, when changing,
 * the evidence's slug, file_name and file_size) with f and errors (taken). */
static void evidence_form_page(struct web_request *req, struct web_response *res, int status, json_t *ctx,
                               const struct evidence_form *f, json_t *errors)
{
	struct kerr e = {0};
	json_t *actions = store_resource_all(req->store, "actions", &e);
	if (!actions) {
		json_decref(ctx);
		json_decref(errors);
		page_read_failed(req, res, "evidence form", &e);
		return;
	}
	size_t i;
	json_t *v;
	json_t *opts = json_array();
	json_array_foreach(actions, i, v)
	{
		const char *id = page_str(v, "id");
		bool chosen = false;
		for (size_t k = 0; k < f->nactions; k++)
			chosen |= strcmp(f->actions[k], id) == 0;
		json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "id", id, "title", page_str(v, "title"), "selected",
		                                      chosen));
	}
	json_decref(actions);
	json_object_set_new(ctx, "actions", opts);
	json_t *kinds = json_array();
	for (size_t k = 0; evidence_kinds[k]; k++) {
		/* The first radio carries the id the error summary links to. */
		char id[40];
		snprintf(id, sizeof id, k == 0 ? "kind" : "kind-%s", evidence_kinds[k]);
		json_array_append_new(kinds, json_pack("{s:s, s:s, s:s, s:b}", "id", id, "key", evidence_kinds[k], "words",
		                                       evidence_kind_words(evidence_kinds[k]), "checked",
		                                       f->kind && strcmp(f->kind, evidence_kinds[k]) == 0));
	}
	json_object_set_new(ctx, "kinds", kinds);
	json_object_set_new(ctx, "form",
	                    json_pack("{s:s, s:s, s:s, s:s, s:b}", "title", f->title ? f->title : "", "will_do",
	                              f->will_do ? f->will_do : "", "support_needed", f->support_needed ? f->support_needed : "",
	                              "help_offered", f->help_offered ? f->help_offered : "", "remove_file", f->remove_file));
	json_t *list = page_error_list(errors);
	if (json_array_size(list)) {
		json_object_set_new(ctx, "has_errors", json_true());
		json_object_set_new(ctx, "choose_again", json_true());
	}
	json_object_set_new(ctx, "error_list", list);
	json_object_set_new(ctx, "errors", errors);
	page_set_str(ctx, "csrf", page_str(req->user, "csrf"));
	const char *slug = page_str(ctx, "slug"), *org = page_slug(ctx, "organisation");
	bool adding = !slug;
	if (json_is_string(json_object_get(ctx, "file_name"))) {
		json_object_set_new(ctx, "has_file", json_true());
		size_words(ctx, "file_size_words", json_integer_value(json_object_get(ctx, "file_size")));
	}
	char back[200], action[240];
	if (adding) {
		snprintf(back, sizeof back, "/organisations/%s", org);
		snprintf(action, sizeof action, "/organisations/%s/evidence/new", org);
	} else {
		snprintf(back, sizeof back, "/evidence/%s", slug);
		snprintf(action, sizeof action, "/evidence/%s/edit", slug);
	}
	page_set_str(ctx, "form_action", action);
	page_set_str(ctx, "back_href", back);
	page_set_str(ctx, "heading", adding ? "Add evidence from" : "Change evidence from");
	page_set_str(ctx, "button", adding ? "Submit the evidence" : "Save the changes");
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/organisations", "Organisations");
	char href[200];
	snprintf(href, sizeof href, "/organisations/%s", org);
	page_crumb_add(crumbs, href, json_string_value(json_object_get(json_object_get(ctx, "organisation"), "name")));
	if (!adding)
		page_crumb_add(crumbs, back, "Evidence");
	page_crumb_add(crumbs, "", adding ? "Add evidence" : "Change");
	json_object_set_new(ctx, "breadcrumbs", crumbs);
	char title[64];
	snprintf(title, sizeof title, "%s%s evidence", json_array_size(list) ? "Error: " : "", adding ? "Add" : "Change");
	page_set_str(ctx, "title", title);
	web_page(req, res, status, "evidence_edit", ctx);
	res->cache_control = "no-store";
}

/* {organisation: {slug, name}} for new evidence of the organisation in the path, when
 * the person asking may add it; NULL when answered (sign in, 404, 403). */
static json_t *new_target(struct web_request *req, struct web_response *res)
{
	json_t *o = page_organisation_target(req, res, "You can add evidence only for your own organisation.");
	if (!o)
		return NULL;
	json_t *ctx = json_pack("{s:{s:O, s:O}}", "organisation", "slug", json_object_get(o, "id"), "name",
	                        json_object_get(o, "name"));
	json_decref(o);
	return ctx;
}

void web_page_evidence_new(struct web_request *req, struct web_response *res)
{
	json_t *ctx = new_target(req, res);
	if (!ctx)
		return;
	struct evidence_form f = {0};
	evidence_form_page(req, res, 200, ctx, &f, json_object());
}

void web_evidence_new_post(struct web_request *req, struct web_response *res)
{
	json_t *ctx = new_target(req, res);
	if (!ctx)
		return;
	struct evidence_form f;
	const char **actions;
	form_read(req, &f, &actions);
	f.remove_file = false;
	json_t *errors = json_object();
	if (evidence_check(req->store, &f, errors) > 0) {
		evidence_form_page(req, res, 400, ctx, &f, errors);
		free(actions);
		return;
	}
	json_decref(errors);
	char org[100], slug[128];
	snprintf(org, sizeof org, "%s", page_slug(ctx, "organisation"));
	json_decref(ctx);
	struct kerr e = {0};
	int rc = evidence_add(req->store, page_str(req->user, "email"), org, &f, slug, &e);
	free(actions);
	page_saved(req, res, rc, &e, rc < 0 ? "/organisations/" : "/evidence/", rc < 0 ? org : slug);
}

/* The evidence in the path, for a person who may change it; NULL when answered (sign
 * in, 404 when they may not see it, 403 when they may see but not change it). */
static json_t *editable(struct web_request *req, struct web_response *res)
{
	const char *slug = page_slug_param(req, res);
	if (!slug || !page_signed_in(req, res))
		return NULL;
	json_t *ev = visible(req, res, slug);
	if (!ev)
		return NULL;
	if (!evidence_may_edit(req->user, page_slug(ev, "organisation"))) {
		json_decref(ev);
		web_error_page(req, res, 403, "You can change only your own organisation's evidence.");
		return NULL;
	}
	return ev;
}

/* The form's context for evidence ev (borrowed). */
static json_t *edit_ctx(json_t *ev)
{
	return json_pack("{s:O, s:O, s:O, s:O}", "slug", json_object_get(ev, "slug"), "organisation",
	                 json_object_get(ev, "organisation"), "file_name", json_object_get(ev, "file_name"), "file_size",
	                 json_object_get(ev, "file_size"));
}

void web_page_evidence_edit(struct web_request *req, struct web_response *res)
{
	json_t *ev = editable(req, res);
	if (!ev)
		return;
	size_t n = json_array_size(json_object_get(ev, "actions"));
	const char **actions = xcalloc(n + 1, sizeof *actions);
	for (size_t i = 0; i < n; i++)
		actions[i] = page_str(json_array_get(json_object_get(ev, "actions"), i), "slug");
	struct evidence_form f = {.kind = page_str(ev, "kind"),
	                          .title = page_str(ev, "title"),
	                          .will_do = page_str(ev, "will_do"),
	                          .support_needed = page_str(ev, "support_needed"),
	                          .help_offered = page_str(ev, "help_offered"),
	                          .actions = actions,
	                          .nactions = n};
	evidence_form_page(req, res, 200, edit_ctx(ev), &f, json_object());
	free(actions);
	json_decref(ev);
}

void web_evidence_edit_post(struct web_request *req, struct web_response *res)
{
	json_t *ev = editable(req, res);
	if (!ev)
		return;
	struct evidence_form f;
	const char **actions;
	form_read(req, &f, &actions);
	json_t *errors = json_object();
	if (evidence_check(req->store, &f, errors) > 0) {
		evidence_form_page(req, res, 400, edit_ctx(ev), &f, errors);
		free(actions);
		json_decref(ev);
		return;
	}
	json_decref(errors);
	char slug[128];
	snprintf(slug, sizeof slug, "%s", page_str(ev, "slug"));
	json_decref(ev);
	struct kerr e = {0};
	int rc = evidence_change(req->store, page_str(req->user, "email"), slug, &f, &e);
	free(actions);
	page_saved(req, res, rc, &e, "/evidence/", slug);
}

/* ---- the page, the file, publishing ---- */

/* Audit records hold values that are not strings (published, the actions, the file's
 * size); the history sentence speaks of strings. Turns rec's before and after into
 * words in place. */
static void history_words(json_t *rec)
{
	json_t *sides[] = {json_object_get(rec, "before"), json_object_get(rec, "after")};
	for (size_t i = 0; i < 2; i++) {
		const char *key;
		json_t *v;
		void *tmp;
		if (!json_is_object(sides[i]))
			continue;
		json_object_foreach_safe(sides[i], tmp, key, v)
		{
			if (strcmp(key, "published") == 0) {
				json_object_set_new(sides[i], key, json_string(json_is_true(v) ? "yes" : "no"));
			} else if (strcmp(key, "kind") == 0) {
				json_object_set_new(sides[i], key, json_string(evidence_kind_words(json_string_value(v))));
			} else if (json_is_array(v)) {
				struct buf b = {0};
				size_t k;
				json_t *x;
				json_array_foreach(v, k, x) buf_printf(&b, "%s%s", k ? ", " : "", json_string_value(x));
				json_object_set_new(sides[i], key, b.len ? json_stringn(b.p, b.len) : json_null());
				buf_free(&b);
			} else if (json_is_integer(v)) {
				size_words(sides[i], key, json_integer_value(v));
			}
		}
	}
}

void web_page_evidence(struct web_request *req, struct web_response *res)
{
	const char *slug = page_slug_param(req, res);
	if (!slug)
		return;
	json_t *ev = visible(req, res, slug);
	if (!ev)
		return;
	struct kerr e = {0};
	if (page_history(req, ev, "evidence", slug,
	                 evidence_may_see_unpublished(req->user, page_slug(ev, "organisation")), history_words, &e) < 0) {
		json_decref(ev);
		page_read_failed(req, res, "evidence", &e);
		return;
	}
	page_set_str(ev, "kind_words", evidence_kind_words(page_str(ev, "kind")));
	if (!page_set_date_words(ev, "submitted_words", page_str(ev, "submitted")))
		page_set_str(ev, "submitted_words", NOT_RECORDED);
	page_set_date_words(ev, "published_words", page_str(ev, "published_at"));
	size_words(ev, "file_size_words", json_integer_value(json_object_get(ev, "file_size")));
	page_set_blocks(ev, "will_do_blocks", "will_do");
	page_set_blocks(ev, "support_blocks", "support_needed");
	page_set_blocks(ev, "help_blocks", "help_offered");
	if (json_array_size(json_object_get(ev, "actions")))
		json_object_set_new(ev, "has_actions", json_true());
	const char *org = page_slug(ev, "organisation");
	if (evidence_may_edit(req->user, org))
		json_object_set_new(ev, "may_edit", json_true());
	if (redact_may(req->user))
		json_object_set_new(ev, "may_redact", json_true());
	if (evidence_may_publish(req->user)) {
		bool on = json_is_true(json_object_get(ev, "published"));
		json_object_set_new(ev, "may_publish", json_true());
		page_set_str(ev, "publish_value", on ? "0" : "1");
		page_set_str(ev, "publish_button", on ? "Unpublish: make it private again" : "Publish it for everyone to see");
		page_set_str(ev, "csrf", page_str(req->user, "csrf"));
	}
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/organisations", "Organisations");
	char href[200];
	snprintf(href, sizeof href, "/organisations/%s", org ? org : "");
	page_crumb_add(crumbs, href, json_string_value(json_object_get(json_object_get(ev, "organisation"), "name")));
	page_crumb_add(crumbs, "", "Evidence");
	json_object_set_new(ev, "breadcrumbs", crumbs);
	bool published = json_is_true(json_object_get(ev, "published"));
	web_page(req, res, 200, "evidence", ev);
	/* Only those who may see it get here; no shared cache may keep it for others. */
	if (!published && res->status == 200)
		res->cache_control = "no-store";
}

void web_evidence_file(struct web_request *req, struct web_response *res)
{
	const char *slug = page_slug_param(req, res);
	if (!slug)
		return;
	json_t *ev = visible(req, res, slug);
	if (!ev)
		return;
	struct kerr e = {0};
	struct buf data = {0};
	if (store_evidence_file_read(req->store, slug, &data, &e) < 0) {
		json_decref(ev);
		buf_free(&data);
		page_read_failed(req, res, "evidence file", &e);
		return;
	}
	/* The type sent is what the bytes are, whatever was declared when they came. */
	const char *type = evidence_sniff(data.p, data.len);
	if (!type) {
		json_decref(ev);
		buf_free(&data);
		log_error("evidence %s: its file is not of a type keep accepts", slug);
		web_error_page(req, res, 500, NULL);
		return;
	}
	char name[128];
	evidence_safe_file_name(page_str(ev, "file_name"), type, name);
	snprintf(res->disposition, sizeof res->disposition, "attachment; filename=\"%s\"", name);
	res->content_type = type;
	res->status = 200;
	res->cache_control = json_is_true(json_object_get(ev, "published")) ? NULL : "no-store";
	buf_free(&res->body);
	res->body = data;
	json_decref(ev);
}

void web_evidence_publish_post(struct web_request *req, struct web_response *res)
{
	const char *slug = page_slug_param(req, res);
	if (!slug || !page_signed_in(req, res))
		return;
	json_t *ev = visible(req, res, slug);
	if (!ev)
		return;
	json_decref(ev);
	if (!evidence_may_publish(req->user)) {
		web_error_page(req, res, 403, "Only The Promise Scotland's staff publish evidence.");
		return;
	}
	const char *want = query_get(&req->form, "publish");
	if (!want || (strcmp(want, "1") != 0 && strcmp(want, "0") != 0)) {
		web_error_page(req, res, 400, "Say whether to publish (publish=1) or unpublish (publish=0).");
		return;
	}
	struct kerr e = {0};
	char copy[128];
	snprintf(copy, sizeof copy, "%s", slug);
	page_saved(req, res, evidence_publish(req->store, page_str(req->user, "email"), copy, want[0] == '1', &e), &e,
	           "/evidence/", copy);
}

/* ---- lists on other pages ---- */

int page_evidence_list(struct web_request *req, json_t *o, const char *organisation, const char *action,
                       bool published_only)
{
	struct kerr e = {0};
	json_t *list = store_evidence_list(req->store, organisation, action, published_only, &e);
	if (!list) {
		log_error("evidence list: %s", e.msg);
		return -1;
	}
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		page_set_str(v, "kind_words", evidence_kind_words(page_str(v, "kind")));
		if (!page_set_date_words(v, "submitted_words", page_str(v, "submitted")))
			page_set_str(v, "submitted_words", NOT_RECORDED);
	}
	if (json_array_size(list))
		json_object_set_new(o, "has_evidence", json_true());
	json_object_set_new(o, "evidence", list);
	return 0;
}

/* ---- deleting evidence ---- */

void web_page_evidence_delete(struct web_request *req, struct web_response *res)
{
	json_t *ev = editable(req, res);
	if (!ev)
		return;
	char href[200], action[240], org_href[200];
	snprintf(href, sizeof href, "/evidence/%s", page_str(ev, "slug"));
	snprintf(action, sizeof action, "%s/delete", href);
	snprintf(org_href, sizeof org_href, "/organisations/%s", page_slug(ev, "organisation"));
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/organisations", "Organisations");
	page_crumb_add(crumbs, org_href, json_string_value(json_object_get(json_object_get(ev, "organisation"), "name")));
	page_crumb_add(crumbs, href, "Evidence");
	page_crumb_add(crumbs, "", "Delete");
	struct page_delete d = {
		"Delete evidence", "Delete this evidence?", page_str(ev, "title"),
		"Deleting it removes the evidence and its file from keep. The history of changes keeps a copy of what it "
		"said (not the file), with your name.",
		NULL, action, "Yes, delete this evidence", href, "No, go back to the evidence"};
	page_delete_confirm(req, res, &d, crumbs);
	json_decref(ev);
}

void web_evidence_delete_post(struct web_request *req, struct web_response *res)
{
	json_t *ev = editable(req, res);
	if (!ev)
		return;
	char slug[128], org[128];
	snprintf(slug, sizeof slug, "%s", page_str(ev, "slug"));
	snprintf(org, sizeof org, "%s", page_slug(ev, "organisation"));
	json_decref(ev);
	struct kerr e = {0};
	page_saved(req, res, evidence_delete(req->store, page_str(req->user, "email"), slug, &e), &e, "/organisations/",
	           org);
}
