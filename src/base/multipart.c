#include "base/multipart.h"

#include "base/buf.h"
#include "base/mem.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A run of bytes inside the body or a header value: not NUL-terminated. */
struct span {
	const char *p;
	size_t n;
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static struct span trim(struct span s)
{
	while (s.n && is_space(s.p[0])) {
		s.p++;
		s.n--;
	}
	while (s.n && is_space(s.p[s.n - 1]))
		s.n--;
	return s;
}

static bool span_is(struct span s, const char *word)
{
	return s.n == strlen(word) && strncasecmp(s.p, word, s.n) == 0;
}

/* Finds parameter `want` (case-insensitive) in a header value such as
 * `form-data; name="a"; filename=b.pdf` and appends its value to out (a quoted value
 * without its quotes, with backslash escapes undone). Returns 1 when found, 0 when
 * not, -1 when a quoted value is never closed. The part before the first ';' (the
 * type) is skipped: callers check it themselves. */
static int header_param(struct span v, const char *want, struct buf *out)
{
	const char *p = memchr(v.p, ';', v.n);
	const char *end = v.p + v.n;
	int found = 0;
	while (p && p < end) {
		p++; /* past ';' */
		const char *k = p;
		while (p < end && *p != '=' && *p != ';')
			p++;
		struct span key = trim((struct span){k, (size_t)(p - k)});
		if (p == end || *p == ';')
			continue; /* a parameter without a value: nothing to take */
		p++;          /* past '=' */
		while (p < end && is_space(*p))
			p++;
		struct buf val = {0};
		if (p < end && *p == '"') {
			p++;
			bool closed = false;
			while (p < end) {
				if (*p == '\\' && p + 1 < end) {
					buf_putc(&val, p[1]);
					p += 2;
					continue;
				}
				if (*p == '"') {
					closed = true;
					p++;
					break;
				}
				buf_putc(&val, *p++);
			}
			if (!closed) {
				buf_free(&val);
				return -1;
			}
			while (p < end && *p != ';')
				p++;
		} else {
			const char *s = p;
			while (p < end && *p != ';')
				p++;
			struct span t = trim((struct span){s, (size_t)(p - s)});
			buf_put(&val, t.p, t.n);
		}
		/* The last one given wins, as query_get has it. */
		if (span_is(key, want)) {
			buf_reset(out);
			buf_put(out, val.p ? val.p : "", val.len);
			found = 1;
		}
		buf_free(&val);
	}
	return found;
}

int multipart_boundary(const char *content_type, char out[MULTIPART_MAX_BOUNDARY + 1], struct kerr *e)
{
	out[0] = '\0';
	if (!content_type)
		return kerr_set(e, KERR_INVALID, "the form has no Content-Type");
	struct span v = {content_type, strlen(content_type)};
	const char *semi = memchr(v.p, ';', v.n);
	struct span type = trim((struct span){v.p, semi ? (size_t)(semi - v.p) : v.n});
	if (!span_is(type, "multipart/form-data"))
		return kerr_set(e, KERR_INVALID, "the form is not multipart/form-data");
	struct buf b = {0};
	int rc = header_param(v, "boundary", &b);
	if (rc < 0) {
		buf_free(&b);
		return kerr_set(e, KERR_INVALID, "the Content-Type's boundary has an opening quote but no closing one");
	}
	if (rc == 0 || b.len == 0 || b.len > MULTIPART_MAX_BOUNDARY || memchr(b.p, '\0', b.len)) {
		buf_free(&b);
		return kerr_set(e, KERR_INVALID,
		                "the Content-Type must give a boundary of 1 to %d characters", MULTIPART_MAX_BOUNDARY);
	}
	memcpy(out, b.p, b.len + 1);
	buf_free(&b);
	return 0;
}

void multipart_uploads_free(struct upload *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(files[i].field);
		free(files[i].filename);
		free(files[i].content_type);
	}
	free(files);
}

/* A copy of s[0..n) as a NUL-terminated string, repaired to UTF-8. */
static char *text_copy(const char *s, size_t n)
{
	struct buf b = {0};
	if (utf8_valid(s, n))
		buf_put(&b, s, n);
	else
		utf8_repair(&b, s, n);
	if (!b.p)
		return xstrdup("");
	return buf_steal(&b);
}

