/* Unit costs, child-days and placement costs from the records, the cost of failure, and
 * prices (money.h; docs/money.md "Unit costs and placement costs from the records", "The
 * cost of failure", "Prices, inflation and discounting"). */
#include "money/money.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/date.h"
#include "base/embed.h"

/* ---- reading the built-in tables ---- */

/* Copies field f into out (cap bytes, cut to fit). */
static void field_copy(const struct csv_field *f, char *out, size_t cap)
{
	size_t n = f->n < cap - 1 ? f->n : cap - 1;
	memcpy(out, f->p, n);
	out[n] = '\0';
}

/* A number from field f: 1 with *v, 0 when empty, -1 when not a number. */
static int field_number(const struct csv_field *f, double *v)
{
	char tmp[64];
	if (f->n == 0)
		return 0;
	if (f->n >= sizeof tmp)
		return -1;
	field_copy(f, tmp, sizeof tmp);
	char *end;
	*v = strtod(tmp, &end);
	return *end == '\0' && isfinite(*v) ? 1 : -1;
}

/* A price year ("2016-17") from field f: the year, -1 when empty, -2 when not one. */
static int field_fy(const struct csv_field *f)
{
	char tmp[16];
	if (f->n == 0)
		return -1;
	if (f->n >= sizeof tmp)
		return -2;
	field_copy(f, tmp, sizeof tmp);
	int y = money_fy_parse(tmp);
	return y < 0 ? -2 : y;
}

static struct csv_reader *open_embedded(const char *name, struct kerr *e)
{
	const struct embedded_file *f = embedded_find(name);
	if (!f) {
		kerr_set(e, KERR_FAIL, "%s is not built into this keep", name);
		return NULL;
	}
	return csv_open((const char *)f->data, f->len, name);
}

/* Calls row_fn(row, arg, e) for each row after the header of the data file name (built
 * into keep), which must each have nfields fields. 0, or -1 with e ("FILE:LINE: ..."). */
static int data_rows(const char *name, size_t nfields,
                     int (*row_fn)(const struct csv_row *, const char *, void *, struct kerr *), void *arg,
                     struct kerr *e)
{
	struct csv_reader *r = open_embedded(name, e);
	if (!r)
		return -1;
	struct csv_row row;
	int rc = 0, got;
	bool header = true;
	while (rc == 0 && (got = csv_next(r, &row, e)) == 1) {
		if (header) {
			header = false;
			continue;
		}
		if (row.n != nfields)
			rc = kerr_set(e, KERR_INVALID, "%s:%zu: %zu fields, not %zu", name, row.line, row.n,
			              nfields);
		else
			rc = row_fn(&row, name, arg, e);
	}
	if (rc == 0 && got < 0)
		rc = -1;
	csv_close(r);
	return rc;
}

struct unit_rows {
	struct money_unit_costs *out;
	bool seen[MONEY_NTYPES];
};

static int unit_row(const struct csv_row *row, const char *name, void *arg, struct kerr *e)
{
	struct unit_rows *u = arg;
	char key[48];
	field_copy(&row->f[0], key, sizeof key);
	int t = money_type_of(key);
	if (t < 0 || u->seen[t])
		return kerr_set(e, KERR_INVALID, "%s:%zu:1: '%s' is not a placement type, or is given twice",
		                name, row->line, key);
	u->seen[t] = true;
	struct money_unit_cost *c = &u->out->t[t];
	double v;
	int num = field_number(&row->f[1], &v);
	int fy = field_fy(&row->f[2]);
	if (num < 0 || (num == 1 && v < 0) || fy == -2 || (num == 1) != (fy >= 0))
		return kerr_set(e, KERR_INVALID, "%s:%zu: a cost needs a price year and a price year a cost",
		                name, row->line);
	c->weekly = num == 1 ? v : -1;
	c->price_year = fy;
	char publisher[200], title[300], date[40], address[300];
	field_copy(&row->f[3], publisher, sizeof publisher);
	field_copy(&row->f[4], title, sizeof title);
	field_copy(&row->f[5], date, sizeof date);
	field_copy(&row->f[6], address, sizeof address);
	if (num == 1 && (!publisher[0] || !title[0]))
		return kerr_set(e, KERR_INVALID, "%s:%zu: a cost needs its publisher and title", name,
		                row->line);
	if (num == 1)
		snprintf(c->source, sizeof c->source, "%s, %s%s%s%s%s", publisher, title, date[0] ? ", " : "",
		         date, address[0] ? ", " : "", address);
	field_copy(&row->f[7], c->stands_for, sizeof c->stands_for);
	return 0;
}

