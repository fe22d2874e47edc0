/* Keeping the Plan: see planedit.h. */
#include "plan/planedit.h"
#include "plan/across.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"
#include "plan/plan.h"
#include "store/planedit.h"

bool planedit_may(json_t *user)
{
	const char *role = json_string_value(json_object_get(user, "role"));
	return role && (strcmp(role, "admin") == 0 || strcmp(role, "staff") == 0);
}

static void set(json_t *errors, const char *field, const char *msg)
{
	if (!json_object_get(errors, field))
		json_object_set_new(errors, field, json_string(msg));
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A record of resource, or NULL (with e filled when e is given). */
static json_t *get(struct store *s, const char *resource, const char *id, struct kerr *e)
{
	return id ? store_resource_get(s, resource, id, e)
	          : (kerr_set(e, KERR_NOTFOUND, "nothing named"), NULL);
}

/* The "plans" item p as the rules take it (strings borrowed from p). */
static struct planrules_in plan_in(json_t *p)
{
	return (struct planrules_in){str(p, "id"), str(p, "title"), str(p, "shape"), str(p, "starts"),
	                             str(p, "ends")};
}

/* The slugs of rows ([{slug}]), NULL-terminated, borrowed from rows; free the array. */
static const char **slugs_of(json_t *rows)
{
	const char **out = xcalloc(json_array_size(rows) + 1, sizeof *out);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) out[i] = str(r, "slug");
	return out;
}

/* A new record's slug: wanted when given, else made from title (fallback when nothing
 * is left, "new-<fallback>" for "new", the address of the forms), unique in resource.
 * Call inside the transaction that adds it. */
static void new_slug(struct store *s, const char *resource, const char *wanted, const char *title,
                     const char *fallback, char out[128])
{
	if (plan_known(wanted)) {
		snprintf(out, 128, "%s", wanted);
		return;
	}
	char base[128];
	plan_slug_words(NULL, title ? title : "", 0, base);
	if (!base[0])
		snprintf(base, sizeof base, "%s", fallback);
	else if (strcmp(base, "new") == 0)
		snprintf(base, sizeof base, "new-%s", fallback);
	plan_slug_unique(s, resource, base, out);
}

/* A slug given on a create and not yet taken in resource. */
static void slug_free_check(struct store *s, const char *resource, const char *what, const char *slug,
                            json_t *errors)
{
	if (!plan_known(slug) || json_object_get(errors, "slug"))
		return;
	json_t *taken = store_resource_get(s, resource, slug, NULL);
	if (taken) {
		char msg[300];
		snprintf(msg, sizeof msg,
		         "There is already a %s with the web address name '%.80s': choose another.", what,
		         slug);
		set(errors, "slug", msg);
	}
	json_decref(taken);
}

/* One write of resource entity id: put(rec) inside the transaction, then the record is
 * read back and audited (create when insert), or nothing is recorded when it is
 * unchanged. */
typedef int (*put_fn)(struct store *, const void *, bool, struct kerr *);

/* Records beside a phase, priority area, action or milestone (state, as its resource
 * gives it) the status of its plan when it was written ("plan_status"): the public
 * history leaves out what was written while the plan was a draft (history_visible). */
static void stamp_plan_status(struct store *s, const char *entity, json_t *state)
{
	if (!json_is_object(state) || strcmp(entity, "plan") == 0)
		return;
	json_t *action = NULL, *plan = NULL;
	const char *slug = json_string_value(json_object_get(state, "plan"));
	if (!slug && json_string_value(json_object_get(state, "action"))) {
		action = store_resource_get(s, "actions", json_string_value(json_object_get(state, "action")), NULL);
		slug = json_string_value(json_object_get(action, "plan"));
	}
	if (slug)
		plan = store_resource_get(s, "plans", slug, NULL);
	json_t *status = json_object_get(plan, "status");
	if (json_is_string(status))
		json_object_set(state, "plan_status", status);
	json_decref(plan);
	json_decref(action);
}

