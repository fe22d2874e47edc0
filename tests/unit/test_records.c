/* Unit tests for src/measures/records.c and native.c: the native format of care records
 * (docs/data-spec.md). One test per rule of the data spec, each feeding files that
 * break it and checking the exact FILE:LINE:COLUMN message; the files the issue names
 * (wrong encoding, BOM, CRLF, a missing or extra column, quoted fields, an empty file,
 * garbage); pseudonymisation; and the import: one transaction, replacing, audited,
 * nothing written when anything is wrong. Today is 15 January 2026 (KEEP_TODAY) and the
 * return year 2025 (to 31 July 2025). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/kerr.h"
#include "base/secret.h"
#include "measures/measures.h"
#include "measures/records.h"
#include "place/place.h"
#include "plan/plan.h"
#include "store/store.h"

#define COUNCIL "S12000036"
#define OMIT ((const char *)1)

static const char *const defaults[RECORDS_NFILES] = {
	[RECORDS_CHILDREN] = "child,council,date_of_birth,sex,ethnic_group,disability\n"
	                     "A,S12000036,2010-03-15,female,white_scottish,no\n"
	                     "B,S12000036,2012-07-01,male,mixed,not_known\n",
	[RECORDS_EPISODES] = "child,start,end,end_reason\n"
	                     "A,2020-01-01,2021-06-30,home\n"
	                     "A,2022-01-01,,\n"
	                     "B,2019-05-05,,\n",
	[RECORDS_PLACEMENTS] = "child,start,end,type,provider,council,outside_scotland,location\n"
	                       "A,2020-01-01,2020-06-01,foster_council,P1,S12000036,no,EH4 1AB\n"
	                       "A,2020-06-01,2021-06-30,kinship,,S12000036,no,\n"
	                       "A,2022-01-01,,residential_council_home,\"Home, \"\"Oak\"\"\",S12000036,no,nt 24567 73456\n"
	                       "B,2019-05-05,,foster_purchased,P2,,yes,\n",
};

struct fx {
	char dir[256], path[300], keypath[310];
	struct store *s;
	struct kerr e;
	struct records b;
	bool have_b;
	char got[1 << 16]; /* the problems, one a line */
	unsigned char key[SECRET_KEY_LEN];
};

