/* The measures engine (see measures.h; docs/measures.md defines every count). One pass
 * orders each child's episodes and placements by start (a counting sort by child, then
 * an insertion sort within the child, whose rows are few), once per batch for all its
 * years (measures_prepare); a second pass walks each child of the year once, keeping
 * for the sibling measure only the child's placement on the census day; a third walks
 * the sibling pairs; the other files are single scans. */
#include "measures/measures.h"

#include "measures/distance.h"
#include "place/place.h"

#include "base/csv.h"
#include "base/date.h"
#include "base/embed.h"
#include "base/mem.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CELL_COUNT(key, label, measure, c, unit)                                                             \
	{                                                                                                    \
		key, label, measure, c, -1, 1, 0, unit                                                       \
	}
#define CELL_SHARE(key, label, measure, n, d)                                                                \
	{                                                                                                    \
		key, label, measure, n, d, 100, 0, "%"                                                       \
	}

const struct measures_cell measures_cells[] = {
    CELL_COUNT("looked_after", "Looked after on 31 July", 1, MC_LOOKED_AFTER, "children"),
    CELL_COUNT("population", "Population aged 0 to 17", 1, MC_POPULATION, "children"),
    {"looked_after_rate", "Looked after per 1,000 aged 0 to 17", 1, MC_LOOKED_AFTER, MC_POPULATION, 1000, 1,
     "per 1,000"},
    CELL_COUNT("mix_home", "At home with parents", 2, MC_MIX_HOME, "children"),
    CELL_SHARE("mix_home_share", "At home with parents, share", 2, MC_MIX_HOME, MC_LOOKED_AFTER),
    CELL_COUNT("mix_kinship", "With friends or relatives", 2, MC_MIX_KINSHIP, "children"),
    CELL_SHARE("mix_kinship_share", "With friends or relatives, share", 2, MC_MIX_KINSHIP, MC_LOOKED_AFTER),
    CELL_COUNT("mix_foster", "With foster carers", 2, MC_MIX_FOSTER, "children"),
    CELL_SHARE("mix_foster_share", "With foster carers, share", 2, MC_MIX_FOSTER, MC_LOOKED_AFTER),
    CELL_COUNT("mix_adopters", "With prospective adopters", 2, MC_MIX_ADOPTERS, "children"),
    CELL_SHARE("mix_adopters_share", "With prospective adopters, share", 2, MC_MIX_ADOPTERS, MC_LOOKED_AFTER),
    CELL_COUNT("mix_community", "Other community", 2, MC_MIX_COMMUNITY, "children"),
    CELL_SHARE("mix_community_share", "Other community, share", 2, MC_MIX_COMMUNITY, MC_LOOKED_AFTER),
    CELL_COUNT("mix_residential", "Residential care", 2, MC_MIX_RESIDENTIAL, "children"),
    CELL_SHARE("mix_residential_share", "Residential care, share", 2, MC_MIX_RESIDENTIAL, MC_LOOKED_AFTER),
    CELL_COUNT("mix_not_known", "Placement not known", 2, MC_MIX_NOT_KNOWN, "children"),
    CELL_SHARE("mix_not_known_share", "Placement not known, share", 2, MC_MIX_NOT_KNOWN, MC_LOOKED_AFTER),
    CELL_COUNT("started", "Started to be looked after", 3, MC_STARTED, "children"),
    CELL_COUNT("ceased", "Ceased to be looked after", 3, MC_CEASED, "children"),
    CELL_COUNT("siblings", "With a brother or sister also looked after", 4, MC_SIBLINGS, "children"),
    CELL_COUNT("siblings_all", "Placed with all of them", 4, MC_SIBLINGS_ALL, "children"),
    CELL_SHARE("siblings_all_share", "Placed with all of them, share", 4, MC_SIBLINGS_ALL, MC_SIBLINGS),
    CELL_COUNT("siblings_some", "Placed with some of them", 4, MC_SIBLINGS_SOME, "children"),
    CELL_SHARE("siblings_some_share", "Placed with some of them, share", 4, MC_SIBLINGS_SOME, MC_SIBLINGS),
    CELL_COUNT("siblings_none", "Placed with none of them", 4, MC_SIBLINGS_NONE, "children"),
    CELL_SHARE("siblings_none_share", "Placed with none of them, share", 4, MC_SIBLINGS_NONE, MC_SIBLINGS),
    CELL_COUNT("looked_after_year", "Looked after in the year", 5, MC_LOOKED_AFTER_YEAR, "children"),
    CELL_COUNT("moves", "Placement moves in the year", 5, MC_MOVES, "moves"),
    {"moves_per_child", "Moves per child", 5, MC_MOVES, MC_LOOKED_AFTER_YEAR, 1, 2, "moves"},
    CELL_COUNT("moves_3", "Children with 3 or more moves", 5, MC_MOVES_3, "children"),
    CELL_SHARE("moves_3_share", "Children with 3 or more moves, share", 5, MC_MOVES_3, MC_LOOKED_AFTER_YEAR),
    CELL_COUNT("school_changes", "School changes in the year", 6, MC_SCHOOL_CHANGES, "changes"),
    CELL_COUNT("school_changes_with_move", "With a placement move", 6, MC_SCHOOL_WITH_MOVE, "changes"),
    CELL_SHARE("school_changes_with_move_share", "With a placement move, share", 6, MC_SCHOOL_WITH_MOVE,
               MC_SCHOOL_CHANGES),
    CELL_COUNT("placed", "Looked after on 31 July with a placement", 7, MC_PLACED, "children"),
    CELL_COUNT("outside_council", "Placed in another council area", 7, MC_OUTSIDE_COUNCIL, "children"),
    CELL_SHARE("outside_council_share", "Placed in another council area, share", 7, MC_OUTSIDE_COUNCIL,
               MC_PLACED),
    CELL_COUNT("outside_scotland", "Placed outside Scotland", 7, MC_OUTSIDE_SCOTLAND, "children"),
    CELL_SHARE("outside_scotland_share", "Placed outside Scotland, share", 7, MC_OUTSIDE_SCOTLAND, MC_PLACED),
    CELL_COUNT("where_not_known", "Where placed not known", 7, MC_WHERE_NOT_KNOWN, "children"),
    CELL_SHARE("where_not_known_share", "Where placed not known, share", 7, MC_WHERE_NOT_KNOWN, MC_PLACED),
    CELL_COUNT("secure_16_17", "Aged 16 or 17 in secure care", 8, MC_SECURE_16_17, "children"),
    CELL_COUNT("yoi_16_17", "Aged 16 or 17 in a Young Offender Institution", 8, MC_YOI_16_17, "children"),
    CELL_COUNT("adoption_breakdowns", "Adoption breakdowns", 9, MC_ADOPTION_BREAKDOWNS, "breakdowns"),
    CELL_COUNT("restraints", "Restraint incidents in the year", 10, MC_RESTRAINTS, "incidents"),
    CELL_COUNT("residential_year", "Children in residential care in the year", 10, MC_RESIDENTIAL_YEAR,
               "children"),
    {"restraint_rate", "Restraint incidents per 100 children in residential care", 10, MC_RESTRAINTS,
     MC_RESIDENTIAL_YEAR, 100, 1, "per 100"},
    CELL_COUNT("continuing_care_eligible", "Eligible care leavers", 11, MC_CC_ELIGIBLE, "young people"),
    CELL_COUNT("continuing_care", "Took up continuing care", 11, MC_CC_TOOK_UP, "young people"),
    CELL_SHARE("continuing_care_share", "Took up continuing care, share", 11, MC_CC_TOOK_UP, MC_CC_ELIGIBLE),
    CELL_COUNT("far_from_home", "Placed more than 20 miles from home", 12, MC_FAR_FROM_HOME, "children"),
    CELL_SHARE("far_from_home_share", "Placed more than 20 miles from home, share", 12, MC_FAR_FROM_HOME,
               MC_PLACED),
    CELL_COUNT("distance_not_known", "Distance from home not known", 12, MC_DISTANCE_NOT_KNOWN, "children"),
    CELL_SHARE("distance_not_known_share", "Distance from home not known, share", 12, MC_DISTANCE_NOT_KNOWN,
               MC_PLACED),
    CELL_COUNT("private_provider", "Placed with a private provider", 13, MC_PRIVATE, "children"),
    CELL_SHARE("private_provider_share", "Placed with a private provider, share", 13, MC_PRIVATE, MC_PLACED),
    CELL_COUNT("sector_not_known", "Sector of the provider not known", 13, MC_SECTOR_NOT_KNOWN, "children"),
    CELL_SHARE("sector_not_known_share", "Sector of the provider not known, share", 13, MC_SECTOR_NOT_KNOWN, MC_PLACED),
};
const size_t measures_ncells = sizeof measures_cells / sizeof measures_cells[0];

