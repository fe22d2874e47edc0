/* Where each value of a JSON text is: jansson keeps no positions, so a message about a
 * value that parsed but is wrong (an unknown foundation, a date outside its plan) finds
 * its line and column here. The index is a scan of the text that maps the path of each
 * value (and of each object member's key) to its line and column.
 *
 * A path names a value from the top: "" is the top value, "plans[0]" the first element
 * of the top object's "plans", "plans[0].priorities[2].slug" a member. A key holding
 * '.', '[', ']' or '\\' has each such character preceded by '\\' in a path, so that a
 * path names one value only (a NUL in a key is written as '\\' and '0', and an empty key
 * as '\\' and 'e'); build paths with
 * jsonpos_path_key and jsonpos_path_index.
 *
 * Lines and columns are 1-based, columns counted in characters (UTF-8), as jansson's
 * own messages and keep's CSV reader count them. The scan is meant for text jansson
 * accepted; on anything else it indexes what it read up to the first thing that is not
 * JSON and stops (never reads past len). */
#ifndef KEEP_BASE_JSONPOS_H
#define KEEP_BASE_JSONPOS_H
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

struct jsonpos;

/* The index of data[0..len). Never NULL. */
struct jsonpos *jsonpos_index(const char *data, size_t len);
void jsonpos_free(struct jsonpos *x);
/* An empty index, for a reader of another format that builds the same JSON (a CSV
 * file's rows made into a plan) and says where each value came from with jsonpos_set:
 * the value at path is at line and column (its key, if any, too). */
struct jsonpos *jsonpos_new(void);
void jsonpos_set(struct jsonpos *x, const char *path, size_t line, size_t column);

/* Where the value at path starts (its first character: '{', '[', '"', a digit...):
 * true with *line and *column set, or false when path names no value. */
bool jsonpos_value(const struct jsonpos *x, const char *path, size_t *line, size_t *column);
/* Where the key of the object member at path starts (its opening quote); false for a
 * path that is not an object member. */
bool jsonpos_key(const struct jsonpos *x, const char *path, size_t *line, size_t *column);
/* How many values the index holds. */
size_t jsonpos_count(const struct jsonpos *x);

/* Appends to path (a path, possibly empty) the member key[0..n): ".key", or "key" when
 * path is empty, with '.', '[', ']', '\\' and NUL escaped and an empty key written "\\e". */
void jsonpos_path_key(struct buf *path, const char *key, size_t n);
/* Appends "[i]" to path. */
void jsonpos_path_index(struct buf *path, size_t i);

#endif
