/* libFuzzer target for the reader of the register of cross-border placements
 * (src/place/crossborder.c): crossborder.csv as people and programs give it, read against
 * a small register of three services (two in Scotland, one in England), with today 15
 * January 2026.
 *
 * These must hold (abort() otherwise):
 *   - a refusal has a message that starts with the file's name, and gives no rows;
 *   - what it accepts is whole: at most PLACE_MAX_CROSSBORDER rows, each naming one of
 *     the two services in Scotland, a placing authority place_authority_valid takes,
 *     date_in from 1 January 1900 to today, date_out open or from date_in to today;
 *   - counting on any day gives a total equal to the sum of its cells, at most the rows. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "place/place.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "fuzz_crossborder: %s\n", what);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setenv("KEEP_TODAY", "2026-01-15", 1);
	static struct place_service svc[3];
	memset(svc, 0, sizeof svc);
	snprintf(svc[0].regno, sizeof svc[0].regno, "CS2020000002");
	snprintf(svc[0].council, sizeof svc[0].council, "S12000047");
	svc[0].type = PT_RESIDENTIAL_HOUSE;
	snprintf(svc[1].regno, sizeof svc[1].regno, "CS2003000001");
	snprintf(svc[1].council, sizeof svc[1].council, "S12000049");
	svc[1].type = PT_FOSTERING;
	snprintf(svc[2].regno, sizeof svc[2].regno, "SC999999");
	svc[2].outside_scotland = true;
	svc[2].type = PT_RESIDENTIAL_SCHOOL;

	char *copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	struct place_crossborder *r = NULL;
	size_t n = 0;
	struct kerr e = {0};
	int rc = place_crossborder_read(copy, size, "crossborder.csv", svc, 3, &r, &n, &e);
	free(copy);
	if (rc < 0) {
		if (r || n || strncmp(e.msg, "crossborder.csv", 15) != 0)
			die("a refusal gave rows, or its message does not name the file");
		return 0;
	}
	if (rc != 0 || n > PLACE_MAX_CROSSBORDER || (n > 0 && !r))
		die("accepted, but the rows are not whole");
	int32_t today = (int32_t)date_days(date_today()), oldest = (int32_t)date_days((struct kdate){1900, 1, 1});
	for (size_t i = 0; i < n; i++) {
		if (strcmp(r[i].regno, "CS2020000002") != 0 && strcmp(r[i].regno, "CS2003000001") != 0)
			die("a row of a service not in Scotland's register");
		if (!place_authority_valid(r[i].authority))
			die("a placing authority not outside Scotland");
		if (r[i].date_in < oldest || r[i].date_in > today)
			die("date_in out of range");
		if (r[i].date_out != RECORDS_OPEN && (r[i].date_out < r[i].date_in || r[i].date_out > today))
			die("date_out out of range");
	}
	int32_t days[] = {n ? r[0].date_in : today, today, n ? r[n - 1].date_out : oldest};
	for (size_t k = 0; k < 3; k++) {
		long count[PLACE_NCOUNCILS][PT_NTYPES], total, sum = 0;
		place_crossborder_count(r, n, svc, 3, days[k], count, &total);
		for (int c = 0; c < PLACE_NCOUNCILS; c++)
			for (int t = 0; t < PT_NTYPES; t++)
				sum += count[c][t];
		if (sum != total || total < 0 || (size_t)total > n)
			die("counts that do not add up");
	}
	free(r);
	return 0;
}
