/* Cross-border placements into Scottish services (place.h; docs/places.md "Where children
 * live now"): crossborder.csv, checked all or nothing against the register of services,
 * and the children placed on a day counted by council area and service type. A row names
 * no child; only counts are ever public. */
#include "place/place.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/date.h"
#include "base/mem.h"

enum { C_REGNO, C_AUTHORITY, C_IN, C_OUT, NCOLS };
static const char *const cols[NCOLS] = {"regno", "placing_authority", "date_in", "date_out"};
#define COLUMNS "regno, placing_authority, date_in, date_out"

bool place_authority_valid(const char *code)
{
	/* England's unitary authorities (E06), districts (E07), metropolitan districts (E08),
	 * London boroughs (E09) and counties (E10); Wales's principal areas (W06); Northern
	 * Ireland's local government districts (N09). */
	static const char *const prefixes[] = {"E06", "E07", "E08", "E09", "E10", "W06", "N09"};
	if (strlen(code) != 9)
		return false;
	bool known = false;
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		known = known || memcmp(code, prefixes[i], 3) == 0;
	for (size_t i = 3; known && i < 9; i++)
		known = isdigit((unsigned char)code[i]) != 0;
	return known;
}

static bool is(const struct csv_field *f, const char *s) { return f->n == strlen(s) && memcmp(f->p, s, f->n) == 0; }

/* The field as a C string into buf (size bytes); false when it is longer. */
static bool text_of(const struct csv_field *f, char *buf, size_t size)
{
	if (f->n >= size)
		return false;
	memcpy(buf, f->p, f->n);
	buf[f->n] = '\0';
	return true;
}

/* A problem at field f: "NAME:LINE:COLUMN: what". */
static int bad(struct kerr *e, const char *name, const struct csv_field *f, const char *what)
{
	return kerr_set(e, KERR_INVALID, "%s:%zu:%zu: %s", name, f->line, f->column, what);
}

/* A date column: YYYY-MM-DD, a real date from 1 January 1900, not after today; empty only
 * when may_be_empty (then RECORDS_OPEN). */
static int date_of(const char *name, const struct csv_field *f, const char *column, bool may_be_empty,
                   int32_t today, int32_t *out, struct kerr *e)
{
	char buf[16], msg[160];
	struct kdate d;
	struct kerr ignored = {0};
	if (f->n == 0 && may_be_empty) {
		*out = RECORDS_OPEN;
		return 0;
	}
	if (f->n == 0) {
		snprintf(msg, sizeof msg, "%s is empty; it needs a date (YYYY-MM-DD)", column);
		return bad(e, name, f, msg);
	}
	if (f->n != 10 || !text_of(f, buf, sizeof buf) || date_parse(buf, &d, &ignored) < 0 || !date_valid(d) ||
	    d.y < 1900) {
		snprintf(msg, sizeof msg, "%s is not a date: write a real date as YYYY-MM-DD", column);
		return bad(e, name, f, msg);
	}
	*out = (int32_t)date_days(d);
	if (*out > today) {
		snprintf(msg, sizeof msg, "%s, %s, is in the future", column, buf);
		return bad(e, name, f, msg);
	}
	return 0;
}

static int by_regno(const void *a, const void *b)
{
	return strcmp((*(const struct place_service *const *)a)->regno, (*(const struct place_service *const *)b)->regno);
}

/* The services by registration number, for lookup; free(). */
static const struct place_service **index_of(const struct place_service *svc, size_t nsvc)
{
	const struct place_service **ix = xcalloc(nsvc ? nsvc : 1, sizeof *ix);
	for (size_t i = 0; i < nsvc; i++)
		ix[i] = &svc[i];
	qsort(ix, nsvc, sizeof *ix, by_regno);
	return ix;
}

static const struct place_service *find(const struct place_service **ix, size_t nsvc, const char *regno)
{
	struct place_service key;
	snprintf(key.regno, sizeof key.regno, "%s", regno);
	const struct place_service *k = &key;
	const struct place_service **at = bsearch(&k, ix, nsvc, sizeof *ix, by_regno);
	return at ? *at : NULL;
}

/* Reads the header into pos (the file column of each column); -1 with e when it is not
 * exactly the four columns. */
static int header(struct csv_reader *r, const char *name, int pos[NCOLS], size_t *width, struct kerr *e)
{
	struct csv_row row;
	int rc = csv_next(r, &row, e);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return kerr_set(e, KERR_INVALID, "%s:1:1: the file is empty: it needs a header row (%s)", name, COLUMNS);
	for (int c = 0; c < NCOLS; c++)
		pos[c] = -1;
	for (size_t i = 0; i < row.n; i++) {
		const struct csv_field *f = &row.f[i];
		int found = -1;
		for (int c = 0; c < NCOLS; c++)
			if (is(f, cols[c]))
				found = c;
		if (found < 0) {
			/* Never quoted: an unknown column may be anything, a child's name among them. */
			return kerr_set(e, KERR_INVALID,
			                "%s:%zu:%zu: column %zu of the header is not a column of the register of cross-border "
			                "placements: its columns are %s",
			                name, f->line, f->column, i + 1, COLUMNS);
		}
		if (pos[found] >= 0)
			return kerr_set(e, KERR_INVALID, "%s:%zu:%zu: the column '%s' is there twice", name, f->line, f->column,
			                cols[found]);
		pos[found] = (int)i;
	}
	for (int c = 0; c < NCOLS; c++)
		if (pos[c] < 0)
			return kerr_set(e, KERR_INVALID, "%s:%zu:1: the column '%s' is missing", name, row.line, cols[c]);
	*width = row.n;
	return 0;
}

