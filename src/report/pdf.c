/* A report as a PDF (see report.h), and a chart drawn with cairo (chart.h).
 *
 * The document is laid out twice with the same code: the first time nothing is drawn,
 * only measured, to learn on which page every heading lands and how many pages there
 * are; the second time it is drawn, with those page numbers in the table of contents
 * and "Page N of M" at the foot of every page. The two passes break pages identically
 * because the page numbers in the contents never change the height of a line. */
#include "report/report.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "report/chart.h"

/* A4 in points, and the margins around the text. */
#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN_X 56.0
#define MARGIN_TOP 56.0
#define MARGIN_BOTTOM 72.0
#define TEXT_W (PAGE_W - 2 * MARGIN_X)
#define BOTTOM (PAGE_H - MARGIN_BOTTOM)
#define CELL_PAD 4.0
#define CHART_H 220.0

/* The family every text is set in: Debian's fonts-dejavu-core (scripts/setup installs
 * it), embedded in the PDF by cairo. */
#define FAMILY "DejaVu Sans"

enum font { F_BODY, F_BOLD, F_SMALL, F_TABLE, F_TABLE_BOLD, F_ITALIC, F_H1, F_H2, F_H3, F_H4, F_TITLE, F_SUB, NFONT };
static const char *const font_names[NFONT] = {
	FAMILY " 10.5", FAMILY " Bold 10.5", FAMILY " 8.5", FAMILY " 9", FAMILY " Bold 9", FAMILY " Oblique 10",
	FAMILY " Bold 17",  FAMILY " Bold 13.5", FAMILY " Bold 11.5", FAMILY " Bold 10.5", FAMILY " Bold 26",
	FAMILY " 13",
};

struct pdf {
	const struct report *r;
	cairo_t *cr;
	PangoLayout *lay;
	PangoLayout *foot; /* the footer's own, so a page break never changes lay's text */
	PangoFontDescription *fonts[NFONT];
	bool draw;     /* the second pass */
	int page;      /* the page being laid out, from 1 */
	int pages;     /* the second pass: how many there are */
	double y;      /* where the next block starts */
	int *at;       /* per block: the page a heading landed on (first pass) */
	int outline;   /* the PDF outline (bookmarks) entry of the last level-1 heading */
};

/* Sets the shared layout to text in font, wrapped at width (no wrapping when width <= 0);
 * returns its height. */
static double text_set(struct pdf *p, enum font f, const char *text, double width)
{
	pango_layout_set_font_description(p->lay, p->fonts[f]);
	pango_layout_set_width(p->lay, width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_text(p->lay, text, -1);
	int w, h;
	pango_layout_get_size(p->lay, &w, &h);
	return (double)h / PANGO_SCALE;
}

static double text_width(struct pdf *p)
{
	int w, h;
	pango_layout_get_size(p->lay, &w, &h);
	return (double)w / PANGO_SCALE;
}

static void text_show(struct pdf *p, double x, double y)
{
	if (!p->draw)
		return;
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, p->lay);
}

static void rgb(cairo_t *cr, unsigned hex)
{
	cairo_set_source_rgb(cr, ((hex >> 16) & 255) / 255.0, ((hex >> 8) & 255) / 255.0, (hex & 255) / 255.0);
}

/* The foot of the current page: the report's title and "Page N of M" (second pass). */
static void footer(struct pdf *p)
{
	if (!p->draw)
		return;
	rgb(p->cr, 0x505a5f);
	char s[64];
	snprintf(s, sizeof s, "Page %d of %d", p->page, p->pages);
	pango_layout_set_font_description(p->foot, p->fonts[F_SMALL]);
	pango_layout_set_width(p->foot, -1);
	pango_layout_set_text(p->foot, s, -1);
	int w, h;
	pango_layout_get_size(p->foot, &w, &h);
	cairo_move_to(p->cr, PAGE_W - MARGIN_X - (double)w / PANGO_SCALE, PAGE_H - 44);
	pango_cairo_show_layout(p->cr, p->foot);
	pango_layout_set_width(p->foot, (int)((TEXT_W - 90) * PANGO_SCALE));
	pango_layout_set_ellipsize(p->foot, PANGO_ELLIPSIZE_END);
	pango_layout_set_text(p->foot, p->r->title, -1);
	cairo_move_to(p->cr, MARGIN_X, PAGE_H - 44);
	pango_cairo_show_layout(p->cr, p->foot);
	pango_layout_set_ellipsize(p->foot, PANGO_ELLIPSIZE_NONE);
	rgb(p->cr, 0x1b1b1b);
}

