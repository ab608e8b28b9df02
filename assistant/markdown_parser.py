"""The one markdown-it-py configuration shared by the indexer and the Markdown viewer."""

from __future__ import annotations

import re
import unicodedata

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin


def make_parser() -> MarkdownIt:
    """CommonMark with tables, strikethrough and YAML front matter; raw HTML is not rendered."""
    return (
        MarkdownIt("commonmark", {"html": False})
        .enable(["table", "strikethrough"])
        .use(front_matter_plugin)
    )


def slugify(text: str) -> str:
    """A GitHub-style anchor for a heading: lower case, words joined by hyphens."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text.lower())
    return re.sub(r"[\s_]+", "-", text.strip()) or "section"
