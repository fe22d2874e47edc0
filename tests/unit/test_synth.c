/* Unit tests for src/measures/synth.c: the same seed gives the same bytes (pinned, so a
 * change of output on another machine or by a later edit is seen); another seed other
 * bytes; every file has exactly its data-spec header; every row keeps every rule of
 * docs/data-spec.md (checked here by a small checker of the test's own); and the data
 * is calibrated to the published figures (the placement mix on 31 July, placements per
 * child, starts and leavers, continuing care, brothers and sisters). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/date.h"
#include "base/embed.h"
#include "base/mem.h"
#include "base/secret.h"
#include "measures/distance.h"
#include "measures/synth.h"
#include "testutil.h"

/* ---- making a dataset ---- */

static void make(const struct synth_options *o, char *dir, size_t n)
{
	assert_int_equal(testutil_make_dir(dir, n, "synth"), 0);
	struct kerr e = {0};
	struct synth_counts c;
	if (synth_write(o, dir, NULL, NULL, &c, &e) != 0)
		fail_msg("synth_write: %s", e.msg);
	assert_int_equal(c.children, (size_t)o->children);
}

static void remove_all(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char p[PATH_MAX];
		snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
		testutil_remove_dir(p);
	}
	closedir(d);
	rmdir(dir);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: cannot open", path);
	struct buf b = {0};
	char chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&b, chunk, k);
	fclose(f);
	*len = b.len;
	return buf_steal(&b);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The council directories of dir, sorted; returns how many. */
static int councils_list(const char *dir, char names[SYNTH_MAX_COUNCILS + 1][16])
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *de;
	int n = 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		assert_true(n < SYNTH_MAX_COUNCILS);
		assert_true(strlen(de->d_name) < 16);
		strcpy(names[n++], de->d_name);
	}
	closedir(d);
	char *p[SYNTH_MAX_COUNCILS];
	for (int i = 0; i < n; i++)
		p[i] = xstrdup(names[i]);
	qsort(p, (size_t)n, sizeof p[0], name_cmp);
	for (int i = 0; i < n; i++) {
		strcpy(names[i], p[i]);
		free(p[i]);
	}
	return n;
}

/* The SHA-256 of every file of dir, council by council, file by file, with names. */
static void hash_dir(const char *dir, char out[65])
{
	char names[SYNTH_MAX_COUNCILS + 1][16];
	int n = councils_list(dir, names);
	struct buf all = {0};
	for (int i = 0; i < n; i++)
		for (const struct synth_file *f = synth_files; f->name; f++) {
			char p[PATH_MAX];
			snprintf(p, sizeof p, "%s/%s/%s", dir, names[i], f->name);
			size_t len;
			char *t = slurp(p, &len);
			assert_int_equal(strlen(t), len); /* no NUL byte */
			buf_printf(&all, "%s/%s\n", names[i], f->name);
			buf_put(&all, t, len);
			free(t);
		}
	secret_sha256_hex(buf_str(&all), out);
	buf_free(&all);
}

/* ---- the same seed, the same bytes ---- */

/* The bytes of this dataset, pinned: the same on every machine, for ever. A deliberate
 * change of the generator changes it (say so in the commit). */
#define PINNED_OPTIONS {.children = 500, .councils = 3, .seed = 1, .year = 2025}
#define PINNED_SHA256 "f5e58002275fd58035da9ae233b271d4e6023509635d5cfdcaabb483083b17d2"

static void test_same_seed_same_bytes(void **state)
{
	(void)state;
	struct synth_options o = PINNED_OPTIONS;
	char d1[PATH_MAX], d2[PATH_MAX], h1[65], h2[65];
	make(&o, d1, sizeof d1);
	make(&o, d2, sizeof d2);
	hash_dir(d1, h1);
	hash_dir(d2, h2);
	assert_string_equal(h1, h2);
	assert_string_equal(h1, PINNED_SHA256);

	/* Another seed: other children. */
	o.seed = 2;
	char d3[PATH_MAX], h3[65];
	make(&o, d3, sizeof d3);
	hash_dir(d3, h3);
	assert_string_not_equal(h1, h3);
	/* Another year: other dates. */
	o.seed = 1;
	o.year = 2024;
	char d4[PATH_MAX], h4[65];
	make(&o, d4, sizeof d4);
	hash_dir(d4, h4);
	assert_string_not_equal(h1, h4);
	remove_all(d1);
	remove_all(d2);
	remove_all(d3);
	remove_all(d4);
}

/* ---- the checker: every rule of docs/data-spec.md ---- */

static const char *const SEXES[] = {"male", "female", "other", "not_known", NULL};
static const char *const ETHNICS[] = {"white_scottish", "white_other_british", "white_irish", "white_polish",
                                      "white_gypsy_traveller", "white_other", "mixed", "asian", "african",
                                      "caribbean_or_black", "other", "not_known", NULL};
