/* Building the reports' blocks from the store (see report.h). Everything a report says
 * is worked out here, once; html.c and pdf.c only lay it out. */
#include "report/report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/mem.h"
#include "money/money.h"
#include "place/place.h"
#include "money/spend.h"
#include "plan/across.h"
#include "plan/board.h"
#include "plan/gaps.h"
#include "plan/plan.h"
#include "plan/spend.h"
#include "store/store.h"

/* ---- the block model ---- */

static struct report_block *block_add(struct report *r, enum report_kind kind)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->b = xrealloc(r->b, r->cap * sizeof *r->b);
	}
	struct report_block *b = &r->b[r->n++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	return b;
}

static char *vformat(const char *fmt, va_list ap)
{
	struct buf b = {0};
	buf_vprintf(&b, fmt, ap);
	return buf_steal(&b);
}

/* Adds a heading of level (1-4) with the text fmt makes; its anchor is anchor, or
 * anchor-2, anchor-3... when taken, so every anchor in a report is unique. */
static void heading(struct report *r, int level, const char *anchor, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void heading(struct report *r, int level, const char *anchor, const char *fmt, ...)
{
	struct report_block *b = block_add(r, REPORT_HEADING);
	b->level = level;
	/* Anchors are unique: a second use gets a number after it. */
	struct buf a = {0};
	buf_puts(&a, anchor);
	for (int k = 2;; k++) {
		bool taken = false;
		for (size_t i = 0; i + 1 < r->n && !taken; i++)
			taken = r->b[i].anchor && strcmp(r->b[i].anchor, buf_str(&a)) == 0;
		if (!taken)
			break;
		buf_reset(&a);
		buf_printf(&a, "%s-%d", anchor, k);
	}
	b->anchor = buf_steal(&a);
	va_list ap;
	va_start(ap, fmt);
	b->text = vformat(fmt, ap);
	va_end(ap);
}

static void para(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void para(struct report *r, const char *fmt, ...)
{
	struct report_block *b = block_add(r, REPORT_PARA);
	va_list ap;
	va_start(ap, fmt);
	b->text = vformat(fmt, ap);
	va_end(ap);
}

/* A list or a table grows cell by cell: cells are appended to the last block. */
static struct report_block *list_new(struct report *r)
{
	return block_add(r, REPORT_LIST);
}

/* Appends a copy of s (NULL: "") to b's cells. */
static void cell_add(struct report_block *b, const char *s)
{
	/* Room doubles at 8, 16, 32...: the count says the capacity. */
	if (b->n == 0 || (b->n >= 8 && (b->n & (b->n - 1)) == 0))
		b->cells = xrealloc(b->cells, (b->n ? b->n * 2 : 8) * sizeof *b->cells);
	b->cells[b->n++] = xstrdup(s ? s : "");
}

static void item(struct report_block *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void item(struct report_block *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = vformat(fmt, ap);
	va_end(ap);
	cell_add(b, s);
	free(s);
}

/* A table with caption and the cols column names given after it. */
static struct report_block *table_new(struct report *r, const char *caption, size_t cols, ...)
{
	struct report_block *b = block_add(r, REPORT_TABLE);
	b->text = xstrdup(caption);
	b->cols = cols;
	va_list ap;
	va_start(ap, cols);
	for (size_t i = 0; i < cols; i++)
		cell_add(b, va_arg(ap, const char *));
	va_end(ap);
	return b;
}

/* Adds the chart of target (a store_targets item) as seen on asof. */
static void chart_add(struct report *r, json_t *target, const char *title, struct kdate asof)
{
	struct report_block *b = block_add(r, REPORT_CHART);
	b->text = xstrdup(title);
	char id[160];
	snprintf(id, sizeof id, "chart-%s", json_string_value(json_object_get(target, "id")));
	b->anchor = xstrdup(id);
	target_pace_of(target, asof, &b->chart);
}

void report_free(struct report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		struct report_block *b = &r->b[i];
		free(b->text);
		free(b->anchor);
		for (size_t k = 0; k < b->n; k++)
			free(b->cells[k]);
		free(b->cells);
		if (b->kind == REPORT_CHART)
			target_pace_free(&b->chart);
	}
	free(r->b);
	free(r->title);
	free(r->subtitle);
	free(r->file_stem);
	free(r->data_words);
	memset(r, 0, sizeof *r);
}

/* ---- small helpers over the store's JSON ---- */

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* "25 June 2021" for an ISO date (or the date part of a timestamp); "" when not one. */
static const char *words_of(const char *iso, char out[40])
{
	struct kdate d;
	char day[11];
	out[0] = '\0';
	if (!iso || strlen(iso) < 10)
		return out;
	memcpy(day, iso, 10);
	day[10] = '\0';
	if (date_parse(day, &d, NULL) < 0)
		return out;
	struct buf b = {0};
	date_words(d, &b);
	snprintf(out, 40, "%s", buf_str(&b));
	buf_free(&b);
	return out;
}

static void words_day(struct kdate d, char out[40])
{
	char iso[11];
	date_format(d, iso);
	words_of(iso, out);
}

/* True when iso (a date or timestamp) falls in [from, to]. */
static bool within(const char *iso, struct kdate from, struct kdate to)
{
	struct kdate d;
	char day[11];
	if (!iso || strlen(iso) < 10)
		return false;
	memcpy(day, iso, 10);
	day[10] = '\0';
	return date_parse(day, &d, NULL) == 0 && date_cmp(d, from) >= 0 && date_cmp(d, to) <= 0;
}

/* An object {key: item} of the resource's items by id: a new reference. */
static json_t *by_id(json_t *items)
{
	json_t *map = json_object();
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) json_object_set(map, str(it, "id"), it);
	return map;
}

/* "Public", "Third sector", "Private", or "Not recorded": as the organisation pages say. */
static const char *sector_words(const char *sector)
{
	static const char *const words[][2] = {{"public", "Public"}, {"third", "Third sector"}, {"private", "Private"}};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (sector && strcmp(sector, words[i][0]) == 0)
			return words[i][1];
	return "Not recorded";
}

static const char *status_words(const char *status)
{
	return status ? plan_status_words(status) : "Not recorded";
}

/* The statuses counted in "what was committed", in the order of a commitment's life,
 * then those with none recorded. */
enum { NSTATUS = 5 };
static int status_index(const char *status)
{
	for (int i = 0; plan_statuses[i] && i < NSTATUS - 1; i++)
		if (status && strcmp(status, plan_statuses[i]) == 0)
			return i;
	return NSTATUS - 1;
}

static const char *const status_heads[NSTATUS] = {"Not started", "Under way", "Done", "Dropped", "Not recorded"};

/* ---- the data date and the years ---- */

bool report_year_parse(const char *s, int *year)
{
	if (!s || strlen(s) != 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	int y = atoi(s);
	if (y < 2000 || y > 2099)
		return false;
	*year = y;
	return true;
}

int report_data_date(struct store *s, struct kdate today, struct kdate *out, char words[200], struct kerr *e)
{
	json_t *at = store_audit_latest(s, e);
	if (!at)
		return -1;
	const char *iso = json_string_value(at);
	struct kdate d;
	char day[11] = "";
	if (iso && strlen(iso) >= 10) {
		memcpy(day, iso, 10);
		day[10] = '\0';
	}
	char w[40];
	bool logged = day[0] && date_parse(day, &d, NULL) == 0 && date_cmp(d, today) <= 0;
	*out = logged ? d : today;
	words_day(*out, w);
	if (words)
		snprintf(words, 200,
		         logged ? "The data is as on %s, the day of the latest change recorded."
		                : "The data is as on %s, the day this report was built.",
		         w);
	json_decref(at);
	return 0;
}

json_t *report_years(struct store *s, struct kdate today, struct kerr *e)
{
	struct kdate data;
	if (report_data_date(s, today, &data, NULL, e) < 0)
		return NULL;
	int last = data.m >= 4 ? data.y : data.y - 1, first = last;
	/* The earliest dated record of the kinds the annual report speaks about. */
	static const char *const kinds[][2] = {{"assessments", "at"}, {"board-members", "starts"}};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		json_t *all = store_resource_all(s, kinds[k][0], e);
		if (!all)
			return NULL;
		size_t i;
		json_t *it;
		json_array_foreach(all, i, it)
		{
			struct kdate d;
			const char *v = str(it, kinds[k][1]);
			char day[11] = "";
			if (strlen(v) >= 10) {
				memcpy(day, v, 10);
				day[10] = '\0';
			}
			if (day[0] && date_parse(day, &d, NULL) == 0 && date_cmp(d, data) <= 0) {
				int y = d.m >= 4 ? d.y : d.y - 1;
				if (y < first && y >= 2000)
					first = y;
			}
		}
		json_decref(all);
	}
	/* Which plan each year reports against, for the list to say. */
	json_t *plans = store_plans(s, e);
	if (!plans)
		return NULL;
	json_t *years = json_array();
	for (int y = last; y >= first; y--) {
		char label[24], from[24], to[24];
		snprintf(label, sizeof label, "%d-%02d", y, (y + 1) % 100);
		snprintf(from, sizeof from, "%d-04-01", y);
		snprintf(to, sizeof to, "%d-03-31", y + 1);
		/* A year still running on today has only a draft (report_annual). */
		bool draft = date_cmp(today, (struct kdate){y + 1, 3, 31}) <= 0;
		json_t *plan = plan_for_year(plans, y);
		json_array_append_new(years, json_pack("{s:i, s:s, s:s, s:s, s:b, s:s?}", "year", y, "label", label, "from",
		                                       from, "to", to, "draft", draft, "plan",
		                                       plan ? str(plan, "title") : NULL));
	}
	json_decref(plans);
	return years;
}

/* ---- targets ---- */

/* Keeps in target only the observations for periods up to asof, so a year's report
 * judges on what was known for that year. */
static void observations_until(json_t *target, struct kdate asof)
{
	json_t *obs = json_object_get(target, "observations"), *kept = json_array();
	char iso[11];
	date_format(asof, iso);
	size_t i;
	json_t *o;
	json_array_foreach(obs, i, o) if (strcmp(str(o, "period"), iso) <= 0) json_array_append(kept, o);
	json_object_set_new(target, "observations", kept);
}

/* The unit after a figure ("%" or " children"), as the indicator says. */
static void figure(double v, const char *unit, char out[64])
{
	char n[32];
	pace_number(v, n);
	if (!unit || !*unit)
		snprintf(out, 64, "%s", n);
	else if (strcmp(unit, "%") == 0 || strcmp(unit, "percent") == 0)
		snprintf(out, 64, "%s%%", n);
	else
		snprintf(out, 64, "%s %s", n, unit);
}

/* One target told in full: its heading, what it aims for, its chart and the finding. */
static void target_full(struct report *r, json_t *t, struct kdate asof, int level, bool area_in_title)
{
	json_t *ind = json_object_get(t, "indicator");
	char title[400];
	if (area_in_title)
		snprintf(title, sizeof title, "%s: %s", str(ind, "title"), str(t, "area_name"));
	else
		snprintf(title, sizeof title, "%s", str(ind, "title"));
	char anchor[160];
	snprintf(anchor, sizeof anchor, "target-%s", str(t, "id"));
	heading(r, level, anchor, "%s", title);
	const char *unit = str(ind, "unit");
	char b[64], v[64], wb[40], wd[40];
	figure(json_number_value(json_object_get(t, "baseline")), unit, b);
	figure(json_number_value(json_object_get(t, "value")), unit, v);
	para(r, "From %s on %s to %s by %s (%s is better). Source: %s.", b, words_of(str(t, "baseline_at"), wb), v,
	     words_of(str(t, "due"), wd), strcmp(str(t, "better"), "higher") == 0 ? "higher" : "lower",
	     *str(ind, "source") ? str(ind, "source") : "not recorded");
	chart_add(r, t, title, asof);
	/* Copied out: adding the next block may move the blocks. */
	struct pace_result found = r->b[r->n - 1].chart.r;
	para(r, "%s. %s", pace_status_words(found.status), found.why);
}

/* The council targets of one indicator, one row each. */
static void targets_local_table(struct report *r, json_t *ind, json_t *locals, struct kdate asof)
{
	char caption[400];
	snprintf(caption, sizeof caption, "%s: council targets", str(ind, "title"));
	struct report_block *tb =
	    table_new(r, caption, 5, "Council area", "Baseline", "Target", "Latest figure", "Status");
	size_t i;
	json_t *t;
	json_array_foreach(locals, i, t)
	{
		struct target_pace tp;
		target_pace_of(t, asof, &tp);
		char b[32], v[32], l[64], wd[40];
		pace_number(tp.t.baseline, b);
		pace_number(tp.t.target, v);
		char due[120];
		snprintf(due, sizeof due, "%s by %s", v, words_of(str(t, "due"), wd));
		if (tp.r.used) {
			char n[32], w[40];
			pace_number(tp.r.latest, n);
			words_day(tp.r.latest_at, w);
			snprintf(l, sizeof l, "%s (%s)", n, w);
		} else
			snprintf(l, sizeof l, "None yet");
		cell_add(tb, str(t, "area_name"));
		cell_add(tb, b);
		cell_add(tb, due);
		cell_add(tb, l);
		cell_add(tb, pace_status_words(tp.r.status));
		target_pace_free(&tp);
	}
}

/* The targets in list (already filtered to one foundation, or one area), grouped by
 * indicator: Scotland's told in full with its chart, the councils' in one table per
 * indicator (full, with charts, when local_full: the area report). */
static void targets_section(struct report *r, json_t *list, struct kdate asof, int level, bool local_full)
{
	size_t i = 0, n = json_array_size(list);
	while (i < n) {
		json_t *ind = json_object_get(json_array_get(list, i), "indicator");
		const char *id = str(ind, "id");
		json_t *locals = json_array();
		size_t j = i;
		for (; j < n && strcmp(str(json_object_get(json_array_get(list, j), "indicator"), "id"), id) == 0; j++) {
			json_t *t = json_array_get(list, j);
			if (strcmp(str(t, "area"), TARGET_SCOTLAND) == 0 || local_full)
				target_full(r, t, asof, level, local_full);
			else
				json_array_append(locals, t);
		}
		if (json_array_size(locals)) {
			if (j - i == json_array_size(locals))
				heading(r, level, "targets-local", "%s", str(ind, "title"));
			targets_local_table(r, ind, locals, asof);
		}
		json_decref(locals);
		i = j;
	}
}

/* ---- the Board ---- */

static void board_member_of(json_t *it, struct board_member *m)
{
	memset(m, 0, sizeof *m);
	m->chair = strcmp(str(it, "role"), "chair") == 0;
	m->care_experienced = json_is_true(json_object_get(it, "care_experienced"));
	date_parse(str(it, "starts"), &m->starts, NULL);
	const char *ends = json_string_value(json_object_get(it, "ends"));
	m->has_end = ends && date_parse(ends, &m->ends, NULL) == 0;
}

/* The Board in [from, to]: who served, and every run of days the rule failed, with why. */
static int section_board(struct report *r, struct store *s, struct kdate from, struct kdate to, struct kerr *e)
{
	struct board_verdict v;
	json_t *all = board_members_check(s, to, &v, e);
	if (!all)
		return -1;
	heading(r, 1, "board", "The Oversight Board");
	para(r, "The rule from the seeds: on any date, at least half of the members serving are care experienced, "
	        "and so is the Chair.");
	size_t n = json_array_size(all);
	struct board_member *m = xcalloc(n ? n : 1, sizeof *m);
	struct report_block *tb = NULL;
	size_t i;
	json_t *it;
	json_array_foreach(all, i, it)
	{
		board_member_of(it, &m[i]);
		bool served = date_cmp(m[i].starts, to) <= 0 && (!m[i].has_end || date_cmp(m[i].ends, from) >= 0);
		if (!served)
			continue;
		if (!tb)
			tb = table_new(r, "Members who served in the period", 5, "Name", "Role", "Care experienced",
			               "From", "To");
		char a[40], b[40];
		cell_add(tb, str(it, "name"));
		cell_add(tb, m[i].chair ? "Chair" : "Member");
		cell_add(tb, m[i].care_experienced ? "Yes" : "No");
		cell_add(tb, words_of(str(it, "starts"), a));
		cell_add(tb, m[i].has_end ? words_of(str(it, "ends"), b) : "Still serving");
	}
	if (!tb)
		para(r, "No members of the Board are recorded for this period.");
	/* Day by day: runs of failing days with the same reason, as sentences. */
	json_t *runs = json_array();
	long d0 = date_days(from), d1 = date_days(to), run = -1;
	char why[256] = "", run_why[256] = "";
	size_t failed_days = 0;
	for (long d = d0; d <= d1 + 1; d++) {
		bool ok = d > d1 || board_rule_on(m, n, date_from_days(d), why, sizeof why);
		if (!ok)
			failed_days++;
		if (run >= 0 && (ok || strcmp(why, run_why) != 0)) {
			char a[40], b[40], line[400];
			words_day(date_from_days(run), a);
			words_day(date_from_days(d - 1), b);
			if (run == d - 1)
				snprintf(line, sizeof line, "On %s: %s.", a, run_why);
			else
				snprintf(line, sizeof line, "From %s to %s: %s.", a, b, run_why);
			json_array_append_new(runs, json_string(line));
			run = -1;
		}
		if (!ok && run < 0) {
			run = d;
			snprintf(run_why, sizeof run_why, "%s", why);
		}
	}
	if (failed_days == 0)
		para(r, "The rule held on every day of the period.");
	else {
		para(r, "The rule did not hold on %zu day%s of the period:", failed_days, failed_days == 1 ? "" : "s");
		struct report_block *l = list_new(r);
		size_t k;
		json_t *line;
		json_array_foreach(runs, k, line) cell_add(l, json_string_value(line));
	}
	json_decref(runs);
	free(m);
	json_decref(all);
	return 0;
}

/* ---- the annual report ---- */

struct plan_data {
	const char *status_when; /* "on 31 March 2025" or "on the data date": when the statuses are from */
	json_t *orgs;        /* organisations by id */
	json_t *actions;     /* actions by id */
	json_t *commitments; /* array */
	json_t *assessments; /* array */
	json_t *priorities;  /* store_priorities_with_actions */
	json_t *foundations; /* store_foundations */
	json_t *targets;     /* store_targets(NULL) */
	json_t *plans;       /* store_plans */
	/* The plan the year reports against (plan_for_year; borrowed from plans, NULL when
	 * there is none) and the words of its shape: "priority area"/"action" or
	 * "foundation"/"route map". */
	json_t *plan;
	const char *plan_slug;
	const struct plan_words *w;
};

static void plan_data_free(struct plan_data *d)
{
	json_decref(d->orgs);
	json_decref(d->actions);
	json_decref(d->commitments);
	json_decref(d->assessments);
	json_decref(d->priorities);
	json_decref(d->foundations);
	json_decref(d->targets);
	json_decref(d->plans);
}

static json_t *all_by_id(struct store *s, const char *resource, struct kerr *e)
{
	json_t *all = store_resource_all(s, resource, e);
	if (!all)
		return NULL;
	json_t *map = by_id(all);
	json_decref(all);
	return map;
}

/* Reads everything the annual report is built from, once. -1 (nothing to free) on a
 * failed read. */
static int plan_data_load(struct store *s, struct plan_data *d, struct kerr *e)
{
	memset(d, 0, sizeof *d);
	if (!(d->orgs = all_by_id(s, "organisations", e)) || !(d->actions = all_by_id(s, "actions", e)) ||
	    !(d->commitments = store_resource_all(s, "commitments", e)) ||
	    !(d->assessments = store_resource_all(s, "assessments", e)) ||
	    !(d->priorities = store_priorities_with_actions(s, e)) || !(d->foundations = store_foundations(s, e)) ||
	    !(d->targets = store_targets(s, NULL, e)) || !(d->plans = store_plans(s, e))) {
		plan_data_free(d);
		return -1;
	}
	d->w = plan_shape_words(NULL);
	return 0;
}

/* Sets the plan year reports against (plan_for_year) in d. */
static void plan_data_year(struct plan_data *d, int year)
{
	d->plan = plan_for_year(d->plans, year);
	d->plan_slug = d->plan ? str(d->plan, "slug") : "";
	d->w = plan_shape_words(d->plan ? str(d->plan, "shape") : NULL);
}

/* The item of the year's plan that commitment or assessment c's action stands for: its
 * action when that is of the plan, else the route map (or later action) that carries it
 * on (plan_carried_into). NULL when none. */
static const char *item_of(const struct plan_data *d, json_t *c)
{
	return plan_carried_into(d->actions, str(c, "action"), d->plan_slug);
}

/* True when c's action stands for item (a slug) in the year's plan. */
static bool counts_under(const struct plan_data *d, json_t *c, const char *item)
{
	const char *i = item_of(d, c);
	return i && strcmp(i, item) == 0;
}

/* s with its first letter in capitals, into out. */
static const char *capital(const char *s, char out[64])
{
	snprintf(out, 64, "%s", s);
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
	return out;
}

static const char *org_name(const struct plan_data *d, const char *slug)
{
	const char *n = str(json_object_get(d->orgs, slug ? slug : ""), "name");
	return *n ? n : slug ? slug : "";
}

/* The title of action slug. */
static const char *action_title(const struct plan_data *d, const char *slug)
{
	json_t *a = json_object_get(d->actions, slug ? slug : "");
	return a ? str(a, "title") : slug ? slug : "";
}

static const char *rating_words(const char *key)
{
	const struct plan_rating *rt = plan_rating_find(key);
	return rt ? rt->words : "Not recorded";
}

/* The commitments by status of every action of priority p, a total row last. */
static void committed_table(struct report *r, const struct plan_data *d, json_t *p)
{
	char caption[400];
	snprintf(caption, sizeof caption, "What was committed: %s", str(p, "title"));
	char head[64];
	struct report_block *tb = table_new(r, caption, 7, capital(d->w->item, head), status_heads[0], status_heads[1],
	                                    status_heads[2], status_heads[3], status_heads[4], "All");
	int sum[NSTATUS] = {0};
	size_t i, k;
	json_t *a, *c;
	json_array_foreach(json_object_get(p, "actions"), i, a)
	{
		int count[NSTATUS] = {0}, all = 0;
		json_array_foreach(d->commitments, k, c) if (counts_under(d, c, str(a, "slug")))
		{
			count[status_index(json_string_value(json_object_get(c, "status")))]++;
			all++;
		}
		cell_add(tb, str(a, "title"));
		for (int j = 0; j < NSTATUS; j++) {
			item(tb, "%d", count[j]);
			sum[j] += count[j];
		}
		item(tb, "%d", all);
	}
	int all = 0;
	item(tb, "All %s", d->w->items);
	for (int j = 0; j < NSTATUS; j++) {
		item(tb, "%d", sum[j]);
		all += sum[j];
	}
	item(tb, "%d", all);
}

/* An item with its date, for sorting by date (then by the order found). */
struct dated {
	const char *at;
	size_t order;
	json_t *item, *of;
};

static int dated_cmp(const void *a, const void *b)
{
	const struct dated *x = a, *y = b;
	int c = strcmp(x->at, y->at);
	return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* The year in three figures: commitments by status, the Board's assessments in [from,
 * to], the targets by pace as on asof (their observations already cut to asof). */
static void section_summary(struct report *r, const struct plan_data *d, struct kdate from, struct kdate to,
                            struct kdate asof)
{
	int totals[NSTATUS] = {0}, assessed = 0, paces[5] = {0};
	size_t k;
	json_t *c;
	json_array_foreach(d->commitments, k, c) totals[status_index(json_string_value(json_object_get(c, "status")))]++;
	json_array_foreach(d->assessments, k, c) assessed += within(str(c, "at"), from, to);
	json_array_foreach(d->targets, k, c)
	{
		struct target_pace tp;
		target_pace_of(c, asof, &tp);
		paces[tp.r.status]++;
		target_pace_free(&tp);
	}
	heading(r, 1, "summary", "Summary");
	char caption[200];
	snprintf(caption, sizeof caption, "Commitments by status %s (all organisations, all actions)", d->status_when);
	struct report_block *tb = table_new(r, caption, 2, "Status", "Commitments");
	int all = 0;
	for (int j = 0; j < NSTATUS; j++) {
		cell_add(tb, status_heads[j]);
		item(tb, "%d", totals[j]);
		all += totals[j];
	}
	cell_add(tb, "All");
	item(tb, "%d", all);
	para(r, "The Oversight Board recorded %d assessment%s of actions in the year.", assessed,
	     assessed == 1 ? "" : "s");
	tb = table_new(r, "Targets by status", 2, "Status", "Targets");
	static const enum pace_status order[] = {PACE_REACHED, PACE_ON_TRACK, PACE_AT_RISK, PACE_OFF_TRACK,
	                                         PACE_NO_DATA};
	for (size_t j = 0; j < 5; j++) {
		cell_add(tb, pace_status_words(order[j]));
		item(tb, "%d", paces[order[j]]);
	}
}

/* For each priority area with actions: the commitments of each action by status, those
 * done, and the Board's assessments dated in [from, to] in date order. */
static void section_priorities(struct report *r, const struct plan_data *d, struct kdate from, struct kdate to)
{
	char head[64];
	/* "Priority areas", or "Route maps by foundation" (the foundations have a section of
	 * their own below). */
	if (d->plan && strcmp(str(d->plan, "shape"), "route_maps") == 0)
		heading(r, 1, "priorities", "%s by %s", capital(d->w->items, head), d->w->group);
	else
		heading(r, 1, "priorities", "%s", capital(d->w->groups, head));
	if (!d->plan) {
		para(r, "No plan of actions or route maps is recorded for this year.");
		return;
	}
	para(r, "For each %s of %s: what organisations have committed to under each %s, by their status %s (a "
	        "commitment to an action of an earlier plan counts under the %s that carries that action on); what "
	        "is done; and the Oversight Board's assessments dated in the year.",
	     d->w->group, str(d->plan, "title"), d->w->item, d->status_when, d->w->item);
	size_t i;
	json_t *p;
	json_array_foreach(d->priorities, i, p)
	{
		if (json_array_size(json_object_get(p, "actions")) == 0 ||
		    strcmp(str(json_object_get(p, "plan"), "slug"), d->plan_slug) != 0)
			continue;
		char anchor[160];
		snprintf(anchor, sizeof anchor, "priority-%s", str(p, "slug"));
		heading(r, 2, anchor, "%s", str(p, "title"));
		para(r, "A %s of %s.", d->w->group, str(json_object_get(p, "plan"), "title"));
		committed_table(r, d, p);

		snprintf(anchor, sizeof anchor, "delivered-%s", str(p, "slug"));
		heading(r, 3, anchor, "What was delivered");
		struct report_block *done = NULL;
		size_t k, j;
		json_t *a, *c;
		json_array_foreach(json_object_get(p, "actions"), k, a)
		{
			json_array_foreach(d->commitments, j, c)
			{
				if (!counts_under(d, c, str(a, "slug")) || strcmp(str(c, "status"), "done") != 0)
					continue;
				if (!done)
					done = list_new(r);
				if (strcmp(str(c, "action"), str(a, "slug")) == 0)
					item(done, "%s: %s (%s)", org_name(d, str(c, "organisation")), str(c, "text"),
					     str(a, "title"));
				else
					item(done, "%s: %s (%s, carried on by %s)", org_name(d, str(c, "organisation")),
					     str(c, "text"), action_title(d, str(c, "action")), str(a, "title"));
			}
		}
		if (!done)
			para(r, "No commitment under this %s is recorded as done.", d->w->group);

		snprintf(anchor, sizeof anchor, "assessed-%s", str(p, "slug"));
		heading(r, 3, anchor, "The Board's assessments");
		/* The year's assessments of these actions, in date order. */
		size_t n = 0, cap = json_array_size(d->assessments) + 1;
		struct dated *rows = xmalloc(cap * sizeof *rows);
		json_array_foreach(json_object_get(p, "actions"), k, a)
		{
			json_array_foreach(d->assessments, j, c)
			if (counts_under(d, c, str(a, "slug")) && within(str(c, "at"), from, to)) {
				rows[n] = (struct dated){str(c, "at"), n, c, a};
				n++;
			}
		}
		qsort(rows, n, sizeof *rows, dated_cmp);
		if (n) {
			char caption[400];
			snprintf(caption, sizeof caption, "The Board's assessments in the year: %s", str(p, "title"));
			struct report_block *tb =
			    table_new(r, caption, 4, capital(d->w->item, head), "Date", "Rating", "What the Board found");
			for (size_t x = 0; x < n; x++) {
				char w[40];
				if (strcmp(str(rows[x].item, "action"), str(rows[x].of, "slug")) == 0)
					cell_add(tb, str(rows[x].of, "title"));
				else
					item(tb, "%s (carried on by %s)", action_title(d, str(rows[x].item, "action")),
					     str(rows[x].of, "title"));
				cell_add(tb, words_of(rows[x].at, w));
				cell_add(tb, rating_words(str(rows[x].item, "rating")));
				cell_add(tb, str(rows[x].item, "text"));
			}
		} else
			para(r, "The Board recorded no assessment of these %s in the year.", d->w->items);
		free(rows);
	}
}

/* The commitments whose action no item of the year's plan stands for (an action of
 * another plan that nothing of this plan carries on), by action and status, so every
 * commitment the summary counts is told somewhere. Nothing when there are none. */
static void section_other_plans(struct report *r, const struct plan_data *d)
{
	json_t *rows = json_array(); /* action slugs in the order first met, by plan then position */
	json_t *seen = json_object();
	size_t i, k, n;
	json_t *p, *a, *c;
	json_array_foreach(d->priorities, i, p) json_array_foreach(json_object_get(p, "actions"), k, a)
	{
		const char *slug = str(a, "slug");
		json_array_foreach(d->commitments, n, c) if (strcmp(str(c, "action"), slug) == 0 && !item_of(d, c) &&
		                                              !json_object_get(seen, slug))
		{
			json_object_set_new(seen, slug, json_true());
			json_array_append_new(rows, json_string(slug));
		}
	}
	json_decref(seen);
	if (json_array_size(rows) == 0) {
		json_decref(rows);
		return;
	}
	heading(r, 2, "other-plans", "Commitments to other plans' actions");
	if (d->plan)
		para(r, "Commitments to actions of other plans that no %s of %s carries on, by their status %s.", d->w->item,
		     str(d->plan, "title"), d->status_when);
	else
		para(r, "Commitments by action and plan, by their status %s.", d->status_when);
	struct report_block *tb = table_new(r, "Commitments to other plans' actions, by status", 8, "Action", "Plan",
	                                    status_heads[0], status_heads[1], status_heads[2], status_heads[3],
	                                    status_heads[4], "All");
	json_t *slug;
	json_array_foreach(rows, k, slug)
	{
		const char *id = json_string_value(slug);
		json_t *act = json_object_get(d->actions, id);
		const char *plan = str(act, "plan");
		json_t *pl;
		size_t j;
		json_array_foreach(d->plans, j, pl) if (strcmp(str(pl, "slug"), plan) == 0) plan = str(pl, "title");
		int count[NSTATUS] = {0}, all = 0;
		json_array_foreach(d->commitments, j, c) if (strcmp(str(c, "action"), id) == 0)
		{
			count[status_index(json_string_value(json_object_get(c, "status")))]++;
			all++;
		}
		cell_add(tb, str(act, "title"));
		cell_add(tb, plan);
		for (int x = 0; x < NSTATUS; x++)
			item(tb, "%d", count[x]);
		item(tb, "%d", all);
	}
	json_decref(rows);
}

/* One sentence: how many actions serve foundation f, and the commitments to them by
 * status. */
static void foundation_committed(struct report *r, const struct plan_data *d, json_t *f)
{
	int count[NSTATUS] = {0}, all = 0, actions = 0;
	const char *slug = str(f, "slug");
	const char *key;
	json_t *a;
	json_object_foreach(d->actions, key, a)
	{
		/* An item of the year's plan serves the foundations it names, and a route map
		 * the foundation it is grouped under. */
		if (strcmp(str(a, "plan"), d->plan_slug) != 0)
			continue;
		bool serves = false;
		size_t i;
		json_t *fs, *p;
		json_array_foreach(json_object_get(a, "foundations"), i, fs) serves |= strcmp(json_string_value(fs), slug) == 0;
		json_array_foreach(d->priorities, i, p) serves |= strcmp(str(p, "slug"), str(a, "priority")) == 0 &&
		                                                  strcmp(str(p, "foundation"), slug) == 0;
		if (!serves)
			continue;
		actions++;
		json_t *c;
		json_array_foreach(d->commitments, i, c) if (counts_under(d, c, key))
		{
			count[status_index(json_string_value(json_object_get(c, "status")))]++;
			all++;
		}
	}
	const char *plan = d->plan ? str(d->plan, "title") : "the Plan";
	const char *noun = actions == 1 ? d->w->item : d->w->items;
	if (actions == 0) {
		para(r, "No %s of %s is recorded as serving %s.", d->w->item, plan, str(f, "title"));
		return;
	}
	if (all == 0) {
		para(r, "%d %s of %s serve%s %s; no organisation has committed to %s yet.", actions, noun, plan,
		     actions == 1 ? "s" : "", str(f, "title"), actions == 1 ? "it" : "them");
		return;
	}
	para(r, "%d %s of %s serve%s %s, with %d commitment%s: %d done, %d under way, %d not started, %d dropped, %d "
	        "without a status.",
	     actions, noun, plan, actions == 1 ? "s" : "", str(f, "title"), all, all == 1 ? "" : "s", count[2], count[1],
	     count[0], count[3], count[4]);
}

/* For each foundation: the commitments to its actions and its targets (the targets'
 * observations already cut to asof), then any target whose indicator has no
 * foundation. */
static void section_targets(struct report *r, const struct plan_data *d, struct kdate asof)
{
	heading(r, 1, "targets", "Foundations and their targets");
	char w[40];
	words_day(asof, w);
	para(r, "For each foundation: the commitments to the %s that serve it, by their status %s, and the "
	        "targets the Oversight Board has set, with whether each is on track, judged on the figures published "
	        "for periods up to %s. Scotland's targets are shown with a chart; each council's targets are in a "
	        "table under its indicator (the report for a council area charts them).",
	     d->w->items, d->status_when, w);
	size_t i, k;
	json_t *f, *t;
	json_t *seen = json_object();
	json_array_foreach(d->foundations, i, f)
	{
		json_t *list = json_array();
		json_array_foreach(d->targets, k, t) if (strcmp(str(json_object_get(t, "indicator"), "foundation"),
		                                                str(f, "slug")) == 0)
		{
			json_array_append(list, t);
			json_object_set_new(seen, str(t, "id"), json_true());
		}
		char anchor[160];
		snprintf(anchor, sizeof anchor, "foundation-%s", str(f, "slug"));
		heading(r, 2, anchor, "%s", str(f, "title"));
		foundation_committed(r, d, f);
		if (json_array_size(list) == 0)
			para(r, "No target is set for this foundation yet.");
		else
			targets_section(r, list, asof, 3, false);
		json_decref(list);
	}
	json_t *rest = json_array();
	json_array_foreach(d->targets, k, t) if (!json_object_get(seen, str(t, "id"))) json_array_append(rest, t);
	if (json_array_size(rest)) {
		heading(r, 2, "targets-other", "Other targets");
		targets_section(r, rest, asof, 3, false);
	}
	json_decref(rest);
	json_decref(seen);
}

/* ---- The Money ---- */

/* "62.5%" of a share in tenths of a percent (a JSON integer), or "not available". */
static const char *share_words(json_t *tenths, char out[32])
{
	spend_percent(json_is_integer(tenths) ? json_integer_value(tenths) : -1, out);
	return out;
}

/* The year of view (spend_view) whose first year is fy, or NULL. */
static json_t *spend_year(json_t *view, int fy)
{
	size_t i;
	json_t *y;
	json_array_foreach(json_object_get(view, "years"), i, y) if (json_integer_value(json_object_get(y, "year")) == fy)
	    return y;
	return NULL;
}

/* A table of parts ([{label, pounds, share}]) of what was spent. */
static void spend_parts_table(struct report *r, const char *caption, const char *head, json_t *parts)
{
	struct report_block *tb = table_new(r, caption, 3, head, "Spent", "Share of all spending");
	size_t i;
	json_t *p;
	json_array_foreach(parts, i, p)
	{
		char pounds[32], share[32];
		spend_pounds(json_integer_value(json_object_get(p, "pounds")), pounds);
		cell_add(tb, str(p, "label"));
		cell_add(tb, pounds);
		cell_add(tb, share_words(json_object_get(p, "share"), share));
	}
}

/* What was spent in Scotland in financial year fy, as organisations recorded it. */
static int money_part_spend(struct report *r, struct store *s, int fy, struct kerr *e)
{
	char fyw[8], before[8];
	money_fy_words(fy, fyw);
	money_fy_words(fy - 1, before);
	heading(r, 2, "money-spend", "What was spent");
	json_t *view = spend_view(s, SPEND_SCOTLAND, e);
	if (!view)
		return -1;
	json_t *y = spend_year(view, fy);
	if (!y) {
		para(r, "No organisation has recorded what it spent in %s.", fyw);
		json_decref(view);
		return 0;
	}
	char total[32], prevention[32], crisis[32], pooled[32];
	spend_pounds(json_integer_value(json_object_get(y, "total")), total);
	json_int_t lines = json_integer_value(json_object_get(y, "lines"));
	json_int_t made_up = json_integer_value(json_object_get(y, "made_up"));
	para(r, "Organisations recorded %s of spending on children and families in and around the care system in "
	        "Scotland in %s, in %lld %s: what councils, health boards, national bodies and others spent, each "
	        "counted once, by the organisation that paid it.",
	     total, fyw, (long long)lines, lines == 1 ? "entry" : "entries");
	if (made_up == lines)
		para(r, "All of these figures are made up for the demonstration: they show how the report works, not "
		        "what anyone spent.");
	else if (made_up > 0)
		para(r, "%lld of the %lld entries %s made up for the demonstration: they show how the report works, not "
		        "what anyone spent, and every figure below includes them.",
		     (long long)made_up, (long long)lines, made_up == 1 ? "is" : "are");
	const char *mark = made_up > 0 ? " (includes figures made up for the demonstration)" : "";
	char caption[200];
	snprintf(caption, sizeof caption, "Spending in Scotland in %s by what it was for%s", fyw, mark);
	spend_parts_table(r, caption, "What it was for", json_object_get(y, "groups"));
	snprintf(caption, sizeof caption, "Spending in Scotland in %s by where in the system it was spent%s", fyw, mark);
	spend_parts_table(r, caption, "Where in the system", json_object_get(y, "levels"));
	share_words(json_object_get(y, "prevention_share"), prevention);
	share_words(json_object_get(y, "crisis_share"), crisis);
	para(r, "%s was spent on early help and prevention, helping families before a crisis, and %s on meeting a "
	        "crisis or an urgent need.",
	     prevention, crisis);
	json_t *p = spend_year(view, fy - 1);
	json_t *now_share = json_object_get(y, "prevention_share");
	json_t *then_share = p ? json_object_get(p, "prevention_share") : NULL;
	if (json_is_integer(now_share) && json_is_integer(then_share)) {
		json_int_t d = json_integer_value(now_share) - json_integer_value(then_share);
		char then[32];
		share_words(then_share, then);
		if (d == 0)
			para(r, "In %s the share on early help and prevention was the same, %s.", before, then);
		else
			para(r, "In %s the share on early help and prevention was %s: it went %s by %lld.%lld percentage points.",
			     before, then,
			     d > 0 ? "up" : "down", (long long)(d < 0 ? -d : d) / 10, (long long)(d < 0 ? -d : d) % 10);
	} else
		para(r, "No spending was recorded for %s, so the share cannot be compared with the year before.", before);
	share_words(json_object_get(y, "pooled_share"), pooled);
	para(r, "%s was in budgets that organisations pooled, putting their money together so that it does not stay "
	        "in one organisation's budget.",
	     pooled);
	json_decref(view);
	return 0;
}

/* What placements cost in financial year fy, from the councils' care records, Scotland's
 * figures as they may be shown. */
static void money_part_placements(struct report *r, json_t *costs, int fy)
{
	char fyw[8];
	money_fy_words(fy, fyw);
	heading(r, 2, "money-placements", "What placements cost");
	json_int_t councils = json_integer_value(json_object_get(costs, "councils_with_records"));
	if (councils == 0) {
		para(r, "No council's care records cover %s, so what placements cost that year cannot be worked out.", fyw);
		return;
	}
	json_t *sc = json_object_get(costs, "scotland");
	para(r, "From the care records of %lld %s: how many days children spent in each kind of place while looked "
	        "after in %s, times what a week in that kind of place costs, from published sources. A kind of place "
	        "that no published source prices is counted but not costed. Where children spent fewer than five "
	        "years in all in a kind of place, its figures are not shown, so that no child can be picked out.",
	     (long long)councils, councils == 1 ? "council" : "councils", fyw);
	struct report_block *tb =
	    table_new(r, "What placements cost in Scotland, by kind of place", 3, "Kind of place", "Days children spent there", "Cost");
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(sc, "types"), i, t)
	{
		char days[40], cost[128], label[64];
		cell_add(tb, capital(str(t, "label"), label));
		if (json_is_true(json_object_get(t, "few"))) {
			cell_add(tb, "not shown: too few");
			cell_add(tb, "not shown: too few");
			continue;
		}
		money_thousands(days, sizeof days, json_number_value(json_object_get(t, "days")));
		cell_add(tb, days);
		if (!json_is_true(json_object_get(t, "priced"))) {
			cell_add(tb, "not priced: no published cost");
			continue;
		}
		char n[40];
		money_thousands(n, sizeof n, json_number_value(json_object_get(t, "cost")));
		snprintf(cost, sizeof cost, "£%s (%s pounds)", n, str(t, "price_year"));
		cell_add(tb, cost);
	}
	json_t *total = json_object_get(sc, "total");
	char unpriced[40];
	money_thousands(unpriced, sizeof unpriced, json_number_value(json_object_get(sc, "unpriced_days")));
	if (json_is_number(total)) {
		char n[40];
		money_thousands(n, sizeof n, json_number_value(total));
		para(r, "The kinds of place that are priced cost £%s in all. Each cost is in the pounds of the year its "
		        "source priced it (%s to %s), not adjusted for rising prices. %s days were in kinds of place "
		        "with no published cost, so the real cost is higher.",
		     n, str(sc, "price_year_from"), str(sc, "price_year_to"), unpriced);
	} else
		para(r, "The total is not shown, so that a hidden figure cannot be worked out from it.");
}

