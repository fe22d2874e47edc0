/* libFuzzer target for the multipart/form-data decoder (src/base/multipart.c).
 *
 * The input's first line (up to the first '\n', at most 200 bytes) is the Content-Type
 * as a client would send it; the rest is the body, copied into a buffer of exactly its
 * length so that ASan catches a read past the end. These must hold (abort() otherwise):
 *   - on success: at most 16 parts in all; every text field's name and value is valid
 *     UTF-8 without a NUL; every upload's field, filename and content type are valid
 *     UTF-8, its bytes lie inside the body and never hold the delimiter (CRLF "--"
 *     boundary);
 *   - on failure: nothing is left allocated or filled, the code is KERR_INVALID and the
 *     message is one of the documented shapes;
 *   - everything is released (ASan's leak check). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/multipart.h"

#define MAX_PARTS 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_multipart: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size < 200 ? size : 200);
	if (!nl)
		return 0;
	size_t tlen = (size_t)(nl - data);
	char type[201];
	memcpy(type, data, tlen);
	type[tlen] = '\0';
	size_t blen = size - tlen - 1;
	char *body = malloc(blen ? blen : 1);
	if (!body)
		return 0;
	if (blen)
		memcpy(body, nl + 1, blen);

	struct query fields;
	struct upload *files;
	size_t nfiles;
	struct kerr e = {0};
	int rc = multipart_parse(type, body, blen, MAX_PARTS, &fields, &files, &nfiles, &e);
	if (rc == 0) {
		char boundary[MULTIPART_MAX_BOUNDARY + 1];
		if (multipart_boundary(type, boundary, NULL) < 0)
			die("success with a Content-Type whose boundary cannot be read", type);
		char delim[MULTIPART_MAX_BOUNDARY + 5];
		size_t dlen = (size_t)snprintf(delim, sizeof delim, "\r\n--%s", boundary);
		if (fields.n + nfiles > MAX_PARTS)
			die("more parts than the limit", NULL);
		for (size_t i = 0; i < fields.n; i++) {
			const char *n = fields.p[i].name, *v = fields.p[i].value;
			if (!n || !v || !utf8_valid(n, strlen(n)) || !utf8_valid(v, strlen(v)))
				die("a text field that is not UTF-8", NULL);
		}
		for (size_t i = 0; i < nfiles; i++) {
			const struct upload *u = &files[i];
			if (!utf8_valid(u->field, strlen(u->field)) || !utf8_valid(u->filename, strlen(u->filename)) ||
			    !utf8_valid(u->content_type, strlen(u->content_type)))
				die("an upload's names are not UTF-8", NULL);
			if (u->data < body || u->data + u->len > body + blen)
				die("an upload's bytes lie outside the body", NULL);
			if (u->len >= dlen && memmem(u->data, u->len, delim, dlen))
				die("an upload's bytes hold the delimiter", NULL);
		}
		query_free(&fields);
		multipart_uploads_free(files, nfiles);
	} else {
		if (fields.p || fields.n || files || nfiles)
			die("a failed parse left something behind", NULL);
		if (e.code != KERR_INVALID)
			die("failure without KERR_INVALID", e.msg);
		if (strncmp(e.msg, "multipart form: at byte ", 24) != 0 && strncmp(e.msg, "the Content-Type", 16) != 0 &&
		    strcmp(e.msg, "the form is not multipart/form-data") != 0)
			die("an unexpected error", e.msg);
	}
	free(body);
	return 0;
}
