# SPDX-License-Identifier: GPL-2.0
# Shared settings, loaded by every figure script (found through
# GNUPLOT_LIB=plots, which `vpmu-bench report` sets). The figure scripts are
# called as: gnuplot -c plots/FIG.gp DATA OUTBASE TITLE [ARGS...], set
# datafile = ARG1, outbase = ARG2 and figtitle = ARG3 (a loaded file has
# no ARGn of its own) and write OUTBASE.png (pngcairo, 960x540) and
# OUTBASE.svg.
#
# DATA.vars, written by the report beside DATA, sets what every figure
# of a report shares: mode_colors and mode_points (one per mode, in the
# order of ARG5, the same mode always the same colour and point), note
# (the emulation or synthetic-data warning, drawn inside the plot area
# where no cropping removes it), footer (tool version and commit),
# tsc_ghz (0 if unknown) and ymin/ymax (bar figures).
set encoding utf8
set datafile missing "?"
mode_colors = ""
mode_points = ""
note = ""
footer = ""
tsc_ghz = 0
ymin = 0
ymax = 0
if (exists("datafile") && strlen(system("ls '".datafile.".vars' 2>/dev/null")) > 0) {
	load datafile.'.vars'
}
mcolor(i) = (strlen(mode_colors) > 0 ? word(mode_colors, i + 1) : "#666666")
mpoint(i) = (strlen(mode_points) > 0 ? int(word(mode_points, i + 1)) : 7)
set title figtitle noenhanced font ',11'
set key noenhanced
set grid ytics lc rgb "#dddddd"
set border 3
set tics nomirror
set bmargin 6
if (strlen(note) > 0) {
	set label 90 note at graph 0.99, graph 0.97 right front font ',11' \
		tc rgb "#b00000" noenhanced
}
if (strlen(footer) > 0) {
	set label 91 footer at screen 0.995, screen 0.015 right font ',8' \
		tc rgb "#777777" noenhanced
}
# The plot command draws the PNG; 'eval svg_replot' then writes the SVG.
set terminal pngcairo size 960,540 font 'sans,10' noenhanced
set output outbase.'.png'
svg_replot = "set terminal svg size 960,540 font 'sans,10' noenhanced; set output outbase.'.svg'; replot; set output"
