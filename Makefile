# SPDX-License-Identifier: GPL-2.0
#
# vpmu-bench: `make run` and `make check` are the two entry points
# (README.md). Everything builds into $(BUILD); the pinned kernel tree and
# the libraries built from it come from bench/deps.sh (`make deps`).

# `make check SANITIZE=1`: ASan+UBSan on every layer whose code never runs
# inside a guest, in a build directory of its own.
ifeq ($(SANITIZE),1)
BUILD	?= build-san
SAN_CFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
SAN_LDFLAGS := -fsanitize=address,undefined
endif
BUILD	?= build
KSRC_LINK := $(BUILD)/ksrc
# The tree deps.sh prepared (a user's KSRC= or Debian's linux-source-7.2).
KTREE	 = $(realpath $(KSRC_LINK))
VERSION	:= 0.1.0
GIT_COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)

CC	?= cc
PKGS	:= jansson gsl
WARN	:= -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare -Wno-missing-field-initializers
# Guest code lives in vpmu-guest beside its host driver (the selftests
# library loads /proc/self/exe into the guest), so everything is built
# the way the KVM selftests are: no stack protector, no PIE. CFLAGS and
# LDFLAGS from the command line are added last.
BASE_CFLAGS = -O2 -g -std=gnu11 -D_GNU_SOURCE $(WARN) -fno-stack-protector -fno-PIE \
	-fno-strict-aliasing -MD -MP \
	-DVPMU_VERSION='"$(VERSION)"' -DVPMU_GIT_COMMIT='"$(GIT_COMMIT)"' \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# The KVM selftests library and its headers: only the guest layers get them.
KVM_CFLAGS = -DCONFIG_64BIT -U_FORTIFY_SOURCE -fno-builtin-memcmp -fno-builtin-memcpy \
	-fno-builtin-memset -fno-builtin-strnlen -march=x86-64-v2 \
	-I$(KTREE)/tools/testing/selftests/kvm/include \
	-I$(KTREE)/tools/testing/selftests/kvm/include/x86 \
	-I$(KTREE)/tools/testing/selftests
# libperf and the kernel's uapi headers (host counting, raw KVM ioctls).
SYS_CFLAGS = -I$(KTREE)/tools/include -I$(KTREE)/tools/arch/x86/include \
	-I$(KTREE)/tools/lib/perf/include -isystem $(BUILD)/usr/include
LDFLAGS	+= -no-pie -pthread $(SAN_LDFLAGS)
SYS_LIBS = $(BUILD)/libperf/libperf.a $(BUILD)/libperf/libapi.a \
	  $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -ldl
# The library's own memcpy/memset/... (string_override.o) are what guest
# code calls: linked as an object, so that no shared library (libasan
# under SANITIZE=1 comes first) can take those symbols from the guest.
KVM_LIB	= $(BUILD)/kvm-selftests/lib/string_override.o $(BUILD)/kvm-selftests/libkvm.a

# Layers, bottom up (README.md, "Architecture"). Each layer's objects are
# compiled with the include paths of the layers it may use and nothing
# else, so a wrong #include fails the build; tests/integration/
# test-layers.sh checks every include against the same map
# (`make print-layers`).
#   util    helpers and the data model: depends on nothing of ours
#   probe   host facts (CPUID, sysfs, perf, raw KVM ioctls)
#   analysis  statistics, tables, figures over result files; never KVM
#   shared  library-free code that guests and host commands both run
#   guest   guest workloads on the KVM selftests library
#   cmd     the vpmu-bench commands (never linked with the library)
#   runner  vpmu-guest, the only executable that runs guests
LAYERS := util probe analysis shared guest cmd runner
util_DIRS	:= bench/util
probe_DIRS	:= bench/probe
analysis_DIRS	:= analysis
shared_DIRS	:= guest-workloads/shared
guest_DIRS	:= guest-workloads guest-workloads/exit guest-workloads/pmu guest-workloads/overhead
cmd_DIRS	:= bench
runner_DIRS	:= bench/guest
util_USES	:=
probe_USES	:= util
analysis_USES	:= util
shared_USES	:= util
guest_USES	:= util shared
cmd_USES	:= util probe analysis shared
runner_USES	:= util probe shared guest
util_KVM	:= n
probe_KVM	:= n
analysis_KVM	:= n
shared_KVM	:= n
guest_KVM	:= y
cmd_KVM		:= n
runner_KVM	:= y

