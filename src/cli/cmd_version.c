#include "cli/cli.h"

#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>

int cmd_version(int argc, char **argv)
{
	if (argc > 1)
		return cli_usage_error("version", "takes no arguments");
	printf("keep %s (database schema %d, SQLite %s)\n", KEEP_VERSION, store_schema_version(), sqlite3_libversion());
	return EXIT_OK;
}
