#!/usr/bin/env bash
# Runs every test: unit tests of each module, then the integration tests against the built jars,
# real processes and a real Docker engine. Makes sure the engine runs and the sandbox images are
# current first (building them takes a few minutes the first time, seconds after).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/ensure-docker.sh
echo "==> building the agent jar for the sandbox images"
mvn -B -ntp -q -Dstyle.color=never -DskipTests package -pl envd-agent -am
./sandbox-image/build.sh
./scripts/ensure-e2b-js.sh
echo "==> running the tests"
exec mvn -B -ntp verify "$@"
