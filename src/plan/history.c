/* What a record's history shows, and to whom; removing a text. See history.h. */
#include "plan/history.h"

#include "base/buf.h"
#include "base/date.h"
#include "plan/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- who may see what of a history ---- */

static bool role_is(json_t *user, const char *role)
{
	const char *r = json_string_value(json_object_get(user, "role"));
	return r && strcmp(r, role) == 0;
}

enum history_reader history_reader_of(json_t *user, bool privy)
{
	if (role_is(user, "admin"))
		return HISTORY_ADMIN;
	return privy ? HISTORY_PRIVY : HISTORY_PUBLIC;
}

static bool evidence_public(json_t *state)
{
	return json_is_true(json_object_get(state, "published"));
}

/* Each kind of record whose history is shown: whether a state of it is public (NULL:
 * always, while it exists), and which values of a deleted one stay to be seen (NULL:
 * none). */
static const struct history_kind {
	const char *entity;
	bool (*is_public)(json_t *state);
	const char *const *kept;
} kinds[] = {
    {"evidence", evidence_public, NULL},
    {"lead", NULL, (const char *const[]){"action", "organisation", "role", NULL}},
};

static const struct history_kind *kind_of(const char *entity)
{
	for (size_t i = 0; entity && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].entity, entity) == 0)
			return &kinds[i];
	return NULL;
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static bool listed(const char *const *set, const char *v)
{
	for (; set && *set; set++)
		if (strcmp(*set, v) == 0)
			return true;
	return false;
}

/* Drops every value of side (an object) but those kept. */
static void strip(json_t *side, const char *const *kept)
{
	const char *key;
	json_t *v;
	void *tmp;
	if (!json_is_object(side))
		return;
	json_object_foreach_safe(side, tmp, key, v)
	{
		if (!listed(kept, key))
			json_object_del(side, key);
	}
}

/* The kinds of text that may be removed: the audit log's entity and the fields. */
static const struct text_kind {
	const char *kind;
	const char *resource; /* to read the record before */
	const char *const *fields;
} texts[] = {
    {"heard", "heard", (const char *const[]){"text", NULL}},
    {"evidence", "evidence-all",
     (const char *const[]){"title", "will_do", "support_needed", "help_offered", NULL}},
    {"commitment_update", NULL, (const char *const[]){"text", NULL}},
    {"commitment", "commitments", (const char *const[]){"text", "due_text", NULL}},
    {"assessment", "assessments", (const char *const[]){"text", "next_steps", NULL}},
    {"target", "targets", (const char *const[]){"note", NULL}},
};

static const struct text_kind *text_kind_of(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof texts / sizeof texts[0]; i++)
		if (strcmp(texts[i].kind, kind) == 0)
			return &texts[i];
	return NULL;
}

