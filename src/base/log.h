/* Logging to stderr, one line per event, with a UTC timestamp. Never log child-level
 * data, passwords or tokens. Lines are written whole (one write call) so that lines from
 * different threads never interleave. Every byte outside printable ASCII is written as
 * \xNN and a backslash as \\, so nothing a request sends can act on a terminal or
 * break a line. */
#ifndef KEEP_BASE_LOG_H
#define KEEP_BASE_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
