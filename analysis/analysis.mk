# SPDX-License-Identifier: GPL-2.0
#
# analysis/: `make bench` part. bench-report times `vpmu-bench report` over
# a synthetic result set of BENCH_REPORT_SAMPLES samples (written by the
# report command through run's result writer, files named synthetic-*.json,
# not a measurement), bootstrap and figures included, and prints elapsed
# time and peak RSS next to the bound of issue 5 (2 s, 200 MiB). A
# benchmark, not a test: it never fails on the numbers.

BENCH_REPORT_SAMPLES ?= 1000000
BENCH_REPORT_DIR := $(BUILD)/bench-report

.PHONY: bench-report
bench-report: $(CLI)
	@rm -rf $(BENCH_REPORT_DIR) && mkdir -p $(BENCH_REPORT_DIR)
	@$(CLI) report --synthetic $(BENCH_REPORT_SAMPLES) --out $(BENCH_REPORT_DIR)/in
	@/usr/bin/env time -f 'bench-report: /usr/bin/time: %e s elapsed, peak RSS %M KiB (bound 2 s, 204800 KiB)' \
		$(CLI) report $(BENCH_REPORT_DIR)/in --out $(BENCH_REPORT_DIR)/out --timing 2>&1 \
		|| $(CLI) report $(BENCH_REPORT_DIR)/in --out $(BENCH_REPORT_DIR)/out --timing

BENCH_TARGETS += bench-report
