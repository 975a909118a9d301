#!/usr/bin/env bash
# A throw-away one-node Ceph cluster with an S3 gateway, for the tests and for trying the centre's object store by
# hand: one monitor, one OSD (BlueStore in a sparse file) and radosgw on loopback ports, everything under DIR with
# its own ceph.conf, started without systemd. Needs the Debian packages in scripts/packages/test-ceph.txt.
#
#   scripts/ceph-test-cluster.sh start DIR [S3_PORT [MON_PORT]]   ready in about 10 s; writes DIR/s3.env
#   scripts/ceph-test-cluster.sh stop DIR                          stops the daemons and deletes DIR
#   scripts/ceph-test-cluster.sh restart-gateway DIR               stops radosgw and starts it again
#
# DIR/s3.env holds S3_ENDPOINT, S3_REGION, S3_BUCKET, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (one VAR=value a
# line). Ports default to free ones picked by the kernel. No mgr runs (S3 does not need one), so `ceph df` hangs.
# CEPH_BLOCK_GB (default 10) is the size of the OSD's sparse block file: what the cluster can hold (a benchmark with
# thousands of 1 MB documents needs more; the file only takes the disk space written).
set -euo pipefail

usage() { echo "usage: $0 start DIR [S3_PORT [MON_PORT]] | stop DIR | restart-gateway DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd="$1"
dir="$(readlink -m "$2")"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

stop_daemon() { # pid file: TERM, then KILL after 15 s
  local pidfile="$1" pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

start_gateway() {
  radosgw -c "$dir/ceph.conf" -n client.rgw.a --keyring "$dir/rgw.keyring"
  local port
  port="$(sed -n 's/^S3_PORT=//p' "$dir/ports")"
  for _ in $(seq 300); do # up to 30 s
    if curl -s -o /dev/null "http://127.0.0.1:$port/"; then return 0; fi
    sleep 0.1
  done
  echo "radosgw did not answer on port $port; its log:" >&2
  tail -n 30 "$dir/log/client.rgw.a.log" >&2 || true
  return 1
}

case "$cmd" in
  start)
    trap 'echo "ceph-test-cluster: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
    for tool in ceph-mon ceph-osd radosgw radosgw-admin ceph ceph-authtool monmaptool; do
      command -v "$tool" >/dev/null || { echo "$tool not found: run scripts/install-system-deps.sh (scripts/packages/test-ceph.txt)" >&2; exit 1; }
    done
    [[ "${CEPH_BLOCK_GB:-10}" =~ ^[1-9][0-9]*$ ]] || { echo "CEPH_BLOCK_GB must be a number of GB" >&2; exit 2; }
    s3_port="${3:-$(free_port)}"
    mon_port="${4:-$(free_port)}"
    mkdir -p "$dir"/{mon,osd,run,log}
    printf 'S3_PORT=%s\nMON_PORT=%s\n' "$s3_port" "$mon_port" > "$dir/ports"
    fsid="$(cat /proc/sys/kernel/random/uuid)"
    cat > "$dir/ceph.conf" <<EOF
[global]
fsid = $fsid
mon_host = v2:127.0.0.1:$mon_port
mon_initial_members = a
auth_cluster_required = cephx
auth_service_required = cephx
auth_client_required = cephx
keyring = $dir/admin.keyring
run_dir = $dir/run
admin_socket = $dir/run/\$name.asok
log_file = $dir/log/\$name.log
pid_file = $dir/run/\$name.pid
ms_bind_ipv4 = true
ms_bind_ipv6 = false
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
mon_allow_pool_size_one = true
mon_max_pg_per_osd = 1000
mon_warn_on_pool_no_redundancy = false
osd_crush_chooseleaf_type = 0
auth_allow_insecure_global_id_reclaim = false
[mon]
mon_data = $dir/mon
[osd]
osd_data = $dir/osd
keyring = $dir/osd/keyring
osd_objectstore = ${CEPH_OBJECTSTORE:-bluestore}
bluestore_block_create = true
bluestore_block_size = $(( ${CEPH_BLOCK_GB:-10} * 1073741824 ))
osd_memory_target = 268435456
bluestore_cache_size = 67108864
[client.rgw.a]
rgw_frontends = beast endpoint=127.0.0.1:$s3_port
rgw_data = $dir/rgw
rgw_dns_name = 127.0.0.1
EOF
    conf=(-c "$dir/ceph.conf")
    ceph-authtool --create-keyring "$dir/mon.keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
    ceph-authtool --create-keyring "$dir/admin.keyring" --gen-key -n client.admin \
      --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' >/dev/null
    ceph-authtool "$dir/mon.keyring" --import-keyring "$dir/admin.keyring" >/dev/null
    monmaptool --create --addv a "[v2:127.0.0.1:$mon_port]" --fsid "$fsid" "$dir/monmap" >/dev/null
    ceph-mon "${conf[@]}" --mkfs -i a --monmap "$dir/monmap" --keyring "$dir/mon.keyring"
    ceph-mon "${conf[@]}" -i a
    osd_uuid="$(cat /proc/sys/kernel/random/uuid)"
    osd_id="$(timeout 60 ceph "${conf[@]}" osd new "$osd_uuid")"
    ceph-osd "${conf[@]}" -i "$osd_id" --mkfs --mkkey --no-mon-config --osd-uuid "$osd_uuid" \
      >"$dir/log/osd-mkfs.log" 2>&1 || { tail -n 20 "$dir/log/osd-mkfs.log" >&2; exit 1; }
    timeout 30 ceph "${conf[@]}" auth add "osd.$osd_id" osd 'allow *' mon 'allow profile osd' -i "$dir/osd/keyring" >/dev/null 2>&1
    ceph-osd "${conf[@]}" -i "$osd_id"
    # radosgw makes its seven pools itself (8 PGs each, from osd_pool_default_pg_num): ~2 s, less than asking for them
    timeout 30 ceph "${conf[@]}" auth get-or-create client.rgw.a mon 'allow rw' osd 'allow rwx' \
      -o "$dir/rgw.keyring" >/dev/null 2>&1
    start_gateway
    access="$(head -c 15 /dev/urandom | base32 | tr -d '=' | head -c 20)"
    secret="$(head -c 30 /dev/urandom | base64 | tr -d '=+/' | head -c 40)"
    timeout 60 radosgw-admin "${conf[@]}" user create --uid=openkiosk --display-name=openkiosk \
      --access-key="$access" --secret-key="$secret" >/dev/null
    cat > "$dir/s3.env" <<EOF
S3_ENDPOINT=http://127.0.0.1:$s3_port
S3_REGION=us-east-1
S3_BUCKET=openkiosk
AWS_ACCESS_KEY_ID=$access
AWS_SECRET_ACCESS_KEY=$secret
EOF
    echo "ceph ready: S3 at http://127.0.0.1:$s3_port (credentials in $dir/s3.env)"
    ;;
  restart-gateway)
    stop_daemon "$dir/run/client.rgw.a.pid"
    start_gateway
    ;;
  stop)
    # a throw-away cluster: no need for an orderly shutdown (radosgw alone can take 15 s on TERM)
    for pidfile in "$dir"/run/*.pid; do
      [ -f "$pidfile" ] && kill -KILL "$(cat "$pidfile")" 2>/dev/null || true
    done
    for pidfile in "$dir"/run/*.pid; do
      [ -f "$pidfile" ] || continue
      pid="$(cat "$pidfile")"
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    done
    case "$dir" in /|/tmp|/home|/root|/usr*|/etc*) echo "refusing to delete $dir" >&2; exit 1 ;; esac
    rm -rf "$dir"
    ;;
  *) usage ;;
esac
