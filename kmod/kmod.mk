# SPDX-License-Identifier: GPL-2.0
#
# Included by the top-level Makefile.  `make kmod` builds the patched KVM
# modules against KBUILD (default: the running kernel); `make kmod-check`
# compile-tests the series against the pinned tree from `make deps`.
# `make check` runs the same compile test through
# tests/integration/test-kmod-check.sh, so its result is counted there.

# Only the compile test needs the Debian headers package (.config,
# Module.symvers), so deps.sh, which `make run` shares, leaves it out and
# `make check` fetches it here, before test-kmod-check.sh looks for it.
# Without it (no network, say) that test skips; the rest of check runs.
CHECK_TARGETS += kmod-headers

.PHONY: kmod kmod-check kmod-clean kmod-headers
kmod:
	@$(MAKE) --no-print-directory -C kmod BUILD=$(abspath $(BUILD)) \
		$(if $(KSRC),KSRC=$(KSRC)) $(if $(KBUILD),KBUILD=$(KBUILD))

kmod-check:
	@BUILD=$(abspath $(BUILD)) $(if $(KSRC),KSRC=$(KSRC)) bash kmod/kbuild.sh check

kmod-headers:
	@BUILD=$(abspath $(BUILD)) bash kmod/kbuild.sh headers || \
		echo "kmod: no headers package; the kmod compile test will skip"

kmod-clean:
	rm -rf $(BUILD)/kmod
