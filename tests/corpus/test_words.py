"""One tokenizer: our fast analysis gives exactly the stems the index holds."""

from __future__ import annotations

from assistant.corpus.words import analyse, lower_words, stem_word, word_count, words
from assistant.search.index import make_analyzer
from tests.conftest import REPO


def test_analyse_matches_the_index_analyzer_on_the_bundled_corpus() -> None:
    analyzer = make_analyzer()
    for path in sorted((REPO / "knowledge").glob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert analyse(line) == [token.text for token in analyzer(line)], line


def test_snowball_stems_agree_across_forms() -> None:
    assert {stem_word(w) for w in ("plan", "planning", "planned", "plans")} == {"plan"}
    assert stem_word("escalate") == stem_word("escalated") == stem_word("escalation")


def test_words_keep_apostrophes_and_split_hyphens() -> None:
    assert words("Mum’s step-dad, 3rd CP plan") == ["Mum's", "step", "dad", "3rd", "CP", "plan"]
    assert lower_words("Mum’s PLAN") == ["mum's", "plan"]
    assert word_count("the child's step-dad saw 30% of it") == 7


def test_joined_stems_are_those_of_the_texts_read_together() -> None:
    # Ranking reads each sentence with the one before; joining their stems must give what
    # analysing the two texts together gives, positions included.
    from assistant import locations
    from assistant.corpus.sentences import split_sentences
    from assistant.corpus.words import Stems

    texts = ["Seen on 3.", "4 pm, e.g.", "the plan's end.", "", "and a the of", "Plan (CP)."]
    for path in sorted(locations.bundled_knowledge_dir().glob("*.md")):
        texts += split_sentences(path.read_text(encoding="utf-8"))[:40]
    for first, second in zip(texts, texts[1:], strict=False):
        joined = Stems.joined(Stems(first), Stems(second))
        together = Stems(f"{first} {second}")
        assert joined.positions == together.positions
        assert joined.length == together.length
