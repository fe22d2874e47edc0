/* Importing a whole plan (plan/planimport.h): a JSON or CSV file read into data/plan.json's
 * shape with the position of every value (base/jsonpos.h), checked against the rules of
 * plan/planrules.h and what is stored, then written in one transaction. */
#include "plan/planimport.h"

#include "base/buf.h"
#include "base/csv.h"
#include "base/date.h"
#include "base/json.h"
#include "base/mem.h"
#include "plan/plan.h"
#include "plan/planrules.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- problems */

/* The line and column of path in f: the value, else its key, else the nearest enclosing
 * value's. f's paths are {"plans": [...]}'s; a file of one plan has them without
 * "plans[0]". */
static void position_of(const struct plan_file *f, const char *path, bool key_first, size_t *line, size_t *col)
{
	struct buf p = {0};
	if (f->single && strncmp(path, "plans[0]", 8) == 0)
		buf_puts(&p, path[8] == '.' ? path + 9 : path + 8);
	else
		buf_puts(&p, path);
	*line = 1;
	*col = 1;
	for (;;) {
		if ((key_first && jsonpos_key(f->pos, buf_str(&p), line, col)) ||
		    jsonpos_value(f->pos, buf_str(&p), line, col) || jsonpos_key(f->pos, buf_str(&p), line, col))
			break;
		if (!p.len)
			break;
		/* up one: the last ".key" (not an escaped '.') or "[i]" */
		size_t cut = 0;
		for (size_t i = 0; i < p.len; i++) {
			if (p.p[i] == '\\') {
				i++;
				continue;
			}
			if (p.p[i] == '.' || p.p[i] == '[')
				cut = i;
		}
		p.len = cut;
		p.p[cut] = '\0';
	}
	buf_free(&p);
}

static void position(const struct plan_file *f, const char *path, size_t *line, size_t *col)
{
	position_of(f, path, false, line, col);
}

static void vproblem_at(struct plan_file *f, size_t line, size_t col, const char *fmt, va_list ap)
{
	if (f->nproblems++ >= PLAN_IMPORT_MAX_PROBLEMS)
		return;
	struct buf msg = {0};
	buf_printf(&msg, "%s:%zu:%zu: ", f->name, line, col);
	buf_vprintf(&msg, fmt, ap);
	/* json_text mends anything that is not UTF-8, so no message is lost. */
	json_array_append_new(f->problems, json_text(msg.p, msg.len));
	buf_free(&msg);
}

