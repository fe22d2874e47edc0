/* The one error type. A function that can fail returns int (0 ok, negative error) or a
 * pointer (NULL on error) and fills a struct kerr with a message a person can act on:
 * it names the file, line, field or parameter and what was expected. */
#ifndef KEEP_BASE_KERR_H
#define KEEP_BASE_KERR_H

enum kerr_code {
	KERR_OK = 0,
	KERR_FAIL = 1,     /* general failure */
	KERR_USAGE = 2,    /* the caller asked for something malformed */
	KERR_NOTFOUND = 3, /* the thing named does not exist */
	KERR_INVALID = 4,  /* input broke a rule */
	KERR_CONFLICT = 5, /* the thing exists already / versions disagree */
};

struct kerr {
	enum kerr_code code;
	char msg[1024];
};

/* Sets code and a printf-formatted message; returns -1 so callers can
 * `return kerr_set(e, ...)`. e may be NULL. */
int kerr_set(struct kerr *e, enum kerr_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void kerr_clear(struct kerr *e);

#endif