static int audited(struct store *s, const char *actor, const char *resource, const char *entity,
                   const char *id, bool insert, put_fn put, const void *rec, struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = insert ? NULL : store_resource_get(s, resource, id, e), *after = NULL;
	bool ok = (insert || before) && put(s, rec, insert, e) == 0 &&
	          (after = store_resource_get(s, resource, id, e));
	if (ok && before && json_equal(before, after)) {
		json_decref(before);
		json_decref(after);
		store_release(s);
		return 0;
	}
	if (ok) {
		stamp_plan_status(s, entity, before);
		stamp_plan_status(s, entity, after);
	}
	ok = ok && store_audit_add(s, actor, entity, id, insert ? "create" : "update", before, after, e) == 0;
	json_decref(before);
	json_decref(after);
	return store_end(s, ok, e);
}

/* Deletes id (audited) inside the caller's transaction. */
static bool delete_audited(struct store *s, const char *actor, const char *resource, const char *entity,
                           const char *id, int (*del)(struct store *, const char *, struct kerr *),
                           struct kerr *e)
{
	json_t *before = store_resource_get(s, resource, id, e);
	stamp_plan_status(s, entity, before);
	bool ok = before && del(s, id, e) == 0 &&
	          store_audit_add(s, actor, entity, id, "delete", before, NULL, e) == 0;
	json_decref(before);
	return ok;
}

/* ---- what hangs off ---- */

static void count_words(struct buf *out, int *n, json_t *t, const char *key, const char *one,
                        const char *many)
{
	json_int_t c = json_integer_value(json_object_get(t, key));
	if (c <= 0)
		return;
	buf_printf(out, "%s%lld %s", (*n)++ ? ", " : "", (long long)c, c == 1 ? one : many);
}

/* What hangs off one action (a store_action_ties row) in words: "2 commitments, 1 target". */
static void ties_words(json_t *t, struct buf *out)
{
	int n = 0;
	count_words(out, &n, t, "commitments", "commitment", "commitments");
	count_words(out, &n, t, "evidence", "piece of evidence", "pieces of evidence");
	count_words(out, &n, t, "targets", "target", "targets");
	count_words(out, &n, t, "assessments", "assessment by the Oversight Board",
	            "assessments by the Oversight Board");
	count_words(out, &n, t, "heard", "note of what was heard", "notes of what was heard");
	count_words(out, &n, t, "leads", "lead role", "lead roles");
	count_words(out, &n, t, "carried", "earlier action it carries on", "earlier actions it carries on");
}

/* KERR_CONFLICT naming what hangs off the actions of ties (taken) when there is any;
 * whole: the words of the one action being deleted ("action", "route map"), or NULL
 * when the actions are those under what is deleted (under: "this plan"), items their word. */
static int refuse_ties(json_t *ties, const char *whole, const char *items, const char *under, struct kerr *e)
{
	if (!ties)
		return -1;
	size_t n = json_array_size(ties);
	if (n == 0) {
		json_decref(ties);
		return 0;
	}
	struct buf b = {0};
	if (whole) {
		buf_printf(&b, "This %s still has ", whole);
		ties_words(json_array_get(ties, 0), &b);
		buf_puts(&b, ".");
	} else {
		buf_printf(&b, "Records still hang off %s under %s: ", items, under);
		for (size_t i = 0; i < n && i < 5; i++) {
			json_t *t = json_array_get(ties, i);
			buf_printf(&b, "%s'%.100s' has ", i ? "; " : "", str(t, "title"));
			ties_words(t, &b);
		}
		if (n > 5)
			buf_printf(&b, "; and %zu more", n - 5);
		buf_puts(&b, ".");
	}
	buf_puts(&b, " Delete or move them first; nothing was deleted.");
	kerr_set(e, KERR_CONFLICT, "%s", buf_str(&b));
	buf_free(&b);
	json_decref(ties);
	return -1;
}

/* Deletes the actions under plan or priority (as store_actions_under lists them), each
 * with its milestones, all audited, inside the caller's transaction. */