static void problem_at(struct plan_file *f, size_t line, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void problem_at(struct plan_file *f, size_t line, size_t col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vproblem_at(f, line, col, fmt, ap);
	va_end(ap);
}

void plan_file_problem(struct plan_file *f, const char *path, const char *fmt, ...)
{
	size_t line, col;
	position(f, path, &line, &col);
	va_list ap;
	va_start(ap, fmt);
	vproblem_at(f, line, col, fmt, ap);
	va_end(ap);
}

/* A problem with a key itself (one that is not known): where the key is. */
static void key_problem(struct plan_file *f, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void key_problem(struct plan_file *f, const char *path, const char *fmt, ...)
{
	size_t line, col;
	position_of(f, path, true, &line, &col);
	va_list ap;
	va_start(ap, fmt);
	vproblem_at(f, line, col, fmt, ap);
	va_end(ap);
}

/* A value quoted in a message: at most 60 characters (whole UTF-8 characters), "…"
 * after when cut. */
static const char *shorten(const char *v, char out[256])
{
	size_t chars = 0, i = 0;
	for (; v[i]; i++)
		if (((unsigned char)v[i] & 0xC0) != 0x80 && chars++ == 60)
			break;
	snprintf(out, 256, "%.*s%s", (int)i, v, v[i] ? "\u2026" : "");
	return out;
}

/* ---------------------------------------------------------------- paths */

static const char *path_key(struct buf *b, const char *base, const char *key)
{
	buf_reset(b);
	buf_puts(b, base);
	jsonpos_path_key(b, key, strlen(key));
	return buf_str(b);
}

static const char *path_index(struct buf *b, const char *base, const char *key, size_t i)
{
	path_key(b, base, key);
	jsonpos_path_index(b, i);
	return buf_str(b);
}

/* ---------------------------------------------------------------- the format */

enum plan_format plan_format_of(const char *name, const char *data, size_t len)
{
	size_t n = name ? strlen(name) : 0;
	if (n >= 5 && strcasecmp(name + n - 5, ".json") == 0)
		return PLAN_FORMAT_JSON;
	if (n >= 4 && strcasecmp(name + n - 4, ".csv") == 0)
		return PLAN_FORMAT_CSV;
	size_t i = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	return i < len && data[i] == '{' ? PLAN_FORMAT_JSON : PLAN_FORMAT_CSV;
}

/* ---------------------------------------------------------------- JSON */

static int read_json(struct plan_file *f, const char *data, size_t len)
{
	/* A byte-order mark is not JSON, but editors write one: it is read as nothing. */
	size_t skip = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	json_error_t je;
	json_t *top = json_loadb(data + skip, len - skip, JSON_REJECT_DUPLICATES, &je);
	if (!top) {
		problem_at(f, je.line > 0 ? (size_t)je.line : 1, je.column > 0 ? (size_t)je.column : 1, "%s", je.text);
		return -1;
	}
	f->pos = jsonpos_index(data, len);
	if (!json_is_object(top)) {
		problem_at(f, 1, 1, "expected a plan ({\"slug\": ..., \"title\": ...}) or {\"plans\": [...]}");
		json_decref(top);
		return -1;
	}
	json_t *plans = json_object_get(top, "plans");
	if (!plans) {
		f->single = true;
		f->plans = json_pack("[o]", top);
		return 0;
	}
	int rc = 0;
	const char *key;
	size_t klen;
	json_t *v;
	struct buf p = {0};
	json_object_keylen_foreach(top, key, klen, v)
	{
		buf_reset(&p);
		jsonpos_path_key(&p, key, klen);
		if (strcmp(key, "plans") == 0)
			continue;
		/* keep's own whole file (data/plan.json) names its foundations and
		 * fundamentals, which keep already holds: passed over when one plan of it is
		 * read (plan_file_read_one). */
		if (f->whole && (strcmp(key, "foundations") == 0 || strcmp(key, "fundamentals") == 0))
			continue;
		rc = -1;
		if (strcmp(key, "foundations") == 0 || strcmp(key, "fundamentals") == 0)
			key_problem(f, buf_str(&p),
			                  "%s are keep's own and are not imported: a plan names them by their slugs; "
			                  "leave \"%s\" out",
			                  key, key);
		else
			key_problem(f, buf_str(&p), "unknown key '%s': a file of several plans holds only \"plans\"",
			                  key);
	}
	buf_free(&p);
	if (!json_is_array(plans)) {
		plan_file_problem(f, "plans", "plans: expected a list of plans ([{...}, ...])");
		rc = -1;
	} else if (json_array_size(plans) == 0) {
		plan_file_problem(f, "plans", "plans: the list is empty; there is nothing to import");
		rc = -1;
	} else
		f->plans = json_incref(plans);
	json_decref(top);
	return rc;
}

/* ---------------------------------------------------------------- CSV */

/* The columns of a CSV plan file; a row's kind says which it may fill. Every column but
 * kind and parent is the JSON key of the same name. */
enum {
	C_KIND, C_PARENT, C_SLUG, C_TITLE, C_SUMMARY, C_STARTS, C_ENDS, C_STATUS, C_SHAPE, C_SOURCE, C_SOURCE_DATE,
	C_YEARS, C_TEXT, C_FOUNDATION, C_REQUIRED, C_COMMITTED, C_LEADS_TEXT, C_NEXT_STEPS, C_DUE, C_NOW,
	C_OUTCOMES, C_FOUNDATIONS, C_FUNDAMENTALS, C_CARRIED_BY, C_WHEN, NCSV
};
static const char *const csv_columns[NCSV] = {
	"kind", "parent", "slug", "title", "summary", "starts", "ends", "status", "shape", "source", "source_date",
	"years", "text", "foundation", "required", "committed", "leads_text", "next_steps", "due", "now",
	"outcomes", "foundations", "fundamentals", "carried_by", "when",
};

enum { K_PLAN, K_PHASE, K_GROUP, K_ITEM, K_MILESTONE, NKINDS };
static const char *const kind_names[NKINDS] = {"plan", "phase", "group", "item", "milestone"};
/* Which columns each kind fills (besides kind; parent for all but a plan). */
static const int kind_columns[NKINDS][NCSV] = {
	[K_PLAN] = {[C_SLUG] = 1, [C_TITLE] = 1, [C_SUMMARY] = 1, [C_STARTS] = 1, [C_ENDS] = 1, [C_STATUS] = 1,
	            [C_SHAPE] = 1, [C_SOURCE] = 1, [C_SOURCE_DATE] = 1},
	[K_PHASE] = {[C_PARENT] = 1, [C_SLUG] = 1, [C_TITLE] = 1, [C_YEARS] = 1, [C_SUMMARY] = 1, [C_STARTS] = 1,
	             [C_ENDS] = 1},
	[K_GROUP] = {[C_PARENT] = 1, [C_SLUG] = 1, [C_TITLE] = 1, [C_TEXT] = 1, [C_FOUNDATION] = 1},
	[K_ITEM] = {[C_PARENT] = 1, [C_SLUG] = 1, [C_TITLE] = 1, [C_REQUIRED] = 1, [C_COMMITTED] = 1,
	            [C_LEADS_TEXT] = 1, [C_NEXT_STEPS] = 1, [C_DUE] = 1, [C_SOURCE] = 1, [C_SOURCE_DATE] = 1,
	            [C_NOW] = 1, [C_OUTCOMES] = 1, [C_FOUNDATIONS] = 1, [C_FUNDAMENTALS] = 1, [C_CARRIED_BY] = 1},
	[K_MILESTONE] = {[C_PARENT] = 1, [C_WHEN] = 1, [C_DUE] = 1, [C_TEXT] = 1, [C_SOURCE] = 1,
	                 [C_SOURCE_DATE] = 1},
};
/* The list a child kind goes into in its parent's JSON. */
static const char *const child_list[NKINDS] = {NULL, "phases", "priorities", "actions", "timeline"};
/* The kind a kind's parent is. */
static const int parent_kind[NKINDS] = {-1, K_PLAN, K_PLAN, K_GROUP, K_ITEM};

/* One row of the file, kept. */
struct csv_elem {
	int kind;
	size_t line, kcol;       /* where the row's kind is */
	char *v[NCSV];           /* the values (NULL: empty) */
	size_t vline[NCSV], vcol[NCSV];
	json_t *obj;             /* its JSON, once placed */
	char *path;              /* its path, once placed */
	size_t nchildren[NKINDS];
};

static const char *article(int kind)
{
	return kind == K_ITEM ? "an" : "a";
}

/* The columns a kind fills, as words for messages: "slug, title, text, foundation". */
static void kind_column_words(int kind, struct buf *out)
{
	for (int c = 0; c < NCSV; c++)
		if (kind_columns[kind][c])
			buf_printf(out, "%s%s", out->len ? ", " : "", csv_columns[c]);
}

/* Places e (its parent placed) and its children, in the rows' order: builds its JSON
 * into the parent's list and records where each value came from. */
static void csv_place(struct plan_file *f, struct csv_elem *rows, json_t *children, size_t i, const char *path)
{
	struct csv_elem *e = &rows[i];
	e->path = xstrdup(path);
	e->obj = json_object();
	jsonpos_set(f->pos, path, e->line, e->kcol);
	struct buf p = {0};
	for (int c = C_SLUG; c < NCSV; c++) {
		if (!kind_columns[e->kind][c] || !e->vline[c])
			continue;
		const char *key = csv_columns[c];
		jsonpos_set(f->pos, path_key(&p, path, key), e->vline[c], e->vcol[c]);
		if (!e->v[c])
			continue;
		if (c == C_FOUNDATIONS || c == C_FUNDAMENTALS) {
			/* slugs separated by ';' */
			json_t *list = json_array();
			for (const char *s = e->v[c]; *s;) {
				size_t len = strcspn(s, ";");
				const char *b = s, *end = s + len;
				while (b < end && (*b == ' ' || *b == '\t'))
					b++;
				while (end > b && (end[-1] == ' ' || end[-1] == '\t'))
					end--;
				if (end > b) {
					jsonpos_set(f->pos, path_index(&p, path, key, json_array_size(list)), e->vline[c],
					            e->vcol[c]);
					json_array_append_new(list, json_stringn(b, (size_t)(end - b)));
				}
				s += len + (s[len] == ';');
			}
			json_object_set_new(e->obj, key, list);
		} else
			json_object_set_new(e->obj, key, json_string(e->v[c]));
	}
	size_t ci;
	json_t *cv;
	json_array_foreach(e->v[C_SLUG] ? json_object_get(children, e->v[C_SLUG]) : NULL, ci, cv)
	{
		size_t k = (size_t)json_integer_value(cv);
		struct csv_elem *child = &rows[k];
		if (child->path || parent_kind[child->kind] != e->kind)
			continue;
		const char *list = child_list[child->kind];
		json_t *arr = json_object_get(e->obj, list);
		if (!arr) {
			arr = json_array();
			json_object_set_new(e->obj, list, arr);
		}
		struct buf cp = {0};
		path_index(&cp, path, list, json_array_size(arr));
		csv_place(f, rows, children, k, buf_str(&cp));
		json_array_append(arr, child->obj);
		buf_free(&cp);
	}
	buf_free(&p);
}

static int read_csv(struct plan_file *f, const char *data, size_t len)
{
	f->pos = jsonpos_new();
	struct csv_reader *r = csv_open(data, len, f->name);
	struct kerr e = {0};
	struct csv_row row;
	int rc = csv_next(r, &row, &e);
	if (rc <= 0) {
		if (rc < 0)
			f->nproblems++, json_array_append_new(f->problems, json_text(e.msg, strlen(e.msg)));
		else
			problem_at(f, 1, 1, "the file is empty: it needs a header row (kind,parent,slug,title,...)");
		csv_close(r);
		return -1;
	}
	/* The header: which column of the file each of ours is. */
	int at[NCSV];
	for (int c = 0; c < NCSV; c++)
		at[c] = -1;
	int bad = 0, blocked = 0; /* blocked: the rows cannot be made into plans */
	size_t ncols = row.n;
	for (size_t i = 0; i < row.n; i++) {
		char name[256], q[256];
		snprintf(name, sizeof name, "%.*s", (int)(row.f[i].n < 200 ? row.f[i].n : 200), row.f[i].p);
		int found = -1;
		for (int c = 0; c < NCSV; c++)
			if (strcmp(name, csv_columns[c]) == 0)
				found = c;
		if (found < 0) {
			struct buf all = {0};
			for (int c = 0; c < NCSV; c++)
				buf_printf(&all, "%s%s", c ? ", " : "", csv_columns[c]);
			problem_at(f, row.f[i].line, row.f[i].column, "unknown column '%s': the columns are %s",
			           shorten(name, q), buf_str(&all));
			buf_free(&all);
			bad = 1;
		} else if (at[found] >= 0) {
			problem_at(f, row.f[i].line, row.f[i].column, "the column '%s' is there twice", name);
			bad = blocked = 1;
		} else
			at[found] = (int)i;
	}
	/* The rows, kept. */
	struct csv_elem *rows = NULL;
	size_t n = 0, cap = 0;
	bool has[NKINDS] = {0};
	while ((rc = csv_next(r, &row, &e)) == 1) {
		if (row.n == 1 && row.f[0].n == 0)
			continue; /* a blank line */
		if (row.n != ncols) {
			problem_at(f, row.line, 1, "expected %zu fields as in the header, found %zu", ncols, row.n);
			bad = 1;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		struct csv_elem *el = &rows[n++];
		*el = (struct csv_elem){.kind = -1, .line = row.line, .kcol = 1};
		for (int c = 0; c < NCSV; c++) {
			if (at[c] < 0)
				continue;
			const struct csv_field *fl = &row.f[at[c]];
			el->vline[c] = fl->line;
			el->vcol[c] = fl->column;
			/* a value of only white space is no value */
			size_t b = 0, end = fl->n;
			while (b < end && (fl->p[b] == ' ' || fl->p[b] == '\t'))
				b++;
			while (end > b && (fl->p[end - 1] == ' ' || fl->p[end - 1] == '\t'))
				end--;
			if (end > b)
				el->v[c] = xstrndup(fl->p + b, end - b);
		}
		if (at[C_KIND] < 0)
			continue;
		el->kcol = el->vcol[C_KIND];
		char q[256];
		for (int k = 0; k < NKINDS; k++)
			if (el->v[C_KIND] && strcmp(el->v[C_KIND], kind_names[k]) == 0)
				el->kind = k;
		if (el->kind < 0) {
			if (el->v[C_KIND])
				problem_at(f, el->line, el->kcol, "unknown kind '%s': a row is a plan, phase, group, item or milestone",
				           shorten(el->v[C_KIND], q));
			else
				problem_at(f, el->line, el->kcol, "kind is empty: a row is a plan, phase, group, item or milestone");
			bad = 1;
			continue;
		}
		has[el->kind] = true;
		for (int c = C_PARENT; c < NCSV; c++) {
			if (!el->v[c] || kind_columns[el->kind][c])
				continue;
			struct buf words = {0};
			kind_column_words(el->kind, &words);
			if (c == C_PARENT)
				problem_at(f, el->vline[c], el->vcol[c], "a plan row has no parent: leave parent empty");
			else
				problem_at(f, el->vline[c], el->vcol[c],
				           "%s %s row has no %s: leave it empty (%s %s row fills %s)", article(el->kind),
				           kind_names[el->kind], csv_columns[c], article(el->kind), kind_names[el->kind],
				           buf_str(&words));
			buf_free(&words);
			bad = 1;
		}
	}
	if (rc < 0) {
		f->nproblems++;
		json_array_append_new(f->problems, json_text(e.msg, strlen(e.msg)));
		bad = 1;
	}
	csv_close(r);
	/* The columns the rows need. */
	static const struct {
		int column, kind; /* kind -1: every file */
		const char *who;
	} needed[] = {
		{C_KIND, -1, "every row"},
		{C_PARENT, -1, "every row but a plan's"},
		{C_SLUG, -1, "every row but a milestone's"},
		{C_TITLE, -1, "every row but a milestone's"},
		{C_STARTS, K_PLAN, "a plan row"},   {C_ENDS, K_PLAN, "a plan row"},
		{C_STARTS, K_PHASE, "a phase row"}, {C_ENDS, K_PHASE, "a phase row"},
		{C_TEXT, K_MILESTONE, "a milestone row"},
	};
	bool said[NCSV] = {0};
	for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
		int c = needed[i].column;
		if (at[c] >= 0 || said[c] || (needed[i].kind >= 0 && !has[needed[i].kind]))
			continue;
		problem_at(f, 1, 1, "the column '%s' is missing: %s needs it", csv_columns[c], needed[i].who);
		said[c] = true;
		bad = blocked = 1;
	}
	/* The rows under each slug ({parent slug: [row index...]}, in the file's order), and
	 * the kinds of the rows each slug names ({slug: bits}), so that placing them is one
	 * look-up each. */
	json_t *children = json_object(), *named = json_object();
	for (size_t i = 0; i < n; i++) {
		if (rows[i].kind > K_PLAN && rows[i].v[C_PARENT]) {
			json_t *list = json_object_get(children, rows[i].v[C_PARENT]);
			if (!list) {
				list = json_array();
				json_object_set_new(children, rows[i].v[C_PARENT], list);
			}
			json_array_append_new(list, json_integer((json_int_t)i));
		}
		if (rows[i].kind >= 0 && rows[i].v[C_SLUG]) {
			json_int_t bits = json_integer_value(json_object_get(named, rows[i].v[C_SLUG]));
			json_object_set_new(named, rows[i].v[C_SLUG], json_integer(bits | (1 << rows[i].kind)));
		}
	}
	/* The tree: plans, then each element under its parent. */
	if (!blocked) {
		f->plans = json_array();
		for (size_t i = 0; i < n; i++) {
			if (rows[i].kind != K_PLAN)
				continue;
			struct buf p = {0};
			jsonpos_path_index(&p, json_array_size(f->plans));
			char path[64];
			snprintf(path, sizeof path, "plans%s", buf_str(&p));
			buf_free(&p);
			csv_place(f, rows, children, i, path);
			json_array_append(f->plans, rows[i].obj);
		}
		if (!json_array_size(f->plans)) {
			problem_at(f, 1, 1, "there is no plan row: a file holds whole plans, each with a row of kind plan");
			bad = 1;
		}
		for (size_t i = 0; i < n; i++) {
			struct csv_elem *el = &rows[i];
			if (el->path || el->kind <= K_PLAN)
				continue;
			int pk = parent_kind[el->kind];
			char q[256];
			if (!el->v[C_PARENT])
				problem_at(f, el->vline[C_PARENT], el->vcol[C_PARENT],
					           "parent is empty: %s %s row names the slug of its %s", article(el->kind),
				           kind_names[el->kind], kind_names[pk]);
			else {
				/* Whether the parent is a row of another kind, or one of the right kind
				 * that could not be placed itself (its own problem says why). */
				json_int_t bits = json_integer_value(json_object_get(named, el->v[C_PARENT]));
				bool unplaced = bits & (1 << pk), other = bits & ~(1 << pk);
				if (unplaced)
					;
				else if (other)
					problem_at(f, el->vline[C_PARENT], el->vcol[C_PARENT],
					           "parent '%s' is not %s %s row of this file: %s %s goes under %s %s",
					           shorten(el->v[C_PARENT], q), article(pk), kind_names[pk], article(el->kind),
					           kind_names[el->kind], article(pk), kind_names[pk]);
				else if (el->kind == K_ITEM) {
					/* Whether it is a priority area stored under another plan is for
					 * plan_import, which has the store. */
					json_t *o = json_pack("{s:s, s:I, s:I, s:I}", "parent", el->v[C_PARENT], "line",
					                      (json_int_t)el->vline[C_PARENT], "column", (json_int_t)el->vcol[C_PARENT],
					                      "plan", (json_int_t)0);
					json_array_append_new(f->orphans, o);
				} else
					problem_at(f, el->vline[C_PARENT], el->vcol[C_PARENT],
					           "there is no %s '%s' in this file: %s %s goes under %s %s row of the same file",
					           kind_names[pk], shorten(el->v[C_PARENT], q), article(el->kind), kind_names[el->kind],
					           article(pk), kind_names[pk]);
			}
			bad = 1;
		}
	}
	json_decref(children);
	json_decref(named);
	for (size_t i = 0; i < n; i++) {
		for (int c = 0; c < NCSV; c++)
			free(rows[i].v[c]);
		free(rows[i].path);
		json_decref(rows[i].obj);
	}
	free(rows);
	return bad ? -1 : 0;
}

static int read_any(struct plan_file *f, const char *name, const char *data, size_t len, enum plan_format format,
                    bool whole)
{
	*f = (struct plan_file){.name = name, .problems = json_array(), .orphans = json_array(), .whole = whole};
	if (format == PLAN_FORMAT_GUESS)
		format = plan_format_of(name, data, len);
	int rc = format == PLAN_FORMAT_JSON ? read_json(f, data, len) : read_csv(f, data, len);
	if (!f->pos)
		f->pos = jsonpos_new();
	return rc;
}

int plan_file_read(struct plan_file *f, const char *name, const char *data, size_t len, enum plan_format format)
{
	return read_any(f, name, data, len, format, false);
}

int plan_file_read_one(struct plan_file *f, const char *name, const char *data, size_t len,
                       enum plan_format format, const char *slug, char *held, size_t size)
{
	int rc = read_any(f, name, data, len, format, true);
	if (rc == 0 && plan_file_only(f, slug, held, size) < 0)
		return 1;
	return rc;
}

int plan_file_only(struct plan_file *f, const char *slug, char *out, size_t size)
{
	size_t i, n = 0;
	json_t *plan;
	if (size)
		out[0] = '\0';
	json_array_foreach(f->plans, i, plan)
	{
		const char *s = json_string_value(json_object_get(plan, "slug"));
		if (s && slug && strcmp(s, slug) == 0) {
			json_t *one = json_pack("[O]", plan);
			json_decref(f->plans);
			f->plans = one;
			f->base += i;
			return 0;
		}
		if (s && size) {
			size_t len = strlen(out);
			snprintf(out + len, size - len, "%s%s", n++ ? ", " : "", s);
		}
	}
	return -1;
}

void plan_file_free(struct plan_file *f)
{
	json_decref(f->plans);
	json_decref(f->problems);
	json_decref(f->orphans);
	jsonpos_free(f->pos);
	*f = (struct plan_file){0};
}

/* ---------------------------------------------------------------- checks */

struct check {
	struct store *s;
	struct plan_file *f;
	bool replace;
	json_t *stored;                      /* store_plan_slugs */
	const char **foundations, **fundamentals; /* NULL-terminated, borrowed from stored */
	json_t *seen;                        /* {"phases": {slug: path}, ...}: the file's slugs */
	json_t *carried;                     /* [[path, slug, carried_by]] */
	json_t *typed;                       /* {path: true} of values of the wrong type, said once */
};

static const char *sval(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Problems of a rule (errors {field: message}) at the fields of the element at path. */
static void rule_problems(struct check *c, const char *path, json_t *errors)
{
	const char *field;
	json_t *msg;
	struct buf p = {0};
	json_object_foreach(errors, field, msg)
	{
		/* a value of the wrong type was said to be so, not also to be missing */
		if (!json_object_get(c->typed, path_key(&p, path, field)))
			plan_file_problem(c->f, buf_str(&p), "%s: %s", field, json_string_value(msg));
	}
	buf_free(&p);
}

static const char *const plan_keys[] = {"slug",  "title",  "summary", "starts", "ends", "status", "shape",
                                        "source", "source_date", "phases", "priorities", NULL};
static const char *const phase_keys[] = {"slug", "title", "years", "summary", "starts", "ends", NULL};
static const char *const priority_keys[] = {"slug", "title", "text", "foundation", "actions", NULL};
static const char *const action_keys[] = {"slug",       "title",    "required",    "committed",  "leads_text",
                                          "next_steps", "due",      "source",      "source_date", "now",
                                          "outcomes",   "foundations", "fundamentals", "carried_by", "timeline",
                                          NULL};
static const char *const milestone_keys[] = {"when", "due", "text", "source", "source_date", NULL};

/* Keys of o (at path) that an element of this kind does not have. */
static void check_keys(struct check *c, json_t *o, const char *path, const char *what, const char *const *keys)
{
	bool item = keys == action_keys;
	const char *key;
	size_t klen;
	json_t *v;
	struct buf p = {0}, words = {0};
	for (const char *const *k = keys; *k; k++)
		buf_printf(&words, "%s%s", words.len ? ", " : "", *k);
	json_object_keylen_foreach(o, key, klen, v)
	{
		bool known = false;
		for (const char *const *k = keys; *k; k++)
			known |= strlen(*k) == klen && memcmp(*k, key, klen) == 0;
		if (known)
			continue;
		buf_reset(&p);
		buf_puts(&p, path);
		jsonpos_path_key(&p, key, klen);
		char q[256];
		bool held = strcmp(key, "heard") == 0 || strcmp(key, "assessment") == 0;
		/* data/plan.json gives every action these, empty when there are none */
		if (item && held && (json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0)))
			continue;
		if (item && held)
			key_problem(c->f, buf_str(&p),
			                  "%s: what was heard and the Oversight Board's assessments are not imported with a "
			                  "plan; add them on the %s's page",
			                  key, what);
		else
			key_problem(c->f, buf_str(&p), "unknown key '%s': the keys of a %s are %s",
			                  shorten(key, q), what, buf_str(&words));
	}
	buf_free(&p);
	buf_free(&words);
}

/* o[key] as text (NULL when absent or null); anything else is a problem. */
static const char *text(struct check *c, json_t *o, const char *path, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v) || json_is_string(v))
		return json_string_value(v);
	struct buf p = {0};
	plan_file_problem(c->f, path_key(&p, path, key), "%s: expected text in quotes", key);
	json_object_set_new(c->typed, buf_str(&p), json_true());
	buf_free(&p);
	return NULL;
}

