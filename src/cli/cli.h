/* The command line: one table of sub-commands (cli.c), one file per sub-command.
 * Exit codes: 0 ok, 1 failure, 2 usage (a malformed command line). */
#ifndef KEEP_CLI_CLI_H
#define KEEP_CLI_CLI_H
#include <stddef.h>

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct cli_command {
	const char *name;
	const char *summary; /* one line for `keep help` */
	const char *usage;   /* the full --help text */
	int (*run)(int argc, char **argv);
};

/* The table, terminated by name == NULL. */
extern const struct cli_command cli_commands[];

/* Runs `keep ARGS...`; returns the exit code. */
int cli_main(int argc, char **argv);

/* Prints "keep CMD: message" to stderr and returns EXIT_USAGE / EXIT_FAIL. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_fail(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Handles --help / -h anywhere in argv: prints the command's usage, returns 1. */
int cli_wants_help(const struct cli_command *cmd, int argc, char **argv);
const struct cli_command *cli_find(const char *name);

/* "command line (NAME)": who the audit log says made a change from here. */
void cli_actor(char *out, size_t n);

/* Progress on a terminal for the engines' progress callbacks (records_progress,
 * import_progress): "ARG PASS: NN%" on one line of stderr, rewritten in place; arg is
 * the const char * to start the line with. */
void cli_progress(const char *pass, size_t done, size_t total, void *arg);

/* The database used when --db is not given: $KEEP_DB, else keep.db. */
const char *cli_default_db(void);

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_board(int argc, char **argv);
int cmd_measures(int argc, char **argv);
int cmd_money(int argc, char **argv);
int cmd_place(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_synth(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);

#endif
