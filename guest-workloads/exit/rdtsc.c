// SPDX-License-Identifier: GPL-2.0
/* RDTSC: no exit under VMX/SVM with TSC offsetting; the floor of the table. */
#include "exit.h"

DEFINE_GUEST_BATCH(rdtsc, "", "rdtsc")

const struct batch_desc exit_rdtsc = { guest_batch_rdtsc, guest_calib_rdtsc };
