/* Scenarios of investing early (The Money): /money/scenarios (the list, public), a
 * scenario's page in words, and the forms that add, change and delete one (staff and
 * admins any; an organisation's editors their own). The investments and effects are
 * repeating groups of fields, a fixed number of rows, blank rows ignored: no script. */
#include "web/page.h"

#include "base/date.h"
#include "base/log.h"
#include "money/money.h"
#include "plan/scenario.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_INVESTMENT_ROWS 3
#define MIN_EFFECT_ROWS 4

static const char refused[] = "Only The Promise Scotland's staff, and an organisation's editors for its own "
                              "scenarios, change scenarios.";

/* "£50,000,000" */
static void pounds_words(double v, char out[64])
{
	char digits[40];
	snprintf(digits, sizeof digits, "%.0f", fabs(v));
	size_t n = strlen(digits), k = 0;
	char *o = out;
	*o++ = '\xC2';
	*o++ = '\xA3';
	for (size_t i = 0; i < n && k < 50; i++, k++) {
		*o++ = digits[i];
		if ((n - i - 1) % 3 == 0 && i + 1 < n)
			*o++ = ',';
	}
	*o = '\0';
}

static void number_text(json_t *v, char out[40])
{
	if (json_is_integer(v))
		snprintf(out, 40, "%lld", (long long)json_integer_value(v));
	else if (json_is_number(v))
		snprintf(out, 40, "%.15g", json_number_value(v));
	else
		out[0] = '\0';
}

/* The area's name: "Scotland" or the council area's, or the code itself. */
static const char *area_name(json_t *areas, const char *code)
{
	if (code && strcmp(code, MONEY_SCOTLAND) == 0)
		return "Scotland";
	size_t i;
	json_t *a;
	json_array_foreach(areas, i,
	                   a) if (code && strcmp(page_str(a, "id"), code) == 0) return page_str(a, "name");
	return code ? code : "";
}

static const char *organisation_name(json_t *orgs, const char *slug)
{
	size_t i;
	json_t *o;
	json_array_foreach(orgs, i,
	                   o) if (slug && strcmp(page_str(o, "id"), slug) == 0) return page_str(o, "name");
	return slug;
}

/* Whether the signed-in person may add scenarios at all. */
static bool may_add(json_t *user)
{
	const char *role = page_str(user, "role");
	if (!role)
		return false;
	return strcmp(role, "admin") == 0 || strcmp(role, "staff") == 0 ||
	       (strcmp(role, "editor") == 0 && page_str(user, "organisation"));
}

/* ---- the list ---- */

void web_page_money_scenarios(struct web_request *req, struct web_response *res)
{
	struct kerr e = {0};
	json_t *all = store_resource_all(req->store, "scenarios", &e), *areas = NULL, *orgs = NULL;
	if (all)
		areas = store_resource_all(req->store, "council-areas", &e);
	if (areas)
		orgs = store_resource_all(req->store, "organisations", &e);
	if (!orgs) {
		json_decref(all);
		json_decref(areas);
		page_read_failed(req, res, "scenarios", &e);
		return;
	}
	size_t i;
	json_t *x;
	json_array_foreach(all, i, x)
	{
		page_set_str(x, "area_words", area_name(areas, page_str(x, "area")));
		if (page_str(x, "owner"))
			page_set_str(x, "owner_words", organisation_name(orgs, page_str(x, "owner")));
		json_object_set_new(
		    x, "investment_count",
		    json_integer((json_int_t)json_array_size(json_object_get(x, "investments"))));
		json_object_set_new(x, "effect_count",
		                    json_integer((json_int_t)json_array_size(json_object_get(x, "effects"))));
	}
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/money", "The Money");
	page_crumb_add(crumbs, "", "Scenarios");
	json_t *ctx =
	    json_pack("{s:s, s:o, s:o, s:b, s:b}", "title", "Scenarios: what investing early could do",
	              "breadcrumbs", crumbs, "scenarios", all, "has_scenarios", json_array_size(all) > 0,
	              "may_add", may_add(req->user));
	json_decref(areas);
	json_decref(orgs);
	web_page(req, res, 200, "money_scenarios", ctx);
}

/* ---- one scenario ---- */

/* The scenario in the path (the resource's shape), or NULL when answered. */
static json_t *scenario_target(struct web_request *req, struct web_response *res)
{
	const char *slug = page_slug_param(req, res);
	if (!slug)
		return NULL;
	struct kerr e = {0};
	json_t *x = store_resource_get(req->store, "scenarios", slug, &e);
	if (!x)
		page_read_failed(req, res, "scenario", &e);
	return x;
}