json_t *history_visible(json_t *records, enum history_reader reader)
{
	json_t *out = json_array();
	if (reader == HISTORY_ADMIN) {
		json_array_extend(out, records);
		json_decref(records);
		return out;
	}
	size_t i;
	json_t *rec;
	/* A record's life: its entity and id, and how many times a record of that entity
	 * and id was deleted before (an id may be given again after a delete). */
	json_t *lives = json_array(), *deletes = json_object(), *dead = json_object();
	/* The latest redaction of each life's field: {index, words}. */
	json_t *redacted = json_object();
	json_array_foreach(records, i, rec)
	{
		struct buf key = {0};
		buf_printf(&key, "%s\x1f%s", str(rec, "entity") ? str(rec, "entity") : "",
		           str(rec, "entity_id") ? str(rec, "entity_id") : "");
		json_int_t times = json_integer_value(json_object_get(deletes, buf_str(&key)));
		struct buf life = {0};
		buf_printf(&life, "%s\x1f%lld", buf_str(&key), (long long)times);
		json_array_append_new(lives, json_string(buf_str(&life)));
		const char *verb = str(rec, "verb");
		if (verb && strcmp(verb, "delete") == 0) {
			json_object_set_new(deletes, buf_str(&key), json_integer(times + 1));
			json_object_set_new(dead, buf_str(&life), json_true());
		}
		if (verb && strcmp(verb, "redact") == 0) {
			const char *field;
			json_t *words;
			const struct text_kind *tk = text_kind_of(str(rec, "entity"));
			json_object_foreach(json_object_get(rec, "after"), field, words)
			{
				if (!tk || !listed(tk->fields, field))
					continue;
				struct buf fk = {0};
				buf_printf(&fk, "%s\x1f%s", buf_str(&life), field);
				json_object_set_new(
				    redacted, buf_str(&fk),
				    json_pack("{s:I, s:O}", "index", (json_int_t)i, "words", words));
				buf_free(&fk);
			}
		}
		buf_free(&key);
		buf_free(&life);
	}
	/* Whether each life is public now, as the records are read in order. */
	json_t *public_now = json_object();
	json_array_foreach(records, i, rec)
	{
		const char *life = json_string_value(json_array_get(lives, i));
		const char *verb = str(rec, "verb");
		verb = verb ? verb : "";
		const struct history_kind *kind = kind_of(str(rec, "entity"));
		json_t *copy = json_deep_copy(rec);
		json_t *before = json_object_get(copy, "before"), *after = json_object_get(copy, "after");
		bool redaction = strcmp(verb, "redact") == 0;
		if (reader == HISTORY_PUBLIC && kind && kind->is_public) {
			bool was = redaction ? json_is_true(json_object_get(public_now, life))
			                     : json_is_object(before) && kind->is_public(before);
			bool is = redaction ? was
			          : strcmp(verb, "delete") == 0
			              ? was
			              : json_is_object(after) && kind->is_public(after);
			if (strcmp(verb, "create") == 0)
				was = is;
			json_object_set_new(public_now, life,
			                    json_boolean(is && strcmp(verb, "delete") != 0));
			if (!was && !is) {
				json_decref(copy);
				continue;
			}
			if (was != is) {
				json_object_set_new(copy, "verb", json_string(is ? "publish" : "withdraw"));
				json_object_set_new(copy, "before", json_null());
				json_object_set_new(copy, "after", json_null());
				before = after = NULL;
			}
		}
		if (json_is_true(json_object_get(dead, life))) {
			strip(before, kind ? kind->kept : NULL);
			strip(after, kind ? kind->kept : NULL);
		}
		/* Every value of a removed text, up to its removal, shows as the words that
		 * replaced it. */
		size_t prefix = strlen(life);
		const char *fk;
		json_t *r;
		json_object_foreach(redacted, fk, r)
		{
			if (strncmp(fk, life, prefix) != 0 || fk[prefix] != '\x1f' ||
			    (size_t)json_integer_value(json_object_get(r, "index")) < i)
				continue;
			const char *field = fk + prefix + 1;
			json_t *sides[] = {before, after};
			for (size_t k = 0; k < 2; k++) {
				json_t *v = json_object_get(sides[k], field);
				if (v && !json_is_null(v))
					json_object_set(sides[k], field, json_object_get(r, "words"));
			}
		}
		if (redaction) {
			json_object_set_new(copy, "before", json_null());
			if (json_is_object(after))
				json_object_del(after, "reason");
		}
		json_array_append_new(out, copy);
	}
	json_decref(public_now);
	json_decref(lives);
	json_decref(deletes);
	json_decref(dead);
	json_decref(redacted);
	json_decref(records);
	return out;
}

/* ---- removing a text ---- */

bool redact_may(json_t *user)
{
	return role_is(user, "admin") || role_is(user, "staff");
}

int redact_check(const struct redaction *r, json_t *errors)
{
	const struct text_kind *k = text_kind_of(r->kind);
	if (!k)
		json_object_set_new(
		    errors, "kind",
		    json_string("Choose heard, evidence, commitment, commitment_update, assessment or target."));
	else if (!r->field || !listed(k->fields, r->field))
		json_object_set_new(errors, "field", json_string("Choose one of the texts listed."));
	if (!plan_known(r->id))
		json_object_set_new(errors, "id", json_string("Say which record the text is in."));
	if (!plan_known(r->reason))
		json_object_set_new(errors, "reason", json_string("Say why the text is removed."));
	else if (strlen(r->reason) > 2000)
		json_object_set_new(errors, "reason", json_string("Keep it under 2,000 characters."));
	return (int)json_object_size(errors);
}

