/* keep money SUB ...: The Money's sub-commands, one table; each in its own file
 * (cmd_money_<part>.c). */
#include "cli/cli.h"

#include <string.h>

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} subs[] = {
    {"project", cmd_money_project},
    {"backtest", cmd_money_backtest},
    {"scenario", cmd_money_scenario},
    {"counts", cmd_money_counts},
};

int cmd_money(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("money", "which? keep money project, backtest, scenario or counts (keep money --help)");
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(argc - 1, argv + 1);
	return cli_usage_error("money", "there is no 'keep money %s' (keep money --help)", argv[1]);
}
