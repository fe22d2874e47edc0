/* The JSON API under /api/v1: one list and one get handler serve every resource the
 * store names in store_resources, and /api/openapi.json serves the description that is
 * embedded in the binary. The store shapes the items; this file checks the query,
 * wraps the items in the envelope and renders them.
 *
 * List:  {"data": [...], "next": id or null, "links": {"self": url, "next": url or null}}
 * Get:   {"data": {...}}
 * Error: {"error": {"code": "bad_parameter" | "not_found" | "internal", "message": "..."}}
 *
 * Leads are identified by "action-slug/organisation-slug"; a path segment cannot hold
 * a slash (the path is decoded before routing), so leads are only listed, never
 * fetched one by one: /api/v1/leads/<anything> is a 404 that says how to find one. */
#include "web/web.h"

#include "base/embed.h"
#include "base/json.h"
#include "base/log.h"
#include "plan/evidence.h"

#include <stdbool.h>
#include <string.h>

#define API_CONTENT_TYPE "application/json; charset=utf-8"
#define API_LIMIT_DEFAULT 50
#define API_LIMIT_MAX 500
/* How much of a value a person sent is quoted back in an error message. */
#define API_QUOTE_MAX 100

static const char internal_message[] = "the server could not answer; the failure has been logged";

/* The size of the last body rendered on this thread: the next one is likely alike, so
 * json_dumpb usually writes it in one pass straight into the response buffer. */
static _Thread_local size_t dump_hint = 4096;

/* Renders value into res->body, replacing what was there. Returns false only when
 * jansson cannot render it (it holds something that is not JSON). */
static bool render(struct buf *body, json_t *value)
{
	/* 15 significant digits: a figure typed as 61.6 is written 61.6, not as the nearest
	 * double's 17 digits (61.600000000000001). */
	const size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15);
	buf_reset(body);
	buf_grow(body, dump_hint);
	size_t room = body->cap - 1;
	size_t n = json_dumpb(value, body->p, room, flags);
	if (n == 0)
		return false;
	if (n > room) {
		buf_grow(body, n);
		n = json_dumpb(value, body->p, body->cap - 1, flags);
		if (n == 0)
			return false;
	}
	body->len = n;
	body->p[n] = '\0';
	dump_hint = n;
	return true;
}

static void send_internal(struct web_response *res)
{
	res->status = 500;
	res->content_type = API_CONTENT_TYPE;
	buf_reset(&res->body);
	buf_puts(&res->body, "{\"error\":{\"code\":\"internal\",\"message\":\"");
	buf_puts(&res->body, internal_message);
	buf_puts(&res->body, "\"}}");
}

void web_json(struct web_response *res, int status, json_t *value)
{
	if (!value) {
		log_error("api: no JSON value to send for a %d response", status);
		send_internal(res);
		return;
	}
	bool ok = render(&res->body, value);
	json_decref(value);
	if (!ok) {
		log_error("api: jansson could not render the %d response", status);
		send_internal(res);
		return;
	}
	res->status = status;
	res->content_type = API_CONTENT_TYPE;
}

void web_json_error(struct web_response *res, int status, const char *code, const char *message)
{
	json_t *err = json_object();
	json_object_set_new(err, "code", json_string(code));
	/* Messages quote what the client sent, which may not be UTF-8. */
	json_object_set_new(err, "message", json_text(message, strlen(message)));
	json_t *root = json_object();
	json_object_set_new(root, "error", err);
	web_json(res, status, root);
}

static void send_internal_logged(struct web_response *res, const char *what, const struct kerr *e)
{
	log_error("api: %s: %s", what, e->msg);
	send_internal(res);
}

/* A store failure as a response: a name that names nothing is 404 with the store's
 * message; a malformed request the store caught is 400; anything else is the server's
 * fault. */
