/* Spend lines: headings, checks and summaries (spend.h; docs/money.md "Spend"). */
#include "money/spend.h"

#include "base/date.h"
#include "money/money.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const spend_group_keys[SPEND_NGROUPS] = {"care", "associated", "family"};
const char *const spend_group_labels[SPEND_NGROUPS] = {
	"Running the care system",
	"Other costs that come with it",
	"Support for families",
};

const struct spend_heading spend_headings[SPEND_NHEADINGS] = {
	{"at_home", "Children looked after at home", SPEND_CARE},
	{"kinship_care", "Kinship care", SPEND_CARE},
	{"foster_care", "Foster care", SPEND_CARE},
	{"residential_care", "Residential care", SPEND_CARE},
	{"secure_care", "Secure care", SPEND_CARE},
	{"adoption", "Adoption", SPEND_CARE},
	{"social_work", "Social work with children and families", SPEND_CARE},
	{"childrens_hearings", "Children's hearings", SPEND_CARE},
	{"throughcare", "Throughcare (getting ready to leave care)", SPEND_CARE},
	{"aftercare", "Aftercare and continuing care", SPEND_CARE},
	{"care_other", "Other costs of the care system", SPEND_CARE},
	{"mental_health", "Mental health services", SPEND_ASSOCIATED},
	{"education_support", "Support in education", SPEND_ASSOCIATED},
	{"health", "Other health services", SPEND_ASSOCIATED},
	{"police", "Police", SPEND_ASSOCIATED},
	{"justice", "Justice: courts, youth justice and custody", SPEND_ASSOCIATED},
	{"housing", "Housing and homelessness", SPEND_ASSOCIATED},
	{"associated_other", "Other associated costs", SPEND_ASSOCIATED},
	{"universal_family_support", "Family support open to every family", SPEND_FAMILY},
	{"intensive_family_support", "Intensive family support", SPEND_FAMILY},
	{"whole_family_wellbeing_fund", "Whole Family Wellbeing Fund", SPEND_FAMILY},
	{"family_other", "Other family support", SPEND_FAMILY},
};

const char *const spend_level_keys[SPEND_NLEVELS] = {"families_places", "services", "national_system"};
const char *const spend_level_labels[SPEND_NLEVELS] = {"Families and places", "Services",
                                                       "National services and systems"};
const char *const spend_kind_keys[SPEND_NKINDS] = {"crisis_acute", "early_help_prevention"};
const char *const spend_kind_labels[SPEND_NKINDS] = {"Crisis and acute", "Early help and prevention"};

static int key_of(const char *const *keys, int n, const char *key)
{
	for (int i = 0; key && i < n; i++)
		if (strcmp(keys[i], key) == 0)
			return i;
	return -1;
}

int spend_heading_of(const char *key)
{
	for (int i = 0; key && i < SPEND_NHEADINGS; i++)
		if (strcmp(spend_headings[i].key, key) == 0)
			return i;
	return -1;
}

int spend_level_of(const char *key)
{
	return key_of(spend_level_keys, SPEND_NLEVELS, key);
}

int spend_kind_of(const char *key)
{
	return key_of(spend_kind_keys, SPEND_NKINDS, key);
}

/* ---------------------------------------------------------------- checks */

static bool given(const char *s)
{
	return s && *s;
}

static void err(json_t *errors, const char *field, const char *msg)
{
	if (!json_object_get(errors, field))
		json_object_set_new(errors, field, json_string(msg));
}

/* A whole number of digits only, 0 to max, into *out; false otherwise. */
static bool whole(const char *s, int64_t max, int64_t *out)
{
	if (!given(s) || strlen(s) > 15)
		return false;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

/* Whether s is "yes" or "no" (or not given: no); its value in *out. */
static bool yes_no(const char *s, bool *out)
{
	*out = false;
	if (!given(s) || strcmp(s, "no") == 0)
		return true;
	if (strcmp(s, "yes") == 0) {
		*out = true;
		return true;
	}
	return false;
}

/* Copies [b, e) trimmed of spaces into out (len bytes); false when it does not fit. */
static bool trimmed(const char *b, const char *e, char *out, size_t len)
{
	while (b < e && isspace((unsigned char)*b))
		b++;
	while (e > b && isspace((unsigned char)e[-1]))
		e--;
	if ((size_t)(e - b) >= len)
		return false;
	memcpy(out, b, (size_t)(e - b));
	out[e - b] = '\0';
	return true;
}

/* "partner=share; partner=share" into l's partners; a message into errors otherwise. */
static void partners_parse(const char *s, struct spend_line *l, json_t *errors)
{
	l->npartners = 0;
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, ";");
		const char *end = p + n, *eq = memchr(p, '=', n);
		char name[201], share[32];
		int64_t v;
		bool blank = true;
		for (const char *q = p; q < end; q++)
			blank &= isspace((unsigned char)*q) != 0;
		if (blank) {
			/* a ';' at the end, or two together: nothing between */
		} else if (l->npartners == SPEND_MAX_PARTNERS) {
			err(errors, "pooled_with", "Name at most 8 partners.");
			return;
		} else if (!eq || !trimmed(p, eq, name, sizeof name) || !*name) {
			err(errors, "pooled_with", "Write each partner as its name and its share in percent, for example "
			                           "\"nhs-fife=40; Fife Health and Social Care Partnership=20\".");
			return;
		} else if (!trimmed(eq + 1, end, share, sizeof share) || !whole(share, 99, &v) || v < 1) {
			err(errors, "pooled_with", "Give each partner's share as a whole number of percent from 1 to 99.");
			return;
		} else {
			for (size_t i = 0; i < l->npartners; i++)
				if (strcmp(l->partners[i].name, name) == 0) {
					err(errors, "pooled_with", "Name each partner once.");
					return;
				}
			struct spend_partner *pt = &l->partners[l->npartners++];
			snprintf(pt->name, sizeof pt->name, "%s", name);
			pt->share = (int)v;
		}
		p = *end ? end + 1 : end;
	}
}

