/* The reader of England's SSDA903 return (Department for Education) for care records,
 * read as published (docs/data-spec.md, "England's SSDA903 files", is the contract):
 * Header.csv and Episodes.csv, and PrevPerm.csv when given. It fills the same batch as
 * the native reader, so the import, the pseudonymisation and the measures are the same.
 *
 * An SSDA903 episode is a row that starts whenever the child's legal status or
 * placement changes; keep's episode (a period of care) is the chain of rows from one
 * whose RNE is S (or the child's first row: the episode open when the return's year
 * began) to the first whose REC is not X1. The chain is worked out once the whole
 * Episodes file is read: its rows are sorted by child and DECOM, and the checks between
 * rows (overlaps, a chain that breaks) are made on that order and reported by line.
 * Those checks, and the batch, are made only when Header.csv was read to its end and
 * Episodes.csv had no problem in any one row, so that one mistake is reported once.
 *
 * Privacy: as the native reader, a value is quoted in a message only when it has the
 * shape of a code, a date, a postcode or a column's name and is no child's id known so
 * far nor its own row's; HOME_POST (where the child's family lives) is never quoted, and
 * is kept as its district only. */
#include "measures/records.h"

#include "base/csv.h"
#include "base/date.h"
#include "base/embed.h"
#include "base/json.h"
#include "base/mem.h"
#include "place/place.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAXCOL 13
#define MAX_COUNCILS 64

const char *const ssda903_file_names[SSDA903_NFILES] = {
	"Header.csv", "Episodes.csv", "PrevPerm.csv", "PlacedAdoption.csv", "Reviews.csv",
	"UASC.csv",   "OC2.csv",      "OC3.csv",      "AD1.csv",            "Missing.csv",
};

int ssda903_file_of(const char *name)
{
	for (int f = 0; f < SSDA903_NFILES; f++)
		if (strcasecmp(name, ssda903_file_names[f]) == 0)
			return f;
	return -1;
}

bool ssda903_file_read(int file)
{
	return file == SSDA903_HEADER || file == SSDA903_EPISODES || file == SSDA903_PREV_PERM;
}

/* The columns of the files keep reads, as published (in any order). */
static const char *const columns[3][MAXCOL + 1] = {
	[SSDA903_HEADER] = {"CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB", NULL},
	[SSDA903_EPISODES] = {"CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
	                      "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN", NULL},
	[SSDA903_PREV_PERM] = {"CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM", NULL},
};
enum { H_CHILD, H_SEX, H_DOB, H_ETHNIC };
enum { E_CHILD, E_DECOM, E_RNE, E_LS, E_CIN, E_PLACE, E_PROVIDER, E_DEC, E_REC, E_RPC, E_HOME_POST, E_PL_POST, E_URN };
enum { P_CHILD, P_DOB, P_PREV, P_LA, P_DATE };

/* ---------------------------------------------------------------- code tables */

/* A published code and what keep makes of it (an index into one of records.h's lists). */
struct map {
	const char *code;
	uint8_t to;
};

enum { SEX_MALE = 0, SEX_FEMALE = 1 };
static const struct map sex_map[] = {{"1", SEX_MALE}, {"2", SEX_FEMALE}, {NULL, 0}};

/* ETHNIC: England's census groups to keep's (the Scottish census groups, shortened). */
enum { EG_WHITE_OTHER_BRITISH = 1, EG_WHITE_IRISH = 2, EG_GYPSY = 4, EG_WHITE_OTHER = 5, EG_MIXED = 6,
       EG_ASIAN = 7, EG_AFRICAN = 8, EG_CARIBBEAN_BLACK = 9, EG_OTHER = 10, EG_NOT_KNOWN = 11 };
static const struct map ethnic_map[] = {
	{"WBRI", EG_WHITE_OTHER_BRITISH}, {"WIRI", EG_WHITE_IRISH}, {"WIRT", EG_GYPSY}, {"WROM", EG_GYPSY},
	{"WOTH", EG_WHITE_OTHER},         {"MWBC", EG_MIXED},       {"MWBA", EG_MIXED}, {"MWAS", EG_MIXED},
	{"MOTH", EG_MIXED},               {"AIND", EG_ASIAN},       {"APKN", EG_ASIAN}, {"ABAN", EG_ASIAN},
	{"AOTH", EG_ASIAN},               {"CHNE", EG_ASIAN},       {"BAFR", EG_AFRICAN},
	{"BCRB", EG_CARIBBEAN_BLACK},     {"BOTH", EG_CARIBBEAN_BLACK}, {"OOTH", EG_OTHER},
	{"REFU", EG_NOT_KNOWN},           {"NOBT", EG_NOT_KNOWN},   {NULL, 0},
};

enum { RNE_S, RNE_L, RNE_P, RNE_T, RNE_U, RNE_B };
static const struct map rne_map[] = {{"S", RNE_S}, {"L", RNE_L}, {"P", RNE_P}, {"T", RNE_T},
                                     {"U", RNE_U}, {"B", RNE_B}, {NULL, 0}};

/* LS (legal status) to keep's legal reasons (cso, interim_cso, section_25,
 * permanence_order, child_protection_order, warrant, other). */
enum { LR_CSO, LR_INTERIM, LR_S25, LR_PERMANENCE, LR_PROTECTION, LR_WARRANT, LR_OTHER };
static const struct map ls_map[] = {
	{"C1", LR_INTERIM}, {"C2", LR_CSO},        {"D1", LR_PERMANENCE}, {"E1", LR_PERMANENCE}, {"V2", LR_S25},
	{"V3", LR_S25},     {"V4", LR_S25},        {"J1", LR_OTHER},      {"J2", LR_OTHER},      {"J3", LR_OTHER},
	{"L1", LR_PROTECTION}, {"L2", LR_PROTECTION}, {"L3", LR_PROTECTION}, {NULL, 0},
};

static const struct map cin_map[] = {{"N1", 0}, {"N2", 0}, {"N3", 0}, {"N4", 0}, {"N5", 0},
                                     {"N6", 0}, {"N7", 0}, {"N8", 0}, {NULL, 0}};

