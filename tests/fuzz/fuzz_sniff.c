/* libFuzzer target for what a file is by its content (evidence_sniff in
 * src/plan/evidence.c): its ZIP reading walks offsets and lengths taken from the bytes
 * an uploader sends. The input is a file's bytes, copied into a buffer of exactly its
 * length so that ASan catches a read past the end. These must hold (abort() otherwise):
 *   - the answer is NULL or one of the four types, and the same when asked twice;
 *   - "application/pdf" only for bytes that start %PDF-, the ZIP types only for bytes
 *     that start PK\3\4, "text/csv" only for UTF-8 without NUL;
 *   - the safe name made for the answer and any name holds only [A-Za-z0-9._-], does
 *     not start with a dot and ends with the type's extension. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "plan/evidence.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_sniff: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *bytes = malloc(size ? size : 1);
	if (!bytes)
		return 0;
	if (size)
		memcpy(bytes, data, size);
	const char *type = evidence_sniff(bytes, size);
	if (type != evidence_sniff(bytes, size))
		die("two answers for the same bytes", type);
	if (type) {
		if (strcmp(type, "application/pdf") == 0) {
			if (size < 5 || memcmp(bytes, "%PDF-", 5) != 0)
				die("a PDF that does not start %PDF-", NULL);
		} else if (strcmp(type, "text/csv") == 0) {
			if (memchr(bytes, '\0', size) || !utf8_valid(bytes, size))
				die("a CSV file that is not UTF-8 text", NULL);
		} else if (strcmp(type, "application/vnd.oasis.opendocument.text") == 0 ||
		           strcmp(type, "application/vnd.openxmlformats-officedocument.wordprocessingml.document") == 0) {
			if (size < 4 || memcmp(bytes, "PK\x03\x04", 4) != 0)
				die("a document that is not a ZIP", type);
		} else {
			die("an unknown type", type);
		}
	}
	/* The bytes, up to a NUL and at most 300 of them, as a file name. */
	char name[301];
	size_t n = size < 300 ? size : 300;
	memcpy(name, bytes, n);
	name[n] = '\0';
	char safe[128];
	evidence_safe_file_name(name, type, safe);
	const char *ext = evidence_type_extension(type);
	size_t len = strlen(safe), elen = strlen(ext);
	if (len == 0 || safe[0] == '.' || len < elen || strcmp(safe + len - elen, ext) != 0)
		die("a safe name without its extension, or starting with a dot", safe);
	for (const char *p = safe; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		      *p == '_' || *p == '-'))
			die("a safe name with an unsafe character", safe);
	free(bytes);
	return 0;
}
