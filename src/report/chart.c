#include "report/chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"

/* Margins around the plot: room for the value labels on the left, the year labels
 * under it and the legend under those. */
enum { LEFT = 52, RIGHT = 14, TOP = 12, BOTTOM = 52 };

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

struct scale {
	double d0, d1, p0, p1; /* data d0..d1 onto drawing p0..p1 */
};

static double map(const struct scale *s, double v)
{
	return s->p0 + (v - s->d0) * (s->p1 - s->p0) / (s->d1 - s->d0);
}

static void words_date(struct kdate d, char *out, size_t n)
{
	struct buf b = {0};
	date_words(d, &b);
	snprintf(out, n, "%s", buf_str(&b));
	buf_free(&b);
}

void chart_layout(const struct pace_target *t, const struct pace_obs *obs, size_t n,
                  const struct pace_result *r, const char *title, double w, double h, struct chart *c)
{
	memset(c, 0, sizeof *c);
	c->w = w;
	c->h = h;
	c->lo = (struct chart_pt){LEFT, TOP};
	c->hi = (struct chart_pt){w - RIGHT, h - BOTTOM};
	c->legend_y = h - 8;
	snprintf(c->title, sizeof c->title, "%s", title);

	long base = date_days(t->baseline_at), end = date_days(t->due);
	for (size_t i = 0; i < n; i++)
		if (date_days(obs[i].at) > end)
			end = date_days(obs[i].at);
	double lo = fmin(t->baseline, t->target), hi = fmax(t->baseline, t->target);
	for (size_t i = 0; i < n; i++)
		if (date_days(obs[i].at) > base) {
			lo = fmin(lo, obs[i].value);
			hi = fmax(hi, obs[i].value);
		}
	c->has_trend = r->used > 0;
	double trend_end = r->intercept + r->slope * (double)(end - base);
	if (c->has_trend) {
		lo = fmin(lo, fmin(r->intercept, trend_end));
		hi = fmax(hi, fmax(r->intercept, trend_end));
	}
	double pad = hi > lo ? (hi - lo) * 0.08 : fmax(fabs(hi) * 0.1, 1);
	lo -= pad;
	hi += pad;
	double step = nice_step(hi - lo, 5);
	lo = floor(lo / step) * step;
	hi = ceil(hi / step) * step;

	struct scale xs = {(double)base, (double)(end > base ? end : base + 1), c->lo.x, c->hi.x};
	struct scale ys = {lo, hi, c->hi.y, c->lo.y};
	c->baseline = (struct chart_pt){map(&xs, (double)base), map(&ys, t->baseline)};
	c->path_to = (struct chart_pt){map(&xs, (double)date_days(t->due)), map(&ys, t->target)};
	c->target_y = map(&ys, t->target);
	c->obs = xmalloc((n ? n : 1) * sizeof *c->obs);
	for (size_t i = 0; i < n; i++)
		if (date_days(obs[i].at) > base)
			c->obs[c->nobs++] =
			    (struct chart_pt){map(&xs, (double)date_days(obs[i].at)), map(&ys, obs[i].value)};
	if (c->has_trend) {
		c->trend_from = (struct chart_pt){map(&xs, (double)base), map(&ys, r->intercept)};
		c->trend_to = (struct chart_pt){map(&xs, (double)end), map(&ys, trend_end)};
	}

	for (double v = lo; v <= hi + step / 2 && c->ny < 8; v += step) {
		c->yticks[c->ny].at = map(&ys, v);
		pace_number(v, c->yticks[c->ny++].label);
	}
	struct kdate b = t->baseline_at, e = date_from_days(end);
	int years = e.y - b.y + 1, every = years <= 6 ? 1 : years <= 12 ? 2 : (years + 5) / 6;
	for (int y = b.y + (b.m > 1 || b.d > 1); y <= e.y && c->nx < 12; y++) {
		if ((y - b.y) % every)
			continue;
		c->xticks[c->nx].at = map(&xs, (double)date_days((struct kdate){y, 1, 1}));
		snprintf(c->xticks[c->nx++].label, sizeof c->xticks[0].label, "%d", y);
	}

	char bnum[32], tnum[32], when_b[32], when_t[32];
	pace_number(t->baseline, bnum);
	pace_number(t->target, tnum);
	words_date(t->baseline_at, when_b, sizeof when_b);
	words_date(t->due, when_t, sizeof when_t);
	int k = snprintf(c->desc, sizeof c->desc, "Baseline %s on %s; target %s by %s; ", bnum, when_b, tnum,
	                 when_t);
	if (r->used == 0) {
		snprintf(c->desc + k, sizeof c->desc - (size_t)k, "no observations yet.");
		snprintf(c->note, sizeof c->note,
		         "No observations yet: the chart shows only the baseline and the target.");
	} else {
		char lnum[32], when_l[32];
		pace_number(r->latest, lnum);
		words_date(r->latest_at, when_l, sizeof when_l);
		snprintf(c->desc + k, sizeof c->desc - (size_t)k,
		         "%zu observation%s, the latest %s on %s; %s.", r->used, r->used == 1 ? "" : "s",
		         lnum, when_l, pace_status_words(r->status));
		if (r->used == 1)
			snprintf(
			    c->note, sizeof c->note,
			    "One observation so far: the trend is the line from the baseline through it.");
	}
}

