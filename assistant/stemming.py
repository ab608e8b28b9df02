"""Word stems: one stemmer for the index, the questions and the glossary, so they agree."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from whoosh.analysis import StemmingAnalyzer
from whoosh.lang.snowball.english import EnglishStemmer

_STEMMER = EnglishStemmer()


@lru_cache(maxsize=50000)
def stem_word(word: str) -> str:
    """The Snowball (Porter2) stem of a lower-case word: "planning" and "planned" give "plan"."""
    return str(_STEMMER.stem(word))


def make_analyzer() -> Any:
    """Whoosh's tokenizer, lower-casing and stop words, with our stemmer; keeps one-letter words."""
    return StemmingAnalyzer(stemfn=stem_word, minsize=1)