/* PLACE to keep's placement types (records_placement_type_codes' order; keep's
 * crisis_care has no SSDA903 code); PLACE_K2 and PLACE_FOSTER are decided with
 * PLACE_PROVIDER (placement_type). */
enum { RT_HOME, RT_KINSHIP, RT_FOSTER_COUNCIL, RT_FOSTER_PURCHASED, RT_ADOPTERS, RT_COMMUNITY,
       RT_RES_COUNCIL, RT_RES_VOLUNTARY, RT_RES_SCHOOL, RT_SECURE, RT_CRISIS, RT_YOI, RT_RES_OTHER };
enum { PLACE_K2 = 101, PLACE_FOSTER = 102 };
static const struct map place_map[] = {
	{"A3", RT_ADOPTERS},    {"A4", RT_ADOPTERS},    {"A5", RT_ADOPTERS},      {"A6", RT_ADOPTERS},
	{"H5", RT_COMMUNITY},   {"K1", RT_SECURE},      {"K2", PLACE_K2},         {"P1", RT_HOME},
	{"P2", RT_COMMUNITY},   {"P3", RT_RES_OTHER},   {"R1", RT_RES_OTHER},     {"R2", RT_RES_OTHER},
	{"R3", RT_RES_OTHER},   {"R5", RT_YOI},         {"S1", RT_RES_SCHOOL},    {"T0", RT_COMMUNITY},
	{"T1", RT_COMMUNITY},   {"T2", RT_COMMUNITY},   {"T3", RT_COMMUNITY},     {"T4", RT_COMMUNITY},
	{"U1", RT_KINSHIP},     {"U2", RT_KINSHIP},     {"U3", RT_KINSHIP},       {"U4", PLACE_FOSTER},
	{"U5", PLACE_FOSTER},   {"U6", PLACE_FOSTER},   {"Z1", RT_COMMUNITY},     {NULL, 0},
};

enum { PR0, PR1, PR2, PR3, PR4, PR5, PR_NONE = 255 };
static const struct map provider_map[] = {{"PR0", PR0}, {"PR1", PR1}, {"PR2", PR2}, {"PR3", PR3},
                                          {"PR4", PR4}, {"PR5", PR5}, {NULL, 0}};

/* REC to keep's end reasons (home, kinship, adopted, permanence_order, continuing_care,
 * independent_living, custody, died, other, not_known); REC_X1: a new episode follows. */
enum { ER_HOME, ER_KINSHIP, ER_ADOPTED, ER_PERMANENCE, ER_CONTINUING, ER_INDEPENDENT, ER_CUSTODY, ER_DIED,
       ER_OTHER, ER_NOT_KNOWN, REC_X1 = 200 };
static const struct map rec_map[] = {
	{"X1", REC_X1},      {"E11", ER_ADOPTED},      {"E12", ER_ADOPTED},      {"E2", ER_DIED},
	{"E3", ER_OTHER},    {"E4A", ER_HOME},         {"E4B", ER_HOME},         {"E13", ER_KINSHIP},
	{"E41", ER_PERMANENCE}, {"E45", ER_PERMANENCE}, {"E46", ER_PERMANENCE}, {"E47", ER_PERMANENCE},
	{"E48", ER_PERMANENCE}, {"E5", ER_INDEPENDENT}, {"E6", ER_INDEPENDENT},  {"E7", ER_OTHER},
	{"E8", ER_OTHER},    {"E9", ER_CUSTODY},       {"E14", ER_OTHER},        {"E15", ER_OTHER},
	{"E16", ER_OTHER},   {"E17", ER_CONTINUING},   {NULL, 0},
};

static const struct map rpc_map[] = {
	{"CARPL", 0}, {"CLOSE", 0}, {"ALLEG", 0}, {"STAND", 0}, {"APPRR", 0},  {"CREQB", 0},
	{"CREQO", 0}, {"CHILD", 0}, {"LAREQ", 0}, {"PLACE", 0}, {"CUSTOD", 0}, {"OTHER", 0}, {NULL, 0},
};

/* PREV_PERM, the permanence order a child starting to be looked after had before: P1
 * adoption (so the adoption broke down), P2 special guardianship order, P3 residence or
 * child arrangements order, P4 not known, Z1 none. */
enum { PP_ADOPTION, PP_SGO, PP_CAO, PP_NOT_KNOWN, PP_NONE };
static const struct map prev_perm_map[] = {{"P1", PP_ADOPTION}, {"P2", PP_SGO},  {"P3", PP_CAO},
                                           {"P4", PP_NOT_KNOWN}, {"Z1", PP_NONE}, {NULL, 0}};

/* ---------------------------------------------------------------- the reader */

/* One Episodes row as read, kept for the checks between rows and the batch. */
struct ep_row {
	uint32_t child, line;
	uint32_t col_decom, col_rne, col_place, col_rec;
	int32_t decom, dec; /* dec RECORDS_OPEN while it goes on */
	uint32_t urn;       /* offset in b->text, or RECORDS_NO_TEXT */
	uint8_t rne, ls, place, provider, rec;
	uint8_t rec_code; /* index in rec_map, for messages */
	uint8_t place_code;
	bool short_break; /* LS is V3 or V4 */
	char post[5]; /* PL_POST's district, or "" */
	char home[5]; /* HOME_POST's district, or "" */
};

/* A problem between rows, formatted when reported (in line order). */
enum later_kind { L_OVERLAP, L_AFTER_END_NOT_S, L_S_AFTER_X1, L_GAP, L_X1_LAST, L_L_PLACE };
struct later {
	uint32_t line, col, other_line;
	uint8_t kind, a, b;
	int32_t day;
};

struct reader {
	struct records *b;
	struct records_problems pr;
	int32_t today, limit, oldest;
	char limit_words[32];
	struct records_index ix; /* Header's children by id */
	uint32_t *child_line;
	size_t child_cap;
	bool header_ok;
	struct ep_row *rows;
	size_t nrows, caprows;
	struct later *later;
	size_t nlater, caplater;
	const struct csv_field *row_id;
	/* Per child, once Episodes.csv is read and checked: the DECOM of the first row whose
	 * RNE is S (RECORDS_UNKNOWN when none), and its line; else NULL. */
	int32_t *started;
	uint32_t *started_line;
	uint32_t *perm_line; /* per child, its line in PrevPerm.csv, or 0 */
};

