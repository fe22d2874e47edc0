/* Unit tests for accounts and the audit log (issue 3): src/base/secret.c (Argon2id
 * hashes, tokens, constant-time comparison), src/plan/account.c (roles, the email and
 * password rules, adding, changing the password and disabling, each one audited
 * transaction) and the store's accounts, sessions and audit records.
 *
 * Each store test works on a new database in its own temporary directory, with the
 * embedded Plan and demo organisations loaded. Sessions are put in with SQLite directly
 * (nothing in keep makes them yet), on a second connection that also serves to see what
 * was really committed.
 *
 * One Argon2id hash costs about 100 ms and 64 MiB, so the tests make few of them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include <ctype.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/kerr.h"
#include "base/secret.h"
#include "plan/account.h"
#include "plan/plan.h"
#include "store/store.h"

#define PW1 "correct horse battery staple"
#define PW2 "a second passphrase, longer"
#define ACTOR "command line (tester)"

/* ---- helpers ---- */

/* True if v, anywhere inside it, has a key naming a hash or a string that looks like an
 * Argon2 hash. */
static bool holds_hash(json_t *v)
{
	if (json_is_string(v))
		return strstr(json_string_value(v), "$argon2") != NULL;
	if (json_is_object(v)) {
		const char *key;
		json_t *x;
		json_object_foreach(v, key, x)
		{
			if (strstr(key, "hash") || holds_hash(x))
				return true;
		}
		return false;
	}
	if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
		{
			if (holds_hash(x))
				return true;
		}
	}
	return false;
}

/* The compact JSON text of v contains needle (v may be NULL). */
static bool dump_contains(json_t *v, const char *needle)
{
	char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	assert_non_null(text);
	bool found = strstr(text, needle) != NULL;
	free(text);
	return found;
}

static void assert_hex(const char *s, size_t len)
{
	assert_int_equal(strlen(s), len);
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
			fail_msg("'%s' has a character that is not a lowercase hex digit at %zu", s, i);
	}
}

