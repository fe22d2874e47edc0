/* The web interface: what a handler sees of a request and fills in of a response.
 * server.c speaks HTTP (libmicrohttpd); router.c holds the one table of routes;
 * pages.c renders HTML pages; api.c serves /api/v1 JSON. No SQL here: handlers ask
 * the store. */
#ifndef KEEP_WEB_WEB_H
#define KEEP_WEB_WEB_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/multipart.h"
#include "base/text.h"
#include "base/tmpl.h"
#include "store/store.h"

#define WEB_MAX_PARAMS 4

struct web_request {
	const char *method;         /* "GET", "HEAD", "POST", ... */
	const char *path;           /* decoded path, without the query string */
	const char *raw_query;      /* query string as sent, "" if none */
	struct query query;         /* decoded query parameters */
	const char *params[WEB_MAX_PARAMS]; /* path segments matched by '*' in the route */
	size_t nparams;
	char *pathbuf;              /* owns the copies params point into (router.c) */
	struct store *store;        /* this worker thread's connection */
	const struct tmpl_set *tmpl;
	struct kdate today;         /* the date pages are worked out for */
	struct query form;          /* a write's form fields (urlencoded, or multipart's text fields) */
	struct upload *files;       /* a multipart form's file parts (bytes point into body) */
	size_t nfiles;
	json_t *json;               /* a write's body sent as application/json (an object), or NULL */
	const char *content_type;   /* a write's Content-Type as sent, or NULL */
	const char *body;           /* a write's raw body (NUL-terminated), and its length */
	size_t body_len;
	json_t *user;               /* the signed-in account (account_session), or NULL */
	int bearer;                 /* user came from an Authorization: Bearer token, not a cookie */
	const char *session_token;  /* the session's token: the keep_session cookie, or the bearer token */
	const char *csrf_cookie;    /* the keep_csrf cookie (forms before signing in), or NULL */
	const char *client;         /* the client's address, for rate limits */
	int secure;                 /* served over TLS (by a proxy that says so) */
	const char *body_error;     /* a write refused as too large: its form's page is shown again
	                             * (as a GET) with this message in the layout's error summary */
};

struct web_response {
	int status;                 /* HTTP status; 200 unless set */
	const char *content_type;   /* static string */
	struct buf body;
	const char *cache_control;  /* static string or NULL */
	char location[512];         /* for a redirect: where to */
	char cookies[2][320];       /* Set-Cookie values; empty when unused */
	char disposition[320];      /* Content-Disposition of a download; empty when unused */
	long retry_after;           /* seconds, for a 429 (Retry-After); 0 when unused */
};

typedef void (*web_handler)(struct web_request *req, struct web_response *res);

/* A route: method and pattern, where a segment '*' matches one non-empty segment of
 * the path and is handed over in req->params (so "/actions/" then '*'). */
struct web_route {
	const char *method;
	const char *pattern;
	web_handler handler;
	int cached; /* its 200 answers depend only on the path, the query parameters below, the data
	             * and the date */
	const char *query; /* the query parameters the handler reads, space-separated, or NULL for
	                    * none: the only ones in its cache key (web_cache_key) */
};

/* The route for method and path, filling req->params; NULL if none. *path_known is
 * set when some route has this path under another method (so 405, not 404). */
const struct web_route *web_route_find(const char *method, const char *path, struct web_request *req,
                                       int *path_known);

/* ---- responses (pages.c) ---- */

/* Renders template `name` inside the shared layout with ctx (taken: decref'd here).
 * ctx should hold "title" and may hold "breadcrumbs": [{href, label}]. */
void web_page(struct web_request *req, struct web_response *res, int status, const char *name, json_t *ctx);
/* An HTML error page in the layout: 404, 400, 405, 500... with a plain message. */
void web_error_page(struct web_request *req, struct web_response *res, int status, const char *message);

/* ---- responses (api.c) ---- */

