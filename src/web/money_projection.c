/* /money/projection?area=&scenario= and GET /api/v1/projection?area=&scenario=&draws=
 * (docs/money.md "The projection"): children looked after by placement type and
 * the cost of their placements, projected by month to March 2030 with 5-50-95 bands, the
 * table by year, the backtest (how far to trust it), and a scenario beside the baseline.
 * Public: what it shows are sums over many children, never a child's row. The work is
 * the engine's (money_counts_add, money_project, money_backtest); this file reads the
 * records, runs it and turns the result into a page or JSON. */
#include "web/web.h"

#include "base/date.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/text.h"
#include "measures/measures.h"
#include "money/money.h"
#include "plan/scenario.h"
#include "plan/target.h"
#include "report/fan.h"
#include "web/page.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The draws a page takes, and the most the API gives. */
enum { PAGE_DRAWS = 1000, MAX_DRAWS = 5000 };
/* The same seed every time: the same records give the same page. */
#define SEED 20300331u

/* The lines of the chart of children by type: the types with the most children at the
 * start (each a line with its own band), the rest in the table only. */
enum { CHART_TYPES = 5 };

/* What pounds the costs are shown in (the page's and the API's price_year, inflation and
 * discount): price_year -1 for each cost's own year, as published. */
struct prices {
	int price_year;
	double inflation, discount;
};

/* Reads price_year ("2024-25"), inflation and discount (per cent a year) from q into p;
 * false with why when one is not one: naming the parameter for the API, the form's field
 * for the page (page true). */
static bool prices_of(const struct query *q, int today_y, bool page, struct prices *p, char why[200])
{
	*p = (struct prices){-1, 0, 0};
	const char *py = query_get(q, "price_year"), *inf = query_get(q, "inflation"), *dis = query_get(q, "discount");
	if (py && *py) {
		p->price_year = money_fy_parse(py);
		if (p->price_year < 2000 || p->price_year > today_y + 10) {
			snprintf(why, 200, "%s must be a financial year such as 2024-25, not '%.40s'",
			         page ? "The year for prices" : "price_year", py);
			return false;
		}
	}
	const char *names[2] = {page ? "How much prices rise" : "inflation",
	                        page ? "The discount" : "discount"};
	const char *vals[2] = {inf, dis};
	double *outs[2] = {&p->inflation, &p->discount};
	for (int i = 0; i < 2; i++) {
		if (!vals[i] || !*vals[i])
			continue;
		char *end = NULL;
		double v = strtod(vals[i], &end);
		if (*end || !(v >= 0 && v <= 20)) {
			snprintf(why, 200, "%s must be a percentage a year from 0 to 20, such as 3.5, not '%.40s'", names[i],
			         vals[i]);
			return false;
		}
		*outs[i] = v;
	}
	return true;
}

struct run {
	char area[10];
	char area_name[120];
	struct records *b;
	size_t nb;
	struct money_counts counts;
	struct money_options o;
	struct money_unit_costs uc;
	bool has_scenario;
	struct money_scenario sc;
	struct money_scenario_about about;
	struct money_projection p;
	bool projected;
	struct money_backtest bt;
	bool has_backtest;
	char backtest_why[300]; /* why there is none, when there is none */
	struct prices prices;
};

static void run_free(struct run *r)
{
	for (size_t i = 0; i < r->nb; i++)
		records_free(&r->b[i]);
	free(r->b);
	if (r->projected)
		money_projection_free(&r->p);
}

/* ---- the scenario ----
 * The stored scenario slug into sc (scenario_load); -1 with KERR_NOTFOUND, said in
 * words, when there is none. */
static int find_scenario(struct web_request *req, const char *slug, struct money_scenario *sc,
                         struct money_scenario_about *about, struct kerr *e)
{
	if (scenario_load(req->store, slug, sc, about, e) < 0) {
		if (e->code == KERR_NOTFOUND)
			kerr_set(e, KERR_NOTFOUND, "no scenario is called '%.80s'", slug);
		return -1;
	}
	return 0;
}

/* The area's name ("Scotland", "Fife"), or NULL when code names no area. */
static bool area_name(struct web_request *req, const char *code, char *out, size_t n, struct kerr *e, bool *ok)
{
	*ok = false;
	if (strcmp(code, TARGET_SCOTLAND) == 0) {
		snprintf(out, n, "Scotland");
		*ok = true;
		return true;
	}
	json_t *a = store_resource_get(req->store, "council-areas", code, e);
	if (!a) {
		if (e->code == KERR_NOTFOUND) {
			*e = (struct kerr){0};
			return true;
		}
		return false;
	}
	snprintf(out, n, "%s", page_str(a, "name") ? page_str(a, "name") : code);
	json_decref(a);
	*ok = true;
	return true;
}

/* Loads the area's care records: each council's latest import (Scotland: every council's),
 * only the children, episodes and placements the projection reads. */
static int load_records(struct web_request *req, struct run *r, struct kerr *e)
{
	json_t *imports = store_care_imports(req->store, e);
	if (!imports)
		return -1;
	int year = 0;
	size_t i;
	json_t *v;
	json_array_foreach(imports, i, v)
	{
		int y = (int)json_integer_value(json_object_get(v, "year"));
		if (y > year)
			year = y;
	}
	json_decref(imports);
	if (!year)
		return 0;
	json_t *latest = store_care_latest(req->store, year, e);
	if (!latest)
		return -1;
	bool scotland = strcmp(r->area, TARGET_SCOTLAND) == 0;
	r->b = xcalloc(json_array_size(latest) + 1, sizeof *r->b);
	json_array_foreach(latest, i, v)
	{
		const char *council = page_str(v, "council");
		if (!scotland && (!council || strcmp(council, r->area) != 0))
			continue;
		static const bool want[RECORDS_NFILES] = {[RECORDS_CHILDREN] = true, [RECORDS_EPISODES] = true,
		                                          [RECORDS_PLACEMENTS] = true};
		int rc = measures_load_only(req->store, v, want, &r->b[r->nb], e);
		if (rc < 0) {
			json_decref(latest);
			return -1;
		}
		r->nb++;
	}
	json_decref(latest);
	return 0;
}

