#include "cli/cli.h"

#include <pwd.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* keep import's help is longer than ISO C lets one string literal be (4,095
 * characters): two literals laid end to end in one object, the first without its NUL. */
#define IMPORT_HELP_1 \
	"usage: keep import commitments FILE.csv [--db FILE]\n" \
	"       keep import organisations FILE.csv [--db FILE]\n" \
	"       keep import evidence FILE.csv [--db FILE]\n" \
	"       keep import observations FILE.csv [--db FILE]\n" \
	"       keep import spend FILE.csv [--db FILE]\n" \
	"       keep import plan FILE.json|FILE.csv [--replace] [--format json|csv] [--only SLUG]\n" \
	"       keep import records DIR|FILE... --council CODE --year YYYY [--db FILE]\n" \
	"       keep import records --format ssda903 DIR|FILE... --council CODE --year YYYY\n" \
	"       keep import framework [--db FILE]\n" \
	"\n" \
	"Imports records from FILE.csv, whose first row names the columns. Commitments:\n" \
	"  id            required: the commitment's id (lowercase letters, digits, hyphens);\n" \
	"                a row whose id exists already updates that commitment\n" \
	"  organisation  required: the organisation's id (see 'keep export organisations')\n" \
	"  text          required: what will be done\n" \
	"  action        the action it serves (see 'keep export actions')\n" \
	"  due           YYYY-MM-DD;   due_text  the due date in words (\"by April 2023\")\n" \
	"  status        not_started, under_way, done or dropped;   source  where it is from\n" \
	"Organisations:\n" \
	"  id            required: the organisation's id; an id that exists updates it\n" \
	"  name          required;   sector  public, third or private\n" \
	"  scale         national or local;   council_area  its code (see 'keep export\n" \
	"                council-areas')\n" \
	"Evidence:\n" \
	"  id            required: the evidence's id; an id that exists updates it\n" \
	"  organisation  required;   kind  required: plan, report or survey-response\n" \
	"  title         required;   will_do, support_needed, help_offered  its texts\n" \
	"  actions       the actions it speaks to, separated by ';'\n" \
	"  (Whether it is published, and its file, are not imported: staff publish it, and\n" \
	"  files come through the web form or the API.)\n" \
	"Observations (figures of the Oversight Board's indicators), matched on indicator,\n" \
	"area and period: a figure for the same three replaces the one stored:\n" \
	"  indicator     required: the indicator's id (see 'keep export indicators')\n" \
	"  area          required: S92000003 (Scotland) or a council area's code\n" \
	"  period        required: YYYY-MM-DD, the date the figure counts to\n" \
	"  value         a number (12 or 12.5); empty when suppressed\n" \
	"  suppressed    yes or no (or true or false; empty: no);   source  required\n" \
	"A column left out leaves what is stored as it is. The files 'keep export\n" \
	"commitments', 'keep export organisations', 'keep export evidence --all' and\n" \
	"'keep export observations' write can be imported as they are.\n" \
	"\n" \
	"Every row is checked before anything is written. Problems are listed as\n" \
	"FILE:LINE:COLUMN: what is wrong (up to 100), and then nothing is imported. Otherwise\n" \
	"all rows are written in one transaction, each change recorded in the audit log.\n" \
	"Importing the same file again changes nothing. Progress shows on a terminal.\n" \
	"\n"
