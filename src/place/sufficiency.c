/* Sufficiency to 2030 and commissioning (place.h; docs/places.md "Sufficiency to 2030",
 * "Commissioning"): demand from The Money's projection (its groups of states), sibling
 * groups from the records' sibling links, supply from the register, the gap with its
 * band, and the least additional homes so that every sibling group can live together.
 * No SQL, HTML or HTTP: the callers load the records and the register. */
#include "place/place.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"

bool place_type_provides(int t)
{
	for (int m = 0; m < MONEY_NTYPES; m++)
		if (place_type_for_money_type(m) == t)
			return true;
	return false;
}

/* ---- sibling groups ---- */
static uint32_t find_root(uint32_t *up, uint32_t x)
{
	while (up[x] != x) {
		up[x] = up[up[x]];
		x = up[x];
	}
	return x;
}

/* The two placements are the same home (docs/measures.md "Placed together"). */
static bool same_home(const struct records *b, const struct records_placement *x,
                      const struct records_placement *y)
{
	if (x->type != y->type || x->provider == RECORDS_NO_TEXT || y->provider == RECORDS_NO_TEXT)
		return false;
	const char *px = b->text.p + x->provider, *py = b->text.p + y->provider;
	return *px && strcmp(px, py) == 0;
}

void place_sibgroups_count(const struct records *b, int32_t day, struct place_sibgroups *out)
{
	memset(out, 0, sizeof *out);
	out->day = day;
	out->siblings_given = b->given[RECORDS_SIBLINGS];
	size_t n = b->children.n;
	if (n == 0)
		return;
	struct records_by_child ep, pl;
	records_by_child_make(b, RECORDS_EPISODES, &ep);
	records_by_child_make(b, RECORDS_PLACEMENTS, &pl);
	long *where = xmalloc(n * sizeof *where); /* the placement on day, or -1: not in scope */
	uint32_t *up = xmalloc(n * sizeof *up), *size = xcalloc(n, sizeof *size);
	bool *apart = xcalloc(n, sizeof *apart);
	for (size_t c = 0; c < n; c++) {
		up[c] = (uint32_t)c;
		where[c] = -1;
		if (records_holding(b, RECORDS_EPISODES, &ep, (uint32_t)c, day) < 0)
			continue;
		long p = records_holding(b, RECORDS_PLACEMENTS, &pl, (uint32_t)c, day);
		if (p >= 0 && place_type_for_money_type(b->placements.v[p].type) >= 0) {
			where[c] = p;
			out->children++;
		}
	}
	if (out->siblings_given)
		for (size_t i = 0; i < b->siblings.n; i++) {
			uint32_t x = b->siblings.v[i].child, y = b->siblings.v[i].sibling;
			if (x >= n || y >= n || where[x] < 0 || where[y] < 0)
				continue;
			uint32_t rx = find_root(up, x), ry = find_root(up, y);
			if (rx != ry)
				up[ry] = rx;
		}
	/* each group's size, and whether each member is in the same home as its root's */
	for (size_t c = 0; c < n; c++) {
		if (where[c] < 0)
			continue;
		uint32_t r = find_root(up, (uint32_t)c);
		size[r]++;
		if (r != c && !same_home(b, &b->placements.v[where[c]], &b->placements.v[where[r]]))
			apart[r] = true;
	}
	for (size_t c = 0; c < n; c++) {
		if (where[c] < 0 || up[c] != c)
			continue;
		int k = size[c] >= PLACE_SIZES ? PLACE_SIZES - 1 : (int)size[c] - 1;
		out->groups[k]++;
		out->apart[k] += size[c] >= 2 && apart[c];
	}
	free(where);
	free(up);
	free(size);
	free(apart);
	records_by_child_free(&ep);
	records_by_child_free(&pl);
}

/* ---- demand ---- */
void place_demand_groups(bool groups[PLACE_NGROUPS][MONEY_NSTATES])
{
	memset(groups, 0, sizeof(bool) * PLACE_NGROUPS * MONEY_NSTATES);
	for (int s = 0; s < MONEY_OUTSIDE; s++) {
		int t = place_type_for_money_type(money_state_type(s)), b = money_state_band(s);
		if (t < 0)
			continue;
		groups[t * MB_NBANDS + b][s] = true;
		groups[PLACE_G_TYPE0 + t][s] = true;
		groups[PLACE_G_PLACED][s] = true;
	}
}