static int setup(void **state)
{
	setenv("KEEP_TODAY", "2026-01-15", 1);
	struct fx *f = calloc(1, sizeof *f);
	if (!f || testutil_make_dir(f->dir, sizeof f->dir, "records") < 0) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/keep.db", f->dir);
	snprintf(f->keypath, sizeof f->keypath, "%s/keep.db.key", f->dir);
	*state = f;
	f->s = store_open(f->path, STORE_CREATE, &f->e);
	if (!f->s || plan_content_load(f->s, false, &f->e) < 0 || secret_init(&f->e) < 0 ||
	    secret_key_make(f->keypath, &f->e) < 0 || secret_key_read(f->keypath, f->key, &f->e) < 0) {
		fprintf(stderr, "setup: %s\n", f->e.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	if (f->have_b)
		records_free(&f->b);
	store_close(f->s);
	testutil_remove_dir(f->dir);
	free(f);
	return 0;
}

/* How many imports the database holds. */
static size_t imports(struct fx *f)
{
	json_t *all = store_care_imports(f->s, &f->e);
	assert_non_null(all);
	size_t n = json_array_size(all);
	json_decref(all);
	return n;
}

/* Reads the default files with the overrides given as (name, text) pairs ending in NULL
 * (text OMIT leaves the file out; data of a given length with read_n). f->got holds
 * the problems, one a line. When nothing is wrong, saves the batch as the command
 * does; when something is, checks that nothing was written. */
static int read_v(struct fx *f, const char *data0, size_t len0, va_list ap)
{
	const char *text[RECORDS_NFILES];
	size_t len[RECORDS_NFILES];
	for (int k = 0; k < RECORDS_NFILES; k++) {
		text[k] = defaults[k] ? defaults[k] : OMIT;
		len[k] = defaults[k] ? strlen(defaults[k]) : 0;
	}
	const char *name;
	bool first = true;
	while ((name = va_arg(ap, const char *))) {
		const char *t = va_arg(ap, const char *);
		int k = records_file_of(name);
		assert_true(k >= 0);
		text[k] = t;
		len[k] = t == OMIT ? 0 : first && data0 ? len0 : strlen(t);
		first = false;
	}
	struct records_input in[RECORDS_NFILES];
	size_t n = 0;
	for (int k = 0; k < RECORDS_NFILES; k++)
		if (text[k] != OMIT)
			in[n++] = (struct records_input){k, records_file_names[k], text[k], len[k]};
	if (f->have_b)
		records_free(&f->b);
	records_init(&f->b, COUNCIL, 2025);
	f->have_b = true;
	json_t *problems = json_array();
	size_t before = imports(f);
	int rc = records_read_native(&f->b, in, n, "", NULL, NULL, problems, &f->e);
	f->got[0] = '\0';
	size_t i;
	json_t *m;
	json_array_foreach(problems, i, m)
	{
		size_t at = strlen(f->got);
		snprintf(f->got + at, sizeof f->got - at, "%s%s", at ? "\n" : "", json_string_value(m));
	}
	json_decref(problems);
	if (rc == 0) {
		assert_string_equal(f->got, "");
		if (records_save(f->s, &f->b, f->key, "tester", NULL, NULL, NULL, &f->e) < 0)
			fail_msg("save: %s", f->e.msg);
	} else {
		assert_int_equal(imports(f), before);
	}
	return rc;
}

static int read_files(struct fx *f, ...)
{
	va_list ap;
	va_start(ap, f);
	int rc = read_v(f, NULL, 0, ap);
	va_end(ap);
	return rc;
}

/* As read_files, the first override's text being data[0..len) (it may hold NULs). */
static int read_n(struct fx *f, const char *data, size_t len, ...)
{
	va_list ap;
	va_start(ap, len);
	int rc = read_v(f, data, len, ap);
	va_end(ap);
	return rc;
}

/* Expects exactly the problems want (one a line), and nothing imported. */
#define EXPECT(f, want, ...)                                \
	do {                                                    \
		assert_int_equal(read_files((f), __VA_ARGS__), -1); \
		assert_string_equal((f)->got, (want));              \
		assert_int_equal((f)->e.code, KERR_INVALID);        \
	} while (0)

static const char CH_HEAD[] = "child,council,date_of_birth,sex,ethnic_group,disability\n";
static const char EP_HEAD[] = "child,start,end,end_reason\n";
static const char PL_HEAD[] = "child,start,end,type,provider,council,outside_scotland,location\n";

/* ---------------------------------------------------------------- a good import */

static void test_valid_import(void **state)
{
	struct fx *f = *state;
	assert_int_equal(read_files(f, "siblings.csv",
	                            "child,sibling,relationship\nA,B,half\nB,A,half\n", "restraints.csv",
	                            "child,date,setting\nA,2023-03-03,residential\n", "legal.csv",
	                            "child,start,end,reason\nA,2020-01-01,2021-06-30,cso\n", "school_changes.csv",
	                            "child,date,from_school,to_school,with_placement_move\nA,2020-06-01,S1,S2,yes\n",
	                            "adoption_breakdowns.csv",
	                            "child,order_date,disruption_date\nB,2013-01-01,2014-02-02\n", NULL),
	                 0);
	struct records *b = &f->b;
	assert_int_equal(b->children.n, 2);
	assert_int_equal(b->episodes.n, 3);
	assert_int_equal(b->placements.n, 4);
	assert_int_equal(b->siblings.n, 1); /* a pair given twice is one pair */
	assert_int_equal(b->siblings.v[0].child, 0);
	assert_int_equal(b->siblings.v[0].sibling, 1);
	assert_string_equal(b->placements.v[0].location, "EH4");
	assert_string_equal(b->placements.v[2].location, "NT2473");
	assert_string_equal(b->text.p + b->placements.v[2].provider, "Home, \"Oak\"");
	assert_true(b->placements.v[3].outside_scotland);
	assert_string_equal(b->placements.v[3].council, "");
	assert_int_equal(b->episodes.v[1].end, RECORDS_OPEN);
	assert_int_equal(b->episodes.v[1].end_reason, RECORDS_NO_CODE);
	for (int k = 0; k < RECORDS_NFILES; k++)
		assert_true(b->given[k]);

	json_t *all = store_care_imports(f->s, &f->e);
	assert_int_equal(json_array_size(all), 1);
	json_t *imp = json_array_get(all, 0);
	assert_string_equal(json_string_value(json_object_get(imp, "council")), COUNCIL);
	assert_int_equal(json_integer_value(json_object_get(imp, "year")), 2025);
	char *files = json_dumps(json_object_get(imp, "files"), JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(files, "{\"adoption_breakdowns.csv\":1,\"children.csv\":2,\"episodes.csv\":3,\"legal.csv\":1,"
	                           "\"placements.csv\":4,\"restraints.csv\":1,\"school_changes.csv\":1,\"siblings.csv\":1}");
	free(files);
	json_decref(all);

	/* The audit record: counts only, no child. */
	json_t *audit = store_audit_list(f->s, "records-import", NULL, NULL, &f->e);
	assert_int_equal(json_array_size(audit), 1);
	json_t *a = json_array_get(audit, 0);
	assert_string_equal(json_string_value(json_object_get(a, "entity_id")), "S12000036/2025");
	assert_string_equal(json_string_value(json_object_get(a, "verb")), "create");
	assert_string_equal(json_string_value(json_object_get(a, "actor")), "tester");
	char *after = json_dumps(json_object_get(a, "after"), JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(after, "{\"council\":\"S12000036\",\"files\":{\"adoption_breakdowns.csv\":1,\"children.csv\":2,"
	                           "\"episodes.csv\":3,\"legal.csv\":1,\"placements.csv\":4,\"restraints.csv\":1,"
	                           "\"school_changes.csv\":1,\"siblings.csv\":1},\"year\":2025}");
	free(after);
	json_decref(audit);
}

/* Each child's id is HMAC-SHA-256(key, council ":" id), and the ids are wiped. */
static void test_pseudonyms(void **state)
{
	struct fx *f = *state;
	assert_int_equal(read_files(f, NULL), 0);
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char hex[65];
	crypto_auth_hmacsha256(mac, (const unsigned char *)"S12000036:A", 11, f->key);
	sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
	assert_non_null(f->b.hash);
	assert_string_equal(f->b.hash[0], hex);
	assert_string_not_equal(f->b.hash[0], f->b.hash[1]);
	for (size_t i = 0; i < f->b.ids.len; i++)
		assert_int_equal(f->b.ids.p[i], 0);
	/* The same child in another council's data gets another pseudonym. */
	crypto_auth_hmacsha256(mac, (const unsigned char *)"S12000033:A", 11, f->key);
	sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
	assert_string_not_equal(f->b.hash[0], hex);
}

/* Importing the same council and year again replaces the import; another year stays. */
static void test_reimport_replaces(void **state)
{
	struct fx *f = *state;
	assert_int_equal(read_files(f, NULL), 0);
	assert_int_equal(read_files(f, "children.csv",
	                            "child,council,date_of_birth,sex,ethnic_group,disability\n"
	                            "A,S12000036,2010-03-15,female,white_scottish,no\n"
	                            "B,S12000036,2012-07-01,male,mixed,not_known\n"
	                            "C,S12000036,2013-07-01,male,mixed,not_known\n",
	                            NULL),
	                 0);
	json_t *all = store_care_imports(f->s, &f->e);
	assert_int_equal(json_array_size(all), 1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(json_array_get(all, 0), "files"),
	                                                    "children.csv")),
	                 3);
	json_decref(all);
	json_t *audit = store_audit_list(f->s, "records-import", NULL, NULL, &f->e);
	assert_int_equal(json_array_size(audit), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(audit, 1), "verb")), "update");
	json_t *before = json_object_get(json_array_get(audit, 1), "before");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(before, "files"), "children.csv")), 2);
	json_decref(audit);

	/* Another year is another import. */
	records_free(&f->b);
	records_init(&f->b, COUNCIL, 2024);
	struct records_input in[3];
	for (int k = 0; k < 3; k++)
		in[k] = (struct records_input){k, records_file_names[k], defaults[k], strlen(defaults[k])};
	json_t *problems = json_array();
	assert_int_equal(records_read_native(&f->b, in, 3, "", NULL, NULL, problems, &f->e), 0);
	json_decref(problems);
	assert_int_equal(records_save(f->s, &f->b, f->key, "tester", NULL, NULL, NULL, &f->e), 0);
	assert_int_equal(imports(f), 2);
}

/* Files that are not given: the required ones are problems; the others are "not
 * collected" (no count). */
static void test_files_missing_or_twice(void **state)
{
	struct fx *f = *state;
	EXPECT(f,
	       "episodes.csv: the file is missing; every import needs children.csv, episodes.csv and placements.csv\n"
	       "placements.csv: the file is missing; every import needs children.csv, episodes.csv and placements.csv",
	       "episodes.csv", OMIT, "placements.csv", OMIT, NULL);
	assert_int_equal(read_files(f, NULL), 0);
	assert_false(f->b.given[RECORDS_SIBLINGS]);
	json_t *all = store_care_imports(f->s, &f->e);
	assert_null(json_object_get(json_object_get(json_array_get(all, 0), "files"), "siblings.csv"));
	json_decref(all);

	records_free(&f->b);
	records_init(&f->b, COUNCIL, 2025);
	struct records_input in[4];
	for (int k = 0; k < 3; k++)
		in[k] = (struct records_input){k, records_file_names[k], defaults[k], strlen(defaults[k])};
	in[3] = (struct records_input){RECORDS_CHILDREN, "again/children.csv", defaults[0], strlen(defaults[0])};
	json_t *problems = json_array();
	assert_int_equal(records_read_native(&f->b, in, 4, "dir/", NULL, NULL, problems, &f->e), -1);
	assert_string_equal(json_string_value(json_array_get(problems, 0)),
	                    "again/children.csv: children.csv is given twice (also as children.csv)");
	json_decref(problems);
}

static void test_council_not_known(void **state)
{
	struct fx *f = *state;
	records_init(&f->b, "S12000099", 2025);
	f->have_b = true;
	json_t *problems = json_array();
	assert_int_equal(records_read_native(&f->b, NULL, 0, "", NULL, NULL, problems, &f->e), -1);
	assert_int_equal(f->e.code, KERR_USAGE);
	assert_string_equal(f->e.msg, "'S12000099' is not a council area's code (data/council-areas.csv lists them)");
	assert_int_equal(json_array_size(problems), 0);
	json_decref(problems);
}

