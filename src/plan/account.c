#include "plan/account.h"

#include "base/secret.h"

#include "base/buf.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <pthread.h>
#include <pwquality.h>
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

/* What the most common leaked passwords are made of, for the core of a password (see
 * password_guessable), and the names of this site. */
#define ACCOUNT_PASSWORD_BAD_WORDS                                                                                   \
	"password passw0rd p@ssw0rd p4ssw0rd qwerty qwertz azerty asdfgh zxcvbn letmein iloveyou trustno1 "      \
	"abc123 changeme thepromise keeplocal"

/* cracklib, under libpwquality, is not known to be thread-safe. */
static pthread_mutex_t pwq_lock = PTHREAD_MUTEX_INITIALIZER;

/* libpwquality's check of password with no composition rules (NIST SP 800-63B): the
 * dictionary check (cracklib's word list, with the changes people make to a word: case,
 * a character added, reversed, too few different characters, too systematic), a
 * palindrome, the user's name in it; and, with bad words, any of them in it. The system's
 * pwquality.conf is not read, so that it cannot add rules. Returns pwquality's code
 * (negative when refused) with its words in why. */
static int pwq_check(const char *password, const char *user, const char *bad, char why[PWQ_MAX_ERROR_MESSAGE_LEN])
{
	pthread_mutex_lock(&pwq_lock);
	pwquality_settings_t *pwq = pwquality_default_settings();
	int rc = PWQ_ERROR_MEM_ALLOC;
	void *aux = NULL;
	if (pwq) {
		static const int zero[] = {PWQ_SETTING_DIG_CREDIT, PWQ_SETTING_UP_CREDIT, PWQ_SETTING_LOW_CREDIT,
		                           PWQ_SETTING_OTH_CREDIT, PWQ_SETTING_MIN_CLASS, PWQ_SETTING_MAX_REPEAT,
		                           PWQ_SETTING_MAX_CLASS_REPEAT, PWQ_SETTING_MAX_SEQUENCE};
		for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
			pwquality_set_int_value(pwq, zero[i], 0);
		pwquality_set_int_value(pwq, PWQ_SETTING_MIN_LENGTH, 6);
		pwquality_set_int_value(pwq, PWQ_SETTING_DICT_CHECK, 1);
		pwquality_set_int_value(pwq, PWQ_SETTING_USER_CHECK, 1);
		if (bad)
			pwquality_set_str_value(pwq, PWQ_SETTING_BAD_WORDS, bad);
		rc = pwquality_check(pwq, password, NULL, user, &aux);
	}
	why[0] = '\0';
	if (rc < 0) {
		char buf[PWQ_MAX_ERROR_MESSAGE_LEN];
		snprintf(why, PWQ_MAX_ERROR_MESSAGE_LEN, "%s", pwquality_strerror(buf, sizeof buf, rc, aux));
	}
	pwquality_free_settings(pwq);
	pthread_mutex_unlock(&pwq_lock);
	return rc;
}

/* The password as a whole, then its core (without the digits, symbols and spaces at
 * either end), since cracklib finds a word with one character added but not
 * "password1234": the core must not be a dictionary word or hold a bad word. */
