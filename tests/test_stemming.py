"""Our fast analysis gives exactly the stems the index holds."""

from __future__ import annotations

from assistant.corpus.words import analyse, make_analyzer, stem_word
from tests.conftest import REPO


def test_analyse_matches_the_index_analyzer_on_the_bundled_corpus() -> None:
    analyzer = make_analyzer()
    for path in sorted((REPO / "knowledge").glob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert analyse(line) == [token.text for token in analyzer(line)], line


def test_snowball_stems_agree_across_forms() -> None:
    assert {stem_word(w) for w in ("plan", "planning", "planned", "plans")} == {"plan"}
    assert stem_word("escalate") == stem_word("escalated") == stem_word("escalation")
