/* Importing and exporting CSV files through the web: the upload form for the same
 * imports `keep import` runs (plan/import.c: everything checked first, all or nothing,
 * each change audited, the same FILE:LINE:COLUMN messages), and the public CSV
 * downloads of organisations, commitments and published evidence, the same files
 * `keep export` writes. */
#include "web/page.h"

#include "base/json.h"
#include "base/log.h"
#include "plan/commitment.h"
#include "plan/import.h"
#include "plan/planimport.h"

#include <stdio.h>
#include <string.h>

/* What the form offers, in the order shown: {kind, words}. */
static const char *const import_choices[][2] = {
	{"commitments", "Commitments"},
	{"organisations", "Organisations"},
	{"evidence", "Evidence (without files; it stays unpublished until staff publish it)"},
	{"observations", "Figures of the Oversight Board's indicators (observations)"},
	{"spend", "A whole spend file: what organisations spend, for The Money"},
	{"plan", "A whole plan: its phases, priority areas or foundations, actions or route maps and milestones (JSON or "
	         "CSV)"},
};
#define NCHOICES (sizeof import_choices / sizeof import_choices[0])

/* Signed in as someone who may import (staff, admins): true; otherwise answered. Imports
 * cross organisations, so they are The Promise Scotland's to run; organisations keep
 * their own records through the forms and the API. */
static bool may_import(struct web_request *req, struct web_response *res)
{
	if (!page_signed_in(req, res))
		return false;
	if (!organisation_may_manage(req->user)) {
		web_error_page(req, res, 403, "Only The Promise Scotland's staff import files.");
		return false;
	}
	return true;
}

/* The page: the form (kind chosen, errors {field: message} taken) and, after an import,
 * its result (problems: the messages, or NULL; summary: what was imported, or NULL). */
static void imports_page(struct web_request *req, struct web_response *res, int status, const char *kind,
                         json_t *errors, json_t *problems, const char *summary)
{
	const char *replace = query_get(&req->form, "replace");
	json_t *list = page_error_list(errors);
	json_t *ctx = json_pack("{s:s, s:s, s:o, s:o, s:o, s:b}", "title",
	                        json_array_size(list) || problems ? "Error: import a file" : "Import a file", "csrf",
	                        page_str(req->user, "csrf"), "kinds", page_options(import_choices, NCHOICES, kind),
	                        "errors", errors, "error_list", list, "has_errors", json_array_size(list) > 0);
	/* The options' first entry ("Not yet recorded") is not a choice here. */
	json_array_remove(json_object_get(ctx, "kinds"), 0);
	if (problems) {
		json_object_set_new(ctx, "problems", problems);
		json_object_set_new(ctx, "problem_count", json_integer((json_int_t)json_array_size(problems)));
	}
	if (summary)
		page_set_str(ctx, "summary", summary);
	json_object_set_new(ctx, "replace", json_boolean(replace && strcmp(replace, "yes") == 0));
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "", "Import a file");
	json_object_set_new(ctx, "breadcrumbs", crumbs);
	web_page(req, res, status, "imports", ctx);
	res->cache_control = "no-store";
}

void web_page_imports(struct web_request *req, struct web_response *res)
{
	if (may_import(req, res))
		imports_page(req, res, 200, "commitments", json_object(), NULL, NULL);
}

/* A whole plan (plan/planimport.h), with the same report as `keep import plan`. */
static void import_plan(struct web_request *req, struct web_response *res, const char *name,
                        const struct upload *file, json_t *errors)
{
	const char *replace = query_get(&req->form, "replace");
	struct plan_file f;
	plan_file_read(&f, name, file->data, file->len, PLAN_FORMAT_GUESS);
	struct plan_import_done done[16];
	struct kerr e = {0};
	int n = plan_import(req->store, &f, replace && strcmp(replace, "yes") == 0, page_str(req->user, "email"), done,
	                    sizeof done / sizeof done[0], &e);
	if (n < 0 && json_array_size(f.problems) == 0) {
		plan_file_free(&f);
		json_decref(errors);
		log_error("plan import through the web: %s", e.msg);
		web_error_page(req, res, 500, NULL);
		return;
	}
	if (n < 0) {
		json_t *problems = json_incref(f.problems);
		json_array_append_new(problems, json_string(e.msg));
		plan_file_free(&f);
		imports_page(req, res, 400, "plan", errors, problems, NULL);
		return;
	}
	plan_file_free(&f);
	struct buf summary = {0};
	for (int i = 0; i < n && i < 16; i++) {
		char words[512];
		plan_import_words(&done[i], words, sizeof words);
		buf_printf(&summary, "%s%s.", i ? " " : "", words);
	}
	imports_page(req, res, 200, "plan", errors, NULL, buf_str(&summary));
	buf_free(&summary);
}

