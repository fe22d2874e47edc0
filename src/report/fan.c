#include "report/fan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"

/* Margins around the plot: the value labels and the axis's name on the left, the years
 * under the plot and the legend under those (LEGEND_ROW a row, LEGEND_COLS entries a row). */
enum { LEFT = 70, RIGHT = 16, TOP = 12, XLABELS = 30, LEGEND_ROW = 18, LEGEND_COLS = 3 };

/* The median lines' patterns, one a series, and the bands' fills (which only help: the
 * patterns and the legend tell the series apart). */
static const char *const dashes[FAN_MAX_SERIES] = {"", "8 4", "2 3", "10 3 2 3", "4 4", "12 6", "1 2", "6 2 2 2"};
static const char *const colours[FAN_MAX_SERIES] = {"#00475a", "#b3261e", "#0b5394", "#5c4a00",
                                                     "#3d6b2f", "#6a3d9a", "#505a5f", "#8a4b08"};

/* A step of 1, 2, 2.5 or 5 times a power of ten giving at most want steps over span. */
static double nice_step(double span, int want)
{
	double raw = span / want, p = pow(10, floor(log10(raw)));
	static const double m[] = {1, 2, 2.5, 5, 10};
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
		if (raw <= m[i] * p)
			return m[i] * p;
	return 10 * p;
}

