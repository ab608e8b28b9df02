"""Training: evidence gathered for a theme and session packs rendered from it."""
