/* The checks the two care-record fuzz targets share (fuzz_records.c, fuzz_ssda903.c):
 * whatever a reader accepts must keep the native format's rules, and whatever it refuses
 * must be reported as the readers report problems. Each target includes this once, after
 * defining FUZZ_NAME; a broken rule abort()s with what broke. The rules only one format
 * has (how rows may overlap, what SSDA903 does not hold) stay in its target. */
#ifndef KEEP_FUZZ_RECORDS_CHECK_H
#define KEEP_FUZZ_RECORDS_CHECK_H
#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "measures/records.h"
#include "place/place.h"

static void die(const char *what)
{
	fprintf(stderr, "%s: %s\n", FUZZ_NAME, what);
	abort();
}

static size_t codes(const char *const *list)
{
	size_t n = 0;
	while (list[n])
		n++;
	return n;
}

/* Every date of a batch read for the year to 31 July 2025: from 1 January 1900. */
static void check_date(int32_t d, bool open_ok)
{
	int32_t lo = (int32_t)date_days((struct kdate){1900, 1, 1}),
	        hi = (int32_t)date_days((struct kdate){2025, 7, 31});
	if (d == RECORDS_OPEN && open_ok)
		return;
	if (d < lo || d > hi)
		die("a date outside 1900-01-01 .. 2025-07-31");
}

/* The rules of each row on its own: children, episodes, placements, legal reasons. */
static void check_rows(const struct records *b)
{
	size_t nc = b->children.n;
	for (size_t i = 0; i < nc; i++) {
		const struct records_child *c = &b->children.v[i];
		check_date(c->birth, false);
		if (c->sex >= codes(records_sex_codes) ||
		    c->ethnic_group >= codes(records_ethnic_group_codes) ||
		    c->disability >= codes(records_disability_codes))
			die("a child's code out of its list");
	}
	for (size_t i = 0; i < b->episodes.n; i++) {
		const struct records_episode *r = &b->episodes.v[i];
		if (r->child >= nc)
			die("an episode of no child");
		check_date(r->start, false);
		check_date(r->end, true);
		if (r->end < r->start)
			die("an episode ends before it starts");
		if ((r->end == RECORDS_OPEN) != (r->end_reason == RECORDS_NO_CODE))
			die("an end_reason without an end, or an end without one");
		if (r->end_reason != RECORDS_NO_CODE && r->end_reason >= codes(records_end_reason_codes))
			die("an end_reason out of its list");
	}
	for (size_t i = 0; i < b->placements.n; i++) {
		const struct records_placement *r = &b->placements.v[i];
		if (r->child >= nc)
			die("a placement of no child");
		check_date(r->start, false);
		check_date(r->end, true);
		if (r->end < r->start || r->type >= codes(records_placement_type_codes))
			die("a placement ends before it starts, or its type is out of the list");
		if ((r->council[0] == '\0') != (r->outside_scotland || r->where_unknown) ||
		    (r->outside_scotland && r->where_unknown))
			die("a placement's council is not empty exactly outside Scotland or where not known");
		if (strlen(r->location) > 8 || strlen(r->council) > 9 || strlen(r->home) > 4)
			die("a placement's location, council or home too long");
		if (strnlen(r->service, sizeof r->service) > RECORDS_SERVICE_MAX)
			die("a placement's service too long");
		for (const char *c = r->service; *c; c++)
			if (!isalnum((unsigned char)*c))
				die("a placement's service is not letters and digits");
		if (r->sector > PS_NSECTORS)
			die("a placement's sector out of its list");
	}
	for (size_t i = 0; i < b->legal.n; i++)
		if (b->legal.v[i].child >= nc || b->legal.v[i].end < b->legal.v[i].start ||
		    b->legal.v[i].reason >= codes(records_legal_reason_codes))
			die("a legal reason breaks a rule");
}

/* A refusal: 1 to 101 problems, the last "and N more problems" exactly when there are
 * 101, every other starting with the name of a file given (in[0..n)) or of one of the
 * format's files (names[0..nnames): a required one missing), then ':' and more. */
static void check_problems(json_t *problems, const struct records_input *in, size_t n,
                           const char *const *names, size_t nnames)
{
	size_t count = json_array_size(problems);
	if (count < 1 || count > RECORDS_MAX_PROBLEMS + 1)
		die("-1 with no problem, or more than 101");
	for (size_t i = 0; i < count; i++) {
		const char *m = json_string_value(json_array_get(problems, i));
		if (!m)
			die("a problem that is not a string");
		if (i == RECORDS_MAX_PROBLEMS) {
			unsigned long more = 0;
			if (sscanf(m, "and %lu more problem", &more) < 1 || more == 0)
				die("the 101st line is not 'and N more problems'");
			continue;
		}
		bool named = false;
		for (size_t k = 0; k < n + nnames && !named; k++) {
			const char *name = k < n ? in[k].name : names[k - n];
			size_t len = strlen(name);
			named = strncmp(m, name, len) == 0 && m[len] == ':' && m[len + 1] != '\0';
		}
		if (!named)
			die("a problem that does not start with a file's name");
	}
}

#endif
