/* The Money (docs/money.md is the contract): what is spent, what placements cost, what
 * the system's failure costs later, and a projection of children and cost to 2030 with
 * scenarios of investing early. An engine like src/measures/: no SQL, HTML or HTTP. It
 * reads care records as struct records batches (measures/records.h) and gives plain
 * structs; the store, web, CLI and report layers turn them into rows, pages and text.
 *
 * The parts, each in its own file:
 *   money.c     the shared tables below: age bands, placement types, states, years;
 *   spend.c     spend lines: the headings, levels and their checks, and the summaries;
 *   cost.c      unit costs, child-days and placement costs from records, the cost of
 *               failure, prices (inflation) and discounting;
 *   estimate.c  transition counts and rates from records (the states of docs/money.md);
 *   project.c   the projection with bands, scenarios applied, break-even, backtest;
 *   scenario.c  a scenario's investments and effects: its checks and its file format. */
#ifndef KEEP_MONEY_MONEY_H
#define KEEP_MONEY_MONEY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/kerr.h"
#include "measures/records.h"

/* ---- age bands: under 1, 1 to 4, 5 to 9, 10 to 15, 16 and 17 (the Social Finance
 * model's bands, docs/money.md "States"). A child's band on a day is by whole years of
 * age that day; 18 and over is no band (the child has left care's states). */
enum money_band { MB_UNDER_1, MB_1_4, MB_5_9, MB_10_15, MB_16_17, MB_NBANDS };
extern const char *const money_band_keys[MB_NBANDS];   /* "under_1", "1_4", ... */
extern const char *const money_band_labels[MB_NBANDS]; /* "under 1", "1 to 4", ... */
/* The band of a child born on day birth, on day day (day numbers of base/date.h), or -1
 * when the child is 18 or over, or not yet born. */
int money_band_of(int32_t birth, int32_t day);

/* ---- placement types: the care records' own (records_placement_type_codes, 13 of
 * them), so that a unit cost, a projection and a record name a type the same way. */
#define MONEY_NTYPES 13
/* The words people read for type t ("foster care, council", ...). */
extern const char *const money_type_labels[MONEY_NTYPES];
/* Type t is family-based (at home, kinship, foster, adopters, other community). */
bool money_type_family(int t);
/* The type whose key (a records_placement_type_codes entry) is key, or -1. */
int money_type_of(const char *key);

/* ---- states: age band × placement type, and one more, "not looked after" (outside
 * care), so MONEY_NSTATES = 5 × 13 + 1. State s of band b and type t is b * MONEY_NTYPES
 * + t; MONEY_OUTSIDE is the last. */
#define MONEY_NSTATES (MB_NBANDS * MONEY_NTYPES + 1)
#define MONEY_OUTSIDE (MONEY_NSTATES - 1)
static inline int money_state(int band, int type) { return band * MONEY_NTYPES + type; }
static inline int money_state_band(int s) { return s / MONEY_NTYPES; }
static inline int money_state_type(int s) { return s % MONEY_NTYPES; }

/* ---- financial years: 1 April year to 31 March year + 1, named by year ("2024-25").
 * The financial year holding day (a day number). */
int money_fy_of(int32_t day);
/* Its first and last days. */
void money_fy_days(int fy, int32_t *first, int32_t *last);
/* "2024-25" into out (at least 8 bytes). */
void money_fy_words(int fy, char out[8]);
/* Parses "2024-25" (the second part must follow the first) or "2024"; gives the year,
 * or -1. */
int money_fy_parse(const char *s);

/* ---- estimation (estimate.c): what the records show in a reference period.
 * For each day d of [from, to] and each child, its state at the start of d and at the
 * start of d + 1 (docs/money.md "States" says how a day's state is read from the
 * episodes and placements); a change of state is a transition, counted; a day in a state
 * is a day of exposure. A child entering care (outside -> a state) is an entry. */
struct money_counts {
	int32_t from, to;                            /* the reference period, day numbers */
	double exposure[MONEY_NSTATES];              /* child-days in each state (outside: unused) */
	uint32_t moves[MONEY_NSTATES][MONEY_NSTATES]; /* transitions s -> s' (s != s'); entries are
	                                                moves[MONEY_OUTSIDE][s'] */
	uint32_t stock_end[MONEY_NSTATES];           /* children in each state at the end of `to` */
	size_t children;                              /* children seen in the period */
};
/* Counts b's children over [from, to] into c (zeroed first; counts add up over several
 * batches, for all councils: call money_counts_add for each). Returns 0, or -1 with e
 * saying what is wrong (an empty period; a period outside the records). */
