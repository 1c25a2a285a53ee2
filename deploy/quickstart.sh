#!/usr/bin/env bash
# The README's main job: build SMFS and run a primary and a mirror on this machine, under ./smfs-demo/.
#
#   deploy/quickstart.sh          start: mirror, WAN emulator (25 ms, 0.5% loss), network-sync mount,
#                                 sample files, `smfs status`, where the metrics are
#   deploy/quickstart.sh stop     unmount and stop everything the start launched (data is kept)
#   deploy/quickstart.sh status   `smfs status` of the primary and the mirror
#
# The pieces are used as far as this build has them: without a mirror server the mount is local-sync
# only; without FUSE (or a mount command) it prints the command line instead. Each fallback is named.
# Ports: QS_PORT_BASE (default 17000): mirror +0, WAN emulator +1, primary metrics +101, mirror +102.
# QS_DEMO puts the demo somewhere else than ./smfs-demo/ (an absolute path). QS_BUILD=never uses the
# jar as built (by default a missing or older jar is rebuilt first).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"

demo=${QS_DEMO:-"$root/smfs-demo"}
base=${QS_PORT_BASE:-17000}
mirror_addr="127.0.0.1:$base"
wan_addr="127.0.0.1:$((base + 1))"
primary_metrics="127.0.0.1:$((base + 101))"
mirror_metrics="127.0.0.1:$((base + 102))"
smfs="$root/deploy/bin/smfs"

say() { echo "quickstart: $*" >&2; }
die() { say "$*"; exit 1; }

# ---- helpers ---------------------------------------------------------------------------------

# A process we started is recorded in $demo/run/NAME.pid; stop kills exactly those pids.
start_bg() { # NAME COMMAND...
  local name=$1
  shift
  "$@" >"$demo/logs/$name.log" 2>&1 &
  echo $! >"$demo/run/$name.pid"
}

alive() { # NAME
  local pid
  [[ -f "$demo/run/$1.pid" ]] && pid=$(cat "$demo/run/$1.pid") && kill -0 "$pid" 2>/dev/null
}

# Waits (at most 10 s) until CHECK succeeds; fails as soon as NAME has died.
wait_up() { # NAME CHECK_COMMAND...
  local name=$1
  shift
  for _ in $(seq 1 100); do
    if ! alive "$name"; then return 1; fi
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  alive "$name"
}

mirror_ready() { # the mirror says it listens, or serves metrics
  grep -q "listening" "$demo/logs/mirror.log" 2>/dev/null || (exec 3<>"/dev/tcp/${mirror_metrics%:*}/${mirror_metrics##*:}") 2>/dev/null
}

stop_pid() { # NAME
  local f="$demo/run/$1.pid" pid
  [[ -f "$f" ]] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { say "$1 (pid $pid) did not stop on TERM; sending KILL"; kill -KILL "$pid" 2>/dev/null || true; }
  fi
  rm -f "$f"
}

is_mounted() { grep -qs " $demo/mnt " /proc/mounts; }