int money_unit_costs_default(struct money_unit_costs *out, struct kerr *e)
{
	static const char name[] = "data/unit-costs.csv";
	memset(out, 0, sizeof *out);
	for (int t = 0; t < MONEY_NTYPES; t++) {
		out->t[t].weekly = -1;
		out->t[t].price_year = -1;
	}
	struct unit_rows u = {out, {false}};
	int rc = data_rows(name, 8, unit_row, &u, e);
	for (int t = 0; rc == 0 && t < MONEY_NTYPES; t++)
		if (!u.seen[t])
			rc = kerr_set(e, KERR_INVALID, "%s: no row for the placement type '%s'", name,
			              records_placement_type_codes[t]);
	return rc;
}

int money_unit_cost_check(const char *type, double weekly, int price_year, const char *source, struct kerr *e)
{
	if (!type || money_type_of(type) < 0)
		return kerr_set(e, KERR_INVALID, "type: '%s' is not a placement type", type ? type : "");
	if (!isfinite(weekly) || weekly < 0 || weekly > 100000)
		return kerr_set(e, KERR_INVALID, "weekly_cost: a cost a week is from 0 to 100,000 pounds");
	if (price_year < 1990 || price_year > 2100)
		return kerr_set(e, KERR_INVALID,
		                "price_year: a financial year such as 2024-25 (1990-91 to 2100-01)");
	if (!source || !source[strspn(source, " \t\r\n")])
		return kerr_set(e, KERR_INVALID, "source: say where the figure comes from");
	if (strlen(source) > 600)
		return kerr_set(e, KERR_INVALID, "source: at most 600 characters");
	return 0;
}

void money_unit_costs_apply(struct money_unit_costs *out, json_t *own)
{
	size_t i;
	json_t *o;
	json_array_foreach(own, i, o)
	{
		const char *type = json_string_value(json_object_get(o, "type"));
		int t = type ? money_type_of(type) : -1;
		json_t *w = json_object_get(o, "weekly_cost");
		if (t < 0 || !json_is_number(w))
			continue;
		struct money_unit_cost *c = &out->t[t];
		c->weekly = json_number_value(w);
		c->price_year = (int)json_integer_value(json_object_get(o, "price_year"));
		const char *src = json_string_value(json_object_get(o, "source"));
		snprintf(c->source, sizeof c->source, "%s", src ? src : "");
		c->stands_for[0] = '\0';
		c->own = true;
	}
}

void money_unit_costs_reprice(struct money_unit_costs *uc, int to_fy, double pct)
{
	for (int t = 0; t < MONEY_NTYPES; t++) {
		struct money_unit_cost *c = &uc->t[t];
		if (c->weekly < 0 || c->price_year < 0)
			continue;
		c->weekly *= money_price_factor(c->price_year, to_fy, pct);
		c->price_year = to_fy;
	}
}

/* ---- child-days ---- */

void money_child_days(const struct records *b, int fy, int64_t days[MONEY_NTYPES])
{
	int32_t first, last;
	money_fy_days(fy, &first, &last);
	int32_t records_end = (int32_t)date_days((struct kdate){b->year, 7, 31});
	if (records_end < last)
		last = records_end;
	if (last < first || b->placements.n == 0)
		return;
	struct records_by_child ix;
	records_by_child_make(b, RECORDS_PLACEMENTS, &ix);
	for (size_t c = 0; c < b->children.n; c++) {
		for (uint32_t k = ix.first[c]; k < ix.first[c + 1]; k++) {
			const struct records_placement *p = &b->placements.v[ix.idx[k]];
			int32_t to = p->end;
			/* A move: the next placement starts the day this one ends; that day is the
			 * next one's. */
			if (k + 1 < ix.first[c + 1]) {
				int32_t next = b->placements.v[ix.idx[k + 1]].start;
				if (next <= to)
					to = next - 1;
			}
			int32_t from = p->start > first ? p->start : first;
			if (to > last)
				to = last;
			if (to >= from && p->type < MONEY_NTYPES)
				days[p->type] += (int64_t)to - from + 1;
		}
	}
	records_by_child_free(&ix);
}

