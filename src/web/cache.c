/* The response cache (see web.h): a hash table of copied response bodies behind a
 * read-write lock. Entries of an old generation are replaced when met; when the table
 * grows past its bounds it is emptied, which is cheap and rare (keys are the URIs
 * people actually ask for). */
#include "web/web.h"

#include "base/mem.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS 4096
#define MAX_ENTRIES 8192
#define MAX_BYTES ((size_t)32 * 1024 * 1024)

struct entry {
	struct entry *next;
	char *key;
	uint64_t gen;
	int status;
	const char *content_type;
	const char *cache_control;
	char disposition[320]; /* a download's Content-Disposition, or "" */
	char *body;
	size_t len;
};

static struct {
	pthread_rwlock_t lock;
	struct entry *bucket[BUCKETS];
	size_t entries, bytes;
} cache = {.lock = PTHREAD_RWLOCK_INITIALIZER};

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h % BUCKETS;
}

int web_cache_get(const char *key, uint64_t gen, struct web_response *res)
{
	int hit = 0;
	pthread_rwlock_rdlock(&cache.lock);
	for (struct entry *e = cache.bucket[hash(key)]; e; e = e->next) {
		if (e->gen == gen && strcmp(e->key, key) == 0) {
			res->status = e->status;
			res->content_type = e->content_type;
			res->cache_control = e->cache_control;
			memcpy(res->disposition, e->disposition, sizeof res->disposition);
			buf_reset(&res->body);
			buf_put(&res->body, e->body, e->len);
			hit = 1;
			break;
		}
	}
	pthread_rwlock_unlock(&cache.lock);
	return hit;
}

static void entry_free(struct entry *e)
{
	free(e->key);
	free(e->body);
	free(e);
}

/* Caller holds the write lock. */
static void clear_locked(void)
{
	for (size_t i = 0; i < BUCKETS; i++) {
		struct entry *e = cache.bucket[i];
		while (e) {
			struct entry *next = e->next;
			entry_free(e);
			e = next;
		}
		cache.bucket[i] = NULL;
	}
	cache.entries = cache.bytes = 0;
}

void web_cache_put(const char *key, uint64_t gen, const struct web_response *res)
{
	if (res->body.len > MAX_BYTES / 16)
		return;
	struct entry *n = xcalloc(1, sizeof *n);
	n->key = xstrdup(key);
	n->gen = gen;
	n->status = res->status;
	n->content_type = res->content_type;
	n->cache_control = res->cache_control;
	memcpy(n->disposition, res->disposition, sizeof n->disposition);
	n->len = res->body.len;
	n->body = xmalloc(n->len ? n->len : 1);
	memcpy(n->body, buf_str(&res->body), n->len);

	pthread_rwlock_wrlock(&cache.lock);
	if (cache.entries >= MAX_ENTRIES || cache.bytes + n->len > MAX_BYTES)
		clear_locked();
	size_t h = hash(key);
	struct entry **pp = &cache.bucket[h];
	while (*pp) {
		struct entry *e = *pp;
		if (strcmp(e->key, key) == 0) {
			*pp = e->next;
			cache.entries--;
			cache.bytes -= e->len;
			entry_free(e);
			continue;
		}
		pp = &e->next;
	}
	n->next = cache.bucket[h];
	cache.bucket[h] = n;
	cache.entries++;
	cache.bytes += n->len;
	pthread_rwlock_unlock(&cache.lock);
}

void web_cache_clear(void)
{
	pthread_rwlock_wrlock(&cache.lock);
	clear_locked();
	pthread_rwlock_unlock(&cache.lock);
}

/* Calls fn for each name in the space-separated list; stops when fn returns false. */
static bool each_name(const char *list, bool (*fn)(const char *name, size_t n, void *arg), void *arg)
{
	for (const char *p = list ? list : ""; *p;) {
		size_t n = strcspn(p, " ");
		if (n && !fn(p, n, arg))
			return false;
		p += n;
		p += strspn(p, " ");
	}
	return true;
}

struct key_arg {
	struct buf *key;
	const struct query *q;
	bool first;
};

static bool put_param(const char *name, size_t n, void *arg)
{
	struct key_arg *k = arg;
	char want[64];
	if (n >= sizeof want)
		return true;
	memcpy(want, name, n);
	want[n] = '\0';
	const char *v = query_get(k->q, want);
	if (!v)
		return true;
	buf_putc(k->key, k->first ? '?' : '&');
	k->first = false;
	buf_puts(k->key, want);
	buf_putc(k->key, '=');
	/* A value's own '&', '=' and '%' are written escaped, so no two queries share a key. */
	for (const char *c = v; *c; c++) {
		if (*c == '&' || *c == '=' || *c == '%')
			buf_printf(k->key, "%%%02X", (unsigned char)*c);
		else
			buf_putc(k->key, *c);
	}
	return true;
}

void web_cache_key(struct buf *key, const char *day, const struct web_route *route, const struct web_request *req)
{
	buf_printf(key, "%s ", day);
	/* The decoded path, its own '?' and '%' escaped: /a%3Fb=1 is not /a?b=1. */
	for (const char *c = req->path; *c; c++) {
		if (*c == '?' || *c == '%')
			buf_printf(key, "%%%02X", (unsigned char)*c);
		else
			buf_putc(key, *c);
	}
	struct key_arg k = {key, &req->query, true};
	each_name(route->query, put_param, &k);
}

static bool names_match(const char *name, size_t n, void *arg)
{
	const char *given = arg;
	return !(strlen(given) == n && memcmp(given, name, n) == 0);
}

bool web_cache_query_exact(const struct web_route *route, const struct web_request *req)
{
	const struct query *q = &req->query;
	for (size_t i = 0; i < q->n; i++) {
		/* each_name stops (false) at the name that matches. */
		if (each_name(route->query, names_match, q->p[i].name))
			return false;
		for (size_t j = 0; j < i; j++)
			if (strcmp(q->p[j].name, q->p[i].name) == 0)
				return false;
	}
	return true;
}
