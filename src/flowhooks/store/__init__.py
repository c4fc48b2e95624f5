"""flowhooks.store."""
