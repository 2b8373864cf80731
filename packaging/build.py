"""Build the student executable with PyInstaller, show progress, check it and smoke-test it.

    python packaging/build.py                  # one folder: dist/convstudio/
    python packaging/build.py --onefile        # one file:   dist/onefile/convstudio(.exe)
    python packaging/build.py --smoke          # then run it offscreen, plain and with each instrument
    python packaging/build.py --smoke-only     # smoke-test the folder already built
    python packaging/build.py --archive        # then pack it for download: dist/convstudio-*.tar.gz

Every build is checked: every resource file and every ConvStudio module is inside, and (Linux) the
Qt plugins ConvStudio needs and every library they load. The smoke test runs the built program
offscreen through a whole iteration of the worked example, then once with each instrument open, and
compares each screenshot pixel for pixel with the same run from source. Ctrl+C stops the build
cleanly. Needs the `package` extra: pip install ".[package]".
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "packaging"), str(ROOT)]
import screenshots  # noqa: E402
import trim  # noqa: E402

SPEC = ROOT / "packaging" / "convstudio.spec"
BUILD = ROOT / "build"
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
#: The share of pixels an instrument's screenshot may differ by from source: the nudge experiment
#: prints how long its passes took. The main window has to match exactly.
INSTRUMENT_ALLOWANCE = 0.01
#: Qt plugins (Linux) without which the bundle cannot start or misbehaves.
NEEDED_PLUGINS = (
    "platforms/libqxcb.so", "platforms/libqoffscreen.so", "imageformats/libqjpeg.so",
    "imageformats/libqgif.so", "iconengines/libqsvgicon.so",
    "platforminputcontexts/libcomposeplatforminputcontextplugin.so",
)  # fmt: skip
#: What the bundle takes from the student's Linux: the C library, and OpenGL and libxcb (the ones
#: that must match the system's drivers and X server), from the README's libgl1 and libegl1.
SYSTEM_LIBS = {
    "libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libutil.so.1",
    "libGL.so.1", "libGLX.so.0", "libGLdispatch.so.0", "libEGL.so.1", "libOpenGL.so.0", "libxcb.so.1",
}  # fmt: skip
EXE_NAME = "convstudio.exe" if sys.platform == "win32" else "convstudio"


def build(onefile: bool) -> tuple[Path, float]:
    """Run PyInstaller on the spec; the folder (or file) built and the seconds it took."""
    env = dict(os.environ, CONVSTUDIO_ONEFILE="1" if onefile else "0")
    dist = ROOT / "dist" / "onefile" if onefile else ROOT / "dist"
    work = BUILD / ("pyinstaller-onefile" if onefile else "pyinstaller")
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
        "--distpath", str(dist), "--workpath", str(work), str(SPEC),
    ]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    log = BUILD / ("pyinstaller-onefile.log" if onefile else "pyinstaller.log")
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
    target = dist / EXE_NAME if onefile else dist / "convstudio"
    if not onefile and sys.platform.startswith("linux"):
        for name in ("convstudio.desktop", "install-desktop-entry.sh"):
            shutil.copy(ROOT / "packaging" / name, target / name)
        shutil.copy(ROOT / "resources" / "icons" / "convstudio.svg", target / "convstudio.svg")
    seconds = time.perf_counter() - started
    print(f"built {target.relative_to(ROOT)}: {size_mib(target):.1f} MiB in {seconds:.0f} s")
    return target, seconds


def size_mib(path: Path) -> float:
    """Size in MiB (what `du -sh` calls M), counting each file once."""
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20


def executable(target: Path) -> Path:
    return target if target.is_file() else target / EXE_NAME


def contents(target: Path) -> tuple[set[str], set[str]]:
    """The bundle's data and library files (paths as in the bundle) and the Python modules it holds."""
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(executable(target)))
    (pyz,) = [name for name in archive.toc if name.endswith(".pyz")]
    modules = set(archive.open_embedded_archive(pyz).toc)
    if target.is_file():  # one file: everything is inside the executable
        return set(archive.toc), modules
    internal = target / "_internal"
    return {p.relative_to(internal).as_posix() for p in internal.rglob("*") if p.is_file()}, modules


def source_modules() -> set[str]:
    """Every module of the convstudio package in the checkout."""
    package = ROOT / "convstudio"
    names = set()
    for path in package.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def verify(target: Path) -> None:
    """Fail on a missing resource, module, Qt plugin or library, before anyone runs the bundle."""
    files, modules = contents(target)
    resources = {
        "convstudio/resources/" + p.relative_to(ROOT / "resources").as_posix()
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and trim.wanted("convstudio/resources/" + p.relative_to(ROOT / "resources").as_posix())
    }
    missing = sorted(resources - files)
    if missing:
        raise SystemExit(f"missing from the bundle: {', '.join(missing)}")
    missing = sorted(source_modules() - modules)
    if missing:
        raise SystemExit(f"ConvStudio modules missing from the bundle: {', '.join(missing)}")
    if sys.platform.startswith("linux"):
        plugins = "PySide6/Qt/plugins/"
        missing = [name for name in NEEDED_PLUGINS if plugins + name not in files]
        if missing:
            raise SystemExit(f"Qt plugins missing from the bundle: {', '.join(missing)}")
        if target.is_dir():
            check_libraries(target / "_internal")
    linux = sys.platform.startswith("linux")
    print(
        f"bundle verified: {len(resources)} resource files, {len(source_modules())} ConvStudio modules"
        + (", the Qt plugins" if linux else "")
        + (" and every library they load" if linux and target.is_dir() else "")
    )


