"""Spelling: a misspelt question word read as a word of the index or the glossary, within an
edit limit that grows with the word's length."""

from __future__ import annotations

import weakref
from collections.abc import Callable

from assistant.answering._english import english_count
from assistant.corpus.glossary import Glossary
from assistant.corpus.words import stem

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
        typed = glossary.typed_names
        self.known = typed.known
        self.vocabulary = typed.vocabulary
        self.phrases = typed.phrases

    def correct(
        self, word: str, suggest: Callable[[str], str], frequency: Callable[[str], int]
    ) -> str:
        """What ``word`` (which no passage has) was probably meant to be, or ""."""
        # Imported here: most questions have no word the knowledge base does not know.
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

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
            if len(word) > 1 and one_edit_apart(word, second):
                return word
        return ""


def one_edit_apart(first: str, second: str) -> bool:
    """Whether two different words are one edit apart (a letter added, dropped or changed, or
    two neighbours swapped: an OSA distance of 1), without importing rapidfuzz for it."""
    if first == second or abs(len(first) - len(second)) > 1:
        return False
    if len(first) > len(second):
        first, second = second, first
    start = 0
    while start < len(first) and first[start] == second[start]:
        start += 1
    if len(first) < len(second):
        return first[start:] == second[start + 1 :]
    if first[start + 1 :] == second[start + 1 :]:
        return True  # one letter changed
    return (
        first[start : start + 2] == second[start + 1 : start + 2] + second[start : start + 1]
        and first[start + 2 :] == second[start + 2 :]
    )  # two neighbours swapped


_SPELLERS: weakref.WeakKeyDictionary[Glossary, Speller] = weakref.WeakKeyDictionary()


def speller_for(glossary: Glossary, common: frozenset[str]) -> Speller:
    """One speller a glossary, made when first needed."""
    speller = _SPELLERS.get(glossary)
    if speller is None:
        speller = _SPELLERS[glossary] = Speller(glossary, common)
    return speller
