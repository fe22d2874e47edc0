/* Care records in memory, their code lists, and writing a checked batch to the database
 * (see records.h). The native format's reader is native.c. */
#include "measures/measures.h"
#include "measures/records.h"

#include "base/date.h"
#include "base/json.h"
#include "base/mem.h"
#include "place/place.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const records_file_names[RECORDS_NFILES] = {
	"children.csv", "episodes.csv", "placements.csv", "legal.csv", "siblings.csv", "school_changes.csv",
	"adoption_breakdowns.csv", "restraints.csv",
};

const char *const records_sex_codes[] = {"male", "female", "other", "not_known", NULL};
const char *const records_ethnic_group_codes[] = {
	"white_scottish", "white_other_british", "white_irish", "white_polish", "white_gypsy_traveller", "white_other",
	"mixed", "asian", "african", "caribbean_or_black", "other", "not_known", NULL,
};
const char *const records_disability_codes[] = {"yes", "no", "not_known", NULL};
const char *const records_end_reason_codes[] = {
	"home", "kinship", "adopted", "permanence_order", "continuing_care", "independent_living", "custody", "died",
	"other", "not_known", NULL,
};
const char *const records_placement_type_codes[] = {
	"home_parents", "kinship", "foster_council", "foster_purchased", "prospective_adopters", "other_community",
	"residential_council_home", "residential_voluntary_home", "residential_school", "secure", "crisis_care",
	"young_offender_institution", "residential_other", NULL,
};
const char *const records_legal_reason_codes[] = {
	"cso", "interim_cso", "section_25", "permanence_order", "child_protection_order", "warrant", "other", NULL,
};
const char *const records_relationship_codes[] = {"full", "half", "step", "other", NULL};
const char *const records_setting_codes[] = {"residential", "secure", "school", "foster", "kinship", "other", NULL};

int records_file_of(const char *name)
{
	for (int f = 0; f < RECORDS_NFILES; f++)
		if (strcmp(name, records_file_names[f]) == 0)
			return f;
	return -1;
}

void records_init(struct records *b, const char *council, int year)
{
	memset(b, 0, sizeof *b);
	snprintf(b->council, sizeof b->council, "%s", council);
	b->year = year;
}

void records_free(struct records *b)
{
	if (b->ids.p)
		secret_wipe(b->ids.p, b->ids.len);
	buf_free(&b->ids);
	buf_free(&b->text);
	free(b->children.v);
	free(b->episodes.v);
	free(b->placements.v);
	free(b->legal.v);
	free(b->siblings.v);
	free(b->school_changes.v);
	free(b->adoption_breakdowns.v);
	free(b->restraints.v);
	free(b->hash);
	memset(b, 0, sizeof *b);
}

/* Appends *row to the array a (a RECORDS_ARRAY), growing it by half again. */
#define PUSH(a, row)                                                          \
	do {                                                                      \
		if ((a).n == (a).cap) {                                               \
			(a).cap = (a).cap ? (a).cap + (a).cap / 2 : 256;                   \
			(a).v = xrealloc((a).v, (a).cap * sizeof *(a).v);                  \
		}                                                                     \
		(a).v[(a).n++] = *(row);                                              \
	} while (0)

uint32_t records_text(struct records *b, const char *text, size_t n)
{
	uint32_t at = (uint32_t)b->text.len;
	buf_put(&b->text, text, n);
	buf_putc(&b->text, '\0');
	return at;
}

uint32_t records_add_child(struct records *b, const char *id, size_t n, const struct records_child *c)
{
	struct records_child row = *c;
	row.id = (uint32_t)b->ids.len;
	buf_put(&b->ids, id, n);
	buf_putc(&b->ids, '\0');
	PUSH(b->children, &row);
	return (uint32_t)(b->children.n - 1);
}

void records_add_episode(struct records *b, const struct records_episode *r) { PUSH(b->episodes, r); }
void records_add_placement(struct records *b, const struct records_placement *r) { PUSH(b->placements, r); }
void records_add_legal(struct records *b, const struct records_legal *r) { PUSH(b->legal, r); }
void records_add_sibling(struct records *b, const struct records_sibling *r) { PUSH(b->siblings, r); }
void records_add_school_change(struct records *b, const struct records_school_change *r)
{
	PUSH(b->school_changes, r);
}
void records_add_adoption_breakdown(struct records *b, const struct records_adoption_breakdown *r)
{
	PUSH(b->adoption_breakdowns, r);
}
void records_add_restraint(struct records *b, const struct records_restraint *r) { PUSH(b->restraints, r); }