/* Ends the current page (its footer, then the page) and starts the next at the top. */
static void page_new(struct pdf *p)
{
	footer(p);
	if (p->draw)
		cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN_TOP;
}

/* Starts a new page unless h more points fit on this one (or the page is empty). */
static void room(struct pdf *p, double h)
{
	if (p->y + h > BOTTOM && p->y > MARGIN_TOP)
		page_new(p);
}

/* Page 1: the title, what the report covers, the data date. */
static void cover(struct pdf *p)
{
	const struct report *r = p->r;
	p->y = 220;
	double h = text_set(p, F_TITLE, r->title, TEXT_W);
	text_show(p, MARGIN_X, p->y);
	p->y += h + 18;
	h = text_set(p, F_SUB, r->subtitle, TEXT_W);
	text_show(p, MARGIN_X, p->y);
	p->y += h + 30;
	h = text_set(p, F_BOLD, r->data_words, TEXT_W);
	text_show(p, MARGIN_X, p->y);
	p->y += h + 10;
	text_set(p, F_BODY, "Made by keep, the register of The Promise.", TEXT_W);
	text_show(p, MARGIN_X, p->y);
	page_new(p);
}

/* The contents: every heading of level 1 and 2 with its page (from the first pass),
 * each line a link to the heading; then a new page. */
static void toc(struct pdf *p)
{
	double h = text_set(p, F_H1, "Contents", TEXT_W);
	text_show(p, MARGIN_X, p->y);
	p->y += h + 12;
	for (size_t i = 0; i < p->r->n; i++) {
		const struct report_block *b = &p->r->b[i];
		if (b->kind != REPORT_HEADING || b->level > 2)
			continue;
		double indent = b->level == 1 ? 0 : 16;
		h = text_set(p, b->level == 1 ? F_BOLD : F_BODY, b->text, TEXT_W - indent - 44);
		room(p, h + 4);
		char attrs[200];
		snprintf(attrs, sizeof attrs, "dest='%s'", b->anchor);
		if (p->draw)
			cairo_tag_begin(p->cr, CAIRO_TAG_LINK, attrs);
		text_show(p, MARGIN_X + indent, p->y);
		char num[16];
		snprintf(num, sizeof num, "%d", p->draw ? p->at[i] : 0);
		text_set(p, b->level == 1 ? F_BOLD : F_BODY, num, 0);
		text_show(p, PAGE_W - MARGIN_X - text_width(p), p->y);
		if (p->draw)
			cairo_tag_end(p->cr, CAIRO_TAG_LINK);
		p->y += h + (b->level == 1 ? 6 : 3);
	}
	page_new(p);
}

/* Heading block i: a new page for level 1; the page it lands on noted (first pass);
 * a link destination named by its anchor. */
