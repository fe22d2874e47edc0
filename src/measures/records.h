/* Care records (issue 5; docs/data-spec.md is the contract): one council's child-level
 * records in memory, a reader for keep's native CSV format that checks every rule of the
 * data spec, and the import that writes a checked batch to the database, pseudonymised.
 *
 * The batch is plain arrays of structs, with dates as day numbers (base/date.h's
 * date_days) and codes as indexes into the code lists below, so that the measures can run
 * over it directly and another reader (England's SSDA903 files, later) can fill the same
 * batch: a reader appends rows with records_add_* and interns text with records_text;
 * children are numbered 0..nchildren-1 in the order they were added, and every other row
 * names its child by that number. */
#ifndef KEEP_MEASURES_RECORDS_H
#define KEEP_MEASURES_RECORDS_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/kerr.h"
#include "base/secret.h"
#include "store/store.h"

#define RECORDS_MAX_PROBLEMS 100
/* The end of something that goes on (an episode or placement not ended). */
#define RECORDS_OPEN INT32_MAX
/* A date not known (only a child's date of birth that was refused, while checking). */
#define RECORDS_UNKNOWN INT32_MIN
/* No text (an empty provider). */
#define RECORDS_NO_TEXT UINT32_MAX
/* The longest registration number of a care service (a placement's service). */
#define RECORDS_SERVICE_MAX 16
/* No code (the end_reason of an episode that goes on). */
#define RECORDS_NO_CODE UINT8_MAX

/* The files of the native format, in the order they are read. */
enum records_file {
	RECORDS_CHILDREN,
	RECORDS_EPISODES,
	RECORDS_PLACEMENTS,
	RECORDS_LEGAL,
	RECORDS_SIBLINGS,
	RECORDS_SCHOOL_CHANGES,
	RECORDS_ADOPTION_BREAKDOWNS,
	RECORDS_RESTRAINTS,
	RECORDS_NFILES
};
/* "children.csv", "episodes.csv", ... by enum records_file. */
extern const char *const records_file_names[RECORDS_NFILES];
/* The file called name (a base name, "episodes.csv"), or -1. */
int records_file_of(const char *name);

/* The code lists of docs/data-spec.md, each NULL-terminated; a code is its index. */
extern const char *const records_sex_codes[];
extern const char *const records_ethnic_group_codes[];
extern const char *const records_disability_codes[];
extern const char *const records_end_reason_codes[];
extern const char *const records_placement_type_codes[];
extern const char *const records_legal_reason_codes[];
extern const char *const records_relationship_codes[];
extern const char *const records_setting_codes[];

struct records_child {
	uint32_t id;   /* offset of the council's id in records.ids (wiped once pseudonymised) */
	int32_t birth; /* date of birth (kept in memory for the checks; stored as YYYY-MM) */
	uint8_t sex, ethnic_group, disability;
};

struct records_episode {
	uint32_t child;
	int32_t start, end; /* end RECORDS_OPEN while it goes on */
	uint8_t end_reason; /* RECORDS_NO_CODE exactly when end is RECORDS_OPEN */
	bool continued;     /* began before the records do (an SSDA903 period open when the
	                       return's year began): start is where the records take it up,
	                       not a start */
};

struct records_placement {
	uint32_t child;
	int32_t start, end;
	uint32_t provider; /* offset in records.text, or RECORDS_NO_TEXT */
	uint8_t type;
	/* The provider sector: 0 when not known, else 1 + enum place_sector (src/place/place.h),
	 * so that a placement made with = {0} has none; records_sector reads it. */
	uint8_t sector;
	bool outside_scotland;
	bool where_unknown; /* where it is is not known (an SSDA903 row without PL_POST): then
	                       outside_scotland is false and council "" */
	char council[10]; /* a council area's GSS code, or "" outside Scotland (or not known) */
	char location[9]; /* postcode district ("EH4") or 1 km grid square ("NT2473"), or "" */
	char home[5];     /* the child's home, a postcode district ("KY1"), or "" not known */
	char service[RECORDS_SERVICE_MAX + 1]; /* the care service's registration number
	                                          (letters and digits), or "" not known */
};
/* A placement's provider sector (enum place_sector), or -1 when not known. */
static inline int records_sector(const struct records_placement *r) { return r->sector ? r->sector - 1 : -1; }

