/* The Care Inspectorate's published list of registered care services (its "datastore"
 * CSV), read as published: its children's services, mapped to keep's register
 * (docs/places.md "The Care Inspectorate's published list" states the columns read and
 * every mapping). No SQL, HTML or HTTP. */
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

/* The columns read (every other is left alone). */
enum {
	C_CSNUMBER, C_CARESERVICE, C_SUBTYPE, C_SERVICETYPE, C_SERVICENAME, C_SERVICEPROVIDER, C_SERVICESTATUS,
	C_COUNCIL, C_PLACES, C_DATEREG, C_DATE_REG, C_NCOLS
};
static const char *const col_names[C_NCOLS] = {
	"CSNumber",      "CareService",       "Subtype",           "ServiceType", "ServiceName", "ServiceProvider",
	"ServiceStatus", "Council_Area_Name", "Registered_Places", "DateReg",     "Date_Reg",
};

/* Windows-1252's characters 0x80..0x9F (0: none there). */
static const unsigned short cp1252[32] = {
	0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* data[0..len) as UTF-8: as it is when it is UTF-8, else read as Windows-1252 (as the
 * list is published); a byte with no character there becomes U+FFFD. */
static void to_utf8(const char *data, size_t len, struct buf *out)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];
		unsigned cp = c < 0x80 ? c : c < 0xA0 ? (cp1252[c - 0x80] ? cp1252[c - 0x80] : 0xFFFD) : c;
		if (cp < 0x80) {
			buf_putc(out, (char)cp);
		} else if (cp < 0x800) {
			buf_putc(out, (char)(0xC0 | (cp >> 6)));
			buf_putc(out, (char)(0x80 | (cp & 0x3F)));
		} else {
			buf_putc(out, (char)(0xE0 | (cp >> 12)));
			buf_putc(out, (char)(0x80 | ((cp >> 6) & 0x3F)));
			buf_putc(out, (char)(0x80 | (cp & 0x3F)));
		}
	}
}

/* Lower case, '&' as "and", runs of spaces and punctuation as one space, trimmed. */
static void fold(const char *s, char *out, size_t cap)
{
	size_t j = 0;
	bool space = true;
	for (; *s && j + 5 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '&') {
			if (!space)
				out[j++] = ' ';
			memcpy(out + j, "and ", 4);
			j += 4;
			space = true;
		} else if (isalnum(c) || c >= 0x80 || c == '-') {
			out[j++] = (char)tolower(c);
			space = false;
		} else if (!space) {
			out[j++] = ' ';
			space = true;
		}
	}
	while (j > 0 && out[j - 1] == ' ')
		j--;
	out[j] = '\0';
}

/* Other names of council areas (folded) and the name data/council-areas.csv gives. */
static const char *const aliases[][2] = {
	{"edinburgh city of", "city of edinburgh"}, {"edinburgh", "city of edinburgh"},
	{"eilean siar", "na h-eileanan siar"},      {"western isles", "na h-eileanan siar"},
	{"comhairle nan eilean siar", "na h-eileanan siar"},
	{"orkney", "orkney islands"},               {"shetland", "shetland islands"},
	{"borders", "scottish borders"},            {"glasgow", "glasgow city"},
	{"dundee", "dundee city"},                  {"aberdeen", "aberdeen city"},
};

/* The GSS code of the council area named name, into code; false when none is. */
static bool council_named(const char *name, char code[10])
{
	char want[120], got[120];
	fold(name, want, sizeof want);
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(want, aliases[i][0]) == 0)
			snprintf(want, sizeof want, "%s", aliases[i][1]);
	const struct embedded_file *ef = embedded_find("data/council-areas.csv");
	if (!ef || !want[0])
		return false;
	struct csv_reader *r = csv_open((const char *)ef->data, ef->len, ef->name);
	struct csv_row row;
	struct kerr e = {0};
	bool found = false, first = true;
	while (!found && csv_next(r, &row, &e) == 1) {
		if (!first && row.n == 2 && row.f[0].n == 9 && row.f[1].n < sizeof got) {
			char nm[120];
			memcpy(nm, row.f[1].p, row.f[1].n);
			nm[row.f[1].n] = '\0';
			fold(nm, got, sizeof got);
			if (strcmp(got, want) == 0) {
				memcpy(code, row.f[0].p, 9);
				code[9] = '\0';
				found = true;
			}
		}
		first = false;
	}
	csv_close(r);
	return found;
}

/* The date as published (dd/mm/yyyy, dd-Mon-yy, or YYYY-MM-DD) as YYYY-MM-DD into out;
 * false when it is none of these or not a real date. */
