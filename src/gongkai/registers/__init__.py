"""registers app."""