static const char *const DISABILITIES[] = {"yes", "no", "not_known", NULL};
static const char *const REASONS[] = {"home", "kinship", "adopted", "permanence_order", "continuing_care",
                                      "independent_living", "custody", "died", "other", "not_known", NULL};
static const char *const TYPES[] = {"home_parents", "kinship", "foster_council", "foster_purchased",
                                    "prospective_adopters", "other_community", "residential_council_home",
                                    "residential_voluntary_home", "residential_school", "secure", "crisis_care",
                                    "young_offender_institution", "residential_other", NULL};
static const char *const LEGALS[] = {"cso", "interim_cso", "section_25", "permanence_order", "child_protection_order",
                                     "warrant", "other", NULL};
static const char *const RELATIONSHIPS[] = {"full", "half", "step", "other", NULL};
static const char *const SETTINGS[] = {"residential", "secure", "school", "foster", "kinship", "other", NULL};
static const char *const YESNO[] = {"yes", "no", NULL};

static int code_index(const char *const *list, const char *s)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

/* What the checker gathers for the calibration. */
struct stats {
	long children, placements;
	long mix[6];        /* on 31 July: home, kinship, foster, residential, adopters, other */
	long looked_after;  /* children in an episode on 31 July */
	long starts, ceased; /* in the year to 31 July */
	long eligible, continuing;
	long secure_or_yoi_16_17, outside, elsewhere;
	long moves_with_school, school_without_move;
	long breakdowns, restraints, restraints_residential;
	long groups[6];     /* sibling groups by size */
	long groups_in_care, groups_split; /* with 2 or more in care on 31 July; not all with one provider */
	long in_year, three_moves; /* children looked after in the year; of them, with 3 or more moves */
};

struct span {
	long start, end; /* end LONG_MAX while it goes on */
	int type;        /* placements: index into TYPES */
};

struct child {
	int council; /* index of the directory; -1 not seen */
	long dob;
	size_t ep, nep, pl, npl;
	char provider[80]; /* on 31 July */
	int parent;        /* union-find over sibling pairs */
	int in_care;       /* on 31 July */
};

struct checker {
	const struct synth_options *o;
	long end, first;
	struct child *c; /* by the number of the id */
	struct span *ep, *pl;
	size_t nep, npl, cap_ep, cap_pl;
	char names[SYNTH_MAX_COUNCILS + 1][16];
	int ncouncils;
	struct stats st;
};

struct row_ctx {
	const char *file;
	size_t line;
};

/* A broken rule: the checker stops at the first, and check_dir returns its message,
 * "FILE:LINE: what", so a test can also show that the checker sees a broken file. */
static jmp_buf bad_jump;
static char bad_msg[1200];
static char *open_text; /* what read_file has open, freed after a jump */
static struct csv_reader *open_reader;

#define BAD(ctx, ...)                                                                                          \
	do {                                                                                                        \
		int n_ = snprintf(bad_msg, sizeof bad_msg, "%s:%zu: ", (ctx)->file, (ctx)->line);                      \
		snprintf(bad_msg + n_, sizeof bad_msg - (size_t)n_, __VA_ARGS__);                                       \
		longjmp(bad_jump, 1);                                                                                   \
	} while (0)

static long day_of(struct checker *k, struct row_ctx *x, const char *s, int may_be_empty)
{
	if (!*s) {
		if (!may_be_empty)
			BAD(x, "an empty date");
		return LONG_MAX;
	}
	struct kdate d;
	struct kerr e = {0};
	if (date_parse(s, &d, &e) < 0)
		BAD(x, "not a date: '%s'", s);
	long v = date_days(d);
	if (v < k->first || v > k->end)
		BAD(x, "date %s is before 1900 or after 31 July %d", s, k->o->year);
	return v;
}

static struct child *child_of(struct checker *k, struct row_ctx *x, const char *id, int council)
{
	if (strlen(id) != 8 || id[0] != 'C')
		BAD(x, "child id '%s' is not C and 7 digits", id);
	char *endp;
	long n = strtol(id + 1, &endp, 10);
	if (*endp || n < 1 || n > k->o->children)
		BAD(x, "child id '%s' out of range", id);
	struct child *c = &k->c[n];
	if (council >= 0 && c->council != council)
		BAD(x, "child '%s' is not in this council's children.csv", id);
	return c;
}

/* Reads file `name` of council directory ci, checking its header is exactly `header`,
 * and calls row() for each data row with its fields as strings. */
typedef void (*row_fn)(struct checker *k, struct row_ctx *x, int ci, char f[][80], size_t n);

