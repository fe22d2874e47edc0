/* The reader of keep's native format for care records (docs/data-spec.md), over the one
 * CSV reader. Files are read in the order of enum records_file, so that each file's
 * rows can be checked against the files before it: a child against children.csv, an
 * episode's dates against the child's date of birth, a placement against the child's
 * episodes, a restraint against the child's placements. What needs every row of a file
 * (overlaps, a sibling pair given twice) is checked when the file has been read.
 *
 * A check against an earlier file runs only when that file could be relied on: child
 * references when children.csv was read to its end, checks against episodes or
 * placements when their file had no problem at all; otherwise one mistake would be
 * reported again on every row that depends on it.
 *
 * Privacy: a child's id is never put into a message (messages say "this child"). A value
 * is quoted only when it has the shape of what its column holds (a code, a date, a
 * council's code, a postcode or grid reference, a column's name) and is no child's id
 * known so far, nor the id in its own row: in a file whose columns are muddled (a header in another order than its
 * rows, a file without a header) the value in a column may be a child's id. Quoted
 * values are cut to 40 characters. */
#include "measures/records.h"

#include "base/csv.h"
#include "base/date.h"
#include "base/embed.h"
#include "base/json.h"
#include "base/mem.h"
#include "place/place.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXCOL 11
#define MAX_COUNCILS 64
#define PROGRESS_ROWS 65536

/* Each file's columns, as its header must name them (in any order). */
static const char *const columns[RECORDS_NFILES][MAXCOL + 1] = {
	[RECORDS_CHILDREN] = {"child", "council", "date_of_birth", "sex", "ethnic_group", "disability", NULL},
	[RECORDS_EPISODES] = {"child", "start", "end", "end_reason", NULL},
	[RECORDS_PLACEMENTS] = {"child", "start", "end", "type", "provider", "council", "outside_scotland", "location",
	                        "home", "service", "sector", NULL},
	[RECORDS_LEGAL] = {"child", "start", "end", "reason", NULL},
	[RECORDS_SIBLINGS] = {"child", "sibling", "relationship", NULL},
	[RECORDS_SCHOOL_CHANGES] = {"child", "date", "from_school", "to_school", "with_placement_move", NULL},
	[RECORDS_ADOPTION_BREAKDOWNS] = {"child", "order_date", "disruption_date", NULL},
	[RECORDS_RESTRAINTS] = {"child", "date", "setting", NULL},
};

static const char *const yes_no[] = {"yes", "no", NULL};

/* Whether column c of file may be left out of its header: placements.csv's home,
 * service and sector (added after the format was first published; without them, none is
 * known). */
static bool optional(enum records_file file, size_t c)
{
	return file == RECORDS_PLACEMENTS && c >= 8;
}

/* A month's first day (date_days) and its length, for reading dates without working
 * them out each time: the months of the years MONTHS_FROM to MONTHS_FROM + MONTHS_YEARS - 1. */
#define MONTHS_FROM 1900
#define MONTHS_YEARS 300
struct month {
	int32_t first;
	uint8_t length; /* 0: not worked out yet */
};

/* Where a row's dates are, for the checks made once a file is read. */
struct rowpos {
	uint32_t line, start_col;
};

/* A problem found between rows, formatted only when it is among the first shown. */
enum later_kind { LATER_EPISODE_OVERLAP, LATER_PLACEMENT_OVERLAP, LATER_SIBLING_TWICE };
struct later {
	uint32_t line, col, other_line;
	uint8_t kind, code;
};

struct reader {
	struct records *b;
	struct records_problems pr;
	int32_t today, limit, oldest;
	char limit_words[32];
	char councils[MAX_COUNCILS][10];
	size_t ncouncils;
	size_t own_len; /* strlen(b->council), once it is known to be a council's code */
	struct records_index ix; /* children.csv's children by id */
	uint32_t *child_line;    /* by child */
	bool children_ok, episodes_ok, placements_ok;
	struct rowpos *ep_pos, *pl_pos; /* by row of the batch, as its arrays grow */
	uint32_t *sib_line, *sib_col;
	size_t child_cap, ep_cap, pl_cap, sib_cap;
	struct records_by_child episodes, placements;
	struct later *later;
	size_t nlater, caplater;
	records_progress progress;
	void *arg;
	size_t done, total, rows;
	const struct csv_field *row_ids[2]; /* the row's child (and sibling) fields */
	struct month *months;               /* MONTHS_YEARS * 12 */
};

/* ---------------------------------------------------------------- problems */

/* What a value in a message is meant to look like (see quotable). */
enum shape { SHAPE_CODE, SHAPE_DATE, SHAPE_COUNCIL, SHAPE_LOCATION, SHAPE_COLUMN };
static bool quotable(struct reader *rd, const struct csv_field *f, enum shape shape);

/* f's text cut to at most 40 characters (whole UTF-8 characters), with "…" when cut,
 * NUL-terminated in out: for quoting a code or a date in a message. */
static const char *quote(const struct csv_field *f, char out[200])
{
	size_t chars = 0, i = 0;
	for (; i < f->n; i++)
		if (((unsigned char)f->p[i] & 0xC0) != 0x80 && chars++ == 40)
			break;
	snprintf(out, 200, "%.*s%s", (int)i, f->p, i < f->n ? "\u2026" : "");
	return out;
}

/* The characters (not bytes) of f: the text is valid UTF-8. */
static size_t characters(const struct csv_field *f)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		n += ((unsigned char)f->p[i] & 0xC0) != 0x80;
	return n;
}

