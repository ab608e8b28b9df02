"""English words and how common they are: a word the knowledge base does not use may still
be a word ("supposed", "son"), which is no misspelling to correct."""

from __future__ import annotations

import contextlib
import marshal
import threading
from importlib.metadata import PackageNotFoundError, version

from assistant import locations
from assistant.storage.atomic import write_bytes_atomic

_LOCK = threading.Lock()
_WORDS: dict[str, int] | None = None


def english_words() -> dict[str, int]:
    """Lower-case English words with their counts in pyspellchecker's English word list.

    Read from that list once (half a second), then from a copy in the cache folder (a few
    milliseconds), so a fresh ``assistant ask`` stays quick.
    """
    global _WORDS
    with _LOCK:
        if _WORDS is None:
            _WORDS = _cached() or _build()
        return _WORDS


def _cache_path() -> str:
    try:
        release = version("pyspellchecker")
    except PackageNotFoundError:
        release = "unknown"
    return str(locations.cache_dir() / f"english-words-{release}.marshal")


def _cached() -> dict[str, int] | None:
    try:
        with open(_cache_path(), "rb") as stream:
            words = marshal.load(stream)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return words if isinstance(words, dict) and words else None


def _build() -> dict[str, int]:
    from pathlib import Path

    from spellchecker import SpellChecker

    words = {
        str(word): int(count)
        for word, count in SpellChecker(language="en").word_frequency.dictionary.items()
    }
    # A read-only cache folder: it is built again next time.
    with contextlib.suppress(OSError):
        write_bytes_atomic(Path(_cache_path()), marshal.dumps(words))
    return words