const char *const measures_titles[MEASURES_N + 1] = {
    NULL,
    "Looked after on 31 July",
    "Placement mix on 31 July",
    "Started and ceased to be looked after",
    "Brothers and sisters placed together",
    "Placement moves",
    "School changes with a placement move",
    "Placed outside their council",
    "16 and 17 year olds in secure care or a Young Offender Institution",
    "Adoption breakdowns",
    "Restraint in residential care",
    "Continuing care uptake",
    "Placed far from home",
    "Placed with private providers",
};

/* Placement type (records_placement_type_codes order) to its published group, as the
 * count cell of the mix. */
static const enum measures_count type_group[] = {
    MC_MIX_HOME,        /* home_parents */
    MC_MIX_KINSHIP,     /* kinship */
    MC_MIX_FOSTER,      /* foster_council */
    MC_MIX_FOSTER,      /* foster_purchased */
    MC_MIX_ADOPTERS,    /* prospective_adopters */
    MC_MIX_COMMUNITY,   /* other_community */
    MC_MIX_RESIDENTIAL, /* residential_council_home */
    MC_MIX_RESIDENTIAL, /* residential_voluntary_home */
    MC_MIX_RESIDENTIAL, /* residential_school */
    MC_MIX_RESIDENTIAL, /* secure */
    MC_MIX_RESIDENTIAL, /* crisis_care */
    MC_MIX_RESIDENTIAL, /* young_offender_institution */
    MC_MIX_RESIDENTIAL, /* residential_other */
};
enum { TYPE_KINSHIP = 1, TYPE_FOSTER_COUNCIL = 2, TYPE_FOSTER_PURCHASED = 3, TYPE_SECURE = 9, TYPE_YOI = 11 };
enum { END_CONTINUING_CARE = 4 };
/* Measure 12: far from home is more than this, as England's statistics count. */
#define FAR_MILES 20.0

/* Residential care less Young Offender Institutions (measures 10 and 11). */
static bool residential_not_yoi(uint8_t type)
{
	return type_group[type] == MC_MIX_RESIDENTIAL && type != TYPE_YOI;
}

static int32_t days_of(int y, int m, int d)
{
	return (int32_t)date_days((struct kdate){y, m, d});
}

void measures_year_days(int year, int32_t *first, int32_t *census)
{
	*first = days_of(year - 1, 8, 1);
	*census = days_of(year, 7, 31);
}

/* Rows of one kind ordered by (child, start): the rows of child c are idx[first[c] ..
 * first[c + 1]). */
struct by_child {
	uint32_t *idx, *first;
};

