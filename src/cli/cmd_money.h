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

#define MONEY_PROJECT_HELP \
	"usage: keep money project --area CODE|scotland [--from DATE --to DATE]\n" \
	"                          [--months N|--to-2030] [--draws N] [--seed N]\n" \
	"                          [--scenario SLUG] [--price-year Y] [--inflation PCT]\n" \
	"                          [--discount PCT] [--format table|csv|json] [--db FILE]\n" \
	"\n" \
	"Children looked after by placement type, month by month, from the stored care\n" \
	"records (each council's latest import; scotland: every council's), with the 5th,\n" \
	"50th and 95th percentiles over draws that take both the rates' own uncertainty and\n" \
	"chance (docs/money.md, \"The projection\").\n" \
	"\n" \
	"  --area CODE         a council area (GSS code), or scotland\n" \
	"  --from, --to DATE   the days the rates are counted over (YYYY-MM-DD; default: the\n" \
	"                      three years to the day before the records' last)\n" \
	"  --months N          months to project from the day after --to (default: to 31\n" \
	"                      March 2030, as --to-2030)\n" \
	"  --draws N           1 to 100000 (default 1000)\n" \
	"  --seed N            the same seed gives the same figures (default 1)\n" \
	"  --scenario SLUG     a stored scenario (see keep money scenario list), shown\n" \
	"                      beside the baseline from the same draws: children, cost,\n" \
	"                      investment, gross and net savings, the cumulative net\n" \
	"                      position and the break-even month with its band\n" \
	"  --price-year Y      every cost in the pounds of financial year Y (2025-26), each\n" \
	"                      weekly cost moved there at --inflation (default: each weekly\n" \
	"                      cost in its own price year)\n" \
	"  --inflation PCT     a year, -50 to 100 (default 0: real terms); also inflates each\n" \
	"                      year after the price year (the first projected year's pounds\n" \
	"                      when no --price-year is given)\n" \
	"  --discount PCT      discount each later year to the first projected year, 0 to 100\n" \
	"                      (default 0: none; 3.5 is HM Treasury's Green Book rate)\n" \
	"  --format FORMAT     table (default), csv (a row per month and figure) or json\n" \
	"  --db FILE           the database (default keep.db, or $KEEP_DB)\n" \
	"\n" \
	"Exit status: 0 shown, 1 failure (no records for the area, no such scenario), 2 bad\n" \
	"usage (an area that is not one, a period outside the records, a bad value).\n"

#define MONEY_BACKTEST_HELP \
	"usage: keep money backtest --area CODE|scotland --at DATE [--draws N] [--seed N]\n" \
	"                           [--format table|csv|json] [--db FILE]\n" \
	"\n" \
	"How far to trust the projection (docs/money.md, \"The backtest\"): fits on the\n" \
	"records as they stood on --at (the three years before it), projects 12 and 24\n" \
	"months, and compares with what the records show then: the error by placement type\n" \
	"and in all, and whether the records' figure lay inside the 5th to 95th percentile\n" \
	"band.\n" \
	"\n" \
	"  --at DATE           the day fitted up to (YYYY-MM-DD); the records must show 12\n" \
	"                      months after it\n" \
	"  --area, --draws, --seed, --format, --db   as for keep money project\n" \
	"\n" \
	"Exit status: 0 shown, 1 failure, 2 bad usage (a day outside the records).\n"

int cmd_money_project(int argc, char **argv);
int cmd_money_backtest(int argc, char **argv);

#define MONEY_COUNTS_HELP \
	"usage: keep money counts --from DIR --council CODE --year YYYY\n" \
	"                         [--from-day DATE --to-day DATE] [--format table|csv|json]\n" \
	"\n" \
	"The transition counts behind the projection's rates (docs/money.md, \"Estimating\n" \
	"rates from the records\"), straight from a council's files in keep's native format,\n" \
	"read and checked as an import does (children.csv, episodes.csv, placements.csv);\n" \
	"nothing is written. The moves between states (age band and placement type, or not\n" \
	"looked after), the days children spent in each state, and the children in each at\n" \
	"the period's end. Only counts are printed.\n" \
	"\n" \
	"  --from DIR        the council's files\n" \
	"  --council CODE    whose records (a GSS code)\n" \
	"  --year YYYY       the return year they run to (31 July YYYY)\n" \
	"  --from-day, --to-day DATE   the period, both days counted (default: the three\n" \
	"                    years to the day before the records' last day)\n" \
	"  --format FORMAT   table (words, default), csv (key,n: move:S:T, exposure:S,\n" \
	"                    stock:S, children; S = band x 13 + type, 65 not looked after)\n" \
	"                    or json\n" \
	"\n" \
	"Exit status: 0 counted, 1 failed (bad records: each problem as FILE:LINE:COLUMN),\n" \
	"2 bad usage.\n"

int cmd_money_counts(int argc, char **argv);

#endif
