/* Files built into the binary by tools/embed.c (data/, templates/, static/). */
#ifndef KEEP_BASE_EMBED_H
#define KEEP_BASE_EMBED_H
#include <stddef.h>

struct embedded_file {
	const char *name; /* path relative to the source root, "data/plan.json" */
	const unsigned char *data; /* NUL-terminated for convenience; len excludes it */
	size_t len;
};

/* Terminated by an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];

/* The file called name, or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif
