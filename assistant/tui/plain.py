"""Text for the screen made safe by construction: sanitised, shown as written, never as markup."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from assistant.terminal import printable

if TYPE_CHECKING:
    from rich.markdown import Markdown


def plain(text: str, style: str = "") -> Text:
    """``text`` as a Rich Text: escape sequences removed, "[" and "]" shown as they are."""
    return Text(printable(text), style=style)


def markdown(text: str) -> Markdown:
    """Markdown drawn by Rich: escape sequences removed first, and links shown with their
    address beside them rather than as terminal hyperlinks (which could hide where they go)."""
    from rich.markdown import Markdown  # with markdown-it: imported at the first answer drawn

    return Markdown(printable(text), hyperlinks=False)


def shown_path(path: Path) -> str:
    """A path as the screen names it: the home folder as "~"."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except (ValueError, RuntimeError):  # not under the home folder, or no home folder
        return str(path)
