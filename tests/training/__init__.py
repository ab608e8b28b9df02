"""Tests of the training wing."""
