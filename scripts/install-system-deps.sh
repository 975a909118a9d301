#!/usr/bin/env bash
# Installs the Debian packages the kiosk and its tests need, when missing. Safe to run again.
#   runtime : what `./kiosk demo` needs (pseudo-terminals, CJK fonts, JavaFX natives)
#   test    : runtime + what the test suite needs (default)
set -euo pipefail
want="${1:-test}"
runtime=(openjdk-17-jre socat fonts-wqy-zenhei fonts-arphic-gbsn00lp libfreetype6 libfontconfig1 libpango-1.0-0 libpangoft2-1.0-0
         libgtk-3-0 libgl1 libxtst6 libxxf86vm1)
test_only=(maven openjdk-17-jdk-headless)
pkgs=("${runtime[@]}")
[ "$want" = test ] && pkgs+=("${test_only[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "need root to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