static bool ci_date(const char *s, char out[11])
{
	int d, m, y;
	char mon[4], rest;
	struct kdate k;
	struct kerr e = {0};
	if (sscanf(s, "%2d/%2d/%4d%c", &d, &m, &y, &rest) == 3 && strlen(s) == 10) {
		k = (struct kdate){y, m, d};
	} else if (sscanf(s, "%2d-%3[A-Za-z]-%2d%c", &d, mon, &y, &rest) == 3 && strlen(s) == 9) {
		static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
		                                     "jul", "aug", "sep", "oct", "nov", "dec"};
		m = 0;
		for (int i = 0; i < 12; i++)
			if (tolower((unsigned char)mon[0]) == months[i][0] && tolower((unsigned char)mon[1]) == months[i][1] &&
			    tolower((unsigned char)mon[2]) == months[i][2])
				m = i + 1;
		/* two-digit years: the register began in 2002, so 00 to 69 are 2000 to 2069 */
		k = (struct kdate){y < 70 ? 2000 + y : 1900 + y, m, d};
	} else if (date_parse(s, &k, &e) < 0) {
		return false;
	}
	if (!date_valid(k))
		return false;
	date_format(k, out);
	return true;
}

/* The type of a children's service of CareService and Subtype, or -1 when it is not one
 * keep keeps. */
static int ci_type(const char *care_service, const char *subtype)
{
	char cs[120], st[120];
	fold(care_service, cs, sizeof cs);
	fold(subtype, st, sizeof st);
	if (strcmp(cs, "fostering service") == 0)
		return PT_FOSTERING;
	if (strcmp(cs, "adoption service") == 0)
		return PT_ADOPTION;
	if (strcmp(cs, "secure accommodation service") == 0)
		return PT_SECURE;
	if (strcmp(cs, "school care accommodation service") == 0)
		return PT_RESIDENTIAL_SCHOOL;
	if (strcmp(cs, "care home service") == 0 && strstr(st, "children"))
		return PT_RESIDENTIAL_HOUSE;
	return -1;
}

#define CI_FIELD_CAP 512

