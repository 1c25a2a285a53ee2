#!/usr/bin/env bash
# Runs every SMFS test (unit tests with Surefire, integration tests with Failsafe) on a fresh Debian
# machine with JDK 17 and Maven. Installs the FUSE user-space tools the integration tests need when
# they are missing (as root, through apt-get); otherwise says what to install.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

need_pkgs=()
command -v fusermount >/dev/null 2>&1 || need_pkgs+=(fuse)
ldconfig -p 2>/dev/null | grep -q 'libfuse.so.2' || need_pkgs+=(libfuse2)
for tool in rsync git sqlite3; do
  command -v "$tool" >/dev/null 2>&1 || need_pkgs+=("$tool")
done
command -v setfattr >/dev/null 2>&1 || need_pkgs+=(attr)
if ((${#need_pkgs[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "run-tests: installing ${need_pkgs[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    # Wait for another package manager run instead of failing on the dpkg lock.
    apt_opts=(-o DPkg::Lock::Timeout=600 -qq)
    apt-get "${apt_opts[@]}" update >/dev/null ||
      echo "run-tests: apt-get update failed; trying the install with the lists we have" >&2
    if ! apt-get "${apt_opts[@]}" install -y "${need_pkgs[@]}" >/dev/null; then
      echo "run-tests: could not install ${need_pkgs[*]} with apt-get; install them and run again" >&2
      exit 1
    fi
  else
    echo "run-tests: missing ${need_pkgs[*]}; install them (e.g. 'sudo apt-get install -y ${need_pkgs[*]}') and run again" >&2
    exit 1
  fi
fi

# Socket buffer ceilings: the transport tests push bursts at loopback sockets, and under the
# kernel's default 208 KiB ceiling the kernel drops datagrams that tests count (observed loss,
# hostile datagrams). SMFS's own setting, deploy/sysctl/90-smfs.conf, is 32 MiB; raise to it (root).
want=33554432
for limit in rmem_max wmem_max; do
  cur=$(cat "/proc/sys/net/core/$limit" 2>/dev/null || echo 0)
  if ((cur < want)); then
    if [[ $(id -u) -eq 0 ]] && echo "$want" >"/proc/sys/net/core/$limit" 2>/dev/null; then
      echo "run-tests: net.core.$limit $cur -> $want (deploy/sysctl/90-smfs.conf)" >&2
    else
      echo "run-tests: net.core.$limit is $cur, below $want, and cannot be raised here; transport" \
        "tests that count datagrams may fail (sysctl -w net.core.$limit=$want)" >&2
    fi
  fi
done

command -v mvn >/dev/null 2>&1 || { echo "run-tests: Maven (mvn) is required" >&2; exit 1; }
exec mvn -B -ntp verify "$@"
