"""Pinned passages: the collection a user keeps from answers (training packs draw on it)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from assistant.atomic import write_text_atomic


@dataclass
class Pin:
    """A passage kept for later, with everything needed to cite it."""

    pid: str
    doc_id: str
    title: str
    kind: str
    organisation: str
    published: str
    section: str
    path: str
    anchor: str
    text: str
    question: str = ""
    """The question it answered when it was pinned."""
    pinned: str = ""
    """When, as an ISO date and time."""

    @classmethod
    def from_citation(cls, citation: dict[str, Any], question: str = "") -> Pin:
        """A pin from a citation as ``Answer.as_json`` gives it."""
        values = {f.name: str(citation.get(f.name) or "") for f in fields(cls)}
        values["pid"] = values["pid"] or f"{values['doc_id']}#{values['anchor']}"
        values["question"] = question
        values["pinned"] = dt.datetime.now().isoformat(timespec="seconds")
        return cls(**values)


class PinBoard:
    """Pins saved in one JSON file, written atomically after every change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pins: list[Pin] = []
        self.problem = ""
        """What went wrong reading the file, if anything (the file is kept aside)."""
        self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            names = {f.name for f in fields(Pin)}
            self.pins = [Pin(**{k: v for k, v in item.items() if k in names}) for item in data]
        except FileNotFoundError:
            self.pins = []
        except (OSError, ValueError, TypeError) as error:
            # Keep the damaged file for the user rather than overwrite it later.
            kept = self.path.with_suffix(".damaged.json")
            try:
                self.path.replace(kept)
            except OSError:
                kept = self.path
            self.problem = f"{self.path} could not be read ({error}); it was kept as {kept}"
            self.pins = []

    def save(self) -> None:
        """Write every pin to the file."""
        text = json.dumps([asdict(pin) for pin in self.pins], indent=1, ensure_ascii=False)
        write_text_atomic(self.path, text)

    def add(self, pin: Pin) -> bool:
        """Keep a pin; False when that passage is pinned already."""
        if any(existing.pid == pin.pid for existing in self.pins):
            return False
        self.pins.append(pin)
        self.save()
        return True

    def remove(self, pid: str) -> bool:
        """Drop a pin; False when there was none."""
        before = len(self.pins)
        self.pins = [pin for pin in self.pins if pin.pid != pid]
        if len(self.pins) == before:
            return False
        self.save()
        return True
