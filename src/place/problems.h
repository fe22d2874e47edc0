/* The problems of a file being read (service.c, service_ci.c): each "NAME:LINE:COLUMN:
 * what", at most PLACE_MAX_PROBLEMS of them listed, the first also in e, every message
 * kept UTF-8 (a quotation cut short may end inside a character). */
#ifndef KEEP_PLACE_PROBLEMS_H
#define KEEP_PLACE_PROBLEMS_H

#include <stddef.h>

#include <jansson.h>

#include "base/kerr.h"

struct place_problems {
	const char *name;
	json_t *list;
	size_t count;
	struct kerr *e;
};
/* A problem whose message already says where. */
void place_problem_raw(struct place_problems *p, const char *msg);
/* A problem at line and column of the file (column 0: the line only). */
void place_problem(struct place_problems *p, size_t line, size_t column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
