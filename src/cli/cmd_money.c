/* keep money SUB ...: The Money (docs/money.md). One table of sub-commands, each in its
 * own file (cmd_money_<part>.c), each with its own --help. */
#include "cli/cli.h"
#include "cli/cmd_money.h"

#include <stdio.h>
#include <string.h>

static const struct cli_command money_commands[] = {
	{"costs", "placement costs from the care records, unit costs, and the cost of failure", MONEY_COSTS_HELP,
	 cmd_money_costs},
	{"spend", "what is spent in an area or Scotland, by financial year", NULL, cmd_money_spend},
	{"scenario", "scenarios of investing early: list, show, import, export", MONEY_SCENARIO_HELP, cmd_money_scenario},
	{"project", "children looked after by placement type to 2030, with bands", MONEY_PROJECT_HELP,
	 cmd_money_project},
	{"backtest", "the projection fitted on a past day, against what the records show", MONEY_BACKTEST_HELP,
	 cmd_money_backtest},
	{"counts", "the transition counts of a council's files, straight from them", MONEY_COUNTS_HELP,
	 cmd_money_counts},
	{NULL, NULL, NULL, NULL},
};

int cmd_money(int argc, char **argv)
{
	/* argv[0] is "money" */
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		/* the usage lists the sub-commands (cli.c) */
		fputs(cli_find("money")->usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	for (const struct cli_command *c = money_commands; c->name; c++) {
		if (strcmp(argv[1], c->name) != 0)
			continue;
		/* a sub-command with no usage here prints its own (its help is made when asked) */
		for (int i = 2; c->usage && i < argc; i++)
			if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
				printf("%s", c->usage);
				return EXIT_OK;
			}
		return c->run(argc - 1, argv + 1);
	}
	return cli_usage_error("money", "'%s' is not a money command (keep money --help lists them)", argv[1]);
}
