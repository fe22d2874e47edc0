/* Disclosure control (see sdc.h). The tables are small (two years of 33 areas by some 30
 * counts), so the protection simply reruns the whole attack after each extra suppression
 * it needs: clarity over cleverness. */
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
	size_t m = n ? n : 1;
	t->ncells = n;
	t->value = xcalloc(m, sizeof *t->value);
	t->status = xcalloc(m, sizeof *t->status);
	t->fixed = xcalloc(m, sizeof *t->fixed);
	t->least = xcalloc(m, sizeof *t->least);
	t->lo0 = xcalloc(m, sizeof *t->lo0);
	t->hi0 = xmalloc(m * sizeof *t->hi0);
	for (size_t i = 0; i < m; i++) {
		t->hi0[i] = SDC_UNBOUNDED;
		t->least[i] = 1;
	}
}

void sdc_free(struct sdc_table *t)
{
	free(t->value);
	free(t->status);
	free(t->fixed);
	free(t->least);
	free(t->lo0);
	free(t->hi0);
	free(t->rel);
	memset(t, 0, sizeof *t);
}

void sdc_relation(struct sdc_table *t, bool exact, const uint32_t *cells, const int *coefs, uint32_t n)
{
	struct sdc_relation q = {.exact = exact};
	long long sum = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (t->status[cells[i]] == SDC_MISSING)
			return;
		sum += (long long)coefs[i] * t->value[cells[i]];
		uint32_t k = 0;
		while (k < q.n && q.cell[k] != cells[i])
			k++;
		if (k == q.n) {
			if (q.n == SDC_MAX_TERMS)
				return; /* more terms than a relation holds: a programming error, left out */
			q.cell[q.n] = cells[i];
			q.coef[q.n++] = 0;
		}
		q.coef[k] += coefs[i];
	}
	if (sum > 0 || (exact && sum != 0) || q.n == 0)
		return;
	if (t->nrel == t->caprel) {
		t->caprel = t->caprel ? t->caprel * 2 : 64;
		t->rel = xrealloc(t->rel, t->caprel * sizeof *t->rel);
	}
	t->rel[t->nrel++] = q;
}

void sdc_equation(struct sdc_table *t, uint32_t total, const uint32_t *parts, uint32_t nparts, bool slack)
{
	uint32_t cells[SDC_MAX_TERMS];
	int coefs[SDC_MAX_TERMS];
	if (nparts == 0 || nparts >= SDC_MAX_TERMS)
		return;
	for (uint32_t i = 0; i < nparts; i++) {
		cells[i] = parts[i];
		coefs[i] = 1;
	}
	cells[nparts] = total;
	coefs[nparts] = -1;
	sdc_relation(t, !slack, cells, coefs, nparts + 1);
}

static bool suppressed(unsigned char s)
{
	return s == SDC_PRIMARY || s == SDC_SECONDARY;
}

/* Values a cell cannot take move its bounds: a secondary cell is never 1 to 4 (it
 * would have been primary); a cell that is not 0 is at least least[c]. */
static void gap(const struct sdc_table *t, uint32_t c, long long *lo, long long *hi)
{
	long long from = t->status[c] == SDC_SECONDARY ? 5 : t->least[c];
	if (lo[c] >= 1 && lo[c] < from)
		lo[c] = from;
	if (hi[c] >= 1 && hi[c] < from)
		hi[c] = 0;
}

static long long floor_div(long long a, long long m)
{
	return a >= 0 ? a / m : -((-a + m - 1) / m);
}
static long long ceil_div(long long a, long long m)
{
	return a >= 0 ? (a + m - 1) / m : -(-a / m);
}

/* sign x (sum coef x cell) <= 0 through each cell's bounds; true when a bound moved.
 * With min the least the sum can be (each term at its least), a cell with coefficient
 * a > 0 is at most (-(min - a x lo)) / a, and one with a < 0 at least (min - a x hi) / -a,
 * when the other terms are bounded. */
