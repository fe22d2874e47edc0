/* The Oversight Board's rule and form checks (see board.h). */
#include "plan/board.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "plan/plan.h"
#include "store/store.h"

bool board_member_serves(const struct board_member *m, struct kdate day)
{
	return date_cmp(m->starts, day) <= 0 && (!m->has_end || date_cmp(day, m->ends) <= 0);
}

bool board_rule_on(const struct board_member *members, size_t n, struct kdate day, char *why, size_t size)
{
	int serving = 0, experienced = 0, chairs = 0, chairs_experienced = 0;
	for (size_t i = 0; i < n; i++) {
		if (!board_member_serves(&members[i], day))
			continue;
		serving++;
		experienced += members[i].care_experienced;
		if (members[i].chair) {
			chairs++;
			chairs_experienced += members[i].care_experienced;
		}
	}
	char reason[200] = "";
	if (serving == 0)
		return true;
	/* The Chair's failures come first: they say what to fix most plainly. */
	if (chairs == 0)
		snprintf(reason, sizeof reason, "there is no Chair");
	else if (chairs > 1)
		snprintf(reason, sizeof reason, "there are %d Chairs; there should be one", chairs);
	else if (chairs_experienced == 0)
		snprintf(reason, sizeof reason, "the Chair is not care experienced");
	else if (2 * experienced < serving)
		snprintf(reason, sizeof reason, "%d of %d %s care experienced, fewer than half", experienced, serving,
		         serving == 1 ? "member is" : "members are");
	else
		return true;
	if (why && size)
		snprintf(why, size, "%s", reason);
	return false;
}

/* The day after d. */
static struct kdate next_day(struct kdate d)
{
	struct kdate n = {d.y, d.m, d.d + 1};
	if (!date_valid(n)) {
		n.d = 1;
		if (++n.m > 12) {
			n.m = 1;
			n.y++;
		}
	}
	return n;
}

/* The days membership changes: each start and each day after an end, into days
 * (room for 2n); returns how many. */
static size_t change_days(const struct board_member *members, size_t n, struct kdate *days)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		days[k++] = members[i].starts;
		if (members[i].has_end)
			days[k++] = next_day(members[i].ends);
	}
	return k;
}

static void verdict_fail(const struct board_member *members, size_t n, struct kdate from, struct board_verdict *v)
{
	char reason[200];
	board_rule_on(members, n, from, reason, sizeof reason);
	struct buf b = {0};
	date_words(from, &b);
	v->fails = true;
	v->from = from;
	snprintf(v->why, sizeof v->why, "From %s: %s", buf_str(&b), reason);
	buf_free(&b);
}

void board_rule_check(const struct board_member *members, size_t n, struct kdate today, struct board_verdict *v)
{
	memset(v, 0, sizeof *v);
	struct kdate days[2 * n + 1];
	size_t k = change_days(members, n, days);
	v->holds_today = board_rule_on(members, n, today, NULL, 0);
	if (!v->holds_today) {
		/* Walk back through earlier change days while the rule still failed on them:
		 * the state only changes on those days, so the run began at the earliest. */
		struct kdate from = today;
		for (;;) {
			struct kdate latest = {0, 0, 0};
			bool found = false;
			for (size_t i = 0; i < k; i++)
				if (date_cmp(days[i], from) <= 0 && (!found || date_cmp(days[i], latest) > 0)) {
					latest = days[i];
					found = true;
				}
			if (!found)
				break;
			from = latest; /* the state on from is the state today */
			/* The day before from: the latest change day strictly before it decides. */
			struct kdate before = {0, 0, 0};
			found = false;
			for (size_t i = 0; i < k; i++)
				if (date_cmp(days[i], from) < 0 && (!found || date_cmp(days[i], before) > 0)) {
					before = days[i];
					found = true;
				}
			if (!found || board_rule_on(members, n, before, NULL, 0))
				break;
			from = before;
		}
		verdict_fail(members, n, from, v);
		return;
	}
	struct kdate first = {0, 0, 0};
	bool found = false;
	for (size_t i = 0; i < k; i++)
		if (date_cmp(days[i], today) > 0 && (!found || date_cmp(days[i], first) < 0) &&
		    !board_rule_on(members, n, days[i], NULL, 0)) {
			first = days[i];
			found = true;
		}
	if (found)
		verdict_fail(members, n, first, v);
}

/* Whether s is empty or NULL. */
static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

