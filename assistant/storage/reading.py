"""Reading a file a person gave us: only a regular file, only so much of it, any Unicode form."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from assistant.errors import AssistantError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
"""Byte-order marks, the four-byte ones first (UTF-32 LE starts with UTF-16 LE's mark)."""


class TextFileProblem(AssistantError):
    """A file that is not one we can read as text: a folder, a device, too big, not Unicode."""


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, refused unless it is a regular file of at most ``limit`` bytes.

    A FIFO or a link to ``/dev/zero`` would hang or fill memory: the file is opened without
    waiting (so a FIFO with no writer cannot block) and checked before anything is read, and
    never more than ``limit`` bytes are read. FileNotFoundError passes through for the caller
    to word; anything else is a TextFileProblem.
    """
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise TextFileProblem("this is a folder, not a file", path) from None
    except OSError as error:
        raise TextFileProblem(f"cannot be read ({error.strerror})", path) from None
    mode = os.fstat(handle).st_mode
    if not stat.S_ISREG(mode):
        os.close(handle)
        if stat.S_ISDIR(mode):
            raise TextFileProblem("this is a folder, not a file", path)
        raise TextFileProblem("this is not a regular file (a device or a pipe?)", path)
    with os.fdopen(handle, "rb") as stream:
        try:
            data = stream.read(limit + 1)
        except OSError as error:
            raise TextFileProblem(f"cannot be read ({error.strerror})", path) from None
    if len(data) > limit:
        raise TextFileProblem(f"the file is over {_size(limit)}; it is not read", path)
    return data


def decode_marked(data: bytes) -> str | None:
    """The text of ``data`` when it starts with a byte-order mark (UTF-8, UTF-16 as Windows
    Notepad saves "Unicode", UTF-32), the mark left out; None when it has none.

    Raises UnicodeDecodeError when the bytes after the mark are not in its encoding.
    """
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return data[len(mark) :].decode(encoding)
    return None


def _size(limit: int) -> str:
    return f"{limit / 1_000_000:g} MB" if limit >= 1_000_000 else f"{limit:,} bytes"
