#!/usr/bin/env bash
# Write latency vs one-way delay for each safety level: runs `smfs bench writes` once per
# (level, delay) and writes one CSV row per run; draws PNG charts when gnuplot is installed
# (this script installs nothing: without gnuplot it writes the CSV only and says so).
#
# Usage: deploy/bench/sweep.sh [OUT_DIR]
# Environment (defaults): LEVELS="local-sync network-sync remote-sync" DELAYS="10 25 50"
#   LOSS=0.01 WRITERS=8 SIZE=65536 RUN_SECONDS=10 FEC=8,3 SMFS=deploy/bin/smfs
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/bench-results}
smfs=${SMFS:-$root/deploy/bin/smfs}
levels=${LEVELS:-local-sync network-sync remote-sync}
delays=${DELAYS:-10 25 50}
loss=${LOSS:-0.01}
writers=${WRITERS:-8}
size=${SIZE:-65536}
seconds=${RUN_SECONDS:-10}
fec=${FEC:-8,3}

mkdir -p "$out"
csv="$out/writes-latency-vs-delay.csv"
echo "safety,delay_ms,loss,writers,size,writes,throughput_mbps,latency_ms_p50,latency_ms_p99,latency_ms_p999" >"$csv"

# field NAME JSON: the value of a numeric or string field of a flat JSON object.
field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p" <<<"$2"; }

for level in $levels; do
  for delay in $delays; do
    echo "sweep: safety=$level delay_ms=$delay loss=$loss" >&2
    if ! json=$("$smfs" bench writes --safety "$level" --delay-ms "$delay" --loss "$loss" \
        --writers "$writers" --size "$size" --seconds "$seconds" --fec "$fec" --json | tail -n 1); then
      echo "sweep: run failed: safety=$level delay_ms=$delay (row skipped)" >&2
      continue
    fi
    echo "$json" >>"$out/writes-runs.jsonl"
    row="$level,$delay,$loss,$writers,$size"
    for f in writes throughput_mbps latency_ms_p50 latency_ms_p99 latency_ms_p999; do
      row="$row,$(field "$f" "$json")"
    done
    echo "$row" >>"$csv"
  done
done
echo "sweep: wrote $csv" >&2

if command -v gnuplot >/dev/null 2>&1; then
  for q in p50 p99; do
    col=$([[ $q == p50 ]] && echo 8 || echo 9)
    plot=""
    for level in $levels; do
      plot="$plot${plot:+, }'< grep ^$level, $csv' using 2:$col with linespoints title '$level'"
    done
    gnuplot <<GP
set terminal png size 800,500
set output '$out/writes-latency-$q-vs-delay.png'
set datafile separator ','
set xlabel 'one-way delay (ms)'
set ylabel 'write latency $q (ms)'
set title 'smfs bench writes: $writers writers x $size B, loss $loss, FEC $fec'
set key top left
plot $plot
GP
    echo "sweep: wrote $out/writes-latency-$q-vs-delay.png" >&2
  done
else
  echo "sweep: gnuplot not installed: CSV only (apt-get install gnuplot-nox for PNG charts)" >&2
fi