static void send_store_error(struct web_response *res, const char *what, const struct kerr *e)
{
	switch (e->code) {
	case KERR_NOTFOUND:
		web_json_error(res, 404, "not_found", e->msg);
		break;
	case KERR_USAGE:
	case KERR_INVALID:
		web_json_error(res, 400, "bad_parameter", e->msg);
		break;
	default:
		send_internal_logged(res, what, e);
		break;
	}
}

/* Appends s, cut to API_QUOTE_MAX bytes (with "..." when cut), for quoting back. */
static void put_quoted(struct buf *out, const char *s)
{
	size_t n = strlen(s);
	if (n <= API_QUOTE_MAX) {
		buf_put(out, s, n);
		return;
	}
	buf_put(out, s, API_QUOTE_MAX);
	buf_puts(out, "...");
}

/* Evidence not yet published is for its organisation, staff, board and admins only:
 * the public resource "evidence" holds published evidence, "evidence-all" all of it.
 * A caller who may see every organisation's unpublished evidence, or who lists one
 * organisation whose unpublished evidence they may see, reads "evidence-all"; anyone
 * else (and every anonymous request, the only ones the cache keeps) the public one. */
static const char *evidence_resource(const struct web_request *req, const char *organisation)
{
	if (!req->user)
		return "evidence";
	if (evidence_may_see_unpublished(req->user, "") ||
	    (organisation && evidence_may_see_unpublished(req->user, organisation)))
		return "evidence-all";
	return "evidence";
}

static bool resource_known(const char *name)
{
	for (const char *const *r = store_resources; *r; r++)
		if (strcmp(*r, name) == 0)
			return true;
	return false;
}

static void send_unknown_resource(struct web_response *res, const char *name)
{
	struct buf m = {0};
	buf_puts(&m, "no resource called '");
	put_quoted(&m, name);
	buf_puts(&m, "': the resources are ");
	for (const char *const *r = store_resources; *r; r++) {
		if (r != store_resources)
			buf_puts(&m, ", ");
		buf_puts(&m, *r);
	}
	web_json_error(res, 404, "not_found", buf_str(&m));
	buf_free(&m);
}

/* Appends s to out percent-encoded for a query value: everything but RFC 3986's
 * unreserved characters is escaped, so the link decodes back to exactly s. */
static void put_query_value(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '.' || c == '_' || c == '~') {
			buf_putc(out, (char)c);
		} else {
			buf_putc(out, '%');
			buf_putc(out, hex[c >> 4]);
			buf_putc(out, hex[c & 15]);
		}
	}
}

/* The parameters a list of resource takes, in the order they are named to people. */
static const char *const list_params[] = {"limit", "after", "priority", "organisation", NULL};

static bool list_takes(const char *resource, const char *name)
{
	if (strcmp(name, "limit") == 0 || strcmp(name, "after") == 0)
		return true;
	if (strcmp(name, "priority") == 0 || strcmp(name, "organisation") == 0)
		return store_resource_filters(resource, name);
	return false;
}

static void put_takes(struct buf *m, const char *resource)
{
	buf_puts(m, "this endpoint takes ");
	bool first = true;
	for (const char *const *p = list_params; *p; p++) {
		if (!list_takes(resource, *p))
			continue;
		if (!first)
			buf_puts(m, ", ");
		buf_puts(m, *p);
		first = false;
	}
}

/* Reads a limit: a whole number written in plain digits, 1..API_LIMIT_MAX. Leading
 * zeros are tolerated ("050" is 50); signs, spaces, fractions and exponents are not. */
static bool parse_limit(const char *s, int *out)
{
	if (!*s)
		return false;
	long v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
		if (v > API_LIMIT_MAX)
			return false;
	}
	if (v < 1)
		return false;
	*out = (int)v;
	return true;
}

static void send_bad_parameter(struct web_response *res, struct buf *m)
{
	web_json_error(res, 400, "bad_parameter", buf_str(m));
	buf_free(m);
}