/* ---------------------------------------------------------------- the files in general */

static void test_wrong_encoding(void **state)
{
	struct fx *f = *state;
	char latin1[256];
	snprintf(latin1, sizeof latin1, "%sA,S12000036,2010-03-15,female,white_scottish,no\nB\xe9,S12000036,", CH_HEAD);
	EXPECT(f, "children.csv:3:2: the text is not UTF-8 (save the file as UTF-8 CSV)", "children.csv", latin1, NULL);
}

/* A BOM and CRLF line ends read as the plain file does. */
static void test_bom_and_crlf(void **state)
{
	struct fx *f = *state;
	assert_int_equal(read_files(f, NULL), 0);
	size_t plain = f->b.children.n + f->b.episodes.n + f->b.placements.n;
	int32_t birth = f->b.children.v[1].birth;

	struct buf bom = {0}, crlf = {0};
	buf_puts(&bom, "\xEF\xBB\xBF");
	buf_puts(&bom, defaults[RECORDS_CHILDREN]);
	for (const char *p = defaults[RECORDS_PLACEMENTS]; *p; p++) {
		if (*p == '\n')
			buf_putc(&crlf, '\r');
		buf_putc(&crlf, *p);
	}
	assert_int_equal(read_files(f, "children.csv", buf_str(&bom), "placements.csv", buf_str(&crlf), NULL), 0);
	assert_int_equal(f->b.children.n + f->b.episodes.n + f->b.placements.n, plain);
	assert_int_equal(f->b.children.v[1].birth, birth);
	assert_string_equal(f->b.placements.v[2].location, "NT2473");
	assert_string_equal(f->b.text.p + f->b.placements.v[2].provider, "Home, \"Oak\"");
	buf_free(&bom);
	buf_free(&crlf);
}

static void test_missing_column(void **state)
{
	struct fx *f = *state;
	EXPECT(f, "children.csv:1:1: the column 'ethnic_group' is missing",
	       "children.csv", "child,council,date_of_birth,sex,disability\nA,S12000036,2010-03-15,female,no\n", NULL);
}

static void test_extra_column(void **state)
{
	struct fx *f = *state;
	EXPECT(f,
	       "episodes.csv:1:28: 'name' is not a column of episodes.csv: its columns are child, start, end, end_reason",
	       "episodes.csv", "child,start,end,end_reason,name\nA,2020-01-01,,,x\n", NULL);
}

static void test_repeated_column(void **state)
{
	struct fx *f = *state;
	EXPECT(f, "episodes.csv:1:28: the column 'start' is there twice", "episodes.csv",
	       "child,start,end,end_reason,start\nA,2020-01-01,,,2020-01-01\n", NULL);
}

/* Columns in any order. */
static void test_columns_in_any_order(void **state)
{
	struct fx *f = *state;
	assert_int_equal(read_files(f, "episodes.csv",
	                            "end_reason,end,start,child\nhome,2021-06-30,2020-01-01,A\n,,2022-01-01,A\n,,2019-05-05,B\n",
	                            NULL),
	                 0);
	assert_int_equal(f->b.episodes.n, 3);
}

/* Quoted fields hold commas, quotes and line breaks; lines are counted through them. */
static void test_quoted_fields(void **state)
{
	struct fx *f = *state;
	char pl[1024];
	snprintf(pl, sizeof pl,
	         "%sA,2020-01-01,2020-06-01,foster_council,\"Line one,\nline \"\"two\"\"\",S12000036,no,EH4\n"
	         "A,2020-06-01,2021-06-30,kinship,,S12000036,no,\n"
	         "A,2022-01-01,,residential_council_home,,S12000036,no,\n"
	         "B,2019-05-05,,foster_purchased,P2,,yes,\n",
	         PL_HEAD);
	assert_int_equal(read_files(f, "placements.csv", pl, NULL), 0);
	assert_string_equal(f->b.text.p + f->b.placements.v[0].provider, "Line one,\nline \"two\"");
	/* A problem after the quoted line break names the line it is on. */
	snprintf(pl, sizeof pl,
	         "%sA,2020-01-01,2020-06-01,foster_council,\"Line one,\nline two\",S12000036,no,EH4\n"
	         "A,2020-06-01,2021-06-30,kinship,,S12000036,no,\n"
	         "A,2022-01-01,,residential_council_home,,S12000036,maybe,\n"
	         "B,2019-05-05,,foster_purchased,P2,,yes,\n",
	         PL_HEAD);
	EXPECT(f, "placements.csv:5:51: 'maybe' is not a code for outside_scotland: write yes or no", "placements.csv", pl,
	       NULL);
}

static void test_empty_file(void **state)
{
	struct fx *f = *state;
	EXPECT(f,
	       "children.csv:1:1: the file is empty: it needs a header row "
	       "(child,council,date_of_birth,sex,ethnic_group,disability)",
	       "children.csv", "", NULL);
	/* A header alone is "none": fine for a file that may be left out. */
	assert_int_equal(read_files(f, "siblings.csv", "child,sibling,relationship\n", NULL), 0);
	assert_true(f->b.given[RECORDS_SIBLINGS]);
	assert_int_equal(f->b.siblings.n, 0);
}

static void test_row_width(void **state)
{
	struct fx *f = *state;
	EXPECT(f, "episodes.csv:3:1: this row has 3 fields; the header has 4\n"
	          "episodes.csv:5:1: this row has 5 fields; the header has 4",
	       "episodes.csv", "child,start,end,end_reason\nA,2020-01-01,,\nB,2019-05-05,\n\nB,2019-05-05,,,\n", NULL);
}

/* 64 MiB of random bytes: one message, at once. */
static void test_garbage(void **state)
{
	struct fx *f = *state;
	size_t n = 64u << 20;
	char *junk = malloc(n);
	assert_non_null(junk);
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		junk[i] = (char)(x >> 24);
	}
	junk[0] = (char)0xff;
	clock_t t0 = clock();
	assert_int_equal(read_n(f, junk, n, "children.csv", junk, NULL), -1);
	assert_string_equal(f->got, "children.csv:1:1: the text is not UTF-8 (save the file as UTF-8 CSV)");
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
	free(junk);
}

/* 64 MiB of text that is no CSV of records: a header, then lines of letters (each a row
 * of one field). The first 100 problems, the count of the rest, and quickly. */
static void test_text_garbage(void **state)
{
	struct fx *f = *state;
	size_t n = 64u << 20;
	char *junk = malloc(n + 1);
	assert_non_null(junk);
	size_t at = (size_t)snprintf(junk, n, "%s", EP_HEAD), lines = 0;
	uint32_t x = 88172645u;
	while (at < n) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		bool end = at + 1 == n || (x % 40 == 0 && junk[at - 1] != '\n');
		junk[at++] = end ? '\n' : (char)('a' + x % 26);
		lines += end;
	}
	junk[n] = '\0';
	clock_t t0 = clock();
	assert_int_equal(read_files(f, "episodes.csv", junk, NULL), -1);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	char want[128];
	snprintf(want, sizeof want, "\nand %zu more problems", lines - 100);
	size_t got = strlen(f->got), w = strlen(want);
	assert_true(got > w);
	assert_string_equal(f->got + got - w, want);
	static const char first[] = "episodes.csv:2:1: this row has 1 field; the header has 4\n"
	                            "episodes.csv:3:1: this row has 1 field; the header has 4\n";
	assert_memory_equal(f->got, first, strlen(first));
	size_t shown = 0;
	for (const char *p = f->got; *p; p++)
		shown += *p == '\n';
	assert_int_equal(shown, 100); /* 100 problems, then the count */
	char msg[128];
	snprintf(msg, sizeof msg, "%zu problems in the records: nothing was imported", lines);
	assert_string_equal(f->e.msg, msg);
	assert_true(secs < 30.0);
	free(junk);
}

