/* `keep import plan FILE`: a whole plan (its phases, its priority areas or
 * foundation groups, its actions or route maps and their milestones) from a JSON file
 * in data/plan.json's shape or a CSV file of one row per element (docs/plan-format.md).
 * Everything is read and checked (the rules of plan/planrules.h, the same the forms and
 * the API use) before anything is written; a problem is "FILE:LINE:COLUMN: message",
 * where LINE and COLUMN are those of the offending value in either format. Then it is
 * all written in one transaction with one audit record per plan, or nothing is. */
#ifndef KEEP_PLAN_PLANIMPORT_H
#define KEEP_PLAN_PLANIMPORT_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/jsonpos.h"
#include "base/kerr.h"
#include "store/store.h"

#define PLAN_IMPORT_MAX_PROBLEMS 100

enum plan_format { PLAN_FORMAT_GUESS, PLAN_FORMAT_JSON, PLAN_FORMAT_CSV };

/* A plan file read: plans is an array of plan objects in data/plan.json's shape (each
 * with phases, priorities, their actions and each action's timeline); pos says where in
 * the file each value of {"plans": plans} came from (paths "plans[0].priorities[1]..."). */
struct plan_file {
	const char *name;
	json_t *plans;
	struct jsonpos *pos;
	/* JSON: where the plans are in the file's own paths: "plans[N]" when the file is
	 * {"plans": [...]}, "" when it is one plan (then only plans[0]). */
	bool single;
	/* Problems: the first PLAN_IMPORT_MAX_PROBLEMS as messages, all of them counted. */
	json_t *problems;
	size_t nproblems;
	/* CSV: the item rows whose parent is no group of the file, [{parent, line, column}]
	 * (not yet problems: plan_import says whether the parent is another plan's). */
	json_t *orphans;
	/* The file's index of plans[0]: 0, or where the one plan plan_file_only kept was. */
	size_t base;
	/* Read by plan_file_read_one: a file of keep's whole shape (data/plan.json), whose
	 * top-level foundations and fundamentals are passed over. */
	bool whole;
};

/* The format of name: .json or .csv (any case); otherwise by the first character that
 * is not white space ('{' is JSON). */
enum plan_format plan_format_of(const char *name, const char *data, size_t len);

/* Reads data[0..len) (named name in messages) in format into f (problems into
 * f->problems, a new array). Returns 0 when it could be read into plans, -1 when not
 * (a problem says why); f is to be freed with plan_file_free either way. Needs no
 * store: the syntax and the shape (CSV: kinds, columns, parents) only. */
int plan_file_read(struct plan_file *f, const char *name, const char *data, size_t len, enum plan_format format);
void plan_file_free(struct plan_file *f);
/* Keeps of f (read) only the plan whose slug is slug, so that one plan of a file of
 * several (data/plan.json: The Promise, Plan 21-24, Plan 24-30) can be imported into a
 * database that holds the others; messages keep naming its place in the file. -1 when
 * the file holds no such plan: then into out (size bytes) the slugs it does hold. */
int plan_file_only(struct plan_file *f, const char *slug, char *out, size_t size);
/* plan_file_read of a file in keep's whole shape (data/plan.json: its top-level
 * foundations and fundamentals, which keep already holds, are passed over), then
 * plan_file_only(slug): 0, -1 as plan_file_read, or 1 when the file holds no plan slug
 * (its plans' slugs into held). */
int plan_file_read_one(struct plan_file *f, const char *name, const char *data, size_t len,
                       enum plan_format format, const char *slug, char *held, size_t size);

/* Adds "NAME:LINE:COLUMN: message" for the value at path (in {"plans": ...}'s paths):
 * where it is, or where its key is, or where the nearest enclosing value is (a key that
 * is missing is reported at its object). */
void plan_file_problem(struct plan_file *f, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* What one plan of the import did. */
struct plan_import_done {
	char slug[64], title[320];
	const char *shape;
	bool replaced;
	size_t phases, groups, items, milestones;
};

/* Imports every plan of f (read) as actor: checks them all against the rules and what
 * is stored (a plan already in keep is refused unless replace; with replace, an
 * element the file leaves out is deleted unless something hangs off it), then writes
 * them in one transaction. Returns the number of plans written into done[0..max), or -1:
 * problems in f->problems (nothing written), or e filled on a failure of the store. */
int plan_import(struct store *s, struct plan_file *f, bool replace, const char *actor, struct plan_import_done *done,
                size_t max, struct kerr *e);

/* "Plan 24-30: 3 phases, 5 foundations, 25 route maps, 61 milestones imported" (or
 * "replaced") into out. */
void plan_import_words(const struct plan_import_done *d, char *out, size_t size);

#endif
