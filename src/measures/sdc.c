/* Disclosure control (see sdc.h). The tables are small (33 areas by some 30 counts), so
 * the protection simply reruns the whole attack after each extra suppression it needs:
 * clarity over cleverness. */
#include "measures/sdc.h"

#include "base/mem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX
#define MAX_PASSES 10000

void sdc_init(struct sdc_table *t, size_t n)
{
	memset(t, 0, sizeof *t);
	t->ncells = n;
	t->value = xcalloc(n ? n : 1, sizeof *t->value);
	t->status = xcalloc(n ? n : 1, sizeof *t->status);
}

void sdc_free(struct sdc_table *t)
{
	free(t->value);
	free(t->status);
	free(t->eq);
	memset(t, 0, sizeof *t);
}

void sdc_equation(struct sdc_table *t, uint32_t total, const uint32_t *parts, uint32_t nparts, bool slack)
{
	if (nparts == 0 || nparts > 40 || t->status[total] == SDC_MISSING)
		return;
	for (uint32_t i = 0; i < nparts; i++)
		if (t->status[parts[i]] == SDC_MISSING)
			return;
	if (t->neq == t->capeq) {
		t->capeq = t->capeq ? t->capeq * 2 : 64;
		t->eq = xrealloc(t->eq, t->capeq * sizeof *t->eq);
	}
	struct sdc_equation *q = &t->eq[t->neq++];
	memset(q, 0, sizeof *q);
	q->total = total;
	memcpy(q->parts, parts, nparts * sizeof *parts);
	q->nparts = nparts;
	q->slack = slack;
}

static bool suppressed(unsigned char s)
{
	return s == SDC_PRIMARY || s == SDC_SECONDARY;
}

/* A secondary cell is never 1 to 4 (it would have been primary): bounds that fall in
 * that gap move out of it. */
static void gap(unsigned char status, long long *lo, long long *hi)
{
	if (status != SDC_SECONDARY)
		return;
	if (*lo >= 1 && *lo <= 4)
		*lo = 5;
	if (*hi >= 1 && *hi <= 4)
		*hi = 0;
}

static bool tighten_lo(long long *lo, long long v)
{
	/* Never past "unbounded": a table whose figures break its own equations (which true
	 * counts never do) must not overflow. */
	if (v > SDC_UNBOUNDED)
		v = SDC_UNBOUNDED;
	if (v > *lo) {
		*lo = v;
		return true;
	}
	return false;
}

static bool tighten_hi(long long *hi, long long v)
{
	if (v < *hi) {
		*hi = v;
		return true;
	}
	return false;
}

/* One equation's bounds propagation; true when a bound moved. */
static long long floor_div(long long a, long long m) { return a >= 0 ? a / m : -((-a + m - 1) / m); }
static long long ceil_div(long long a, long long m) { return a >= 0 ? (a + m - 1) / m : -(-a / m); }

static bool propagate(const struct sdc_table *t, const struct sdc_equation *q, long long *lo, long long *hi)
{
	bool moved = false;
	long long sumlo = 0, sumhi = 0;
	int unbounded = 0; /* parts with no upper bound */
	for (uint32_t k = 0; k < q->nparts; k++) {
		uint32_t p = q->parts[k];
		sumlo += lo[p];
		if (hi[p] >= SDC_UNBOUNDED)
			unbounded++;
		else
			sumhi += hi[p];
	}
	uint32_t T = q->total;
	/* total >= sum of the parts' lows; total <= sum of their highs (no remainder) */
	moved |= tighten_lo(&lo[T], sumlo);
	if (!q->slack && !unbounded)
		moved |= tighten_hi(&hi[T], sumhi);
	gap(t->status[T], &lo[T], &hi[T]);
	for (uint32_t k = 0; k < q->nparts; k++) {
		uint32_t p = q->parts[k];
		/* A cell given m times (3 x the children with 3 or more moves is at most the
		 * moves) is bounded once, by m x it. */
		long long m = 0;
		bool again = false;
		for (uint32_t j = 0; j < q->nparts; j++) {
			again |= j < k && q->parts[j] == p;
			m += q->parts[j] == p;
		}
		if (again)
			continue;
		long long plo = lo[p], phi = hi[p]; /* as in the sums */
		/* m x part <= total - the others' lows */
		if (hi[T] < SDC_UNBOUNDED)
			moved |= tighten_hi(&hi[p], floor_div(hi[T] - (sumlo - m * plo), m));
		/* m x part >= total - the others' highs (without a remainder) */
		bool p_unbounded = phi >= SDC_UNBOUNDED;
		int others_unbounded = unbounded - (p_unbounded ? (int)m : 0);
		if (!q->slack && !others_unbounded) {
			long long others = sumhi - (p_unbounded ? 0 : m * phi);
			moved |= tighten_lo(&lo[p], ceil_div(lo[T] - others, m));
		}
		gap(t->status[p], &lo[p], &hi[p]);
	}
	return moved;
}

