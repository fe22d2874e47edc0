#include "plan/target.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/mem.h"
#include "plan/plan.h"
#include "store/store.h"

static struct kdate date_of(json_t *v)
{
	struct kdate d = {1970, 1, 1};
	date_parse(json_string_value(v), &d, NULL);
	return d;
}

void target_pace_of(json_t *target, struct kdate today, struct target_pace *tp)
{
	memset(tp, 0, sizeof *tp);
	tp->t.baseline_at = date_of(json_object_get(target, "baseline_at"));
	tp->t.due = date_of(json_object_get(target, "due"));
	tp->t.baseline = json_number_value(json_object_get(target, "baseline"));
	tp->t.target = json_number_value(json_object_get(target, "value"));
	const char *better = json_string_value(json_object_get(target, "better"));
	tp->t.higher_better = better && strcmp(better, "higher") == 0;
	json_t *obs = json_object_get(target, "observations");
	tp->obs = xcalloc(json_array_size(obs) + 1, sizeof *tp->obs);
	size_t i;
	json_t *o;
	json_array_foreach(obs, i, o)
	{
		if (json_is_true(json_object_get(o, "suppressed")) ||
		    !json_is_number(json_object_get(o, "value")))
			continue;
		tp->obs[tp->n++] = (struct pace_obs){date_of(json_object_get(o, "period")),
		                                     json_number_value(json_object_get(o, "value"))};
	}
	pace_assess(&tp->t, tp->obs, tp->n, today, &tp->r);
}

void target_pace_free(struct target_pace *tp)
{
	free(tp->obs);
	tp->obs = NULL;
}

static json_t *date_json(struct kdate d)
{
	char s[11];
	date_format(d, s);
	return json_string(s);
}

json_t *targets_review(struct store *s, const char *area, struct kdate today, struct kerr *e)
{
	json_t *targets = store_targets(s, area, e);
	if (!targets)
		return NULL;
	size_t i;
	json_t *t;
	json_array_foreach(targets, i, t)
	{
		struct target_pace tp;
		target_pace_of(t, today, &tp);
		const struct pace_result *r = &tp.r;
		bool any = r->used > 0;
		json_object_set_new(t, "pace",
		                    json_pack("{s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:b}", "status",
		                              pace_status_key(r->status), "words",
		                              pace_status_words(r->status), "why", r->why, "used",
		                              (json_int_t)r->used, "latest",
		                              any ? json_real(r->latest) : json_null(), "latest_at",
		                              any ? date_json(r->latest_at) : json_null(), "expected",
		                              any ? json_real(r->expected) : json_null(), "projected",
		                              any ? json_real(r->projected) : json_null(), "reach_at",
		                              r->reaches ? date_json(r->reach_at) : json_null(),
		                              "reaches_in_time", r->reaches_in_time));
		target_pace_free(&tp);
	}
	return targets;
}

/* ---- who may ---- */

static bool role_is(json_t *user, const char *const *roles)
{
	const char *role = json_string_value(json_object_get(user, "role"));
	for (; role && *roles; roles++)
		if (strcmp(role, *roles) == 0)
			return true;
	return false;
}

bool target_may_set(json_t *user)
{
	return role_is(user, (const char *const[]){"board", "admin", NULL});
}

bool observation_may_record(json_t *user)
{
	return role_is(user, (const char *const[]){"board", "staff", "admin", NULL});
}

/* ---- the checks ---- */

const char *const target_frequencies[][2] = {
    {"annual", "Every year"},         {"quarterly", "Every quarter"}, {"monthly", "Every month"},
    {"every-two-years", "Every two years"}, {"irregular", "Now and then"},
};
const size_t target_nfrequencies = sizeof target_frequencies / sizeof target_frequencies[0];

/* The words are the framework's own definitions (plan2430.scot, The Promise Progress
 * Framework; docs/oversight.md). */
