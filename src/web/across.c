/* Across plans on the web: which later route map (or action) carries an
 * earlier action on, shown on both pages and set by staff and admins with a form; a
 * commitment moved in one step to the route map that carries its action on. */
#include "web/page.h"

#include "base/log.h"
#include "plan/across.h"
#include "plan/commitment.h"
#include "plan/plan.h"

#include <stdio.h>
#include <string.h>

/* The words of a plan's item ("route map" or "action") for an object {plan: {shape}}. */
static const char *item_word(json_t *o)
{
	return plan_shape_words(page_str(json_object_get(o, "plan"), "shape"))->item;
}

/* "a route map of Plan 24-30", "an action of Plan 21-24" for o ({plan: {shape, title}}),
 * into o's key "item_words". */
static void set_item_words(json_t *o)
{
	const char *item = item_word(o), *title = page_str(json_object_get(o, "plan"), "title");
	char words[400];
	snprintf(words, sizeof words, "%s %s of %s", strchr("aeiou", item[0]) ? "an" : "a", item, title ? title : "");
	page_set_str(o, "item_words", words);
}

/* Whether o ({plan: {status}}) is in a draft plan the reader may not see (the store's
 * reads leave drafts out for such a reader already; this holds wherever it is read). */
static bool hidden(struct web_request *req, json_t *o)
{
	const char *status = page_str(json_object_get(o, "plan"), "status");
	return status && strcmp(status, "draft") == 0 && !plan_drafts_seen_by(page_str(req->user, "role"));
}

int page_action_carry(struct web_request *req, json_t *a, const char *slug, struct kerr *e)
{
	json_t *carry = store_action_carry(req->store, slug, e);
	if (!carry)
		return -1;
	json_t *by = json_object_get(carry, "carried_by");
	if (by && hidden(req, by))
		by = NULL;
	json_t *shown = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(carry, "carries_on"), i, v) if (!hidden(req, v)) json_array_append(shown, v);
	json_object_set_new(carry, "carries_on", shown);
	if (by) {
		set_item_words(by);
		json_object_set(a, "carried_by_item", by);
	}
	json_t *on = json_object_get(carry, "carries_on");
	json_array_foreach(on, i, v) page_set_str(v, "item_word", item_word(v));
	if (json_array_size(on)) {
		json_object_set(a, "carries_on", on);
		json_object_set_new(a, "has_carries_on", json_true());
	}
	if (plan_carry_may(req->user))
		json_object_set_new(a, "may_carry", json_true());
	json_decref(carry);
	return 0;
}

/* The action whose carrying on may be set; NULL when answered (sign in, 403, 404). */
static json_t *carry_target(struct web_request *req, struct web_response *res)
{
	return page_action_target(req, res, plan_carry_may,
	                          "Only The Promise Scotland's staff say which route map carries an action on.",
	                          "carried on");
}

/* The form for action a (taken): the actions and route maps of plans that started after
 * a's, chosen the one named later; error (or NULL) beside the field. */
