/* The one table of routes. Adding a page or endpoint is adding a row here and a
 * handler function. */
#include "web/web.h"

#include "base/mem.h"

#include <stdlib.h>
#include <string.h>

static const struct web_route routes[] = {
	{"GET", "/", web_page_overview, 1},
	{"GET", "/healthz", web_healthz, 0},
	{"GET", "/plans/*", web_page_plan, 1},
	{"GET", "/actions/*", web_page_action, 1},
	{"GET", "/foundations/*", web_page_foundation, 1},
	{"GET", "/organisations", web_page_organisations, 1},
	{"GET", "/board", web_page_board, 1},
	{"GET", "/review", web_page_review, 1},
	{"GET", "/review/priorities", web_page_review_priorities, 1},
	{"GET", "/gaps", web_page_gaps, 1},
	{"GET", "/measures", web_page_measures, 1},
	{"GET", "/board/new", web_page_board_new, 0},
	{"POST", "/board/new", web_board_new_post, 0},
	{"GET", "/board/*/edit", web_page_board_edit, 0},
	{"POST", "/board/*/edit", web_board_edit_post, 0},
	{"GET", "/indicators", web_page_indicators, 1},
	{"GET", "/indicators/new", web_page_indicator_new, 0},
	{"POST", "/indicators/new", web_indicator_new_post, 0},
	{"GET", "/indicators/*/edit", web_page_indicator_edit, 0},
	{"POST", "/indicators/*/edit", web_indicator_edit_post, 0},
	{"GET", "/targets/new", web_page_target_new, 0},
	{"POST", "/targets/new", web_target_new_post, 0},
	{"GET", "/targets/*/edit", web_page_target_edit, 0},
	{"POST", "/targets/*/edit", web_target_edit_post, 0},
	{"GET", "/targets/*/delete", web_page_target_delete, 0},
	{"POST", "/targets/*/delete", web_target_delete_post, 0},
	{"GET", "/observations/new", web_page_observation_new, 0},
	{"POST", "/observations/new", web_observation_new_post, 0},
	{"GET", "/observations/*/*/*/delete", web_page_observation_delete, 0},
	{"POST", "/observations/*/*/*/delete", web_observation_delete_post, 0},
	{"GET", "/organisations/new", web_page_organisation_new, 0},
	{"POST", "/organisations/new", web_organisation_new_post, 0},
	{"GET", "/organisations/*", web_page_organisation, 1},
	{"GET", "/organisations/*/edit", web_page_organisation_edit, 0},
	{"GET", "/organisations/*/delete", web_page_organisation_delete, 0},
	{"POST", "/organisations/*/delete", web_organisation_delete_post, 0},
	{"POST", "/organisations/*/edit", web_organisation_edit_post, 0},
	{"GET", "/organisations/*/commitments/new", web_page_commitment_new, 0},
	{"POST", "/organisations/*/commitments/new", web_commitment_new_post, 0},
	{"GET", "/actions/*/assess", web_page_assess, 0},
	{"POST", "/actions/*/assess", web_assess_post, 0},
	{"GET", "/actions/*/heard", web_page_heard_add, 0},
	{"POST", "/actions/*/heard", web_heard_add_post, 0},
	{"GET", "/commitments/*", web_page_commitment, 1},
	{"GET", "/commitments/*/edit", web_page_commitment_edit, 0},
	{"POST", "/commitments/*/edit", web_commitment_edit_post, 0},
	{"GET", "/commitments/*/updates", web_page_commitment_update, 0},
	{"POST", "/commitments/*/updates", web_commitment_update_post, 0},
	{"GET", "/commitments/*/delete", web_page_commitment_delete, 0},
	{"POST", "/commitments/*/delete", web_commitment_delete_post, 0},
	{"GET", "/actions/*/leads", web_page_action_leads, 0},
	{"POST", "/actions/*/leads", web_action_leads_post, 0},
	{"POST", "/actions/*/leads/*/remove", web_action_lead_remove_post, 0},
	{"GET", "/organisations/*/evidence/new", web_page_evidence_new, 0},
	{"POST", "/organisations/*/evidence/new", web_evidence_new_post, 0},
	{"GET", "/evidence/*", web_page_evidence, 1},
	{"GET", "/evidence/*/edit", web_page_evidence_edit, 0},
	{"POST", "/evidence/*/edit", web_evidence_edit_post, 0},
	{"GET", "/evidence/*/file", web_evidence_file, 0},
	{"POST", "/evidence/*/publish", web_evidence_publish_post, 0},
	{"GET", "/evidence/*/delete", web_page_evidence_delete, 0},
	{"POST", "/evidence/*/delete", web_evidence_delete_post, 0},
	{"GET", "/imports", web_page_imports, 0},
	{"POST", "/imports", web_imports_post, 0},
	{"GET", "/exports/*", web_export_csv, 1},
	{"GET", "/reports", web_page_reports, 1},
	{"GET", "/reports/organisations", web_reports_organisation_pick, 0},
	{"GET", "/reports/areas", web_reports_area_pick, 0},
	{"GET", "/reports/annual/*", web_page_report_annual, 1},
	{"GET", "/reports/organisations/*", web_page_report_organisation, 1},
	{"GET", "/reports/areas/*", web_page_report_area, 1},
	{"GET", "/search", web_page_search, 0},
	{"GET", "/login", web_page_login, 0},
	{"POST", "/login", web_login_post, 0},
	{"POST", "/logout", web_logout_post, 0},
	{"GET", "/static/*", web_page_static, 1},
	{"GET", "/api/openapi.json", web_api_openapi, 1},
	{"POST", "/api/v1/session", web_api_session_start, 0},
	{"DELETE", "/api/v1/session", web_api_session_end, 0},
	{"POST", "/api/v1/commitments/*/updates", web_api_commitment_update, 0},
	{"GET", "/api/v1/actions/*/leads/*", web_api_lead_get, 1},
	{"PATCH", "/api/v1/actions/*/leads/*", web_api_lead_write, 0},
	{"DELETE", "/api/v1/actions/*/leads/*", web_api_lead_write, 0},
	{"GET", "/api/v1/review", web_api_review, 1},
	{"GET", "/api/v1/gaps", web_api_gaps, 1},
	{"GET", "/api/v1/observations/*/*/*", web_api_observation_get, 1},
	{"DELETE", "/api/v1/observations/*/*/*", web_api_observation_write, 0},
	{"GET", "/api/v1/*", web_api_list, 1},
	{"GET", "/api/v1/*/*", web_api_get, 1},
	{"POST", "/api/v1/*", web_api_write, 0},
	{"PATCH", "/api/v1/*/*", web_api_write, 0},
	{"DELETE", "/api/v1/*/*", web_api_write, 0},
};

