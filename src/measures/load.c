/* An import read back from the database into a batch (see measures.h): the store gives
 * the rows as stored (codes as text, dates as YYYY-MM-DD, children numbered from 1); this
 * turns them into the batch's day numbers and code indexes. */
#include "measures/measures.h"

#include "base/mem.h"
#include "place/place.h"

#include <stdlib.h>
#include <string.h>

/* The index of text in a code list, or -1. */
static int code_of(const char *const *list, const char *text)
{
	if (!text)
		return -1;
	for (int i = 0; list[i]; i++)
		if (strcmp(list[i], text) == 0)
			return i;
	return -1;
}

/* "YYYY-MM-DD" (or "YYYY-MM", taken as its first day) as a day number; NULL gives
 * RECORDS_OPEN (an end not given). */
static int32_t day_of(const char *s)
{
	if (!s)
		return RECORDS_OPEN;
	struct kdate d = {atoi(s), s[4] ? atoi(s + 5) : 1, s[7] ? atoi(s + 8) : 1};
	return (int32_t)date_days(d);
}

struct loader {
	struct records *b;
	const char *what;
};

static int bad(struct loader *l, struct kerr *e)
{
	return kerr_set(e, KERR_FAIL,
	                "the stored %s of %s/%d do not read back: the database was changed outside keep",
	                l->what, l->b->council, l->b->year);
}

/* A child number from the database (1..n) as the batch's (0..n-1). */
static bool child_of(struct loader *l, const struct store_value *v, uint32_t *out)
{
	if (!v->is_int || v->i < 1 || (size_t)v->i > l->b->children.n)
		return false;
	*out = (uint32_t)(v->i - 1);
	return true;
}

static int on_child(const struct store_value *v, void *arg, struct kerr *e)
{
	struct loader *l = arg;
	int sex = code_of(records_sex_codes, v[3].text), eth = code_of(records_ethnic_group_codes, v[4].text),
	    dis = code_of(records_disability_codes, v[5].text);
	if (!v[0].is_int || (size_t)v[0].i != l->b->children.n + 1 || !v[2].text || strlen(v[2].text) != 7 ||
	    sex < 0 || eth < 0 || dis < 0)
		return bad(l, e);
	struct records_child c = {.birth = day_of(v[2].text),
	                          .sex = (uint8_t)sex,
	                          .ethnic_group = (uint8_t)eth,
	                          .disability = (uint8_t)dis};
	/* The pseudonym stands in for the id: the council's id is never stored. */
	const char *h = v[1].text ? v[1].text : "";
	records_add_child(l->b, h, strlen(h), &c);
	return 0;
}

static int on_episode(const struct store_value *v, void *arg, struct kerr *e)
{
	struct loader *l = arg;
	struct records_episode r = {.end_reason = RECORDS_NO_CODE};
	if (!child_of(l, &v[0], &r.child) || !v[1].text)
		return bad(l, e);
	r.start = day_of(v[1].text);
	r.end = day_of(v[2].text);
	r.continued = v[4].is_int && v[4].i == 1;
	if (v[3].text) {
		int c = code_of(records_end_reason_codes, v[3].text);
		if (c < 0)
			return bad(l, e);
		r.end_reason = (uint8_t)c;
	}
	records_add_episode(l->b, &r);
	return 0;
}

static int on_placement(const struct store_value *v, void *arg, struct kerr *e)
{
	struct loader *l = arg;
	struct records_placement r = {.provider = RECORDS_NO_TEXT};
	int type = code_of(records_placement_type_codes, v[3].text);
	if (!child_of(l, &v[0], &r.child) || !v[1].text || type < 0)
		return bad(l, e);
	r.start = day_of(v[1].text);
	r.end = day_of(v[2].text);
	r.type = (uint8_t)type;
	if (v[4].text)
		r.provider = records_text(l->b, v[4].text, strlen(v[4].text));
	snprintf(r.council, sizeof r.council, "%s", v[5].text ? v[5].text : "");
	r.outside_scotland = v[6].is_int && v[6].i == 1;
	r.where_unknown = !v[6].is_int;
	snprintf(r.location, sizeof r.location, "%s", v[7].text ? v[7].text : "");
	snprintf(r.home, sizeof r.home, "%s", v[8].text ? v[8].text : "");
	snprintf(r.service, sizeof r.service, "%s", v[9].text ? v[9].text : "");
	if (v[10].text) {
		int sector = place_sector_of(v[10].text);
		if (sector < 0)
			return bad(l, e);
		r.sector = (uint8_t)(1 + sector);
	}
	records_add_placement(l->b, &r);
	return 0;
}

