/* Council areas next to each other (docs/places.md "Councils next to each other"): the
 * council table (data/council-areas.csv) and the pairs that share a land boundary
 * (data/council-adjacency.csv), both built into keep and read once. */
#include "place/place.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/csv.h"
#include "base/embed.h"

static struct {
	char code[PLACE_NCOUNCILS][10];
	char name[PLACE_NCOUNCILS][64];
	int n;
	bool next[PLACE_NCOUNCILS][PLACE_NCOUNCILS];
	struct kerr err; /* what was wrong when reading, or code KERR_OK */
} table;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static int index_of(const char *p, size_t n)
{
	for (int i = 0; i < table.n; i++)
		if (strlen(table.code[i]) == n && memcmp(table.code[i], p, n) == 0)
			return i;
	return -1;
}

static int read_councils(struct kerr *e)
{
	const struct embedded_file *f = embedded_find("data/council-areas.csv");
	if (!f)
		return kerr_set(e, KERR_FAIL, "the council table is not built into keep");
	struct csv_reader *r = csv_open((const char *)f->data, f->len, f->name);
	struct csv_row row;
	int rc, line = 0;
	while ((rc = csv_next(r, &row, e)) == 1) {
		if (line++ == 0)
			continue;
		if (row.n != 2 || row.f[0].n != 9 || row.f[1].n >= sizeof table.name[0] || table.n == PLACE_NCOUNCILS) {
			csv_close(r);
			return kerr_set(e, KERR_FAIL, "%s:%zu: not a council area (code,name)", f->name, row.line);
		}
		memcpy(table.code[table.n], row.f[0].p, 9);
		memcpy(table.name[table.n], row.f[1].p, row.f[1].n);
		table.name[table.n][row.f[1].n] = '\0';
		table.n++;
	}
	csv_close(r);
	if (rc < 0)
		return -1;
	if (table.n != PLACE_NCOUNCILS)
		return kerr_set(e, KERR_FAIL, "%s holds %d council areas, not %d", f->name, table.n, PLACE_NCOUNCILS);
	return 0;
}

static int read_pairs(struct kerr *e)
{
	const struct embedded_file *f = embedded_find("data/council-adjacency.csv");
	if (!f)
		return kerr_set(e, KERR_FAIL, "the councils' adjacency is not built into keep");
	struct csv_reader *r = csv_open((const char *)f->data, f->len, f->name);
	struct csv_row row;
	int rc, line = 0;
	while ((rc = csv_next(r, &row, e)) == 1) {
		if (line++ == 0) {
			if (row.n != 2 || row.f[0].n != 1 || row.f[0].p[0] != 'a' || row.f[1].n != 1 || row.f[1].p[0] != 'b') {
				csv_close(r);
				return kerr_set(e, KERR_FAIL, "%s:1: the header is not a,b", f->name);
			}
			continue;
		}
		int a = row.n == 2 ? index_of(row.f[0].p, row.f[0].n) : -1;
		int b = row.n == 2 ? index_of(row.f[1].p, row.f[1].n) : -1;
		if (a < 0 || b < 0 || a == b) {
			csv_close(r);
			return kerr_set(e, KERR_FAIL, "%s:%zu: not a pair of two council areas' codes", f->name, row.line);
		}
		table.next[a][b] = table.next[b][a] = true;
	}
	csv_close(r);
	return rc < 0 ? -1 : 0;
}

static void load(void)
{
	if (read_councils(&table.err) < 0 || read_pairs(&table.err) < 0) {
		if (table.err.code == KERR_OK)
			table.err.code = KERR_FAIL;
		memset(table.next, 0, sizeof table.next);
	}
}

int place_adjacency_check(struct kerr *e)
{
	pthread_once(&table_once, load);
	if (table.err.code != KERR_OK) {
		if (e)
			*e = table.err;
		return -1;
	}
	return 0;
}

int place_council_index(const char *gss)
{
	pthread_once(&table_once, load);
	return gss ? index_of(gss, strlen(gss)) : -1;
}

const char *place_council_code(int i)
{
	pthread_once(&table_once, load);
	return i >= 0 && i < table.n ? table.code[i] : NULL;
}

const char *place_council_name(int i)
{
	pthread_once(&table_once, load);
	return i >= 0 && i < table.n ? table.name[i] : NULL;
}

bool place_near_home(const char *a, const char *b)
{
	int i = place_council_index(a), j = place_council_index(b);
	if (i < 0 || j < 0)
		return false;
	return i == j || table.next[i][j];
}
