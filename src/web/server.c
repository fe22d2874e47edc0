/* The HTTP server: libmicrohttpd with a thread pool. Each worker thread has its own
 * SQLite connection. This file turns a libmicrohttpd request into a web_request,
 * enforces the size limits, calls the route's handler, sends the response with
 * keep's security headers and logs one line per request. */
#include "web/web.h"

#include "base/log.h"
#include "base/mem.h"
#include "base/multipart.h"
#include "base/secret.h"
#include "plan/account.h"
#include "plan/plan.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

/* Server-wide state, set before the daemon starts and read-only afterwards (but for
 * the list of connections, which is guarded). */
static struct {
	const char *db_path;
	struct tmpl_set *tmpl;
	pthread_mutex_t lock;
	struct store **stores; /* every worker's connection, closed at shutdown */
	size_t nstores;
} srv = {.lock = PTHREAD_MUTEX_INITIALIZER};

static _Thread_local struct store *thread_store;

/* The cache generation (see web.h). Each worker remembers the last store_version it
 * saw; a change, or its first look, starts a new generation for everyone. */
static atomic_uint_fast64_t generation;
static _Thread_local uint64_t seen_version;
static _Thread_local int seen_any;

static uint64_t cache_generation(struct store *s)
{
	uint64_t v = store_version(s);
	if (!seen_any || v != seen_version) {
		seen_any = 1;
		seen_version = v;
		atomic_fetch_add(&generation, 1);
	}
	return atomic_load(&generation);
}

uint64_t web_generation(struct store *s) { return cache_generation(s); }

/* This thread's connection, opened on first use. It serves one request after another:
 * its reader sees no drafts until the request's account is known (dispatch). */
static struct store *worker_store(struct kerr *e)
{
	if (thread_store) {
		store_drafts_set(thread_store, false);
		return thread_store;
	}
	thread_store = store_open(srv.db_path, STORE_READWRITE, e);
	if (!thread_store)
		return NULL;
	pthread_mutex_lock(&srv.lock);
	srv.stores = xrealloc(srv.stores, (srv.nstores + 1) * sizeof *srv.stores);
	srv.stores[srv.nstores++] = thread_store;
	pthread_mutex_unlock(&srv.lock);
	return thread_store;
}

/* Per-connection-request state, made by the URI log callback (the only place
 * libmicrohttpd shows the URI as sent) and freed when the request completes. */
struct conn {
	char *uri;
	struct timespec start;
	int seen;     /* the handler has been called once for this request */
	int answered; /* a response has been queued */
	struct buf body;
	int body_too_big;
	int cached; /* answered from the response cache */
};

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct conn *k = xcalloc(1, sizeof *k);
	k->uri = xstrdup(uri);
	clock_gettime(CLOCK_MONOTONIC, &k->start);
	return k;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode t)
{
	struct conn *k = *con_cls;
	if (!k)
		return;
	free(k->uri);
	buf_free(&k->body);
	free(k);
	*con_cls = NULL;
}

void web_healthz(struct web_request *req, struct web_response *res)
{
	res->content_type = "text/plain; charset=utf-8";
	res->cache_control = "no-store";
	buf_puts(&res->body, "ok\n");
}

/* Sends res; with close_after, as the connection's last response. */
static enum MHD_Result send_response(struct MHD_Connection *c, struct web_response *res, int close_after)
{
	size_t len = res->body.len;
	char *body = buf_steal(&res->body);
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", res->content_type ? res->content_type : "text/html; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", res->cache_control ? res->cache_control : "no-cache");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Content-Security-Policy",
	                        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'");
	if (res->location[0])
		MHD_add_response_header(r, "Location", res->location);
	if (res->disposition[0])
		MHD_add_response_header(r, "Content-Disposition", res->disposition);
	if (res->retry_after > 0) {
		char secs[24];
		snprintf(secs, sizeof secs, "%ld", res->retry_after);
		MHD_add_response_header(r, "Retry-After", secs);
	}
	for (int i = 0; i < 2; i++)
		if (res->cookies[i][0])
			MHD_add_response_header(r, "Set-Cookie", res->cookies[i]);
	if (close_after)
		MHD_add_response_header(r, "Connection", "close");
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)res->status, r);
	MHD_destroy_response(r);
	return ok;
}


