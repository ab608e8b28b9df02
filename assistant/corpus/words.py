"""Word stems: one stemmer for the index, the questions and the glossary, so they agree."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from whoosh.analysis import STOP_WORDS, StemmingAnalyzer
from whoosh.lang.snowball.english import EnglishStemmer

_STEMMER = EnglishStemmer()
# Whoosh's default token pattern, so that analyse() gives what the index holds.
_TOKEN = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")


@lru_cache(maxsize=50000)
def stem_word(word: str) -> str:
    """The Snowball (Porter2) stem of a lower-case word: "planning" and "planned" give "plan"."""
    return str(_STEMMER.stem(word))


def make_analyzer() -> Any:
    """Whoosh's tokenizer, lower-casing and stop words, with our stemmer; keeps one-letter words."""
    return StemmingAnalyzer(stemfn=stem_word, minsize=1)


def analyse(text: str) -> list[str]:
    """The stems the index's analyzer gives for ``text``, several times faster than Whoosh's chain.

    Re-ranking analyses thousands of sentences a question; a test checks both agree.
    """
    return [
        stem_word(word)
        for word in (match.group(0).lower() for match in _TOKEN.finditer(text))
        if word not in STOP_WORDS
    ]
