/* keep money project --area CODE|scotland [--from DATE --to DATE] [--months N|--to-2030]
 *                    [--draws N] [--seed N] [--scenario SLUG] [--price-year Y]
 *                    [--inflation PCT] [--discount PCT] [--format table|csv|json] [--db FILE]
 * keep money backtest --area CODE|scotland --at DATE [--draws N] [--seed N] [--format ...]
 * The projection of children looked after and their placements' cost, with bands, and
 * its backtest (money/money.h; docs/money.md), from the stored care records: each
 * council's latest import. Only figures for an area, never a child's row. */
#include "cli/cli.h"
#include "cli/cmd_money.h"

#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "money/money.h"
#include "plan/scenario.h"

struct args {
	const char *db, *area, *from, *to, *at, *format, *scenario;
	long months, draws;
	unsigned long long seed;
	bool to_2030;
	int price_year;               /* -1: each unit cost in its own price year */
	double inflation, discount;   /* percentages a year */
	bool inflation_set, discount_set;
};

/* A percentage a year from lo to hi, or an exit code. */
static int pct_arg(const char *cmd, const char *opt, const char *text, double lo, double hi, double *out)
{
	char *end;
	*out = strtod(text, &end);
	if (!*text || *end || !isfinite(*out) || *out < lo || *out > hi)
		return cli_usage_error(cmd, "%s '%s' is not a percentage a year (%g to %g)", opt, text, lo, hi);
	return 0;
}

static int parse(const char *cmd, int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},     {"area", required_argument, NULL, 'a'},
	    {"from", required_argument, NULL, 'F'},   {"to", required_argument, NULL, 'T'},
	    {"months", required_argument, NULL, 'm'}, {"to-2030", no_argument, NULL, 'Z'},
	    {"draws", required_argument, NULL, 'n'},  {"seed", required_argument, NULL, 's'},
	    {"format", required_argument, NULL, 'f'}, {"at", required_argument, NULL, 'A'},
	    {"scenario", required_argument, NULL, 'S'}, {"price-year", required_argument, NULL, 'p'},
	    {"inflation", required_argument, NULL, 'i'}, {"discount", required_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	*a = (struct args){.db = cli_default_db(), .format = "table", .draws = 1000, .seed = 1, .price_year = -1};
	int c;
	char *end;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'd': a->db = optarg; break;
		case 'a': a->area = optarg; break;
		case 'F': a->from = optarg; break;
		case 'T': a->to = optarg; break;
		case 'A': a->at = optarg; break;
		case 'f': a->format = optarg; break;
		case 'Z': a->to_2030 = true; break;
		case 'S': a->scenario = optarg; break;
		case 'p':
			a->price_year = money_fy_parse(optarg);
			if (a->price_year < 1990 || a->price_year > 2100)
				return cli_usage_error(cmd, "--price-year '%s' is not a financial year such as 2024-25", optarg);
			break;
		case 'i':
			a->inflation_set = true;
			if (pct_arg(cmd, "--inflation", optarg, -50, 100, &a->inflation))
				return EXIT_USAGE;
			break;
		case 'r':
			a->discount_set = true;
			if (pct_arg(cmd, "--discount", optarg, 0, 100, &a->discount))
				return EXIT_USAGE;
			break;
		case 'm':
			a->months = strtol(optarg, &end, 10);
			if (!*optarg || *end || a->months < 1 || a->months > 1200)
				return cli_usage_error(cmd, "--months '%s' is not a number of months from 1 to 1200", optarg);
			break;
		case 'n':
			a->draws = strtol(optarg, &end, 10);
			if (!*optarg || *end || a->draws < 1 || a->draws > 100000)
				return cli_usage_error(cmd, "--draws '%s' is not a number from 1 to 100000", optarg);
			break;
		case 's':
			a->seed = strtoull(optarg, &end, 10);
			if (!*optarg || *end || *optarg == '-')
				return cli_usage_error(cmd, "--seed '%s' is not a whole number of 0 or more", optarg);
			break;
		case ':': return cli_usage_error(cmd, "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected '%s'", argv[optind]);
	if (!a->area)
		return cli_usage_error(cmd, "--area is needed: a council area's code, or scotland");
	if (strcmp(a->format, "table") != 0 && strcmp(a->format, "csv") != 0 && strcmp(a->format, "json") != 0)
		return cli_usage_error(cmd, "--format '%s': expected table, csv or json", a->format);
	return 0;
}

