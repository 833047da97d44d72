#!/usr/bin/env bash
# Local infrastructure for machines without a Docker engine:
#   Kafka 3.9 (KRaft, single node) assembled from Maven Central,
#   FerretDB v1 on SQLite built with `go install` (with our patches, ferretdb/patches),
#   Redis from apt.
# Installs are cached in $ROSTER_CACHE_DIR (shared by every clone on the machine);
# data, logs and pid files live in $ROSTER_INFRA_DIR (the ignored .infra/ folder of this clone).
#
# Usage: infra.sh up | down | status | install
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

INFRA_HOST=${INFRA_HOST:-127.0.0.1}
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
KAFKA_HEAP=${KAFKA_HEAP:-512m}
MONGO_PORT=${MONGO_PORT:-27017}
REDIS_PORT=${REDIS_PORT:-6379}
KAFKA_VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$HERE/kafka/pom.xml")
FERRETDB_VERSION=$(sed -n 's:^require github.com/FerretDB/FerretDB \(v[0-9.]*\).*:\1:p' "$HERE/ferretdb/go.mod")

CACHE=${ROSTER_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/roster}
STATE=${ROSTER_INFRA_DIR:-$ROOT/.infra}
KAFKA_LIB="$CACHE/kafka-$KAFKA_VERSION/lib"
# The launcher's own source and our patches are part of the cache key: a change rebuilds the binary.
FERRETDB_BUILD=$(cat "$HERE/ferretdb/main.go" "$HERE/ferretdb/go.mod" "$HERE/ferretdb/go.sum" "$HERE"/ferretdb/patches/*.patch | sha256sum | cut -c1-12)
FERRETDB_BIN="$CACHE/ferretdb-$FERRETDB_VERSION-$FERRETDB_BUILD/bin/ferretdb"

log() { printf '[infra] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

port_open() { (exec 3<>"/dev/tcp/$INFRA_HOST/$1") 2>/dev/null; }

wait_port() { # name port seconds logfile [pidfile]
  local deadline=$((SECONDS + $3))
  until port_open "$2"; do
    if ((SECONDS >= deadline)) || { [ -n "${5:-}" ] && ! pid_alive "$5"; }; then
      log "$1 did not open port $2 (waited $((SECONDS + $3 - deadline)) s of $3); last log lines:"
      tail -n 20 "$4" >&2 || true
      return 1
    fi
    sleep 0.2
  done
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# ---------- install (idempotent, cached) ----------

install_kafka() {
  if [ -f "$KAFKA_LIB/.complete" ]; then return; fi
  command -v java >/dev/null || die "java is required for Kafka (install a JDK 17+)"
  command -v mvn >/dev/null || die "mvn is required to assemble Kafka from Maven Central"
  log "assembling Kafka $KAFKA_VERSION from Maven Central into $KAFKA_LIB"
  rm -rf "$KAFKA_LIB" && mkdir -p "$KAFKA_LIB"
  mvn -q -B -f "$HERE/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIB"
  touch "$KAFKA_LIB/.complete"
}

install_ferretdb() {
  if [ -x "$FERRETDB_BIN" ]; then return; fi
  command -v go >/dev/null || die "go is required to build FerretDB"
  command -v patch >/dev/null || die "patch is required to build FerretDB"
  log "building FerretDB $FERRETDB_VERSION with go install into $(dirname "$FERRETDB_BIN")"
  local work; work=$(mktemp -d)
  # FerretDB's source from the Go module proxy, with our patches (deploy/local/ferretdb/patches),
  # built through the launcher module with a replace directive pointing at the patched copy.
  local src; src=$(cd "$HERE/ferretdb" && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$src" ] || die "could not download FerretDB $FERRETDB_VERSION from the Go module proxy"
  cp -r "$src" "$work/ferretdb-src" && chmod -R u+w "$work/ferretdb-src"
  for p in "$HERE"/ferretdb/patches/*.patch; do
    patch -s -p1 -d "$work/ferretdb-src" <"$p" || die "patch $(basename "$p") does not apply to FerretDB $FERRETDB_VERSION"
  done
  cp "$HERE"/ferretdb/main.go "$HERE"/ferretdb/go.mod "$HERE"/ferretdb/go.sum "$work/"
  mkdir -p "$(dirname "$FERRETDB_BIN")"
  (cd "$work" && go mod edit -replace "github.com/FerretDB/FerretDB=$work/ferretdb-src" \
    && GOBIN="$(dirname "$FERRETDB_BIN")" GOFLAGS=-mod=mod go install .) || die "FerretDB build failed"
  rm -rf "$work"
  [ -x "$FERRETDB_BIN" ] || die "FerretDB build produced no binary"
}

install_redis() {
  if command -v redis-server >/dev/null; then return; fi
  log "installing redis-server from apt"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
}

install_all() {
  # The three installs are independent; run them side by side on a cold machine.
  install_redis
  install_kafka &
  local kafka=$!
  install_ferretdb
  wait "$kafka"
}

# ---------- start ----------

start_kafka() {
  local dir="$STATE/kafka" pidf="$STATE/kafka.pid" logf="$STATE/logs/kafka.log"
  if pid_alive "$pidf" || port_open "$KAFKA_PORT"; then log "kafka already up on $INFRA_HOST:$KAFKA_PORT"; return; fi
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$INFRA_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$INFRA_HOST:$KAFKA_PORT,CONTROLLER://$INFRA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$INFRA_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=24
EOF
  cat >"$dir/log4j.properties" <<'EOF'
log4j.rootLogger=WARN, stdout
log4j.logger.kafka.server.KafkaRaftServer=INFO
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF
  local java_opts=(-Xms256m "-Xmx$KAFKA_HEAP" -XX:+UseG1GC -XX:TieredStopAtLevel=1 -Xshare:auto
    -Dlog4j.configuration="file:$dir/log4j.properties" -cp "$KAFKA_LIB/*")
  if [ ! -f "$dir/data/meta.properties" ]; then
    java "${java_opts[@]}" kafka.tools.StorageTool format -t "$(java -cp "$KAFKA_LIB/*" kafka.tools.StorageTool random-uuid 2>/dev/null)" \
      -c "$dir/server.properties" >>"$logf" 2>&1
  fi
  nohup java "${java_opts[@]}" kafka.Kafka "$dir/server.properties" >>"$logf" 2>&1 &
  echo $! >"$pidf"
  wait_port kafka "$KAFKA_PORT" 60 "$logf"
  log "kafka up on $INFRA_HOST:$KAFKA_PORT"
}

start_ferretdb() {
  local pidf="$STATE/ferretdb.pid" logf="$STATE/logs/ferretdb.log"
  if pid_alive "$pidf" || port_open "$MONGO_PORT"; then log "ferretdb already up on $INFRA_HOST:$MONGO_PORT"; return; fi
  mkdir -p "$STATE/ferretdb"
  # SQLite settings, for every connection (writes go one at a time through the launcher, so each
  # write's cost is waited for in turn):
  # - synchronous(normal): in WAL mode a commit no longer waits for an fsync (the database stays
  #   consistent; a power cut may lose the last commits);
  # - temp_store(memory): statement journals stay in memory instead of temporary files;
  # - cache_size(-65536): 64 MiB of page cache (2 MiB by default), so a large write's pages are not
  #   spilled to the WAL before its commit;
  # - mmap_size(4 GiB): reads map the database file instead of copying pages in with a system call;
  # - wal_autocheckpoint(10000): checkpoints every 40 MB of WAL rather than 4 MB, so a page written
  #   by many commits is copied back once.
  local pragmas="_pragma=synchronous(normal)&_pragma=temp_store(memory)&_pragma=cache_size(-65536)"
  pragmas+="&_pragma=mmap_size(4294967296)&_pragma=wal_autocheckpoint(10000)"
  nohup "$FERRETDB_BIN" -listen-addr "$INFRA_HOST:$MONGO_PORT" -sqlite-url "file:$STATE/ferretdb/?$pragmas" \
    -stall-timeout "${FERRETDB_STALL_TIMEOUT:-30s}" >>"$logf" 2>&1 &
  echo $! >"$pidf"
  # Opening a database whose index side tables predate this build rebuilds them before the port
  # opens: about 3 minutes per 100,000 contacts. A process that exits fails at once.
  wait_port ferretdb "$MONGO_PORT" "${FERRETDB_START_TIMEOUT:-7200}" "$logf" "$pidf"
  log "ferretdb up on $INFRA_HOST:$MONGO_PORT"
}

start_redis() {
  local pidf="$STATE/redis.pid" logf="$STATE/logs/redis.log"
  if pid_alive "$pidf" || port_open "$REDIS_PORT"; then log "redis already up on $INFRA_HOST:$REDIS_PORT"; return; fi
  mkdir -p "$STATE/redis"
  redis-server --bind "$INFRA_HOST" --port "$REDIS_PORT" --dir "$STATE/redis" \
    --maxmemory-policy noeviction --appendonly yes --save "" \
    --daemonize yes --pidfile "$pidf" --logfile "$logf"
  wait_port redis "$REDIS_PORT" 15 "$logf"
  log "redis up on $INFRA_HOST:$REDIS_PORT"
}

stop_one() { # name pidfile
  local pidf="$STATE/$2"
  if pid_alive "$pidf"; then
    local pid; pid=$(cat "$pidf")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    log "$1 stopped"
  fi
  rm -f "$pidf"
}

status_one() { # name port pidfile
  local state="down"
  port_open "$2" && state="up"
  local owner="external"; pid_alive "$STATE/$3" && owner="pid $(cat "$STATE/$3")"
  printf '%-9s %-5s %s:%s (%s)\n' "$1" "$state" "$INFRA_HOST" "$2" "$owner"
  [ "$state" = up ]
}

case "${1:-}" in
  install)
    install_all ;;
  up)
    mkdir -p "$STATE/logs"
    t0=$SECONDS
    install_all
    log "installs ready in $((SECONDS - t0)) s"
    start_redis
    start_ferretdb
    start_kafka
    log "infrastructure up in $((SECONDS - t0)) s (data and logs in $STATE)"
    ;;
  down)
    stop_one kafka kafka.pid
    stop_one ferretdb ferretdb.pid
    if pid_alive "$STATE/redis.pid"; then
      redis-cli -h "$INFRA_HOST" -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || stop_one redis redis.pid
      log "redis stopped"
    fi
    ;;
  status)
    ok=0
    status_one kafka "$KAFKA_PORT" kafka.pid || ok=1
    status_one ferretdb "$MONGO_PORT" ferretdb.pid || ok=1
    status_one redis "$REDIS_PORT" redis.pid || ok=1
    exit $ok
    ;;
  *)
    echo "usage: $0 up | down | status | install" >&2; exit 2 ;;
esac
