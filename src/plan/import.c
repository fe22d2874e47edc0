#include "plan/import.h"

#include "base/csv.h"
#include "base/date.h"
#include "base/json.h"
#include "base/text.h"
#include "plan/plan.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum col { C_ID, C_ORGANISATION, C_ACTION, C_TEXT, C_DUE, C_DUE_TEXT, C_STATUS, C_SOURCE, C_CREATED, C_UPDATED, NCOL };

static const char *const col_names[NCOL] = {"id",       "organisation", "action", "text",    "due",
                                            "due_text", "status",       "source", "created", "updated"};
static const int col_required[NCOL] = {1, 1, 0, 1, 0, 0, 0, 0, 0, 0};


/* Collects problems: the first IMPORT_MAX_ERRORS as messages, the rest counted. */
struct problems {
	json_t *list;
	size_t count;
	const char *name;
};

/* v cut to at most 60 characters (whole UTF-8 characters), with "…" when cut, so that a
 * message quoting a long value stays readable and whole. */
static const char *shorten(const char *v, char out[256])
{
	if (!v)
		return "";
	size_t chars = 0, i = 0;
	for (; v[i]; i++) {
		if (((unsigned char)v[i] & 0xC0) != 0x80 && chars++ == 60)
			break;
	}
	snprintf(out, 256, "%.*s%s", (int)i, v, v[i] ? "\u2026" : "");
	return out;
}

/* Records one problem; a and b fill the two %s of fmt and are shortened. */
static void problem(struct problems *p, size_t line, size_t col, const char *fmt, const char *a, const char *b)
{
	if (p->count++ >= IMPORT_MAX_ERRORS)
		return;
	char sa[256], sb[256];
	struct buf msg = {0};
	buf_printf(&msg, "%s:%zu:%zu: ", p->name, line, col);
	buf_printf(&msg, fmt, shorten(a, sa), shorten(b, sb));
	/* json_text repairs anything that is not UTF-8, so no message is ever lost. */
	json_array_append_new(p->list, json_text(buf_str(&msg), msg.len));
	buf_free(&msg);
}

/* Reads the header into pos (column index of each known field, or -1); returns the
 * number of columns it names, or -1 when the file cannot be read. */
static int header(struct csv_reader *r, int pos[NCOL], struct problems *p, struct kerr *e)
{
	for (int c = 0; c < NCOL; c++)
		pos[c] = -1;
	struct csv_row row;
	int rc = csv_next(r, &row, e);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		problem(p, 1, 1, "the file is empty: it needs a header row (%s%s)", "id,organisation,text,...", "");
		return 0;
	}
	int required_missing = 0;
	for (size_t i = 0; i < row.n; i++) {
		char name[1024];
		size_t n = row.f[i].n < sizeof name - 1 ? row.f[i].n : sizeof name - 1;
		memcpy(name, row.f[i].p, n);
		name[n] = '\0';
		int found = -1;
		for (int c = 0; c < NCOL; c++)
			if (strcmp(name, col_names[c]) == 0)
				found = c;
		if (found < 0)
			problem(p, row.f[i].line, row.f[i].column,
			        "unknown column '%s': the columns are id, organisation, action, text, due, due_text, "
			        "status, source%s",
			        name, "");
		else if (pos[found] >= 0)
			problem(p, row.f[i].line, row.f[i].column, "the column '%s' is there twice%s", name, "");
		else
			pos[found] = (int)i;
	}
	for (int c = 0; c < NCOL; c++)
		if (col_required[c] && pos[c] < 0) {
			problem(p, 1, 1, "the column '%s' is missing; it is required%s", col_names[c], "");
			required_missing = 1;
		}
	/* Without a required column the rows cannot be checked meaningfully. */
	return required_missing ? 0 : (int)row.n;
}

/* The row as a commitment. Its texts are NUL-terminated copies kept in t (the caller
 * owns it and frees it); an empty field is "not known" (NULL). */
