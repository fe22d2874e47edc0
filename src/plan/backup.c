#include "plan/backup.h"

#include "base/secret.h"
#include "store/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The last part of path (after the last '/'). */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Writes data to a new file path (mode), made whole and synced; refused when path is
 * there. */
static int write_new(const char *path, const void *data, size_t len, mode_t mode, struct kerr *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return kerr_set(e, KERR_FAIL, "%s: could not make it: %s", path, strerror(errno));
	bool bad = fchmod(fd, mode) != 0 || write(fd, data, len) != (ssize_t)len || fsync(fd) != 0;
	int err = errno;
	if (close(fd) != 0 && !bad) {
		bad = true;
		err = errno;
	}
	if (bad) {
		unlink(path);
		return kerr_set(e, KERR_FAIL, "%s: could not write it: %s", path, strerror(err));
	}
	return 0;
}

int backup_make(const char *db, const char *dest, struct kerr *e)
{
	struct buf key_src = {0}, key_dest = {0}, sums = {0}, sums_path = {0};
	secret_key_path(db, &key_src);
	secret_key_path(dest, &key_dest);
	buf_printf(&sums_path, "%s.sha256", dest);
	int rc = -1;
	bool made_db = false, made_key = false;
	unsigned char key[SECRET_KEY_LEN];
	bool has_key = access(buf_str(&key_src), F_OK) == 0;
	const char *there = access(dest, F_OK) == 0                 ? dest
	                    : access(buf_str(&key_dest), F_OK) == 0  ? buf_str(&key_dest)
	                    : access(buf_str(&sums_path), F_OK) == 0 ? buf_str(&sums_path)
	                                                             : NULL;
	if (there) {
		kerr_set(e, KERR_CONFLICT, "%s is there already: choose another name", there);
		goto out;
	}
	if (has_key && secret_key_read(buf_str(&key_src), key, e) < 0)
		goto out;
	struct store *s = store_open(db, STORE_READONLY, e);
	if (!s)
		goto out;
	rc = store_backup_to(s, dest, e);
	store_close(s);
	if (rc < 0)
		goto out;
	made_db = true;
	rc = -1;
	if (has_key) {
		if (write_new(buf_str(&key_dest), key, sizeof key, 0600, e) < 0)
			goto out;
		made_key = true;
	}
	char hex[65];
	if (secret_sha256_file(dest, hex, e) < 0)
		goto out;
	buf_printf(&sums, "%s  %s\n", hex, base_name(dest));
	if (has_key) {
		if (secret_sha256_file(buf_str(&key_dest), hex, e) < 0)
			goto out;
		buf_printf(&sums, "%s  %s\n", hex, base_name(buf_str(&key_dest)));
	}
	rc = write_new(buf_str(&sums_path), sums.p, sums.len, 0600, e);
out:
	if (rc < 0) {
		if (made_key)
			unlink(buf_str(&key_dest));
		if (made_db)
			unlink(dest);
	}
	secret_wipe(key, sizeof key);
	buf_free(&key_src);
	buf_free(&key_dest);
	buf_free(&sums);
	buf_free(&sums_path);
	return rc;
}

