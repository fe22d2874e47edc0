/* Secrets: password hashes (Argon2id, libsodium), random tokens, and libsodium's
 * base64 decoder. Nothing here ever
 * logs or keeps a password. */
#ifndef KEEP_BASE_SECRET_H
#define KEEP_BASE_SECRET_H
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/kerr.h"

/* Argon2id's cost. Tuned so that one verification takes 50-250 ms on keep's machine
 * (2 cores); bench/login measures it. */
#define SECRET_PW_OPSLIMIT 3
#define SECRET_PW_MEMLIMIT (64u * 1024 * 1024)

/* The size of a hash string (crypto_pwhash_STRBYTES). */
#define SECRET_HASH_LEN 128

/* Must be called once before any other function here (initialises libsodium). */
int secret_init(struct kerr *e);

/* Hashes password into out (a NUL-terminated "$argon2id$..." string). */
int secret_hash_password(const char *password, char out[SECRET_HASH_LEN], struct kerr *e);
/* True when password matches hash. Takes about as long whether or not it does. */
bool secret_check_password(const char *hash, const char *password);

/* Fills out with nbytes (at most 64) random bytes as 2*nbytes lowercase hex digits and
 * a NUL (out must hold 2*nbytes+1). */
void secret_token(char *out, size_t nbytes);

/* The SHA-256 of s as 64 lowercase hex digits and a NUL: how session tokens are kept
 * (a stolen database holds no usable token). */
void secret_sha256_hex(const char *s, char out[65]);

/* The SHA-256 of the file at path, read through once, as 64 lowercase hex digits. */
int secret_sha256_file(const char *path, char out[65], struct kerr *e);

/* Constant-time comparison of two NUL-terminated strings. */
bool secret_equal(const char *a, const char *b);

/* Decodes standard base64 (with or without padding; no spaces) in[0..len) into out
 * (appended). -1 when it is not base64. */
int secret_base64_decode(const char *in, size_t len, struct buf *out);

/* ---- the records key (care records: docs/data-spec.md, "Privacy") ----
 * A database's child ids are replaced on import by HMAC-SHA-256 under a key of
 * SECRET_KEY_LEN random bytes, kept in a file beside the database (secret_key_path),
 * never inside it, so that a copy of the database alone cannot be worked back. */
#define SECRET_KEY_LEN 32
/* "<db>.key" into out (a buf, appended). */
void secret_key_path(const char *db, struct buf *out);
/* Makes the key file at path (SECRET_KEY_LEN random bytes, mode 0600) unless it is
 * there already: 1 when made, 0 when there (left as it is), -1 with e naming the file
 * when it cannot be made. secret_init first. */
int secret_key_make(const char *path, struct kerr *e);
/* Reads the key file at path into key; -1 with e naming the file and saying what is
 * wrong when it is missing, unreadable or not SECRET_KEY_LEN bytes. */
int secret_key_read(const char *path, unsigned char key[SECRET_KEY_LEN], struct kerr *e);
/* HMAC-SHA-256(key, msg[0..len)) as 64 lowercase hex digits and a NUL. */
void secret_hmac_hex(const unsigned char key[SECRET_KEY_LEN], const void *msg, size_t len, char out[65]);
/* The same for many messages under one key: the key's inner and outer states are worked
 * out once (two of the four SHA-256 blocks of a short message's HMAC). Free wipes. */
struct secret_hmac;
struct secret_hmac *secret_hmac_new(const unsigned char key[SECRET_KEY_LEN]);
void secret_hmac_hex_with(const struct secret_hmac *h, const void *msg, size_t len, char out[65]);
void secret_hmac_free(struct secret_hmac *h);
/* Overwrites p[0..n) with zeros in a way the compiler keeps. */
void secret_wipe(void *p, size_t n);

#endif
