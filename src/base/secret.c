#include "base/secret.h"

#include <sodium.h>
#include <string.h>

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
