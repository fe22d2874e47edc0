/* The care records of an area as the projection reads them (money.h): each council's
 * latest import, read back through the store (no SQL here). */
#include "money/money.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "measures/measures.h"

void money_area_free(struct records *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		records_free(&b[i]);
	free(b);
}

int money_area_load(struct store *s, const char *area, struct records **out, size_t *n, struct kerr *e)
{
	*out = NULL;
	*n = 0;
	bool all = strcmp(area, "scotland") == 0;
	if (!all) {
		json_t *areas = store_resource_all(s, "council-areas", e);
		if (!areas)
			return -1;
		bool known = false;
		size_t i;
		json_t *a;
		json_array_foreach(areas, i, a) known |= strcmp(json_string_value(json_object_get(a, "id")), area) == 0;
		json_decref(areas);
		if (!known)
			return kerr_set(e, KERR_USAGE, "'%s' is not a council area's code, nor 'scotland'", area);
	}
	json_t *imports = store_care_imports(s, e);
	if (!imports)
		return -1;
	/* each council's latest year, then that year's import of it */
	json_t *latest = json_object();
	size_t i;
	json_t *a;
	json_array_foreach(imports, i, a)
	{
		const char *c = json_string_value(json_object_get(a, "council"));
		json_int_t y = json_integer_value(json_object_get(a, "year"));
		if (!c || (!all && strcmp(c, area) != 0))
			continue;
		json_t *had = json_object_get(latest, c);
		if (!had || json_integer_value(had) < y)
			json_object_set_new(latest, c, json_integer(y));
	}
	json_decref(imports);
	size_t want = json_object_size(latest);
	if (want == 0) {
		json_decref(latest);
		return kerr_set(e, KERR_NOTFOUND, "there are no care records of %s: import them with 'keep import records' "
		                                  "first", all ? "any council" : area);
	}
	struct records *b = xcalloc(want, sizeof *b);
	size_t got = 0;
	const char *c;
	json_t *y;
	int rc = 0;
	json_object_foreach(latest, c, y)
	{
		json_t *rows = store_care_latest(s, (int)json_integer_value(y), e);
		if (!rows) {
			rc = -1;
			break;
		}
		size_t k;
		json_t *row;
		json_array_foreach(rows, k, row)
		{
			if (strcmp(json_string_value(json_object_get(row, "council")), c) != 0 ||
			    json_integer_value(json_object_get(row, "year")) != json_integer_value(y))
				continue;
			if (measures_load(s, row, &b[got], e) < 0) {
				rc = -1;
				break;
			}
			got++;
			break;
		}
		json_decref(rows);
		if (rc < 0)
			break;
	}
	json_decref(latest);
	if (rc < 0) {
		money_area_free(b, got);
		return -1;
	}
	*out = b;
	*n = got;
	return 0;
}