/* x × num ÷ den rounded half up to a whole number (0 when den is 0). */
static double scaled(double x, double num, double den)
{
	return den > 0 ? floor(x * num / den + 0.5) : 0;
}

void place_demand_from(struct place_demand *d, const struct money_projection *p)
{
	d->years = p->years < PLACE_MAX_YEARS ? p->years : PLACE_MAX_YEARS;
	for (int y = 0; y < d->years; y++) {
		const struct money_band3 *g = &p->year_groups[(size_t)y * (size_t)p->ngroups];
		d->fy[y] = p->fy[y];
		for (int t = 0; t < PT_NTYPES; t++) {
			for (int b = 0; b < MB_NBANDS; b++)
				d->children[y][t][b] = g[t * MB_NBANDS + b];
			d->type_total[y][t] = g[PLACE_G_TYPE0 + t];
		}
		d->placed[y] = g[PLACE_G_PLACED];
		for (int k = 0; k < PLACE_SIZES; k++) {
			double n0 = d->today.children, gk = d->today.groups[k];
			d->groups[y][k] = (struct money_band3){scaled(gk, d->placed[y].p5, n0),
			                                       scaled(gk, d->placed[y].p50, n0),
			                                       scaled(gk, d->placed[y].p95, n0)};
		}
	}
}

int place_demand_project(const struct records *b, int draws, struct place_demand *out, struct kerr *e)
{
	memset(out, 0, sizeof *out);
	snprintf(out->council, sizeof out->council, "%s", b->council);
	int32_t from, to;
	money_default_period(b, &from, &to);
	struct money_counts *c = xmalloc(sizeof *c);
	money_counts_zero(c, from, to);
	if (money_counts_add(c, b, e) < 0) {
		free(c);
		return -1;
	}
	bool(*groups)[MONEY_NSTATES] = xmalloc(sizeof(bool) * PLACE_NGROUPS * MONEY_NSTATES);
	place_demand_groups(groups);
	struct money_options o = {.start = to + 1,
	                          .draws = draws > 0 ? draws : PLACE_DRAWS,
	                          .seed = PLACE_SEED,
	                          .price_year = -1,
	                          .ngroups = PLACE_NGROUPS,
	                          .groups = (const bool(*)[MONEY_NSTATES])groups};
	o.months = money_months_to_2030(o.start);
	for (int t = 0; t < MONEY_NTYPES; t++)
		o.weekly_cost[t] = -1; /* counted, never costed */
	struct money_projection p;
	int rc = money_project(c, &o, NULL, &p, e);
	free(c);
	free(groups);
	if (rc < 0)
		return -1;
	out->start = o.start;
	place_sibgroups_count(b, to, &out->today);
	place_demand_from(out, &p);
	money_projection_free(&p);
	return 0;
}

static void round3(struct money_band3 *b)
{
	b->p5 = money_round_to(b->p5, MONEY_PUBLISH_CHILDREN);
	b->p50 = money_round_to(b->p50, MONEY_PUBLISH_CHILDREN);
	b->p95 = money_round_to(b->p95, MONEY_PUBLISH_CHILDREN);
}

static uint32_t round_count(uint32_t x)
{
	return (uint32_t)money_round_to(x, MONEY_PUBLISH_CHILDREN);
}

void place_demand_round(struct place_demand *d)
{
	for (int y = 0; y < d->years; y++) {
		for (int t = 0; t < PT_NTYPES; t++) {
			for (int b = 0; b < MB_NBANDS; b++)
				round3(&d->children[y][t][b]);
			round3(&d->type_total[y][t]);
		}
		round3(&d->placed[y]);
		for (int k = 0; k < PLACE_SIZES; k++)
			round3(&d->groups[y][k]);
	}
	d->today.children = round_count(d->today.children);
	for (int k = 0; k < PLACE_SIZES; k++) {
		d->today.groups[k] = round_count(d->today.groups[k]);
		d->today.apart[k] = round_count(d->today.apart[k]);
	}
	d->rounded = true;
}

