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
#include "plan/spend.h"

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
	                                       "Foundations and their targets", "The Money",
	                                       "Places for children to 2030", "Gaps", "The Oversight Board"};
	size_t k = 0;
	for (size_t i = 0; i < r.n; i++) {
		if (r.b[i].kind == REPORT_HEADING && r.b[i].level == 1) {
			assert_true(k < 8);
			assert_string_equal(r.b[i].text, sections[k++]);
		}
		if (r.b[i].anchor)
			for (size_t j = 0; j < i; j++)
				if (r.b[j].anchor && strcmp(r.b[j].anchor, r.b[i].anchor) == 0)
					fail_msg("anchor %s twice", r.b[i].anchor);
		if (r.b[i].kind == REPORT_TABLE)
			assert_int_equal(r.b[i].n % r.b[i].cols, 0);
	}
	assert_int_equal(k, 8);

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

/* The text of section title (a level-1 heading) of r: each paragraph on a line, each
 * table's caption then its rows as "cell | cell | cell". */
static void section_text(const struct report *r, const char *title, struct buf *out)
{
	bool in = false;
	for (size_t i = 0; i < r->n; i++) {
		const struct report_block *b = &r->b[i];
		if (b->kind == REPORT_HEADING && b->level == 1)
			in = strcmp(b->text, title) == 0;
		if (!in)
			continue;
		if (b->kind == REPORT_TABLE) {
			buf_printf(out, "%s\n", b->text);
			for (size_t k = 0; k < b->n; k++)
				buf_printf(out, "%s%s", b->cells[k], (k + 1) % b->cols ? " | " : "\n");
		} else if (b->text)
			buf_printf(out, "%s\n", b->text);
	}
}

static struct spend_line money_line(const char *area, int year, const char *org, const char *heading,
                                    const char *level, const char *kind, int64_t amount, bool made_up)
{
	struct spend_line l = {0};
	snprintf(l.area, sizeof l.area, "%s", area);
	snprintf(l.organisation, sizeof l.organisation, "%s", org);
	snprintf(l.source, sizeof l.source, "A test budget");
	l.year = year;
	l.heading = spend_heading_of(heading);
	l.level = spend_level_of(level);
	l.kind = spend_kind_of(kind);
	l.amount = amount;
	l.share = 100;
	l.made_up = made_up;
	return l;
}

#define HAS(text, s)                                                                                          \
	do {                                                                                                 \
		if (!strstr((text), (s)))                                                                    \
			fail_msg("no \"%s\" in:\n%s", (s), (text));                                            \
	} while (0)

/* The Money for 2028-29, worked by hand (the demo has no spend lines after 2025-26):
 * Clackmannanshire £600,000 of foster care (crisis, services) and £300,000 of intensive
 * family support (early help, families and places, pooled: 60% its own, 40% NHS Forth
 * Valley's), and a national £100,000 of mental health (early help, services, made up):
 * £1,000,000 in 3 entries, 1 made up; by what it was for: running the care system
 * £600,000 (60.0%), other costs £100,000 (10.0%), support for families £300,000 (30.0%);
 * by level: families and places £300,000 (30.0%), services £700,000 (70.0%), national
 * system £0 (0.0%); early help 400,000 ÷ 1,000,000 = 40.0%, crisis 60.0%; pooled 30.0%.
 * In 2027-28, £750,000 of foster care and £250,000 of intensive family support: early help
 * 25.0%, so the share went up by 15.0 percentage points. No care records: no placement
 * costs. */
static void test_annual_money(void **state)
{
	struct demodb *f = *state;
	struct spend_line lines[] = {
	    money_line("S12000005", 2028, "clackmannanshire-council", "foster_care", "services", "crisis_acute", 600000,
	               false),
	    money_line("S12000005", 2028, "clackmannanshire-council", "intensive_family_support", "families_places",
	               "early_help_prevention", 300000, false),
	    money_line("S92000003", 2028, "scottish-government", "mental_health", "services", "early_help_prevention",
	               100000, true),
	    money_line("S12000005", 2027, "clackmannanshire-council", "foster_care", "services", "crisis_acute", 750000,
	               false),
	    money_line("S12000005", 2027, "clackmannanshire-council", "intensive_family_support", "families_places",
	               "early_help_prevention", 250000, false),
	};
	lines[1].pooled = true;
	lines[1].share = 60;
	lines[1].npartners = 1;
	snprintf(lines[1].partners[0].name, sizeof lines[1].partners[0].name, "NHS Forth Valley");
	lines[1].partners[0].share = 40;
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		char id[128];
		if (spend_add(f->s, "tester", &lines[i], id, &f->e) < 0)
			fail_msg("line %zu: %s", i, f->e.msg);
	}
	struct report r = {0};
	assert_int_equal(report_annual(f->s, 2028, D(2029, 6, 1), &r, &f->e), 0);
	struct buf t = {0};
	section_text(&r, "The Money", &t);
	const char *text = buf_str(&t);
	HAS(text, "financial year 2028-29 (1 April 2028 to 31 March 2029)");
	HAS(text, "Organisations recorded £1,000,000 of spending on children and families in and around the care "
	          "system in Scotland in 2028-29, in 3 entries");
	HAS(text, "1 of the 3 entries is made up for the demonstration");
	HAS(text, "Spending in Scotland in 2028-29 by what it was for (includes figures made up for the demonstration)\n"
	          "What it was for | Spent | Share of all spending\n"
	          "Running the care system | £600,000 | 60.0%\n");
	HAS(text, " | £100,000 | 10.0%\n");
	HAS(text, " | £300,000 | 30.0%\n");
	HAS(text, " | £700,000 | 70.0%\n");
	HAS(text, " | £0 | 0.0%\n");
	HAS(text, "40.0% was spent on early help and prevention, helping families before a crisis, and 60.0% on "
	          "meeting a crisis");
	HAS(text, "In 2027-28 the share on early help and prevention was 25.0%: it went up by 15.0 percentage points.");
	HAS(text, "30.0% was in budgets that organisations pooled");
	HAS(text, "No council's care records cover 2028-29");
	HAS(text, "The Money (Independent Care Review, 2020) published about £875m a year meeting those needs, and "
	          "£732m a year of income tax and National Insurance lost.");
	HAS(text, "about £100.1m a year");
	buf_free(&t);
	report_free(&r);

	/* The year before has no year before it with lines: said so. */
	assert_int_equal(report_annual(f->s, 2027, D(2029, 6, 1), &r, &f->e), 0);
	section_text(&r, "The Money", &t);
	HAS(buf_str(&t), "25.0% was spent on early help and prevention");
	HAS(buf_str(&t), "No spending was recorded for 2026-27, so the share cannot be compared");
	if (strstr(buf_str(&t), "made up"))
		fail_msg("2027-28 has no made-up line:\n%s", buf_str(&t));
	buf_free(&t);
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
	    cmocka_unit_test_setup_teardown(test_annual_money, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_not_found, demodb_setup, demodb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
