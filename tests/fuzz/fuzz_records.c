/* libFuzzer target for the reader of care records (src/measures/native.c).
 *
 * The input's first byte says how the rest becomes files:
 *   below 0x80   the rest is one file, records_file_names[byte % 8], and the other two
 *                required files are small valid ones (so a file's rows are checked
 *                against children and episodes that can be relied on);
 *   0x80 or more the rest, split at each form feed (\f), is children.csv,
 *                episodes.csv, placements.csv, legal.csv, ... in that order (so rows
 *                of every file meet rows of every other).
 * Read as council S12000036 for the year 2025 with today 15 January 2026. These must
 * hold (abort() otherwise):
 *   - records_read_native gives 0 with no problem, or -1 with KERR_INVALID, 1 to 101
 *     problems, the last "and N more problems" exactly when there are 101, every other
 *     one starting with the name of a file given, or of a required file missing ("NAME:"
 *     then LINE:COLUMN: when it is about a row) and saying something after it;
 *   - when it gives 0, the batch keeps the rules: every row's child is a child; every
 *     date from 1 January 1900 to 31 July 2025; ends not before starts; an episode's
 *     end_reason exactly when it ended; codes in their lists; a placement's council
 *     empty exactly outside Scotland, its location at most 8 characters, its home at
 *     most 4, and it belongs to an episode (records_episode_of); sibling pairs
 *     ordered and each once; the same child's episodes, and placements, not overlapping;
 *   - pseudonymising then gives 64 hex digits per child and leaves no id byte. */
#define FUZZ_NAME "fuzz_records"
#include "base/kerr.h"
#include "records_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char children[] = "child,council,date_of_birth,sex,ethnic_group,disability\n"
                               "A,S12000036,2010-03-15,female,white_scottish,no\n"
                               "B,S12000036,2012-07-01,male,mixed,not_known\n";
static const char episodes[] = "child,start,end,end_reason\n"
                               "A,2020-01-01,2021-06-30,home\n"
                               "A,2022-01-01,,\n"
                               "B,2019-05-05,,\n";
static const char placements[] = "child,start,end,type,provider,council,outside_scotland,location\n"
                                 "A,2020-01-01,2020-06-01,foster_council,P1,S12000036,no,EH4 1AB\n"
                                 "B,2019-05-05,,foster_purchased,P2,,yes,\n";

/* The rules only the native format has, after check_rows: rows of a child do not
 * overlap (one starting where another starts counts once); sibling pairs, school
 * changes, adoption breakdowns and restraints. */
static void check_batch(const struct records *b)
{
	size_t nc = b->children.n;
	check_rows(b);
	for (size_t i = 0; i < b->episodes.n; i++) {
		const struct records_episode *r = &b->episodes.v[i];
		for (size_t k = 0; k < b->episodes.n; k++) {
			const struct records_episode *o = &b->episodes.v[k];
			if (k != i && o->child == r->child && o->start >= r->start && o->start < r->end &&
			    !(o->start == r->start && k < i))
				die("two episodes of a child overlap");
		}
	}
	for (size_t i = 0; i < b->placements.n; i++) {
		const struct records_placement *r = &b->placements.v[i];
		for (size_t k = 0; k < b->placements.n; k++) {
			const struct records_placement *o = &b->placements.v[k];
			if (k != i && o->child == r->child && o->start >= r->start && o->start < r->end &&
			    !(o->start == r->start && k < i))
				die("two placements of a child overlap");
		}
	}
	/* Every placement belongs to one of its child's episodes, by the one rule
	 * (records_episode_of), as the measures will take it. */
	struct records_by_child ix;
	records_by_child_make(b, RECORDS_EPISODES, &ix);
	for (size_t i = 0; i < b->placements.n; i++) {
		const struct records_placement *r = &b->placements.v[i];
		if (records_episode_of(b, ix.idx + ix.first[r->child], ix.first[r->child + 1] - ix.first[r->child], r->start,
		                       r->end) < 0)
			die("a placement in no episode");
	}
	records_by_child_free(&ix);
	for (size_t i = 0; i < b->siblings.n; i++) {
		const struct records_sibling *r = &b->siblings.v[i];
		if (r->child >= r->sibling || r->sibling >= nc || r->relationship >= codes(records_relationship_codes))
			die("a sibling pair breaks a rule");
		for (size_t k = i + 1; k < b->siblings.n; k++)
			if (b->siblings.v[k].child == r->child && b->siblings.v[k].sibling == r->sibling)
				die("a sibling pair twice");
	}
	for (size_t i = 0; i < b->school_changes.n; i++) {
		const struct records_school_change *r = &b->school_changes.v[i];
		if (r->child >= nc || strcmp(b->text.p + r->from_school, b->text.p + r->to_school) == 0)
			die("a school change breaks a rule");
	}
	for (size_t i = 0; i < b->adoption_breakdowns.n; i++) {
		const struct records_adoption_breakdown *r = &b->adoption_breakdowns.v[i];
		if (r->child >= nc || r->disruption_date < r->order_date || r->order_date <= b->children.v[r->child].birth)
			die("an adoption breakdown breaks a rule");
	}
	for (size_t i = 0; i < b->restraints.n; i++)
		if (b->restraints.v[i].child >= nc || b->restraints.v[i].setting >= codes(records_setting_codes))
			die("a restraint breaks a rule");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setenv("KEEP_TODAY", "2026-01-15", 1);
	if (size < 1)
		return 0;
	const char *rest = (const char *)data + 1;
	size_t len = size - 1;
	struct records_input in[RECORDS_NFILES];
	size_t n = 0;
	if (data[0] < 0x80) {
		int kind = data[0] % RECORDS_NFILES;
		const char *def[3] = {children, episodes, placements};
		for (int k = 0; k < RECORDS_NFILES; k++) {
			if (k == kind)
				in[n++] = (struct records_input){k, records_file_names[k], rest, len};
			else if (k < 3)
				in[n++] = (struct records_input){k, records_file_names[k], def[k], strlen(def[k])};
		}
	} else {
		size_t start = 0;
		for (size_t i = 0; i <= len && n < RECORDS_NFILES; i++)
			if (i == len || rest[i] == '\f') {
				in[n] = (struct records_input){(enum records_file)n, records_file_names[n], rest + start, i - start};
				n++;
				start = i + 1;
			}
	}
	struct records b;
	records_init(&b, "S12000036", 2025);
	json_t *problems = json_array();
	struct kerr e = {0};
	int rc = records_read_native(&b, in, n, "", NULL, NULL, problems, &e);
	if (rc == 0) {
		if (json_array_size(problems) != 0)
			die("0 with problems");
		check_batch(&b);
		unsigned char key[SECRET_KEY_LEN] = {1, 2, 3};
		records_pseudonymise(&b, key);
		for (size_t i = 0; i < b.children.n; i++)
			if (strlen(b.hash[i]) != 64 || strspn(b.hash[i], "0123456789abcdef") != 64)
				die("a pseudonym that is not 64 hex digits");
		for (size_t i = 0; i < b.ids.len; i++)
			if (b.ids.p[i])
				die("an id byte left after pseudonymising");
	} else if (rc == -1) {
		if (e.code != KERR_INVALID)
			die("-1 without KERR_INVALID");
		check_problems(problems, in, n, records_file_names, RECORDS_NFILES);
	} else {
		die("neither 0 nor -1");
	}
	json_decref(problems);
	records_free(&b);
	return 0;
}
