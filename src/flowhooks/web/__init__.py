"""flowhooks.web."""