static bool is(const struct csv_field *f, const char *s)
{
	size_t n = strlen(s);
	return f->n == n && memcmp(f->p, s, n) == 0;
}

static bool all_in(const char *p, size_t n, const char *set)
{
	for (size_t i = 0; i < n; i++)
		if (!p[i] || !strchr(set, p[i]))
			return false;
	return true;
}

#define UPPER "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define LOWER "abcdefghijklmnopqrstuvwxyz"
#define DIGITS "0123456789"

/* ---- children */

/* The number + 1 of the child whose id is p[0..n), or 0. */
static uint32_t child_find(struct reader *rd, const char *p, size_t n)
{
	return records_index_find(&rd->ix, rd->b, p, n);
}

/* ---- values */

enum shape { SHAPE_CODE, SHAPE_DATE, SHAPE_POSTCODE, SHAPE_COLUMN };

/* Whether f may be quoted in a message about a value meant to have shape (see the top). */
static bool quotable(struct reader *rd, const struct csv_field *f, enum shape shape)
{
	if (f->n == 0 || f->n > 40)
		return false;
	bool shaped = false;
	switch (shape) {
	case SHAPE_CODE: shaped = all_in(f->p, f->n, UPPER LOWER DIGITS "_"); break;
	case SHAPE_DATE: shaped = all_in(f->p, f->n, DIGITS "-/.") && !all_in(f->p, f->n, DIGITS); break;
	case SHAPE_POSTCODE: shaped = strchr(UPPER LOWER, f->p[0]) && all_in(f->p, f->n, UPPER LOWER DIGITS " "); break;
	case SHAPE_COLUMN: shaped = all_in(f->p, f->n, UPPER LOWER DIGITS "_"); break;
	}
	if (!shaped || child_find(rd, f->p, f->n) != 0)
		return false;
	const struct csv_field *id = rd->row_id;
	return !(id && id != f && id->n == f->n && memcmp(id->p, f->p, f->n) == 0);
}

static const char *quote(const struct csv_field *f, char out[64])
{
	snprintf(out, 64, "%.*s", (int)f->n, f->p);
	return out;
}

static bool empty(struct reader *rd, const struct csv_field *f, const char *column)
{
	if (f->n)
		return false;
	records_problem(&rd->pr, f->line, f->column, "%s is empty; it needs a value", column);
	return true;
}

/* The code f names in map (its index into *at, its meaning into *out); false with a
 * problem that lists the codes. */
static bool code(struct reader *rd, const struct csv_field *f, const char *column, const struct map *map,
                 uint8_t *out, uint8_t *at)
{
	if (empty(rd, f, column))
		return false;
	for (size_t i = 0; map[i].code; i++)
		if (is(f, map[i].code)) {
			*out = map[i].to;
			if (at)
				*at = (uint8_t)i;
			return true;
		}
	struct buf list = {0};
	for (size_t i = 0; map[i].code; i++)
		buf_printf(&list, "%s%s", i == 0 ? "" : map[i + 1].code ? ", " : " or ", map[i].code);
	char q[64];
	if (quotable(rd, f, SHAPE_CODE))
		records_problem(&rd->pr, f->line, f->column, "'%s' is not a code for %s: write %s",
		                quote(f, q), column, buf_str(&list));
	else
		records_problem(&rd->pr, f->line, f->column, "%s is not one of its codes: write %s", column,
		                buf_str(&list));
	buf_free(&list);
	return false;
}

static void iso(int32_t days, char out[11])
{
	date_format(date_from_days(days), out);
}

/* A date as published, "DD/MM/YYYY": real, from 1 January 1900, not in the future, not
 * after the return year. An empty field is RECORDS_OPEN when optional. */
static bool date(struct reader *rd, const struct csv_field *f, const char *column, bool optional, int32_t *out)
{
	if (f->n == 0 && optional) {
		*out = RECORDS_OPEN;
		return true;
	}
	if (empty(rd, f, column))
		return false;
	const char *p = f->p;
	char q[64];
	bool shape = f->n == 10 && p[2] == '/' && p[5] == '/';
	for (int i = 0; shape && i < 10; i++)
		shape = i == 2 || i == 5 || (p[i] >= '0' && p[i] <= '9');
	struct kdate d = {0};
	if (shape)
		d = (struct kdate){(p[6] - '0') * 1000 + (p[7] - '0') * 100 + (p[8] - '0') * 10 + (p[9] - '0'),
		                   (p[3] - '0') * 10 + (p[4] - '0'), (p[0] - '0') * 10 + (p[1] - '0')};
	if (!shape || !date_valid(d)) {
		if (quotable(rd, f, SHAPE_DATE))
			records_problem(&rd->pr, f->line, f->column,
			                "'%s' is not a date: write a real date as DD/MM/YYYY", quote(f, q));
		else
			records_problem(&rd->pr, f->line, f->column,
			                "%s is not a date: write a real date as DD/MM/YYYY", column);
		return false;
	}
	int32_t days = (int32_t)date_days(d);
	if (days < rd->oldest) {
		records_problem(&rd->pr, f->line, f->column, "'%s' is before 1 January 1900", quote(f, q));
		return false;
	}
	if (days > rd->today) {
		records_problem(&rd->pr, f->line, f->column, "'%s' is in the future", quote(f, q));
		return false;
	}
	if (days > rd->limit) {
		records_problem(&rd->pr, f->line, f->column,
		                "'%s' is after %s, the end of the return for the year 1 April %d to %s", quote(f, q),
		                rd->limit_words, rd->b->year - 1, rd->limit_words);
		return false;
	}
	*out = days;
	return true;
}

