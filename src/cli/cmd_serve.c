#include "cli/cli.h"

#include "base/log.h"
#include "base/secret.h"
#include "plan/backup.h"
#include "web/web.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Splits "ADDR:PORT" or "[V6]:PORT" into host (copied into out) and port. */
static int parse_listen(const char *s, char *host, size_t hostlen, int *port)
{
	const char *colon;
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':')
			return -1;
		if ((size_t)(close - s - 1) >= hostlen)
			return -1;
		snprintf(host, hostlen, "%.*s", (int)(close - s - 1), s + 1);
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || (size_t)(colon - s) >= hostlen || colon == s)
			return -1;
		snprintf(host, hostlen, "%.*s", (int)(colon - s), s);
	}
	char *end;
	long p = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || p < 1 || p > 65535)
		return -1;
	*port = (int)p;
	return 0;
}

/* Rotating backups while serving (--backup-every): a thread that sleeps until the next
 * one is due or the server stops. */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int stop;
	const char *db, *dir;
	long every;
	int keep;
} backups = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

static void *backup_loop(void *unused)
{
	(void)unused;
	struct timespec due;
	clock_gettime(CLOCK_REALTIME, &due);
	for (;;) {
		due.tv_sec += backups.every;
		pthread_mutex_lock(&backups.lock);
		int rc = 0;
		while (!backups.stop && rc != ETIMEDOUT)
			rc = pthread_cond_timedwait(&backups.wake, &backups.lock, &due);
		int stop = backups.stop;
		pthread_mutex_unlock(&backups.lock);
		if (stop)
			return NULL;
		struct buf name = {0};
		struct kerr e = {0};
		backup_name(backups.dir, time(NULL), &name);
		if (backup_make(backups.db, buf_str(&name), &e) < 0)
			log_error("backup: %s", e.msg);
		else if (backup_rotate(backups.dir, backups.keep, &e) < 0)
			log_error("backup: %s", e.msg);
		else
			log_info("backup: made %s", buf_str(&name));
		buf_free(&name);
		clock_gettime(CLOCK_REALTIME, &due);
	}
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"listen", required_argument, NULL, 'l'},
		{"threads", required_argument, NULL, 't'},
		{"backup-every", required_argument, NULL, 'b'},
		{"backup-dir", required_argument, NULL, 'B'},
		{"keep", required_argument, NULL, 'k'},
		{NULL, 0, NULL, 0},
	};
	char host[64] = "127.0.0.1";
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct web_config cfg = {.db_path = cli_default_db(), .host = host, .port = 8080, .threads = cpus > 0 ? (int)cpus : 2};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'd': cfg.db_path = optarg; break;
		case 'l':
			if (parse_listen(optarg, host, sizeof host, &cfg.port) < 0)
				return cli_usage_error("serve", "--listen '%s': expected ADDR:PORT, e.g. 127.0.0.1:8080",
				                       optarg);
			break;
		case 't': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (!*optarg || *end || n < 1 || n > 256)
				return cli_usage_error("serve", "--threads '%s': expected a whole number from 1 to 256",
				                       optarg);
			cfg.threads = (int)n;
			break;
		}
		case 'b':
			if ((backups.every = backup_interval(optarg)) < 0)
				return cli_usage_error("serve",
				                       "--backup-every '%s': expected a number and s, m, h or d, e.g. 24h "
				                       "(at most 366 days)",
				                       optarg);
			break;
		case 'B': backups.dir = optarg; break;
		case 'k': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (!*optarg || *end || n < 1 || n > 10000)
				return cli_usage_error("serve", "--keep '%s': expected a whole number from 1 to 10000", optarg);
			backups.keep = (int)n;
			break;
		}
		case ':': return cli_usage_error("serve", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("serve", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
	if (!backups.every != !backups.dir)
		return cli_usage_error("serve", "--backup-every and --backup-dir go together: say how often and where");
	if (backups.keep && !backups.every)
		return cli_usage_error("serve", "--keep needs --backup-every and --backup-dir");
	struct kerr e = {0};
	pthread_t backup_thread;
	int backing_up = 0;
	if (backups.every) {
		struct stat sb;
		if (stat(backups.dir, &sb) != 0 || !S_ISDIR(sb.st_mode) || access(backups.dir, W_OK) != 0)
			return cli_fail("serve", "--backup-dir %s: not a directory keep can write in", backups.dir);
		if (secret_init(&e) < 0)
			return cli_fail("serve", "%s", e.msg);
		backups.db = cfg.db_path;
		backups.keep = backups.keep ? backups.keep : 7;
		if (pthread_create(&backup_thread, NULL, backup_loop, NULL) != 0)
			return cli_fail("serve", "could not start the backup thread");
		backing_up = 1;
	}
	int rc = web_serve(&cfg, &e);
	if (backing_up) {
		pthread_mutex_lock(&backups.lock);
		backups.stop = 1;
		pthread_cond_signal(&backups.wake);
		pthread_mutex_unlock(&backups.lock);
		pthread_join(backup_thread, NULL);
	}
	if (rc < 0)
		return e.code == KERR_USAGE ? cli_usage_error("serve", "%s", e.msg) : cli_fail("serve", "%s", e.msg);
	return EXIT_OK;
}
