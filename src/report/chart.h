/* The pace and performance chart of one target (issue 4): laid out once, drawn as SVG
 * for pages and HTML reports (chart_svg) and with cairo for PDF reports (chart_cairo in
 * pdf.c), so both show the same thing. Coordinates are in the chart's own units (CSS
 * pixels or PDF points), x to the right and y downwards from the top left corner. */
#ifndef KEEP_REPORT_CHART_H
#define KEEP_REPORT_CHART_H
#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>

#include "base/buf.h"
#include "plan/pace.h"

struct chart_pt {
	double x, y;
};

struct chart_tick {
	double at; /* x for an x tick, y for a y tick */
	char label[32];
};

struct chart {
	double w, h;              /* the whole drawing */
	struct chart_pt lo, hi;   /* the plot area: lo is its top left, hi its bottom right */
	struct chart_pt baseline; /* the baseline's point (drawn as a square) */
	struct chart_pt
	    path_to;          /* the straight line runs from baseline to here (the target on its due date) */
	double target_y;      /* the target's level, drawn across the plot area */
	struct chart_pt *obs; /* the observations (drawn as circles), nobs of them */
	size_t nobs;
	bool has_trend; /* the least-squares trend, from trend_from to trend_to */
	struct chart_pt trend_from, trend_to;
	struct chart_tick xticks[12], yticks[8];
	int nx, ny;
	double legend_y; /* the baseline of the legend's row of text, under the plot */
	char title[240]; /* what the chart is of, for <title> and the PDF */
	char desc[600];  /* everything it shows, in words, for those who cannot see it */
	char note[160];  /* "No observations yet..." / "One observation so far..." or "" */
};

/* Lays out the chart of target t, its n observations obs (suppressed ones left out by
 * the caller) and r (pace_assess of them) in a w x h drawing, title being what it is
 * of ("Children in care: Scotland"). c->obs is allocated: free with chart_free. */
void chart_layout(const struct pace_target *t, const struct pace_obs *obs, size_t n,
                  const struct pace_result *r, const char *title, double w, double h, struct chart *c);
void chart_free(struct chart *c);

/* Appends c as an <svg> element with role img, a title and a description, and a legend
 * that tells the lines apart by their dashes and the points by their shapes, not by
 * colour alone. id makes the element ids unique on a page. */
void chart_svg(const struct chart *c, const char *id, struct buf *out);

/* Draws c with cairo, its top left corner at (x, y) in cr's user space (PDF points
 * in the reports), with the same marks as chart_svg: the value grid and labels, the
 * target's level (solid), the straight line (long dashes), the trend (dots), the
 * baseline (a square), the figures (circles) and the legend; text with pango. cr's
 * state is left as it was. (pdf.c) */
void chart_cairo(const struct chart *c, cairo_t *cr, double x, double y);

#endif
