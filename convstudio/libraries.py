"""Which shared libraries a library links to cannot be found (Linux, through ``ldd``).

Two users: the bundle's build checks every library it packed, and start-up checks Qt's xcb
platform plugin before Qt loads it, since Qt answers a missing library by aborting the process.
No Qt here: this runs before Qt may.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

#: Debian packages whose names the usual rule (below) does not give.
PACKAGES = {"libglib-2.0.so.0": "libglib2.0-0", "libX11-xcb.so.1": "libx11-xcb1", "libX11.so.6": "libx11-6"}


def links(lib: Path, env: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """(name, where it was found or "not found") for each library ``lib`` needs, from ``ldd``;
    [] where there is no ``ldd`` to ask."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    done = subprocess.run([ldd, str(lib)], env=dict(env or os.environ), capture_output=True, text=True)
    out = []
    for line in done.stdout.splitlines():
        parts = line.split()
        if "=>" in parts and len(parts) >= 3:
            where = parts[parts.index("=>") + 1 :]
            out.append((parts[0], "not found" if where[:2] == ["not", "found"] else where[0]))
    return out


def missing(lib: Path, env: Mapping[str, str] | None = None) -> list[str]:
    """The libraries ``lib`` needs that the system lacks, each named once, sorted."""
    return sorted({name for name, where in links(lib, env) if where == "not found"})


def package(soname: str) -> str:
    """Debian's package for a library: libxcb-cursor.so.0 -> libxcb-cursor0, libfoo-x11.so.0 ->
    libfoo-x11-0 (a dash when the name ends in a digit)."""
    if soname in PACKAGES:
        return PACKAGES[soname]
    found = re.fullmatch(r"(lib[\w.+-]*?)\.so\.(\d+)(?:\.\d+)*", soname)
    if found is None:
        return soname
    name, version = found.group(1).lower(), found.group(2)
    return f"{name}{'-' if name[-1].isdigit() else ''}{version}"


def xcb_problem(plugins: Path, environ: Mapping[str, str] | None = None) -> str | None:
    """Why Qt's xcb platform would abort here (Linux, a window on X11), as one line with the
    command that fixes it; None when it will load, or when another platform is used."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen.split(":")[0] not in ("", "xcb") or (not chosen and env.get("WAYLAND_DISPLAY")):
        return None  # offscreen, Wayland, ...: the xcb plugin is not the one that loads
    plugin = plugins / "platforms" / "libqxcb.so"
    if not plugin.is_file():
        return None  # Qt reports a missing plugin itself, without aborting first
    absent = missing(plugin, env)
    if absent:
        packages = " ".join(dict.fromkeys(package(name) for name in absent))
        return (
            f"a window needs {', '.join(absent)}, which this system lacks; install "
            f"{'it' if len(absent) == 1 else 'them'} with: sudo apt install {packages}"
        )
    if not env.get("DISPLAY"):
        return "there is no display to open a window on (DISPLAY is not set): start ConvStudio from a desktop"
    return None
