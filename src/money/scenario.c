/* A scenario's checks, its file format and its words (money.h "a scenario as keep keeps
 * it"; docs/money.md "Scenarios"). Pure: no store, no HTML. */
#include "money/money.h"

#include "base/date.h"
#include "base/json.h"
#include "base/jsonpos.h"
#include "base/text.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

const char *const money_effect_kind_keys[3] = {"entries", "leaving", "move"};

int money_effect_kind_of(const char *key)
{
	for (int k = 0; k < 3; k++)
		if (key && strcmp(key, money_effect_kind_keys[k]) == 0)
			return k;
	return -1;
}

/* The largest change an effect may name, and the longest delay or ramp. */
#define MAX_PCT 1000.0
#define MAX_MONTHS 600
/* The most pounds a year one investment may name (a trillion: far above any budget). */
#define MAX_POUNDS 1e12

/* ---------------------------------------------------------------- problems */

static void problem(json_t *problems, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void problem(json_t *problems, const char *path, const char *fmt, ...)
{
	if (json_object_get(problems, path))
		return;
	char m[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m, sizeof m, fmt, ap);
	va_end(ap);
	json_object_set_new(problems, path, json_text(m, strlen(m)));
}

static const char *item_path(char out[96], const char *list, size_t i, const char *key)
{
	snprintf(out, 96, "%s[%zu].%s", list, i, key);
	return out;
}

/* ---------------------------------------------------------------- checks */

static bool gss_code(const char *s)
{
	if (strlen(s) != 9 || s[0] != 'S')
		return false;
	for (int i = 1; i < 9; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static void check_pct(json_t *problems, size_t i, const char *key, double v)
{
	char p[96];
	item_path(p, "effects", i, key);
	if (!isfinite(v))
		problem(problems, p, "effect %zu: give the change as a number of per cent, for example -10",
		        i + 1);
	else if (v < -100)
		problem(problems, p,
		        "effect %zu: a change of %g%% is impossible: a rate cannot fall by more than 100%% "
		        "(-100 means none at all)",
		        i + 1, v);
	else if (v > MAX_PCT)
		problem(problems, p, "effect %zu: a change of %g%% is more than keep takes (at most %g%%)",
		        i + 1, v, MAX_PCT);
}

static void check_effect(json_t *problems, size_t i, const struct money_effect *ef)
{
	char p[96];
	if (ef->kind != ME_ENTRIES && ef->kind != ME_LEAVING && ef->kind != ME_MOVE) {
		problem(problems, item_path(p, "effects", i, "kind"),
		        "effect %zu: the kind must be entries, leaving or move", i + 1);
		return;
	}
	bool move = ef->kind == ME_MOVE;
	const char *from_key = move ? "from_type" : "type";
	if (move ? (ef->from_type < 0 || ef->from_type >= MONEY_NTYPES)
	         : (ef->from_type < -1 || ef->from_type >= MONEY_NTYPES))
		problem(
		    problems, item_path(p, "effects", i, from_key),
		    move ? "effect %zu: a move needs the placement type children move from (one of the care "
		           "records' types, for example residential_council_home)"
		         : "effect %zu: no such placement type (give one of the care records' types, or none "
		           "for all)",
		    i + 1);
	if (move && (ef->to_type < 0 || ef->to_type >= MONEY_NTYPES))
		problem(
		    problems, item_path(p, "effects", i, "to_type"),
		    "effect %zu: a move needs the placement type children move to (one of the care records' "
		    "types, for example foster_council)",
		    i + 1);
	else if (move && ef->to_type == ef->from_type)
		problem(problems, item_path(p, "effects", i, "to_type"),
		        "effect %zu: a move must be to another placement type than the one it is from",
		        i + 1);
	if (ef->band < -1 || ef->band >= MB_NBANDS)
		problem(problems, item_path(p, "effects", i, "band"),
		        "effect %zu: no such age band (under_1, 1_4, 5_9, 10_15 or 16_17, or none for all)",
		        i + 1);
	check_pct(problems, i, "low_pct", ef->low_pct);
	check_pct(problems, i, "high_pct", ef->high_pct);
	if (isfinite(ef->low_pct) && isfinite(ef->high_pct) && ef->low_pct > ef->high_pct)
		problem(problems, item_path(p, "effects", i, "high_pct"),
		        "effect %zu: the low end of the range (%g%%) is above its high end (%g%%)", i + 1,
		        ef->low_pct, ef->high_pct);
	if (ef->starts_after_months < 0 || ef->starts_after_months > MAX_MONTHS)
		problem(problems, item_path(p, "effects", i, "starts_after_months"),
		        "effect %zu: the months before it starts must be 0 to %d", i + 1, MAX_MONTHS);
	if (ef->ramp_months < 0 || ef->ramp_months > MAX_MONTHS)
		problem(problems, item_path(p, "effects", i, "ramp_months"),
		        "effect %zu: the months it takes to reach its full size must be 0 to %d", i + 1,
		        MAX_MONTHS);
}

static void check_investment(json_t *problems, size_t i, const struct money_investment *in)
{
	char p[96];
	if (!in->what[0])
		problem(problems, item_path(p, "investments", i, "what"),
		        "investment %zu: say what the money is for", i + 1);
	if (!isfinite(in->per_year) || in->per_year < 0)
		problem(problems, item_path(p, "investments", i, "per_year"),
		        "investment %zu: the pounds a year must be 0 or more", i + 1);
	else if (in->per_year > MAX_POUNDS)
		problem(problems, item_path(p, "investments", i, "per_year"),
		        "investment %zu: the pounds a year must be under a trillion", i + 1);
	if (in->ends != RECORDS_OPEN && in->ends < in->starts)
		problem(problems, item_path(p, "investments", i, "to"),
		        "investment %zu: it ends before it starts", i + 1);
	if (in->pooled && !in->pooled_with[0])
		problem(problems, item_path(p, "investments", i, "pooled_with"),
		        "investment %zu: a pooled budget is pooled with someone: say with whom", i + 1);
}

int money_scenario_check(const struct money_scenario *sc, const struct money_scenario_about *about,
                         json_t *problems)
{
	size_t before = json_object_size(problems);
	if (about) {
		if (!about->slug[0])
			problem(problems, "slug",
			        "give the scenario a short name for its address, for example "
			        "whole-family-wellbeing-fund");
		else if (!slug_valid(about->slug))
			problem(problems, "slug",
			        "the short name may hold only small letters, digits and hyphens");
		if (!gss_code(about->area))
			problem(problems, "area", "the area must be Scotland (%s) or a council area's code",
			        MONEY_SCOTLAND);
		if (about->owner[0] && !slug_valid(about->owner))
			problem(problems, "owner", "no such organisation");
	}
	if (sc) {
		if (!sc->name[0])
			problem(problems, "name", "give the scenario a name");
		if (sc->ninvestments > MONEY_MAX_INVESTMENTS)
			problem(problems, "investments", "at most %d investments", MONEY_MAX_INVESTMENTS);
		if (sc->neffects > MONEY_MAX_EFFECTS)
			problem(problems, "effects", "at most %d effects", MONEY_MAX_EFFECTS);
		for (size_t i = 0; i < sc->ninvestments && i < MONEY_MAX_INVESTMENTS; i++)
			check_investment(problems, i, &sc->investments[i]);
		for (size_t i = 0; i < sc->neffects && i < MONEY_MAX_EFFECTS; i++)
			check_effect(problems, i, &sc->effects[i]);
	}
	return (int)(json_object_size(problems) - before);
}

/* ---------------------------------------------------------------- from JSON */

/* A string member into out (size n): true when it was a string that fits (or missing
 * and optional, or null and optional). */
static bool get_text(json_t *o, const char *key, const char *path, char *out, size_t n, bool required,
                     json_t *problems)
{
	out[0] = '\0';
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v)) {
		if (required)
			problem(problems, path, "'%s' is missing", key);
		return !required;
	}
	if (!json_is_string(v)) {
		problem(problems, path, "'%s' must be a string", key);
		return false;
	}
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	if (len >= n) {
		problem(problems, path, "'%s' is too long: keep it under %zu characters", key, n);
		return false;
	}
	if (strlen(s) != len) {
		problem(problems, path, "'%s' holds a NUL character", key);
		return false;
	}
	memcpy(out, s, len + 1);
	return true;
}

static bool get_number(json_t *o, const char *key, const char *path, double *out, json_t *problems)
{
	json_t *v = json_object_get(o, key);
	if (!v || !json_is_number(v)) {
		problem(problems, path, v ? "'%s' must be a number" : "'%s' is missing", key);
		return false;
	}
	*out = json_number_value(v) + 0.0; /* -0 is 0 */
	return true;
}

static bool get_months(json_t *o, const char *key, const char *path, int *out, json_t *problems)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v)) {
		*out = 0;
		return true;
	}
	if (!json_is_integer(v)) {
		problem(problems, path, "'%s' must be a whole number of months", key);
		return false;
	}
	json_int_t m = json_integer_value(v);
	*out = m < -1 ? -1 : m > MAX_MONTHS + 1 ? MAX_MONTHS + 1 : (int)m;
	return true;
}

