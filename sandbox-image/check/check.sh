#!/usr/bin/env bash
# Checks the built templates the way the orchestrator will run them, and prints timings.
#
#   sandbox-image/check/check.sh [base|desktop|all]
#
# For each template: starts a container hardened like a sandbox (no-new-privileges, only the
# capabilities the agent needs, pids/memory/CPU limits, ports on 127.0.0.1), times `docker run`
# to the agent answering gRPC health, runs processes through the agent as `user` and as root,
# checks tini is PID 1 and reaps orphans, kills the agent and times its return. For desktop
# also: Xvfb, the XFCE session and SoulBox's VNC server run as `user`, port 5910 speaks RFB, a
# terminal opens on :0, the browser serves DevTools on 9222.
# Needs a JDK (javac) and the agent jar; every container it starts is removed at exit.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
jar=${SOULBOX_AGENT_JAR:-$repo/envd-agent/target/soulbox-envd-agent.jar}
target=${1:-all}
token=check-$$

# What the orchestrator grants a sandbox: Docker's default seccomp profile, and of the default
# capabilities only those the root agent needs to start processes as other users and manage
# their files and signals.
hardening=(
  --security-opt no-new-privileges
  --cap-drop ALL
  --cap-add CHOWN --cap-add DAC_OVERRIDE --cap-add FOWNER --cap-add KILL --cap-add SETGID --cap-add SETUID
  --pids-limit 512 --memory 1g --cpus 1
)

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "  ok   $*"; }

[ -f "$jar" ] || fail "agent jar $jar not found; build it with: mvn -B -ntp -DskipTests package -pl envd-agent -am"
command -v javac >/dev/null 2>&1 || fail "javac not found; the probe needs a JDK"
docker info >/dev/null 2>&1 || fail "no Docker engine answers; run scripts/ensure-docker.sh"

work=$(mktemp -d)
containers=()
cleanup() {
  [ ${#containers[@]} -eq 0 ] || docker rm -f "${containers[@]}" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

javac -d "$work" -cp "$jar" "$here/AgentProbe.java"
probe() { java -cp "$work:$jar" AgentProbe "$@"; }
as() { local user=$1; shift; probe run "$port" "$token" "$user" "$@"; }
now_ms() { date +%s%3N; }

check_template() {
  local image=soulbox/$1:latest out id
  docker image inspect "$image" >/dev/null 2>&1 || fail "$image is not built; run sandbox-image/build.sh"
  echo "$image"

  out=$(probe start docker run -d --rm -p 127.0.0.1::49983 -p 127.0.0.1::5910 \
    -e SOULBOX_ACCESS_TOKEN="$token" "${hardening[@]}" "$image") || fail "agent of $image did not answer"
  read -r id port _ answered <<<"$out"
  containers+=("$id")
  ok "docker run to agent answering gRPC health: ${answered#answered-ms=} ms (port $port)"

  [ "$(as user id -un)" = user ] || fail "process did not run as user"
  [ "$(as root id -un)" = root ] || fail "process did not run as root"
  [ "$(as user sh -c 'grep NoNewPrivs /proc/self/status')" = "NoNewPrivs:	1" ] || fail "no-new-privileges not in effect"
  ok "agent starts processes as user and as root, with no-new-privileges"
  out=$(as user sh -c 'env; cat /proc/1/environ /run/soulbox/agent-env/* 2>/dev/null; true')
  [[ $out != *"$token"* ]] || fail "the access token is visible to user"

  ok "the access token is not visible to user"

  [ "$(docker exec "$id" ps -o comm= -p 1)" = tini ] || fail "PID 1 is not tini"
  # an orphan (the backgrounded sleep) is reparented to PID 1, which must reap it
  docker exec "$id" sh -c '(sleep 0.2 &) ; true'
  sleep 1
  [ -z "$(docker exec "$id" ps -eo stat= | grep '^Z' || true)" ] || fail "zombie processes left"
  ok "tini is PID 1 and reaps orphans"

  local listening t0 t1
  listening=$(docker logs "$id" 2>&1 | grep -c ' listening on ')
  t0=$(now_ms)
  docker exec "$id" pkill -9 -f soulbox-envd-agent
  until [ "$(docker logs "$id" 2>&1 | grep -c ' listening on ')" -gt "$listening" ]; do
    [ $(($(now_ms) - t0)) -lt 15000 ] || fail "the agent did not come back within 15s of being killed"
    sleep 0.05
  done
  t1=$(now_ms)
  probe wait "$port" "$t0" 10 >/dev/null || fail "the restarted agent does not answer"
  ok "killed with SIGKILL, the agent listens again after $((t1 - t0)) ms"

  if [ "$1" = desktop ]; then
    local svc
    for svc in Xvfb xfce4-session xfwm4 xfdesktop soulbox-vnc; do
      for _ in $(seq 50); do docker exec "$id" pgrep -x "$svc" >/dev/null && break; sleep 0.2; done
      [ "$(docker exec "$id" ps -o user= -C "$svc" | tr -d ' ')" = user ] || fail "$svc does not run as user"
    done
    ok "Xvfb, xfce4-session, xfwm4, xfdesktop and soulbox-vnc run as user"
    local vnc banner
    vnc=$(docker port "$id" 5910 | sed -n 1p)
    # x11vnc may still be waiting for the display; retry for a few seconds
    for _ in $(seq 50); do
      banner=$(timeout 2 bash -c "exec 3<>/dev/tcp/${vnc%:*}/${vnc##*:} && head -c 12 <&3" 2>/dev/null || true)
      [[ $banner == RFB* ]] && break
      sleep 0.2
    done
    [[ $banner == RFB* ]] || fail "port 5910 does not speak VNC (got '$banner')"
    ok "the VNC server answers on 5910 ($banner, published on $vnc)"
    as user sh -c 'setsid xfce4-terminal </dev/null >/dev/null 2>&1 & sleep 3; xwininfo -root -tree | grep -qi terminal' \
      || fail "xfce4-terminal did not open a window on :0"
    ok "a terminal started through the agent opens a window on :0"
    as user sh -c 'xdg-open http://127.0.0.1:9/; for i in $(seq 100); do curl -sf http://127.0.0.1:9222/json/version >/dev/null && exit 0; sleep 0.1; done; exit 1' \
      || fail "xdg-open did not start a browser serving DevTools on 127.0.0.1:9222"
    ok "xdg-open starts Chromium, which serves DevTools on 127.0.0.1:9222"
  fi

  t0=$(now_ms)
  docker stop "$id" >/dev/null
  ok "docker stop took $(($(now_ms) - t0)) ms"
}

case $target in
  base) check_template base ;;
  desktop) check_template desktop ;;
  all) check_template base; check_template desktop ;;
  *) fail "unknown template '$target' (base, desktop or all)" ;;
esac
echo "all checks passed"
