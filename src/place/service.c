/* The register of care services and their vacancy returns: the checks of a service and
 * of a return, and keep's files services.csv and vacancies.csv (docs/places.md "The
 * register of services", "Vacancies"). No SQL, HTML or HTTP. */
#include "place/place.h"
#include "place/problems.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/date.h"
#include "base/embed.h"
#include "base/mem.h"
#include "base/text.h"
#include "measures/records.h"

bool place_regno_valid(const char *s, bool outside_scotland)
{
	size_t n = s ? strlen(s) : 0;
	if (!outside_scotland) {
		if (n != 12 || s[0] != 'C' || s[1] != 'S')
			return false;
		for (size_t i = 2; i < n; i++)
			if (!isdigit((unsigned char)s[i]))
				return false;
		return true;
	}
	if (n < 1 || n > PLACE_REGNO_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]))
			return false;
	return true;
}

bool place_council_known(const char *code)
{
	if (!code || strlen(code) != 9)
		return false;
	const struct embedded_file *ef = embedded_find("data/council-areas.csv");
	if (!ef)
		return false;
	struct csv_reader *r = csv_open((const char *)ef->data, ef->len, ef->name);
	struct csv_row row;
	struct kerr e = {0};
	bool found = false, first = true;
	while (!found && csv_next(r, &row, &e) == 1) {
		if (!first && row.n >= 1 && row.f[0].n == 9 && memcmp(row.f[0].p, code, 9) == 0)
			found = true;
		first = false;
	}
	csv_close(r);
	return found;
}

/* ---- text into values */

static bool empty(const char *s) { return !s || !*s; }

/* A whole number from lo to hi, written in digits only. */
static bool whole(const char *s, int lo, int hi, int *out)
{
	if (empty(s) || strlen(s) > 9)
		return false;
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	long v = strtol(s, NULL, 10);
	if (v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

/* Pounds: digits with at most two decimals, up to 1,000,000. */
static bool pounds(const char *s, double *out)
{
	if (empty(s) || strlen(s) > 16)
		return false;
	const char *p = s;
	size_t digits = 0, decimals = 0;
	bool point = false;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (point)
				decimals++;
			else
				digits++;
		} else if (*p == '.' && !point) {
			point = true;
		} else {
			return false;
		}
	}
	if (digits == 0 || (point && decimals == 0) || decimals > 2)
		return false;
	double v = strtod(s, NULL);
	if (v > 1000000)
		return false;
	*out = v;
	return true;
}

static bool day_of(const char *s, int32_t *out)
{
	struct kdate d;
	struct kerr e = {0};
	if (empty(s) || date_parse(s, &d, &e) < 0 || d.y < 1900 || d.y > 2100)
		return false;
	*out = (int32_t)date_days(d);
	return true;
}

/* yes/no (or empty: no); -1 when it is neither. */
static int yes_no(const char *s)
{
	if (empty(s) || strcmp(s, "no") == 0)
		return 0;
	return strcmp(s, "yes") == 0 ? 1 : -1;
}

/* Text of a name: 1 to cap-1 bytes, no control characters. */
static bool name_text(const char *s, char *out, size_t cap)
{
	if (empty(s) || strlen(s) >= cap)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	snprintf(out, cap, "%s", s);
	return true;
}

