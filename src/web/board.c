/* The Oversight Board's page: who serves today, who served before (and who will
 * start), and whether the rule from the seeds holds, in words. */
#include "web/page.h"

#include "base/date.h"
#include "plan/board.h"
#include "plan/commitment.h"

#include <string.h>

/* Adds the words the page shows for member m ("Chair", "yes", "1 April 2024"). */
static void member_words(json_t *m)
{
	json_object_set_new(m, "role_words",
	                    json_string(strcmp(json_string_value(json_object_get(m, "role")), "chair") == 0 ? "Chair"
	                                                                                                  : "Member"));
	json_object_set_new(m, "care_words", json_string(json_is_true(json_object_get(m, "care_experienced")) ? "Yes" : "No"));
	const char *keys[][2] = {{"starts", "starts_words"}, {"ends", "ends_words"}};
	for (size_t k = 0; k < 2; k++) {
		struct kdate d;
		const char *v = json_string_value(json_object_get(m, keys[k][0]));
		if (v && date_parse(v, &d, NULL) == 0) {
			struct buf b = {0};
			date_words(d, &b);
			json_object_set_new(m, keys[k][1], json_string(buf_str(&b)));
			buf_free(&b);
		}
	}
}

void web_page_board(struct web_request *req, struct web_response *res)
{
	struct kerr e = {0};
	struct board_verdict v;
	struct kdate today = date_today();
	json_t *all = board_members_check(req->store, today, &v, &e);
	if (!all) {
		page_read_failed(req, res, "board members", &e);
		return;
	}
	json_t *current = json_array(), *others = json_array();
	size_t i;
	json_t *m;
	json_array_foreach(all, i, m)
	{
		member_words(m);
		struct board_member bm = {0};
		date_parse(json_string_value(json_object_get(m, "starts")), &bm.starts, NULL);
		const char *ends = json_string_value(json_object_get(m, "ends"));
		bm.has_end = ends && date_parse(ends, &bm.ends, NULL) == 0;
		json_array_append(board_member_serves(&bm, today) ? current : others, m);
	}
	json_decref(all);
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/board", "Oversight Board");
	json_t *ctx = json_pack("{s:s, s:b, s:o, s:o, s:o, s:b, s:b, s:b, s:b}", "title", "Oversight Board", "nav_board",
	                        1, "breadcrumbs", crumbs, "current", current, "others", others, "has_current",
	                        json_array_size(current) > 0, "has_others", json_array_size(others) > 0, "holds",
	                        !v.fails, "holds_today", v.holds_today);
	if (v.fails)
		json_object_set_new(ctx, "why", json_string(v.why));
	if (organisation_may_manage(req->user))
		json_object_set_new(ctx, "may_manage", json_true());
	web_page(req, res, 200, "board", ctx);
}
