/* keep money spend: what is spent in an area or Scotland, by financial year
 * (docs/money.md "Spend"). */
#include "cli/cli.h"
#include "cli/cmd_money.h"

#include "base/buf.h"
#include "base/date.h"
#include "base/text.h"
#include "money/money.h"
#include "money/spend.h"
#include "plan/spend.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char spend_usage[] =
	"usage: keep money spend [--area CODE] [--year YYYY-YY] [--format table|csv|json] [--db FILE]\n"
	"       keep money spend --publish [--db FILE]\n"
	"\n"
	"What is spent in a council area, or in Scotland, by financial year (1 April to 31\n"
	"March), from the spend lines organisations have entered (the web form, the API, or\n"
	"'keep import spend'): the total and its change from the year before; the share on\n"
	"early help and prevention, and on crisis; the share in pooled budgets; the amounts\n"
	"by heading, group and HECM level; and spend per child looked after (on 31 July of\n"
	"the year, from the published measures), compared across councils. Scotland's\n"
	"figures take every line: national ones and every council area's. docs/money.md\n"
	"\"Spend\" states every rule.\n"
	"\n"
	"  --area CODE      a council area's code, or S92000003 for Scotland (the default)\n"
	"  --year YYYY-YY   one financial year (2024-25, or 2024); default: every year\n"
	"  --format FORMAT  table (default), csv (one row per year and figure) or json\n"
	"  --db FILE        the database (default keep.db, or $KEEP_DB)\n"
	"  --publish        publish the Oversight Board's indicator \"Share of community-based\n"
	"                   health and social care spend on preventative whole family\n"
	"                   support\" for Scotland: its figure of every financial year that\n"
	"                   has ended (docs/money.md \"Spend\" states the rule), audited; a\n"
	"                   figure already published the same is left alone\n"
	"\n"
	"Headings (heading column):\n"
	"%s"
	"Levels: families_places, services, national_system. Kinds: crisis_acute,\n"
	"early_help_prevention.\n"
	"\n"
	"Exit status: 0 done, 1 failed, 2 bad usage.\n";

static void print_usage(void)
{
	struct buf h = {0};
	for (int i = 0; i < SPEND_NHEADINGS; i++)
		buf_printf(&h, "  %-28s %s\n", spend_headings[i].key, spend_headings[i].label);
	printf(spend_usage, buf_str(&h));
	buf_free(&h);
}

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void pounds_of(json_t *v, char out[32])
{
	if (json_is_integer(v))
		spend_pounds(json_integer_value(v), out);
	else
		snprintf(out, 32, "not available");
}

static void percent_of(json_t *v, char out[32])
{
	spend_percent(json_is_integer(v) ? json_integer_value(v) : -1, out);
}

