/* Unit tests for src/measures/sdc.c: disclosure control, tested by attacking the
 * published tables. Each test builds a table, protects it, and then tries to recover
 * every suppressed cell: by row, column and total differences, iterated elimination and
 * interval bounds (sdc_attack), and on small tables by trying every value each hidden
 * cell could have (an exhaustive attacker written here, independent of sdc.c). The
 * attack must fail on every protected table; and it must succeed on tables where
 * secondary suppression was skipped, or the attack proves nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measures/measures.h"
#include "measures/sdc.h"

static long long LO[4096], HI[4096];

/* A one-row table: total = parts, cells 0 (the total) and 1..n. */
static void row_table(struct sdc_table *t, const long long *v, uint32_t n)
{
	sdc_init(t, n + 1);
	uint32_t parts[40];
	for (uint32_t i = 0; i <= n; i++)
		t->value[i] = v[i];
	for (uint32_t i = 0; i < n; i++)
		parts[i] = i + 1;
	sdc_equation(t, 0, parts, n, false);
}

/* Primary suppression only, as a table would be if secondary suppression were skipped. */
static void primary_only(struct sdc_table *t)
{
	for (size_t i = 0; i < t->ncells; i++)
		if (t->status[i] == SDC_PUBLISHED && t->value[i] >= 1 && t->value[i] <= 4)
			t->status[i] = SDC_PRIMARY;
}

/* One primary in a row: the total minus the others gives it away, unless another cell
 * goes too: the smallest of 5 or more (8, not 9). */
static void test_row_difference(void **state)
{
	struct sdc_table t;
	/* 20 = 3 + 9 + 8 */
	row_table(&t, (const long long[]){20, 3, 9, 8}, 3);
	primary_only(&t);
	/* Attack on the table without secondary suppression: 20 - 9 - 8 = 3. */
	assert_int_equal(sdc_attack(&t, LO, HI), 1);
	assert_int_equal(LO[1], 3);
	assert_int_equal(HI[1], 3);
	sdc_free(&t);

	row_table(&t, (const long long[]){20, 3, 9, 8}, 3);
	assert_int_equal(sdc_protect(&t), 1);
	assert_int_equal(t.status[1], SDC_PRIMARY);
	assert_int_equal(t.status[3], SDC_SECONDARY);
	assert_int_equal(t.status[2], SDC_PUBLISHED);
	assert_int_equal(t.status[0], SDC_PUBLISHED);
	/* 3 + 8 = 11: the primary 1..4, the secondary 7..10: neither is one value. */
	assert_int_equal(sdc_attack(&t, LO, HI), 0);
	assert_int_equal(LO[1], 1);
	assert_int_equal(HI[1], 4);
	assert_int_equal(LO[3], 7);
	assert_int_equal(HI[3], 10);
	sdc_free(&t);
}

/* Two primaries summing to 2 are both 1 (each is at least 1): interval bounds recover
 * them although two cells are hidden, so a third must go. */
static void test_primaries_summing_to_two(void **state)
{
	struct sdc_table t;
	/* 12 = 1 + 1 + 10 */
	row_table(&t, (const long long[]){12, 1, 1, 10}, 3);
	primary_only(&t);
	assert_int_equal(sdc_attack(&t, LO, HI), 2);
	assert_int_equal(LO[1], 1);
	assert_int_equal(HI[2], 1);
	sdc_free(&t);

	row_table(&t, (const long long[]){12, 1, 1, 10}, 3);
	sdc_protect(&t);
	assert_int_equal(t.status[3], SDC_SECONDARY);
	assert_int_equal(sdc_attack(&t, LO, HI), 0);
	sdc_free(&t);
}

/* A secondary cell is never 1 to 4: the attacker knows it. 16 = 1 + 5 + 10 with 1 and 5
 * hidden: 1 + 5 = 6, the secondary is 0 or 5 or more, the primary 1 to 4: so the
 * secondary is 5 and the primary 1. The protection sees it and hides 10 too. */
