/* keep place import services|vacancies, and keep place services: the register of care
 * services and their vacancy returns (docs/places.md "The register of services",
 * "Vacancies", "The Care Inspectorate's published list"). */
#include "cli/cli.h"
#include "cli/cmd_place.h"

#include "base/buf.h"
#include "base/file.h"
#include "base/text.h"
#include "place/place.h"
#include "store/store.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int map_file(const char *path, struct file_map *m, struct kerr *e)
{
	int rc = file_map(path, m, e);
	return rc == 0 ? kerr_set(e, KERR_FAIL, "%s: %s", path, strerror(ENOENT)) : rc < 0 ? -1 : 0;
}

static bool organisation_known(const char *slug, void *arg)
{
	struct kerr e = {0};
	json_t *o = store_organisation(arg, slug, &e);
	json_decref(o);
	return o != NULL;
}

static bool service_known(const char *regno, void *arg)
{
	struct kerr e = {0};
	json_t *o = store_place_service(arg, regno, &e);
	json_decref(o);
	return o != NULL;
}

static int print_problems(json_t *problems, const struct kerr *e)
{
	if (json_array_size(problems) == 0)
		fprintf(stderr, "keep place: %s\n", e->msg);
	size_t i;
	json_t *m;
	json_array_foreach(problems, i, m) fprintf(stderr, "%s\n", json_string_value(m));
	if (json_array_size(problems) >= PLACE_MAX_PROBLEMS)
		fprintf(stderr, "(only the first %d problems are shown)\n", PLACE_MAX_PROBLEMS);
	fprintf(stderr, "keep place: nothing was imported\n");
	return EXIT_FAIL;
}

int place_import_services(const struct place_import_opts *o)
{
	bool ci = false;
	if (o->format && strcmp(o->format, "care-inspectorate") == 0)
		ci = true;
	else if (o->format && strcmp(o->format, "keep") != 0)
		return cli_usage_error("place", "--format '%s' is not one for services: write keep (the default) or "
		                                "care-inspectorate", o->format);
	struct kerr e = {0};
	struct store *s = store_open(o->db, STORE_READWRITE, &e);
	if (!s)
		return cli_fail("place", "%s", e.msg);
	struct file_map m = {0};
	if (map_file(o->file, &m, &e) < 0) {
		store_close(s);
		return cli_fail("place", "%s", e.msg);
	}
	struct place_read_refs refs = {.organisation_known = organisation_known, .arg = s};
	struct place_service_row *rows = NULL;
	size_t n = 0, skipped = 0;
	json_t *problems = json_array();
	int rc = ci ? place_services_read_ci(m.p, m.len, o->file, &refs, &rows, &n, &skipped, problems, &e)
	            : place_services_read(m.p, m.len, o->file, &refs, &rows, &n, problems, &e);
	file_unmap(&m);
	if (rc < 0) {
		store_close(s);
		rc = print_problems(problems, &e);
		json_decref(problems);
		return rc;
	}
	json_decref(problems);
	struct store_place_service_row *w = calloc(n ? n : 1, sizeof *w);
	if (!w) {
		free(rows);
		store_close(s);
		return cli_fail("place", "out of memory");
	}
	for (size_t i = 0; i < n; i++)
		w[i] = (struct store_place_service_row){&rows[i].svc, rows[i].organisation[0] ? rows[i].organisation : NULL,
		                                        rows[i].made_up};
	char actor[128];
	cli_actor(actor, sizeof actor);
	struct store_place_counts c;
	rc = store_place_services_write(s, actor, w, n, &c, &e);
	free(w);
	free(rows);
	store_close(s);
	if (rc < 0)
		return cli_fail("place", "%s: %s (nothing was imported)", o->file, e.msg);
	printf("Imported %zu service%s from %s: %zu added, %zu changed, %zu as before", n, n == 1 ? "" : "s", o->file,
	       c.created, c.updated, c.unchanged);
	if (ci)
		printf("; %zu row%s left out (not a children's service keep keeps)", skipped, skipped == 1 ? "" : "s");
	printf(".\n");
	return EXIT_OK;
}