#define IMPORT_HELP_2 \
	"Spend lines (The Money; docs/money.md \"Spend\" has every rule): id, area (a council\n" \
	"area's code or S92000003), year (2024-25), organisation (the payer's id), heading,\n" \
	"level, kind, amount (whole pounds) and source required; pooled (yes or no), share\n" \
	"(the payer's percent) and pooled_with (\"partner=share; ...\") for a pooled budget;\n" \
	"source_date and made_up (yes or no) optional. 'keep money spend --help' lists the\n" \
	"headings, levels and kinds.\n" \
	"\n" \
	"Records: a council's child-level care records in keep's native format\n" \
	"(docs/data-spec.md), as a directory holding children.csv, episodes.csv,\n" \
	"placements.csv and, if the council has them, legal.csv, siblings.csv,\n" \
	"school_changes.csv, adoption_breakdowns.csv and restraints.csv, or those files\n" \
	"named one by one. --council is the council's GSS code (S12...), --year the return\n" \
	"year, which ends on 31 July YYYY. Every rule of the format is checked first, with\n" \
	"the same FILE:LINE:COLUMN messages; then all of it is written in one transaction,\n" \
	"replacing an earlier import of that council and year. Child ids are replaced by a\n" \
	"keyed hash (the key is the file DB.key that 'keep init' made), dates of birth are\n" \
	"kept as month and year and locations as postcode districts; the audit log records\n" \
	"the import's counts only.\n" \
	"--format ssda903 reads England's SSDA903 return as published instead: Header.csv\n" \
	"and Episodes.csv, and PrevPerm.csv if given (adoption breakdowns), with DD/MM/YYYY\n" \
	"dates and the published codes; PlacedAdoption.csv, Reviews.csv, UASC.csv, OC2.csv,\n" \
	"OC3.csv, AD1.csv and Missing.csv are accepted and not read. --council is then\n" \
	"the Scottish council that holds the data (docs/data-spec.md, \"England's SSDA903\n" \
	"files\", says how each code is mapped).\n" \
	"\n" \
	"Plan: a whole plan (its phases, its priority areas or foundation groups, its\n" \
	"actions or route maps, their milestones, foundations and fundamentals) from a\n" \
	"JSON file in data/plan.json's shape (one plan, or {\"plans\": [...]}) or a CSV\n" \
	"file of one row per element, whose kind column says plan, phase, group, item or\n" \
	"milestone and whose parent column names the slug of the row it goes under\n" \
	"(docs/plan-format.md lists every key and column). The format is the file's\n" \
	"ending (.json, .csv) unless --format says. Everything is checked first, with the\n" \
	"rules the forms use; problems are listed as FILE:LINE:COLUMN: what is wrong (the\n" \
	"line and column of the value, in JSON too), and then nothing is imported. A plan\n" \
	"already in keep is refused unless --replace: then each element is matched on its\n" \
	"slug (one that stays keeps what hangs off it) and what the file leaves out is\n" \
	"deleted, unless commitments, evidence, targets, leads, notes of what was heard or\n" \
	"assessments hang off it (then nothing is imported, and the message names them).\n" \
	"One audit record per plan names the file and its counts. --only SLUG imports only\n" \
	"that plan of a file of several: a database made before Plan 24-30 was shipped\n" \
	"gets it with keep import plan data/plan.json --only plan-24-30.\n" \
	"\n" \
	"Framework: the Promise Progress Framework that ships with keep (its vision\n" \
	"statements, their outcomes and indicators), into a database made before it was;\n" \
	"refused when the database holds it already. One audit record.\n" \
	"\n" \
	"Exit status: 0 imported, 1 problems in the file or a failure (nothing imported),\n" \
	"2 bad usage.\n"
struct import_help {
	char first[sizeof IMPORT_HELP_1 - 1];
	char rest[sizeof IMPORT_HELP_2];
};
_Static_assert(offsetof(struct import_help, rest) == sizeof IMPORT_HELP_1 - 1, "no gap between the parts");
static const struct import_help import_help = {IMPORT_HELP_1, IMPORT_HELP_2};