/* keep's cost of failure beside The Money's published totals. */
static void money_part_failure(struct report *r, json_t *costs)
{
	json_t *f = json_object_get(costs, "failure");
	heading(r, 2, "money-failure", "The cost of failure");
	char needs[40], the_needs[40], the_lost[40];
	snprintf(needs, sizeof needs, "%.1f", json_number_value(json_object_get(f, "needs_total")) / 1e6);
	money_thousands(the_needs, sizeof the_needs, json_number_value(json_object_get(f, "the_money_needs")) / 1e6);
	money_thousands(the_lost, sizeof the_lost, json_number_value(json_object_get(f, "the_money_lost")) / 1e6);
	para(r, "When the care system fails children, the cost goes on into adult life: more care-experienced adults "
	        "are homeless or in prison, and many earn less. keep works out its own yearly figure from published "
	        "figures, counting only what goes beyond what the same number of other adults would cost: about £%sm "
	        "a year to meet the needs this failure creates (homelessness and prison only).",
	     needs);
	para(r, "The Money (Independent Care Review, 2020) published about £%sm a year meeting those needs, and £%sm a "
	        "year of income tax and National Insurance lost.",
	     the_needs, the_lost);
	para(r, "keep's figure is smaller because it counts only homelessness and prison, each priced at one published "
	        "cost, while The Money counted many more costs and never published how it worked them out.");
}

