/* The response cache (src/web/cache.c): what is kept, for which generation, and what
 * a hit hands back. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "web/web.h"

static struct web_response page(const char *body)
{
	struct web_response r = {.status = 200, .content_type = "text/html; charset=utf-8", .cache_control = "no-cache"};
	buf_puts(&r.body, body);
	return r;
}

static int teardown(void **state)
{
	web_cache_clear();
	return 0;
}

/* The key of a request for route r with query qs, as the server makes it. */
static void key_of(const struct web_route *r, const char *qs, char *out, size_t n)
{
	struct web_request req = {.path = r->pattern};
	struct kerr e = {0};
	assert_int_equal(query_parse(&req.query, qs, 64, &e), 0);
	struct buf key = {0};
	web_cache_key(&key, "2026-11-24", r, &req);
	snprintf(out, n, "%s", buf_str(&key));
	buf_free(&key);
	query_free(&req.query);
}

/* The key holds the route's own parameters, in its order, as the handler reads them
 * (the last given): nothing else a client adds can make a new entry. */
static void test_key_is_the_routes_parameters(void **state)
{
	(void)state;
	static const struct web_route measures = {"GET", "/measures", NULL, 1, "year council"};
	static const struct web_route plain = {"GET", "/organisations", NULL, 1, NULL};
	char a[200], b[200];
	key_of(&measures, "year=2024&council=S12000049", a, sizeof a);
	assert_string_equal(a, "2026-11-24 /measures?year=2024&council=S12000049");
	const char *same[] = {"council=S12000049&year=2024", "year=2024&x=1&council=S12000049&utm_source=y",
	                      "year=2019&council=S12000049&year=2024", "council=S1&year=2024&council=S12000049"};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		key_of(&measures, same[i], b, sizeof b);
		assert_string_equal(b, a);
	}
	key_of(&measures, "x=1", a, sizeof a);
	assert_string_equal(a, "2026-11-24 /measures");
	key_of(&measures, "year=", a, sizeof a);
	assert_string_equal(a, "2026-11-24 /measures?year=");
	/* A value's own & = % cannot make two queries share a key. */
	key_of(&measures, "year=1%26council%3D2", a, sizeof a);
	key_of(&measures, "year=1&council=2", b, sizeof b);
	assert_string_not_equal(a, b);
	/* A path whose own (decoded) '?' cannot pass for a query. */
	static const struct web_route odd = {"GET", "/measures?year=1", NULL, 1, "year"};
	key_of(&odd, "", a, sizeof a);
	key_of(&measures, "year=1", b, sizeof b);
	assert_string_not_equal(a, b);
	key_of(&plain, "page=2&x=y", a, sizeof a);
	assert_string_equal(a, "2026-11-24 /organisations");
	/* The API's check: only its own parameters, each once. */
	struct web_request req = {.path = "/measures"};
	struct kerr e = {0};
	assert_int_equal(query_parse(&req.query, "year=1&council=2", 64, &e), 0);
	assert_true(web_cache_query_exact(&measures, &req));
	query_free(&req.query);
	assert_int_equal(query_parse(&req.query, "year=1&year=2", 64, &e), 0);
	assert_false(web_cache_query_exact(&measures, &req));
	query_free(&req.query);
	assert_int_equal(query_parse(&req.query, "yea=1", 64, &e), 0);
	assert_false(web_cache_query_exact(&measures, &req));
	query_free(&req.query);
}

static void test_miss_then_hit(void **state)
{
	struct web_response out = {0};
	assert_int_equal(web_cache_get("2026-11-24 /", 1, &out), 0);
	struct web_response r = page("<p>overview</p>");
	web_cache_put("2026-11-24 /", 1, &r);
	assert_int_equal(web_cache_get("2026-11-24 /", 1, &out), 1);
	assert_string_equal(buf_str(&out.body), "<p>overview</p>");
	assert_int_equal(out.status, 200);
	assert_string_equal(out.content_type, "text/html; charset=utf-8");
	assert_string_equal(out.cache_control, "no-cache");
	buf_free(&r.body);
	buf_free(&out.body);
}

static void test_other_generation_misses(void **state)
{
	struct web_response r = page("old");
	web_cache_put("k", 1, &r);
	struct web_response out = {0};
	assert_int_equal(web_cache_get("k", 2, &out), 0);
	assert_int_equal(out.body.len, 0);
	/* A newer answer replaces the old one under the same key. */
	struct web_response r2 = page("new");
	web_cache_put("k", 2, &r2);
	assert_int_equal(web_cache_get("k", 2, &out), 1);
	assert_string_equal(buf_str(&out.body), "new");
	assert_int_equal(web_cache_get("k", 1, &out), 0);
	buf_free(&r.body);
	buf_free(&r2.body);
	buf_free(&out.body);
}

static void test_keys_are_exact(void **state)
{
	struct web_response r = page("a");
	web_cache_put("/api/v1/actions?limit=2", 7, &r);
	struct web_response out = {0};
	assert_int_equal(web_cache_get("/api/v1/actions?limit=20", 7, &out), 0);
	assert_int_equal(web_cache_get("/api/v1/actions?limit=", 7, &out), 0);
	assert_int_equal(web_cache_get("/api/v1/actions?limit=2", 7, &out), 1);
	buf_free(&r.body);
	buf_free(&out.body);
}

static void test_hit_replaces_what_the_response_held(void **state)
{
	struct web_response r = page("cached");
	web_cache_put("k", 3, &r);
	struct web_response out = page("left over");
	assert_int_equal(web_cache_get("k", 3, &out), 1);
	assert_string_equal(buf_str(&out.body), "cached");
	buf_free(&r.body);
	buf_free(&out.body);
}

static void test_clear(void **state)
{
	struct web_response r = page("x");
	web_cache_put("k", 1, &r);
	web_cache_clear();
	struct web_response out = {0};
	assert_int_equal(web_cache_get("k", 1, &out), 0);
	buf_free(&r.body);
}

static void test_many_keys_stay_bounded(void **state)
{
	/* More keys than the table keeps: it empties itself rather than grow, and the
	 * newest key is always there. */
	struct web_response r = page("body");
	char key[32];
	for (int i = 0; i < 20000; i++) {
		snprintf(key, sizeof key, "/p/%d", i);
		web_cache_put(key, 1, &r);
	}
	struct web_response out = {0};
	assert_int_equal(web_cache_get("/p/19999", 1, &out), 1);
	assert_int_equal(web_cache_get("/p/0", 1, &out), 0);
	buf_free(&r.body);
	buf_free(&out.body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_miss_then_hit, teardown),
		cmocka_unit_test_teardown(test_other_generation_misses, teardown),
		cmocka_unit_test_teardown(test_keys_are_exact, teardown),
		cmocka_unit_test_teardown(test_hit_replaces_what_the_response_held, teardown),
		cmocka_unit_test_teardown(test_clear, teardown),
		cmocka_unit_test(test_key_is_the_routes_parameters),
		cmocka_unit_test_teardown(test_many_keys_stay_bounded, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