/* Counting sort of n rows by child (the uint32_t at child_off), then insertion sort by
 * start (the int32_t at start_off) and end (the next int32_t: a one-day placement ending
 * on the day the next starts comes first) within each child. */
static void order_by_child(struct by_child *o, size_t n, size_t nchildren, const void *rows, size_t size,
                           size_t child_off, size_t start_off)
{
	const char *base = rows;
	o->idx = xmalloc((n ? n : 1) * sizeof *o->idx);
	o->first = xcalloc(nchildren + 2, sizeof *o->first);
	for (size_t i = 0; i < n; i++) {
		uint32_t c;
		memcpy(&c, base + i * size + child_off, sizeof c);
		o->first[c + 2]++;
	}
	for (size_t c = 2; c < nchildren + 2; c++)
		o->first[c] += o->first[c - 1];
	/* first[c + 1] is now where child c's rows begin; place them, moving it on. */
	for (size_t i = 0; i < n; i++) {
		uint32_t c;
		memcpy(&c, base + i * size + child_off, sizeof c);
		o->idx[o->first[c + 1]++] = (uint32_t)i;
	}
	/* Now first[c] is where child c's rows begin and first[c + 1] where they end. */
	for (size_t c = 0; c < nchildren; c++) {
		for (uint32_t k = o->first[c] + 1; k < o->first[c + 1]; k++) {
			uint32_t v = o->idx[k];
			int32_t sv[2];
			memcpy(sv, base + (size_t)v * size + start_off, sizeof sv);
			uint32_t j = k;
			while (j > o->first[c]) {
				int32_t sj[2];
				memcpy(sj, base + (size_t)o->idx[j - 1] * size + start_off, sizeof sj);
				if (sj[0] < sv[0] || (sj[0] == sv[0] && sj[1] <= sv[1]))
					break;
				o->idx[j] = o->idx[j - 1];
				j--;
			}
			o->idx[j] = v;
		}
	}
}

static void by_child_free(struct by_child *o)
{
	free(o->idx);
	free(o->first);
}

/* Whether [s, e] and [a, b] share a day. */
static bool overlaps(int32_t s, int32_t e, int32_t a, int32_t b)
{
	return s <= b && e >= a;
}

/* The providers of two placements are the same home: the same type and the same
 * non-empty provider. */
static bool together(const struct records *b, const struct records_placement *x,
                     const struct records_placement *y)
{
	if (x->type != y->type || x->provider == RECORDS_NO_TEXT || y->provider == RECORDS_NO_TEXT)
		return false;
	const char *px = b->text.p + x->provider, *py = b->text.p + y->provider;
	return *px && strcmp(px, py) == 0;
}

/* Continuing care (measure 11): episode x of child c, whose last placement is last,
 * makes an eligible care leaver when it ends in the year [y0, y1] at 16 or older and last
 * was foster, kinship or residential care less YOI; taken up when it ends in continuing
 * care. */
static void leaver(const struct records *b, size_t c, const struct records_episode *x, uint32_t last,
                   int32_t y0, int32_t y1, bool *eligible, bool *took_up)
{
	if (x->end < y0 || x->end > y1)
		return;
	struct kdate d = date_from_days(b->children.v[c].birth);
	if (x->end < days_of(d.y + 16, d.m, 1))
		return;
	uint8_t t = b->placements.v[last].type;
	if (t == TYPE_KINSHIP || t == TYPE_FOSTER_COUNCIL || t == TYPE_FOSTER_PURCHASED ||
	    residential_not_yoi(t)) {
		*eligible = true;
		*took_up |= x->end_reason == END_CONTINUING_CARE;
	}
}

/* Measure 12: placement p (on the census day) more than 20 miles from home, or its
 * distance not known (a home or placement location not given, or a district keep does
 * not know). A location of an SSDA903 return is a postcode district only. */
static void far_from_home(const struct records *b, const struct records_placement *p, long long *n)
{
	double hlat, hlon, plat, plon;
	if (!distance_place(p->home, false, &hlat, &hlon) ||
	    !distance_place(p->location, !b->year_only, &plat, &plon))
		n[MC_DISTANCE_NOT_KNOWN]++;
	else
		n[MC_FAR_FROM_HOME] += distance_miles(hlat, hlon, plat, plon) > FAR_MILES;
}

#define NONE UINT32_MAX
/* Per child flags of the census day. */
enum { LA_CENSUS = 1 };

/* What every year's counts of one batch share: its episodes and placements ordered by
 * child and start, each child's span (its earliest and latest day of an episode or
 * placement: a child whose span misses the year counts nowhere in it), and each child's
 * brothers and sisters (sib[sib_first[c] .. sib_first[c + 1])). */
struct measures_prep {
	struct by_child ep, pl;
	int32_t *lo, *hi;
	uint32_t *sib_first, *sib;
};

static void span_of(int32_t *lo, int32_t *hi, int32_t start, int32_t end)
{
	int32_t a = start < end ? start : end, z = start < end ? end : start;
	if (a < *lo)
		*lo = a;
	if (z > *hi)
		*hi = z;
}

