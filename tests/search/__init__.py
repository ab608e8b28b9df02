"""Tests of the search wing."""
