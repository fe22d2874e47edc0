/* See file.h. */
#include "base/file.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int file_map(const char *path, struct file_map *m, struct kerr *e)
{
	m->p = "";
	m->len = 0;
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		return kerr_set(e, KERR_FAIL, "%s: %s", path, strerror(errno));
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		bool dir = S_ISDIR(st.st_mode);
		close(fd);
		return kerr_set(e, KERR_FAIL,
		                dir ? "%s: a directory, not a file: name the file itself"
		                    : "%s: not a file keep can read",
		                path);
	}
	if (st.st_size > 0) {
		void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
		if (p == MAP_FAILED) {
			int err = errno;
			close(fd);
			return kerr_set(e, KERR_FAIL, "%s: %s", path, strerror(err));
		}
		m->p = p;
		m->len = (size_t)st.st_size;
	}
	close(fd);
	return 1;
}

void file_unmap(struct file_map *m)
{
	if (m->len)
		munmap((void *)m->p, m->len);
	m->p = "";
	m->len = 0;
}