static void read_file(struct checker *k, const char *dir, int ci, const struct synth_file *sf, size_t ncols, row_fn row)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/%s/%s", dir, k->names[ci], sf->name);
	size_t len;
	char *t = open_text = slurp(p, &len);
	const char *nl = strchr(t, '\n');
	struct row_ctx head = {p, 1};
	if (!nl || (size_t)(nl - t) != strlen(sf->header) || strncmp(t, sf->header, strlen(sf->header)) != 0)
		BAD(&head, "the header is not exactly '%s'", sf->header);
	struct csv_reader *r = open_reader = csv_open(t, len, p);
	struct csv_row row_;
	struct kerr e = {0};
	int rc, first = 1;
	char f[16][80];
	while ((rc = csv_next(r, &row_, &e)) == 1) {
		struct row_ctx x = {p, row_.line};
		if (first) {
			first = 0;
			continue;
		}
		if (row_.n != ncols)
			BAD(&x, "%zu fields, not %zu", row_.n, ncols);
		for (size_t i = 0; i < row_.n; i++) {
			if (row_.f[i].n >= sizeof f[i])
				BAD(&x, "field %zu too long", i + 1);
			memcpy(f[i], row_.f[i].p, row_.f[i].n);
			f[i][row_.f[i].n] = '\0';
		}
		row(k, &x, ci, f, row_.n);
	}
	if (rc < 0)
		BAD(&head, "%s", e.msg);
	csv_close(r);
	free(t);
	open_reader = NULL;
	open_text = NULL;
}

static size_t last_child_seen; /* rows of a file come grouped by child, ids rising */

static void group_check(struct checker *k, struct row_ctx *x, const char *id)
{
	size_t n = (size_t)strtol(id + 1, NULL, 10);
	if (n < last_child_seen)
		BAD(x, "rows are not grouped by child in id order");
	last_child_seen = n;
	(void)k;
}

static void row_child(struct checker *k, struct row_ctx *x, int ci, char f[][80], size_t n)
{
	struct child *c = child_of(k, x, f[0], -1);
	if (c->council != -1)
		BAD(x, "child '%s' given twice", f[0]);
	if (strcmp(f[1], k->names[ci]) != 0)
		BAD(x, "council '%s' is not the directory's", f[1]);
	c->council = ci;
	c->dob = day_of(k, x, f[2], 0);
	if (code_index(SEXES, f[3]) < 0 || code_index(ETHNICS, f[4]) < 0 || code_index(DISABILITIES, f[5]) < 0)
		BAD(x, "an unknown code");
	k->st.children++;
	(void)n;
}

static void row_episode(struct checker *k, struct row_ctx *x, int ci, char f[][80], size_t n)
{
	struct child *c = child_of(k, x, f[0], ci);
	group_check(k, x, f[0]);
	long s = day_of(k, x, f[1], 0), e = day_of(k, x, f[2], 1);
	if (s < c->dob)
		BAD(x, "episode starts before the date of birth");
	if (e < s)
		BAD(x, "episode ends before it starts");
	if ((e == LONG_MAX) != (f[3][0] == '\0'))
		BAD(x, "end_reason is not empty exactly when end is");
	if (f[3][0] && code_index(REASONS, f[3]) < 0)
		BAD(x, "unknown end_reason '%s'", f[3]);
	if (c->nep == 0) {
		c->ep = k->nep;
	} else {
		struct span *prev = &k->ep[k->nep - 1];
		if (c->ep + c->nep != k->nep)
			BAD(x, "episodes of a child not together");
		if (prev->end >= s)
			BAD(x, "episodes overlap");
	}
	if (k->nep == k->cap_ep) {
		k->cap_ep = k->cap_ep ? 2 * k->cap_ep : 1024;
		k->ep = xrealloc(k->ep, k->cap_ep * sizeof k->ep[0]);
	}
	k->ep[k->nep++] = (struct span){s, e, code_index(REASONS, f[3])};
	c->nep++;
	long year_start = date_days((struct kdate){k->o->year - 1, 8, 1});
	if (s >= year_start)
		k->st.starts++;
	if (e != LONG_MAX && e >= year_start)
		k->st.ceased++;
	if (e == LONG_MAX)
		k->st.looked_after++;
	(void)n;
}

/* The episode of c that holds [s, e] (e LONG_MAX: open), or NULL. */
static struct span *episode_holding(struct checker *k, const struct child *c, long s, long e)
{
	for (size_t i = 0; i < c->nep; i++) {
		struct span *p = &k->ep[c->ep + i];
		if (s >= p->start && s <= p->end && e >= s && e <= p->end)
			return p;
	}
	return NULL;
}

static int category(int type)
{
	static const int cat[] = {0, 1, 2, 2, 4, 5, 3, 3, 3, 3, 3, 3, 3};
	return cat[type];
}

