/* keep place import KIND FILE: one sub-command for every kind of file of where children
 * live (docs/places.md). A kind is a row of kinds[] below, its code in its part's file. */
#include "cli/cli.h"
#include "cli/cmd_place.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *kind;
	const char *what; /* one line for --help */
	int (*run)(const struct place_import_opts *o);
} kinds[] = {
	{"services", "the register of care services (services.csv; --format care-inspectorate for the Care\n"
	             "                 Inspectorate's published list)", place_import_services},
	{"vacancies", "vacancy returns (vacancies.csv)", place_import_vacancies},
	{"requests", "requests for a place (requests.csv): planned at once and kept as a plan to decide on",
	 place_import_requests},
	/* {"crossborder", "...", place_import_crossborder}, */
};

static void usage(FILE *to)
{
	fputs("usage: keep place import KIND FILE [--format FORMAT] [--db FILE]\n"
	      "\n"
	      "Reads FILE, checks every row, and writes it all in one transaction, audited; on any\n"
	      "problem nothing is written and each problem is printed as FILE:LINE:COLUMN: what.\n"
	      "docs/places.md states each file's columns and checks. The kinds:\n"
	      "\n",
	      to);
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		fprintf(to, "  %-14s %s\n", kinds[i].kind, kinds[i].what);
	fputs("\n"
	      "  --format FORMAT  the file's format, for a kind that reads more than one\n"
	      "  --db FILE        the database (default keep.db, or $KEEP_DB)\n"
	      "\n"
	      "Exit status: 0 imported, 1 a problem (nothing written), 2 bad usage.\n",
	      to);
}

int cmd_place_import(int argc, char **argv)
{
	/* argv[0] is "import" */
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct place_import_opts o = {.db = cli_default_db()};
	const char *args[2] = {NULL, NULL};
	int nargs = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o.db = optarg; break;
		case 'f': o.format = optarg; break;
		case 'h': usage(stdout); return EXIT_OK;
		case ':': return cli_usage_error("place", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("place", "unknown option '%s'", argv[optind - 1]);
		}
	}
	for (int i = optind; i < argc; i++) {
		if (nargs == 2)
			return cli_usage_error("place", "keep place import takes a kind and one file ('%s' is one too many)",
			                       argv[i]);
		args[nargs++] = argv[i];
	}
	if (nargs < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	o.file = args[1];
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(args[0], kinds[i].kind) == 0)
			return kinds[i].run(&o);
	return cli_usage_error("place", "'%s' is not a kind of file keep place import reads (keep place import --help lists them)",
	                       args[0]);
}
