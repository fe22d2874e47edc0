/* Synthetic care records (issue 5, item 8): a made-up but plausible dataset in keep's
 * native format (docs/data-spec.md), for demonstrations, tests and benchmarks. No real
 * child is in it. The same options give the same bytes on every machine: the generator
 * has its own pseudo-random generator and works in whole numbers only (days, counts,
 * weights per thousand), never floating point or libc's rand. The calibration to the
 * published figures of ../shared/reference/FACTS.md is written at the top of synth.c
 * and in docs/data-spec.md, "Synthetic data". */
#ifndef KEEP_MEASURES_SYNTH_H
#define KEEP_MEASURES_SYNTH_H
#include <stddef.h>
#include <stdint.h>

#include "base/kerr.h"

#define SYNTH_MAX_CHILDREN 5000000L
#define SYNTH_MAX_COUNCILS 32
#define SYNTH_MIN_YEAR 2000

struct synth_options {
	long children;  /* 1..SYNTH_MAX_CHILDREN */
	int councils;   /* 1..SYNTH_MAX_COUNCILS: the largest councils first */
	uint64_t seed;
	int year;       /* the return year that ends on 31 July `year`: no date is later */
	/* --places: also services.csv, vacancies.csv, crossborder.csv and requests.csv in the
	 * directory itself, and the placements' service and sector columns (docs/places.md
	 * "Synthetic services, vacancies and requests"). */
	int places;
	long vacancy_day; /* the day (base/date.h) of the latest vacancy returns; 0: 31 July of year */
};

/* How many rows of each file were written. */
struct synth_counts {
	size_t children, episodes, placements, legal, siblings, school_changes, adoption_breakdowns, restraints;
	/* With places: services (of them fostering services, and their approved households),
	 * vacancy returns, cross-border placements, requests (of them sibling groups) and the
	 * children in them. */
	size_t services, fostering, households, vacancies, crossborder, requests, sibling_groups, request_children;
};

/* The files of one council's directory, in the order synth writes them, with the
 * exact header row of each (docs/data-spec.md). NULL-terminated. */
struct synth_file {
	const char *name;
	const char *header;
};
extern const struct synth_file synth_files[];
/* With places: the files written into the directory itself, and placements.csv's header
 * then (with service and sector). NULL-terminated. */
extern const struct synth_file synth_place_files[];
extern const char synth_placements_header_places[];

/* Called after each family with the children made so far of the total. */
typedef void (*synth_progress)(size_t done, size_t total, void *arg);

/* The last return year whose 31 July is not after today (date_today: KEEP_TODAY counts),
 * so that no synthetic date is in the future. */
int synth_latest_year(void);

/* Writes a dataset for o into the directory dir, which must exist and be empty: one
 * sub-directory per council, named by its GSS code (data/council-areas.csv), holding
 * every file of synth_files, so that each can be imported on its own with
 * `keep import records DIR/CODE --council CODE --year YEAR`. Children come in families
 * (a child alone, or brothers and sisters in care together in one council) spread
 * over the o->councils councils by synth.c's weights. counts (may be NULL) gets the
 * rows written. Returns 0, or -1 with e saying what failed (options out of range, a
 * file that could not be written); on failure the files written so far are left. */
int synth_write(const struct synth_options *o, const char *dir, synth_progress progress, void *arg,
                struct synth_counts *counts, struct kerr *e);

#endif
