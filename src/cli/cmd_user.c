/* keep user add|passwd|list|disable: accounts from the command line. */
#include "cli/cli.h"

#include "base/secret.h"
#include "plan/account.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Reads one line (without its newline) into out; -1 at end of input. */
static int read_line(FILE *f, char *out, size_t n)
{
	if (!fgets(out, (int)n, f))
		return -1;
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

/* Asks on the terminal without echo; -1 if it cannot. */
static int ask_hidden(const char *prompt, char *out, size_t n)
{
	struct termios old, quiet;
	if (tcgetattr(STDIN_FILENO, &old) < 0)
		return -1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	fputs(prompt, stderr);
	fflush(stderr);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	int rc = read_line(stdin, out, n);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return rc;
}

/* The new password: generated (and printed once), asked twice on a terminal, or the
 * first line of standard input when that is not a terminal. */
static int get_password(const char *cmd, int generate, char *out, size_t n)
{
	if (generate) {
		/* 24 hex digits: 96 random bits. The dictionary check finds a few in a hundred
		 * of them too systematic: make another until one passes. */
		for (int i = 0; i < 64; i++) {
			secret_token(out, 12);
			if (account_check_password(out, NULL, NULL) == 0)
				return 0;
		}
		return cli_fail(cmd, "no generated password passed the password check; nothing was changed"), -1;
	}
	if (isatty(STDIN_FILENO)) {
		char again[4 * ACCOUNT_PASSWORD_MAX + 2];
		if (ask_hidden("New password (at least 12 characters): ", out, n) < 0 ||
		    ask_hidden("The same again: ", again, sizeof again) < 0)
			return cli_fail(cmd, "no password was given"), -1;
		int same = strcmp(out, again) == 0;
		memset(again, 0, sizeof again);
		if (!same)
			return cli_fail(cmd, "the two passwords differ; nothing was changed"), -1;
		return 0;
	}
	if (read_line(stdin, out, n) < 0)
		return cli_fail(cmd, "expected the password on the first line of standard input"), -1;
	return 0;
}

static const char *const user_usage_tail =
	"Run 'keep user --help' for the whole usage.";

/* Parses the options shared by the sub-commands; returns the index of the first
 * argument after them, or -1 after reporting a usage error. */
struct user_opts {
	const char *db, *role, *organisation;
	int generate;
};

static int parse(const char *cmd, int argc, char **argv, struct user_opts *o)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"role", required_argument, NULL, 'r'},
		{"organisation", required_argument, NULL, 'o'},
		{"generate-password", no_argument, NULL, 'g'},
		{NULL, 0, NULL, 0},
	};
	o->db = cli_default_db();
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'r': o->role = optarg; break;
		case 'o': o->organisation = optarg; break;
		case 'g': o->generate = 1; break;
		case ':': return cli_usage_error(cmd, "%s needs a value", argv[optind - 1]), -1;
		default: return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]), -1;
		}
	}
	return optind;
}

static int user_add(int argc, char **argv)
{
	struct user_opts o = {0};
	int i = parse("user add", argc, argv, &o);
	if (i < 0)
		return EXIT_USAGE;
	if (argc - i != 1)
		return cli_usage_error("user add", "expected one EMAIL. %s", user_usage_tail);
	if (!o.role)
		return cli_usage_error("user add", "--role is required: admin, staff, board, editor or viewer");
	struct kerr e = {0};
	if (secret_init(&e) < 0)
		return cli_fail("user add", "%s", e.msg);
	struct store *s = store_open(o.db, STORE_READWRITE, &e);
	if (!s)
		return cli_fail("user add", "%s", e.msg);
	char pw[4 * ACCOUNT_PASSWORD_MAX + 2], actor[128];
	cli_actor(actor, sizeof actor);
	int rc = EXIT_OK;
	if (get_password("user add", o.generate, pw, sizeof pw) < 0)
		rc = EXIT_FAIL;
	else if (account_add(s, actor, argv[i], o.role, o.organisation, pw, &e) < 0)
		rc = e.code == KERR_INVALID ? cli_usage_error("user add", "%s", e.msg) : cli_fail("user add", "%s", e.msg);
	else if (o.generate)
		printf("Added %s (%s). Sign in with this password, shown only now: %s\n", argv[i], o.role, pw);
	else
		printf("Added %s (%s).\n", argv[i], o.role);
	memset(pw, 0, sizeof pw);
	store_close(s);
	return rc;
}

