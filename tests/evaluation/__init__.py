"""Tests of the evaluation wing."""
