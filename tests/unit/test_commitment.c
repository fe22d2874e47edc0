/* Unit tests for the writes of src/plan/commitment.c and organisation.c that the API
 * and the forms share: slugs made from names, the refusals (who may, what is wrong,
 * what stands in the way) and that each write lands with its audit record or not at
 * all. On the demo content (plan_content_load with the demo organisations). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "demodb.h"

#include "base/date.h"
#include "base/kerr.h"
#include "plan/commitment.h"
#include "plan/plan.h"
#include "store/store.h"

/* How many audit records there are for entity (and id). */
static size_t audits(struct demodb *f, const char *entity, const char *id)
{
	json_t *list = store_audit_list(f->s, entity, id, NULL, &f->e);
	assert_non_null(list);
	size_t n = json_array_size(list);
	json_decref(list);
	return n;
}

static json_t *user(const char *role, const char *organisation)
{
	return json_pack("{s:s, s:s?}", "role", role, "organisation", organisation);
}

static void test_may_manage(void **state)
{
	(void)state;
	const char *roles[] = {"admin", "staff", "board", "editor", "viewer"};
	for (size_t i = 0; i < 5; i++) {
		json_t *u = user(roles[i], i == 3 ? "cosla" : NULL);
		assert_int_equal(organisation_may_manage(u), i < 2);
		json_decref(u);
	}
	assert_false(organisation_may_manage(NULL));
}

static void test_organisation_add_slug(void **state)
{
	struct demodb *f = *state;
	struct organisation_form form = {"  Dundee & Angus: Youth Work!  ", "third", "local", NULL};
	char slug[128];
	assert_int_equal(organisation_add(f->s, "t@keep.test", &form, slug, &f->e), 0);
	assert_string_equal(slug, "dundee-angus-youth-work");
	/* The same name again, whatever its case, is refused by the store too (a unique
	 * index), for a writer that skipped organisation_check. */
	struct organisation_form same = {"  DUNDEE & angus: Youth Work!  ", NULL, NULL, NULL};
	assert_int_equal(organisation_add(f->s, "t@keep.test", &same, slug, &f->e), -1);
	assert_int_equal(f->e.code, KERR_CONFLICT);
	assert_non_null(strstr(f->e.msg, "there is already an organisation called '  DUNDEE & angus: Youth Work!  '"));
	json_t *errors = json_object();
	assert_int_equal(organisation_check(f->s, &same, NULL, errors), 1);
	assert_string_equal(json_string_value(json_object_get(errors, "name")),
	                    "There is already an organisation called '  Dundee & Angus: Youth Work!  ': choose another name.");
	json_decref(errors);
	struct organisation_form other = {"Dundee & Angus - Youth Work", "third", "local", NULL};
	assert_int_equal(organisation_add(f->s, "t@keep.test", &other, slug, &f->e), 0);
	assert_string_equal(slug, "dundee-angus-youth-work-2");
	struct organisation_form odd[] = {{"New", NULL, NULL, NULL}, {"\xc3\x89\xc3\x89", NULL, NULL, NULL}};
	assert_int_equal(organisation_add(f->s, "t", &odd[0], slug, &f->e), 0);
	assert_string_equal(slug, "new-organisation");
	assert_int_equal(organisation_add(f->s, "t", &odd[1], slug, &f->e), 0);
	assert_string_equal(slug, "organisation");
	json_t *o = store_resource_get(f->s, "organisations", "dundee-angus-youth-work", &f->e);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "name")), "  Dundee & Angus: Youth Work!  ");
	json_decref(o);
	assert_int_equal(audits(f, "organisation", "dundee-angus-youth-work"), 1);
}