static void row_placement(struct checker *k, struct row_ctx *x, int ci, char f[][80], size_t n)
{
	struct child *c = child_of(k, x, f[0], ci);
	group_check(k, x, f[0]);
	long s = day_of(k, x, f[1], 0), e = day_of(k, x, f[2], 1);
	if (!episode_holding(k, c, s, e))
		BAD(x, "placement not within one of the child's episodes");
	int type = code_index(TYPES, f[3]);
	if (type < 0)
		BAD(x, "unknown type '%s'", f[3]);
	if (strlen(f[4]) > 64)
		BAD(x, "provider too long");
	int outside = code_index(YESNO, f[6]);
	if (outside < 0)
		BAD(x, "outside_scotland is not yes or no");
	if ((f[5][0] == '\0') != (outside == 0))
		BAD(x, "council is not empty exactly when outside_scotland is yes");
	if (f[5][0]) {
		const struct embedded_file *areas = embedded_find("data/council-areas.csv");
		char needle[20];
		snprintf(needle, sizeof needle, "\n%s,", f[5]);
		if (!strstr((const char *)areas->data, needle))
			BAD(x, "council '%s' is not in data/council-areas.csv", f[5]);
		if (strcmp(f[5], k->names[ci]) != 0)
			k->st.elsewhere++;
	} else {
		k->st.outside++;
	}
	/* A postcode district: 1-2 letters, then 1-2 digits. */
	const char *l = f[7];
	size_t letters = strspn(l, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), digits = strspn(l + letters, "0123456789");
	if (letters < 1 || letters > 2 || digits < 1 || digits > 2 || l[letters + digits])
		BAD(x, "location '%s' is not a postcode district", l);
	/* Plausible places for the distance from home (measure 12): the location and the
	 * child's home are districts keep knows the centre of. */
	double lat, lon;
	if (!distance_place(l, false, &lat, &lon))
		BAD(x, "location '%s' is not a postcode district keep knows", l);
	if (!distance_place(f[8], false, &lat, &lon))
		BAD(x, "home '%s' is not a postcode district keep knows", f[8]);
	if (c->npl == 0) {
		c->pl = k->npl;
	} else {
		if (c->pl + c->npl != k->npl)
			BAD(x, "placements of a child not together");
		if (k->pl[k->npl - 1].end >= s)
			BAD(x, "placements overlap");
	}
	if (k->npl == k->cap_pl) {
		k->cap_pl = k->cap_pl ? 2 * k->cap_pl : 1024;
		k->pl = xrealloc(k->pl, k->cap_pl * sizeof k->pl[0]);
	}
	k->pl[k->npl++] = (struct span){s, e, type};
	c->npl++;
	k->st.placements++;
	if (s <= k->end && e >= k->end) {
		k->st.mix[category(type)]++;
		snprintf(c->provider, sizeof c->provider, "%s", f[4]);
		c->in_care = 1;
	}
	if ((type == 9 || type == 11) && s - c->dob >= 16 * 365 + 4)
		k->st.secure_or_yoi_16_17++;
	(void)n;
}

static void row_legal(struct checker *k, struct row_ctx *x, int ci, char f[][80], size_t n)
{
	struct child *c = child_of(k, x, f[0], ci);
	long s = day_of(k, x, f[1], 0), e = day_of(k, x, f[2], 1);
	if (!episode_holding(k, c, s, s))
		BAD(x, "legal reason does not start within an episode");
	if (e < s)
		BAD(x, "legal reason ends before it starts");
	if (code_index(LEGALS, f[3]) < 0)
		BAD(x, "unknown reason '%s'", f[3]);
	(void)n;
}

static int root(struct checker *k, int i)
{
	while (k->c[i].parent != i)
		i = k->c[i].parent = k->c[k->c[i].parent].parent;
	return i;
}

static void row_sibling(struct checker *k, struct row_ctx *x, int ci, char f[][80], size_t n)
{
	child_of(k, x, f[0], ci);
	child_of(k, x, f[1], ci);
	if (strcmp(f[0], f[1]) == 0)
		BAD(x, "a child is not their own sibling");
	if (code_index(RELATIONSHIPS, f[2]) < 0)
		BAD(x, "unknown relationship '%s'", f[2]);
	int a = root(k, (int)strtol(f[0] + 1, NULL, 10)), b = root(k, (int)strtol(f[1] + 1, NULL, 10));
	if (a != b)
		k->c[a].parent = b;
	(void)n;
}

static void row_school(struct checker *k, struct row_ctx *x, int ci, char f[][80], size_t n)
{
	struct child *c = child_of(k, x, f[0], ci);
	long d = day_of(k, x, f[1], 0);
	if (!episode_holding(k, c, d, d))
		BAD(x, "school change not within an episode");
	size_t a = strlen(f[2]), b = strlen(f[3]);
	if (a < 1 || a > 16 || b < 1 || b > 16 || strcmp(f[2], f[3]) == 0)
		BAD(x, "schools '%s' and '%s'", f[2], f[3]);
	int move = code_index(YESNO, f[4]);
	if (move < 0)
		BAD(x, "with_placement_move is not yes or no");
	if (move == 0) { /* "yes" */
		/* A move: a placement starts that day, and not the first of its episode. */
		int moved = 0;
		for (size_t i = 1; i < c->npl; i++)
			moved |= k->pl[c->pl + i].start == d;
		for (size_t i = 0; i < c->nep; i++)
			moved &= k->ep[c->ep + i].start != d;
		if (!moved)
			BAD(x, "a change with a placement move on a day no placement moves");
		k->st.moves_with_school++;
	} else {
		k->st.school_without_move++;
	}
	(void)n;
}

