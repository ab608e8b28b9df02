"""The one base of the assistant's errors: what went wrong, and where, in words for its user."""

from __future__ import annotations

from pathlib import Path


class AssistantError(Exception):
    """Something the user can act on: a file that cannot be used, a setting, a refused render.

    ``path`` and ``line`` say where when it is known. The message says what is wrong, never
    which flag or key to press: the command line and the app each add their own hint.
    """

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.path is None:
            return self.message if self.line is None else f"line {self.line}: {self.message}"
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


class AlreadyExists(AssistantError):
    """A file would be replaced that the user has not agreed to replace."""
