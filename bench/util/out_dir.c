// SPDX-License-Identifier: GPL-2.0
/* A command's --out directory, checked before the work (see out_dir.h). */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "out_dir.h"

int out_dir__check(const char *cmd, const char *dir)
{
	char probe_file[PATH_MAX];
	bool made = false;
	struct stat st;
	int fd;

	if (!*dir)
		return usage_error(cmd, "--out: expected a directory, got ''");
	if (strlen(dir) + 32 >= sizeof(probe_file))
		return usage_error(cmd, "--out: path of %zu characters is too long (at most %zu)",
				   strlen(dir), sizeof(probe_file) - 32);
	if (!stat(dir, &st)) {
		if (!S_ISDIR(st.st_mode))
			return usage_error(cmd, "--out %s: exists and is not a directory", dir);
	} else if (mkdir(dir, 0755)) {
		return usage_error(cmd, "--out %s: cannot create the directory: %s", dir,
				   strerror(errno));
	} else {
		made = true;
	}
	snprintf(probe_file, sizeof(probe_file), "%s/.vpmu-bench-write-test.XXXXXX", dir);
	fd = mkstemp(probe_file);
	if (fd < 0) {
		int e = errno;

		if (made)
			rmdir(dir);
		return usage_error(cmd, "--out %s: cannot write a file there: %s", dir,
				   strerror(e));
	}
	close(fd);
	unlink(probe_file);
	if (made)
		rmdir(dir);
	return 0;
}
