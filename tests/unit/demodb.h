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

static inline int demodb_teardown(void **state)
{
	struct demodb *f = *state;
	store_close(f->s);
	testutil_remove_dir(f->dir);
	free(f);
	return 0;
}

#endif
