/* libFuzzer target for URL decoding and the UTF-8 repair (src/base/text.c).
 *
 * The input is any bytes: a path or query string as a client might send it. It is
 * decoded both ways ('+' as space and not), and these must hold (abort() otherwise):
 *   - decoding never makes the text longer, and the buffer stays NUL-terminated;
 *   - a success holds no NUL byte; a failure says which of the documented faults it
 *     was, at an offset inside the input;
 *   - the two ways agree on success, and differ only where the input has a '+';
 *   - input without '%' (and without '+' when plus is space) comes out unchanged.
 * Then utf8_repair's output must be valid UTF-8 (utf8_valid), equal to the input when
 * that was already valid, and otherwise at most three bytes per input byte. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/kerr.h"
#include "base/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "fuzz_url: %s\n", what);
	abort();
}

/* True when msg is one of url_decode's messages with an offset below size. */
static bool known_error(const char *msg, size_t size)
{
	size_t off;
	char rest[200];
	if (sscanf(msg, "bad percent-escape at offset %zu: %199[^\n]", &off, rest) == 2) {
		if (strcmp(rest, "expected %XX with two hex digits") != 0 &&
		    strcmp(rest, "%00 is not allowed") != 0)
			return false;
	} else if (sscanf(msg, "NUL byte at offset %zu%199[^\n]", &off, rest) != 1) {
		return false;
	}
	return off < size;
}

static int decode(const char *in, size_t size, bool plus, struct buf *out)
{
	struct kerr e = {0};
	int rc = url_decode(out, in, size, plus, &e);
	if (out->len > size)
		die("decoded text is longer than the input");
	if (out->p && out->p[out->len] != '\0')
		die("decoded buffer is not NUL-terminated");
	if (rc == 0) {
		if (out->len && memchr(out->p, '\0', out->len))
			die("a successful decode holds a NUL byte");
		if (!memchr(in, '%', size) && !(plus && memchr(in, '+', size)) &&
		    (out->len != size || (size && memcmp(out->p, in, size) != 0)))
			die("text without escapes changed");
	} else {
		if (rc != -1 || e.code != KERR_INVALID)
			die("failure without KERR_INVALID");
		if (!known_error(e.msg, size))
			die(e.msg);
	}
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	struct buf a = {0}, b = {0};
	int ra = decode(in, size, false, &a);
	int rb = decode(in, size, true, &b);
	if ((ra == 0) != (rb == 0))
		die("decoding with and without plus-as-space disagree on success");
	if (ra == 0) {
		if (a.len != b.len)
			die("plus-as-space changed the length");
		for (size_t i = 0; i < a.len; i++)
			if (a.p[i] != b.p[i] && !(a.p[i] == '+' && b.p[i] == ' '))
				die("plus-as-space changed something other than '+'");
	}
	buf_free(&a);
	buf_free(&b);

	struct buf r = {0};
	buf_puts(&r, "x"); /* repair appends */
	utf8_repair(&r, in, size);
	if (r.p[0] != 'x')
		die("utf8_repair overwrote the buffer");
	if (!utf8_valid(r.p + 1, r.len - 1))
		die("utf8_repair output is not valid UTF-8");
	if (r.len - 1 > 3 * size)
		die("utf8_repair output is more than 3 bytes per input byte");
	if (utf8_valid(in, size) && (r.len - 1 != size || (size && memcmp(r.p + 1, in, size) != 0)))
		die("utf8_repair changed valid UTF-8");
	buf_free(&r);
	return 0;
}
