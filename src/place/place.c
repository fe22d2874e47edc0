/* Where children live: the shared tables (place.h; docs/places.md "Age bands, sectors,
 * service types and needs"). */
#include "place/place.h"

#include <stdio.h>
#include <string.h>

const char *const place_sector_keys[PS_NSECTORS] = {"council", "third", "private"};
const char *const place_sector_labels[PS_NSECTORS] = {"council", "third sector or charity", "private"};

const char *const place_type_keys[PT_NTYPES] = {
    "fostering", "adoption", "residential_house", "residential_school", "secure", "short_breaks", "supported_lodgings",
};
const char *const place_type_labels[PT_NTYPES] = {
    "fostering service",
    "adoption service",
    "residential children's house",
    "residential school",
    "secure accommodation",
    "short breaks",
    "supported lodgings or supported living",
};

const char *const place_need_keys[PN_NNEEDS] = {
    "disability", "learning", "health", "emotional", "mental_health", "exploitation", "unaccompanied", "parent_and_child",
};
const char *const place_need_labels[PN_NNEEDS] = {
    "a physical or sensory disability",
    "a learning disability",
    "complex health needs",
    "emotional and behavioural support",
    "mental health support",
    "at risk of exploitation",
    "an unaccompanied asylum-seeking child",
    "a young parent with their baby",
};

const char *const place_status_keys[PSS_NSTATUS] = {"active", "proposed", "cancelled"};
const char *const place_urgency_keys[PU_NURGENCY] = {"today", "week", "month"};

static int key_of(const char *const *keys, int n, const char *key)
{
	for (int i = 0; key && i < n; i++)
		if (strcmp(key, keys[i]) == 0)
			return i;
	return -1;
}

int place_sector_of(const char *key) { return key_of(place_sector_keys, PS_NSECTORS, key); }
int place_type_of(const char *key) { return key_of(place_type_keys, PT_NTYPES, key); }
int place_need_of(const char *key) { return key_of(place_need_keys, PN_NNEEDS, key); }

/* The service type of each of the records' placement types (their order:
 * records_placement_type_codes), or -1. */
static const int type_for_money[MONEY_NTYPES] = {
    -1,                    /* home_parents */
    -1,                    /* kinship */
    PT_FOSTERING,          /* foster_council */
    PT_FOSTERING,          /* foster_purchased */
    PT_ADOPTION,           /* prospective_adopters */
    PT_SUPPORTED_LODGINGS, /* other_community */
    PT_RESIDENTIAL_HOUSE,  /* residential_council_home */
    PT_RESIDENTIAL_HOUSE,  /* residential_voluntary_home */
    PT_RESIDENTIAL_SCHOOL, /* residential_school */
    PT_SECURE,             /* secure */
    -1,                    /* crisis_care */
    -1,                    /* young_offender_institution */
    PT_RESIDENTIAL_HOUSE,  /* residential_other */
};

int place_type_for_money_type(int money_type)
{
	return money_type >= 0 && money_type < MONEY_NTYPES ? type_for_money[money_type] : -1;
}

bool place_type_covers(int t, int money_type) { return t >= 0 && place_type_for_money_type(money_type) == t; }

/* The youngest and oldest whole years of each band. */
static const int band_lo[MB_NBANDS] = {0, 1, 5, 10, 16};
static const int band_hi[MB_NBANDS] = {0, 4, 9, 15, 17};

void place_bands_within(int from, int to, int *lo, int *hi)
{
	*lo = MB_NBANDS;
	*hi = -1;
	for (int b = 0; b < MB_NBANDS; b++)
		if (band_lo[b] >= from && band_hi[b] <= to) {
			if (b < *lo)
				*lo = b;
			*hi = b;
		}
}

int place_needs_parse(const char *s, uint32_t *mask, struct kerr *e)
{
	*mask = 0;
	const char *p = s ? s : "";
	while (*p) {
		const char *end = strchr(p, ';');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char key[32];
		if (n == 0 || n >= sizeof key)
			return kerr_set(e, KERR_INVALID, "'%.*s' is not a need (the needs are keys separated by ';': %s, %s, %s, %s, %s, %s, %s, %s)",
			                (int)(n < 40 ? n : 40), p, place_need_keys[0], place_need_keys[1], place_need_keys[2],
			                place_need_keys[3], place_need_keys[4], place_need_keys[5], place_need_keys[6],
			                place_need_keys[7]);
		memcpy(key, p, n);
		key[n] = '\0';
		int k = place_need_of(key);
		if (k < 0)
			return kerr_set(e, KERR_INVALID, "'%s' is not a need (the needs are %s, %s, %s, %s, %s, %s, %s, %s)", key,
			                place_need_keys[0], place_need_keys[1], place_need_keys[2], place_need_keys[3],
			                place_need_keys[4], place_need_keys[5], place_need_keys[6], place_need_keys[7]);
		*mask |= 1u << k;
		p += n;
		if (*p == ';')
			p++;
	}
	return 0;
}
