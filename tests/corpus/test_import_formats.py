"""PDF, Word and web pages built from the seeds come in with their structure, and answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest

from assistant.corpus.documents import load_document
from assistant.corpus.importers.blocks import Heading, ListItem, Paragraph, TableRow, row_text
from assistant.corpus.importing import ImportResult, import_paths, read_document
from assistant.corpus.passages import Passage, split_into_passages
from assistant.facade import Assistant
from tests.conftest import make_settings
from tests.fixtures.build_fixtures import Expected, build_all


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Expected]]:
    folder = tmp_path_factory.mktemp("fixtures")
    return folder, build_all(folder)


@pytest.fixture(scope="module")
def imported(
    built: tuple[Path, dict[str, Expected]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[dict[str, ImportResult], Assistant]]:
    folder, _expected = built
    knowledge = tmp_path_factory.mktemp("knowledge")
    results = import_paths([folder], knowledge)
    assistant = Assistant(make_settings(tmp_path_factory.mktemp("home"), [knowledge]))
    assistant.update_index()
    yield {result.path.name: result for result in results}, assistant
    assistant.close()


def passages_of(result: ImportResult) -> list[Passage]:
    assert result.target is not None
    document, tokens = load_document(result.target, result.target.stem)
    return split_into_passages(document, tokens)


def headings_of(markdown: str) -> list[tuple[str, int]]:
    out = []
    for line in markdown.splitlines():
        if line.startswith("#"):
            marks, text = line.split(" ", 1)
            out.append((text.replace("\\", ""), len(marks)))
    return out


@pytest.mark.parametrize("name", ["audit.pdf", "procedure.docx", "procedure.html"])
def test_headings_keep_their_text_and_levels(
    name: str,
    built: tuple[Path, dict[str, Expected]],
    imported: tuple[dict[str, ImportResult], Assistant],
) -> None:
    expected = built[1][name]
    result = imported[0][name]
    assert result.status == "imported", result.lines()
    assert result.conversion is not None
    assert result.conversion.metadata["title"] == expected.title
    found = headings_of(result.conversion.body)
    assert found[0] == (expected.title, 1)
    wanted = [(text, level) for text, level in expected.headings if text != expected.title]
    assert [text for text, _ in found[1:]] == [text for text, _ in wanted]
    # The levels below the title keep their order: the same source level, the same depth.
    depth = {}
    for (_, markdown_level), (_, source_level) in zip(found[1:], wanted, strict=True):
        assert depth.setdefault(source_level, markdown_level) == markdown_level
    assert sorted(depth.values()) == sorted(depth.values()) and len(set(depth.values())) == len(
        depth
    )
    assert all(depth[a] < depth[b] for a in depth for b in depth if a < b)


@pytest.mark.parametrize("name", ["audit.pdf", "procedure.docx", "procedure.html"])
def test_table_rows_keep_cells_in_order_with_their_headers(
    name: str,
    built: tuple[Path, dict[str, Expected]],
    imported: tuple[dict[str, ImportResult], Assistant],
) -> None:
    expected = built[1][name]
    extracted = read_document(built[0] / name)
    rows = [block for block in extracted.blocks if isinstance(block, TableRow)]
    assert [row.cells for row in rows] == expected.rows
    assert all(row.header == expected.header for row in rows)
    texts = "\n".join(passage.text for passage in passages_of(imported[0][name]))
    for row in rows:
        assert row_text(row) in texts  # the whole row is one line of one passage
    # Each cell is quoted with its column's header.
    first = rows[0]
    assert f"{expected.header[0]}: {first.cells[0]}" in row_text(first)


@pytest.mark.parametrize("name", ["audit.pdf", "procedure.docx", "procedure.html"])
def test_paragraphs_are_whole_and_furniture_stays_out(
    name: str,
    built: tuple[Path, dict[str, Expected]],
    imported: tuple[dict[str, ImportResult], Assistant],
) -> None:
    expected = built[1][name]
    passages = passages_of(imported[0][name])
    lines = {line for passage in passages for line in passage.text.split("\n")}
    joined = " ".join(" ".join(passage.text.split()) for passage in passages)
    # A paragraph is one line of a passage; one too long to quote whole (250 words) is cut
    # at sentence ends into passages that follow each other.
    missing = [
        text
        for text in expected.paragraphs
        if text not in lines and (len(text.split()) <= 250 or text not in joined)
    ]
    assert not missing
    items = [
        f"{b.number} {b.text}".strip()
        for b in read_document(built[0] / name).blocks
        if isinstance(b, ListItem)
    ]
    assert [item for item in expected.items if item not in items] == []
    everything = "\n".join(passage.text for passage in passages)
    for furniture in expected.chrome:
        assert furniture not in everything


def test_the_pdf_fixture_really_has_what_it_should(built: tuple[Path, dict[str, Expected]]) -> None:
    """A paragraph crosses a page break, the appendices are in two columns, heads repeat."""
    folder, expected = built
    audit = expected["audit.pdf"]
    with pdfplumber.open(folder / "audit.pdf") as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    flat = [" ".join(page.split()) for page in pages]
    assert all(audit.chrome[0] in page for page in flat)
    crossing = [
        text
        for text in audit.paragraphs
        if len(text.split()) > 30
        and any(
            " ".join(text.split()[:6]) in flat[i]
            and " ".join(text.split()[-6:]) in flat[i + 1]
            and " ".join(text.split()[-6:]) not in flat[i]
            for i in range(len(flat) - 1)
        )
    ]
    assert crossing, "no paragraph crosses a page break"
    assert audit.two_column
    # A two-column page draws its columns side by side: plain extraction interleaves them.
    assert any(text not in " ".join(flat) for text in audit.two_column)


def test_pdf_paragraphs_across_page_breaks_and_columns_are_whole(
    built: tuple[Path, dict[str, Expected]],
) -> None:
    folder, expected = built
    paragraphs = {
        block.text
        for block in read_document(folder / "audit.pdf").blocks
        if isinstance(block, Paragraph)
    }
    assert [text for text in expected["audit.pdf"].two_column if text not in paragraphs] == []
    assert [text for text in expected["audit.pdf"].paragraphs if text not in paragraphs] == []


def test_word_keeps_numbering_and_leaves_out_deletions_headers_and_comments(
    built: tuple[Path, dict[str, Expected]],
) -> None:
    extracted = read_document(built[0] / "procedure.docx")
    headings = [b.text for b in extracted.blocks if isinstance(b, Heading)]
    assert (
        "1. Purpose" in headings
        and "2.1 The length of time since the previous CP plan ended" in headings
    )
    items = [b for b in extracted.blocks if isinstance(b, ListItem)]
    assert [item.number for item in items] == ["a)", "b)", "c)", "d)"]
    text = "\n".join(getattr(b, "text", "") for b in extracted.blocks)
    assert "Record this analysis on the child's file." in text  # a tracked insertion
    assert "deleted in review" not in text


@pytest.mark.parametrize(
    ("name", "question", "quote"),
    [
        (
            "audit.pdf",
            "Cheshire East audit - how many audit requests were sent out and how many came back?",
            "There was a positive response to the 90 audit requests that were sent out, "
            "with 77 being returned.",
        ),
        (
            "procedure.docx",
            "Who has to agree a 3rd CP plan?",
            "the decision for a further CP Plan needs to be agreed by the Head of Service",
        ),
        (
            "procedure.html",
            "partner agency cant provide the service the plan needs - what shoud happen?",
            "If there are gaps in service provision because of partner agencies, then these "
            "should be escalated.",
        ),
    ],
)
def test_a_question_is_answered_from_each_format(
    name: str, question: str, quote: str, imported: tuple[dict[str, ImportResult], Assistant]
) -> None:
    results, assistant = imported
    target = results[name].target
    assert target is not None
    answer = assistant.ask(question).as_json()
    assert not answer["declined"]
    cited = [c for c in answer["citations"] if c["path"] == str(target)]
    assert cited, [c["path"] for c in answer["citations"]]
    assert any(quote in " ".join(c["text"].split()) for c in cited)
    assert quote.split(",")[0] in answer["answer"] or quote[:40] in answer["answer"]
