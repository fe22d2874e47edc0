#include "base/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int secret_init(struct kerr *e)
{
	if (sodium_init() < 0)
		return kerr_set(e, KERR_FAIL, "libsodium could not start (no source of randomness?)");
	return 0;
}

int secret_hash_password(const char *password, char out[SECRET_HASH_LEN], struct kerr *e)
{
	_Static_assert(SECRET_HASH_LEN == crypto_pwhash_STRBYTES, "hash buffer size");
	if (crypto_pwhash_str_alg(out, password, strlen(password), SECRET_PW_OPSLIMIT, SECRET_PW_MEMLIMIT,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0)
		return kerr_set(e, KERR_FAIL, "could not hash the password (out of memory?)");
	return 0;
}

bool secret_check_password(const char *hash, const char *password)
{
	return hash && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void secret_token(char *out, size_t nbytes)
{
	unsigned char raw[64];
	if (nbytes > sizeof raw)
		nbytes = sizeof raw;
	randombytes_buf(raw, nbytes);
	sodium_bin2hex(out, nbytes * 2 + 1, raw, nbytes);
	sodium_memzero(raw, sizeof raw);
}

bool secret_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b))
		return false;
	return sodium_memcmp(a, b, n) == 0;
}

void secret_sha256_hex(const char *s, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, 65, h, sizeof h);
}

int secret_sha256_file(const char *path, char out[65], struct kerr *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return kerr_set(e, errno == ENOENT ? KERR_NOTFOUND : KERR_FAIL, "%s: could not read it: %s", path,
		                strerror(errno));
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	unsigned char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		crypto_hash_sha256_update(&st, chunk, (unsigned long long)n);
	int err = errno;
	close(fd);
	if (n < 0)
		return kerr_set(e, KERR_FAIL, "%s: could not read it: %s", path, strerror(err));
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, 65, h, sizeof h);
	return 0;
}

int secret_base64_decode(const char *in, size_t len, struct buf *out)
{
	/* Padding is optional: the variant without it also takes none at all, so the
	 * padding is dropped first. */
	while (len > 0 && in[len - 1] == '=')
		len--;
	size_t cap = len / 4 * 3 + 3, n = 0;
	buf_grow(out, cap + 1);
	const char *end = NULL;
	if (sodium_base642bin((unsigned char *)out->p + out->len, cap, in, len, NULL, &n, &end,
	                      sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 ||
	    end != in + len)
		return -1;
	out->len += n;
	out->p[out->len] = '\0';
	return 0;
}

void secret_key_path(const char *db, struct buf *out)
{
	buf_printf(out, "%s.key", db);
}

int secret_key_make(const char *path, struct kerr *e)
{
	/* O_EXCL: an existing key is never replaced, since every pseudonym made with it
	 * would then stop matching. Mode 0600 from the start, so the key is never readable
	 * by others, not even for a moment. */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		return kerr_set(e, KERR_FAIL, "%s: could not make the records key file: %s", path, strerror(errno));
	}
	unsigned char key[SECRET_KEY_LEN];
	randombytes_buf(key, sizeof key);
	int bad = fchmod(fd, 0600) != 0 || write(fd, key, sizeof key) != (ssize_t)sizeof key || fsync(fd) != 0;
	int err = errno;
	sodium_memzero(key, sizeof key);
	if (close(fd) != 0 && !bad) {
		bad = 1;
		err = errno;
	}
	if (bad) {
		unlink(path);
		return kerr_set(e, KERR_FAIL, "%s: could not write the records key file: %s", path, strerror(err));
	}
	return 1;
}

int secret_key_read(const char *path, unsigned char key[SECRET_KEY_LEN], struct kerr *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return kerr_set(e, KERR_NOTFOUND,
			                "%s: the records key file is missing; keep init makes it beside a new database, "
			                "and without it no child id can be pseudonymised",
			                path);
		return kerr_set(e, KERR_FAIL, "%s: could not read the records key file: %s", path, strerror(errno));
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return kerr_set(e, KERR_INVALID, "%s: the records key file is not a file", path);
	}
	if (sb.st_size != SECRET_KEY_LEN) {
		close(fd);
		return kerr_set(e, KERR_INVALID, "%s: the records key file must hold exactly %d bytes; it holds %lld", path,
		                SECRET_KEY_LEN, (long long)sb.st_size);
	}
	unsigned char tmp[SECRET_KEY_LEN];
	size_t got = 0;
	while (got < sizeof tmp) {
		ssize_t n = read(fd, tmp + got, sizeof tmp - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int err = n < 0 ? errno : EIO;
			close(fd);
			sodium_memzero(tmp, sizeof tmp);
			return kerr_set(e, KERR_FAIL, "%s: could not read the records key file: %s", path, strerror(err));
		}
		got += (size_t)n;
	}
	close(fd);
	memcpy(key, tmp, SECRET_KEY_LEN);
	sodium_memzero(tmp, sizeof tmp);
	return 0;
}

void secret_hmac_hex(const unsigned char key[SECRET_KEY_LEN], const void *msg, size_t len, char out[65])
{
	_Static_assert(SECRET_KEY_LEN == crypto_auth_hmacsha256_KEYBYTES, "key size");
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, SECRET_KEY_LEN);
	crypto_auth_hmacsha256_update(&st, msg, len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, 65, mac, sizeof mac);
	sodium_memzero(&st, sizeof st);
}

struct secret_hmac {
	crypto_auth_hmacsha256_state keyed; /* after init: the key's pads absorbed */
};

struct secret_hmac *secret_hmac_new(const unsigned char key[SECRET_KEY_LEN])
{
	/* (Not sodium_malloc: that needs sodium_init first, and guard pages buy little for a
	 * state that lives through one import and is wiped after it.) */
	struct secret_hmac *h = malloc(sizeof *h);
	if (!h)
		abort();
	crypto_auth_hmacsha256_init(&h->keyed, key, SECRET_KEY_LEN);
	return h;
}

void secret_hmac_hex_with(const struct secret_hmac *h, const void *msg, size_t len, char out[65])
{
	crypto_auth_hmacsha256_state st = h->keyed;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_update(&st, msg, len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, 65, mac, sizeof mac);
	sodium_memzero(&st, sizeof st);
}

void secret_hmac_free(struct secret_hmac *h)
{
	if (!h)
		return;
	sodium_memzero(h, sizeof *h);
	free(h);
}

void secret_wipe(void *p, size_t n)
{
	sodium_memzero(p, n);
}
