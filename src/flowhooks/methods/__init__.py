"""flowhooks.methods."""
