/* Backups: a consistent copy of a keep database while it is served, with its
 * records key beside it and a checksum of both; a restore that checks all of it before
 * it replaces anything; rotating copies for keep serve --backup-every. */
#ifndef KEEP_PLAN_BACKUP_H
#define KEEP_PLAN_BACKUP_H
#include <time.h>

#include "base/buf.h"
#include "base/kerr.h"

/* Makes the backup dest of the database at db: dest (the database as it was when the
 * copy began), dest.key (a copy of db.key, when db has one) and dest.sha256 (the
 * SHA-256 of each, as `sha256sum` writes them, so `sha256sum -c` checks them too).
 * Refused when dest is there already; on failure nothing is left. */
int backup_make(const char *db, const char *dest, struct kerr *e);

/* Restores the backup file into db: first checks that file.sha256 is there and file
 * (and file.key when listed) match it, that file is a whole keep database of a schema
 * this keep knows, and that a backup holding care records has its key; any failure is
 * KERR_INVALID with a message, and nothing is changed. Then db's content is replaced
 * through SQLite (servers on it go on, seeing the restored data) and db.key by the
 * backup's key. */
int backup_restore(const char *file, const char *db, struct kerr *e);

/* DIR/keep-YYYYMMDDTHHMMSSZ.db for now (UTC), appended to out. */
void backup_name(const char *dir, time_t now, struct buf *out);
/* Removes the oldest backups named as backup_name makes them in dir (each with its .key
 * and .sha256) until keep are left. */
int backup_rotate(const char *dir, int keep, struct kerr *e);

/* One line of a checksum file as `sha256sum` writes it: 64 lowercase hex digits, two
 * spaces, a file name (1 to 511 bytes, no '/', NUL or control character), and the end of
 * the line (a '\n', or the end of the text). 0 with hash and name filled, -1 otherwise. */
int backup_sums_line(const char *line, char hash[65], char name[512]);

/* "30s", "15m", "24h", "7d" as seconds (1 second to 366 days); -1 when it is not one. */
long backup_interval(const char *text);

#endif
