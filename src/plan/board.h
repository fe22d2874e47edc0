/* The Oversight Board's membership (issue 4): the rule from the seeds that on any date at
 * least half of the members serving are care experienced, and so is the Chair; and the
 * checks for a member form. Pure domain rules: no SQL, HTML or HTTP. */
#ifndef KEEP_PLAN_BOARD_H
#define KEEP_PLAN_BOARD_H
#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "base/date.h"

/* One member's term: serving from starts through ends (the last day served), or still
 * serving when has_end is false. */
struct board_member {
	bool chair;
	bool care_experienced;
	struct kdate starts;
	bool has_end;
	struct kdate ends;
};

/* What board_rule_check found. */
struct board_verdict {
	bool holds_today; /* the rule holds on the day asked about */
	bool fails;       /* the rule fails today or on some later date */
	struct kdate from; /* when fails: the first day of that failure */
	char why[256];    /* when fails: "From 1 April 2027: the Chair is not care experienced" */
};

/* Whether member m serves on day. */
bool board_member_serves(const struct board_member *m, struct kdate day);
/* Checks the rule on one day for the n members: true when it holds (as it does on a day
 * no one serves); otherwise false, with the reason in plain words ("there is no Chair",
 * "there are 2 Chairs", "the Chair is not care experienced", "3 of 7 members are care
 * experienced, fewer than half") copied into why (size bytes) when why is not NULL. */
bool board_rule_on(const struct board_member *members, size_t n, struct kdate day, char *why, size_t size);
/* Checks the rule today and on every later day membership changes (a term starting, or
 * the day after one ends). When it fails today, from is the first day of the unbroken
 * run of failing days that reaches today; otherwise it is the first later day it fails. */
void board_rule_check(const struct board_member *members, size_t n, struct kdate today, struct board_verdict *v);

/* A member form as typed: every field may be NULL or empty. */
struct board_form {
	const char *name, *role, *care_experienced, *starts, *ends;
};

/* Checks f (name required, at most 200 characters; role chair or member; care
 * experienced yes or no; starts a real date; ends, when given, a real date not before
 * starts); problems go into errors as field: message. Returns how many. */
int board_form_check(const struct board_form *f, json_t *errors);

/* ---- writes and reads through the store ----
 * Each write is one transaction with its audit record (entity "board_member", before
 * and after as the "board-members" resource shapes them); on a refusal nothing is
 * written and e says why (KERR_NOTFOUND, KERR_INVALID). Who may make them:
 * organisation_may_manage (staff and admins). */
struct store;

/* Adds a member from f (already checked with board_form_check) with a slug made from
 * the name (made unique), copied into slug_out. */
int board_member_add(struct store *s, const char *actor, const struct board_form *f, char slug_out[128],
                     struct kerr *e);
/* Changes member slug to f (already checked). Saving it unchanged records nothing. */
int board_member_change(struct store *s, const char *actor, const char *slug, const struct board_form *f,
                        struct kerr *e);
/* Ends member slug's term on ends (the last day served: a real date not before the
 * term starts, KERR_INVALID otherwise). */
int board_member_end(struct store *s, const char *actor, const char *slug, const char *ends, struct kerr *e);
/* Every member (the "board-members" resource, in id order), returned, and the rule
 * checked for today into v. NULL on failure. */
json_t *board_members_check(struct store *s, struct kdate today, struct board_verdict *v, struct kerr *e);

#endif
