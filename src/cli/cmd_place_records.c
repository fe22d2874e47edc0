/* keep place import crossborder FILE: the register of cross-border placements into
 * Scottish services (docs/places.md "Where children live now"), a kind of keep place
 * import (cmd_place_import.c). */
#include "cli/cli.h"
#include "cli/cmd_place.h"

#include "base/file.h"
#include "place/place.h"
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int place_import_crossborder(const struct place_import_opts *o)
{
	if (o->format)
		return cli_usage_error("place",
		                       "cross-border placements are read in one format: leave out --format");
	struct kerr e = {0};
	struct store *s = store_open(o->db, STORE_READWRITE, &e);
	if (!s)
		return cli_fail("place", "%s", e.msg);
	struct place_service *svc = NULL;
	size_t nsvc = 0;
	if (store_place_services(s, &svc, &nsvc, &e) < 0) {
		store_close(s);
		return cli_fail("place", "%s", e.msg);
	}
	struct file_map m = {0};
	int mapped = file_map(o->file, &m, &e);
	if (mapped == 0)
		kerr_set(&e, KERR_FAIL, "%s: %s", o->file, strerror(ENOENT));
	if (mapped <= 0) {
		free(svc);
		store_close(s);
		return cli_fail("place", "%s", e.msg);
	}
	struct place_crossborder *rows = NULL;
	size_t n = 0;
	int rc = place_crossborder_read(m.p, m.len, o->file, svc, nsvc, &rows, &n, &e);
	file_unmap(&m);
	free(svc);
	if (rc < 0) {
		store_close(s);
		fprintf(stderr, "%s\nNothing was imported.\n", e.msg);
		return EXIT_FAIL;
	}
	char actor[128];
	cli_actor(actor, sizeof actor);
	rc = store_crossborder_replace(s, actor, rows, n, &e);
	free(rows);
	store_close(s);
	if (rc < 0)
		return cli_fail("place", "%s: %s (nothing was imported)", o->file, e.msg);
	printf("Imported %zu cross-border placement%s from %s: the register holds these now.\n", n,
	       n == 1 ? "" : "s", o->file);
	return EXIT_OK;
}