static void test_secondary_gap(void **state)
{
	struct sdc_table t;
	row_table(&t, (const long long[]){16, 1, 5, 10}, 3);
	primary_only(&t);
	t.status[2] = SDC_SECONDARY; /* what a subtraction-only rule would do */
	assert_int_equal(sdc_attack(&t, LO, HI), 2);
	assert_int_equal(LO[1], 1);
	assert_int_equal(HI[1], 1);
	assert_int_equal(LO[2], 5);
	sdc_free(&t);

	row_table(&t, (const long long[]){16, 1, 5, 10}, 3);
	sdc_protect(&t);
	assert_int_equal(t.status[1], SDC_PRIMARY);
	assert_int_equal(t.status[2], SDC_SECONDARY);
	assert_int_equal(t.status[3], SDC_SECONDARY);
	assert_int_equal(sdc_attack(&t, LO, HI), 0);
	sdc_free(&t);
}

/* A part that counts m times: 3 x the children with 3 or more moves is at most the
 * moves. With 5 moves published, 3 or more moves by 1 to 4 children is 1 child. */
static void test_multiple_of_a_part(void **state)
{
	struct sdc_table t;
	sdc_init(&t, 2);
	t.value[0] = 5; /* moves */
	t.value[1] = 1; /* children with 3 or more */
	sdc_equation(&t, 0, (const uint32_t[]){1, 1, 1}, 3, true);
	primary_only(&t);
	assert_int_equal(sdc_attack(&t, LO, HI), 1);
	assert_int_equal(HI[1], 1);
	sdc_protect(&t);
	assert_int_equal(t.status[0], SDC_SECONDARY);
	assert_int_equal(sdc_attack(&t, LO, HI), 0);
	sdc_free(&t);
}

/* A grid: K councils (rows) by G groups, each row with its total, and Scotland's row
 * whose cells are the columns' totals. Cell (r, g) is r * (G + 1) + g, g == G the row
 * total; r == K is Scotland. */
static void grid(struct sdc_table *t, const long long *base, int K, int G, bool columns)
{
	int W = G + 1;
	sdc_init(t, (size_t)((K + 1) * W));
	for (int r = 0; r < K; r++)
		for (int g = 0; g < G; g++) {
			long long v = base[r * G + g];
			t->value[r * W + g] = v;
			t->value[r * W + G] += v;
			t->value[K * W + g] += v;
			t->value[K * W + G] += v;
		}
	uint32_t parts[40];
	for (int r = 0; r <= K; r++) {
		for (int g = 0; g < G; g++)
			parts[g] = (uint32_t)(r * W + g);
		sdc_equation(t, (uint32_t)(r * W + G), parts, (uint32_t)G, false);
	}
	if (columns)
		for (int g = 0; g <= G; g++) {
			for (int r = 0; r < K; r++)
				parts[r] = (uint32_t)(r * W + g);
			sdc_equation(t, (uint32_t)(K * W + g), parts, (uint32_t)K, false);
		}
}

/* A primary protected within its row only is worked back from Scotland's column. */
static void test_column_difference(void **state)
{
	static const long long base[] = {
	    2,  10, 12, /* council 1: 2 is primary */
	    20, 30, 40, /* council 2 */
	    25, 35, 45, /* council 3 */
	};
	struct sdc_table t;
	/* Rows only: 2 and 10 hidden in council 1's row: safe within the row ... */
	grid(&t, base, 3, 3, false);
	sdc_protect(&t);
	assert_int_equal(t.status[0], SDC_PRIMARY);
	assert_int_equal(t.status[1], SDC_SECONDARY);
	/* ... but Scotland's first column is published: 47 - 20 - 25 = 2. */
	struct sdc_table full;
	grid(&full, base, 3, 3, true);
	memcpy(full.status, t.status, t.ncells);
	assert_true(sdc_attack(&full, LO, HI) >= 1);
	assert_int_equal(LO[0], 2);
	assert_int_equal(HI[0], 2);
	sdc_free(&t);
	sdc_free(&full);

	/* Protected with the columns: a rectangle of four cells at least; nothing
	 * recovered. */
	grid(&t, base, 3, 3, true);
	sdc_protect(&t);
	int hidden = 0;
	for (size_t i = 0; i < t.ncells; i++)
		hidden += t.status[i] != SDC_PUBLISHED;
	assert_true(hidden >= 4);
	assert_int_equal(sdc_attack(&t, LO, HI), 0);
	sdc_free(&t);
}

