/* CSV imports, one engine for every kind of record: a kind is a row of kinds[] (its
 * columns, its checks, how it writes). The engine reads the file once, checking every
 * row and keeping its values; only when no row has a problem does the kind write them,
 * all in one transaction. */
#include "plan/import.h"

#include "base/csv.h"
#include "base/date.h"
#include "base/json.h"
#include "base/mem.h"
#include "base/text.h"
#include "plan/commitment.h"
#include "plan/evidence.h"
#include "plan/plan.h"
#include "plan/spend.h"
#include "plan/target.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXCOL 20
#define PROGRESS_EVERY 4096

struct column {
	const char *name;
	int required;
	int ignored; /* accepted (keep export writes it) but not imported, and not listed */
};

struct job;

struct kind {
	const char *name;              /* as on the command line: "commitments" */
	const struct column *cols;     /* cols[0] is the id (unless keyed) */
	size_t ncol;
	/* Rows are matched on other columns than an id (observations: indicator, area and
	 * period): the kind's check finds a row's key and whether it came earlier. */
	int keyed;
	/* Loads what the checks look up (or NULL); 0 or -1 with e filled. */
	int (*prepare)(struct job *j, struct kerr *e);
	/* Checks the row's values v[column] (NULL: empty or no such column), beyond the id,
	 * which the engine checks. */
	void (*check)(struct job *j, const char *const *v, const struct csv_row *row);
	/* Writes every row, inside the engine's transaction; 0 or -1 with e filled. */
	int (*write)(struct job *j, struct kerr *e);
};

/* Collects problems: the first IMPORT_MAX_ERRORS as messages, the rest counted. */
struct problems {
	json_t *list;
	size_t count;
	const char *name;
};

struct job {
	const struct kind *k;
	struct store *s;
	const char *actor;
	import_progress progress;
	void *arg;
	struct problems p;
	int pos[MAXCOL]; /* the file's column of each of the kind's columns, or -1 */
	json_t *seen;    /* {id: line} */
	struct buf text; /* every value kept, each NUL-terminated */
	size_t *cells;   /* nrows * ncol offsets into text; SIZE_MAX for an empty value */
	size_t nrows, caprows;
	struct import_result *out;
	json_t *organisations, *actions; /* {slug: true}, for the commitments' checks */
};

/* ---------------------------------------------------------------- problems */

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

/* A problem with the value of column c in row. */
static void cell_problem(struct job *j, const struct csv_row *row, size_t c, const char *fmt, const char *a,
                         const char *b)
{
	const struct csv_field *f = &row->f[j->pos[c]];
	problem(&j->p, f->line, f->column, fmt, a, b);
}

/* ---------------------------------------------------------------- the header */

/* Reads the header into j->pos; returns the number of columns it names, 0 when the rows
 * cannot be checked (a problem says why), or -1 when the file cannot be read. */
static int header(struct job *j, struct csv_reader *r, struct kerr *e)
{
	const struct kind *k = j->k;
	for (size_t c = 0; c < MAXCOL; c++)
		j->pos[c] = -1;
	struct buf listed = {0}, hint = {0};
	for (size_t c = 0; c < k->ncol; c++) {
		if (!k->cols[c].ignored)
			buf_printf(&listed, "%s%s", listed.len ? ", " : "", k->cols[c].name);
		if (k->cols[c].required)
			buf_printf(&hint, "%s,", k->cols[c].name);
	}
	buf_puts(&hint, "...");
	/* (the list goes into the format: problem() shortens what fills a %s) */
	struct buf unknown = {0};
	buf_printf(&unknown, "unknown column '%%s': the columns are %s%%s", buf_str(&listed));
	struct csv_row row;
	int rc = csv_next(r, &row, e), n = -1;
	if (rc < 0)
		goto done;
	n = 0;
	if (rc == 0) {
		problem(&j->p, 1, 1, "the file is empty: it needs a header row (%s)%s", buf_str(&hint), "");
		goto done;
	}
	for (size_t i = 0; i < row.n; i++) {
		char name[1024];
		size_t len = row.f[i].n < sizeof name - 1 ? row.f[i].n : sizeof name - 1;
		memcpy(name, row.f[i].p, len);
		name[len] = '\0';
		size_t found = SIZE_MAX;
		for (size_t c = 0; c < k->ncol; c++)
			if (strcmp(name, k->cols[c].name) == 0)
				found = c;
		if (found == SIZE_MAX)
			problem(&j->p, row.f[i].line, row.f[i].column, buf_str(&unknown), name, "");
		else if (j->pos[found] >= 0)
			problem(&j->p, row.f[i].line, row.f[i].column, "the column '%s' is there twice%s", name, "");
		else
			j->pos[found] = (int)i;
	}
	int required_missing = 0;
	for (size_t c = 0; c < k->ncol; c++)
		if (k->cols[c].required && j->pos[c] < 0) {
			problem(&j->p, 1, 1, "the column '%s' is missing; it is required%s", k->cols[c].name, "");
			required_missing = 1;
		}
	/* Without a required column the rows cannot be checked meaningfully. */
	n = required_missing ? 0 : (int)row.n;
done:
	buf_free(&listed);
	buf_free(&hint);
	buf_free(&unknown);
	return n;
}