static void heading(struct pdf *p, size_t i)
{
	const struct report_block *b = &p->r->b[i];
	static const enum font fonts[] = {F_H1, F_H1, F_H2, F_H3, F_H4};
	static const double before[] = {0, 0, 18, 12, 8};
	int level = b->level < 1 ? 1 : b->level > 4 ? 4 : b->level;
	if (level == 1 && p->y > MARGIN_TOP)
		page_new(p);
	else if (p->y > MARGIN_TOP)
		p->y += before[level];
	/* A heading keeps with what follows it: a few lines, or a target's sentence and
	 * its chart (heading, paragraph, chart) whole. */
	double after = 60;
	const struct report_block *next = i + 1 < p->r->n ? &p->r->b[i + 1] : NULL;
	if (next && next->kind == REPORT_PARA && i + 2 < p->r->n && p->r->b[i + 2].kind == REPORT_CHART)
		after = text_set(p, F_BODY, next->text, TEXT_W) + 6 + CHART_H + 4;
	double h = text_set(p, fonts[level], b->text, TEXT_W);
	room(p, h + 6 + after);
	if (!p->draw)
		p->at[i] = p->page;
	char attrs[200];
	snprintf(attrs, sizeof attrs, "name='%s'", b->anchor);
	if (p->draw)
		cairo_tag_begin(p->cr, CAIRO_TAG_DEST, attrs);
	text_show(p, MARGIN_X, p->y);
	if (p->draw) {
		cairo_tag_end(p->cr, CAIRO_TAG_DEST);
		/* Levels 1 and 2 are also the PDF's bookmarks, as in the contents. */
		if (level <= 2) {
			snprintf(attrs, sizeof attrs, "dest='%s'", b->anchor);
			int id = cairo_pdf_surface_add_outline(cairo_get_target(p->cr),
			                                       level == 1 ? CAIRO_PDF_OUTLINE_ROOT : p->outline, b->text,
			                                       attrs, 0);
			if (level == 1)
				p->outline = id;
		}
	}
	p->y += h + 6;
}

static void paragraph(struct pdf *p, enum font f, const char *text, double indent)
{
	double h = text_set(p, f, text, TEXT_W - indent);
	room(p, h);
	text_show(p, MARGIN_X + indent, p->y);
	p->y += h + 6;
}

static void list(struct pdf *p, const struct report_block *b)
{
	for (size_t k = 0; k < b->n; k++) {
		double h = text_set(p, F_BODY, b->cells[k], TEXT_W - 14);
		room(p, h);
		text_show(p, MARGIN_X + 14, p->y);
		text_set(p, F_BODY, "\u2022", 0);
		text_show(p, MARGIN_X + 3, p->y);
		p->y += h + 3;
	}
	p->y += 4;
}

/* Column widths for table b: each column's natural width when it fits; otherwise
 * every column keeps up to an equal share and the rest goes to the wide columns in
 * proportion to how much more they need. */
static void table_widths(struct pdf *p, const struct report_block *b, double *w)
{
	size_t cols = b->cols, rows = b->n / cols;
	double *natural = xcalloc(cols, sizeof *natural), sum = 0;
	for (size_t c = 0; c < cols; c++) {
		for (size_t row = 0; row < rows; row++) {
			text_set(p, row == 0 ? F_TABLE_BOLD : F_TABLE, b->cells[row * cols + c], 0);
			double tw = text_width(p) + 2 * CELL_PAD + 1;
			if (tw > natural[c])
				natural[c] = tw;
		}
		sum += natural[c];
	}
	if (sum <= TEXT_W) {
		for (size_t c = 0; c < cols; c++)
			w[c] = natural[c] * TEXT_W / sum;
	} else {
		double share = TEXT_W / (double)cols, left = TEXT_W, excess = 0;
		for (size_t c = 0; c < cols; c++) {
			w[c] = natural[c] < share ? natural[c] : share;
			left -= w[c];
			excess += natural[c] - w[c];
		}
		for (size_t c = 0; c < cols; c++)
			if (excess > 0)
				w[c] += left * (natural[c] - w[c]) / excess;
	}
	free(natural);
}

static double row_height(struct pdf *p, const struct report_block *b, size_t row, const double *w)
{
	double h = 0;
	for (size_t c = 0; c < b->cols; c++) {
		double ch = text_set(p, row == 0 ? F_TABLE_BOLD : F_TABLE, b->cells[row * b->cols + c], w[c] - 2 * CELL_PAD);
		if (ch > h)
			h = ch;
	}
	return h + 2 * CELL_PAD;
}

/* Draws row of table b (row 0, the column names, shaded) h high at the current y;
 * the first column in bold, as it names the row. */