static bool is(const struct csv_field *f, const char *s)
{
	size_t n = strlen(s);
	return f->n == n && memcmp(f->p, s, n) == 0;
}

/* Whether f holds code s: is() without a call per candidate (a field holds no NUL, so
 * s's end differs from any byte of f). */
static bool is_code(const struct csv_field *f, const char *s)
{
	for (size_t i = 0; i < f->n; i++)
		if (s[i] != f->p[i])
			return false;
	return s[f->n] == '\0';
}

static void words(int32_t days, char out[32])
{
	struct buf b = {0};
	date_words(date_from_days(days), &b);
	snprintf(out, 32, "%s", buf_str(&b));
	buf_free(&b);
}

static void iso(int32_t days, char out[11])
{
	date_format(date_from_days(days), out);
}

/* Makes *p hold cap items of size bytes when it holds fewer (*have). */
static void grow(void **p, size_t *have, size_t cap, size_t size)
{
	if (*have >= cap)
		return;
	*p = xrealloc(*p, cap * size);
	*have = cap;
}

/* ---------------------------------------------------------------- values */

/* An empty field where a value is needed. */
static bool empty(struct reader *rd, const struct csv_field *f, const char *column)
{
	if (f->n)
		return false;
	records_problem(&rd->pr, f->line, f->column, "%s is empty; it needs a value", column);
	return true;
}

/* The code f names in codes (into *out); false with a problem that lists the codes. */
static bool code(struct reader *rd, const struct csv_field *f, const char *column, const char *const *codes,
                 uint8_t *out)
{
	if (empty(rd, f, column))
		return false;
	for (size_t i = 0; codes[i]; i++)
		if (codes[i][0] == f->p[0] && is_code(f, codes[i])) {
			*out = (uint8_t)i;
			return true;
		}
	struct buf list = {0};
	for (size_t i = 0; codes[i]; i++)
		buf_printf(&list, "%s%s", i == 0 ? "" : codes[i + 1] ? ", " : " or ", codes[i]);
	char q[200];
	if (quotable(rd, f, SHAPE_CODE))
		records_problem(&rd->pr, f->line, f->column, "'%s' is not a code for %s: write %s",
		                quote(f, q), column, buf_str(&list));
	else
		records_problem(&rd->pr, f->line, f->column, "%s is not one of its codes: write %s", column,
		                buf_str(&list));
	buf_free(&list);
	return false;
}

/* The month of d (its year 1900 to 2199, its month 1 to 12) from rd->months, worked out
 * the first time it is asked for; NULL for any other year or month (date_valid and
 * date_days answer then). */
static const struct month *month_of(struct reader *rd, struct kdate d)
{
	if (d.y < MONTHS_FROM || d.y >= MONTHS_FROM + MONTHS_YEARS || d.m < 1 || d.m > 12)
		return NULL;
	struct month *mo = &rd->months[(d.y - MONTHS_FROM) * 12 + d.m - 1];
	if (mo->length == 0) {
		struct kdate first = {d.y, d.m, 1};
		mo->first = (int32_t)date_days(first);
		uint8_t length = 28;
		while (length < 31 && date_valid((struct kdate){d.y, d.m, length + 1}))
			length++;
		mo->length = length;
	}
	return mo;
}

/* A date: "YYYY-MM-DD", real, from 1 January 1900, not in the future, not after the
 * return year. An empty field is RECORDS_OPEN when optional. */
static bool date(struct reader *rd, const struct csv_field *f, const char *column, bool optional, int32_t *out)
{
	if (f->n == 0 && optional) {
		*out = RECORDS_OPEN;
		return true;
	}
	if (empty(rd, f, column))
		return false;
	const char *p = f->p;
	char q[200];
	bool shape = f->n == 10 && p[4] == '-' && p[7] == '-';
	for (int i = 0; shape && i < 10; i++)
		shape = i == 4 || i == 7 || (p[i] >= '0' && p[i] <= '9');
	struct kdate d = {0};
	if (shape)
		d = (struct kdate){(p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0'),
		                   (p[5] - '0') * 10 + (p[6] - '0'), (p[8] - '0') * 10 + (p[9] - '0')};
	const struct month *mo = shape ? month_of(rd, d) : NULL;
	if (!shape || (mo ? d.d < 1 || d.d > mo->length : !date_valid(d))) {
		if (quotable(rd, f, SHAPE_DATE))
			records_problem(&rd->pr, f->line, f->column,
			                "'%s' is not a date: write a real date as YYYY-MM-DD", quote(f, q));
		else
			records_problem(&rd->pr, f->line, f->column,
			                "%s is not a date: write a real date as YYYY-MM-DD", column);
		return false;
	}
	int32_t days = mo ? mo->first + d.d - 1 : (int32_t)date_days(d);
	if (days < rd->oldest) {
		records_problem(&rd->pr, f->line, f->column, "'%s' is before 1 January 1900", quote(f, q));
		return false;
	}
	if (days > rd->today) {
		records_problem(&rd->pr, f->line, f->column, "'%s' is in the future", quote(f, q));
		return false;
	}
	if (days > rd->limit) {
		records_problem(&rd->pr, f->line, f->column,
		                "'%s' is after %s, the end of the return year %d", quote(f, q),
		                rd->limit_words, rd->b->year);
		return false;
	}
	*out = days;
	return true;
}

/* Text of min..max characters, interned into b->text. */
static bool text(struct reader *rd, const struct csv_field *f, const char *column, size_t min, size_t max,
                 uint32_t *out)
{
	if (min > 0 && empty(rd, f, column))
		return false;
	if (characters(f) > max) {
		records_problem(&rd->pr, f->line, f->column, "%s is longer than %zu characters", column, max);
		return false;
	}
	*out = f->n ? records_text(rd->b, f->p, f->n) : RECORDS_NO_TEXT;
	return true;
}

static bool council_known(const struct reader *rd, const char *code, size_t n)
{
	/* Most rows name the council being imported: tried first. */
	if (n == rd->own_len && memcmp(rd->b->council, code, n) == 0)
		return true;
	for (size_t i = 0; i < rd->ncouncils; i++)
		if (strlen(rd->councils[i]) == n && memcmp(rd->councils[i], code, n) == 0)
			return true;
	return false;
}

/* A council area's GSS code, into out. */
static bool council(struct reader *rd, const struct csv_field *f, char out[10])
{
	char q[200];
	if (!council_known(rd, f->p, f->n)) {
		if (quotable(rd, f, SHAPE_COUNCIL))
			records_problem(
			    &rd->pr, f->line, f->column,
			    "'%s' is not a council area's code (data/council-areas.csv lists them)",
			    quote(f, q));
		else
			records_problem(
			    &rd->pr, f->line, f->column,
			    "council is not a council area's code (data/council-areas.csv lists them)");
		return false;
	}
	memcpy(out, f->p, f->n);
	out[f->n] = '\0';
	return true;
}

/* ---------------------------------------------------------------- children */

/* The number + 1 of the child whose id is p[0..n), or 0. */
static uint32_t child_find(struct reader *rd, const char *p, size_t n)
{
	return records_index_find(&rd->ix, rd->b, p, n);
}

static bool all_in(const struct csv_field *f, const char *set)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strchr(set, f->p[i]))
			return false;
	return true;
}