const char *const target_levels[][2] = {
    {"core", "Core indicator"},
    {"contextual", "Contextual indicator"},
};
const size_t target_nlevels = sizeof target_levels / sizeof target_levels[0];
const char *const target_kinds[][2] = {
    {"process", "Process indicator: a short-term milestone"},
    {"outcome", "Outcome indicator: a longer-term impact"},
};
const size_t target_nkinds = sizeof target_kinds / sizeof target_kinds[0];

const char *target_words_of(const char *const list[][2], size_t n, const char *key)
{
	for (size_t i = 0; key && i < n; i++)
		if (strcmp(list[i][0], key) == 0)
			return list[i][1];
	return NULL;
}

static const char msg_number[] = "Enter a number, like 12 or 12.5.";
static const char msg_area[] = "Choose Scotland or one of the 32 council areas.";

int target_number(const char *s, double *out)
{
	if (!s)
		return -1;
	while (*s == ' ' || *s == '\t')
		s++;
	const char *p = s;
	if (*p == '-')
		p++;
	size_t digits = 0;
	while (isdigit((unsigned char)*p)) {
		p++;
		digits++;
	}
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p)) {
			p++;
			digits++;
		}
	}
	const char *end = p;
	while (*p == ' ' || *p == '\t')
		p++;
	if (digits == 0 || *p || end - s > 40)
		return -1;
	/* Only [-]digits[.digits] reaches strtod, so no locale, hex or inf can. */
	char text[48];
	snprintf(text, sizeof text, "%.*s", (int)(end - s), s);
	double v = strtod(text, NULL);
	if (!isfinite(v))
		return -1;
	*out = v;
	return 0;
}

static void set(json_t *errors, const char *field, const char *msg)
{
	if (!json_object_get(errors, field))
		json_object_set_new(errors, field, json_string(msg));
}

/* Checks a required text of at most max bytes. */
static void text_check(json_t *errors, const char *field, const char *v, bool required, size_t max,
                       const char *missing, const char *too_long)
{
	if (!plan_known(v)) {
		if (required)
			set(errors, field, missing);
	} else if (strlen(v) > max)
		set(errors, field, too_long);
}

/* Whether resource (a store resource) has an item id. */
static bool known(struct store *s, const char *resource, const char *id)
{
	json_t *item = id ? store_resource_get(s, resource, id, NULL) : NULL;
	json_decref(item);
	return item != NULL;
}

static void indicator_ref_check(struct store *s, json_t *errors, const char *indicator)
{
	if (!plan_known(indicator)) {
		set(errors, "indicator", "Choose an indicator.");
	} else if (!known(s, "indicators", indicator)) {
		char msg[200];
		snprintf(msg, sizeof msg, "There is no indicator called '%.100s'.", indicator);
		set(errors, "indicator", msg);
	}
}

static void area_check(struct store *s, json_t *errors, const char *area)
{
	if (!plan_known(area) || (strcmp(area, TARGET_SCOTLAND) != 0 && !known(s, "council-areas", area)))
		set(errors, "area", msg_area);
}

/* A date field: required, a real date, from 1900 on (no figure of The Promise is
 * older); into *d when it is. */
static bool date_check(json_t *errors, const char *field, const char *v, const char *msg, struct kdate *d)
{
	if (!plan_known(v) || date_parse(v, d, NULL) != 0) {
		set(errors, field, msg);
		return false;
	}
	if (d->y < 1900) {
		set(errors, field, "Enter a date from 1 January 1900 on.");
		return false;
	}
	return true;
}

/* ---- what a figure may be ---- */

bool target_unit_is_share(const char *unit)
{
	return unit && (strcmp(unit, "%") == 0 || strcasecmp(unit, "per cent") == 0 || strcasecmp(unit, "percent") == 0);
}

const char *target_figure_problem(const struct target_indicator_kind *k, double v, bool observed)
{
	if (k->counts_children) {
		if (v < 0)
			return "A count of children cannot be below 0.";
		if (v != floor(v))
			return "A count of children is a whole number, like 12.";
		if (observed && v >= 1 && v <= 4)
			return "A count of 1 to 4 children is never published, so that no child can be picked out. "
			       "Record the figure as suppressed instead, with no value.";
	}
	if (k->share && (v < 0 || v > 100))
		return "A share is a per cent, from 0 to 100.";
	return NULL;
}

