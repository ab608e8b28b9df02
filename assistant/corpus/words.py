"""Words: the one tokenizer and stemmer shared by the index, the questions and the glossary."""

from __future__ import annotations

import re
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import Any

TOKEN = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")
"""What the index holds as one word ("3.4" and "e.g" stay whole); the search wing builds its
analyzer from this, ``STOP_WORDS`` and ``stem_word``, so a question's stems are the index's."""
STOP_WORDS = frozenset(
    """
    a an and are as at be by can for from have if in is it may not of on or tbd that the this
    to us we when will with yet you your
    """.split()
)
"""Words too common to index (the same list the index has always used)."""
_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
_COUNTED = re.compile(r"[\w’'%-]+")


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    # Imported when a word is first stemmed: Whoosh's Snowball package brings fourteen
    # languages' stemmers in, and a question whose words are all in the stem store needs none.
    from whoosh.lang.snowball.english import EnglishStemmer

    return EnglishStemmer()


@lru_cache(maxsize=50000)
def _snowball(word: str) -> str:
    return str(_stemmer().stem(word))


@lru_cache(maxsize=50000)
def stem_word(word: str) -> str:
    """The Snowball (Porter2) stem of a lower-case word: "planning" and "planned" give "plan"."""
    known = _TOKEN_STEMS.get(word)
    if known is None and _STORE.reader is not False:
        known = _STORE.stems([word]).get(word)
    return known if known is not None else _learn_stem(word)


_TOKEN_STEMS: dict[str, str | None] = {}
"""Each word as written and its stem (None for a stop word): a corpus repeats its words, and a
look-up is several times quicker than lower-casing, checking and stemming each again."""
_TOKEN_STEMS_KEPT = 500_000

STORE_VERSION = 1
"""Raise this when what the stem store holds changes."""
_UNSAVED: dict[str, str] = {}
"""Words stemmed by Snowball in this process and not yet in the stem store."""
_UNSAVED_KEPT = 200_000


class _StemStore:
    """Stems worked out before, in a small database beside the index: a fresh process looks up
    the few thousand words its passages hold instead of stemming each again (Snowball in
    Python was a good part of a cold question's time). A cache of a pure function: a word it
    lacks is stemmed, and a missing, stale or damaged store is only slower."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.reader: Any = None
        """The open database, None until first needed, False when there is none to read."""

    def use(self, path: Path) -> None:
        if path != self.path:
            self.close()
            self.path = path

    def close(self) -> None:
        if self.reader:
            self.reader.close()
        self.reader = None

    def _open(self) -> Any:
        if self.reader is None:
            self.reader = False
            if self.path is not None and self.path.is_file():
                self.reader = _read_only(self.path) or False
        return self.reader

    def recall(self, tokens: list[str]) -> None:
        """Put the stored stems of tokens not met yet in this process in ``_TOKEN_STEMS``."""
        wanted: dict[str, list[str]] = {}
        for token in tokens:
            if token not in _TOKEN_STEMS:
                lowered = token.lower()
                if lowered not in STOP_WORDS:
                    wanted.setdefault(lowered, []).append(token)
        if not wanted:
            return
        found = self.stems(list(wanted))
        if len(_TOKEN_STEMS) >= _TOKEN_STEMS_KEPT:
            _TOKEN_STEMS.clear()
        for word, stem in found.items():
            for token in wanted[word]:
                _TOKEN_STEMS[token] = stem

    def stems(self, lowered: list[str]) -> dict[str, str]:
        """The stored stems of those of the words the store has."""
        reader = self._open()
        if not reader:
            return {}
        import sqlite3

        found: dict[str, str] = {}
        try:
            for start in range(0, len(lowered), 500):  # within SQLite's limit on parameters
                chunk = lowered[start : start + 500]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT word, stem FROM stems WHERE word IN ({marks})"
                found.update(reader.execute(query, chunk))
        except sqlite3.Error:
            self.close()
            self.reader = False  # damaged: stem as if there were no store
        return found

    def save(self) -> None:
        """Add the words stemmed in this process to the store, making it when there is none."""
        if self.path is None or not _UNSAVED:
            return
        import sqlite3

        rows = list(_UNSAVED.items())
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            writer = sqlite3.connect(self.path, timeout=1.0)
            try:
                # A cache: losing its last writes to a crash costs a little time, no more.
                writer.execute("PRAGMA synchronous = OFF")
                with writer:
                    writer.execute(
                        "CREATE TABLE IF NOT EXISTS about (key TEXT PRIMARY KEY, value TEXT)"
                    )
                    writer.execute(
                        "CREATE TABLE IF NOT EXISTS stems "
                        "(word TEXT PRIMARY KEY, stem TEXT NOT NULL) WITHOUT ROWID"
                    )
                    row = writer.execute("SELECT value FROM about WHERE key = 'stemmer'").fetchone()
                    if row is None or row[0] != _stemmer_name():
                        writer.execute("DELETE FROM stems")
                        writer.execute(
                            "INSERT OR REPLACE INTO about VALUES ('stemmer', ?)", (_stemmer_name(),)
                        )
                    writer.executemany("INSERT OR IGNORE INTO stems VALUES (?, ?)", rows)
            finally:
                writer.close()
        except (OSError, sqlite3.OperationalError):
            return  # read-only, full or busy: the words are stemmed again next time
        except sqlite3.DatabaseError:
            # Not a database (damaged, or another file): ours to make again next time.
            with suppress(OSError):
                self.path.unlink(missing_ok=True)
            return
        for word, _stem in rows:
            _UNSAVED.pop(word, None)
        if self.reader is False:
            self.reader = None  # there is a store to read now


@lru_cache(maxsize=1)
def _stemmer_name() -> str:
    """Which stemmer a stem store's stems came from: a store from another is not read."""
    from whoosh import versionstring

    return f"Snowball English of Whoosh {versionstring()}, stem store {STORE_VERSION}"


