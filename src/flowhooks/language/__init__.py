"""flowhooks.language."""