/* The Money for Scotland in financial year fy (the report year): what was spent, what
 * placements cost from the records, and the cost of failure. */
static int section_money(struct report *r, struct store *s, int fy, struct kerr *e)
{
	char fyw[8];
	money_fy_words(fy, fyw);
	heading(r, 1, "money", "The Money");
	para(r, "What is spent on children and families in and around the care system, what the care of children who "
	        "are looked after costs, and what the care system's failures cost later in life, for Scotland in the "
	        "financial year %s (1 April %d to 31 March %d). No figure here is about any one child.",
	     fyw, fy, fy + 1);
	if (money_part_spend(r, s, fy, e) < 0)
		return -1;
	json_t *costs = money_costs_report(s, NULL, fy, -1, 0, e);
	if (!costs)
		return -1;
	money_part_placements(r, costs, fy);
	money_part_failure(r, costs);
	json_decref(costs);
	return 0;
}

/* ---- places for children to 2030 (docs/places.md "Sufficiency to 2030", "Commissioning") */

/* "120 (95 to 150)" of a band in the JSON of place_sufficiency_json, signed with a true
 * minus when sign is true. */
static const char *band_words3(json_t *b, bool sign, char out[112])
{
	char v[3][32];
	const char *k[3] = {"p50", "p5", "p95"};
	for (int i = 0; i < 3; i++) {
		double x = json_number_value(json_object_get(b, k[i]));
		if (sign && x < 0)
			snprintf(v[i], sizeof v[i], "\u2212%.0f", -x);
		else
			snprintf(v[i], sizeof v[i], "%.0f", x);
	}
	snprintf(out, 112, "%s (%s to %s)", v[0], v[1], v[2]);
	return out;
}

