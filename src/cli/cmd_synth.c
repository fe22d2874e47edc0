/* keep synth: a synthetic dataset of care records (measures/synth.h). */
#include "cli/cli.h"

#include "measures/synth.h"

#include "base/date.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Reads s as a whole number from lo to hi (digits only: no sign, no spaces). */
static int number_parse(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
	uint64_t v = 0;
	if (!*s || strlen(s) > 20)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		unsigned d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* Makes dir, or checks that the directory it names is empty: synth never writes over
 * anything. */
static int out_prepare(const char *dir)
{
	if (mkdir(dir, 0777) == 0)
		return 0;
	if (errno != EEXIST)
		return cli_fail("synth", "%s: could not make the directory: %s", dir, strerror(errno));
	struct stat st;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return cli_fail("synth", "%s exists and is not a directory: give a new or an empty directory", dir);
	DIR *d = opendir(dir);
	if (!d)
		return cli_fail("synth", "%s: could not read the directory: %s", dir, strerror(errno));
	struct dirent *de;
	int empty = 1;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	if (!empty)
		return cli_fail("synth", "%s is not empty: give a new or an empty directory", dir);
	return 0;
}

/* Progress on a terminal: one line, rewritten when the percentage changes. */
static void show_progress(size_t done, size_t total, void *arg)
{
	int *last = arg;
	int pct = (int)(done * 100 / total);
	if (pct == *last)
		return;
	*last = pct;
	fprintf(stderr, "\rkeep synth: %3d%% of %zu children", pct, total);
	fflush(stderr);
}

int cmd_synth(int argc, char **argv)
{
	static const struct option opts[] = {
		{"children", required_argument, NULL, 'n'},
		{"councils", required_argument, NULL, 'k'},
		{"seed", required_argument, NULL, 's'},
		{"out", required_argument, NULL, 'o'},
		{"year", required_argument, NULL, 'y'},
		{"places", no_argument, NULL, 'p'},
		{"vacancy-date", required_argument, NULL, 'v'},
		{NULL, 0, NULL, 0},
	};
	const char *children = NULL, *councils = NULL, *seed = NULL, *out = NULL, *year = NULL, *vacancy = NULL;
	int places = 0;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'n': children = optarg; break;
		case 'k': councils = optarg; break;
		case 's': seed = optarg; break;
		case 'o': out = optarg; break;
		case 'y': year = optarg; break;
		case 'p': places = 1; break;
		case 'v': vacancy = optarg; break;
		case ':': return cli_usage_error("synth", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("synth", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("synth", "takes only options, not '%s'", argv[optind]);
	const char *missing = !children ? "--children"
	                      : !councils ? "--councils"
	                      : !seed     ? "--seed"
	                      : !out      ? "--out"
	                                  : NULL;
	if (missing)
		return cli_usage_error("synth", "%s is needed", missing);

	struct synth_options o = {0};
	uint64_t v;
	if (number_parse(children, 1, SYNTH_MAX_CHILDREN, &v) < 0)
		return cli_usage_error("synth", "--children must be a whole number from 1 to %ld, not '%s'",
		                       SYNTH_MAX_CHILDREN, children);
	o.children = (long)v;
	if (number_parse(councils, 1, SYNTH_MAX_COUNCILS, &v) < 0)
		return cli_usage_error("synth", "--councils must be a whole number from 1 to %d, not '%s'",
		                       SYNTH_MAX_COUNCILS, councils);
	o.councils = (int)v;
	if (number_parse(seed, 0, UINT64_MAX, &o.seed) < 0)
		return cli_usage_error("synth", "--seed must be a whole number from 0 to %" PRIu64 ", not '%s'",
		                       UINT64_MAX, seed);
	int latest = synth_latest_year();
	o.year = latest < 2025 ? latest : 2025;
	if (year) {
		if (number_parse(year, SYNTH_MIN_YEAR, (uint64_t)latest, &v) < 0)
			return cli_usage_error("synth",
			                       "--year must be a year from %d to %d (the last 31 July that has passed), "
			                       "not '%s'",
			                       SYNTH_MIN_YEAR, latest, year);
		o.year = (int)v;
	}
	o.places = places;
	if (vacancy) {
		struct kdate d;
		struct kerr de = {0};
		if (!places)
			return cli_usage_error("synth", "--vacancy-date goes with --places");
		if (date_parse(vacancy, &d, &de) < 0)
			return cli_usage_error("synth", "--vacancy-date must be a date YYYY-MM-DD, not '%s'", vacancy);
		o.vacancy_day = date_days(d);
	}
	if (!*out)
		return cli_usage_error("synth", "--out needs a directory");
	if (out_prepare(out) != 0)
		return EXIT_FAIL;

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int tty = isatty(STDERR_FILENO), last = -1;
	struct synth_counts n;
	struct kerr e = {0};
	int rc = synth_write(&o, out, tty ? show_progress : NULL, &last, &n, &e);
	if (tty)
		fputs("\r\033[K", stderr);
	if (rc < 0)
		return cli_fail("synth", "%s", e.msg);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	printf("Wrote %s: %d council%s to 31 July %d, seed %" PRIu64 ".\n", out, o.councils,
	       o.councils == 1 ? "" : "s", o.year, o.seed);
	printf("  %zu children, %zu episodes, %zu placements, %zu legal reasons, %zu sibling pairs,\n"
	       "  %zu school changes, %zu adoption breakdowns, %zu restraints.\n",
	       n.children, n.episodes, n.placements, n.legal, n.siblings, n.school_changes, n.adoption_breakdowns,
	       n.restraints);
	if (places)
		printf("  %zu services (%zu fostering services in Scotland, with %zu approved households),\n"
		       "  %zu vacancy returns, %zu cross-border placements, %zu requests (%zu sibling groups,\n"
		       "  %zu children). All made up.\n",
		       n.services, n.fostering, n.households, n.vacancies, n.crossborder, n.requests, n.sibling_groups,
		       n.request_children);
	printf("Took %ld.%02ld s.\n", ms / 1000, ms % 1000 / 10);
	return EXIT_OK;
}
