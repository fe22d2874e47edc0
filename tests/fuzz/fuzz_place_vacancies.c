/* libFuzzer target for the reader of keep's vacancies.csv (src/place/service.c,
 * place_vacancies_read; docs/places.md "Vacancies").
 *
 * The input is the file. These must hold (abort() otherwise):
 *   - 0 with every return whole: a registration number of letters and digits, ages 0 to
 *     17 with from <= to and the bands within them, places >= 0, max_siblings >= 1 and
 *     not above places when places > 0; no service and day twice; no problem listed;
 *   - or -1 with KERR_INVALID (or KERR_FAIL out of memory), 1 to PLACE_MAX_PROBLEMS
 *     problems, each starting "vacancies.csv:" and the first the same as e's message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "place/place.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "fuzz_place_vacancies: %s\n", what);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	struct place_vacancy *v = NULL;
	size_t n = 0;
	struct kerr e = {0};
	json_t *problems = json_array();
	int rc = place_vacancies_read((const char *)data, size, "vacancies.csv", NULL, &v, &n, problems, &e);
	if (rc == 0) {
		if (json_array_size(problems) != 0)
			die("accepted with problems listed");
		for (size_t i = 0; i < n; i++) {
			if (!place_regno_valid(v[i].regno, true))
				die("an accepted registration number of the wrong shape");
			if (v[i].age_from < 0 || v[i].age_to > 17 || v[i].age_from > v[i].age_to)
				die("accepted ages out of range");
			int lo, hi;
			place_bands_within(v[i].age_from, v[i].age_to, &lo, &hi);
			if (lo != v[i].band_from || hi != v[i].band_to)
				die("bands not those within the ages");
			if (v[i].places < 0 || v[i].max_siblings < 1 || (v[i].places > 0 && v[i].max_siblings > v[i].places))
				die("accepted places or siblings out of range");
			for (size_t k = 0; k < i; k++)
				if (strcmp(v[k].regno, v[i].regno) == 0 && v[k].at == v[i].at)
					die("a service and day twice");
		}
		free(v);
	} else {
		if (v || n)
			die("a refused file gave rows");
		if (e.code != KERR_INVALID && e.code != KERR_FAIL)
			die("refused with an unexpected code");
		size_t np = json_array_size(problems);
		if (e.code == KERR_INVALID && (np < 1 || np > PLACE_MAX_PROBLEMS))
			die("refused with no problem, or too many listed");
		for (size_t i = 0; i < np; i++)
			if (strncmp(json_string_value(json_array_get(problems, i)), "vacancies.csv:", 14) != 0)
				die("a problem that does not say where");
		if (np && strcmp(json_string_value(json_array_get(problems, 0)), e.msg) != 0)
			die("the first problem is not e's");
	}
	json_decref(problems);
	return 0;
}
