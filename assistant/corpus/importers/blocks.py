"""The one block model every importer produces, and its rendering to a knowledge file."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from assistant.corpus.documents import KINDS, normalise_date
from assistant.corpus.importers import metadata as infer


@dataclass(frozen=True)
class Heading:
    """A heading; ``level`` 1 is the document's biggest, deeper levels count up."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text, joined into one line."""

    text: str


@dataclass(frozen=True)
class ListItem:
    """One item of a list; ``number`` is its label as printed ("1.", "a)", "3.2") or empty."""

    text: str
    number: str = ""
    depth: int = 0


@dataclass(frozen=True)
class TableRow:
    """One row of a table: its cells in order and the column headers that go with them."""

    cells: tuple[str, ...]
    header: tuple[str, ...] = ()


Block = Heading | Paragraph | ListItem | TableRow


class ImportFailure(Exception):
    """A document that cannot be imported: why, and what to do, in one line a person can act on."""

    def __init__(self, message: str, page: int | None = None) -> None:
        self.message = message
        self.page = page
        super().__init__(message)


@dataclass
class Extracted:
    """What a reader found in a file: blocks in reading order, and what the file says of itself."""

    blocks: list[Block]
    title: str = ""
    """A title the file states outside its text (PDF or Word properties, a page's <title>)."""
    title_source: str = ""
    """Where ``title`` came from, for the inferred notes ("the PDF's properties")."""
    preamble: list[str] = field(default_factory=list)
    """Short lines printed above the title (a series name, an author): kept under the title."""
    title_from_text: bool = False
    """True when the text reader chose the title from the text itself (plain text)."""
    lines: list[str] = field(default_factory=list)
    """The document's lines as read (title line and banners included), for inferring its
    date, publisher and kind; empty means the blocks' own text."""
    published: str = ""
    """A publication date the file states in its properties (YYYY, YYYY-MM or YYYY-MM-DD)."""
    published_source: str = ""
    organisation_hint: str = ""
    """A publisher named in the file's properties, used only when the text names none."""
    pages: int = 0
    """Pages read (PDF), for speed figures and messages."""
    notes: list[str] = field(default_factory=list)
    """Problems worth telling the user that did not stop the import (a page with no text)."""


@dataclass
class ImportOptions:
    """What the user said about a document; anything left empty is inferred from the text."""

    title: str = ""
    kind: str = ""
    organisation: str = ""
    published: str = ""
    topics: list[str] = field(default_factory=list)


@dataclass
class Conversion:
    """A converted document: its front matter, its Markdown body and what was inferred."""

    metadata: dict[str, object]
    body: str
    inferred: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Problems found while reading that did not stop the import."""

    def markdown(self) -> str:
        """The knowledge file: front matter, then the body."""
        lines = []
        for key, value in self.metadata.items():
            if isinstance(value, list) and all(isinstance(item, str) for item in value):
                # Lists on one line ("topics: [a, b]") read better in front matter.
                flow = yaml.safe_dump(
                    value, default_flow_style=True, allow_unicode=True, width=10**6
                )
                lines.append(f"{key}: {flow.strip()}")
            else:
                dumped = yaml.safe_dump(
                    {key: value}, allow_unicode=True, width=10**6, sort_keys=False
                )
                lines.append(dumped.strip())
        front = "\n".join(lines)
        return f"---\n{front}\n---\n\n{self.body.rstrip()}\n"


# Characters that Markdown would read as markup inside a line; escaped so that the text the
# index and the answers see is exactly the text of the document.
_INLINE = re.compile(r"([\\`*_\[\]<~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(#|>|[+-](?=\s|$)|=+\s*$|-{2,}\s*$)")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_SPACE = re.compile(r"\s+")
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)


def clean_text(text: str) -> str:
    """One line of text: whitespace runs made single, ligatures spelt out, soft hyphens gone."""
    text = text.translate(_LIGATURES).replace("\u00ad", "").replace("\u200b", "")
    return _SPACE.sub(" ", text).strip()


def escape_markdown(text: str) -> str:
    """``text`` written so that Markdown shows it, and the index reads it, exactly as it is."""
    text = _ENTITY.sub("\\&", _INLINE.sub(r"\\\1", text))
    text = _ORDERED.sub(r"\1\\\2", text)
    return _LINE_START.sub(r"\\\1", text)


def _heading_markdown(text: str) -> str:
    # A heading's text is never read as a list or a quote: only inline markup is escaped.
    escaped = _ENTITY.sub("\\&", _INLINE.sub(r"\\\1", text))
    # A closing run of "#" would be read as the end of the heading, not its text.
    return re.sub(r"(#+)$", r"\\\1", escaped)


def row_text(row: TableRow) -> str:
    """A table row as one line that keeps each cell with its column header.

    "Header: cell" even after a "?" ("Review needed?: Yes"): "Review needed? Yes" would be
    two sentences to the answer's sentence splitter, and a quoted row must be whole."""
    parts = []
    for index, cell in enumerate(row.cells):
        if not cell:
            continue
        header = row.header[index] if index < len(row.header) else ""
        if not header or header == cell:
            parts.append(cell)
        elif header.endswith(":"):
            parts.append(f"{header} {cell}")
        else:
            parts.append(f"{header}: {cell}")
    return " | ".join(parts)


