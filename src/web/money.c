/* The Money on the web (docs/money.md): the page /money (Scotland, or one council area
 * with ?area=CODE: what is spent, by heading and level, the share on early help and
 * prevention, the pooled share, the trend across years, and spend per child looked
 * after across councils), and the form that adds, changes and deletes a spend line.
 *
 * The page is made of sections, each a function of sections[] that adds what it shows
 * to the page's context: spend (here), then placement costs and the cost of failure
 * (the costs part adds its functions to sections[] and its blocks to templates/money.html
 * where that file marks the place). */
#include "web/web.h"

#include "base/json.h"
#include "base/log.h"
#include "money/money.h"
#include "money/spend.h"
#include "plan/spend.h"
#include "web/money_costs.h"
#include "web/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- words */

static void set_pounds(json_t *o, const char *key, json_t *v)
{
	char p[32];
	if (json_is_integer(v)) {
		spend_pounds(json_integer_value(v), p);
		page_set_str(o, key, p);
	} else
		page_set_str(o, key, "not available");
}

static void set_percent(json_t *o, const char *key, json_t *v)
{
	char p[32];
	spend_percent(json_is_integer(v) ? json_integer_value(v) : -1, p);
	page_set_str(o, key, p);
}

/* Words for one year of spend_view. */
static void year_words(json_t *y)
{
	set_pounds(y, "total_words", json_object_get(y, "total"));
	set_percent(y, "prevention_words", json_object_get(y, "prevention_share"));
	set_percent(y, "crisis_words", json_object_get(y, "crisis_share"));
	set_percent(y, "pooled_words", json_object_get(y, "pooled_share"));
	set_pounds(y, "per_child_words", json_object_get(y, "per_child"));
	json_t *ch = json_object_get(y, "change");
	if (json_is_integer(ch)) {
		json_int_t t = json_integer_value(ch);
		char p[32], w[64];
		spend_percent(t < 0 ? -t : t, p);
		snprintf(w, sizeof w, "%s %s", t < 0 ? "down" : t > 0 ? "up" : "no change,", p);
		page_set_str(y, "change_words", w);
	} else
		page_set_str(y, "change_words", "no figure for the year before");
	json_t *ch_n = json_object_get(y, "children");
	if (json_is_integer(ch_n))
		json_object_set_new(y, "children_words", json_sprintf("%" JSON_INTEGER_FORMAT, json_integer_value(ch_n)));
	else
		page_set_str(y, "children_words", "not available");
	json_object_set_new(y, "has_made_up", json_boolean(json_integer_value(json_object_get(y, "made_up")) > 0));
	static const char *const parts[] = {"groups", "headings", "levels", "kinds"};
	for (size_t k = 0; k < 4; k++) {
		json_t *list = json_object_get(y, parts[k]), *shown = json_array();
		size_t i;
		json_t *x;
		json_array_foreach(list, i, x)
		{
			if (json_integer_value(json_object_get(x, "pounds")) == 0 && k == 1)
				continue;
			set_pounds(x, "pounds_words", json_object_get(x, "pounds"));
			set_percent(x, "share_words", json_object_get(x, "share"));
			json_array_append(shown, x);
		}
		json_object_set_new(y, parts[k], shown);
	}
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(y, "councils"), i, c)
	{
		set_pounds(c, "total_words", json_object_get(c, "total"));
		set_pounds(c, "per_child_words", json_object_get(c, "per_child"));
		json_t *n = json_object_get(c, "children");
		if (json_is_integer(n))
			json_object_set_new(c, "children_words", json_sprintf("%" JSON_INTEGER_FORMAT, json_integer_value(n)));
		else
			page_set_str(c, "children_words", "not available");
	}
}

/* ---------------------------------------------------------------- the page */

static int by_name(const void *a, const void *b)
{
	return strcmp(page_str(*(json_t *const *)a, "name"), page_str(*(json_t *const *)b, "name"));
}