/* The homes to add in year y's middle estimate: "3 (8 places)", or "none". */
static void homes_cell(struct report_block *tb, json_t *y)
{
	long long homes = 0, places = json_integer_value(json_object_get(json_object_get(y, "commission_places"), "p50"));
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(y, "commission"), i, a) homes += json_integer_value(json_object_get(a, "p50"));
	if (homes == 0)
		cell_add(tb, "none");
	else
		item(tb, "%lld (%lld places)", homes, places);
}

static const char places_how[] =
    "From each council's own care records, keep projects how many children will need a place with a care "
    "service (a foster family, a children's house, a residential school, secure care and the like) on 31 March of "
    "each year, following 1,000 possible futures: the first figure is the middle one, the range in brackets holds "
    "9 in 10 of them. Places are those registered in the council by active care services. Homes to add are the "
    "fewest homes that would let every projected group of brothers and sisters live together, filling the "
    "largest groups first. Every figure from the care records is rounded to the nearest 5; no figure is about "
    "any one child.";

/* Every council with care records in 2029-30, or (council not NULL) one council year by
 * year, as on today. */
static int section_places(struct report *r, struct store *s, const char *council, struct kdate today,
                          struct kerr *e)
{
	json_t *rep = place_sufficiency_report(s, council, (int32_t)date_days(today), 0, e);
	if (!rep)
		return -1;
	heading(r, 1, "places", "Places for children to 2030");
	json_t *councils = json_object_get(rep, "councils");
	if (json_array_size(councils) == 0) {
		para(r, "No care records of %s are in keep, so the places children will need cannot be projected.",
		     council ? "the council" : "any council");
		json_decref(rep);
		return 0;
	}
	para(r, "%s", places_how);
	size_t i, k;
	json_t *c, *y;
	bool made_up = false;
	json_array_foreach(councils, i, c) made_up |= json_is_true(json_object_get(c, "made_up"));
	if (made_up)
		para(r, "Made up: some of the care services in the register are made up, for showing how keep works. "
		        "Their places are not real.");
	struct report_block *tb;
	if (!council) {
		tb = table_new(r, "Children likely to need a place with a care service on 31 March 2030, against the places "
		                  "registered in each council",
		               5, "Council", "Children", "Places", "Places left over", "Homes to add for brothers and sisters");
		json_array_foreach(councils, i, c)
		{
			y = json_array_get(json_object_get(c, "years"), json_array_size(json_object_get(c, "years")) - 1);
			json_t *p = json_object_get(y, "placed");
			char a[112], b[112];
			cell_add(tb, str(c, "name"));
			cell_add(tb, band_words3(json_object_get(p, "children"), false, a));
			item(tb, "%lld", (long long)json_integer_value(json_object_get(p, "places")));
			cell_add(tb, band_words3(json_object_get(p, "gap"), true, b));
			homes_cell(tb, y);
		}
	} else {
		c = json_array_get(councils, 0);
		tb = table_new(r, "Children likely to need a place with a care service on 31 March of each year, against the "
		                  "places registered in the council",
		               5, "Year", "Children", "Places", "Places left over", "Homes to add for brothers and sisters");
		json_array_foreach(json_object_get(c, "years"), k, y)
		{
			json_t *p = json_object_get(y, "placed");
			char a[112], b[112];
			cell_add(tb, str(y, "year"));
			cell_add(tb, band_words3(json_object_get(p, "children"), false, a));
			item(tb, "%lld", (long long)json_integer_value(json_object_get(p, "places")));
			cell_add(tb, band_words3(json_object_get(p, "gap"), true, b));
			homes_cell(tb, y);
		}
	}
	json_decref(rep);
	return 0;
}

