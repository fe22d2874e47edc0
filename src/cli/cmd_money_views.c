/* keep money counts --from DIR --council CODE --year YYYY [--from-day D --to-day D]
 *                   [--format table|csv|json]
 * The transition counts behind the projection's rates (docs/money.md "Estimating rates
 * from the records"), straight from a council's native CSV files, read and checked with
 * the native reader as an import reads them (only children.csv, episodes.csv and
 * placements.csv, the files the counts need), writing nothing: the moves between states,
 * the days in each state, the children in each state at the period's end. What
 * bench/money compares with DuckDB's counts of the same files. Only counts over many
 * children are printed, never a child's row. */
#include "cli/cli.h"
#include "cli/cmd_money.h"

#include "base/buf.h"
#include "base/date.h"
#include "base/file.h"
#include "base/mem.h"
#include "money/money.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Reads the three files of dir into b (records_init'ed here). 0, or -1 with the problems
 * printed and e set. */
static int read_dir(const char *dir, const char *council, int year, struct records *b, struct kerr *e)
{
	static const enum records_file wanted[] = {RECORDS_CHILDREN, RECORDS_EPISODES, RECORDS_PLACEMENTS};
	struct file_map data[3] = {{0}};
	char *paths[3] = {0};
	struct records_input in[3];
	size_t n = 0;
	int rc = -1;
	size_t len = strlen(dir);
	struct buf prefix = {0};
	buf_printf(&prefix, "%s%s", dir, len && dir[len - 1] == '/' ? "" : "/");
	records_init(b, council, year);
	for (size_t k = 0; k < 3; k++) {
		struct buf p = {0};
		buf_printf(&p, "%s%s", buf_str(&prefix), records_file_names[wanted[k]]);
		int m = file_map(buf_str(&p), &data[n], e);
		if (m < 0) {
			buf_free(&p);
			goto done;
		}
		if (m == 1) {
			paths[n] = xstrdup(buf_str(&p));
			in[n] = (struct records_input){wanted[k], paths[n], data[n].p, data[n].len};
			n++;
		}
		buf_free(&p);
	}
	json_t *problems = json_array();
	int tty = isatty(STDERR_FILENO);
	rc = records_read_native(b, in, n, buf_str(&prefix), tty ? cli_progress : NULL, (void *)"records", problems, e);
	if (tty)
		fputs("\r\033[K", stderr);
	size_t i;
	json_t *msg;
	json_array_foreach(problems, i, msg) fprintf(stderr, "%s\n", json_string_value(msg));
	json_decref(problems);
	if (rc < 0 && e->code == KERR_INVALID)
		kerr_set(e, KERR_INVALID, "problems in the records: nothing was counted");
done:
	for (size_t k = 0; k < n; k++)
		free(paths[k]);
	for (size_t k = 0; k < 3; k++)
		file_unmap(&data[k]);
	buf_free(&prefix);
	return rc < 0 ? -1 : 0;
}

static void state_words(int s, struct buf *out)
{
	if (s == MONEY_OUTSIDE)
		buf_puts(out, "not looked after");
	else
		buf_printf(out, "%s, %s", money_band_labels[money_state_band(s)], money_type_labels[money_state_type(s)]);
}

