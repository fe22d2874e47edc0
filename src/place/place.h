/* Where children live (docs/places.md is the contract): the register of care services
 * and their vacancies, cross-border placements, sufficiency to 2030, and plans that keep
 * brothers and sisters together. An engine like src/measures and src/money: no SQL, no
 * HTML, no HTTP. Its parts:
 *   place.c        the shared tables below (sectors, service types, needs, adjacency)
 *   service.c      services and vacancies: checks and keep's CSV formats
 *   crossborder.c  cross-border placements: checks and CSV
 *   request.c      requests for a place: checks and CSV (pseudonymous)
 *   model.c ...    the plan: the optimisation model, solved with CBC (docs/places.md
 *                  "The plan"), its MPS file, the explanations, the greedy baseline
 *   sufficiency.c  demand, supply and the gap to 2030, and commissioning
 * Ages are The Money's age bands (src/money/money.h: MB_UNDER_1 ... MB_16_17), so that the
 * projection's demand and a service's ages name them the same way. */
#ifndef KEEP_PLACE_PLACE_H
#define KEEP_PLACE_PLACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/kerr.h"
#include "money/money.h"

/* ---- who provides: the provider sector (Care Inspectorate's three). Council and third
 * sector are not for profit; private is. */
enum place_sector { PS_COUNCIL, PS_THIRD, PS_PRIVATE, PS_NSECTORS };
extern const char *const place_sector_keys[PS_NSECTORS]; /* "council", "third", "private" */
extern const char
    *const place_sector_labels[PS_NSECTORS]; /* "council", "third sector or charity", "private" */
int place_sector_of(const char *key);        /* -1 when not a key */
static inline bool place_sector_for_profit(int s)
{
	return s == PS_PRIVATE;
}

/* ---- service types (the Care Inspectorate's kinds of children's services). Each stands
 * for the care records' placement types it provides (place_type_covers): a fostering
 * service for foster care (council or purchased), a residential children's house for
 * council and voluntary homes and other residential, and so on. */
enum place_type {
	PT_FOSTERING,          /* "fostering": a fostering service (its approved households) */
	PT_ADOPTION,           /* "adoption": an adoption service */
	PT_RESIDENTIAL_HOUSE,  /* "residential_house": a residential children's house */
	PT_RESIDENTIAL_SCHOOL, /* "residential_school" */
	PT_SECURE,             /* "secure": secure accommodation */
	PT_SHORT_BREAKS,       /* "short_breaks" */
	PT_SUPPORTED_LODGINGS, /* "supported_lodgings": supported lodgings and supported living */
	PT_NTYPES
};
extern const char *const place_type_keys[PT_NTYPES];
extern const char *const place_type_labels[PT_NTYPES]; /* "fostering service", ... */
int place_type_of(const char *key);                    /* -1 when not a key */
/* Whether a service of type t provides placements of the records' type money_type
 * (a MONEY_NTYPES index): fostering covers foster_council and foster_purchased, and so on
 * (docs/places.md "Service types"). */
bool place_type_covers(int t, int money_type);
/* The service type that provides the records' placement type, or -1 when none does
 * (at home with parents, kinship, other community, crisis care, young offender
 * institution). */
int place_type_for_money_type(int money_type);

/* ---- needs: a fixed list. A request gives each child's needs; a service says which it
 * can meet. A child may be placed only where every one of the child's needs can be met.
 * Kept as a bit set (1u << PN_...). */
enum place_need {
	PN_DISABILITY,       /* "disability": physical disability, or a sensory one */
	PN_LEARNING,         /* "learning": a learning disability */
	PN_HEALTH,           /* "health": complex health needs */
	PN_EMOTIONAL,        /* "emotional": emotional and behavioural support */
	PN_MENTAL_HEALTH,    /* "mental_health" */
	PN_EXPLOITATION,     /* "exploitation": at risk of exploitation */
	PN_UNACCOMPANIED,    /* "unaccompanied": an unaccompanied asylum-seeking child */
	PN_PARENT_AND_CHILD, /* "parent_and_child": a young parent with their baby */
	PN_NNEEDS
};
extern const char *const place_need_keys[PN_NNEEDS];
extern const char *const place_need_labels[PN_NNEEDS];
int place_need_of(const char *key); /* -1 when not a key */
/* Parses a list of need keys separated by ';' (empty: none) into *mask; -1 with what is
 * wrong in e (the key, quoted) otherwise. */
