/* The HTML pages. Each handler asks the store for one JSON tree, adds to it what a
 * person reads rather than what is stored (dates in words, rating words, text split
 * into paragraphs and lists, search snippets split at their highlights) and renders it
 * once through the templates. No HTML is written here: every byte of markup comes
 * from templates/, so all escaping happens in one place, the template engine.
 *
 * The store's trees are modified in place (they are new references owned by the
 * handler), so a page costs no copy of its data.
 *
 * Template lookups fall through to outer contexts when a name is missing, so every
 * name added here for use inside a section is either always set on each item or
 * unique across the page (summary_blocks, phase_blocks, priority_blocks...): a
 * missing value can then never pick up a value from an enclosing object. */
#include "web/page.h"

#include "base/date.h"
#include "base/embed.h"
#include "base/json.h"
#include "base/log.h"
#include "base/text.h"
#include "plan/assessment.h"
#include "plan/commitment.h"
#include "plan/evidence.h"
#include "plan/history.h"
#include "plan/plan.h"
#include "plan/planedit.h"
#include "plan/target.h"
#include "store/planedit.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define HTML_TYPE "text/html; charset=utf-8"
#define SEARCH_MAX_CHARS 200
#define SEARCH_LIMIT 50

/* The size of the last page rendered on this thread: the next is likely alike, so the
 * body buffer is grown once up front instead of doubling its way there. */
static _Thread_local size_t page_hint = 16384;

/* ---- small helpers over jansson ---- */

/* The string at o[key], or NULL when it is missing, null or not a string. */
const char *page_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The slug at r[key], given either as a string or as an object holding "slug". */
const char *page_slug(json_t *r, const char *key)
{
	json_t *v = json_object_get(r, key);
	if (json_is_object(v))
		v = json_object_get(v, "slug");
	return json_string_value(v);
}

void page_set_str(json_t *o, const char *key, const char *s)
{
	json_object_set_new(o, key, json_string(s));
}

/* Sets o[key] to "25 June 2021" for the ISO date iso; false (and nothing set) when
 * iso is missing or not a date. */
bool page_set_date_words(json_t *o, const char *key, const char *iso)
{
	struct kdate d;
	if (!iso || date_parse(iso, &d, NULL) < 0)
		return false;
	struct buf b = {0};
	date_words(d, &b);
	page_set_str(o, key, buf_str(&b));
	buf_free(&b);
	return true;
}

bool page_set_source_date_words(json_t *o, const char *key, const char *date)
{
	struct buf b = {0};
	date_source_words(date, &b);
	bool set = b.len > 0;
	if (set)
		page_set_str(o, key, buf_str(&b));
	buf_free(&b);
	return set;
}

/* The Overview > ... trail of a page: an array of {href, label}. */
json_t *page_crumbs_new(void)
{
	json_t *a = json_array();
	json_array_append_new(a, json_pack("{s:s, s:s}", "href", "/", "label", "Overview"));
	return a;
}

void page_crumb_add(json_t *crumbs, const char *href, const char *label)
{
	json_array_append_new(crumbs, json_pack("{s:s, s:s?}", "href", href, "label", label ? label : ""));
}

/* ---- plain text into paragraphs and lists ---- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Appends the paragraph gathered so far to blocks: a list when every line started
 * with "- " (items holds them), otherwise one paragraph (para holds its lines). */
static void blocks_flush(json_t *blocks, struct buf *para, json_t **items, size_t nlines)
{
	if (nlines > 0) {
		if (*items)
			json_array_append_new(blocks, json_pack("{s:O}", "list", *items));
		else
			json_array_append_new(blocks, json_pack("{s:s%}", "p", para->p, para->len));
	}
	json_decref(*items);
	*items = json_array();
	buf_reset(para);
}

/* The plain text s as [{"p": "..."}, {"list": ["a", "b"]}]: paragraphs are separated
 * by a blank line, and a paragraph whose every line starts with "- " is a list. NULL
 * when s is NULL or holds nothing but blank lines. Leading and trailing blanks of each
 * line are dropped; the lines of a paragraph stay joined by newlines (which HTML shows
 * as spaces). */
static json_t *text_blocks(const char *s)
{
	if (!s)
		return NULL;
	json_t *blocks = json_array();
	json_t *items = json_array(); /* NULL once a line of this paragraph is not an item */
	struct buf para = {0};
	size_t nlines = 0;
	for (const char *p = s; *p;) {
		const char *end = strchr(p, '\n');
		const char *next = end ? end + 1 : p + strlen(p);
		if (!end)
			end = next;
		while (p < end && is_blank(*p))
			p++;
		while (end > p && is_blank(end[-1]))
			end--;
		if (p == end) {
			blocks_flush(blocks, &para, &items, nlines);
			nlines = 0;
		} else {
			if (items && end - p >= 2 && p[0] == '-' && p[1] == ' ') {
				const char *t = p + 2;
				while (t < end && is_blank(*t))
					t++;
				json_array_append_new(items, json_stringn(t, (size_t)(end - t)));
			} else if (items) {
				json_decref(items);
				items = NULL;
			}
			if (nlines++)
				buf_putc(&para, '\n');
			buf_put(&para, p, (size_t)(end - p));
		}
		p = next;
	}
	blocks_flush(blocks, &para, &items, nlines);
	json_decref(items);
	buf_free(&para);
	if (json_array_size(blocks) == 0) {
		json_decref(blocks);
		return NULL;
	}
	return blocks;
}

/* Sets o[to] to the blocks of the text at src[from], when it has any. */
static void set_blocks_from(json_t *o, const char *to, json_t *src, const char *from)
{
	json_t *b = text_blocks(page_str(src, from));
	if (b)
		json_object_set_new(o, to, b);
}

void page_set_blocks(json_t *o, const char *to, const char *from)
{
	set_blocks_from(o, to, o, from);
}

/* ---- words for stored keys ---- */

/* {words, tone} for an assessment {rating, text} or null: the rating's words, else
 * the assessment's own text, else "No assessment yet". Tone "none" when unrated. */
static json_t *badge_of(json_t *assessment)
{
	const struct plan_rating *r = plan_rating_find(page_str(assessment, "rating"));
	if (r)
		return json_pack("{s:s, s:s}", "words", r->words, "tone", r->tone);
	const char *text = page_str(assessment, "text");
	if (text && *text)
		return json_pack("{s:s, s:s}", "words", text, "tone", "none");
	return json_pack("{s:s, s:s}", "words", "No assessment yet", "tone", "none");
}

/* Adds badge to each action of each priority ([{actions: [{assessment}]}]) and
 * has_actions to each priority, and the priority's text as priority_blocks when
 * with_text. */
static void priorities_prepare(json_t *priorities, bool with_text)
{
	size_t i, j;
	json_t *pr, *a;
	json_array_foreach(priorities, i, pr)
	{
		if (with_text)
			page_set_blocks(pr, "priority_blocks", "text");
		json_t *actions = json_object_get(pr, "actions");
		json_object_set_new(pr, "has_actions", json_boolean(json_array_size(actions) > 0));
		json_array_foreach(actions, j, a)
		{
			json_object_set_new(a, "badge", badge_of(json_object_get(a, "assessment")));
		}
	}
}

/* "Public", "Third sector", ... for an organisation's sector or scale key. */
static const char *key_words(const char *key)
{
	static const char *const map[][2] = {
	    {"public", "Public"},     {"third", "Third sector"}, {"private", "Private"},
	    {"national", "National"}, {"regional", "Regional"},  {"local", "Local"},
	};
	if (!key || !*key)
		return NOT_RECORDED;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], key) == 0)
			return map[i][1];
	return key;
}

/* sector_words, scale_words and area_words for an organisation. */
void page_organisation_words(json_t *o)
{
	page_set_str(o, "sector_words", key_words(page_str(o, "sector")));
	page_set_str(o, "scale_words", key_words(page_str(o, "scale")));
	const char *area = page_str(o, "council_area_name");
	page_set_str(o, "area_words", area && *area ? area : NOT_RECORDED);
}

