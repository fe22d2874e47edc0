/* The rules of the Plan's elements: see planrules.h. */
#include "plan/planrules.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "plan/plan.h"

static void set(json_t *errors, const char *field, const char *msg)
{
	if (!json_object_get(errors, field))
		json_object_set_new(errors, field, json_string(msg));
}

/* A text field: required (missing says so) or not, at most max bytes. */
static void text_check(json_t *errors, const char *field, const char *v, bool required, size_t max,
                       const char *missing, const char *what)
{
	if (!plan_known(v)) {
		if (required)
			set(errors, field, missing);
		return;
	}
	if (strlen(v) > max) {
		char msg[200], n[24];
		if (max >= 1000)
			snprintf(n, sizeof n, "%zu,%03zu", max / 1000, max % 1000);
		else
			snprintf(n, sizeof n, "%zu", max);
		snprintf(msg, sizeof msg, "Keep %s to %s characters or fewer.", what, n);
		set(errors, field, msg);
	}
}

bool planrules_slug_valid(const char *slug)
{
	if (!slug || !*slug || strlen(slug) > 60 || strcmp(slug, "new") == 0)
		return false;
	for (const char *p = slug; *p; p++) {
		bool alnum = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
		if (!alnum && !(*p == '-' && p != slug && p[1] && p[-1] != '-'))
			return false;
	}
	return true;
}

bool planrules_address_valid(const char *s)
{
	if (!s || strlen(s) > PLANRULES_SOURCE_MAX)
		return false;
	const char *host = strncmp(s, "https://", 8) == 0  ? s + 8
	                   : strncmp(s, "http://", 7) == 0 ? s + 7
	                                                   : NULL;
	if (!host || !*host || *host == '/' || *host == '.' || *host == ':')
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return false;
	return true;
}

static void slug_check(json_t *errors, const char *slug, const char *what)
{
	if (plan_known(slug) && !planrules_slug_valid(slug)) {
		char msg[300];
		snprintf(msg, sizeof msg,
		         "The %s's web address name '%.80s' may hold only small letters, digits and single "
		         "hyphens "
		         "(like plan-24-30), at most 60 characters, and may not be 'new'.",
		         what, slug);
		set(errors, "slug", msg);
	}
}

/* A date field: required or not; a real date into *d. False when not given or not a date. */
static bool date_check(json_t *errors, const char *field, const char *v, bool required, const char *what,
                       const char *like, struct kdate *d)
{
	char msg[300];
	if (!plan_known(v)) {
		if (required) {
			snprintf(msg, sizeof msg, "Enter %s, like %s.", what, like);
			set(errors, field, msg);
		}
		return false;
	}
	if (date_parse(v, d, NULL) != 0) {
		snprintf(msg, sizeof msg, "Enter %s as a real date, like %s ('%.40s' is not one).", what,
		         like, v);
		set(errors, field, msg);
		return false;
	}
	return true;
}

static void source_check(json_t *errors, const char *source, const char *source_was, const char *source_date)
{
	if (plan_known(source) && !(source_was && strcmp(source, source_was) == 0) &&
	    !planrules_address_valid(source)) {
		char msg[300];
		snprintf(msg, sizeof msg,
		         "Enter the source as a web address starting https:// or http://, like "
		         "https://thepromise.scot/plan-24-30 ('%.80s' is not one).",
		         source);
		set(errors, "source", msg);
	}
	/* A day, or only a month when that is all the source names. */
	if (plan_known(source_date) && !date_source_valid(source_date, NULL)) {
		char msg[300];
		snprintf(msg, sizeof msg,
		         "Enter the date the source was published or read as a real date, like 2024-06-20, or "
		         "only its month, like 2025-12, when the source names no day ('%.40s' is neither).",
		         source_date);
		set(errors, "source_date", msg);
	}
}

/* "1 April 2024" into out. */
static void words_of(struct kdate d, char out[40])
{
	struct buf b = {0};
	date_words(d, &b);
	snprintf(out, 40, "%s", buf_str(&b));
	buf_free(&b);
}

/* Both of plan's dates, when both parse. */
static bool plan_dates(const struct planrules_in *plan, struct kdate *starts, struct kdate *ends)
{
	return plan && plan->starts && plan->ends && date_parse(plan->starts, starts, NULL) == 0 &&
	       date_parse(plan->ends, ends, NULL) == 0;
}

static const char *plan_name(const struct planrules_in *plan)
{
	return plan && plan_known(plan->title) ? plan->title : plan && plan->slug ? plan->slug : "the plan";
}