/* The area chooser: Scotland, then the council areas by name. */
static json_t *area_choices(struct web_request *req, const char *chosen, bool scotland, struct kerr *e)
{
	json_t *areas = store_resource_all(req->store, "council-areas", e);
	if (!areas)
		return NULL;
	areas = json_array_sorted(areas, by_name);
	json_t *out = json_array();
	if (scotland)
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "key", SPEND_SCOTLAND, "words", "Scotland", "selected",
		                                     chosen && strcmp(chosen, SPEND_SCOTLAND) == 0));
	size_t i;
	json_t *a;
	json_array_foreach(areas, i, a)
	{
		const char *id = page_str(a, "id");
		json_array_append_new(out, json_pack("{s:s, s:O, s:b}", "key", id, "words", json_object_get(a, "name"),
		                                     "selected", chosen && strcmp(chosen, id) == 0));
	}
	json_decref(areas);
	return out;
}

/* A section of /money: adds what it shows to ctx; 0, or -1 with e. */
typedef int (*money_section)(struct web_request *req, json_t *ctx, const char *area, int year, struct kerr *e);

/* What is spent (HECM step 1). */
static int section_spend(struct web_request *req, json_t *ctx, const char *area, int year, struct kerr *e)
{
	json_t *view = spend_view(req->store, area, e);
	if (!view)
		return -1;
	json_t *years = json_object_get(view, "years"), *chosen = NULL;
	size_t i;
	json_t *y;
	json_array_foreach(years, i, y)
	{
		year_words(y);
		if (json_integer_value(json_object_get(y, "year")) == year)
			chosen = y;
	}
	if (!chosen && year < 0)
		chosen = json_array_get(years, json_array_size(years) - 1);
	json_object_set(ctx, "spend_years", years);
	json_object_set_new(ctx, "has_spend", json_boolean(json_array_size(years) > 0));
	json_object_set_new(ctx, "spend_made_up", json_boolean(json_integer_value(json_object_get(view, "made_up")) > 0));
	if (chosen) {
		json_object_set(ctx, "spend_year", chosen);
		/* the lines behind it, with their sources */
		char fy[8];
		money_fy_words((int)json_integer_value(json_object_get(chosen, "year")), fy);
		json_t *all = store_resource_all(req->store, "spend", e), *lines = json_array();
		if (!all) {
			json_decref(lines);
			json_decref(view);
			return -1;
		}
		bool scotland = strcmp(area, SPEND_SCOTLAND) == 0;
		json_array_foreach(all, i, y)
		{
			if (strcmp(page_str(y, "financial_year"), fy) != 0 ||
			    (!scotland && strcmp(page_str(y, "area"), area) != 0))
				continue;
			int h = spend_heading_of(page_str(y, "heading")), k = spend_kind_of(page_str(y, "kind")),
			    l = spend_level_of(page_str(y, "level"));
			page_set_str(y, "heading_words", h >= 0 ? spend_headings[h].label : page_str(y, "heading"));
			page_set_str(y, "kind_words", k >= 0 ? spend_kind_labels[k] : "");
			page_set_str(y, "level_words", l >= 0 ? spend_level_labels[l] : "");
			set_pounds(y, "amount_words", json_object_get(y, "amount"));
			json_object_set_new(y, "is_made_up", json_boolean(strcmp(page_str(y, "made_up"), "yes") == 0));
			json_object_set_new(y, "is_pooled", json_boolean(strcmp(page_str(y, "pooled"), "yes") == 0));
			json_object_set_new(y, "may_edit",
			                    json_boolean(spend_may_edit(req->user, page_str(y, "organisation"))));
			json_t *o = store_resource_get(req->store, "organisations", page_str(y, "organisation"), NULL);
			json_object_set(y, "organisation_name", o ? json_object_get(o, "name") : json_object_get(y, "organisation"));
			json_decref(o);
			json_array_append(lines, y);
		}
		json_decref(all);
		json_object_set_new(ctx, "has_lines", json_boolean(json_array_size(lines) > 0));
		json_object_set_new(ctx, "spend_lines", lines);
	}
	json_decref(view);
	return 0;
}

/* What placements cost by the records and the cost of failure (money_costs.c draws
 * them): for the year asked for, else the spend shown's when the records cover it,
 * else the latest year they cover; nothing when no council has brought its records. */