static void to_commitment(const struct csv_row *row, const int *pos, struct buf *t, struct store_commitment *c)
{
	size_t off[NCOL];
	buf_reset(t);
	for (int k = 0; k < NCOL; k++) {
		off[k] = SIZE_MAX;
		if (pos[k] < 0 || (size_t)pos[k] >= row->n || row->f[pos[k]].n == 0)
			continue;
		off[k] = t->len;
		buf_put(t, row->f[pos[k]].p, row->f[pos[k]].n);
		buf_putc(t, '\0');
	}
	const char *v[NCOL];
	for (int k = 0; k < NCOL; k++)
		v[k] = off[k] == SIZE_MAX ? NULL : t->p + off[k];
	*c = (struct store_commitment){v[C_ID],  v[C_ORGANISATION], v[C_ACTION], v[C_TEXT],
	                               v[C_DUE], v[C_DUE_TEXT],     v[C_STATUS], v[C_SOURCE]};
}

/* Checks one data row; reports each problem. */
static void check_row(const struct csv_row *row, const int *pos, size_t ncols, json_t *orgs, json_t *actions,
                      json_t *seen, struct buf *t, struct problems *p)
{
	if (row->n != ncols) {
		char a[32], b[32];
		snprintf(a, sizeof a, "%zu", ncols);
		snprintf(b, sizeof b, "%zu", row->n);
		problem(p, row->line, 1, "expected %s fields as in the header, found %s", a, b);
		return;
	}
	struct store_commitment c;
	to_commitment(row, pos, t, &c);
	const struct csv_field *f = row->f;
	if (!c.id)
		problem(p, f[pos[C_ID]].line, f[pos[C_ID]].column, "id is empty: every row needs one, so that importing again finds it%s", "", "");
	else if (!slug_valid(c.id))
		problem(p, f[pos[C_ID]].line, f[pos[C_ID]].column,
		        "id '%s' is not an id: use lowercase letters, digits and single hyphens%s", c.id, "");
	else if (json_object_get(seen, c.id)) {
		char line[32];
		snprintf(line, sizeof line, "%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(seen, c.id)));
		problem(p, f[pos[C_ID]].line, f[pos[C_ID]].column, "id '%s' is already on line %s", c.id, line);
	} else
		json_object_set_new(seen, c.id, json_integer((json_int_t)row->line));
	if (!c.organisation)
		problem(p, f[pos[C_ORGANISATION]].line, f[pos[C_ORGANISATION]].column, "organisation is empty%s%s", "", "");
	else if (!json_object_get(orgs, c.organisation))
		problem(p, f[pos[C_ORGANISATION]].line, f[pos[C_ORGANISATION]].column, "there is no organisation '%s'%s", c.organisation, "");
	if (c.action && !json_object_get(actions, c.action))
		problem(p, f[pos[C_ACTION]].line, f[pos[C_ACTION]].column, "there is no action '%s'%s", c.action, "");
	if (!c.text)
		problem(p, f[pos[C_TEXT]].line, f[pos[C_TEXT]].column, "text is empty: say what will be done%s%s", "", "");
	struct kdate d;
	if (c.due && date_parse(c.due, &d, NULL) < 0)
		problem(p, f[pos[C_DUE]].line, f[pos[C_DUE]].column, "due '%s' is not a date: write it as YYYY-MM-DD%s", c.due, "");
	if (c.status && !plan_status_valid(c.status))
		problem(p, f[pos[C_STATUS]].line, f[pos[C_STATUS]].column,
		        "status '%s' is not one of not_started, under_way, done, dropped%s", c.status, "");
}

/* {slug: true} of every item of a resource. */
static json_t *id_set(struct store *s, const char *resource, struct kerr *e)
{
	json_t *all = store_resource_all(s, resource, e);
	if (!all)
		return NULL;
	json_t *set = json_object();
	size_t i;
	json_t *v;
	json_array_foreach(all, i, v) json_object_set_new(set, json_string_value(json_object_get(v, "id")), json_true());
	json_decref(all);
	return set;
}

/* A column the file does not have leaves the stored value as it is: a file of id,
 * organisation and text mends texts without wiping statuses. c then borrows from
 * stored. */
static void keep_absent(struct store_commitment *c, const int *pos, json_t *stored)
{
	const char **fields[NCOL] = {NULL, NULL, &c->action, NULL, &c->due, &c->due_text, &c->status, &c->source};
	for (int k = 0; k < C_CREATED; k++)
		if (fields[k] && pos[k] < 0)
			*fields[k] = json_string_value(json_object_get(stored, col_names[k]));
}

/* The fields an import sets, as JSON, to compare with what is stored. */
static json_t *as_json(const struct store_commitment *c)
{
	const char *keys[] = {"id", "organisation", "action", "text", "due", "due_text", "status", "source"};
	const char *vals[] = {c->id, c->organisation, c->action, c->text, c->due, c->due_text, c->status, c->source};
	json_t *o = json_object();
	for (int i = 0; i < 8; i++)
		json_object_set_new(o, keys[i], vals[i] ? json_string(vals[i]) : json_null());
	return o;
}

/* True when stored (a resource item) holds the same values as wanted. */
static int same(json_t *stored, json_t *wanted)
{
	const char *k;
	json_t *v;
	json_object_foreach(wanted, k, v) if (!json_equal(v, json_object_get(stored, k))) return 0;
	return 1;
}

int import_commitments(struct store *s, const char *name, const char *data, size_t len, const char *actor,
                       import_progress progress, void *arg, struct import_result *out, json_t *errors,
                       struct kerr *e)
{
	*out = (struct import_result){0};
	struct problems p = {errors, 0, name};
	json_t *orgs = id_set(s, "organisations", e), *actions = orgs ? id_set(s, "actions", e) : NULL;
	json_t *seen = json_object();
	int pos[NCOL];
	int rc = -1;
	struct buf text = {0};
	struct csv_reader *r = NULL;
	if (!actions)
		goto done;

	/* Pass 1: check everything. */
	r = csv_open(data, len, name);
	struct kerr ce = {0};
	int ncols = header(r, pos, &p, &ce);
	if (ncols < 0) {
		p.count++;
		json_array_append_new(errors, json_string(ce.msg));
	}
	if (ncols > 0) {
		struct csv_row row;
		int more;
		while ((more = csv_next(r, &row, &ce)) == 1) {
			if (row.n == 1 && row.f[0].n == 0)
				continue; /* a blank line */
			check_row(&row, pos, (size_t)ncols, orgs, actions, seen, &text, &p);
			out->rows++;
			if (progress && out->rows % 4096 == 0)
				progress("checking", csv_offset(r), len, arg);
		}
		if (more < 0) {
			if (p.count++ < IMPORT_MAX_ERRORS)
				json_array_append_new(errors, json_string(ce.msg));
		}
	}
	csv_close(r);
	r = NULL;
	if (p.count > 0) {
		if (p.count > IMPORT_MAX_ERRORS) {
			char more[128];
			snprintf(more, sizeof more, "%s: and %zu more problems", name, p.count - IMPORT_MAX_ERRORS);
			json_array_append_new(errors, json_string(more));
		}
		kerr_set(e, KERR_INVALID, "%s: %zu problem%s; nothing was imported", name, p.count, p.count == 1 ? "" : "s");
		goto done;
	}

	/* Pass 2: write it all in one transaction. */
	if (store_begin(s, e) < 0)
		goto done;
	r = csv_open(data, len, name);
	struct csv_row row;
	csv_next(r, &row, &ce); /* the header, checked above */
	size_t n = 0;
	while (csv_next(r, &row, &ce) == 1) {
		if (row.n == 1 && row.f[0].n == 0)
			continue;
		struct store_commitment c;
		to_commitment(&row, pos, &text, &c);
		json_t *before = store_resource_get(s, "commitments", c.id, NULL);
		if (before)
			keep_absent(&c, pos, before);
		json_t *wanted = as_json(&c);
		int ok = 1;
		if (before && same(before, wanted)) {
			out->unchanged++;
		} else {
			json_t *after = NULL;
			ok = store_commitment_put(s, &c, e) == 0 && (after = store_resource_get(s, "commitments", c.id, e)) &&
			     store_audit_add(s, actor, "commitment", c.id, before ? "update" : "create", before, after, e) == 0;
			json_decref(after);
			if (before)
				out->changed++;
			else
				out->created++;
		}
		json_decref(before);
		json_decref(wanted);
		if (!ok) {
			store_rollback(s);
			goto done;
		}
		if (progress && ++n % 4096 == 0)
			progress("writing", csv_offset(r), len, arg);
	}
	if (store_commit(s, e) < 0)
		goto done;
	if (progress)
		progress("writing", len, len, arg);
	rc = 0;
done:
	csv_close(r);
	buf_free(&text);
	json_decref(orgs);
	json_decref(actions);
	json_decref(seen);
	return rc;
}