/* "YYYY-MM-DD" for today in UTC, as SQLite's 'now' sees it. */
static void today_utc(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* ---- secret.c ---- */

static void test_secret_init_twice(void **state)
{
	(void)state;
	struct kerr e = {0};
	assert_int_equal(secret_init(&e), 0);
	assert_int_equal(secret_init(&e), 0);
	assert_int_equal(e.code, KERR_OK);
}

static void test_secret_hash_and_check(void **state)
{
	(void)state;
	struct kerr e = {0};
	char h1[SECRET_HASH_LEN], h2[SECRET_HASH_LEN];
	assert_int_equal(secret_hash_password(PW1, h1, &e), 0);
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
	assert_true(strlen(h1) < SECRET_HASH_LEN);
	assert_null(strstr(h1, PW1));

	assert_true(secret_check_password(h1, PW1));
	assert_false(secret_check_password(h1, PW1 "x"));
	assert_false(secret_check_password(h1, "Correct horse battery staple"));
	assert_false(secret_check_password(h1, ""));
	assert_false(secret_check_password(NULL, PW1));
	assert_false(secret_check_password("", PW1));
	assert_false(secret_check_password("$argon2id$not-a-hash", PW1));

	/* A new salt each time: the same password never hashes the same. */
	assert_int_equal(secret_hash_password(PW1, h2, &e), 0);
	assert_string_not_equal(h1, h2);
	assert_true(secret_check_password(h2, PW1));
}

static void test_secret_token(void **state)
{
	(void)state;
	char a[129], b[129];
	memset(a, 'X', sizeof a);
	secret_token(a, 16);
	assert_hex(a, 32);
	assert_int_equal(a[33], 'X'); /* nothing written past the NUL */
	secret_token(b, 16);
	assert_hex(b, 32);
	assert_string_not_equal(a, b);

	secret_token(a, 1);
	assert_hex(a, 2);
	secret_token(a, 12);
	assert_hex(a, 24);
	secret_token(a, 64);
	assert_hex(a, 128);
}

static void test_secret_equal(void **state)
{
	(void)state;
	assert_true(secret_equal("", ""));
	assert_true(secret_equal("abc123", "abc123"));
	assert_false(secret_equal("abc123", "abc124"));
	assert_false(secret_equal("abc123", "Abc123"));
	assert_false(secret_equal("abc", "abc123"));
	assert_false(secret_equal("abc123", "abc"));
	assert_false(secret_equal("", "a"));
	char t1[65], t2[65];
	secret_token(t1, 32);
	memcpy(t2, t1, sizeof t1);
	assert_true(secret_equal(t1, t2));
	t2[63] = t2[63] == '0' ? '1' : '0';
	assert_false(secret_equal(t1, t2));
}

/* ---- roles ---- */

static void test_role_find(void **state)
{
	(void)state;
	static const char *const keys[] = {"admin", "staff", "board", "editor", "viewer"};
	for (size_t i = 0; i < 5; i++) {
		const struct account_role *r = account_role_find(keys[i]);
		assert_non_null(r);
		assert_string_equal(r->key, keys[i]);
		assert_non_null(r->words);
		assert_true(r->words[0] != '\0');
		assert_non_null(r->what);
		assert_true(r->what[0] != '\0');
		assert_ptr_equal(r, &account_roles[i]);
	}
	assert_null(account_roles[5].key);
	assert_null(account_role_find("Admin"));
	assert_null(account_role_find("superuser"));
	assert_null(account_role_find("admin "));
	assert_null(account_role_find(""));
	assert_null(account_role_find(NULL));
}

/* ---- the email and password rules ---- */

static void check_email_refused(const char *email, const char *msg)
{
	struct kerr e = {0};
	if (account_check_email(email, &e) != -1)
		fail_msg("account_check_email accepted '%s'", email);
	assert_int_equal(e.code, KERR_INVALID);
	assert_string_equal(e.msg, msg);
}

/* Refused as "'EMAIL' is not an email address: WHY". */
static void check_not_address(const char *email, const char *why)
{
	char msg[1024];
	snprintf(msg, sizeof msg, "'%s' is not an email address: %s", email, why);
	check_email_refused(email, msg);
}

static void check_email_accepted(const char *email)
{
	struct kerr e = {0};
	if (account_check_email(email, &e) != 0)
		fail_msg("account_check_email refused '%s': %s", email, e.msg);
}

static void test_check_email(void **state)
{
	(void)state;
	check_email_refused("", "the email address is empty");
	static const char one_at[] = "it needs exactly one '@'";
	static const char domain[] = "the part after '@' needs a domain such as example.org";
	static const char space[] = "it holds a space or a control character";
	check_not_address("example.org", one_at);
	check_not_address("a@b@example.org", one_at);
	check_not_address("@example.org", "nothing before the '@'");
	check_not_address("a@example", domain);
	check_not_address("a@", domain);
	check_not_address("a@.org", domain);
	check_not_address("a@example.org.", domain);
	check_not_address("a b@example.org", space);
	check_not_address("a@example.org ", space);
	check_not_address("a\t@example.org", space);
	check_not_address("a\x7f@example.org", space);

	/* 254 bytes is the most an address may have; 255 is one too many. */
	char longest[256];
	memset(longest, 'a', sizeof longest);
	memcpy(longest + 254 - strlen("@example.org"), "@example.org", strlen("@example.org") + 1);
	assert_int_equal(strlen(longest), 254);
	check_email_accepted(longest);
	memset(longest, 'a', sizeof longest);
	memcpy(longest + 255 - strlen("@example.org"), "@example.org", strlen("@example.org") + 1);
	assert_int_equal(strlen(longest), 255);
	check_email_refused(longest, "the email address is longer than 254 characters");

	check_email_accepted("a@example.org");
	check_email_accepted("x@y.z");
	check_email_accepted("First.Last+tag@sub.example.co.uk");
	check_email_accepted("o'brien@example.org");
}

/* A password of n characters that no check finds trivial: words that do not go
 * together, cut to n. */
static void fill_password(char *pw, size_t n)
{
	static const char words[] = "lantern quietly ferns orbit muddle kestrel nine plum ";
	for (size_t i = 0; i < n; i++)
		pw[i] = words[(i * 7 + i / (sizeof words - 1)) % (sizeof words - 1)];
	pw[n] = '\0';
	if (pw[n - 1] == ' ')
		pw[n - 1] = 'x';
	if (pw[0] == ' ')
		pw[0] = 'y';
}

static void test_check_password(void **state)
{
	(void)state;
	struct kerr e = {0};
	char pw[300];

	fill_password(pw, 11);
	assert_int_equal(account_check_password(pw, "a@example.org", &e), -1);
	assert_int_equal(e.code, KERR_INVALID);
	assert_string_equal(
	    e.msg, "the password is too short: use at least 12 characters (a few words make a good one)");
	assert_int_equal(account_check_password("", "a@example.org", &e), -1);
	assert_int_equal(e.code, KERR_INVALID);

	fill_password(pw, 12);
	kerr_clear(&e);
	if (account_check_password(pw, "a@example.org", &e) != 0)
		fail_msg("'%s': %s", pw, e.msg);
	assert_int_equal(account_check_password(pw, NULL, &e), 0);

	fill_password(pw, 256);
	if (account_check_password(pw, "a@example.org", &e) != 0)
		fail_msg("'%s': %s", pw, e.msg);
	fill_password(pw, 257);
	assert_int_equal(account_check_password(pw, "a@example.org", &e), -1);
	assert_int_equal(e.code, KERR_INVALID);
	assert_string_equal(e.msg, "the password is too long: use at most 256 characters");

	/* Not the email address, whatever the case, nor its name before the '@'. */
	kerr_clear(&e);
	assert_int_equal(account_check_password("someone@example.org", "someone@example.org", &e), -1);
	assert_int_equal(e.code, KERR_INVALID);
	assert_string_equal(e.msg, "the password must not be the email address");
	kerr_clear(&e);
	assert_int_equal(account_check_password("SomeOne@Example.ORG", "someone@example.org", &e), -1);
	assert_string_equal(e.msg, "the password must not be the email address");
	assert_int_equal(account_check_password("someone@example.org!", "someone@example.org", &e), -1);
	assert_int_equal(e.code, KERR_INVALID);
	assert_non_null(strstr(e.msg, "the password is too easy to guess (The password contains the user name"));
}

/* NIST SP 800-63B: no rule about kinds of characters, but no common, trivial or
 * dictionary-based password and none that is all white space; the message says why. */
static void test_check_password_guessable(void **state)
{
	(void)state;
	static const struct {
		const char *pw, *why;
	} refused[] = {
	    {"password1234", "forbidden words"},
	    {"PASSWORD1234!", "forbidden words"},
	    {"drowssap1234", "forbidden words"},
	    {"qwertyuiop12", "forbidden words"},
	    {"sunshine2024", "based on a dictionary word"},
	    {"123456789012", "simplistic/systematic"},
	    {"abcdefghijkl", "simplistic/systematic"},
	    {"aaaaaaaaaaaa", "palindrome"},
	    {"            ", "only spaces"},
	    {"\t\t\t\t\t\t\t\t\t\t\t\t", "only spaces"},
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		struct kerr e = {0};
		if (account_check_password(refused[i].pw, "a@example.org", &e) != -1)
			fail_msg("'%s' was accepted", refused[i].pw);
		assert_int_equal(e.code, KERR_INVALID);
		if (!strstr(e.msg, refused[i].why))
			fail_msg("'%s': %s", refused[i].pw, e.msg);
	}
	struct kerr e = {0};
	assert_int_equal(account_check_password("password1234", "a@example.org", &e), -1);
	assert_string_equal(e.msg, "the password is too easy to guess (The password contains forbidden words in some "
	                           "form): use a few words that do not go together, or a longer phrase");
	/* Passphrases are welcome, spaces inside them too. */
	static const char *const fine[] = {"correct horse battery staple", "a long enough password",
	                                   "Seven purple otters", "  kestrel plum orbit  "};
	for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++)
		if (account_check_password(fine[i], "a@example.org", &e) != 0)
			fail_msg("'%s' was refused: %s", fine[i], e.msg);
}

