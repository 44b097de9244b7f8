/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One line of reason from what a child that ran the KVM selftests library
 * printed before it died: the library reports a failed TEST_ASSERT on
 * stderr as
 *
 *   ==== Test Assertion Failure ====
 *     include/kvm_util.h:796: !ret
 *     pid=1 tid=1 errno=22 - Invalid argument
 *        1	0x...: frame (inlined by) ...
 *     KVM_SET_SREGS failed, rc: -1 errno: 22 (Invalid argument)
 *
 * and then exits, so this text is all a parent learns. The reason names
 * the call, errno and its text, and where: "KVM_SET_SREGS failed: Invalid
 * argument (errno 22) at include/kvm_util.h:796".
 */
#ifndef VPMU_SELFTEST_REASON_H
#define VPMU_SELFTEST_REASON_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Writes the reason to @why. Returns true if @log held a library
 * assertion or a kselftest skip line; otherwise @why is the last
 * non-empty line of @log ("" if none) and false is returned.
 */
bool selftest_reason(const char *log, char *why, size_t len);

#endif