struct records_legal {
	uint32_t child;
	int32_t start, end;
	uint8_t reason;
};

struct records_sibling {
	uint32_t child, sibling; /* child < sibling; each pair once */
	uint8_t relationship;
};

struct records_school_change {
	uint32_t child;
	int32_t date;
	uint32_t from_school, to_school; /* offsets in records.text */
	bool with_placement_move;
};

struct records_adoption_breakdown {
	uint32_t child;
	int32_t order_date, disruption_date;
};

struct records_restraint {
	uint32_t child;
	int32_t date;
	uint8_t setting;
};

/* A growable array of T. */
#define RECORDS_ARRAY(T) \
	struct {             \
		T *v;            \
		size_t n, cap;   \
	}

struct records {
	char council[10]; /* the council whose records these are (GSS code) */
	int year;         /* the return year: it ends on 31 July year */
	bool given[RECORDS_NFILES]; /* false: the file was not given ("we do not collect this") */
	RECORDS_ARRAY(struct records_child) children;
	RECORDS_ARRAY(struct records_episode) episodes;
	RECORDS_ARRAY(struct records_placement) placements;
	RECORDS_ARRAY(struct records_legal) legal;
	RECORDS_ARRAY(struct records_sibling) siblings;
	RECORDS_ARRAY(struct records_school_change) school_changes;
	RECORDS_ARRAY(struct records_adoption_breakdown) adoption_breakdowns;
	RECORDS_ARRAY(struct records_restraint) restraints;
	struct buf ids;  /* the council's child ids, each NUL-terminated */
	struct buf text; /* providers and school codes, each NUL-terminated */
	char (*hash)[65]; /* per child, once records_pseudonymise has run; else NULL */
	/* SSDA903 only: periods of care under short breaks alone (LS V3, V4), left out. */
	size_t short_breaks;
	/* The records are of their year alone (an SSDA903 return), not each child's whole
	 * history (keep's native files): the measures take them for that year only. */
	bool year_only;
};

/* An empty batch for council (a GSS code) and the return year ending 31 July year. */
void records_init(struct records *b, const char *council, int year);
/* Frees everything, wiping the child ids first. */
void records_free(struct records *b);

/* Appends text[0..n) (NUL added) to b->text and gives its offset. */
uint32_t records_text(struct records *b, const char *text, size_t n);
/* Appends a child with the council's id id[0..n); gives its number. */
uint32_t records_add_child(struct records *b, const char *id, size_t n, const struct records_child *c);
void records_add_episode(struct records *b, const struct records_episode *r);
void records_add_placement(struct records *b, const struct records_placement *r);
void records_add_legal(struct records *b, const struct records_legal *r);
void records_add_sibling(struct records *b, const struct records_sibling *r);
void records_add_school_change(struct records *b, const struct records_school_change *r);
void records_add_adoption_breakdown(struct records *b, const struct records_adoption_breakdown *r);
void records_add_restraint(struct records *b, const struct records_restraint *r);
/* The number of rows of file's kind in b. */
size_t records_count(const struct records *b, enum records_file file);

/* ---- rules between rows, for every reader ----
 * Rows of episodes or placements by child: idx holds their row numbers ordered by child,
 * then start, then row; the rows of child c are idx[first[c] .. first[c + 1]). */
struct records_by_child {
	uint32_t *idx, *first;
};
/* Indexes b's rows of file (RECORDS_EPISODES or RECORDS_PLACEMENTS) into ix. */
void records_by_child_make(const struct records *b, enum records_file file, struct records_by_child *ix);
void records_by_child_free(struct records_by_child *ix);
/* The row of file (episodes or placements, indexed in ix) of child that holds day (start
 * <= day <= end, a row that goes on holding every later day), or -1. */
long records_holding(const struct records *b, enum records_file file, const struct records_by_child *ix,
                     uint32_t child, int32_t day);
