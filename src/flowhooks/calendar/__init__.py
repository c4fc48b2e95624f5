"""flowhooks.calendar."""
