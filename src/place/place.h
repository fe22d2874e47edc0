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

#include <jansson.h>

#include "base/kerr.h"
#include "money/money.h"

/* ---- who provides: the provider sector (Care Inspectorate's three). Council and third
 * sector are not for profit; private is. */
enum place_sector { PS_COUNCIL, PS_THIRD, PS_PRIVATE, PS_NSECTORS };
extern const char *const place_sector_keys[PS_NSECTORS];   /* "council", "third", "private" */
extern const char *const place_sector_labels[PS_NSECTORS]; /* "council", "third sector or charity", "private" */
int place_sector_of(const char *key);                      /* -1 when not a key */
static inline bool place_sector_for_profit(int s) { return s == PS_PRIVATE; }

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
	int sector;            /* enum place_sector */
	int type;              /* enum place_type */
	char council[10];      /* the council area's GSS code; "" when outside Scotland */
	bool outside_scotland; /* a service in England, Wales or elsewhere */
	int places;            /* registered places (for fostering: approved households' places) */
	int age_from, age_to;  /* ages taken, in whole years (0..17), as registered */
	int band_from, band_to; /* the bands that lie wholly within those ages (place_bands_within);
	                         * band_from > band_to when none does */
	int max_siblings;      /* the largest group of brothers and sisters it can take together (>= 1) */
	uint32_t needs_met;    /* needs it can meet (bit set of enum place_need) */
	double weekly_cost;    /* pounds a week per child, or < 0 when not known */
	int status;            /* enum place_status */
	int32_t registered;    /* day numbers (base/date.h); ended RECORDS_OPEN while it goes on */
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
	int places; /* >= 0 */
	int age_from, age_to;   /* ages it could take now, in whole years */
	int band_from, band_to; /* place_bands_within(age_from, age_to) */
	int max_siblings; /* >= 1 when places >= 1 */
};

/* ---- council areas next to each other (data/council-adjacency.csv, with its source).
 * Indices are those of the council table (the 32 areas in GSS order). */
#define PLACE_NCOUNCILS 32
/* Whether councils a and b (GSS codes) are the same or share a boundary. */
bool place_near_home(const char *a, const char *b);
/* ---- (plan's part: adjacency.c) the council table and its adjacency, read once from the
 * files built into keep (data/council-areas.csv, data/council-adjacency.csv). */
/* The index (0..PLACE_NCOUNCILS-1) of council area code gss, or -1 when it is not one. */
int place_council_index(const char *gss);
/* The code and the name of council i (0..PLACE_NCOUNCILS-1), or NULL. */
const char *place_council_code(int i);
const char *place_council_name(int i);
/* Whether the built-in files were read whole and hold a symmetric adjacency of the 32
 * areas; -1 with what is wrong in e otherwise (then place_near_home says only whether a
 * and b are the same council). */
int place_adjacency_check(struct kerr *e);

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
	int n;                 /* children in the group, 1..PLACE_MAX_GROUP */
	struct place_child child[PLACE_MAX_GROUP];
	bool together;         /* living together is safe and wanted (only when n >= 2) */
	char home[10];         /* home council (GSS code) */
	char school[10];       /* the council of the school (GSS code), or "" */
	int urgency;           /* enum place_urgency */
};

/* (plan's part: request.c) Reading requests (docs/places.md "Requests for a place").
 * requests.csv: one row per child, the columns request,band,needs,together,home,school,
 * urgency in any order and no other; the rows of a request need not be next to each
 * other (a request's children are in the order of its rows; the requests in the order of
 * their first rows). All or nothing: 0 with *out (free()) and *n >= 1, or -1 with e
 * "NAME:LINE:COLUMN: what is wrong" and nothing in *out. */
#define PLACE_MAX_REQUESTS 10000
int place_requests_read(const char *data, size_t len, const char *name, struct place_request **out, size_t *n,
                        struct kerr *e);
/* The same from a JSON array of objects, one per child, with the same members (each a
 * string; "needs" may also be an array of keys); messages name the place as
 * "NAME[INDEX].MEMBER". */
struct json_t;
int place_requests_json(const struct json_t *rows, const char *name, struct place_request **out, size_t *n,
                        struct kerr *e);
/* Whether a column name looks like it would name a child (name, surname, dob, chi ...):
 * requests are pseudonymous. */
