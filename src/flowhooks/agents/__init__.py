"""Direct Dial agents: the pause state machine, break reports and their settings."""