/* due_show and status_words for a commitment {due, due_text, status}. */
void page_commitment_words(json_t *c)
{
	if (!page_set_date_words(c, "due_show", page_str(c, "due"))) {
		const char *t = page_str(c, "due_text");
		page_set_str(c, "due_show", t && *t ? t : NOT_RECORDED);
	}
	page_set_str(c, "status_words", plan_status_words(page_str(c, "status")));
}

/* Drops o[key] when it is null, so that a template's {{#key}} sees it missing. */
static void drop_null(json_t *o, const char *key)
{
	if (json_is_null(json_object_get(o, key)))
		json_object_del(o, key);
}

/* ---- plans' words and sources ---- */

/* Sets in o the words a plan of shape uses: group_word(s) and item_word(s), and their
 * capitalised forms Group_words and Items_words for headings. */
static void set_shape_words(json_t *o, const char *shape)
{
	const struct plan_words *w = plan_shape_words(shape);
	page_set_str(o, "group_word", w->group);
	page_set_str(o, "group_words", w->groups);
	page_set_str(o, "item_word", w->item);
	page_set_str(o, "item_words", w->items);
	char cap[64];
	snprintf(cap, sizeof cap, "%s", w->groups);
	cap[0] = (char)(cap[0] >= 'a' && cap[0] <= 'z' ? cap[0] - 32 : cap[0]);
	page_set_str(o, "Group_words", cap);
	snprintf(cap, sizeof cap, "%s", w->items);
	cap[0] = (char)(cap[0] >= 'a' && cap[0] <= 'z' ? cap[0] - 32 : cap[0]);
	page_set_str(o, "Item_words", cap);
}

/* "n item" or "n items" in the words of shape, into o[key]. */
static void set_count_words(json_t *o, const char *key, json_int_t n, const char *one, const char *many)
{
	char t[96];
	snprintf(t, sizeof t, "%lld %s", (long long)n, n == 1 ? one : many);
	page_set_str(o, key, t);
}

/* Readable words for a source's web address: who published it, from its host. The
 * address itself is the link. */
static const char *source_words(const char *url, char out[160])
{
	const char *h = url;
	if (strncmp(h, "https://", 8) == 0)
		h += 8;
	else if (strncmp(h, "http://", 7) == 0)
		h += 7;
	if (strncmp(h, "www.", 4) == 0)
		h += 4;
	size_t n = strcspn(h, "/?#");
	const char *path = h + n;
	static const char *const hosts[][2] = {
	    {"thepromise.scot", "The Promise Scotland"},
	    {"parliament.scot", "The Scottish Parliament"},
	    {"gov.scot", "The Scottish Government"},
	};
	if (n == strlen("plan2430.scot") && strncmp(h, "plan2430.scot", n) == 0) {
		if (strncmp(path, "/the-route-maps/", 16) == 0 ||
		    strncmp(path, "/the-five-foundations/", 22) == 0)
			return "Plan 24-30 website: route map";
		return "Plan 24-30 website";
	}
	for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++)
		if (n == strlen(hosts[i][0]) && strncmp(h, hosts[i][0], n) == 0)
			return hosts[i][1];
	snprintf(out, 160, "%.*s", (int)(n < 150 ? n : 150), h);
	return out;
}

/* Sets o[key] {href, words, date_words or no_date} from o's source (when it is a web
 * address) and source_date: the link and the date the page bears, or that its date is
 * not recorded. Nothing when the source is not a web address. */
static void set_source_link(json_t *o, const char *key)
{
	const char *src = page_str(o, "source");
	if (!src || (strncmp(src, "https://", 8) != 0 && strncmp(src, "http://", 7) != 0))
		return;
	char words[160];
	json_t *l = json_object();
	page_set_str(l, "href", src);
	page_set_str(l, "words", source_words(src, words));
	if (!page_set_source_date_words(l, "date_words", page_str(o, "source_date")))
		json_object_set_new(l, "no_date", json_true());
	json_object_set_new(o, key, l);
}

/* The plan in force on day among the plans the store lists (each with its counts), as
 * {slug, title, starts_words, ends_words, items_words}, or NULL. plans may be NULL. */
static json_t *in_force_of(json_t *plans, struct kdate day)
{
	json_t *p = plan_in_force(plans, day);
	if (!p)
		return NULL;
	json_t *v = json_object();
	page_set_str(v, "slug", page_str(p, "slug"));
	page_set_str(v, "title", page_str(p, "title"));
	page_set_date_words(v, "starts_words", page_str(p, "starts"));
	page_set_date_words(v, "ends_words", page_str(p, "ends"));
	set_shape_words(v, page_str(p, "shape"));
	const struct plan_words *w = plan_shape_words(page_str(p, "shape"));
	set_count_words(v, "items_count", json_integer_value(json_object_get(p, "actions")), w->item,
	                w->items);
	set_count_words(v, "groups_count", json_integer_value(json_object_get(p, "priorities")), w->group,
	                w->groups);
	return v;
}

/* ---- rendering ---- */

/* The layout is split at {{{body}}} when it is loaded (see web_templates_load), so a
 * page renders as head, page, foot straight into the response: the page is never
 * copied into a JSON string to be copied again into the layout. */
static int render_in_layout(const struct tmpl_set *set, const char *name, json_t *ctx, struct buf *out,
                            struct kerr *e)
{
	if (tmpl_render(set, "layout.head", ctx, out, e) < 0 || tmpl_render(set, name, ctx, out, e) < 0 ||
	    tmpl_render(set, "layout.foot", ctx, out, e) < 0)
		return -1;
	return 0;
}

/* Gives ctx a breadcrumb trail if it has none, and marks the last crumb as the
 * current page. */
static void crumbs_finish(json_t *ctx)
{
	json_t *crumbs = json_object_get(ctx, "breadcrumbs");
	if (!json_is_array(crumbs) || json_array_size(crumbs) == 0) {
		crumbs = page_crumbs_new();
		const char *title = page_str(ctx, "title");
		if (title && strcmp(title, "Overview") != 0)
			page_crumb_add(crumbs, "", title);
		json_object_set_new(ctx, "breadcrumbs", crumbs);
	}
	json_object_set_new(json_array_get(crumbs, json_array_size(crumbs) - 1), "current", json_true());
}

static void send_plain_500(struct web_response *res)
{
	res->status = 500;
	res->content_type = "text/plain; charset=utf-8";
	res->cache_control = NULL;
	buf_reset(&res->body);
	buf_puts(&res->body, "Something went wrong. Please try again later.\n");
}

void web_page(struct web_request *req, struct web_response *res, int status, const char *name, json_t *ctx)
{
	struct kerr e = {0};
	if (!ctx || !req->tmpl) {
		json_decref(ctx);
		log_error("page %s: %s", name, ctx ? "no templates loaded" : "no context to render");
		send_plain_500(res);
		return;
	}
	crumbs_finish(ctx);
	/* Where children live: every page under /places is that part of the menu. */
	if (req->path && (strcmp(req->path, "/places") == 0 || strncmp(req->path, "/places/", 8) == 0))
		json_object_set_new(ctx, "nav_places", json_true());
	/* The main menu links to the plan in force today (none when none is). */
	if (req->store && !json_object_get(ctx, "nav_plan_slug")) {
		struct kerr pe = {0};
		json_t *plans = store_plans(req->store, &pe);
		json_t *p = plan_in_force(plans, req->today);
		if (p) {
			page_set_str(ctx, "nav_plan_slug", page_str(p, "slug"));
			page_set_str(ctx, "nav_plan_title", page_str(p, "title"));
		}
		json_decref(plans);
	}
	if (req->body_error) {
		json_object_set_new(ctx, "has_request_error", json_true());
		page_set_str(ctx, "request_error", req->body_error);
	}
	if (req->user)
		json_object_set_new(ctx, "signed_in",
		                    json_pack("{s:O, s:O}", "email", json_object_get(req->user, "email"), "csrf",
		                              json_object_get(req->user, "csrf")));
	buf_reset(&res->body);
	buf_grow(&res->body, page_hint);
	int rc = render_in_layout(req->tmpl, name, ctx, &res->body, &e);
	json_decref(ctx);
	if (rc < 0) {
		log_error("page %s: %s", name, e.msg);
		if (strcmp(name, "error") != 0)
			web_error_page(req, res, 500, NULL);
		else
			send_plain_500(res);
		return;
	}
	page_hint = res->body.len + 1024;
	res->status = status;
	res->content_type = HTML_TYPE;
	res->cache_control = NULL;
}