/* ---------------------------------------------------------------- values */

static void test_required_value_empty(void **state)
{
	struct fx *f = *state;
	EXPECT(f, "children.csv:3:24: sex is empty; it needs a value", "children.csv",
	       "child,council,date_of_birth,sex,ethnic_group,disability\n"
	       "A,S12000036,2010-03-15,female,white_scottish,no\n"
	       "B,S12000036,2012-07-01,,mixed,not_known\n",
	       NULL);
}

static void test_dates(void **state)
{
	struct fx *f = *state;
	EXPECT(f,
	       "children.csv:2:13: '2010-3-15' is not a date: write a real date as YYYY-MM-DD\n"
	       "children.csv:3:13: '2012-02-30' is not a date: write a real date as YYYY-MM-DD\n"
	       "children.csv:4:13: '1899-12-31' is before 1 January 1900\n"
	       "children.csv:5:13: '2026-01-16' is in the future\n"
	       "children.csv:6:13: '2025-08-01' is after 31 July 2025, the end of the return year 2025",
	       "children.csv",
	       "child,council,date_of_birth,sex,ethnic_group,disability\n"
	       "A,S12000036,2010-3-15,female,white_scottish,no\n"
	       "B,S12000036,2012-02-30,male,mixed,not_known\n"
	       "C,S12000036,1899-12-31,male,mixed,not_known\n"
	       "D,S12000036,2026-01-16,male,mixed,not_known\n"
	       "E,S12000036,2025-08-01,male,mixed,not_known\n",
	       "episodes.csv", EP_HEAD, "placements.csv", PL_HEAD, NULL);
	/* 31 July of the year, and a leap day, are fine. */
	assert_int_equal(read_files(f, "children.csv",
	                            "child,council,date_of_birth,sex,ethnic_group,disability\n"
	                            "A,S12000036,2012-02-29,female,white_scottish,no\n"
	                            "B,S12000036,2025-07-31,male,mixed,not_known\n",
	                            "episodes.csv", EP_HEAD, "placements.csv", PL_HEAD, NULL),
	                 0);
}

/* Dates are read through a table of months: every month's first and last day, in years
 * with and without a leap day (1900 and 2100 have none, 2000 has one), is the day
 * date_days gives; the day after each month's last is not a date. */
