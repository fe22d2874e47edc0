/* The Promise measures (issue 5; docs/measures.md is the contract): every measure of
 * one council's care records for a year Y (1 August Y-1 to 31 July Y), as plain counts,
 * and the shares and rates worked from them; Scotland as the sum of the councils' counts.
 *
 * A measure is a set of cells. A count cell is an integer the engine counts; a derived
 * cell (a share, a rate, moves per child) is worked from two count cells when it is
 * shown, so that disclosure control (sdc.h) decides on counts only and a derived cell is
 * suppressed whenever a count it is built on is. measures_cells lists every cell in the
 * order they are shown. */
#ifndef KEEP_MEASURES_MEASURES_H
#define KEEP_MEASURES_MEASURES_H
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/date.h"
#include "measures/records.h"
#include "measures/sdc.h"

/* Scotland's GSS code (not a council area). */
#define MEASURES_SCOTLAND "S92000003"

/* The count cells. */
enum measures_count {
	MC_LOOKED_AFTER, /* 1: looked after on the census day */
	MC_POPULATION,   /* 1: population aged 0-17 (data/population.csv; public, never suppressed) */
	MC_MIX_HOME,     /* 2: placement groups on the census day */
	MC_MIX_KINSHIP,
	MC_MIX_FOSTER,
	MC_MIX_ADOPTERS,
	MC_MIX_COMMUNITY,
	MC_MIX_RESIDENTIAL,
	MC_MIX_NOT_KNOWN,
	MC_STARTED, /* 3 */
	MC_CEASED,
	MC_SIBLINGS, /* 4: looked after on the census day with a brother or sister also looked after */
	MC_SIBLINGS_ALL,
	MC_SIBLINGS_SOME,
	MC_SIBLINGS_NONE,
	MC_LOOKED_AFTER_YEAR, /* 5: looked after on some day of the year */
	MC_MOVES,
	MC_MOVES_3,
	MC_SCHOOL_CHANGES, /* 6 */
	MC_SCHOOL_WITH_MOVE,
	MC_PLACED, /* 7: looked after on the census day with a placement that day */
	MC_OUTSIDE_COUNCIL,
	MC_OUTSIDE_SCOTLAND,
	MC_SECURE_16_17, /* 8 */
	MC_YOI_16_17,
	MC_ADOPTION_BREAKDOWNS, /* 9 */
	MC_RESTRAINTS,          /* 10 */
	MC_RESIDENTIAL_YEAR,
	MC_CC_ELIGIBLE, /* 11 */
	MC_CC_TOOK_UP,
	MC_WHERE_NOT_KNOWN,    /* 7: of MC_PLACED, where the placement is is not known */
	MC_FAR_FROM_HOME,      /* 12: of MC_PLACED, more than 20 miles from home */
	MC_DISTANCE_NOT_KNOWN, /* 12: of MC_PLACED, the distance from home not known */
	MC_PRIVATE,            /* 13: of MC_PLACED, with a private provider (the placement's sector) */
	MC_SECTOR_NOT_KNOWN,   /* 13: of MC_PLACED, the provider's sector not known */
	MC_NCOUNTS
};

/* One cell as shown: a count (num is the count, den -1), or derived: num × scale ÷ den
 * to `decimals` places (den 0 gives "not available"). */
struct measures_cell {
	const char *key;   /* "looked_after", "mix_foster_share", ... (CSV, JSON, indicator slugs) */
	const char *label; /* the words people read */
	int measure;       /* its number in docs/measures.md, 1..13 */
	int num, den;      /* enum measures_count; den -1 for a count */
	int scale, decimals;
	const char *unit; /* "children", "%", "per 1,000", ... */
};
extern const struct measures_cell measures_cells[];
extern const size_t measures_ncells;
/* The measures' titles, by number 1..MEASURES_N (index 0 unused). */
#define MEASURES_N 13
extern const char *const measures_titles[MEASURES_N + 1];

/* One area's counts. available[c] is false when the counts could not be made (a file the
 * council does not collect; a population not known). */
struct measures {
	char area[10];
	bool available[MC_NCOUNTS];
	long long count[MC_NCOUNTS];
};

/* The dates of year Y: its first day (1 August Y-1) and the census day (31 July Y), as
 * day numbers (base/date.h's date_days). */
void measures_year_days(int year, int32_t *first, int32_t *census);

/* Every count of docs/measures.md for the batch b (one council, b->council) and the year:
 * linear passes over b's arrays after one ordering of episodes and placements by child
 * and start; no allocation per child. The population is left not available (see
 * measures_population). out->area is b->council. */