void money_placement_costs(const int64_t days[MONEY_NTYPES], const struct money_unit_costs *uc,
                           struct money_placement_costs *out)
{
	memset(out, 0, sizeof *out);
	out->price_year_min = out->price_year_max = -1;
	for (int t = 0; t < MONEY_NTYPES; t++) {
		out->days[t] = days[t];
		const struct money_unit_cost *c = &uc->t[t];
		if (c->weekly < 0) {
			out->cost[t] = -1;
			out->unpriced_days += days[t];
			continue;
		}
		out->cost[t] = (double)days[t] / 7.0 * c->weekly;
		out->total += out->cost[t];
		if (days[t] > 0 && c->price_year >= 0) {
			if (out->price_year_min < 0 || c->price_year < out->price_year_min)
				out->price_year_min = c->price_year;
			if (c->price_year > out->price_year_max)
				out->price_year_max = c->price_year;
		}
	}
}

/* ---- prices ---- */

double money_price_factor(int from_fy, int to_fy, double pct)
{
	return pow(1.0 + pct / 100.0, (double)(to_fy - from_fy));
}

double money_discount_factor(int base_fy, int fy, double pct)
{
	return pow(1.0 + pct / 100.0, -(double)(fy - base_fy));
}

/* ---- the cost of failure ---- */

const char *const money_failure_keys[MF_NOUTCOMES] = {"homelessness", "custody", "mental_health"};
const char *const money_failure_labels[MF_NOUTCOMES] = {
    "homelessness",
    "prison (custody)",
    "mental health",
};

static int failure_row(const struct csv_row *row, const char *name, void *arg, struct kerr *e)
{
	struct money_failure_params *out = arg;
	if (out->n == MONEY_FAILURE_MAX_PARAMS)
		return kerr_set(e, KERR_INVALID, "%s:%zu: more than %d parameters", name, row->line,
		                MONEY_FAILURE_MAX_PARAMS);
	struct money_failure_param *p = &out->p[out->n];
	field_copy(&row->f[0], p->key, sizeof p->key);
	int num = field_number(&row->f[1], &p->value);
	int fy = field_fy(&row->f[3]);
	if (!p->key[0] || num < 0 || fy == -2 || row->f[4].n == 0 || row->f[6].n == 0)
		return kerr_set(
		    e, KERR_INVALID,
		    "%s:%zu: a parameter needs a key, a number or nothing, its source and what it is", name,
		    row->line);
	p->known = num == 1;
	p->price_year = fy;
	field_copy(&row->f[2], p->unit, sizeof p->unit);
	field_copy(&row->f[4], p->source, sizeof p->source);
	field_copy(&row->f[5], p->note, sizeof p->note);
	field_copy(&row->f[6], p->what, sizeof p->what);
	out->n++;
	return 0;
}

int money_failure_params_default(struct money_failure_params *out, struct kerr *e)
{
	memset(out, 0, sizeof *out);
	return data_rows("data/failure-costs.csv", 7, failure_row, out, e);
}

const struct money_failure_param *money_failure_param(const struct money_failure_params *p, const char *key)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->p[i].key, key) == 0)
			return &p->p[i];
	return NULL;
}

/* The value of key, or 0 when missing or not known. */
static double val(const struct money_failure_params *p, const char *key)
{
	const struct money_failure_param *q = money_failure_param(p, key);
	return q && q->known ? q->value : 0;
}

static int year_of(const struct money_failure_params *p, const char *key)
{
	const struct money_failure_param *q = money_failure_param(p, key);
	return q ? q->price_year : -1;
}