#define LOWER "abcdefghijklmnopqrstuvwxyz"
#define UPPER "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define DIGITS "0123456789"

/* Whether f's value may be quoted in a message about a value meant to have shape: it is
 * 1 to 40 bytes, has that shape (a code: letters and _; a date: digits with - / or .;
 * a council: S and digits; a location: letters, digits and spaces, starting with a
 * letter; a column: lower-case letters, digits and _), and is no child's id known. */
static bool quotable(struct reader *rd, const struct csv_field *f, enum shape shape)
{
	if (f->n == 0 || f->n > 40)
		return false;
	bool shaped = false;
	switch (shape) {
	case SHAPE_CODE: shaped = all_in(f, LOWER UPPER "_"); break;
	case SHAPE_DATE: shaped = all_in(f, DIGITS "-/.") && !all_in(f, DIGITS); break;
	case SHAPE_COUNCIL: shaped = f->p[0] == 'S' && f->n > 1 && all_in(&(struct csv_field){.p = f->p + 1, .n = f->n - 1}, DIGITS); break;
	case SHAPE_LOCATION: shaped = strchr(LOWER UPPER, f->p[0]) && all_in(f, LOWER UPPER DIGITS " "); break;
	case SHAPE_COLUMN: shaped = all_in(f, LOWER DIGITS "_"); break;
	}
	if (!shaped || child_find(rd, f->p, f->n) != 0)
		return false;
	for (int i = 0; i < 2; i++) {
		const struct csv_field *id = rd->row_ids[i];
		if (id && id != f && id->n == f->n && memcmp(id->p, f->p, f->n) == 0)
			return false; /* the row's own child, not known yet */
	}
	return true;
}

/* The child f names (into *child). False, with a problem when children.csv could be
 * relied on and does not hold it, or without one when it could not. */
static bool child_ref(struct reader *rd, const struct csv_field *f, const char *column, uint32_t *child)
{
	if (empty(rd, f, column))
		return false;
	if (!rd->children_ok)
		return false;
	uint32_t s = child_find(rd, f->p, f->n);
	if (s == 0) {
		records_problem(&rd->pr, f->line, f->column, "this %s is not in children.csv",
		                strcmp(column, "sibling") == 0 ? "sibling" : "child");
		return false;
	}
	*child = s - 1;
	return true;
}

/* A date about child that must not be before the child's date of birth. */
static bool after_birth(struct reader *rd, uint32_t child, const struct csv_field *f, int32_t day)
{
	int32_t birth = rd->b->children.v[child].birth;
	if (birth == RECORDS_UNKNOWN || day >= birth)
		return true;
	char q[200];
	records_problem(&rd->pr, f->line, f->column, "'%s' is before the child's date of birth", quote(f, q));
	return false;
}

/* An end that must not be before its start (both known). */
static bool not_before(struct reader *rd, const struct csv_field *f, const char *what, int32_t start, int32_t end,
                       const char *start_what)
{
	if (end == RECORDS_OPEN || end >= start)
		return true;
	char a[11], b[11];
	iso(end, a);
	iso(start, b);
	records_problem(&rd->pr, f->line, f->column, "the %s, %s, is before the %s, %s", what, a, start_what,
	                b);
	return false;
}

typedef void (*row_fn)(struct reader *rd, const struct csv_field *const *f);

