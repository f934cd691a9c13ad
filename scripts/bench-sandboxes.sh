#!/usr/bin/env bash
# Measures sandboxes on the real Docker engine (create → first command, proxy vs docker exec,
# proxy overhead, memory of idle sandboxes) and prints a Markdown table.
# Usage: [BENCH_ONLY=cold,proxy,throughput,memory,pool] scripts/bench-sandboxes.sh [IDLE_SANDBOXES]   (default 50)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-docker.sh
mvn -B -ntp -q -Dstyle.color=never -DskipTests package -pl benchmarks -am
./sandbox-image/build.sh base
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
exec java ${BENCH_ONLY:+-Dbench.only=$BENCH_ONLY} -cp benchmarks/target/soulbox-benchmarks.jar dev.soulbox.bench.SandboxBenchmark \
  orchestrator/target/soulbox-orchestrator.jar "${1:-50}"