void web_error_page(struct web_request *req, struct web_response *res, int status, const char *message)
{
	const char *heading;
	switch (status) {
	case 400:
		heading = "There is a problem with the request";
		break;
	case 403:
		heading = "You cannot see this page";
		break;
	case 404:
		heading = "Page not found";
		break;
	case 405:
		heading = "This page cannot do that";
		break;
	case 413:
		heading = "The request is too large";
		break;
	case 503:
		heading = "The service is busy";
		break;
	default:
		heading = status >= 500 ? "Something went wrong" : "There is a problem with the request";
		break;
	}
	/* Never show a server failure's detail: it may name tables, files or SQL. */
	char text[1100];
	if (status >= 500 || !message || !*message) {
		snprintf(text, sizeof text, "%s",
		         status >= 500 ? "Sorry, there was a problem on our side. Please try again later."
		                       : (status == 404 ? "There is no page at this address." : ""));
	} else {
		/* Messages from lower layers read "no action called 'x'": make them a sentence. */
		size_t n = strlen(message);
		bool stop = message[n - 1] == '.' || message[n - 1] == '?' || message[n - 1] == '!';
		snprintf(text, sizeof text, "%s%s", message, stop ? "" : ".");
		if (text[0] >= 'a' && text[0] <= 'z')
			text[0] = (char)(text[0] - 'a' + 'A');
	}
	json_t *ctx = json_pack("{s:s, s:s}", "title", heading, "heading", heading);
	if (text[0])
		json_object_set_new(ctx, "message", json_text(text, strlen(text)));
	if (status == 404)
		json_object_set_new(ctx, "not_found", json_true());
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "", heading);
	json_object_set_new(ctx, "breadcrumbs", crumbs);
	web_page(req, res, status, "error", ctx);
}

/* A failed store read: 404 for a missing thing, else logged and a plain 500. */
void page_read_failed(struct web_request *req, struct web_response *res, const char *page,
                        const struct kerr *e)
{
	if (e->code == KERR_NOTFOUND) {
		web_error_page(req, res, 404, e->msg);
		return;
	}
	log_error("page %s: %s", page, e->msg);
	web_error_page(req, res, 500, NULL);
}

/* The slug in the path, or NULL after answering 404 for one that cannot exist. */
const char *page_slug_param(struct web_request *req, struct web_response *res)
{
	if (req->nparams < 1 || !slug_valid(req->params[0])) {
		web_error_page(req, res, 404, NULL);
		return NULL;
	}
	return req->params[0];
}

/* ---- the overview ---- */

/* Sets dst[key] to the phase's name without its years: "Consolidation" from
 * "Years Five to Seven - Consolidation" when years is "Years Five to Seven". */
static void set_phase_name(json_t *dst, const char *key, json_t *phase)
{
	const char *title = page_str(phase, "title");
	const char *years = page_str(phase, "years");
	if (!title)
		return;
	size_t n = years ? strlen(years) : 0;
	if (n && strncmp(title, years, n) == 0 && strncmp(title + n, " - ", 3) == 0 && title[n + 3])
		page_set_str(dst, key, title + n + 3);
	else
		page_set_str(dst, key, title);
}

/* Adds to ctx "phase": the phase Scotland is in on today, as {name, years,
 * starts_words, ends_words, now_blocks, now_intro, phases_plan}; nothing when today
 * is outside them all. */
static void overview_phase(json_t *ctx, json_t *phases, struct kdate today)
{
	json_t *ph = plan_phase_on(phases, today);
	if (!ph)
		return;
	json_t *v = json_object();
	set_phase_name(v, "name", ph);
	if (page_str(ph, "years"))
		page_set_str(v, "years", page_str(ph, "years"));
	page_set_date_words(v, "starts_words", page_str(ph, "starts"));
	page_set_date_words(v, "ends_words", page_str(ph, "ends"));
	const char *plan = page_slug(ph, "plan");
	if (plan)
		page_set_str(v, "phases_plan", plan);
	json_t *b = text_blocks(page_str(ph, "summary"));
	if (b) {
		json_object_set_new(v, "now_blocks", b);
		json_object_set_new(v, "now_intro", json_true());
	}
	json_object_set_new(ctx, "phase", v);
}

/* The priorities (in plan order, each with plan: {slug, title}) as
 * [{plan_slug, plan_title, priorities: [...]}], one group per plan in turn. The
 * priorities are shared, not copied. */
static json_t *group_by_plan(json_t *priorities)
{
	json_t *groups = json_array();
	json_t *cur = NULL;
	const char *cur_slug = NULL;
	size_t i;
	json_t *pr;
	json_array_foreach(priorities, i, pr)
	{
		json_t *plan = json_object_get(pr, "plan");
		const char *slug = page_str(plan, "slug");
		if (!cur || !slug || !cur_slug || strcmp(slug, cur_slug) != 0) {
			cur = json_array();
			json_t *g = json_pack("{s:o}", "priorities", cur);
			if (slug) {
				page_set_str(g, "plan_slug", slug);
				page_set_str(g, "plan_title",
				        page_str(plan, "title") ? page_str(plan, "title") : slug);
			}
			json_array_append_new(groups, g);
			cur_slug = slug;
		}
		json_array_append(cur, pr);
	}
	return groups;
}

static json_t *count_words(json_t *counts, const char *key, const char *one, const char *many)
{
	json_int_t n = json_integer_value(json_object_get(counts, key));
	return json_pack("{s:I, s:s}", "n", n, "words", n == 1 ? one : many);
}

/* The plans for the home page's list: every one but drafts, each with dates in words
 * and whether it has ended or is the one in force. */
static json_t *plans_list(json_t *plans, json_t *in_force)
{
	json_t *list = json_array();
	size_t i;
	json_t *p;
	json_array_foreach(plans, i, p)
	{
		const char *status = page_str(p, "status");
		if (status && strcmp(status, "draft") == 0)
			continue;
		json_t *v = json_object();
		page_set_str(v, "slug", page_str(p, "slug"));
		page_set_str(v, "title", page_str(p, "title"));
		page_set_date_words(v, "starts_words", page_str(p, "starts"));
		page_set_date_words(v, "ends_words", page_str(p, "ends"));
		if (status && strcmp(status, "ended") == 0)
			json_object_set_new(v, "ended", json_true());
		const char *slug = page_str(p, "slug");
		if (in_force && slug && strcmp(slug, page_str(in_force, "slug")) == 0)
			json_object_set_new(v, "is_in_force", json_true());
		json_array_append_new(list, v);
	}
	return list;
}

