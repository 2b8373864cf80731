#!/usr/bin/env bash
# Try the built bundle as a new student would: on a bare Debian (debootstrap --variant=minbase, no
# fonts, no X, no Python) with only the system packages the README lists, run it offscreen through a
# whole iteration, once plain and once with every instrument open, bring the screenshots back to
# compare with the ones the bundle makes on the build machine, then open a real X11 window (Xvfb).
#
#   python packaging/build.py --smoke                      # first: the bundle and its screenshots
#   sudo packaging/try_bare_debian.sh                      # bookworm, the README's packages
#   sudo packaging/try_bare_debian.sh trixie               # another release
#   sudo packaging/try_bare_debian.sh bookworm libgl1      # only these packages
#   sudo packaging/try_bare_debian.sh bookworm -           # nothing beyond minbase
#
# Needs root (chroot, mount), debootstrap and a Debian mirror (DEBIAN_MIRROR). The bare system is made
# once per release under CONVSTUDIO_BARE_DIR (default /tmp/convstudio-bare) and copied for each trial,
# so every trial starts from minbase. Prints the verdict; the screenshots land in build/bare-*.png.
set -euo pipefail
cd "$(dirname "$0")/.."

RELEASE=${1:-bookworm}
shift || true
README_PACKAGES=(libgl1 libegl1 libfontconfig1)  # keep in step with the README, "For students"
if [ $# -eq 0 ]; then PACKAGES=("${README_PACKAGES[@]}"); elif [ "$*" = - ]; then PACKAGES=(); else PACKAGES=("$@"); fi
BARE_DIR=${CONVSTUDIO_BARE_DIR:-/tmp/convstudio-bare}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
BUNDLE=dist/convstudio
BASE=$BARE_DIR/base-$RELEASE
TRIAL=$BARE_DIR/trial-$RELEASE
NAME=bare-$RELEASE
[ ${#PACKAGES[@]} -eq 0 ] && NAME=$NAME-nothing
[ ${#PACKAGES[@]} -gt 0 ] && [ "${PACKAGES[*]}" != "${README_PACKAGES[*]}" ] && NAME=$NAME-$(IFS=-; echo "${PACKAGES[*]}")

fail() { echo "try_bare_debian: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (debootstrap, chroot and mount)"
command -v debootstrap >/dev/null || fail "needs debootstrap (apt-get install debootstrap)"
[ -x "$BUNDLE/convstudio" ] || fail "no bundle in $BUNDLE: run python packaging/build.py --smoke first"
[ -f build/smoke-instruments.png ] || fail "no screenshots to compare with: run python packaging/build.py --smoke first"

if [ ! -x "$BASE/usr/bin/apt-get" ]; then
    echo "making a bare $RELEASE in $BASE (once)"
    rm -rf "$BASE.partial"
    mkdir -p "$BARE_DIR"
    debootstrap --variant=minbase "$RELEASE" "$BASE.partial" "$MIRROR" >"$BARE_DIR/debootstrap-$RELEASE.log"
    chroot "$BASE.partial" apt-get update -qq
    mv "$BASE.partial" "$BASE"
fi

cleanup() { umount "$TRIAL/proc" 2>/dev/null || true; }
trap cleanup EXIT
cleanup
rm -rf "$TRIAL"
cp -a "$BASE" "$TRIAL"
mount -t proc proc "$TRIAL/proc"  # the bootloader finds itself through /proc/self/exe
if [ ${#PACKAGES[@]} -gt 0 ]; then
    echo "installing only: ${PACKAGES[*]}"
    chroot "$TRIAL" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${PACKAGES[@]}" >"$BARE_DIR/apt-$NAME.log" 2>&1
else
    echo "installing nothing beyond minbase"
fi
echo "fonts on the bare system: $(chroot "$TRIAL" sh -c 'ls /usr/share/fonts 2>/dev/null | wc -l') font folders"
cp -a "$BUNDLE" "$TRIAL/opt/convstudio"

run() {  # run the bundle in the bare system as a student's shell would, with a clean environment
    chroot "$TRIAL" env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
        /opt/convstudio/convstudio "$@"
}
status=0
run --screenshot /tmp/shot.png --steps 19 2>"build/$NAME.stderr" || status=$?
if [ $status -ne 0 ]; then
    cat "build/$NAME.stderr" >&2
    fail "the bundle failed on a bare $RELEASE with ${PACKAGES[*]:-nothing} installed (exit $status)"
fi
cp "$TRIAL/tmp/shot.png" "build/$NAME.png"
run --screenshot /tmp/instruments.png --steps 19 --instrument all 2>>"build/$NAME.stderr" ||
    fail "the bundle could not open its instruments on a bare $RELEASE: see build/$NAME.stderr"
cp "$TRIAL/tmp/instruments.png" "build/$NAME-instruments.png"

# A real X11 window (the xcb platform and the xcb libraries the bundle carries): Xvfb stands in for
# the student's desktop, so it is installed now, after the trials above, and is not on the list.
chroot "$TRIAL" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    xvfb xauth >>"$BARE_DIR/apt-$NAME.log" 2>&1
mkdir -p "$TRIAL/tmp/home"
painted=$(chroot "$TRIAL" env -i PATH=/usr/bin:/bin HOME=/tmp/home LANG=C.UTF-8 QT_QPA_PLATFORM=xcb \
    CONVSTUDIO_REPORT_FIRST_PAINT=1 xvfb-run -a -s "-screen 0 1280x1024x24" /opt/convstudio/convstudio \
    2>>"build/$NAME.stderr" | grep -c first-paint || true)
[ "$painted" = 1 ] || fail "the bundle did not paint a window on X11 (xcb): see build/$NAME.stderr"
echo "a real X11 window (xcb, under Xvfb) painted"

# The same pixels as on the build machine (an instrument may print a measured time): needs a Python
# with PySide6, e.g. the build's venv (PYTHON=.venv/bin/python).
PYTHON=${PYTHON:-python3}
if "$PYTHON" -c "import PySide6" 2>/dev/null; then
    "$PYTHON" packaging/screenshots.py "build/$NAME.png" build/smoke.png
    "$PYTHON" packaging/screenshots.py "build/$NAME-instruments.png" build/smoke-instruments.png --allow 0.01
else
    echo "no PySide6 in $PYTHON: compare build/$NAME*.png with build/smoke*.png yourself"
fi
echo "the bundle ran on a bare $RELEASE with ${PACKAGES[*]:-nothing} installed: build/$NAME.png"