int place_needs_parse(const char *s, uint32_t *mask, struct kerr *e);

/* The bands that lie wholly within ages from..to (whole years): the first band whose
 * youngest age is at least from, the last whose oldest is at most to. A child of band b
 * may be placed only where *lo <= b <= *hi (a service taking 12 to 17 takes 16 and 17
 * only, never a child who might be 10). */
void place_bands_within(int from, int to, int *lo, int *hi);

/* ---- services and vacancies (service.c) */
#define PLACE_REGNO_MAX 16 /* "CS2003001234": the Care Inspectorate's registration number */
enum place_status { PSS_ACTIVE, PSS_PROPOSED, PSS_CANCELLED, PSS_NSTATUS };
extern const char *const place_status_keys[PSS_NSTATUS]; /* "active", "proposed", "cancelled" */

struct place_service {
	char regno[PLACE_REGNO_MAX + 1];
	char name[201];
	char provider[201];
	int sector;             /* enum place_sector */
	int type;               /* enum place_type */
	char council[10];       /* the council area's GSS code; "" when outside Scotland */
	bool outside_scotland;  /* a service in England, Wales or elsewhere */
	int places;             /* registered places (for fostering: approved households' places) */
	int age_from, age_to;   /* ages taken, in whole years (0..17), as registered */
	int band_from, band_to; /* the bands that lie wholly within those ages (place_bands_within);
	                         * band_from > band_to when none does */
	int max_siblings;       /* the largest group of brothers and sisters it can take together (>= 1) */
	uint32_t needs_met;     /* needs it can meet (bit set of enum place_need) */
	double weekly_cost;     /* pounds a week per child, or < 0 when not known */
	int status;             /* enum place_status */
	int32_t registered;     /* day numbers (base/date.h); ended RECORDS_OPEN while it goes on */
	int32_t ended;
};

/* A vacancy return: on day at, the service has places free, for ages band_from..band_to,
 * and could take a group of up to max_siblings brothers and sisters together now. The
 * latest return of each service (not older than PLACE_VACANCY_DAYS before the day a plan
 * is made) is its vacancies. */
#define PLACE_VACANCY_DAYS 28
struct place_vacancy {
	char regno[PLACE_REGNO_MAX + 1];
	int32_t at;
	int places;             /* >= 0 */
	int age_from, age_to;   /* ages it could take now, in whole years */
	int band_from, band_to; /* place_bands_within(age_from, age_to) */
	int max_siblings;       /* >= 1 when places >= 1 */
};

/* ---- council areas next to each other (data/council-adjacency.csv, with its source).
 * Indices are those of the council table (the 32 areas in GSS order). */
#define PLACE_NCOUNCILS 32
/* Whether councils a and b (GSS codes) are the same or share a boundary. */
bool place_near_home(const char *a, const char *b);

/* ---- requests for a place (request.c): one child, or brothers and sisters to be
 * placed. Pseudonymous: a reference, never a name or a care-record id. */
#define PLACE_MAX_GROUP 8
#define PLACE_REF_MAX 32
enum place_urgency { PU_TODAY, PU_WEEK, PU_MONTH, PU_NURGENCY };
extern const char *const place_urgency_keys[PU_NURGENCY]; /* "today", "week", "month" */
struct place_child {
	int band;       /* enum money_band */
	uint32_t needs; /* bit set of enum place_need */
};
struct place_request {
	char ref[PLACE_REF_MAX + 1];
	int n; /* children in the group, 1..PLACE_MAX_GROUP */
	struct place_child child[PLACE_MAX_GROUP];
	bool together;   /* living together is safe and wanted (only when n >= 2) */
	char home[10];   /* home council (GSS code) */
	char school[10]; /* the council of the school (GSS code), or "" */
	int urgency;     /* enum place_urgency */
};

/* ---- the plan (docs/places.md "The plan": the model, stated exactly). */
struct place_instance {
	const struct place_request *req;
	size_t nreq;
	const struct place_service *svc; /* the services the vacancies are in */
	const struct place_vacancy *vac; /* vac[i] is a vacancy of the service whose regno it names */
	size_t nsvc, nvac;
	bool by_council; /* plan council by council instead of nationally: the comparison
	                  * (docs/places.md "Council by council") */
	/* Whether a placement in council (a GSS code) is near home (home council or one
	 * next to it); NULL: place_near_home. Hand-made instances in tests may set their own. */
	bool (*near)(const char *home, const char *council);
};

