/* The sub-commands of keep money (cmd_money.c): each a function and its --help. */
#ifndef KEEP_CLI_CMD_MONEY_H
#define KEEP_CLI_CMD_MONEY_H

#define MONEY_COSTS_HELP \
	"usage: keep money costs [--area CODE] [--year 2024-25] [--format table|csv|json]\n" \
	"                        [--adults N] [--price-year 2024-25 [--inflation PCT]] [--db FILE]\n" \
	"\n" \
	"Placement costs from the care records (docs/money.md, \"Unit costs and placement\n" \
	"costs from the records\"): for the financial year (1 April to 31 March), each\n" \
	"council's child-days by placement type from its imported records, times the weekly\n" \
	"unit cost in force (the council's own where it set one, else keep's default, each\n" \
	"with its source and price year); a type no source prices is counted and shown as\n" \
	"not priced. Scotland is the councils' sum. A type with fewer than five child-years\n" \
	"in an area is counted in the totals but not shown on its own.\n" \
	"Then the cost of failure (\"The cost of failure\"): keep's own yearly figure by\n" \
	"outcome, beside The Money's published totals.\n" \
	"\n" \
	"  --area CODE       one council area (GSS code) and Scotland; default: every one\n" \
	"  --year 2024-25    the financial year (default: the latest the records cover)\n" \
	"  --format FORMAT   table (default), csv (one row per area and type) or json\n" \
	"  --adults N        care-experienced adults to count the tax and National\n" \
	"                    Insurance lost for (no source counts them; default: not counted)\n" \
	"  --price-year Y    show every cost in the pounds of financial year Y, moving\n" \
	"                    each figure at --inflation PCT a year (default 0: as it is)\n" \
	"  --db FILE         the database (default keep.db, or $KEEP_DB)\n" \
	"\n" \
	"Exit status: 0 shown, 1 failure (no records for the year), 2 bad usage.\n"

#define MONEY_SCENARIO_HELP \
	"usage: keep money scenario list [--format table|csv|json] [--db FILE]\n" \
	"       keep money scenario show SLUG [--format table|json] [--db FILE]\n" \
	"       keep money scenario import FILE.json [--db FILE]\n" \
	"       keep money scenario export SLUG [--db FILE] > FILE.json\n" \
	"\n" \
	"A scenario is money invested (what, pounds a year, from when to when, who pays,\n" \
	"pooled or not) and its assumed effects on children's care, each a range (fewer\n" \
	"children coming into care, 5% to 15% fewer, from 18 months after the money\n" \
	"starts). 'list' shows them; 'show' one in words; 'export' writes one as a JSON\n" \
	"file that 'import' reads back (docs/money.md \"Scenarios\" gives the format). An\n" \
	"import adds the scenario, or replaces the one with the same slug; a file with\n" \
	"problems gets each one as FILE:LINE:COLUMN and nothing is written. Every change is\n" \
	"written to the audit log (see 'keep audit').\n" \
	"\n" \
	"Exit status: 0 done, 1 failed (a bad file: nothing changed), 2 bad usage.\n"

int cmd_money_costs(int argc, char **argv);
int cmd_money_scenario(int argc, char **argv);
int cmd_money_spend(int argc, char **argv);

#endif
