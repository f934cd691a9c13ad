#!/usr/bin/env bash
# Makes sure a Docker engine answers `docker info`, installing and starting one when needed.
#
#   scripts/ensure-docker.sh
#
# Quiet and quick when the engine already runs. Otherwise: installs docker.io from Debian when
# it is missing (root only), starts it through systemd when systemd runs this machine, or starts
# dockerd in the background when it does not (containers, VMs without an init system). When
# dockerd refuses to start with its defaults, it is retried with the fallbacks that make it work
# inside a container: vfs storage when overlayfs is unavailable, no iptables rules when the
# kernel has no netfilter for it.
#
# Environment: SOULBOX_DOCKERD_LOG (default /var/log/soulbox-dockerd.log),
#              SOULBOX_DOCKERD_WAIT seconds to wait for an answer per attempt (default 30).
set -euo pipefail

log_file=${SOULBOX_DOCKERD_LOG:-/var/log/soulbox-dockerd.log}
wait_s=${SOULBOX_DOCKERD_WAIT:-30}

say() { echo "ensure-docker: $*" >&2; }
die() { say "$*"; exit 1; }

engine_answers() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
dockerd_running() { pgrep -x dockerd >/dev/null 2>&1; }
systemd_runs() { [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; }

# Waits up to $wait_s seconds for the engine; gives up early when dockerd ($1, optional) has died.
wait_for_engine() {
  local pid=${1:-} i
  for ((i = 0; i < wait_s * 4; i++)); do
    engine_answers && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null && ! dockerd_running; then return 1; fi
    sleep 0.25
  done
  return 1
}

if engine_answers; then exit 0; fi

# An engine that runs but refuses us is a permissions problem, not a missing engine.
if command -v docker >/dev/null 2>&1 && [[ $(docker info 2>&1) == *"permission denied"* ]]; then
  die "the Docker engine runs but $(id -un) may not use it: add the user to the 'docker' group (sudo usermod -aG docker $(id -un), then log in again) or run as root"
fi

if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
  is_root || die "Docker is not installed. Install it as root: sudo apt-get install -y docker.io (or run: sudo $0)"
  command -v apt-get >/dev/null 2>&1 || die "Docker is not installed and this is not a Debian-like system; install Docker, then run $0 again"
  say "installing docker.io from the Debian archive"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends docker.io iptables ca-certificates >/dev/null
  # on a systemd host the package has just started the service
  if wait_for_engine; then say "Docker installed and running"; exit 0; fi
fi

is_root || die "the Docker engine is not running; start it as root: sudo systemctl start docker (or: sudo $0)"

if systemd_runs && systemctl cat docker.service >/dev/null 2>&1; then
  systemctl start docker.service || die "systemctl start docker failed; see: journalctl -u docker.service -n 50"
  wait_for_engine || die "docker.service started but the engine does not answer after ${wait_s}s; see: journalctl -u docker.service -n 50"
  say "started docker.service"
  exit 0
fi

# Another dockerd may be starting up right now (or a previous run of this script left one).
if dockerd_running; then
  wait_for_engine && exit 0
  die "a dockerd process runs but the engine does not answer after ${wait_s}s; see $log_file"
fi

# No systemd: run dockerd ourselves. A pid file left by an engine that died would block it.
if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid 2>/dev/null)" 2>/dev/null; then
  rm -f /var/run/docker.pid
fi
mkdir -p "$(dirname "$log_file")"

start_dockerd() {
  local pid
  # setsid + nohup: the engine must outlive this shell and the terminal that started it
  nohup setsid dockerd "$@" >>"$log_file" 2>&1 </dev/null &
  pid=$!
  if wait_for_engine "$pid"; then return 0; fi
  kill "$pid" "$(cat /var/run/docker.pid 2>/dev/null)" 2>/dev/null || true
  # let it release the socket and pid file before the next attempt
  for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  rm -f /var/run/docker.pid
  return 1
}

# Lines this script wrote since the given byte offset of the log: the output of the last attempt.
log_since() { tail -c +"$(($1 + 1))" "$log_file" 2>/dev/null || true; }

flags=()
for attempt in 1 2 3; do
  echo "=== $(date -u +%FT%TZ) dockerd ${flags[*]}" >>"$log_file"
  offset=$(stat -c %s "$log_file")
  if start_dockerd "${flags[@]}"; then
    say "started dockerd${flags[*]:+ with ${flags[*]}} (log: $log_file)"
    exit 0
  fi
  out=$(log_since "$offset")
  added=0
  # Inside a container overlayfs on overlayfs is often refused: vfs is slow on disk but always works.
  if [[ ! " ${flags[*]} " =~ " --storage-driver=vfs " ]] \
     && grep -qiE 'overlay|storage.driver|graphdriver|driver not supported' <<<"$out"; then
    flags+=(--storage-driver=vfs); added=1
  fi
  # Without netfilter (or without the right iptables backend) the bridge cannot be set up with NAT
  # rules; ports published on 127.0.0.1 still work through docker-proxy.
  if [[ ! " ${flags[*]} " =~ " --iptables=false " ]] \
     && grep -qiE 'iptables|nat chain|network controller' <<<"$out"; then
    flags+=(--iptables=false); added=1
  fi
  [ "$added" -eq 1 ] || break
  say "dockerd did not start (attempt $attempt); retrying with ${flags[*]}"
done
die "dockerd did not start; last lines of $log_file: $(tail -n 5 "$log_file" | tr '\n' ' ')"