int place_import_vacancies(const struct place_import_opts *o)
{
	if (o->format)
		return cli_usage_error("place", "vacancies are read in one format: leave out --format");
	struct kerr e = {0};
	struct store *s = store_open(o->db, STORE_READWRITE, &e);
	if (!s)
		return cli_fail("place", "%s", e.msg);
	struct file_map m = {0};
	if (map_file(o->file, &m, &e) < 0) {
		store_close(s);
		return cli_fail("place", "%s", e.msg);
	}
	struct place_read_refs refs = {.service_known = service_known, .arg = s};
	struct place_vacancy *v = NULL;
	size_t n = 0;
	json_t *problems = json_array();
	int rc = place_vacancies_read(m.p, m.len, o->file, &refs, &v, &n, problems, &e);
	file_unmap(&m);
	if (rc < 0) {
		store_close(s);
		rc = print_problems(problems, &e);
		json_decref(problems);
		return rc;
	}
	json_decref(problems);
	char actor[128];
	cli_actor(actor, sizeof actor);
	struct store_place_counts c;
	rc = store_place_vacancies_write(s, actor, v, n, &c, &e);
	free(v);
	store_close(s);
	if (rc < 0)
		return cli_fail("place", "%s: %s (nothing was imported)", o->file, e.msg);
	printf("Imported %zu vacancy return%s from %s: %zu added, %zu changed, %zu as before.\n", n, n == 1 ? "" : "s",
	       o->file, c.created, c.updated, c.unchanged);
	return EXIT_OK;
}

/* ---- keep place services */

static const char *str(json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v ? v : "";
}

static void cell(struct buf *o, const char *s, bool last)
{
	csv_field(o, s, strlen(s));
	buf_putc(o, last ? '\n' : ',');
}

static void int_cell(struct buf *o, json_t *v, bool last)
{
	if (json_is_integer(v))
		buf_printf(o, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v))
		buf_printf(o, "%.2f", json_real_value(v));
	buf_putc(o, last ? '\n' : ',');
}

/* keep's services.csv, as place_services_read reads it. */
static void services_csv(json_t *items, struct buf *o)
{
	size_t i;
	json_t *x;
	json_array_foreach(items, i, x)
	{
		cell(o, str(x, "regno"), false);
		cell(o, str(x, "name"), false);
		cell(o, str(x, "provider"), false);
		cell(o, str(x, "sector"), false);
		cell(o, str(x, "type"), false);
		cell(o, str(x, "council"), false);
		cell(o, json_is_true(json_object_get(x, "outside_scotland")) ? "yes" : "no", false);
		int_cell(o, json_object_get(x, "age_from"), false);
		int_cell(o, json_object_get(x, "age_to"), false);
		int_cell(o, json_object_get(x, "places"), false);
		int_cell(o, json_object_get(x, "max_siblings"), false);
		cell(o, str(x, "needs"), false);
		int_cell(o, json_object_get(x, "weekly_cost"), false);
		cell(o, str(x, "status"), false);
		cell(o, str(x, "registered"), false);
		cell(o, str(x, "ended"), false);
		cell(o, str(json_object_get(x, "organisation"), "slug"), false);
		cell(o, json_is_true(json_object_get(x, "made_up")) ? "yes" : "no", true);
	}
}

