"""The one sanitiser between text from files and the terminal: no escape sequences get through."""

from __future__ import annotations

import re

# Escape sequences first (CSI "ESC [ … final", OSC "ESC ] … BEL/ST", DCS/SOS/PM/APC strings,
# then any other two-character ESC sequence), so their parameters go with them; then every
# remaining C0 and C1 control except newline and tab. Bidirectional overrides go too: they can
# make a quoted sentence read differently on screen from what the file says.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|\x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|[\x90\x98\x9e\x9f][^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def printable(text: str) -> str:
    """``text`` with every terminal escape sequence and control character removed (newlines and
    tabs kept), safe to print or to show in the app."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def printable_json(text: str) -> str:
    """JSON text with the characters a terminal could act on written as ``\\uXXXX`` escapes, so
    nothing is lost and nothing is interpreted (``json.dumps`` already escapes C0 controls)."""
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