/* The episode a placement of a child, from start to end (RECORDS_OPEN while it goes on),
 * belongs to: the one rule of docs/data-spec.md ("placements.csv"), for every reader and
 * the measures. Of the child's episodes, rows[0..n) (row numbers in b->episodes, in order
 * of start), the latest-starting one that holds both start and end (an open end only
 * one that goes on): so a placement from the day one episode ended and the next began is
 * the new episode's, and a one-day placement that day too. Gives its index in rows, or -1
 * when no episode holds the whole placement. */
long records_episode_of(const struct records *b, const uint32_t *rows, size_t n, int32_t start, int32_t end);
/* Calls found(arg, row, earlier) for each row of file (episodes or placements, indexed
 * in ix) that starts before an earlier-starting row of the same child ends; earlier is
 * the one reaching furthest. One ending on the day the next starts (a move that day) is
 * no overlap. */
void records_overlaps(const struct records *b, enum records_file file, const struct records_by_child *ix,
                      void (*found)(void *arg, uint32_t row, uint32_t earlier), void *arg);

/* ---- shared by the readers: children by id, and locations ----
 * The batch's children by the council's own ids, while a reader reads: open addressing,
 * each slot the child's number + 1 (0: empty) beside the top half of its id's hash, so
 * that most probes are settled without looking at the id. */
struct records_index {
	struct records_slot {
		uint32_t child, top;
	} *slots;
	size_t nslots;
	uint32_t *len; /* each child's id length, by child */
	size_t cap;
	uint32_t last_found;
};
/* Where a child with a given id goes in the index (from records_index_seek). */
struct records_seat {
	size_t at;
	uint32_t top;
};
/* Looks id p[0..n) up for a child about to be added: the number + 1 of the child that
 * has it already, or 0 with *seat where the new child goes (records_index_take). One
 * probe does both; the index grows first so that it stays at most half full. */
uint32_t records_index_seek(struct records_index *x, const struct records *b, const char *p, size_t n,
                            struct records_seat *seat);
/* Puts child c, just added to b (its id n bytes), at seat; nothing else may have been
 * added to the index since records_index_seek gave seat. */
void records_index_take(struct records_index *x, const struct records *b, uint32_t c, size_t n,
                        struct records_seat seat);
/* The number + 1 of the child whose id is p[0..n), or 0. Rows of a child often come
 * together and files are often in the order of the children, so the last child found,
 * then the one after it, are tried before the table. */
uint32_t records_index_find(struct records_index *x, const struct records *b, const char *p, size_t n);
void records_index_free(struct records_index *x);

/* A placement's location as keep keeps it, from p[0..n) (letters in either case, spaces
 * ignored), into out: a postcode's district ("EH4 1AB" -> "EH4"), a district as it is,
 * and, when grid is true, an Ordnance Survey grid reference cut to its 1 km square
 * ("NT 24567 73456" -> "NT2473"; a 10 km one, "NT27", as it is). out has room for 9
 * bytes (5 when grid is false). False when it is none of those. */
bool records_location(const char *p, size_t n, bool grid, char *out);

/* The problems of one read of care records, shared by the two readers: every one
 * counted, the first RECORDS_MAX_PROBLEMS kept in list as "FILE:LINE:COLUMN: message".
 * Problems already in list when the read begins count towards the limit and the total. */
struct records_problems {
	json_t *list;      /* the caller's array, appended to */
	size_t count;      /* all the read's, with those in list before it */
	size_t file_count; /* the file's being read: a reader sets it to 0 with name */
	const char *name;  /* the file being read, as messages name it */
};
/* A problem at line:col of the file being read; past the limit only counted (nothing is
 * formatted). */
