// SPDX-License-Identifier: GPL-2.0
/*
 * Patch 1 of the vpmu-bench KVM series: kvm_intel's
 * force_perf_global_ctrl_autostore is visible in sysfs and read-only, so a
 * measurement can record which PERF_GLOBAL_CTRL switching path it used and
 * the path cannot change under a running VM.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "vpmu_kmod.h"

int main(int argc, char *argv[])
{
	struct stat st;
	bool forced;
	int fd;

	ksft_print_header();
	kmod_require_series();
	ksft_set_plan(3);

	TEST_ASSERT(!stat(KMOD_AUTOSTORE_PARAM, &st), "stat(%s): %s",
		    KMOD_AUTOSTORE_PARAM, strerror(errno));
	ksft_test_result((st.st_mode & 0777) == 0444,
			 "force_perf_global_ctrl_autostore is visible with mode 0444 (%03o)\n",
			 st.st_mode & 0777);

	/* Root too: a parameter without write permission has no store op. */
	fd = open(KMOD_AUTOSTORE_PARAM, O_WRONLY);
	ksft_test_result(fd < 0,
			 "force_perf_global_ctrl_autostore cannot be opened for writing (%s)\n",
			 fd < 0 ? strerror(errno) : "it can");
	if (fd >= 0)
		close(fd);

	forced = kvm_get_module_param_bool("kvm_intel",
					   "force_perf_global_ctrl_autostore");
	ksft_test_result_pass("force_perf_global_ctrl_autostore reads %c (enable_mediated_pmu=%c)\n",
			      forced ? 'Y' : 'N', kmod_mediated() ? 'Y' : 'N');

	ksft_finished();
}
