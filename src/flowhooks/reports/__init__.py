"""flowhooks.reports."""