bool place_request_column_names_child(const char *col, size_t n);

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
	PA_TOGETHER,     /* sibling groups that can live together, placed together: most */
	PA_PLACED,       /* children placed: most */
	PA_SCOTLAND,     /* children placed in Scotland: most */
	PA_NEAR_HOME,    /* children placed in their home council or one next to it: most */
	PA_NOT_FOR_PROFIT, /* children placed with a council or third-sector provider: most */
	PA_COST,         /* the weekly cost: least */
	PA_NAIMS
};

enum place_solve_status { PSV_OPTIMAL, PSV_TIME_LIMIT, PSV_ERROR };

struct place_options {
	double time_limit_s; /* for the whole solve (0: none) */
	const char *mps_dir; /* when set, each stage's model is written there as stageN.mps */
	bool alternatives;   /* a plan made for people (placeplan_make) also gives, for each
	                      * request, its next-best alternative (place_alternative): one more
	                      * solve per request */
};

/* The plan for each child: the vacancy index in the instance, or -1 not placed. */
struct place_result {
	int status;                 /* enum place_solve_status */
	double aim[PA_NAIMS];       /* the value reached for each aim */
	double bound[PA_NAIMS];     /* the best bound proven for it (== aim when optimal) */
	double seconds;
	size_t nchildren;
	int *where;                 /* [nchildren]: the vacancy of each child, in request order */
	size_t *first;              /* [nreq]: the index in where of each request's first child */
	bool *together;             /* [nreq]: the group is placed together (n >= 2) */
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
struct place_households {
	char council[10]; /* the home council of the groups (GSS code) */
	int size;         /* the group's size: the household must take that many together */
	int households;   /* additional households needed */
};
/* Solves the plan for in (nationally; by council when in->by_council) and counts, by home
 * council then size, the together groups it cannot place together: rows into *out
 * (free()), *n of them, by council then size; *total their sum, the least number. */
int place_commission_plan(const struct place_instance *in, const struct place_options *o,
                          struct place_households **out, size_t *n, int *total, struct kerr *e);

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
 * place_result_free) and out saying "Next best: <outcome>; it gives up: 1 fewer child
 * placed near home, £350 a week more; it gains: ...". 1 when there is no other outcome
 * (out says why); -1 with e set. */
int place_alternative(const struct place_instance *in, const struct place_options *o,
                      const struct place_result *r, size_t q, struct place_result *alt, struct buf *out,
                      struct kerr *e);

/* ---- sufficiency to 2030 (sufficiency.c; docs/places.md "Sufficiency to 2030" and
 * "Commissioning"): demand from The Money's projection, supply from the register, the
 * gap with its band, and the least additional homes so that every sibling group can
 * live together. A council at a time. */

/* Sibling groups by size: 1, 2, 3, and 4 or more (index size - 1). */
#define PLACE_SIZES 4
/* Financial years a council's figures cover at most (the projection's, to 2029-30). */
#define PLACE_MAX_YEARS 8

/* The children of one council's records who are in a placement a care service provides
 * (place_type_for_money_type of its type >= 0) on day, and their sibling groups: a group
 * is the brothers and sisters among them connected by the records' sibling links (any
 * relationship), by size; it lives apart when it has two or more children and they are
 * not all placed together (the measures' rule: the same placement type and the same
 * non-empty provider). With no sibling file every child is a group of one. */
struct place_sibgroups {
	int32_t day;
	uint32_t children;
	uint32_t groups[PLACE_SIZES];
	uint32_t apart[PLACE_SIZES]; /* [0] always 0 */
	bool siblings_given;         /* the records have a sibling file */
};
void place_sibgroups_count(const struct records *b, int32_t day, struct place_sibgroups *out);

/* The projection's groups of states that demand reads (money_options' groups): one per
 * service type and age band (t * MB_NBANDS + b), one per service type
 * (PLACE_G_TYPE0 + t), and every state a service provides (PLACE_G_PLACED). */
#define PLACE_G_TYPE0 (PT_NTYPES * MB_NBANDS)
#define PLACE_G_PLACED (PLACE_G_TYPE0 + PT_NTYPES)
#define PLACE_NGROUPS (PLACE_G_PLACED + 1)
void place_demand_groups(bool groups[PLACE_NGROUPS][MONEY_NSTATES]);

