/* keep report: the annual report, an organisation's or a council area's report, as an
 * HTML file or a PDF (src/report/). */
#include "cli/cli.h"

#include "base/date.h"
#include "report/report.h"
#include "store/store.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct report_opts {
	const char *db, *year, *format, *out;
};

/* Parses the options; returns the index of the first argument after them, or -1
 * after reporting a usage error. */
static int parse(const char *cmd, int argc, char **argv, struct report_opts *o)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"year", required_argument, NULL, 'y'},
		{"format", required_argument, NULL, 'f'},
		{"out", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	o->db = cli_default_db();
	o->format = "html";
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'y': o->year = optarg; break;
		case 'f': o->format = optarg; break;
		case 'o': o->out = optarg; break;
		case ':': return cli_usage_error(cmd, "%s needs a value", argv[optind - 1]), -1;
		default: return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]), -1;
		}
	}
	if (strcmp(o->format, "html") != 0 && strcmp(o->format, "pdf") != 0)
		return cli_usage_error(cmd, "--format: '%s' is not a format keep writes (html or pdf)", o->format), -1;
	return optind;
}

/* Writes data to path ("-": standard output); on failure nothing is left at path. */
static int write_out(const char *cmd, const char *path, const struct buf *data)
{
	if (strcmp(path, "-") == 0) {
		if (fwrite(data->p ? data->p : "", 1, data->len, stdout) != data->len || fflush(stdout) != 0)
			return cli_fail(cmd, "writing to standard output: %s", strerror(errno));
		return EXIT_OK;
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		return cli_fail(cmd, "%s: %s", path, strerror(errno));
	bool ok = fwrite(data->p ? data->p : "", 1, data->len, f) == data->len;
	ok = (fclose(f) == 0) && ok;
	if (!ok) {
		int err = errno;
		remove(path);
		return cli_fail(cmd, "%s: %s", path, strerror(err));
	}
	printf("Wrote %s.\n", path);
	return EXIT_OK;
}

/* Builds report kind (annual, organisation, area) for what (a year, a slug, a code). */
static int run(const char *cmd, const char *kind, const char *what, const struct report_opts *o)
{
	bool progress = isatty(STDERR_FILENO);
	struct kerr e = {0};
	struct store *s = store_open(o->db, STORE_READONLY, &e);
	if (!s)
		return cli_fail(cmd, "%s", e.msg);
	if (progress)
		fprintf(stderr, "keep %s: reading %s...\n", cmd, o->db);
	struct report r = {0};
	struct kdate today = date_today();
	int rc;
	if (strcmp(kind, "annual") == 0) {
		int year = 0;
		report_year_parse(what, &year);
		rc = report_annual(s, year, today, &r, &e);
	} else if (strcmp(kind, "organisation") == 0)
		rc = report_organisation(s, what, today, &r, &e);
	else
		rc = report_area(s, what, today, &r, &e);
	store_close(s);
	if (rc < 0) {
		report_free(&r);
		return cli_fail(cmd, "%s", e.msg);
	}
	bool pdf = strcmp(o->format, "pdf") == 0;
	if (progress)
		fprintf(stderr, "keep %s: writing the %s...\n", cmd, pdf ? "PDF" : "HTML");
	struct buf out = {0};
	if (pdf)
		rc = report_pdf(&r, &out, &e);
	else
		report_html(&r, true, &out);
	char path[300];
	snprintf(path, sizeof path, "%s.%s", r.file_stem, o->format);
	report_free(&r);
	int code = rc < 0 ? cli_fail(cmd, "%s", e.msg) : write_out(cmd, o->out ? o->out : path, &out);
	buf_free(&out);
	return code;
}

int cmd_report(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("report", "expected annual, organisation or area");
	const char *kind = argv[1];
	char cmd[64];
	snprintf(cmd, sizeof cmd, "report %s", kind);
	if (strcmp(kind, "annual") != 0 && strcmp(kind, "organisation") != 0 && strcmp(kind, "area") != 0)
		return cli_usage_error("report", "there is no 'report %s': expected annual, organisation or area", kind);
	struct report_opts o = {0};
	int i = parse(cmd, argc - 1, argv + 1, &o);
	if (i < 0)
		return EXIT_USAGE;
	int left = argc - 1 - i;
	char **rest = argv + 1 + i;
	if (strcmp(kind, "annual") == 0) {
		if (left != 0)
			return cli_usage_error(cmd, "takes no argument: the year is --year YYYY");
		int year;
		if (!o.year)
			return cli_usage_error(cmd, "--year YYYY is needed (the report year from 1 April YYYY)");
		if (!report_year_parse(o.year, &year))
			return cli_usage_error(cmd, "--year: '%s' is not a year (four digits, 2000-2099)", o.year);
		return run(cmd, kind, o.year, &o);
	}
	if (o.year)
		return cli_usage_error(cmd, "--year is for 'report annual' only");
	if (left != 1)
		return cli_usage_error(cmd, "expected one %s", strcmp(kind, "area") == 0 ? "council area code (e.g. S12000036)"
		                                                                        : "organisation's id (its slug)");
	return run(cmd, kind, rest[0], &o);
}
