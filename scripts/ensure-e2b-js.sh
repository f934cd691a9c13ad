#!/usr/bin/env bash
# Installs E2B's JavaScript SDKs (integration-tests/e2b-js) from their committed package-lock,
# again only when the lock changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/../integration-tests/e2b-js"
if ! cmp -s package-lock.json node_modules/.soulbox-installed-lock; then
  echo "==> installing E2B's JavaScript SDKs (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.soulbox-installed-lock
fi
