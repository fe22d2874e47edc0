/* A whole file's bytes, for the readers that take (bytes, length): the care records'
 * files, the CSV imports. The file is mapped read only and its pages read in at once
 * (MAP_POPULATE): no copy into the heap, and no page fault per page as a reader walks
 * it (each costs dearly on a virtual machine). The bytes are not NUL-terminated. */
#ifndef KEEP_BASE_FILE_H
#define KEEP_BASE_FILE_H
#include <stddef.h>

#include "base/kerr.h"

struct file_map {
	const char *p; /* "" for an empty file */
	size_t len;
};

/* Maps path into m: 1; 0 when there is no such file (e untouched); -1 with e ("PATH:
 * reason": a directory is "a directory, not a file", any other non-file "not a file keep
 * can read") otherwise.
 * m is empty unless 1. The caller owns the mapping: file_unmap it. */
int file_map(const char *path, struct file_map *m, struct kerr *e);

/* Unmaps m (an empty one too) and leaves it empty. */
void file_unmap(struct file_map *m);

#endif
