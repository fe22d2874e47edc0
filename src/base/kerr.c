#include "base/kerr.h"

#include <stdarg.h>
#include <stdio.h>

int kerr_set(struct kerr *e, enum kerr_code code, const char *fmt, ...)
{
	if (!e)
		return -1;
	e->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

void kerr_clear(struct kerr *e)
{
	if (!e)
		return;
	e->code = KERR_OK;
	e->msg[0] = '\0';
}
