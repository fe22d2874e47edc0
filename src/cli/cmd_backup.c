/* keep backup FILE and keep restore FILE. */
#include "cli/cli.h"

#include "base/secret.h"
#include "plan/backup.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

/* Parses [--db DB] FILE for cmd; -1 after a usage message. */
static int parse(const char *cmd, int argc, char **argv, const char **db, const char **file)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	*db = cli_default_db();
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'd': *db = optarg; break;
		case ':': return cli_usage_error(cmd, "%s needs a value", argv[optind - 1]), -1;
		default: return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]), -1;
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error(cmd, "expected one FILE, the backup"), -1;
	*file = argv[optind];
	return 0;
}

int cmd_backup(int argc, char **argv)
{
	const char *db, *file;
	if (parse("backup", argc, argv, &db, &file) < 0)
		return EXIT_USAGE;
	struct kerr e = {0};
	if (secret_init(&e) < 0 || backup_make(db, file, &e) < 0)
		return cli_fail("backup", "%s", e.msg);
	printf("Backed up %s to %s (with %s.sha256; the records key, when there is one, in %s.key).\n", db, file,
	       file, file);
	return EXIT_OK;
}

int cmd_restore(int argc, char **argv)
{
	const char *db, *file;
	if (parse("restore", argc, argv, &db, &file) < 0)
		return EXIT_USAGE;
	struct kerr e = {0};
	if (secret_init(&e) < 0)
		return cli_fail("restore", "%s", e.msg);
	if (backup_restore(file, db, &e) < 0)
		return cli_fail("restore", "%s%s", e.msg, e.code == KERR_INVALID ? "; nothing was changed" : "");
	printf("Restored %s from %s.\n", db, file);
	return EXIT_OK;
}