int spend_check(const struct spend_form *f, struct spend_line *out, json_t *errors)
{
	struct spend_line l = {0};
	/* area: the domain checks that a council area's code is one of the 32 */
	if (!given(f->area))
		err(errors, "area", "Choose the council area, or Scotland.");
	else if (strlen(f->area) != 9 || f->area[0] != 'S' || strspn(f->area + 1, "0123456789") != 8)
		err(errors, "area", "Give a council area's code (like S12000005) or Scotland's (S92000003).");
	else
		snprintf(l.area, sizeof l.area, "%s", f->area);
	if (!given(f->year))
		err(errors, "year", "Give the financial year, for example 2024-25.");
	else if ((l.year = money_fy_parse(f->year)) < 1990 || l.year > 2100)
		err(errors, "year", "Give the financial year as 2024-25 (or its first year, 2024), from 1990-91 to "
		                    "2100-01.");
	if (!given(f->organisation))
		err(errors, "organisation", "Say which organisation pays.");
	else if (strlen(f->organisation) >= sizeof l.organisation)
		err(errors, "organisation", "Choose one of the organisations listed.");
	else
		snprintf(l.organisation, sizeof l.organisation, "%s", f->organisation);
	l.heading = spend_heading_of(f->heading);
	if (l.heading < 0)
		err(errors, "heading", given(f->heading) ? "Choose one of the headings listed." : "Choose a heading.");
	l.level = spend_level_of(f->level);
	if (l.level < 0)
		err(errors, "level", "Choose the level: families_places, services or national_system.");
	l.kind = spend_kind_of(f->kind);
	if (l.kind < 0)
		err(errors, "kind", "Choose crisis_acute or early_help_prevention.");
	if (!yes_no(f->pooled, &l.pooled))
		err(errors, "pooled", "Write yes or no.");
	int64_t v = 0;
	l.share = 100;
	if (l.pooled) {
		if (!given(f->share) || !whole(f->share, 99, &v) || v < 1)
			err(errors, "share", "Give the payer's own share of the pooled budget as a whole number of percent "
			                     "from 1 to 99.");
		else
			l.share = (int)v;
		if (!given(f->pooled_with))
			err(errors, "pooled_with", "Say who the budget is pooled with, and their shares.");
		else
			partners_parse(f->pooled_with, &l, errors);
		if (!json_object_get(errors, "share") && !json_object_get(errors, "pooled_with")) {
			int sum = l.share;
			for (size_t i = 0; i < l.npartners; i++) {
				sum += l.partners[i].share;
				if (strcmp(l.partners[i].name, l.organisation) == 0)
					err(errors, "pooled_with", "The payer cannot be its own partner: its share is the share.");
			}
			if (l.npartners == 0)
				err(errors, "pooled_with", "Say who the budget is pooled with, and their shares.");
			else if (sum != 100) {
				char m[200];
				snprintf(m, sizeof m, "The shares add up to %d%%: the payer's and the partners' must add up to "
				                      "100%%.", sum);
				err(errors, "pooled_with", m);
			}
		}
	} else {
		if (given(f->share))
			err(errors, "share", "A share is given only when the budget is pooled.");
		if (given(f->pooled_with))
			err(errors, "pooled_with", "Partners are named only when the budget is pooled.");
	}
	if (!given(f->amount))
		err(errors, "amount", "Give the amount in whole pounds, for example 1250000.");
	else if (!whole(f->amount, SPEND_MAX_AMOUNT, &l.amount) || l.amount < 1)
		err(errors, "amount", "Give the amount in whole pounds as digits only (no £ or commas), from 1 to "
		                      "100000000000.");
	if (!given(f->source))
		err(errors, "source", "Say where the figure comes from: a published document, a budget, or who gave it.");
	else if (strlen(f->source) >= sizeof l.source)
		err(errors, "source", "Keep it under 1,000 characters.");
	else
		snprintf(l.source, sizeof l.source, "%s", f->source);
	bool month_only;
	if (given(f->source_date) && !date_source_valid(f->source_date, &month_only))
		err(errors, "source_date", "Give the source's date as YYYY-MM-DD, or YYYY-MM when only its month is known.");
	else if (given(f->source_date))
		snprintf(l.source_date, sizeof l.source_date, "%s", f->source_date);
	if (!yes_no(f->made_up, &l.made_up))
		err(errors, "made_up", "Write yes or no.");
	if (out)
		*out = l;
	return (int)json_object_size(errors);
}