/* Sends value (taken) as JSON with status. */
void web_json(struct web_response *res, int status, json_t *value);
/* {"error": {"code": code, "message": message}} with status. */
void web_json_error(struct web_response *res, int status, const char *code, const char *message);

/* ---- handlers ---- */

/* pages.c */
void web_page_overview(struct web_request *req, struct web_response *res);
void web_page_plan(struct web_request *req, struct web_response *res);
void web_page_action(struct web_request *req, struct web_response *res);
void web_page_foundation(struct web_request *req, struct web_response *res);
void web_page_organisations(struct web_request *req, struct web_response *res);
void web_page_board(struct web_request *req, struct web_response *res);
void web_page_measures(struct web_request *req, struct web_response *res);
/* The Money (money.c): /money, and the spend line form. */
void web_page_money(struct web_request *req, struct web_response *res);
void web_page_spend_new(struct web_request *req, struct web_response *res);
void web_spend_new_post(struct web_request *req, struct web_response *res);
void web_page_spend_edit(struct web_request *req, struct web_response *res);
void web_spend_edit_post(struct web_request *req, struct web_response *res);
void web_page_spend_delete(struct web_request *req, struct web_response *res);
void web_spend_delete_post(struct web_request *req, struct web_response *res);
void web_api_spend_list(struct web_request *req, struct web_response *res);
void web_page_board_new(struct web_request *req, struct web_response *res);
void web_board_new_post(struct web_request *req, struct web_response *res);
void web_page_board_edit(struct web_request *req, struct web_response *res);
void web_board_edit_post(struct web_request *req, struct web_response *res);
void web_page_organisation(struct web_request *req, struct web_response *res);
void web_page_search(struct web_request *req, struct web_response *res);
void web_page_static(struct web_request *req, struct web_response *res);
void web_page_commitment(struct web_request *req, struct web_response *res);
void web_page_commitment_edit(struct web_request *req, struct web_response *res);
void web_commitment_edit_post(struct web_request *req, struct web_response *res);
void web_page_heard_add(struct web_request *req, struct web_response *res);
void web_page_organisation_edit(struct web_request *req, struct web_response *res);
void web_page_commitment_new(struct web_request *req, struct web_response *res);
void web_commitment_new_post(struct web_request *req, struct web_response *res);
void web_organisation_edit_post(struct web_request *req, struct web_response *res);
void web_heard_add_post(struct web_request *req, struct web_response *res);
/* texts.c: a heard note changed and deleted; texts removed (redacted). */
void web_page_heard_edit(struct web_request *req, struct web_response *res);
void web_heard_edit_post(struct web_request *req, struct web_response *res);
void web_page_heard_delete(struct web_request *req, struct web_response *res);
void web_heard_delete_post(struct web_request *req, struct web_response *res);
void web_page_heard_redact(struct web_request *req, struct web_response *res);
void web_heard_redact_post(struct web_request *req, struct web_response *res);
void web_page_evidence_redact(struct web_request *req, struct web_response *res);
void web_evidence_redact_post(struct web_request *req, struct web_response *res);
void web_page_commitment_redact(struct web_request *req, struct web_response *res);
void web_commitment_redact_post(struct web_request *req, struct web_response *res);
void web_page_update_redact(struct web_request *req, struct web_response *res);
void web_update_redact_post(struct web_request *req, struct web_response *res);
void web_page_assessment_redact(struct web_request *req, struct web_response *res);
void web_assessment_redact_post(struct web_request *req, struct web_response *res);
void web_page_target_redact(struct web_request *req, struct web_response *res);
void web_target_redact_post(struct web_request *req, struct web_response *res);
void web_page_organisation_new(struct web_request *req, struct web_response *res);
void web_organisation_new_post(struct web_request *req, struct web_response *res);
void web_page_commitment_update(struct web_request *req, struct web_response *res);
void web_commitment_update_post(struct web_request *req, struct web_response *res);
void web_page_commitment_delete(struct web_request *req, struct web_response *res);
void web_commitment_delete_post(struct web_request *req, struct web_response *res);
void web_page_action_leads(struct web_request *req, struct web_response *res);
void web_action_leads_post(struct web_request *req, struct web_response *res);
void web_action_lead_remove_post(struct web_request *req, struct web_response *res);
/* Across plans (across.c): which later route map carries an action on; a commitment
 * moved to it. */
