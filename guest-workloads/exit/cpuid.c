// SPDX-License-Identifier: GPL-2.0
/*
 * CPUID leaf 0: unconditionally intercepted by VMX and SVM. CPUID writes
 * EAX, so the leaf is reloaded before each one: the one instruction this
 * row adds per operation.
 */
#include "exit.h"

DEFINE_GUEST_BATCH(cpuid, "", "xor %%eax, %%eax\n\tcpuid")

const struct batch_desc exit_cpuid = { guest_batch_cpuid, guest_calib_cpuid };