/* The six aims, in their strict order. */
enum place_aim {
	PA_TOGETHER,       /* sibling groups that can live together, placed together: most */
	PA_PLACED,         /* children placed: most */
	PA_SCOTLAND,       /* children placed in Scotland: most */
	PA_NEAR_HOME,      /* children placed in their home council or one next to it: most */
	PA_NOT_FOR_PROFIT, /* children placed with a council or third-sector provider: most */
	PA_COST,           /* the weekly cost: least */
	PA_NAIMS
};

enum place_solve_status { PSV_OPTIMAL, PSV_TIME_LIMIT, PSV_ERROR };

struct place_options {
	double time_limit_s; /* for the whole solve (0: none) */
	const char *mps_dir; /* when set, each stage's model is written there as stageN.mps */
};

/* The plan for each child: the vacancy index in the instance, or -1 not placed. */
struct place_result {
	int status;             /* enum place_solve_status */
	double aim[PA_NAIMS];   /* the value reached for each aim */
	double bound[PA_NAIMS]; /* the best bound proven for it (== aim when optimal) */
	double seconds;
	size_t nchildren;
	int *where;     /* [nchildren]: the vacancy of each child, in request order */
	size_t *first;  /* [nreq]: the index in where of each request's first child */
	bool *together; /* [nreq]: the group is placed together (n >= 2) */
};

/* Solves the instance (docs/places.md "The plan"): the six stages in their strict order,
 * each by CBC. 0 with *out filled (free with place_result_free), or -1 with e set (an
 * instance that breaks a rule: a vacancy of no service...). An instance in which nobody
 * can be placed is not an error: the result says so. */
int place_plan(const struct place_instance *in, const struct place_options *o, struct place_result *out,
               struct kerr *e);
void place_result_free(struct place_result *r);
/* The value of each aim for the plan in r (any plan: the solver's, the greedy baseline's,
 * a council-by-council one), into aim. */
void place_aims_of(const struct place_instance *in, const struct place_result *r, double aim[PA_NAIMS]);
/* Today's practice, for comparison (docs/places.md "The greedy baseline"). */
int place_greedy(const struct place_instance *in, struct place_result *out, struct kerr *e);

/* ---- commissioning (greedy.c; docs/places.md "Commissioning"): the least number of
 * additional households, each able to take one group of brothers and sisters together,
 * so that every together group of the instance can live together. */
struct place_commission {
	char council[10]; /* the home council of the groups (GSS code) */
	int size;         /* the group's size: the household must take that many together */
	int households;   /* additional households needed */
};
/* Solves the plan for in (nationally; by council when in->by_council) and counts, by home
 * council then size, the together groups it cannot place together: rows into *out
 * (free()), *n of them, by council then size; *total their sum, the least number. */
int place_commission(const struct place_instance *in, const struct place_options *o,
                     struct place_commission **out, size_t *n, int *total, struct kerr *e);

/* ---- the plan in words (explain.c; docs/places.md "Explanations"). Plain text, no HTML. */
struct buf;
/* Appends to out what plan r gives request q: "placed together, the three of them, with a
 * fostering service in Fife, a council next to home, run by a charity or the third
 * sector"; "split: ..."; "placed apart ...: ..."; "not placed: no vacancy takes a child
 * aged 16 and 17" (what was missing), then "; school in ..." when the request names one. */
void place_explain(const struct place_instance *in, const struct place_result *r, size_t q, struct buf *out);
/* The next-best alternative for request q of the national plan r: the plan solved again
 * with q's outcome in r forbidden (each placed child of q anywhere but where r puts it;
 * or, when none is placed, at least one of them placed). 0 with *alt (free it with
 * place_result_free) and out saying "Next best: <outcome>; it gives up: 1 fewer children
 * placed near home, £350 a week more; it gains: ...". 1 when there is no other outcome
 * (out says why); -1 with e set. */
int place_alternative(const struct place_instance *in, const struct place_options *o,
                      const struct place_result *r, size_t q, struct place_result *alt, struct buf *out,
                      struct kerr *e);

#endif