/* ---------------------------------------------------------------- rows */

/* Value of column c of kept row i, or NULL. */
static const char *cell(const struct job *j, size_t i, size_t c)
{
	size_t off = j->cells[i * j->k->ncol + c];
	return off == SIZE_MAX ? NULL : j->text.p + off;
}

/* Keeps the row's values (they are written if the whole file is fine) and fills v with
 * them, valid until the next row is kept. */
static void keep_row(struct job *j, const struct csv_row *row, const char **v)
{
	size_t ncol = j->k->ncol;
	if (j->nrows == j->caprows) {
		j->caprows = j->caprows ? j->caprows * 2 : 1024;
		j->cells = xrealloc(j->cells, j->caprows * ncol * sizeof *j->cells);
	}
	size_t *o = &j->cells[j->nrows * ncol];
	for (size_t c = 0; c < ncol; c++) {
		o[c] = SIZE_MAX;
		if (j->pos[c] < 0 || row->f[j->pos[c]].n == 0)
			continue;
		/* Less the one ' that keep export puts before a text a spreadsheet would run
		 * as a formula (csv_field), so what was exported comes back as it was. */
		const struct csv_field *f = &row->f[j->pos[c]];
		size_t guard = csv_guard_len(f->p, f->n);
		o[c] = j->text.len;
		buf_put(&j->text, f->p + guard, f->n - guard);
		buf_putc(&j->text, '\0');
	}
	j->nrows++;
	for (size_t c = 0; c < ncol; c++)
		v[c] = cell(j, j->nrows - 1, c);
}