size_t records_count(const struct records *b, enum records_file file)
{
	switch (file) {
	case RECORDS_CHILDREN: return b->children.n;
	case RECORDS_EPISODES: return b->episodes.n;
	case RECORDS_PLACEMENTS: return b->placements.n;
	case RECORDS_LEGAL: return b->legal.n;
	case RECORDS_SIBLINGS: return b->siblings.n;
	case RECORDS_SCHOOL_CHANGES: return b->school_changes.n;
	case RECORDS_ADOPTION_BREAKDOWNS: return b->adoption_breakdowns.n;
	case RECORDS_RESTRAINTS: return b->restraints.n;
	case RECORDS_NFILES: break;
	}
	return 0;
}

void records_pseudonymise(struct records *b, const unsigned char key[SECRET_KEY_LEN])
{
	if (b->hash)
		return;
	b->hash = xmalloc((b->children.n ? b->children.n : 1) * sizeof *b->hash);
	/* council ":" id: the council is part of the message, so that two councils' children
	 * with the same local id get different pseudonyms. */
	struct secret_hmac *h = secret_hmac_new(key);
	struct buf msg = {0};
	buf_puts(&msg, b->council);
	buf_putc(&msg, ':');
	size_t prefix = msg.len;
	for (size_t i = 0; i < b->children.n; i++) {
		msg.len = prefix;
		buf_puts(&msg, b->ids.p + b->children.v[i].id);
		secret_hmac_hex_with(h, msg.p, msg.len, b->hash[i]);
	}
	secret_hmac_free(h);
	if (msg.p)
		secret_wipe(msg.p, msg.len);
	buf_free(&msg);
	if (b->ids.p)
		secret_wipe(b->ids.p, b->ids.len);
}

/* ---------------------------------------------------------------- rules between rows */

/* Row i's child, start and end in file (episodes or placements). */
static void span(const struct records *b, enum records_file file, uint32_t i, uint32_t *child, int32_t *start,
                 int32_t *end)
{
	if (file == RECORDS_EPISODES) {
		*child = b->episodes.v[i].child;
		*start = b->episodes.v[i].start;
		*end = b->episodes.v[i].end;
	} else {
		*child = b->placements.v[i].child;
		*start = b->placements.v[i].start;
		*end = b->placements.v[i].end;
	}
}

struct sort_ctx {
	const struct records *b;
	enum records_file file;
};

/* By child, then start, then row (qsort_r: the batch is the context, so readers may run
 * in several threads). */
static int by_child_start(const void *pa, const void *pb, void *ctx)
{
	const struct sort_ctx *c = ctx;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb, ca, cb;
	int32_t sa, sb, ea, eb;
	span(c->b, c->file, a, &ca, &sa, &ea);
	span(c->b, c->file, b, &cb, &sb, &eb);
	if (ca != cb)
		return ca < cb ? -1 : 1;
	if (sa != sb)
		return sa < sb ? -1 : 1;
	return a < b ? -1 : a > b;
}

void records_by_child_make(const struct records *b, enum records_file file, struct records_by_child *ix)
{
	size_t n = records_count(b, file), nchildren = b->children.n;
	ix->idx = xmalloc((n ? n : 1) * sizeof *ix->idx);
	ix->first = xcalloc(nchildren + 1, sizeof *ix->first);
	for (size_t i = 0; i < n; i++)
		ix->idx[i] = (uint32_t)i;
	struct sort_ctx ctx = {b, file};
	/* Files are mostly written in that order already: then the sort is skipped. */
	bool sorted = true;
	for (size_t i = 1; i < n && sorted; i++)
		sorted = by_child_start(&ix->idx[i - 1], &ix->idx[i], &ctx) < 0;
	if (!sorted)
		qsort_r(ix->idx, n, sizeof *ix->idx, by_child_start, &ctx);
	/* first[c]: the first k whose row's child is c or later. */
	size_t k = 0;
	for (size_t c = 0; c <= nchildren; c++) {
		uint32_t child;
		int32_t s, e;
		while (k < n && (span(b, file, ix->idx[k], &child, &s, &e), child < c))
			k++;
		ix->first[c] = (uint32_t)k;
	}
}

void records_by_child_free(struct records_by_child *ix)
{
	free(ix->idx);
	free(ix->first);
	ix->idx = ix->first = NULL;
}

