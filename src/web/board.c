/* The Oversight Board's page: who serves today, who served before (and who will
 * start), and whether the rule from the seeds holds, in words. */
#include "web/page.h"

#include "base/date.h"
#include "plan/board.h"
#include "plan/commitment.h"

#include <string.h>

/* Adds the words the page shows for member m ("Chair", "yes", "1 April 2024"). */
static void member_words(json_t *m)
{
	json_object_set_new(m, "role_words",
	                    json_string(strcmp(json_string_value(json_object_get(m, "role")), "chair") == 0 ? "Chair"
	                                                                                                  : "Member"));
	json_object_set_new(m, "care_words", json_string(json_is_true(json_object_get(m, "care_experienced")) ? "Yes" : "No"));
	const char *keys[][2] = {{"starts", "starts_words"}, {"ends", "ends_words"}};
	for (size_t k = 0; k < 2; k++) {
		struct kdate d;
		const char *v = json_string_value(json_object_get(m, keys[k][0]));
		if (v && date_parse(v, &d, NULL) == 0) {
			struct buf b = {0};
			date_words(d, &b);
			json_object_set_new(m, keys[k][1], json_string(buf_str(&b)));
			buf_free(&b);
		}
	}
}

void web_page_board(struct web_request *req, struct web_response *res)
{
	struct kerr e = {0};
	struct board_verdict v;
	struct kdate today = date_today();
	json_t *all = board_members_check(req->store, today, &v, &e);
	if (!all) {
		page_read_failed(req, res, "board members", &e);
		return;
	}
	bool may_manage = organisation_may_manage(req->user);
	json_t *current = json_array(), *others = json_array();
	size_t i;
	json_t *m;
	json_array_foreach(all, i, m)
	{
		member_words(m);
		if (may_manage)
			json_object_set_new(m, "may_edit", json_true());
		struct board_member bm = {0};
		date_parse(json_string_value(json_object_get(m, "starts")), &bm.starts, NULL);
		const char *ends = json_string_value(json_object_get(m, "ends"));
		bm.has_end = ends && date_parse(ends, &bm.ends, NULL) == 0;
		json_array_append(board_member_serves(&bm, today) ? current : others, m);
	}
	json_decref(all);
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/board", "Oversight Board");
	json_t *ctx = json_pack("{s:s, s:b, s:o, s:o, s:o, s:b, s:b, s:b, s:b}", "title", "Oversight Board", "nav_board",
	                        1, "breadcrumbs", crumbs, "current", current, "others", others, "has_current",
	                        json_array_size(current) > 0, "has_others", json_array_size(others) > 0, "holds",
	                        !v.fails, "holds_today", v.holds_today);
	if (v.fails)
		json_object_set_new(ctx, "why", json_string(v.why));
	if (may_manage)
		json_object_set_new(ctx, "may_manage", json_true());
	web_page(req, res, 200, "board", ctx);
}

/* ---- adding and changing members (staff and admins) ---- */

/* True when the signed-in person may change the Board's membership; otherwise answered
 * (sign in, or 403). */
static bool may_manage_board(struct web_request *req, struct web_response *res)
{
	if (!page_signed_in(req, res))
		return false;
	if (!organisation_may_manage(req->user)) {
		web_error_page(req, res, 403, "Only The Promise Scotland's staff change the Oversight Board's membership.");
		return false;
	}
	return true;
}

/* Renders the member form for member m (borrowed; NULL for a new one) with f and errors
 * (taken). */