void web_page_money_scenario(struct web_request *req, struct web_response *res)
{
	json_t *x = scenario_target(req, res);
	if (!x)
		return;
	struct kerr e = {0};
	json_t *areas = store_resource_all(req->store, "council-areas", &e), *orgs = NULL;
	if (areas)
		orgs = store_resource_all(req->store, "organisations", &e);
	if (!orgs) {
		json_decref(x);
		json_decref(areas);
		page_read_failed(req, res, "scenario", &e);
		return;
	}
	page_set_str(x, "area_words", area_name(areas, page_str(x, "area")));
	if (page_str(x, "owner"))
		page_set_str(x, "owner_words", organisation_name(orgs, page_str(x, "owner")));
	page_set_blocks(x, "description_blocks", "description");
	/* The effects in words, from the engine's own reading of them. */
	json_t *shape = json_deep_copy(x), *problems = json_object();
	json_object_set(shape, "slug", json_object_get(x, "id"));
	const char *drop[] = {"id", "created", "updated", "area_words", "owner_words", "description_blocks"};
	for (size_t k = 0; k < sizeof drop / sizeof drop[0]; k++)
		json_object_del(shape, drop[k]);
	static _Thread_local struct money_scenario sc;
	static _Thread_local struct money_scenario_about about;
	money_scenario_from_json(shape, &sc, &about, problems);
	json_decref(shape);
	json_decref(problems);
	json_t *effects = json_array();
	struct buf b = {0};
	for (size_t k = 0; k < sc.neffects; k++) {
		buf_reset(&b);
		money_effect_words(&sc.effects[k], &b);
		json_array_append_new(effects, json_pack("{s:s}", "words", buf_str(&b)));
	}
	buf_free(&b);
	json_t *invs = json_array();
	double total = 0;
	for (size_t k = 0; k < sc.ninvestments; k++) {
		const struct money_investment *in = &sc.investments[k];
		char pounds[64], from[11];
		pounds_words(in->per_year, pounds);
		date_format(date_from_days(in->starts), from);
		json_t *row = json_pack("{s:s, s:s}", "what", in->what, "pounds", pounds);
		page_set_date_words(row, "from_words", from);
		if (in->ends != RECORDS_OPEN) {
			char to[11];
			date_format(date_from_days(in->ends), to);
			page_set_date_words(row, "to_words", to);
		}
		if (in->payer[0])
			page_set_str(row, "payer", in->payer);
		if (in->pooled)
			page_set_str(row, "pooled_words", in->pooled_with[0] ? in->pooled_with : "yes");
		json_array_append_new(invs, row);
		total += in->per_year;
	}
	(void)total;
	const char *name = page_str(x, "name");
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/money", "The Money");
	page_crumb_add(crumbs, "/money/scenarios", "Scenarios");
	page_crumb_add(crumbs, "", name);
	json_object_set_new(x, "title", json_string(name));
	json_object_set_new(x, "breadcrumbs", crumbs);
	json_object_set_new(x, "effect_words", effects);
	json_object_set_new(x, "has_effects", json_boolean(sc.neffects > 0));
	json_object_set_new(x, "investment_rows", invs);
	json_object_set_new(x, "has_investments", json_boolean(sc.ninvestments > 0));
	json_object_set_new(x, "may_edit", json_boolean(scenario_may_write(req->store, req->user, page_str(x, "owner"), page_str(x, "area"))));
	json_decref(areas);
	json_decref(orgs);
	web_page(req, res, 200, "money_scenario", x);
}

/* ---- the form ---- */

static const char *const inv_keys[] = {"what", "per_year", "from", "to", "payer", "pooled_with"};
static const char *const eff_number_keys[] = {"low_pct", "high_pct", "starts_after_months", "ramp_months"};

/* {key, words, selected} options: a first (key "", words first) when first, then the
 * placement types. */
static json_t *type_options(const char *first, const char *chosen)
{
	json_t *a = json_array();
	json_array_append_new(
	    a, json_pack("{s:s, s:s, s:b}", "key", "", "words", first, "selected", !chosen || !*chosen));
	for (int t = 0; t < MONEY_NTYPES; t++)
		json_array_append_new(
		    a, json_pack("{s:s, s:s, s:b}", "key", records_placement_type_codes[t], "words",
		                 money_type_labels[t], "selected",
		                 chosen && strcmp(chosen, records_placement_type_codes[t]) == 0));
	return a;
}

