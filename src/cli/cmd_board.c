/* keep board: the Oversight Board's members; whether the rule from the seeds (at least
 * half care experienced, and so is the Chair) holds. */
#include "cli/cli.h"

#include "base/date.h"
#include "plan/board.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char *const board_usage_tail = "Run 'keep board --help' for the whole usage.";

struct board_opts {
	const char *db, *role, *care, *from, *to;
};

/* Parses the options shared by the sub-commands; returns the index of the first
 * argument after them, or -1 after reporting a usage error. */
static int parse(const char *cmd, int argc, char **argv, struct board_opts *o)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"role", required_argument, NULL, 'r'},
		{"care-experienced", required_argument, NULL, 'c'},
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
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
		case 'c': o->care = optarg; break;
		case 'f': o->from = optarg; break;
		case 't': o->to = optarg; break;
		case ':': return cli_usage_error(cmd, "%s needs a value", argv[optind - 1]), -1;
		default: return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]), -1;
		}
	}
	return optind;
}

static int board_list(int argc, char **argv)
{
	struct board_opts o = {0};
	int i = parse("board list", argc, argv, &o);
	if (i < 0)
		return EXIT_USAGE;
	if (argc != i || o.role || o.care || o.from || o.to)
		return cli_usage_error("board list", "takes only --db");
	struct kerr e = {0};
	struct store *s = store_open(o.db, STORE_READONLY, &e);
	if (!s)
		return cli_fail("board list", "%s", e.msg);
	struct board_verdict v;
	json_t *all = board_members_check(s, date_today(), &v, &e);
	store_close(s);
	if (!all)
		return cli_fail("board list", "%s", e.msg);
	if (json_array_size(all) == 0)
		printf("No board members yet. Add one with 'keep board add NAME --role chair|member ...'.\n");
	else
		printf("%-24s %-40s %-6s %-16s %-10s %s\n", "ID", "NAME", "ROLE", "CARE EXPERIENCED", "FROM", "TO");
	size_t k;
	json_t *m;
	json_array_foreach(all, k, m)
	{
		const char *to = json_string_value(json_object_get(m, "ends"));
		printf("%-24s %-40s %-6s %-16s %-10s %s\n", json_string_value(json_object_get(m, "id")),
		       json_string_value(json_object_get(m, "name")), json_string_value(json_object_get(m, "role")),
		       json_is_true(json_object_get(m, "care_experienced")) ? "yes" : "no",
		       json_string_value(json_object_get(m, "starts")), to ? to : "-");
	}
	json_decref(all);
	if (!v.fails)
		printf("The rule holds: at least half of the members are care experienced, and so is the Chair.\n");
	else if (v.holds_today)
		printf("The rule holds today but fails later. %s.\n", v.why);
	else
		printf("The rule does not hold today. %s.\n", v.why);
	return EXIT_OK;
}

static int board_add(int argc, char **argv)
{
	struct board_opts o = {0};
	int i = parse("board add", argc, argv, &o);
	if (i < 0)
		return EXIT_USAGE;
	if (argc - i != 1)
		return cli_usage_error("board add", "expected one NAME. %s", board_usage_tail);
	struct board_form f = {argv[i], o.role, o.care, o.from, o.to};
	json_t *errors = json_object();
	if (board_form_check(&f, errors) > 0) {
		/* One line per problem, naming the option that carries it. */
		static const char *const fields[][2] = {{"name", "NAME"},
		                                        {"role", "--role"},
		                                        {"care_experienced", "--care-experienced"},
		                                        {"starts", "--from"},
		                                        {"ends", "--to"}};
		for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
			json_t *msg = json_object_get(errors, fields[k][0]);
			if (msg)
				fprintf(stderr, "keep board add: %s: %s\n", fields[k][1], json_string_value(msg));
		}
		json_decref(errors);
		return EXIT_USAGE;
	}
	json_decref(errors);
	struct kerr e = {0};
	struct store *s = store_open(o.db, STORE_READWRITE, &e);
	if (!s)
		return cli_fail("board add", "%s", e.msg);
	char actor[128], slug[128];
	cli_actor(actor, sizeof actor);
	int rc = EXIT_OK;
	if (board_member_add(s, actor, &f, slug, &e) < 0)
		rc = cli_fail("board add", "%s", e.msg);
	else
		printf("Added %s (%s) as %s.\n", f.name, slug, strcmp(f.role, "chair") == 0 ? "Chair" : "a member");
	store_close(s);
	return rc;
}

static int board_end(int argc, char **argv)
{
	struct board_opts o = {0};
	int i = parse("board end", argc, argv, &o);
	if (i < 0)
		return EXIT_USAGE;
	if (argc - i != 1)
		return cli_usage_error("board end", "expected one member's id. %s", board_usage_tail);
	if (!o.to || o.role || o.care || o.from)
		return cli_usage_error("board end", "takes --to DATE (the last day served) and --db only");
	struct kerr e = {0};
	struct store *s = store_open(o.db, STORE_READWRITE, &e);
	if (!s)
		return cli_fail("board end", "%s", e.msg);
	char actor[128];
	cli_actor(actor, sizeof actor);
	int rc = EXIT_OK;
	if (board_member_end(s, actor, argv[i], o.to, &e) < 0)
		rc = e.code == KERR_INVALID ? cli_usage_error("board end", "--to: %s", e.msg)
		                            : cli_fail("board end", "%s", e.msg);
	else
		printf("%s's term ends on %s.\n", argv[i], o.to);
	store_close(s);
	return rc;
}

int cmd_board(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int, char **);
	} subs[] = {
		{"list", board_list},
		{"add", board_add},
		{"end", board_end},
	};
	if (argc < 2)
		return cli_usage_error("board", "expected list, add or end");
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(argc - 1, argv + 1);
	return cli_usage_error("board", "there is no 'board %s': expected list, add or end", argv[1]);
}