/* v with a comma every three digits, rounded to a whole number. */
static void commas(double v, char out[32])
{
	char digits[32];
	snprintf(digits, sizeof digits, "%.0f", fabs(v) < 0.5 ? 0.0 : fabs(v));
	size_t n = strlen(digits), k = 0;
	if (v <= -0.5)
		out[k++] = '-';
	for (size_t i = 0; i < n && k < 30; i++) {
		if (i && (n - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	out[k] = '\0';
}

/* sign, then £v with at most one decimal (left out when it is 0), then suffix. */
static void short_number(double v, const char *sign, const char *suffix, char out[32])
{
	double r = round(v * 10) / 10;
	if (r == floor(r))
		snprintf(out, 32, "%s£%.0f%s", sign, r, suffix);
	else
		snprintf(out, 32, "%s£%.1f%s", sign, r, suffix);
}

void fan_number(double v, enum fan_unit u, char out[32])
{
	if (u == FAN_COUNT) {
		commas(v, out);
		return;
	}
	double a = fabs(v);
	const char *sign = v < 0 && a >= 0.05 ? "-" : "";
	if (a >= 1e9)
		short_number(a / 1e9, sign, "bn", out);
	else if (a >= 1e6)
		short_number(a / 1e6, sign, "m", out);
	else if (a >= 1e3)
		short_number(a / 1e3, sign, "k", out);
	else
		short_number(a, sign, "", out);
}

static void month_words(int32_t day, char *out, size_t n)
{
	static const char *const months[] = {"January", "February", "March",     "April",   "May",      "June",
	                                     "July",    "August",   "September", "October", "November", "December"};
	struct kdate d = date_from_days(day);
	snprintf(out, n, "%s %d", months[d.m - 1], d.y);
}

void fan_layout(const char *title, const char *ylabel, enum fan_unit u, const struct fan_input *in,
                size_t ns, size_t n, const int32_t *month_start, double w, double h, struct fan *f)
{
	memset(f, 0, sizeof *f);
	if (ns > FAN_MAX_SERIES)
		ns = FAN_MAX_SERIES;
	f->w = w;
	f->h = h;
	f->n = n;
	f->nseries = ns;
	int rows = (int)((ns + LEGEND_COLS - 1) / LEGEND_COLS) + 1; /* the last row says what the band is */
	f->lo = (struct chart_pt){LEFT, TOP};
	f->hi = (struct chart_pt){w - RIGHT, h - XLABELS - rows * LEGEND_ROW};
	f->legend_y = f->hi.y + XLABELS + 12;
	snprintf(f->title, sizeof f->title, "%s", title);
	snprintf(f->ylabel, sizeof f->ylabel, "%s", ylabel);

	double top = 0;
	for (size_t k = 0; k < ns; k++)
		for (size_t i = 0; i < n; i++)
			top = fmax(top, in[k].v[i * in[k].stride].p95);
	if (top <= 0)
		top = 1;
	double step = nice_step(top, 5);
	if (u == FAN_COUNT && step < 1)
		step = 1;
	top = ceil(top / step) * step;

	double dx = n > 1 ? (f->hi.x - f->lo.x) / (double)(n - 1) : 0;
	double x0 = n > 1 ? f->lo.x : (f->lo.x + f->hi.x) / 2;
	double yscale = (f->hi.y - f->lo.y) / top;
#define Y(v) (f->hi.y - (v) * yscale)
	for (size_t k = 0; k < ns; k++) {
		struct fan_series *s = &f->s[k];
		snprintf(s->label, sizeof s->label, "%s", in[k].label);
		s->dash = dashes[k];
		s->mid = xmalloc((n ? n : 1) * sizeof *s->mid);
		s->upper = xmalloc((n ? n : 1) * sizeof *s->upper);
		s->lower = xmalloc((n ? n : 1) * sizeof *s->lower);
		for (size_t i = 0; i < n; i++) {
			const struct fan_value *v = &in[k].v[i * in[k].stride];
			double x = x0 + (double)i * dx;
			s->mid[i] = (struct chart_pt){x, Y(v->p50)};
			s->upper[i] = (struct chart_pt){x, Y(v->p95)};
			s->lower[i] = (struct chart_pt){x, Y(v->p5)};
		}
	}
	for (double v = 0; v <= top + step / 2 && f->ny < 8; v += step) {
		f->yticks[f->ny].at = Y(v);
		fan_number(v, u, f->yticks[f->ny++].label);
	}
#undef Y
	/* A tick at each April (the financial years' first month), every second or more when
	 * there are many. */
	int aprils = 0;
	for (size_t i = 0; i < n; i++)
		aprils += date_from_days(month_start[i]).m == 4;
	int every = aprils <= 8 ? 1 : (aprils + 7) / 8, seen = 0;
	for (size_t i = 0; i < n && f->nx < 12; i++) {
		struct kdate d = date_from_days(month_start[i]);
		if (d.m != 4 || seen++ % every)
			continue;
		f->xticks[f->nx].at = x0 + (double)i * dx;
		snprintf(f->xticks[f->nx++].label, sizeof f->xticks[0].label, "April %d", d.y);
	}

	/* The words: the months covered and each series' first and last figures. */
	size_t k0 = 0;
	if (n) {
		char first[32], last[32];
		month_words(month_start[0], first, sizeof first);
		month_words(month_start[n - 1], last, sizeof last);
		k0 = (size_t)snprintf(f->desc, sizeof f->desc,
		                      "%s, by month from %s to %s: the middle line is the central estimate, "
		                      "and the shaded band runs from the 5th to the 95th percentile (9 in 10 "
		                      "of the simulated futures fall inside it).",
		                      title, first, last);
	} else
		k0 = (size_t)snprintf(f->desc, sizeof f->desc, "%s: nothing to show.", title);
	for (size_t k = 0; k < ns && n && k0 < sizeof f->desc; k++) {
		const struct fan_value *a = &in[k].v[0], *b = &in[k].v[(n - 1) * in[k].stride];
		char a50[32], b50[32], b5[32], b95[32];
		fan_number(a->p50, u, a50);
		fan_number(b->p50, u, b50);
		fan_number(b->p5, u, b5);
		fan_number(b->p95, u, b95);
		k0 += (size_t)snprintf(f->desc + k0, sizeof f->desc - k0, " %s: %s at the start, %s at the end (%s to %s).",
		                       in[k].label, a50, b50, b5, b95);
	}
}

void fan_free(struct fan *f)
{
	for (size_t k = 0; k < f->nseries; k++) {
		free(f->s[k].mid);
		free(f->s[k].upper);
		free(f->s[k].lower);
		f->s[k].mid = f->s[k].upper = f->s[k].lower = NULL;
	}
	f->nseries = 0;
}

static void text(struct buf *out, const char *s)
{
	html_escape(out, s, strlen(s));
}

void fan_svg(const struct fan *f, const char *id, struct buf *out)
{
	buf_printf(out,
	           "<svg class=\"chart fan\" role=\"img\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
	           "aria-labelledby=\"%s-t %s-d\" xmlns=\"http://www.w3.org/2000/svg\">",
	           f->w, f->h, f->w, f->h, id, id);
	buf_printf(out, "<title id=\"%s-t\">", id);
	text(out, f->title);
	buf_printf(out, "</title><desc id=\"%s-d\">", id);
	text(out, f->desc);
	buf_puts(out, "</desc>");
	buf_puts(out, "<g class=\"chart-axes\" stroke=\"#c4cfd2\" stroke-width=\"1\">");
	for (int i = 0; i < f->ny; i++)
		buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", f->lo.x, f->yticks[i].at,
		           f->hi.x, f->yticks[i].at);
	buf_puts(out, "</g><g class=\"chart-labels\" font-size=\"11\" fill=\"#1b1b1b\">");
	for (int i = 0; i < f->ny; i++) {
		buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", f->lo.x - 6, f->yticks[i].at + 4);
		text(out, f->yticks[i].label);
		buf_puts(out, "</text>");
	}
	for (int i = 0; i < f->nx; i++) {
		buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", f->xticks[i].at, f->hi.y + 16);
		text(out, f->xticks[i].label);
		buf_puts(out, "</text>");
	}
	buf_printf(out, "<text x=\"12\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 12 %.1f)\">",
	           (f->lo.y + f->hi.y) / 2, (f->lo.y + f->hi.y) / 2);
	text(out, f->ylabel);
	buf_puts(out, "</text></g>");
	/* The bands first (the 95th percentile left to right, the 5th back), then the medians
	 * over them. */
	for (size_t k = 0; k < f->nseries; k++) {
		const struct fan_series *s = &f->s[k];
		if (!f->n)
			break;
		buf_printf(out, "<polygon class=\"fan-band\" fill=\"%s\" fill-opacity=\"0.15\" stroke=\"none\" points=\"",
		           colours[k]);
		for (size_t i = 0; i < f->n; i++)
			buf_printf(out, "%s%.1f,%.1f", i ? " " : "", s->upper[i].x, s->upper[i].y);
		for (size_t i = f->n; i-- > 0;)
			buf_printf(out, " %.1f,%.1f", s->lower[i].x, s->lower[i].y);
		buf_puts(out, "\"/>");
	}
	for (size_t k = 0; k < f->nseries; k++) {
		const struct fan_series *s = &f->s[k];
		if (!f->n)
			break;
		buf_printf(out, "<polyline class=\"fan-median\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"", colours[k]);
		if (*s->dash)
			buf_printf(out, " stroke-dasharray=\"%s\"", s->dash);
		buf_puts(out, " points=\"");
		for (size_t i = 0; i < f->n; i++)
			buf_printf(out, "%s%.1f,%.1f", i ? " " : "", s->mid[i].x, s->mid[i].y);
		buf_puts(out, "\"/>");
	}
	/* The legend: each series' band and line as drawn, then its name; a last row says
	 * what the band is. */
	buf_puts(out, "<g class=\"chart-legend\" font-size=\"11\" fill=\"#1b1b1b\">");
	double colw = (f->w - 16) / LEGEND_COLS;
	for (size_t k = 0; k < f->nseries; k++) {
		double x = 8 + (double)(k % LEGEND_COLS) * colw, y = f->legend_y + (double)(k / LEGEND_COLS) * LEGEND_ROW;
		buf_printf(out,
		           "<rect x=\"%.1f\" y=\"%.1f\" width=\"28\" height=\"10\" fill=\"%s\" fill-opacity=\"0.15\"/>"
		           "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"",
		           x, y - 9, colours[k], x, y - 4, x + 28, y - 4, colours[k]);
		if (*f->s[k].dash)
			buf_printf(out, " stroke-dasharray=\"%s\"", f->s[k].dash);
		buf_printf(out, "/><text x=\"%.1f\" y=\"%.1f\">", x + 34, y);
		text(out, f->s[k].label);
		buf_puts(out, "</text>");
	}
	double y = f->legend_y + (double)((f->nseries + LEGEND_COLS - 1) / LEGEND_COLS) * LEGEND_ROW;
	buf_printf(out,
	           "<text x=\"8\" y=\"%.1f\">Lines: the central estimate. Shaded: from the 5th to the 95th "
	           "percentile.</text></g></svg>",
	           y);
}