static bool after_birth(struct reader *rd, uint32_t child, const struct csv_field *f, int32_t day)
{
	int32_t birth = rd->b->children.v[child].birth;
	if (birth == RECORDS_UNKNOWN || day >= birth)
		return true;
	char q[64];
	records_problem(&rd->pr, f->line, f->column, "'%s' is before the child's date of birth", quote(f, q));
	return false;
}

/* The child f names; false, with a problem when Header.csv could be relied on and does
 * not hold it. */
static bool child_ref(struct reader *rd, const struct csv_field *f, uint32_t *child)
{
	if (empty(rd, f, "CHILD") || !rd->header_ok)
		return false;
	uint32_t s = child_find(rd, f->p, f->n);
	if (s == 0) {
		records_problem(&rd->pr, f->line, f->column, "this child is not in Header.csv");
		return false;
	}
	*child = s - 1;
	return true;
}

/* Whether a postcode district is in Scotland: its area is one of Scotland's (TD, the
 * Borders, but for TD15, Berwick-upon-Tweed). */
static bool district_in_scotland(const char *d)
{
	static const char *const areas[] = {"AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW",
	                                    "KY", "ML", "PA", "PH", "TD", "ZE", NULL};
	size_t n = d[1] >= 'A' && d[1] <= 'Z' ? 2 : 1;
	if (strcmp(d, "TD15") == 0)
		return false;
	for (size_t i = 0; areas[i]; i++)
		if (strlen(areas[i]) == n && memcmp(areas[i], d, n) == 0)
			return true;
	return false;
}

/* A postcode column (PL_POST, HOME_POST), kept as its district in out (5 bytes; "" when
 * empty); a problem when it is neither a postcode nor a district. A home's is never
 * quoted (where a child's family lives). */
static void postcode(struct reader *rd, const struct csv_field *f, const char *column, char out[5])
{
	out[0] = '\0';
	if (!f->n || records_location(f->p, f->n, false, out))
		return;
	char q[64];
	if (strcmp(column, "HOME_POST") != 0 && quotable(rd, f, SHAPE_POSTCODE))
		records_problem(&rd->pr, f->line, f->column, "'%s' is not a postcode or a postcode district",
		                quote(f, q));
	else
		records_problem(&rd->pr, f->line, f->column, "%s is not a postcode or a postcode district", column);
}

/* ---- rows */

static void row_header(struct reader *rd, const struct csv_field *const *f)
{
	struct records_child c = {.birth = RECORDS_UNKNOWN, .disability = 2 /* not_known: not in SSDA903 */};
	bool id_ok = !empty(rd, f[H_CHILD], "CHILD");
	size_t chars = 0;
	for (size_t i = 0; i < f[H_CHILD]->n; i++)
		chars += ((unsigned char)f[H_CHILD]->p[i] & 0xC0) != 0x80;
	if (id_ok && chars > 64) {
		records_problem(&rd->pr, f[H_CHILD]->line, f[H_CHILD]->column,
		                "CHILD is longer than 64 characters");
		id_ok = false;
	}
	struct records_seat seat = {0, 0};
	if (id_ok) {
		uint32_t s = records_index_seek(&rd->ix, rd->b, f[H_CHILD]->p, f[H_CHILD]->n, &seat);
		if (s) {
			records_problem(&rd->pr, f[H_CHILD]->line, f[H_CHILD]->column,
			                "this child is already on line %u", rd->child_line[s - 1]);
			id_ok = false;
		}
	}
	code(rd, f[H_SEX], "SEX", sex_map, &c.sex, NULL);
	int32_t birth;
	if (date(rd, f[H_DOB], "DOB", false, &birth))
		c.birth = birth;
	code(rd, f[H_ETHNIC], "ETHNIC", ethnic_map, &c.ethnic_group, NULL);
	if (!id_ok)
		return;
	uint32_t n = records_add_child(rd->b, f[H_CHILD]->p, f[H_CHILD]->n, &c);
	if (rd->child_cap < rd->b->children.cap) {
		rd->child_cap = rd->b->children.cap;
		rd->child_line = xrealloc(rd->child_line, rd->child_cap * sizeof *rd->child_line);
	}
	rd->child_line[n] = (uint32_t)f[H_CHILD]->line;
	records_index_take(&rd->ix, rd->b, n, f[H_CHILD]->n, seat);
}