static void row_child(struct reader *rd, const struct csv_field *const *f)
{
	struct records_child c = {.birth = RECORDS_UNKNOWN};
	bool id_ok = !empty(rd, f[0], "child");
	if (id_ok && characters(f[0]) > 64) {
		records_problem(&rd->pr, f[0]->line, f[0]->column, "child is longer than 64 characters");
		id_ok = false;
	}
	/* One probe of the table both finds a child given before and is where a new one goes
	 * (nothing is added to the table until then). */
	struct records_seat seat = {0, 0};
	if (id_ok) {
		uint32_t s = records_index_seek(&rd->ix, rd->b, f[0]->p, f[0]->n, &seat);
		if (s) {
			records_problem(&rd->pr, f[0]->line, f[0]->column, "this child is already on line %u",
			                rd->child_line[s - 1]);
			id_ok = false;
		}
	}
	char code_[10];
	if (!empty(rd, f[1], "council") && council(rd, f[1], code_) && strcmp(code_, rd->b->council) != 0)
		records_problem(&rd->pr, f[1]->line, f[1]->column,
		                "'%s' is not the council being imported (%s)", code_, rd->b->council);
	int32_t birth;
	if (date(rd, f[2], "date_of_birth", false, &birth))
		c.birth = birth;
	code(rd, f[3], "sex", records_sex_codes, &c.sex);
	code(rd, f[4], "ethnic_group", records_ethnic_group_codes, &c.ethnic_group);
	code(rd, f[5], "disability", records_disability_codes, &c.disability);
	if (!id_ok)
		return;
	/* Added even when another of its values is wrong, so that its other rows are still
	 * checked (nothing is written while there is a problem). */
	uint32_t n = records_add_child(rd->b, f[0]->p, f[0]->n, &c);
	grow((void **)&rd->child_line, &rd->child_cap, rd->b->children.cap, sizeof *rd->child_line);
	rd->child_line[n] = (uint32_t)f[0]->line;
	records_index_take(&rd->ix, rd->b, n, f[0]->n, seat);
}

/* The episode of child that holds day, or -1; needs rd->episodes. */
static long episode_holding(const struct reader *rd, uint32_t child, int32_t day)
{
	return records_holding(rd->b, RECORDS_EPISODES, &rd->episodes, child, day);
}

/* Checks that day (of f) is within one of the child's episodes, when episodes.csv can
 * be relied on. */
static bool in_episode(struct reader *rd, uint32_t child, const struct csv_field *f, int32_t day, const char *what)
{
	if (!rd->episodes_ok || episode_holding(rd, child, day) >= 0)
		return true;
	char q[200];
	records_problem(&rd->pr, f->line, f->column,
	                "%s, %s, is not within one of the child's episodes (episodes.csv)", what,
	                quote(f, q));
	return false;
}

static void row_episode(struct reader *rd, const struct csv_field *const *f)
{
	size_t before = rd->pr.file_count;
	struct records_episode r = {.end_reason = RECORDS_NO_CODE};
	bool child = child_ref(rd, f[0], "child", &r.child);
	bool start = date(rd, f[1], "start", false, &r.start);
	bool end = date(rd, f[2], "end", true, &r.end);
	if (start && child)
		after_birth(rd, r.child, f[1], r.start);
	if (start && end)
		not_before(rd, f[2], "end", r.start, r.end, "start");
	if (f[3]->n == 0) {
		if (end && r.end != RECORDS_OPEN)
			records_problem(&rd->pr, f[3]->line, f[3]->column,
			                "end_reason is empty; an episode that has ended needs one");
	} else if (code(rd, f[3], "end_reason", records_end_reason_codes, &r.end_reason) && end && r.end == RECORDS_OPEN) {
		records_problem(&rd->pr, f[3]->line, f[3]->column,
		                "an episode that has not ended has no end_reason: leave it empty, "
		                "or give the end");
	}
	if (rd->pr.file_count != before || !child)
		return;
	records_add_episode(rd->b, &r);
	grow((void **)&rd->ep_pos, &rd->ep_cap, rd->b->episodes.cap, sizeof *rd->ep_pos);
	rd->ep_pos[rd->b->episodes.n - 1] = (struct rowpos){(uint32_t)f[1]->line, (uint32_t)f[1]->column};
}

