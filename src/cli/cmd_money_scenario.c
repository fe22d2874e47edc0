/* keep money scenario list|show|import|export: scenarios of investing early (The Money;
 * docs/money.md "Scenarios"). An import is checked whole first: a bad file gets every
 * problem as FILE:LINE:COLUMN and nothing is written. */
#include "cli/cli.h"
#include "cli/cmd_money.h"

#include "base/buf.h"
#include "base/date.h"
#include "base/file.h"
#include "base/json.h"
#include "base/text.h"
#include "money/money.h"
#include "plan/scenario.h"
#include "store/store.h"

#include <getopt.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

struct opts {
	const char *db, *format;
};

/* formats: whether the command shows something (list, show) and so takes --format; an
 * import or export is the scenario's own file, JSON, and refuses it. */
static int parse(const char *cmd, int argc, char **argv, struct opts *o, bool formats)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	o->db = cli_default_db();
	o->format = "table";
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->db = optarg;
			break;
		case 'f':
			if (!formats)
				return cli_usage_error(cmd, "takes no --format: the scenario's file is always JSON"), -1;
			o->format = optarg;
			break;
		case ':':
			return cli_usage_error(cmd, "%s needs a value", argv[optind - 1]), -1;
		default:
			return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]), -1;
		}
	}
	if (strcmp(o->format, "table") != 0 && strcmp(o->format, "csv") != 0 &&
	    strcmp(o->format, "json") != 0)
		return cli_usage_error(cmd, "--format '%s': expected table, csv or json", o->format), -1;
	return optind;
}

static void print_json(json_t *v)
{
	char *s = json_dumps(v, JSON_INDENT(2));
	if (s)
		printf("%s\n", s);
	free(s);
}