void web_imports_post(struct web_request *req, struct web_response *res)
{
	if (!may_import(req, res))
		return;
	const char *kind = query_get(&req->form, "kind");
	const struct upload *file = NULL;
	for (size_t i = 0; i < req->nfiles; i++)
		if (strcmp(req->files[i].field, "file") == 0 && (req->files[i].filename[0] || req->files[i].len))
			file = &req->files[i];
	json_t *errors = json_object();
	bool known = false;
	for (size_t i = 0; kind && i < NCHOICES; i++)
		known |= strcmp(kind, import_choices[i][0]) == 0;
	if (!known)
		json_object_set_new(errors, "kind", json_string("Choose what the file holds."));
	bool plan = known && strcmp(kind, "plan") == 0;
	if (!file)
		json_object_set_new(errors, "file",
		                    json_string(plan ? "Choose a JSON or CSV file to import." : "Choose a CSV file to import."));
	if (json_object_size(errors)) {
		imports_page(req, res, 400, known ? kind : "commitments", errors, NULL, NULL);
		return;
	}
	/* The name in messages is the file's own (only its last part: never a path). */
	const char *name = strrchr(file->filename, '/') ? strrchr(file->filename, '/') + 1 : file->filename;
	if (!*name)
		name = "the file";
	if (plan) {
		import_plan(req, res, name, file, errors);
		return;
	}
	struct import_result out;
	struct kerr e = {0};
	json_t *problems = json_array();
	int rc = import_run(req->store, kind, name, file->data, file->len, page_str(req->user, "email"), NULL, NULL, &out,
	                    problems, &e);
	if (rc < 0 && json_array_size(problems) == 0) {
		json_decref(problems);
		json_decref(errors);
		log_error("import through the web: %s", e.msg);
		web_error_page(req, res, 500, NULL);
		return;
	}
	if (rc < 0) {
		/* e says how many problems there were in all (the list stops at 100). */
		json_array_append_new(problems, json_string(e.msg));
		imports_page(req, res, 400, kind, errors, problems, NULL);
		return;
	}
	json_decref(problems);
	char summary[400];
	snprintf(summary, sizeof summary, "Imported %s: %zu row%s; %zu new, %zu changed, %zu unchanged.", name, out.rows,
	         out.rows == 1 ? "" : "s", out.created, out.changed, out.unchanged);
	imports_page(req, res, 200, kind, errors, NULL, summary);
}

/* GET /exports/<resource>.csv: organisations, commitments or (published) evidence as
 * CSV, as `keep export` writes it. */
void web_export_csv(struct web_request *req, struct web_response *res)
{
	static const char *const offered[] = {"organisations.csv", "commitments.csv", "evidence.csv", "observations.csv",
	                                      "spend.csv", NULL};
	const char *file = req->nparams ? req->params[0] : "";
	bool ok = false;
	for (const char *const *o = offered; *o; o++)
		ok |= strcmp(*o, file) == 0;
	if (!ok) {
		web_error_page(req, res, 404,
		               "There is no such file. The files are organisations.csv, commitments.csv, evidence.csv, "
		               "observations.csv and spend.csv.");
		return;
	}
	char resource[32];
	snprintf(resource, sizeof resource, "%.*s", (int)(strlen(file) - 4), file);
	struct kerr e = {0};
	json_t *rows = store_resource_all(req->store, resource, &e);
	json_t *fields = rows ? store_resource_fields(req->store, resource, &e) : NULL;
	if (!fields) {
		json_decref(rows);
		page_read_failed(req, res, "export", &e);
		return;
	}
	buf_reset(&res->body);
	if (json_array_size(rows) == 0)
		json_csv_header(fields, &res->body);
	else
		json_rows_csv(rows, &res->body);
	json_decref(rows);
	json_decref(fields);
	res->content_type = "text/csv; charset=utf-8";
	snprintf(res->disposition, sizeof res->disposition, "attachment; filename=\"keep-%s\"", file);
}
