/*
 * fuzz_file.h - the one helper the fuzz entry points share: the readers of
 * arobase open files by path, so each input is handed to them as a file.
 *
 * The files live in memory (memfd_create) and are named by their
 * /proc/self/fd path; each call rewrites one, so a run creates nothing on
 * disk and leaves nothing behind.  There are FUZZ_FILES of them, so that a
 * harness can read back what it wrote while a first reader is still open.  Opening the path gives a new file
 * description, read from offset 0 whatever the previous reader did.
 */
#ifndef AROBASE_FUZZ_FILE_H
#define AROBASE_FUZZ_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* Number of distinct files a harness may use at once. */
#define FUZZ_FILES 2

/*
 * Replaces the content of file slot (0 to FUZZ_FILES - 1) with the size
 * bytes at data and returns its path (static storage, valid for the whole
 * run).  Aborts when the system refuses: the harness cannot go on without.
 */
static inline const char *
fuzz_file(int slot, const uint8_t *data, size_t size)
{
	static int fds[FUZZ_FILES] = {-1, -1};
	static char paths[FUZZ_FILES][64];
	size_t done = 0;
	int fd;

	if (slot < 0 || slot >= FUZZ_FILES)
		abort();
	if (fds[slot] < 0) {
		fds[slot] = memfd_create("arobase-fuzz", MFD_CLOEXEC);
		if (fds[slot] < 0) {
			perror("memfd_create");
			abort();
		}
		snprintf(paths[slot], sizeof paths[slot], "/proc/self/fd/%d", fds[slot]);
	}
	fd = fds[slot];
	if (ftruncate(fd, 0) != 0) {
		perror("ftruncate");
		abort();
	}
	while (done < size) {
		ssize_t n = pwrite(fd, data + done, size - done, (off_t)done);
		if (n <= 0) {
			perror("pwrite");
			abort();
		}
		done += (size_t)n;
	}
	return paths[slot];
}

#endif