static void test_dates_every_month(void **state)
{
	struct fx *f = *state;
	static const int years[] = {1900, 1904, 1999, 2000, 2023, 2024};
	struct buf ok = {0}, bad = {0}, want = {0};
	buf_puts(&ok, "child,council,date_of_birth,sex,ethnic_group,disability\n");
	buf_puts(&bad, "child,council,date_of_birth,sex,ethnic_group,disability\n");
	long days[200];
	size_t n = 0, line = 2;
	for (size_t y = 0; y < sizeof years / sizeof years[0]; y++)
		for (int m = 1; m <= 12; m++) {
			int last = 28;
			while (last < 31 && date_valid((struct kdate){years[y], m, last + 1}))
				last++;
			int firstlast[2] = {1, last};
			for (int k = 0; k < 2; k++) {
				buf_printf(&ok, "C%zu,S12000036,%04d-%02d-%02d,female,white_scottish,no\n", n, years[y], m,
				           firstlast[k]);
				days[n++] = date_days((struct kdate){years[y], m, firstlast[k]});
			}
			buf_printf(&bad, "D%zu,S12000036,%04d-%02d-%02d,female,white_scottish,no\n", line, years[y], m, last + 1);
			buf_printf(&want, "%schildren.csv:%zu:%zu: '%04d-%02d-%02d' is not a date: write a real date as YYYY-MM-DD",
			           line == 2 ? "" : "\n", line, (size_t)(14 + (line >= 10) + (line >= 100)), years[y], m, last + 1);
			line++;
		}
	assert_int_equal(read_files(f, "children.csv", ok.p, "episodes.csv", EP_HEAD, "placements.csv", PL_HEAD, NULL),
	                 0);
	assert_int_equal(f->b.children.n, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(f->b.children.v[i].birth, days[i]);
	assert_int_equal(read_files(f, "children.csv", bad.p, "episodes.csv", EP_HEAD, "placements.csv", PL_HEAD, NULL),
	                 -1);
	assert_string_equal(f->got, want.p);
	buf_free(&ok);
	buf_free(&bad);
	buf_free(&want);
}

/* ---------------------------------------------------------------- children.csv */

static void test_child_id(void **state)
{
	struct fx *f = *state;
	char ch[512];
	snprintf(ch, sizeof ch,
	         "%s,S12000036,2010-03-15,female,white_scottish,no\n"
	         "%0*d,S12000036,2010-03-15,female,white_scottish,no\n"
	         "A,S12000036,2010-03-15,female,white_scottish,no\n"
	         "B,S12000036,2012-07-01,male,mixed,not_known\n"
	         "A,S12000036,2011-03-15,female,white_scottish,no\n",
	         CH_HEAD, 65, 7);
	EXPECT(f,
	       "children.csv:2:1: child is empty; it needs a value\n"
	       "children.csv:3:1: child is longer than 64 characters\n"
	       "children.csv:6:1: this child is already on line 4",
	       "children.csv", ch, NULL);
}

static void test_child_council(void **state)
{
	struct fx *f = *state;
	EXPECT(f,
	       "children.csv:2:3: 'S12000033' is not the council being imported (S12000036)\n"
	       "children.csv:3:3: 'S1200003' is not a council area's code (data/council-areas.csv lists them)",
	       "children.csv",
	       "child,council,date_of_birth,sex,ethnic_group,disability\n"
	       "A,S12000033,2010-03-15,female,white_scottish,no\n"
	       "B,S1200003,2012-07-01,male,mixed,not_known\n",
	       NULL);
}

static void test_child_codes(void **state)
{
	struct fx *f = *state;
	EXPECT(f,
	       "children.csv:2:24: 'Female' is not a code for sex: write male, female, other or not_known\n"
	       "children.csv:3:29: 'scottish' is not a code for ethnic_group: write white_scottish, "
	       "white_other_british, white_irish, white_polish, white_gypsy_traveller, white_other, mixed, asian, "
	       "african, caribbean_or_black, other or not_known\n"
	       "children.csv:3:38: 'maybe' is not a code for disability: write yes, no or not_known",
	       "children.csv",
	       "child,council,date_of_birth,sex,ethnic_group,disability\n"
	       "A,S12000036,2010-03-15,Female,white_scottish,no\n"
	       "B,S12000036,2012-07-01,male,scottish,maybe\n",
	       NULL);
}

/* ---------------------------------------------------------------- episodes.csv */

static void test_unknown_child(void **state)
{
	struct fx *f = *state;
	EXPECT(f, "episodes.csv:3:1: this child is not in children.csv", "episodes.csv",
	       "child,start,end,end_reason\nA,2020-01-01,,\nSECRET-ID-9,2019-05-05,,\nB,2019-05-05,,\n", NULL);
	assert_null(strstr(f->got, "SECRET"));
}

static void test_episode_end_before_start(void **state)
{
	struct fx *f = *state;
	EXPECT(f, "episodes.csv:2:14: the end, 2019-12-31, is before the start, 2020-01-01", "episodes.csv",
	       "child,start,end,end_reason\nA,2020-01-01,2019-12-31,home\nB,2019-05-05,,\n", NULL);
}

static void test_episode_end_reason(void **state)
{
	struct fx *f = *state;
	EXPECT(f,
	       "episodes.csv:2:25: end_reason is empty; an episode that has ended needs one\n"
	       "episodes.csv:3:15: an episode that has not ended has no end_reason: leave it empty, or give the end\n"
	       "episodes.csv:4:15: 'gone' is not a code for end_reason: write home, kinship, adopted, permanence_order, "
	       "continuing_care, independent_living, custody, died, other or not_known",
	       "episodes.csv", "child,start,end,end_reason\nA,2020-01-01,2021-06-30,\nA,2022-01-01,,home\nB,2019-05-05,,gone\n",
	       NULL);
}

static void test_episode_before_birth(void **state)
{
	struct fx *f = *state;
	EXPECT(f, "episodes.csv:2:3: '2010-03-14' is before the child's date of birth", "episodes.csv",
	       "child,start,end,end_reason\nA,2010-03-14,2010-04-01,home\nB,2019-05-05,,\n", NULL);
}

static void test_episodes_overlap(void **state)
{
	struct fx *f = *state;
	/* One ending on the day the next starts is fine; one starting before is not; an
	 * episode that goes on overlaps every later one. */
	EXPECT(f,
	       "episodes.csv:3:3: this episode overlaps the child's episode on line 2\n"
	       "episodes.csv:6:3: this episode overlaps the child's episode on line 5",
	       "episodes.csv",
	       "child,start,end,end_reason\n"
	       "A,2020-01-01,2021-06-30,home\n"
	       "A,2021-06-29,2021-12-31,home\n"
	       "A,2021-12-31,2022-01-31,home\n"
	       "B,2019-05-05,,\n"
	       "B,2020-05-05,2020-06-01,home\n",
	       "placements.csv", PL_HEAD, NULL);
}

/* ---------------------------------------------------------------- placements.csv */

static void test_placement_outside_episodes(void **state)
{
	struct fx *f = *state;
	EXPECT(f,
	       "placements.csv:2:3: the start, 2021-07-01, is not within one of the child's episodes (episodes.csv)\n"
	       "placements.csv:3:14: the end, 2021-07-01, is after the episode the placement is in (episodes.csv line 2) "
	       "ended on 2021-06-30\n"
	       "placements.csv:4:14: end is empty, but the episode the placement is in (episodes.csv line 2) ended on "
	       "2021-06-30",
	       "placements.csv",
	       "child,start,end,type,provider,council,outside_scotland,location\n"
	       "A,2021-07-01,2021-08-01,kinship,,S12000036,no,\n"
	       "A,2020-01-01,2021-07-01,kinship,,S12000036,no,\n"
	       "A,2021-06-30,,kinship,,S12000036,no,\n",
	       NULL);
}

/* An episode may start on the day the one before it ended (docs/data-spec.md): a
 * placement from that day belongs to the new episode, not the one that ended. */
static void test_placement_in_episode_starting_the_day_the_last_ended(void **state)
{
	struct fx *f = *state;
	assert_int_equal(read_files(f, "episodes.csv",
	                            "child,start,end,end_reason\n"
	                            "A,2023-06-01,2023-10-01,home\n"
	                            "A,2023-10-01,,\n"
	                            "B,2019-05-05,,\n",
	                            "placements.csv",
	                            "child,start,end,type,provider,council,outside_scotland,location\n"
	                            "A,2023-06-01,2023-09-30,kinship,,S12000036,no,\n"
	                            "A,2023-10-01,,foster_council,P1,S12000036,no,\n"
	                            "B,2019-05-05,,kinship,,S12000036,no,\n",
	                            NULL),
	                 f->got[0] ? -1 : 0);
	assert_string_equal(f->got, "");
	/* A placement that runs past the day still has to end within one episode. */
	EXPECT(f,
	       "placements.csv:3:14: the end, 2023-10-02, is after the episode the placement is in (episodes.csv line 2) "
	       "ended on 2023-10-01",
	       "episodes.csv",
	       "child,start,end,end_reason\n"
	       "A,2023-06-01,2023-10-01,home\n"
	       "A,2023-10-03,,\n",
	       "placements.csv",
	       "child,start,end,type,provider,council,outside_scotland,location\n"
	       "A,2023-06-01,2023-09-30,kinship,,S12000036,no,\n"
	       "A,2023-10-01,2023-10-02,kinship,,S12000036,no,\n",
	       NULL);
}

/* placements.csv may have a home column (the child's home, for the distance from home,
 * docs/measures.md measure 12): a postcode or district, kept as the district, never
 * quoted in a message; a file without the column has no home known. */
static void test_home_column(void **state)
{
	struct fx *f = *state;
	assert_int_equal(read_files(f, "placements.csv",
	                            "child,home,start,end,type,provider,council,outside_scotland,location\n"
	                            "A,KY1 1AA,2020-01-01,2020-06-01,foster_council,P1,S12000036,no,EH4 1AB\n"
	                            "A,ky1,2020-06-01,2021-06-30,kinship,,S12000036,no,\n"
	                            "A,,2022-01-01,,kinship,,S12000036,no,\n"
	                            "B,,2019-05-05,,foster_purchased,P2,,yes,\n",
	                            NULL),
	                 0);
	assert_string_equal(f->b.placements.v[0].home, "KY1");
	assert_string_equal(f->b.placements.v[1].home, "KY1");
	assert_string_equal(f->b.placements.v[2].home, "");
	assert_int_equal(read_files(f, NULL), 0); /* the default file, without the column */
	assert_string_equal(f->b.placements.v[0].home, "");
	EXPECT(f, "placements.csv:2:64: home is not a postcode or a postcode district\n"
	          "placements.csv:3:1: this row has 8 fields; the header has 9",
	       "placements.csv",
	       "child,start,end,type,provider,council,outside_scotland,location,home\n"
	       "A,2020-01-01,2020-06-01,foster_council,P1,S12000036,no,EH4 1AB,12 Acacia Avenue\n"
	       "A,2020-06-01,2021-06-30,kinship,,S12000036,no,\n",
	       NULL);
}

/* placements.csv may have a service column (a care service's registration number:
 * letters and digits, up to 16) and a sector column (council, third, private), each
 * empty when not known; a file without them (the default) still imports, with none
 * known. Both are stored with the placement and read back. */
static void test_service_and_sector_columns(void **state)
{
	struct fx *f = *state;
	assert_int_equal(
	    read_files(f, "placements.csv",
	               "child,start,end,type,provider,council,outside_scotland,location,sector,service\n"
	               "A,2020-01-01,2020-06-01,foster_council,P1,S12000036,no,EH4 1AB,council,CS2003001234\n"
	               "A,2020-06-01,2021-06-30,kinship,,S12000036,no,,,\n"
	               "A,2022-01-01,,residential_council_home,,S12000036,no,,private,CS2019000001\n"
	               "B,2019-05-05,,foster_purchased,P2,,yes,,third,\n",
	               NULL),
	    0);
	struct records *b = &f->b;
	assert_string_equal(b->placements.v[0].service, "CS2003001234");
	assert_int_equal(records_sector(&b->placements.v[0]), PS_COUNCIL);
	assert_string_equal(b->placements.v[1].service, "");
	assert_int_equal(records_sector(&b->placements.v[1]), -1);
	assert_int_equal(records_sector(&b->placements.v[2]), PS_PRIVATE);
	assert_int_equal(records_sector(&b->placements.v[3]), PS_THIRD);
	assert_string_equal(b->placements.v[3].service, "");

	/* Stored and read back, by child then start. */
	json_t *all = store_care_latest(f->s, 2025, &f->e);
	assert_int_equal(json_array_size(all), 1);
	struct records back;
	assert_int_equal(measures_load(f->s, json_array_get(all, 0), &back, &f->e), 0);
	json_decref(all);
	assert_int_equal(back.placements.n, 4);
	int seen = 0;
	for (size_t i = 0; i < back.placements.n; i++) {
		const struct records_placement *r = &back.placements.v[i];
		if (strcmp(r->service, "CS2003001234") == 0 && records_sector(r) == PS_COUNCIL)
			seen |= 1;
		if (strcmp(r->service, "CS2019000001") == 0 && records_sector(r) == PS_PRIVATE)
			seen |= 2;
		if (r->outside_scotland && !r->service[0] && records_sector(r) == PS_THIRD)
			seen |= 4;
		if (r->type == 1 /* kinship */ && !r->service[0] && records_sector(r) < 0)
			seen |= 8;
	}
	assert_int_equal(seen, 15);
	records_free(&back);

	/* Old files, without the columns: none known. */
	assert_int_equal(read_files(f, NULL), 0);
	assert_string_equal(f->b.placements.v[0].service, "");
	assert_int_equal(records_sector(&f->b.placements.v[0]), -1);

	EXPECT(f,
	       "placements.csv:2:72: service is not a care service's registration number: letters and "
	       "digits, up to 16\n"
	       "placements.csv:3:48: 'charity' is not a code for sector: write council, third or private, or "
	       "leave it "
	       "empty\n"
	       "placements.csv:4:56: service is not a care service's registration number: letters and "
	       "digits, up to 16",
	       "placements.csv",
	       "child,start,end,type,provider,council,outside_scotland,location,sector,service\n"
	       "A,2020-01-01,2020-06-01,foster_council,P1,S12000036,no,EH4 1AB,council,CS-2003\n"
	       "A,2020-06-01,2021-06-30,kinship,,S12000036,no,,charity,\n"
	       "A,2022-01-01,,residential_council_home,,S12000036,no,,,CS20030012345678X\n",
	       NULL);
}

static void test_placements_overlap(void **state)
{
	struct fx *f = *state;
	EXPECT(f, "placements.csv:3:3: this placement overlaps the child's placement on line 2", "placements.csv",
	       "child,start,end,type,provider,council,outside_scotland,location\n"
	       "A,2020-01-01,2020-06-01,kinship,,S12000036,no,\n"
	       "A,2020-05-31,2021-06-30,kinship,,S12000036,no,\n"
	       "B,2019-05-05,,kinship,,S12000036,no,\n",
	       NULL);
}

static void test_placement_end_before_start(void **state)
{
	struct fx *f = *state;
	EXPECT(f, "placements.csv:2:14: the end, 2019-12-31, is before the start, 2020-01-01", "placements.csv",
	       "child,start,end,type,provider,council,outside_scotland,location\n"
	       "A,2020-01-01,2019-12-31,kinship,,S12000036,no,\n",
	       NULL);
}

static void test_placement_values(void **state)
{
	struct fx *f = *state;
	char pl[1024];
	snprintf(pl, sizeof pl,
	         "%s"
	         "A,2020-01-01,2020-06-01,foster,,S12000036,no,\n"
	         "A,2020-06-01,2021-06-30,kinship,%065d,S12000036,no,\n"
	         "A,2022-01-01,,kinship,,,no,\n"
	         "B,2019-05-05,2019-06-01,kinship,,S12000036,yes,\n"
	         "B,2019-06-01,2019-07-01,kinship,,S12000099,no,\n"
	         "B,2019-07-01,2019-08-01,kinship,,S12000036,No,\n"
	         "B,2019-08-01,,kinship,,S12000036,no,EH4 1A\n",
	         PL_HEAD, 1);
	EXPECT(f,
	       "placements.csv:2:25: 'foster' is not a code for type: write home_parents, kinship, foster_council, "
	       "foster_purchased, prospective_adopters, other_community, residential_council_home, "
	       "residential_voluntary_home, residential_school, secure, crisis_care, young_offender_institution or "
	       "residential_other\n"
	       "placements.csv:3:33: provider is longer than 64 characters\n"
	       "placements.csv:4:24: council is empty; a placement in Scotland needs the council area it is in\n"
	       "placements.csv:5:34: a placement outside Scotland has no council: leave council empty, or set "
	       "outside_scotland to no\n"
	       "placements.csv:6:34: 'S12000099' is not a council area's code (data/council-areas.csv lists them)\n"
	       "placements.csv:7:44: 'No' is not a code for outside_scotland: write yes or no\n"
	       "placements.csv:8:37: 'EH4 1A' is not a postcode, a postcode district or a grid reference",
	       "placements.csv", pl, NULL);
}

static void test_locations(void **state)
{
	struct fx *f = *state;
	static const char *const in[][2] = {
		{"EH4 1AB", "EH4"}, {"eh41ab", "EH4"},   {"G2 1DY", "G2"},        {"W1A 1AA", "W1A"},
		{"EH4", "EH4"},     {"AB10", "AB10"},    {"NT2473", "NT2473"},    {"NT 245 735", "NT2473"},
		{"NT27", "NT27"},   {"nt2456773456", "NT2473"},
	};
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		char pl[512];
		snprintf(pl, sizeof pl, "%sB,2019-05-05,,kinship,,S12000036,no,%s\n", PL_HEAD, in[i][0]);
		if (read_files(f, "placements.csv", pl, NULL) != 0)
			fail_msg("%s: %s", in[i][0], f->got);
		assert_string_equal(f->b.placements.v[0].location, in[i][1]);
	}
	static const char *const bad[] = {"EH", "EH4 1AB X", "NT247", "II2473", "ZZ2473"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char pl[512], want[256];
		snprintf(pl, sizeof pl, "%sB,2019-05-05,,kinship,,S12000036,no,%s\n", PL_HEAD, bad[i]);
		snprintf(want, sizeof want,
		         "placements.csv:2:37: '%s' is not a postcode, a postcode district or a grid reference", bad[i]);
		EXPECT(f, want, "placements.csv", pl, NULL);
	}
	/* Not the shape of a location (it could be an id): not quoted. */
	EXPECT(f, "placements.csv:2:37: location is not a postcode, a postcode district or a grid reference",
	       "placements.csv",
	       "child,start,end,type,provider,council,outside_scotland,location\nB,2019-05-05,,kinship,,S12000036,no,12345\n",
	       NULL);
}

