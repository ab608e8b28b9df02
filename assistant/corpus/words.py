"""Words: the one tokenizer and stemmer shared by the index, the questions and the glossary."""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.lang.snowball.english import EnglishStemmer

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
_STEMMER = EnglishStemmer()


@lru_cache(maxsize=50000)
def stem_word(word: str) -> str:
    """The Snowball (Porter2) stem of a lower-case word: "planning" and "planned" give "plan"."""
    return str(_STEMMER.stem(word))


_TOKEN_STEMS: dict[str, str | None] = {}
"""Each word as written and its stem (None for a stop word): a corpus repeats its words, and a
look-up is several times quicker than lower-casing, checking and stemming each again."""
_TOKEN_STEMS_KEPT = 500_000


def _learn_token(token: str) -> str | None:
    lowered = token.lower()
    found = None if lowered in STOP_WORDS else stem_word(lowered)
    if len(_TOKEN_STEMS) >= _TOKEN_STEMS_KEPT:
        _TOKEN_STEMS.clear()  # a bound on memory; the words come back as they are met
    _TOKEN_STEMS[token] = found
    return found


def token_stems(text: str) -> list[str | None]:
    """The stem of each word of ``text`` in order, None for each stop word."""
    known = _TOKEN_STEMS
    return [
        known[token] if token in known else _learn_token(token) for token in TOKEN.findall(text)
    ]


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

    def __init__(self, text: str) -> None:
        self.positions: dict[str, list[int]] = {}
        self.length = 0
        for position, word in enumerate(analyse(text)):
            self.positions.setdefault(word, []).append(position)
            self.length = position + 1

    @staticmethod
    def joined(first: Stems, second: Stems) -> Stems:
        """The stems of two texts read one after the other, as ``Stems(f"{a} {b}")`` has them
        (no word runs across the space), without analysing either again."""
        joined = Stems("")
        joined.positions = {word: list(found) for word, found in first.positions.items()}
        for word, found in second.positions.items():
            joined.positions.setdefault(word, []).extend(p + first.length for p in found)
        joined.length = first.length + second.length
        return joined

    @staticmethod
    @lru_cache(maxsize=50000)
    def of(text: str) -> Stems:
        """The stems of ``text``, remembered: the same passages come back again and again."""
        return Stems(text)

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
                following = [p for p in self.positions.get(word, []) if at < p <= start + window]
                if not following:
                    break
                at = following[0]
            else:
                return True
        return False
