/* Unit tests for src/report/: chart_cairo draws the marks where chart_layout put them;
 * the report year; the annual report's blocks on the demo dataset, and both renderings
 * of it; a report for something that does not exist. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cairo.h>
#include <string.h>

#include "demodb.h"
#include "report/chart.h"
#include "report/report.h"

#define D(y, m, d) ((struct kdate){(y), (m), (d)})

/* The colour at (x, y) of an RGB24 image surface, as 0xRRGGBB. */
static unsigned pixel(cairo_surface_t *img, double x, double y)
{
	cairo_surface_flush(img);
	const unsigned char *data = cairo_image_surface_get_data(img);
	int stride = cairo_image_surface_get_stride(img);
	const uint32_t *row = (const uint32_t *)(const void *)(data + (int)y * stride);
	return row[(int)x] & 0xffffff;
}

/* Draws c at (ox, oy) on a white w x h image. */
static cairo_surface_t *draw(const struct chart *c, int w, int h, double ox, double oy)
{
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(img);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	chart_cairo(c, cr, ox, oy);
	assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
	cairo_destroy(cr);
	return img;
}

static void test_chart_cairo(void **state)
{
	(void)state;
	struct pace_target t = {D(2020, 1, 1), D(2030, 1, 1), 10, 20, true};
	struct pace_obs obs[] = {{D(2022, 1, 1), 12}, {D(2024, 1, 1), 15}};
	struct pace_result r;
	pace_assess(&t, obs, 2, D(2025, 1, 1), &r);
	struct chart c;
	chart_layout(&t, obs, 2, &r, "Test: Scotland", 480, 220, &c);

	cairo_surface_t *img = draw(&c, 480, 220, 0, 0);
	/* The baseline is a dark square, the figures blue circles, the target a teal line. */
	assert_int_equal(pixel(img, c.baseline.x, c.baseline.y), 0x1b1b1b);
	assert_int_equal(pixel(img, c.baseline.x + 3, c.baseline.y - 3), 0x1b1b1b);
	for (size_t i = 0; i < c.nobs; i++)
		assert_int_equal(pixel(img, c.obs[i].x, c.obs[i].y), 0x0b5394);
	unsigned target = pixel(img, (c.lo.x + c.hi.x) / 2, c.target_y);
	assert_int_not_equal(target, 0xffffff);
	/* Somewhere between the grid lines, away from every mark, is left white. */
	assert_int_equal(pixel(img, c.hi.x - 3, (c.yticks[0].at + c.yticks[1].at) / 2 + 1), 0xffffff);
	/* Labels and the legend are drawn: ink below the plot area. */
	int ink = 0;
	for (int y = (int)c.hi.y + 2; y < 220; y++)
		for (int x = 0; x < 480; x++)
			ink += pixel(img, x, y) != 0xffffff;
	assert_true(ink > 200);
	cairo_surface_destroy(img);

	/* Drawn elsewhere, the same chart moves with it. */
	img = draw(&c, 600, 300, 60, 40);
	assert_int_equal(pixel(img, c.baseline.x + 60, c.baseline.y + 40), 0x1b1b1b);
	assert_int_equal(pixel(img, c.baseline.x, c.baseline.y), 0xffffff);
	cairo_surface_destroy(img);
	chart_free(&c);
}

static void test_chart_cairo_no_figures(void **state)
{
	(void)state;
	struct pace_target t = {D(2020, 1, 1), D(2030, 1, 1), 50, 20, false};
	struct pace_result r;
	pace_assess(&t, NULL, 0, D(2025, 1, 1), &r);
	struct chart c;
	chart_layout(&t, NULL, 0, &r, "Nothing yet", 480, 220, &c);
	cairo_surface_t *img = draw(&c, 480, 220, 0, 0);
	assert_int_equal(pixel(img, c.baseline.x, c.baseline.y), 0x1b1b1b);
	cairo_surface_destroy(img);
	assert_string_equal(c.note, "No observations yet: the chart shows only the baseline and the target.");
	chart_free(&c);
}