/* Iterated elimination: the exact equations as a linear system in the cells not yet
 * known (lo < hi), brought to reduced row echelon form; a row left with one unknown gives
 * that unknown exactly. (A slack equation has an unknown remainder of its own, in no
 * other equation: no combination that uses it can fix a cell, so it is left to the
 * bounds.) Sets lo = hi for each cell found;
 * returns how many. Coefficients are small integers and the systems small, so doubles
 * with a tolerance are exact enough. */
static size_t eliminate(const struct sdc_table *t, long long *lo, long long *hi)
{
	size_t n = t->ncells;
	uint32_t *col = xmalloc((n ? n : 1) * sizeof *col);
	size_t ncols = 0;
	for (size_t i = 0; i < n; i++)
		col[i] = t->status[i] != SDC_MISSING && lo[i] != hi[i] ? (uint32_t)ncols++ : NONE;
	size_t nrows = 0;
	if (ncols == 0 || t->neq == 0) {
		free(col);
		return 0;
	}
	size_t w = ncols + 1; /* the last column is the right-hand side */
	double *m = xcalloc(t->neq * w, sizeof *m);
	for (size_t q = 0; q < t->neq; q++) {
		const struct sdc_equation *e = &t->eq[q];
		if (e->slack)
			continue;
		double *row = &m[nrows * w];
		bool any = false;
		/* parts - total = 0, the known cells moved to the right */
		for (uint32_t k = 0; k <= e->nparts; k++) {
			uint32_t c = k < e->nparts ? e->parts[k] : e->total;
			double sign = k < e->nparts ? 1.0 : -1.0;
			if (col[c] == NONE) {
				row[ncols] -= sign * (double)lo[c];
			} else {
				row[col[c]] += sign;
				any = true;
			}
		}
		if (any)
			nrows++;
		else
			memset(row, 0, w * sizeof *row);
	}
	/* Reduced row echelon form, partial pivoting. */
	size_t r = 0;
	for (size_t c = 0; c < ncols && r < nrows; c++) {
		size_t best = r;
		for (size_t i = r + 1; i < nrows; i++)
			if (fabs(m[i * w + c]) > fabs(m[best * w + c]))
				best = i;
		if (fabs(m[best * w + c]) < 1e-9)
			continue;
		if (best != r)
			for (size_t j = 0; j < w; j++) {
				double x = m[r * w + j];
				m[r * w + j] = m[best * w + j];
				m[best * w + j] = x;
			}
		double p = m[r * w + c];
		for (size_t j = 0; j < w; j++)
			m[r * w + j] /= p;
		for (size_t i = 0; i < nrows; i++) {
			double f = m[i * w + c];
			if (i == r || fabs(f) < 1e-12)
				continue;
			for (size_t j = 0; j < w; j++)
				m[i * w + j] -= f * m[r * w + j];
		}
		r++;
	}
	size_t found = 0;
	for (size_t i = 0; i < r; i++) {
		size_t only = NONE, nz = 0;
		for (size_t c = 0; c < ncols && nz < 2; c++)
			if (fabs(m[i * w + c]) > 1e-9) {
				only = c;
				nz++;
			}
		if (nz != 1)
			continue;
		for (size_t cell = 0; cell < n; cell++)
			if (col[cell] == only) {
				lo[cell] = hi[cell] = llround(m[i * w + ncols] / m[i * w + only]);
				found++;
				break;
			}
	}
	free(m);
	free(col);
	return found;
}

size_t sdc_attack(const struct sdc_table *t, long long *lo, long long *hi)
{
	for (size_t i = 0; i < t->ncells; i++) {
		switch (t->status[i]) {
		case SDC_PUBLISHED:
		case SDC_PUBLIC:
			lo[i] = hi[i] = t->value[i];
			break;
		case SDC_PRIMARY:
			lo[i] = 1;
			hi[i] = 4;
			break;
		default:
			lo[i] = 0;
			hi[i] = SDC_UNBOUNDED;
			break;
		}
	}
	/* Bounds through the equations until they settle, then elimination with what they
	 * pinned down, and again while elimination finds something. */
	for (;;) {
		bool moved = true;
		for (int pass = 0; moved && pass < MAX_PASSES; pass++) {
			moved = false;
			for (size_t q = 0; q < t->neq; q++)
				moved |= propagate(t, &t->eq[q], lo, hi);
		}
		if (eliminate(t, lo, hi) == 0)
			break;
	}
	size_t recovered = 0;
	for (size_t i = 0; i < t->ncells; i++)
		recovered += suppressed(t->status[i]) && lo[i] == hi[i];
	return recovered;
}

