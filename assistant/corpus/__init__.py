"""The corpus: knowledge files, their passages, the glossary, and importing documents."""
