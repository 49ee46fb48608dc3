"""portal app."""