static void member_form_page(struct web_request *req, struct web_response *res, int status, json_t *m,
                             const struct board_form *f, json_t *errors)
{
	static const char *const roles[][2] = {{"member", "Member"}, {"chair", "Chair"}};
	static const char *const answers[][2] = {{"yes", "Yes"}, {"no", "No"}};
	bool adding = !m;
	const char *slug = adding ? "" : page_str(m, "id");
	json_t *list = page_error_list(errors);
	bool wrong = json_array_size(list) > 0;
	const char *title = adding ? (wrong ? "Error: add a board member" : "Add a board member")
	                           : (wrong ? "Error: change a board member" : "Change a board member");
	char heading[400], action[200];
	snprintf(heading, sizeof heading, adding ? "Add a board member" : "Change the details of %s",
	         adding ? "" : page_str(m, "name"));
	snprintf(action, sizeof action, adding ? "/board/new" : "/board/%s/edit", slug);
	json_t *role_opts = json_array(), *care_opts = json_array();
	for (size_t k = 0; k < 2; k++) {
		json_array_append_new(role_opts, json_pack("{s:s, s:s, s:b}", "key", roles[k][0], "words", roles[k][1],
		                                           "selected", f->role && strcmp(f->role, roles[k][0]) == 0));
		json_array_append_new(care_opts,
		                      json_pack("{s:s, s:s, s:b, s:s}", "key", answers[k][0], "words", answers[k][1], "checked",
		                                f->care_experienced && strcmp(f->care_experienced, answers[k][0]) == 0, "id",
		                                k == 0 ? "care_experienced" : "care_experienced-no"));
	}
	json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:b}", "title", title,
	                        "heading", heading, "form_action", action, "submit",
	                        adding ? "Add the member" : "Save the changes", "name", f->name ? f->name : "", "starts",
	                        f->starts ? f->starts : "", "ends", f->ends ? f->ends : "", "csrf",
	                        page_str(req->user, "csrf"), "roles", role_opts, "answers", care_opts, "errors", errors,
	                        "error_list", list, "has_errors", wrong);
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/board", "Oversight Board");
	page_crumb_add(crumbs, "", adding ? "Add a member" : "Change");
	json_object_set_new(ctx, "breadcrumbs", crumbs);
	web_page(req, res, status, "board_edit", ctx);
	res->cache_control = "no-store";
}

/* The form as posted. */
static struct board_form posted(struct web_request *req)
{
	const struct query *q = &req->form;
	return (struct board_form){query_get(q, "name"), query_get(q, "role"), query_get(q, "care_experienced"),
	                           query_get(q, "starts"), query_get(q, "ends")};
}

void web_page_board_new(struct web_request *req, struct web_response *res)
{
	if (!may_manage_board(req, res))
		return;
	struct board_form f = {0};
	member_form_page(req, res, 200, NULL, &f, json_object());
}

void web_board_new_post(struct web_request *req, struct web_response *res)
{
	if (!may_manage_board(req, res))
		return;
	struct board_form f = posted(req);
	json_t *errors = json_object();
	if (board_form_check(&f, errors) > 0) {
		member_form_page(req, res, 400, NULL, &f, errors);
		return;
	}
	json_decref(errors);
	char slug[128];
	struct kerr e = {0};
	int rc = board_member_add(req->store, page_str(req->user, "email"), &f, slug, &e);
	page_saved(req, res, rc, &e, "/board", "");
}

/* The member in the path (a new reference), or NULL when answered. */
static json_t *member_target(struct web_request *req, struct web_response *res)
{
	if (!may_manage_board(req, res))
		return NULL;
	const char *slug = page_slug_param(req, res);
	if (!slug)
		return NULL;
	struct kerr e = {0};
	json_t *m = store_resource_get(req->store, "board-members", slug, &e);
	if (!m)
		page_read_failed(req, res, "board member", &e);
	return m;
}

void web_page_board_edit(struct web_request *req, struct web_response *res)
{
	json_t *m = member_target(req, res);
	if (!m)
		return;
	struct board_form f = {page_str(m, "name"), page_str(m, "role"),
	                       json_is_true(json_object_get(m, "care_experienced")) ? "yes" : "no", page_str(m, "starts"),
	                       page_str(m, "ends")};
	member_form_page(req, res, 200, m, &f, json_object());
	json_decref(m);
}

void web_board_edit_post(struct web_request *req, struct web_response *res)
{
	json_t *m = member_target(req, res);
	if (!m)
		return;
	struct board_form f = posted(req);
	json_t *errors = json_object();
	if (board_form_check(&f, errors) > 0) {
		member_form_page(req, res, 400, m, &f, errors);
		json_decref(m);
		return;
	}
	json_decref(errors);
	char slug[128];
	snprintf(slug, sizeof slug, "%s", page_str(m, "id"));
	json_decref(m);
	struct kerr e = {0};
	page_saved(req, res, board_member_change(req->store, page_str(req->user, "email"), slug, &f, &e), &e, "/board",
	           "");
}
