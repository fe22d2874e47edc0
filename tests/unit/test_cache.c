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
		cmocka_unit_test_teardown(test_many_keys_stay_bounded, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
