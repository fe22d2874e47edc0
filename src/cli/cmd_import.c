/* keep import commitments|organisations|evidence|observations|spend FILE: see plan/import.h.
 * keep import plan FILE [--format json|csv] [--replace]: see plan/planimport.h.
 * keep import records [--format native|ssda903] DIR|FILE... --council CODE --year YYYY: see
 * measures/records.h. */
#include "cli/cli.h"

#include "base/buf.h"
#include "base/date.h"
#include "base/file.h"
#include "base/mem.h"
#include "base/secret.h"
#include "measures/records.h"
#include "plan/import.h"
#include "plan/plan.h"
#include "plan/planimport.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Maps path (file_map), saying "PATH: No such file or directory" when it is not there. */
static int map_whole(const char *path, struct file_map *m, struct kerr *e)
{
	int rc = file_map(path, m, e);
	return rc == 0 ? kerr_set(e, KERR_FAIL, "%s: %s", path, strerror(ENOENT)) : rc < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- records */

/* The files of one import: each path, its kind and its bytes; ssda903: England's SSDA903
 * files (kinds are enum ssda903_file), else the native format's. */
struct record_files {
	bool ssda903;
	struct records_input in[SSDA903_NFILES * 2];
	char *path[SSDA903_NFILES * 2];
	struct file_map data[SSDA903_NFILES * 2];
	size_t n;
};

static void record_files_free(struct record_files *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->path[i]);
		file_unmap(&f->data[i]);
	}
}

/* The kind of file name (a base name) in f's format, or -1. */
static int record_file_kind(const struct record_files *f, const char *name)
{
	return f->ssda903 ? ssda903_file_of(name) : records_file_of(name);
}

/* Adds path, whose base name must be one of the format's files (a problem in problems
 * when it is not). An SSDA903 file that keep does not read is noted on stderr and left. */
static int record_file_add(struct record_files *f, const char *path, json_t *problems, struct kerr *e)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		/* Said before anything about its name: "no such file" is what to put right. */
		char msg[PATH_MAX + 128];
		snprintf(msg, sizeof msg, "%s: %s", path, strerror(errno));
		json_array_append_new(problems, json_string(msg));
		return 0;
	}
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	int kind = record_file_kind(f, base);
	if (kind >= 0 && f->ssda903 && !ssda903_file_read(kind)) {
		fprintf(stderr, "%s: not read: keep has no table for what %s holds\n", path, ssda903_file_names[kind]);
		return 0;
	}
	if (kind < 0 && f->ssda903) {
		struct buf msg = {0};
		buf_printf(&msg, "%s: not a file of England's SSDA903 return; their names are", path);
		for (int k = 0; k < SSDA903_NFILES; k++)
			buf_printf(&msg, "%s %s", k == 0 ? "" : k == SSDA903_NFILES - 1 ? " and" : ",", ssda903_file_names[k]);
		buf_puts(&msg, " (docs/data-spec.md)");
		json_array_append_new(problems, json_string(buf_str(&msg)));
		buf_free(&msg);
		return 0;
	}
	if (kind < 0) {
		struct buf msg = {0};
		buf_printf(&msg, "%s: not a file of keep's care records; their names are", path);
		for (int k = 0; k < RECORDS_NFILES; k++)
			buf_printf(&msg, "%s %s", k == 0 ? "" : k == RECORDS_NFILES - 1 ? " and" : ",", records_file_names[k]);
		buf_puts(&msg, " (docs/data-spec.md)");
		json_array_append_new(problems, json_string(buf_str(&msg)));
		buf_free(&msg);
		return 0;
	}
	if (f->n == sizeof f->in / sizeof f->in[0])
		return kerr_set(e, KERR_USAGE, "too many files: give each of the records' files once");
	size_t i = f->n++;
	f->path[i] = xstrdup(path);
	if (map_whole(path, &f->data[i], e) < 0)
		return -1;
	f->in[i] = (struct records_input){(enum records_file)kind, f->path[i], f->data[i].p, f->data[i].len};
	return 0;
}

/* The files named on the command line: one directory (its files with the format's
 * names; any other .csv file in it is a problem, likely a misspelt name), or the files
 * themselves. */