static bool delete_actions_under(struct store *s, const char *actor, const char *plan, const char *priority,
                                 struct kerr *e)
{
	json_t *actions = store_actions_under(s, plan, priority, e);
	bool ok = actions != NULL;
	size_t i, j;
	json_t *a, *m;
	json_array_foreach(actions, i, a)
	{
		json_array_foreach(json_object_get(a, "milestones"), j, m)
		{
			ok = ok && planedit_milestone_delete(s, actor, json_string_value(m), e) == 0;
		}
		ok = ok &&
		     delete_audited(s, actor, "actions", "action", str(a, "slug"), store_action_delete, e);
	}
	json_decref(actions);
	return ok;
}

/* ---- plans ---- */

static void date_words_of(const char *day, char out[40])
{
	struct kdate d;
	struct buf b = {0};
	if (date_parse(day, &d, NULL) == 0)
		date_words(d, &b);
	snprintf(out, 40, "%s", b.len ? buf_str(&b) : day);
	buf_free(&b);
}

int planedit_plan_check(struct store *s, const char *slug, const struct planrules_plan *f, json_t *errors)
{
	struct planrules_plan g = *f;
	if (slug)
		g.slug = NULL;
	planrules_plan_check(&g, errors);
	if (!slug) {
		slug_free_check(s, "plans", "plan", f->slug, errors);
		return (int)json_object_size(errors);
	}
	json_t *span = store_plan_span(s, slug, NULL);
	const char *first = str(span, "first"), *last = str(span, "last");
	char w[40], msg[400];
	if (first && !json_object_get(errors, "starts") && strcmp(f->starts, first) > 0) {
		date_words_of(first, w);
		snprintf(msg, sizeof msg,
		         "A phase or milestone of this plan falls on %s, before this date: choose a start on "
		         "or before "
		         "it, or move that first.",
		         w);
		set(errors, "starts", msg);
	}
	if (last && !json_object_get(errors, "ends") && strcmp(f->ends, last) < 0) {
		date_words_of(last, w);
		snprintf(msg, sizeof msg,
		         "A phase or milestone of this plan falls on %s, after this date: choose an end on "
		         "or after it, "
		         "or move that first.",
		         w);
		set(errors, "ends", msg);
	}
	json_decref(span);
	json_t *stored = get(s, "plans", slug, NULL);
	json_t *parts = plan_known(f->shape) && stored && strcmp(f->shape, str(stored, "shape")) != 0
	                    ? store_plan_parts(s, slug, NULL)
	                    : NULL;
	if (json_array_size(json_object_get(parts, "priorities")) > 0) {
		const struct plan_words *w0 = plan_shape_words(str(stored, "shape"));
		snprintf(
		    msg, sizeof msg,
		    "This plan already groups its %s under %s: its shape cannot change while it has them.",
		    w0->items, w0->groups);
		set(errors, "shape", msg);
	}
	json_decref(parts);
	json_decref(stored);
	return (int)json_object_size(errors);
}

static int plan_put(struct store *s, const void *rec, bool insert, struct kerr *e)
{
	return store_plan_put(s, rec, insert, e);
}

static struct store_plan_row plan_row(const char *slug, const struct planrules_plan *f)
{
	return (struct store_plan_row){slug,
	                               plan_known(f->title),
	                               plan_known(f->summary),
	                               f->starts,
	                               f->ends,
	                               plan_known(f->status),
	                               plan_known(f->shape),
	                               plan_known(f->source),
	                               plan_known(f->source_date)};
}

int planedit_plan_add(struct store *s, const char *actor, const struct planrules_plan *f, char slug_out[128],
                      struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	new_slug(s, "plans", f->slug, f->title, "plan", slug_out);
	struct store_plan_row r = plan_row(slug_out, f);
	return store_end(s, audited(s, actor, "plans", "plan", slug_out, true, plan_put, &r, e) == 0, e);
}

int planedit_plan_change(struct store *s, const char *actor, const char *slug, const struct planrules_plan *f,
                         struct kerr *e)
{
	struct store_plan_row r = plan_row(slug, f);
	return audited(s, actor, "plans", "plan", slug, false, plan_put, &r, e);
}

