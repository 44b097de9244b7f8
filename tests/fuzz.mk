# SPDX-License-Identifier: GPL-2.0
#
# libFuzzer targets (tests/fuzz/), built with Debian's clang:
#   make fuzz [FUZZ_SECONDS=600]   run each target for that long (default 60)
#   make fuzz-build                build them only
# Each target keeps its corpus in $(BUILD)/fuzz/corpus-NAME, seeded from
# tests/fuzz/seeds-NAME/ (real runs recorded here and hand-made cases).
# `make check` runs a 30 s smoke of each (tests/integration/test-fuzz.sh).

FUZZ_CC		?= clang
FUZZ_DIR	 = $(BUILD)/fuzz
FUZZ_SECONDS	?= 60
FUZZ_CFLAGS	 = -g -O1 -std=gnu11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
		   -fno-sanitize-recover=undefined $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
FUZZ_LIBS	 = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
FUZZERS		:= $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))

# What each target compiles besides itself: only library-free code.
FUZZ_SRCS_sample_channel := guest-workloads/shared/sample_channel.c
FUZZ_SRCS_hyperfine := bench/util/hyperfine.c
FUZZ_SRCS_results := $(wildcard bench/util/*.c) \
		     $(wildcard analysis/*.c)
FUZZ_INC := -Ibench/util -Ianalysis -Iguest-workloads/shared

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/stamps/deps-ok FORCE
	@mkdir -p $(@D)
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_INC) -DVPMU_VERSION='"$(VERSION)"' \
		-DVPMU_GIT_COMMIT='"$(GIT_COMMIT)"' $< $(FUZZ_SRCS_$*) $(FUZZ_LIBS) -o $@

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZERS:%=$(FUZZ_DIR)/fuzz_%)

fuzz: fuzz-build
	@rc=0; for f in $(FUZZERS); do \
		mkdir -p $(FUZZ_DIR)/corpus-$$f; \
		cp -n tests/fuzz/seeds-$$f/* $(FUZZ_DIR)/corpus-$$f/ 2>/dev/null; \
		echo "== fuzz_$$f for $(FUZZ_SECONDS) s"; \
		$(FUZZ_DIR)/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_DIR)/corpus-$$f \
			>$(FUZZ_DIR)/fuzz_$$f.log 2>&1 || rc=1; \
		grep -E 'stat::number_of_executed_units|ERROR|SUMMARY|Test unit written' \
			$(FUZZ_DIR)/fuzz_$$f.log; \
	done; exit $$rc