static void row_breakdown(struct checker *k, struct row_ctx *x, int ci, char f[][80], size_t n)
{
	struct child *c = child_of(k, x, f[0], ci);
	long o = day_of(k, x, f[1], 0), d = day_of(k, x, f[2], 0);
	if (o <= c->dob)
		BAD(x, "order_date not after the date of birth");
	if (d < o)
		BAD(x, "disruption_date before order_date");
	k->st.breakdowns++;
	(void)n;
}

static void row_restraint(struct checker *k, struct row_ctx *x, int ci, char f[][80], size_t n)
{
	struct child *c = child_of(k, x, f[0], ci);
	long d = day_of(k, x, f[1], 0);
	int in = 0;
	for (size_t i = 0; i < c->npl; i++)
		in |= d >= k->pl[c->pl + i].start && d <= k->pl[c->pl + i].end;
	if (!in)
		BAD(x, "restraint not within one of the child's placements");
	int s = code_index(SETTINGS, f[2]);
	if (s < 0)
		BAD(x, "unknown setting '%s'", f[2]);
	k->st.restraints++;
	if (s <= 2)
		k->st.restraints_residential++;
	(void)n;
}

/* Checks every file of dir against the rules, and gathers st: NULL when every row keeps
 * every rule, else the first broken one ("FILE:LINE: what"). */
static const char *check_dir(const char *dir, const struct synth_options *o, struct stats *st)
{
	static struct checker k; /* static: still valid after a longjmp */
	static long *size;
	k = (struct checker){.o = o};
	size = NULL;
	struct row_ctx whole = {dir, 0};
	if (setjmp(bad_jump)) {
		if (open_reader)
			csv_close(open_reader);
		free(open_text);
		open_reader = NULL;
		open_text = NULL;
		free(size);
		free(k.c);
		free(k.ep);
		free(k.pl);
		return bad_msg;
	}
	k.end = date_days((struct kdate){o->year, 7, 31});
	k.first = date_days((struct kdate){1900, 1, 1});
	k.c = xcalloc((size_t)o->children + 1, sizeof k.c[0]);
	for (long i = 0; i <= o->children; i++) {
		k.c[i].council = -1;
		k.c[i].parent = (int)i;
	}
	k.ncouncils = councils_list(dir, k.names);
	assert_int_equal(k.ncouncils, o->councils);
	static const struct {
		size_t cols;
		row_fn fn;
	} files[] = {{6, row_child}, {4, row_episode}, {9, row_placement}, {4, row_legal},
	             {3, row_sibling}, {5, row_school}, {3, row_breakdown}, {3, row_restraint}};
	for (int ci = 0; ci < k.ncouncils; ci++) {
		/* every file there, and nothing else */
		char p[PATH_MAX];
		snprintf(p, sizeof p, "%s/%s", dir, k.names[ci]);
		DIR *d = opendir(p);
		assert_non_null(d);
		int nfiles = 0;
		struct dirent *de;
		while ((de = readdir(d)))
			nfiles += de->d_name[0] != '.';
		closedir(d);
		assert_int_equal(nfiles, 8);
		for (int f = 0; synth_files[f].name; f++) {
			last_child_seen = 0;
			read_file(&k, dir, ci, &synth_files[f], files[f].cols, files[f].fn);
		}
	}
	for (long i = 1; i <= o->children; i++)
		if (k.c[i].council < 0)
			BAD(&whole, "child C%07ld is in no children.csv", i);

	/* Continuing care, as docs/measures.md (measure 11) counts it: an episode that ended
	 * at 16 or over (age counted from the first of the birth month) whose last placement
	 * was foster, kinship or residential care other than a YOI. */
	for (long i = 1; i <= o->children; i++) {
		struct child *c = &k.c[i];
		struct kdate b = date_from_days(c->dob);
		long age16 = date_days((struct kdate){b.y + 16, b.m, 1});
		for (size_t j = 0; j < c->nep; j++) {
			struct span *ep = &k.ep[c->ep + j];
			if (ep->end == LONG_MAX || ep->end < age16)
				continue;
			int last = -1;
			for (size_t q = 0; q < c->npl; q++)
				if (k.pl[c->pl + q].end == ep->end)
					last = k.pl[c->pl + q].type;
			assert_true(last >= 0); /* an episode's last placement ends with it */
			int cat = category(last);
			if (!(cat == 1 || cat == 2 || cat == 3) || last == 11)
				continue;
			k.st.eligible++;
			k.st.continuing += ep->type == 4;
		}
	}
	/* Moves in the year (docs/measures.md, measure 5): placements starting in it that
	 * are not the first of their episode. */
	long year_start = date_days((struct kdate){o->year - 1, 8, 1});
	for (long i = 1; i <= o->children; i++) {
		struct child *c = &k.c[i];
		int in = 0, moves = 0;
		for (size_t j = 0; j < c->nep; j++)
			in |= k.ep[c->ep + j].start <= k.end && k.ep[c->ep + j].end >= year_start;
		for (size_t q = 0; q < c->npl; q++) {
			long s = k.pl[c->pl + q].start;
			int first = 0;
			for (size_t j = 0; j < c->nep; j++)
				first |= k.ep[c->ep + j].start == s;
			moves += s >= year_start && !first;
		}
		k.st.in_year += in;
		k.st.three_moves += in && moves >= 3;
	}
	/* Sibling groups: sizes, and split on 31 July. */
	size = xcalloc((size_t)o->children + 1, sizeof *size);
	for (long i = 1; i <= o->children; i++)
		size[root(&k, (int)i)]++;
	for (long i = 1; i <= o->children; i++) {
		if (root(&k, (int)i) != i || size[i] < 2)
			continue;
		if (size[i] > 5)
			BAD(&whole, "a sibling group of %ld", size[i]);
		k.st.groups[size[i]]++;
		const char *first = NULL;
		int in = 0, split = 0;
		for (long j = 1; j <= o->children; j++) {
			if (!k.c[j].in_care || root(&k, (int)j) != i)
				continue;
			in++;
			if (first && strcmp(first, k.c[j].provider) != 0)
				split = 1;
			first = k.c[j].provider;
		}
		if (in >= 2) {
			k.st.groups_in_care++;
			k.st.groups_split += split;
		}
	}
	free(size);
	*st = k.st;
	free(k.c);
	free(k.ep);
	free(k.pl);
	return NULL;
}