static bool propagate_side(const struct sdc_table *t, const struct sdc_relation *q, int sign, long long *lo,
                           long long *hi)
{
	long long min = 0;
	int unbounded = 0; /* terms whose least is minus infinity */
	for (uint32_t k = 0; k < q->n; k++) {
		long long a = sign * q->coef[k];
		uint32_t c = q->cell[k];
		if (a > 0)
			min += a * lo[c];
		else if (hi[c] >= SDC_UNBOUNDED)
			unbounded++;
		else
			min += a * hi[c];
	}
	bool moved = false;
	for (uint32_t k = 0; k < q->n; k++) {
		long long a = sign * q->coef[k];
		uint32_t c = q->cell[k];
		if (a > 0) {
			if (unbounded)
				continue;
			long long v = floor_div(-(min - a * lo[c]), a);
			if (v < hi[c]) {
				hi[c] = v;
				moved = true;
			}
		} else if (a < 0) {
			bool mine = hi[c] >= SDC_UNBOUNDED;
			if (unbounded - mine)
				continue;
			long long v = ceil_div(mine ? min : min - a * hi[c], -a);
			if (v > SDC_UNBOUNDED)
				v = SDC_UNBOUNDED; /* figures that break their own relations must not overflow
				                    */
			if (v > lo[c]) {
				lo[c] = v;
				moved = true;
			}
		} else {
			continue;
		}
		gap(t, c, lo, hi);
	}
	return moved;
}

static bool propagate(const struct sdc_table *t, const struct sdc_relation *q, long long *lo, long long *hi)
{
	bool moved = propagate_side(t, q, 1, lo, hi);
	if (q->exact)
		moved |= propagate_side(t, q, -1, lo, hi);
	return moved;
}

static uint32_t find(uint32_t *up, uint32_t x)
{
	while (up[x] != x)
		x = up[x] = up[up[x]];
	return x;
}

/* Elimination: the exact relations as a linear system in the cells not yet known (lo <
 * hi), each connected part of it on its own (the years' exact relations share no cell),
 * brought to reduced row echelon form; a row left with one unknown gives that unknown
 * exactly. (An inequality has an unknown remainder of its own, in no other relation: no
 * combination that uses it can fix a cell, so it is left to the bounds.) Sets lo = hi for
 * each cell found; returns how many. Coefficients are small integers and the systems
 * small, so doubles with a tolerance are exact enough. */
