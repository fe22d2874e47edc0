#include "cli/cli.h"

#include "base/buf.h"
#include "base/secret.h"
#include "plan/plan.h"

#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"demo", no_argument, NULL, 'D'},
		{NULL, 0, NULL, 0},
	};
	const char *db = cli_default_db();
	int demo = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'D': demo = 1; break;
		case ':': return cli_usage_error("init", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("init", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("init", "unexpected argument '%s'", argv[optind]);

	struct kerr e = {0};
	struct store *s = store_open(db, STORE_CREATE, &e);
	if (!s)
		return cli_fail("init", "%s", e.msg);
	/* The records key (docs/data-spec.md, "Privacy") beside the database; one that is
	 * there already is kept, so pseudonyms made with it still match. */
	struct buf key = {0};
	secret_key_path(db, &key);
	int made = 0;
	if (plan_content_load(s, demo, &e) < 0 || secret_init(&e) < 0 ||
	    (made = secret_key_make(buf_str(&key), &e)) < 0) {
		buf_free(&key);
		store_close(s);
		/* The file was made by this command: take it away rather than leave half a
		 * database behind. */
		unlink(db);
		char side[4096];
		snprintf(side, sizeof side, "%s-wal", db);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", db);
		unlink(side);
		return cli_fail("init", "%s", e.msg);
	}
	json_t *counts = store_counts(s, &e);
	/* What each plan holds, in its own words: "Plan 21-24: 15 actions; Plan 24-30: 22
	 * route maps". */
	json_t *plans = store_plans(s, &e);
	store_close(s);
	struct buf held = {0};
	size_t i;
	json_t *p;
	json_array_foreach(plans, i, p)
	{
		json_int_t n = json_integer_value(json_object_get(p, "actions"));
		if (n < 1)
			continue;
		const struct plan_words *w = plan_shape_words(json_string_value(json_object_get(p, "shape")));
		buf_printf(&held, "%s%s: %lld %s", held.len ? "; " : "", json_string_value(json_object_get(p, "title")),
		           (long long)n, n == 1 ? w->item : w->items);
	}
	json_decref(plans);
	printf("Created %s with the Plan (%s)%s.\n", db, held.len ? buf_str(&held) : "nothing in it",
	       demo ? " and the demo dataset" : "");
	buf_free(&held);
	if (demo)
		printf("Demo: %lld organisations, %lld commitments.\n",
		       (long long)json_integer_value(json_object_get(counts, "organisations")),
		       (long long)json_integer_value(json_object_get(counts, "commitments")));
	json_decref(counts);
	if (made)
		printf("Created %s, the key that pseudonymises child ids in care records: keep it with the database, "
		       "and private.\n",
		       buf_str(&key));
	buf_free(&key);
	return EXIT_OK;
}