const struct cli_command cli_commands[] = {
	{"init", "create a new database with the Plan (and --demo data)",
	 "usage: keep init [--db FILE] [--demo]\n"
	 "\n"
	 "Creates FILE (default keep.db, or $KEEP_DB) with keep's schema, the council areas\n"
	 "and the Plan: The Promise, its phases, the Five Foundations, the fundamentals of\n"
	 "change, Plan 21-24 with its priority areas and actions. Refuses to touch a file\n"
	 "that exists.\n"
	 "\n"
	 "  --db FILE   the database to create\n"
	 "  --demo      also add the demo dataset: the organisations the Plan names, the 32\n"
	 "              councils, their lead roles and the Scottish Government's commitments\n"
	 "\n"
	 "Exit status: 0 created, 1 failed (nothing is left behind), 2 bad usage.\n",
	 cmd_init},
	{"serve", "serve the web pages and the JSON API",
	 "usage: keep serve [--db FILE] [--listen ADDR:PORT] [--threads N]\n"
	 "                  [--backup-every DURATION --backup-dir DIR [--keep N]]\n"
	 "\n"
	 "Serves FILE's pages and the /api/v1 JSON API over HTTP, logging one line per\n"
	 "request (method, path, status, time) to stderr. Stops on Ctrl-C or SIGTERM.\n"
	 "\n"
	 "  --db FILE          the database (default keep.db, or $KEEP_DB)\n"
	 "  --listen ADDR:PORT numeric address and port (default 127.0.0.1:8080;\n"
	 "                     [::1]:8080 for IPv6)\n"
	 "  --threads N        worker threads, 1-256 (default: the number of CPUs)\n"
	 "  --backup-every DURATION\n"
	 "                     make a backup (as keep backup does) every DURATION: a number\n"
	 "                     and s, m, h or d, e.g. 24h; the first one DURATION after start\n"
	 "  --backup-dir DIR   where: DIR/keep-YYYYMMDDTHHMMSSZ.db (UTC), with .key and .sha256\n"
	 "  --keep N           keep the N newest backups in DIR, removing older ones (default 7)\n"
	 "\n"
	 "Exit status: 0 stopped cleanly, 1 failed (e.g. not a keep database, port in\n"
	 "use), 2 bad usage.\n",
	 cmd_serve},
	{"export", "print a table of the Plan as CSV or JSON",
	 "usage: keep export TABLE [--db FILE] [--format csv|json] [--all]\n"
	 "\n"
	 "Prints every row of TABLE to stdout, in id order. TABLE is one of:\n"
	 "  foundations fundamentals phases plans priorities actions organisations\n"
	 "  commitments leads heard assessments milestones council-areas evidence\n"
	 "  board-members indicators targets observations vision-statements\n"
	 "  vision-outcomes scenarios spend\n"
	 "\n"
	 "  --all              evidence: unpublished evidence too (without it, what the\n"
	 "                     public sees: published evidence only)\n"
	 "  --db FILE          the database (default keep.db, or $KEEP_DB)\n"
	 "  --format csv|json  csv (default): a header row, RFC 4180 quoting, lists joined\n"
	 "                     with ';'; json: an array of objects as the API gives them\n"
	 "\n"
	 "Exit status: 0 ok, 1 failed, 2 bad usage (e.g. an unknown table).\n",
	 cmd_export},
	{"user", "add, list and disable accounts; set passwords",
	 "usage: keep user add EMAIL --role ROLE [--organisation SLUG] [--generate-password] [--db FILE]\n"
	 "       keep user passwd EMAIL [--generate-password] [--db FILE]\n"
	 "       keep user list [--db FILE]\n"
	 "       keep user disable EMAIL [--db FILE]\n"
	 "\n"
	 "Roles: admin (everything, accounts included); staff (The Promise Scotland);\n"
	 "board (Oversight Board member); editor (their own organisation's records only:\n"
	 "needs --organisation); viewer.\n"
	 "\n"
	 "The password is asked twice on the terminal without showing it or, when standard\n"
	 "input is not a terminal, read from its first line. It needs at least 12\n"
	 "characters. --generate-password makes a random one and prints it once. Passwords\n"
	 "are kept only as Argon2id hashes. A new password or disabling an account ends its\n"
	 "sessions. Every change is written to the audit log (see 'keep audit').\n"
	 "\n"
	 "Exit status: 0 done, 1 failed (nothing changed), 2 bad usage or a value that\n"
	 "breaks a rule (e.g. a short password).\n",
	 cmd_user},
	{"audit", "print the history of changes",
	 "usage: keep audit [--entity ENTITY [--id ID]] [--since YYYY-MM-DD] [--format text|json] [--db FILE]\n"
	 "\n"
	 "Prints every recorded change, oldest first: when, who, what, and for a change\n"
	 "the fields that changed (\"status under way -> done\"). --entity (e.g. account)\n"
	 "and --id narrow it to one kind or one record; --since to changes on or after a\n"
	 "date (UTC).\n"
	 "\n"
	 "Exit status: 0 ok, 1 failed, 2 bad usage.\n",
	 cmd_audit},
	{"import", "import commitments, organisations, evidence or figures from a CSV file, a plan, or care records",
	 (const char *)&import_help,
	 cmd_import},
	{"board", "list the Oversight Board's members; add a member or end a term",
	 "usage: keep board list [--db FILE]\n"
	 "       keep board add NAME --role chair|member --care-experienced yes|no --from DATE [--to DATE] [--db FILE]\n"
	 "       keep board end ID --to DATE [--db FILE]\n"
	 "\n"
	 "The rule from the seeds: on any date, at least half of the members serving are care\n"
	 "experienced, and so is the Chair (one Chair at a time). 'list' shows every member and,\n"
	 "last, whether the rule holds today or the first date from which it fails, and why.\n"
	 "Dates are YYYY-MM-DD; --to is the last day served (leave it out while still serving).\n"
	 "Every change is written to the audit log (see 'keep audit').\n"
	 "\n"
	 "Exit status: 0 done, 1 failed (nothing changed), 2 bad usage or a value that\n"
	 "breaks a rule (e.g. an end before the start).\n",
	 cmd_board},
	{"money", "The Money: what is spent, what placements cost, the cost of failure, a projection, scenarios (keep money --help)",
	 "usage: keep money SUB [OPTIONS]\n"
	 "\n"
	 "The Money (docs/money.md). Each sub-command has its own --help:\n"
	 "\n"
	 "  spend      what is spent in an area or Scotland, by financial year\n"
	 "  costs      placement costs from the care records, unit costs, and the cost of\n"
	 "             failure\n"
	 "  scenario   scenarios of investing early: list, show, import, export\n"
	 "  project    children looked after by placement type, month by month to 2030, with\n"
	 "             bands, from the care records\n"
	 "  backtest   how the projection would have done: fitted on the records as they\n"
	 "             stood on a past day, compared with what they show 12 and 24 months on\n"
	 "  counts     the transition counts behind the projection's rates, straight from a\n"
	 "             council's files\n"
	 "\n"
	 "Exit status: the sub-command's; 2 for a sub-command keep does not know.\n",
	 cmd_money},
	{"place", "where children live: care services and vacancies, sufficiency to 2030, plans that keep brothers and sisters together (keep place --help)",
	 "usage: keep place SUB [OPTIONS]\n"
	 "\n"
	 "Where children live (docs/places.md). Each sub-command has its own --help:\n"
	 "\n"
	 "  import KIND FILE   import a file: services, vacancies\n"
	 "  services           the register of care services\n"
	 "  plan       a plan for requests for a place: each request's recommendation,\n"
	 "             keeping brothers and sisters together first\n"
	 "  sufficiency  children needing a place to 2030 against the places there are,\n"
	 "               the gap, and the homes to add so brothers and sisters live together\n"
	 "\n"
	 "Exit status: the sub-command's; 2 for a sub-command keep does not know.\n",
	 cmd_place},
	{"measures", "the Promise measures from care records, protected for publication",
	 "usage: keep measures [--council CODE] [--year YYYY] [--format table|csv|json] [--db FILE]\n"
	 "       keep measures --from DIR --council CODE --year YYYY [--format table|csv|json] [--db FILE]\n"
	 "       keep measures --publish --year YYYY [--db FILE]\n"
	 "\n"
	 "Works out the Promise measures (docs/measures.md) for the year that ends on 31\n"
	 "July YYYY: children looked after and the rate per 1,000, the placement mix, starts\n"
	 "and leavers, brothers and sisters placed together, moves, school changes, placements\n"
	 "away from home, secure care and YOIs at 16 and 17, adoption breakdowns, restraint\n"
	 "and continuing care. Each council's figures come from its latest import of that\n"
	 "year or a later one ('keep import records'); Scotland's are the councils' sums.\n"
	 "\n"
	 "Only what may be published is printed: a count from 1 to 4 is shown as [c]\n"
	 "(primary), and so is any share or rate worked from it; more cells are hidden\n"
	 "(secondary) until none can be worked out from the others, from Scotland's total,\n"
	 "or with the year before's table and what the measures' definitions tie together.\n"
	 "The whole table is protected at once, so one council's figures are the same with\n"
	 "or without --council. A council with no import is shown as having no data.\n"
	 "\n"
	 "  --council CODE     one council area (GSS code) and Scotland; default: every one\n"
	 "  --year YYYY        the year to 31 July YYYY (default: the latest imported)\n"
	 "  --format FORMAT    table (default), csv (one row per area and figure) or json\n"
	 "  --from DIR         read the council's files in keep's native format from DIR,\n"
	 "                     check them as an import would, and show its measures as the\n"
	 "                     database's national table would with these files in place of\n"
	 "                     the council's import, hiding at least every cell that table\n"
	 "                     hides of the council; writes nothing. With no database at the\n"
	 "                     default place, as if no other council were in the table (it\n"
	 "                     says so: the national table may hide more once others are in)\n"
	 "  --publish          write the year's published measures to the database as\n"
	 "                     oversight observations (indicators 'measure-...', period\n"
	 "                     31 July YYYY, source 'keep measures (import COUNCIL/YEAR)'),\n"
	 "                     suppressed cells as suppressed, with one audit record\n"
	 "  --db FILE          the database (default keep.db, or $KEEP_DB)\n"
	 "\n"
	 "Exit status: 0 done, 1 failed (e.g. problems in the files), 2 bad usage.\n",
	 cmd_measures},
	{"report", "write the annual report, or an organisation's or a council area's, as HTML or PDF",
	 "usage: keep report annual --year YYYY [--format html|pdf] [--out FILE] [--db FILE]\n"
	 "       keep report organisation SLUG [--format html|pdf] [--out FILE] [--db FILE]\n"
	 "       keep report area CODE [--format html|pdf] [--out FILE] [--db FILE]\n"
	 "\n"
	 "annual: the Oversight Board's report to the Scottish Parliament for the year from\n"
	 "1 April YYYY to 31 March YYYY+1 (the Plan's years): for each priority area what was\n"
	 "committed, what was delivered and the Board's assessments in the year; the targets\n"
	 "with their charts and status; the gaps; the Board's members and every date the rule\n"
	 "(half care experienced, and the Chair) failed.\n"
	 "organisation: one organisation's lead roles, commitments, updates and published\n"
	 "evidence. area: one council area's organisations, their commitments, its local\n"
	 "targets with charts, and the gaps there (CODE as 'keep export council-areas' lists).\n"
	 "\n"
	 "Each report states the date of its data: the day of the latest change recorded (or\n"
	 "today, when none is). It holds no child-level data, only published evidence, and\n"
	 "does not say who recorded what.\n"
	 "\n"
	 "  --format html|pdf  html (default): one file with its own style; pdf: A4, with a\n"
	 "                     table of contents and page numbers\n"
	 "  --out FILE         where to write (default keep-annual-YYYY.html, keep-organisation-\n"
	 "                     SLUG.pdf, keep-area-CODE.html...); '-' writes to standard output\n"
	 "  --db FILE          the database (default keep.db, or $KEEP_DB)\n"
	 "\n"
	 "Progress shows on a terminal.\n"
	 "\n"
	 "Exit status: 0 written, 1 failed (e.g. an unknown organisation; nothing written),\n"
	 "2 bad usage (e.g. a year that is not a year, an unknown format).\n",
	 cmd_report},
	{"synth", "write a synthetic dataset of care records (made-up children)",
	 "usage: keep synth --children N --councils K --seed S --out DIR [--year YYYY]\n"
	 "                  [--places [--vacancy-date YYYY-MM-DD]]\n"
	 "\n"
	 "Writes made-up care records for N children in keep's native format\n"
	 "(docs/data-spec.md), for demonstrations, tests and benchmarks: no real child is in\n"
	 "them. DIR gets one directory per council, named by its code (see 'keep export\n"
	 "council-areas'), holding children.csv, episodes.csv, placements.csv, legal.csv,\n"
	 "siblings.csv, school_changes.csv, adoption_breakdowns.csv and restraints.csv.\n"
	 "The data follows the published figures for Scotland: the placement mix on 31\n"
	 "July, starts and leavers, about 2.5 placements a child, brothers and sisters placed\n"
	 "together or apart, continuing care (docs/data-spec.md, \"Synthetic data\"). About\n"
	 "60,000 children make Scotland's size. The same options give the same files.\n"
	 "\n"
	 "  --children N   how many children, 1 to 5000000\n"
	 "  --councils K   how many councils, 1 to 32: the K largest (Glasgow first)\n"
	 "  --seed S       a whole number; another seed gives other children\n"
	 "  --out DIR      a new or empty directory\n"
	 "  --year YYYY    the records run to 31 July YYYY (default 2025)\n"
	 "  --places       also made-up care services, vacancies, cross-border placements\n"
	 "                 and requests for a place, in DIR itself: services.csv,\n"
	 "                 vacancies.csv, crossborder.csv, requests.csv (docs/places.md,\n"
	 "                 \"Synthetic services, vacancies and requests\"); each placement\n"
	 "                 then names its service and the provider's sector. About 1,500\n"
	 "                 services, 58 of them fostering services with 2,998 households,\n"
	 "                 and 400 requests at Scotland's size\n"
	 "  --vacancy-date YYYY-MM-DD\n"
	 "                 the day of the latest vacancy returns (they fall in the 28 days\n"
	 "                 to it; default 31 July of the year)\n"
	 "\n"
	 "Progress shows on a terminal; the counts and the time taken are printed at the end.\n"
	 "\n"
	 "Exit status: 0 written, 1 failed (DIR is not new or empty, or a file could not be\n"
	 "written), 2 bad usage or a number out of range.\n",
	 cmd_synth},
	{"backup", "make a consistent copy of the database, with its key and a checksum",
	 "usage: keep backup FILE [--db DB]\n"
	 "\n"
	 "Copies DB (default keep.db, or $KEEP_DB) into FILE as it is when the copy begins,\n"
	 "while keep serve goes on serving and writing. Beside it go FILE.key, a copy of the\n"
	 "records key DB.key (when DB has one), and FILE.sha256, the SHA-256 of each (as\n"
	 "sha256sum writes them). Keep the three together, and the key as private as DB.key.\n"
	 "Refuses a FILE that is there already.\n"
	 "\n"
	 "  --db DB   the database to copy\n"
	 "\n"
	 "Exit status: 0 made, 1 failed (nothing is left behind), 2 bad usage.\n",
	 cmd_backup},
	{"restore", "replace the database with a backup, after checking it",
	 "usage: keep restore FILE [--db DB]\n"
	 "\n"
	 "Checks the backup FILE that keep backup made before it changes anything: FILE and\n"
	 "FILE.key match FILE.sha256, FILE is a whole keep database (SQLite's integrity\n"
	 "check) of a schema this keep knows, and a backup holding care records has its key.\n"
	 "Then replaces DB's content with FILE's (a keep serve running on DB goes on, and\n"
	 "serves the restored data) and DB.key with FILE.key. A backup that fails a check\n"
	 "is refused with a message saying which, and nothing is changed.\n"
	 "\n"
	 "  --db DB   the database to replace (default keep.db, or $KEEP_DB; made if missing)\n"
	 "\n"
	 "Exit status: 0 restored, 1 refused or failed, 2 bad usage.\n",
	 cmd_restore},
	{"version", "print keep's version",
	 "usage: keep version\n\nPrints keep's version and the database schema version it writes.\n", cmd_version},
	{"help", "list the commands, or show one command's help",
	 "usage: keep help [COMMAND]\n\nLists keep's commands, or prints COMMAND's help.\n", cmd_help},
	{NULL, NULL, NULL, NULL},
};

