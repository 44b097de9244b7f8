# SPDX-License-Identifier: GPL-2.0
#
# vpmu-bench trace reads tracepoint records with Debian's libtraceevent
# (libtraceevent-dev, installed by bench/deps.sh). BASE_CFLAGS and
# SYS_LIBS expand PKGS when used, so adding it here is enough.
PKGS += libtraceevent

# bench/probe/trace_rec.c sets one field of libperf's struct perf_evlist
# (has_user_cpus, as perf does for -C); its internal header needs
# tools/lib for api/.
$(BUILD)/obj/bench/probe/trace_rec.o: LAYER_CFLAGS += -I$(KTREE)/tools/lib
