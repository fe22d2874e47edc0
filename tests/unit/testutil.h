/* Helpers shared by the unit tests (header-only: each test is its own program). */
#ifndef KEEP_TESTS_TESTUTIL_H
#define KEEP_TESTS_TESTUTIL_H
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Makes a new temporary directory "$TMPDIR/keep-test-NAME-XXXXXX" (or under /tmp) into
 * dir; -1 when it cannot. */
static inline int testutil_make_dir(char *dir, size_t n, const char *name)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, n, "%s/keep-test-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
	return mkdtemp(dir) ? 0 : -1;
}

/* Removes dir and the files in it (the tests' temporary directories hold no
 * subdirectories). */
static inline void testutil_remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *de;
		while ((de = readdir(d))) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			char p[PATH_MAX + 300];
			snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

#endif
