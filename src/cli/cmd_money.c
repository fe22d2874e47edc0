/* keep money: The Money's sub-commands, each in its own file (cmd_money_<part>.c); one
 * line each in the table below. */
#include "cli/cli.h"

#include <string.h>

int cmd_money(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int, char **);
	} subs[] = {
		{"scenario", cmd_money_scenario},
		{"counts", cmd_money_counts},
	};
	if (argc < 2)
		return cli_usage_error("money", "expected a sub-command: scenario");
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(argc - 1, argv + 1);
	return cli_usage_error("money", "there is no 'money %s': expected scenario", argv[1]);
}