static int day_arg(const char *cmd, const char *opt, const char *text, int32_t *out)
{
	struct kdate d;
	struct kerr e = {0};
	if (date_parse(text, &d, &e) < 0)
		return cli_usage_error(cmd, "%s '%s' is not a date (YYYY-MM-DD)", opt, text);
	*out = (int32_t)date_days(d);
	return 0;
}

/* The options, with the weekly unit costs in force for the area (docs/money.md "Unit
 * costs and placement costs from the records"; each in its own price year, not
 * adjusted; a type no source prices is counted, not costed). */
static struct money_options options(const struct args *a, const struct money_unit_costs *uc)
{
	struct money_options o = {.draws = (int)a->draws, .seed = a->seed};
	for (int t = 0; t < MONEY_NTYPES; t++)
		o.weekly_cost[t] = uc ? uc->t[t].weekly : -1;
	return o;
}

/* The first day of the month after day's. */
static int32_t month_after(int32_t day)
{
	struct kdate d = date_from_days(day);
	return (int32_t)date_days(d.m == 12 ? (struct kdate){d.y + 1, 1, 1} : (struct kdate){d.y, d.m + 1, 1});
}

static void day_text(int32_t day, char out[11]) { date_format(date_from_days(day), out); }

static json_t *band_json(struct money_band3 b) { return json_pack("{s:f, s:f, s:f}", "p5", b.p5, "p50", b.p50, "p95", b.p95); }

static void print_band(struct money_band3 b)
{
	printf("%8.0f (%.0f to %.0f)", b.p50, b.p5, b.p95);
}

/* The records of area, and the period: given, or the default of each batch cut to what
 * all of them show. */
static int load(const char *cmd, const struct args *a, struct store **s, struct records **b, size_t *n,
                struct money_unit_costs *uc)
{
	struct kerr e = {0};
	*s = store_open(a->db, STORE_READONLY, &e);
	if (!*s)
		return cli_fail(cmd, "%s", e.msg);
	if (money_area_load(*s, a->area, b, n, &e) < 0) {
		store_close(*s);
		return e.code == KERR_USAGE ? cli_usage_error(cmd, "--area %s", e.msg) : cli_fail(cmd, "%s", e.msg);
	}
	if (money_unit_costs_in_force(*s, strcmp(a->area, "scotland") == 0 ? NULL : a->area, uc, &e) < 0) {
		money_area_free(*b, *n);
		store_close(*s);
		return cli_fail(cmd, "%s", e.msg);
	}
	return 0;
}

/* A break-even month number (an index of p's months) as the month it is in
 * ("2027-06"), or "never" (not by the horizon). */
static void be_month(const struct money_projection *p, double k, char out[11])
{
	if (k < 0 || k >= p->months) {
		snprintf(out, 11, "never");
		return;
	}
	day_text(p->month_start[(int)k], out);
	out[7] = '\0';
}

/* The last month of year index y (the cumulative net position at the year's end). */
static int year_last_month(const struct money_projection *p, int y)
{
	int k = -1;
	for (int i = 0; i < p->months; i++)
		if (money_fy_of(p->month_start[i]) == p->fy[y])
			k = i;
	return k;
}

