#!/usr/bin/env bash
# Runs JMH benchmarks of fec-transport from the test classpath (no shaded jar, offline).
# Usage: fec-transport/jmh.sh [BENCHMARK_REGEX] [extra JMH args...]
#   e.g. fec-transport/jmh.sh FecEncode -f 1 -wi 2 -i 3 -w 2s -r 2s
# Fec* benchmarks report ops/us with one op = one data byte, i.e. MB/s of data.
set -euo pipefail
cd "$(dirname "$0")/.."
regex="${1:-Fec}"
shift || true
cp_file="$(mktemp /tmp/fec-jmh-cp.XXXXXX)"
trap 'rm -f "$cp_file"' EXIT
mvn -B -o -q -pl fec-transport test-compile dependency:build-classpath -Dmdep.outputFile="$cp_file"
exec java -cp "fec-transport/target/test-classes:fec-transport/target/classes:$(cat "$cp_file")" \
  org.openjdk.jmh.Main "$regex" "$@"