/* starts and ends (given and parsed, or not): starts on or before ends. */
static void order_check(json_t *errors, bool have_starts, struct kdate starts, bool have_ends,
                        struct kdate ends)
{
	if (have_starts && have_ends && date_cmp(starts, ends) > 0) {
		char w[40], msg[200];
		words_of(starts, w);
		snprintf(msg, sizeof msg, "The end date must be on or after the start date (%s).", w);
		set(errors, "ends", msg);
	}
}

static bool in_list(const char *v, const char *const *list)
{
	for (; v && list && *list; list++)
		if (strcmp(v, *list) == 0)
			return true;
	return false;
}

/* ---- a plan ---- */

int planrules_plan_check(const struct planrules_plan *f, json_t *errors)
{
	slug_check(errors, f->slug, "plan");
	text_check(errors, "title", f->title, true, PLANRULES_TITLE_MAX,
	           "Enter the plan's title, like Plan 24-30.", "the title");
	text_check(errors, "summary", f->summary, false, PLANRULES_TEXT_MAX, NULL, "the summary");
	struct kdate starts, ends;
	bool s =
	    date_check(errors, "starts", f->starts, true, "the date the plan starts", "2024-04-01", &starts);
	bool e = date_check(errors, "ends", f->ends, true, "the date the plan ends", "2030-03-31", &ends);
	order_check(errors, s, starts, e, ends);
	if (plan_known(f->status) && !plan_plan_status_valid(f->status))
		set(errors, "status", "Choose whether the plan is a draft, published or ended.");
	if (plan_known(f->shape) && !plan_shape_valid(f->shape))
		set(errors, "shape",
		    "Choose how the plan groups its work: actions under priority areas, or route maps under "
		    "the "
		    "foundations.");
	source_check(errors, f->source, NULL, f->source_date);
	return (int)json_object_size(errors);
}

/* ---- a phase ---- */

/* d (a date of field) inside plan's dates, or a message naming them. */
static void inside_check(json_t *errors, const char *field, const char *what, struct kdate d,
                         const struct planrules_in *plan)
{
	struct kdate ps, pe;
	if (!plan_dates(plan, &ps, &pe) || (date_cmp(ps, d) <= 0 && date_cmp(d, pe) <= 0))
		return;
	char a[40], b[40], v[11], msg[400];
	words_of(ps, a);
	words_of(pe, b);
	date_format(d, v);
	snprintf(msg, sizeof msg,
	         "%s %s is outside its plan's dates (%.100s runs from %s to %s): enter a date between them.",
	         what, v, plan_name(plan), a, b);
	set(errors, field, msg);
}

int planrules_phase_check(const struct planrules_phase *f, const struct planrules_in *plan, json_t *errors)
{
	slug_check(errors, f->slug, "phase");
	text_check(errors, "title", f->title, true, PLANRULES_TITLE_MAX, "Enter the phase's title.",
	           "the title");
	text_check(errors, "years", f->years, false, PLANRULES_SHORT_MAX, NULL, "the years");
	text_check(errors, "summary", f->summary, false, PLANRULES_TEXT_MAX, NULL, "the summary");
	struct kdate starts, ends;
	bool s =
	    date_check(errors, "starts", f->starts, true, "the date the phase starts", "2024-04-01", &starts);
	bool e = date_check(errors, "ends", f->ends, true, "the date the phase ends", "2026-03-31", &ends);
	if (s)
		inside_check(errors, "starts", "The start date", starts, plan);
	if (e)
		inside_check(errors, "ends", "The end date", ends, plan);
	order_check(errors, s, starts, e, ends);
	return (int)json_object_size(errors);
}

/* ---- a priority area or foundation group ---- */

static bool route_maps(const struct planrules_in *plan)
{
	return plan && plan->shape && strcmp(plan->shape, "route_maps") == 0;
}

int planrules_priority_check(const struct planrules_priority *f, const struct planrules_in *plan,
                             const char *const *foundations, json_t *errors)
{
	const struct plan_words *w = plan_shape_words(plan ? plan->shape : NULL);
	char msg[300];
	slug_check(errors, f->slug, w->group);
	snprintf(msg, sizeof msg, "Enter the %s's title.", w->group);
	text_check(errors, "title", f->title, true, PLANRULES_TITLE_MAX, msg, "the title");
	text_check(errors, "text", f->text, false, PLANRULES_TEXT_MAX, NULL, "the text");
	if (route_maps(plan)) {
		if (!plan_known(f->foundation)) {
			snprintf(msg, sizeof msg,
			         "%.100s groups its route maps under the foundations: choose the foundation "
			         "this group is.",
			         plan_name(plan));
			set(errors, "foundation", msg);
		} else if (!in_list(f->foundation, foundations)) {
			snprintf(
			    msg, sizeof msg,
			    "There is no foundation called '%.80s': choose one of the foundations listed.",
			    f->foundation);
			set(errors, "foundation", msg);
		}
	} else if (plan_known(f->foundation)) {
		snprintf(msg, sizeof msg,
		         "%.100s groups its actions under priority areas, not foundations: leave the "
		         "foundation empty.",
		         plan_name(plan));
		set(errors, "foundation", msg);
	}
	return (int)json_object_size(errors);
}