void web_page_overview(struct web_request *req, struct web_response *res)
{
	struct kerr e = {0};
	json_t *foundations = NULL, *phases = NULL, *priorities = NULL, *counts = NULL, *fundamentals = NULL,
	       *plans = NULL;
	if (!(foundations = store_foundations(req->store, &e)) || !(phases = store_phases(req->store, &e)) ||
	    !(priorities = store_priorities_with_actions(req->store, &e)) ||
	    !(counts = store_counts(req->store, &e)) ||
	    !(fundamentals = store_fundamentals(req->store, &e)) || !(plans = store_plans(req->store, &e))) {
		json_decref(foundations);
		json_decref(phases);
		json_decref(priorities);
		json_decref(counts);
		json_decref(fundamentals);
		page_read_failed(req, res, "overview", &e);
		return;
	}
	json_t *ctx = json_object();
	page_set_str(ctx, "title", "Overview");
	json_object_set_new(ctx, "nav_overview", json_true());
	json_object_set_new(ctx, "breadcrumbs", page_crumbs_new());
	overview_phase(ctx, phases, req->today);
	json_decref(phases);
	json_t *in_force = in_force_of(plans, req->today);
	json_t *stats = json_array();
	json_array_append_new(stats, count_words(counts, "organisations", "organisation", "organisations"));
	json_array_append_new(stats, count_words(counts, "commitments", "commitment", "commitments"));
	json_decref(counts);
	/* The work shown is the plan in force's; when no plan is in force, every plan's. */
	json_t *shown = priorities;
	if (in_force) {
		json_object_set(ctx, "in_force", in_force);
		json_t *p = plan_in_force(plans, req->today);
		json_array_append_new(stats,
		                      json_pack("{s:O, s:s}", "n", json_object_get(p, "actions"), "words",
		                                json_integer_value(json_object_get(p, "actions")) == 1
		                                    ? page_str(in_force, "item_word")
		                                    : page_str(in_force, "item_words")));
		shown = json_array();
		size_t i;
		json_t *pr;
		json_array_foreach(priorities, i, pr)
		{
			if (strcmp(page_str(json_object_get(pr, "plan"), "slug"),
			           page_str(in_force, "slug")) == 0)
				json_array_append(shown, pr);
		}
	}
	json_object_set_new(ctx, "stats", stats);
	priorities_prepare(shown, false);
	json_t *groups = group_by_plan(shown);
	/* Each group in its plan's words: "Foundations of Plan 24-30", "Priority areas of
	 * Plan 21-24". */
	size_t i;
	json_t *g;
	json_array_foreach(groups, i, g)
	{
		json_t *first = json_array_get(json_object_get(g, "priorities"), 0);
		const char *slug = page_str(json_object_get(first, "plan"), "slug");
		size_t j;
		json_t *p;
		json_array_foreach(plans, j, p)
		{
			if (slug && strcmp(slug, page_str(p, "slug")) == 0)
				set_shape_words(g, page_str(p, "shape"));
		}
	}
	json_object_set_new(ctx, "plan_groups", groups);
	if (shown != priorities)
		json_decref(shown);
	json_decref(priorities);
	json_object_set_new(ctx, "plans", plans_list(plans, in_force));
	json_decref(in_force);
	json_decref(plans);
	json_object_set_new(ctx, "foundations", foundations);
	json_object_set_new(ctx, "fundamentals", fundamentals);
	web_page(req, res, 200, "overview", ctx);
}

/* ---- a plan ---- */

/* Sets ctx's is_draft (a draft plan: seen by staff, admins and the Board only), or
 * ended and ended_words (the day an ended plan ended: plan_ended) from plan {status,
 * ends}. */
static void plan_life_set(json_t *ctx, json_t *plan, struct kdate today)
{
	const char *status = page_str(plan, "status");
	if (status && strcmp(status, "draft") == 0) {
		json_object_set_new(ctx, "is_draft", json_true());
	} else if (plan_ended(status, page_str(plan, "ends"), today)) {
		json_object_set_new(ctx, "ended", json_true());
		page_set_date_words(ctx, "ended_words", page_str(plan, "ends"));
	}
}
static void history_set(struct web_request *req, json_t *ctx, json_t *history, bool labelled,
                        void (*words)(json_t *rec));

void web_page_plan(struct web_request *req, struct web_response *res)
{
	struct kerr e = {0};
	const char *slug = page_slug_param(req, res);
	if (!slug)
		return;
	json_t *plan = store_plan(req->store, slug, &e);
	if (!plan) {
		page_read_failed(req, res, "plan", &e);
		return;
	}
	page_set_date_words(plan, "starts_words", page_str(plan, "starts"));
	page_set_date_words(plan, "ends_words", page_str(plan, "ends"));
	plan_life_set(plan, plan, req->today);
	page_set_blocks(plan, "summary_blocks", "summary");
	json_t *phases = json_object_get(plan, "phases");
	json_t *now = plan_phase_on(phases, req->today);
	size_t i;
	json_t *ph;
	json_array_foreach(phases, i, ph)
	{
		set_phase_name(ph, "name", ph);
		drop_null(ph, "years");
		page_set_date_words(ph, "phase_starts", page_str(ph, "starts"));
		page_set_date_words(ph, "phase_ends", page_str(ph, "ends"));
		page_set_blocks(ph, "phase_blocks", "summary");
		json_object_set_new(ph, "now", json_boolean(ph == now));
	}
	if (json_array_size(phases))
		json_object_set_new(plan, "has_phases", json_true());
	json_t *priorities = json_object_get(plan, "priorities");
	priorities_prepare(priorities, true);
	/* Its words and what it lists, counted: the page states no number it does not
	 * count. */
	const char *shape = page_str(plan, "shape");
	const struct plan_words *w = plan_shape_words(shape);
	set_shape_words(plan, shape);
	size_t nitems = 0;
	json_t *pr;
	json_array_foreach(priorities, i, pr)
	{
		nitems += json_array_size(json_object_get(pr, "actions"));
	}
	if (json_array_size(priorities)) {
		json_object_set_new(plan, "has_priorities", json_true());
		set_count_words(plan, "items_count", (json_int_t)nitems, w->item, w->items);
		set_count_words(plan, "groups_count", (json_int_t)json_array_size(priorities), w->group,
		                w->groups);
	}
	set_source_link(plan, "source_link");
	/* The main menu's plan is the one in force; this page is it when it is. */
	json_t *plans = store_plans(req->store, &e);
	json_t *now_plan = plan_in_force(plans, req->today);
	if (now_plan && strcmp(page_str(now_plan, "slug"), slug) == 0)
		json_object_set_new(plan, "nav_plan", json_true());
	json_decref(plans);
	/* Keeping the Plan (plan_forms.c): links for staff and admins, and its history. */
	if (planedit_may(req->user))
		json_object_set_new(plan, "may_edit_plan", json_true());
	json_t *history = store_audit_of_plan(req->store, slug, &e);
	if (!history) {
		json_decref(plan);
		page_read_failed(req, res, "plan", &e);
		return;
	}
	/* Those who see draft plans see what was written while the plan was a draft. */
	bool privy = plan_drafts_seen_by(page_str(req->user, "role"));
	history_set(req, plan, history_visible(history, history_reader_of(req->user, privy)), true, NULL);
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "", page_str(plan, "title"));
	json_object_set_new(plan, "breadcrumbs", crumbs);
	web_page(req, res, 200, "plan", plan);
}

/* ---- an action ---- */

/* Each assessment {at, rating, text, next_steps, source} gains badge, at_words and
 * assess_blocks and assess_source; the newest is set as "latest", the rest as
 * "earlier". */
static void action_assessments(json_t *a, bool may_redact)
{
	json_t *list = json_object_get(a, "assessments");
	size_t i;
	json_t *as;
	json_array_foreach(list, i, as)
	{
		if (may_redact && (page_str(as, "text") || page_str(as, "next_steps")))
			json_object_set_new(as, "may_redact", json_true());
		json_object_set_new(as, "badge", badge_of(as));
		page_set_date_words(as, "at_words", page_str(as, "at"));
		/* The badge shows an unrated assessment's text already: say it once. */
		if (plan_rating_find(page_str(as, "rating")))
			page_set_blocks(as, "assess_blocks", "text");
		const char *src = page_str(as, "source");
		if (src && *src)
			page_set_str(as, "assess_source", src);
	}
	if (json_array_size(list) == 0)
		return;
	json_object_set(a, "latest", json_array_get(list, 0));
	if (json_array_size(list) > 1) {
		json_t *earlier = json_array();
		for (i = 1; i < json_array_size(list); i++)
			json_array_append(earlier, json_array_get(list, i));
		json_object_set_new(a, "earlier", earlier);
		json_object_set_new(a, "has_earlier", json_true());
	}
	/* Next steps are those the Board set with its latest assessment in keep, or else the
	 * action's own as published, or else those of its latest published assessment. */
	json_t *latest = json_array_get(list, 0);
	const char *src = page_str(latest, "source");
	bool board = src && strcmp(src, ASSESSMENT_SOURCE) == 0 && page_str(latest, "next_steps");
	if (board || !json_object_get(a, "next_blocks"))
		set_blocks_from(a, "next_blocks", latest, "next_steps");
}

static void history_set(struct web_request *req, json_t *ctx, json_t *history, bool labelled,
                        void (*words)(json_t *rec));

