"""Tests of the storage wing."""