static int section_costs(struct web_request *req, json_t *ctx, const char *area, int year, struct kerr *e)
{
	int fy = year;
	if (fy < 0) {
		/* the spend's year when the records cover it, else the latest they cover */
		int latest = money_costs_latest_fy(req->store, e);
		if (latest == -2)
			return -1;
		json_t *sy = json_object_get(json_object_get(ctx, "spend_year"), "year");
		fy = sy && (int)json_integer_value(sy) <= latest ? (int)json_integer_value(sy) : latest;
	}
	if (fy < 0)
		return 0;
	struct buf html = {0};
	if (web_money_costs_sections(req, strcmp(area, SPEND_SCOTLAND) == 0 ? NULL : area, fy, &html, e) < 0) {
		buf_free(&html);
		return -1;
	}
	page_set_str(ctx, "costs_sections", buf_str(&html));
	buf_free(&html);
	return 0;
}

/* The sections of /money, in order: what is spent, then what placements cost and the
 * cost of failure, each filling its block of templates/money.html. */
static const money_section sections[] = {
	section_spend,
	section_costs,
};

void web_page_money(struct web_request *req, struct web_response *res)
{
	const char *area = query_get(&req->query, "area"), *year_q = query_get(&req->query, "year");
	if (!area || !*area)
		area = SPEND_SCOTLAND;
	int year = -1;
	if (year_q && *year_q && (year = money_fy_parse(year_q)) < 0) {
		web_error_page(req, res, 400, "The year is not a financial year: write it as 2024-25.");
		return;
	}
	struct kerr e = {0};
	json_t *areas = area_choices(req, area, true, &e);
	if (!areas) {
		page_read_failed(req, res, "money", &e);
		return;
	}
	const char *name = NULL;
	size_t i;
	json_t *a;
	json_array_foreach(areas, i, a) if (json_is_true(json_object_get(a, "selected"))) name = page_str(a, "words");
	if (!name) {
		json_decref(areas);
		web_error_page(req, res, 404, "There is no council area with that code.");
		return;
	}
	json_t *ctx = json_pack("{s:s, s:b, s:o, s:s, s:s, s:b, s:b}", "title", "The Money", "nav_money", 1, "areas",
	                        areas, "area", area, "area_name", name, "is_scotland", strcmp(area, SPEND_SCOTLAND) == 0,
	                        "may_add", req->user && (spend_may_edit(req->user, page_str(req->user, "organisation")) ||
	                                                 spend_may_edit(req->user, "")));
	for (size_t k = 0; k < sizeof sections / sizeof sections[0]; k++)
		if (sections[k](req, ctx, area, year, &e) < 0) {
			json_decref(ctx);
			page_read_failed(req, res, "money", &e);
			return;
		}
	web_page(req, res, 200, "money", ctx);
}

/* ---------------------------------------------------------------- the form */

static const char refused_spend[] =
    "You can enter spend only for your own organisation. Ask The Promise Scotland if this needs changing.";

static const char *const field_names[] = {"area",        "year",   "organisation", "heading", "level",
                                          "kind",        "pooled", "share",        "pooled_with", "amount",
                                          "source",      "source_date", "made_up"};
#define NFIELDS (sizeof field_names / sizeof field_names[0])

static struct spend_form form_posted(struct web_request *req)
{
	const struct query *q = &req->form;
	const char *pooled = query_get(q, "pooled"), *made_up = query_get(q, "made_up");
	return (struct spend_form){query_get(q, "area"),        query_get(q, "year"),    query_get(q, "organisation"),
	                           query_get(q, "heading"),     query_get(q, "level"),   query_get(q, "kind"),
	                           pooled && *pooled ? pooled : "no", query_get(q, "share"), query_get(q, "pooled_with"),
	                           query_get(q, "amount"),      query_get(q, "source"),  query_get(q, "source_date"),
	                           made_up && *made_up ? made_up : "no"};
}

/* {key, words, selected} of n keys and labels. */
static json_t *choices(const char *const *keys, const char *const *labels, size_t n, const char *chosen)
{
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "key", keys[i], "words", labels[i], "selected",
		                                     chosen && strcmp(chosen, keys[i]) == 0));
	return out;
}

