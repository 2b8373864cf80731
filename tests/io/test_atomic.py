"""The one atomic write: never over a non-file, modes kept, stale temporary files cleared, errors
naming the user's path. Every writer of ConvStudio (session save, autosave, exports) goes through it."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from convstudio.io import atomic, derivation, sessionfile


def _not_files(tmp_path: Path) -> list[tuple[str, Path]]:
    """Every kind of path that is not an ordinary file, made in ``tmp_path``."""
    made = []
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    made.append(("fifo", fifo))
    folder = tmp_path / "folder.md"
    folder.mkdir()
    made.append(("folder", folder))
    link = tmp_path / "link-to-folder.md"
    link.symlink_to(folder)
    made.append(("link to a folder", link))
    if os.geteuid() == 0:
        device = tmp_path / "null.md"
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        made.append(("character device", device))
    return made


WRITERS = {
    "write_bytes": lambda path: atomic.write_bytes(path, b"text"),
    "write_with": lambda path: atomic.write_with(path, lambda out: out.write("text")),
    "derivation.write_text": lambda path: derivation.write_text(path, "text"),
}


@pytest.mark.parametrize("writer", WRITERS)
def test_a_path_that_is_not_an_ordinary_file_is_refused_and_left_as_it_was(tmp_path, writer):
    for kind, path in _not_files(tmp_path):
        before = os.lstat(path)
        with pytest.raises(atomic.AtomicWriteError, match="not an ordinary file") as caught:
            WRITERS[writer](path)
        assert str(path) in str(caught.value), kind
        after = os.lstat(path)
        assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino), kind
    assert not list(tmp_path.rglob(f"*{atomic.SUFFIX}"))


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644, 0o664, 0o444])
def test_an_overwritten_file_keeps_its_mode(tmp_path, mode):
    path = tmp_path / "s.convstudio"
    path.write_text("old")
    path.chmod(mode)
    atomic.write_bytes(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002, 0o027])
def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path, umask):
    old = os.umask(umask)
    try:
        atomic.write_bytes(tmp_path / "new.md", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o666 & ~umask


def test_a_link_to_a_file_keeps_the_link_and_replaces_what_it_points_to(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    atomic.write_bytes(link, b"new")
    assert link.is_symlink() and real.read_text() == "new"


def test_a_failed_write_names_the_users_path_not_the_temporary_file(tmp_path):
    (tmp_path / "plain").write_text("a file, so nothing can be made inside it")
    for target in (tmp_path / "plain" / "out.md", tmp_path / "plain" / "deeper" / "out.md"):
        with pytest.raises(OSError) as caught:
            derivation.write_text(target, "text")
        message = str(caught.value)
        assert str(target) in message and atomic.SUFFIX not in message and "\n" not in message


def test_a_file_name_with_a_newline_is_quoted_on_one_line(tmp_path):
    folder = tmp_path / "a\nb"
    folder.mkdir()
    (folder / "x").mkdir()
    with pytest.raises(OSError) as caught:
        atomic.write_bytes(folder / "x", b"")
    assert "\n" not in str(caught.value) and "\\n" in str(caught.value)


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_next_save_removes_temporary_files_of_writers_that_died_and_keeps_live_ones(tmp_path):
    path = tmp_path / "s.convstudio"
    dead = [tmp_path / f".s.convstudio.{_dead_pid()}-{n:08x}{atomic.SUFFIX}" for n in range(5)]
    live = tmp_path / f".s.convstudio.{os.getppid()}-00000000{atomic.SUFFIX}"
    other = tmp_path / f".other.convstudio.{_dead_pid()}-00000000{atomic.SUFFIX}"
    for p in (*dead, live, other):
        p.write_bytes(b"half a session")
    atomic.write_bytes(path, b"whole")
    assert not any(p.exists() for p in dead)
    assert live.exists() and other.exists()  # a running writer's, and another file's


@pytest.fixture
def session(qtbot):
    import numpy as np

    from convstudio.engine.spec import Spec
    from convstudio.session.session import Session

    s = Session()
    s.open_lesson(
        "worked-example", Spec(), np.ones((1, 1, 3, 3)), np.ones((1, 1)), {"W": np.ones((1, 1, 2, 2))}, {}
    )
    return s


KILLED = """
import os, sys
from convstudio.io import atomic
with atomic.replacing(sys.argv[1]) as out:
    out.write(b"x" * 100_000)
    out.flush()
    os._exit(9)
"""


def test_a_save_killed_mid_write_leaves_the_old_file_and_the_next_save_or_start_clears_it(tmp_path, session):
    from convstudio.session import autosave

    path = tmp_path / "s.convstudio"
    path.write_text("old")
    for _ in range(3):
        subprocess.run([sys.executable, "-c", KILLED, str(path)], check=False)
    assert path.read_text() == "old"
    assert len(list(tmp_path.glob(f"*{atomic.SUFFIX}"))) == 1  # each save cleared the one before
    saver = autosave.Autosaver(session, path, interval_ms=60_000)
    saver.start()  # a start clears them
    assert not list(tmp_path.glob(f"*{atomic.SUFFIX}"))
    subprocess.run([sys.executable, "-c", KILLED, str(path)], check=False)
    sessionfile.save_state(path, session.state(), {})  # and so does a save
    assert not list(tmp_path.glob(f"*{atomic.SUFFIX}"))
    sessionfile.load_state(path)