static json_t *band_options(const char *chosen)
{
	json_t *a = json_array();
	json_array_append_new(
	    a, json_pack("{s:s, s:s, s:b}", "key", "", "words", "All ages", "selected", !chosen || !*chosen));
	for (int b = 0; b < MB_NBANDS; b++) {
		char words[40];
		snprintf(words, sizeof words, "Aged %s", money_band_labels[b]);
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "key", money_band_keys[b], "words",
		                                   words, "selected",
		                                   chosen && strcmp(chosen, money_band_keys[b]) == 0));
	}
	return a;
}

static json_t *kind_options(const char *chosen)
{
	static const char *const kinds[][2] = {{"", "No effect in this row"},
	                                       {"entries", "Children coming into care"},
	                                       {"leaving", "Children leaving care"},
	                                       {"move", "Moves from one placement type to another"}};
	json_t *a = json_array();
	for (size_t k = 0; k < 4; k++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "key", kinds[k][0], "words",
		                                   kinds[k][1], "selected",
		                                   chosen ? strcmp(chosen, kinds[k][0]) == 0 : k == 0));
	return a;
}

static json_t *area_options(json_t *areas, const char *chosen)
{
	json_t *a = json_array();
	json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "key", MONEY_SCOTLAND, "words", "Scotland",
	                                   "selected", !chosen || strcmp(chosen, MONEY_SCOTLAND) == 0));
	size_t i;
	json_t *x;
	json_array_foreach(areas, i, x)
	    json_array_append_new(a, json_pack("{s:O, s:O, s:b}", "key", json_object_get(x, "id"), "words",
	                                       json_object_get(x, "name"), "selected",
	                                       chosen && strcmp(chosen, page_str(x, "id")) == 0));
	return a;
}

static json_t *owner_options(json_t *orgs, const char *chosen)
{
	json_t *a = json_array();
	json_array_append_new(a,
	                      json_pack("{s:s, s:s, s:b}", "key", "", "words",
	                                "None: The Promise Scotland's own", "selected", !chosen || !*chosen));
	size_t i;
	json_t *x;
	json_array_foreach(orgs, i, x)
	    json_array_append_new(a, json_pack("{s:O, s:O, s:b}", "key", json_object_get(x, "id"), "words",
	                                       json_object_get(x, "name"), "selected",
	                                       chosen && strcmp(chosen, page_str(x, "id")) == 0));
	return a;
}

/* The form's values: {slug, name, area, owner, description, made_up, inv: [{what, per_year,
 * from, to, payer, pooled, pooled_with}], eff: [{kind, type, to_type, band, low_pct, ...}]},
 * all strings (made_up and pooled booleans), one entry per row shown. */
static json_t *values_from_scenario(json_t *shape)
{
	json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:[], s:[]}", "slug",
	                      page_str(shape, "slug") ? page_str(shape, "slug") : "", "name",
	                      page_str(shape, "name") ? page_str(shape, "name") : "", "area",
	                      page_str(shape, "area") ? page_str(shape, "area") : MONEY_SCOTLAND, "owner",
	                      page_str(shape, "owner") ? page_str(shape, "owner") : "", "description",
	                      page_str(shape, "description") ? page_str(shape, "description") : "", "made_up",
	                      json_is_true(json_object_get(shape, "made_up")), "inv", "eff");
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(shape, "investments"), i, x)
	{
		char n[40];
		number_text(json_object_get(x, "per_year"), n);
		json_array_append_new(
		    json_object_get(v, "inv"),
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:s}", "what",
		              page_str(x, "what") ? page_str(x, "what") : "", "per_year", n, "from",
		              page_str(x, "from") ? page_str(x, "from") : "", "to",
		              page_str(x, "to") ? page_str(x, "to") : "", "payer",
		              page_str(x, "payer") ? page_str(x, "payer") : "", "pooled",
		              json_is_true(json_object_get(x, "pooled")), "pooled_with",
		              page_str(x, "pooled_with") ? page_str(x, "pooled_with") : ""));
	}
	json_array_foreach(json_object_get(shape, "effects"), i, x)
	{
		json_t *row = json_object();
		page_set_str(row, "kind", page_str(x, "kind") ? page_str(x, "kind") : "");
		const char *t = page_str(x, "type") ? page_str(x, "type") : page_str(x, "from_type");
		page_set_str(row, "type", t ? t : "");
		page_set_str(row, "to_type", page_str(x, "to_type") ? page_str(x, "to_type") : "");
		page_set_str(row, "band", page_str(x, "band") ? page_str(x, "band") : "");
		for (size_t k = 0; k < 4; k++) {
			char n[40];
			number_text(json_object_get(x, eff_number_keys[k]), n);
			page_set_str(row, eff_number_keys[k], n);
		}
		json_array_append_new(json_object_get(v, "eff"), row);
	}
	return v;
}

