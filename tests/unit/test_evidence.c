/* Unit tests for src/plan/evidence.c and src/store/evidence.c: what a file is by its
 * bytes (never by its name), the safe download name, the form's checks with their
 * exact messages, who may see, change and publish evidence, and each write as one
 * audited transaction (or nothing at all).
 *
 * The store tests work on a new database in a temporary directory, with the embedded
 * Plan and the demo organisations loaded. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "demodb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "plan/evidence.h"
#include "plan/plan.h"
#include "store/store.h"

#define ACTOR "command line (tester)"
#define DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define ODT "application/vnd.oasis.opendocument.text"

/* ---- building ZIP files: stored entries, a central directory and its end record ---- */

static void put16(struct buf *b, unsigned v)
{
	char c[2] = {(char)(v & 255), (char)(v >> 8 & 255)};
	buf_put(b, c, 2);
}

static void put32(struct buf *b, unsigned long v)
{
	put16(b, (unsigned)(v & 0xFFFF));
	put16(b, (unsigned)(v >> 16 & 0xFFFF));
}

/* A ZIP of n entries names[i] holding texts[i], each stored (not compressed). */
static void zip_make(struct buf *z, const char *const *names, const char *const *texts, size_t n)
{
	unsigned long offsets[8];
	for (size_t i = 0; i < n; i++) {
		offsets[i] = z->len;
		buf_put(z, "PK\x03\x04", 4);
		put16(z, 20), put16(z, 0), put16(z, 0), put16(z, 0), put16(z, 0);
		put32(z, 0), put32(z, strlen(texts[i])), put32(z, strlen(texts[i]));
		put16(z, (unsigned)strlen(names[i])), put16(z, 0);
		buf_puts(z, names[i]);
		buf_puts(z, texts[i]);
	}
	unsigned long cd = z->len;
	for (size_t i = 0; i < n; i++) {
		buf_put(z, "PK\x01\x02", 4);
		put16(z, 20), put16(z, 20), put16(z, 0), put16(z, 0), put16(z, 0), put16(z, 0);
		put32(z, 0), put32(z, strlen(texts[i])), put32(z, strlen(texts[i]));
		put16(z, (unsigned)strlen(names[i])), put16(z, 0), put16(z, 0), put16(z, 0), put16(z, 0);
		put32(z, 0), put32(z, offsets[i]);
		buf_puts(z, names[i]);
	}
	unsigned long cd_size = z->len - cd;
	buf_put(z, "PK\x05\x06", 4);
	put16(z, 0), put16(z, 0), put16(z, (unsigned)n), put16(z, (unsigned)n);
	put32(z, cd_size), put32(z, cd), put16(z, 0);
}