void measures_compute(const struct records *b, int year, struct measures *out);

/* The same for many years of one batch: measures_prepare orders b once (and notes each
 * child's span and brothers and sisters), so that measures_compute_prepared gives each
 * year's counts, identical to measures_compute's, skipping the children whose rows miss
 * the year. The preparation holds no pointer to b itself (b may move) but to its arrays:
 * free it before b. */
struct measures_prep;
struct measures_prep *measures_prepare(const struct records *b);
void measures_compute_prepared(const struct records *b, const struct measures_prep *prep, int year,
                               struct measures *out);
void measures_prep_free(struct measures_prep *prep);

/* Sum of the areas' counts: a count is available in the sum when it is in every part
 * (a part without it would make the sum too small). For Scotland. */
void measures_sum(struct measures *sum, const char *area, const struct measures *parts, size_t n);

/* Where a population figure came from (docs/measures.md, measure 1). */
struct measures_pop {
	long long n;   /* the figure; -1: not known */
	int year;      /* the year of the area's own figure it comes from */
	int scaled_to; /* 0, or the later year of Scotland's figure it was scaled to */
};

/* The population aged 0-17 of area (a council area or Scotland) in year, from
 * data/population.csv, or -1 when keep has none: the area's own figure for the year;
 * otherwise, with S the latest year not after year that Scotland has a figure for and P
 * the latest year not after S that both the area and Scotland have one for, the area's
 * P figure, scaled by Scotland's S ÷ Scotland's P when S is later (rounded half up).
 * how (may be NULL) receives where it came from. */
long long measures_population(const char *area, int year, struct measures_pop *how);

/* How the population for year was found, in words for the tables ("the figure for
 * 2017, the latest keep has"), into out. */
void measures_population_words(const struct measures_pop *how, int year, struct buf *out);

/* A derived cell's value into out (decimals as the cell says, e.g. "12.5"); false (out
 * empty) when it is not available (a count not available, or a zero denominator). */
bool measures_derived(const struct measures_cell *cell, const struct measures *m, struct buf *out);

/* The name of council area code (data/council-areas.csv), or the code itself. */
json_t *measures_area_name(const char *code);

/* Loads one import (a row of store_care_latest) from the database into b, which this
 * initialises (records_init; records_free it after). The children's ids are their
 * pseudonyms. */
int measures_load(struct store *s, json_t *import, struct records *b, struct kerr *e);
/* The same, reading only the files f with want[f] (want NULL: all); the others stay
 * empty, though b->given says whether the import has them. */
int measures_load_only(struct store *s, json_t *import, const bool *want, struct records *b, struct kerr *e);

/* The relations the counts of an area obey by the measures' definitions, as data: what
 * the attacker of the published tables knows (docs/measures.md). A term is coef x a count
 * of the year (year 0) or of the year before (year -1); the relation is lhs = rhs (exact)
 * or lhs <= rhs; the term lists end at a coef of 0. */
struct measures_term {
	int coef;
	int count; /* enum measures_count */
	int year;  /* 0 or -1 */
};
struct measures_relation {
	const char *words;
	bool exact;
	struct measures_term lhs[8], rhs[8];
};
extern const struct measures_relation measures_relations[];
extern const size_t measures_nrelations;

/* One year's table for disclosure control: the councils' counts m[0..n) and, when
 * scotland, Scotland's (their sum) at m[n]; status[a][c] (enum sdc_status) once
 * protected, and lo, hi the bounds the attack on it ends with (what an attacker knows of
 * each cell, the year's value when published). */
struct measures_year {
	int year;
	size_t n;
	bool scotland;
	struct measures *m;
	unsigned char (*status)[MC_NCOUNTS];
	long long (*lo)[MC_NCOUNTS], (*hi)[MC_NCOUNTS];
	size_t secondary; /* how many cells secondary suppression hid */
};
void measures_year_init(struct measures_year *y, int year, const struct measures *councils, size_t n,
                        const struct measures *scotland);
void measures_year_free(struct measures_year *y);
/* Disclosure control over the published table of y, taking the published table of the
 * year before (before, protected so; NULL when there is none) as given: its statuses
 * are not changed, and what an attacker knows of its hidden cells (its lo and hi) is
 * where the attack on them starts. The table is every area's relations
 * (measures_relations, those of the year before included, each area's with itself the
 * year before, matched by code) and, with Scotland, each count's column (Scotland is
 * the sum of the councils); a relation the true counts break (two years from different
 * imports) is left out. Sets y->status (SDC_PUBLIC for the population, SDC_MISSING for a
 * count not available), y->lo, y->hi and y->secondary; returns y->secondary. Until no
 * count of 1 to 4 of either year is worked out. */