/* check_dir, failing the test on a broken rule. */
static void check_ok(const char *dir, const struct synth_options *o, struct stats *st)
{
	const char *bad = check_dir(dir, o, st);
	if (bad)
		fail_msg("%s", bad);
}

/* ---- the tests that use the checker ---- */

static void test_headers_and_rules_small(void **state)
{
	(void)state;
	/* The smallest datasets, and one council. */
	for (long n = 1; n <= 7; n++) {
		struct synth_options o = {.children = n, .councils = 1, .seed = (uint64_t)n * 7919, .year = 2025};
		char d[PATH_MAX];
		make(&o, d, sizeof d);
		char names[SYNTH_MAX_COUNCILS + 1][16];
		assert_int_equal(councils_list(d, names), 1);
		assert_string_equal(names[0], "S12000049"); /* Glasgow, the largest */
		struct stats st;
		check_ok(d, &o, &st);
		assert_int_equal(st.children, n);
		remove_all(d);
	}
}

static void test_rules_all_councils(void **state)
{
	(void)state;
	/* Years and seeds, including the largest seed. */
	static const struct synth_options runs[] = {
		{.children = 3000, .councils = 32, .seed = 0, .year = 2025},
		{.children = 3000, .councils = 5, .seed = UINT64_MAX, .year = 2010},
		{.children = 2000, .councils = 32, .seed = 123456789, .year = 2000},
	};
	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		char d[PATH_MAX];
		make(&runs[i], d, sizeof d);
		struct stats st;
		check_ok(d, &runs[i], &st);
		assert_int_equal(st.children, runs[i].children);
		if (runs[i].councils == 32) { /* every council of data/council-areas.csv */
			char names[SYNTH_MAX_COUNCILS + 1][16];
			assert_int_equal(councils_list(d, names), 32);
			const struct embedded_file *areas = embedded_find("data/council-areas.csv");
			const char *line = strchr((const char *)areas->data, '\n');
			int n = 0;
			for (; line && line[1]; line = strchr(line + 1, '\n'), n++) {
				int found = 0;
				for (int c = 0; c < 32; c++)
					found |= strncmp(line + 1, names[c], 9) == 0 && line[10] == ',';
				if (!found)
					fail_msg("no directory for %.9s", line + 1);
			}
			assert_int_equal(n, 32);
		}
		remove_all(d);
	}
}

/* Within plus or minus `points` of the published share (in per-mille, no floating
 * point). */
static void near(const char *what, long count, long total, int want_pct, int points)
{
	long per_mille = count * 1000 / total;
	if (per_mille < want_pct * 10 - points * 10 || per_mille > want_pct * 10 + points * 10)
		fail_msg("%s: %ld.%ld%%, not within %d points of %d%%", what, per_mille / 10, per_mille % 10, points,
		         want_pct);
}