static void carry_form(struct web_request *req, struct web_response *res, int status, json_t *a, const char *later,
                       const char *error)
{
	struct kerr e = {0};
	json_t *plans = store_plans(req->store, &e);
	json_t *prios = plans ? store_priorities_with_actions(req->store, &e) : NULL;
	if (!prios) {
		json_decref(plans);
		json_decref(a);
		page_read_failed(req, res, "carried on", &e);
		return;
	}
	const char *own_starts = "";
	size_t i, k;
	json_t *p, *v;
	json_array_foreach(plans, i, p) if (strcmp(page_str(p, "slug"), page_str(a, "plan")) == 0) own_starts =
	    page_str(p, "starts");
	/* One group of options per later plan, in the plan's words. */
	json_t *groups = json_array();
	json_array_foreach(plans, i, p)
	{
		if (strcmp(page_str(p, "starts"), own_starts) <= 0)
			continue;
		json_t *opts = json_array();
		json_array_foreach(prios, k, v)
		{
			if (strcmp(page_str(json_object_get(v, "plan"), "slug"), page_str(p, "slug")) != 0)
				continue;
			size_t j;
			json_t *x;
			json_array_foreach(json_object_get(v, "actions"), j, x)
			{
				const char *id = page_str(x, "slug");
				json_array_append_new(opts, json_pack("{s:s, s:s, s:s, s:b}", "id", id, "title", page_str(x, "title"),
				                                      "group", page_str(v, "title"), "selected",
				                                      later && strcmp(later, id) == 0));
			}
		}
		if (json_array_size(opts))
			json_array_append_new(groups, json_pack("{s:s, s:s, s:o}", "plan", page_str(p, "title"), "items",
			                                        plan_shape_words(page_str(p, "shape"))->items, "options", opts));
		else
			json_decref(opts);
	}
	json_decref(prios);
	json_decref(plans);
	json_t *ctx = json_pack("{s:s, s:O, s:O, s:o, s:s, s:b}", "title",
	                        error ? "Error: say which route map carries this on" : "Say which route map carries this on",
	                        "slug", json_object_get(a, "id"), "action_title", json_object_get(a, "title"), "groups",
	                        groups, "csrf", page_str(req->user, "csrf"), "none_selected", !plan_known(later));
	if (!json_array_size(groups))
		json_object_set_new(ctx, "no_later", json_true());
	if (error)
		page_set_str(ctx, "error", error);
	json_t *crumbs = page_crumbs_new();
	char href[200];
	snprintf(href, sizeof href, "/actions/%s", page_str(a, "id"));
	page_crumb_add(crumbs, href, page_str(a, "title"));
	page_crumb_add(crumbs, "", "Carried on by");
	json_object_set_new(ctx, "breadcrumbs", crumbs);
	json_decref(a);
	web_page(req, res, status, "carry_on", ctx);
	res->cache_control = "no-store";
}

void web_page_action_carry(struct web_request *req, struct web_response *res)
{
	json_t *a = carry_target(req, res);
	if (a)
		carry_form(req, res, 200, a, page_str(a, "carried_by"), NULL);
}

void web_action_carry_post(struct web_request *req, struct web_response *res)
{
	json_t *a = carry_target(req, res);
	if (!a)
		return;
	const char *later = query_get(&req->form, "carried_by");
	struct kerr e = {0};
	if (plan_action_carry_on(req->store, page_str(req->user, "email"), page_str(a, "id"), later, &e) < 0) {
		if (e.code == KERR_INVALID) {
			carry_form(req, res, 400, a, later, e.msg);
			return;
		}
		json_decref(a);
		log_error("carried on: %s", e.msg);
		web_error_page(req, res, 500, NULL);
		return;
	}
	char to[200];
	snprintf(to, sizeof to, "/actions/%s#carried-on", page_str(a, "id"));
	json_decref(a);
	web_redirect(res, to);
}

/* ---- a commitment moved to the route map that carries its action on ---- */

int page_commitment_move(struct web_request *req, json_t *c, struct kerr *e)
{
	const char *action = page_slug(c, "action");
	if (!action)
		return 0;
	/* Which plan its action is of, and in that plan's words. */
	json_t *a = store_resource_get(req->store, "actions", action, e);
	json_t *plan = a ? store_plan(req->store, page_str(a, "plan"), e) : NULL;
	json_decref(a);
	if (!plan)
		return -1;
	json_t *of = json_pack("{s:O}", "plan", plan);
	set_item_words(of);
	page_set_str(c, "action_plan_words", page_str(of, "item_words"));
	json_decref(of);
	json_decref(plan);
	if (!commitment_may_edit(req->user, page_slug(c, "organisation")))
		return 0;
	json_t *carry = store_action_carry(req->store, action, e);
	if (!carry)
		return -1;
	json_t *by = json_object_get(carry, "carried_by");
	/* Keys of their own, so the commitment's slug stays in reach inside the section. */
	if (by && !hidden(req, by))
		json_object_set_new(c, "move_to", json_pack("{s:s, s:s, s:s, s:s}", "to_slug", page_str(by, "slug"),
		                                            "to_title", page_str(by, "title"), "to_plan",
		                                            page_str(json_object_get(by, "plan"), "title"), "item_word",
		                                            item_word(by)));
	json_decref(carry);
	return 0;
}

/* POST /commitments/<slug>/move: the commitment's action becomes the later route map (or
 * action) that carries it on; everything else stays, and its history shows the move. */