int board_form_check(const struct board_form *f, json_t *errors)
{
	if (blank(f->name))
		json_object_set_new(errors, "name", json_string("Enter the member's name."));
	else if (strlen(f->name) > 200)
		json_object_set_new(errors, "name", json_string("Keep the name to 200 characters or fewer."));
	if (!f->role || (strcmp(f->role, "chair") != 0 && strcmp(f->role, "member") != 0))
		json_object_set_new(errors, "role", json_string("Choose Chair or member."));
	if (!f->care_experienced || (strcmp(f->care_experienced, "yes") != 0 && strcmp(f->care_experienced, "no") != 0))
		json_object_set_new(errors, "care_experienced", json_string("Say whether the member is care experienced."));
	struct kdate starts, ends;
	bool starts_ok = false;
	if (blank(f->starts))
		json_object_set_new(errors, "starts", json_string("Enter the date the member starts, like 2026-04-01."));
	else if (date_parse(f->starts, &starts, NULL) < 0)
		json_object_set_new(errors, "starts", json_string("Enter the start as a real date, like 2026-04-01."));
	else
		starts_ok = true;
	if (!blank(f->ends)) {
		if (date_parse(f->ends, &ends, NULL) < 0)
			json_object_set_new(errors, "ends", json_string("Enter the end as a real date, like 2028-03-31."));
		else if (starts_ok && date_cmp(ends, starts) < 0)
			json_object_set_new(errors, "ends", json_string("The end cannot be before the start."));
	}
	return (int)json_object_size(errors);
}

/* ---- writes and reads through the store ---- */

/* The form's care experienced as the store keeps it. */
static const char *care_value(const struct board_form *f)
{
	return f->care_experienced && strcmp(f->care_experienced, "yes") == 0 ? "1" : "0";
}

int board_member_add(struct store *s, const char *actor, const struct board_form *f, char slug_out[128],
                     struct kerr *e)
{
	char base[128];
	plan_slug_words(NULL, f->name ? f->name : "", 0, base);
	if (!base[0] || strcmp(base, "new") == 0)
		snprintf(base, sizeof base, "member");
	if (store_begin(s, e) < 0)
		return -1;
	plan_slug_unique(s, "board-members", base, slug_out);
	json_t *after = NULL;
	bool ok = store_board_member_insert(s, slug_out, f->name, f->role, care_value(f), f->starts,
	                                    plan_known(f->ends), e) == 0 &&
	          (after = store_resource_get(s, "board-members", slug_out, e)) &&
	          store_audit_add(s, actor, "board_member", slug_out, "create", NULL, after, e) == 0;
	json_decref(after);
	return store_end(s, ok, e);
}

int board_member_change(struct store *s, const char *actor, const char *slug, const struct board_form *f,
                        struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = store_resource_get(s, "board-members", slug, e), *after = NULL;
	bool ok = before &&
	          store_board_member_update(s, slug, f->name, f->role, care_value(f), f->starts, plan_known(f->ends),
	                                    e) == 0 &&
	          (after = store_resource_get(s, "board-members", slug, e));
	if (ok && !json_equal(before, after))
		ok = store_audit_add(s, actor, "board_member", slug, "update", before, after, e) == 0;
	json_decref(before);
	json_decref(after);
	return store_end(s, ok, e);
}

int board_member_end(struct store *s, const char *actor, const char *slug, const char *ends, struct kerr *e)
{
	json_t *m = store_resource_get(s, "board-members", slug, e);
	if (!m)
		return -1;
	struct board_form f = {
		json_string_value(json_object_get(m, "name")),
		json_string_value(json_object_get(m, "role")),
		json_is_true(json_object_get(m, "care_experienced")) ? "yes" : "no",
		json_string_value(json_object_get(m, "starts")),
		ends,
	};
	json_t *errors = json_object();
	int rc;
	if (!plan_known(ends))
		rc = kerr_set(e, KERR_INVALID, "Enter the last day served, like 2028-03-31.");
	else if (board_form_check(&f, errors) > 0)
		rc = kerr_set(e, KERR_INVALID, "%s",
		              json_string_value(json_object_get(errors, "ends")) ? json_string_value(json_object_get(errors, "ends"))
		                                                                   : "This member's record breaks a rule.");
	else
		rc = board_member_change(s, actor, slug, &f, e);
	json_decref(errors);
	json_decref(m);
	return rc;
}

json_t *board_members_check(struct store *s, struct kdate today, struct board_verdict *v, struct kerr *e)
{
	json_t *all = store_resource_all(s, "board-members", e);
	if (!all)
		return NULL;
	size_t n = json_array_size(all);
	struct board_member *m = xcalloc(n ? n : 1, sizeof *m);
	size_t i;
	json_t *it;
	json_array_foreach(all, i, it)
	{
		m[i].chair = strcmp(json_string_value(json_object_get(it, "role")), "chair") == 0;
		m[i].care_experienced = json_is_true(json_object_get(it, "care_experienced"));
		date_parse(json_string_value(json_object_get(it, "starts")), &m[i].starts, NULL);
		const char *ends = json_string_value(json_object_get(it, "ends"));
		m[i].has_end = ends && date_parse(ends, &m[i].ends, NULL) == 0;
	}
	board_rule_check(m, n, today, v);
	free(m);
	return all;
}
