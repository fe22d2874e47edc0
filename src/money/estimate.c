/* Counting the records into states (money.h; docs/money.md "Estimating rates from the
 * records"). Each child is read once: its episodes and placements become runs of days in
 * one placement type, the runs are cut at the birthdays that change its age band, and
 * the runs of states are laid over the reference period, so that the work is by the
 * child's rows, never by day. */
#include "money/money.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"

void money_counts_zero(struct money_counts *c, int32_t from, int32_t to)
{
	memset(c, 0, sizeof *c);
	c->from = from;
	c->to = to;
}

/* Day number of the same date `years` later (29 February, in a year without it, is 1
 * March: the day money_band_of takes a birthday to be on). */
static int32_t years_after(int32_t day, int years)
{
	struct kdate d = date_from_days(day);
	return (int32_t)(date_days((struct kdate){d.y + years, d.m, 1}) + d.d - 1);
}

void money_records_span(const struct records *b, int32_t *first, int32_t *last)
{
	if (b->year_only) {
		*first = (int32_t)date_days((struct kdate){b->year - 1, 4, 1});
		*last = (int32_t)date_days((struct kdate){b->year, 3, 31});
		return;
	}
	*last = (int32_t)date_days((struct kdate){b->year, 7, 31});
	int32_t f = *last;
	for (size_t i = 0; i < b->episodes.n; i++)
		if (b->episodes.v[i].start < f)
			f = b->episodes.v[i].start;
	*first = f;
}

void money_default_period(const struct records *b, int32_t *from, int32_t *to)
{
	int32_t first, last;
	money_records_span(b, &first, &last);
	*to = last - 1;
	int32_t f = years_after(last, -3);
	*from = f < first ? first : f;
}

/* The regularised lower incomplete gamma function P(a, x): its series below a + 1, its
 * continued fraction (by Lentz's method) above. */
static double gamma_p(double a, double x)
{
	if (x <= 0)
		return 0;
	int sign;
	double front = exp(-x + a * log(x) - lgamma_r(a, &sign));
	if (x < a + 1) {
		double term = 1 / a, sum = term;
		for (int n = 1; n < 10000 && fabs(term) > fabs(sum) * 1e-16; n++) {
			term *= x / (a + n);
			sum += term;
		}
		return sum * front;
	}
	const double tiny = 1e-300;
	double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
	for (int i = 1; i < 10000; i++) {
		double an = -i * (i - a);
		b += 2;
		d = an * d + b;
		if (fabs(d) < tiny)
			d = tiny;
		c = b + an / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		double del = d * c;
		h *= del;
		if (fabs(del - 1) < 1e-16)
			break;
	}
	return 1 - front * h;
}

