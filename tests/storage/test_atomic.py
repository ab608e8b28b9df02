"""Atomic writes: the old file or the new one, never half; links kept; devices never replaced."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from assistant.storage import atomic
from assistant.storage.atomic import write_text_atomic


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "findings.yaml"
    path.write_text("old", encoding="utf-8")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        write_text_atomic(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["findings.yaml"]


def test_a_link_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "pack.yaml"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "pack.yaml"
    link.symlink_to(real)
    write_text_atomic(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_a_folder_a_pipe_and_a_looping_link_are_not_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(IsADirectoryError, match="folder, not a file"):
        write_text_atomic(folder, "x")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(OSError, match="not a regular file"):
        write_text_atomic(pipe, "x")
    assert pipe.is_fifo()
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    with pytest.raises(OSError, match="circle"):
        write_text_atomic(loop, "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loop.yaml", "out", "pipe"]


def test_a_file_keeps_its_permissions_and_a_new_one_follows_the_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "briefing.html"
    shared.write_text("old", encoding="utf-8")
    shared.chmod(0o664)
    write_text_atomic(shared, "new")
    assert shared.stat().st_mode & 0o777 == 0o664
    monkeypatch.setattr(atomic, "_UMASK", 0o027)
    fresh = tmp_path / "new.html"
    write_text_atomic(fresh, "text")
    # Not mkstemp's private 0600: what any program's new file gets under that umask.
    assert fresh.stat().st_mode & 0o777 == 0o640


def test_a_saved_file_keeps_its_first_backup_until_a_fresh_one_is_asked_for(
    tmp_path: Path,
) -> None:
    path = tmp_path / "pack.yaml"
    path.write_bytes("first\n".encode("utf-16"))
    atomic.write_text_with_backup(path, "second\n")
    backup = tmp_path / "pack.yaml.bak"
    assert backup.read_bytes() == "first\n".encode("utf-16")  # byte for byte
    atomic.write_text_with_backup(path, "third\n")
    assert backup.read_bytes() == "first\n".encode("utf-16")  # the first backup is kept
    atomic.write_text_with_backup(path, "fourth\n", fresh_backup=True)
    assert backup.read_text(encoding="utf-8") == "third\n"
    assert path.read_text(encoding="utf-8") == "fourth\n"
