"""The student executable's build (packaging/) keeps what ConvStudio needs, leaves out the rest and
names anything missing; its screenshots, icons, desktop entry and smoke test.

Qt never loads in this process: the checks that need it run ConvStudio in a subprocess.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"

# --- the student executable (packaging/) -------------------------------------------------------


def packaging_module(name: str):  # type: ignore[no-untyped-def]
    """packaging/NAME.py, which is a folder of scripts, not a package."""
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        # the platforms ConvStudio runs on, on each system, and what a real X11 window needs
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
        ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so", True),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        # plugins, translations and Qt modules ConvStudio never uses
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/lib/libQt6Network.so.6", False),
        ("PySide6/Qt/lib/libQt6QuickWidgets.so.6", False),
        ("PySide6\\Qt6Qml.dll", False),
        ("PySide6/Qt/lib/QtNetwork.framework/Versions/A/QtNetwork", False),
        ("PySide6/Qt/lib/QtNetwork.framework/Resources/Info.plist", False),
        ("python3.11/lib-dynload/_codecs_jp.cpython-311-x86_64-linux-gnu.so", False),
        ("_codecs_kr.pyd", False),
        ("pyqtgraph/icons/peegee/peegee_512px@2x.png", False),
        ("convstudio/resources/icons/convstudio.ico", False),
        ("convstudio/resources/screenshots/main-window.png", False),
        # the floor: Qt's core, ICU, NumPy's OpenBLAS, and everything of ours
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        ("PySide6/Qt/lib/libQt6Gui.so.6", True),
        ("PySide6/Qt/lib/libQt6Svg.so.6", True),
        ("PySide6/Qt/lib/libQt6OpenGL.so.6", True),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", True),
        ("PySide6/Qt/lib/QtCore.framework/Versions/A/QtCore", True),
        ("PySide6/Qt/lib/libicudata.so.73", True),
        ("numpy.libs/libscipy_openblas64_-32a4b2a6.so", True),
        ("python3.11/lib-dynload/_ctypes.cpython-311-x86_64-linux-gnu.so", True),
        ("pyqtgraph/icons/auto.png", True),
        ("pyqtgraph/colors/maps/CET-D1.csv", True),
        ("convstudio/resources/lessons/worked-example.toml", True),
        ("convstudio/resources/data/digits.npz", True),
        ("convstudio/resources/fonts/DejaVuSans.ttf", True),
        ("convstudio/resources/icons/convstudio.svg", True),
        ("convstudio/resources/translations/convstudio_de.qm", True),
        ("convstudio/resources/translations/qtbase_es.qm", True),
        ("convstudio/resources/translations/convstudio_es.ts", False),
    ],
)
def test_the_bundle_keeps_what_convstudio_uses_and_nothing_else(path, kept):
    assert packaging_module("trim").wanted(path) is kept


def imported_names(source: str) -> set[str]:
    """Every module an import statement in ``source`` names (``from a import b`` names a and a.b)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_convstudio_imports_nothing_the_bundle_leaves_out():
    excluded = packaging_module("trim").EXCLUDES
    assert "PySide6.QtNetwork" in imported_names("from PySide6 import QtCore, QtNetwork")
    assert "PySide6.QtPrintSupport" in imported_names("from PySide6.QtPrintSupport import QPrinter")
    offenders = []
    for path in sorted((ROOT / "convstudio").rglob("*.py")):
        for name in imported_names(path.read_text(encoding="utf-8")):
            if any(name == ex or name.startswith(ex + ".") for ex in excluded):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not offenders, "the executable leaves these out (packaging/trim.py): " + "; ".join(offenders)