static int section_gaps(struct report *r, struct store *s, const char *area, json_t *here, struct kdate asof,
                        const struct plan_data *d, bool ended, struct kerr *e);

/* The cover's facts and the contents: shared by every report. */
static void front(struct report *r)
{
	block_add(r, REPORT_TOC);
}

/* The commitments of d as they were at the end of a year that has ended (day, YYYY-MM-DD),
 * from their dated timeline (docs/oversight.md, "A year that has ended"): the status of
 * the latest entry with a status dated by then; the status recorded when the timeline
 * never held one (it has not changed in keep since it was loaded); not recorded when its
 * statuses are all dated later; and left out when every entry is dated later (it was
 * added after the year). */
static int commitments_at(struct store *s, struct plan_data *d, const char *day, struct kerr *e)
{
	json_t *then = store_commitment_statuses_at(s, day, e);
	if (!then)
		return -1;
	json_t *by = by_id(then);
	json_t *kept = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(d->commitments, i, c)
	{
		json_t *t = json_object_get(by, str(c, "id"));
		json_int_t entries = json_integer_value(json_object_get(t, "entries"));
		json_int_t by_then = json_integer_value(json_object_get(t, "entries_by"));
		json_int_t with_status = json_integer_value(json_object_get(t, "status_entries"));
		if (entries > 0 && by_then == 0)
			continue;
		if (with_status > 0)
			json_object_set(c, "status", json_object_get(t, "status"));
		json_array_append(kept, c);
	}
	json_decref(by);
	json_decref(then);
	json_decref(d->commitments);
	d->commitments = kept;
	return 0;
}

