#!/usr/bin/env bash
# Write latency vs one-way delay for each safety level: runs `smfs bench writes` once per
# (level, delay), writes one CSV row per run, then draws PNG charts with gnuplot (installed through
# apt-get when missing and run as root; otherwise the CSV only, and it says so).
#
# Usage: deploy/bench/sweep.sh [OUT_DIR]
#        deploy/bench/sweep.sh --plot CSV [OUT_DIR]   charts of an existing CSV, no runs
# Environment (defaults): LEVELS="local-sync network-sync remote-sync" DELAYS="10 25 50"
#   LOSS=0.01 WRITERS=8 SIZE=65536 RUN_SECONDS=10 FEC=8,3 SMFS=deploy/bin/smfs
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
root=$(cd "$here/../.." && pwd)
plot_only=""
if [[ "${1:-}" == "--plot" ]]; then
  plot_only=${2:?"sweep: --plot needs a CSV file"}
  [[ -f "$plot_only" ]] || { echo "sweep: no such CSV: $plot_only" >&2; exit 2; }
  out=${3:-$(dirname "$plot_only")}
else
  out=${1:-$root/bench-results}
fi
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
if [[ -n "$plot_only" ]]; then
  csv=$plot_only
  levels=$(tail -n +2 "$csv" | cut -d, -f1 | awk '!seen[$0]++' | tr '\n' ' ')
  IFS=, read -r _ _ loss writers size _ < <(sed -n 2p "$csv")
  fec="(see the runs)"
else
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
fi

if ! command -v gnuplot >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "sweep: installing gnuplot-nox for the charts" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 gnuplot-nox \
    >/dev/null 2>&1 || echo "sweep: apt-get install gnuplot-nox failed" >&2
fi
if command -v gnuplot >/dev/null 2>&1; then
  # chart NAME COLUMN YLABEL: one line per safety level against the one-way delay
  chart() {
    local plot="" level
    for level in $levels; do
      plot="$plot${plot:+, }'< grep ^$level, $csv' using 2:$2 with linespoints title '$level'"
    done
    gnuplot <<GP
set terminal png size 800,500
set output '$out/$1.png'
set datafile separator ','
set xlabel 'one-way delay (ms)'
set ylabel '$3'
set logscale y
set title 'smfs bench writes: $writers writers x $size B, loss $loss, FEC $fec'
set key top left
plot $plot
GP
    echo "sweep: wrote $out/$1.png" >&2
  }
  chart writes-latency-p50-vs-delay 8 'write latency p50 (ms)'
  chart writes-latency-p99-vs-delay 9 'write latency p99 (ms)'
  chart writes-throughput-vs-delay 7 'throughput (Mbit/s)'
else
  echo "sweep: gnuplot not installed: CSV only (apt-get install gnuplot-nox for PNG charts)" >&2
fi