static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	size_t *n = cls;
	*n += strlen(key) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

struct framing {
	int lengths;  /* Content-Length headers */
	int encoding; /* Transfer-Encoding headers */
	int bad;      /* a Content-Length that is not a number */
};

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct framing *f = cls;
	if (strcasecmp(key, "Content-Length") == 0) {
		f->lengths++;
		if (!value || !*value || value[strspn(value, "0123456789")] != '\0')
			f->bad = 1;
	} else if (strcasecmp(key, "Transfer-Encoding") == 0) {
		f->encoding++;
	}
	return MHD_YES;
}

/* True when the headers could give the body's length two ways: two Content-Length
 * headers (even equal ones), one that is not a number, or Content-Length with
 * Transfer-Encoding. libmicrohttpd would go by the first Content-Length, or by
 * Transfer-Encoding, while a proxy in front may go by another: the bytes after the body
 * it saw would then be read here as a second request (request smuggling). */
static int body_framing_ambiguous(struct MHD_Connection *c)
{
	struct framing f = {0};
	MHD_get_connection_values(c, MHD_HEADER_KIND, count_framing, &f);
	return f.lengths > 1 || f.bad || (f.lengths && f.encoding) || f.encoding > 1;
}

/* A plain-text refusal for requests too malformed to route (no page layout: the
 * request may be the attack). API paths get the JSON error shape. */
static void refuse(struct web_response *res, const char *path, int status, const char *code, const char *msg)
{
	if (strncmp(path, "/api/", 5) == 0) {
		web_json_error(res, status, code, msg);
		return;
	}
	res->status = status;
	res->content_type = "text/plain; charset=utf-8";
	buf_puts(&res->body, msg);
	buf_putc(&res->body, '\n');
}

static void log_request(const char *method, const char *uri, int status, const struct timespec *start, int cached)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double ms = (double)(now.tv_sec - start->tv_sec) * 1e3 + (double)(now.tv_nsec - start->tv_nsec) / 1e6;
	/* Only the path is logged: query strings may hold what someone searched for. */
	size_t plen = strcspn(uri, "?");
	if (plen > 200)
		plen = 200;
	log_info("%s %.*s %d %.2fms%s", method, (int)plen, uri, status, ms, cached ? " cached" : "");
}

/* A refusal in the shape the address speaks: JSON under /api/, a page elsewhere. */
static void refuse_request(struct web_request *req, struct web_response *res, int status, const char *code,
                           const char *message)
{
	if (strncmp(req->path, "/api/", 5) == 0)
		web_json_error(res, status, code, message);
	else
		web_error_page(req, res, status, message);
}

static int is_type(const char *type, const char *want)
{
	size_t n = strlen(want);
	return type && strncasecmp(type, want, n) == 0 && (type[n] == '\0' || type[n] == ';' || type[n] == ' ');
}

/* Decodes a write's body by its Content-Type: an urlencoded form into req->form (its
 * values repaired to UTF-8, once for every form, so no handler ever stores bytes a page
 * cannot show), a JSON object into req->json. Returns -1 with res filled when it cannot. */