static void row_draw(struct pdf *p, const struct report_block *b, size_t row, const double *w, double h)
{
	double x = MARGIN_X;
	for (size_t c = 0; c < b->cols; c++) {
		if (p->draw) {
			cairo_rectangle(p->cr, x, p->y, w[c], h);
			if (row == 0) {
				rgb(p->cr, 0xeef2f3);
				cairo_fill_preserve(p->cr);
			}
			rgb(p->cr, 0xc4cfd2);
			cairo_set_line_width(p->cr, 0.6);
			cairo_stroke(p->cr);
			rgb(p->cr, 0x1b1b1b);
		}
		text_set(p, row == 0 || c == 0 ? F_TABLE_BOLD : F_TABLE, b->cells[row * b->cols + c], w[c] - 2 * CELL_PAD);
		text_show(p, x + CELL_PAD, p->y + CELL_PAD);
		x += w[c];
	}
	p->y += h;
}

/* A table breaks between rows; its caption and column names start each page it is on. */
static void table(struct pdf *p, const struct report_block *b)
{
	size_t rows = b->n / b->cols;
	double *w = xcalloc(b->cols, sizeof *w);
	table_widths(p, b, w);
	double head = row_height(p, b, 0, w);
	double cap = text_set(p, F_BOLD, b->text, TEXT_W);
	double first = rows > 1 ? row_height(p, b, 1, w) : 0;
	room(p, cap + 4 + head + first);
	text_set(p, F_BOLD, b->text, TEXT_W);
	text_show(p, MARGIN_X, p->y);
	p->y += cap + 4;
	row_draw(p, b, 0, w, head);
	for (size_t row = 1; row < rows; row++) {
		double h = row_height(p, b, row, w);
		if (p->y + h > BOTTOM) {
			page_new(p);
			struct buf t = {0};
			buf_printf(&t, "%s (continued)", b->text);
			double ch = text_set(p, F_BOLD, buf_str(&t), TEXT_W);
			text_show(p, MARGIN_X, p->y);
			buf_free(&t);
			p->y += ch + 4;
			row_draw(p, b, 0, w, head);
		}
		row_draw(p, b, row, w, h);
	}
	p->y += 10;
	free(w);
}

/* A chart block: laid out for the text width, kept whole on one page with its note. */
static void chart(struct pdf *p, const struct report_block *b)
{
	struct chart c;
	const struct target_pace *tp = &b->chart;
	chart_layout(&tp->t, tp->obs, tp->n, &tp->r, b->text, TEXT_W, CHART_H, &c);
	double note = c.note[0] ? text_set(p, F_ITALIC, c.note, TEXT_W) + 4 : 0;
	room(p, CHART_H + note);
	if (p->draw)
		chart_cairo(&c, p->cr, MARGIN_X, p->y);
	p->y += CHART_H + 4;
	if (note) {
		text_set(p, F_ITALIC, c.note, TEXT_W);
		text_show(p, MARGIN_X, p->y);
		p->y += note;
	}
	p->y += 6;
	chart_free(&c);
}

/* One pass over the whole report. */
static void pass(struct pdf *p)
{
	p->page = 1;
	p->y = MARGIN_TOP;
	cover(p);
	for (size_t i = 0; i < p->r->n; i++) {
		const struct report_block *b = &p->r->b[i];
		switch (b->kind) {
		case REPORT_TOC: toc(p); break;
		case REPORT_HEADING: heading(p, i); break;
		case REPORT_PARA: paragraph(p, F_BODY, b->text, 0); break;
		case REPORT_LIST: list(p, b); break;
		case REPORT_TABLE: table(p, b); break;
		case REPORT_CHART: chart(p, b); break;
		}
	}
	footer(p);
	if (p->draw)
		cairo_show_page(p->cr);
}

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	buf_put(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t write_nothing(void *closure, const unsigned char *data, unsigned int len)
{
	(void)closure;
	(void)data;
	(void)len;
	return CAIRO_STATUS_SUCCESS;
}

/* A cairo context on a new A4 PDF surface writing to fn; pango set to 72 dpi so that
 * a font's size is in the page's points. */
static int pdf_open(struct pdf *p, cairo_write_func_t fn, void *closure, struct kerr *e)
{
	cairo_surface_t *sf = cairo_pdf_surface_create_for_stream(fn, closure, PAGE_W, PAGE_H);
	if (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS) {
		kerr_set(e, KERR_FAIL, "making the PDF: %s", cairo_status_to_string(cairo_surface_status(sf)));
		cairo_surface_destroy(sf);
		return -1;
	}
	cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE, p->r->title);
	cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR, "keep " KEEP_VERSION);
	p->outline = CAIRO_PDF_OUTLINE_ROOT;
	p->cr = cairo_create(sf);
	cairo_surface_destroy(sf);
	p->lay = pango_cairo_create_layout(p->cr);
	pango_cairo_context_set_resolution(pango_layout_get_context(p->lay), 72);
	pango_layout_context_changed(p->lay);
	p->foot = pango_layout_new(pango_layout_get_context(p->lay));
	rgb(p->cr, 0x1b1b1b);
	return 0;
}

