/* libFuzzer target for the checks of a spend line (src/money/spend.c), which take text
 * as people, files and programs give it: the partners of a pooled budget
 * ("partner=share; ..."), amounts, years, dates.
 *
 * The input is split at newlines into the thirteen fields of a spend_form. These must
 * hold (abort() otherwise):
 *   - spend_check returns how many fields its errors object holds, each message a
 *     non-empty string on a field of the form;
 *   - a line it accepts is whole: a known heading, level and kind; a year from 1990 to
 *     2100; an amount from 1 to SPEND_MAX_AMOUNT; not pooled with share 100 and no
 *     partners, or pooled with shares from 1 to 99 that with the payer's add up to 100,
 *     each partner named once, none the payer; its partners written back
 *     (spend_partners_words) and checked again give the same line. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "money/spend.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "fuzz_spend: %s\n", what);
	abort();
}

#define NFIELDS 13
static const char *const names[NFIELDS] = {"area",   "year",        "organisation", "heading", "level",
                                           "kind",   "pooled",      "share",        "pooled_with", "amount",
                                           "source", "source_date", "made_up"};

static int check(const char *const *v, struct spend_line *l)
{
	struct spend_form f = {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12]};
	json_t *errors = json_object();
	int n = spend_check(&f, l, errors);
	if (n != (int)json_object_size(errors))
		die("the count is not the number of fields in errors");
	const char *key;
	json_t *m;
	json_object_foreach(errors, key, m)
	{
		bool known = false;
		for (int i = 0; i < NFIELDS; i++)
			known |= strcmp(names[i], key) == 0;
		if (!known || !json_is_string(m) || !*json_string_value(m))
			die("a message on an unknown field, or empty");
	}
	json_decref(errors);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 8192)
		return 0;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	const char *v[NFIELDS] = {0};
	char *p = text;
	for (int i = 0; i < NFIELDS && p; i++) {
		v[i] = p;
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		p = nl ? nl + 1 : NULL;
	}
	struct spend_line l;
	if (check(v, &l) == 0) {
		if (l.heading < 0 || l.heading >= SPEND_NHEADINGS || l.level < 0 || l.level >= SPEND_NLEVELS ||
		    l.kind < 0 || l.kind >= SPEND_NKINDS)
			die("an accepted line with no heading, level or kind");
		if (l.year < 1990 || l.year > 2100 || l.amount < 1 || l.amount > SPEND_MAX_AMOUNT)
			die("an accepted year or amount out of range");
		int sum = l.share;
		for (size_t i = 0; i < l.npartners; i++) {
			if (l.partners[i].share < 1 || l.partners[i].share > 99 || !l.partners[i].name[0] ||
			    strcmp(l.partners[i].name, l.organisation) == 0)
				die("an accepted partner that is not one");
			for (size_t k = 0; k < i; k++)
				if (strcmp(l.partners[i].name, l.partners[k].name) == 0)
					die("a partner named twice");
			sum += l.partners[i].share;
		}
		if (l.pooled ? (sum != 100 || l.npartners == 0 || l.share < 1 || l.share > 99)
		             : (l.share != 100 || l.npartners != 0))
			die("accepted shares that do not add up");
		if (l.pooled) {
			char words[2048];
			spend_partners_words(&l, words, sizeof words);
			const char *w[NFIELDS];
			memcpy(w, v, sizeof w);
			w[8] = words;
			struct spend_line again;
			if (check(w, &again) != 0 || !spend_line_same(&l, &again))
				die("partners written back do not read the same");
		}
	}
	free(text);
	return 0;
}
