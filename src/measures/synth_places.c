/* Synthetic care services, vacancies, cross-border placements and requests: see
 * synth_places.h. What is made, and which published figures it is consistent with, is
 * docs/places.md "Synthetic services, vacancies and requests"; in short:
 *
 * - Fostering: 58 fostering services holding 2,998 approved foster households at full
 *   scale (Care Inspectorate, 31 December 2023): one council fostering service in each
 *   council and 26 independent ones; a service's places are its households' places.
 *   How many children a household is approved for (1 to 4) is made up.
 * - Residential children's houses, residential schools and secure accommodation with
 *   room for the children the records have in residential care on 31 July (about 1,300
 *   at full scale: 11% of 11,844, Children's Social Work Statistics 2023-24) and the
 *   cross-border placements; how many services and their sizes are made up.
 * - Cross-border placements into Scottish secure services: 0.6 for each young person
 *   from Scotland in secure care in the year, so that 37.5% (over a third: Plan 24-30,
 *   Where children live, 2024) came from outside Scotland; into residential houses and
 *   schools a made-up number.
 * - Requests: about 400 at full scale, their sizes drawn as the records' families are
 *   (35% sibling groups: about 140), ages as the records' ages on coming into care.
 * - Weekly costs: foster care £646 (council; PSSRU Unit Costs 2017), £820 (independent;
 *   CMA interim report 2021), children's homes £3,830 (CMA), each varied by up to 15%;
 *   the others made up.
 * Every name, provider and number here is made up unless said otherwise above.
 *
 * Full scale is 60,000 children over 32 councils (the demo), as the records' own
 * calibration (synth.c); other sizes scale the counts by children / 60,000. */
#include "measures/synth_places.h"

#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"
#include "measures/measures.h"
#include "money/money.h"
#include "place/place.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FULL_CHILDREN 60000L

/* The records' placement types this part tells apart (records_placement_type_codes'
 * order, as synth.c's enum ptype and money's types). */
enum {
	MT_FOSTER_COUNCIL = 2,
	MT_FOSTER_PURCHASED = 3,
	MT_RESIDENTIAL_COUNCIL_HOME = 6,
	MT_RESIDENTIAL_VOLUNTARY_HOME = 7,
	MT_RESIDENTIAL_OTHER = 12
};

/* ---- the generator: the same construction as synth.c's, its own stream ---- */
struct prng {
	uint64_t s;
};

