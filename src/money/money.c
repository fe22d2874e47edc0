/* The Money's shared tables: age bands, placement types, states and financial years
 * (money.h; docs/money.md "States" and "Years"). */
#include "money/money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"

const char *const money_band_keys[MB_NBANDS] = {"under_1", "1_4", "5_9", "10_15", "16_17"};
const char *const money_band_labels[MB_NBANDS] = {"under 1", "1 to 4", "5 to 9", "10 to 15", "16 and 17"};

/* In the order of records_placement_type_codes. */
const char *const money_type_labels[MONEY_NTYPES] = {
    "at home with parents",
    "with kinship carers",
    "foster care, council",
    "foster care, bought from an agency",
    "with prospective adopters",
    "other community placement",
    "residential home, council",
    "residential home, voluntary or private",
    "residential school",
    "secure care",
    "crisis care",
    "young offender institution",
    "other residential",
};

bool money_type_family(int t)
{
	/* home_parents .. other_community come first in the code list */
	return t >= 0 && t <= 5;
}

int money_type_of(const char *key)
{
	for (int t = 0; t < MONEY_NTYPES && records_placement_type_codes[t]; t++)
		if (strcmp(key, records_placement_type_codes[t]) == 0)
			return t;
	return -1;
}

int money_band_of(int32_t birth, int32_t day)
{
	if (day < birth)
		return -1;
	struct kdate b = date_from_days(birth), d = date_from_days(day);
	int age = d.y - b.y;
	if (d.m < b.m || (d.m == b.m && d.d < b.d))
		age--;
	if (age < 1)
		return MB_UNDER_1;
	if (age < 5)
		return MB_1_4;
	if (age < 10)
		return MB_5_9;
	if (age < 16)
		return MB_10_15;
	if (age < 18)
		return MB_16_17;
	return -1;
}

int money_fy_of(int32_t day)
{
	struct kdate d = date_from_days(day);
	return d.m >= 4 ? d.y : d.y - 1;
}

void money_fy_days(int fy, int32_t *first, int32_t *last)
{
	*first = (int32_t)date_days((struct kdate){fy, 4, 1});
	*last = (int32_t)date_days((struct kdate){fy + 1, 3, 31});
}

void money_fy_words(int fy, char out[8])
{
	/* unsigned, so that gcc -O3 sees 4 + 1 + 2 digits fit (a negative year is no year) */
	snprintf(out, 8, "%04u-%02u", (unsigned)fy % 10000u, (unsigned)(fy + 1) % 100u);
}

int money_fy_parse(const char *s)
{
	if (!s || strlen(s) < 4)
		return -1;
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	if (s[4] == '\0')
		return y;
	if (s[4] != '-' || strlen(s) != 7 || s[5] < '0' || s[5] > '9' || s[6] < '0' || s[6] > '9')
		return -1;
	if ((s[5] - '0') * 10 + (s[6] - '0') != (y + 1) % 100)
		return -1;
	return y;
}
