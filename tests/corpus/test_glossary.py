"""The glossary: enough terms, query expansion, definitions, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus.documents import KnowledgeError
from assistant.corpus.glossary import Glossary, glossary_passages, parse_glossary
from tests.conftest import REPO


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load([REPO / "knowledge" / "glossary.yaml"])


def expansions(glossary: Glossary, text: str) -> list[list[str]]:
    return [
        [alt.lower() for alt in concept.alternatives] for _, _, concept in glossary.concepts(text)
    ]


def test_size_and_shape(glossary: Glossary) -> None:
    assert len(glossary.terms) >= 60
    assert all(term.definition and term.category for term in glossary.terms)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("CP", "child protection"),
        ("DC", "disguised compliance"),
        ("soton", "southampton"),
        ("ICPC", "initial child protection conference"),
        ("de-plan", "end the plan"),
        ("step down", "stepped down"),
    ],
)
def test_expansions(glossary: Glossary, typed: str, expected: str) -> None:
    found = expansions(glossary, typed)
    assert found and expected in found[0], found


def test_wordlike_abbreviations_need_capitals(glossary: Glossary) -> None:
    assert expansions(glossary, "is it DA?") and not expansions(glossary, "da da da")


def test_lookup_by_any_name(glossary: Glossary) -> None:
    assert glossary.lookup("PLO")[0].term == "Public Law Outline"
    assert {t.term for t in glossary.lookup("CPC")} >= {
        "Child Protection Conference",
        "Child Protection Co-ordinator",
    }
    related = glossary.related("disguised compliance")
    assert {"rule of optimism", "start again syndrome", "professional curiosity"} <= set(related)


def test_errors_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text("terms:\n  - term: X\n    definition: A thing.\n    colour: red\n", "utf-8")
    with pytest.raises(KnowledgeError, match="unknown key") as caught:
        Glossary.load([path])
    assert caught.value.line == 2
    path.write_text("terms:\n  - term: X\n    definition: [broken\n", "utf-8")
    with pytest.raises(KnowledgeError, match="not valid YAML"):
        Glossary.load([path])


def test_the_thesaurus_is_in_the_glossary_format() -> None:
    thesaurus = REPO / "knowledge" / "thesaurus.yaml"
    terms, groups = parse_glossary(thesaurus, thesaurus.read_text(encoding="utf-8"))
    assert not terms and len(groups) >= 100
    both = Glossary.load([REPO / "knowledge" / "glossary.yaml", thesaurus])
    found = expansions(both, "mum's boyfriend")
    assert found and "male carer" in found[0]
    # A group naming a glossary term brings the term's other names: "school nurse" finds the
    # entry's "school nursing" through the thesaurus's "the school nurse" group too.
    assert "school nursing" in expansions(both, "school health")[0]


def test_overlapping_phrases_read_as_the_fuller_one() -> None:
    both = Glossary.load(
        [REPO / "knowledge" / "glossary.yaml", REPO / "knowledge" / "thesaurus.yaml"]
    )
    surfaces = [concept.surface for _s, _e, concept in both.concepts("in care proceedings")]
    assert surfaces == ["care proceedings"]


def test_glossary_entries_are_labelled_as_ours(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    text = "terms:\n  - term: X\n    definition: A thing.\n"
    path.write_text(text, encoding="utf-8")
    document, passages = glossary_passages(Glossary.load([path]), path, "g", text)
    assert "own wording" in document.title and "not a published source" in document.organisation
    assert passages[0].text == "A thing."
