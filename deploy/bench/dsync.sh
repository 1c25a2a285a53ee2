#!/usr/bin/env bash
# Durable writes through a local-sync mount against the same writes on a plain directory of the
# same disk: one writer, then N concurrent writers (each its own file), every write O_DSYNC (dd
# oflag=dsync), so each write(2) returns only once durable. Prints one line per case and, last, one
# JSON object with MB/s (10^6 bytes per second, as dd counts) and the SMFS-to-native ratios.
#
# Usage: deploy/bench/dsync.sh MOUNTPOINT NATIVE_DIR
#   MOUNTPOINT  a mounted SMFS volume (smfs mount ... --safety local-sync)
#   NATIVE_DIR  a directory on the disk that holds the mount's data directory
# Environment (defaults): BLOCK=128k COUNT=2000 (per writer) WRITERS=8
set -euo pipefail

mnt=${1:?"usage: dsync.sh MOUNTPOINT NATIVE_DIR"}
nat=${2:?"usage: dsync.sh MOUNTPOINT NATIVE_DIR"}
block=${BLOCK:-128k}
count=${COUNT:-2000}
writers=${WRITERS:-8}
for d in "$mnt" "$nat"; do
  [[ -d "$d" ]] || { echo "dsync: not a directory: $d" >&2; exit 2; }
done
mountpoint -q "$mnt" || { echo "dsync: not a mount point: $mnt" >&2; exit 2; }
case "$block" in
  *k) bytes=$(( ${block%k} * 1024 )) ;;
  *M) bytes=$(( ${block%M} * 1024 * 1024 )) ;;
  *) bytes=$block ;;
esac

# MB/s of N concurrent dd writers into DIR; the files are removed afterwards.
run() {
  local dir=$1 n=$2 start end i
  rm -f "$dir"/dsync-bench-*
  sync
  start=$(date +%s.%N)
  for ((i = 0; i < n; i++)); do
    dd if=/dev/zero of="$dir/dsync-bench-$i" bs="$block" count="$count" oflag=dsync status=none &
  done
  wait
  end=$(date +%s.%N)
  rm -f "$dir"/dsync-bench-*
  awk -v b="$bytes" -v c="$count" -v n="$n" -v s="$start" -v e="$end" \
    'BEGIN { printf "%.1f", b * c * n / (e - s) / 1e6 }'
}

# One unmeasured writer first, so the mount's JIT has compiled the write path.
dd if=/dev/zero of="$mnt/dsync-bench-warm" bs="$block" count=500 oflag=dsync status=none
rm -f "$mnt/dsync-bench-warm"

smfs1=$(run "$mnt" 1); echo "smfs   1 writer : $smfs1 MB/s"
nat1=$(run "$nat" 1); echo "native 1 writer : $nat1 MB/s"
smfsn=$(run "$mnt" "$writers"); echo "smfs   $writers writers: $smfsn MB/s"
natn=$(run "$nat" "$writers"); echo "native $writers writers: $natn MB/s"
awk -v a="$smfs1" -v b="$nat1" -v c="$smfsn" -v d="$natn" -v n="$writers" -v bl="$block" \
  'BEGIN { printf "{\"bench\":\"dsync\",\"block\":\"%s\",\"writers\":%d,\"smfs_1_mb_s\":%s,\"native_1_mb_s\":%s,\"smfs_n_mb_s\":%s,\"native_n_mb_s\":%s,\"smfs_vs_native_1\":%.3f,\"smfs_n_vs_smfs_1\":%.3f}\n", bl, n, a, b, c, d, a / b, c / a }'
