/* Indicators, targets and observations (issue 4): what the Oversight Board measures,
 * what it aims for, and the figures published. This module turns stored targets into
 * pace and performance findings (plan/pace.h holds the rule). No SQL, HTML or HTTP. */
#ifndef KEEP_PLAN_TARGET_H
#define KEEP_PLAN_TARGET_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

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

/* ---- indicators, targets and figures: who may, the checks, the writes ----
 * Every form's fields are text as typed (NULL or blank: not given). Each check puts
 * its problems into errors as field: message and returns how many; a message names
 * what is wrong in plain words, the same for the web form, the API and the import.
 * Each write is one transaction with its audit record (entities "indicator", "target"
 * and "observation"; before and after as the API's resources shape them); on a
 * refusal nothing is written and e says why. */

/* How often an indicator is published: {key, words}, the one fixed list. */
extern const char *const target_frequencies[][2];
extern const size_t target_nfrequencies;

/* Whether user may add and change indicators and set targets: members of the
 * Oversight Board, which "develops, approves and monitors targets", and admins. */
bool target_may_set(json_t *user);
/* Whether user may record figures (observations): the Board, The Promise Scotland's
 * staff and admins. */
bool observation_may_record(json_t *user);

/* Reads a number as people type it: an optional minus, digits, an optional decimal
 * point and digits ("12", "12.5", "-0.25", ".5"), spaces around allowed; no thousands
 * separators, exponents, hex, inf or nan. 0 with the value in *out, or -1. */
int target_number(const char *s, double *out);

/* The Promise Progress Framework's two ways of sorting an indicator, {key, words}: its
 * level (core, or contextual: a check on what the core ones show) and its kind (a
 * process: a short-term milestone; or an outcome: a longer-term impact). */
extern const char *const target_levels[][2];
extern const size_t target_nlevels;
extern const char *const target_kinds[][2];
extern const size_t target_nkinds;
/* The words of key in list (n entries), or NULL when key is not one of them. */
const char *target_words_of(const char *const list[][2], size_t n, const char *key);

struct indicator_form {
	const char *title, *unit, *source, *frequency, *foundation, *vision, *counts_children;
	const char *outcome, *level, *kind; /* the framework's; each may be left empty */
};
/* title, unit and source required; frequency one of target_frequencies; foundation a
 * foundation's slug, vision a Story of Progress vision statement in words, outcome an
 * outcome of the Promise Progress Framework (its slug): at least one of the three;
 * counts_children yes or no (true or false; not given: no); level core or contextual
 * and kind process or outcome when given. */
int indicator_check(struct store *s, const struct indicator_form *f, json_t *errors);
/* Adds an indicator (checked) with an id made from its title, into slug_out. */
int indicator_add(struct store *s, const char *actor, const struct indicator_form *f, char slug_out[128],
                  struct kerr *e);
/* Changes indicator slug (checked); saving it unchanged records nothing. */
int indicator_change(struct store *s, const char *actor, const char *slug, const struct indicator_form *f,
                     struct kerr *e);

/* ---- what a figure may be (docs/oversight.md, "What a figure may be") ----
 * An indicator that counts children takes whole numbers from 0, and a figure of 1 to 4
 * is never published: it is recorded as suppressed, as the measures' are (sdc.h). An
 * indicator in per cent ("%", "per cent") takes 0 to 100. A computed indicator's
 * figures come from keep measures alone. */
struct target_indicator_kind {
	bool counts_children, share, computed;
};
/* Whether unit is a share: "%", "per cent" or "percent" (any case). */
bool target_unit_is_share(const char *unit);
/* What is wrong with v as a figure of an indicator of kind k, in words, or NULL.
 * observed: a figure to publish (then 1 to 4 children is refused), not a baseline or
 * target. */
const char *target_figure_problem(const struct target_indicator_kind *k, double v, bool observed);

struct target_form {
	const char *indicator, *area, *action, *note, *baseline, *baseline_at, *value, *due, *better;
};
/* indicator known ("There is no indicator called 'x'."); area Scotland or a council
 * area; action, when given, known; baseline and value numbers a figure of the
 * indicator may be (target_figure_problem); baseline_at and due real dates from 1900
 * on, due after baseline_at; better higher or lower, and the value on that side of the
 * baseline (or equal to it); note at most 2,000 characters. */
int target_check(struct store *s, const struct target_form *f, json_t *errors);
/* Adds a target (checked) with an id made from its indicator and area, into slug_out. */
int target_add(struct store *s, const char *actor, const struct target_form *f, char slug_out[128], struct kerr *e);
/* Changes target slug (checked); saving it unchanged records nothing. */
int target_change(struct store *s, const char *actor, const char *slug, const struct target_form *f,
                  struct kerr *e);
int target_delete(struct store *s, const char *actor, const char *slug, struct kerr *e);

struct observation_form {
	const char *indicator, *area, *period, *value, *suppressed, *source;
};
/* indicator known and not computed (its figures come from keep measures alone: the
 * message says so, and where the stored figure came from); area Scotland or a council
 * area; period a real date from 1900 on, not after today (date_today); suppressed yes
 * or no (true or false, as `keep export` writes it; not given: no); value a number a
 * figure of the indicator may be (target_figure_problem) unless suppressed, and empty
 * when it is; source required. */
int observation_check(struct store *s, const struct observation_form *f, json_t *errors);
/* What observation_put did. */
enum observation_outcome { OBSERVATION_UNCHANGED, OBSERVATION_ADDED, OBSERVATION_REPLACED };
/* Adds the figure (checked) or replaces the one for the same indicator, area and
 * period, with its audit record; the same figure again writes nothing. Its id
 * ("indicator/area/period") into id_out when not NULL. Inside the caller's transaction
 * when in_transaction, otherwise in its own. */
int observation_put(struct store *s, const char *actor, const struct observation_form *f, bool in_transaction,
                    enum observation_outcome *outcome, char id_out[256], struct kerr *e);
/* Deletes the figure id ("indicator/area/period"); KERR_NOTFOUND when there is none,
 * KERR_CONFLICT (saying why) when its indicator is computed. */
int observation_delete(struct store *s, const char *actor, const char *id, struct kerr *e);

#endif