static void test_organisation_delete(void **state)
{
	struct demodb *f = *state;
	assert_int_equal(organisation_delete(f->s, "t", "scottish-government", &f->e), -1);
	assert_int_equal(f->e.code, KERR_CONFLICT);
	assert_non_null(strstr(f->e.msg, "This organisation still has "));
	assert_non_null(strstr(f->e.msg, " commitments"));
	assert_int_equal(audits(f, "organisation", "scottish-government"), 0);
	struct organisation_form form = {"Short Lived", NULL, NULL, NULL};
	char slug[128];
	assert_int_equal(organisation_add(f->s, "t", &form, slug, &f->e), 0);
	assert_int_equal(organisation_delete(f->s, "t", slug, &f->e), 0);
	assert_null(store_resource_get(f->s, "organisations", slug, NULL));
	assert_int_equal(audits(f, "organisation", slug), 2);
	f->e = (struct kerr){0};
	assert_int_equal(organisation_delete(f->s, "t", slug, &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
}

static void test_leads(void **state)
{
	struct demodb *f = *state;
	struct lead_form bad = {"no-such-action", "", "boss"};
	json_t *errors = json_object();
	assert_int_equal(lead_check(f->s, &bad, errors), 3);
	assert_string_equal(json_string_value(json_object_get(errors, "action")),
	                    "Choose one of the actions listed.");
	assert_string_equal(json_string_value(json_object_get(errors, "organisation")),
	                    "Choose an organisation.");
	assert_string_equal(json_string_value(json_object_get(errors, "role")), "Choose lead or key role.");
	json_decref(errors);
	struct organisation_form form = {"Lead Test", NULL, NULL, NULL};
	char slug[128];
	assert_int_equal(organisation_add(f->s, "t", &form, slug, &f->e), 0);
	struct lead_form l = {"planning", slug, "key"};
	errors = json_object();
	assert_int_equal(lead_check(f->s, &l, errors), 0);
	json_decref(errors);
	assert_int_equal(lead_add(f->s, "t", &l, &f->e), 0);
	assert_int_equal(lead_add(f->s, "t", &l, &f->e), -1);
	assert_int_equal(f->e.code, KERR_CONFLICT);
	l.role = "lead";
	assert_int_equal(lead_change(f->s, "t", &l, &f->e), 0);
	assert_int_equal(lead_change(f->s, "t", &l, &f->e), 0); /* the same again records nothing */
	char id[200];
	snprintf(id, sizeof id, "planning/%s", slug);
	assert_int_equal(audits(f, "lead", id), 2);
	/* an organisation with a lead role is not deleted */
	assert_int_equal(organisation_delete(f->s, "t", slug, &f->e), -1);
	assert_string_equal(
	    f->e.msg,
	    "This organisation still has 1 lead role. Delete or move them first; nothing was deleted.");
	assert_int_equal(lead_remove(f->s, "t", "planning", slug, &f->e), 0);
	assert_int_equal(lead_remove(f->s, "t", "planning", slug, &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	assert_int_equal(audits(f, "lead", id), 3);
}

static void test_update_check(void **state)
{
	(void)state;
	struct kdate today = {2026, 6, 15};
	const struct {
		struct commitment_update_form form;
		const char *field, *message;
	} cases[] = {
	    {{"2026-06-16", "done", NULL}, "date", "The date cannot be in the future."},
	    {{"2026-02-30", "done", NULL},
	     "date",
	     "Enter a real date as YYYY-MM-DD, for example 2026-03-31."},
	    {{"", "finished", "x"}, "status", "Choose one of the statuses listed."},
	    {{NULL, NULL, "  "}, "text", "Write what has happened, or choose a status."},
	    {{"2026-06-15", "done", NULL}, NULL, NULL},
	    {{NULL, NULL, "Only words"}, NULL, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *errors = json_object();
		int n = commitment_update_check(&cases[i].form, today, errors);
		if (!cases[i].field) {
			assert_int_equal(n, 0);
		} else {
			assert_int_equal(n, 1);
			assert_string_equal(json_string_value(json_object_get(errors, cases[i].field)),
			                    cases[i].message);
		}
		json_decref(errors);
	}
}

static void test_update_add_and_delete(void **state)
{
	struct demodb *f = *state;
	struct commitment_form c = {"We will test the timeline", NULL, NULL, NULL, "not_started", NULL};
	char slug[128];
	assert_int_equal(commitment_add(f->s, "t", "cosla", &c, slug, &f->e), 0);
	struct commitment_update_form u = {"2026-01-02", "under_way", "Begun"};
	json_t *entry = NULL;
	assert_int_equal(
	    commitment_update_add(f->s, "t", slug, &u, (struct kdate){2026, 6, 15}, &entry, &f->e), 0);
	assert_string_equal(json_string_value(json_object_get(entry, "at")), "2026-01-02");
	json_decref(entry);
	json_t *stored = store_commitment(f->s, slug, &f->e);
	assert_string_equal(json_string_value(json_object_get(stored, "status")), "under_way");
	json_t *updates = json_object_get(stored, "updates");
	assert_int_equal(json_array_size(updates), 2);
	/* dated entries sort by their date: the January one comes before the one added today */
	assert_string_equal(json_string_value(json_object_get(json_array_get(updates, 0), "at")),
	                    "2026-01-02");
	json_decref(stored);
	assert_int_equal(audits(f, "commitment_update", slug), 1);
	assert_int_equal(audits(f, "commitment", slug), 2); /* create, and the status */
	/* a text alone leaves the status and makes no commitment record */
	struct commitment_update_form words = {NULL, NULL, "Still going"};
	assert_int_equal(
	    commitment_update_add(f->s, "t", slug, &words, (struct kdate){2026, 6, 15}, NULL, &f->e), 0);
	assert_int_equal(audits(f, "commitment", slug), 2);
	f->e = (struct kerr){0};
	assert_int_equal(
	    commitment_update_add(f->s, "t", "no-such", &words, (struct kdate){2026, 6, 15}, NULL, &f->e),
	    -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	assert_int_equal(commitment_delete(f->s, "t", slug, &f->e), 0);
	assert_null(store_commitment(f->s, slug, NULL));
	assert_int_equal(audits(f, "commitment", slug), 3);
	assert_int_equal(commitment_delete(f->s, "t", slug, &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
}

static void test_heard_add_delete(void **state)
{
	struct demodb *f = *state;
	char id[128];
	assert_int_equal(heard_add(f->s, "t", "planning", "Heard once", id, &f->e), 0);
	json_t *h = store_resource_get(f->s, "heard", id, &f->e);
	assert_non_null(h);
	assert_string_equal(json_string_value(json_object_get(h, "text")), "Heard once");
	json_decref(h);
	assert_int_equal(heard_delete(f->s, "t", id, &f->e), 0);
	assert_null(store_resource_get(f->s, "heard", id, NULL));
	assert_int_equal(audits(f, "heard", id), 2);
	assert_int_equal(heard_delete(f->s, "t", id, &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_may_manage),
	    cmocka_unit_test_setup_teardown(test_organisation_add_slug, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_organisation_delete, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_leads, demodb_setup, demodb_teardown),
	    cmocka_unit_test(test_update_check),
	    cmocka_unit_test_setup_teardown(test_update_add_and_delete, demodb_setup, demodb_teardown),
	    cmocka_unit_test_setup_teardown(test_heard_add_delete, demodb_setup, demodb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
