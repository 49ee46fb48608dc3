"""agencies app."""