void web_page_action_carry(struct web_request *req, struct web_response *res);
void web_action_carry_post(struct web_request *req, struct web_response *res);
void web_commitment_move_post(struct web_request *req, struct web_response *res);
/* evidence.c */
void web_page_evidence_new(struct web_request *req, struct web_response *res);
void web_evidence_new_post(struct web_request *req, struct web_response *res);
void web_page_evidence(struct web_request *req, struct web_response *res);
void web_page_evidence_edit(struct web_request *req, struct web_response *res);
void web_evidence_edit_post(struct web_request *req, struct web_response *res);
void web_evidence_file(struct web_request *req, struct web_response *res);
void web_evidence_publish_post(struct web_request *req, struct web_response *res);
void web_page_evidence_delete(struct web_request *req, struct web_response *res);
void web_evidence_delete_post(struct web_request *req, struct web_response *res);
void web_page_organisation_delete(struct web_request *req, struct web_response *res);
void web_organisation_delete_post(struct web_request *req, struct web_response *res);
void web_page_assess(struct web_request *req, struct web_response *res);
void web_assess_post(struct web_request *req, struct web_response *res);
/* review.c: pace and performance, by status and by priority area, and the gaps */
void web_page_review(struct web_request *req, struct web_response *res);
void web_page_review_priorities(struct web_request *req, struct web_response *res);
void web_page_review_vision(struct web_request *req, struct web_response *res);
void web_page_gaps(struct web_request *req, struct web_response *res);
void web_api_review(struct web_request *req, struct web_response *res);
void web_api_gaps(struct web_request *req, struct web_response *res);
/* money_projection.c: the projection of children and cost */
void web_page_money_projection(struct web_request *req, struct web_response *res);
void web_api_projection(struct web_request *req, struct web_response *res);
/* Sufficiency to 2030 (places_sufficiency.c) */
void web_page_places_sufficiency(struct web_request *req, struct web_response *res);
void web_api_sufficiency(struct web_request *req, struct web_response *res);
/* oversight.c: indicators, targets and figures */
void web_page_indicators(struct web_request *req, struct web_response *res);
void web_page_indicator_figures(struct web_request *req, struct web_response *res);
void web_page_indicator_new(struct web_request *req, struct web_response *res);
void web_indicator_new_post(struct web_request *req, struct web_response *res);
void web_page_indicator_edit(struct web_request *req, struct web_response *res);
void web_indicator_edit_post(struct web_request *req, struct web_response *res);
void web_page_target_new(struct web_request *req, struct web_response *res);
void web_target_new_post(struct web_request *req, struct web_response *res);
void web_page_target_edit(struct web_request *req, struct web_response *res);
void web_target_edit_post(struct web_request *req, struct web_response *res);
void web_page_target_delete(struct web_request *req, struct web_response *res);
void web_target_delete_post(struct web_request *req, struct web_response *res);
/* Keeping the Plan (plan_forms.c): staff and admins. */
void web_page_plan_new(struct web_request *req, struct web_response *res);
void web_plan_new_post(struct web_request *req, struct web_response *res);
void web_page_plan_edit(struct web_request *req, struct web_response *res);
void web_plan_edit_post(struct web_request *req, struct web_response *res);
void web_page_plan_delete(struct web_request *req, struct web_response *res);
void web_plan_delete_post(struct web_request *req, struct web_response *res);
void web_page_phase_new(struct web_request *req, struct web_response *res);
void web_phase_new_post(struct web_request *req, struct web_response *res);
void web_page_phase_edit(struct web_request *req, struct web_response *res);
void web_phase_edit_post(struct web_request *req, struct web_response *res);
void web_page_phase_delete(struct web_request *req, struct web_response *res);
void web_phase_delete_post(struct web_request *req, struct web_response *res);
void web_page_priority_new(struct web_request *req, struct web_response *res);
void web_priority_new_post(struct web_request *req, struct web_response *res);
void web_page_priority_edit(struct web_request *req, struct web_response *res);
void web_priority_edit_post(struct web_request *req, struct web_response *res);
void web_page_priority_delete(struct web_request *req, struct web_response *res);
void web_priority_delete_post(struct web_request *req, struct web_response *res);
void web_page_action_new(struct web_request *req, struct web_response *res);
void web_action_new_post(struct web_request *req, struct web_response *res);
void web_page_action_edit(struct web_request *req, struct web_response *res);
void web_action_edit_post(struct web_request *req, struct web_response *res);
void web_page_action_delete(struct web_request *req, struct web_response *res);
void web_action_delete_post(struct web_request *req, struct web_response *res);
void web_page_milestone_new(struct web_request *req, struct web_response *res);
void web_milestone_new_post(struct web_request *req, struct web_response *res);
void web_page_milestone_edit(struct web_request *req, struct web_response *res);
void web_milestone_edit_post(struct web_request *req, struct web_response *res);
void web_page_milestone_delete(struct web_request *req, struct web_response *res);
void web_milestone_delete_post(struct web_request *req, struct web_response *res);
void web_page_observation_new(struct web_request *req, struct web_response *res);
void web_observation_new_post(struct web_request *req, struct web_response *res);
void web_page_observation_delete(struct web_request *req, struct web_response *res);
void web_observation_delete_post(struct web_request *req, struct web_response *res);
/* imports.c */
void web_page_imports(struct web_request *req, struct web_response *res);
void web_imports_post(struct web_request *req, struct web_response *res);
void web_export_csv(struct web_request *req, struct web_response *res);
/* reports.c: the reports' list, pages and PDFs */
void web_page_reports(struct web_request *req, struct web_response *res);
void web_reports_organisation_pick(struct web_request *req, struct web_response *res);
void web_reports_area_pick(struct web_request *req, struct web_response *res);
void web_page_report_annual(struct web_request *req, struct web_response *res);
void web_page_report_organisation(struct web_request *req, struct web_response *res);
void web_page_report_area(struct web_request *req, struct web_response *res);
/* api.c */
void web_api_list(struct web_request *req, struct web_response *res);
void web_api_get(struct web_request *req, struct web_response *res);
void web_api_openapi(struct web_request *req, struct web_response *res);
/* api_write.c: writes through the API, and signing in for programs */
void web_api_write(struct web_request *req, struct web_response *res);
void web_api_lead_write(struct web_request *req, struct web_response *res);
void web_api_lead_get(struct web_request *req, struct web_response *res);
void web_api_commitment_update(struct web_request *req, struct web_response *res);
void web_api_redact(struct web_request *req, struct web_response *res);
void web_api_observation_get(struct web_request *req, struct web_response *res);
void web_api_observation_write(struct web_request *req, struct web_response *res);
void web_api_session_start(struct web_request *req, struct web_response *res);
void web_api_session_end(struct web_request *req, struct web_response *res);
/* auth.c */
void web_page_login(struct web_request *req, struct web_response *res);
void web_login_post(struct web_request *req, struct web_response *res);
void web_logout_post(struct web_request *req, struct web_response *res);
/* Sets a cookie (HttpOnly, SameSite=Strict, Path=/, Secure over TLS); max_age 0 ends it. */
void web_set_cookie(struct web_request *req, struct web_response *res, const char *name, const char *value,
                    int max_age);
