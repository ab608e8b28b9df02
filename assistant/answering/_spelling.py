"""Spelling: a misspelt question word read as a word of the index or the glossary, within an
edit limit that grows with the word's length."""

from __future__ import annotations

import weakref
from collections.abc import Callable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from assistant.answering._english import english_count
from assistant.corpus.glossary import Glossary
from assistant.corpus.words import lower_words, stem

SLIP_RATIO = 10_000
"""An English word is read as a common word one letter away only when English uses that word
this many times more ("wat" and "what"; not "oct" and "out"… which would be dropped anyway)."""
QUESTION_WORDS = frozenset("what who when where why how which whose".split())


def edit_limit(word: str) -> int:
    """Edits allowed: none below three letters, one up to nine ("optimisim", a swap counting
    as one: "privatley"), two from ten ("independantley")."""
    if len(word) < 3:
        return 0
    return 1 if len(word) < 10 else 2


class Speller:
    """Corrections against the glossary's words, the index's words and common English words."""

    def __init__(self, glossary: Glossary, common: frozenset[str]) -> None:
        self.common = common
        vocabulary: set[str] = set()
        # Two-word phrases by the stem of their first word: "sign" → [("sign off", "off")].
        self.phrases: dict[str, list[tuple[str, str]]] = {}
        self.known: set[str] = set()
        for names in glossary.names():
            for name in names:
                typed = lower_words(name)
                self.known.update(typed)
                vocabulary.update(word for word in typed if word.isalpha() and len(word) > 2)
                if len(typed) == 2:
                    pairs = self.phrases.setdefault(stem(typed[0]) or typed[0], [])
                    pair = (" ".join(typed), typed[1])
                    if pair not in pairs:
                        pairs.append(pair)
        self.vocabulary = sorted(vocabulary)

    def correct(
        self, word: str, suggest: Callable[[str], str], frequency: Callable[[str], int]
    ) -> str:
        """What ``word`` (which no passage has) was probably meant to be, or ""."""
        lowered = word.lower()
        limit = edit_limit(lowered)
        if not limit:
            return ""
        typed = english_count(lowered)
        if typed:
            # An English word the documents do not use ("supposed", "son") is left alone,
            # unless it is a rare slip for a very common little word ("wat" for "what").
            found = process.extract(lowered, self.common, scorer=OSA.distance, score_cutoff=1)
            candidates = {
                text: int(distance)
                for text, distance, _ in found
                if english_count(text) >= SLIP_RATIO * typed
            }
        else:
            # A short unknown word is a slip in a common word ("hw") or nothing: checked
            # against a longer list it would "correct" into any word at all.
            pool = list(self.common) if len(lowered) <= 3 else [*self.common, *self.vocabulary]
            found = process.extract(
                lowered, pool, scorer=OSA.distance, score_cutoff=limit, limit=20
            )
            candidates = {text: int(distance) for text, distance, _ in found}
            if len(lowered) > 3:
                suggested = suggest(lowered)
                if suggested:
                    distance = OSA.distance(lowered, suggested)
                    if distance <= limit:
                        candidates.setdefault(suggested, distance)
        # The first letter is rarely the one mistyped.
        candidates = {c: d for c, d in candidates.items() if c[:1] == lowered[:1] and c != lowered}
        if not candidates:
            return ""

        def preference(candidate: str) -> tuple[int, bool, int, int]:
            # Nearest first; a question word; the word the knowledge base uses most; then the
            # word English uses most.
            used = 0 if candidate in self.common else frequency(stem(candidate))
            asking = candidate in QUESTION_WORDS
            return (candidates[candidate], not asking, -used, -english_count(candidate))

        return min(candidates, key=preference)

    def near_miss(self, first: str, second: str) -> str:
        """The second word of a glossary phrase one edit away from two real words ("signs of"
        for "sign off" gives "off"), or "" when there is none."""
        first, second = first.lower(), second.lower()
        pairs = self.phrases.get(stem(first) or first, [])
        if any(word == second for _phrase, word in pairs):
            return ""
        for _phrase, word in pairs:
            if len(word) > 1 and OSA.distance(word, second) == 1:
                return word
        return ""


_SPELLERS: weakref.WeakKeyDictionary[Glossary, Speller] = weakref.WeakKeyDictionary()


def speller_for(glossary: Glossary, common: frozenset[str]) -> Speller:
    """One speller a glossary, made when first needed."""
    speller = _SPELLERS.get(glossary)
    if speller is None:
        speller = _SPELLERS[glossary] = Speller(glossary, common)
    return speller
