# SPDX-License-Identifier: GPL-2.0
# Figure 1: exit cost per exit type, one bar per mode side by side, on a
# log axis: in-kernel exits (~10^3 cycles) and exits to userspace (~10^4)
# differ tenfold, and a linear axis squashes the first and hides their
# CI whiskers. Each bar carries its median and N; a slot that was not
# measured says "failed" or "skipped" instead of reading as about 0.
# ns on the right axis when the TSC rate is known.
# ARG1 data (blocks per mode: x median lo hi n state workload mark),
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
set ylabel sprintf("%s per exit (median, 95 %% CI whiskers)", ARG6)
if (tsc_ghz > 0) {
	# y / tsc_ghz on a log axis is a shift: the same range divided lines up
	set logscale y2
	set y2range [ymin / tsc_ghz:ymax / tsc_ghz]
	set y2tics
	set format y2 "%g"
	set y2label "ns per exit"
}
set xlabel "exit type"
set xrange [-0.6:*]
set xtics rotate by -30 nomirror
set key outside top center horizontal
set style fill solid 0.85 border rgb "black"
isok(s) = (s eq "ok")
plot datafile index 0 using (floor($1 + 0.5)):(NaN):xtic(strcol(7)) notitle, \
	for [i=0:n-1] datafile index i using 1:2:($1-bw/2):($1+bw/2):(ymin):2 \
		with boxxyerror lc rgb mcolor(i) title word(ARG5, i+1), \
	for [i=0:n-1] datafile index i using 1:2:3:4 with yerrorbars lc rgb "black" pt mpoint(i) ps 0.8 notitle, \
	for [i=0:n-1] datafile index i using 1:($4*1.15):(sprintf("%.0f", $2)) \
		with labels left rotate by 90 font ',8' notitle, \
	for [i=0:n-1] datafile index i using 1:(ymin*1.2):(sprintf("N=%d", $5)) \
		with labels left rotate by 90 font ',7' tc rgb "white" notitle, \
	for [i=0:n-1] datafile index i using 1:(isok(strcol(6)) ? NaN : ymin*1.2):(strcol(6)) \
		with labels left rotate by 90 font ',9' tc rgb "#b00000" notitle
eval svg_replot
