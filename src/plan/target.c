#include "plan/target.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/store.h"

static struct kdate date_of(json_t *v)
{
	struct kdate d = {1970, 1, 1};
	date_parse(json_string_value(v), &d, NULL);
	return d;
}

void target_pace_of(json_t *target, struct kdate today, struct target_pace *tp)
{
	memset(tp, 0, sizeof *tp);
	tp->t.baseline_at = date_of(json_object_get(target, "baseline_at"));
	tp->t.due = date_of(json_object_get(target, "due"));
	tp->t.baseline = json_number_value(json_object_get(target, "baseline"));
	tp->t.target = json_number_value(json_object_get(target, "value"));
	const char *better = json_string_value(json_object_get(target, "better"));
	tp->t.higher_better = better && strcmp(better, "higher") == 0;
	json_t *obs = json_object_get(target, "observations");
	tp->obs = xcalloc(json_array_size(obs) + 1, sizeof *tp->obs);
	size_t i;
	json_t *o;
	json_array_foreach(obs, i, o)
	{
		if (json_is_true(json_object_get(o, "suppressed")) ||
		    !json_is_number(json_object_get(o, "value")))
			continue;
		tp->obs[tp->n++] = (struct pace_obs){date_of(json_object_get(o, "period")),
		                                     json_number_value(json_object_get(o, "value"))};
	}
	pace_assess(&tp->t, tp->obs, tp->n, today, &tp->r);
}

void target_pace_free(struct target_pace *tp)
{
	free(tp->obs);
	tp->obs = NULL;
}

static json_t *date_json(struct kdate d)
{
	char s[11];
	date_format(d, s);
	return json_string(s);
}

json_t *targets_review(struct store *s, const char *area, struct kdate today, struct kerr *e)
{
	json_t *targets = store_targets(s, area, e);
	if (!targets)
		return NULL;
	size_t i;
	json_t *t;
	json_array_foreach(targets, i, t)
	{
		struct target_pace tp;
		target_pace_of(t, today, &tp);
		const struct pace_result *r = &tp.r;
		bool any = r->used > 0;
		json_object_set_new(t, "pace",
		                    json_pack("{s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:b}", "status",
		                              pace_status_key(r->status), "words",
		                              pace_status_words(r->status), "why", r->why, "used",
		                              (json_int_t)r->used, "latest",
		                              any ? json_real(r->latest) : json_null(), "latest_at",
		                              any ? date_json(r->latest_at) : json_null(), "expected",
		                              any ? json_real(r->expected) : json_null(), "projected",
		                              any ? json_real(r->projected) : json_null(), "reach_at",
		                              r->reaches ? date_json(r->reach_at) : json_null(),
		                              "reaches_in_time", r->reaches_in_time));
		target_pace_free(&tp);
	}
	return targets;
}