struct measures_prep *measures_prepare(const struct records *b)
{
	struct measures_prep *p = xcalloc(1, sizeof *p);
	size_t nchildren = b->children.n;
	_Static_assert(offsetof(struct records_episode, end) == offsetof(struct records_episode, start) + 4 &&
	                   offsetof(struct records_placement, end) ==
	                       offsetof(struct records_placement, start) + 4,
	               "end follows start");
	order_by_child(&p->ep, b->episodes.n, nchildren, b->episodes.v, sizeof *b->episodes.v,
	               offsetof(struct records_episode, child), offsetof(struct records_episode, start));
	order_by_child(&p->pl, b->placements.n, nchildren, b->placements.v, sizeof *b->placements.v,
	               offsetof(struct records_placement, child), offsetof(struct records_placement, start));
	p->lo = xmalloc((nchildren ? nchildren : 1) * sizeof *p->lo);
	p->hi = xmalloc((nchildren ? nchildren : 1) * sizeof *p->hi);
	for (size_t c = 0; c < nchildren; c++) {
		p->lo[c] = INT32_MAX;
		p->hi[c] = INT32_MIN;
	}
	for (size_t i = 0; i < b->episodes.n; i++) {
		const struct records_episode *e = &b->episodes.v[i];
		span_of(&p->lo[e->child], &p->hi[e->child], e->start, e->end);
	}
	for (size_t i = 0; i < b->placements.n; i++) {
		const struct records_placement *e = &b->placements.v[i];
		span_of(&p->lo[e->child], &p->hi[e->child], e->start, e->end);
	}
	/* Brothers and sisters: each pair once (child < sibling), so each child's list is
	 * made from both ends of its pairs. */
	if (b->given[RECORDS_SIBLINGS]) {
		size_t np = b->siblings.n;
		uint32_t *first = xcalloc(nchildren + 2, sizeof *first);
		uint32_t *adj = xmalloc((np ? 2 * np : 1) * sizeof *adj);
		for (size_t i = 0; i < np; i++) {
			first[b->siblings.v[i].child + 2]++;
			first[b->siblings.v[i].sibling + 2]++;
		}
		for (size_t c = 2; c < nchildren + 2; c++)
			first[c] += first[c - 1];
		for (size_t i = 0; i < np; i++) {
			uint32_t x = b->siblings.v[i].child, y = b->siblings.v[i].sibling;
			adj[first[x + 1]++] = y;
			adj[first[y + 1]++] = x;
		}
		p->sib_first = first;
		p->sib = adj;
	}
	return p;
}

void measures_prep_free(struct measures_prep *p)
{
	if (!p)
		return;
	by_child_free(&p->ep);
	by_child_free(&p->pl);
	free(p->lo);
	free(p->hi);
	free(p->sib_first);
	free(p->sib);
	free(p);
}

void measures_compute(const struct records *b, int year, struct measures *out)
{
	struct measures_prep *p = measures_prepare(b);
	measures_compute_prepared(b, p, year, out);
	measures_prep_free(p);
}