def test_the_build_check_names_a_missing_resource_module_or_plugin(monkeypatch, tmp_path):
    build = packaging_module("build")
    resources = {
        "convstudio/resources/" + p.relative_to(ROOT / "resources").as_posix()
        for p in (ROOT / "resources").rglob("*")
        if p.is_file()
    }
    plugins = {"PySide6/Qt/plugins/" + name for name in build.NEEDED_PLUGINS}
    modules = build.source_modules()
    # the instruments are imported by name: the check must know their modules
    instruments = (ROOT / "convstudio" / "ui" / "instruments" / "registry.py").read_text(encoding="utf-8")
    named = set(re.findall(r'"(convstudio\.[\w.]+)"', instruments))
    assert named and named <= modules
    target = tmp_path / "convstudio"  # a one-file build: no libraries to look at
    target.write_bytes(b"")

    def bundle_holds(files: set[str], mods: set[str]) -> None:
        monkeypatch.setattr(build, "contents", lambda _: (files, mods))

    bundle_holds(resources | plugins, modules)
    build.verify(target)
    lesson = "convstudio/resources/lessons/max-pooling.toml"
    font = "convstudio/resources/fonts/DejaVuSans-Bold.ttf"
    digits = "convstudio/resources/data/digits.npz"
    for gone in (lesson, font, digits, "convstudio/resources/icons/convstudio.svg"):
        bundle_holds(resources - {gone} | plugins, modules)
        with pytest.raises(SystemExit, match=re.escape(gone)):
            build.verify(target)
    for module in sorted(named):
        bundle_holds(resources | plugins, modules - {module})
        with pytest.raises(SystemExit, match=re.escape(module)):
            build.verify(target)
    if sys.platform.startswith("linux"):
        bundle_holds(resources | plugins - {"PySide6/Qt/plugins/platforms/libqxcb.so"}, modules)
        with pytest.raises(SystemExit, match=re.escape("platforms/libqxcb.so")):
            build.verify(target)


def test_the_build_check_names_a_library_the_build_machine_lacks(tmp_path):
    # Qt's xcb plugin alone, without the Qt libraries it links to: ldd says they are not found.
    spec = importlib.util.find_spec("PySide6")  # finds the package without loading Qt
    assert spec is not None and spec.submodule_search_locations
    plugin = Path(spec.submodule_search_locations[0]) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    internal = tmp_path / "_internal"
    (internal / "PySide6" / "Qt" / "plugins" / "platforms").mkdir(parents=True)
    shutil.copy(plugin, internal / "PySide6" / "Qt" / "plugins" / "platforms")
    with pytest.raises(SystemExit, match=r"libqxcb.so needs .*libQt6XcbQpa.so.6"):
        packaging_module("build").check_libraries(internal)


def test_the_build_check_names_a_system_library_the_bundle_left_out(tmp_path):
    # The system's fontconfig alone: it needs FreeType and Expat, which a bare system lacks. With
    # everything it links to beside it (but the C library), the check is content.
    build = packaging_module("build")
    ldconfig = shutil.which("ldconfig") or "/sbin/ldconfig"
    cache = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, check=True).stdout
    source = next(line.split(" => ")[1] for line in cache.splitlines() if "\tlibfontconfig.so.1 (" in line)
    internal = tmp_path / "_internal"
    internal.mkdir()
    shutil.copy(source, internal)
    with pytest.raises(SystemExit, match=r"libfontconfig.so.1 needs .*libfreetype.so.6.*the bundle left out"):
        build.check_libraries(internal)
    links = subprocess.run(["ldd", source], capture_output=True, text=True, check=True).stdout.splitlines()
    for name, _, path, *_ in (line.split() for line in links if "=>" in line):
        if name not in build.SYSTEM_LIBS:
            shutil.copy(path, internal / name)
    assert len(list(internal.iterdir())) >= 3
    build.check_libraries(internal)


