"""The one markdown-it-py configuration shared by the indexer and the Markdown viewer."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

_REMOVABLE = string.punctuation.replace("-", "").replace("_", "")
_NONLINGUAL = (
    "\U000024c2-\U0001f251\U00002702-\U000027b0\U0001f1e0-\U0001f1ff\U0001f300-\U0001f5ff"
    "\U0001f600-\U0001f64f\U0001f680-\U0001f6ff\U0001f900-\U0001f9ff\u200d\u2640-\u2642"
)
_STRIP = re.compile(f"[{re.escape(_REMOVABLE)}{_NONLINGUAL}]+")


def make_parser() -> MarkdownIt:
    """CommonMark with tables, strikethrough and YAML front matter; raw HTML is not rendered."""
    return (
        MarkdownIt("commonmark", {"html": False})
        .enable(["table", "strikethrough"])
        .use(front_matter_plugin)
    )


def slugify(text: str) -> str:
    """A heading's anchor, made the way Textual's Markdown viewer makes it (GitHub-like).

    Lower case; ASCII punctuation other than "-" and "_" and emoji removed; each space a "-";
    the rest URL-quoted. Computed here because the core must not import Textual; a test
    checks that both agree.
    """
    result = _STRIP.sub("", text.strip().lower())
    return quote(re.sub(r"\s", "-", result)) or "section"


@dataclass
class Heading:
    """A heading of a parsed document, with its anchor (unique within the document)."""

    token: int
    """Where its ``heading_open`` token is in the token list."""
    level: int
    text: str
    anchor: str
    line: int
    """The 0-based line of the text it is on."""


def inline_text(token: Any) -> str:
    """Plain text of an inline token, markup removed."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()


def headings(tokens: list[Any]) -> list[Heading]:
    """Every heading of a parsed document, in order; a repeated anchor gets "-1", "-2"…, as
    Textual's viewer numbers them."""
    found: list[Heading] = []
    seen: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        text = inline_text(tokens[index + 1])
        slug = slugify(text)
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchor = slug if count == 0 else f"{slug}-{count}"
        line = token.map[0] if token.map else 0
        found.append(Heading(index, int(token.tag[1]), text, anchor, line))
    return found