static const char *form_get(struct web_request *req, const char *fmt, size_t k)
{
	char name[64];
	snprintf(name, sizeof name, fmt, k);
	const char *v = query_get(&req->form, name);
	return v ? v : "";
}

static json_t *values_from_form(struct web_request *req)
{
	const struct query *q = &req->form;
	const char *g;
	json_t *v = json_object();
	const char *top[] = {"slug", "name", "area", "owner", "description"};
	for (size_t k = 0; k < 5; k++)
		page_set_str(v, top[k], (g = query_get(q, top[k])) ? g : "");
	json_object_set_new(v, "made_up", json_boolean(query_get(q, "made_up") != NULL));
	json_t *inv = json_array(), *eff = json_array();
	for (size_t k = 0; k < MONEY_MAX_INVESTMENTS; k++) {
		char name[64];
		snprintf(name, sizeof name, "inv%zu_what", k);
		if (!query_get(q, name))
			break;
		json_t *row = json_object();
		for (size_t j = 0; j < sizeof inv_keys / sizeof inv_keys[0]; j++) {
			char fmt[64];
			snprintf(fmt, sizeof fmt, "inv%%zu_%s", inv_keys[j]);
			page_set_str(row, inv_keys[j], form_get(req, fmt, k));
		}
		snprintf(name, sizeof name, "inv%zu_pooled", k);
		json_object_set_new(row, "pooled", json_boolean(query_get(q, name) != NULL));
		json_array_append_new(inv, row);
	}
	for (size_t k = 0; k < MONEY_MAX_EFFECTS; k++) {
		char name[64];
		snprintf(name, sizeof name, "eff%zu_kind", k);
		if (!query_get(q, name))
			break;
		json_t *row = json_object();
		const char *keys[] = {
		    "kind",       "type", "to_type", "band", "low_pct", "high_pct", "starts_after_months",
		    "ramp_months"};
		for (size_t j = 0; j < 8; j++) {
			char fmt[64];
			snprintf(fmt, sizeof fmt, "eff%%zu_%s", keys[j]);
			page_set_str(row, keys[j], form_get(req, fmt, k));
		}
		json_array_append_new(eff, row);
	}
	json_object_set_new(v, "inv", inv);
	json_object_set_new(v, "eff", eff);
	return v;
}

static bool blank(const char *s)
{
	while (s && (*s == ' ' || *s == '\t'))
		s++;
	return !s || !*s;
}

/* A number typed in a form: true with *out when s is one (commas between digits
 * allowed: "50,000,000"). */
static bool form_number(const char *s, double *out)
{
	char clean[64];
	size_t n = 0;
	for (; *s && n + 1 < sizeof clean; s++)
		if (*s != ',' && *s != ' ' && !(n == 0 && (unsigned char)*s == 0xC2) &&
		    !(n == 0 && (unsigned char)*s == 0xA3))
			clean[n++] = *s;
	clean[n] = '\0';
	if (!n)
		return false;
	char *end;
	*out = strtod(clean, &end);
	return *end == '\0' && isfinite(*out);
}

/* The file's shape of the form's values, the rows left blank left out; fills rowmap
 * (shape's index -> form row) and errors for fields that are not numbers or dates. */
