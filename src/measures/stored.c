/* The published tables, stored: what /measures shows is worked out when it can change
 * (an import of care records, a publication of the measures), by measures_tables (the
 * same tables as measures_table's, all the years in one walk), the one engine (so any
 * change to disclosure control carries over), and kept in the store; a page view only
 * reads it. */
#include "measures/measures.h"

#include "base/mem.h"

#include <stdlib.h>

int measures_store_table(struct store *s, json_t *table, struct kerr *e)
{
	int year = (int)json_integer_value(json_object_get(table, "year"));
	if (store_measures_stored_clear(s, year, e) < 0)
		return -1;
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(table, "areas"), i, a)
	{
		char *text = json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (!text)
			return kerr_set(e, KERR_FAIL, "the measures' table of %d could not be written out", year);
		const char *area = json_string_value(json_object_get(a, "area"));
		const char *name = json_string_value(json_object_get(a, "name"));
		int rc = store_measures_stored_put(s, year, (int)i, area ? area : "", name ? name : "",
		                                   json_is_true(json_object_get(a, "data")), text, e);
		free(text);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int store_one(json_t *table, void *arg, struct kerr *e)
{
	return measures_store_table(arg, table, e);
}

int measures_store_tables(struct store *s, int year, struct kerr *e)
{
	json_t *stored = store_measures_stored_years(s, e);
	if (!stored)
		return -1;
	size_t n = json_array_size(stored);
	int *years = xcalloc(n + 1, sizeof *years);
	size_t i;
	json_t *y;
	json_array_foreach(stored, i, y) years[i] = (int)json_integer_value(y);
	years[n] = year;
	json_decref(stored);
	int rc = measures_tables(s, years, n + 1, store_one, s, e);
	free(years);
	return rc;
}
