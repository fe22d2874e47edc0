/* Signing in and out. The CSRF check of every POST is in server.c, before any handler
 * runs; these handlers see only forms that passed it. */
#include "web/web.h"

#include "base/log.h"
#include "base/secret.h"
#include "plan/account.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void web_set_cookie(struct web_request *req, struct web_response *res, const char *name, const char *value,
                    int max_age)
{
	char *slot = res->cookies[0][0] ? res->cookies[1] : res->cookies[0];
	snprintf(slot, sizeof res->cookies[0], "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s", name, value,
	         max_age, req->secure ? "; Secure" : "");
}

void web_redirect(struct web_response *res, const char *path)
{
	res->status = 303;
	snprintf(res->location, sizeof res->location, "%s", path);
	res->content_type = "text/plain; charset=utf-8";
	buf_reset(&res->body);
	buf_printf(&res->body, "See %s\n", path);
}

/* Where to go after signing in: a path of this site only (never another site). */
static const char *next_path(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 400)
		return "/";
	for (const char *p = next; *p; p++)
		if ((unsigned char)*p < ' ')
			return "/";
	return next;
}

/* The sign-in form, with email kept and message shown when given. */
static void login_form(struct web_request *req, struct web_response *res, int status, const char *email,
                       const char *message)
{
	char csrf[65];
	struct kerr e = {0};
	if (account_login_token_valid(req->store, req->csrf_cookie)) {
		snprintf(csrf, sizeof csrf, "%s", req->csrf_cookie);
	} else if (account_login_token_make(req->store, csrf, &e) == 0) {
		web_set_cookie(req, res, "keep_csrf", csrf, 3600);
	} else {
		log_error("sign-in form: %s", e.msg);
		web_error_page(req, res, 500, NULL);
		return;
	}
	const char *next = next_path(query_get(&req->form, "next") ? query_get(&req->form, "next")
	                                                            : query_get(&req->query, "next"));
	json_t *ctx = json_pack("{s:s, s:s, s:s, s:s}", "title", "Sign in", "csrf", csrf, "next", next, "email",
	                        email ? email : "");
	if (message)
		json_object_set_new(ctx, "error", json_string(message));
	web_page(req, res, status, "login", ctx);
	res->cache_control = "no-store";
}

void web_page_login(struct web_request *req, struct web_response *res)
{
	if (req->user) {
		web_redirect(res, "/");
		return;
	}
	login_form(req, res, 200, NULL, NULL);
}

void web_login_post(struct web_request *req, struct web_response *res)
{
	const char *email = query_get(&req->form, "email");
	const char *password = query_get(&req->form, "password");
	if (!email || !*email || !password || !*password) {
		login_form(req, res, 400, email, "Enter your email address and your password.");
		return;
	}
	struct account_login in;
	struct kerr e = {0};
	if (account_login(req->store, email, password, req->client, ACCOUNT_BROWSER, time(NULL), &in, &e) < 0) {
		if (e.code == KERR_INVALID || e.code == KERR_CONFLICT) {
			log_info("sign-in refused (%s)", e.code == KERR_CONFLICT ? "rate limit" : "wrong email or password");
			login_form(req, res, e.code == KERR_CONFLICT ? 429 : 401, email, e.msg);
			res->retry_after = e.code == KERR_CONFLICT ? in.wait : 0;
		} else {
			log_error("sign-in: %s", e.msg);
			web_error_page(req, res, 500, NULL);
		}
		return;
	}
	/* A new session id at every sign-in: any session cookie the browser held before
	 * is replaced, and its session ended. */
	if (req->session_token)
		account_logout(req->store, req->session_token, ACCOUNT_BROWSER, NULL);
	web_set_cookie(req, res, "keep_session", in.token, in.max_age);
	web_set_cookie(req, res, "keep_csrf", "", 0);
	web_redirect(res, next_path(query_get(&req->form, "next")));
}

void web_logout_post(struct web_request *req, struct web_response *res)
{
	struct kerr e = {0};
	if (req->session_token && account_logout(req->store, req->session_token, ACCOUNT_BROWSER, &e) < 0) {
		log_error("sign-out: %s", e.msg);
		web_error_page(req, res, 500, NULL);
		return;
	}
	web_set_cookie(req, res, "keep_session", "", 0);
	web_redirect(res, "/");
}