void money_counts_zero(struct money_counts *c, int32_t from, int32_t to);
int money_counts_add(struct money_counts *c, const struct records *b, struct kerr *e);
/* The days b's records can be counted over (docs/money.md "Estimating rates"): *first
 * the earliest day (an SSDA903 return's 1 April; native records, whose histories are
 * whole, their earliest episode start) and *last the last day they show (31 July of the
 * return year; an SSDA903 return's 31 March). A period [from, to] must have first <=
 * from and to + 1 <= last. */
void money_records_span(const struct records *b, int32_t *first, int32_t *last);
/* The default reference period of b: the three years that end the day before b's last
 * day (from no earlier than its first day). */
void money_default_period(const struct records *b, int32_t *from, int32_t *to);
/* The rate of s -> s' per day (moves / exposure; 0 with no exposure) and its 95%
 * interval: the 2.5th and 97.5th percentiles of Gamma(moves + 0.5, exposure) (Jeffreys),
 * worked out from the incomplete gamma function. */
double money_rate(uint32_t moves, double exposure, double *lo95, double *hi95);

/* The care records of area (a council area's code, or "scotland" for every council)
 * from the database s (area.c): each council's import of the latest year it has. *out
 * gets *n batches (money_area_free them). Returns 0, or -1 with e: KERR_USAGE for an
 * area that is not one, KERR_NOTFOUND when there are no records of it. */
int money_area_load(struct store *s, const char *area, struct records **out, size_t *n, struct kerr *e);
void money_area_free(struct records *b, size_t n);

/* ---- a scenario (scenario.c checks it; project.c applies it). */
enum money_effect_kind {
	ME_ENTRIES, /* entries into care change by pct (negative: fewer) */
	ME_LEAVING, /* the rate of leaving care (to outside) changes by pct */
	ME_MOVE,    /* the rate of moves from type from_type to to_type changes by pct; when
	               that rate is 0 in the records, pct of the from_type stock a year move */
};
struct money_effect {
	enum money_effect_kind kind;
	int from_type, to_type; /* ME_MOVE: both types; ME_ENTRIES, ME_LEAVING: from_type a
	                           type the effect is limited to, or -1 for all */
	int band;               /* an age band the effect is limited to, or -1 for all */
	double low_pct, high_pct; /* the range of the effect: each draw takes one value,
	                             uniformly between them; -100 <= low <= high */
	int starts_after_months;  /* months after the first investment starts */
	int ramp_months;          /* months from no effect to its whole size (0: at once) */
};
struct money_investment {
	char what[200];
	double per_year;      /* pounds a year, of the scenario's price year */
	int32_t starts, ends; /* day numbers; ends RECORDS_OPEN while it goes on */
	char payer[200];      /* who pays */
	bool pooled;          /* a pooled budget (diagonal budgeting) */
	char pooled_with[200];
};
#define MONEY_MAX_EFFECTS 16
#define MONEY_MAX_INVESTMENTS 16
struct money_scenario {
	char name[200];
	size_t neffects, ninvestments;
	struct money_effect effects[MONEY_MAX_EFFECTS];
	struct money_investment investments[MONEY_MAX_INVESTMENTS];
};

/* ---- a scenario as keep keeps it (scenario.c): the struct above and what names it.
 * The checks and the file format (docs/money.md "Scenarios") are one: the forms, the
 * API and `keep money scenario import` all read a scenario into these structs and check
 * it here. A problem is named by its path in the file's shape ("effects[1].low_pct",
 * "investments[0].to", "name"), so a file reader turns it into FILE:LINE:COLUMN, a form
 * into its field and the API into its field name. */
#define MONEY_SCOTLAND "S92000003" /* the GSS code of Scotland: a scenario's area */
struct money_scenario_about {
	char slug[81];
	char area[10];          /* a GSS code: Scotland or one of the council areas */
	char owner[81];         /* the organisation whose scenario it is (its slug), or "" */
	char description[10001];
	bool made_up;           /* its figures are made up (the demo's), and every page says so */
};
/* Checks sc and about (either may be NULL), adding to problems (an object) path ->
 * message for each problem, the first one only for a path already there. Returns the
 * number of paths with a problem. Pure: that the area and the owner exist is the
 * store's to say (scenario_check in plan/scenario.c). */