void redact_words(const char *date, char *out, size_t size)
{
	struct kdate d;
	struct buf b = {0};
	if (date && date_parse(date, &d, NULL) == 0)
		date_words(d, &b);
	snprintf(out, size, "[removed by The Promise Scotland%s%s]", b.len ? " on " : "",
	         b.len ? buf_str(&b) : "");
	buf_free(&b);
}

/* The record that holds the text, as it is now (NULL, with e set, when there is none). */
static json_t *text_record(struct store *s, const struct text_kind *k, const char *id, struct kerr *e)
{
	if (k->resource)
		return store_resource_get(s, k->resource, id, e);
	const char *slash = strrchr(id, '/');
	char slug[128];
	snprintf(slug, sizeof slug, "%.*s", slash ? (int)(slash - id) : 0, id);
	long nth = slash ? strtol(slash + 1, NULL, 10) : 0;
	json_t *c = slash ? store_commitment(s, slug, e) : NULL;
	json_t *u = c && nth > 0 ? json_array_get(json_object_get(c, "updates"), (size_t)nth - 1) : NULL;
	if (!u) {
		json_decref(c);
		kerr_set(e, KERR_NOTFOUND, "no timeline entry called '%s'", id);
		return NULL;
	}
	json_t *entry = json_pack("{s:s, s:O, s:O}", "commitment", slug, "at", json_object_get(u, "at"),
	                          "text", json_object_get(u, "text"));
	json_decref(c);
	return entry;
}

int redact(struct store *s, const char *actor, const struct redaction *r, struct kerr *e)
{
	const struct text_kind *k = text_kind_of(r->kind);
	if (!k || !r->field || !listed(k->fields, r->field))
		return kerr_set(e, KERR_INVALID, "no text called '%s' in a %s", r->field ? r->field : "",
		                r->kind ? r->kind : "record");
	char today[11], words[160];
	date_format(date_today(), today);
	redact_words(today, words, sizeof words);
	if (store_begin(s, e) < 0)
		return -1;
	json_t *now = text_record(s, k, r->id, e);
	json_t *old = json_object_get(now, r->field);
	/* The audit record keeps the entity and id the record's other audit records have:
	 * a timeline entry's are its commitment's. */
	const char *entity_id = r->id;
	char slug[128];
	if (!k->resource) {
		snprintf(slug, sizeof slug, "%s", str(now, "commitment") ? str(now, "commitment") : "");
		entity_id = slug;
	}
	json_t *before = now ? json_pack("{s:O}", r->field, old ? old : json_null()) : NULL;
	json_t *after = json_pack("{s:s, s:s}", r->field, words, "reason", r->reason);
	if (before && !k->resource)
		json_object_set(before, "at", json_object_get(now, "at"));
	/* A heard note's records name its action: the action's history finds them by it. */
	json_t *action = json_object_get(now, "action");
	if (before && json_is_string(action)) {
		json_object_set(before, "action", action);
		json_object_set(after, "action", action);
	}
	const char *was = json_string_value(old);
	if (now && !(was && *was))
		kerr_set(e, KERR_INVALID, "There is no text there to remove.");
	int ok = now && was && *was && store_text_set(s, r->kind, r->id, r->field, words, e) == 0 &&
	         store_search_purge(s, e) == 0 &&
	         store_audit_add(s, actor, r->kind, entity_id, "redact", before, after, e) == 0;
	json_decref(now);
	json_decref(before);
	json_decref(after);
	return store_end(s, ok, e);
}

void history_hide_unseen_actions(struct store *s, json_t *records)
{
	size_t i;
	json_t *rec;
	json_array_foreach(records, i, rec)
	{
		for (int k = 0; k < 2; k++) {
			json_t *side = json_object_get(rec, k ? "after" : "before");
			const char *slug = json_string_value(json_object_get(side, "action"));
			json_t *a = slug ? store_resource_get(s, "actions", slug, NULL) : NULL;
			if (slug && !a)
				json_object_set_new(side, "action", json_null());
			json_decref(a);
		}
	}
}