static size_t eliminate(const struct sdc_table *t, long long *lo, long long *hi)
{
	size_t n = t->ncells ? t->ncells : 1;
	uint32_t *col = xmalloc(n * sizeof *col), *up = xmalloc(n * sizeof *up);
	uint32_t *cell_of = xmalloc(n * sizeof *cell_of);
	size_t ncols = 0;
	for (size_t i = 0; i < t->ncells; i++) {
		col[i] = t->status[i] != SDC_MISSING && lo[i] != hi[i] ? (uint32_t)ncols++ : NONE;
		if (col[i] != NONE)
			cell_of[col[i]] = (uint32_t)i;
	}
	for (size_t c = 0; c < ncols; c++)
		up[c] = (uint32_t)c;
	/* The relations' parts: unknowns joined by an exact relation. */
	uint32_t *rel_part = xmalloc((t->nrel ? t->nrel : 1) * sizeof *rel_part);
	for (size_t r = 0; r < t->nrel; r++) {
		const struct sdc_relation *q = &t->rel[r];
		rel_part[r] = NONE;
		if (!q->exact)
			continue;
		for (uint32_t k = 0; k < q->n; k++) {
			uint32_t c = col[q->cell[k]];
			if (c == NONE)
				continue;
			if (rel_part[r] == NONE)
				rel_part[r] = c;
			else
				up[find(up, c)] = find(up, rel_part[r]);
		}
	}
	/* Each part's unknowns numbered from 0 within it. */
	uint32_t *local = xmalloc((ncols ? ncols : 1) * sizeof *local);
	uint32_t *size = xcalloc(ncols ? ncols : 1, sizeof *size);
	for (size_t c = 0; c < ncols; c++) {
		uint32_t root = find(up, (uint32_t)c);
		local[c] = size[root]++;
	}
	/* The exact relations by part: rows[rfirst[p] .. rfirst[p + 1]) for root p. */
	uint32_t *rfirst = xcalloc(ncols + 2, sizeof *rfirst);
	uint32_t *rows = xmalloc((t->nrel ? t->nrel : 1) * sizeof *rows);
	for (size_t r = 0; r < t->nrel; r++)
		if (rel_part[r] != NONE) {
			rel_part[r] = find(up, rel_part[r]);
			rfirst[rel_part[r] + 2]++;
		}
	for (size_t c = 2; c < ncols + 2; c++)
		rfirst[c] += rfirst[c - 1];
	for (size_t r = 0; r < t->nrel; r++)
		if (rel_part[r] != NONE)
			rows[rfirst[rel_part[r] + 1]++] = (uint32_t)r;
	/* Each part's cells by local number: by_part[offset[p] + local]. */
	uint32_t *offset = xmalloc((ncols ? ncols : 1) * sizeof *offset);
	uint32_t *by_part = xmalloc((ncols ? ncols : 1) * sizeof *by_part);
	for (size_t c = 0, at = 0; c < ncols; c++) {
		offset[c] = (uint32_t)at;
		at += size[c];
	}
	for (size_t c = 0; c < ncols; c++)
		by_part[offset[find(up, (uint32_t)c)] + local[c]] = cell_of[c];
	size_t found = 0;
	for (size_t root = 0; root < ncols; root++) {
		size_t nrows = rfirst[root + 1] - rfirst[root];
		if (nrows == 0)
			continue;
		size_t w = size[root] + 1; /* the last column is the right-hand side */
		double *m = xcalloc(nrows * w, sizeof *m);
		for (size_t row = 0; row < nrows; row++) {
			const struct sdc_relation *q = &t->rel[rows[rfirst[root] + row]];
			double *x = &m[row * w];
			for (uint32_t k = 0; k < q->n; k++) {
				uint32_t c = col[q->cell[k]];
				if (c == NONE)
					x[w - 1] -= q->coef[k] * (double)lo[q->cell[k]];
				else
					x[local[c]] += q->coef[k];
			}
		}
		/* Reduced row echelon form, partial pivoting. */
		size_t rank = 0;
		for (size_t c = 0; c + 1 < w && rank < nrows; c++) {
			size_t best = rank;
			for (size_t i = rank + 1; i < nrows; i++)
				if (fabs(m[i * w + c]) > fabs(m[best * w + c]))
					best = i;
			if (fabs(m[best * w + c]) < 1e-9)
				continue;
			if (best != rank)
				for (size_t j = 0; j < w; j++) {
					double v = m[rank * w + j];
					m[rank * w + j] = m[best * w + j];
					m[best * w + j] = v;
				}
			double p = m[rank * w + c];
			for (size_t j = 0; j < w; j++)
				m[rank * w + j] /= p;
			for (size_t i = 0; i < nrows; i++) {
				double f = m[i * w + c];
				if (i == rank || fabs(f) < 1e-12)
					continue;
				for (size_t j = 0; j < w; j++)
					m[i * w + j] -= f * m[rank * w + j];
			}
			rank++;
		}
		const uint32_t *cells = &by_part[offset[root]]; /* the part's unknowns by local number */
		for (size_t i = 0; i < rank; i++) {
			size_t only = NONE, nz = 0;
			for (size_t c = 0; c + 1 < w && nz < 2; c++)
				if (fabs(m[i * w + c]) > 1e-9) {
					only = c;
					nz++;
				}
			if (nz != 1)
				continue;
			uint32_t cell = cells[only];
			lo[cell] = hi[cell] = llround(m[i * w + w - 1] / m[i * w + only]);
			found++;
		}
		free(m);
	}
	free(rfirst);
	free(rows);
	free(offset);
	free(by_part);
	free(size);
	free(local);
	free(rel_part);
	free(cell_of);
	free(up);
	free(col);
	return found;
}

/* A cell whose recovery counts: a primary, or a secondary the protection may still
 * change. */
static bool protected_cell(const struct sdc_table *t, size_t i)
{
	return t->status[i] == SDC_PRIMARY || (t->status[i] == SDC_SECONDARY && !t->fixed[i]);
}

/* The primaries no hiding can protect (lost[i] = 1): those the attack works out with
 * every cell it may hide hidden (Scotland's count of 1 to 4 whose councils' counts are
 * all primary: each is then 1 to 4 and they add up to it). Hiding more for them would
 * only lose figures. */
