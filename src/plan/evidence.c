#include "plan/evidence.h"

#include "base/csv.h"
#include "base/date.h"
#include "base/text.h"
#include "plan/commitment.h"
#include "plan/plan.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

const char *const evidence_kinds[] = {"plan", "report", "survey-response", NULL};

const char *evidence_kind_words(const char *kind)
{
	if (kind && strcmp(kind, "plan") == 0)
		return "Plan";
	if (kind && strcmp(kind, "report") == 0)
		return "Report";
	if (kind && strcmp(kind, "survey-response") == 0)
		return "Survey response";
	return "Not yet recorded";
}

/* s, or NULL when it is missing or only white space ("not given"). */
static const char *given(const char *s)
{
	if (!s)
		return NULL;
	for (const char *p = s; *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			return s;
	return NULL;
}

/* Characters (code points) in the UTF-8 string s: limits are in characters, as a
 * person counts them, not bytes. */
static size_t chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

/* ---- what a file is ---- */

#define TYPE_PDF "application/pdf"
#define TYPE_DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define TYPE_ODT "application/vnd.oasis.opendocument.text"
#define TYPE_CSV "text/csv"

static uint32_t le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Walks a ZIP's central directory (found through its end record) and says whether it
 * names [Content_Types].xml and something under word/: a Word document. Every offset
 * is checked against len, so any bytes are safe to ask about. */
static bool zip_is_docx(const unsigned char *d, size_t len)
{
	if (len < 22)
		return false;
	size_t lowest = len > 22 + 65535 ? len - 22 - 65535 : 0;
	for (size_t at = len - 22 + 1; at-- > lowest;) {
		if (memcmp(d + at, "PK\x05\x06", 4) != 0)
			continue;
		size_t entries = le16(d + at + 10), cd_size = le32(d + at + 12), cd = le32(d + at + 16);
		if (cd > at || cd_size > at - cd)
			return false;
		bool types = false, word = false;
		size_t p = cd, end = cd + cd_size;
		for (size_t i = 0; i < entries; i++) {
			if (end - p < 46 || memcmp(d + p, "PK\x01\x02", 4) != 0)
				return false;
			size_t n = le16(d + p + 28), m = le16(d + p + 30), k = le16(d + p + 32);
			if (end - p - 46 < n + m + k)
				return false;
			const char *name = (const char *)d + p + 46;
			if (n == 19 && memcmp(name, "[Content_Types].xml", 19) == 0)
				types = true;
			if (n > 5 && memcmp(name, "word/", 5) == 0)
				word = true;
			p += 46 + n + m + k;
		}
		return types && word;
	}
	return false;
}

/* An OpenDocument text: its first entry is `mimetype`, stored uncompressed, holding
 * exactly the ODT type (the OpenDocument specification asks for this so that a file
 * can be recognised by its first bytes). */
static bool zip_is_odt(const unsigned char *d, size_t len)
{
	static const char want[] = TYPE_ODT;
	if (len < 30 || memcmp(d, "PK\x03\x04", 4) != 0 || le16(d + 8) != 0)
		return false;
	size_t n = le16(d + 26), m = le16(d + 28), size = le32(d + 18);
	if (n != 8 || size != sizeof want - 1 || len - 30 < n + m + size)
		return false;
	return memcmp(d + 30, "mimetype", 8) == 0 && memcmp(d + 30 + n + m, want, size) == 0;
}

static bool is_csv(const char *data, size_t len)
{
	if (memchr(data, '\0', len) || !utf8_valid(data, len))
		return false;
	struct csv_reader *r = csv_open(data, len, "file");
	struct csv_row row;
	int rc;
	while ((rc = csv_next(r, &row, NULL)) == 1)
		;
	csv_close(r);
	return rc == 0;
}

const char *evidence_sniff(const char *data, size_t len)
{
	const unsigned char *d = (const unsigned char *)data;
	if (!data || len == 0)
		return NULL;
	if (len >= 5 && memcmp(d, "%PDF-", 5) == 0)
		return TYPE_PDF;
	if (len >= 4 && memcmp(d, "PK\x03\x04", 4) == 0) {
		if (zip_is_odt(d, len))
			return TYPE_ODT;
		if (zip_is_docx(d, len))
			return TYPE_DOCX;
		return NULL;
	}
	return is_csv(data, len) ? TYPE_CSV : NULL;
}

const char *evidence_type_extension(const char *type)
{
	if (!type)
		return "";
	if (strcmp(type, TYPE_PDF) == 0)
		return ".pdf";
	if (strcmp(type, TYPE_DOCX) == 0)
		return ".docx";
	if (strcmp(type, TYPE_ODT) == 0)
		return ".odt";
	if (strcmp(type, TYPE_CSV) == 0)
		return ".csv";
	return "";
}

void evidence_safe_file_name(const char *name, const char *type, char out[128])
{
	const char *ext = evidence_type_extension(type);
	size_t n = 0;
	/* The name without its own extension: the type decides the extension. */
	const char *dot = name ? strrchr(name, '.') : NULL;
	const char *slash = name ? strrchr(name, '/') : NULL;
	const char *back = name ? strrchr(name, '\\') : NULL;
	const char *start = name ? name : "";
	if (slash)
		start = slash + 1;
	if (back && back + 1 > start)
		start = back + 1;
	const char *stop = dot && dot > start ? dot : start + strlen(start);
	for (const char *p = start; p < stop && n < 100; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		          c == '_' || c == '.';
		if (!ok)
			c = '-';
		if (n == 0 && (c == '.' || c == '-'))
			continue;
		if (c == '-' && n > 0 && out[n - 1] == '-')
			continue; /* one dash for a run of spaces or accents */
		out[n++] = c;
	}
	while (n > 0 && (out[n - 1] == '-' || out[n - 1] == '.'))
		n--;
	if (n == 0)
		n = (size_t)snprintf(out, 128, "evidence");
	snprintf(out + n, 128 - n, "%s", ext);
}

/* ---- the rules ---- */

int evidence_check(struct store *s, const struct evidence_form *f, json_t *errors)
{
	bool kind_ok = false;
	for (size_t i = 0; evidence_kinds[i]; i++)
		if (f->kind && strcmp(f->kind, evidence_kinds[i]) == 0)
			kind_ok = true;
	if (!kind_ok)
		json_object_set_new(errors, "kind", json_string("Choose what kind of evidence this is: a plan, a report or a survey response."));
	if (!given(f->title))
		json_object_set_new(errors, "title", json_string("Enter a title."));
	else if (chars(f->title) > 300)
		json_object_set_new(errors, "title", json_string("Keep the title under 300 characters."));
	struct {
		const char *field, *text;
	} texts[] = {{"will_do", f->will_do}, {"support_needed", f->support_needed}, {"help_offered", f->help_offered}};
	for (size_t i = 0; i < 3; i++)
		if (given(texts[i].text) && chars(texts[i].text) > 10000)
			json_object_set_new(errors, texts[i].field, json_string("Keep it under 10,000 characters."));
	for (size_t i = 0; i < f->nactions; i++) {
		json_t *a = f->actions[i] ? store_resource_get(s, "actions", f->actions[i], NULL) : NULL;
		if (!a) {
			json_object_set_new(errors, "actions", json_string("Choose only actions from the list."));
			break;
		}
		json_decref(a);
	}
	if (f->has_file) {
		if (f->file_len > EVIDENCE_MAX_FILE)
			json_object_set_new(errors, "file", json_string("The file is larger than 20 MB. Choose a smaller file."));
		else if (f->file_len == 0)
			json_object_set_new(errors, "file", json_string("The file is empty. Choose a file with something in it."));
		else if (!evidence_sniff(f->file_data, f->file_len))
			json_object_set_new(errors, "file",
			                    json_string("The file must be a PDF, a Word document (DOCX), an OpenDocument text (ODT) "
			                                "or a CSV file. This one is none of those."));
	}
	return (int)json_object_size(errors);
}

/* Writes f's record (and file, when one is given or removed) for slug. */
static int put(struct store *s, const char *slug, const char *organisation, const char *submitted,
               const struct evidence_form *f, struct kerr *e)
{
	struct store_evidence ev = {slug,
	                            organisation,
	                            f->kind,
	                            f->title,
	                            given(f->will_do),
	                            given(f->support_needed),
	                            given(f->help_offered),
	                            submitted,
	                            f->actions,
	                            f->nactions};
	if (store_evidence_put(s, &ev, e) < 0)
		return -1;
	if (f->has_file) {
		/* The name shown is the person's, cut to a sensible length; the type is what the
		 * bytes are. */
		char name[201];
		snprintf(name, sizeof name, "%s", f->file_name && *f->file_name ? f->file_name : "evidence");
		struct buf fixed = {0};
		utf8_repair(&fixed, name, strlen(name)); /* the cut may split a character */
		int rc = store_evidence_file_put(s, slug, buf_str(&fixed), evidence_sniff(f->file_data, f->file_len),
		                                 f->file_data, f->file_len, e);
		buf_free(&fixed);
		return rc;
	}
	if (f->remove_file)
		return store_evidence_file_put(s, slug, NULL, NULL, NULL, 0, e);
	return 0;
}

/* Ends a write: the audit record (unless nothing changed) and the commit, or a
 * rollback. Takes before and after. */
static int finish(struct store *s, int ok, const char *actor, const char *slug, const char *verb, json_t *before,
                  json_t *after, bool always, struct kerr *e)
{
	if (ok && !always && before && after) {
		/* The time of the change is not a change. */
		json_t *a = json_deep_copy(before), *b = json_deep_copy(after);
		json_object_del(a, "updated");
		json_object_del(b, "updated");
		bool same = json_equal(a, b);
		json_decref(a);
		json_decref(b);
		if (same) {
			json_decref(before);
			json_decref(after);
			store_release(s);
			return 0;
		}
	}
	ok = ok && store_audit_add(s, actor, "evidence", slug, verb, before, after, e) == 0;
	json_decref(before);
	json_decref(after);
	return store_end(s, ok, e);
}

int evidence_add(struct store *s, const char *actor, const char *organisation, const struct evidence_form *f,
                 char slug_out[128], struct kerr *e)
{
	char base[128], today[11];
	plan_slug_words(organisation, f->title ? f->title : "", 6, base);
	date_format(date_today(), today);
	if (store_begin(s, e) < 0)
		return -1;
	plan_slug_unique(s, "evidence-all", base, slug_out);
	json_t *after = NULL;
	int ok = put(s, slug_out, organisation, today, f, e) == 0 &&
	         (after = store_resource_get(s, "evidence-all", slug_out, e)) != NULL;
	return finish(s, ok, actor, slug_out, "create", NULL, after, true, e);
}

int evidence_change(struct store *s, const char *actor, const char *slug, const struct evidence_form *f,
                    struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = store_resource_get(s, "evidence-all", slug, e), *after = NULL;
	int ok = before && put(s, slug, json_string_value(json_object_get(before, "organisation")),
	                       json_string_value(json_object_get(before, "submitted")), f, e) == 0 &&
	         (after = store_resource_get(s, "evidence-all", slug, e)) != NULL;
	/* A new file of the same name and size is still a change. */
	return finish(s, ok, actor, slug, "update", before, after, f->has_file, e);
}

int evidence_publish(struct store *s, const char *actor, const char *slug, bool published, struct kerr *e)
{
	char today[11];
	date_format(date_today(), today);
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = store_resource_get(s, "evidence-all", slug, e), *after = NULL;
	if (before && json_is_true(json_object_get(before, "published")) == published) {
		json_decref(before);
		store_release(s);
		return 0;
	}
	int ok = before && store_evidence_publish(s, slug, published, today, e) == 0 &&
	         (after = store_resource_get(s, "evidence-all", slug, e)) != NULL;
	return finish(s, ok, actor, slug, "update", before, after, true, e);
}

int evidence_change_publish(struct store *s, const char *actor, const char *slug, const struct evidence_form *f,
                            int publish, struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	/* A failure inside rolls everything back already. Withdrawn first and published
	 * last, so that the change is recorded as made while it was not public: it never
	 * was, and its history shows the public only what was (history_visible). */
	if ((publish == 0 && evidence_publish(s, actor, slug, false, e) < 0) || evidence_change(s, actor, slug, f, e) < 0 ||
	    (publish == 1 && evidence_publish(s, actor, slug, true, e) < 0))
		return -1;
	return store_commit(s, e);
}

int evidence_delete(struct store *s, const char *actor, const char *slug, struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = store_resource_get(s, "evidence-all", slug, e);
	int ok = before && store_evidence_delete(s, slug, e) == 0;
	return finish(s, ok, actor, slug, "delete", before, NULL, true, e);
}

/* ---- who may do what ---- */

static const char *role_of(json_t *user)
{
	return json_string_value(json_object_get(user, "role"));
}

static bool role_is(json_t *user, const char *role)
{
	const char *r = role_of(user);
	return r && strcmp(r, role) == 0;
}

static bool own_organisation(json_t *user, const char *organisation)
{
	const char *own = json_string_value(json_object_get(user, "organisation"));
	return own && organisation && strcmp(own, organisation) == 0;
}

bool evidence_may_see_unpublished(json_t *user, const char *organisation)
{
	if (role_is(user, "admin") || role_is(user, "staff") || role_is(user, "board"))
		return true;
	return (role_is(user, "editor") || role_is(user, "viewer")) && own_organisation(user, organisation);
}

bool evidence_may_see(json_t *user, json_t *evidence)
{
	if (json_is_true(json_object_get(evidence, "published")))
		return true;
	json_t *org = json_object_get(evidence, "organisation");
	const char *slug = json_is_string(org) ? json_string_value(org) : json_string_value(json_object_get(org, "slug"));
	return evidence_may_see_unpublished(user, slug);
}

bool evidence_may_edit(json_t *user, const char *organisation)
{
	return commitment_may_edit(user, organisation);
}

bool evidence_may_publish(json_t *user)
{
	return organisation_may_manage(user);
}