/* What the pounds are, in words. */
static void pounds_words(const struct args *a, const struct money_options *o, struct buf *out)
{
	char py[8], y0[8];
	money_fy_words(o->price_year, py);
	money_fy_words(money_fy_of(o->start), y0);
	if (a->price_year >= 0 || a->inflation_set)
		buf_printf(out, "pounds of %s (each weekly cost moved to them at %g%% a year)", py, a->inflation);
	else
		buf_puts(out, "pounds of each weekly cost's own price year");
	if (o->inflation_pct != 0)
		buf_printf(out, ", each later year's inflated at %g%% a year", o->inflation_pct);
	if (o->discount_pct != 0)
		buf_printf(out, ", discounted to %s at %g%% a year%s", y0, o->discount_pct,
		           o->discount_pct == MONEY_GREEN_BOOK_PCT ? " (HM Treasury's Green Book rate)" : "");
}

static json_t *scenario_json(const struct args *a, const struct money_scenario *sc,
                             const struct money_scenario_about *about, const struct money_projection *p)
{
	json_t *months = json_array(), *years = json_array();
	char m[11];
	for (int k = 0; k < p->months; k++) {
		day_text(p->month_start[k], m);
		json_t *kids = json_object();
		for (int ty = 0; ty < MONEY_NTYPES; ty++)
			json_object_set_new(kids, records_placement_type_codes[ty], band_json(p->s_children[k * MONEY_NTYPES + ty]));
		json_array_append_new(
		    months, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "start", m, "looked_after",
		                      band_json(p->s_total[k]), "children", kids, "cost", band_json(p->s_cost[k]), "investment",
		                      band_json(p->investment[k]), "gross_saving", band_json(p->gross_saving[k]), "net_saving",
		                      band_json(p->net_saving[k]), "net_position", band_json(p->net_saving_cum[k])));
	}
	for (int y = 0; y < p->years; y++) {
		char fy[8];
		money_fy_words(p->fy[y], fy);
		int k = year_last_month(p, y);
		json_array_append_new(years, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "year", fy, "cost",
		                                       band_json(p->s_year_cost[y]), "investment",
		                                       band_json(p->year_investment[y]), "gross_saving",
		                                       band_json(p->year_gross_saving[y]), "net_saving",
		                                       band_json(p->year_net_saving[y]), "net_position_at_year_end",
		                                       band_json(p->net_saving_cum[k])));
	}
	char b5[11], b50[11], b95[11];
	be_month(p, p->break_even.p5, b5);
	be_month(p, p->break_even.p50, b50);
	be_month(p, p->break_even.p95, b95);
	return json_pack("{s:s, s:s, s:s, s:b, s:o, s:o, s:{s:s, s:s, s:s, s:f}}", "slug", a->scenario, "name", sc->name,
	                 "area", about->area, "made_up", about->made_up, "months", months, "years", years, "break_even",
	                 "p5", b5, "p50", b50, "p95", b95, "never_share", p->break_even_never_share);
}

static void print_pounds(struct money_band3 b)
{
	char x[32], lo[32], hi[32];
	money_thousands(x, sizeof x, fabs(b.p50));
	money_thousands(lo, sizeof lo, fabs(b.p5));
	money_thousands(hi, sizeof hi, fabs(b.p95));
	printf("%s£%s (%s£%s to %s£%s)", b.p50 < 0 ? "-" : "", x, b.p5 < 0 ? "-" : "", lo, b.p95 < 0 ? "-" : "", hi);
}