/* ---------------------------------------------------------------- legal.csv */

static void test_legal(void **state)
{
	struct fx *f = *state;
	EXPECT(f,
	       "legal.csv:2:3: the start, 2021-07-01, is not within one of the child's episodes (episodes.csv)\n"
	       "legal.csv:3:14: the end, 2019-12-31, is before the start, 2020-01-01\n"
	       "legal.csv:4:15: 'order' is not a code for reason: write cso, interim_cso, section_25, permanence_order, "
	       "child_protection_order, warrant or other",
	       "legal.csv",
	       "child,start,end,reason\n"
	       "A,2021-07-01,,cso\n"
	       "A,2020-01-01,2019-12-31,cso\n"
	       "B,2019-05-05,,order\n",
	       NULL);
}

/* ---------------------------------------------------------------- siblings.csv */

static void test_siblings(void **state)
{
	struct fx *f = *state;
	EXPECT(f,
	       "siblings.csv:2:3: this sibling is not in children.csv\n"
	       "siblings.csv:3:3: a child cannot be their own sibling: sibling names the same child\n"
	       "siblings.csv:4:5: 'cousin' is not a code for relationship: write full, half, step or other\n"
	       "siblings.csv:6:5: this pair is already on line 5 as 'full'; a pair is one relationship",
	       "siblings.csv",
	       "child,sibling,relationship\n"
	       "A,Z,full\n"
	       "A,A,full\n"
	       "A,B,cousin\n"
	       "A,B,full\n"
	       "B,A,half\n",
	       NULL);
}

