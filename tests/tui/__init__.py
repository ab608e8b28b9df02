"""Tests of the terminal app, driven by Pilot."""