/* A council's demand: children by service type and age band on 31 March of each year
 * (the end of financial year fy[y]), with bands; sibling groups today and projected. */
struct place_demand {
	char council[10];
	int32_t start;   /* the first day projected; today's groups are of the day before */
	int years;
	int fy[PLACE_MAX_YEARS];
	struct money_band3 children[PLACE_MAX_YEARS][PT_NTYPES][MB_NBANDS];
	struct money_band3 type_total[PLACE_MAX_YEARS][PT_NTYPES];
	struct money_band3 placed[PLACE_MAX_YEARS]; /* every child in a placement a service provides */
	struct place_sibgroups today;
	struct money_band3 groups[PLACE_MAX_YEARS][PLACE_SIZES]; /* projected (docs/places.md) */
	bool rounded;    /* place_demand_round has run */
};
/* The draws and seed of a sufficiency projection (the same records give the same figures). */
#define PLACE_DRAWS 1000
#define PLACE_SEED 20300331u
/* One council's demand from its records b (one batch): The Money's default reference
 * period, projected to March 2030 with draws draws (0: PLACE_DRAWS) and the groups above,
 * and the sibling groups of the period's last day projected. 0, or -1 with e. */
int place_demand_project(const struct records *b, int draws, struct place_demand *out, struct kerr *e);
/* Fills d's children and projected groups from the projection p (made with
 * place_demand_groups) and d->today: each year's groups of size k are today's scaled by
 * the children placed that year over the children placed today, each band by itself,
 * rounded half up to whole groups. */
void place_demand_from(struct place_demand *d, const struct money_projection *p);
/* For publishing: every figure grown from the records rounded to MONEY_PUBLISH_CHILDREN
 * (money_round_to); today's counts too (a count of 1 to 4 is then shown as "fewer than 5"). */
void place_demand_round(struct place_demand *d);

/* Supply in a council on a day from the register: active services registered on or
 * before day and not ended by it, in the council (not outside Scotland). */
struct place_supply {
	int services[PT_NTYPES];
	int places[PT_NTYPES];
	int vacancies[PT_NTYPES];   /* places free in each service's latest return dated within
	                               PLACE_VACANCY_DAYS up to day */
	int vacancy_services[PT_NTYPES]; /* services with such a return */
	/* sibling homes by the largest group each takes together (index k - 1; the last: 4 or
	 * more): a service whose type provides placements, with c = min(max_siblings, places)
	 * of 2 or more, counts as places / c (whole) homes of c */
	int homes[PLACE_SIZES];
};
void place_supply_count(const struct place_service *svc, size_t nsvc, const struct place_vacancy *vac, size_t nvac,
                        const char *council, int32_t day, struct place_supply *out);

/* Commissioning (docs/places.md "Commissioning"): groups[k] sibling groups of size k + 1
 * (the last: 4 or more) against homes[k] homes taking a group of up to k + 1 (the last:
 * 4 or more). Largest groups first, each into the homes that take its size and those
 * left over from larger sizes: add[k] the homes of k + 1 to add for the groups that do
 * not fit. The least additional homes and places (proved in the doc). Groups of one are
 * not counted (any place takes one child): add[0] is 0. */
void place_commission(const long groups[PLACE_SIZES], const long homes[PLACE_SIZES], long add[PLACE_SIZES]);

/* A council's sufficiency: demand, supply on 31 March of each year, the gap (supply -
 * demand; its p5 supply - demand's p95, its p95 supply - demand's p5), the sibling homes
 * of 3 or more against the groups of 3 or more, and commissioning for each band of the
 * groups (add[y][0] the groups' p5, [1] p50, [2] p95). */
struct place_sufficiency {
	struct place_demand demand;
	struct place_supply now;     /* on day */
	int32_t day;
	struct place_supply supply[PLACE_MAX_YEARS];
	struct money_band3 gap[PLACE_MAX_YEARS][PT_NTYPES];
	struct money_band3 gap_placed[PLACE_MAX_YEARS]; /* every type a service provides */
	struct money_band3 homes3_gap[PLACE_MAX_YEARS]; /* homes of 3 or more - groups of 3 or more */
	long add[PLACE_MAX_YEARS][3][PLACE_SIZES];
};
/* The service types that provide placements (every type but short breaks). */
bool place_type_provides(int t);
void place_sufficiency_make(const struct place_demand *d, const struct place_service *svc, size_t nsvc,
                            const struct place_vacancy *vac, size_t nvac, int32_t day, struct place_sufficiency *out);