static json_t *shape_from_values(json_t *v, size_t inv_rows[], size_t eff_rows[], json_t *errors)
{
	json_t *shape = json_object();
	page_set_str(shape, "slug", page_str(v, "slug"));
	page_set_str(shape, "name", page_str(v, "name"));
	page_set_str(shape, "area", page_str(v, "area"));
	json_object_set_new(shape, "owner",
	                    blank(page_str(v, "owner")) ? json_null() : json_string(page_str(v, "owner")));
	json_object_set_new(shape, "description",
	                    blank(page_str(v, "description")) ? json_null()
	                                                      : json_string(page_str(v, "description")));
	json_object_set(shape, "made_up", json_object_get(v, "made_up"));
	json_t *invs = json_array(), *effs = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(v, "inv"), i, r)
	{
		bool empty = !json_is_true(json_object_get(r, "pooled"));
		for (size_t j = 0; j < sizeof inv_keys / sizeof inv_keys[0]; j++)
			if (!blank(page_str(r, inv_keys[j])))
				empty = false;
		if (empty)
			continue;
		json_t *o = json_object();
		page_set_str(o, "what", page_str(r, "what"));
		double d;
		char field[64];
		if (form_number(page_str(r, "per_year"), &d)) {
			json_object_set_new(o, "per_year", json_real(d));
		} else {
			snprintf(field, sizeof field, "inv%zu_per_year", i);
			json_object_set_new(
			    errors, field,
			    json_string("Enter the pounds a year as a number, for example 50000000"));
			json_object_set_new(o, "per_year", json_real(0));
		}
		const char *date_keys[] = {"from", "to"};
		for (size_t j = 0; j < 2; j++) {
			const char *s = page_str(r, date_keys[j]);
			if (!blank(s))
				page_set_str(o, date_keys[j], s);
		}
		if (!blank(page_str(r, "payer")))
			page_set_str(o, "payer", page_str(r, "payer"));
		json_object_set(o, "pooled", json_object_get(r, "pooled"));
		if (!blank(page_str(r, "pooled_with")))
			page_set_str(o, "pooled_with", page_str(r, "pooled_with"));
		inv_rows[json_array_size(invs)] = i;
		json_array_append_new(invs, o);
	}
	json_array_foreach(json_object_get(v, "eff"), i, r)
	{
		const char *kind = page_str(r, "kind");
		if (blank(kind))
			continue;
		json_t *o = json_pack("{s:s}", "kind", kind);
		bool move = strcmp(kind, "move") == 0;
		if (!blank(page_str(r, "type")))
			page_set_str(o, move ? "from_type" : "type", page_str(r, "type"));
		if (move && !blank(page_str(r, "to_type")))
			page_set_str(o, "to_type", page_str(r, "to_type"));
		if (!blank(page_str(r, "band")))
			page_set_str(o, "band", page_str(r, "band"));
		for (size_t j = 0; j < 4; j++) {
			const char *s = page_str(r, eff_number_keys[j]);
			double d = 0;
			bool months = j >= 2;
			if (months && blank(s))
				continue;
			char field[64];
			snprintf(field, sizeof field, "eff%zu_%s", i, eff_number_keys[j]);
			if (!form_number(s, &d) || (months && d != floor(d))) {
				json_object_set_new(
				    errors, field,
				    json_string(
				        months
				            ? "Enter a whole number of months, for example 18"
				            : "Enter the change as a number of per cent, for example -10"));
				d = 0;
			}
			json_object_set_new(o, eff_number_keys[j],
			                    months ? json_integer(d > 1000 ? 1000
			                                          : d < -1 ? -1
			                                                   : (json_int_t)d)
			                           : json_real(d));
		}
		eff_rows[json_array_size(effs)] = i;
		json_array_append_new(effs, o);
	}
	json_object_set_new(shape, "investments", invs);
	json_object_set_new(shape, "effects", effs);
	return shape;
}

/* The engine's problems (path -> message) as the form's fields. */
static void problems_to_fields(json_t *problems, const size_t inv_rows[], const size_t eff_rows[],
                               json_t *errors)
{
	const char *path;
	json_t *m;
	json_object_foreach(problems, path, m)
	{
		char field[96];
		size_t idx;
		char key[48];
		if (sscanf(path, "investments[%zu].%47s", &idx, key) == 2 && idx < MONEY_MAX_INVESTMENTS)
			snprintf(field, sizeof field, "inv%zu_%s", inv_rows[idx], key);
		else if (sscanf(path, "effects[%zu].%47s", &idx, key) == 2 && idx < MONEY_MAX_EFFECTS)
			snprintf(field, sizeof field, "eff%zu_%s", eff_rows[idx],
			         strcmp(key, "from_type") == 0 ? "type" : key);
		else if (strncmp(path, "investments", 11) == 0)
			snprintf(field, sizeof field, "inv%zu_what",
			         sscanf(path, "investments[%zu]", &idx) == 1
			             ? inv_rows[idx % MONEY_MAX_INVESTMENTS]
			             : 0);
		else if (strncmp(path, "effects", 7) == 0)
			snprintf(field, sizeof field, "eff%zu_kind",
			         sscanf(path, "effects[%zu]", &idx) == 1 ? eff_rows[idx % MONEY_MAX_EFFECTS]
			                                                 : 0);
		else
			snprintf(field, sizeof field, "%s", *path ? path : "name");
		if (json_object_get(errors, field))
			continue;
		/* The engine numbers what it read ("effect 1: ..."); the form's rows, blanks among
		 * them, are numbered as shown. */
		const char *msg = json_string_value(m);
		size_t n = 0;
		int used = 0;
		bool eff = strncmp(msg, "effect ", 7) == 0, inv = strncmp(msg, "investment ", 11) == 0;
		if ((eff || inv) && sscanf(msg + (eff ? 7 : 11), "%zu:%n", &n, &used) == 1 && used > 0 &&
		    n >= 1 && n <= (eff ? MONEY_MAX_EFFECTS : MONEY_MAX_INVESTMENTS)) {
			char again[600];
			snprintf(again, sizeof again, "%s %zu:%s", eff ? "Effect" : "Investment",
			         (eff ? eff_rows[n - 1] : inv_rows[n - 1]) + 1, msg + (eff ? 7 : 11) + used);
			json_object_set_new(errors, field, json_string(again));
		} else {
			json_object_set(errors, field, m);
		}
	}
}