def render_body(title: str, blocks: Sequence[Block]) -> str:
    """The Markdown body: the title, then the blocks with heading levels ranked from ``##``."""
    levels = sorted({block.level for block in blocks if isinstance(block, Heading)})
    rank = {level: min(6, index + 2) for index, level in enumerate(levels)}
    out = [f"# {_heading_markdown(title)}", ""]
    previous: type | None = None
    for block in blocks:
        if isinstance(block, Heading):
            out += ["", "#" * rank[block.level] + " " + _heading_markdown(block.text), ""]
        elif isinstance(block, Paragraph):
            out += ["", escape_markdown(block.text), ""]
        elif isinstance(block, ListItem | TableRow):
            if previous is not type(block):
                out.append("")
            # Items stay at one depth: a passage quotes each item on its own line.
            text = row_text(block) if isinstance(block, TableRow) else block.text
            if isinstance(block, ListItem) and block.number:
                text = f"{block.number} {text}"
            if text:
                out.append("- " + escape_markdown(text))
        previous = type(block)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


def plain_text(blocks: Sequence[Block]) -> str:
    """The blocks' text, one block a line, for inferring metadata and topics."""
    lines = []
    for block in blocks:
        if isinstance(block, TableRow):
            lines.append(" ".join(block.cells))
        elif isinstance(block, ListItem):
            lines.append(f"{block.number} {block.text}".strip())
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _first_heading(blocks: Sequence[Block]) -> int:
    """The index of the heading that titles the document: the first of the top level, early."""
    headings = [(i, b) for i, b in enumerate(blocks) if isinstance(b, Heading)]
    if not headings:
        return -1
    top = min(block.level for _, block in headings)
    for index, block in headings:
        if index > 8:
            break
        # Only running text or list items above it: a heading after a long passage is a
        # section, not the title.
        words_before = sum(len(plain_text([b]).split()) for b in blocks[:index])
        if words_before > 60:
            break
        if block.level == top or index == headings[0][0]:
            return index
    return -1


def choose_title(extracted: Extracted, fallback: str) -> tuple[str, int, str]:
    """The title, the index of the block it was taken from (-1 if none) and where it came from.

    A title the file's properties state wins when it looks like a title; then the first
    top-level heading; then the file's name (which the user chose), never a sentence.
    """
    blocks = extracted.blocks
    stated = clean_text(extracted.title)
    heading_index = _first_heading(blocks)
    if stated and title_sized(stated):
        for index, block in enumerate(blocks[:12]):
            if isinstance(block, Heading | Paragraph) and _key(block.text) == _key(stated):
                return stated, index if isinstance(block, Heading) else -1, extracted.title_source
        return stated, -1, extracted.title_source
    if heading_index >= 0:
        text = blocks[heading_index].text  # type: ignore[union-attr]
        return clean_text(text), heading_index, "the first heading"
    return fallback, -1, "the file name"


