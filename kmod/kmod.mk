# SPDX-License-Identifier: GPL-2.0
#
# Included by the top-level Makefile.  `make kmod` builds the patched KVM
# modules against KBUILD (default: the running kernel); `make kmod-check`
# compile-tests the series against the pinned tree from `make deps`.
# `make check` runs the same compile test through
# tests/integration/test-kmod-check.sh, so its result is counted there.

.PHONY: kmod kmod-check kmod-clean
kmod:
	@$(MAKE) --no-print-directory -C kmod BUILD=$(abspath $(BUILD)) \
		$(if $(KSRC),KSRC=$(KSRC)) $(if $(KBUILD),KBUILD=$(KBUILD))

kmod-check:
	@BUILD=$(abspath $(BUILD)) $(if $(KSRC),KSRC=$(KSRC)) bash kmod/kbuild.sh check

kmod-clean:
	rm -rf $(BUILD)/kmod
