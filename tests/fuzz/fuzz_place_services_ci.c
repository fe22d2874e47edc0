/* libFuzzer target for the reader of the Care Inspectorate's published list of care
 * services (src/place/service_ci.c, place_services_read_ci; docs/places.md "The Care
 * Inspectorate's published list").
 *
 * The input is the file (UTF-8 or Windows-1252). The same must hold as for keep's own
 * services.csv (fuzz_place_services), and every service read is in Scotland, aged 0 to
 * 17, with max_siblings 1 and no needs. These must hold (abort() otherwise):
 *   - 0 with every row whole: a registration number of its shape (CS and ten digits in
 *     Scotland), a known sector, type and status, a council area known exactly when in
 *     Scotland, ages 0 to 17 with from <= to and the bands within them, places >= 0,
 *     max_siblings >= 1 and not above places when places > 0, a weekly cost unknown or
 *     0 or more, ended not before registered; no registration number twice; and no
 *     problem listed;
 *   - or -1 with KERR_INVALID (or KERR_FAIL out of memory), 1 to PLACE_MAX_PROBLEMS
 *     problems, each starting "services.csv:" and the first the same as e's message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measures/records.h"
#include "place/place.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "fuzz_place_services_ci: %s\n", what);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	struct place_service_row *rows = NULL;
	size_t skipped = 0;
	size_t n = 0;
	struct kerr e = {0};
	json_t *problems = json_array();
	int rc = place_services_read_ci((const char *)data, size, "services.csv", NULL, &rows, &n, &skipped, problems, &e);
	if (rc == 0) {
		if (json_array_size(problems) != 0)
			die("accepted with problems listed");
		for (size_t i = 0; i < n; i++) {
			const struct place_service *v = &rows[i].svc;
			if (v->outside_scotland || v->age_from != 0 || v->age_to != 17 || v->max_siblings != 1 || v->needs_met)
				die("a published service not mapped as docs/places.md says");
			if (!place_regno_valid(v->regno, v->outside_scotland))
				die("an accepted registration number of the wrong shape");
			if (v->sector < 0 || v->sector >= PS_NSECTORS || v->type < 0 || v->type >= PT_NTYPES ||
			    v->status < 0 || v->status >= PSS_NSTATUS)
				die("an accepted sector, type or status out of range");
			if (v->outside_scotland ? v->council[0] != '\0' : !place_council_known(v->council))
				die("an accepted council that is not one");
			if (v->age_from < 0 || v->age_to > 17 || v->age_from > v->age_to)
				die("accepted ages out of range");
			int lo, hi;
			place_bands_within(v->age_from, v->age_to, &lo, &hi);
			if (lo != v->band_from || hi != v->band_to)
				die("bands not those within the ages");
			if (v->places < 0 || v->max_siblings < 1 || (v->places > 0 && v->max_siblings > v->places))
				die("accepted places or siblings out of range");
			if (v->weekly_cost < 0 && v->weekly_cost != -1)
				die("a negative weekly cost");
			if (v->ended != RECORDS_OPEN && v->ended < v->registered)
				die("ended before registered");
			if (v->needs_met >> PN_NNEEDS)
				die("a need that is not one");
			for (size_t k = 0; k < i; k++)
				if (strcmp(rows[k].svc.regno, v->regno) == 0)
					die("a registration number twice");
		}
		free(rows);
	} else {
		if (skipped)
			die("a refused file counted rows left out");
		if (rows || n)
			die("a refused file gave rows");
		if (e.code != KERR_INVALID && e.code != KERR_FAIL)
			die("refused with an unexpected code");
		size_t np = json_array_size(problems);
		if (e.code == KERR_INVALID && (np < 1 || np > PLACE_MAX_PROBLEMS))
			die("refused with no problem, or too many listed");
		for (size_t i = 0; i < np; i++)
			if (strncmp(json_string_value(json_array_get(problems, i)), "services.csv:", 13) != 0)
				die("a problem that does not say where");
		if (np && strcmp(json_string_value(json_array_get(problems, 0)), e.msg) != 0)
			die("the first problem is not e's");
	}
	json_decref(problems);
	return 0;
}