/* ---------------------------------------------------------------- the exhaustive attacker */

/* Every table it is given is a grid of 2 councils by 3 groups (cells as grid() numbers
 * them: 4 per row, 3 rows). The attacker tries every value of every hidden base cell
 * (primary 1..4; secondary 0 or 5..CAP, CAP far above any true count: a bound the real
 * attacker does not have, so this attacker is if anything stronger) and keeps the assignments for which every
 * published cell comes out right and every hidden total is in its range. A hidden
 * cell is recovered when it has the same value in every assignment kept. */
enum { K = 2, G = 3, W = G + 1, NCELLS = (K + 1) * W, CAP = 40 };

struct exhaustive {
	const struct sdc_table *t;
	long long v[NCELLS];
	long long seen_lo[NCELLS], seen_hi[NCELLS];
	long long solutions;
	bool done; /* every hidden cell has shown two values: nothing can be recovered */
};

static bool fits(unsigned char status, long long published, long long v)
{
	switch (status) {
	case SDC_PUBLISHED:
		return v == published;
	case SDC_PRIMARY:
		return v >= 1 && v <= 4;
	case SDC_SECONDARY:
		return v == 0 || v >= 5;
	default:
		return true;
	}
}

static void domain(unsigned char status, long long published, long long *from, long long *to)
{
	if (status == SDC_PUBLISHED) {
		*from = *to = published;
	} else if (status == SDC_PRIMARY) {
		*from = 1;
		*to = 4;
	} else {
		*from = 0;
		*to = CAP;
	}
}

/* The most a cell can be, as the attacker sees it. */
static long long most(const struct sdc_table *t, int cell)
{
	return t->status[cell] == SDC_PUBLISHED ? t->value[cell]
	       : t->status[cell] == SDC_PRIMARY ? 4
	                                        : CAP * K * G;
}

static void try_cell(struct exhaustive *x, int k)
{
	const struct sdc_table *t = x->t;
	if (k == K * G) {
		/* Scotland's row, from the councils' values. */
		long long scot[W] = {0};
		for (int r = 0; r < K; r++)
			for (int g = 0; g <= G; g++)
				scot[g] += x->v[r * W + g];
		for (int g = 0; g <= G; g++) {
			if (!fits(t->status[K * W + g], t->value[K * W + g], scot[g]))
				return;
			x->v[K * W + g] = scot[g];
		}
		x->solutions++;
		bool all = true;
		for (int i = 0; i < NCELLS; i++) {
			if (x->v[i] < x->seen_lo[i])
				x->seen_lo[i] = x->v[i];
			if (x->v[i] > x->seen_hi[i])
				x->seen_hi[i] = x->v[i];
			all &= t->status[i] == SDC_PUBLISHED || x->seen_lo[i] < x->seen_hi[i];
		}
		x->done = all;
		return;
	}
	int r = k / G, g = k % G, cell = r * W + g;
	long long from, to;
	domain(t->status[cell], t->value[cell], &from, &to);
	/* A cell that a published total fixes is not guessed: the last of its row when the
	 * row's total is published; the last council's when Scotland's is. */
	if (t->status[r * W + G] == SDC_PUBLISHED && g == G - 1) {
		from = t->value[r * W + G];
		for (int j = 0; j < G - 1; j++)
			from -= x->v[r * W + j];
		to = from;
	} else if (t->status[K * W + g] == SDC_PUBLISHED && r == K - 1) {
		from = t->value[K * W + g];
		for (int j = 0; j < K - 1; j++)
			from -= x->v[j * W + g];
		to = from;
	}
	if (from < 0)
		return;
	for (long long v = from; v <= to && !x->done; v++) {
		if (!fits(t->status[cell], t->value[cell], v))
			continue;
		x->v[cell] = v;
		/* No partial sum may pass what its total can be. */
		long long row = 0, col = 0;
		for (int j = 0; j <= g; j++)
			row += x->v[r * W + j];
		for (int j = 0; j <= r; j++)
			col += x->v[j * W + g];
		if (row > most(t, r * W + G) || col > most(t, K * W + g))
			break;
		if (g == G - 1) {
			/* The row is whole: its total must fit. */
			long long sum = 0;
			for (int j = 0; j < G; j++)
				sum += x->v[r * W + j];
			if (!fits(t->status[r * W + G], t->value[r * W + G], sum))
				continue;
			x->v[r * W + G] = sum;
		}
		try_cell(x, k + 1);
	}
}