static const char *text(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static int list(int argc, char **argv)
{
	struct opts o;
	int i = parse("money scenario list", argc, argv, &o, true);
	if (i < 0)
		return EXIT_USAGE;
	if (i != argc)
		return cli_usage_error("money scenario list", "takes no arguments, only --db and --format");
	struct kerr e = {0};
	struct store *s = store_open(o.db, STORE_READONLY, &e);
	if (!s)
		return cli_fail("money scenario list", "%s", e.msg);
	json_t *all = store_resource_all(s, "scenarios", &e);
	store_close(s);
	if (!all)
		return cli_fail("money scenario list", "%s", e.msg);
	json_t *rows = json_array();
	size_t k;
	json_t *x;
	json_array_foreach(all, k, x)
	{
		json_array_append_new(
		    rows,
		    json_pack("{s:O, s:O, s:O, s:O, s:O, s:i, s:i}", "slug", json_object_get(x, "id"), "name",
		              json_object_get(x, "name"), "area", json_object_get(x, "area"), "owner",
		              json_object_get(x, "owner"), "made_up", json_object_get(x, "made_up"),
		              "investments", (int)json_array_size(json_object_get(x, "investments")),
		              "effects", (int)json_array_size(json_object_get(x, "effects"))));
	}
	json_decref(all);
	if (strcmp(o.format, "json") == 0) {
		print_json(rows);
	} else if (strcmp(o.format, "csv") == 0) {
		struct buf b = {0};
		if (json_array_size(rows))
			json_rows_csv(rows, &b);
		else
			buf_puts(&b, "slug,name,area,owner,made_up,investments,effects\r\n");
		fwrite(b.p, 1, b.len, stdout);
		buf_free(&b);
	} else if (!json_array_size(rows)) {
		printf("No scenarios yet. Add one with 'keep money scenario import FILE.json'.\n");
	} else {
		printf("%-36s %-9s %-11s %-8s %s\n", "SLUG", "AREA", "INVESTMENTS", "EFFECTS", "NAME");
		json_array_foreach(rows, k, x)
		{
			printf("%-36s %-9s %-11d %-8d %s%s\n", text(x, "slug"), text(x, "area"),
			       (int)json_integer_value(json_object_get(x, "investments")),
			       (int)json_integer_value(json_object_get(x, "effects")), text(x, "name"),
			       json_is_true(json_object_get(x, "made_up")) ? " (made-up figures)" : "");
		}
	}
	json_decref(rows);
	return EXIT_OK;
}

/* The scenario called slug read and re-checked, into sc and about (and its file's shape
 * into *v); or an exit code. */
static int load(const char *cmd, const struct opts *o, const char *slug, json_t **v,
                struct money_scenario *sc, struct money_scenario_about *about)
{
	struct kerr e = {0};
	struct store *s = store_open(o->db, STORE_READONLY, &e);
	if (!s)
		return cli_fail(cmd, "%s", e.msg);
	int rc = scenario_load(s, slug, sc, about, &e);
	*v = rc == 0 ? scenario_get(s, slug, &e) : NULL;
	store_close(s);
	if (!*v)
		return cli_fail(cmd, "%s", e.msg);
	return EXIT_OK;
}

static void money_words(double pounds, char out[64])
{
	if (pounds >= 1e6)
		snprintf(out, 64, "£%gm", pounds / 1e6);
	else
		snprintf(out, 64, "£%.0f", pounds);
}

static int show(int argc, char **argv)
{
	struct opts o;
	int i = parse("money scenario show", argc, argv, &o, true);
	if (i < 0)
		return EXIT_USAGE;
	if (argc - i != 1)
		return cli_usage_error("money scenario show",
		                       "expected one scenario's short name (see 'keep money scenario list')");
	if (strcmp(o.format, "csv") == 0)
		return cli_usage_error("money scenario show",
		                       "--format csv: a scenario is shown as a table or json");
	json_t *v = NULL;
	static struct money_scenario sc;
	static struct money_scenario_about about;
	int rc = load("money scenario show", &o, argv[i], &v, &sc, &about);
	if (rc != EXIT_OK)
		return rc;
	if (strcmp(o.format, "json") == 0) {
		print_json(v);
		json_decref(v);
		return EXIT_OK;
	}
	json_decref(v);
	printf("%s\n", sc.name);
	printf("Area: %s%s%s\n", about.area, about.owner[0] ? "; whose: " : "", about.owner);
	if (about.made_up)
		printf("Its effects are made up: assumptions, not figures from a source.\n");
	if (about.description[0])
		printf("\n%s\n", about.description);
	printf("\nInvestments:\n");
	for (size_t k = 0; k < sc.ninvestments; k++) {
		const struct money_investment *in = &sc.investments[k];
		char from[11], to[11], pounds[64];
		date_format(date_from_days(in->starts), from);
		if (in->ends != RECORDS_OPEN)
			date_format(date_from_days(in->ends), to);
		money_words(in->per_year, pounds);
		printf("  %s: %s a year from %s%s%s%s%s%s%s\n", in->what, pounds, from,
		       in->ends != RECORDS_OPEN ? " to " : "", in->ends != RECORDS_OPEN ? to : "",
		       in->payer[0] ? ", paid by " : "", in->payer, in->pooled ? ", pooled with " : "",
		       in->pooled ? in->pooled_with : "");
	}
	if (!sc.ninvestments)
		printf("  none\n");
	printf("\nAssumed effects:\n");
	struct buf b = {0};
	for (size_t k = 0; k < sc.neffects; k++) {
		buf_reset(&b);
		money_effect_words(&sc.effects[k], &b);
		printf("  %s\n", buf_str(&b));
	}
	buf_free(&b);
	if (!sc.neffects)
		printf("  none\n");
	return EXIT_OK;
}

static int export(int argc, char **argv)
{
	struct opts o;
	int i = parse("money scenario export", argc, argv, &o, false);
	if (i < 0)
		return EXIT_USAGE;
	if (argc - i != 1)
		return cli_usage_error("money scenario export",
		                       "expected one scenario's short name (see 'keep money scenario list')");
	json_t *v = NULL;
	static struct money_scenario sc;
	static struct money_scenario_about about;
	int rc = load("money scenario export", &o, argv[i], &v, &sc, &about);
	if (rc != EXIT_OK)
		return rc;
	json_decref(v);
	json_t *out = money_scenario_to_json(&sc, &about);
	print_json(out);
	json_decref(out);
	return EXIT_OK;
}

static int import(int argc, char **argv)
{
	const char *cmd = "money scenario import";
	struct opts o;
	int i = parse(cmd, argc, argv, &o, false);
	if (i < 0)
		return EXIT_USAGE;
	if (argc - i != 1)
		return cli_usage_error(cmd, "expected one file, FILE.json");
	const char *path = argv[i];
	struct kerr e = {0};
	struct file_map m = {0};
	int got = file_map(path, &m, &e);
	if (got == 0)
		return cli_fail(cmd, "%s: no such file; nothing was imported", path);
	if (got < 0)
		return cli_fail(cmd, "%s; nothing was imported", e.msg);
	static struct money_scenario sc, sc2;
	static struct money_scenario_about about, about2;
	json_t *msgs = json_array();
	int n = money_scenario_read_file(path, m.p, m.len, &sc, &about, msgs);
	struct store *s = NULL;
	if (n == 0 && !(s = store_open(o.db, STORE_READWRITE, &e))) {
		file_unmap(&m);
		json_decref(msgs);
		return cli_fail(cmd, "%s", e.msg);
	}
	if (n == 0) {
		/* What only the store can say (the area and the owner exist), placed in the file. */
		json_t *v = money_scenario_to_json(&sc, &about), *problems = json_object();
		n = scenario_check(s, v, &sc2, &about2, problems, &e);
		json_decref(v);
		if (n > 0)
			money_scenario_place(path, m.p, m.len, problems, msgs);
		json_decref(problems);
	}
	file_unmap(&m);
	if (n != 0) {
		store_close(s);
		size_t k;
		json_t *x;
		json_array_foreach(msgs, k, x) fprintf(stderr, "%s\n", json_string_value(x));
		json_decref(msgs);
		if (n < 0)
			return cli_fail(cmd, "%s", e.msg);
		return cli_fail(cmd, "%s: %d problem%s; nothing was imported", path, n, n == 1 ? "" : "s");
	}
	json_decref(msgs);
	char actor[256];
	cli_actor(actor, sizeof actor);
	json_t *old = store_resource_get(s, "scenarios", about.slug, &e);
	bool replace = old != NULL;
	json_decref(old);
	int rc = !replace && e.code != KERR_NOTFOUND ? -1
	         : replace                           ? scenario_change(s, actor, about.slug, &sc, &about, &e)
	                                             : scenario_create(s, actor, &sc, &about, &e);
	store_close(s);
	if (rc < 0)
		return cli_fail(cmd, "%s; nothing was imported", e.msg);
	printf("%s the scenario '%s' (%s): %zu investment%s, %zu effect%s.\n", replace ? "Replaced" : "Added",
	       about.slug, sc.name, sc.ninvestments, sc.ninvestments == 1 ? "" : "s", sc.neffects,
	       sc.neffects == 1 ? "" : "s");
	return EXIT_OK;
}

int cmd_money_scenario(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int, char **);
	} subs[] = {
	    {"list", list},
	    {"show", show},
	    {"import", import},
	    {"export", export},
	};
	if (argc < 2)
		return cli_usage_error("money scenario", "expected list, show, import or export");
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(argc - 1, argv + 1);
	return cli_usage_error("money scenario",
	                       "there is no 'money scenario %s': expected list, show, import or export",
	                       argv[1]);
}