/* Renders the form. x: the scenario being changed (the resource's shape) or NULL for a
 * new one; v: the values shown (taken); errors (taken). */
static void form_page(struct web_request *req, struct web_response *res, int status, json_t *x, json_t *v,
                      json_t *errors)
{
	struct kerr e = {0};
	json_t *areas = store_resource_all(req->store, "council-areas", &e), *orgs = NULL;
	if (areas)
		orgs = store_resource_all(req->store, "organisations", &e);
	if (!orgs) {
		json_decref(areas);
		json_decref(v);
		json_decref(errors);
		page_read_failed(req, res, "scenario form", &e);
		return;
	}
	bool adding = !x;
	json_t *list = page_error_list(errors);
	bool wrong = json_array_size(list) > 0;
	const char *title = adding ? (wrong ? "Error: add a scenario" : "Add a scenario")
	                           : (wrong ? "Error: change a scenario" : "Change a scenario");
	char action[200], back[200];
	snprintf(action, sizeof action, adding ? "/money/scenarios/new" : "/money/scenarios/%s/edit",
	         adding ? "" : page_str(x, "id"));
	snprintf(back, sizeof back, adding ? "/money/scenarios" : "/money/scenarios/%s",
	         adding ? "" : page_str(x, "id"));
	/* Rows: those given and two more, at least a few, at most the limit. */
	json_t *inv = json_object_get(v, "inv"), *eff = json_object_get(v, "eff");
	size_t ninv = json_array_size(inv) + 2, neff = json_array_size(eff) + 2;
	if (ninv < MIN_INVESTMENT_ROWS)
		ninv = MIN_INVESTMENT_ROWS;
	if (neff < MIN_EFFECT_ROWS)
		neff = MIN_EFFECT_ROWS;
	if (strcmp(req->method, "POST") == 0) {
		ninv = json_array_size(inv) > ninv ? json_array_size(inv)
		       : json_array_size(inv)      ? json_array_size(inv)
		                                   : ninv;
		neff = json_array_size(eff) ? json_array_size(eff) : neff;
	}
	if (ninv > MONEY_MAX_INVESTMENTS)
		ninv = MONEY_MAX_INVESTMENTS;
	if (neff > MONEY_MAX_EFFECTS)
		neff = MONEY_MAX_EFFECTS;
	json_t *inv_rows = json_array(), *eff_rows = json_array();
	for (size_t k = 0; k < ninv; k++) {
		json_t *r = json_array_get(inv, k);
		json_t *row =
		    r ? json_deep_copy(r)
		      : json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:s}", "what", "", "per_year", "", "from",
		                  "", "to", "", "payer", "", "pooled", 0, "pooled_with", "");
		json_object_set_new(row, "k", json_integer((json_int_t)k));
		json_object_set_new(row, "n", json_integer((json_int_t)k + 1));
		json_t *err = json_object();
		const char *keys[] = {"what", "per_year", "from", "to", "payer", "pooled", "pooled_with"};
		for (size_t j = 0; j < 7; j++) {
			char field[64];
			snprintf(field, sizeof field, "inv%zu_%s", k, keys[j]);
			if (json_object_get(errors, field))
				json_object_set(err, keys[j], json_object_get(errors, field));
		}
		json_object_set_new(row, "err", err);
		json_array_append_new(inv_rows, row);
	}
	for (size_t k = 0; k < neff; k++) {
		json_t *r = json_array_get(eff, k);
		const char *kind = r ? page_str(r, "kind") : NULL;
		json_t *row = json_object();
		const char *keys[] = {"low_pct", "high_pct", "starts_after_months", "ramp_months"};
		for (size_t j = 0; j < 4; j++)
			page_set_str(row, keys[j], r && page_str(r, keys[j]) ? page_str(r, keys[j]) : "");
		json_object_set_new(row, "k", json_integer((json_int_t)k));
		json_object_set_new(row, "n", json_integer((json_int_t)k + 1));
		json_object_set_new(row, "kinds", kind_options(kind ? kind : ""));
		json_object_set_new(row, "types",
		                    type_options("Any placement type", r ? page_str(r, "type") : NULL));
		json_object_set_new(
		    row, "to_types",
		    type_options("None (only for a move)", r ? page_str(r, "to_type") : NULL));
		json_object_set_new(row, "bands", band_options(r ? page_str(r, "band") : NULL));
		json_t *err = json_object();
		const char *ekeys[] = {
		    "kind",       "type", "to_type", "band", "low_pct", "high_pct", "starts_after_months",
		    "ramp_months"};
		for (size_t j = 0; j < 8; j++) {
			char field[64];
			snprintf(field, sizeof field, "eff%zu_%s", k, ekeys[j]);
			if (json_object_get(errors, field))
				json_object_set(err, ekeys[j], json_object_get(errors, field));
		}
		json_object_set_new(row, "err", err);
		json_array_append_new(eff_rows, row);
	}
	const char *role = page_str(req->user, "role");
	bool editor = role && strcmp(role, "editor") == 0;
	json_t *ctx = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:b, s:O, s:O, s:O, s:O, s:O, s:o, s:o, s:o, s:o, s:o, s:o, s:b}",
	    "title", title, "heading", adding ? "Add a scenario" : "Change a scenario", "form_action", action,
	    "back", back, "csrf", page_str(req->user, "csrf"), "adding", adding, "slug",
	    json_object_get(v, "slug"), "name", json_object_get(v, "name"), "description",
	    json_object_get(v, "description"), "made_up", json_object_get(v, "made_up"), "owner",
	    json_object_get(v, "owner"), "areas", area_options(areas, page_str(v, "area")), "owners",
	    owner_options(orgs, page_str(v, "owner")), "investments", inv_rows, "effects", eff_rows, "errors",
	    errors, "error_list", list, "has_errors", wrong);
	if (editor)
		page_set_str(ctx, "owner_words",
		             organisation_name(orgs, page_str(req->user, "organisation")));
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/money", "The Money");
	page_crumb_add(crumbs, "/money/scenarios", "Scenarios");
	page_crumb_add(crumbs, "", adding ? "Add" : "Change");
	json_object_set_new(ctx, "breadcrumbs", crumbs);
	json_decref(areas);
	json_decref(orgs);
	json_decref(v);
	web_page(req, res, status, "money_scenario_edit", ctx);
	res->cache_control = "no-store";
}

