"""flowhooks.agents."""