static int on_legal(const struct store_value *v, void *arg, struct kerr *e)
{
	struct loader *l = arg;
	struct records_legal r = {0};
	int reason = code_of(records_legal_reason_codes, v[3].text);
	if (!child_of(l, &v[0], &r.child) || !v[1].text || reason < 0)
		return bad(l, e);
	r.start = day_of(v[1].text);
	r.end = day_of(v[2].text);
	r.reason = (uint8_t)reason;
	records_add_legal(l->b, &r);
	return 0;
}

static int on_sibling(const struct store_value *v, void *arg, struct kerr *e)
{
	struct loader *l = arg;
	struct records_sibling r = {0};
	int rel = code_of(records_relationship_codes, v[2].text);
	if (!child_of(l, &v[0], &r.child) || !child_of(l, &v[1], &r.sibling) || rel < 0)
		return bad(l, e);
	r.relationship = (uint8_t)rel;
	records_add_sibling(l->b, &r);
	return 0;
}

static int on_school_change(const struct store_value *v, void *arg, struct kerr *e)
{
	struct loader *l = arg;
	struct records_school_change r = {0};
	if (!child_of(l, &v[0], &r.child) || !v[1].text || !v[2].text || !v[3].text)
		return bad(l, e);
	r.date = day_of(v[1].text);
	r.from_school = records_text(l->b, v[2].text, strlen(v[2].text));
	r.to_school = records_text(l->b, v[3].text, strlen(v[3].text));
	r.with_placement_move = v[4].is_int && v[4].i == 1;
	records_add_school_change(l->b, &r);
	return 0;
}

static int on_adoption_breakdown(const struct store_value *v, void *arg, struct kerr *e)
{
	struct loader *l = arg;
	struct records_adoption_breakdown r = {0};
	if (!child_of(l, &v[0], &r.child) || !v[2].text)
		return bad(l, e);
	r.order_date = v[1].text ? day_of(v[1].text) : RECORDS_UNKNOWN;
	r.disruption_date = day_of(v[2].text);
	records_add_adoption_breakdown(l->b, &r);
	return 0;
}

static int on_restraint(const struct store_value *v, void *arg, struct kerr *e)
{
	struct loader *l = arg;
	struct records_restraint r = {0};
	int setting = code_of(records_setting_codes, v[2].text);
	if (!child_of(l, &v[0], &r.child) || !v[1].text || setting < 0)
		return bad(l, e);
	r.date = day_of(v[1].text);
	r.setting = (uint8_t)setting;
	records_add_restraint(l->b, &r);
	return 0;
}

int measures_load(struct store *s, json_t *import, struct records *b, struct kerr *e)
{
	return measures_load_only(s, import, NULL, b, e);
}

int measures_load_only(struct store *s, json_t *import, const bool *want, struct records *b, struct kerr *e)
{
	static const char *const count_keys[RECORDS_NFILES] = {
	    "children", "episodes",       "placements",          "legal",
	    "siblings", "school_changes", "adoption_breakdowns", "restraints",
	};
	static const store_care_row_fn fns[RECORDS_NFILES] = {
	    on_child,   on_episode,       on_placement,          on_legal,
	    on_sibling, on_school_change, on_adoption_breakdown, on_restraint,
	};
	static const char *const whats[RECORDS_NFILES] = {
	    "children",      "episodes",       "placements",          "legal reasons",
	    "sibling pairs", "school changes", "adoption breakdowns", "restraints",
	};
	const char *council = json_string_value(json_object_get(import, "council"));
	records_init(b, council ? council : "", (int)json_integer_value(json_object_get(import, "year")));
	json_t *whole = json_object_get(import, "whole_history");
	b->year_only = json_is_integer(whole) && json_integer_value(whole) == 0;
	long long id = json_integer_value(json_object_get(import, "id"));
	struct loader l = {b, NULL};
	for (int f = 0; f < RECORDS_NFILES; f++) {
		b->given[f] = json_is_integer(json_object_get(import, count_keys[f]));
		l.what = whats[f];
		if (b->given[f] && (!want || want[f]) && store_care_each(s, id, (enum store_care_table)f, fns[f], &l, e) < 0) {
			records_free(b);
			return -1;
		}
	}
	return 0;
}