/* A 303 redirect to a path of this site. */
void web_redirect(struct web_response *res, const char *path);
/* server.c */
void web_healthz(struct web_request *req, struct web_response *res);

/* Plans for requests for a place (places_plan.c): signed in, those who may only. */
void web_page_places_plan(struct web_request *req, struct web_response *res);
void web_places_plan_post(struct web_request *req, struct web_response *res);
void web_page_places_plan_run(struct web_request *req, struct web_response *res);
void web_places_plan_decision_post(struct web_request *req, struct web_response *res);
void web_api_place_plans_list(struct web_request *req, struct web_response *res);
void web_api_place_plans_post(struct web_request *req, struct web_response *res);
void web_api_place_plan_get(struct web_request *req, struct web_response *res);
void web_api_place_plan_decision(struct web_request *req, struct web_response *res);

/* ---- the response cache (cache.c) ----
 * Public pages and API answers change only when the data (or the date) changes, and
 * are read far more often than written. The server keeps their bytes, keyed by the
 * date and the URI as sent, and serves them again until the generation changes: any
 * commit to the database, by this process or another, starts a new generation. */

/* Copies the entry for key of generation gen into res; 1 on a hit, 0 on a miss. */
int web_cache_get(const char *key, uint64_t gen, struct web_response *res);
/* The cache generation now, for a handler that keeps its own work between requests
 * (what it keeps for one generation stays true until the next). */
