"""Writing files so that a crash leaves either the old file or the new one, never half of each."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()
"""Read once, at import: reading it means setting it, which is not safe once threads run."""


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it."""
    target, mode = _target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    try:
        # mkstemp makes the file private (0600); the file keeps the permissions it had, and a
        # new one gets what any program's new file gets, so a shared folder stays shared.
        os.fchmod(handle, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_UMASK)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_text_with_backup(path: Path, text: str, fresh_backup: bool = False) -> None:
    """Write UTF-8 text atomically over a file a person edits, keeping the file as it was as
    ``NAME.bak``: on the first save (when there is no backup yet), and again whenever
    ``fresh_backup`` asks (the app's first save after opening a file). The backup is copied
    byte for byte, whatever the file's encoding."""
    backup = path.with_name(path.name + ".bak")
    if path.exists() and (fresh_backup or not backup.exists()):
        write_bytes_atomic(backup, path.read_bytes())
    write_text_atomic(path, text)


def _target(path: Path) -> tuple[Path, int | None]:
    """The file a write replaces: a link's target, so that the link stays a link. A folder,
    a device or a pipe is refused: the rename would put a file in its place (``-o /dev/null``
    run as root would replace the device). With the target, its mode if it exists."""
    try:
        target = path.resolve() if path.is_symlink() else path
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target, None
    except RuntimeError:  # a link that leads back to itself
        raise OSError(errno.ELOOP, "this link leads round in a circle", str(path)) from None
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "this is a folder, not a file", str(path))
    if not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, "this is not a regular file (a device or a pipe?)", str(path))
    return target, mode
