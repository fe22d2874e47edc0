/* Importing records from CSV files (issue 3): everything is checked before anything is
 * written, then all of it is written in one transaction, each change audited. Rows are
 * matched on their id, so importing the same file again changes nothing. */
#ifndef KEEP_PLAN_IMPORT_H
#define KEEP_PLAN_IMPORT_H
#include <jansson.h>
#include <stddef.h>

#include "base/kerr.h"
#include "store/store.h"

#define IMPORT_MAX_ERRORS 100

struct import_result {
	size_t rows, created, changed, unchanged;
};

/* Called now and then with how far through the file the import is (bytes of total)
 * and which pass ("checking" or "writing"). */
typedef void (*import_progress)(const char *pass, size_t done, size_t total, void *arg);

/* Imports commitments from the CSV text data[0..len) (named name in messages). The
 * header row names the columns: id, organisation and text are required; action, due,
 * due_text, status and source may be given (a column left out leaves what is stored
 * as it is); created and updated (as `keep export` writes them) are ignored. On problems, returns -1 having written nothing, with errors
 * (an array, appended to) holding "NAME:LINE:COLUMN: what is wrong" for each, at most
 * IMPORT_MAX_ERRORS, then one line saying how many more. e says what failed. */
int import_commitments(struct store *s, const char *name, const char *data, size_t len, const char *actor,
                       import_progress progress, void *arg, struct import_result *out, json_t *errors,
                       struct kerr *e);

#endif
