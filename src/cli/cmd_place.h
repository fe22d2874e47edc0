/* The sub-commands of keep place (cmd_place.c): each a function and its --help, in its
 * own file (cmd_place_<part>.c). */
#ifndef KEEP_CLI_CMD_PLACE_H
#define KEEP_CLI_CMD_PLACE_H

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