/* o[key] as a list (NULL when absent or null; an empty array is returned as is). */
static json_t *list(struct check *c, json_t *o, const char *path, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v) || json_is_array(v))
		return v && json_is_array(v) ? v : NULL;
	struct buf p = {0};
	plan_file_problem(c->f, path_key(&p, path, key), "%s: expected a list ([...])", key);
	buf_free(&p);
	return NULL;
}

/* Whether element at path (an object) is one; a problem if not. */
static bool object(struct check *c, json_t *o, const char *path, const char *what)
{
	if (json_is_object(o))
		return true;
	plan_file_problem(c->f, path, "expected a %s ({\"slug\": ..., \"title\": ...})", what);
	return false;
}

/* The slug of an element of table (phases, priorities, actions) of plan: required,
 * once in the file, and not another plan's. */
static void slug_rules(struct check *c, const char *path, const char *table, const char *slug, const char *plan,
                       const char *what)
{
	struct buf p = {0};
	path_key(&p, path, "slug");
	char q[256];
	if (!plan_known(slug)) {
		static const char *const examples[][2] = {
			{"phases", "plan-24-30-phase-1"}, {"priorities", "voice-route-maps"}, {"actions", "where-children-live"}};
		const char *like = "";
		for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++)
			if (strcmp(examples[i][0], table) == 0)
				like = examples[i][1];
		plan_file_problem(c->f, buf_str(&p),
		                  "slug: enter the %s's web address name, like %s: an import matches what is stored on it",
		                  what, like);
		buf_free(&p);
		return;
	}
	json_t *seen = json_object_get(c->seen, table);
	json_t *at = json_object_get(seen, slug);
	json_t *stored = json_object_get(json_object_get(c->stored, table), slug);
	if (at) {
		size_t line, col;
		position(c->f, json_string_value(at), &line, &col);
		plan_file_problem(c->f, buf_str(&p), "slug: '%s' is already given on line %zu: each %s needs its own",
		                  shorten(slug, q), line, what);
	} else {
		json_object_set_new(seen, slug, json_string(path));
		if (stored && plan && strcmp(sval(stored, "plan"), plan) != 0)
			plan_file_problem(c->f, buf_str(&p),
			                  "slug: '%s' is already taken by %s of %s, another plan: choose another (for "
			                  "example '%.40s-2030')",
			                  shorten(slug, q),
			                  strcmp(table, "actions") == 0      ? "an action or route map"
			                  : strcmp(table, "priorities") == 0 ? "a priority area or foundation group"
			                                                     : "a phase",
			                  sval(stored, "plan_title"), slug);
	}
	buf_free(&p);
}

