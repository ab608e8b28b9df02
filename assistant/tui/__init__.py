"""The terminal app (Textual): the only part of the assistant that imports Textual."""
