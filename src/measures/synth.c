/* Synthetic care records: see synth.h.
 *
 * Calibration (figures from ../shared/reference/FACTS.md, Scottish Government,
 * Children's Social Work Statistics; everything else is a stated assumption):
 *
 * - Placement mix on 31 July: at home with parents 20%, kinship 35%, foster 32%,
 *   residential 11%, prospective adopters 1%, other 1% (mix 2023 and 2024). Placement
 *   types are drawn per placement from weights by age band (TYPE_WEIGHTS below, tuned
 *   so that the children looked after on 31 July of the year come out at that mix);
 *   "residential" counts the residential codes, secure care, crisis care and young
 *   offender institutions. Prospective adopters is the last placement, 3-12 months,
 *   of an episode that ends in adoption.
 * - Starts and leavers: 3,105 started and 3,398 ceased to be looked after in 2023-24,
 *   with 11,844 looked after on 31 July 2024: starts are about a quarter of the children
 *   looked after. First episodes start evenly over the 20 years up to 31 July of the
 *   year, and episode lengths (OUTCOME_W and duration_draw below) are tuned so that the
 *   starts and the leavers in the last year are each about 0.27 of the children looked
 *   after on its last day. At that scale, about 60,000 children make Scotland's size:
 *   about 12,000 looked after on 31 July and 3,100 starts a year; other sizes are that,
 *   scaled.
 * - Placements per child about 2.5 (1,000,000 placements for about 400,000 children):
 *   an early move (emergency to planned placement) for a quarter, then a 13% chance of
 *   a move in every half year of an episode, cut points falling evenly within it; and
 *   6% of episodes start unsettled, with 3 to 5 more moves in their first year, so
 *   that some children have 3 or more moves in a year (no published figure).
 * - Residential: about 1,300 children (11%) on 31 July, within the mix above.
 * - Continuing care: 315 of 967 eligible leavers (33%) took it up in 2023-24. A leaver
 *   is eligible as docs/measures.md (measure 11) counts them: the episode ends at 16 or
 *   over (from the first of the birth month) and its last placement is with foster
 *   carers, friends or relatives, or in residential care other than a YOI; a third of
 *   them end with `continuing_care`.
 * - Adoptions: 214 in 2022-23, about 7% of starts; adoption is planned only for
 *   children under 5 (brothers and sisters all under 9). A few (4%) adoptions break
 *   down within 8 years and the child comes back into care on the disruption date.
 * - Sibling groups: not counted by CLAS or SSDA903 ("we do not know how many
 *   children in care have siblings also in care"). Assumed: 35% of families are
 *   groups of 2-5 (2: 50%, 3: 27%, 4: 15%, 5: 8%), so about 55% of children have a
 *   brother or sister in care in the same council. Care Review evidence put 50-80% of
 *   sibling groups as split, and 25% of family groups in foster care were placed apart
 *   in 2021: here 40% of groups share every placement of their first episode (the same
 *   provider, dates, type and place), 20% of groups of 3 or more share it in part (the
 *   two oldest), and the rest are placed apart; later episodes are each child's own.
 * - Secure care from 12, young offender institutions only at 16 or 17 (the Scottish
 *   Government committed to end placing 16 and 17 year olds in YOIs).
 * - Councils: the --councils largest by weight (PROFILES below; Glasgow first), and
 *   families are spread over them in proportion to it. The weights are rough relative
 *   numbers of children looked after, made up for synthetic data, not published figures.
 * - Placements: in another council for 2% (at home) to 50% (secure care, residential
 *   schools), outside Scotland for 4% of residential schools and secure care and a few
 *   others (PINFO below); locations are postcode districts of the council's postcode
 *   area (real ones: data/postcode-districts.csv has them); a child's home (the
 *   placements' home column) is the family's district, where a placement at home is.
 * - Restraint: a chance in every 90 days of a placement, highest in secure care, then
 *   residential care, rare in foster and kinship care, none elsewhere (no published
 *   figure).
 * - Ages at the start of a first episode: under 1 18%, 1-4 22%, 5-11 30%, 12-15 25%,
 *   16-17 5% (assumed). Sex, ethnic group and disability: assumed shares below.
 *
 * How: families are made one after another, each child's whole history to the end of
 * each episode, then cut at 31 July of the year when written (an episode or placement
 * still going on then has an empty end; anything later is left out). Rows go into one
 * buffer per file and council, written out a megabyte at a time. */
#include "measures/synth.h"

#include "measures/distance.h"
#include "measures/synth_places.h"

#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const struct synth_file synth_files[] = {
	{"children.csv", "child,council,date_of_birth,sex,ethnic_group,disability"},
	{"episodes.csv", "child,start,end,end_reason"},
	{"placements.csv", "child,start,end,type,provider,council,outside_scotland,location,home"},
	{"legal.csv", "child,start,end,reason"},
	{"siblings.csv", "child,sibling,relationship"},
	{"school_changes.csv", "child,date,from_school,to_school,with_placement_move"},
	{"adoption_breakdowns.csv", "child,order_date,disruption_date"},
	{"restraints.csv", "child,date,setting"},
	{NULL, NULL},
};
/* With --places (synth_places.c). */
const struct synth_file synth_place_files[] = {
	{"services.csv", "regno,name,provider,sector,type,council,outside_scotland,age_from,age_to,places,max_siblings,"
	                 "needs,weekly_cost,status,registered,ended,made_up"},
	{"vacancies.csv", "regno,date,places,age_from,age_to,max_siblings"},
	{"crossborder.csv", "regno,placing_authority,date_in,date_out"},
	{"requests.csv", "request,band,needs,together,home,school,urgency"},
	{NULL, NULL},
};
const char synth_placements_header_places[] =
	"child,start,end,type,provider,council,outside_scotland,location,home,service,sector";
enum { F_CHILDREN, F_EPISODES, F_PLACEMENTS, F_LEGAL, F_SIBLINGS, F_SCHOOLS, F_BREAKDOWNS, F_RESTRAINTS, NFILES };

/* ---- the pseudo-random generator ----
 * A Weyl sequence (a counter stepped by an odd constant near 2^64/phi) passed through
 * a mixing function of xor-shifts and multiplications (the splitmix construction):
 * every 64-bit state gives a well-scrambled output, and seeds next to each other give
 * unrelated streams. Only integer arithmetic, so every machine gives the same numbers. */
struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	r->s += 0x9e3779b97f4a7c15u;
	uint64_t z = r->s;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* A number in [0, n), n < 2^32: the top 32 bits scaled by n (bias below n/2^32). */
static long rng_below(struct rng *r, long n)
{
	return (long)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* A number in [lo, hi]. */
static long rng_range(struct rng *r, long lo, long hi)
{
	return hi <= lo ? lo : lo + rng_below(r, hi - lo + 1);
}

/* True with probability per_mille/1000. */
static int rng_chance(struct rng *r, int per_mille)
{
	return rng_below(r, 1000) < per_mille;
}

/* An index drawn by the weights w[0..n). */
static int rng_pick(struct rng *r, const int *w, int n)
{
	long sum = 0;
	for (int i = 0; i < n; i++)
		sum += w[i];
	long x = rng_below(r, sum);
	for (int i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* ---- councils ---- */

/* Each council's weight and postcode districts (area and number range). */
static const struct council_profile {
	const char *code;
	int weight;
	const char *area;
	int lo, hi;
} PROFILES[] = {
	{"S12000005", 25, "FK", 10, 14},  /* Clackmannanshire */
	{"S12000006", 45, "DG", 1, 16},   /* Dumfries and Galloway */
	{"S12000008", 50, "KA", 1, 3},    /* East Ayrshire */
	{"S12000010", 25, "EH", 31, 42},  /* East Lothian */
	{"S12000011", 15, "G", 76, 78},   /* East Renfrewshire */
	{"S12000013", 5, "HS", 1, 9},     /* Na h-Eileanan Siar */
	{"S12000014", 45, "FK", 1, 6},    /* Falkirk */
	{"S12000017", 50, "IV", 1, 28},   /* Highland */
	{"S12000018", 30, "PA", 15, 19},  /* Inverclyde */
	{"S12000019", 25, "EH", 18, 26},  /* Midlothian */
	{"S12000020", 20, "IV", 30, 36},  /* Moray */
	{"S12000021", 50, "KA", 20, 30},  /* North Ayrshire */
	{"S12000023", 4, "KW", 15, 17},   /* Orkney Islands */
	{"S12000026", 25, "TD", 1, 15},   /* Scottish Borders */
	{"S12000027", 4, "ZE", 1, 3},     /* Shetland Islands */
	{"S12000028", 35, "KA", 6, 10},   /* South Ayrshire */
	{"S12000029", 75, "ML", 3, 12},   /* South Lanarkshire */
	{"S12000030", 25, "FK", 7, 9},    /* Stirling */
	{"S12000033", 55, "AB", 10, 16},  /* Aberdeen City */
	{"S12000034", 40, "AB", 30, 56},  /* Aberdeenshire */
	{"S12000035", 20, "PA", 20, 38},  /* Argyll and Bute */
	{"S12000036", 100, "EH", 1, 17},  /* City of Edinburgh */
	{"S12000038", 50, "PA", 1, 11},   /* Renfrewshire */
	{"S12000039", 40, "G", 81, 84},   /* West Dunbartonshire */
	{"S12000040", 45, "EH", 47, 55},  /* West Lothian */
	{"S12000041", 25, "DD", 7, 11},   /* Angus */
	{"S12000042", 60, "DD", 1, 5},    /* Dundee City */
	{"S12000045", 12, "G", 61, 66},   /* East Dunbartonshire */
	{"S12000047", 90, "KY", 1, 16},   /* Fife */
	{"S12000048", 30, "PH", 1, 16},   /* Perth and Kinross */
	{"S12000049", 200, "G", 1, 53},   /* Glasgow City */
	{"S12000050", 80, "ML", 1, 6},    /* North Lanarkshire */
};
enum { NPROFILES = sizeof PROFILES / sizeof PROFILES[0] };

/* Postcode districts for placements outside Scotland. */
static const char *const OUTSIDE[] = {"CA1", "CA3", "NE4", "NE6", "LA1", "M14",
                                      "B15", "LS6", "S10", "DH1", "TD15", "BS7"};
enum { NOUTSIDE = sizeof OUTSIDE / sizeof OUTSIDE[0] };

/* ---- codes ---- */

static const char *const SEX[] = {"male", "female", "other", "not_known"};
static const int SEX_W[] = {520, 477, 1, 2};
static const char *const ETHNIC[] = {"white_scottish", "white_other_british", "white_irish", "white_polish",
                                     "white_gypsy_traveller", "white_other", "mixed", "asian", "african",
                                     "caribbean_or_black", "other", "not_known"};
static const int ETHNIC_W[] = {770, 60, 5, 15, 10, 20, 35, 20, 20, 5, 10, 30};
static const char *const DISABILITY[] = {"yes", "no", "not_known"};
static const int DISABILITY_W[] = {120, 780, 100};

enum ptype {
	HOME_PARENTS, KINSHIP, FOSTER_COUNCIL, FOSTER_PURCHASED, PROSPECTIVE_ADOPTERS, OTHER_COMMUNITY,
	RES_COUNCIL_HOME, RES_VOLUNTARY_HOME, RES_SCHOOL, SECURE, CRISIS_CARE, YOI, RES_OTHER, NPTYPES
};
static const char *const PTYPE[] = {"home_parents", "kinship", "foster_council", "foster_purchased",
                                    "prospective_adopters", "other_community", "residential_council_home",
                                    "residential_voluntary_home", "residential_school", "secure", "crisis_care",
                                    "young_offender_institution", "residential_other"};
/* Restraint setting, chance per 90 days (per mille), chance of a placement in another
 * council and outside Scotland (per mille), by placement type. */
static const struct ptype_info {
	const char *setting;
	int restraint, elsewhere, outside;
} PINFO[] = {
	[HOME_PARENTS] = {"other", 0, 20, 0},
	[KINSHIP] = {"kinship", 2, 120, 3},
	[FOSTER_COUNCIL] = {"foster", 4, 60, 0},
	[FOSTER_PURCHASED] = {"foster", 4, 300, 5},
	[PROSPECTIVE_ADOPTERS] = {"other", 0, 250, 5},
	[OTHER_COMMUNITY] = {"other", 0, 100, 0},
	[RES_COUNCIL_HOME] = {"residential", 250, 150, 0},
	[RES_VOLUNTARY_HOME] = {"residential", 250, 400, 10},
	[RES_SCHOOL] = {"school", 200, 500, 40},
	[SECURE] = {"secure", 500, 500, 40},
	[CRISIS_CARE] = {"residential", 250, 200, 0},
	[YOI] = {"other", 150, 500, 0},
	[RES_OTHER] = {"residential", 250, 350, 10},
};

/* Placement category weights (per mille) by age band at the placement's start:
 * home with parents, kinship, foster, residential, other community. Tuned so that the
 * mix on 31 July is the published one (see the top of this file). */
enum { CAT_HOME, CAT_KINSHIP, CAT_FOSTER, CAT_RESIDENTIAL, CAT_OTHER, NCATS };
static const int TYPE_WEIGHTS[4][NCATS] = {
	{235, 350, 395, 10, 10},  /* 0-4 */
	{235, 350, 325, 80, 10},  /* 5-11 */
	{230, 270, 240, 250, 10}, /* 12-15 */
	{250, 270, 200, 260, 20}, /* 16-17 */
};
/* Residential: council home, voluntary home, school, secure, crisis care, other. */
static const int RES_W[] = {450, 200, 150, 100, 30, 70};
static const enum ptype RES_T[] = {RES_COUNCIL_HOME, RES_VOLUNTARY_HOME, RES_SCHOOL, SECURE, CRISIS_CARE, RES_OTHER};

static const char *const LEGAL[] = {"cso", "interim_cso", "section_25", "permanence_order", "child_protection_order",
                                    "warrant", "other"};
enum { L_CSO, L_INTERIM, L_S25, L_PERM, L_CPO, L_WARRANT, L_OTHER };

static const char *const REASON[] = {"home", "kinship", "adopted", "permanence_order", "continuing_care",
                                     "independent_living", "custody", "died", "other", "not_known"};
enum { R_HOME, R_KINSHIP, R_ADOPTED, R_PERM, R_CONTINUING, R_INDEPENDENT, R_CUSTODY, R_DIED, R_OTHER, R_NOT_KNOWN };

/* How leavers at 16 or over who do not take up continuing care leave; the emergency
 * orders that sometimes come first; the main legal reasons. */
static const int LEAVER_R[] = {R_INDEPENDENT, R_HOME, R_OTHER, R_NOT_KNOWN}, LEAVER_W[] = {500, 300, 150, 50};
static const int EMERGENCY_L[] = {L_CPO, L_WARRANT, L_INTERIM}, EMERGENCY_W[] = {400, 150, 450};
static const int MAIN_L[] = {L_CSO, L_S25, L_OTHER}, MAIN_W[] = {700, 250, 50};

static const char *const RELATIONSHIP[] = {"full", "half", "step", "other"};

/* What an episode is planned to end in, and its weights (per mille) by age band at the
 * start: the lengths these give are tuned to the starts and children looked after. */
enum outcome { O_HOME, O_KINSHIP, O_ADOPT, O_PERM, O_LONG, O_OTHER, O_CUSTODY, O_DIED, NOUTCOMES };
static const int OUTCOME_W[4][NOUTCOMES] = {
	{380, 180, 180, 90, 130, 39, 0, 1},  /* 0-4 */
	{420, 200, 0, 80, 240, 59, 0, 1},    /* 5-11 */
	{420, 150, 0, 20, 330, 59, 20, 1},   /* 12-15 */
	{400, 80, 0, 0, 400, 79, 40, 1},     /* 16-17 */
};

/* Ages at the start of a first episode: bands in days and their weights. */
static const int AGE_W[] = {180, 220, 300, 250, 50};
static const long AGE_LO[] = {0, 365, 5 * 365 + 1, 12 * 365 + 3, 16 * 365 + 4};
static const long AGE_HI[] = {364, 5 * 365, 12 * 365 + 2, 16 * 365 + 3, 17 * 365 + 300};

/* ---- a child's history, before it is cut at 31 July ---- */

enum { MAX_KIDS = 5, MAX_EP = 16, MAX_PL = 256, MAX_LG = 48, MAX_SC = 128, MAX_RS = 512 };

struct placement {
	long start, end;
	enum ptype type;
	char provider_kind; /* 'P' a carer or service, 'H' the family's home */
	unsigned long provider;
	int council; /* index into the council list; -1 outside Scotland */
	int loc;     /* district number, or index into OUTSIDE */
};

struct kid {
	unsigned long id;
	long dob, age16, age18; /* days: birth, 16th and 18th birthdays */
	long leaver16; /* 16 as docs/measures.md counts it: from the 1st of the birth month */
	int sex, eth, dis;
	int father, step; /* for the sibling relationship */
	int nep, npl, nlg, nsc, nbd, nrs;
	struct {
		long start, end;
		int reason;
	} ep[MAX_EP];
	struct placement pl[MAX_PL];
	struct {
		long start, end;
		int reason;
	} lg[MAX_LG];
	struct {
		long date;
		int with_move;
	} sc[MAX_SC];
	struct {
		long order, disruption;
	} bd[MAX_EP];
	struct {
		long date;
		const char *setting;
	} rs[MAX_RS];
};

struct out {
	FILE *f;
	struct buf b;
};

struct gen {
	struct rng r;
	uint64_t r0;   /* the seed */
	long end;      /* 31 July of the year, in days */
	long first;    /* the first day the date table holds */
	char (*dates)[10];
	long ndates;
	int ncouncils; /* chosen */
	int council[SYNTH_MAX_COUNCILS]; /* index into PROFILES, largest first */
	int weight[SYNTH_MAX_COUNCILS];
	struct out *out; /* [ncouncils][NFILES] */
	unsigned long next_child, next_provider, families;
	struct kid kids[MAX_KIDS];
	struct placement shared[MAX_PL];
	int nshared, sharers;
	struct synth_places *sp; /* with --places */
	struct synth_counts n;
	int failed;
	char path[4096];
};

/* ---- writing ---- */

/* Appends day as YYYY-MM-DD: from the table made once, the dates of the dataset. */
static void put_date(struct gen *g, struct buf *b, long day)
{
	long i = day - g->first;
	if (i >= 0 && i < g->ndates) {
		buf_put(b, g->dates[i], 10);
	} else {
		char s[11];
		date_format(date_from_days(day), s);
		buf_put(b, s, 10);
	}
}

static void put_ulong(struct buf *b, unsigned long v)
{
	char s[24];
	int n = 0;
	do {
		s[sizeof s - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	buf_put(b, s + sizeof s - n, (size_t)n);
}

/* Appends a child's id: C and seven digits. */
static void put_child(struct buf *b, unsigned long id)
{
	char s[9];
	s[0] = 'C';
	for (int i = 7; i >= 1; i--, id /= 10)
		s[i] = (char)('0' + id % 10);
	buf_put(b, s, 8);
}

static struct buf *file_buf(struct gen *g, int council_slot, int file)
{
	return &g->out[council_slot * NFILES + file].b;
}

/* Writes out a buffer once it holds a megabyte (or always, when force). */
static void out_flush(struct gen *g, struct out *o, int force)
{
	if (o->b.len == 0 || (!force && o->b.len < (1u << 20)))
		return;
	if (o->f && fwrite(o->b.p, 1, o->b.len, o->f) != o->b.len)
		g->failed = errno ? errno : EIO;
	buf_reset(&o->b);
}

/* ---- making a family ---- */

/* The day of the birthday at `years` of someone born on day dob (29 February counts as
 * 1 March in other years). */
static long birthday(long dob, int years)
{
	struct kdate d = date_from_days(dob);
	d.y += years;
	if (d.m == 2 && d.d == 29 && !date_valid(d)) {
		d.m = 3;
		d.d = 1;
	}
	return date_days(d);
}

static int age_band(long age_days)
{
	return age_days < 5 * 365 + 1 ? 0 : age_days < 12 * 365 + 3 ? 1 : age_days < 16 * 365 + 4 ? 2 : 3;
}

/* A placement type for someone aged age_days at its start; no secure care or young
 * offender institution when shared (brothers and sisters placed together). */
static enum ptype type_draw(struct gen *g, long age_days, int shared)
{
	int band = age_band(age_days);
	if (!shared && band == 3 && rng_chance(&g->r, 8))
		return YOI;
	switch (rng_pick(&g->r, TYPE_WEIGHTS[band], NCATS)) {
	case CAT_HOME: return HOME_PARENTS;
	case CAT_KINSHIP: return KINSHIP;
	case CAT_FOSTER: return rng_chance(&g->r, 650) ? FOSTER_COUNCIL : FOSTER_PURCHASED;
	case CAT_RESIDENTIAL: {
		enum ptype t = RES_T[rng_pick(&g->r, RES_W, 6)];
		if (t == SECURE && (shared || age_days < 12 * 365 + 3))
			t = RES_COUNCIL_HOME;
		return t;
	}
	default: return OTHER_COMMUNITY;
	}
}

/* Where a placement of type t for a child of council slot `home` is. */
static void place(struct gen *g, struct placement *p, int home)
{
	const struct ptype_info *in = &PINFO[p->type];
	if (rng_chance(&g->r, in->outside)) {
		p->council = -1;
		p->loc = (int)rng_below(&g->r, NOUTSIDE);
		return;
	}
	int c = g->council[home];
	if (rng_chance(&g->r, in->elsewhere)) {
		int w[NPROFILES];
		for (int i = 0; i < NPROFILES; i++)
			w[i] = i == c ? 0 : PROFILES[i].weight;
		c = rng_pick(&g->r, w, NPROFILES);
	}
	p->council = c;
	p->loc = (int)rng_range(&g->r, PROFILES[c].lo, PROFILES[c].hi);
}

/* Makes the placements of [a, b] into seq (returns how many): cut points fall evenly
 * in the span; an adoption ends with 3-12 months with prospective adopters. dob is the
 * youngest's when shared. */
static int placements_make(struct gen *g, struct placement *seq, long a, long b, enum outcome o, long dob, int home,
                           unsigned long family, int shared)
{
	long adopters = 0;
	if (o == O_ADOPT) {
		adopters = rng_range(&g->r, 90, 365);
		if (adopters > b - a)
			adopters = b - a;
	}
	long span_end = b - adopters; /* the rest is [a, span_end] */
	long len = span_end - a + 1;
	int moves = rng_chance(&g->r, 250) ? 1 : 0;
	for (long t = 0; t < len && moves < 60; t += 182)
		moves += rng_chance(&g->r, 130);
	/* Some episodes start unsettled: 3 to 5 more moves in their first year. */
	int early = rng_chance(&g->r, 60) ? (int)rng_range(&g->r, 3, 5) : 0;
	moves += early;
	if (moves > len - 1)
		moves = (int)(len - 1);
	if (moves > MAX_PL - 2)
		moves = MAX_PL - 2;
	long cut[MAX_PL];
	int nc = 0;
	for (int i = 0; i < moves; i++) { /* sorted as they come */
		long c = a + rng_range(&g->r, 1, i < early && len > 366 ? 365 : len - 1);
		int j = nc++;
		while (j > 0 && cut[j - 1] > c) {
			cut[j] = cut[j - 1];
			j--;
		}
		cut[j] = c;
	}
	int kept = 0; /* the same day twice is one move */
	for (int i = 0; i < nc; i++)
		if (kept == 0 || cut[kept - 1] != cut[i])
			cut[kept++] = cut[i];
	nc = kept;
	int n = 0;
	long s = a;
	for (int i = 0; i <= nc; i++) {
		struct placement *p = &seq[n++];
		p->start = s;
		p->end = i < nc ? cut[i] - 1 : span_end;
		p->type = type_draw(g, s - dob, shared);
		if (n > 1 && p->type == seq[n - 2].type && p->type == HOME_PARENTS)
			p->type = KINSHIP; /* a move is from one home to another */
		s = p->end + 1;
	}
	if (adopters > 0) {
		struct placement *p = &seq[n++];
		p->start = b - adopters + 1;
		p->end = b;
		p->type = PROSPECTIVE_ADOPTERS;
	}
	for (int i = 0; i < n; i++) {
		struct placement *p = &seq[i];
		if (p->type == HOME_PARENTS) {
			p->provider_kind = 'H';
			p->provider = family;
		} else {
			p->provider_kind = 'P';
			p->provider = ++g->next_provider;
		}
		place(g, p, home);
	}
	return n;
}

/* How long an episode planned to end in o lasts, in days, when it starts on day start
 * for someone who turns 16 on day age16 (a long stay lasts to 16-18). */
static long duration_draw(struct gen *g, enum outcome o, long start, long age16)
{
	switch (o) {
	case O_HOME: return rng_chance(&g->r, 600) ? rng_range(&g->r, 7, 365) : rng_range(&g->r, 366, 2190);
	case O_KINSHIP: return rng_range(&g->r, 365, 2920);
	case O_ADOPT: return rng_range(&g->r, 365, 1095);
	case O_PERM: return rng_range(&g->r, 1095, 4015);
	case O_LONG: {
		long d = age16 - start + rng_range(&g->r, 0, 730);
		return d < 30 ? 30 : d;
	}
	case O_CUSTODY: return rng_range(&g->r, 7, 365);
	case O_DIED: return rng_range(&g->r, 1, 1000);
	default: return rng_range(&g->r, 90, 1460);
	}
}

/* What an episode starting at age_days is planned to end in (adoption only when
 * may_adopt). */
static enum outcome outcome_draw(struct gen *g, long age_days, int may_adopt)
{
	int w[NOUTCOMES];
	memcpy(w, OUTCOME_W[age_band(age_days)], sizeof w);
	if (!may_adopt)
		w[O_ADOPT] = 0;
	return (enum outcome)rng_pick(&g->r, w, NOUTCOMES);
}

/* Whether a young person leaving care at 16 or over from a placement of type t may
 * take up continuing care, as docs/measures.md (measure 11) counts them: from foster
 * carers, friends or relatives, or residential care other than a YOI. */
static int leaver_eligible(enum ptype t)
{
	return t == KINSHIP || t == FOSTER_COUNCIL || t == FOSTER_PURCHASED || t == RES_COUNCIL_HOME ||
	       t == RES_VOLUNTARY_HOME || t == RES_SCHOOL || t == SECURE || t == CRISIS_CARE || t == RES_OTHER;
}

/* Adds to k the episode [a, b] planned as o, with the placements seq[0..n) (cut at b),
 * its legal reasons, school changes and restraints, and works out how it ends. */
static void episode_add(struct gen *g, struct kid *k, long a, long b, enum outcome o, const struct placement *seq,
                        int n)
{
	if (k->nep >= MAX_EP)
		return;
	int first_pl = k->npl;
	for (int i = 0; i < n && k->npl < MAX_PL && seq[i].start <= b; i++) {
		struct placement *p = &k->pl[k->npl++];
		*p = seq[i];
		if (p->end > b)
			p->end = b;
	}
	if (k->npl == first_pl) /* no room for another placement: no more episodes */
		return;
	const struct placement *last = &k->pl[k->npl - 1];
	b = last->end; /* the same as b, unless placements ran out of room */

	/* How it ends. */
	int reason;
	if (o == O_ADOPT && last->type == PROSPECTIVE_ADOPTERS)
		reason = R_ADOPTED;
	else if (o == O_CUSTODY)
		reason = R_CUSTODY;
	else if (o == O_DIED)
		reason = R_DIED;
	else if (b >= k->leaver16 && leaver_eligible(last->type))
		reason = rng_chance(&g->r, 330) ? R_CONTINUING : LEAVER_R[rng_pick(&g->r, LEAVER_W, 4)];
	else if (b >= k->leaver16)
		reason = rng_chance(&g->r, 600) ? R_HOME : R_INDEPENDENT;
	else
		reason = o == O_HOME ? R_HOME : o == O_KINSHIP ? R_KINSHIP : o == O_PERM ? R_PERM
		         : rng_chance(&g->r, 850) ? R_OTHER : R_NOT_KNOWN;
	k->ep[k->nep].start = a;
	k->ep[k->nep].end = b;
	k->ep[k->nep].reason = reason;
	k->nep++;

	/* Legal reasons: sometimes an emergency order first, then the main one; a
	 * permanence order for the last part of a permanence. */
	long s = a;
	if (k->nlg < MAX_LG && rng_chance(&g->r, 300)) {
		long e = s + rng_range(&g->r, 0, 60);
		if (e > b)
			e = b;
		k->lg[k->nlg].start = s;
		k->lg[k->nlg].end = e;
		k->lg[k->nlg].reason = EMERGENCY_L[rng_pick(&g->r, EMERGENCY_W, 3)];
		k->nlg++;
		s = e + 1;
	}
	if (s <= b && k->nlg < MAX_LG) {
		long e = b;
		if (reason == R_PERM && b - s > 30)
			e = s + (b - s) / 2;
		k->lg[k->nlg].start = s;
		k->lg[k->nlg].end = e;
		k->lg[k->nlg].reason = MAIN_L[rng_pick(&g->r, MAIN_W, 3)];
		k->nlg++;
		if (e < b && k->nlg < MAX_LG) {
			k->lg[k->nlg].start = e + 1;
			k->lg[k->nlg].end = b;
			k->lg[k->nlg].reason = L_PERM;
			k->nlg++;
		}
	}

	/* School changes, at school age (5 to 16): some with a placement move (a placement
	 * that is not the episode's first, as docs/measures.md counts moves), on its first
	 * day; some in a school year without one. */
	long school_from = birthday(k->dob, 5), school_to = k->age16;
	int sc0 = k->nsc;
	for (int i = first_pl + 1; i < k->npl && k->nsc < MAX_SC; i++) {
		long d = k->pl[i].start;
		if (d >= school_from && d < school_to && rng_chance(&g->r, 350)) {
			k->sc[k->nsc].date = d;
			k->sc[k->nsc].with_move = 1;
			k->nsc++;
		}
	}
	for (long t = a; t <= b && k->nsc < MAX_SC; t += 365) {
		if (!rng_chance(&g->r, 50))
			continue;
		long d = t + rng_below(&g->r, 365);
		if (d > b || d < school_from || d >= school_to)
			continue;
		int clash = 0;
		for (int i = first_pl; i < k->npl; i++)
			clash |= k->pl[i].start == d;
		for (int i = sc0; i < k->nsc; i++)
			clash |= k->sc[i].date == d;
		if (clash)
			continue;
		int j = k->nsc++;
		while (j > sc0 && k->sc[j - 1].date > d) {
			k->sc[j] = k->sc[j - 1];
			j--;
		}
		k->sc[j].date = d;
		k->sc[j].with_move = 0;
	}

	/* Restraint. */
	for (int i = first_pl; i < k->npl; i++) {
		const struct placement *p = &k->pl[i];
		int rate = PINFO[p->type].restraint;
		if (!rate)
			continue;
		for (long t = p->start; t <= p->end && k->nrs < MAX_RS; t += 90) {
			if (!rng_chance(&g->r, rate))
				continue;
			long d = t + rng_below(&g->r, 90);
			if (d > p->end)
				d = p->end;
			k->rs[k->nrs].date = d;
			k->rs[k->nrs].setting = PINFO[p->type].setting;
			k->nrs++;
		}
	}
}

/* After k's first episode: adoption breakdowns and returns to care, each a new
 * episode of the child's own, until 17 or past the year's end. */
static void later_episodes(struct gen *g, struct kid *k, unsigned long family, int home)
{
	while (k->nep > 0 && k->nep < MAX_EP) {
		long b = k->ep[k->nep - 1].end;
		int reason = k->ep[k->nep - 1].reason;
		if (b >= g->end)
			return;
		long a;
		if (reason == R_ADOPTED) {
			if (!rng_chance(&g->r, 40))
				return;
			long d = b + rng_range(&g->r, 180, 2920);
			if (k->nbd < MAX_EP) {
				k->bd[k->nbd].order = b;
				k->bd[k->nbd].disruption = d;
				k->nbd++;
			}
			a = d;
		} else if (reason == R_HOME || reason == R_KINSHIP || reason == R_OTHER || reason == R_NOT_KNOWN) {
			if (b >= k->age16 || !rng_chance(&g->r, 200))
				return;
			a = b + 1 + rng_range(&g->r, 30, 1460);
		} else {
			return;
		}
		if (a > g->end || a >= birthday(k->dob, 17))
			return;
		enum outcome o = outcome_draw(g, a - k->dob, a - k->dob < 5 * 365);
		long e = a + duration_draw(g, o, a, k->age16) - 1;
		if (e >= k->age18)
			e = k->age18 - 1;
		struct placement seq[MAX_PL];
		int n = placements_make(g, seq, a, e, o, k->dob, home, family, 0);
		episode_add(g, k, a, e, o, seq, n);
	}
}

/* Appends k's rows to the files of council slot, cut at 31 July of the year: what
 * starts later is left out, what ends later has an empty end. School codes are drawn
 * here, in date order, each change from the school the one before joined. */
/* A district number of area in [lo, hi] that is a real postcode district (one
 * data/postcode-districts.csv knows), nearest to n; n when there is none. The ranges of
 * PROFILES hold numbers that are no district (G6, AB47): a placement drawn there is
 * moved to the nearest that is, without drawing again, so the numbers drawn stay. */
static long district_real(const char *area, long n, long lo, long hi)
{
	for (long d = 0; d <= hi - lo; d++)
		for (int side = 0; side < 2; side++) {
			long m = side ? n + d : n - d;
			char name[8];
			double lat, lon;
			snprintf(name, sizeof name, "%s%ld", area, m);
			if (m >= lo && m <= hi && distance_place(name, false, &lat, &lon))
				return m;
		}
	return n;
}

/* Appends a council's postcode district number n, made real (district_real). */
static void put_district(struct buf *b, const struct council_profile *cp, long n)
{
	buf_puts(b, cp->area);
	put_ulong(b, (unsigned long)district_real(cp->area, n, cp->lo, cp->hi));
}

/* With --places: the placement's service and sector columns (synth_places.c), the
 * service in the placement's council, of the type that provides it, with room for the
 * children there on 31 July. */
static void put_service(struct gen *g, struct buf *b, const struct placement *p, int home)
{
	int group = 1;
	for (int i = 0; i < g->nshared && g->sharers > 1; i++)
		if (p->provider_kind == 'P' && g->shared[i].provider_kind == 'P' && g->shared[i].provider == p->provider)
			group = g->sharers;
	int open = p->end > g->end;
	int s = p->provider_kind == 'P' ? synth_places_service(g->sp, (int)p->type, p->council, home, p->start,
	                                                       open ? g->end : p->end, open, p->provider, group)
	                                : -1;
	buf_putc(b, ',');
	if (s >= 0) {
		buf_puts(b, synth_places_regno(g->sp, s));
		buf_putc(b, ',');
		buf_puts(b, synth_places_sector(g->sp, s));
	} else {
		buf_putc(b, ',');
	}
}

static void kid_write(struct gen *g, int slot, const struct kid *k, unsigned long family)
{
	const struct council_profile *cp = &PROFILES[g->council[slot]];
	/* The family's home: a district of its council's area, drawn from the family's number
	 * (not from the generator, so that every other value stays as it was). */
	struct rng hr = {(uint64_t)family * 0xd1342543de82ef95u ^ g->r0};
	long home = rng_range(&hr, cp->lo, cp->hi);
	if (g->sp)
		synth_places_child(g->sp);
	struct buf *b = file_buf(g, slot, F_CHILDREN);
	put_child(b, k->id);
	buf_putc(b, ',');
	buf_puts(b, cp->code);
	buf_putc(b, ',');
	put_date(g, b, k->dob);
	buf_putc(b, ',');
	buf_puts(b, SEX[k->sex]);
	buf_putc(b, ',');
	buf_puts(b, ETHNIC[k->eth]);
	buf_putc(b, ',');
	buf_puts(b, DISABILITY[k->dis]);
	buf_putc(b, '\n');
	g->n.children++;

	b = file_buf(g, slot, F_EPISODES);
	for (int i = 0; i < k->nep && k->ep[i].start <= g->end; i++) {
		put_child(b, k->id);
		buf_putc(b, ',');
		put_date(g, b, k->ep[i].start);
		buf_putc(b, ',');
		if (k->ep[i].end <= g->end) {
			put_date(g, b, k->ep[i].end);
			buf_putc(b, ',');
			buf_puts(b, REASON[k->ep[i].reason]);
		} else {
			buf_putc(b, ',');
		}
		buf_putc(b, '\n');
		g->n.episodes++;
	}

	b = file_buf(g, slot, F_PLACEMENTS);
	for (int i = 0; i < k->npl && k->pl[i].start <= g->end; i++) {
		const struct placement *p = &k->pl[i];
		put_child(b, k->id);
		buf_putc(b, ',');
		put_date(g, b, p->start);
		buf_putc(b, ',');
		if (p->end <= g->end)
			put_date(g, b, p->end);
		buf_putc(b, ',');
		buf_puts(b, PTYPE[p->type]);
		buf_putc(b, ',');
		buf_putc(b, p->provider_kind);
		put_ulong(b, p->provider);
		buf_putc(b, ',');
		if (p->council >= 0) {
			buf_puts(b, PROFILES[p->council].code);
			buf_puts(b, ",no,");
			/* At home with parents in the family's council: at the family's home. */
			long loc = p->type == HOME_PARENTS && p->council == g->council[slot] ? home : p->loc;
			put_district(b, &PROFILES[p->council], loc);
		} else {
			buf_puts(b, ",yes,");
			buf_puts(b, OUTSIDE[p->loc]);
		}
		buf_putc(b, ',');
		put_district(b, cp, home);
		if (g->sp)
			put_service(g, b, p, g->council[slot]);
		buf_putc(b, '\n');
		g->n.placements++;
	}

	b = file_buf(g, slot, F_LEGAL);
	for (int i = 0; i < k->nlg && k->lg[i].start <= g->end; i++) {
		put_child(b, k->id);
		buf_putc(b, ',');
		put_date(g, b, k->lg[i].start);
		buf_putc(b, ',');
		if (k->lg[i].end <= g->end)
			put_date(g, b, k->lg[i].end);
		buf_putc(b, ',');
		buf_puts(b, LEGAL[k->lg[i].reason]);
		buf_putc(b, '\n');
		g->n.legal++;
	}

	/* Schools: the codes follow on, each change from the school the last one joined. */
	b = file_buf(g, slot, F_SCHOOLS);
	long school = 0;
	for (int i = 0; i < k->nsc && k->sc[i].date <= g->end; i++) {
		if (!school)
			school = rng_range(&g->r, 1000000, 9999999);
		long next;
		do
			next = rng_range(&g->r, 1000000, 9999999);
		while (next == school);
		put_child(b, k->id);
		buf_putc(b, ',');
		put_date(g, b, k->sc[i].date);
		buf_putc(b, ',');
		put_ulong(b, (unsigned long)school);
		buf_putc(b, ',');
		put_ulong(b, (unsigned long)next);
		buf_puts(b, k->sc[i].with_move ? ",yes\n" : ",no\n");
		school = next;
		g->n.school_changes++;
	}

	b = file_buf(g, slot, F_BREAKDOWNS);
	for (int i = 0; i < k->nbd && k->bd[i].disruption <= g->end; i++) {
		put_child(b, k->id);
		buf_putc(b, ',');
		put_date(g, b, k->bd[i].order);
		buf_putc(b, ',');
		put_date(g, b, k->bd[i].disruption);
		buf_putc(b, '\n');
		g->n.adoption_breakdowns++;
	}

	b = file_buf(g, slot, F_RESTRAINTS);
	for (int i = 0; i < k->nrs; i++) {
		if (k->rs[i].date > g->end)
			continue;
		put_child(b, k->id);
		buf_putc(b, ',');
		put_date(g, b, k->rs[i].date);
		buf_putc(b, ',');
		buf_puts(b, k->rs[i].setting);
		buf_putc(b, '\n');
		g->n.restraints++;
	}
}

/* Makes one family of at most `room` children, and writes it. */
static long family_make(struct gen *g, long room)
{
	static const int SIZE_W[] = {650, 175, 95, 52, 28}; /* 1..5: 35% groups, 50/27/15/8 */
	unsigned long family = ++g->families;
	int size = rng_pick(&g->r, SIZE_W, 5) + 1;
	if (size > room)
		size = (int)room;
	int slot = rng_pick(&g->r, g->weight, g->ncouncils);

	/* Ages at the start: the youngest's drawn, each older one 10 months to 3 years
	 * older, none 17 or over. */
	int band = rng_pick(&g->r, AGE_W, 5);
	long ages[MAX_KIDS];
	ages[0] = rng_range(&g->r, AGE_LO[band], AGE_HI[band]);
	int n = 1;
	while (n < size) {
		long a = ages[n - 1] + rng_range(&g->r, 300, 1100);
		if (a >= 17 * 365)
			break;
		ages[n++] = a;
	}
	size = n;
	long start = g->end - rng_below(&g->r, 20 * 365 + 5);
	/* Half brothers and sisters in 35% of groups; a step-child in 3%. */
	int father_mix = rng_chance(&g->r, 350);
	int step_kid = size > 1 && rng_chance(&g->r, 30) ? (int)rng_below(&g->r, size) : -1;

	/* The kids, oldest first (so ids go oldest first). */
	for (int i = 0; i < size; i++) {
		struct kid *k = &g->kids[i];
		k->nep = k->npl = k->nlg = k->nsc = k->nbd = k->nrs = 0;
		k->id = ++g->next_child;
		k->dob = start - ages[size - 1 - i];
		k->age16 = birthday(k->dob, 16);
		struct kdate m = date_from_days(k->dob);
		k->leaver16 = date_days((struct kdate){m.y + 16, m.m, 1});
		k->age18 = birthday(k->dob, 18);
		k->sex = rng_pick(&g->r, SEX_W, 4);
		k->eth = rng_pick(&g->r, ETHNIC_W, 12);
		k->dis = rng_pick(&g->r, DISABILITY_W, 3);
		k->father = father_mix ? (int)rng_below(&g->r, 2) : 0;
		k->step = i == step_kid;
	}

	/* The first episode, planned for the family from the youngest's age. */
	long youngest = ages[0], oldest = ages[size - 1];
	enum outcome o = outcome_draw(g, youngest, youngest < 5 * 365 && oldest < 9 * 365);
	long planned_end = start + duration_draw(g, o, start, g->kids[size - 1].age16) - 1;
	/* together: every child shares the placements; some: the two oldest do; apart. */
	int pattern = size == 1 ? 2 : rng_chance(&g->r, 400) ? 0 : size >= 3 && rng_chance(&g->r, 333) ? 1 : 2;
	int sharers = pattern == 0 ? size : pattern == 1 ? 2 : 0;
	g->sharers = sharers;
	if (g->sp)
		synth_places_family(g->sp);
	if (sharers) { /* to the last day of the youngest who shares them */
		long last = g->kids[sharers - 1].age18 - 1;
		if (planned_end < last)
			last = planned_end;
		g->nshared = placements_make(g, g->shared, start, last, o, g->kids[sharers - 1].dob, slot, family, 1);
	}
	for (int i = 0; i < size; i++) {
		struct kid *k = &g->kids[i];
		long e = planned_end < k->age18 - 1 ? planned_end : k->age18 - 1;
		if (i < sharers) {
			episode_add(g, k, start, e, o, g->shared, g->nshared);
		} else {
			struct placement seq[MAX_PL];
			int np = placements_make(g, seq, start, e, o, k->dob, slot, family, 0);
			episode_add(g, k, start, e, o, seq, np);
		}
		later_episodes(g, k, family, slot);
		kid_write(g, slot, k, family);
	}

	/* Brothers and sisters: every pair once. */
	struct buf *b = file_buf(g, slot, F_SIBLINGS);
	for (int i = 0; i < size; i++)
		for (int j = i + 1; j < size; j++) {
			const struct kid *x = &g->kids[i], *y = &g->kids[j];
			int rel = x->step || y->step ? 2 : x->father == y->father ? 0 : 1;
			if (rel == 0 && rng_chance(&g->r, 20))
				rel = 3;
			put_child(b, x->id);
			buf_putc(b, ',');
			put_child(b, y->id);
			buf_putc(b, ',');
			buf_puts(b, RELATIONSHIP[rel]);
			buf_putc(b, '\n');
			g->n.siblings++;
		}
	for (int f = 0; f < NFILES; f++)
		out_flush(g, &g->out[slot * NFILES + f], 0);
	return size;
}

/* ---- the whole ---- */

int synth_latest_year(void)
{
	struct kdate t = date_today();
	return t.m > 7 || (t.m == 7 && t.d == 31) ? t.y : t.y - 1;
}

/* The k councils with the largest weights, largest first. */
static void councils_choose(struct gen *g, int k)
{
	/* The order of data/council-areas.csv is kept for equal weights. */
	int order[NPROFILES];
	for (int i = 0; i < NPROFILES; i++) {
		int j = i;
		while (j > 0 && PROFILES[order[j - 1]].weight < PROFILES[i].weight) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	g->ncouncils = k;
	for (int i = 0; i < k; i++) {
		g->council[i] = order[i];
		g->weight[i] = PROFILES[order[i]].weight;
	}
}

int synth_write(const struct synth_options *o, const char *dir, synth_progress progress, void *arg,
                struct synth_counts *counts, struct kerr *e)
{
	if (o->children < 1 || o->children > SYNTH_MAX_CHILDREN)
		return kerr_set(e, KERR_USAGE, "the number of children must be from 1 to %ld", SYNTH_MAX_CHILDREN);
	if (o->councils < 1 || o->councils > SYNTH_MAX_COUNCILS)
		return kerr_set(e, KERR_USAGE, "the number of councils must be from 1 to %d", SYNTH_MAX_COUNCILS);
	if (o->year < SYNTH_MIN_YEAR || o->year > synth_latest_year())
		return kerr_set(e, KERR_USAGE, "the year must be from %d to %d", SYNTH_MIN_YEAR, synth_latest_year());

	struct gen *g = xcalloc(1, sizeof *g);
	g->r.s = g->r0 = o->seed;
	g->end = date_days((struct kdate){o->year, 7, 31});
	g->first = date_days((struct kdate){o->year - 40, 1, 1});
	g->ndates = g->end - g->first + 1;
	g->dates = xmalloc((size_t)g->ndates * sizeof g->dates[0]);
	for (long i = 0; i < g->ndates; i++) {
		char s[11];
		date_format(date_from_days(g->first + i), s);
		memcpy(g->dates[i], s, 10);
	}
	councils_choose(g, o->councils);
	if (o->places) {
		const char *codes[NPROFILES];
		int weights[NPROFILES];
		for (int i = 0; i < NPROFILES; i++) {
			codes[i] = PROFILES[i].code;
			weights[i] = PROFILES[i].weight;
		}
		g->sp = synth_places_new(o->seed, o->children, codes, weights, NPROFILES, g->council, g->ncouncils, g->end,
		                         o->vacancy_day);
	}
	g->out = xcalloc((size_t)g->ncouncils * NFILES, sizeof g->out[0]);

	int rc = 0;
	for (int c = 0; c < g->ncouncils && rc == 0; c++) {
		const char *code = PROFILES[g->council[c]].code;
		snprintf(g->path, sizeof g->path, "%s/%s", dir, code);
		if (mkdir(g->path, 0777) < 0) {
			rc = kerr_set(e, KERR_FAIL, "%s: could not make it: %s", g->path, strerror(errno));
			break;
		}
		for (int f = 0; f < NFILES; f++) {
			struct out *out = &g->out[c * NFILES + f];
			snprintf(g->path, sizeof g->path, "%s/%s/%s", dir, code, synth_files[f].name);
			out->f = fopen(g->path, "wb");
			if (!out->f) {
				rc = kerr_set(e, KERR_FAIL, "%s: could not make it: %s", g->path, strerror(errno));
				break;
			}
			buf_puts(&out->b, f == F_PLACEMENTS && g->sp ? synth_placements_header_places : synth_files[f].header);
			buf_putc(&out->b, '\n');
		}
	}

	long made = 0;
	while (rc == 0 && made < o->children && !g->failed) {
		made += family_make(g, o->children - made);
		if (progress)
			progress((size_t)made, (size_t)o->children, arg);
	}
	for (int i = 0; i < g->ncouncils * NFILES; i++) {
		struct out *out = &g->out[i];
		if (out->f) {
			out_flush(g, out, 1);
			if (fclose(out->f) != 0 && !g->failed)
				g->failed = errno ? errno : EIO;
		}
		buf_free(&out->b);
	}
	if (rc == 0 && g->failed)
		rc = kerr_set(e, KERR_FAIL, "%s: could not write the files: %s", dir, strerror(g->failed));
	if (rc == 0 && g->sp)
		rc = synth_places_write(g->sp, dir, &g->n, e);
	synth_places_free(g->sp);
	if (counts)
		*counts = g->n;
	free(g->out);
	free(g->dates);
	free(g);
	return rc;
}
