// SPDX-License-Identifier: GPL-2.0
/*
 * The apply journal's file: where it lives, its lock, and the durable
 * replace that keeps it whole across a power loss. See plan-journal.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include "log.h"
#include "plan-journal.h"

#define JOURNAL_FILE_MAX (16u << 20)

static const char *dir_option;

void plan_journal_set_dir(const char *dir)
{
	dir_option = dir;
}

const char *plan_journal_dir(void)
{
	const char *env = getenv(PLAN_JOURNAL_ENV);

	if (dir_option && *dir_option)
		return dir_option;
	if (env && *env)
		return env;
	return PLAN_JOURNAL_DIR;
}

char *plan_journal_time(char *buf, size_t len, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(buf, len, "%lld", (long long)t);
	return buf;
}

/* mkdir -p, 0755: the journal is root's, and readable for diagnosis */
static int make_dirs(const char *dir)
{
	char path[PATH_MAX], *p;

	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(path, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

int plan_journal_open(struct plan_journal_file *f, const char *region, bool create)
{
	const char *dir = plan_journal_dir();
	char lock[PATH_MAX + 16];
	struct stat st;
	int rc;

	memset(f, 0, sizeof(*f));
	f->lock_fd = -1;
	if (snprintf(f->dir, sizeof(f->dir), "%s", dir) >= (int)sizeof(f->dir) ||
	    snprintf(f->path, sizeof(f->path), "%s/%s.journal", dir, region) >=
		    (int)sizeof(f->path)) {
		log_err("%s: journal directory name too long", dir);
		return -ENAMETOOLONG;
	}
	snprintf(f->region, sizeof(f->region), "%s", region);
	if (stat(dir, &st)) {
		if (errno != ENOENT || !create) {
			rc = -errno;
			if (rc != -ENOENT)
				log_err("%s: %s", dir, strerror(errno));
			return rc;
		}
		rc = make_dirs(dir);
		if (rc) {
			log_err("cannot create the apply journal directory %s: %s (choose another "
				"with --journal-dir or %s)",
				dir, strerror(-rc), PLAN_JOURNAL_ENV);
			return rc;
		}
	} else if (!S_ISDIR(st.st_mode)) {
		log_err("%s: not a directory (the apply journal directory)", dir);
		return -ENOTDIR;
	}
	snprintf(lock, sizeof(lock), "%s/%s.lock", dir, region);
	f->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (f->lock_fd < 0 && !create && (errno == EROFS || errno == EACCES))
		f->lock_fd = open(lock, O_RDONLY | O_CLOEXEC);
	if (f->lock_fd < 0) {
		rc = -errno;
		if (rc == -ENOENT && !create)
			return rc;
		log_err("cannot write in the apply journal directory %s: %s (choose another "
			"with --journal-dir or %s)",
			dir, strerror(-rc), PLAN_JOURNAL_ENV);
		return rc;
	}
	if (flock(f->lock_fd, LOCK_EX | LOCK_NB)) {
		if (errno == EWOULDBLOCK) {
			log_err("%s: another 'ndctl plan --apply' or '--recover' is running on it "
				"(it holds %s): wait for it to end",
				region, lock);
			close(f->lock_fd);
			f->lock_fd = -1;
			return -EBUSY;
		}
		/* a file system without locks: go on, as without a lock */
		log_dbg("%s: cannot lock (%s): going on without the lock", lock, strerror(errno));
	}
	return 0;
}

int plan_journal_load(struct plan_journal_file *f)
{
	char err[JOURNAL_ERR_LEN], *buf = NULL;
	size_t n = 0, cap = 0;
	int fd, rc;

	fd = open(f->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		if (rc != -ENOENT)
			log_err("%s: %s", f->path, strerror(errno));
		return rc;
	}
	for (;;) {
		ssize_t got;

		if (n == cap) {
			char *more;

			if (cap >= JOURNAL_FILE_MAX) {
				rc = -EFBIG;
				log_err("%s: larger than %u MiB: not a journal of ours", f->path,
					JOURNAL_FILE_MAX >> 20);
				goto out;
			}
			cap = cap ? 2 * cap : 16384;
			more = realloc(buf, cap);
			if (!more) {
				rc = -ENOMEM;
				goto out;
			}
			buf = more;
		}
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = -errno;
			log_err("%s: %s", f->path, strerror(errno));
			goto out;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	journal_free(&f->j);
	rc = journal_parse(buf, n, &f->j, err, sizeof(err));
	if (rc)
		log_err("%s: not a valid apply journal: %s (move it away to go on)", f->path, err);
	else
		f->loaded = true;
out:
	free(buf);
	close(fd);
	return rc;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* after a rename, the directory entry is durable only once the directory is synced */
static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return -errno;
	/* some file systems cannot fsync a directory; their rename is then as good as it gets */
	if (fsync(fd) && errno != EINVAL && errno != EROFS)
		rc = -errno;
	close(fd);
	return rc;
}

int plan_journal_save(struct plan_journal_file *f)
{
	char tmp[PATH_MAX + 64], *text = NULL;
	int fd = -1, rc;

	f->j.updated = (int64_t)time(NULL);
	rc = journal_format(&f->j, &text);
	if (rc)
		goto out;
	snprintf(tmp, sizeof(tmp), "%s/.%s.journal.tmp", f->dir, f->region);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	rc = write_all(fd, text, strlen(text));
	if (!rc && fsync(fd))
		rc = -errno;
	if (close(fd) && !rc)
		rc = -errno;
	fd = -1;
	if (!rc && rename(tmp, f->path))
		rc = -errno;
	if (!rc)
		rc = sync_dir(f->dir);
out:
	if (rc)
		log_err("%s: cannot write the apply journal: %s", f->path, strerror(-rc));
	free(text);
	return rc;
}

void plan_journal_close(struct plan_journal_file *f)
{
	if (f->lock_fd >= 0)
		close(f->lock_fd);
	f->lock_fd = -1;
	journal_free(&f->j);
	f->loaded = false;
}
