#!/usr/bin/env bash
# npm start: installs what is missing, starts the infrastructure and the four services,
# prints where each listens, and stops them all on Ctrl-C.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

bash scripts/ensure-deps.sh
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
services=(contacts imports segmentation dedupe)
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
for svc in "${services[@]}"; do
  printf '  %-13s http://127.0.0.1:%s   docs /docs   health /health/ready   metrics /metrics\n' "$svc" "${ports[$svc]}"
done
echo "  a token:      npm run token -- --tenant acme --role admin"
wait