layer_inc = $(foreach l,$(1) $($(1)_USES),$(addprefix -I,$($(l)_DIRS)))
layer_srcs = $(foreach d,$($(1)_DIRS),$(wildcard $(d)/*.c))
$(foreach l,$(LAYERS),$(eval $(l)_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(call layer_srcs,$(l)))))
# $$ defers SYS_CFLAGS/KVM_CFLAGS to use time: the kernel tree they name
# (build/ksrc) only exists once deps.sh has run in this same make.
# Sanitizers stay out of the layers whose code runs inside guests (guest,
# and shared, which guests call): instrumented code there would touch
# shadow memory the guest does not have.
SAN_LAYERS := util probe analysis cmd runner
$(foreach l,$(LAYERS),$(eval $($(l)_OBJS): LAYER_CFLAGS = $(call layer_inc,$(l)) \
	$$(SYS_CFLAGS) $(if $(filter y,$($(l)_KVM)),$$(KVM_CFLAGS)) \
	$(if $(filter $(l),$(SAN_LAYERS)),$$(SAN_CFLAGS))))
$(foreach l,util probe analysis shared guest,$(eval LIB_$(l) := $(BUILD)/libvpmu-$(l).a))

CLI	:= $(BUILD)/vpmu-bench
RUNNER	:= $(BUILD)/vpmu-guest
# What each executable links, in link order (a layer before what it uses).
CLI_AR	     = $(LIB_analysis) $(LIB_probe) $(LIB_shared) $(LIB_util)
RUNNER_AR    = $(LIB_guest) $(LIB_shared) $(LIB_probe) $(LIB_util)

UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_TESTS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
SCRIPT_TESTS := $(sort $(wildcard tests/*/test-*.sh))
# Extra targets that areas add in their */*.mk fragments.
CHECK_TARGETS :=
BENCH_TARGETS := bench-instrument

# Keep intermediate objects: make would otherwise delete them after the
# test run and print "rm ..." below the counts line of `make check`.
.SECONDARY:

.PHONY: all deps run check bench bench-instrument bench-peer clean distclean print-layers print-cflags FORCE
all: $(CLI) $(RUNNER)

-include $(wildcard */*.mk)

$(BUILD)/stamps/deps-ok: bench/deps.sh
	@BUILD=$(abspath $(BUILD)) bash bench/deps.sh
	@mkdir -p $(@D) && touch $@

deps:
	@BUILD=$(abspath $(BUILD)) bash bench/deps.sh

$(BUILD)/obj/%.o: %.c $(BUILD)/stamps/deps-ok
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(LAYER_CFLAGS) $(CFLAGS) -c $< -o $@

$(foreach l,util probe analysis shared guest,$(eval $(LIB_$(l)): $($(l)_OBJS); @rm -f $$@; ar rcs $$@ $$^))

# The CLI is linked without the KVM selftests library: its constructor
# opens /dev/kvm before main(), and only vpmu-guest runs guests.
$(CLI): $(cmd_OBJS) $(CLI_AR)
	$(CC) $(LDFLAGS) $(cmd_OBJS) $(CLI_AR) $(SYS_LIBS) -o $@

$(RUNNER): $(runner_OBJS) $(RUNNER_AR)
	$(CC) $(LDFLAGS) $(runner_OBJS) $(RUNNER_AR) $(KVM_LIB) $(SYS_LIBS) -o $@

# Unit tests see every layer; those named *_vm.c run guests and get the
# library's headers too.
TEST_OBJS = $(UNIT_SRCS:%.c=$(BUILD)/obj/%.o)
$(TEST_OBJS): LAYER_CFLAGS = $(foreach l,$(LAYERS),$(call layer_inc,$(l))) $(SYS_CFLAGS) \
	$(if $(filter %_vm.o,$@),$(KVM_CFLAGS),$(SAN_CFLAGS))
$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIB_analysis) $(RUNNER_AR)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $< $(LIB_analysis) $(RUNNER_AR) $(KVM_LIB) $(SYS_LIBS) -o $@

print-layers:
	@$(foreach l,$(LAYERS),echo "$(l): dirs=$($(l)_DIRS) uses=$($(l)_USES) kvm=$($(l)_KVM)";)

# The compiler flags of one layer (make print-cflags LAYER=analysis), for
# tests/integration/test-layers.sh.
print-cflags:
	@echo $(BASE_CFLAGS) $(call layer_inc,$(LAYER)) $(SYS_CFLAGS) \
		$(if $(filter y,$($(LAYER)_KVM)),$(KVM_CFLAGS))

check: $(CLI) $(RUNNER) $(UNIT_TESTS) $(CHECK_TARGETS)
	@VPMU_BENCH=$(abspath $(CLI)) BUILD=$(abspath $(BUILD)) \
		bash tests/run-tests.sh $(UNIT_TESTS) $(SCRIPT_TESTS) $(CHECK_RUN_TESTS)

RUN_OUT	?= results
run: $(CLI) $(RUNNER)
	@bash bench/run-suite.sh $(CLI) $(RUN_OUT)

# Performance claims live here, never in timed unit tests.
bench: $(BENCH_TARGETS)

bench-instrument: $(RUNNER)
	@echo "== instrument overhead per measured operation (from the disassembly of $(RUNNER))"
	@bash bench/instrument-overhead.sh $(RUNNER)

clean:
	rm -rf $(BUILD)/obj $(BUILD)/tests $(BUILD)/libvpmu*.a $(CLI) $(RUNNER)

distclean:
	rm -rf $(BUILD) .cache

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
