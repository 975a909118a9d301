#!/usr/bin/env bash
# The province benchmark: INSTANCES centre instances behind HAProxy on a fresh PostgreSQL cluster, then
# `./kiosk bench centre` with KIOSKS simulated kiosks for MINUTES, documents of KB, APPS applications a kiosk,
# with the plain JDBC baseline. STORE `db` (default) keeps the documents in PostgreSQL; `ceph` starts a fresh one-node
# Ceph (scripts/ceph-test-cluster.sh) and runs every instance and the bench with its S3 gateway (--s3-endpoint), and
# the baseline also PUTs the same documents plainly to the same gateway. Needs root (PostgreSQL runs as postgres) and
# the packages of scripts/packages/test-*.txt; the kiosk is built first (./kiosk --version).
# Usage: scripts/fleet-bench.sh INSTANCES KIOSKS MINUTES KB APPS [db|ceph]   e.g. scripts/fleet-bench.sh 2 2000 4 1024 2 ceph
# CEPH_BLOCK_GB: the Ceph OSD's sparse block file (default: twice the run's documents, for the PUT baseline, + 10 GB).
set -euo pipefail
[ $# -eq 5 ] || [ $# -eq 6 ] || { sed -n '2,9p' "$0" >&2; exit 2; }
INST=$1 K=$2 M=$3 KB=$4 A=$5 STORE=${6:-db}
case "$STORE" in db|ceph) ;; *) echo "STORE is db or ceph" >&2; exit 2 ;; esac
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
PIDS="" BP=""
cleanup() {
  [ -n "$BP" ] && kill "$BP" 2>/dev/null || true
  bash scripts/centre-cluster.sh stop --dir "$W/hx" >/dev/null 2>&1 || true
  for p in ${PIDS//,/ }; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  runuser -u postgres -- "$B/pg_ctl" -D "$W/data" -m fast -w stop >/dev/null 2>&1 || true
  [ "$STORE" = ceph ] && bash scripts/ceph-test-cluster.sh stop "$W/ceph" >/dev/null 2>&1 || true
}
trap cleanup EXIT
S3=()
if [ "$STORE" = ceph ]; then
  # room for the centre's objects and the PUT baseline's copies (deleted after, but BlueStore frees lazily)
  CEPH_BLOCK_GB=${CEPH_BLOCK_GB:-$(( K * A * 3 * KB * 2 / 1048576 + 10 ))} \
    bash scripts/ceph-test-cluster.sh start "$W/ceph"
  set -a; . "$W/ceph/s3.env"; set +a # the keys reach the instances and the bench through their environment
  S3=(--s3-endpoint "$S3_ENDPOINT" --s3-bucket "$S3_BUCKET" --s3-region "$S3_REGION")
fi
health() { until curl -fs -o /dev/null "http://127.0.0.1:$1/api/v1/health"; do sleep 0.3; done; }
# migrate the schema (and make the bucket) once, before the instances race for it
timeout 60 "${J[@]}" centre --port 25500 --db "$DB" "${S3[@]}" >"$W/migrate.log" 2>&1 & MP=$!
health 25500; kill "$MP"; wait "$MP" 2>/dev/null || true
BACK=""
for i in $(seq 1 "$INST"); do
  "${J[@]}" centre --port $((25500+i)) --db "$DB" "${S3[@]}" --trusted-proxy 127.0.0.1 >"$W/centre-$i.log" 2>&1 &
  PIDS="$PIDS${PIDS:+,}$!"; BACK="$BACK${BACK:+,}127.0.0.1:$((25500+i))"
done
for i in $(seq 1 "$INST"); do health $((25500+i)); done
bash scripts/centre-cluster.sh start --dir "$W/hx" --port 25500 --backends "$BACK"

# Where the machine's CPU goes between the end of enrolment and the end of sending (the window of the bench's own
# throughput and "centre cpu"): each server's processes from /proc, by their pids (PostgreSQL: the postmaster and its
# children); memory at the `errors` line.
pids_of() { # GROUP
  case "$1" in
    centres) echo "${PIDS//,/ }" ;;
    generator) echo "$BP" ;;
    postgres) local pm; pm=$(head -1 "$W/data/postmaster.pid"); echo "$pm $(pgrep -P "$pm" | tr '\n' ' ')" ;;
    haproxy) cat "$W/hx/haproxy.pid" 2>/dev/null || true ;;
    ceph-mon|ceph-osd|radosgw)
      [ "$STORE" = ceph ] || return 0
      for f in "$W"/ceph/run/*.pid; do
        [ "$(cat "/proc/$(cat "$f")/comm" 2>/dev/null)" = "$1" ] && cat "$f"
      done ;;
  esac
}
GROUPS_=(centres generator postgres haproxy ceph-mon ceph-osd radosgw)
snapshot() { # FILE: "GROUP TICKS PSS_KB" a line, then "machine BUSY_TICKS ALL_TICKS" and "wall SECONDS"
  for g in "${GROUPS_[@]}"; do
    local t=0 m=0 p f
    for p in $(pids_of "$g"); do
      f=$(cat "/proc/$p/stat" 2>/dev/null) || continue
      f=(${f##*) }) # fields from the state on: utime is the 12th, stime, cutime (reaped children), cstime
      t=$(( t + f[11] + f[12] + f[13] + f[14] ))
      m=$(( m + $(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0) ))
    done
    echo "$g $t $m"
  done
  awk '/^cpu / {all=0; for (i=2; i<=NF; i++) all+=$i; print "machine", all-$5-$6, all}' /proc/stat
  echo "wall $(date +%s.%N)"
}
where_the_time_goes() { # BEFORE AFTER MEMORY
  awk -v cores="$(nproc)" 'FILENAME==ARGV[1] {b[$1]=$2; next} FILENAME==ARGV[2] {a[$1]=$2; o[++n]=$1; next} {m[$1]=$3}
    END {
      hz=100; wall=a["wall"]-b["wall"]; busy=(a["machine"]-b["machine"])/hz; known=0
      printf "cpu from enrolment to the end of sending (%.0f s, %d cores = %.0f core-s): machine busy %.0f s (%.0f%%):", wall, cores, wall*cores, busy, 100*busy/(wall*cores)
      for (i=1; i<=n; i++) { g=o[i]; if (g=="machine" || g=="wall") continue; s=(a[g]-b[g])/hz; known+=s; printf " %s %.0f s (%.2f cores),", g, s, s/wall }
      printf " the rest %.0f s\n", busy-known
      printf "memory (PSS) at the report:"
      for (i=1; i<=n; i++) { g=o[i]; if (g=="machine" || g=="wall") continue; printf " %s %d MB", g, m[g]/1024 }
      printf "\n"
    }' "$1" "$2" "$3"
}

mkfifo "$W/bench.pipe"
"${J[@]}" bench centre --centre http://127.0.0.1:25500 --db "$DB" "${S3[@]}" --kiosks "$K" --minutes "$M" \
  --document-kb "$KB" --applications-per-kiosk "$A" --baseline --centre-pid "$PIDS" >"$W/bench.pipe" 2>"$W/bench.err" &
BP=$!
while IFS= read -r line; do
  printf '%s\n' "$line"
  case "$line" in
    "enrolled "*) snapshot >"$W/cpu.before" ;;
    "sending over "*) snapshot >"$W/cpu.after" ;;
    "errors "*) snapshot >"$W/mem.after"; where_the_time_goes "$W/cpu.before" "$W/cpu.after" "$W/mem.after" ;;
  esac
done <"$W/bench.pipe" | tee "$W/bench.out"
rc=0; wait "$BP" || rc=$?; BP=""
exit "$rc"