def _read_only(path: Path) -> Any:
    """The stem store at ``path`` opened for reading, or None when it is not one of ours."""
    import sqlite3

    try:
        found = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
    except sqlite3.Error:
        return None
    try:
        row = found.execute("SELECT value FROM about WHERE key = 'stemmer'").fetchone()
    except sqlite3.Error:
        row = None
    if row is not None and row[0] == _stemmer_name():
        return found
    found.close()
    return None


_STORE = _StemStore()


def use_stem_store(path: Path) -> None:
    """Look stems up in the store at ``path`` (made by ``save_stems``) before stemming words.

    One store a process: stems are the same whichever knowledge base's store holds them.
    """
    _STORE.use(path)


def save_stems() -> None:
    """Keep the words stemmed so far in the store named by ``use_stem_store``, for the
    processes that come after (an index update stems every word of the knowledge base)."""
    _STORE.save()


def _learn_stem(lowered: str) -> str:
    """Snowball's stem, noted for the stem store."""
    found = _snowball(lowered)
    if len(_UNSAVED) < _UNSAVED_KEPT:
        _UNSAVED[lowered] = found
    return found


def _learn_token(token: str) -> str | None:
    lowered = token.lower()
    found = None if lowered in STOP_WORDS else _learn_stem(lowered)
    if len(_TOKEN_STEMS) >= _TOKEN_STEMS_KEPT:
        _TOKEN_STEMS.clear()  # a bound on memory; the words come back as they are met
    _TOKEN_STEMS[token] = found
    return found


def token_stems(text: str) -> list[str | None]:
    """The stem of each word of ``text`` in order, None for each stop word."""
    known = _TOKEN_STEMS
    tokens = TOKEN.findall(text)
    if _STORE.reader is not False and not all(map(known.__contains__, tokens)):
        _STORE.recall(tokens)
    return [known[token] if token in known else _learn_token(token) for token in tokens]


def analyse(text: str) -> list[str]:
    """The stems the index holds for ``text``, in order, stop words left out."""
    return [found for found in token_stems(text) if found is not None]


def stem(word: str) -> str:
    """The index's stem of one word ("" for a stop word)."""
    stems = analyse(word)
    return stems[0] if stems else ""


def words(text: str) -> list[str]:
    """The words of ``text`` as typed, for matching phrases: letters and digits, a hyphen
    splitting words, an apostrophe keeping them ("mum's"); curly apostrophes made straight."""
    return _WORD.findall(text.replace("’", "'"))


def lower_words(text: str) -> list[str]:
    """``words`` in lower case, as the glossary matches them."""
    return [word.lower() for word in words(text)]


def word_count(text: str) -> int:
    """Words in ``text`` as a reader counts them ("child's", "30%", "step-dad" are one each)."""
    return len(_COUNTED.findall(text))


class Stems:
    """A text's stems with their positions, for matching words and short phrases."""

    def __init__(self, text: str, analysed: list[str] | None = None) -> None:
        """The stems of ``text``, or of the text whose ``analyse`` is ``analysed``."""
        found: dict[str, list[int]] = {}
        self.length = 0
        for position, word in enumerate(analyse(text) if analysed is None else analysed):
            found.setdefault(word, []).append(position)
            self.length = position + 1
        # Tuples, not lists: tens of thousands of these are remembered (``of``), and the
        # garbage collector stops visiting a tuple of numbers, where every pass walks each list.
        self.positions: dict[str, tuple[int, ...]] = {w: tuple(at) for w, at in found.items()}

    @staticmethod
    def joined(first: Stems, second: Stems) -> Stems:
        """The stems of two texts read one after the other, as ``Stems(f"{a} {b}")`` has them
        (no word runs across the space), without analysing either again."""
        joined = Stems("")
        positions = dict(first.positions)
        for word, found in second.positions.items():
            after = tuple(p + first.length for p in found)
            positions[word] = positions[word] + after if word in positions else after
        joined.positions = positions
        joined.length = first.length + second.length
        return joined

    @staticmethod
    @lru_cache(maxsize=50000)
    def of(text: str) -> Stems:
        """The stems of ``text``, remembered: the same passages come back again and again."""
        return Stems(text)

    @staticmethod
    @lru_cache(maxsize=50000)
    def of_analysed(stems: str) -> Stems:
        """``of`` for a text the index stored analysed (its ``analyse``, joined by spaces):
        no tokenising, no stemming."""
        return Stems("", stems.split())

    def has(self, phrase: list[str]) -> bool:
        """Whether the phrase occurs, its words in order and close together."""
        first = self.positions.get(phrase[0])
        if not first:
            return False
        if len(phrase) == 1:
            return True
        window = len(phrase) + 2
        for start in first:
            at = start
            for word in phrase[1:]:
                following = [p for p in self.positions.get(word, ()) if at < p <= start + window]
                if not following:
                    break
                at = following[0]
            else:
                return True
        return False