void measures_compute_prepared(const struct records *b, const struct measures_prep *prep, int year,
                               struct measures *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->area, sizeof out->area, "%s", b->council);
	for (int c = 0; c < MC_NCOUNTS; c++)
		out->available[c] = true;
	out->available[MC_POPULATION] = false;
	static const struct {
		enum records_file file;
		enum measures_count counts[4];
	} needs[] = {
	    {RECORDS_SIBLINGS, {MC_SIBLINGS, MC_SIBLINGS_ALL, MC_SIBLINGS_SOME, MC_SIBLINGS_NONE}},
	    {RECORDS_SCHOOL_CHANGES,
	     {MC_SCHOOL_CHANGES, MC_SCHOOL_WITH_MOVE, MC_SCHOOL_CHANGES, MC_SCHOOL_CHANGES}},
	    {RECORDS_ADOPTION_BREAKDOWNS,
	     {MC_ADOPTION_BREAKDOWNS, MC_ADOPTION_BREAKDOWNS, MC_ADOPTION_BREAKDOWNS,
	      MC_ADOPTION_BREAKDOWNS}},
	    {RECORDS_RESTRAINTS, {MC_RESTRAINTS, MC_RESTRAINTS, MC_RESTRAINTS, MC_RESTRAINTS}},
	};
	for (size_t i = 0; i < sizeof needs / sizeof needs[0]; i++)
		if (!b->given[needs[i].file])
			for (int k = 0; k < 4; k++)
				out->available[needs[i].counts[k]] = false;

	int32_t y0, y1;
	measures_year_days(year, &y0, &y1);
	long long *n = out->count;
	size_t nchildren = b->children.n;
	const struct by_child ep = prep->ep, pl = prep->pl;
	/* The census day's placement of each child looked after that day (NONE: not looked
	 * after; NONE - 1: looked after with no placement). */
	uint32_t *census = xmalloc((nchildren ? nchildren : 1) * sizeof *census);

	for (size_t c = 0; c < nchildren; c++) {
		census[c] = NONE;
		if (prep->hi[c] < y0 || prep->lo[c] > y1)
			continue; /* every count below asks for a day of the child's in the year */
		bool la_census = false, la_year = false, started = false, ceased = false;
		for (uint32_t k = ep.first[c]; k < ep.first[c + 1]; k++) {
			const struct records_episode *e = &b->episodes.v[ep.idx[k]];
			la_census |= e->start <= y1 && e->end >= y1;
			la_year |= overlaps(e->start, e->end, y0, y1);
			started |= !e->continued && e->start >= y0 && e->start <= y1;
			ceased |= e->end >= y0 && e->end <= y1;
		}
		census[c] = la_census ? NONE - 1 : NONE;
		n[MC_LOOKED_AFTER] += la_census;
		n[MC_LOOKED_AFTER_YEAR] += la_year;
		n[MC_STARTED] += started;
		n[MC_CEASED] += ceased;

		/* Placements in start order, each in its episode (records_episode_of, the rule
		 * of docs/data-spec.md): the first placement of an episode is not a move, and the
		 * last is the one continuing care looks at. */
		const uint32_t *eps = ep.idx + ep.first[c];
		size_t neps = ep.first[c + 1] - ep.first[c];
		long prev_episode = -1;
		uint32_t prev_placement = NONE;
		bool eligible = false, took_up = false;
		long long moves = 0;
		bool residential = false, secure = false, yoi = false;
		int32_t a16 = 0, a18 = 0;
		bool ages = false;
		for (uint32_t k = pl.first[c]; k < pl.first[c + 1]; k++) {
			uint32_t i = pl.idx[k];
			const struct records_placement *p = &b->placements.v[i];
			long e = records_episode_of(b, eps, neps, p->start, p->end);
			if (e >= 0) {
				if (e == prev_episode && p->start >= y0 && p->start <= y1)
					moves++;
				if (e != prev_episode && prev_episode >= 0)
					leaver(b, c, &b->episodes.v[eps[prev_episode]], prev_placement, y0,
					       y1, &eligible, &took_up);
				prev_episode = e;
				prev_placement = i;
			}
			if (la_census && p->start <= y1 && p->end >= y1)
				census[c] = i;
			residential |= residential_not_yoi(p->type) && overlaps(p->start, p->end, y0, y1);
			if (p->type == TYPE_SECURE || p->type == TYPE_YOI) {
				if (!ages) {
					/* Born on the first day of the birth month: 16 from that day 16
					 * years on, 18 from that day 18 years on. */
					struct kdate d = date_from_days(b->children.v[c].birth);
					a16 = days_of(d.y + 16, d.m, 1);
					a18 = days_of(d.y + 18, d.m, 1);
					ages = true;
				}
				int32_t from = a16 > y0 ? a16 : y0, to = a18 - 1 < y1 ? a18 - 1 : y1;
				if (from <= to && overlaps(p->start, p->end, from, to)) {
					secure |= p->type == TYPE_SECURE;
					yoi |= p->type == TYPE_YOI;
				}
			}
		}
		if (prev_episode >= 0)
			leaver(b, c, &b->episodes.v[eps[prev_episode]], prev_placement, y0, y1, &eligible,
			       &took_up);
		n[MC_MOVES] += moves;
		n[MC_MOVES_3] += moves >= 3;
		n[MC_RESIDENTIAL_YEAR] += residential;
		n[MC_SECURE_16_17] += secure;
		n[MC_YOI_16_17] += yoi;

		if (census[c] != NONE) {
			if (census[c] == NONE - 1) {
				n[MC_MIX_NOT_KNOWN]++;
			} else {
				const struct records_placement *p = &b->placements.v[census[c]];
				n[type_group[p->type]]++;
				n[MC_PLACED]++;
				if (p->where_unknown)
					n[MC_WHERE_NOT_KNOWN]++;
				else if (p->outside_scotland)
					n[MC_OUTSIDE_SCOTLAND]++;
				else if (strcmp(p->council, b->council) != 0)
					n[MC_OUTSIDE_COUNCIL]++;
				far_from_home(b, p, n);
				if (records_sector(p) == PS_PRIVATE)
					n[MC_PRIVATE]++;
				else if (records_sector(p) < 0 && place_type_for_money_type(p->type) >= 0)
					n[MC_SECTOR_NOT_KNOWN]++;
			}
		}

		n[MC_CC_ELIGIBLE] += eligible;
		n[MC_CC_TOOK_UP] += took_up;
	}

	/* Brothers and sisters, each child's list from the preparation. */
	if (b->given[RECORDS_SIBLINGS]) {
		const uint32_t *first = prep->sib_first, *adj = prep->sib;
		for (size_t c = 0; c < nchildren; c++) {
			if (census[c] == NONE)
				continue;
			long long others = 0, with = 0;
			for (uint32_t k = first[c]; k < first[c + 1]; k++) {
				uint32_t s = adj[k];
				if (census[s] == NONE)
					continue;
				others++;
				with += census[c] < NONE - 1 && census[s] < NONE - 1 &&
				        together(b, &b->placements.v[census[c]], &b->placements.v[census[s]]);
			}
			if (!others)
				continue;
			n[MC_SIBLINGS]++;
			n[with == others ? MC_SIBLINGS_ALL : with ? MC_SIBLINGS_SOME : MC_SIBLINGS_NONE]++;
		}
	}
	for (size_t i = 0; i < b->school_changes.n; i++) {
		const struct records_school_change *r = &b->school_changes.v[i];
		if (r->date >= y0 && r->date <= y1) {
			n[MC_SCHOOL_CHANGES]++;
			n[MC_SCHOOL_WITH_MOVE] += r->with_placement_move;
		}
	}
	for (size_t i = 0; i < b->adoption_breakdowns.n; i++) {
		int32_t d = b->adoption_breakdowns.v[i].disruption_date;
		n[MC_ADOPTION_BREAKDOWNS] += d >= y0 && d <= y1;
	}
	/* Restraint in residential care: incidents whose setting is residential or secure
	 * care (records_setting_codes 0 and 1), as the denominator counts children there. */
	for (size_t i = 0; i < b->restraints.n; i++) {
		int32_t d = b->restraints.v[i].date;
		n[MC_RESTRAINTS] += d >= y0 && d <= y1 && b->restraints.v[i].setting <= 1;
	}
	free(census);
}

void measures_sum(struct measures *sum, const char *area, const struct measures *parts, size_t n)
{
	memset(sum, 0, sizeof *sum);
	snprintf(sum->area, sizeof sum->area, "%s", area);
	for (int c = 0; c < MC_NCOUNTS; c++) {
		sum->available[c] = n > 0;
		for (size_t i = 0; i < n; i++) {
			sum->available[c] &= parts[i].available[c];
			sum->count[c] += parts[i].count[c];
		}
		if (!sum->available[c])
			sum->count[c] = 0;
	}
}

/* data/population.csv's rows (embedded in the program, so they never change), read once
 * per process (pop_table): a table is worked out for many areas and years. */
struct pop_row {
	char area[10];
	int year;
	long long n;
};