static bool get_date(json_t *o, const char *key, const char *path, int32_t *out, bool required,
                     json_t *problems)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v)) {
		if (required)
			problem(problems, path, "'%s' is missing: give the date as YYYY-MM-DD", key);
		*out = RECORDS_OPEN;
		return !required;
	}
	struct kdate d;
	if (!json_is_string(v) || date_parse(json_string_value(v), &d, NULL) < 0) {
		problem(problems, path, "'%s' must be a real date as YYYY-MM-DD, for example 2022-04-01",
		        key);
		return false;
	}
	*out = (int32_t)date_days(d);
	return true;
}

/* Adds a problem for each key of o not in keys (NULL-terminated). */
static void unknown_keys(json_t *o, const char *base, const char *whose, const char *const *keys,
                         json_t *problems)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v)
	{
		bool known = false;
		for (const char *const *x = keys; *x; x++)
			if (strcmp(*x, k) == 0)
				known = true;
		if (known)
			continue;
		struct buf p = {0};
		buf_puts(&p, base);
		jsonpos_path_key(&p, k, strlen(k));
		struct buf m = {0};
		buf_printf(&m, "unknown key '%.60s': %s keys are ", k, whose);
		for (const char *const *x = keys; *x; x++)
			buf_printf(&m, "%s%s", x == keys ? "" : ", ", *x);
		problem(problems, buf_str(&p), "%s", buf_str(&m));
		buf_free(&p);
		buf_free(&m);
	}
}