/* The strings of list (at path.key) into out[0..max) (NULL for any that is not one,
 * which is a problem); returns how many. */
static size_t strings(struct check *c, json_t *l, const char *path, const char *key, const char **out, size_t max)
{
	size_t i, n = 0;
	json_t *v;
	struct buf p = {0};
	json_array_foreach(l, i, v)
	{
		if (!json_is_string(v))
			plan_file_problem(c->f, path_index(&p, path, key, i), "%s: expected slugs in quotes", key);
		else if (n < max)
			out[n++] = json_string_value(v);
	}
	buf_free(&p);
	return n;
}

#define MAX_LINKS 64

static void check_action(struct check *c, json_t *a, const char *path, const struct planrules_in *in,
                         const char *priority, struct plan_import_done *d)
{
	const struct plan_words *w = plan_shape_words(in->shape);
	if (!object(c, a, path, w->item))
		return;
	check_keys(c, a, path, w->item, action_keys);
	struct planrules_action r = {
		.slug = text(c, a, path, "slug"),
		.title = text(c, a, path, "title"),
		.priority = priority,
		.priority_plan = in->slug,
		.priority_plan_title = in->title,
		.required = text(c, a, path, "required"),
		.now = text(c, a, path, "now"),
		.outcomes = text(c, a, path, "outcomes"),
		.committed = text(c, a, path, "committed"),
		.leads_text = text(c, a, path, "leads_text"),
		.next_steps = text(c, a, path, "next_steps"),
		.due = text(c, a, path, "due"),
		.source = text(c, a, path, "source"),
		.source_date = text(c, a, path, "source_date"),
	};
	/* A source kept as stored is not checked again (Plan 21-24's actions were loaded
	 * naming documents, not web addresses), as the forms do. */
	json_t *was = r.slug ? json_object_get(json_object_get(c->stored, "actions"), r.slug) : NULL;
	if (was && in->slug && strcmp(sval(was, "plan"), in->slug) == 0)
		r.source_was = sval(was, "source");
	const char *fo[MAX_LINKS], *fu[MAX_LINKS];
	json_t *lf = list(c, a, path, "foundations"), *lu = list(c, a, path, "fundamentals");
	r.foundations = fo;
	r.nfoundations = strings(c, lf, path, "foundations", fo, MAX_LINKS);
	r.fundamentals = fu;
	r.nfundamentals = strings(c, lu, path, "fundamentals", fu, MAX_LINKS);
	json_t *errors = json_object();
	planrules_action_check(&r, in, c->foundations, c->fundamentals, errors);
	/* A list's problem is at the element it is about: the first not known, or named twice. */
	struct buf p = {0};
	static const char *const lists[] = {"foundations", "fundamentals"};
	for (int k = 0; k < 2; k++) {
		json_t *msg = json_object_get(errors, lists[k]);
		const char *const *vals = k ? fu : fo;
		size_t n = k ? r.nfundamentals : r.nfoundations;
		const char **known = k ? c->fundamentals : c->foundations;
		if (!msg || !n)
			continue;
		size_t at = 0;
		bool found = false;
		for (size_t i = 0; i < n && !found; i++) {
			bool ok = false;
			for (const char **kn = known; *kn; kn++)
				ok |= strcmp(*kn, vals[i]) == 0;
			for (size_t j = 0; j < i; j++)
				ok &= strcmp(vals[i], vals[j]) != 0;
			if (!ok) {
				at = i;
				found = true;
			}
		}
		plan_file_problem(c->f, path_index(&p, path, lists[k], at), "%s: %s", lists[k], json_string_value(msg));
		json_object_del(errors, lists[k]);
	}
	rule_problems(c, path, errors);
	json_decref(errors);
	slug_rules(c, path, "actions", r.slug, in->slug, w->item);
	const char *by = text(c, a, path, "carried_by");
	if (by && r.slug)
		json_array_append_new(c->carried, json_pack("[s, s, s]", path_key(&p, path, "carried_by"), r.slug, by));
	d->items++;
	json_t *tl = list(c, a, path, "timeline");
	size_t i;
	json_t *m;
	json_array_foreach(tl, i, m)
	{
		struct buf mp = {0};
		path_index(&mp, path, "timeline", i);
		if (object(c, m, buf_str(&mp), "milestone")) {
			check_keys(c, m, buf_str(&mp), "milestone", milestone_keys);
			struct planrules_milestone rm = {
				.when = text(c, m, buf_str(&mp), "when"),
				.due = text(c, m, buf_str(&mp), "due"),
				.text = text(c, m, buf_str(&mp), "text"),
				.source = text(c, m, buf_str(&mp), "source"),
				.source_date = text(c, m, buf_str(&mp), "source_date"),
			};
			errors = json_object();
			planrules_milestone_check(&rm, in, errors);
			rule_problems(c, buf_str(&mp), errors);
			json_decref(errors);
		}
		d->milestones++;
		buf_free(&mp);
	}
	buf_free(&p);
}