static void form_page(struct web_request *req, struct web_response *res, int status, const char *id,
                      const struct spend_form *f, json_t *errors)
{
	struct kerr e = {0};
	json_t *areas = area_choices(req, f->area, true, &e);
	json_t *orgs = areas ? store_resource_all(req->store, "organisations", &e) : NULL;
	if (!orgs) {
		json_decref(areas);
		json_decref(errors);
		page_read_failed(req, res, "spend form", &e);
		return;
	}
	/* editors enter their own organisation's lines only */
	json_t *payers = json_array();
	size_t i;
	json_t *o;
	json_array_foreach(orgs, i, o)
	{
		const char *slug = page_str(o, "id");
		if (spend_may_edit(req->user, slug))
			json_array_append_new(payers, json_pack("{s:s, s:O, s:b}", "key", slug, "words", json_object_get(o, "name"),
			                                        "selected", f->organisation && strcmp(f->organisation, slug) == 0));
	}
	json_decref(orgs);
	json_t *groups = json_array();
	for (int g = 0; g < SPEND_NGROUPS; g++) {
		json_t *hs = json_array();
		for (int h = 0; h < SPEND_NHEADINGS; h++)
			if ((int)spend_headings[h].group == g)
				json_array_append_new(hs, json_pack("{s:s, s:s, s:b}", "key", spend_headings[h].key, "words",
				                                    spend_headings[h].label, "selected",
				                                    f->heading && strcmp(f->heading, spend_headings[h].key) == 0));
		json_array_append_new(groups, json_pack("{s:s, s:o}", "label", spend_group_labels[g], "headings", hs));
	}
	const char *values[] = {f->area,   f->year,        f->organisation, f->heading,     f->level,
	                        f->kind,   f->pooled,      f->share,        f->pooled_with, f->amount,
	                        f->source, f->source_date, f->made_up};
	json_t *form = json_object();
	for (size_t k = 0; k < NFIELDS; k++)
		json_object_set_new(form, field_names[k], json_string(values[k] ? values[k] : ""));
	const char *heading = id ? "Change a spend line" : "Add a spend line";
	json_t *list = page_error_list(errors);
	bool wrong = json_array_size(list) > 0;
	char title[200], action[200];
	snprintf(title, sizeof title, "%s%s", wrong ? "Error: " : "", heading);
	if (id)
		snprintf(action, sizeof action, "/money/spend/%s/edit", id);
	else
		snprintf(action, sizeof action, "/money/spend/new");
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/money", "The Money");
	page_crumb_add(crumbs, "", heading);
	json_t *ctx = json_pack("{s:s, s:s, s:s, s:o, s:o, s:b, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:b}",
	                        "title", title, "heading", heading, "form_action", action, "errors", errors, "error_list",
	                        list, "has_errors", wrong, "csrf", page_str(req->user, "csrf"), "breadcrumbs", crumbs,
	                        "form", form, "areas", areas, "payers", payers, "heading_groups", groups, "levels",
	                        choices(spend_level_keys, spend_level_labels, SPEND_NLEVELS, f->level), "kinds",
	                        choices(spend_kind_keys, spend_kind_labels, SPEND_NKINDS, f->kind), "pooled",
	                        f->pooled && strcmp(f->pooled, "yes") == 0, "made_up",
	                        f->made_up && strcmp(f->made_up, "yes") == 0);
	if (id)
		page_set_str(ctx, "id", id);
	web_page(req, res, status, "spend_edit", ctx);
	res->cache_control = "no-store";
}

/* Whether someone signed in may enter any spend line (staff, admins, an organisation's
 * editors); otherwise answered. */
static bool may_enter(struct web_request *req, struct web_response *res)
{
	if (!page_signed_in(req, res))
		return false;
	const char *own = page_str(req->user, "organisation");
	if (!spend_may_edit(req->user, own ? own : "")) {
		web_error_page(req, res, 403, refused_spend);
		return false;
	}
	return true;
}

/* The line in the path when the signed-in person may change it; NULL when answered. */
static json_t *line_target(struct web_request *req, struct web_response *res)
{
	if (!page_signed_in(req, res))
		return NULL;
	struct kerr e = {0};
	json_t *item = store_resource_get(req->store, "spend", req->params[0], &e);
	if (!item) {
		page_read_failed(req, res, "spend line", &e);
		return NULL;
	}
	if (!spend_may_edit(req->user, page_str(item, "organisation"))) {
		json_decref(item);
		web_error_page(req, res, 403, refused_spend);
		return NULL;
	}
	return item;
}

