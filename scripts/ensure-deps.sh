#!/usr/bin/env bash
# Installs the Node dependencies when they are missing or older than package-lock.json.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
marker=node_modules/.package-lock.json
if [ ! -f "$marker" ] || [ package-lock.json -nt "$marker" ]; then
  echo "[deps] installing Node dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