static void check_plan(struct check *c, json_t *plan, const char *path, struct plan_import_done *d)
{
	if (!object(c, plan, path, "plan"))
		return;
	check_keys(c, plan, path, "plan", plan_keys);
	struct planrules_plan r = {
		.slug = text(c, plan, path, "slug"),
		.title = text(c, plan, path, "title"),
		.summary = text(c, plan, path, "summary"),
		.starts = text(c, plan, path, "starts"),
		.ends = text(c, plan, path, "ends"),
		.status = text(c, plan, path, "status"),
		.shape = text(c, plan, path, "shape"),
		.source = text(c, plan, path, "source"),
		.source_date = text(c, plan, path, "source_date"),
	};
	json_t *errors = json_object();
	planrules_plan_check(&r, errors);
	rule_problems(c, path, errors);
	json_decref(errors);
	struct buf p = {0};
	char q[256];
	snprintf(d->slug, sizeof d->slug, "%s", r.slug ? r.slug : "");
	snprintf(d->title, sizeof d->title, "%s", r.title ? r.title : d->slug);
	d->shape = plan_shape_valid(r.shape) && strcmp(r.shape, "route_maps") == 0 ? "route_maps" : "priorities";
	if (!plan_known(r.slug))
		plan_file_problem(c->f, path_key(&p, path, "slug"),
		                  "slug: enter the plan's web address name, like plan-24-30: an import matches what is "
		                  "stored on it");
	else if (json_object_get(json_object_get(c->seen, "plans"), r.slug)) {
		size_t line, col;
		position(c->f, json_string_value(json_object_get(json_object_get(c->seen, "plans"), r.slug)), &line, &col);
		plan_file_problem(c->f, path_key(&p, path, "slug"), "slug: the plan '%s' is already given on line %zu",
		                  shorten(r.slug, q), line);
	} else {
		json_object_set_new(json_object_get(c->seen, "plans"), r.slug, json_string(path));
		json_t *stored = json_object_get(json_object_get(c->stored, "plans"), r.slug);
		d->replaced = stored != NULL;
		if (stored && !c->replace)
			plan_file_problem(c->f, path_key(&p, path, "slug"),
			                  "slug: the plan '%s' (%s) is already in keep: to change it, import the file again "
			                  "choosing to replace it (--replace)",
			                  shorten(r.slug, q), sval(stored, "title"));
	}
	struct planrules_in in = {r.slug, r.title, d->shape, r.starts, r.ends};
	const struct plan_words *w = plan_shape_words(d->shape);
	size_t i;
	json_t *v;
	json_array_foreach(list(c, plan, path, "phases"), i, v)
	{
		struct buf pp = {0};
		path_index(&pp, path, "phases", i);
		d->phases++;
		if (object(c, v, buf_str(&pp), "phase")) {
			check_keys(c, v, buf_str(&pp), "phase", phase_keys);
			struct planrules_phase ph = {
				.slug = text(c, v, buf_str(&pp), "slug"),
				.title = text(c, v, buf_str(&pp), "title"),
				.years = text(c, v, buf_str(&pp), "years"),
				.summary = text(c, v, buf_str(&pp), "summary"),
				.starts = text(c, v, buf_str(&pp), "starts"),
				.ends = text(c, v, buf_str(&pp), "ends"),
			};
			errors = json_object();
			planrules_phase_check(&ph, &in, errors);
			rule_problems(c, buf_str(&pp), errors);
			json_decref(errors);
			slug_rules(c, buf_str(&pp), "phases", ph.slug, r.slug, "phase");
		}
		buf_free(&pp);
	}
	json_array_foreach(list(c, plan, path, "priorities"), i, v)
	{
		struct buf pp = {0};
		path_index(&pp, path, "priorities", i);
		d->groups++;
		if (object(c, v, buf_str(&pp), w->group)) {
			check_keys(c, v, buf_str(&pp), w->group, priority_keys);
			struct planrules_priority pr = {
				.slug = text(c, v, buf_str(&pp), "slug"),
				.title = text(c, v, buf_str(&pp), "title"),
				.text = text(c, v, buf_str(&pp), "text"),
				.foundation = text(c, v, buf_str(&pp), "foundation"),
			};
			errors = json_object();
			planrules_priority_check(&pr, &in, c->foundations, errors);
			rule_problems(c, buf_str(&pp), errors);
			json_decref(errors);
			slug_rules(c, buf_str(&pp), "priorities", pr.slug, r.slug, w->group);
			size_t j;
			json_t *a;
			json_array_foreach(list(c, v, buf_str(&pp), "actions"), j, a)
			{
				struct buf ap = {0};
				path_index(&ap, buf_str(&pp), "actions", j);
				/* (a group without a slug is a problem of its own) */
				check_action(c, a, buf_str(&ap), &in, plan_known(pr.slug) ? pr.slug : w->group, d);
				buf_free(&ap);
			}
		}
		buf_free(&pp);
	}
	/* Replacing: what the file leaves out goes, unless something hangs off it. */
	json_t *stored = r.slug ? json_object_get(json_object_get(c->stored, "plans"), r.slug) : NULL;
	if (stored && c->replace && c->s) {
		json_t *keep = json_array();
		size_t j;
		json_t *a;
		json_array_foreach(json_object_get(plan, "priorities"), i, v)
			json_array_foreach(json_object_get(v, "actions"), j, a) if (json_is_string(json_object_get(a, "slug")))
				json_array_append(keep, json_object_get(a, "slug"));
		struct kerr e = {0};
		json_t *dropped = store_plan_dropped(c->s, r.slug, keep, &e);
		if (!dropped)
			plan_file_problem(c->f, path_key(&p, path, "slug"), "%s", e.msg);
		json_array_foreach(dropped, i, a)
		{
			static const char *const hang[][3] = {
				{"commitments", "commitment", "commitments"}, {"evidence", "piece of evidence", "pieces of evidence"},
				{"targets", "target", "targets"},             {"leads", "lead role", "lead roles"},
				{"heard", "note of what was heard", "notes of what was heard"},
				{"assessments", "assessment", "assessments"},
				{"carried_from", "action of another plan it carries on", "actions of other plans it carries on"},
			};
			struct buf what = {0};
			for (size_t k = 0; k < sizeof hang / sizeof hang[0]; k++) {
				json_int_t n = json_integer_value(json_object_get(a, hang[k][0]));
				if (n)
					buf_printf(&what, "%s%" JSON_INTEGER_FORMAT " %s", what.len ? ", " : "", n,
					           hang[k][n == 1 ? 1 : 2]);
			}
			if (what.len)
				plan_file_problem(c->f, path_key(&p, path, "slug"),
				                  "replacing %s would delete the %s '%s' (%s), which the file leaves out and which "
				                  "has %s: keep it in the file, or move what hangs off it first",
				                  r.title ? r.title : r.slug, w->item, sval(a, "slug"), sval(a, "title"),
				                  buf_str(&what));
			buf_free(&what);
		}
		json_decref(dropped);
		json_decref(keep);
	}
	buf_free(&p);
}

