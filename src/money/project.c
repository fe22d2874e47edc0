/* The projection with bands, scenarios, break-even and the backtest (money.h;
 * docs/money.md "The projection", "The backtest"). Each draw takes its own rates from
 * the rates' distributions given their counts, then moves whole children month by
 * month; the bands are percentiles over the draws. A draw's random numbers depend on the
 * seed and the draw's number only, so the result is the same whichever thread runs it;
 * with a scenario the baseline and the scenario of a draw share them (common random
 * numbers). */
#include "money/money.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "base/mem.h"

/* ---- random numbers: xoshiro256**, seeded through splitmix64 ---- */
struct rng {
	uint64_t s[4];
	double spare;
	bool has_spare;
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The stream `stream` of draw `draw` under seed. */
static void rng_seed(struct rng *r, uint64_t seed, uint64_t draw, uint64_t stream)
{
	uint64_t x = seed;
	uint64_t a = splitmix64(&x);
	x = a ^ (draw * 0xd1b54a32d192ed03ULL) ^ (stream * 0x8cb92ba72f3d8dd7ULL);
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
	r->has_spare = false;
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Uniform on [0, 1). */
static inline double rng_uniform(struct rng *r) { return (double)(rng_next(r) >> 11) * 0x1.0p-53; }

/* Standard normal (Marsaglia's polar method, two at a time). */
static double rng_normal(struct rng *r)
{
	if (r->has_spare) {
		r->has_spare = false;
		return r->spare;
	}
	double u, v, q;
	do {
		u = 2 * rng_uniform(r) - 1;
		v = 2 * rng_uniform(r) - 1;
		q = u * u + v * v;
	} while (q >= 1 || q == 0);
	double f = sqrt(-2 * log(q) / q);
	r->spare = v * f;
	r->has_spare = true;
	return u * f;
}

/* Gamma(a, 1): Marsaglia and Tsang's method; a < 1 boosted (Gamma(a + 1) U^(1/a));
 * a = 1/2, the Jeffreys draw of a rate never seen, is Z^2 / 2. */
static double rng_gamma(struct rng *r, double a)
{
	if (a == 0.5) {
		double z = rng_normal(r);
		return z * z / 2;
	}
	if (a < 1) {
		double u;
		do
			u = rng_uniform(r);
		while (u == 0);
		return rng_gamma(r, a + 1) * pow(u, 1 / a);
	}
	double d = a - 1.0 / 3, c = 1 / sqrt(9 * d);
	for (;;) {
		double x = rng_normal(r), v = 1 + c * x;
		if (v <= 0)
			continue;
		v = v * v * v;
		double u = rng_uniform(r), x2 = x * x;
		if (u < 1 - 0.0331 * x2 * x2)
			return d * v;
		if (log(u) < 0.5 * x2 + d * (1 - v + log(v)))
			return d * v;
	}
}

/* Poisson(mu) by inversion, in parts of at most 200 (a sum of Poissons is Poisson). */
static uint32_t rng_poisson(struct rng *r, double mu)
{
	uint32_t k = 0;
	while (mu > 0) {
		double m = mu > 200 ? 200 : mu;
		mu -= m;
		double p = exp(-m), cdf = p, u = rng_uniform(r);
		uint32_t j = 0;
		while (u > cdf && j < 10000) {
			j++;
			p *= m / j;
			cdf += p;
		}
		k += j;
	}
	return k;
}

/* 1 / x for x from 1 to INV_N, for the binomial's recursion. */
#define INV_N 1024
static double inv_table[INV_N + 1];
static pthread_once_t inv_once = PTHREAD_ONCE_INIT;
static void inv_make(void)
{
	for (int x = 1; x <= INV_N; x++)
		inv_table[x] = 1.0 / x;
}

/* Binomial(n, p) by inversion (Kachitvichyanukul and Schmeiser's BINV), in parts whose
 * n p is at most 200; lq is log(1 - p) (the caller often knows it without a logarithm). */
static uint32_t rng_binomial_lq(struct rng *r, uint32_t n, double p, double lq, double p0)
{
	if (n == 0 || p <= 0)
		return 0;
	if (p >= 1)
		return n;
	if (p > 0.5)
		return n - rng_binomial_lq(r, n, 1 - p, log(p), -1);
	if (n <= 4) {
		uint32_t k = 0;
		for (uint32_t i = 0; i < n; i++)
			k += rng_uniform(r) < p;
		return k;
	}
	double dpart = 200 / p;
	uint32_t part = dpart >= n ? n : dpart < 1 ? 1 : (uint32_t)dpart;
	uint32_t k = 0;
	double sq = p / (1 - p);
	while (n > 0) {
		uint32_t m = n < part ? n : part;
		n -= m;
		double a = (m + 1) * sq, pr = m == part && p0 >= 0 && n == 0 ? p0 : exp(m * lq), u = rng_uniform(r);
		uint32_t x = 0;
		while (u > pr && x < m) {
			u -= pr;
			x++;
			pr *= a * (x <= INV_N ? inv_table[x] : 1.0 / x) - sq;
		}
		k += x;
	}
	return k;
}

/* ---- the model: which moves each state may make ---- */
/* Targets of a state (docs/money.md "The projection", which moves can happen): the other
 * types of its band, the same type of the next band (growing older), another type of the
 * next band only when such a move was counted (a birthday and a move on the same day),
 * and outside; at most 12 + 13 + 1. A move that cannot happen (to a younger band, two
 * bands on, or a change of type by growing older that the records never show) is no
 * target: no prior mass, no work. */
#define NTARGETS 26
struct model {
	const struct money_counts *c;
	double days;                       /* the period's days */
	bool seen[MONEY_NSTATES];          /* exposure > 0 */
	int ntgt[MONEY_NSTATES];
	int tgt[MONEY_NSTATES][NTARGETS];
	bool open[MONEY_NSTATES][NTARGETS]; /* a rate is drawn for it */
	bool entry_open[MONEY_NSTATES];
	int out_idx[MONEY_NSTATES];         /* where outside is among the targets */
};

static void model_make(struct model *m, const struct money_counts *c)
{
	memset(m, 0, sizeof *m);
	m->c = c;
	m->days = (double)c->to - c->from + 1;
	for (int s = 0; s < MONEY_OUTSIDE; s++)
		m->seen[s] = c->exposure[s] > 0;
	for (int s = 0; s < MONEY_OUTSIDE; s++) {
		int b = money_state_band(s), n = 0;
		for (int b2 = b; b2 <= b + 1 && b2 < MB_NBANDS; b2++)
			for (int t = 0; t < MONEY_NTYPES; t++) {
				int s2 = money_state(b2, t);
				if (s2 == s || (b2 > b && t != money_state_type(s) && c->moves[s][s2] == 0))
					continue;
				m->tgt[s][n] = s2;
				m->open[s][n] = m->seen[s] && (m->seen[s2] || c->moves[s][s2] > 0);
				n++;
			}
		m->tgt[s][n] = MONEY_OUTSIDE;
		m->open[s][n] = m->seen[s];
		n++;
		m->ntgt[s] = n;
		/* the most frequent first, so that picking a target mostly stops early */
		for (int i = 1; i < n; i++)
			for (int k = i; k > 0 && c->moves[s][m->tgt[s][k]] > c->moves[s][m->tgt[s][k - 1]]; k--) {
				int t = m->tgt[s][k];
				bool o = m->open[s][k];
				m->tgt[s][k] = m->tgt[s][k - 1];
				m->open[s][k] = m->open[s][k - 1];
				m->tgt[s][k - 1] = t;
				m->open[s][k - 1] = o;
			}
		for (int i = 0; i < n; i++)
			if (m->tgt[s][i] == MONEY_OUTSIDE)
				m->out_idx[s] = i;
		m->entry_open[s] = m->seen[s] || c->moves[MONEY_OUTSIDE][s] > 0;
	}
}

/* One draw's rates per day. */
struct rates {
	double lam[MONEY_NSTATES][NTARGETS];
	double ent[MONEY_NSTATES];
};

static void rates_draw(const struct model *m, struct rng *r, struct rates *out)
{
	const struct money_counts *c = m->c;
	for (int s = 0; s < MONEY_OUTSIDE; s++) {
		for (int j = 0; j < m->ntgt[s]; j++)
			out->lam[s][j] = m->open[s][j]
			                     ? rng_gamma(r, c->moves[s][m->tgt[s][j]] + 0.5) / c->exposure[s]
			                     : 0;
		out->ent[s] = m->entry_open[s] ? rng_gamma(r, c->moves[MONEY_OUTSIDE][s] + 0.5) / m->days : 0;
	}
}

/* ---- the month grid and money ---- */
static int32_t month_first(int32_t day, int k)
{
	struct kdate d = date_from_days(day);
	int mm = d.y * 12 + d.m - 1 + k;
	return (int32_t)date_days((struct kdate){mm / 12, mm % 12 + 1, 1});
}

int money_months_to_2030(int32_t start)
{
	struct kdate d = date_from_days(start);
	int n = (2030 - d.y) * 12 + (3 - d.m) + 1;
	return n < 1 ? 1 : n;
}

/* Pounds of the month's financial year fy in the options' terms (cost.c's price and
 * discount factors): inflated from the price year, discounted from the first projected
 * year. */
static double money_factor(const struct money_options *o, int fy, int fy0)
{
	double f = 1;
	if (o->inflation_pct != 0)
		f *= money_price_factor(o->price_year, fy, o->inflation_pct);
	if (o->discount_pct != 0)
		f *= money_discount_factor(fy0, fy, o->discount_pct);
	return f;
}

/* ---- the scenario's effects ---- */
static int check_scenario(const struct money_scenario *sc, struct kerr *e)
{
	if (sc->neffects > MONEY_MAX_EFFECTS || sc->ninvestments > MONEY_MAX_INVESTMENTS)
		return kerr_set(e, KERR_INVALID, "scenario '%s' has too many effects or investments", sc->name);
	for (size_t i = 0; i < sc->neffects; i++) {
		const struct money_effect *f = &sc->effects[i];
		const char *bad = NULL;
		if (f->kind != ME_ENTRIES && f->kind != ME_LEAVING && f->kind != ME_MOVE)
			bad = "its kind is not entries, leaving or a move";
		else if (f->kind == ME_MOVE && (f->from_type < 0 || f->from_type >= MONEY_NTYPES || f->to_type < 0 ||
		                                f->to_type >= MONEY_NTYPES || f->from_type == f->to_type))
			bad = "a move needs two different placement types";
		else if (f->kind != ME_MOVE && (f->from_type < -1 || f->from_type >= MONEY_NTYPES))
			bad = "its placement type does not exist";
		else if (f->band < -1 || f->band >= MB_NBANDS)
			bad = "its age band does not exist";
		else if (!(f->low_pct >= -100) || !(f->high_pct >= f->low_pct) || !isfinite(f->high_pct))
			bad = "its range must have -100 <= low <= high (a rate cannot fall by more than 100%)";
		else if (f->starts_after_months < 0 || f->ramp_months < 0)
			bad = "its start and ramp must be 0 or more months";
		if (bad)
			return kerr_set(e, KERR_INVALID, "scenario '%s', effect %zu: %s", sc->name, i + 1, bad);
	}
	for (size_t i = 0; i < sc->ninvestments; i++) {
		const struct money_investment *v = &sc->investments[i];
		if (!(v->per_year >= 0) || !isfinite(v->per_year) || v->ends < v->starts)
			return kerr_set(e, KERR_INVALID,
			                "scenario '%s', investment %zu: its amount must be 0 or more and its end not before "
			                "its start",
			                sc->name, i + 1);
	}
	return 0;
}

static bool effect_on(const struct money_effect *f, int s)
{
	return (f->band < 0 || money_state_band(s) == f->band) &&
	       (f->from_type < 0 || money_state_type(s) == f->from_type);
}

/* ---- the projection's work ---- */
enum col {
	C_CHILD0,                    /* + type: children by type */
	C_TOTAL = C_CHILD0 + MONEY_NTYPES,
	C_COST,
	C_S_CHILD0,
	C_S_TOTAL = C_S_CHILD0 + MONEY_NTYPES,
	C_S_COST,
	C_INVEST,
	C_GROSS,
	C_NET,
	C_CUM,
	C_NCOLS
};
enum ycol { Y_COST, Y_S_COST, Y_INVEST, Y_GROSS, Y_NET, Y_NCOLS };

struct job {
	const struct model *m;
	const struct money_options *o;
	const struct money_scenario *sc;
	int months, years;
	const int32_t *mstart;  /* [months + 1] */
	const int *mfy;         /* [months]: the index of each month's year */
	const double *mfactor;  /* [months]: money_factor */
	const double *invest;   /* [months]: the investment's pounds (before the factor) */
	int effect_k0[MONEY_MAX_EFFECTS]; /* the first month of each effect */
	int draws;
	double *sheet;          /* [C_NCOLS][months][draws] */
	double *ysheet;         /* [Y_NCOLS][years][draws] */
	double *gsheet;         /* [ngroups][years][draws]: the options' groups, or NULL */
	const int *gstate;      /* the states of group g: gstate[gfirst[g] .. gfirst[g + 1]) */
	const int *gfirst;      /* [ngroups + 1] */
	double *be;             /* [draws]: break-even month, or INFINITY */
	int first, step;        /* the draws this thread does: first, first + step, ... */
	bool broken;            /* children were not conserved (never, unless a bug) */
};

#define CELL(j, col, k, d) ((j)->sheet[((size_t)(col) * (j)->months + (size_t)(k)) * (size_t)(j)->draws + (size_t)(d)])
#define GCELL(j, g, y, d) ((j)->gsheet[((size_t)(g) * (j)->years + (size_t)(y)) * (size_t)(j)->draws + (size_t)(d)])
#define YCELL(j, col, y, d) ((j)->ysheet[((size_t)(col) * (j)->years + (size_t)(y)) * (size_t)(j)->draws + (size_t)(d)])

/* Walker's alias table of n choices (n at most MONEY_NSTATES): choice i is taken with
 * the chance w[i] / the sum of w, by one uniform number. */
struct alias {
	double *prob;
	uint8_t *other;
	int n;
};

static void alias_make(struct alias *a, const double *w, int n)
{
	double sum = 0, scaled[MONEY_NSTATES];
	int small[MONEY_NSTATES], large[MONEY_NSTATES], ns = 0, nl = 0;
	a->n = n;
	for (int i = 0; i < n; i++)
		sum += w[i];
	for (int i = 0; i < n; i++) {
		scaled[i] = sum > 0 ? w[i] * n / sum : 1;
		a->other[i] = (uint8_t)i;
		if (scaled[i] < 1)
			small[ns++] = i;
		else
			large[nl++] = i;
	}
	while (ns > 0 && nl > 0) {
		int l = small[--ns], g = large[--nl];
		a->prob[l] = scaled[l];
		a->other[l] = (uint8_t)g;
		scaled[g] -= 1 - scaled[l];
		if (scaled[g] < 1)
			small[ns++] = g;
		else
			large[nl++] = g;
	}
	while (nl > 0)
		a->prob[large[--nl]] = 1;
	while (ns > 0)
		a->prob[small[--ns]] = 1;
}

static inline int alias_pick(const struct alias *a, struct rng *g)
{
	double u = rng_uniform(g) * a->n;
	int i = (int)u;
	if (i >= a->n)
		i = a->n - 1;
	return u - i < a->prob[i] ? i : a->other[i];
}

/* A month's rates as the step uses them. */
struct step {
	double Lam[MONEY_NSTATES];            /* leaving, per day */
	struct alias to[MONEY_NSTATES];       /* the targets, by their shares */
	double to_prob[MONEY_NSTATES][NTARGETS];
	uint8_t to_other[MONEY_NSTATES][NTARGETS];
	double ent_total;
	struct alias ent;                     /* the states entered, by their shares */
	double ent_prob[MONEY_NSTATES];
	uint8_t ent_other[MONEY_NSTATES];
	const double *lam[MONEY_NSTATES];     /* the rates the alias tables are made from */
	int ntgt[MONEY_NSTATES];
	bool to_made[MONEY_NSTATES];          /* made when first needed */
	uint32_t p0_n[5][MONEY_NSTATES];      /* the binomial's (1 - p)^n for that n */
	double p0[5][MONEY_NSTATES];
	double p[5][MONEY_NSTATES];           /* p of leaving over p_days[i] days: months of 28
	                                         to 31 days, and one other */
	int p_days[5];
};

static void step_make(const struct model *m, const struct rates *r, struct step *st)
{
	for (int s = 0; s < MONEY_OUTSIDE; s++) {
		double L = 0;
		for (int j = 0; j < m->ntgt[s]; j++)
			L += r->lam[s][j];
		st->Lam[s] = L;
		st->to[s].prob = st->to_prob[s];
		st->to[s].other = st->to_other[s];
		st->lam[s] = r->lam[s];
		st->ntgt[s] = m->ntgt[s];
		st->to_made[s] = false;
	}
	double t = 0;
	for (int s = 0; s < MONEY_OUTSIDE; s++)
		t += r->ent[s];
	st->ent_total = t;
	st->ent.prob = st->ent_prob;
	st->ent.other = st->ent_other;
	alias_make(&st->ent, r->ent, MONEY_OUTSIDE);
	for (int i = 0; i < 5; i++)
		st->p_days[i] = -1;
}

/* The target of a move out of s (by the shares of its rates). */
static inline int pick(const struct model *m, struct step *st, struct rng *g, int s)
{
	if (!st->to_made[s]) {
		alias_make(&st->to[s], st->lam[s], st->ntgt[s]);
		st->to_made[s] = true;
	}
	return m->tgt[s][alias_pick(&st->to[s], g)];
}

/* A child who arrives in s with r days of the month left, followed in continuous time
 * to the month's end: each stay is exponential at s's rate of leaving, so the child
 * leaves s before the month ends with the chance 1 - e^(-L r), at a time drawn given
 * that. (The chance is at most L r: a draw above that settles it without a logarithm.)
 * Gives 1 when the child left care, else adds the child to n2. */
static uint32_t follow(const struct model *m, struct step *st, struct rng *g, int s, double r, uint32_t *n2)
{
	for (;;) {
		if (s == MONEY_OUTSIDE)
			return 1;
		double L = st->Lam[s], u = rng_uniform(g);
		if (u >= L * r || u >= -expm1(-L * r)) {
			n2[s]++;
			return 0;
		}
		/* leaves s within r: at tau, exponential cut at r */
		r -= -log1p(-rng_uniform(g) * -expm1(-L * r)) / L;
		s = pick(m, st, g, s);
	}
}

/* One month of days for stock n (start) into n2 (end); gives the entries and exits. Of
 * the children in s at the start, the number who leave s in the month is binomial with
 * p = 1 - exp(-days x s's rate of leaving); each of them goes where the shares of the
 * rates say, at a time drawn given that (an exponential cut at the month's end), and is
 * followed from there; entries are a Poisson number, each arriving at a uniform time of
 * the month and followed. */
static void step_month(const struct model *m, struct step *st, struct rng *g, int days, const uint32_t *n,
                       uint32_t *n2, uint32_t *entries, uint32_t *exits)
{
	int dc = days >= 28 && days <= 31 ? days - 28 : 4;
	if (st->p_days[dc] != days) {
		for (int s = 0; s < MONEY_OUTSIDE; s++) {
			st->p[dc][s] = st->Lam[s] > 0 ? -expm1(-st->Lam[s] * days) : 0;
			st->p0_n[dc][s] = 0;
		}
		st->p_days[dc] = days;
	}
	const double *p = st->p[dc];
	memcpy(n2, n, MONEY_NSTATES * sizeof *n2);
	uint32_t out = 0;
	for (int s = 0; s < MONEY_OUTSIDE; s++) {
		if (!n[s] || p[s] <= 0)
			continue;
		double lq = -st->Lam[s] * days;
		if (st->p0_n[dc][s] != n[s] && n[s] > 4 && n[s] * p[s] <= 200 && p[s] <= 0.5) {
			st->p0_n[dc][s] = n[s];
			st->p0[dc][s] = exp(n[s] * lq);
		}
		uint32_t k = rng_binomial_lq(g, n[s], p[s], lq, st->p0_n[dc][s] == n[s] ? st->p0[dc][s] : -1);
		n2[s] -= k;
		for (uint32_t i = 0; i < k; i++) {
			int to = pick(m, st, g, s);
			if (to == MONEY_OUTSIDE) {
				out++;
				continue;
			}
			/* the rest of the month after leaving s: only needed when the child might
			 * leave to again (at most its rate x the month's days) */
			double u = rng_uniform(g);
			if (u >= st->Lam[to] * days) {
				n2[to]++;
				continue;
			}
			double tau = -log1p(-rng_uniform(g) * p[s]) / st->Lam[s], r = days - tau;
			if (u >= -expm1(-st->Lam[to] * r)) {
				n2[to]++;
				continue;
			}
			r -= -log1p(-rng_uniform(g) * -expm1(-st->Lam[to] * r)) / st->Lam[to];
			out += follow(m, st, g, pick(m, st, g, to), r, n2);
		}
	}
	uint32_t in = st->ent_total > 0 ? rng_poisson(g, st->ent_total * days) : 0;
	for (uint32_t i = 0; i < in; i++) {
		out += follow(m, st, g, alias_pick(&st->ent, g), days * (1 - rng_uniform(g)), n2);
	}
	*entries = in;
	*exits = out;
}

/* One arm of one draw: the stocks at each month's start and end into path (months + 1
 * rows of MONEY_NSTATES), entries and exits per month (either may be NULL). With sc,
 * the effects (sizes u[]) are applied to the draw's rates month by month. */
static void run_arm(const struct job *j, const struct rates *base, const double *u, bool scenario, uint64_t draw,
                    uint32_t (*path)[MONEY_NSTATES], uint32_t *entries, uint32_t *exits)
{
	const struct model *m = j->m;
	struct rng g;
	rng_seed(&g, j->o->seed, draw, 2);
	struct rates *r = xmalloc(sizeof *r);
	struct step *st = xmalloc(sizeof *st);
	*r = *base;
	step_make(m, r, st);
	double last_f[MONEY_MAX_EFFECTS];
	for (size_t i = 0; i < MONEY_MAX_EFFECTS; i++)
		last_f[i] = 0;
	for (int s = 0; s < MONEY_NSTATES; s++)
		path[0][s] = s == MONEY_OUTSIDE ? 0 : m->c->stock_end[s];
	for (int k = 0; k < j->months; k++) {
		if (scenario) {
			bool changed = false;
			double f[MONEY_MAX_EFFECTS];
			for (size_t i = 0; i < j->sc->neffects; i++) {
				const struct money_effect *fx = &j->sc->effects[i];
				double ramp = 0;
				if (k >= j->effect_k0[i]) {
					ramp = fx->ramp_months > 0 ? (k - j->effect_k0[i] + 1.0) / fx->ramp_months : 1;
					if (ramp > 1)
						ramp = 1;
				}
				f[i] = u[i] / 100 * ramp;
				changed |= f[i] != last_f[i];
			}
			if (changed) {
				*r = *base;
				for (size_t i = 0; i < j->sc->neffects; i++) {
					const struct money_effect *fx = &j->sc->effects[i];
					last_f[i] = f[i];
					double mult = 1 + f[i];
					for (int s = 0; s < MONEY_OUTSIDE; s++) {
						if (fx->kind == ME_ENTRIES && effect_on(fx, s))
							r->ent[s] *= mult;
						if (fx->kind == ME_LEAVING && effect_on(fx, s))
							r->lam[s][m->out_idx[s]] *= mult;
						if (fx->kind == ME_MOVE && effect_on(fx, s))
							for (int t = 0; t < m->ntgt[s]; t++) {
								int s2 = m->tgt[s][t];
								if (s2 == MONEY_OUTSIDE || money_state_band(s2) != money_state_band(s) ||
								    money_state_type(s2) != fx->to_type)
									continue;
								if (m->c->moves[s][s2] == 0 && f[i] > 0)
									r->lam[s][t] += f[i] / 365.25;
								else
									r->lam[s][t] *= mult;
							}
					}
				}
				step_make(m, r, st);
			}
		}
		uint32_t en, ex;
		step_month(m, st, &g, (int)(j->mstart[k + 1] - j->mstart[k]), path[k], path[k + 1], &en, &ex);
		if (entries)
			entries[k] = en;
		if (exits)
			exits[k] = ex;
	}
	free(st);
	free(r);
}

/* Children by type of a stock into out[MONEY_NTYPES + 1] (the last the total). */
static void by_type(const uint32_t *n, double *out)
{
	uint32_t all = 0;
	for (int t = 0; t < MONEY_NTYPES; t++) {
		uint32_t x = 0;
		for (int b = 0; b < MB_NBANDS; b++)
			x += n[b * MONEY_NTYPES + t];
		out[t] = x;
		all += x;
	}
	out[MONEY_NTYPES] = all;
}

/* The month's placement cost (before the money factor): each type's children at the
 * month's start and end, averaged, for each of its days. */
static double month_cost(const struct money_options *o, const double *a, const double *b, int days)
{
	double c = 0;
	for (int t = 0; t < MONEY_NTYPES; t++)
		if (o->weekly_cost[t] >= 0)
			c += (a[t] + b[t]) / 2 * o->weekly_cost[t] / 7 * days;
	return c;
}

static bool conserved(const uint32_t (*path)[MONEY_NSTATES], const uint32_t *entries, const uint32_t *exits,
                      int months)
{
	for (int k = 0; k < months; k++) {
		int64_t a = 0, b = 0;
		for (int s = 0; s < MONEY_OUTSIDE; s++) {
			a += path[k][s];
			b += path[k + 1][s];
		}
		if (b != a + (int64_t)entries[k] - (int64_t)exits[k])
			return false;
	}
	return true;
}

static void do_draw(struct job *j, int d)
{
	const struct model *m = j->m;
	int M = j->months;
	struct rng gr, ge;
	rng_seed(&gr, j->o->seed, (uint64_t)d, 1);
	rng_seed(&ge, j->o->seed, (uint64_t)d, 3);
	struct rates *base = xmalloc(sizeof *base);
	rates_draw(m, &gr, base);
	double u[MONEY_MAX_EFFECTS] = {0};
	if (j->sc)
		for (size_t i = 0; i < j->sc->neffects; i++) {
			const struct money_effect *fx = &j->sc->effects[i];
			u[i] = fx->low_pct + (fx->high_pct - fx->low_pct) * rng_uniform(&ge);
		}
	uint32_t(*path)[MONEY_NSTATES] = xmalloc((size_t)(M + 1) * sizeof *path);
	uint32_t *en = xmalloc((size_t)M * sizeof *en), *ex = xmalloc((size_t)M * sizeof *ex);
	double a[MONEY_NTYPES + 1], b[MONEY_NTYPES + 1];
	for (int arm = 0; arm < (j->sc ? 2 : 1); arm++) {
		run_arm(j, base, u, arm == 1, (uint64_t)d, path, en, ex);
		if (!conserved((const uint32_t(*)[MONEY_NSTATES])path, en, ex, M))
			j->broken = true;
		if (arm == 0 && j->gsheet)
			for (int k = 0; k < M; k++) {
				if (k + 1 < M && j->mfy[k + 1] == j->mfy[k])
					continue; /* not its year's last month */
				for (int g = 0; g < j->o->ngroups; g++) {
					double x = 0;
					for (int i = j->gfirst[g]; i < j->gfirst[g + 1]; i++)
						x += path[k + 1][j->gstate[i]];
					GCELL(j, g, j->mfy[k], d) = x;
				}
			}
		int c0 = arm ? C_S_CHILD0 : C_CHILD0, ccost = arm ? C_S_COST : C_COST;
		by_type(path[0], a);
		for (int k = 0; k < M; k++) {
			by_type(path[k + 1], b);
			for (int t = 0; t <= MONEY_NTYPES; t++)
				CELL(j, c0 + t, k, d) = b[t];
			CELL(j, ccost, k, d) = month_cost(j->o, a, b, (int)(j->mstart[k + 1] - j->mstart[k])) * j->mfactor[k];
			memcpy(a, b, sizeof a);
		}
	}
	for (int y = 0; y < j->years; y++)
		for (int c = 0; c < Y_NCOLS; c++)
			YCELL(j, c, y, d) = 0;
	double cum = 0, be = 0;
	for (int k = 0; k < M; k++) {
		int y = j->mfy[k];
		YCELL(j, Y_COST, y, d) += CELL(j, C_COST, k, d);
		if (!j->sc)
			continue;
		double inv = j->invest[k] * j->mfactor[k], gross = CELL(j, C_COST, k, d) - CELL(j, C_S_COST, k, d);
		CELL(j, C_INVEST, k, d) = inv;
		CELL(j, C_GROSS, k, d) = gross;
		CELL(j, C_NET, k, d) = gross - inv;
		cum += gross - inv;
		CELL(j, C_CUM, k, d) = cum;
		if (cum < 0)
			be = k + 1;
		YCELL(j, Y_S_COST, y, d) += CELL(j, C_S_COST, k, d);
		YCELL(j, Y_INVEST, y, d) += inv;
		YCELL(j, Y_GROSS, y, d) += gross;
		YCELL(j, Y_NET, y, d) += gross - inv;
	}
	/* break-even: the first month from whose end the cumulative net saving stays at or
	 * above 0; none when it ends below 0 */
	j->be[d] = be >= M ? INFINITY : be;
	free(path);
	free(en);
	free(ex);
	free(base);
}

static void *worker(void *arg)
{
	struct job *j = arg;
	for (int d = j->first; d < j->draws; d += j->step)
		do_draw(j, d);
	return NULL;
}

/* The k-th smallest of v[lo..hi] (v is reordered; Wirth's selection): afterwards no
 * value before k is above v[k] and none after it below. */
static double select_kth(double *v, long lo, long hi, long kk)
{
	while (lo < hi) {
		double x = v[kk];
		long i = lo, j = hi;
		do {
			while (v[i] < x)
				i++;
			while (x < v[j])
				j--;
			if (i <= j) {
				double t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				j--;
			}
		} while (i <= j);
		if (j < kk)
			lo = i;
		if (kk < i)
			hi = j;
	}
	return v[kk];
}

/* The values of ranks i5, i50 and i95 (from 0, ascending) of v[0..n) when every value is
 * a whole number within COUNT_RANGE of the smallest (children are): by counting, in one
 * pass and a walk; false (nothing done) otherwise. */
#define COUNT_RANGE 4096
static bool band_by_counting(const double *v, size_t n, size_t i5, size_t i50, size_t i95, struct money_band3 *b)
{
	double lo = v[0], hi = v[0];
	for (size_t i = 0; i < n; i++) {
		if (!(v[i] >= -1e9 && v[i] <= 1e9) || v[i] != (double)(int64_t)v[i])
			return false;
		lo = v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
	}
	if (hi - lo >= COUNT_RANGE)
		return false;
	uint32_t count[COUNT_RANGE];
	size_t range = (size_t)(hi - lo) + 1;
	memset(count, 0, range * sizeof *count);
	for (size_t i = 0; i < n; i++)
		count[(size_t)(v[i] - lo)]++;
	size_t below = 0;
	double *want[3] = {&b->p5, &b->p50, &b->p95};
	size_t rank[3] = {i5, i50, i95}, r = 0;
	for (size_t x = 0; x < range && r < 3; x++) {
		below += count[x];
		while (r < 3 && rank[r] < below)
			*want[r++] = lo + (double)x;
	}
	return true;
}

/* The 5th, 50th and 95th percentiles of v[0..n) by nearest rank: the value of rank
 * ceil(p n) in ascending order (v is reordered). */
static struct money_band3 band_of(double *v, size_t n)
{
	size_t k5 = (size_t)ceil(0.05 * (double)n), k50 = (size_t)ceil(0.5 * (double)n),
	       k95 = (size_t)ceil(0.95 * (double)n);
	long i50 = (long)(k50 ? k50 : 1) - 1, i5 = (long)(k5 ? k5 : 1) - 1, i95 = (long)(k95 ? k95 : 1) - 1;
	struct money_band3 b;
	if (band_by_counting(v, n, (size_t)i5, (size_t)i50, (size_t)i95, &b))
		return b;
	b.p50 = select_kth(v, 0, (long)n - 1, i50);
	b.p5 = i5 < i50 ? select_kth(v, 0, i50 - 1, i5) : b.p50;
	b.p95 = i95 > i50 ? select_kth(v, i50 + 1, (long)n - 1, i95) : b.p50;
	return b;
}

static int nthreads(int draws)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	if (n > 8)
		n = 8;
	if (draws < 64)
		n = 1;
	return (int)n;
}

void money_projection_free(struct money_projection *p)
{
	free(p->month_start);
	free(p->children);
	free(p->total);
	free(p->cost);
	free(p->s_children);
	free(p->s_total);
	free(p->s_cost);
	free(p->investment);
	free(p->net_saving_cum);
	free(p->gross_saving);
	free(p->net_saving);
	free(p->fy);
	free(p->year_cost);
	free(p->s_year_cost);
	free(p->year_investment);
	free(p->year_gross_saving);
	free(p->year_net_saving);
	free(p->year_groups);
	memset(p, 0, sizeof *p);
}

/* Checks the options; sets the defaults of draws and months. */
static int check_options(const struct money_counts *c, struct money_options *o, struct kerr *e)
{
	if (o->draws == 0)
		o->draws = 1000;
	if (o->draws < 1 || o->draws > 100000)
		return kerr_set(e, KERR_USAGE, "draws must be from 1 to 100000, not %d", o->draws);
	if (o->months == 0)
		o->months = money_months_to_2030(o->start);
	if (o->months < 1 || o->months > 1200)
		return kerr_set(e, KERR_USAGE, "months must be from 1 to 1200, not %d", o->months);
	if (o->ngroups < 0 || o->ngroups > 4096 || (o->ngroups > 0 && !o->groups))
		return kerr_set(e, KERR_USAGE, "the groups of states must be from 0 to 4096, each given");
	if (o->start != c->to + 1)
		return kerr_set(e, KERR_USAGE, "the projection must start the day after the counts' period ends");
	if (!(o->inflation_pct > -100 && o->inflation_pct < 1000) || !(o->discount_pct > -100 && o->discount_pct < 1000))
		return kerr_set(e, KERR_USAGE, "inflation and discounting must be percentages above -100");
	size_t n = 0;
	for (int s = 0; s < MONEY_OUTSIDE; s++)
		n += c->stock_end[s] + c->moves[MONEY_OUTSIDE][s];
	if (n == 0 && c->children == 0)
		return kerr_set(e, KERR_INVALID, "the records show no child looked after in the period: there is nothing "
		                                 "to project from");
	return 0;
}

/* Everything the draws share, from the counts, options and scenario; o's defaults set. */
static int job_setup(struct job *j, const struct money_counts *counts, struct money_options *o,
                     const struct money_scenario *sc, struct kerr *e)
{
	memset(j, 0, sizeof *j);
	pthread_once(&inv_once, inv_make);
	if (check_options(counts, o, e) < 0 || (sc && check_scenario(sc, e) < 0))
		return -1;
	struct model *m = xmalloc(sizeof *m);
	model_make(m, counts);
	int M = o->months;
	int32_t *mstart = xmalloc((size_t)(M + 1) * sizeof *mstart);
	mstart[0] = o->start;
	for (int k = 1; k <= M; k++)
		mstart[k] = month_first(o->start, k);
	int *mfy = xmalloc((size_t)M * sizeof *mfy);
	double *mfactor = xmalloc((size_t)M * sizeof *mfactor), *invest = xcalloc((size_t)M, sizeof *invest);
	int fy0 = money_fy_of(o->start), fylast = money_fy_of(mstart[M] - 1);
	for (int k = 0; k < M; k++) {
		int fy = money_fy_of(mstart[k]);
		mfy[k] = fy - fy0;
		mfactor[k] = money_factor(o, fy, fy0);
	}
	*j = (struct job){.m = m, .o = o, .sc = sc, .months = M, .years = fylast - fy0 + 1, .mstart = mstart,
	                  .mfy = mfy, .mfactor = mfactor, .invest = invest, .draws = o->draws, .step = 1};
	if (sc) {
		int32_t first = INT32_MAX;
		for (size_t i = 0; i < sc->ninvestments; i++) {
			const struct money_investment *v = &sc->investments[i];
			if (v->starts < first)
				first = v->starts;
			for (int k = 0; k < M; k++) {
				int64_t a = mstart[k] > v->starts ? mstart[k] : v->starts;
				int64_t b = (int64_t)mstart[k + 1] - 1 < v->ends ? (int64_t)mstart[k + 1] - 1 : v->ends;
				if (a <= b)
					invest[k] += v->per_year / 365 * (double)(b - a + 1);
			}
		}
		if (first == INT32_MAX)
			first = o->start;
		/* an effect starts in the first month that begins on or after the day
		 * starts_after_months months after the first investment starts */
		for (size_t i = 0; i < sc->neffects; i++) {
			int32_t day = month_first(first, sc->effects[i].starts_after_months) + (date_from_days(first).d - 1);
			int k = 0;
			while (k < M && mstart[k] < day)
				k++;
			j->effect_k0[i] = k;
		}
	}
	return 0;
}

static void job_free(struct job *j)
{
	free((void *)j->m);
	free((void *)j->mstart);
	free((void *)j->mfy);
	free((void *)j->mfactor);
	free((void *)j->invest);
	free(j->sheet);
	free(j->ysheet);
	free(j->gsheet);
	free((void *)j->gstate);
	free((void *)j->gfirst);
	free(j->be);
}

int money_project_draw(const struct money_counts *counts, const struct money_options *opt,
                       const struct money_scenario *sc, bool scenario, int draw, uint32_t (*path)[MONEY_NSTATES],
                       uint32_t *entries, uint32_t *exits, struct kerr *e)
{
	struct money_options o = *opt;
	struct job j;
	if (job_setup(&j, counts, &o, sc, e) < 0)
		return -1;
	struct rng gr, ge;
	rng_seed(&gr, o.seed, (uint64_t)draw, 1);
	rng_seed(&ge, o.seed, (uint64_t)draw, 3);
	struct rates *base = xmalloc(sizeof *base);
	rates_draw(j.m, &gr, base);
	double u[MONEY_MAX_EFFECTS] = {0};
	if (sc)
		for (size_t i = 0; i < sc->neffects; i++)
			u[i] = sc->effects[i].low_pct + (sc->effects[i].high_pct - sc->effects[i].low_pct) * rng_uniform(&ge);
	run_arm(&j, base, u, sc && scenario, (uint64_t)draw, path, entries, exits);
	free(base);
	job_free(&j);
	return 0;
}

int money_project(const struct money_counts *counts, const struct money_options *opt, const struct money_scenario *sc,
                  struct money_projection *out, struct kerr *e)
{
	memset(out, 0, sizeof *out);
	struct money_options o = *opt;
	struct job j;
	if (job_setup(&j, counts, &o, sc, e) < 0)
		return -1;
	int M = o.months, D = o.draws, years = j.years, fy0 = money_fy_of(o.start);
	j.sheet = xcalloc((size_t)C_NCOLS * (size_t)M * (size_t)D, sizeof *j.sheet);
	j.ysheet = xcalloc((size_t)Y_NCOLS * (size_t)years * (size_t)D, sizeof *j.ysheet);
	j.be = xcalloc((size_t)D, sizeof *j.be);
	if (o.ngroups > 0) {
		/* each group's states as a list, so that a draw sums only those */
		int *first = xmalloc(((size_t)o.ngroups + 1) * sizeof *first), n = 0;
		int *list = xmalloc((size_t)o.ngroups * MONEY_OUTSIDE * sizeof *list);
		for (int g = 0; g < o.ngroups; g++) {
			first[g] = n;
			for (int st = 0; st < MONEY_OUTSIDE; st++)
				if (o.groups[g][st])
					list[n++] = st;
		}
		first[o.ngroups] = n;
		j.gfirst = first;
		j.gstate = list;
		j.gsheet = xcalloc((size_t)o.ngroups * (size_t)years * (size_t)D, sizeof *j.gsheet);
	}

