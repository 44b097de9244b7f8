# SPDX-License-Identifier: GPL-2.0
# Figure: PMU register access cost per register, one bar per mode side by
# side, log axis as in exit-cost.gp. An intercepted access (it exits,
# median exits_per_op >= 0.5) is a solid bar, a passthrough one hatched,
# and the value label says which; failed or skipped slots are marked.
# ARG1 data (blocks per mode: x median lo hi n state register mark),
# ARG2 out base, ARG3 title, ARG4 number of modes, ARG5 modes, ARG6 unit.
datafile = ARG1
outbase = ARG2
figtitle = ARG3
load 'common.gp'
n = int(ARG4)
bw = 0.8 / n
set logscale y
set yrange [ymin:ymax]
set format y "%.0f"
set mytics 10
set ylabel sprintf("%s per access (median, 95 %% CI whiskers)", ARG6)
if (tsc_ghz > 0) {
	set logscale y2
	set y2range [ymin / tsc_ghz:ymax / tsc_ghz]
	set y2tics
	set format y2 "%g"
	set y2label "ns per access"
}
set xlabel "PMU register"
set bmargin 8
set xrange [-0.6:*]
set xtics rotate by -30 nomirror
set key outside top center horizontal
isok(s) = (s eq "ok")
pass(s) = (s eq "passthrough")
short(s) = (s eq "intercepted" ? " i" : s eq "passthrough" ? " p" : "")
plot datafile index 0 using (floor($1 + 0.5)):(NaN):xtic(strcol(7)) notitle, \
	for [i=0:n-1] datafile index i using 1:(pass(strcol(8)) ? NaN : $2):($1-bw/2):($1+bw/2):(ymin):2 \
		with boxxyerror fs solid 0.85 border rgb "black" lc rgb mcolor(i) title word(ARG5, i+1), \
	for [i=0:n-1] datafile index i using 1:(pass(strcol(8)) ? $2 : NaN):($1-bw/2):($1+bw/2):(ymin):2 \
		with boxxyerror fs pattern 4 border rgb "black" lc rgb mcolor(i) notitle, \
	for [i=0:n-1] datafile index i using 1:2:3:4 with yerrorbars lc rgb "black" pt mpoint(i) ps 0.8 notitle, \
	for [i=0:n-1] datafile index i using 1:($4*1.15):(sprintf("%.0f%s", $2, short(strcol(8)))) \
		with labels left rotate by 90 font ',8' notitle, \
	for [i=0:n-1] datafile index i using 1:(ymin*1.2):(sprintf("N=%d", $5)) \
		with labels left rotate by 90 font ",7" tc rgb "black" notitle, \
	for [i=0:n-1] datafile index i using 1:(isok(strcol(6)) ? NaN : ymin*1.2):(strcol(6)) \
		with labels left rotate by 90 font ',9' tc rgb "#b00000" notitle, \
	NaN with boxes fs solid 0.85 lc rgb "#999999" title "intercepted (i)", \
	NaN with boxes fs pattern 4 lc rgb "#999999" title "passthrough (p)"
eval svg_replot
