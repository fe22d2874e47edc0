/* The reports on the web (issue 4): /reports lists the annual reports and offers an
 * organisation's or a council area's; each report is a page inside the site's layout
 * (ADDRESS) and a PDF (ADDRESS.pdf), both built by src/report/ from the same blocks. */
#include "web/page.h"

#include "base/log.h"
#include "report/report.h"

#include <string.h>

void web_page_reports(struct web_request *req, struct web_response *res)
{
	struct kerr e = {0};
	json_t *years = report_years(req->store, req->today, &e);
	json_t *orgs = years ? store_organisations(req->store, &e) : NULL;
	json_t *areas = orgs ? store_resource_all(req->store, "council-areas", &e) : NULL;
	if (!areas) {
		json_decref(years);
		json_decref(orgs);
		page_read_failed(req, res, "reports", &e);
		return;
	}
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/reports", "Reports");
	json_t *ctx = json_pack("{s:s, s:b, s:o, s:o, s:o, s:o, s:b}", "title", "Reports", "nav_reports", 1,
	                        "breadcrumbs", crumbs, "years", years, "organisations", orgs, "areas", areas,
	                        "has_years", json_array_size(years) > 0);
	web_page(req, res, 200, "reports", ctx);
}

/* True for a slug or a GSS code: letters, digits and hyphens, at most 100. */
static bool name_ok(const char *v)
{
	size_t n = strlen(v);
	if (n == 0 || n > 100)
		return false;
	for (; *v; v++)
		if (!((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') || (*v >= '0' && *v <= '9') || *v == '-'))
			return false;
	return true;
}

/* The choice of the form on /reports, sent as ?organisation= or ?area=, taken to its
 * report's address (back to /reports when nothing was chosen). */
static void pick(struct web_request *req, struct web_response *res, const char *field, const char *prefix)
{
	const char *v = query_get(&req->query, field);
	if (!v || !name_ok(v)) {
		web_redirect(res, "/reports");
		return;
	}
	char to[300];
	snprintf(to, sizeof to, "%s%s", prefix, v);
	web_redirect(res, to);
}

void web_reports_organisation_pick(struct web_request *req, struct web_response *res)
{
	pick(req, res, "organisation", "/reports/organisations/");
}

void web_reports_area_pick(struct web_request *req, struct web_response *res)
{
	pick(req, res, "area", "/reports/areas/");
}

enum kind { ANNUAL, ORGANISATION, AREA };

/* Builds and sends the report named by the path's last segment: "WHAT" as a page,
 * "WHAT.pdf" as the PDF. */
static void report_send(struct web_request *req, struct web_response *res, enum kind kind)
{
	char what[160];
	const char *seg = req->nparams ? req->params[0] : "";
	size_t len = strlen(seg);
	bool pdf = len > 4 && strcmp(seg + len - 4, ".pdf") == 0;
	if (pdf)
		len -= 4;
	if (len == 0 || len >= sizeof what) {
		web_error_page(req, res, 404, NULL);
		return;
	}
	memcpy(what, seg, len);
	what[len] = '\0';
	struct report r = {0};
	struct kerr e = {0};
	int rc;
	int year = 0;
	if (kind == ANNUAL) {
		if (!report_year_parse(what, &year)) {
			web_error_page(req, res, 404, "There is no annual report for that year: the year is four digits, as in /reports/annual/2024.");
			return;
		}
		rc = report_annual(req->store, year, req->today, &r, &e);
	} else if (!name_ok(what)) {
		web_error_page(req, res, 404, NULL);
		return;
	} else
		rc = kind == ORGANISATION ? report_organisation(req->store, what, req->today, &r, &e)
		                          : report_area(req->store, what, req->today, &r, &e);
	if (rc < 0) {
		report_free(&r);
		page_read_failed(req, res, "report", &e);
		return;
	}
	if (pdf) {
		buf_reset(&res->body);
		if (report_pdf(&r, &res->body, &e) < 0) {
			log_error("report %s: %s", req->path, e.msg);
			report_free(&r);
			web_error_page(req, res, 500, NULL);
			return;
		}
		res->status = 200;
		res->content_type = "application/pdf";
		snprintf(res->disposition, sizeof res->disposition, "inline; filename=\"%s.pdf\"", r.file_stem);
		report_free(&r);
		return;
	}
	struct buf body = {0};
	report_html(&r, false, &body);
	char pdf_href[300];
	snprintf(pdf_href, sizeof pdf_href, "%s.pdf", req->path);
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/reports", "Reports");
	page_crumb_add(crumbs, "", r.title);
	json_t *ctx = json_pack("{s:s, s:b, s:o, s:s, s:s}", "title", r.title, "nav_reports", 1, "breadcrumbs", crumbs,
	                        "body", buf_str(&body), "pdf_href", pdf_href);
	buf_free(&body);
	report_free(&r);
	web_page(req, res, 200, "report", ctx);
}

void web_page_report_annual(struct web_request *req, struct web_response *res)
{
	report_send(req, res, ANNUAL);
}

void web_page_report_organisation(struct web_request *req, struct web_response *res)
{
	report_send(req, res, ORGANISATION);
}

void web_page_report_area(struct web_request *req, struct web_response *res)
{
	report_send(req, res, AREA);
}
