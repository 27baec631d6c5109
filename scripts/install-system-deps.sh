#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages lam-bridge needs, by group.
#
#   bash scripts/install-system-deps.sh GROUP...   (build desktop office baseline chromium windows all)
#
# Exit 0 when every package of the groups is installed (afterwards or already).
# When something is missing and we cannot install it (not root, and not CI with
# sudo), print the exact apt-get command to stderr and exit 1 so the caller can
# tell the user what to run instead of failing later with an obscure error.
# Kept to one dpkg-query call so the common "all present" case stays well
# under half a second: the test global setup calls it on every run.
set -euo pipefail

log() { printf 'install-system-deps: %s\n' "$*" >&2; }

PKGS_build=(build-essential cmake pkg-config libdbus-1-dev libatspi2.0-dev libx11-dev libxtst-dev libxext-dev)
# openbox: a small EWMH window manager, for the test that raising works under one (test/e2e/window-manager.test.ts).
# x11-utils: also xprop, with which the headless desktop publishes the bus on the root window for Qt 5.
PKGS_desktop=(xvfb dbus dbus-x11 at-spi2-core gtk-3-examples gtk-4-examples libglib2.0-bin xdotool x11-utils imagemagick fonts-dejavu-core openbox)
# qtbase5-examples: the Qt 5 widgets apps of the Qt contract target (test/contract/atspi-qt5.contract.test.ts).
# python3-pyqt6: a Qt 6 window for test/e2e/qt6-window.test.ts (test/fixtures/qt6-window.py).
PKGS_desktop+=(qtbase5-examples python3-pyqt6)
PKGS_office=(libreoffice-writer libreoffice-calc libreoffice-impress libreoffice-gtk3)
# The UNO backend's build (lam_uno.so: cppumaker and the SDK headers) and the office tests' independent readers
# of saved .docx/.xlsx files.
PKGS_office+=(libreoffice-dev libreoffice-dev-common python3-docx python3-openpyxl)
PKGS_baseline=(python3-pyatspi python3-gi gir1.2-atspi-2.0 python3-lxml)
# python3-uno: PyUNO, the Office route bench/office.bench.ts measures lam-bridge's Office functions against.
PKGS_baseline+=(python3-uno)
# Chromium, for the browser contract (test/contract/atspi-chromium.contract.test.ts). Debian's package is the
# browser itself; on Ubuntu the apt package only installs the snap, which does not run in most containers.
PKGS_chromium=(chromium)
# windows: the Windows addon's cross build (mingw-w64, GCC's posix threading variant for std::thread) and
# debootstrap, with which scripts/wine10.sh makes the Debian trixie chroot that runs Wine 10 for test/wine/.
PKGS_windows=(g++-mingw-w64-x86-64-posix mingw-w64-x86-64-dev binutils-mingw-w64-x86-64 debootstrap)
ALL_GROUPS=(build desktop office baseline chromium windows)

usage() {
  echo "usage: $0 GROUP... (groups: ${ALL_GROUPS[*]} all)" >&2
  exit 2
}

[[ $# -gt 0 ]] || usage

wanted=()
add_group() {
  case "$1" in
    build) wanted+=("${PKGS_build[@]}") ;;
    desktop) wanted+=("${PKGS_desktop[@]}") ;;
    office) wanted+=("${PKGS_office[@]}") ;;
    baseline) wanted+=("${PKGS_baseline[@]}") ;;
    chromium) wanted+=("${PKGS_chromium[@]}") ;;
    windows) wanted+=("${PKGS_windows[@]}") ;;
    all) for g in "${ALL_GROUPS[@]}"; do add_group "$g"; done ;;
    *) log "unknown group '$1'"; usage ;;
  esac
}
for g in "$@"; do add_group "$g"; done

# De-duplicate while keeping order, so the printed command is stable.
declare -A seen=()
pkgs=()
for p in "${wanted[@]}"; do
  if [[ -z "${seen[$p]:-}" ]]; then
    seen[$p]=1
    pkgs+=("$p")
  fi
done

if ! command -v dpkg-query >/dev/null 2>&1; then
  log "dpkg-query not found: this script only knows Debian/Ubuntu. Install the equivalents of: ${pkgs[*]}"
  exit 1
fi

# dpkg-query exits 1 when any name is unknown to dpkg (never installed); that
# is an expected outcome here, the missing names are derived from the output.
# Status-Abbrev's second letter is the current state; 'i' = installed (this
# also accepts held packages, "hi").
declare -A installed=()
while read -r name status; do
  [[ -n "$name" ]] || continue
  if [[ "${status:1:1}" == "i" ]]; then
    installed[${name%%:*}]=1
  fi
done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${pkgs[@]}" 2>/dev/null || true)

missing=()
for p in "${pkgs[@]}"; do
  [[ -n "${installed[$p]:-}" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  log "all ${#pkgs[@]} packages present ($*)"
  exit 0
fi

log "missing: ${missing[*]}"

install_cmd=(apt-get install -y --no-install-recommends "${missing[@]}")
prefix=()
if [[ "$(id -u)" -eq 0 ]]; then
  prefix=()
elif [[ "${CI:-}" == "true" ]] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  prefix=(sudo -n)
else
  {
    echo "install-system-deps: not root; run this and retry:"
    echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive ${install_cmd[*]}"
  } >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
log "apt-get update"
"${prefix[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
log "${install_cmd[*]}"
"${prefix[@]}" env DEBIAN_FRONTEND=noninteractive "${install_cmd[@]}" >&2

# Verify rather than trust apt-get's exit status: a package name that does not
# exist on this distribution release would otherwise slip through silently.
still=()
declare -A now=()
while read -r name status; do
  [[ -n "$name" && "${status:1:1}" == "i" ]] && now[${name%%:*}]=1
done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${missing[@]}" 2>/dev/null || true)
for p in "${missing[@]}"; do
  [[ -n "${now[$p]:-}" ]] || still+=("$p")
done
if [[ ${#still[@]} -gt 0 ]]; then
  log "still missing after apt-get install: ${still[*]}"
  exit 1
fi
log "installed ${#missing[@]} packages"