static void row_placement(struct reader *rd, const struct csv_field *const *f)
{
	size_t before = rd->pr.file_count;
	struct records_placement r = {0};
	bool child = child_ref(rd, f[0], "child", &r.child);
	bool start = date(rd, f[1], "start", false, &r.start);
	bool end = date(rd, f[2], "end", true, &r.end);
	bool born = start && child && after_birth(rd, r.child, f[1], r.start);
	bool order = start && end && not_before(rd, f[2], "end", r.start, r.end, "start");
	code(rd, f[3], "type", records_placement_type_codes, &r.type);
	text(rd, f[4], "provider", 0, 64, &r.provider);
	uint8_t outside = 0;
	bool outside_ok = code(rd, f[6], "outside_scotland", yes_no, &outside);
	r.outside_scotland = outside == 0;
	if (f[5]->n) {
		if (council(rd, f[5], r.council) && outside_ok && r.outside_scotland)
			records_problem(&rd->pr, f[5]->line, f[5]->column,
			                "a placement outside Scotland has no council: leave council empty, "
			                "or set outside_scotland "
			                "to no");
	} else if (outside_ok && !r.outside_scotland) {
		records_problem(&rd->pr, f[5]->line, f[5]->column,
		                "council is empty; a placement in Scotland needs the council area "
		                "it is in");
	}
	if (f[7]->n && !records_location(f[7]->p, f[7]->n, true, r.location)) {
		char q[200];
		if (quotable(rd, f[7], SHAPE_LOCATION))
			records_problem(&rd->pr, f[7]->line, f[7]->column,
			                "'%s' is not a postcode, a postcode district or a grid reference",
			                quote(f[7], q));
		else
			records_problem(
			    &rd->pr, f[7]->line, f[7]->column,
			    "location is not a postcode, a postcode district or a grid reference");
	}
	/* The child's home: a postcode or district, kept as the district (never quoted: where
	 * a child's family lives). */
	if (f[8]->n && !records_location(f[8]->p, f[8]->n, false, r.home))
		records_problem(&rd->pr, f[8]->line, f[8]->column, "home is not a postcode or a postcode district");
	/* The care service: its registration number, letters and digits (never quoted: the
	 * column may hold a child's id in a muddled file). */
	if (f[9]->n) {
		bool ok = f[9]->n <= RECORDS_SERVICE_MAX;
		for (size_t i = 0; ok && i < f[9]->n; i++)
			ok = isalnum((unsigned char)f[9]->p[i]) != 0;
		if (ok)
			memcpy(r.service, f[9]->p, f[9]->n);
		else
			records_problem(&rd->pr, f[9]->line, f[9]->column,
			                "service is not a care service's registration number: letters and "
			                "digits, up to %d",
			                RECORDS_SERVICE_MAX);
	}
	if (f[10]->n) {
		char key[16] = "";
		if (f[10]->n < sizeof key)
			memcpy(key, f[10]->p, f[10]->n);
		int sector = place_sector_of(key);
		if (sector >= 0) {
			r.sector = (uint8_t)(1 + sector);
		} else {
			char q[200];
			if (quotable(rd, f[10], SHAPE_CODE))
				records_problem(&rd->pr, f[10]->line, f[10]->column,
				                "'%s' is not a code for sector: write %s, %s or %s, or leave it empty",
				                quote(f[10], q), place_sector_keys[0], place_sector_keys[1],
				                place_sector_keys[2]);
			else
				records_problem(&rd->pr, f[10]->line, f[10]->column,
				                "sector is not one of its codes: write %s, %s or %s, or leave it empty",
				                place_sector_keys[0], place_sector_keys[1], place_sector_keys[2]);
		}
	}
	/* Within one episode: its start in an episode, and its end in the same one. */
	if (born && order && rd->episodes_ok) {
		/* The episode it belongs to (records_episode_of); when none holds it whole, the
		 * message names the latest-starting one that holds its start. */
		const uint32_t *eps = rd->episodes.idx + rd->episodes.first[r.child];
		size_t neps = rd->episodes.first[r.child + 1] - rd->episodes.first[r.child];
		bool whole = records_episode_of(rd->b, eps, neps, r.start, r.end) >= 0;
		long ep = -1;
		for (size_t k = neps; !whole && k-- > 0 && ep < 0;)
			if (rd->b->episodes.v[eps[k]].start <= r.start && r.start <= rd->b->episodes.v[eps[k]].end)
				ep = (long)eps[k];
		if (whole) {
			/* within one episode */
		} else if (ep < 0) {
			in_episode(rd, r.child, f[1], r.start, "the start");
		} else {
			const struct records_episode *e = &rd->b->episodes.v[ep];
			char a[11], q[200];
			if (r.end > e->end && r.end == RECORDS_OPEN) {
				iso(e->end, a);
				records_problem(&rd->pr, f[2]->line, f[2]->column,
				                "end is empty, but the episode the placement is in "
				                "(episodes.csv line %u) ended on %s",
				                rd->ep_pos[ep].line, a);
			} else if (r.end > e->end) {
				iso(e->end, a);
				records_problem(&rd->pr, f[2]->line, f[2]->column,
				                "the end, %s, is after the episode the placement is in "
				                "(episodes.csv line %u) ended on %s",
				                quote(f[2], q), rd->ep_pos[ep].line, a);
			}
		}
	}
	if (rd->pr.file_count != before || !child)
		return;
	records_add_placement(rd->b, &r);
	grow((void **)&rd->pl_pos, &rd->pl_cap, rd->b->placements.cap, sizeof *rd->pl_pos);
	rd->pl_pos[rd->b->placements.n - 1] = (struct rowpos){(uint32_t)f[1]->line, (uint32_t)f[1]->column};
}

static void row_legal(struct reader *rd, const struct csv_field *const *f)
{
	size_t before = rd->pr.file_count;
	struct records_legal r = {0};
	bool child = child_ref(rd, f[0], "child", &r.child);
	bool start = date(rd, f[1], "start", false, &r.start);
	bool end = date(rd, f[2], "end", true, &r.end);
	if (start && child && after_birth(rd, r.child, f[1], r.start))
		in_episode(rd, r.child, f[1], r.start, "the start");
	if (start && end)
		not_before(rd, f[2], "end", r.start, r.end, "start");
	code(rd, f[3], "reason", records_legal_reason_codes, &r.reason);
	if (rd->pr.file_count == before && child)
		records_add_legal(rd->b, &r);
}

static void row_sibling(struct reader *rd, const struct csv_field *const *f)
{
	size_t before = rd->pr.file_count;
	struct records_sibling r = {0};
	uint32_t a = 0, b = 0;
	bool ca = child_ref(rd, f[0], "child", &a);
	bool cb = child_ref(rd, f[1], "sibling", &b);
	if (ca && cb && a == b)
		records_problem(&rd->pr, f[1]->line, f[1]->column,
		                "a child cannot be their own sibling: sibling names the same child");
	code(rd, f[2], "relationship", records_relationship_codes, &r.relationship);
	if (rd->pr.file_count != before || !ca || !cb)
		return;
	r.child = a < b ? a : b;
	r.sibling = a < b ? b : a;
	records_add_sibling(rd->b, &r);
	size_t cap = rd->sib_cap;
	grow((void **)&rd->sib_line, &cap, rd->b->siblings.cap, sizeof *rd->sib_line);
	grow((void **)&rd->sib_col, &rd->sib_cap, rd->b->siblings.cap, sizeof *rd->sib_col);
	rd->sib_line[rd->b->siblings.n - 1] = (uint32_t)f[2]->line;
	rd->sib_col[rd->b->siblings.n - 1] = (uint32_t)f[2]->column;
}

