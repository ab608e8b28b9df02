"""Sections and passages: the units the index retrieves and answers cite."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from assistant.corpus.documents import Document
from assistant.corpus.sentences import split_sentences
from assistant.corpus.words import word_count

MIN_WORDS = 40
MAX_WORDS = 250


@dataclass
class Passage:
    """A piece of a section small enough to quote, with where it came from."""

    pid: str
    doc_id: str
    heading_path: list[str]
    anchor: str
    """The heading's anchor in the document, shared by the section's passages."""
    text: str
    """Plain text: one line a paragraph, list item or table row."""
    start: int
    end: int
    """Character span of the passage in the knowledge file."""
    order: int
    keywords: str = ""
    """Extra words to search on but not to quote (a glossary term's other names)."""

    @property
    def section(self) -> str:
        """The heading path as it is shown: "Section 3 › 3.4 Repeat Child Protection Plan"."""
        return " › ".join(self.heading_path)


@dataclass
class _Block:
    text: str
    first_line: int
    last_line: int
    words: int = field(init=False)

    def __post_init__(self) -> None:
        self.words = word_count(self.text)


def _blocks(tokens: list[Any], start: int, end: int) -> list[_Block]:
    """Blocks between tokens[start:end]: paragraphs, list items and table rows, in order."""
    # Imported here: answering a question needs passages, not the Markdown parser.
    from assistant.corpus.markdown import inline_text

    blocks: list[_Block] = []
    depth_item = 0
    in_table = False
    row: list[str] = []
    row_map: list[int] | None = None
    for token in tokens[start:end]:
        if token.type in ("table_open", "table_close"):
            in_table = token.type == "table_open"
        elif token.type == "list_item_open":
            depth_item += 1
            if depth_item == 1:
                blocks.append(_Block("", *(token.map or [0, 0])))
        elif token.type == "list_item_close":
            depth_item -= 1
        elif token.type == "tr_open":
            row, row_map = [], token.map
        elif token.type == "tr_close":
            first, last = row_map or [0, 0]
            blocks.append(_Block(" | ".join(row), first, last))
        elif token.type == "inline":
            text = inline_text(token)
            if in_table:
                row.append(text)
            elif depth_item and blocks:
                blocks[-1].text = (blocks[-1].text + " " + text).strip()
                blocks[-1].__post_init__()
            elif text:
                first, last = token.map or [0, 0]
                blocks.append(_Block(text, first, last))
        elif token.type in ("fence", "code_block") and token.content.strip():
            first, last = token.map or [0, 0]
            blocks.append(_Block(token.content.strip(), first, last))
    return [block for block in blocks if block.text]


def _split_long(block: _Block) -> list[_Block]:
    """A block longer than MAX_WORDS cut at sentence ends into near-equal parts."""
    sentences = split_sentences(block.text)
    parts = max(2, -(-block.words // MAX_WORDS))
    target = block.words / parts
    pieces: list[list[str]] = [[]]
    count = 0
    for sentence in sentences:
        words = word_count(sentence)
        if pieces[-1] and count + words / 2 > target and len(pieces) < parts:
            pieces.append([])
            count = 0
        pieces[-1].append(sentence)
        count += words
    return [_Block(" ".join(piece), block.first_line, block.last_line) for piece in pieces if piece]


def _chunks(blocks: list[_Block]) -> list[list[_Block]]:
    """Group a section's blocks into passages of MIN_WORDS..MAX_WORDS where possible."""
    expanded: list[_Block] = []
    for block in blocks:
        expanded.extend(_split_long(block) if block.words > MAX_WORDS else [block])
    chunks: list[list[_Block]] = []
    count = 0
    for block in expanded:
        if chunks and count + block.words <= MAX_WORDS:
            chunks[-1].append(block)
            count += block.words
        else:
            chunks.append([block])
            count = block.words
    # A short tail reads better joined to the passage before it.
    if len(chunks) > 1 and sum(b.words for b in chunks[-1]) < MIN_WORDS:
        tail = chunks.pop()
        chunks[-1].extend(tail)
    return chunks


def split_into_passages(document: Document, tokens: list[Any]) -> list[Passage]:
    """Passages of a parsed document, each under its heading path."""
    from assistant.corpus.markdown import headings

    line_starts = [0]
    for index, char in enumerate(document.text):
        if char == "\n":
            line_starts.append(index + 1)

    def offset(line: int) -> int:
        return (
            line_starts[min(line, len(line_starts) - 1)]
            if line < len(line_starts)
            else len(document.text)
        )

    # Sections: (heading path, anchor, token range of the body).
    sections: list[tuple[list[str], str, int, int]] = []
    stack: list[tuple[int, str]] = []
    current_path: list[str] = []
    current_anchor = ""
    body_start = 0
    for heading in headings(tokens):
        sections.append((current_path, current_anchor, body_start, heading.token))
        while stack and stack[-1][0] >= heading.level:
            stack.pop()
        stack.append((heading.level, heading.text))
        current_path = [text for lvl, text in stack if not (lvl == 1 and text == document.title)]
        current_anchor = heading.anchor
        body_start = heading.token + 3  # heading_open, inline, heading_close
    sections.append((current_path, current_anchor, body_start, len(tokens)))

    passages: list[Passage] = []
    for path, anchor, start, end in sections:
        blocks = _blocks(tokens, start, end)
        if not blocks:
            continue
        for number, chunk in enumerate(_chunks(blocks)):
            first = min(block.first_line for block in chunk)
            last = max(block.last_line for block in chunk)
            suffix = f"~{number + 1}" if number else ""
            passages.append(
                Passage(
                    pid=f"{document.doc_id}#{anchor or 'top'}{suffix}",
                    doc_id=document.doc_id,
                    heading_path=path or [document.title],
                    anchor=anchor,
                    text="\n".join(block.text for block in chunk),
                    start=offset(first),
                    end=offset(last),
                    order=len(passages),
                )
            )
    return passages


def line_of_offset(text: str, position: int) -> int:
    """The 1-based line number of a character offset."""
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    return bisect.bisect_right(starts, position)