static uint64_t prng_next(struct prng *r)
{
	r->s += 0x9e3779b97f4a7c15u;
	uint64_t z = r->s;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static long below(struct prng *r, long n)
{
	return n <= 0 ? 0 : (long)(((prng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static long range(struct prng *r, long lo, long hi)
{
	return hi <= lo ? lo : lo + below(r, hi - lo + 1);
}

static int chance(struct prng *r, int per_mille)
{
	return below(r, 1000) < per_mille;
}

static int pick(struct prng *r, const int *w, int n)
{
	long sum = 0;
	for (int i = 0; i < n; i++)
		sum += w[i];
	long x = below(r, sum);
	for (int i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* ---- the made-up figures ---- */

/* Services at full scale, besides the council fostering and adoption services (one per
 * council): all made up except the 26 independent fostering services (58 less 32). */
enum {
	N_AGENCIES = 26,     /* independent fostering services (58 - 32 councils' own) */
	N_HOUSEHOLDS = 2998, /* approved foster households (Care Inspectorate, 31 Dec 2023) */
	N_VOLUNTARY_ADOPTION = 6,
	N_HOUSES = 420,
	N_SCHOOLS = 32,
	N_SECURE = 5,
	N_SHORT_BREAKS = 380,
	N_SUPPORTED = 450,
	N_OUTSIDE = 20, /* services in England a Scottish council might use */
	N_CANCELLED = 24,
	N_PROPOSED = 8,
	N_REQUESTS = 400,
	N_CROSSBORDER_RESIDENTIAL = 60, /* into houses and schools, in the year */
};
/* Cross-border young people in secure care for each from Scotland, per thousand: 600
 * makes 600/1600 = 37.5% from outside Scotland. */
#define CROSSBORDER_SECURE_PER_MILLE 600

/* How many children an approved foster household is approved for: 1 to 4. */
static const int HOUSEHOLD_W[] = {550, 330, 90, 30};
/* The weekly cost per child in pounds, and per mille unknown. */
static const int COST[PT_NTYPES] = {
    [PT_FOSTERING] = 646,           [PT_ADOPTION] = 0,  [PT_RESIDENTIAL_HOUSE] = 3830,
    [PT_RESIDENTIAL_SCHOOL] = 5200, [PT_SECURE] = 6800, [PT_SHORT_BREAKS] = 1100,
    [PT_SUPPORTED_LODGINGS] = 450,
};
#define COST_AGENCY 820
/* Needs a service of each type can meet, per mille (disability, learning, health,
 * emotional, mental_health, exploitation, unaccompanied, parent_and_child). */
static const int NEEDS_MET[PT_NTYPES][PN_NNEEDS] = {
    [PT_FOSTERING] = {400, 500, 300, 800, 300, 200, 300, 200},
    [PT_ADOPTION] = {300, 300, 300, 300, 0, 0, 0, 0},
    [PT_RESIDENTIAL_HOUSE] = {100, 250, 100, 900, 400, 400, 150, 30},
    [PT_RESIDENTIAL_SCHOOL] = {400, 800, 300, 900, 400, 200, 50, 0},
    [PT_SECURE] = {100, 300, 300, 1000, 900, 900, 50, 0},
    [PT_SHORT_BREAKS] = {700, 700, 500, 300, 100, 0, 0, 0},
    [PT_SUPPORTED_LODGINGS] = {50, 100, 50, 500, 200, 150, 400, 250},
};
/* A child's needs in a request, per mille, and the youngest age each applies from. */
static const int CHILD_NEEDS[PN_NNEEDS] = {60, 100, 50, 300, 100, 80, 30, 10};
static const int CHILD_NEEDS_FROM[PN_NNEEDS] = {0, 0, 0, 5, 10, 10, 12, 16};

/* The records' families (synth.c family_make): 1 to 5 children. */
static const int SIZE_W[] = {650, 175, 95, 52, 28};
/* Ages on coming into care (synth.c AGE_W...), in days. */
static const int AGE_W[] = {180, 220, 300, 250, 50};
static const long AGE_LO[] = {0, 365, 5 * 365 + 1, 12 * 365 + 3, 16 * 365 + 4};
static const long AGE_HI[] = {364, 5 * 365, 12 * 365 + 2, 16 * 365 + 3, 17 * 365 + 300};

/* Real GSS codes of councils outside Scotland (for the made-up cross-border rows):
 * Northumberland, Cumberland, Newcastle upon Tyne, Manchester, Liverpool, Birmingham,
 * Leeds, Lambeth, Essex, Cardiff, Belfast. */
static const char *const PLACING[] = {"E06000057", "E06000063", "E08000021", "E08000003",
                                      "E08000012", "E08000025", "E08000035", "E09000022",
                                      "E10000012", "W06000015", "N09000003"};
enum { NPLACING = sizeof PLACING / sizeof PLACING[0] };

/* ---- services ---- */

struct svc {
	char regno[PLACE_REGNO_MAX + 1];
	int type, sector, council; /* council: index of the area, -1 outside Scotland */
	int age_from, age_to, places, max_sib, occ;
	uint32_t needs;
	int cost; /* < 0 unknown */
	int status;
	long registered, ended;
	int provider; /* a provider number (private and third), or the council's index */
	int own;      /* a council's own fostering or adoption service */
	int hh0, nhh; /* fostering: its households */
};

struct household {
	int places, occ;
};

struct ilist {
	int *v;
	int n, cap;
};

static void ilist_add(struct ilist *l, int x)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, (size_t)l->cap * sizeof l->v[0]);
	}
	l->v[l->n++] = x;
}

struct cb {
	int svc;
	const char *placing;
	long in, out; /* out 0: goes on */
};

struct cache {
	unsigned long provider;
	int svc, hh;
};

struct synth_places {
	struct prng r;
	long children, end, vacancy_day;
	const char *code[SYNTH_MAX_COUNCILS]; /* static strings */
	int weight[SYNTH_MAX_COUNCILS];
	int ncodes;
	int chosen[SYNTH_MAX_COUNCILS], nchosen;
	struct svc *s;
	int ns, cap;
	struct household *hh;
	int nhh, caphh;
	struct ilist bucket[PT_NTYPES][SYNTH_MAX_COUNCILS + 1]; /* [type][council + 1] */
	struct ilist agencies;                                  /* independent fostering in Scotland */
	int own_fostering[SYNTH_MAX_COUNCILS];
	int nproviders[PS_NSECTORS];
	long serial;
	struct cache fam[64];
	int nfam;
	int secure_flag; /* the current child was in secure care in Scotland in the year */
	long secure_people;
	struct cb *cb;
	int ncb, capcb;
};

/* A number scaled from full scale (at least lo). */
static int scaled(const struct synth_places *sp, long full, int lo)
{
	long v = (full * sp->children + FULL_CHILDREN / 2) / FULL_CHILDREN;
	return v < lo ? lo : (int)v;
}

/* n split over the chosen councils by weight (largest remainders; ties to the first). */
static void split(const struct synth_places *sp, long n, long out[SYNTH_MAX_COUNCILS])
{
	long wsum = 0, given = 0;
	long rem[SYNTH_MAX_COUNCILS];
	for (int i = 0; i < sp->nchosen; i++)
		wsum += sp->weight[sp->chosen[i]];
	for (int i = 0; i < sp->nchosen; i++) {
		long w = sp->weight[sp->chosen[i]];
		out[i] = n * w / wsum;
		rem[i] = n * w % wsum;
		given += out[i];
	}
	while (given < n) {
		int best = 0;
		for (int i = 1; i < sp->nchosen; i++)
			if (rem[i] > rem[best])
				best = i;
		out[best]++;
		rem[best] = -1;
		given++;
	}
}

static int pick_chosen(struct synth_places *sp)
{
	int w[SYNTH_MAX_COUNCILS];
	for (int i = 0; i < sp->nchosen; i++)
		w[i] = sp->weight[sp->chosen[i]];
	return sp->chosen[pick(&sp->r, w, sp->nchosen)];
}

static uint32_t needs_draw(struct prng *r, const int *w)
{
	uint32_t m = 0;
	for (int k = 0; k < PN_NNEEDS; k++)
		if (chance(r, w[k]))
			m |= 1u << k;
	return m;
}

/* A new service of type in council (-1 outside Scotland), sector, with places. */
static int svc_add(struct synth_places *sp, int type, int council, int sector, int places)
{
	if (sp->ns == sp->cap) {
		sp->cap = sp->cap ? sp->cap * 2 : 256;
		sp->s = xrealloc(sp->s, (size_t)sp->cap * sizeof sp->s[0]);
	}
	int i = sp->ns++;
	struct svc *v = &sp->s[i];
	memset(v, 0, sizeof *v);
	struct prng *r = &sp->r;
	v->type = type;
	v->council = council;
	v->sector = sector;
	v->places = places;
	v->status = PSS_ACTIVE;
	/* Registered before any placement of the records (which go back 20 years). */
	v->registered = sp->end - range(r, 21 * 365, 25 * 365);
	v->ended = 0;
	struct kdate d = date_from_days(v->registered);
	/* Numbered in order; 125,000 services at the most children keep synth takes. */
	int serial = (int)(++sp->serial % 1000000);
	if (council >= 0)
		snprintf(v->regno, sizeof v->regno, "CS%04d%06d", (int)((unsigned)d.y % 10000u), serial);
	else
		snprintf(v->regno, sizeof v->regno, "SC%06d", 100000 + serial % 900000);
	v->needs = needs_draw(r, NEEDS_MET[type]);
	v->provider = sector == PS_COUNCIL ? council : (int)range(r, 1, sp->nproviders[sector]);
	int cost = COST[type];
	if (type == PT_FOSTERING && sector != PS_COUNCIL)
		cost = COST_AGENCY;
	v->cost = cost > 0 && !chance(r, 100) ? (int)(cost * range(r, 85, 115) / 100) : -1;
	switch (type) {
	case PT_RESIDENTIAL_HOUSE: {
		static const int from[] = {5, 8, 10, 12}, fw[] = {100, 150, 550, 200};
		static const int sw[] = {150, 450, 300, 100};
		v->age_from = from[pick(r, fw, 4)];
		v->age_to = 17;
		v->max_sib = pick(r, sw, 4) + 1;
		break;
	}
	case PT_RESIDENTIAL_SCHOOL: {
		static const int from[] = {5, 8, 10}, fw[] = {200, 400, 400};
		v->age_from = from[pick(r, fw, 3)];
		v->age_to = 17;
		v->max_sib = chance(r, 300) ? 2 : 1;
		break;
	}
	case PT_SECURE:
		v->age_from = 12;
		v->age_to = 17;
		v->max_sib = 1;
		break;
	case PT_SHORT_BREAKS:
		v->age_from = chance(r, 500) ? 0 : 5;
		v->age_to = 17;
		v->max_sib = 2;
		break;
	case PT_SUPPORTED_LODGINGS:
		v->age_from = 16;
		v->age_to = 17;
		v->max_sib = chance(r, 200) ? 2 : 1;
		break;
	default: /* fostering, adoption */
		v->age_from = 0;
		v->age_to = 17;
		v->max_sib = 3;
		break;
	}
	if (v->max_sib > v->places && type != PT_FOSTERING)
		v->max_sib = v->places > 0 ? v->places : 1;
	ilist_add(&sp->bucket[type][council + 1], i);
	return i;
}

static int hh_add(struct synth_places *sp, int svc, int places)
{
	if (sp->nhh == sp->caphh) {
		sp->caphh = sp->caphh ? sp->caphh * 2 : 1024;
		sp->hh = xrealloc(sp->hh, (size_t)sp->caphh * sizeof sp->hh[0]);
	}
	sp->hh[sp->nhh] = (struct household){places, 0};
	struct svc *v = &sp->s[svc];
	if (v->nhh == 0)
		v->hh0 = sp->nhh;
	v->nhh++;
	v->places += places;
	return sp->nhh++;
}

static int sector_draw(struct prng *r, int council, int third, int private)
{
	int w[] = {council, third, private};
	return pick(r, w, 3);
}

static int places_draw(struct prng *r, int type)
{
	switch (type) {
	case PT_RESIDENTIAL_HOUSE: {
		static const int w[] = {150, 300, 350, 150, 50};
		return pick(r, w, 5) + 2;
	}
	case PT_RESIDENTIAL_SCHOOL:
		return (int)range(r, 4, 16);
	case PT_SECURE:
		return (int)range(r, 10, 20);
	case PT_SHORT_BREAKS:
		return (int)range(r, 2, 8);
	case PT_SUPPORTED_LODGINGS:
		return (int)range(r, 1, 3);
	case PT_ADOPTION:
		return (int)range(r, 2, 20);
	default:
		return 1;
	}
}

struct synth_places *synth_places_new(uint64_t seed, long children, const char *const *code,
                                      const int *weight, int ncodes, const int *chosen, int nchosen, long end,
                                      long vacancy_day)
{
	struct synth_places *sp = xcalloc(1, sizeof *sp);
	sp->r.s = seed ^ 0x5eed91ace5u;
	sp->children = children;
	sp->end = end;
	sp->vacancy_day = vacancy_day ? vacancy_day : end;
	sp->ncodes = ncodes < SYNTH_MAX_COUNCILS ? ncodes : SYNTH_MAX_COUNCILS;
	for (int i = 0; i < sp->ncodes; i++) {
		sp->code[i] = code[i];
		sp->weight[i] = weight[i];
	}
	sp->nchosen = nchosen;
	memcpy(sp->chosen, chosen, (size_t)nchosen * sizeof chosen[0]);
	sp->nproviders[PS_THIRD] = scaled(sp, 40, 1);
	sp->nproviders[PS_PRIVATE] = scaled(sp, 30, 1);
	for (int i = 0; i < SYNTH_MAX_COUNCILS; i++)
		sp->own_fostering[i] = -1;
	struct prng *r = &sp->r;

	/* Fostering: each council's own service and the independent ones, then the
	 * households, 65% in the councils' own services (as the records' foster_council),
	 * split by weight, the rest over the independent ones. */
	int nag = scaled(sp, N_AGENCIES, 1);
	long hh = scaled(sp, N_HOUSEHOLDS, nchosen + nag);
	for (int i = 0; i < nchosen; i++) {
		sp->own_fostering[chosen[i]] = svc_add(sp, PT_FOSTERING, chosen[i], PS_COUNCIL, 0);
		sp->s[sp->own_fostering[chosen[i]]].own = 1;
	}
	int ag0 = sp->ns;
	for (int i = 0; i < nag; i++) {
		int c = pick_chosen(sp);
		int sector = chance(r, 580) ? PS_THIRD : PS_PRIVATE;
		int a = svc_add(sp, PT_FOSTERING, c, sector, 0);
		ilist_add(&sp->agencies, a);
	}
	long own_hh = hh * 65 / 100, per[SYNTH_MAX_COUNCILS];
	if (own_hh < nchosen)
		own_hh = nchosen;
	if (hh - own_hh < nag)
		own_hh = hh - nag;
	split(sp, own_hh - nchosen, per);
	for (int i = 0; i < nchosen; i++)
		for (long k = 0; k <= per[i]; k++)
			hh_add(sp, sp->own_fostering[chosen[i]], pick(r, HOUSEHOLD_W, 4) + 1);
	/* The independent ones: one household each, the rest drawn among them. */
	long *agn = xcalloc((size_t)nag, sizeof *agn);
	for (long k = 0; k < hh - own_hh; k++)
		agn[k < nag ? k : below(r, nag)]++;
	for (int i = 0; i < nag; i++)
		for (long k = 0; k < agn[i]; k++)
			hh_add(sp, ag0 + i, pick(r, HOUSEHOLD_W, 4) + 1);
	free(agn);

	/* Adoption: each council's own, and voluntary agencies. */
	for (int i = 0; i < nchosen; i++) {
		int a = svc_add(sp, PT_ADOPTION, chosen[i], PS_COUNCIL, places_draw(r, PT_ADOPTION));
		sp->s[a].own = 1;
	}
	for (int i = 0; i < scaled(sp, N_VOLUNTARY_ADOPTION, 0); i++) {
		int c = pick_chosen(sp);
		svc_add(sp, PT_ADOPTION, c, PS_THIRD, places_draw(r, PT_ADOPTION));
	}

	/* The others, split over the councils by weight. Houses' sectors follow the records'
	 * residential types (council homes 45, voluntary 20, other 7 of 72). */
	static const struct {
		int type, full, council, third, private;
	} kinds[] = {
	    {PT_RESIDENTIAL_HOUSE, N_HOUSES, 620, 140, 240},
	    {PT_RESIDENTIAL_SCHOOL, N_SCHOOLS, 100, 600, 300},
	    {PT_SECURE, N_SECURE, 200, 800, 0},
	    {PT_SHORT_BREAKS, N_SHORT_BREAKS, 400, 400, 200},
	    {PT_SUPPORTED_LODGINGS, N_SUPPORTED, 300, 500, 200},
	};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		split(sp, scaled(sp, kinds[k].full, 0), per);
		for (int i = 0; i < nchosen; i++)
			for (long j = 0; j < per[i]; j++) {
				int sector =
				    sector_draw(r, kinds[k].council, kinds[k].third, kinds[k].private);
				svc_add(sp, kinds[k].type, chosen[i], sector, places_draw(r, kinds[k].type));
			}
	}
	/* In England: residential schools and houses, a secure unit, fostering agencies. */
	static const int out_types[] = {PT_RESIDENTIAL_SCHOOL, PT_RESIDENTIAL_HOUSE, PT_SECURE, PT_FOSTERING};
	static const int out_w[] = {400, 300, 100, 200};
	for (int i = 0; i < scaled(sp, N_OUTSIDE, 0); i++) {
		int t = out_types[pick(r, out_w, 4)];
		int sector = chance(r, 700) ? PS_PRIVATE : PS_THIRD;
		int v = svc_add(sp, t, -1, sector, t == PT_FOSTERING ? 0 : places_draw(r, t));
		if (t == PT_FOSTERING) /* households of its own, not among Scotland's */
			for (int k = 0; k < 4; k++)
				hh_add(sp, v, pick(r, HOUSEHOLD_W, 4) + 1);
	}
	return sp;
}

void synth_places_free(struct synth_places *sp)
{
	if (!sp)
		return;
	for (int t = 0; t < PT_NTYPES; t++)
		for (int c = 0; c <= SYNTH_MAX_COUNCILS; c++)
			free(sp->bucket[t][c].v);
	free(sp->agencies.v);
	free(sp->s);
	free(sp->hh);
	free(sp->cb);
	free(sp);
}

void synth_places_family(struct synth_places *sp)
{
	sp->nfam = 0;
	sp->secure_flag = 0;
}

void synth_places_child(struct synth_places *sp)
{
	sp->secure_flag = 0;
}

/* The sectors that may provide the records' placement type. */
static unsigned sectors_for(int money_type)
{
	const unsigned C = 1u << PS_COUNCIL, T = 1u << PS_THIRD, P = 1u << PS_PRIVATE;
	switch (money_type) {
	case MT_FOSTER_COUNCIL:
	case MT_RESIDENTIAL_COUNCIL_HOME:
		return C;
	case MT_FOSTER_PURCHASED:
	case MT_RESIDENTIAL_VOLUNTARY_HOME:
		return T | P;
	case MT_RESIDENTIAL_OTHER:
		return P;
	default:
		return C | T | P;
	}
}

/* A fostering household of one of the services l[0..n) with room for need (weighted by
 * room), or, when none has room and may_grow, the one with the most room, its approval
 * raised; -1 in *hh when there is no service. */
static int foster_pick(struct synth_places *sp, const int *l, int n, int open, int need, int *hh)
{
	*hh = -1;
	if (n == 0)
		return -1;
	if (!open) { /* any household; weighted by places */
		long sum = 0;
		for (int i = 0; i < n; i++)
			sum += sp->s[l[i]].places;
		long x = below(&sp->r, sum);
		for (int i = 0; i < n; i++) {
			const struct svc *v = &sp->s[l[i]];
			for (int k = 0; k < v->nhh; k++) {
				if (x < sp->hh[v->hh0 + k].places) {
					*hh = v->hh0 + k;
					return l[i];
				}
				x -= sp->hh[v->hh0 + k].places;
			}
		}
	}
	long sum = 0;
	for (int i = 0; i < n; i++) {
		const struct svc *v = &sp->s[l[i]];
		for (int k = 0; k < v->nhh; k++) {
			const struct household *h = &sp->hh[v->hh0 + k];
			if (h->places - h->occ >= need)
				sum += h->places - h->occ;
		}
	}
	if (sum > 0) {
		long x = below(&sp->r, sum);
		for (int i = 0; i < n; i++) {
			const struct svc *v = &sp->s[l[i]];
			for (int k = 0; k < v->nhh; k++) {
				const struct household *h = &sp->hh[v->hh0 + k];
				if (h->places - h->occ < need)
					continue;
				if (x < h->places - h->occ) {
					*hh = v->hh0 + k;
					return l[i];
				}
				x -= h->places - h->occ;
			}
		}
	}
	/* None has room: the household with the most room of a service drawn is approved for
	 * more. */
	int s = l[below(&sp->r, n)];
	struct svc *v = &sp->s[s];
	int best = v->hh0;
	for (int k = 1; k < v->nhh; k++)
		if (sp->hh[v->hh0 + k].places - sp->hh[v->hh0 + k].occ >
		    sp->hh[best].places - sp->hh[best].occ)
			best = v->hh0 + k;
	int grow = need - (sp->hh[best].places - sp->hh[best].occ);
	sp->hh[best].places += grow;
	v->places += grow;
	*hh = best;
	return s;
}

/* A service of bucket l with a sector of mask, with room for need when open (weighted
 * by room), or any (weighted by places); one grown, or a new one, when none has room. */
static int svc_pick(struct synth_places *sp, int type, int council, unsigned mask, int open, int need)
{
	const struct ilist *l = &sp->bucket[type][council + 1];
	long sum = 0;
	int any = -1;
	for (int i = 0; i < l->n; i++) {
		const struct svc *v = &sp->s[l->v[i]];
		if (v->status != PSS_ACTIVE || !(mask & (1u << v->sector)))
			continue;
		any = l->v[i];
		if (!open)
			sum += v->places;
		else if (v->places - v->occ >= need && v->max_sib >= need)
			sum += v->places - v->occ;
	}
	if (sum > 0) {
		long x = below(&sp->r, sum);
		for (int i = 0; i < l->n; i++) {
			const struct svc *v = &sp->s[l->v[i]];
			if (v->status != PSS_ACTIVE || !(mask & (1u << v->sector)))
				continue;
			long w = !open                                              ? v->places
			         : v->places - v->occ >= need && v->max_sib >= need ? v->places - v->occ
			                                                            : 0;
			if (x < w)
				return l->v[i];
			x -= w;
		}
	}
	if (any < 0) { /* none of that kind there: a new one */
		int sector = 0;
		while (!(mask & (1u << sector)))
			sector++;
		if (mask & (mask - 1)) /* more than one sector: draw */
			do
				sector = (int)below(&sp->r, PS_NSECTORS);
			while (!(mask & (1u << sector)));
		/* Smaller than the planned ones: it is there for the records' few. */
		int p = type == PT_SECURE || type == PT_RESIDENTIAL_SCHOOL ? (int)range(&sp->r, 2, 5)
		                                                           : places_draw(&sp->r, type);
		any = svc_add(sp, type, council, sector, p);
	}
	struct svc *v = &sp->s[any];
	if (open && v->places - v->occ < need)
		v->places = v->occ + need;
	if (open && v->max_sib < need)
		v->max_sib = need;
	return any;
}

int synth_places_service(struct synth_places *sp, int money_type, int council, int home, long start, long end,
                         int open, unsigned long provider, int group)
{
	int type = place_type_for_money_type(money_type);
	if (type < 0)
		return -1;
	if (type == PT_SECURE && council >= 0 && end >= sp->end - 364 && !sp->secure_flag) {
		sp->secure_flag = 1;
		sp->secure_people++;
	}
	(void)start;
	/* Brothers and sisters placed together: the service (and household) chosen for the
	 * first of them. */
	for (int i = 0; i < sp->nfam; i++)
		if (sp->fam[i].provider == provider) {
			struct cache *c = &sp->fam[i];
			if (open) {
				struct svc *v = &sp->s[c->svc];
				if (c->hh >= 0) {
					if (sp->hh[c->hh].occ >= sp->hh[c->hh].places) {
						sp->hh[c->hh].places++;
						v->places++;
					}
					sp->hh[c->hh].occ++;
				} else if (v->occ >= v->places) {
					v->places++;
				}
				v->occ++;
			}
			return c->svc;
		}
	int need = open ? group : 1;
	int s, hh = -1;
	if (type == PT_FOSTERING) {
		const int *l;
		int n;
		int one;
		if (money_type == MT_FOSTER_COUNCIL && home >= 0 && sp->own_fostering[home] >= 0) {
			one = sp->own_fostering[home];
			l = &one;
			n = 1;
		} else if (council >= 0) {
			l = sp->agencies.v;
			n = sp->agencies.n;
		} else {
			l = sp->bucket[PT_FOSTERING][0].v;
			n = sp->bucket[PT_FOSTERING][0].n;
		}
		s = foster_pick(sp, l, n, open, need, &hh);
		if (s < 0) { /* no independent one (outside Scotland): a new one */
			s = svc_add(sp, PT_FOSTERING, council, chance(&sp->r, 700) ? PS_PRIVATE : PS_THIRD,
			            0);
			if (council >= 0)
				ilist_add(&sp->agencies, s);
			int p = need > 4 ? need : 4;
			hh = hh_add(sp, s, p);
		}
	} else {
		s = svc_pick(sp, type, council, sectors_for(money_type), open, need);
	}
	if (open) {
		sp->s[s].occ++;
		if (hh >= 0)
			sp->hh[hh].occ++;
	}
	if (sp->nfam < (int)(sizeof sp->fam / sizeof sp->fam[0]))
		sp->fam[sp->nfam++] = (struct cache){provider, s, hh};
	return s;
}

const char *synth_places_regno(const struct synth_places *sp, int svc)
{
	return sp->s[svc].regno;
}
const char *synth_places_sector(const struct synth_places *sp, int svc)
{
	return place_sector_keys[sp->s[svc].sector];
}

/* ---- after the records: cross-border placements, cancelled and proposed services,
 * vacancies, requests ---- */

static void cb_add(struct synth_places *sp, int svc, long in, long out)
{
	if (sp->ncb == sp->capcb) {
		sp->capcb = sp->capcb ? sp->capcb * 2 : 64;
		sp->cb = xrealloc(sp->cb, (size_t)sp->capcb * sizeof sp->cb[0]);
	}
	sp->cb[sp->ncb++] = (struct cb){svc, PLACING[below(&sp->r, NPLACING)], in, out};
}

/* A cross-border placement into a Scottish service of type, lasting lo..hi days and
 * starting from `from` days before 31 July: a place taken on 31 July when it goes on. */
static void crossborder_make(struct synth_places *sp, int type, unsigned mask, long from, long lo, long hi)
{
	long in = sp->end - range(&sp->r, 7, from);
	long out = in + range(&sp->r, lo, hi);
	int open = out > sp->end;
	/* A council of the service: by weight among those with such a service. */
	int w[SYNTH_MAX_COUNCILS + 1] = {0};
	for (int c = 0; c < sp->ncodes; c++) {
		const struct ilist *l = &sp->bucket[type][c + 1];
		for (int i = 0; i < l->n; i++)
			if (mask & (1u << sp->s[l->v[i]].sector))
				w[c] += sp->s[l->v[i]].places;
	}
	int council = pick(&sp->r, w, sp->ncodes);
	if (w[council] == 0) /* no such service anywhere: in the largest chosen council */
		council = sp->chosen[0];
	int s = svc_pick(sp, type, council, mask, open, 1);
	if (open)
		sp->s[s].occ++;
	cb_add(sp, s, in, open ? 0 : out);
}

static void put_date(struct buf *b, long day)
{
	char s[11];
	date_format(date_from_days(day), s);
	buf_puts(b, s);
}

static void put_needs(struct buf *b, uint32_t m)
{
	int first = 1;
	for (int k = 0; k < PN_NNEEDS; k++)
		if (m & (1u << k)) {
			if (!first)
				buf_putc(b, ';');
			buf_puts(b, place_need_keys[k]);
			first = 0;
		}
}

static int file_write(const char *dir, const char *name, const struct buf *b, struct kerr *e)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		return kerr_set(e, KERR_FAIL, "%s: could not make it: %s", path, strerror(errno));
	int bad = fwrite(b->p, 1, b->len, f) != b->len;
	if (fclose(f) != 0)
		bad = 1;
	if (bad)
		return kerr_set(e, KERR_FAIL, "%s: could not write it: %s", path,
		                strerror(errno ? errno : EIO));
	return 0;
}

static const char *council_name(const struct synth_places *sp, int council, char *out, size_t n)
{
	json_t *j = measures_area_name(sp->code[council]);
	snprintf(out, n, "%s", json_string_value(j));
	json_decref(j);
	return out;
}

static void services_csv(struct synth_places *sp, struct buf *b)
{
	buf_puts(b, synth_place_files[0].header);
	buf_putc(b, '\n');
	static const char *const kind[PT_NTYPES] = {
	    "Fostering service", "Adoption service", "Children's house",   "Residential school",
	    "Secure centre",     "Short breaks",     "Supported lodgings",
	};
	for (int i = 0; i < sp->ns; i++) {
		const struct svc *v = &sp->s[i];
		char name[201], provider[201], cn[120];
		if (v->own) {
			council_name(sp, v->council, cn, sizeof cn);
			snprintf(name, sizeof name, "%s %s (made up)", cn,
			         v->type == PT_FOSTERING ? "fostering service" : "adoption service");
		} else {
			snprintf(name, sizeof name, "%s %04d (made up)", kind[v->type], i + 1);
		}
		if (v->sector == PS_COUNCIL)
			snprintf(provider, sizeof provider, "%s Council (made up)",
			         v->council >= 0 ? council_name(sp, v->council, cn, sizeof cn) : "A council");
		else if (v->sector == PS_THIRD)
			snprintf(provider, sizeof provider, "Charity %02d (made up)", v->provider);
		else
			snprintf(provider, sizeof provider, "Care Company %02d Ltd (made up)", v->provider);
		int max_sib = v->max_sib;
		if (v->type == PT_FOSTERING) {
			max_sib = 1;
			for (int k = 0; k < v->nhh; k++)
				if (sp->hh[v->hh0 + k].places > max_sib)
					max_sib = sp->hh[v->hh0 + k].places;
		}
		buf_printf(b, "%s,\"%s\",\"%s\",%s,%s,%s,%s,%d,%d,%d,%d,", v->regno, name, provider,
		           place_sector_keys[v->sector], place_type_keys[v->type],
		           v->council >= 0 ? sp->code[v->council] : "", v->council >= 0 ? "no" : "yes",
		           v->age_from, v->age_to, v->places, max_sib < 1 ? 1 : max_sib);
		put_needs(b, v->needs);
		buf_putc(b, ',');
		if (v->cost >= 0)
			buf_printf(b, "%d", v->cost);
		buf_printf(b, ",%s,", place_status_keys[v->status]);
		put_date(b, v->registered);
		buf_putc(b, ',');
		if (v->ended)
			put_date(b, v->ended);
		buf_puts(b, ",yes\n"); /* made_up */
	}
}

/* A vacancy return for each active service that a child may live in with places free on
 * the day of the returns (its places less the children there on 31 July). */
static size_t vacancies_csv(struct synth_places *sp, struct buf *b)
{
	buf_puts(b, synth_place_files[1].header);
	buf_putc(b, '\n');
	size_t n = 0;
	for (int i = 0; i < sp->ns; i++) {
		const struct svc *v = &sp->s[i];
		if (v->status != PSS_ACTIVE || v->type == PT_ADOPTION || v->type == PT_SHORT_BREAKS)
			continue;
		int free_ = v->places - v->occ, sib;
		if (free_ <= 0)
			continue;
		if (v->type == PT_FOSTERING) {
			sib = 0;
			for (int k = 0; k < v->nhh; k++) {
				const struct household *h = &sp->hh[v->hh0 + k];
				if (h->places - h->occ > sib)
					sib = h->places - h->occ;
			}
		} else {
			sib = v->max_sib < free_ ? v->max_sib : free_;
		}
		buf_printf(b, "%s,", v->regno);
		put_date(b, sp->vacancy_day - below(&sp->r, PLACE_VACANCY_DAYS));
		buf_printf(b, ",%d,%d,%d,%d\n", free_, v->age_from, v->age_to, sib < 1 ? 1 : sib);
		n++;
	}
	return n;
}

static int cb_cmp(const void *a, const void *b)
{
	const struct cb *x = a, *y = b;
	return x->in < y->in ? -1 : x->in > y->in ? 1 : x->svc - y->svc;
}

static void crossborder_csv(struct synth_places *sp, struct buf *b)
{
	buf_puts(b, synth_place_files[2].header);
	buf_putc(b, '\n');
	if (sp->ncb > 0)
		qsort(sp->cb, (size_t)sp->ncb, sizeof sp->cb[0], cb_cmp);
	for (int i = 0; i < sp->ncb; i++) {
		buf_printf(b, "%s,%s,", sp->s[sp->cb[i].svc].regno, sp->cb[i].placing);
		put_date(b, sp->cb[i].in);
		buf_putc(b, ',');
		if (sp->cb[i].out)
			put_date(b, sp->cb[i].out);
		buf_putc(b, '\n');
	}
}

/* The band of an age in days (whole years: 0, 1-4, 5-9, 10-15, 16-17). */
static int band_of(long days)
{
	long y = days * 4 / 1461;
	return y < 1 ? MB_UNDER_1 : y < 5 ? MB_1_4 : y < 10 ? MB_5_9 : y < 16 ? MB_10_15 : MB_16_17;
}

static void requests_csv(struct synth_places *sp, struct buf *b, struct synth_counts *n)
{
	buf_puts(b, synth_place_files[3].header);
	buf_putc(b, '\n');
	struct prng *r = &sp->r;
	int nreq = scaled(sp, N_REQUESTS, 1);
	static const int URGENCY_W[] = {200, 350, 450};
	for (int q = 0; q < nreq; q++) {
		/* A sibling group for 150 of 400 (the "about 150"), sized as the records'
		 * groups of 2 to 5. */
		int size = chance(r, 375) ? pick(r, SIZE_W + 1, 4) + 2 : 1;
		int a = pick(r, AGE_W, size >= 2 ? 4 : 5); /* a group's youngest under 16 */
		long ages[5];
		ages[0] = range(r, AGE_LO[a], AGE_HI[a]);
		int k = 1;
		while (k < size) {
			long x = ages[k - 1] + range(r, 300, 1100);
			if (x >= 17 * 365 && ages[k - 1] + 300 < 17 * 365) /* under 17: closer in age */
				x = range(r, ages[k - 1] + 300, 17 * 365 - 1);
			if (x >= 17 * 365)
				break;
			ages[k++] = x;
		}
		size = k;
		int together = size >= 2 && chance(r, 850);
		int home = pick_chosen(sp);
		int school = -1;
		if (ages[size - 1] >= 5 * 365)
			school = chance(r, 900) || sp->nchosen == 1 ? home : pick_chosen(sp);
		const char *urgency = place_urgency_keys[pick(r, URGENCY_W, 3)];
		for (int i = size - 1; i >= 0; i--) { /* oldest first */
			int years = (int)(ages[i] * 4 / 1461);
			uint32_t needs = 0;
			for (int t = 0; t < PN_NNEEDS; t++)
				if (years >= CHILD_NEEDS_FROM[t] && chance(r, CHILD_NEEDS[t]) &&
				    (t != PN_UNACCOMPANIED || size == 1))
					needs |= 1u << t;
			buf_printf(b, "SYN-%04d,%s,", q + 1, money_band_keys[band_of(ages[i])]);
			put_needs(b, needs);
			buf_printf(b, ",%s,%s,%s,%s\n", together ? "yes" : "no", sp->code[home],
			           school >= 0 ? sp->code[school] : "", urgency);
			n->request_children++;
		}
		n->requests++;
		if (size >= 2)
			n->sibling_groups++;
	}
}

int synth_places_write(struct synth_places *sp, const char *dir, struct synth_counts *counts, struct kerr *e)
{
	struct prng *r = &sp->r;
	/* Cross-border: into secure care, 0.6 for each young person from Scotland in it in
	 * the year (rounded up); into houses and schools, made up. */
	long nsec = (sp->secure_people * CROSSBORDER_SECURE_PER_MILLE + 999) / 1000;
	for (long i = 0; i < nsec; i++)
		crossborder_make(sp, PT_SECURE, (1u << PS_NSECTORS) - 1, 364, 14, 240);
	for (int i = 0; i < scaled(sp, N_CROSSBORDER_RESIDENTIAL, 0); i++)
		crossborder_make(sp, chance(r, 700) ? PT_RESIDENTIAL_HOUSE : PT_RESIDENTIAL_SCHOOL,
		                 (1u << PS_THIRD) | (1u << PS_PRIVATE), 3 * 365, 90, 900);
	/* Services that closed, and some not yet registered: no child in them. */
	for (int i = 0; i < scaled(sp, N_CANCELLED, 0) + scaled(sp, N_PROPOSED, 0); i++) {
		int t = chance(r, 700) ? PT_RESIDENTIAL_HOUSE : PT_SUPPORTED_LODGINGS;
		int c = pick_chosen(sp);
		int sector = sector_draw(r, 300, 300, 400);
		int s = svc_add(sp, t, c, sector, places_draw(r, t));
		struct svc *v = &sp->s[s];
		if (i < scaled(sp, N_CANCELLED, 0)) {
			v->status = PSS_CANCELLED;
			v->ended = sp->end - range(r, 30, 10 * 365);
		} else {
			v->status = PSS_PROPOSED;
			v->registered = sp->end - range(r, 0, 120);
		}
	}

	struct buf b = {0};
	int rc = 0;
	services_csv(sp, &b);
	rc = file_write(dir, synth_place_files[0].name, &b, e);
	buf_reset(&b);
	size_t nvac = vacancies_csv(sp, &b);
	if (rc == 0)
		rc = file_write(dir, synth_place_files[1].name, &b, e);
	buf_reset(&b);
	crossborder_csv(sp, &b);
	if (rc == 0)
		rc = file_write(dir, synth_place_files[2].name, &b, e);
	buf_reset(&b);
	requests_csv(sp, &b, counts);
	if (rc == 0)
		rc = file_write(dir, synth_place_files[3].name, &b, e);
	buf_free(&b);
	counts->services += (size_t)sp->ns;
	for (int i = 0; i < sp->ns; i++)
		if (sp->s[i].type == PT_FOSTERING && sp->s[i].council >= 0) {
			counts->fostering++;
			counts->households += (size_t)sp->s[i].nhh;
		}
	counts->vacancies += nvac;
	counts->crossborder += (size_t)sp->ncb;
	return rc;
}