/* Runs the projection of area (and scenario, when not NULL or ""). Returns 0, or an HTTP
 * status with e saying why: 404 no such area or scenario, 422 an area with no records,
 * 500 a failed read. */
static int run_projection(struct web_request *req, const char *area, const char *scenario, int draws,
                          const struct prices *pr, bool backtest, struct run *r, struct kerr *e)
{
	memset(r, 0, sizeof *r);
	snprintf(r->area, sizeof r->area, "%s", area && *area ? area : TARGET_SCOTLAND);
	bool known;
	if (strlen(area && *area ? area : TARGET_SCOTLAND) >= sizeof r->area) {
		kerr_set(e, KERR_NOTFOUND, "no area has the code '%.40s': give Scotland's (%s) or a council area's", area,
		         TARGET_SCOTLAND);
		return 404;
	}
	if (!area_name(req, r->area, r->area_name, sizeof r->area_name, e, &known))
		return 500;
	if (!known) {
		kerr_set(e, KERR_NOTFOUND, "no area has the code '%.40s': give Scotland's (%s) or a council area's", r->area,
		         TARGET_SCOTLAND);
		return 404;
	}
	if (scenario && *scenario) {
		if (find_scenario(req, scenario, &r->sc, &r->about, e) < 0)
			return e->code == KERR_NOTFOUND ? 404 : 500;
		if (strcmp(r->about.area, r->area) != 0) {
			char other[120];
			bool ok;
			if (!area_name(req, r->about.area, other, sizeof other, e, &ok))
				return 500;
			kerr_set(e, KERR_INVALID,
			         "the scenario '%.80s' is for %s: its money and effects are that area's, so it is shown "
			         "with that area's projection, not %s's",
			         r->sc.name, ok ? other : r->about.area, r->area_name);
			return 422;
		}
		r->has_scenario = true;
	}
	if (load_records(req, r, e) < 0)
		return 500;
	if (r->nb == 0) {
		kerr_set(e, KERR_INVALID,
		         "%s has no care records in keep, so there is nothing to project from: the projection needs "
		         "a council's care records, brought in by the council",
		         r->area_name);
		return 422;
	}
	/* The reference period: each batch's default, the part they share. */
	int32_t from = INT32_MIN, to = INT32_MAX;
	for (size_t i = 0; i < r->nb; i++) {
		int32_t f, t;
		money_default_period(&r->b[i], &f, &t);
		from = f > from ? f : from;
		to = t < to ? t : to;
	}
	money_counts_zero(&r->counts, from, to);
	for (size_t i = 0; i < r->nb; i++)
		if (money_counts_add(&r->counts, &r->b[i], e) < 0)
			return 422;
	/* the area's own weekly costs where it set them, else keep's defaults */
	if (money_unit_costs_in_force(req->store, strcmp(r->area, TARGET_SCOTLAND) == 0 ? NULL : r->area, &r->uc, e) < 0)
		return 500;
	/* one year's pounds when asked for, or when an inflation rate is (then the latest
	 * year of the costs): every cost moved there at the inflation rate */
	r->prices = *pr;
	if (r->prices.price_year < 0 && r->prices.inflation != 0)
		for (int t = 0; t < MONEY_NTYPES; t++)
			if (r->uc.t[t].weekly >= 0 && r->uc.t[t].price_year > r->prices.price_year)
				r->prices.price_year = r->uc.t[t].price_year;
	if (r->prices.price_year > 0)
		money_unit_costs_reprice(&r->uc, r->prices.price_year, r->prices.inflation);
	r->o.start = to + 1;
	r->o.months = money_months_to_2030(r->o.start);
	r->o.draws = draws;
	r->o.seed = SEED;
	r->o.price_year = -1;
	for (int t = 0; t < MONEY_NTYPES; t++) {
		r->o.weekly_cost[t] = r->uc.t[t].weekly;
		if (r->uc.t[t].weekly >= 0 && r->uc.t[t].price_year > r->o.price_year)
			r->o.price_year = r->uc.t[t].price_year;
	}
	r->o.inflation_pct = pr->inflation;
	r->o.discount_pct = pr->discount;
	if (money_project(&r->counts, &r->o, r->has_scenario ? &r->sc : NULL, &r->p, e) < 0)
		return 422;
	r->projected = true;
	/* published: no figure the exact count of a small group ("Publishing a projection") */
	money_projection_round(&r->p, MONEY_PUBLISH_CHILDREN, MONEY_PUBLISH_MONTH_POUNDS, MONEY_PUBLISH_YEAR_POUNDS);
	if (backtest) {
		/* Fit on what the records knew on the first of the month two years before the
		 * period's last day, so that both the 12 and the 24 months after (months from
		 * a first of the month) fall inside the records. */
		struct kdate end = date_from_days(to);
		int32_t at = (int32_t)date_days((struct kdate){end.y - 2, end.m, 1});
		const struct records **bs = xcalloc(r->nb, sizeof *bs);
		for (size_t i = 0; i < r->nb; i++)
			bs[i] = &r->b[i];
		struct kerr be = {0};
		struct money_options bo = r->o;
		r->has_backtest = money_backtest(bs, r->nb, at, &bo, &r->bt, &be) == 0;
		if (r->has_backtest)
			money_backtest_round(&r->bt, MONEY_PUBLISH_CHILDREN);
		if (!r->has_backtest)
			snprintf(r->backtest_why, sizeof r->backtest_why, "%.299s", be.msg);
		free(bs);
	}
	return 0;
}

