"""English words and how common they are: a word the knowledge base does not use may still
be a word ("supposed", "son"), which is no misspelling to correct."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from importlib.util import find_spec
from pathlib import Path

from assistant import locations

_LOCK = threading.Lock()
_WORDS: sqlite3.Connection | None = None
_FALLBACK: dict[str, int] | None = None


COMMON = 1000
"""English uses a common word at least this often; place names are rarer (Dagenham 50, Leeds
411; barking 14,139)."""


def is_common(word: str) -> bool:
    """Whether English uses a lower-case word often: typed with a capital, it is emphasis or
    a title rather than a name."""
    return english_count(word) >= COMMON


def english_count(word: str) -> int:
    """How often English uses a lower-case word (0 for none), by pyspellchecker's word list.

    The list is read once (half a second) into a small database in the cache folder, which a
    fresh ``assistant ask`` then looks words up in without loading it.
    """
    global _WORDS, _FALLBACK
    with _LOCK:
        if _WORDS is None and _FALLBACK is None:
            _WORDS = _open()
            if _WORDS is None:
                _FALLBACK = _read_list()  # no usable cache folder: keep the list in memory
        if _WORDS is not None:
            row = _WORDS.execute("SELECT count FROM words WHERE word = ?", (word,)).fetchone()
            return int(row[0]) if row else 0
        return (_FALLBACK or {}).get(word, 0)


def _source() -> Path | None:
    """pyspellchecker's English list, found without importing the package."""
    spec = find_spec("spellchecker")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "resources" / "en.json.gz"
    return path if path.is_file() else None


def _open() -> sqlite3.Connection | None:
    source = _source()
    if source is None:
        return None
    stat = source.stat()
    path = locations.cache_dir() / f"english-words-{stat.st_size}-{stat.st_mtime_ns}.sqlite"
    try:
        if not path.is_file():
            _build(path)
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    except (OSError, sqlite3.Error):
        return None


def _build(path: Path) -> None:
    """Write the database beside a temporary name, then put it in place whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{threading.get_ident()}.tmp")
    with contextlib.closing(sqlite3.connect(temporary)) as database:
        database.execute("CREATE TABLE words (word TEXT PRIMARY KEY, count INTEGER) WITHOUT ROWID")
        database.executemany("INSERT INTO words VALUES (?, ?)", _read_list().items())
        database.commit()
    temporary.replace(path)


def _read_list() -> dict[str, int]:
    from spellchecker import SpellChecker

    return {
        str(word): int(count)
        for word, count in SpellChecker(language="en").word_frequency.dictionary.items()
    }