/* The Oversight Board's targets that name action slug, as /review judges them today:
 * a["targets"] [{id, title, area_name, status, status_words, why}] and has_targets. */
static int action_targets(struct web_request *req, json_t *a, const char *slug)
{
	struct kerr e = {0};
	json_t *all = targets_review(req->store, NULL, req->today, &e);
	if (!all)
		return -1;
	json_t *mine = json_array();
	size_t i;
	json_t *t;
	json_array_foreach(all, i, t) if (page_str(t, "action") && strcmp(page_str(t, "action"), slug) == 0)
	{
		json_t *pace = json_object_get(t, "pace");
		json_array_append_new(mine, json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "id", page_str(t, "id"), "title",
		                                      page_str(json_object_get(t, "indicator"), "title"), "area_name",
		                                      page_str(t, "area_name"), "status", page_str(pace, "status"),
		                                      "status_words", page_str(pace, "words"), "why", page_str(pace, "why")));
	}
	json_decref(all);
	if (json_array_size(mine))
		json_object_set_new(a, "has_targets", json_true());
	json_object_set_new(a, "targets", mine);
	page_set_str(a, "item_word_one", json_is_true(json_object_get(a, "route_map")) ? "route map" : "action");
	return 0;
}

void web_page_action(struct web_request *req, struct web_response *res)
{
	struct kerr e = {0};
	const char *slug = page_slug_param(req, res);
	if (!slug)
		return;
	json_t *a = store_action(req->store, slug, &e);
	if (!a) {
		page_read_failed(req, res, "action", &e);
		return;
	}
	size_t i;
	json_t *v;
	page_set_blocks(a, "required_blocks", "required");
	page_set_blocks(a, "committed_blocks", "committed");
	page_set_blocks(a, "leads_blocks", "leads_text");
	page_set_blocks(a, "next_blocks", "next_steps");
	page_set_date_words(a, "due_words", page_str(a, "due"));
	drop_null(a, "source");

	json_t *notes = json_array();
	json_array_foreach(json_object_get(a, "heard"), i, v)
	{
		json_t *b = text_blocks(page_str(v, "text"));
		if (!b)
			continue;
		json_t *note = json_pack("{s:o, s:O, s:b}", "note_blocks", b, "id", json_object_get(v, "id"), "may_change",
		                         heard_may_add(req->user));
		page_set_date_words(note, "note_at", page_str(v, "at"));
		json_array_append_new(notes, note);
	}
	if (json_array_size(notes))
		json_object_set_new(a, "heard_notes", notes);
	else
		json_decref(notes);

	json_t *leads = json_object_get(a, "leads");
	json_array_foreach(leads, i, v)
	{
		page_set_str(v, "role_words", plan_role_words(page_str(v, "role")));
	}
	json_t *commitments = json_object_get(a, "commitments");
	json_array_foreach(commitments, i, v)
	{
		page_commitment_words(v);
	}
	if (json_array_size(commitments))
		json_object_set_new(a, "has_commitments", json_true());
	if (json_array_size(leads))
		json_object_set_new(a, "has_leads", json_true());
	if (!json_object_get(a, "committed_blocks") && !json_array_size(commitments))
		json_object_set_new(a, "no_commitments", json_true());
	if (!json_object_get(a, "leads_blocks") && !json_array_size(leads))
		json_object_set_new(a, "no_leads", json_true());

	action_assessments(a, redact_may(req->user));
	json_object_set_new(a, "badge", badge_of(json_object_get(a, "latest")));

	json_t *timeline = json_object_get(a, "timeline");
	if (json_array_size(timeline))
		json_object_set_new(a, "has_timeline", json_true());
	json_array_foreach(timeline, i, v)
	{
		const char *when = page_str(v, "when");
		page_set_str(v, "when_show", when && *when ? when : NOT_RECORDED);
		struct kdate d;
		const char *due = page_str(v, "due");
		if (due && date_parse(due, &d, NULL) == 0)
			page_set_str(v, "when_iso", due);
	}
	if (json_array_size(json_object_get(a, "foundations")))
		json_object_set_new(a, "has_foundations", json_true());

	json_t *plan = json_object_get(a, "plan");
	/* A route map (of a route maps plan) says where Scotland is now, where it should be
	 * by 2030 (one outcome a line), its milestones with their sources, and its own
	 * source. */
	set_shape_words(a, page_str(plan, "shape"));
	if (page_str(plan, "shape") && strcmp(page_str(plan, "shape"), "route_maps") == 0) {
		json_object_set_new(a, "route_map", json_true());
		page_set_blocks(a, "now_blocks", "now");
		json_t *outcomes = json_array();
		const char *o = page_str(a, "outcomes");
		while (o && *o) {
			size_t n = strcspn(o, "\n");
			const char *t = o;
			size_t len = n;
			while (len && is_blank(*t)) {
				t++;
				len--;
			}
			while (len && is_blank(t[len - 1]))
				len--;
			if (len)
				json_array_append_new(outcomes, json_stringn(t, len));
			o += n + (o[n] == '\n');
		}
		if (json_array_size(outcomes))
			json_object_set_new(a, "outcome_list", outcomes);
		else
			json_decref(outcomes);
		json_array_foreach(timeline, i, v)
		{
			set_source_link(v, "milestone_source");
		}
		set_source_link(a, "source_link");
	}
	json_t *priority = json_object_get(a, "priority");
	const char *plan_slug = page_str(plan, "slug");
	const char *plan_title = page_str(plan, "title");
	json_t *crumbs = page_crumbs_new();
	if (plan_slug) {
		struct buf href = {0};
		buf_printf(&href, "/plans/%s", plan_slug);
		page_crumb_add(crumbs, buf_str(&href), plan_title);
		if (page_str(priority, "slug")) {
			buf_printf(&href, "#%s", page_str(priority, "slug"));
			page_crumb_add(crumbs, buf_str(&href), page_str(priority, "title"));
			page_set_str(a, "priority_href", buf_str(&href));
		}
		buf_free(&href);
	}
	struct buf here = {0};
	buf_printf(&here, "/actions/%s", slug);
	page_crumb_add(crumbs, buf_str(&here), page_str(a, "title"));
	buf_free(&here);
	json_object_set_new(a, "breadcrumbs", crumbs);
	page_set_str(a, "plan_title", plan_title ? plan_title : "the Plan");
	plan_life_set(a, plan, req->today);
	if (heard_may_add(req->user))
		json_object_set_new(a, "may_add_heard", json_true());
	if (organisation_may_manage(req->user))
		json_object_set_new(a, "may_set_leads", json_true());
	if (planedit_may(req->user)) {
		json_object_set_new(a, "may_edit_plan", json_true());
		page_set_str(a, "item_word", plan_shape_words(page_str(json_object_get(a, "plan"), "shape"))->item);
	}
	if (assessment_may_record(req->user))
		json_object_set_new(a, "may_assess", json_true());
	json_t *history = page_action_carry(req, a, slug, &e) == 0 ? store_audit_of_action(req->store, slug, &e) : NULL;
	if (!history) {
		json_decref(a);
		page_read_failed(req, res, "action", &e);
		return;
	}
	bool privy = plan_drafts_seen_by(page_str(req->user, "role"));
	history_set(req, a, history_visible(history, history_reader_of(req->user, privy)), true, page_action_history_words);
	if (page_evidence_list(req, a, NULL, slug, true) < 0 || action_targets(req, a, slug) < 0) {
		json_decref(a);
		web_error_page(req, res, 500, NULL);
		return;
	}
	web_page(req, res, 200, "action", a);
}

/* ---- a foundation ---- */