static struct pop_row *pop_rows(size_t *n);

static struct pop_row *pop_v;
static size_t pop_n;
static pthread_once_t pop_once = PTHREAD_ONCE_INIT;

static void pop_read(void)
{
	pop_v = pop_rows(&pop_n);
}

static const struct pop_row *pop_table(size_t *n)
{
	pthread_once(&pop_once, pop_read);
	*n = pop_n;
	return pop_v;
}

static struct pop_row *pop_rows(size_t *n)
{
	*n = 0;
	const struct embedded_file *f = embedded_find("data/population.csv");
	if (!f)
		return NULL;
	struct csv_reader *r = csv_open((const char *)f->data, f->len, "data/population.csv");
	struct csv_row row;
	struct kerr e = {0};
	struct pop_row *v = NULL;
	size_t cap = 0;
	bool header = true;
	while (csv_next(r, &row, &e) == 1) {
		if (header || row.n < 3 || row.f[0].n >= sizeof v->area) {
			header = false;
			continue;
		}
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			v = xrealloc(v, cap * sizeof *v);
		}
		char num[24];
		snprintf(v[*n].area, sizeof v[*n].area, "%.*s", (int)row.f[0].n, row.f[0].p);
		snprintf(num, sizeof num, "%.*s", (int)row.f[1].n, row.f[1].p);
		v[*n].year = atoi(num);
		snprintf(num, sizeof num, "%.*s", (int)row.f[2].n, row.f[2].p);
		v[*n].n = strtoll(num, NULL, 10);
		(*n)++;
	}
	csv_close(r);
	return v;
}

/* The figure of area for year, or -1. */
static long long pop_find(const struct pop_row *v, size_t n, const char *area, int year)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].year == year && strcmp(v[i].area, area) == 0)
			return v[i].n;
	return -1;
}

long long measures_population(const char *area, int year, struct measures_pop *how)
{
	struct measures_pop h = {-1, 0, 0};
	size_t n;
	const struct pop_row *v = pop_table(&n);
	long long own = pop_find(v, n, area, year);
	if (own >= 0) {
		h = (struct measures_pop){own, year, 0};
	} else {
		/* S: Scotland's latest year not after year; P: the latest year not after S
		 * with figures for both the area and Scotland. */
		int s = 0, p = 0;
		for (size_t i = 0; i < n; i++)
			if (strcmp(v[i].area, MEASURES_SCOTLAND) == 0 && v[i].year <= year && v[i].year > s)
				s = v[i].year;
		for (size_t i = 0; s && i < n; i++)
			if (strcmp(v[i].area, area) == 0 && v[i].year <= s && v[i].year > p &&
			    pop_find(v, n, MEASURES_SCOTLAND, v[i].year) > 0)
				p = v[i].year;
		if (p) {
			/* Rounded half up, in integers: round(area(P) × Scotland(S) ÷ Scotland(P)),
			 * which is area(P) itself when S is P. */
			long long a = pop_find(v, n, area, p), sp = pop_find(v, n, MEASURES_SCOTLAND, p),
			          ss = pop_find(v, n, MEASURES_SCOTLAND, s);
			h = (struct measures_pop){(2 * a * ss + sp) / (2 * sp), p, s > p ? s : 0};
		}
	}
	if (how)
		*how = h;
	return h.n;
}

void measures_population_words(const struct measures_pop *how, int year, struct buf *out)
{
	buf_reset(out);
	if (how->n < 0)
		buf_printf(out, "not available: keep has no figure for the year or before it");
	else if (how->scaled_to)
		buf_printf(out, "the %d figure, scaled by the change in Scotland's from %d to %d", how->year,
		           how->year, how->scaled_to);
	else if (how->year == year)
		buf_printf(out, "the figure for %d", year);
	else
		buf_printf(out, "the figure for %d, the latest keep has", how->year);
}

bool measures_derived(const struct measures_cell *cell, const struct measures *m, struct buf *out)
{
	buf_reset(out);
	if (cell->den < 0) {
		if (!m->available[cell->num])
			return false;
		buf_printf(out, "%lld", m->count[cell->num]);
		return true;
	}
	if (!m->available[cell->num] || !m->available[cell->den] || m->count[cell->den] <= 0)
		return false;
	long long p10 = 1;
	for (int i = 0; i < cell->decimals; i++)
		p10 *= 10;
	/* Rounded half up, in integers: round(num × scale × 10^d ÷ den). */
	long long den = m->count[cell->den];
	long long v = (2 * m->count[cell->num] * cell->scale * p10 + den) / (2 * den);
	if (cell->decimals)
		buf_printf(out, "%lld.%0*lld", v / p10, cell->decimals, v % p10);
	else
		buf_printf(out, "%lld", v);
	return true;
}

/* ---------------------------------------------------------------- disclosure control */

/* The relations every area's counts obey by the measures' definitions (docs/measures.md,
 * "What an attacker knows"): the attacker's, so the protection's. A term is coef x a count
 * of the year (0) or of the year before (-1); lhs = rhs, or lhs <= rhs. */