static int read_body(struct MHD_Connection *c, struct conn *k, struct web_request *req, struct web_response *res)
{
	const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
	req->content_type = type;
	req->body = buf_str(&k->body);
	req->body_len = k->body.len;
	struct kerr e = {0};
	if (k->body.len == 0 && !type)
		return 0; /* a DELETE, or a POST that sends nothing */
	if (is_type(type, "application/x-www-form-urlencoded")) {
		if (query_parse(&req->form, req->body, 256, &e) < 0) {
			char msg[1200];
			snprintf(msg, sizeof msg, "The form could not be read: %s.", e.msg);
			refuse_request(req, res, 400, "bad_form", msg);
			return -1;
		}
		for (size_t i = 0; i < req->form.n; i++) {
			char *v = req->form.p[i].value;
			if (!utf8_valid(v, strlen(v))) {
				struct buf fixed = {0};
				utf8_repair(&fixed, v, strlen(v));
				free(v);
				req->form.p[i].value = buf_steal(&fixed);
			}
		}
		return 0;
	}
	if (is_type(type, "multipart/form-data")) {
		/* Text fields come out repaired to UTF-8; the files point into k->body, which
		 * outlives the request. */
		if (multipart_parse(type, req->body, req->body_len, 256, &req->form, &req->files, &req->nfiles, &e) < 0) {
			char msg[1200];
			snprintf(msg, sizeof msg, "The form could not be read: %s.", e.msg);
			refuse_request(req, res, 400, "bad_form", msg);
			return -1;
		}
		return 0;
	}
	if (is_type(type, "application/json")) {
		json_error_t je;
		req->json = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
		if (!req->json || !json_is_object(req->json)) {
			char msg[400];
			if (req->json)
				snprintf(msg, sizeof msg, "The body must be a JSON object.");
			else
				snprintf(msg, sizeof msg, "The body is not valid JSON: line %d, column %d: %s.", je.line,
				         je.column, je.text);
			refuse_request(req, res, 400, "bad_json", msg);
			return -1;
		}
		return 0;
	}
	refuse_request(req, res, 415, "unsupported_media_type",
	               "Send forms as application/x-www-form-urlencoded (or multipart/form-data with files) and API "
	               "bodies as application/json.");
	return -1;
}

/* Who is asking, from where, and for a write (POST, PATCH, DELETE) its body, with the
 * CSRF check that every write passes before any handler runs.
 *
 * A person in a browser is known by the keep_session cookie; a program by an
 * "Authorization: Bearer TOKEN" header holding a session token (POST /api/v1/session).
 * A browser sends cookies to this site by itself, even from another site's page, so a
 * write that relies on the cookie must also carry a token only this site's pages know:
 * the form's csrf field or an X-CSRF-Token header, equal to the session's form token
 * or to the keep_csrf cookie's, when the server made it (account_login_token_valid).
 * A browser never adds a bearer token by itself, so those writes need no more. A bearer
 * token is only ever an API session, and the cookie only a browser's: neither is
 * accepted as the other. Returns -1 with res filled when the
 * request is refused. */
static int web_request_identify(struct MHD_Connection *c, struct conn *k, struct web_request *req,
                                struct web_response *res)
{
	req->session_token = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "keep_session");
	req->csrf_cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "keep_csrf");
	const char *proto = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto");
	req->secure = proto && strcmp(proto, "https") == 0;
	static _Thread_local char addr[INET6_ADDRSTRLEN];
	addr[0] = '\0';
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr, sizeof addr);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, addr, sizeof addr);
	}
	req->client = addr;
	const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	if (auth) {
		if (strncasecmp(auth, "Bearer ", 7) == 0)
			req->user = account_session(req->store, auth + 7, ACCOUNT_API, time(NULL), NULL);
		if (!req->user) {
			refuse_request(req, res, 401, "unauthorized",
			               "The token is not valid or has expired. Sign in again with POST /api/v1/session.");
			return -1;
		}
		req->bearer = 1;
		req->session_token = auth + 7; /* the token in use, not the cookie (DELETE /api/v1/session) */
	} else if (req->session_token) {
		req->user = account_session(req->store, req->session_token, ACCOUNT_BROWSER, time(NULL), NULL);
	}
	if (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0)
		return 0;
	if (read_body(c, k, req, res) < 0)
		return -1;
	if (req->bearer)
		return 0;
	/* An API request from no one signed in carries no credential a forged request could
	 * borrow: the handler refuses it (401) or signs in (POST /api/v1/session, whose token
	 * comes back in the body, never as a cookie). */
	if (!req->user && strncmp(req->path, "/api/", 5) == 0)
		return 0;
	/* Either token will do: the session's (an HMAC of it under the server's key) or the
	 * pre-session cookie's, when the server made that cookie (its own HMAC checks) and
	 * the form carries the same. A cookie another site planted has no valid HMAC. */
	const char *given = query_get(&req->form, "csrf");
	if (!given)
		given = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
	const char *by_session = req->user ? json_string_value(json_object_get(req->user, "csrf")) : NULL;
	const char *by_cookie = req->csrf_cookie;
	int ok = given && *given &&
	         ((by_session && *by_session && secret_equal(given, by_session)) ||
	          (by_cookie && secret_equal(given, by_cookie) && account_login_token_valid(req->store, by_cookie)));
	if (!ok) {
		refuse_request(req, res, 403, "csrf",
		               "This form could not be accepted: it has expired or did not come from this site. "
		               "Go back, reload the page and try again. Nothing was changed.");
		return -1;
	}
	return 0;
}

