"""Publishing: templates, the privacy check and rendered outputs shared by briefings and packs."""