static int record_files_find(struct record_files *f, char **paths, int n, json_t *problems, struct buf *prefix,
                             struct kerr *e)
{
	struct stat st;
	if (n == 1 && stat(paths[0], &st) == 0 && S_ISDIR(st.st_mode)) {
		const char *dir = paths[0];
		size_t len = strlen(dir);
		buf_printf(prefix, "%s%s", dir, len && dir[len - 1] == '/' ? "" : "/");
		DIR *d = opendir(dir);
		if (!d)
			return kerr_set(e, KERR_FAIL, "%s: %s", dir, strerror(errno));
		/* In the format's order, so messages come in the same order every time. */
		char *names[256];
		size_t nnames = 0;
		struct dirent *de;
		while ((de = readdir(d)) && nnames < 256) {
			size_t l = strlen(de->d_name);
			if (l > 4 && strcmp(de->d_name + l - 4, ".csv") == 0)
				names[nnames++] = xstrdup(de->d_name);
		}
		closedir(d);
		int rc = 0;
		int nkinds = f->ssda903 ? SSDA903_NFILES : RECORDS_NFILES;
		for (int k = 0; k < nkinds && rc == 0; k++)
			for (size_t i = 0; i < nnames && rc == 0; i++)
				if (record_file_kind(f, names[i]) == k) {
					struct buf p = {0};
					buf_printf(&p, "%s%s", buf_str(prefix), names[i]);
					rc = record_file_add(f, buf_str(&p), problems, e);
					buf_free(&p);
				}
		for (size_t i = 0; i < nnames; i++) {
			if (rc == 0 && record_file_kind(f, names[i]) < 0) {
				struct buf p = {0};
				buf_printf(&p, "%s%s", buf_str(prefix), names[i]);
				rc = record_file_add(f, buf_str(&p), problems, e);
				buf_free(&p);
			}
			free(names[i]);
		}
		return rc;
	}
	for (int i = 0; i < n; i++)
		if (record_file_add(f, paths[i], problems, e) < 0)
			return -1;
	return 0;
}