int money_scenario_check(const struct money_scenario *sc, const struct money_scenario_about *about,
                         json_t *problems);
/* Reads v (the file's shape: an object) into sc and about (zeroed first), then checks
 * them; problems as money_scenario_check, with a path for each value of the wrong kind
 * and each key not known. Returns the number of problems (0: sc and about are whole). */
int money_scenario_from_json(json_t *v, struct money_scenario *sc, struct money_scenario_about *about,
                             json_t *problems);
/* The file's shape of sc and about (a new object): from_json of it gives them back. */
json_t *money_scenario_to_json(const struct money_scenario *sc, const struct money_scenario_about *about);
/* Reads a scenario file (name for messages, data[0..len)): 0, or the number of problems
 * with each appended to messages (an array) as "NAME:LINE:COLUMN: message". */
int money_scenario_read_file(const char *name, const char *data, size_t len, struct money_scenario *sc,
                             struct money_scenario_about *about, json_t *messages);
/* Appends each of problems (path -> message, as money_scenario_check gives them) to
 * messages as "NAME:LINE:COLUMN: message", in the order of the file data[0..len) they
 * are about: for a problem found after reading (one the store finds). */
void money_scenario_place(const char *name, const char *data, size_t len, json_t *problems, json_t *messages);
/* An effect in plain words: "fewer children coming into care: 5% to 15% fewer, from 18
 * months after the money starts". */
void money_effect_words(const struct money_effect *ef, struct buf *out);
/* The keys of the kinds in the file ("entries", "leaving", "move"), and a kind by key
 * (-1 when none). */
extern const char *const money_effect_kind_keys[3];
int money_effect_kind_of(const char *key);

/* ---- projection (project.c). */
struct money_options {
	int32_t start;          /* the first day projected (the day after the counts' `to`) */
	int months;             /* months projected (to 31 March 2030 by default) */
	int draws;              /* draws (1000 by default; 1..100000) */
	uint64_t seed;          /* the same seed gives the same result */
	int price_year;         /* the financial year whose pounds every figure is in */
	double inflation_pct;   /* a year, after the price year (0: real terms) */
	double discount_pct;    /* a year, Green Book 3.5 (0: none) */
	double weekly_cost[MONEY_NTYPES]; /* pounds a week per child, by type; a negative
	                                     value is "not priced": counted, never costed */
	/* Optional (ngroups 0: none): children of the baseline at the end of each financial
	 * year's last projected month (31 March, with a horizon that ends in March) in groups
	 * of states the caller names: group g (0..ngroups) holds state s when groups[g][s]
	 * (a state may be in several groups). Each group's band is of its sum over the draws,
	 * not a sum of bands (money_projection's year_groups). */
	int ngroups;
	const bool (*groups)[MONEY_NSTATES];
};
/* One month's figure as a band: the 5th, 50th and 95th percentiles over the draws. */
struct money_band3 {
	double p5, p50, p95;
};
struct money_projection {
	int months;
	int32_t *month_start;                 /* [months]: first day of each month */
	struct money_band3 *children;         /* [months × MONEY_NTYPES]: children by type at
	                                         the end of each month */
	struct money_band3 *total;            /* [months]: children looked after */
	struct money_band3 *cost;             /* [months]: cost of the month's placements */
	/* with a scenario: the same draws with its effects (common random numbers) */
	bool with_scenario;
	struct money_band3 *s_children, *s_total, *s_cost, *investment, *net_saving_cum;
	/* the first month from whose end the cumulative net saving stays at or above 0, as
	 * a band over the draws of month numbers (-1: not by the horizon, in that share) */
	struct money_band3 break_even;
	double break_even_never_share; /* the share of draws with no break-even */
	/* with a scenario, [months]: the month's gross saving (baseline cost - scenario cost)
	 * and net saving (gross - investment) */
	struct money_band3 *gross_saving, *net_saving;
	/* by financial year: the years the months touch, in order, and each year's sums of
	 * the months (bands of the sums over draws, not sums of bands); the s_ and savings
	 * ones with a scenario only */
	int years;
	int *fy;                                        /* [years] */
	struct money_band3 *year_cost, *s_year_cost;    /* [years] */
	struct money_band3 *year_investment, *year_gross_saving, *year_net_saving; /* [years] */
	/* with the options' groups: [years × ngroups], group g of year y at y * ngroups + g */
	int ngroups;
	struct money_band3 *year_groups;
};
/* Projects from the stock at counts->stock_end with rates drawn from counts (and the
 * scenario's effects, if sc is not NULL). Returns 0, or -1 with e saying what is wrong. */