static void test_year_parse(void **state)
{
	(void)state;
	int y = 0;
	assert_true(report_year_parse("2024", &y));
	assert_int_equal(y, 2024);
	assert_true(report_year_parse("2000", &y));
	assert_true(report_year_parse("2099", &y));
	static const char *const bad[] = {"", "24", "20x4", "1999", "2100", "02024", "2024 ", "-2024", "２０２４"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		y = 7;
		if (report_year_parse(bad[i], &y))
			fail_msg("'%s' taken for a year", bad[i]);
		assert_int_equal(y, 7);
	}
	assert_false(report_year_parse(NULL, &y));
}

static void test_annual(void **state)
{
	struct demodb *f = *state;
	struct report r = {0};
	assert_int_equal(report_annual(f->s, 2024, D(2025, 11, 1), &r, &f->e), 0);
	assert_string_equal(r.title, "The Promise: annual report 2024-25");
	assert_string_equal(r.file_stem, "keep-annual-2024");
	assert_int_equal(r.b[0].kind, REPORT_TOC);
	/* The sections, in order, and every anchor once. The year from April 2024 reports
	 * against Plan 24-30: its route maps by foundation. */
	static const char *const sections[] = {"About this report", "Summary", "Route maps by foundation",
	                                       "Foundations and their targets", "Gaps", "The Oversight Board"};
	size_t k = 0;
	for (size_t i = 0; i < r.n; i++) {
		if (r.b[i].kind == REPORT_HEADING && r.b[i].level == 1) {
			assert_true(k < 6);
			assert_string_equal(r.b[i].text, sections[k++]);
		}
		if (r.b[i].anchor)
			for (size_t j = 0; j < i; j++)
				if (r.b[j].anchor && strcmp(r.b[j].anchor, r.b[i].anchor) == 0)
					fail_msg("anchor %s twice", r.b[i].anchor);
		if (r.b[i].kind == REPORT_TABLE)
			assert_int_equal(r.b[i].n % r.b[i].cols, 0);
	}
	assert_int_equal(k, 6);

	struct buf html = {0};
	report_html(&r, false, &html);
	assert_non_null(strstr(buf_str(&html), "<h1>The Promise: annual report 2024-25</h1>"));
	assert_null(strstr(buf_str(&html), "<!doctype"));
	buf_reset(&html);
	report_html(&r, true, &html);
	assert_true(strncmp(buf_str(&html), "<!doctype html>", 15) == 0);
	buf_free(&html);

	struct buf pdf = {0};
	assert_int_equal(report_pdf(&r, &pdf, &f->e), 0);
	assert_true(pdf.len > 1000);
	assert_memory_equal(pdf.p, "%PDF-", 5);
	assert_non_null(strstr(pdf.p + pdf.len - 32 > pdf.p ? pdf.p + pdf.len - 32 : pdf.p, "%%EOF"));
	buf_free(&pdf);
	report_free(&r);
	assert_null(r.b);

	/* The year before reports against Plan 21-24: its priority areas. */
	assert_int_equal(report_annual(f->s, 2023, D(2025, 11, 1), &r, &f->e), 0);
	bool priority_areas = false;
	for (size_t i = 0; i < r.n; i++)
		if (r.b[i].kind == REPORT_HEADING && r.b[i].level == 1 && strcmp(r.b[i].text, "Route maps by foundation") == 0)
			fail_msg("the year 2023-24 has route maps");
		else if (r.b[i].kind == REPORT_HEADING && r.b[i].level == 1)
			priority_areas |= strcmp(r.b[i].text, "Priority areas") == 0;
	assert_true(priority_areas);
	report_free(&r);
}

static void test_not_found(void **state)
{
	struct demodb *f = *state;
	struct report r = {0};
	assert_int_equal(report_organisation(f->s, "nope", D(2025, 11, 1), &r, &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	assert_string_equal(f->e.msg, "no organisation called 'nope'");
	report_free(&r);
	assert_int_equal(report_area(f->s, "S99999999", D(2025, 11, 1), &r, &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	assert_string_equal(f->e.msg, "no council area called 'S99999999'");
	report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_chart_cairo),
	    cmocka_unit_test(test_chart_cairo_no_figures),
	    cmocka_unit_test(test_year_parse),
	    cmocka_unit_test_setup_teardown(test_annual, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_not_found, demodb_setup, demodb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