static void scenario_table(const char *area, const struct money_scenario *sc, const struct money_scenario_about *about,
                           const struct money_projection *p)
{
	int K = p->months - 1;
	printf("\nThe scenario \"%s\" beside the baseline (the same draws, with its effects)%s.\n", sc->name,
	       about->made_up ? "; its figures are made up" : "");
	const char *code = strcmp(area, "scotland") == 0 ? MONEY_SCOTLAND : area;
	if (strcmp(code, about->area) != 0)
		printf("It was written for %s: here its whole investment is set against the children of %s.\n",
		       strcmp(about->area, MONEY_SCOTLAND) == 0 ? "Scotland" : about->area,
		       strcmp(code, MONEY_SCOTLAND) == 0 ? "Scotland" : area);
	printf("Children looked after at the end of the last month: baseline ");
	print_band(p->total[K]);
	printf(", with the scenario ");
	print_band(p->s_total[K]);
	printf("\nBy financial year: the middle of the draws (the 5th to the 95th percentile).\n");
	for (int y = 0; y < p->years; y++) {
		char fy[8];
		money_fy_words(p->fy[y], fy);
		printf("  %-8s cost, baseline        ", fy);
		print_pounds(p->year_cost[y]);
		printf("\n           cost, scenario        ");
		print_pounds(p->s_year_cost[y]);
		printf("\n           investment            ");
		print_pounds(p->year_investment[y]);
		printf("\n           gross saving          ");
		print_pounds(p->year_gross_saving[y]);
		printf("\n           net saving            ");
		print_pounds(p->year_net_saving[y]);
		printf("\n           net position, to date ");
		print_pounds(p->net_saving_cum[year_last_month(p, y)]);
		putchar('\n');
	}
	char b5[11], b50[11], b95[11];
	be_month(p, p->break_even.p5, b5);
	be_month(p, p->break_even.p50, b50);
	be_month(p, p->break_even.p95, b95);
	printf("Break-even (the month from whose end the cumulative net position stays at or above £0): ");
	if (p->break_even.p5 < 0)
		printf("none by the end of the projection.\n");
	else
		printf("%s (%s to %s); none by the end of the projection in %.0f%% of the draws.\n", b50, b5, b95,
		       100 * p->break_even_never_share);
}

