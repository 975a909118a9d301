#!/usr/bin/env bash
# CI test of the Debian package (issue 9), run by scripts/test.sh after `mvn verify`:
#   1. builds installer/target/openkiosk_<V>_<arch>.deb and checks its metadata and contents;
#   2. installs it on this machine (dpkg -i, as root), runs `kiosk --version` and, as the user openkiosk,
#      `kiosk selftest --json` with the simulated devices of the shipped configuration, the headless UI, and
#      the kiosk session (xinit + the session script) on a virtual X screen, from the installed files only;
#   3. the technician's configuration path as the user openkiosk: `kiosk config set` of a valid value is written
#      and read back by `kiosk config show`, a bad one is refused (exit 2) with the file untouched, a file the user
#      may not write is refused in plain words, and `kiosk technician set-pin` (root) keeps the file's owner/mode;
#   4. queues applications in /var/lib/openkiosk (kiosk queue demo), edits two conffiles (kiosk.properties with
#      `kiosk config set` as openkiosk), builds V+ci2 (with
#      a changed default kiosk.properties) and upgrades over the installed package (--force-confold): the
#      queued applications and both edits must still be there, and
#      once the kiosk is enrolled at a centre run from the installed files, `kiosk sync --once` must get
#      every one of them acknowledged;
#   5. removes it (data and conffiles stay), then purges it (both go).
# It refuses to touch an openkiosk package it did not install itself. KEEP_INSTALLED=1 leaves it installed.
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
MARKER=/var/lib/openkiosk/.installed-by-test-deb
QUEUED=5

step() { echo "test-deb: $*" >&2; }
fail() { echo "test-deb: FAIL: $*" >&2; exit 1; }
check() { local what="$1"; shift; "$@" || fail "$what"; }

if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || fail "installing the package needs root (run as root or install sudo)"
  exec sudo -E "$0" "$@"
fi

# one run at a time on this machine: two would install and purge the same package under each other
exec 9>/tmp/openkiosk-test-deb.lock
flock 9

WORK="$(mktemp -d /tmp/test-deb.XXXXXX)"
chmod 0755 "$WORK"
user_existed=false
getent passwd openkiosk >/dev/null && user_existed=true
centre_pid=""
cleanup() {
  local rc=$?
  [ -n "$centre_pid" ] && kill "$centre_pid" 2>/dev/null
  if [ -z "${KEEP_INSTALLED:-}" ] && [ -e "$MARKER" ]; then
    dpkg --purge openkiosk >/dev/null 2>&1 || true
  fi
  if ! $user_existed && [ -z "${KEEP_INSTALLED:-}" ] && getent passwd openkiosk >/dev/null; then
    deluser --quiet --system openkiosk >/dev/null 2>&1 || true
    delgroup --quiet --system openkiosk >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  [ $rc -eq 0 ] && step "all package checks passed" || step "failed (exit $rc)"
}
trap cleanup EXIT

# dpkg, waiting while another apt/dpkg on this machine holds its lock (other test scripts install packages)
dpkg_do() {
  local log="$1"; shift
  for _ in $(seq 1 150); do
    if dpkg "$@" >"$log" 2>&1 </dev/null; then return 0; fi
    grep -qiE 'frontend lock|database is locked|locked by another process' "$log" || { cat "$log" >&2; return 1; }
    sleep 2
  done
  cat "$log" >&2; return 1
}
installed_status() { dpkg-query -W -f='${db:Status-Abbrev}' openkiosk 2>/dev/null | tr -d ' ' || true; }
if [ -n "$(installed_status)" ] && [ "$(installed_status)" != un ]; then
  [ -e "$MARKER" ] || fail "an openkiosk package is installed on this machine and not by this test: not touching it"
  step "purging the package a previous run left behind"
  dpkg_do "$WORK/dpkg0.log" --purge openkiosk
fi

# ---- 1. build, metadata, contents ---------------------------------------------------------------------
step "building the package"
# Both builds start from one snapshot of the repository's kiosk.properties (others may edit it meanwhile).
cp "$HERE/../kiosk.properties" "$WORK/kiosk.properties"
DEB1="$("$HERE/build-deb.sh" --config "$WORK/kiosk.properties" | tail -1)"
[ -f "$DEB1" ] || fail "build-deb.sh made no package"
set +e
bad_version="$("$HERE/build-deb.sh" --version not-a-version 2>&1)"; rc=$?
set -e
[ $rc -eq 2 ] && grep -q "'not-a-version' is not a Debian version" <<<"$bad_version" \
  || fail "build-deb.sh --version not-a-version: exit $rc, '$bad_version'"
