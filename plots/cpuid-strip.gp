# SPDX-License-Identifier: GPL-2.0
# Figure 6: every CPUID exit sample per mode (strip plot, jittered), with
# the median as a black bar. ARG1 data (one block per mode: x, value), ARG2 out
# base, ARG3 title, ARG4 number of modes, ARG5 mode names, ARG6 unit,
# ARG7 medians (one per mode).
datafile = ARG1
outbase = ARG2
figtitle = ARG3
load 'common.gp'
n = int(ARG4)
set xrange [-0.6:n-0.4]
set xtics ()
do for [i=0:n-1] { set xtics add (word(ARG5, i+1) i) }
set ylabel sprintf("%s per CPUID (every sample)", ARG6)
set xlabel "mode"
set key off
do for [i=0:n-1] {
	m = real(word(ARG7, i+1))
	set arrow from i-0.4, m to i+0.4, m nohead lw 3 lc rgb "black" front
}
plot for [i=0:n-1] ARG1 index i using 1:2 with points pt mpoint(i) ps 0.8 lc rgb mcolor(i)
eval svg_replot
