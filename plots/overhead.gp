# SPDX-License-Identifier: GPL-2.0
# Figure 5: end-to-end overhead vs sampling rate, one line per mode.
# ARG1 data (one block per mode: rate_hz, median, lo, hi), ARG2 out base,
# ARG3 title, ARG4 number of modes, ARG5 mode names.
datafile = ARG1
outbase = ARG2
figtitle = ARG3
load 'common.gp'
n = int(ARG4)
set xlabel "sampling rate (Hz)"
set ylabel "overhead (pct, median, 95 % CI)"
set logscale x
set key top left
plot for [i=0:n-1] ARG1 index i using 1:2:3:4 with yerrorlines lw 2 pt mpoint(i) lc rgb mcolor(i) title word(ARG5, i+1)
eval svg_replot
