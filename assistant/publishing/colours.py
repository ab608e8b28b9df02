"""The partnership's colours, checked before any output uses them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.config import Partnership
from assistant.publishing.rendered import RenderError

_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


@dataclass(frozen=True)
class Colour:
    """A colour as ``#rrggbb``, the one form CSS, Word and PowerPoint all take."""

    hex: str

    @property
    def rgb(self) -> tuple[int, int, int]:
        """Red, green and blue, 0–255."""
        return int(self.hex[1:3], 16), int(self.hex[3:5], 16), int(self.hex[5:7], 16)

    @property
    def bare(self) -> str:
        """``RRGGBB``, as Office XML writes it."""
        return self.hex[1:].upper()


def colour(value: str, setting: str) -> Colour:
    """``value`` as a colour; RenderError naming ``setting`` when it is not one (a colour also
    goes into a style sheet, so anything but a hex colour is refused, not passed through)."""
    match = _HEX.fullmatch(value.strip())
    if match is None:
        raise RenderError(
            f"{setting} = {value!r} in the configuration is not a colour: write it as six hex "
            "digits, like #1d4f91"
        )
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return Colour(f"#{digits.lower()}")


def partnership_colours(partnership: Partnership) -> tuple[Colour, Colour]:
    """The partnership's primary and accent colours, checked."""
    return (
        colour(partnership.primary_colour, "primary_colour"),
        colour(partnership.accent_colour, "accent_colour"),
    )