/* ---- words and figures ---- */

/* A type's words to start a line or a row with: "At home with parents". */
static json_t *label_json(int t)
{
	char out[120];
	snprintf(out, sizeof out, "%s", t < MONEY_NTYPES ? money_type_labels[t] : "All children looked after");
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
	return json_string(out);
}

static void band_words(const struct money_band3 *b, enum fan_unit u, struct buf *out)
{
	char a[32], m[32], z[32];
	fan_number(b->p50, u, m);
	fan_number(b->p5, u, a);
	fan_number(b->p95, u, z);
	buf_printf(out, "%s (%s to %s)", m, a, z);
}

static json_t *band_json(const struct money_band3 *b)
{
	return json_pack("{s:f, s:f, s:f}", "p5", b->p5, "p50", b->p50, "p95", b->p95);
}

static json_t *band_cell(const struct money_band3 *b, enum fan_unit u)
{
	char a[32], m[32], z[32];
	fan_number(b->p50, u, m);
	fan_number(b->p5, u, a);
	fan_number(b->p95, u, z);
	return json_pack("{s:s, s:s, s:s}", "mid", m, "low", a, "high", z);
}

static void month_words(int32_t day, char *out, size_t n)
{
	static const char *const months[] = {"January", "February", "March",     "April",   "May",      "June",
	                                     "July",    "August",   "September", "October", "November", "December"};
	struct kdate d = date_from_days(day);
	snprintf(out, n, "%s %d", months[d.m - 1], d.y);
}

/* The month index ending each financial year of the projection (its last month in the
 * year), by p->fy; -1 for none. */
static int year_end_month(const struct money_projection *p, int y)
{
	int last = -1;
	for (int i = 0; i < p->months; i++)
		if (money_fy_of(p->month_start[i]) == p->fy[y])
			last = i;
	return last;
}

/* The types by their children at the start, most first. */
static void types_by_size(const struct money_projection *p, int order[MONEY_NTYPES])
{
	for (int t = 0; t < MONEY_NTYPES; t++)
		order[t] = t;
	for (int i = 1; i < MONEY_NTYPES; i++)
		for (int j = i; j > 0 && p->children[order[j]].p50 > p->children[order[j - 1]].p50; j--) {
			int k = order[j];
			order[j] = order[j - 1];
			order[j - 1] = k;
		}
}


/* The month m-th's "the end of March 2027" (the day before the next month starts). */
static void end_of_month_words(const struct money_projection *p, int m, char *out, size_t n)
{
	struct kdate d = date_from_days(p->month_start[m]);
	int y = d.m == 12 ? d.y + 1 : d.y, mo = d.m == 12 ? 1 : d.m + 1;
	struct buf b = {0};
	date_words(date_from_days(date_days((struct kdate){y, mo, 1}) - 1), &b);
	snprintf(out, n, "%s", buf_str(&b));
	buf_free(&b);
}

/* ---- how it is worked out: docs/money.md's sections, as plain text ----
 * The text of the section headed `heading` (a "## " line) of the rules built into keep,
 * for a person to read: HTML comments, tables and code blocks left out; a code span that
 * names a file or a function left out with the brackets around it (pages never name
 * them), any other code span kept as its words; emphasis marks dropped. "" when there is
 * no such section or it is empty. */
static bool names_a_file(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] == '/' || p[i] == '_' || p[i] == '(' || (p[i] == '.' && i + 1 < n && p[i + 1] >= 'a' && p[i + 1] <= 'z'))
			return true;
	return false;
}

/* A file's name at p (up to le): letters, digits, '_', '/', '-' and '.', ending in one of
 * the extensions keep's files have; its length, or 0. */
static size_t file_name_at(const char *p, const char *le)
{
	static const char *const exts[] = {".c", ".h", ".md", ".json", ".csv", ".html", ".mjs"};
	const char *q = p;
	while (q < le && (isalnum((unsigned char)*q) || *q == '_' || *q == '/' || *q == '-' || *q == '.'))
		q++;
	while (q > p && q[-1] == '.')
		q--;
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		size_t n = strlen(exts[i]);
		if ((size_t)(q - p) > n && strncmp(q - n, exts[i], n) == 0)
			return (size_t)(q - p);
	}
	return 0;
}

/* One line of the section, as words, onto out. */
static void method_line(const char *p, const char *le, struct buf *out)
{
	for (const char *q = p; q < le; q++) {
		if (*q == '`') {
			const char *c = memchr(q + 1, '`', (size_t)(le - q - 1));
			if (!c)
				continue;
			if (names_a_file(q + 1, (size_t)(c - q - 1))) {
				/* "(`src/money/estimate.c`)" goes whole, with its brackets and the space
				 * before them */
				if (out->len && out->p[out->len - 1] == '(' && c + 1 < le && c[1] == ')') {
					out->len--;
					while (out->len && out->p[out->len - 1] == ' ')
						out->len--;
					out->p[out->len] = '\0';
					c++;
				}
			} else
				buf_put(out, q + 1, (size_t)(c - q - 1));
			q = c;
			continue;
		}
		if (*q == '*')
			continue;
		if ((q == p || !isalnum((unsigned char)q[-1])) && isalpha((unsigned char)*q)) {
			size_t n = file_name_at(q, le);
			if (n) {
				/* "money.h: " goes with its colon and space */
				q += n;
				if (q < le && (*q == ':' || *q == ','))
					q++;
				while (q < le && *q == ' ')
					q++;
				q--;
				continue;
			}
		}
		buf_putc(out, *q);
	}
}