/* Matches path against pattern segment by segment; '*' takes one non-empty segment
 * (recorded in req->params). */
static int match(const char *pattern, const char *path, struct web_request *req)
{
	size_t n = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '*') {
			const char *end = strchr(s, '/');
			size_t len = end ? (size_t)(end - s) : strlen(s);
			if (len == 0 || n == WEB_MAX_PARAMS)
				return 0;
			if (req)
				req->params[n] = req->pathbuf + (s - path);
			n++;
			s += len;
			p++;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	if (*p || *s)
		return 0;
	if (req)
		req->nparams = n;
	return 1;
}

const struct web_route *web_route_find(const char *method, const char *path, struct web_request *req,
                                       int *path_known)
{
	*path_known = 0;
	/* HEAD is GET without the body; libmicrohttpd leaves the body out. */
	const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		if (!match(routes[i].pattern, path, NULL))
			continue;
		if (strcmp(routes[i].method, m) != 0) {
			*path_known = 1;
			continue;
		}
		free(req->pathbuf);
		req->pathbuf = xstrdup(path);
		match(routes[i].pattern, path, req);
		/* Cut each captured segment out of the copy. */
		for (size_t k = 0; k < req->nparams; k++) {
			char *slash = strchr(req->pathbuf + (req->params[k] - req->pathbuf), '/');
			if (slash)
				*slash = '\0';
		}
		return &routes[i];
	}
	return NULL;
}