static int type_key(json_t *o, const char *key, const char *path, int *out, bool required, json_t *problems)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v)) {
		*out = -1;
		if (required)
			problem(problems, path,
			        "'%s' is missing: give a placement type, for example foster_council", key);
		return 0;
	}
	if (!json_is_string(v) || (*out = money_type_of(json_string_value(v))) < 0) {
		problem(problems, path,
		        "'%s': no such placement type (the care records' types: home_parents, kinship, "
		        "foster_council, ...)",
		        key);
		return -1;
	}
	return 0;
}

static const char *const top_keys[] = {"slug",    "name",        "area",    "owner", "description",
                                       "made_up", "investments", "effects", NULL};
static const char *const investment_keys[] = {"what",  "per_year", "from",        "to",
                                              "payer", "pooled",   "pooled_with", NULL};
static const char *const effect_keys[] = {"kind",    "type",     "from_type",           "to_type",     "band",
                                          "low_pct", "high_pct", "starts_after_months", "ramp_months", NULL};

static void read_investment(json_t *o, size_t i, struct money_investment *in, json_t *problems)
{
	char base[48], p[96];
	snprintf(base, sizeof base, "investments[%zu]", i);
	if (!json_is_object(o)) {
		problem(problems, base,
		        "investment %zu must be an object {\"what\", \"per_year\", \"from\", ...}", i + 1);
		return;
	}
	unknown_keys(o, base, "an investment's", investment_keys, problems);
	get_text(o, "what", item_path(p, "investments", i, "what"), in->what, sizeof in->what, true,
	         problems);
	get_number(o, "per_year", item_path(p, "investments", i, "per_year"), &in->per_year, problems);
	get_date(o, "from", item_path(p, "investments", i, "from"), &in->starts, true, problems);
	get_date(o, "to", item_path(p, "investments", i, "to"), &in->ends, false, problems);
	get_text(o, "payer", item_path(p, "investments", i, "payer"), in->payer, sizeof in->payer, false,
	         problems);
	json_t *pooled = json_object_get(o, "pooled");
	if (pooled && !json_is_boolean(pooled) && !json_is_null(pooled))
		problem(problems, item_path(p, "investments", i, "pooled"), "'pooled' must be true or false");
	in->pooled = json_is_true(pooled);
	get_text(o, "pooled_with", item_path(p, "investments", i, "pooled_with"), in->pooled_with,
	         sizeof in->pooled_with, false, problems);
}