/* The text of the section headed `heading` (a "## " line) of the rules built into keep,
 * for a person to read, as paragraphs (one line each, a blank line between) and lists
 * ("- " lines, an item's continued lines joined to it): HTML comments, tables and code
 * blocks left out; a file's or a function's name left out (pages never name them), any
 * other code span kept as its words; emphasis marks dropped. "" when there is no such
 * section or it is empty. */
static void method_text(const char *heading, struct buf *out)
{
	buf_reset(out);
	const struct embedded_file *f = embedded_find("docs/money.md");
	if (!f)
		return;
	const char *doc = (const char *)f->data;
	struct buf want = {0};
	buf_printf(&want, "\n## %s\n", heading);
	const char *at = strstr(doc, buf_str(&want));
	if (!at) {
		buf_free(&want);
		return;
	}
	at += strlen(buf_str(&want));
	buf_free(&want);
	const char *end = strstr(at, "\n## ");
	if (!end)
		end = doc + f->len;
	bool fence = false;
	enum { NONE, PARA, ITEM } last = NONE;
	for (const char *p = at; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *next = le + (nl != NULL);
		if (le - p >= 3 && strncmp(p, "```", 3) == 0) {
			fence = !fence;
			p = next;
			continue;
		}
		const char *t = p;
		while (t < le && *t == ' ')
			t++;
		if (fence || *t == '|' || (le - t >= 4 && strncmp(t, "<!--", 4) == 0)) {
			p = next;
			continue;
		}
		if (t == le) { /* a blank line ends a paragraph or a list */
			if (last != NONE)
				buf_puts(out, "\n\n");
			last = NONE;
			p = next;
			continue;
		}
		bool item = le - t >= 2 && t[0] == '-' && t[1] == ' ';
		bool heading_line = *t == '#';
		if (item) {
			if (last == PARA)
				buf_puts(out, "\n\n");
			else if (last == ITEM)
				buf_putc(out, '\n');
			buf_puts(out, "- ");
			t += 2;
			last = ITEM;
		} else if (heading_line || (last == ITEM && t == p)) {
			/* a heading, or a line after a list that is not part of an item */
			if (last != NONE)
				buf_puts(out, "\n\n");
			while (t < le && (*t == '#' || *t == ' '))
				t++;
			last = PARA;
		} else {
			if (last != NONE)
				buf_putc(out, ' ');
			last = last == ITEM ? ITEM : PARA;
		}
		method_line(t, le, out);
		if (heading_line) {
			buf_puts(out, "\n\n");
			last = NONE;
		}
		p = next;
	}
}

/* ---- the page ---- */

static void chart_children(const struct run *r, struct buf *out, json_t *ctx)
{
	const struct money_projection *p = &r->p;
	int order[MONEY_NTYPES];
	types_by_size(p, order);
	struct fan_input in[CHART_TYPES];
	char labels[CHART_TYPES][120];
	size_t n = 0;
	for (int k = 0; k < CHART_TYPES; k++) {
		int t = order[k];
		if (p->children[t].p95 <= 0 && p->children[(size_t)(p->months - 1) * MONEY_NTYPES + (size_t)t].p95 <= 0)
			continue;
		json_t *l = label_json(t);
		snprintf(labels[n], sizeof labels[n], "%s", json_string_value(l));
		json_decref(l);
		in[n] = (struct fan_input){labels[n], (const struct fan_value *)(const void *)&p->children[t], MONEY_NTYPES};
		n++;
	}
	struct fan f;
	char title[200];
	snprintf(title, sizeof title, "Children looked after in %s, by placement type", r->area_name);
	fan_layout(title, "Children", FAN_COUNT, in, n, (size_t)p->months, p->month_start, 720, 360, &f);
	fan_svg(&f, "fan-children", out);
	fan_free(&f);
	json_object_set_new(ctx, "chart_types", json_integer((json_int_t)n));
}

static void chart_cost(const struct run *r, struct buf *out)
{
	const struct money_projection *p = &r->p;
	struct fan_input in[2];
	size_t n = 0;
	in[n++] = (struct fan_input){r->has_scenario ? "Without the scenario" : "Cost of placements",
	                             (const struct fan_value *)(const void *)p->cost, 1};
	if (r->has_scenario)
		in[n++] = (struct fan_input){"With the scenario", (const struct fan_value *)(const void *)p->s_cost, 1};
	struct fan f;
	char title[200];
	snprintf(title, sizeof title, "The cost of placements a month in %s", r->area_name);
	fan_layout(title, "Pounds a month", FAN_POUNDS, in, n, (size_t)p->months, p->month_start, 720, 340, &f);
	fan_svg(&f, "fan-cost", out);
	fan_free(&f);
}

/* The table of children by type on each year's last projected day. */
static json_t *children_table(const struct run *r, json_t *ctx)
{
	const struct money_projection *p = &r->p;
	json_t *years = json_array(), *rows = json_array();
	int ends[64];
	int ny = 0;
	for (int y = 0; y < p->years && ny < 64; y++) {
		int m = year_end_month(p, y);
		if (m < 0)
			continue;
		ends[ny++] = m;
		char w[40];
		end_of_month_words(p, m, w, sizeof w);
		json_array_append_new(years, json_pack("{s:s}", "day", w));
	}
	for (int t = 0; t <= MONEY_NTYPES; t++) {
		json_t *cells = json_array();
		for (int k = 0; k < ny; k++) {
			const struct money_band3 *b =
			    t < MONEY_NTYPES ? &p->children[(size_t)ends[k] * MONEY_NTYPES + (size_t)t] : &p->total[ends[k]];
			json_array_append_new(cells, band_cell(b, FAN_COUNT));
		}
		json_array_append_new(rows, json_pack("{s:o, s:b, s:o}", "label", label_json(t), "total", t == MONEY_NTYPES,
		                                      "cells", cells));
	}
	json_object_set_new(ctx, "year_days", years);
	return rows;
}