void records_problem(struct records_problems *p, size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A problem that is a whole message already (the CSV reader's, or about a file). */
void records_problem_text(struct records_problems *p, const char *msg);
/* The read's end: 0 when there were no problems; else "and N more problems" appended
 * when some were only counted, and -1 with e (KERR_INVALID) saying how many and that
 * nothing was imported. */
int records_problems_end(struct records_problems *p, struct kerr *e);

/* Called now and then with how far a long step is: done of total (bytes while
 * "checking", rows while "writing"). */
typedef void (*records_progress)(const char *pass, size_t done, size_t total, void *arg);

/* One file of the native format: its kind, its name in messages ("dir/children.csv")
 * and its bytes (borrowed). */
struct records_input {
	enum records_file file;
	const char *name;
	const char *data;
	size_t len;
};

/* Reads and checks the native format's files in[0..n) into b (records_init'd; its
 * council and year are the import's), by every rule of docs/data-spec.md, against today
 * (date_today). A required file (children, episodes, placements) left out is a problem
 * named missing_prefix + its name; a kind given twice is a problem too. Returns 0 when
 * there is no problem; otherwise -1 with problems (an array, appended to) holding
 * "FILE:LINE:COLUMN: message" for the first RECORDS_MAX_PROBLEMS, then "and N more
 * problems", and e saying how many (KERR_INVALID), and b holding what could be read.
 * Problems already in the array (the caller's, about files) count towards the limit
 * and the total.
 * Problems come file by file, in the order of enum records_file; within a file, row by
 * row, then those between rows (overlaps, a pair given twice) by line. No message holds
 * a child's id. -1 with KERR_USAGE and problems untouched when b's council is not a
 * council area's code. progress (or NULL) is called with arg. */
int records_read_native(struct records *b, const struct records_input *in, size_t n, const char *missing_prefix,
                        records_progress progress, void *arg, json_t *problems, struct kerr *e);

/* ---- England's SSDA903 return (ssda903.c; docs/data-spec.md, "England's SSDA903
 * files"). Its files, by the names they are published with (matched in any case). */
enum ssda903_file {
	SSDA903_HEADER,
	SSDA903_EPISODES,
	SSDA903_PREV_PERM,
	SSDA903_PLACED_ADOPTION,
	SSDA903_REVIEWS,
	SSDA903_UASC,
	SSDA903_OC2,
	SSDA903_OC3,
	SSDA903_AD1,
	SSDA903_MISSING,
	SSDA903_NFILES
};
/* "Header.csv", "Episodes.csv", ... by enum ssda903_file. */
extern const char *const ssda903_file_names[SSDA903_NFILES];
/* The file called name (a base name, in any case: "episodes.csv"), or -1. */
int ssda903_file_of(const char *name);
/* Whether keep reads the file (Header, Episodes, PrevPerm); the others are accepted
 * and not read: keep has no table for what they hold. */
bool ssda903_file_read(int file);
/* Reads and checks SSDA903 files in[0..n) (each input's file is an enum ssda903_file)
 * into b, as records_read_native does, with its limits, messages and return values:
 * Header.csv and Episodes.csv are required; PrevPerm.csv, when given, gives the
 * adoption breakdowns; files keep does not read are skipped. Dates are DD/MM/YYYY and
 * codes as published; the mapping onto the batch is docs/data-spec.md's. */
int records_read_ssda903(struct records *b, const struct records_input *in, size_t n, const char *missing_prefix,
                         json_t *problems, struct kerr *e);

/* Replaces each child's id by HMAC-SHA-256(key, council ":" id) in hex (b->hash), and
 * wipes the ids. */
void records_pseudonymise(struct records *b, const unsigned char key[SECRET_KEY_LEN]);

/* Writes the checked batch b, pseudonymised with key, as actor: one transaction that
 * deletes an earlier import of the same council and year (with all its rows), inserts
 * this one, and adds one audit record (entity "records-import", id "COUNCIL/YEAR", verb
 * create, or update when it replaced one; before and after hold the council, the year and
 * each file's row count, nothing of a child). Wipes the ids (records_pseudonymise). On
 * failure nothing is written. *replaced (or NULL) is set when it replaced an import. */
int records_save(struct store *s, struct records *b, const unsigned char key[SECRET_KEY_LEN], const char *actor,
                 records_progress progress, void *arg, bool *replaced, struct kerr *e);

#endif
