#!/usr/bin/env bash
# Installs the Node dependencies when they are missing or older than package-lock.json.
# `npm install --no-save` installs the locked versions; `npm ci` would refuse this lockfile because
# npm records only the host platform's optional native binaries (npm/cli#4828).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
marker=node_modules/.package-lock.json
if [ ! -f "$marker" ] || [ package-lock.json -nt "$marker" ]; then
  echo "[deps] installing Node dependencies" >&2
  npm install --no-save --no-audit --no-fund --prefer-offline --loglevel=error >&2
fi
