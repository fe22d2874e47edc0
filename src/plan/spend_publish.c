/* The Board's indicator of spend published as oversight figures (docs/money.md
 * "Spend", "The Board's indicator"): the share worked out by src/money/spend_indicator.c
 * from every stored line, written as Scotland's figure of each financial year that has
 * ended, like any figure (audited, the same figure again writing nothing). */
#include "plan/spend.h"

#include <stdio.h>
#include <stdlib.h>

#include "plan/target.h"

int spend_publish(struct store *s, const char *actor, struct kdate today, struct spend_published *out,
                  struct kerr *e)
{
	*out = (struct spend_published){0};
	struct spend_line *lines = NULL;
	size_t n = 0;
	if (spend_lines_load(s, &lines, &n, e) < 0)
		return -1;
	struct spend_indicator years[111];
	size_t ny = spend_indicator_years(lines, n, years, sizeof years / sizeof years[0]);
	free(lines);
	if (store_begin(s, e) < 0)
		return -1;
	static const char source_words[] = "spend lines entered in keep";
	bool ok = store_measure_indicator(s, SPEND_INDICATOR, SPEND_INDICATOR_TITLE, "%", source_words, false,
	                                  &out->indicator_added, e) == 0;
	if (ok && out->indicator_added) {
		json_t *after = json_pack("{s:s, s:s, s:s}", "title", SPEND_INDICATOR_TITLE, "unit", "%",
		                          "source", source_words);
		ok = store_audit_add(s, actor, "indicator", SPEND_INDICATOR, "create", NULL, after, e) == 0;
		json_decref(after);
	}
	for (size_t i = 0; ok && i < ny && i < sizeof years / sizeof years[0]; i++) {
		const struct spend_indicator *v = &years[i];
		/* A year is published once it has ended: its last day, 31 March, before today. */
		struct kdate last = {v->year + 1, 3, 31};
		if (date_cmp(last, today) >= 0)
			continue;
		char period[11], value[32], source[200];
		date_format(last, period);
		snprintf(value, sizeof value, "%lld.%lld", (long long)(v->tenths / 10),
		         (long long)(v->tenths % 10));
		snprintf(source, sizeof source, "spend lines entered in keep for %d-%02d%s", v->year,
		         (v->year + 1) % 100,
		         v->made_up ? " (includes lines made up for the demonstration)" : "");
		struct observation_form f = {SPEND_INDICATOR, SPEND_SCOTLAND, period, value, "no", source};
		enum observation_outcome outcome;
		ok = observation_put(s, actor, &f, true, &outcome, NULL, e) == 0;
		out->years++;
		out->added += outcome == OBSERVATION_ADDED;
		out->replaced += outcome == OBSERVATION_REPLACED;
	}
	return store_end(s, ok, e);
}
