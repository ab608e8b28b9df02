"""Every reader, for any input: its own error, with a message, or a result; never a traceback."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from assistant.briefing.findings import FindingsError, check_file, read_findings
from assistant.config import ConfigError, Settings
from assistant.corpus.documents import KnowledgeError, load_document, parse_metadata
from assistant.corpus.glossary import parse_glossary
from assistant.training.pack import check_pack_file, read_pack
from tests.properties.strategies import file_bytes, hostile_text, shaped, yaml_text


def files_for(reader: str) -> st.SearchStrategy[str]:
    """Files shaped like the reader's, and YAML of any shape at all."""
    return st.one_of(shaped(reader), shaped(reader), yaml_text)


front_matter_file = st.tuples(files_for("front matter"), hostile_text).map(
    lambda parts: f"---\n{parts[0]}\n---\n\n{parts[1]}\n"
)


@given(files_for("front matter"))
def test_front_matter(text: str) -> None:
    try:
        meta = parse_metadata(Path("k.md"), text, 2)
    except KnowledgeError as error:
        assert error.message
    else:
        assert meta["title"] and meta["kind"]


@given(file_bytes(front_matter_file))
def test_knowledge_files(data: bytes) -> None:
    try:
        document, _tokens = load_document(Path("k.md"), "k", data)
    except KnowledgeError as error:
        assert error.message and error.path == Path("k.md")
    else:
        assert document.title and document.text


@given(files_for("glossary"))
def test_glossary(text: str) -> None:
    try:
        terms, _everyday = parse_glossary(Path("glossary.yaml"), text)
    except KnowledgeError as error:
        assert error.message
    else:
        assert all(term.term and term.definition for term in terms)


@given(files_for("findings"))
def test_findings(text: str) -> None:
    report = read_findings(text)
    assert report.findings is not None or report.problems
    assert all(issue.message for issue in report.problems)


@given(files_for("pack"))
def test_packs(text: str) -> None:
    report = read_pack(text)
    assert report.pack is not None or report.problems
    assert all(issue.message for issue in report.problems)


@given(file_bytes(st.one_of(files_for("findings"), files_for("pack"))))
def test_findings_and_pack_files(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "file.yaml"
    path.write_bytes(data)
    try:
        check_file(path)
    except FindingsError as error:
        assert error.message
    assert check_pack_file(path) is not None


KEYS = [
    "knowledge",
    "user_knowledge",
    "include_bundled",
    "stale_after_years",
    "name",
    "logo",
    "primary_colour",
    "accent_colour",
    "partnership.name",
    '"knowledge"',
    "knowlege",
    "a.b",
]
VALUES = [
    '"text"',
    "'literal'",
    '""',
    '"~/folder"',
    '"/"',
    '"\\u0000"',
    "true",
    "false",
    '"no"',
    "0",
    "-1",
    "5",
    "100000000000000",
    "1e400",
    "inf",
    "nan",
    "1979-05-27T07:32:00Z",
    "[]",
    '["/", ""]',
    "[1, 2]",
    "{ name = 1 }",
    "[[[]]]",
    "[",
]
toml_line = st.one_of(
    st.tuples(
        st.sampled_from(KEYS), st.sampled_from([" = ", "=", " "]), st.sampled_from(VALUES)
    ).map("".join),
    st.sampled_from(["[partnership]", "[[partnership]]", "[partnership.x]", "[extra]", "# note"]),
    st.integers(0, 3000).map(lambda n: "deep = " + "[" * n + "]" * n),
    hostile_text,
)
toml_text = st.lists(toml_line, max_size=10).map("\n".join)


@given(file_bytes(toml_text))
def test_configuration(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(data)
    try:
        settings = Settings.load(path)
    except ConfigError as error:
        assert error.message and error.path == path
    else:
        assert settings.knowledge_dirs and 1 <= settings.stale_after_years <= 100