void web_page_foundation(struct web_request *req, struct web_response *res)
{
	struct kerr e = {0};
	const char *slug = page_slug_param(req, res);
	if (!slug)
		return;
	json_t *f = store_foundation(req->store, slug, &e);
	if (!f) {
		page_read_failed(req, res, "foundation", &e);
		return;
	}
	page_set_blocks(f, "foundation_blocks", "text");
	json_t *actions = json_object_get(f, "actions");
	if (json_array_size(actions))
		json_object_set_new(f, "has_actions", json_true());
	/* Where each one sits, in its plan's words: "Plan 24-30, route map" or "Plan 21-24,
	 * priority area: Planning". */
	size_t i;
	json_t *a;
	json_array_foreach(actions, i, a)
	{
		json_t *plan = json_object_get(a, "plan");
		const char *shape = page_str(plan, "shape");
		const struct plan_words *w = plan_shape_words(shape);
		struct buf where = {0};
		if (shape && strcmp(shape, "route_maps") == 0)
			buf_printf(&where, "%s, %s", page_str(plan, "title"), w->item);
		else
			buf_printf(&where, "%s, %s: %s", page_str(plan, "title"), w->group,
			           page_str(json_object_get(a, "priority"), "title"));
		page_set_str(a, "where", buf_str(&where));
		buf_free(&where);
	}
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/#foundations", "The Five Foundations");
	page_crumb_add(crumbs, "", page_str(f, "title"));
	json_object_set_new(f, "breadcrumbs", crumbs);
	web_page(req, res, 200, "foundation", f);
}

/* ---- organisations ---- */

void web_page_organisations(struct web_request *req, struct web_response *res)
{
	struct kerr e = {0};
	json_t *list = store_organisations(req->store, &e);
	if (!list) {
		page_read_failed(req, res, "organisations", &e);
		return;
	}
	size_t i;
	json_t *o;
	json_array_foreach(list, i, o)
	{
		page_organisation_words(o);
	}
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/organisations", "Organisations");
	size_t n = json_array_size(list);
	json_t *ctx = json_pack("{s:s, s:b, s:o, s:I, s:s, s:b, s:o}", "title", "Organisations",
	                        "nav_organisations", 1, "breadcrumbs", crumbs, "count", (json_int_t)n,
	                        "count_words", n == 1 ? "organisation" : "organisations", "has_organisations",
	                        n > 0, "organisations", list);
	if (organisation_may_manage(req->user))
		json_object_set_new(ctx, "may_add", json_true());
	web_page(req, res, 200, "organisations", ctx);
}

void web_page_organisation(struct web_request *req, struct web_response *res)
{
	struct kerr e = {0};
	const char *slug = page_slug_param(req, res);
	if (!slug)
		return;
	json_t *o = store_organisation(req->store, slug, &e);
	if (!o) {
		page_read_failed(req, res, "organisation", &e);
		return;
	}
	page_organisation_words(o);
	size_t i;
	json_t *v;
	json_t *leads = json_object_get(o, "leads");
	json_array_foreach(leads, i, v)
	{
		page_set_str(v, "role_words", plan_role_words(page_str(v, "role")));
	}
	json_t *commitments = json_object_get(o, "commitments");
	json_array_foreach(commitments, i, v)
	{
		page_commitment_words(v);
		drop_null(v, "action");
	}
	if (json_array_size(leads))
		json_object_set_new(o, "has_leads", json_true());
	if (json_array_size(commitments))
		json_object_set_new(o, "has_commitments", json_true());
	page_set_str(o, "title", page_str(o, "name") ? page_str(o, "name") : "Organisation");
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/organisations", "Organisations");
	page_crumb_add(crumbs, "", page_str(o, "title"));
	json_object_set_new(o, "breadcrumbs", crumbs);
	if (commitment_may_edit(req->user, page_str(o, "slug")))
		json_object_set_new(o, "may_edit", json_true());
	if (organisation_may_manage(req->user))
		json_object_set_new(o, "may_delete", json_true());
	if (page_evidence_list(req, o, page_str(o, "slug"), NULL,
	                       !evidence_may_see_unpublished(req->user, page_str(o, "slug"))) < 0) {
		json_decref(o);
		web_error_page(req, res, 500, NULL);
		return;
	}
	if (evidence_may_edit(req->user, page_str(o, "slug")))
		json_object_set_new(o, "may_add_evidence", json_true());
	if (page_history(req, o, "organisation", page_str(o, "slug"), false, NULL, &e) < 0) {
		json_decref(o);
		page_read_failed(req, res, "organisation", &e);
		return;
	}
	web_page(req, res, 200, "organisation", o);
}

/* ---- search ---- */

/* The snippet s, whose matches the store wraps in \x01 and \x02, as
 * [{"text": "...", "mark": bool}] for the template to wrap marked parts in <mark>. */
static json_t *snippet_parts(const char *s)
{
	json_t *parts = json_array();
	bool mark = false;
	const char *start = s;
	for (const char *c = s;; c++) {
		if (*c != '\x01' && *c != '\x02' && *c != '\0')
			continue;
		if (c > start)
			json_array_append_new(parts,
			                      json_pack("{s:o, s:b}", "text",
			                                json_text(start, (size_t)(c - start)), "mark", mark));
		if (!*c)
			break;
		mark = *c == '\x01';
		start = c + 1;
	}
	return parts;
}

/* Turns a store result {kind, slug, title, snippet, ...} into {kind_words, href,
 * title, parts}; false for a kind this page does not know how to link. */
