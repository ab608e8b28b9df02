"""The one sanitiser between text from files and the terminal: no escape sequences get through."""

from __future__ import annotations

import re

from assistant.patterns import Pattern

# Escape sequences first (CSI "ESC [ … final", OSC "ESC ] … BEL/ST", DCS/SOS/PM/APC strings,
# then any other ESC sequence with its intermediate bytes, such as "ESC ( B" or "ESC # 8"), so
# their parameters go with them, even when the text ends before the sequence does; the same for
# the 8-bit introducers (CSI U+009B, OSC U+009D, …). A string's parameters end at the first
# control character, so an unfinished one cannot swallow the lines after it (with its
# introducer gone, the terminal never sees a sequence start). Then every remaining C0 and C1
# control except newline and tab, and DEL. Bidirectional overrides and isolates go too: they
# can make a quoted sentence read differently on screen from what the file says.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x00-\x1f\x7f-\x9f]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[PX^_][^\x00-\x1f\x7f-\x9f]*(?:\x1b\\|\x9c)?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|\x9d[^\x00-\x1f\x7f-\x9f]*(?:\x07|\x1b\\|\x9c)?"
    r"|[\x90\x98\x9e\x9f][^\x00-\x1f\x7f-\x9f]*(?:\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
"""Half a character: what Python makes of a file name's bytes that are not UTF-8. No terminal
can be sent one (printing it raises UnicodeEncodeError), so it is shown as U+FFFD."""
_JSON_UNSAFE = Pattern(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with every terminal escape sequence and control character removed (newlines and
    tabs kept), safe to print or to show in the app."""
    return _SURROGATES.sub("\ufffd", _CONTROLS.sub("", _ESCAPES.sub("", text)))


def printable_json(text: str) -> str:
    """JSON text with the characters a terminal could act on written as ``\\uXXXX`` escapes, so
    nothing is lost and nothing is interpreted (``json.dumps`` already escapes C0 controls)."""
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