double money_tax_ni(const struct money_failure_params *p, double earnings)
{
	/* Scottish income tax: each band's rate on the part of the earnings above its start
	 * and below the next band's start. */
	static const char *const bands[] = {"starter", "basic", "intermediate", "higher", "advanced", "top"};
	const size_t nb = sizeof bands / sizeof bands[0];
	double tax = 0;
	for (size_t i = 0; i < nb; i++) {
		char k[48];
		snprintf(k, sizeof k, "tax.%s.from", bands[i]);
		const struct money_failure_param *f = money_failure_param(p, k);
		if (!f || !f->known)
			continue;
		double to = INFINITY; /* the next band's start, if there is one */
		for (size_t j = i + 1; j < nb && isinf(to); j++) {
			snprintf(k, sizeof k, "tax.%s.from", bands[j]);
			const struct money_failure_param *g = money_failure_param(p, k);
			if (g && g->known)
				to = g->value;
		}
		snprintf(k, sizeof k, "tax.%s.rate", bands[i]);
		double rate = val(p, k);
		if (earnings > f->value)
			tax += ((earnings < to ? earnings : to) - f->value) * rate;
	}
	/* Employee Class 1: the main rate between the primary threshold and the upper
	 * earnings limit, the lower rate above it; employer: its rate above the secondary
	 * threshold. */
	double pt = val(p, "ni.employee.from"), uel = val(p, "ni.employee.upper");
	if (uel <= 0)
		uel = INFINITY;
	double ee = 0;
	if (earnings > pt)
		ee += ((earnings < uel ? earnings : uel) - pt) * val(p, "ni.employee.rate");
	if (earnings > uel)
		ee += (earnings - uel) * val(p, "ni.employee.above_rate");
	double st = val(p, "ni.employer.from");
	double er = earnings > st ? (earnings - st) * val(p, "ni.employer.rate") : 0;
	return tax + ee + er;
}

void money_failure_compute(const struct money_failure_params *p, double adults, int price_year,
                           double inflation_pct, struct money_failure *out)
{
	memset(out, 0, sizeof *out);
	out->price_year = price_year;
	/* Moves a figure of year fy to price_year (when one is asked for). */
#define MOVE(v, fy)                                                                                          \
	((price_year >= 0 && (fy) >= 0) ? (v)*money_price_factor((fy), price_year, inflation_pct) : (v))
	static const char *const prefix[] = {"homeless", "custody"};
	static const char *const total_key[] = {"homeless.applications", "custody.population"};
	static const char *const cost_key[] = {"homeless.cost_per_case", "custody.cost_per_place"};
	for (int o = MF_HOMELESS; o <= MF_CUSTODY; o++) {
		char k[48];
		snprintf(k, sizeof k, "%s.ce_share", prefix[o]);
		double share = val(p, k);
		snprintf(k, sizeof k, "%s.relative_risk", prefix[o]);
		double rr = val(p, k);
		double cases = val(p, total_key[o]) * share;
		out->o[o].cases = cases;
		/* Cases beyond peers' rate: N × (p_ce − p_peers) = cases × (1 − 1/rr). */
		out->o[o].extra_cases = rr > 1 ? cases * (1 - 1 / rr) : 0;
		const struct money_failure_param *c = money_failure_param(p, cost_key[o]);
		out->o[o].priced = c && c->known;
		int fy = year_of(p, cost_key[o]);
		out->o[o].cost_per_case = out->o[o].priced ? MOVE(c->value, fy) : -1;
		out->o[o].cost = out->o[o].priced ? out->o[o].extra_cases * out->o[o].cost_per_case : -1;
		out->o[o].price_year = price_year >= 0 ? price_year : fy;
		if (out->o[o].priced)
			out->needs_total += out->o[o].cost;
	}
	out->o[MF_MENTAL_HEALTH].priced = false;
	out->o[MF_MENTAL_HEALTH].cost = out->o[MF_MENTAL_HEALTH].cost_per_case = -1;
	out->o[MF_MENTAL_HEALTH].price_year = -1;
	/* Lost tax and National Insurance: a peer's earnings a year, and the care-experienced
	 * adult's at the ratio of them. */
	double peer = val(p, "earnings.peer_weekly") * 52;
	double ce = peer * val(p, "earnings.ce_ratio");
	int tax_fy = year_of(p, "tax.personal_allowance");
	out->tax_price_year = price_year >= 0 ? price_year : tax_fy;
	out->lost_per_adult = MOVE(money_tax_ni(p, peer) - money_tax_ni(p, ce), tax_fy);
	if (adults < 0) {
		const struct money_failure_param *a = money_failure_param(p, "adults");
		adults = a && a->known ? a->value : -1;
	}
	out->adults = adults;
	out->lost_total = adults >= 0 ? adults * out->lost_per_adult : -1;
	out->the_money_needs = val(p, "the_money.failure_needs");
	out->the_money_lost = val(p, "the_money.lost_tax_ni");
#undef MOVE
}