static void test_calibration(void **state)
{
	(void)state;
	struct synth_options o = {.children = 20000, .councils = 32, .seed = 2025, .year = 2025};
	char d[PATH_MAX];
	make(&o, d, sizeof d);
	struct stats st;
	check_ok(d, &o, &st);
	remove_all(d);

	/* The placement mix on 31 July (FACTS.md, 2023 and 2024). */
	long total = 0;
	for (int i = 0; i < 6; i++)
		total += st.mix[i];
	assert_true(total > 3000);
	near("at home with parents", st.mix[0], total, 20, 3);
	near("kinship", st.mix[1], total, 35, 3);
	near("foster", st.mix[2], total, 32, 3);
	near("residential", st.mix[3], total, 11, 3);
	near("prospective adopters", st.mix[4], total, 1, 3);
	/* 2.5 placements a child, give or take 0.3. */
	long per_100 = st.placements * 100 / st.children;
	if (per_100 < 220 || per_100 > 280)
		fail_msg("%ld.%02ld placements a child", per_100 / 100, per_100 % 100);
	/* Starts and leavers in the year: 3,105 and 3,398 against 11,844 looked after, 26%
	 * and 29%; here within 5 points. */
	near("starts in the year against those looked after", st.starts, st.looked_after, 26, 5);
	near("ceased in the year against those looked after", st.ceased, st.looked_after, 29, 5);
	/* Continuing care: 33% of eligible leavers. */
	assert_true(st.eligible > 500);
	near("continuing care uptake", st.continuing, st.eligible, 33, 3);
	/* Brothers and sisters: groups of 2 to 5, 50-80% of groups split. */
	for (int s = 2; s <= 5; s++)
		assert_true(st.groups[s] > 0);
	assert_true(st.groups[2] > st.groups[3] && st.groups[3] > st.groups[4] && st.groups[4] > st.groups[5]);
	assert_true(st.groups_in_care > 200);
	long split = st.groups_split * 100 / st.groups_in_care;
	if (split < 50 || split > 80)
		fail_msg("%ld%% of sibling groups split", split);
	/* The rest is there: secure care and YOIs at 16-17, placements in another council
	 * and outside Scotland, school changes with and without a move, a few adoption
	 * breakdowns, restraint mostly in residential care. */
	assert_true(st.secure_or_yoi_16_17 > 0);
	/* Some children have 3 or more moves in the year: about 1.5% (assumed). */
	assert_true(st.three_moves * 1000 > st.in_year * 5 && st.three_moves * 1000 < st.in_year * 30);
	assert_true(st.elsewhere > st.placements / 20);
	assert_true(st.outside > 0 && st.outside < st.placements / 50);
	assert_true(st.moves_with_school > 0 && st.school_without_move > 0);
	assert_true(st.breakdowns > 0 && st.breakdowns < 200);
	assert_true(st.restraints_residential * 100 > st.restraints * 80);
}

/* ---- the checker sees broken files ---- */

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

/* The text with field `field` (0-based) of line `line` (1-based) set to value (the
 * synth files hold no quoted field). */
static char *field_set(const char *text, int line, int field, const char *value)
{
	const char *p = text;
	for (int l = 1; l < line; l++) {
		p = strchr(p, '\n');
		assert_non_null(p);
		p++;
	}
	for (int i = 0; i < field; i++) {
		p = strpbrk(p, ",\n");
		assert_true(p && *p == ',');
		p++;
	}
	size_t keep = (size_t)(p - text), old = strcspn(p, ",\n");
	struct buf b = {0};
	buf_put(&b, text, keep);
	buf_puts(&b, value);
	buf_puts(&b, p + old);
	return buf_steal(&b);
}

/* Field `field` of line `line`, into out. */
static void field_get(const char *text, int line, int field, char *out, size_t n)
{
	char *marked = field_set(text, line, field, "\x01");
	size_t at = (size_t)(strchr(marked, '\x01') - marked);
	free(marked);
	size_t len = strcspn(text + at, ",\n");
	assert_true(len < n);
	memcpy(out, text + at, len);
	out[len] = '\0';
}

/* The first line (from 2) whose child is the same as the line before's, or 0. */
static int line_same_child(const char *text)
{
	char prev[80] = "", cur[80];
	for (int l = 2;; l++) {
		const char *p = text;
		for (int i = 1; i < l && p; i++) {
			p = strchr(p, '\n');
			p = p ? p + 1 : NULL;
		}
		if (!p || !*p)
			return 0;
		field_get(text, l, 0, cur, sizeof cur);
		if (strcmp(cur, prev) == 0)
			return l;
		strcpy(prev, cur);
	}
}

/* The first line (from 2) whose field is not empty, or 0. */
static int line_with(const char *text, int field)
{
	for (int l = 2;; l++) {
		const char *p = text;
		for (int i = 1; i < l && p; i++) {
			p = strchr(p, '\n');
			p = p ? p + 1 : NULL;
		}
		if (!p || !*p)
			return 0;
		char v[80];
		field_get(text, l, field, v, sizeof v);
		if (*v)
			return l;
	}
}

