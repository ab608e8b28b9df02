"""Importers: documents in other formats turned into knowledge files."""
