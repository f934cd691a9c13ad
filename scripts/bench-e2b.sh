#!/usr/bin/env bash
# E2B's JavaScript SDK against SoulBox's Java SDK on one orchestrator, side by side:
# commands.run('true') round trips and a 100 MB file written and read back. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-docker.sh
mvn -B -ntp -q -Dstyle.color=never -DskipTests package -pl benchmarks -am
./sandbox-image/build.sh base
./scripts/ensure-e2b-js.sh
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -cp benchmarks/target/soulbox-benchmarks.jar dev.soulbox.bench.E2bBenchmark \
  orchestrator/target/soulbox-orchestrator.jar integration-tests/e2b-js