int cmd_place_services(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},     {"council", required_argument, NULL, 'c'},
		{"type", required_argument, NULL, 't'},   {"sector", required_argument, NULL, 's'},
		{"status", required_argument, NULL, 'S'}, {"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
	};
	const char *db = cli_default_db(), *council = NULL, *type = NULL, *sector = NULL, *status = NULL,
	           *format = "table";
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'c': council = optarg; break;
		case 't': type = optarg; break;
		case 's': sector = optarg; break;
		case 'S': status = optarg; break;
		case 'f': format = optarg; break;
		case 'h': fputs(CMD_PLACE_SERVICES_HELP, stdout); return EXIT_OK;
		case ':': return cli_usage_error("place", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("place", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("place", "keep place services takes no other arguments ('%s')", argv[optind]);
	if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json"))
		return cli_usage_error("place", "--format '%s' is not one: write table, csv or json", format);
	if (council && strcmp(council, "outside") != 0 && !place_council_known(council))
		return cli_usage_error("place", "--council '%s' is not a council area's GSS code (or 'outside')", council);
	if (type && place_type_of(type) < 0)
		return cli_usage_error("place", "--type '%s' is not a service type", type);
	if (sector && place_sector_of(sector) < 0)
		return cli_usage_error("place", "--sector '%s' is not one: write council, third or private", sector);
	if (status && strcmp(status, "active") && strcmp(status, "proposed") && strcmp(status, "cancelled"))
		return cli_usage_error("place", "--status '%s' is not one: write active, proposed or cancelled", status);
	struct kerr e = {0};
	struct store *s = store_open(db, STORE_READONLY, &e);
	if (!s)
		return cli_fail("place", "%s", e.msg);
	json_t *all = json_array();
	for (int offset = 0;; offset += 500) {
		json_t *page = store_place_service_list(s, council, type, sector, status, 500, offset, &e);
		if (!page) {
			json_decref(all);
			store_close(s);
			return cli_fail("place", "%s", e.msg);
		}
		json_t *items = json_object_get(page, "items");
		json_array_extend(all, items);
		size_t got = json_array_size(items);
		json_decref(page);
		if (got < 500)
			break;
	}
	store_close(s);
	if (strcmp(format, "json") == 0) {
		char *text = json_dumps(all, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", text);
		free(text);
	} else if (strcmp(format, "csv") == 0) {
		struct buf o = {0};
		buf_puts(&o, "regno,name,provider,sector,type,council,outside_scotland,age_from,age_to,places,max_siblings,"
		             "needs,weekly_cost,status,registered,ended,organisation,made_up\n");
		services_csv(all, &o);
		fwrite(o.p, 1, o.len, stdout);
		buf_free(&o);
	} else {
		size_t i;
		json_t *x;
		bool made_up = false;
		printf("%-12s  %-40s  %-29s  %-8s  %-20s  %6s  %5s  %s\n", "regno", "name", "type", "sector", "council",
		       "places", "ages", "status");
		json_array_foreach(all, i, x)
		{
			int t = place_type_of(str(x, "type")), sc = place_sector_of(str(x, "sector"));
			const char *where = json_is_true(json_object_get(x, "outside_scotland")) ? "outside Scotland"
			                                                                          : str(x, "council_name");
			char ages[16];
			snprintf(ages, sizeof ages, "%" JSON_INTEGER_FORMAT "-%" JSON_INTEGER_FORMAT,
			         json_integer_value(json_object_get(x, "age_from")), json_integer_value(json_object_get(x, "age_to")));
			printf("%-12s  %-40.40s  %-29.29s  %-8.8s  %-20.20s  %6" JSON_INTEGER_FORMAT "  %5s  %s%s\n",
			       str(x, "regno"), str(x, "name"), t >= 0 ? place_type_labels[t] : "", sc >= 0 ? place_sector_keys[sc] : "",
			       where, json_integer_value(json_object_get(x, "places")), ages, str(x, "status"),
			       json_is_true(json_object_get(x, "made_up")) ? " (made up)" : "");
			made_up |= json_is_true(json_object_get(x, "made_up"));
		}
		printf("%zu service%s\n", json_array_size(all), json_array_size(all) == 1 ? "" : "s");
		if (made_up)
			printf("Services marked (made up) are made up for the demonstration: they are not real services.\n");
	}
	json_decref(all);
	return EXIT_OK;
}
