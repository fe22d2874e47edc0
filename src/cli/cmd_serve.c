#include "cli/cli.h"

#include "web/web.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"listen", required_argument, NULL, 'l'},
		{"threads", required_argument, NULL, 't'},
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
		case ':': return cli_usage_error("serve", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("serve", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
	struct kerr e = {0};
	if (web_serve(&cfg, &e) < 0)
		return e.code == KERR_USAGE ? cli_usage_error("serve", "%s", e.msg) : cli_fail("serve", "%s", e.msg);
	return EXIT_OK;
}
