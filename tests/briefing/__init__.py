"""Tests of the briefing wing."""