	int nt = nthreads(D);
	struct job jobs[8];
	pthread_t th[8];
	bool started[8] = {false};
	for (int t = 0; t < nt; t++) {
		jobs[t] = j;
		jobs[t].first = t;
		jobs[t].step = nt;
		if (t > 0)
			started[t] = pthread_create(&th[t], NULL, worker, &jobs[t]) == 0;
	}
	worker(&jobs[0]);
	for (int t = 1; t < nt; t++) {
		if (started[t])
			pthread_join(th[t], NULL);
		else
			worker(&jobs[t]);
	}
	bool broken = false;
	for (int t = 0; t < nt; t++)
		broken |= jobs[t].broken;

	int rc = 0;
	if (broken) {
		rc = kerr_set(e, KERR_FAIL, "a projection lost or made children (a fault in keep)");
	} else {
		out->months = M;
		out->month_start = xmalloc((size_t)M * sizeof *out->month_start);
		memcpy(out->month_start, j.mstart, (size_t)M * sizeof *j.mstart);
		out->children = xmalloc((size_t)M * MONEY_NTYPES * sizeof *out->children);
		out->total = xmalloc((size_t)M * sizeof *out->total);
		out->cost = xmalloc((size_t)M * sizeof *out->cost);
		for (int k = 0; k < M; k++) {
			for (int t = 0; t < MONEY_NTYPES; t++)
				out->children[k * MONEY_NTYPES + t] = band_of(&CELL(&j, C_CHILD0 + t, k, 0), (size_t)D);
			out->total[k] = band_of(&CELL(&j, C_TOTAL, k, 0), (size_t)D);
			out->cost[k] = band_of(&CELL(&j, C_COST, k, 0), (size_t)D);
		}
		out->years = years;
		out->fy = xmalloc((size_t)years * sizeof *out->fy);
		out->year_cost = xmalloc((size_t)years * sizeof *out->year_cost);
		for (int y = 0; y < years; y++) {
			out->fy[y] = fy0 + y;
			out->year_cost[y] = band_of(&YCELL(&j, Y_COST, y, 0), (size_t)D);
		}
		if (o.ngroups > 0) {
			out->ngroups = o.ngroups;
			out->year_groups = xmalloc((size_t)years * (size_t)o.ngroups * sizeof *out->year_groups);
			for (int y = 0; y < years; y++)
				for (int g = 0; g < o.ngroups; g++)
					out->year_groups[(size_t)y * (size_t)o.ngroups + (size_t)g] =
					    band_of(&GCELL(&j, g, y, 0), (size_t)D);
		}
		if (sc) {
			out->with_scenario = true;
			out->s_children = xmalloc((size_t)M * MONEY_NTYPES * sizeof *out->s_children);
			struct money_band3 **cols[] = {&out->s_total, &out->s_cost, &out->investment, &out->gross_saving,
			                               &out->net_saving, &out->net_saving_cum};
			static const int colof[] = {C_S_TOTAL, C_S_COST, C_INVEST, C_GROSS, C_NET, C_CUM};
			for (size_t c = 0; c < sizeof colof / sizeof *colof; c++)
				*cols[c] = xmalloc((size_t)M * sizeof **cols[c]);
			for (int k = 0; k < M; k++) {
				for (int t = 0; t < MONEY_NTYPES; t++)
					out->s_children[k * MONEY_NTYPES + t] = band_of(&CELL(&j, C_S_CHILD0 + t, k, 0), (size_t)D);
				for (size_t c = 0; c < sizeof colof / sizeof *colof; c++)
					(*cols[c])[k] = band_of(&CELL(&j, colof[c], k, 0), (size_t)D);
			}
			struct money_band3 **ycols[] = {&out->s_year_cost, &out->year_investment, &out->year_gross_saving,
			                                &out->year_net_saving};
			static const int ycolof[] = {Y_S_COST, Y_INVEST, Y_GROSS, Y_NET};
			for (size_t c = 0; c < 4; c++) {
				*ycols[c] = xmalloc((size_t)years * sizeof **ycols[c]);
				for (int y = 0; y < years; y++)
					(*ycols[c])[y] = band_of(&YCELL(&j, ycolof[c], y, 0), (size_t)D);
			}
			size_t never = 0;
			for (int d = 0; d < D; d++)
				never += isinf(j.be[d]);
			out->break_even_never_share = (double)never / D;
			struct money_band3 b = band_of(j.be, (size_t)D);
			out->break_even.p5 = isinf(b.p5) ? -1 : b.p5;
			out->break_even.p50 = isinf(b.p50) ? -1 : b.p50;
			out->break_even.p95 = isinf(b.p95) ? -1 : b.p95;
		}
	}
	job_free(&j);
	return rc;
}

/* ---- the backtest ---- */
const int money_backtest_months[MONEY_BACKTEST_N] = {12, 24};

/* b as it was known on day at: episodes and placements that started by then, an end
 * after it not yet known. */
static void cut_at(const struct records *b, int32_t at, struct records *out)
{
	records_init(out, b->council, b->year);
	out->year_only = b->year_only;
	for (size_t i = 0; i < b->children.n; i++)
		records_add_child(out, "", 0, &b->children.v[i]);
	for (size_t i = 0; i < b->episodes.n; i++) {
		struct records_episode r = b->episodes.v[i];
		if (r.start > at)
			continue;
		if (r.end > at) {
			r.end = RECORDS_OPEN;
			r.end_reason = RECORDS_NO_CODE;
		}
		records_add_episode(out, &r);
	}
	for (size_t i = 0; i < b->placements.n; i++) {
		struct records_placement r = b->placements.v[i];
		if (r.start > at)
			continue;
		if (r.end > at)
			r.end = RECORDS_OPEN;
		records_add_placement(out, &r);
	}
}

int money_backtest(const struct records *const *b, size_t n, int32_t at, const struct money_options *opt,
                   struct money_backtest *out, struct kerr *e)
{
	memset(out, 0, sizeof *out);
	if (n == 0)
		return kerr_set(e, KERR_INVALID, "there are no records to backtest on");
	int32_t first = INT32_MIN, last = INT32_MAX;
	for (size_t i = 0; i < n; i++) {
		int32_t f, l;
		money_records_span(b[i], &f, &l);
		if (f > first)
			first = f;
		if (l < last)
			last = l;
	}
	/* The projection's months are calendar months: with at not the first of a month, the
	 * first is short and the day compared is the first of the month after. */
	bool first_day = date_from_days(at).d == 1;
	int K[MONEY_BACKTEST_N];
	for (int h = 0; h < MONEY_BACKTEST_N; h++) {
		K[h] = money_backtest_months[h] + !first_day;
		out->day[h] = month_first(at, K[h]);
		out->known[h] = out->day[h] <= last;
	}
	char a[11], f[11], l[11];
	date_format(date_from_days(at), a);
	date_format(date_from_days(first), f);
	date_format(date_from_days(last), l);
	if (at - 1 < first || !out->known[0])
		return kerr_set(e, KERR_USAGE,
		                "%s is outside what the records can test: they show %s to %s, and a backtest needs a "
		                "day after their first and 12 months of records after it",
		                a, f, l);
	/* three years before at (29 February: 1 March), no earlier than the records */
	int32_t from = month_first(at, -36) + (date_from_days(at).d - 1);
	if (from < first)
		from = first;
	struct money_counts c;
	money_counts_zero(&c, from, at - 1);
	for (size_t i = 0; i < n; i++) {
		struct records cut;
		cut_at(b[i], at, &cut);
		int rc = money_counts_add(&c, &cut, e);
		records_free(&cut);
		if (rc < 0)
			return -1;
	}
	struct money_options o = *opt;
	o.start = at;
	o.months = out->known[1] ? K[1] : K[0];
	out->at = at;
	out->from = from;
	struct money_projection p;
	if (money_project(&c, &o, NULL, &p, e) < 0)
		return -1;
	for (int h = 0; h < MONEY_BACKTEST_N; h++) {
		if (!out->known[h])
			continue;
		int k = K[h] - 1;
		struct money_counts t;
		money_counts_zero(&t, out->day[h] - 1, out->day[h] - 1);
		for (size_t i = 0; i < n; i++)
			if (money_counts_add(&t, b[i], e) < 0) {
				money_projection_free(&p);
				return -1;
			}
		double truth[MONEY_NTYPES + 1] = {0};
		for (int s = 0; s < MONEY_OUTSIDE; s++) {
			truth[money_state_type(s)] += t.stock_end[s];
			truth[MONEY_NTYPES] += t.stock_end[s];
		}
		double sum = 0;
		int nsum = 0;
		for (int x = 0; x <= MONEY_NTYPES; x++) {
			struct money_band3 pb = x < MONEY_NTYPES ? p.children[k * MONEY_NTYPES + x] : p.total[k];
			out->truth[h][x] = truth[x];
			out->projected[h][x] = pb;
			out->error[h][x] = pb.p50 - truth[x];
			out->error_pct[h][x] = truth[x] > 0 ? 100 * (pb.p50 - truth[x]) / truth[x] : 0;
			out->inside[h][x] = pb.p5 <= truth[x] && truth[x] <= pb.p95;
			out->inside_count[h] += out->inside[h][x];
			if (x < MONEY_NTYPES && truth[x] >= 10) {
				sum += fabs(out->error_pct[h][x]);
				nsum++;
			}
		}
		out->mean_abs_pct[h] = nsum ? sum / nsum : 0;
	}
	money_projection_free(&p);
	return 0;
}
