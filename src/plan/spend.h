/* The Money's spend lines in the domain (docs/money.md "Spend"): who may write them, the
 * checks against what is stored, and every write (one transaction, audited as entity
 * "spend"). The rules of a line itself are src/money/spend.c's. */
#ifndef KEEP_PLAN_SPEND_H
#define KEEP_PLAN_SPEND_H
#include <jansson.h>
#include <stdbool.h>

#include "base/date.h"
#include "base/kerr.h"
#include "money/spend.h"
#include "store/store.h"

/* Whether user may write the spend lines of organisation (the payer): admins and staff
 * any; an organisation's editors their own; others none. */
bool spend_may_edit(json_t *user, const char *organisation);

/* spend_check, then what needs the store: the area is one of the 32 council areas or
 * Scotland, the payer is an organisation of keep. Problems go into errors as field:
 * message; returns how many. */
int spend_form_check(struct store *s, const struct spend_form *f, struct spend_line *out, json_t *errors);

/* The form of a stored line (a "spend" resource item), its strings in buf (at least
 * 64 bytes), so that a change can merge what is given with what is stored. */
struct spend_form spend_form_of(json_t *item, char buf[64]);

/* Adds line l (checked), with an id made of its payer, year and heading (made unique)
 * copied into id_out; audited. */
int spend_add(struct store *s, const char *actor, const struct spend_line *l, char id_out[128], struct kerr *e);
/* Changes line id to l (checked); saving it unchanged records nothing. */
int spend_change(struct store *s, const char *actor, const char *id, const struct spend_line *l, struct kerr *e);
/* Deletes line id; audited. */
int spend_delete(struct store *s, const char *actor, const char *id, struct kerr *e);
/* Writes line id (created when new) inside the caller's transaction, audited; *outcome
 * 0 unchanged, 1 created, 2 changed. For `keep import spend`. */
int spend_put(struct store *s, const char *actor, const char *id, const struct spend_line *l, int *outcome,
              struct kerr *e);

/* Every stored line, read back through spend_check, into *lines (free with free()). */
int spend_lines_load(struct store *s, struct spend_line **lines, size_t *n, struct kerr *e);

/* The children looked after on the census day of financial year fy (31 July fy), from
 * the measures' published tables (/measures): {area code: count}, Scotland's under
 * S92000003; an area whose count is suppressed or not there is left out. An empty
 * object when no table of that year is stored. */
json_t *spend_children(struct store *s, int fy, struct kerr *e);

/* What is spent in area (a council area's code, or S92000003 for Scotland: every
 * line), by financial year, as the page, the CLI and the API show it:
 * {area, name, lines, made_up (lines made up for the demonstration),
 *  years: [{year, financial_year, lines, made_up, total, change (tenths of a percent
 *    from the year before, or null), prevention_share, crisis_share, pooled, pooled_share
 *    (tenths of a percent, null when nothing is spent), groups, headings, levels, kinds
 *    ([{key, label, pounds, share}]; headings also group), children (looked after on
 *    31 July of the year, or null), per_child (pounds, or null),
 *    councils: [{area, name, total, children, per_child}] every council area with lines
 *    that year, and Scotland last]}]}.
 * Money is whole pounds (integers). KERR_NOTFOUND for an area that is not one. */
json_t *spend_view(struct store *s, const char *area, struct kerr *e);

/* The demo's spend lines (data/demo.json "spend": objects of the CSV's columns, every
 * value a string or null), each checked as an import's, written inside the caller's
 * transaction (content that ships is not audited, as the rest of the demo). */
int spend_demo_load(struct store *s, json_t *demo, struct kerr *e);

/* ---- the Board's indicator of spend (spend_publish.c) */
#define SPEND_INDICATOR_TITLE "Share of community-based health and social care spend on preventative whole family support"
struct spend_published {
	size_t years;     /* figures worked out (financial years that have ended, with spend) */
	size_t added;     /* of them, figures new to the indicator */
	size_t replaced;  /* figures that changed */
	bool indicator_added; /* the indicator was not there and was added */
};
/* Publishes the indicator's figure for Scotland of every financial year that has ended
 * on today (31 March) and has community-based health and social care spend, as the
 * oversight figure of SPEND_INDICATOR for Scotland on the year's last day: the figure
 * in percent to one decimal place, its source saying whether made-up lines are in it.
 * The indicator is added (computed, unit %) when missing. One transaction; each figure
 * added or changed has its audit record (as any figure), and an added indicator too;
 * a figure already as published writes nothing. */
int spend_publish(struct store *s, const char *actor, struct kdate today, struct spend_published *out,
                  struct kerr *e);

#endif