/* An action or route map by slug, in the file or stored: true when there is one. */
static bool action_known(struct check *c, const char *slug)
{
	return json_object_get(json_object_get(c->seen, "actions"), slug) ||
	       json_object_get(json_object_get(c->stored, "actions"), slug);
}

/* The CSV item rows whose parent is no group of the file. */
static void check_orphans(struct check *c)
{
	size_t i;
	json_t *o;
	json_array_foreach(c->f->orphans, i, o)
	{
		const char *parent = sval(o, "parent");
		size_t line = (size_t)json_integer_value(json_object_get(o, "line")),
		       col = (size_t)json_integer_value(json_object_get(o, "column"));
		json_t *stored = json_object_get(json_object_get(c->stored, "priorities"), parent);
		json_t *plan = json_array_size(c->f->plans) == 1 ? json_array_get(c->f->plans, 0) : NULL;
		char q[256];
		if (stored && plan && strcmp(sval(stored, "plan"), sval(plan, "slug") ? sval(plan, "slug") : "") != 0) {
			/* the rule of an action under a priority of another plan */
			struct planrules_in in = {sval(plan, "slug"), sval(plan, "title"), sval(plan, "shape"),
			                          sval(plan, "starts"), sval(plan, "ends")};
			struct planrules_action r = {.priority = parent,
			                             .priority_plan = sval(stored, "plan"),
			                             .priority_plan_title = sval(stored, "plan_title")};
			json_t *errors = json_object();
			planrules_action_check(&r, &in, c->foundations, c->fundamentals, errors);
			problem_at(c->f, line, col, "parent: %s", sval(errors, "priority"));
			json_decref(errors);
		} else
			problem_at(c->f, line, col,
			           "there is no group '%s' in this file: an item goes under a group row of the same file",
			           shorten(parent, q));
	}
}