/* Checks the query of a list request and fills pg. Every parameter must be one this
 * resource takes, given once, with a well-formed value. On a problem, sends the 400
 * naming the first offending parameter and returns false. */
static bool list_query(const struct web_request *req, struct web_response *res, const char *resource,
                       struct store_page *pg)
{
	const struct query *q = &req->query;
	struct buf m = {0};
	*pg = (struct store_page){.limit = API_LIMIT_DEFAULT};
	for (size_t i = 0; i < q->n; i++) {
		const char *name = q->p[i].name, *value = q->p[i].value;
		bool known = false;
		for (const char *const *p = list_params; *p; p++)
			if (strcmp(*p, name) == 0)
				known = true;
		if (!known) {
			buf_puts(&m, "unknown parameter '");
			put_quoted(&m, name);
			buf_puts(&m, "': ");
			put_takes(&m, resource);
			send_bad_parameter(res, &m);
			return false;
		}
		if (!list_takes(resource, name)) {
			buf_printf(&m, "parameter '%s' does not apply to %s: ", name, resource);
			put_takes(&m, resource);
			send_bad_parameter(res, &m);
			return false;
		}
		for (size_t j = 0; j < i; j++) {
			if (strcmp(q->p[j].name, name) == 0) {
				buf_printf(&m, "%s is given more than once: give it once", name);
				send_bad_parameter(res, &m);
				return false;
			}
		}
		if (strcmp(name, "limit") == 0) {
			if (!parse_limit(value, &pg->limit)) {
				buf_printf(&m, "limit must be a whole number from 1 to %d (got '",
				           API_LIMIT_MAX);
				put_quoted(&m, value);
				buf_puts(&m, "')");
				send_bad_parameter(res, &m);
				return false;
			}
			continue;
		}
		if (!*value) {
			if (strcmp(name, "after") == 0)
				buf_printf(&m, "after must be the id of an item of %s (got '')", resource);
			else if (strcmp(name, "priority") == 0)
				buf_puts(&m, "priority must be the slug of a priority area (got '')");
			else
				buf_puts(&m, "organisation must be the slug of an organisation (got '')");
			send_bad_parameter(res, &m);
			return false;
		}
		if (strcmp(name, "after") == 0)
			pg->after = value;
		else if (strcmp(name, "priority") == 0)
			pg->priority = value;
		else
			pg->organisation = value;
	}
	return true;
}

/* The URL of a page of resource: limit first, then after, then the filters, so that
 * the same page always has the same link. after may be NULL. */
static json_t *list_link(const char *resource, const struct store_page *pg, const char *after)
{
	struct buf u = {0};
	buf_printf(&u, "/api/v1/%s?limit=%d", resource, pg->limit);
	if (after) {
		buf_puts(&u, "&after=");
		put_query_value(&u, after);
	}
	if (pg->priority) {
		buf_puts(&u, "&priority=");
		put_query_value(&u, pg->priority);
	}
	if (pg->organisation) {
		buf_puts(&u, "&organisation=");
		put_query_value(&u, pg->organisation);
	}
	json_t *link = json_text(u.p, u.len);
	buf_free(&u);
	return link;
}

/* GET /api/v1/<resource>: one page of the resource, in id order. */
void web_api_list(struct web_request *req, struct web_response *res)
{
	const char *resource = req->nparams > 0 ? req->params[0] : "";
	if (!resource_known(resource)) {
		send_unknown_resource(res, resource);
		return;
	}
	struct store_page pg;
	if (!list_query(req, res, resource, &pg))
		return;

	struct kerr e = {0};
	if (strcmp(resource, "evidence") == 0)
		resource = evidence_resource(req, pg.organisation);
	json_t *page = store_resource_list(req->store, resource, &pg, &e);
	if (!page) {
		send_store_error(res, resource, &e);
		return;
	}
	json_t *items = json_object_get(page, "items");
	json_t *next = json_object_get(page, "next");
	if (!json_is_array(items) || !(json_is_string(next) || json_is_null(next))) {
		json_decref(page);
		log_error("api: the store's page of %s has no items array or next id", resource);
		send_internal(res);
		return;
	}

	json_t *links = json_object();
	json_object_set_new(links, "self", list_link(resource, &pg, pg.after));
	json_object_set_new(links, "next",
	                    json_is_string(next) ? list_link(resource, &pg, json_string_value(next))
	                                         : json_null());
	json_t *root = json_object();
	json_object_set(root, "data", items);
	json_object_set(root, "next", next);
	json_object_set_new(root, "links", links);
	json_decref(page);
	web_json(res, 200, root);
}