/* Fills req and res from the raw URI and dispatches. */
static void dispatch(struct MHD_Connection *c, const char *method, struct conn *k, struct web_request *req,
                     struct web_response *res)
{
	struct kerr e = {0};
	const char *uri = k->uri;
	const char *q = strchr(uri, '?');
	size_t plen = q ? (size_t)(q - uri) : strlen(uri);
	struct buf path = {0};

	size_t hb = 0;
	MHD_get_connection_values(c, MHD_HEADER_KIND, count_header, &hb);
	if (strlen(uri) > WEB_MAX_URI) {
		refuse(res, "", 414, "uri_too_long", "The address is too long.");
		return;
	}
	if (hb > WEB_MAX_HEADERS) {
		refuse(res, "", 431, "headers_too_large", "The request headers are too large.");
		return;
	}
	if (url_decode(&path, uri, plen, false, &e) < 0) {
		refuse(res, uri, 400, "bad_path", "The address is not well formed.");
		buf_free(&path);
		return;
	}
	req->method = method;
	req->path = buf_steal(&path);
	req->raw_query = q ? q + 1 : "";
	req->today = date_today();
	req->tmpl = srv.tmpl;
	if (query_parse(&req->query, req->raw_query, 64, &e) < 0) {
		char msg[1200];
		snprintf(msg, sizeof msg, "The query string is not well formed: %s.", e.msg);
		refuse(res, req->path, 400, "bad_query", msg);
		return;
	}
	int known = 0;
	const struct web_route *route = web_route_find(method, req->path, req, &known);
	if (!route && req->body_error) {
		/* A write refused as too large at an address with no page of its own (a button
		 * such as "publish"): the message in the site's layout. */
		req->store = worker_store(&e);
		web_error_page(req, res, 413, req->body_error);
		return;
	}
	if (!route) {
		if (known) {
			if (strncmp(req->path, "/api/", 5) == 0)
				web_json_error(res, 405, "method_not_allowed", "This address does not accept that method.");
			else
				refuse(res, req->path, 405, "method_not_allowed", "This address does not accept that method.");
			return;
		}
		req->store = worker_store(&e);
		if (strncmp(req->path, "/api/", 5) == 0)
			web_json_error(res, 404, "not_found", "There is nothing at this address.");
		else
			web_error_page(req, res, 404, "There is no page at this address. It may have moved, or the address may be mistyped.");
		return;
	}
	req->store = worker_store(&e);
	if (!req->store) {
		log_error("opening the database: %s", e.msg);
		if (strncmp(req->path, "/api/", 5) == 0)
			web_json_error(res, 500, "internal", "the server could not answer; the failure has been logged");
		else
			web_error_page(req, res, 500, "The server could not answer. The failure has been logged.");
		return;
	}
	uint64_t gen = cache_generation(req->store);
	if (web_request_identify(c, k, req, res) < 0)
		return;
	store_drafts_set(req->store, plan_drafts_seen_by(json_string_value(json_object_get(req->user, "role"))));
	if (!route->cached || req->user || req->body_error) {
		/* Pages for a signed-in person show who they are: never cached. */
		route->handler(req, res);
		if (req->user)
			res->cache_control = "no-store";
		return;
	}
	/* The API refuses a parameter it does not take: such a request skips the cache, and
	 * its handler answers 400 before any work. */
	if (strncmp(req->path, "/api/", 5) == 0 && !web_cache_query_exact(route, req)) {
		route->handler(req, res);
		return;
	}
	char day[11];
	date_format(req->today, day);
	struct buf key = {0};
	web_cache_key(&key, day, route, req);
	if (web_cache_get(buf_str(&key), gen, res)) {
		k->cached = 1;
	} else {
		route->handler(req, res);
		/* Kept only if nothing was written meanwhile, so an answer built from old data
		 * is never stored under the new generation. */
		if (res->status == 200 && cache_generation(req->store) == gen)
			web_cache_put(buf_str(&key), gen, res);
	}
	buf_free(&key);
}