int backup_sums_line(const char *line, char hash[65], char name[512])
{
	size_t i = 0;
	for (; i < 64; i++) {
		char c = line[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return -1;
		hash[i] = c;
	}
	hash[64] = '\0';
	if (line[64] != ' ' || line[65] != ' ')
		return -1;
	const char *p = line + 66;
	size_t n = 0;
	for (; p[n] && p[n] != '\n'; n++)
		if ((unsigned char)p[n] < ' ' || p[n] == 0x7f || p[n] == '/' || n >= 511)
			return -1;
	if (n == 0 || (p[n] == '\n' && p[n + 1] != '\0'))
		return -1;
	memcpy(name, p, n);
	name[n] = '\0';
	return 0;
}

/* Checks file (and its key when listed) against file.sha256; *key_listed says whether
 * the key is. */
static int check_sums(const char *file, const char *key_file, bool *key_listed, struct kerr *e)
{
	struct buf path = {0};
	buf_printf(&path, "%s.sha256", file);
	FILE *f = fopen(buf_str(&path), "r");
	if (!f) {
		kerr_set(e, KERR_INVALID,
		         "%s is missing: a backup is the file keep backup made with its checksum beside it "
		         "(and its key), and without the checksum it cannot be known whole",
		         buf_str(&path));
		buf_free(&path);
		return -1;
	}
	char line[600];
	bool db_listed = false;
	int rc = 0;
	*key_listed = false;
	for (int n = 1; rc == 0 && fgets(line, sizeof line, f); n++) {
		char want[65], name[512];
		if (backup_sums_line(line, want, name) < 0) {
			rc = kerr_set(e, KERR_INVALID, "%s:%d: expected a SHA-256 in hex, two spaces and a file name",
			              buf_str(&path), n);
			break;
		}
		const char *which = strcmp(name, base_name(file)) == 0       ? file
		                    : strcmp(name, base_name(key_file)) == 0 ? key_file
		                                                             : NULL;
		if (!which) {
			rc = kerr_set(e, KERR_INVALID, "%s:%d: '%s' is not part of this backup", buf_str(&path), n, name);
			break;
		}
		char got[65];
		if (secret_sha256_file(which, got, NULL) < 0) {
			rc = kerr_set(e, KERR_INVALID, "%s, listed in %s, is missing or cannot be read", which, buf_str(&path));
			break;
		}
		if (strcmp(got, want) != 0) {
			rc = kerr_set(e, KERR_INVALID,
			              "%s does not match its checksum in %s: it is damaged or incomplete", which,
			              buf_str(&path));
			break;
		}
		if (which == file)
			db_listed = true;
		else
			*key_listed = true;
	}
	fclose(f);
	if (rc == 0 && !db_listed)
		rc = kerr_set(e, KERR_INVALID, "%s does not list %s", buf_str(&path), base_name(file));
	buf_free(&path);
	return rc;
}

int backup_restore(const char *file, const char *db, struct kerr *e)
{
	struct buf key_file = {0}, key_db = {0}, key_tmp = {0};
	secret_key_path(file, &key_file);
	secret_key_path(db, &key_db);
	buf_printf(&key_tmp, "%s.restoring", buf_str(&key_db));
	unsigned char key[SECRET_KEY_LEN];
	bool key_listed = false, has_records = false;
	int version = 0, rc = -1;
	if (check_sums(file, buf_str(&key_file), &key_listed, e) < 0 ||
	    store_backup_check(file, &version, &has_records, e) < 0)
		goto out;
	if (has_records && !key_listed) {
		kerr_set(e, KERR_INVALID,
		         "%s holds care records but its records key is not part of the backup (%s): without it "
		         "no later import would match the children already there",
		         file, buf_str(&key_file));
		goto out;
	}
	if (key_listed) {
		if (secret_key_read(buf_str(&key_file), key, e) < 0)
			goto out;
		unlink(buf_str(&key_tmp));
		if (write_new(buf_str(&key_tmp), key, sizeof key, 0600, e) < 0)
			goto out;
	}
	if (store_restore_from(file, db, e) < 0) {
		unlink(buf_str(&key_tmp));
		goto out;
	}
	if (key_listed && rename(buf_str(&key_tmp), buf_str(&key_db)) != 0) {
		kerr_set(e, KERR_FAIL, "%s: the database is restored, but its key could not be put in place: %s (it is %s)",
		         buf_str(&key_db), strerror(errno), buf_str(&key_tmp));
		goto out;
	}
	rc = 0;
out:
	secret_wipe(key, sizeof key);
	buf_free(&key_file);
	buf_free(&key_db);
	buf_free(&key_tmp);
	return rc;
}

void backup_name(const char *dir, time_t now, struct buf *out)
{
	struct tm tm;
	gmtime_r(&now, &tm);
	char stamp[32];
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	buf_printf(out, "%s/keep-%s.db", dir, stamp);
}

/* Whether name is one backup_name makes: keep-YYYYMMDDTHHMMSSZ.db. */
static bool is_backup(const char *name)
{
	static const char shape[] = "keep-DDDDDDDDTDDDDDDZ.db";
	if (strlen(name) != sizeof shape - 1)
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'D' ? name[i] < '0' || name[i] > '9' : name[i] != shape[i])
			return false;
	return true;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int backup_rotate(const char *dir, int keep, struct kerr *e)
{
	DIR *d = opendir(dir);
	if (!d)
		return kerr_set(e, KERR_FAIL, "%s: could not read the backup directory: %s", dir, strerror(errno));
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!is_backup(de->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = realloc(names, cap * sizeof *names);
		}
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		if (i + (size_t)keep < n) {
			static const char *const tails[] = {".sha256", ".key", ""};
			for (size_t t = 0; t < 3; t++) {
				struct buf p = {0};
				buf_printf(&p, "%s/%s%s", dir, names[i], tails[t]);
				if (unlink(buf_str(&p)) != 0 && errno != ENOENT)
					rc = kerr_set(e, KERR_FAIL, "%s: could not remove an old backup: %s", buf_str(&p),
					              strerror(errno));
				buf_free(&p);
			}
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

long backup_interval(const char *text)
{
	char *end;
	errno = 0;
	long n = strtol(text, &end, 10);
	if (end == text || errno || n < 1 || end[0] == '\0' || end[1] != '\0')
		return -1;
	long unit = end[0] == 's' ? 1 : end[0] == 'm' ? 60 : end[0] == 'h' ? 3600 : end[0] == 'd' ? 86400 : 0;
	if (!unit || n > 366L * 86400 / unit)
		return -1;
	return n * unit;
}
