/* The sub-commands of keep place (cmd_place.c): each a function and its --help, in its
 * own file (cmd_place_<part>.c). */
#ifndef KEEP_CLI_CMD_PLACE_H
#define KEEP_CLI_CMD_PLACE_H

/* ---- keep place import KIND FILE (cmd_place_import.c): one sub-command, a row per
 * kind of file in its table (kinds[]); each kind's code in its part's file. */
struct place_import_opts {
	const char *file;   /* the file to read */
	const char *db;     /* the database */
	const char *format; /* --format, or NULL when not given (a kind that reads one format refuses it) */
};
/* Imports o->file; the exit status (EXIT_OK, EXIT_FAIL, EXIT_USAGE). Problems go to
 * stderr, one a line, FILE:LINE:COLUMN first; nothing is written on any. */
int place_import_services(const struct place_import_opts *o);  /* cmd_place_register.c */
int place_import_vacancies(const struct place_import_opts *o); /* cmd_place_register.c */
int place_import_requests(const struct place_import_opts *o);  /* cmd_place_plan.c: planned and kept as a run */
int place_import_crossborder(const struct place_import_opts *o); /* cmd_place_records.c */
int cmd_place_import(int argc, char **argv);
int cmd_place_services(int argc, char **argv);

#define CMD_PLACE_SERVICES_HELP                                                                                 \
	"usage: keep place services [--council CODE] [--type TYPE] [--sector SECTOR] [--status STATUS]\n"          \
	"                           [--format table|csv|json] [--db FILE]\n"                                       \
	"\n"                                                                                                       \
	"The register of care services (docs/places.md \"The register of services\"), by council\n"             \
	"area (outside Scotland last), type and name.\n"                                                           \
	"\n"                                                                                                       \
	"  --council CODE   one council area (a GSS code such as S12000047), or 'outside' for\n"                  \
	"                   the services outside Scotland\n"                                                       \
	"  --type TYPE      fostering, adoption, residential_house, residential_school, secure,\n"                 \
	"                   short_breaks or supported_lodgings\n"                                                  \
	"  --sector SECTOR  council, third or private\n"                                                           \
	"  --status STATUS  active, proposed or cancelled\n"                                                       \
	"  --format FORMAT  table (default); csv (keep's services.csv, which 'keep place import\n"                 \
	"                   services' reads back); json\n"                                                         \
	"  --db FILE        the database (default keep.db, or $KEEP_DB)\n"                                         \
	"\n"                                                                                                       \
	"Exit status: 0 done, 1 failed, 2 bad usage.\n"
/* (plan's part) cmd_place_plan.c */
int cmd_place_plan(int argc, char **argv);
#define PLACE_PLAN_HELP \
	"usage: keep place plan REQUESTS.csv [--day YYYY-MM-DD] [--by-council] [--compare]\n" \
	"                       [--mps DIR] [--time-limit S] [--alternatives]\n" \
	"                       [--format table|json] [--save]\n" \
	"                       [--db FILE]\n" \
	"\n" \
	"A plan for requests for a place (docs/places.md \"Requests for a place\", \"The plan\").\n" \
	"The requests (one row per child: request,band,needs,together,home,school,urgency;\n" \
	"pseudonymous, checked all or nothing) are planned over the register's services and\n" \
	"their vacancies on the day: sibling groups together first, then children placed, in\n" \
	"Scotland, near home, not for profit, and the least weekly cost, in that strict order.\n" \
	"Prints each request's recommendation and whether the plan is proven the best (or,\n" \
	"stopped at the time limit, the gap: what it reached and the best proven possible).\n" \
	"keep recommends; people decide (on the web page, or through the API).\n" \
	"\n" \
	"  --day DATE        the day of the vacancies (default today): each service's latest\n" \
	"                    return made no more than 28 days before it\n" \
	"  --by-council      plan council by council instead of nationally\n" \
	"  --alternatives    also give each request's next-best alternative and what it\n" \
	"                    gives up (the plan solved again once for each request)\n" \
	"  --compare         also plan the other way and as today's practice would, and print\n" \
	"                    the aims of the three side by side\n" \
	"  --mps DIR         write each stage's model to DIR as an MPS file\n" \
	"  --time-limit S    seconds for the whole solve (default: none)\n" \
	"  --format FORMAT   table (default) or json\n" \
	"  --save            keep the run (audited), to be decided on\n" \
	"  --db FILE         the database (default keep.db, or $KEEP_DB)\n" \
	"\n" \
	"Exit status: 0 planned, 1 failure (a request refused: FILE:LINE:COLUMN), 2 bad usage.\n"
/* keep place sufficiency (cmd_place_sufficiency.c) */
#define PLACE_SUFFICIENCY_HELP \
	"usage: keep place sufficiency [--council CODE] [--format table|csv|json] [--db FILE]\n" \
	"\n" \
	"Sufficiency to 2030 (docs/places.md, \"Sufficiency to 2030\" and \"Commissioning\"):\n" \
	"for each council with care records, the children projected to need a place from a\n" \
	"care service on 31 March of each year to 2030 (The Money's projection, with its\n" \
	"5th to 95th percentile band), by service type and age band, against the places the\n" \
	"register holds there; the gap with its band; sibling groups today and projected by\n" \
	"size, the homes that can take them together, and the least homes to add so that\n" \
	"every projected sibling group can live together. Every figure grown from the\n" \
	"records is rounded to 5, as published.\n" \
	"\n" \
	"  --council CODE    one council area (GSS code); default: every one with records\n" \
	"  --format FORMAT   table (default), csv (one row per council, year and service\n" \
	"                    type) or json (everything)\n" \
	"  --db FILE         the database (default keep.db, or $KEEP_DB)\n" \
	"\n" \
	"Exit status: 0 shown, 1 failure (no care records), 2 bad usage.\n"
int cmd_place_sufficiency(int argc, char **argv);

#endif
