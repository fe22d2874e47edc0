/* The demo's published measures attacked: keep synth's records as
 * scripts/demo-records makes them (60,000 children in 32 councils, seed 2020, to 2025)
 * imported into a database, the tables of 2021 to 2025 as keep publishes them
 * (measures_table), and an attacker written here, independent of sdc.c, who knows every
 * published cell of the five years and the relations that follow from the measures'
 * definitions (docs/measures.md, "What an attacker knows": within a year, and between a
 * year and the one before), and narrows each hidden count to an interval by iterated
 * interval tightening. No count of 1 to 4 may be pinned to one value. The attacker is
 * shown to work: with the secondary cells published it pins counts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/file.h"
#include "demodb.h"
#include "measures/measures.h"
#include "measures/sdc.h"
#include "measures/synth.h"

enum { FIRST = 2021, LAST = 2025, NY = LAST - FIRST + 1, NC = 32, NA = NC + 1 };
#define BIG (1LL << 40)

/* Cell of year index y, area a (NC: Scotland), count c. */
#define CELL(y, a, c) (((size_t)(y)*NA + (size_t)(a)) * MC_NCOUNTS + (size_t)(c))
enum { NCELLS = NY * NA * MC_NCOUNTS };

static long long value[NCELLS], lo[NCELLS], hi[NCELLS];
static unsigned char status[NCELLS]; /* 0 published, 1 primary, 2 secondary, 3 missing */

/* The relations, written from docs/measures.md: sum coef x count (year 0, or -1: the
 * year before) <= 0, or = 0. */
struct term {
	int coef, count, year;
};
struct rel {
	bool exact;
	struct term t[9];
};
static const struct rel rels[] = {
    {true,
     {{1, MC_MIX_HOME, 0},
      {1, MC_MIX_KINSHIP, 0},
      {1, MC_MIX_FOSTER, 0},
      {1, MC_MIX_ADOPTERS, 0},
      {1, MC_MIX_COMMUNITY, 0},
      {1, MC_MIX_RESIDENTIAL, 0},
      {1, MC_MIX_NOT_KNOWN, 0},
      {-1, MC_LOOKED_AFTER, 0}}},
    {true, {{1, MC_PLACED, 0}, {1, MC_MIX_NOT_KNOWN, 0}, {-1, MC_LOOKED_AFTER, 0}}},
    {true,
     {{1, MC_SIBLINGS_ALL, 0}, {1, MC_SIBLINGS_SOME, 0}, {1, MC_SIBLINGS_NONE, 0}, {-1, MC_SIBLINGS, 0}}},
    {false, {{1, MC_SIBLINGS, 0}, {-1, MC_LOOKED_AFTER, 0}}},
    {false, {{1, MC_OUTSIDE_COUNCIL, 0}, {1, MC_OUTSIDE_SCOTLAND, 0}, {-1, MC_PLACED, 0}}},
    {false, {{1, MC_LOOKED_AFTER, 0}, {-1, MC_LOOKED_AFTER_YEAR, 0}}},
    {false, {{1, MC_STARTED, 0}, {-1, MC_LOOKED_AFTER_YEAR, 0}}},
    {false, {{1, MC_CEASED, 0}, {-1, MC_LOOKED_AFTER_YEAR, 0}}},
    /* in the year but not on 31 July: ceased */
    {false, {{1, MC_LOOKED_AFTER_YEAR, 0}, {-1, MC_LOOKED_AFTER, 0}, {-1, MC_CEASED, 0}}},
    /* in the year: started, or looked after on 31 July the year before */
    {false, {{1, MC_LOOKED_AFTER_YEAR, 0}, {-1, MC_STARTED, 0}, {-1, MC_LOOKED_AFTER, -1}}},
    /* on 31 July the year before: in the year, or ceased on that day */
    {false, {{1, MC_LOOKED_AFTER, -1}, {-1, MC_LOOKED_AFTER_YEAR, 0}, {-1, MC_CEASED, -1}}},
    {false, {{3, MC_MOVES_3, 0}, {-1, MC_MOVES, 0}}},
    {false, {{1, MC_MOVES_3, 0}, {-1, MC_LOOKED_AFTER_YEAR, 0}}},
    {false, {{1, MC_SCHOOL_WITH_MOVE, 0}, {-1, MC_SCHOOL_CHANGES, 0}}},
    {false, {{1, MC_SECURE_16_17, 0}, {-1, MC_RESIDENTIAL_YEAR, 0}}},
    {false, {{1, MC_YOI_16_17, 0}, {-1, MC_LOOKED_AFTER_YEAR, 0}}},
    {false, {{1, MC_RESIDENTIAL_YEAR, 0}, {-1, MC_LOOKED_AFTER_YEAR, 0}}},
    {false, {{1, MC_CC_ELIGIBLE, 0}, {-1, MC_CEASED, 0}}},
    {false, {{1, MC_CC_TOOK_UP, 0}, {-1, MC_CC_ELIGIBLE, 0}}},
};

