#!/usr/bin/env bash
# png-size.sh FILE WIDTHxHEIGHT: fails, saying what it found, unless FILE is a PNG of exactly that size.
set -euo pipefail
file="$1" want="$2"
[ -s "$file" ] || { echo "png-size: $file is missing or empty" >&2; exit 1; }
# a PNG starts with its 8-byte signature, then the IHDR chunk: length, "IHDR", width and height (big-endian)
[ "$(head -c 8 "$file" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] \
  || { echo "png-size: $file is not a PNG" >&2; exit 1; }
read -r w h < <(od -An -tu1 -j16 -N8 "$file" | awk '{print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}')
[ "${w}x${h}" = "$want" ] || { echo "png-size: $file is ${w}x${h}, not $want" >&2; exit 1; }
echo "png-size: $file is $want"
