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

/* Failed sign-ins are counted in the database (store: login_failure), so the counts
 * survive a restart and every server on the file shares them, and they slow down only
 * whoever fails: one account from one address (an attacker elsewhere cannot keep its
 * owner out), and one address whatever the accounts (one who tries many accounts).
 * After ACCOUNT_FAILS_FREE_PAIR failures of one account from one address, that pair
 * waits ACCOUNT_WAIT_FIRST seconds after its latest failure, doubled at each further
 * failure up to ACCOUNT_WAIT_MAX; likewise an address after ACCOUNT_FAILS_FREE_ADDRESS
 * failures. A success from an address forgets that pair's failures; a count with no
 * failure for ACCOUNT_FAIL_FORGET seconds is forgotten (and its row removed). */
#define ACCOUNT_FAILS_FREE_PAIR 5
#define ACCOUNT_FAILS_FREE_ADDRESS 20
#define ACCOUNT_WAIT_FIRST 30
#define ACCOUNT_WAIT_MAX 900
#define ACCOUNT_FAIL_FORGET (24 * 3600)

/* Seconds to wait after the latest of fails failures when free are allowed: 0 below
 * free, then ACCOUNT_WAIT_FIRST doubling up to ACCOUNT_WAIT_MAX. */
long account_wait_after(int fails, int free);

/* A browser's session is a cookie; a program's a bearer token. Neither works as the
 * other. */
enum account_kind { ACCOUNT_BROWSER, ACCOUNT_API };

struct account_login {
	char token[65]; /* for the cookie or the bearer; only its SHA-256 is stored */
	int max_age;    /* seconds */
	long wait;      /* when refused for too many failures: seconds to wait */
};

/* Signs in: checks the waits for the email from this address and for the address, then
 * the password (as slowly for an unknown email as for a known one), and starts a new
 * session of that kind (audited). A wrong email or password gives KERR_INVALID "The
 * email address or password is not right." and counts the failure; a wait not yet over
 * gives KERR_CONFLICT saying when to try again (out->wait, seconds). */
int account_login(struct store *s, const char *email, const char *password, const char *address,
                  enum account_kind kind, time_t now, struct account_login *out, struct kerr *e);
/* The signed-in account for a token of that kind: {email, role, organisation, expires}
 * and, for a browser, csrf (its form token, account_form_token), or NULL
 * (KERR_NOTFOUND when there is no live session). */
json_t *account_session(struct store *s, const char *token, enum account_kind kind, time_t now, struct kerr *e);
/* Ends the session of token (audited); ending one that is gone is not an error. */
int account_logout(struct store *s, const char *token, enum account_kind kind, struct kerr *e);

/* ---- form tokens (CSRF) ----
 * A signed-in browser's form token is HMAC-SHA-256(server key, the session's token
 * hash): only a page of this site, for this session, can hold it. Before signing in the
 * browser has a pre-session cookie (keep_csrf) made by account_login_token_make: 32
 * random hex digits and an HMAC of them under the server key, so a cookie the server did
 * not make (one planted by another site) is refused; the sign-in form carries the same
 * value. */
int account_form_token(struct store *s, const char *session_token, char out[65], struct kerr *e);
int account_login_token_make(struct store *s, char out[65], struct kerr *e);
bool account_login_token_valid(struct store *s, const char *token);

/* now as "YYYY-MM-DDTHH:MM:SSZ" (UTC). */
void account_timestamp(time_t now, char out[21]);

#endif
