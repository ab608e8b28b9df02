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