/* The action each commitment of d had at the end of day (YYYY-MM-DD), from the audit log:
 * the action before the first change of its action recorded after that day, else its
 * action now. So a commitment moved since to the route map that carries its action on
 * is told as it was in the year. */
static int actions_at(struct store *s, struct plan_data *d, const char *day, struct kerr *e)
{
	struct kdate end;
	char after_day[11];
	if (date_parse(day, &end, NULL) < 0)
		return kerr_set(e, KERR_INVALID, "'%s' is not a date", day);
	date_format(date_from_days(date_days(end) + 1), after_day);
	json_t *log = store_audit_list(s, "commitment", NULL, after_day, e);
	if (!log)
		return -1;
	json_t *was = json_object();
	size_t i;
	json_t *rec, *c;
	json_array_foreach(log, i, rec)
	{
		json_t *b = json_object_get(json_object_get(rec, "before"), "action");
		json_t *a = json_object_get(json_object_get(rec, "after"), "action");
		if (strcmp(str(rec, "verb"), "update") != 0 || json_equal(b ? b : json_null(), a ? a : json_null()) ||
		    json_object_get(was, str(rec, "entity_id")))
			continue;
		json_object_set(was, str(rec, "entity_id"), b ? b : json_null());
	}
	json_array_foreach(d->commitments, i, c)
	{
		json_t *then = json_object_get(was, str(c, "id"));
		if (then)
			json_object_set(c, "action", then);
	}
	json_decref(was);
	json_decref(log);
	return 0;
}

int report_annual(struct store *s, int year, struct kdate today, struct report *r, struct kerr *e)
{
	struct kdate from = {year, 4, 1}, to = {year + 1, 3, 31};
	char words[200];
	if (report_data_date(s, today, &r->data_date, words, e) < 0)
		return -1;
	struct plan_data d;
	if (plan_data_load(s, &d, e) < 0)
		return -1;
	plan_data_year(&d, year);
	struct kdate asof = date_cmp(r->data_date, to) < 0 ? r->data_date : to;
	char wf[40], wt[40], when[60];
	/* A year that has ended is reported as it was at its end; one still running is a draft. */
	bool ended = date_cmp(today, to) > 0;
	words_day(to, wt);
	snprintf(when, sizeof when, ended ? "on %s" : "on the data date", wt);
	d.status_when = when;
	if (ended) {
		char day[11];
		date_format(to, day);
		if (commitments_at(s, &d, day, e) < 0 || actions_at(s, &d, day, e) < 0) {
			plan_data_free(&d);
			return -1;
		}
	}
	struct buf b = {0};
	buf_printf(&b, "The Promise: annual report %d-%02d%s", year, (year + 1) % 100, ended ? "" : " (draft)");
	r->title = buf_steal(&b);
	words_day(from, wf);
	words_day(to, wt);
	buf_printf(&b, "The Oversight Board's report to the Scottish Parliament for the year from %s to %s.", wf, wt);
	r->subtitle = buf_steal(&b);
	buf_printf(&b, "keep-annual-%d", year);
	r->file_stem = buf_steal(&b);
	r->data_words = xstrdup(words);
	front(r);

	heading(r, 1, "about", "About this report");
	para(r, "The Promise is Scotland's commitment that every child grows up loved, safe and respected. The "
	        "Oversight Board judges whether the work to keep it is good enough and fast enough, and reports "
	        "each year to the Scottish Parliament.");
	if (ended)
		para(r, "This report covers the year from %s to %s. %s Commitments are shown with the status they had "
		        "on %s, from their dated timeline, so later changes do not alter this report; the Board's "
		        "assessments are those dated in the year.",
		     wf, wt, words, wt);
	else
		para(r, "This is a draft: the year runs to %s, so this is not yet the year's report. It covers the year "
		        "from %s so far. %s Commitments are shown with the status recorded on that date; the Board's "
		        "assessments are those dated in the year so far.",
		     wt, wf, words);
	if (d.plan)
		para(r, "It reports against %s, the plan of The Promise in force in the year: its %s, grouped under its "
		        "%s.",
		     str(d.plan, "title"), d.w->items, d.w->groups);
	else
		para(r, "No plan of actions or route maps is recorded for this year.");
	para(r, "It holds no information about any child, only evidence that has been published, and does not name "
	        "who recorded what.");

	/* Targets are judged on what was known for the year. */
	size_t k;
	json_t *t;
	json_array_foreach(d.targets, k, t) observations_until(t, asof);
	section_summary(r, &d, from, to, asof);
	section_priorities(r, &d, from, to);
	section_other_plans(r, &d);
	section_targets(r, &d, asof);
	if (section_money(r, s, year, e) < 0 || section_places(r, s, NULL, today, e) < 0 ||
	    section_gaps(r, s, NULL, NULL, asof, &d, ended, e) < 0 ||
	    section_board(r, s, from, to, e) < 0) {
		plan_data_free(&d);
		return -1;
	}
	plan_data_free(&d);
	return 0;
}

