#include "plan/account.h"

#include "base/secret.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
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
	/* Characters, not bytes: a UTF-8 continuation byte does not start one. */
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)password; *p; p++)
		n += (*p & 0xC0) != 0x80;
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
	if (ok && !mark && json_equal(before, after)) {
		/* Nothing changed (disabling a disabled account): nothing to write or record. */
		json_decref(before);
		json_decref(after);
		store_release(s);
		return 0;
	}
	if (ok && mark)
		json_object_set_new(after, mark, json_string("changed"));
	ok = ok && store_audit_add(s, actor, "account", json_string_value(json_object_get(before, "email")), "update",
	                         before, after, e) == 0;
	json_decref(before);
	json_decref(after);
	return store_end(s, ok, e);
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

/* ---- signing in ---- */

void account_timestamp(time_t now, char out[21])
{
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Failed sign-ins, counted per key ("account:EMAIL" or "address:ADDR") in a window
 * that starts at the first failure. A fixed table: when it is full the slot whose
 * window is oldest is reused, so memory stays bounded whatever an attacker sends. */
#define LIMIT_SLOTS 4096

static struct {
	pthread_mutex_t lock;
	struct {
		uint64_t key;
		time_t start;
		int fails;
	} slot[LIMIT_SLOTS];
} limits = {.lock = PTHREAD_MUTEX_INITIALIZER};

static uint64_t limit_key(const char *kind, const char *value)
{
	uint64_t h = 1469598103934665603u;
	for (const char *p = kind; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	for (const char *p = value ? value : ""; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		h = (h ^ c) * 1099511628211u;
	}
	return h | 1; /* 0 marks a free slot */
}

/* The slot for key (made if needed, when make); caller holds the lock. */
static int limit_slot(uint64_t key, time_t now, int make)
{
	int oldest = -1;
	for (int i = 0; i < 8; i++) {
		int k = (int)((key + (uint64_t)i) % LIMIT_SLOTS);
		if (limits.slot[k].key == key) {
			if (now - limits.slot[k].start >= ACCOUNT_FAIL_WINDOW) {
				limits.slot[k].start = now;
				limits.slot[k].fails = 0;
			}
			return k;
		}
		if (oldest < 0 || limits.slot[k].start < limits.slot[oldest].start)
			oldest = k;
	}
	if (!make)
		return -1;
	limits.slot[oldest].key = key;
	limits.slot[oldest].start = now;
	limits.slot[oldest].fails = 0;
	return oldest;
}

/* Seconds until key may try again, or 0. */
static long limit_wait(uint64_t key, int max, time_t now)
{
	int k = limit_slot(key, now, 0);
	if (k < 0 || limits.slot[k].fails < max)
		return 0;
	return (long)(limits.slot[k].start + ACCOUNT_FAIL_WINDOW - now);
}

static void limit_fail(uint64_t key, time_t now)
{
	int k = limit_slot(key, now, 1);
	limits.slot[k].fails++;
}

void account_limits_reset(void)
{
	pthread_mutex_lock(&limits.lock);
	memset(limits.slot, 0, sizeof limits.slot);
	pthread_mutex_unlock(&limits.lock);
}

/* A hash of a password nobody has, checked when the email is unknown so that a wrong
 * email takes as long as a wrong password. */
static char dummy[SECRET_HASH_LEN];

static void dummy_make(void)
{
	char pw[65];
	secret_token(pw, 32);
	if (secret_hash_password(pw, dummy, NULL) < 0)
		dummy[0] = '\0';
}

static const char *dummy_hash(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, dummy_make);
	return dummy;
}

int account_login(struct store *s, const char *email, const char *password, const char *address, time_t now,
                  struct account_login *out, struct kerr *e)
{
	uint64_t ka = limit_key("account:", email), kd = limit_key("address:", address);
	pthread_mutex_lock(&limits.lock);
	long wait = limit_wait(ka, ACCOUNT_FAILS_PER_ACCOUNT, now);
	long wait2 = limit_wait(kd, ACCOUNT_FAILS_PER_ADDRESS, now);
	pthread_mutex_unlock(&limits.lock);
	if (wait2 > wait)
		wait = wait2;
	if (wait > 0)
		return kerr_set(e, KERR_CONFLICT,
		                "Too many failed attempts to sign in. Try again in %ld minute%s.", (wait + 59) / 60,
		                (wait + 59) / 60 == 1 ? "" : "s");

	char hash[SECRET_HASH_LEN];
	struct kerr le = {0};
	int known = store_user_password_hash(s, email, hash, sizeof hash, &le) == 0;
	if (!known && le.code != KERR_NOTFOUND)
		return kerr_set(e, le.code, "%s", le.msg);
	int ok = secret_check_password(known ? hash : dummy_hash(), password) && known;
	if (!ok) {
		pthread_mutex_lock(&limits.lock);
		limit_fail(ka, now);
		limit_fail(kd, now);
		pthread_mutex_unlock(&limits.lock);
		return kerr_set(e, KERR_INVALID, "The email address or password is not right.");
	}

	char token_hash[65], expires[21];
	secret_token(out->token, 32);
	secret_token(out->csrf, 32);
	secret_sha256_hex(out->token, token_hash);
	out->max_age = ACCOUNT_SESSION_SECONDS;
	account_timestamp(now + ACCOUNT_SESSION_SECONDS, expires);
	char stamp[21];
	account_timestamp(now, stamp);
	if (store_begin(s, e) < 0)
		return -1;
	json_t *rec = json_pack("{s:s, s:s}", "email", email, "expires", expires);
	int rc = store_sessions_expire(s, stamp, e) == 0 &&
	                 store_session_insert(s, token_hash, email, out->csrf, expires, e) == 0 &&
	                 store_audit_add(s, email, "session", email, "create", NULL, rec, e) == 0
	         ? store_commit(s, e)
	         : -1;
	json_decref(rec);
	if (rc < 0)
		store_rollback(s);
	return rc;
}

json_t *account_session(struct store *s, const char *token, time_t now, struct kerr *e)
{
	if (!token || strlen(token) != 64)
		return kerr_set(e, KERR_NOTFOUND, "no session"), NULL;
	char token_hash[65], stamp[21];
	secret_sha256_hex(token, token_hash);
	account_timestamp(now, stamp);
	return store_session_get(s, token_hash, stamp, e);
}

int account_logout(struct store *s, const char *token, struct kerr *e)
{
	json_t *who = account_session(s, token, time(NULL), NULL);
	if (!who)
		return 0;
	char token_hash[65];
	secret_sha256_hex(token, token_hash);
	const char *email = json_string_value(json_object_get(who, "email"));
	json_t *rec = json_pack("{s:s}", "email", email);
	int rc = -1;
	if (store_begin(s, e) == 0) {
		rc = store_session_delete(s, token_hash, e) == 0 &&
		             store_audit_add(s, email, "session", email, "delete", rec, NULL, e) == 0
		         ? store_commit(s, e)
		         : -1;
		if (rc < 0)
			store_rollback(s);
	}
	json_decref(rec);
	json_decref(who);
	return rc;
}