/* One row, checked, into *out. */
static int row_of(const char *name, const struct csv_field *f[NCOLS], const struct place_service **ix, size_t nsvc,
                  int32_t today, struct place_crossborder *out, struct kerr *e)
{
	memset(out, 0, sizeof *out);
	const struct csv_field *g = f[C_REGNO];
	if (g->n == 0)
		return bad(e, name, g, "regno is empty; it needs the service's registration number");
	if (!text_of(g, out->regno, sizeof out->regno))
		return bad(e, name, g, "regno is longer than a registration number (16 characters at most)");
	const struct place_service *s = find(ix, nsvc, out->regno);
	if (!s)
		return bad(e, name, g, "regno is not a service in the register of care services");
	if (s->outside_scotland)
		return bad(e, name, g, "regno is a service outside Scotland; this register is of placements into "
		                       "services in Scotland");
	g = f[C_AUTHORITY];
	if (g->n == 0)
		return bad(e, name, g, "placing_authority is empty; it needs the code of a council outside Scotland");
	if (!text_of(g, out->authority, sizeof out->authority) || !place_authority_valid(out->authority)) {
		return bad(e, name, g,
		           g->n == 9 && g->p[0] == 'S'
		               ? "placing_authority is a Scottish code; this register is of placements by authorities "
		                 "outside Scotland (E06, E07, E08, E09, E10, W06 or N09 and six digits)"
		               : "placing_authority is not the code of a council outside Scotland (E06, E07, E08, E09, "
		                 "E10, W06 or N09 and six digits, such as E08000025)");
	}
	if (date_of(name, f[C_IN], "date_in", false, today, &out->date_in, e) < 0 ||
	    date_of(name, f[C_OUT], "date_out", true, today, &out->date_out, e) < 0)
		return -1;
	if (out->date_out < out->date_in)
		return bad(e, name, f[C_OUT], "date_out is before date_in");
	return 0;
}

int place_crossborder_read(const char *data, size_t len, const char *name, const struct place_service *svc,
                           size_t nsvc, struct place_crossborder **out, size_t *n, struct kerr *e)
{
	*out = NULL;
	*n = 0;
	int32_t today = (int32_t)date_days(date_today());
	struct csv_reader *r = csv_open(data, len, name);
	const struct place_service **ix = index_of(svc, nsvc);
	struct place_crossborder *rows = NULL;
	size_t nrows = 0, cap = 0, width = 0;
	int pos[NCOLS];
	int rc = header(r, name, pos, &width, e);
	struct csv_row row;
	while (rc == 0) {
		int got = csv_next(r, &row, e);
		if (got <= 0) {
			rc = got;
			break;
		}
		if (row.n == 1 && row.f[0].n == 0)
			continue; /* a blank line */
		if (row.n != width) {
			rc = kerr_set(e, KERR_INVALID, "%s:%zu:1: this row has %zu field%s; the header has %zu", name, row.line,
			              row.n, row.n == 1 ? "" : "s", width);
			break;
		}
		if (nrows == PLACE_MAX_CROSSBORDER) {
			rc = kerr_set(e, KERR_INVALID, "%s:%zu:1: more than %d rows: the register is too long", name, row.line,
			              PLACE_MAX_CROSSBORDER);
			break;
		}
		const struct csv_field *f[NCOLS];
		for (int c = 0; c < NCOLS; c++)
			f[c] = &row.f[pos[c]];
		if (nrows == cap) {
			cap = cap ? cap * 2 : 64;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		rc = row_of(name, f, ix, nsvc, today, &rows[nrows], e);
		if (rc == 0)
			nrows++;
	}
	csv_close(r);
	free(ix);
	if (rc < 0) {
		free(rows);
		return -1;
	}
	*out = rows;
	*n = nrows;
	return 0;
}

void place_crossborder_count(const struct place_crossborder *rows, size_t n, const struct place_service *svc,
                             size_t nsvc, int32_t day, long count[PLACE_NCOUNCILS][PT_NTYPES], long *total)
{
	memset(count, 0, sizeof(long[PLACE_NCOUNCILS][PT_NTYPES]));
	*total = 0;
	const struct place_service **ix = index_of(svc, nsvc);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].date_in > day || rows[i].date_out < day)
			continue;
		const struct place_service *s = find(ix, nsvc, rows[i].regno);
		int c = s && !s->outside_scotland ? place_council_index(s->council) : -1;
		if (c < 0 || s->type < 0 || s->type >= PT_NTYPES)
			continue;
		count[c][s->type]++;
		(*total)++;
	}
	free(ix);
}
