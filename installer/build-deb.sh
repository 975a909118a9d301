#!/usr/bin/env bash
# Builds the Debian package that turns a PC into a kiosk:
#   installer/target/openkiosk_<version>_<arch>.deb
# from the built application (kiosk-app/target/kiosk-app.jar + lib/, made by `mvn package`), a Java runtime
# cut down with jlink to the modules jdeps finds (JavaFX stays on the classpath as jars with their natives),
# the files under installer/files and the maintainer scripts under installer/debian.
#
# usage: installer/build-deb.sh [--version DEBIAN_VERSION] [--out DIR] [--config FILE]
#   --version  the package version (default: the application's own version, as `kiosk --version` says)
#   --out      where the .deb goes (default: installer/target)
#   --config   the kiosk.properties /etc/openkiosk/kiosk.properties is made from (default: the repository's)
# The architecture is the build machine's (dpkg --print-architecture): build on arm64 for an arm64 kiosk.
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
APP="$ROOT/kiosk-app/target"
OUT="$HERE/target"
VERSION=""
CONFIG="$ROOT/kiosk.properties"

die() { echo "build-deb: $*" >&2; exit 1; }
usage_error() { echo "build-deb: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --version) [ $# -ge 2 ] || usage_error "--version needs a value"; VERSION="$2"; shift 2 ;;
    --out) [ $# -ge 2 ] || usage_error "--out needs a value"; OUT="$2"; shift 2 ;;
    --config) [ $# -ge 2 ] || usage_error "--config needs a value"; CONFIG="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) usage_error "unknown argument '$1' (see --help)" ;;
  esac
done

# The JDK whose modules are bundled: $JAVA_HOME, else Debian's OpenJDK 17, else the one on the PATH.
ARCH="$(dpkg --print-architecture)"
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jlink" ]; then
  JDK_BIN="$JAVA_HOME/bin/"
elif [ -x "/usr/lib/jvm/java-17-openjdk-$ARCH/bin/jlink" ]; then
  JDK_BIN="/usr/lib/jvm/java-17-openjdk-$ARCH/bin/"
else
  JDK_BIN=""
fi
for tool in "${JDK_BIN}java" "${JDK_BIN}jdeps" "${JDK_BIN}jlink" dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || die "$tool is missing (scripts/install-system-deps.sh installs it)"
done
[ -f "$CONFIG" ] || usage_error "no configuration file $CONFIG"
[ -f "$APP/kiosk-app.jar" ] && [ -d "$APP/lib" ] \
  || die "no built application in $APP: run 'mvn -B package -DskipTests' at $ROOT first"

CP="$APP/kiosk-app.jar:$APP/lib/*"
APP_VERSION="$("${JDK_BIN}java" -cp "$CP" org.openkiosk.app.cli.Main --version 2>/dev/null | awk '{print $2}')"
[ -n "$APP_VERSION" ] || die "cannot read the application's version from $APP/kiosk-app.jar"
if [ -z "$VERSION" ]; then
  VERSION="${APP_VERSION/-SNAPSHOT/~snapshot}"
fi
[[ "$VERSION" =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] || usage_error "'$VERSION' is not a Debian version (digits first, then [A-Za-z0-9.+~-])"
NAME=openkiosk
DEB="$OUT/${NAME}_${VERSION}_${ARCH}.deb"
mkdir -p "$OUT"
echo "build-deb: $NAME $VERSION ($ARCH), application $APP_VERSION" >&2

# 1. The Java runtime: what jdeps finds in the application and its libraries, plus what is only reached by
#    name at run time (locale data for zh-CN, GBK/GB18030 charsets for ESC/POS, elliptic-curve TLS to an
#    https centre, PC/SC cards, zip file systems, DNS for JNDI, JMX beans).
if ! modules="$("${JDK_BIN}jdeps" --ignore-missing-deps --print-module-deps --multi-release 17 -q \
    --class-path "$APP/lib/*" "$APP/kiosk-app.jar" "$APP"/lib/*.jar 2>"$OUT/jdeps.err")"; then
  # A jar jdeps cannot parse must not stop the package: fall back to all of Java SE (about 15 MB more).
  echo "build-deb: warning: jdeps failed ($(head -c 300 "$OUT/jdeps.err")); bundling all of java.se" >&2
  modules="java.se,jdk.unsupported,jdk.jfr"
fi
rm -f "$OUT/jdeps.err"
modules="$modules,jdk.localedata,jdk.charsets,jdk.crypto.ec,java.smartcardio,jdk.zipfs,jdk.management,jdk.naming.dns,jdk.net"
modules="$(tr ',' '\n' <<<"$modules" | grep -v '^$' | sort -u | paste -sd, -)"
jdk_release="$("${JDK_BIN}java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version/ {print $2}')"
key="$(printf '%s %s %s' "$jdk_release" "$ARCH" "$modules" | sha256sum | cut -c1-16)"
CACHE="$HERE/target/jlink-cache"
RUNTIME="$CACHE/$key"
if [ ! -x "$RUNTIME/bin/java" ]; then
  echo "build-deb: jlink $modules" >&2
  rm -rf "$CACHE"
  mkdir -p "$CACHE"
  "${JDK_BIN}jlink" --add-modules "$modules" --include-locales=en,zh --strip-debug --no-header-files --no-man-pages \
    --compress=2 --output "$RUNTIME.tmp" || die "jlink failed"
  mv "$RUNTIME.tmp" "$RUNTIME"
fi

# 2. The package tree.
STAGE="$HERE/target/deb-root"
rm -rf "$STAGE"
mkdir -p "$STAGE"
cp -a "$HERE/files/." "$STAGE/"
LIB="$STAGE/usr/lib/openkiosk"
mkdir -p "$LIB/app"
cp -a "$RUNTIME" "$LIB/runtime"
cp "$APP/kiosk-app.jar" "$LIB/app/"
cp -r "$APP/lib" "$LIB/app/lib"
# ONNX Runtime's jar carries every platform's native library (and macOS debug symbols): 288 MB unpacked, of which a
# kiosk runs one. Keep this architecture's; the others would only weigh on every village point's download.
case "$ARCH" in
  amd64) ORT_NATIVE=linux-x64 ;;
  arm64) ORT_NATIVE=linux-aarch64 ;;
  *) ORT_NATIVE="" ;;
esac
for jar in "$LIB"/app/lib/onnxruntime-*.jar; do
  [ -f "$jar" ] && [ -n "$ORT_NATIVE" ] || continue
  unzip -Z1 "$jar" "ai/onnxruntime/native/$ORT_NATIVE/*" >/dev/null 2>&1 \
    || die "$(basename "$jar") has no native library for $ORT_NATIVE"
  others="$(unzip -Z1 "$jar" 'ai/onnxruntime/native/*' | cut -d/ -f4 | sort -u | grep -vx -e "$ORT_NATIVE" -e '' || true)"
  for platform in $others; do
    zip -q -d "$jar" "ai/onnxruntime/native/$platform/*"
  done
done
# The default configuration is the repository's own kiosk.properties, data moved to /var/lib/openkiosk.
mkdir -p "$STAGE/etc/openkiosk"
{
  cat <<'EOF'
# /etc/openkiosk/kiosk.properties, installed by the openkiosk package. Your changes are kept on upgrade.
# As shipped, every device is simulated and the centre is embedded, so `kiosk selftest` passes on any PC.
# For the real devices set the ports to the names the package's udev rules give them:
#   idcard.port=/dev/openkiosk/idcard      printer.port=/dev/openkiosk/printer
# and centre.url to your service centre (see "Installing a kiosk" in /usr/share/doc/openkiosk/README.md).

EOF
  sed -e 's|^kiosk\.data=.*|kiosk.data=/var/lib/openkiosk|' "$CONFIG"
} >"$STAGE/etc/openkiosk/kiosk.properties"
grep -q '^kiosk.data=/var/lib/openkiosk$' "$STAGE/etc/openkiosk/kiosk.properties" \
  || die "kiosk.properties has no kiosk.data line to point at /var/lib/openkiosk"
mkdir -p "$STAGE/usr/share/doc/$NAME"
cp "$ROOT/README.md" "$STAGE/usr/share/doc/$NAME/README.md"
chmod -R u=rwX,go=rX "$STAGE"
chmod 0755 "$STAGE/usr/bin/kiosk" "$STAGE/usr/lib/openkiosk/kiosk-session"

# 3. Control files: shared-library dependencies of the bundled runtime, size, conffiles, checksums.
mkdir -p "$STAGE/DEBIAN"
install -m 0755 "$HERE/debian/postinst" "$HERE/debian/prerm" "$HERE/debian/postrm" "$STAGE/DEBIAN/"
install -m 0644 "$HERE/debian/conffiles" "$STAGE/DEBIAN/"
while read -r f; do
  [ -f "$STAGE$f" ] || die "conffile $f is not in the package"
done <"$HERE/debian/conffiles"
shl="$(mktemp -d)"
trap 'rm -rf "$shl"' EXIT
mkdir -p "$shl/debian"
printf 'Source: %s\n\nPackage: %s\nArchitecture: any\n' "$NAME" "$NAME" >"$shl/debian/control"
mapfile -t elves < <(find "$LIB/runtime" -type f \( -name '*.so' -o -path '*/bin/*' \))
shlibs="$(cd "$shl" && dpkg-shlibdeps -O -l"$LIB/runtime/lib" -l"$LIB/runtime/lib/server" "${elves[@]}" 2>/dev/null \
  | sed -n 's/^shlibs:Depends=//p')"
[ -n "$shlibs" ] || die "dpkg-shlibdeps found no library dependencies for the bundled runtime"
size="$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)"
sed -e "s|@VERSION@|$VERSION|" -e "s|@ARCH@|$ARCH|" -e "s|@INSTALLED_SIZE@|$size|" -e "s|@SHLIBS@|$shlibs|" \
  "$HERE/debian/control.in" >"$STAGE/DEBIAN/control"
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -printf '%P\0' \
  | LC_ALL=C sort -z | xargs -0 md5sum) >"$STAGE/DEBIAN/md5sums"
chmod 0644 "$STAGE/DEBIAN/control" "$STAGE/DEBIAN/md5sums"

# 4. The archive (root:root owners without fakeroot). gzip, not xz: the jars are compressed already, xz
#    saves 5% and costs 35 s more on two cores.
rm -f "$DEB"
dpkg-deb --root-owner-group -Zgzip --build "$STAGE" "$DEB" >/dev/null
echo "$DEB"