/* One relation instance: cells and coefficients. */
struct inst {
	bool exact;
	int n;
	size_t cell[40];
	long long coef[40];
};
static struct inst *insts;
static size_t ninsts;

static void add(bool exact, int n, const size_t *cell, const long long *coef)
{
	for (int k = 0; k < n; k++)
		if (status[cell[k]] == 3)
			return;
	insts = realloc(insts, (ninsts + 1) * sizeof *insts);
	struct inst *q = &insts[ninsts++];
	q->exact = exact;
	q->n = n;
	memcpy(q->cell, cell, (size_t)n * sizeof *cell);
	memcpy(q->coef, coef, (size_t)n * sizeof *coef);
}

static void relations(void)
{
	ninsts = 0;
	for (int y = 0; y < NY; y++) {
		for (int a = 0; a < NA; a++)
			for (size_t r = 0; r < sizeof rels / sizeof rels[0]; r++) {
				size_t cell[9];
				long long coef[9];
				int n = 0;
				bool ok = true;
				for (int k = 0; k < 9 && rels[r].t[k].coef; k++) {
					int yy = y + rels[r].t[k].year;
					ok &= yy >= 0;
					cell[n] = ok ? CELL(yy, a, rels[r].t[k].count) : 0;
					coef[n++] = rels[r].t[k].coef;
				}
				if (ok)
					add(rels[r].exact, n, cell, coef);
			}
		for (int c = 0; c < MC_NCOUNTS; c++) {
			if (c == MC_POPULATION)
				continue;
			size_t cell[NA];
			long long coef[NA];
			for (int a = 0; a < NC; a++) {
				cell[a] = CELL(y, a, c);
				coef[a] = 1;
			}
			cell[NC] = CELL(y, NC, c);
			coef[NC] = -1;
			add(true, NA, cell, coef);
		}
	}
}

/* The values a hidden cell cannot take: a primary is 1 to 4, a secondary 0 or 5 or more,
 * the children with a brother or sister looked after 0 or 2 or more. */
static void gap(size_t i)
{
	long long from = status[i] == 2 ? 5 : i % MC_NCOUNTS == MC_SIBLINGS ? 2 : 1;
	if (lo[i] >= 1 && lo[i] < from)
		lo[i] = from;
	if (hi[i] >= 1 && hi[i] < from)
		hi[i] = 0;
}

static bool side(const struct inst *q, long long s)
{
	long long min = 0;
	int inf = 0;
	for (int k = 0; k < q->n; k++) {
		long long a = s * q->coef[k];
		size_t c = q->cell[k];
		if (a > 0)
			min += a * lo[c];
		else if (hi[c] >= BIG)
			inf++;
		else
			min += a * hi[c];
	}
	bool moved = false;
	for (int k = 0; k < q->n; k++) {
		long long a = s * q->coef[k];
		size_t c = q->cell[k];
		if (a > 0 && !inf) {
			long long rest = min - a * lo[c];
			long long v = -rest >= 0 ? -rest / a : -((rest + a - 1) / a);
			if (v < hi[c]) {
				hi[c] = v;
				moved = true;
			}
		} else if (a < 0) {
			bool mine = hi[c] >= BIG;
			if (inf - mine)
				continue;
			long long rest = mine ? min : min - a * hi[c];
			long long v = rest >= 0 ? (rest + -a - 1) / -a : -(-rest / -a);
			if (v > lo[c]) {
				lo[c] = v;
				moved = true;
			}
		}
		gap(c);
	}
	return moved;
}

