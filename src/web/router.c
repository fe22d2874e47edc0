/* The one table of routes. Adding a page or endpoint is adding a row here and a
 * handler function. */
#include "web/web.h"

#include "base/mem.h"
#include "web/money_costs.h"

#include <stdlib.h>
#include <string.h>

static const struct web_route routes[] = {
	{"GET", "/", web_page_overview, 1, NULL},
	{"GET", "/healthz", web_healthz, 0, NULL},
	/* Keeping the Plan (plan_forms.c): before the plan page, whose pattern would take /plans/new. */
	{"GET", "/plans/new", web_page_plan_new, 0, NULL},
	{"POST", "/plans/new", web_plan_new_post, 0, NULL},
	{"GET", "/plans/*/edit", web_page_plan_edit, 0, NULL},
	{"POST", "/plans/*/edit", web_plan_edit_post, 0, NULL},
	{"GET", "/plans/*/delete", web_page_plan_delete, 0, NULL},
	{"POST", "/plans/*/delete", web_plan_delete_post, 0, NULL},
	{"GET", "/plans/*/phases/new", web_page_phase_new, 0, NULL},
	{"POST", "/plans/*/phases/new", web_phase_new_post, 0, NULL},
	{"GET", "/phases/*/edit", web_page_phase_edit, 0, NULL},
	{"POST", "/phases/*/edit", web_phase_edit_post, 0, NULL},
	{"GET", "/phases/*/delete", web_page_phase_delete, 0, NULL},
	{"POST", "/phases/*/delete", web_phase_delete_post, 0, NULL},
	{"GET", "/plans/*/priorities/new", web_page_priority_new, 0, NULL},
	{"POST", "/plans/*/priorities/new", web_priority_new_post, 0, NULL},
	{"GET", "/priorities/*/edit", web_page_priority_edit, 0, NULL},
	{"POST", "/priorities/*/edit", web_priority_edit_post, 0, NULL},
	{"GET", "/priorities/*/delete", web_page_priority_delete, 0, NULL},
	{"POST", "/priorities/*/delete", web_priority_delete_post, 0, NULL},
	{"GET", "/priorities/*/actions/new", web_page_action_new, 0, NULL},
	{"POST", "/priorities/*/actions/new", web_action_new_post, 0, NULL},
	{"GET", "/actions/*/edit", web_page_action_edit, 0, NULL},
	{"POST", "/actions/*/edit", web_action_edit_post, 0, NULL},
	{"GET", "/actions/*/delete", web_page_action_delete, 0, NULL},
	{"POST", "/actions/*/delete", web_action_delete_post, 0, NULL},
	{"GET", "/actions/*/milestones/new", web_page_milestone_new, 0, NULL},
	{"POST", "/actions/*/milestones/new", web_milestone_new_post, 0, NULL},
	{"GET", "/milestones/*/edit", web_page_milestone_edit, 0, NULL},
	{"POST", "/milestones/*/edit", web_milestone_edit_post, 0, NULL},
	{"GET", "/milestones/*/delete", web_page_milestone_delete, 0, NULL},
	{"POST", "/milestones/*/delete", web_milestone_delete_post, 0, NULL},
	{"GET", "/plans/*", web_page_plan, 1, NULL},
	{"GET", "/actions/*", web_page_action, 1, NULL},
	{"GET", "/foundations/*", web_page_foundation, 1, NULL},
	{"GET", "/organisations", web_page_organisations, 1, NULL},
	{"GET", "/board", web_page_board, 1, NULL},
	{"GET", "/review", web_page_review, 1, "area"},
	{"GET", "/review/priorities", web_page_review_priorities, 1, NULL},
	{"GET", "/review/vision", web_page_review_vision, 1, NULL},
	{"GET", "/gaps", web_page_gaps, 1, NULL},
	{"GET", "/measures", web_page_measures, 1, "year council"},
	{"GET", "/money/projection", web_page_money_projection, 1, "area scenario price_year inflation discount"},
	{"GET", "/places/sufficiency", web_page_places_sufficiency, 1, "council year"},
	/* The Money's costs (money_costs.c) */
	{"GET", "/money/costs", web_page_money_costs, 1, "area year"},
	{"GET", "/money/costs/*/edit", web_page_money_costs_edit, 0, NULL},
	{"POST", "/money/costs/*/edit", web_money_costs_edit_post, 0, NULL},
	/* The Money's scenarios (money_scenarios.c): /new before the pattern that would take it. */
	/* Plans for requests for a place (places_plan.c): never cached (who asks decides what is seen). */
	{"GET", "/places/plan", web_page_places_plan, 0, NULL},
	{"POST", "/places/plan", web_places_plan_post, 0, NULL},
	{"GET", "/places/plan/*", web_page_places_plan_run, 0, NULL},
	{"POST", "/places/plan/*/decisions", web_places_plan_decision_post, 0, NULL},
	{"GET", "/money/scenarios", web_page_money_scenarios, 1, NULL},
	{"GET", "/money/scenarios/new", web_page_money_scenario_new, 0, NULL},
	{"POST", "/money/scenarios/new", web_money_scenario_new_post, 0, NULL},
	{"GET", "/money/scenarios/*", web_page_money_scenario, 1, NULL},
	{"GET", "/money/scenarios/*/edit", web_page_money_scenario_edit, 0, NULL},
	{"POST", "/money/scenarios/*/edit", web_money_scenario_edit_post, 0, NULL},
	{"GET", "/money/scenarios/*/delete", web_page_money_scenario_delete, 0, NULL},
	{"POST", "/money/scenarios/*/delete", web_money_scenario_delete_post, 0, NULL},
	{"GET", "/money", web_page_money, 1, "area year"},
	{"GET", "/money/spend/new", web_page_spend_new, 0, NULL},
	{"POST", "/money/spend/new", web_spend_new_post, 0, NULL},
	{"GET", "/money/spend/*/edit", web_page_spend_edit, 0, NULL},
	{"POST", "/money/spend/*/edit", web_spend_edit_post, 0, NULL},
	{"GET", "/money/spend/*/delete", web_page_spend_delete, 0, NULL},
	{"POST", "/money/spend/*/delete", web_spend_delete_post, 0, NULL},
	{"GET", "/board/new", web_page_board_new, 0, NULL},
	{"POST", "/board/new", web_board_new_post, 0, NULL},
	{"GET", "/board/*/edit", web_page_board_edit, 0, NULL},
	{"POST", "/board/*/edit", web_board_edit_post, 0, NULL},
	{"GET", "/indicators", web_page_indicators, 1, NULL},
	{"GET", "/indicators/new", web_page_indicator_new, 0, NULL},
	{"POST", "/indicators/new", web_indicator_new_post, 0, NULL},
	{"GET", "/indicators/*/figures", web_page_indicator_figures, 1, NULL},
	{"GET", "/indicators/*/edit", web_page_indicator_edit, 0, NULL},
	{"POST", "/indicators/*/edit", web_indicator_edit_post, 0, NULL},
	{"GET", "/targets/new", web_page_target_new, 0, NULL},
	{"POST", "/targets/new", web_target_new_post, 0, NULL},
	{"GET", "/targets/*/edit", web_page_target_edit, 0, NULL},
	{"POST", "/targets/*/edit", web_target_edit_post, 0, NULL},
	{"GET", "/targets/*/delete", web_page_target_delete, 0, NULL},
	{"POST", "/targets/*/delete", web_target_delete_post, 0, NULL},
	{"GET", "/observations/new", web_page_observation_new, 0, NULL},
	{"POST", "/observations/new", web_observation_new_post, 0, NULL},
	{"GET", "/observations/*/*/*/delete", web_page_observation_delete, 0, NULL},
	{"POST", "/observations/*/*/*/delete", web_observation_delete_post, 0, NULL},
	{"GET", "/organisations/new", web_page_organisation_new, 0, NULL},
	{"POST", "/organisations/new", web_organisation_new_post, 0, NULL},
	{"GET", "/organisations/*", web_page_organisation, 1, NULL},
	{"GET", "/organisations/*/edit", web_page_organisation_edit, 0, NULL},
	{"GET", "/organisations/*/delete", web_page_organisation_delete, 0, NULL},
	{"POST", "/organisations/*/delete", web_organisation_delete_post, 0, NULL},
	{"POST", "/organisations/*/edit", web_organisation_edit_post, 0, NULL},
	{"GET", "/organisations/*/commitments/new", web_page_commitment_new, 0, NULL},
	{"POST", "/organisations/*/commitments/new", web_commitment_new_post, 0, NULL},
	{"GET", "/actions/*/assess", web_page_assess, 0, NULL},
	{"POST", "/actions/*/assess", web_assess_post, 0, NULL},
	{"GET", "/actions/*/heard", web_page_heard_add, 0, NULL},
	{"POST", "/actions/*/heard", web_heard_add_post, 0, NULL},
	{"GET", "/heard/*/edit", web_page_heard_edit, 0, NULL},
	{"POST", "/heard/*/edit", web_heard_edit_post, 0, NULL},
	{"GET", "/heard/*/delete", web_page_heard_delete, 0, NULL},
	{"POST", "/heard/*/delete", web_heard_delete_post, 0, NULL},
	{"GET", "/heard/*/remove-text", web_page_heard_redact, 0, NULL},
	{"POST", "/heard/*/remove-text", web_heard_redact_post, 0, NULL},
	{"GET", "/evidence/*/remove-text", web_page_evidence_redact, 0, NULL},
	{"POST", "/evidence/*/remove-text", web_evidence_redact_post, 0, NULL},
	{"GET", "/commitments/*/remove-text", web_page_commitment_redact, 0, NULL},
	{"POST", "/commitments/*/remove-text", web_commitment_redact_post, 0, NULL},
	{"GET", "/assessments/*/remove-text", web_page_assessment_redact, 0, NULL},
	{"POST", "/assessments/*/remove-text", web_assessment_redact_post, 0, NULL},
	{"GET", "/targets/*/remove-text", web_page_target_redact, 0, NULL},
	{"POST", "/targets/*/remove-text", web_target_redact_post, 0, NULL},
	{"GET", "/commitments/*/updates/*/remove-text", web_page_update_redact, 0, NULL},
	{"POST", "/commitments/*/updates/*/remove-text", web_update_redact_post, 0, NULL},
	{"GET", "/commitments/*", web_page_commitment, 1, NULL},
	{"GET", "/commitments/*/edit", web_page_commitment_edit, 0, NULL},
	{"POST", "/commitments/*/edit", web_commitment_edit_post, 0, NULL},
	{"GET", "/commitments/*/updates", web_page_commitment_update, 0, NULL},
	{"POST", "/commitments/*/updates", web_commitment_update_post, 0, NULL},
	{"GET", "/commitments/*/delete", web_page_commitment_delete, 0, NULL},
	{"POST", "/commitments/*/delete", web_commitment_delete_post, 0, NULL},
	{"GET", "/actions/*/leads", web_page_action_leads, 0, NULL},
	{"POST", "/actions/*/leads", web_action_leads_post, 0, NULL},
	{"POST", "/actions/*/leads/*/remove", web_action_lead_remove_post, 0, NULL},
	{"GET", "/actions/*/carried-on", web_page_action_carry, 0, NULL},
	{"POST", "/actions/*/carried-on", web_action_carry_post, 0, NULL},
	{"POST", "/commitments/*/move", web_commitment_move_post, 0, NULL},
	{"GET", "/organisations/*/evidence/new", web_page_evidence_new, 0, NULL},
	{"POST", "/organisations/*/evidence/new", web_evidence_new_post, 0, NULL},
	{"GET", "/evidence/*", web_page_evidence, 1, NULL},
	{"GET", "/evidence/*/edit", web_page_evidence_edit, 0, NULL},
	{"POST", "/evidence/*/edit", web_evidence_edit_post, 0, NULL},
	{"GET", "/evidence/*/file", web_evidence_file, 0, NULL},
	{"POST", "/evidence/*/publish", web_evidence_publish_post, 0, NULL},
	{"GET", "/evidence/*/delete", web_page_evidence_delete, 0, NULL},
	{"POST", "/evidence/*/delete", web_evidence_delete_post, 0, NULL},
	{"GET", "/imports", web_page_imports, 0, NULL},
	{"POST", "/imports", web_imports_post, 0, NULL},
	{"GET", "/exports/*", web_export_csv, 1, NULL},
	{"GET", "/reports", web_page_reports, 1, NULL},
	{"GET", "/reports/organisations", web_reports_organisation_pick, 0, NULL},
	{"GET", "/reports/areas", web_reports_area_pick, 0, NULL},
	{"GET", "/reports/annual/*", web_page_report_annual, 1, NULL},
	{"GET", "/reports/organisations/*", web_page_report_organisation, 1, NULL},
	{"GET", "/reports/areas/*", web_page_report_area, 1, NULL},
	{"GET", "/search", web_page_search, 0, NULL},
	{"GET", "/login", web_page_login, 0, NULL},
	{"POST", "/login", web_login_post, 0, NULL},
	{"POST", "/logout", web_logout_post, 0, NULL},
	{"GET", "/static/*", web_page_static, 1, NULL},
	{"GET", "/api/openapi.json", web_api_openapi, 1, NULL},
	{"POST", "/api/v1/session", web_api_session_start, 0, NULL},
	{"DELETE", "/api/v1/session", web_api_session_end, 0, NULL},
	{"POST", "/api/v1/commitments/*/updates", web_api_commitment_update, 0, NULL},
	{"POST", "/api/v1/redactions", web_api_redact, 0, NULL},
	{"GET", "/api/v1/actions/*/leads/*", web_api_lead_get, 1, NULL},
	{"PATCH", "/api/v1/actions/*/leads/*", web_api_lead_write, 0, NULL},
	{"DELETE", "/api/v1/actions/*/leads/*", web_api_lead_write, 0, NULL},
	{"GET", "/api/v1/review", web_api_review, 1, "area"},
	{"GET", "/api/v1/gaps", web_api_gaps, 1, NULL},
	{"GET", "/api/v1/projection", web_api_projection, 1, "area scenario draws price_year inflation discount"},
	{"GET", "/api/v1/sufficiency", web_api_sufficiency, 1, "council"},
	{"GET", "/api/v1/unit-costs", web_api_unit_costs_get, 1, "area"},
	{"POST", "/api/v1/unit-costs", web_api_unit_costs_post, 0, NULL},
	{"GET", "/api/v1/observations/*/*/*", web_api_observation_get, 1, NULL},
	{"DELETE", "/api/v1/observations/*/*/*", web_api_observation_write, 0, NULL},
	{"GET", "/api/v1/spend", web_api_spend_list, 1, "limit after area year organisation"},
	{"GET", "/api/v1/place-plans", web_api_place_plans_list, 0, NULL},
	{"POST", "/api/v1/place-plans", web_api_place_plans_post, 0, NULL},
	{"GET", "/api/v1/place-plans/*", web_api_place_plan_get, 0, NULL},
	{"POST", "/api/v1/place-plans/*/decisions", web_api_place_plan_decision, 0, NULL},
	{"GET", "/api/v1/*", web_api_list, 1, "limit after priority organisation"},
	{"GET", "/api/v1/*/*", web_api_get, 1, NULL},
	{"POST", "/api/v1/*", web_api_write, 0, NULL},
	{"PATCH", "/api/v1/*/*", web_api_write, 0, NULL},
	{"DELETE", "/api/v1/*/*", web_api_write, 0, NULL},
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