/* What one part's headers say. */
struct part_head {
	struct buf name, filename, type;
	bool has_name, has_filename;
};

static void part_head_free(struct part_head *h)
{
	buf_free(&h->name);
	buf_free(&h->filename);
	buf_free(&h->type);
}

/* Reads a part's header lines in body[start..end) (each ending CRLF, the blank line
 * not included) into h. Returns -1 with e naming the offset of what is wrong. */
static int part_head_read(const char *body, size_t start, size_t end, size_t part, struct part_head *h,
                          struct kerr *e)
{
	size_t at = start;
	bool disposition = false;
	while (at < end) {
		const char *line = body + at;
		const char *crlf = memmem(line, end - at, "\r\n", 2);
		size_t n = crlf ? (size_t)(crlf - line) : end - at;
		const char *colon = memchr(line, ':', n);
		if (!colon || colon == line)
			return kerr_set(e, KERR_INVALID, "multipart form: at byte %zu: part %zu has a header line without a name and a colon",
			                at, part);
		struct span name = {line, (size_t)(colon - line)};
		struct span value = trim((struct span){colon + 1, n - (size_t)(colon + 1 - line)});
		if (span_is(name, "Content-Disposition")) {
			const char *semi = memchr(value.p, ';', value.n);
			struct span kind = trim((struct span){value.p, semi ? (size_t)(semi - value.p) : value.n});
			if (!span_is(kind, "form-data"))
				return kerr_set(e, KERR_INVALID, "multipart form: at byte %zu: part %zu is not form-data", at, part);
			int rn = header_param(value, "name", &h->name);
			int rf = rn < 0 ? 0 : header_param(value, "filename", &h->filename);
			if (rn < 0 || rf < 0)
				return kerr_set(e, KERR_INVALID,
				                "multipart form: at byte %zu: part %zu's Content-Disposition has a quote that is never closed",
				                at, part);
			h->has_name = rn == 1;
			h->has_filename = rf == 1;
			disposition = true;
		} else if (span_is(name, "Content-Type")) {
			buf_reset(&h->type);
			buf_put(&h->type, value.p, value.n);
		}
		at += n + 2;
	}
	if (!disposition)
		return kerr_set(e, KERR_INVALID, "multipart form: at byte %zu: part %zu has no Content-Disposition header",
		                start, part);
	if (!h->has_name || h->name.len == 0)
		return kerr_set(e, KERR_INVALID, "multipart form: at byte %zu: part %zu has no name", start, part);
	return 0;
}

/* After a delimiter ending at body[at]: 1 when it is the closing one ("--"), 0 when a
 * part follows (transport padding, then CRLF; *next set to the part's first byte),
 * -1 with e filled otherwise. */
static int after_delimiter(const char *body, size_t len, size_t at, size_t *next, struct kerr *e)
{
	if (at + 2 <= len && body[at] == '-' && body[at + 1] == '-')
		return 1;
	size_t p = at;
	while (p < len && is_space(body[p]))
		p++;
	if (p + 2 > len || body[p] != '\r' || body[p + 1] != '\n')
		return kerr_set(e, KERR_INVALID,
		                "multipart form: at byte %zu: the boundary must be followed by a line end, or by -- at the end",
		                p);
	*next = p + 2;
	return 0;
}

