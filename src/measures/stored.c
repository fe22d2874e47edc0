/* The published tables, stored: what /measures shows is worked out when it can change
 * (an import of care records, a publication of the measures), by measures_table, the one
 * engine (so any change to disclosure control carries over), and kept in the store;
 * a page view only reads it. */
#include "measures/measures.h"

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

int measures_store_tables(struct store *s, int year, struct kerr *e)
{
	json_t *years = store_measures_stored_years(s, e);
	if (!years)
		return -1;
	bool has = false;
	size_t i;
	json_t *y;
	json_array_foreach(years, i, y) has |= json_integer_value(y) == year;
	if (!has)
		json_array_append_new(years, json_integer(year));
	int rc = 0;
	json_array_foreach(years, i, y)
	{
		json_t *t = measures_table(s, (int)json_integer_value(y), NULL, NULL, e);
		if (!t || measures_store_table(s, t, e) < 0)
			rc = -1;
		json_decref(t);
		if (rc < 0)
			break;
	}
	json_decref(years);
	return rc;
}
