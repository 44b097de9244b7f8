# SPDX-License-Identifier: GPL-2.0
#
# vpmu-bench: `make run` and `make check` are the two entry points
# (README.md). Everything builds into $(BUILD); the pinned kernel tree and
# the libraries built from it come from bench/deps.sh (`make deps`).

BUILD	?= build
KSRC_LINK := $(BUILD)/ksrc
# The tree deps.sh prepared (a user's KSRC= or Debian's linux-source-7.2).
KTREE	 = $(realpath $(KSRC_LINK))
VERSION	:= 0.1.0
GIT_COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)

CC	?= cc
PKGS	:= jansson gsl
WARN	:= -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare -Wno-missing-field-initializers
# Guest code lives in the same binary as the host driver (the selftests
# library loads /proc/self/exe into the guest), so everything is built
# the way the KVM selftests are: no stack protector, no PIE.
BASE_CFLAGS = -O2 -g -std=gnu11 -D_GNU_SOURCE $(WARN) -fno-stack-protector -fno-PIE \
	-fno-strict-aliasing -MD -MP -I. -Ibench -Iguest-workloads -Ianalysis \
	-DVPMU_VERSION='"$(VERSION)"' -DVPMU_GIT_COMMIT='"$(GIT_COMMIT)"' \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
KVM_CFLAGS = -DCONFIG_64BIT -U_FORTIFY_SOURCE -fno-builtin-memcmp -fno-builtin-memcpy \
	-fno-builtin-memset -fno-builtin-strnlen -march=x86-64-v2 \
	-I$(KTREE)/tools/testing/selftests/kvm/include \
	-I$(KTREE)/tools/testing/selftests/kvm/include/x86 \
	-I$(KTREE)/tools/testing/selftests \
	-I$(KTREE)/tools/include -I$(KTREE)/tools/arch/x86/include \
	-I$(KTREE)/tools/lib/perf/include -isystem $(BUILD)/usr/include
LDFLAGS	+= -no-pie -pthread
LIBS	= $(BUILD)/kvm-selftests/libkvm.a $(BUILD)/libperf/libperf.a $(BUILD)/libperf/libapi.a \
	  $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -ldl

# Every .c under these directories is product code, linked into the CLI.
# Files that talk to KVM through the selftests library (everything in
# guest-workloads/, and bench/*_vm.c) get the selftests include paths.
SRCS	:= $(filter-out bench/main.c,$(wildcard bench/*.c analysis/*.c \
	   guest-workloads/*.c guest-workloads/*/*.c))
OBJS	:= $(SRCS:%.c=$(BUILD)/obj/%.o)
LIBVPMU	:= $(BUILD)/libvpmu.a
CLI	:= $(BUILD)/vpmu-bench

UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_TESTS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
SCRIPT_TESTS := $(sort $(wildcard tests/*/test-*.sh))
# Extra targets that areas add in their */*.mk fragments.
CHECK_TARGETS :=
BENCH_TARGETS := bench-instrument

# Keep intermediate objects: make would otherwise delete them after the
# test run and print "rm ..." below the counts line of `make check`.
.SECONDARY:

.PHONY: all deps run check bench bench-instrument bench-peer clean distclean FORCE
all: $(CLI)

-include $(wildcard */*.mk)

# deps.sh writes its stamps and libraries into the BUILD make uses, also
# when BUILD was set in this Makefile rather than in the environment.
$(BUILD)/stamps/deps-ok: bench/deps.sh
	@BUILD=$(abspath $(BUILD)) bash bench/deps.sh
	@mkdir -p $(@D) && touch $@

deps:
	@BUILD=$(abspath $(BUILD)) bash bench/deps.sh

$(BUILD)/obj/%.o: %.c $(BUILD)/stamps/deps-ok
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(if $(filter guest-workloads/% bench/%_vm.c tests/unit/%_vm.c,$<),$(KVM_CFLAGS)) -c $< -o $@

$(LIBVPMU): $(OBJS)
	@rm -f $@
	ar rcs $@ $^

$(CLI): $(BUILD)/obj/bench/main.o $(LIBVPMU)
	$(CC) $(LDFLAGS) $< $(LIBVPMU) $(LIBS) -o $@

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIBVPMU)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $< $(LIBVPMU) $(LIBS) -o $@

check: $(CLI) $(UNIT_TESTS) $(CHECK_TARGETS)
	@VPMU_BENCH=$(abspath $(CLI)) BUILD=$(abspath $(BUILD)) \
		bash tests/run-tests.sh $(UNIT_TESTS) $(SCRIPT_TESTS) $(CHECK_RUN_TESTS)

RUN_OUT	?= results
run: $(CLI)
	@bash bench/run-suite.sh $(CLI) $(RUN_OUT)

# Performance claims live here, never in timed unit tests.
bench: $(BENCH_TARGETS)

bench-instrument: $(CLI)
	@echo "== instrument overhead per measured operation (from the disassembly of $(CLI))"
	@bash bench/instrument-overhead.sh $(CLI)

clean:
	rm -rf $(BUILD)/obj $(BUILD)/tests $(LIBVPMU) $(CLI)

distclean:
	rm -rf $(BUILD) .cache

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
