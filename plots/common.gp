# SPDX-License-Identifier: GPL-2.0
# Shared settings, loaded by every figure script (found through
# GNUPLOT_LIB=plots, which `vpmu-bench report` sets). The figure scripts are
# called as: gnuplot -c plots/FIG.gp DATA OUTBASE TITLE [ARGS...], set
# outbase = ARG2 and figtitle = ARG3 (a loaded file has no ARGn of its own)
# and write OUTBASE.png (pngcairo, 960x540) and OUTBASE.svg.
set encoding utf8
set datafile missing "?"
set title figtitle noenhanced
set key noenhanced
set grid ytics lc rgb "#dddddd"
set border 3
set tics nomirror
# The plot command draws the PNG; 'eval svg_replot' then writes the SVG.
set terminal pngcairo size 960,540 font 'sans,10' noenhanced
set output outbase.'.png'
svg_replot = "set terminal svg size 960,540 font 'sans,10' noenhanced; set output outbase.'.svg'; replot; set output"
