"""flowhooks.jobs."""