/* Checks one data row (the id here, the rest by the kind) and keeps it. */
static void check_row(struct job *j, const struct csv_row *row, size_t ncols)
{
	if (row->n != ncols) {
		char a[32], b[32];
		snprintf(a, sizeof a, "%zu", ncols);
		snprintf(b, sizeof b, "%zu", row->n);
		problem(&j->p, row->line, 1, "expected %s fields as in the header, found %s", a, b);
		return;
	}
	const char *v[MAXCOL];
	keep_row(j, row, v);
	const char *id = v[0];
	if (j->k->keyed)
		; /* the kind's check names its rows' keys */
	else if (!id)
		cell_problem(j, row, 0, "id is empty: every row needs one, so that importing again finds it%s%s", "", "");
	else if (!slug_valid(id))
		cell_problem(j, row, 0, "id '%s' is not an id: use lowercase letters, digits and single hyphens%s", id, "");
	else if (json_object_get(j->seen, id)) {
		char line[32];
		snprintf(line, sizeof line, "%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(j->seen, id)));
		cell_problem(j, row, 0, "id '%s' is already on line %s", id, line);
	} else
		json_object_set_new(j->seen, id, json_integer((json_int_t)row->line));
	j->k->check(j, v, row);
}

/* ---------------------------------------------------------------- shared helpers */

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

/* The values of row i for the kind's columns as JSON (null for empty), leaving out the
 * ignored ones; a column the file does not have takes its value from stored (a file of
 * id, organisation and text mends texts without wiping statuses). */
static json_t *wanted(const struct job *j, size_t i, json_t *stored)
{
	json_t *o = json_object();
	for (size_t c = 0; c < j->k->ncol; c++) {
		const char *name = j->k->cols[c].name;
		if (j->k->cols[c].ignored)
			continue;
		if (j->pos[c] < 0 && stored)
			json_object_set(o, name, json_object_get(stored, name));
		else {
			const char *v = cell(j, i, c);
			json_object_set_new(o, name, v ? json_string(v) : json_null());
		}
	}
	return o;
}

/* True when stored (a resource item) holds the same values as want. */
static int same(json_t *stored, json_t *want)
{
	const char *k;
	json_t *v;
	json_object_foreach(want, k, v) if (!json_equal(v, json_object_get(stored, k))) return 0;
	return 1;
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Progress every PROGRESS_EVERY rows written; the engine reports the end. */
static void tick(struct job *j, size_t done)
{
	if (j->progress && done % PROGRESS_EVERY == 0 && done < j->nrows)
		j->progress("writing", done, j->nrows, j->arg);
}

/* ---------------------------------------------------------------- commitments */

enum { CM_ID, CM_ORGANISATION, CM_ACTION, CM_TEXT, CM_DUE, CM_DUE_TEXT, CM_STATUS, CM_SOURCE, CM_CREATED, CM_UPDATED };

static const struct column commitment_cols[] = {
	{"id", 1, 0},     {"organisation", 1, 0}, {"action", 0, 0}, {"text", 1, 0},    {"due", 0, 0},
	{"due_text", 0, 0}, {"status", 0, 0},     {"source", 0, 0}, {"created", 0, 1}, {"updated", 0, 1},
};

static int commitments_prepare(struct job *j, struct kerr *e)
{
	j->organisations = id_set(j->s, "organisations", e);
	j->actions = j->organisations ? id_set(j->s, "actions", e) : NULL;
	return j->actions ? 0 : -1;
}

static void commitments_check(struct job *j, const char *const *v, const struct csv_row *row)
{
	if (!v[CM_ORGANISATION])
		cell_problem(j, row, CM_ORGANISATION, "organisation is empty%s%s", "", "");
	else if (!json_object_get(j->organisations, v[CM_ORGANISATION]))
		cell_problem(j, row, CM_ORGANISATION, "there is no organisation '%s'%s", v[CM_ORGANISATION], "");
	if (v[CM_ACTION] && !json_object_get(j->actions, v[CM_ACTION]))
		cell_problem(j, row, CM_ACTION, "there is no action '%s'%s", v[CM_ACTION], "");
	if (!v[CM_TEXT])
		cell_problem(j, row, CM_TEXT, "text is empty: say what will be done%s%s", "", "");
	struct kdate d;
	if (v[CM_DUE] && date_parse(v[CM_DUE], &d, NULL) < 0)
		cell_problem(j, row, CM_DUE, "due '%s' is not a date: write it as YYYY-MM-DD%s", v[CM_DUE], "");
	if (v[CM_STATUS] && !plan_status_valid(v[CM_STATUS]))
		cell_problem(j, row, CM_STATUS, "status '%s' is not one of not_started, under_way, done, dropped%s",
		             v[CM_STATUS], "");
}

static struct store_commitment commitment_of(json_t *w)
{
	return (struct store_commitment){str(w, "id"),  str(w, "organisation"), str(w, "action"), str(w, "text"),
	                                 str(w, "due"), str(w, "due_text"),     str(w, "status"), str(w, "source")};
}

/* Which rows are new is asked once for the whole file. New rows go in through the bulk
 * writer, many to a statement (indexed and audited once, at the end); a row whose id
 * exists is compared with what is stored and, when it differs, changed and audited with
 * its before and after. */
static int commitments_write(struct job *j, struct kerr *e)
{
	struct store_commitment *rows = xcalloc(j->nrows ? j->nrows : 1, sizeof *rows);
	bool *known = xcalloc(j->nrows ? j->nrows : 1, sizeof *known);
	for (size_t i = 0; i < j->nrows; i++)
		/* A column the file leaves out is NULL for a new row, as it would be stored. */
		rows[i] = (struct store_commitment){cell(j, i, CM_ID),     cell(j, i, CM_ORGANISATION),
		                                   cell(j, i, CM_ACTION), cell(j, i, CM_TEXT),
		                                   cell(j, i, CM_DUE),    cell(j, i, CM_DUE_TEXT),
		                                   cell(j, i, CM_STATUS), cell(j, i, CM_SOURCE)};
	struct store_bulk *b = store_bulk_commitments_begin(j->s, j->actor, e);
	if (!b || store_bulk_commitments_known(b, rows, j->nrows, known, e) < 0)
		goto fail;
	/* The new rows, moved to the front (in file order), are added in slices, so that
	 * progress can show. */
	size_t fresh = 0;
	for (size_t i = 0; i < j->nrows; i++)
		if (!known[i])
			rows[fresh++] = rows[i];
	for (size_t i = 0; i < fresh; i += PROGRESS_EVERY) {
		size_t n = fresh - i < PROGRESS_EVERY ? fresh - i : PROGRESS_EVERY;
		if (store_bulk_commitments_add(b, rows + i, n, e) < 0)
			goto fail;
		j->out->created += n;
		tick(j, i + n);
	}
	for (size_t i = 0; i < j->nrows; i++) {
		if (!known[i])
			continue;
		const char *id = cell(j, i, CM_ID);
		json_t *before = store_resource_get(j->s, "commitments", id, e);
		if (!before)
			goto fail;
		json_t *want = wanted(j, i, before), *after = NULL;
		int ok = 1;
		if (same(before, want))
			j->out->unchanged++;
		else {
			struct store_commitment w = commitment_of(want);
			ok = store_bulk_commitment_change(b, &w, e) == 0 &&
			     (after = store_resource_get(j->s, "commitments", id, e)) &&
			     store_audit_add(j->s, j->actor, "commitment", id, "update", before, after, e) == 0;
			j->out->changed++;
		}
		json_decref(before);
		json_decref(after);
		json_decref(want);
		if (!ok)
			goto fail;
		tick(j, fresh + j->out->changed + j->out->unchanged);
	}
	free(rows);
	free(known);
	return store_bulk_end(b, e);
fail:
	store_bulk_abort(b);
	free(rows);
	free(known);
	return -1;
}

/* ---------------------------------------------------------------- organisations */

enum { OR_ID, OR_NAME, OR_SECTOR, OR_SCALE, OR_COUNCIL_AREA };

static const struct column organisation_cols[] = {
	{"id", 1, 0}, {"name", 1, 0}, {"sector", 0, 0}, {"scale", 0, 0}, {"council_area", 0, 0},
};

/* Puts each message of a form check (errors: {column name: message}) beside the cell it
 * is about: "sector 'x': Choose one of the sectors listed." (the value shortened), or
 * "name is empty: Enter the organisation's name.". */
static void field_problem(struct job *j, const char *const *v, const struct csv_row *row, size_t c, json_t *errors)
{
	const char *msg = str(errors, j->k->cols[c].name);
	if (!msg || j->pos[c] < 0)
		return;
	/* The message goes into the format, as problem() would shorten it in a %s, so
	 * its % are doubled. */
	struct buf fmt = {0};
	buf_printf(&fmt, v[c] ? "%s '%%s': " : "%s is empty: ", j->k->cols[c].name);
	for (const char *m = msg; *m; m++)
		buf_puts(&fmt, *m == '%' ? "%%" : (char[]){*m, 0});
	buf_puts(&fmt, v[c] ? "%s" : "%s%s");
	cell_problem(j, row, c, buf_str(&fmt), v[c] ? v[c] : "", "");
	buf_free(&fmt);
}

static void field_problems(struct job *j, const char *const *v, const struct csv_row *row, json_t *errors)
{
	for (size_t c = 1; c < j->k->ncol; c++)
		field_problem(j, v, row, c, errors);
}

/* Whether two names are the same name as organisation_check sees it: spaces around
 * them and the case of ASCII letters aside (SQLite's trim and NOCASE). */
static bool names_same(const char *a, const char *b)
{
	while (*a == ' ')
		a++;
	while (*b == ' ')
		b++;
	size_t na = strlen(a), nb = strlen(b);
	while (na && a[na - 1] == ' ')
		na--;
	while (nb && b[nb - 1] == ' ')
		nb--;
	return na == nb && strncasecmp(a, b, na) == 0;
}

/* The organisation rules are organisation_check's (the same as the web form's). */
static void organisations_check(struct job *j, const char *const *v, const struct csv_row *row)
{
	struct organisation_form f = {v[OR_NAME], v[OR_SECTOR], v[OR_SCALE], v[OR_COUNCIL_AREA]};
	json_t *errors = json_object();
	organisation_check(j->s, &f, v[OR_ID], errors);
	/* Names are unique whatever the case: a name given to another row of the file too. */
	for (size_t i = 0; f.name && !json_object_get(errors, "name") && i + 1 < j->nrows; i++) {
		const char *other = cell(j, i, OR_NAME);
		if (other && names_same(other, f.name)) {
			char msg[400];
			json_t *line = json_object_get(j->seen, cell(j, i, OR_ID) ? cell(j, i, OR_ID) : "");
			snprintf(msg, sizeof msg, "The name '%s' is already given on line %" JSON_INTEGER_FORMAT
			         ": names must differ whatever their case.", other, json_integer_value(line));
			json_object_set_new(errors, "name", json_string(msg));
		}
	}
	field_problems(j, v, row, errors);
	json_decref(errors);
}

static int organisations_write(struct job *j, struct kerr *e)
{
	for (size_t i = 0; i < j->nrows; i++) {
		const char *id = cell(j, i, OR_ID);
		json_t *before = store_resource_get(j->s, "organisations", id, NULL);
		json_t *want = wanted(j, i, before), *after = NULL;
		int ok = 1;
		if (before && same(before, want))
			j->out->unchanged++;
		else {
			const char *name = str(want, "name"), *sector = str(want, "sector"), *scale = str(want, "scale"),
			           *area = str(want, "council_area");
			ok = (before ? store_organisation_update(j->s, id, name, sector, scale, area, e)
			             : store_organisation_insert(j->s, id, name, sector, scale, area, e)) == 0 &&
			     (after = store_resource_get(j->s, "organisations", id, e)) &&
			     store_audit_add(j->s, j->actor, "organisation", id, before ? "update" : "create", before, after,
			                     e) == 0;
			if (before)
				j->out->changed++;
			else
				j->out->created++;
		}
		json_decref(before);
		json_decref(after);
		json_decref(want);
		if (!ok)
			return -1;
		tick(j, i + 1);
	}
	return 0;
}

/* ---------------------------------------------------------------- evidence */

enum { EV_ID, EV_ORGANISATION, EV_KIND, EV_TITLE, EV_WILL_DO, EV_SUPPORT, EV_HELP, EV_ACTIONS };

/* As `keep export evidence` writes it; actions are slugs separated by ';'. Whether it is
 * published, and its file, are not imported: staff publish, and files come by the form
 * or the API. */
static const struct column evidence_cols[] = {
	{"id", 1, 0},          {"organisation", 1, 0},  {"kind", 1, 0},      {"title", 1, 0},
	{"will_do", 0, 0},     {"support_needed", 0, 0}, {"help_offered", 0, 0}, {"actions", 0, 0},
	{"submitted", 0, 1},   {"published", 0, 1},      {"published_at", 0, 1}, {"file_name", 0, 1},
	{"file_type", 0, 1},   {"file_size", 0, 1},      {"created", 0, 1},  {"updated", 0, 1},
};

#define EVIDENCE_IMPORT_MAX_ACTIONS 64

/* The slugs of "a; b;c" as a sorted array (as the store lists them), or NULL when
 * there are more than EVIDENCE_IMPORT_MAX_ACTIONS. */
static json_t *action_list(const char *v)
{
	json_t *a = json_array();
	for (const char *p = v ? v : ""; *p;) {
		size_t n = strcspn(p, ";");
		const char *b = p, *e = p + n;
		while (b < e && (*b == ' ' || *b == '\t'))
			b++;
		while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > b)
			json_array_append_new(a, json_stringn(b, (size_t)(e - b)));
		p += n + (p[n] == ';');
	}
	if (json_array_size(a) > EVIDENCE_IMPORT_MAX_ACTIONS) {
		json_decref(a);
		return NULL;
	}
	/* sorted, so a row is compared with what is stored whatever its order */
	for (size_t i = 1; i < json_array_size(a); i++)
		for (size_t k = i; k > 0 && strcmp(json_string_value(json_array_get(a, k - 1)),
		                                   json_string_value(json_array_get(a, k))) > 0; k--) {
			json_t *x = json_incref(json_array_get(a, k));
			json_array_set(a, k, json_array_get(a, k - 1));
			json_array_set_new(a, k - 1, x);
		}
	return a;
}

static int evidence_prepare(struct job *j, struct kerr *e)
{
	j->organisations = id_set(j->s, "organisations", e);
	return j->organisations ? 0 : -1;
}

/* The rules are evidence_check's (the same as the form's and the API's). */
static void evidence_row_check(struct job *j, const char *const *v, const struct csv_row *row)
{
	if (v[EV_ORGANISATION] && !json_object_get(j->organisations, v[EV_ORGANISATION]))
		cell_problem(j, row, EV_ORGANISATION, "there is no organisation '%s'%s", v[EV_ORGANISATION], "");
	json_t *actions = action_list(v[EV_ACTIONS]);
	if (!actions) {
		cell_problem(j, row, EV_ACTIONS, "actions: name at most 64 actions%s%s", "", "");
		actions = json_array();
	}
	const char *slugs[EVIDENCE_IMPORT_MAX_ACTIONS];
	size_t n = json_array_size(actions);
	for (size_t i = 0; i < n; i++)
		slugs[i] = json_string_value(json_array_get(actions, i));
	struct evidence_form f = {.kind = v[EV_KIND], .title = v[EV_TITLE], .will_do = v[EV_WILL_DO],
	                          .support_needed = v[EV_SUPPORT], .help_offered = v[EV_HELP], .actions = slugs,
	                          .nactions = n};
	json_t *errors = json_object();
	evidence_check(j->s, &f, errors);
	field_problems(j, v, row, errors);
	json_decref(errors);
	json_decref(actions);
}

static int evidence_write(struct job *j, struct kerr *e)
{
	char today[11];
	date_format(date_today(), today);
	for (size_t i = 0; i < j->nrows; i++) {
		const char *id = cell(j, i, EV_ID);
		json_t *before = store_resource_get(j->s, "evidence-all", id, NULL);
		json_t *want = wanted(j, i, before), *after = NULL;
		if (json_is_string(json_object_get(want, "actions")) || json_is_null(json_object_get(want, "actions")))
			json_object_set_new(want, "actions", action_list(str(want, "actions")));
		int ok = 1;
		if (before && same(before, want)) {
			j->out->unchanged++;
		} else {
			json_t *actions = json_object_get(want, "actions");
			const char *slugs[EVIDENCE_IMPORT_MAX_ACTIONS];
			size_t n = json_array_size(actions);
			for (size_t k = 0; k < n; k++)
				slugs[k] = json_string_value(json_array_get(actions, k));
			struct store_evidence ev = {id, str(want, "organisation"), str(want, "kind"), str(want, "title"),
			                            str(want, "will_do"), str(want, "support_needed"), str(want, "help_offered"),
			                            before ? str(before, "submitted") : today, slugs, n};
			ok = store_evidence_put(j->s, &ev, e) == 0 && (after = store_resource_get(j->s, "evidence-all", id, e)) &&
			     store_audit_add(j->s, j->actor, "evidence", id, before ? "update" : "create", before, after, e) == 0;
			if (before)
				j->out->changed++;
			else
				j->out->created++;
		}
		json_decref(before);
		json_decref(after);
		json_decref(want);
		if (!ok)
			return -1;
		tick(j, i + 1);
	}
	return 0;
}

/* ---------------------------------------------------------------- observations */

enum { OB_INDICATOR, OB_AREA, OB_PERIOD, OB_VALUE, OB_SUPPRESSED, OB_SOURCE };

/* A figure is matched on its indicator, area and period; `keep export observations`
 * writes an id made of the three besides, which is not needed. The rules are
 * observation_check's (the same as the form's and the API's). */
static const struct column observation_cols[] = {
	{"indicator", 1, 0}, {"area", 1, 0},   {"period", 1, 0}, {"value", 0, 0},
	{"suppressed", 0, 0}, {"source", 1, 0}, {"id", 0, 1},
};

static struct observation_form observation_of(const char *const *v)
{
	return (struct observation_form){v[OB_INDICATOR], v[OB_AREA],       v[OB_PERIOD],
	                                 v[OB_VALUE],     v[OB_SUPPRESSED], v[OB_SOURCE]};
}

static void observations_check(struct job *j, const char *const *v, const struct csv_row *row)
{
	struct observation_form f = observation_of(v);
	json_t *errors = json_object();
	observation_check(j->s, &f, errors);
	/* field_problems skips the first column (an id elsewhere): the indicator's comes
	 * here. */
	field_problem(j, v, row, OB_INDICATOR, errors);
	field_problems(j, v, row, errors);
	if (json_object_size(errors) == 0) {
		char key[400], line[32];
		snprintf(key, sizeof key, "%s/%s/%s", v[OB_INDICATOR], v[OB_AREA], v[OB_PERIOD]);
		json_t *seen = json_object_get(j->seen, key);
		if (seen) {
			snprintf(line, sizeof line, "%" JSON_INTEGER_FORMAT, json_integer_value(seen));
			cell_problem(j, row, OB_PERIOD, "the figure for %s is already on line %s", key, line);
		} else
			json_object_set_new(j->seen, key, json_integer((json_int_t)row->line));
	}
	json_decref(errors);
}

static int observations_write(struct job *j, struct kerr *e)
{
	for (size_t i = 0; i < j->nrows; i++) {
		const char *v[MAXCOL];
		for (size_t c = 0; c < j->k->ncol; c++)
			v[c] = cell(j, i, c);
		struct observation_form f = observation_of(v);
		enum observation_outcome out;
		if (observation_put(j->s, j->actor, &f, true, &out, NULL, e) < 0)
			return -1;
		if (out == OBSERVATION_ADDED)
			j->out->created++;
		else if (out == OBSERVATION_REPLACED)
			j->out->changed++;
		else
			j->out->unchanged++;
		tick(j, i + 1);
	}
	return 0;
}

/* ---------------------------------------------------------------- spend lines */

enum { SP_ID, SP_AREA, SP_YEAR, SP_ORGANISATION, SP_HEADING, SP_LEVEL, SP_KIND, SP_POOLED, SP_SHARE, SP_POOLED_WITH,
       SP_AMOUNT, SP_SOURCE, SP_SOURCE_DATE, SP_MADE_UP };

/* The Money's spend lines (docs/money.md "Spend"), as `keep export spend` writes them;
 * the rules are spend_form_check's (the same as the form's and the API's). */
static const struct column spend_cols[] = {
	{"id", 1, 0},          {"area", 1, 0},        {"year", 1, 0},        {"organisation", 1, 0},
	{"heading", 1, 0},     {"level", 1, 0},       {"kind", 1, 0},        {"pooled", 0, 0},
	{"share", 0, 0},       {"pooled_with", 0, 0}, {"amount", 1, 0},      {"source", 1, 0},
	{"source_date", 0, 0}, {"made_up", 0, 0},     {"area_name", 0, 1},   {"financial_year", 0, 1},
	{"created", 0, 1},     {"changed", 0, 1},
};

static struct spend_form spend_form_row(const char *const *v)
{
	return (struct spend_form){v[SP_AREA],    v[SP_YEAR],        v[SP_ORGANISATION], v[SP_HEADING], v[SP_LEVEL],
	                           v[SP_KIND],    v[SP_POOLED],      v[SP_SHARE],        v[SP_POOLED_WITH],
	                           v[SP_AMOUNT],  v[SP_SOURCE],      v[SP_SOURCE_DATE],  v[SP_MADE_UP]};
}

static void spend_row_check(struct job *j, const char *const *v, const struct csv_row *row)
{
	struct spend_form f = spend_form_row(v);
	json_t *errors = json_object();
	spend_form_check(j->s, &f, NULL, errors);
	field_problems(j, v, row, errors);
	json_decref(errors);
}

static int spend_write(struct job *j, struct kerr *e)
{
	for (size_t i = 0; i < j->nrows; i++) {
		const char *v[MAXCOL];
		for (size_t c = 0; c < j->k->ncol; c++)
			v[c] = cell(j, i, c);
		struct spend_form f = spend_form_row(v);
		struct spend_line l;
		json_t *errors = json_object();
		spend_check(&f, &l, errors);
		json_decref(errors);
		int outcome;
		if (spend_put(j->s, j->actor, v[SP_ID], &l, &outcome, e) < 0)
			return -1;
		if (outcome == 1)
			j->out->created++;
		else if (outcome == 2)
			j->out->changed++;
		else
			j->out->unchanged++;
		tick(j, i + 1);
	}
	return 0;
}

/* ---------------------------------------------------------------- the engine */

#define KIND(n, cols, keyed, p, c, w) {n, cols, sizeof cols / sizeof cols[0], keyed, p, c, w}
static const struct kind kinds[] = {
	KIND("commitments", commitment_cols, 0, commitments_prepare, commitments_check, commitments_write),
	KIND("organisations", organisation_cols, 0, NULL, organisations_check, organisations_write),
	KIND("evidence", evidence_cols, 0, evidence_prepare, evidence_row_check, evidence_write),
	KIND("observations", observation_cols, 1, NULL, observations_check, observations_write),
	KIND("spend", spend_cols, 0, NULL, spend_row_check, spend_write),
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

const char *const import_kinds[] = {"commitments", "organisations", "evidence", "observations", "spend", NULL};

int import_run(struct store *s, const char *kind, const char *name, const char *data, size_t len,
               const char *actor, import_progress progress, void *arg, struct import_result *out, json_t *errors,
               struct kerr *e)
{
	*out = (struct import_result){0};
	const struct kind *k = NULL;
	for (size_t i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i].name, kind) == 0)
			k = &kinds[i];
	if (!k)
		return kerr_set(e, KERR_USAGE, "keep cannot import '%s'", kind);
	struct job j = {.k = k, .s = s, .actor = actor, .progress = progress, .arg = arg, .out = out};
	j.p = (struct problems){errors, 0, name};
	j.seen = json_object();
	int rc = -1;
	struct csv_reader *r = NULL;
	if (k->prepare && k->prepare(&j, e) < 0)
		goto done;

	/* Reading and checking: every row, its values kept. */
	r = csv_open(data, len, name);
	struct kerr ce = {0};
	int ncols = header(&j, r, &ce);
	if (ncols < 0) {
		j.p.count++;
		json_array_append_new(errors, json_string(ce.msg));
	}
	if (ncols > 0) {
		struct csv_row row;
		int more;
		while ((more = csv_next(r, &row, &ce)) == 1) {
			if (row.n == 1 && row.f[0].n == 0)
				continue; /* a blank line */
			check_row(&j, &row, (size_t)ncols);
			out->rows++;
			if (progress && out->rows % PROGRESS_EVERY == 0)
				progress("checking", csv_offset(r), len, arg);
		}
		if (more < 0 && j.p.count++ < IMPORT_MAX_ERRORS)
			json_array_append_new(errors, json_string(ce.msg));
	}
	if (j.p.count > 0) {
		if (j.p.count > IMPORT_MAX_ERRORS) {
			char more[128];
			snprintf(more, sizeof more, "%s: and %zu more problems", name, j.p.count - IMPORT_MAX_ERRORS);
			json_array_append_new(errors, json_string(more));
		}
		kerr_set(e, KERR_INVALID, "%s: %zu problem%s; nothing was imported", name, j.p.count,
		         j.p.count == 1 ? "" : "s");
		goto done;
	}

	/* Writing: all of it in one transaction, or none of it. */
	if (store_begin(s, e) < 0)
		goto done;
	if (k->write(&j, e) < 0) {
		store_rollback(s);
		goto done;
	}
	/* A file that changes nothing writes nothing at all (the bulk writer's suspended
	 * triggers, put back as they were, included). */
	if (out->created + out->changed == 0)
		store_rollback(s);
	else if (store_commit(s, e) < 0)
		goto done;
	if (progress)
		progress("writing", j.nrows, j.nrows, arg);
	rc = 0;
done:
	csv_close(r);
	buf_free(&j.text);
	free(j.cells);
	json_decref(j.organisations);
	json_decref(j.actions);
	json_decref(j.seen);
	return rc;
}