static enum MHD_Result finish(struct MHD_Connection *c, const char *method, struct conn *k, struct web_request *req,
                              struct web_response *res);

/* A write whose body is over its limit, answered with a 413 that names the limit that
 * applies: JSON (the API, or a JSON body) gets a JSON error; a form gets its page again
 * (the form's address asked for as a GET, by the same person) with the message in the
 * site's layout, as a form's other problems are shown. What was typed is not shown
 * again, and the message says so: the body was not kept whole, and a form's fields
 * refilled from its first part would need every form's page to take them, while
 * handing a cut body to the form's POST could save a cut text. Any other body gets a
 * line of text. */
static enum MHD_Result too_large(struct MHD_Connection *c, const char *method, struct conn *k)
{
	struct web_response res = {.status = 413};
	const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
	int api = strncmp(k->uri, "/api/", 5) == 0;
	if (api || is_type(type, "application/json")) {
		k->answered = 1;
		web_json_error(&res, 413, "body_too_large",
		               "The body is too large: a JSON body may be at most 28 MiB (a file of up to 20 MiB, in "
		               "base64, with its fields).");
		log_request(method, k->uri, res.status, &k->start, 0);
		return send_response(c, &res, 0);
	}
	const char *msg = NULL;
	if (is_type(type, "application/x-www-form-urlencoded"))
		msg = "The form was too large to send: a form without a file may be at most 1 MiB. Nothing was saved, "
		      "and what you typed is not shown here. Go back in your browser to find it, shorten it and send "
		      "the form again.";
	else if (is_type(type, "multipart/form-data"))
		msg = "The form was too large to send: a form with a file may be at most 28 MiB, and the file at most "
		      "20 MiB. Nothing was saved, and what you typed is not shown here. Go back in your browser to find "
		      "it, choose a smaller file and send the form again.";
	if (!msg) {
		k->answered = 1;
		refuse(&res, "", 413, "body_too_large",
		       "The request body is too large: keep takes at most 28 MiB (a file of up to 20 MiB with its form).");
		log_request(method, k->uri, res.status, &k->start, 0);
		return send_response(c, &res, 0);
	}
	struct web_request req = {.body_error = msg};
	res.status = 200;
	dispatch(c, "GET", k, &req, &res);
	if (res.status == 200)
		res.status = 413;
	return finish(c, method, k, &req, &res);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_size,
                                  void **con_cls)
{
	struct conn *k = *con_cls;
	if (!k)
		return MHD_NO;
	struct web_response res = {.status = 200};
	/* Answering on the first call, before libmicrohttpd knows the request has no
	 * body, makes it close the connection after the response; waiting for the second
	 * call keeps connections alive. */
	if (!k->seen) {
		k->seen = 1;
		if (body_framing_ambiguous(c)) {
			/* Answered now, before any of the body is read, and the connection closed:
			 * what follows the headers is never read as another request. */
			k->answered = 1;
			refuse(&res, "", 400, "bad_request",
			       "The request gives its length more than one way (two Content-Length headers, or "
			       "Content-Length with Transfer-Encoding).");
			log_request(method, k->uri, res.status, &k->start, 0);
			return send_response(c, &res, 1);
		}
		const char *cl0 = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (!(cl0 && strtoull(cl0, NULL, 10) > WEB_MAX_BODY))
			return MHD_YES;
	}
	if (k->answered) {
		/* A body still arriving after the answer was queued is read and dropped. */
		*upload_size = 0;
		return MHD_YES;
	}
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	if (cl && strtoull(cl, NULL, 10) > WEB_MAX_BODY)
		return too_large(c, method, k);
	/* Collect the body (at most WEB_MAX_BODY for a multipart upload or a JSON body, which
	 * may carry a file; WEB_MAX_FORM for anything else); answer once it has all arrived
	 * (the call with no more data). */
	if (*upload_size) {
		const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
		size_t limit = is_type(type, "multipart/form-data") || is_type(type, "application/json") ? WEB_MAX_BODY
		                                                                                          : WEB_MAX_FORM;
		if (k->body.len + *upload_size > limit)
			k->body_too_big = 1;
		else
			buf_put(&k->body, upload_data, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (k->body_too_big)
		return too_large(c, method, k);
	struct web_request req = {0};
	dispatch(c, method, k, &req, &res);
	return finish(c, method, k, &req, &res);
}

/* Logs and sends res, then frees the request. */
static enum MHD_Result finish(struct MHD_Connection *c, const char *method, struct conn *k, struct web_request *req,
                              struct web_response *res)
{
	k->answered = 1;
	log_request(method, k->uri, res->status, &k->start, k->cached);
	enum MHD_Result r = send_response(c, res, 0);
	free((char *)req->path);
	free(req->pathbuf);
	query_free(&req->query);
	query_free(&req->form);
	multipart_uploads_free(req->files, req->nfiles);
	json_decref(req->json);
	json_decref(req->user);
	buf_free(&res->body);
	return r;
}

/* Fills a socket address from host (numeric IPv4 or IPv6) and port. */
static int make_addr(const char *host, int port, struct sockaddr_storage *ss, struct kerr *e)
{
	memset(ss, 0, sizeof *ss);
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
		return AF_INET;
	}
	if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		return AF_INET6;
	}
	return kerr_set(e, KERR_USAGE, "--listen: '%s' is not a numeric IPv4 or IPv6 address", host);
}

