/* Pace and performance (issue 4): whether a target is on track, at risk or off track,
 * and when the current trend would reach it. docs/oversight.md states the rule in
 * words; this is the one place it is worked out. Pure: no SQL, HTML or HTTP. */
#ifndef KEEP_PLAN_PACE_H
#define KEEP_PLAN_PACE_H
#include <stdbool.h>
#include <stddef.h>

#include "base/date.h"

/* A target as the rule needs it: from baseline (on baseline_at) to target (by due),
 * with higher or lower values better. */
struct pace_target {
	struct kdate baseline_at, due;
	double baseline, target;
	bool higher_better;
};

/* One published figure (suppressed figures are not given to the rule). */
struct pace_obs {
	struct kdate at;
	double value;
};

enum pace_status { PACE_NO_DATA, PACE_ON_TRACK, PACE_AT_RISK, PACE_OFF_TRACK, PACE_REACHED };

/* What pace_assess found. */
struct pace_result {
	enum pace_status status;
	size_t used;            /* observations after the baseline date */
	struct kdate latest_at; /* when used > 0: the latest of them */
	double latest;
	double expected;         /* the straight line's value on latest_at (at due if later) */
	bool on_line;            /* latest is on or better than the straight line */
	double slope, intercept; /* trend: value = intercept + slope * days after baseline_at */
	double projected;        /* the trend's value on the due date */
	bool reaches;            /* the trend reaches the target on or after latest_at ... */
	struct kdate reach_at;   /* ... on this day (the first day it does) */
	bool reaches_in_time;    /* ... and reach_at is not after due */
	char why[400];           /* the finding in plain words, numbers included */
};

/* Applies the rule to target t with the n observations obs (any order; those dated
 * on or before the baseline date are not used: the baseline is the figure then) as
 * seen on today:
 * - no observations used: no data;
 * - the latest observation meets the target (at or beyond it in the better
 *   direction): reached;
 * - the due date has passed: off track;
 * - otherwise two tests: is the latest observation on or better than the straight
 *   line from baseline to target on its date; and does the least-squares trend of the
 *   baseline and every observation used reach the target by the due date. Both: on
 *   track; one: at risk; neither: off track. */
void pace_assess(const struct pace_target *t, const struct pace_obs *obs, size_t n, struct kdate today,
                 struct pace_result *r);

/* "on-track", "at-risk", "off-track", "reached", "no-data": for classes and the API. */
const char *pace_status_key(enum pace_status s);
/* "On track", "At risk", "Off track", "Reached", "No data yet". */
const char *pace_status_words(enum pace_status s);
/* A figure as people read it: at most two decimals, trailing zeros dropped ("12.5",
 * "3", "-0.25"), into out. */
void pace_number(double v, char out[32]);

#endif