int place_services_read_ci(const char *data, size_t len, const char *name, const struct place_read_refs *refs,
                           struct place_service_row **out, size_t *n, size_t *skipped, json_t *problems,
                           struct kerr *e)
{
	(void)refs; /* the published list names no keep organisation */
	*out = NULL;
	*n = 0;
	*skipped = 0;
	struct buf text = {0};
	if (!utf8_valid(data, len))
		to_utf8(data, len, &text);
	else
		buf_put(&text, data, len);
	struct place_problems p = {name, problems, 0, e};
	struct csv_reader *r = csv_open(text.len ? text.p : "", text.len, name);
	struct csv_row row;
	struct kerr ce = {0};
	int at[C_NCOLS];
	size_t ncols = 0;
	bool have_header = false;
	struct place_service_row *rows = NULL;
	size_t *lines = NULL, cap = 0, count = 0;
	int got;
	while ((got = csv_next(r, &row, &ce)) == 1) {
		if (!have_header) {
			have_header = true;
			ncols = row.n;
			for (int k = 0; k < C_NCOLS; k++) {
				at[k] = -1;
				for (size_t i = 0; i < row.n; i++)
					if (row.f[i].n == strlen(col_names[k]) && memcmp(row.f[i].p, col_names[k], row.f[i].n) == 0)
						at[k] = (int)i;
			}
			bool ok = true;
			for (int k = 0; k < C_NCOLS; k++)
				if (at[k] < 0 && k != C_DATEREG && k != C_DATE_REG) {
					place_problem(&p, row.line, 0, "the column '%s' of the Care Inspectorate's list is missing",
					           col_names[k]);
					ok = false;
				}
			if (at[C_DATEREG] < 0 && at[C_DATE_REG] < 0) {
				place_problem(&p, row.line, 0,
				           "the column 'DateReg' (or 'Date_Reg') of the Care Inspectorate's list is missing");
				ok = false;
			}
			if (!ok)
				break;
			continue;
		}
		if (row.n == 1 && row.f[0].n == 0)
			continue;
		if (row.n != ncols) {
			place_problem(&p, row.line, 0, "%zu fields where the header has %zu", row.n, ncols);
			continue;
		}
		char v[C_NCOLS][CI_FIELD_CAP];
		bool too_long = false;
		for (int k = 0; k < C_NCOLS; k++) {
			v[k][0] = '\0';
			if (at[k] < 0)
				continue;
			const struct csv_field *f = &row.f[at[k]];
			/* the published text may carry spaces around it */
			size_t a = 0, b = f->n;
			while (a < b && (f->p[a] == ' ' || f->p[a] == '\t'))
				a++;
			while (b > a && (f->p[b - 1] == ' ' || f->p[b - 1] == '\t'))
				b--;
			if (b - a >= CI_FIELD_CAP) {
				too_long = true;
				b = a + CI_FIELD_CAP - 1;
			}
			memcpy(v[k], f->p + a, b - a);
			v[k][b - a] = '\0';
		}
		if (too_long) {
			place_problem(&p, row.line, 0, "a field is over %d bytes", CI_FIELD_CAP - 1);
			continue;
		}
#define COL(k) (row.f[at[k]].column)
		int type = ci_type(v[C_CARESERVICE], v[C_SUBTYPE]);
		if (type < 0) {
			(*skipped)++;
			continue;
		}
		const char *sector = NULL;
		char st[120];
		fold(v[C_SERVICETYPE], st, sizeof st);
		if (strcmp(st, "local authority") == 0 || strcmp(st, "health board") == 0)
			sector = "council";
		else if (strcmp(st, "voluntary or not for profit") == 0)
			sector = "third";
		else if (strcmp(st, "private") == 0)
			sector = "private";
		if (!sector) {
			place_problem(&p, row.line, COL(C_SERVICETYPE),
			           "ServiceType '%.60s' is not one keep knows (Local Authority, Health Board, Voluntary or Not "
			           "for Profit, Private)",
			           v[C_SERVICETYPE]);
			continue;
		}
		const char *status = NULL;
		char ss[60];
		fold(v[C_SERVICESTATUS], ss, sizeof ss);
		if (strcmp(ss, "active") == 0)
			status = "active";
		else if (strcmp(ss, "cancelled") == 0 || strcmp(ss, "inactive") == 0)
			status = "cancelled";
		else if (strcmp(ss, "proposed") == 0)
			status = "proposed";
		if (!status) {
			place_problem(&p, row.line, COL(C_SERVICESTATUS),
			           "ServiceStatus '%.60s' is not one keep knows (Active, Proposed, Cancelled, Inactive)",
			           v[C_SERVICESTATUS]);
			continue;
		}
		char code[10] = "";
		if (!council_named(v[C_COUNCIL], code)) {
			place_problem(&p, row.line, COL(C_COUNCIL), "'%.60s' is not the name of a Scottish council area",
			           v[C_COUNCIL]);
			continue;
		}
		int dcol = at[C_DATEREG] >= 0 && v[C_DATEREG][0] ? C_DATEREG : at[C_DATE_REG] >= 0 ? C_DATE_REG : C_DATEREG;
		char registered[11] = "";
		if (!ci_date(v[dcol], registered)) {
			place_problem(&p, row.line, COL(dcol), "the date registered '%.40s' is not a date (dd/mm/yyyy)", v[dcol]);
			continue;
		}
		const char *places = v[C_PLACES][0] ? v[C_PLACES] : "0";
		struct place_service_text t = {.regno = v[C_CSNUMBER],
		                               .name = v[C_SERVICENAME],
		                               .provider = v[C_SERVICEPROVIDER],
		                               .sector = sector,
		                               .type = place_type_keys[type],
		                               .council = code,
		                               .outside_scotland = "no",
		                               .age_from = "0",
		                               .age_to = "17",
		                               .places = places,
		                               .max_siblings = "1",
		                               .needs = "",
		                               .weekly_cost = "",
		                               .status = status,
		                               .registered = registered,
		                               .ended = ""};
		struct place_service_row one;
		json_t *errors = json_object();
		if (place_service_parse(&t, &one, errors) > 0) {
			static const struct {
				const char *field;
				int col;
			} where[] = {{"regno", C_CSNUMBER},   {"name", C_SERVICENAME},      {"provider", C_SERVICEPROVIDER},
			             {"places", C_PLACES},     {"registered", C_DATEREG},    {"max_siblings", C_PLACES}};
			const char *key;
			json_t *m;
			json_object_foreach(errors, key, m)
			{
				int c = -1;
				for (size_t i = 0; i < sizeof where / sizeof where[0]; i++)
					if (strcmp(where[i].field, key) == 0)
						c = where[i].col == C_DATEREG ? dcol : where[i].col;
				place_problem(&p, row.line, c >= 0 ? COL(c) : 0, "%s: %s", c >= 0 ? col_names[c] : key,
				           json_string_value(m));
			}
			json_decref(errors);
			continue;
		}
		json_decref(errors);
		int dup = -1;
		for (size_t i = 0; i < count && dup < 0; i++)
			if (strcmp(rows[i].svc.regno, one.svc.regno) == 0)
				dup = (int)i;
		if (dup >= 0) {
			place_problem(&p, row.line, COL(C_CSNUMBER), "the service %s is given twice (first on line %zu)",
			           one.svc.regno, lines[dup]);
			continue;
		}
#undef COL
		if (count == cap) {
			cap = cap ? cap * 2 : 64;
			rows = xrealloc(rows, cap * sizeof *rows);
			lines = xrealloc(lines, cap * sizeof *lines);
		}
		rows[count] = one;
		lines[count++] = row.line;
	}
	csv_close(r);
	buf_free(&text);
	free(lines);
	if (got < 0)
		place_problem_raw(&p, ce.msg);
	if (p.count == 0 && !have_header)
		place_problem(&p, 1, 0, "the file is empty: it needs the Care Inspectorate's header row");
	if (p.count > 0) {
		free(rows);
		*skipped = 0;
		return -1;
	}
	*out = rows;
	*n = count;
	return 0;
}
