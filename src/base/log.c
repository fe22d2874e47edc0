#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* Copies text into out (of size cap, room kept for the newline) with every byte a
 * terminal or a log viewer could act on written as an escape: bytes outside printable
 * ASCII as \xNN, and the backslash itself as \\, so an escape in the log is always
 * keep's own. A request can put anything in its path; its log line still shows
 * exactly what was sent, on one line, without colours or cursor movements. */
static size_t put_escaped(char *out, size_t at, size_t cap, const char *text)
{
	static const char hex[] = "0123456789abcdef";
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		unsigned char c = *p;
		size_t need = c == '\\' ? 2 : (c < 0x20 || c > 0x7e) ? 4 : 1;
		if (at + need > cap)
			break;
		if (need == 1) {
			out[at++] = (char)c;
		} else if (need == 2) {
			out[at++] = '\\';
			out[at++] = '\\';
		} else {
			out[at++] = '\\';
			out[at++] = 'x';
			out[at++] = hex[c >> 4];
			out[at++] = hex[c & 15];
		}
	}
	return at;
}

static void vlog(const char *level, const char *fmt, va_list ap)
{
	char text[2048], line[2048];
	struct timeval tv;
	gettimeofday(&tv, NULL);
	struct tm tm;
	gmtime_r(&tv.tv_sec, &tm);
	int n = (int)strftime(line, sizeof line, "%Y-%m-%dT%H:%M:%S", &tm);
	n += snprintf(line + n, sizeof line - (size_t)n, ".%03dZ %s ", (int)(tv.tv_usec / 1000), level);
	if (vsnprintf(text, sizeof text, fmt, ap) < 0)
		return;
	size_t at = put_escaped(line, (size_t)n, sizeof line - 1, text);
	line[at++] = '\n';
	ssize_t w = write(STDERR_FILENO, line, at);
	(void)w;
}

void log_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("info", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("error", fmt, ap);
	va_end(ap);
}