#define T(k, c) {k, c, 0}
#define P(k, c) {k, c, -1}
const struct measures_relation measures_relations[] = {
    {"the placement groups add up to the children looked after on 31 July", true,
     {T(1, MC_MIX_HOME), T(1, MC_MIX_KINSHIP), T(1, MC_MIX_FOSTER), T(1, MC_MIX_ADOPTERS),
      T(1, MC_MIX_COMMUNITY), T(1, MC_MIX_RESIDENTIAL), T(1, MC_MIX_NOT_KNOWN)},
     {T(1, MC_LOOKED_AFTER)}},
    {"those looked after on 31 July are those with a placement that day and those without", true,
     {T(1, MC_PLACED), T(1, MC_MIX_NOT_KNOWN)},
     {T(1, MC_LOOKED_AFTER)}},
    {"all, some and none add up to the children with a brother or sister looked after", true,
     {T(1, MC_SIBLINGS_ALL), T(1, MC_SIBLINGS_SOME), T(1, MC_SIBLINGS_NONE)},
     {T(1, MC_SIBLINGS)}},
    {"the children with a brother or sister looked after are looked after on 31 July", false,
     {T(1, MC_SIBLINGS)},
     {T(1, MC_LOOKED_AFTER)}},
    {"those placed in another council area, outside Scotland or where not known have a placement on 31 "
     "July",
     false,
     {T(1, MC_OUTSIDE_COUNCIL), T(1, MC_OUTSIDE_SCOTLAND), T(1, MC_WHERE_NOT_KNOWN)},
     {T(1, MC_PLACED)}},
    {"those placed far from home or at a distance not known have a placement on 31 July", false,
     {T(1, MC_FAR_FROM_HOME), T(1, MC_DISTANCE_NOT_KNOWN)},
     {T(1, MC_PLACED)}},
    {"those placed with a private provider or with the provider's sector not known have a placement on 31 July",
     false,
     {T(1, MC_PRIVATE), T(1, MC_SECTOR_NOT_KNOWN)},
     {T(1, MC_PLACED)}},
    {"a placement whose whereabouts is not known has no distance from home", false,
     {T(1, MC_WHERE_NOT_KNOWN)},
     {T(1, MC_DISTANCE_NOT_KNOWN)}},
    {"those looked after on 31 July are looked after in the year", false,
     {T(1, MC_LOOKED_AFTER)},
     {T(1, MC_LOOKED_AFTER_YEAR)}},
    {"those who started in the year are looked after in the year", false,
     {T(1, MC_STARTED)},
     {T(1, MC_LOOKED_AFTER_YEAR)}},
    {"those who ceased in the year are looked after in the year", false,
     {T(1, MC_CEASED)},
     {T(1, MC_LOOKED_AFTER_YEAR)}},
    {"a child looked after in the year but not on 31 July ceased in the year", false,
     {T(1, MC_LOOKED_AFTER_YEAR)},
     {T(1, MC_LOOKED_AFTER), T(1, MC_CEASED)}},
    {"a child looked after in the year started in it or was looked after on 31 July of the year "
     "before",
     false,
     {T(1, MC_LOOKED_AFTER_YEAR)},
     {T(1, MC_STARTED), P(1, MC_LOOKED_AFTER)}},
    {"a child looked after on 31 July of the year before is looked after in the year, or ceased on "
     "that day",
     false,
     {P(1, MC_LOOKED_AFTER)},
     {T(1, MC_LOOKED_AFTER_YEAR), P(1, MC_CEASED)}},
    {"each child with 3 or more moves made 3 of the moves", false,
     {T(3, MC_MOVES_3)},
     {T(1, MC_MOVES)}},
    {"the children with 3 or more moves are looked after in the year", false,
     {T(1, MC_MOVES_3)},
     {T(1, MC_LOOKED_AFTER_YEAR)}},
    {"school changes with a placement move are school changes", false,
     {T(1, MC_SCHOOL_WITH_MOVE)},
     {T(1, MC_SCHOOL_CHANGES)}},
    {"16 and 17 year olds in secure care were in residential care in the year", false,
     {T(1, MC_SECURE_16_17)},
     {T(1, MC_RESIDENTIAL_YEAR)}},
    {"16 and 17 year olds in a Young Offender Institution are looked after in the year", false,
     {T(1, MC_YOI_16_17)},
     {T(1, MC_LOOKED_AFTER_YEAR)}},
    {"children in residential care in the year are looked after in the year", false,
     {T(1, MC_RESIDENTIAL_YEAR)},
     {T(1, MC_LOOKED_AFTER_YEAR)}},
    {"eligible care leavers ceased to be looked after in the year", false,
     {T(1, MC_CC_ELIGIBLE)},
     {T(1, MC_CEASED)}},
    {"those who took up continuing care are eligible care leavers", false,
     {T(1, MC_CC_TOOK_UP)},
     {T(1, MC_CC_ELIGIBLE)}},
};
#undef T
#undef P
const size_t measures_nrelations = sizeof measures_relations / sizeof measures_relations[0];

/* The cell of area code's count c in a protected table whose areas are m[0..n), or NONE. */
static uint32_t cell_of(const struct measures *m, size_t n, uint32_t base, const char *code, int c)
{
	for (size_t a = 0; a < n; a++)
		if (strcmp(m[a].area, code) == 0)
			return base + (uint32_t)(a * MC_NCOUNTS + (size_t)c);
	return NONE;
}

/* Every relation of measures_relations for area a of year y (its cells from base);
 * before (NULL: none) is the year before, its cells from 0. */
static void area_relations(struct sdc_table *t, const struct measures_year *y, uint32_t base, size_t a,
                           const struct measures_year *before)
{
	for (size_t r = 0; r < measures_nrelations; r++) {
		const struct measures_relation *q = &measures_relations[r];
		uint32_t cells[16];
		int coefs[16];
		uint32_t n = 0;
		bool ok = true;
		for (int side = 0; side < 2 && ok; side++) {
			const struct measures_term *terms = side ? q->rhs : q->lhs;
			for (int k = 0; k < 8 && terms[k].coef; k++) {
				uint32_t cell =
				    terms[k].year == 0
				        ? base + (uint32_t)(a * MC_NCOUNTS + (size_t)terms[k].count)
				    : before ? cell_of(before->m, before->n + before->scotland, 0,
				                       y->m[a].area, terms[k].count)
				             : NONE;
				if (cell == NONE) {
					ok = false;
					break;
				}
				cells[n] = cell;
				coefs[n++] = side ? -terms[k].coef : terms[k].coef;
			}
		}
		if (ok)
			sdc_relation(t, q->exact, cells, coefs, n);
	}
}

