/* A report as HTML (see report.h): the same blocks as the PDF, headings one level down
 * (the report's title is the page's h1), tables with captions and column headers,
 * charts as inline SVG with their description. */
#include "report/report.h"

#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "report/chart.h"

/* The file's own style: plain, printable, the site's colours, no external request. */
static const char standalone_css[] =
	"body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b;"
	"margin:0;background:#fff}"
	"main{max-width:60rem;margin:0 auto;padding:1.5rem}"
	"h1{font-size:2rem;margin:.5rem 0}h2{font-size:1.5rem;margin-top:2.5rem;border-bottom:2px solid #00475a}"
	"h3{font-size:1.25rem;margin-top:2rem}h4,h5{font-size:1.05rem;margin-top:1.5rem}"
	".lede{font-size:1.15rem}.data-date{font-weight:bold}"
	"a{color:#0b5394}a:focus{outline:3px solid #ffbf47}"
	"table{border-collapse:collapse;width:100%;margin:1rem 0}caption{text-align:left;font-weight:bold;"
	"padding:.25rem 0}th,td{border:1px solid #c4cfd2;padding:.35rem .5rem;text-align:left;vertical-align:top}"
	"th{background:#eef2f3}.table-scroll{overflow-x:auto}"
	"svg.chart{max-width:100%;height:auto}.chart-note{font-style:italic}"
	"@media print{h2{break-before:page}}";

static void esc(struct buf *out, const char *s)
{
	html_escape(out, s, strlen(s));
}

/* The contents as nested lists of links: level-1 headings, each with its level-2
 * headings inside. */
static void toc(const struct report *r, struct buf *out)
{
	buf_puts(out, "<nav class=\"report-toc\" aria-labelledby=\"contents\"><h2 id=\"contents\">Contents</h2><ol>");
	bool open = false; /* a level-2 list is open inside the last level-1 item */
	bool any = false;
	for (size_t i = 0; i < r->n; i++) {
		const struct report_block *b = &r->b[i];
		if (b->kind != REPORT_HEADING || b->level > 2)
			continue;
		if (b->level == 1) {
			if (open)
				buf_puts(out, "</ol>");
			if (any)
				buf_puts(out, "</li>");
			open = false;
			any = true;
			buf_puts(out, "<li>");
		} else if (!open) {
			if (!any) {
				buf_puts(out, "<li>");
				any = true;
			}
			buf_puts(out, "<ol>");
			open = true;
		}
		if (b->level == 2)
			buf_puts(out, "<li>");
		buf_puts(out, "<a href=\"#");
		esc(out, b->anchor);
		buf_puts(out, "\">");
		esc(out, b->text);
		buf_puts(out, "</a>");
		if (b->level == 2)
			buf_puts(out, "</li>");
	}
	if (open)
		buf_puts(out, "</ol>");
	if (any)
		buf_puts(out, "</li>");
	buf_puts(out, "</ol></nav>");
}

/* A table in a focusable scrolling region labelled by its caption; index makes the
 * caption's id unique. */
static void table(const struct report_block *b, size_t index, struct buf *out)
{
	buf_printf(out,
	           "<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"table-%zu\" tabindex=\"0\">"
	           "<table class=\"data\"><caption id=\"table-%zu\">",
	           index, index);
	esc(out, b->text);
	buf_puts(out, "</caption><thead><tr>");
	for (size_t c = 0; c < b->cols; c++) {
		buf_puts(out, "<th scope=\"col\">");
		esc(out, b->cells[c]);
		buf_puts(out, "</th>");
	}
	buf_puts(out, "</tr></thead><tbody>");
	for (size_t row = 1; row < b->n / b->cols; row++) {
		buf_puts(out, "<tr>");
		for (size_t c = 0; c < b->cols; c++) {
			/* The first column names the row. */
			buf_puts(out, c == 0 ? "<th scope=\"row\">" : "<td>");
			esc(out, b->cells[row * b->cols + c]);
			buf_puts(out, c == 0 ? "</th>" : "</td>");
		}
		buf_puts(out, "</tr>");
	}
	buf_puts(out, "</tbody></table></div>");
}

static void chart(const struct report_block *b, struct buf *out)
{
	struct chart c;
	const struct target_pace *tp = &b->chart;
	chart_layout(&tp->t, tp->obs, tp->n, &tp->r, b->text, 640, 260, &c);
	buf_puts(out, "<figure class=\"report-chart\">");
	chart_svg(&c, b->anchor, out);
	if (c.note[0]) {
		buf_puts(out, "<figcaption class=\"chart-note\">");
		esc(out, c.note);
		buf_puts(out, "</figcaption>");
	}
	buf_puts(out, "</figure>");
	chart_free(&c);
}

void report_html(const struct report *r, bool standalone, struct buf *out)
{
	if (standalone) {
		buf_puts(out, "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
		              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
		esc(out, r->title);
		buf_printf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n", standalone_css);
	}
	buf_puts(out, "<article class=\"report\"><header class=\"report-cover\"><h1>");
	esc(out, r->title);
	buf_puts(out, "</h1><p class=\"lede\">");
	esc(out, r->subtitle);
	buf_puts(out, "</p><p class=\"data-date\">");
	esc(out, r->data_words);
	buf_puts(out, "</p></header>\n");
	for (size_t i = 0; i < r->n; i++) {
		const struct report_block *b = &r->b[i];
		switch (b->kind) {
		case REPORT_TOC:
			toc(r, out);
			break;
		case REPORT_HEADING: {
			int h = b->level + 1 > 6 ? 6 : b->level + 1;
			buf_printf(out, "<h%d id=\"", h);
			esc(out, b->anchor);
			buf_puts(out, "\">");
			esc(out, b->text);
			buf_printf(out, "</h%d>\n", h);
			break;
		}
		case REPORT_PARA:
			buf_puts(out, "<p>");
			esc(out, b->text);
			buf_puts(out, "</p>\n");
			break;
		case REPORT_LIST:
			buf_puts(out, "<ul>");
			for (size_t k = 0; k < b->n; k++) {
				buf_puts(out, "<li>");
				esc(out, b->cells[k]);
				buf_puts(out, "</li>");
			}
			buf_puts(out, "</ul>\n");
			break;
		case REPORT_TABLE:
			table(b, i, out);
			buf_putc(out, '\n');
			break;
		case REPORT_CHART:
			chart(b, out);
			buf_putc(out, '\n');
			break;
		}
	}
	buf_puts(out, "</article>\n");
	if (standalone)
		buf_puts(out, "</main>\n</body>\n</html>\n");
}