static void row_school_change(struct reader *rd, const struct csv_field *const *f)
{
	size_t before = rd->pr.file_count;
	struct records_school_change r = {0};
	bool child = child_ref(rd, f[0], "child", &r.child);
	if (date(rd, f[1], "date", false, &r.date) && child && after_birth(rd, r.child, f[1], r.date))
		in_episode(rd, r.child, f[1], r.date, "the date");
	bool from = text(rd, f[2], "from_school", 1, 16, &r.from_school);
	bool to = text(rd, f[3], "to_school", 1, 16, &r.to_school);
	if (from && to && f[2]->n == f[3]->n && memcmp(f[2]->p, f[3]->p, f[2]->n) == 0)
		records_problem(&rd->pr, f[3]->line, f[3]->column,
		                "to_school is the same as from_school: a change is to another school");
	uint8_t move = 0;
	code(rd, f[4], "with_placement_move", yes_no, &move);
	r.with_placement_move = move == 0;
	if (rd->pr.file_count == before && child)
		records_add_school_change(rd->b, &r);
}

static void row_adoption_breakdown(struct reader *rd, const struct csv_field *const *f)
{
	size_t before = rd->pr.file_count;
	struct records_adoption_breakdown r = {0};
	bool child = child_ref(rd, f[0], "child", &r.child);
	bool order = date(rd, f[1], "order_date", false, &r.order_date);
	bool disruption = date(rd, f[2], "disruption_date", false, &r.disruption_date);
	if (order && child) {
		int32_t birth = rd->b->children.v[r.child].birth;
		char q[200];
		if (birth != RECORDS_UNKNOWN && r.order_date <= birth)
			records_problem(&rd->pr, f[1]->line, f[1]->column,
			                "'%s' is not after the child's date of birth", quote(f[1], q));
	}
	if (order && disruption)
		not_before(rd, f[2], "disruption_date", r.order_date, r.disruption_date, "order_date");
	if (rd->pr.file_count == before && child)
		records_add_adoption_breakdown(rd->b, &r);
}

static void row_restraint(struct reader *rd, const struct csv_field *const *f)
{
	size_t before = rd->pr.file_count;
	struct records_restraint r = {0};
	bool child = child_ref(rd, f[0], "child", &r.child);
	if (date(rd, f[1], "date", false, &r.date) && child && after_birth(rd, r.child, f[1], r.date) &&
	    rd->placements_ok) {
		char q[200];
		if (records_holding(rd->b, RECORDS_PLACEMENTS, &rd->placements, r.child, r.date) < 0)
			records_problem(
			    &rd->pr, f[1]->line, f[1]->column,
			    "the date, %s, is not within one of the child's placements (placements.csv)",
			    quote(f[1], q));
	}
	code(rd, f[2], "setting", records_setting_codes, &r.setting);
	if (rd->pr.file_count == before && child)
		records_add_restraint(rd->b, &r);
}

static const row_fn rows[RECORDS_NFILES] = {
	row_child, row_episode, row_placement, row_legal, row_sibling, row_school_change, row_adoption_breakdown,
	row_restraint,
};

/* ---------------------------------------------------------------- between rows */

static void later_add(struct reader *rd, struct later l)
{
	rd->pr.file_count++;
	if (rd->nlater == rd->caplater) {
		rd->caplater = rd->caplater ? rd->caplater * 2 : 64;
		rd->later = xrealloc(rd->later, rd->caplater * sizeof *rd->later);
	}
	rd->later[rd->nlater++] = l;
}

