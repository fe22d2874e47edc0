/* bench/money: the projection's speed, through keep's own engine
 * (money_counts_add, money_project) linked from the release build's libkeepcore.a.
 *
 *   project_bench DIR ROUNDS
 *
 * DIR holds one directory of native CSV files per council (keep synth's --out). Each
 * council's children, episodes and placements are read and checked with the native
 * reader and counted over its default reference period (not timed: that is part (a) of
 * the run); then, ROUNDS times each:
 *   all: every council's projection, 1,000 draws, monthly to March 2030, one after the
 *        other on one thread (goal: under 1 s);
 *   one: the largest council's projection alone (goal: under 20 ms).
 * Prints one line per measure, "all SECONDS" and "one SECONDS" (the medians), and
 * "months N", "councils N". Exits 0 whatever the timings, 1 when it cannot measure, 2 on
 * a usage error. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/file.h"
#include "base/mem.h"
#include "money/money.h"

#define MAX_COUNCILS 32

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Reads council's three files under dir/council into b. */
static int read_council(const char *dir, const char *council, int year, struct records *b)
{
	static const enum records_file wanted[] = {RECORDS_CHILDREN, RECORDS_EPISODES, RECORDS_PLACEMENTS};
	struct file_map data[3] = {{0}};
	char *paths[3] = {0};
	struct records_input in[3];
	struct kerr e = {0};
	struct buf prefix = {0};
	buf_printf(&prefix, "%s/%s/", dir, council);
	records_init(b, council, year);
	int rc = -1;
	for (int k = 0; k < 3; k++) {
		struct buf p = {0};
		buf_printf(&p, "%s%s", buf_str(&prefix), records_file_names[wanted[k]]);
		if (file_map(buf_str(&p), &data[k], &e) != 1) {
			fprintf(stderr, "project_bench: %s: %s\n", buf_str(&p), e.msg[0] ? e.msg : "missing");
			buf_free(&p);
			goto done;
		}
		paths[k] = xstrdup(buf_str(&p));
		in[k] = (struct records_input){wanted[k], paths[k], data[k].p, data[k].len};
		buf_free(&p);
	}
	json_t *problems = json_array();
	rc = records_read_native(b, in, 3, buf_str(&prefix), NULL, NULL, problems, &e);
	if (rc < 0)
		fprintf(stderr, "project_bench: %s: %s\n", council, e.msg);
	json_decref(problems);
done:
	for (int k = 0; k < 3; k++) {
		free(paths[k]);
		file_unmap(&data[k]);
	}
	buf_free(&prefix);
	return rc < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: project_bench DIR YEAR ROUNDS\n");
		return 2;
	}
	const char *dir = argv[1];
	int year = atoi(argv[2]), rounds = atoi(argv[3]);
	if (year < 1901 || rounds < 1 || rounds > 999) {
		fprintf(stderr, "project_bench: YEAR and ROUNDS (1 to 999) are whole numbers\n");
		return 2;
	}
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "project_bench: cannot open %s\n", dir);
		return 1;
	}
	char names[MAX_COUNCILS][16];
	int n = 0;
	struct dirent *ent;
	while ((ent = readdir(d)) && n < MAX_COUNCILS)
		if (ent->d_name[0] == 'S' && strlen(ent->d_name) == 9)
			snprintf(names[n++], sizeof names[0], "%s", ent->d_name);
	closedir(d);
	if (!n) {
		fprintf(stderr, "project_bench: no council directories in %s\n", dir);
		return 1;
	}
	struct money_counts *counts = xcalloc((size_t)n, sizeof *counts);
	int largest = 0;
	for (int i = 0; i < n; i++) {
		struct records b;
		struct kerr e = {0};
		if (read_council(dir, names[i], year, &b) < 0) {
			records_free(&b);
			return 1;
		}
		int32_t from, to;
		money_default_period(&b, &from, &to);
		money_counts_zero(&counts[i], from, to);
		if (money_counts_add(&counts[i], &b, &e) < 0) {
			fprintf(stderr, "project_bench: %s: %s\n", names[i], e.msg);
			records_free(&b);
			return 1;
		}
		records_free(&b);
		if (counts[i].children > counts[largest].children)
			largest = i;
	}
	struct money_options o = {0};
	o.start = counts[0].to + 1;
	o.months = money_months_to_2030(o.start);
	o.draws = 1000;
	o.seed = 7;
	o.price_year = -1;
	for (int t = 0; t < MONEY_NTYPES; t++)
		o.weekly_cost[t] = 1000; /* a price for every type: the cost is worked out in full */
	double *all = xcalloc((size_t)rounds, sizeof *all), *one = xcalloc((size_t)rounds, sizeof *one);
	for (int r = 0; r < rounds; r++) {
		struct kerr e = {0};
		double t0 = now();
		for (int i = 0; i < n; i++) {
			struct money_projection p;
			o.start = counts[i].to + 1;
			o.months = money_months_to_2030(o.start);
			if (money_project(&counts[i], &o, NULL, &p, &e) < 0) {
				fprintf(stderr, "project_bench: %s: %s\n", names[i], e.msg);
				return 1;
			}
			money_projection_free(&p);
		}
		all[r] = now() - t0;
		struct money_projection p;
		o.start = counts[largest].to + 1;
		o.months = money_months_to_2030(o.start);
		t0 = now();
		if (money_project(&counts[largest], &o, NULL, &p, &e) < 0) {
			fprintf(stderr, "project_bench: %s: %s\n", names[largest], e.msg);
			return 1;
		}
		one[r] = now() - t0;
		money_projection_free(&p);
	}
	printf("councils %d\nmonths %d\nlargest %s %zu\nall %.6f\none %.6f\n", n, o.months, names[largest],
	       counts[largest].children, median(all, rounds), median(one, rounds));
	free(all);
	free(one);
	free(counts);
	return 0;
}
