/* Unit tests for src/cli/cli.c: the command table, `keep help`, exit codes for
 * malformed command lines and the messages a person reads on the terminal. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "store/store.h"

/* ---- capturing stdout and stderr ---- */

struct capture {
	FILE *out, *err;
	int saved_out, saved_err;
	char *out_text, *err_text;
};

static void capture_start(struct capture *c)
{
	fflush(stdout);
	fflush(stderr);
	c->out = tmpfile();
	c->err = tmpfile();
	assert_non_null(c->out);
	assert_non_null(c->err);
	c->saved_out = dup(STDOUT_FILENO);
	c->saved_err = dup(STDERR_FILENO);
	dup2(fileno(c->out), STDOUT_FILENO);
	dup2(fileno(c->err), STDERR_FILENO);
}

static char *slurp(FILE *f)
{
	struct buf b = {0};
	char chunk[4096];
	size_t n;
	rewind(f);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	return buf_steal(&b);
}

static void capture_end(struct capture *c)
{
	fflush(stdout);
	fflush(stderr);
	dup2(c->saved_out, STDOUT_FILENO);
	dup2(c->saved_err, STDERR_FILENO);
	close(c->saved_out);
	close(c->saved_err);
	c->out_text = slurp(c->out);
	c->err_text = slurp(c->err);
}

static void capture_free(struct capture *c)
{
	free(c->out_text);
	free(c->err_text);
}

/* Runs `keep ARGS...` (NULL-terminated), capturing what it prints. */
static int run(struct capture *c, ...)
{
	char *argv[16];
	int argc = 0;
	va_list ap;
	va_start(ap, c);
	argv[argc++] = (char *)"keep";
	const char *a;
	while ((a = va_arg(ap, const char *)) && argc < 15)
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	capture_start(c);
	int rc = cli_main(argc, argv);
	capture_end(c);
	return rc;
}

/* ---- the table ---- */

static void test_table(void **state)
{
	(void)state;
	size_t n = 0;
	for (const struct cli_command *c = cli_commands; c->name; c++, n++) {
		assert_non_null(c->summary);
		assert_non_null(c->usage);
		assert_non_null(c->run);
		assert_true(c->summary[0] != '\0');
		assert_null(strchr(c->summary, '\n'));
		char start[64];
		snprintf(start, sizeof start, "usage: keep %s", c->name);
		if (strncmp(c->usage, start, strlen(start)) != 0)
			fail_msg("%s: usage does not start with '%s'", c->name, start);
		char next = c->usage[strlen(start)];
		if (next != ' ' && next != '\n')
			fail_msg("%s: usage names another command", c->name);
		assert_int_equal(c->usage[strlen(c->usage) - 1], '\n');
		assert_ptr_equal(cli_find(c->name), c);
		/* names are unique */
		for (const struct cli_command *d = cli_commands; d != c; d++)
			assert_string_not_equal(d->name, c->name);
	}
	assert_int_equal(n, 16);
	assert_non_null(cli_find("init"));
	assert_non_null(cli_find("serve"));
	assert_non_null(cli_find("export"));
	assert_non_null(cli_find("version"));
	assert_non_null(cli_find("help"));
	assert_non_null(cli_find("user"));
	assert_non_null(cli_find("audit"));
	assert_non_null(cli_find("import"));
	assert_non_null(cli_find("board"));
	assert_non_null(cli_find("report"));
	assert_non_null(cli_find("backup"));
	assert_non_null(cli_find("restore"));
	assert_non_null(cli_find("synth"));
	assert_non_null(cli_find("measures"));
	assert_non_null(cli_find("money"));
	assert_non_null(cli_find("place"));
	assert_null(cli_find("nope"));
	assert_null(cli_find(""));
	assert_null(cli_find("Init"));
	assert_null(cli_find("--help"));
}

/* ---- exit codes and messages ---- */

static void test_no_command(void **state)
{
	(void)state;
	struct capture c;
	assert_int_equal(run(&c, NULL), EXIT_USAGE);
	assert_string_equal(c.out_text, "");
	assert_non_null(strstr(c.err_text, "usage: keep COMMAND [OPTIONS]"));
	capture_free(&c);
}

static void test_unknown_command(void **state)
{
	(void)state;
	struct capture c;
	assert_int_equal(run(&c, "nope", NULL), EXIT_USAGE);
	assert_string_equal(c.out_text, "");
	assert_string_equal(c.err_text,
	                    "keep: there is no command 'nope'. Run 'keep help' to list the commands.\n");
	capture_free(&c);
	assert_int_equal(run(&c, "--nope", NULL), EXIT_USAGE);
	assert_string_equal(c.err_text,
	                    "keep: there is no command '--nope'. Run 'keep help' to list the commands.\n");
	capture_free(&c);
}

static void test_version(void **state)
{
	(void)state;
	struct capture c;
	char want[200];
	snprintf(want, sizeof want, "keep %s (database schema %d, SQLite %s)\n", KEEP_VERSION,
	         store_schema_version(), sqlite3_libversion());
	assert_int_equal(run(&c, "version", NULL), EXIT_OK);
	assert_string_equal(c.out_text, want);
	assert_string_equal(c.err_text, "");
	capture_free(&c);
	assert_int_equal(run(&c, "--version", NULL), EXIT_OK);
	assert_string_equal(c.out_text, want);
	capture_free(&c);
}