static void test_sniff(void **state)
{
	(void)state;
	assert_string_equal(evidence_sniff("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 14), "application/pdf");
	assert_null(evidence_sniff("\x00%PDF-1.7", 9)); /* the marker must open the file */
	assert_null(evidence_sniff("", 0));

	struct buf z = {0};
	const char *docx_names[] = {"[Content_Types].xml", "_rels/.rels", "word/document.xml"};
	const char *docx_texts[] = {"<Types/>", "<Relationships/>", "<w:document/>"};
	zip_make(&z, docx_names, docx_texts, 3);
	assert_string_equal(evidence_sniff(z.p, z.len), DOCX);
	/* Cut short: the central directory is gone, so it is no longer a document. */
	assert_null(evidence_sniff(z.p, z.len - 10));
	buf_reset(&z);
	const char *xlsx_names[] = {"[Content_Types].xml", "xl/workbook.xml"};
	zip_make(&z, xlsx_names, docx_texts, 2);
	assert_null(evidence_sniff(z.p, z.len)); /* a spreadsheet is not a Word document */
	buf_reset(&z);

	const char *odt_names[] = {"mimetype", "content.xml"};
	const char *odt_texts[] = {ODT, "<office:document-content/>"};
	zip_make(&z, odt_names, odt_texts, 2);
	assert_string_equal(evidence_sniff(z.p, z.len), ODT);
	buf_reset(&z);
	const char *ods_texts[] = {"application/vnd.oasis.opendocument.spreadsheet", "<x/>"};
	zip_make(&z, odt_names, ods_texts, 2);
	assert_null(evidence_sniff(z.p, z.len));
	buf_free(&z);

	assert_string_equal(evidence_sniff("area,children\nS12000033,120\n", 28), "text/csv");
	assert_string_equal(evidence_sniff("\xef\xbb\xbfname\r\n\"a, b\"\r\n", 17), "text/csv");
	assert_null(evidence_sniff("a,\"b\n", 5));             /* a quote never closed */
	assert_null(evidence_sniff("a,b\xff\n", 5));            /* not UTF-8 */
	assert_null(evidence_sniff("MZ\x90\x00\x03\x00\x00\x00", 8)); /* a Windows program */
	assert_null(evidence_sniff("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 16));
}

static void test_safe_file_name(void **state)
{
	(void)state;
	char out[128];
	evidence_safe_file_name("Our plan 2026.pdf", "application/pdf", out);
	assert_string_equal(out, "Our-plan-2026.pdf");
	/* The type decides the extension, whatever the name said. */
	evidence_safe_file_name("report.exe", "text/csv", out);
	assert_string_equal(out, "report.csv");
	evidence_safe_file_name("C:\\Users\\me\\..\\\"quoted\"; name=x.docx", DOCX, out);
	assert_string_equal(out, "quoted-name-x.docx");
	evidence_safe_file_name("../../etc/passwd", ODT, out);
	assert_string_equal(out, "passwd.odt");
	evidence_safe_file_name("\xc3\xa9\xc3\xa9.pdf", "application/pdf", out);
	assert_string_equal(out, "evidence.pdf");
	evidence_safe_file_name(NULL, "application/pdf", out);
	assert_string_equal(out, "evidence.pdf");
}

static void test_rules(void **state)
{
	(void)state;
	json_t *admin = json_pack("{s:s}", "role", "admin");
	json_t *staff = json_pack("{s:s}", "role", "staff");
	json_t *board = json_pack("{s:s}", "role", "board");
	json_t *editor = json_pack("{s:s, s:s}", "role", "editor", "organisation", "cosla");
	json_t *viewer = json_pack("{s:s, s:s}", "role", "viewer", "organisation", "cosla");
	json_t *other_viewer = json_pack("{s:s}", "role", "viewer");
	json_t *unpublished = json_pack("{s:b, s:{s:s}}", "published", 0, "organisation", "slug", "cosla");
	json_t *published = json_pack("{s:b, s:s}", "published", 1, "organisation", "cosla");

	assert_true(evidence_may_see(NULL, published));
	assert_false(evidence_may_see(NULL, unpublished));
	assert_true(evidence_may_see(admin, unpublished));
	assert_true(evidence_may_see(staff, unpublished));
	assert_true(evidence_may_see(board, unpublished));
	assert_true(evidence_may_see(editor, unpublished));
	assert_true(evidence_may_see(viewer, unpublished));
	assert_false(evidence_may_see(other_viewer, unpublished));
	assert_false(evidence_may_see_unpublished(editor, "scottish-government"));

	assert_true(evidence_may_edit(admin, "cosla"));
	assert_true(evidence_may_edit(staff, "cosla"));
	assert_true(evidence_may_edit(editor, "cosla"));
	assert_false(evidence_may_edit(editor, "scottish-government"));
	assert_false(evidence_may_edit(board, "cosla"));
	assert_false(evidence_may_edit(viewer, "cosla"));
	assert_false(evidence_may_edit(NULL, "cosla"));

	assert_true(evidence_may_publish(admin));
	assert_true(evidence_may_publish(staff));
	assert_false(evidence_may_publish(board));
	assert_false(evidence_may_publish(editor));
	assert_false(evidence_may_publish(NULL));

	json_t *all[] = {admin, staff, board, editor, viewer, other_viewer, unpublished, published};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		json_decref(all[i]);
}

/* ---- with a store ---- */

static void test_check_messages(void **state)
{
	struct demodb *f = *state;
	char long_title[400];
	memset(long_title, 'x', 301);
	long_title[301] = '\0';
	const char *actions[] = {"schools-and-exclusion", "no-such-action"};
	struct evidence_form form = {.kind = "essay", .title = long_title, .actions = actions, .nactions = 2,
	                             .has_file = true, .file_name = "x.pdf", .file_data = "MZ\x90", .file_len = 3};
	json_t *errors = json_object();
	assert_int_equal(evidence_check(f->s, &form, errors), 4);
	assert_string_equal(json_string_value(json_object_get(errors, "kind")),
	                    "Choose what kind of evidence this is: a plan, a report or a survey response.");
	assert_string_equal(json_string_value(json_object_get(errors, "title")), "Keep the title under 300 characters.");
	assert_string_equal(json_string_value(json_object_get(errors, "actions")), "Choose only actions from the list.");
	assert_string_equal(json_string_value(json_object_get(errors, "file")),
	                    "The file must be a PDF, a Word document (DOCX), an OpenDocument text (ODT) or a CSV file. "
	                    "This one is none of those.");
	json_decref(errors);

	/* 300 characters of two bytes each is still within the limit. */
	char accents[700] = "";
	for (int i = 0; i < 300; i++)
		strcat(accents, "\xc3\xa9");
	struct evidence_form big = {.kind = "report", .title = accents, .has_file = true, .file_data = "%PDF-",
	                            .file_len = EVIDENCE_MAX_FILE + 1};
	errors = json_object();
	assert_int_equal(evidence_check(f->s, &big, errors), 1);
	assert_string_equal(json_string_value(json_object_get(errors, "file")),
	                    "The file is larger than 20 MB. Choose a smaller file.");
	json_decref(errors);

	struct evidence_form blank = {.kind = "plan", .title = "  "};
	errors = json_object();
	assert_int_equal(evidence_check(f->s, &blank, errors), 1);
	assert_string_equal(json_string_value(json_object_get(errors, "title")), "Enter a title.");
	json_decref(errors);
}

static void test_add_change_publish_delete(void **state)
{
	struct demodb *f = *state;
	const char *actions[] = {"schools-and-exclusion"};
	struct evidence_form form = {.kind = "plan", .title = "Our plan for 2026!", .will_do = "Listen more.",
	                             .support_needed = " ", .actions = actions, .nactions = 1, .has_file = true,
	                             .file_name = "plan.PDF", .file_data = "%PDF-1.4 tiny", .file_len = 13};
	char slug[128];
	assert_int_equal(evidence_add(f->s, ACTOR, "cosla", &form, slug, &f->e), 0);
	assert_string_equal(slug, "cosla-our-plan-for-2026");
	/* The same title again gets an id of its own. */
	char slug2[128];
	assert_int_equal(evidence_add(f->s, ACTOR, "cosla", &form, slug2, &f->e), 0);
	assert_string_equal(slug2, "cosla-our-plan-for-2026-2");

	json_t *ev = store_evidence(f->s, slug, &f->e);
	assert_non_null(ev);
	assert_string_equal(json_string_value(json_object_get(ev, "title")), "Our plan for 2026!");
	assert_true(json_is_null(json_object_get(ev, "support_needed")));
	assert_true(json_is_false(json_object_get(ev, "published")));
	assert_string_equal(json_string_value(json_object_get(ev, "file_name")), "plan.PDF");
	assert_string_equal(json_string_value(json_object_get(ev, "file_type")), "application/pdf");
	assert_int_equal(json_integer_value(json_object_get(ev, "file_size")), 13);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(ev, "actions"), 0), "slug")),
	                    "schools-and-exclusion");
	json_decref(ev);
	struct buf bytes = {0};
	assert_int_equal(store_evidence_file_read(f->s, slug, &bytes, &f->e), 0);
	assert_int_equal(bytes.len, 13);
	assert_memory_equal(bytes.p, "%PDF-1.4 tiny", 13);
	buf_free(&bytes);

	/* Not published: not in the public resource, nor in a public list. */
	assert_null(store_resource_get(f->s, "evidence", slug, &f->e));
	assert_string_equal(f->e.msg, "no published evidence called 'cosla-our-plan-for-2026'");
	json_t *list = store_evidence_list(f->s, "cosla", NULL, true, &f->e);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);
	list = store_evidence_list(f->s, "cosla", "schools-and-exclusion", false, &f->e);
	assert_int_equal(json_array_size(list), 2);
	json_decref(list);

	assert_int_equal(evidence_publish(f->s, ACTOR, slug, true, &f->e), 0);
	json_t *pub = store_resource_get(f->s, "evidence", slug, &f->e);
	assert_non_null(pub);
	assert_true(json_is_true(json_object_get(pub, "published")));
	json_decref(pub);

	/* A change with a wrong action writes nothing. */
	const char *bad[] = {"no-such-action"};
	struct evidence_form wrong = {.kind = "report", .title = "Changed", .actions = bad, .nactions = 1};
	assert_int_equal(evidence_change(f->s, ACTOR, slug, &wrong, &f->e), -1);
	assert_string_equal(f->e.msg, "no action called 'no-such-action'");
	struct evidence_form change = {.kind = "report", .title = "Our report", .remove_file = true};
	assert_int_equal(evidence_change(f->s, ACTOR, slug, &change, &f->e), 0);
	/* The same again changes nothing and records nothing. */
	assert_int_equal(evidence_change(f->s, ACTOR, slug, &change, &f->e), 0);
	assert_int_equal(store_evidence_file_read(f->s, slug, &bytes, &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	buf_free(&bytes);

	assert_int_equal(evidence_delete(f->s, ACTOR, slug2, &f->e), 0);
	assert_null(store_evidence(f->s, slug2, &f->e));

	json_t *audit = store_audit_list(f->s, "evidence", slug, NULL, &f->e);
	assert_int_equal(json_array_size(audit), 3); /* create, publish, change */
	json_t *last = json_array_get(audit, 2);
	assert_string_equal(json_string_value(json_object_get(last, "verb")), "update");
	json_t *before = json_object_get(last, "before"), *after = json_object_get(last, "after");
	assert_string_equal(json_string_value(json_object_get(before, "title")), "Our plan for 2026!");
	assert_string_equal(json_string_value(json_object_get(after, "title")), "Our report");
	assert_string_equal(json_string_value(json_object_get(before, "file_name")), "plan.PDF");
	assert_true(json_is_null(json_object_get(after, "file_name")));
	assert_int_equal(json_array_size(json_object_get(after, "actions")), 0);
	json_t *second = json_array_get(audit, 1);
	assert_true(json_is_false(json_object_get(json_object_get(second, "before"), "published")));
	assert_true(json_is_true(json_object_get(json_object_get(second, "after"), "published")));
	json_decref(audit);
	audit = store_audit_list(f->s, "evidence", slug2, NULL, &f->e);
	assert_int_equal(json_array_size(audit), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(audit, 1), "verb")), "delete");
	json_decref(audit);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_safe_file_name),
		cmocka_unit_test(test_rules),
		cmocka_unit_test_setup_teardown(test_check_messages, demodb_setup, demodb_teardown),
		cmocka_unit_test_setup_teardown(test_add_change_publish_delete, demodb_setup, demodb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
