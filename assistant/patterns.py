"""Regular expressions compiled when first used, so a module's patterns cost nothing until then."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator


class Pattern:
    """``re.compile(source, flags)``, compiled the first time it matches anything.

    A question reads with dozens of patterns, each compiled by Python's parser written in
    Python (several milliseconds for the long ones); most questions use only some of them,
    and a fresh process pays for every one it compiles before it answers.
    """

    __slots__ = ("pattern", "_flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        """The source, as ``re.Pattern.pattern`` has it."""
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled expression (two threads compiling it at once get equal ones)."""
        found = self._compiled
        if found is None:
            found = self._compiled = re.compile(self.pattern, self._flags)
        return found

    @property
    def is_compiled(self) -> bool:
        """Whether anything has used the pattern yet."""
        return self._compiled is not None

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.fullmatch(text, pos, endpos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)

    def findall(self, text: str) -> list[str]:
        return self.compiled.findall(text)

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> str:
        return self.compiled.sub(repl, text, count)

    def split(self, text: str, maxsplit: int = 0) -> list[str]:
        return self.compiled.split(text, maxsplit)