static json_t *cost_table(const struct run *r)
{
	const struct money_projection *p = &r->p;
	json_t *rows = json_array();
	for (int y = 0; y < p->years; y++) {
		char fy[8];
		money_fy_words(p->fy[y], fy);
		int m = year_end_month(p, y);
		json_t *row = json_pack("{s:s, s:o}", "year", fy, "cost", band_cell(&p->year_cost[y], FAN_POUNDS));
		if (m >= 0)
			json_object_set_new(row, "children", band_cell(&p->total[m], FAN_COUNT));
		if (r->has_scenario) {
			json_object_set_new(row, "s_cost", band_cell(&p->s_year_cost[y], FAN_POUNDS));
			if (m >= 0) {
				json_object_set_new(row, "s_children", band_cell(&p->s_total[m], FAN_COUNT));
				json_object_set_new(row, "net_cum", band_cell(&p->net_saving_cum[m], FAN_POUNDS));
			}
			json_object_set_new(row, "investment", band_cell(&p->year_investment[y], FAN_POUNDS));
			json_object_set_new(row, "gross", band_cell(&p->year_gross_saving[y], FAN_POUNDS));
			json_object_set_new(row, "net", band_cell(&p->year_net_saving[y], FAN_POUNDS));
		}
		json_array_append_new(rows, row);
	}
	return rows;
}

/* When the money is paid back, in words. */
static void break_even_words(const struct run *r, struct buf *out)
{
	const struct money_projection *p = &r->p;
	const struct money_band3 *b = &p->break_even;
	char mid[40], lo[40], hi[40];
	if (b->p50 < 0 || p->break_even_never_share >= 0.5) {
		buf_printf(out,
		           "In the central estimate the savings do not pay back the investment by %s. In %.0f%% of "
		           "the simulated futures they never do by then.",
		           "March 2030", p->break_even_never_share * 100);
		return;
	}
	int m50 = (int)lround(b->p50), m5 = (int)lround(b->p5), m95 = (int)lround(b->p95);
	end_of_month_words(p, m50 < p->months ? m50 : p->months - 1, mid, sizeof mid);
	buf_printf(out, "The savings pay back the investment by %s in the central estimate", mid);
	if (m5 >= 0 && m95 >= 0 && m95 < p->months) {
		end_of_month_words(p, m5, lo, sizeof lo);
		end_of_month_words(p, m95, hi, sizeof hi);
		buf_printf(out, " (between %s and %s in 9 in 10 of the simulated futures)", lo, hi);
	}
	buf_puts(out, ".");
	if (p->break_even_never_share > 0)
		buf_printf(out, " In %.0f%% of the simulated futures they do not pay it back by March 2030.",
		           p->break_even_never_share * 100);
}

static const char *trust_words(double mean_abs_pct)
{
	if (mean_abs_pct < 10)
		return "close: on average the central estimates were within 10% of what happened";
	if (mean_abs_pct < 25)
		return "rough: on average the central estimates were 10% to 25% away from what happened";
	return "far off: on average the central estimates were more than 25% away from what happened; treat the "
	       "figures above as a broad sketch";
}

static json_t *backtest_json_page(const struct run *r)
{
	const struct money_backtest *bt = &r->bt;
	json_t *hs = json_array();
	for (int h = 0; h < MONEY_BACKTEST_N; h++) {
		if (!bt->known[h])
			continue;
		struct buf day = {0}, w = {0};
		date_words(date_from_days(bt->day[h]), &day);
		json_t *rows = json_array();
		for (int t = 0; t <= MONEY_NTYPES; t++) {
			if (t < MONEY_NTYPES && bt->truth[h][t] == 0 && bt->projected[h][t].p95 == 0)
				continue;
			char truth[32], err[32];
			fan_number(bt->truth[h][t], FAN_COUNT, truth);
			fan_number(bt->error[h][t], FAN_COUNT, err);
			json_t *row = json_pack("{s:o, s:s, s:o, s:s, s:b, s:b}", "label", label_json(t), "truth", truth, "projected", band_cell(&bt->projected[h][t], FAN_COUNT),
			                        "error", err, "inside", bt->inside[h][t], "total", t == MONEY_NTYPES);
			if (bt->truth[h][t] > 0) {
				char pct[32];
				snprintf(pct, sizeof pct, "%+.0f%%", bt->error_pct[h][t]);
				page_set_str(row, "error_pct", pct);
			}
			json_array_append_new(rows, row);
		}
		char tot[32];
		fan_number(bt->truth[h][MONEY_NTYPES], FAN_COUNT, tot);
		char mid[32];
		fan_number(bt->projected[h][MONEY_NTYPES].p50, FAN_COUNT, mid);
		buf_printf(&w,
		           "%d months on, on %s, the records show %s children looked after; keep's central estimate "
		           "was %s. For %d of the %d figures (each placement type and the total) what happened lay "
		           "inside the band. The estimates were %s.",
		           money_backtest_months[h], buf_str(&day), tot, mid, bt->inside_count[h], MONEY_NTYPES + 1,
		           trust_words(bt->mean_abs_pct[h]));
		json_array_append_new(hs, json_pack("{s:i, s:s, s:s, s:o}", "months", money_backtest_months[h], "day",
		                                    buf_str(&day), "words", buf_str(&w), "rows", rows));
		buf_free(&day);
		buf_free(&w);
	}
	return hs;
}

