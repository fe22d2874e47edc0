/* The one date type: a calendar date, written YYYY-MM-DD (ISO 8601). */
#ifndef KEEP_BASE_DATE_H
#define KEEP_BASE_DATE_H
#include <stdbool.h>

#include "base/buf.h"
#include "base/kerr.h"

struct kdate {
	int y, m, d;
};

/* Parses exactly "YYYY-MM-DD" naming a real date (leap years counted). */
int date_parse(const char *s, struct kdate *out, struct kerr *e);
bool date_valid(struct kdate d);
/* Today in UTC, or the date in the KEEP_TODAY environment variable when it is set
 * (for demos and tests; a malformed KEEP_TODAY is ignored with today used instead). */
struct kdate date_today(void);
/* <0, 0, >0 as a is before, the same as, after b. */
int date_cmp(struct kdate a, struct kdate b);
/* Days since 1970-01-01 (negative before it), for arithmetic on dates. */
long date_days(struct kdate d);
/* The date that is days after 1970-01-01: date_from_days(date_days(d)) == d. */
struct kdate date_from_days(long days);
/* "2021-06-25" into out (at least 11 bytes). */
void date_format(struct kdate d, char out[static 11]);
/* "25 June 2021". */
void date_words(struct kdate d, struct buf *out);
/* A source's date: "YYYY-MM-DD", or "YYYY-MM" when the source names only its month (a
 * page "last updated in December 2025" has no day, and keep does not invent one). True
 * when s is one or the other, naming a real date or month from 1900; *month_only says
 * which. */
bool date_source_valid(const char *s, bool *month_only);
/* A source's date in words: "25 June 2021", or "December 2025" for a month; nothing
 * when s is not a source's date. */
void date_source_words(const char *s, struct buf *out);

#endif
