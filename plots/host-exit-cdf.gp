# SPDX-License-Identifier: GPL-2.0
# Figure 2: host-side exit latency CDF, one line per mode.
# ARG1 data (one block per mode: latency, cumulative fraction), ARG2 out
# base, ARG3 title, ARG4 number of modes, ARG5 mode names, ARG6 unit.
datafile = ARG1
outbase = ARG2
figtitle = ARG3
load 'common.gp'
n = int(ARG4)
set xlabel sprintf("exit latency (%s)", ARG6)
set ylabel "fraction of exits <= x"
set yrange [0:1]
set logscale x
set key bottom right
plot for [i=0:n-1] ARG1 index i using 1:2 with steps lw 2 lc rgb mcolor(i) title word(ARG5, i+1)
eval svg_replot