ARCH="$(dpkg --print-architecture)"
V1="$(dpkg-deb --field "$DEB1" Version)"
check "package file name is openkiosk_<version>_<arch>.deb" [ "$(basename "$DEB1")" = "openkiosk_${V1}_${ARCH}.deb" ]
check "Package field" [ "$(dpkg-deb --field "$DEB1" Package)" = openkiosk ]
check "Architecture field" [ "$(dpkg-deb --field "$DEB1" Architecture)" = "$ARCH" ]
DEPENDS="$(dpkg-deb --field "$DEB1" Depends)"
for dep in libc6 adduser init-system-helpers logrotate socat fonts-wqy-zenhei libgtk-3-0 \
           tesseract-ocr tesseract-ocr-chi-sim pcscd cups; do
  grep -Eq "(^|, )$dep( |,|$)" <<<"$DEPENDS" || fail "Depends lacks $dep: $DEPENDS"
done
grep -q 'Installed-Size: [0-9]' < <(dpkg-deb --info "$DEB1") || fail "no Installed-Size"
dpkg-deb --ctrl-tarfile "$DEB1" | tar -x -C "$WORK" --one-top-level=ctrl
check "conffiles" diff <(sort "$WORK/ctrl/conffiles") <(printf '%s\n' /etc/default/openkiosk \
  /etc/default/openkiosk-centre /etc/logrotate.d/openkiosk /etc/openkiosk/kiosk.properties)
for s in postinst prerm postrm; do
  check "$s is executable" [ -x "$WORK/ctrl/$s" ]
  check "$s parses" sh -n "$WORK/ctrl/$s"
done
dpkg-deb --contents "$DEB1" >"$WORK/contents"
for f in ./usr/bin/kiosk ./usr/lib/openkiosk/runtime/bin/java ./usr/lib/openkiosk/runtime/lib/security/cacerts \
         ./usr/lib/openkiosk/app/kiosk-app.jar ./usr/lib/openkiosk/kiosk-session \
         ./lib/systemd/system/openkiosk-kiosk.service ./lib/systemd/system/openkiosk-centre.service \
         ./lib/udev/rules.d/60-openkiosk.rules ./etc/logrotate.d/openkiosk ./etc/openkiosk/kiosk.properties \
         ./usr/share/doc/openkiosk/copyright ./usr/share/doc/openkiosk/README.md; do
  grep -q " $f\$" "$WORK/contents" || fail "package lacks $f"
done
grep -Eq ' \./usr/lib/openkiosk/app/lib/javafx-graphics-[0-9.]+-linux(-aarch64)?\.jar$' "$WORK/contents" \
  || fail "JavaFX's native jar is not in the package"
grep -q '^-rwxr-xr-x root/root .* \./usr/bin/kiosk$' "$WORK/contents" || fail "/usr/bin/kiosk is not an executable owned by root"
awk '{print $2}' "$WORK/contents" | grep -qv '^root/root$' && fail "files not owned by root/root in the package"
grep -q ' \./var/' "$WORK/contents" && fail "the package ships files under /var: data must not belong to dpkg"

dpkg-deb -x "$DEB1" "$WORK/x"
modules="$("$WORK/x/usr/lib/openkiosk/runtime/bin/java" --list-modules)"
for m in java.base java.desktop java.sql java.net.http jdk.localedata jdk.charsets jdk.crypto.ec java.smartcardio; do
  grep -q "^$m@" <<<"$modules" || fail "the bundled runtime lacks $m"
done
for m in jdk.compiler jdk.jshell java.compiler; do
  grep -q "^$m@" <<<"$modules" && fail "the bundled runtime is not cut down by jlink: it has $m"
done
case "$(dpkg --print-architecture)" in amd64) ort_native=linux-x64 ;; arm64) ort_native=linux-aarch64 ;; *) ort_native="" ;; esac
if [ -n "$ort_native" ]; then
  ort_jars=("$WORK"/x/usr/lib/openkiosk/app/lib/onnxruntime-*.jar)
  [ -f "${ort_jars[0]}" ] || fail "ONNX Runtime's jar is not in the package"
  platforms="$(unzip -Z1 "${ort_jars[0]}" 'ai/onnxruntime/native/*' | cut -d/ -f4 | sort -u | grep -v '^$' | tr '\n' ' ')"
  [ "$platforms" = "$ort_native " ] || fail "ONNX Runtime's jar carries natives for '$platforms', not only $ort_native"
