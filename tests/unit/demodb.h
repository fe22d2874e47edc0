/* A fixture for unit tests that need a database with the Plan and the demo dataset:
 * demodb_setup makes one in a temporary directory, demodb_teardown removes it. */
#ifndef KEEP_TESTS_DEMODB_H
#define KEEP_TESTS_DEMODB_H
#include "testutil.h"

#include "base/kerr.h"
#include "plan/plan.h"
#include "store/store.h"

struct demodb {
	char dir[PATH_MAX];
	char path[PATH_MAX + 16];
	struct store *s;
	struct kerr e;
};

static inline int demodb_setup(void **state)
{
	struct demodb *f = calloc(1, sizeof *f);
	if (!f || testutil_make_dir(f->dir, sizeof f->dir, "demodb") < 0) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/keep.db", f->dir);
	*state = f;
	f->s = store_open(f->path, STORE_CREATE, &f->e);
	if (!f->s || plan_content_load(f->s, true, &f->e) < 0) {
		fprintf(stderr, "setup: %s\n", f->e.msg);
		return -1;
	}
	return 0;
}

/* The figures `keep measures --publish` gives the demo's targets from the demo's care
 * records (scripts/demo-records: keep synth --seed 2020 --year 2025), written as it
 * writes them: the demo after `make run`, without making the records. */
static inline int demodb_measures(struct demodb *f)
{
	static const struct {
		const char *indicator, *area, *values[5];
	} figs[] = {
	    {"measure-looked-after", "S92000003", {"12203", "12252", "12144", "12102", "12073"}},
	    {"measure-continuing-care-share", "S92000003", {"30", "32", "33", "35", "35"}},
	    {"measure-siblings-all-share", "S92000003", {"41", "42", "42", "42", "41"}},
	    {"measure-siblings-all-share", "S12000005", {"47", "53", "46", "43", "44"}},
	    {"measure-restraint-rate", "S92000003", {"61.6", "63.7", "61.2", "62.9", "63.7"}},
	};
	if (store_begin(f->s, &f->e) < 0)
		return -1;
	for (size_t i = 0; i < sizeof figs / sizeof figs[0]; i++)
		for (int y = 0; y < 5; y++) {
			char period[16];
			snprintf(period, sizeof period, "%d-07-31", 2021 + y);
			if (store_measure_observation(f->s, figs[i].indicator, figs[i].area, period, figs[i].values[y],
			                              "keep measures (demo)", &f->e) < 0) {
				store_rollback(f->s);
				return -1;
			}
		}
	return store_commit(f->s, &f->e);
}

static inline int demodb_teardown(void **state)
{
	struct demodb *f = *state;
	store_close(f->s);
	testutil_remove_dir(f->dir);
	free(f);
	return 0;
}

#endif