/* What kind of figures indicator (a slug) takes; false when there is no such indicator. */
static bool indicator_kind(struct store *s, const char *indicator, struct target_indicator_kind *k, json_t **item)
{
	memset(k, 0, sizeof *k);
	json_t *x = plan_known(indicator) ? store_resource_get(s, "indicators", indicator, NULL) : NULL;
	if (!x)
		return false;
	k->counts_children = json_is_true(json_object_get(x, "counts_children"));
	k->computed = json_is_true(json_object_get(x, "computed"));
	k->share = target_unit_is_share(json_string_value(json_object_get(x, "unit")));
	if (item)
		*item = x;
	else
		json_decref(x);
	return true;
}

/* A number field that is one (checked before): its problem for an indicator of kind k. */
static void figure_check(json_t *errors, const char *field, const char *v, const struct target_indicator_kind *k,
                         bool observed)
{
	double x;
	const char *problem;
	if (plan_known(v) && target_number(v, &x) == 0 && (problem = target_figure_problem(k, x, observed)))
		set(errors, field, problem);
}

/* A number field: required (missing says so), a number. */
static void number_check(json_t *errors, const char *field, const char *v, const char *missing)
{
	double x;
	if (!plan_known(v))
		set(errors, field, missing);
	else if (target_number(v, &x) < 0)
		set(errors, field, msg_number);
}

/* A yes or no field: 1, 0 (not given: no), or -1 when it is neither. */
static int yes_no(const char *v)
{
	if (!plan_known(v) || strcmp(v, "no") == 0 || strcmp(v, "false") == 0)
		return 0;
	if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0)
		return 1;
	return -1;
}

int indicator_check(struct store *s, const struct indicator_form *f, json_t *errors)
{
	if (yes_no(f->counts_children) < 0)
		set(errors, "counts_children", "Say whether the indicator counts children: yes or no.");
	text_check(errors, "title", f->title, true, 200, "Enter the indicator's title.",
	           "Keep the title to 200 characters or fewer.");
	text_check(errors, "unit", f->unit, true, 200, "Enter what it counts, like children or per cent.",
	           "Keep the unit to 200 characters or fewer.");
	text_check(errors, "source", f->source, true, 500, "Enter where the figures come from.",
	           "Keep the source to 500 characters or fewer.");
	bool freq = false;
	for (size_t i = 0; f->frequency && i < target_nfrequencies; i++)
		freq |= strcmp(f->frequency, target_frequencies[i][0]) == 0;
	if (!freq)
		set(errors, "frequency", "Choose how often it is published.");
	if (plan_known(f->foundation) && !known(s, "foundations", f->foundation))
		set(errors, "foundation", "Choose one of the foundations listed.");
	else if (!plan_known(f->foundation) && !plan_known(f->vision) && !plan_known(f->outcome))
		set(errors, "foundation",
		    "Choose the foundation it serves, or the framework's outcome it serves, or write the vision statement "
		    "it serves.");
	text_check(errors, "vision", f->vision, false, 500, NULL, "Keep the vision statement to 500 characters or fewer.");
	if (plan_known(f->outcome) && !known(s, "vision-outcomes", f->outcome))
		set(errors, "outcome", "Choose one of the outcomes listed, or none.");
	if (plan_known(f->level) && !target_words_of(target_levels, target_nlevels, f->level))
		set(errors, "level", "Choose core or contextual, or leave it as not known.");
	if (plan_known(f->kind) && !target_words_of(target_kinds, target_nkinds, f->kind))
		set(errors, "kind", "Choose process or outcome, or leave it as not known.");
	return (int)json_object_size(errors);
}

