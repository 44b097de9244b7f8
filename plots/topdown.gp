# SPDX-License-Identifier: GPL-2.0
# Figure 4: topdown level 1, stacked bars, guest next to native per shape.
# ARG1 data (label, FE, BadSpec, Retiring, BE medians in pct_points),
# ARG2 out base, ARG3 title.
outbase = ARG2
figtitle = ARG3
load 'common.gp'
set style data histogram
set style histogram rowstacked
set style fill solid 0.85 border -1
set boxwidth 0.7
set ylabel "share of SLOTS (pct_points, median)"
set yrange [0:105]
set xtics rotate by -30
set key outside right
plot ARG1 using 2:xtic(1) title "Frontend bound", '' using 3 title "Bad speculation", \
     '' using 4 title "Retiring", '' using 5 title "Backend bound"
eval svg_replot