int planedit_plan_delete(struct store *s, const char *actor, const char *slug, struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	json_t *plan = get(s, "plans", slug, e);
	const struct plan_words *w = plan_shape_words(str(plan, "shape"));
	bool ok =
	    plan &&
	    refuse_ties(store_action_ties(s, slug, NULL, NULL, e), NULL, w->items, "this plan", e) == 0 &&
	    delete_actions_under(s, actor, slug, NULL, e);
	json_t *parts = ok ? store_plan_parts(s, slug, e) : NULL;
	ok = ok && parts;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(parts, "priorities"), i, v)
	{
		ok = ok && delete_audited(s, actor, "priorities", "priority", json_string_value(v),
		                          store_priority_delete, e);
	}
	json_array_foreach(json_object_get(parts, "phases"), i, v)
	{
		ok = ok &&
		     delete_audited(s, actor, "phases", "phase", json_string_value(v), store_phase_delete, e);
	}
	json_decref(parts);
	json_decref(plan);
	ok = ok && delete_audited(s, actor, "plans", "plan", slug, store_plan_delete, e);
	return store_end(s, ok, e);
}

/* ---- phases ---- */

/* The plan (a "plans" item) of an element: by its slug, or of the record id of
 * resource (its "plan"). NULL with errors[field] or e set when there is none. */
static json_t *plan_of(struct store *s, const char *plan, const char *resource, const char *id,
                       struct kerr *e)
{
	if (plan)
		return get(s, "plans", plan, e);
	json_t *x = get(s, resource, id, e);
	json_t *p = x ? get(s, "plans", str(x, "plan"), e) : NULL;
	json_decref(x);
	return p;
}

int planedit_phase_check(struct store *s, const char *plan, const char *slug, const struct planrules_phase *f,
                         json_t *errors)
{
	json_t *p = plan_of(s, plan, "phases", slug, NULL);
	struct planrules_in in = plan_in(p);
	struct planrules_phase g = *f;
	if (slug)
		g.slug = NULL;
	planrules_phase_check(&g, p ? &in : NULL, errors);
	if (!slug)
		slug_free_check(s, "phases", "phase", f->slug, errors);
	json_decref(p);
	return (int)json_object_size(errors);
}

static int phase_put(struct store *s, const void *rec, bool insert, struct kerr *e)
{
	return store_phase_put(s, rec, insert, e);
}

static struct store_phase_row phase_row(const char *slug, const char *plan, const struct planrules_phase *f)
{
	return (struct store_phase_row){
	    slug,      plan,   plan_known(f->title), plan_known(f->years), plan_known(f->summary),
	    f->starts, f->ends};
}

int planedit_phase_add(struct store *s, const char *actor, const char *plan, const struct planrules_phase *f,
                       char slug_out[128], struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	new_slug(s, "phases", f->slug, f->title, "phase", slug_out);
	struct store_phase_row r = phase_row(slug_out, plan, f);
	return store_end(s, audited(s, actor, "phases", "phase", slug_out, true, phase_put, &r, e) == 0, e);
}

int planedit_phase_change(struct store *s, const char *actor, const char *slug,
                          const struct planrules_phase *f, struct kerr *e)
{
	struct store_phase_row r = phase_row(slug, NULL, f);
	return audited(s, actor, "phases", "phase", slug, false, phase_put, &r, e);
}

int planedit_phase_delete(struct store *s, const char *actor, const char *slug, struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	return store_end(s, delete_audited(s, actor, "phases", "phase", slug, store_phase_delete, e), e);
}

/* ---- priority areas ---- */

int planedit_priority_check(struct store *s, const char *plan, const char *slug,
                            const struct planrules_priority *f, json_t *errors)
{
	json_t *p = plan_of(s, plan, "priorities", slug, NULL);
	struct planrules_in in = plan_in(p);
	json_t *fnd = store_foundations(s, NULL);
	const char **known = slugs_of(fnd);
	struct planrules_priority g = *f;
	if (slug)
		g.slug = NULL;
	planrules_priority_check(&g, p ? &in : NULL, known, errors);
	if (!slug)
		slug_free_check(s, "priorities", plan_shape_words(in.shape)->group, f->slug, errors);
	free(known);
	json_decref(fnd);
	json_decref(p);
	return (int)json_object_size(errors);
}

