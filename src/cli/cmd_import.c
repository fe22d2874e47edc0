/* keep import commitments|organisations|evidence|observations FILE: see plan/import.h. */
#include "cli/cli.h"

#include "base/buf.h"
#include "plan/import.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Reads the whole file into b. */
static int slurp(const char *path, struct buf *b, struct kerr *e)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return kerr_set(e, KERR_FAIL, "%s: %s", path, strerror(errno));
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(b, chunk, n);
	int bad = ferror(f);
	fclose(f);
	return bad ? kerr_set(e, KERR_FAIL, "%s: could not read it", path) : 0;
}

/* Progress on a terminal: one line, rewritten in place. */
static void show_progress(const char *pass, size_t done, size_t total, void *arg)
{
	fprintf(stderr, "\r%s %s: %3d%%", (const char *)arg, pass, total ? (int)(done * 100 / total) : 100);
	fflush(stderr);
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	const char *db = cli_default_db();
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case ':': return cli_usage_error("import", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("import", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 2)
		return cli_usage_error("import", "expected what to import and a file: keep import commitments FILE.csv, "
		                                 "keep import organisations FILE.csv, keep import evidence FILE.csv or keep import "
		                                 "observations FILE.csv");
	const char *kind = argv[optind];
	int known = 0;
	for (const char *const *k = import_kinds; *k; k++)
		known |= strcmp(*k, kind) == 0;
	if (!known)
		return cli_usage_error("import", "keep can import commitments, organisations, evidence and observations; '%s' is not "
		                       "(yet) one of them",
		                       kind);
	const char *path = argv[optind + 1];

	struct kerr e = {0};
	struct buf data = {0};
	if (slurp(path, &data, &e) < 0)
		return cli_fail("import", "%s", e.msg);
	struct store *s = store_open(db, STORE_READWRITE, &e);
	if (!s) {
		buf_free(&data);
		return cli_fail("import", "%s", e.msg);
	}
	char actor[128];
	cli_actor(actor, sizeof actor);
	json_t *errors = json_array();
	struct import_result res;
	int tty = isatty(STDERR_FILENO);
	int rc = import_run(s, kind, path, buf_str(&data), data.len, actor, tty ? show_progress : NULL, (void *)path,
	                            &res, errors, &e);
	if (tty)
		fputs("\r\033[K", stderr);
	store_close(s);
	buf_free(&data);
	size_t i;
	json_t *m;
	json_array_foreach(errors, i, m) fprintf(stderr, "%s\n", json_string_value(m));
	json_decref(errors);
	if (rc < 0)
		return cli_fail("import", "%s", e.msg);
	printf("Imported %s: %zu row%s; %zu new, %zu changed, %zu unchanged.\n", path, res.rows, res.rows == 1 ? "" : "s",
	       res.created, res.changed, res.unchanged);
	return EXIT_OK;
}