/* Finishes the PDF (its bytes written through the stream) and frees the context; -1
 * with e when cairo failed at any point. */
static int pdf_close(struct pdf *p, struct kerr *e)
{
	g_object_unref(p->foot);
	g_object_unref(p->lay);
	cairo_surface_t *sf = cairo_get_target(p->cr);
	cairo_surface_finish(sf);
	cairo_status_t st = cairo_surface_status(sf);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_status(p->cr);
	cairo_destroy(p->cr);
	if (st != CAIRO_STATUS_SUCCESS)
		return kerr_set(e, KERR_FAIL, "making the PDF: %s", cairo_status_to_string(st));
	return 0;
}

int report_pdf(const struct report *r, struct buf *out, struct kerr *e)
{
	struct pdf p = {.r = r};
	for (int f = 0; f < NFONT; f++)
		p.fonts[f] = pango_font_description_from_string(font_names[f]);
	p.at = xcalloc(r->n + 1, sizeof *p.at);
	int rc = pdf_open(&p, write_nothing, NULL, e);
	if (rc == 0) {
		pass(&p);
		rc = pdf_close(&p, e);
	}
	if (rc == 0) {
		int pages = p.page;
		p.draw = true;
		p.pages = pages;
		rc = pdf_open(&p, write_buf, out, e);
		if (rc == 0) {
			pass(&p);
			rc = pdf_close(&p, e);
		}
	}
	for (int f = 0; f < NFONT; f++)
		pango_font_description_free(p.fonts[f]);
	free(p.at);
	return rc;
}

/* LeakSanitizer's built-in suppressions (read by the sanitizer builds only): pango's
 * font map lives as long as the process, and with it fontconfig's caches, which
 * fontconfig never frees before exit. Nothing of keep's own is hidden by this. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

/* ... and says nothing of them (a list of suppressions on stderr would be noise). */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}

/* ---- the chart, drawn with cairo ---- */

/* Draws s with its left edge at x (or its right edge, or centre, by align -1/1/0... see
 * callers) and the text's baseline near y, as SVG's text does. */
static void chart_text(cairo_t *cr, PangoLayout *lay, const char *s, double x, double y, int anchor)
{
	pango_layout_set_text(lay, s, -1);
	int w, h;
	pango_layout_get_size(lay, &w, &h);
	double tw = (double)w / PANGO_SCALE;
	double base = (double)pango_layout_get_baseline(lay) / PANGO_SCALE;
	double left = anchor < 0 ? x : anchor > 0 ? x - tw : x - tw / 2;
	cairo_move_to(cr, left, y - base);
	pango_cairo_show_layout(cr, lay);
}

static void line(cairo_t *cr, struct chart_pt a, struct chart_pt b)
{
	cairo_move_to(cr, a.x, a.y);
	cairo_line_to(cr, b.x, b.y);
	cairo_stroke(cr);
}