/* One year's cells into t from base: values, statuses (given when fixed), bounds. */
static void year_cells(struct sdc_table *t, const struct measures_year *y, uint32_t base, bool fixed)
{
	size_t areas = y->n + y->scotland;
	for (size_t a = 0; a < areas; a++)
		for (int c = 0; c < MC_NCOUNTS; c++) {
			size_t i = base + a * MC_NCOUNTS + (size_t)c;
			const struct measures *m = &y->m[a];
			t->value[i] = m->count[c];
			t->least[i] = c == MC_SIBLINGS ? 2 : 1; /* brothers and sisters come in twos */
			if (fixed) {
				t->status[i] = y->status[a][c];
				t->fixed[i] = 1;
				t->lo0[i] = y->lo[a][c];
				t->hi0[i] = y->hi[a][c];
			} else {
				t->status[i] = !m->available[c]     ? SDC_MISSING
				               : c == MC_POPULATION ? SDC_PUBLIC
				                                    : SDC_PUBLISHED;
			}
		}
}

/* The year's relations: each area's, and each count's column (Scotland is the sum of
 * the councils: at most 32, so that an equation holds them). */
static void year_relations(struct sdc_table *t, const struct measures_year *y, uint32_t base,
                           const struct measures_year *before)
{
	size_t areas = y->n + y->scotland;
	for (size_t a = 0; a < areas; a++)
		area_relations(t, y, base, a, before);
	if (y->scotland && y->n < SDC_MAX_TERMS)
		for (int c = 0; c < MC_NCOUNTS; c++) {
			if (c == MC_POPULATION)
				continue;
			uint32_t parts[SDC_MAX_TERMS];
			for (size_t a = 0; a < y->n; a++)
				parts[a] = base + (uint32_t)(a * MC_NCOUNTS + (size_t)c);
			sdc_equation(t, base + (uint32_t)(y->n * MC_NCOUNTS + (size_t)c), parts,
			             (uint32_t)y->n, false);
		}
}

void measures_year_init(struct measures_year *y, int year, const struct measures *councils, size_t n,
                        const struct measures *scotland)
{
	memset(y, 0, sizeof *y);
	y->year = year;
	y->n = n;
	y->scotland = scotland != NULL;
	size_t areas = n + y->scotland;
	y->m = xcalloc(areas ? areas : 1, sizeof *y->m);
	if (n)
		memcpy(y->m, councils, n * sizeof *councils);
	if (scotland)
		y->m[n] = *scotland;
	y->status = xcalloc(areas ? areas : 1, sizeof *y->status);
	y->lo = xcalloc(areas ? areas : 1, sizeof *y->lo);
	y->hi = xcalloc(areas ? areas : 1, sizeof *y->hi);
}

void measures_year_free(struct measures_year *y)
{
	free(y->m);
	free(y->status);
	free(y->lo);
	free(y->hi);
	memset(y, 0, sizeof *y);
}

/* The whole table of y, and of the year before as given, as one sdc table: the year
 * before's cells first (fixed), then y's from *base. */
static void build(struct sdc_table *t, const struct measures_year *y, const struct measures_year *before,
                  uint32_t *base)
{
	size_t prev = before ? (before->n + before->scotland) * MC_NCOUNTS : 0;
	size_t areas = y->n + y->scotland;
	sdc_init(t, prev + areas * MC_NCOUNTS);
	*base = (uint32_t)prev;
	if (before) {
		year_cells(t, before, 0, true);
		year_relations(t, before, 0, NULL);
	}
	year_cells(t, y, *base, false);
	year_relations(t, y, *base, before);
}

size_t measures_year_protect(struct measures_year *y, const struct measures_year *before)
{
	struct sdc_table t;
	uint32_t base;
	build(&t, y, before, &base);
	y->secondary = sdc_protect(&t);
	long long *lo = xmalloc(t.ncells * sizeof *lo + 1), *hi = xmalloc(t.ncells * sizeof *hi + 1);
	sdc_attack(&t, lo, hi);
	size_t areas = y->n + y->scotland;
	for (size_t a = 0; a < areas; a++)
		for (int c = 0; c < MC_NCOUNTS; c++) {
			size_t i = base + a * MC_NCOUNTS + (size_t)c;
			y->status[a][c] = t.status[i];
			y->lo[a][c] = lo[i];
			y->hi[a][c] = hi[i];
		}
	free(lo);
	free(hi);
	sdc_free(&t);
	return y->secondary;
}

size_t measures_protect(const struct measures *councils, size_t n, const struct measures *scotland,
                        unsigned char (*status)[MC_NCOUNTS])
{
	struct measures_year y;
	measures_year_init(&y, 0, councils, n, scotland);
	size_t secondary = measures_year_protect(&y, NULL);
	memcpy(status, y.status, (n + (scotland != NULL)) * sizeof *status);
	measures_year_free(&y);
	return secondary;
}

int measures_cell_status(const struct measures_cell *cell, const unsigned char status[MC_NCOUNTS])
{
	if (cell->den < 0)
		return status[cell->num];
	unsigned char a = status[cell->num], b = status[cell->den];
	if (a == SDC_MISSING || b == SDC_MISSING)
		return SDC_MISSING;
	if (a == SDC_PRIMARY || b == SDC_PRIMARY)
		return SDC_PRIMARY;
	if (a == SDC_SECONDARY || b == SDC_SECONDARY)
		return SDC_SECONDARY;
	return SDC_PUBLISHED;
}
