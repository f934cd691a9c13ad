#!/usr/bin/env bash
# Builds the SoulBox agent, starts it on 127.0.0.1, and drives it like a client would:
# runs a command and streams its output, uploads a file, lists a directory. Stops it after.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=envd-agent/target/soulbox-envd-agent.jar
echo "==> building (mvn -DskipTests package)"
mvn -B -ntp -q -Dstyle.color=never -DskipTests package -pl envd-agent -am

port=${SOULBOX_AGENT_PORT:-49983}
token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
workdir=$(mktemp -d)
log=$(mktemp)
echo "==> starting the agent on 127.0.0.1:$port (log: $log)"
MALLOC_ARENA_MAX=2 java $(cat envd-agent/jvm.options) -jar "$jar" --host 127.0.0.1 --port "$port" --access-token "$token" --workdir "$workdir" >"$log" 2>&1 &
agent=$!
trap 'kill $agent 2>/dev/null; wait $agent 2>/dev/null; rm -rf "$workdir" "$log"' EXIT

for _ in $(seq 1 100); do
  if grep -q "listening on" "$log"; then break; fi
  if ! kill -0 "$agent" 2>/dev/null; then cat "$log"; echo "the agent exited" >&2; exit 1; fi
  sleep 0.1
done
grep "listening on" "$log" | sed 's/^/    /'
echo
java -cp "$jar" scripts/demo/AgentDemo.java "127.0.0.1:$port" "$token" "$workdir"
