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

#endif
