/* libFuzzer target for query-string parsing (src/base/text.c).
 *
 * The input, up to its first NUL byte, is a query string as the server hands it over
 * (at most 64 parameters, as server.c asks). These must hold (abort() otherwise):
 *   - on success there is one pair per non-empty '&'-separated piece, at most 64;
 *     every name and value is a NUL-terminated string no longer than its piece (so
 *     NUL-free: %00 is refused) and query_get of each name gives the last value given
 *     for it;
 *   - more than 64 pieces fails (with "too many", unless a bad escape comes first),
 *     and "too many" never comes with 64 or fewer;
 *   - on failure the query is left empty and the message is a documented one;
 *   - query_free leaves the query empty (ASan checks that every string is released). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/kerr.h"
#include "base/text.h"

#define MAX_PARAMS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_query: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *qs = malloc(size + 1);
	if (!qs)
		return 0;
	if (size)
		memcpy(qs, data, size);
	qs[size] = '\0';

	/* The non-empty pieces, and the longest. */
	size_t pieces = 0, longest = 0;
	for (const char *s = qs; *s;) {
		size_t len = strcspn(s, "&");
		if (len) {
			pieces++;
			if (len > longest)
				longest = len;
		}
		s += len;
		if (*s == '&')
			s++;
	}

	struct query q;
	struct kerr e = {0};
	int rc = query_parse(&q, qs, MAX_PARAMS, &e);
	if (rc == 0) {
		if (q.n != pieces)
			die("the number of pairs is not the number of non-empty pieces", qs);
		if (q.n > MAX_PARAMS)
			die("more pairs than the limit", NULL);
		for (size_t i = 0; i < q.n; i++) {
			if (!q.p[i].name || !q.p[i].value)
				die("a NULL name or value", NULL);
			if (strlen(q.p[i].name) + strlen(q.p[i].value) > longest)
				die("a pair longer than its piece", NULL);
		}
		for (size_t i = 0; i < q.n; i++) {
			const char *got = query_get(&q, q.p[i].name);
			if (!got)
				die("query_get misses a name that was parsed", q.p[i].name);
			const char *want = NULL;
			for (size_t j = 0; j < q.n; j++)
				if (strcmp(q.p[j].name, q.p[i].name) == 0)
					want = q.p[j].value;
			if (got != want)
				die("query_get does not give the last value for a name", q.p[i].name);
		}
	} else {
		if (q.p || q.n)
			die("a failed parse left pairs behind", NULL);
		if (e.code != KERR_INVALID)
			die("failure without KERR_INVALID", e.msg);
		if (strcmp(e.msg, "too many query parameters: at most 64 are allowed") == 0) {
			if (pieces <= MAX_PARAMS)
				die("'too many' with no more than 64 pieces", qs);
		} else if (strncmp(e.msg, "bad percent-escape at offset ", 29) != 0) {
			die("an unexpected error", e.msg);
		}
	}
	query_free(&q);
	if (q.p || q.n)
		die("query_free left pairs behind", NULL);
	free(qs);
	return 0;
}