/* The p-th quantile of Gamma(a, 1), by bisection. */
static double gamma_quantile(double a, double p)
{
	double lo = 0, hi = a + 10 * sqrt(a) + 20;
	while (gamma_p(a, hi) < p)
		hi *= 2;
	for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
		double mid = (lo + hi) / 2;
		if (gamma_p(a, mid) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

double money_rate(uint32_t moves, double exposure, double *lo95, double *hi95)
{
	if (exposure <= 0) {
		if (lo95)
			*lo95 = 0;
		if (hi95)
			*hi95 = 0;
		return 0;
	}
	double a = moves + 0.5;
	if (lo95)
		*lo95 = gamma_quantile(a, 0.025) / exposure;
	if (hi95)
		*hi95 = gamma_quantile(a, 0.975) / exposure;
	return moves / exposure;
}

/* A run of days [a, b] (b RECORDS_OPEN while it goes on) in one type or state. */
struct run {
	int64_t a, b;
	int v;
};
struct runs {
	struct run *v;
	size_t n, cap;
};

static void push(struct runs *r, int64_t a, int64_t b, int v)
{
	if (a > b)
		return;
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->v = xrealloc(r->v, r->cap * sizeof *r->v);
	}
	r->v[r->n++] = (struct run){a, b, v};
}

/* The child's runs of placement types (docs/money.md "States"): a day of an episode is
 * in the type of the placement holding it (the later one on a day of a move); a day
 * after a placement ended and before the next began, in the type of the one that ended;
 * a day before the episode's first placement is not counted as looked after. On a day
 * one episode ends and the next begins, the child is in the new one. */
static void type_runs(const struct records *b, const struct records_by_child *ie, const struct records_by_child *ip,
                      uint32_t c, struct runs *out)
{
	out->n = 0;
	uint32_t e0 = ie->first[c], e1 = ie->first[c + 1], p0 = ip->first[c], p1 = ip->first[c + 1];
	for (uint32_t k = e0; k < e1; k++) {
		const struct records_episode *ep = &b->episodes.v[ie->idx[k]];
		int64_t es = ep->start, ee = ep->end;
		if (k + 1 < e1 && b->episodes.v[ie->idx[k + 1]].start <= ee)
			ee = (int64_t)b->episodes.v[ie->idx[k + 1]].start - 1;
		if (ee < es)
			continue;
		int type = -1;
		int64_t day = es;
		for (uint32_t j = p0; j < p1; j++) {
			const struct records_placement *p = &b->placements.v[ip->idx[j]];
			int64_t pa = p->start, pb = p->end;
			if (j + 1 < p1 && b->placements.v[ip->idx[j + 1]].start <= pb)
				pb = (int64_t)b->placements.v[ip->idx[j + 1]].start - 1;
			if (pa < es)
				pa = es;
			if (pb > ee)
				pb = ee;
			if (pa > pb || pa < day)
				continue;
			if (type >= 0)
				push(out, day, pa - 1, type);
			push(out, pa, pb, p->type);
			type = p->type;
			day = pb + 1;
		}
		if (type >= 0)
			push(out, day, ee, type);
	}
}

/* The runs of states of a child born on birth, from its runs of types: each cut at the
 * birthdays of 1, 5, 10, 16 and 18; from the 18th birthday on, none. */
static void state_runs(int32_t birth, const struct runs *types, struct runs *out)
{
	static const int at[6] = {0, 1, 5, 10, 16, 18};
	int64_t th[6];
	for (int k = 0; k < 6; k++)
		th[k] = k ? years_after(birth, at[k]) : birth;
	out->n = 0;
	for (size_t i = 0; i < types->n; i++) {
		int64_t d = types->v[i].a, end = types->v[i].b;
		if (d < th[0])
			d = th[0];
		while (d <= end && d < th[5]) {
			int band = 0;
			while (band < 4 && d >= th[band + 1])
				band++;
			int64_t stop = th[band + 1] - 1;
			if (stop > end)
				stop = end;
			push(out, d, stop, money_state(band, types->v[i].v));
			d = stop + 1;
		}
	}
}

static void change(struct money_counts *c, int64_t day, int from, int to)
{
	if (from != to && day >= (int64_t)c->from + 1 && day <= (int64_t)c->to + 1)
		c->moves[from][to]++;
}

/* Lays one child's runs of states over the period. */
static void count_child(struct money_counts *c, const struct runs *r)
{
	int64_t from = c->from, to = c->to;
	int prev = MONEY_OUTSIDE;
	int64_t prev_end = INT64_MIN;
	bool seen = false;
	for (size_t i = 0; i < r->n; i++) {
		const struct run *s = &r->v[i];
		if (prev_end != INT64_MIN && prev_end < s->a - 1) {
			change(c, prev_end + 1, prev, MONEY_OUTSIDE);
			prev = MONEY_OUTSIDE;
		}
		change(c, s->a, prev, s->v);
		int64_t a = s->a > from ? s->a : from, b = s->b < to ? s->b : to;
		if (a <= b)
			c->exposure[s->v] += (double)(b - a + 1);
		if (s->a <= to + 1 && to + 1 <= s->b)
			c->stock_end[s->v]++;
		if (s->a <= to + 1 && s->b >= from)
			seen = true;
		prev = s->v;
		prev_end = s->b;
	}
	if (prev_end != INT64_MIN && prev_end < RECORDS_OPEN)
		change(c, prev_end + 1, prev, MONEY_OUTSIDE);
	c->children += seen;
}

int money_counts_add(struct money_counts *c, const struct records *b, struct kerr *e)
{
	char f[11], t[11], a[11], z[11];
	date_format(date_from_days(c->from), f);
	date_format(date_from_days(c->to), t);
	if (c->from > c->to)
		return kerr_set(e, KERR_USAGE, "the period from %s to %s is empty: it must end on or after its first day",
		                f, t);
	int32_t first, last;
	money_records_span(b, &first, &last);
	date_format(date_from_days(first), a);
	date_format(date_from_days(last), z);
	if (c->from < first || (int64_t)c->to + 1 > last)
		return kerr_set(e, KERR_USAGE,
		                "the period from %s to %s is not inside %s's records of %d, which show %s to %s (the "
		                "period must end at least a day before their last day)",
		                f, t, b->council, b->year, a, z);
	struct records_by_child ie, ip;
	records_by_child_make(b, RECORDS_EPISODES, &ie);
	records_by_child_make(b, RECORDS_PLACEMENTS, &ip);
	struct runs types = {0}, states = {0};
	for (uint32_t ch = 0; ch < b->children.n; ch++) {
		if (ie.first[ch] == ie.first[ch + 1])
			continue;
		type_runs(b, &ie, &ip, ch, &types);
		state_runs(b->children.v[ch].birth, &types, &states);
		count_child(c, &states);
	}
	free(types.v);
	free(states.v);
	records_by_child_free(&ie);
	records_by_child_free(&ip);
	return 0;
}
