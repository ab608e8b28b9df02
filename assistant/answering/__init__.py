"""Answering: reading questions, ranking passages, quoted answers, conversations and pins."""
