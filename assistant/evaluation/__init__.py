"""Evaluation: answers measured against gold questions."""