int target_check(struct store *s, const struct target_form *f, json_t *errors)
{
	indicator_ref_check(s, errors, f->indicator);
	area_check(s, errors, f->area);
	if (plan_known(f->action) && !known(s, "actions", f->action))
		set(errors, "action", "Choose one of the actions listed.");
	text_check(errors, "note", f->note, false, 2000, NULL, "Keep the note to 2,000 characters or fewer.");
	number_check(errors, "baseline", f->baseline, "Enter the baseline figure, like 12 or 12.5.");
	struct kdate from, due;
	bool from_ok = date_check(errors, "baseline_at", f->baseline_at,
	                          "Enter the baseline's date as a real date, like 2024-03-31.", &from);
	number_check(errors, "value", f->value, "Enter the target figure, like 12 or 12.5.");
	if (date_check(errors, "due", f->due, "Enter the due date as a real date, like 2030-03-31.", &due) && from_ok &&
	    date_cmp(due, from) <= 0) {
		struct buf b = {0};
		date_words(from, &b);
		char msg[200];
		snprintf(msg, sizeof msg, "The due date must be after the baseline date (%s).", buf_str(&b));
		buf_free(&b);
		set(errors, "due", msg);
	}
	if (!f->better || (strcmp(f->better, "higher") != 0 && strcmp(f->better, "lower") != 0))
		set(errors, "better", "Choose whether a higher or a lower figure is better.");
	struct target_indicator_kind k;
	if (indicator_kind(s, f->indicator, &k, NULL)) {
		figure_check(errors, "baseline", f->baseline, &k, false);
		figure_check(errors, "value", f->value, &k, false);
	}
	/* The direction: a target is where the figure should go from its baseline. */
	double baseline, value;
	if (!json_object_get(errors, "baseline") && !json_object_get(errors, "value") &&
	    !json_object_get(errors, "better") && target_number(f->baseline, &baseline) == 0 &&
	    target_number(f->value, &value) == 0) {
		bool higher = strcmp(f->better, "higher") == 0;
		if (higher ? value < baseline : value > baseline) {
			char msg[300];
			snprintf(msg, sizeof msg,
			         "A %s figure is better, so the target must be %s the baseline (%.15g), or equal to it.",
			         higher ? "higher" : "lower", higher ? "above" : "below", baseline);
			set(errors, "value", msg);
		}
	}
	return (int)json_object_size(errors);
}

static int suppressed_of(const char *v)
{
	return yes_no(v);
}

/* A figure of a computed indicator (x, the "indicators" item) is refused: the message
 * names where the indicator's figures come from, and the figure for the same area and
 * period when there is one. */
static void computed_refused(struct store *s, json_t *errors, json_t *x, const struct observation_form *f)
{
	char msg[900];
	json_t *o = plan_known(f->area) && plan_known(f->period)
	                ? store_observation_get(s, f->indicator, f->area, f->period, NULL)
	                : NULL;
	int n = snprintf(msg, sizeof msg,
	                 "The figures of '%.200s' are worked out by keep from the councils' care records and "
	                 "published with keep measures --publish; they cannot be typed in.",
	                 json_string_value(json_object_get(x, "title")));
	if (o)
		snprintf(msg + n, sizeof msg - (size_t)n, " The figure for this area and date came from %.200s.",
		         json_string_value(json_object_get(o, "source")));
	json_decref(o);
	set(errors, "indicator", msg);
}

int observation_check(struct store *s, const struct observation_form *f, json_t *errors)
{
	indicator_ref_check(s, errors, f->indicator);
	area_check(s, errors, f->area);
	struct kdate d;
	if (date_check(errors, "period", f->period, "Enter the date the figure counts to, like 2024-07-31.", &d) &&
	    date_cmp(d, date_today()) > 0) {
		struct buf b = {0};
		date_words(date_today(), &b);
		char msg[200];
		snprintf(msg, sizeof msg, "A figure counts to a day that has passed: enter a date up to today (%s).",
		         buf_str(&b));
		buf_free(&b);
		set(errors, "period", msg);
	}
	struct target_indicator_kind k;
	json_t *x = NULL;
	bool kind = !json_object_get(errors, "indicator") && indicator_kind(s, f->indicator, &k, &x);
	if (kind && k.computed)
		computed_refused(s, errors, x, f);
	json_decref(x);
	int suppressed = suppressed_of(f->suppressed);
	if (suppressed < 0)
		set(errors, "suppressed", "Say whether the figure is suppressed: yes or no.");
	else if (suppressed && plan_known(f->value))
		set(errors, "value", "Leave the value empty for a suppressed figure.");
	else if (!suppressed) {
		number_check(errors, "value", f->value, "Enter the figure, like 12 or 12.5, or say it is suppressed.");
		if (kind)
			figure_check(errors, "value", f->value, &k, true);
	}
	text_check(errors, "source", f->source, true, 500, "Enter where the figure comes from.",
	           "Keep the source to 500 characters or fewer.");
	return (int)json_object_size(errors);
}

