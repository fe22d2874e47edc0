#include "plan/pace.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"

/* Figures are compared with a tolerance of a millionth of the distance from baseline
 * to target, so that a value printed as equal to the line counts as on it. */
static double tolerance(const struct pace_target *t)
{
	double span = fabs(t->target - t->baseline);
	return (span > 0 ? span : 1) * 1e-6;
}

/* Whether v is at a or beyond it in the better direction. */
static bool at_or_better(const struct pace_target *t, double v, double a)
{
	return t->higher_better ? v >= a - tolerance(t) : v <= a + tolerance(t);
}

void pace_number(double v, char out[32])
{
	if (fabs(v) < 0.005)
		v = 0; /* no "-0" */
	snprintf(out, 32, "%.2f", v);
	char *dot = strchr(out, '.');
	if (!dot)
		return;
	char *end = out + strlen(out) - 1;
	while (end > dot && *end == '0')
		*end-- = '\0';
	if (end == dot)
		*end = '\0';
}

const char *pace_status_key(enum pace_status s)
{
	static const char *const keys[] = {"no-data", "on-track", "at-risk", "off-track", "reached"};
	return keys[s];
}

const char *pace_status_words(enum pace_status s)
{
	static const char *const words[] = {"No data yet", "On track", "At risk", "Off track", "Reached"};
	return words[s];
}

/* Fits value = intercept + slope * x by least squares to the baseline (x = 0) and the
 * observations used, x in days after the baseline date. With every point on one day
 * the slope is 0 and the intercept their mean. */
static void trend(const struct pace_target *t, const struct pace_obs *obs, size_t n, long base,
                  struct pace_result *r)
{
	double sx = 0, sy = t->baseline, cnt = 1;
	for (size_t i = 0; i < n; i++)
		if (date_days(obs[i].at) > base) {
			sx += (double)(date_days(obs[i].at) - base);
			sy += obs[i].value;
			cnt++;
		}
	double mx = sx / cnt, my = sy / cnt;
	double sxx = (0 - mx) * (0 - mx), sxy = (0 - mx) * (t->baseline - my);
	for (size_t i = 0; i < n; i++)
		if (date_days(obs[i].at) > base) {
			double dx = (double)(date_days(obs[i].at) - base) - mx;
			sxx += dx * dx;
			sxy += dx * (obs[i].value - my);
		}
	r->slope = sxx > 0 ? sxy / sxx : 0;
	r->intercept = my - r->slope * mx;
}

/* The first day on or after the latest observation on which the trend meets the
 * target, if there is one before the end of the calendar this program counts. */
static void reach(const struct pace_target *t, long base, struct pace_result *r)
{
	long from = date_days(r->latest_at) - base;
	double at_from = r->intercept + r->slope * (double)from;
	long day;
	if (at_or_better(t, at_from, t->target))
		day = from;
	else if ((t->higher_better && r->slope > 0) || (!t->higher_better && r->slope < 0)) {
		double x = (t->target - r->intercept) / r->slope;
		if (x > 4e6) /* beyond the year 9999 */
			return;
		day = (long)ceil(x - 1e-9);
		if (day < from)
			day = from;
	} else
		return;
	long last = date_days((struct kdate){9999, 12, 31});
	if (base + day > last)
		return;
	r->reaches = true;
	r->reach_at = date_from_days(base + day);
	r->reaches_in_time = date_cmp(r->reach_at, t->due) <= 0;
}

static void say_figure(struct buf *b, double v, struct kdate at)
{
	char num[32];
	pace_number(v, num);
	buf_printf(b, "%s on ", num);
	date_words(at, b);
}

void pace_assess(const struct pace_target *t, const struct pace_obs *obs, size_t n, struct kdate today,
                 struct pace_result *r)
{
	memset(r, 0, sizeof *r);
	long base = date_days(t->baseline_at), due = date_days(t->due);
	for (size_t i = 0; i < n; i++) {
		if (date_days(obs[i].at) <= base)
			continue;
		if (r->used == 0 || date_cmp(obs[i].at, r->latest_at) > 0) {
			r->latest_at = obs[i].at;
			r->latest = obs[i].value;
		}
		r->used++;
	}
	struct buf b = {0};
	char tnum[32];
	pace_number(t->target, tnum);
	if (r->used == 0) {
		r->status = PACE_NO_DATA;
		buf_puts(&b, "No figures yet since the baseline on ");
		date_words(t->baseline_at, &b);
		buf_puts(&b, ".");
		goto done;
	}
	long xl = date_days(r->latest_at) - base;
	double frac = due > base ? (double)(xl < due - base ? xl : due - base) / (double)(due - base) : 1;
	r->expected = t->baseline + (t->target - t->baseline) * frac;
	r->on_line = at_or_better(t, r->latest, r->expected);
	trend(t, obs, n, base, r);
	r->projected = r->intercept + r->slope * (double)(due - base);
	reach(t, base, r);

	buf_puts(&b, "The latest figure, ");
	say_figure(&b, r->latest, r->latest_at);
	if (at_or_better(t, r->latest, t->target)) {
		r->status = PACE_REACHED;
		buf_printf(&b, ", meets the target of %s due by ", tnum);
		date_words(t->due, &b);
		buf_puts(&b, ".");
		goto done;
	}
	if (date_cmp(today, t->due) > 0) {
		r->status = PACE_OFF_TRACK;
		buf_printf(&b, ", has not reached the target of %s, and the due date, ", tnum);
		date_words(t->due, &b);
		buf_puts(&b, ", has passed.");
		goto done;
	}
	char enum_[32];
	pace_number(r->expected, enum_);
	buf_printf(&b, ", is %s the straight line from the baseline to the target (%s by then). ",
	           r->on_line ? "on or ahead of" : "behind", enum_);
	if (r->reaches) {
		buf_printf(&b, "At the current trend it reaches the target of %s on ", tnum);
		date_words(r->reach_at, &b);
		buf_printf(&b, ", %s the due date of ", r->reaches_in_time ? "by" : "after");
		date_words(t->due, &b);
		buf_puts(&b, ".");
	} else
		buf_printf(&b, "At the current trend it does not reach the target of %s.", tnum);
	int passed = r->on_line + r->reaches_in_time;
	r->status = passed == 2 ? PACE_ON_TRACK : passed == 1 ? PACE_AT_RISK : PACE_OFF_TRACK;
done:
	snprintf(r->why, sizeof r->why, "%s", buf_str(&b));
	buf_free(&b);
}
