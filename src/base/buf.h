/* A growable byte buffer, always NUL-terminated. Owns its memory: buf_free releases it,
 * buf_steal hands it to the caller. A zeroed struct buf is an empty buffer. */
#ifndef KEEP_BASE_BUF_H
#define KEEP_BASE_BUF_H
#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *p;
	size_t len;
	size_t cap;
};

void buf_grow(struct buf *b, size_t extra);
void buf_put(struct buf *b, const void *data, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_reset(struct buf *b);
/* Returns the NUL-terminated contents ("" when empty); valid until the next write. */
const char *buf_str(const struct buf *b);
/* Hands the contents to the caller (free with free()); the buffer is left empty. */
char *buf_steal(struct buf *b);
void buf_free(struct buf *b);

#endif
