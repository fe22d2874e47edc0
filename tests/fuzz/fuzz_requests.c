/* libFuzzer target for the reader of requests for a place (src/place/request.c):
 * requests.csv as people and programs give it, and the same rows as JSON.
 *
 * These must hold (abort() otherwise):
 *   - a refusal has a message that starts with the file's name, and gives no requests;
 *   - what it accepts is whole: from 1 to PLACE_MAX_REQUESTS requests, each with a
 *     reference of letters, digits, '-' and '_' (1 to 32), named once; 1 to
 *     PLACE_MAX_GROUP children, each in a known band with known needs; together only for a
 *     group of two or more; a home council of Scotland's 32; a school council of them or
 *     none; a known urgency. */
#include <ctype.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "place/place.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "fuzz_requests: %s\n", what);
	abort();
}

static void check(int rc, struct place_request *r, size_t n, const struct kerr *e, const char *name)
{
	if (rc < 0) {
		if (r || n || strncmp(e->msg, name, strlen(name)) != 0)
			die("a refusal gave requests, or its message does not name the file");
		return;
	}
	if (rc != 0 || !r || n < 1 || n > PLACE_MAX_REQUESTS)
		die("accepted, but no requests or too many");
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(r[i].ref);
		if (len < 1 || len > PLACE_REF_MAX)
			die("a reference's length");
		for (size_t k = 0; k < len; k++)
			if (!isalnum((unsigned char)r[i].ref[k]) && r[i].ref[k] != '-' && r[i].ref[k] != '_')
				die("a reference's character");
		for (size_t j = 0; j < i; j++)
			if (strcmp(r[i].ref, r[j].ref) == 0)
				die("a reference named twice");
		if (r[i].n < 1 || r[i].n > PLACE_MAX_GROUP || (r[i].together && r[i].n < 2))
			die("a group's size");
		for (int c = 0; c < r[i].n; c++)
			if (r[i].child[c].band < 0 || r[i].child[c].band >= MB_NBANDS || r[i].child[c].needs >> PN_NNEEDS)
				die("a child's band or needs");
		if (place_council_index(r[i].home) < 0 || (r[i].school[0] && place_council_index(r[i].school) < 0))
			die("a council");
		if (r[i].urgency < 0 || r[i].urgency >= PU_NURGENCY)
			die("an urgency");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct place_request *r = NULL;
	size_t n = 0;
	struct kerr e = {0};
	int rc = place_requests_read((const char *)data, size, "requests.csv", &r, &n, &e);
	check(rc, r, n, &e, "requests.csv");
	free(r);

	json_t *j = json_loadb((const char *)data, size, 0, NULL);
	if (j) {
		r = NULL;
		n = 0;
		memset(&e, 0, sizeof e);
		rc = place_requests_json(j, "requests", &r, &n, &e);
		check(rc, r, n, &e, "requests");
		free(r);
		json_decref(j);
	}
	return 0;
}
