/* Spend lines (docs/money.md "Spend"; HECM step 1: how money is used now): the fixed
 * list of headings, HECM levels and kinds, the checks of a line (one set of rules for
 * the form, the API and `keep import spend`), and the summaries of an area or Scotland
 * by financial year. Pure: no SQL, HTML or HTTP; errors go into a JSON object
 * {field: message}, as the domain's other checks give them. */
#ifndef KEEP_MONEY_SPEND_H
#define KEEP_MONEY_SPEND_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Scotland's code: a line for Scotland is national spend; Scotland's summary takes
 * every line (docs/money.md). */
#define SPEND_SCOTLAND "S92000003"

/* ---- the headings, shaped on The Money's chapters, in three groups */
enum spend_group { SPEND_CARE, SPEND_ASSOCIATED, SPEND_FAMILY, SPEND_NGROUPS };
extern const char *const spend_group_keys[SPEND_NGROUPS];   /* "care", "associated", "family" */
extern const char *const spend_group_labels[SPEND_NGROUPS]; /* the words people read */
struct spend_heading {
	const char *key, *label;
	enum spend_group group;
};
#define SPEND_NHEADINGS 22
extern const struct spend_heading spend_headings[SPEND_NHEADINGS];
/* The heading whose key is key, or -1. */
int spend_heading_of(const char *key);

/* ---- HECM's three levels, and whether a line meets a crisis or helps early */
enum spend_level { SPEND_FAMILIES_PLACES, SPEND_SERVICES, SPEND_NATIONAL_SYSTEM, SPEND_NLEVELS };
extern const char *const spend_level_keys[SPEND_NLEVELS];
extern const char *const spend_level_labels[SPEND_NLEVELS];
int spend_level_of(const char *key);
enum spend_kind { SPEND_CRISIS_ACUTE, SPEND_EARLY_HELP, SPEND_NKINDS };
extern const char *const spend_kind_keys[SPEND_NKINDS];
extern const char *const spend_kind_labels[SPEND_NKINDS];
int spend_kind_of(const char *key);

/* ---- a line */
#define SPEND_MAX_PARTNERS 8
#define SPEND_MAX_AMOUNT INT64_C(100000000000) /* £100 billion: more is a typing slip */
struct spend_partner {
	char name[201]; /* an organisation's id in keep, or a name */
	int share;      /* percent, 1 to 99 */
};
struct spend_line {
	char area[10];          /* a council area's code or S92000003 */
	int year;               /* the financial year's first year: 2024 is 2024-25 */
	char organisation[129]; /* the payer's id */
	int heading, level, kind;
	bool pooled;
	int share; /* pooled: the payer's share in percent (1 to 99); otherwise 100 */
	size_t npartners;
	struct spend_partner partners[SPEND_MAX_PARTNERS];
	int64_t amount; /* whole pounds */
	char source[1001];
	char source_date[11]; /* YYYY-MM-DD, YYYY-MM, or "" */
	bool made_up;
};

/* A line as typed (form, API, CSV): NULL or "" is "not given". pooled and made_up are
 * "yes" or "no"; pooled_with is "partner=share; partner=share". */
struct spend_form {
	const char *area, *year, *organisation, *heading, *level, *kind, *pooled, *share, *pooled_with, *amount,
	    *source, *source_date, *made_up;
};

/* Checks f by the rules of docs/money.md "Spend" (not whether the area, the payer and
 * the partners exist: the domain asks the store) into *out; each problem goes into
 * errors as field: message. Returns how many problems errors holds. */
int spend_check(const struct spend_form *f, struct spend_line *out, json_t *errors);

/* "partner=share; partner=share" of l's partners into out (at least 2,048 bytes). */
void spend_partners_words(const struct spend_line *l, char *out, size_t len);

/* Whether a and b say the same (every field of the line). */
bool spend_line_same(const struct spend_line *a, const struct spend_line *b);

/* ---- summaries */
struct spend_summary {
	int year;
	size_t lines, made_up; /* lines summed, and how many of them are made up */
	int64_t total;
	int64_t by_heading[SPEND_NHEADINGS];
	int64_t by_group[SPEND_NGROUPS];
	int64_t by_level[SPEND_NLEVELS];
	int64_t by_kind[SPEND_NKINDS];
	int64_t pooled; /* the amounts of pooled lines */
};
/* Sums the lines of area (a council area's code: its own lines; S92000003: every line,
 * national and local) into one summary per financial year that has any, in year order,
 * at most max of them, into out. Returns how many years there are (may exceed max). */
size_t spend_summarise(const struct spend_line *lines, size_t n, const char *area, struct spend_summary *out,
                       size_t max);
/* part of whole in tenths of a percent, rounded half up (625 is 62.5%); -1 when whole
 * is 0. */
int64_t spend_tenths(int64_t part, int64_t whole);
/* The change from before to now in tenths of a percent, rounded half away from zero;
 * INT64_MIN when before is 0. */
int64_t spend_change_tenths(int64_t before, int64_t now);
/* Pounds per child: total ÷ children, rounded half up to a whole pound; -1 when
 * children is 0 or less. */
int64_t spend_per_child(int64_t total, int64_t children);
/* The year of the census day (31 July) in financial year fy: fy itself (31 July 2024
 * is in 2024-25), so the measures' year Y gives the children looked after for fy = Y. */
int spend_census_year(int fy);

/* "£1,234,567" into out (at least 32 bytes). */
void spend_pounds(int64_t pounds, char out[32]);
/* "62.5%" of tenths into out (at least 32 bytes); "not available" when tenths < 0. */
void spend_percent(int64_t tenths, char out[32]);

/* ---- the Board's indicator of spend (docs/money.md "Spend", "The Board's indicator"):
 * the share of community-based health and social care spend on preventative whole
 * family support, for Scotland (every line), by financial year (spend_indicator.c). */
#define SPEND_INDICATOR "money-prevention-share"
/* Whether heading h is community-based health and social care: every heading of
 * support for families; at home, kinship, foster care, adoption, social work,
 * throughcare and aftercare; mental health and health. */
bool spend_heading_community(int h);
struct spend_indicator {
	int year;      /* the financial year's first year */
	int64_t whole; /* community-based health and social care spend */
	int64_t part;  /* of it, support for families that is early help and prevention */
	int64_t tenths; /* part of whole in tenths of a percent (spend_tenths) */
	size_t made_up; /* lines counted in whole that are made up */
};
/* The indicator of every financial year whose whole is above 0, in year order, at most
 * max into out; returns how many years there are (may exceed max). */
size_t spend_indicator_years(const struct spend_line *lines, size_t n, struct spend_indicator *out, size_t max);

#endif
