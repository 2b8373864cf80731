"""The one way ConvStudio writes a file: a temporary file beside the target, fsync, rename over it.

A crash mid-write leaves the old file intact and a temporary file whose name says whose it is
(``.<name>.<pid>-<random>.convstudio-tmp``); the next write to that target, or ``remove_stale`` at
start, deletes the ones no running writer owns. Only regular files are replaced: a device, folder
or pipe at the target is refused, never renamed over. An overwritten file keeps its mode; a new one
gets the mode the user's umask gives. Errors name the user's path, never the temporary file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

SUFFIX = ".convstudio-tmp"
_lock = threading.Lock()
_open: set[Path] = set()  # this process's temporary files being written


class AtomicWriteError(OSError):
    """A file that cannot be written; the message names the user's path and why."""


def _shown(path: Path) -> str:
    text = str(path)
    return text if text.isprintable() else repr(text)


def _reason(error: OSError) -> str:
    if error.strerror:
        return error.strerror.lower()
    return str(error) or type(error).__name__


def _mode(path: Path) -> int:
    """The mode an existing file has, else the one a new file gets (0o666 less the umask)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        with _lock:  # os.umask both reads and sets: no other writer may see the 0 in between
            umask = os.umask(0)
            os.umask(umask)
        return 0o666 & ~umask


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def remove_stale(path: str | Path) -> list[Path]:
    """Delete temporary files left beside ``path`` by writers that died (never a live one's)."""
    path = Path(path)
    removed = []
    try:
        candidates = list(path.parent.glob(f".{path.name}.*{SUFFIX}"))
    except OSError:
        return []
    for tmp in candidates:
        owner = tmp.name[len(path.name) + 2 : -len(SUFFIX)].split("-", 1)[0]
        with _lock:
            mine = tmp in _open
        if not owner.isdigit() or mine or (int(owner) != os.getpid() and _alive(int(owner))):
            continue
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed.append(tmp)
    return removed


def _target(path: Path) -> Path:
    """The file to replace: a symbolic link's target (the link stays), refused unless regular."""
    real = Path(os.path.realpath(path))
    try:
        mode = real.stat().st_mode
    except FileNotFoundError:
        return real
    except OSError as error:
        raise AtomicWriteError(f"{_shown(path)} cannot be written: {_reason(error)}") from None
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a device, pipe or socket"
        raise AtomicWriteError(
            f"{_shown(path)} is {kind}, not an ordinary file: ConvStudio writes only ordinary files"
        )
    return real


@contextlib.contextmanager
def replacing(path: str | Path, *, text: bool = False) -> Iterator[IO[str] | IO[bytes]]:
    """A file to write whose contents replace ``path`` in one step when the block ends without error."""
    shown = Path(path)
    real = _target(shown)
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise AtomicWriteError(f"{_shown(shown)} cannot be written: {_reason(error)}") from None
    remove_stale(real)
    tmp = real.with_name(f".{real.name}.{os.getpid()}-{secrets.token_hex(4)}{SUFFIX}")
    with _lock:
        _open.add(tmp)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w" if text else "wb", **({"encoding": "utf-8"} if text else {})) as out:
                yield out
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, _mode(real))
            os.replace(tmp, real)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except AtomicWriteError:
        raise
    except OSError as error:
        raise AtomicWriteError(f"{_shown(shown)} cannot be written: {_reason(error)}") from None
    finally:
        with _lock:
            _open.discard(tmp)


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Replace ``path`` with ``data``; AtomicWriteError says why not."""
    with replacing(path) as out:
        out.write(data)  # type: ignore[arg-type]
    return Path(path)


def write_with(path: str | Path, fill: Callable[[IO[str]], None]) -> Path:
    """Replace ``path`` with the UTF-8 text ``fill(out)`` writes; AtomicWriteError says why not."""
    with replacing(path, text=True) as out:
        fill(out)  # type: ignore[arg-type]
    return Path(path)