static void after_save(struct web_request *req, struct web_response *res, int rc, const struct kerr *e,
                       const char *area)
{
	char where[64];
	snprintf(where, sizeof where, "?area=%s", area);
	page_saved(req, res, rc, e, "/money", where);
}

void web_page_spend_new(struct web_request *req, struct web_response *res)
{
	if (!may_enter(req, res))
		return;
	struct spend_form f = {.area = query_get(&req->query, "area"), .organisation = page_str(req->user, "organisation"),
	                       .pooled = "no", .made_up = "no"};
	form_page(req, res, 200, NULL, &f, json_object());
}

void web_spend_new_post(struct web_request *req, struct web_response *res)
{
	if (!may_enter(req, res))
		return;
	struct spend_form f = form_posted(req);
	json_t *errors = json_object();
	struct spend_line l;
	if (f.organisation && *f.organisation && !spend_may_edit(req->user, f.organisation))
		json_object_set_new(errors, "organisation", json_string("Choose your own organisation."));
	if (spend_form_check(req->store, &f, &l, errors) > 0) {
		form_page(req, res, 400, NULL, &f, errors);
		return;
	}
	json_decref(errors);
	char id[128];
	struct kerr e = {0};
	after_save(req, res, spend_add(req->store, page_str(req->user, "email"), &l, id, &e), &e, l.area);
}

void web_page_spend_edit(struct web_request *req, struct web_response *res)
{
	json_t *item = line_target(req, res);
	if (!item)
		return;
	char buf[64];
	struct spend_form f = spend_form_of(item, buf);
	form_page(req, res, 200, req->params[0], &f, json_object());
	json_decref(item);
}

void web_spend_edit_post(struct web_request *req, struct web_response *res)
{
	json_t *item = line_target(req, res);
	if (!item)
		return;
	json_decref(item);
	struct spend_form f = form_posted(req);
	json_t *errors = json_object();
	struct spend_line l;
	if (f.organisation && *f.organisation && !spend_may_edit(req->user, f.organisation))
		json_object_set_new(errors, "organisation", json_string("Choose your own organisation."));
	if (spend_form_check(req->store, &f, &l, errors) > 0) {
		form_page(req, res, 400, req->params[0], &f, errors);
		return;
	}
	json_decref(errors);
	struct kerr e = {0};
	after_save(req, res, spend_change(req->store, page_str(req->user, "email"), req->params[0], &l, &e), &e, l.area);
}

void web_page_spend_delete(struct web_request *req, struct web_response *res)
{
	json_t *item = line_target(req, res);
	if (!item)
		return;
	char lede[600], action[200], back[64];
	int h = spend_heading_of(page_str(item, "heading"));
	char p[32];
	spend_pounds(json_integer_value(json_object_get(item, "amount")), p);
	snprintf(lede, sizeof lede, "%s, %s, %s: %s.", page_str(item, "area_name"), page_str(item, "financial_year"),
	         h >= 0 ? spend_headings[h].label : page_str(item, "heading"), p);
	snprintf(action, sizeof action, "/money/spend/%s/delete", page_str(item, "id"));
	snprintf(back, sizeof back, "/money?area=%s", page_str(item, "area"));
	struct page_delete d = {"Delete a spend line", "Delete this spend line?", lede,
	                        "Deleting it removes the line from keep and from the sums on The Money. The history of "
	                        "changes keeps a copy of it, with your name.",
	                        NULL, action, "Yes, delete this spend line", back, "No, go back to The Money"};
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/money", "The Money");
	page_crumb_add(crumbs, "", "Delete a spend line");
	page_delete_confirm(req, res, &d, crumbs);
	json_decref(item);
}

void web_spend_delete_post(struct web_request *req, struct web_response *res)
{
	json_t *item = line_target(req, res);
	if (!item)
		return;
	char area[16];
	snprintf(area, sizeof area, "%s", page_str(item, "area"));
	json_decref(item);
	struct kerr e = {0};
	after_save(req, res, spend_delete(req->store, page_str(req->user, "email"), req->params[0], &e), &e, area);
}

/* ---------------------------------------------------------------- the API's list */

/* The value of a link's query: letters, digits and - . _ ~ as they are, the rest
 * %-encoded. */
