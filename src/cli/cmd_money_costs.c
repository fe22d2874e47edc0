/* keep money costs [--area CODE] [--year 2024-25] [--format table|csv|json] [--adults N]
 * [--price-year 2024-25 [--inflation PCT]] [--db FILE]: placement costs from the care
 * records and the cost of failure (money.h; docs/money.md). */
#include "cli/cli.h"
#include "cli/cmd_money.h"

#include "base/buf.h"
#include "base/text.h"
#include "measures/measures.h"
#include "money/money.h"
#include "store/money_costs.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_area(json_t *a)
{
	printf("\n%s\n", json_string_value(json_object_get(a, "name")));
	printf("  %-40s %12s  %-22s %16s\n", "placement type", "child-days", "a week (price year)", "cost");
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(a, "types"), i, t)
	{
		char days[32], week[48], cost[48];
		if (json_is_true(json_object_get(t, "few")))
			snprintf(days, sizeof days, "not shown");
		else
			money_thousands(days, sizeof days, json_number_value(json_object_get(t, "days")));
		if (json_is_true(json_object_get(t, "priced"))) {
			char w[32];
			money_thousands(w, sizeof w, json_number_value(json_object_get(t, "weekly_cost")));
			snprintf(week, sizeof week, "£%s (%s)%s", w, json_string_value(json_object_get(t, "price_year")),
			         json_is_true(json_object_get(t, "own")) ? " own" : "");
		} else {
			snprintf(week, sizeof week, "not priced");
		}
		json_t *c = json_object_get(t, "cost");
		if (json_is_number(c)) {
			char w[32];
			money_thousands(w, sizeof w, json_number_value(c));
			snprintf(cost, sizeof cost, "£%s", w);
		} else {
			snprintf(cost, sizeof cost, "%s",
			         json_is_true(json_object_get(t, "few")) ? "not shown"
			         : json_is_true(json_object_get(t, "priced")) ? "£0"
			                                                      : "not priced");
		}
		printf("  %-40s %12s  %-22s %16s\n", json_string_value(json_object_get(t, "label")), days, week, cost);
	}
	char total[32], unpriced[32];
	json_t *tot = json_object_get(a, "total");
	money_thousands(unpriced, sizeof unpriced, json_number_value(json_object_get(a, "unpriced_days")));
	if (json_is_number(tot)) {
		money_thousands(total, sizeof total, json_number_value(tot));
		printf("  Cost of the priced types: £%s", total);
	} else {
		money_thousands(total, sizeof total, json_number_value(json_object_get(a, "shown_total")));
		printf("  Cost of the types shown: £%s (the whole total is not shown: it could point at a few children)", total);
	}
	json_t *from = json_object_get(a, "price_year_from"), *to = json_object_get(a, "price_year_to");
	if (json_is_string(from))
		printf(" in pounds of %s%s%s", json_string_value(from),
		       json_equal(from, to) ? "" : " to ", json_equal(from, to) ? "" : json_string_value(to));
	printf("; %s child-days of types not priced.\n", unpriced);
}