static int priority_put(struct store *s, const void *rec, bool insert, struct kerr *e)
{
	return store_priority_put(s, rec, insert, e);
}

int planedit_priority_add(struct store *s, const char *actor, const char *plan,
                          const struct planrules_priority *f, char slug_out[128], struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	char title[200];
	/* A route maps plan's group is "<foundation>-route-maps" (Plan 24-30's ids in
	 * data/plan.json); a later plan's, where that is taken, "<plan>-<foundation>". */
	if (plan_known(f->foundation)) {
		snprintf(title, sizeof title, "%.100s-route-maps", f->foundation);
		json_t *taken = store_resource_get(s, "priorities", title, NULL);
		if (taken)
			snprintf(title, sizeof title, "%.80s %.100s", plan, f->foundation);
		json_decref(taken);
	}
	new_slug(s, "priorities", f->slug, plan_known(f->foundation) ? title : f->title, "priority",
	         slug_out);
	struct store_priority_row r = {slug_out, plan, plan_known(f->title), plan_known(f->text),
	                               plan_known(f->foundation)};
	return store_end(
	    s, audited(s, actor, "priorities", "priority", slug_out, true, priority_put, &r, e) == 0, e);
}

int planedit_priority_change(struct store *s, const char *actor, const char *slug,
                             const struct planrules_priority *f, struct kerr *e)
{
	struct store_priority_row r = {slug, NULL, plan_known(f->title), plan_known(f->text),
	                               plan_known(f->foundation)};
	return audited(s, actor, "priorities", "priority", slug, false, priority_put, &r, e);
}

int planedit_priority_delete(struct store *s, const char *actor, const char *slug, struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	json_t *p = plan_of(s, NULL, "priorities", slug, e);
	const struct plan_words *w = plan_shape_words(str(p, "shape"));
	char under[200];
	snprintf(under, sizeof under, "this %s", w->group);
	bool ok = p &&
	          refuse_ties(store_action_ties(s, NULL, slug, NULL, e), NULL, w->items, under, e) == 0 &&
	          delete_actions_under(s, actor, NULL, slug, e) &&
	          delete_audited(s, actor, "priorities", "priority", slug, store_priority_delete, e);
	json_decref(p);
	return store_end(s, ok, e);
}

/* ---- actions ---- */

int planedit_action_check(struct store *s, const char *plan, const char *slug,
                          const struct planrules_action *f, json_t *errors)
{
	struct planrules_action g = *f;
	json_t *stored = slug ? get(s, "actions", slug, NULL) : NULL;
	json_t *prio = plan_known(f->priority) ? get(s, "priorities", f->priority, NULL) : NULL;
	json_t *prio_plan = prio ? get(s, "plans", str(prio, "plan"), NULL) : NULL;
	/* The plan it is put under: its own on a change; the one named, else its priority
	 * area's, on a create. */
	const char *under = stored ? str(stored, "plan") : plan ? plan : str(prio, "plan");
	json_t *p = under ? get(s, "plans", under, NULL) : NULL;
	if (!stored && plan && !p) {
		char msg[200];
		snprintf(msg, sizeof msg, "There is no plan called '%.80s'.", plan);
		set(errors, "plan", msg);
	}
	struct planrules_in in = plan_in(p);
	g.priority_plan = prio ? str(prio, "plan") : NULL;
	g.priority_plan_title = str(prio_plan, "title");
	g.source_was = str(stored, "source");
	if (slug)
		g.slug = NULL;
	json_t *fnd = store_foundations(s, NULL), *fun = store_fundamentals(s, NULL);
	const char **kf = slugs_of(fnd), **ku = slugs_of(fun);
	planrules_action_check(&g, p ? &in : NULL, kf, ku, errors);
	if (!slug)
		slug_free_check(s, "actions", plan_shape_words(in.shape)->item, f->slug, errors);
	free(kf);
	free(ku);
	json_decref(fnd);
	json_decref(fun);
	json_decref(p);
	json_decref(prio_plan);
	json_decref(prio);
	json_decref(stored);
	return (int)json_object_size(errors);
}

