"""Search: the passage index behind a small interface of our own."""