/* ---- the writes ---- */

/* A checked number as the store takes it: the double's shortest exact text. */
static const char *number_text(const char *v, char out[40])
{
	double x = 0;
	if (target_number(v, &x) < 0)
		return NULL;
	snprintf(out, 40, "%.17g", x);
	return out;
}

/* One write of resource entity id: put is called inside the transaction, then the
 * record is read back and audited (create when before is NULL), or nothing is
 * recorded when it is unchanged. */
static int audited(struct store *s, const char *actor, const char *resource, const char *entity, const char *id,
                   bool insert, int (*put)(struct store *, const void *, bool, struct kerr *), const void *rec,
                   struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = insert ? NULL : store_resource_get(s, resource, id, e), *after = NULL;
	bool ok = (insert || before) && put(s, rec, insert, e) == 0 && (after = store_resource_get(s, resource, id, e));
	if (ok && before && json_equal(before, after)) {
		json_decref(before);
		json_decref(after);
		store_release(s);
		return 0;
	}
	ok = ok && store_audit_add(s, actor, entity, id, insert ? "create" : "update", before, after, e) == 0;
	json_decref(before);
	json_decref(after);
	return store_end(s, ok, e);
}

static int indicator_put(struct store *s, const void *rec, bool insert, struct kerr *e)
{
	return store_indicator_put(s, rec, insert, e);
}

static int indicator_write(struct store *s, const char *actor, const char *slug, bool insert,
                           const struct indicator_form *f, struct kerr *e)
{
	struct store_indicator x = {slug,         plan_known(f->title),      plan_known(f->unit),  plan_known(f->source),
	                            f->frequency, plan_known(f->foundation), plan_known(f->vision),
	                            yes_no(f->counts_children) == 1, plan_known(f->outcome), plan_known(f->level),
	                            plan_known(f->kind)};
	return audited(s, actor, "indicators", "indicator", slug, insert, indicator_put, &x, e);
}

int indicator_add(struct store *s, const char *actor, const struct indicator_form *f, char slug_out[128],
                  struct kerr *e)
{
	char base[128];
	plan_slug_words(NULL, f->title ? f->title : "", 0, base);
	/* /indicators/new is the form to add one. */
	if (!base[0] || strcmp(base, "new") == 0)
		snprintf(base, sizeof base, "indicator");
	/* The id is chosen inside the transaction that takes it. */
	if (store_begin(s, e) < 0)
		return -1;
	plan_slug_unique(s, "indicators", base, slug_out);
	return store_end(s, indicator_write(s, actor, slug_out, true, f, e) == 0, e);
}

int indicator_change(struct store *s, const char *actor, const char *slug, const struct indicator_form *f,
                     struct kerr *e)
{
	return indicator_write(s, actor, slug, false, f, e);
}

static int target_put(struct store *s, const void *rec, bool insert, struct kerr *e)
{
	return store_target_put(s, rec, insert, e);
}

static int target_write(struct store *s, const char *actor, const char *slug, bool insert, const struct target_form *f,
                        struct kerr *e)
{
	char baseline[40], value[40];
	struct store_target t = {slug,
	                         f->indicator,
	                         f->area,
	                         plan_known(f->action),
	                         plan_known(f->note),
	                         number_text(f->baseline, baseline),
	                         f->baseline_at,
	                         number_text(f->value, value),
	                         f->due,
	                         f->better};
	return audited(s, actor, "targets", "target", slug, insert, target_put, &t, e);
}