static void put_value(struct buf *u, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			buf_putc(u, (char)*p);
		else
			buf_printf(u, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
}

static json_t *spend_link(int limit, const char *after, const char *area, const char *year, const char *org)
{
	struct buf u = {0};
	buf_printf(&u, "/api/v1/spend?limit=%d", limit);
	const char *names[] = {"after", "area", "year", "organisation"}, *values[] = {after, area, year, org};
	for (size_t i = 0; i < 4; i++)
		if (values[i]) {
			buf_printf(&u, "&%s=", names[i]);
			put_value(&u, values[i]);
		}
	json_t *link = json_stringn(u.p, u.len);
	buf_free(&u);
	return link;
}

/* GET /api/v1/spend?area=&year=&organisation=&limit=&after=: spend lines in id order,
 * filtered (docs/money.md "Spend"). An unknown or repeated parameter, or a value that
 * is not one, is a 400; an unknown area, organisation or after a 404. */
void web_api_spend_list(struct web_request *req, struct web_response *res)
{
	static const char *const params[] = {"limit", "after", "area", "year", "organisation"};
	const char *v[5] = {0};
	const struct query *q = &req->query;
	for (size_t i = 0; i < q->n; i++) {
		size_t k = 0;
		while (k < 5 && strcmp(params[k], q->p[i].name) != 0)
			k++;
		char m[300];
		if (k == 5 && strcmp(q->p[i].name, "priority") == 0) {
			snprintf(m, sizeof m, "parameter 'priority' does not apply to spend: this endpoint takes limit, after, "
			                      "area, year, organisation");
			web_json_error(res, 400, "bad_parameter", m);
			return;
		}
		if (k == 5) {
			snprintf(m, sizeof m, "unknown parameter '%.60s': this endpoint takes limit, after, area, year, organisation",
			         q->p[i].name);
			web_json_error(res, 400, "bad_parameter", m);
			return;
		}
		if (v[k]) {
			snprintf(m, sizeof m, "%s is given more than once: give it once", params[k]);
			web_json_error(res, 400, "bad_parameter", m);
			return;
		}
		v[k] = q->p[i].value;
	}
	int limit = 50, year = -1;
	if (v[0]) {
		char *end;
		long n = strtol(v[0], &end, 10);
		if (!*v[0] || *end || n < 1 || n > 500 || v[0][0] < '0' || v[0][0] > '9' || strlen(v[0]) > 3) {
			char m[120];
			snprintf(m, sizeof m, "limit must be a whole number from 1 to 500 (got '%.40s')", v[0]);
			web_json_error(res, 400, "bad_parameter", m);
			return;
		}
		limit = (int)n;
	}
	if (v[3] && (year = money_fy_parse(v[3])) < 0) {
		web_json_error(res, 400, "bad_parameter", "year must be a financial year, written 2024-25 (or 2024)");
		return;
	}
	struct kerr e = {0};
	if (v[2] && strcmp(v[2], SPEND_SCOTLAND) != 0) {
		json_t *a = store_resource_get(req->store, "council-areas", v[2], NULL);
		if (!a) {
			web_json_error(res, 404, "not_found", "area must be a council area's code or S92000003 (Scotland)");
			return;
		}
		json_decref(a);
	}
	if (v[4]) {
		json_t *o = store_resource_get(req->store, "organisations", v[4], &e);
		if (!o) {
			web_json_error(res, 404, "not_found", e.msg);
			return;
		}
		json_decref(o);
	}
	json_t *page = store_spend_list(req->store, v[2], year, v[4], v[1], limit, &e);
	if (!page) {
		if (e.code == KERR_NOTFOUND)
			web_json_error(res, 404, "not_found", e.msg);
		else {
			log_error("api: spend: %s", e.msg);
			web_json_error(res, 500, "internal", "the server could not answer; the failure has been logged");
		}
		return;
	}
	json_t *next = json_object_get(page, "next");
	json_t *root = json_pack("{s:O, s:O, s:{s:o, s:o}}", "data", json_object_get(page, "items"), "next", next,
	                         "links", "self", spend_link(limit, v[1], v[2], v[3], v[4]), "next",
	                         json_is_string(next) ? spend_link(limit, json_string_value(next), v[2], v[3], v[4])
	                                              : json_null());
	json_decref(page);
	web_json(res, 200, root);
}
