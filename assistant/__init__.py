"""Briefing Assistant: cited answers, briefings and training packs for safeguarding partnerships."""

__version__ = "0.1.0"