void chart_free(struct chart *c)
{
	free(c->obs);
	c->obs = NULL;
}

static void text(struct buf *out, const char *s)
{
	html_escape(out, s, strlen(s));
}

void chart_svg(const struct chart *c, const char *id, struct buf *out)
{
	buf_printf(
	    out,
	    "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
	    "aria-labelledby=\"%s-t %s-d\" xmlns=\"http://www.w3.org/2000/svg\">",
	    c->w, c->h, c->w, c->h, id, id);
	buf_printf(out, "<title id=\"%s-t\">", id);
	text(out, c->title);
	buf_printf(out, "</title><desc id=\"%s-d\">", id);
	text(out, c->desc);
	buf_puts(out, "</desc>");
	/* The axes and the value grid. */
	buf_printf(out, "<g class=\"chart-axes\" stroke=\"#c4cfd2\" stroke-width=\"1\">");
	for (int i = 0; i < c->ny; i++)
		buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", c->lo.x,
		           c->yticks[i].at, c->hi.x, c->yticks[i].at);
	buf_puts(out, "</g><g class=\"chart-labels\" font-size=\"11\" fill=\"#1b1b1b\">");
	for (int i = 0; i < c->ny; i++) {
		buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", c->lo.x - 6,
		           c->yticks[i].at + 4);
		text(out, c->yticks[i].label);
		buf_puts(out, "</text>");
	}
	for (int i = 0; i < c->nx; i++) {
		buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", c->xticks[i].at,
		           c->hi.y + 16);
		text(out, c->xticks[i].label);
		buf_puts(out, "</text>");
	}
	buf_puts(out, "</g>");
	/* Target level (solid), the straight line to it (long dashes), the trend (dots). */
	buf_printf(
	    out,
	    "<line class=\"chart-target\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#00475a\" "
	    "stroke-width=\"1.5\"/>",
	    c->lo.x, c->target_y, c->hi.x, c->target_y);
	buf_printf(
	    out,
	    "<line class=\"chart-path\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#505a5f\" "
	    "stroke-width=\"1.5\" stroke-dasharray=\"8 4\"/>",
	    c->baseline.x, c->baseline.y, c->path_to.x, c->path_to.y);
	if (c->has_trend)
		buf_printf(out,
		           "<line class=\"chart-trend\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		           "stroke=\"#b3261e\" "
		           "stroke-width=\"2\" stroke-dasharray=\"2 3\"/>",
		           c->trend_from.x, c->trend_from.y, c->trend_to.x, c->trend_to.y);
	buf_printf(out,
	           "<rect class=\"chart-baseline\" x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" "
	           "fill=\"#1b1b1b\"/>",
	           c->baseline.x - 4, c->baseline.y - 4);
	for (size_t i = 0; i < c->nobs; i++)
		buf_printf(out,
		           "<circle class=\"chart-obs\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#0b5394\" "
		           "stroke=\"#ffffff\"/>",
		           c->obs[i].x, c->obs[i].y);
	/* The legend: each mark drawn as on the chart, then named. */
	double y = c->legend_y, x = c->lo.x - 40;
	buf_printf(out, "<g class=\"chart-legend\" font-size=\"11\" fill=\"#1b1b1b\">");
	buf_printf(out,
	           "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\"/><text x=\"%.1f\" "
	           "y=\"%.1f\">Baseline</text>",
	           x, y - 8, x + 12, y);
	x += 70;
	buf_printf(out,
	           "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#0b5394\"/><text x=\"%.1f\" "
	           "y=\"%.1f\">Figures</text>",
	           x + 4, y - 4, x + 12, y);
	x += 64;
	buf_printf(
	    out,
	    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#00475a\" stroke-width=\"1.5\"/>"
	    "<text x=\"%.1f\" y=\"%.1f\">Target</text>",
	    x, y - 4, x + 18, y - 4, x + 22, y);
	x += 64;
	buf_printf(
	    out,
	    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#505a5f\" stroke-width=\"1.5\" "
	    "stroke-dasharray=\"8 4\"/><text x=\"%.1f\" y=\"%.1f\">Straight line</text>",
	    x, y - 4, x + 18, y - 4, x + 22, y);
	x += 98;
	if (c->has_trend)
		buf_printf(out,
		           "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#b3261e\" "
		           "stroke-width=\"2\" "
		           "stroke-dasharray=\"2 3\"/><text x=\"%.1f\" y=\"%.1f\">Trend</text>",
		           x, y - 4, x + 18, y - 4, x + 22, y);
	buf_puts(out, "</g></svg>");
}