const struct cli_command *cli_find(const char *name)
{
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static int vreport(const char *cmd, int code, const char *fmt, va_list ap)
{
	fprintf(stderr, "keep %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	if (code == EXIT_USAGE)
		fprintf(stderr, "Try 'keep %s --help'.\n", cmd);
	return code;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = vreport(cmd, EXIT_USAGE, fmt, ap);
	va_end(ap);
	return rc;
}

int cli_fail(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = vreport(cmd, EXIT_FAIL, fmt, ap);
	va_end(ap);
	return rc;
}

int cli_wants_help(const struct cli_command *cmd, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(cmd->usage, stdout);
			return 1;
		}
	}
	return 0;
}

void cli_progress(const char *pass, size_t done, size_t total, void *arg)
{
	fprintf(stderr, "\r%s %s: %3d%%", (const char *)arg, pass, total ? (int)(done * 100 / total) : 100);
	fflush(stderr);
}

void cli_actor(char *out, size_t n)
{
	const char *name = getenv("SUDO_USER");
	if (!name || !*name) {
		struct passwd *pw = getpwuid(geteuid());
		name = pw ? pw->pw_name : "unknown";
	}
	snprintf(out, n, "command line (%s)", name);
}

const char *cli_default_db(void)
{
	const char *env = getenv("KEEP_DB");
	return env && *env ? env : "keep.db";
}

