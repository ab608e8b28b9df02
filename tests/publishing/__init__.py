"""Tests of the publishing wing."""
