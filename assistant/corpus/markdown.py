"""The one markdown-it-py configuration shared by the indexer and the Markdown viewer."""

from __future__ import annotations

import re
import string
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