void spend_partners_words(const struct spend_line *l, char *out, size_t len)
{
	size_t at = 0;
	out[0] = '\0';
	for (size_t i = 0; i < l->npartners && at < len; i++) {
		int n = snprintf(out + at, len - at, "%s%s=%d", i ? "; " : "", l->partners[i].name, l->partners[i].share);
		if (n < 0)
			break;
		at += (size_t)n;
	}
}

bool spend_line_same(const struct spend_line *a, const struct spend_line *b)
{
	if (strcmp(a->area, b->area) || a->year != b->year || strcmp(a->organisation, b->organisation) ||
	    a->heading != b->heading || a->level != b->level || a->kind != b->kind || a->pooled != b->pooled ||
	    a->share != b->share || a->npartners != b->npartners || a->amount != b->amount ||
	    strcmp(a->source, b->source) || strcmp(a->source_date, b->source_date) || a->made_up != b->made_up)
		return false;
	for (size_t i = 0; i < a->npartners; i++)
		if (strcmp(a->partners[i].name, b->partners[i].name) || a->partners[i].share != b->partners[i].share)
			return false;
	return true;
}

/* ---------------------------------------------------------------- summaries */

size_t spend_summarise(const struct spend_line *lines, size_t n, const char *area, struct spend_summary *out,
                       size_t max)
{
	bool scotland = strcmp(area, SPEND_SCOTLAND) == 0;
	/* the years present, in order: at most 2100 - 1990 + 1 of them */
	enum { FIRST = 1990, NYEARS = 2100 - 1990 + 1 };
	static const struct spend_summary zero;
	size_t years = 0;
	bool seen[NYEARS] = {0};
	for (size_t i = 0; i < n; i++)
		if ((scotland || strcmp(lines[i].area, area) == 0) && lines[i].year >= FIRST &&
		    lines[i].year < FIRST + NYEARS)
			seen[lines[i].year - FIRST] = true;
	for (int y = 0; y < NYEARS; y++) {
		if (!seen[y])
			continue;
		if (years < max) {
			struct spend_summary *s = &out[years];
			*s = zero;
			s->year = FIRST + y;
			for (size_t i = 0; i < n; i++) {
				const struct spend_line *l = &lines[i];
				if (l->year != s->year || !(scotland || strcmp(l->area, area) == 0))
					continue;
				s->lines++;
				s->made_up += l->made_up;
				s->total += l->amount;
				s->by_heading[l->heading] += l->amount;
				s->by_group[spend_headings[l->heading].group] += l->amount;
				s->by_level[l->level] += l->amount;
				s->by_kind[l->kind] += l->amount;
				if (l->pooled)
					s->pooled += l->amount;
			}
		}
		years++;
	}
	return years;
}

int64_t spend_tenths(int64_t part, int64_t whole)
{
	if (whole <= 0)
		return -1;
	/* amounts are below 2^47 (£100 billion a line, and few lines), so part × 2000 fits */
	return (part * 2000 + whole) / (2 * whole);
}

int64_t spend_change_tenths(int64_t before, int64_t now)
{
	if (before <= 0)
		return INT64_MIN;
	int64_t d = now - before, a = d < 0 ? -d : d;
	int64_t t = (a * 2000 + before) / (2 * before);
	return d < 0 ? -t : t;
}

int64_t spend_per_child(int64_t total, int64_t children)
{
	if (children <= 0)
		return -1;
	return (total * 2 + children) / (2 * children);
}

int spend_census_year(int fy)
{
	return fy;
}

void spend_pounds(int64_t pounds, char out[32])
{
	char digits[24];
	bool neg = pounds < 0;
	snprintf(digits, sizeof digits, "%" PRId64, neg ? -pounds : pounds);
	size_t n = strlen(digits), o = 0;
	if (neg)
		out[o++] = '-';
	out[o++] = '\xc2';
	out[o++] = '\xa3';
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

void spend_percent(int64_t tenths, char out[32])
{
	if (tenths < 0)
		snprintf(out, 32, "not available");
	else
		snprintf(out, 32, "%" PRId64 ".%" PRId64 "%%", tenths / 10, tenths % 10);
}