static bool search_result(json_t *r, struct buf *href)
{
	const char *kind = page_str(r, "kind");
	const char *slug = page_str(r, "slug");
	const char *words = NULL;
	buf_reset(href);
	if (!kind)
		return false;
	if (strcmp(kind, "action") == 0 || strcmp(kind, "heard") == 0) {
		words = kind[0] == 'a' ? "Action" : "Heard note";
		if (slug)
			buf_printf(href, "/actions/%s", slug);
	} else if (strcmp(kind, "organisation") == 0) {
		words = "Organisation";
		if (slug)
			buf_printf(href, "/organisations/%s", slug);
	} else if (strcmp(kind, "commitment") == 0) {
		words = "Commitment";
		if (slug)
			buf_printf(href, "/commitments/%s", slug);
	} else {
		return false;
	}
	if (!href->len)
		return false;
	page_set_str(r, "kind_words", words);
	page_set_str(r, "href", buf_str(href));
	if (!page_str(r, "title"))
		page_set_str(r, "title", words);
	json_object_set_new(r, "parts", snippet_parts(page_str(r, "snippet") ? page_str(r, "snippet") : ""));
	return true;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

void web_page_search(struct web_request *req, struct web_response *res)
{
	struct kerr e = {0};
	const char *raw = query_get(&req->query, "q");
	struct buf q = {0};
	if (raw)
		utf8_repair(&q, raw, strlen(raw));
	const char *words = buf_str(&q);
	const char *t = words;
	while (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\n')
		t++;

	json_t *ctx = json_object();
	page_set_str(ctx, "q", words);
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/search", "Search");
	json_object_set_new(ctx, "breadcrumbs", crumbs);

	if (!*t) {
		page_set_str(ctx, "title", "Search");
		json_object_set_new(ctx, "empty", json_true());
		buf_free(&q);
		web_page(req, res, 200, "search", ctx);
		return;
	}
	if (utf8_chars(words) > SEARCH_MAX_CHARS) {
		page_set_str(ctx, "title", "Error: Search");
		page_set_str(ctx, "error", "Your search is too long. Use 200 characters or fewer.");
		buf_free(&q);
		web_page(req, res, 400, "search", ctx);
		return;
	}
	json_t *results = store_search(req->store, words, SEARCH_LIMIT, &e);
	buf_free(&q);
	if (!results) {
		json_decref(ctx);
		if (e.code == KERR_NOTFOUND || e.code == KERR_USAGE || e.code == KERR_INVALID) {
			web_error_page(req, res, 400, "The search could not be run. Try other words.");
			return;
		}
		page_read_failed(req, res, "search", &e);
		return;
	}
	struct buf href = {0};
	json_t *shown = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(results, i, r)
	{
		if (search_result(r, &href))
			json_array_append(shown, r);
	}
	buf_free(&href);
	json_decref(results);
	size_t n = json_array_size(shown);
	struct buf title = {0};
	buf_printf(&title, "Search results for \u201c%s\u201d", page_str(ctx, "q"));
	page_set_str(ctx, "title", buf_str(&title));
	buf_free(&title);
	json_object_set_new(ctx, "searched", json_true());
	json_object_set_new(ctx, "count", json_integer((json_int_t)n));
	page_set_str(ctx, "count_words", n == 1 ? "result" : "results");
	if (n == SEARCH_LIMIT)
		json_object_set_new(ctx, "limited", json_true());
	json_object_set_new(ctx, "has_results", json_boolean(n > 0));
	json_object_set_new(ctx, "results", shown);
	web_page(req, res, 200, "search", ctx);
}

/* ---- static files ---- */

static const char *static_type(const char *name)
{
	static const char *const map[][2] = {
	    {".css", "text/css; charset=utf-8"},
	    {".js", "text/javascript; charset=utf-8"},
	    {".svg", "image/svg+xml"},
	    {".png", "image/png"},
	    {".ico", "image/x-icon"},
	    {".woff2", "font/woff2"},
	    {".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(dot, map[i][0]) == 0)
			return map[i][1];
	return "application/octet-stream";
}

void web_page_static(struct web_request *req, struct web_response *res)
{
	const char *rest = req->nparams > 0 ? req->params[0] : NULL;
	if (!rest && req->path && strncmp(req->path, "/static/", 8) == 0)
		rest = req->path + 8;
	const struct embedded_file *f = NULL;
	if (rest && *rest && !strstr(rest, "..") && strlen(rest) < 200) {
		char name[256];
		snprintf(name, sizeof name, "static/%s", rest);
		f = embedded_find(name);
	}
	if (!f) {
		web_error_page(req, res, 404, NULL);
		return;
	}
	buf_reset(&res->body);
	buf_put(&res->body, f->data, f->len);
	res->status = 200;
	res->content_type = static_type(f->name);
	res->cache_control = "public, max-age=3600";
}

/* ---- templates ---- */

/* Adds every embedded templates/NAME.html as NAME. The layout is also added in two
 * halves, "layout.head" and "layout.foot", split at its one {{{body}}} (which must not
 * sit inside a section), so web_page can render the page between them. */
struct tmpl_set *web_templates_load(struct kerr *e)
{
	static const char marker[] = "{{{body}}}";
	struct tmpl_set *set = tmpl_set_new();
	bool have_layout = false;
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		if (strncmp(f->name, "templates/", 10) != 0)
			continue;
		const char *base = strrchr(f->name, '/') + 1;
		const char *dot = strrchr(base, '.');
		size_t n = dot ? (size_t)(dot - base) : strlen(base);
		char name[128];
		if (n == 0 || n >= sizeof name) {
			kerr_set(e, KERR_FAIL, "%s: the template's name is empty or too long", f->name);
			goto fail;
		}
		memcpy(name, base, n);
		name[n] = '\0';
		const char *src = (const char *)f->data;
		if (tmpl_set_add(set, name, src, f->len, e) < 0)
			goto fail;
		if (strcmp(name, "layout") != 0)
			continue;
		const char *at = strstr(src, marker);
		if (!at || strstr(at + 1, marker)) {
			kerr_set(e, KERR_FAIL, "%s: the layout must hold %s exactly once", f->name, marker);
			goto fail;
		}
		size_t head = (size_t)(at - src), tail = head + sizeof marker - 1;
		if (tmpl_set_add(set, "layout.head", src, head, e) < 0 ||
		    tmpl_set_add(set, "layout.foot", src + tail, f->len - tail, e) < 0) {
			kerr_set(e, KERR_FAIL, "%s: %s must not sit inside a section", f->name, marker);
			goto fail;
		}
		have_layout = true;
	}
	if (!have_layout) {
		kerr_set(e, KERR_FAIL, "templates/layout.html is missing from this build of keep");
		goto fail;
	}
	return set;
fail:
	tmpl_set_free(set);
	return NULL;
}

/* ---- forms that change records ---- */

/* True when someone is signed in; otherwise answers with a redirect to the sign-in page,
 * which brings them back to this address afterwards. */
bool page_signed_in(struct web_request *req, struct web_response *res)
{
	if (req->user)
		return true;
	char next[600];
	snprintf(next, sizeof next, "/login?next=%.500s", req->path);
	web_redirect(res, next);
	return false;
}

/* The end of a form's POST: on success, a 303 to the page of what was changed
 * (prefix + slug); on failure a logged 500. */
void page_saved(struct web_request *req, struct web_response *res, int rc, const struct kerr *e, const char *prefix,
                  const char *slug)
{
	if (rc < 0) {
		log_error("saving %s%s: %s", prefix, slug, e->msg);
		web_error_page(req, res, 500, NULL);
		return;
	}
	char to[300];
	snprintf(to, sizeof to, "%s%s", prefix, slug);
	web_redirect(res, to);
}

/* ---- a commitment: its updates and history; the form to change it ---- */

/* The words of an audit record's entity, where one page's history mixes kinds. */
static const char *entity_words(const char *entity)
{
	/* An action's own records, on its page, need no label: "Changed on ...". */
	if (entity && strcmp(entity, "lead") == 0)
		return "Lead role";
	if (entity && strcmp(entity, "heard") == 0)
		return "Heard note";
	if (entity && strcmp(entity, "milestone") == 0)
		return "Milestone";
	if (entity && strcmp(entity, "phase") == 0)
		return "Phase";
	if (entity && strcmp(entity, "priority") == 0)
		return "Group";
	return NULL;
}

/* A value of an audit record in words: a text as it is, a list (an action's
 * foundations, say) its texts joined by commas, a number in decimal; "none" for nothing. */
static void value_words(json_t *v, struct buf *out)
{
	if (json_is_string(v)) {
		buf_puts(out, json_string_value(v));
	} else if (json_is_integer(v)) {
		buf_printf(out, "%lld", (long long)json_integer_value(v));
	} else if (json_is_array(v) && json_array_size(v) > 0) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
		{
			if (i)
				buf_puts(out, ", ");
			value_words(x, out);
		}
	} else {
		buf_puts(out, "none");
	}
}

/* One audit record in words: "Changed by X on 24 November 2026: status Under way → Done;
 * due none → 31 March 2027". The times the store keeps for itself (created, updated)
 * are left out, and so are ids. Where the page mixes kinds of record (labelled), the
 * sentence starts with the kind and says what was added or deleted: "Lead role added by
 * X on 24 November 2026: organisation cosla; role lead". */
static void history_sentence(json_t *rec, bool show_who, bool labelled, struct buf *out)
{
	const char *verb = page_str(rec, "verb");
	const char *at = page_str(rec, "at");
	char day[11] = "";
	if (at)
		snprintf(day, sizeof day, "%.10s", at);
	verb = verb ? verb : "";
	bool create = strcmp(verb, "create") == 0, del = strcmp(verb, "delete") == 0;
	bool redact = strcmp(verb, "redact") == 0;
	/* What history_visible makes of a record that was not public before or after. */
	const char *said = strcmp(verb, "publish") == 0    ? "Published"
	                   : strcmp(verb, "withdraw") == 0 ? "Withdrawn from publication"
	                   : redact                        ? "Text removed"
	                   : create                        ? "Added"
	                   : del                           ? "Deleted"
	                                                   : "Changed";
	const char *label = labelled ? entity_words(page_str(rec, "entity")) : NULL;
	if (label)
		buf_printf(out, "%s %s", label,
		           strcmp(verb, "publish") == 0    ? "published"
		           : strcmp(verb, "withdraw") == 0 ? "withdrawn from publication"
		           : create                        ? "added"
		           : del                           ? "deleted"
		           : redact                        ? "text removed"
		                                           : "changed");
	else
		buf_puts(out, said);
	if (show_who)
		buf_printf(out, " by %s", page_str(rec, "actor"));
	struct kdate d;
	if (date_parse(day, &d, NULL) == 0) {
		buf_puts(out, " on ");
		date_words(d, out);
	}
	if (redact) {
		/* Only admins are given the removed text and the reason (history_visible). */
		json_t *was = json_object_get(rec, "before");
		const char *why = page_str(json_object_get(rec, "after"), "reason");
		const char *key;
		json_t *v;
		int n = 0;
		json_object_foreach(was, key, v)
		{
			if (json_is_string(v) && strcmp(key, "reason") != 0 && json_object_get(json_object_get(rec, "after"), key) &&
			    !json_equal(v, json_object_get(json_object_get(rec, "after"), key)))
				buf_printf(out, "%s%s was %s", n++ ? "; " : ": ", key, json_string_value(v));
		}
		if (why)
			buf_printf(out, "%sreason %s", n++ ? "; " : ": ", why);
		return;
	}
	json_t *before = json_object_get(rec, "before"), *after = json_object_get(rec, "after");
	const char *key;
	json_t *v;
	int n = 0;
	if (label && (create || del)) {
		json_t *side = create ? after : before;
		json_object_foreach(side, key, v)
		{
			if (!json_is_string(v) || strcmp(key, "id") == 0 || strcmp(key, "action") == 0 || strcmp(key, "at") == 0 ||
			    strcmp(key, "created") == 0 || strcmp(key, "updated") == 0)
				continue;
			buf_printf(out, "%s%s %s", n++ ? "; " : ": ", key, json_string_value(v));
		}
		return;
	}
	if (!json_is_object(before) || !json_is_object(after))
		return;
	json_object_foreach(after, key, v)
	{
		if (strcmp(key, "created") == 0 || strcmp(key, "updated") == 0)
			continue;
		json_t *old = json_object_get(before, key);
		if (json_equal(old, v))
			continue;
		buf_puts(out, n++ ? "; " : ": ");
		const char *a = json_string_value(old), *b = json_string_value(v);
		/* A commitment's status in words; a plan's (draft, published, ended) as it is. */
		bool status = strcmp(key, "status") == 0 && (plan_status_valid(a) || plan_status_valid(b));
		if (status) {
			buf_printf(out, "%s %s \u2192 %s", key, plan_status_words(a), plan_status_words(b));
			continue;
		}
		buf_printf(out, "%s ", key);
		value_words(old, out);
		buf_puts(out, " \u2192 ");
		value_words(v, out);
	}
}

/* Sets ctx's history from history (taken): see page_history. */
static void history_set(struct web_request *req, json_t *ctx, json_t *history, bool labelled,
                        void (*words)(json_t *rec))
{
	json_t *sentences = json_array(), *v;
	size_t i;
	history_hide_unseen_actions(req->store, history);
	json_array_foreach(history, i, v)
	{
		if (words)
			words(v);
		struct buf b = {0};
		/* Who made a change is for those signed in to see: the public sees what changed
		 * and when, not the people's addresses. */
		history_sentence(v, req->user != NULL, labelled, &b);
		json_array_append_new(sentences, json_pack("{s:s%}", "sentence", buf_str(&b), b.len));
		buf_free(&b);
	}
	json_decref(history);
	if (json_array_size(sentences))
		json_object_set_new(ctx, "has_history", json_true());
	json_object_set_new(ctx, "history", sentences);
}

int page_history(struct web_request *req, json_t *ctx, const char *entity, const char *id, bool privy,
                 void (*words)(json_t *rec), struct kerr *e)
{
	json_t *history = store_audit_list(req->store, entity, id, NULL, e);
	if (!history)
		return -1;
	history_set(req, ctx, history_visible(history, history_reader_of(req->user, privy)), false, words);
	return 0;
}

void web_page_commitment(struct web_request *req, struct web_response *res)
{
	const char *slug = page_slug_param(req, res);
	if (!slug)
		return;
	struct kerr e = {0};
	json_t *c = store_commitment(req->store, slug, &e);
	if (!c) {
		page_read_failed(req, res, "commitment", &e);
		return;
	}
	page_commitment_words(c);
	size_t i;
	json_t *v;
	json_t *updates = json_object_get(c, "updates");
	json_array_foreach(updates, i, v)
	{
		char day[11] = "";
		snprintf(day, sizeof day, "%.10s", page_str(v, "at") ? page_str(v, "at") : "");
		if (!page_set_date_words(v, "at_words", day))
			page_set_str(v, "at_words", NOT_RECORDED);
		page_set_str(v, "status_words", plan_status_words(page_str(v, "status")));
		/* The entry's number in the timeline (oldest first), for removing its text. */
		json_object_set_new(v, "n", json_integer((json_int_t)i + 1));
		json_object_set_new(v, "may_redact", json_boolean(redact_may(req->user) && page_str(v, "text")));
	}
	if (json_array_size(updates))
		json_object_set_new(c, "has_updates", json_true());
	if (page_history(req, c, "commitment", slug, false, NULL, &e) < 0) {
		json_decref(c);
		page_read_failed(req, res, "commitment", &e);
		return;
	}
	const char *org = page_slug(c, "organisation");
	if (commitment_may_edit(req->user, org))
		json_object_set_new(c, "may_edit", json_true());
	if (page_commitment_move(req, c, &e) < 0) {
		json_decref(c);
		page_read_failed(req, res, "commitment", &e);
		return;
	}
	if (redact_may(req->user))
		json_object_set_new(c, "may_redact_commitment", json_true());
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/organisations", "Organisations");
	char href[200];
	snprintf(href, sizeof href, "/organisations/%s", org ? org : "");
	page_crumb_add(crumbs, href, json_string_value(json_object_get(json_object_get(c, "organisation"), "name")));
	page_crumb_add(crumbs, "", "Commitment");
	json_object_set_new(c, "breadcrumbs", crumbs);
	page_set_str(c, "title", "Commitment");
	web_page(req, res, 200, "commitment", c);
}

/* {key, words, selected} options for a select, with a first "Not yet recorded". */
json_t *page_options(const char *const (*pairs)[2], size_t n, const char *chosen)
{
	json_t *a = json_array();
	json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "key", "", "words", "Not yet recorded", "selected",
	                                   !chosen || !*chosen));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "key", pairs[i][0], "words", pairs[i][1], "selected",
		                                   chosen && strcmp(chosen, pairs[i][0]) == 0));
	return a;
}

