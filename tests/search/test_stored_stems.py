"""A passage's stems stored at indexing: the text's own, after updates too, and ranked alike."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.answering._ranking import CANDIDATES, Scored, rank_passages, search_clauses
from assistant.corpus.words import Stems, analyse
from assistant.facade import Assistant
from assistant.search.model import Clause, Hit
from benchmarks.bench import QUESTIONS
from tests.conftest import make_settings, write_knowledge

ODD = ["", "the of a", "Don't e.g. 3.4 CP_plan ÉTÉ naïve x*y THE plan plans PLANNED", "ß ǅ ﬁ ١٢"]


def same_stems(hit: Hit) -> bool:
    """Whether the stems the index gave a hit are those of its text, positions and length."""
    assert hit.stems is not None, hit.pid
    stored, fresh = Stems.of_analysed(hit.stems), Stems(hit.text)
    return stored.positions == fresh.positions and stored.length == fresh.length


def test_every_passage_has_its_texts_stems(bundled: Assistant) -> None:
    hits = list(bundled.index.all_passages())
    assert {hit.kind for hit in hits} >= {"glossary", "procedure", "audit"}
    assert all(same_stems(hit) for hit in hits)
    found = bundled.index.search([Clause("body", ("plan",))], limit=20)
    assert found and all(same_stems(hit) for hit in found)


@settings(max_examples=200, derandomize=True, database=None, deadline=None)
@given(st.one_of(st.sampled_from(ODD), st.text()))
def test_stems_read_back_as_analysed(text: str) -> None:
    # What the index stores (the stems joined by spaces) gives back the text's own Stems.
    stored = Stems.of_analysed(" ".join(analyse(text)))
    assert stored.positions == Stems(text).positions
    assert stored.length == Stems(text).length


def test_an_update_stores_the_new_texts_stems(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    write_knowledge(folder, "a", "## Plans\n\nA third plan needs the Head of Service.\n")
    write_knowledge(folder, "b", "## Plans\n\nEvery plan is reviewed.\n\n## Other\n\nMore.\n")
    assistant = Assistant(make_settings(tmp_path, [folder]))
    assistant.update_index()
    assert len(assistant.search([Clause("body", ("plan",))])) == 2
    write_knowledge(folder, "a", "## Plans\n\nA plan goes to panel, planning ahead.\n")
    assert not assistant.update_index().rebuilt
    hits = assistant.search([Clause("body", ("plan",))])
    assert sorted(hit.text for hit in hits) == [
        "A plan goes to panel, planning ahead.",
        "Every plan is reviewed.",
    ]
    assert all(same_stems(hit) for hit in hits)
    assistant.close()


def test_ranking_from_stored_stems_is_ranking_from_the_text(bundled: Assistant) -> None:
    # Re-ranking reads the stored stems; without them it tokenises the text: the same ranking.
    index = bundled.index
    compared = 0
    for text in QUESTIONS[::4]:
        question = bundled.read(text)
        clauses = search_clauses(question, index.passage_count(), index.document_frequency)
        hits = index.search(clauses, question.filters, CANDIDATES, "glossary") if clauses else []
        if not hits:
            continue
        assert all(hit.stems is not None for hit in hits)
        # Each ranking has a question of its own: ranking marks the names it finds in it.
        stored = rank_passages(bundled.read(text), hits)
        fresh = rank_passages(bundled.read(text), [replace(hit, stems=None) for hit in hits])
        assert [describe(s) for s in stored] == [describe(s) for s in fresh]
        compared += 1
    assert compared > 20


def describe(scored: Scored) -> tuple[object, ...]:
    """What a ranked passage came to: its passage, scores and sentences."""
    sentences = [(s.text, s.coverage, s.own, s.needs_previous) for s in scored.sentences]
    return (scored.hit.pid, scored.score, scored.coverage, sentences)
