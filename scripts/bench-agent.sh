#!/usr/bin/env bash
# Measures the agent (round trip, streaming, transfer, memory, start-up) and prints a Markdown table.
# The agent runs with the JVM options the sandbox images use (envd-agent/jvm.options).
# Usage: [BENCH_ONLY=startup,roundtrip,streaming,transfer,processes] scripts/bench-agent.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -Dstyle.color=never -DskipTests package -pl benchmarks -am
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2046 # the options are words
MALLOC_ARENA_MAX=2 exec java ${BENCH_ONLY:+-Dbench.only=$BENCH_ONLY} -cp benchmarks/target/soulbox-benchmarks.jar dev.soulbox.bench.AgentBenchmark \
  envd-agent/target/soulbox-envd-agent.jar $(cat envd-agent/jvm.options)
