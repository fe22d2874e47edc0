/* Accounts: who may use keep and in what role (issue 3). The rules live here; the
 * store keeps the records; the CLI and the web ask for them. */
#ifndef KEEP_PLAN_ACCOUNT_H
#define KEEP_PLAN_ACCOUNT_H
#include <stdbool.h>
#include <time.h>

#include "base/kerr.h"
#include "store/store.h"

struct account_role {
	const char *key;
	const char *words;
	const char *what; /* what the role may do, in plain words */
};
/* admin, staff, board, editor, viewer; terminated by key == NULL. */
extern const struct account_role account_roles[];
const struct account_role *account_role_find(const char *key);

#define ACCOUNT_PASSWORD_MIN 12
#define ACCOUNT_PASSWORD_MAX 256

/* Checks an email address: one '@', something either side, a dot in the domain, no
 * spaces or control characters, at most 254 bytes. The message names the problem. */
int account_check_email(const char *email, struct kerr *e);
/* Checks a password: 12 to 256 characters (a passphrase is encouraged), not the email. */
int account_check_password(const char *password, const char *email, struct kerr *e);

/* Adds an account: checks the email, role, organisation (editors need one; others may
 * have one) and password, hashes the password, and writes the account and its audit
 * record in one transaction. actor names who did it, for the audit. */
int account_add(struct store *s, const char *actor, const char *email, const char *role,
                const char *organisation, const char *password, struct kerr *e);
/* Sets a new password (checked and hashed), audited; ends the account's sessions. */
int account_set_password(struct store *s, const char *actor, const char *email, const char *password,
                         struct kerr *e);
/* Disables an account, audited; ends its sessions. Disabling twice is not an error and
 * records nothing the second time. */
int account_disable(struct store *s, const char *actor, const char *email, struct kerr *e);

/* ---- signing in ---- */

#define ACCOUNT_SESSION_SECONDS (8 * 3600)
/* Failed sign-ins allowed in ACCOUNT_FAIL_WINDOW seconds, per account and per address. */
#define ACCOUNT_FAILS_PER_ACCOUNT 5
#define ACCOUNT_FAILS_PER_ADDRESS 20
#define ACCOUNT_FAIL_WINDOW 900

struct account_login {
	char token[65]; /* for the cookie; only its SHA-256 is stored */
	char csrf[65];  /* the session's form token */
	int max_age;    /* seconds */
};

/* Signs in: checks the rate limits for email and address, then the password (as slowly
 * for an unknown email as for a known one), and starts a new session (audited). A wrong
 * email or password gives KERR_INVALID "The email address or password is not right.";
 * too many failures give KERR_CONFLICT saying when to try again. */
int account_login(struct store *s, const char *email, const char *password, const char *address, time_t now,
                  struct account_login *out, struct kerr *e);
/* The signed-in account for a cookie's token: {email, role, organisation, csrf,
 * expires}, or NULL (KERR_NOTFOUND when there is no live session). */
json_t *account_session(struct store *s, const char *token, time_t now, struct kerr *e);
/* Ends the session of token (audited); ending one that is gone is not an error. */
int account_logout(struct store *s, const char *token, struct kerr *e);
/* Forgets every recorded failure (for tests). */
void account_limits_reset(void);

/* now as "YYYY-MM-DDTHH:MM:SSZ" (UTC). */
void account_timestamp(time_t now, char out[21]);

#endif