static void row_episode(struct reader *rd, const struct csv_field *const *f)
{
	size_t before = rd->pr.file_count;
	struct ep_row r = {.provider = PR_NONE, .urn = RECORDS_NO_TEXT};
	bool child = child_ref(rd, f[E_CHILD], &r.child);
	bool start = date(rd, f[E_DECOM], "DECOM", false, &r.decom);
	bool end = date(rd, f[E_DEC], "DEC", true, &r.dec);
	if (start && child)
		after_birth(rd, r.child, f[E_DECOM], r.decom);
	if (start && end && r.dec != RECORDS_OPEN && r.dec < r.decom) {
		char a[11], b[11];
		iso(r.dec, a);
		iso(r.decom, b);
		records_problem(&rd->pr, f[E_DEC]->line, f[E_DEC]->column, "DEC, %s, is before DECOM, %s", a,
		                b);
	}
	code(rd, f[E_RNE], "RNE", rne_map, &r.rne, NULL);
	uint8_t ls_at = 0;
	if (code(rd, f[E_LS], "LS", ls_map, &r.ls, &ls_at))
		r.short_break = strcmp(ls_map[ls_at].code, "V3") == 0 || strcmp(ls_map[ls_at].code, "V4") == 0;
	uint8_t ignored;
	code(rd, f[E_CIN], "CIN", cin_map, &ignored, NULL);
	bool place = code(rd, f[E_PLACE], "PLACE", place_map, &r.place, &r.place_code);
	if (f[E_PROVIDER]->n)
		code(rd, f[E_PROVIDER], "PLACE_PROVIDER", provider_map, &r.provider, NULL);
	else if (place && (r.place == PLACE_K2 || r.place == PLACE_FOSTER))
		records_problem(
		    &rd->pr, f[E_PROVIDER]->line, f[E_PROVIDER]->column,
		    "PLACE_PROVIDER is empty; PLACE %s needs it (it decides the type of placement)",
		    place_map[r.place_code].code);
	if (f[E_REC]->n == 0) {
		if (end && r.dec != RECORDS_OPEN)
			records_problem(&rd->pr, f[E_REC]->line, f[E_REC]->column,
			                "REC is empty; an episode that has ended needs one");
	} else if (code(rd, f[E_REC], "REC", rec_map, &r.rec, &r.rec_code) && end && r.dec == RECORDS_OPEN) {
		records_problem(&rd->pr, f[E_REC]->line, f[E_REC]->column,
		                "an episode that has not ended has no REC: leave it empty, or give DEC");
	}
	if (f[E_RPC]->n)
		code(rd, f[E_RPC], "REASON_PLACE_CHANGE", rpc_map, &ignored, NULL);
	postcode(rd, f[E_HOME_POST], "HOME_POST", r.home);
	postcode(rd, f[E_PL_POST], "PL_POST", r.post);
	if (f[E_URN]->n > 64)
		records_problem(&rd->pr, f[E_URN]->line, f[E_URN]->column,
		                "URN is longer than 64 characters");
	if (rd->pr.file_count != before || !child)
		return;
	/* XXXXXXX is the published "no URN". */
	if (f[E_URN]->n && !is(f[E_URN], "XXXXXXX"))
		r.urn = records_text(rd->b, f[E_URN]->p, f[E_URN]->n);
	r.line = (uint32_t)f[E_DECOM]->line;
	r.col_decom = (uint32_t)f[E_DECOM]->column;
	r.col_rne = (uint32_t)f[E_RNE]->column;
	r.col_place = (uint32_t)f[E_PLACE]->column;
	r.col_rec = (uint32_t)f[E_REC]->column;
	if (rd->nrows == rd->caprows) {
		rd->caprows = rd->caprows ? rd->caprows * 2 : 256;
		rd->rows = xrealloc(rd->rows, rd->caprows * sizeof *rd->rows);
	}
	rd->rows[rd->nrows++] = r;
}

/* DATE_PERM as published: DD/MM/YYYY; zz/zz/YYYY when only the year is known; zz/zz/zzzz,
 * or empty, when it is not known. *day is the date or RECORDS_UNKNOWN, *year its year or 0. */
static bool perm_date(struct reader *rd, const struct csv_field *f, int32_t *day, int *year)
{
	*day = RECORDS_UNKNOWN;
	*year = 0;
	if (f->n == 0)
		return true;
	if (f->n == 10 && strncasecmp(f->p, "zz/zz/", 6) == 0) {
		const char *y = f->p + 6;
		if (strncasecmp(y, "zzzz", 4) == 0)
			return true;
		if (all_in(y, 4, DIGITS)) {
			int v = (y[0] - '0') * 1000 + (y[1] - '0') * 100 + (y[2] - '0') * 10 + (y[3] - '0');
			char q[64];
			if (v < 1900 || v > rd->b->year) {
				records_problem(&rd->pr, f->line, f->column,
				                "'%s' is not a year from 1900 to %d", quote(f, q),
				                rd->b->year);
				return false;
			}
			*year = v;
			return true;
		}
	}
	if (!date(rd, f, "DATE_PERM", false, day))
		return false;
	*year = date_from_days(*day).y;
	return true;
}

/* A PrevPerm row: the permanence order a child starting to be looked after had before.
 * P1 (adopted) is an adoption breakdown, dated the start of the child's first period of
 * care in this return (its first row with RNE S); a child with none came back into care
 * before this return, and the breakdown was that return's. */
static void row_prev_perm(struct reader *rd, const struct csv_field *const *f)
{
	size_t before = rd->pr.file_count;
	uint32_t c = 0;
	bool child = child_ref(rd, f[P_CHILD], &c);
	char q[64];
	int32_t dob;
	if (date(rd, f[P_DOB], "DOB", false, &dob) && child && rd->b->children.v[c].birth != RECORDS_UNKNOWN &&
	    dob != rd->b->children.v[c].birth)
		records_problem(&rd->pr, f[P_DOB]->line, f[P_DOB]->column,
		                "'%s' is not the child's DOB in Header.csv", quote(f[P_DOB], q));
	if (child && rd->perm_line[c])
		records_problem(&rd->pr, f[P_CHILD]->line, f[P_CHILD]->column,
		                "this child is already on line %u", rd->perm_line[c]);
	else if (child)
		rd->perm_line[c] = (uint32_t)f[P_CHILD]->line;
	uint8_t prev = PP_NOT_KNOWN; /* empty: not known */
	bool prev_ok = f[P_PREV]->n == 0 || code(rd, f[P_PREV], "PREV_PERM", prev_perm_map, &prev, NULL);
	int32_t order;
	int year;
	bool date_ok = perm_date(rd, f[P_DATE], &order, &year);
	if (date_ok && child && order != RECORDS_UNKNOWN && rd->b->children.v[c].birth != RECORDS_UNKNOWN &&
	    order <= rd->b->children.v[c].birth)
		records_problem(&rd->pr, f[P_DATE]->line, f[P_DATE]->column,
		                "'%s' is not after the child's date of birth", quote(f[P_DATE], q));
	if (prev_ok && prev == PP_NONE && (f[P_LA]->n || f[P_DATE]->n)) {
		const struct csv_field *given = f[P_LA]->n ? f[P_LA] : f[P_DATE];
		records_problem(&rd->pr, given->line, given->column,
		                "PREV_PERM is Z1 (no previous permanence order), so LA_PERM and DATE_PERM "
		                "are left empty");
	}
	if (!child || !rd->started || prev != PP_ADOPTION || rd->started[c] == RECORDS_UNKNOWN)
		return;
	int32_t back = rd->started[c];
	if (date_ok && year && (order != RECORDS_UNKNOWN ? order > back : year > date_from_days(back).y)) {
		char d[11];
		iso(back, d);
		records_problem(
		    &rd->pr, f[P_DATE]->line, f[P_DATE]->column,
		    "'%s' is after %s, when the child started to be looked after (Episodes.csv line %u)",
		    quote(f[P_DATE], q), d, rd->started_line[c]);
	}
	if (rd->pr.file_count == before)
		records_add_adoption_breakdown(rd->b, &(struct records_adoption_breakdown){c, order, back});
}