/* ---- the register (service.c; docs/places.md "The register of services", "Vacancies",
 * "The Care Inspectorate's published list") */

/* A service as a file, a form or the API gives it: the service, the slug of the keep
 * organisation of its provider ("" when none: whose editors may keep its vacancy
 * returns), and whether it is made up (the demonstration's). */
struct place_service_row {
	struct place_service svc;
	char organisation[65];
	bool made_up;
};

/* Whether s is a registration number: for a service in Scotland the Care Inspectorate's
 * "CS" and ten digits; outside Scotland 1 to PLACE_REGNO_MAX letters and digits. */
bool place_regno_valid(const char *s, bool outside_scotland);
/* Whether code is one of the council areas' GSS codes (data/council-areas.csv). */
bool place_council_known(const char *code);

/* A service or a vacancy return as text, field by field (a form, the API, a row of a
 * file): NULL or "" for a field not given. */
struct place_service_text {
	const char *regno, *name, *provider, *sector, *type, *council, *outside_scotland, *age_from, *age_to, *places,
	    *max_siblings, *needs, *weekly_cost, *status, *registered, *ended, *organisation, *made_up;
};
struct place_vacancy_text {
	const char *regno, *date, *places, *age_from, *age_to, *max_siblings;
};
/* The checks (docs/places.md "The register of services"): fills *out, and puts each
 * field's problem into errors ({field: message}, the field named as the text struct's
 * member); returns the number of fields with a problem (0: *out is whole and checked). */
int place_service_parse(const struct place_service_text *t, struct place_service_row *out, json_t *errors);
int place_vacancy_parse(const struct place_vacancy_text *t, struct place_vacancy *out, json_t *errors);

/* Reads keep's services.csv (data[0..len), called name in messages): the header
 * names its columns (docs/places.md); every row is checked. All or nothing: 0 with *out
 * (free()) and *n; or -1 with each problem ("NAME:LINE:COLUMN: what") appended to
 * problems (a JSON array, or NULL), at most PLACE_MAX_PROBLEMS, and e the first. */
#define PLACE_MAX_PROBLEMS 100
/* What a file may name that is kept elsewhere (the store), asked of the caller so that
 * the problem is told at its place in the file; refs, or either function, NULL: not
 * asked. */
struct place_read_refs {
	bool (*organisation_known)(const char *slug, void *arg); /* services.csv's organisation */
	bool (*service_known)(const char *regno, void *arg);     /* vacancies.csv's regno */
	void *arg;
};
int place_services_read(const char *data, size_t len, const char *name, const struct place_read_refs *refs,
                        struct place_service_row **out, size_t *n, json_t *problems, struct kerr *e);
/* The same for vacancies.csv. */
int place_vacancies_read(const char *data, size_t len, const char *name, const struct place_read_refs *refs,
                         struct place_vacancy **out, size_t *n, json_t *problems, struct kerr *e);
/* The Care Inspectorate's published list of care services (docs/places.md "The Care
 * Inspectorate's published list"): its children's services, mapped to keep's; the same
 * contract as place_services_read. *skipped counts the rows that are not children's
 * services of a type keep keeps. */
int place_services_read_ci(const char *data, size_t len, const char *name, const struct place_read_refs *refs,
                           struct place_service_row **out, size_t *n, size_t *skipped, json_t *problems,
                           struct kerr *e);

/* ---- (records' part: crossborder.c) cross-border placements into Scottish services
 * (docs/places.md "Where children live now"): a child placed in a care service in
 * Scotland by an authority outside Scotland. No child is named: a row is one child's
 * stay, and only counts are ever public. */
struct place_crossborder {
	char regno[PLACE_REGNO_MAX + 1]; /* the service, in the register and in Scotland */
	char authority[10];              /* the placing authority's GSS code (E06, E07, E08, E09,
	                                    E10, W06 or N09 and six digits) */
	int32_t date_in, date_out;       /* day numbers; date_out RECORDS_OPEN while it goes on */
};
#define PLACE_MAX_CROSSBORDER 100000
/* Whether code (NUL-terminated) is the GSS code of a council outside Scotland, as
 * placing_authority takes it. */