static void print_failure(json_t *f)
{
	printf("\nThe cost of failure: Scotland, a year (keep's own model, docs/money.md)\n");
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(f, "outcomes"), i, o)
	{
		if (!json_is_true(json_object_get(o, "priced"))) {
			printf("  %-20s not priced (no source gives its cost)\n",
			       json_string_value(json_object_get(o, "label")));
			continue;
		}
		char extra[32], per[32], cost[32];
		money_thousands(extra, sizeof extra, json_number_value(json_object_get(o, "extra_cases")));
		money_thousands(per, sizeof per, json_number_value(json_object_get(o, "cost_per_case")));
		money_thousands(cost, sizeof cost, json_number_value(json_object_get(o, "cost")));
		printf("  %-20s %s more than peers' rate would give, × £%s = £%s (pounds of %s)\n",
		       json_string_value(json_object_get(o, "label")), extra, per, cost,
		       json_string_value(json_object_get(o, "price_year")));
	}
	char needs[32], tm_needs[32], per[32], tm_lost[32];
	money_thousands(needs, sizeof needs, json_number_value(json_object_get(f, "needs_total")));
	money_thousands(tm_needs, sizeof tm_needs, json_number_value(json_object_get(f, "the_money_needs")));
	money_thousands(per, sizeof per, json_number_value(json_object_get(f, "lost_per_adult")));
	money_thousands(tm_lost, sizeof tm_lost, json_number_value(json_object_get(f, "the_money_lost")));
	printf("  Meeting the needs failure creates: keep £%s a year; The Money (2020) £%s\n", needs, tm_needs);
	json_t *lost = json_object_get(f, "lost_total");
	if (json_is_number(lost)) {
		char l[32], n[32];
		money_thousands(l, sizeof l, json_number_value(lost));
		money_thousands(n, sizeof n, json_number_value(json_object_get(f, "adults")));
		printf("  Lost income tax and National Insurance: keep £%s a year (£%s for each of %s adults); "
		       "The Money (2020) £%s\n",
		       l, per, n, tm_lost);
	} else {
		printf("  Lost income tax and National Insurance: keep £%s a year for each care-experienced adult "
		       "(no source counts them: give --adults N); The Money (2020) £%s\n",
		       per, tm_lost);
	}
}

static void print_csv(json_t *areas, const char *year)
{
	struct buf out = {0};
	buf_puts(&out, "area,area_name,year,type,child_days,weekly_cost,price_year,cost,own\n");
	size_t i, k;
	json_t *a, *t;
	json_array_foreach(areas, i, a)
	{
		json_array_foreach(json_object_get(a, "types"), k, t)
		{
			const char *name = json_string_value(json_object_get(a, "name"));
			buf_printf(&out, "%s,", json_string_value(json_object_get(a, "area")));
			csv_field(&out, name, strlen(name));
			buf_printf(&out, ",%s,%s,", year, json_string_value(json_object_get(t, "type")));
			json_t *d = json_object_get(t, "days"), *w = json_object_get(t, "weekly_cost"),
			       *c = json_object_get(t, "cost"), *py = json_object_get(t, "price_year");
			if (json_is_number(d))
				buf_printf(&out, "%lld", (long long)json_integer_value(d));
			buf_puts(&out, ",");
			if (json_is_number(w))
				buf_printf(&out, "%.2f", json_number_value(w));
			buf_printf(&out, ",%s,", json_is_string(py) ? json_string_value(py) : "");
			if (json_is_number(c))
				buf_printf(&out, "%.2f", json_number_value(c));
			buf_printf(&out, ",%s\n", json_is_true(json_object_get(t, "own")) ? "yes" : "no");
		}
	}
	fwrite(out.p, 1, out.len, stdout);
	buf_free(&out);
}