/* The cell of q to suppress next: its smallest published part of 5 or more, else a
 * published zero part, else its total when published; NONE when there is none. */
static uint32_t candidate(const struct sdc_table *t, const struct sdc_equation *q, const unsigned char *never)
{
	uint32_t best = NONE, zero = NONE;
	for (uint32_t k = 0; k < q->nparts; k++) {
		uint32_t p = q->parts[k];
		if (t->status[p] != SDC_PUBLISHED || never[p])
			continue;
		if (t->value[p] == 0) {
			if (zero == NONE)
				zero = p;
		} else if (best == NONE || t->value[p] < t->value[best]) {
			best = p;
		}
	}
	if (best != NONE)
		return best;
	if (zero != NONE)
		return zero;
	return t->status[q->total] == SDC_PUBLISHED && !never[q->total] ? q->total : NONE;
}

static bool in_equation(const struct sdc_equation *q, uint32_t cell)
{
	if (q->total == cell)
		return true;
	for (uint32_t k = 0; k < q->nparts; k++)
		if (q->parts[k] == cell)
			return true;
	return false;
}

/* A cell to suppress so that the recovered cell r is hidden: a candidate of one of r's
 * equations, else of an equation of a suppressed cell that shares one with r. */
static uint32_t rescue(const struct sdc_table *t, uint32_t r, const unsigned char *never)
{
	for (size_t q = 0; q < t->neq; q++)
		if (in_equation(&t->eq[q], r)) {
			uint32_t c = candidate(t, &t->eq[q], never);
			if (c != NONE)
				return c;
		}
	for (size_t q = 0; q < t->neq; q++) {
		const struct sdc_equation *e = &t->eq[q];
		if (!in_equation(e, r))
			continue;
		for (uint32_t k = 0; k <= e->nparts; k++) {
			uint32_t m = k < e->nparts ? e->parts[k] : e->total;
			if (m == r || !suppressed(t->status[m]))
				continue;
			for (size_t q2 = 0; q2 < t->neq; q2++)
				if (q2 != q && in_equation(&t->eq[q2], m)) {
					uint32_t c = candidate(t, &t->eq[q2], never);
					if (c != NONE)
						return c;
				}
		}
	}
	return NONE;
}

/* Secondary suppression until the attack recovers no primary cell (see sdc_protect). */
static void hide(struct sdc_table *t, const unsigned char *never, long long *lo, long long *hi)
{
	for (;;) {
		/* The pattern first: an exact equation with one suppressed cell gives it away
		 * by subtraction. */
		bool changed = false;
		for (size_t q = 0; q < t->neq; q++) {
			const struct sdc_equation *e = &t->eq[q];
			if (e->slack)
				continue;
			int n = suppressed(t->status[e->total]);
			for (uint32_t k = 0; k < e->nparts; k++)
				n += suppressed(t->status[e->parts[k]]);
			if (n != 1)
				continue;
			uint32_t c = candidate(t, e, never);
			if (c != NONE) {
				t->status[c] = SDC_SECONDARY;
				changed = true;
			}
		}
		if (changed)
			continue;
		/* Then the attack: one more cell for the first cell it recovers, and again. */
		if (sdc_attack(t, lo, hi) == 0)
			return;
		uint32_t c = NONE;
		for (size_t i = 0; i < t->ncells && c == NONE; i++)
			if (suppressed(t->status[i]) && lo[i] == hi[i])
				c = rescue(t, (uint32_t)i, never);
		if (c == NONE)
			return; /* nothing left that could hide it */
		t->status[c] = SDC_SECONDARY;
	}
}

size_t sdc_protect(struct sdc_table *t)
{
	for (size_t i = 0; i < t->ncells; i++)
		if (t->status[i] == SDC_PUBLISHED && t->value[i] >= 1 && t->value[i] <= 4)
			t->status[i] = SDC_PRIMARY;
	size_t n = t->ncells ? t->ncells : 1;
	long long *lo = xmalloc(n * sizeof *lo), *hi = xmalloc(n * sizeof *hi);
	unsigned char *never = xcalloc(n, 1);
	/* A secondary cell the attack works out anyway hides nothing: it is published (the
	 * attacker knew it), never chosen again, and the hiding runs again. */
	for (;;) {
		hide(t, never, lo, hi);
		sdc_attack(t, lo, hi);
		bool shown = false;
		for (size_t i = 0; i < t->ncells; i++)
			if (t->status[i] == SDC_SECONDARY && lo[i] == hi[i]) {
				t->status[i] = SDC_PUBLISHED;
				never[i] = 1;
				shown = true;
			}
		if (!shown)
			break;
	}
	size_t secondary = 0;
	for (size_t i = 0; i < t->ncells; i++)
		secondary += t->status[i] == SDC_SECONDARY;
	free(lo);
	free(hi);
	free(never);
	return secondary;
}
