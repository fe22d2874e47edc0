/* Placement costs from the records and the cost of failure as the CLI, the pages and the
 * API show them (money.h, "the costs shown"): the imports read through the store, the
 * engine's sums, and what may be shown of them. */
#include "money/money.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "measures/measures.h"
#include "store/money_costs.h"

void money_thousands(char *out, size_t cap, double v)
{
	char digits[40];
	snprintf(digits, sizeof digits, "%.0f", fabs(v));
	size_t n = strlen(digits), k = 0;
	if (v <= -0.5 && k + 1 < cap)
		out[k++] = '-';
	for (size_t i = 0; i < n && k + 2 < cap; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	out[k] = '\0';
}

/* A price year as JSON: "2016-17", or null. */
static json_t *fy_json(int fy)
{
	if (fy < 0)
		return json_null();
	char w[8];
	money_fy_words(fy, w);
	return json_string(w);
}

/* A figure in pounds, or null when it is negative ("not priced", "not known"). */
static json_t *pounds(double v)
{
	return v < 0 ? json_null() : json_real(round(v * 100) / 100);
}

int money_unit_costs_in_force(struct store *s, const char *area, struct money_unit_costs *out, struct kerr *e)
{
	if (money_unit_costs_default(out, e) < 0)
		return -1;
	if (!area)
		return 0;
	json_t *own = store_unit_costs(s, area, e);
	if (!own)
		return -1;
	money_unit_costs_apply(out, own);
	json_decref(own);
	return 0;
}

json_t *money_unit_costs_json(const struct money_unit_costs *uc)
{
	json_t *a = json_array();
	for (int t = 0; t < MONEY_NTYPES; t++) {
		const struct money_unit_cost *c = &uc->t[t];
		json_array_append_new(
		    a, json_pack("{s:s, s:s, s:o, s:o, s:s?, s:s?, s:b}", "type", records_placement_type_codes[t], "label",
		                 money_type_labels[t], "weekly_cost", pounds(c->weekly), "price_year",
		                 c->weekly < 0 ? json_null() : fy_json(c->price_year), "source",
		                 c->source[0] ? c->source : NULL, "stands_for", c->stands_for[0] ? c->stands_for : NULL,
		                 "own", c->own));
	}
	return a;
}

int money_costs_latest_fy(struct store *s, struct kerr *e)
{
	json_t *imports = store_care_imports(s, e);
	if (!imports)
		return -2;
	int latest = -1;
	size_t i;
	json_t *im;
	json_array_foreach(imports, i, im)
	{
		int y = (int)json_integer_value(json_object_get(im, "year"));
		if (y - 1 > latest)
			latest = y - 1;
	}
	json_decref(imports);
	return latest;
}

/* The types of one area's costs as shown: a type whose child-days are fewer than
 * MONEY_SHOWN_DAYS is counted in the totals but its own days and cost are not shown. */
static json_t *types_json(const struct money_placement_costs *pc, const struct money_unit_costs *uc, bool protect,
                          double *shown_total, bool *hidden)
{
	json_t *a = json_array();
	*shown_total = 0;
	*hidden = false;
	for (int t = 0; t < MONEY_NTYPES; t++) {
		bool few = protect && pc->days[t] > 0 && pc->days[t] < MONEY_SHOWN_DAYS;
		if (few)
			*hidden = true;
		else if (pc->cost[t] > 0)
			*shown_total += pc->cost[t];
		const struct money_unit_cost *c = &uc->t[t];
		json_array_append_new(
		    a, json_pack("{s:s, s:s, s:o, s:b, s:o, s:o, s:o, s:b, s:b}", "type", records_placement_type_codes[t],
		                 "label", money_type_labels[t], "days", few ? json_null() : json_integer(pc->days[t]), "few",
		                 few, "weekly_cost", pounds(c->weekly), "price_year",
		                 c->weekly < 0 ? json_null() : fy_json(c->price_year), "cost",
		                 few || pc->cost[t] < 0 ? json_null() : pounds(pc->cost[t]), "priced", c->weekly >= 0, "own",
		                 c->own));
	}
	return a;
}

static json_t *area_json(const char *area, const int64_t days[MONEY_NTYPES], const struct money_unit_costs *uc,
                         double total_override)
{
	struct money_placement_costs pc;
	money_placement_costs(days, uc, &pc);
	double shown;
	bool hidden;
	json_t *types = types_json(&pc, uc, true, &shown, &hidden);
	int64_t all = 0;
	for (int t = 0; t < MONEY_NTYPES; t++)
		all += days[t];
	double total = total_override >= 0 ? total_override : pc.total;
	json_t *o = json_pack("{s:s, s:o, s:I, s:o, s:b, s:o, s:I, s:o, s:o}", "area", area, "types", types, "days",
	                      (json_int_t)all, "total", pounds(total), "hidden", hidden, "shown_total",
	                      pounds(shown), "unpriced_days", (json_int_t)pc.unpriced_days, "price_year_from",
	                      fy_json(pc.price_year_min), "price_year_to", fy_json(pc.price_year_max));
	if (hidden)
		json_object_set_new(o, "total", json_null());
	return o;
}

/* Hides a figure of a council shown on its own so that none hidden can be worked out
 * from Scotland's (secondary suppression): for each type Scotland shows, when exactly
 * one council's is hidden, the smallest other council's with child-days is hidden too;
 * and when exactly one council's total is hidden while Scotland's is shown, the
 * smallest other council's total. Zero days are shown: they hide nothing. */
static void protect_secondary(json_t *councils, json_t *scotland)
{
	size_t i;
	json_t *a;
	for (int t = 0; t < MONEY_NTYPES; t++) {
		if (json_is_true(json_object_get(json_array_get(json_object_get(scotland, "types"), t), "few")))
			continue;
		size_t hidden = 0;
		json_t *smallest = NULL, *smallest_area = NULL;
		json_array_foreach(councils, i, a)
		{
			json_t *ty = json_array_get(json_object_get(a, "types"), t);
			if (json_is_true(json_object_get(ty, "few"))) {
				hidden++;
				continue;
			}
			json_int_t d = json_integer_value(json_object_get(ty, "days"));
			if (d > 0 && (!smallest || d < json_integer_value(json_object_get(smallest, "days")))) {
				smallest = ty;
				smallest_area = a;
			}
		}
		if (hidden != 1 || !smallest)
			continue;
		json_t *c = json_object_get(smallest, "cost");
		if (json_is_number(c)) {
			double shown = json_number_value(json_object_get(smallest_area, "shown_total")) - json_number_value(c);
			json_object_set_new(smallest_area, "shown_total", json_real(round(shown * 100) / 100));
		}
		json_object_set_new(smallest, "few", json_true());
		json_object_set_new(smallest, "days", json_null());
		json_object_set_new(smallest, "cost", json_null());
		json_object_set_new(smallest_area, "hidden", json_true());
		json_object_set_new(smallest_area, "total", json_null());
	}
	if (!json_is_number(json_object_get(scotland, "total")))
		return;
	size_t hidden = 0;
	json_t *smallest = NULL;
	json_array_foreach(councils, i, a)
	{
		json_t *tot = json_object_get(a, "total");
		if (!json_is_number(tot))
			hidden++;
		else if (json_number_value(tot) > 0 &&
		         (!smallest || json_number_value(tot) < json_number_value(json_object_get(smallest, "total"))))
			smallest = a;
	}
	if (hidden == 1 && smallest)
		json_object_set_new(smallest, "total", json_null());
}

json_t *money_costs_report(struct store *s, const char *area, int fy, int price_year, double inflation_pct,
                           struct kerr *e)
{
	/* The records of financial year fy (to 31 March fy + 1) are in each council's
	 * import of the return year fy + 1 (to 31 July) or a later one with whole histories. */
	json_t *imports = store_care_latest(s, fy + 1, e);
	if (!imports)
		return NULL;
	struct money_unit_costs dflt;
	if (money_unit_costs_default(&dflt, e) < 0) {
		json_decref(imports);
		return NULL;
	}
	if (price_year >= 0)
		money_unit_costs_reprice(&dflt, price_year, inflation_pct);
	int64_t scot[MONEY_NTYPES] = {0};
	double scot_total = 0;
	json_t *councils = json_array();
	size_t i, with_records = 0;
	json_t *im;
	int rc = 0;
	json_array_foreach(imports, i, im)
	{
		const char *council = json_string_value(json_object_get(im, "council"));
		if (!council || !json_is_integer(json_object_get(im, "id")))
			continue;
		/* child-days need the children and their placements only */
		static const bool want[RECORDS_NFILES] = {[RECORDS_CHILDREN] = true, [RECORDS_PLACEMENTS] = true};
		struct records b;
		if (measures_load_only(s, im, want, &b, e) < 0) {
			rc = -1;
			break;
		}
		int64_t days[MONEY_NTYPES] = {0};
		money_child_days(&b, fy, days);
		records_free(&b);
		struct money_unit_costs uc;
		if (money_unit_costs_in_force(s, council, &uc, e) < 0) {
			rc = -1;
			break;
		}
		if (price_year >= 0)
			money_unit_costs_reprice(&uc, price_year, inflation_pct);
		struct money_placement_costs pc;
		money_placement_costs(days, &uc, &pc);
		for (int t = 0; t < MONEY_NTYPES; t++)
			scot[t] += days[t];
		scot_total += pc.total;
		with_records++;
		json_t *a = area_json(council, days, &uc, -1);
		json_object_set_new(a, "name", measures_area_name(council));
		json_array_append_new(councils, a);
	}
	json_decref(imports);
	if (rc < 0) {
		json_decref(councils);
		return NULL;
	}
	/* Scotland: the councils' child-days summed; its total the councils' totals, each
	 * with the council's own costs where it set them, and the default unit costs shown. */
	json_t *scotland = area_json(MEASURES_SCOTLAND, scot, &dflt, scot_total);
	json_object_set_new(scotland, "name", json_string("Scotland"));
	protect_secondary(councils, scotland);
	if (area && strcmp(area, MEASURES_SCOTLAND) != 0) {
		/* One council beside Scotland: Scotland stays every council's sum. */
		json_t *one = json_array();
		json_array_foreach(councils, i, im) if (strcmp(json_string_value(json_object_get(im, "area")), area) == 0)
		    json_array_append(one, im);
		json_decref(councils);
		councils = one;
	}
	struct money_failure_params fp;
	struct money_failure f;
	if (money_failure_params_default(&fp, e) < 0) {
		json_decref(councils);
		json_decref(scotland);
		return NULL;
	}
	money_failure_compute(&fp, -1, -1, 0, &f);
	json_t *out = json_pack("{s:o, s:o, s:I, s:o, s:o, s:o}", "year", fy_json(fy), "fy", json_integer(fy),
	                        "councils_with_records", (json_int_t)with_records, "scotland", scotland, "councils",
	                        councils, "failure", money_failure_json(&f, &fp));
	return out;
}

json_t *money_failure_json(const struct money_failure *f, const struct money_failure_params *p)
{
	json_t *outcomes = json_array();
	for (int o = 0; o < MF_NOUTCOMES; o++)
		json_array_append_new(
		    outcomes,
		    json_pack("{s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:o}", "key", money_failure_keys[o], "label",
		              money_failure_labels[o], "priced", f->o[o].priced, "cases",
		              f->o[o].priced ? json_real(round(f->o[o].cases * 10) / 10) : json_null(), "extra_cases",
		              f->o[o].priced ? json_real(round(f->o[o].extra_cases * 10) / 10) : json_null(),
		              "cost_per_case", pounds(f->o[o].cost_per_case), "cost", pounds(f->o[o].cost), "price_year",
		              f->o[o].priced ? fy_json(f->o[o].price_year) : json_null()));
	json_t *params = json_array();
	for (size_t i = 0; p && i < p->n; i++) {
		const struct money_failure_param *q = &p->p[i];
		json_array_append_new(params, json_pack("{s:s, s:o, s:s, s:o, s:s, s:s}", "key", q->key, "value",
		                                        q->known ? json_real(q->value) : json_null(), "unit", q->unit,
		                                        "price_year", fy_json(q->price_year), "source", q->source, "note",
		                                        q->note));
	}
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "outcomes", outcomes, "needs_total",
	                 pounds(f->needs_total), "lost_per_adult", pounds(f->lost_per_adult), "tax_price_year",
	                 fy_json(f->tax_price_year), "adults", f->adults < 0 ? json_null() : json_real(f->adults),
	                 "lost_total", pounds(f->lost_total), "the_money_needs", pounds(f->the_money_needs),
	                 "the_money_lost", pounds(f->the_money_lost), "parameters", params);
}