/* How many primary cells the attack pins. */
static int attack(void)
{
	for (size_t i = 0; i < NCELLS; i++) {
		if (status[i] == 0) {
			lo[i] = hi[i] = value[i];
		} else if (status[i] == 1) {
			lo[i] = 1;
			hi[i] = 4;
		} else {
			lo[i] = 0;
			hi[i] = BIG;
		}
		gap(i);
	}
	for (bool moved = true; moved;) {
		moved = false;
		for (size_t r = 0; r < ninsts; r++) {
			moved |= side(&insts[r], 1);
			if (insts[r].exact)
				moved |= side(&insts[r], -1);
		}
	}
	int pinned = 0;
	for (size_t i = 0; i < NCELLS; i++) {
		if (status[i] == 1 || status[i] == 2)
			assert_true(lo[i] <= value[i] && value[i] <= hi[i]); /* never wrong */
		if (status[i] == 1 && lo[i] == hi[i]) {
			print_message("pinned: %d area %zu count %zu = %lld\n",
			              FIRST + (int)(i / (NA * MC_NCOUNTS)), i / MC_NCOUNTS % NA,
			              i % MC_NCOUNTS, value[i]);
			pinned++;
		}
	}
	return pinned;
}

/* The count a shown cell's key names, or -1 (a share or rate). */
static int count_of(const char *key)
{
	for (size_t k = 0; k < measures_ncells; k++)
		if (measures_cells[k].den < 0 && strcmp(measures_cells[k].key, key) == 0)
			return measures_cells[k].num;
	return -1;
}

/* measures_tables: each table, by year. */
static int keep_table(json_t *table, void *arg, struct kerr *e)
{
	(void)e;
	char year[16];
	snprintf(year, sizeof year, "%d", (int)json_integer_value(json_object_get(table, "year")));
	json_object_set(arg, year, table);
	return 0;
}