/* ---- a fresh store ---- */

struct fx {
	char dir[PATH_MAX];
	char path[PATH_MAX + 16];
	struct store *s;
	sqlite3 *db; /* a second connection: sessions, and what was really committed */
	struct kerr e;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	*state = f;
	if (testutil_make_dir(f->dir, sizeof f->dir, "account") < 0) {
		f->dir[0] = '\0';
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/keep.db", f->dir);
	f->s = store_open(f->path, STORE_CREATE, &f->e);
	if (!f->s) {
		fprintf(stderr, "store_open: %s\n", f->e.msg);
		return -1;
	}
	if (plan_content_load(f->s, true, &f->e) < 0) {
		fprintf(stderr, "plan_content_load: %s\n", f->e.msg);
		return -1;
	}
	if (sqlite3_open_v2(f->path, &f->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fprintf(stderr, "sqlite3_open_v2 %s: %s\n", f->path, sqlite3_errmsg(f->db));
		return -1;
	}
	sqlite3_busy_timeout(f->db, 5000);
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	if (!f)
		return 0;
	if (f->db)
		sqlite3_close(f->db);
	store_close(f->s);
	if (f->dir[0])
		testutil_remove_dir(f->dir);
	free(f);
	return 0;
}

/* The single integer a query (with an optional text parameter) gives, on the second
 * connection. */
static long long sql_int(struct fx *f, const char *sql, const char *param)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(f->db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(f->db));
	if (param)
		sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_ROW)
		fail_msg("%s: no row (%s)", sql, sqlite3_errmsg(f->db));
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static long long user_rows(struct fx *f)
{
	return sql_int(f, "SELECT count(*) FROM user", NULL);
}

static long long audit_rows(struct fx *f)
{
	return sql_int(f, "SELECT count(*) FROM audit", NULL);
}

static long long sessions_of(struct fx *f, const char *email)
{
	return sql_int(
	    f, "SELECT count(*) FROM session WHERE user_id = (SELECT id FROM user WHERE email = ?1)", email);
}

/* Puts in a session for email, as the web's login will. */
static void add_session(struct fx *f, const char *email, const char *token_hash)
{
	sqlite3_stmt *st;
	const char *sql = "INSERT INTO session(token_hash, user_id, expires) "
	                  "SELECT ?1, id, '2999-01-01T00:00:00Z' FROM user WHERE email = ?2";
	if (sqlite3_prepare_v2(f->db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(f->db));
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, email, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		fail_msg("adding a session: %s", sqlite3_errmsg(f->db));
	assert_int_equal(sqlite3_changes(f->db), 1);
	sqlite3_finalize(st);
}

/* The audit records of one account, oldest first. */
static json_t *history(struct fx *f, const char *email)
{
	json_t *rows = store_audit_list(f->s, "account", email, NULL, &f->e);
	if (!rows)
		fail_msg("store_audit_list: %s", f->e.msg);
	return rows;
}

static void add_ok(struct fx *f, const char *email, const char *role, const char *org, const char *pw)
{
	if (account_add(f->s, ACTOR, email, role, org, pw, &f->e) != 0)
		fail_msg("account_add %s: %s", email, f->e.msg);
}

/* The account's stored hash (it must be enabled). */
static void stored_hash(struct fx *f, const char *email, char out[SECRET_HASH_LEN])
{
	if (store_user_password_hash(f->s, email, out, SECRET_HASH_LEN, &f->e) != 0)
		fail_msg("store_user_password_hash %s: %s", email, f->e.msg);
}

/* ---- account_add ---- */

static void test_add(void **state)
{
	struct fx *f = *state;
	assert_int_equal(user_rows(f), 0);
	assert_int_equal(audit_rows(f), 0);
	add_ok(f, "a@example.org", "staff", NULL, PW1);

	json_t *u = store_user_get(f->s, "a@example.org", &f->e);
	assert_non_null(u);
	assert_int_equal(json_object_size(u), 5);
	assert_string_equal(json_string_value(json_object_get(u, "email")), "a@example.org");
	assert_string_equal(json_string_value(json_object_get(u, "role")), "staff");
	assert_true(json_is_null(json_object_get(u, "organisation")));
	assert_true(json_is_false(json_object_get(u, "disabled")));
	const char *created = json_string_value(json_object_get(u, "created"));
	assert_non_null(created);
	assert_int_equal(strlen(created), 20); /* 2024-05-01T12:00:00Z */
	char today[11];
	today_utc(today);
	assert_int_equal(strncmp(created, today, 10), 0);
	assert_int_equal(created[10], 'T');
	assert_int_equal(created[19], 'Z');
	assert_false(holds_hash(u));

	/* Emails match without regard to case. */
	json_t *u2 = store_user_get(f->s, "A@EXAMPLE.ORG", &f->e);
	assert_non_null(u2);
	assert_true(json_equal(u, u2));
	json_decref(u2);

	json_t *all = store_users(f->s, &f->e);
	assert_non_null(all);
	assert_int_equal(json_array_size(all), 1);
	assert_true(json_equal(json_array_get(all, 0), u));
	assert_false(holds_hash(all));
	json_decref(all);

	/* The hash is there, and only through store_user_password_hash. */
	char hash[SECRET_HASH_LEN];
	stored_hash(f, "a@example.org", hash);
	assert_int_equal(strncmp(hash, "$argon2id$", 10), 0);
	assert_true(secret_check_password(hash, PW1));
	assert_int_equal(store_users_count(f->s, "staff", &f->e), 1);
	assert_int_equal(store_users_count(f->s, "admin", &f->e), 0);

	/* One audit record, "create", with the record after and nothing before. */
	json_t *rows = store_audit_list(f->s, NULL, NULL, NULL, &f->e);
	assert_non_null(rows);
	assert_int_equal(json_array_size(rows), 1);
	json_t *r = json_array_get(rows, 0);
	assert_string_equal(json_string_value(json_object_get(r, "verb")), "create");
	assert_string_equal(json_string_value(json_object_get(r, "actor")), ACTOR);
	assert_string_equal(json_string_value(json_object_get(r, "entity")), "account");
	assert_string_equal(json_string_value(json_object_get(r, "entity_id")), "a@example.org");
	const char *at = json_string_value(json_object_get(r, "at"));
	assert_non_null(at);
	assert_int_equal(strncmp(at, today, 10), 0);
	assert_true(json_is_null(json_object_get(r, "before")));
	assert_true(json_is_object(json_object_get(r, "after")));
	assert_true(json_equal(json_object_get(r, "after"), u));
	assert_false(holds_hash(rows));
	assert_false(dump_contains(rows, "$argon2"));
	assert_false(dump_contains(rows, PW1));
	assert_int_equal(sql_int(f,
	                         "SELECT count(*) FROM audit WHERE instr(coalesce(before_json, '') || "
	                         "coalesce(after_json, ''), '$argon2') > 0",
	                         NULL),
	                 0);
	json_decref(rows);

	/* The same address in another case is the same account: refused, nothing written. */
	kerr_clear(&f->e);
	assert_int_equal(account_add(f->s, ACTOR, "A@Example.ORG", "viewer", NULL, PW2, &f->e), -1);
	assert_int_equal(f->e.code, KERR_CONFLICT);
	assert_string_equal(f->e.msg, "there is already an account for 'A@Example.ORG'");
	assert_int_equal(user_rows(f), 1);
	assert_int_equal(audit_rows(f), 1);
	u2 = store_user_get(f->s, "a@example.org", &f->e);
	assert_true(json_equal(u, u2));
	json_decref(u2);
	stored_hash(f, "a@example.org", hash);
	assert_true(secret_check_password(hash, PW1));

	json_decref(u);
}

static void test_add_editor(void **state)
{
	struct fx *f = *state;
	/* An editor changes one organisation's records: it must say which. */
	assert_int_equal(account_add(f->s, ACTOR, "ed@example.org", "editor", NULL, PW1, &f->e), -1);
	assert_int_equal(f->e.code, KERR_INVALID);
	assert_string_equal(f->e.msg,
	                    "an editor changes one organisation's records: say which with --organisation");
	assert_int_equal(user_rows(f), 0);
	assert_int_equal(audit_rows(f), 0);

	add_ok(f, "ed@example.org", "editor", "cosla", PW1);
	json_t *u = store_user_get(f->s, "ed@example.org", &f->e);
	assert_non_null(u);
	assert_string_equal(json_string_value(json_object_get(u, "role")), "editor");
	assert_string_equal(json_string_value(json_object_get(u, "organisation")), "cosla");
	json_t *rows = history(f, "ed@example.org");
	assert_int_equal(json_array_size(rows), 1);
	assert_true(json_equal(json_object_get(json_array_get(rows, 0), "after"), u));
	json_decref(rows);
	json_decref(u);

	/* Other roles may have an organisation too. */
	add_ok(f, "board@example.org", "board", "the-promise-scotland", PW2);
	u = store_user_get(f->s, "board@example.org", &f->e);
	assert_non_null(u);
	assert_string_equal(json_string_value(json_object_get(u, "organisation")), "the-promise-scotland");
	json_decref(u);
	assert_int_equal(user_rows(f), 2);
	assert_int_equal(audit_rows(f), 2);
}

static void test_add_unknown_organisation(void **state)
{
	struct fx *f = *state;
	assert_int_equal(account_add(f->s, ACTOR, "ed@example.org", "editor", "nobody-here", PW1, &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	assert_string_equal(f->e.msg, "there is no organisation called 'nobody-here'");
	assert_int_equal(user_rows(f), 0);
	assert_int_equal(audit_rows(f), 0);
	kerr_clear(&f->e);
	assert_null(store_user_get(f->s, "ed@example.org", &f->e));
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	assert_string_equal(f->e.msg, "there is no account for 'ed@example.org'");
	json_t *rows = store_audit_list(f->s, NULL, NULL, NULL, &f->e);
	assert_non_null(rows);
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);

	/* The transaction was ended, not left open: the next add is committed (the other
	 * connection sees it). */
	add_ok(f, "ed@example.org", "editor", "cosla", PW1);
	assert_int_equal(user_rows(f), 1);
	assert_int_equal(audit_rows(f), 1);
}

static void test_add_refusals(void **state)
{
	struct fx *f = *state;
	assert_int_equal(account_add(f->s, ACTOR, "a@example.org", "superuser", NULL, PW1, &f->e), -1);
	assert_int_equal(f->e.code, KERR_INVALID);
	assert_string_equal(
	    f->e.msg, "there is no role 'superuser': the roles are admin, staff, board, editor and viewer");
	assert_int_equal(account_add(f->s, ACTOR, "a@example.org", "Admin", NULL, PW1, &f->e), -1);
	assert_int_equal(f->e.code, KERR_INVALID);

	assert_int_equal(account_add(f->s, ACTOR, "not-an-address", "staff", NULL, PW1, &f->e), -1);
	assert_int_equal(f->e.code, KERR_INVALID);
	assert_string_equal(f->e.msg, "'not-an-address' is not an email address: it needs exactly one '@'");

	assert_int_equal(account_add(f->s, ACTOR, "a@example.org", "staff", NULL, "short", &f->e), -1);
	assert_int_equal(f->e.code, KERR_INVALID);
	assert_string_equal(
	    f->e.msg, "the password is too short: use at least 12 characters (a few words make a good one)");

	assert_int_equal(account_add(f->s, ACTOR, "a@example.org", "staff", NULL, "A@EXAMPLE.ORG", &f->e),
	                 -1);
	assert_int_equal(f->e.code, KERR_INVALID);
	assert_string_equal(f->e.msg, "the password must not be the email address");

	assert_int_equal(user_rows(f), 0);
	assert_int_equal(audit_rows(f), 0);
	json_t *all = store_users(f->s, &f->e);
	assert_non_null(all);
	assert_int_equal(json_array_size(all), 0);
	json_decref(all);
}

/* ---- account_set_password ---- */

static void test_set_password(void **state)
{
	struct fx *f = *state;
	add_ok(f, "a@example.org", "staff", NULL, PW1);
	add_ok(f, "b@example.org", "viewer", NULL, PW1);
	add_session(f, "a@example.org", "token-a1");
	add_session(f, "a@example.org", "token-a2");
	add_session(f, "b@example.org", "token-b");
	assert_int_equal(sessions_of(f, "a@example.org"), 2);
	json_t *before = store_user_get(f->s, "a@example.org", &f->e);
	assert_non_null(before);

	/* Found whatever the case; the audit names the account as it was added. */
	assert_int_equal(account_set_password(f->s, ACTOR, "A@Example.org", PW2, &f->e), 0);

	char hash[SECRET_HASH_LEN];
	stored_hash(f, "a@example.org", hash);
	assert_false(secret_check_password(hash, PW1));
	assert_true(secret_check_password(hash, PW2));

	/* Its sessions ended; another account's did not. */
	assert_int_equal(sessions_of(f, "a@example.org"), 0);
	assert_int_equal(sessions_of(f, "b@example.org"), 1);

	json_t *rows = history(f, "a@example.org");
	assert_int_equal(json_array_size(rows), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "verb")), "create");
	json_t *r = json_array_get(rows, 1);
	assert_string_equal(json_string_value(json_object_get(r, "verb")), "update");
	assert_string_equal(json_string_value(json_object_get(r, "actor")), ACTOR);
	assert_string_equal(json_string_value(json_object_get(r, "entity")), "account");
	assert_string_equal(json_string_value(json_object_get(r, "entity_id")), "a@example.org");
	json_t *b = json_object_get(r, "before"), *a = json_object_get(r, "after");
	assert_true(json_is_object(b));
	assert_true(json_is_object(a));
	assert_true(json_equal(b, before));
	assert_null(json_object_get(b, "password"));
	assert_string_equal(json_string_value(json_object_get(a, "password")), "changed");
	/* Apart from the mark, the record is unchanged. */
	json_t *a2 = json_deep_copy(a);
	json_object_del(a2, "password");
	assert_true(json_equal(a2, before));
	json_decref(a2);
	json_decref(rows);

	rows = store_audit_list(f->s, NULL, NULL, NULL, &f->e);
	assert_non_null(rows);
	assert_int_equal(json_array_size(rows), 3);
	assert_false(holds_hash(rows));
	assert_false(dump_contains(rows, "$argon2"));
	assert_false(dump_contains(rows, PW1));
	assert_false(dump_contains(rows, PW2));
	json_decref(rows);
	assert_int_equal(sql_int(f,
	                         "SELECT count(*) FROM audit WHERE instr(coalesce(before_json, '') || "
	                         "coalesce(after_json, ''), '$argon2') > 0",
	                         NULL),
	                 0);

	/* A password that breaks a rule changes nothing and records nothing. */
	add_session(f, "a@example.org", "token-a3");
	assert_int_equal(account_set_password(f->s, ACTOR, "a@example.org", "too short", &f->e), -1);
	assert_int_equal(f->e.code, KERR_INVALID);
	assert_string_equal(
	    f->e.msg, "the password is too short: use at least 12 characters (a few words make a good one)");
	assert_int_equal(account_set_password(f->s, ACTOR, "a@example.org", "a@example.org", &f->e), -1);
	assert_string_equal(f->e.msg, "the password must not be the email address");
	assert_int_equal(audit_rows(f), 3);
	assert_int_equal(sessions_of(f, "a@example.org"), 1);
	stored_hash(f, "a@example.org", hash);
	assert_true(secret_check_password(hash, PW2));

	/* No such account: KERR_NOTFOUND and nothing recorded. */
	kerr_clear(&f->e);
	assert_int_equal(account_set_password(f->s, ACTOR, "nobody@example.org", PW2, &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	assert_string_equal(f->e.msg, "there is no account for 'nobody@example.org'");
	assert_int_equal(audit_rows(f), 3);
	assert_int_equal(user_rows(f), 2);
	json_decref(before);
}

/* ---- account_disable ---- */

static void test_disable(void **state)
{
	struct fx *f = *state;
	add_ok(f, "a@example.org", "staff", NULL, PW1);
	add_session(f, "a@example.org", "token-a");
	assert_int_equal(store_users_count(f->s, "staff", &f->e), 1);

	assert_int_equal(account_disable(f->s, ACTOR, "a@example.org", &f->e), 0);
	json_t *u = store_user_get(f->s, "a@example.org", &f->e);
	assert_non_null(u);
	assert_true(json_is_true(json_object_get(u, "disabled")));
	assert_string_equal(json_string_value(json_object_get(u, "role")), "staff");
	assert_int_equal(sessions_of(f, "a@example.org"), 0);
	assert_int_equal(store_users_count(f->s, "staff", &f->e), 0);

	char hash[SECRET_HASH_LEN];
	kerr_clear(&f->e);
	assert_int_equal(store_user_password_hash(f->s, "a@example.org", hash, sizeof hash, &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	assert_string_equal(f->e.msg, "there is no enabled account for 'a@example.org'");

	json_t *rows = history(f, "a@example.org");
	assert_int_equal(json_array_size(rows), 2);
	json_t *r = json_array_get(rows, 1);
	assert_string_equal(json_string_value(json_object_get(r, "verb")), "update");
	assert_string_equal(json_string_value(json_object_get(r, "actor")), ACTOR);
	json_t *b = json_object_get(r, "before"), *a = json_object_get(r, "after");
	assert_true(json_is_false(json_object_get(b, "disabled")));
	assert_true(json_is_true(json_object_get(a, "disabled")));
	assert_true(json_equal(a, u));
	assert_null(json_object_get(a, "password"));
	assert_false(holds_hash(rows));
	json_decref(rows);
	json_decref(u);

	/* Disabling twice is not an error. */
	assert_int_equal(account_disable(f->s, ACTOR, "a@example.org", &f->e), 0);
	u = store_user_get(f->s, "a@example.org", &f->e);
	assert_true(json_is_true(json_object_get(u, "disabled")));
	json_decref(u);

	/* No such account: KERR_NOTFOUND and nothing recorded. */
	long long n = audit_rows(f);
	kerr_clear(&f->e);
	assert_int_equal(account_disable(f->s, ACTOR, "nobody@example.org", &f->e), -1);
	assert_int_equal(f->e.code, KERR_NOTFOUND);
	assert_string_equal(f->e.msg, "there is no account for 'nobody@example.org'");
	assert_int_equal(audit_rows(f), n);
	assert_int_equal(user_rows(f), 1);

	/* Still usable afterwards: no transaction was left open. */
	assert_int_equal(store_begin(f->s, &f->e), 0);
	assert_int_equal(
	    store_audit_add(f->s, ACTOR, "account", "x@example.org", "delete", NULL, NULL, &f->e), 0);
	assert_int_equal(store_commit(f->s, &f->e), 0);
	assert_int_equal(audit_rows(f), n + 1);
}

/* ---- the audit log ---- */

static void test_audit_add_needs_transaction(void **state)
{
	struct fx *f = *state;
	json_t *after = json_pack("{s:s}", "name", "x");
	assert_int_equal(store_audit_add(f->s, ACTOR, "organisation", "x", "create", NULL, after, &f->e), -1);
	assert_int_equal(f->e.code, KERR_FAIL);
	assert_string_equal(f->e.msg, "an audit record must be written inside the change's transaction");
	assert_int_equal(audit_rows(f), 0);

	/* Rolled back with its transaction. */
	assert_int_equal(store_begin(f->s, &f->e), 0);
	assert_int_equal(store_audit_add(f->s, ACTOR, "organisation", "x", "create", NULL, after, &f->e), 0);
	store_rollback(f->s);
	assert_int_equal(audit_rows(f), 0);

	/* Committed with it. before and after are not taken. */
	assert_int_equal(store_begin(f->s, &f->e), 0);
	assert_int_equal(store_audit_add(f->s, ACTOR, "organisation", "x", "create", NULL, after, &f->e), 0);
	assert_int_equal(store_commit(f->s, &f->e), 0);
	assert_int_equal(audit_rows(f), 1);
	assert_int_equal(json_object_size(after), 1);
	json_decref(after);
}

/* Writes one audit record in a transaction of its own. */
static void audit_one(struct fx *f, const char *entity, const char *id, const char *verb, json_t *before,
                      json_t *after)
{
	assert_int_equal(store_begin(f->s, &f->e), 0);
	if (store_audit_add(f->s, ACTOR, entity, id, verb, before, after, &f->e) != 0)
		fail_msg("store_audit_add: %s", f->e.msg);
	assert_int_equal(store_commit(f->s, &f->e), 0);
	json_decref(before);
	json_decref(after);
}

static size_t list_size(struct fx *f, const char *entity, const char *id, const char *since)
{
	json_t *rows = store_audit_list(f->s, entity, id, since, &f->e);
	if (!rows)
		fail_msg("store_audit_list: %s", f->e.msg);
	size_t n = json_array_size(rows);
	json_decref(rows);
	return n;
}

static void test_audit_list_filters(void **state)
{
	struct fx *f = *state;
	audit_one(f, "account", "a@example.org", "create", NULL, json_pack("{s:s}", "role", "staff"));
	audit_one(f, "commitment", "7", "create", NULL, json_pack("{s:s}", "status", "under_way"));
	audit_one(f, "account", "b@example.org", "create", NULL, json_pack("{s:s}", "role", "viewer"));
	audit_one(f, "account", "a@example.org", "update", json_pack("{s:s}", "role", "staff"),
	          json_pack("{s:s}", "role", "admin"));
	audit_one(f, "commitment", "7", "update", json_pack("{s:s}", "status", "under_way"),
	          json_pack("{s:s, s:i, s:[i,b]}", "status", "done", "n", 3, "list", 1, 1));
	audit_one(f, "commitment", "7", "delete", json_pack("{s:s}", "status", "done"), NULL);

	assert_int_equal(list_size(f, NULL, NULL, NULL), 6);
	assert_int_equal(list_size(f, "account", NULL, NULL), 3);
	assert_int_equal(list_size(f, "commitment", NULL, NULL), 3);
	assert_int_equal(list_size(f, "organisation", NULL, NULL), 0);
	assert_int_equal(list_size(f, "account", "a@example.org", NULL), 2);
	assert_int_equal(list_size(f, "account", "b@example.org", NULL), 1);
	assert_int_equal(list_size(f, "account", "7", NULL), 0);
	assert_int_equal(list_size(f, "commitment", "7", NULL), 3);

	char today[11];
	today_utc(today);
	assert_int_equal(list_size(f, NULL, NULL, "2000-01-01"), 6);
	assert_int_equal(list_size(f, NULL, NULL, today), 6); /* inclusive */
	assert_int_equal(list_size(f, NULL, NULL, "2999-01-01"), 0);
	assert_int_equal(list_size(f, "commitment", "7", "2000-01-01"), 3);
	assert_int_equal(list_size(f, "commitment", "7", "2999-01-01"), 0);

	/* Oldest first, with before and after as JSON values (null when absent). */
	json_t *rows = store_audit_list(f->s, "commitment", "7", NULL, &f->e);
	assert_non_null(rows);
	assert_int_equal(json_array_size(rows), 3);
	static const char *const verbs[] = {"create", "update", "delete"};
	const char *prev = "";
	for (size_t i = 0; i < 3; i++) {
		json_t *r = json_array_get(rows, i);
		assert_int_equal(json_object_size(r), 7);
		assert_string_equal(json_string_value(json_object_get(r, "verb")), verbs[i]);
		assert_string_equal(json_string_value(json_object_get(r, "entity")), "commitment");
		assert_string_equal(json_string_value(json_object_get(r, "entity_id")), "7");
		assert_string_equal(json_string_value(json_object_get(r, "actor")), ACTOR);
		const char *at = json_string_value(json_object_get(r, "at"));
		assert_non_null(at);
		assert_true(strcmp(prev, at) <= 0);
		prev = at;
	}
	assert_true(json_is_null(json_object_get(json_array_get(rows, 0), "before")));
	json_t *upd = json_array_get(rows, 1);
	json_t *want = json_pack("{s:s, s:i, s:[i,b]}", "status", "done", "n", 3, "list", 1, 1);
	assert_true(json_equal(json_object_get(upd, "after"), want));
	json_decref(want);
	assert_string_equal(json_string_value(json_object_get(json_object_get(upd, "before"), "status")),
	                    "under_way");
	assert_true(json_is_null(json_object_get(json_array_get(rows, 2), "after")));
	assert_true(json_is_object(json_object_get(json_array_get(rows, 2), "before")));
	json_decref(rows);

	/* The verb is one of three. */
	assert_int_equal(store_begin(f->s, &f->e), 0);
	assert_int_equal(
	    store_audit_add(f->s, ACTOR, "account", "a@example.org", "frobnicate", NULL, NULL, &f->e), -1);
	store_rollback(f->s);
	assert_int_equal(audit_rows(f), 6);
}

/* The waits: after 5 failures of one account from one address that pair
 * waits 30 s, doubling at each further failure up to 15 minutes, counted from its
 * latest failure; another address is not held up; a success forgets the pair; counts
 * with no failure for a day are removed. */
static void test_login_waits(void **state)
{
	struct fx *f = *state;
	const char *pw = "kestrel plum orbit lantern";
	assert_int_equal(account_add(f->s, "t", "w@example.org", "viewer", NULL, pw, &f->e), 0);
	assert_int_equal(account_wait_after(4, 5), 0);
	assert_int_equal(account_wait_after(5, 5), 30);
	assert_int_equal(account_wait_after(6, 5), 60);
	assert_int_equal(account_wait_after(9, 5), 480);
	assert_int_equal(account_wait_after(10, 5), 900);
	assert_int_equal(account_wait_after(1000, 5), 900);

	time_t t0 = 2000000000;
	struct account_login in;
	for (int i = 0; i < 5; i++) {
		kerr_clear(&f->e);
		assert_int_equal(account_login(f->s, "w@example.org", "wrong guess here", "10.0.0.1", ACCOUNT_BROWSER, t0 + i, &in,
		                               &f->e),
		                 -1);
		assert_int_equal(f->e.code, KERR_INVALID);
	}
	/* the fifth failure was at t0 + 4: 30 seconds from then */
	kerr_clear(&f->e);
	assert_int_equal(account_login(f->s, "W@example.org", pw, "10.0.0.1", ACCOUNT_BROWSER, t0 + 14, &in, &f->e), -1);
	assert_int_equal(f->e.code, KERR_CONFLICT);
	assert_int_equal(in.wait, 20);
	assert_string_equal(f->e.msg, "Too many failed attempts to sign in from here. Try again in 20 seconds.");
	/* elsewhere, the owner signs in */
	kerr_clear(&f->e);
	assert_int_equal(account_login(f->s, "w@example.org", pw, "10.0.0.2", ACCOUNT_BROWSER, t0 + 14, &in, &f->e), 0);
	/* the wait over, one more failure doubles it */
	kerr_clear(&f->e);
	assert_int_equal(account_login(f->s, "w@example.org", "wrong guess again", "10.0.0.1", ACCOUNT_API, t0 + 34, &in,
	                               &f->e),
	                 -1);
	assert_int_equal(f->e.code, KERR_INVALID);
	kerr_clear(&f->e);
	assert_int_equal(account_login(f->s, "w@example.org", pw, "10.0.0.1", ACCOUNT_BROWSER, t0 + 35, &in, &f->e), -1);
	assert_int_equal(in.wait, 59);
	assert_string_equal(f->e.msg, "Too many failed attempts to sign in from here. Try again in 59 seconds.");
	/* after it, the right password signs in and forgets the pair's failures */
	kerr_clear(&f->e);
	assert_int_equal(account_login(f->s, "w@example.org", pw, "10.0.0.1", ACCOUNT_BROWSER, t0 + 94, &in, &f->e), 0);
	kerr_clear(&f->e);
	assert_int_equal(account_login(f->s, "w@example.org", "a wrong one again", "10.0.0.1", ACCOUNT_BROWSER, t0 + 95, &in,
	                               &f->e),
	                 -1);
	assert_int_equal(f->e.code, KERR_INVALID);
	assert_true(sql_int(f, "SELECT count(*) FROM login_failure", NULL) > 0);
	/* a day without failures: the next failure (anyone's) removes the old counts */
	kerr_clear(&f->e);
	assert_int_equal(account_login(f->s, "nobody@example.org", "wrong guess here", "10.9.9.9", ACCOUNT_BROWSER,
	                               t0 + 95 + ACCOUNT_FAIL_FORGET + 1, &in, &f->e),
	                 -1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM login_failure", NULL), 2);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM login_failure WHERE last < 2000000096", NULL), 0);

	/* IPv6: one /64 is one address, whatever its last 64 bits. */
	time_t t1 = t0 + 3 * ACCOUNT_FAIL_FORGET;
	char addr[64];
	for (int i = 0; i < 5; i++) {
		snprintf(addr, sizeof addr, "2001:db8:1:2::%x", i + 1);
		assert_int_equal(account_login(f->s, "w@example.org", "wrong guess here", addr, ACCOUNT_BROWSER, t1, &in,
		                               &f->e),
		                 -1);
	}
	kerr_clear(&f->e);
	assert_int_equal(account_login(f->s, "w@example.org", pw, "2001:db8:1:2:ffff::9", ACCOUNT_BROWSER, t1 + 1, &in,
	                               &f->e),
	                 -1);
	assert_int_equal(f->e.code, KERR_CONFLICT);
	kerr_clear(&f->e);
	assert_int_equal(account_login(f->s, "w@example.org", pw, "2001:db8:1:3::1", ACCOUNT_BROWSER, t1 + 1, &in, &f->e), 0);
}

int main(void)
{
	struct kerr e = {0};
	if (secret_init(&e) < 0) {
		fprintf(stderr, "secret_init: %s\n", e.msg);
		return 1;
	}
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_secret_init_twice),
	    cmocka_unit_test(test_secret_hash_and_check),
	    cmocka_unit_test(test_secret_token),
	    cmocka_unit_test(test_secret_equal),
	    cmocka_unit_test(test_role_find),
	    cmocka_unit_test(test_check_email),
	    cmocka_unit_test(test_check_password),
	    cmocka_unit_test(test_check_password_guessable),
	    cmocka_unit_test_setup_teardown(test_login_waits, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_add, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_add_editor, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_add_unknown_organisation, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_add_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_set_password, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_disable, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_audit_add_needs_transaction, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_audit_list_filters, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