static int later_cmp(const void *a, const void *b)
{
	const struct later *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

/* Reports the problems found between rows, by line. */
static void later_flush(struct reader *rd)
{
	if (rd->nlater > 1)
		qsort(rd->later, rd->nlater, sizeof *rd->later, later_cmp);
	for (size_t i = 0; i < rd->nlater; i++) {
		const struct later *l = &rd->later[i];
		rd->pr.file_count--; /* counted when found; records_problem counts it again */
		switch (l->kind) {
		case LATER_EPISODE_OVERLAP:
			records_problem(&rd->pr, l->line, l->col,
			                "this episode overlaps the child's episode on line %u",
			                l->other_line);
			break;
		case LATER_PLACEMENT_OVERLAP:
			records_problem(&rd->pr, l->line, l->col,
			                "this placement overlaps the child's placement on line %u",
			                l->other_line);
			break;
		case LATER_SIBLING_TWICE:
			records_problem(&rd->pr, l->line, l->col,
			                "this pair is already on line %u as '%s'; a pair is one relationship",
			                l->other_line, records_relationship_codes[l->code]);
			break;
		}
	}
	rd->nlater = 0;
}

/* An overlap found by records_overlaps, kept for later_flush. */
struct overlap_arg {
	struct reader *rd;
	const struct rowpos *pos;
	enum later_kind kind;
};

static void overlap_found(void *arg, uint32_t row, uint32_t earlier)
{
	struct overlap_arg *o = arg;
	later_add(o->rd, (struct later){o->pos[row].line, o->pos[row].start_col, o->pos[earlier].line, (uint8_t)o->kind, 0});
}

static int sibling_cmp(const void *a, const void *b, void *batch)
{
	const struct records *sort_batch = batch;
	const struct records_sibling *x = &sort_batch->siblings.v[*(const uint32_t *)a];
	const struct records_sibling *y = &sort_batch->siblings.v[*(const uint32_t *)b];
	if (x->child != y->child)
		return x->child < y->child ? -1 : 1;
	if (x->sibling != y->sibling)
		return x->sibling < y->sibling ? -1 : 1;
	return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

/* A pair given twice is one pair: the repeats are dropped, and a repeat that names
 * another relationship is a problem. */
static void siblings_once(struct reader *rd)
{
	struct records *b = rd->b;
	size_t n = b->siblings.n;
	if (n == 0)
		return;
	uint32_t *idx = xmalloc(n * sizeof *idx);
	for (size_t i = 0; i < n; i++)
		idx[i] = (uint32_t)i;
	qsort_r(idx, n, sizeof *idx, sibling_cmp, b);
	bool *drop = xcalloc(n, sizeof *drop);
	size_t first = 0;
	for (size_t k = 1; k < n; k++) {
		const struct records_sibling *x = &b->siblings.v[idx[first]], *y = &b->siblings.v[idx[k]];
		if (x->child != y->child || x->sibling != y->sibling) {
			first = k;
			continue;
		}
		drop[idx[k]] = true;
		if (x->relationship != y->relationship)
			later_add(rd, (struct later){rd->sib_line[idx[k]], rd->sib_col[idx[k]], rd->sib_line[idx[first]],
			                             LATER_SIBLING_TWICE, x->relationship});
	}
	size_t out = 0;
	for (size_t i = 0; i < n; i++)
		if (!drop[i])
			b->siblings.v[out++] = b->siblings.v[i];
	b->siblings.n = out;
	free(drop);
	free(idx);
}

/* ---------------------------------------------------------------- files */

static void list_columns(struct buf *out, enum records_file file, const char *sep)
{
	for (size_t c = 0; columns[file][c]; c++)
		buf_printf(out, "%s%s", c ? sep : "", columns[file][c]);
}

/* Reads the header into pos (file column of each of the kind's columns; -1 for an
 * optional one left out) and *width (how many columns it has); false when the rows cannot
 * be read (a problem says why). */
static bool header(struct reader *rd, struct csv_reader *r, enum records_file file, int pos[MAXCOL], size_t *width)
{
	struct csv_row row;
	struct kerr e = {0};
	int rc = csv_next(r, &row, &e);
	struct buf list = {0};
	list_columns(&list, file, ",");
	if (rc < 0)
		records_problem_text(&rd->pr, e.msg);
	else if (rc == 0)
		records_problem(&rd->pr, 1, 1, "the file is empty: it needs a header row (%s)",
		                buf_str(&list));
	buf_free(&list);
	if (rc <= 0)
		return false;
	size_t ncol = 0;
	while (columns[file][ncol])
		ncol++;
	for (size_t c = 0; c < MAXCOL; c++)
		pos[c] = -1;
	size_t before = rd->pr.file_count;
	struct buf cols = {0};
	list_columns(&cols, file, ", ");
	/* A first row that names none of the columns is data, not a header: nothing of it is
	 * quoted (it may hold a child's id). */
	bool any = false;
	for (size_t i = 0; i < row.n && !any; i++)
		for (size_t c = 0; c < ncol && !any; c++)
			any = is(&row.f[i], columns[file][c]);
	if (!any) {
		records_problem(&rd->pr, row.line, 1,
		                "the first row is not a header: it names none of the columns of %s (%s)",
		                records_file_names[file], buf_str(&cols));
		buf_free(&cols);
		return false;
	}
	for (size_t i = 0; i < row.n; i++) {
		const struct csv_field *f = &row.f[i];
		char q[200];
		size_t found = ncol;
		for (size_t c = 0; c < ncol; c++)
			if (is(f, columns[file][c]))
				found = c;
		if (found == ncol && quotable(rd, f, SHAPE_COLUMN)) {
			records_problem(&rd->pr, f->line, f->column,
			                "'%s' is not a column of %s: its columns are %s", quote(f, q),
			                records_file_names[file], buf_str(&cols));
		} else if (found == ncol) {
			records_problem(&rd->pr, f->line, f->column,
			                "column %zu of the header is not a column of %s: its columns are %s",
			                i + 1, records_file_names[file], buf_str(&cols));
		} else if (pos[found] >= 0) {
			records_problem(&rd->pr, f->line, f->column, "the column '%s' is there twice",
			                columns[file][found]);
		} else {
			pos[found] = (int)i;
		}
	}
	for (size_t c = 0; c < ncol; c++)
		if (pos[c] < 0 && !optional(file, c))
			records_problem(&rd->pr, row.line, 1, "the column '%s' is missing", columns[file][c]);
	buf_free(&cols);
	*width = row.n;
	return rd->pr.file_count == before;
}

/* Reads one file's rows, checking each; true when it was read to its end. */
static bool read_file(struct reader *rd, const struct records_input *in)
{
	enum records_file file = in->file;
	rd->pr.name = in->name;
	rd->pr.file_count = 0;
	struct csv_reader *r = csv_open(in->data, in->len, in->name);
	int pos[MAXCOL];
	size_t width = 0;
	bool complete = false;
	if (!header(rd, r, file, pos, &width))
		goto done;
	size_t ncol = 0;
	while (columns[file][ncol])
		ncol++;
	struct csv_row row;
	struct kerr e = {0};
	int rc;
	while ((rc = csv_next(r, &row, &e)) == 1) {
		if (row.n == 1 && row.f[0].n == 0)
			continue; /* a blank line */
		if (++rd->rows % PROGRESS_ROWS == 0 && rd->progress)
			rd->progress("checking", rd->done + csv_offset(r), rd->total, rd->arg);
		if (row.n != width) {
			records_problem(&rd->pr, row.line, 1, "this row has %zu field%s; the header has %zu",
			                row.n, row.n == 1 ? "" : "s", width);
			continue;
		}
		const struct csv_field *f[MAXCOL];
		struct csv_field absent = {.p = "", .n = 0, .line = row.line, .column = 1};
		for (size_t c = 0; c < ncol; c++)
			f[c] = pos[c] >= 0 ? &row.f[pos[c]] : &absent;
		rd->row_ids[0] = f[0];
		rd->row_ids[1] = file == RECORDS_SIBLINGS ? f[1] : NULL;
		rows[file](rd, f);
		rd->row_ids[0] = rd->row_ids[1] = NULL;
	}
	if (rc < 0)
		records_problem_text(&rd->pr, e.msg);
	complete = rc == 0;
done:
	rd->done += in->len;
	csv_close(r);
	return complete;
}

/* The council areas' codes, from data/council-areas.csv (built into keep). */
static void load_councils(struct reader *rd)
{
	const struct embedded_file *ef = embedded_find("data/council-areas.csv");
	if (!ef)
		return;
	struct csv_reader *r = csv_open((const char *)ef->data, ef->len, ef->name);
	struct csv_row row;
	struct kerr e = {0};
	bool first = true;
	while (csv_next(r, &row, &e) == 1 && rd->ncouncils < MAX_COUNCILS) {
		if (first || row.f[0].n != 9) {
			first = false;
			continue;
		}
		memcpy(rd->councils[rd->ncouncils], row.f[0].p, 9);
		rd->councils[rd->ncouncils++][9] = '\0';
	}
	csv_close(r);
}

int records_read_native(struct records *b, const struct records_input *in, size_t n, const char *missing_prefix,
                        records_progress progress, void *arg, json_t *problems, struct kerr *e)
{
	/* Problems found before (a misnamed file, by the caller) count too. */
	struct reader rd = {.b = b,
	                    .pr = {problems, json_array_size(problems), 0, NULL},
	                    .own_len = SIZE_MAX,
	                    .progress = progress,
	                    .arg = arg};
	load_councils(&rd);
	if (!council_known(&rd, b->council, strlen(b->council)))
		return kerr_set(e, KERR_USAGE, "'%s' is not a council area's code (data/council-areas.csv lists them)",
		                b->council);
	rd.own_len = strlen(b->council);
	rd.months = xcalloc(MONTHS_YEARS * 12, sizeof *rd.months);
	struct kdate today = date_today();
	rd.today = (int32_t)date_days(today);
	rd.limit = (int32_t)date_days((struct kdate){b->year, 7, 31});
	rd.oldest = (int32_t)date_days((struct kdate){1900, 1, 1});
	words(rd.limit, rd.limit_words);

	/* Which input is each kind's. */
	const struct records_input *of[RECORDS_NFILES] = {0};
	for (size_t i = 0; i < n; i++) {
		rd.total += in[i].len;
		if (of[in[i].file]) {
			char msg[1200];
			snprintf(msg, sizeof msg, "%s: %s is given twice (also as %s)", in[i].name,
			         records_file_names[in[i].file], of[in[i].file]->name);
			records_problem_text(&rd.pr, msg);
		} else {
			of[in[i].file] = &in[i];
		}
	}
	for (int f = 0; f < RECORDS_NFILES; f++) {
		b->given[f] = of[f] != NULL;
		if (!of[f] && f <= RECORDS_PLACEMENTS) {
			char msg[1200];
			snprintf(msg, sizeof msg, "%s%s: the file is missing; every import needs children.csv, episodes.csv "
			         "and placements.csv", missing_prefix ? missing_prefix : "", records_file_names[f]);
			records_problem_text(&rd.pr, msg);
		}
	}

	for (int f = 0; f < RECORDS_NFILES; f++) {
		if (!of[f])
			continue;
		bool complete = read_file(&rd, of[f]);
		switch (f) {
		case RECORDS_CHILDREN: rd.children_ok = complete; break;
		case RECORDS_EPISODES:
			if (complete && rd.children_ok) {
				records_by_child_make(b, RECORDS_EPISODES, &rd.episodes);
				struct overlap_arg o = {&rd, rd.ep_pos, LATER_EPISODE_OVERLAP};
				records_overlaps(b, RECORDS_EPISODES, &rd.episodes, overlap_found, &o);
				later_flush(&rd);
				rd.episodes_ok = rd.pr.file_count == 0;
			}
			break;
		case RECORDS_PLACEMENTS:
			if (complete && rd.children_ok) {
				records_by_child_make(b, RECORDS_PLACEMENTS, &rd.placements);
				struct overlap_arg o = {&rd, rd.pl_pos, LATER_PLACEMENT_OVERLAP};
				records_overlaps(b, RECORDS_PLACEMENTS, &rd.placements, overlap_found, &o);
				later_flush(&rd);
				rd.placements_ok = rd.pr.file_count == 0;
			}
			break;
		case RECORDS_SIBLINGS:
			siblings_once(&rd);
			later_flush(&rd);
			break;
		default: break;
		}
	}
	if (progress)
		progress("checking", rd.total, rd.total, arg);

	records_index_free(&rd.ix);
	free(rd.child_line);
	free(rd.ep_pos);
	free(rd.pl_pos);
	free(rd.sib_line);
	free(rd.sib_col);
	records_by_child_free(&rd.episodes);
	records_by_child_free(&rd.placements);
	free(rd.later);
	free(rd.months);
	return records_problems_end(&rd.pr, e);
}
