// SPDX-License-Identifier: GPL-2.0
/*
 * rusage OUT CMD [ARG]...: run CMD and write one line to OUT:
 *   "<exit status> <wall us> <user us> <system us> <max RSS KiB>"
 * GNU time prints CPU times in 10 ms steps; the benchmarks time commands that
 * take a few ms on the host, so they need the microseconds wait4() gives.
 * CMD's stdout and stderr are left alone. Built by the bench scripts with cc.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static long long tv_us(const struct timeval *tv)
{
	return tv->tv_sec * 1000000LL + tv->tv_usec;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	long long t0, t1;
	int status, rc;
	FILE *out;
	pid_t pid;

	if (argc < 3) {
		fprintf(stderr, "usage: rusage OUT CMD [ARG]...\n");
		return 2;
	}
	t0 = now_us();
	pid = fork();
	if (pid < 0) {
		perror("rusage: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror("rusage: exec");
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("rusage: wait4");
		return 2;
	}
	t1 = now_us();
	rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	out = fopen(argv[1], "w");
	if (!out) {
		perror(argv[1]);
		return 2;
	}
	fprintf(out, "%d %lld %lld %lld %ld\n", rc, t1 - t0, tv_us(&ru.ru_utime),
		tv_us(&ru.ru_stime), ru.ru_maxrss);
	fclose(out);
	return rc;
}