int cmd_money_project(int argc, char **argv)
{
	const char *cmd = "money project";
	struct args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc;
	if (a.at)
		return cli_usage_error(cmd, "--at is for keep money backtest");
	if (a.months && a.to_2030)
		return cli_usage_error(cmd, "give --months or --to-2030, not both");
	if (!a.from != !a.to)
		return cli_usage_error(cmd, "give both --from and --to, or neither");
	int32_t from = 0, to = 0;
	if (a.from && (day_arg(cmd, "--from", a.from, &from) || day_arg(cmd, "--to", a.to, &to)))
		return EXIT_USAGE;
	struct store *s;
	struct records *b;
	size_t n;
	struct money_unit_costs uc;
	if ((rc = load(cmd, &a, &s, &b, &n, &uc)))
		return rc;
	struct money_scenario sc;
	struct money_scenario_about about;
	if (a.scenario) {
		struct kerr se = {0};
		if (scenario_load(s, a.scenario, &sc, &about, &se) < 0) {
			money_area_free(b, n);
			store_close(s);
			return se.code == KERR_NOTFOUND ? cli_fail(cmd, "--scenario: there is no scenario called '%s'", a.scenario)
			                                : cli_fail(cmd, "%s", se.msg);
		}
	}
	if (!a.from) {
		for (size_t i = 0; i < n; i++) {
			int32_t f, t;
			money_default_period(&b[i], &f, &t);
			if (i == 0 || f > from)
				from = f;
			if (i == 0 || t < to)
				to = t;
		}
	}
	struct kerr e = {0};
	struct money_counts c;
	money_counts_zero(&c, from, to);
	for (size_t i = 0; i < n && rc == 0; i++)
		if (money_counts_add(&c, &b[i], &e) < 0)
			rc = e.code == KERR_USAGE ? cli_usage_error(cmd, "%s", e.msg) : cli_fail(cmd, "%s", e.msg);
	money_area_free(b, n);
	store_close(s);
	if (rc)
		return rc;
	/* Pounds: each unit cost in its own price year, unless a price year (or inflation) is
	 * asked for: then every cost is first moved into the price year's pounds (the first
	 * projected year's by default) at the inflation rate (docs/money.md "Prices,
	 * inflation and discounting"). */
	bool priced_in_year = a.price_year >= 0 || a.inflation_set;
	int price_year = a.price_year >= 0 ? a.price_year : money_fy_of(to + 1);
	if (priced_in_year)
		money_unit_costs_reprice(&uc, price_year, a.inflation);
	struct money_options o = options(&a, &uc);
	o.start = to + 1;
	o.months = a.months ? (int)a.months : money_months_to_2030(o.start);
	o.price_year = price_year;
	o.inflation_pct = a.inflation;
	o.discount_pct = a.discount;
	struct money_projection p;
	if (money_project(&c, &o, a.scenario ? &sc : NULL, &p, &e) < 0)
		return cli_fail(cmd, "%s", e.msg);

	char f[11], t[11], m[11];
	day_text(from, f);
	day_text(to, t);
	int costed = 0;
	for (int ty = 0; ty < MONEY_NTYPES; ty++)
		costed |= o.weekly_cost[ty] >= 0;
	if (strcmp(a.format, "json") == 0) {
		json_t *months = json_array(), *years = json_array();
		for (int k = 0; k < p.months; k++) {
			day_text(p.month_start[k], m);
			json_t *kids = json_object();
			for (int ty = 0; ty < MONEY_NTYPES; ty++)
				json_object_set_new(kids, records_placement_type_codes[ty],
				                    band_json(p.children[k * MONEY_NTYPES + ty]));
			json_array_append_new(months, json_pack("{s:s, s:o, s:o, s:o}", "start", m, "looked_after",
			                                        band_json(p.total[k]), "children", kids, "cost",
			                                        band_json(p.cost[k])));
		}
		for (int y = 0; y < p.years; y++) {
			char fy[8];
			money_fy_words(p.fy[y], fy);
			json_array_append_new(years, json_pack("{s:s, s:o}", "year", fy, "cost", band_json(p.year_cost[y])));
		}
		char py[8];
		money_fy_words(o.price_year, py);
		json_t *out = json_pack("{s:s, s:s, s:s, s:i, s:I, s:I, s:b, s:o, s:f, s:f, s:o, s:o}", "area", a.area, "from",
		                        f, "to", t, "draws", o.draws, "seed", (json_int_t)o.seed, "children_in_period",
		                        (json_int_t)c.children, "costed", costed, "price_year",
		                        priced_in_year ? json_string(py) : json_null(), "inflation_pct", o.inflation_pct,
		                        "discount_pct", o.discount_pct, "months", months, "years", years);
		if (a.scenario)
			json_object_set_new(out, "scenario", scenario_json(&a, &sc, &about, &p));
		char *text = json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", text);
		free(text);
		json_decref(out);
	} else if (strcmp(a.format, "csv") == 0) {
		printf("month,figure,type,p5,p50,p95\n");
		for (int k = 0; k < p.months; k++) {
			day_text(p.month_start[k], m);
			printf("%s,looked_after,,%.0f,%.0f,%.0f\n", m, p.total[k].p5, p.total[k].p50, p.total[k].p95);
			printf("%s,cost,,%.0f,%.0f,%.0f\n", m, p.cost[k].p5, p.cost[k].p50, p.cost[k].p95);
			for (int ty = 0; ty < MONEY_NTYPES; ty++) {
				struct money_band3 x = p.children[k * MONEY_NTYPES + ty];
				printf("%s,children,%s,%.0f,%.0f,%.0f\n", m, records_placement_type_codes[ty], x.p5, x.p50, x.p95);
			}
			if (!a.scenario)
				continue;
			static const char *const names[] = {"scenario_looked_after", "scenario_cost", "investment",
			                                    "gross_saving",          "net_saving",    "net_position"};
			const struct money_band3 *cols[] = {p.s_total, p.s_cost, p.investment, p.gross_saving, p.net_saving,
			                                    p.net_saving_cum};
			for (size_t i = 0; i < sizeof names / sizeof *names; i++)
				printf("%s,%s,,%.0f,%.0f,%.0f\n", m, names[i], cols[i][k].p5, cols[i][k].p50, cols[i][k].p95);
			for (int ty = 0; ty < MONEY_NTYPES; ty++) {
				struct money_band3 x = p.s_children[k * MONEY_NTYPES + ty];
				printf("%s,scenario_children,%s,%.0f,%.0f,%.0f\n", m, records_placement_type_codes[ty], x.p5, x.p50,
				       x.p95);
			}
		}
		if (a.scenario) {
			char b5[11], b50[11], b95[11];
			be_month(&p, p.break_even.p5, b5);
			be_month(&p, p.break_even.p50, b50);
			be_month(&p, p.break_even.p95, b95);
			printf(",break_even,,%s,%s,%s\n", b5, b50, b95);
		}
	} else {
		printf("Projection for %s: rates from %s to %s (%zu children), %d draws, seed %llu.\n", a.area, f, t,
		       c.children, o.draws, (unsigned long long)o.seed);
		printf("Children looked after at the end of each month: the middle of the draws (the 5th to the 95th "
		       "percentile).\n\n");
		printf("%-10s  %s\n", "month", "looked after");
		for (int k = 0; k < p.months; k++) {
			day_text(p.month_start[k], m);
			m[7] = '\0';
			printf("%-10s  ", m);
			print_band(p.total[k]);
			putchar('\n');
		}
		printf("\nBy placement type at the end of the last month:\n");
		for (int ty = 0; ty < MONEY_NTYPES; ty++) {
			printf("  %-40s", money_type_labels[ty]);
			print_band(p.children[(p.months - 1) * MONEY_NTYPES + ty]);
			putchar('\n');
		}
		struct buf pw = {0};
		pounds_words(&a, &o, &pw);
		printf("\nThe cost of the placements by financial year, at the weekly costs in force, in %s:\n",
		       buf_str(&pw));
		buf_free(&pw);
		for (int y = 0; y < p.years; y++) {
			char fy[8];
			money_fy_words(p.fy[y], fy);
			int32_t first, last;
			money_fy_days(p.fy[y], &first, &last);
			bool part = first < o.start || last >= month_after(p.month_start[p.months - 1]);
			printf("  %-8s £%.0f (£%.0f to £%.0f)%s\n", fy, p.year_cost[y].p50, p.year_cost[y].p5, p.year_cost[y].p95,
			       part ? " (part of the year)" : "");
		}
		printf("A placement type no source prices is counted, not costed:");
		bool any = false;
		for (int ty = 0; ty < MONEY_NTYPES; ty++)
			if (o.weekly_cost[ty] < 0) {
				printf("%s %s", any ? "," : "", money_type_labels[ty]);
				any = true;
			}
		printf("%s.\n", any ? "" : " none");
		if (a.scenario)
			scenario_table(a.area, &sc, &about, &p);
	}
	money_projection_free(&p);
	return EXIT_OK;
}