int money_project(const struct money_counts *counts, const struct money_options *o,
                  const struct money_scenario *sc, struct money_projection *out, struct kerr *e);
void money_projection_free(struct money_projection *p);
/* One draw of money_project (for the tests and docs/money.md's example): each state's
 * children at the start of each month and at the end of the last (path[0..months]), and
 * each month's entries into care and exits from it, of the baseline, or of the scenario
 * when scenario is true (sc not NULL). Returns 0, or -1 with e. */
int money_project_draw(const struct money_counts *counts, const struct money_options *o,
                       const struct money_scenario *sc, bool scenario, int draw, uint32_t (*path)[MONEY_NSTATES],
                       uint32_t *entries, uint32_t *exits, struct kerr *e);
/* The number of calendar months from start's month to March 2030 (at least 1): the
 * default horizon. */
int money_months_to_2030(int32_t start);

/* ---- the backtest (project.c; docs/money.md "The backtest"): fit on what the records
 * knew on day at (episodes and placements cut there: nothing that started later, an end
 * after it not yet known), over the three years before it (from no earlier than the
 * records' first day), project from the stock on day at, and compare with the records'
 * children by type money_backtest_months[h] months later (months are calendar months:
 * when at is not the first of a month, the first is short and the day compared is the
 * first of the month after). */
#define MONEY_BACKTEST_N 2
extern const int money_backtest_months[MONEY_BACKTEST_N]; /* 12, 24 */
struct money_backtest {
	int32_t at, from;               /* the day of the fit's stock, the fit's first day */
	int32_t day[MONEY_BACKTEST_N];  /* the day compared: at + 12 (24) months */
	bool known[MONEY_BACKTEST_N];   /* the records reach that day */
	/* by type, then [MONEY_NTYPES] the total looked after */
	double truth[MONEY_BACKTEST_N][MONEY_NTYPES + 1];
	struct money_band3 projected[MONEY_BACKTEST_N][MONEY_NTYPES + 1];
	double error[MONEY_BACKTEST_N][MONEY_NTYPES + 1];     /* the median - the truth */
	double error_pct[MONEY_BACKTEST_N][MONEY_NTYPES + 1]; /* of the truth (0 when it is 0) */
	bool inside[MONEY_BACKTEST_N][MONEY_NTYPES + 1];      /* p5 <= truth <= p95 */
	double mean_abs_pct[MONEY_BACKTEST_N];  /* of the types with a truth of at least 10 */
	int inside_count[MONEY_BACKTEST_N];     /* of the MONEY_NTYPES + 1 figures */
};
/* Backtests batches b[0..n) (one council's, or all councils' for Scotland) at day at,
 * with o's draws and seed (o's start and months are set by the backtest). Returns 0, or
 * -1 with e saying what is wrong (at outside the records: the fit's stock day must lie
 * inside them and so must at + 12 months). */
int money_backtest(const struct records *const *b, size_t n, int32_t at, const struct money_options *o,
                   struct money_backtest *out, struct kerr *e);

/* ---- publishing a projection (protect.c; docs/money.md "Publishing a projection"):
 * every figure grown from children's records rounded to a base, so that no published
 * figure is the exact count of a small group. v rounded to the nearest multiple of base
 * (halves up; base <= 0: v as it is). */
#define MONEY_PUBLISH_CHILDREN 5.0
#define MONEY_PUBLISH_MONTH_POUNDS 10000.0
#define MONEY_PUBLISH_YEAR_POUNDS 100000.0
double money_round_to(double v, double base);
/* Rounds p's children (by type, in all, with a scenario too, and the groups) to children, its monthly
 * costs and savings to month_pounds, its yearly ones to year_pounds; the investment (the
 * scenario's own money) and break-even (months) stay as they are. */