static void test_version_extra(void **state)
{
	(void)state;
	struct capture c;
	assert_int_equal(run(&c, "version", "extra", NULL), EXIT_USAGE);
	assert_string_equal(c.out_text, "");
	assert_string_equal(c.err_text, "keep version: takes no arguments\nTry 'keep version --help'.\n");
	capture_free(&c);
}

static void test_help(void **state)
{
	(void)state;
	struct capture c;
	assert_int_equal(run(&c, "help", NULL), EXIT_OK);
	assert_string_equal(c.err_text, "");
	char head[100];
	snprintf(head, sizeof head, "keep %s: ", KEEP_VERSION);
	assert_true(strncmp(c.out_text, head, strlen(head)) == 0);
	/* Every command is listed with its summary. */
	for (const struct cli_command *k = cli_commands; k->name; k++) {
		char line[200];
		snprintf(line, sizeof line, "\n  %-9s %s\n", k->name, k->summary);
		if (!strstr(c.out_text, line))
			fail_msg("keep help does not list: %s", line + 1);
	}
	char *list = c.out_text;
	c.out_text = NULL;
	capture_free(&c);

	/* --help and -h are the same as help. */
	assert_int_equal(run(&c, "--help", NULL), EXIT_OK);
	assert_string_equal(c.out_text, list);
	capture_free(&c);
	assert_int_equal(run(&c, "-h", NULL), EXIT_OK);
	assert_string_equal(c.out_text, list);
	capture_free(&c);
	free(list);
}

static void test_help_command(void **state)
{
	(void)state;
	struct capture c;
	for (const struct cli_command *k = cli_commands; k->name; k++) {
		assert_int_equal(run(&c, "help", k->name, NULL), EXIT_OK);
		assert_string_equal(c.out_text, k->usage);
		assert_string_equal(c.err_text, "");
		capture_free(&c);
		/* `keep CMD --help` and `keep CMD -h` print the same. */
		assert_int_equal(run(&c, k->name, "--help", NULL), EXIT_OK);
		assert_string_equal(c.out_text, k->usage);
		capture_free(&c);
		assert_int_equal(run(&c, k->name, "-h", NULL), EXIT_OK);
		assert_string_equal(c.out_text, k->usage);
		capture_free(&c);
	}
	assert_int_equal(run(&c, "help", "nope", NULL), EXIT_USAGE);
	assert_string_equal(c.out_text, "");
	assert_string_equal(c.err_text, "keep help: there is no command 'nope'\nTry 'keep help --help'.\n");
	capture_free(&c);
	assert_int_equal(run(&c, "help", "init", "serve", NULL), EXIT_USAGE);
	assert_string_equal(c.err_text,
	                    "keep help: expected at most one command name\nTry 'keep help --help'.\n");
	capture_free(&c);
}

/* --help is looked for anywhere before "--", and wins over anything malformed. */
static void test_wants_help(void **state)
{
	(void)state;
	struct capture c;
	assert_int_equal(run(&c, "version", "extra", "--help", NULL), EXIT_OK);
	assert_string_equal(c.out_text, cli_find("version")->usage);
	capture_free(&c);

	const struct cli_command *init = cli_find("init");
	char *a1[] = {(char *)"init", (char *)"--db", (char *)"x.db", (char *)"-h", NULL};
	capture_start(&c);
	int r = cli_wants_help(init, 4, a1);
	capture_end(&c);
	assert_int_equal(r, 1);
	assert_string_equal(c.out_text, init->usage);
	capture_free(&c);

	char *a2[] = {(char *)"init", (char *)"--", (char *)"--help", NULL};
	capture_start(&c);
	r = cli_wants_help(init, 3, a2);
	capture_end(&c);
	assert_int_equal(r, 0);
	assert_string_equal(c.out_text, "");
	capture_free(&c);

	/* argv[0] is the command name, never an option. */
	char *a3[] = {(char *)"--help", NULL};
	capture_start(&c);
	r = cli_wants_help(init, 1, a3);
	capture_end(&c);
	assert_int_equal(r, 0);
	capture_free(&c);
}

static void test_usage_error_and_fail(void **state)
{
	(void)state;
	struct capture c;
	capture_start(&c);
	int r = cli_usage_error("export", "no table called '%s'", "x");
	capture_end(&c);
	assert_int_equal(r, EXIT_USAGE);
	assert_string_equal(c.out_text, "");
	assert_string_equal(c.err_text, "keep export: no table called 'x'\nTry 'keep export --help'.\n");
	capture_free(&c);

	capture_start(&c);
	r = cli_fail("init", "%s already exists", "keep.db");
	capture_end(&c);
	assert_int_equal(r, EXIT_FAIL);
	assert_string_equal(c.err_text, "keep init: keep.db already exists\n");
	capture_free(&c);
}

static void test_default_db(void **state)
{
	(void)state;
	unsetenv("KEEP_DB");
	assert_string_equal(cli_default_db(), "keep.db");
	setenv("KEEP_DB", "", 1);
	assert_string_equal(cli_default_db(), "keep.db");
	setenv("KEEP_DB", "/srv/keep/promise.db", 1);
	assert_string_equal(cli_default_db(), "/srv/keep/promise.db");
	unsetenv("KEEP_DB");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_no_command),
	    cmocka_unit_test(test_unknown_command),
	    cmocka_unit_test(test_version),
	    cmocka_unit_test(test_version_extra),
	    cmocka_unit_test(test_help),
	    cmocka_unit_test(test_help_command),
	    cmocka_unit_test(test_wants_help),
	    cmocka_unit_test(test_usage_error_and_fail),
	    cmocka_unit_test(test_default_db),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