/* GET /api/v1/<resource>/<id>: one item, shaped as in the list. */
/* One item of resource by id, with the checks of GET /api/v1/<resource>/<id>. */
static void get_item(struct web_request *req, struct web_response *res, const char *resource, const char *id)
{
	if (!resource_known(resource)) {
		send_unknown_resource(res, resource);
		return;
	}
	if (strcmp(resource, "leads") == 0) {
		struct buf m = {0};
		buf_puts(&m, "leads cannot be fetched one by one, because a lead's id "
		             "(action/organisation) holds a slash: list them at /api/v1/leads");
		bool by_priority = store_resource_filters("leads", "priority");
		bool by_organisation = store_resource_filters("leads", "organisation");
		if (by_priority || by_organisation) {
			buf_puts(&m, ", filtered with ");
			if (by_priority)
				buf_puts(&m, "?priority=<slug>");
			if (by_priority && by_organisation)
				buf_puts(&m, " or ");
			if (by_organisation)
				buf_puts(&m, "?organisation=<slug>");
		}
		web_json_error(res, 404, "not_found", buf_str(&m));
		buf_free(&m);
		return;
	}
	if (req->query.n > 0) {
		struct buf m = {0};
		buf_puts(&m, "unknown parameter '");
		put_quoted(&m, req->query.p[0].name);
		buf_puts(&m, "': this endpoint takes no parameters");
		send_bad_parameter(res, &m);
		return;
	}

	struct kerr e = {0};
	json_t *item = store_resource_get(req->store, resource, id, &e);
	if (!item && strcmp(resource, "evidence") == 0 && e.code == KERR_NOTFOUND && req->user) {
		/* Unpublished: shown only to those who may see it, and otherwise answered
		 * exactly as evidence that does not exist. */
		item = store_resource_get(req->store, "evidence-all", id, NULL);
		if (item && !evidence_may_see_unpublished(req->user, json_string_value(json_object_get(item, "organisation")))) {
			json_decref(item);
			item = NULL;
		}
	}
	if (!item) {
		send_store_error(res, resource, &e);
		return;
	}
	json_t *root = json_object();
	json_object_set_new(root, "data", item);
	web_json(res, 200, root);
}

void web_api_get(struct web_request *req, struct web_response *res)
{
	get_item(req, res, req->nparams > 0 ? req->params[0] : "", req->nparams > 1 ? req->params[1] : "");
}

/* GET /api/v1/observations/<indicator>/<area>/<period>: a figure's id holds slashes
 * (decoded from %2F before routing, or sent as they are), so it spans three segments. */
void web_api_observation_get(struct web_request *req, struct web_response *res)
{
	char id[400];
	snprintf(id, sizeof id, "%s/%s/%s", req->params[0], req->params[1], req->params[2]);
	get_item(req, res, "observations", id);
}

/* GET /api/openapi.json: the description embedded from data/openapi.json, as is. */
void web_api_openapi(struct web_request *req, struct web_response *res)
{
	const struct embedded_file *f = embedded_find("data/openapi.json");
	if (!f) {
		log_error("api: data/openapi.json is not embedded in this binary");
		send_internal(res);
		return;
	}
	buf_reset(&res->body);
	buf_put(&res->body, f->data, f->len);
	res->status = 200;
	res->content_type = API_CONTENT_TYPE;
}