static int password_guessable(const char *password, const char *email, struct kerr *e)
{
	char user[256];
	snprintf(user, sizeof user, "%s", email ? email : "");
	char *at = strchr(user, '@');
	if (at)
		*at = '\0';
	char why[PWQ_MAX_ERROR_MESSAGE_LEN], core[ACCOUNT_PASSWORD_MAX * 4 + 1];
	int rc = pwq_check(password, user[0] ? user : NULL, NULL, why);
	if (rc >= 0) {
		const char *a = password, *b = password + strlen(password);
		while (*a && !isalpha((unsigned char)*a) && !((unsigned char)*a & 0x80))
			a++;
		while (b > a && !isalpha((unsigned char)b[-1]) && !((unsigned char)b[-1] & 0x80))
			b--;
		snprintf(core, sizeof core, "%.*s", (int)(b - a), a);
		if (strcmp(core, password) != 0 && strlen(core) >= 4) {
			int rc2 = pwq_check(core, NULL, ACCOUNT_PASSWORD_BAD_WORDS, why);
			if (rc2 == PWQ_ERROR_CRACKLIB_CHECK || rc2 == PWQ_ERROR_BAD_WORDS)
				rc = rc2;
		}
	}
	if (rc >= 0)
		return 0;
	if (rc == PWQ_ERROR_CRACKLIB_CHECK && strstr(why, "error loading dictionary"))
		return kerr_set(e, KERR_FAIL,
		                "the password could not be checked against the dictionary of common passwords (%s): "
		                "install Debian's cracklib-runtime (scripts/setup does)",
		                why);
	if (rc == PWQ_ERROR_MEM_ALLOC || rc == PWQ_ERROR_FATAL_FAILURE)
		return kerr_set(e, KERR_FAIL, "the password could not be checked: %s", why);
	return kerr_set(e, KERR_INVALID,
	                "the password is too easy to guess (%s): use a few words that do not go together, or a "
	                "longer phrase",
	                why);
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
	const char *p = password;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f')
		p++;
	if (!*p)
		return kerr_set(e, KERR_INVALID, "the password is only spaces: use words or other characters too");
	return password_guessable(password, email, e);
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

long account_wait_after(int fails, int free)
{
	if (fails < free)
		return 0;
	long wait = ACCOUNT_WAIT_FIRST;
	for (int i = free; i < fails && wait < ACCOUNT_WAIT_MAX; i++)
		wait *= 2;
	return wait < ACCOUNT_WAIT_MAX ? wait : ACCOUNT_WAIT_MAX;
}

/* The key of a count: the SHA-256 of what it counts, so the table holds no email or
 * address. The email's case does not matter (accounts are unique without it). An IPv6
 * address counts as its /64, the block one connection is usually given, so that one
 * person cannot pass for many by changing the rest. */
static void failure_key(const char *email, const char *address, char out[65])
{
	char block[INET6_ADDRSTRLEN + 4];
	unsigned char a6[16];
	if (address && strchr(address, ':') && inet_pton(AF_INET6, address, a6) == 1) {
		memset(a6 + 8, 0, 8);
		if (inet_ntop(AF_INET6, a6, block, INET6_ADDRSTRLEN)) {
			strcat(block, "/64");
			address = block;
		}
	}
	struct buf b = {0};
	buf_puts(&b, email ? "pair\n" : "address\n");
	for (const char *p = email; p && *p; p++)
		buf_putc(&b, (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p));
	if (email)
		buf_putc(&b, '\n');
	buf_puts(&b, address ? address : "");
	secret_sha256_hex(buf_str(&b), out);
	buf_free(&b);
}

/* Seconds the pair and the address must still wait at now, or 0 (-1 on error). */
static long failure_wait(struct store *s, const char *pair, const char *addr, time_t now, struct kerr *e)
{
	long long since = (long long)now - ACCOUNT_FAIL_FORGET, last;
	int fails;
	long wait = 0;
	const char *keys[] = {pair, addr};
	const int free[] = {ACCOUNT_FAILS_FREE_PAIR, ACCOUNT_FAILS_FREE_ADDRESS};
	for (int i = 0; i < 2; i++) {
		if (store_login_failures(s, keys[i], since, &fails, &last, e) < 0)
			return -1;
		long w = (long)(last + account_wait_after(fails, free[i]) - (long long)now);
		if (fails && w > wait)
			wait = w;
	}
	return wait;
}

static int failure_add(struct store *s, const char *pair, const char *addr, time_t now, struct kerr *e)
{
	long long since = (long long)now - ACCOUNT_FAIL_FORGET;
	if (store_begin(s, e) < 0)
		return -1;
	bool ok = store_login_failure_add(s, pair, now, since, e) == 0 &&
	          store_login_failure_add(s, addr, now, since, e) == 0 && store_login_failures_prune(s, since, e) == 0;
	return store_end(s, ok, e);
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

static const char *kind_name(enum account_kind kind)
{
	return kind == ACCOUNT_API ? "api" : "browser";
}

int account_login(struct store *s, const char *email, const char *password, const char *address,
                  enum account_kind kind, time_t now, struct account_login *out, struct kerr *e)
{
	char pair[65], addr[65];
	failure_key(email, address, pair);
	failure_key(NULL, address, addr);
	/* The try is counted as a failure before the password is checked, in the same
	 * transaction as the check of the wait, so that tries sent at once cannot all pass
	 * the check before any of them is counted; a success takes it back. */
	if (store_begin(s, e) < 0)
		return -1;
	out->wait = failure_wait(s, pair, addr, now, e);
	if (out->wait != 0) {
		store_rollback(s);
		if (out->wait < 0)
			return -1;
		long n = out->wait < 60 ? out->wait : (out->wait + 59) / 60;
		return kerr_set(e, KERR_CONFLICT, "Too many failed attempts to sign in from here. Try again in %ld %s%s.", n,
		                out->wait < 60 ? "second" : "minute", n == 1 ? "" : "s");
	}
	if (store_end(s, failure_add(s, pair, addr, now, e) == 0, e) < 0)
		return -1;

	char hash[SECRET_HASH_LEN];
	struct kerr le = {0};
	int known = store_user_password_hash(s, email, hash, sizeof hash, &le) == 0;
	if (!known && le.code != KERR_NOTFOUND)
		return kerr_set(e, le.code, "%s", le.msg);
	int ok = secret_check_password(known ? hash : dummy_hash(), password) && known;
	if (!ok)
		return kerr_set(e, KERR_INVALID, "The email address or password is not right.");

	char token_hash[65], expires[21];
	secret_token(out->token, 32);
	secret_sha256_hex(out->token, token_hash);
	out->max_age = ACCOUNT_SESSION_SECONDS;
	account_timestamp(now + ACCOUNT_SESSION_SECONDS, expires);
	char stamp[21];
	account_timestamp(now, stamp);
	if (store_begin(s, e) < 0)
		return -1;
	json_t *rec = json_pack("{s:s, s:s, s:s}", "email", email, "kind", kind_name(kind), "expires", expires);
	bool done = store_login_failure_clear(s, pair, e) == 0 && store_login_failure_forgive(s, addr, e) == 0 &&
	            store_sessions_expire(s, stamp, e) == 0 &&
	            store_session_insert(s, token_hash, email, kind_name(kind), expires, e) == 0 &&
	            store_audit_add(s, email, "session", email, "create", NULL, rec, e) == 0;
	json_decref(rec);
	return store_end(s, done, e);
}

json_t *account_session(struct store *s, const char *token, enum account_kind kind, time_t now, struct kerr *e)
{
	if (!token || strlen(token) != 64)
		return kerr_set(e, KERR_NOTFOUND, "no session"), NULL;
	char token_hash[65], stamp[21];
	secret_sha256_hex(token, token_hash);
	account_timestamp(now, stamp);
	json_t *who = store_session_get(s, token_hash, kind_name(kind), stamp, e);
	if (who && kind == ACCOUNT_BROWSER) {
		char csrf[65];
		if (account_form_token(s, token, csrf, e) < 0) {
			json_decref(who);
			return NULL;
		}
		json_object_set_new(who, "csrf", json_string(csrf));
	}
	return who;
}

int account_logout(struct store *s, const char *token, enum account_kind kind, struct kerr *e)
{
	json_t *who = account_session(s, token, kind, time(NULL), NULL);
	if (!who)
		return 0;
	char token_hash[65];
	secret_sha256_hex(token, token_hash);
	const char *email = json_string_value(json_object_get(who, "email"));
	json_t *rec = json_pack("{s:s, s:s}", "email", email, "kind", kind_name(kind));
	int rc = -1;
	if (store_begin(s, e) == 0) {
		bool ok = store_session_delete(s, token_hash, e) == 0 &&
		          store_audit_add(s, email, "session", email, "delete", rec, NULL, e) == 0;
		rc = store_end(s, ok, e);
	}
	json_decref(rec);
	json_decref(who);
	return rc;
}

/* ---- form tokens ---- */

int account_form_token(struct store *s, const char *session_token, char out[65], struct kerr *e)
{
	unsigned char key[SECRET_KEY_LEN];
	if (store_server_key(s, key, e) < 0)
		return -1;
	char msg[8 + 65];
	memcpy(msg, "session\n", 8);
	secret_sha256_hex(session_token, msg + 8);
	secret_hmac_hex(key, msg, 8 + 64, out);
	secret_wipe(key, sizeof key);
	return 0;
}

/* The HMAC half of a pre-session token for its random half (32 hex digits). */
static int login_mac(struct store *s, const char *nonce, char out[33], struct kerr *e)
{
	unsigned char key[SECRET_KEY_LEN];
	if (store_server_key(s, key, e) < 0)
		return -1;
	char msg[6 + 32], mac[65];
	memcpy(msg, "login\n", 6);
	memcpy(msg + 6, nonce, 32);
	secret_hmac_hex(key, msg, sizeof msg, mac);
	secret_wipe(key, sizeof key);
	memcpy(out, mac, 32);
	out[32] = '\0';
	return 0;
}

int account_login_token_make(struct store *s, char out[65], struct kerr *e)
{
	secret_token(out, 16);
	return login_mac(s, out, out + 32, e);
}

bool account_login_token_valid(struct store *s, const char *token)
{
	if (!token || strlen(token) != 64)
		return false;
	char mac[33];
	if (login_mac(s, token, mac, NULL) < 0)
		return false;
	return secret_equal(token + 32, mac);
}