need_fuse() {
  local missing=()
  command -v fusermount >/dev/null 2>&1 || missing+=(fuse)
  ldconfig -p 2>/dev/null | grep -q 'libfuse.so.2' || missing+=(libfuse2)
  ((${#missing[@]})) || return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 -qq update >/dev/null || say "apt-get update failed; trying the install anyway"
    apt-get -o DPkg::Lock::Timeout=600 -qq install -y "${missing[@]}" >/dev/null || { say "could not install ${missing[*]}"; return 1; }
  else
    say "FUSE is missing (${missing[*]}); install it (sudo apt-get install -y ${missing[*]}) for the mount"
    return 1
  fi
}

build() {
  local jar=fuse-mount/target/smfs.jar
  if [[ ${QS_BUILD:-auto} == never ]]; then
    [[ -f "$jar" ]] || die "QS_BUILD=never, but $jar is not built"
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is required"
  if [[ ! -f "$jar" ]] ||
    [[ -n "$(find . -path ./smfs-demo -prune -o \( -name '*.java' -o -name pom.xml -o -name '*.xml' -path '*/src/main/*' \) -newer "$jar" -print -quit)" ]]; then
    say "building (mvn -q -DskipTests package)..."
    mvn -B -ntp -q -DskipTests package
  fi
}

# ---- commands --------------------------------------------------------------------------------

do_status() {
  [[ -d "$demo/primary-data" ]] && { echo "== primary ($demo/primary-data)"; "$smfs" status --data "$demo/primary-data" || true; }
  [[ -f "$demo/run/mirror.pid" || -f "$demo/mirror-data/status.json" ]] && { echo "== mirror ($demo/mirror-data)"; "$smfs" status --data "$demo/mirror-data" || true; }
  return 0
}

do_stop() {
  [[ -d "$demo" ]] || { say "nothing to stop ($demo does not exist)"; return 0; }
  if is_mounted; then
    say "unmounting $demo/mnt"
    "$smfs" umount "$demo/mnt" || fusermount -u "$demo/mnt" || say "could not unmount $demo/mnt"
  fi
  stop_pid mount
  stop_pid wan-emu
  stop_pid mirror
  say "stopped; data kept in $demo (rm -rf $demo to start afresh)"
}

do_start() {
  build
  "$smfs" --version
  if [[ -d "$demo/run" ]] && ls "$demo"/run/*.pid >/dev/null 2>&1; then
    die "a demo is already running; run '$0 stop' first"
  fi
  mkdir -p "$demo"/{mirror-data,primary-data,mnt,logs,run}

  # 0. A pre-shared AES-256-GCM key for the link, readable by its owner only.
  if [[ ! -f "$demo/link.key" ]]; then
    (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$demo/link.key" && echo >>"$demo/link.key")
  fi

  # 1. Mirror server (without --metrics when this build's mirror does not serve them yet).
  local have_mirror=0 mirror_metrics_on=1
  start_bg mirror "$smfs" mirror --key "$demo/link.key" --data "$demo/mirror-data" --listen "$mirror_addr" --metrics "$mirror_metrics"
  if ! wait_up mirror mirror_ready && grep -q -- "--metrics" "$demo/logs/mirror.log" 2>/dev/null; then
    say "note: this build's mirror has no --metrics yet ($(head -1 "$demo/logs/mirror.log")); starting it without"
    mirror_metrics_on=0
    start_bg mirror "$smfs" mirror --key "$demo/link.key" --data "$demo/mirror-data" --listen "$mirror_addr"
    wait_up mirror mirror_ready || true
  fi
  if alive mirror; then
    have_mirror=1
    say "mirror listening on $mirror_addr$( ((mirror_metrics_on)) && echo " (metrics http://$mirror_metrics/metrics)")"
  else
    rm -f "$demo/run/mirror.pid"
    say "fallback: no mirror server ($(head -1 "$demo/logs/mirror.log" 2>/dev/null)); the mount will be local-sync only"
  fi

  # 2. WAN emulator between primary and mirror: 25 ms each way, 0.5% Bernoulli loss, seeded.
  local target=""
  if ((have_mirror)); then
    start_bg wan-emu "$smfs" wan-emu --listen "$wan_addr" --forward "$mirror_addr" --delay-ms 25 --loss 0.005 --seed 1
    sleep 1 # a relay has nothing to announce; alive after a second means it bound its port
    if alive wan-emu; then
      target=$wan_addr
      say "WAN emulator $wan_addr -> $mirror_addr (25 ms, 0.5% loss)"
    else
      rm -f "$demo/run/wan-emu.pid"
      target=$mirror_addr
      say "fallback: no WAN emulator ($(head -1 "$demo/logs/wan-emu.log" 2>/dev/null)); mounting straight to the mirror"
    fi
  fi

  # 3. Primary mount, run in the foreground of a background job; the richest variant this build
  #    accepts wins: network-sync with metrics, network-sync, local-sync.
  local mounted=0 mode=""
  if need_fuse; then
    local variants=()
    if [[ -n "$target" ]]; then
      variants+=("--mirror $target --key $demo/link.key --safety network-sync --rate-mbit 200 --metrics $primary_metrics")
    fi
    variants+=("--metrics $primary_metrics" "")
    local v
    for v in "${variants[@]}"; do
      # shellcheck disable=SC2086 # the variant is a list of words
      start_bg mount "$smfs" mount "$demo/mnt" --data "$demo/primary-data" --foreground $v
      if wait_up mount is_mounted; then
        mounted=1
        mode=${v:-"local-sync, no metrics"}
        break
      fi
      say "note: 'smfs mount ... $v' did not come up: $(head -1 "$demo/logs/mount.log" 2>/dev/null)"
      stop_pid mount
      is_mounted && fusermount -u "$demo/mnt" 2>/dev/null || true
    done
    ((mounted)) && say "mounted $demo/mnt ($mode)"
  fi

  if ((!mounted)); then
    say "no mount in this build/environment; here is the command line instead"
    "$smfs" --help
    local running=() f
    for f in "$demo"/run/*.pid; do
      [[ -e "$f" ]] && running+=("$(basename "$f" .pid) (pid $(cat "$f"))")
    done
    if ((${#running[@]})); then
      say "still running: ${running[*]}; logs in $demo/logs/; stop with '$0 stop'"
    fi
    return 0
  fi

  # 4. Sample files.
  mkdir -p "$demo/mnt/docs"
  echo "hello from SMFS $(date -u +%FT%TZ)" >"$demo/mnt/hello.txt"
  for i in $(seq 1 100); do echo "line $i of a small text file written through FUSE"; done >"$demo/mnt/docs/notes.txt"
  head -c 4194304 /dev/urandom >"$demo/mnt/random-4MiB.bin"
  sync "$demo/mnt/random-4MiB.bin" 2>/dev/null || sync
  say "wrote hello.txt, docs/notes.txt and random-4MiB.bin"
  ls -l "$demo/mnt"

  # 5. Status and metrics.
  sleep 1.5 # the daemons rewrite status.json every second
  do_status
  echo
  echo "SMFS demo running under $demo"
  echo "  mount:            $demo/mnt ($mode)"
  if [[ $mode == *--metrics* ]]; then
    echo "  primary metrics:  http://$primary_metrics/metrics   (smfs status --metrics $primary_metrics)"
  fi
  if ((have_mirror && mirror_metrics_on)); then
    echo "  mirror metrics:   http://$mirror_metrics/metrics   (smfs status --metrics $mirror_metrics)"
  fi
  echo "  logs:             $demo/logs/"
  echo "  Prometheus:       deploy/prometheus/prometheus.yml (scrapes 9101/9102: run with QS_PORT_BASE=9000 to match)"
  echo "  stop:             $0 stop"
}

case "${1:-start}" in
  start)
    trap 'say "start failed (line $LINENO); run \"$0 stop\" to tear down what did start"' ERR
    do_start
    ;;
  stop) do_stop ;;
  status) do_status ;;
  -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$1' (start | stop | status)" ;;
esac
