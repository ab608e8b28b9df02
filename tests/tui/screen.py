"""What the app would send to the terminal, for tests that look for escapes and markup."""

from __future__ import annotations

import re
from typing import Any

# Textual itself writes only CSI sequences: colours and styles (SGR, ending "m") and cursor
# moves (ending "H"). Anything else in the output came from somewhere it should not have.
_TEXTUAL_OWN = re.compile(r"\x1b\[[0-9;]*[mH]")
_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def terminal_output(app: Any) -> str:
    """Everything a full redraw of the current screen writes to the terminal."""
    screen = app.screen
    update = screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return str(update.render_segments(app.console))


def screen_text(app: Any) -> str:
    """The characters on screen, line by line, without styles."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def foreign_controls(output: str) -> list[str]:
    """Control characters and escape sequences in ``output`` that Textual did not write."""
    rest = _TEXTUAL_OWN.sub("", output)
    return sorted({repr(match.group()) for match in _CONTROLS.finditer(rest)})


def assert_clean(app: Any) -> str:
    """Fail when the screen would send anything but Textual's own sequences; the screen's text."""
    output = terminal_output(app)
    foreign = foreign_controls(output)
    assert not foreign, f"{type(app.screen).__name__} sends {foreign}"
    return screen_text(app)
