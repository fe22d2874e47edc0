/* Unit tests for src/web/router.c: which handler answers which method and path, the
 * path segments handed to it, and telling 405 (the path is known under another
 * method) from 404. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/web.h"

struct fx {
	struct web_request req;
	int known;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	free(f->req.pathbuf);
	free(f);
	return 0;
}

/* Finds method path; known is set to a value it must overwrite. */
static const struct web_route *find(struct fx *f, const char *method, const char *path)
{
	f->known = 42;
	return web_route_find(method, path, &f->req, &f->known);
}

static void test_root(void **state)
{
	struct fx *f = *state;
	const struct web_route *r = find(f, "GET", "/");
	assert_non_null(r);
	assert_true(r->handler == web_page_overview);
	assert_string_equal(r->pattern, "/");
	assert_string_equal(r->method, "GET");
	assert_int_equal(f->req.nparams, 0);
	assert_int_equal(f->known, 0);
}

static void test_one_param(void **state)
{
	struct fx *f = *state;
	const struct web_route *r = find(f, "GET", "/actions/planning");
	assert_non_null(r);
	assert_true(r->handler == web_page_action);
	assert_int_equal(f->req.nparams, 1);
	assert_string_equal(f->req.params[0], "planning");
	assert_int_equal(f->known, 0);
	/* The parameter lives in the request's own copy of the path. */
	assert_non_null(f->req.pathbuf);
	assert_true(f->req.params[0] >= f->req.pathbuf &&
	            f->req.params[0] < f->req.pathbuf + strlen("/actions/planning"));
}

static void test_two_params(void **state)
{
	struct fx *f = *state;
	const char *path = "/api/v1/actions/planning";
	const struct web_route *r = find(f, "GET", path);
	assert_non_null(r);
	assert_true(r->handler == web_api_get);
	assert_int_equal(f->req.nparams, 2);
	assert_string_equal(f->req.params[0], "actions");
	assert_string_equal(f->req.params[1], "planning");
	/* The caller's path is left alone. */
	assert_string_equal(path, "/api/v1/actions/planning");

	r = find(f, "GET", "/api/v1/leads/planning");
	assert_non_null(r);
	assert_int_equal(f->req.nparams, 2);
	assert_string_equal(f->req.params[1], "planning");
}