static void unprotectable(struct sdc_table *t, unsigned char *lost, long long *lo, long long *hi)
{
	unsigned char *keep = xmalloc(t->ncells ? t->ncells : 1);
	memcpy(keep, t->status, t->ncells);
	for (size_t i = 0; i < t->ncells; i++)
		if (!t->fixed[i] && t->status[i] == SDC_PUBLISHED)
			t->status[i] = SDC_SECONDARY;
	sdc_attack(t, lo, hi);
	for (size_t i = 0; i < t->ncells; i++)
		lost[i] = t->status[i] == SDC_PRIMARY && lo[i] == hi[i];
	memcpy(t->status, keep, t->ncells);
	free(keep);
}

size_t sdc_attack(const struct sdc_table *t, long long *lo, long long *hi)
{
	for (size_t i = 0; i < t->ncells; i++) {
		switch (t->status[i]) {
		case SDC_PUBLISHED:
		case SDC_PUBLIC:
			lo[i] = hi[i] = t->value[i];
			continue;
		case SDC_PRIMARY:
			lo[i] = t->lo0[i] > 1 ? t->lo0[i] : 1;
			hi[i] = t->hi0[i] < 4 ? t->hi0[i] : 4;
			break;
		default:
			lo[i] = t->lo0[i];
			hi[i] = t->hi0[i];
			break;
		}
		gap(t, (uint32_t)i, lo, hi);
	}
	/* Only the relations with a cell not known can tell anything (most of a table's
	 * are wholly published); bounds through them until they settle, then elimination
	 * with what they pinned down, and again while elimination finds something. */
	uint32_t *active = xmalloc((t->nrel ? t->nrel : 1) * sizeof *active);
	size_t nactive = 0;
	for (size_t q = 0; q < t->nrel; q++)
		for (uint32_t k = 0; k < t->rel[q].n; k++)
			if (lo[t->rel[q].cell[k]] != hi[t->rel[q].cell[k]]) {
				active[nactive++] = (uint32_t)q;
				break;
			}
	for (;;) {
		bool moved = true;
		for (int pass = 0; moved && pass < MAX_PASSES; pass++) {
			moved = false;
			for (size_t q = 0; q < nactive; q++)
				moved |= propagate(t, &t->rel[active[q]], lo, hi);
		}
		if (eliminate(t, lo, hi) == 0)
			break;
	}
	free(active);
	size_t recovered = 0;
	for (size_t i = 0; i < t->ncells; i++)
		recovered += protected_cell(t, i) && lo[i] == hi[i];
	return recovered;
}

static bool may_hide(const struct sdc_table *t, uint32_t c, const unsigned char *never)
{
	return t->status[c] == SDC_PUBLISHED && !never[c] && !t->fixed[c];
}

/* The cell of q to suppress next: among its parts (positive coefficients), the smallest
 * published of 5 or more, else a published zero; else the same among its totals;
 * NONE when there is none. */