/* ---- gaps ---- */

/* The gaps as on asof: all of them, or (area a GSS code, here its organisations by
 * slug) those of the area's organisations and whether the area has a local target. */
/* Orders overdue commitments as store_gaps does: by due date, organisation, id. */
static int overdue_cmp(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(str(x, "due"), str(y, "due"));
	if (!c)
		c = strcmp(str(x, "organisation_name"), str(y, "organisation_name"));
	return c ? c : strcmp(str(x, "id"), str(y, "id"));
}

/* Orders organisations as store_gaps does: by name, then id. */
static int org_cmp(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(str(x, "name"), str(y, "name"));
	return c ? c : strcmp(str(x, "id"), str(y, "id"));
}

/* The gaps that follow from the commitments, worked out from then's (as they were at
 * the end of a year that has ended, commitments_at) instead of today's: actions no one
 * had committed to, commitments past their due date and not done, organisations that had
 * committed to nothing. */
static void gaps_then(json_t *g, const struct plan_data *then, struct kdate asof)
{
	char day[11];
	date_format(asof, day);
	json_t *overdue = json_array(), *actions = json_array(), *orgs = json_array();
	json_t *committed = json_object(), *committing = json_object();
	size_t i, k;
	json_t *c, *p, *a;
	json_array_foreach(then->commitments, i, c)
	{
		json_object_set_new(committed, str(c, "action"), json_true());
		json_object_set_new(committing, str(c, "organisation"), json_true());
		const char *due = json_string_value(json_object_get(c, "due"));
		const char *st = json_string_value(json_object_get(c, "status"));
		if (!due || strcmp(due, day) >= 0 || (st && strcmp(st, "done") == 0))
			continue;
		json_t *status = json_object_get(c, "status");
		json_array_append_new(overdue,
		                      json_pack("{s:s, s:s, s:s, s:s, s:s, s:O}", "id", str(c, "id"), "organisation",
		                                str(c, "organisation"), "organisation_name",
		                                org_name(then, str(c, "organisation")), "text", str(c, "text"), "due", due,
		                                "status", status ? status : json_null()));
	}
	json_array_foreach(then->priorities, i, p) json_array_foreach(json_object_get(p, "actions"), k, a)
	{
		if (!json_object_get(committed, str(a, "slug")))
			json_array_append_new(actions, json_pack("{s:s, s:s, s:s, s:s}", "id", str(a, "slug"), "title",
			                                         str(a, "title"), "priority", str(p, "slug"),
			                                         "priority_title", str(p, "title")));
	}
	const char *id;
	json_t *o;
	json_object_foreach(then->orgs, id, o)
	{
		if (!json_object_get(committing, id))
			json_array_append(orgs, o);
	}
	json_object_set_new(g, "overdue_commitments", json_array_sorted(overdue, overdue_cmp));
	json_object_set_new(g, "actions_without_commitment", actions);
	json_object_set_new(g, "organisations_without_commitments", json_array_sorted(orgs, org_cmp));
	json_decref(committed);
	json_decref(committing);
}

/* Keeps in g's lists of actions only the items of d's plan (none when the year has no
 * plan), and takes from those without a commitment an item that a commitment to an
 * earlier action it carries on counts under. */
static void gaps_of_plan(json_t *g, const struct plan_data *d)
{
	json_t *committed = json_object();
	size_t i;
	json_t *c;
	json_array_foreach(d->commitments, i, c)
	{
		const char *it = item_of(d, c);
		if (it)
			json_object_set_new(committed, it, json_true());
	}
	for (const struct gap_kind *k = gap_kinds; k->key; k++) {
		if (strncmp(k->key, "actions_", 8) != 0)
			continue;
		bool uncommitted = strcmp(k->key, "actions_without_commitment") == 0;
		json_t *kept = json_array();
		json_t *it;
		json_array_foreach(json_object_get(g, k->key), i, it)
		{
			json_t *a = json_object_get(d->actions, str(it, "id"));
			if (d->plan && strcmp(str(a, "plan"), d->plan_slug) == 0 &&
			    !(uncommitted && json_object_get(committed, str(it, "id"))))
				json_array_append(kept, it);
		}
		json_object_set_new(g, k->key, kept);
	}
	json_decref(committed);
}

static int section_gaps(struct report *r, struct store *s, const char *area, json_t *here, struct kdate asof,
                        const struct plan_data *d, bool ended, struct kerr *e)
{
	json_t *g = gaps_find(s, asof, e);
	if (!g)
		return -1;
	if (d && ended)
		gaps_then(g, d, asof);
	if (d)
		gaps_of_plan(g, d);
	char w[40];
	words_day(asof, w);
	heading(r, 1, "gaps", "Gaps");
	if (area)
		para(r, "Where the Change Programme finds nothing yet in this area, as on %s: organisations here that "
		        "have committed to nothing, their commitments past their due date and not done, and whether "
		        "the area has a local target.",
		     w);
	else
		para(r, "Where the Change Programme finds nothing yet, as on %s: %s without a lead or a "
		        "commitment, commitments past their due date and not done, organisations that have committed "
		        "to nothing, and council areas without a local target.",
		     w, d ? d->w->items : "actions");
	for (const struct gap_kind *k = gap_kinds; k->key; k++) {
		bool national = strncmp(k->key, "actions_", 8) == 0;
		if (area && national)
			continue;
		char anchor[80];
		snprintf(anchor, sizeof anchor, "gaps-%s", k->key);
		for (char *c = anchor; *c; c++)
			if (*c == '_')
				*c = '-';
		/* "Actions ..." in the words of the year's plan: "Route maps ...". */
		char head[64];
		if (national && d)
			heading(r, 2, anchor, "%s%s", capital(d->w->items, head), k->title + strlen("Actions"));
		else
			heading(r, 2, anchor, "%s", k->title);
		struct report_block *l = NULL;
		size_t i;
		json_t *it;
		json_array_foreach(json_object_get(g, k->key), i, it)
		{
			if (area && strcmp(k->key, "overdue_commitments") == 0 &&
			    !json_object_get(here, str(it, "organisation")))
				continue;
			if (area && strcmp(k->key, "organisations_without_commitments") == 0 &&
			    strcmp(str(it, "council_area"), area) != 0)
				continue;
			if (area && strcmp(k->key, "areas_without_target") == 0 && strcmp(str(it, "id"), area) != 0)
				continue;
			if (!l)
				l = list_new(r);
			if (national)
				item(l, "%s (%s)", str(it, "title"), str(it, "priority_title"));
			else if (strcmp(k->key, "overdue_commitments") == 0) {
				char due[40];
				const char *st = json_string_value(json_object_get(it, "status"));
				item(l, "%s: %s (due %s; %s)", str(it, "organisation_name"), str(it, "text"),
				     words_of(str(it, "due"), due), st ? plan_status_words(st) : "status not recorded");
			} else
				item(l, "%s", str(it, "name"));
		}
		if (!l) {
			if (area && strcmp(k->key, "areas_without_target") == 0)
				para(r, "This council area has a local target.");
			else if (area && strcmp(k->key, "organisations_without_commitments") == 0)
				para(r, "Every organisation in this area has made at least one commitment.");
			else if (area)
				para(r, "No commitment of an organisation in this area is past its due date without being "
				        "done.");
			else if (national && d)
				para(r, "Every %s of %s%s", d->w->item, d->plan ? str(d->plan, "title") : "the year's plan",
				     k->none + strlen("Every action"));
			else
				para(r, "%s", k->none);
		}
	}
	json_decref(g);
	return 0;
}

/* ---- one organisation ---- */

/* An action or route map as the organisation and area reports name it: its title and
 * its plan, and the later one that carries it on: "Advocacy (Plan 21-24, carried on by
 * Advocacy and voice)". actions: the actions resource by id; plans: store_plans. */
static void action_cell(struct report_block *tb, json_t *actions, json_t *plans, const char *slug)
{
	json_t *a = json_object_get(actions, slug ? slug : "");
	if (!a) {
		cell_add(tb, "No action named");
		return;
	}
	const char *plan = str(a, "plan");
	size_t i;
	json_t *p;
	json_array_foreach(plans, i, p) if (strcmp(str(p, "slug"), str(a, "plan")) == 0) plan = str(p, "title");
	json_t *by = json_object_get(actions, str(a, "carried_by"));
	/* A route map of a draft plan is not named: reports are public. */
	json_array_foreach(plans, i, p) if (by && strcmp(str(p, "slug"), str(by, "plan")) == 0 &&
	                                     strcmp(str(p, "status"), "draft") == 0) by = NULL;
	if (by)
		item(tb, "%s (%s, carried on by %s)", str(a, "title"), plan, str(by, "title"));
	else
		item(tb, "%s (%s)", str(a, "title"), plan);
}

