/* The Board's indicator of spend (docs/money.md "Spend", "The Board's indicator"): the
 * share of community-based health and social care spend on preventative whole family
 * support, for Scotland, by financial year. Pure: the lines in, the figures out. */
#include "money/spend.h"

#include <string.h>

bool spend_heading_community(int h)
{
	static const char *const community[] = {"at_home",   "kinship_care",  "foster_care",
	                                        "adoption",  "social_work",   "throughcare",
	                                        "aftercare", "mental_health", "health"};
	if (h < 0 || h >= SPEND_NHEADINGS)
		return false;
	if (spend_headings[h].group == SPEND_FAMILY)
		return true;
	for (size_t i = 0; i < sizeof community / sizeof community[0]; i++)
		if (strcmp(spend_headings[h].key, community[i]) == 0)
			return true;
	return false;
}

size_t spend_indicator_years(const struct spend_line *lines, size_t n, struct spend_indicator *out,
                             size_t max)
{
	size_t years = 0;
	for (int y = 1990; y <= 2100; y++) {
		struct spend_indicator v = {.year = y};
		for (size_t i = 0; i < n; i++) {
			const struct spend_line *l = &lines[i];
			if (l->year != y || !spend_heading_community(l->heading))
				continue;
			v.whole += l->amount;
			v.made_up += l->made_up;
			if (spend_headings[l->heading].group == SPEND_FAMILY && l->kind == SPEND_EARLY_HELP)
				v.part += l->amount;
		}
		if (v.whole <= 0)
			continue;
		v.tenths = spend_tenths(v.part, v.whole);
		if (years < max)
			out[years] = v;
		years++;
	}
	return years;
}
