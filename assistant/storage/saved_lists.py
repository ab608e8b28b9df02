"""Lists the assistant keeps for the user (the conversation, the pins): JSON, read with care."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.storage.atomic import write_text_atomic


def read_saved_list(path: Path) -> tuple[list[dict[str, Any]], str]:
    """The list saved in ``path`` and "" — or an empty list and what went wrong.

    A damaged file is moved aside, never overwritten, so nothing the user kept is lost to the
    next save.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise ValueError("it does not hold a list of entries")
        return data, ""
    except FileNotFoundError:
        return [], ""
    except (OSError, ValueError) as error:
        return [], set_aside(path, str(error))


def set_aside(path: Path, reason: str) -> str:
    """Move a damaged file to ``NAME.damaged.json`` and say so."""
    kept = path.with_suffix(".damaged.json")
    try:
        path.replace(kept)
    except OSError:
        kept = path
    return f"{path} could not be read ({reason}); it was kept as {kept}"


def write_saved_list(path: Path, items: list[dict[str, Any]]) -> None:
    """Save a list atomically."""
    write_text_atomic(path, json.dumps(items, indent=1, ensure_ascii=False))