static void read_effect(json_t *o, size_t i, struct money_effect *ef, json_t *problems)
{
	char base[48], p[96];
	snprintf(base, sizeof base, "effects[%zu]", i);
	ef->from_type = ef->to_type = ef->band = -1;
	if (!json_is_object(o)) {
		problem(problems, base,
		        "effect %zu must be an object {\"kind\", \"low_pct\", \"high_pct\", ...}", i + 1);
		return;
	}
	unknown_keys(o, base, "an effect's", effect_keys, problems);
	json_t *k = json_object_get(o, "kind");
	int kind = money_effect_kind_of(json_string_value(k));
	if (kind < 0) {
		problem(problems, item_path(p, "effects", i, "kind"),
		        "effect %zu: 'kind' must be \"entries\", \"leaving\" or \"move\"", i + 1);
		return;
	}
	ef->kind = (enum money_effect_kind)kind;
	if (ef->kind == ME_MOVE) {
		if (json_object_get(o, "type"))
			problem(problems, item_path(p, "effects", i, "type"),
			        "effect %zu: a move names 'from_type' and 'to_type', not 'type'", i + 1);
		type_key(o, "from_type", item_path(p, "effects", i, "from_type"), &ef->from_type, true,
		         problems);
		type_key(o, "to_type", item_path(p, "effects", i, "to_type"), &ef->to_type, true, problems);
	} else {
		if (json_object_get(o, "from_type") || json_object_get(o, "to_type"))
			problem(problems,
			        item_path(p, "effects", i,
			                  json_object_get(o, "from_type") ? "from_type" : "to_type"),
			        "effect %zu: only a move names 'from_type' and 'to_type'; use 'type' to "
			        "limit it to one "
			        "placement type",
			        i + 1);
		type_key(o, "type", item_path(p, "effects", i, "type"), &ef->from_type, false, problems);
	}
	json_t *b = json_object_get(o, "band");
	if (b && !json_is_null(b)) {
		ef->band = -2;
		for (int x = 0; x < MB_NBANDS; x++)
			if (json_is_string(b) && strcmp(json_string_value(b), money_band_keys[x]) == 0)
				ef->band = x;
	}
	get_number(o, "low_pct", item_path(p, "effects", i, "low_pct"), &ef->low_pct, problems);
	get_number(o, "high_pct", item_path(p, "effects", i, "high_pct"), &ef->high_pct, problems);
	get_months(o, "starts_after_months", item_path(p, "effects", i, "starts_after_months"),
	           &ef->starts_after_months, problems);
	get_months(o, "ramp_months", item_path(p, "effects", i, "ramp_months"), &ef->ramp_months, problems);
}

int money_scenario_from_json(json_t *v, struct money_scenario *sc, struct money_scenario_about *about,
                             json_t *problems)
{
	memset(sc, 0, sizeof *sc);
	memset(about, 0, sizeof *about);
	size_t before = json_object_size(problems);
	if (!json_is_object(v)) {
		problem(problems, "",
		        "a scenario is an object {\"slug\", \"name\", \"area\", \"investments\", "
		        "\"effects\", ...}");
		return 1;
	}
	unknown_keys(v, "", "a scenario's", top_keys, problems);
	get_text(v, "slug", "slug", about->slug, sizeof about->slug, true, problems);
	get_text(v, "name", "name", sc->name, sizeof sc->name, true, problems);
	get_text(v, "area", "area", about->area, sizeof about->area, false, problems);
	if (!json_object_get(v, "area") || json_is_null(json_object_get(v, "area")))
		snprintf(about->area, sizeof about->area, "%s", MONEY_SCOTLAND);
	get_text(v, "owner", "owner", about->owner, sizeof about->owner, false, problems);
	get_text(v, "description", "description", about->description, sizeof about->description, false,
	         problems);
	json_t *mu = json_object_get(v, "made_up");
	if (mu && !json_is_boolean(mu))
		problem(problems, "made_up", "'made_up' must be true or false");
	about->made_up = json_is_true(mu);
	json_t *list = json_object_get(v, "investments");
	if (list && !json_is_array(list))
		problem(problems, "investments", "'investments' must be a list [...] of investments");
	if (json_array_size(list) > MONEY_MAX_INVESTMENTS)
		problem(problems, "investments", "too many investments: at most %d", MONEY_MAX_INVESTMENTS);
	for (size_t i = 0; i < json_array_size(list) && i < MONEY_MAX_INVESTMENTS; i++)
		read_investment(json_array_get(list, i), i, &sc->investments[sc->ninvestments++], problems);
	list = json_object_get(v, "effects");
	if (list && !json_is_array(list))
		problem(problems, "effects", "'effects' must be a list [...] of effects");
	if (json_array_size(list) > MONEY_MAX_EFFECTS)
		problem(problems, "effects", "too many effects: at most %d", MONEY_MAX_EFFECTS);
	for (size_t i = 0; i < json_array_size(list) && i < MONEY_MAX_EFFECTS; i++)
		read_effect(json_array_get(list, i), i, &sc->effects[sc->neffects++], problems);
	/* The checks of what was read: a path already with a problem keeps its first. */
	money_scenario_check(sc, about, problems);
	return (int)(json_object_size(problems) - before);
}

