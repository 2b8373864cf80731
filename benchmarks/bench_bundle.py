"""The student executable: build time, size, and start to first paint beside the same app from source.

    python benchmarks/bench_bundle.py              (builds both kinds, ~1.5 min; prints a Markdown table)
    python benchmarks/bench_bundle.py --no-build   (measures dist/ as it is)

- size: the one-folder bundle (dist/convstudio/, what `du -s` counts) and the one file;
- build: wall time of `packaging/build.py` for each, from a clean work folder;
- start: process start to the first painted window (the app prints "first-paint <epoch>" when
  CONVSTUDIO_REPORT_FIRST_PAINT=1, as in bench_ui.py), offscreen, warm page cache, median of 9
  runs, the bundle, the one file and `python -m convstudio` interleaved so all see the same machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))
import build  # noqa: E402  (packaging/build.py)

FOLDER = ROOT / "dist" / "convstudio"
ONEFILE = ROOT / "dist" / "onefile" / build.EXE_NAME


def first_paint(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting the process to its first painted window."""
    start = time.time()
    out = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    for line in out.stdout.splitlines():
        if line.startswith("first-paint"):
            return float(line.split()[1]) - start
    raise RuntimeError(f"{command[0]}: no first paint reported: {out.stderr[-2000:]}")


def startup(runs: int) -> dict[str, float]:
    """Median start to first paint of each way of running ConvStudio."""
    data = tempfile.mkdtemp()  # no recovery file, no settings of a real user
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CONVSTUDIO_REPORT_FIRST_PAINT="1")
    env.update(CONVSTUDIO_DATA_DIR=data, XDG_CONFIG_HOME=data, LANG=env.get("LANG", "C.UTF-8"))
    source_env = dict(env, PYTHONPATH=str(ROOT))
    ways = {
        "source": ([sys.executable, "-m", "convstudio"], source_env),
        "folder": ([str(FOLDER / build.EXE_NAME)], env),
        "onefile": ([str(ONEFILE)], env),
    }
    ways = {name: way for name, way in ways.items() if Path(way[0][0]).is_file()}
    for command, way_env in ways.values():  # warm the page cache
        first_paint(command, way_env)
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(runs):
        for name, (command, way_env) in ways.items():
            times[name].append(first_paint(command, way_env))
    return {name: statistics.median(t) for name, t in times.items()}


def du_mb(path: Path) -> tuple[float, float]:
    """Size in MiB (what `du -sh` prints as M) and in MB (10^6 bytes)."""
    size = build.size_mib(path)
    return size, size * 2**20 / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--no-build", action="store_true", help="measure what dist/ holds")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    seconds = {}
    if not args.no_build:
        _, seconds["folder"] = build.build(onefile=False)
        _, seconds["onefile"] = build.build(onefile=True)
    start = startup(args.runs)
    print("| what | one folder (dist/convstudio/) | one file | from source | bar |")
    print("|---|---|---|---|---|")
    sizes = {name: du_mb(path) for name, path in (("folder", FOLDER), ("onefile", ONEFILE)) if path.exists()}

    def cell(values: dict[str, str], name: str) -> str:
        return values.get(name, "not built")

    size_cells = {name: f"{mib:.1f} MiB ({mb:.1f} MB)" for name, (mib, mb) in sizes.items()}
    print(f"| size | {cell(size_cells, 'folder')} | {cell(size_cells, 'onefile')} | | ≤ 170 MB (folder) |")
    if seconds:
        build_cells = {name: f"{s:.0f} s" for name, s in seconds.items()}
        print(
            f"| build time | {cell(build_cells, 'folder')} | {cell(build_cells, 'onefile')} | | CI: 90 min |"
        )
    source = start["source"]
    start_cells = {name: f"{t:.2f} s ({t / source:.2f}x)" for name, t in start.items() if name != "source"}
    print(
        f"| start to first paint, warm, median of {args.runs} | {cell(start_cells, 'folder')} | "
        f"{cell(start_cells, 'onefile')} | {source:.2f} s | ≤ 1.2x from source (folder) |"
    )


if __name__ == "__main__":
    main()