/* ---- supply ---- */
static bool active_on(const struct place_service *s, int32_t day)
{
	return s->status == PSS_ACTIVE && s->registered <= day &&
	       (s->ended == RECORDS_OPEN || s->ended > day);
}

void place_supply_count(const struct place_service *svc, size_t nsvc, const struct place_vacancy *vac,
                        size_t nvac, const char *council, int32_t day, struct place_supply *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < nsvc; i++) {
		const struct place_service *s = &svc[i];
		if (s->outside_scotland || strcmp(s->council, council) != 0 || !active_on(s, day) ||
		    s->type < 0 || s->type >= PT_NTYPES)
			continue;
		out->services[s->type]++;
		out->places[s->type] += s->places;
		int c = s->max_siblings < s->places ? s->max_siblings : s->places;
		if (place_type_provides(s->type) && c >= 2)
			out->homes[(c > PLACE_SIZES ? PLACE_SIZES : c) - 1] += s->places / c;
		/* the service's latest return within the window */
		const struct place_vacancy *latest = NULL;
		for (size_t j = 0; j < nvac; j++) {
			const struct place_vacancy *v = &vac[j];
			if (strcmp(v->regno, s->regno) != 0 || v->at > day ||
			    v->at < day - PLACE_VACANCY_DAYS)
				continue;
			if (!latest || v->at > latest->at)
				latest = v;
		}
		if (latest) {
			out->vacancy_services[s->type]++;
			out->vacancies[s->type] += latest->places;
		}
	}
}

/* ---- commissioning ---- */
void place_commission(const long groups[PLACE_SIZES], const long homes[PLACE_SIZES], long add[PLACE_SIZES])
{
	long left = 0; /* homes of larger sizes not taken */
	add[0] = 0;
	for (int k = PLACE_SIZES - 1; k >= 1; k--) {
		long have = homes[k] + left, g = groups[k] > 0 ? groups[k] : 0;
		add[k] = g > have ? g - have : 0;
		left = have > g ? have - g : 0;
	}
}

/* ---- a council's sufficiency ---- */
static struct money_band3 minus(double supply, const struct money_band3 *d)
{
	return (struct money_band3){supply - d->p95, supply - d->p50, supply - d->p5};
}

void place_sufficiency_make(const struct place_demand *d, const struct place_service *svc, size_t nsvc,
                            const struct place_vacancy *vac, size_t nvac, int32_t day,
                            struct place_sufficiency *out)
{
	memset(out, 0, sizeof *out);
	out->demand = *d;
	out->day = day;
	place_supply_count(svc, nsvc, vac, nvac, d->council, day, &out->now);
	for (int y = 0; y < d->years; y++) {
		int32_t first, last;
		money_fy_days(d->fy[y], &first, &last);
		struct place_supply *s = &out->supply[y];
		place_supply_count(svc, nsvc, vac, nvac, d->council, last, s);
		int all = 0;
		for (int t = 0; t < PT_NTYPES; t++) {
			out->gap[y][t] = minus(s->places[t], &d->type_total[y][t]);
			all += place_type_provides(t) ? s->places[t] : 0;
		}
		out->gap_placed[y] = minus(all, &d->placed[y]);
		struct money_band3 g3 = {d->groups[y][2].p5 + d->groups[y][3].p5,
		                         d->groups[y][2].p50 + d->groups[y][3].p50,
		                         d->groups[y][2].p95 + d->groups[y][3].p95};
		out->homes3_gap[y] = minus(s->homes[2] + s->homes[3], &g3);
		long homes[PLACE_SIZES];
		for (int k = 0; k < PLACE_SIZES; k++)
			homes[k] = s->homes[k];
		for (int band = 0; band < 3; band++) {
			long g[PLACE_SIZES];
			for (int k = 0; k < PLACE_SIZES; k++) {
				const struct money_band3 *b = &d->groups[y][k];
				g[k] = (long)(band == 0 ? b->p5 : band == 1 ? b->p50 : b->p95);
			}
			place_commission(g, homes, out->add[y][band]);
		}
	}
}
