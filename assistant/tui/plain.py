"""Text for the screen made safe by construction: sanitised, shown as written, never as markup."""

from __future__ import annotations

from rich.text import Text

from assistant.terminal import printable


def plain(text: str, style: str = "") -> Text:
    """``text`` as a Rich Text: escape sequences removed, "[" and "]" shown as they are."""
    return Text(printable(text), style=style)
