#!/usr/bin/env bash
# The soak benchmark: a headless kiosk (Monocle, simulators, embedded centre) drives TRIPS whole trips
# (default 300) and prints the heap after a full GC, the live JavaFX nodes and the open file descriptors every
# EVERY trips (default 50), then the last figures against the first. Usage: scripts/soak.sh [TRIPS] [EVERY]
set -euo pipefail
cd "$(dirname "$0")/.."
trips="${1:-300}"
every="${2:-50}"
mvn -B -ntp test -pl kiosk-app -am -Dtest=KioskSoakBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dsoak.trips="$trips" -Dsoak.every="$every" -Dtest.jvm.extra=-XX:SoftRefLRUPolicyMSPerMB=0 2>&1 | grep --line-buffered -E '^\[soak\]|BUILD|ERROR|FAIL'
# -XX:SoftRefLRUPolicyMSPerMB=0: a full GC also clears softly held caches (JavaFX's software pipeline keeps effect
# images softly), so the heap figure is what is really kept alive.