/* ---------------------------------------------------------------- to JSON */

/* A whole number as an integer, any other as a real. */
static json_t *figure(double v)
{
	if (isfinite(v) && v == floor(v) && fabs(v) < 9e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static json_t *day_or_null(int32_t day)
{
	if (day == RECORDS_OPEN)
		return json_null();
	char d[11];
	date_format(date_from_days(day), d);
	return json_string(d);
}

static json_t *text_or_null(const char *s)
{
	return s[0] ? json_text(s, strlen(s)) : json_null();
}

json_t *money_scenario_to_json(const struct money_scenario *sc, const struct money_scenario_about *about)
{
	json_t *invs = json_array(), *effs = json_array();
	for (size_t i = 0; i < sc->ninvestments; i++) {
		const struct money_investment *in = &sc->investments[i];
		json_array_append_new(invs, json_pack("{s:o, s:o, s:o, s:o, s:o, s:b, s:o}", "what",
		                                      json_text(in->what, strlen(in->what)), "per_year",
		                                      figure(in->per_year), "from", day_or_null(in->starts),
		                                      "to", day_or_null(in->ends), "payer",
		                                      text_or_null(in->payer), "pooled", in->pooled,
		                                      "pooled_with", text_or_null(in->pooled_with)));
	}
	for (size_t i = 0; i < sc->neffects; i++) {
		const struct money_effect *ef = &sc->effects[i];
		json_t *o = json_pack("{s:s}", "kind", money_effect_kind_keys[ef->kind]);
		const char *from = ef->from_type >= 0 && ef->from_type < MONEY_NTYPES
		                       ? records_placement_type_codes[ef->from_type]
		                       : NULL;
		if (ef->kind == ME_MOVE) {
			json_object_set_new(o, "from_type", from ? json_string(from) : json_null());
			json_object_set_new(o, "to_type",
			                    ef->to_type >= 0 && ef->to_type < MONEY_NTYPES
			                        ? json_string(records_placement_type_codes[ef->to_type])
			                        : json_null());
		} else {
			json_object_set_new(o, "type", from ? json_string(from) : json_null());
		}
		json_object_set_new(o, "band",
		                    ef->band >= 0 && ef->band < MB_NBANDS
		                        ? json_string(money_band_keys[ef->band])
		                        : json_null());
		json_object_set_new(o, "low_pct", figure(ef->low_pct));
		json_object_set_new(o, "high_pct", figure(ef->high_pct));
		json_object_set_new(o, "starts_after_months", json_integer(ef->starts_after_months));
		json_object_set_new(o, "ramp_months", json_integer(ef->ramp_months));
		json_array_append_new(effs, o);
	}
	return json_pack("{s:o, s:o, s:s, s:o, s:o, s:b, s:o, s:o}", "slug",
	                 json_text(about->slug, strlen(about->slug)), "name",
	                 json_text(sc->name, strlen(sc->name)), "area", about->area, "owner",
	                 text_or_null(about->owner), "description", text_or_null(about->description),
	                 "made_up", about->made_up, "investments", invs, "effects", effs);
}

/* ---------------------------------------------------------------- the file */

/* Where path is in the file: its value, else its key, else the nearest enclosing
 * value's. */
static void position(const struct jsonpos *pos, const char *path, size_t *line, size_t *col)
{
	struct buf p = {0};
	buf_puts(&p, path);
	*line = 1;
	*col = 1;
	for (;;) {
		if (jsonpos_value(pos, buf_str(&p), line, col) || jsonpos_key(pos, buf_str(&p), line, col) ||
		    !p.len)
			break;
		size_t cut = 0;
		for (size_t i = 0; i < p.len; i++) {
			if (p.p[i] == '\\') {
				i++;
				continue;
			}
			if (p.p[i] == '.' || p.p[i] == '[')
				cut = i;
		}
		p.len = cut;
		p.p[cut] = '\0';
	}
	buf_free(&p);
}

struct positioned {
	size_t line, col;
	const char *msg;
};

static int by_position(const void *a, const void *b)
{
	const struct positioned *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

void money_scenario_place(const char *name, const char *data, size_t len, json_t *problems, json_t *messages)
{
	size_t n = json_object_size(problems);
	if (!n)
		return;
	struct jsonpos *pos = jsonpos_index(data, len);
	struct positioned *list = calloc(n, sizeof *list);
	size_t k = 0;
	const char *path;
	json_t *v;
	json_object_foreach(problems, path, v)
	{
		if (k == n)
			break;
		position(pos, path, &list[k].line, &list[k].col);
		list[k++].msg = json_string_value(v);
	}
	qsort(list, k, sizeof *list, by_position);
	char m[1200];
	for (size_t i = 0; i < k; i++) {
		snprintf(m, sizeof m, "%s:%zu:%zu: %s", name, list[i].line, list[i].col, list[i].msg);
		json_array_append_new(messages, json_text(m, strlen(m)));
	}
	free(list);
	jsonpos_free(pos);
}

int money_scenario_read_file(const char *name, const char *data, size_t len, struct money_scenario *sc,
                             struct money_scenario_about *about, json_t *messages)
{
	size_t skip = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	json_error_t je;
	json_t *top = json_loadb(data + skip, len - skip, JSON_REJECT_DUPLICATES, &je);
	if (!top) {
		memset(sc, 0, sizeof *sc);
		memset(about, 0, sizeof *about);
		char m[1200];
		snprintf(m, sizeof m, "%s:%d:%d: %s", name, je.line > 0 ? je.line : 1,
		         je.column > 0 ? je.column : 1, je.text);
		json_array_append_new(messages, json_text(m, strlen(m)));
		return 1;
	}
	json_t *problems = json_object();
	int n = money_scenario_from_json(top, sc, about, problems);
	money_scenario_place(name, data, len, problems, messages);
	json_decref(problems);
	json_decref(top);
	return n;
}

/* ---------------------------------------------------------------- words */

static void pct_words(struct buf *out, double low, double high)
{
	if (low == 0 && high == 0) {
		buf_puts(out, "no change");
	} else if (high <= 0) {
		if (low == high)
			buf_printf(out, "%g%% fewer", -low);
		else
			buf_printf(out, "%g%% to %g%% fewer", -high, -low);
	} else if (low >= 0) {
		if (low == high)
			buf_printf(out, "%g%% more", high);
		else
			buf_printf(out, "%g%% to %g%% more", low, high);
	} else {
		buf_printf(out, "from %g%% fewer to %g%% more", -low, high);
	}
}

void money_effect_words(const struct money_effect *ef, struct buf *out)
{
	bool fewer = ef->high_pct <= 0 && !(ef->low_pct == 0 && ef->high_pct == 0);
	bool more = ef->low_pct >= 0 && !(ef->low_pct == 0 && ef->high_pct == 0);
	const char *dir = fewer ? "fewer " : more ? "more " : "";
	bool type = ef->from_type >= 0 && ef->from_type < MONEY_NTYPES;
	bool band = ef->band >= 0 && ef->band < MB_NBANDS;
	switch (ef->kind) {
	case ME_ENTRIES:
		buf_printf(out, "%schildren coming into care", dir);
		break;
	case ME_LEAVING:
		buf_printf(out, "%schildren leaving care", dir);
		break;
	case ME_MOVE:
		buf_printf(out, "%smoves of children from one placement to another (from: %s; to: %s)", dir,
		           type ? money_type_labels[ef->from_type] : "?",
		           ef->to_type >= 0 && ef->to_type < MONEY_NTYPES ? money_type_labels[ef->to_type]
		                                                          : "?");
		break;
	}
	if (band)
		buf_printf(out, " aged %s", money_band_labels[ef->band]);
	if (type && ef->kind != ME_MOVE)
		buf_printf(out, " (placement: %s)", money_type_labels[ef->from_type]);
	buf_puts(out, ": ");
	pct_words(out, ef->low_pct, ef->high_pct);
	if (ef->starts_after_months == 0)
		buf_puts(out, ", from when the money starts");
	else
		buf_printf(out, ", from %d month%s after the money starts", ef->starts_after_months,
		           ef->starts_after_months == 1 ? "" : "s");
	if (ef->ramp_months > 0)
		buf_printf(out, ", growing to its full size over %d month%s", ef->ramp_months,
		           ef->ramp_months == 1 ? "" : "s");
}