static int action_put(struct store *s, const void *rec, bool insert, struct kerr *e)
{
	return store_action_put(s, rec, insert, e);
}

static struct store_action_row action_row(const char *slug, const struct planrules_action *f)
{
	return (struct store_action_row){slug,
	                                 f->priority,
	                                 plan_known(f->title),
	                                 plan_known(f->required),
	                                 plan_known(f->now),
	                                 plan_known(f->outcomes),
	                                 plan_known(f->committed),
	                                 plan_known(f->leads_text),
	                                 plan_known(f->next_steps),
	                                 plan_known(f->due),
	                                 plan_known(f->source),
	                                 plan_known(f->source_date),
	                                 f->foundations,
	                                 f->nfoundations,
	                                 f->fundamentals,
	                                 f->nfundamentals};
}

int planedit_action_add(struct store *s, const char *actor, const struct planrules_action *f,
                        char slug_out[128], struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	new_slug(s, "actions", f->slug, f->title, "action", slug_out);
	struct store_action_row r = action_row(slug_out, f);
	return store_end(s, audited(s, actor, "actions", "action", slug_out, true, action_put, &r, e) == 0,
	                 e);
}

int planedit_action_change(struct store *s, const char *actor, const char *slug,
                           const struct planrules_action *f, struct kerr *e)
{
	struct store_action_row r = action_row(slug, f);
	return audited(s, actor, "actions", "action", slug, false, action_put, &r, e);
}

int planedit_action_change_carried(struct store *s, const char *actor, const char *slug,
                                   const struct planrules_action *f, bool carry, const char *later,
                                   struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	bool ok = planedit_action_change(s, actor, slug, f, e) == 0 &&
	          (!carry || plan_action_carry_on(s, actor, slug, later, e) == 0);
	return store_end(s, ok, e);
}

int planedit_action_delete(struct store *s, const char *actor, const char *slug, struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	json_t *a = get(s, "actions", slug, e);
	json_t *p = a ? get(s, "plans", str(a, "plan"), e) : NULL;
	const struct plan_words *w = plan_shape_words(str(p, "shape"));
	json_t *pr = a ? get(s, "priorities", str(a, "priority"), e) : NULL;
	bool ok = a && p && pr &&
	          refuse_ties(store_action_ties(s, NULL, NULL, slug, e), w->item, NULL, NULL, e) == 0;
	json_t *under = ok ? store_actions_under(s, NULL, str(pr, "id"), e) : NULL;
	ok = ok && under;
	size_t i, j;
	json_t *x, *m;
	json_array_foreach(under, i, x)
	{
		if (strcmp(str(x, "slug"), slug) != 0)
			continue;
		json_array_foreach(json_object_get(x, "milestones"), j, m)
		{
			ok = ok && planedit_milestone_delete(s, actor, json_string_value(m), e) == 0;
		}
	}
	ok = ok && delete_audited(s, actor, "actions", "action", slug, store_action_delete, e);
	json_decref(under);
	json_decref(pr);
	json_decref(p);
	json_decref(a);
	return store_end(s, ok, e);
}

int planedit_delete_check(struct store *s, const char *entity, const char *id, struct kerr *e)
{
	static const struct {
		const char *entity, *resource;
	} kinds[] = {{"plan", "plans"},
	             {"phase", "phases"},
	             {"priority", "priorities"},
	             {"action", "actions"},
	             {"milestone", "milestones"}};
	size_t k = 0;
	while (k < sizeof kinds / sizeof kinds[0] && strcmp(kinds[k].entity, entity) != 0)
		k++;
	if (k == sizeof kinds / sizeof kinds[0])
		return kerr_set(e, KERR_NOTFOUND, "no kind of record called '%s'", entity);
	json_t *x = get(s, kinds[k].resource, id, e);
	if (!x)
		return -1;
	bool is_plan = k == 0, is_priority = k == 2, is_action = k == 3;
	json_t *p = is_plan ? json_incref(x) : get(s, "plans", str(x, "plan"), NULL);
	const struct plan_words *w = plan_shape_words(str(p, "shape"));
	char under[200];
	snprintf(under, sizeof under, "this %s", is_plan ? "plan" : w->group);
	int rc = 0;
	if (is_plan || is_priority || is_action)
		rc = refuse_ties(store_action_ties(s, is_plan ? id : NULL, is_priority ? id : NULL,
		                                   is_action ? id : NULL, e),
		                 is_action ? w->item : NULL, w->items, under, e);
	json_decref(p);
	json_decref(x);
	return rc;
}