int multipart_parse(const char *content_type, const char *body, size_t len, size_t max_parts,
                    struct query *fields, struct upload **files, size_t *nfiles, struct kerr *e)
{
	fields->p = NULL;
	fields->n = 0;
	*files = NULL;
	*nfiles = 0;
	char boundary[MULTIPART_MAX_BOUNDARY + 1];
	if (multipart_boundary(content_type, boundary, e) < 0)
		return -1;
	/* The delimiter is CRLF "--" boundary; the first may open the body without CRLF. */
	char delim[MULTIPART_MAX_BOUNDARY + 5];
	size_t dlen = (size_t)snprintf(delim, sizeof delim, "\r\n--%s", boundary);
	size_t at;
	if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0) {
		at = dlen - 2;
	} else {
		const char *d = len ? memmem(body, len, delim, dlen) : NULL;
		if (!d)
			return kerr_set(e, KERR_INVALID, "multipart form: at byte 0: the boundary the Content-Type gives never occurs");
		at = (size_t)(d - body) + dlen;
	}
	size_t cap_fields = 0, cap_files = 0, parts = 0;
	for (;;) {
		size_t start = 0;
		int closing = after_delimiter(body, len, at, &start, e);
		if (closing < 0)
			goto fail;
		if (closing == 1)
			return 0; /* what follows the closing delimiter is the epilogue */
		parts++;
		if (parts > max_parts) {
			kerr_set(e, KERR_INVALID, "multipart form: at byte %zu: too many parts: at most %zu are allowed", start,
			         max_parts);
			goto fail;
		}
		/* The header block ends at the first blank line; none at all is allowed. */
		size_t head_end, content;
		if (start + 2 <= len && body[start] == '\r' && body[start + 1] == '\n') {
			head_end = start;
			content = start + 2;
		} else {
			size_t room = len - start;
			if (room > MULTIPART_MAX_HEADER + 4)
				room = MULTIPART_MAX_HEADER + 4;
			const char *blank = memmem(body + start, room, "\r\n\r\n", 4);
			if (!blank || (size_t)(blank - body) - start + 2 > MULTIPART_MAX_HEADER) {
				kerr_set(e, KERR_INVALID,
				         blank || room == MULTIPART_MAX_HEADER + 4
				                 ? "multipart form: at byte %zu: part %zu's headers are over 8192 bytes"
				                 : "multipart form: at byte %zu: part %zu's headers never end (no blank line)",
				         start, parts);
				goto fail;
			}
			head_end = (size_t)(blank - body) + 2;
			content = head_end + 2;
		}
		if (memchr(body + start, '\0', head_end - start)) {
			kerr_set(e, KERR_INVALID, "multipart form: at byte %zu: part %zu's headers hold a NUL byte", start, parts);
			goto fail;
		}
		struct part_head h = {0};
		if (part_head_read(body, start, head_end, parts, &h, e) < 0) {
			part_head_free(&h);
			goto fail;
		}
		const char *d = content < len ? memmem(body + content, len - content, delim, dlen) : NULL;
		if (!d) {
			kerr_set(e, KERR_INVALID,
			         "multipart form: at byte %zu: part %zu is not closed by the boundary: the form was cut short",
			         content, parts);
			part_head_free(&h);
			goto fail;
		}
		size_t clen = (size_t)(d - body) - content;
		if (h.has_filename) {
			if (*nfiles == cap_files) {
				cap_files = cap_files ? cap_files * 2 : 4;
				*files = xrealloc(*files, cap_files * sizeof **files);
			}
			struct upload *u = &(*files)[(*nfiles)++];
			u->field = text_copy(h.name.p, h.name.len);
			u->filename = text_copy(h.filename.p ? h.filename.p : "", h.filename.len);
			u->content_type = text_copy(h.type.p ? h.type.p : "", h.type.len);
			u->data = body + content;
			u->len = clen;
		} else {
			if (memchr(body + content, '\0', clen)) {
				kerr_set(e, KERR_INVALID, "multipart form: at byte %zu: field '%.100s' holds a NUL byte", content,
				         h.name.p);
				part_head_free(&h);
				goto fail;
			}
			if (fields->n == cap_fields) {
				cap_fields = cap_fields ? cap_fields * 2 : 8;
				fields->p = xrealloc(fields->p, cap_fields * sizeof *fields->p);
			}
			fields->p[fields->n].name = text_copy(h.name.p, h.name.len);
			fields->p[fields->n].value = text_copy(body + content, clen);
			fields->n++;
		}
		part_head_free(&h);
		at = (size_t)(d - body) + dlen;
	}
fail:
	query_free(fields);
	multipart_uploads_free(*files, *nfiles);
	*files = NULL;
	*nfiles = 0;
	return -1;
}