/* "1,234,567" */
static void thousands(size_t n, char out[32])
{
	char digits[24];
	int len = snprintf(digits, sizeof digits, "%zu", n), o = 0;
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* keep import records [--format native|ssda903] DIR|FILE... --council CODE --year YYYY */
/* The records key beside the database (docs/data-spec.md, "Privacy"). A database made
 * before keep kept care records has none: while it holds no care records, the first
 * import makes it (and says so); once it does, a new key would not match their
 * pseudonyms, so a missing key is an error. */
static int records_key(struct store *s, const char *path, unsigned char key[SECRET_KEY_LEN], struct kerr *e)
{
	if (secret_init(e) < 0)
		return -1;
	if (secret_key_read(path, key, e) == 0)
		return 0;
	if (e->code != KERR_NOTFOUND)
		return -1;
	json_t *imports = store_care_imports(s, e);
	if (!imports)
		return -1;
	size_t held = json_array_size(imports);
	json_decref(imports);
	if (held)
		return kerr_set(e, KERR_FAIL,
		                "%s: the records key file is missing, and the database holds care records "
		                "pseudonymised with it: restore the key from the database's backup (a new key would "
		                "not match them)",
		                path);
	*e = (struct kerr){0};
	if (secret_key_make(path, e) < 0 || secret_key_read(path, key, e) < 0)
		return -1;
	printf("Created %s, the key that pseudonymises child ids in care records: keep it with the database, "
	       "and private.\n",
	       path);
	return 0;
}

static int import_records(const char *db, const char *council, const char *year_text, const char *format,
                          char **paths, int npaths)
{
	bool ssda903 = format && strcmp(format, "ssda903") == 0;
	if (format && !ssda903 && strcmp(format, "native") != 0)
		return cli_usage_error("import", "--format '%s' is not a format of care records: write native (keep's, the "
		                       "default) or ssda903 (England's SSDA903 return)", format);
	if (npaths < 1)
		return cli_usage_error("import", "expected a directory or the files: keep import records DIR --council CODE "
		                                 "--year YYYY");
	if (!council)
		return cli_usage_error("import", "--council is needed: the GSS code of the council whose records these are");
	if (!year_text)
		return cli_usage_error("import", "--year is needed: the return year, which ends on 31 July of that year");
	int this_year = date_today().y;
	char *end = NULL;
	long year = strtol(year_text, &end, 10);
	if (!*year_text || *end || year < 1901 || year > this_year + 1)
		return cli_usage_error("import", "--year '%s' is not a year from 1901 to %d", year_text, this_year + 1);

	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct kerr e = {0};
	struct store *s = store_open(db, STORE_READWRITE, &e);
	if (!s)
		return cli_fail("import", "%s", e.msg);
	unsigned char key[SECRET_KEY_LEN];
	struct buf keypath = {0};
	secret_key_path(db, &keypath);
	int rc = records_key(s, buf_str(&keypath), key, &e);
	buf_free(&keypath);

	json_t *problems = json_array();
	struct record_files files = {.ssda903 = ssda903};
	struct buf prefix = {0};
	struct records b;
	records_init(&b, council, (int)year);
	int tty = isatty(STDERR_FILENO);
	bool replaced = false;
	if (rc == 0)
		rc = record_files_find(&files, paths, npaths, problems, &prefix, &e);
	/* A misnamed file is a problem like any other (in problems already): the checks
	 * still run, and nothing is written. */
	if (rc == 0 && ssda903)
		rc = records_read_ssda903(&b, files.in, files.n, buf_str(&prefix), problems, &e);
	else if (rc == 0)
		rc = records_read_native(&b, files.in, files.n, buf_str(&prefix), tty ? cli_progress : NULL,
		                         (void *)"records", problems, &e);
	if (rc == 0) {
		char actor[128];
		cli_actor(actor, sizeof actor);
		rc = records_save(s, &b, key, actor, tty ? cli_progress : NULL, (void *)"records", &replaced, &e);
	}
	secret_wipe(key, sizeof key);
	if (tty)
		fputs("\r\033[K", stderr);
	store_close(s);
	size_t i;
	json_t *m;
	json_array_foreach(problems, i, m) fprintf(stderr, "%s\n", json_string_value(m));
	json_decref(problems);
	record_files_free(&files);
	buf_free(&prefix);
	if (rc < 0) {
		records_free(&b);
		return e.code == KERR_USAGE ? cli_usage_error("import", "%s", e.msg) : cli_fail("import", "%s", e.msg);
	}
	static const char *const what[RECORDS_NFILES][2] = {
		{"child", "children"},           {"episode", "episodes"},
		{"placement", "placements"},     {"legal reason", "legal reasons"},
		{"sibling pair", "sibling pairs"}, {"school change", "school changes"},
		{"adoption breakdown", "adoption breakdowns"}, {"restraint", "restraints"},
	};
	size_t total = 0;
	printf("Imported the care records of %s for the year to 31 July %ld:", council, year);
	for (int k = 0; k < RECORDS_NFILES; k++) {
		size_t n = records_count(&b, k);
		char num[32];
		thousands(n, num);
		total += n;
		if (b.given[k])
			printf("%s %s %s", k ? "," : "", num, what[k][n != 1]);
	}
	printf(".\n");
	if (b.short_breaks) {
		char sb[32];
		thousands(b.short_breaks, sb);
		printf("%s period%s of care under short breaks alone (LS V3 or V4) %s left out: Scotland's statistics do "
		       "not count respite care as being looked after.\n",
		       sb, b.short_breaks == 1 ? "" : "s", b.short_breaks == 1 ? "was" : "were");
	}
	if (replaced)
		printf("This replaces the earlier import of %s for %ld.\n", council, year);
	double secs = seconds_since(&t0);
	char num[32];
	thousands(total, num);
	printf("%s rows in %.2f s (%.0f rows/s).\n", num, secs, secs > 0 ? (double)total / secs : 0.0);
	records_free(&b);
	return EXIT_OK;
}

/* Maps the file at path and opens db for writing, with actor (the person running keep)
 * for the audit: 0, or the exit status of a failure already reported. */
static int import_open(const char *db, const char *path, struct file_map *data, struct store **s, char *actor,
                       size_t size)
{
	struct kerr e = {0};
	if (map_whole(path, data, &e) < 0)
		return cli_fail("import", "%s", e.msg);
	*s = store_open(db, STORE_READWRITE, &e);
	if (!*s) {
		file_unmap(data);
		return cli_fail("import", "%s", e.msg);
	}
	cli_actor(actor, size);
	return 0;
}

/* keep import plan FILE [--format json|csv] [--replace] [--only SLUG]: see plan/planimport.h. */
static int import_plan(const char *db, const char *format, bool replace, const char *only, char **paths, int npaths)
{
	enum plan_format fmt = PLAN_FORMAT_GUESS;
	if (format && strcmp(format, "json") == 0)
		fmt = PLAN_FORMAT_JSON;
	else if (format && strcmp(format, "csv") == 0)
		fmt = PLAN_FORMAT_CSV;
	else if (format)
		return cli_usage_error("import", "--format '%s' is not a format of a plan: write json or csv", format);
	if (npaths != 1)
		return cli_usage_error("import", "expected one file: keep import plan FILE.json|FILE.csv [--replace]");
	const char *path = paths[0];
	struct kerr e = {0};
	struct file_map data;
	struct store *s;
	char actor[128];
	int failed = import_open(db, path, &data, &s, actor, sizeof actor);
	if (failed)
		return failed;
	struct plan_file f;
	char held[512];
	int read = only ? plan_file_read_one(&f, path, data.p, data.len, fmt, only, held, sizeof held)
	                : plan_file_read(&f, path, data.p, data.len, fmt);
	if (read == 1) {
		store_close(s);
		file_unmap(&data);
		plan_file_free(&f);
		return cli_fail("import", "%s holds no plan '%s'; it holds: %s; nothing was imported", path, only,
		                *held ? held : "none");
	}
	struct plan_import_done done[16];
	int n = plan_import(s, &f, replace, actor, done, sizeof done / sizeof done[0], &e);
	store_close(s);
	file_unmap(&data);
	size_t i;
	json_t *m;
	json_array_foreach(f.problems, i, m) fprintf(stderr, "%s\n", json_string_value(m));
	plan_file_free(&f);
	if (n < 0)
		return cli_fail("import", "%s", e.msg);
	for (int k = 0; k < n && k < 16; k++) {
		char words[512];
		plan_import_words(&done[k], words, sizeof words);
		printf("%s.\n", words);
	}
	if (n > 16)
		printf("and %d more plans imported.\n", n - 16);
	return EXIT_OK;
}

/* keep import framework: the Promise Progress Framework that ships with keep, into a
 * database made before it was (plan_framework_load). */
static int import_framework(const char *db, int nargs)
{
	if (nargs)
		return cli_usage_error("import", "keep import framework takes no file: it loads the framework that ships "
		                                 "with keep");
	struct kerr e = {0};
	struct store *s = store_open(db, STORE_READWRITE, &e);
	if (!s)
		return cli_fail("import", "%s", e.msg);
	char actor[128];
	cli_actor(actor, sizeof actor);
	size_t statements, outcomes, indicators;
	int rc = plan_framework_load(s, actor, &statements, &outcomes, &indicators, &e);
	store_close(s);
	if (rc < 0)
		return cli_fail("import", "%s", e.msg);
	printf("The Promise Progress Framework: %zu vision statements, %zu outcomes, %zu indicators loaded.\n",
	       statements, outcomes, indicators);
	return EXIT_OK;
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"council", required_argument, NULL, 'c'},
		{"year", required_argument, NULL, 'y'},
		{"format", required_argument, NULL, 'f'},
		{"replace", no_argument, NULL, 'r'},
		{"only", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	const char *db = cli_default_db(), *council = NULL, *year = NULL, *format = NULL, *only = NULL;
	bool replace = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'c': council = optarg; break;
		case 'y': year = optarg; break;
		case 'f': format = optarg; break;
		case 'r': replace = true; break;
		case 'o': only = optarg; break;
		case ':': return cli_usage_error("import", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("import", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc && strcmp(argv[optind], "plan") == 0) {
		if (council || year)
			return cli_usage_error("import", "--council and --year are for keep import records");
		return import_plan(db, format, replace, only, argv + optind + 1, argc - optind - 1);
	}
	if (replace)
		return cli_usage_error("import", "--replace is for keep import plan");
	if (only)
		return cli_usage_error("import", "--only is for keep import plan");
	if (optind < argc && strcmp(argv[optind], "records") == 0)
		return import_records(db, council, year, format, argv + optind + 1, argc - optind - 1);
	if (council || year)
		return cli_usage_error("import", "--council and --year are for keep import records");
	if (format)
		return cli_usage_error("import", "--format is for keep import records and keep import plan");
	if (optind < argc && strcmp(argv[optind], "framework") == 0)
		return import_framework(db, argc - optind - 1);
	if (argc - optind != 2)
		return cli_usage_error("import", "expected what to import and a file: keep import commitments FILE.csv, "
		                                 "keep import organisations FILE.csv, keep import evidence FILE.csv, keep import "
		                                 "observations FILE.csv, keep import spend FILE.csv, keep import plan FILE, or keep import records DIR --council CODE --year YYYY");
	const char *kind = argv[optind];
	int known = 0;
	for (const char *const *k = import_kinds; *k; k++)
		known |= strcmp(*k, kind) == 0;
	if (!known)
		return cli_usage_error("import", "keep can import commitments, organisations, evidence, observations, spend lines, a plan "
		                       "and care records; '%s' is not (yet) one of them",
		                       kind);
	const char *path = argv[optind + 1];

	struct kerr e = {0};
	struct file_map data;
	struct store *s;
	char actor[128];
	int failed = import_open(db, path, &data, &s, actor, sizeof actor);
	if (failed)
		return failed;
	json_t *errors = json_array();
	struct import_result res;
	int tty = isatty(STDERR_FILENO);
	int rc = import_run(s, kind, path, data.p, data.len, actor, tty ? cli_progress : NULL, (void *)path,
	                            &res, errors, &e);
	if (tty)
		fputs("\r\033[K", stderr);
	store_close(s);
	file_unmap(&data);
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
