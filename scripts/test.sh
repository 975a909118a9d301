#!/usr/bin/env bash
# The test command (README, .ci/run): system packages first, then every module's tests.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
"$ROOT/scripts/install-system-deps.sh" test
cd "$ROOT"
mvn -B -ntp verify "$@"
# The launcher's own promise, from the built jars: headless demo reaches the home screen.
touch "$ROOT/kiosk-app/target/.kiosk-built"
"$ROOT/kiosk" demo --smoke --screenshot "$ROOT/kiosk-app/target/smoke-home.png"
# ... and in elderly mode on a portrait kiosk screen, the home screen written at exactly that size (issue 8).
"$ROOT/kiosk" demo --smoke --elderly --size 1080x1920 --screenshot "$ROOT/kiosk-app/target/smoke-home-elderly-portrait.png"
"$ROOT/scripts/png-size.sh" "$ROOT/kiosk-app/target/smoke-home-elderly-portrait.png" 1080x1920
# The Debian package (issue 9): build it from the jars just verified, check its metadata and contents,
# install it, run kiosk --version / selftest / the headless UI from the installed files, upgrade it over
# itself keeping the queued applications, then remove and purge it.
"$ROOT/installer/test-deb.sh"