/* ---- an action or route map ---- */

/* Each of list (n of them) one of known and none twice. */
static void list_check(json_t *errors, const char *field, const char *const *list, size_t n,
                       const char *const *known, const char *what, const char *whats)
{
	char msg[300];
	for (size_t i = 0; i < n; i++) {
		if (!in_list(list[i], known)) {
			snprintf(msg, sizeof msg, "There is no %s called '%.80s': choose from the %s listed.",
			         what, list[i] ? list[i] : "", whats);
			set(errors, field, msg);
			return;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(list[i], list[j]) == 0) {
				snprintf(msg, sizeof msg, "The %s '%.80s' is named twice: name each once.",
				         what, list[i]);
				set(errors, field, msg);
				return;
			}
	}
}

int planrules_action_check(const struct planrules_action *f, const struct planrules_in *plan,
                           const char *const *known_foundations, const char *const *known_fundamentals,
                           json_t *errors)
{
	const struct plan_words *w = plan_shape_words(plan ? plan->shape : NULL);
	char msg[600];
	if (!plan_known(f->priority)) {
		snprintf(msg, sizeof msg, "Choose the %s it comes under.", w->group);
		set(errors, "priority", msg);
	} else if (!f->priority_plan) {
		snprintf(msg, sizeof msg, "There is no %s called '%.80s': choose one of the %s listed.",
		         w->group, f->priority, w->groups);
		set(errors, "priority", msg);
	} else if (plan && plan->slug && strcmp(f->priority_plan, plan->slug) != 0) {
		snprintf(msg, sizeof msg,
		         "The %s '%.80s' belongs to %.100s, not to %.100s: choose one of this plan's %s.",
		         w->group, f->priority,
		         plan_known(f->priority_plan_title) ? f->priority_plan_title : f->priority_plan,
		         plan_name(plan), w->groups);
		set(errors, "priority", msg);
	}
	slug_check(errors, f->slug, w->item);
	snprintf(msg, sizeof msg, "Enter the %s's title.", w->item);
	text_check(errors, "title", f->title, true, PLANRULES_TITLE_MAX, msg, "the title");
	static const struct {
		const char *field, *what;
	} texts[] = {
	    {"required", "what is required"}, {"now", "where Scotland is now"},
	    {"outcomes", "the outcomes"},     {"committed", "what has been committed"},
	    {"leads_text", "who leads"},      {"next_steps", "the next steps"},
	};
	const char *values[] = {f->required, f->now, f->outcomes, f->committed, f->leads_text, f->next_steps};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		text_check(errors, texts[i].field, values[i], false, PLANRULES_TEXT_MAX, NULL, texts[i].what);
	struct kdate d;
	date_check(errors, "due", f->due, false, "the due date", "2026-03-31", &d);
	source_check(errors, f->source, f->source_was, f->source_date);
	list_check(errors, "foundations", f->foundations, f->nfoundations, known_foundations, "foundation",
	           "foundations");
	if (route_maps(plan) && f->nfoundations == 0)
		set(errors, "foundations", "A route map serves at least one foundation: choose one or more.");
	list_check(errors, "fundamentals", f->fundamentals, f->nfundamentals, known_fundamentals,
	           "fundamental", "fundamentals");
	return (int)json_object_size(errors);
}

/* ---- a milestone ---- */

int planrules_milestone_check(const struct planrules_milestone *f, const struct planrules_in *plan,
                              json_t *errors)
{
	text_check(errors, "text", f->text, true, PLANRULES_TEXT_MAX, "Say what is to happen by then.",
	           "the text");
	text_check(errors, "when", f->when, false, PLANRULES_SHORT_MAX, NULL, "when it is due");
	struct kdate d;
	if (date_check(errors, "due", f->due, false, "the due date", "2026-03-31", &d))
		inside_check(errors, "due", "The due date", d, plan);
	source_check(errors, f->source, f->source_was, f->source_date);
	return (int)json_object_size(errors);
}
