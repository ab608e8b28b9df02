"""Sections become passages of a readable size, with heading paths and stable anchors."""

from __future__ import annotations

from pathlib import Path

from assistant.corpus.documents import load_document
from assistant.corpus.passages import MAX_WORDS, split_into_passages
from assistant.corpus.sentences import split_sentences
from assistant.corpus.words import word_count
from tests.conftest import write_knowledge


def test_long_sections_split_and_short_ones_stay_whole(tmp_path: Path) -> None:
    paragraph = " ".join(["Practitioners should record the reasons for each decision."] * 12)
    body = "## Section 3: Findings\n\n### 3.4 Repeat plans\n\n" + "\n\n".join([paragraph] * 6)
    body += "\n\n### 3.5 Parents\n\nParents were asked.\n\n## Section 3: Findings\n\nAgain.\n"
    path = write_knowledge(tmp_path, "doc", body)
    document, tokens = load_document(path, "doc")
    passages = split_into_passages(document, tokens)
    repeat = [p for p in passages if p.section == "Section 3: Findings › 3.4 Repeat plans"]
    assert len(repeat) > 1
    assert all(word_count(p.text) <= MAX_WORDS for p in repeat)
    assert len({p.pid for p in passages}) == len(passages)
    assert [p.anchor for p in passages][-1] == "section-3-findings-1"  # duplicate headings differ
    assert passages[-2].text == "Parents were asked."


def test_sentences_do_not_break_at_abbreviations_or_decimals() -> None:
    text = "The rate was 14.9 per cent, i.e. higher. Dr Smith agreed.\nA list item\nNext one."
    assert split_sentences(text) == [
        "The rate was 14.9 per cent, i.e. higher.",
        "Dr Smith agreed.",
        "A list item",
        "Next one.",
    ]
