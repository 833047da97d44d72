#!/usr/bin/env bash
# npm start: installs what is missing, starts the infrastructure, the four services and the
# console, prints where each listens (and a console link signed in as an admin of a demo tenant),
# and stops them all on Ctrl-C.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

bash scripts/ensure-deps.sh
npm run --silent console:build
infra_was_up=false
bash deploy/local/infra.sh status >/dev/null 2>&1 && infra_was_up=true
bash deploy/local/infra.sh up

mkdir -p .infra/logs
if [ -z "${AUTH_JWT_SECRET:-}" ]; then
  [ -s .infra/dev-jwt-secret ] || node -e "console.log(require('crypto').randomBytes(32).toString('hex'))" > .infra/dev-jwt-secret
  AUTH_JWT_SECRET=$(cat .infra/dev-jwt-secret)
fi
host=${INFRA_HOST:-127.0.0.1}
export AUTH_JWT_SECRET
export MONGO_URL=${MONGO_URL:-mongodb://$host:${MONGO_PORT:-27017}}
export MONGO_DB=${MONGO_DB:-roster}
export KAFKA_BROKERS=${KAFKA_BROKERS:-$host:${KAFKA_PORT:-9092}}
export REDIS_URL=${REDIS_URL:-redis://$host:${REDIS_PORT:-6379}}
export NODE_ENV=${NODE_ENV:-development}

node -r @swc-node/register libs/messaging/src/provision.ts

declare -A ports=([contacts]=${CONTACTS_PORT:-3001} [imports]=${IMPORTS_PORT:-3002} [segmentation]=${SEGMENTATION_PORT:-3003} [dedupe]=${DEDUPE_PORT:-3004})
ports[console]=${CONSOLE_PORT:-3000}
services=(contacts imports segmentation dedupe console)
export IMPORTS_URL=${IMPORTS_URL:-http://127.0.0.1:${ports[imports]}}
export SEGMENTATION_URL=${SEGMENTATION_URL:-http://127.0.0.1:${ports[segmentation]}}
export DEDUPE_URL=${DEDUPE_URL:-http://127.0.0.1:${ports[dedupe]}}
export CONTACTS_URL=${CONTACTS_URL:-http://127.0.0.1:${ports[contacts]}}
pids=()

stop_all() {
  trap - INT TERM EXIT
  echo
  echo "[start] stopping services"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$infra_was_up" = false ]; then bash deploy/local/infra.sh down; fi
  exit 0
}
trap stop_all INT TERM EXIT

for svc in "${services[@]}"; do
  HTTP_PORT=${ports[$svc]} node -r @swc-node/register "services/$svc/src/main.ts" >>".infra/logs/$svc.log" 2>&1 &
  pids+=($!)
done

for i in "${!services[@]}"; do
  svc=${services[$i]}
  url="http://127.0.0.1:${ports[$svc]}"
  for _ in $(seq 1 120); do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      echo "[start] $svc exited; last log lines:" >&2
      tail -n 20 ".infra/logs/$svc.log" >&2
      exit 1
    fi
    curl -fs "$url/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fs "$url/health/ready" >/dev/null || { echo "[start] $svc did not become ready; see .infra/logs/$svc.log" >&2; exit 1; }
done

echo
echo "Roster is up (logs in .infra/logs, Ctrl-C stops everything):"
for svc in contacts imports segmentation dedupe; do
  printf '  %-13s http://127.0.0.1:%s   docs /docs   health /health/ready   metrics /metrics\n' "$svc" "${ports[$svc]}"
done
echo
echo "Console, signed in as an admin of the demo tenant (the link holds the session; share it with no one):"
echo "  http://127.0.0.1:${ports[console]}/contacts#token=$(node -r @swc-node/register scripts/token.ts --tenant demo --role admin --sub demo-admin --ttl 28800)"
echo "  other users:  npm run token -- --tenant demo --role agent|viewer, then open /contacts#token=<token>"
wait
