/* libFuzzer target for what keep restore reads before it trusts a backup
 * (src/plan/backup.c): a line of its checksum file, and --backup-every's duration.
 *
 * The input is any bytes, cut at its first NUL. These must hold (abort() otherwise):
 *   - backup_sums_line accepts only 64 lowercase hex digits, two spaces and a name
 *     without '/' or control characters, then the end or one final '\n'; what it gives
 *     back is that hash and that name, NUL-terminated, the name under 512 bytes;
 *   - backup_interval gives -1 or 1 second to 366 days, and a number it accepts written
 *     back with its unit is accepted again as the same number. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/backup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "fuzz_backup: %s\n", what);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	char hash[65], name[512];
	if (backup_sums_line(text, hash, name) == 0) {
		if (strlen(hash) != 64 || strncmp(hash, text, 64) != 0 || text[64] != ' ' || text[65] != ' ')
			die("a hash that is not the line's first 64 characters");
		size_t n = strlen(name);
		if (n == 0 || n >= 512 || strncmp(name, text + 66, n) != 0)
			die("a name that is not the rest of the line");
		if (text[66 + n] != '\0' && !(text[66 + n] == '\n' && text[67 + n] == '\0'))
			die("text after the name's line");
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)name[i] < ' ' || name[i] == '/' || name[i] == 0x7f)
				die("a name with '/' or a control character");
		for (size_t i = 0; i < 64; i++)
			if (!((hash[i] >= '0' && hash[i] <= '9') || (hash[i] >= 'a' && hash[i] <= 'f')))
				die("a hash that is not lowercase hex");
	}

	long secs = backup_interval(text);
	if (secs != -1 && (secs < 1 || secs > 366L * 86400))
		die("an interval out of range");
	if (secs > 0) {
		char again[64];
		snprintf(again, sizeof again, "%lds", secs);
		if (backup_interval(again) != secs)
			die("an interval that does not read back in seconds");
	}
	free(text);
	return 0;
}
