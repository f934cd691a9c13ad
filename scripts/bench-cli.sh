#!/usr/bin/env bash
# Measures the wall time of `soulbox` commands against a real orchestrator and prints a Markdown table.
# Usage: scripts/bench-cli.sh [RUNS]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-docker.sh
mvn -B -ntp -q -Dstyle.color=never -DskipTests package -pl benchmarks,client-sdk/cli -am
./sandbox-image/build.sh base
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -cp benchmarks/target/soulbox-benchmarks.jar dev.soulbox.bench.CliBenchmark \
  orchestrator/target/soulbox-orchestrator.jar bin/soulbox "${1:-20}"