/* ---------------------------------------------------------------- school_changes.csv */

static void test_school_changes(void **state)
{
	struct fx *f = *state;
	EXPECT(f,
	       "school_changes.csv:2:3: the date, 2021-07-01, is not within one of the child's episodes (episodes.csv)\n"
	       "school_changes.csv:3:14: from_school is empty; it needs a value\n"
	       "school_changes.csv:4:17: to_school is longer than 16 characters\n"
	       "school_changes.csv:5:17: to_school is the same as from_school: a change is to another school\n"
	       "school_changes.csv:6:20: 'y' is not a code for with_placement_move: write yes or no",
	       "school_changes.csv",
	       "child,date,from_school,to_school,with_placement_move\n"
	       "A,2021-07-01,S1,S2,yes\n"
	       "A,2020-02-01,,S2,yes\n"
	       "A,2020-02-01,S1,S12345678901234567,no\n"
	       "A,2020-02-01,S1,S1,no\n"
	       "A,2020-02-01,S1,S2,y\n",
	       NULL);
}

/* ---------------------------------------------------------------- adoption_breakdowns.csv */

static void test_adoption_breakdowns(void **state)
{
	struct fx *f = *state;
	EXPECT(f,
	       "adoption_breakdowns.csv:2:3: '2010-03-15' is not after the child's date of birth\n"
	       "adoption_breakdowns.csv:3:14: the disruption_date, 2012-12-31, is before the order_date, 2013-01-01",
	       "adoption_breakdowns.csv",
	       "child,order_date,disruption_date\n"
	       "A,2010-03-15,2011-01-01\n"
	       "B,2013-01-01,2012-12-31\n",
	       NULL);
}

/* ---------------------------------------------------------------- restraints.csv */

static void test_restraints(void **state)
{
	struct fx *f = *state;
	EXPECT(f,
	       "restraints.csv:2:3: the date, 2021-07-01, is not within one of the child's placements (placements.csv)\n"
	       "restraints.csv:3:14: 'hold' is not a code for setting: write residential, secure, school, foster, "
	       "kinship or other",
	       "restraints.csv",
	       "child,date,setting\n"
	       "A,2021-07-01,residential\n"
	       "A,2020-02-01,hold\n",
	       NULL);
}

/* A mistake in children.csv is reported once, not again on every row that names the
 * child; one in episodes.csv does not make the placements' checks against episodes
 * report more. */
static void test_one_mistake_once(void **state)
{
	struct fx *f = *state;
	EXPECT(f, "children.csv:3:13: date_of_birth is not a date: write a real date as YYYY-MM-DD", "children.csv",
	       "child,council,date_of_birth,sex,ethnic_group,disability\n"
	       "A,S12000036,2010-03-15,female,white_scottish,no\n"
	       "B,S12000036,not a date,male,mixed,not_known\n",
	       NULL);
	EXPECT(f, "episodes.csv:2:3: start is not a date: write a real date as YYYY-MM-DD", "episodes.csv",
	       "child,start,end,end_reason\nA,x,2021-06-30,home\nA,2022-01-01,,\nB,2019-05-05,,\n", NULL);
	EXPECT(f, "children.csv:2:2: a quote inside a field that does not start with one (quote the whole field)",
	       "children.csv", "child,council,date_of_birth,sex,ethnic_group,disability\nA\"", NULL);
}

/* Every date about a child is checked against the child's date of birth (B: 1 July
 * 2012), and only that is said of a row whose date is before it. */
static void test_before_birth_everywhere(void **state)
{
	struct fx *f = *state;
	EXPECT(f,
	       "placements.csv:3:3: '2012-06-30' is before the child's date of birth\n"
	       "legal.csv:2:3: '2012-06-30' is before the child's date of birth\n"
	       "school_changes.csv:2:3: '2012-06-30' is before the child's date of birth\n"
	       "restraints.csv:2:3: '2012-06-30' is before the child's date of birth",
	       "placements.csv",
	       "child,start,end,type,provider,council,outside_scotland,location\n"
	       "B,2019-05-05,,kinship,,S12000036,no,\n"
	       "B,2012-06-30,2012-07-30,kinship,,S12000036,no,\n",
	       "legal.csv", "child,start,end,reason\nB,2012-06-30,,cso\n", "school_changes.csv",
	       "child,date,from_school,to_school,with_placement_move\nB,2012-06-30,S1,S2,no\n", "restraints.csv",
	       "child,date,setting\nB,2012-06-30,secure\n", NULL);
}

/* No message quotes a child's id, even from a file whose header is in another order than
 * its rows, or that has no header: a value is quoted only when it has its column's
 * shape and is no known child's id. */