void money_projection_round(struct money_projection *p, double children, double month_pounds, double year_pounds);
/* Rounds bt's truths and projected bands to base and works the errors, what lay inside
 * and the mean error again from the rounded figures, by the rules of money_backtest. */
void money_backtest_round(struct money_backtest *bt, double base);


/* ---- unit costs, placement costs from the records, the cost of failure, prices
 * (cost.c; docs/money.md "Unit costs and placement costs from the records", "The cost
 * of failure", "Prices, inflation and discounting"). */

/* A weekly unit cost of a placement type. */
struct money_unit_cost {
	double weekly;        /* pounds a week per child; < 0: not priced */
	int price_year;       /* the financial year of its pounds, or -1 */
	char source[900];     /* who says so: publisher, title, date, address */
	char stands_for[700]; /* which types it stands for, and why (the default table) */
	bool own;             /* the area's own figure, not the default */
};
struct money_unit_costs {
	struct money_unit_cost t[MONEY_NTYPES];
};
/* The default table, data/unit-costs.csv (built into keep): a row per placement type.
 * -1 with e saying where (data/unit-costs.csv:LINE) when the file is not as it should be. */
int money_unit_costs_default(struct money_unit_costs *out, struct kerr *e);
/* Checks one figure as an area gives it: type a placement type's key, weekly a cost of 0
 * to 100,000 pounds, price_year a financial year 1990..2100, source not empty (at most
 * 600 bytes). 0, or -1 with e naming the field ("weekly_cost: ..."). */
int money_unit_cost_check(const char *type, double weekly, int price_year, const char *source, struct kerr *e);
/* The costs in force for an area: into out, the default table with the area's own
 * figures over it; own is a JSON array of {type, weekly_cost, price_year, source} (as
 * the store gives them), or NULL. */
void money_unit_costs_apply(struct money_unit_costs *out, json_t *own);

/* Moves every priced cost of uc into the pounds of financial year to_fy at pct a year
 * (money_price_factor): weekly × (1 + pct/100)^(to_fy − its price year). */
void money_unit_costs_reprice(struct money_unit_costs *uc, int to_fy, double pct);

/* Child-days by placement type in financial year fy of batch b's children: each
 * placement counts its days from its start to its end, both included, cut at the year's
 * first and last days and at the records' own last day (31 July of b->year); the day a
 * child moves (one placement ends the day the next starts) counts once, for the new
 * placement. Adds into days[] (so batches sum). */
void money_child_days(const struct records *b, int fy, int64_t days[MONEY_NTYPES]);

/* Placement costs of child-days: by type days ÷ 7 × the weekly cost, in the cost's own
 * price year; a type not priced is counted (days) and never costed. */
struct money_placement_costs {
	int64_t days[MONEY_NTYPES];
	double cost[MONEY_NTYPES];   /* < 0: not priced */
	double total;                /* the priced types' sum */
	int64_t unpriced_days;       /* child-days of types not priced */
	int price_year_min, price_year_max; /* the price years the total mixes (-1: none) */
};
void money_placement_costs(const int64_t days[MONEY_NTYPES], const struct money_unit_costs *uc,
                           struct money_placement_costs *out);

/* ---- prices (Green Book): money_price_factor gives what a pound of financial year
 * from_fy is worth in the pounds of to_fy at pct a year: (1 + pct/100)^(to_fy - from_fy).
 * money_discount_factor gives the weight of a figure of year fy seen from base_fy at pct a
 * year (HM Treasury's Green Book: 3.5 real): 1 / (1 + pct/100)^(fy - base_fy); 1 in the
 * base year, and above 1 for years before it. */
double money_price_factor(int from_fy, int to_fy, double pct);
double money_discount_factor(int base_fy, int fy, double pct);
#define MONEY_GREEN_BOOK_PCT 3.5

/* ---- the cost of failure: data/failure-costs.csv's parameters by key, each with its
 * source. */