json_t *page_error_list(json_t *errors)
{
	json_t *list = json_array(), *v;
	const char *key;
	json_object_foreach(errors, key, v) json_array_append_new(list, json_pack("{s:s, s:O}", "field", key, "message", v));
	return list;
}

void page_delete_confirm(struct web_request *req, struct web_response *res, const struct page_delete *d,
                         json_t *crumbs)
{
	json_t *ctx = json_pack("{s:s, s:s, s:s?, s:s, s:s?, s:s, s:s, s:s, s:s, s:s, s:o}", "title", d->title, "heading",
	                        d->heading, "lede", d->lede, "explain", d->explain, "blocked", d->blocked, "form_action",
	                        d->form_action, "button", d->button, "back_href", d->back_href, "back_words",
	                        d->back_words, "csrf", page_str(req->user, "csrf"), "breadcrumbs", crumbs);
	web_page(req, res, 200, "delete", ctx);
	res->cache_control = "no-store";
}

/* The organisation in the path, as the API gives it, when the signed-in person may
 * change its records; otherwise NULL after answering (sign in, 404, or a 403 saying
 * refused). */
json_t *page_action_target(struct web_request *req, struct web_response *res, bool (*may)(json_t *user),
                           const char *refused, const char *what)
{
	const char *slug = page_slug_param(req, res);
	if (!slug || !page_signed_in(req, res))
		return NULL;
	if (!may(req->user)) {
		web_error_page(req, res, 403, refused);
		return NULL;
	}
	struct kerr e = {0};
	json_t *a = store_resource_get(req->store, "actions", slug, &e);
	if (!a)
		page_read_failed(req, res, what, &e);
	return a;
}

json_t *page_organisation_target(struct web_request *req, struct web_response *res, const char *refused)
{
	const char *slug = page_slug_param(req, res);
	if (!slug || !page_signed_in(req, res))
		return NULL;
	struct kerr e = {0};
	json_t *o = store_resource_get(req->store, "organisations", slug, &e);
	if (!o) {
		page_read_failed(req, res, "organisation form", &e);
		return NULL;
	}
	if (!commitment_may_edit(req->user, slug)) {
		json_decref(o);
		web_error_page(req, res, 403, refused);
		return NULL;
	}
	return o;
}