int report_organisation(struct store *s, const char *slug, struct kdate today, struct report *r, struct kerr *e)
{
	json_t *o = store_organisation(s, slug, e);
	if (!o)
		return -1;
	char words[200];
	if (report_data_date(s, today, &r->data_date, words, e) < 0) {
		json_decref(o);
		return -1;
	}
	json_t *evidence = store_evidence_list(s, slug, NULL, true, e);
	json_t *actions = evidence ? all_by_id(s, "actions", e) : NULL;
	json_t *plans = actions ? store_plans(s, e) : NULL;
	if (!plans) {
		json_decref(actions);
		json_decref(evidence);
		json_decref(o);
		return -1;
	}
	struct buf b = {0};
	buf_printf(&b, "%s: report", str(o, "name"));
	r->title = buf_steal(&b);
	buf_printf(&b, "What %s has committed to for The Promise, what it leads, and what it has done.",
	           str(o, "name"));
	r->subtitle = buf_steal(&b);
	buf_printf(&b, "keep-organisation-%s", slug);
	r->file_stem = buf_steal(&b);
	r->data_words = xstrdup(words);
	front(r);

	heading(r, 1, "about", "About %s", str(o, "name"));
	json_t *c;
	size_t i;
	int counts[NSTATUS] = {0};
	json_array_foreach(json_object_get(o, "commitments"), i, c)
	    counts[status_index(json_string_value(json_object_get(c, "status")))]++;
	const char *sector = str(o, "sector"), *scale = str(o, "scale");
	para(r, "Sector: %s. Works %s.%s%s%s", sector_words(sector),
	     strcmp(scale, "local") == 0 ? "locally" : strcmp(scale, "national") == 0 ? "across Scotland" : "at a scale not recorded",
	     *str(o, "council_area_name") ? " Council area: " : "", str(o, "council_area_name"),
	     *str(o, "council_area_name") ? "." : "");
	para(r, "%zu commitment%s: %d done, %d under way, %d not started, %d dropped, %d without a status. %s",
	     json_array_size(json_object_get(o, "commitments")),
	     json_array_size(json_object_get(o, "commitments")) == 1 ? "" : "s", counts[2], counts[1], counts[0],
	     counts[3], counts[4], words);

	heading(r, 1, "leads", "Lead roles");
	json_t *l;
	struct report_block *tb = NULL;
	json_array_foreach(json_object_get(o, "leads"), i, l)
	{
		if (!tb)
			tb = table_new(r, "Actions and route maps it leads or has a key role in", 2, "Action or route map",
			               "Role");
		action_cell(tb, actions, plans, str(json_object_get(l, "action"), "slug"));
		cell_add(tb, plan_role_words(str(l, "role")));
	}
	if (!tb)
		para(r, "%s has no lead or key role on an action or route map.", str(o, "name"));

	heading(r, 1, "commitments", "Commitments");
	tb = NULL;
	struct report_block *ub = NULL;
	json_t *updates = json_array();
	json_array_foreach(json_object_get(o, "commitments"), i, c)
	{
		if (!tb)
			tb = table_new(r, "What it has committed to", 4, "Commitment", "Action or route map", "Due", "Status");
		char w[40];
		const char *due = str(c, "due_text");
		cell_add(tb, str(c, "text"));
		action_cell(tb, actions, plans, str(json_object_get(c, "action"), "slug"));
		cell_add(tb, *due ? due : *words_of(str(c, "due"), w) ? w : "Not recorded");
		cell_add(tb, status_words(json_string_value(json_object_get(c, "status"))));
		json_t *full = store_commitment(s, str(c, "slug"), e);
		if (!full) {
			json_decref(updates);
			json_decref(actions);
			json_decref(plans);
			json_decref(evidence);
			json_decref(o);
			return -1;
		}
		size_t k;
		json_t *u;
		json_array_foreach(json_object_get(full, "updates"), k, u)
		{
			json_t *row = json_pack("{s:s, s:s, s:s, s:s}", "commitment", str(c, "text"), "at", str(u, "at"),
			                        "status", str(u, "status"), "text", str(u, "text"));
			json_array_append_new(updates, row);
		}
		json_decref(full);
	}
	if (!tb)
		para(r, "%s has not recorded a commitment yet.", str(o, "name"));

	heading(r, 1, "updates", "Updates");
	json_array_foreach(updates, i, c)
	{
		if (!ub)
			ub = table_new(r, "Updates on its commitments, oldest first", 4, "Commitment", "Date", "Status",
			               "Update");
		char w[40];
		cell_add(ub, str(c, "commitment"));
		cell_add(ub, words_of(str(c, "at"), w));
		cell_add(ub, *str(c, "status") ? plan_status_words(str(c, "status")) : "");
		cell_add(ub, str(c, "text"));
	}
	if (!ub)
		para(r, "No update has been recorded on its commitments.");
	json_decref(updates);

	heading(r, 1, "evidence", "Evidence published");
	tb = NULL;
	json_array_foreach(evidence, i, c)
	{
		static const char *const kinds[][2] = {
		    {"plan", "Plan"}, {"report", "Report"}, {"survey-response", "Survey response"}};
		const char *kind = str(c, "kind");
		for (size_t k = 0; k < 3; k++)
			if (strcmp(kind, kinds[k][0]) == 0)
				kind = kinds[k][1];
		if (!tb)
			tb = table_new(r, "Evidence it has submitted that is published", 4, "Title", "Kind", "Submitted",
			               "Published");
		char w1[40], w2[40];
		cell_add(tb, str(c, "title"));
		cell_add(tb, kind);
		cell_add(tb, words_of(str(c, "submitted"), w1));
		cell_add(tb, words_of(str(c, "published_at"), w2));
	}
	if (!tb)
		para(r, "No evidence from %s has been published.", str(o, "name"));
	json_decref(actions);
	json_decref(plans);
	json_decref(evidence);
	json_decref(o);
	return 0;
}

/* ---- one council area ---- */

int report_area(struct store *s, const char *code, struct kdate today, struct report *r, struct kerr *e)
{
	json_t *area = store_resource_get(s, "council-areas", code, e);
	if (!area)
		return -1;
	char words[200];
	json_t *orgs = NULL, *targets = NULL, *commitments = NULL, *actions = NULL, *plans = NULL;
	if (report_data_date(s, today, &r->data_date, words, e) < 0 || !(orgs = store_organisations(s, e)) ||
	    !(targets = store_targets(s, code, e)) || !(commitments = store_resource_all(s, "commitments", e)) ||
	    !(actions = all_by_id(s, "actions", e)) || !(plans = store_plans(s, e))) {
		json_decref(orgs);
		json_decref(targets);
		json_decref(commitments);
		json_decref(actions);
		json_decref(area);
		return -1;
	}
	const char *name = str(area, "name");
	struct buf b = {0};
	buf_printf(&b, "%s: report", name);
	r->title = buf_steal(&b);
	buf_printf(&b, "What the organisations in %s have committed to for The Promise, and how %s's local targets "
	               "are going.",
	           name, name);
	r->subtitle = buf_steal(&b);
	buf_printf(&b, "keep-area-%s", code);
	r->file_stem = buf_steal(&b);
	r->data_words = xstrdup(words);
	front(r);

	json_t *here = json_object(); /* the area's organisations by slug */
	size_t i;
	json_t *o, *c;
	json_array_foreach(orgs, i, o) if (strcmp(str(o, "council_area"), code) == 0)
	    json_object_set(here, str(o, "slug"), o);

	heading(r, 1, "about", "About %s", name);
	para(r, "%s (council area %s) has %zu organisation%s recorded in keep and %zu local target%s. %s", name, code,
	     json_object_size(here), json_object_size(here) == 1 ? "" : "s", json_array_size(targets),
	     json_array_size(targets) == 1 ? "" : "s", words);

	heading(r, 1, "organisations", "Organisations");
	struct report_block *tb = NULL;
	json_array_foreach(orgs, i, o)
	{
		if (!json_object_get(here, str(o, "slug")))
			continue;
		if (!tb)
			tb = table_new(r, "Organisations in the area", 4, "Organisation", "Sector", "Commitments",
			               "Lead roles");
		cell_add(tb, str(o, "name"));
		cell_add(tb, sector_words(str(o, "sector")));
		item(tb, "%lld", (long long)json_integer_value(json_object_get(o, "commitments")));
		item(tb, "%lld", (long long)json_integer_value(json_object_get(o, "leads")));
	}
	if (!tb)
		para(r, "No organisation is recorded in %s.", name);

	heading(r, 1, "commitments", "Commitments");
	tb = NULL;
	json_array_foreach(commitments, i, c)
	{
		o = json_object_get(here, str(c, "organisation"));
		if (!o)
			continue;
		if (!tb)
			tb = table_new(r, "What the area's organisations have committed to", 5, "Organisation",
			               "Commitment", "Action or route map", "Due", "Status");
		char w[40];
		const char *due = str(c, "due_text");
		cell_add(tb, str(o, "name"));
		cell_add(tb, str(c, "text"));
		action_cell(tb, actions, plans, str(c, "action"));
		cell_add(tb, *due ? due : *words_of(str(c, "due"), w) ? w : "Not recorded");
		cell_add(tb, status_words(json_string_value(json_object_get(c, "status"))));
	}
	if (!tb)
		para(r, "No organisation in %s has recorded a commitment yet.", name);

	heading(r, 1, "targets", "Local targets");
	if (json_array_size(targets) == 0)
		para(r, "No local target is set for %s.", name);
	else {
		para(r, "Each target is judged on the figures published up to the data date.");
		targets_section(r, targets, r->data_date, 2, true);
	}
	int rc = section_places(r, s, code, today, e);
	if (rc == 0)
		rc = section_gaps(r, s, code, here, r->data_date, NULL, false, e);
	json_decref(here);
	json_decref(orgs);
	json_decref(targets);
	json_decref(commitments);
	json_decref(actions);
	json_decref(plans);
	json_decref(area);
	return rc;
}
