"""flowhooks.outbound."""
