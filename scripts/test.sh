#!/usr/bin/env bash
# Runs every test: unit tests of each module, then the integration tests against the built jars.
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B -ntp verify "$@"