typedef void (*row_fn)(struct reader *rd, const struct csv_field *const *f);
static const row_fn row_fns[3] = {row_header, row_episode, row_prev_perm};

/* ---------------------------------------------------------------- between rows */

static void later_add(struct reader *rd, struct later l)
{
	if (rd->nlater == rd->caplater) {
		rd->caplater = rd->caplater ? rd->caplater * 2 : 64;
		rd->later = xrealloc(rd->later, rd->caplater * sizeof *rd->later);
	}
	rd->later[rd->nlater++] = l;
}

static int later_cmp(const void *a, const void *b)
{
	const struct later *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

static void later_flush(struct reader *rd)
{
	if (rd->nlater > 1)
		qsort(rd->later, rd->nlater, sizeof *rd->later, later_cmp);
	for (size_t i = 0; i < rd->nlater; i++) {
		const struct later *l = &rd->later[i];
		char d[11];
		switch (l->kind) {
		case L_OVERLAP:
			records_problem(&rd->pr, l->line, l->col,
			                "this episode overlaps the child's episode on line %u",
			                l->other_line);
			break;
		case L_AFTER_END_NOT_S:
			records_problem(
			    &rd->pr, l->line, l->col,
			    "RNE is %s, but the child's episode on line %u ended the period of care "
			    "(REC %s): the next one starts with RNE S",
			    rne_map[l->a].code, l->other_line, rec_map[l->b].code);
			break;
		case L_S_AFTER_X1:
			records_problem(&rd->pr, l->line, l->col,
			                "RNE is S (a new period of care), but the child's episode on line %u "
			                "ended with REC X1 (a new episode follows in the same period)",
			                l->other_line);
			break;
		case L_GAP:
			iso(l->day, d);
			records_problem(&rd->pr, l->line, l->col,
			                "the child's episode on line %u ended on %s with REC X1, so the next "
			                "episode starts that day, but this one starts later",
			                l->other_line, d);
			break;
		case L_X1_LAST:
			records_problem(
			    &rd->pr, l->line, l->col,
			    "REC is X1 (a new episode follows), but the child has no later episode");
			break;
		case L_L_PLACE:
			records_problem(
			    &rd->pr, l->line, l->col,
			    "RNE is L (a change of legal status only), but PLACE changes from %s to "
			    "%s: use B for a change of both",
			    place_map[l->a].code, place_map[l->b].code);
			break;
		}
	}
	rd->nlater = 0;
}

static int ep_cmp(const void *a, const void *b)
{
	const struct ep_row *x = a, *y = b;
	if (x->child != y->child)
		return x->child < y->child ? -1 : 1;
	if (x->decom != y->decom)
		return x->decom < y->decom ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Checks the chain of each child's episodes (sorted): found problems go to rd->later. */
static void episodes_check(struct reader *rd)
{
	for (size_t i = 0; i < rd->nrows; i++) {
		const struct ep_row *r = &rd->rows[i];
		const struct ep_row *prev = i > 0 && rd->rows[i - 1].child == r->child ? &rd->rows[i - 1] : NULL;
		bool last = i + 1 == rd->nrows || rd->rows[i + 1].child != r->child;
		if (r->dec != RECORDS_OPEN && r->rec == REC_X1 && last)
			later_add(rd, (struct later){r->line, r->col_rec, 0, L_X1_LAST, 0, 0, 0});
		if (!prev)
			continue; /* any RNE: the first row may be the episode open when the year began */
		if (prev->dec == RECORDS_OPEN || r->decom < prev->dec || r->decom == prev->decom) {
			later_add(rd, (struct later){r->line, r->col_decom, prev->line, L_OVERLAP, 0, 0, 0});
			continue;
		}
		if (prev->rec == REC_X1) {
			if (r->decom > prev->dec)
				later_add(rd, (struct later){r->line, r->col_decom, prev->line, L_GAP, 0, 0, prev->dec});
			if (r->rne == RNE_S)
				later_add(rd, (struct later){r->line, r->col_rne, prev->line, L_S_AFTER_X1, 0, 0, 0});
			else if (r->rne == RNE_L && r->place_code != prev->place_code)
				later_add(rd, (struct later){r->line, r->col_place, 0, L_L_PLACE, prev->place_code, r->place_code, 0});
		} else if (r->rne != RNE_S) {
			later_add(rd, (struct later){r->line, r->col_rne, prev->line, L_AFTER_END_NOT_S, r->rne, prev->rec_code, 0});
		}
	}
}

/* The provider sector of an episode row's PLACE_PROVIDER, as records_placement keeps it
 * (0 not known, else 1 + enum place_sector; docs/data-spec.md "England's SSDA903 files"):
 * own council, another council or another public body are council; private provision is
 * private; voluntary or third sector provision is third; parents (PR0) and empty, none. */
static uint8_t placement_sector(const struct ep_row *r)
{
	switch (r->provider) {
	case PR1:
	case PR2:
	case PR3: return 1 + PS_COUNCIL;
	case PR4: return 1 + PS_PRIVATE;
	case PR5: return 1 + PS_THIRD;
	default: return 0;
	}
}

/* The care service of an episode row: its URN when that is letters and digits, up to
 * RECORDS_SERVICE_MAX of them (the Ofsted number, "SC123456"); else none. */
static void placement_service(const struct records *b, const struct ep_row *r, char out[RECORDS_SERVICE_MAX + 1])
{
	out[0] = '\0';
	if (r->urn == RECORDS_NO_TEXT)
		return;
	const char *u = b->text.p + r->urn;
	size_t n = strlen(u);
	if (n > RECORDS_SERVICE_MAX)
		return;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)u[i]))
			return;
	memcpy(out, u, n + 1);
}