void chart_cairo(const struct chart *c, cairo_t *cr, double x, double y)
{
	cairo_save(cr);
	cairo_translate(cr, x, y);
	PangoLayout *lay = pango_cairo_create_layout(cr);
	pango_cairo_context_set_resolution(pango_layout_get_context(lay), 72);
	PangoFontDescription *fd = pango_font_description_from_string(FAMILY " 8");
	pango_layout_set_font_description(lay, fd);
	pango_font_description_free(fd);

	/* The value grid and the labels. */
	rgb(cr, 0xc4cfd2);
	cairo_set_line_width(cr, 0.75);
	for (int i = 0; i < c->ny; i++)
		line(cr, (struct chart_pt){c->lo.x, c->yticks[i].at}, (struct chart_pt){c->hi.x, c->yticks[i].at});
	rgb(cr, 0x1b1b1b);
	for (int i = 0; i < c->ny; i++)
		chart_text(cr, lay, c->yticks[i].label, c->lo.x - 6, c->yticks[i].at + 3, 1);
	for (int i = 0; i < c->nx; i++)
		chart_text(cr, lay, c->xticks[i].label, c->xticks[i].at, c->hi.y + 14, 0);

	/* Target level (solid), the straight line to it (long dashes), the trend (dots). */
	static const double long_dash[] = {8, 4}, dots[] = {2, 3};
	cairo_set_line_width(cr, 1.5);
	rgb(cr, 0x00475a);
	line(cr, (struct chart_pt){c->lo.x, c->target_y}, (struct chart_pt){c->hi.x, c->target_y});
	rgb(cr, 0x505a5f);
	cairo_set_dash(cr, long_dash, 2, 0);
	line(cr, c->baseline, c->path_to);
	if (c->has_trend) {
		rgb(cr, 0xb3261e);
		cairo_set_line_width(cr, 2);
		cairo_set_dash(cr, dots, 2, 0);
		line(cr, c->trend_from, c->trend_to);
	}
	cairo_set_dash(cr, NULL, 0, 0);
	/* The baseline (a square) and the figures (circles). */
	rgb(cr, 0x1b1b1b);
	cairo_rectangle(cr, c->baseline.x - 4, c->baseline.y - 4, 8, 8);
	cairo_fill(cr);
	cairo_set_line_width(cr, 1);
	for (size_t i = 0; i < c->nobs; i++) {
		cairo_new_sub_path(cr);
		cairo_arc(cr, c->obs[i].x, c->obs[i].y, 4, 0, 2 * G_PI);
		rgb(cr, 0x0b5394);
		cairo_fill_preserve(cr);
		rgb(cr, 0xffffff);
		cairo_stroke(cr);
	}

	/* The legend: each mark drawn as on the chart, then named. */
	double ly = c->legend_y, lx = c->lo.x - 40;
	rgb(cr, 0x1b1b1b);
	cairo_rectangle(cr, lx, ly - 8, 8, 8);
	cairo_fill(cr);
	chart_text(cr, lay, "Baseline", lx + 12, ly, -1);
	lx += 70;
	rgb(cr, 0x0b5394);
	cairo_new_sub_path(cr);
	cairo_arc(cr, lx + 4, ly - 4, 4, 0, 2 * G_PI);
	cairo_fill(cr);
	rgb(cr, 0x1b1b1b);
	chart_text(cr, lay, "Figures", lx + 12, ly, -1);
	lx += 64;
	cairo_set_line_width(cr, 1.5);
	rgb(cr, 0x00475a);
	line(cr, (struct chart_pt){lx, ly - 4}, (struct chart_pt){lx + 18, ly - 4});
	rgb(cr, 0x1b1b1b);
	chart_text(cr, lay, "Target", lx + 22, ly, -1);
	lx += 64;
	rgb(cr, 0x505a5f);
	cairo_set_dash(cr, long_dash, 2, 0);
	line(cr, (struct chart_pt){lx, ly - 4}, (struct chart_pt){lx + 18, ly - 4});
	cairo_set_dash(cr, NULL, 0, 0);
	rgb(cr, 0x1b1b1b);
	chart_text(cr, lay, "Straight line", lx + 22, ly, -1);
	lx += 98;
	if (c->has_trend) {
		rgb(cr, 0xb3261e);
		cairo_set_line_width(cr, 2);
		cairo_set_dash(cr, dots, 2, 0);
		line(cr, (struct chart_pt){lx, ly - 4}, (struct chart_pt){lx + 18, ly - 4});
		cairo_set_dash(cr, NULL, 0, 0);
		rgb(cr, 0x1b1b1b);
		chart_text(cr, lay, "Trend", lx + 22, ly, -1);
	}
	g_object_unref(lay);
	cairo_restore(cr);
}