/* The scenario's select: none, then the area's stored scenarios. NULL on a failed read. */
static json_t *scenario_options(struct web_request *req, const char *area, const char *chosen, struct kerr *e)
{
	json_t *all = store_resource_all(req->store, "scenarios", e);
	if (!all)
		return NULL;
	json_t *o = json_array();
	json_array_append_new(o, json_pack("{s:s, s:s, s:b}", "key", "", "words", "None: the baseline only",
	                                   "selected", !chosen || !*chosen));
	size_t i;
	json_t *x;
	json_array_foreach(all, i, x)
	{
		const char *id = page_str(x, "id"), *a = page_str(x, "area"), *name = page_str(x, "name");
		if (!id || !a || strcmp(a, area) != 0)
			continue;
		json_array_append_new(o, json_pack("{s:s, s:s, s:b}", "key", id, "words", name ? name : id, "selected",
		                                   chosen && strcmp(chosen, id) == 0));
	}
	json_decref(all);
	return o;
}

static int by_name(const void *a, const void *b)
{
	const char *x = page_str(*(json_t *const *)a, "name"), *y = page_str(*(json_t *const *)b, "name");
	return strcmp(x ? x : "", y ? y : "");
}

static json_t *area_select(struct web_request *req, const char *chosen, struct kerr *e)
{
	json_t *areas = store_resource_all(req->store, "council-areas", e);
	if (!areas)
		return NULL;
	json_t *o = json_array();
	json_array_append_new(o, json_pack("{s:s, s:s, s:b}", "key", TARGET_SCOTLAND, "words", "Scotland", "selected",
	                                   strcmp(chosen, TARGET_SCOTLAND) == 0));
	/* By name, as people look for them. */
	size_t n = json_array_size(areas);
	json_t **sorted = xcalloc(n + 1, sizeof *sorted);
	for (size_t i = 0; i < n; i++)
		sorted[i] = json_array_get(areas, i);
	qsort(sorted, n, sizeof *sorted, by_name);
	for (size_t i = 0; i < n; i++) {
		json_t *a = sorted[i];
		const char *id = page_str(a, "id");
		if (!id)
			continue;
		json_array_append_new(o, json_pack("{s:s, s:s, s:b}", "key", id, "words",
		                                   page_str(a, "name") ? page_str(a, "name") : id, "selected",
		                                   strcmp(chosen, id) == 0));
	}
	free(sorted);
	json_decref(areas);
	return o;
}

