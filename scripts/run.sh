#!/usr/bin/env bash
# Sets SoulBox up on this machine and runs it: builds it, makes sure a Docker engine runs,
# builds the sandbox images if needed, starts the orchestrator, creates a sandbox with a desktop,
# runs a command in it, and prints how to reach the desktop. The orchestrator then keeps running
# in the foreground until Ctrl-C; its sandboxes run on until their timeout.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v java >/dev/null && command -v mvn >/dev/null || {
  echo "SoulBox needs Java 17 and Maven: apt-get install openjdk-17-jdk-headless maven" >&2
  exit 1
}
echo "==> building SoulBox"
mvn -B -ntp -q -Dstyle.color=never -DskipTests package
./scripts/ensure-docker.sh
./sandbox-image/build.sh

grpc_port=${SOULBOX_GRPC_PORT:-7070}
http_port=${SOULBOX_HTTP_PORT:-7080}
log=${SOULBOX_LOG:-/tmp/soulbox-orchestrator.log}
firewall=()
if [ "$(id -u)" -ne 0 ]; then
  # the host firewall rules that keep sandboxes away from this machine's services need root
  echo "==> not root: sandboxes will not reach each other, but can reach this host's services (see docs/security.md)"
  firewall=(--no-firewall)
fi
echo "==> starting the orchestrator on 127.0.0.1:$grpc_port (gRPC) and :$http_port (HTTP); log: $log"
bin/soulbox server --grpc-port "$grpc_port" --http-port "$http_port" "${firewall[@]}" >"$log" 2>&1 &
orchestrator=$!
trap 'kill $orchestrator 2>/dev/null; wait $orchestrator 2>/dev/null' EXIT INT TERM
for _ in $(seq 1 300); do
  grep -q "SoulBox orchestrator listening" "$log" && break
  kill -0 "$orchestrator" 2>/dev/null || { cat "$log" >&2; echo "the orchestrator exited" >&2; exit 1; }
  sleep 0.1
done
grep -E "listening|API key" "$log" | sed 's/^[0-9:.]* *INFO *[A-Za-z]* - /    /'
export SOULBOX_ENDPOINT=127.0.0.1:$grpc_port
export SOULBOX_API_KEY=${SOULBOX_API_KEY:-$(cat "${XDG_CONFIG_HOME:-$HOME/.config}/soulbox/api-key")}

echo "==> creating a sandbox with a desktop"
id=$(bin/soulbox sandbox create --template desktop --vnc --timeout 1h --metadata created-by=run.sh)
echo "==> running a command in it"
bin/soulbox exec "$id" -- bash -c 'echo "hello from $(whoami)@$(hostname) in $(pwd)"; uname -sr; python3 --version'
echo
echo "its desktop, in a browser:    $(bin/soulbox sandbox vnc "$id")"
echo "a shell in it:                bin/soulbox sandbox connect $id   (with SOULBOX_ENDPOINT=$SOULBOX_ENDPOINT)"
echo "its port 8000, once served:   $(bin/soulbox sandbox expose "$id" 8000)"
echo
echo "The orchestrator keeps running; press Ctrl-C to stop it (sandboxes end at their timeout)."
wait "$orchestrator"
