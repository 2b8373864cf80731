"""Build the student executable with PyInstaller, show progress, and smoke-test the result.

    python packaging/build.py              # one folder: dist/convstudio/
    python packaging/build.py --onefile    # one file:   dist/convstudio(.exe)
    python packaging/build.py --smoke      # then run it offscreen through a whole iteration

Ctrl+C stops the build cleanly. Needs the `package` extra: pip install ".[package]".
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "convstudio.spec"
#: PyInstaller's log lines that mark the stages of a build, in order.
STAGES = [
    ("Analyzing", "analysing imports"),
    ("Processing module hooks", "running hooks"),
    ("Building PYZ", "packing Python modules"),
    ("Building EXE", "building the executable"),
    ("Building COLLECT", "collecting libraries"),
    ("Build complete", "done"),
]
#: The worked example's whole iteration: 4 outputs, pool, loss, dL/dp, 4 dL/do, 4 dL/dW, 4 updates.
SMOKE_STEPS = 19


def build(onefile: bool) -> Path:
    env = dict(os.environ, CONVSTUDIO_ONEFILE="1" if onefile else "0")
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
        "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build" / "pyinstaller"), str(SPEC),
    ]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    log = ROOT / "build" / "pyinstaller.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    seen = 0
    try:
        with log.open("w", encoding="utf-8") as out:
            assert process.stdout is not None
            for line in process.stdout:
                out.write(line)
                for i, (marker, words) in enumerate(STAGES):
                    if i >= seen and marker in line:
                        seen = i + 1
                        print(
                            f"[{seen}/{len(STAGES)}] {words} ({time.perf_counter() - started:.0f} s)",
                            flush=True,
                        )
        code = process.wait()
    except KeyboardInterrupt:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()
        raise SystemExit("build stopped; nothing was installed (dist/ may hold a partial build)") from None
    if code != 0:
        raise SystemExit(f"PyInstaller failed (exit {code}); see {log.relative_to(ROOT)}")
    if onefile:
        target = ROOT / "dist" / ("convstudio.exe" if sys.platform == "win32" else "convstudio")
    else:
        target = ROOT / "dist" / "convstudio"
        strip_debug_info(target)
        shutil.copy(ROOT / "packaging" / "convstudio.desktop", target / "convstudio.desktop")
        shutil.copy(ROOT / "resources" / "icons" / "convstudio.svg", target / "convstudio.svg")
    print(
        f"built {target.relative_to(ROOT)}: {size_mb(target):.1f} MiB"
        f" in {time.perf_counter() - started:.0f} s"
    )
    return target


def strip_debug_info(target: Path) -> None:
    """Drop the debugging symbols of libpython and Python's own extension modules (16 MB of
    libpython's 22 MB when Python was built with them). Only Python's files, only debug sections:
    PyInstaller's strip=True would also strip numpy's OpenBLAS, which then fails to load.
    Skipped where there is no `strip` (Windows, macOS builds)."""
    strip = shutil.which("strip")
    if strip is None or not sys.platform.startswith("linux"):
        return
    internal = target / "_internal"
    for lib in [*internal.glob("libpython*.so*"), *internal.glob("python3*/lib-dynload/*.so")]:
        subprocess.run([strip, "--strip-debug", str(lib)], check=True)


def size_mb(path: Path) -> float:
    """Size in MiB (what `du -sh` calls M), counting each file once."""
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20


def executable(target: Path) -> Path:
    if target.is_file():
        return target
    return target / ("convstudio.exe" if sys.platform == "win32" else "convstudio")


def verify(target: Path) -> None:
    """Fail on a missing lesson, Qt plugin or library, before anyone runs the bundle."""
    internal = target / "_internal"
    lessons = sorted(p.name for p in (ROOT / "resources" / "lessons").glob("*.toml"))
    bundled = sorted(p.name for p in (internal / "convstudio" / "resources" / "lessons").glob("*.toml"))
    if bundled != lessons:
        raise SystemExit(f"lessons missing from the bundle: {sorted(set(lessons) - set(bundled))}")
    for font in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        if not (internal / "convstudio" / "resources" / "fonts" / font).is_file():
            raise SystemExit(f"font {font} missing from the bundle")
    if not sys.platform.startswith("linux"):
        return
    plugins = internal / "PySide6" / "Qt" / "plugins"
    needed = ["platforms/libqxcb.so", "platforms/libqoffscreen.so", "imageformats/libqjpeg.so",
              "imageformats/libqgif.so", "iconengines/libqsvgicon.so"]  # fmt: skip
    missing = [name for name in needed if not (plugins / name).is_file()]
    if missing:
        raise SystemExit(f"Qt plugins missing from the bundle: {', '.join(missing)}")
    ldd = shutil.which("ldd")
    if ldd is None:
        return
    env = dict(os.environ, LD_LIBRARY_PATH=f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}")
    for lib in [*plugins.rglob("*.so"), *(internal / "PySide6" / "Qt" / "lib").glob("*.so*")]:
        out = subprocess.run([ldd, str(lib)], env=env, capture_output=True, text=True).stdout
        absent = [line.split()[0] for line in out.splitlines() if "not found" in line]
        if absent:
            raise SystemExit(
                f"{lib.relative_to(target)} needs {', '.join(absent)}, which the build host lacks"
            )
    print("bundle verified: every lesson, the fonts, the Qt plugins and their libraries are there")


def smoke(target: Path, shot: Path) -> None:
    """Run the built program offscreen through a whole iteration; the screenshot must be a real window."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONPATH", None)
    command = [str(executable(target)), "--screenshot", str(shot), "--steps", str(SMOKE_STEPS)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise SystemExit(f"the built program failed (exit {result.returncode}):\n{result.stderr}")
    check_screenshot(shot)
    print(f"smoke test passed: {shot}")


def check_screenshot(shot: Path) -> None:
    """A 1280x800 PNG with many colours (panels and text rendered, not a blank or a box-font window)."""
    data = shot.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{shot} is not a PNG")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if (width, height) != (1280, 800):
        raise SystemExit(f"the screenshot is {width}x{height}, not 1280x800")
    if len(data) < 40_000:
        raise SystemExit(f"the screenshot is suspiciously small ({len(data)} bytes): blank window?")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--onefile", action="store_true", help="one self-unpacking file instead of a folder")
    parser.add_argument(
        "--smoke", action="store_true", help="run the result offscreen and check its screenshot"
    )
    args = parser.parse_args()
    target = build(args.onefile)
    if not args.onefile:
        verify(target)
    if args.smoke:
        smoke(target, ROOT / "build" / "smoke.png")


if __name__ == "__main__":
    main()
