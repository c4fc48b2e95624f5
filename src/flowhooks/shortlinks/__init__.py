"""flowhooks.shortlinks."""
