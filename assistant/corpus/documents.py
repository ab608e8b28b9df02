"""Knowledge files: reading them safely and checking their front matter."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.storage.reading import TextFileProblem, decode_marked, read_regular_file
from assistant.storage.yaml_files import YamlProblem, one_line_yaml, read_yaml

KINDS = ("procedure", "audit", "briefing", "review", "guidance", "glossary")
"""The kinds of document the knowledge base holds."""

MAX_FILE_BYTES = 64_000_000
"""Far bigger than any procedure manual; a bigger file (or a device) is not read into memory."""

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


class KnowledgeError(AssistantError):
    """A knowledge file that cannot be used, with where the problem is."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        super().__init__(message, path, line)


@dataclass
class Problem:
    """Something wrong with one knowledge file, kept so the user can read it later."""

    path: str
    message: str
    line: int | None = None
    skipped: bool = True
    """True when the file was left out of the index; False for a warning."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}" + ("" if self.skipped else " (indexed anyway)")


@dataclass
class Document:
    """One knowledge file: its metadata and its Markdown text."""

    doc_id: str
    path: Path
    text: str
    """The whole file as text, front matter included (passage spans point into it)."""
    title: str
    kind: str
    organisation: str = ""
    published: str = ""
    """YYYY, YYYY-MM or YYYY-MM-DD, or empty when the source gives no date."""
    source: str = ""
    topics: list[str] = field(default_factory=list)
    sha256: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        """The year of publication, when known."""
        return int(self.published[:4]) if self.published else None


def read_text(path: Path, data: bytes | None = None) -> tuple[str, bytes, list[str]]:
    """The text of a file, its bytes and warnings; raises KnowledgeError for unusable files."""
    if data is None:
        try:
            data = read_regular_file(path, MAX_FILE_BYTES)
        except TextFileProblem as problem:
            raise KnowledgeError(path, problem.message) from None
        except OSError as error:
            raise KnowledgeError(path, f"cannot be read ({error.strerror})") from None
    if not data.strip():
        raise KnowledgeError(path, "the file is empty")
    try:
        marked = decode_marked(data)  # UTF-16 holds zero bytes: read it before the next check
    except UnicodeDecodeError:
        raise KnowledgeError(path, "the text does not match its byte-order mark") from None
    if marked is None and b"\x00" in data[:8192]:
        raise KnowledgeError(path, "this is a binary file, not Markdown text")
    warnings = []
    try:
        text = marked if marked is not None else data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise KnowledgeError(path, "the text is neither UTF-8 nor Windows-1252", line) from None
        warnings.append(
            f"line {line}: not UTF-8; read as Windows-1252 (save the file as UTF-8 to silence this)"
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), data, warnings


def parse_metadata(path: Path, raw: str, first_line: int) -> dict[str, Any]:
    """Check front matter YAML; ``first_line`` is the file line of the YAML's first line."""
    try:
        data, lines = read_yaml(raw, first_line) if raw.strip() else (None, {})
    except YamlProblem as problem:
        raise KnowledgeError(path, f"front matter: {problem.message}", problem.line) from None
    if not isinstance(data, dict):
        raise KnowledgeError(path, "front matter must be a list of 'key: value' lines", first_line)

    def line_of(key: str) -> int:
        return lines.get(key, first_line)

    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise KnowledgeError(path, "front matter needs a 'title:'", line_of("title"))
    kind = str(data.get("kind", "")).strip().lower()
    if kind not in KINDS:
        found = f"'{kind}'" if kind else "nothing"
        raise KnowledgeError(
            path, f"'kind:' must be one of {', '.join(KINDS)} (found {found})", line_of("kind")
        )
    published = data.get("published")
    if published is None or published == "":
        published_text = ""
    else:
        try:
            published_text = normalise_date(published)
        except ValueError as error:
            raise KnowledgeError(path, f"'published:' {error}", line_of("published")) from None
    topics = data.get("topics") or []
    if isinstance(topics, str):
        topics = [part.strip() for part in topics.split(",") if part.strip()]
    if not isinstance(topics, list):
        raise KnowledgeError(path, "'topics:' must be a list", line_of("topics"))
    return {
        "title": title.strip(),
        "kind": kind,
        "organisation": str(data.get("organisation") or "").strip(),
        "published": published_text,
        "source": str(data.get("source") or "").strip(),
        "topics": [str(topic).strip() for topic in topics if str(topic).strip()],
    }


def normalise_date(value: object) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD from what YAML gave; ValueError names the problem."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"must look like 2022, 2022-09 or 2022-09-30 (found '{text}')")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    if year < 1:
        raise ValueError(f"has no year 0 (found '{text}')")
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        raise ValueError(f"has no month {month} (found '{text}')")
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise ValueError(f"is not a real date (found '{text}')") from None


def load_document(path: Path, doc_id: str, data: bytes | None = None) -> tuple[Document, list[Any]]:
    """Read and check one knowledge file; returns it with its parsed Markdown tokens."""
    from assistant.corpus.markdown import make_parser

    text, data, warnings = read_text(path, data)
    tokens = make_parser().parse(text)
    if not tokens or tokens[0].type != "front_matter":
        raise KnowledgeError(
            path,
            "no front matter: the file must start with a '---' line, then 'title:' and 'kind:'",
            1,
        )
    front = tokens[0]
    start = front.map[0] + 2 if front.map else 2
    meta = parse_metadata(path, front.content, start)
    if not any(token.type == "inline" and token.content.strip() for token in tokens[1:]):
        raise KnowledgeError(path, "the file has front matter but no text")
    import hashlib  # here: OpenSSL's start-up would delay the app's question box (it reads no file)

    document = Document(
        doc_id=doc_id,
        path=path,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        warnings=warnings,
        **meta,
    )
    return document, tokens[1:]


def front_matter(metadata: dict[str, object]) -> str:
    """The front matter block of a knowledge file, one ``key: value`` a line, lists on one line."""
    lines = "\n".join(one_line_yaml(key, value) for key, value in metadata.items())
    return f"---\n{lines}\n---\n"