int target_add(struct store *s, const char *actor, const struct target_form *f, char slug_out[128], struct kerr *e)
{
	const char *area_name = "scotland";
	json_t *area = NULL;
	if (f->area && strcmp(f->area, TARGET_SCOTLAND) != 0 &&
	    (area = store_resource_get(s, "council-areas", f->area, NULL)))
		area_name = json_string_value(json_object_get(area, "name"));
	/* The indicator's id whole (plan_slug_words would cut a long one), then the area. */
	char area_words[128], base[128];
	plan_slug_words(NULL, area_name, 0, area_words);
	json_decref(area);
	snprintf(base, sizeof base, "%.60s-%.60s", f->indicator, area_words);
	if (store_begin(s, e) < 0)
		return -1;
	plan_slug_unique(s, "targets", base, slug_out);
	return store_end(s, target_write(s, actor, slug_out, true, f, e) == 0, e);
}

int target_change(struct store *s, const char *actor, const char *slug, const struct target_form *f,
                  struct kerr *e)
{
	return target_write(s, actor, slug, false, f, e);
}

int target_delete(struct store *s, const char *actor, const char *slug, struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = store_resource_get(s, "targets", slug, e);
	bool ok = before && store_target_delete(s, slug, e) == 0 &&
	          store_audit_add(s, actor, "target", slug, "delete", before, NULL, e) == 0;
	json_decref(before);
	return store_end(s, ok, e);
}

int observation_put(struct store *s, const char *actor, const struct observation_form *f, bool in_transaction,
                    enum observation_outcome *outcome, char id_out[256], struct kerr *e)
{
	char id[256], value[40];
	snprintf(id, sizeof id, "%s/%s/%s", f->indicator, f->area, f->period);
	if (id_out)
		snprintf(id_out, 256, "%s", id);
	*outcome = OBSERVATION_UNCHANGED;
	bool suppressed = suppressed_of(f->suppressed) == 1;
	struct store_observation o = {f->indicator, f->area, f->period, suppressed ? NULL : number_text(f->value, value),
	                              suppressed, plan_known(f->source)};
	if (!in_transaction && store_begin(s, e) < 0)
		return -1;
	json_t *before = store_observation_get(s, f->indicator, f->area, f->period, NULL), *after = NULL;
	bool ok = store_observation_put(s, &o, e) == 0 &&
	          (after = store_observation_get(s, f->indicator, f->area, f->period, e));
	bool same = ok && before && json_equal(before, after);
	if (ok && !same) {
		ok = store_audit_add(s, actor, "observation", id, before ? "update" : "create", before, after, e) == 0;
		*outcome = before ? OBSERVATION_REPLACED : OBSERVATION_ADDED;
	}
	json_decref(before);
	json_decref(after);
	if (in_transaction)
		return ok ? 0 : -1;
	if (ok && same) {
		store_release(s);
		return 0;
	}
	return store_end(s, ok, e);
}

int observation_delete(struct store *s, const char *actor, const char *id, struct kerr *e)
{
	/* An id is "indicator/area/period"; none of the three holds a slash. */
	char indicator[128], area[32], period[16], rest[2];
	if (sscanf(id, "%127[^/]/%31[^/]/%15[^/]%1s", indicator, area, period, rest) != 3)
		return kerr_set(e, KERR_NOTFOUND, "no observation called '%s'", id);
	struct target_indicator_kind k;
	json_t *x = NULL;
	if (indicator_kind(s, indicator, &k, &x) && k.computed) {
		kerr_set(e, KERR_CONFLICT,
		         "The figures of '%.200s' are worked out by keep from the councils' care records and published "
		         "with keep measures --publish; they cannot be deleted by hand. Publish the year again to "
		         "change them.",
		         json_string_value(json_object_get(x, "title")));
		json_decref(x);
		return -1;
	}
	json_decref(x);
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = store_observation_get(s, indicator, area, period, e);
	bool ok = before && store_observation_delete(s, indicator, area, period, e) == 0 &&
	          store_audit_add(s, actor, "observation", id, "delete", before, NULL, e) == 0;
	json_decref(before);
	return store_end(s, ok, e);
}
