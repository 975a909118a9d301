#!/usr/bin/env bash
# Several service centre instances behind HAProxy (Debian package haproxy), all on one PostgreSQL: any instance
# answers any request, HAProxy checks each one's GET /api/v1/health every second and sends nothing to one that
# fails twice (a killed instance is out within about 2 s, back 2 s after it answers again).
#
#   scripts/centre-cluster.sh start --dir DIR --port P --db JDBC-URL --instances N [--first-port Q] [--host ADDR]
#       starts N `./kiosk centre --db JDBC-URL --trusted-proxy 127.0.0.1` on ports Q, Q+1, ... (default P+1) and
#       HAProxy on ADDR:P (default 127.0.0.1); pids in DIR/centre-I.pid and DIR/haproxy.pid, logs in DIR
#   scripts/centre-cluster.sh start --dir DIR --port P --backends HOST:PORT[,HOST:PORT...] [--host ADDR]
#       only HAProxy, in front of instances already running (started with --trusted-proxy naming this machine)
#   scripts/centre-cluster.sh stop --dir DIR
#       stops HAProxy and the instances this script started
#
# The kiosks' URL is then http://ADDR:P. HAProxy adds X-Forwarded-For, so the instances see each kiosk's own address
# (for the per-address limits) when they trust the proxy's address (--trusted-proxy). Put TLS in front as the README's
# deployment guide says (HAProxy can terminate it: `bind :443 ssl crt FILE` and `--behind-tls` on the instances).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
HAPROXY="${HAPROXY:-$(command -v haproxy || echo /usr/sbin/haproxy)}"

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

cmd="${1:-}"; shift || true
dir="" port="" db="" instances="" first="" host="127.0.0.1" backends=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --db) db="$2"; shift 2 ;;
    --instances) instances="$2"; shift 2 ;;
    --first-port) first="$2"; shift 2 ;;
    --host) host="$2"; shift 2 ;;
    --backends) backends="$2"; shift 2 ;;
    *) usage ;;
  esac
done
[ -n "$dir" ] || usage

wait_health() { # URL SECONDS
  local end=$(( $(date +%s) + $2 ))
  until curl -fsS -o /dev/null "$1/api/v1/health" 2>/dev/null; do
    [ "$(date +%s)" -lt "$end" ] || { echo "centre-cluster: $1 did not answer its health check within $2 s" >&2; return 1; }
    sleep 0.2
  done
}

case "$cmd" in
  start)
    [ -n "$port" ] || usage
    [ -x "$HAPROXY" ] || { echo "centre-cluster: haproxy not found: run scripts/install-system-deps.sh (scripts/packages/test-haproxy.txt)" >&2; exit 1; }
    mkdir -p "$dir"
    servers=()
    if [ -n "$backends" ]; then
      IFS=, read -r -a servers <<<"$backends"
    else
      [ -n "$db" ] && [ -n "$instances" ] || usage
      first="${first:-$((port + 1))}"
      for i in $(seq 1 "$instances"); do
        p=$((first + i - 1))
        "$ROOT/kiosk" centre --port "$p" --db "$db" --trusted-proxy 127.0.0.1 >"$dir/centre-$i.log" 2>&1 &
        echo $! >"$dir/centre-$i.pid"
        servers+=("127.0.0.1:$p")
      done
      for s in "${servers[@]}"; do wait_health "http://$s" 120; done
    fi
    {
      echo "global"
      echo "    maxconn 8000"
      echo "    log stderr format raw local0 notice"
      echo "defaults"
      echo "    mode http"
      echo "    log global"
      echo "    option forwardfor"
      echo "    option redispatch      # a request whose instance refused the connection goes to another"
      echo "    retries 3"
      echo "    timeout connect 2s"
      echo "    timeout client 120s"
      echo "    timeout server 120s    # an upload chunk or a submission of 20 MB on a slow link"
      echo "    timeout http-request 30s"
      echo "    timeout check 5s       # a busy instance answers its health check slowly: it is loaded, not down"
      echo "frontend kiosks"
      echo "    bind $host:$port"
      echo "    default_backend centres"
      echo "backend centres"
      echo "    balance leastconn"
      echo "    option httpchk GET /api/v1/health"
      echo "    http-check expect status 200"
      echo "    default-server check inter 1s fall 2 rise 2"
      n=0
      for s in "${servers[@]}"; do n=$((n + 1)); echo "    server centre$n $s"; done
    } >"$dir/haproxy.cfg"
    "$HAPROXY" -c -q -f "$dir/haproxy.cfg"
    if ! "$HAPROXY" -D -f "$dir/haproxy.cfg" -p "$dir/haproxy.pid" 2>>"$dir/haproxy.log"; then
      cat "$dir/haproxy.log" >&2; exit 1
    fi
    wait_health "http://$host:$port" 30
    echo "centre-cluster: HAProxy on http://$host:$port in front of ${servers[*]}"
    ;;
  stop)
    for f in "$dir"/haproxy.pid "$dir"/centre-*.pid; do
      [ -f "$f" ] || continue
      pid="$(cat "$f")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      rm -f "$f"
    done
    ;;
  *) usage ;;
esac