static void csv_row(struct buf *o, const char *area, const char *fy, const char *what, const char *key,
                    const char *label, json_t *value)
{
	const char *cells[] = {area, fy, what, key, label};
	for (size_t i = 0; i < 5; i++) {
		csv_field(o, cells[i], strlen(cells[i]));
		buf_putc(o, ',');
	}
	if (json_is_integer(value))
		buf_printf(o, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
	buf_putc(o, '\n');
}

static void spend_csv(json_t *view, json_t *years)
{
	struct buf o = {0};
	buf_puts(&o, "area,financial_year,what,key,label,value\n");
	const char *area = str(view, "area");
	size_t i;
	json_t *y;
	json_array_foreach(years, i, y)
	{
		const char *fy = str(y, "financial_year");
		csv_row(&o, area, fy, "pounds", "total", "Total spent", json_object_get(y, "total"));
		csv_row(&o, area, fy, "tenths_of_percent", "change", "Change from the year before",
		        json_object_get(y, "change"));
		csv_row(&o, area, fy, "tenths_of_percent", "prevention_share", "Share on early help and prevention",
		        json_object_get(y, "prevention_share"));
		csv_row(&o, area, fy, "tenths_of_percent", "pooled_share", "Share in pooled budgets",
		        json_object_get(y, "pooled_share"));
		static const char *const parts[] = {"groups", "headings", "levels", "kinds"};
		for (size_t p = 0; p < 4; p++) {
			size_t k;
			json_t *x;
			json_array_foreach(json_object_get(y, parts[p]), k, x)
			    csv_row(&o, area, fy, "pounds", str(x, "key"), str(x, "label"), json_object_get(x, "pounds"));
		}
		csv_row(&o, area, fy, "children", "children", "Children looked after on 31 July",
		        json_object_get(y, "children"));
		csv_row(&o, area, fy, "pounds", "per_child", "Spent per child looked after", json_object_get(y, "per_child"));
		csv_row(&o, area, fy, "lines", "made_up", "Lines made up for the demonstration", json_object_get(y, "made_up"));
	}
	fwrite(o.p, 1, o.len, stdout);
	buf_free(&o);
}

static void spend_table(json_t *view, json_t *years)
{
	printf("What is spent: %s\n", str(view, "name"));
	if (json_integer_value(json_object_get(view, "made_up")) > 0)
		printf("Some of these figures are made up for the demonstration: they are not real spending.\n");
	if (json_array_size(years) == 0)
		printf("\nNo spend lines have been entered.\n");
	size_t i;
	json_t *y;
	json_array_foreach(years, i, y)
	{
		char p[32], a[32], b[32], c[32];
		pounds_of(json_object_get(y, "total"), p);
		percent_of(json_object_get(y, "prevention_share"), a);
		percent_of(json_object_get(y, "pooled_share"), b);
		printf("\n%s: %s in all", str(y, "financial_year"), p);
		json_t *ch = json_object_get(y, "change");
		if (json_is_integer(ch)) {
			json_int_t t = json_integer_value(ch);
			spend_percent(t < 0 ? -t : t, c);
			printf(" (%s%s on the year before)", t < 0 ? "down " : "up ", c);
		}
		printf("\n  early help and prevention %s; pooled budgets %s\n", a, b);
		if (json_integer_value(json_object_get(y, "made_up")) > 0)
			printf("  %" JSON_INTEGER_FORMAT " of its %" JSON_INTEGER_FORMAT
			       " lines are made up for the demonstration\n",
			       json_integer_value(json_object_get(y, "made_up")), json_integer_value(json_object_get(y, "lines")));
		static const char *const parts[] = {"headings", "levels"};
		for (size_t k = 0; k < 2; k++) {
			size_t j;
			json_t *x;
			json_array_foreach(json_object_get(y, parts[k]), j, x)
			{
				if (json_integer_value(json_object_get(x, "pounds")) == 0)
					continue;
				pounds_of(json_object_get(x, "pounds"), p);
				percent_of(json_object_get(x, "share"), a);
				printf("  %-44s %16s %7s\n", str(x, "label"), p, a);
			}
		}
		pounds_of(json_object_get(y, "per_child"), p);
		printf("  per child looked after on 31 July: %s\n", p);
	}
}

/* keep money spend --publish: the Board's indicator of spend, published. */
static int spend_publish_cli(const char *db, bool other_options)
{
	if (other_options)
		return cli_usage_error("money", "--publish publishes Scotland's figures of every year: leave out --area, "
		                                "--year and --format");
	struct kerr e = {0};
	struct store *s = store_open(db, STORE_READWRITE, &e);
	if (!s)
		return cli_fail("money", "%s", e.msg);
	char actor[128];
	cli_actor(actor, sizeof actor);
	struct spend_published p;
	int rc = spend_publish(s, actor, date_today(), &p, &e);
	store_close(s);
	if (rc < 0)
		return cli_fail("money", "%s", e.msg);
	printf("Published the share of community-based health and social care spend on preventative whole family "
	       "support for %zu financial year%s: %zu added, %zu changed, %zu as before%s.\n",
	       p.years, p.years == 1 ? "" : "s", p.added, p.replaced, p.years - p.added - p.replaced,
	       p.indicator_added ? " (the indicator was added)" : "");
	return EXIT_OK;
}

int cmd_money_spend(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},     {"area", required_argument, NULL, 'a'},
		{"year", required_argument, NULL, 'y'},   {"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},         {"publish", no_argument, NULL, 'p'},
		{NULL, 0, NULL, 0},
	};
	bool publish = false;
	const char *db = cli_default_db(), *area = SPEND_SCOTLAND, *year = NULL, *format = "table";
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a': area = optarg; break;
		case 'y': year = optarg; break;
		case 'f': format = optarg; break;
		case 'p': publish = true; break;
		case 'h': print_usage(); return EXIT_OK;
		case ':': return cli_usage_error("money", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("money", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("money", "keep money spend takes no other arguments ('%s')", argv[optind]);
	if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json"))
		return cli_usage_error("money", "--format '%s' is not one: write table, csv or json", format);
	if (publish)
		return spend_publish_cli(db, strcmp(area, SPEND_SCOTLAND) != 0 || year || strcmp(format, "table") != 0);
	int fy = -1;
	if (year && (fy = money_fy_parse(year)) < 0)
		return cli_usage_error("money", "--year '%s' is not a financial year: write it as 2024-25", year);
	struct kerr e = {0};
	struct store *s = store_open(db, STORE_READONLY, &e);
	if (!s)
		return cli_fail("money", "%s", e.msg);
	json_t *view = spend_view(s, area, &e);
	store_close(s);
	if (!view)
		return cli_fail("money", "%s", e.msg);
	json_t *years = json_array();
	size_t i;
	json_t *y;
	json_array_foreach(json_object_get(view, "years"), i, y) if (fy < 0 || json_integer_value(json_object_get(y, "year")) == fy)
	    json_array_append(years, y);
	json_object_set(view, "years", years);
	if (strcmp(format, "json") == 0) {
		char *text = json_dumps(view, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", text);
		free(text);
	} else if (strcmp(format, "csv") == 0)
		spend_csv(view, years);
	else
		spend_table(view, years);
	json_decref(years);
	json_decref(view);
	return EXIT_OK;
}
