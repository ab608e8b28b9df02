"""Tests of the answering wing."""
