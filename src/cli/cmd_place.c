/* keep place SUB ...: where children live (docs/places.md). One table of sub-commands,
 * each in its own file (cmd_place_<part>.c), each with its own --help; the usage in
 * cli.c lists them. */
#include "cli/cli.h"
#include "cli/cmd_place.h"

#include <stdio.h>
#include <string.h>

static const struct cli_command place_commands[] = {
	/* {"NAME", "one line", HELP or NULL (the sub-command prints its own), cmd_place_NAME}, */
	{"import", "import a file: services, vacancies (keep place import --help lists the kinds)", NULL,
	 cmd_place_import},
	{"services", "the register of care services", CMD_PLACE_SERVICES_HELP, cmd_place_services},
	{"plan", "a plan for requests for a place", PLACE_PLAN_HELP, cmd_place_plan},
	{"sufficiency", "children needing a place to 2030 against the places there are, and what to commission",
	 PLACE_SUFFICIENCY_HELP, cmd_place_sufficiency},
	{NULL, NULL, NULL, NULL},
};

int cmd_place(int argc, char **argv)
{
	/* argv[0] is "place" */
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(cli_find("place")->usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	for (const struct cli_command *c = place_commands; c->name; c++) {
		if (strcmp(argv[1], c->name) != 0)
			continue;
		for (int i = 2; c->usage && i < argc; i++)
			if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
				printf("%s", c->usage);
				return EXIT_OK;
			}
		return c->run(argc - 1, argv + 1);
	}
	return cli_usage_error("place", "'%s' is not a place command (keep place --help lists them)", argv[1]);
}