long records_holding(const struct records *b, enum records_file file, const struct records_by_child *ix,
                     uint32_t child, int32_t day)
{
	for (uint32_t k = ix->first[child]; k < ix->first[child + 1]; k++) {
		uint32_t c;
		int32_t start, end;
		span(b, file, ix->idx[k], &c, &start, &end);
		if (start <= day && day <= end)
			return (long)ix->idx[k];
	}
	return -1;
}

long records_episode_of(const struct records *b, const uint32_t *rows, size_t n, int32_t start, int32_t end)
{
	for (size_t k = n; k-- > 0;) {
		const struct records_episode *e = &b->episodes.v[rows[k]];
		if (e->start <= start && end <= e->end)
			return (long)k;
	}
	return -1;
}

void records_overlaps(const struct records *b, enum records_file file, const struct records_by_child *ix,
                      void (*found)(void *arg, uint32_t row, uint32_t earlier), void *arg)
{
	for (size_t c = 0; c < b->children.n; c++) {
		int32_t reach = 0;
		uint32_t reach_row = 0;
		for (uint32_t k = ix->first[c]; k < ix->first[c + 1]; k++) {
			uint32_t i = ix->idx[k], child;
			int32_t start, end;
			span(b, file, i, &child, &start, &end);
			if (k > ix->first[c] && start < reach)
				found(arg, i, reach_row);
			if (k == ix->first[c] || end > reach) {
				reach = end;
				reach_row = i;
			}
		}
	}
}

/* ---------------------------------------------------------------- writing */

/* A date for the database: YYYY-MM-DD into out, or NULL (an end not given). Digits
 * by hand: printf was a tenth of an import's time. */
static const char *iso(int32_t days, char out[11])
{
	if (days == RECORDS_OPEN || days == RECORDS_UNKNOWN)
		return NULL;
	struct kdate d = date_from_days(days);
	int y = d.y % 10000;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + d.m / 10);
	out[6] = (char)('0' + d.m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d.d / 10);
	out[9] = (char)('0' + d.d % 10);
	out[10] = '\0';
	return out;
}

#define TEXT(s) ((struct store_value){.text = (s)})
#define INT(n) ((struct store_value){.i = (long long)(n), .is_int = true})
/* Children are numbered from 1 in the database (0 is no child anywhere). */
#define CHILD(c) INT((long long)(c) + 1)

struct writer {
	struct store_care *w;
	struct records *b;
	records_progress progress;
	void *arg;
	size_t done, total;
};

/* Counts one row written, and now and then says how far. */
static void tick(struct writer *wr)
{
	if (wr->progress && ++wr->done % 65536 == 0)
		wr->progress("writing", wr->done, wr->total, wr->arg);
}

/* The row numbers 0..n-1 of an array of n rows of size bytes, each starting with its
 * child (uint32_t: every row struct's first member), ordered by child and, within a
 * child, as they came (a counting sort: stable, linear). */
static uint32_t *order_by_child(const void *rows, size_t n, size_t size, size_t nchildren)
{
	uint32_t *start = xcalloc(nchildren + 1, sizeof *start);
	uint32_t *order = xmalloc((n ? n : 1) * sizeof *order);
	for (size_t i = 0; i < n; i++)
		start[*(const uint32_t *)((const char *)rows + i * size) + 1]++;
	for (size_t c = 0; c < nchildren; c++)
		start[c + 1] += start[c];
	for (size_t i = 0; i < n; i++)
		order[start[*(const uint32_t *)((const char *)rows + i * size)]++] = (uint32_t)i;
	free(start);
	return order;
}

#define ORDER(a) order_by_child((a).v, (a).n, sizeof *(a).v, b->children.n)