void web_page_money_projection(struct web_request *req, struct web_response *res)
{
	const char *area = query_get(&req->query, "area");
	const char *scenario = query_get(&req->query, "scenario");
	struct kerr e = {0};
	struct run r;
	struct prices pr;
	char why[200];
	if (!prices_of(&req->query, req->today.y, true, &pr, why)) {
		web_error_page(req, res, 400, why);
		return;
	}
	int status = run_projection(req, area, scenario, PAGE_DRAWS, &pr, true, &r, &e);
	if (status == 500) {
		run_free(&r);
		page_read_failed(req, res, "projection", &e);
		return;
	}
	if (status) {
		run_free(&r);
		web_error_page(req, res, status, e.msg);
		return;
	}
	const struct money_projection *p = &r.p;
	char title[200];
	snprintf(title, sizeof title, "Children and cost to March 2030: %s", r.area_name);
	json_t *ctx = json_pack("{s:s, s:s, s:b}", "title", title, "area_name", r.area_name, "nav_money", 1);
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/money", "The Money");
	json_object_set_new(ctx, "breadcrumbs", crumbs);
	json_t *areas = area_select(req, r.area, &e);
	if (!areas) {
		json_decref(ctx);
		run_free(&r);
		page_read_failed(req, res, "projection", &e);
		return;
	}
	json_object_set_new(ctx, "areas", areas);
	json_t *scenarios = scenario_options(req, r.area, scenario, &e);
	if (!scenarios) {
		json_decref(ctx);
		run_free(&r);
		page_read_failed(req, res, "projection", &e);
		return;
	}
	json_object_set_new(ctx, "scenarios", scenarios);

	char first[40], last[40], from[40], to[40];
	month_words(p->month_start[0], first, sizeof first);
	end_of_month_words(p, p->months - 1, last, sizeof last);
	{
		struct buf b = {0};
		date_words(date_from_days(r.counts.from), &b);
		snprintf(from, sizeof from, "%s", buf_str(&b));
		buf_reset(&b);
		date_words(date_from_days(r.counts.to), &b);
		snprintf(to, sizeof to, "%s", buf_str(&b));
		buf_free(&b);
	}
	page_set_str(ctx, "first_month", first);
	page_set_str(ctx, "last_day", last);
	page_set_str(ctx, "period_from", from);
	page_set_str(ctx, "period_to", to);
	char cw[40];
	if (r.nb == 1)
		snprintf(cw, sizeof cw, "one council's");
	else
		snprintf(cw, sizeof cw, "%zu councils'", r.nb);
	page_set_str(ctx, "councils_words", cw);
	json_object_set_new(ctx, "draws", json_integer(PAGE_DRAWS));
	char n[32];
	fan_number(money_round_to((double)r.counts.children, MONEY_PUBLISH_CHILDREN), FAN_COUNT, n);
	page_set_str(ctx, "period_children", n);

	struct buf words = {0};
	band_words(&p->total[0], FAN_COUNT, &words);
	page_set_str(ctx, "total_start", buf_str(&words));
	buf_reset(&words);
	band_words(&p->total[p->months - 1], FAN_COUNT, &words);
	page_set_str(ctx, "total_end", buf_str(&words));

	struct buf svg = {0};
	chart_children(&r, &svg, ctx);
	page_set_str(ctx, "children_chart", buf_str(&svg));
	buf_reset(&svg);
	chart_cost(&r, &svg);
	page_set_str(ctx, "cost_chart", buf_str(&svg));
	buf_free(&svg);
	json_object_set_new(ctx, "children_rows", children_table(&r, ctx));
	json_object_set_new(ctx, "cost_rows", cost_table(&r));

	/* The unit costs: which types are priced, in which years' pounds. */
	json_t *unpriced = json_array();
	int py_lo = 0, py_hi = 0;
	for (int t = 0; t < MONEY_NTYPES; t++) {
		if (r.uc.t[t].weekly < 0) {
			json_array_append_new(unpriced, json_pack("{s:s}", "label", money_type_labels[t]));
			continue;
		}
		int py = r.uc.t[t].price_year;
		if (!py_lo || py < py_lo)
			py_lo = py;
		if (py > py_hi)
			py_hi = py;
	}
	json_object_set_new(ctx, "any_unpriced", json_boolean(json_array_size(unpriced) > 0));
	json_object_set_new(ctx, "unpriced", unpriced);
	if (py_lo) {
		char a[8], b[8];
		money_fy_words(py_lo, a);
		money_fy_words(py_hi, b);
		buf_reset(&words);
		if (r.prices.price_year > 0) {
			char w[8];
			money_fy_words(r.prices.price_year, w);
			buf_printf(&words, "the pounds of %s, each cost brought to that year at %g%% a year", w,
			           r.prices.inflation);
		} else if (py_lo == py_hi)
			buf_printf(&words, "the pounds of %s", a);
		else
			buf_printf(&words, "the pounds of each cost's own year (%s to %s), not brought to one year's prices", a,
			           b);
		if (r.prices.inflation != 0 && r.prices.price_year <= 0)
			buf_printf(&words, "; costs in later years rise at %g%% a year", r.prices.inflation);
		else if (r.prices.inflation != 0)
			buf_printf(&words, ", and rise at that rate in later years");
		if (r.prices.discount != 0)
			buf_printf(&words, "; each year after the first is discounted at %g%% a year", r.prices.discount);
		page_set_str(ctx, "price_words", buf_str(&words));
	}
	/* what was asked for, to show again in the form */
	const char *asked[3][2] = {{"price_year", "price_year_asked"}, {"inflation", "inflation_asked"},
	                           {"discount", "discount_asked"}};
	bool any = false;
	for (int k = 0; k < 3; k++) {
		const char *v = query_get(&req->query, asked[k][0]);
		if (v && *v) {
			page_set_str(ctx, asked[k][1], v);
			any = true;
		}
	}
	json_object_set_new(ctx, "prices_asked", json_boolean(any));

	if (r.has_scenario) {
		json_t *s = json_pack("{s:s, s:s, s:b}", "name", r.sc.name, "slug", r.about.slug, "made_up",
		                      r.about.made_up);
		buf_reset(&words);
		break_even_words(&r, &words);
		page_set_str(s, "break_even", buf_str(&words));
		json_t *effects = json_array();
		for (size_t i = 0; i < r.sc.neffects; i++) {
			buf_reset(&words);
			money_effect_words(&r.sc.effects[i], &words);
			json_array_append_new(effects, json_pack("{s:s}", "words", buf_str(&words)));
		}
		json_object_set_new(s, "effects", effects);
		json_t *invs = json_array();
		for (size_t i = 0; i < r.sc.ninvestments; i++) {
			const struct money_investment *in = &r.sc.investments[i];
			char pounds[32];
			fan_number(in->per_year, FAN_POUNDS, pounds);
			struct buf when = {0};
			date_words(date_from_days(in->starts), &when);
			buf_reset(&words);
			buf_printf(&words, "%s: %s a year from %s", in->what, pounds, buf_str(&when));
			if (in->ends != RECORDS_OPEN) {
				buf_reset(&when);
				date_words(date_from_days(in->ends), &when);
				buf_printf(&words, " to %s", buf_str(&when));
			}
			if (in->payer[0])
				buf_printf(&words, ", paid by %s", in->payer);
			if (in->pooled)
				buf_printf(&words, ", pooled%s%s", in->pooled_with[0] ? " with " : "", in->pooled_with);
			buf_free(&when);
			json_array_append_new(invs, json_pack("{s:s}", "words", buf_str(&words)));
		}
		json_object_set_new(s, "investments", invs);
		json_object_set_new(ctx, "scenario", s);
	}

	/* How it is worked out, in the rules' own words. */
	static const char *const sections[][2] = {
	    {"Estimating rates from the records", "How the rates are estimated from the records"},
	    {"The projection", "How the projection is made"},
	    {"The backtest: how far to trust the projection", "How the projection is tested"},
	};
	json_t *method = json_array();
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
		method_text(sections[i][0], &words);
		json_t *m = json_pack("{s:s, s:s}", "title", sections[i][1], "text", buf_str(&words));
		page_set_blocks(m, "blocks", "text");
		if (json_object_get(m, "blocks"))
			json_array_append(method, m);
		json_decref(m);
	}
	json_object_set_new(ctx, "has_method", json_boolean(json_array_size(method) > 0));
	json_object_set_new(ctx, "method", method);
	buf_free(&words);
	json_object_set_new(ctx, "has_backtest", json_boolean(r.has_backtest));
	if (r.has_backtest)
		json_object_set_new(ctx, "backtest", backtest_json_page(&r));
	else
		page_set_str(ctx, "backtest_why", r.backtest_why);
	run_free(&r);
	web_page(req, res, 200, "money_projection", ctx);
}

/* ---- the API ---- */

