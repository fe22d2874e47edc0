#include "base/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const months[] = {"January", "February", "March",     "April",   "May",      "June",
                                     "July",    "August",   "September", "October", "November", "December"};

static int days_in_month(int y, int m)
{
	static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

bool date_valid(struct kdate d)
{
	return d.y >= 1 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 && d.d <= days_in_month(d.y, d.m);
}

int date_parse(const char *s, struct kdate *out, struct kerr *e)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return kerr_set(e, KERR_INVALID, "'%s' is not a date: expected YYYY-MM-DD", s ? s : "");
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return kerr_set(e, KERR_INVALID, "'%s' is not a date: expected YYYY-MM-DD", s);
	struct kdate d = {atoi(s), atoi(s + 5), atoi(s + 8)};
	if (!date_valid(d))
		return kerr_set(e, KERR_INVALID, "'%s' is not a real date", s);
	*out = d;
	return 0;
}

struct kdate date_today(void)
{
	const char *env = getenv("KEEP_TODAY");
	struct kdate d;
	if (env && *env && date_parse(env, &d, NULL) == 0)
		return d;
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	return (struct kdate){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

int date_cmp(struct kdate a, struct kdate b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

/* Leap days in the years 1 .. y (y >= 0). */
static long leaps_through(long y)
{
	return y / 4 - y / 100 + y / 400;
}

/* Day counts are built from whole years since year 1 (365 days each plus the leap
 * days before), then whole months of the year, then the day, shifted so that
 * 1970-01-01 is day 0. Dates are 0001..9999 (date_valid), so no negative years. */
long date_days(struct kdate d)
{
	static const int before[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
	long y = d.y - 1;
	long days = y * 365 + leaps_through(y) + before[d.m - 1] + d.d - 1;
	if (d.m > 2 && days_in_month(d.y, 2) == 29)
		days++;
	return days - 719162; /* date_days of 1970-01-01 counted from 0001-01-01 */
}

/* The inverse of date_days, in integers only (the import turns millions of day numbers
 * back into dates). Counting from 1 March of year 0 puts each year's leap day last, so
 * a year's length matters only at its very end: 400 years are always 146,097 days, and
 * within them a century 36,524 (the fourth 36,525), four years 1,461, a year 365 (the
 * fourth 366). Within a March year, the months March to January run 31, 30, 31, 30, 31
 * in two blocks of 153 days, and (153 × m + 2) ÷ 5 is the first day of month m. */
struct kdate date_from_days(long days)
{
	long n = days + 719468; /* 1970-01-01 counted from 0000-03-01 */
	long cycle = (n >= 0 ? n : n - 146096) / 146097;
	long day = n - cycle * 146097;                                       /* 0 .. 146096 */
	long year = (day - day / 1460 + day / 36524 - day / 146096) / 365; /* 0 .. 399 */
	long in_year = day - (365 * year + year / 4 - year / 100);         /* 0 .. 365 */
	long month = (5 * in_year + 2) / 153;                              /* 0: March .. 11: February */
	int d = (int)(in_year - (153 * month + 2) / 5 + 1);
	int m = (int)(month < 10 ? month + 3 : month - 9);
	long y = cycle * 400 + year + (m <= 2);
	return (struct kdate){(int)y, m, d};
}

void date_format(struct kdate d, char out[static 11])
{
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)d.y % 10000u, (unsigned)d.m % 100u, (unsigned)d.d % 100u);
}

void date_words(struct kdate d, struct buf *out)
{
	if (!date_valid(d))
		return;
	buf_printf(out, "%d %s %d", d.d, months[d.m - 1], d.y);
}

bool date_source_valid(const char *s, bool *month_only)
{
	struct kdate d;
	bool month = false;
	if (!s)
		return false;
	if (strlen(s) == 7) {
		char day[11];
		snprintf(day, sizeof day, "%s-01", s);
		if (date_parse(day, &d, NULL) < 0)
			return false;
		month = true;
	} else if (date_parse(s, &d, NULL) < 0) {
		return false;
	}
	if (d.y < 1900)
		return false;
	if (month_only)
		*month_only = month;
	return true;
}

void date_source_words(const char *s, struct buf *out)
{
	bool month;
	if (!date_source_valid(s, &month))
		return;
	struct kdate d;
	char day[11];
	snprintf(day, sizeof day, month ? "%s-01" : "%s", s);
	if (date_parse(day, &d, NULL) < 0)
		return;
	if (month)
		buf_printf(out, "%s %d", months[d.m - 1], d.y);
	else
		date_words(d, out);
}