/* Writes every row of b, each table in turn, each in the order of its key (child, seq). */
static int write_rows(struct writer *wr, struct kerr *e)
{
	struct records *b = wr->b;
	struct store_care *w = wr->w;
	char d1[11], d2[11], month[16];
	int rc = 0;
	for (size_t i = 0; i < b->children.n && rc == 0; i++) {
		const struct records_child *c = &b->children.v[i];
		struct kdate dob = date_from_days(c->birth);
		snprintf(month, sizeof month, "%04d-%02d", dob.y % 10000, dob.m % 100);
		struct store_value v[] = {CHILD(i),
		                          TEXT(b->hash[i]),
		                          TEXT(month),
		                          TEXT(records_sex_codes[c->sex]),
		                          TEXT(records_ethnic_group_codes[c->ethnic_group]),
		                          TEXT(records_disability_codes[c->disability])};
		rc = store_care_row(w, STORE_CARE_CHILD, v, e);
		tick(wr);
	}
	uint32_t *o = ORDER(b->episodes);
	for (size_t k = 0; k < b->episodes.n && rc == 0; k++) {
		const struct records_episode *r = &b->episodes.v[o[k]];
		struct store_value v[] = {
			CHILD(r->child), INT(k), TEXT(iso(r->start, d1)), TEXT(iso(r->end, d2)),
			TEXT(r->end_reason == RECORDS_NO_CODE ? NULL : records_end_reason_codes[r->end_reason]),
			INT(r->continued)};
		rc = store_care_row(w, STORE_CARE_EPISODE, v, e);
		tick(wr);
	}
	free(o);
	o = ORDER(b->placements);
	for (size_t k = 0; k < b->placements.n && rc == 0; k++) {
		const struct records_placement *r = &b->placements.v[o[k]];
		struct store_value v[] = {CHILD(r->child),
		                          INT(k),
		                          TEXT(iso(r->start, d1)),
		                          TEXT(iso(r->end, d2)),
		                          TEXT(records_placement_type_codes[r->type]),
		                          TEXT(r->provider == RECORDS_NO_TEXT ? NULL : b->text.p + r->provider),
		                          TEXT(r->council[0] ? r->council : NULL),
		                          r->where_unknown ? TEXT(NULL) : INT(r->outside_scotland),
		                          TEXT(r->location[0] ? r->location : NULL),
		                          TEXT(r->home[0] ? r->home : NULL),
		                          TEXT(r->service[0] ? r->service : NULL),
		                          TEXT(records_sector(r) >= 0 ? place_sector_keys[records_sector(r)] : NULL)};
		rc = store_care_row(w, STORE_CARE_PLACEMENT, v, e);
		tick(wr);
	}
	free(o);
	o = ORDER(b->legal);
	for (size_t k = 0; k < b->legal.n && rc == 0; k++) {
		const struct records_legal *r = &b->legal.v[o[k]];
		struct store_value v[] = {CHILD(r->child), INT(k), TEXT(iso(r->start, d1)), TEXT(iso(r->end, d2)),
		                          TEXT(records_legal_reason_codes[r->reason])};
		rc = store_care_row(w, STORE_CARE_LEGAL, v, e);
		tick(wr);
	}
	free(o);
	o = ORDER(b->siblings);
	for (size_t k = 0; k < b->siblings.n && rc == 0; k++) {
		const struct records_sibling *r = &b->siblings.v[o[k]];
		struct store_value v[] = {CHILD(r->child), INT(k), CHILD(r->sibling),
		                          TEXT(records_relationship_codes[r->relationship])};
		rc = store_care_row(w, STORE_CARE_SIBLING, v, e);
		tick(wr);
	}
	free(o);
	o = ORDER(b->school_changes);
	for (size_t k = 0; k < b->school_changes.n && rc == 0; k++) {
		const struct records_school_change *r = &b->school_changes.v[o[k]];
		struct store_value v[] = {CHILD(r->child), INT(k), TEXT(iso(r->date, d1)), TEXT(b->text.p + r->from_school),
		                          TEXT(b->text.p + r->to_school), INT(r->with_placement_move)};
		rc = store_care_row(w, STORE_CARE_SCHOOL_CHANGE, v, e);
		tick(wr);
	}
	free(o);
	o = ORDER(b->adoption_breakdowns);
	for (size_t k = 0; k < b->adoption_breakdowns.n && rc == 0; k++) {
		const struct records_adoption_breakdown *r = &b->adoption_breakdowns.v[o[k]];
		/* An SSDA903 return may not know the order's date (docs/data-spec.md): NULL. */
		struct store_value v[] = {CHILD(r->child), INT(k),
		                          TEXT(r->order_date == RECORDS_UNKNOWN ? NULL : iso(r->order_date, d1)),
		                          TEXT(iso(r->disruption_date, d2))};
		rc = store_care_row(w, STORE_CARE_ADOPTION_BREAKDOWN, v, e);
		tick(wr);
	}
	free(o);
	o = ORDER(b->restraints);
	for (size_t k = 0; k < b->restraints.n && rc == 0; k++) {
		const struct records_restraint *r = &b->restraints.v[o[k]];
		struct store_value v[] = {CHILD(r->child), INT(k), TEXT(iso(r->date, d1)),
		                          TEXT(records_setting_codes[r->setting])};
		rc = store_care_row(w, STORE_CARE_RESTRAINT, v, e);
		tick(wr);
	}
	free(o);
	return rc;
}

