/* Allocation that never returns NULL: running out of memory aborts with a message,
 * because no caller in keep can do anything better (as redis' zmalloc does). */
#ifndef KEEP_BASE_MEM_H
#define KEEP_BASE_MEM_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