fi
unit="$WORK/x/lib/systemd/system/openkiosk-kiosk.service"
for l in '^User=openkiosk$' '^Restart=always$' '^WantedBy=graphical.target$' '^ExecStart=/usr/bin/xinit /usr/lib/openkiosk/kiosk-session'; do
  grep -Eq "$l" "$unit" || fail "kiosk unit lacks $l"
done
grep -q '^ExecStart=/usr/bin/kiosk centre ' "$WORK/x/lib/systemd/system/openkiosk-centre.service" || fail "centre unit"
rules="$WORK/x/lib/udev/rules.d/60-openkiosk.rules"
[ "$(grep -c '^SUBSYSTEM==.*ATTRS{idVendor}==.*ATTRS{idProduct}==.*SYMLINK+="openkiosk/.*GROUP="\(dialout\|lp\)", MODE="0660"$' "$rules")" \
  -eq "$(grep -vc '^\s*\(#\|$\)' "$rules")" ] || fail "a udev rule does not name a device by vendor/product id with a group"
grep -q '^kiosk.data=/var/lib/openkiosk$' "$WORK/x/etc/openkiosk/kiosk.properties" || fail "default kiosk.data"
# the installed launcher starts the JVM with the same module options as the repository's ./kiosk
for opt in $(grep -o -- '--add-\(opens\|exports\|modules\) [^ ]*' "$HERE/../kiosk" | tr ' ' '='); do
  grep -qF -- "${opt/=/ }" "$WORK/x/usr/bin/kiosk" || fail "installed launcher lacks '${opt/=/ }' that ./kiosk passes"
done
# the launcher runs from an unpacked tree too (it finds its runtime relative to itself)
xv="$(KIOSK_ETC="$WORK/x/etc/openkiosk" "$WORK/x/usr/bin/kiosk" --version)"
[[ "$xv" =~ ^openkiosk\ [0-9] ]] || fail "unpacked kiosk --version said '$xv'"
APPV="${xv#openkiosk }"
step "metadata and contents of $(basename "$DEB1") are as expected (application $APPV)"

# ---- 2. install, version, selftest ----------------------------------------------------------------------
mapfile -t deps < <(sed 's/([^)]*)//g; s/|[^,]*//g' <<<"$DEPENDS" | tr ',' '\n' | tr -d ' ' | grep -v '^$')
missing=()
for d in "${deps[@]}"; do
  dpkg-query -W -f='${Status}' "$d" 2>/dev/null | grep -q "install ok installed" || missing+=("$d")
done
[ ${#missing[@]} -eq 0 ] || fail "dependencies not installed: ${missing[*]} (scripts/install-system-deps.sh installs them)"

step "dpkg -i $(basename "$DEB1")"
dpkg_do "$WORK/dpkg1.log" -i "$DEB1" || fail "dpkg -i failed"
touch "$MARKER"
check "kiosk on the PATH is /usr/bin/kiosk" [ "$(command -v kiosk)" = /usr/bin/kiosk ]
v="$(kiosk --version)"
check "installed kiosk --version says 'openkiosk $APPV' (said '$v')" [ "$v" = "openkiosk $APPV" ]
id -nG openkiosk | grep -qw dialout || fail "user openkiosk is not in group dialout"
id -nG openkiosk | grep -qw lp || fail "user openkiosk is not in group lp"
check "/var/lib/openkiosk belongs to openkiosk" [ "$(stat -c %U /var/lib/openkiosk)" = openkiosk ]
check "/var/log/openkiosk exists" [ -d /var/log/openkiosk ]
check "kiosk session enabled at boot" [ -L /etc/systemd/system/graphical.target.wants/openkiosk-kiosk.service ]
check "centre not enabled" [ ! -e /etc/systemd/system/multi-user.target.wants/openkiosk-centre.service ]
if command -v systemd-analyze >/dev/null; then
  bad="$(systemd-analyze verify /lib/systemd/system/openkiosk-kiosk.service /lib/systemd/system/openkiosk-centre.service 2>&1 \
    | grep -v 'Command /usr/bin/xinit is not executable' || true)"
  [ -z "$bad" ] || fail "systemd-analyze verify: $bad"
fi
logrotate -d /etc/logrotate.d/openkiosk >"$WORK/logrotate.log" 2>&1 || { cat "$WORK/logrotate.log" >&2; fail "logrotate config"; }
grep -qi 'error' "$WORK/logrotate.log" && { cat "$WORK/logrotate.log" >&2; fail "logrotate config has errors"; }

as_kiosk() { (cd /var/lib/openkiosk && runuser -u openkiosk -- "$@"); }
set +e
as_kiosk kiosk selftest --json >"$WORK/selftest.json" 2>"$WORK/selftest.err"
rc=$?
set -e
cat "$WORK/selftest.json" >&2
[ $rc -eq 0 ] || { cat "$WORK/selftest.err" >&2; fail "kiosk selftest exited $rc"; }
for d in idcard camera ocr printer; do
  grep -q "\"device\" : \"$d\"" "$WORK/selftest.json" || fail "selftest did not report $d"
done
grep -q '"ok" : false' "$WORK/selftest.json" && fail "selftest: not every device ok"
# where the store key is kept: a plain file on a PC without a TPM, reported as a warning that does not fail it
grep -q '"device" : "store-key"' "$WORK/selftest.json" || fail "selftest did not say where the store key is kept"
# the UI itself from the installed files: JavaFX (jars + linux natives) on the bundled runtime, headless
smoke="$(as_kiosk kiosk demo --smoke 2>"$WORK/smoke.err")" || { cat "$WORK/smoke.err" >&2; fail "installed kiosk demo --smoke failed"; }
grep -q '^ready in [0-9]* ms$' <<<"$smoke" || fail "installed kiosk demo --smoke said '$smoke'"
step "installed: kiosk --version, kiosk selftest (as openkiosk, simulated devices) and the headless UI ($smoke) pass"

# The kiosk session as the unit starts it (xinit + the installed session script, as openkiosk), on a virtual
# X screen instead of tty7: the kiosk window must come up covering the whole screen.
for t in xinit Xvfb matchbox-window-manager xwininfo; do
  command -v "$t" >/dev/null || fail "$t is needed for the session test (scripts/packages/test-installer.txt)"
done
dpy=90
while [ -e "/tmp/.X11-unix/X$dpy" ] || [ -e "/tmp/.X$dpy-lock" ]; do dpy=$((dpy + 1)); done
(cd /var/lib/openkiosk && exec runuser -u openkiosk -- xinit /usr/lib/openkiosk/kiosk-session -- /usr/bin/Xvfb ":$dpy" \
  -screen 0 1280x800x24 -nolisten tcp) >"$WORK/session.log" 2>&1 &
session_pid=$!
full=""
for _ in $(seq 1 90); do
  if DISPLAY=":$dpy" xwininfo -root -tree 2>/dev/null | grep -a '("java" "java")' | grep -aq ' 1280x800+0+0 '; then
    full=yes; break
  fi
  sleep 1
done
xinit_pid="$(pgrep -P "$session_pid" -x xinit || true)"
[ -n "$xinit_pid" ] && kill "$xinit_pid" 2>/dev/null
wait "$session_pid" 2>/dev/null || true
[ -n "$full" ] || { tail -20 "$WORK/session.log" >&2; fail "the kiosk session did not show a full-screen kiosk window"; }
step "installed: the kiosk session (xinit, matchbox, kiosk) shows the kiosk window full screen (1280x800, Xvfb :$dpy)"

# ---- 3. the technician's configuration path on the installed layout -------------------------------------
CONF=/etc/openkiosk/kiosk.properties
conf_perms() { stat -c '%U:%G %a' "$1"; }
check_conf_perms() {
  check "$1: /etc/openkiosk is root:openkiosk 2775 (is $(conf_perms /etc/openkiosk))" \
    [ "$(conf_perms /etc/openkiosk)" = "root:openkiosk 2775" ]
  check "$1: $CONF is root:openkiosk 660 (is $(conf_perms "$CONF"))" [ "$(conf_perms "$CONF")" = "root:openkiosk 660" ]
}
check_conf_perms "installed"
if getent passwd nobody >/dev/null; then
  runuser -u nobody -- cat "$CONF" >/dev/null 2>&1 && fail "other users can read $CONF (it holds the PIN hash)"
fi
as_kiosk kiosk config check >&2 || fail "kiosk config check of the shipped configuration"
set +e
as_kiosk kiosk config set ui.idle-seconds=75 >"$WORK/set1.out" 2>"$WORK/set1.err"; rc=$?
set -e
cat "$WORK/set1.out" >&2
[ $rc -eq 0 ] || { cat "$WORK/set1.err" >&2; fail "kiosk config set ui.idle-seconds=75 as openkiosk exited $rc"; }
grep -q 'ui.idle-seconds: 120 -> 75' "$WORK/set1.out" || fail "config set did not say what changed"
grep -q 'systemctl restart openkiosk-kiosk' "$WORK/set1.out" || fail "config set did not say to restart the session"
check "config set wrote the value" grep -q '^ui.idle-seconds=75$' "$CONF"
check "config set kept the package's comments" grep -q '^# /etc/openkiosk/kiosk.properties, installed by the openkiosk package' "$CONF"
as_kiosk kiosk config show --json >"$WORK/show1.json"
grep -q '"ui.idle-seconds":"75"' "$WORK/show1.json" || fail "config show does not read back 75: $(cat "$WORK/show1.json")"
# a bad value: refused with every bad key named, exit 2, the file byte for byte as it was
cp -p "$CONF" "$WORK/conf.before"
set +e
as_kiosk kiosk config set ui.idle-seconds=5 idcard.baud=12345 >"$WORK/set2.out" 2>"$WORK/set2.err"; rc=$?
set -e
[ $rc -eq 2 ] || fail "config set of bad values exited $rc, not 2"
grep -q 'ui.idle-seconds' "$WORK/set2.err" && grep -q 'idcard.baud' "$WORK/set2.err" \
  || fail "config set did not name both bad keys: $(cat "$WORK/set2.err")"
check "a refused config set leaves the file byte for byte" cmp -s "$WORK/conf.before" "$CONF"
check "a refused config set leaves no temporary file" [ "$(ls -A /etc/openkiosk)" = kiosk.properties ]
# a file the user may not write: refused in the words the technician screen shows too, nothing changed
install -m 0644 "$CONF" "$WORK/readonly.properties"
set +e
as_kiosk kiosk config set ui.idle-seconds=80 --config "$WORK/readonly.properties" >/dev/null 2>"$WORK/set3.err"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "^kiosk: the user openkiosk may not write $WORK/readonly.properties; nothing was changed\$" "$WORK/set3.err" \
  || fail "config set of a file openkiosk may not write: exit $rc, '$(cat "$WORK/set3.err")'"
check "the read-only file is unchanged" cmp -s "$CONF" "$WORK/readonly.properties"
# the PIN, set by root: the file keeps its group and mode, so the kiosk can still read and edit it
printf '135790\n135790\n' | kiosk technician set-pin >&2 || fail "kiosk technician set-pin as root"
# (a file saved by the kiosk's user belongs to it until the next upgrade gives it back to root: group and mode are
# what matter, the user may replace the file through its folder anyway)
check "after technician set-pin: $CONF is group openkiosk, mode 660 (is $(conf_perms "$CONF"))" \
  [ "$(stat -c '%G %a' "$CONF")" = "openkiosk 660" ]
hash="$(sed -n 's/^technician\.pin-hash=//p' "$CONF")"
[ -n "$hash" ] || fail "technician set-pin wrote no hash"
as_kiosk kiosk config show >"$WORK/show2.txt"
grep -qF "$hash" "$WORK/show2.txt" && fail "config show printed the PIN hash"
grep -q '^technician.pin-hash *= <redacted>$' "$WORK/show2.txt" || fail "config show does not say the PIN hash is set (redacted)"
set +e
as_kiosk kiosk config set "technician.pin-hash=$hash" >/dev/null 2>"$WORK/set4.err"; rc=$?
set -e
[ $rc -eq 2 ] && grep -q 'technician set-pin' "$WORK/set4.err" || fail "config set of the PIN hash: exit $rc, '$(cat "$WORK/set4.err")'"
step "installed: kiosk config set (as openkiosk) writes a valid value that config show reads back, refuses bad ones and the PIN hash with the file untouched"

# ---- 4. queued data and a conffile edit survive an upgrade over itself -----------------------------------
step "queueing $QUEUED applications with kiosk queue demo"
as_kiosk kiosk queue demo --count "$QUEUED" >&2
queue_state() { as_kiosk kiosk sync status --json | tr -d ' \n' | grep -o '"pending":[0-9]*,"acknowledged":[0-9]*'; }
queue_state >"$WORK/queue.before"
cat "$WORK/queue.before" >&2
grep -q "^\"pending\":$QUEUED,\"acknowledged\":0\$" "$WORK/queue.before" || fail "expected $QUEUED pending applications"
# Local edits: one to a conffile the new version leaves alone (kept without a question), one to a conffile
# the new version changes too (kept with --force-confold, the unattended choice the README gives; the
# package's new version is left beside it as .dpkg-dist).
as_kiosk kiosk config set ui.idle-seconds=90 >&2 || fail "kiosk config set ui.idle-seconds=90 as openkiosk"
check "the config set edit is on disk" grep -q '^ui.idle-seconds=90$' "$CONF"
sed -i 's/-Xmx768m/-Xmx700m/' /etc/default/openkiosk
{ cat "$WORK/kiosk.properties"; echo "# default changed in the next version (test-deb)"; } >"$WORK/kiosk-v2.properties"

V2="$V1+ci2"
step "building $V2 and upgrading over $V1"
DEB2="$("$HERE/build-deb.sh" --version "$V2" --out "$WORK/v2" --config "$WORK/kiosk-v2.properties" | tail -1)"
dpkg_do "$WORK/dpkg2.log" --force-confold -i "$DEB2" || fail "upgrade with dpkg -i failed"
check "upgraded to $V2" [ "$(dpkg-query -W -f='${Version}' openkiosk)" = "$V2" ]
check "the edited conffile is kept" grep -q '^ui.idle-seconds=90$' /etc/openkiosk/kiosk.properties
as_kiosk kiosk config show --json | grep -q '"ui.idle-seconds":"90"' || fail "config show after the upgrade does not read 90"
check_conf_perms "after the upgrade"
as_kiosk kiosk config set ui.elderly=true >&2 || fail "kiosk config set as openkiosk after the upgrade"
check "config set after the upgrade" grep -q '^ui.elderly=true$' "$CONF"
check "the new default is left beside it" grep -q 'default changed in the next version' /etc/openkiosk/kiosk.properties.dpkg-dist
check "the edited, unchanged conffile is kept" grep -q -- '-Xmx700m' /etc/default/openkiosk
check "no question asked about the unchanged conffile" [ ! -e /etc/default/openkiosk.dpkg-dist ]
check "data directory kept" [ -e "$MARKER" ]
queue_state >"$WORK/queue.after"
check "the queued applications are all still queued after the upgrade" diff "$WORK/queue.before" "$WORK/queue.after"
check "kiosk --version after the upgrade" [ "$(kiosk --version)" = "openkiosk $APPV" ]
step "upgrade kept the $QUEUED queued applications and the edited configuration"

# The kept queue is still readable (its key survived) and goes out: a centre from the installed files, the
# kiosk enrolled with a one-time code, then `kiosk sync --once` must confirm every application.
kiosk centre --port 0 --data "$WORK/centre" >"$WORK/centre.out" 2>"$WORK/centre.err" &
centre_pid=$!
for _ in $(seq 1 60); do grep -q 'listening on' "$WORK/centre.out" && break; sleep 0.5; done
url="$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/centre.out" | head -1)"
[ -n "$url" ] || { cat "$WORK/centre.err" >&2; kill "$centre_pid"; fail "the installed centre did not start"; }
code="$(kiosk centre enrol --data "$WORK/centre" --kiosk-id K0001 | tail -1)"
as_kiosk kiosk enrol --centre "$url" --code "$code" >&2 || { kill "$centre_pid"; fail "kiosk enrol failed"; }
as_kiosk kiosk sync --once >&2 || { kill "$centre_pid"; fail "kiosk sync --once did not confirm every queued application"; }
kill "$centre_pid"; wait "$centre_pid" 2>/dev/null || true; centre_pid=""
[ "$(queue_state)" = "\"pending\":0,\"acknowledged\":$QUEUED" ] || fail "after sync: $(queue_state)"
step "after the upgrade, the $QUEUED kept applications were enrolled and sent to a centre ($url) and acknowledged"

# ---- 5. remove keeps data and configuration; purge deletes them -----------------------------------------
dpkg_do "$WORK/dpkg3.log" --remove openkiosk || fail "dpkg --remove failed"
check "remove: /usr/bin/kiosk gone" [ ! -e /usr/bin/kiosk ]
check "remove: the kiosk store is kept" [ -f /var/lib/openkiosk/kiosk.db ]
check "remove: the configuration is kept" grep -q '^ui.idle-seconds=90$' /etc/openkiosk/kiosk.properties
dpkg_do "$WORK/dpkg4.log" --purge openkiosk || fail "dpkg --purge failed"
check "purge: data deleted" [ ! -e /var/lib/openkiosk ]
check "purge: configuration deleted, .dpkg-dist included" [ ! -e /etc/openkiosk ]
check "purge: boot enablement gone" [ ! -L /etc/systemd/system/graphical.target.wants/openkiosk-kiosk.service ]
step "remove kept data and configuration; purge deleted them"
