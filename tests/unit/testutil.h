/* Helpers shared by the unit tests (header-only: each test is its own program). */
#ifndef KEEP_TESTS_TESTUTIL_H
#define KEEP_TESTS_TESTUTIL_H
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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
