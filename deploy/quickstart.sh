#!/usr/bin/env bash
# The README's main job. Builds SMFS when needed and shows the command line.
# (The full primary/mirror demo — mirror, WAN emulator, network-sync mount under ./smfs-demo/ — is
# tracked by the operations issue; until it lands this script builds and prints `smfs --help`.)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"

command -v mvn >/dev/null 2>&1 || { echo "quickstart: Maven (mvn) is required" >&2; exit 1; }
if [[ ! -f fuse-mount/target/smfs.jar ]]; then
  echo "quickstart: building (mvn -q -DskipTests package)..." >&2
  mvn -B -ntp -q -DskipTests package
fi
deploy/bin/smfs --version
deploy/bin/smfs --help