/* ---- milestones ---- */

int planedit_milestone_id(const char *id, char action[128], int *position)
{
	const char *dash = id ? strrchr(id, '-') : NULL;
	if (!dash || dash == id || (size_t)(dash - id) >= 128 || strlen(dash + 1) < 1 || strlen(dash + 1) > 6)
		return -1;
	int pos = 0;
	for (const char *p = dash + 1; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		pos = pos * 10 + (*p - '0');
	}
	if (pos < 1)
		return -1;
	snprintf(action, 128, "%.*s", (int)(dash - id), id);
	*position = pos;
	return 0;
}

int planedit_milestone_check(struct store *s, const char *action, const char *id,
                             const struct planrules_milestone *f, json_t *errors)
{
	json_t *stored = id ? get(s, "milestones", id, NULL) : NULL;
	json_t *a = get(s, "actions", stored ? str(stored, "action") : action, NULL);
	json_t *p = a ? get(s, "plans", str(a, "plan"), NULL) : NULL;
	struct planrules_in in = plan_in(p);
	struct planrules_milestone g = *f;
	g.source_was = str(stored, "source");
	planrules_milestone_check(&g, p ? &in : NULL, errors);
	json_decref(p);
	json_decref(a);
	json_decref(stored);
	return (int)json_object_size(errors);
}

struct milestone_rec {
	struct store_milestone_row row;
	int *position_out;
};

static int milestone_put(struct store *s, const void *rec, bool insert, struct kerr *e)
{
	const struct milestone_rec *m = rec;
	return store_milestone_put(s, &m->row, insert, m->position_out, e);
}

static struct store_milestone_row milestone_row(const char *action, int position,
                                                const struct planrules_milestone *f)
{
	return (struct store_milestone_row){action,
	                                    position,
	                                    plan_known(f->when),
	                                    plan_known(f->due),
	                                    plan_known(f->text),
	                                    plan_known(f->source),
	                                    plan_known(f->source_date)};
}

int planedit_milestone_add(struct store *s, const char *actor, const char *action,
                           const struct planrules_milestone *f, char id_out[256], struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	int position = 0;
	struct milestone_rec m = {milestone_row(action, 0, f), &position};
	/* The id is known once the row is in: write, then read it back and audit. */
	bool ok = milestone_put(s, &m, true, e) == 0;
	snprintf(id_out, 256, "%.200s-%03d", action, position);
	json_t *after = ok ? store_resource_get(s, "milestones", id_out, e) : NULL;
	stamp_plan_status(s, "milestone", after);
	ok = ok && after && store_audit_add(s, actor, "milestone", id_out, "create", NULL, after, e) == 0;
	json_decref(after);
	return store_end(s, ok, e);
}

int planedit_milestone_change(struct store *s, const char *actor, const char *id,
                              const struct planrules_milestone *f, struct kerr *e)
{
	char action[128];
	int position;
	if (planedit_milestone_id(id, action, &position) < 0)
		return kerr_set(e, KERR_NOTFOUND, "no milestone called '%s'", id);
	struct milestone_rec m = {milestone_row(action, position, f), NULL};
	return audited(s, actor, "milestones", "milestone", id, false, milestone_put, &m, e);
}

static int milestone_del(struct store *s, const char *id, struct kerr *e)
{
	char action[128];
	int position;
	if (planedit_milestone_id(id, action, &position) < 0)
		return kerr_set(e, KERR_NOTFOUND, "no milestone called '%s'", id);
	return store_milestone_delete(s, action, position, e);
}

int planedit_milestone_delete(struct store *s, const char *actor, const char *id, struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	return store_end(s, delete_audited(s, actor, "milestones", "milestone", id, milestone_del, e), e);
}
