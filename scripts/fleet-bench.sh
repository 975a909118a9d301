#!/usr/bin/env bash
# The province benchmark: INSTANCES centre instances behind HAProxy on a fresh PostgreSQL cluster, then
# `./kiosk bench centre` with KIOSKS simulated kiosks for MINUTES, documents of KB, APPS applications a kiosk,
# with the plain JDBC baseline. Needs root (PostgreSQL runs as postgres) and the packages of
# scripts/packages/test-*.txt; the kiosk is built first (./kiosk --version).
# Usage: scripts/fleet-bench.sh INSTANCES KIOSKS MINUTES KB APPS     e.g. scripts/fleet-bench.sh 2 2000 2 1024 1
set -euo pipefail
[ $# -eq 5 ] || { sed -n '2,6p' "$0" >&2; exit 2; }
INST=$1 K=$2 M=$3 KB=$4 A=$5
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
cd "$ROOT"
./kiosk --version >/dev/null
W=/tmp/fleet-bench-$INST; rm -rf "$W"; mkdir -p "$W"; chown postgres "$W"
B=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
runuser -u postgres -- "$B/initdb" -D "$W/data" -U kiosk -A trust -E UTF8 --no-locale >/dev/null
runuser -u postgres -- "$B/pg_ctl" -D "$W/data" -l "$W/pg.log" -w \
  -o "-p 25432 -k $W -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=512MB" start >/dev/null
DB="jdbc:postgresql://127.0.0.1:25432/postgres?user=kiosk"
APP=kiosk-app/target
J=(java -Xmx1g -Dfile.encoding=UTF-8 -cp "$APP/kiosk-app.jar:$APP/lib/*" org.openkiosk.app.cli.Main)
PIDS=""
cleanup() {
  bash scripts/centre-cluster.sh stop --dir "$W/hx" >/dev/null 2>&1 || true
  for p in ${PIDS//,/ }; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  runuser -u postgres -- "$B/pg_ctl" -D "$W/data" -m fast -w stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
health() { until curl -fs -o /dev/null "http://127.0.0.1:$1/api/v1/health"; do sleep 0.3; done; }
# migrate the schema once, before the instances race for it
timeout 60 "${J[@]}" centre --port 25500 --db "$DB" >"$W/migrate.log" 2>&1 & MP=$!
health 25500; kill "$MP"; wait "$MP" 2>/dev/null || true
BACK=""
for i in $(seq 1 "$INST"); do
  "${J[@]}" centre --port $((25500+i)) --db "$DB" --trusted-proxy 127.0.0.1 >"$W/centre-$i.log" 2>&1 &
  PIDS="$PIDS${PIDS:+,}$!"; BACK="$BACK${BACK:+,}127.0.0.1:$((25500+i))"
done
for i in $(seq 1 "$INST"); do health $((25500+i)); done
bash scripts/centre-cluster.sh start --dir "$W/hx" --port 25500 --backends "$BACK"
"${J[@]}" bench centre --centre http://127.0.0.1:25500 --db "$DB" --kiosks "$K" --minutes "$M" --document-kb "$KB" \
  --applications-per-kiosk "$A" --baseline --centre-pid "$PIDS" 2>"$W/bench.err" | tee "$W/bench.out"