void web_commitment_move_post(struct web_request *req, struct web_response *res)
{
	const char *slug = page_slug_param(req, res);
	if (!slug || !page_signed_in(req, res))
		return;
	struct kerr e = {0};
	json_t *c = store_resource_get(req->store, "commitments", slug, &e);
	if (!c) {
		page_read_failed(req, res, "commitment move", &e);
		return;
	}
	if (!commitment_may_edit(req->user, page_str(c, "organisation"))) {
		json_decref(c);
		web_error_page(req, res, 403,
		               "You can change only your own organisation's commitments. Ask The Promise Scotland if "
		               "this one needs changing.");
		return;
	}
	json_t *carry = page_str(c, "action") ? store_action_carry(req->store, page_str(c, "action"), &e) : NULL;
	json_t *by = json_object_get(carry, "carried_by");
	if (!by || hidden(req, by)) {
		json_decref(carry);
		json_decref(c);
		web_error_page(req, res, 409, "No later route map or action carries this commitment's action on, so there is "
		                              "nowhere to move it.");
		return;
	}
	/* No entry in its timeline (what was done, and when): a dated entry would take a
	 * commitment loaded without one out of the reports of the years before. */
	struct commitment_form f = {page_str(c, "text"),   page_str(by, "slug"),   page_str(c, "due"),
	                            page_str(c, "due_text"), page_str(c, "status"), NULL};
	int rc = commitment_change(req->store, page_str(req->user, "email"), slug, &f, &e);
	json_decref(carry);
	json_decref(c);
	page_saved(req, res, rc, &e, "/commitments/", slug);
}

/* Renames key in obj (when there) to words. */
static void rename_key(json_t *obj, const char *key, const char *words)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return;
	json_object_set(obj, words, v);
	json_object_del(obj, key);
}

void page_action_history_words(json_t *rec)
{
	if (strcmp(page_str(rec, "entity") ? page_str(rec, "entity") : "", "action") != 0)
		return;
	/* A record with only one side still names the field on both, so "none" shows. */
	json_t *before = json_object_get(rec, "before"), *after = json_object_get(rec, "after");
	rename_key(before, "carried_by", "carried on by");
	rename_key(after, "carried_by", "carried on by");
	if (json_is_object(before) && json_is_object(after) && json_object_get(before, "carried on by") &&
	    !json_object_get(after, "carried on by"))
		json_object_set_new(after, "carried on by", json_null());
}

/* ---- priority areas and foundation groups, in their plan's words ---- */

json_t *page_group_words(struct web_request *req, struct kerr *e)
{
	json_t *plans = store_plans(req->store, e);
	json_t *prios = plans ? store_priorities_with_actions(req->store, e) : NULL;
	if (!prios) {
		json_decref(plans);
		return NULL;
	}
	json_t *now = plan_in_force(plans, req->today);
	const char *in_force = now ? page_str(now, "slug") : NULL;
	json_t *out = json_object();
	size_t i, k;
	json_t *p, *pl;
	json_array_foreach(prios, i, p)
	{
		const char *plan = page_str(json_object_get(p, "plan"), "slug"), *shape = NULL;
		json_array_foreach(plans, k, pl) if (plan && page_str(pl, "slug") && strcmp(page_str(pl, "slug"), plan) == 0)
		    shape = page_str(pl, "shape");
		const struct plan_words *w = plan_shape_words(shape);
		const char *plan_title = page_str(json_object_get(p, "plan"), "title");
		char in[600], about[600];
		snprintf(in, sizeof in, "%s, a %s of %s", page_str(p, "title"), w->group, plan_title ? plan_title : "");
		if (shape && strcmp(shape, "route_maps") == 0)
			snprintf(about, sizeof about, "Route maps of %s under this foundation", plan_title ? plan_title : "");
		else
			snprintf(about, sizeof about, "A priority area of %s", plan_title ? plan_title : "");
		json_object_set_new(out, page_str(p, "slug"),
		                    json_pack("{s:s, s:s, s:b}", "in", in, "about", about, "in_force",
		                              in_force && plan && strcmp(in_force, plan) == 0));
	}
	json_decref(prios);
	json_decref(plans);
	return out;
}
