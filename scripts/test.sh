#!/usr/bin/env bash
# npm test: installs what is missing (Node packages; helm, promtool and kubernetes-validate for the
# offline deploy checks), type-checks, and runs every test. Jest's global setup
# brings up (or finds) Kafka, the MongoDB-compatible server and Redis.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-deps.sh
bash deploy/local/ops-tools.sh install
echo "[test] type-checking" >&2
npx tsc -p tsconfig.json --noEmit
exec npx jest "$@"