static void test_each_page(void **state)
{
	struct fx *f = *state;
	const struct {
		const char *path;
		web_handler h;
		const char *param;
	} cases[] = {
	    {"/healthz", web_healthz, NULL},
	    {"/plans/plan-21-24", web_page_plan, "plan-21-24"},
	    {"/foundations/voice", web_page_foundation, "voice"},
	    {"/organisations", web_page_organisations, NULL},
	    {"/organisations/cosla", web_page_organisation, "cosla"},
	    {"/search", web_page_search, NULL},
	    {"/static/keep.css", web_page_static, "keep.css"},
	    {"/api/openapi.json", web_api_openapi, NULL},
	    {"/api/v1/actions", web_api_list, "actions"},
	    {"/api/v1/council-areas", web_api_list, "council-areas"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct web_route *r = find(f, "GET", cases[i].path);
		if (!r)
			fail_msg("GET %s: no route", cases[i].path);
		if (r->handler != cases[i].h)
			fail_msg("GET %s: routed to %s", cases[i].path, r->pattern);
		assert_int_equal(f->req.nparams, cases[i].param ? 1 : 0);
		if (cases[i].param)
			assert_string_equal(f->req.params[0], cases[i].param);
	}
}

/* The writes: specific rows win over the generic /api/v1 ones, and /organisations/new is
 * the form, not an organisation called "new". */
static void test_writes(void **state)
{
	struct fx *f = *state;
	const struct {
		const char *method, *path;
		web_handler h;
		size_t nparams;
	} cases[] = {
	    {"POST", "/api/v1/session", web_api_session_start, 0},
	    {"DELETE", "/api/v1/session", web_api_session_end, 0},
	    {"POST", "/api/v1/organisations", web_api_write, 1},
	    {"PATCH", "/api/v1/commitments/x", web_api_write, 2},
	    {"DELETE", "/api/v1/heard/x-001", web_api_write, 2},
	    {"POST", "/api/v1/commitments/x/updates", web_api_commitment_update, 1},
	    {"GET", "/api/v1/actions/a/leads/o", web_api_lead_get, 2},
	    {"PATCH", "/api/v1/actions/a/leads/o", web_api_lead_write, 2},
	    {"DELETE", "/api/v1/actions/a/leads/o", web_api_lead_write, 2},
	    {"GET", "/organisations/new", web_page_organisation_new, 0},
	    {"POST", "/organisations/new", web_organisation_new_post, 0},
	    {"GET", "/actions/a/leads", web_page_action_leads, 1},
	    {"POST", "/actions/a/leads/o/remove", web_action_lead_remove_post, 2},
	    {"GET", "/commitments/c/updates", web_page_commitment_update, 1},
	    {"POST", "/commitments/c/delete", web_commitment_delete_post, 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct web_route *r = find(f, cases[i].method, cases[i].path);
		if (!r)
			fail_msg("%s %s: no route", cases[i].method, cases[i].path);
		if (r->handler != cases[i].h)
			fail_msg("%s %s: routed to %s", cases[i].method, cases[i].path, r->pattern);
		assert_int_equal(f->req.nparams, cases[i].nparams);
	}
}

static void test_not_found(void **state)
{
	struct fx *f = *state;
	const char *paths[] = {
	    "/nope",
	    "",
	    "//",
	    "/actions",
	    "/actions/",
	    "/actions//",
	    "/actions/planning/",
	    "/actions/planning/x",
	    "/Actions/planning",
	    "/healthz/",
	    "/api/v1/",
	    "/api/v1",
	    "/api/v1/actions/planning/x",
	    "/api/v1/actions/",
	    "/api/v1//planning",
	    "/static/",
	    "/organisations/",
	    "actions/planning",
	    "/search/x",
	};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		const struct web_route *r = find(f, "GET", paths[i]);
		if (r)
			fail_msg("GET '%s' should not be found, got %s", paths[i], r->pattern);
		if (f->known != 0)
			fail_msg("GET '%s': path_known is %d, expected 0", paths[i], f->known);
	}
}

static void test_method_not_allowed(void **state)
{
	struct fx *f = *state;
	assert_null(find(f, "POST", "/"));
	assert_int_equal(f->known, 1);
	/* DELETE under /api/v1 is routed to the writes, which answer 405 for what they do not
	 * write; PUT is no method of keep's. */
	assert_null(find(f, "PUT", "/api/v1/actions/planning"));
	assert_int_equal(f->known, 1);
	assert_null(find(f, "PUT", "/actions/planning"));
	assert_int_equal(f->known, 1);
	assert_null(find(f, "get", "/")); /* methods are case-sensitive */
	assert_int_equal(f->known, 1);
	/* An unknown path under another method is still 404. */
	assert_null(find(f, "POST", "/nope"));
	assert_int_equal(f->known, 0);
	assert_null(find(f, "POST", "/actions/"));
	assert_int_equal(f->known, 0);
}

static void test_head_is_get(void **state)
{
	struct fx *f = *state;
	const struct web_route *r = find(f, "HEAD", "/");
	assert_non_null(r);
	assert_true(r->handler == web_page_overview);
	assert_int_equal(f->known, 0);
	r = find(f, "HEAD", "/api/v1/actions/planning");
	assert_non_null(r);
	assert_true(r->handler == web_api_get);
	assert_string_equal(f->req.params[1], "planning");
	assert_null(find(f, "HEAD", "/nope"));
	assert_int_equal(f->known, 0);
}

/* One request may be routed again (the server does not, but nothing leaks if it
 * does): the old copy of the path is released, ASan would say otherwise. */
static void test_reuse_request(void **state)
{
	struct fx *f = *state;
	assert_non_null(find(f, "GET", "/actions/planning"));
	assert_non_null(find(f, "GET", "/organisations/cosla"));
	assert_string_equal(f->req.params[0], "cosla");
	assert_int_equal(f->req.nparams, 1);
	assert_non_null(find(f, "GET", "/"));
	assert_int_equal(f->req.nparams, 0);
}

/* Segments may hold anything but '/': they were percent-decoded before routing. */
static void test_param_bytes(void **state)
{
	struct fx *f = *state;
	const struct web_route *r = find(f, "GET", "/actions/caf\xC3\xA9 & <x>");
	assert_non_null(r);
	assert_string_equal(f->req.params[0], "caf\xC3\xA9 & <x>");
	r = find(f, "GET", "/api/v1/a.b/c%2Fd");
	assert_non_null(r);
	assert_string_equal(f->req.params[0], "a.b");
	assert_string_equal(f->req.params[1], "c%2Fd");
}

static void test_evidence_routes(void **state)
{
	struct fx *f = *state;
	const struct web_route *r = find(f, "GET", "/evidence/cosla-our-plan");
	assert_non_null(r);
	assert_true(r->handler == web_page_evidence);
	assert_int_equal(r->cached, 1);
	assert_string_equal(f->req.params[0], "cosla-our-plan");
	/* The file is never cached: the cache keeps no Content-Disposition. */
	r = find(f, "GET", "/evidence/cosla-our-plan/file");
	assert_true(r && r->handler == web_evidence_file && r->cached == 0);
	r = find(f, "POST", "/evidence/cosla-our-plan/publish");
	assert_true(r && r->handler == web_evidence_publish_post);
	assert_null(find(f, "GET", "/evidence/cosla-our-plan/publish"));
	assert_int_equal(f->known, 1);
	r = find(f, "POST", "/organisations/cosla/evidence/new");
	assert_true(r && r->handler == web_evidence_new_post);
	assert_string_equal(f->req.params[0], "cosla");
	r = find(f, "POST", "/evidence/cosla-our-plan/edit");
	assert_true(r && r->handler == web_evidence_edit_post && r->cached == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_root, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_one_param, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_two_params, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_each_page, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_writes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_found, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_method_not_allowed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_head_is_get, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reuse_request, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_param_bytes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_evidence_routes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