static void test_checker_sees_broken_rows(void **state)
{
	(void)state;
	struct synth_options o = {.children = 300, .councils = 1, .seed = 5, .year = 2025};
	char d[PATH_MAX];
	make(&o, d, sizeof d);
	struct stats st;
	check_ok(d, &o, &st);
	enum { SAME_CHILD = -1, FIRST_ENDED = -2 };
	static const struct {
		const char *file;
		int line, field;
		const char *value; /* NULL: the value of the same field on the line before */
		const char *want;
	} cases[] = {
		{"children.csv", 2, 3, "boy", "an unknown code"},
		{"children.csv", 3, 1, "S12000036", "council 'S12000036' is not the directory's"},
		{"episodes.csv", 1, 2, "finish", "the header is not exactly 'child,start,end,end_reason'"},
		{"episodes.csv", FIRST_ENDED, 3, "", "end_reason is not empty exactly when end is"},
		{"episodes.csv", SAME_CHILD, 1, NULL, "episodes overlap"},
		{"placements.csv", 2, 3, "hotel", "unknown type 'hotel'"},
		{"placements.csv", 2, 5, "", "council is not empty exactly when outside_scotland is yes"},
		{"placements.csv", 2, 7, "EH4 1AB", "location 'EH4 1AB' is not a postcode district"},
		{"placements.csv", 2, 7, "G6", "location 'G6' is not a postcode district keep knows"},
		{"placements.csv", 2, 8, "G6", "home 'G6' is not a postcode district keep knows"},
		{"placements.csv", 2, 1, "1950-01-01", "placement not within one of the child's episodes"},
		{"placements.csv", SAME_CHILD, 1, NULL, "placements overlap"},
		{"legal.csv", 2, 1, "1950-01-01", "legal reason does not start within an episode"},
		{"siblings.csv", 2, 1, "C0000999", "child id 'C0000999' out of range"},
		{"school_changes.csv", 2, 3, NULL, "schools '"},
		{"restraints.csv", 2, 1, "2025-08-01", "date 2025-08-01 is before 1900 or after 31 July 2025"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char p[PATH_MAX + 64];
		snprintf(p, sizeof p, "%s/S12000049/%s", d, cases[i].file);
		size_t len;
		char *orig = slurp(p, &len);
		int line = cases[i].line;
		if (line == SAME_CHILD)
			line = line_same_child(orig);
		if (line == FIRST_ENDED)
			line = line_with(orig, 2);
		assert_true(line > 0);
		char value[80];
		if (cases[i].value)
			snprintf(value, sizeof value, "%s", cases[i].value);
		else if (cases[i].line == SAME_CHILD)
			field_get(orig, line - 1, cases[i].field, value, sizeof value);
		else
			field_get(orig, line, cases[i].field - 1, value, sizeof value); /* to_school = from_school */
		char *broken = field_set(orig, line, cases[i].field, value);
		spit(p, broken);
		const char *bad = check_dir(d, &o, &st);
		if (!bad || !strstr(bad, cases[i].want))
			fail_msg("%s line %d: the checker said '%s', not '%s'", cases[i].file, line, bad ? bad : "nothing",
			         cases[i].want);
		spit(p, orig);
		free(broken);
		free(orig);
	}
	check_ok(d, &o, &st);
	remove_all(d);
}

/* Options out of range are refused, naming what, and nothing is written. */
static void test_bad_options(void **state)
{
	(void)state;
	char d[PATH_MAX];
	assert_int_equal(testutil_make_dir(d, sizeof d, "synth-bad"), 0);
	struct kerr e = {0};
	struct synth_options o = {.children = 0, .councils = 1, .seed = 1, .year = 2025};
	assert_int_equal(synth_write(&o, d, NULL, NULL, NULL, &e), -1);
	assert_string_equal(e.msg, "the number of children must be from 1 to 5000000");
	o.children = 1;
	o.councils = 33;
	assert_int_equal(synth_write(&o, d, NULL, NULL, NULL, &e), -1);
	assert_string_equal(e.msg, "the number of councils must be from 1 to 32");
	o.councils = 1;
	o.year = 1999;
	assert_int_equal(synth_write(&o, d, NULL, NULL, NULL, &e), -1);
	char want[100];
	snprintf(want, sizeof want, "the year must be from 2000 to %d", synth_latest_year());
	assert_string_equal(e.msg, want);
	assert_int_equal(rmdir(d), 0); /* still empty */
}

/* The latest year is the last whose 31 July has come. */
static void test_latest_year(void **state)
{
	(void)state;
	setenv("KEEP_TODAY", "2026-07-30", 1);
	assert_int_equal(synth_latest_year(), 2025);
	setenv("KEEP_TODAY", "2026-07-31", 1);
	assert_int_equal(synth_latest_year(), 2026);
	setenv("KEEP_TODAY", "2026-12-31", 1);
	assert_int_equal(synth_latest_year(), 2026);
	unsetenv("KEEP_TODAY");
}

int main(void)
{
	struct kerr e = {0};
	if (secret_init(&e) < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_seed_same_bytes),
		cmocka_unit_test(test_headers_and_rules_small),
		cmocka_unit_test(test_rules_all_councils),
		cmocka_unit_test(test_calibration),
		cmocka_unit_test(test_checker_sees_broken_rows),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_latest_year),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