int cmd_money_backtest(int argc, char **argv)
{
	const char *cmd = "money backtest";
	struct args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc;
	if (!a.at)
		return cli_usage_error(cmd, "--at is needed: the day to fit up to (YYYY-MM-DD)");
	if (a.from || a.to || a.months || a.to_2030 || a.scenario || a.price_year >= 0 || a.inflation_set ||
	    a.discount_set)
		return cli_usage_error(cmd, "--from, --to, --months, --to-2030, --scenario, --price-year, --inflation and "
		                            "--discount are for keep money project");
	int32_t at = 0;
	if (day_arg(cmd, "--at", a.at, &at))
		return EXIT_USAGE;
	struct store *s;
	struct records *b;
	size_t n;
	struct money_unit_costs uc;
	if ((rc = load(cmd, &a, &s, &b, &n, &uc)))
		return rc;
	const struct records **bs = calloc(n, sizeof *bs);
	for (size_t i = 0; i < n; i++)
		bs[i] = &b[i];
	struct money_options o = options(&a, NULL);
	struct money_backtest bt;
	struct kerr e = {0};
	rc = money_backtest(bs, n, at, &o, &bt, &e);
	free(bs);
	money_area_free(b, n);
	store_close(s);
	if (rc < 0)
		return e.code == KERR_USAGE ? cli_usage_error(cmd, "%s", e.msg) : cli_fail(cmd, "%s", e.msg);
	char d[11], f[11];
	day_text(at, d);
	day_text(bt.from, f);
	if (strcmp(a.format, "json") == 0) {
		json_t *hs = json_array();
		for (int h = 0; h < MONEY_BACKTEST_N; h++) {
			if (!bt.known[h])
				continue;
			char day[11];
			day_text(bt.day[h], day);
			json_t *types = json_array();
			for (int x = 0; x <= MONEY_NTYPES; x++)
				json_array_append_new(
				    types, json_pack("{s:s, s:f, s:o, s:f, s:b}", "type",
				                     x < MONEY_NTYPES ? records_placement_type_codes[x] : "looked_after", "truth",
				                     bt.truth[h][x], "projected", band_json(bt.projected[h][x]), "error_pct",
				                     bt.error_pct[h][x], "inside", bt.inside[h][x]));
			json_array_append_new(hs, json_pack("{s:i, s:s, s:f, s:i, s:o}", "months", money_backtest_months[h], "day",
			                                    day, "mean_abs_error_pct", bt.mean_abs_pct[h], "inside",
			                                    bt.inside_count[h], "types", types));
		}
		json_t *out = json_pack("{s:s, s:s, s:s, s:i, s:I, s:o}", "area", a.area, "at", d, "fit_from", f, "draws",
		                        o.draws ? o.draws : 1000, "seed", (json_int_t)o.seed, "horizons", hs);
		char *text = json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", text);
		free(text);
		json_decref(out);
		return EXIT_OK;
	}
	bool csv = strcmp(a.format, "csv") == 0;
	if (csv)
		printf("months,day,type,truth,p5,p50,p95,error_pct,inside\n");
	else
		printf("Backtest for %s: fitted on the records as they stood on %s (rates from %s), projected "
		       "forward and compared with what the records show.\n",
		       a.area, d, f);
	for (int h = 0; h < MONEY_BACKTEST_N; h++) {
		char day[11];
		day_text(bt.day[h], day);
		if (!bt.known[h]) {
			if (!csv)
				printf("\n%d months on (%s): the records do not reach that day.\n", money_backtest_months[h], day);
			continue;
		}
		if (!csv)
			printf("\n%d months on (%s): mean error %.1f%% of the types with 10 or more children; %d of %d "
			       "figures inside their bands\n%-40s %8s  %s  %s\n",
			       money_backtest_months[h], day, bt.mean_abs_pct[h], bt.inside_count[h], MONEY_NTYPES + 1, "",
			       "records", "projected (5th to 95th)", "error");
		for (int x = 0; x <= MONEY_NTYPES; x++) {
			struct money_band3 pb = bt.projected[h][x];
			if (csv)
				printf("%d,%s,%s,%.0f,%.0f,%.0f,%.0f,%.1f,%s\n", money_backtest_months[h], day,
				       x < MONEY_NTYPES ? records_placement_type_codes[x] : "looked_after", bt.truth[h][x], pb.p5,
				       pb.p50, pb.p95, bt.error_pct[h][x], bt.inside[h][x] ? "yes" : "no");
			else
				printf("%-40s %8.0f  %8.0f (%.0f to %.0f)  %+.1f%%%s\n",
				       x < MONEY_NTYPES ? money_type_labels[x] : "all looked after", bt.truth[h][x], pb.p50, pb.p5,
				       pb.p95, bt.error_pct[h][x], bt.inside[h][x] ? "" : "  outside the band");
		}
	}
	return EXIT_OK;
}