static uint32_t candidate(const struct sdc_table *t, const struct sdc_relation *q, const unsigned char *never)
{
	for (int side = 1; side >= -1; side -= 2) {
		uint32_t best = NONE, zero = NONE;
		for (uint32_t k = 0; k < q->n; k++) {
			uint32_t p = q->cell[k];
			if (q->coef[k] * side <= 0 || !may_hide(t, p, never))
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
	}
	return NONE;
}

/* The relations each cell is in: rel_of[first[c] .. first[c + 1]). */
struct index {
	uint32_t *first, *rel_of;
};

static void index_build(const struct sdc_table *t, struct index *x)
{
	x->first = xcalloc(t->ncells + 2, sizeof *x->first);
	size_t terms = 0;
	for (size_t q = 0; q < t->nrel; q++) {
		terms += t->rel[q].n;
		for (uint32_t k = 0; k < t->rel[q].n; k++)
			x->first[t->rel[q].cell[k] + 2]++;
	}
	for (size_t c = 2; c < t->ncells + 2; c++)
		x->first[c] += x->first[c - 1];
	x->rel_of = xmalloc((terms ? terms : 1) * sizeof *x->rel_of);
	for (size_t q = 0; q < t->nrel; q++)
		for (uint32_t k = 0; k < t->rel[q].n; k++)
			x->rel_of[x->first[t->rel[q].cell[k] + 1]++] = (uint32_t)q;
}

static void index_free(struct index *x)
{
	free(x->first);
	free(x->rel_of);
}

/* A cell to suppress so that the recovered cell r is hidden: a candidate of one of r's
 * relations (the exact ones first), else of a relation of a suppressed cell reached from
 * r through relations, the nearest first. */
static uint32_t rescue(const struct sdc_table *t, const struct index *x, uint32_t r,
                       const unsigned char *never)
{
	uint32_t *queue = xmalloc((t->ncells ? t->ncells : 1) * sizeof *queue);
	unsigned char *seen = xcalloc(t->ncells ? t->ncells : 1, 1);
	size_t head = 0, tail = 0;
	queue[tail++] = r;
	seen[r] = 1;
	uint32_t found = NONE;
	while (head < tail && found == NONE) {
		uint32_t c = queue[head++];
		for (int exact = 1; exact >= 0 && found == NONE; exact--)
			for (uint32_t j = x->first[c]; j < x->first[c + 1] && found == NONE; j++) {
				const struct sdc_relation *e = &t->rel[x->rel_of[j]];
				if (e->exact == (exact == 1))
					found = candidate(t, e, never);
			}
		for (uint32_t j = x->first[c]; j < x->first[c + 1] && found == NONE; j++) {
			const struct sdc_relation *e = &t->rel[x->rel_of[j]];
			for (uint32_t k = 0; k < e->n; k++) {
				uint32_t m = e->cell[k];
				if (!seen[m] && suppressed(t->status[m])) {
					seen[m] = 1;
					queue[tail++] = m;
				}
			}
		}
	}
	free(queue);
	free(seen);
	return found;
}

/* Secondary suppression until the attack recovers no protected cell (see sdc_protect). */
static void hide(struct sdc_table *t, const struct index *x, const unsigned char *never,
                 const unsigned char *lost, long long *lo, long long *hi)
{
	for (;;) {
		/* The pattern first: an exact relation with one suppressed cell gives it away
		 * by subtraction. */
		bool changed = false;
		for (size_t q = 0; q < t->nrel; q++) {
			const struct sdc_relation *e = &t->rel[q];
			if (!e->exact)
				continue;
			int n = 0;
			for (uint32_t k = 0; k < e->n; k++)
				n += suppressed(t->status[e->cell[k]]);
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
		/* Then the attack: one more cell for the first recovered cell that one more
		 * can hide, and again. */
		sdc_attack(t, lo, hi);
		uint32_t c = NONE;
		for (size_t i = 0; i < t->ncells && c == NONE; i++)
			if (protected_cell(t, i) && !lost[i] && lo[i] == hi[i])
				c = rescue(t, x, (uint32_t)i, never);
		if (c == NONE)
			return; /* nothing left that could hide it */
		t->status[c] = SDC_SECONDARY;
	}
}

size_t sdc_protect(struct sdc_table *t)
{
	for (size_t i = 0; i < t->ncells; i++)
		if (!t->fixed[i] && t->status[i] == SDC_PUBLISHED && t->value[i] >= 1 && t->value[i] <= 4)
			t->status[i] = SDC_PRIMARY;
	size_t n = t->ncells ? t->ncells : 1;
	long long *lo = xmalloc(n * sizeof *lo), *hi = xmalloc(n * sizeof *hi);
	unsigned char *never = xcalloc(n, 1);
	struct index x;
	index_build(t, &x);
	unsigned char *lost = xmalloc(n);
	unprotectable(t, lost, lo, hi);
	/* A secondary cell the attack works out anyway hides nothing: it is published (the
	 * attacker knew it), never chosen again, and the hiding runs again. */
	for (;;) {
		hide(t, &x, never, lost, lo, hi);
		sdc_attack(t, lo, hi);
		bool shown = false;
		for (size_t i = 0; i < t->ncells; i++)
			if (!t->fixed[i] && t->status[i] == SDC_SECONDARY && lo[i] == hi[i]) {
				t->status[i] = SDC_PUBLISHED;
				never[i] = 1;
				shown = true;
			}
		if (!shown)
			break;
	}
	size_t secondary = 0;
	for (size_t i = 0; i < t->ncells; i++)
		secondary += !t->fixed[i] && t->status[i] == SDC_SECONDARY;
	free(lo);
	free(hi);
	free(never);
	free(lost);
	index_free(&x);
	return secondary;
}
