"""Tests for the Briefing Assistant."""