/* The audit record's view of an import: council, year and each file's row count. */
static json_t *import_summary(const struct records *b)
{
	json_t *files = json_object();
	for (int f = 0; f < RECORDS_NFILES; f++)
		if (b->given[f])
			json_object_set_new(files, records_file_names[f], json_integer((json_int_t)records_count(b, f)));
	return json_pack("{s:s, s:i, s:o}", "council", b->council, "year", b->year, "files", files);
}

int records_save(struct store *s, struct records *b, const unsigned char key[SECRET_KEY_LEN], const char *actor,
                 records_progress progress, void *arg, bool *replaced, struct kerr *e)
{
	if (replaced)
		*replaced = false;
	records_pseudonymise(b, key);
	long long count[STORE_CARE_TABLES];
	_Static_assert((int)STORE_CARE_TABLES == (int)RECORDS_NFILES, "one table per file");
	struct writer wr = {.b = b, .progress = progress, .arg = arg};
	for (int f = 0; f < RECORDS_NFILES; f++) {
		count[f] = b->given[f] ? (long long)records_count(b, f) : -1;
		wr.total += records_count(b, f);
	}
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = NULL, *after = NULL;
	if (!(wr.w = store_care_begin(s, b->council, b->year, !b->year_only, count, &before, e)) || write_rows(&wr, e) < 0)
		goto fail;
	int ended = store_care_end(wr.w, e);
	wr.w = NULL;
	if (ended < 0)
		goto fail;
	/* The published tables this import can change, worked out again in its transaction:
	 * /measures reads them and never works a table out per view. */
	if (measures_store_tables(s, b->year, e) < 0)
		goto fail;
	if (progress)
		progress("writing", wr.total, wr.total, arg);
	/* The audit keeps what the import was, never a child's row: the earlier import as
	 * the store shows it (council, year, created, files), and this one's counts. */
	after = import_summary(b);
	char id[32];
	snprintf(id, sizeof id, "%s/%d", b->council, b->year);
	if (store_audit_add(s, actor, "records-import", id, before ? "update" : "create", before, after, e) < 0 ||
	    store_commit(s, e) < 0)
		goto fail;
	if (replaced)
		*replaced = before != NULL;
	json_decref(before);
	json_decref(after);
	return 0;
fail:
	store_care_abort(wr.w);
	store_rollback(s);
	json_decref(before);
	json_decref(after);
	return -1;
}

/* ---------------------------------------------------------------- children by id */

static uint64_t id_hash(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211u;
	return h;
}

/* The slot of id p[0..n) (whose id_hash is h): the one holding it, or the empty one
 * where it would go. */
static size_t slot_of(const struct records_index *x, const struct records *b, const char *p, size_t n, uint64_t h)
{
	size_t mask = x->nslots - 1;
	uint32_t top = (uint32_t)(h >> 32);
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		uint32_t s = x->slots[i].child;
		if (s == 0)
			return i;
		if (x->slots[i].top != top || x->len[s - 1] != n)
			continue;
		if (memcmp(b->ids.p + b->children.v[s - 1].id, p, n) == 0)
			return i;
	}
}

/* Keeps the table at most half full once it holds n children. */
static void slots_grow(struct records_index *x, const struct records *b, size_t n)
{
	if (x->nslots && n * 2 < x->nslots)
		return;
	size_t old = x->nslots;
	struct records_slot *was = x->slots;
	x->nslots = old ? old * 2 : 1024;
	x->slots = xcalloc(x->nslots, sizeof *x->slots);
	size_t mask = x->nslots - 1;
	for (size_t i = 0; i < old; i++)
		if (was[i].child) {
			/* Ids in the table are all different: the first empty slot is its. */
			uint32_t c = was[i].child - 1;
			size_t at = (size_t)id_hash(b->ids.p + b->children.v[c].id, x->len[c]) & mask;
			while (x->slots[at].child)
				at = (at + 1) & mask;
			x->slots[at] = was[i];
		}
	free(was);
}

uint32_t records_index_seek(struct records_index *x, const struct records *b, const char *p, size_t n,
                            struct records_seat *seat)
{
	slots_grow(x, b, b->children.n + 1);
	uint64_t h = id_hash(p, n);
	seat->at = slot_of(x, b, p, n, h);
	seat->top = (uint32_t)(h >> 32);
	return x->slots[seat->at].child;
}