/* The line and column of a problem "NAME:LINE:COLUMN: ..." of f. */
static void problem_place(const struct plan_file *f, json_t *msg, unsigned long *line, unsigned long *col)
{
	const char *m = json_string_value(msg);
	size_t n = strlen(f->name);
	*line = *col = 0;
	if (m && strncmp(m, f->name, n) == 0 && m[n] == ':') {
		char *end;
		*line = strtoul(m + n + 1, &end, 10);
		if (*end == ':')
			*col = strtoul(end + 1, NULL, 10);
	}
}

/* f's problems in the order of the file (stable: an insertion sort; at most
 * PLAN_IMPORT_MAX_PROBLEMS of them). */
static void sort_problems(struct plan_file *f)
{
	size_t n = json_array_size(f->problems);
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0; k--) {
			unsigned long la, ca, lb, cb;
			problem_place(f, json_array_get(f->problems, k - 1), &la, &ca);
			problem_place(f, json_array_get(f->problems, k), &lb, &cb);
			if (la < lb || (la == lb && ca <= cb))
				break;
			json_t *x = json_incref(json_array_get(f->problems, k));
			json_array_set(f->problems, k, json_array_get(f->problems, k - 1));
			json_array_set_new(f->problems, k - 1, x);
		}
}

/* NULL-terminated array of the strings of list (borrowed). */
static const char **string_list(json_t *list)
{
	const char **out = xcalloc(json_array_size(list) + 1, sizeof *out);
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) out[i] = json_string_value(v);
	return out;
}