static void print_counts(const struct money_counts *c, const char *format)
{
	bool csv = strcmp(format, "csv") == 0, json = strcmp(format, "json") == 0;
	char f[11], t[11];
	date_format(date_from_days(c->from), f);
	date_format(date_from_days(c->to), t);
	if (csv)
		printf("key,n\n");
	else if (json)
		printf("{\"from\":\"%s\",\"to\":\"%s\",\"children\":%zu,\"counts\":{", f, t, c->children);
	else
		printf("From %s to %s, %zu children.\n", f, t, c->children);
	bool first = true;
	struct buf a = {0}, b = {0};
	for (int s = 0; s < MONEY_NSTATES; s++)
		for (int u = 0; u < MONEY_NSTATES; u++) {
			if (!c->moves[s][u])
				continue;
			if (csv)
				printf("move:%d:%d,%u\n", s, u, c->moves[s][u]);
			else if (json)
				printf("%s\"move:%d:%d\":%u", first ? "" : ",", s, u, c->moves[s][u]);
			else {
				buf_reset(&a);
				buf_reset(&b);
				state_words(s, &a);
				state_words(u, &b);
				printf("moves from %s to %s: %u\n", buf_str(&a), buf_str(&b), c->moves[s][u]);
			}
			first = false;
		}
	for (int s = 0; s < MONEY_OUTSIDE; s++) {
		if (c->exposure[s] > 0) {
			if (csv)
				printf("exposure:%d,%.0f\n", s, c->exposure[s]);
			else if (json)
				printf("%s\"exposure:%d\":%.0f", first ? "" : ",", s, c->exposure[s]);
			else {
				buf_reset(&a);
				state_words(s, &a);
				printf("days in %s: %.0f\n", buf_str(&a), c->exposure[s]);
			}
			first = false;
		}
		if (c->stock_end[s]) {
			if (csv)
				printf("stock:%d,%u\n", s, c->stock_end[s]);
			else if (json)
				printf("%s\"stock:%d\":%u", first ? "" : ",", s, c->stock_end[s]);
			else {
				buf_reset(&a);
				state_words(s, &a);
				printf("children in %s at the end: %u\n", buf_str(&a), c->stock_end[s]);
			}
			first = false;
		}
	}
	if (csv)
		printf("children,%zu\n", c->children);
	else if (json)
		printf("}}\n");
	buf_free(&a);
	buf_free(&b);
}

static int parse_day(const char *s, int32_t *out)
{
	struct kdate d;
	struct kerr e = {0};
	if (date_parse(s, &d, &e) < 0)
		return -1;
	*out = (int32_t)date_days(d);
	return 0;
}

int cmd_money_counts(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"from", required_argument, NULL, 'F'},   {"council", required_argument, NULL, 'c'},
	    {"year", required_argument, NULL, 'y'},   {"from-day", required_argument, NULL, 'a'},
	    {"to-day", required_argument, NULL, 'b'}, {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	const char *dir = NULL, *council = NULL, *year_text = NULL, *format = "table", *from_text = NULL,
	           *to_text = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'F':
			dir = optarg;
			break;
		case 'c':
			council = optarg;
			break;
		case 'y':
			year_text = optarg;
			break;
		case 'a':
			from_text = optarg;
			break;
		case 'b':
			to_text = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case ':':
			return cli_usage_error("money counts", "%s needs a value", argv[optind - 1]);
		default:
			return cli_usage_error("money counts", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("money counts", "unexpected '%s'", argv[optind]);
	if (!dir || !council || !year_text)
		return cli_usage_error("money counts",
		                       "--from DIR, --council CODE and --year YYYY are needed: whose records, and the "
		                       "return year they run to");
	if (strcmp(format, "table") != 0 && strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)
		return cli_usage_error("money counts", "--format '%s': expected table, csv or json", format);
	char *end = NULL;
	long year = strtol(year_text, &end, 10);
	if (!*year_text || *end || year < 1901 || year > date_today().y + 1)
		return cli_usage_error("money counts", "--year '%s' is not a year from 1901 to %d", year_text,
		                       date_today().y + 1);
	int32_t from = 0, to = 0;
	if ((from_text == NULL) != (to_text == NULL))
		return cli_usage_error("money counts", "--from-day and --to-day go together: the period's first and last days");
	if (from_text && (parse_day(from_text, &from) < 0 || parse_day(to_text, &to) < 0))
		return cli_usage_error("money counts", "--from-day and --to-day must be dates as YYYY-MM-DD");

	struct kerr e = {0};
	struct records b;
	if (read_dir(dir, council, (int)year, &b, &e) < 0) {
		records_free(&b);
		return cli_fail("money counts", "%s", e.msg);
	}
	if (!from_text)
		money_default_period(&b, &from, &to);
	struct money_counts *counts = xmalloc(sizeof *counts);
	money_counts_zero(counts, from, to);
	int rc = money_counts_add(counts, &b, &e);
	records_free(&b);
	if (rc < 0) {
		free(counts);
		return cli_fail("money counts", "%s", e.msg);
	}
	print_counts(counts, format);
	free(counts);
	return EXIT_OK;
}
