"""7 minute briefings: audit findings checked, rendered and published."""