int web_serve(const struct web_config *cfg, struct kerr *e)
{
	if (secret_init(e) < 0)
		return -1;
	/* Check the database now, so a wrong file, or one this user cannot write, is
	 * reported before listening rather than as a 500 on every write. */
	if (store_check_writable(cfg->db_path, e) < 0)
		return -1;
	struct store *first = store_open(cfg->db_path, STORE_READWRITE, e);
	if (!first)
		return -1;
	int writable = store_check_open_writable(first, e);
	store_close(first);
	if (writable < 0)
		return -1;
	srv.db_path = cfg->db_path;
	srv.tmpl = web_templates_load(e);
	if (!srv.tmpl)
		return -1;
	struct sockaddr_storage ss;
	int family = make_addr(cfg->host, cfg->port, &ss, e);
	if (family < 0) {
		tmpl_set_free(srv.tmpl);
		return -1;
	}

	/* Workers inherit this mask, so only the main thread sees SIGINT and SIGTERM. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
	if (family == AF_INET6)
		flags |= MHD_USE_IPv6;
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, (uint16_t)cfg->port, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads, MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 * 1024,
		MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT, 4096u, MHD_OPTION_LISTEN_BACKLOG_SIZE,
		1024u, MHD_OPTION_END);
	if (!d) {
		tmpl_set_free(srv.tmpl);
		return kerr_set(e, KERR_FAIL, "cannot listen on %s:%d: %s (is another server using that port?)",
		                cfg->host, cfg->port, strerror(errno ? errno : EADDRINUSE));
	}
	const char *open = family == AF_INET6 ? "[" : "", *close = family == AF_INET6 ? "]" : "";
	fprintf(stderr, "keep %s: serving %s on http://%s%s%s:%d/ with %d threads (Ctrl-C stops)\n", KEEP_VERSION,
	        cfg->db_path, open, cfg->host, close, cfg->port, cfg->threads);
	fflush(stderr);

	int sig = 0;
	sigwait(&stop, &sig);
	log_info("stopping on signal %d", sig);
	MHD_stop_daemon(d);
	pthread_mutex_lock(&srv.lock);
	for (size_t i = 0; i < srv.nstores; i++)
		store_close(srv.stores[i]);
	free(srv.stores);
	srv.stores = NULL;
	srv.nstores = 0;
	pthread_mutex_unlock(&srv.lock);
	tmpl_set_free(srv.tmpl);
	web_cache_clear();
	return 0;
}
