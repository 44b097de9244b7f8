# SPDX-License-Identifier: GPL-2.0
#
# TEST DOUBLE: the software PMU model (tests/pmu_model/) and
# $(BUILD)/tests/vpmu-guest-model, vpmu-guest with the model behind its
# guests. The model is linked into that test binary and into its unit
# tests only, never into $(RUNNER) or $(CLI).

MODEL_DIR	:= tests/pmu_model
# The pure model (no KVM): the unit tests link these.
MODEL_PURE_SRCS	:= $(MODEL_DIR)/pmu_model.c $(MODEL_DIR)/insn_branch.c $(MODEL_DIR)/scenario.c
MODEL_SRCS	:= $(wildcard $(MODEL_DIR)/*.c)
MODEL_PURE_OBJS	:= $(MODEL_PURE_SRCS:%.c=$(BUILD)/obj/%.o)
MODEL_OBJS	:= $(MODEL_SRCS:%.c=$(BUILD)/obj/%.o)
MODEL_GUEST	:= $(BUILD)/tests/vpmu-guest-model

# The model sees every layer (it is test code) and the selftests library.
$(MODEL_OBJS): LAYER_CFLAGS = $(foreach l,$(LAYERS),$(call layer_inc,$(l))) -I$(MODEL_DIR) \
	$(SYS_CFLAGS) $(KVM_CFLAGS)

# vpmu-guest's own objects and libraries, exactly as $(RUNNER) links
# them, plus the model (whose constructor sets harness_hooks).
$(MODEL_GUEST): $(runner_OBJS) $(MODEL_OBJS) $(RUNNER_AR)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $(runner_OBJS) $(MODEL_OBJS) $(RUNNER_AR) $(KVM_LIB) $(SYS_LIBS) -o $@

# Unit tests of the pure model: tests/unit/pmu_model_*.c (shorter stem
# than the generic unit-test rules, so these rules win).
$(BUILD)/obj/tests/unit/pmu_model_%.o: tests/unit/pmu_model_%.c $(BUILD)/stamps/deps-ok
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(foreach l,$(LAYERS),$(call layer_inc,$(l))) $(CFLAGS) -c $< -o $@

$(BUILD)/tests/pmu_model_%: $(BUILD)/obj/tests/unit/pmu_model_%.o $(MODEL_PURE_OBJS) $(LIB_util)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $^ $(SYS_LIBS) -o $@

CHECK_TARGETS += $(MODEL_GUEST)

# Every PMU row's requires() under each scenario: links the guest layer
# and the model's VM glue (it exits before the library opens /dev/kvm).
$(BUILD)/obj/tests/unit/pmu_model_requires.o: BASE_CFLAGS += $(SYS_CFLAGS) $(KVM_CFLAGS)
$(BUILD)/tests/pmu_model_requires: $(BUILD)/obj/tests/unit/pmu_model_requires.o $(MODEL_OBJS) \
		$(RUNNER_AR)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $< $(MODEL_OBJS) $(RUNNER_AR) $(KVM_LIB) $(SYS_LIBS) -o $@

# The scenario matrix is opt-in until it has run once against a real
# /dev/kvm: the session that wrote the VM glue had none (README, "The
# software PMU model"). `make check-model` runs it.
.PHONY: check-model
check-model: $(CLI) $(RUNNER) $(MODEL_GUEST)
	@VPMU_MODEL_MATRIX=1 VPMU_BENCH=$(abspath $(CLI)) BUILD=$(abspath $(BUILD)) \
		bash tests/run-tests.sh tests/integration/test-pmu-model.sh
