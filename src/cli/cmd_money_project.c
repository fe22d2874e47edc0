/* keep money project --area CODE|scotland [--from DATE --to DATE] [--months N|--to-2030]
 *                    [--draws N] [--seed N] [--format table|csv|json] [--db FILE]
 * keep money backtest --area CODE|scotland --at DATE [--draws N] [--seed N] [--format ...]
 * The projection of children looked after and their placements' cost, with bands, and
 * its backtest (money/money.h; docs/money.md), from the stored care records: each
 * council's latest import. Only figures for an area, never a child's row. */
#include "cli/cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "money/money.h"

struct args {
	const char *db, *area, *from, *to, *at, *format;
	long months, draws;
	unsigned long long seed;
	bool to_2030;
};

static int parse(const char *cmd, int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},     {"area", required_argument, NULL, 'a'},
	    {"from", required_argument, NULL, 'F'},   {"to", required_argument, NULL, 'T'},
	    {"months", required_argument, NULL, 'm'}, {"to-2030", no_argument, NULL, 'Z'},
	    {"draws", required_argument, NULL, 'n'},  {"seed", required_argument, NULL, 's'},
	    {"format", required_argument, NULL, 'f'}, {"at", required_argument, NULL, 'A'},
	    {NULL, 0, NULL, 0},
	};
	*a = (struct args){.db = cli_default_db(), .format = "table", .draws = 1000, .seed = 1};
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

static struct money_options options(const struct args *a)
{
	struct money_options o = {.draws = (int)a->draws, .seed = a->seed};
	/* no unit costs yet: every type is counted, none costed */
	for (int t = 0; t < MONEY_NTYPES; t++)
		o.weekly_cost[t] = -1;
	return o;
}

static void day_text(int32_t day, char out[11]) { date_format(date_from_days(day), out); }

static json_t *band_json(struct money_band3 b) { return json_pack("{s:f, s:f, s:f}", "p5", b.p5, "p50", b.p50, "p95", b.p95); }

static void print_band(struct money_band3 b)
{
	printf("%8.0f (%.0f to %.0f)", b.p50, b.p5, b.p95);
}

/* The records of area, and the period: given, or the default of each batch cut to what
 * all of them show. */
static int load(const char *cmd, const struct args *a, struct store **s, struct records **b, size_t *n)
{
	struct kerr e = {0};
	*s = store_open(a->db, STORE_READONLY, &e);
	if (!*s)
		return cli_fail(cmd, "%s", e.msg);
	if (money_area_load(*s, a->area, b, n, &e) < 0) {
		store_close(*s);
		return e.code == KERR_USAGE ? cli_usage_error(cmd, "--area %s", e.msg) : cli_fail(cmd, "%s", e.msg);
	}
	return 0;
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
	if ((rc = load(cmd, &a, &s, &b, &n)))
		return rc;
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
	struct money_options o = options(&a);
	o.start = to + 1;
	o.months = a.months ? (int)a.months : money_months_to_2030(o.start);
	o.price_year = money_fy_of(o.start);
	struct money_projection p;
	if (money_project(&c, &o, NULL, &p, &e) < 0)
		return cli_fail(cmd, "%s", e.msg);

	char f[11], t[11], m[11];
	day_text(from, f);
	day_text(to, t);
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
		json_t *out = json_pack("{s:s, s:s, s:s, s:i, s:I, s:I, s:b, s:o, s:o}", "area", a.area, "from", f, "to", t,
		                        "draws", o.draws, "seed", (json_int_t)o.seed, "children_in_period",
		                        (json_int_t)c.children, "costed", 0, "months", months, "years", years);
		char *text = json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", text);
		free(text);
		json_decref(out);
	} else if (strcmp(a.format, "csv") == 0) {
		printf("month,figure,type,p5,p50,p95\n");
		for (int k = 0; k < p.months; k++) {
			day_text(p.month_start[k], m);
			printf("%s,looked_after,,%.0f,%.0f,%.0f\n", m, p.total[k].p5, p.total[k].p50, p.total[k].p95);
			for (int ty = 0; ty < MONEY_NTYPES; ty++) {
				struct money_band3 x = p.children[k * MONEY_NTYPES + ty];
				printf("%s,children,%s,%.0f,%.0f,%.0f\n", m, records_placement_type_codes[ty], x.p5, x.p50, x.p95);
			}
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
		printf("\nNo weekly costs are set yet, so every placement type is counted, not costed.\n");
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
	if (a.from || a.to || a.months || a.to_2030)
		return cli_usage_error(cmd, "--from, --to, --months and --to-2030 are for keep money project");
	int32_t at = 0;
	if (day_arg(cmd, "--at", a.at, &at))
		return EXIT_USAGE;
	struct store *s;
	struct records *b;
	size_t n;
	if ((rc = load(cmd, &a, &s, &b, &n)))
		return rc;
	const struct records **bs = calloc(n, sizeof *bs);
	for (size_t i = 0; i < n; i++)
		bs[i] = &b[i];
	struct money_options o = options(&a);
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
