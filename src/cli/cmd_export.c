#include "cli/cli.h"

#include "base/json.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"format", required_argument, NULL, 'f'},
		{"all", no_argument, NULL, 'a'},
		{NULL, 0, NULL, 0},
	};
	const char *db = cli_default_db(), *format = "csv";
	int all = 0;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'f': format = optarg; break;
		case 'a': all = 1; break;
		case ':': return cli_usage_error("export", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("export", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)
		return cli_usage_error("export", "--format '%s': expected csv or json", format);
	if (optind != argc - 1)
		return cli_usage_error("export", optind < argc ? "expected one TABLE, got more" : "which TABLE? expected one of "
		                       "foundations, fundamentals, phases, plans, priorities, actions, organisations, "
		                       "commitments, leads, heard, assessments, milestones, council-areas, evidence, "
		                       "board-members, indicators, targets, observations");
	const char *table = argv[optind];
	int known = 0;
	for (const char *const *r = store_resources; *r; r++)
		known |= strcmp(*r, table) == 0;
	if (!known)
		return cli_usage_error("export",
		                       "there is no table '%s'; the tables are foundations, fundamentals, phases, plans, "
		                       "priorities, actions, organisations, commitments, leads, heard, assessments, "
		                       "milestones, council-areas, evidence, board-members, indicators, targets, observations",
		                       table);
	if (all && strcmp(table, "evidence") != 0)
		return cli_usage_error("export", "--all is for evidence only: every row of %s is exported already", table);
	/* The store's "evidence" is what the public sees; --all reads it whole. */
	if (all)
		table = "evidence-all";

	struct kerr e = {0};
	struct store *s = store_open(db, STORE_READONLY, &e);
	if (!s)
		return cli_fail("export", "%s", e.msg);
	json_t *rows = store_resource_all(s, table, &e);
	json_t *fields = rows ? store_resource_fields(s, table, &e) : NULL;
	store_close(s);
	if (!fields) {
		json_decref(rows);
		return cli_fail("export", "%s", e.msg);
	}
	struct buf out = {0};
	if (strcmp(format, "csv") == 0) {
		/* An empty table still gets its header row. */
		if (json_array_size(rows) == 0)
			json_csv_header(fields, &out);
		else
			json_rows_csv(rows, &out);
	} else {
		json_dump_buf(rows, &out);
		buf_putc(&out, '\n');
	}
	json_decref(rows);
	json_decref(fields);
	int ok = fwrite(out.p ? out.p : "", 1, out.len, stdout) == out.len && fflush(stdout) == 0;
	buf_free(&out);
	return ok ? EXIT_OK : cli_fail("export", "could not write the output");
}
