#!/usr/bin/env bash
# npm test: installs what is missing (Node packages; helm, promtool and kubernetes-validate for the
# offline deploy checks; Debian's Chromium for the console's browser tests), type-checks, builds
# the console's web app, and runs every test. Jest's global setup
# brings up (or finds) Kafka, the MongoDB-compatible server and Redis.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-deps.sh
bash deploy/local/ops-tools.sh install
bash scripts/ensure-browser.sh
echo "[test] type-checking" >&2
npx tsc -p tsconfig.json --noEmit
npx tsc -p services/console/web/tsconfig.json
exec npx jest "$@"
