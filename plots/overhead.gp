# SPDX-License-Identifier: GPL-2.0
# Figure 5: end-to-end overhead vs rate, one line per mode: PMIs solid,
# RDPMC reads dashed. From vpmu-bench overhead (whole guest runs timed by
# hyperfine), each against the rate-0 run of its own mode.
# ARG1 data (blocks 0..n-1: per mode the PMI rows; n..2n-1: the RDPMC
# rows; each line rate_hz, overhead pct, pct - sd, pct + sd), ARG2 out
# base, ARG3 title, ARG4 number of modes, ARG5 mode names.
datafile = ARG1
outbase = ARG2
figtitle = ARG3
load 'common.gp'
n = int(ARG4)
set xlabel "rate (Hz): PMIs or RDPMC reads per second of guest time, as requested"
set ylabel "overhead vs rate 0 (pct of wall-clock time, +- sd)"
set logscale x
set key top left
plot for [i=0:n-1] ARG1 index i using 1:2:3:4 with yerrorlines lw 2 pt mpoint(i) \
	lc rgb mcolor(i) title word(ARG5, i+1)." PMI", \
     for [i=0:n-1] ARG1 index n+i using 1:2:3:4 with yerrorlines lw 2 dt 2 pt mpoint(i) \
	lc rgb mcolor(i) title word(ARG5, i+1)." RDPMC"
eval svg_replot
