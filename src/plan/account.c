#include "plan/account.h"

#include "base/secret.h"

#include <string.h>

const struct account_role account_roles[] = {
	{"admin", "Administrator", "everything, including accounts"},
	{"staff", "The Promise Scotland staff", "keep the Plan, record what has been heard, see all evidence"},
	{"board", "Oversight Board member", "assess actions, set and monitor targets, see all evidence"},
	{"editor", "Organisation editor", "change their own organisation's records only"},
	{"viewer", "Viewer", "read, including unpublished evidence of their own organisation"},
	{NULL, NULL, NULL},
};

const struct account_role *account_role_find(const char *key)
{
	for (const struct account_role *r = account_roles; key && r->key; r++)
		if (strcmp(r->key, key) == 0)
			return r;
	return NULL;
}

int account_check_email(const char *email, struct kerr *e)
{
	size_t n = strlen(email);
	if (n == 0)
		return kerr_set(e, KERR_INVALID, "the email address is empty");
	if (n > 254)
		return kerr_set(e, KERR_INVALID, "the email address is longer than 254 characters");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)email[i];
		if (c <= ' ' || c == 0x7f)
			return kerr_set(e, KERR_INVALID, "'%s' is not an email address: it holds a space or a control character",
			                email);
	}
	const char *at = strchr(email, '@');
	if (!at || strchr(at + 1, '@'))
		return kerr_set(e, KERR_INVALID, "'%s' is not an email address: it needs exactly one '@'", email);
	if (at == email)
		return kerr_set(e, KERR_INVALID, "'%s' is not an email address: nothing before the '@'", email);
	const char *dot = strchr(at + 1, '.');
	if (!dot || dot == at + 1 || dot[1] == '\0' || email[n - 1] == '.')
		return kerr_set(e, KERR_INVALID, "'%s' is not an email address: the part after '@' needs a domain such as example.org",
		                email);
	return 0;
}

int account_check_password(const char *password, const char *email, struct kerr *e)
{
	size_t n = strlen(password);
	if (n < ACCOUNT_PASSWORD_MIN)
		return kerr_set(e, KERR_INVALID,
		                "the password is too short: use at least %d characters (a few words make a good one)",
		                ACCOUNT_PASSWORD_MIN);
	if (n > ACCOUNT_PASSWORD_MAX)
		return kerr_set(e, KERR_INVALID, "the password is too long: use at most %d characters",
		                ACCOUNT_PASSWORD_MAX);
	if (email && strcasecmp(password, email) == 0)
		return kerr_set(e, KERR_INVALID, "the password must not be the email address");
	return 0;
}

int account_add(struct store *s, const char *actor, const char *email, const char *role,
                const char *organisation, const char *password, struct kerr *e)
{
	if (account_check_email(email, e) < 0)
		return -1;
	if (!account_role_find(role))
		return kerr_set(e, KERR_INVALID, "there is no role '%s': the roles are admin, staff, board, editor and viewer",
		                role);
	if (strcmp(role, "editor") == 0 && !organisation)
		return kerr_set(e, KERR_INVALID, "an editor changes one organisation's records: say which with --organisation");
	if (account_check_password(password, email, e) < 0)
		return -1;
	char hash[SECRET_HASH_LEN];
	if (secret_hash_password(password, hash, e) < 0)
		return -1;
	if (store_begin(s, e) < 0)
		return -1;
	json_t *after = NULL;
	if (store_user_insert(s, email, role, organisation, hash, e) < 0 || !(after = store_user_get(s, email, e)) ||
	    store_audit_add(s, actor, "account", email, "create", NULL, after, e) < 0) {
		json_decref(after);
		store_rollback(s);
		return -1;
	}
	json_decref(after);
	return store_commit(s, e);
}

/* Applies change to the account in one audited transaction. */
/* mark, when given, is a field added to the "after" record to say what changed that the
 * record does not show (the password, which is never recorded). */
static int change(struct store *s, const char *actor, const char *email,
                  int (*apply)(struct store *, const char *, const void *, struct kerr *), const void *arg,
                  const char *mark, struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = store_user_get(s, email, e), *after = NULL;
	int ok = before && apply(s, email, arg, e) == 0 && store_sessions_end(s, email, e) == 0 &&
	         (after = store_user_get(s, email, e));
	if (ok && mark)
		json_object_set_new(after, mark, json_string("changed"));
	ok = ok && store_audit_add(s, actor, "account", json_string_value(json_object_get(before, "email")), "update",
	                         before, after, e) == 0;
	json_decref(before);
	json_decref(after);
	if (!ok) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, e);
}

static int apply_hash(struct store *s, const char *email, const void *hash, struct kerr *e)
{
	return store_user_set_password_hash(s, email, hash, e);
}

static int apply_disable(struct store *s, const char *email, const void *unused, struct kerr *e)
{
	return store_user_set_disabled(s, email, true, e);
}

int account_set_password(struct store *s, const char *actor, const char *email, const char *password,
                         struct kerr *e)
{
	if (account_check_password(password, email, e) < 0)
		return -1;
	char hash[SECRET_HASH_LEN];
	if (secret_hash_password(password, hash, e) < 0)
		return -1;
	return change(s, actor, email, apply_hash, hash, "password", e);
}

int account_disable(struct store *s, const char *actor, const char *email, struct kerr *e)
{
	return change(s, actor, email, apply_disable, NULL, NULL, e);
}