/* How many hidden cells the exhaustive attacker recovers. */
static int exhaustive_attack(const struct sdc_table *t)
{
	struct exhaustive x = {.t = t};
	for (int i = 0; i < NCELLS; i++) {
		x.seen_lo[i] = CAP * 10;
		x.seen_hi[i] = -1;
	}
	try_cell(&x, 0);
	assert_true(x.solutions >= 1); /* the true table is always one */
	int recovered = 0;
	for (int i = 0; i < NCELLS; i++)
		recovered += t->status[i] != SDC_PUBLISHED && x.seen_lo[i] == x.seen_hi[i];
	return recovered;
}

/* A small pseudo-random generator, so the tables are the same on every run. */
static uint64_t rng = 0x2545F4914F6CDD1DULL;
static unsigned next(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* Many small tables with many small counts: protected, neither attacker recovers a
 * cell; primary suppression only: the exhaustive attacker recovers a cell in some of
 * them, and whenever sdc_attack recovers one, so does the exhaustive attacker (it is
 * never wrong). */
static void test_exhaustive(void **state)
{
	int attacked_unprotected = 0, tables = 0;
	for (int trial = 0; trial < 300; trial++) {
		long long base[K * G];
		for (int i = 0; i < K * G; i++) {
			/* zeros, primaries and larger counts, about a third each */
			unsigned kind = next(3);
			base[i] = kind == 0 ? 0 : kind == 1 ? 1 + next(4) : 5 + next(12);
		}
		struct sdc_table t;
		grid(&t, base, K, G, true);
		primary_only(&t);
		bool any = false;
		for (size_t i = 0; i < t.ncells; i++)
			any |= t.status[i] == SDC_PRIMARY;
		if (!any) {
			sdc_free(&t);
			continue;
		}
		tables++;
		int naive = exhaustive_attack(&t);
		attacked_unprotected += naive > 0;
		size_t found = sdc_attack(&t, LO, HI);
		for (size_t i = 0; i < t.ncells; i++)
			if (t.status[i] == SDC_PRIMARY && LO[i] == HI[i])
				assert_int_equal(LO[i], t.value[i]); /* what it recovers is the truth */
		assert_true(found == 0 || naive > 0);
		sdc_free(&t);

		grid(&t, base, K, G, true);
		sdc_protect(&t);
		for (size_t i = 0; i < t.ncells; i++)
			if (t.value[i] >= 1 && t.value[i] <= 4)
				assert_int_equal(t.status[i], SDC_PRIMARY);
		if (sdc_attack(&t, LO, HI) != 0 || exhaustive_attack(&t) != 0) {
			for (int i = 0; i < NCELLS; i++)
				print_message("cell %d value %lld status %d bounds %lld..%lld\n", i,
				              t.value[i], t.status[i], LO[i], HI[i]);
			fail_msg("trial %d: a hidden cell was recovered", trial);
		}
		sdc_free(&t);
	}
	assert_true(tables > 100);
	assert_true(attacked_unprotected > 20);
}

/* The measures' own table: 32 councils of small made-up counts and Scotland, protected
 * with measures_protect: the attack recovers nothing, every count of 1 to 4 is marked
 * primary, every derived cell built on a suppressed count is suppressed, and the
 * population is published. */
static void test_measures_table(void **state)
{
	enum { N = 32 };
	static struct measures m[N];
	static unsigned char status[N + 1][MC_NCOUNTS];
	for (int a = 0; a < N; a++) {
		memset(&m[a], 0, sizeof m[a]);
		for (int c = 0; c < MC_NCOUNTS; c++)
			m[a].available[c] = true;
		m[a].available[MC_POPULATION] = false;
		long long *n = m[a].count;
		for (int c = MC_MIX_HOME; c <= MC_MIX_NOT_KNOWN; c++)
			n[c] = next(3) == 0 ? next(5) : 5 + next(40);
		for (int c = MC_MIX_HOME; c <= MC_MIX_NOT_KNOWN; c++)
			n[MC_LOOKED_AFTER] += n[c];
		n[MC_PLACED] = n[MC_LOOKED_AFTER] - n[MC_MIX_NOT_KNOWN];
		n[MC_SIBLINGS_ALL] = next(8);
		n[MC_SIBLINGS_SOME] = next(8);
		n[MC_SIBLINGS_NONE] = next(8);
		n[MC_SIBLINGS] = n[MC_SIBLINGS_ALL] + n[MC_SIBLINGS_SOME] + n[MC_SIBLINGS_NONE];
		n[MC_LOOKED_AFTER_YEAR] = n[MC_LOOKED_AFTER] + 30;
		n[MC_STARTED] = next(20);
		n[MC_CEASED] = next(20);
		n[MC_MOVES_3] = next(6);
		n[MC_MOVES] = 3 * n[MC_MOVES_3] + next(30); /* each of them moved 3 times or more */
		n[MC_SCHOOL_CHANGES] = 5 + next(10);
		n[MC_SCHOOL_WITH_MOVE] = next(5);
		n[MC_OUTSIDE_COUNCIL] = next(9);
		n[MC_OUTSIDE_SCOTLAND] = next(3);
		n[MC_SECURE_16_17] = next(3);
		n[MC_YOI_16_17] = next(2);
		n[MC_ADOPTION_BREAKDOWNS] = next(3);
		n[MC_RESTRAINTS] = next(30);
		n[MC_RESIDENTIAL_YEAR] = n[MC_MIX_RESIDENTIAL] + next(4);
		if (n[MC_SECURE_16_17] > n[MC_RESIDENTIAL_YEAR]) /* secure care is residential */
			n[MC_SECURE_16_17] = n[MC_RESIDENTIAL_YEAR];
		n[MC_CC_ELIGIBLE] = next(10);
		n[MC_CC_TOOK_UP] = n[MC_CC_ELIGIBLE] / 3;
	}
	m[5].available[MC_RESTRAINTS] = false; /* one council does not collect restraint */
	struct measures scot;
	measures_sum(&scot, MEASURES_SCOTLAND, m, N);
	scot.available[MC_POPULATION] = true;
	scot.count[MC_POPULATION] = 1012300;
	size_t secondary = measures_protect(m, N, &scot, status);
	assert_true(secondary > 0);

	/* Rebuild the published table the way measures_protect describes it and attack it:
	 * the statuses come from the protection, the equations from the same function. */
	size_t hidden = 0;
	for (int a = 0; a <= N; a++) {
		const struct measures *x = a < N ? &m[a] : &scot;
		for (int c = 0; c < MC_NCOUNTS; c++) {
			if (x->available[c] && c != MC_POPULATION && x->count[c] >= 1 && x->count[c] <= 4)
				assert_int_equal(status[a][c], SDC_PRIMARY);
			hidden += status[a][c] == SDC_PRIMARY || status[a][c] == SDC_SECONDARY;
		}
		for (size_t k = 0; k < measures_ncells; k++) {
			const struct measures_cell *cell = &measures_cells[k];
			int s = measures_cell_status(cell, status[a]);
			if (cell->den >= 0 && (status[a][cell->num] == SDC_MISSING || status[a][cell->den] == SDC_MISSING)) {
				assert_int_equal(s, SDC_MISSING); /* not available: no value either way */
				continue;
			}
			if (cell->den >= 0 &&
			    (status[a][cell->num] == SDC_PRIMARY || status[a][cell->den] == SDC_PRIMARY))
				assert_int_equal(s, SDC_PRIMARY);
			if (cell->den >= 0 &&
			    (status[a][cell->num] == SDC_SECONDARY || status[a][cell->den] == SDC_SECONDARY))
				assert_true(s == SDC_PRIMARY || s == SDC_SECONDARY);
		}
	}
	assert_true(hidden > 50);
	assert_int_equal(status[N][MC_POPULATION], SDC_PUBLIC);
	assert_int_equal(status[5][MC_RESTRAINTS], SDC_MISSING);
	assert_int_equal(status[N][MC_RESTRAINTS], SDC_MISSING); /* Scotland lacks one council's */

	/* The attack on the same table, built independently of measures_protect's result:
	 * every equation the published figures obey (rows and Scotland's columns). */
	struct sdc_table t;
	sdc_init(&t, (N + 1) * MC_NCOUNTS);
	for (int a = 0; a <= N; a++) {
		const struct measures *x = a < N ? &m[a] : &scot;
		for (int c = 0; c < MC_NCOUNTS; c++) {
			t.value[a * MC_NCOUNTS + c] = x->count[c];
			t.status[a * MC_NCOUNTS + c] = status[a][c];
		}
	}
	uint32_t parts[40];
	for (int a = 0; a <= N; a++) {
		uint32_t b = (uint32_t)(a * MC_NCOUNTS);
		for (int c = MC_MIX_HOME; c <= MC_MIX_NOT_KNOWN; c++)
			parts[c - MC_MIX_HOME] = b + (uint32_t)c;
		sdc_equation(&t, b + MC_LOOKED_AFTER, parts, 7, false);
		sdc_equation(&t, b + MC_LOOKED_AFTER, (const uint32_t[]){b + MC_PLACED, b + MC_MIX_NOT_KNOWN},
		             2, false);
		sdc_equation(
		    &t, b + MC_SIBLINGS,
		    (const uint32_t[]){b + MC_SIBLINGS_ALL, b + MC_SIBLINGS_SOME, b + MC_SIBLINGS_NONE}, 3,
		    false);
		sdc_equation(&t, b + MC_SCHOOL_CHANGES, (const uint32_t[]){b + MC_SCHOOL_WITH_MOVE}, 1, true);
		sdc_equation(&t, b + MC_CC_ELIGIBLE, (const uint32_t[]){b + MC_CC_TOOK_UP}, 1, true);
		sdc_equation(&t, b + MC_PLACED,
		             (const uint32_t[]){b + MC_OUTSIDE_COUNCIL, b + MC_OUTSIDE_SCOTLAND}, 2, true);
	}
	for (int c = 0; c < MC_NCOUNTS; c++) {
		if (c == MC_POPULATION)
			continue;
		for (int a = 0; a < N; a++)
			parts[a] = (uint32_t)(a * MC_NCOUNTS + c);
		sdc_equation(&t, (uint32_t)(N * MC_NCOUNTS + c), parts, N, false);
	}
	assert_int_equal(sdc_attack(&t, LO, HI), 0);
	/* And without the secondary cells, the same attack recovers cells. */
	for (size_t i = 0; i < t.ncells; i++)
		if (t.status[i] == SDC_SECONDARY)
			t.status[i] = SDC_PUBLISHED;
	assert_true(sdc_attack(&t, LO, HI) > 0);
	sdc_free(&t);
}


/* One council's counts, every one available but the population, all zero. */
static void blank(struct measures *m, const char *area)
{
	memset(m, 0, sizeof *m);
	snprintf(m->area, sizeof m->area, "%s", area);
	for (int c = 0; c < MC_NCOUNTS; c++)
		m->available[c] = true;
	m->available[MC_POPULATION] = false;
}

/* 2021 Shetland. 19 children looked after in the year, 15 on 31 July, 4 ceased:
 * every child looked after in the year but not on 31 July ceased in the year, so ceased
 * is at least 19 - 15 = 4, and a primary is at most 4: the hidden 4 is worked out unless
 * one of the three others is hidden too. */
static void test_ceased_from_the_year_and_the_census_day(void **state)
{
	struct measures m;
	blank(&m, "S12000027");
	long long *n = m.count;
	n[MC_MIX_KINSHIP] = 6;
	n[MC_MIX_FOSTER] = 9;
	n[MC_LOOKED_AFTER] = n[MC_PLACED] = 15;
	n[MC_LOOKED_AFTER_YEAR] = 19;
	n[MC_STARTED] = 7;
	n[MC_CEASED] = 4;
	n[MC_MOVES] = 11;
	n[MC_RESIDENTIAL_YEAR] = 0;
	unsigned char status[1][MC_NCOUNTS];
	measures_protect(&m, 1, NULL, status);
	assert_int_equal(status[0][MC_CEASED], SDC_PRIMARY);
	/* The attacker's lower bound for ceased, from the published cells. */
	bool both = status[0][MC_LOOKED_AFTER_YEAR] == SDC_PUBLISHED && status[0][MC_LOOKED_AFTER] == SDC_PUBLISHED;
	assert_false(both && n[MC_LOOKED_AFTER_YEAR] - n[MC_LOOKED_AFTER] >= n[MC_CEASED]);
}

/* Between two years: every child looked after in year Y started in Y or was looked after
 * on 31 July of Y-1. With 10 on 31 July of the year before (published) and 14 in the
 * year, at least 4 started: a hidden 4 is worked out unless the year hides more. The
 * year before's table is given (published already): its cells keep their statuses. */
static void test_started_from_the_year_before(void **state)
{
	struct measures prev, cur;
	blank(&prev, "S12000027");
	blank(&cur, "S12000027");
	prev.count[MC_MIX_FOSTER] = prev.count[MC_LOOKED_AFTER] = prev.count[MC_PLACED] = 10;
	prev.count[MC_LOOKED_AFTER_YEAR] = 16;
	prev.count[MC_STARTED] = 6;
	prev.count[MC_CEASED] = 6;
	cur.count[MC_MIX_FOSTER] = cur.count[MC_LOOKED_AFTER] = cur.count[MC_PLACED] = 8;
	cur.count[MC_LOOKED_AFTER_YEAR] = 14;
	cur.count[MC_STARTED] = 4;
	cur.count[MC_CEASED] = 6;
	struct measures_year before, y;
	measures_year_init(&before, 2024, &prev, 1, NULL);
	measures_year_protect(&before, NULL);
	assert_int_equal(before.status[0][MC_LOOKED_AFTER], SDC_PUBLISHED);
	measures_year_init(&y, 2025, &cur, 1, NULL);
	measures_year_protect(&y, &before);
	assert_int_equal(y.status[0][MC_STARTED], SDC_PRIMARY);
	assert_false(y.status[0][MC_LOOKED_AFTER_YEAR] == SDC_PUBLISHED &&
	             cur.count[MC_LOOKED_AFTER_YEAR] - prev.count[MC_LOOKED_AFTER] >= cur.count[MC_STARTED]);
	assert_int_equal(before.status[0][MC_LOOKED_AFTER], SDC_PUBLISHED); /* given, not changed */
	/* Alone, without the year before, the year needs no more than its primary. */
	unsigned char alone[1][MC_NCOUNTS];
	measures_protect(&cur, 1, NULL, alone);
	assert_int_equal(alone[0][MC_LOOKED_AFTER_YEAR], SDC_PUBLISHED);
	measures_year_free(&before);
	measures_year_free(&y);
}

/* The relations as data hold for every table the engine makes of real records: each is
 * checked in test_sdc_demo; here, that each names counts and ends. */
static void test_relations_table(void **state)
{
	assert_true(measures_nrelations >= 19);
	for (size_t r = 0; r < measures_nrelations; r++) {
		const struct measures_relation *q = &measures_relations[r];
		assert_non_null(q->words);
		assert_true(q->lhs[0].coef > 0 && q->rhs[0].coef > 0);
		for (int k = 0; k < 8 && q->lhs[k].coef; k++)
			assert_true(q->lhs[k].count >= 0 && q->lhs[k].count < MC_NCOUNTS && q->lhs[k].count != MC_POPULATION);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_row_difference), cmocka_unit_test(test_primaries_summing_to_two),
	    cmocka_unit_test(test_secondary_gap), cmocka_unit_test(test_multiple_of_a_part),  cmocka_unit_test(test_column_difference),
	    cmocka_unit_test(test_exhaustive),     cmocka_unit_test(test_measures_table),
	    cmocka_unit_test(test_ceased_from_the_year_and_the_census_day),
	    cmocka_unit_test(test_started_from_the_year_before), cmocka_unit_test(test_relations_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
