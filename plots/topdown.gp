# SPDX-License-Identifier: GPL-2.0
# Figure 4: topdown level 1 as the guest's error, as table (d) gives it:
# per shape and mode, guest - native in pct_points for each metric
# (median(guest) - median(native) of separate runs, 95 % bootstrap CI
# whiskers). 0 is a guest that sees what the host sees.
# ARG1 data (label, then median lo hi for FE, BadSpec, Retiring, BE),
# ARG2 out base, ARG3 title.
datafile = ARG1
outbase = ARG2
figtitle = ARG3
load 'common.gp'
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set ylabel "guest - native (pct_points, median, 95 % CI)"
set xzeroaxis lt -1 lw 1
set xtics rotate by -15
set bmargin 8
set offsets 0, 0, graph 0.2, graph 0.05
set key outside top center horizontal
metrics = "Frontend_bound Bad_speculation Retiring Backend_bound"
metric_colors = "#4c72b0 #dd8452 #55a868 #c44e52"
plot for [k=0:3] datafile using (column(3*k+2)):(column(3*k+3)):(column(3*k+4)):xtic(1) \
	lc rgb word(metric_colors, k+1) title word(metrics, k+1)
eval svg_replot
