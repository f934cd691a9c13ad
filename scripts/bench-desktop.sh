#!/usr/bin/env bash
# The desktop template for computer use: create to desktop ready, then screenshot, click, mouse
# move and key latency through SoulBox's Java SDK and E2B's desktop SDK. Prints Markdown tables.
#   scripts/bench-desktop.sh [CREATES]    (default 10 sequential creates)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-docker.sh
mvn -B -ntp -q -Dstyle.color=never -DskipTests package -pl benchmarks -am
./sandbox-image/build.sh desktop
./scripts/ensure-e2b-js.sh
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -cp benchmarks/target/soulbox-benchmarks.jar dev.soulbox.bench.DesktopBenchmark \
  orchestrator/target/soulbox-orchestrator.jar integration-tests/e2b-js "${1:-10}"