static void list_commands(FILE *out)
{
	fprintf(out, "keep %s: the register of The Promise, its Plan and who has committed to what.\n\n"
	             "usage: keep COMMAND [OPTIONS]\n\ncommands:\n",
	        KEEP_VERSION);
	for (const struct cli_command *c = cli_commands; c->name; c++)
		fprintf(out, "  %-9s %s\n", c->name, c->summary);
	fprintf(out, "\n'keep COMMAND --help' shows a command's options.\n"
	             "Exit status: 0 ok, 1 failure, 2 bad usage.\n");
}

int cmd_help(int argc, char **argv)
{
	if (cli_wants_help(cli_find("help"), argc, argv))
		return EXIT_OK;
	if (argc > 2)
		return cli_usage_error("help", "expected at most one command name");
	if (argc == 2) {
		const struct cli_command *c = cli_find(argv[1]);
		if (!c)
			return cli_usage_error("help", "there is no command '%s'", argv[1]);
		fputs(c->usage, stdout);
		return EXIT_OK;
	}
	list_commands(stdout);
	return EXIT_OK;
}

int cli_main(int argc, char **argv)
{
	if (argc < 2) {
		list_commands(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
		name = "help";
	if (strcmp(name, "--version") == 0)
		name = "version";
	const struct cli_command *c = cli_find(name);
	if (!c) {
		fprintf(stderr, "keep: there is no command '%s'. Run 'keep help' to list the commands.\n", argv[1]);
		return EXIT_USAGE;
	}
	/* keep money SUB --help and keep place SUB --help are the sub-command's own
	 * (cmd_money.c, cmd_place.c). */
	if (c->run != cmd_help && c->run != cmd_money && c->run != cmd_place && cli_wants_help(c, argc - 1, argv + 1))
		return EXIT_OK;
	return c->run(argc - 1, argv + 1);
}