def png(pixels: np.ndarray) -> bytes:
    """A PNG (8-bit RGB) of ``pixels``: (H, W, 3) uint8."""
    height, width, _ = pixels.shape
    rows = np.concatenate([np.zeros((height, 1), np.uint8), pixels.reshape(height, -1)], axis=1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(rows.tobytes(), 1)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_a_blank_or_wrong_screenshot_is_refused(tmp_path):
    check = packaging_module("screenshots").check
    noise = np.random.default_rng(0).integers(0, 256, (800, 1280, 3), dtype=np.uint8)
    good = tmp_path / "good.png"
    good.write_bytes(png(noise))
    check(good)
    cases = {
        "blank.png": (png(np.full((800, 1280, 3), 240, np.uint8)), "suspiciously small"),
        "small.png": (png(noise[:600, :1000]), "is 1000x600, not 1280x800"),
        "text.png": (b"not an image at all" * 5000, "is not a PNG"),
    }
    for name, (data, message) in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(SystemExit, match=message):
            check(tmp_path / name)
    with pytest.raises(SystemExit, match="is not a PNG"):
        check(tmp_path / "absent.png")


def test_two_screenshots_are_compared_pixel_for_pixel(tmp_path):
    noise = np.random.default_rng(1).integers(0, 256, (800, 1280, 3), dtype=np.uint8)
    (tmp_path / "a.png").write_bytes(png(noise))
    (tmp_path / "same.png").write_bytes(png(noise.copy()))
    changed = noise.copy()
    changed[20:22, 10:13, 1] ^= 1  # six pixels, one step of green each
    (tmp_path / "b.png").write_bytes(png(changed))
    compare = [sys.executable, str(PACKAGING / "screenshots.py")]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    same = subprocess.run(
        [*compare, "a.png", "same.png"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert same.returncode == 0 and "have the same pixels" in same.stdout
    differ = subprocess.run(
        [*compare, "a.png", "b.png"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert differ.returncode == 1
    assert "differ in 6 pixels, between x 10..12 and y 20..21" in differ.stderr
    # an instrument may differ by a share of its pixels (a measured time it prints), and no more
    allowance = (
        f"import sys; sys.path.insert(0, {str(PACKAGING)!r}); import screenshots;"
        "print(screenshots.difference('a.png', 'b.png', 6 / (1280 * 800)));"
        "print(screenshots.difference('a.png', 'b.png', 5 / (1280 * 800)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", allowance], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert out.stdout.splitlines() == [
        "None",
        "a.png and b.png differ in 6 pixels, between x 10..12 and y 20..21",
    ]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_windows_and_macos_icons_hold_every_size():
    ico = (ROOT / "resources" / "icons" / "convstudio.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, 7)
    sizes = []
    for i in range(count):
        width, height, _, _, planes, bits, length, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * i : 22 + 16 * i]
        )
        side = width or 256
        assert (height or 256, planes, bits) == (side, 1, 32)
        assert png_size(ico[offset : offset + length]) == (side, side)
        sizes.append(side)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]

    icns = (ROOT / "resources" / "icons" / "convstudio.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    found, at = {}, 8
    while at < len(icns):
        kind, length = icns[at : at + 4], struct.unpack(">I", icns[at + 4 : at + 8])[0]
        found[kind] = png_size(icns[at + 8 : at + length])
        at += length
    assert at == len(icns)
    expected = {
        b"icp4": 16,
        b"icp5": 32,
        b"icp6": 64,
        b"ic07": 128,
        b"ic08": 256,
        b"ic09": 512,
        b"ic10": 1024,
    }
    assert found == {kind: (side, side) for kind, side in expected.items()}


def unescape(value: str) -> str:
    """A desktop entry's string value as the spec reads it: backslash escapes."""
    return re.sub(r"\\(.)", lambda m: {"s": " ", "n": "\n", "t": "\t", "r": "\r"}.get(m[1], m[1]), value)


def unquote_exec(value: str) -> list[str]:
    """The desktop entry spec's reading of an Exec value: string escapes, then quoted arguments."""
    value = unescape(value)
    args, i = [], 0
    while i < len(value):
        if value[i] == " ":
            i += 1
        elif value[i] == '"':
            arg, i = "", i + 1
            while value[i] != '"':
                if value[i] == "\\":
                    i += 1
                arg, i = arg + value[i], i + 1
            args.append(arg)
            i += 1
        else:
            end = value.find(" ", i)
            end = len(value) if end < 0 else end
            args.append(value[i:end])
            i = end
    return args


def test_the_desktop_entry_points_at_the_unpacked_folder_wherever_it_is(tmp_path):
    folder = tmp_path / 'my "courses" $HOME `x` back\\slash' / "convstudio"
    folder.mkdir(parents=True)
    for name in ("convstudio.desktop", "install-desktop-entry.sh"):
        shutil.copy(PACKAGING / name, folder / name)
    shutil.copy(ROOT / "resources" / "icons" / "convstudio.svg", folder / "convstudio.svg")
    (folder / "convstudio").write_text("#!/bin/sh\n")
    (folder / "convstudio").chmod(0o755)
    env = {"HOME": str(tmp_path / "home"), "PATH": os.environ["PATH"]}
    subprocess.run(["sh", str(folder / "install-desktop-entry.sh")], env=env, check=True, capture_output=True)
    entry = tmp_path / "home" / ".local" / "share" / "applications" / "convstudio.desktop"
    keys = dict(line.split("=", 1) for line in entry.read_text().splitlines() if "=" in line)
    assert unquote_exec(keys["Exec"]) == [str(folder / "convstudio")]
    assert unescape(keys["Icon"]) == str(folder / "convstudio.svg")
    assert (keys["Type"], keys["Name"], keys["Terminal"]) == ("Application", "ConvStudio", "false")
    subprocess.run(
        ["sh", str(folder / "install-desktop-entry.sh"), "--remove"], env=env, check=True, capture_output=True
    )
    assert not entry.exists()


def run_convstudio(*args: str, tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        CONVSTUDIO_DATA_DIR=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path),
        **extra,
    )
    return subprocess.run(
        [sys.executable, "-m", "convstudio", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_smoke_test_opens_every_instrument_and_names_a_wrong_one(tmp_path):
    shot = tmp_path / "all.png"
    done = run_convstudio(
        "--screenshot", str(shot), "--steps", "19", "--instrument", "all", tmp_path=tmp_path
    )
    assert done.returncode == 0, done.stderr
    packaging_module("screenshots").check(shot)
    wrong = run_convstudio(
        "--screenshot", str(tmp_path / "no.png"), "--instrument", "nudges", tmp_path=tmp_path
    )
    assert wrong.returncode == 2
    assert "there is no instrument 'nudges'; choose from nudge," in wrong.stderr
    assert not (tmp_path / "no.png").exists()


def test_text_looks_the_same_on_a_machine_without_fonts(tmp_path):
    # The lesson text at this step has italics, the equations bold and sub- and superscripts: with
    # the system's fonts and font settings hidden, ConvStudio still draws every pixel the same.
    (tmp_path / "bare.conf").write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n')
    runs = {"here.png": {}, "bare.png": {"FONTCONFIG_FILE": str(tmp_path / "bare.conf")}}
    for name, env in runs.items():
        shot = str(tmp_path / name)
        done = run_convstudio("--screenshot", shot, "--steps", "5", tmp_path=tmp_path, **env)
        assert done.returncode == 0, done.stderr
    compare = [sys.executable, str(PACKAGING / "screenshots.py"), "here.png", "bare.png"]
    same = subprocess.run(compare, cwd=tmp_path, capture_output=True, text=True)
    assert same.returncode == 0, same.stderr


def test_a_missing_system_library_is_named_with_where_to_look(tmp_path):
    # As on a bare Linux without libGL: Qt's widgets module cannot be loaded.
    code = (
        "import sys; sys.modules['PySide6.QtWidgets'] = None; from convstudio.app import main;"
        f"sys.exit(main(['--screenshot', {str(tmp_path / 'x.png')!r}]))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2
    assert out.stderr.startswith("error: ") and "For students, lists the system packages" in out.stderr
