/* Reports (issue 4): the Oversight Board's annual report to the Scottish Parliament, a
 * report for one organisation and one for one council area. Each is built once from the
 * store into a small document of blocks (headings, paragraphs, lists, tables, charts,
 * a table of contents) and rendered twice from the same blocks: as HTML (html.c) and as
 * a PDF (pdf.c), so the two always say the same thing.
 *
 * What a report never holds: child-level data, unpublished evidence, or who (which
 * account, which email address) recorded what. */
#ifndef KEEP_REPORT_REPORT_H
#define KEEP_REPORT_REPORT_H
#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/kerr.h"
#include "plan/target.h"

struct store;

enum report_kind {
	REPORT_HEADING, /* level 1-4, text, anchor */
	REPORT_PARA,    /* text */
	REPORT_LIST,    /* cells[0..n): the items */
	REPORT_TABLE,   /* text: the caption; cells: n rows of cols, row 0 the column names */
	REPORT_CHART,   /* text: what it is of; chart: the target, its figures, the finding */
	REPORT_TOC,     /* the table of contents: every heading of level 1 and 2 */
};

struct report_block {
	enum report_kind kind;
	int level;
	char *text;
	char *anchor; /* a heading's id (unique in the report), a chart's id */
	char **cells;
	size_t n, cols;
	struct target_pace chart;
};

struct report {
	char *title;             /* "The Promise: annual report 2024-25" */
	char *subtitle;          /* what it covers, in a sentence */
	char *file_stem;         /* "keep-annual-2024": the default file name without extension */
	struct kdate data_date;  /* the date of the data it was built from */
	char *data_words;        /* how that date was found, in a sentence, for the cover */
	struct report_block *b;  /* the blocks, in reading order */
	size_t n, cap;
};

/* The Plan year a report year names: 1 April YYYY to 31 March YYYY+1, as the Plan's own
 * years (Plan 21-24 runs from April 2021 to March 2024) and public bodies' accounts run.
 * Parses "2024" (four digits, 2000-2099) into *year; false for anything else. */
bool report_year_parse(const char *s, int *year);

/* The date of the data in s as seen on today: the day of the latest write in the audit
 * log, or today when the log is empty or its latest write is after today (KEEP_TODAY);
 * words (when not NULL) gets how it was found, for the report. -1 on a failed read. */
int report_data_date(struct store *s, struct kdate today, struct kdate *out, char words[200], struct kerr *e);

/* The report years that have data, newest first: [{year, label ("2024-25"), from, to,
 * draft (the year is still running on today), plan (the title of the plan it reports
 * against, plan_for_year; absent when none)}],
 * from the year of the earliest commitment update, assessment or Board term to the year
 * holding the data date. NULL on a failed read. */
json_t *report_years(struct store *s, struct kdate today, struct kerr *e);

/* Builds the annual report for the Plan year starting 1 April year into r (zeroed by
 * the caller, freed with report_free): for each priority area what was committed
 * (commitments by status as on the data date), what was delivered (done) and the
 * Board's assessments dated in the year; for each foundation its targets, judged on
 * the figures for periods up to the end of the year (or the data date, if earlier),
 * Scotland's with a chart and each council's in a table; the gaps; and the Board's
 * members in the year with every day the care-experienced rule failed. -1 on failure. */
int report_annual(struct store *s, int year, struct kdate today, struct report *r, struct kerr *e);
/* The report for organisation slug: its details, lead roles, commitments with their
 * updates and its published evidence. KERR_NOTFOUND "no organisation called 'x'". */
int report_organisation(struct store *s, const char *slug, struct kdate today, struct report *r, struct kerr *e);
/* The report for council area code (a GSS code): its organisations and their
 * commitments, its local targets with charts, and the gaps there. KERR_NOTFOUND "no
 * council area called 'x'". */
int report_area(struct store *s, const char *code, struct kdate today, struct report *r, struct kerr *e);
void report_free(struct report *r);

/* ---- rendering (html.c, pdf.c) ---- */

/* Appends r as HTML. standalone: a whole document with its own inline style, for a
 * file; otherwise the part that goes inside the site's layout (with the title as its
 * h1). Every text is escaped; charts are inline SVG (chart_svg). */
void report_html(const struct report *r, bool standalone, struct buf *out);

/* Appends r as a PDF: A4, pango for all text (DejaVu Sans, embedded), the cover with the
 * data date, a table of contents with page numbers, "Page N of M" on every page, tables
 * that break across pages (their header repeated) and charts drawn with chart_cairo.
 * -1 with e when cairo fails. */
int report_pdf(const struct report *r, struct buf *out, struct kerr *e);

#endif