uint64_t web_generation(struct store *s);
/* Keeps a copy of res (a 200) under key for generation gen. */
void web_cache_put(const char *key, uint64_t gen, const struct web_response *res);
/* Drops every entry. */
void web_cache_clear(void);

/* The cache key of a request for a cached route: the day, the decoded path, and the
 * route's own query parameters (route->query) in the route's order, each with the value
 * the handler reads (query_get's: the last given). A parameter the route does not read
 * is not in the key, so it can neither make a new entry nor cause new work: a page
 * ignores it (as GOV.UK pages ignore tracking parameters), and the API refuses it. */
void web_cache_key(struct buf *key, const char *day, const struct web_route *route, const struct web_request *req);
/* For the API, which refuses (400) a parameter it does not take or one given twice:
 * true when the query holds only route->query's parameters, each once, so a cached
 * answer is what the handler would give. Otherwise the handler runs and refuses. */
bool web_cache_query_exact(const struct web_route *route, const struct web_request *req);

/* ---- the server (server.c) ---- */

struct web_config {
	const char *db_path;
	const char *host; /* numeric IPv4 or IPv6 address */
	int port;
	int threads;
};

/* Limits on what a request may send; beyond them the server answers 414, 431, 413. */
#define WEB_MAX_URI 8192
#define WEB_MAX_HEADERS 16384
/* A body: a 20 MiB file with its form, or in base64 (a third larger) in JSON. */
#define WEB_MAX_BODY (28u * 1024 * 1024)
#define WEB_MAX_FORM (1024u * 1024) /* an urlencoded form */

/* Serves until SIGINT or SIGTERM. Checks the database before listening: a file that
 * is not a keep database fails here, unchanged. Returns 0 after a clean stop. */
int web_serve(const struct web_config *cfg, struct kerr *e);

/* Loads the templates embedded in the binary into a new set. */
struct tmpl_set *web_templates_load(struct kerr *e);

/* The Money's scenarios (money_scenarios.c): the list and a scenario's page (public);
 * the forms (staff and admins; an organisation's editors for its own). */
void web_page_money_scenarios(struct web_request *req, struct web_response *res);
void web_page_money_scenario(struct web_request *req, struct web_response *res);
void web_page_money_scenario_new(struct web_request *req, struct web_response *res);
void web_money_scenario_new_post(struct web_request *req, struct web_response *res);
void web_page_money_scenario_edit(struct web_request *req, struct web_response *res);
void web_money_scenario_edit_post(struct web_request *req, struct web_response *res);
void web_page_money_scenario_delete(struct web_request *req, struct web_response *res);
void web_money_scenario_delete_post(struct web_request *req, struct web_response *res);

#endif