static void problem(json_t *errors, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void problem(json_t *errors, const char *field, const char *fmt, ...)
{
	if (json_object_get(errors, field))
		return;
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* A quotation or the message may be cut inside a character: keep it UTF-8, so that the
	 * problem is never lost (json_string refuses what is not). */
	struct buf b = {0};
	utf8_repair(&b, msg, strlen(msg));
	json_object_set_new(errors, field, json_string(buf_str(&b)));
	buf_free(&b);
}

/* A short, printable quotation of what was given, for a message. */
static const char *quoted(const char *s, char *buf, size_t cap)
{
	size_t j = 0;
	for (size_t i = 0; s && s[i] && j + 4 < cap; i++)
		buf[j++] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
	if (s && strlen(s) >= cap - 4 && j + 3 < cap) {
		buf[j++] = '.';
		buf[j++] = '.';
		buf[j++] = '.';
	}
	buf[j] = '\0';
	return buf;
}

/* The ages and places shared by a service and a return. */
static void ages_places(json_t *errors, const char *from_s, const char *to_s, const char *places_s,
                        const char *sib_s, int *from, int *to, int *places, int *sib)
{
	bool fok = whole(from_s, 0, 17, from), tok = whole(to_s, 0, 17, to);
	if (!fok)
		problem(errors, "age_from", "the youngest age taken must be a whole number of years from 0 to 17");
	if (!tok)
		problem(errors, "age_to", "the oldest age taken must be a whole number of years from 0 to 17");
	if (fok && tok && *from > *to)
		problem(errors, "age_to", "the oldest age taken (%d) is younger than the youngest (%d)", *to, *from);
	bool pok = whole(places_s, 0, 100000, places);
	if (!pok)
		problem(errors, "places", "places must be a whole number, 0 or more");
	if (!whole(sib_s, 1, 100000, sib))
		problem(errors, "max_siblings",
		        "the largest group of brothers and sisters taken together must be a whole number, 1 or more");
	else if (pok && *places > 0 && *sib > *places)
		problem(errors, "max_siblings",
		        "the largest group of brothers and sisters (%d) is more than the places (%d)", *sib, *places);
}

int place_service_parse(const struct place_service_text *t, struct place_service_row *out, json_t *errors)
{
	size_t before = json_object_size(errors);
	memset(out, 0, sizeof *out);
	struct place_service *v = &out->svc;
	char q[80];
	int outside = yes_no(t->outside_scotland);
	if (outside < 0)
		problem(errors, "outside_scotland", "outside_scotland must be yes or no, not '%s'",
		        quoted(t->outside_scotland, q, sizeof q));
	v->outside_scotland = outside == 1;
	if (empty(t->regno))
		problem(errors, "regno", "the registration number is missing");
	else if (!place_regno_valid(t->regno, outside == 1))
		problem(errors, "regno",
		        outside == 1 ? "'%s' is not a registration number (letters and digits, up to 16)"
		                     : "'%s' is not a Care Inspectorate registration number (CS and ten digits, as "
		                       "CS2005113322)",
		        quoted(t->regno, q, sizeof q));
	else
		snprintf(v->regno, sizeof v->regno, "%s", t->regno);
	if (!name_text(t->name, v->name, sizeof v->name))
		problem(errors, "name", "the service's name is missing, too long (over 200 characters) or holds a line break");
	if (!name_text(t->provider, v->provider, sizeof v->provider))
		problem(errors, "provider", "the provider's name is missing, too long (over 200 characters) or holds a line break");
	if ((v->sector = place_sector_of(t->sector)) < 0)
		problem(errors, "sector", "'%s' is not a provider sector (council, third or private)",
		        quoted(t->sector, q, sizeof q));
	if ((v->type = place_type_of(t->type)) < 0)
		problem(errors, "type",
		        "'%s' is not a service type (fostering, adoption, residential_house, residential_school, secure, "
		        "short_breaks or supported_lodgings)",
		        quoted(t->type, q, sizeof q));
	if (outside == 1) {
		if (!empty(t->council))
			problem(errors, "council", "a service outside Scotland has no council area: leave council empty");
	} else if (empty(t->council)) {
		if (outside == 0)
			problem(errors, "council",
			        "the council area is missing (a GSS code such as S12000047; outside_scotland is yes for a "
			        "service outside Scotland)");
	} else if (!place_council_known(t->council)) {
		problem(errors, "council", "'%s' is not a Scottish council area's GSS code (such as S12000047)",
		        quoted(t->council, q, sizeof q));
	} else {
		snprintf(v->council, sizeof v->council, "%s", t->council);
	}
	ages_places(errors, t->age_from, t->age_to, t->places, t->max_siblings, &v->age_from, &v->age_to, &v->places,
	            &v->max_siblings);
	place_bands_within(v->age_from, v->age_to, &v->band_from, &v->band_to);
	struct kerr ne = {0};
	if (place_needs_parse(t->needs ? t->needs : "", &v->needs_met, &ne) < 0)
		problem(errors, "needs", "%s", ne.msg);
	v->weekly_cost = -1;
	if (!empty(t->weekly_cost) && !pounds(t->weekly_cost, &v->weekly_cost))
		problem(errors, "weekly_cost",
		        "the weekly cost must be pounds (such as 1250 or 1250.50), 0 or more, or empty when not known");
	v->status = -1;
	for (int i = 0; i < PSS_NSTATUS && t->status; i++)
		if (strcmp(t->status, place_status_keys[i]) == 0)
			v->status = i;
	if (v->status < 0)
		problem(errors, "status", "'%s' is not a status (active, proposed or cancelled)", quoted(t->status, q, sizeof q));
	bool rok = day_of(t->registered, &v->registered);
	if (!rok)
		problem(errors, "registered", "the date registered must be a real date written YYYY-MM-DD");
	v->ended = RECORDS_OPEN;
	if (!empty(t->ended)) {
		if (!day_of(t->ended, &v->ended))
			problem(errors, "ended", "the date ended must be a real date written YYYY-MM-DD, or empty while it goes on");
		else if (rok && v->ended < v->registered)
			problem(errors, "ended", "the date ended (%s) is before the date registered (%s)", t->ended, t->registered);
	}
	if (!empty(t->organisation)) {
		size_t n = strlen(t->organisation);
		bool ok = n < sizeof out->organisation;
		for (size_t i = 0; ok && i < n; i++)
			ok = islower((unsigned char)t->organisation[i]) || isdigit((unsigned char)t->organisation[i]) ||
			     t->organisation[i] == '-';
		if (!ok)
			problem(errors, "organisation", "'%s' is not an organisation's short name (lower-case letters, digits and -)",
			        quoted(t->organisation, q, sizeof q));
		else
			snprintf(out->organisation, sizeof out->organisation, "%s", t->organisation);
	}
	int mu = yes_no(t->made_up);
	if (mu < 0)
		problem(errors, "made_up", "made_up must be yes or no, not '%s'", quoted(t->made_up, q, sizeof q));
	out->made_up = mu == 1;
	return (int)(json_object_size(errors) - before);
}

int place_vacancy_parse(const struct place_vacancy_text *t, struct place_vacancy *out, json_t *errors)
{
	size_t before = json_object_size(errors);
	memset(out, 0, sizeof *out);
	char q[80];
	bool ok = !empty(t->regno) && strlen(t->regno) <= PLACE_REGNO_MAX;
	for (const char *p = t->regno; ok && *p; p++)
		ok = isalnum((unsigned char)*p);
	if (!ok)
		problem(errors, "regno", "'%s' is not a registration number", quoted(t->regno, q, sizeof q));
	else
		snprintf(out->regno, sizeof out->regno, "%s", t->regno);
	if (!day_of(t->date, &out->at))
		problem(errors, "date", "the date of the return must be a real date written YYYY-MM-DD");
	ages_places(errors, t->age_from, t->age_to, t->places, t->max_siblings, &out->age_from, &out->age_to,
	            &out->places, &out->max_siblings);
	place_bands_within(out->age_from, out->age_to, &out->band_from, &out->band_to);
	return (int)(json_object_size(errors) - before);
}

/* ---- files */

/* A file's columns: name, required, and where it is in the header (-1: absent). */
struct column {
	const char *name;
	bool required;
	int at;
};

/* A problem whose message already says where (the CSV reader's own). A quotation cut
 * short may end inside a character: the message is made UTF-8 again. */
void place_problem_raw(struct place_problems *p, const char *msg)
{
	struct buf text = {0};
	utf8_repair(&text, msg, strlen(msg));
	if (p->count == 0)
		kerr_set(p->e, KERR_INVALID, "%s", buf_str(&text));
	if (p->list && p->count < PLACE_MAX_PROBLEMS)
		json_array_append_new(p->list, json_string(buf_str(&text)));
	buf_free(&text);
	p->count++;
}

void place_problem(struct place_problems *p, size_t line, size_t column, const char *fmt, ...)
{
	char msg[600], where[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (column)
		snprintf(where, sizeof where, "%s:%zu:%zu", p->name, line, column);
	else
		snprintf(where, sizeof where, "%s:%zu", p->name, line);
	char all[1000];
	snprintf(all, sizeof all, "%s: %s", where, msg);
	place_problem_raw(p, all);
}

/* Reads the header row into cols (ncols of them); false with problems added. */
static bool header(struct place_problems *p, const struct csv_row *row, struct column *cols, size_t ncols,
                   const char *what)
{
	bool ok = true;
	for (size_t k = 0; k < ncols; k++)
		cols[k].at = -1;
	for (size_t i = 0; i < row->n; i++) {
		const struct csv_field *f = &row->f[i];
		size_t k = 0;
		while (k < ncols && !(strlen(cols[k].name) == f->n && memcmp(cols[k].name, f->p, f->n) == 0))
			k++;
		if (k == ncols) {
			char names[600] = "";
			for (size_t j = 0; j < ncols; j++) {
				strncat(names, cols[j].name, sizeof names - strlen(names) - 1);
				strncat(names, j + 1 < ncols ? ", " : "", sizeof names - strlen(names) - 1);
			}
			place_problem(p, f->line, f->column, "'%.*s' is not a column of %s (its columns are %s)",
			            (int)(f->n < 60 ? f->n : 60), f->p, what, names);
			ok = false;
		} else if (cols[k].at >= 0) {
			place_problem(p, f->line, f->column, "the column '%s' is given twice", cols[k].name);
			ok = false;
		} else {
			cols[k].at = (int)i;
		}
	}
	for (size_t k = 0; k < ncols; k++)
		if (cols[k].required && cols[k].at < 0) {
			place_problem(p, row->line, 0, "the column '%s' is missing (%s)", cols[k].name, what);
			ok = false;
		}
	return ok;
}

/* The text of column k of row, NUL-terminated in bufs (each 1 KiB), or NULL when the
 * file has no such column; *too_long set when it was cut. */
#define FIELD_CAP 1024
static const char *field(const struct csv_row *row, const struct column *c, char *buf, bool *too_long)
{
	if (c->at < 0)
		return NULL;
	const struct csv_field *f = &row->f[c->at];
	size_t g = csv_guard_len(f->p, f->n); /* the guard keep's own export adds against formulas */
	size_t n = f->n - g < FIELD_CAP - 1 ? f->n - g : FIELD_CAP - 1;
	if (f->n - g >= FIELD_CAP)
		*too_long = true;
	memcpy(buf, f->p + g, n);
	buf[n] = '\0';
	return buf;
}

/* Adds each problem in errors at its field's column of row. */
static void row_problems(struct place_problems *p, const struct csv_row *row, const struct column *cols, size_t ncols,
                         json_t *errors)
{
	for (size_t k = 0; k < ncols; k++) {
		json_t *m = json_object_get(errors, cols[k].name);
		if (!m)
			continue;
		size_t column = cols[k].at >= 0 ? row->f[cols[k].at].column : 0;
		place_problem(p, row->line, column, "%s", json_string_value(m));
	}
}

/* Whether row is a blank line (one empty field), which files may end with. */
static bool blank(const struct csv_row *row) { return row->n == 1 && row->f[0].n == 0; }

enum {
	S_REGNO, S_NAME, S_PROVIDER, S_SECTOR, S_TYPE, S_COUNCIL, S_OUTSIDE, S_AGE_FROM, S_AGE_TO, S_PLACES,
	S_MAX_SIBLINGS, S_NEEDS, S_WEEKLY_COST, S_STATUS, S_REGISTERED, S_ENDED, S_ORGANISATION, S_MADE_UP, S_NCOLS
};

int place_services_read(const char *data, size_t len, const char *name, const struct place_read_refs *refs,
                        struct place_service_row **out, size_t *n, json_t *problems, struct kerr *e)
{
	*out = NULL;
	*n = 0;
	struct column cols[S_NCOLS] = {
	    {"regno", true, -1},       {"name", true, -1},         {"provider", true, -1},
	    {"sector", true, -1},      {"type", true, -1},         {"council", true, -1},
	    {"outside_scotland", true, -1}, {"age_from", true, -1}, {"age_to", true, -1},
	    {"places", true, -1},      {"max_siblings", true, -1}, {"needs", true, -1},
	    {"weekly_cost", true, -1}, {"status", true, -1},       {"registered", true, -1},
	    {"ended", true, -1},       {"organisation", false, -1}, {"made_up", false, -1},
	};
	struct place_problems p = {name, problems, 0, e};
	struct csv_reader *r = csv_open(data, len, name);
	struct csv_row row;
	struct place_service_row *rows = NULL;
	size_t *lines = NULL;
	size_t cap = 0, count = 0;
	bool have_header = false;
	int got;
	char (*bufs)[FIELD_CAP] = malloc(S_NCOLS * sizeof *bufs);
	if (!bufs) {
		csv_close(r);
		return kerr_set(e, KERR_FAIL, "out of memory");
	}
	struct kerr ce = {0};
	while ((got = csv_next(r, &row, &ce)) == 1) {
		if (!have_header) {
			have_header = true;
			if (!header(&p, &row, cols, S_NCOLS, "services.csv"))
				break;
			continue;
		}
		if (blank(&row))
			continue;
		size_t want = 0;
		for (size_t k = 0; k < S_NCOLS; k++)
			if (cols[k].at >= 0)
				want++;
		if (row.n != want) {
			place_problem(&p, row.line, 0, "%zu fields where the header has %zu", row.n, want);
			continue;
		}
		const char *v[S_NCOLS];
		bool too_long = false;
		for (size_t k = 0; k < S_NCOLS; k++)
			v[k] = field(&row, &cols[k], bufs[k], &too_long);
		if (too_long) {
			place_problem(&p, row.line, 0, "a field is over %d bytes", FIELD_CAP - 1);
			continue;
		}
		struct place_service_text t = {v[S_REGNO],       v[S_NAME],     v[S_PROVIDER],     v[S_SECTOR],
		                               v[S_TYPE],        v[S_COUNCIL],  v[S_OUTSIDE],      v[S_AGE_FROM],
		                               v[S_AGE_TO],      v[S_PLACES],   v[S_MAX_SIBLINGS], v[S_NEEDS],
		                               v[S_WEEKLY_COST], v[S_STATUS],   v[S_REGISTERED],   v[S_ENDED],
		                               v[S_ORGANISATION], v[S_MADE_UP]};
		struct place_service_row one;
		json_t *errors = json_object();
		if (place_service_parse(&t, &one, errors) > 0) {
			row_problems(&p, &row, cols, S_NCOLS, errors);
			json_decref(errors);
			continue;
		}
		json_decref(errors);
		if (refs && refs->organisation_known && one.organisation[0] &&
		    !refs->organisation_known(one.organisation, refs->arg)) {
			place_problem(&p, row.line, row.f[cols[S_ORGANISATION].at].column,
			            "there is no organisation called '%s' in keep", one.organisation);
			continue;
		}
		int dup = -1;
		for (size_t i = 0; i < count && dup < 0; i++)
			if (strcmp(rows[i].svc.regno, one.svc.regno) == 0)
				dup = (int)i;
		if (dup >= 0) {
			place_problem(&p, row.line, row.f[cols[S_REGNO].at].column, "the service %s is given twice (first on line %zu)",
			            one.svc.regno, lines[dup]);
			continue;
		}
		if (count == cap) {
			cap = cap ? cap * 2 : 64;
			rows = xrealloc(rows, cap * sizeof *rows);
			lines = xrealloc(lines, cap * sizeof *lines);
		}
		rows[count] = one;
		lines[count++] = row.line;
	}
	csv_close(r);
	free(bufs);
	free(lines);
	if (got < 0)
		place_problem_raw(&p, ce.msg);
	if (p.count == 0 && !have_header)
		place_problem(&p, 1, 0, "the file is empty: it needs a header row naming its columns");
	if (p.count > 0) {
		free(rows);
		return -1;
	}
	*out = rows;
	*n = count;
	return 0;
}

enum { V_REGNO, V_DATE, V_PLACES, V_AGE_FROM, V_AGE_TO, V_MAX_SIBLINGS, V_NCOLS };

int place_vacancies_read(const char *data, size_t len, const char *name, const struct place_read_refs *refs,
                         struct place_vacancy **out, size_t *n, json_t *problems, struct kerr *e)
{
	*out = NULL;
	*n = 0;
	struct column cols[V_NCOLS] = {
	    {"regno", true, -1},  {"date", true, -1},   {"places", true, -1},
	    {"age_from", true, -1}, {"age_to", true, -1}, {"max_siblings", true, -1},
	};
	struct place_problems p = {name, problems, 0, e};
	struct csv_reader *r = csv_open(data, len, name);
	struct csv_row row;
	struct place_vacancy *rows = NULL;
	size_t *lines = NULL;
	size_t cap = 0, count = 0;
	bool have_header = false;
	int got;
	char (*bufs)[FIELD_CAP] = malloc(V_NCOLS * sizeof *bufs);
	if (!bufs) {
		csv_close(r);
		return kerr_set(e, KERR_FAIL, "out of memory");
	}
	struct kerr ce = {0};
	while ((got = csv_next(r, &row, &ce)) == 1) {
		if (!have_header) {
			have_header = true;
			if (!header(&p, &row, cols, V_NCOLS, "vacancies.csv"))
				break;
			continue;
		}
		if (blank(&row))
			continue;
		if (row.n != V_NCOLS) {
			place_problem(&p, row.line, 0, "%zu fields where the header has %d", row.n, V_NCOLS);
			continue;
		}
		const char *v[V_NCOLS];
		bool too_long = false;
		for (size_t k = 0; k < V_NCOLS; k++)
			v[k] = field(&row, &cols[k], bufs[k], &too_long);
		if (too_long) {
			place_problem(&p, row.line, 0, "a field is over %d bytes", FIELD_CAP - 1);
			continue;
		}
		struct place_vacancy_text t = {v[V_REGNO], v[V_DATE], v[V_PLACES], v[V_AGE_FROM], v[V_AGE_TO],
		                               v[V_MAX_SIBLINGS]};
		struct place_vacancy one;
		json_t *errors = json_object();
		if (place_vacancy_parse(&t, &one, errors) > 0) {
			row_problems(&p, &row, cols, V_NCOLS, errors);
			json_decref(errors);
			continue;
		}
		json_decref(errors);
		if (refs && refs->service_known && !refs->service_known(one.regno, refs->arg)) {
			place_problem(&p, row.line, row.f[cols[V_REGNO].at].column,
			            "the service %s is not in the register (add it first)", one.regno);
			continue;
		}
		int dup = -1;
		for (size_t i = 0; i < count && dup < 0; i++)
			if (strcmp(rows[i].regno, one.regno) == 0 && rows[i].at == one.at)
				dup = (int)i;
		if (dup >= 0) {
			place_problem(&p, row.line, row.f[cols[V_DATE].at].column,
			            "the return of %s on %s is given twice (first on line %zu)", one.regno, v[V_DATE], lines[dup]);
			continue;
		}
		if (count == cap) {
			cap = cap ? cap * 2 : 64;
			rows = xrealloc(rows, cap * sizeof *rows);
			lines = xrealloc(lines, cap * sizeof *lines);
		}
		rows[count] = one;
		lines[count++] = row.line;
	}
	csv_close(r);
	free(bufs);
	free(lines);
	if (got < 0)
		place_problem_raw(&p, ce.msg);
	if (p.count == 0 && !have_header)
		place_problem(&p, 1, 0, "the file is empty: it needs a header row naming its columns");
	if (p.count > 0) {
		free(rows);
		return -1;
	}
	*out = rows;
	*n = count;
	return 0;
}
