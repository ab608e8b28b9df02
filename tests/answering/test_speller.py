"""The speller's set-up: its word lists come with the glossary (and its cache), and its
one-edit check agrees with rapidfuzz's, which it stands in for on every question."""

from __future__ import annotations

import pickle
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from assistant.answering._spelling import Speller, one_edit_apart
from assistant.answering.question import STOPWORDS
from assistant.corpus.glossary import Glossary
from assistant.corpus.words import lower_words, stem
from assistant.facade import GLOSSARY_CACHE, Assistant
from tests.conftest import REPO, make_settings

FILES = [REPO / "knowledge" / "glossary.yaml", REPO / "knowledge" / "thesaurus.yaml"]


def test_the_names_as_typed_are_every_word_of_every_name() -> None:
    glossary = Glossary.load(FILES)
    typed = glossary.typed_names
    names = [name for group in glossary.names() for name in group]
    assert typed.known == {word for name in names for word in lower_words(name)}
    assert typed.vocabulary == sorted({w for w in typed.known if w.isalpha() and len(w) > 2})
    assert ("sign off", "off") in typed.phrases[stem("sign")]
    two_words = {" ".join(lower_words(n)) for n in names if len(lower_words(n)) == 2}
    assert {phrase for pairs in typed.phrases.values() for phrase, _ in pairs} == two_words


def test_the_glossary_cache_holds_the_speller_word_lists(tmp_path: Path) -> None:
    assistant = Assistant(make_settings(tmp_path, [REPO / "knowledge"]))
    assistant.glossary  # noqa: B018 - loading it writes the cache
    cache = (tmp_path / GLOSSARY_CACHE).read_bytes()
    glossary, _problems = pickle.loads(cache[cache.index(b"\n") + 1 :])
    assert "typed_names" in vars(glossary)  # made before caching, not in each process
    speller = Speller(glossary, STOPWORDS)
    assert speller.known == Glossary.load(FILES).typed_names.known


def test_near_misses_of_glossary_phrases() -> None:
    speller = Speller(Glossary.load(FILES), STOPWORDS)
    assert speller.near_miss("signs", "of") == "off"
    assert speller.near_miss("signs", "off") == ""


@settings(max_examples=500)
@given(st.text("abcs", max_size=7), st.text("abcs", max_size=7))
def test_one_edit_apart_is_an_osa_distance_of_one(first: str, second: str) -> None:
    assert one_edit_apart(first, second) == (OSA.distance(first, second) == 1)


@given(st.text("abcde", min_size=1, max_size=8), st.data())
def test_every_single_edit_is_found(word: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(word) - 1))
    letter = data.draw(st.sampled_from("abcdez"))
    edits = [word[:at] + word[at + 1 :], word[:at] + letter + word[at:]]
    edits.append(word[:at] + letter + word[at + 1 :])
    if at + 1 < len(word):
        edits.append(word[:at] + word[at + 1] + word[at] + word[at + 2 :])
    for edited in edits:
        assert one_edit_apart(word, edited) == (edited != word), edited