int cmd_money_costs(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},     {"area", required_argument, NULL, 'a'},
	    {"year", required_argument, NULL, 'y'},   {"format", required_argument, NULL, 'f'},
	    {"adults", required_argument, NULL, 'n'}, {"price-year", required_argument, NULL, 'p'},
	    {"inflation", required_argument, NULL, 'i'}, {NULL, 0, NULL, 0},
	};
	const char *db = cli_default_db(), *area = NULL, *year_text = NULL, *format = "table";
	double adults = -1, inflation = 0;
	int price_year = -1;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		char *end = NULL;
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'a':
			area = optarg;
			break;
		case 'y':
			year_text = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'n':
			adults = strtod(optarg, &end);
			if (!*optarg || *end || !isfinite(adults) || adults < 0 || adults > 1e8)
				return cli_usage_error("money costs", "--adults '%s' is not a number of people (0 to 100,000,000)",
				                       optarg);
			break;
		case 'p':
			price_year = money_fy_parse(optarg);
			if (price_year < 1990 || price_year > 2100)
				return cli_usage_error("money costs", "--price-year '%s' is not a financial year such as 2024-25",
				                       optarg);
			break;
		case 'i':
			inflation = strtod(optarg, &end);
			if (!*optarg || *end || !isfinite(inflation) || inflation < -50 || inflation > 100)
				return cli_usage_error("money costs", "--inflation '%s' is not a percentage a year (-50 to 100)",
				                       optarg);
			break;
		case ':':
			return cli_usage_error("money costs", "%s needs a value", argv[optind - 1]);
		default:
			return cli_usage_error("money costs", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("money costs", "unexpected '%s'", argv[optind]);
	if (strcmp(format, "table") != 0 && strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)
		return cli_usage_error("money costs", "--format '%s': expected table, csv or json", format);
	int fy = -1;
	if (year_text) {
		fy = money_fy_parse(year_text);
		if (fy < 1990 || fy > 2100)
			return cli_usage_error("money costs", "--year '%s' is not a financial year such as 2024-25", year_text);
	}
	struct kerr e = {0};
	struct store *s = store_open(db, STORE_READONLY, &e);
	if (!s)
		return cli_fail("money costs", "%s", e.msg);
	int rc = EXIT_OK;
	json_t *r = NULL;
	if (area && strcmp(area, MEASURES_SCOTLAND) != 0 && !store_council_area_known(s, area, &e)) {
		rc = cli_usage_error("money costs", "--area '%s' is not a council area's code (see 'keep export council-areas')",
		                     area);
		goto done;
	}
	if (fy < 0) {
		fy = money_costs_latest_fy(s, &e);
		if (fy == -2) {
			rc = cli_fail("money costs", "%s", e.msg);
			goto done;
		}
		if (fy < 0) {
			rc = cli_fail("money costs", "%s holds no care records: import them with 'keep import records' first", db);
			goto done;
		}
	}
	r = money_costs_report(s, area, fy, price_year, inflation, &e);
	if (!r) {
		rc = cli_fail("money costs", "%s", e.msg);
		goto done;
	}
	char fyw[8];
	money_fy_words(fy, fyw);
	if (json_integer_value(json_object_get(json_object_get(r, "scotland"), "days")) == 0) {
		rc = cli_fail("money costs", "no council's care records cover %s (1 April %d to 31 March %d)", fyw, fy,
		              fy + 1);
		goto done;
	}
	struct money_failure_params fp;
	struct money_failure f;
	if (money_failure_params_default(&fp, &e) < 0) {
		rc = cli_fail("money costs", "%s", e.msg);
		goto done;
	}
	money_failure_compute(&fp, adults, price_year, inflation, &f);
	json_object_set_new(r, "failure", money_failure_json(&f, &fp));
	/* The areas asked for: one council and Scotland, or every council and Scotland. */
	json_t *areas = json_array();
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(r, "councils"), i, a) json_array_append(areas, a);
	json_array_append(areas, json_object_get(r, "scotland"));
	if (strcmp(format, "json") == 0) {
		json_t *o = json_pack("{s:s, s:O, s:O}", "year", fyw, "areas", areas, "failure", json_object_get(r, "failure"));
		char *text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", text);
		free(text);
		json_decref(o);
	} else if (strcmp(format, "csv") == 0) {
		print_csv(areas, fyw);
	} else {
		printf("Placement costs from the care records, %s (1 April %d to 31 March %d)\n", fyw, fy, fy + 1);
		if (price_year >= 0) {
			char pw[8];
			money_fy_words(price_year, pw);
			printf("Child-days by placement type times the weekly unit cost in force; every cost in the pounds of\n"
			       "%s, moved at %g%% a year.\n",
			       pw, inflation);
		} else {
			printf("Child-days by placement type times the weekly unit cost in force; costs are in the pounds of\n"
			       "each figure's own price year, not adjusted.\n");
		}
		json_array_foreach(areas, i, a) print_area(a);
		print_failure(json_object_get(r, "failure"));
	}
	json_decref(areas);
done:
	json_decref(r);
	store_close(s);
	return rc;
}
