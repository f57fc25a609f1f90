// SPDX-License-Identifier: GPL-2.0
/*
 * Default sanitizer options, linked only into the ASan build that
 * scripts/test-asan makes (through LIBS; no tool source includes this).
 *
 * Why compiled in: the guest tests run the ASan binaries inside a QEMU guest
 * whose environment the harness builds from scratch, so ASAN_OPTIONS set on
 * the host never reach them. Inside the guest (the harness's results folder
 * /run/vm is there and writable) every report goes to a file in that folder,
 * the host's test/vm-results/NAME/, where scripts/test finds it even when the
 * test captured or discarded the tool's stderr, or expected it to fail.
 * Elsewhere reports go to stderr as usual. ASAN_OPTIONS and UBSAN_OPTIONS
 * still override any of these settings.
 *
 * GCC's UBSan runtime (libubsan, apart from libasan) prints to stderr whatever
 * its log_path says, so UBSan reports are copied to a file by its report hook.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

const char *__asan_default_options(void);
const char *__ubsan_default_options(void);
const char *__lsan_default_suppressions(void);
void __ubsan_on_report(void);
/* weak: configure links its test programs with this object but no sanitizer */
void __ubsan_get_current_report_data(const char **kind, const char **msg, const char **file,
				     unsigned int *line, unsigned int *col, char **addr)
	__attribute__((weak));

/* the folder run-test.sh shares as /run/vm; its env file marks a test guest */
#define GUEST_RESULTS "/run/vm"
#define GUEST_LOG "log_path=" GUEST_RESULTS "/sanitizer"

static int in_test_guest(void)
{
	/* a non-root test user cannot write there: it keeps stderr */
	return access(GUEST_RESULTS "/env", F_OK) == 0 && access(GUEST_RESULTS, W_OK) == 0;
}

const char *__asan_default_options(void)
{
	/* leak checks at exit: LSan's ptrace-based stop works in the guest as root */
	if (in_test_guest())
		return "detect_leaks=1:halt_on_error=1:abort_on_error=0:" GUEST_LOG;
	return "detect_leaks=1:halt_on_error=1:abort_on_error=0";
}

/*
 * Leaks allocated inside the distribution's libraries: libndctl 76.1 keeps
 * label-area reads (ndctl_dimm_cmd_new_cfg_read, 128 KiB, seen on init-labels
 * although our code drops every command it gets) where nothing frees them.
 * Those libraries have no frame pointers, so the stack stops inside them and
 * names no caller of ours: the report could not point at our code anyway.
 */
const char *__lsan_default_suppressions(void)
{
	return "leak:libndctl.so\nleak:libdaxctl.so\nleak:libkmod.so\n";
}

const char *__ubsan_default_options(void)
{
	/* halt: a UBSan report otherwise only prints and the exit status stays 0 */
	if (in_test_guest())
		return "print_stacktrace=1:halt_on_error=1:" GUEST_LOG;
	return "print_stacktrace=1:halt_on_error=1";
}

/* called by libubsan for each report, before it prints it and halts */
void __ubsan_on_report(void)
{
	const char *kind = "?", *msg = "?", *file = "?";
	unsigned int line = 0, col = 0;
	char *addr = NULL, exe[256], path[64], text[1024];
	ssize_t n;
	int fd, len;

	if (!__ubsan_get_current_report_data || !in_test_guest())
		return;
	__ubsan_get_current_report_data(&kind, &msg, &file, &line, &col, &addr);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	snprintf(path, sizeof(path), GUEST_RESULTS "/sanitizer.ubsan.%d", (int)getpid());
	len = snprintf(text, sizeof(text), "%s:%u:%u: runtime error: %s (%s) in %s\n", file, line,
		       col, msg, kind, exe);
	if (len < 0)
		return;
	if (len >= (int)sizeof(text))
		len = sizeof(text) - 1;
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (write(fd, text, len) < 0)
		len = 0; /* nothing more to do: the report still goes to stderr */
	close(fd);
}