static void test_no_id_in_messages(void **state)
{
	struct fx *f = *state;
	EXPECT(f,
	       "children.csv:2:1: council is not a council area's code (data/council-areas.csv lists them)\n"
	       "children.csv:3:8: this child is already on line 2\n"
	       "children.csv:3:1: council is not a council area's code (data/council-areas.csv lists them)",
	       "children.csv",
	       "council,child,date_of_birth,sex,ethnic_group,disability\n"
	       "KID001,S12000036,2010-03-15,female,white_scottish,no\n"
	       "KID002,S12000036,2012-07-01,male,mixed,not_known\n",
	       "episodes.csv", EP_HEAD, "placements.csv", PL_HEAD, NULL);
	assert_null(strstr(f->got, "KID"));
	EXPECT(f,
	       "children.csv:1:1: the first row is not a header: it names none of the columns of children.csv (child, "
	       "council, date_of_birth, sex, ethnic_group, disability)",
	       "children.csv", "KID001,S12000036,2010-03-15,female,white_scottish,no\n", "episodes.csv", EP_HEAD,
	       "placements.csv", PL_HEAD, NULL);
	EXPECT(f,
	       "episodes.csv:1:28: column 5 of the header is not a column of episodes.csv: its columns are child, start, "
	       "end, end_reason",
	       "episodes.csv", "child,start,end,end_reason,KID001\nA,B,,,x\n", NULL);
	/* A value that is its own row's child id, before that child is known. */
	EXPECT(f, "children.csv:4:26: sex is not one of its codes: write male, female, other or not_known", "children.csv",
	       "child,council,date_of_birth,sex,ethnic_group,disability\n"
	       "A,S12000036,2010-03-15,female,white_scottish,no\n"
	       "B,S12000036,2012-07-01,male,mixed,not_known\n"
	       "Zed,S12000036,2012-07-01,Zed,mixed,not_known\n",
	       NULL);
	/* (the header's problem stops the rows' checks; the rows alone:) */
	EXPECT(f,
	       "episodes.csv:2:3: start is not a date: write a real date as YYYY-MM-DD\n"
	       "episodes.csv:3:25: end_reason is not one of its codes: write home, kinship, adopted, permanence_order, "
	       "continuing_care, independent_living, custody, died, other or not_known",
	       "episodes.csv", "child,start,end,end_reason\nA,B,,\nA,2020-01-01,2021-01-01,B\n", NULL);
}

/* Another reader (SSDA903's, later) fills the batch by hand with records_add_*, finds the
 * rules between rows with the shared functions, and saves it the same way. */
static void found_overlap(void *arg, uint32_t row, uint32_t earlier)
{
	char *log = arg;
	size_t n = strlen(log);
	snprintf(log + n, 256 - n, "%u<%u ", row, earlier);
}

static void test_batch_by_hand(void **state)
{
	struct fx *f = *state;
	records_init(&f->b, COUNCIL, 2025);
	f->have_b = true;
	struct records *b = &f->b;
	int32_t d2020 = (int32_t)date_days((struct kdate){2020, 1, 1});
	uint32_t a = records_add_child(b, "ENG-1", 5, &(struct records_child){.birth = d2020 - 3000});
	uint32_t c = records_add_child(b, "ENG-2", 5, &(struct records_child){.birth = d2020 - 2000, .sex = 1});
	assert_int_equal(a, 0);
	assert_int_equal(c, 1);
	records_add_episode(b, &(struct records_episode){c, d2020, RECORDS_OPEN, RECORDS_NO_CODE, false});
	records_add_episode(b, &(struct records_episode){a, d2020 + 100, d2020 + 200, 0, false});
	records_add_episode(b, &(struct records_episode){a, d2020, d2020 + 100, 0, false});  /* a move on day 100: fine */
	records_add_episode(b, &(struct records_episode){a, d2020 + 150, d2020 + 160, 1, false}); /* inside row 1 */
	records_add_placement(b, &(struct records_placement){.child = a, .start = d2020, .end = d2020 + 50,
	                                                     .provider = RECORDS_NO_TEXT, .council = COUNCIL});
	for (int k = 0; k < 3; k++)
		b->given[k] = true;

	struct records_by_child ix;
	records_by_child_make(b, RECORDS_EPISODES, &ix);
	assert_int_equal(ix.first[0], 0);
	assert_int_equal(ix.first[1], 3);
	assert_int_equal(ix.first[2], 4);
	assert_int_equal(ix.idx[0], 2); /* a's episodes by start: rows 2, 1, 3 */
	assert_int_equal(ix.idx[1], 1);
	assert_int_equal(ix.idx[2], 3);
	assert_int_equal(records_holding(b, RECORDS_EPISODES, &ix, a, d2020 + 100), 2);
	assert_int_equal(records_holding(b, RECORDS_EPISODES, &ix, a, d2020 + 201), -1);
	assert_int_equal(records_holding(b, RECORDS_EPISODES, &ix, c, d2020 + 9999), 0);
	char log[256] = "";
	records_overlaps(b, RECORDS_EPISODES, &ix, found_overlap, log);
	assert_string_equal(log, "3<1 ");
	records_by_child_free(&ix);

	b->episodes.n = 3; /* without the overlapping one */
	assert_int_equal(records_save(f->s, b, f->key, "tester", NULL, NULL, NULL, &f->e), 0);
	json_t *all = store_care_imports(f->s, &f->e);
	char *files = json_dumps(json_object_get(json_array_get(all, 0), "files"), JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(files, "{\"children.csv\":2,\"episodes.csv\":3,\"placements.csv\":1}");
	free(files);
	json_decref(all);
}

/* ---------------------------------------------------------------- the key */

static void test_key_file(void **state)
{
	struct fx *f = *state;
	struct stat st;
	assert_int_equal(stat(f->keypath, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, SECRET_KEY_LEN);
	/* There already: kept as it is. */
	assert_int_equal(secret_key_make(f->keypath, &f->e), 0);
	unsigned char again[SECRET_KEY_LEN];
	assert_int_equal(secret_key_read(f->keypath, again, &f->e), 0);
	assert_memory_equal(again, f->key, SECRET_KEY_LEN);

	char path[400], want[600];
	snprintf(path, sizeof path, "%s/none.key", f->dir);
	assert_int_equal(secret_key_read(path, again, &f->e), -1);
	snprintf(want, sizeof want,
	         "%s: the records key file is missing; keep init makes it beside a new database, and without it no "
	         "child id can be pseudonymised",
	         path);
	assert_string_equal(f->e.msg, want);

	snprintf(path, sizeof path, "%s/short.key", f->dir);
	FILE *fp = fopen(path, "wb");
	fwrite("0123456789", 1, 10, fp);
	fclose(fp);
	assert_int_equal(secret_key_read(path, again, &f->e), -1);
	snprintf(want, sizeof want, "%s: the records key file must hold exactly 32 bytes; it holds 10", path);
	assert_string_equal(f->e.msg, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	    T(test_valid_import),
	    T(test_pseudonyms),
	    T(test_reimport_replaces),
	    T(test_files_missing_or_twice),
	    T(test_council_not_known),
	    T(test_wrong_encoding),
	    T(test_bom_and_crlf),
	    T(test_missing_column),
	    T(test_extra_column),
	    T(test_repeated_column),
	    T(test_columns_in_any_order),
	    T(test_quoted_fields),
	    T(test_empty_file),
	    T(test_row_width),
	    T(test_garbage),
	    T(test_text_garbage),
	    T(test_required_value_empty),
	    T(test_dates),
	    T(test_dates_every_month),
	    T(test_child_id),
	    T(test_child_council),
	    T(test_child_codes),
	    T(test_unknown_child),
	    T(test_episode_end_before_start),
	    T(test_episode_end_reason),
	    T(test_episode_before_birth),
	    T(test_episodes_overlap),
	    T(test_placement_outside_episodes),
	    T(test_placement_in_episode_starting_the_day_the_last_ended),
	    T(test_home_column),
	    T(test_service_and_sector_columns),
	    T(test_placements_overlap),
	    T(test_placement_end_before_start),
	    T(test_placement_values),
	    T(test_locations),
	    T(test_legal),
	    T(test_siblings),
	    T(test_school_changes),
	    T(test_adoption_breakdowns),
	    T(test_restraints),
	    T(test_one_mistake_once),
	    T(test_before_birth_everywhere),
	    T(test_no_id_in_messages),
	    T(test_batch_by_hand),
	    T(test_key_file),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
