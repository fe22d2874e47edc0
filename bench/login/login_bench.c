/* bench/login: what a login costs with keep's Argon2id setting (src/base/secret.h),
 * against libsodium's interactive and moderate presets, measured in the same run.
 *
 *   login_bench [N]        N rounds (default 21)
 *
 * Each round verifies a password against a hash made with each setting (what a login
 * costs), then hashes it with each setting (what setting a password costs). The settings
 * take turns, and the one that goes first moves on by one each round, so that drift of
 * the machine falls on all of them alike. keep's side goes through keep's own
 * secret_check_password and secret_hash_password; the presets call libsodium directly,
 * as those functions do.
 *
 * Built and run by bench/login/run. Exits 0 whatever the timings (a goal not met is
 * printed as MISS), 1 when it cannot measure, 2 on a usage error. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "base/kerr.h"
#include "base/secret.h"

#define DEFAULT_ROUNDS 21
#define MAX_ROUNDS 10000

/* Issue 3: one login costs 50-250 ms. */
#define GOAL_LO_MS 50.0
#define GOAL_HI_MS 250.0

#define MIB (1024.0 * 1024.0)

struct setting {
	const char *name;
	unsigned long long opslimit;
	size_t memlimit;
	bool keep; /* through keep's src/base/secret.c */
	char hash[crypto_pwhash_STRBYTES];
	double *verify_ms;
	double *hash_ms;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int make_hash(struct setting *s, const char *pw, char out[crypto_pwhash_STRBYTES])
{
	if (s->keep) {
		struct kerr e;
		kerr_clear(&e);
		if (secret_hash_password(pw, out, &e) < 0) {
			fprintf(stderr, "bench/login: %s: %s\n", s->name, e.msg);
			return -1;
		}
		return 0;
	}
	if (crypto_pwhash_str_alg(out, pw, strlen(pw), s->opslimit, s->memlimit,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0) {
		fprintf(stderr, "bench/login: %s: could not hash (out of memory?)\n", s->name);
		return -1;
	}
	return 0;
}

static bool check(const struct setting *s, const char *pw)
{
	if (s->keep)
		return secret_check_password(s->hash, pw);
	return crypto_pwhash_str_verify(s->hash, pw, strlen(pw)) == 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The p-quantile (0..1) of v[0..n-1], interpolating between the two nearest ranks.
 * Sorts v. With 21 values, p10, p50 and p90 are exactly the 3rd, 11th and 19th. */
static double quantile(double *v, int n, double p)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	double pos = p * (n - 1);
	int i = (int)pos;
	if (i >= n - 1)
		return v[n - 1];
	return v[i] + (pos - i) * (v[i + 1] - v[i]);
}

/* "$argon2id$v=19$m=65536,t=3,p=1$<salt>$<hash>" -> the part before the salt. */
static void hash_params(const char *hash, char *out, size_t size)
{
	const char *p = hash;
	for (int dollars = 0; *p && dollars < 4; p++)
		if (*p == '$')
			dollars++;
	size_t n = (size_t)(p - hash);
	if (n >= size)
		n = size - 1;
	memcpy(out, hash, n);
	out[n] = '\0';
}

int main(int argc, char **argv)
{
	int rounds = DEFAULT_ROUNDS;
	if (argc > 2 || (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))) {
		fprintf(stderr, "usage: %s [ROUNDS]   (default %d)\n", argv[0], DEFAULT_ROUNDS);
		return 2;
	}
	if (argc == 2) {
		char *end;
		errno = 0;
		long v = strtol(argv[1], &end, 10);
		if (errno || *end || end == argv[1] || v < 1 || v > MAX_ROUNDS) {
			fprintf(stderr, "bench/login: rounds '%s': expected a whole number from 1 to %d\n",
			        argv[1], MAX_ROUNDS);
			return 2;
		}
		rounds = (int)v;
	}

	struct kerr e;
	kerr_clear(&e);
	if (secret_init(&e) < 0) {
		fprintf(stderr, "bench/login: %s\n", e.msg);
		return 1;
	}

	struct setting set[] = {
	    {.name = "keep (secret.h)",
	     .opslimit = SECRET_PW_OPSLIMIT,
	     .memlimit = SECRET_PW_MEMLIMIT,
	     .keep = true},
	    {.name = "libsodium interactive",
	     .opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE,
	     .memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE},
	    {.name = "libsodium moderate",
	     .opslimit = crypto_pwhash_OPSLIMIT_MODERATE,
	     .memlimit = crypto_pwhash_MEMLIMIT_MODERATE},
	};
	enum { NSET = sizeof set / sizeof set[0], KEEP = 0 };
	static const char *const short_name[NSET] = {"keep", "interactive", "moderate"};

	/* A random password each run (24 hex digits), and a wrong one of the same length. */
	char pw[25], wrong[25];
	secret_token(pw, 12);
	memcpy(wrong, pw, sizeof wrong);
	wrong[0] = wrong[0] == 'a' ? 'b' : 'a';

	/* The hashes the rounds verify against. Making them, and checking that each setting
	 * accepts the password and refuses a wrong one, is also the warm-up: none of it is
	 * timed. */
	for (int s = 0; s < NSET; s++) {
		set[s].verify_ms = calloc((size_t)rounds, sizeof(double));
		set[s].hash_ms = calloc((size_t)rounds, sizeof(double));
		if (!set[s].verify_ms || !set[s].hash_ms) {
			fprintf(stderr, "bench/login: out of memory\n");
			return 1;
		}
		if (make_hash(&set[s], pw, set[s].hash) < 0)
			return 1;
		if (!check(&set[s], pw) || check(&set[s], wrong)) {
			fprintf(stderr, "bench/login: %s: verification gives the wrong answer\n",
			        set[s].name);
			return 1;
		}
	}
	if (strncmp(set[KEEP].hash, "$argon2id$", 10) != 0) {
		fprintf(stderr, "bench/login: keep's hash is not Argon2id: %.20s...\n", set[KEEP].hash);
		return 1;
	}

	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	fprintf(stderr,
	        "bench/login: %d rounds; each verifies, then hashes, with each of %d settings in turn\n",
	        rounds, NSET);
	char scratch[crypto_pwhash_STRBYTES];
	for (int r = 0; r < rounds; r++) {
		for (int k = 0; k < NSET; k++) {
			struct setting *s = &set[(r + k) % NSET];
			double t0 = now_ms();
			bool ok = check(s, pw);
			s->verify_ms[r] = now_ms() - t0;
			if (!ok) {
				fprintf(stderr, "bench/login: %s: the right password was refused\n", s->name);
				return 1;
			}
		}
		for (int k = 0; k < NSET; k++) {
			struct setting *s = &set[(r + k) % NSET];
			double t0 = now_ms();
			int rc = make_hash(s, pw, scratch);
			s->hash_ms[r] = now_ms() - t0;
			if (rc < 0)
				return 1;
		}
		fprintf(stderr, "bench/login: round %2d/%d  verify / hash ms:", r + 1, rounds);
		for (int s = 0; s < NSET; s++)
			fprintf(stderr, "  %s %.1f / %.1f", short_name[s], set[s].verify_ms[r],
			        set[s].hash_ms[r]);
		fprintf(stderr, "\n");
	}

	double vmed[NSET], vp10[NSET], vp90[NSET], hmed[NSET], hp10[NSET], hp90[NSET];
	for (int s = 0; s < NSET; s++) {
		vp10[s] = quantile(set[s].verify_ms, rounds, 0.10);
		vmed[s] = quantile(set[s].verify_ms, rounds, 0.50);
		vp90[s] = quantile(set[s].verify_ms, rounds, 0.90);
		hp10[s] = quantile(set[s].hash_ms, rounds, 0.10);
		hmed[s] = quantile(set[s].hash_ms, rounds, 0.50);
		hp90[s] = quantile(set[s].hash_ms, rounds, 0.90);
	}

	char params[64];
	hash_params(set[KEEP].hash, params, sizeof params);
	printf("\n");
	printf("Argon2id (libsodium %s), one thread per hash; %d rounds, settings interleaved; %ld cores\n",
	       sodium_version_string(), rounds, cores);
	printf("keep's hashes begin %s (m in KiB, t = opslimit, p = lanes)\n", params);
	printf("\n");
	const char *fmt = "%-21s | %8s | %10s | %13s | %8s | %8s | %11s | %8s | %8s\n";
	printf(fmt, "setting", "opslimit", "memory MiB", "verify p50 ms", "p10 ms", "p90 ms", "hash p50 ms",
	       "p10 ms", "p90 ms");
	printf(fmt, "---------------------", "--------", "----------", "-------------", "--------",
	       "--------", "-----------", "--------", "--------");
	for (int s = 0; s < NSET; s++)
		printf("%-21s | %8llu | %10.0f | %13.1f | %8.1f | %8.1f | %11.1f | %8.1f | %8.1f\n",
		       set[s].name, set[s].opslimit, (double)set[s].memlimit / MIB, vmed[s], vp10[s], vp90[s],
		       hmed[s], hp10[s], hp90[s]);
	printf("\n");
	for (int s = 1; s < NSET; s++)
		printf("ratio keep/%-11s  verify %.2f   hash %.2f   (medians)\n", short_name[s],
		       vmed[KEEP] / vmed[s], hmed[KEEP] / hmed[s]);
	if (cores > 0)
		printf("at keep's cost, %ld cores verify at most %.0f logins/s (one core: %.1f)\n", cores,
		       (double)cores * 1000.0 / vmed[KEEP], 1000.0 / vmed[KEEP]);

	bool pass = vmed[KEEP] >= GOAL_LO_MS && vmed[KEEP] <= GOAL_HI_MS;
	printf("\n");
	printf("goal (issue 3)\n");
	printf("  %-4s  %-50s %.1f ms (p10 %.1f, p90 %.1f)\n", pass ? "PASS" : "MISS",
	       "one login (median verification) within 50-250 ms", vmed[KEEP], vp10[KEEP], vp90[KEEP]);

	if (!pass) {
		/* Argon2's time grows in proportion to passes x memory. Suggest the opslimit that
		 * lands nearest the geometric middle of the range (about 112 ms, a factor 2.2 of
		 * headroom either way) at keep's memory; if one pass is already too slow, less
		 * memory at one pass. */
		const double target = 111.8;
		double per_pass = vmed[KEEP] / (double)set[KEEP].opslimit;
		long t = (long)(target / per_pass + 0.5);
		if (t >= 1) {
			printf("  hint: one pass over %.0f MiB costs about %.1f ms here;\n"
			       "        SECRET_PW_OPSLIMIT %ld would give about %.0f ms\n",
			       (double)set[KEEP].memlimit / MIB, per_pass, t, per_pass * (double)t);
		} else {
			double mib = (double)set[KEEP].memlimit / MIB * target / per_pass;
			printf(
			    "  hint: one pass over %.0f MiB costs about %.1f ms here;\n"
			    "        SECRET_PW_OPSLIMIT 1 with SECRET_PW_MEMLIMIT about %.0f MiB would give "
			    "about %.0f ms\n",
			    (double)set[KEEP].memlimit / MIB, per_pass, mib, target);
		}
	}

	for (int s = 0; s < NSET; s++) {
		free(set[s].verify_ms);
		free(set[s].hash_ms);
	}
	return 0;
}
