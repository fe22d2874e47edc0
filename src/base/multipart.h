/* The multipart/form-data decoder (RFC 7578 over RFC 2046's multipart framing), for
 * forms that carry files. Written by hand, like the urlencoded decoder in text.c, and
 * fuzzed (tests/fuzz/fuzz_multipart.c).
 *
 * What it accepts is what browsers send: CRLF line ends, a preamble and an epilogue
 * (ignored), a part's headers without folding, a Content-Disposition of form-data with
 * a name and, for a file, a filename, and an optional Content-Type. Text fields land in
 * a struct query (as query_parse fills it), their names and values repaired to UTF-8;
 * file parts in an array of uploads whose bytes point into the body. */
#ifndef KEEP_BASE_MULTIPART_H
#define KEEP_BASE_MULTIPART_H
#include <stddef.h>

#include "base/kerr.h"
#include "base/text.h"

#define MULTIPART_MAX_BOUNDARY 70     /* RFC 2046 */
#define MULTIPART_MAX_HEADER 8192     /* one part's header block, in bytes */

/* One file part of a form. The strings are owned by the upload (freed by
 * multipart_uploads_free); data points into the body that was decoded and is valid as
 * long as it is. filename and content_type are as the client declared them (repaired
 * to UTF-8; "" when not given): never trust them for what the bytes are. */
struct upload {
	char *field;
	char *filename;
	char *content_type;
	const char *data;
	size_t len;
};

/* Copies the boundary parameter of a multipart/form-data Content-Type value (quoted or
 * not) into out. KERR_INVALID naming what is wrong when the type is not
 * multipart/form-data or the boundary is missing, empty or longer than 70 bytes. */
int multipart_boundary(const char *content_type, char out[MULTIPART_MAX_BOUNDARY + 1], struct kerr *e);

/* Decodes body[0..len) sent with content_type. Parts with a filename parameter (even
 * an empty one, as a browser sends for a file input left empty) become uploads; the
 * others text fields. At most max_parts parts in all. On success fills fields (free
 * with query_free) and *files and *nfiles (free with multipart_uploads_free) and returns 0.
 * On failure returns -1 with nothing allocated (fields empty, *files NULL, *nfiles 0)
 * and e (KERR_INVALID) naming the byte offset and what is wrong. */
int multipart_parse(const char *content_type, const char *body, size_t len, size_t max_parts,
                    struct query *fields, struct upload **files, size_t *nfiles, struct kerr *e);

void multipart_uploads_free(struct upload *files, size_t n);

#endif