/* Checks and saves the posted form (x: the scenario changed, or NULL). */
static void save(struct web_request *req, struct web_response *res, json_t *x)
{
	json_t *v = values_from_form(req), *errors = json_object();
	const char *role = page_str(req->user, "role");
	/* An editor's scenarios are their organisation's: the owner is not theirs to choose. */
	if (role && strcmp(role, "editor") == 0)
		page_set_str(v, "owner", page_str(req->user, "organisation"));
	if (x) {
		page_set_str(v, "slug", page_str(x, "id"));
		if (role && strcmp(role, "editor") == 0)
			page_set_str(v, "owner", page_str(x, "owner") ? page_str(x, "owner") : "");
	}
	size_t inv_rows[MONEY_MAX_INVESTMENTS] = {0}, eff_rows[MONEY_MAX_EFFECTS] = {0};
	json_t *shape = shape_from_values(v, inv_rows, eff_rows, errors), *problems = json_object();
	static _Thread_local struct money_scenario sc;
	static _Thread_local struct money_scenario_about about;
	struct kerr e = {0};
	int n = scenario_check(req->store, shape, &sc, &about, problems, &e);
	json_decref(shape);
	if (n < 0) {
		json_decref(problems);
		json_decref(errors);
		json_decref(v);
		page_saved(req, res, -1, &e, "/money/scenarios/", "");
		return;
	}
	problems_to_fields(problems, inv_rows, eff_rows, errors);
	json_decref(problems);
	if (!json_object_get(errors, "area") && !scenario_area_theirs(req->store, req->user, about.area))
		json_object_set_new(errors, "area",
		                    json_string("Choose your own organisation's area: you keep scenarios only for it."));
	if (json_object_size(errors) > 0) {
		form_page(req, res, 400, x, v, errors);
		return;
	}
	json_decref(errors);
	json_decref(v);
	const char *actor = page_str(req->user, "email");
	int rc = x ? scenario_change(req->store, actor, about.slug, &sc, &about, &e)
	           : scenario_create(req->store, actor, &sc, &about, &e);
	if (rc < 0 && e.code == KERR_CONFLICT) {
		json_t *again = values_from_form(req);
		form_page(req, res, 400, x, again,
		          json_pack("{s:s}", "slug",
		                    "There is already a scenario with this short name: choose another."));
		return;
	}
	page_saved(req, res, rc, &e, "/money/scenarios/", about.slug);
}