size_t measures_year_protect(struct measures_year *y, const struct measures_year *before);

/* The same for one year alone (no year before): the councils' counts councils[0..n)
 * and, when scotland is not NULL, Scotland's. status[a][c] (n rows, and one more for
 * Scotland) receives enum sdc_status. Returns the number of secondary cells. */
size_t measures_protect(const struct measures *councils, size_t n, const struct measures *scotland,
                        unsigned char (*status)[MC_NCOUNTS]);

/* A shown cell's status from its area's count statuses: a count's own; a derived cell is
 * suppressed when a count it is worked from is (SDC_PRIMARY when one of them is
 * primary), and missing when one is missing. */
int measures_cell_status(const struct measures_cell *cell, const unsigned char status[MC_NCOUNTS]);

/* The published table of year from the database (publish.c): every council area in
 * code order, then Scotland, as
 *   {year, secondary (how many cells secondary suppression hid), areas: [{area, name,
 *    data (false: no import for this year: "no data"), import ("COUNCIL/YEAR" it came
 *    from), councils (Scotland: how many councils are in its sums), population (how its
 *    population aged 0-17 was found, in words: measures_population_words), cells: [{key, label,
 *    measure, title (on a measure's first cell), unit, value (text; null when
 *    suppressed or not available), status (published, primary, secondary,
 *    not_available), suppressed, primary, missing}]}]}
 * Each council's measures come from its import of year, or its latest later one that
 * holds whole histories (store_care_latest). Scotland's population is its own when
 * every council area has data, else the sum of theirs. The table is protected taking the
 * published table of the year before as given, itself protected so, from the earliest
 * year the records reach (measures_year_protect). progress (or NULL) is called per
 * council with "computing". Only what may be published. */
json_t *measures_table(struct store *s, int year, records_progress progress, void *arg, struct kerr *e);
/* Called with each table measures_tables works out (the caller does not keep it: copy or
 * json_incref what it needs). A negative return stops the walk. */
typedef int (*measures_table_fn)(json_t *table, void *arg, struct kerr *e);
/* The published tables of years[0..n) (in any order; each once), each exactly as
 * measures_table gives it, handed to fn (in no promised order), worked out in one
 * walk from the earliest year the records reach: each import loaded once and each year
 * protected once (measures_table works the chain out anew for each year). Stops at the
 * first failure. */
int measures_tables(struct store *s, const int *years, size_t n, measures_table_fn fn, void *arg,
                    struct kerr *e);
/* One council's row (b->council) as the national table of year would show it were b
 * imported in place of the council's import: the table of the database s with b in
 * place, protected whole as measures_table protects it, and hiding as well every cell
 * the database's own table hides of the council (so that nothing the published table
 * hides is shown, even when b differs from the import). s may be NULL (no database):
 * then the table is b's council alone, as the national table would be with no other
 * council; "national" in the result says whether a database's table was taken. NULL with
 * e when the database cannot be read. */
json_t *measures_table_batch(struct store *s, const struct records *b, int year, struct kerr *e);

/* Stores table (measures_table's) as its year's published table, for /measures to read
 * (store_measures_stored_get). Call inside the transaction of the write it follows. */
int measures_store_table(struct store *s, json_t *table, struct kerr *e);
/* Works out again (measures_tables: one walk for them all) and stores the table of year
 * and of every year stored already, since an import can change any of them (a native
 * import holds whole histories, and a year's protection may depend on others). Call
 * inside the import's transaction. */
int measures_store_tables(struct store *s, int year, struct kerr *e);

/* What measures_publish wrote. */
struct measures_published {
	size_t observations, suppressed, councils, indicators;
};
/* Writes the published table (measures_table's) as oversight observations, in one
 * transaction with one audit record (entity "measures", id the year; create, or update
 * when the period had such observations): for each area with data and each cell that is
 * available, an observation of the indicator "measure-" + the cell's key (added when
 * missing), period 31 July of the year, area the council (or S92000003), source "keep
 * measures (import COUNCIL/YEAR)" (Scotland: the sum of N councils' imports); a
 * suppressed cell as a suppressed observation, never its value. Nothing is written on
 * failure. */
int measures_publish(struct store *s, json_t *table, const char *actor, struct measures_published *out,
                     struct kerr *e);

#endif
