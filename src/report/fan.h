/* Fan charts (The Money's projection): one or several series over months, each with its band from the
 * 5th to the 95th percentile (a shaded area) and its median (a line). Laid out once
 * (fan_layout) and drawn as SVG (fan_svg), like chart.h's pace chart. Series are told
 * apart by their line patterns and by name in the legend, never by colour alone; the
 * chart carries a title and a description in words, and the page shows a table beside
 * it. Coordinates are in the chart's own units (CSS pixels), x to the right and y
 * downwards from the top left corner. */
#ifndef KEEP_REPORT_FAN_H
#define KEEP_REPORT_FAN_H
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "report/chart.h"

#define FAN_MAX_SERIES 8

/* One month's figure: the 5th, 50th and 95th percentiles. */
struct fan_value {
	double p5, p50, p95;
};

/* What a series is: its name and its values, one a month. */
struct fan_input {
	const char *label;
	const struct fan_value *v; /* n of them (fan_layout's n) */
	size_t stride;             /* elements between one month's value and the next (1: adjacent) */
};

/* How the values read: a number of children, or pounds. */
enum fan_unit { FAN_COUNT, FAN_POUNDS };

struct fan_series {
	char label[80];
	const char *dash;          /* the median line's stroke-dasharray ("" for solid) */
	struct chart_pt *mid;      /* [n] the median */
	struct chart_pt *upper;    /* [n] the 95th percentile */
	struct chart_pt *lower;    /* [n] the 5th percentile */
};

struct fan {
	double w, h;
	struct chart_pt lo, hi; /* the plot area: lo its top left, hi its bottom right */
	size_t n;               /* months */
	size_t nseries;
	struct fan_series s[FAN_MAX_SERIES];
	struct chart_tick xticks[12], yticks[8];
	int nx, ny;
	double legend_y;        /* the baseline of the legend's first row of text */
	char title[240];        /* what the chart is of */
	char ylabel[80];        /* what the values are ("Children", "Pounds a year") */
	char desc[2000];        /* everything it shows, in words */
};

/* The words of value v in unit u: "1,234" children; "£1.2m", "£850k", "£900" pounds. */
void fan_number(double v, enum fan_unit u, char out[32]);

/* Lays out ns series (at most FAN_MAX_SERIES; more are left out) of n months each, month
 * i starting on day month_start[i] (base/date.h's day numbers), in a w x h drawing. The
 * values' scale runs from 0 to a round number at or above every 95th percentile. x of
 * month i is lo.x + i (hi.x - lo.x) / (n - 1) (the middle when n is 1). Allocates:
 * free with fan_free. */
void fan_layout(const char *title, const char *ylabel, enum fan_unit u, const struct fan_input *in,
                size_t ns, size_t n, const int32_t *month_start, double w, double h, struct fan *f);
void fan_free(struct fan *f);

/* Appends f as an <svg> with role img, a title and a description; id makes the element
 * ids unique on a page. */
void fan_svg(const struct fan *f, const char *id, struct buf *out);

#endif
