/*
 * outfile.c - atomic outputs: temporary file, then rename (see outfile.h).
 */
#include "outfile.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

struct ar_outfile {
	char *path;          /* target path, as given */
	char *target;        /* what is renamed over: path, or a symlink's file */
	char *tmp;           /* temporary path; NULL when written directly */
	FILE *fp;            /* open stream */
	int slot;            /* index in pending[], -1 for stdout */
};

/* Temporary files not yet committed, for the signal handler. */
#define MAX_PENDING 64
static char *volatile pending[MAX_PENDING];

/* The process umask, read once (umask(2) can only be read by setting it). */
static mode_t
current_umask_hint(void)
{
	static int known;
	static mode_t mask;

	if (!known) {
		mask = umask(022);
		umask(mask);
		known = 1;
	}
	return mask;
}

static void
on_signal(int sig)
{
	for (int i = 0; i < MAX_PENDING; i++)
		if (pending[i] != NULL)
			unlink(pending[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void
ar_outfile_cleanup_on_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
}

/*
 * Removes the temporary files that a killed run (SIGKILL, power loss) left
 * for the target base in dir: ".BASE.tmpXXXXXX".  Runs of one millésime are
 * serialised by the cron lock, so no live writer owns them.
 */
static void
remove_stale(const char *dir, const char *base)
{
	DIR *d = opendir(dir[0] ? dir : ".");
	struct dirent *e;
	size_t blen = strlen(base);

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		const char *n = e->d_name;

		if (n[0] == '.' && strncmp(n + 1, base, blen) == 0 &&
		    strncmp(n + 1 + blen, ".tmp", 4) == 0 && strlen(n + 1 + blen + 4) == 6) {
			char *p = xasprintf("%s%s", dir, n);
			unlink(p);
			free(p);
		}
	}
	closedir(d);
}

ar_outfile *
ar_outfile_open(const char *path)
{
	ar_outfile *o;
	struct stat st;
	int fd, slot = -1;

	o = xcalloc(1, sizeof *o);
	o->path = xstrdup(path);
	o->slot = -1;
	if (strcmp(path, "-") == 0) {
		o->fp = stdout;
		return o;
	}
	if (lstat(path, &st) == 0) {
		/* A symlink keeps pointing where it did: its file is replaced. */
		if (S_ISLNK(st.st_mode) && (o->target = realpath(path, NULL)) != NULL &&
		    stat(o->target, &st) != 0)
			st.st_mode = S_IFREG;
		if (S_ISDIR(st.st_mode)) {
			free(o->target);
			free(o->path);
			free(o);
			errno = EISDIR;
			return NULL;
		}
		/* A device or a pipe (/dev/null, a FIFO) is written, never replaced. */
		if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
			if ((o->fp = fopen(path, "w")) == NULL) {
				int e = errno;
				free(o->target);
				free(o->path);
				free(o);
				errno = e;
				return NULL;
			}
			return o;
		}
	}
	if (o->target == NULL)
		o->target = xstrdup(path);
	path = o->target;
	for (int i = 0; i < MAX_PENDING; i++)
		if (pending[i] == NULL) {
			slot = i;
			break;
		}
	if (slot < 0) {
		free(o->target);
		free(o->path);
		free(o);
		errno = EMFILE;
		return NULL;
	}
	{
		const char *slash = strrchr(path, '/');
		const char *base = slash ? slash + 1 : path;
		int dirlen = slash ? (int)(slash - path + 1) : 0;

		char *dir = xstrndup(path, (size_t)dirlen);

		remove_stale(dir, base);
		free(dir);
		o->tmp = xasprintf("%.*s.%s.tmpXXXXXX", dirlen, path, base);
	}
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		int e = errno;
		free(o->tmp);
		free(o->target);
		free(o->path);
		free(o);
		errno = e;
		return NULL;
	}
	fchmod(fd, (mode_t)(0666 & ~current_umask_hint()));
	o->fp = fdopen(fd, "w");
	if (o->fp == NULL) {
		int e = errno;
		close(fd);
		unlink(o->tmp);
		free(o->tmp);
		free(o->target);
		free(o->path);
		free(o);
		errno = e;
		return NULL;
	}
	o->slot = slot;
	pending[slot] = o->tmp;
	return o;
}

FILE *
ar_outfile_stream(ar_outfile *o)
{
	return o->fp;
}

const char *
ar_outfile_path(const ar_outfile *o)
{
	return o->path;
}

static void
release(ar_outfile *o)
{
	if (o->slot >= 0)
		pending[o->slot] = NULL;
	free(o->tmp);
	free(o->target);
	free(o->path);
	free(o);
}

int
ar_outfile_commit(ar_outfile *o)
{
	int e = 0;

	if (o->tmp == NULL) {
		if (fflush(o->fp) != 0 || ferror(o->fp))
			e = errno ? errno : EIO;
		if (o->fp != stdout && fclose(o->fp) != 0 && e == 0)
			e = errno ? errno : EIO;
		release(o);
		if (e) {
			errno = e;
			return -1;
		}
		return 0;
	}
	if (fflush(o->fp) != 0 || ferror(o->fp))
		e = errno ? errno : EIO;
	if (fclose(o->fp) != 0 && e == 0)
		e = errno ? errno : EIO;
	if (e == 0 && rename(o->tmp, o->target) != 0)
		e = errno;
	if (e != 0)
		unlink(o->tmp);
	release(o);
	if (e != 0) {
		errno = e;
		return -1;
	}
	return 0;
}

void
ar_outfile_abort(ar_outfile *o)
{
	if (o == NULL)
		return;
	if (o->tmp != NULL) {
		fclose(o->fp);
		unlink(o->tmp);
	} else if (o->fp != stdout) {
		fclose(o->fp);
	}
	release(o);
}

int
ar_mkdir_p(const char *path)
{
	char *p = xstrdup(path);
	struct stat st;

	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0777) != 0 && errno != EEXIST) {
				int e = errno;
				free(p);
				errno = e;
				return -1;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
		free(p);
		errno = ENOTDIR;
		return -1;
	}
	free(p);
	return 0;
}