def check_libraries(internal: Path) -> None:
    """Every shared library in the bundle finds what it links to in the bundle, or is one the
    student's system provides (SYSTEM_LIBS). What the build machine lacks is missing from the bundle
    (it holds only the xcb libraries the build machine has; PyInstaller merely warns), and what the
    build machine has but the bundle left out would be missing on a bare system."""
    from convstudio import libraries

    env = dict(os.environ, LD_LIBRARY_PATH=f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}")
    for lib in sorted(internal.rglob("*.so*")):
        if lib.is_symlink() or not lib.is_file():
            continue
        links = libraries.links(lib, env)
        absent = sorted({name for name, where in links if where == "not found"})
        if absent:
            raise SystemExit(
                f"{lib.relative_to(internal)} needs {', '.join(absent)}, which the build machine lacks: "
                "install it and build again (see the README, Build the executable)"
            )
        outside = sorted(
            {name for name, where in links if not Path(where).is_relative_to(internal)} - SYSTEM_LIBS
        )
        if outside:
            raise SystemExit(
                f"{lib.relative_to(internal)} needs {', '.join(outside)}, which the bundle left out and a "
                "bare system does not have"
            )


def instrument_keys() -> list[str]:
    from convstudio.ui.instruments.registry import INSTRUMENTS

    return [instrument.key for instrument in INSTRUMENTS]


def take(command: list[str], shot: Path, extra: list[str]) -> float:
    """Run ConvStudio offscreen to a screenshot after a whole iteration; the seconds it took."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG=os.environ.get("LANG", "C.UTF-8"))
    env.pop("PYTHONPATH", None)
    with tempfile.TemporaryDirectory() as home:  # no settings or recovery file of a real user
        env.update(CONVSTUDIO_DATA_DIR=home, XDG_CONFIG_HOME=home)
        started = time.perf_counter()
        result = subprocess.run(
            [*command, "--screenshot", str(shot), "--steps", str(SMOKE_STEPS), *extra],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    if result.returncode != 0:
        words = " ".join([*command, *extra])
        raise SystemExit(f"{words} failed (exit {result.returncode}):\n{result.stderr}")
    return time.perf_counter() - started


def smoke(target: Path) -> None:
    """The built program, offscreen: a whole iteration, then each instrument, then all of them; each
    screenshot a real window with the same pixels as the run from source (an instrument's all but a
    measured time)."""
    runs = [("smoke", [])]
    runs += [(f"smoke-{key}", ["--instrument", key]) for key in instrument_keys()]
    runs += [("smoke-instruments", ["--instrument", "all"])]
    for name, extra in runs:
        shot, reference = BUILD / f"{name}.png", BUILD / f"{name}-source.png"
        seconds = take([str(executable(target))], shot, extra)
        take([sys.executable, "-m", "convstudio"], reference, extra)
        screenshots.check(shot)
        problem = screenshots.difference(shot, reference, INSTRUMENT_ALLOWANCE if extra else 0.0)
        if problem:
            raise SystemExit(f"the built program draws differently from the source: {problem}")
        print(f"smoke test passed: {shot.relative_to(ROOT)} ({seconds:.1f} s, looks as from source)")


def archive(target: Path) -> Path:
    """What students download: the folder packed as .tar.gz (a .zip on Windows; on macOS the .app,
    zipped by ditto, which keeps the links inside its frameworks)."""
    from convstudio import __version__

    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    stem = f"convstudio-{__version__}-{system}-{platform.machine().lower()}"
    started = time.perf_counter()
    if sys.platform == "darwin":
        packed = target.parent / f"{stem}.zip"
        app = target.parent / "ConvStudio.app"
        subprocess.run(["ditto", "-c", "-k", "--keepParent", str(app), str(packed)], check=True)
    else:
        kind = "zip" if sys.platform == "win32" else "gztar"
        packed = Path(shutil.make_archive(str(target.parent / stem), kind, target.parent, target.name))
    print(
        f"packed {packed.relative_to(ROOT)}: {size_mib(packed):.1f} MiB"
        f" in {time.perf_counter() - started:.0f} s"
    )
    return packed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--onefile", action="store_true", help="one self-unpacking file instead of a folder")
    parser.add_argument(
        "--smoke", action="store_true", help="run the result offscreen and compare its screenshots"
    )
    parser.add_argument("--smoke-only", action="store_true", help="check and smoke-test the last build")
    parser.add_argument("--archive", action="store_true", help="pack the folder for download")
    args = parser.parse_args()
    if args.smoke_only:
        target = ROOT / "dist" / "onefile" / EXE_NAME if args.onefile else ROOT / "dist" / "convstudio"
        if not executable(target).is_file():
            raise SystemExit(f"nothing built at {target.relative_to(ROOT)}: run packaging/build.py first")
    else:
        target, _ = build(args.onefile)
    verify(target)
    if args.smoke or args.smoke_only:
        smoke(target)
    if args.archive and target.is_dir():
        archive(target)


if __name__ == "__main__":
    main()
