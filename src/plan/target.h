/* Indicators, targets and observations (issue 4): what the Oversight Board measures,
 * what it aims for, and the figures published. This module turns stored targets into
 * pace and performance findings (plan/pace.h holds the rule). No SQL, HTML or HTTP. */
#ifndef KEEP_PLAN_TARGET_H
#define KEEP_PLAN_TARGET_H
#include <jansson.h>

#include "base/date.h"
#include "base/kerr.h"
#include "plan/pace.h"

struct store;

/* Scotland's GSS code: the area of a national target or figure. */
#define TARGET_SCOTLAND "S92000003"

/* One target ready for the rule and the chart: the target, its published
 * observations (suppressed ones left out) and the finding. */
struct target_pace {
	struct pace_target t;
	struct pace_obs *obs; /* owned: free with target_pace_free */
	size_t n;
	struct pace_result r;
};

/* Fills tp from one item of store_targets (or targets_review) as seen on today. */
void target_pace_of(json_t *target, struct kdate today, struct target_pace *tp);
void target_pace_free(struct target_pace *tp);

/* store_targets(area) with each item given
 *   pace: {status (pace_status_key), words (pace_status_words), why, used, latest,
 *          latest_at, expected, projected, reach_at (null if never), reaches_in_time}
 * (latest, latest_at, expected and projected null when there are no figures). */
json_t *targets_review(struct store *s, const char *area, struct kdate today, struct kerr *e);

#endif
