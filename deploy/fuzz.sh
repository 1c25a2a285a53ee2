#!/usr/bin/env bash
# Runs every Jazzer fuzz target in fuzzing mode for SECONDS each (default 600), one after another
# (Jazzer fuzzes one @FuzzTest per JVM), and prints executions per target.
#
#   deploy/fuzz.sh [SECONDS] [FILTER]     FILTER: only targets whose name contains it
#
# Crashing inputs land in the target's regression directory
# (src/test/resources/<package>/<Class>Inputs/<method>/), so plain `mvn verify` replays them from
# then on. The growing corpus stays in <module>/.cifuzz-corpus/ (not committed). Logs: target/fuzz/.
# Maven runs offline (-o): the Jazzer artifacts must already be in ~/.m2.
set -uo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

seconds="${1:-600}"
filter="${2:-}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz: SECONDS must be a positive integer, got '$seconds'" >&2
  exit 2
fi

# module:test class (fully qualified):method. Keep in step with the @FuzzTest methods.
targets=(
  fec-transport:dev.smfs.transport.fuzz.FecDecoderFuzzTest:encoderOutput
  fec-transport:dev.smfs.transport.fuzz.FecDecoderFuzzTest:arbitraryPackets
  fec-transport:dev.smfs.transport.fuzz.PacketCodecFuzzTest:decodeDatagram
  fec-transport:dev.smfs.transport.fuzz.PacketCodecFuzzTest:roundTrip
  fec-transport:dev.smfs.transport.fuzz.FecParamsFuzzTest:parse
  smfs-server:dev.smfs.server.fuzz.LogSegmentFuzzTest:openScanRead
  smfs-server:dev.smfs.server.fuzz.OpPayloadFuzzTest:decodePayload
  fuse-mount:dev.smfs.cli.fuzz.ConfigFileFuzzTest:load
)

logs=target/fuzz
mkdir -p "$logs"
printf '%-60s %12s %8s  %s\n' target executions seconds result
failed=0
for t in "${targets[@]}"; do
  IFS=: read -r module class method <<<"$t"
  name="${class##*.}#$method"
  [[ -n "$filter" && "$name" != *"$filter"* ]] && continue
  log="$logs/${class##*.}-$method.log"
  # -am builds the modules the target's module depends on; -Dtest selects one method, so the
  # other modules run no tests. jazzer.max_duration overrides @FuzzTest(maxDuration).
  JAZZER_FUZZ=1 mvn -B -o -pl "$module" -am test \
    -Dtest="${class##*.}#$method" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.max_duration="${seconds}s" >"$log" 2>&1
  rc=$?
  done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)
  runs=$(sed -E 's/^Done ([0-9]+) runs.*/\1/' <<<"$done_line")
  secs=$(sed -E 's/.* in ([0-9]+) second.*/\1/' <<<"$done_line")
  if [[ $rc -eq 0 && -n "$done_line" ]]; then
    result=ok
  elif grep -q 'FuzzTestFindingException' "$log"; then
    what=$(grep -m1 -oE 'FuzzTestFindingException: .*' "$log" | cut -d' ' -f2- | cut -c1-120)
    input=$(grep -m1 -oE 'Test unit written to .*' "$log" | sed 's/Test unit written to //')
    result="FINDING: $what (input: ${input:-?})"
    failed=1
  else
    result="ERROR (see $log)"
    failed=1
  fi
  printf '%-60s %12s %8s  %s\n' "$name" "${runs:-?}" "${secs:-?}" "$result"
done
exit "$failed"
