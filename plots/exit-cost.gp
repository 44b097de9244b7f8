# SPDX-License-Identifier: GPL-2.0
# Figure 1: exit cost per exit type, bars grouped by mode, 95 % CI whiskers.
# ARG1 data (workload, then median lo hi per mode), ARG2 out base,
# ARG3 title, ARG4 number of modes.
outbase = ARG2
figtitle = ARG3
load 'common.gp'
n = int(ARG4)
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set ylabel "tsc_cycles per operation (median, 95 % CI)"
set xlabel "exit type"
set yrange [0:*]
set xtics rotate by -30
set key top left
plot for [i=1:n] ARG1 using (column(3*i-1)):(column(3*i)):(column(3*i+1)):xtic(1) title columnheader(3*i-1)
eval svg_replot