static int user_passwd(int argc, char **argv)
{
	struct user_opts o = {0};
	int i = parse("user passwd", argc, argv, &o);
	if (i < 0)
		return EXIT_USAGE;
	if (argc - i != 1 || o.role || o.organisation)
		return cli_usage_error("user passwd", "expected one EMAIL (and optionally --generate-password)");
	struct kerr e = {0};
	if (secret_init(&e) < 0)
		return cli_fail("user passwd", "%s", e.msg);
	struct store *s = store_open(o.db, STORE_READWRITE, &e);
	if (!s)
		return cli_fail("user passwd", "%s", e.msg);
	char pw[4 * ACCOUNT_PASSWORD_MAX + 2], actor[128];
	cli_actor(actor, sizeof actor);
	int rc = EXIT_OK;
	json_t *u = store_user_get(s, argv[i], &e);
	if (!u)
		rc = cli_fail("user passwd", "%s", e.msg);
	else if (get_password("user passwd", o.generate, pw, sizeof pw) < 0)
		rc = EXIT_FAIL;
	else if (account_set_password(s, actor, argv[i], pw, &e) < 0)
		rc = e.code == KERR_INVALID ? cli_usage_error("user passwd", "%s", e.msg)
		                            : cli_fail("user passwd", "%s", e.msg);
	else if (o.generate)
		printf("Changed the password of %s; the new one, shown only now: %s\n", argv[i], pw);
	else
		printf("Changed the password of %s; its sessions have ended.\n", argv[i]);
	json_decref(u);
	memset(pw, 0, sizeof pw);
	store_close(s);
	return rc;
}

static int user_disable(int argc, char **argv)
{
	struct user_opts o = {0};
	int i = parse("user disable", argc, argv, &o);
	if (i < 0)
		return EXIT_USAGE;
	if (argc - i != 1 || o.role || o.organisation || o.generate)
		return cli_usage_error("user disable", "expected one EMAIL");
	struct kerr e = {0};
	struct store *s = store_open(o.db, STORE_READWRITE, &e);
	if (!s)
		return cli_fail("user disable", "%s", e.msg);
	char actor[128];
	cli_actor(actor, sizeof actor);
	int rc = EXIT_OK;
	if (account_disable(s, actor, argv[i], &e) < 0)
		rc = cli_fail("user disable", "%s", e.msg);
	else
		printf("Disabled %s; it can no longer sign in and its sessions have ended.\n", argv[i]);
	store_close(s);
	return rc;
}

static int user_list(int argc, char **argv)
{
	struct user_opts o = {0};
	int i = parse("user list", argc, argv, &o);
	if (i < 0)
		return EXIT_USAGE;
	if (argc != i || o.role || o.organisation || o.generate)
		return cli_usage_error("user list", "takes only --db");
	struct kerr e = {0};
	struct store *s = store_open(o.db, STORE_READONLY, &e);
	if (!s)
		return cli_fail("user list", "%s", e.msg);
	json_t *users = store_users(s, &e);
	store_close(s);
	if (!users)
		return cli_fail("user list", "%s", e.msg);
	if (json_array_size(users) == 0)
		printf("No accounts yet. Add one with 'keep user add EMAIL --role ROLE'.\n");
	else
		printf("%-40s %-7s %-30s %s\n", "EMAIL", "ROLE", "ORGANISATION", "STATE");
	size_t k;
	json_t *u;
	json_array_foreach(users, k, u)
	{
		const char *org = json_string_value(json_object_get(u, "organisation"));
		printf("%-40s %-7s %-30s %s\n", json_string_value(json_object_get(u, "email")),
		       json_string_value(json_object_get(u, "role")), org ? org : "-",
		       json_is_true(json_object_get(u, "disabled")) ? "disabled" : "enabled");
	}
	json_decref(users);
	return EXIT_OK;
}

int cmd_user(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int, char **);
	} subs[] = {
		{"add", user_add}, {"passwd", user_passwd}, {"list", user_list}, {"disable", user_disable},
	};
	if (argc < 2)
		return cli_usage_error("user", "expected add, passwd, list or disable");
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(argc - 1, argv + 1);
	return cli_usage_error("user", "there is no 'user %s': expected add, passwd, list or disable", argv[1]);
}