static json_t *months_json(const struct run *r)
{
	const struct money_projection *p = &r->p;
	json_t *out = json_array();
	for (int m = 0; m < p->months; m++) {
		char day[11];
		date_format(date_from_days(p->month_start[m]), day);
		json_t *types = json_object();
		for (int t = 0; t < MONEY_NTYPES; t++)
			json_object_set_new(types, records_placement_type_codes[t],
			                    band_json(&p->children[(size_t)m * MONEY_NTYPES + (size_t)t]));
		json_t *o = json_pack("{s:s, s:o, s:o, s:o}", "month", day, "children", band_json(&p->total[m]),
		                      "children_by_type", types, "cost", band_json(&p->cost[m]));
		if (r->has_scenario) {
			json_t *st = json_object();
			for (int t = 0; t < MONEY_NTYPES; t++)
				json_object_set_new(st, records_placement_type_codes[t],
				                    band_json(&p->s_children[(size_t)m * MONEY_NTYPES + (size_t)t]));
			json_object_set_new(o, "scenario",
			                    json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "children",
			                              band_json(&p->s_total[m]), "children_by_type", st, "cost",
			                              band_json(&p->s_cost[m]), "investment", band_json(&p->investment[m]),
			                              "gross_saving", band_json(&p->gross_saving[m]), "net_saving",
			                              band_json(&p->net_saving[m]), "net_position",
			                              band_json(&p->net_saving_cum[m])));
		}
		json_array_append_new(out, o);
	}
	return out;
}

static json_t *years_json(const struct run *r)
{
	const struct money_projection *p = &r->p;
	json_t *out = json_array();
	for (int y = 0; y < p->years; y++) {
		char fy[8];
		money_fy_words(p->fy[y], fy);
		json_t *o = json_pack("{s:s, s:o}", "year", fy, "cost", band_json(&p->year_cost[y]));
		if (r->has_scenario) {
			json_object_set_new(o, "scenario_cost", band_json(&p->s_year_cost[y]));
			json_object_set_new(o, "investment", band_json(&p->year_investment[y]));
			json_object_set_new(o, "gross_saving", band_json(&p->year_gross_saving[y]));
			json_object_set_new(o, "net_saving", band_json(&p->year_net_saving[y]));
		}
		json_array_append_new(out, o);
	}
	return out;
}

static json_t *break_even_json(const struct run *r)
{
	const struct money_projection *p = &r->p;
	json_t *o = json_object();
	const double v[3] = {p->break_even.p5, p->break_even.p50, p->break_even.p95};
	static const char *const keys[3] = {"p5", "p50", "p95"};
	for (int k = 0; k < 3; k++) {
		int m = (int)lround(v[k]);
		if (v[k] < 0 || m >= p->months)
			json_object_set_new(o, keys[k], json_null());
		else {
			char day[11];
			date_format(date_from_days(p->month_start[m]), day);
			json_object_set_new(o, keys[k], json_string(day));
		}
	}
	json_object_set_new(o, "never_share", json_real(p->break_even_never_share));
	return o;
}

void web_api_projection(struct web_request *req, struct web_response *res)
{
	const struct query *q = &req->query;
	for (size_t i = 0; i < q->n; i++) {
		const char *name = q->p[i].name;
		if (strcmp(name, "area") != 0 && strcmp(name, "scenario") != 0 && strcmp(name, "draws") != 0 &&
		    strcmp(name, "price_year") != 0 && strcmp(name, "inflation") != 0 && strcmp(name, "discount") != 0) {
			char m[200];
			snprintf(m, sizeof m,
			         "unknown parameter '%.60s': projection takes area, scenario, draws, price_year, inflation and "
			         "discount",
			         name);
			web_json_error(res, 400, "bad_parameter", m);
			return;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(q->p[j].name, name) == 0) {
				char m[200];
				snprintf(m, sizeof m, "%s is given more than once: give it once", name);
				web_json_error(res, 400, "bad_parameter", m);
				return;
			}
	}
	int draws = PAGE_DRAWS;
	const char *dt = query_get(q, "draws");
	if (dt) {
		char *end = NULL;
		long v = strtol(dt, &end, 10);
		if (!*dt || *end || v < 1 || v > MAX_DRAWS) {
			char m[200];
			snprintf(m, sizeof m, "draws must be a whole number from 1 to %d, not '%.40s'", MAX_DRAWS, dt);
			web_json_error(res, 422, "invalid", m);
			return;
		}
		draws = (int)v;
	}
	struct kerr e = {0};
	struct run r;
	struct prices pr;
	char why[200];
	if (!prices_of(q, req->today.y, false, &pr, why)) {
		web_json_error(res, 422, "invalid", why);
		return;
	}
	int status = run_projection(req, query_get(q, "area"), query_get(q, "scenario"), draws, &pr, false, &r, &e);
	if (status) {
		if (status == 500)
			log_error("api projection: %s", e.msg);
		web_json_error(res, status, status == 404 ? "not_found" : status == 422 ? "invalid" : "internal",
		               status == 500 ? "the server could not answer; the failure has been logged" : e.msg);
		run_free(&r);
		return;
	}
	char from[11], to[11], start[11], py[8] = "";
	date_format(date_from_days(r.counts.from), from);
	date_format(date_from_days(r.counts.to), to);
	date_format(date_from_days(r.o.start), start);
	if (r.o.price_year > 0)
		money_fy_words(r.o.price_year, py);
	json_t *unit = json_object();
	for (int t = 0; t < MONEY_NTYPES; t++)
		json_object_set_new(unit, records_placement_type_codes[t],
		                    r.uc.t[t].weekly < 0 ? json_null() : json_real(r.uc.t[t].weekly));
	json_t *out = json_pack("{s:s, s:s, s:o, s:i, s:i, s:{s:s, s:s, s:I}, s:s, s:o, s:o, s:o, s:o}", "area", r.area,
	                        "area_name", r.area_name, "scenario", r.has_scenario ? json_string(r.about.slug) : json_null(),
	                        "draws", draws, "councils", (int)r.nb, "fitted", "from", from, "to", to, "children",
	                        (json_int_t)money_round_to((double)r.counts.children, MONEY_PUBLISH_CHILDREN), "start", start, "price_year",
	                        *py ? json_string(py) : json_null(), "weekly_cost", unit, "months", months_json(&r),
	                        "years", years_json(&r));
	if (r.has_scenario)
		json_object_set_new(out, "break_even", break_even_json(&r));
	run_free(&r);
	web_json(res, 200, out);
}