void records_index_take(struct records_index *x, const struct records *b, uint32_t c, size_t n,
                        struct records_seat seat)
{
	if (x->cap < b->children.cap) {
		x->cap = b->children.cap;
		x->len = xrealloc(x->len, x->cap * sizeof *x->len);
	}
	x->len[c] = (uint32_t)n;
	x->slots[seat.at] = (struct records_slot){c + 1, seat.top};
}

uint32_t records_index_find(struct records_index *x, const struct records *b, const char *p, size_t n)
{
	if (!x->nslots)
		return 0;
	uint32_t last = x->last_found;
	if (last && x->len[last - 1] == n && memcmp(b->ids.p + b->children.v[last - 1].id, p, n) == 0)
		return last;
	if (last < b->children.n && x->len[last] == n && memcmp(b->ids.p + b->children.v[last].id, p, n) == 0)
		return x->last_found = last + 1;
	uint32_t s = x->slots[slot_of(x, b, p, n, id_hash(p, n))].child;
	if (s)
		x->last_found = s;
	return s;
}

void records_index_free(struct records_index *x)
{
	free(x->slots);
	free(x->len);
	memset(x, 0, sizeof *x);
}

/* ---------------------------------------------------------------- locations */

static bool upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A postcode's outward code (its district): A9, A99, AA9, AA99, A9A or AA9A. */
static bool outward(const char *s, size_t n)
{
	if (n < 2 || n > 4 || !upper(s[0]))
		return false;
	size_t i = upper(s[1]) ? 2 : 1;
	if (i >= n || !digit(s[i]))
		return false;
	i++;
	if (i < n && (digit(s[i]) || upper(s[i])))
		i++;
	return i == n;
}

bool records_location(const char *p, size_t len, bool grid, char *out)
{
	char s[16];
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = p[i];
		if (c == ' ')
			continue;
		if (n == sizeof s - 1)
			return false;
		s[n++] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
	}
	s[n] = '\0';
	/* A grid reference: two letters of the British grid, then an even number of digits. */
	if (grid && n >= 4 && n <= 12 && strchr("HJNOST", s[0]) && upper(s[1]) && s[1] != 'I' && (n - 2) % 2 == 0) {
		bool digits = true;
		for (size_t i = 2; i < n; i++)
			digits = digits && digit(s[i]);
		if (digits) {
			size_t half = (n - 2) / 2;
			if (half == 1) {
				memcpy(out, s, 4);
				out[4] = '\0';
			} else
				snprintf(out, 9, "%c%c%c%c%c%c", s[0], s[1], s[2], s[3], s[2 + half], s[3 + half]);
			return true;
		}
	}
	if (outward(s, n)) {
		memcpy(out, s, n); /* n <= 4 */
		out[n] = '\0';
		return true;
	}
	/* A whole postcode: the outward code, then the inward code 9AA. */
	if (n >= 5 && n <= 7 && digit(s[n - 3]) && upper(s[n - 2]) && upper(s[n - 1]) && outward(s, n - 3)) {
		memcpy(out, s, n - 3); /* n - 3 <= 4 */
		out[n - 3] = '\0';
		return true;
	}
	return false;
}

/* ---------------------------------------------------------------- problems */

void records_problem(struct records_problems *p, size_t line, size_t col, const char *fmt, ...)
{
	p->file_count++;
	if (p->count++ >= RECORDS_MAX_PROBLEMS)
		return;
	struct buf msg = {0};
	buf_printf(&msg, "%s:%zu:%zu: ", p->name, line, col);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	json_array_append_new(p->list, json_text(buf_str(&msg), msg.len));
	buf_free(&msg);
}

void records_problem_text(struct records_problems *p, const char *msg)
{
	p->file_count++;
	if (p->count++ < RECORDS_MAX_PROBLEMS)
		json_array_append_new(p->list, json_string(msg));
}

int records_problems_end(struct records_problems *p, struct kerr *e)
{
	if (p->count == 0)
		return 0;
	if (p->count > RECORDS_MAX_PROBLEMS) {
		size_t more = p->count - RECORDS_MAX_PROBLEMS;
		char msg[96];
		snprintf(msg, sizeof msg, "and %zu more problem%s", more, more == 1 ? "" : "s");
		json_array_append_new(p->list, json_string(msg));
	}
	return kerr_set(e, KERR_INVALID, "%zu problem%s in the records: nothing was imported", p->count,
	                p->count == 1 ? "" : "s");
}