/* The placement type of an episode row's PLACE and PLACE_PROVIDER. */
static uint8_t placement_type(const struct ep_row *r)
{
	if (r->place == PLACE_K2)
		return r->provider == PR1 ? RT_RES_COUNCIL : RT_RES_VOLUNTARY;
	if (r->place == PLACE_FOSTER)
		return r->provider == PR1 ? RT_FOSTER_COUNCIL : RT_FOSTER_PURCHASED;
	return r->place;
}

/* Whether the period of care that starts at rows[i] is under short breaks alone (every
 * row's LS V3 or V4). */
static bool short_breaks_only(const struct reader *rd, size_t i)
{
	for (size_t j = i; j < rd->nrows && rd->rows[j].child == rd->rows[i].child; j++) {
		if (!rd->rows[j].short_break)
			return false;
		if (rd->rows[j].rec != REC_X1 || rd->rows[j].dec == RECORDS_OPEN)
			break;
	}
	return true;
}

/* Fills the batch from the checked, sorted rows: a period of care from RNE S to the
 * first REC that is not X1; a placement from each row whose RNE is not L; a legal reason
 * from each change of LS. A period under short breaks alone is left out (counted in
 * b->short_breaks): Scotland's statistics do not count respite care as looked after. */
static void episodes_build(struct reader *rd)
{
	struct records *b = rd->b;
	size_t ep = 0, pl = 0, lg = 0;
	bool skip = false;
	for (size_t i = 0; i < rd->nrows; i++) {
		const struct ep_row *r = &rd->rows[i];
		const struct ep_row *prev = i > 0 && rd->rows[i - 1].child == r->child ? &rd->rows[i - 1] : NULL;
		bool new_period = !prev || prev->rec != REC_X1;
		if (new_period && (skip = short_breaks_only(rd, i)))
			b->short_breaks++;
		if (skip)
			continue;
		if (new_period) {
			/* A child's first row with another RNE than S is the episode open when the
			 * return's year began: the period began earlier, and is not a start. */
			records_add_episode(b, &(struct records_episode){r->child, r->decom, RECORDS_OPEN, RECORDS_NO_CODE,
			                                                  .continued = !prev && r->rne != RNE_S});
			ep = b->episodes.n - 1;
		}
		if (new_period || r->rne != RNE_L) {
			struct records_placement p = {.child = r->child, .start = r->decom, .provider = r->urn,
			                              .type = placement_type(r), .sector = placement_sector(r)};
			placement_service(b, r, p.service);
			snprintf(p.location, sizeof p.location, "%s", r->post);
			snprintf(p.home, sizeof p.home, "%s", r->home);
			/* Without PL_POST, where the placement is is not known. */
			p.where_unknown = !r->post[0];
			p.outside_scotland = r->post[0] && !district_in_scotland(r->post);
			if (r->post[0] && !p.outside_scotland)
				snprintf(p.council, sizeof p.council, "%s", b->council);
			records_add_placement(b, &p);
			pl = b->placements.n - 1;
		}
		const struct ep_row *lprev = new_period ? NULL : prev;
		if (!lprev || lprev->ls != r->ls) {
			records_add_legal(b, &(struct records_legal){r->child, r->decom, RECORDS_OPEN, r->ls});
			lg = b->legal.n - 1;
		}
		b->placements.v[pl].end = r->dec;
		b->legal.v[lg].end = r->dec;
		if (r->rec != REC_X1 || r->dec == RECORDS_OPEN) {
			b->episodes.v[ep].end = r->dec;
			b->episodes.v[ep].end_reason = r->dec == RECORDS_OPEN ? RECORDS_NO_CODE : r->rec;
		}
	}
}

/* Notes, per child, the first row of the checked, sorted rows whose RNE is S, of a
 * period of care that is kept (not short breaks alone). */
static void episodes_starts(struct reader *rd)
{
	size_t nc = rd->b->children.n;
	rd->started = xmalloc((nc + 1) * sizeof *rd->started);
	rd->started_line = xcalloc(nc + 1, sizeof *rd->started_line);
	for (size_t c = 0; c < nc; c++)
		rd->started[c] = RECORDS_UNKNOWN;
	for (size_t i = 0; i < rd->nrows; i++) {
		const struct ep_row *r = &rd->rows[i];
		if (r->rne == RNE_S && rd->started[r->child] == RECORDS_UNKNOWN && !short_breaks_only(rd, i)) {
			rd->started[r->child] = r->decom;
			rd->started_line[r->child] = r->line;
		}
	}
}

/* ---------------------------------------------------------------- files */

static void list_columns(struct buf *out, int file)
{
	for (size_t c = 0; columns[file][c]; c++)
		buf_printf(out, "%s%s", c ? ", " : "", columns[file][c]);
}

/* Reads the header into pos; false when the rows cannot be read (a problem says why). */
static bool header(struct reader *rd, struct csv_reader *r, int file, int pos[MAXCOL])
{
	struct csv_row row;
	struct kerr e = {0};
	int rc = csv_next(r, &row, &e);
	struct buf cols = {0};
	list_columns(&cols, file);
	if (rc < 0)
		records_problem_text(&rd->pr, e.msg);
	else if (rc == 0)
		records_problem(&rd->pr, 1, 1, "the file is empty: it needs a header row (%s)",
		                buf_str(&cols));
	if (rc <= 0) {
		buf_free(&cols);
		return false;
	}
	size_t ncol = 0;
	while (columns[file][ncol])
		ncol++;
	for (size_t c = 0; c < MAXCOL; c++)
		pos[c] = -1;
	size_t before = rd->pr.file_count;
	bool any = false;
	for (size_t i = 0; i < row.n && !any; i++)
		for (size_t c = 0; c < ncol && !any; c++)
			any = is(&row.f[i], columns[file][c]);
	if (!any) {
		records_problem(&rd->pr, row.line, 1,
		                "the first row is not a header: it names none of the columns of %s (%s)",
		                ssda903_file_names[file], buf_str(&cols));
		buf_free(&cols);
		return false;
	}
	for (size_t i = 0; i < row.n; i++) {
		const struct csv_field *f = &row.f[i];
		char q[64];
		size_t found = ncol;
		for (size_t c = 0; c < ncol; c++)
			if (is(f, columns[file][c]))
				found = c;
		if (found == ncol && quotable(rd, f, SHAPE_COLUMN))
			records_problem(&rd->pr, f->line, f->column,
			                "'%s' is not a column of %s: its columns are %s", quote(f, q),
			                ssda903_file_names[file], buf_str(&cols));
		else if (found == ncol)
			records_problem(&rd->pr, f->line, f->column,
			                "column %zu of the header is not a column of %s: its columns are %s",
			                i + 1, ssda903_file_names[file], buf_str(&cols));
		else if (pos[found] >= 0)
			records_problem(&rd->pr, f->line, f->column, "the column '%s' is there twice",
			                columns[file][found]);
		else
			pos[found] = (int)i;
	}
	for (size_t c = 0; c < ncol; c++)
		if (pos[c] < 0)
			records_problem(&rd->pr, row.line, 1, "the column '%s' is missing", columns[file][c]);
	buf_free(&cols);
	return rd->pr.file_count == before;
}

