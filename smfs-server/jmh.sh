#!/usr/bin/env bash
# Runs JMH benchmarks of smfs-server from the test classpath (no shaded jar, offline; builds
# fec-transport too, whose classes the classpath then points at).
# Usage: smfs-server/jmh.sh [BENCHMARK_REGEX] [extra JMH args...]
#   e.g. smfs-server/jmh.sh MeterCost -f 1 -wi 3 -i 5 -w 1s -r 1s
set -euo pipefail
cd "$(dirname "$0")/.."
regex="${1:-Benchmark}"
shift || true
cp_file="$(mktemp /tmp/smfs-server-jmh-cp.XXXXXX)"
trap 'rm -f "$cp_file"' EXIT
mvn -B -o -q -pl smfs-server -am test-compile dependency:build-classpath -Dmdep.outputFile="$cp_file"
exec java -cp "smfs-server/target/test-classes:smfs-server/target/classes:$(cat "$cp_file")" \
  org.openjdk.jmh.Main "$regex" "$@"
