/* Requests for a place (place.h; docs/places.md "Requests for a place"): requests.csv
 * and the same rows as JSON, checked all or nothing. Pseudonymous: a reference, an age
 * band and needs, never a name, a date of birth or a care record's id. */
#include "place/place.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/mem.h"

enum { C_REQUEST, C_BAND, C_NEEDS, C_TOGETHER, C_HOME, C_SCHOOL, C_URGENCY, NCOLS };
static const char *const cols[NCOLS] = {"request", "band", "needs", "together", "home", "school", "urgency"};
#define COLUMNS "request, band, needs, together, home, school, urgency"

/* One field of a row, and where it is ("requests.csv:3:7", "requests[2].band"). */
struct field {
	const char *p;
	size_t n;
	char at[160];
};

/* The requests being built, a hash of their references, and where each request's first
 * row is (for the messages about rows that disagree). */
#define HASH_SIZE 32768 /* a power of two, more than twice PLACE_MAX_REQUESTS */
struct builder {
	struct place_request *req;
	char (*first_at)[160]; /* [nreq]: where the request's first row is */
	char (*together_at)[160];
	size_t nreq, cap;
	int *hash; /* index + 1, 0 empty */
};

static bool name_like_word(const char *w)
{
	static const char *const words[] = {"id",      "chi",     "chi_number", "chi_no", "child",    "child_id",
	                                    "dob",     "upn",     "scn",        "nhs",    "nhs_number", "address",
	                                    "postcode", "initials", "forename",  "forenames", "surname", "pupil_id",
	                                    "record_id", "case_id", "person_id", "swift_id", "carefirst_id"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(w, words[i]) == 0)
			return true;
	return strstr(w, "name") || strstr(w, "birth");
}

bool place_request_column_names_child(const char *col, size_t n)
{
	char w[64];
	size_t k = 0;
	/* trimmed, lower case, with spaces, hyphens and dots as '_' */
	while (n && isspace((unsigned char)*col))
		col++, n--;
	while (n && isspace((unsigned char)col[n - 1]))
		n--;
	if (n == 0 || n >= sizeof w)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)col[i];
		w[k++] = c == ' ' || c == '-' || c == '.' ? '_' : (char)tolower(c);
	}
	w[k] = '\0';
	return name_like_word(w);
}

/* The field's text as a C string into buf (at most size - 1 bytes); false when longer. */
static bool text_of(const struct field *f, char *buf, size_t size)
{
	if (f->n >= size)
		return false;
	memcpy(buf, f->p, f->n);
	buf[f->n] = '\0';
	return true;
}

static bool is(const struct field *f, const char *s) { return f->n == strlen(s) && memcmp(f->p, s, f->n) == 0; }

static int bad(struct kerr *e, const struct field *f, const char *what)
{
	return kerr_set(e, KERR_INVALID, "%s: %s '%.*s'%s", f->at, what, (int)(f->n < 40 ? f->n : 40), f->p,
	                f->n > 40 ? " (cut short here)" : "");
}