/* Reads one file's rows, checking each; true when it was read to its end. */
static bool read_file(struct reader *rd, const struct records_input *in)
{
	int file = (int)in->file;
	rd->pr.name = in->name;
	rd->pr.file_count = 0;
	struct csv_reader *r = csv_open(in->data, in->len, in->name);
	int pos[MAXCOL];
	bool complete = false;
	if (header(rd, r, file, pos)) {
		size_t ncol = 0;
		while (columns[file][ncol])
			ncol++;
		struct csv_row row;
		struct kerr e = {0};
		int rc;
		while ((rc = csv_next(r, &row, &e)) == 1) {
			if (row.n == 1 && row.f[0].n == 0)
				continue; /* a blank line */
			if (row.n != ncol) {
				records_problem(&rd->pr, row.line, 1,
				                "this row has %zu field%s; the header has %zu", row.n,
				                row.n == 1 ? "" : "s", ncol);
				continue;
			}
			const struct csv_field *f[MAXCOL];
			for (size_t c = 0; c < ncol; c++)
				f[c] = &row.f[pos[c]];
			rd->row_id = f[0];
			row_fns[file](rd, f);
			rd->row_id = NULL;
		}
		if (rc < 0)
			records_problem_text(&rd->pr, e.msg);
		complete = rc == 0;
	}
	csv_close(r);
	return complete;
}

static bool council_known(const char *code)
{
	const struct embedded_file *ef = embedded_find("data/council-areas.csv");
	if (!ef || strlen(code) != 9)
		return false;
	struct csv_reader *r = csv_open((const char *)ef->data, ef->len, ef->name);
	struct csv_row row;
	struct kerr e = {0};
	bool found = false;
	while (!found && csv_next(r, &row, &e) == 1)
		found = row.f[0].n == 9 && memcmp(row.f[0].p, code, 9) == 0;
	csv_close(r);
	return found;
}

int records_read_ssda903(struct records *b, const struct records_input *in, size_t n, const char *missing_prefix,
                         json_t *problems, struct kerr *e)
{
	if (!council_known(b->council))
		return kerr_set(e, KERR_USAGE, "'%s' is not a council area's code (data/council-areas.csv lists them)",
		                b->council);
	struct reader rd = {.b = b, .pr = {problems, json_array_size(problems), 0, NULL}};
	b->year_only = true;
	rd.today = (int32_t)date_days(date_today());
	/* The return for --year Y is the DfE's year 1 April Y-1 to 31 March Y. */
	rd.limit = (int32_t)date_days((struct kdate){b->year, 3, 31});
	rd.oldest = (int32_t)date_days((struct kdate){1900, 1, 1});
	struct buf w = {0};
	date_words(date_from_days(rd.limit), &w);
	snprintf(rd.limit_words, sizeof rd.limit_words, "%s", buf_str(&w));
	buf_free(&w);

	const struct records_input *of[3] = {0};
	for (size_t i = 0; i < n; i++) {
		int f = (int)in[i].file;
		if (!ssda903_file_read(f))
			continue; /* accepted and not read: keep has no table for it */
		if (of[f]) {
			char msg[1200];
			snprintf(msg, sizeof msg, "%s: %s is given twice (also as %s)", in[i].name, ssda903_file_names[f],
			         of[f]->name);
			records_problem_text(&rd.pr, msg);
		} else {
			of[f] = &in[i];
		}
	}
	for (int f = SSDA903_HEADER; f <= SSDA903_EPISODES; f++)
		if (!of[f]) {
			char msg[1200];
			snprintf(msg, sizeof msg, "%s%s: the file is missing; every import of SSDA903 files needs Header.csv "
			         "and Episodes.csv", missing_prefix ? missing_prefix : "", ssda903_file_names[f]);
			records_problem_text(&rd.pr, msg);
		}
	for (int f = 0; f < RECORDS_NFILES; f++)
		b->given[f] = f <= RECORDS_LEGAL || (f == RECORDS_ADOPTION_BREAKDOWNS && of[SSDA903_PREV_PERM]);

	if (of[SSDA903_HEADER])
		rd.header_ok = read_file(&rd, of[SSDA903_HEADER]);
	if (of[SSDA903_EPISODES]) {
		bool complete = read_file(&rd, of[SSDA903_EPISODES]);
		if (complete && rd.header_ok && rd.pr.file_count == 0) {
			if (rd.nrows > 1)
				qsort(rd.rows, rd.nrows, sizeof *rd.rows, ep_cmp);
			episodes_check(&rd);
			size_t found = rd.nlater;
			later_flush(&rd);
			if (found == 0) {
				episodes_build(&rd);
				episodes_starts(&rd);
			}
		}
	}
	if (of[SSDA903_PREV_PERM]) {
		rd.perm_line = xcalloc(b->children.n + 1, sizeof *rd.perm_line);
		read_file(&rd, of[SSDA903_PREV_PERM]);
	}

	records_index_free(&rd.ix);
	free(rd.child_line);
	free(rd.rows);
	free(rd.later);
	free(rd.started);
	free(rd.started_line);
	free(rd.perm_line);
	return records_problems_end(&rd.pr, e);
}