#define MONEY_FAILURE_MAX_PARAMS 64
struct money_failure_param {
	char key[48];
	double value;
	bool known; /* false: the file leaves it empty (not known) */
	char unit[64];
	int price_year; /* -1 when it has none */
	char source[600];
	char note[400];
	char what[200]; /* what it is, in plain words */
};
struct money_failure_params {
	size_t n;
	struct money_failure_param p[MONEY_FAILURE_MAX_PARAMS];
};
int money_failure_params_default(struct money_failure_params *out, struct kerr *e);
/* The parameter called key, or NULL. */
const struct money_failure_param *money_failure_param(const struct money_failure_params *p, const char *key);
/* Income tax (Scottish rates) and employee and employer National Insurance on earnings
 * (pounds a year) by the parameters' rules. */
double money_tax_ni(const struct money_failure_params *p, double earnings);

enum money_failure_outcome { MF_HOMELESS, MF_CUSTODY, MF_MENTAL_HEALTH, MF_NOUTCOMES };
extern const char *const money_failure_keys[MF_NOUTCOMES];   /* "homelessness", ... */
extern const char *const money_failure_labels[MF_NOUTCOMES]; /* words people read */
struct money_failure {
	struct {
		bool priced;
		double cases;       /* cases a year among care-experienced adults */
		double extra_cases; /* those beyond what peers' rate would give */
		double cost_per_case, cost; /* pounds a year, of price_year */
		int price_year;
	} o[MF_NOUTCOMES];
	double needs_total;        /* the priced outcomes' sum */
	double lost_per_adult;     /* tax and National Insurance lost a year per adult */
	double adults;             /* care-experienced adults counted, or < 0: not known */
	double lost_total;         /* adults × lost_per_adult, or < 0 when adults is not known */
	int tax_price_year;
	double the_money_needs, the_money_lost; /* The Money's published totals */
	int price_year;            /* -1: each figure in its own price year; else all in it */
};
/* Keep's own figure of the cost of failure for a year, from the parameters; adults < 0
 * takes the file's (not known unless it says); price_year -1 leaves each figure in its
 * source's pounds, otherwise each is moved to price_year at inflation_pct a year. */
void money_failure_compute(const struct money_failure_params *p, double adults, int price_year,
                           double inflation_pct, struct money_failure *out);


/* ---- the costs shown (cost_report.c): through the store, for the CLI, pages and API. */
/* A type's child-days in an area under this many (five child-years) are counted in the
 * totals but not shown on their own (nor the area's total then): they could point at a
 * few children. */
#define MONEY_SHOWN_DAYS (5 * 365)
/* v rounded to a whole number with commas between thousands ("12,345") into out. */
void money_thousands(char *out, size_t cap, double v);
/* The costs in force for area (a council area's code, or NULL for the default table). */
int money_unit_costs_in_force(struct store *s, const char *area, struct money_unit_costs *out, struct kerr *e);
/* [{type, label, weekly_cost, price_year, source, stands_for, own}] by type. */
json_t *money_unit_costs_json(const struct money_unit_costs *uc);
/* The latest financial year the imported records cover whole (-1: no records; -2 with
 * e on a failed read). */
int money_costs_latest_fy(struct store *s, struct kerr *e);
/* Placement costs from the records of financial year fy: Scotland (every council with
 * records) and the councils, or only council area (when not NULL nor Scotland's code
 * S92000003), and the cost of failure, with what may not be shown hidden
 * (MONEY_SHOWN_DAYS, and a second figure where one hidden could be worked out):
 * {year, fy, councils_with_records, scotland: AREA, councils: [AREA], failure} where
 * AREA is {area, name, days, total, hidden, shown_total, unpriced_days,
 * price_year_from, price_year_to, types: [{type, label, days, few, weekly_cost,
 * price_year, cost, priced, own}]}; NULL with e on a failed read. With price_year >= 0
 * every unit cost is first moved to that year's pounds at inflation_pct a year
 * (money_unit_costs_reprice); otherwise each stays in its own. */
json_t *money_costs_report(struct store *s, const char *area, int fy, int price_year, double inflation_pct,
                           struct kerr *e);
/* The cost of failure as JSON: {outcomes: [{key, label, priced, cases, extra_cases,
 * cost_per_case, cost, price_year}], needs_total, lost_per_adult, tax_price_year, adults,
 * lost_total, the_money_needs, the_money_lost, parameters: [{key, value, unit,
 * price_year, source, note}]}. */
json_t *money_failure_json(const struct money_failure *f, const struct money_failure_params *p);

#endif
