"""Reading knowledge files: bad input is reported with its file and line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus.documents import KnowledgeError, load_document, normalise_date
from assistant.corpus.passages import split_into_passages
from tests.conftest import write_knowledge


def load_error(path: Path) -> KnowledgeError:
    with pytest.raises(KnowledgeError) as caught:
        load_document(path, "doc")
    return caught.value


def test_good_file_gives_metadata_and_passages(tmp_path: Path) -> None:
    body = "# Ignored Title\n\n## 1 Summary\n\nThe summary.\n\n## 2 Detail\n\n- one item\n- two\n"
    path = write_knowledge(
        tmp_path, "good", body, title="Ignored Title", organisation="X SCP", published="2022-09"
    )
    document, tokens = load_document(path, "good")
    assert (document.title, document.kind, document.year) == ("Ignored Title", "procedure", 2022)
    passages = split_into_passages(document, tokens)
    assert [p.heading_path for p in passages] == [["1 Summary"], ["2 Detail"]]
    assert [p.anchor for p in passages] == ["1-summary", "2-detail"]
    assert passages[1].text == "one item\ntwo"
    assert document.text[passages[0].start : passages[0].end].startswith("The summary.")


def test_broken_front_matter_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_text("---\ntitle: Fine\nkind: [procedure\n---\n\nText.\n", encoding="utf-8")
    error = load_error(path)
    assert error.line == 4
    assert "front matter: not valid YAML" in str(error)
    assert str(path) in str(error)


@pytest.mark.parametrize(
    ("front", "message", "line"),
    [
        ("kind: procedure", "needs a 'title:'", 2),
        ("title: T\nkind: memo", "'kind:' must be one of", 3),
        ("title: T\nkind: audit\npublished: 2022-13", "has no month 13", 4),
        ("title: T\nkind: audit\npublished: 2023-02-30", "not a real date", 4),
        ("title: T\nkind: audit\ntopics: 7", "'topics:' must be a list", 4),
    ],
)
def test_front_matter_checks(tmp_path: Path, front: str, message: str, line: int) -> None:
    path = tmp_path / "x.md"
    path.write_text(f"---\n{front}\n---\n\nSome text.\n", encoding="utf-8")
    error = load_error(path)
    assert message in error.message
    assert error.line == line


def test_missing_front_matter_empty_and_binary_files(tmp_path: Path) -> None:
    plain = tmp_path / "plain.md"
    plain.write_text("# Just a heading\n\nText.\n", encoding="utf-8")
    assert "no front matter" in load_error(plain).message
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    assert load_error(empty).message == "the file is empty"
    binary = tmp_path / "image.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary" in load_error(binary).message
    only_front = tmp_path / "front.md"
    only_front.write_text("---\ntitle: T\nkind: audit\n---\n", encoding="utf-8")
    assert "no text" in load_error(only_front).message


def test_windows_1252_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.md"
    path.write_bytes(
        "---\ntitle: Caf\xe9 notes\nkind: guidance\n---\n\nThe \x93plan\x94.\n".encode("latin-1")
    )
    document, _tokens = load_document(path, "doc")
    assert document.title == "Café notes"
    assert "“plan”" in document.text
    assert document.warnings and "Windows-1252" in document.warnings[0]


def test_dates_normalise() -> None:
    assert normalise_date(2022) == "2022"
    assert normalise_date("2022-9") == "2022-09"
    with pytest.raises(ValueError):
        normalise_date("September 2022")