def title_sized(text: str) -> bool:
    """True when a line could be a title: not a long sentence, not a whole flattened page (a
    PDF printed from a web page may state its first paragraph as its title)."""
    words = len(text.split())
    return words <= 25 and not (words > 12 and text.rstrip().endswith("."))


def file_title(stem: str) -> str:
    """A title made from a file name: separators as spaces, a leading number dropped."""
    words = re.sub(r"[_\s]+", " ", stem.replace("-", " ")).strip()
    words = re.sub(r"^\d+\s+", "", words)
    return words[:1].upper() + words[1:] if words else stem


def convert(
    extracted: Extracted,
    source: str,
    options: ImportOptions | None = None,
    topic_finder: Callable[[str], list[str]] | None = None,
    fallback_title: str = "",
) -> Conversion:
    """A knowledge file for what a reader extracted; ``options`` override any inference."""
    options = options or ImportOptions()
    blocks = list(extracted.blocks)
    if not any(plain_text([block]).strip() for block in blocks):
        raise ValueError("the document has no text")
    inferred: list[str] = []

    title = clean_text(options.title)
    if extracted.title_from_text:
        # The text reader chose the title line itself (it knows which line it was).
        title = title or extracted.title
        if not options.title.strip():
            inferred.append(f"title: {title}")
    elif title:
        matching = [
            i
            for i, b in enumerate(blocks[:12])
            if isinstance(b, Heading) and _key(b.text) == _key(title)
        ]
        if matching:
            del blocks[matching[0]]
    else:
        title, index, where = choose_title(
            extracted, file_title(Path(fallback_title or source).stem)
        )
        if index >= 0:
            del blocks[index]
        inferred.append(f"title: {title} (from {where})")
    if not title:
        raise ValueError("the document has no text to take a title from")
    if extracted.preamble:
        blocks.insert(0, Paragraph(" · ".join(extracted.preamble)))

    text = plain_text(blocks)
    lines = extracted.lines or [title, *text.splitlines()]
    head = "\n".join(lines[:20])
    published = options.published.strip()
    if published:
        published = normalise_date(published)
    else:
        published = infer.infer_published(lines)
        if published:
            inferred.append(f"published: {published}")
        elif extracted.published:
            published = extracted.published
            inferred.append(f"published: {published} (from {extracted.published_source})")
    organisation = clean_text(options.organisation)
    if not organisation:
        organisation = infer.infer_organisation("\n".join(extracted.lines) or f"{title}\n{text}")
        if not organisation and extracted.organisation_hint:
            organisation = infer.infer_organisation(extracted.organisation_hint)
        if organisation:
            inferred.append(f"organisation: {organisation}")
    kind = options.kind.strip().lower()
    if kind and kind not in KINDS:
        raise ValueError(f"the kind must be one of {', '.join(KINDS)}")
    if not kind:
        kind = infer.infer_kind(title, head)
        inferred.append(f"kind: {kind}")
    topics = list(options.topics)
    if not topics and topic_finder is not None:
        topics = topic_finder("\n".join(extracted.lines) or f"{title}\n{text}")
        if topics:
            inferred.append(f"topics: {', '.join(topics)}")

    metadata: dict[str, object] = {"title": title, "kind": kind}
    if organisation:
        metadata["organisation"] = organisation
    if published:
        metadata["published"] = published
    metadata["source"] = source
    if topics:
        metadata["topics"] = topics
    metadata["imported"] = dt.date.today().isoformat()
    return Conversion(
        metadata=metadata,
        body=render_body(title, blocks),
        inferred=inferred,
        notes=list(extracted.notes),
    )