bool place_authority_valid(const char *code);
/* Reads crossborder.csv (docs/places.md): the columns regno, placing_authority, date_in,
 * date_out in any order, each once, and no other. Each row's service must be one of
 * svc[0..nsvc) (the register) and in Scotland; dates YYYY-MM-DD, real, not after today
 * (date_today); date_out empty while it goes on, else not before date_in. All or
 * nothing: 0 with *out (free(); NULL when *n is 0: a file of its header only empties the
 * register), or -1 with e "NAME:LINE:COLUMN: what is wrong" and nothing in *out. */
int place_crossborder_read(const char *data, size_t len, const char *name, const struct place_service *svc,
                           size_t nsvc, struct place_crossborder **out, size_t *n, struct kerr *e);
/* The children placed on day (date_in <= day <= date_out), by the council area the
 * service is in and its type: count[council index][type] (place_council_index), and
 * *total. A row whose service is not in svc (or outside Scotland) is not counted. */
void place_crossborder_count(const struct place_crossborder *rows, size_t n, const struct place_service *svc,
                             size_t nsvc, int32_t day, long count[PLACE_NCOUNCILS][PT_NTYPES], long *total);

/* ---- (plan's part: run.c) a plan as JSON, to show and to save (docs/places.md "Runs
 * and decisions"). The aims' keys, in order: together, placed, scotland, near_home,
 * not_for_profit, weekly_cost. */
extern const char *const place_aim_keys[PA_NAIMS];
extern const char *const place_aim_labels[PA_NAIMS];
struct json_t *place_aims_json(const double aim[PA_NAIMS]);
/* {day, scope ("national" or "council"), status ("optimal" or "time_limit"), seconds,
 * aims, bounds, requests: [{request, home, school, together, urgency, children: [{band,
 * needs: [keys]}], recommendation: {placed (children placed), together (placed together:
 * true, false, or null for one child), children: [{service, name, provider, council,
 * outside_scotland, sector, weekly_cost, near_home} or null], explanation}}]}.
 * explanation[i] is request i's (NULL, or NULL entries: none). */
struct json_t *place_run_json(const struct place_instance *in, const struct place_result *r, int32_t day,
                              const char *const *explanation);

/* ---- sufficiency as shown (sufficiency_report.c): through the store, for the command
 * line, the page, the API and the reports. Sizes' keys ("1", "2", "3", "4+") and words. */
extern const char *const place_size_keys[PLACE_SIZES];
extern const char *const place_size_labels[PLACE_SIZES];
/* A council's published sufficiency (s's demand rounded by place_demand_round; raw its
 * today's counts before rounding, for which are 1 to 4) as JSON, name the council's. */
json_t *place_sufficiency_json(const struct place_sufficiency *s, const struct place_sibgroups *raw, const char *name);
/* Every council with care records (or only council, a GSS code, when not NULL), projected
 * with draws (0: PLACE_DRAWS), against the register on day today: {day, draws,
 * rounded_to, councils: [place_sufficiency_json and made_up: an active service of the
 * council's is made up], without_records: [{council, name}]}.
 * NULL with e: KERR_USAGE for a council that is not one, or a failed read. */
json_t *place_sufficiency_report(struct store *st, const char *council, int32_t today, int draws, struct kerr *e);
/* The counts of a day, protected for publishing as the measures' counts are
 * (docs/measures.md "Protecting published counts"; src/measures/sdc.h): each council's
 * count by type, each council's total, each type's total and Scotland's, tied by their
 * sums; a count of 1 to 4 hidden, and more until none can be worked back. status[] holds
 * enum sdc_status. */
struct place_crossborder_table {
	long count[PLACE_NCOUNCILS][PT_NTYPES], council[PLACE_NCOUNCILS], type[PT_NTYPES], total;
	unsigned char count_status[PLACE_NCOUNCILS][PT_NTYPES], council_status[PLACE_NCOUNCILS], type_status[PT_NTYPES],
	    total_status;
};
void place_crossborder_protect(long count[PLACE_NCOUNCILS][PT_NTYPES], struct place_crossborder_table *out);

#endif