static unsigned hash_of(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int key_in(const struct field *f, const char *const *keys, int n)
{
	for (int i = 0; i < n; i++)
		if (is(f, keys[i]))
			return i;
	return -1;
}

static int council_of(const struct field *f, char out[10], bool may_be_empty, struct kerr *e)
{
	char code[16];
	if (f->n == 0 && may_be_empty) {
		out[0] = '\0';
		return 0;
	}
	if (f->n == 0)
		return kerr_set(e, KERR_INVALID, "%s: the home council is missing (a council area's code, such as S12000049)", f->at);
	if (!text_of(f, code, sizeof code) || place_council_index(code) < 0)
		return bad(e, f, "is not the code of one of Scotland's 32 council areas (such as S12000049):");
	memcpy(out, code, 10);
	return 0;
}

/* Adds one child's row. */
static int add_row(struct builder *b, struct field f[NCOLS], struct kerr *e)
{
	/* request: the reference */
	const struct field *r = &f[C_REQUEST];
	char ref[PLACE_REF_MAX + 1];
	if (r->n == 0)
		return kerr_set(e, KERR_INVALID, "%s: the request's reference is missing", r->at);
	if (!text_of(r, ref, sizeof ref))
		return bad(e, r, "is longer than 32 characters: the reference");
	bool digits = true;
	for (size_t i = 0; i < r->n; i++) {
		unsigned char c = (unsigned char)ref[i];
		if (!isalnum(c) && c != '-' && c != '_')
			return bad(e, r, "may hold only letters, digits, '-' and '_': the reference");
		digits = digits && isdigit(c);
	}
	if (digits && r->n == 10)
		return bad(e, r, "looks like a CHI number; requests are pseudonymous (use a reference that names no child):");

	struct place_child child;
	int band = key_in(&f[C_BAND], money_band_keys, MB_NBANDS);
	if (band < 0)
		return kerr_set(e, KERR_INVALID, "%s: '%.*s' is not an age band (the bands are %s, %s, %s, %s, %s)",
		                f[C_BAND].at, (int)(f[C_BAND].n < 40 ? f[C_BAND].n : 40), f[C_BAND].p, money_band_keys[0],
		                money_band_keys[1], money_band_keys[2], money_band_keys[3], money_band_keys[4]);
	child.band = band;
	char needs[256];
	struct kerr ne = {0};
	if (!text_of(&f[C_NEEDS], needs, sizeof needs))
		return bad(e, &f[C_NEEDS], "is too long to be a list of needs:");
	if (place_needs_parse(needs, &child.needs, &ne) < 0)
		return kerr_set(e, KERR_INVALID, "%s: %s", f[C_NEEDS].at, ne.msg);

	int together = key_in(&f[C_TOGETHER], (const char *const[]){"no", "yes"}, 2);
	if (together < 0)
		return bad(e, &f[C_TOGETHER], "together is yes or no, not");
	char home[10], school[10];
	if (council_of(&f[C_HOME], home, false, e) < 0 || council_of(&f[C_SCHOOL], school, true, e) < 0)
		return -1;
	int urgency = key_in(&f[C_URGENCY], place_urgency_keys, PU_NURGENCY);
	if (urgency < 0)
		return kerr_set(e, KERR_INVALID, "%s: '%.*s' is not an urgency (today, week or month)", f[C_URGENCY].at,
		                (int)(f[C_URGENCY].n < 40 ? f[C_URGENCY].n : 40), f[C_URGENCY].p);

	/* the request it belongs to */
	unsigned h = hash_of(ref) & (HASH_SIZE - 1);
	while (b->hash[h] && strcmp(b->req[b->hash[h] - 1].ref, ref) != 0)
		h = (h + 1) & (HASH_SIZE - 1);
	if (b->hash[h]) {
		size_t i = (size_t)b->hash[h] - 1;
		struct place_request *q = &b->req[i];
		static const char *const what[] = {"together", "home", "school", "urgency"};
		int differs = q->together != (together == 1) ? 0 : strcmp(q->home, home) != 0 ? 1
		              : strcmp(q->school, school) != 0                                 ? 2
		              : q->urgency != urgency                                           ? 3
		                                                                                : -1;
		if (differs >= 0) {
			const struct field *d = &f[differs == 0 ? C_TOGETHER : differs == 1 ? C_HOME : differs == 2 ? C_SCHOOL : C_URGENCY];
			return kerr_set(e, KERR_INVALID,
			                "%s: %s differs from the first row of request '%s' (%s): the rows of a request give the "
			                "same together, home, school and urgency",
			                d->at, what[differs], ref, b->first_at[i]);
		}
		if (q->n == PLACE_MAX_GROUP)
			return kerr_set(e, KERR_INVALID, "%s: request '%s' has more than %d children (a group of brothers and sisters is at most %d)",
			                r->at, ref, PLACE_MAX_GROUP, PLACE_MAX_GROUP);
		q->child[q->n++] = child;
		return 0;
	}
	if (b->nreq == PLACE_MAX_REQUESTS)
		return kerr_set(e, KERR_INVALID, "%s: more than %d requests at once", r->at, PLACE_MAX_REQUESTS);
	if (b->nreq == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 16;
		b->req = xrealloc(b->req, b->cap * sizeof *b->req);
		b->first_at = xrealloc(b->first_at, b->cap * sizeof *b->first_at);
		b->together_at = xrealloc(b->together_at, b->cap * sizeof *b->together_at);
	}
	struct place_request *q = &b->req[b->nreq];
	memset(q, 0, sizeof *q);
	memcpy(q->ref, ref, sizeof ref);
	q->n = 1;
	q->child[0] = child;
	q->together = together == 1;
	memcpy(q->home, home, sizeof home);
	memcpy(q->school, school, sizeof school);
	q->urgency = urgency;
	snprintf(b->first_at[b->nreq], sizeof b->first_at[0], "%s", r->at);
	snprintf(b->together_at[b->nreq], sizeof b->together_at[0], "%s", f[C_TOGETHER].at);
	b->hash[h] = (int)++b->nreq;
	return 0;
}

static void builder_free(struct builder *b)
{
	free(b->req);
	free(b->first_at);
	free(b->together_at);
	free(b->hash);
}

static int finish(struct builder *b, const char *name, struct place_request **out, size_t *n, struct kerr *e)
{
	int rc = 0;
	if (b->nreq == 0)
		rc = kerr_set(e, KERR_INVALID, "%s: holds no requests (a header row, then one row per child)", name);
	for (size_t i = 0; rc == 0 && i < b->nreq; i++)
		if (b->req[i].together && b->req[i].n == 1)
			rc = kerr_set(e, KERR_INVALID,
			              "%s: request '%s' is one child, so together must be no (together is for brothers and sisters)",
			              b->together_at[i], b->req[i].ref);
	if (rc == 0) {
		*out = b->req;
		*n = b->nreq;
		b->req = NULL;
	}
	builder_free(b);
	return rc;
}

int place_requests_read(const char *data, size_t len, const char *name, struct place_request **out, size_t *n,
                        struct kerr *e)
{
	*out = NULL;
	*n = 0;
	struct builder b = {.hash = xcalloc(HASH_SIZE, sizeof(int))};
	struct csv_reader *r = csv_open(data, len, name);
	struct csv_row row;
	int pos[NCOLS]; /* the header's column of each of ours */
	size_t ncols = 0;
	int rc = csv_next(r, &row, e);
	if (rc == 0)
		rc = kerr_set(e, KERR_INVALID, "%s: is empty (a header row, then one row per child: " COLUMNS ")", name);
	if (rc == 1) {
		rc = 0;
		for (int c = 0; c < NCOLS; c++)
			pos[c] = -1;
		ncols = row.n;
		for (size_t i = 0; rc == 0 && i < row.n; i++) {
			struct csv_field *h = &row.f[i];
			int c = -1;
			for (int k = 0; k < NCOLS; k++)
				if (h->n == strlen(cols[k]) && memcmp(h->p, cols[k], h->n) == 0)
					c = k;
			if (c < 0 && place_request_column_names_child(h->p, h->n))
				rc = kerr_set(e, KERR_INVALID,
				              "%s:%zu:%zu: the column '%.*s' is refused: requests are pseudonymous, so they hold no "
				              "names, dates of birth or record numbers (the columns are " COLUMNS ")",
				              name, h->line, h->column, (int)(h->n < 40 ? h->n : 40), h->p);
			else if (c < 0)
				rc = kerr_set(e, KERR_INVALID, "%s:%zu:%zu: '%.*s' is not a column of requests (the columns are " COLUMNS ")",
				              name, h->line, h->column, (int)(h->n < 40 ? h->n : 40), h->p);
			else if (pos[c] >= 0)
				rc = kerr_set(e, KERR_INVALID, "%s:%zu:%zu: the column '%s' is there twice", name, h->line, h->column,
				              cols[c]);
			else
				pos[c] = (int)i;
		}
		for (int c = 0; rc == 0 && c < NCOLS; c++)
			if (pos[c] < 0)
				rc = kerr_set(e, KERR_INVALID, "%s:1:1: the column '%s' is missing (the columns are " COLUMNS ")", name,
				              cols[c]);
	}
	while (rc == 0 && (rc = csv_next(r, &row, e)) == 1) {
		rc = 0;
		if (row.n == 1 && row.f[0].n == 0)
			continue; /* a blank line */
		if (row.n != ncols) {
			rc = kerr_set(e, KERR_INVALID, "%s:%zu:1: the row has %zu fields, but the header has %zu", name, row.line,
			              row.n, ncols);
			break;
		}
		struct field f[NCOLS];
		for (int c = 0; c < NCOLS; c++) {
			struct csv_field *x = &row.f[pos[c]];
			f[c].p = x->p;
			f[c].n = x->n;
			snprintf(f[c].at, sizeof f[c].at, "%s:%zu:%zu", name, x->line, x->column);
		}
		rc = add_row(&b, f, e);
	}
	csv_close(r);
	if (rc < 0) {
		builder_free(&b);
		return -1;
	}
	return finish(&b, name, out, n, e);
}

int place_requests_json(const struct json_t *rows_in, const char *name, struct place_request **out, size_t *n,
                        struct kerr *e)
{
	json_t *rows = (json_t *)rows_in;
	*out = NULL;
	*n = 0;
	if (!json_is_array(rows))
		return kerr_set(e, KERR_INVALID, "%s: is not a list of children (one object per child: " COLUMNS ")", name);
	struct builder b = {.hash = xcalloc(HASH_SIZE, sizeof(int))};
	int rc = 0;
	char joined[256];
	for (size_t i = 0; rc == 0 && i < json_array_size(rows); i++) {
		json_t *o = json_array_get(rows, i);
		if (!json_is_object(o)) {
			rc = kerr_set(e, KERR_INVALID, "%s[%zu]: is not an object (" COLUMNS ")", name, i);
			break;
		}
		const char *key;
		json_t *v;
		json_object_foreach(o, key, v)
		{
			int c = -1;
			for (int k = 0; k < NCOLS; k++)
				if (strcmp(key, cols[k]) == 0)
					c = k;
			if (c < 0 && place_request_column_names_child(key, strlen(key)))
				rc = kerr_set(e, KERR_INVALID,
				              "%s[%zu]: '%.40s' is refused: requests are pseudonymous, so they hold no names, dates of "
				              "birth or record numbers (the members are " COLUMNS ")",
				              name, i, key);
			else if (c < 0)
				rc = kerr_set(e, KERR_INVALID, "%s[%zu]: '%.40s' is not a member of a request (the members are " COLUMNS ")",
				              name, i, key);
			if (rc < 0)
				break;
		}
		struct field f[NCOLS];
		for (int c = 0; rc == 0 && c < NCOLS; c++) {
			json_t *x = json_object_get(o, cols[c]);
			snprintf(f[c].at, sizeof f[c].at, "%s[%zu].%s", name, i, cols[c]);
			f[c].p = "";
			f[c].n = 0;
			if ((!x || json_is_null(x)) && (c == C_NEEDS || c == C_SCHOOL))
				continue;
			if (c == C_NEEDS && json_is_array(x)) {
				size_t k = 0;
				for (size_t j = 0; rc == 0 && j < json_array_size(x); j++) {
					const char *s = json_string_value(json_array_get(x, j));
					size_t sl = s ? strlen(s) : 0;
					if (!s || k + sl + 2 > sizeof joined)
						rc = kerr_set(e, KERR_INVALID, "%s: is not a list of need keys", f[c].at);
					else {
						if (k)
							joined[k++] = ';';
						memcpy(joined + k, s, sl);
						k += sl;
					}
				}
				f[c].p = joined;
				f[c].n = k;
				continue;
			}
			if (!json_is_string(x))
				rc = kerr_set(e, KERR_INVALID, "%s: %s", f[c].at, x ? "is not text" : "is missing");
			else {
				f[c].p = json_string_value(x);
				f[c].n = json_string_length(x);
				if (strlen(f[c].p) != f[c].n)
					rc = kerr_set(e, KERR_INVALID, "%s: holds a NUL character", f[c].at);
			}
		}
		if (rc == 0)
			rc = add_row(&b, f, e);
	}
	if (rc < 0) {
		builder_free(&b);
		return -1;
	}
	return finish(&b, name, out, n, e);
}
