// SPDX-License-Identifier: GPL-2.0
/*
 * mmap a device-dax character device and check that data written through the
 * mapping reads back, at the device's alignment.
 *
 *   mmap-test DEV ALIGN LEN         map LEN bytes (a multiple of ALIGN), write a
 *                                   pattern, unmap, map again, verify; exit 0/1
 *   mmap-test DEV ALIGN LEN bad     expect the mapping to be refused (EINVAL):
 *                                   LEN is not a multiple of ALIGN
 *   mmap-test DEV ALIGN LEN hold F  map, write, create file F, then sleep until
 *                                   killed (keeps the device busy for a test)
 *   mmap-test DEV ALIGN LEN check   verify a pattern written by an earlier run
 *
 * Sizes are decimal or 0x hex bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* a value per 8-byte word that depends on its offset, so misplaced pages show */
static uint64_t pattern(uint64_t off)
{
	return (off * 0x9e3779b97f4a7c15ULL) ^ 0xdac0ffeeULL;
}

static void *map_dev(int fd, size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void fill(uint64_t *w, size_t len)
{
	size_t i;

	for (i = 0; i < len / 8; i++)
		w[i] = pattern(i * 8);
}

static int verify(const uint64_t *w, size_t len)
{
	size_t i;

	for (i = 0; i < len / 8; i++) {
		if (w[i] != pattern(i * 8)) {
			fprintf(stderr, "mismatch at offset %#zx: %#llx\n", i * 8,
				(unsigned long long)w[i]);
			return 1;
		}
	}
	return 0;
}

static int write_and_verify(int fd, size_t len, size_t align)
{
	uint64_t *w = map_dev(fd, len);

	if (!w) {
		perror("mmap");
		return 1;
	}
	if ((uintptr_t)w % align) {
		fprintf(stderr, "mapping %p is not %#zx aligned\n", (void *)w, align);
		return 1;
	}
	fill(w, len);
	munmap(w, len);
	w = map_dev(fd, len);
	if (!w) {
		perror("mmap again");
		return 1;
	}
	if (verify(w, len))
		return 1;
	munmap(w, len);
	printf("ok: %zu bytes at %p written and read back\n", len, (void *)w);
	return 0;
}

int main(int argc, char **argv)
{
	const char *what = argc > 4 ? argv[4] : "rw";
	size_t align, len;
	uint64_t *w;
	int fd;

	if (argc < 4) {
		fprintf(stderr, "usage: %s DEV ALIGN LEN [bad | hold FILE | check]\n", argv[0]);
		return 2;
	}
	align = strtoull(argv[2], NULL, 0);
	len = strtoull(argv[3], NULL, 0);
	fd = open(argv[1], O_RDWR);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	if (!strcmp(what, "rw"))
		return write_and_verify(fd, len, align);
	if (!strcmp(what, "bad")) {
		w = map_dev(fd, len);
		if (w) {
			fprintf(stderr, "mmap of %#zx bytes succeeded, expected EINVAL\n", len);
			return 1;
		}
		printf("ok: mmap of %#zx bytes refused: %s\n", len, strerror(errno));
		return errno == EINVAL ? 0 : 1;
	}
	w = map_dev(fd, len);
	if (!w) {
		perror("mmap");
		return 1;
	}
	if (!strcmp(what, "check"))
		return verify(w, len);
	if (!strcmp(what, "hold") && argc > 5) {
		FILE *f;

		fill(w, len);
		f = fopen(argv[5], "w");
		if (f)
			fclose(f);
		for (;;)
			pause();
	}
	fprintf(stderr, "unknown action %s\n", what);
	return 2;
}
