"""Moving from the original platform: reading import files, replaying recorded calls."""
