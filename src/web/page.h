/* What the HTML page handlers share (pages.c, forms.c and the pages of each kind of
 * record): small helpers over the store's JSON trees, the breadcrumb trail, the answers
 * for a missing record or a person not signed in, and the end of a form's POST.
 * Internal to src/web/. */
#ifndef KEEP_WEB_PAGE_H
#define KEEP_WEB_PAGE_H
#include <stdbool.h>

#include "web/web.h"

#define NOT_RECORDED "Not yet recorded"

/* The string at o[key], or NULL when it is missing, null or not a string. */
const char *page_str(json_t *o, const char *key);
/* The slug at r[key], given either as a string or as an object holding "slug". */
const char *page_slug(json_t *r, const char *key);
/* Sets o[key] to a copy of the string s. */
void page_set_str(json_t *o, const char *key, const char *s);
/* Sets o[key] to "25 June 2021" for the ISO date iso; false (and nothing set) when
 * iso is missing or not a date. */
bool page_set_date_words(json_t *o, const char *key, const char *iso);
/* The same for a source's date, a day or a month ("December 2025": date_source_words). */
bool page_set_source_date_words(json_t *o, const char *key, const char *date);
/* The Overview > ... trail of a page: an array of {href, label}. */
json_t *page_crumbs_new(void);
void page_crumb_add(json_t *crumbs, const char *href, const char *label);
/* Sets o[to] to the paragraphs and lists of o[from]'s text (for templates). */
void page_set_blocks(json_t *o, const char *to, const char *from);
/* sector_words, scale_words and area_words for an organisation. */
void page_organisation_words(json_t *o);
/* due_show and status_words for a commitment {due, due_text, status}. */
void page_commitment_words(json_t *c);
/* A failed store read: 404 for a missing thing, else logged and a plain 500. */
void page_read_failed(struct web_request *req, struct web_response *res, const char *page,
                      const struct kerr *e);
/* The slug in the path, or NULL after answering 404 for one that cannot exist. */
const char *page_slug_param(struct web_request *req, struct web_response *res);
/* True when someone is signed in; otherwise answers with a redirect to the sign-in page,
 * which brings them back to this address afterwards. */
bool page_signed_in(struct web_request *req, struct web_response *res);
/* The end of a form's POST: on success, a 303 to the page of what was changed
 * (prefix + slug); on failure a logged 500. */
void page_saved(struct web_request *req, struct web_response *res, int rc, const struct kerr *e, const char *prefix,
                const char *slug);
/* Sets ctx's "history" to [{sentence}] and "has_history" from the audit records of
 * entity id, oldest first: "Changed by X on 24 November 2026: status Under way → Done;
 * due none → 31 March 2027" (who only for those signed in; the times the store keeps
 * for itself, created and updated, left out). words, when given, turns each record's
 * before and after into words first. Only what history_visible lets the reader see
 * is shown; privy: whether the reader may see the record's unpublished state. -1 with e
 * on a failed read. */
int page_history(struct web_request *req, json_t *ctx, const char *entity, const char *id, bool privy,
                 void (*words)(json_t *rec), struct kerr *e);
/* {key, words, selected} options for a select, with a first "Not yet recorded". */
json_t *page_options(const char *const (*pairs)[2], size_t n, const char *chosen);
/* [{field, message}] from a form's errors object {field: message}, for the summary
 * at the top of a form. */
json_t *page_error_list(json_t *errors);

/* Sets o["evidence"] (with kind_words, submitted_words) and o["has_evidence"] to the
 * evidence of organisation and/or action (either may be NULL), only published when
 * published_only (evidence.c). -1, logged, when the store fails. */
int page_evidence_list(struct web_request *req, json_t *o, const char *organisation, const char *action,
                       bool published_only);

/* What a page asking "delete this?" says. */
struct page_delete {
	const char *title, *heading, *lede; /* lede: what is to be deleted, in its own words (or NULL) */
	const char *explain;                /* what deleting does */
	const char *blocked;                /* why it cannot be deleted now (no button then), or NULL */
	const char *form_action, *button, *back_href, *back_words;
};

/* The confirmation page for d, with the trail crumbs (taken) and the form's CSRF token. */
void page_delete_confirm(struct web_request *req, struct web_response *res, const struct page_delete *d,
                         json_t *crumbs);

/* The organisation in the path, as the API gives it, when the signed-in person may
 * change its records (commitment_may_edit); otherwise NULL after answering (sign in,
 * 404, or a 403 saying refused). */
json_t *page_organisation_target(struct web_request *req, struct web_response *res, const char *refused);
/* The action (or route map) in the path, as the API gives it, when may(the signed-in
 * person); otherwise NULL after answering (sign in, 404, or a 403 saying refused). what
 * names the page in a failure's log line. */
json_t *page_action_target(struct web_request *req, struct web_response *res, bool (*may)(json_t *user),
                           const char *refused, const char *what);

/* Across plans (across.c). On action a's page: "carried_by_item" (the later route map or
 * action that carries it on: {slug, title, plan, item_word}), "carries_on" (the earlier
 * actions it carries on) and "may_carry". On commitment c's page (c as store_commitment
 * gives it), "action_plan_words" ("a route map of Plan 24-30") and "move_to" when its
 * action is carried on and the reader may change it. -1 with e on a failed read. */
int page_action_carry(struct web_request *req, json_t *a, const char *slug, struct kerr *e);
int page_commitment_move(struct web_request *req, json_t *c, struct kerr *e);
/* Names an action's audit record's fields in words for its history ("carried_by" is
 * "carried on by"). */
void page_action_history_words(json_t *rec);
/* For each priority row (a priority area, or a foundation's group of route maps) by
 * slug: {in: "Family, a foundation of Plan 24-30", about: "Route maps of Plan 24-30
 * under this foundation" or "A priority area of Plan 21-24", in_force: whether its plan
 * is the plan in force today (plan_in_force)}. NULL with e on a failed read. */
json_t *page_group_words(struct web_request *req, struct kerr *e);

#endif