static void test_demo_attacked(void **state)
{
	struct demodb *f = *state;
	char dir[PATH_MAX + 32];
	snprintf(dir, sizeof dir, "%s/records", f->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	struct synth_options o = {.children = 60000, .councils = NC, .seed = 2020, .year = LAST};
	assert_int_equal(synth_write(&o, dir, NULL, NULL, NULL, &f->e), 0);
	unsigned char key[SECRET_KEY_LEN];
	for (size_t i = 0; i < sizeof key; i++)
		key[i] = (unsigned char)(i * 5 + 3);

	/* Each council's files, imported, and their true counts for each year. */
	static struct measures m[NY][NC];
	json_t *areas = store_resource_all(f->s, "council-areas", &f->e);
	assert_int_equal(json_array_size(areas), NC);
	for (int a = 0; a < NC; a++) {
		const char *code = json_string_value(json_object_get(json_array_get(areas, (size_t)a), "id"));
		struct file_map data[RECORDS_NFILES] = {{0}};
		struct records_input in[RECORDS_NFILES];
		char path[RECORDS_NFILES][PATH_MAX + 64];
		size_t n = 0;
		for (int k = 0; k < RECORDS_NFILES; k++) {
			snprintf(path[n], sizeof path[n], "%s/%s/%s", dir, code, records_file_names[k]);
			if (file_map(path[n], &data[n], &f->e) == 1) {
				in[n] = (struct records_input){(enum records_file)k, path[n], data[n].p,
				                               data[n].len};
				n++;
			}
		}
		struct records b;
		records_init(&b, code, LAST);
		json_t *problems = json_array();
		assert_int_equal(records_read_native(&b, in, n, dir, NULL, NULL, problems, &f->e), 0);
		json_decref(problems);
		for (int y = 0; y < NY; y++)
			measures_compute(&b, FIRST + y, &m[y][a]);
		assert_int_equal(records_save(f->s, &b, key, "tester", NULL, NULL, NULL, &f->e), 0);
		records_free(&b);
		for (size_t k = 0; k < n; k++)
			file_unmap(&data[k]);
	}
	json_decref(areas);

	/* The five published tables, as an import stores them (one walk for the five years:
	 * test_measures shows its tables are measures_table's, byte for byte). */
	json_t *tables = json_object();
	int years[NY];
	for (int y = 0; y < NY; y++)
		years[y] = FIRST + y;
	assert_int_equal(measures_tables(f->s, years, NY, keep_table, tables, &f->e), 0);
	for (int y = 0; y < NY; y++) {
		struct measures scot;
		measures_sum(&scot, MEASURES_SCOTLAND, m[y], NC);
		char year[16];
		snprintf(year, sizeof year, "%d", FIRST + y);
		json_t *t = json_incref(json_object_get(tables, year));
		assert_non_null(t);
		json_t *rows = json_object_get(t, "areas");
		assert_int_equal(json_array_size(rows), NA);
		for (int a = 0; a < NA; a++) {
			const struct measures *x = a < NC ? &m[y][a] : &scot;
			json_t *row = json_array_get(rows, (size_t)a);
			assert_string_equal(json_string_value(json_object_get(row, "area")), x->area);
			size_t k;
			json_t *c;
			json_array_foreach(json_object_get(row, "cells"), k, c)
			{
				int n = count_of(json_string_value(json_object_get(c, "key")));
				if (n < 0)
					continue;
				const char *st = json_string_value(json_object_get(c, "status"));
				size_t i = CELL(y, a, n);
				value[i] = x->count[n];
				status[i] = strcmp(st, "primary") == 0     ? 1
				            : strcmp(st, "secondary") == 0 ? 2
				            : strcmp(st, "published") == 0 ? 0
				                                           : 3;
				if (status[i] == 0 && n != MC_POPULATION)
					assert_int_equal(
					    atoll(json_string_value(json_object_get(c, "value"))), value[i]);
				if (n == MC_POPULATION && status[i] == 0)
					value[i] = atoll(json_string_value(json_object_get(c, "value")));
			}
		}
		json_decref(t);
	}
	json_decref(tables);
	relations();
	int primaries = 0;
	for (size_t i = 0; i < NCELLS; i++)
		primaries += status[i] == 1;
	assert_true(primaries > 100);
	assert_int_equal(attack(), 0);
	/* And keep's own attack (sdc_attack: the bounds, and elimination over the exact
	 * relations) on the five years at once, with the relations above. */
	struct sdc_table t;
	sdc_init(&t, NCELLS);
	for (size_t i = 0; i < NCELLS; i++) {
		t.value[i] = value[i];
		t.status[i] = status[i] == 1   ? SDC_PRIMARY
		              : status[i] == 2 ? SDC_SECONDARY
		              : status[i] == 3 ? SDC_MISSING
		                               : SDC_PUBLISHED;
		t.fixed[i] = 1; /* only the primaries count */
		t.least[i] = i % MC_NCOUNTS == MC_SIBLINGS ? 2 : 1;
	}
	for (size_t r = 0; r < ninsts; r++) {
		uint32_t cells[40];
		int coefs[40];
		for (int k = 0; k < insts[r].n; k++) {
			cells[k] = (uint32_t)insts[r].cell[k];
			coefs[k] = (int)insts[r].coef[k];
		}
		sdc_relation(&t, insts[r].exact, cells, coefs, (uint32_t)insts[r].n);
	}
	assert_int_equal(t.nrel, ninsts); /* the true counts obey every relation */
	static long long LO[NCELLS], HI[NCELLS];
	assert_int_equal(sdc_attack(&t, LO, HI), 0);
	sdc_free(&t);
	/* The attacker is no straw man: with the secondary cells shown, it pins counts. */
	for (size_t i = 0; i < NCELLS; i++)
		if (status[i] == 2)
			status[i] = 0;
	assert_true(attack() > 0);
	free(insts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_demo_attacked, demodb_setup, demodb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