void web_page_money_scenario_new(struct web_request *req, struct web_response *res)
{
	if (!page_signed_in(req, res))
		return;
	if (!may_add(req->user)) {
		web_error_page(req, res, 403, refused);
		return;
	}
	json_t *none = json_object(), *v = values_from_scenario(none);
	json_decref(none);
	const char *role = page_str(req->user, "role");
	if (role && strcmp(role, "editor") == 0)
		page_set_str(v, "owner", page_str(req->user, "organisation"));
	form_page(req, res, 200, NULL, v, json_object());
}

void web_money_scenario_new_post(struct web_request *req, struct web_response *res)
{
	if (!page_signed_in(req, res))
		return;
	if (!may_add(req->user)) {
		web_error_page(req, res, 403, refused);
		return;
	}
	save(req, res, NULL);
}

/* The scenario in the path when the signed-in person may change it; NULL when answered. */
static json_t *editable(struct web_request *req, struct web_response *res)
{
	if (!page_signed_in(req, res))
		return NULL;
	json_t *x = scenario_target(req, res);
	if (!x)
		return NULL;
	if (!scenario_may_write(req->store, req->user, page_str(x, "owner"), page_str(x, "area"))) {
		json_decref(x);
		web_error_page(req, res, 403, refused);
		return NULL;
	}
	return x;
}

void web_page_money_scenario_edit(struct web_request *req, struct web_response *res)
{
	json_t *x = editable(req, res);
	if (!x)
		return;
	json_t *shape = json_deep_copy(x);
	json_object_set(shape, "slug", json_object_get(x, "id"));
	json_t *v = values_from_scenario(shape);
	json_decref(shape);
	form_page(req, res, 200, x, v, json_object());
	json_decref(x);
}

void web_money_scenario_edit_post(struct web_request *req, struct web_response *res)
{
	json_t *x = editable(req, res);
	if (!x)
		return;
	save(req, res, x);
	json_decref(x);
}

void web_page_money_scenario_delete(struct web_request *req, struct web_response *res)
{
	json_t *x = editable(req, res);
	if (!x)
		return;
	char href[200], action[240], heading[400];
	snprintf(href, sizeof href, "/money/scenarios/%s", page_str(x, "id"));
	snprintf(action, sizeof action, "%s/delete", href);
	snprintf(heading, sizeof heading, "Delete the scenario %s?", page_str(x, "name"));
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/money/scenarios", "Scenarios");
	page_crumb_add(crumbs, href, page_str(x, "name"));
	page_crumb_add(crumbs, "", "Delete");
	struct page_delete d = {
	    "Delete a scenario",
	    heading,
	    page_str(x, "description"),
	    "Deleting it removes the scenario, its investments and its effects from keep. The "
	    "history of changes keeps a copy of what it said, with your name.",
	    NULL,
	    action,
	    "Yes, delete this scenario",
	    href,
	    "No, go back to the scenario"};
	page_delete_confirm(req, res, &d, crumbs);
	json_decref(x);
}

void web_money_scenario_delete_post(struct web_request *req, struct web_response *res)
{
	json_t *x = editable(req, res);
	if (!x)
		return;
	char slug[128];
	snprintf(slug, sizeof slug, "%s", page_str(x, "id"));
	json_decref(x);
	struct kerr e = {0};
	page_saved(req, res, scenario_delete(req->store, page_str(req->user, "email"), slug, &e), &e,
	           "/money/scenarios", "");
}
