/* libFuzzer target for the reader of England's SSDA903 files (src/measures/ssda903.c).
 *
 * The input's first byte says how the rest becomes files:
 *   below 0x80   the rest is one file (Header.csv, Episodes.csv or PrevPerm.csv, by
 *                byte % 3), and the other required file is a small valid one;
 *   0x80 or more the rest, split at each form feed (\f), is Header.csv, Episodes.csv
 *                and PrevPerm.csv, in that order.
 * Read as council S12000036 for the year 2025 with today 15 January 2026. These must
 * hold (abort() otherwise):
 *   - records_read_ssda903 gives 0 with no problem, or -1 with KERR_INVALID, 1 to 101
 *     problems, the last "and N more problems" exactly when there are 101, every other
 *     starting with the name of a file given or required, then ':' and more;
 *   - when it gives 0, the batch keeps the native format's rules: every row's child is a
 *     child; dates from 1 January 1900 to 31 July 2025; ends not before starts; an
 *     episode's end_reason exactly when it ended; codes in their lists; a placement's
 *     council empty exactly outside Scotland (or where not known); each placement within
 *     one of the child's episodes, the one records_episode_of gives it; the same child's episodes, and placements, not overlapping; an adoption
 *     breakdown's order (when its date is known) after the date of birth and not after
 *     the disruption, which is the start of one of the child's episodes. */
#define FUZZ_NAME "fuzz_ssda903"
#include "base/kerr.h"
#include "records_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char header[] = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
                             "A1,1,03/04/2015,WBRI,,,\n"
                             "A2,2,10/10/2010,BAFR,,,\n";
static const char episodes[] =
	"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
	"A1,01/02/2020,S,C1,N1,U4,PR1,01/05/2020,X1,,,M2 3BB,SC123456\n"
	"A1,01/05/2020,L,C2,N1,U4,PR1,,,,,M2 3BB,SC123456\n"
	"A2,05/06/2019,S,V2,N2,P1,PR0,05/07/2019,E4A,,,,\n";

/* Whether rows a and b (starts and ends) of one child overlap: a move on the day one
 * ends is no overlap. */
static bool overlap(int32_t as, int32_t ae, int32_t bs, int32_t be)
{
	return as < be && bs < ae && !(as == bs && (ae == as || be == bs));
}

/* The rules of an SSDA903 batch beyond check_rows: episodes start once the child is
 * born; rows of a child do not overlap (a move on the day one ends is none); each
 * placement lies within one of the child's episodes; adoption breakdowns; no rows of
 * what SSDA903 does not hold. */
static void check_batch(const struct records *b)
{
	size_t nc = b->children.n;
	check_rows(b);
	for (size_t i = 0; i < b->episodes.n; i++) {
		const struct records_episode *r = &b->episodes.v[i];
		if (r->start < b->children.v[r->child].birth)
			die("an episode starts before the child is born");
		for (size_t k = i + 1; k < b->episodes.n; k++)
			if (b->episodes.v[k].child == r->child &&
			    overlap(r->start, r->end, b->episodes.v[k].start, b->episodes.v[k].end))
				die("two episodes of a child overlap");
	}
	for (size_t i = 0; i < b->placements.n; i++) {
		const struct records_placement *r = &b->placements.v[i];
		bool within = false;
		for (size_t k = 0; k < b->episodes.n && !within; k++) {
			const struct records_episode *e = &b->episodes.v[k];
			within = e->child == r->child && e->start <= r->start && r->end <= e->end;
		}
		if (!within)
			die("a placement not within one of the child's episodes");
		/* The period the reader built it in (the latest to start on or before it) is the
		 * one the rule of records_episode_of gives it, which the measures use. */
		long built = -1, ruled;
		for (size_t k = 0; k < b->episodes.n; k++) {
			const struct records_episode *e = &b->episodes.v[k];
			if (e->child == r->child && e->start <= r->start &&
			    (built < 0 || e->start >= b->episodes.v[built].start))
				built = (long)k;
		}
		struct records_by_child ix;
		records_by_child_make(b, RECORDS_EPISODES, &ix);
		ruled = records_episode_of(b, ix.idx + ix.first[r->child], ix.first[r->child + 1] - ix.first[r->child],
		                           r->start, r->end);
		if (ruled < 0 || (long)ix.idx[ix.first[r->child] + (size_t)ruled] != built)
			die("a placement's period is not the one the rule gives");
		records_by_child_free(&ix);
		for (size_t k = i + 1; k < b->placements.n; k++)
			if (b->placements.v[k].child == r->child &&
			    overlap(r->start, r->end, b->placements.v[k].start, b->placements.v[k].end))
				die("two placements of a child overlap");
	}
	for (size_t i = 0; i < b->adoption_breakdowns.n; i++) {
		const struct records_adoption_breakdown *r = &b->adoption_breakdowns.v[i];
		bool known = r->order_date != RECORDS_UNKNOWN;
		if (r->child >= nc || (known && (r->disruption_date < r->order_date ||
		                                 r->order_date <= b->children.v[r->child].birth)))
			die("an adoption breakdown breaks a rule");
		bool starts = false;
		for (size_t k = 0; k < b->episodes.n && !starts; k++)
			starts = b->episodes.v[k].child == r->child && b->episodes.v[k].start == r->disruption_date;
		if (!starts)
			die("an adoption breakdown not dated the start of one of the child's episodes");
	}
	if (b->siblings.n || b->school_changes.n || b->restraints.n)
		die("rows SSDA903 does not have");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setenv("KEEP_TODAY", "2026-01-15", 1);
	if (size < 1)
		return 0;
	const char *rest = (const char *)data + 1;
	size_t len = size - 1;
	struct records_input in[3];
	size_t n = 0;
	if (data[0] < 0x80) {
		int kind = data[0] % 3;
		const char *def[2] = {header, episodes};
		for (int k = 0; k < 3; k++) {
			if (k == kind)
				in[n++] = (struct records_input){(enum records_file)k, ssda903_file_names[k], rest, len};
			else if (k < 2)
				in[n++] = (struct records_input){(enum records_file)k, ssda903_file_names[k], def[k], strlen(def[k])};
		}
	} else {
		size_t start = 0;
		for (size_t i = 0; i <= len && n < 3; i++)
			if (i == len || rest[i] == '\f') {
				in[n] = (struct records_input){(enum records_file)n, ssda903_file_names[n], rest + start, i - start};
				n++;
				start = i + 1;
			}
	}
	struct records b;
	records_init(&b, "S12000036", 2025);
	json_t *problems = json_array();
	struct kerr e = {0};
	int rc = records_read_ssda903(&b, in, n, "", problems, &e);
	if (rc == 0) {
		if (json_array_size(problems) != 0)
			die("0 with problems");
		check_batch(&b);
	} else if (rc == -1) {
		if (e.code != KERR_INVALID)
			die("-1 without KERR_INVALID");
		check_problems(problems, in, n, ssda903_file_names, 2);
	} else {
		die("neither 0 nor -1");
	}
	json_decref(problems);
	records_free(&b);
	return 0;
}