/* Leaves out of v (a plan, at any depth) every text that is empty or only white space,
 * which the rules take as not given: stored as nothing, not as "". */
static void drop_blank(json_t *v)
{
	if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) drop_blank(x);
	} else if (json_is_object(v)) {
		const char *key;
		json_t *x, *tmp;
		json_object_foreach_safe(v, tmp, key, x)
		{
			if (json_is_string(x) && !plan_known(json_string_value(x)))
				json_object_del(v, key);
			else
				drop_blank(x);
		}
	}
}

/* The "after" of a plan's audit record: the file's name and what it held. */
static json_t *audit_after(const struct plan_file *f, json_t *plan, const struct plan_import_done *d,
                           const char *status)
{
	/* The file's own name, never the folders it was in (they may name a person). */
	const char *base = strrchr(f->name, '/') ? strrchr(f->name, '/') + 1 : f->name;
	return json_pack("{s:s, s:O?, s:O?, s:O?, s:s, s:O?, s:s, s:I, s:I, s:I, s:I}", "file", base, "title",
	                 json_object_get(plan, "title"), "starts", json_object_get(plan, "starts"), "ends",
	                 json_object_get(plan, "ends"), "status", status ? status : "published", "source",
	                 json_object_get(plan, "source"), "shape", d->shape, "phases", (json_int_t)d->phases,
	                 "priorities", (json_int_t)d->groups, "actions", (json_int_t)d->items, "milestones",
	                 (json_int_t)d->milestones);
}

int plan_import(struct store *s, struct plan_file *f, bool replace, const char *actor, struct plan_import_done *done,
                size_t max, struct kerr *e)
{
	struct check c = {.s = s, .f = f, .replace = replace};
	/* The checks read what is stored inside the transaction that writes, so nothing
	 * can come to hang off an element between its check and its deletion. */
	if (store_begin(s, e) < 0)
		return -1;
	c.stored = store_plan_slugs(s, e);
	if (!c.stored) {
		store_rollback(s);
		return -1;
	}
	c.foundations = string_list(json_object_get(c.stored, "foundations"));
	c.fundamentals = string_list(json_object_get(c.stored, "fundamentals"));
	c.seen = json_pack("{s:o, s:o, s:o, s:o}", "plans", json_object(), "phases", json_object(), "priorities",
	                   json_object(), "actions", json_object());
	c.carried = json_array();
	c.typed = json_object();
	int rc = -1;
	size_t n = json_array_size(f->plans);
	struct plan_import_done *d = xcalloc(n ? n : 1, sizeof *d);
	json_t *befores = NULL;
	check_orphans(&c);
	if (!f->nproblems && n == 0)
		problem_at(f, 1, 1, "there is no plan in the file: nothing to import");
	size_t i;
	json_t *plan;
	json_array_foreach(f->plans, i, plan)
	{
		char path[64];
		snprintf(path, sizeof path, "plans[%zu]", i + f->base);
		check_plan(&c, plan, path, &d[i]);
	}
	json_t *link;
	json_array_foreach(c.carried, i, link)
	{
		const char *path = json_string_value(json_array_get(link, 0)), *slug = json_string_value(json_array_get(link, 1)),
		           *by = json_string_value(json_array_get(link, 2));
		char q[256];
		if (strcmp(slug, by) == 0)
			plan_file_problem(f, path, "carried_by: an action cannot carry itself on");
		else if (!action_known(&c, by))
			plan_file_problem(f, path, "carried_by: there is no action or route map '%s' in the file or in keep",
			                  shorten(by, q));
	}
	if (f->nproblems || json_array_size(f->problems)) {
		sort_problems(f);
		if (f->nproblems > PLAN_IMPORT_MAX_PROBLEMS) {
			char more[160];
			snprintf(more, sizeof more, "%s: and %zu more problems", f->name, f->nproblems - PLAN_IMPORT_MAX_PROBLEMS);
			json_array_append_new(f->problems, json_string(more));
		}
		kerr_set(e, KERR_INVALID, "%s: %zu problem%s; nothing was imported", f->name, f->nproblems,
		         f->nproblems == 1 ? "" : "s");
		goto fail;
	}
	/* All of it in one transaction, or none of it. */
	befores = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(befores, d[i].replaced ? store_resource_get(s, "plans", d[i].slug, NULL) : json_null());
	drop_blank(f->plans);
	json_array_foreach(f->plans, i, plan) if (store_plan_write_whole(s, plan, e) < 0) goto fail;
	json_array_foreach(f->plans, i, plan)
	{
		if (store_plan_carry(s, plan, e) < 0)
			goto fail;
		json_t *before = json_array_get(befores, i);
		/* the status as stored: the file's, or on a replace the one kept (store_plan_write_whole) */
		const char *status = sval(plan, "status");
		if (!plan_known(status) && d[i].replaced)
			status = sval(json_object_get(json_object_get(c.stored, "plans"), d[i].slug), "status");
		json_t *after = audit_after(f, plan, &d[i], status);
		int arc = store_audit_add(s, actor, "plan", d[i].slug, d[i].replaced ? "update" : "create",
		                          json_is_null(before) ? NULL : before, after, e);
		json_decref(after);
		if (arc < 0)
			goto fail;
	}
	if (store_commit(s, e) < 0)
		goto out;
	for (i = 0; i < n && i < max; i++)
		done[i] = d[i];
	rc = (int)n;
	goto out;
fail:
	store_rollback(s);
out:
	json_decref(befores);
	free(d);
	free(c.foundations);
	free(c.fundamentals);
	json_decref(c.stored);
	json_decref(c.seen);
	json_decref(c.carried);
	json_decref(c.typed);
	return rc;
}

void plan_import_words(const struct plan_import_done *d, char *out, size_t size)
{
	const struct plan_words *w = plan_shape_words(d->shape);
	snprintf(out, size, "%s: %zu phase%s, %zu %s, %zu %s, %zu milestone%s %s", d->title, d->phases,
	         d->phases == 1 ? "" : "s", d->groups, d->groups == 1 ? w->group : w->groups, d->items,
	         d->items == 1 ? w->item : w->items, d->milestones, d->milestones == 1 ? "" : "s",
	         d->replaced ? "replaced" : "imported");
}
