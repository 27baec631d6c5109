#!/bin/sh
# Builds the C baseline walk into build/baselines/ when it is missing or older than its source, so benchmark
# and correctness scripts can call this unconditionally. Needs libatspi2.0-dev and pkg-config.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
src="$root/bench/baselines/atspi-walk.c"
out="$root/build/baselines/atspi-walk"
if [ ! -x "$out" ] || [ "$src" -nt "$out" ] || [ "$0" -nt "$out" ]; then
  mkdir -p "$root/build/baselines"
  # pkg-config is expanded unquoted on purpose: it yields several flags. gobject-2.0 is listed because
  # atspi-2.pc only names it in Requires.private, which `--libs` leaves out.
  # shellcheck disable=SC2046
  ${CC:-cc} -O2 -Wall -Wextra -o "$out.tmp" "$src" $(pkg-config --cflags --libs atspi-2 gobject-2.0)
  mv "$out.tmp" "$out"
  echo "built $out" >&2
fi
